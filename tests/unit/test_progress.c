/*
 * test_progress.c - the campaign owner's view: per-reviewer counts and
 * last activity, the burn-down, the sorts, the JSON form, and the
 * console's progress screen (rows and the s key) without a terminal.
 *
 * The fixture writes one campaign's items with SQL of the test's own
 * constants: 3 for ann (2 decided), 4 for ben (none, 2 overdue), 1
 * unassigned.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/progress.h"
#include "lib/sb.h"
#include "lib/text.h"
#include "reports/progress.h"
#include "reports/siem.h"
#include "tui/console/view_progress.h"

/* 2026-12-10T00:00:00Z */
#define NOW 1796860800LL

static void
exec(struct db *db, const char *sql)
{
	struct err e = ERR_INIT;

	if (db_exec(db, sql, &e) != 0)
		fail_msg("%s", e.msg);
}

#define ITEM(id, rev, dec, at, od)                                           \
	"(" #id ", 1, 'corp', 'ad', 'S-" #id "', 'u" #id "', 'G', 'Admins'," \
	" '[]', " rev ", '" dec "', " at ", " od ")"

static int
setup(void **state)
{
	struct db *db;
	struct err e = ERR_INIT;

	text_init();
	if (db_open(&db, ":memory:", DB_CREATE, &e) != 0) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	exec(db,
	    "INSERT INTO source (id, name, kind, created_at) VALUES (1, 'hr',"
	    " 'people', '2026-12-01T00:00:00Z');"
	    "INSERT INTO identity (source_id, employee_id, display_name,"
	    " email, login) VALUES (1, 'E1', 'Ann Archer', 'ann@x.example',"
	    " 'Ann'), (1, 'E2', 'Ben Bell', 'ben@x.example', 'ben');"
	    "INSERT INTO campaign (id, name, due, state, created_by,"
	    " created_at, opened_at) VALUES (1, 'Q4', '2026-12-08', 'open',"
	    " 'root', '2026-12-06T09:00:00Z', '2026-12-06T09:00:00Z');"
	    "INSERT INTO review_item (id, campaign_id, source, source_kind,"
	    " account_ext_id, account, entitlement_ext_id, entitlement,"
	    " path, reviewer, decision, decided_at, overdue_at) VALUES " ITEM(1,
		"'ann'", "approve", "'2026-12-06T10:00:00Z'",
		"NULL") "," ITEM(2, "'ann'", "revoke", "'2026-12-08T11:00:00Z'",
		"NULL") "," ITEM(3, "'ann'", "pending", "NULL",
		"NULL") "," ITEM(4, "'ben'", "pending", "NULL",
		"'2026-12-09T00:00:00Z'") "," ITEM(5, "'ben'", "pending",
		"NULL", "'2026-12-09T00:00:00Z'") "," ITEM(6, "'ben'",
		"pending", "NULL",
		"NULL") "," ITEM(7, "'ben'", "pending", "NULL",
		"NULL") "," ITEM(8, "NULL", "pending", "NULL", "NULL") ";");
	*state = db;
	return 0;
}

static int
teardown(void **state)
{
	db_close(*state);
	return 0;
}

struct seen {
	struct sb sb;
};

static int
take_row(const struct progress_row *r, void *arg)
{
	struct seen *s = arg;

	sb_addf(&s->sb, "%s|%s|%lld|%lld|%lld|%lld|%s\n",
	    r->reviewer ? r->reviewer : "-", r->name ? r->name : "-",
	    (long long)r->items, (long long)r->decided, (long long)r->pending,
	    (long long)r->overdue, r->last_activity ? r->last_activity : "-");
	return 0;
}

static int
take_day(const char *day, int64_t pending, void *arg)
{
	struct seen *s = arg;

	sb_addf(&s->sb, "%s %lld\n", day, (long long)pending);
	return 0;
}

static void
test_reviewers(void **state)
{
	struct seen s = { SB_INIT };
	struct err e = ERR_INIT;

	assert_int_equal(progress_reviewers(*state, 1, take_row, &s, &e), 0);
	assert_string_equal(s.sb.buf,
	    "ann|Ann Archer|3|2|1|0|2026-12-08T11:00:00Z\n"
	    "ben|Ben Bell|4|0|4|2|-\n"
	    "-|-|1|0|1|0|-\n");
	sb_release(&s.sb);
}

static void
test_burndown(void **state)
{
	struct seen s = { SB_INIT };
	struct err e = ERR_INIT;

	assert_int_equal(progress_burndown(*state, 1, "2026-12-09", take_day,
			     &s, &e),
	    0);
	assert_string_equal(s.sb.buf,
	    "2026-12-06 7\n"
	    "2026-12-07 7\n"
	    "2026-12-08 6\n"
	    "2026-12-09 6\n");
	sb_release(&s.sb);
}

