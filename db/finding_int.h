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
 * Register parc_uniq(LIST) on db's connection (finding_uniq.c): LIST
 * without empty or repeated items, in first seen order.
 */
int finding_register_uniq(struct db *db, struct err *e);

/*
 * Bind text (is_text) or num to the named parameter name of st, if st
 * has it (a rule or a query names only the parameters it reads).
 */
void finding_bind_named(sqlite3_stmt *st, const char *name, const char *text,
    long num, int is_text);

/*
 * Which old findings of a kind a rule's rows are merged with: all of
 * them, or (an incremental recompute, finding_inc.c) only those of the
 * accounts in temp.dp, or of the people in temp.di.
 */
enum fmerge_scope {
	FM_ALL,
	FM_ACCOUNTS,
	FM_PEOPLE
};

/*
 * Begin a merge inside the recompute's transaction, at now (copied). The
 * staging table temp.new_finding and temp.new_kind (the kinds the rules
 * make) must exist, and temp.dp and temp.di when a rule is merged in
 * scope FM_ACCOUNTS or FM_PEOPLE. On success *out is the caller's, for
 * fmerge_free().
 */
int fmerge_open(struct db *db, const char *now, struct fmerge **out,
    struct err *e);

/*
 * Step rule, a SELECT of (kind, severity, source_id, principal_id,
 * grant_id, identity_id, evidence, techniques) of one kind in subject
 * order (ORDER BY grant_id, principal_id, identity_id, source_id) to its
 * end, beside kind's old findings in scope. A row whose finding exists and
 * reads as it did costs nothing more; a changed one is staged with its
 * id, a new one without; an old finding no row matches is noted gone.
 * New findings are numbered in the order they are staged: the rules in
 * their table's order, each in subject order, so an incremental
 * recompute numbers them as a full one does. what names the rule in an
 * error.
 */
int fmerge_rule(struct fmerge *m, sqlite3_stmt *rule, const char *kind,
    enum fmerge_scope scope, const char *what, struct err *e);

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

/*
 * Around the preparing and running of a write of findings whose
 * severities are the kinds' (checked by finding_severity_valid): the
 * table's CHECK skipped (see finding_write.c for why). SQLite reads the
 * setting when a statement is made, and changing it makes every statement
 * of the connection be made again at its next step: so it stays off
 * until the write is done. finding_checks_off returns 0 or PARC_EDB (e
 * filled); finding_checks_on cannot fail.
 */
int finding_checks_off(struct db *db, struct err *e);
void finding_checks_on(struct db *db);

/* 1 if severity is one the finding table's CHECK allows, else 0. */
int finding_severity_valid(const char *severity);

/*
 * Turn db's foreign keys off for a recompute about to begin its own
 * transaction (see finding_write.c): 1 if they were on and are now off,
 * 0 if nothing changed (inside a transaction they cannot be). After the
 * transaction, finding_fk_restore(db, what it returned) turns them on
 * again.
 */
int finding_fk_off(struct db *db);
void finding_fk_restore(struct db *db, int off);

/*
 * The incremental recompute's bookkeeping (finding_inc.c), all inside the
 * recompute's transaction.
 *
 * finc_sig: *sig, a hash (malloc'd hex) of what (the thresholds, the
 * rules' text), the sources' names and kinds and the triggers' text: a
 * recompute under another one is full.
 */
int finc_sig(struct db *db, const char *what, char **sig, struct err *e);

/*
 * Make the source-wide facts the rules read (temp.usage_src,
 * temp.src_elig, temp.src_tb), *facts, their text (malloc'd), to compare
 * with the last recompute's, and *witness, the same with a row saying
 * each (malloc'd), to store: from every row, or (incremental, after
 * finc_plan) from the last recompute's facts still holding and what the
 * noted accounts' rows say.
 */
int finc_facts(struct db *db, int incremental, char **facts, char **witness,
    struct err *e);

/*
 * Whether this recompute may be incremental: the last one ran under sig
 * (and was this parc's, finc_done), its triggers are in place, findings
 * exist and nothing asked for a full one. If so, *incremental is 1 and
 * temp.dp and temp.di hold the accounts and people to look at again;
 * else 0.
 */
int finc_plan(struct db *db, const char *sig, int *incremental, struct err *e);

/* After finc_plan said incremental: 1 if any account or person is noted. */
int finc_dirty(struct db *db);

/* 1 if facts are the facts the last recompute stored. */
int finc_same_facts(struct db *db, const char *facts);

/*
 * 1 if eval is the evaluation time the last recompute stored (finc_done),
 * else 0: the rules that read it (:now) then run in full.
 */
int finc_same_eval(struct db *db, const char *eval);

/*
 * The recompute is done: make the triggers (the first time; after a full
 * recompute, every finding_watch_* trigger dropped and made again, so
 * a database a parc with other triggers watched gets this one's), forget
 * what they noted, store sig, eval (the rules' evaluation time), now (the
 * findings_at it wrote), facts and witness (when not NULL: unchanged).
 */
int finc_done(struct db *db, int full, const char *sig, const char *eval,
    const char *now, const char *facts, const char *witness, struct err *e);

#endif
