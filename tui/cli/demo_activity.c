/*
 * demo_activity.c - the demo campaign's planted history: a rubber stamp,
 * a careful reviewer, one behind (demo_activity.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db/browse.h"
#include "db/decision.h"
#include "db/item.h"
#include "db/progress.h"
#include "lib/sb.h"
#include "tui/cli/demo_activity.h"

struct who {
	char *login;
	int64_t items;
};

struct whos {
	struct who *v;
	size_t n;
	const char *skip, *top;
};

static int
take_reviewer(const struct progress_row *r, void *arg)
{
	struct whos *w = arg;

	/*
	 * the managers; not the fallback (the caller), who holds the rest,
	 * nor the one parc demo opens the console as (its queue stays whole)
	 */
	if (r->reviewer == NULL || strcasecmp(r->reviewer, w->skip) == 0 ||
	    (w->top != NULL && strcasecmp(r->reviewer, w->top) == 0))
		return 0;
	w->v = xrealloc(w->v, (w->n + 1) * sizeof(*w->v));
	w->v[w->n].login = xstrdup(r->reviewer);
	w->v[w->n++].items = r->items;
	return 0;
}

static int
by_items(const void *x, const void *y)
{
	const struct who *a = x, *b = y;

	if (a->items != b->items)
		return a->items < b->items ? 1 : -1;
	return strcmp(a->login, b->login);
}

struct its {
	int64_t *id;
	int *flagged;
	size_t n;
};

static int
take_item(const struct item_row *r, void *arg)
{
	struct its *t = arg;

	t->id = xrealloc(t->id, (t->n + 1) * sizeof(*t->id));
	t->flagged = xrealloc(t->flagged, (t->n + 1) * sizeof(*t->flagged));
	t->id[t->n] = r->id;
	t->flagged[t->n++] = r->nfindings > 0;
	return 0;
}

/* opened + seconds, ISO 8601 UTC, into out. */
static void
at(const char *opened, long seconds, char out[21])
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	strptime(opened, "%Y-%m-%dT%H:%M:%SZ", &tm);
	t = timegm(&tm) + seconds;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Decide item id as reviewer login at time when. */
static int
decide(struct db *db, const struct actor *a, const char *login, int64_t id,
    const char *what, const char *comment, const char *when, struct err *e)
{
	struct decide_req r = { 0 };
	struct actor as = { 0 };
	int rc;

	r.decision = what;
	r.comment = comment;
	if ((rc = actor_resolve(db, a->login, login, &as, e)) != 0)
		return rc;
	rc = item_decide_bulk_at(db, &as, &id, 1, &r, when, e);
	actor_release(&as);
	return rc;
}

/* The pending items of reviewer login, in campaign order. */
static int
items_of(struct db *db, int64_t id, const char *login, struct its *t,
    struct err *e)
{
	struct db_item_query q = { 0 };

	q.campaign = id;
	q.reviewer = login;
	q.order = DB_ORDER_ID;
	q.pending_only = 1;
	return db_items_page(db, &q, NULL, DB_PAGE_FIRST, 0, take_item, t, e);
}

int
demo_activity(struct db *db, const struct actor *a, int64_t id,
    const char *opened, struct err *e)
{
	struct whos w = { NULL, 0, a->login, NULL };
	char *top = NULL;
	struct its t = { NULL, NULL, 0 };
	char when[21];
	size_t i, half;
	int rc;

	if ((rc = db_campaign_top_reviewer(db, id, &top, e)) != 0)
		goto out;
	w.top = top;
	if ((rc = progress_reviewers(db, id, take_reviewer, &w, e)) != 0)
		goto out;
	qsort(w.v, w.n, sizeof(*w.v), by_items);
	/* the rubber stamp: everything, 3 s apart, a day in */
	if (w.n > 0 && (rc = items_of(db, id, w.v[0].login, &t, e)) == 0) {
		for (i = 0; i < t.n && rc == 0; i++) {
			at(opened, 26 * 3600 + 3 * (long)i, when);
			rc = decide(db, a, w.v[0].login, t.id[i], "approve",
			    t.flagged[i] ? "ok" : NULL, when, e);
		}
	}
	if (rc != 0)
		goto out;
	free(t.id);
	free(t.flagged);
	memset(&t, 0, sizeof(t));
	/* the careful one: half, minutes apart, flagged ones revoked */
	if (w.n > 1 && (rc = items_of(db, id, w.v[1].login, &t, e)) == 0) {
		half = (t.n + 1) / 2;
		for (i = 0; i < half && rc == 0; i++) {
			at(opened,
			    30 * 3600 + 420 * (long)i + 60 * (long)(i % 3),
			    when);
			rc = decide(db, a, w.v[1].login, t.id[i],
			    t.flagged[i] ? "revoke" : "approve",
			    t.flagged[i] ? "not needed since the team moved "
					   "to the new platform"
					 : NULL,
			    when, e);
		}
	}
	/* the third (w.v[2]) and the rest have decided nothing */
out:
	for (i = 0; i < w.n; i++)
		free(w.v[i].login);
	free(w.v);
	free(t.id);
	free(t.flagged);
	free(top);
	return rc;
}
