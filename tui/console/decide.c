/* decide.c - decisions and undo from the keyboard (decide.h). */
#include <stdlib.h>
#include <string.h>

#include "db/browse.h"
#include "db/campaign.h"
#include "db/decision.h"
#include "db/item.h"
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
		if (prompt_line(c, "exception until (YYYY-MM-DD): ", &until,
			NULL) != 1 ||
		    until.len == 0)
			goto cancel;
		dr.until = until.buf;
	}
	if (req == REQ_DELEGATE) {
		char *who = NULL;

		if (prompt_line(c, "delegate to (login): ", &to, NULL) != 1 ||
		    to.len == 0)
			goto cancel;
		/* Say who that is before handing the items over. */
		if (db_person_by_login(c->db, to.buf, &who, &e) != 0 ||
		    who == NULL) {
			console_say(c, ST_DANGER,
			    "not delegated: no active person "
			    "has the login '%s'",
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
		else
			sb_addf(&q, "%s - justification: ", dr.decision);
		rc = prompt_line(c, q.buf, &why, NULL);
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