/* The reviewers of p in order, comma-separated. */
static void
order(const struct rpt_progress *p, char *out, size_t len)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < p->n; i++)
		n += (size_t)snprintf(out + n, len - n, "%s%s", i ? "," : "",
		    p->r[i].reviewer ? p->r[i].reviewer : "-");
}

static void
test_sorts_and_json(void **state)
{
	struct rpt_progress *p = NULL;
	struct err e = ERR_INIT;
	struct sb sb = SB_INIT;
	enum rpt_progress_sort k;
	char buf[64];

	assert_int_equal(rpt_progress_load(*state, "Q4", RPT_PSORT_PENDING, 0,
			     &p, &e),
	    0);
	assert_int_equal(p->items, 8);
	assert_int_equal(p->decided, 2);
	order(p, buf, sizeof(buf));
	/* 4, then 1 and 1 by login, the unassigned last */
	assert_string_equal(buf, "ben,ann,-");
	rpt_progress_sort(p, RPT_PSORT_OVERDUE);
	order(p, buf, sizeof(buf));
	assert_string_equal(buf, "ben,ann,-");
	rpt_progress_sort(p, RPT_PSORT_LAST);
	order(p, buf, sizeof(buf));
	assert_string_equal(buf, "ben,-,ann"); /* never active first */
	rpt_progress_sort(p, RPT_PSORT_REVIEWER);
	order(p, buf, sizeof(buf));
	assert_string_equal(buf, "ann,ben,-");
	rpt_progress_json(p, &sb);
	assert_non_null(strstr(sb.buf,
	    "{\"reviewer\": \"ann\", \"name\": \"Ann Archer\", \"items\": 3, "
	    "\"decided\": 2, \"pending\": 1, \"overdue\": 0, "
	    "\"last_activity\": \"2026-12-08T11:00:00Z\""));
	assert_non_null(strstr(sb.buf,
	    "{\"reviewer\": null, \"name\": null, \"items\": 1, \"decided\": "
	    "0, \"pending\": 1, \"overdue\": 0, \"last_activity\": null"));
	assert_int_equal(rpt_progress_sort_parse("last", &k), 0);
	assert_int_equal(k, RPT_PSORT_LAST);
	assert_int_equal(rpt_progress_sort_parse("colour", &k), -1);
	sb_release(&sb);
	rpt_progress_free(p);
	assert_int_equal(rpt_progress_load(*state, "nope", RPT_PSORT_PENDING, 0,
			     &p, &e),
	    PARC_ENOTFOUND);
	assert_null(p);
}

static void plant(struct db *db);

static void
test_console_view(void **state)
{
	struct view v = { 0 };
	struct err e = ERR_INIT;
	struct sb sb = SB_INIT;

	assert_int_equal(view_progress_open(&v, *state, NULL, "Q4", NOW, 20, 80,
			     &e),
	    0);
	assert_int_equal(v.nrows, 3);
	assert_string_equal(v.rows[0].cells[PC_REVIEWER].text,
	    "Ben Bell (ben)");
	assert_string_equal(v.rows[0].cells[PC_PENDING].text, "4");
	assert_string_equal(v.rows[0].cells[PC_OVERDUE].text, "2");
	assert_int_equal(v.rows[0].cells[PC_OVERDUE].style, ST_DANGER);
	assert_string_equal(v.rows[0].cells[PC_LAST].text, "never");
	assert_string_equal(v.rows[1].cells[PC_REVIEWER].text,
	    "Ann Archer (ann)");
	assert_string_equal(v.rows[1].cells[PC_LAST].text, "1 day ago");
	assert_string_equal(v.rows[2].cells[PC_REVIEWER].text, "(unassigned)");
	v.ops->title(&v, &sb);
	assert_string_equal(sb.buf,
	    "Progress of Q4 (open, due 2026-12-08): 2/8 decided, 2 overdue");
	sb_reset(&sb);
	/* s: most overdue, then least recently active ... */
	assert_int_equal(v.ops->request(&v, REQ_SORT, &e), VR_REDRAW);
	assert_int_equal(v.ops->request(&v, REQ_SORT, &e), VR_REDRAW);
	assert_int_equal(v.ops->request(&v, REQ_SORT, &e), VR_REDRAW);
	assert_int_equal(v.ops->request(&v, REQ_SORT, &e), VR_REDRAW);
	v.ops->status(&v, &sb);
	assert_non_null(strstr(sb.buf, "3 reviewers by reviewer"));
	assert_string_equal(v.rows[0].cells[PC_REVIEWER].text,
	    "Ann Archer (ann)");
	assert_int_equal(v.ops->request(&v, REQ_APPROVE, &e), VR_UNHANDLED);
	assert_string_equal(v.rows[0].cells[PC_SIGNALS].text, "");
	sb_release(&sb);
	view_close(&v);
	/* fay rubber-stamps: the column says how */
	plant(*state);
	assert_int_equal(view_progress_open(&v, *state, NULL, "Stamp", NOW, 20,
			     80, &e),
	    0);
	assert_string_equal(v.rows[1].cells[PC_REVIEWER].text, "fay");
	assert_string_equal(v.rows[1].cells[PC_SIGNALS].text,
	    "fast+flagged+all");
	view_close(&v);
}

