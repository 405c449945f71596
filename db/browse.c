/* browse.c - the console's lookups besides its items (db/item.c). */
#include <stdlib.h>
#include <string.h>

#include "db/browse.h"
#include "db/dbint.h"

/* ---- campaigns ---- */

int
db_campaign_pick(struct db *db, const char *who, const char *name,
    struct db_campaign_brief *b, struct err *e)
{
	/* Cheap even on a huge campaign: EXISTS stops at the first item. */
	static const char pick[] =
	    "SELECT c.id, c.name, c.due, c.state FROM campaign c ORDER BY"
	    " c.state = 'open' DESC,"
	    " EXISTS (SELECT 1 FROM review_item r WHERE r.reviewer = lower(?1)"
	    "  AND r.campaign_id = c.id) DESC,"
	    " CASE WHEN c.state = 'open' THEN c.due END,"
	    " c.closed_at DESC, c.id DESC LIMIT 1";
	static const char named[] =
	    "SELECT c.id, c.name, c.due, c.state FROM campaign c"
	    " WHERE c.name = ?2";
	sqlite3_stmt *st;
	int rc;

	memset(b, 0, sizeof(*b));
	if (db_prepare(db, name ? named : pick, &st, e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, who);
	db_bind_text(st, 2, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		b->id = sqlite3_column_int64(st, 0);
		b->name = xstrdup(db_col_text(st, 1));
		b->due = xstrdup(db_col_text(st, 2));
		b->state = xstrdup(db_col_text(st, 3));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, e, "find campaign");
	if (rc == SQLITE_DONE && name != NULL)
		return err_set(e, PARC_ENOTFOUND, "no campaign '%s' in %s",
		    name, db->path);
	return 0;
}

int
db_campaign_top_reviewer(struct db *db, int64_t campaign, char **login,
    struct err *e)
{
	static const char sql[] =
	    "SELECT reviewer FROM review_item WHERE campaign_id = ?1"
	    " AND reviewer IS NOT NULL GROUP BY reviewer"
	    " ORDER BY sum(findings <> '[]') DESC, count(*) DESC, reviewer"
	    " LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	*login = NULL;
	if (db_prepare(db, sql, &st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, campaign);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*login = xstrdup(db_col_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, e, "top reviewer");
	return 0;
}

int
db_item_for_grant(struct db *db, int64_t grant_id, int64_t campaign,
    int64_t *item, struct err *e)
{
	static const char sql[] =
	    "SELECT r.id FROM review_item r JOIN campaign c"
	    " ON c.id = r.campaign_id WHERE r.grant_id = ?1"
	    " ORDER BY c.id = ?2 DESC, c.state = 'open' DESC, c.id DESC"
	    " LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	*item = 0;
	if (db_prepare(db, sql, &st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, grant_id);
	sqlite3_bind_int64(st, 2, campaign);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*item = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, e, "item of a grant");
	return 0;
}

void
db_campaign_brief_release(struct db_campaign_brief *b)
{
	free(b->name);
	free(b->due);
	free(b->state);
	memset(b, 0, sizeof(*b));
}

int
db_person_by_login(struct db *db, const char *login, char **name, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	*name = NULL;
	if (db_prepare(db,
		"SELECT coalesce(display_name, login) FROM identity"
		" WHERE lower(login) = lower(?1) AND status = 'active'"
		" ORDER BY id LIMIT 1",
		&st, e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, login);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*name = xstrdup(db_col_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, e, "person by login");
	return 0;
}

int
db_grants_page(struct db *db, int64_t after_id, enum db_page_dir dir,
    size_t limit, int (*fn)(const struct db_grant_row *row, void *arg),
    void *arg, struct err *e)
{
	struct sb sql = SB_INIT;
	sqlite3_stmt *st = NULL;
	int back = dir == DB_PAGE_BEFORE || dir == DB_PAGE_LAST, ret;

	sb_adds(&sql, "SELECT * FROM grant_row WHERE tier <= 2");
	if (dir == DB_PAGE_AFTER || dir == DB_PAGE_FROM)
		sb_adds(&sql,
		    dir == DB_PAGE_FROM ? " AND grant_id >= ?1"
					: " AND grant_id > ?1");
	else if (dir == DB_PAGE_BEFORE)
		sb_adds(&sql, " AND grant_id < ?1");
	sb_adds(&sql,
	    back ? " ORDER BY grant_id DESC LIMIT ?2"
		 : " ORDER BY grant_id LIMIT ?2");
	ret = db_prepare(db, sql.buf, &st, e);
	sb_release(&sql);
	if (ret != 0)
		return ret;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	return db_grants_walk(db, st, fn, arg, "inventory page", e);
}
