/* prompt.c - the bottom line's prompts (prompt.h). */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "lib/sb.h"
#include "tui/console/consoleint.h"
#include "tui/console/display.h"
#include "tui/console/prompt.h"

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

/* A key read while a prompt waits: Ctrl-C is Esc (cancel), and only
 * SIGTERM or SIGHUP end the console. */
static int
prompt_getkey(struct console *c, int timeout_ms)
{
	int key = display_getkey(timeout_ms);

	if (key == DKEY_SIGNAL) {
		if (display_take_interrupt())
			return 27;
		c->quit = 1;
	}
	return key;
}

static int
edit_line(struct console *c, const char *label, struct sb *out,
    void (*on_change)(struct console *c, const char *text),
    void (*complete)(struct console *c, struct sb *text, struct sb *hint))
{
	struct sb shown = SB_INIT, hint = SB_INIT;
	char mb[8];
	mbstate_t ps;
	size_t k;
	int key, rc = 0;

	for (;;) {
		sb_reset(&shown);
		sb_adds(&shown, label);
		sb_add_safe(&shown, out->buf);
		if (hint.len > 0) {
			sb_adds(&shown, "   ");
			sb_add_safe(&shown, hint.buf);
		}
		console_paint(c, shown.buf);
		/* While the filter is typed, a pause lets counts catch up. */
		key = prompt_getkey(c, on_change != NULL ? 150 : -1);
		if (key == DKEY_NONE) {
			if (console_idle(c))
				continue;
			key = prompt_getkey(c, -1);
		}
		if (key == DKEY_SIGNAL) {
			rc = -1;
			break;
		}
		if (key == '\t' && complete != NULL) {
			sb_reset(&hint);
			complete(c, out, &hint);
			continue;
		}
		sb_reset(&hint);
		if (key == DKEY_RESIZE) {
			console_resize(c);
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
	sb_release(&hint);
	return rc;
}

int
prompt_line(struct console *c, const char *label, struct sb *out,
    void (*on_change)(struct console *c, const char *text))
{
	return edit_line(c, label, out, on_change, NULL);
}

int
prompt_line_complete(struct console *c, const char *label, struct sb *out,
    void (*complete)(struct console *c, struct sb *text, struct sb *hint))
{
	return edit_line(c, label, out, NULL, complete);
}

int
prompt_key(struct console *c, const char *question)
{
	int key;

	for (;;) {
		console_paint(c, question);
		key = prompt_getkey(c, -1);
		if (key == DKEY_RESIZE) {
			console_resize(c);
			continue;
		}
		return key;
	}
}

int
prompt_confirm(struct console *c, const char *question)
{
	int key = prompt_key(c, question);

	return key == 'y' || key == 'Y';
}

static void
filter_changed(struct console *c, const char *text)
{
	struct err e = ERR_INIT;

	if (view_filter(console_top(c), text, &e) != 0)
		console_say(c, ST_DANGER, "%s", e.msg);
}

enum view_result
prompt_filter(struct console *c)
{
	struct view *v = console_top(c);
	struct sb text = SB_INIT;

	if (v->ops->filter == NULL) {
		console_say(c, ST_WARN, "/ filters a list");
		return VR_REDRAW;
	}
	if (v->filter != NULL)
		sb_adds(&text, v->filter);
	sb_reset(&c->msg);
	/* Esc: no filter at all. */
	if (prompt_line(c, "filter: ", &text, filter_changed) == 0)
		filter_changed(c, NULL);
	sb_release(&text);
	return VR_REDRAW;
}