/*
 * Campaign 2, planted timings (seconds after 2026-12-07T09:00:00Z):
 * fay approves her 6 items (2 flagged) 2 s apart, the last with her login
 * in capitals; sam decides 4 (a, r, a, a) 120 s apart and revokes his
 * flagged one; gus approves 3 fast, revokes, approves 2 fast, then after
 * a two-hour pause 1 more 5 s later; an undo and a delegation count for
 * nothing.
 */
#define D(item, dec, by, sec)                                             \
	"(" #item ", '" dec "', '" by "', strftime('%Y-%m-%dT%H:%M:%SZ'," \
	" '2026-12-07T09:00:00Z', '+" #sec " seconds'))"
#define I2(id, rev, nf, dec)                                                 \
	"(" #id ", 2, 'corp', 'ad', 'S-" #id "', 'u" #id "', 'G', 'Admins'," \
	" '[]', " #nf ", '" rev "', '" dec "')"

static void
plant(struct db *db)
{
	exec(db,
	    "INSERT INTO campaign (id, name, due, state, created_by,"
	    " created_at) VALUES (2, 'Stamp', '2026-12-20', 'open', 'root',"
	    " '2026-12-06T00:00:00Z');"
	    "INSERT INTO review_item (id, campaign_id, source, source_kind,"
	    " account_ext_id, account, entitlement_ext_id, entitlement, path,"
	    " nfindings, reviewer, decision) VALUES " I2(21, "fay", 1,
		"approve") "," I2(22, "fay", 1, "approve") "," I2(23, "fay", 0,
		"approve") "," I2(24, "fay", 0, "approve") "," I2(25, "fay", 0,
		"approve") "," I2(26, "fay", 0, "approve") "," I2(31, "sam", 0,
		"approve") "," I2(32, "sam", 1, "revoke") "," I2(33, "sam", 0,
		"approve") "," I2(34, "sam", 0, "approve") "," I2(35, "sam", 0,
		"pending") "," I2(41, "gus", 0, "approve") "," I2(42, "gus", 0,
		"approve") "," I2(43, "gus", 0, "approve") "," I2(44, "gus", 0,
		"revoke") "," I2(45, "gus", 0, "approve") "," I2(46, "gus", 0,
		"approve") "," I2(47, "gus", 0,
		"approve") ";"
			   "INSERT INTO decision (item_id, decision, "
			   "decided_by, decided_at)"
			   " VALUES " D(21, "approve", "fay", 0) "," D(22,
			       "approve", "fay", 2) "," D(23, "approve", "fay",
			       4) "," D(24, "approve", "fay", 6) "," D(25,
			       "approve", "fay", 8) "," D(26, "approve", "FAY",
			       10) "," D(31, "approve", "sam", 0) "," D(32,
			       "revoke", "sam", 120) "," D(33, "approve", "sam",
			       240) "," D(35, "delegate", "sam", 300) "," D(34,
			       "approve", "sam", 360) "," D(34, "undo", "sam",
			       361) "," D(41, "approve", "gus", 0) "," D(42,
			       "approve", "gus", 1) "," D(43, "approve", "gus",
			       2) "," D(44, "revoke", "gus", 3) "," D(45,
			       "approve", "gus", 4) "," D(46, "approve", "gus",
			       5) "," D(47, "approve", "gus", 7205) ";");
}

struct stamps {
	struct sb sb;
};

static int
take_stamp(const struct stamp_row *r, void *arg)
{
	struct stamps *s = arg;

	sb_addf(&s->sb, "%s d=%lld med=%lld runs=%lld long=%lld fl=%lld/%lld ",
	    r->reviewer, (long long)r->decisions, (long long)r->median_seconds,
	    (long long)r->fast_runs, (long long)r->longest_run,
	    (long long)r->flagged_approved, (long long)r->flagged_decided);
	stamp_signal_names(r->signals, &s->sb);
	sb_addc(&s->sb, '\n');
	return 0;
}

