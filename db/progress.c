/*
 * progress.c - per-reviewer progress and the burn-down of a campaign,
 * read from its review items in one grouped pass each.
 */
#include <stdio.h>
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
