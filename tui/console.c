/*
 * console.c - the main loop: read a key, let the view on top handle its
 * request or handle it here, repaint what changed. Prompts (filter,
 * justification, dates, confirmations) take the bottom line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "db/browse.h"
#include "db/campaign.h"
#include "db/decision.h"
#include "db/item.h"
#include "lib/sb.h"
#include "lib/text.h"
#include "reports/file.h"
#include "tui/console.h"
#include "tui/display.h"
#include "tui/draw.h"
#include "tui/keys.h"
#include "tui/views.h"

#define STACK_MAX 8
#define UNDO_MAX 64

struct undo {
	int64_t *ids;
	size_t n;
};

struct console {
	struct db *db;
	const struct actor *actor;
	const char *who;
	struct view stack[STACK_MAX];
	int depth;
	int lines, cols;
	int64_t now;
	struct db_campaign_brief camp;
	struct sb msg;
	int msg_style;
	const char *dump;
	struct undo undo[UNDO_MAX];
	int nundo;
	int quit;
	/* A wide screen shows the current item's detail right of the queue. */
	struct view pane;
	int pane_open, pane_focus, pane_dirty;
	int64_t pane_item;
};

/* From this width on, the queue gets a detail pane beside it. */
#define SPLIT_MIN_COLS 150

static const char hints[] =
    "? help  a approve  r revoke  e exception  d delegate  u undo"
    "  / filter  q back";

static struct view *
top(struct console *c)
{
	return &c->stack[c->depth - 1];
}

