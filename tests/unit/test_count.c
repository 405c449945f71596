/*
 * test_count.c - a campaign's counts (campaign_count) and its items in
 * the filter's index, as campaign create writes them for the whole set at
 * once and the triggers keep them through decisions, delegation, overdue
 * marks and items written by any other hand; verify names a count edited
 * behind parc's back.
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
#include "db/count.h"
#include "db/decision.h"
#include "db/finding.h"
#include "db/item.h"
#include "db/role.h"
#include "db/schema.h"
#include "tests/unit/orgfx.h"

#define OK(x)                                                   \
	do {                                                    \
		struct err e_ = ERR_INIT;                       \
		int rc_ = (x);                                  \
		if (rc_ != 0)                                   \
			fail_msg("%s: %d %s", #x, rc_, e_.msg); \
	} while (0)

struct kfx {
	struct orgfx o;
	struct db *db;
	struct actor root, mona;
};

static const char hr[] = "I|M1|Mona Manager|mona||active|\n"
			 "I|E1|Alice A|alice|M1|active|\n"
			 "I|E2|Bob B|bob|M1|active|\n"
			 "I|E3|Carl C|carl|M1|active|\n";

/* alice holds two entitlements, bob and carl one; svc-x is nobody's. */
static const char corp[] =
    "E|T0|Admin|0|T1098||\n"
    "E|T1|Power|1|||\n"
    "P|a-alice|alice|human|1|2026-11-20T00:00:00Z||1|E1||\n"
    "P|a-bob|bob|human|1|2026-11-20T00:00:00Z||1|E2||\n"
    "P|a-carl|carl|human|1|2026-01-01T00:00:00Z||1|E3||\n"
    "P|a-svc|svc-x|service|1|2026-11-20T00:00:00Z||||\n"
    "A|a-alice|T0\nA|a-alice|T1\nA|a-bob|T1\nA|a-carl|T0\nA|a-svc|T1\n";

static int
setup(void **state)
{
	struct kfx *f = calloc(1, sizeof(*f));
	struct finding_conf fc;
	struct err e = ERR_INIT;

	if (f == NULL || orgfx_open(&f->o) != 0)
		return -1;
	f->db = f->o.db;
	finding_conf_init(&fc);
	fc.now = ORGFX_NOW;
	if (orgfx_sync(f->db, "hr", "people", hr, &e) != 0 ||
	    orgfx_sync(f->db, "corp", "aws", corp, &e) != 0 ||
	    finding_recompute(f->db, &fc, NULL, &e) != 0 ||
	    role_bootstrap(f->db, "root", 0, NULL, &e) != 0 ||
	    actor_resolve(f->db, "root", NULL, &f->root, &e) != 0 ||
	    actor_resolve(f->db, "mona", NULL, &f->mona, &e) != 0) {
		fprintf(stderr, "setup: %s\n", e.msg);
		finding_conf_release(&fc);
		return -1;
	}
	finding_conf_release(&fc);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct kfx *f = *state;

	actor_release(&f->root);
	actor_release(&f->mona);
	orgfx_close(&f->o);
	free(f);
	return 0;
}

/* "items pending approved revoked exceptions overdue unassigned
 * remediated" of campaign name, as the campaigns list reads them. */
static int
take_counts(const struct campaign_row *r, void *arg)
{
	snprintf(arg, 128, "%lld %lld %lld %lld %lld %lld %lld %lld",
	    (long long)r->items, (long long)r->pending, (long long)r->approved,
	    (long long)r->revoked, (long long)r->exceptions,
	    (long long)r->overdue, (long long)r->unassigned,
	    (long long)r->remediated);
	return 0;
}

static void
expect_counts(struct kfx *f, const char *name, const char *want)
{
	char got[128] = "";
	char what[256];
	int64_t bad = -1;

	OK(campaign_get(f->db, name, take_counts, got, &e_));
	if (strcmp(got, want) != 0)
		fail_msg("campaign %s counts '%s', want '%s'", name, got, want);
	/* and they are what the items say */
	OK(count_check(f->db, &bad, what, sizeof(what), &e_));
	if (bad != 0)
		fail_msg("count_check: %s", what);
}

/* "items pending" of reviewer in campaign name, as the console reads it. */
static void
expect_reviewer(struct kfx *f, const char *name, const char *reviewer,
    const char *want)
{
	int64_t id, items, pending;
	char got[64];

	OK(campaign_id(f->db, name, &id, &e_));
	OK(count_reviewer(f->db, id, reviewer, &items, &pending, &e_));
	snprintf(got, sizeof(got), "%lld %lld", (long long)items,
	    (long long)pending);
	if (strcmp(got, want) != 0)
		fail_msg("campaign %s, reviewer %s: '%s', want '%s'", name,
		    reviewer ? reviewer : "(none)", got, want);
}

