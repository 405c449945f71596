/*
 * console.c - the main loop (after htop's): read a key, let the screen on
 * top handle its request or handle it here, then repaint; the loop alone
 * paints, except while a prompt waits for keys. Here live the stack of
 * screens, the detail pane of a wide screen, where Enter and Tab lead, and
 * the way in (console_run). The flows that ask on the bottom line are in
 * their own files: prompt.c, decide.c, campaign_admin.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/browse.h"
#include "db/campaign.h"
#include "db/item.h"
#include "db/role.h"
#include "lib/sb.h"
#include "tui/console/campaign_admin.h"
#include "tui/console/console.h"
#include "tui/console/consoleint.h"
#include "tui/console/decide.h"
#include "tui/console/display.h"
#include "tui/console/draw.h"
#include "tui/console/keys.h"
#include "tui/console/prompt.h"
#include "tui/console/view_progress.h"
#include "tui/console/views.h"

/* From this width on, the queue gets a detail pane beside it. */
#define SPLIT_MIN_COLS 150

struct view *
console_top(struct console *c)
{
	return &c->stack[c->depth - 1];
}

void
console_say(struct console *c, int style, const char *fmt, ...)
{
	struct sb raw = SB_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&raw, fmt, ap);
	va_end(ap);
	sb_reset(&c->msg);
	console_words(raw.buf, &c->msg);
	sb_release(&raw);
	c->msg_style = style;
}

const char *
console_role_name(int roles)
{
	/* Only a role granted names one: a login without any reads its
	 * own items and is called what it is. */
	return roles & ROLE_ADMIN   ? "admin"
	    : roles & ROLE_AUDITOR  ? "auditor"
	    : roles & ROLE_REVIEWER ? "reviewer"
				    : "no role";
}

static void
status_line(struct console *c, struct sb *sb)
{
	struct view *v = console_top(c);
	const char *role;

	sb_adds(sb, " ");
	v->ops->status(v, sb);
	if (v->filter != NULL) {
		sb_adds(sb, " | filter: ");
		sb_adds(sb, v->filter);
	}
	role = console_role_name(c->actor->roles);
	if (c->actor->as != NULL)
		sb_addf(sb, " | %s [%s, %s]", c->who, c->actor->login, role);
	else
		sb_addf(sb, " | %s (%s)", c->who, role);
}

static void layout(struct console *c);

