/*
 * test_audit.c - the hash chain: appends link to each other, and parc
 * verify names the first row edited, deleted, inserted or reordered behind
 * parc's back (with plain SQL, as the sqlite3 shell would, triggers
 * dropped), and decisions that were edited, deleted or forged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/audit.h"
#include "db/campaign.h"
#include "db/decision.h"
#include "db/role.h"
#include "lib/sb.h"
#include "tests/unit/orgfx.h"

#define OK(x)                                                   \
	do {                                                    \
		struct err e_ = ERR_INIT;                       \
		int rc_ = (x);                                  \
		if (rc_ != 0)                                   \
			fail_msg("%s: %d %s", #x, rc_, e_.msg); \
	} while (0)

/* What tampering behind parc's back starts with. */
#define UNGUARD                               \
	"DROP TRIGGER audit_event_no_update;" \
	"DROP TRIGGER audit_event_no_delete;"

static int
setup(void **state)
{
	struct orgfx *f = calloc(1, sizeof(*f));
	struct err e = ERR_INIT;
	char obj[32];
	int i;

	if (f == NULL || orgfx_open(f) != 0)
		return -1;
	for (i = 1; i <= 6; i++) {
		snprintf(obj, sizeof(obj), "thing:%d", i);
		if (audit_append(f->db, "root", "test", obj, "{\"n\": 1}", NULL,
			&e) != 0) {
			fprintf(stderr, "setup: %s\n", e.msg);
			return -1;
		}
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct orgfx *f = *state;

	orgfx_close(f);
	free(f);
	return 0;
}

/* Verify fails with PARC_EFOUND, naming bad (0: no event id) and msg. */
static void
expect_bad(struct orgfx *f, int64_t bad, const char *msg)
{
	struct audit_report r;
	struct err e = ERR_INIT;

	assert_int_equal(audit_verify(f->db, &r, &e), PARC_EFOUND);
	assert_int_equal(r.bad_id, bad);
	if (strstr(r.what, msg) == NULL)
		fail_msg("verify said '%s', want '%s'", r.what, msg);
	assert_string_equal(e.msg, r.what);
}

static void
test_intact(void **state)
{
	struct orgfx *f = *state;
	struct audit_report r;
	char *v;

	OK(audit_verify(f->db, &r, &e_));
	assert_int_equal(r.events, 6);
	assert_int_equal(r.bad_id, 0);
	assert_string_equal(r.what, "");
	/* the head to record outside the database */
	assert_int_equal(r.head_id, 6);
	v = orgfx_text(f->db, "SELECT hash FROM audit_event WHERE id = 6",
	    NULL);
	assert_string_equal(r.head_hash, v);
	assert_int_equal(strlen(v), 64);
	free(v);
	/* links: each prev_hash is the hash before it */
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM audit_event a JOIN"
			     " audit_event b ON b.id = a.id + 1 WHERE"
			     " b.prev_hash = a.hash"),
	    5);
	v = orgfx_text(f->db, "SELECT prev_hash FROM audit_event WHERE id = 1",
	    NULL);
	assert_string_equal(v,
	    "000000000000000000000000000000000000000000000"
	    "0000000000000000000");
	free(v);
	/* parc's own triggers refuse edits */
	assert_int_not_equal(db_exec(f->db,
				 "UPDATE audit_event SET actor = 'x'", NULL),
	    0);
	assert_int_not_equal(db_exec(f->db, "DELETE FROM audit_event", NULL),
	    0);
}

static void
test_edited(void **state)
{
	struct orgfx *f = *state;

	OK(db_exec(f->db,
	    UNGUARD "UPDATE audit_event SET actor = 'mallory'"
		    " WHERE id = 4",
	    &e_));
	expect_bad(f, 4,
	    "audit event 4 was edited or inserted behind parc's "
	    "back");
}

static void
test_edited_and_rehashed(void **state)
{
	struct orgfx *f = *state;

	/* a forger who recomputes one hash still breaks the next link */
	OK(db_exec(f->db,
	    UNGUARD "UPDATE audit_event SET hash ="
		    " 'ffff' || substr(hash, 5) WHERE id = 3",
	    &e_));
	expect_bad(f, 3, "audit event 3 was edited");
}

static void
test_deleted(void **state)
{
	struct orgfx *f = *state;

	OK(db_exec(f->db, UNGUARD "DELETE FROM audit_event WHERE id = 3", &e_));
	expect_bad(f, 4,
	    "audit event 4 follows event 2: the events between "
	    "were deleted");
}

static void
test_deleted_first(void **state)
{
	struct orgfx *f = *state;

	OK(db_exec(f->db, UNGUARD "DELETE FROM audit_event WHERE id = 1", &e_));
	expect_bad(f, 2, "audit event 2 follows event 0");
}

