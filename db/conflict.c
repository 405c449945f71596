/*
 * conflict.c - conflicted reviewers, as one UPDATE after the items are
 * frozen. What each reviewer holds, manages and belongs to is worked out
 * once per reviewer (a few rows each), then each item looks its path up
 * in those sets through the principal_name index.
 */
#include "db/conflict.h"
#include "db/dbint.h"

/* The SQL below is laid out by hand, to read as SQL. */
/* clang-format off */
static const char conflict_sql[] =
    "WITH rv AS MATERIALIZED (SELECT DISTINCT reviewer FROM review_item"
    "  WHERE campaign_id = :cid AND reviewer IS NOT NULL),"
    /* the reviewers' own accounts, in every source */
    " acct AS MATERIALIZED (SELECT rv.reviewer, p.id AS pid, p.source_id,"
    "  p.name FROM rv JOIN identity i ON lower(i.login) = +rv.reviewer"
    "  JOIN principal p ON p.identity_id = i.id),"
    " holds AS MATERIALIZED (SELECT DISTINCT a.reviewer, g.entitlement_id"
    "  FROM acct a JOIN effective_grant g ON g.account_id = a.pid),"
    /*
     * the groups someone manages, read once: looked up per reviewer's
     * account, every group of the source was read again for each
     */
    " managed AS MATERIALIZED (SELECT pg.id AS gid, pg.source_id,"
    "  lower(json_extract(pg.attrs, '$.managed_by')) AS by FROM principal pg"
    "  WHERE :rule <> 'owner' AND pg.kind = 'group' AND"
    "  pg.attrs IS NOT NULL AND"
    "  json_extract(pg.attrs, '$.managed_by') IS NOT NULL),"
    " manages AS MATERIALIZED (SELECT DISTINCT a.reviewer, m.gid"
    "  FROM acct a JOIN managed m ON m.source_id = a.source_id AND"
    "  m.by = lower(a.name)),"
    " member AS MATERIALIZED (SELECT DISTINCT a.reviewer, m.group_id AS gid"
    "  FROM acct a JOIN membership m ON m.member_id = a.pid),"
    /* each item's groups on its path, by name in its source */
    " c AS (SELECT it.id, it.reviewer, CASE"
    "  WHEN EXISTS (SELECT 1 FROM holds h WHERE h.reviewer = it.reviewer"
    "   AND h.entitlement_id = g.entitlement_id)"
    "  THEN it.reviewer || ' holds ' || it.entitlement || ' too'"
    "  WHEN EXISTS (SELECT 1 FROM json_each(g.path) j JOIN principal pg"
    "   ON pg.source_id = g.source_id AND pg.name = j.value AND"
    "   pg.kind = 'group' JOIN manages x ON x.reviewer = it.reviewer AND"
    "   x.gid = pg.id)"
    "  THEN it.reviewer || ' manages ' || (SELECT pg.name FROM"
    "   json_each(g.path) j JOIN principal pg ON pg.source_id = g.source_id"
    "   AND pg.name = j.value AND pg.kind = 'group' JOIN manages x ON"
    "   x.reviewer = it.reviewer AND x.gid = pg.id LIMIT 1) ||"
    "   ', a group on the path'"
    "  WHEN EXISTS (SELECT 1 FROM json_each(g.path) j JOIN principal pg"
    "   ON pg.source_id = g.source_id AND pg.name = j.value AND"
    "   pg.kind = 'group' JOIN member x ON x.reviewer = it.reviewer AND"
    "   x.gid = pg.id)"
    "  THEN it.reviewer || ' is a member of ' || (SELECT pg.name FROM"
    "   json_each(g.path) j JOIN principal pg ON pg.source_id = g.source_id"
    "   AND pg.name = j.value AND pg.kind = 'group' JOIN member x ON"
    "   x.reviewer = it.reviewer AND x.gid = pg.id LIMIT 1) ||"
    "   ', a group on the path'"
    "  WHEN EXISTS (SELECT 1 FROM json_each(g.path) j WHERE"
    "   lower(j.value) = it.reviewer)"
    "  THEN it.reviewer || ' is on the path (' || (SELECT"
    "   group_concat(j.value, ' > ') FROM json_each(g.path) j) || ')'"
    "  END AS why"
    "  FROM review_item it JOIN effective_grant g ON g.id = it.grant_id"
    "  WHERE it.campaign_id = :cid AND it.reviewer IS NOT NULL)"
    " UPDATE review_item SET"
    "  reviewer = CASE WHEN lower(:fallback) = c.reviewer THEN NULL"
    "   WHEN review_item.employee_id IS NOT NULL AND lower(:fallback) ="
    "   (SELECT lower(login) FROM identity WHERE employee_id ="
    "   review_item.employee_id) THEN NULL"
    "   ELSE lower(:fallback) END,"
    "  reassigned_from = c.why || CASE WHEN lower(:fallback) = c.reviewer"
    "   THEN '; the fallback is the same reviewer: unassigned'"
    "   WHEN review_item.employee_id IS NOT NULL AND lower(:fallback) ="
    "   (SELECT lower(login) FROM identity WHERE employee_id ="
    "   review_item.employee_id)"
    "   THEN '; the fallback ' || :fallback || ' is the person: unassigned'"
    "   ELSE '' END"
    " FROM c WHERE review_item.id = c.id AND c.why IS NOT NULL";
/* clang-format on */

int
conflict_reassign(struct db *db, int64_t id, const char *rule,
    const char *fallback, int64_t *n, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, conflict_sql, &st, e)) != 0)
		return rc;
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":cid"), id);
	db_bind_named(st, ":rule", rule);
	db_bind_named(st, ":fallback", fallback);
	rc = db_step_done(db, st, e, "reassign conflicted reviewers");
	if (rc == 0 && n != NULL)
		*n = sqlite3_changes(db->conn);
	sqlite3_finalize(st);
	return rc;
}
