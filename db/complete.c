/* complete.c - completions for the console's prompts (complete.h). */
#include "db/complete.h"
#include "db/dbint.h"

int
db_people_complete(struct db *db, const char *text, size_t limit,
    int (*fn)(const char *login, const char *name, void *arg), void *arg,
    struct err *e)
{
	/* A whole scan of identity (100,000 people: tens of ms), once per
	 * Tab, never per key. */
	static const char sql[] =
	    "SELECT login, display_name FROM identity"
	    " WHERE status = 'active' AND login IS NOT NULL AND login <> ''"
	    " AND (substr(lower(login), 1, length(?1)) = lower(?1)"
	    "  OR instr(lower(coalesce(display_name, '')), lower(?1)) > 0)"
	    " ORDER BY substr(lower(login), 1, length(?1)) = lower(?1) DESC,"
	    " lower(login) LIMIT ?2";
	sqlite3_stmt *st;
	int rc, ret = 0;

	if (db_prepare(db, sql, &st, e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, text ? text : "");
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((ret = fn(db_col_text(st, 0), db_col_text(st, 1), arg)) !=
		    0)
			break;
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, e, "complete a login");
	sqlite3_finalize(st);
	return ret;
}
