/*
 * progress.c - the campaign owner's view: load, sort, text and JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "db/campaign.h"
#include "db/progress.h"
#include "lib/text.h"
#include "reports/progress.h"

static const struct {
	const char *name;
	enum rpt_progress_sort sort;
} sorts[] = {
	{ "pending", RPT_PSORT_PENDING },
	{ "overdue", RPT_PSORT_OVERDUE },
	{ "last", RPT_PSORT_LAST },
	{ "items", RPT_PSORT_ITEMS },
	{ "reviewer", RPT_PSORT_REVIEWER },
};

int
rpt_progress_sort_parse(const char *s, enum rpt_progress_sort *out)
{
	size_t i;

	for (i = 0; i < sizeof(sorts) / sizeof(sorts[0]); i++)
		if (strcmp(s, sorts[i].name) == 0) {
			*out = sorts[i].sort;
			return 0;
		}
	return -1;
}

static char *
dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int
head(const struct campaign_row *r, void *arg)
{
	struct rpt_progress *p = arg;

	p->id = r->id;
	p->campaign = xstrdup(r->name);
	p->state = xstrdup(r->state);
	p->due = xstrdup(r->due);
	p->items = r->items;
	p->pending = r->pending;
	p->decided = r->items - r->pending;
	p->overdue = r->overdue;
	return 0;
}

static int
reviewer(const struct progress_row *r, void *arg)
{
	struct rpt_progress *p = arg;
	struct rpt_progress_reviewer *v;

	p->r = xrealloc(p->r, (p->n + 1) * sizeof(*p->r));
	v = &p->r[p->n++];
	v->reviewer = dup(r->reviewer);
	v->name = dup(r->name);
	v->items = r->items;
	v->decided = r->decided;
	v->pending = r->pending;
	v->overdue = r->overdue;
	v->last_activity = dup(r->last_activity);
	v->decisions = v->fast_runs = v->longest_run = 0;
	v->flagged_decided = v->flagged_approved = 0;
	v->median_seconds = -1;
	v->signals = 0;
	return 0;
}

static int
day(const char *d, int64_t pending, void *arg)
{
	struct rpt_progress *p = arg;

	p->burn = xrealloc(p->burn, (p->nburn + 1) * sizeof(*p->burn));
	snprintf(p->burn[p->nburn].day, sizeof(p->burn[p->nburn].day), "%s", d);
	p->burn[p->nburn++].pending = pending;
	return 0;
}

static enum rpt_progress_sort sort_key;

static int
cmp_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL);
	return strcmp(a, b);
}

static int
cmp_num(int64_t a, int64_t b)
{
	return a < b ? 1 : a > b ? -1 : 0; /* larger first */
}

static int
cmp(const void *x, const void *y)
{
	const struct rpt_progress_reviewer *a = x, *b = y;
	int c = 0;

	switch (sort_key) {
	case RPT_PSORT_PENDING:
		c = cmp_num(a->pending, b->pending);
		break;
	case RPT_PSORT_OVERDUE:
		c = cmp_num(a->overdue, b->overdue);
		if (c == 0)
			c = cmp_num(a->pending, b->pending);
		break;
	case RPT_PSORT_LAST:
		/* never active first, then the oldest activity */
		if ((a->last_activity == NULL) != (b->last_activity == NULL))
			c = a->last_activity == NULL ? -1 : 1;
		else
			c = cmp_str(a->last_activity, b->last_activity);
		break;
	case RPT_PSORT_ITEMS:
		c = cmp_num(a->items, b->items);
		break;
	case RPT_PSORT_REVIEWER:
		break;
	}
	return c != 0 ? c : cmp_str(a->reviewer, b->reviewer);
}

void
rpt_progress_sort(struct rpt_progress *p, enum rpt_progress_sort sort)
{
	sort_key = sort;
	if (p->n > 1)
		qsort(p->r, p->n, sizeof(*p->r), cmp);
}

