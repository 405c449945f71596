/*
 * bench_sign.c - what signing the audit chain costs: decisions per second
 * with and without a signing key, side by side.
 *
 *	make bench && tests/bench/bench_sign [ITEMS] [PROCS]
 *
 * ITEMS (default 2000) review items of one campaign, decided one at a
 * time, each decision its own transaction on its own connection (as parc
 * decide and the console write them): once by one reviewer process, once
 * by PROCS (default 20) reviewer processes at once, as the 20-reviewer
 * concurrency test does (tests/unit/test_concurrency.c). Each run is made
 * twice on a fresh database: without a key (the baseline) and with an
 * Ed25519 key set (db_set_key()), where every decision's audit event is
 * signed in its transaction. Every run ends with audit_verify(), which
 * must find every decision (and, signed, every checkpoint) in order; its
 * time is printed too (signed: every signature checked). The last line is
 * the signature alone, in a loop: the floor of what signing adds to one
 * decision, and the check of one, what verify pays per event.
 */
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/audit.h"
#include "db/campaign.h"
#include "db/checkpoint.h"
#include "db/decision.h"
#include "db/item.h"
#include "db/role.h"
#include "lib/sb.h"
#include "lib/sign.h"
#include "tests/unit/orgfx.h"

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
die(const char *what, const struct err *e)
{
	fprintf(stderr, "bench_sign: %s: %s\n", what, e->msg);
	exit(1);
}

/* nitems items, reviewed by nproc managers, in a fresh database. */
static void
build(struct orgfx *f, int nitems, int nproc)
{
	struct sb hr = SB_INIT, src = SB_INIT;
	struct actor root = { 0 };
	struct campaign_spec s = { "load", "2999-12-31", NULL, "manager",
		"root", NULL };
	struct err e = ERR_INIT;
	int64_t n = 0;
	int i;

	if (orgfx_open(f) != 0)
		exit(1);
	for (i = 0; i < nproc; i++)
		sb_addf(&hr, "I|M%d|Manager %d|mgr%d||active|\n", i, i, i);
	sb_adds(&src, "E|R1|Operator|1|||\n");
	for (i = 0; i < nitems; i++) {
		sb_addf(&hr, "I|E%d|Person %d|p%d|M%d|active|\n", i, i, i,
		    i % nproc);
		sb_addf(&src, "P|u%d|p%d|human|1|||1|E%d||\nA|u%d|R1\n", i, i,
		    i, i);
	}
	if (orgfx_sync(f->db, "hr", "people", hr.buf, &e) != 0 ||
	    orgfx_sync(f->db, "corp", "aws", src.buf, &e) != 0 ||
	    role_bootstrap(f->db, "root", 0, NULL, &e) != 0 ||
	    actor_resolve(f->db, "root", NULL, &root, &e) != 0 ||
	    campaign_create(f->db, &root, &s, NULL, &n, &e) != 0)
		die("setup", &e);
	actor_release(&root);
	sb_release(&hr);
	sb_release(&src);
	db_close(f->db);
	f->db = NULL;
}

struct ids {
	int64_t *v;
	size_t n;
};

static int
collect(const struct item_row *r, void *arg)
{
	struct ids *ids = arg;

	ids->v = xrealloc(ids->v, (ids->n + 1) * sizeof(*ids->v));
	ids->v[ids->n++] = r->id;
	return 0;
}

/*
 * Decide the items of the reviewers k, k + step, ... (one process), with
 * the key at keypath when it is set.
 */
static int
reviewer(const char *path, const char *keypath, int k, int step, int nproc)
{
	struct sign_key *key = NULL;
	struct err e = ERR_INIT;
	struct db *db = NULL;
	int rc = 0, m;
	size_t i;

	if ((rc = db_open(&db, path, 0, &e)) != 0 ||
	    (keypath && (rc = sign_key_load(keypath, 0, &key, &e)) != 0))
		goto out;
	db_set_key(db, key);
	for (m = k; m < nproc && rc == 0; m += step) {
		struct db_item_query fl = { 0 };
		struct ids ids = { NULL, 0 };
		struct actor a = { 0 };
		char login[16];

		snprintf(login, sizeof(login), "mgr%d", m);
		fl.reviewer = login;
		fl.order = DB_ORDER_ID;
		if ((rc = actor_resolve(db, login, NULL, &a, &e)) != 0 ||
		    (rc = campaign_id(db, "load", &fl.campaign, &e)) != 0 ||
		    (rc = db_items_page(db, &fl, NULL, DB_PAGE_FIRST, 0,
			 collect, &ids, &e)) != 0) {
			actor_release(&a);
			break;
		}
		for (i = 0; i < ids.n && rc == 0; i++) {
			struct decide_req r = { i % 3 == 0 ? "revoke"
							   : "approve",
				i % 3 == 0 ? "not needed" : NULL, NULL, NULL };

			rc = item_decide(db, &a, ids.v[i], &r, &e);
		}
		free(ids.v);
		actor_release(&a);
	}
out:
	if (rc != 0)
		fprintf(stderr, "reviewer %d: %s\n", k, e.msg);
	db_close(db);
	sign_key_free(key);
	return rc == 0 ? 0 : 1;
}

