/*
 * bench_findings.c - findings recomputed, and a campaign created, over a
 * database of GRANTS effective grants.
 *
 *	make bench && tests/bench/bench_findings [GRANTS] [DIR]
 *
 * GRANTS defaults to 1000000: 100,000 people (each with a manager) in an HR
 * source, 100,000 accounts tied to them in a cloud source, 1,000
 * entitlements of tiers 0-3, ten assignments per account. Usage, MFA and
 * password ages vary so that every per-grant rule finds something. Timed:
 * the first recompute (every finding new), a second one (steady state:
 * findings kept, last_seen bumped), a campaign freezing every privileged
 * grant with the manager rule (and, after it, the filling of the
 * console's filter index that create leaves for later), a reviewer's
 * queue count, a recompute
 * after a re-sync of the cloud source that changed 1% of the accounts
 * (their MFA), and last a tick marking every item overdue (past the due
 * date). The findings' baseline is one plain scan of the same join the
 * rules read (the floor for touching every privileged grant once); the
 * campaign's is
 * `sqlite3 .import` of its frozen items, written out as CSV, into a plain
 * table with the same columns and no index (the floor for writing those
 * rows into SQLite at all). Each ratio is printed on a "bench-check:"
 * line for make bench-check (tests/bench/check.sh). With BENCH_DUMP=DIR
 * the finding table is written whole to DIR/first.txt, again.txt and
 * resync.txt after those recomputes, to compare two builds. Last, the
 * first recompute of the next day (the kinds that read the day in full),
 * dumped to DIR/nextday.txt. The first recompute is also set beside
 * sqlite3 writing the same finding rows into a table with the same
 * indexes (the floor for writing them at all).
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/campaign.h"
#include "db/db.h"
#include "db/finding.h"
#include "db/item.h"
#include "db/role.h"
#include "db/sink.h"
#include "lib/err.h"

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The process's peak RSS so far, in MB (it only grows: read per step). */
static long
peak_mb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

/*
 * With BENCH_DUMP=DIR set, the finding table in full (ids, subjects,
 * evidence, first_seen, last_seen) into DIR/LABEL.txt: to compare two
 * builds' findings on the same input.
 */
static void
dump_findings(struct db *db, const char *label)
{
	const char *dir = getenv("BENCH_DUMP");
	char cmd[4096];

	if (dir == NULL)
		return;
	snprintf(cmd, sizeof(cmd),
	    "sqlite3 '%s' 'SELECT id, kind, severity, source_id,"
	    " principal_id, grant_id, identity_id, evidence, techniques,"
	    " first_seen, last_seen FROM finding ORDER BY id' > '%s/%s.txt'",
	    db_path(db), dir, label);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_findings: dump %s failed\n", label);
}

static int
load_people(struct db *db, long n, struct err *e)
{
	struct rec_identity r = { 0 };
	struct sink *s;
	char id[32], name[32], login[32], mgr[32];
	long i;
	int rc;

	if ((rc = sink_open(db, "hr", "people", &s, e)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "E%ld", i);
		snprintf(name, sizeof(name), "Person %ld", i);
		snprintf(login, sizeof(login), "p%ld", i);
		snprintf(mgr, sizeof(mgr), "E%ld", i / 10);
		r.employee_id = id;
		r.display_name = name;
		r.login = login;
		r.manager_employee_id = i >= 10 ? mgr : NULL;
		r.status = i % 97 == 0 ? "terminated" : "active";
		if ((rc = sink_identity(s, &r, e)) != 0)
			goto fail;
	}
	return sink_commit(s, NULL, e);
fail:
	sink_abort(s, e->msg);
	return rc;
}

/*
 * The cloud source's snapshot; with changed set, one account in a hundred
 * has its MFA turned the other way (a re-sync that changed 1%).
 */
static int
load_cloud(struct db *db, long naccts, long nent, int per, int changed,
    struct err *e)
{
	static const char *const used[] = { "2026-11-20T00:00:00Z",
		"2026-10-01T00:00:00Z", "2026-03-01T00:00:00Z", NULL };
	struct rec_principal p = { 0 };
	struct rec_entitlement n = { 0 };
	struct rec_assignment a = { 0 };
	struct sink *s;
	char id[64], name[64], emp[32], eid[64], ename[64];
	long i;
	int k, rc;