static int
signals(const struct stamp_row *s, void *arg)
{
	struct rpt_progress *p = arg;
	struct rpt_progress_reviewer *v;
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->r[i].reviewer != NULL &&
		    strcmp(p->r[i].reviewer, s->reviewer) == 0)
			break;
	if (i == p->n)
		return 0;
	v = &p->r[i];
	v->decisions = s->decisions;
	v->median_seconds = s->median_seconds;
	v->fast_runs = s->fast_runs;
	v->longest_run = s->longest_run;
	v->flagged_decided = s->flagged_decided;
	v->flagged_approved = s->flagged_approved;
	v->signals = s->signals;
	return 0;
}

int
rpt_progress_load(struct db *db, const char *name, enum rpt_progress_sort sort,
    int fast, struct rpt_progress **out, struct err *e)
{
	struct rpt_progress *p = xcalloc(1, sizeof(*p));
	int rc;

	*out = NULL;
	p->fast = fast > 0 ? fast : STAMP_FAST_SECONDS;
	if ((rc = campaign_get(db, name, head, p, e)) != 0 ||
	    (rc = progress_reviewers(db, p->id, reviewer, p, e)) != 0 ||
	    (rc = progress_signals(db, p->id, p->fast, signals, p, e)) != 0 ||
	    (rc = progress_burndown(db, p->id, NULL, day, p, e)) != 0) {
		rpt_progress_free(p);
		return rc;
	}
	rpt_progress_sort(p, sort);
	*out = p;
	return 0;
}

void
rpt_progress_free(struct rpt_progress *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->r[i].reviewer);
		free(p->r[i].name);
		free(p->r[i].last_activity);
	}
	free(p->r);
	free(p->burn);
	free(p->campaign);
	free(p->state);
	free(p->due);
	free(p);
}

/* "Name (login)", "login" or "(unassigned)" into cell (raw). */
static void
who_cell(const struct rpt_progress_reviewer *r, struct sb *cell)
{
	sb_reset(cell);
	if (r->reviewer == NULL)
		sb_adds(cell, "(unassigned)");
	else if (r->name != NULL && *r->name != '\0')
		sb_addf(cell, "%s (%s)", r->name, r->reviewer);
	else
		sb_adds(cell, r->reviewer);
}

void
rpt_progress_text(const struct rpt_progress *p, struct sb *out)
{
	struct sb cell = SB_INIT;
	int64_t max = 1;
	char fo[48];
	size_t i;
	int w;

	sb_adds(out, "campaign ");
	sb_add_safe(out, p->campaign);
	sb_addf(out,
	    " (%s, due %s): %lld items, %lld decided, %lld pending, %lld "
	    "overdue\n\n",
	    p->state, p->due, (long long)p->items, (long long)p->decided,
	    (long long)p->pending, (long long)p->overdue);
	sb_adds(out,
	    "REVIEWER                   ITEMS DECIDED PENDING OVERDUE "
	    "LAST ACTIVITY\n");
	for (i = 0; i < p->n; i++) {
		const struct rpt_progress_reviewer *r = &p->r[i];

		who_cell(r, &cell);
		sb_add_cell(out, cell.buf, 26, 1);
		sb_addf(out, " %5lld %7lld %7lld %7lld %s\n",
		    (long long)r->items, (long long)r->decided,
		    (long long)r->pending, (long long)r->overdue,
		    r->last_activity ? r->last_activity : "never");
	}
	if (p->n == 0)
		sb_adds(out, "(no items)\n");
	sb_addf(out,
	    "\nrubber-stamp signals (MEDIAN: seconds between decisions, "
	    "pauses over an hour\nleft out; FAST: runs of %d or more "
	    "approvals each within %d s of the one before):\n",
	    STAMP_RUN, p->fast);
	sb_adds(out,
	    "REVIEWER                   DECISIONS MEDIAN FAST LONGEST "
	    "FLAGGED-OK SIGNALS\n");
	for (i = 0; i < p->n; i++) {
		const struct rpt_progress_reviewer *r = &p->r[i];

		if (r->reviewer == NULL)
			continue;
		who_cell(r, &cell);
		sb_add_cell(out, cell.buf, 26, 1);
		sb_addf(out, " %9lld", (long long)r->decisions);
		if (r->median_seconds >= 0)
			snprintf(fo, sizeof(fo), "%llds",
			    (long long)r->median_seconds);
		else
			snprintf(fo, sizeof(fo), "-");
		sb_addf(out, " %6s %4lld %7lld", fo, (long long)r->fast_runs,
		    (long long)r->longest_run);
		if (r->flagged_decided > 0)
			snprintf(fo, sizeof(fo), "%lld/%lld",
			    (long long)r->flagged_approved,
			    (long long)r->flagged_decided);
		else
			snprintf(fo, sizeof(fo), "-");
		sb_addf(out, " %10s ", fo);
		stamp_signal_names(r->signals, out);
		while (out->len > 0 && out->buf[out->len - 1] == ' ')
			out->buf[--out->len] = '\0';
		sb_addc(out, '\n');
	}
	sb_adds(out, "\nburn-down (items pending at the end of each day):\n");
	for (i = 0; i < p->nburn; i++)
		if (p->burn[i].pending > max)
			max = p->burn[i].pending;
	for (i = 0; i < p->nburn; i++) {
		sb_addf(out, "%s %7lld ", p->burn[i].day,
		    (long long)p->burn[i].pending);
		for (w = 0; w < (int)(p->burn[i].pending * 50 / max); w++)
			sb_addc(out, '#');
		sb_addc(out, '\n');
	}
	sb_release(&cell);
}

