/*
 * test_audit.c - the hash chain: appends link to each other, and parc
 * verify names the first row edited, deleted, inserted or reordered behind
 * parc's back (with plain SQL, as the sqlite3 shell would, triggers
 * dropped), decisions that were edited, deleted or forged, and every
 * other row the evidence prints: each column of a review item and of a
 * campaign, items deleted from or added to a frozen campaign, overdue
 * marks, roles granted, revoked or edited.
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

/* ---- everything the evidence prints ---- */

/*
 * A campaign of three items reviewed by mona: item 1 revoked then
 * approved, item 2 pending, item 3 delegated to root; marked overdue by
 * a tick; roles for root (admin) and mona (reviewer). Verify holds.
 */
static void
evidence(struct orgfx *f)
{
	struct actor root = { 0 }, mona = { 0 };
	struct campaign_spec s = { "q", "2999-12-31", NULL, NULL, "root",
		NULL };
	struct decide_req r = { "revoke", "left", NULL, NULL };
	struct decide_req d = { "delegate", NULL, NULL, "root" };
	struct audit_report rep;

	OK(orgfx_sync(f->db, "hr", "people",
	    "I|M1|Mona|mona||active|\nI|E1|Alice|alice|M1|active|\n"
	    "I|E2|Bob|bob|M1|active|\nI|E3|Carol|carol|M1|active|\n",
	    &e_));
	OK(orgfx_sync(f->db, "corp", "aws",
	    "E|T0|Admin|0|||\nP|a|alice|human|1|||1|E1||\n"
	    "P|b|bob|human|1|||0|E2||\nP|c|carol|human|1|||1|E3||\n"
	    "A|a|T0\nA|b|T0\nA|c|T0\n",
	    &e_));
	OK(role_bootstrap(f->db, "root", 0, NULL, &e_));
	OK(actor_resolve(f->db, "root", NULL, &root, &e_));
	OK(role_grant(f->db, &root, "mona", "reviewer", &e_));
	OK(actor_resolve(f->db, "mona", NULL, &mona, &e_));
	OK(campaign_create(f->db, &root, &s, NULL, NULL, &e_));
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM review_item"),
	    3);
	OK(item_decide(f->db, &mona, 1, &r, &e_));
	r.decision = "approve";
	r.comment = NULL;
	OK(item_decide(f->db, &mona, 1, &r, &e_));
	OK(item_decide(f->db, &mona, 3, &d, &e_));
	OK(campaign_tick(f->db, &root, "3000-01-02T00:00:00Z", NULL, &e_));
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item WHERE"
			     " overdue_at IS NOT NULL"),
	    2);
	actor_release(&root);
	actor_release(&mona);
	OK(audit_verify(f->db, &rep, &e_));
	assert_int_equal(rep.campaigns, 1);
	assert_int_equal(rep.items, 3);
	assert_int_equal(rep.roles, 2);
	assert_null(rep.bad_table);
	OK(db_exec(f->db,
	    "CREATE TEMP TABLE orig AS SELECT * FROM review_item;"
	    "CREATE TEMP TABLE origc AS SELECT * FROM campaign",
	    &e_));
}

/* Verify fails naming table and row, and what contains msg. */
static void
expect_row(struct orgfx *f, const char *table, const char *row, const char *msg)
{
	struct audit_report r;
	struct err e = ERR_INIT;

	assert_int_equal(audit_verify(f->db, &r, &e), PARC_EFOUND);
	if (strstr(r.what, msg) == NULL)
		fail_msg("verify said '%s', want '%s'", r.what, msg);
	assert_non_null(r.bad_table);
	assert_string_equal(r.bad_table, table);
	assert_string_equal(r.bad_row, row);
	assert_int_equal(r.bad_id, 0);
}

static void
exec_sql(struct orgfx *f, const char *sql)
{
	OK(db_exec(f->db, sql, &e_));
}

/* A forgery of one column: the value it is set to, what verify says. */
struct forgery {
	const char *column, *value, *row, *msg;
};

#define FROZEN "was edited behind parc's back: their evidence does not match"
#define DECIDED "its comment, end date or who decided it when"

