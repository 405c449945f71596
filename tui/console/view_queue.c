/*
 * view_queue.c - a reviewer's queue: one campaign's items, flagged first,
 * grouped by person or by entitlement, one screenful at a time.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/finding.h"
#include "lib/sb.h"
#include "lib/text.h"
#include "tui/console/display.h"
#include "tui/console/views.h"

struct queue {
	struct db_item_query q;
	char *name, *due, *reviewer, *filter;
	int64_t now;
	struct db_item_counts counts;
	int counted;
	int stale; /* a decision since the count (large campaigns) */
	/* Under a filter: how many items it shows (shown_counted), more
	 * than SHOWN_MAX when shown_more. */
	int64_t shown;
	int shown_counted, shown_more;
	/* Items of the campaign still to put in the filter's index
	 * (db_items_index_step), filled while keys are awaited from the
	 * first filter on (index_asked): -1 not known yet, 0 none (or not
	 * to be filled from this queue). */
	int64_t index_left;
	int index_asked;
	int64_t *sel;
	size_t nsel, asel;
};

/*
 * At 80 columns the columns a reviewer decides by (person, entitlement,
 * flags, decision) win the width: the minimums do not fit with source and
 * account, which go first (the detail shows them), then last use.
 */
static const struct column queue_cols[QC_COUNT] = {
	[QC_MARK] = { "", 2, 2, 0, 0 },
	[QC_PERSON] = { "Person", 14, 24, 0, 0 },
	[QC_ACCOUNT] = { "Account", 8, 18, 4, 0 },
	[QC_SOURCE] = { "Source", 6, 10, 5, 0 },
	[QC_ENTITLEMENT] = { "Entitlement", 18, 34, 0, 0 },
	[QC_TIER] = { "T", 1, 1, 1, 1 },
	[QC_LASTUSED] = { "Last used", 9, 10, 3, 0 },
	[QC_FLAGS] = { "Flags", 14, 30, 0, 0 },
	[QC_DECISION] = { "Decision", 10, 24, 0, 0 },
	/* min 0: not shown in the user's own queue */
	[QC_REVIEWER] = { "Reviewer", 0, 0, 0, 0 },
};

/* Every item, or another's queue: who reviews each is a column. */
static const struct column queue_cols_all[QC_COUNT] = {
	[QC_MARK] = { "", 2, 2, 0, 0 },
	[QC_PERSON] = { "Person", 14, 24, 0, 0 },
	[QC_ACCOUNT] = { "Account", 8, 18, 4, 0 },
	[QC_SOURCE] = { "Source", 6, 10, 5, 0 },
	[QC_ENTITLEMENT] = { "Entitlement", 18, 34, 0, 0 },
	[QC_TIER] = { "T", 1, 1, 1, 1 },
	[QC_LASTUSED] = { "Last used", 9, 10, 3, 0 },
	[QC_FLAGS] = { "Flags", 14, 30, 0, 0 },
	[QC_DECISION] = { "Decision", 10, 24, 0, 0 },
	[QC_REVIEWER] = { "Reviewer", 9, 14, 2, 0 },
};

#define QUEUE_RECOUNT_MAX 200000

static const char *const order_names[DB_ORDER_COUNT] = {
	[DB_ORDER_PERSON] = "by person",
	[DB_ORDER_ENTITLEMENT] = "by entitlement",
	[DB_ORDER_ID] = "campaign order",
	[DB_ORDER_TIER] = "by tier",
	[DB_ORDER_SEVERITY] = "by severity",
	[DB_ORDER_LASTUSED] = "by last use",
};

/* What s goes round, in this order. */
static const enum db_item_order sort_round[] = { DB_ORDER_PERSON, DB_ORDER_TIER,
	DB_ORDER_SEVERITY, DB_ORDER_LASTUSED, DB_ORDER_ENTITLEMENT,
	DB_ORDER_ID };

#define NSORT (sizeof(sort_round) / sizeof(sort_round[0]))

static int
is_selected(const struct queue *qu, int64_t id)
{
	size_t i;

	for (i = 0; i < qu->nsel; i++)
		if (qu->sel[i] == id)
			return 1;
	return 0;
}