static int64_t
create(struct kfx *f, const char *name)
{
	struct campaign_spec s = { 0 };
	int64_t id = 0, n = -1;

	s.name = name;
	s.due = "2999-12-31";
	s.scope = "source=corp";
	s.fallback = "root";
	OK(campaign_create(f->db, &f->root, &s, &id, &n, &e_));
	assert_int_equal(n, 5);
	return id;
}

static int64_t
item(struct kfx *f, const char *account, const char *ent)
{
	char sql[256];

	snprintf(sql, sizeof(sql),
	    "SELECT id FROM review_item WHERE account = '%s' AND"
	    " entitlement = '%s' ORDER BY id DESC LIMIT 1",
	    account, ent);
	return db_count(f->db, sql);
}

static void
decide(struct kfx *f, int64_t id, const char *dec, const char *comment,
    const char *until, const char *to)
{
	struct decide_req r = { dec, comment, until, to };

	OK(item_decide(f->db, &f->mona, id, &r, &e_));
}

/* Counts from create, then through every kind of change to an item. */
static void
test_counts_kept(void **state)
{
	struct kfx *f = *state;
	struct tick_stats ts;

	create(f, "q");
	/* svc-x is nobody's: root, the fallback, reviews it */
	expect_counts(f, "q", "5 5 0 0 0 0 0 0");
	expect_reviewer(f, "q", "mona", "4 4");
	expect_reviewer(f, "q", "ROOT", "1 1");
	expect_reviewer(f, "q", "carl", "0 0");
	expect_reviewer(f, "q", NULL, "0 0");
	decide(f, item(f, "alice", "Admin"), "approve", "needed", NULL, NULL);
	decide(f, item(f, "bob", "Power"), "revoke", "left the team", NULL,
	    NULL);
	decide(f, item(f, "alice", "Power"), "exception", "vendor",
	    "2999-01-01", NULL);
	expect_counts(f, "q", "5 2 1 1 1 0 0 0");
	decide(f, item(f, "bob", "Power"), "undo", NULL, NULL, NULL);
	expect_counts(f, "q", "5 3 1 0 1 0 0 0");
	/* a delegation leaves the item pending with its new reviewer */
	decide(f, item(f, "bob", "Power"), "delegate", "on leave", NULL,
	    "carl");
	expect_counts(f, "q", "5 3 1 0 1 0 0 0");
	expect_reviewer(f, "q", "mona", "3 1");
	expect_reviewer(f, "q", "carl", "1 1");
	/* overdue: tick on a day past the due date marks the pending ones */
	OK(campaign_tick(f->db, &f->root, "3000-01-02T00:00:00Z", &ts, &e_));
	assert_int_equal(ts.overdue, 3);
	expect_counts(f, "q", "5 3 1 0 1 3 0 0");
	/* a second campaign counts on its own */
	create(f, "q2");
	expect_counts(f, "q2", "5 5 0 0 0 0 0 0");
	expect_counts(f, "q", "5 3 1 0 1 3 0 0");
}

/* Items written by another hand (an import, a test) count as they come. */
static void
test_counts_other_writers(void **state)
{
	struct kfx *f = *state;
	int64_t id = create(f, "q"), left = -1;
	char sql[512];

	/* indexed first (an item added meanwhile: test_items_indexed_later) */
	do
		OK(db_items_index_step(f->db, id, 100, &left, &e_));
	while (left > 0);
	snprintf(sql, sizeof(sql),
	    "INSERT INTO review_item (campaign_id, source, source_kind,"
	    " account_ext_id, account, entitlement_ext_id, entitlement, path,"
	    " reviewer, decision) VALUES (%lld, 'corp', 'aws', 'x', 'zed',"
	    " 'T9', 'Quokka Keeper', '[]', NULL, 'approve')",
	    (long long)id);
	OK(db_exec(f->db, sql, &e_));
	expect_counts(f, "q", "6 5 1 0 0 0 1 0");
	expect_reviewer(f, "q", NULL, "1 0");
	/* and its text is in the filter's index */
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item_text WHERE"
			     " review_item_text MATCH"
			     " '\"quo\" AND \"okk\" AND \"kka\"'"),
	    1);
	OK(db_exec(f->db, "DELETE FROM review_item WHERE account = 'zed'",
	    &e_));
	expect_counts(f, "q", "5 5 0 0 0 0 0 0");
	expect_reviewer(f, "q", NULL, "0 0");
	/* overdue_at alone moves the overdue count (review_item_overdue) */
	OK(db_exec(f->db,
	    "UPDATE review_item SET overdue_at = '3000-01-01'"
	    " WHERE account = 'alice'",
	    &e_));
	expect_counts(f, "q", "5 5 0 0 0 2 0 0");
	/* with the decision in the same statement, once (the other one) */
	OK(db_exec(f->db,
	    "UPDATE review_item SET overdue_at = NULL, decision = 'approve'"
	    " WHERE account = 'alice' AND entitlement = 'Admin'",
	    &e_));
	expect_counts(f, "q", "5 4 1 0 0 1 0 0");
	OK(db_exec(f->db,
	    "UPDATE review_item SET overdue_at = '3000-01-01',"
	    " decision = 'pending' WHERE account = 'bob'",
	    &e_));
	expect_counts(f, "q", "5 4 1 0 0 2 0 0");
	OK(db_exec(f->db,
	    "UPDATE review_item SET overdue_at = NULL, decision = decision"
	    " WHERE overdue_at IS NOT NULL",
	    &e_));
	expect_counts(f, "q", "5 4 1 0 0 0 0 0");
}

