/*
 * sink.c - one source's snapshot in, the previous one replaced atomically.
 * Over 1,000 lines because the merge is one table of SQL statements that
 * reads in order, and splitting it would scatter one transaction's steps
 * (what is not the merge is apart: the records staged in sink_stage.c,
 * the run's lock in sink_lock.c, the digests in sink_digest.c).
 *
 * Records are staged in TEMP tables while the connector pulls (no lock on
 * the database, however long an LDAP pull takes); sink_commit() then merges
 * them in one BEGIN IMMEDIATE transaction:
 *
 *  1. set aside the names of the grants step 2 takes away or renames
 *     (for the history);
 *  2. upsert principals and entitlements by external id (ids stay stable;
 *     only the new and changed are written), delete those that vanished;
 *  3. write the difference of memberships and assignments (an unchanged
 *     assignment keeps its row and id): only of the accounts whose
 *     assignments' digest, summed while they were staged, is not the one
 *     the last sync left (sink_digest.c);
 *  4. expand effective grants: direct ones in one ordered scan, those
 *     through groups by a walk over memberships (a re-sync of a source
 *     where no group gives a grant expands only the accounts it touched);
 *  5. diff the new grants against the table into grant_history, and write
 *     only the grants that came, went or changed (last_seen is the run's);
 *  6. replace the source's people (people sources) and correlate.
 *
 * So a re-sync that changed 1% writes about 1% of the rows and reads the
 * assignments of only the accounts it changed. Nor are the others staged:
 * an account of the last snapshot whose run of rows comes with the digest
 * it had is recorded as skipped (in memory, sink_skip.c: no row), and its
 * rows are read back from the table only where the merge must rewrite them
 * (the account came apart in the pull, or the assignments are replaced
 * whole); an account record emitted as its row holds it is not staged
 * either. A
 * first load appends in key order (its tables' secondary indexes made after,
 * when it outnumbers what they hold), its grants straight from the assignments
 * when no group gives one, and writes one grant_baseline row for its history
 * instead of an "added" row per grant (grant_history_all derives them).
 *
 * Any failure rolls the whole transaction back: the previous snapshot is
 * untouched, and the sync_run row (written in its own transaction) says
 * why the run failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/sink_bulk.h"
#include "db/sink_int.h"

static const char *const stage_sql[ST_COUNT] = {
	[ST_IDENTITY] = "INSERT INTO temp.stage_identity VALUES"
			" (?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_PRINCIPAL] = "INSERT INTO temp.stage_principal VALUES"
			 " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_MEMBERSHIP] = "INSERT OR IGNORE INTO temp.stage_membership"
			  " VALUES (?, ?)",
	[ST_ENTITLEMENT] = "INSERT INTO temp.stage_entitlement VALUES"
			   " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_ASSIGNMENT] = "INSERT INTO temp.stage_assignment VALUES"
			  " (?, ?, ?, ?, ?, ?, ?)",
	[ST_RUN] = "INSERT INTO temp.stage_run VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
};

/* Every temporary table of a sync, dropped before one and after it. */
#define DROP_TEMP                                      \
	"DROP TABLE IF EXISTS temp.stage_identity;"    \
	"DROP TABLE IF EXISTS temp.stage_principal;"   \
	"DROP TABLE IF EXISTS temp.stage_membership;"  \
	"DROP TABLE IF EXISTS temp.stage_entitlement;" \
	"DROP TABLE IF EXISTS temp.stage_assignment;"  \
	"DROP TABLE IF EXISTS temp.stage_run;"         \
	"DROP TABLE IF EXISTS temp.stage_asg_ent;"     \
	"DROP TABLE IF EXISTS temp.stage_digest;"      \
	"DROP TABLE IF EXISTS temp.skip_ids;"          \
	"DROP TABLE IF EXISTS temp.chg_acc;"           \
	"DROP TABLE IF EXISTS temp.chg_cand;"          \
	"DROP TABLE IF EXISTS temp.chg_principal;"     \
	"DROP TABLE IF EXISTS temp.chg_p;"             \
	"DROP TABLE IF EXISTS temp.corr_ids;"          \
	"DROP TABLE IF EXISTS temp.chg_entitlement;"   \
	"DROP TABLE IF EXISTS temp.gone_grant;"        \
	"DROP TABLE IF EXISTS temp.new_asg;"           \
	"DROP TABLE IF EXISTS temp.del_asg;"           \
	"DROP TABLE IF EXISTS temp.touched;"           \
	"DROP TABLE IF EXISTS temp.touched_whole;"     \
	"DROP TABLE IF EXISTS temp.touched_pair;"      \
	"DROP TABLE IF EXISTS temp.add_asg;"           \
	"DROP TABLE IF EXISTS temp.gone_id;"           \
	"DROP TABLE IF EXISTS temp.chg_grant;"         \
	"DROP TABLE IF EXISTS temp.nested_acc;"        \
	"DROP TABLE IF EXISTS temp.best;"              \
	"DROP TABLE IF EXISTS temp.new_grant;"         \
	"DROP TABLE IF EXISTS temp.dist;"              \
	"DROP TABLE IF EXISTS temp.rel;"               \
	"DROP TABLE IF EXISTS temp.noconf;"            \
	"DROP TABLE IF EXISTS temp.new_membership;"    \
	"DROP TABLE IF EXISTS temp.stage_host;"        \
	"DROP TABLE IF EXISTS temp.kept_host;"

static const char stage_ddl[] = DROP_TEMP
    "CREATE TEMP TABLE stage_host (host TEXT PRIMARY KEY, retired);"
    "CREATE TEMP TABLE stage_identity (employee_id TEXT PRIMARY KEY,"
    " display_name, email, login, manager, department, status, end_date);"
    "CREATE TEMP TABLE stage_principal (ext_id TEXT PRIMARY KEY, name,"
    " display_name, kind, enabled, host, email, upn, employee_id,"
    " created_at, last_used_at, password_last_set, mfa, attrs);"
    /* by group first: a directory lists a group's members together */
    "CREATE TEMP TABLE stage_membership (member TEXT, grp TEXT,"
    " PRIMARY KEY (grp, member)) WITHOUT ROWID;"
    "CREATE TEMP TABLE stage_entitlement (ext_id TEXT PRIMARY KEY, name,"
    " kind, scope, host, tier, reason, techniques, owner, grp, attrs);"
    "CREATE TEMP TABLE stage_assignment (principal TEXT, entitlement TEXT,"
    " state, expires_at, last_used_at, origin, attrs);"
    /*
     * A run of one principal's assignments as they came (most sources
     * list an account's together): their digest's share (sink_digest.c),
     * how many, their rowids in stage_assignment, and the entitlement
     * the first names, and the number of its first row among them all
     * (seq: the order the runs came). A run skipped (an account of the
     * last snapshot whose rows came as they are, sink_stage.c) has no
     * row here unless a statement must read it (sink_skip.c); then it has
     * no rows staged (lo and hi NULL until sink_unskip() reads them back)
     * and its account's id in pid.
     */
    "CREATE TEMP TABLE stage_run (principal TEXT, digest INTEGER,"
    " n INTEGER, lo INTEGER, hi INTEGER, ent1 TEXT, pid INTEGER,"
    " seq INTEGER);"
    /*
     * each entitlement assignments name, the first row naming it (its
     * number among them all) and that row's principal
     */
    "CREATE TEMP TABLE stage_asg_ent (ext_id TEXT, first INTEGER,"
    " principal TEXT);"
    /*
     * the accounts skipped in the end (their one run came with their
     * stored digest, and no other run of them came): id and digest
     */
    "CREATE TEMP TABLE skip_ids (id INTEGER PRIMARY KEY, digest INTEGER);";

static int64_t
ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)(t.tv_sec - t0->tv_sec) * 1000 +
	    (t.tv_nsec - t0->tv_nsec) / 1000000;
}

int
sink_open(struct db *db, const char *name, const char *kind, struct sink **out,
    struct err *e)
{
	struct sink *s;
	sqlite3_stmt *st = NULL;
	char now[21];
	int i, rc;

	*out = NULL;
	s = xcalloc(1, sizeof(*s));
	s->db = db;
	s->lockfd = -1;
	strhash_init(&s->asg_ent, STRHASH_COPY_KEYS);
	strhash_init(&s->known_ix, STRHASH_COPY_KEYS);
	s->run_known = -1;
	sb_init(&s->run_buf);
	s->name = xstrdup(name);
	s->kind = xstrdup(kind);
	clock_gettime(CLOCK_MONOTONIC, &s->t0);
	db_now(now);

	/* The source and the run row are committed on their own: never
	 * inside a caller's transaction (db_begin would join it). */
	if ((rc = db_begin(db, e)) == 0)
		rc = err_set(e, PARC_EDB,
		    "sync %s: a snapshot cannot be taken inside another "
		    "transaction",
		    name);
	if (rc < 0)
		goto fail;
	if (db_prepare(db,
		"INSERT INTO source (name, kind, created_at) VALUES (?1, ?2, "
		"?3)"
		" ON CONFLICT (name) DO UPDATE SET kind = excluded.kind"
		" RETURNING id",
		&st, e) != 0)
		goto rollback;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, now);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_fail(db, e, "register source");
		goto rollback;
	}
	s->source_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	/*
	 * A run still "running" whose process no longer holds its lock was
	 * killed: nothing of it was committed.
	 */
	if ((rc = sink_mark_interrupted(db, s->source_id, e)) != 0)
		goto fail_tx;
	if (db_prepare(db,
		"INSERT INTO sync_run (source_id, started_at, status)"
		" VALUES (?, ?, 'running') RETURNING id",
		&st, e) != 0)
		goto rollback;
	sqlite3_bind_int64(st, 1, s->source_id);
	db_bind_text(st, 2, now);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_fail(db, e, "record sync run");
		goto rollback;
	}
	s->run_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	/* locked before the row is seen, so no reader takes it for dead */
	if ((rc = sink_lock_run(s, e)) != 0)
		goto fail_tx;
	if ((rc = db_exec(db, "COMMIT", e)) != 0)
		goto fail;

	if ((rc = db_exec(db, stage_ddl, e)) != 0 ||
	    (rc = sink_digest_register(db, e)) != 0)
		goto fail;
	for (i = 0; i < ST_COUNT; i++)
		if ((rc = db_prepare(db, stage_sql[i], &s->st[i], e)) != 0)
			goto fail;
	/*
	 * A sync rewrites large indexes: a bigger page cache than the 2 MB
	 * default keeps them in memory (64 MB, released with the connection).
	 */
	db_exec(db, "PRAGMA cache_size = -65536", NULL);
	db_exec(db, "PRAGMA temp.cache_size = -131072", NULL);
	/* what the last sync left, read before the pull: no lock held */
	if ((rc = sink_known_load(s, e)) != 0)
		goto fail;
	/* Staging writes go to the temp database, batched in one transaction.
	 */
	if ((rc = db_exec(db, "BEGIN", e)) != 0)
		goto fail;
	s->stats.run_id = s->run_id;
	*out = s;
	return 0;