/* The Flags cell: finding kinds as short labels, "" when none. */
static void
add_flags(struct sb *sb, const char *list)
{
	const char *p = list, *q;
	char kind[64];
	size_t n;

	while (p != NULL && *p) {
		q = strchr(p, ',');
		n = q ? (size_t)(q - p) : strlen(p);
		if (n >= sizeof(kind))
			n = sizeof(kind) - 1;
		memcpy(kind, p, n);
		kind[n] = '\0';
		if (sb->len > 0)
			sb_adds(sb, ", ");
		sb_adds(sb, finding_kind_label(kind));
		p = q ? q + 1 : NULL;
	}
}

/* A state parc does not write (an old 'delegated') shows as a warning. */
static int
decision_style(const char *d)
{
	const struct decision_state *s = decision_state_find(d);

	return view_tone_style(s ? s->tone : TONE_WARN);
}

/*
 * The mark cell of r: "*" marked, else "!" flagged, then prior ('+' new
 * since the campaign before, '=' approved there unchanged, ' ' neither;
 * 0 keeps the one it shows).
 */
static void
set_mark(struct row *r, int flagged, char prior)
{
	char text[3];

	if (prior == 0)
		prior = r->ncells > QC_MARK && r->cells[QC_MARK].text[0] &&
			r->cells[QC_MARK].text[1]
		    ? r->cells[QC_MARK].text[1]
		    : ' ';
	text[0] = r->selected ? '*' : flagged ? '!' : ' ';
	text[1] = prior;
	text[2] = '\0';
	/* "!" rather than "! ": as the cell was before it had a second. */
	if (text[1] == ' ')
		text[text[0] == ' ' ? 0 : 1] = '\0';
	if (r->ncells > QC_MARK) {
		free(r->cells[QC_MARK].text);
		r->cells[QC_MARK].text = xstrdup(text);
	} else
		row_add(r, text, ST_FLAG);
	r->cells[QC_MARK].style = r->selected ? ST_SELECTED
	    : prior == '+'		      ? ST_WARN
	    : prior == '=' && !flagged	      ? ST_GOOD
					      : ST_FLAG;
}

struct fill {
	struct view *v;
	struct queue *qu;
};

static int
add_item(const struct item_row *it, void *arg)
{
	struct fill *f = arg;
	struct row *r = view_add_row(f->v);
	struct sb sb = SB_INIT;
	int flagged = it->flags[0] != '\0';

	r->id = it->id;
	db_item_key_copy(&r->key, &it->key);
	r->aux = xstrdup(it->decision ? it->decision : "pending");
	r->selected = is_selected(f->qu, it->id);
	set_mark(r, flagged, it->prior == 0 ? '+' : it->prior == 2 ? '=' : ' ');
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
	sb_add_age(&sb, it->last_used, (time_t)f->qu->now);
	row_add(r, sb.buf, it->last_used ? ST_NORMAL : ST_DIM);
	sb_reset(&sb);
	add_flags(&sb, it->flags);
	row_add(r, sb.buf, view_findings_style(it->findings));
	sb_reset(&sb);
	/* only an exception has an until date */
	if (it->until != NULL)
		sb_addf(&sb, "exception to %s", it->until);
	else
		sb_adds(&sb, it->decision ? it->decision : "pending");
	row_add(r, sb.buf, decision_style(it->decision));
	row_add(r, it->reviewer ? it->reviewer : "(unassigned)",
	    it->reviewer ? ST_NORMAL : ST_DIM);
	sb_release(&sb);
	return 0;
}

static int
queue_page(struct view *v, const struct row *from, enum db_page_dir dir,
    size_t n, struct err *e)
{
	struct queue *qu = v->priv;
	struct fill f = { v, qu };

	return db_items_page(v->db, &qu->q, from ? &from->key : NULL, dir, n,
	    add_item, &f, e);
}

/*
 * Whether the queue shows the items of the reviewer the console acts as
 * (the login, or the one named with --as): no reviewer column then.
 */
static int
queue_is_own(const struct view *v)
{
	const struct queue *qu = v->priv;
	const char *who = v->actor ? actor_effective(v->actor) : NULL;

	return qu->q.reviewer != NULL && who != NULL &&
	    strcasecmp(who, qu->q.reviewer) == 0;
}