/* The ids of the items a filter shows, comma-separated. */
static int
collect(const struct item_row *r, void *arg)
{
	struct sb *sb = arg;

	sb_addf(sb, "%s%lld", sb->len ? "," : "", (long long)r->id);
	return 0;
}

/* A key is always waiting. */
static int
always(void)
{
	return 1;
}

/* The items of campaign id that filter shows, and how it read them. */
static int
filtered(struct kfx *f, int64_t id, const char *filter, struct sb *out)
{
	struct db_item_query q = { 0 };

	q.campaign = id;
	q.filter = filter;
	sb_reset(out);
	OK(db_items_plan_filter(f->db, &q, &e_));
	OK(db_items_page(f->db, &q, NULL, DB_PAGE_FIRST, 100, collect, out,
	    &e_));
	return q.filter_plan;
}

/*
 * Create leaves its items out of the filter's index (schema v_i19camp2):
 * the filter reads them in order meanwhile and finds the same; then
 * db_items_index_step puts them in, a batch at a time, every item once
 * (the index holds trigrams: the console's filter asks for a word's
 * three-letter runs, db/item.c).
 */
static void
test_items_indexed(void **state)
{
	struct kfx *f = *state;
	struct sb before = SB_INIT, after = SB_INIT;
	struct err e = ERR_INIT;
	int64_t id, left = -1;
	int steps = 0, rc;

	id = create(f, "q");
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item_text_todo"),
	    1);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item_text WHERE"
			     " review_item_text MATCH"
			     " '\"ali\" AND \"lic\" AND \"ice\"'"),
	    0);
	/* not indexed yet: the filter reads the items (DB_FILTER_SCAN) */
	assert_int_equal(filtered(f, id, "dormant", &before), DB_FILTER_SCAN);
	assert_true(before.len > 0);
	/* a key while a batch is read: the batch is undone, nothing done */
	assert_int_equal(db_items_index_step_until(f->db, id, 2, always, &left,
			     &e),
	    1);
	assert_int_equal(left, -1);
	assert_int_equal(db_count(f->db,
			     "SELECT next_id FROM review_item_text_todo"),
	    0);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item_text WHERE"
			     " review_item_text MATCH '\"cor\" AND"
			     " \"orp\"'"),
	    0);
	/* five items, two a batch: three steps, the last one ends it */
	do {
		rc = db_items_index_step(f->db, 0, 2, &left, &e);
		assert_int_equal(rc, 0);
		steps++;
		assert_int_equal(left, steps == 1 ? 3 : steps == 2 ? 1 : 0);
	} while (left > 0 && steps < 10);
	assert_int_equal(steps, 3);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item_text_todo"),
	    0);
	/* nothing left: no transaction, nothing done */
	assert_int_equal(db_items_index_step(f->db, id, 2, &left, &e), 0);
	assert_int_equal(left, 0);
	/* now from the index, the same items */
	assert_int_equal(filtered(f, id, "dormant", &after), DB_FILTER_INDEX);
	assert_string_equal(before.buf, after.buf);
	assert_int_equal(filtered(f, id, "ali", &before), DB_FILTER_INDEX);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item_text WHERE"
			     " review_item_text MATCH"
			     " '\"ali\" AND \"lic\" AND \"ice\"'"),
	    2);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item_text WHERE"
			     " review_item_text MATCH"
			     " '\"svc\" AND \"c-x\"'"),
	    1);
	/* a finding's words too (carl is dormant) */
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item_text t JOIN"
			     " review_item r ON r.id = t.rowid WHERE"
			     " review_item_text MATCH '\"dor\" AND"
			     " \"ant\"' AND"
			     " r.account = 'carl'"),
	    1);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item_text_terms"
			     " WHERE term = 'ali'"),
	    1);
	/* every item once: as many index rows as items */
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item_text WHERE"
			     " review_item_text MATCH '\"cor\" AND"
			     " \"orp\"'"),
	    5);
	/* the steps left FTS5's pending-terms size and merging at their
	 * defaults */
	assert_int_equal(db_count(f->db,
			     "SELECT coalesce((SELECT v FROM"
			     " review_item_text_config WHERE k = 'hashsize'),"
			     " 1048576)"),
	    1048576);
	assert_int_equal(db_count(f->db,
			     "SELECT coalesce((SELECT v FROM"
			     " review_item_text_config WHERE k = 'automerge'),"
			     " 4)"),
	    4);
	/* the campaign is open, not left a draft */
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM campaign WHERE state ="
			     " 'open'"),
	    1);
	sb_release(&before);
	sb_release(&after);
}

