/*
 * item_index.c - the console filter's trigram index (review_item_text)
 * filled after campaign create, a batch at a time (schema v_i19camp2).
 */
#include <stdlib.h>

#include "db/dbint.h"
#include "db/item.h"

int
db_items_indexed(struct db *db, int64_t campaign)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db,
		"SELECT 1 FROM review_item_text_todo WHERE ?1 = 0 OR"
		" campaign_id = ?1 LIMIT 1",
		&st, NULL) != 0)
		return 0;
	sqlite3_bind_int64(st, 1, campaign);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE;
}

/* The filter's text of an item, unprefixed: item_text's (schema v3). */
#define ITEM_BODY                                                             \
	"coalesce(person, '') || ' ' || account || ' ' || entitlement || ' '" \
	" || source || ' ' || coalesce(host, '') || ' ' || findings"

/* SQLite's progress handler: the caller's stop(), asked every 100
 * instructions of the batch's insert. */
static int
stop_asked(void *arg)
{
	int (**stop)(void) = arg;

	return (*stop)() != 0;
}

int
db_items_index_step(struct db *db, int64_t campaign, size_t batch,
    int64_t *left, struct err *e)
{
	return db_items_index_step_until(db, campaign, batch, NULL, left, e);
}

int
db_items_index_step_until(struct db *db, int64_t campaign, size_t batch,
    int (*stop)(void), int64_t *left, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int64_t cid, from, cut = -1;
	int rc, step, done = 0;

	*left = 0;
	if (db_items_indexed(db, campaign))
		return 0;
	/* never wait behind another writer: the caller tries again later */
	sqlite3_busy_timeout(db->conn, 0);
	rc = db_exec(db, "BEGIN IMMEDIATE", e);
	sqlite3_busy_timeout(db->conn, DB_BUSY_MS);
	if (rc != 0 && (sqlite3_errcode(db->conn) & 0xff) == SQLITE_BUSY) {
		*left = -1;
		return 1;
	}
	if (rc != 0)
		return rc;
	if ((rc = db_prepare(db,
		 "SELECT campaign_id, next_id FROM review_item_text_todo"
		 " WHERE ?1 = 0 OR campaign_id = ?1 ORDER BY campaign_id"
		 " LIMIT 1",
		 &st, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, campaign);
	if ((step = sqlite3_step(st)) != SQLITE_ROW) {
		rc = step == SQLITE_DONE ? 0 : db_fail(db, e, "index items");
		goto out;
	}
	cid = sqlite3_column_int64(st, 0);
	from = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	/* the first item past this batch, if any */
	if ((rc = db_prepare(db,
		 "SELECT id FROM review_item WHERE campaign_id = ?1 AND"
		 " id >= ?2 ORDER BY id LIMIT 1 OFFSET ?3",
		 &st, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, cid);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)batch);
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		cut = sqlite3_column_int64(st, 0);
	else if (step != SQLITE_DONE) {
		rc = db_fail(db, e, "index items");
		goto out;
	}
	sqlite3_finalize(st);
	/*
	 * One batch's pending terms in memory, written as one segment at
	 * the commit, without merging (FTS5 flushes them every hashsize
	 * bytes, 1 MB by default, and merges as segments pile up: it
	 * doubled the time). Its crisis merge still bounds each level at 16
	 * segments. Both settings go back to their defaults after the
	 * commit, which is when they act.
	 */
	if ((rc = db_exec(db,
		 "INSERT INTO review_item_text (review_item_text, rank)"
		 " VALUES ('hashsize', 67108864);"
		 "INSERT INTO review_item_text (review_item_text, rank)"
		 " VALUES ('automerge', 0)",
		 e)) != 0)
		goto out;
	if ((rc = db_prepare(db,
		 "INSERT INTO review_item_text (rowid, body) SELECT "
		 "id, " ITEM_BODY
		 " FROM review_item WHERE campaign_id = ?1 AND id >= ?2 AND"
		 " (?3 < 0 OR id < ?3)",
		 &st, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, cid);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, cut);
	if (stop != NULL)
		sqlite3_progress_handler(db->conn, 100, stop_asked, &stop);
	step = sqlite3_step(st);
	sqlite3_progress_handler(db->conn, 0, NULL, NULL);
	if (step == SQLITE_INTERRUPT) {
		/* a key came: the batch is undone, to be done again later */
		*left = -1;
		rc = 2;
		goto out;
	}
	if (step != SQLITE_DONE) {
		rc = db_fail(db, e, "index items");
		goto out;
	}
	done = 1;
	sqlite3_finalize(st);
	if ((rc = db_prepare(db,
		 cut < 0 ? "DELETE FROM review_item_text_todo WHERE"
			   " campaign_id = ?1"
			 : "UPDATE review_item_text_todo SET next_id = ?2"
			   " WHERE campaign_id = ?1",
		 &st, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, cid);
	if (cut >= 0)
		sqlite3_bind_int64(st, 2, cut);
	if ((rc = db_step_done(db, st, e, "index items")) != 0)
		goto out;
	sqlite3_finalize(st);
	st = NULL;
	/*
	 * What is left, of this campaign or every other's: the ids still to
	 * index (a create's items have consecutive ids, so that is their
	 * number; items written by another hand may make it more).
	 */
	if ((rc = db_prepare(db,
		 "SELECT coalesce((SELECT max(id) - ?2 + 1 FROM review_item"
		 " WHERE campaign_id = ?1 AND ?2 >= 0), 0) + coalesce((SELECT"
		 " sum((SELECT max(id) FROM review_item r WHERE r.campaign_id ="
		 " t.campaign_id) - t.next_id + 1) FROM review_item_text_todo t"
		 " WHERE ?3 = 0 AND t.campaign_id <> ?1), 0)",
		 &st, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, cid);
	sqlite3_bind_int64(st, 2, cut);
	sqlite3_bind_int64(st, 3, campaign);
	if (sqlite3_step(st) == SQLITE_ROW)
		*left = sqlite3_column_int64(st, 0);
	else
		rc = db_fail(db, e, "index items");
out:
	sqlite3_finalize(st);
	if (rc != 0)
		db_exec(db, "ROLLBACK", NULL);
	else if ((rc = db_exec(db, "COMMIT", e)) != 0)
		db_exec(db, "ROLLBACK", NULL);
	else if (done) {
		/*
		 * Left raised only by a crash or another writer here (a few
		 * more segments for a while): every batch sets them again,
		 * and parc tick puts them back (db_items_index_settle).
		 */
		sqlite3_busy_timeout(db->conn, 0);
		db_exec(db,
		    "INSERT INTO review_item_text (review_item_text, rank)"
		    " VALUES ('hashsize', 1048576);"
		    "INSERT INTO review_item_text (review_item_text, rank)"
		    " VALUES ('automerge', 4)",
		    NULL);
		sqlite3_busy_timeout(db->conn, DB_BUSY_MS);
		/* the counts a filter plans by have grown */
		db_items_terms_forget();
	}
	return rc == 2 ? 1 : rc;
}

int
db_items_index_settle(struct db *db, struct err *e)
{
	sqlite3_stmt *st;
	int rc, raised = 0;

	if ((rc = db_prepare(db,
		 "SELECT 1 FROM review_item_text_config WHERE (k = 'hashsize'"
		 " AND v <> 1048576) OR (k = 'automerge' AND v <> 4)",
		 &st, e)) != 0)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		raised = 1;
	else if (rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_fail(db, e, "read the filter index's settings");
	}
	sqlite3_finalize(st);
	if (!raised)
		return 0;
	return db_exec(db,
	    "INSERT INTO review_item_text (review_item_text, rank)"
	    " VALUES ('hashsize', 1048576);"
	    "INSERT INTO review_item_text (review_item_text, rank)"
	    " VALUES ('automerge', 4)",
	    e);
}
