/*
 * count.c - the campaigns' kept counts: a reviewer's read, and the check
 * that campaign_count and campaign_reviewer_count hold what the review
 * items say (a count row edited, or a trigger dropped, behind parc's
 * back).
 */
#include <inttypes.h>
#include <stdio.h>

#include "db/count.h"
#include "db/dbint.h"

/* The counts' names, in campaign_count's column order. */
static const char *const count_name[] = { "items", "pending", "approved",
	"revoked", "exceptions", "overdue", "unassigned", "remediated" };
#define NCOUNTS (sizeof(count_name) / sizeof(count_name[0]))

static const char count_sql[] =
    "SELECT c.id, c.name, t.campaign_id IS NOT NULL,"
    " t.items, t.pending, t.approved, t.revoked, t.exceptions, t.overdue,"
    " t.unassigned, t.remediated,"
    " coalesce(x.items, 0), coalesce(x.pending, 0),"
    " coalesce(x.approved, 0), coalesce(x.revoked, 0),"
    " coalesce(x.exceptions, 0), coalesce(x.overdue, 0),"
    " coalesce(x.unassigned, 0), coalesce(x.remediated, 0)"
    " FROM campaign c LEFT JOIN campaign_count t ON t.campaign_id = c.id"
    " LEFT JOIN (SELECT campaign_id, count(*) AS items,"
    "  count(*) FILTER (WHERE decision = 'pending') AS pending,"
    "  count(*) FILTER (WHERE decision = 'approve') AS approved,"
    "  count(*) FILTER (WHERE decision = 'revoke') AS revoked,"
    "  count(*) FILTER (WHERE decision = 'exception') AS exceptions,"
    "  count(*) FILTER (WHERE overdue_at IS NOT NULL AND"
    "   decision = 'pending') AS overdue,"
    "  count(*) FILTER (WHERE reviewer IS NULL) AS unassigned,"
    "  count(*) FILTER (WHERE remediated_at IS NOT NULL) AS remediated"
    "  FROM review_item GROUP BY campaign_id) x ON x.campaign_id = c.id"
    " ORDER BY c.id";

/* Reviewers' rows that are not what the items say, either way. */
static const char reviewer_sql[] =
    "SELECT k.campaign_id, c.name, k.reviewer FROM (SELECT * FROM ("
    " SELECT campaign_id, reviewer, items, pending FROM"
    "  campaign_reviewer_count WHERE items <> 0 OR pending <> 0"
    " EXCEPT SELECT campaign_id, coalesce(reviewer, ''), count(*),"
    "  count(*) FILTER (WHERE decision = 'pending') FROM review_item"
    "  GROUP BY 1, 2)"
    " UNION ALL SELECT * FROM ("
    " SELECT campaign_id, coalesce(reviewer, ''), count(*),"
    "  count(*) FILTER (WHERE decision = 'pending') FROM review_item"
    "  GROUP BY 1, 2"
    " EXCEPT SELECT campaign_id, reviewer, items, pending FROM"
    "  campaign_reviewer_count)) k"
    " LEFT JOIN campaign c ON c.id = k.campaign_id"
    " ORDER BY k.campaign_id LIMIT 1";

int
count_reviewer(struct db *db, int64_t campaign, const char *reviewer,
    int64_t *items, int64_t *pending, struct err *e)
{
	sqlite3_stmt *st;
	int step;

	*items = *pending = 0;
	if (db_prepare(db,
		"SELECT items, pending FROM campaign_reviewer_count WHERE"
		" campaign_id = ?1 AND reviewer = coalesce(lower(?2), '')",
		&st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, campaign);
	db_bind_text(st, 2, reviewer);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*items = sqlite3_column_int64(st, 0);
		*pending = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return db_fail(db, e, "read a reviewer's counts");
	return 0;
}

/* The reviewers' rows of every campaign against the items. */
static int
check_reviewers(struct db *db, int64_t *bad, char *what, size_t len,
    struct err *e)
{
	sqlite3_stmt *st;
	int step;

	if (db_prepare(db, reviewer_sql, &st, e) != 0)
		return PARC_EDB;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *r = db_col_text(st, 2);

		*bad = sqlite3_column_int64(st, 0);
		snprintf(what, len,
		    "campaign %" PRId64 " (%s) counts the items of %s"
		    " otherwise than they are: campaign_reviewer_count was"
		    " edited behind parc's back",
		    *bad, db_col_text(st, 1) ? db_col_text(st, 1) : "?",
		    r && *r ? r : "nobody (unassigned)");
	}
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return db_fail(db, e, "count the review items");
	return 0;
}

int
count_check(struct db *db, int64_t *bad, char *what, size_t len, struct err *e)
{
	sqlite3_stmt *st;
	size_t k;
	int step = SQLITE_DONE, rc = 0;

	*bad = 0;
	if (len > 0)
		what[0] = '\0';
	if (db_prepare(db, count_sql, &st, e) != 0)
		return PARC_EDB;
	while (*bad == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *name = db_col_text(st, 1);

		if (!sqlite3_column_int(st, 2)) {
			*bad = id;
			snprintf(what, len,
			    "campaign %" PRId64 " (%s) has no counts row: "
			    "campaign_count was edited behind parc's back",
			    id, name);
			break;
		}
		for (k = 0; k < NCOUNTS; k++) {
			int64_t kept = sqlite3_column_int64(st, 3 + (int)k);
			int64_t real =
			    sqlite3_column_int64(st, 3 + (int)NCOUNTS + (int)k);

			if (kept == real)
				continue;
			*bad = id;
			snprintf(what, len,
			    "campaign %" PRId64 " (%s) counts %" PRId64
			    " %s but its items hold %" PRId64
			    ": campaign_count was edited behind parc's back",
			    id, name, kept, count_name[k], real);
			break;
		}
	}
	if (*bad == 0 && step != SQLITE_DONE)
		rc = db_fail(db, e, "count the review items");
	sqlite3_finalize(st);
	if (rc == 0 && *bad == 0)
		rc = check_reviewers(db, bad, what, len, e);
	return rc;
}
