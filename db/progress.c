/*
 * progress.c - per-reviewer progress and the burn-down of a campaign,
 * read from its review items in one grouped pass each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/dbint.h"
#include "db/progress.h"

/*
 * One row per reviewer; the person is the active identity with that login
 * when there is one (logins are stored in lower case on items).
 */
static const char reviewers_sql[] =
    "SELECT r.reviewer, p.display_name, p.email, r.items, r.decided,"
    " r.pending, r.overdue, r.last"
    " FROM (SELECT reviewer, count(*) AS items,"
    "  sum(decision <> 'pending') AS decided,"
    "  sum(decision = 'pending') AS pending,"
    "  sum(decision = 'pending' AND overdue_at IS NOT NULL) AS overdue,"
    "  max(decided_at) AS last"
    "  FROM review_item WHERE campaign_id = ?1 GROUP BY reviewer) r"
    " LEFT JOIN identity p ON p.id = (SELECT x.id FROM identity x WHERE"
    "  lower(x.login) = r.reviewer ORDER BY x.status = 'active' DESC, x.id"
    "  LIMIT 1)"
    " ORDER BY r.reviewer IS NULL, r.reviewer";

int
progress_reviewers(struct db *db, int64_t id,
    int (*fn)(const struct progress_row *r, void *arg), void *arg,
    struct err *e)
{
	struct progress_row r;
	sqlite3_stmt *st;
	int step, ret = 0;