rollback:
	rc = PARC_EDB;
fail_tx:
	sqlite3_finalize(st);
	db_exec(db, "ROLLBACK", NULL);
fail:
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	if (s->lockfd >= 0)
		close(s->lockfd);
	sink_stage_release(s);
	free(s->name);
	free(s->kind);
	free(s);
	return rc;
}

/*
 * Reference checks: each query returns one offending row (two texts) or
 * none, with the message to give.
 */
static const struct {
	const char *sql;
	const char *fmt; /* source name, then the two columns */
} ref_checks[] = {
	/* (parc_pulled: an account emitted as it was, not staged) */
	{ "SELECT member, grp FROM temp.stage_membership WHERE member NOT IN"
	  " (SELECT ext_id FROM temp.stage_principal)"
	  " AND NOT parc_pulled(member, 0) LIMIT 1",
	    "source %s: %s is a member of %s but is not an account or group "
	    "of the source" },
	{ "SELECT grp, member FROM temp.stage_membership WHERE grp NOT IN"
	  " (SELECT ext_id FROM temp.stage_principal WHERE kind = 'group')"
	  " AND NOT parc_pulled(grp, 1) LIMIT 1",
	    "source %s: %s has member %s but is not a group of the source" },
	/*
	 * The assignments are checked by what they name, not row by row:
	 * each run of one principal's (stage_run, and the skipped ones in
	 * known[], in the order they came), each entitlement named
	 * (stage_asg_ent); the first such is the first row the row by row
	 * check would find. (The runs' has a third column, seq: check_refs
	 * weighs it against the skipped ones.)
	 */
	{ "SELECT principal, ent1, seq FROM temp.stage_run"
	  " WHERE principal NOT IN (SELECT ext_id FROM temp.stage_principal)"
	  " AND NOT parc_pulled(principal, 0) ORDER BY seq LIMIT 1",
	    "source %s: %s is assigned %s but is not an account or group of "
	    "the source" },
	{ "SELECT ext_id, principal FROM temp.stage_asg_ent"
	  " WHERE ext_id NOT IN (SELECT ext_id FROM temp.stage_entitlement)"
	  " ORDER BY first LIMIT 1",
	    "source %s: entitlement %s (assigned to %s) is not an entitlement "
	    "of the source" },
	{ "SELECT grp, ext_id FROM temp.stage_entitlement WHERE grp IS NOT"
	  " NULL AND grp NOT IN (SELECT ext_id FROM temp.stage_principal"
	  " WHERE kind = 'group') AND NOT parc_pulled(grp, 1) LIMIT 1",
	    "source %s: %s is the group of entitlement %s but is not a group "
	    "of the source" },
	{ "SELECT manager, employee_id FROM temp.stage_identity WHERE manager"
	  " IS NOT NULL AND manager <> '' AND manager NOT IN (SELECT"
	  " employee_id FROM temp.stage_identity) LIMIT 1",
	    "source %s: manager %s of person %s is not a person of the "
	    "source" },
	{ "SELECT t.employee_id, s.name FROM temp.stage_identity t JOIN"
	  " identity i ON i.employee_id = t.employee_id JOIN source s ON"
	  " s.id = i.source_id WHERE i.source_id <> ?1 LIMIT 1",
	    "source %s: person %s already comes from source %s" },
};

/*
 * The merge, as statements run in order; ?1 is the source id, ?2 the run
 * id, ?3 the time, ?4 a level (MERGE_LEVEL). Each is small enough to read on
 * its own.
 */
enum merge_count {
	MERGE_REMOVED = 1, /* its row count is the grants removed */
	MERGE_ADDED,	   /* its row count is the grants added */
	MERGE_LEVEL,	   /* run for ?4 = 0, 1, ... until it adds no row */
	/* run for ?4 = 1, 2, ... to the deepest level of temp.dist */
	MERGE_DEPTHS,
	MERGE_KIND = 0xf, /* the bits of the above */
	/*
	 * before it runs, the skipped runs it reads get their rows back
	 * (sink_unskip(): of the accounts diffed, or all for the whole)
	 */
	MERGE_UNSKIP = 1 << 14,
	/* a bulk load: see bulk_step() (a flag, with one of the above) */
	MERGE_BULK = 1 << 15,
	/* before it runs, sink_skip_cand() lists the accounts it reads */
	MERGE_CAND = 1 << 18,
};

/*
 * When a statement runs (merge() decides): only when every condition it
 * names holds; none: always.
 */
enum merge_when {
	WHEN_FLEET = 1 << 4,	/* a fleet (sink_fleet) */
	WHEN_ASG_DIFF = 1 << 5, /* the assignments are diffed */
	WHEN_ASG_FULL = 1 << 6, /* they are replaced whole instead */
	WHEN_FIRST = 1 << 7,	/* the source held no grant nor assignment */
	WHEN_RESYNC = 1 << 8,	/* it did: new grants diffed against them */
	WHEN_NESTED = 1 << 9,	/* the source has groups that give grants */
	WHEN_WHOLE = 1 << 10,	/* every account's grants are expanded */
	WHEN_INCR = 1 << 11,	/* only the touched accounts' (see merge()) */
	/* a first load where no group gives a grant: straight from the
	 * assignments into effective_grant, no new_grant between */
	WHEN_ONE_PASS = 1 << 12,
	WHEN_TWO_PASS = 1 << 13, /* any other: through new_grant */
	/*
	 * known[] is what the table holds (no other sync committed since
	 * sink_open(), and not a fleet): the accounts to diff are read from
	 * it, not from every account's digest
	 */
	WHEN_KNOWN = 1 << 19,
	WHEN_NOT_KNOWN = 1 << 20, /* it may not be */
	/* temp.dist (if any) is at most DEPTHS_MAX levels deep, or not */
	WHEN_SHALLOW = 1 << 16,
	WHEN_DEEP = 1 << 17,
};

#define DEPTHS_MAX 3

/*
 * Join the baseline (grant_baseline) whose first load made grant g, if
 * one did: its rows, of this source, first seen then (an id reused later
 * is a later grant's).
 */
#define BASELINE_OF_G                                                      \
	" JOIN grant_baseline b ON b.source_id = ?1 AND g.id BETWEEN b.lo" \
	" AND b.hi AND g.first_seen = b.at"