static int
queue_open(struct view *v, struct err *e)
{
	v->cols = queue_is_own(v) ? queue_cols : queue_cols_all;
	v->ncols = QC_COUNT;
	v->group_col = QC_PERSON;
	return v->ops->page(v, NULL, DB_PAGE_FIRST, (size_t)v->height, e);
}

static void
queue_title(struct view *v, struct sb *sb)
{
	struct queue *qu = v->priv;

	sb_addf(sb, "%s", qu->name ? qu->name : "(campaign)");
	if (qu->due != NULL)
		sb_addf(sb, " - due %.10s", qu->due);
	/* Whose items these are: mine, another's (--as), or everyone's. */
	if (qu->q.reviewer == NULL)
		sb_adds(sb, " - all items");
	else if (queue_is_own(v) && v->actor->as == NULL)
		sb_adds(sb, " - my queue");
	else
		sb_addf(sb, " - queue of %s", qu->q.reviewer);
	sb_addf(sb, " - %s", order_names[qu->q.order]);
	if (qu->q.pending_only)
		sb_adds(sb, ", pending only");
	if (qu->filter != NULL && qu->q.filter_plan == DB_FILTER_ORDERED)
		sb_adds(sb, " (filtered: campaign order)");
	if (qu->filter != NULL && qu->q.filter_plan == DB_FILTER_DEFERRED)
		sb_adds(sb, " (filter: type 3 characters)");
	if (qu->filter != NULL && qu->q.filter_plan == DB_FILTER_SCAN &&
	    qu->index_left > 0)
		sb_addf(sb, " (filter: items read, %lld to index)",
		    (long long)qu->index_left);
}

/* Items indexed for the filter at one pause (about 0.1 s, what a key
 * typed meanwhile may wait). */
#define INDEX_BATCH 5000

/* Past this many, a filter's matches are not counted on. */
#define SHOWN_MAX 10000

/* Whether the rows shown are fewer than the queue's: a filter applied. */
static int
queue_narrowed(const struct queue *qu)
{
	return qu->filter != NULL && qu->q.filter_plan != DB_FILTER_DEFERRED;
}

static void
queue_status(struct view *v, struct sb *sb)
{
	struct queue *qu = v->priv;
	int narrowed = queue_narrowed(qu) || qu->q.pending_only;

	if (!qu->counted) {
		sb_adds(sb, "counting...");
		goto marked;
	}
	/* Under a filter the footer counts what is shown, of how many. */
	if (!narrowed)
		sb_addf(sb, "%lld items", (long long)qu->counts.items);
	else if (queue_narrowed(qu) && !qu->shown_counted)
		sb_addf(sb, "counting shown of %lld",
		    (long long)qu->counts.items);
	else if (qu->shown_more)
		sb_addf(sb, "over %d of %lld shown", SHOWN_MAX,
		    (long long)qu->counts.items);
	else
		sb_addf(sb, "%lld of %lld shown",
		    (long long)(queue_narrowed(qu) ? qu->shown
						   : qu->counts.pending),
		    (long long)qu->counts.items);
	sb_addf(sb, ", %lld pending, %lld flagged%s",
	    (long long)qu->counts.pending, (long long)qu->counts.flagged,
	    qu->stale ? " (at opening)" : "");
marked:
	if (qu->nsel > 0)
		sb_addf(sb, ", %zu marked", qu->nsel);
}

static int
count_one(const struct item_row *r, void *arg)
{
	(void)r;
	(*(int64_t *)arg)++;
	return 0;
}

