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
};

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

/* An account of the last snapshot with its assignments' digest. */
struct known {
	int64_t pid;
	uint64_t digest;
	enum known_state state;
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
 * Register parc_wsum(x) on the connection: the sum of the integers x
 * modulo 2^64 (SQLite's own sum() fails on overflow), 0 over no row.
 * 0 or PARC_EDB.
 */
int sink_digest_register(struct db *db, struct err *e);

#endif