static const struct {
	const char *sql;
	int count; /* 0 or an enum merge_count, | an enum merge_when */
} merge_sql[] = {
	/*
	 * 0. A fleet's hosts that were not read this time (gone from the
	 * collected tree, or their files missing) and not retired keep their
	 * last snapshot: a failed collection must not look like remediation.
	 */
	{ "CREATE TEMP TABLE kept_host (host TEXT PRIMARY KEY)", 0 },
	{ "INSERT OR IGNORE INTO temp.kept_host"
	  " SELECT host FROM principal WHERE source_id = ?1 AND host IS NOT "
	  "NULL"
	  " AND host NOT IN (SELECT host FROM temp.stage_host)"
	  " UNION SELECT host FROM entitlement WHERE source_id = ?1"
	  " AND host IS NOT NULL"
	  " AND host NOT IN (SELECT host FROM temp.stage_host)",
	    WHEN_FLEET },
	/*
	 * 1. For the history, the names of the grants that step 2 is about to
	 * take away (their account or entitlement goes, and the rows cascade)
	 * or rename: only those. Every other grant keeps its row until step
	 * 5, which diffs the table itself against the new expansion, so a
	 * re-sync copies no snapshot of the grants aside.
	 */
	{ "CREATE TEMP TABLE chg_principal (id INTEGER, gone INTEGER)", 0 },
	{ "CREATE TEMP TABLE chg_entitlement AS SELECT n.id FROM entitlement n"
	  " LEFT JOIN temp.stage_entitlement t ON t.ext_id = n.ext_id"
	  " WHERE n.source_id = ?1 AND (t.ext_id IS NULL OR t.name IS NOT"
	  " n.name)",
	    0 },
	/*
	 * The accounts whose grants a re-sync may change (when no group
	 * gives any, see merge()): renamed, of another kind or attrs (the
	 * path, whether it is an account, whether it confers), holding a
	 * renamed entitlement, and (step 3) with an assignment new or gone.
	 */
	{ "CREATE TEMP TABLE touched (id INTEGER PRIMARY KEY)", 0 },
	/*
	 * Of those, the accounts whose every grant may change (the first
	 * three reasons), and the (account, entitlement) pairs with an
	 * assignment new or gone: a grant is its pair's first assignment,
	 * named by the account and entitlement, so only the pairs of an
	 * account touched by its assignments alone are expanded again.
	 */
	{ "CREATE TEMP TABLE touched_whole (id INTEGER PRIMARY KEY)", 0 },
	{ "CREATE TEMP TABLE touched_pair (pid INTEGER, nid INTEGER,"
	  " PRIMARY KEY (pid, nid)) WITHOUT ROWID",
	    0 },
	/*
	 * The staged accounts new or changed in any field (trow: their row
	 * in stage_principal, pid: theirs, or NULL), read once: step 2
	 * writes only these, and those renamed, of another kind or attrs
	 * are touched.
	 */
	{ "CREATE TEMP TABLE chg_p (trow INTEGER PRIMARY KEY, pid INTEGER,"
	  " touch INTEGER)",
	    0 },
	{ "INSERT INTO temp.chg_p SELECT t.rowid, p.id, p.id IS NOT NULL"
	  " AND (t.name IS NOT p.name OR t.kind IS NOT p.kind"
	  " OR t.attrs IS NOT p.attrs) FROM temp.stage_principal t"
	  " LEFT JOIN principal p ON p.source_id = ?1 AND p.ext_id = t.ext_id"
	  " WHERE p.id IS NULL"
	  " OR p.name IS NOT t.name OR p.display_name IS NOT t.display_name"
	  " OR p.kind IS NOT t.kind OR p.enabled IS NOT t.enabled"
	  " OR p.host IS NOT t.host OR p.email IS NOT t.email"
	  " OR p.upn IS NOT t.upn OR p.employee_id IS NOT t.employee_id"
	  " OR p.created_at IS NOT t.created_at"
	  " OR p.last_used_at IS NOT t.last_used_at"
	  " OR p.password_last_set IS NOT t.password_last_set"
	  " OR p.mfa IS NOT t.mfa OR p.attrs IS NOT t.attrs",
	    0 },
	/* chg_principal: the accounts renamed (of chg_p), and those gone */
	{ "INSERT INTO temp.chg_principal SELECT c.pid, 0 FROM temp.chg_p c"
	  " CROSS JOIN temp.stage_principal t ON t.rowid = c.trow"
	  " CROSS JOIN principal p ON p.id = c.pid WHERE t.name IS NOT p.name",
	    0 },
	/*
	 * none is gone when every account there came (as many as those
	 * staged that were there already): then the source's accounts are
	 * not read one by one
	 */
	{ "INSERT INTO temp.chg_principal SELECT p.id, 1 FROM principal p"
	  " WHERE (SELECT count(*) FROM principal WHERE source_id = ?1) <>"
	  " (SELECT count(*) FROM temp.stage_principal) +"
	  " parc_principals_skipped() -"
	  " (SELECT count(*) FROM temp.chg_p WHERE pid IS NULL)"
	  " AND p.source_id = ?1 AND NOT EXISTS (SELECT 1 FROM"
	  " temp.stage_principal t WHERE t.ext_id = p.ext_id)"
	  " AND NOT parc_pulled(p.ext_id, 0)",
	    0 },
	{ "INSERT OR IGNORE INTO temp.touched_whole SELECT pid FROM temp.chg_p"
	  " WHERE touch",
	    WHEN_RESYNC },
	{ "INSERT OR IGNORE INTO temp.touched_whole SELECT g.account_id"
	  " FROM temp.chg_entitlement c"
	  " JOIN effective_grant g ON g.entitlement_id = c.id",
	    WHEN_RESYNC },
	{ "INSERT INTO temp.touched SELECT id FROM temp.touched_whole",
	    WHEN_RESYNC },
	{ "CREATE TEMP TABLE gone_grant AS SELECT g.id, p.ext_id AS acc_ext,"
	  " p.name AS acc, n.ext_id AS ent_ext, n.name AS ent, g.path"
	  " FROM effective_grant g JOIN principal p ON p.id = g.account_id"
	  " JOIN entitlement n ON n.id = g.entitlement_id"
	  " WHERE g.id IN (SELECT g.id FROM temp.chg_principal c"
	  " JOIN effective_grant g ON g.account_id = c.id"
	  " UNION SELECT g.id FROM temp.chg_entitlement c"
	  " JOIN effective_grant g ON g.entitlement_id = c.id)",
	    0 },
	/*
	 * Of those, a first load's grants that had no row of their own
	 * (grant_baseline) get their "added" row now, with the names they
	 * had, before step 2 renames them or takes them away.
	 */
	{ "INSERT INTO grant_history (run_id, source_id, change,"
	  " account_ext_id, account, entitlement_ext_id, entitlement, path, at)"
	  " SELECT b.run_id, ?1, 'added', o.acc_ext, o.acc, o.ent_ext, o.ent,"
	  " o.path, b.at FROM temp.gone_grant o"
	  " JOIN effective_grant g ON g.id = o.id" BASELINE_OF_G
	  " AND NOT EXISTS (SELECT 1 FROM grant_history h"
	  " WHERE h.source_id = ?1 AND h.account_ext_id = o.acc_ext"
	  " AND h.entitlement_ext_id = o.ent_ext AND h.run_id >= "
	  "b.run_id)"
	  " ORDER BY o.acc_ext, o.ent_ext",
	    WHEN_RESYNC },

	/* 2. principals and entitlements, upserted by external id */
	/* the vanished, as step 1 found them */
	{ "DELETE FROM principal WHERE id IN (SELECT id FROM"
	  " temp.chg_principal WHERE gone)"
	  " AND coalesce(host, '') NOT IN (SELECT host FROM temp.kept_host)",
	    0 },
	{ "INSERT INTO principal (source_id, ext_id, name, display_name, kind,"
	  " enabled, host, email, upn, employee_id, created_at, last_used_at,"
	  " password_last_set, mfa, attrs, first_seen)"
	  " SELECT ?1, t.ext_id, t.name, t.display_name, t.kind, t.enabled,"
	  " t.host, t.email, t.upn, t.employee_id, t.created_at,"
	  " t.last_used_at, t.password_last_set, t.mfa, t.attrs, ?3"
	  /*
	   * only the new and the changed (chg_p, in the order they came):
	   * an account as it was is not tried as an insert (its checks,
	   * its conflict) only to be left
	   */
	  " FROM temp.chg_p c CROSS JOIN temp.stage_principal t"
	  " ON t.rowid = c.trow WHERE true"
	  " ON CONFLICT (source_id, ext_id) DO UPDATE SET name = excluded.name,"
	  " display_name = excluded.display_name, kind = excluded.kind,"
	  " enabled = excluded.enabled, host = excluded.host,"
	  " email = excluded.email, upn = excluded.upn,"
	  " employee_id = excluded.employee_id, created_at = "
	  "excluded.created_at,"
	  " last_used_at = excluded.last_used_at,"
	  " password_last_set = excluded.password_last_set, mfa = excluded.mfa,"
	  " attrs = excluded.attrs"
	  /* a re-sync rewrites only the rows that changed */
	  " WHERE name IS NOT excluded.name"
	  " OR display_name IS NOT excluded.display_name"
	  " OR kind IS NOT excluded.kind OR enabled IS NOT excluded.enabled"
	  " OR host IS NOT excluded.host OR email IS NOT excluded.email"
	  " OR upn IS NOT excluded.upn"
	  " OR employee_id IS NOT excluded.employee_id"
	  " OR created_at IS NOT excluded.created_at"
	  " OR last_used_at IS NOT excluded.last_used_at"
	  " OR password_last_set IS NOT excluded.password_last_set"
	  " OR mfa IS NOT excluded.mfa OR attrs IS NOT excluded.attrs",
	    0 },
	/*
	 * the accounts new or changed, to be correlated again (the others'
	 * match holds while the people and overrides stay: see
	 * db_correlate_after()); a first load correlates every account
	 */
	{ "CREATE TEMP TABLE corr_ids (id INTEGER PRIMARY KEY)", 0 },
	{ "INSERT INTO temp.corr_ids SELECT p.id FROM temp.chg_p c"
	  " CROSS JOIN temp.stage_principal t ON t.rowid = c.trow"
	  " CROSS JOIN principal p ON p.source_id = ?1 AND p.ext_id = t.ext_id",
	    WHEN_RESYNC },
	{ "DELETE FROM entitlement WHERE source_id = ?1 AND ext_id NOT IN"
	  " (SELECT ext_id FROM temp.stage_entitlement)"
	  " AND coalesce(host, '') NOT IN (SELECT host FROM temp.kept_host)",
	    0 },
	{ "INSERT INTO entitlement (source_id, ext_id, name, kind, scope, host,"
	  " tier, reason, techniques, owner, group_principal_id, attrs)"
	  " SELECT ?1, t.ext_id, t.name, t.kind, t.scope, t.host, t.tier,"
	  " t.reason, t.techniques, t.owner, p.id, t.attrs"
	  " FROM temp.stage_entitlement t LEFT JOIN principal p"
	  " ON p.source_id = ?1 AND p.ext_id = t.grp WHERE true"
	  " ON CONFLICT (source_id, ext_id) DO UPDATE SET name = excluded.name,"
	  " kind = excluded.kind, scope = excluded.scope, host = excluded.host,"
	  " tier = excluded.tier, reason = excluded.reason,"
	  " techniques = excluded.techniques, owner = excluded.owner,"
	  " group_principal_id = excluded.group_principal_id,"
	  " attrs = excluded.attrs",
	    0 },
	/* a kept host's entitlements say since when it was not collected */
	{ "UPDATE entitlement SET attrs = json_set(coalesce(attrs, '{}'),"
	  " '$.not_collected_since', coalesce(json_extract(attrs,"
	  " '$.not_collected_since'), (SELECT max(started_at) FROM sync_run"
	  " WHERE source_id = ?1 AND status = 'ok'), ?3))"
	  " WHERE source_id = ?1 AND host IN (SELECT host FROM temp.kept_host)",
	    0 },

	/*
	 * 3. memberships and assignments, replaced. Memberships are many and
	 * mostly the same from one sync to the next: only the difference is
	 * written.
	 */
	{ "CREATE TEMP TABLE new_membership (member_id INTEGER, group_id "
	  "INTEGER,"
	  " PRIMARY KEY (member_id, group_id)) WITHOUT ROWID",
	    0 },
	{ "INSERT OR IGNORE INTO temp.new_membership"
	  " SELECT m.id, g.id FROM temp.stage_membership t"
	  " JOIN principal m ON m.source_id = ?1 AND m.ext_id = t.member"
	  " JOIN principal g ON g.source_id = ?1 AND g.ext_id = t.grp",
	    WHEN_RESYNC },
	{ "DELETE FROM membership WHERE source_id = ?1 AND NOT EXISTS"
	  " (SELECT 1 FROM temp.new_membership n"
	  " WHERE n.member_id = membership.member_id"
	  " AND n.group_id = membership.group_id)"
	  " AND member_id NOT IN (SELECT id FROM principal WHERE source_id = ?1"
	  " AND host IN (SELECT host FROM temp.kept_host))",
	    0 },
	/* one already there is left (a select reading the table it fills
	 * would be copied aside whole first) */
	{ "INSERT OR IGNORE INTO membership (member_id, group_id, source_id)"
	  " SELECT member_id, group_id, ?1 FROM temp.new_membership",
	    WHEN_RESYNC | MERGE_BULK },
	/*
	 * A first load has nothing to diff them against: straight into the
	 * table, not through new_membership (a million rows written once,
	 * not twice). What the DELETE above left (of a kept host, or of a
	 * source that has memberships but never had a grant) stays.
	 */
	{ "INSERT OR IGNORE INTO membership (member_id, group_id, source_id)"
	  " SELECT m.id, g.id, ?1 FROM temp.stage_membership t"
	  " JOIN principal m ON m.source_id = ?1 AND m.ext_id = t.member"
	  " JOIN principal g ON g.source_id = ?1 AND g.ext_id = t.grp",
	    WHEN_FIRST | MERGE_BULK },
	/*
	 * Assignments: an assignment that stays exactly as it was keeps its
	 * row and id (so its grants need no rewrite); only what changed is
	 * deleted and inserted. The diff needs each (account, entitlement)
	 * pair once in the pull, and no host kept: merge() checks that
	 * (and the count after), else the assignments are replaced whole,
	 * as they are at a source's first load (nothing to diff).
	 *
	 * Only the accounts whose digest (sink_digest.c) is not the one
	 * assignment_digest holds are diffed (chg_acc): an account whose
	 * assignments came as they are is neither read nor written. The
	 * accounts skipped (skip_ids) have theirs, as sink_known_check()
	 * made sure: they are left out of the sums and the comparison.
	 */
	{ "CREATE TEMP TABLE stage_digest (principal TEXT PRIMARY KEY,"
	  " digest INTEGER, n INTEGER) WITHOUT ROWID",
	    0 },
	{ "INSERT INTO temp.stage_digest SELECT principal, parc_wsum(digest),"
	  " sum(n) FROM temp.stage_run WHERE pid IS NULL"
	  " OR pid NOT IN (SELECT id FROM temp.skip_ids) GROUP BY principal",
	    0 },
	{ "CREATE TEMP TABLE chg_acc (id INTEGER PRIMARY KEY,"
	  " ext_id TEXT UNIQUE, n INTEGER)",
	    0 },
	{ "INSERT INTO temp.chg_acc SELECT p.id, p.ext_id, coalesce(d.n, 0)"
	  " FROM principal p LEFT JOIN temp.stage_digest d"
	  " ON d.principal = p.ext_id LEFT JOIN assignment_digest o"
	  " ON o.principal_id = p.id WHERE p.source_id = ?1"
	  " AND p.id NOT IN (SELECT id FROM temp.skip_ids)"
	  " AND o.digest IS NOT coalesce(d.digest, 0)",
	    WHEN_ASG_DIFF | WHEN_NOT_KNOWN },
	/* the same, of the few accounts sink_skip_cand() names */
	{ "INSERT INTO temp.chg_acc SELECT p.id, p.ext_id, coalesce(d.n, 0)"
	  " FROM temp.chg_cand x CROSS JOIN principal p ON p.id = x.id"
	  " LEFT JOIN temp.stage_digest d"
	  " ON d.principal = p.ext_id LEFT JOIN assignment_digest o"
	  " ON o.principal_id = p.id WHERE p.source_id = ?1"
	  " AND o.digest IS NOT coalesce(d.digest, 0)",
	    WHEN_ASG_DIFF | WHEN_KNOWN | MERGE_CAND },
	{ "CREATE TEMP TABLE new_asg (pid INTEGER, nid INTEGER, state,"
	  " expires_at, last_used_at, origin, attrs,"
	  " PRIMARY KEY (pid, nid)) WITHOUT ROWID",
	    0 },
	{ "INSERT OR IGNORE INTO temp.new_asg SELECT c.id, n.id, t.state,"
	  " t.expires_at, t.last_used_at, t.origin, t.attrs"
	  /*
	   * each run's rows by rowid (CROSS JOIN keeps this loop order);
	   * a run still skipped (no lo) is of an account not diffed
	   */
	  " FROM temp.stage_run r CROSS JOIN temp.chg_acc c"
	  " ON r.lo IS NOT NULL AND c.ext_id = r.principal"
	  " CROSS JOIN temp.stage_assignment t"
	  " ON t.rowid BETWEEN r.lo AND r.hi"
	  " CROSS JOIN entitlement n ON n.source_id = ?1 AND n.ext_id = "
	  "t.entitlement",
	    WHEN_ASG_DIFF | MERGE_UNSKIP },
	/* what is new, set aside before the table changes */
	/*
	 * (EXCEPT compares as IS does; the diffed accounts' rows are read
	 * once, not once for each staged row)
	 */
	{ "CREATE TEMP TABLE add_asg AS SELECT pid, nid, state, expires_at,"
	  " last_used_at, origin, attrs FROM temp.new_asg"
	  " EXCEPT SELECT a.principal_id, a.entitlement_id, a.state,"
	  " a.expires_at, a.last_used_at, a.origin, a.attrs"
	  " FROM temp.chg_acc c CROSS JOIN assignment a"
	  " ON a.principal_id = c.id",
	    WHEN_ASG_DIFF },
	{ "INSERT OR IGNORE INTO temp.touched SELECT pid FROM temp.add_asg",
	    WHEN_ASG_DIFF },
	{ "INSERT OR IGNORE INTO temp.touched_pair SELECT pid, nid"
	  " FROM temp.add_asg",
	    WHEN_ASG_DIFF },
	{ "CREATE TEMP TABLE del_asg AS SELECT a.id, a.principal_id,"
	  " a.entitlement_id AS nid"
	  /* the few accounts first (CROSS JOIN), not every assignment */
	  " FROM temp.chg_acc c CROSS JOIN assignment a"
	  " ON a.principal_id = c.id"
	  " WHERE NOT EXISTS (SELECT 1 FROM temp.new_asg t WHERE"
	  " t.pid = a.principal_id AND t.nid = a.entitlement_id"
	  " AND t.state IS a.state AND t.expires_at IS a.expires_at"
	  " AND t.last_used_at IS a.last_used_at"
	  " AND t.origin IS a.origin AND t.attrs IS a.attrs)",
	    WHEN_ASG_DIFF },
	{ "DELETE FROM assignment WHERE id IN (SELECT id FROM temp.del_asg)",
	    WHEN_ASG_DIFF },
	{ "INSERT OR IGNORE INTO temp.touched SELECT principal_id"
	  " FROM temp.del_asg",
	    WHEN_ASG_DIFF },
	{ "INSERT OR IGNORE INTO temp.touched_pair SELECT principal_id, nid"
	  " FROM temp.del_asg",
	    WHEN_ASG_DIFF },
	{ "INSERT INTO assignment (source_id, principal_id, entitlement_id,"
	  " state, expires_at, last_used_at, origin, attrs)"
	  " SELECT ?1, pid, nid, state, expires_at, last_used_at, origin,"
	  " attrs FROM temp.add_asg ORDER BY pid, nid",
	    WHEN_ASG_DIFF },
	/* the diffed accounts' assignments are now what came */
	{ "INSERT OR REPLACE INTO assignment_digest (principal_id, digest)"
	  " SELECT c.id, coalesce(d.digest, 0) FROM temp.chg_acc c"
	  " LEFT JOIN temp.stage_digest d ON d.principal = c.ext_id",
	    WHEN_ASG_DIFF },
	{ "DELETE FROM assignment WHERE source_id = ?1"
	  " AND entitlement_id NOT IN (SELECT id FROM entitlement"
	  " WHERE source_id = ?1 AND host IN (SELECT host FROM "
	  "temp.kept_host))",
	    WHEN_ASG_FULL | MERGE_UNSKIP },
	{ "INSERT INTO assignment (source_id, principal_id, entitlement_id, "
	  "state,"
	  " expires_at, last_used_at, origin, attrs)"
	  " SELECT ?1, p.id, n.id, t.state, t.expires_at, t.last_used_at,"
	  /*
	   * an account looked up once a run of its rows, not once a row;
	   * the runs and their rows in the order they came
	   */
	  " t.origin, t.attrs FROM temp.stage_run r"
	  " CROSS JOIN principal p ON p.source_id = ?1"
	  " AND p.ext_id = r.principal CROSS JOIN temp.stage_assignment t"
	  " ON t.rowid BETWEEN r.lo AND r.hi"
	  " CROSS JOIN entitlement n ON n.source_id = ?1"
	  " AND n.ext_id = t.entitlement",
	    WHEN_ASG_FULL | MERGE_BULK },
	/*
	 * Every account's assignments are what came, unless a kept host's
	 * stayed beside them: then no digest of the source is known.
	 */
	{ "INSERT OR REPLACE INTO assignment_digest (principal_id, digest)"
	  " SELECT p.id, coalesce(d.digest, k.digest, 0) FROM principal p"
	  " LEFT JOIN temp.stage_digest d ON d.principal = p.ext_id"
	  " LEFT JOIN temp.skip_ids k ON k.id = p.id"
	  " WHERE p.source_id = ?1 AND NOT EXISTS"
	  " (SELECT 1 FROM temp.kept_host)",
	    WHEN_ASG_FULL },
	/* (kept_host is a fleet's: only a fleet reads it) */
	{ "DELETE FROM assignment_digest WHERE EXISTS"
	  " (SELECT 1 FROM temp.kept_host) AND principal_id IN"
	  " (SELECT id FROM principal WHERE source_id = ?1)",
	    WHEN_ASG_FULL | WHEN_FLEET },

	/*
	 * 4. effective grants, in two recursive walks that stay polynomial
	 * however the groups nest (following every path instead would grow
	 * exponentially with a dense nesting, and a cycle would need a visited
	 * list per path).
	 *
	 * 4a. dist: how far each group is from each account, level by level
	 * (below), with no cap on the depth: privilege hidden behind a
	 * hundred nested groups is still privilege.
	 */
	/*
	 * rel: what can lead to a grant at all, the anchors (below) and,
	 * down through the memberships, everything nested in them. The walk
	 * up from the accounts stays inside it, so the groups that give
	 * nothing (Domain Users and most of a directory) cost nothing.
	 * A group whose attrs say "confers": false (an AD distribution group,
	 * which never enters a logon token) is left out, and so is what is
	 * nested only below it: its members get nothing through it.
	 */
	/* the few that confer nothing, read once per principal */
	{ "CREATE TEMP TABLE noconf (id INTEGER PRIMARY KEY)", 0 },
	{ "INSERT INTO temp.noconf SELECT id FROM principal WHERE"
	  " source_id = ?1 AND attrs IS NOT NULL AND"
	  " coalesce(json_extract(attrs, '$.confers'), 1) = 0",
	    0 },
	{ "CREATE TEMP TABLE rel (id INTEGER PRIMARY KEY)", WHEN_NESTED },
	{ "INSERT INTO temp.rel WITH RECURSIVE r (id) AS ("
	  "  SELECT principal_id FROM assignment WHERE source_id = ?1"
	  "  UNION SELECT group_principal_id FROM entitlement"
	  "  WHERE source_id = ?1 AND group_principal_id IS NOT NULL"
	  "  UNION SELECT m.member_id FROM r JOIN membership m"
	  "  ON m.group_id = r.id"
	  "  WHERE m.member_id NOT IN (SELECT id FROM temp.noconf))"
	  " SELECT r.id FROM r WHERE r.id NOT IN (SELECT id FROM temp.noconf)",
	    WHEN_NESTED },
	{ "CREATE TEMP TABLE dist (account_id INTEGER, principal_id INTEGER,"
	  " depth INTEGER, PRIMARY KEY (account_id, principal_id))"
	  " WITHOUT ROWID",
	    WHEN_NESTED },
	{ "CREATE INDEX temp.dist_depth ON dist(depth)", WHEN_NESTED },
	{ "INSERT INTO temp.dist SELECT p.id, p.id, 0 FROM temp.rel r"
	  " JOIN principal p ON p.id = r.id"
	  " WHERE p.source_id = ?1 AND p.kind <> 'group'",
	    WHEN_NESTED },
	/*
	 * One level further from the frontier (?4 the depth it is at), until
	 * a level adds nothing: a breadth-first walk, so the first row of an
	 * (account, group) is its shortest distance and a cycle or a second
	 * path to it adds no row. It goes as deep as the groups nest.
	 */
	{ "INSERT OR IGNORE INTO temp.dist"
	  /* a join, not IN (subquery): that would be rebuilt every step */
	  " SELECT d.account_id, m.group_id, ?4 + 1"
	  " FROM temp.dist d JOIN membership m ON m.member_id = d.principal_id"
	  " JOIN temp.rel r ON r.id = m.group_id WHERE d.depth = ?4",
	    MERGE_LEVEL | WHEN_NESTED },
	/*
	 * 4b. The grants, keyed by (account, entitlement). A direct
	 * assignment to the account itself is at distance 0, the nearest
	 * there is: its grant and path ([account, entitlement]) need no walk.
	 * A million direct grants are one ordered scan of the assignments
	 * (by id: of two assignments of one pair, the first made wins).
	 */
	{ "CREATE TEMP TABLE new_grant (account_id INTEGER, entitlement_id"
	  " INTEGER, assignment_id INTEGER, depth INTEGER, path TEXT,"
	  " PRIMARY KEY (account_id, entitlement_id)) WITHOUT ROWID",
	    0 },
	{ "INSERT OR IGNORE INTO temp.new_grant SELECT a.principal_id,"
	  " a.entitlement_id, a.id, 0, '[' || json_quote(p.name) || ',' ||"
	  " json_quote(n.name) || ']' FROM assignment a"
	  " JOIN principal p ON p.id = a.principal_id"
	  " JOIN entitlement n ON n.id = a.entitlement_id"
	  " WHERE a.source_id = ?1 AND p.kind <> 'group'"
	  /* what rel (above) keeps of the accounts */
	  " AND p.id NOT IN (SELECT id FROM temp.noconf)"
	  " ORDER BY a.id",
	    WHEN_WHOLE | WHEN_TWO_PASS },
	{ "INSERT OR IGNORE INTO temp.new_grant SELECT a.principal_id,"
	  " a.entitlement_id, a.id, 0, '[' || json_quote(p.name) || ',' ||"
	  " json_quote(n.name) || ']' FROM temp.touched_whole t"
	  " CROSS JOIN assignment a ON a.principal_id = t.id"
	  " JOIN principal p ON p.id = a.principal_id"
	  " JOIN entitlement n ON n.id = a.entitlement_id"
	  " WHERE a.source_id = ?1 AND p.kind <> 'group'"
	  " AND p.id NOT IN (SELECT id FROM temp.noconf)"
	  " ORDER BY a.id",
	    WHEN_INCR },
	/* the other accounts' pairs whose assignments changed */
	{ "INSERT OR IGNORE INTO temp.new_grant SELECT a.principal_id,"
	  " a.entitlement_id, a.id, 0, '[' || json_quote(p.name) || ',' ||"
	  " json_quote(n.name) || ']' FROM (SELECT DISTINCT pid"
	  " FROM temp.touched_pair"
	  " WHERE pid NOT IN (SELECT id FROM temp.touched_whole)) u"
	  /*
	   * by the account's few rows, not the entitlement's many, each
	   * read once however many of its pairs changed
	   */
	  " CROSS JOIN assignment a ON a.principal_id = u.pid"
	  " CROSS JOIN temp.touched_pair t ON t.pid = a.principal_id"
	  " AND t.nid = a.entitlement_id"
	  " JOIN principal p ON p.id = a.principal_id"
	  " JOIN entitlement n ON n.id = a.entitlement_id"
	  " WHERE a.source_id = ?1 AND p.kind <> 'group'"
	  " AND p.id NOT IN (SELECT id FROM temp.noconf)"
	  " ORDER BY a.id",
	    WHEN_INCR },
	/*
	 * 4c. Through groups, only for the accounts in one (a level above
	 * 0 in dist). An anchor is an assignment, or an entitlement that is
	 * a group itself; per (account, entitlement) the nearest anchor wins
	 * (SQLite takes the bare columns from the row where min() found its
	 * value); a pair 4b holds already is left as it is.
	 */
	{ "CREATE TEMP TABLE nested_acc (id INTEGER PRIMARY KEY)",
	    WHEN_NESTED },
	{ "INSERT OR IGNORE INTO temp.nested_acc SELECT account_id"
	  " FROM temp.dist WHERE depth > 0",
	    WHEN_NESTED },
	{ "CREATE TEMP TABLE best (account_id INTEGER, entitlement_id INTEGER,"
	  " assignment_id INTEGER, via INTEGER, depth INTEGER,"
	  " PRIMARY KEY (account_id, entitlement_id)) WITHOUT ROWID",
	    WHEN_NESTED },
	{ "INSERT INTO temp.best WITH"
	  " anchor (principal_id, entitlement_id, assignment_id) AS ("
	  "  SELECT principal_id, entitlement_id, id FROM assignment"
	  "  WHERE source_id = ?1"
	  "  UNION ALL SELECT group_principal_id, id, NULL FROM entitlement"
	  "  WHERE source_id = ?1 AND group_principal_id IS NOT NULL)"
	  " SELECT d.account_id, a.entitlement_id, a.assignment_id,"
	  " a.principal_id, min(d.depth)"
	  " FROM temp.nested_acc x JOIN temp.dist d ON d.account_id = x.id"
	  " JOIN anchor a ON a.principal_id = d.principal_id"
	  " GROUP BY d.account_id, a.entitlement_id",
	    WHEN_NESTED },
	/*
	 * One group away (an account in a privileged group: most of a
	 * directory), the path is [account, group] or [account, group,
	 * entitlement]: the account is the only member at distance 0.
	 */
	{ "INSERT OR IGNORE INTO temp.new_grant SELECT b.account_id,"
	  " b.entitlement_id, b.assignment_id, 1, '[' || json_quote(p.name)"
	  " || ',' || json_quote(g.name) || CASE WHEN b.assignment_id IS NULL"
	  " THEN '' ELSE ',' || json_quote(n.name) END || ']'"
	  " FROM temp.best b JOIN principal p ON p.id = b.account_id"
	  " JOIN principal g ON g.id = b.via"
	  " JOIN entitlement n ON n.id = b.entitlement_id WHERE b.depth = 1",
	    WHEN_NESTED },
	/*
	 * Further, the path is walked back from the anchor to the account,
	 * one hop a step, each time to the member at one step less from the
	 * account (the first by name, so the path is the same every sync).
	 */
	{ "INSERT OR IGNORE INTO temp.new_grant"
	  " WITH RECURSIVE"
	  " walk (account_id, entitlement_id, assignment_id, depth, cur, hops)"
	  " AS ("
	  "  SELECT b.account_id, b.entitlement_id, b.assignment_id, b.depth,"
	  "  b.via, json_quote(g.name) || CASE WHEN b.assignment_id IS NULL"
	  "  THEN '' ELSE ',' || json_quote(n.name) END"
	  "  FROM temp.best b JOIN principal g ON g.id = b.via"
	  "  JOIN entitlement n ON n.id = b.entitlement_id WHERE b.depth > 1"
	  "  UNION ALL"
	  "  SELECT w.account_id, w.entitlement_id, w.assignment_id,"
	  "  w.depth - 1, p.id, json_quote(p.name) || ',' || w.hops"
	  "  FROM walk w JOIN principal p ON p.id = (SELECT d.principal_id"
	  /*
	   * From the few groups near this account to the edge, not from the
	   * edge's group, which may have thousands of members (CROSS JOIN
	   * fixes that loop order).
	   */
	  "   FROM temp.dist d CROSS JOIN membership m"
	  "   ON m.member_id = d.principal_id AND m.group_id = w.cur"
	  "   JOIN principal q ON q.id = d.principal_id"
	  "   WHERE d.account_id = w.account_id AND d.depth = w.depth - 1"
	  "   ORDER BY q.name, q.id LIMIT 1)"
	  "  WHERE w.depth > 0)"
	  " SELECT w.account_id, w.entitlement_id, w.assignment_id,"
	  " b.depth, '[' || w.hops || ']'"
	  " FROM walk w JOIN temp.best b ON b.account_id = w.account_id"
	  " AND b.entitlement_id = w.entitlement_id"
	  " WHERE w.depth = 0",
	    WHEN_NESTED },

	/*
	 * 5. History and the grant table. A re-sync diffs the new grants
	 * against the rows still there by (account, entitlement), once each
	 * way: gone_id, the rows the expansion lacks; chg_grant, the grants
	 * new or changed (gid: the row there was). A first load has nothing
	 * to diff: every grant is new.
	 */
	{ "CREATE TEMP TABLE gone_id (id INTEGER PRIMARY KEY)", 0 },
	{ "CREATE TEMP TABLE chg_grant (account_id INTEGER, entitlement_id"
	  " INTEGER, assignment_id INTEGER, depth INTEGER, path TEXT,"
	  " gid INTEGER)",
	    0 },
	{ "INSERT INTO temp.gone_id SELECT g.id FROM effective_grant g"
	  " WHERE g.source_id = ?1 AND NOT EXISTS (SELECT 1 FROM"
	  " temp.new_grant ng WHERE ng.account_id = g.account_id"
	  " AND ng.entitlement_id = g.entitlement_id)",
	    WHEN_RESYNC | WHEN_WHOLE },
	{ "INSERT INTO temp.gone_id SELECT g.id FROM temp.touched_whole t"
	  " CROSS JOIN effective_grant g ON g.account_id = t.id"
	  " WHERE NOT EXISTS (SELECT 1 FROM"
	  " temp.new_grant ng WHERE ng.account_id = g.account_id"
	  " AND ng.entitlement_id = g.entitlement_id)",
	    WHEN_RESYNC | WHEN_INCR },
	{ "INSERT INTO temp.gone_id SELECT g.id FROM temp.touched_pair t"
	  " CROSS JOIN effective_grant g ON g.account_id = t.pid"
	  " AND g.entitlement_id = t.nid"
	  " WHERE t.pid NOT IN (SELECT id FROM temp.touched_whole)"
	  " AND NOT EXISTS (SELECT 1 FROM"
	  " temp.new_grant ng WHERE ng.account_id = g.account_id"
	  " AND ng.entitlement_id = g.entitlement_id)",
	    WHEN_RESYNC | WHEN_INCR },
	{ "INSERT INTO temp.chg_grant SELECT ng.account_id, ng.entitlement_id,"
	  " ng.assignment_id, ng.depth, ng.path, g.id FROM temp.new_grant ng"
	  " LEFT JOIN effective_grant g ON g.account_id = ng.account_id"
	  " AND g.entitlement_id = ng.entitlement_id WHERE g.id IS NULL"
	  " OR g.assignment_id IS NOT ng.assignment_id"
	  " OR g.depth IS NOT ng.depth OR g.path IS NOT ng.path",
	    WHEN_RESYNC },
	/*
	 * A first load's grant that goes or changes gets its own "added"
	 * row before (those of step 1 have theirs already).
	 */
	{ "INSERT INTO grant_history (run_id, source_id, change,"
	  " account_ext_id, account, entitlement_ext_id, entitlement, path, at)"
	  " SELECT b.run_id, ?1, 'added', p.ext_id, p.name, n.ext_id, n.name,"
	  " g.path, b.at FROM (SELECT id FROM temp.gone_id UNION"
	  " SELECT gid FROM temp.chg_grant WHERE gid IS NOT NULL) x"
	  " CROSS JOIN effective_grant g ON g.id = x.id" BASELINE_OF_G
	  " JOIN principal p ON p.id = g.account_id"
	  " JOIN entitlement n ON n.id = g.entitlement_id"
	  " WHERE NOT EXISTS (SELECT 1 FROM grant_history h"
	  " WHERE h.source_id = ?1 AND h.account_ext_id = p.ext_id"
	  " AND h.entitlement_ext_id = n.ext_id AND h.run_id >= "
	  "b.run_id)"
	  " ORDER BY p.ext_id, n.ext_id",
	    WHEN_RESYNC },
	/*
	 * Removed: what step 1 set aside and the new expansion lacks (by
	 * external ids: its rows may be gone), and the rows it lacks.
	 */
	{ "INSERT INTO grant_history (run_id, source_id, change,"
	  " account_ext_id, account, entitlement_ext_id, entitlement, path, at)"
	  " SELECT ?2, ?1, 'removed', acc_ext, acc, ent_ext, ent, path, ?3"
	  " FROM (SELECT o.acc_ext, o.acc, o.ent_ext, o.ent, o.path"
	  " FROM temp.gone_grant o WHERE NOT EXISTS (SELECT 1 FROM principal p"
	  " JOIN temp.new_grant ng ON ng.account_id = p.id"
	  " JOIN entitlement n ON n.id = ng.entitlement_id"
	  " WHERE p.source_id = ?1 AND p.ext_id = o.acc_ext"
	  " AND n.source_id = ?1 AND n.ext_id = o.ent_ext)"
	  " UNION ALL SELECT p.ext_id, p.name, n.ext_id, n.name, g.path"
	  /* the few gone first (CROSS JOIN), not every grant scanned */
	  " FROM temp.gone_id x CROSS JOIN effective_grant g ON g.id = x.id"
	  " JOIN principal p ON p.id = g.account_id"
	  " JOIN entitlement n ON n.id = g.entitlement_id"
	  " WHERE g.id NOT IN (SELECT id FROM temp.gone_grant))"
	  " ORDER BY acc_ext, ent_ext",
	    MERGE_REMOVED },
	{ "INSERT INTO grant_history (run_id, source_id, change,"
	  " account_ext_id, account, entitlement_ext_id, entitlement, path, at)"
	  " SELECT ?2, ?1, 'added', p.ext_id, p.name, n.ext_id, n.name,"
	  " c.path, ?3 FROM temp.chg_grant c"
	  " JOIN principal p ON p.id = c.account_id"
	  " JOIN entitlement n ON n.id = c.entitlement_id"
	  " WHERE c.gid IS NULL ORDER BY p.ext_id, n.ext_id",
	    MERGE_ADDED | WHEN_RESYNC },
	{ "DELETE FROM effective_grant WHERE id IN (SELECT id FROM"
	  " temp.gone_id)",
	    WHEN_RESYNC },
	/*
	 * A grant that stays as it was is not written: its last_seen is
	 * its source's last good run (the grant_row view), not a column
	 * rewritten a million times. New grants get their ids nearest
	 * first, then by account and entitlement (as the walk made them):
	 * a first load's direct ones in new_grant's key order, no sort.
	 */
	{ "INSERT INTO effective_grant (source_id, account_id, entitlement_id,"
	  " assignment_id, depth, path, first_seen, last_seen)"
	  " SELECT ?1, account_id, entitlement_id, assignment_id, depth, path,"
	  " ?3, ?3 FROM temp.new_grant WHERE depth = 0"
	  " ORDER BY account_id, entitlement_id",
	    WHEN_FIRST | WHEN_TWO_PASS | MERGE_BULK },
	/*
	 * The same rows in one pass when every grant is direct: the same
	 * ids (by account and entitlement), the same first assignment of a
	 * pair staged twice (by id).
	 */
	{ "INSERT OR IGNORE INTO effective_grant (source_id, account_id,"
	  " entitlement_id, assignment_id, depth, path, first_seen, last_seen)"
	  " SELECT ?1, a.principal_id, a.entitlement_id, a.id, 0,"
	  " '[' || json_quote(p.name) || ',' || json_quote(n.name) || ']',"
	  /*
	   * the accounts by id (+: not by their source's index, in ext_id
	   * order), each one's rows from assignment_pair in (entitlement,
	   * id) order: the rows come in the ORDER BY's order, no sort. Only
	   * the sink writes assignments, each of its principal's source.
	   */
	  " ?3, ?3 FROM principal p CROSS JOIN assignment a"
	  " ON a.principal_id = p.id"
	  " JOIN entitlement n ON n.id = a.entitlement_id"
	  " WHERE +p.source_id = ?1 AND p.kind <> 'group'"
	  /*
	   * the source's accounts' id range, read by rowid, not every
	   * source's rows: a first load appends its accounts, so the range
	   * holds little else (source_id still decides)
	   */
	  " AND p.id BETWEEN (SELECT min(id) FROM principal"
	  " WHERE source_id = ?1) AND (SELECT max(id) FROM principal"
	  " WHERE source_id = ?1)"
	  " AND p.id NOT IN (SELECT id FROM temp.noconf)"
	  " ORDER BY p.id, a.entitlement_id, a.id",
	    WHEN_ONE_PASS | MERGE_BULK },
	/*
	 * The grants through groups, nearest first: one scan of new_grant
	 * in its key order for each depth, no sort of a million rows, while
	 * the groups nest no deeper than DEPTHS_MAX (a directory's usual
	 * one to three); one sorted pass when they nest deeper.
	 */
	{ "INSERT INTO effective_grant (source_id, account_id, entitlement_id,"
	  " assignment_id, depth, path, first_seen, last_seen)"
	  " SELECT ?1, account_id, entitlement_id, assignment_id, depth, path,"
	  " ?3, ?3 FROM temp.new_grant WHERE depth = ?4"
	  " ORDER BY account_id, entitlement_id",
	    MERGE_DEPTHS | WHEN_FIRST | WHEN_SHALLOW | MERGE_BULK },
	{ "INSERT INTO effective_grant (source_id, account_id, entitlement_id,"
	  " assignment_id, depth, path, first_seen, last_seen)"
	  " SELECT ?1, account_id, entitlement_id, assignment_id, depth, path,"
	  " ?3, ?3 FROM temp.new_grant WHERE depth > 0"
	  " ORDER BY depth, account_id, entitlement_id",
	    WHEN_FIRST | WHEN_DEEP | MERGE_BULK },
	/*
	 * A first load writes no "added" row per grant: one baseline says
	 * which rows it made (ids lo..hi, first_seen its time), and the
	 * grant_history_all view derives their "added" rows from them (see
	 * v_i19sink in db/schema.c). A re-sync writes a baseline grant's
	 * row before it changes it (steps 1 and 5).
	 */
	{ "INSERT INTO grant_baseline (run_id, source_id, at, lo, hi)"
	  " SELECT ?2, ?1, ?3, min(id), max(id) FROM effective_grant"
	  " WHERE source_id = ?1 HAVING count(*) > 0",
	    WHEN_FIRST },
	{ "INSERT INTO effective_grant (source_id, account_id, entitlement_id,"
	  " assignment_id, depth, path, first_seen, last_seen)"
	  " SELECT ?1, account_id, entitlement_id, assignment_id, depth, path,"
	  " ?3, ?3 FROM temp.chg_grant WHERE true"
	  " ORDER BY depth, account_id, entitlement_id"
	  " ON CONFLICT (account_id, entitlement_id) DO UPDATE SET"
	  " assignment_id = excluded.assignment_id, depth = excluded.depth,"
	  " path = excluded.path, last_seen = excluded.last_seen",
	    WHEN_RESYNC },

	/* 6. people of this source */
	{ "DELETE FROM identity WHERE source_id = ?1 AND employee_id NOT IN"
	  " (SELECT employee_id FROM temp.stage_identity)",
	    0 },
	{ "INSERT INTO identity (source_id, employee_id, display_name, email,"
	  " login, department, status, end_date)"
	  " SELECT ?1, employee_id, display_name, email, login, department,"
	  " status, end_date FROM temp.stage_identity WHERE true"
	  " ON CONFLICT (employee_id) DO UPDATE SET"
	  " display_name = excluded.display_name, email = excluded.email,"
	  " login = excluded.login, department = excluded.department,"
	  " status = excluded.status, end_date = excluded.end_date",
	    0 },
	{ "UPDATE identity SET manager_id = (SELECT m.id FROM"
	  " temp.stage_identity t JOIN identity m ON m.employee_id = t.manager"
	  " WHERE t.employee_id = identity.employee_id)"
	  " WHERE source_id = ?1",
	    0 },
};

