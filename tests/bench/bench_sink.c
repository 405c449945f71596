/*
 * bench_sink.c - load a snapshot of GRANTS direct grants through the sink
 * and compare its rate with a plain sqlite3 import of the same rows.
 *
 *	make bench && tests/bench/bench_sink [GRANTS] [DIR]
 *
 * GRANTS defaults to 1000000: 100,000 accounts, 1,000 entitlements, ten
 * assignments per account. The sink run is timed twice: a first sync into
 * an empty database, and a second sync of the same snapshot with 1% of the
 * grants changed (the common case: history written, ids kept; one account
 * in ten changes, and the assignments of the other nine are not staged,
 * nor is any account record: none changed).
 * The baseline writes the same rows as CSV and times `sqlite3 DB .import`
 * of them into plain tables with the same columns and no indexes (the
 * floor for getting those rows into SQLite at all). Figures are rows per
 * second of the grants; the ratio goes in the issue note.
 *
 * Last, nesting: GRANTS/50 accounts in one group nested two deep under a
 * privileged group (AD's Domain Users in a Tier-0 group, say), where the
 * path of every grant runs through one very large group.
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "db/sink.h"
#include "lib/err.h"

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The entitlement the k-th grant of account a points at (round 0 or 1). */
static long
ent_of(long a, int k, long nent, int round)
{
	long x = (a * 7 + (long)k * 101) % nent;

	/* In round 1, one account in ten swaps one grant for another. */
	if (round == 1 && a % 10 == 0 && k == 0)
		x = (x + nent / 2) % nent;
	return x;
}

/*
 * CPU seconds (user and system) of this process (who 0) or of its
 * children waited for (1): on a shared machine a step's CPU time moves
 * less with the load than its wall time.
 */