static int
queue_idle(struct view *v, struct err *e)
{
	struct queue *qu = v->priv;

	if (!qu->counted) {
		if (db_items_count(v->db, &qu->q, &qu->counts, e) != 0)
			return 0;
		qu->counted = 1;
		return 1;
	}
	if (queue_narrowed(qu) && !qu->shown_counted) {
		/* A read of at most SHOWN_MAX + 1 rows, after the paint. */
		qu->shown = 0;
		if (db_items_page(v->db, &qu->q, NULL, DB_PAGE_FIRST,
			SHOWN_MAX + 1, count_one, &qu->shown, e) != 0)
			return 0;
		qu->shown_more = qu->shown > SHOWN_MAX;
		qu->shown_counted = 1;
		return 1;
	}
	/*
	 * From the first filter on, a large campaign's items go into the
	 * filter's index a batch (a tenth of a second) at a time while no
	 * key waits, a key undoing the batch it comes in; a small queue's
	 * filter reads its items, quick without the index.
	 */
	if (qu->index_left != 0) {
		if (qu->index_left < 0 &&
		    !db_items_queue_large(v->db, &qu->q)) {
			qu->index_left = 0;
			return 0;
		}
		switch (db_items_index_step_until(v->db, qu->q.campaign,
		    INDEX_BATCH, display_key_waiting, &qu->index_left, e)) {
		case 0:
			return 1;
		case 1: /* a key, or another writer: at the next pause */
			return 0;
		default: /* say, a database only read: filters read items */
			err_clear(e);
			qu->index_left = 0;
			return 0;
		}
	}
	return 0;
}

/* Move to the next (dir 1) or previous (-1) pending item in the order. */
static enum view_result
goto_pending(struct view *v, int dir, struct err *e)
{
	struct queue *qu = v->priv;
	struct db_item_query q = qu->q;
	const struct row *cur = view_current(v);
	struct view probe;
	size_t i;

	if (cur == NULL)
		return VR_NONE;
	for (i = v->cursor;;) {
		if (dir > 0 ? i + 1 >= v->nrows : i == 0)
			break;
		i = dir > 0 ? i + 1 : i - 1;
		if (decision_pending(v->rows[i].aux)) {
			v->cursor = i;
			return VR_REDRAW;
		}
	}
	/* Beyond the window: ask for the nearest pending item. */
	/* A scratch list for the one row (no ops: closing it frees only
	 * its rows, never the queue's state). */
	memset(&probe, 0, sizeof(probe));
	q.pending_only = 1;
	{
		struct fill f = { &probe, qu };
		const struct row *edge = &v->rows[dir > 0 ? v->nrows - 1 : 0];

		if (db_items_page(v->db, &q, &edge->key,
			dir > 0 ? DB_PAGE_AFTER : DB_PAGE_BEFORE, 1, add_item,
			&f, e) != 0 ||
		    probe.nrows == 0) {
			view_close(&probe);
			return VR_NONE;
		}
	}
	/* Start the window at it. */
	view_truncate(v, 0);
	v->ops->page(v, &probe.rows[0], DB_PAGE_FROM, (size_t)v->height, e);
	v->cursor = 0;
	view_close(&probe);
	return VR_REDRAW;
}

static void
toggle_select(struct view *v)
{
	struct queue *qu = v->priv;
	struct row *r;
	size_t i;

	if (v->cursor >= v->nrows)
		return;
	r = &v->rows[v->cursor];
	for (i = 0; i < qu->nsel; i++)
		if (qu->sel[i] == r->id)
			break;
	if (i < qu->nsel) {
		memmove(qu->sel + i, qu->sel + i + 1,
		    (qu->nsel - i - 1) * sizeof(*qu->sel));
		qu->nsel--;
		r->selected = 0;
	} else {
		if (qu->nsel == qu->asel) {
			qu->asel = qu->asel ? qu->asel * 2 : 16;
			qu->sel =
			    xrealloc(qu->sel, qu->asel * sizeof(*qu->sel));
		}
		qu->sel[qu->nsel++] = r->id;
		r->selected = 1;
	}
	set_mark(r, r->cells[QC_FLAGS].text[0] != '\0', 0);
}

/*
 * s: the next order of the round. One without an index is skipped on a
 * queue of more than 20,000 items, and the status line says why.
 */
static enum view_result
next_sort(struct view *v, struct err *e)
{
	struct queue *qu = v->priv;
	size_t i, k;
	int large = -1;
	enum db_item_order o;

	for (i = 0; i < NSORT; i++)
		if (sort_round[i] == qu->q.order)
			break;
	for (k = 1; k <= NSORT; k++) {
		o = sort_round[(i + k) % NSORT];
		if (db_items_order_indexed(o))
			break;
		if (large < 0)
			large = db_items_queue_large(v->db, &qu->q);
		if (!large)
			break;
	}
	if (large == 1)
		err_set(e, PARC_EUSAGE,
		    "by tier, severity and last use: on a queue of at most "
		    "20,000 items (this one is larger)");
	qu->q.order = o;
	v->group_col = o == DB_ORDER_PERSON		   ? QC_PERSON
	    : o == DB_ORDER_ENTITLEMENT			   ? QC_ENTITLEMENT
	    : o == DB_ORDER_TIER || o == DB_ORDER_SEVERITY ? QC_PERSON
							   : -1;
	view_truncate(v, 0);
	v->cursor = 0;
	return VR_RELOAD;
}