void
sink_on_commit(struct sink *s, sink_hook hook, void *arg)
{
	s->hook = hook;
	s->hook_arg = arg;
}

void
sink_allow_empty(struct sink *s)
{
	s->allow_empty = 1;
}

void
sink_fleet(struct sink *s)
{
	s->fleet = 1;
}

int
sink_host(struct sink *s, const char *host, int retired, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(s->db,
		"INSERT OR REPLACE INTO temp.stage_host VALUES (?1, ?2)", &st,
		e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, host);
	sqlite3_bind_int(st, 2, retired);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s->db, e, "stage host");
	return 0;
}

/* Refuse an empty pull over a source that holds rows, unless allowed. */
static int
check_empty(struct sink *s, struct err *e)
{
	sqlite3_stmt *st;
	int64_t had = 0;

	if (s->allow_empty || s->stats.identities > 0 ||
	    s->stats.principals > 0 || s->stats.entitlements > 0)
		return 0;
	if (db_prepare(s->db,
		"SELECT (SELECT count(*) FROM principal WHERE source_id = ?1) +"
		" (SELECT count(*) FROM identity WHERE source_id = ?1) +"
		" (SELECT count(*) FROM entitlement WHERE source_id = ?1)",
		&st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, s->source_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		had = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (had > 0)
		return err_set(e, PARC_EDATA,
		    "source %s: the pull found nothing, but the last snapshot "
		    "holds %lld records; keeping it (parc sync --allow-empty "
		    "%s replaces it)",
		    s->name, (long long)had, s->name);
	return 0;
}

/* Run the reference checks; the first problem found fails the commit. */
static int
check_refs(struct sink *s, struct err *e)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = 0, step;

	for (i = 0; i < sizeof(ref_checks) / sizeof(ref_checks[0]); i++) {
		if (db_prepare(s->db, ref_checks[i].sql, &st, e) != 0)
			return PARC_EDB;
		if (sqlite3_bind_parameter_count(st) > 0)
			sqlite3_bind_int64(st, 1, s->source_id);
		step = sqlite3_step(st);
		if (sqlite3_column_count(st) == 3 &&
		    (step == SQLITE_ROW || step == SQLITE_DONE))
			rc = sink_skip_check_runs(s, st, step == SQLITE_ROW,
			    ref_checks[i].fmt, e);
		else if (step == SQLITE_ROW)
			rc = err_set(e, PARC_EDATA, ref_checks[i].fmt, s->name,
			    db_col_text(st, 0), db_col_text(st, 1));
		else if (step != SQLITE_DONE)
			rc = db_fail(s->db, e, "check references");
		sqlite3_finalize(st);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/*
 * Run merge statement i; a MERGE_LEVEL one again for ?4 = 0, 1, ... (one
 * prepared statement, reset each level) until a level changes nothing.
 * *changes: the rows its last run changed.
 */
static int
merge_step(struct sink *s, size_t i, const char *now, int *changes,
    struct err *e)
{
	sqlite3_stmt *st;
	int64_t level = 0;
	int n, rc;

	if (db_prepare(s->db, merge_sql[i].sql, &st, e) != 0)
		return err_prefix(e, "merge step %zu: ", i + 1);
	n = sqlite3_bind_parameter_count(st);
	if (n >= 1)
		sqlite3_bind_int64(st, 1, s->source_id);
	if (n >= 2)
		sqlite3_bind_int64(st, 2, s->run_id);
	if (n >= 3)
		db_bind_text(st, 3, now);
	if ((merge_sql[i].count & MERGE_KIND) == MERGE_DEPTHS) {
		level = 1;
		if (s->depths < 1) { /* no level: nothing to run */
			sqlite3_finalize(st);
			*changes = 0;
			return 0;
		}
	}
	do {
		if (n >= 4)
			sqlite3_bind_int64(st, 4, level++);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		*changes = sqlite3_changes(s->db->conn);
	} while (rc == SQLITE_DONE &&
	    (((merge_sql[i].count & MERGE_KIND) == MERGE_LEVEL &&
		 *changes > 0) ||
		((merge_sql[i].count & MERGE_KIND) == MERGE_DEPTHS &&
		    level <= s->depths)));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s->db, e, "merge snapshot");
	return 0;
}

/*
 * The tables a bulk load writes, how many rows it brings (?1 the source),
 * and how many there are.
 */
static const struct {
	const char *table;
	const char *incoming;
	const char *there;
} bulk_tables[] = {
	{ "assignment", "SELECT count(*) FROM temp.stage_assignment",
	    "SELECT count(*) FROM assignment" },
	/* what came, at most (a first load has no new_membership) */
	{ "membership", "SELECT count(*) FROM temp.stage_membership",
	    "SELECT count(*) FROM membership" },
	/* one pass: as many as the assignments, at most */
	{ "effective_grant",
	    "SELECT max((SELECT count(*) FROM temp.new_grant),"
	    " (SELECT count(*) FROM temp.stage_assignment))",
	    "SELECT count(*) FROM effective_grant" },
};

/*
 * Run merge statement i, a bulk load into one of bulk_tables (the one
 * its SQL inserts into). When the rows it brings outnumber those there
 * (a source's first load), the table's secondary indexes, not the unique
 * ones an upsert needs, are dropped before and made again after, from
 * their own SQL in sqlite_master, in the same transaction: one sort each
 * instead of a million scattered inserts.
 */
static int
bulk_step(struct sink *s, size_t i, const char *now, int *changes,
    struct err *e)
{
	struct sb sql = SB_INIT;
	sqlite3_stmt *st = NULL;
	const char *into;
	char **made = NULL;
	size_t k, nmade = 0, t;
	int rc = 0, step;

	into = strstr(merge_sql[i].sql, " INTO ") + 6;
	for (t = 0; t < sizeof(bulk_tables) / sizeof(bulk_tables[0]); t++) {
		size_t len = strlen(bulk_tables[t].table);

		if (strncmp(into, bulk_tables[t].table, len) == 0 &&
		    into[len] == ' ')
			break;
	}
	if (t == sizeof(bulk_tables) / sizeof(bulk_tables[0]) ||
	    db_count(s->db, bulk_tables[t].incoming) < 10000 ||
	    db_count(s->db, bulk_tables[t].incoming) <=
		db_count(s->db, bulk_tables[t].there))
		return merge_step(s, i, now, changes, e);
	if (db_prepare(s->db,
		"SELECT name, sql FROM sqlite_master WHERE type = 'index'"
		" AND tbl_name = ?1 AND sql IS NOT NULL"
		" AND sql NOT LIKE 'CREATE UNIQUE %'",
		&st, e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, bulk_tables[t].table);
	/* read them all first: no index is dropped under a reading statement */
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		made = xrealloc(made, (nmade + 1) * sizeof(*made));
		made[nmade++] = xstrdup(db_col_text(st, 1));
		/* a name of parc's own schema, quoted as an identifier */
		sb_addf(&sql, "DROP INDEX main.\"%s\";", db_col_text(st, 0));
	}
	if (step != SQLITE_DONE)
		rc = db_fail(s->db, e, "read the indexes");
	sqlite3_finalize(st);
	if (rc == 0 && nmade > 0)
		rc = db_exec(s->db, sql.buf, e);
	/*
	 * a grant's path is json_quote()d by the statement itself; an
	 * assignment's state and attrs were checked as they were staged
	 * (sink_stage.c), its state's IN list a table made again per row
	 */
	if (rc == 0 &&
	    (strcmp(bulk_tables[t].table, "effective_grant") == 0 ||
		strcmp(bulk_tables[t].table, "assignment") == 0) &&
	    (rc = sink_bulk_nocheck(s, 1)) == 0) {
		rc = merge_step(s, i, now, changes, e);
		sink_bulk_nocheck(s, 0);
	} else if (rc == 0)
		rc = merge_step(s, i, now, changes, e);
	for (k = 0; k < nmade; k++) {
		if (rc == 0)
			rc = db_exec(s->db, made[k], e);
		free(made[k]);
	}
	free(made);
	sb_release(&sql);
	return rc;
}

/* A count over this source's rows (?1 the source id), or -1. */
static int64_t
count_source(struct sink *s, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (db_prepare(s->db, sql, &st, NULL) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, s->source_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/*
 * Whether the assignment steps of kind when run: the diff while it holds,
 * the whole replacement once it does not. The diff holds when the source
 * had assignments, no host is kept, each pair of the accounts diffed came
 * once (new_asg has a row per staged assignment of the accounts in
 * chg_acc: checked before the third diff statement), and what it leaves
 * is as many rows as were staged (an old duplicate kept twice would make
 * more).
 */
static int
asg_runs(struct sink *s, int when, int *ndiff)
{
	if (when == WHEN_ASG_DIFF) {
		int k = (*ndiff)++;

		if (k == 0)
			s->asg_diff = !s->first &&
			    db_count(s->db,
				"SELECT count(*) FROM temp.kept_host") == 0;
		else if (k == 2 && s->asg_diff)
			s->asg_diff =
			    db_count(s->db,
				"SELECT count(*) FROM temp.new_asg") ==
			    db_count(s->db,
				"SELECT coalesce(sum(n), 0) FROM temp.chg_acc");
		return s->asg_diff;
	}
	if (s->asg_diff && *ndiff > 0) {
		s->asg_diff =
		    count_source(s,
			"SELECT count(*) FROM assignment"
			" WHERE source_id = ?1") == s->stats.assignments;
		*ndiff = -1; /* checked once */
	}
	return !s->asg_diff;
}

/*
 * Whether statement i runs now: every condition it names holds. Whether
 * only the touched accounts are re-expanded is settled when a statement
 * first asks, after the assignments: a re-sync whose assignments were
 * diffed, of a source where no group gives a grant (no membership, no
 * group entitlement, before or now), so every grant is an account's own
 * assignment and the accounts step 1 and 3 did not touch keep theirs.
 */
static int
merge_runs(struct sink *s, size_t i, int *ndiff, int *decided)
{
	int c = merge_sql[i].count;

	if (((c & WHEN_FLEET) && !s->fleet) ||
	    ((c & WHEN_FIRST) && !s->first) ||
	    ((c & WHEN_RESYNC) && s->first) ||
	    ((c & WHEN_NESTED) && s->direct) ||
	    ((c & WHEN_ONE_PASS) && !(s->first && s->direct)) ||
	    ((c & WHEN_TWO_PASS) && s->first && s->direct) ||
	    ((c & WHEN_KNOWN) && (s->moved || s->fleet)) ||
	    ((c & WHEN_NOT_KNOWN) && !s->moved && !s->fleet))
		return 0;
	if (c & (WHEN_SHALLOW | WHEN_DEEP)) {
		s->depths = s->direct ? 0
				      : db_count(s->db,
					    "SELECT coalesce(max(depth), 0)"
					    " FROM temp.dist");
		if (((c & WHEN_SHALLOW) && s->depths > DEPTHS_MAX) ||
		    ((c & WHEN_DEEP) && s->depths <= DEPTHS_MAX))
			return 0;
	}
	if ((c & WHEN_ASG_DIFF) && !asg_runs(s, WHEN_ASG_DIFF, ndiff))
		return 0;
	if ((c & WHEN_ASG_FULL) && !asg_runs(s, WHEN_ASG_FULL, ndiff))
		return 0;
	if (c & (WHEN_WHOLE | WHEN_INCR)) {
		if (!*decided) {
			s->incr = s->direct && !s->first && s->asg_diff;
			*decided = 1;
		}
		if (((c & WHEN_WHOLE) && s->incr) ||
		    ((c & WHEN_INCR) && !s->incr))
			return 0;
	}
	return 1;
}

static int
merge(struct sink *s, const char *now, struct err *e)
{
	size_t i;
	int n = 0, ndiff = 0, decided = 0, rc;

	s->first = count_source(s,
		       "SELECT EXISTS (SELECT 1 FROM effective_grant WHERE"
		       " source_id = ?1) OR EXISTS (SELECT 1 FROM assignment"
		       " WHERE source_id = ?1)") == 0;
	s->direct = count_source(s,
			"SELECT EXISTS (SELECT 1 FROM membership WHERE"
			" source_id = ?1) OR EXISTS (SELECT 1 FROM entitlement"
			" WHERE source_id = ?1 AND group_principal_id IS NOT"
			" NULL) OR EXISTS (SELECT 1 FROM temp.stage_membership)"
			" OR EXISTS (SELECT 1 FROM temp.stage_entitlement"
			" WHERE grp IS NOT NULL)") == 0;
	/* an account skipped must still hold what its digest said */
	if ((rc = sink_known_check(s, e)) != 0)
		return rc;
	for (i = 0; i < sizeof(merge_sql) / sizeof(merge_sql[0]); i++) {
		if (!merge_runs(s, i, &ndiff, &decided))
			continue;
		if ((merge_sql[i].count & MERGE_CAND) &&
		    (rc = sink_skip_cand(s, e)) != 0)
			return rc;
		if ((merge_sql[i].count & MERGE_UNSKIP) &&
		    (rc = sink_unskip(s,
			 (merge_sql[i].count & WHEN_ASG_FULL) != 0, e)) != 0)
			return rc;
		if ((rc = (merge_sql[i].count & MERGE_BULK)
			    ? bulk_step(s, i, now, &n, e)
			    : merge_step(s, i, now, &n, e)) != 0)
			return rc;
		if ((merge_sql[i].count & MERGE_KIND) == MERGE_REMOVED)
			s->stats.removed = n;
		else if ((merge_sql[i].count & MERGE_KIND) == MERGE_ADDED)
			s->stats.added = n;
	}
	return 0;
}

static void
sink_free(struct sink *s)
{
	int i;

	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_finalize(s->json);
	db_exec(s->db, DROP_TEMP, NULL);
	if (s->lockfd >= 0)
		close(s->lockfd);
	sink_stage_release(s);
	free(s->name);
	free(s->kind);
	free(s);
}

/*
 * Record the run's end: inside the snapshot's transaction for "ok" (which
 * must commit with it: the error says why it could not), in its own for
 * "failed" (best effort, e may be NULL).
 */
static int
finish_run(struct sink *s, const char *status, const char *error, struct err *e)
{
	sqlite3_stmt *st;
	char now[21];
	int rc;

	/* an ok run ends when its grants were seen (grant_row's last_seen) */
	if (strcmp(status, "ok") == 0 && s->now[0] != '\0')
		memcpy(now, s->now, sizeof(now));
	else
		db_now(now);
	if ((rc = db_prepare(s->db,
		 "UPDATE sync_run SET finished_at = ?2, status = ?3, error = "
		 "?4,"
		 " identities = ?5, principals = ?6, memberships = ?7,"
		 " entitlements = ?8, assignments = ?9, grants = ?10,"
		 " added = ?11, removed = ?12, duration_ms = ?13 WHERE id = ?1",
		 &st, e)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, s->run_id);
	db_bind_text(st, 2, now);
	db_bind_text(st, 3, status);
	db_bind_text(st, 4, error);
	sqlite3_bind_int64(st, 5, s->stats.identities);
	sqlite3_bind_int64(st, 6, s->stats.principals);
	sqlite3_bind_int64(st, 7, s->stats.memberships);
	sqlite3_bind_int64(st, 8, s->stats.entitlements);
	sqlite3_bind_int64(st, 9, s->stats.assignments);
	sqlite3_bind_int64(st, 10, s->stats.grants);
	sqlite3_bind_int64(st, 11, s->stats.added);
	sqlite3_bind_int64(st, 12, s->stats.removed);
	sqlite3_bind_int64(st, 13, ms_since(&s->t0));
	rc = db_step_done(s->db, st, e, "record the run's end");
	sqlite3_finalize(st);
	if (rc != 0 || strcmp(status, "ok") != 0)
		return rc;
	if ((rc = db_prepare(s->db,
		 "UPDATE source SET last_run_id = ?1 WHERE id = ?2", &st, e)) !=
	    0)
		return rc;
	sqlite3_bind_int64(st, 1, s->run_id);
	sqlite3_bind_int64(st, 2, s->source_id);
	rc = db_step_done(s->db, st, e, "record the source's last run");
	sqlite3_finalize(st);
	return rc;
}

int
sink_commit(struct sink *s, struct sink_stats *stats, struct err *e)
{
	int64_t grants;
	char now[21];
	size_t k;
	int people, rc;

	/* End the staging transaction, then merge under the write lock. */
	if ((rc = sink_stage_flush(s, e)) != 0 ||
	    (rc = db_exec(s->db, "COMMIT", e)) != 0)
		goto fail;
	if ((rc = check_refs(s, e)) != 0 || (rc = check_empty(s, e)) != 0)
		goto fail;
	if ((rc = sink_bulk_begin(s, e)) < 0)
		goto fail;
	db_now(now);
	memcpy(s->now, now, sizeof(s->now));
	/*
	 * a people source's sync changes what every account matches (it
	 * had people, or brings some); a first load correlates all (it
	 * makes no corr_ids)
	 */
	people = s->stats.identities > 0 ||
	    count_source(s,
		"SELECT EXISTS (SELECT 1 FROM identity WHERE source_id = "
		"?1)") != 0;
	if ((rc = merge(s, now, e)) != 0 ||
	    (rc = db_correlate_after(s->db, people || s->first, e)) != 0)
		goto rollback;
	/*
	 * new_grant holds only the touched accounts' grants when incr, none
	 * after a first load in one pass
	 */
	s->stats.grants = s->incr && (grants = sink_skip_grants(s)) >= 0
	    ? grants
	    : s->incr || (s->first && s->direct)
	    ? count_source(s,
		  "SELECT count(*) FROM effective_grant"
		  " WHERE source_id = ?1")
	    : db_count(s->db, "SELECT count(*) FROM temp.new_grant");
	for (k = 0; k < s->known_ix.n; k++)
		s->stats.skipped += s->known[k].state == KNOWN_SKIPPED;
	/* every grant of a first load is new (its baseline says so) */
	if (s->first)
		s->stats.added = s->stats.grants;
	/* the run's outcome and its audit record commit with the snapshot */
	if ((rc = finish_run(s, "ok", NULL, e)) != 0)
		goto rollback;
	if (s->hook != NULL &&
	    (rc = s->hook(s->db, &s->stats, s->hook_arg, e)) != 0)
		goto rollback;
	if ((rc = db_exec(s->db, "COMMIT", e)) != 0)
		goto rollback;
	sink_bulk_end(s);
	if (stats != NULL)
		*stats = s->stats;
	sink_free(s);
	return 0;
rollback:
	db_exec(s->db, "ROLLBACK", NULL);
fail:
	if (sqlite3_get_autocommit(s->db->conn) == 0)
		db_exec(s->db, "ROLLBACK", NULL);
	sink_bulk_end(s);
	/* what the merge counted was rolled back with it */
	s->stats.grants = s->stats.added = s->stats.removed = 0;
	finish_run(s, "failed", e ? e->msg : "commit failed", NULL);
	sink_free(s);
	return rc;
}

void
sink_abort(struct sink *s, const char *reason)
{
	if (s == NULL)
		return;
	if (sqlite3_get_autocommit(s->db->conn) == 0)
		db_exec(s->db, "ROLLBACK", NULL);
	memset(&s->stats, 0, sizeof(s->stats));
	finish_run(s, "failed", reason ? reason : "aborted", NULL);
	sink_free(s);
}
