/*
 * view_inventory.c - every effective privileged grant, as `parc inventory`
 * lists them, one screenful at a time (by grant id), with the path that
 * gives each.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "db/browse.h"
#include "db/finding.h"
#include "lib/sb.h"
#include "lib/text.h"
#include "tui/console/views.h"

enum {
	IC_SOURCE,
	IC_ACCOUNT,
	IC_PERSON,
	IC_ENTITLEMENT,
	IC_TIER,
	IC_LASTUSED,
	IC_FLAGS,
	IC_PATH,
	IC_COUNT
};

static const struct column inventory_cols[IC_COUNT] = {
	[IC_SOURCE] = { "Source", 6, 10, 3, 0 },
	[IC_ACCOUNT] = { "Account", 8, 18, 0, 0 },
	[IC_PERSON] = { "Person", 8, 22, 2, 0 },
	[IC_ENTITLEMENT] = { "Entitlement", 12, 30, 0, 0 },
	[IC_TIER] = { "T", 1, 1, 1, 1 },
	[IC_LASTUSED] = { "Last used", 9, 10, 4, 0 },
	[IC_FLAGS] = { "Findings", 8, 24, 5, 0 },
	[IC_PATH] = { "Path", 10, 0, 6, 0 },
};

struct inv {
	int64_t now;
};

static int
add_grant(const struct db_grant_row *g, void *arg)
{
	struct view *v = arg;
	struct inv *iv = v->priv;
	struct row *r = view_add_row(v);
	struct sb sb = SB_INIT;
	const char *p, *q;

	r->id = g->grant_id;
	r->key.id = g->grant_id;
	row_add(r, g->source, ST_NORMAL);
	row_add(r, g->account, g->enabled == 0 ? ST_DIM : ST_NORMAL);
	row_add(r, g->person ? g->person : "(nobody)",
	    g->person ? ST_NORMAL : ST_DIM);
	row_add(r, g->entitlement, ST_NORMAL);
	if (g->tier >= 0)
		row_addf(r, g->tier == 0 ? ST_DANGER : ST_NORMAL, "%d",
		    g->tier);
	else
		row_add(r, "?", ST_DIM);
	sb_add_age(&sb, g->last_used, (time_t)iv->now);
	row_add(r, sb.buf, g->last_used ? ST_NORMAL : ST_DIM);
	sb_reset(&sb);
	for (p = g->findings; p != NULL && *p; p = q ? q + 1 : NULL) {
		char kind[64];
		size_t n;

		q = strchr(p, ',');
		n = q ? (size_t)(q - p) : strlen(p);
		if (n >= sizeof(kind))
			n = sizeof(kind) - 1;
		memcpy(kind, p, n);
		kind[n] = '\0';
		if (sb.len > 0)
			sb_adds(&sb, ", ");
		sb_adds(&sb, finding_kind_label(kind));
	}
	row_add(r, sb.buf, ST_FLAG);
	sb_reset(&sb);
	sb_add_path(&sb, g->path, TEXT_ARROW);
	/* just-in-time and time-bound grants apart from standing ones */
	if (g->state != NULL && strcmp(g->state, "eligible") == 0)
		sb_adds(&sb, " (eligible)");
	else if (g->expires_at != NULL)
		sb_addf(&sb, " (until %.10s)", g->expires_at);
	row_add(r, sb.buf, ST_NORMAL);
	sb_release(&sb);
	return 0;
}

static int
inventory_page(struct view *v, const struct row *from, enum db_page_dir dir,
    size_t n, struct err *e)
{
	return db_grants_page(v->db, from ? from->key.id : 0, dir, n, add_grant,
	    v, e);
}

static int
inventory_open(struct view *v, struct err *e)
{
	v->cols = inventory_cols;
	v->ncols = IC_COUNT;
	return v->ops->page(v, NULL, DB_PAGE_FIRST, (size_t)v->height, e);
}

static void
inventory_title(struct view *v, struct sb *sb)
{
	(void)v;
	sb_adds(sb,
	    "Inventory - every privileged grant (tier 0-2), with its "
	    "path");
}

static void
inventory_status(struct view *v, struct sb *sb)
{
	(void)v;
	sb_adds(sb, "parc inventory --json has them all");
}

static enum view_result
inventory_request(struct view *v, enum request req, struct err *e)
{
	(void)v;
	(void)req;
	(void)e;
	return VR_UNHANDLED;
}

static void
inventory_done(struct view *v)
{
	free(v->priv);
	v->priv = NULL;
}

static const struct view_ops inventory_ops = {
	.shown_by = REQ_INVENTORY,
	.open = inventory_open,
	.page = inventory_page,
	.title = inventory_title,
	.status = inventory_status,
	.request = inventory_request,
	.done = inventory_done,
};

int
view_inventory_open(struct view *v, struct db *db, const struct actor *a,
    int64_t now, int height, int width, struct err *e)
{
	struct inv *iv = xcalloc(1, sizeof(*iv));

	iv->now = now;
	v->priv = iv;
	return view_open(v, &inventory_ops, db, a, height, width, e);
}
