/*
 * prompt.h - the bottom line's prompts: a line of text, a yes or no, one
 * key among a few, and the / filter typed as it applies. Each paints the
 * screen with its question at the bottom while it waits for keys (the one
 * time a flow paints), follows a resize, and after SIGTERM or SIGHUP tells
 * the console to quit and gives up; Ctrl-C cancels the prompt only.
 */
#ifndef PARC_PROMPT_H
#define PARC_PROMPT_H

#include "lib/sb.h"
#include "tui/console/view.h"

struct console;

/*
 * Read a line after label into out (which may hold a start value, and
 * keeps at most 500 bytes of UTF-8): Backspace, ^U clears. on_change,
 * when set, runs after each edit with the text so far (the filter as it
 * is typed). Returns 1 on Enter, 0 on Esc, ^G or Ctrl-C (the prompt is
 * cancelled, the console goes on), -1 on SIGTERM or SIGHUP.
 */
int prompt_line(struct console *c, const char *label, struct sb *out,
    void (*on_change)(struct console *c, const char *text));

/*
 * prompt_line without on_change, and Tab asks complete to finish text
 * (it may change it) and to say in hint what else there is, shown after
 * the text until the next key.
 */
int prompt_line_complete(struct console *c, const char *label, struct sb *out,
    void (*complete)(struct console *c, struct sb *text, struct sb *hint));

/* Ask question: 1 when the answer is y or Y, 0 for any other key. */
int prompt_confirm(struct console *c, const char *question);

/* Ask question and return the key answered (DKEY_SIGNAL on a signal). */
int prompt_key(struct console *c, const char *question);

/*
 * The / filter of the screen on top (view_ops.filter), applied at each
 * key; Enter keeps it, Esc clears it. A screen without a filter says so.
 */
enum view_result prompt_filter(struct console *c);

#endif
