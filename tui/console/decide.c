/* decide.c - decisions and undo from the keyboard (decide.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db/browse.h"
#include "db/campaign.h"
#include "db/complete.h"
#include "db/decision.h"
#include "db/item.h"
#include "lib/isodate.h"
#include "lib/sb.h"
#include "tui/console/consoleint.h"
#include "tui/console/decide.h"
#include "tui/console/prompt.h"

void
decide_log_release(struct decide_log *log)
{
	int i;

	for (i = 0; i < log->n; i++)
		free(log->undo[i].ids);
	log->n = 0;
}

static void
undo_push(struct console *c, const int64_t *ids, size_t n)
{
	struct decide_undo *u;

	if (c->log.n == DECIDE_UNDO_MAX) {
		free(c->log.undo[0].ids);
		memmove(c->log.undo, c->log.undo + 1,
		    (DECIDE_UNDO_MAX - 1) * sizeof(*u));
		c->log.n--;
	}
	u = &c->log.undo[c->log.n++];
	u->ids = xmalloc(n * sizeof(*ids));
	memcpy(u->ids, ids, n * sizeof(*ids));
	u->n = n;
}

/*
 * Tell every screen of decisions just recorded: the one on top how they
 * went, those below (a queue under an item's detail) that they count and
 * read again; the wide screen's pane reads its item again.
 */
static void
decided(struct console *c, enum view_decided how)
{
	struct err e = ERR_INIT;
	int i;

	for (i = 0; i < c->depth - 1; i++)
		view_decided(&c->stack[i], VD_OTHER, &e);
	view_decided(console_top(c), how, &e);
	c->pane_dirty = 1;
}

/* The items a decision applies to: the marked ones, else the current. */
static size_t
targets(struct console *c, const int64_t **ids, int64_t *one, int *bulk)
{
	struct view *v = console_top(c);
	size_t n;

	*bulk = 0;
	if ((n = view_marked(v, ids)) > 0) {
		*bulk = 1;
		return n;
	}
	if ((*one = view_item(v)) == 0)
		return 0;
	*ids = one;
	return 1;
}

/* ---- what a decision asks for ---- */

/* Strip blanks (spaces, tabs) from both ends of sb. */
static void
trim(struct sb *sb)
{
	size_t a = 0, b = sb->len;

	while (a < b && (sb->buf[a] == ' ' || sb->buf[a] == '\t'))
		a++;
	while (b > a && (sb->buf[b - 1] == ' ' || sb->buf[b - 1] == '\t'))
		b--;
	memmove(sb->buf, sb->buf + a, b - a);
	sb->len = b - a;
	sb->buf[sb->len] = '\0';
}

/*
 * Ask for an exception's last day until it is a real day after today:
 * checked here, before the justification is typed. 1 with the date in
 * until, 0 when cancelled.
 */
static int
ask_until(struct console *c, struct sb *until)
{
	struct sb label = SB_INIT;
	char today[11];
	time_t now = (time_t)c->now;
	struct tm tm;
	int rc;

	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	sb_adds(&label, "exception until (YYYY-MM-DD): ");
	for (;;) {
		if ((rc = prompt_line(c, label.buf, until, NULL)) != 1)
			break;
		trim(until);
		if (until->len == 0) {
			rc = 0;
			break;
		}
		if (until->len == 10 && iso_date_or_time_valid(until->buf) &&
		    strcmp(until->buf, today) > 0)
			break;
		sb_reset(&label);
		sb_adds(&label, "not a day after today: ");
		sb_add_safe(&label, until->buf);
		sb_adds(&label, " - exception until (YYYY-MM-DD): ");
		sb_reset(until);
	}
	sb_release(&label);
	return rc == 1;
}

/*
 * Ask question for a justification until it holds more than blanks (or,
 * optional, is left empty). 1 with it in why, 0 when cancelled.
 */
static int
ask_why(struct console *c, const char *question, int optional, struct sb *why)
{
	struct sb label = SB_INIT;
	int rc;

	sb_adds(&label, question);
	for (;;) {
		if ((rc = prompt_line(c, label.buf, why, NULL)) != 1)
			break;
		trim(why);
		if (why->len > 0 || optional)
			break;
		sb_reset(&label);
		sb_adds(&label, "blanks are no justification - ");
		sb_adds(&label, question);
		sb_reset(why);
	}
	sb_release(&label);
	return rc == 1;
}

struct completion {
	struct sb list;
	char *first, *common;
	int n;
};

static int
add_completion(const char *login, const char *name, void *arg)
{
	struct completion *k = arg;
	size_t i;

	if (k->n++ == 0) {
		k->first = xstrdup(login);
		k->common = xstrdup(login);
	} else {
		for (i = 0; k->common[i] && login[i] &&
		     tolower((unsigned char)k->common[i]) ==
			 tolower((unsigned char)login[i]);
		     i++)
			;
		k->common[i] = '\0';
	}
	if (k->n <= 4) {
		if (k->list.len > 0)
			sb_adds(&k->list, ", ");
		sb_adds(&k->list, login);
		if (name != NULL && *name)
			sb_addf(&k->list, " (%s)", name);
	} else if (k->n == 5)
		sb_adds(&k->list, ", ...");
	return 0;
}

