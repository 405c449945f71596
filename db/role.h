/*
 * role.h - who may do what: the acting person and the roles of the
 * database.
 *
 * The actor is the OS login of the real uid (getpwuid(getuid()): a
 * setgid parc acts for whoever ran it), mapped to a person by
 * the identity table's login column (case-insensitive). Roles live in the
 * database: admin (the IAM team: create and close campaigns, force, act
 * for a reviewer with --as, grant roles), reviewer (decides only the items
 * assigned to them; being assigned an item is enough) and auditor (reads
 * everything, decides nothing). The login that ran `parc init` on an empty
 * database is the first admin; `parc demo` makes its caller admin.
 */
#ifndef PARC_ROLE_H
#define PARC_ROLE_H

#include <stdint.h>

#include "db/db.h"
#include "lib/err.h"

enum role_bits {
	ROLE_ADMIN = 1 << 0,
	ROLE_REVIEWER = 1 << 1,
	ROLE_AUDITOR = 1 << 2,
};

/* Who is acting, resolved once per command. */
struct actor {
	char *login;	   /* the OS login: who typed the command */
	char *as;	   /* --as LOGIN (admins only), or NULL */
	int roles;	   /* role_bits of login */
	char *employee_id; /* the person of the effective login, or NULL */
};

/*
 * The effective login: as when set, else login. What decisions record as
 * the reviewer; the audit chain records both ("root as alice").
 */
const char *actor_effective(const struct actor *a);

/* The OS login of this process, malloc'd. Fails with PARC_EIO. */
int role_os_login(char **out, struct err *e);

/*
 * Fill a for login (NULL: the OS login) acting as as (NULL: itself): its
 * roles and the person of the effective login. --as by a non-admin is
 * refused with PARC_EDENIED ("--as is for admins; LOGIN is not an admin").
 * Release with actor_release().
 */
int actor_resolve(struct db *db, const char *login, const char *as,
    struct actor *a, struct err *e);

/* Free what a holds. */
void actor_release(struct actor *a);

/*
 * The read policy, one for the command line and the console (issue 17):
 * admins and auditors read everything (inventory, findings, sources,
 * reports, evidence, every review item); any other login, reviewer or
 * none, reads only the review items assigned to it.
 */
int role_reads_all(const struct actor *a);

/*
 * Refuse a read of what ("the inventory") by a login that does not read
 * everything: PARC_EDENIED naming the login and who may.
 */
int role_check_read(const struct actor *a, const char *what, struct err *e);

/*
 * The word a status line shows for roles: "admin", "auditor", "reviewer",
 * or "no role": never "reviewer" for a login that does not hold it.
 * Static storage.
 */
const char *role_label(int roles);

/* The role_bits of login. */
int role_of(struct db *db, const char *login, struct err *e);

/* "admin" -> ROLE_ADMIN ...; 0 for an unknown name. */
int role_parse(const char *name);

/*
 * Grant role (admin, reviewer, auditor) to login, as a (an admin), and
 * append the change to the audit chain, in one transaction. Granting a
 * role held already changes nothing and returns 0. A non-admin is refused
 * (PARC_EDENIED, nothing changes).
 */
int role_grant(struct db *db, const struct actor *a, const char *login,
    const char *role, struct err *e);

/*
 * Revoke role from login, as admin a, audited. Revoking the last admin is
 * refused (nobody could ever grant again); revoking a role not held fails
 * with PARC_ENOTFOUND.
 */
int role_revoke(struct db *db, const struct actor *a, const char *login,
    const char *role, struct err *e);

/*
 * Make login an admin when the database has no admin yet (parc init), or
 * unconditionally when force is set (parc demo, on its own database).
 * Audited as actor "parc". *granted (may be NULL) tells whether it did.
 */
int role_bootstrap(struct db *db, const char *login, int force, int *granted,
    struct err *e);

struct role_row {
	const char *login;
	const char *role;
	const char *granted_by;
	const char *granted_at;
};

/* Call fn for every role held, by login and role. */
int role_list(struct db *db, int (*fn)(const struct role_row *r, void *arg),
    void *arg, struct err *e);

#endif
