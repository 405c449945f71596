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

	assert_int_equal(rpt_progress_load(*state, "Q4", RPT_PSORT_PENDING, &p,
			     &e),
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
	assert_int_equal(rpt_progress_load(*state, "nope", RPT_PSORT_PENDING,
			     &p, &e),
	    PARC_ENOTFOUND);
	assert_null(p);
}

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
	sb_release(&sb);
	view_close(&v);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
