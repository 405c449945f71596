/*
 * view_findings.c - findings triage for the IAM team: every finding across
 * sources, most severe first, filtered with /; Enter opens the review item
 * of the finding's grant, where an exception is raised with its expiry.
 */
#include <stdlib.h>
#include <string.h>

#include "db/finding.h"
#include "lib/sb.h"
#include "tui/console/views.h"

/* A triage list is read whole: past this many, narrow it by kind. */
#define FINDINGS_MAX 5000

enum {
	FC_SEVERITY,
	FC_KIND,
	FC_SOURCE,
	FC_ACCOUNT,
	FC_PERSON,
	FC_ENTITLEMENT,
	FC_TIER,
	FC_EVIDENCE,
	FC_COUNT
};

static const struct column finding_cols[FC_COUNT] = {
	[FC_SEVERITY] = { "Severity", 8, 8, 0, 0 },
	[FC_KIND] = { "Finding", 8, 16, 0, 0 },
	[FC_SOURCE] = { "Source", 6, 10, 3, 0 },
	[FC_ACCOUNT] = { "Account", 8, 16, 2, 0 },
	[FC_PERSON] = { "Person", 8, 20, 4, 0 },
	[FC_ENTITLEMENT] = { "Entitlement", 10, 24, 1, 0 },
	[FC_TIER] = { "T", 1, 1, 5, 1 },
	[FC_EVIDENCE] = { "Evidence", 10, 0, 0, 0 },
};

struct findview {
	char *kind; /* only this kind, or NULL */
	int64_t total, shown;
	int stale; /* a snapshot is newer than the findings */
};

/* "shared on Administrator (corp)": what the items' screen is about. */
static char *
finding_what(const struct finding_row *f)
{
	struct sb sb = SB_INIT;

	sb_adds(&sb, finding_kind_label(f->kind));
	if (f->account != NULL)
		sb_addf(&sb, " on %s", f->account);
	else if (f->person != NULL)
		sb_addf(&sb, " on %s", f->person);
	if (f->source != NULL)
		sb_addf(&sb, " (%s)", f->source);
	return sb_detach(&sb);
}

static int
add_finding(const struct finding_row *f, void *arg)
{
	struct view *v = arg;
	struct row *r = view_add_row(v);
	const struct severity *sev = severity_find(f->severity);

	r->id = f->grant_id;
	/* Sort key: the most severe first (unknown last), then id (the
	 * query's order). */
	r->key.flag = sev ? 3 - sev->rank : 4;
	r->key.id = f->id;
	r->aux = finding_what(f);
	row_add(r, f->severity, view_severity_style(f->severity));
	row_add(r, finding_kind_label(f->kind), ST_FLAG);
	row_add(r, f->source ? f->source : "", ST_NORMAL);
	row_add(r, f->account ? f->account : "", ST_NORMAL);
	row_add(r, f->person ? f->person : "", ST_NORMAL);
	row_add(r, f->entitlement ? f->entitlement : "", ST_NORMAL);
	if (f->tier >= 0)
		row_addf(r, f->tier == 0 ? ST_DANGER : ST_NORMAL, "%d",
		    f->tier);
	else
		row_add(r, "", ST_NORMAL);
	row_add(r, f->evidence, ST_NORMAL);
	return 0;
}

static int
by_severity(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->key.flag != y->key.flag)
		return x->key.flag < y->key.flag ? -1 : 1;
	return x->key.id < y->key.id ? -1 : x->key.id > y->key.id;
}

static int
findings_reload(struct view *v, struct err *e)
{
	struct findview *fv = v->priv;
	struct finding_filter f;
	int rc;

	memset(&f, 0, sizeof(f));
	f.kind = fv->kind;
	f.limit = FINDINGS_MAX;
	if ((rc = finding_query(v->db, &f, add_finding, v, e)) != 0)
		return rc;
	f.limit = 0;
	fv->total = finding_count(v->db, &f);
	fv->stale = finding_stale(v->db);
	fv->shown = (int64_t)v->nrows;
	qsort(v->rows, v->nrows, sizeof(*v->rows), by_severity);
	return 0;
}

static int
findings_open(struct view *v, struct err *e)
{
	v->cols = finding_cols;
	v->ncols = FC_COUNT;
	return findings_reload(v, e);
}

static void
findings_title(struct view *v, struct sb *sb)
{
	struct findview *fv = v->priv;

	sb_adds(sb, "Findings - most severe first");
	if (fv->kind != NULL)
		sb_addf(sb, " - only %s", finding_kind_label(fv->kind));
	sb_adds(sb, " - Enter: the items that hold it - s: by kind");
}

static void
findings_status(struct view *v, struct sb *sb)
{
	struct findview *fv = v->priv;

	sb_addf(sb, "%zu shown", v->nrows);
	if (fv->total > fv->shown)
		sb_addf(sb, " (the first %lld of %lld: s narrows by kind)",
		    (long long)fv->shown, (long long)fv->total);
	else
		sb_addf(sb, " of %lld findings", (long long)fv->total);
	if (fv->stale)
		sb_adds(sb,
		    " - OUT OF DATE: a sync stopped before "
		    "recomputing them; run parc sync");
}

static enum view_result
findings_request(struct view *v, enum request req, struct err *e)
{
	struct findview *fv = v->priv;
	const struct finding_kind *k;
	size_t n, i;

	(void)e;
	if (req != REQ_SORT)
		return VR_UNHANDLED;
	/* s: the next finding kind, then all again. */
	k = finding_kinds(&n);
	for (i = 0; i < n; i++)
		if (fv->kind != NULL && strcmp(k[i].kind, fv->kind) == 0)
			break;
	free(fv->kind);
	if (fv->kind == NULL && n > 0)
		fv->kind = xstrdup(k[0].kind);
	else
		fv->kind = i + 1 < n ? xstrdup(k[i + 1].kind) : NULL;
	return VR_RELOAD;
}

static void
findings_done(struct view *v)
{
	struct findview *fv = v->priv;

	if (fv == NULL)
		return;
	free(fv->kind);
	free(fv);
	v->priv = NULL;
}

/* A finding leads to the review item of its grant, when it has one. */
static void
findings_follow(const struct view *v, struct view_link *to)
{
	const struct row *r = view_current(v);

	if (r != NULL) {
		to->kind = LINK_FINDING;
		to->id = r->key.id;
		to->name = r->aux;
	}
}

static const struct view_ops findings_ops = {
	.shown_by = REQ_FINDINGS,
	.open = findings_open,
	.reload = findings_reload,
	.title = findings_title,
	.status = findings_status,
	.request = findings_request,
	.done = findings_done,
	.filter = view_filter_rows,
	.follow = findings_follow,
};

int
view_findings_open(struct view *v, struct db *db, const struct actor *a,
    int height, int width, struct err *e)
{
	v->priv = xcalloc(1, sizeof(struct findview));
	return view_open(v, &findings_ops, db, a, height, width, e);
}