/* Every evidence column of a review item, edited, is caught. */
static void
test_item_columns(void **state)
{
	static const struct forgery fs[] = {
		{ "source", "'other'", "1-3", FROZEN },
		{ "source_kind", "'ad'", "1-3", FROZEN },
		{ "host", "'h1'", "1-3", FROZEN },
		{ "account_ext_id", "'z'", "1-3", FROZEN },
		{ "account", "'mallory'", "1-3", FROZEN },
		{ "person", "'Mallory'", "1-3", FROZEN },
		{ "employee_id", "'E9'", "1-3", FROZEN },
		{ "entitlement_ext_id", "'T9'", "1-3", FROZEN },
		{ "entitlement", "'ReadOnly'", "1-3", FROZEN },
		{ "tier", "3", "1-3", FROZEN },
		{ "reason", "'harmless'", "1-3", FROZEN },
		{ "path", "'[]'", "1-3", FROZEN },
		{ "last_used", "'2026-11-01T00:00:00Z'", "1-3", FROZEN },
		{ "findings", "'[{\"kind\": \"dormant\"}]'", "1-3", FROZEN },
		{ "nfindings", "5", "1-3", FROZEN },
		{ "reviewer", "'bob'", "1-3", FROZEN },
		{ "reassigned_from", "'nobody'", "1-3", FROZEN },
		{ "decision", "'revoke'", "1", "says revoke but its last" },
		{ "comment", "'all fine'", "1", DECIDED },
		{ "until", "'2999-01-01'", "1", DECIDED },
		{ "decided_by", "'root'", "1", DECIDED },
		{ "decided_at", "'2026-01-01T00:00:00Z'", "1", DECIDED },
		{ "overdue_at", "NULL", "overdue_at=3000-01-02T00:00:00Z",
		    "review items marked overdue at 3000-01-02T00:00:00Z "
		    "were edited behind parc's back: 1 carry the mark, tick "
		    "event" },
	};
	struct orgfx *f = *state;
	struct sb sql = SB_INIT;
	size_t i;

	evidence(f);
	for (i = 0; i < sizeof(fs) / sizeof(fs[0]); i++) {
		int64_t id = strcmp(fs[i].column, "overdue_at") == 0 ? 2 : 1;

		sb_reset(&sql);
		/* item 2 holds the findings (bob has no MFA) */
		if (strcmp(fs[i].column, "findings") == 0 ||
		    strcmp(fs[i].column, "nfindings") == 0)
			id = 2;
		sb_addf(&sql, "UPDATE review_item SET %s = %s WHERE id = %lld",
		    fs[i].column, fs[i].value, (long long)id);
		exec_sql(f, sql.buf);
		/* the forgery changed what the evidence prints */
		sb_reset(&sql);
		sb_addf(&sql,
		    "SELECT count(*) FROM review_item i JOIN temp.orig o"
		    " USING (id) WHERE i.%s IS NOT o.%s",
		    fs[i].column, fs[i].column);
		assert_int_equal(db_count(f->db, sql.buf), 1);
		expect_row(f, "review_item", fs[i].row, fs[i].msg);
		/* put it back: verify holds again */
		sb_reset(&sql);
		sb_addf(&sql,
		    "UPDATE review_item SET %s = (SELECT o.%s FROM temp.orig"
		    " o WHERE o.id = review_item.id)",
		    fs[i].column, fs[i].column);
		exec_sql(f, sql.buf);
		OK(audit_verify(f->db, &(struct audit_report){ 0 }, &e_));
	}
	sb_release(&sql);
}
/* Every column of a campaign's record, edited, is caught. */
static void
test_campaign_columns(void **state)
{
	static const struct forgery fs[] = {
		{ "name", "'q2'", "1",
		    "was edited behind parc's back: its record" },
		{ "scope", "'tier=3'", "1", "its record" },
		{ "reviewer_rule", "'owner'", "1", "its record" },
		{ "fallback", "'mona'", "1", "its record" },
		{ "due", "'3999-01-01'", "1", "its record" },
		{ "created_by", "'mona'", "1", "its record" },
		{ "created_at", "'2020-01-01T00:00:00Z'", "1", "its record" },
		{ "opened_at", "'2020-01-01T00:00:00Z'", "1", "its record" },
		{ "every", "'quarter'", "1", "its record" },
		{ "series", "'other'", "1", "its record" },
		{ "seq", "2", "1", "its record" },
		{ "state", "'closed'", "1",
		    "it says closed but its audit events never close it" },
		{ "closed_by", "'root'", "1",
		    "it is open but says how it was" },
		{ "closed_at", "'2026-01-01T00:00:00Z'", "1",
		    "it is open but says how it was closed" },
		{ "close_default", "'revoke'", "1", "says how it was closed" },
	};
	struct orgfx *f = *state;
	struct sb sql = SB_INIT;
	size_t i;

	evidence(f);
	for (i = 0; i < sizeof(fs) / sizeof(fs[0]); i++) {
		sb_reset(&sql);
		sb_addf(&sql, "UPDATE campaign SET %s = %s WHERE id = 1",
		    fs[i].column, fs[i].value);
		exec_sql(f, sql.buf);
		expect_row(f, "campaign", fs[i].row, fs[i].msg);
		sb_reset(&sql);
		sb_addf(&sql,
		    "UPDATE campaign SET %s = (SELECT o.%s FROM temp.origc o"
		    " WHERE o.id = campaign.id)",
		    fs[i].column, fs[i].column);
		exec_sql(f, sql.buf);
		OK(audit_verify(f->db, &(struct audit_report){ 0 }, &e_));
	}
	sb_release(&sql);
}

