/* remedy.c - revoked review items and where they are granted (remedy.h). */
#include <string.h>

#include "db/dbint.h"
#include "db/remedy.h"

int
remedy_query(struct db *db, const char *campaign,
    int (*fn)(const struct remedy_row *r, void *arg), void *arg, struct err *e)
{
	/* clang-format off */
	static const char sql[] =
	    "SELECT ri.id, ri.source, ri.source_kind, ri.host, ri.account,"
	    " ri.account_ext_id, ri.entitlement, ri.entitlement_ext_id,"
	    " ri.path, ri.decision, ri.comment, " DB_DECIDER_SQL("ri") ","
	    " ri.decided_at,"
	    " ri.remediated_at, eg.id IS NOT NULL,"
	    /* the direct group: the path's first hop, when it is a group */
	    " CASE WHEN eg.depth > 0 THEN json_extract(ri.path, '$[1]') END,"
	    " CASE WHEN eg.depth > 0 THEN (SELECT g.ext_id FROM membership m"
	    "  JOIN principal g ON g.id = m.group_id"
	    "  WHERE m.member_id = eg.account_id"
	    "  AND g.name = json_extract(ri.path, '$[1]')"
	    "  ORDER BY g.id LIMIT 1) END,"
	    " a.origin, ap.name, ap.ext_id, n.scope, n.kind, n.attrs"
	    " FROM campaign c JOIN review_item ri ON ri.campaign_id = c.id"
	    " LEFT JOIN effective_grant eg ON eg.id = ri.grant_id"
	    " LEFT JOIN assignment a ON a.id = eg.assignment_id"
	    " LEFT JOIN principal ap ON ap.id = a.principal_id"
	    " LEFT JOIN entitlement n ON n.id = eg.entitlement_id"
	    " WHERE c.name = ?1 AND (ri.decision = 'revoke'"
	    "  OR (ri.decision = 'pending' AND c.state = 'closed'"
	    "   AND c.close_default = 'revoke'))"
	    " ORDER BY ri.source, ri.host, ri.id";
	/* clang-format on */
	sqlite3_stmt *st = NULL;
	struct remedy_row r;
	int rc, found;

	if ((rc = db_prepare(db,
		 "SELECT count(*) FROM campaign WHERE name = ?1", &st, e)) != 0)
		return rc;
	db_bind_text(st, 1, campaign);
	found = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (!found)
		return err_set(e, PARC_ENOTFOUND, "no campaign called '%s'",
		    campaign);
	if ((rc = db_prepare(db, sql, &st, e)) != 0)
		return rc;
	db_bind_text(st, 1, campaign);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		r.item_id = sqlite3_column_int64(st, 0);
		r.source = db_col_text(st, 1);
		r.source_kind = db_col_text(st, 2);
		r.host = db_col_text(st, 3);
		r.account = db_col_text(st, 4);
		r.account_ext_id = db_col_text(st, 5);
		r.entitlement = db_col_text(st, 6);
		r.entitlement_ext_id = db_col_text(st, 7);
		r.path = db_col_text(st, 8);
		r.decision = db_col_text(st, 9);
		r.comment = db_col_text(st, 10);
		r.decided_by = db_col_text(st, 11);
		r.decided_at = db_col_text(st, 12);
		r.remediated_at = db_col_text(st, 13);
		r.grant_present = sqlite3_column_int(st, 14);
		r.via_group = db_col_text(st, 15);
		r.via_group_ext_id = db_col_text(st, 16);
		r.origin = db_col_text(st, 17);
		r.assignee = db_col_text(st, 18);
		r.assignee_ext_id = db_col_text(st, 19);
		r.scope = db_col_text(st, 20);
		r.entitlement_kind = db_col_text(st, 21);
		r.entitlement_attrs = db_col_text(st, 22);
		if ((rc = fn(&r, arg)) != 0) {
			sqlite3_finalize(st);
			return rc;
		}
	}
	if (rc != SQLITE_DONE)
		rc = db_fail(db, e, "remediation of campaign");
	else
		rc = 0;
	sqlite3_finalize(st);
	return rc;
}
