/*
 * consoleint.h - what the console's own files share and nobody else sees:
 * the console's state, and the few things its flows (prompt.c, decide.c,
 * campaign_admin.c) ask of the main loop in console.c. The loop owns the
 * repaint: a flow paints only while a prompt of its waits for keys, and
 * otherwise returns what changed (enum view_result) for the loop to act on.
 */
#ifndef PARC_CONSOLEINT_H
#define PARC_CONSOLEINT_H

#include <stdint.h>

#include "db/browse.h"
#include "db/role.h"
#include "lib/sb.h"
#include "tui/console/decide.h"
#include "tui/console/view.h"

/* Screens open at once, one above the other. */
#define CONSOLE_STACK_MAX 8

struct console {
	struct db *db;
	const struct actor *actor;
	const char *who; /* the reviewer acted as: actor_effective() */
	struct view stack[CONSOLE_STACK_MAX];
	int depth;
	int lines, cols;
	int64_t now;
	struct db_campaign_brief camp; /* the current campaign (id 0: none) */
	struct sb msg;		       /* the bottom line's message, or "" */
	int msg_style;
	struct sb hints;       /* the bottom line when there is no message */
	const char *dump;      /* $PARC_SCREEN_DUMP, or NULL */
	struct decide_log log; /* this session's decisions, for undo */
	int quit;	       /* leave at the next turn of the loop */
	/* A wide screen shows the current item's detail right of the queue. */
	struct view pane;
	int pane_open, pane_focus, pane_dirty;
	int64_t pane_item;
};

/* The screen on top (there is always one while the loop runs). */
struct view *console_top(struct console *c);

/*
 * Append msg to out in the console's words: what it says to type at a
 * shell in parentheses ("(parc decide 5 delegate --to LOGIN)") left out,
 * and the command line's options named as the console asks for them
 * ("--until" is "an until-date").
 */
void console_words(const char *msg, struct sb *out);

/* Put a message on the bottom line until the next key, in style (in the
 * console's words: console_words). */
void console_say(struct console *c, int style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Paint the screen now, prompt (when not NULL) on the bottom line with the
 * cursor after it: for a prompt waiting for keys, or work under way.
 */
void console_paint(struct console *c, const char *prompt);

/*
 * The status line's name of the roles bits (db/role.h) a login holds: its
 * strongest role, "no role" when it holds none (never "reviewer" without
 * the role). Static.
 */
const char *console_role_name(int roles);

/*
 * Do one piece of the top screen's deferred work (view_ops.idle): 1 when
 * the screen should be painted again, 0 when there is none left.
 */
int console_idle(struct console *c);

/* Follow a resize of the terminal (DKEY_RESIZE). */
void console_resize(struct console *c);

/* Open the campaigns list on top (C over another screen). */
void console_open_campaigns(struct console *c);

#endif
