/*
 * decide.h - decisions from the keyboard: approve, revoke, exception and
 * delegate on the marked items of the screen on top, else on its item
 * (view_ops.marked and .item); the bottom line asks for what each needs
 * (an until-date, a login and who that is, a justification, a
 * confirmation for many) before db/campaign.h records it. And u, which
 * takes back the decisions made in this console, newest first.
 */
#ifndef PARC_DECIDE_H
#define PARC_DECIDE_H

#include <stddef.h>
#include <stdint.h>

#include "tui/console/request.h"
#include "tui/console/view.h"

struct console;

/* How many decisions u can take back, the oldest forgotten first. */
#define DECIDE_UNDO_MAX 64

/* One decision recorded: the items it went to. */
struct decide_undo {
	int64_t *ids; /* malloc'd */
	size_t n;
};

/* The decisions recorded in this console, newest last. */
struct decide_log {
	struct decide_undo undo[DECIDE_UNDO_MAX];
	int n;
};

/* Free what log holds; it is empty after. */
void decide_log_release(struct decide_log *log);

/*
 * Decide req (REQ_APPROVE, REQ_REVOKE, REQ_EXCEPTION, REQ_DELEGATE) on
 * the screen on top's marked items, else its item: ask, record, tell the
 * screen (view_decided) and say on the bottom line what happened or why
 * nothing was recorded. Returns what changed for the loop.
 */
enum view_result decide_run(struct console *c, enum request req);

/* Take back the newest decision of c->log (its items pending again). */
enum view_result decide_undo(struct console *c);

#endif
