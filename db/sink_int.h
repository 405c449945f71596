/*
 * sink_int.h - what the files of the sink share: sink.c (open, merge,
 * commit), sink_stage.c (the records), sink_lock.c (the run's lock),
 * sink_digest.c (the assignments' digests), sink_bulk.c (a first load's
 * transaction).
 */
#ifndef PARC_SINK_INT_H
#define PARC_SINK_INT_H

#include <stdint.h>
#include <time.h>

#include "db/dbint.h"
#include "db/sink.h"
#include "lib/sb.h"
#include "lib/strhash.h"

/* The sink's prepared staging statements (sink.c prepares them). */
enum stmt {
	ST_IDENTITY,
	ST_PRINCIPAL,
	ST_MEMBERSHIP,
	ST_ENTITLEMENT,
	ST_ASSIGNMENT,
	ST_RUN,
	ST_COUNT
};

/* One pull of one source: sink_open() to sink_commit() or sink_abort(). */
struct sink {
	struct db *db;
	char *name;
	char *kind;
	int64_t source_id;
	int64_t run_id;
	struct timespec t0;
	int allow_empty;
	int fleet; /* sink_fleet() */
	sqlite3_stmt *st[ST_COUNT];
	sqlite3_stmt *json; /* json_attrs_ok()'s, prepared once */
	struct sink_stats stats;
	sink_hook hook;
	void *hook_arg;
	int lockfd;   /* holds the run's byte in the lock file, or -1 */
	char now[21]; /* the commit's time: first_seen, the run's end */
	int asg_diff; /* assignments diffed, not replaced (merge()) */
	int first;    /* the source held no grant nor assignment (merge()) */
	int direct;   /* no group gives a grant, before or now (merge()) */
	int incr;     /* only the touched accounts re-expanded (merge()) */
	int nofk; /* a first load without foreign key checks (sink_bulk.c) */
	int64_t depths; /* the levels of temp.dist (merge()) */
	/* the run of assignments being staged (sink_assignment()) */
	char *run_principal; /* its principal, NULL before the first */
	char *run_ent1;	     /* the entitlement its first row names */
	uint64_t run_digest;
	int64_t run_n, run_lo, run_hi;
	int64_t seq; /* the assignments emitted so far */
	/*
	 * the entitlements assignments name: each one's first row (its
	 * number in seq and its principal, a struct asg_first)
	 */
	struct strhash asg_ent;
	/*
	 * The digests the last sync left (assignment_digest), read at
	 * sink_open(): ext_id -> index into known[]. An account whose run
	 * of rows comes with its stored digest is not staged (sink_stage.c).
	 */
	struct strhash known_ix;
	struct known *known;
	/* the current run's rows, held while it may still be skipped */
	int64_t run_known;  /* its index in known[], or -1: staged */
	struct sb run_buf;  /* their fields, each NUL-terminated */
	size_t *run_off;    /* per row, RUN_FIELDS offsets (SIZE_MAX NULL) */
	size_t run_off_cap; /* run_off's room, in rows */
	int64_t skipped;    /* runs skipped (0: none to check or read back) */
	int64_t split;	    /* accounts skipped, then staged: came apart */
	int64_t run_seq;    /* the current run's first row's number (seq) */
	/*
	 * source.last_run_id as sink_known_load() read it (-1: none), and
	 * whether another sync committed since (sink_known_check()): then
	 * known[] may be stale and the merge reads the table instead
	 */
	int64_t last_run;
	int moved;
	int skip_staged;  /* the skipped runs are in stage_run and skip_ids */
	int64_t pskipped; /* principals emitted as they are, not staged */
};

/*
 * A principal's fields the sink stores and compares (the merge's chg_p),
 * in the order sink_rec_hash() mixes them: name, display_name, kind,
 * enabled, host, email, upn, employee_id, created_at, last_used_at,
 * password_last_set, mfa, attrs (enabled and mfa as "0", "1" or NULL).
 */
#define PRINCIPAL_FIELDS 13

/*
 * The fields of a held row: entitlement, state, expires_at, last_used_at,
 * origin, attrs. A run is held up to RUN_HOLD_MAX rows, then staged.
 */
#define RUN_FIELDS 6
#define RUN_HOLD_MAX 4096

/* How far the sink got with a known account's rows. */
enum known_state {
	KNOWN_UNSEEN,  /* no row of it yet */
	KNOWN_SKIPPED, /* one run, its stored digest: not staged */
	KNOWN_STAGED,  /* staged (changed, or its rows came apart) */
};

/*
 * A principal of the last snapshot (sink_known_load()) with its
 * assignments' digest, if one is stored (has_digest: else its rows are
 * never skipped). A skipped run is not staged (sink_skip.c): its first
 * row's number, its length and the entitlement its first row names are
 * kept here instead.
 */
struct known {
	int64_t pid;
	uint64_t digest;
	enum known_state state;
	unsigned char has_digest;
	unsigned char pulled;	/* emitted by sink_principal() */
	unsigned char pskip;	/* emitted as it is: not staged */
	unsigned char is_group; /* its kind is group */
	uint64_t rec;		/* its record's hash (sink_skip.c) */
	int64_t seq, n;		/* the skipped run's */
	char *ent1;		/* the skipped run's, or NULL */
};

/* An entitlement assignments name: the first row naming it. */
struct asg_first {
	int64_t seq;
	char principal[]; /* that row's */
};

/*
 * Read the source's stored digests into s->known (sink_stage.c), outside
 * any transaction. 0 or PARC_EDB.
 */
int sink_known_load(struct sink *s, struct err *e);

