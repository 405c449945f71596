/*
 * view_help.c - the help page, made from the request table and the key
 * table, so it lists exactly what the keys do.
 */
#include <stdlib.h>

#include "lib/sb.h"
#include "tui/console/views.h"

struct help {
	void (*keys)(enum request r, struct sb *sb);
};

static const struct column help_cols[] = {
	{ "Keys", 14, 18, 0, 0 },
	{ "Does", 20, 0, 0, 0 },
};

static int
help_fill(struct view *v, struct err *e)
{
	struct help *h = v->priv;
	struct sb sb = SB_INIT;
	struct row *r;
	int req;

	(void)e;
	for (req = REQ_NONE + 1; req < REQ_COUNT; req++) {
		sb_reset(&sb);
		h->keys((enum request)req, &sb);
		if (sb.len == 0)
			continue;
		r = view_add_row(v);
		r->id = req;
		row_add(r, sb.buf, ST_HEADER);
		row_add(r, request_help((enum request)req), ST_NORMAL);
	}
	sb_release(&sb);
	return 0;
}

static int
help_open(struct view *v, struct err *e)
{
	v->cols = help_cols;
	v->ncols = 2;
	return help_fill(v, e);
}

static void
help_title(struct view *v, struct sb *sb)
{
	(void)v;
	sb_adds(sb, "parc review - keys (q or Esc: back)");
}

static void
help_status(struct view *v, struct sb *sb)
{
	sb_addf(sb, "%zu requests", v->nrows);
}

static enum view_result
help_request(struct view *v, enum request req, struct err *e)
{
	(void)v;
	(void)req;
	(void)e;
	return VR_UNHANDLED;
}

static void
help_done(struct view *v)
{
	free(v->priv);
	v->priv = NULL;
}

static const struct view_ops help_ops = {
	.shown_by = REQ_HELP,
	.open = help_open,
	.title = help_title,
	.status = help_status,
	.request = help_request,
	.done = help_done,
};

int
view_help_open(struct view *v, void (*keys)(enum request r, struct sb *sb),
    int height, int width, struct err *e)
{
	struct help *h = xcalloc(1, sizeof(*h));

	h->keys = keys;
	v->priv = h;
	return view_open(v, &help_ops, NULL, NULL, height, width, e);
}
