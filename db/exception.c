/* exception.c - the exceptions register, read from the review items. */
#include "db/exception.h"

#include "db/dbint.h"

int
exception_list(struct db *db,
    int (*fn)(const struct exception_row *r, void *arg), void *arg,
    struct err *e)
{
	struct exception_row x;
	sqlite3_stmt *st;
	char day[11];
	int step, ret = 0;

	db_today(NULL, day);
	/* clang-format off */
	if (db_prepare(db,
		"SELECT r.id, c.name, r.source, r.account, r.person,"
		" r.entitlement, " DB_DECIDER_SQL("r") ", r.comment, r.until,"
		" r.decided_at, r.until < ?1, r.grant_id IS NOT NULL"
		" FROM review_item r JOIN campaign c ON c.id = r.campaign_id"
		" WHERE r.decision = 'exception' ORDER BY r.until, r.id",
		&st, e) != 0)
		/* clang-format on */
		return PARC_EDB;
	db_bind_text(st, 1, day);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		x.item_id = sqlite3_column_int64(st, 0);
		x.campaign = db_col_text(st, 1);
		x.source = db_col_text(st, 2);
		x.account = db_col_text(st, 3);
		x.person = db_col_text(st, 4);
		x.entitlement = db_col_text(st, 5);
		x.owner = db_col_text(st, 6);
		x.justification = db_col_text(st, 7);
		x.until = db_col_text(st, 8);
		x.decided_at = db_col_text(st, 9);
		x.expired = sqlite3_column_int(st, 10);
		x.grant_present = sqlite3_column_int(st, 11);
		if ((ret = fn(&x, arg)) != 0)
			break;
	}
	if (ret == 0 && step != SQLITE_DONE)
		ret = db_fail(db, e, "read exceptions");
	sqlite3_finalize(st);
	return ret;
}