/*
 * Give the skipped runs of stage_run their rows again, read from the
 * assignment table (which holds them: their digest is the stored one):
 * all of them (all 1), or those of the accounts in temp.chg_acc. Inside
 * the merge's transaction, after sink_known_check(). An account's rows
 * come back in the table's order (by id), not necessarily the pull's:
 * the same rows, but a whole replacement may number them in another
 * order within the account. 0 or PARC_EDB.
 */
int sink_unskip(struct sink *s, int all, struct err *e);

/*
 * Check that no skipped account changed since sink_open() read its
 * digest (another sync of the source committed meanwhile): its rows
 * would be lost. PARC_EDATA naming it when one did, 0, or PARC_EDB.
 */
int sink_known_check(struct sink *s, struct err *e);

/*
 * sink_skip.c: the skipped runs, kept in known[] rather than staged.
 *
 * sink_skip_split() writes the skipped run of known[k] into stage_run
 * (its account came apart: its rows are diffed after all). 0 or
 * PARC_EDB.
 */
int sink_skip_split(struct sink *s, size_t k, struct err *e);

/*
 * Write every run still skipped into stage_run and its account into
 * skip_ids, as the merge's table reading statements expect them (another
 * sync committed meanwhile, or the assignments are replaced whole); with
 * order 1, stage_run is then put back in the order the runs came. Once a
 * sink; 0 or PARC_EDB.
 */
int sink_skip_stage(struct sink *s, int order, struct err *e);

/*
 * The first skipped run (in the order they came) whose account was not
 * emitted as a principal: its index in known[] and its account's
 * external id in *ext_id (the sink's), or -1.
 */
int64_t sink_skip_unpulled(struct sink *s, const char **ext_id);

/*
 * The reference check of the runs: st, stepped, has a row (row 1: the
 * first staged run whose principal was not emitted, its principal, ent1
 * and seq) or none; the first of it and sink_skip_unpulled()'s fails
 * with fmt (the source's name, the principal, the entitlement).
 * PARC_EDATA or 0.
 */
int sink_skip_check_runs(struct sink *s, sqlite3_stmt *st, int row,
    const char *fmt, struct err *e);

/*
 * Fill temp.chg_cand with the accounts of the last snapshot whose
 * assignments may have changed (not skipped; staged, or with rows then
 * and none now, or no digest stored), for the merge's chg_acc, when no
 * other sync committed since sink_open() (s->moved 0). 0 or PARC_EDB.
 */
int sink_skip_cand(struct sink *s, struct err *e);

/*
 * A principal record emitted (f: its PRINCIPAL_FIELDS): 1 when it is an
 * account of the last snapshot exactly as it is there, which is then
 * not staged (counted as emitted); 0 when it is to be staged; PARC_EDATA
 * when it was emitted before.
 */
int sink_skip_principal(struct sink *s, const char *id, const char *const *f,
    struct err *e);

/*
 * The hash of the PRINCIPAL_FIELDS columns of st from col on (a row of
 * principal), as sink_skip_principal() hashes a record.
 */
uint64_t sink_skip_row_hash(sqlite3_stmt *st, int col);

/*
 * Register the SQL functions the merge and the reference checks ask
 * about the principals not staged: parc_pulled(ext_id, group), 1 when
 * ext_id is one of them (and a group, if group is not 0), and
 * parc_principals_skipped(), how many. 0 or PARC_EDB.
 * sink_skip_unregister() takes them away (s is freed).
 */
int sink_skip_register(struct sink *s, struct err *e);
void sink_skip_unregister(struct sink *s);

/*
 * After another sync of the source committed (s->moved): fail with
 * PARC_EDATA naming the first principal not staged whose row is no
 * longer the one sink_known_load() read; 0, or PARC_EDB.
 */
int sink_skip_check_principals(struct sink *s, struct err *e);

/*
 * The source's grants after an incremental merge (s->incr), without
 * counting them: its last run's count, less the rows the merge deleted
 * (gone_id), plus those it added, when that count is the table's (no
 * other sync committed since sink_open()) and no account nor entitlement
 * went (their grants went with them, uncounted); else -1.
 */
int64_t sink_skip_grants(struct sink *s);

/* Free what sink_assignment() holds for skipping (sink_stage.c). */
void sink_stage_release(struct sink *s);

/*
 * Take the lock of s's run (sink_lock.c), held in s->lockfd until the
 * sink is freed; PARC_EIO and e when the lock file cannot be written.
 * No lock for a database in memory.
 */
int sink_lock_run(struct sink *s, struct err *e);

/*
 * Mark the runs of source_id left "running" by a process that no longer
 * holds their lock (killed) as interrupted. 0 or PARC_EDB.
 */
int sink_mark_interrupted(struct db *db, int64_t source_id, struct err *e);

/*
 * Stage what sink_assignment() still holds (sink_stage.c): the run of
 * assignments being staged and the entitlements they named. 0 or
 * PARC_EDB.
 */
int sink_stage_flush(struct sink *s, struct err *e);

/*
 * One assignment's share of its principal's digest: a 64-bit hash of what
 * the assignment step compares (the entitlement's external id, state,
 * expires_at, last_used_at, origin, attrs; NULL told apart from ""). A
 * principal's digest is the sum, modulo 2^64, of its assignments' shares:
 * the same whatever order they came in, and a pair staged twice counts
 * twice.
 */
uint64_t sink_asg_hash(const struct rec_assignment *r, const char *state);

/*
 * A record's fields in one 64-bit hash, as sink_asg_hash() mixes them
 * (NULL told apart from ""): a principal's (sink_skip.c).
 */
uint64_t sink_rec_hash(const char *const *f, size_t n);

/*
 * Register parc_wsum(x) on the connection: the sum of the integers x
 * modulo 2^64 (SQLite's own sum() fails on overflow), 0 over no row.
 * 0 or PARC_EDB.
 */
int sink_digest_register(struct db *db, struct err *e);

#endif