	if ((rc = sink_open(db, "cloud", "aws", &s, e)) != 0)
		return rc;
	for (i = 0; i < nent; i++) {
		snprintf(eid, sizeof(eid), "ent-%ld", i);
		snprintf(ename, sizeof(ename), "Role %ld", i);
		n.ext_id = eid;
		n.name = ename;
		n.kind = "role";
		n.tier = (int)(i % 4);
		n.reason = "benchmark role";
		n.techniques = "T1078.004";
		n.owner = "E1";
		if ((rc = sink_entitlement(s, &n, e)) != 0)
			goto fail;
	}
	for (i = 0; i < naccts; i++) {
		snprintf(id, sizeof(id), "acct-%ld", i);
		snprintf(name, sizeof(name), "p%ld", i);
		snprintf(emp, sizeof(emp), "E%ld", i);
		p.ext_id = id;
		p.name = name;
		p.kind = i % 1000 == 0 ? "shared" : "human";
		p.enabled = i % 50 == 0 ? 0 : 1;
		p.mfa = i % 7 == 0 ? 0 : 1;
		if (changed && i % 100 == 0)
			p.mfa = !p.mfa;
		p.employee_id = i % 1000 == 0 ? NULL : emp;
		p.created_at = "2024-01-01T00:00:00Z";
		p.password_last_set = i % 5 == 0 ? "2024-06-01T00:00:00Z"
						 : "2026-09-01T00:00:00Z";
		p.last_used_at = used[i % 4];
		if ((rc = sink_principal(s, &p, e)) != 0)
			goto fail;
		for (k = 0; k < per; k++) {
			snprintf(eid, sizeof(eid), "ent-%ld",
			    (i * 7 + (long)k * 101) % nent);
			a.principal_ext_id = id;
			a.entitlement_ext_id = eid;
			a.state = k == 9 ? "eligible" : "active";
			a.origin = "bench";
			if ((rc = sink_assignment(s, &a, e)) != 0)
				goto fail;
		}
	}
	return sink_commit(s, NULL, e);
fail:
	sink_abort(s, e->msg);
	return rc;
}

/* The columns a review item freezes (all but the decision's). */
#define ITEM_COLS                                                           \
	"campaign_id, grant_id, source, source_kind, host, account_ext_id," \
	" account, person, employee_id, entitlement_ext_id, entitlement,"   \
	" tier, reason, path, last_used, findings, nfindings, reviewer,"    \
	" reassigned_from"

/*
 * Write campaign id's items as CSV with sqlite3 and time its .import of
 * them into a plain table in a new database. Seconds, or -1.
 */
static double
import_items(const char *dir, const char *path, int64_t id)
{
	char cmd[8192];
	double t0;

	snprintf(cmd, sizeof(cmd),
	    "cd %s && rm -f plain.db && sqlite3 -csv %s 'SELECT " ITEM_COLS
	    " FROM review_item WHERE campaign_id = %lld' >items.csv",
	    dir, path, (long long)id);
	if (system(cmd) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd),
	    "cd %s && sqlite3 plain.db 'PRAGMA journal_mode=WAL'"
	    " 'CREATE TABLE items(" ITEM_COLS ")'"
	    " '.import --csv items.csv items' >/dev/null",
	    dir);
	t0 = now_s();
	if (system(cmd) != 0)
		return -1;
	return now_s() - t0;
}

/*
 * The floor for writing the first recompute's findings at all: sqlite3
 * copying the same rows, in id order, into a table of the same columns
 * (no constraint) with the finding table's own indexes, in a new
 * database. Seconds, or -1.
 */