void
console_paint(struct console *c, const char *prompt)
{
	struct sb status = SB_INIT;
	FILE *fp;

	layout(c);
	status_line(c, &status);
	draw_screen(console_top(c), c->pane_open ? &c->pane : NULL, status.buf,
	    c->msg.len ? c->msg.buf : c->hints.buf,
	    c->msg.len ? c->msg_style : ST_DIM, prompt);
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
	if (c->depth == CONSOLE_STACK_MAX) {
		console_say(c, ST_DANGER,
		    "too many screens open (q closes one)");
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
		console_say(c, ST_DANGER, "%s", e->msg);
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

	view_close(console_top(c));
	c->depth--;
	/* The one below may be stale: a decision, a resize. */
	view_resize(console_top(c), list_height(c, console_top(c)), c->cols,
	    &e);
	view_refresh(console_top(c), &e);
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

void
console_open_campaigns(struct console *c)
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

/*
 * The read policy of the command line (db/role.h): the sources, the
 * inventory and the findings are for admins and auditors; any other
 * login is told so and stays where it is. 1 when refused.
 */
static int
read_refused(struct console *c, const char *what)
{
	struct err e = ERR_INIT;

	if (role_check_read(c->actor, what, &e) == 0)
		return 0;
	console_say(c, ST_WARN, "%s", e.msg);
	return 1;
}

static void
open_sources(struct console *c)
{
	struct view *v;
	struct err e = ERR_INIT;

	if (read_refused(c, "the list of sources") || push_prepare(c, &v) != 0)
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

	if (read_refused(c, "the inventory") || push_prepare(c, &v) != 0)
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

	if (read_refused(c, "the findings") || push_prepare(c, &v) != 0)
		return;
	push_done(c, v,
	    view_findings_open(v, c->db, c->actor, c->lines - 4, c->cols, &e),
	    &e);
}

/* The owner's view of the campaign under the cursor, or the current one. */
static void
open_progress(struct console *c)
{
	struct view *top = console_top(c), *v;
	struct err e = ERR_INIT;
	const char *name = c->camp.id != 0 ? c->camp.name : NULL;
	char *held;

	if (top->ops->campaign != NULL && top->ops->campaign(top) != NULL)
		name = top->ops->campaign(top);
	if (name == NULL) {
		console_say(c, ST_WARN,
		    "no campaign yet (an admin creates one)");
		return;
	}
	held = xstrdup(name); /* the row it lives in may go */
	if (push_prepare(c, &v) == 0)
		push_done(c, v,
		    view_progress_open(v, c->db, c->actor, held, c->now,
			c->lines - 4, c->cols, &e),
		    &e);
	free(held);
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

int
console_idle(struct console *c)
{
	struct view *v = console_top(c);
	struct err e = ERR_INIT;

	return v->ops->idle != NULL && v->ops->idle(v, &e) == 1;
}

void
console_resize(struct console *c)
{
	struct err e = ERR_INIT;

	display_size(&c->lines, &c->cols);
	view_resize(console_top(c), list_height(c, console_top(c)), c->cols,
	    &e);
}

/* ---- the detail pane of a wide screen ---- */

static int
split(struct console *c)
{
	return c->depth > 0 && console_top(c)->ops->side_detail &&
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
	struct view *v = console_top(c);
	struct err e = ERR_INIT;
	int w = split(c) ? list_width(c) : c->cols;
	int64_t item;

	if (v->width != w)
		view_resize(v, v->height, w, &e);
	if (!split(c)) {
		close_pane(c);
		return;
	}
	if ((item = view_item(v)) == 0) {
		close_pane(c);
		return;
	}
	if (c->pane_open && c->pane_item == item && !c->pane_dirty &&
	    c->pane.width == c->cols - w - 1 && c->pane.height == c->lines - 3)
		return;
	if (c->pane_open)
		view_close(&c->pane);
	memset(&c->pane, 0, sizeof(c->pane));
	c->pane.con = c;
	c->pane_open = view_detail_open(&c->pane, c->db, c->actor, item, c->now,
			   c->lines - 3, c->cols - w - 1, &e) == 0;
	if (!c->pane_open)
		view_close(&c->pane);
	c->pane_item = item;
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
	case REQ_SCROLL_DOWN:
	case REQ_SCROLL_UP:
		c->pane.ops->request(&c->pane,
		    req == REQ_DOWN || req == REQ_SCROLL_DOWN ? REQ_SCROLL_DOWN
							      : REQ_SCROLL_UP,
		    &e);
		return 1;
	case REQ_PAGE_DOWN:
	case REQ_PAGE_UP:
		n = c->pane.height > 1 ? c->pane.height - 1 : 1;
		for (i = 0; i < n; i++)
			c->pane.ops->request(&c->pane,
			    req == REQ_PAGE_DOWN ? REQ_SCROLL_DOWN
						 : REQ_SCROLL_UP,
			    &e);
		return 1;
	default:
		return 0;
	}
}

/* ---- the loop ---- */

static int
count_item(const struct item_row *r, void *arg)
{
	(void)r;
	(void)arg;
	return 0;
}

struct first {
	int64_t item, campaign;
	char *name; /* the campaign's */
};

static int
first_item(const struct item_row *r, void *arg)
{
	struct first *f = arg;

	if (f->item == 0) {
		f->item = r->id;
		f->campaign = r->campaign_id;
		f->name = r->campaign ? xstrdup(r->campaign) : NULL;
	}
	return 0;
}

/*
 * Enter on a finding: the items of the current campaign that hold it, the
 * one's detail or the list of them; why there is none when there is none.
 */
static void
open_finding_items(struct console *c, int64_t finding, const char *what)
{
	struct view *v;
	struct err e = ERR_INIT;
	struct first f = { 0, 0, NULL };
	struct sb title = SB_INIT;
	int n = 0;

	/* The current campaign's, else the newest (open first) holding it. */
	if (c->camp.id != 0 &&
	    item_for_finding(c->db, finding, c->camp.id, first_item, &f, &n,
		&e) != 0)
		goto fail;
	if (n == 0) {
		if (item_for_finding(c->db, finding, 0, first_item, &f, &n,
			&e) != 0)
			goto fail;
		/* Then only that campaign's. */
		if (n > 0 &&
		    item_for_finding(c->db, finding, f.campaign, count_item,
			NULL, &n, &e) != 0)
			goto fail;
	}
	if (n == 0) {
		console_say(c, ST_WARN,
		    "no review item holds this finding (it came after the "
		    "campaigns began, or it is on a whole source)");
		goto out;
	}
	if (n == 1) {
		open_detail(c, f.item);
		goto out;
	}
	sb_adds(&title, what ? what : "the finding");
	if (f.campaign != c->camp.id && f.name != NULL)
		sb_addf(&title, " in %s", f.name);
	if (push_prepare(c, &v) != 0)
		goto out;
	push_done(c, v,
	    view_held_open(v, c->db, c->actor, finding, f.campaign, title.buf,
		c->lines - 4, c->cols, &e),
	    &e);
	goto out;
fail:
	console_say(c, ST_DANGER, "%s", e.msg);
out:
	free(f.name);
	sb_release(&title);
}

/* Enter: where the current row leads (view_ops.follow). */
static void
enter(struct console *c)
{
	struct view *v = console_top(c);
	struct view_link to = { LINK_NONE, 0, NULL };
	struct db_campaign_brief b;
	struct err e = ERR_INIT;
	int64_t item = 0;

	if (v->ops->follow != NULL)
		v->ops->follow(v, &to);
	switch (to.kind) {
	case LINK_ITEM:
		open_detail(c, to.id);
		break;
	case LINK_GRANT:
		if (to.id == 0 ||
		    db_item_for_grant(c->db, to.id, c->camp.id, &item, &e) !=
			0 ||
		    item == 0) {
			console_say(c, ST_WARN,
			    "no review item holds this %s yet (a "
			    "campaign over it makes one)",
			    to.id ? "grant" : "finding");
			return;
		}
		open_detail(c, item);
		break;
	case LINK_FINDING:
		open_finding_items(c, to.id, to.name);
		break;
	case LINK_CAMPAIGN:
		if (db_campaign_pick(c->db, c->who, to.name, &b, &e) != 0) {
			console_say(c, ST_DANGER, "%s", e.msg);
			return;
		}
		db_campaign_brief_release(&c->camp);
		c->camp = b;
		open_queue(c, b.id, b.name, b.due);
		break;
	case LINK_NONE:
		break;
	}
}

/* Close views down to the first one req shows; 0 if there is none. */
static int
pop_to(struct console *c, enum request req)
{
	int i;

	for (i = c->depth - 1; i >= 0; i--)
		if (c->stack[i].ops->shown_by == req)
			break;
	if (i < 0)
		return 0;
	while (c->depth - 1 > i)
		pop(c);
	return 1;
}

/* The queue of the current campaign, if there is one. */
static void
open_current_queue(struct console *c)
{
	if (c->camp.id != 0)
		open_queue(c, c->camp.id, c->camp.name, c->camp.due);
	else
		console_say(c, ST_WARN,
		    "no campaign yet (an admin creates one)");
}

/* The screens a request shows, and how each is opened. */
static const struct {
	enum request req;
	void (*open)(struct console *c);
} screens[] = {
	{ REQ_CAMPAIGNS, console_open_campaigns },
	{ REQ_QUEUE, open_current_queue },
	{ REQ_SOURCES, open_sources },
	{ REQ_INVENTORY, open_inventory },
	{ REQ_FINDINGS, open_findings },
	{ REQ_PROGRESS, open_progress },
	{ REQ_HELP, open_help },
};

/* Show the screen req asks for: back down to it, else opened on top. */
static void
show(struct console *c, enum request req)
{
	size_t i;

	if (pop_to(c, req))
		return;
	for (i = 0; i < sizeof(screens) / sizeof(screens[0]); i++)
		if (screens[i].req == req)
			screens[i].open(c);
}

/* Tab goes round these screens; a queue needs a campaign. */
static const enum request tab_round[] = { REQ_QUEUE, REQ_SOURCES,
	REQ_CAMPAIGNS };

#define NTAB (sizeof(tab_round) / sizeof(tab_round[0]))

static void
next_screen(struct console *c)
{
	size_t i;

	for (i = 0; i < NTAB; i++)
		if (tab_round[i] == console_top(c)->ops->shown_by)
			break;
	/* From a screen off the round: the sources. */
	i = i < NTAB ? (i + 1) % NTAB : 1;
	if (tab_round[i] == REQ_QUEUE && c->camp.id == 0)
		i = (i + 1) % NTAB;
	show(c, tab_round[i]);
}

/*
 * j/k or n/N on an item's page: move the list below it, then show the
 * page of the item the list's cursor reached.
 */
static void
step_below(struct console *c, enum request req)
{
	struct view *below, *top = console_top(c);
	struct err e = ERR_INIT;
	enum view_result vr;
	int64_t was, now;

	if (c->depth < 2 || view_item(&c->stack[c->depth - 2]) == 0) {
		console_say(c, ST_WARN,
		    "no list of items below this page to step through");
		return;
	}
	below = &c->stack[c->depth - 2];
	was = view_item(top);
	if (req == REQ_NEXT_PENDING || req == REQ_PREV_PENDING)
		vr = below->ops->request(below, req, &e);
	else
		vr = view_move(below, req == REQ_DOWN ? 1 : -1, &e);
	now = view_item(below);
	if (vr == VR_UNHANDLED || now == 0 || now == was) {
		console_say(c, ST_DIM, "%s",
		    req == REQ_DOWN	? "the last item: no next one"
			: req == REQ_UP ? "the first item: no previous one"
			: req == REQ_NEXT_PENDING
			? "no item still to decide after this one"
			: "no item still to decide before this one");
		return;
	}
	view_close(top);
	c->depth--;
	open_detail(c, now);
}

/*
 * A request the screen on top left to the console. Returns what changed,
 * for handle() to act on.
 */
static enum view_result
console_request(struct console *c, enum request req)
{
	struct view *v = console_top(c);
	struct err e = ERR_INIT;

	if (v->ops->steps_below &&
	    (req == REQ_DOWN || req == REQ_UP || req == REQ_NEXT_PENDING ||
		req == REQ_PREV_PENDING)) {
		step_below(c, req);
		return VR_REDRAW;
	}
	switch (req) {
	case REQ_DOWN:
	case REQ_SCROLL_DOWN:
		view_move(v, 1, &e);
		break;
	case REQ_UP:
	case REQ_SCROLL_UP:
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
		return VR_BACK;
	case REQ_QUIT:
		return VR_QUIT;
	case REQ_FILTER:
		return prompt_filter(c);
	case REQ_APPROVE:
	case REQ_REVOKE:
	case REQ_EXCEPTION:
	case REQ_DELEGATE:
		return decide_run(c, req);
	case REQ_UNDO:
		return decide_undo(c);
	case REQ_CAMPAIGNS:
	case REQ_QUEUE:
	case REQ_SOURCES:
	case REQ_INVENTORY:
	case REQ_FINDINGS:
	case REQ_PROGRESS:
		show(c, req);
		break;
	case REQ_CREATE:
		if (v->ops->shown_by != REQ_CAMPAIGNS)
			console_open_campaigns(c);
		return campaign_admin_create(c);
	case REQ_CLOSE:
		return campaign_admin_close(c);
	case REQ_EVIDENCE:
		return campaign_admin_evidence(c);
	case REQ_NEXT_VIEW:
		next_screen(c);
		break;
	case REQ_REFRESH:
		display_touch();
		return VR_RELOAD;
	case REQ_HELP:
		/* Over any screen but itself (a help below stays). */
		if (v->ops->shown_by != REQ_HELP)
			open_help(c);
		break;
	case REQ_SORT:
	case REQ_PENDING:
	case REQ_SCOPE:
	case REQ_SELECT:
	case REQ_MARK_UNCHANGED:
	case REQ_NEXT_PENDING:
	case REQ_PREV_PENDING:
		console_say(c, ST_WARN, "%s: only in a queue",
		    request_name(req));
		break;
	default:
		break;
	}
	return VR_REDRAW;
}

/* One request: the pane's, the screen on top's, else the console's. */
static void
handle(struct console *c, enum request req)
{
	struct view *v = console_top(c);
	struct err e = ERR_INIT;
	enum view_result vr;

	if (pane_request(c, req))
		return;
	if (req == REQ_NEXT_VIEW && c->pane_open) {
		c->pane_focus = !c->pane_focus;
		console_say(c, ST_DIM, "%s",
		    c->pane_focus
			? "Tab: j/k and PgUp/PgDn scroll the item's detail"
			: "Tab: j/k move in the queue");
		return;
	}
	/* A may read a whole queue's pending items: say so while it does. */
	if (req == REQ_MARK_UNCHANGED && v->ops->marked != NULL)
		console_paint(c,
		    "looking for the items approved unchanged last time...");
	vr = v->ops->request(v, req, &e);
	if (vr == VR_UNHANDLED)
		vr = console_request(c, req);
	else if (e.code != 0)
		console_say(c, ST_WARN, "%s", e.msg);
	else if (e.msg[0] != '\0')
		/* A view's note of what it did (code 0). */
		console_say(c, ST_GOOD, "%s", e.msg);
	err_clear(&e);
	switch (vr) {
	case VR_RELOAD:
		if (view_refresh(console_top(c), &e) != 0)
			console_say(c, ST_DANGER, "%s", e.msg);
		break;
	case VR_BACK:
		/* q on the first screen leaves. */
		if (c->depth == 1)
			c->quit = 1;
		else
			pop(c);
		break;
	case VR_QUIT:
		c->quit = 1;
		break;
	default:
		break;
	}
}

static void
mouse(struct console *c)
{
	struct view *v = console_top(c);
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
	int key, rc = 0;
	enum request req;

	memset(&c, 0, sizeof(c));
	sb_init(&c.msg);
	sb_init(&c.hints);
	c.db = db;
	c.actor = a;
	c.who = actor_effective(a);
	c.now = (int64_t)time(NULL);
	c.dump = getenv("PARC_SCREEN_DUMP");
	if (c.dump != NULL && *c.dump == '\0')
		c.dump = NULL;
	if ((rc = db_campaign_pick(db, c.who, campaign, &c.camp, e)) != 0)
		return rc;
	keys_hints(&c.hints);
	if ((rc = display_init(e)) != 0)
		goto out;
	display_size(&c.lines, &c.cols);
	if (c.camp.id != 0)
		open_queue(&c, c.camp.id, c.camp.name, c.camp.due);
	if (c.depth == 0) {
		console_open_campaigns(&c);
		if (c.camp.id == 0)
			console_say(&c, ST_WARN,
			    "no campaign yet: an admin creates "
			    "one here with C");
	}
	if (c.depth == 0) {
		rc = err_set(e, PARC_EDB, "%s", c.msg.buf);
		goto out;
	}
	while (!c.quit) {
		console_paint(&c, NULL);
		/* Deferred counts come after the first screen is up. */
		while (!display_key_waiting() && console_idle(&c))
			console_paint(&c, NULL);
		key = display_getkey(-1);
		if (key == DKEY_SIGNAL)
			break;
		if (key == DKEY_NONE)
			continue;
		if (key == DKEY_RESIZE) {
			console_resize(&c);
			continue;
		}
		if (key == DKEY_MOUSE) {
			mouse(&c);
			continue;
		}
		if ((req = keys_request(key)) == REQ_NONE) {
			console_say(&c, ST_WARN,
			    "%s: no such key (? lists them)",
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
	decide_log_release(&c.log);
	db_campaign_brief_release(&c.camp);
	sb_release(&c.msg);
	sb_release(&c.hints);
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
