/*
 * sink_int.h - what the files of the sink share: sink.c (open, merge,
 * commit), sink_stage.c (the records), sink_lock.c (the run's lock),
 * sink_digest.c (the assignments' digests).
 */
#ifndef PARC_SINK_INT_H
#define PARC_SINK_INT_H

#include <stdint.h>
#include <time.h>

#include "db/dbint.h"
#include "db/sink.h"
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
	/* the run of assignments being staged (sink_assignment()) */
	char *run_principal; /* its principal, NULL before the first */
	uint64_t run_digest;
	int64_t run_n, run_lo, run_hi;
	/* the entitlements assignments name: the first rowid naming each */
	struct strhash asg_ent;
};

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