static double
write_findings(const char *dir, const char *path)
{
	char cmd[8192];
	double t0;

	snprintf(cmd, sizeof(cmd),
	    "cd %s && rm -f fplain.db* && sqlite3 %s \"SELECT sql || ';'"
	    " FROM sqlite_master WHERE type = 'index' AND tbl_name ="
	    " 'finding' AND sql IS NOT NULL\" >findex.sql",
	    dir, path);
	if (system(cmd) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd),
	    "cd %s && sqlite3 fplain.db 'PRAGMA journal_mode=WAL'"
	    " \"ATTACH '%s' AS src\" 'CREATE TABLE finding (id INTEGER"
	    " PRIMARY KEY, kind, severity, source_id INTEGER, principal_id"
	    " INTEGER, grant_id INTEGER, identity_id INTEGER, evidence,"
	    " techniques, first_seen, last_seen)' '.read findex.sql'"
	    " 'INSERT INTO main.finding SELECT * FROM src.finding ORDER BY"
	    " id' >/dev/null && rm -f fplain.db*",
	    dir, path);
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
	struct finding_conf fc;
	struct finding_stats fs;
	struct campaign_spec cs = { "bench", "2999-12-31", NULL, "manager",
		"root", NULL };
	struct db_item_query fl = { 0 };
	struct db_item_counts ic;
	struct tick_stats ts;
	struct actor root = { 0 };
	struct err e = ERR_INIT;
	struct db *db;
	long naccts, nent = 1000;
	int per = 10, k;
	int64_t nitems = 0, privileged;
	double t0, t1, t_scan, t_create, t_import;

	if (grants < per * 10) {
		fprintf(stderr,
		    "usage: bench_findings [GRANTS >= 100] [DIR]\n");
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
	if (db_open(&db, path, DB_CREATE, &e) != 0)
		goto fail;
	t0 = now_s();
	if (load_people(db, naccts, &e) != 0 ||
	    load_cloud(db, naccts, nent, per, 0, &e) != 0)
		goto fail;
	privileged = db_count(db,
	    "SELECT count(*) FROM effective_grant g JOIN"
	    " entitlement n ON n.id = g.entitlement_id"
	    " WHERE n.tier <= 2");
	printf("database: %ld people, %ld accounts, %lld grants (%lld "
	       "privileged), loaded in %.1f s (peak RSS %ld MB)\n",
	    naccts, naccts,
	    (long long)db_count(db, "SELECT count(*) FROM effective_grant"),
	    (long long)privileged, now_s() - t0, peak_mb());

	/* the best of three: a baseline of a few tens of ms at 100,000 */
	for (k = 0; k < 3; k++) {
		t0 = now_s();
		db_count(db,
		    "SELECT count(*) FROM effective_grant g JOIN entitlement n"
		    " ON n.id = g.entitlement_id JOIN principal p ON p.id ="
		    " g.account_id LEFT JOIN assignment a ON a.id ="
		    " g.assignment_id WHERE n.tier <= 2 AND"
		    " coalesce(a.last_used_at, p.last_used_at) IS NOT NULL");
		t1 = now_s();
		if (k == 0 || t1 - t0 < t_scan)
			t_scan = t1 - t0;
	}
	printf("baseline, one scan of the privileged grants:  %7.2f s\n",
	    t_scan);

	finding_conf_init(&fc);
	fc.now = "2026-11-26T12:00:00Z";
	t0 = now_s();
	if (finding_recompute(db, &fc, &fs, &e) != 0)
		goto fail;
	t1 = now_s();
	printf("findings recompute, first:   %7.2f s  (%lld findings, all "
	       "new)\n",
	    t1 - t0, (long long)fs.total);
	printf("bench-check: findings_first %.2f\n", (t1 - t0) / t_scan);
	dump_findings(db, "first");
	{
		double t_write = write_findings(dir, path);

		if (t_write < 0) {
			fprintf(stderr,
			    "bench_findings: the sqlite3 write floor failed\n");
			return 1;
		}
		printf("  sqlite3 writing the same findings: %5.2f s  (with the"
		       " table's indexes: the floor; the recompute is %.2fx)\n",
		    t_write, (t1 - t0) / t_write);
	}
	printf("  peak RSS so far %ld MB\n", peak_mb());
	t0 = now_s();
	if (finding_recompute(db, &fc, &fs, &e) != 0)
		goto fail;
	t1 = now_s();
	printf("findings recompute, again:   %7.2f s  (%lld kept, %lld new, "
	       "%lld resolved)\n",
	    t1 - t0, (long long)(fs.total - fs.added), (long long)fs.added,
	    (long long)fs.resolved);
	printf("bench-check: findings_again %.2f\n", (t1 - t0) / t_scan);
	dump_findings(db, "again");
	printf("  peak RSS so far %ld MB\n", peak_mb());
	finding_conf_release(&fc);

	if (role_bootstrap(db, "root", 0, NULL, &e) != 0 ||
	    actor_resolve(db, "root", NULL, &root, &e) != 0)
		goto fail;
	t0 = now_s();
	if (campaign_create(db, &root, &cs, NULL, &nitems, &e) != 0)
		goto fail;
	t1 = now_s();
	t_create = t1 - t0;
	printf("campaign create (manager):   %7.2f s  (%lld items frozen, "
	       "%.0f items/s)\n",
	    t_create, (long long)nitems, (double)nitems / t_create);
	printf("  peak RSS so far %ld MB\n", peak_mb());
	if (campaign_id(db, "bench", &fl.campaign, &e) != 0)
		goto fail;
	if ((t_import = import_items(dir, path, fl.campaign)) < 0) {
		fprintf(stderr,
		    "bench_findings: the sqlite3 baseline failed\n");
		return 1;
	}
	printf("sqlite3 .import of the items: %6.2f s  (baseline; create is "
	       "%.2fx)\n",
	    t_import, t_create / t_import);
	printf("bench-check: campaign_create %.2f\n", t_create / t_import);
	/*
	 * The console's filter index, which create leaves for later (schema
	 * v_i19camp2): filled as the console does it between keys, in
	 * batches of 5,000 items, here one after the other.
	 */
	{
		int64_t left = 0;
		int batches = 0;

		t0 = now_s();
		do {
			if (db_items_index_step(db, fl.campaign, 5000, &left,
				&e) < 0)
				goto fail;
			batches++;
		} while (left > 0);
		t1 = now_s();
		printf("  its filter index, after:     %6.2f s  (%d batches of "
		       "5,000 items, outside create)\n",
		    t1 - t0, batches);
	}
	fl.reviewer = "p42";
	t0 = now_s();
	nitems = db_items_count(db, &fl, &ic, &e) == 0 ? ic.items : -1;
	t1 = now_s();
	printf("a reviewer's queue count:    %7.4f s  (%lld items)\n", t1 - t0,
	    (long long)nitems);

	/*
	 * A re-sync that changed 1% of the accounts, then its recompute (the
	 * issue's goal: 0.5 s at 1,000,000 grants).
	 */
	if (load_cloud(db, naccts, nent, per, 1, &e) != 0)
		goto fail;
	finding_conf_init(&fc);
	fc.now = "2026-11-26T12:00:00Z";
	t0 = now_s();
	if (finding_recompute(db, &fc, &fs, &e) != 0)
		goto fail;
	t1 = now_s();
	printf("findings after a 1%% re-sync: %6.2f s  (%lld new, %lld "
	       "resolved)\n",
	    t1 - t0, (long long)fs.added, (long long)fs.resolved);
	printf("bench-check: findings_resync %.2f\n", (t1 - t0) / t_scan);
	dump_findings(db, "resync");
	printf("  peak RSS so far %ld MB\n", peak_mb());
	finding_conf_release(&fc);
	/* past the due date: every item overdue, counted (issue 19) */
	t0 = now_s();
	if (campaign_tick(db, &root, "3000-01-02T00:00:00Z", &ts, &e) != 0)
		goto fail;
	t1 = now_s();
	printf("tick, items marked overdue:  %7.2f s  (%lld items; %.2fx the "
	       "items' import)\n",
	    t1 - t0, (long long)ts.overdue, (t1 - t0) / t_import);
	printf("  peak RSS so far %ld MB\n", peak_mb());
	/*
	 * The first recompute of the next day: the kinds that read the
	 * evaluation day run in full (the day counts in dormant and
	 * old-password evidence change), the others only for what changed.
	 */
	finding_conf_init(&fc);
	fc.now = "2026-11-27T12:00:00Z";
	t0 = now_s();
	if (finding_recompute(db, &fc, &fs, &e) != 0)
		goto fail;
	t1 = now_s();
	printf("findings recompute, next day: %6.2f s  (%s: %lld kept, "
	       "%lld new, %lld resolved)\n",
	    t1 - t0, fs.incremental ? "the day's kinds in full" : "full",
	    (long long)(fs.total - fs.added), (long long)fs.added,
	    (long long)fs.resolved);
	printf("bench-check: findings_nextday %.2f\n", (t1 - t0) / t_scan);
	dump_findings(db, "nextday");
	printf("  peak RSS so far %ld MB\n", peak_mb());
	finding_conf_release(&fc);
	actor_release(&root);
	db_close(db);
	printf("database file: %s\n", path);
	return 0;
fail:
	fprintf(stderr, "bench_findings: %s\n", e.msg);
	return 1;
}
