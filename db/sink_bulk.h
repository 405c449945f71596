/*
 * sink_bulk.h - a source's first load without the per-row checks its
 * joins make redundant (sink_bulk.c). Internal to the sink.
 */
#ifndef PARC_SINK_BULK_H
#define PARC_SINK_BULK_H

struct err;
struct sink;

/*
 * Begin the merge's transaction (db_begin(): 1 when begun, a negative
 * PARC_E... code and e when not). When the source holds no row at all,
 * before and once the write lock is held, foreign key checks are off for
 * the transaction (s->nofk): every row the merge writes is then made by
 * a join with its parents in that transaction. sink_bulk_end() puts them
 * back, after COMMIT or ROLLBACK.
 */
int sink_bulk_begin(struct sink *s, struct err *e);

/* Foreign key checks on again, if sink_bulk_begin() turned them off. */
void sink_bulk_end(struct sink *s);

/*
 * CHECK constraints left out of the statements prepared while on is 1
 * (back with 0), only in a transaction sink_bulk_begin() made without
 * foreign key checks; for inserts whose checked values the statement
 * builds itself (a grant's path, from json_quote()). 0 or PARC_EDB.
 */
int sink_bulk_nocheck(struct sink *s, int on);

#endif
