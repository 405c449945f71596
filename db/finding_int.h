/*
 * finding_int.h - what finding.c and finding_merge.c share: the merge of
 * the rules' rows into the finding table, as they stream.
 */
#ifndef PARC_FINDING_INT_H
#define PARC_FINDING_INT_H

#include <stdint.h>

#include <sqlite3.h>

#include "db/dbint.h"
#include "db/finding.h"

struct fmerge;

/*
 * Begin a merge inside the recompute's transaction, at now (copied). The
 * staging table temp.new_finding and temp.new_kind (the kinds the rules
 * make) must exist. It registers parc_seq() on the connection until
 * fmerge_free(). On success *out is the
 * caller's, for fmerge_free().
 */
int fmerge_open(struct db *db, const char *now, struct fmerge **out,
    struct err *e);

/*
 * Step rule, a SELECT of (kind, severity, source_id, principal_id,
 * grant_id, identity_id, evidence, techniques, parc_seq()) of one kind in
 * subject order (ORDER BY grant_id, principal_id, identity_id, source_id)
 * to its end, beside kind's old findings. A row whose finding exists and reads
 * as it did costs nothing more; a changed one is staged with its id, a
 * new one without; an old finding no row matches is noted gone. what
 * names the rule in an error.
 */
int fmerge_rule(struct fmerge *m, sqlite3_stmt *rule, const char *kind,
    const char *what, struct err *e);

/*
 * Whether there were no findings at all when m began (a first recompute):
 * then there is nothing to merge, and a rule inserts its rows into
 * temp.new_finding itself, as it finds them, instead of fmerge_rule().
 */
int fmerge_empty(const struct fmerge *m);

/*
 * Write the merge: findings no rule saw, or of a kind no rule makes, are
 * deleted, changed ones
 * rewritten (last_seen now), new ones inserted (first_seen and last_seen
 * now), in that order so new ids are what they were when this was three
 * statements. s->resolved and s->added are set.
 */
int fmerge_finish(struct fmerge *m, struct finding_stats *s, struct err *e);

/* Free m (the staged rows stay in temp.new_finding). NULL is a no-op. */
void fmerge_free(struct fmerge *m);

#endif
