/*
 * view_progress.c - the campaign owner's view: one row per reviewer, the
 * campaign's totals on the title line and its burn-down on the status
 * line; s cycles the sort (pending, overdue, last activity, items,
 * reviewer).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/progress.h"
#include "lib/sb.h"
#include "lib/text.h"
#include "reports/progress.h"
#include "tui/console/view_progress.h"

static const struct column progress_cols[PC_COUNT] = {
	[PC_REVIEWER] = { "Reviewer", 12, 18, 0, 0 },
	[PC_ITEMS] = { "Items", 5, 7, 0, 1 },
	[PC_DECIDED] = { "Decided", 7, 7, 2, 1 },
	[PC_PENDING] = { "Pending", 7, 7, 0, 1 },
	[PC_OVERDUE] = { "Overdue", 7, 7, 0, 1 },
	[PC_LAST] = { "Last active", 11, 11, 1, 0 },
	[PC_SIGNALS] = { "Signals", 16, 0, 3, 0 },
};

static const struct {
	enum rpt_progress_sort sort;
	const char *name;
} sort_cycle[] = {
	{ RPT_PSORT_PENDING, "most pending" },
	{ RPT_PSORT_OVERDUE, "most overdue" },
	{ RPT_PSORT_LAST, "least recently active" },
	{ RPT_PSORT_ITEMS, "most items" },
	{ RPT_PSORT_REVIEWER, "reviewer" },
};

#define NSORT (sizeof(sort_cycle) / sizeof(sort_cycle[0]))

struct progview {
	char *name;
	int64_t now;
	size_t sort; /* index into sort_cycle */
	struct rpt_progress *p;
};

static void
fill(struct view *v)
{
	struct progview *pv = v->priv;
	struct sb sb = SB_INIT;
	size_t i;

	view_truncate(v, 0);
	for (i = 0; i < pv->p->n; i++) {
		const struct rpt_progress_reviewer *rr = &pv->p->r[i];
		struct row *r = view_add_row(v);

		sb_reset(&sb);
		if (rr->reviewer == NULL)
			sb_adds(&sb, "(unassigned)");
		else if (rr->name != NULL && *rr->name != '\0')
			sb_addf(&sb, "%s (%s)", rr->name, rr->reviewer);
		else
			sb_adds(&sb, rr->reviewer);
		row_add(r, sb.buf, rr->reviewer ? ST_NORMAL : ST_WARN);
		row_addf(r, ST_NORMAL, "%lld", (long long)rr->items);
		row_addf(r, rr->decided == rr->items ? ST_GOOD : ST_NORMAL,
		    "%lld", (long long)rr->decided);
		row_addf(r, rr->pending > 0 ? ST_WARN : ST_DIM, "%lld",
		    (long long)rr->pending);
		row_addf(r, rr->overdue > 0 ? ST_DANGER : ST_DIM, "%lld",
		    (long long)rr->overdue);
		sb_reset(&sb);
		if (rr->last_activity != NULL) {
			sb_add_age(&sb, rr->last_activity, (time_t)pv->now);
			if (strcmp(sb.buf, "today") != 0)
				sb_adds(&sb, " ago");
		} else
			sb_adds(&sb, "never");
		row_add(r, sb.buf, rr->last_activity ? ST_NORMAL : ST_DIM);
		/* short words, to fit 80 columns (the help says them) */
		sb_reset(&sb);
		if (rr->signals & STAMP_FAST_RUN)
			sb_adds(&sb, "fast");
		if (rr->signals & STAMP_FLAGGED_OK)
			sb_adds(&sb, sb.len ? "+flagged" : "flagged");
		if (rr->signals & STAMP_APPROVED_ALL)
			sb_adds(&sb, sb.len ? "+all" : "all");
		row_add(r, sb.buf, ST_DANGER);
		r->aux = rr->reviewer ? xstrdup(rr->reviewer) : NULL;
	}
	sb_release(&sb);
}

static int
progress_reload(struct view *v, struct err *e)
{
	struct progview *pv = v->priv;
	struct rpt_progress *p = NULL;
	int rc;

	if ((rc = rpt_progress_load(v->db, pv->name, sort_cycle[pv->sort].sort,
		 0, &p, e)) != 0)
		return rc;
	rpt_progress_free(pv->p);
	pv->p = p;
	fill(v);
	return 0;
}

static int
progress_open(struct view *v, struct err *e)
{
	v->cols = progress_cols;
	v->ncols = PC_COUNT;
	return progress_reload(v, e);
}

static void
progress_title(struct view *v, struct sb *sb)
{
	struct progview *pv = v->priv;
	const struct rpt_progress *p = pv->p;

	sb_adds(sb, "Progress of ");
	sb_adds(sb, p->campaign);
	sb_addf(sb, " (%s, due %s): %lld/%lld decided, %lld overdue", p->state,
	    p->due, (long long)p->decided, (long long)p->items,
	    (long long)p->overdue);
}

static void
progress_status(struct view *v, struct sb *sb)
{
	struct progview *pv = v->priv;
	const struct rpt_progress *p = pv->p;
	size_t i, from;

	sb_addf(sb, "%zu reviewers by %s; pending by day:", p->n,
	    sort_cycle[pv->sort].name);
	from = p->nburn > 7 ? p->nburn - 7 : 0;
	if (from > 0)
		sb_adds(sb, " ..");
	for (i = from; i < p->nburn; i++)
		sb_addf(sb, " %lld", (long long)p->burn[i].pending);
}

static enum view_result
progress_request(struct view *v, enum request req, struct err *e)
{
	struct progview *pv = v->priv;

	if (req != REQ_SORT)
		return VR_UNHANDLED;
	pv->sort = (pv->sort + 1) % NSORT;
	rpt_progress_sort(pv->p, sort_cycle[pv->sort].sort);
	fill(v);
	v->cursor = 0;
	v->top = 0;
	(void)e;
	return VR_REDRAW;
}

static void
progress_done(struct view *v)
{
	struct progview *pv = v->priv;

	if (pv != NULL) {
		rpt_progress_free(pv->p);
		free(pv->name);
		free(pv);
	}
	v->priv = NULL;
}

static const struct view_ops progress_ops = {
	.shown_by = REQ_PROGRESS,
	.open = progress_open,
	.reload = progress_reload,
	.title = progress_title,
	.status = progress_status,
	.request = progress_request,
	.done = progress_done,
	.filter = view_filter_rows,
};

int
view_progress_open(struct view *v, struct db *db, const struct actor *a,
    const char *name, int64_t now, int height, int width, struct err *e)
{
	struct progview *pv = xcalloc(1, sizeof(*pv));

	pv->name = xstrdup(name);
	pv->now = now;
	v->priv = pv;
	return view_open(v, &progress_ops, db, a, height, width, e);
}