static void
test_signals(void **state)
{
	struct stamps s = { SB_INIT };
	struct err e = ERR_INIT;

	plant(*state);
	assert_int_equal(progress_signals(*state, 2, 0, take_stamp, &s, &e), 0);
	assert_string_equal(s.sb.buf,
	    /* 6 approvals 2 s apart: a fast run; both flagged approved;
	     * everything approved */
	    "fay d=6 med=2 runs=1 long=6 fl=2/2 "
	    "fast-approvals,flagged-approved,approved-everything\n"
	    /* a revoke cuts the runs (3, then 2); the pause is not timed */
	    "gus d=7 med=1 runs=0 long=3 fl=0/0 \n"
	    /* 120 s apart: slow; the undo and delegation not counted */
	    "sam d=4 med=120 runs=0 long=1 fl=0/1 \n");
	sb_reset(&s.sb);
	/* with fast = 1 s, fay's 2 s are not fast: no run */
	assert_int_equal(progress_signals(*state, 2, 1, take_stamp, &s, &e), 0);
	assert_non_null(strstr(s.sb.buf,
	    "fay d=6 med=2 runs=0 long=1 fl=2/2 "
	    "flagged-approved,approved-everything\n"));
	sb_release(&s.sb);
}

static void
test_signals_json(void **state)
{
	struct rpt_progress *p = NULL;
	struct err e = ERR_INIT;
	struct sb sb = SB_INIT;

	plant(*state);
	assert_int_equal(rpt_progress_load(*state, "Stamp", RPT_PSORT_REVIEWER,
			     0, &p, &e),
	    0);
	rpt_progress_json(p, &sb);
	assert_non_null(strstr(sb.buf,
	    "\"reviewer\": \"fay\", \"name\": null, \"items\": 6, "
	    "\"decided\": 6, \"pending\": 0, \"overdue\": 0, "
	    "\"last_activity\": null, \"decisions\": 6, \"median_seconds\": "
	    "2, \"fast_runs\": 1, \"longest_fast_run\": 6, "
	    "\"flagged_decided\": 2, \"flagged_approved\": 2, \"signals\": "
	    "[\"fast-approvals\", \"flagged-approved\", "
	    "\"approved-everything\"]}"));
	sb_reset(&sb);
	rpt_progress_text(p, &sb);
	assert_non_null(strstr(sb.buf,
	    "fay                                6     2s    1       6        "
	    "2/2 fast-approvals,flagged-approved,approved-everything\n"));
	sb_release(&sb);
	rpt_progress_free(p);
}

/* Signals go into the audit chain when they change, and so to a SIEM. */
static void
test_signals_recorded(void **state)
{
	struct siem_opts so = { SIEM_JSONL, NULL, NULL };
	struct siem_stats st;
	struct err e = ERR_INIT;
	char *buf = NULL;
	size_t len = 0;
	int64_t n = -1;
	FILE *fp;

	plant(*state);
	assert_int_equal(progress_record_signals(*state, "parc", &n, &e), 0);
	assert_int_equal(n, 1); /* fay; gus and sam show none */
	assert_int_equal(progress_record_signals(*state, "parc", &n, &e), 0);
	assert_int_equal(n, 0); /* nothing changed */
	/* fay revokes one after all: approved-everything goes */
	exec(*state,
	    "UPDATE review_item SET decision = 'revoke' WHERE id = 26;"
	    "INSERT INTO decision (item_id, decision, decided_by, decided_at)"
	    " VALUES (26, 'revoke', 'fay', '2026-12-07T10:00:00Z');");
	assert_int_equal(progress_record_signals(*state, "parc", &n, &e), 0);
	assert_int_equal(n, 1);
	fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	assert_int_equal(siem_export(*state, &so, fp, &st, &e), 0);
	fclose(fp);
	assert_non_null(strstr(buf,
	    "\"action\": \"review.signal\", \"object\": \"campaign:2\""));
	assert_non_null(strstr(buf,
	    "\"reviewer\": \"fay\", \"signals\": [\"fast-approvals\", "
	    "\"flagged-approved\", \"approved-everything\"]"));
	assert_non_null(strstr(buf,
	    "\"reviewer\": \"fay\", \"signals\": [\"fast-approvals\", "
	    "\"flagged-approved\"], \"decisions\": 7"));
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reviewers, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_burndown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sorts_and_json, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_console_view, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_signals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signals_json, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_signals_recorded, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