static void
select_id(struct queue *qu, int64_t id)
{
	if (is_selected(qu, id))
		return;
	if (qu->nsel == qu->asel) {
		qu->asel = qu->asel ? qu->asel * 2 : 16;
		qu->sel = xrealloc(qu->sel, qu->asel * sizeof(*qu->sel));
	}
	qu->sel[qu->nsel++] = id;
}

static int
add_unchanged(int64_t id, void *arg)
{
	select_id(arg, id);
	return 0;
}

/* At most this many items marked at once by A. */
#define MARK_UNCHANGED_MAX 5000

/*
 * A: mark the pending items approved unchanged in the campaign before
 * (the analogue of Entra's recommendations), for one decision on them.
 */
static enum view_result
mark_unchanged(struct view *v, struct err *e)
{
	struct queue *qu = v->priv;
	size_t before = qu->nsel, i;

	if (qu->q.prior_campaign == 0) {
		err_set(e, PARC_EUSAGE,
		    "no campaign before this one to compare with");
		return VR_NONE;
	}
	if (db_items_unchanged_approved(v->db, &qu->q, MARK_UNCHANGED_MAX,
		add_unchanged, qu, e) != 0)
		return VR_NONE;
	for (i = 0; i < v->nrows; i++)
		if (is_selected(qu, v->rows[i].id) && !v->rows[i].selected) {
			struct row *r = &v->rows[i];

			r->selected = 1;
			set_mark(r, r->cells[QC_FLAGS].text[0] != '\0', 0);
		}
	if (qu->nsel == before)
		err_set(e, PARC_EUSAGE,
		    "no pending item was approved unchanged last time");
	else
		err_set(e, 0,
		    "%zu marked: approved unchanged last time (= in the "
		    "second column); a approves them, Space unmarks one",
		    qu->nsel - before);
	return VR_REDRAW;
}

static enum view_result
queue_request(struct view *v, enum request req, struct err *e)
{
	struct queue *qu = v->priv;

	switch (req) {
	case REQ_SORT:
		return next_sort(v, e);
	case REQ_PENDING:
		qu->q.pending_only = !qu->q.pending_only;
		qu->shown_counted = 0;
		return VR_RELOAD;
	case REQ_SCOPE:
		if (v->actor == NULL ||
		    !(v->actor->roles & (ROLE_ADMIN | ROLE_AUDITOR))) {
			err_set(e, PARC_EUSAGE,
			    "every item is for admins and auditors");
			return VR_NONE;
		}
		if (qu->reviewer == NULL) {
			err_set(e, PARC_EUSAGE,
			    "no items of yours in this campaign: every item "
			    "is shown");
			return VR_NONE;
		}
		qu->q.reviewer = qu->q.reviewer ? NULL : qu->reviewer;
		v->cols = queue_is_own(v) ? queue_cols : queue_cols_all;
		qu->counted = 0;
		qu->shown_counted = 0;
		view_truncate(v, 0);
		v->cursor = 0;
		return VR_RELOAD;
	case REQ_MARK_UNCHANGED:
		return mark_unchanged(v, e);
	case REQ_SELECT:
		toggle_select(v);
		view_move(v, 1, e);
		return VR_REDRAW;
	case REQ_NEXT_PENDING:
		return goto_pending(v, 1, e);
	case REQ_PREV_PENDING:
		return goto_pending(v, -1, e);
	default:
		return VR_UNHANDLED;
	}
}

static void
queue_done(struct view *v)
{
	struct queue *qu = v->priv;

	if (qu == NULL)
		return;
	free(qu->name);
	free(qu->due);
	free(qu->reviewer);
	free(qu->filter);
	free(qu->sel);
	free(qu);
	v->priv = NULL;
}

