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
 * grant with the manager rule, and a reviewer's first queue page. The
 * baseline is one plain scan of the same join the rules read (the floor
 * for touching every privileged grant once).
 */
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

static int
load_cloud(struct db *db, long naccts, long nent, int per, struct err *e)
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
	struct actor root = { 0 };
	struct err e = ERR_INIT;
	struct db *db;
	long naccts, nent = 1000;
	int per = 10;
	int64_t nitems = 0, privileged;
	double t0, t1;

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
	    load_cloud(db, naccts, nent, per, &e) != 0)
		goto fail;
	privileged = db_count(db,
	    "SELECT count(*) FROM effective_grant g JOIN"
	    " entitlement n ON n.id = g.entitlement_id"
	    " WHERE n.tier <= 2");
	printf("database: %ld people, %ld accounts, %lld grants (%lld "
	       "privileged), loaded in %.1f s\n",
	    naccts, naccts,
	    (long long)db_count(db, "SELECT count(*) FROM effective_grant"),
	    (long long)privileged, now_s() - t0);

	t0 = now_s();
	db_count(db,
	    "SELECT count(*) FROM effective_grant g JOIN entitlement n"
	    " ON n.id = g.entitlement_id JOIN principal p ON p.id ="
	    " g.account_id LEFT JOIN assignment a ON a.id ="
	    " g.assignment_id WHERE n.tier <= 2 AND"
	    " coalesce(a.last_used_at, p.last_used_at) IS NOT NULL");
	t1 = now_s();
	printf("baseline, one scan of the privileged grants:  %7.2f s\n",
	    t1 - t0);

	finding_conf_init(&fc);
	fc.now = "2026-11-26T12:00:00Z";
	t0 = now_s();
	if (finding_recompute(db, &fc, &fs, &e) != 0)
		goto fail;
	t1 = now_s();
	printf("findings recompute, first:   %7.2f s  (%lld findings, all "
	       "new)\n",
	    t1 - t0, (long long)fs.total);
	t0 = now_s();
	if (finding_recompute(db, &fc, &fs, &e) != 0)
		goto fail;
	t1 = now_s();
	printf("findings recompute, again:   %7.2f s  (%lld kept, %lld new, "
	       "%lld resolved)\n",
	    t1 - t0, (long long)(fs.total - fs.added), (long long)fs.added,
	    (long long)fs.resolved);
	finding_conf_release(&fc);

	if (role_bootstrap(db, "root", 0, NULL, &e) != 0 ||
	    actor_resolve(db, "root", NULL, &root, &e) != 0)
		goto fail;
	t0 = now_s();
	if (campaign_create(db, &root, &cs, NULL, &nitems, &e) != 0)
		goto fail;
	t1 = now_s();
	printf("campaign create (manager):   %7.2f s  (%lld items frozen, "
	       "%.0f items/s)\n",
	    t1 - t0, (long long)nitems, (double)nitems / (t1 - t0));
	if (campaign_id(db, "bench", &fl.campaign, &e) != 0)
		goto fail;
	fl.reviewer = "p42";
	t0 = now_s();
	nitems = db_items_count(db, &fl, &ic, &e) == 0 ? ic.items : -1;
	t1 = now_s();
	printf("a reviewer's queue count:    %7.4f s  (%lld items)\n", t1 - t0,
	    (long long)nitems);
	actor_release(&root);
	db_close(db);
	printf("database file: %s\n", path);
	return 0;
fail:
	fprintf(stderr, "bench_findings: %s\n", e.msg);
	return 1;
}