/* Tab at the delegate prompt: a login or a name completed to a login. */
static void
complete_login(struct console *c, struct sb *text, struct sb *hint)
{
	struct completion k;
	struct err e = ERR_INIT;

	memset(&k, 0, sizeof(k));
	sb_init(&k.list);
	trim(text);
	if (db_people_complete(c->db, text->buf, 50, add_completion, &k, &e) !=
	    0)
		sb_adds(hint, e.msg);
	else if (k.n == 0)
		sb_adds(hint, "(no active person has such a login or name)");
	else if (k.n == 1) {
		sb_reset(text);
		sb_adds(text, k.first);
		sb_addf(hint, "= %s", k.list.buf);
	} else {
		/* As far as the logins agree, when they start with it. */
		if (strlen(k.common) > text->len &&
		    strncasecmp(k.common, text->buf, text->len) == 0) {
			sb_reset(text);
			sb_adds(text, k.common);
		}
		sb_addf(hint, "[%s]", k.list.buf);
	}
	free(k.first);
	free(k.common);
	sb_release(&k.list);
}

enum view_result
decide_run(struct console *c, enum request req)
{
	static const char *const verbs[] = { "approve", "revoke", "exception",
		"delegate" };
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
		console_say(c, ST_WARN, "no item here to decide");
		return VR_REDRAW;
	}
	sb_reset(&c->msg);
	memset(&dr, 0, sizeof(dr));
	dr.decision = verbs[which];
	/* What an approval goes against, wherever it is taken. */
	if (view_items_flags(c->db, ids, n, &flags, &e) != 0) {
		console_say(c, ST_DANGER, "not recorded: %s", e.msg);
		goto out;
	}
	if (req == REQ_EXCEPTION) {
		if (!ask_until(c, &until))
			goto cancel;
		dr.until = until.buf;
	}
	if (req == REQ_DELEGATE) {
		char *who = NULL;

		if (prompt_line_complete(c,
			"delegate to (login or name, Tab completes): ", &to,
			complete_login) != 1)
			goto cancel;
		trim(&to);
		if (to.len == 0)
			goto cancel;
		/* Say who that is before handing the items over. */
		if (db_person_by_login(c->db, to.buf, &who, &e) != 0 ||
		    who == NULL) {
			console_say(c, ST_DANGER,
			    "not delegated: no active person "
			    "has the login '%s' (Tab completes a login)",
			    to.buf);
			goto out;
		}
		sb_reset(&q);
		sb_addf(&q, "delegate %zu item%s to %s (%s)? (y/n) ", n,
		    n == 1 ? "" : "s", who, to.buf);
		free(who);
		if (!prompt_confirm(c, q.buf))
			goto cancel;
		dr.to = to.buf;
	}
	if (req != REQ_APPROVE || flags.len > 0) {
		sb_reset(&q);
		if (req == REQ_APPROVE)
			sb_addf(&q, "approve despite %s - why: ", flags.buf);
		else if (req == REQ_DELEGATE)
			sb_addf(&q, "delegate - note (Enter: none): ");
		else
			sb_addf(&q, "%s - justification: ", dr.decision);
		if (!ask_why(c, q.buf, req == REQ_DELEGATE, &why))
			goto cancel;
		if (why.len > 0)
			dr.comment = why.buf;
	}
	if (bulk) {
		sb_reset(&q);
		sb_addf(&q, "%s %zu marked items%s%s? (y/n) ", dr.decision, n,
		    flags.len ? "; flagged among them: " : "",
		    flags.len ? flags.buf : "");
		if (!prompt_confirm(c, q.buf))
			goto cancel;
		rc = item_decide_bulk(c->db, c->actor, ids, n, &dr, &e);
	} else
		rc = item_decide(c->db, c->actor, ids[0], &dr, &e);
	if (rc != 0) {
		console_say(c, ST_DANGER, "not recorded: %s", e.msg);
		goto out;
	}
	undo_push(c, ids, n);
	if (bulk)
		console_say(c, ST_GOOD, "%s: %zu items recorded", dr.decision,
		    n);
	else
		console_say(c, ST_GOOD, "%s recorded for item %lld (u undoes)",
		    dr.decision, (long long)ids[0]);
	decided(c, bulk ? VD_MARKED : VD_CURRENT);
	goto out;
cancel:
	console_say(c, ST_WARN, "cancelled: nothing recorded");
out:
	sb_release(&why);
	sb_release(&until);
	sb_release(&to);
	sb_release(&q);
	sb_release(&flags);
	return VR_REDRAW;
}

enum view_result
decide_undo(struct console *c)
{
	struct decide_req dr;
	struct err e = ERR_INIT;
	struct decide_undo *u;
	int rc;

	if (c->log.n == 0) {
		console_say(c, ST_WARN, "nothing to undo in this session");
		return VR_REDRAW;
	}
	u = &c->log.undo[c->log.n - 1];
	memset(&dr, 0, sizeof(dr));
	dr.decision = "undo";
	if (u->n == 1)
		rc = item_decide(c->db, c->actor, u->ids[0], &dr, &e);
	else
		rc = item_decide_bulk(c->db, c->actor, u->ids, u->n, &dr, &e);
	if (rc != 0) {
		console_say(c, ST_DANGER, "undo not recorded: %s", e.msg);
		return VR_REDRAW;
	}
	if (u->n == 1)
		console_say(c, ST_GOOD, "undone: item %lld is pending again",
		    (long long)u->ids[0]);
	else
		console_say(c, ST_GOOD, "undone: %zu items are pending again",
		    u->n);
	free(u->ids);
	c->log.n--;
	decided(c, VD_OTHER);
	return VR_REDRAW;
}