static int
queue_filter(struct view *v, const char *text, struct err *e)
{
	struct queue *qu = v->priv;

	free(qu->filter);
	qu->filter = text && *text ? xstrdup(text) : NULL;
	qu->q.filter = qu->filter;
	qu->shown_counted = 0;
	if (qu->filter != NULL && !qu->index_asked) {
		qu->index_asked = 1;
		qu->index_left = -1;
	}
	if (db_items_plan_filter(v->db, &qu->q, e) != 0)
		return e->code;
	free(v->filter);
	v->filter = qu->filter ? xstrdup(qu->filter) : NULL;
	/* A narrower set starts from its top. */
	view_truncate(v, 0);
	v->cursor = 0;
	return view_refresh(v, e);
}

static int64_t
queue_item(const struct view *v)
{
	const struct row *r = view_current(v);

	return r != NULL ? r->id : 0;
}

static size_t
queue_marked(const struct view *v, const int64_t **ids)
{
	const struct queue *qu = v->priv;

	*ids = qu->sel;
	return qu->nsel;
}

/* Unmark every item. */
static void
clear_marks(struct view *v)
{
	struct queue *qu = v->priv;
	size_t i;

	qu->nsel = 0;
	for (i = 0; i < v->nrows; i++)
		if (v->rows[i].selected) {
			struct row *r = &v->rows[i];

			r->selected = 0;
			set_mark(r, r->cells[QC_FLAGS].text[0] != '\0', 0);
		}
}

/*
 * Count again at the next idle moment; a queue of more than 200,000 items
 * keeps its opening counts and says so. Marked items decided are unmarked,
 * and after the current item's decision the cursor goes to the next item
 * still pending.
 */
static int
queue_decided(struct view *v, enum view_decided how, struct err *e)
{
	struct queue *qu = v->priv;
	int rc;

	/* Past this size a count costs more than a frame: keep the one
	 * taken at opening, marked as such in the status line. */
	if (qu->counts.items <= QUEUE_RECOUNT_MAX) {
		qu->counted = 0;
		qu->shown_counted = 0;
	} else
		qu->stale = 1;
	if (how == VD_MARKED)
		clear_marks(v);
	if ((rc = view_refresh(v, e)) != 0)
		return rc;
	/* On to the next item still to decide (none after it: stay). */
	if (how == VD_CURRENT)
		goto_pending(v, 1, e);
	return 0;
}

static void
queue_follow(const struct view *v, struct view_link *to)
{
	const struct row *r = view_current(v);

	if (r != NULL) {
		to->kind = LINK_ITEM;
		to->id = r->id;
	}
}

static const struct view_ops queue_ops = {
	.shown_by = REQ_QUEUE,
	.open = queue_open,
	.page = queue_page,
	.title = queue_title,
	.status = queue_status,
	.request = queue_request,
	.idle = queue_idle,
	.done = queue_done,
	.filter = queue_filter,
	.item = queue_item,
	.marked = queue_marked,
	.decided = queue_decided,
	.follow = queue_follow,
	.side_detail = 1,
};

int
view_queue_open(struct view *v, struct db *db, const struct actor *a,
    int64_t campaign, const char *name, const char *due, const char *reviewer,
    int64_t now, int height, int width, struct err *e)
{
	struct queue *qu = xcalloc(1, sizeof(*qu));

	qu->name = name ? xstrdup(name) : NULL;
	qu->due = due ? xstrdup(due) : NULL;
	qu->reviewer = reviewer ? xstrdup(reviewer) : NULL;
	qu->now = now;
	qu->q.campaign = campaign;
	qu->q.reviewer = qu->reviewer;
	qu->q.order = DB_ORDER_PERSON;
	if (db_campaign_previous(db, campaign, &qu->q.prior_campaign, e) != 0)
		err_clear(e);
	v->priv = qu;
	return view_open(v, &queue_ops, db, a, height, width, e);
}

int
view_queue_all(const struct view *v)
{
	const struct queue *qu = v->priv;

	return qu->q.reviewer == NULL;
}

int64_t
view_queue_campaign(const struct view *v)
{
	const struct queue *qu = v->priv;

	return qu->q.campaign;
}