void
rpt_progress_json(const struct rpt_progress *p, struct sb *out)
{
	struct sb names = SB_INIT;
	size_t i;

	sb_adds(out, "{\"campaign\": ");
	sb_add_json(out, p->campaign);
	sb_adds(out, ", \"state\": ");
	sb_add_json(out, p->state);
	sb_adds(out, ", \"due\": ");
	sb_add_json(out, p->due);
	sb_addf(out,
	    ", \"items\": %lld, \"decided\": %lld, \"pending\": %lld, "
	    "\"overdue\": %lld,\n \"reviewers\": [",
	    (long long)p->items, (long long)p->decided, (long long)p->pending,
	    (long long)p->overdue);
	for (i = 0; i < p->n; i++) {
		const struct rpt_progress_reviewer *r = &p->r[i];

		sb_adds(out,
		    i ? ",\n  {\"reviewer\": " : "\n  {\"reviewer\": ");
		sb_add_json(out, r->reviewer);
		sb_adds(out, ", \"name\": ");
		sb_add_json(out, r->name);
		sb_addf(out,
		    ", \"items\": %lld, \"decided\": %lld, \"pending\": %lld, "
		    "\"overdue\": %lld, \"last_activity\": ",
		    (long long)r->items, (long long)r->decided,
		    (long long)r->pending, (long long)r->overdue);
		sb_add_json(out, r->last_activity);
		sb_addf(out, ", \"decisions\": %lld, \"median_seconds\": ",
		    (long long)r->decisions);
		if (r->median_seconds >= 0)
			sb_addf(out, "%lld", (long long)r->median_seconds);
		else
			sb_adds(out, "null");
		sb_addf(out,
		    ", \"fast_runs\": %lld, \"longest_fast_run\": %lld, "
		    "\"flagged_decided\": %lld, \"flagged_approved\": %lld, "
		    "\"signals\": ",
		    (long long)r->fast_runs, (long long)r->longest_run,
		    (long long)r->flagged_decided,
		    (long long)r->flagged_approved);
		sb_reset(&names);
		stamp_signal_names(r->signals, &names);
		sb_add_json_list(out, names.buf);
		sb_addc(out, '}');
	}
	sb_addf(out, "],\n \"fast_seconds\": %d, \"burndown\": [", p->fast);
	for (i = 0; i < p->nburn; i++) {
		sb_adds(out, i ? ", {\"day\": " : "{\"day\": ");
		sb_add_json(out, p->burn[i].day);
		sb_addf(out, ", \"pending\": %lld}",
		    (long long)p->burn[i].pending);
	}
	sb_adds(out, "]}\n");
	sb_release(&names);
}