/*
 * An item another writer adds to, or deletes from, a campaign still to
 * be indexed is left to the batches (indexed once) or was never in.
 */
static void
test_items_indexed_later(void **state)
{
	struct kfx *f = *state;
	int64_t id = create(f, "q"), left = -1;
	char sql[512];

	snprintf(sql, sizeof(sql),
	    "INSERT INTO review_item (campaign_id, source, source_kind,"
	    " account_ext_id, account, entitlement_ext_id, entitlement, path,"
	    " reviewer) VALUES (%lld, 'corp', 'aws', 'x', 'zed',"
	    " 'T9', 'Quokka Keeper', '[]', NULL)",
	    (long long)id);
	OK(db_exec(f->db, sql, &e_));
	OK(db_exec(f->db, "DELETE FROM review_item WHERE account = 'bob'",
	    &e_));
	do
		OK(db_items_index_step(f->db, id, 100, &left, &e_));
	while (left > 0);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item_text WHERE"
			     " review_item_text MATCH"
			     " '\"quo\" AND \"okk\" AND \"kka\"'"),
	    1);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item_text WHERE"
			     " review_item_text MATCH '\"cor\" AND"
			     " \"orp\"'"),
	    5);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item_text WHERE"
			     " review_item_text MATCH '\"bob\"'"),
	    0);
	/* indexed: a delete takes the item out of the index */
	OK(db_exec(f->db, "DELETE FROM review_item WHERE account = 'zed'",
	    &e_));
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item_text WHERE"
			     " review_item_text MATCH"
			     " '\"quo\" AND \"okk\" AND \"kka\"'"),
	    0);
	OK(db_exec(f->db,
	    "INSERT INTO review_item_text (review_item_text, rank) VALUES"
	    " ('integrity-check', 1)",
	    &e_));
}

/*
 * A database from before v_i19camp2 (create indexed its items at once,
 * triggers without review_item_text_todo) migrates: its campaigns are
 * indexed already, so filters use the index; a new campaign waits.
 */
