/*
 * bench_reports.c - the evidence of a campaign of ITEMS items as PDF and
 * CSV, timed.
 *
 *	make bench && tests/bench/bench_reports [ITEMS] [DIR]
 *
 * ITEMS defaults to 100000: ITEMS/5 people under 50 managers, each with
 * one account in five privileged groups (one through a nested group),
 * names in several scripts and some long enough to wrap. The campaign is
 * created through db/campaign.h and a third of its items are decided
 * (approve, revoke, exception, each with a justification) in bulk. Then
 * the figures: building the report model from the database
 * (rpt_evidence, which verifies the whole audit chain), writing it as PDF
 * (A4, both layout passes), as CSV, and building the items-only model
 * that parc report evidence --format csv uses (no chain verification),
 * and parc verify alone (the chain, and every item against the digest
 * its campaign's creation recorded). Creating the campaign (freezing its
 * items and digesting them, in one pass) is timed in the setup.
 * The baseline beside them is the time to read the same items with
 * db_items_page() alone (the floor for anything that reports on them) and,
 * for the PDF, pages per second, its CPU time (steadier than the wall
 * clock on a shared machine) and the ratio of that to the items' read
 * (what make bench-check compares); the peak RSS of the whole run last.
 * The files are left in DIR (default a new
 * folder under /tmp) for a look; a DIR whose database already holds a
 * campaign of ITEMS items is used again without the (long) setup.
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/audit.h"
#include "db/campaign.h"
#include "db/db.h"
#include "db/decision.h"
#include "db/item.h"
#include "db/role.h"
#include "db/sink.h"
#include "lib/err.h"
#include "lib/sb.h"
#include "reports/csv.h"
#include "reports/model.h"
#include "reports/pdf.h"

#define NGROUPS 5
#define NMANAGERS 50
#define CAMPAIGN "bench 2026-Q4"

static const char *const names[] = {
	"Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m",
	"\xd0\x94\xd0\xbc\xd0\xb8\xd1\x82\xd1\x80\xd0\xb8\xd0\xb9 "
	"\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2",
	"\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e",
	"\xd9\x85\xd8\xad\xd9\x85\xd8\xaf \xd8\xb9\xd9\x84\xd9\x8a",
	"Maximilian-Alexander Wolfeschlegelsteinhausenbergerdorff von "
	"Hohenzollern-Sigmaringen",
	"Ana O'Neil",
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU seconds of this process so far (steadier than the wall clock on a
 * shared machine) */
static double
cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
	    ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6;
}

static long
peak_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void
die(const char *what, const struct err *e)
{
	fprintf(stderr, "bench_reports: %s: %s\n", what, e->msg);
	exit(1);
}

static void
build(struct db *db, long people)
{
	struct err e = ERR_INIT;
	struct sink *s;
	char a[160], b[160], c[160], d[256];
	long i;
	int g;

	if (sink_open(db, "corp", "ad", &s, &e) != 0)
		die("sink", &e);
	for (i = 0; i < NMANAGERS; i++) {
		struct rec_identity r = { 0 };

		snprintf(a, sizeof(a), "m%ld", i);
		snprintf(b, sizeof(b), "Manager %ld", i);
		snprintf(c, sizeof(c), "boss%ld", i);
		r.employee_id = a;
		r.display_name = b;
		r.login = c;
		if (sink_identity(s, &r, &e) != 0)
			die("identity", &e);
	}
	for (i = 0; i < people; i++) {
		struct rec_identity r = { 0 };
		struct rec_principal p = { 0 };

		snprintf(a, sizeof(a), "e%06ld", i);
		snprintf(b, sizeof(b), "%s %ld", names[i % NNAMES], i);
		snprintf(c, sizeof(c), "u%06ld%s", i,
		    i % 9 == 4 ? "-with-a-long-login-that-wraps" : "");
		snprintf(d, sizeof(d), "m%ld", i % NMANAGERS);
		r.employee_id = a;
		r.display_name = b;
		r.login = c;
		r.manager_employee_id = d;
		if (sink_identity(s, &r, &e) != 0)
			die("identity", &e);
		snprintf(d, sizeof(d), "CN=%s,OU=Staff,DC=corp,DC=example", c);
		p.ext_id = d;
		p.name = c;
		p.enabled = 1;
		p.mfa = -1;
		p.employee_id = a;
		if (sink_principal(s, &p, &e) != 0)
			die("principal", &e);
	}
	for (g = 0; g <= NGROUPS; g++) {
		struct rec_principal p = { 0 };
		struct rec_entitlement n = { 0 };

		snprintf(a, sizeof(a), "CN=G%d,OU=Groups,DC=corp,DC=example",
		    g);
		snprintf(b, sizeof(b), g == NGROUPS ? "Helpdesk" : "G%d Admins",
		    g);
		p.ext_id = a;
		p.name = b;
		p.kind = "group";
		if (sink_principal(s, &p, &e) != 0)
			die("principal", &e);
		if (g == NGROUPS)
			break;
		n.ext_id = a;
		n.name = b;
		n.kind = "group";
		n.tier = g % 3;
		n.reason = "administers servers";
		n.group_ext_id = a;
		if (sink_entitlement(s, &n, &e) != 0)
			die("entitlement", &e);
	}
	if (sink_membership(s, "CN=G5,OU=Groups,DC=corp,DC=example",
		"CN=G0,OU=Groups,DC=corp,DC=example", &e) != 0)
		die("membership", &e);
	for (i = 0; i < people; i++) {
		snprintf(d, sizeof(d),
		    "CN=u%06ld%s,OU=Staff,DC=corp,DC=example", i,
		    i % 9 == 4 ? "-with-a-long-login-that-wraps" : "");
		for (g = 0; g < NGROUPS; g++) {
			snprintf(a, sizeof(a),
			    "CN=G%d,OU=Groups,DC=corp,DC=example",
			    g == 0 ? NGROUPS : g);
			if (sink_membership(s, d, a, &e) != 0)
				die("membership", &e);
		}
	}
	if (sink_commit(s, NULL, &e) != 0)
		die("commit", &e);
}