static double
cpu_s(int children)
{
	struct rusage ru;

	getrusage(children ? RUSAGE_CHILDREN : RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* The process's peak RSS so far, in MB (a step's peak, as they grow). */
static long
peak_mb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

/* When the last load() finished emitting (its commit started). */
static double t_emit;

static int
load(struct db *db, long naccts, long nent, int per, int round,
    struct sink_stats *st, struct err *e)
{
	struct rec_principal p = { 0 };
	struct rec_entitlement n = { 0 };
	struct rec_assignment a = { 0 };
	struct sink *s;
	char id[64], name[64], ename[64];
	char(*eid)[16] = calloc((size_t)nent, sizeof(*eid));
	long i;
	int k, rc;

	/*
	 * the entitlements' ids formatted once, not once per grant: the
	 * sink's time, not the bench's printf (a million of them took 0.1 s,
	 * against an import whose CSV is written before its clock starts)
	 */
	if (eid == NULL)
		return err_set(e, PARC_EIO, "bench: out of memory");
	for (i = 0; i < nent; i++)
		snprintf(eid[i], sizeof(eid[i]), "ent-%ld", i);
	if ((rc = sink_open(db, "bench", "bench", &s, e)) != 0) {
		free(eid);
		return rc;
	}
	for (i = 0; i < nent; i++) {
		snprintf(ename, sizeof(ename), "Role %ld", i);
		n.ext_id = eid[i];
		n.name = ename;
		n.kind = "role";
		n.tier = (int)(i % 4);
		n.reason = "benchmark role";
		n.techniques = "T1078.004";
		if ((rc = sink_entitlement(s, &n, e)) != 0)
			goto fail;
	}
	for (i = 0; i < naccts; i++) {
		snprintf(id, sizeof(id), "acct-%ld", i);
		snprintf(name, sizeof(name), "user%ld", i);
		p.ext_id = id;
		p.name = name;
		p.kind = "human";
		p.enabled = 1;
		p.mfa = -1;
		p.last_used_at = "2026-10-01T00:00:00Z";
		if ((rc = sink_principal(s, &p, e)) != 0)
			goto fail;
		for (k = 0; k < per; k++) {
			a.principal_ext_id = id;
			a.entitlement_ext_id = eid[ent_of(i, k, nent, round)];
			a.origin = "bench";
			if ((rc = sink_assignment(s, &a, e)) != 0)
				goto fail;
		}
	}
	t_emit = now_s();
	free(eid);
	return sink_commit(s, st, e);
fail:
	free(eid);
	sink_abort(s, e->msg);
	return rc;
}

/* n accounts in group A, A in B, B in C, C a privileged group. */
static int
load_nested(struct db *db, long n, struct sink_stats *st, struct err *e)
{
	static const char *const grp[] = { "A", "B", "C" };
	struct rec_principal p = { 0 };
	struct sink *s;
	char id[64], name[64];
	long i;
	int k, rc;

	if ((rc = sink_open(db, "nested", "bench", &s, e)) != 0)
		return rc;
	p.enabled = -1;
	p.mfa = -1;
	p.kind = "group";
	for (k = 0; k < 3 && rc == 0; k++) {
		snprintf(id, sizeof(id), "grp-%s", grp[k]);
		p.ext_id = id;
		p.name = grp[k];
		rc = sink_principal(s, &p, e);
	}
	if (rc == 0)
		rc = sink_membership(s, "grp-A", "grp-B", e);
	if (rc == 0)
		rc = sink_membership(s, "grp-B", "grp-C", e);
	if (rc == 0)
		rc = sink_entitlement(s,
		    &(struct rec_entitlement){ .ext_id = "ent-C",
			.name = "C",
			.kind = "group",
			.tier = 0,
			.group_ext_id = "grp-C" },
		    e);
	p.kind = "human";
	p.enabled = 1;
	for (i = 0; i < n && rc == 0; i++) {
		snprintf(id, sizeof(id), "acct-%ld", i);
		snprintf(name, sizeof(name), "user%ld", i);
		p.ext_id = id;
		p.name = name;
		if ((rc = sink_principal(s, &p, e)) == 0)
			rc = sink_membership(s, id, "grp-A", e);
	}
	if (rc != 0) {
		sink_abort(s, e->msg);
		return rc;
	}
	return sink_commit(s, st, e);
}

/* Write the same rows as CSV files and time sqlite3's .import of them. */
static double
baseline(const char *dir, long naccts, long nent, int per)
{
	char path[4096], cmd[8192];
	FILE *fp;
	double t0;
	long i;
	int k;

	snprintf(path, sizeof(path), "%s/ent.csv", dir);
	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	for (i = 0; i < nent; i++)
		fprintf(fp,
		    "ent-%ld,Role %ld,role,%ld,benchmark role,T1078.004\n", i,
		    i, i % 4);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/acct.csv", dir);
	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	for (i = 0; i < naccts; i++)
		fprintf(fp, "acct-%ld,user%ld,human,1,2026-10-01T00:00:00Z\n",
		    i, i);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/asg.csv", dir);
	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	for (i = 0; i < naccts; i++)
		for (k = 0; k < per; k++)
			fprintf(fp, "acct-%ld,ent-%ld,bench\n", i,
			    ent_of(i, k, nent, 0));
	fclose(fp);
	snprintf(cmd, sizeof(cmd),
	    "cd %s && rm -f plain.db && sqlite3 plain.db"
	    " 'PRAGMA journal_mode=WAL'"
	    " 'CREATE TABLE ent(ext_id, name, kind, tier, reason, techniques)'"
	    " 'CREATE TABLE acct(ext_id, name, kind, enabled, last_used)'"
	    " 'CREATE TABLE asg(principal, entitlement, origin)'"
	    " '.import --csv ent.csv ent' '.import --csv acct.csv acct'"
	    " '.import --csv asg.csv asg' >/dev/null",
	    dir);
	t0 = now_s();
	if (system(cmd) != 0)
		return -1;
	return now_s() - t0;
}

int
main(int argc, char **argv)
{
	long grants = argc > 1 ? atol(argv[1]) : 1000000;
	const char *dir = argc > 2 ? argv[2] : NULL;
	char tmpl[] = "/tmp/parc-bench-XXXXXX", path[4096];
	struct sink_stats st;
	struct err e = ERR_INIT;
	struct db *db;
	long naccts, nent = 1000;
	int per = 10;
	double t0, t1, t2, tb, c0, c1, c2, cb;

	if (grants < per * 10) {
		fprintf(stderr, "usage: bench_sink [GRANTS >= 100] [DIR]\n");
		return 2;
	}
	if (dir == NULL && (dir = mkdtemp(tmpl)) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	naccts = grants / per;
	if (nent > naccts)
		nent = naccts;
	snprintf(path, sizeof(path), "%s/bench.db", dir);
	unlink(path);
	if (db_open(&db, path, DB_CREATE, &e) != 0) {
		fprintf(stderr, "bench_sink: %s\n", e.msg);
		return 1;
	}
	printf("snapshot: %ld accounts, %ld entitlements, %ld grants\n", naccts,
	    nent, naccts * per);
	t0 = now_s();
	c0 = cpu_s(0);
	if (load(db, naccts, nent, per, 0, &st, &e) != 0) {
		fprintf(stderr, "bench_sink: %s\n", e.msg);
		return 1;
	}
	t1 = now_s();
	c1 = cpu_s(0);
	printf("sink, first sync:   %8.2f s  %10.0f grants/s  (%lld grants, "
	       "+%lld; emit %.2f s, commit %.2f s; CPU %.2f s; peak RSS %ld "
	       "MB)\n",
	    t1 - t0, (double)st.grants / (t1 - t0), (long long)st.grants,
	    (long long)st.added, t_emit - t0, t1 - t_emit, c1 - c0, peak_mb());
	if (load(db, naccts, nent, per, 1, &st, &e) != 0) {
		fprintf(stderr, "bench_sink: %s\n", e.msg);
		return 1;
	}
	t2 = now_s();
	c2 = cpu_s(0);
	printf("sink, second sync:  %8.2f s  %10.0f grants/s  (+%lld -%lld; "
	       "%lld of %ld accounts as they were, not staged; "
	       "emit %.2f s, commit %.2f s; CPU %.2f s; peak RSS %ld MB)\n",
	    t2 - t1, (double)st.grants / (t2 - t1), (long long)st.added,
	    (long long)st.removed, (long long)st.skipped, naccts, t_emit - t1,
	    t2 - t_emit, c2 - c1, peak_mb());
	db_close(db);
	cb = cpu_s(1);
	tb = baseline(dir, naccts, nent, per);
	cb = cpu_s(1) - cb;
	if (tb < 0) {
		fprintf(stderr, "bench_sink: the sqlite3 baseline failed\n");
		return 1;
	}
	printf("sqlite3 .import:    %8.2f s  %10.0f grants/s  (baseline; CPU "
	       "%.2f s)\n",
	    tb, (double)(naccts * per) / tb, cb);
	printf("ratio sink/import:  first %.2fx, second %.2fx the baseline's "
	       "time (CPU: %.2fx, %.2fx)\n",
	    (t1 - t0) / tb, (t2 - t1) / tb, (c1 - c0) / cb, (c2 - c1) / cb);
	/* for make bench-check (tests/bench/check.sh) */
	printf("bench-check: sink_first %.2f\n", (t1 - t0) / tb);
	printf("bench-check: sink_resync %.2f\n", (t2 - t1) / tb);
	if (db_open(&db, path, 0, &e) != 0) {
		fprintf(stderr, "bench_sink: %s\n", e.msg);
		return 1;
	}
	t0 = now_s();
	if (load_nested(db, naccts / 5, &st, &e) != 0) {
		fprintf(stderr, "bench_sink: %s\n", e.msg);
		return 1;
	}
	t1 = now_s();
	printf("nested, one group of %ld members two levels under a tier-0 "
	       "group: %.2f s (%lld grants)\n",
	    naccts / 5, t1 - t0, (long long)st.grants);
	db_close(db);
	printf("files in %s\n", dir);
	return 0;
}
