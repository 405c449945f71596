/*
 * count.c - the check that campaign_count holds what the review items
 * say: a count row edited, or a trigger dropped, behind parc's back.
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
	return rc;
}
