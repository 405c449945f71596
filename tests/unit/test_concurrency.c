/*
 * test_concurrency.c - 20 reviewer processes deciding 5,000 items of one
 * campaign at once, each decision its own transaction on its own
 * connection: every decision is present exactly once, the audit chain
 * verifies, and no process saw an error (no "database is locked").
 */
#include <sys/wait.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/audit.h"
#include "db/campaign.h"
#include "db/decision.h"
#include "db/item.h"
#include "db/role.h"
#include "lib/sb.h"
#include "tests/unit/orgfx.h"

#define NPROC 20
#define NITEMS 5000

#define OK(x)                                                   \
	do {                                                    \
		struct err e_ = ERR_INIT;                       \
		int rc_ = (x);                                  \
		if (rc_ != 0)                                   \
			fail_msg("%s: %d %s", #x, rc_, e_.msg); \
	} while (0)

static void
build(struct orgfx *f)
{
	struct sb hr = SB_INIT, src = SB_INIT;
	struct actor root = { 0 };
	struct campaign_spec s = { "load", "2999-12-31", NULL, "manager",
		"root", NULL };
	int64_t n = 0;
	int i;

	for (i = 0; i < NPROC; i++)
		sb_addf(&hr, "I|M%d|Manager %d|mgr%d||active|\n", i, i, i);
	sb_adds(&src, "E|R1|Operator|1|||\n");
	for (i = 0; i < NITEMS; i++) {
		sb_addf(&hr, "I|E%d|Person %d|p%d|M%d|active|\n", i, i, i,
		    i % NPROC);
		sb_addf(&src, "P|u%d|p%d|human|1|||1|E%d||\nA|u%d|R1\n", i, i,
		    i, i);
	}
	OK(orgfx_sync(f->db, "hr", "people", hr.buf, &e_));
	OK(orgfx_sync(f->db, "corp", "aws", src.buf, &e_));
	OK(role_bootstrap(f->db, "root", 0, NULL, &e_));
	OK(actor_resolve(f->db, "root", NULL, &root, &e_));
	OK(campaign_create(f->db, &root, &s, NULL, &n, &e_));
	assert_int_equal(n, NITEMS);
	actor_release(&root);
	sb_release(&hr);
	sb_release(&src);
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

/* One reviewer's process: decide its queue, one item at a time. */
static int
reviewer(const char *path, int k)
{
	struct db_item_query fl = { 0 };
	struct ids ids = { NULL, 0 };
	struct actor a = { 0 };
	struct err e = ERR_INIT;
	struct db *db = NULL;
	char login[16];
	size_t i;
	int rc;

	snprintf(login, sizeof(login), "mgr%d", k);
	if ((rc = db_open(&db, path, 0, &e)) != 0 ||
	    (rc = actor_resolve(db, login, NULL, &a, &e)) != 0)
		goto out;
	fl.reviewer = login;
	fl.order = DB_ORDER_ID;
	if ((rc = campaign_id(db, "load", &fl.campaign, &e)) != 0 ||
	    (rc = db_items_page(db, &fl, NULL, DB_PAGE_FIRST, 0, collect, &ids,
		 &e)) != 0)
		goto out;
	if (ids.n != NITEMS / NPROC) {
		rc = err_set(&e, PARC_EDB, "%s has %zu items", login, ids.n);
		goto out;
	}
	for (i = 0; i < ids.n && rc == 0; i++) {
		struct decide_req r = { i % 3 == 0 ? "revoke" : "approve",
			i % 3 == 0 ? "not needed" : NULL, NULL, NULL };

		rc = item_decide(db, &a, ids.v[i], &r, &e);
	}
out:
	if (rc != 0)
		fprintf(stderr, "reviewer %d: %s\n", k, e.msg);
	free(ids.v);
	actor_release(&a);
	db_close(db);
	return rc == 0 ? 0 : 1;
}

static void
test_twenty_reviewers(void **state)
{
	struct orgfx f;
	struct audit_report r;
	pid_t pids[NPROC];
	int i, status, failed = 0;
	struct timespec t0, t1;

	(void)state;
	assert_int_equal(orgfx_open(&f), 0);
	build(&f);
	db_close(f.db); /* children open their own connections */
	f.db = NULL;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < NPROC; i++) {
		fflush(NULL);
		if ((pids[i] = fork()) == 0)
			_exit(reviewer(f.path, i));
		assert_true(pids[i] > 0);
	}
	for (i = 0; i < NPROC; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed++;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("    %d processes decided %d items in %.1f s\n", NPROC, NITEMS,
	    (double)(t1.tv_sec - t0.tv_sec) +
		(double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	assert_int_equal(failed, 0);

	OK(db_open(&f.db, f.path, 0, &e_));
	assert_int_equal(db_count(f.db, "SELECT count(*) FROM decision"),
	    NITEMS);
	assert_int_equal(db_count(f.db,
			     "SELECT count(DISTINCT item_id) FROM decision"),
	    NITEMS);
	assert_int_equal(db_count(f.db,
			     "SELECT count(*) FROM review_item"
			     " WHERE decision = 'pending'"),
	    0);
	assert_int_equal(db_count(f.db,
			     "SELECT count(*) FROM review_item"
			     " WHERE decision = 'revoke'"),
	    NPROC * ((NITEMS / NPROC + 2) / 3));
	/* each decision by the item's own reviewer */
	assert_int_equal(db_count(f.db,
			     "SELECT count(*) FROM decision d JOIN"
			     " review_item i ON i.id = d.item_id"
			     " WHERE d.decided_by <> i.reviewer"),
	    0);
	OK(audit_verify(f.db, &r, &e_));
	assert_int_equal(r.decisions, NITEMS);
	assert_int_equal(db_count(f.db,
			     "SELECT count(*) FROM audit_event"
			     " WHERE action = 'decide'"),
	    NITEMS);
	orgfx_close(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_twenty_reviewers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
