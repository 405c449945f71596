/*
 * orgfx.h - a test organisation for the unit tests of findings, campaigns
 * and the audit chain: a database in its own temporary folder, and
 * snapshots written through the real sink from a compact text form.
 *
 * A snapshot is lines of '|'-separated fields (an empty field is NULL,
 * an empty enabled or mfa is unknown):
 *	I|employee_id|display_name|login|manager_id|status|end_date
 *	P|ext_id|name|kind|enabled|last_used|password_last_set|mfa|
 *	  employee_id|created_at|attrs
 *	M|member_ext_id|group_ext_id
 *	E|ext_id|name|tier|techniques|owner|group_ext_id
 *	A|principal_ext_id|entitlement_ext_id|state|expires_at|last_used_at
 */
#ifndef PARC_ORGFX_H
#define PARC_ORGFX_H

#include <limits.h>

#include "db/db.h"
#include "lib/err.h"
#include "lib/sb.h"

struct orgfx {
	char dir[64];
	char path[PATH_MAX];
	struct db *db;
};

/* Create the folder and the database. Returns 0, or -1 after printing. */
int orgfx_open(struct orgfx *f);

/* Close the database and remove the folder. */
void orgfx_close(struct orgfx *f);

/* Remove dir and everything under it (a test's temporary folder). */
void orgfx_remove_tree(const char *dir);

/*
 * Replace source name's snapshot (kind kind) with spec through the sink.
 * Returns what sink_commit returns (e filled).
 */
int orgfx_sync(struct db *db, const char *name, const char *kind,
    const char *spec, struct err *e);

/*
 * Run a one-row, one-column query with a text parameter (may be NULL) and
 * return its text, malloc'd ("" when no row, "NULL" for NULL).
 */
char *orgfx_text(struct db *db, const char *sql, const char *param);

/* An ISO 8601 time days before (negative: after) 2026-11-26T12:00:00Z. */
const char *orgfx_ago(int days);

/* A demo test's fixture: the temporary folder the demo writes into. */
struct orgfx_demo {
	char dir[64];
};

/*
 * cmocka group setup and teardown for struct orgfx_demo: *state gets one
 * whose dir (/tmp/parc-test-demo-XXXXXX) exists, PARC_SHARE defaulting to
 * the source tree's share; teardown removes the folder and frees it.
 */
int orgfx_demo_setup(void **state);
int orgfx_demo_teardown(void **state);

/* Read path whole into out (reset first): 0, or -1 when it cannot. */
int orgfx_slurp(const char *path, struct sb *out);

#define ORGFX_NOW "2026-11-26T12:00:00Z"

#endif
