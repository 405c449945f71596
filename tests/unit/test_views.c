/*
 * test_views.c - the console's screens without a terminal: the rows and
 * cells each view computes from an in-memory database, the lines they
 * format into, and moving through a campaign larger than the screen by
 * keyset pages.
 *
 * The fixture writes campaigns and frozen review items with SQL of the
 * test's own constants (db_exec): the views only read them.
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

#include "db/browse.h"
#include "db/db.h"
#include "db/item.h"
#include "db/role.h"
#include "lib/sb.h"
#include "lib/text.h"
#include "tui/console/consoleint.h"
#include "tui/console/keys.h"
#include "tui/console/views.h"

/* 2026-11-26T00:00:00Z: "412 days" is counted from here. */
#define NOW 1795651200LL

static void
exec(struct db *db, const char *sql)
{
	struct err e = ERR_INIT;

	if (db_exec(db, sql, &e) != 0)
		fail_msg("%s", e.msg);
}

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
	    "INSERT INTO campaign (id, name, due, state, created_by,"
	    " created_at) VALUES (1, 'Q4 review', '2026-12-15', 'open',"
	    " 'root', '2026-11-01T00:00:00Z');"
	    "INSERT INTO campaign (id, name, due, state, created_by,"
	    " created_at) VALUES (2, 'Big', '2026-12-31', 'open', 'root',"
	    " '2026-11-01T00:00:00Z');");
	/* Campaign 1: mgr reviews five items, one of them someone else's. */
	exec(db,
	    "INSERT INTO review_item (id, campaign_id, source, source_kind,"
	    " account_ext_id, account, person, entitlement_ext_id,"
	    " entitlement, tier, path, last_used, findings, reviewer,"
	    " decision, until) VALUES"
	    " (1, 1, 'corp', 'ad', 'S-1', 'bob', 'Bob Marsh', 'G-1',"
	    "  'Backup Operators', 1, '[\"bob\",\"Backup Operators\"]',"
	    "  '2026-11-20T08:00:00Z', '[]', 'mgr', 'pending', NULL),"
	    " (2, 1, 'corp', 'ad', 'S-2', 'alice', 'Alice Ng', 'G-2',"
	    "  'Domain Admins', 0, '[\"alice\",\"Helpdesk-L2\","
	    "  \"Server Admins\",\"Domain Admins\"]', '2025-10-10T00:00:00Z',"
	    "  '[{\"kind\":\"dormant\",\"severity\":\"high\",\"evidence\":"
	    "  \"no logon for 412 days\",\"techniques\":[\"T1078.002\"]},"
	    "  {\"kind\":\"no-mfa\",\"severity\":\"high\",\"evidence\":"
	    "  \"no MFA device\"}]', 'mgr', 'pending', NULL),"
	    " (3, 1, 'web01', 'sudoers', 'alice', 'alice', 'Alice Ng',"
	    "  'ALL', 'sudo ALL', 0, '[\"alice\",\"sudo ALL\"]', NULL,"
	    "  '[]', 'mgr', 'approve', NULL),"
	    " (4, 1, 'corp', 'ad', 'S-4', 'svc-x', NULL, 'G-1',"
	    "  'Backup Operators', 1, '[\"svc-x\",\"Backup Operators\"]',"
	    "  NULL, '[{\"kind\":\"shared-account\",\"evidence\":\"no "
	    "owner\"}]',"
	    "  'mgr', 'exception', '2027-03-31'),"
	    " (5, 1, 'corp', 'ad', 'S-5', 'eve', 'Eve\x1b[2J', 'G-2',"
	    "  'Domain Admins', 0, '[\"eve\",\"Domain Admins\"]',"
	    "  '2026-11-26T00:00:00Z', '[]', 'mgr', 'revoke', NULL),"
	    " (6, 1, 'corp', 'ad', 'S-6', 'zed', 'Zed', 'G-2',"
	    "  'Domain Admins', 0, '[\"zed\",\"Domain Admins\"]', NULL,"
	    "  '[]', 'other', 'pending', NULL);");
	/* Campaign 2: 1,000 items for mgr, every tenth flagged. */
	exec(db,
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
	    " WHERE i < 1000)"
	    " INSERT INTO review_item (id, campaign_id, source, source_kind,"
	    " account_ext_id, account, person, entitlement_ext_id,"
	    " entitlement, tier, path, findings, reviewer, decision)"
	    " SELECT 100 + i, 2, 'corp', 'ad', 'S' || i, 'u' || i,"
	    " printf('P%04d', i), 'G', 'Admins', 0, '[]',"
	    " CASE WHEN i % 10 = 0 THEN '[\"dormant\"]' ELSE '[]' END,"
	    " 'mgr', CASE WHEN i % 7 = 0 THEN 'pending' ELSE 'approve' END"
	    " FROM n;");
	*state = db;
	return 0;
}

static int
teardown(void **state)
{
	db_close(*state);
	return 0;
}

/* The text of cell c of row i. */
static const char *
cell(const struct view *v, size_t i, int c)
{
	assert_true(i < v->nrows);
	assert_true(c < v->rows[i].ncells);
	return v->rows[i].cells[c].text;
}