/* A closed campaign: how it was closed is covered too. */
static void
test_campaign_closed(void **state)
{
	struct orgfx *f = *state;
	struct actor root = { 0 };

	evidence(f);
	OK(actor_resolve(f->db, "root", NULL, &root, &e_));
	OK(campaign_close(f->db, &root, "q", 1, "revoke", NULL, &e_));
	actor_release(&root);
	OK(audit_verify(f->db, &(struct audit_report){ 0 }, &e_));
	exec_sql(f, "UPDATE campaign SET close_default = 'keep'");
	expect_row(f, "campaign", "1", "how it was closed does not match");
	exec_sql(f,
	    "UPDATE campaign SET close_default = 'revoke',"
	    " state = 'open'");
	expect_row(f, "campaign", "1",
	    "campaign 1 (q) was edited behind parc's back: it says open but "
	    "its audit events close it");
}

static void
test_item_deleted(void **state)
{
	struct orgfx *f = *state;

	evidence(f);
	/* item 2 is pending: no decision goes with it */
	exec_sql(f, "DELETE FROM review_item WHERE id = 2");
	expect_row(f, "review_item", "2",
	    "review item 2 of campaign 1 (q) was deleted behind parc's back "
	    "(audit event");
}

static void
test_item_deleted_last(void **state)
{
	struct orgfx *f = *state;

	evidence(f);
	exec_sql(f,
	    "DELETE FROM decision WHERE item_id = 3;"
	    "DELETE FROM review_item WHERE id = 3");
	/* its delegation's event still names it first */
	expect_row(f, "decision", "3", "decision 3 was deleted");
}

static void
test_item_added(void **state)
{
	struct orgfx *f = *state;

	evidence(f);
	exec_sql(f,
	    "INSERT INTO review_item (campaign_id, source, source_kind,"
	    " account_ext_id, account, entitlement_ext_id, entitlement,"
	    " path) SELECT campaign_id, source, source_kind,"
	    " account_ext_id, 'mallory', entitlement_ext_id,"
	    " entitlement, path FROM review_item WHERE id = 2");
	expect_row(f, "review_item", "4",
	    "review item 4 of campaign 1 (q) was added behind parc's back");
}

static void
test_item_moved(void **state)
{
	struct orgfx *f = *state;
	struct actor root = { 0 };
	struct campaign_spec s = { "r", "2999-12-31", "tier=0", NULL, "root",
		NULL };

	evidence(f);
	OK(actor_resolve(f->db, "root", NULL, &root, &e_));
	OK(campaign_create(f->db, &root, &s, NULL, NULL, &e_));
	actor_release(&root);
	OK(audit_verify(f->db, &(struct audit_report){ 0 }, &e_));
	/* a pending item of q moved to r */
	exec_sql(f, "UPDATE review_item SET campaign_id = 2 WHERE id = 2");
	expect_row(f, "review_item", "2",
	    "review item 2 of campaign 1 (q) was deleted behind");
}

/* The delegated item: its reviewer is the delegate's. */
static void
test_delegated_reviewer(void **state)
{
	struct orgfx *f = *state;

	evidence(f);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item WHERE id = 3"
			     " AND reviewer = 'root' AND reassigned_from ="
			     " 'mona delegated to root by mona'"),
	    1);
	exec_sql(f, "UPDATE review_item SET reviewer = 'bob' WHERE id = 3");
	expect_row(f, "review_item", "3",
	    "review item 3 was edited behind parc's back: its reviewer is "
	    "not the one its last delegation names");
	exec_sql(f,
	    "UPDATE review_item SET reviewer = 'root',"
	    " reassigned_from = 'bob delegated to root by mona'"
	    " WHERE id = 3");
	expect_row(f, "review_item", "3", "its last delegation names");
}

static void
test_overdue_forged(void **state)
{
	struct orgfx *f = *state;

	evidence(f);
	/* item 1 was decided before the tick: not overdue */
	exec_sql(f,
	    "UPDATE review_item SET overdue_at ="
	    " '2999-06-01T00:00:00Z' WHERE id = 1");
	expect_row(f, "review_item", "1",
	    "review item 1 was marked overdue at 2999-06-01T00:00:00Z "
	    "behind parc's back: no tick records it");
	exec_sql(f, "UPDATE review_item SET overdue_at = NULL");
	expect_row(f, "review_item", "overdue_at=3000-01-02T00:00:00Z",
	    "none carries the mark");
}

