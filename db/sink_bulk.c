/*
 * sink_bulk.c - a source's first load into an empty database slot: the
 * merge's transaction without foreign key checks, and the grants' CHECK
 * left out where the sink builds the value itself.
 *
 * Measured (issue 19, bench_sink at 300,000 grants, CPU of the statement
 * without its index builds): the one-pass insert of the grants spends
 * about 40% of its time looking up the three parents of each row (the
 * source, the account, the entitlement) and checking that the path it
 * has just built with json_quote() is JSON; the assignments' insert
 * about 40% on their parent lookups. Every row of a first load comes from
 * a join with its parents inside the same transaction, so those lookups
 * can only succeed: they are skipped when the source holds no row at all
 * (nothing of it can be deleted, so no cascade is due either).
 *
 * SQLite ignores PRAGMA foreign_keys inside a transaction: the choice is
 * made before BEGIN, and checked again once the write lock is held (a
 * sync of the same source waits on the run lock, but a removal of the
 * source does not): if the source changed meanwhile, the transaction
 * starts again with the checks on.
 */
#include "db/sink_bulk.h"

#include "db/sink_int.h"

/*
 * Whether the source holds nothing at all (1), or something (0): its
 * row is there and no table of the snapshot has a row of it.
 */
static int
source_empty(struct sink *s)
{
	sqlite3_stmt *st;
	int empty = 0;

	if (db_prepare(s->db,
		"SELECT EXISTS (SELECT 1 FROM source WHERE id = ?1)"
		" AND NOT EXISTS (SELECT 1 FROM principal WHERE source_id = ?1)"
		" AND NOT EXISTS (SELECT 1 FROM entitlement"
		" WHERE source_id = ?1)"
		" AND NOT EXISTS (SELECT 1 FROM membership WHERE source_id = "
		"?1)"
		" AND NOT EXISTS (SELECT 1 FROM assignment WHERE source_id = "
		"?1)"
		" AND NOT EXISTS (SELECT 1 FROM effective_grant"
		" WHERE source_id = ?1)"
		" AND NOT EXISTS (SELECT 1 FROM identity WHERE source_id = ?1)",
		&st, NULL) != 0)
		return 0;
	sqlite3_bind_int64(st, 1, s->source_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		empty = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return empty;
}

int
sink_bulk_begin(struct sink *s, struct err *e)
{
	int rc;

	s->nofk = source_empty(s) &&
	    db_exec(s->db, "PRAGMA foreign_keys = OFF", NULL) == 0;
	if ((rc = db_begin(s->db, e)) < 0 || !s->nofk)
		return rc;
	if (source_empty(s))
		return rc;
	/* changed before the lock was ours: the checks go back on */
	db_exec(s->db, "ROLLBACK", NULL);
	sink_bulk_end(s);
	return db_begin(s->db, e);
}

void
sink_bulk_end(struct sink *s)
{
	if (s->nofk)
		db_exec(s->db, "PRAGMA foreign_keys = ON", NULL);
	s->nofk = 0;
}

int
sink_bulk_nocheck(struct sink *s, int on)
{
	if (!s->nofk)
		return 0;
	return db_exec(s->db,
	    on ? "PRAGMA ignore_check_constraints = ON"
	       : "PRAGMA ignore_check_constraints = OFF",
	    NULL);
}