/* Row i formatted as on a screen of v's width, right spaces trimmed. */
static char *
line(const struct view *v, size_t i)
{
	int widths[32];
	struct sb sb = SB_INIT;

	view_layout(v, v->width, widths);
	view_format_row(v, i, widths, &sb, NULL);
	while (sb.len > 0 && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	return sb_detach(&sb);
}

static int collect(const struct item_row *r, void *arg);

/* The row about item id in v's window, or NULL. */
static const struct row *
find(const struct view *v, int64_t id)
{
	size_t i;

	for (i = 0; i < v->nrows; i++)
		if (v->rows[i].id == id)
			return &v->rows[i];
	return NULL;
}

static void
assert_line(const struct view *v, size_t i, const char *want)
{
	char *got = line(v, i);

	assert_string_equal(got, want);
	free(got);
}

static void
test_queue_first_screen(void **state)
{
	struct db *db = *state;
	struct view v = { 0 };
	struct err e = ERR_INIT;
	struct sb sb = SB_INIT;
	struct actor me = { 0 };
	char *l;

	me.login = "mgr";
	me.roles = ROLE_REVIEWER;
	assert_int_equal(view_queue_open(&v, db, &me, 1, "Q4 review",
			     "2026-12-15", "mgr", NOW, 20, 100, &e),
	    0);
	/* Only mgr's five; flagged first (alice, then the nobody's
	 * svc-x sorted by account), then by person. */
	assert_int_equal(v.nrows, 5);
	assert_int_equal(v.rows[0].id, 2);
	assert_int_equal(v.rows[1].id, 4);
	assert_int_equal(v.rows[2].id, 3);
	assert_int_equal(v.rows[3].id, 1);
	assert_int_equal(v.rows[4].id, 5);
	assert_string_equal(cell(&v, 0, QC_MARK), "!");
	assert_string_equal(cell(&v, 0, QC_PERSON), "Alice Ng");
	assert_string_equal(cell(&v, 0, QC_TIER), "0");
	assert_int_equal(v.rows[0].cells[QC_TIER].style, ST_DANGER);
	assert_string_equal(cell(&v, 0, QC_LASTUSED), "412 days");
	assert_string_equal(cell(&v, 0, QC_FLAGS), "dormant, no MFA");
	/* the most severe finding's colour: high */
	assert_int_equal(v.rows[0].cells[QC_FLAGS].style, ST_FLAG);
	assert_string_equal(cell(&v, 0, QC_DECISION), "pending");
	assert_string_equal(cell(&v, 1, QC_PERSON), "(nobody)");
	assert_string_equal(cell(&v, 1, QC_LASTUSED), "unknown");
	assert_string_equal(cell(&v, 1, QC_FLAGS), "shared");
	assert_string_equal(cell(&v, 1, QC_DECISION),
	    "exception to 2027-03-31");
	assert_int_equal(v.rows[1].cells[QC_DECISION].style, ST_WARN);
	assert_string_equal(cell(&v, 2, QC_DECISION), "approve");
	assert_string_equal(cell(&v, 2, QC_MARK), "");
	assert_string_equal(cell(&v, 4, QC_LASTUSED), "today");
	assert_int_equal(v.rows[4].cells[QC_DECISION].style, ST_DANGER);
	/* The raw escape sequence is data; the line shows it escaped. */
	assert_string_equal(cell(&v, 4, QC_PERSON), "Eve\x1b[2J");
	l = line(&v, 4);
	assert_non_null(strstr(l, "Eve\\x1b[2J"));
	assert_null(strchr(l, 0x1b));
	free(l);
	v.ops->title(&v, &sb);
	assert_string_equal(sb.buf,
	    "Q4 review - due 2026-12-15 - my queue - by person");
	sb_reset(&sb);
	v.ops->status(&v, &sb);
	assert_string_equal(sb.buf, "counting...");
	assert_int_equal(v.ops->idle(&v, &e), 1);
	sb_reset(&sb);
	v.ops->status(&v, &sb);
	assert_string_equal(sb.buf, "5 items, 2 pending, 2 flagged");
	/* Issue 17: under a filter the footer counts the items shown. */
	assert_int_equal(view_filter(&v, "alice", &e), 0);
	assert_int_equal(v.nrows, 2);
	while (v.ops->idle(&v, &e) == 1)
		;
	sb_reset(&sb);
	v.ops->status(&v, &sb);
	assert_string_equal(sb.buf, "2 of 5 shown, 2 pending, 2 flagged");
	assert_int_equal(view_filter(&v, NULL, &e), 0);
	assert_int_equal(v.ops->request(&v, REQ_PENDING, &e), VR_RELOAD);
	sb_reset(&sb);
	v.ops->status(&v, &sb);
	assert_string_equal(sb.buf, "2 of 5 shown, 2 pending, 2 flagged");
	sb_release(&sb);
	view_close(&v);
}

static void
test_queue_lines_80(void **state)
{
	struct db *db = *state;
	struct view v = { 0 };
	struct err e = ERR_INIT;
	int widths[QC_COUNT];
	struct sb sb = SB_INIT;
	struct actor me = { 0 };
	char *l;

	me.login = "mgr";
	me.roles = ROLE_REVIEWER;
	assert_int_equal(view_queue_open(&v, db, &me, 1, "Q4 review", NULL,
			     "mgr", NOW, 20, 80, &e),
	    0);
	view_layout(&v, 80, widths);
	/* 80 columns: person, entitlement, flags and decision win the
	 * width; source and account are in the detail; no reviewer
	 * column in one's own queue. */
	assert_int_equal(widths[QC_SOURCE], 0);
	assert_int_equal(widths[QC_ACCOUNT], 0);
	assert_int_equal(widths[QC_REVIEWER], 0);
	assert_true(widths[QC_PERSON] >= 14);
	assert_true(widths[QC_ENTITLEMENT] >= 18);
	assert_true(widths[QC_FLAGS] >= 14);
	assert_true(widths[QC_DECISION] >= 10);
	view_format_header(&v, widths, &sb);
	assert_int_equal(text_width(sb.buf), 80);
	assert_true(strncmp(sb.buf, "   Person", 9) == 0);
	/* The unflagged group starts again with its person shown. */
	l = line(&v, 2);
	assert_true(strncmp(l, "   Alice Ng", 11) == 0);
	free(l);
	assert_line(&v, 0,
	    "!  Alice Ng         Domain Admins        0 412 days  "
	    "dormant, no MFA pending");
	/* 120 columns: every column. */
	view_layout(&v, 120, widths);
	assert_true(widths[QC_SOURCE] >= 6);
	assert_true(widths[QC_ACCOUNT] >= 8);
	/* 50 columns: the droppable columns go first (source, account). */
	view_layout(&v, 50, widths);
	assert_int_equal(widths[QC_SOURCE], 0);
	assert_int_equal(widths[QC_ACCOUNT], 0);
	assert_int_equal(widths[QC_LASTUSED], 0);
	assert_true(widths[QC_PERSON] >= 10);
	sb_release(&sb);
	view_close(&v);
}

/* Walk the whole of campaign 2 with the cursor on a 10-row screen. */
static void
test_queue_keyset_walk(void **state)
{
	struct db *db = *state;
	struct view v = { 0 };
	struct err e = ERR_INIT;
	int64_t seen[1000];
	size_t n = 0, i;
	const struct row *r;

	assert_int_equal(view_queue_open(&v, db, NULL, 2, "Big", NULL, "mgr",
			     NOW, 10, 80, &e),
	    0);
	assert_int_equal(v.nrows, 10);
	/* The 100 flagged items first, by person. */
	assert_string_equal(cell(&v, 0, QC_PERSON), "P0010");
	for (;;) {
		int64_t id;

		r = view_current(&v);
		assert_non_null(r);
		assert_true(n < 1000);
		id = r->id;
		seen[n++] = id;
		assert_true(v.nrows <= 10);
		if (view_move(&v, 1, &e) == VR_NONE ||
		    view_current(&v)->id == id)
			break;
	}
	assert_int_equal(n, 1000);
	/* Flagged 110, 120, ... 1100 first, then the rest by person. */
	assert_int_equal(seen[0], 110);
	assert_int_equal(seen[99], 1100);
	assert_int_equal(seen[100], 101);
	assert_int_equal(seen[999], 1099);
	for (i = 101; i < 1000; i++)
		assert_true(seen[i] > seen[i - 1]);
	/* Back up by pages to the top: the window is always 10 rows. */
	for (i = 0; i < 200 && view_current(&v)->id != 110; i++) {
		view_page(&v, -1, &e);
		assert_int_equal(v.nrows, 10);
	}
	assert_int_equal(v.rows[0].id, 110);
	/* G and g. */
	view_end(&v, 1, &e);
	assert_int_equal(view_current(&v)->id, 1099);
	assert_int_equal(v.rows[0].id, seen[990]);
	view_end(&v, 0, &e);
	assert_int_equal(view_current(&v)->id, 110);
	/* Page down keeps the cursor's screen line. */
	view_move(&v, 3, &e);
	view_page(&v, 1, &e);
	assert_int_equal(v.cursor, 3);
	assert_int_equal(view_current(&v)->id, seen[13]);
	view_close(&v);
}

/* Press s until v's title names order (at most a round). */
static void
sort_to(struct view *v, const char *order)
{
	struct err e = ERR_INIT;
	struct sb sb = SB_INIT;
	int i;

	for (i = 0; i < 8; i++) {
		assert_int_equal(v->ops->request(v, REQ_SORT, &e), VR_RELOAD);
		assert_int_equal(view_refresh(v, &e), 0);
		sb_reset(&sb);
		v->ops->title(v, &sb);
		if (strstr(sb.buf, order) != NULL)
			break;
	}
	sb_release(&sb);
	assert_true(i < 8);
}

/* The ids of v's rows walked from the first with the cursor. */
static void
walk_ids(struct view *v, struct sb *out)
{
	struct err e = ERR_INIT;

	sb_reset(out);
	view_end(v, 0, &e);
	for (;;) {
		int64_t was = view_item(v);

		sb_addf(out, "%s%lld", out->len ? "," : "", (long long)was);
		view_move(v, 1, &e);
		if (view_item(v) == was)
			break;
	}
}

/* Issue 17: s sorts by tier, severity and last use too, a screen of two
 * rows paging through each order by its keys. */
static void
test_queue_sorts(void **state)
{
	struct db *db = *state;
	struct view v = { 0 };
	struct err e = ERR_INIT;
	struct sb ids = SB_INIT;

	assert_int_equal(view_queue_open(&v, db, NULL, 1, "Q4 review", NULL,
			     "mgr", NOW, 2, 80, &e),
	    0);
	walk_ids(&v, &ids);
	assert_string_equal(ids.buf, "2,4,3,1,5");
	sort_to(&v, "by tier");
	walk_ids(&v, &ids);
	assert_string_equal(ids.buf, "2,3,5,1,4");
	sort_to(&v, "by severity");
	walk_ids(&v, &ids);
	/* high, then a finding of no severity, then none (by person) */
	assert_string_equal(ids.buf, "2,4,3,1,5");
	assert_int_equal(view_filter(&v, "alice", &e), 0);
	walk_ids(&v, &ids);
	assert_string_equal(ids.buf, "2,3");
	assert_int_equal(view_filter(&v, NULL, &e), 0);
	sort_to(&v, "by last use");
	walk_ids(&v, &ids);
	/* the longest unused first, the unknown last */
	assert_string_equal(ids.buf, "2,1,5,3,4");
	sb_release(&ids);
	view_close(&v);
}

/* Issue 17: "+" new since the campaign before, "=" approved there
 * unchanged, and A marks those for one decision. */
static void
test_queue_prior_marks(void **state)
{
	struct db *db = *state;
	struct view v = { 0 };
	struct err e = ERR_INIT;
	const int64_t *ids;
	int64_t prev;

	exec(db,
	    "INSERT INTO campaign (id, name, due, state, created_by,"
	    " created_at) VALUES (3, 'Next', '2027-03-31', 'open', 'root',"
	    " '2026-12-01T00:00:00Z');"
	    "INSERT INTO review_item (id, campaign_id, source, source_kind,"
	    " account_ext_id, account, person, entitlement_ext_id,"
	    " entitlement, tier, path, findings, reviewer, decision)"
	    " SELECT 5000 + id, 3, source, source_kind, account_ext_id,"
	    " account, person, entitlement_ext_id, entitlement, tier, path,"
	    " findings, reviewer, 'pending' FROM review_item"
	    " WHERE id IN (107, 110, 111, 112);"
	    "UPDATE review_item SET tier = 1 WHERE id = 5112;"
	    "INSERT INTO review_item (id, campaign_id, source, source_kind,"
	    " account_ext_id, account, person, entitlement_ext_id,"
	    " entitlement, tier, path, findings, reviewer, decision) VALUES"
	    " (5999, 3, 'corp', 'ad', 'S-new', 'new', 'P-new', 'G',"
	    " 'Admins', 0, '[]', '[]', 'mgr', 'pending');");
	assert_int_equal(db_campaign_previous(db, 3, &prev, &e), 0);
	assert_int_equal(prev, 2);
	assert_int_equal(db_campaign_previous(db, 1, &prev, &e), 0);
	assert_int_equal(prev, 0);
	assert_int_equal(view_queue_open(&v, db, NULL, 3, "Next", NULL, "mgr",
			     NOW, 10, 80, &e),
	    0);
	assert_int_equal(v.nrows, 5);
	/* 107 was pending last time, 112 changed tier: no mark */
	assert_string_equal(find(&v, 5107)->cells[QC_MARK].text, "");
	assert_string_equal(find(&v, 5112)->cells[QC_MARK].text, "");
	assert_string_equal(find(&v, 5110)->cells[QC_MARK].text, "!=");
	assert_string_equal(find(&v, 5111)->cells[QC_MARK].text, " =");
	assert_string_equal(find(&v, 5999)->cells[QC_MARK].text, " +");
	assert_int_equal(v.ops->request(&v, REQ_MARK_UNCHANGED, &e), VR_REDRAW);
	assert_int_equal(e.code, 0);
	assert_non_null(strstr(e.msg, "2 marked"));
	assert_int_equal(view_marked(&v, &ids), 2);
	assert_int_equal(ids[0], 5110);
	assert_int_equal(ids[1], 5111);
	assert_string_equal(find(&v, 5110)->cells[QC_MARK].text, "*=");
	view_close(&v);
	/* Campaign 1 has none before it: A says so. */
	assert_int_equal(view_queue_open(&v, db, NULL, 1, "Q4 review", NULL,
			     "mgr", NOW, 10, 80, &e),
	    0);
	assert_int_equal(v.ops->request(&v, REQ_MARK_UNCHANGED, &e), VR_NONE);
	assert_int_equal(e.code, PARC_EUSAGE);
	view_close(&v);
}

static void
test_queue_filter_sort_pending(void **state)
{
	struct db *db = *state;
	struct view v = { 0 };
	struct err e = ERR_INIT;
	size_t i;
	char *l;

	assert_int_equal(view_queue_open(&v, db, NULL, 2, "Big", NULL, "mgr",
			     NOW, 10, 80, &e),
	    0);
	/* "p099" matches P0990..P0999 (case-insensitive), the flagged
	 * P0990 first. */
	assert_int_equal(view_filter(&v, "p099", &e), 0);
	assert_int_equal(v.nrows, 10);
	assert_string_equal(cell(&v, 0, QC_PERSON), "P0990");
	assert_string_equal(cell(&v, 1, QC_PERSON), "P0991");
	/* Grouped by entitlement, the repeated "Admins" is left blank. */
	sort_to(&v, "by entitlement");
	assert_string_equal(cell(&v, 1, QC_ENTITLEMENT), "Admins");
	l = line(&v, 0);
	assert_non_null(strstr(l, "Admins"));
	free(l);
	l = line(&v, 1);
	assert_null(strstr(l, "Admins"));
	free(l);
	v.ops->request(&v, REQ_SORT, &e);
	v.ops->request(&v, REQ_SORT, &e);
	view_refresh(&v, &e);
	assert_string_equal(cell(&v, 9, QC_PERSON), "P0999");
	for (i = 0; i < 12; i++)
		view_move(&v, 1, &e);
	assert_string_equal(view_current(&v)->cells[QC_PERSON].text, "P0999");
	assert_int_equal(view_filter(&v, "no such person", &e), 0);
	assert_int_equal(v.nrows, 0);
	assert_null(view_current(&v));
	assert_int_equal(view_filter(&v, NULL, &e), 0);
	/* Pending only: every seventh. */
	assert_int_equal(v.ops->request(&v, REQ_PENDING, &e), VR_RELOAD);
	assert_int_equal(view_refresh(&v, &e), 0);
	for (i = 0; i < v.nrows; i++)
		assert_string_equal(cell(&v, i, QC_DECISION), "pending");
	assert_int_equal(v.rows[0].id, 170); /* flagged and 70 % 7 == 0 */
	v.ops->request(&v, REQ_PENDING, &e);
	/* Campaign order: by item id. */
	sort_to(&v, "campaign order");
	assert_int_equal(v.rows[0].id, 101);
	assert_int_equal(v.rows[9].id, 110);
	view_close(&v);
}

static void
test_queue_next_pending_and_marks(void **state)
{
	struct db *db = *state;
	struct view v = { 0 };
	struct err e = ERR_INIT;
	const int64_t *ids;
	struct sb sb = SB_INIT;
	int64_t cur;

	assert_int_equal(view_queue_open(&v, db, NULL, 2, "Big", NULL, "mgr",
			     NOW, 10, 80, &e),
	    0);
	sort_to(&v, "campaign order");
	/* Campaign order 101, 102, ...: pending are 107, 114, 121, ... */
	assert_int_equal(v.ops->request(&v, REQ_NEXT_PENDING, &e), VR_REDRAW);
	assert_int_equal(view_current(&v)->id, 107);
	v.ops->request(&v, REQ_NEXT_PENDING, &e);
	assert_int_equal(view_current(&v)->id, 114);
	v.ops->request(&v, REQ_PREV_PENDING, &e);
	assert_int_equal(view_current(&v)->id, 107);
	/* Nothing pending before the first: nothing moves, nothing breaks. */
	view_end(&v, 0, &e);
	assert_int_equal(v.ops->request(&v, REQ_PREV_PENDING, &e), VR_NONE);
	assert_int_equal(view_current(&v)->id, 101);
	view_end(&v, 1, &e);
	assert_int_equal(view_current(&v)->id, 1100);
	assert_int_equal(v.ops->request(&v, REQ_NEXT_PENDING, &e), VR_NONE);
	assert_int_equal(v.ops->request(&v, REQ_PREV_PENDING, &e), VR_REDRAW);
	assert_int_equal(view_current(&v)->id, 1094); /* i = 994 = 7 * 142 */
	view_end(&v, 0, &e);
	v.ops->request(&v, REQ_NEXT_PENDING, &e);
	assert_int_equal(view_current(&v)->id, 107);
	/* Mark 107 and 108 (space marks and moves down). */
	v.ops->request(&v, REQ_SELECT, &e);
	assert_int_equal(view_current(&v)->id, 108);
	v.ops->request(&v, REQ_SELECT, &e);
	assert_int_equal(view_marked(&v, &ids), 2);
	assert_int_equal(ids[0], 107);
	assert_int_equal(ids[1], 108);
	/* marked; new since campaign 1, the one before */
	assert_string_equal(find(&v, 107)->cells[QC_MARK].text, "*+");
	/* Marks survive paging away and back. */
	view_page(&v, 1, &e);
	assert_null(find(&v, 107));
	view_page(&v, -1, &e);
	assert_true(find(&v, 107)->selected);
	assert_string_equal(find(&v, 107)->cells[QC_MARK].text, "*+");
	/* 110 is flagged: mark it, and the confirmation counts flags. */
	while (view_current(&v)->id != 110)
		assert_int_equal(view_move(&v, 1, &e), VR_REDRAW);
	v.ops->request(&v, REQ_SELECT, &e);
	assert_int_equal(view_marked(&v, &ids), 3);
	assert_int_equal(view_items_flags(db, ids, 3, &sb, &e), 0);
	assert_string_equal(sb.buf, "dormant (1)");
	/* Decided together: unmarked, the cursor stays. */
	cur = view_item(&v);
	assert_int_equal(view_decided(&v, VD_MARKED, &e), 0);
	assert_int_equal(view_marked(&v, &ids), 0);
	assert_false(find(&v, 107)->selected);
	assert_string_equal(find(&v, 107)->cells[QC_MARK].text, " +");
	assert_int_equal(view_item(&v), cur);
	/* The current item decided: the cursor goes to the next item
	 * still pending (every seventh here), past the decided ones. */
	{
		size_t at = v.cursor, i;

		assert_int_equal(view_decided(&v, VD_CURRENT, &e), 0);
		assert_true(view_item(&v) != cur);
		assert_string_equal(view_current(&v)->aux, "pending");
		for (i = at + 1; i < v.cursor; i++)
			assert_string_equal(v.rows[i].aux, "approve");
		cur = view_item(&v);
	}
	assert_int_equal(view_decided(&v, VD_OTHER, &e), 0);
	assert_int_equal(view_item(&v), cur);
	sb_release(&sb);
	view_close(&v);
}

static void
test_queue_scope_needs_role(void **state)
{
	struct db *db = *state;
	struct view v = { 0 };
	struct err e = ERR_INIT;
	struct actor admin = { 0 }, plain = { 0 };
	struct sb sb = SB_INIT;
	int widths[QC_COUNT];

	admin.login = "root";
	admin.roles = ROLE_ADMIN;
	plain.login = "mgr";
	plain.roles = ROLE_REVIEWER;
	assert_int_equal(view_queue_open(&v, db, &plain, 1, "Q4 review", NULL,
			     "mgr", NOW, 10, 80, &e),
	    0);
	assert_int_equal(v.ops->request(&v, REQ_SCOPE, &e), VR_NONE);
	assert_int_equal(e.code, PARC_EUSAGE);
	view_close(&v);
	assert_int_equal(view_queue_open(&v, db, &admin, 1, "Q4 review", NULL,
			     "mgr", NOW, 10, 80, &e),
	    0);
	/* Issue 17 (7): the title says whose queue it is, and a queue
	 * that is not one's own has a reviewer column. */
	v.ops->title(&v, &sb);
	assert_string_equal(sb.buf, "Q4 review - queue of mgr - by person");
	view_layout(&v, 80, widths);
	assert_true(widths[QC_REVIEWER] >= 9);
	assert_int_equal(v.ops->request(&v, REQ_SCOPE, &e), VR_RELOAD);
	view_refresh(&v, &e);
	/* Every item: zed's, reviewed by someone else, shows too. */
	assert_int_equal(v.nrows, 6);
	assert_true(view_queue_all(&v));
	sb_reset(&sb);
	v.ops->title(&v, &sb);
	assert_string_equal(sb.buf, "Q4 review - all items - by person");
	view_layout(&v, 80, widths);
	assert_true(widths[QC_REVIEWER] >= 9);
	assert_non_null(find(&v, 6));
	assert_string_equal(find(&v, 6)->cells[QC_REVIEWER].text, "other");
	/* m again: back to mgr's queue, said so. */
	assert_int_equal(v.ops->request(&v, REQ_SCOPE, &e), VR_RELOAD);
	view_refresh(&v, &e);
	sb_reset(&sb);
	v.ops->title(&v, &sb);
	assert_string_equal(sb.buf, "Q4 review - queue of mgr - by person");
	view_close(&v);
	/* One's own queue: "my queue", no reviewer column. */
	assert_int_equal(view_queue_open(&v, db, &plain, 1, "Q4 review", NULL,
			     "mgr", NOW, 10, 80, &e),
	    0);
	sb_reset(&sb);
	v.ops->title(&v, &sb);
	assert_string_equal(sb.buf, "Q4 review - my queue - by person");
	view_layout(&v, 80, widths);
	assert_int_equal(widths[QC_REVIEWER], 0);
	view_close(&v);
	sb_release(&sb);
}

static int
collect(const struct item_row *r, void *arg)
{
	struct sb *sb = arg;

	sb_addf(sb, "%s%lld", sb->len ? "," : "", (long long)r->id);
	return 0;
}

/* The filter through the trigram index and through the ordered scan give
 * the same items in the same order. */
static void
test_filter_index_and_scan(void **state)
{
	struct db *db = *state;
	struct db_item_query q = { 0 };
	struct err e = ERR_INIT;
	struct sb a = SB_INIT, b = SB_INIT;
	struct view v = { 0 };

	q.campaign = 1;
	q.reviewer = "mgr";
	q.filter = "núñ";
	assert_int_equal(db_items_plan_filter(db, &q, &e), 0);
	assert_int_equal(q.filter_plan, 1); /* few candidates: the index */
	assert_int_equal(db_items_page(db, &q, NULL, DB_PAGE_FIRST, 10, collect,
			     &a, &e),
	    0);
	assert_string_equal(a.buf, "");
	/* Findings are searchable: "no-mfa" is in alice's frozen JSON. */
	q.filter = "no-mfa";
	assert_int_equal(db_items_plan_filter(db, &q, &e), 0);
	assert_int_equal(q.filter_plan, 1);
	assert_int_equal(db_items_page(db, &q, NULL, DB_PAGE_FIRST, 10, collect,
			     &a, &e),
	    0);
	assert_string_equal(a.buf, "2");
	/* Index and scan agree on a bigger set, paged from a key. */
	sb_reset(&a);
	q.campaign = 2;
	q.filter = "P09";
	assert_int_equal(db_items_plan_filter(db, &q, &e), 0);
	assert_int_equal(q.filter_plan, 1);
	db_items_page(db, &q, NULL, DB_PAGE_FIRST, 500, collect, &a, &e);
	q.filter_plan = 2; /* force the scan */
	db_items_page(db, &q, NULL, DB_PAGE_FIRST, 500, collect, &b, &e);
	assert_true(a.len > 0);
	assert_string_equal(a.buf, b.buf);
	/* Two characters cannot use trigrams: the scan. */
	q.filter = "09";
	assert_int_equal(db_items_plan_filter(db, &q, &e), 0);
	assert_int_equal(q.filter_plan, 2);
	/* A quote in the filter is text, not query syntax. */
	q.filter = "a\"b OR c";
	assert_int_equal(db_items_plan_filter(db, &q, &e), 0);
	sb_reset(&a);
	assert_int_equal(db_items_page(db, &q, NULL, DB_PAGE_FIRST, 10, collect,
			     &a, &e),
	    0);
	assert_string_equal(a.buf, "");
	/* Through the view: typed in any case. */
	assert_int_equal(view_queue_open(&v, db, NULL, 1, "Q4 review", NULL,
			     "mgr", NOW, 10, 80, &e),
	    0);
	assert_int_equal(view_filter(&v, "BACKUP", &e), 0);
	assert_int_equal(v.nrows, 2);
	assert_int_equal(v.rows[0].id, 4);
	assert_int_equal(v.rows[1].id, 1);
	view_close(&v);
	sb_release(&a);
	sb_release(&b);
}

/* On a queue of more than 20,000 items, a filter that many items match
 * comes in campaign order, paged; one of two characters waits. */
static void
test_filter_common(void **state)
{
	struct db *db = *state;
	struct view v = { 0 };
	struct err e = ERR_INIT;
	struct sb sb = SB_INIT;
	size_t i;

	exec(db,
	    "INSERT INTO campaign (id, name, due, state, created_by,"
	    " created_at) VALUES (3, 'Wide', '2026-12-31', 'open', 'root',"
	    " '2026-11-01T00:00:00Z');"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
	    " WHERE i < 21000)"
	    " INSERT INTO review_item (id, campaign_id, source, source_kind,"
	    " account_ext_id, account, person, entitlement_ext_id,"
	    " entitlement, tier, path, findings, reviewer)"
	    " SELECT 10000 + i, 3, 'corp', 'ad', 'S' || i, 'c' || i,"
	    " 'Common ' || (21000 - i), 'G', 'Admins', 0, '[]',"
	    " CASE WHEN i % 2 = 0 THEN '[\"dormant\"]' ELSE '[]' END,"
	    " 'mgr' FROM n;");
	assert_int_equal(view_queue_open(&v, db, NULL, 3, "Wide", NULL, "mgr",
			     NOW, 10, 80, &e),
	    0);
	/* Unfiltered: flagged first (even i), by person. */
	assert_int_equal(v.rows[0].id, 31000); /* "Common 0" */
	/* Two characters on a queue this large wait for a third. */
	assert_int_equal(view_filter(&v, "co", &e), 0);
	v.ops->title(&v, &sb);
	assert_non_null(strstr(sb.buf, "(filter: type 3 characters)"));
	assert_int_equal(v.rows[0].id, 31000);
	sb_reset(&sb);
	assert_int_equal(view_filter(&v, "COMMON", &e), 0);
	v.ops->title(&v, &sb);
	assert_non_null(strstr(sb.buf, "(filtered: campaign order)"));
	for (i = 0; i < 10; i++)
		assert_int_equal(v.rows[i].id, 10001 + (int64_t)i);
	view_page(&v, 1, &e);
	assert_int_equal(v.rows[0].id, 10011);
	view_page(&v, -1, &e);
	assert_int_equal(v.rows[0].id, 10001);
	view_end(&v, 1, &e);
	assert_int_equal(view_current(&v)->id, 31000);
	view_move(&v, -12, &e);
	assert_int_equal(view_current(&v)->id, 30988);
	/* A rare filter keeps the queue's order. */
	assert_int_equal(view_filter(&v, "common 1199", &e), 0);
	sb_reset(&sb);
	v.ops->title(&v, &sb);
	assert_null(strstr(sb.buf, "campaign order"));
	assert_int_equal(v.nrows, 10);
	assert_string_equal(cell(&v, 0, QC_PERSON), "Common 11990");
	view_close(&v);
	sb_release(&sb);
}

/* The text of every line of a page view, one per line. */
static char *
page_text(const struct view *v)
{
	struct sb sb = SB_INIT;
	size_t i;

	for (i = 0; i < v->nrows; i++) {
		char *l = line(v, i);

		assert_true(text_width(l) <= (size_t)v->width);
		sb_addf(&sb, "%s\n", l);
		free(l);
	}
	return sb_detach(&sb);
}

static void
test_detail(void **state)
{
	struct db *db = *state;
	struct view v = { 0 };
	struct err e = ERR_INIT;
	const int64_t *ids;
	char *text;

	assert_int_equal(view_detail_open(&v, db, NULL, 2, NOW, 20, 60, &e), 0);
	text = page_text(&v);
	if (getenv("TEST_VIEWS_SHOW") != NULL)
		fprintf(stderr, "%s", text);
	assert_non_null(strstr(text, "Alice Ng\n"));
	assert_non_null(strstr(text, "  account alice in corp (ad)\n"));
	assert_non_null(strstr(text, "  last used: 412 days ago\n"));
	assert_non_null(strstr(text, "  Domain Admins, tier 0\n"));
	/* The path through the nested groups. */
	assert_non_null(strstr(text,
	    "  path: alice \xe2\x86\x92 Helpdesk-L2 "
	    "\xe2\x86\x92 Server Admins \xe2\x86\x92 "
	    "Domain Admins\n"));
	assert_non_null(strstr(text,
	    "Findings (2)\n"
	    "  dormant (high)  ATT&CK T1078.002\n"
	    "    no logon for 412 days\n"
	    "  no MFA (high)\n"
	    "    no MFA device\n"));
	assert_non_null(strstr(text,
	    "History of this item\n"
	    "  no decision yet\n"));
	/* A decision here goes to the item shown; / does not filter it. */
	assert_int_equal(view_item(&v), 2);
	assert_int_equal(view_marked(&v, &ids), 0);
	assert_int_equal(view_filter(&v, "x", &e), PARC_EUSAGE);
	assert_null(v.ops->follow);
	free(text);
	/* Narrower: the same words, every line within 30 columns. */
	assert_int_equal(view_resize(&v, 20, 30, &e), 0);
	text = page_text(&v);
	/* Wrapped at spaces, never cut: the path goes on, indented. */
	assert_non_null(strstr(text,
	    "  path: alice \xe2\x86\x92 Helpdesk-L2 "
	    "\xe2\x86\x92\n    Server Admins"));
	assert_non_null(strstr(text, "no logon for 412 days"));
	free(text);
	view_close(&v);
	/* An item that does not exist says so. */
	assert_int_equal(view_detail_open(&v, db, NULL, 99999, NOW, 20, 60, &e),
	    PARC_ENOTFOUND);
	view_close(&v);
}

static void
test_help_and_sources(void **state)
{
	struct db *db = *state;
	struct view v = { 0 };
	struct err e = ERR_INIT;
	struct sb hints = SB_INIT;
	size_t i;
	int approve = 0, filter = 0;

	assert_int_equal(view_help_open(&v, keys_describe, 20, 80, &e), 0);
	for (i = 0; i < v.nrows; i++) {
		if (strcmp(v.rows[i].cells[0].text, "a") == 0 &&
		    strncmp(v.rows[i].cells[1].text, "approve", 7) == 0)
			approve = 1;
		if (strcmp(v.rows[i].cells[0].text, "/") == 0)
			filter = 1;
		/* Every key listed does what its request says. */
		assert_true(
		    v.rows[i].id > REQ_NONE && v.rows[i].id < REQ_COUNT);
		assert_string_equal(v.rows[i].cells[1].text,
		    request_help((enum request)v.rows[i].id));
	}
	assert_true(approve && filter);
	assert_int_equal(v.nrows, REQ_COUNT - 1); /* every request has a key */
	/* Issue 17: each key is listed once ("Enter", not "Enter, Enter"),
	 * under one request. */
	{
		struct sb all = SB_INIT, one = SB_INIT;
		const char *p, *q;

		for (i = 0; i < v.nrows; i++) {
			p = v.rows[i].cells[0].text;
			while (*p) {
				q = strstr(p, ", ");
				sb_reset(&one);
				sb_addf(&one, "|%.*s|",
				    (int)(q ? (size_t)(q - p) : strlen(p)), p);
				if (strstr(all.buf, one.buf) != NULL)
					fail_msg("key %s listed twice",
					    one.buf);
				sb_adds(&all, one.buf);
				p = q ? q + 2 : p + strlen(p);
			}
		}
		sb_release(&all);
		sb_release(&one);
	}
	view_close(&v);
	/* The bottom line's hints come from the same key table. */
	keys_hints(&hints);
	assert_string_equal(hints.buf,
	    "? help  a approve  r revoke  e exception  d delegate  u undo"
	    "  / filter  q back");
	assert_int_equal(keys_request('a'), REQ_APPROVE);
	assert_int_equal(keys_request('q'), REQ_BACK);
	sb_release(&hints);
	exec(db,
	    "INSERT INTO source (id, name, kind, created_at) VALUES"
	    " (1, 'corp', 'ad', '2026-11-01T00:00:00Z');"
	    "INSERT INTO sync_run (source_id, started_at, finished_at, status,"
	    " error) VALUES (1, '2026-11-20T10:00:00Z', '2026-11-20T10:00:05Z',"
	    " 'failed', 'ldaps://dc1: certificate not trusted');");
	assert_int_equal(view_sources_open(&v, db, NULL, NOW, 20, 120, &e), 0);
	assert_int_equal(v.nrows, 1);
	assert_string_equal(cell(&v, 0, 0), "corp");
	assert_string_equal(cell(&v, 0, 2), "5 days ago");
	assert_string_equal(cell(&v, 0, 3), "failed");
	assert_int_equal(v.rows[0].cells[3].style, ST_DANGER);
	assert_string_equal(cell(&v, 0, 7),
	    "ldaps://dc1: certificate not trusted");
	view_close(&v);
}

/* Findings triage: most severe first, filtered, and the item of a grant. */
static void
test_findings(void **state)
{
	struct db *db = *state;
	struct view v = { 0 };
	struct err e = ERR_INIT;
	struct view_link to = { LINK_NONE, 0, NULL };
	struct sb ids = SB_INIT;
	int n;

	exec(db,
	    "INSERT INTO source (id, name, kind, created_at) VALUES"
	    " (1, 'corp', 'ad', '2026-11-01T00:00:00Z');"
	    "INSERT INTO principal (id, source_id, ext_id, name, first_seen)"
	    " VALUES (1, 1, 'S-2', 'alice', '2026-11-01T00:00:00Z'),"
	    " (2, 1, 'S-9', 'svc-x', '2026-11-01T00:00:00Z');"
	    "INSERT INTO entitlement (id, source_id, ext_id, name, kind, tier)"
	    " VALUES (1, 1, 'G-2', 'Domain Admins', 'group', 0);"
	    "INSERT INTO effective_grant (id, source_id, account_id,"
	    " entitlement_id, depth, path, first_seen, last_seen) VALUES"
	    " (7, 1, 1, 1, 1, '[\"alice\"]', '2026-11-01T00:00:00Z',"
	    " '2026-11-01T00:00:00Z'),"
	    " (8, 1, 2, 1, 1, '[\"svc-x\"]', '2026-11-01T00:00:00Z',"
	    " '2026-11-01T00:00:00Z');"
	    "UPDATE review_item SET grant_id = 7 WHERE id = 2;"
	    "UPDATE review_item SET grant_id = 8 WHERE id = 4;"
	    "INSERT INTO finding (kind, severity, source_id, principal_id,"
	    " grant_id, evidence, first_seen, last_seen) VALUES"
	    " ('shared-account', 'medium', 1, 2, NULL, 'svc-x: no owner',"
	    "  '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z'),"
	    " ('dormant', 'critical', 1, 1, 7, 'no logon for 412 days',"
	    "  '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z');");
	assert_int_equal(view_findings_open(&v, db, NULL, 20, 120, &e), 0);
	assert_int_equal(v.nrows, 2);
	/* The critical one first although it came second. */
	assert_string_equal(cell(&v, 0, 0), "critical");
	assert_string_equal(cell(&v, 0, 1), "dormant");
	assert_string_equal(cell(&v, 0, 5), "Domain Admins");
	assert_string_equal(cell(&v, 0, 7), "no logon for 412 days");
	assert_string_equal(cell(&v, 1, 1), "shared");
	/* Enter on it opens the review item of its grant. */
	v.ops->follow(&v, &to);
	assert_int_equal(to.kind, LINK_FINDING);
	assert_string_equal(to.name, "dormant on alice (corp)");
	n = 0;
	sb_reset(&ids);
	assert_int_equal(item_for_finding(db, to.id, 1, collect, &ids, &n, &e),
	    0);
	assert_string_equal(ids.buf, "2");
	/* Issue 17 (6): a finding on an account (not on a grant) leads to
	 * the items of the account's grants that hold it: svc-x's item. */
	v.cursor = 1;
	v.ops->follow(&v, &to);
	assert_int_equal(to.kind, LINK_FINDING);
	assert_string_equal(to.name, "shared on svc-x (corp)");
	sb_reset(&ids);
	assert_int_equal(item_for_finding(db, to.id, 1, collect, &ids, &n, &e),
	    0);
	assert_string_equal(ids.buf, "4");
	assert_int_equal(n, 1);
	/* The list of them: Enter opens one, a decision goes to it. */
	{
		struct view h = { 0 };
		struct view_link hto = { LINK_NONE, 0, NULL };
		struct sb t = SB_INIT;

		assert_int_equal(view_held_open(&h, db, NULL, to.id, 1, to.name,
				     20, 80, &e),
		    0);
		assert_int_equal(h.nrows, 1);
		assert_string_equal(cell(&h, 0, 1), "svc-x");
		assert_string_equal(cell(&h, 0, 5), "exception to 2027-03-31");
		assert_int_equal(view_item(&h), 4);
		h.ops->follow(&h, &hto);
		assert_int_equal(hto.kind, LINK_ITEM);
		assert_int_equal(hto.id, 4);
		h.ops->title(&h, &t);
		assert_string_equal(t.buf,
		    "Items holding shared on svc-x (corp) - Enter: the "
		    "item's detail");
		sb_reset(&t);
		h.ops->status(&h, &t);
		assert_string_equal(t.buf, "1 item, 0 pending");
		sb_release(&t);
		view_close(&h);
	}
	/* ... in the campaign asked for only. */
	sb_reset(&ids);
	assert_int_equal(item_for_finding(db, to.id, 2, collect, &ids, &n, &e),
	    0);
	assert_int_equal(n, 0);
	v.cursor = 0;
	sb_release(&ids);
	/* / on a list keeps the rows that hold the text. */
	assert_int_equal(view_filter(&v, "SVC-X", &e), 0);
	assert_string_equal(v.filter, "SVC-X");
	assert_int_equal(v.nrows, 1);
	assert_string_equal(cell(&v, 0, 3), "svc-x");
	/* a sync stopped before recomputing: the status line says so */
	{
		struct sb st = SB_INIT;

		v.ops->status(&v, &st);
		assert_null(strstr(st.buf, "OUT OF DATE"));
		exec(db, "INSERT INTO meta VALUES ('findings_stale', '1')");
		assert_int_equal(view_refresh(&v, &e), 0);
		sb_reset(&st);
		v.ops->status(&v, &st);
		assert_non_null(strstr(st.buf, "OUT OF DATE"));
		exec(db, "DELETE FROM meta");
		sb_release(&st);
	}
	/* s: one kind at a time. */
	assert_int_equal(view_filter(&v, "", &e), 0);
	assert_null(v.filter);
	assert_int_equal(v.nrows, 2);
	assert_int_equal(v.ops->request(&v, REQ_SORT, &e), VR_RELOAD);
	view_refresh(&v, &e);
	assert_int_equal(v.nrows, 1);
	assert_string_equal(cell(&v, 0, 1), "dormant");
	view_close(&v);
}

static void
test_campaigns(void **state)
{
	struct db *db = *state;
	struct view v = { 0 };
	struct err e = ERR_INIT;
	struct view_link to = { LINK_NONE, 0, NULL };
	size_t i, q4 = 99;

	assert_int_equal(view_campaigns_open(&v, db, NULL, "MGR", NOW, 20, 100,
			     &e),
	    0);
	assert_int_equal(v.nrows, 2);
	for (i = 0; i < v.nrows; i++)
		if (strcmp(cell(&v, i, 0), "Q4 review") == 0)
			q4 = i;
	assert_true(q4 < 2);
	/* The campaign under the cursor; Enter leads to its queue. */
	assert_string_equal(v.ops->campaign(&v), cell(&v, 0, 0));
	v.ops->follow(&v, &to);
	assert_int_equal(to.kind, LINK_CAMPAIGN);
	assert_string_equal(to.name, cell(&v, 0, 0));
	/* No decision is taken on this list. */
	assert_int_equal(view_item(&v), 0);
	assert_string_equal(cell(&v, q4, 1), "open");
	assert_string_equal(cell(&v, q4, 2), "2026-12-15");
	/* 6 items, 3 decided: half done. */
	assert_string_equal(cell(&v, q4, 3), "[#####-----]  50%");
	assert_string_equal(cell(&v, q4, 4), "3");
	/* mgr (any case) has 5 of them, 2 still to decide. */
	assert_string_equal(cell(&v, q4, 6), "5 (2)");
	view_close(&v);
}

/* The inventory pages by grant id, tier 3 left out, paths drawn. */
static void
test_inventory(void **state)
{
	struct db *db = *state;
	struct view v = { 0 };
	struct err e = ERR_INIT;

	exec(db,
	    "INSERT INTO source (id, name, kind, created_at) VALUES"
	    " (1, 'corp', 'ad', '2026-11-01T00:00:00Z');"
	    "INSERT INTO principal (id, source_id, ext_id, name, first_seen)"
	    " VALUES (1, 1, 'S-1', 'alice', '2026-11-01T00:00:00Z'),"
	    " (2, 1, 'S-2', 'bob', '2026-11-01T00:00:00Z');"
	    "INSERT INTO entitlement (id, source_id, ext_id, name, kind, tier)"
	    " VALUES (1, 1, 'G-1', 'Domain Admins', 'group', 0),"
	    " (2, 1, 'G-2', 'Users', 'group', 3),"
	    " (3, 1, 'G-3', 'Backup Operators', 'group', 1);"
	    "INSERT INTO effective_grant (id, source_id, account_id,"
	    " entitlement_id, depth, path, first_seen, last_seen) VALUES"
	    " (1, 1, 1, 1, 2, '[\"alice\",\"Helpdesk\",\"Domain Admins\"]',"
	    "  '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z'),"
	    " (2, 1, 1, 2, 1, '[\"alice\",\"Users\"]',"
	    "  '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z'),"
	    " (3, 1, 2, 3, 1, '[\"bob\",\"Backup Operators\"]',"
	    "  '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z'),"
	    " (4, 1, 2, 1, 1, '[\"bob\",\"Domain Admins\"]',"
	    "  '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z');");
	assert_int_equal(view_inventory_open(&v, db, NULL, NOW, 2, 120, &e), 0);
	assert_int_equal(v.nrows, 2);
	assert_int_equal(v.rows[0].id, 1);
	assert_int_equal(v.rows[1].id, 3); /* 2 is tier 3 */
	assert_string_equal(cell(&v, 0, 7),
	    "alice \xe2\x86\x92 Helpdesk \xe2\x86\x92 Domain Admins");
	assert_string_equal(cell(&v, 0, 4), "0");
	assert_string_equal(cell(&v, 0, 2), "(nobody)");
	view_move(&v, 1, &e);
	view_move(&v, 1, &e);
	assert_int_equal(view_current(&v)->id, 4);
	assert_int_equal(v.rows[0].id, 3);
	view_end(&v, 0, &e);
	assert_int_equal(view_current(&v)->id, 1);
	view_end(&v, 1, &e);
	assert_int_equal(view_current(&v)->id, 4);
	view_close(&v);
}

static void
test_campaign_pick(void **state)
{
	struct db *db = *state;
	struct db_campaign_brief b;
	struct err e = ERR_INIT;

	assert_int_equal(db_campaign_pick(db, "other", NULL, &b, &e), 0);
	/* other has items only in Q4 review. */
	assert_string_equal(b.name, "Q4 review");
	db_campaign_brief_release(&b);
	assert_int_equal(db_campaign_pick(db, "mgr", "Big", &b, &e), 0);
	assert_int_equal(b.id, 2);
	db_campaign_brief_release(&b);
	assert_int_equal(db_campaign_pick(db, "mgr", "Nope", &b, &e),
	    PARC_ENOTFOUND);
	assert_non_null(strstr(e.msg, "no campaign 'Nope'"));
}

/* Issue 17: db's refusals in the console's words, not the CLI's flags. */
static void
test_console_words(void **state)
{
	static const char *const cases[][2] = {
		{ "item 5 has 2 findings: approving it needs a justification "
		  "(--comment)",
		    "item 5 has 2 findings: approving it needs a "
		    "justification" },
		{ "item 5 is unassigned; an admin must delegate it first "
		  "(parc decide 5 delegate --to LOGIN)",
		    "item 5 is unassigned; an admin must delegate it first" },
		{ "item 5: an exception needs --until YYYY-MM-DD, not x",
		    "item 5: an exception needs an until-date (YYYY-MM-DD), "
		    "not x" },
		{ "item 5 is assigned to bob, not ann (act for them with --as)",
		    "item 5 is assigned to bob, not ann" },
		{ "--to nosuch is neither a login of this host nor one of "
		  "the people data",
		    "the login nosuch is neither a login of this host nor "
		    "one of the people data" },
		{ "--due wants a date YYYY-MM-DD, not 'x'",
		    "the due date wants a date YYYY-MM-DD, not 'x'" },
	};
	struct sb sb = SB_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_reset(&sb);
		console_words(cases[i][0], &sb);
		assert_string_equal(sb.buf, cases[i][1]);
	}
	sb_release(&sb);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_queue_first_screen),
		T(test_queue_lines_80),
		T(test_queue_keyset_walk),
		T(test_queue_filter_sort_pending),
		T(test_queue_sorts),
		T(test_queue_prior_marks),
		T(test_console_words),
		T(test_queue_next_pending_and_marks),
		T(test_queue_scope_needs_role),
		T(test_filter_index_and_scan),
		T(test_filter_common),
		T(test_detail),
		T(test_help_and_sources),
		T(test_findings),
		T(test_campaigns),
		T(test_inventory),
		T(test_campaign_pick),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