struct queue {
	int64_t *ids;
	size_t n, alloc;
	char reviewer[64];
};

static int
collect(const struct item_row *r, void *arg)
{
	struct queue *q = arg;

	if (q->n == q->alloc) {
		q->alloc = q->alloc ? 2 * q->alloc : 1024;
		q->ids = xrealloc(q->ids, q->alloc * sizeof(*q->ids));
	}
	q->ids[q->n++] = r->id;
	return 0;
}

static int
count(const struct item_row *r, void *arg)
{
	(void)r;
	(*(long *)arg)++;
	return 0;
}

/* Decide a third of each reviewer's queue, in bulk, per decision. */
static void
decide(struct db *db)
{
	static const struct decide_req reqs[3] = {
		{ "approve", "needed for on-call duty (ticket CHG-1)", NULL,
		    NULL },
		{ "revoke", "left the team; access no longer needed", NULL,
		    NULL },
		{ "exception", "vendor contract, vault checkout only",
		    "2099-06-30", NULL },
	};
	struct err e = ERR_INIT;
	struct db_item_query f = { 0 };
	struct actor a;
	struct queue q;
	size_t k, third;
	int m, j;

	for (m = 0; m < NMANAGERS; m++) {
		memset(&q, 0, sizeof(q));
		snprintf(q.reviewer, sizeof(q.reviewer), "boss%d", m);
		f.reviewer = q.reviewer;
		f.order = DB_ORDER_ID;
		if (campaign_id(db, CAMPAIGN, &f.campaign, &e) != 0 ||
		    db_items_page(db, &f, NULL, DB_PAGE_FIRST, 0, collect, &q,
			&e) != 0)
			die("items", &e);
		if (actor_resolve(db, q.reviewer, NULL, &a, &e) != 0)
			die("actor", &e);
		third = q.n / 9;
		for (j = 0; j < 3; j++) {
			k = (size_t)j * third;
			if (third > 0 &&
			    item_decide_bulk(db, &a, q.ids + k, third, &reqs[j],
				&e) != 0)
				die("decide", &e);
		}
		actor_release(&a);
		free(q.ids);
	}
}

