/* view_sources.c - the sources and their last sync. */
#include <stdlib.h>
#include <string.h>

#include "lib/sb.h"
#include "lib/text.h"
#include "tui/console/views.h"

enum {
	SC_NAME,
	SC_KIND,
	SC_LAST,
	SC_STATUS,
	SC_ACCOUNTS,
	SC_GRANTS,
	SC_CHANGES,
	SC_ERROR,
	SC_COUNT
};

static const struct column source_cols[SC_COUNT] = {
	[SC_NAME] = { "Source", 8, 20, 0, 0 },
	[SC_KIND] = { "Kind", 6, 8, 2, 0 },
	[SC_LAST] = { "Last run", 10, 20, 0, 0 },
	[SC_STATUS] = { "Status", 6, 11, 0, 0 },
	[SC_ACCOUNTS] = { "Accounts", 8, 9, 3, 1 },
	[SC_GRANTS] = { "Grants", 7, 9, 0, 1 },
	[SC_CHANGES] = { "+/-", 7, 12, 4, 1 },
	[SC_ERROR] = { "Last error", 10, 0, 0, 0 },
};

struct srcview {
	int64_t now;
	int64_t nfailed;
};

static int
add_source(const struct db_source_row *s, void *arg)
{
	struct view *v = arg;
	struct srcview *sv = v->priv;
	struct row *r = view_add_row(v);
	struct sb sb = SB_INIT;
	const char *st = s->last_status ? s->last_status : "never";

	r->id = s->id;
	row_add(r, s->name, ST_NORMAL);
	row_add(r, s->kind, ST_NORMAL);
	if (s->last_started) {
		sb_add_age(&sb, s->last_started, (time_t)sv->now);
		if (strcmp(sb.buf, "today") == 0) {
			sb_reset(&sb);
			sb_addf(&sb, "today %.5s", s->last_started + 11);
		} else
			sb_adds(&sb, " ago");
	} else
		sb_adds(&sb, "never");
	row_add(r, sb.buf, s->last_started ? ST_NORMAL : ST_DIM);
	row_add(r, st,
	    strcmp(st, "ok") == 0	   ? ST_GOOD
		: strcmp(st, "never") == 0 ? ST_DIM
					   : ST_DANGER);
	if (s->last_status && strcmp(s->last_status, "ok") != 0)
		sv->nfailed++;
	row_addf(r, ST_NORMAL, "%lld", (long long)s->principals);
	row_addf(r, ST_NORMAL, "%lld", (long long)s->grants);
	row_addf(r, ST_NORMAL, "+%lld/-%lld", (long long)s->added,
	    (long long)s->removed);
	row_add(r, s->last_error ? s->last_error : "",
	    s->last_error ? ST_DANGER : ST_NORMAL);
	sb_release(&sb);
	return 0;
}

static int
sources_reload(struct view *v, struct err *e)
{
	struct srcview *sv = v->priv;

	sv->nfailed = 0;
	return db_sources(v->db, add_source, v, e);
}

static int
sources_open(struct view *v, struct err *e)
{
	v->cols = source_cols;
	v->ncols = SC_COUNT;
	return sources_reload(v, e);
}

static void
sources_title(struct view *v, struct sb *sb)
{
	(void)v;
	sb_adds(sb, "Sources - last sync of each");
}

static void
sources_status(struct view *v, struct sb *sb)
{
	struct srcview *sv = v->priv;

	sb_addf(sb, "%zu sources", v->nrows);
	if (sv->nfailed > 0)
		sb_addf(sb, ", %lld failed last time", (long long)sv->nfailed);
}

static enum view_result
sources_request(struct view *v, enum request req, struct err *e)
{
	(void)v;
	(void)req;
	(void)e;
	return VR_UNHANDLED;
}

static void
sources_done(struct view *v)
{
	free(v->priv);
	v->priv = NULL;
}

static const struct view_ops sources_ops = {
	.shown_by = REQ_SOURCES,
	.open = sources_open,
	.reload = sources_reload,
	.title = sources_title,
	.status = sources_status,
	.request = sources_request,
	.done = sources_done,
	.filter = view_filter_rows,
};

int
view_sources_open(struct view *v, struct db *db, const struct actor *a,
    int64_t now, int height, int width, struct err *e)
{
	struct srcview *sv = xcalloc(1, sizeof(*sv));

	sv->now = now;
	v->priv = sv;
	return view_open(v, &sources_ops, db, a, height, width, e);
}
