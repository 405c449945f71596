/*
 * test_report.c - the reports of a real campaign: a database filled
 * through the sink, a campaign created, decided, delegated and closed
 * through db/campaign.h, then the evidence as PDF (read back with
 * pdftotext: every item, decision and justification there, the page
 * count, "page X of Y" on every page, nothing outside the page or over
 * another word), CSV (parsed back by Python's csv module, formula cells
 * neutralised) and JSON (validated against share/schema/report-v1.json);
 * the remediation as LDIF and shell; the SIEM export and its cursor.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/audit.h"
#include "db/campaign.h"
#include "db/decision.h"
#include "db/item.h"
#include "db/role.h"
#include "db/sink.h"
#include "lib/sb.h"
#include "reports/csv.h"
#include "reports/file.h"
#include "reports/json.h"
#include "reports/model.h"
#include "reports/pdf.h"
#include "reports/remediation.h"
#include "reports/siem.h"
#include "reports/txt.h"
#include "tests/unit/orgfx.h"
#include "tests/unit/rpt_check.h"

#define NMANAGERS 4
#define FORMULA "=cmd|' /C calc'!A0"

/* Long and non-Latin names, as directories hold them. */
static const char *const names[] = {
	"Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m",
	"\xd0\x94\xd0\xbc\xd0\xb8\xd1\x82\xd1\x80\xd0\xb8\xd0\xb9 "
	"\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2",
	"\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e",
	"\xce\x9d\xce\xaf\xce\xba\xce\xbf\xcf\x82 "
	"\xce\xa0\xce\xb1\xcf\x80\xce\xb1\xce\xb4\xcf\x8c\xcf\x80\xce\xbf"
	"\xcf\x85\xce\xbb\xce\xbf\xcf\x82",
	"\xd9\x85\xd8\xad\xd9\x85\xd8\xaf \xd8\xb9\xd9\x84\xd9\x8a",
	"Maximilian-Alexander Wolfeschlegelsteinhausenbergerdorff von "
	"Hohenzollern-Sigmaringen und Sachsen-Coburg-Gotha",
	"\xe4\xbd\x90\xe8\x97\xa4 \xe5\x81\xa5\xe5\xa4\xaa\xe9\x83\x8e",
	"Ana O'Neil",
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

struct fx {
	struct orgfx org;
	struct actor admin;
	int64_t campaign;
	int64_t nitems;
	char dir[64];
};

/*
 * One AD-kind source "corp" with people (managers m0..m3 with logins
 * boss0..), one account per person, groups G0..G(ngroups-1) of tiers 0-2
 * with every account in each group (nested through a helpdesk group for
 * the last one), so items = people * ngroups. Entries are DNs, as AD
 * gives them.
 */
static void
build_org(struct db *db, int people, int ngroups, int evil)
{
	struct err e = ERR_INIT;
	struct sink *s;
	struct sb a = SB_INIT, b = SB_INIT, c = SB_INIT, d = SB_INIT;
	int i, g;

	if (sink_open(db, "corp", "ad", &s, &e) != 0)
		fail_msg("sink_open: %s", e.msg);
	for (i = 0; i < NMANAGERS; i++) {
		struct rec_identity r = { 0 };

		sb_reset(&a);
		sb_reset(&b);
		sb_reset(&c);
		sb_addf(&a, "m%d", i);
		sb_addf(&b, "Manager %d", i);
		sb_addf(&c, "boss%d", i);
		r.employee_id = a.buf;
		r.display_name = b.buf;
		r.login = c.buf;
		r.status = "active";
		if (sink_identity(s, &r, &e) != 0)
			fail_msg("identity: %s", e.msg);
	}
	for (i = 0; i < people; i++) {
		struct rec_identity r = { 0 };
		struct rec_principal p = { 0 };

		sb_reset(&a);
		sb_reset(&b);
		sb_reset(&c);
		sb_reset(&d);
		sb_addf(&a, "e%05d", i);
		sb_addf(&b, "%s %d", names[i % NNAMES], i);
		if (evil && i == 1)
			sb_addf(&c, "%s", FORMULA);
		else
			sb_addf(&c, "u%05d%s", i,
			    i % 9 == 4
				? "-with-a-very-long-login-name-that-wraps-"
				  "in-its-column"
				: "");
		sb_addf(&d, "m%d", i % NMANAGERS);
		r.employee_id = a.buf;
		r.display_name = b.buf;
		r.login = c.buf;
		r.manager_employee_id = d.buf;
		r.status = "active";
		if (sink_identity(s, &r, &e) != 0)
			fail_msg("identity: %s", e.msg);
		sb_reset(&d);
		sb_addf(&d, "CN=%s,OU=Staff,DC=corp,DC=example", c.buf);
		p.ext_id = d.buf;
		p.name = c.buf;
		p.kind = "human";
		p.enabled = 1;
		p.employee_id = a.buf;
		p.mfa = 1;
		p.last_used_at = orgfx_ago(3);
		p.created_at = orgfx_ago(400);
		if (sink_principal(s, &p, &e) != 0)
			fail_msg("principal: %s", e.msg);
	}
	{
		struct rec_principal p = { 0 };

		p.ext_id = "CN=Helpdesk,OU=Groups,DC=corp,DC=example";
		p.name = "Helpdesk";
		p.kind = "group";
		if (sink_principal(s, &p, &e) != 0)
			fail_msg("principal: %s", e.msg);
	}
	for (g = 0; g < ngroups; g++) {
		struct rec_principal p = { 0 };
		struct rec_entitlement en = { 0 };

		sb_reset(&a);
		sb_reset(&b);
		sb_addf(&a, "CN=G%d Admins,OU=Groups,DC=corp,DC=example", g);
		sb_addf(&b, "G%d Admins", g);
		p.ext_id = a.buf;
		p.name = b.buf;
		p.kind = "group";
		if (sink_principal(s, &p, &e) != 0)
			fail_msg("principal: %s", e.msg);
		en.ext_id = a.buf;
		en.name = b.buf;
		en.kind = "group";
		en.tier = g % 3;
		en.reason = "administers servers";
		en.group_ext_id = a.buf;
		if (sink_entitlement(s, &en, &e) != 0)
			fail_msg("entitlement: %s", e.msg);
	}
	if (sink_membership(s, "CN=Helpdesk,OU=Groups,DC=corp,DC=example",
		"CN=G0 Admins,OU=Groups,DC=corp,DC=example", &e) != 0)
		fail_msg("membership: %s", e.msg);
	for (i = 0; i < people; i++) {
		sb_reset(&d);
		if (evil && i == 1)
			sb_addf(&d, "CN=%s,OU=Staff,DC=corp,DC=example",
			    FORMULA);
		else
			sb_addf(&d, "CN=u%05d%s,OU=Staff,DC=corp,DC=example", i,
			    i % 9 == 4 ? "-with-a-very-long-login-name-"
					 "that-wraps-in-its-column"
				       : "");
		for (g = 0; g < ngroups; g++) {
			sb_reset(&a);
			if (g == 0)
				sb_adds(&a,
				    "CN=Helpdesk,OU=Groups,DC=corp,"
				    "DC=example");
			else
				sb_addf(&a,
				    "CN=G%d Admins,OU=Groups,DC=corp,"
				    "DC=example",
				    g);
			if (sink_membership(s, d.buf, a.buf, &e) != 0)
				fail_msg("membership: %s", e.msg);
		}
	}
	if (sink_commit(s, NULL, &e) != 0)
		fail_msg("commit: %s", e.msg);
	sb_release(&a);
	sb_release(&b);
	sb_release(&c);
	sb_release(&d);
}

static void
fx_open(struct fx *f, int people, int ngroups, int evil)
{
	struct err e = ERR_INIT;
	struct campaign_spec cs = { 0 };

	memset(f, 0, sizeof(*f));
	if (orgfx_open(&f->org) != 0)
		fail_msg("orgfx_open");
	build_org(f->org.db, people, ngroups, evil);
	if (role_bootstrap(f->org.db, "auditor1", 1, NULL, &e) != 0 ||
	    actor_resolve(f->org.db, "auditor1", NULL, &f->admin, &e) != 0)
		fail_msg("admin: %s", e.msg);
	cs.name = "Q4 \xe7\xae\xa1\xe7\x90\x86 admins";
	cs.due = "2099-12-31";
	cs.reviewer = "manager";
	cs.fallback = "boss0";
	if (campaign_create(f->org.db, &f->admin, &cs, &f->campaign, &f->nitems,
		&e) != 0)
		fail_msg("campaign_create: %s", e.msg);
	assert_int_equal(f->nitems, (int64_t)people * ngroups);
}

static void
fx_close(struct fx *f)
{
	actor_release(&f->admin);
	orgfx_close(&f->org);
}

struct ids {
	int64_t *v;
	char **reviewer;
	size_t n;
};

static int
collect(const struct item_row *r, void *arg)
{
	struct ids *x = arg;

	x->v = xrealloc(x->v, (x->n + 1) * sizeof(*x->v));
	x->reviewer = xrealloc(x->reviewer, (x->n + 1) * sizeof(*x->reviewer));
	x->v[x->n] = r->id;
	x->reviewer[x->n++] = xstrdup(r->reviewer ? r->reviewer : "");
	return 0;
}

static void
ids_free(struct ids *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		free(x->reviewer[i]);
	free(x->reviewer);
	free(x->v);
}

static void
decide(struct db *db, const char *login, int64_t id, const char *what,
    const char *comment, const char *until, const char *to)
{
	struct err e = ERR_INIT;
	struct actor a;
	struct decide_req r = { what, comment, until, to };

	if (actor_resolve(db, login, NULL, &a, &e) != 0)
		fail_msg("actor %s: %s", login, e.msg);
	if (item_decide(db, &a, id, &r, &e) != 0)
		fail_msg("decide %lld %s as %s: %s", (long long)id, what, login,
		    e.msg);
	actor_release(&a);
}

/*
 * Decide every item: approve, revoke or exception in turn, each with its
 * own justification; the first item is delegated to boss3 first, and
 * the last few stay pending.
 */
static void
decide_all(struct fx *f, size_t pending)
{
	struct db_item_query flt = { 0 };
	struct ids x = { 0 };
	struct err e = ERR_INIT;
	struct sb c = SB_INIT;
	size_t i;

	flt.order = DB_ORDER_ID;
	if (campaign_id(f->org.db, "Q4 \xe7\xae\xa1\xe7\x90\x86 admins",
		&flt.campaign, &e) != 0 ||
	    db_items_page(f->org.db, &flt, NULL, DB_PAGE_FIRST, 0, collect, &x,
		&e) != 0)
		fail_msg("items: %s", e.msg);
	for (i = 0; i + pending < x.n; i++) {
		const char *who = x.reviewer[i];

		sb_reset(&c);
		if (i == 0) {
			decide(f->org.db, who, x.v[i], "delegate",
			    "boss3 runs that team now", NULL,
			    strcmp(who, "boss3") ? "boss3" : "boss2");
			who = strcmp(who, "boss3") ? "boss3" : "boss2";
		}
		switch (i % 3) {
		case 0:
			sb_addf(&c, "needed for on-call, confirmed #%zu", i);
			decide(f->org.db, who, x.v[i], "approve", c.buf, NULL,
			    NULL);
			break;
		case 1:
			sb_addf(&c, "left the team in October (#%zu)", i);
			decide(f->org.db, who, x.v[i], "revoke", c.buf, NULL,
			    NULL);
			break;
		default:
			sb_addf(&c,
			    "vendor contract; PAM vault checkout "
			    "only (#%zu)",
			    i);
			decide(f->org.db, who, x.v[i], "exception", c.buf,
			    "2099-06-30", NULL);
		}
	}
	sb_release(&c);
	ids_free(&x);
}

static const char *
tmpfile_in(struct fx *f, const char *name)
{
	static char buf[4][256];
	static int k;
	char *b = buf[k++ % 4];

	snprintf(b, 256, "%s/%s", f->org.dir, name);
	return b;
}

static void
write_doc(const struct rpt_doc *d, const char *path, char fmt, int *pages)
{
	struct err e = ERR_INIT;
	FILE *fp = fopen(path, "wb");
	int rc = -1;

	assert_non_null(fp);
	switch (fmt) {
	case 'p':
		rc = rpt_pdf_write(d, RPT_A4, fp, pages, &e);
		break;
	case 'c':
		rc = rpt_csv_write(d, fp, &e);
		break;
	case 'j':
		rc = rpt_json_write(d, fp, &e);
		break;
	case 'l':
		rc = rpt_ldif_write(d, fp, &e);
		break;
	case 's':
		rc = rpt_sh_write(d, fp, &e);
		break;
	}
	if (rc != 0)
		fail_msg("write %s: %s", path, e.msg);
	assert_int_equal(fclose(fp), 0);
}

static char *
slurp(const char *path)
{
	struct sb sb = SB_INIT;
	char buf[65536];
	size_t n;
	FILE *fp = fopen(path, "rb");

	assert_non_null(fp);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_add(&sb, buf, n);
	fclose(fp);
	return sb_detach(&sb);
}

static size_t
col(const struct rpt_table *t, const char *key)
{
	size_t c;

	for (c = 0; c < t->ncols; c++)
		if (strcmp(t->cols[c].key, key) == 0)
			return c;
	fail_msg("no column %s", key);
	return 0;
}

/* ---- the evidence ---- */

static void
test_evidence_small(void **state)
{
	struct fx f;
	struct err e = ERR_INIT;
	struct rpt_doc *d;
	const struct rpt_table *t;
	char *text, *raw, *csv, *csv2, *path, want[64];
	struct rpt_doc *d2;
	struct tick_stats tick;
	size_t r, napprove = 0, nrevoke = 0, nexc = 0, npend = 0;
	int pages = 0;

	(void)state;
	fx_open(&f, 24, 3, 1);
	decide_all(&f, 5);
	/* a tick after the due date marks the 5 pending items overdue */
	assert_int_equal(campaign_tick(f.org.db, &f.admin,
			     "2100-01-02T00:00:00Z", &tick, &e),
	    0);
	assert_int_equal(tick.overdue, 5);
	assert_int_equal(rpt_evidence(f.org.db,
			     "Q4 \xe7\xae\xa1\xe7\x90\x86 admins", &d, &e),
	    0);
	t = d->primary;
	/* every item, with what was decided on it and why */
	assert_int_equal(t->nrows, 72);
	for (r = 0; r < t->nrows; r++) {
		const char *dec = rpt_cell(t, r, col(t, "decision"));
		const char *just = rpt_cell(t, r, col(t, "justification"));

		if (strcmp(dec, "approve") == 0)
			napprove++;
		else if (strcmp(dec, "revoke") == 0)
			nrevoke++;
		else if (strcmp(dec, "exception") == 0)
			nexc++;
		else {
			npend++;
			assert_non_null(strstr(rpt_cell(t, r, col(t, "status")),
			    "overdue since 2100-01-02"));
		}
		if (strcmp(dec, "pending") != 0) {
			assert_non_null(just);
			assert_non_null(rpt_cell(t, r, col(t, "decided_by")));
			assert_non_null(rpt_cell(t, r, col(t, "decided_at")));
		}
	}
	assert_int_equal(napprove, 23);
	assert_int_equal(nrevoke, 22);
	assert_int_equal(nexc, 22);
	assert_int_equal(npend, 5);

	write_doc(d, tmpfile_in(&f, "ev.pdf"), 'p', &pages);
	check_pdf(tmpfile_in(&f, "ev.pdf"), d, pages);
	raw = rpt_run("pdftotext -raw '%s' -", tmpfile_in(&f, "ev.pdf"));
	text = rpt_squeeze(raw);
	free(raw);
	/* what the auditor looks for, in words (compared without spaces) */
	assert_non_null(strstr(text, "Completion93.1%(67of72decided)"));
	assert_non_null(strstr(text, "Overdue5"));
	assert_non_null(strstr(text, "Reviewer:boss0"));
	assert_non_null(strstr(text, "toboss3byboss"));
	assert_non_null(strstr(text, "parcverifyintact:"));
	assert_non_null(strstr(text, "Exceptionsregister"));
	assert_non_null(strstr(text, "vendorcontract;PAMvaultcheckout"));
	assert_non_null(strstr(text, "Signature"));
	free(text);

	write_doc(d, tmpfile_in(&f, "ev.csv"), 'c', NULL);
	check_csv(tmpfile_in(&f, "ev.csv"), t);
	/* the formula-shaped account is text for a spreadsheet */
	csv = slurp(tmpfile_in(&f, "ev.csv"));
	assert_non_null(strstr(csv, ",\"'" FORMULA "\","));
	assert_null(strstr(csv, "," FORMULA));
	free(csv);

	/* the items-only document (what parc report --format csv builds) */
	assert_int_equal(rpt_evidence_items(f.org.db,
			     "Q4 \xe7\xae\xa1\xe7\x90\x86 admins", &d2, &e),
	    0);
	write_doc(d2, tmpfile_in(&f, "ev2.csv"), 'c', NULL);
	csv = slurp(tmpfile_in(&f, "ev.csv"));
	csv2 = slurp(tmpfile_in(&f, "ev2.csv"));
	assert_string_equal(csv, csv2);
	free(csv);
	free(csv2);
	rpt_doc_free(d2);

	write_doc(d, tmpfile_in(&f, "ev.json"), 'j', NULL);
	check_json(tmpfile_in(&f, "ev.json"), d);
	rpt_doc_free(d);

	assert_int_equal(rpt_evidence(f.org.db, "no such", &d, &e),
	    PARC_ENOTFOUND);
	assert_null(d);

	/* the console's one call: a PDF in a folder, and where it went */
	assert_int_equal(rpt_evidence_pdf(f.org.db,
			     "Q4 \xe7\xae\xa1\xe7\x90\x86 admins", f.org.dir,
			     RPT_LETTER, &path, &pages, &e),
	    0);
	assert_true(strncmp(path, f.org.dir, strlen(f.org.dir)) == 0);
	assert_true(strncmp(path + strlen(f.org.dir),
			"/evidence-Q4________admins-", 27) == 0);
	assert_string_equal(path + strlen(path) - 5, "Z.pdf");
	raw = rpt_run("pdfinfo '%s'", path);
	text = rpt_squeeze(raw);
	free(raw);
	snprintf(want, sizeof(want), "Pages:%d", pages);
	assert_non_null(strstr(text, want));
	/* US Letter, landscape */
	assert_non_null(strstr(text, "Pagesize:792x612pts"));
	free(text);
	free(path);
	fx_close(&f);
}

static void
test_evidence_5000_items(void **state)
{
	struct fx f;
	struct err e = ERR_INIT;
	struct rpt_doc *d;
	int pages = 0;

	(void)state;
	fx_open(&f, 1000, 5, 0);
	decide_all(&f, 4000);
	assert_int_equal(rpt_evidence(f.org.db,
			     "Q4 \xe7\xae\xa1\xe7\x90\x86 admins", &d, &e),
	    0);
	assert_int_equal(d->primary->nrows, 5000);
	write_doc(d, tmpfile_in(&f, "big.pdf"), 'p', &pages);
	assert_true(pages > 100);
	check_pdf(tmpfile_in(&f, "big.pdf"), d, pages);
	rpt_doc_free(d);
	fx_close(&f);
}

/* ---- remediation ---- */

static void
test_remediation(void **state)
{
	struct fx f;
	struct err e = ERR_INIT;
	struct rpt_doc *d;
	const struct rpt_table *t;
	char *ldif, *sh;
	size_t r, nrevoked = 0;

	(void)state;
	fx_open(&f, 6, 2, 0);
	decide_all(&f, 0);
	assert_int_equal(rpt_remediation(f.org.db,
			     "Q4 \xe7\xae\xa1\xe7\x90\x86 admins", &d, &e),
	    0);
	t = d->primary;
	for (r = 0; r < t->nrows; r++) {
		assert_string_equal(rpt_cell(t, r, col(t, "decision")),
		    "revoke");
		assert_string_equal(rpt_cell(t, r, col(t, "action")), "ldif");
		nrevoked++;
	}
	/* 12 items, every third from the second revoked */
	assert_int_equal(nrevoked, 4);
	write_doc(d, tmpfile_in(&f, "r.ldif"), 'l', NULL);
	ldif = slurp(tmpfile_in(&f, "r.ldif"));
	/* the membership in the direct group: Helpdesk for G0, else G1 */
	assert_non_null(strstr(ldif, "changetype: modify\ndelete: member\n"));
	assert_non_null(strstr(ldif, "member: CN=u0000"));
	for (r = 0; r < t->nrows; r++) {
		struct sb want = SB_INIT;

		sb_addf(&want,
		    "dn: %s\nchangetype: modify\ndelete: member\n"
		    "member: %s\n-\n",
		    rpt_cell(t, r, col(t, "target")),
		    rpt_cell(t, r, col(t, "member")));
		assert_non_null(strstr(ldif, want.buf));
		assert_true(strncmp(rpt_cell(t, r, col(t, "target")),
				"CN=Helpdesk,", 12) == 0 ||
		    strncmp(rpt_cell(t, r, col(t, "target")), "CN=G1 Admins,",
			13) == 0);
		sb_release(&want);
	}
	free(ldif);
	write_doc(d, tmpfile_in(&f, "r.sh"), 's', NULL);
	sh = slurp(tmpfile_in(&f, "r.sh"));
	assert_non_null(strstr(sh, "\nexit 1\n"));
	assert_non_null(strstr(sh, "see --format ldif"));
	free(sh);
	rpt_doc_free(d);
	fx_close(&f);
}

/* Pending items of a campaign closed with "revoke" are taken away too. */
static void
test_remediation_closed_revoke(void **state)
{
	struct fx f;
	struct err e = ERR_INIT;
	struct rpt_doc *d;
	const struct rpt_table *t;
	int64_t pending = 0;
	size_t r, npending = 0;
	char *raw, *text;

	(void)state;
	fx_open(&f, 6, 2, 0);
	decide_all(&f, 6);
	assert_int_equal(campaign_close(f.org.db, &f.admin,
			     "Q4 \xe7\xae\xa1\xe7\x90\x86 admins", 1, "revoke",
			     &pending, &e),
	    0);
	assert_int_equal(pending, 6);
	assert_int_equal(rpt_remediation(f.org.db,
			     "Q4 \xe7\xae\xa1\xe7\x90\x86 admins", &d, &e),
	    0);
	t = d->primary;
	/* items 0..5 decided (1 and 4 revoked), 6..11 pending */
	assert_int_equal(t->nrows, 8);
	for (r = 0; r < t->nrows; r++)
		if (strcmp(rpt_cell(t, r, col(t, "decision")), "pending") == 0)
			npending++;
	assert_int_equal(npending, 6);
	rpt_doc_free(d);

	assert_int_equal(rpt_evidence(f.org.db,
			     "Q4 \xe7\xae\xa1\xe7\x90\x86 admins", &d, &e),
	    0);
	write_doc(d, tmpfile_in(&f, "closed.txt"), 'j', NULL);
	rpt_doc_free(d);
	raw = slurp(tmpfile_in(&f, "closed.txt"));
	text = rpt_squeeze(raw);
	free(raw);
	assert_non_null(
	    strstr(text, "\"value\":\"6(countedasrevokedatclose)\""));
	assert_non_null(strstr(text,
	    "\"key\":\"closed_by\",\"label\":\"Closedby\",\"value\":"
	    "\"auditor1\""));
	free(text);
	fx_close(&f);
}

/*
 * The forms for sudoers and the clouds: one source of each kind, every
 * grant revoked, and the exact command or line each revocation becomes.
 */
static void
emit(struct sink *s, const char *ext, const char *name, const char *host,
    const char *kind)
{
	struct err e = ERR_INIT;
	struct rec_principal p = { 0 };

	p.ext_id = ext;
	p.name = name;
	p.host = host;
	p.kind = kind;
	p.enabled = 1;
	if (sink_principal(s, &p, &e) != 0)
		fail_msg("principal: %s", e.msg);
}

static void
grant(struct sink *s, const char *who, const char *ext, const char *name,
    const char *scope, const char *origin)
{
	struct err e = ERR_INIT;
	struct rec_entitlement n = { 0 };
	struct rec_assignment a = { 0 };

	n.ext_id = ext;
	n.name = name;
	n.kind = "role";
	n.scope = scope;
	n.tier = 0;
	if (sink_entitlement(s, &n, &e) != 0)
		fail_msg("entitlement: %s", e.msg);
	a.principal_ext_id = who;
	a.entitlement_ext_id = ext;
	a.origin = origin;
	if (sink_assignment(s, &a, &e) != 0)
		fail_msg("assignment: %s", e.msg);
}

/* An Azure grant as sync/azure_model.c emits it. */
static void
grant_az(struct sink *s, const char *who, const char *ext, const char *name,
    const char *kind, const char *scope, const char *state, const char *origin,
    const char *attrs)
{
	struct err e = ERR_INIT;
	struct rec_entitlement n = { 0 };
	struct rec_assignment a = { 0 };

	n.ext_id = ext;
	n.name = name;
	n.kind = kind;
	n.scope = scope;
	n.tier = 0;
	n.attrs = attrs;
	if (sink_entitlement(s, &n, &e) != 0)
		fail_msg("entitlement: %s", e.msg);
	a.principal_ext_id = who;
	a.entitlement_ext_id = ext;
	a.state = state;
	a.origin = origin;
	if (sink_assignment(s, &a, &e) != 0)
		fail_msg("assignment: %s", e.msg);
}

static void
test_remediation_forms(void **state)
{
	struct orgfx org;
	struct err e = ERR_INIT;
	struct sink *s;
	struct actor admin;
	struct campaign_spec cs = { 0 };
	struct db_item_query flt = { 0 };
	struct ids x = { 0 };
	struct rpt_doc *d;
	const struct rpt_table *t;
	struct sb all = SB_INIT;
	char path[PATH_MAX], *sh;
	size_t i, r;

	(void)state;
	assert_int_equal(orgfx_open(&org), 0);
	assert_int_equal(sink_open(org.db, "web", "sudoers", &s, &e), 0);
	emit(s, "web1:alice", "alice", "web1", "human");
	emit(s, "web1:bob", "bob", "web1", "human");
	emit(s, "web1:%wheel", "wheel", "web1", "group");
	assert_int_equal(sink_membership(s, "web1:bob", "web1:%wheel", &e), 0);
	grant(s, "web1:alice", "web1:/etc/sudoers.d/ops:12",
	    "alice ALL=(ALL) ALL", NULL, "/etc/sudoers.d/ops:12");
	grant(s, "web1:%wheel", "web1:/etc/sudoers:30", "%wheel ALL=(ALL) ALL",
	    NULL, "/etc/sudoers:30");
	assert_int_equal(sink_commit(s, NULL, &e), 0);

	assert_int_equal(sink_open(org.db, "prod", "aws", &s, &e), 0);
	emit(s, "arn:aws:iam::111:user/carol", "carol", NULL, "human");
	grant(s, "arn:aws:iam::111:user/carol",
	    "arn:aws:iam::aws:policy/AdministratorAccess",
	    "AdministratorAccess", NULL, NULL);
	/* as sync/aws_model*.c names them: a role's managed policy, an
	 * inline policy, a policy cut by a Deny, a combination, root */
	emit(s, "arn:aws:iam::111:role/deployer", "deployer", NULL, "service");
	grant_az(s, "arn:aws:iam::111:role/deployer",
	    "arn:aws:iam::111:policy/Deploy", "Deploy", "policy", "aws:111",
	    NULL, NULL, "{\"type\":\"customer-managed\"}");
	emit(s, "arn:aws:iam::111:user/erin", "erin", NULL, "human");
	grant_az(s, "arn:aws:iam::111:user/erin", "user/erin/iam-all",
	    "user/erin/iam-all", "policy", "aws:111", NULL, NULL,
	    "{\"type\":\"inline\"}");
	grant_az(s, "arn:aws:iam::111:user/erin",
	    "arn:aws:iam::aws:policy/IAMFullAccess#arn:aws:iam::111:user/erin",
	    "IAMFullAccess, less the Deny in user/erin/no-keys (erin)",
	    "policy", "aws:111", NULL, NULL,
	    "{\"policy\":\"arn:aws:iam::aws:policy/IAMFullAccess\"}");
	grant_az(s, "arn:aws:iam::111:user/erin",
	    "combination:iam:PassRole+ec2:RunInstances#arn:aws:iam::111:user/"
	    "erin",
	    "iam:PassRole (Pass), ec2:RunInstances (Run)", "combination",
	    "aws:111", NULL, NULL, NULL);
	emit(s, "arn:aws:iam::111:root", "<root_account>", NULL, "break-glass");
	grant_az(s, "arn:aws:iam::111:root", "arn:aws:iam::111:root#root-user",
	    "root user of AWS account 111", "root", "aws:111", NULL, NULL,
	    NULL);
	assert_int_equal(sink_commit(s, NULL, &e), 0);

	assert_int_equal(sink_open(org.db, "tenant", "azure", &s, &e), 0);
	emit(s, "0f8e-dave", "dave@corp.example", NULL, "human");
	grant(s, "0f8e-dave", "owner@sub1", "Owner", "/subscriptions/sub1",
	    NULL);
	emit(s, "0f8e-fay", "fay@corp.example", NULL, "human");
	grant_az(s, "0f8e-fay", "role:owner@/subscriptions/sub2",
	    "Owner on /subscriptions/sub2", "role", "/subscriptions/sub2", NULL,
	    "/subscriptions/sub2/providers/Microsoft.Authorization/"
	    "roleAssignments/r1",
	    "{\"role_name\":\"Owner\"}");
	grant_az(s, "0f8e-fay", "directory-role:ga@/", "Global Administrator",
	    "directory-role", "/", NULL, "roleAssignments/lAPpYv-1",
	    "{\"role_name\":\"Global Administrator\"}");
	grant_az(s, "0f8e-fay", "directory-role:pra@/",
	    "Privileged Role Administrator", "directory-role", "/", "eligible",
	    "roleEligibilitySchedules/b147",
	    "{\"role_name\":\"Privileged Role Administrator\"}");
	assert_int_equal(sink_commit(s, NULL, &e), 0);

	assert_int_equal(sink_open(org.db, "gcp", "gcp", &s, &e), 0);
	emit(s, "erin@corp.example", "erin@corp.example", NULL, "human");
	grant(s, "erin@corp.example", "roles/owner", "roles/owner",
	    "projects/web-prod", NULL);
	{
		/* as sync/gcp emits a role on one service account */
		struct rec_entitlement n = { 0 };
		struct rec_assignment a = { 0 };

		n.ext_id = n.name = "roles/iam.serviceAccountTokenCreator on "
				    "//iam.googleapis.com/projects/web-prod/"
				    "serviceAccounts/ci@web-prod.iam."
				    "gserviceaccount.com";
		n.kind = "role";
		n.scope = "//iam.googleapis.com/projects/web-prod/"
			  "serviceAccounts/ci@web-prod.iam.gserviceaccount.com";
		n.tier = 0;
		n.attrs =
		    "{\"role\": \"roles/iam.serviceAccountTokenCreator\"}";
		assert_int_equal(sink_entitlement(s, &n, &e), 0);
		a.principal_ext_id = "erin@corp.example";
		a.entitlement_ext_id = n.ext_id;
		assert_int_equal(sink_assignment(s, &a, &e), 0);
	}
	assert_int_equal(sink_commit(s, NULL, &e), 0);

	/* Active Directory names objects by SID (issue 17) */
	assert_int_equal(sink_open(org.db, "dom", "ad", &s, &e), 0);
	emit(s, "S-1-5-21-9-1104", "alice", NULL, "human");
	emit(s, "S-1-5-21-9-1200", "Tier0 Ops", NULL, "group");
	assert_int_equal(sink_membership(s, "S-1-5-21-9-1104",
			     "S-1-5-21-9-1200", &e),
	    0);
	grant(s, "S-1-5-21-9-1200", "S-1-5-21-9-512", "Domain Admins", NULL,
	    NULL);
	assert_int_equal(sink_commit(s, NULL, &e), 0);

	assert_int_equal(role_bootstrap(org.db, "iam", 1, NULL, &e), 0);
	assert_int_equal(actor_resolve(org.db, "iam", NULL, &admin, &e), 0);
	cs.name = "forms";
	cs.due = "2099-12-31";
	cs.reviewer = "root";
	if (campaign_create(org.db, &admin, &cs, NULL, NULL, &e) != 0)
		fail_msg("campaign: %s", e.msg);
	actor_release(&admin);
	flt.order = DB_ORDER_ID;
	assert_int_equal(campaign_id(org.db, "forms", &flt.campaign, &e), 0);
	assert_int_equal(db_items_page(org.db, &flt, NULL, DB_PAGE_FIRST, 0,
			     collect, &x, &e),
	    0);
	assert_int_equal(x.n, 15);
	for (i = 0; i < x.n; i++)
		decide(org.db, "root", x.v[i], "revoke", "not needed", NULL,
		    NULL);
	ids_free(&x);

	assert_int_equal(rpt_remediation(org.db, "forms", &d, &e), 0);
	t = d->primary;
	assert_int_equal(t->nrows, 15);
	for (r = 0; r < t->nrows; r++) {
		const char *c = rpt_cell(t, r, col(t, "command"));

		sb_addf(&all, "%s|%s|%s|%s\n", rpt_cell(t, r, col(t, "action")),
		    rpt_cell(t, r, col(t, "target")),
		    rpt_cell(t, r, col(t, "member")), c ? c : "");
	}
	/* a group by its name with the SID beside it; LDIF by the SID */
	assert_non_null(strstr(all.buf,
	    "ldif|Tier0 Ops (S-1-5-21-9-1200)|alice (S-1-5-21-9-1104)|\n"));
	snprintf(path, sizeof(path), "%s/forms.ldif", org.dir);
	write_doc(d, path, 'l', NULL);
	sh = slurp(path);
	assert_non_null(strstr(sh,
	    "# remove member: alice (S-1-5-21-9-1104)\n"
	    "# from: Tier0 Ops (S-1-5-21-9-1200)\n"));
	/* <SID=...> base64: an LDIF value may not begin with '<' */
	assert_non_null(strstr(sh,
	    "dn:: PFNJRD1TLTEtNS0yMS05LTEyMDA+\nchangetype: modify\n"
	    "delete: member\nmember:: PFNJRD1TLTEtNS0yMS05LTExMDQ+\n-\n"));
	free(sh);
	assert_non_null(strstr(all.buf,
	    "sudoers|web1 /etc/sudoers.d/ops:12|alice ALL=(ALL) ALL|\n"));
	assert_non_null(strstr(all.buf,
	    "sudoers|group wheel on web1|bob|gpasswd -d 'bob' 'wheel'\n"));
	assert_non_null(strstr(all.buf,
	    "aws|arn:aws:iam::aws:policy/AdministratorAccess|carol|"
	    "aws iam detach-user-policy --user-name 'carol' --policy-arn "
	    "'arn:aws:iam::aws:policy/AdministratorAccess'\n"));
	assert_non_null(strstr(all.buf,
	    "aws|arn:aws:iam::111:policy/Deploy|deployer|"
	    "aws iam detach-role-policy --role-name 'deployer' --policy-arn "
	    "'arn:aws:iam::111:policy/Deploy'\n"));
	assert_non_null(strstr(all.buf,
	    "aws|user/erin/iam-all|erin|"
	    "aws iam delete-user-policy --user-name 'erin' --policy-name "
	    "'iam-all'\n"));
	assert_non_null(strstr(all.buf,
	    "aws|arn:aws:iam::aws:policy/IAMFullAccess|erin|"
	    "aws iam detach-user-policy --user-name 'erin' --policy-arn "
	    "'arn:aws:iam::aws:policy/IAMFullAccess'\n"));
	assert_non_null(strstr(all.buf,
	    "aws|one of the policies that together give iam:PassRole (Pass), "
	    "ec2:RunInstances (Run)|erin|\n"));
	assert_non_null(strstr(all.buf,
	    "aws|the root user: delete its access keys and keep it unused (no "
	    "command removes root)|<root_account>|\n"));
	assert_non_null(strstr(all.buf,
	    "azure|/subscriptions/sub1|dave@corp.example (0f8e-dave)|az role "
	    "assignment delete "
	    "--assignee '0f8e-dave' --role 'Owner' --scope "
	    "'/subscriptions/sub1'\n"));
	/* the role's name, not the entitlement's "Owner on ..." */
	assert_non_null(strstr(all.buf,
	    "azure|/subscriptions/sub2|fay@corp.example (0f8e-fay)|az role "
	    "assignment delete "
	    "--assignee '0f8e-fay' --role 'Owner' --scope "
	    "'/subscriptions/sub2'\n"));
	assert_non_null(strstr(all.buf,
	    "azure|directory role Global Administrator|fay@corp.example "
	    "(0f8e-fay)|"
	    "az rest "
	    "--method DELETE --url 'https://graph.microsoft.com/v1.0/"
	    "roleManagement/directory/roleAssignments/lAPpYv-1'\n"));
	assert_non_null(strstr(all.buf,
	    "azure|PIM eligibility roleEligibilitySchedules/b147|"
	    "fay@corp.example (0f8e-fay)|\n"));
	assert_non_null(strstr(all.buf,
	    "gcp|projects/web-prod|erin@corp.example|gcloud projects "
	    "remove-iam-policy-binding 'web-prod' "
	    "--member='user:erin@corp.example' --role='roles/owner'\n"));
	assert_non_null(strstr(all.buf,
	    "gcp|//iam.googleapis.com/projects/web-prod/serviceAccounts/"
	    "ci@web-prod.iam.gserviceaccount.com|erin@corp.example|gcloud iam "
	    "service-accounts remove-iam-policy-binding "
	    "'ci@web-prod.iam.gserviceaccount.com' --project='web-prod' "
	    "--member='user:erin@corp.example' "
	    "--role='roles/iam.serviceAccountTokenCreator'\n"));
	snprintf(path, sizeof(path), "%s/r.sh", org.dir);
	write_doc(d, path, 's', NULL);
	sh = slurp(path);
	/* sudoers lines by host, to remove by hand; the rest as commands */
	assert_non_null(strstr(sh,
	    "# == sudoers on host web1: remove these "
	    "lines (visudo -f FILE) ==\n# web1 "
	    "/etc/sudoers.d/ops:12  alice ALL=(ALL) ALL\n"));
	assert_non_null(strstr(sh,
	    "\nssh 'web1' 'gpasswd -d '\\''bob'\\'' "
	    "'\\''wheel'\\'''\n"));
	assert_non_null(strstr(sh, "\naws iam detach-user-policy"));
	free(sh);
	sb_release(&all);
	rpt_doc_free(d);
	orgfx_close(&org);
}

/* ---- SIEM ---- */

static size_t
lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void
test_siem_cursor(void **state)
{
	struct fx f;
	struct err e = ERR_INIT;
	struct siem_opts o = { SIEM_JSONL, NULL, NULL };
	struct siem_stats st;
	char *buf = NULL, *p;
	size_t len = 0, n;
	FILE *fp;

	(void)state;
	fx_open(&f, 4, 1, 0);
	o.cursor = tmpfile_in(&f, "cursor");
	fp = open_memstream(&buf, &len);
	assert_int_equal(siem_export(f.org.db, &o, fp, &st, &e), 0);
	fclose(fp);
	assert_int_equal(siem_cursor_save(o.cursor, &st, &e), 0);
	n = lines(buf);
	assert_true(st.audit > 0);
	assert_int_equal(n, st.audit + st.findings);
	/* every line is one JSON object */
	for (p = buf; *p; p = strchr(p, '\n') + 1) {
		json_error_t jerr;
		json_t *j =
		    json_loadb(p, (size_t)(strchr(p, '\n') - p), 0, &jerr);

		if (j == NULL)
			fail_msg("not JSON: %.80s", p);
		assert_non_null(json_object_get(j, "type"));
		json_decref(j);
	}
	free(buf);

	/* nothing new: nothing sent */
	fp = open_memstream(&buf, &len);
	assert_int_equal(siem_export(f.org.db, &o, fp, &st, &e), 0);
	fclose(fp);
	assert_int_equal(siem_cursor_save(o.cursor, &st, &e), 0);
	assert_int_equal(len, 0);
	free(buf);

	/* one new event, sent once, as CEF with its = escaped */
	assert_int_equal(audit_append(f.org.db, "tester", "note", "item:1|x",
			     "{\"a\": \"b=c\"}", NULL, &e),
	    0);
	o.format = SIEM_CEF;
	fp = open_memstream(&buf, &len);
	assert_int_equal(siem_export(f.org.db, &o, fp, &st, &e), 0);
	fclose(fp);
	assert_int_equal(siem_cursor_save(o.cursor, &st, &e), 0);
	assert_int_equal(lines(buf), 1);
	assert_true(strncmp(buf, "CEF:0|parc|parc|", 16) == 0);
	assert_non_null(strstr(buf, "|audit:note|note|3|rt="));
	assert_non_null(strstr(buf, " suser=tester"));
	assert_non_null(strstr(buf, " cs1=item:1|x"));
	assert_non_null(strstr(buf, "msg={\"a\": \"b\\=c\"}"));
	free(buf);

	/* a damaged cursor is refused, naming the file, and sends nothing */
	fp = fopen(o.cursor, "w");
	fputs("garbage\n", fp);
	fclose(fp);
	fp = open_memstream(&buf, &len);
	assert_int_equal(siem_export(f.org.db, &o, fp, &st, &e), PARC_EDATA);
	fclose(fp);
	assert_int_equal(len, 0);
	assert_non_null(strstr(e.msg, "cursor"));
	free(buf);
	fx_close(&f);
}

/* fontconfig keeps its cache for the life of the process on purpose. */
const char *__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_evidence_small),
		cmocka_unit_test(test_remediation),
		cmocka_unit_test(test_remediation_forms),
		cmocka_unit_test(test_remediation_closed_revoke),
		cmocka_unit_test(test_siem_cursor),
		cmocka_unit_test(test_evidence_5000_items),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