int
main(int argc, char **argv)
{
	long items = argc > 1 ? atol(argv[1]) : 100000, n = 0;
	char dir[256], path[300];
	struct err e = ERR_INIT;
	struct db *db;
	struct actor admin;
	struct campaign_spec cs = { 0 };
	struct db_item_query f = { 0 };
	struct db_item_counts ic;
	struct rpt_doc *d;
	int64_t nitems = 0;
	double t0, t1, t_read, t_model, t_pdf, t_csv, t_items, t_verify;
	double c0, c_read, c_pdf;
	long rss_model;
	double t_create = -1;
	struct audit_report ar;
	int pages = 0, reads;
	FILE *fp;

	if (argc > 2)
		snprintf(dir, sizeof(dir), "%s", argv[2]);
	else if (snprintf(dir, sizeof(dir), "/tmp/parc-bench-reports.XXXXXX"),
	    mkdtemp(dir) == NULL)
		return 1;
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/bench.db", dir);
	/* a DIR from an earlier run with as many items is used again */
	if (db_open(&db, path, 0, &e) == 0) {
		if (campaign_id(db, CAMPAIGN, &f.campaign, &e) == 0 &&
		    db_items_count(db, &f, &ic, &e) == 0 && ic.items == items) {
			printf("setup: %ld items in %s, from an earlier run\n",
			    items, dir);
			goto timed;
		}
		db_close(db);
	}
	unlink(path);
	if (db_open(&db, path, DB_CREATE, &e) != 0)
		die("open", &e);
	t0 = now_s();
	build(db, items / NGROUPS);
	if (role_bootstrap(db, "bench-admin", 1, NULL, &e) != 0 ||
	    actor_resolve(db, "bench-admin", NULL, &admin, &e) != 0)
		die("admin", &e);
	cs.name = CAMPAIGN;
	cs.due = "2099-12-31";
	cs.reviewer = "manager";
	t1 = now_s();
	if (campaign_create(db, &admin, &cs, NULL, &nitems, &e) != 0)
		die("campaign", &e);
	t_create = now_s() - t1;
	decide(db);
	actor_release(&admin);
	printf("setup: %lld items in %s, %.1f s (not timed below)\n",
	    (long long)nitems, dir, now_s() - t0);

timed:
	t0 = now_s();
	c0 = cpu_s();
	f.order = DB_ORDER_ID;
	if (campaign_id(db, CAMPAIGN, &f.campaign, &e) != 0 ||
	    db_items_page(db, &f, NULL, DB_PAGE_FIRST, 0, count, &n, &e) != 0)
		die("read", &e);
	t_read = now_s() - t0;
	/* a small campaign reads in milliseconds: average enough reads to
	 * make a steady baseline of the ratios below */
	for (reads = 1; now_s() - t0 < 0.25 && reads < 1000; reads++) {
		n = 0;
		if (db_items_page(db, &f, NULL, DB_PAGE_FIRST, 0, count, &n,
			&e) != 0)
			die("read", &e);
	}
	t_read = (now_s() - t0) / reads;
	c_read = (cpu_s() - c0) / reads;

	t0 = now_s();
	if (rpt_evidence(db, CAMPAIGN, &d, &e) != 0)
		die("evidence", &e);
	t_model = now_s() - t0;

	snprintf(path, sizeof(path), "%s/evidence.pdf", dir);
	rss_model = peak_rss_kb();
	t0 = now_s();
	c0 = cpu_s();
	if ((fp = fopen(path, "wb")) == NULL ||
	    rpt_pdf_write(d, RPT_A4, fp, &pages, &e) != 0 || fclose(fp) != 0)
		die("pdf", &e);
	t_pdf = now_s() - t0;
	c_pdf = cpu_s() - c0;

	snprintf(path, sizeof(path), "%s/evidence.csv", dir);
	t0 = now_s();
	if ((fp = fopen(path, "wb")) == NULL || rpt_csv_write(d, fp, &e) != 0 ||
	    fclose(fp) != 0)
		die("csv", &e);
	t_csv = now_s() - t0;
	rpt_doc_free(d);

	/* what parc report evidence --format csv builds: the items only */
	t0 = now_s();
	if (rpt_evidence_items(db, CAMPAIGN, &d, &e) != 0)
		die("evidence items", &e);
	t_items = now_s() - t0;

	t0 = now_s();
	if (audit_verify(db, &ar, &e) != 0)
		die("verify", &e);
	t_verify = now_s() - t0;

	printf("items          %ld\n", n);
	if (t_create >= 0)
		printf("campaign create campaign_create        %6.2f s\n",
		    t_create);
	printf("baseline       items read alone        %6.3f s  (cpu %.2f s)\n",
	    t_read, c_read);
	printf("evidence model rpt_evidence            %6.2f s\n", t_model);
	printf("evidence PDF   %d pages, A4            %6.2f s  (%.0f "
	       "pages/s; cpu %.2f s)\n",
	    pages, t_pdf, pages / t_pdf, c_pdf);
	/*
	 * The figure make bench-check compares: the PDF's CPU time over
	 * the items' read alone, both in this run (at 100,000 items, 69 s
	 * and 129 pages/s before pdf_text.c, issue 19).
	 */
	printf("ratio          pdf/read (cpu)          %6.1f x\n",
	    c_read > 0 ? c_pdf / c_read : 0);
	printf("evidence CSV                           %6.2f s\n", t_csv);
	printf("PDF end to end (model + PDF)           %6.2f s\n",
	    t_model + t_pdf);
	printf("items model    rpt_evidence_items      %6.2f s\n", t_items);
	printf("CSV end to end (items model + CSV)     %6.2f s\n",
	    t_items + t_csv);
	printf("verify         audit_verify            %6.2f s\n", t_verify);
	/* for make bench-check (tests/bench/check.sh): each to the baseline */
	printf("bench-check: reports_pdf %.1f\n", (t_model + t_pdf) / t_read);
	printf("bench-check: reports_csv %.1f\n", (t_items + t_csv) / t_read);
	printf("peak RSS       the whole run           %6ld MB  (%ld MB "
	       "before the PDF)\n",
	    peak_rss_kb() / 1024, rss_model / 1024);
	rpt_doc_free(d);
	db_close(db);
	return 0;
}