	if (db_prepare(db, reviewers_sql, &st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		r.reviewer = db_col_text(st, 0);
		r.name = db_col_text(st, 1);
		r.email = db_col_text(st, 2);
		r.items = sqlite3_column_int64(st, 3);
		r.decided = sqlite3_column_int64(st, 4);
		r.pending = sqlite3_column_int64(st, 5);
		r.overdue = sqlite3_column_int64(st, 6);
		r.last_activity = db_col_text(st, 7);
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	if (ret == 0 && step != SQLITE_DONE && step != SQLITE_ROW)
		ret = db_fail(db, e, "read the campaign's progress");
	sqlite3_finalize(st);
	return ret;
}

/*
 * Days from the opening day to the last one, each with the items less
 * those decided by its end: one pass over the items, grouped by day.
 */
static const char burndown_sql[] =
    "WITH c AS (SELECT date(coalesce(opened_at, created_at)) AS first,"
    "  coalesce(?2, min(date('now'), coalesce(date(closed_at),"
    "  date('now')))) AS last FROM campaign WHERE id = ?1),"
    " days(d) AS (SELECT first FROM c UNION ALL SELECT date(d, '+1 day')"
    "  FROM days, c WHERE d < c.last AND d < date(c.first, '+400 days')),"
    " dec AS (SELECT date(decided_at) AS day, count(*) AS n FROM"
    "  review_item WHERE campaign_id = ?1 AND decision <> 'pending'"
    "  GROUP BY 1),"
    " tot AS (SELECT count(*) AS n FROM review_item WHERE campaign_id ="
    "  ?1)"
    " SELECT d, tot.n - (SELECT coalesce(sum(n), 0) FROM dec WHERE"
    "  dec.day <= d)"
    " FROM days, tot ORDER BY d";

int
progress_burndown(struct db *db, int64_t id, const char *last,
    int (*fn)(const char *day, int64_t pending, void *arg), void *arg,
    struct err *e)
{
	sqlite3_stmt *st;
	int step, ret = 0;

	if (db_prepare(db, burndown_sql, &st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, last);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (db_col_text(st, 0) == NULL)
			continue;
		if ((ret = fn(db_col_text(st, 0), sqlite3_column_int64(st, 1),
			 arg)) != 0)
			break;
	}
	if (ret == 0 && step != SQLITE_DONE && step != SQLITE_ROW)
		ret = db_fail(db, e, "read the campaign's burn-down");
	sqlite3_finalize(st);
	return ret;
}

/* ---- rubber-stamp signals ---- */

/* Each reviewer's items as they stand. */
static const char stamp_items_sql[] =
    "SELECT reviewer, count(*), sum(decision <> 'pending'),"
    " sum(decision = 'approve'),"
    " sum(nfindings > 0 AND decision <> 'pending'),"
    " sum(nfindings > 0 AND decision = 'approve')"
    " FROM review_item WHERE campaign_id = ?1 AND reviewer IS NOT NULL"
    " GROUP BY reviewer ORDER BY reviewer";

/* One reviewer's decisions in the campaign, in the order taken. */
static const char stamp_decisions_sql[] =
    "SELECT d.decision, CAST(strftime('%s', d.decided_at) AS INTEGER)"
    " FROM decision d JOIN review_item i ON i.id = d.item_id"
    " WHERE i.campaign_id = ?1 AND lower(d.decided_by) = ?2 AND"
    " d.decision IN ('approve', 'revoke', 'exception')"
    " ORDER BY d.decided_at, d.id";

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Time the decisions of r->reviewer (the statement bound and stepped). */
static int
time_decisions(struct db *db, sqlite3_stmt *q, int fast, struct stamp_row *r,
    struct err *e)
{
	int64_t *gaps = NULL, prev = 0, t, run = 0;
	size_t n = 0, a = 0;
	int step, first = 1, approve;

	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		approve = strcmp(db_col_text(q, 0), "approve") == 0;
		t = sqlite3_column_int64(q, 1);
		r->decisions++;
		if (!first && t - prev <= STAMP_SITTING) {
			if (n == a) {
				a = a ? 2 * a : 64;
				gaps = xrealloc(gaps, a * sizeof(*gaps));
			}
			gaps[n++] = t - prev;
		}
		/*
		 * A run: approvals each within fast seconds of the one
		 * before; a slow approval starts a new one, anything else
		 * ends it. Counted once, when it reaches STAMP_RUN.
		 */
		if (approve && !first && t - prev <= fast)
			run++;
		else
			run = approve;
		if (run > r->longest_run)
			r->longest_run = run;
		if (run == STAMP_RUN)
			r->fast_runs++;
		prev = t;
		first = 0;
	}
	if (step != SQLITE_DONE) {
		free(gaps);
		return db_fail(db, e, "read the decisions");
	}
	r->median_seconds = -1;
	if (n > 0) {
		qsort(gaps, n, sizeof(*gaps), cmp_i64);
		r->median_seconds =
		    n % 2 ? gaps[n / 2] : (gaps[n / 2 - 1] + gaps[n / 2]) / 2;
	}
	free(gaps);
	return 0;
}

int
progress_signals(struct db *db, int64_t id, int fast,
    int (*fn)(const struct stamp_row *r, void *arg), void *arg, struct err *e)
{
	sqlite3_stmt *st = NULL, *q = NULL;
	struct stamp_row r;
	int step, rc = 0;

	if (fast <= 0)
		fast = STAMP_FAST_SECONDS;
	if ((rc = db_prepare(db, stamp_items_sql, &st, e)) != 0 ||
	    (rc = db_prepare(db, stamp_decisions_sql, &q, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		r.reviewer = db_col_text(st, 0);
		r.items = sqlite3_column_int64(st, 1);
		r.decided = sqlite3_column_int64(st, 2);
		r.approved = sqlite3_column_int64(st, 3);
		r.flagged_decided = sqlite3_column_int64(st, 4);
		r.flagged_approved = sqlite3_column_int64(st, 5);
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, id);
		db_bind_text(q, 2, r.reviewer);
		if ((rc = time_decisions(db, q, fast, &r, e)) != 0)
			goto out;
		if (r.fast_runs > 0)
			r.signals |= STAMP_FAST_RUN;
		if (r.flagged_decided > 0 &&
		    r.flagged_approved == r.flagged_decided)
			r.signals |= STAMP_FLAGGED_OK;
		if (r.items >= 2 && r.decided == r.items &&
		    r.approved == r.items)
			r.signals |= STAMP_APPROVED_ALL;
		if ((rc = fn(&r, arg)) != 0)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = db_fail(db, e, "read the reviewers' items");
out:
	sqlite3_finalize(st);
	sqlite3_finalize(q);
	return rc;
}

void
stamp_signal_names(int signals, struct sb *sb)
{
	static const struct {
		int bit;
		const char *name;
	} names[] = {
		{ STAMP_FAST_RUN, "fast-approvals" },
		{ STAMP_FLAGGED_OK, "flagged-approved" },
		{ STAMP_APPROVED_ALL, "approved-everything" },
	};
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (signals & names[i].bit) {
			if (n++)
				sb_addc(sb, ',');
			sb_adds(sb, names[i].name);
		}
}