/*
 * Decisions per second of procs processes over a fresh database; *vt gets
 * the seconds audit_verify() then takes (with the key when signed).
 */
static double
run(int nitems, int nreviewers, int procs, int sign, double *vt)
{
	struct orgfx f;
	struct audit_report r;
	struct sign_key *key = NULL;
	struct err e = ERR_INIT;
	char keypath[PATH_MAX + 8];
	pid_t *pids = xcalloc((size_t)procs, sizeof(*pids));
	double t0, t;
	int i, status, failed = 0;

	build(&f, nitems, nreviewers);
	snprintf(keypath, sizeof(keypath), "%s/signing.key", f.dir);
	if (sign && sign_key_create(keypath, -1, &key, &e) != 0)
		die("key", &e);
	t0 = now();
	for (i = 0; i < procs; i++) {
		fflush(NULL);
		if ((pids[i] = fork()) == 0)
			_exit(reviewer(f.path, sign ? keypath : NULL, i, procs,
			    nreviewers));
	}
	for (i = 0; i < procs; i++)
		if (waitpid(pids[i], &status, 0) != pids[i] ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed++;
	t = now() - t0;
	if (failed) {
		fprintf(stderr, "bench_sign: %d reviewers failed\n", failed);
		exit(1);
	}
	if (db_open(&f.db, f.path, 0, &e) != 0)
		die("reopen", &e);
	db_set_key(f.db, key);
	t0 = now();
	if (audit_verify(f.db, &r, &e) != 0)
		die("verify", &e);
	*vt = now() - t0;
	if (r.decisions != nitems || (sign && r.signed_id != r.head_id)) {
		fprintf(stderr,
		    "bench_sign: %lld decisions, head %lld signed "
		    "%lld\n",
		    (long long)r.decisions, (long long)r.head_id,
		    (long long)r.signed_id);
		exit(1);
	}
	orgfx_close(&f);
	sign_key_free(key);
	free(pids);
	return (double)nitems / t;
}

int
main(int argc, char **argv)
{
	int nitems = argc > 1 ? atoi(argv[1]) : 2000;
	int nproc = argc > 2 ? atoi(argv[2]) : 20;
	const int loops = 20000;
	struct sign_key *key = NULL;
	struct err e = ERR_INIT;
	char dir[] = "/tmp/parc-bench-sign.XXXXXX", path[64];
	char msg[160], sig[SIGN_SIG_LEN];
	double u1, s1, un, sn, t0, t, vu, vs;
	size_t len;
	int i;

	if (nitems < nproc || nproc < 1) {
		fprintf(stderr, "usage: bench_sign [ITEMS] [PROCS]\n");
		return 2;
	}
	nitems -= nitems % nproc;
	printf("bench_sign: %d items, each decision its own transaction\n",
	    nitems);
	u1 = run(nitems, nproc, 1, 0, &vu);
	s1 = run(nitems, nproc, 1, 1, &vs);
	un = run(nitems, nproc, nproc, 0, &vu);
	sn = run(nitems, nproc, nproc, 1, &vs);
	printf("%-22s %14s %14s %8s\n", "", "baseline", "signed", "cost");
	printf("%-22s %10.0f d/s %10.0f d/s %7.1f%%\n", "1 reviewer process",
	    u1, s1, 100.0 * (u1 - s1) / u1);
	printf("%-22s %10.0f d/s %10.0f d/s %7.1f%%\n", "", un, sn,
	    100.0 * (un - sn) / un);
	printf("  (the line above: %d reviewer processes at once)\n", nproc);
	printf("%-22s %12.2f s %12.2f s\n", "parc verify, all", vu, vs);
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/k", dir);
	if (sign_key_create(path, -1, &key, &e) != 0)
		die("key", &e);
	len = checkpoint_message(1,
	    "0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef",
	    msg, sizeof(msg));
	t0 = now();
	for (i = 0; i < loops; i++)
		if (sign_data(key, msg, len, sig, &e) != 0)
			die("sign", &e);
	t = now() - t0;
	printf("Ed25519 signature alone: %.0f/s, %.1f us each\n", loops / t,
	    1e6 * t / loops);
	t0 = now();
	for (i = 0; i < loops; i++)
		if (!sign_check(key, msg, len, sig))
			die("check", &e);
	t = now() - t0;
	printf("Ed25519 check alone:     %.0f/s, %.1f us each (verify's cost "
	       "per event)\n",
	    loops / t, 1e6 * t / loops);
	sign_key_free(key);
	unlink(path);
	snprintf(path, sizeof(path), "%s/k.pub", dir);
	unlink(path);
	rmdir(dir);
	return 0;
}