static void
test_migrate_index_later(void **state)
{
	struct kfx *f = *state;
	struct sb a = SB_INIT, b = SB_INIT;
	int64_t id, left = -1;
	size_t v, camp = 0;

	id = create(f, "q");
	do
		OK(db_items_index_step(f->db, id, 100, &left, &e_));
	while (left > 0);
	assert_int_equal(filtered(f, id, "dormant", &a), DB_FILTER_INDEX);
	/* back to the schema before: v_issue19camp's insert trigger and
	 * v3's delete trigger, no table of campaigns to index (the
	 * migrations after v_i19camp2, if any, run again: each may) */
	for (v = 0; v < db_nmigrations; v++)
		if (strstr(db_migrations[v], "review_item_text_todo") != NULL)
			break;
	for (camp = 0; camp < db_nmigrations; camp++)
		if (strstr(db_migrations[camp],
			"TRIGGER IF NOT EXISTS review_item_insert") != NULL)
			break;
	assert_true(v < db_nmigrations && camp < v);
	OK(db_exec(f->db,
	    "DROP TABLE review_item_text_todo;"
	    " DROP INDEX review_item_exception;"
	    " CREATE INDEX IF NOT EXISTS review_item_decision ON"
	    " review_item(decision, campaign_id);"
	    " DROP TRIGGER review_item_insert;"
	    " DROP TRIGGER review_item_text_delete;"
	    " CREATE TRIGGER review_item_text_delete AFTER DELETE ON"
	    " review_item BEGIN INSERT INTO review_item_text"
	    " (review_item_text, rowid, body) VALUES ('delete', old.id,"
	    " coalesce(old.person, '') || ' ' || old.account || ' ' ||"
	    " old.entitlement || ' ' || old.source || ' ' ||"
	    " coalesce(old.host, '') || ' ' || old.findings); END;",
	    &e_));
	OK(db_exec(f->db, db_migrations[camp], &e_));
	{
		char sql[64];

		snprintf(sql, sizeof(sql), "PRAGMA user_version = %zu", v);
		OK(db_exec(f->db, sql, &e_));
	}
	db_close(f->db);
	f->db = NULL;
	{
		struct err e = ERR_INIT;

		if (db_open(&f->db, f->o.path, 0, &e) != 0)
			fail_msg("reopen: %s", e.msg);
		f->o.db = f->db;
	}
	assert_int_equal(db_schema_version(f->db), DB_SCHEMA_VERSION);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item_text_todo"),
	    0);
	/* the exceptions' partial index, and the revoked items' in place
	 * of review_item_decision (v_i19fix2 made it again, v_i19camp3
	 * dropped it) */
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM sqlite_master WHERE name IN"
			     " ('review_item_revoked', "
			     "'review_item_exception')"),
	    2);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM sqlite_master WHERE name ="
			     " 'review_item_decision'"),
	    0);
	assert_int_equal(filtered(f, id, "dormant", &b), DB_FILTER_INDEX);
	assert_string_equal(a.buf, b.buf);
	/* a new campaign waits; its items are found all the same */
	id = create(f, "r");
	assert_int_equal(filtered(f, id, "dormant", &b), DB_FILTER_SCAN);
	assert_true(b.len > 0);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item_text_todo"),
	    1);
	OK(db_exec(f->db,
	    "INSERT INTO review_item_text (review_item_text, rank) VALUES"
	    " ('integrity-check', 1)",
	    &e_));
	sb_release(&a);
	sb_release(&b);
}

/* A count edited behind parc's back: verify names the campaign. */
static void
test_verify_names_count(void **state)
{
	struct kfx *f = *state;
	struct audit_report r;
	struct err e = ERR_INIT;
	int64_t id = create(f, "q");

	OK(audit_verify(f->db, &r, &e_));
	OK(db_exec(f->db,
	    "CREATE TEMP TABLE kept AS SELECT * FROM campaign_count", &e_));
	OK(db_exec(f->db, "UPDATE campaign_count SET approved = approved + 1",
	    &e_));
	assert_int_equal(audit_verify(f->db, &r, &e), PARC_EFOUND);
	assert_string_equal(r.bad_table, "campaign_count");
	assert_int_equal(atoll(r.bad_row), id);
	if (strstr(e.msg, "counts 1 approved but its items hold 0") == NULL)
		fail_msg("verify said '%s'", e.msg);
	OK(db_exec(f->db, "DELETE FROM campaign_count", &e_));
	assert_int_equal(audit_verify(f->db, &r, &e), PARC_EFOUND);
	if (strstr(e.msg, "has no counts row") == NULL)
		fail_msg("verify said '%s'", e.msg);
	OK(db_exec(f->db, "INSERT INTO campaign_count SELECT * FROM temp.kept",
	    &e_));
	OK(audit_verify(f->db, &r, &e_));
	/* a reviewer's counts: less, or a row gone */
	OK(db_exec(f->db,
	    "UPDATE campaign_reviewer_count SET pending = pending - 1"
	    " WHERE reviewer = 'mona'",
	    &e_));
	assert_int_equal(audit_verify(f->db, &r, &e), PARC_EFOUND);
	assert_string_equal(r.bad_table, "campaign_count");
	if (strstr(e.msg, "counts the items of mona otherwise") == NULL)
		fail_msg("verify said '%s'", e.msg);
	OK(db_exec(f->db,
	    "UPDATE campaign_reviewer_count SET pending = pending + 1"
	    " WHERE reviewer = 'mona'",
	    &e_));
	OK(audit_verify(f->db, &r, &e_));
	OK(db_exec(f->db,
	    "DELETE FROM campaign_reviewer_count WHERE reviewer = 'root'",
	    &e_));
	assert_int_equal(audit_verify(f->db, &r, &e), PARC_EFOUND);
	if (strstr(e.msg, "counts the items of root otherwise") == NULL)
		fail_msg("verify said '%s'", e.msg);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_counts_kept),
		T(test_counts_other_writers),
		T(test_items_indexed),
		T(test_items_indexed_later),
		T(test_migrate_index_later),
		T(test_verify_names_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