static void
test_inserted(void **state)
{
	struct orgfx *f = *state;

	/* squeezed in between 3 and 4 with a plausible prev_hash */
	OK(db_exec(f->db,
	    UNGUARD
	    "UPDATE audit_event SET id = id + 100 WHERE id >= 4;"
	    "INSERT INTO audit_event (id, at, actor, action, object, detail,"
	    " prev_hash, hash) SELECT 4, at, 'mallory', 'role.grant',"
	    " 'login:mallory', NULL, hash, 'abc' FROM audit_event WHERE id = 3;"
	    "UPDATE audit_event SET id = id - 99 WHERE id >= 104;",
	    &e_));
	expect_bad(f, 4,
	    "audit event 4 was edited or inserted behind parc's "
	    "back");
}

static void
test_reordered(void **state)
{
	struct orgfx *f = *state;

	OK(db_exec(f->db,
	    UNGUARD "UPDATE audit_event SET id = 100 WHERE id = 2;"
		    "UPDATE audit_event SET id = 2 WHERE id = 5;"
		    "UPDATE audit_event SET id = 5 WHERE id = 100;",
	    &e_));
	expect_bad(f, 2, "audit event 2");
}

/* ---- decisions ---- */

/* One campaign, two decisions, over a small organisation. */
static void
decided(struct orgfx *f, int64_t *item)
{
	struct actor root = { 0 }, mona = { 0 };
	struct campaign_spec s = { "q", "2999-12-31", NULL, NULL, "root",
		NULL };
	struct decide_req r = { "revoke", "left", NULL, NULL };

	OK(orgfx_sync(f->db, "hr", "people",
	    "I|M1|Mona|mona||active|\nI|E1|Alice|alice|M1|active|\n", &e_));
	OK(orgfx_sync(f->db, "corp", "aws",
	    "E|T0|Admin|0|||\nP|a|alice|human|1|||1|E1||\nA|a|T0\n", &e_));
	OK(role_bootstrap(f->db, "root", 0, NULL, &e_));
	OK(actor_resolve(f->db, "root", NULL, &root, &e_));
	OK(actor_resolve(f->db, "mona", NULL, &mona, &e_));
	OK(campaign_create(f->db, &root, &s, NULL, NULL, &e_));
	*item = db_count(f->db, "SELECT id FROM review_item");
	OK(item_decide(f->db, &mona, *item, &r, &e_));
	r.decision = "approve";
	r.comment = NULL;
	OK(item_decide(f->db, &mona, *item, &r, &e_));
	actor_release(&root);
	actor_release(&mona);
	{
		struct audit_report rep;

		OK(audit_verify(f->db, &rep, &e_));
		assert_int_equal(rep.decisions, 2);
	}
}

static void
test_decision_edited(void **state)
{
	struct orgfx *f = *state;
	int64_t item;

	decided(f, &item);
	OK(db_exec(f->db, "UPDATE decision SET comment = 'fine' WHERE id = 1",
	    &e_));
	expect_bad(f, 0, "decision 1 (item 1) was edited behind parc's back");
}

static void
test_decision_deleted(void **state)
{
	struct orgfx *f = *state;
	int64_t item;

	decided(f, &item);
	OK(db_exec(f->db, "DELETE FROM decision WHERE id = 1", &e_));
	expect_bad(f, 0, "decision 1 was deleted behind parc's back");
}

static void
test_decision_forged(void **state)
{
	struct orgfx *f = *state;
	int64_t item;

	decided(f, &item);
	OK(db_exec(f->db,
	    "INSERT INTO decision (item_id, decision, decided_by, decided_at)"
	    " VALUES (1, 'approve', 'mona', '2026-01-01T00:00:00Z')",
	    &e_));
	expect_bad(f, 0, "decision 3 (item 1) has no audit event");
}

static void
test_item_edited(void **state)
{
	struct orgfx *f = *state;
	int64_t item;

	decided(f, &item);
	OK(db_exec(f->db, "UPDATE review_item SET decision = 'revoke'", &e_));
	expect_bad(f, 0,
	    "review item 1 was edited behind parc's back: it "
	    "says revoke but its last recorded decision is "
	    "approve");
}

/* The last event of a decision deleted: its decision has no event. */
static void
test_last_event_deleted(void **state)
{
	struct orgfx *f = *state;
	int64_t item;

	decided(f, &item);
	OK(db_exec(f->db,
	    UNGUARD "DELETE FROM audit_event WHERE id = (SELECT"
		    " max(id) FROM audit_event)",
	    &e_));
	expect_bad(f, 0, "decision 2 (item 1) has no audit event");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_intact),
		T(test_edited),
		T(test_edited_and_rehashed),
		T(test_deleted),
		T(test_deleted_first),
		T(test_inserted),
		T(test_reordered),
		T(test_decision_edited),
		T(test_decision_deleted),
		T(test_decision_forged),
		T(test_item_edited),
		T(test_last_event_deleted),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