static void
test_role_forged(void **state)
{
	struct orgfx *f = *state;

	evidence(f);
	exec_sql(f,
	    "INSERT INTO role VALUES ('mallory', 'admin', 'root',"
	    " '2026-01-01T00:00:00Z')");
	expect_row(f, "role", "mallory/admin",
	    "role admin of mallory was granted behind parc's back: no audit "
	    "event grants it");
	exec_sql(f, "DELETE FROM role WHERE login = 'mallory'");
	OK(audit_verify(f->db, &(struct audit_report){ 0 }, &e_));
	exec_sql(f, "DELETE FROM role WHERE login = 'mona'");
	expect_row(f, "role", "mona/reviewer",
	    "role reviewer of mona was revoked behind parc's back: audit "
	    "event");
	exec_sql(f,
	    "INSERT INTO role SELECT 'mona', 'reviewer', 'parc',"
	    " granted_at FROM role WHERE login = 'root'");
	expect_row(f, "role", "mona/reviewer",
	    "role reviewer of mona was edited behind parc's back");
}

/* A role revoked through parc is no forgery; granting it back neither. */
static void
test_role_replayed(void **state)
{
	struct orgfx *f = *state;
	struct actor root = { 0 };

	evidence(f);
	OK(actor_resolve(f->db, "root", NULL, &root, &e_));
	OK(role_revoke(f->db, &root, "mona", "reviewer", &e_));
	OK(audit_verify(f->db, &(struct audit_report){ 0 }, &e_));
	OK(role_grant(f->db, &root, "MONA", "reviewer", &e_));
	actor_release(&root);
	OK(audit_verify(f->db, &(struct audit_report){ 0 }, &e_));
}

static void
test_campaign_inserted(void **state)
{
	struct orgfx *f = *state;

	evidence(f);
	exec_sql(f,
	    "INSERT INTO campaign (name, due, state, created_by,"
	    " created_at) VALUES ('fake', '2999-01-01', 'closed', 'root',"
	    " '2026-01-01T00:00:00Z')");
	expect_row(f, "campaign", "2",
	    "campaign 2 (fake) has no audit event: it was inserted behind");
}

/*
 * A campaign created before parc recorded digests (its event without
 * them, as an older parc wrote it) still verifies: old events keep the
 * old rules.
 */
static void
test_old_campaign(void **state)
{
	struct orgfx *f = *state;

	evidence(f);
	/* rewrite the chain as the older parc wrote it, rehashing it */
	exec_sql(f,
	    UNGUARD "CREATE TEMP TABLE ev AS SELECT * FROM audit_event;"
		    "DELETE FROM audit_event;"
		    "UPDATE temp.ev SET detail = json_remove(detail,"
		    " '$.record', '$.first_item', '$.items_digest')"
		    " WHERE action = 'campaign.create';"
		    "UPDATE temp.ev SET detail = json_remove(detail,"
		    " '$.overdue_at', '$.overdue_items',"
		    " '$.overdue_digest') WHERE action = 'tick';");
	{
		int64_t n = db_count(f->db, "SELECT count(*) FROM temp.ev");
		int64_t i;
		char sql[160];

		for (i = 1; i <= n; i++) {
			char *actor, *action, *object, *detail;

			snprintf(sql, sizeof(sql),
			    "SELECT actor FROM temp.ev WHERE id = %lld",
			    (long long)i);
			actor = orgfx_text(f->db, sql, NULL);
			snprintf(sql, sizeof(sql),
			    "SELECT action FROM temp.ev WHERE id = %lld",
			    (long long)i);
			action = orgfx_text(f->db, sql, NULL);
			snprintf(sql, sizeof(sql),
			    "SELECT object FROM temp.ev WHERE id = %lld",
			    (long long)i);
			object = orgfx_text(f->db, sql, NULL);
			snprintf(sql, sizeof(sql),
			    "SELECT detail FROM temp.ev WHERE id = %lld",
			    (long long)i);
			detail = orgfx_text(f->db, sql, NULL);
			OK(audit_append(f->db, actor, action,
			    strcmp(object, "NULL") ? object : NULL,
			    strcmp(detail, "NULL") ? detail : NULL, NULL, &e_));
			free(actor);
			free(action);
			free(object);
			free(detail);
		}
	}
	{
		struct audit_report r;

		OK(audit_verify(f->db, &r, &e_));
		assert_int_equal(r.campaigns, 1);
		assert_int_equal(r.items, 0); /* not covered: older rules */
	}
	/* the older rules still hold: decisions, state, roles */
	exec_sql(f, "UPDATE review_item SET decision = 'revoke' WHERE id = 1");
	expect_row(f, "review_item", "1", "says revoke");
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
		T(test_item_columns),
		T(test_campaign_columns),
		T(test_campaign_closed),
		T(test_item_deleted),
		T(test_item_deleted_last),
		T(test_item_added),
		T(test_item_moved),
		T(test_delegated_reviewer),
		T(test_overdue_forged),
		T(test_role_forged),
		T(test_role_replayed),
		T(test_campaign_inserted),
		T(test_old_campaign),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