static void say(struct console *c, int style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
say(struct console *c, int style, const char *fmt, ...)
{
	va_list ap;

	sb_reset(&c->msg);
	va_start(ap, fmt);
	sb_vaddf(&c->msg, fmt, ap);
	va_end(ap);
	c->msg_style = style;
}

static void
status_line(struct console *c, struct sb *sb)
{
	struct view *v = top(c);
	const char *role;

	sb_adds(sb, " ");
	v->ops->status(v, sb);
	if (v->filter != NULL) {
		sb_adds(sb, " | filter: ");
		sb_adds(sb, v->filter);
	}
	role = c->actor->roles & ROLE_ADMIN  ? "admin"
	    : c->actor->roles & ROLE_AUDITOR ? "auditor"
					     : "reviewer";
	if (c->actor->as != NULL)
		sb_addf(sb, " | %s [%s, %s]", c->who, c->actor->login, role);
	else
		sb_addf(sb, " | %s (%s)", c->who, role);
}

static void layout(struct console *c);

static void
paint(struct console *c, const char *prompt)
{
	struct sb status = SB_INIT;
	FILE *fp;

	layout(c);
	status_line(c, &status);
	draw_screen(top(c), c->pane_open ? &c->pane : NULL, status.buf,
	    c->msg.len ? c->msg.buf : hints, c->msg.len ? c->msg_style : ST_DIM,
	    prompt);
	sb_release(&status);
	if (c->dump != NULL && (fp = fopen(c->dump, "w")) != NULL) {
		display_dump(fp);
		fclose(fp);
	}
}

static int
list_height(struct console *c, const struct view *v)
{
	return draw_list_height(v, c->lines);
}

/* Open a view on top: fn fills it (one of the view_*_open functions). */
static int
push_prepare(struct console *c, struct view **v)
{
	if (c->depth == STACK_MAX) {
		say(c, ST_DANGER, "too many screens open (q closes one)");
		return -1;
	}
	*v = &c->stack[c->depth];
	memset(*v, 0, sizeof(**v));
	(*v)->con = c;
	return 0;
}

static void
push_done(struct console *c, struct view *v, int rc, struct err *e)
{
	if (rc != 0) {
		view_close(v);
		say(c, ST_DANGER, "%s", e->msg);
		return;
	}
	c->depth++;
	/* The header line: a page of text has none, so one more row. */
	if (v->height != list_height(c, v))
		view_resize(v, list_height(c, v), c->cols, e);
}

static void
pop(struct console *c)
{
	struct err e = ERR_INIT;

	view_close(top(c));
	c->depth--;
	/* The one below may be stale: a decision, a resize. */
	view_resize(top(c), list_height(c, top(c)), c->cols, &e);
	view_refresh(top(c), &e);
}

static int
count_one(const struct item_row *r, void *arg)
{
	(void)r;
	(*(int *)arg)++;
	return 0;
}

static void
open_queue(struct console *c, int64_t id, const char *name, const char *due)
{
	struct view *v;
	struct err e = ERR_INIT;
	struct db_item_query q;
	const char *reviewer = c->who;
	int rc, any = 0;

	/*
	 * An admin or auditor with nothing to review sees every item. One
	 * indexed row tells, where a count would read the whole campaign.
	 */
	if (c->actor->roles & (ROLE_ADMIN | ROLE_AUDITOR)) {
		memset(&q, 0, sizeof(q));
		q.campaign = id;
		q.reviewer = c->who;
		q.order = DB_ORDER_ID;
		if (db_items_page(c->db, &q, NULL, DB_PAGE_FIRST, 1, count_one,
			&any, &e) == 0 &&
		    any == 0)
			reviewer = NULL;
	}
	if (push_prepare(c, &v) != 0)
		return;
	rc = view_queue_open(v, c->db, c->actor, id, name, due, reviewer,
	    c->now, c->lines - 4, c->cols, &e);
	push_done(c, v, rc, &e);
}

static void
open_campaigns(struct console *c)
{
	struct view *v;
	struct err e = ERR_INIT;

	if (push_prepare(c, &v) != 0)
		return;
	push_done(c, v,
	    view_campaigns_open(v, c->db, c->actor, c->who, c->now,
		c->lines - 4, c->cols, &e),
	    &e);
}

static void
open_sources(struct console *c)
{
	struct view *v;
	struct err e = ERR_INIT;

	if (push_prepare(c, &v) != 0)
		return;
	push_done(c, v,
	    view_sources_open(v, c->db, c->actor, c->now, c->lines - 4, c->cols,
		&e),
	    &e);
}

static void
open_inventory(struct console *c)
{
	struct view *v;
	struct err e = ERR_INIT;

	if (push_prepare(c, &v) != 0)
		return;
	push_done(c, v,
	    view_inventory_open(v, c->db, c->actor, c->now, c->lines - 4,
		c->cols, &e),
	    &e);
}

static void
open_findings(struct console *c)
{
	struct view *v;
	struct err e = ERR_INIT;

	if (push_prepare(c, &v) != 0)
		return;
	push_done(c, v,
	    view_findings_open(v, c->db, c->actor, c->lines - 4, c->cols, &e),
	    &e);
}

static void
open_help(struct console *c)
{
	struct view *v;
	struct err e = ERR_INIT;

	if (push_prepare(c, &v) != 0)
		return;
	push_done(c, v,
	    view_help_open(v, keys_describe, c->lines - 4, c->cols, &e), &e);
}

static void
open_detail(struct console *c, int64_t id)
{
	struct view *v;
	struct err e = ERR_INIT;

	if (push_prepare(c, &v) != 0)
		return;
	push_done(c, v,
	    view_detail_open(v, c->db, c->actor, id, c->now, c->lines - 3,
		c->cols, &e),
	    &e);
}

static void
resize(struct console *c)
{
	struct err e = ERR_INIT;

	display_size(&c->lines, &c->cols);
	view_resize(top(c), list_height(c, top(c)), c->cols, &e);
}

/* ---- the detail pane of a wide screen ---- */

static int
split(struct console *c)
{
	return c->depth > 0 && strcmp(top(c)->ops->name, "queue") == 0 &&
	    c->cols >= SPLIT_MIN_COLS && c->lines >= 20;
}

/* The queue's width beside the pane: three fifths, at least 90. */
static int
list_width(struct console *c)
{
	int w = c->cols * 3 / 5;

	return w < 90 ? 90 : w;
}

static void
close_pane(struct console *c)
{
	if (c->pane_open)
		view_close(&c->pane);
	c->pane_open = 0;
	c->pane_focus = 0;
	c->pane_item = 0;
}

/*
 * Before each paint: the top view's width for the screen, and the pane
 * following the queue's current item (opened again when the item changes
 * or a decision was taken on it).
 */
static void
layout(struct console *c)
{
	struct view *v = top(c);
	const struct row *r;
	struct err e = ERR_INIT;
	int w = split(c) ? list_width(c) : c->cols;

	if (v->width != w)
		view_resize(v, v->height, w, &e);
	if (!split(c)) {
		close_pane(c);
		return;
	}
	r = view_current(v);
	if (r == NULL) {
		close_pane(c);
		return;
	}
	if (c->pane_open && c->pane_item == r->id && !c->pane_dirty &&
	    c->pane.width == c->cols - w - 1 && c->pane.height == c->lines - 3)
		return;
	if (c->pane_open)
		view_close(&c->pane);
	memset(&c->pane, 0, sizeof(c->pane));
	c->pane.con = c;
	c->pane_open = view_detail_open(&c->pane, c->db, c->actor, r->id,
			   c->now, c->lines - 3, c->cols - w - 1, &e) == 0;
	if (!c->pane_open)
		view_close(&c->pane);
	c->pane_item = r->id;
	c->pane_dirty = 0;
}

/* Moving keys while the pane has the focus scroll it. */
static int
pane_request(struct console *c, enum request req)
{
	struct err e = ERR_INIT;
	int i, n;

	if (!c->pane_open || !c->pane_focus)
		return 0;
	switch (req) {
	case REQ_DOWN:
	case REQ_UP:
		c->pane.ops->request(&c->pane, req, &e);
		return 1;
	case REQ_PAGE_DOWN:
	case REQ_PAGE_UP:
		n = c->pane.height > 1 ? c->pane.height - 1 : 1;
		for (i = 0; i < n; i++)
			c->pane.ops->request(&c->pane,
			    req == REQ_PAGE_DOWN ? REQ_DOWN : REQ_UP, &e);
		return 1;
	default:
		return 0;
	}
}

/* ---- prompts ---- */

/* Remove the last UTF-8 character of sb. */
static void
sb_chop(struct sb *sb)
{
	while (sb->len > 0) {
		unsigned char ch = (unsigned char)sb->buf[--sb->len];

		if ((ch & 0xc0) != 0x80)
			break;
	}
	sb->buf[sb->len] = '\0';
}

/*
 * Read a line on the bottom line after label into out (which may hold a
 * start value). on_change, when set, runs after each edit (the
 * incremental filter). Returns 1 on Enter, 0 on Esc, -1 on a signal.
 */
static int
prompt(struct console *c, const char *label, struct sb *out,
    void (*on_change)(struct console *c, const char *text))
{
	struct sb shown = SB_INIT;
	char mb[8];
	mbstate_t ps;
	size_t k;
	int key, rc = 0;

	for (;;) {
		sb_reset(&shown);
		sb_adds(&shown, label);
		sb_add_safe(&shown, out->buf);
		paint(c, shown.buf);
		key = display_getkey(-1);
		if (key == DKEY_SIGNAL) {
			c->quit = 1;
			rc = -1;
			break;
		}
		if (key == DKEY_RESIZE) {
			resize(c);
			continue;
		}
		if (key == '\r' || key == '\n' || key == DKEY(0x157)) {
			rc = 1;
			break;
		}
		if (key == 27 || key == 7) {
			rc = 0;
			break;
		}
		if (key == DKEY(0407) || key == 127 || key == 8) {
			sb_chop(out);
		} else if (key == 21) {
			sb_reset(out);
		} else if (key >= 32 && key < 0x110000 && key != 127) {
			memset(&ps, 0, sizeof(ps));
			k = wcrtomb(mb, (wchar_t)key, &ps);
			if (k == (size_t)-1 || out->len + k > 500)
				continue;
			sb_add(out, mb, k);
		} else
			continue;
		if (on_change != NULL)
			on_change(c, out->buf);
	}
	sb_release(&shown);
	return rc;
}

/* y or Y confirms; anything else does not. */
static int
confirm(struct console *c, const char *question)
{
	int key;

	for (;;) {
		paint(c, question);
		key = display_getkey(-1);
		if (key == DKEY_RESIZE) {
			resize(c);
			continue;
		}
		if (key == DKEY_SIGNAL)
			c->quit = 1;
		return key == 'y' || key == 'Y';
	}
}

static void
filter_changed(struct console *c, const char *text)
{
	struct err e = ERR_INIT;

	if (view_queue_filter(top(c), text, &e) != 0)
		say(c, ST_DANGER, "%s", e.msg);
}

/* A small list filters the rows it read (view.c keeps the matching). */
static void
list_filter_changed(struct console *c, const char *text)
{
	struct view *v = top(c);
	struct err e = ERR_INIT;

	free(v->filter);
	v->filter = text && *text ? xstrdup(text) : NULL;
	if (view_refresh(v, &e) != 0)
		say(c, ST_DANGER, "%s", e.msg);
}

static void
do_filter(struct console *c)
{
	struct view *v = top(c);
	struct sb text = SB_INIT;
	struct err e = ERR_INIT;
	char *old;

	if (strcmp(v->ops->name, "queue") != 0) {
		if (v->ops->reload == NULL || v->no_header) {
			say(c, ST_WARN, "/ filters a list");
			return;
		}
		if (v->filter != NULL)
			sb_adds(&text, v->filter);
		sb_reset(&c->msg);
		if (prompt(c, "filter: ", &text, list_filter_changed) == 0)
			list_filter_changed(c, NULL);
		sb_release(&text);
		return;
	}
	old = v->filter ? xstrdup(v->filter) : NULL;
	if (old != NULL)
		sb_adds(&text, old);
	sb_reset(&c->msg);
	if (prompt(c, "filter: ", &text, filter_changed) == 0) {
		/* Esc: no filter at all. */
		view_queue_filter(v, NULL, &e);
	}
	free(old);
	sb_release(&text);
}

/* ---- decisions ---- */

static void
undo_push(struct console *c, const int64_t *ids, size_t n)
{
	struct undo *u;

	if (c->nundo == UNDO_MAX) {
		free(c->undo[0].ids);
		memmove(c->undo, c->undo + 1, (UNDO_MAX - 1) * sizeof(*u));
		c->nundo--;
	}
	u = &c->undo[c->nundo++];
	u->ids = xmalloc(n * sizeof(*ids));
	memcpy(u->ids, ids, n * sizeof(*ids));
	u->n = n;
}

/* The items a decision applies to: the marked ones, else the current. */
static size_t
targets(struct console *c, const int64_t **ids, int64_t *one, int *bulk)
{
	struct view *v = top(c);
	const struct row *r;
	size_t n;

	*bulk = 0;
	if (strcmp(v->ops->name, "queue") == 0) {
		n = view_queue_selection(v, ids);
		if (n > 0) {
			*bulk = 1;
			return n;
		}
		if ((r = view_current(v)) == NULL)
			return 0;
		*one = r->id;
	} else if (strcmp(v->ops->name, "detail") == 0)
		*one = view_detail_item(v);
	else
		return 0;
	*ids = one;
	return 1;
}

static void
decide(struct console *c, enum request req)
{
	static const char *const verbs[] = { "approve", "revoke", "exception",
		"delegate" };
	struct view *v = top(c);
	struct decide_req dr;
	struct sb why = SB_INIT, until = SB_INIT, to = SB_INIT, q = SB_INIT,
		  flags = SB_INIT;
	struct err e = ERR_INIT;
	const int64_t *ids;
	int64_t one;
	size_t n;
	int bulk, rc, which;

	which = req == REQ_APPROVE ? 0
	    : req == REQ_REVOKE	   ? 1
	    : req == REQ_EXCEPTION ? 2
				   : 3;
	if ((n = targets(c, &ids, &one, &bulk)) == 0) {
		say(c, ST_WARN, "no item here to decide");
		return;
	}
	sb_reset(&c->msg);
	memset(&dr, 0, sizeof(dr));
	dr.decision = verbs[which];
	if (strcmp(v->ops->name, "queue") == 0)
		view_queue_selected_flags(v, &flags, &e);
	if (req == REQ_EXCEPTION) {
		if (prompt(c, "exception until (YYYY-MM-DD): ", &until, NULL) !=
			1 ||
		    until.len == 0)
			goto cancel;
		dr.until = until.buf;
	}
	if (req == REQ_DELEGATE) {
		char *who = NULL;

		if (prompt(c, "delegate to (login): ", &to, NULL) != 1 ||
		    to.len == 0)
			goto cancel;
		/* Say who that is before handing the items over. */
		if (db_person_by_login(c->db, to.buf, &who, &e) != 0 ||
		    who == NULL) {
			say(c, ST_DANGER,
			    "not delegated: no active person "
			    "has the login '%s'",
			    to.buf);
			goto out;
		}
		sb_reset(&q);
		sb_addf(&q, "delegate %zu item%s to %s (%s)? (y/n) ", n,
		    n == 1 ? "" : "s", who, to.buf);
		free(who);
		if (!confirm(c, q.buf))
			goto cancel;
		dr.to = to.buf;
	}
	if (req != REQ_APPROVE || flags.len > 0) {
		sb_reset(&q);
		if (req == REQ_APPROVE)
			sb_addf(&q, "approve despite %s - why: ", flags.buf);
		else
			sb_addf(&q, "%s - justification: ", dr.decision);
		rc = prompt(c, q.buf, &why, NULL);
		if (rc != 1 || (why.len == 0 && req != REQ_DELEGATE))
			goto cancel;
		if (why.len > 0)
			dr.comment = why.buf;
	}
	if (bulk) {
		sb_reset(&q);
		sb_addf(&q, "%s %zu marked items%s%s? (y/n) ", dr.decision, n,
		    flags.len ? "; flagged among them: " : "",
		    flags.len ? flags.buf : "");
		if (!confirm(c, q.buf))
			goto cancel;
		rc = item_decide_bulk(c->db, c->actor, ids, n, &dr, &e);
	} else
		rc = item_decide(c->db, c->actor, ids[0], &dr, &e);
	if (rc != 0) {
		say(c, ST_DANGER, "not recorded: %s", e.msg);
		goto out;
	}
	undo_push(c, ids, n);
	c->pane_dirty = 1;
	view_queue_recount(v);
	if (bulk) {
		say(c, ST_GOOD, "%s: %zu items recorded", dr.decision, n);
		view_queue_clear_selection(v);
		view_refresh(v, &e);
	} else {
		say(c, ST_GOOD, "%s recorded for item %lld (u undoes)",
		    dr.decision, (long long)ids[0]);
		view_refresh(v, &e);
		/* A reviewer goes down the list. */
		if (strcmp(v->ops->name, "queue") == 0)
			view_move(v, 1, &e);
	}
	goto out;
cancel:
	say(c, ST_WARN, "cancelled: nothing recorded");
out:
	sb_release(&why);
	sb_release(&until);
	sb_release(&to);
	sb_release(&q);
	sb_release(&flags);
}

static void
undo(struct console *c)
{
	struct decide_req dr;
	struct err e = ERR_INIT;
	struct undo *u;
	int rc;

	if (c->nundo == 0) {
		say(c, ST_WARN, "nothing to undo in this session");
		return;
	}
	u = &c->undo[c->nundo - 1];
	memset(&dr, 0, sizeof(dr));
	dr.decision = "undo";
	if (u->n == 1)
		rc = item_decide(c->db, c->actor, u->ids[0], &dr, &e);
	else
		rc = item_decide_bulk(c->db, c->actor, u->ids, u->n, &dr, &e);
	if (rc != 0) {
		say(c, ST_DANGER, "undo not recorded: %s", e.msg);
		return;
	}
	if (u->n == 1)
		say(c, ST_GOOD, "undone: item %lld is pending again",
		    (long long)u->ids[0]);
	else
		say(c, ST_GOOD, "undone: %zu items are pending again", u->n);
	free(u->ids);
	c->nundo--;
	c->pane_dirty = 1;
	view_queue_recount(top(c));
	view_refresh(top(c), &e);
}

/* ---- campaigns (admins) ---- */

static void
create_campaign(struct console *c)
{
	struct sb name = SB_INIT, due = SB_INIT, scope = SB_INIT,
		  rule = SB_INIT;
	struct campaign_spec s;
	struct err e = ERR_INIT;
	int64_t id = 0, n = 0;

	if (!(c->actor->roles & ROLE_ADMIN)) {
		say(c, ST_WARN, "creating a campaign is for admins");
		return;
	}
	sb_reset(&c->msg);
	sb_adds(&rule, "manager");
	if (prompt(c, "new campaign - name: ", &name, NULL) != 1 ||
	    name.len == 0 || prompt(c, "due (YYYY-MM-DD): ", &due, NULL) != 1 ||
	    due.len == 0 ||
	    prompt(c,
		"scope (empty: every privileged grant; e.g. "
		"source=corp tier=0): ",
		&scope, NULL) != 1 ||
	    prompt(c, "reviewer (manager, owner or a login): ", &rule, NULL) !=
		1) {
		say(c, ST_WARN, "cancelled: no campaign created");
		goto out;
	}
	memset(&s, 0, sizeof(s));
	s.name = name.buf;
	s.due = due.buf;
	s.scope = scope.len ? scope.buf : NULL;
	s.reviewer = rule.len ? rule.buf : NULL;
	if (campaign_create(c->db, c->actor, &s, &id, &n, &e) != 0) {
		say(c, ST_DANGER, "not created: %s", e.msg);
		goto out;
	}
	say(c, ST_GOOD, "campaign %s opened: %lld items to review", name.buf,
	    (long long)n);
	view_refresh(top(c), &e);
out:
	sb_release(&name);
	sb_release(&due);
	sb_release(&scope);
	sb_release(&rule);
}

struct pending {
	int64_t pending;
	char state[16];
};

static int
campaign_pending(const struct campaign_row *r, void *arg)
{
	struct pending *p = arg;

	p->pending = r->pending;
	snprintf(p->state, sizeof(p->state), "%s", r->state);
	return 0;
}

static void
close_campaign(struct console *c)
{
	struct view *v = top(c);
	struct pending p = { 0, "" };
	struct sb q = SB_INIT;
	struct err e = ERR_INIT;
	const char *name = view_campaigns_current(v), *outcome = NULL;
	int64_t left = 0;
	int key;

	if (!(c->actor->roles & ROLE_ADMIN)) {
		say(c, ST_WARN, "closing a campaign is for admins");
		return;
	}
	if (name == NULL ||
	    campaign_get(c->db, name, campaign_pending, &p, &e) != 0) {
		say(c, ST_WARN, "%s", name ? e.msg : "no campaign here");
		return;
	}
	if (strcmp(p.state, "open") != 0) {
		say(c, ST_WARN, "%s is %s already", name, p.state);
		return;
	}
	if (p.pending > 0) {
		sb_addf(&q,
		    "%s has %lld items still to decide: close and "
		    "(k)eep them, (r)evoke them, or (n)ot close? ",
		    name, (long long)p.pending);
		paint(c, q.buf);
		key = display_getkey(-1);
		if (key == 'k' || key == 'K')
			outcome = "keep";
		else if (key == 'r' || key == 'R')
			outcome = "revoke";
	} else {
		sb_addf(&q, "close %s? (y/n) ", name);
		if (confirm(c, q.buf))
			outcome = "keep";
	}
	if (outcome == NULL) {
		say(c, ST_WARN, "cancelled: %s stays open", name);
		goto out;
	}
	if (campaign_close(c->db, c->actor, name, p.pending > 0, outcome, &left,
		&e) != 0) {
		say(c, ST_DANGER, "not closed: %s", e.msg);
		goto out;
	}
	if (p.pending > 0)
		say(c, ST_GOOD, "%s closed; %lld pending items recorded as %s",
		    name, (long long)left, outcome);
	else
		say(c, ST_GOOD, "%s closed", name);
	view_refresh(v, &e);
out:
	sb_release(&q);
}

/*
 * Write the evidence PDF of the campaign under the cursor (campaigns list)
 * or of the open queue's campaign, and say where it went.
 */
static void
write_evidence(struct console *c)
{
	struct view *v = top(c);
	struct err e = ERR_INIT;
	const char *name = NULL;
	char *path = NULL;
	int pages = 0;

	if (!(c->actor->roles & (ROLE_ADMIN | ROLE_AUDITOR))) {
		say(c, ST_WARN, "evidence is printed by admins and auditors");
		return;
	}
	if (strcmp(v->ops->name, "campaigns") == 0)
		name = view_campaigns_current(v);
	else if (c->camp.id != 0)
		name = c->camp.name;
	if (name == NULL) {
		say(c, ST_WARN, "no campaign here (c lists them)");
		return;
	}
	paint(c, "writing the evidence PDF ...");
	if (rpt_evidence_pdf(c->db, name, NULL, RPT_A4, &path, &pages, &e) !=
	    0)
		say(c, ST_DANGER, "no evidence written: %s", e.msg);
	else
		say(c, ST_GOOD, "evidence of %s: %d pages in %s", name, pages,
		    path);
	free(path);
}

/* ---- the loop ---- */

static void
enter(struct console *c)
{
	struct view *v = top(c);
	const struct row *r = view_current(v);
	struct db_campaign_brief b;
	struct err e = ERR_INIT;
	const char *name;

	if (r == NULL)
		return;
	if (strcmp(v->ops->name, "queue") == 0)
		open_detail(c, r->id);
	else if (strcmp(v->ops->name, "findings") == 0) {
		int64_t item = 0;

		if (r->id == 0 ||
		    db_item_for_grant(c->db, r->id, c->camp.id, &item, &e) !=
			0 ||
		    item == 0) {
			say(c, ST_WARN,
			    "no review item holds this %s yet (a "
			    "campaign over it makes one)",
			    r->id ? "grant" : "finding");
			return;
		}
		open_detail(c, item);
	} else if (strcmp(v->ops->name, "campaigns") == 0) {
		name = view_campaigns_current(v);
		if (name == NULL ||
		    db_campaign_pick(c->db, c->who, name, &b, &e) != 0) {
			say(c, ST_DANGER, "%s", e.msg);
			return;
		}
		db_campaign_brief_release(&c->camp);
		c->camp = b;
		open_queue(c, b.id, b.name, b.due);
	}
}

/* Close views down to the first one called name; 0 if there is none. */
static int
pop_to(struct console *c, const char *name)
{
	int i;

	for (i = c->depth - 1; i >= 0; i--)
		if (strcmp(c->stack[i].ops->name, name) == 0)
			break;
	if (i < 0)
		return 0;
	while (c->depth - 1 > i)
		pop(c);
	return 1;
}

static void
handle(struct console *c, enum request req)
{
	struct view *v = top(c);
	struct err e = ERR_INIT;
	enum view_result vr;

	if (pane_request(c, req))
		return;
	if (req == REQ_NEXT_VIEW && c->pane_open) {
		c->pane_focus = !c->pane_focus;
		say(c, ST_DIM, "%s",
		    c->pane_focus
			? "Tab: j/k and PgUp/PgDn scroll the item's detail"
			: "Tab: j/k move in the queue");
		return;
	}
	vr = v->ops->request(v, req, &e);
	if (vr == VR_UNHANDLED) {
		vr = VR_REDRAW;
		switch (req) {
		case REQ_DOWN:
			view_move(v, 1, &e);
			break;
		case REQ_UP:
			view_move(v, -1, &e);
			break;
		case REQ_PAGE_DOWN:
			view_page(v, 1, &e);
			break;
		case REQ_PAGE_UP:
			view_page(v, -1, &e);
			break;
		case REQ_TOP:
			view_end(v, 0, &e);
			break;
		case REQ_BOTTOM:
			view_end(v, 1, &e);
			break;
		case REQ_ENTER:
			enter(c);
			break;
		case REQ_BACK:
			if (c->depth == 1)
				c->quit = 1;
			else
				pop(c);
			break;
		case REQ_QUIT:
			c->quit = 1;
			break;
		case REQ_FILTER:
			do_filter(c);
			break;
		case REQ_APPROVE:
		case REQ_REVOKE:
		case REQ_EXCEPTION:
		case REQ_DELEGATE:
			decide(c, req);
			break;
		case REQ_UNDO:
			undo(c);
			break;
		case REQ_CAMPAIGNS:
			if (!pop_to(c, "campaigns"))
				open_campaigns(c);
			break;
		case REQ_QUEUE:
			if (!pop_to(c, "queue")) {
				if (c->camp.id != 0)
					open_queue(c, c->camp.id, c->camp.name,
					    c->camp.due);
				else
					say(c, ST_WARN,
					    "no campaign yet (an admin "
					    "creates one)");
			}
			break;
		case REQ_SOURCES:
			if (!pop_to(c, "sources"))
				open_sources(c);
			break;
		case REQ_CREATE:
			if (strcmp(v->ops->name, "campaigns") != 0)
				open_campaigns(c);
			create_campaign(c);
			break;
		case REQ_CLOSE:
			if (strcmp(v->ops->name, "campaigns") != 0)
				say(c, ST_WARN,
				    "X closes the campaign under "
				    "the cursor in the campaigns list (c)");
			else
				close_campaign(c);
			break;
		case REQ_EVIDENCE:
			write_evidence(c);
			break;
		case REQ_INVENTORY:
			if (!pop_to(c, "inventory"))
				open_inventory(c);
			break;
		case REQ_FINDINGS:
			if (!pop_to(c, "findings"))
				open_findings(c);
			break;
		case REQ_NEXT_VIEW:
			/* Tab: queue, then sources, then campaigns. */
			if (strcmp(v->ops->name, "sources") == 0) {
				if (!pop_to(c, "campaigns"))
					open_campaigns(c);
			} else if (strcmp(v->ops->name, "campaigns") == 0 &&
			    c->camp.id != 0) {
				if (!pop_to(c, "queue"))
					open_queue(c, c->camp.id, c->camp.name,
					    c->camp.due);
			} else if (!pop_to(c, "sources"))
				open_sources(c);
			break;
		case REQ_REFRESH:
			display_touch();
			if (view_refresh(v, &e) != 0)
				say(c, ST_DANGER, "%s", e.msg);
			break;
		case REQ_HELP:
			if (strcmp(v->ops->name, "help") != 0)
				open_help(c);
			break;
		case REQ_SORT:
		case REQ_PENDING:
		case REQ_SCOPE:
		case REQ_SELECT:
		case REQ_NEXT_PENDING:
		case REQ_PREV_PENDING:
			say(c, ST_WARN, "%s: only in a queue",
			    request_name(req));
			break;
		default:
			break;
		}
	} else if (vr == VR_RELOAD) {
		if (view_refresh(v, &e) != 0)
			say(c, ST_DANGER, "%s", e.msg);
	} else if (e.code != 0)
		say(c, ST_WARN, "%s", e.msg);
	if (vr == VR_QUIT)
		c->quit = 1;
	if (vr == VR_BACK && c->depth > 1)
		pop(c);
}

static void
mouse(struct console *c)
{
	struct view *v = top(c);
	struct err e = ERR_INIT;
	int y, x, i;

	switch (display_mouse(&y, &x)) {
	case MOUSE_WHEEL_UP:
		view_move(v, -3, &e);
		break;
	case MOUSE_WHEEL_DOWN:
		view_move(v, 3, &e);
		break;
	case MOUSE_CLICK:
	case MOUSE_DOUBLE:
		if ((i = draw_row_at(v, y)) < 0 || (size_t)i >= v->nrows)
			break;
		view_move(v, (long)i - (long)v->cursor, &e);
		if (display_mouse(&y, &x) == MOUSE_DOUBLE)
			handle(c, REQ_ENTER);
		break;
	default:
		break;
	}
}

int
console_run(struct db *db, const struct actor *a, const char *campaign,
    struct err *e)
{
	struct console c;
	struct view *v;
	int key, rc = 0, painted;
	enum request req;

	memset(&c, 0, sizeof(c));
	sb_init(&c.msg);
	c.db = db;
	c.actor = a;
	c.who = actor_effective(a);
	c.now = (int64_t)time(NULL);
	c.dump = getenv("PARC_SCREEN_DUMP");
	if (c.dump != NULL && *c.dump == '\0')
		c.dump = NULL;
	if ((rc = db_campaign_pick(db, c.who, campaign, &c.camp, e)) != 0)
		return rc;
	if ((rc = display_init(e)) != 0)
		goto out;
	display_size(&c.lines, &c.cols);
	if (c.camp.id != 0)
		open_queue(&c, c.camp.id, c.camp.name, c.camp.due);
	if (c.depth == 0) {
		open_campaigns(&c);
		if (c.camp.id == 0)
			say(&c, ST_WARN,
			    "no campaign yet: an admin creates "
			    "one with parc campaign create");
	}
	if (c.depth == 0) {
		rc = err_set(e, PARC_EDB, "%s", c.msg.buf);
		goto out;
	}
	while (!c.quit) {
		v = top(&c);
		paint(&c, NULL);
		painted = 1;
		/* Deferred counts come after the first screen is up. */
		if (v->ops->idle != NULL && v->ops->idle(v, e) == 1)
			paint(&c, NULL);
		(void)painted;
		key = display_getkey(-1);
		if (key == DKEY_SIGNAL)
			break;
		if (key == DKEY_NONE)
			continue;
		if (key == DKEY_RESIZE) {
			resize(&c);
			continue;
		}
		if (key == DKEY_MOUSE) {
			mouse(&c);
			continue;
		}
		if ((req = keys_request(key)) == REQ_NONE) {
			say(&c, ST_WARN, "%s: no such key (? lists them)",
			    display_keyname(key));
			continue;
		}
		/* A message stays until the next key. */
		sb_reset(&c.msg);
		handle(&c, req);
	}
	err_clear(e);
out:
	close_pane(&c);
	while (c.depth > 0)
		view_close(&c.stack[--c.depth]);
	display_end();
	for (key = 0; key < c.nundo; key++)
		free(c.undo[key].ids);
	db_campaign_brief_release(&c.camp);
	sb_release(&c.msg);
	return rc;
}

int
console_demo(struct db *db, const char *as, struct err *e)
{
	struct db_campaign_brief b;
	struct actor a;
	char *top = NULL;
	int rc;

	memset(&a, 0, sizeof(a));
	if ((rc = db_campaign_pick(db, NULL, "demo", &b, e)) != 0)
		return rc;
	if (as == NULL &&
	    (rc = db_campaign_top_reviewer(db, b.id, &top, e)) != 0)
		goto out;
	if ((rc = actor_resolve(db, NULL, as ? as : top, &a, e)) != 0)
		goto out;
	rc = console_run(db, &a, "demo", e);
out:
	actor_release(&a);
	free(top);
	db_campaign_brief_release(&b);
	return rc;
}
