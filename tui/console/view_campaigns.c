/*
 * view_campaigns.c - the campaigns: due date, progress, pending and overdue
 * counts, and the acting reviewer's share.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/campaign.h"
#include "db/count.h"
#include "db/item.h"
#include "lib/sb.h"
#include "tui/console/views.h"

enum {
	CC_NAME,
	CC_STATE,
	CC_DUE,
	CC_PROGRESS,
	CC_PENDING,
	CC_OVERDUE,
	CC_MINE,
	CC_COUNT
};

static const struct column campaign_cols[CC_COUNT] = {
	[CC_NAME] = { "Campaign", 12, 30, 0, 0 },
	[CC_STATE] = { "State", 6, 6, 3, 0 },
	[CC_DUE] = { "Due", 10, 10, 0, 0 },
	[CC_PROGRESS] = { "Progress", 17, 26, 1, 0 },
	[CC_PENDING] = { "Pending", 7, 9, 0, 1 },
	[CC_OVERDUE] = { "Overdue", 7, 9, 2, 1 },
	[CC_MINE] = { "Mine (to do)", 12, 16, 0, 1 },
};

struct campview {
	char *who;
	int64_t now;
	struct db *db;
};

/* "[#######---]  70%" in width 17 (a bar of 10). */
static void
progress(struct sb *sb, int64_t done, int64_t total)
{
	int pct = total > 0 ? (int)(done * 100 / total) : 100, i, fill;

	fill = pct / 10;
	sb_addc(sb, '[');
	for (i = 0; i < 10; i++)
		sb_addc(sb, i < fill ? '#' : '-');
	sb_addf(sb, "] %3d%%", pct);
}

static int
add_campaign(const struct campaign_row *c, void *arg)
{
	struct view *v = arg;
	struct campview *cv = v->priv;
	struct row *r = view_add_row(v);
	struct sb sb = SB_INIT;
	int64_t mine = 0, mine_pending = 0;
	char today[21];

	db_now(today);
	r->id = c->id;
	r->aux = xstrdup(c->name);
	row_add(r, c->name, ST_NORMAL);
	row_add(r, c->state, strcmp(c->state, "open") == 0 ? ST_GOOD : ST_DIM);
	row_add(r, c->due,
	    strcmp(c->state, "open") == 0 && strncmp(c->due, today, 10) < 0
		? ST_DANGER
		: ST_NORMAL);
	progress(&sb, c->items - c->pending, c->items);
	row_add(r, sb.buf, ST_NORMAL);
	row_addf(r, c->pending ? ST_WARN : ST_NORMAL, "%lld",
	    (long long)c->pending);
	row_addf(r, c->overdue ? ST_DANGER : ST_NORMAL, "%lld",
	    (long long)c->overdue);
	/* The reviewer's counts, kept (db/count.h): one row read. */
	if (cv->who != NULL &&
	    count_reviewer(cv->db, c->id, cv->who, &mine, &mine_pending,
		NULL) != 0)
		mine = mine_pending = 0;
	row_addf(r, mine_pending ? ST_WARN : ST_NORMAL, "%lld (%lld)",
	    (long long)mine, (long long)mine_pending);
	sb_release(&sb);
	return 0;
}

static int
campaigns_reload(struct view *v, struct err *e)
{
	return campaign_list(v->db, add_campaign, v, e);
}

static int
campaigns_open(struct view *v, struct err *e)
{
	v->cols = campaign_cols;
	v->ncols = CC_COUNT;
	return campaigns_reload(v, e);
}

static void
campaigns_title(struct view *v, struct sb *sb)
{
	(void)v;
	sb_adds(sb, "Campaigns - Enter opens the queue");
}

static void
campaigns_status(struct view *v, struct sb *sb)
{
	sb_addf(sb, "%zu campaigns", v->nrows);
}

static enum view_result
campaigns_request(struct view *v, enum request req, struct err *e)
{
	(void)v;
	(void)req;
	(void)e;
	return VR_UNHANDLED;
}

static void
campaigns_done(struct view *v)
{
	struct campview *cv = v->priv;

	if (cv == NULL)
		return;
	free(cv->who);
	free(cv);
	v->priv = NULL;
}

/* The campaign under the cursor: its name, kept in the row. */
static const char *
campaigns_current(const struct view *v)
{
	const struct row *r = view_current(v);

	return r ? r->aux : NULL;
}

static void
campaigns_follow(const struct view *v, struct view_link *to)
{
	const char *name = campaigns_current(v);

	if (name != NULL) {
		to->kind = LINK_CAMPAIGN;
		to->name = name;
	}
}

static const struct view_ops campaigns_ops = {
	.shown_by = REQ_CAMPAIGNS,
	.open = campaigns_open,
	.reload = campaigns_reload,
	.title = campaigns_title,
	.status = campaigns_status,
	.request = campaigns_request,
	.done = campaigns_done,
	.filter = view_filter_rows,
	.follow = campaigns_follow,
	.campaign = campaigns_current,
};

int
view_campaigns_open(struct view *v, struct db *db, const struct actor *a,
    const char *who, int64_t now, int height, int width, struct err *e)
{
	struct campview *cv = xcalloc(1, sizeof(*cv));

	cv->who = who ? xstrdup(who) : NULL;
	cv->now = now;
	cv->db = db;
	v->priv = cv;
	return view_open(v, &campaigns_ops, db, a, height, width, e);
}
