/*
 * view_held.c - the review items that hold one finding (Enter on a row of
 * the findings list when more than one item holds it): a finding on an
 * account or a person is frozen into each of its grants' items, and the
 * reviewer decides them here or opens each one's detail.
 */
#include <stdlib.h>
#include <string.h>

#include "db/finding.h"
#include "db/item.h"
#include "lib/sb.h"
#include "tui/console/views.h"

enum {
	HC_PERSON,
	HC_ACCOUNT,
	HC_SOURCE,
	HC_ENTITLEMENT,
	HC_TIER,
	HC_DECISION,
	HC_REVIEWER,
	HC_COUNT
};

static const struct column held_cols[HC_COUNT] = {
	[HC_PERSON] = { "Person", 14, 24, 0, 0 },
	[HC_ACCOUNT] = { "Account", 8, 18, 3, 0 },
	[HC_SOURCE] = { "Source", 6, 10, 4, 0 },
	[HC_ENTITLEMENT] = { "Entitlement", 18, 34, 0, 0 },
	[HC_TIER] = { "T", 1, 1, 1, 1 },
	[HC_DECISION] = { "Decision", 10, 24, 0, 0 },
	[HC_REVIEWER] = { "Reviewer", 9, 14, 2, 0 },
};

struct held {
	int64_t finding, campaign;
	char *what; /* "shared on Administrator" */
};

static int
add_item(const struct item_row *it, void *arg)
{
	struct view *v = arg;
	struct row *r = view_add_row(v);
	const struct decision_state *s = decision_state_find(it->decision);
	struct sb sb = SB_INIT;

	r->id = it->id;
	row_add(r, it->person ? it->person : "(nobody)",
	    it->person ? ST_NORMAL : ST_DIM);
	row_add(r, it->account, ST_NORMAL);
	row_add(r, it->source, ST_NORMAL);
	row_add(r, it->entitlement, ST_NORMAL);
	if (it->tier >= 0)
		row_addf(r, it->tier == 0 ? ST_DANGER : ST_NORMAL, "%d",
		    it->tier);
	else
		row_add(r, "?", ST_DIM);
	if (it->until != NULL)
		sb_addf(&sb, "exception to %s", it->until);
	else
		sb_adds(&sb, it->decision ? it->decision : "pending");
	row_add(r, sb.buf, view_tone_style(s ? s->tone : TONE_WARN));
	row_add(r, it->reviewer ? it->reviewer : "(unassigned)",
	    it->reviewer ? ST_NORMAL : ST_DIM);
	sb_release(&sb);
	return 0;
}

static int
held_reload(struct view *v, struct err *e)
{
	struct held *h = v->priv;
	int n = 0;

	return item_for_finding(v->db, h->finding, h->campaign, add_item, v, &n,
	    e);
}

static int
held_open(struct view *v, struct err *e)
{
	v->cols = held_cols;
	v->ncols = HC_COUNT;
	return held_reload(v, e);
}

static void
held_title(struct view *v, struct sb *sb)
{
	struct held *h = v->priv;

	sb_addf(sb, "Items holding %s - Enter: the item's detail", h->what);
}

static void
held_status(struct view *v, struct sb *sb)
{
	size_t i, pending = 0;

	for (i = 0; i < v->nrows; i++)
		if (v->rows[i].ncells > HC_DECISION &&
		    strcmp(v->rows[i].cells[HC_DECISION].text, "pending") == 0)
			pending++;
	sb_addf(sb, "%zu item%s, %zu pending", v->nrows,
	    v->nrows == 1 ? "" : "s", pending);
}

static enum view_result
held_request(struct view *v, enum request req, struct err *e)
{
	(void)v;
	(void)req;
	(void)e;
	return VR_UNHANDLED;
}

static void
held_done(struct view *v)
{
	struct held *h = v->priv;

	if (h == NULL)
		return;
	free(h->what);
	free(h);
	v->priv = NULL;
}

static int64_t
held_item(const struct view *v)
{
	const struct row *r = view_current(v);

	return r != NULL ? r->id : 0;
}

static void
held_follow(const struct view *v, struct view_link *to)
{
	const struct row *r = view_current(v);

	if (r != NULL) {
		to->kind = LINK_ITEM;
		to->id = r->id;
	}
}

static const struct view_ops held_ops = {
	.shown_by = REQ_NONE, /* opened from a finding */
	.open = held_open,
	.reload = held_reload,
	.title = held_title,
	.status = held_status,
	.request = held_request,
	.done = held_done,
	.filter = view_filter_rows,
	.item = held_item,
	.follow = held_follow,
};

int
view_held_open(struct view *v, struct db *db, const struct actor *a,
    int64_t finding, int64_t campaign, const char *what, int height, int width,
    struct err *e)
{
	struct held *h = xcalloc(1, sizeof(*h));

	h->finding = finding;
	h->campaign = campaign;
	h->what = xstrdup(what ? what : "the finding");
	v->priv = h;
	return view_open(v, &held_ops, db, a, height, width, e);
}
