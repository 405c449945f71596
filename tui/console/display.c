/* display.c - the terminal: set-up, colours, keys, signals, screen dump. */
#include <curses.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "lib/sb.h"
#include "tui/console/display.h"
#include "tui/console/view.h"

static SCREEN *screen;
static FILE *tty_in, *tty_out;
static int colour;
static volatile sig_atomic_t got_signal;
static int atexit_set;
static MEVENT last_mouse;

static void
on_signal(int sig)
{
	got_signal = sig;
}

/* Colour pairs per style: foreground, background (-1: the terminal's). */
static const struct {
	short fg, bg;
	unsigned long mono; /* attributes without colour */
	unsigned long extra;
} styles[ST_COUNT] = {
	[ST_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[ST_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_REVERSE, A_BOLD },
	[ST_HEADER] = { COLOR_CYAN, -1, A_BOLD | A_UNDERLINE, A_BOLD },
	[ST_STATUS] = { COLOR_BLACK, COLOR_CYAN, A_REVERSE, A_NORMAL },
	[ST_CURSOR] = { COLOR_BLACK, COLOR_YELLOW, A_REVERSE, A_NORMAL },
	[ST_FLAG] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[ST_DANGER] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[ST_GOOD] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[ST_WARN] = { COLOR_YELLOW, -1, A_UNDERLINE, A_NORMAL },
	[ST_DIM] = { -1, -1, A_DIM, A_DIM },
	[ST_SELECTED] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
};

int
display_init(struct err *e)
{
	struct sigaction sa;
	const char *nc = getenv("NO_COLOR");
	int i;

	if (screen != NULL)
		return 0;
	/* The terminal, not stdout: output may be a pipe while we ask. */
	tty_out = fopen("/dev/tty", "r+");
	if (tty_out == NULL)
		return err_set(e, PARC_EIO,
		    "the console needs a terminal (/dev/tty)");
	tty_in = tty_out;
	screen = newterm(NULL, tty_out, tty_in);
	if (screen == NULL) {
		fclose(tty_out);
		tty_out = tty_in = NULL;
		return err_set(e, PARC_EIO,
		    "cannot use terminal type '%s' (set TERM)",
		    getenv("TERM") ? getenv("TERM") : "");
	}
	if (!atexit_set) {
		atexit(display_end);
		atexit_set = 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: the key wait returns and the loop sees the flag. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	curs_set(0);
	colour = has_colors() && (nc == NULL || *nc == '\0');
	if (colour) {
		start_color();
		use_default_colors();
		for (i = 1; i < ST_COUNT; i++)
			init_pair((short)i, styles[i].fg, styles[i].bg);
	}
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
		| BUTTON5_PRESSED
#endif
	    ,
	    NULL);
	mouseinterval(200);
	return 0;
}

void
display_end(void)
{
	if (screen == NULL)
		return;
	curs_set(1);
	endwin();
	delscreen(screen);
	screen = NULL;
	if (tty_out != NULL)
		fclose(tty_out);
	tty_out = tty_in = NULL;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
}

void
display_size(int *lines, int *cols)
{
	getmaxyx(stdscr, *lines, *cols);
}

int
display_getkey(int timeout_ms)
{
	wint_t ch;
	int rc;

	if (got_signal)
		return DKEY_SIGNAL;
	timeout(timeout_ms);
	rc = wget_wch(stdscr, &ch);
	if (got_signal)
		return DKEY_SIGNAL;
	if (rc == ERR)
		return DKEY_NONE;
	if (rc == KEY_CODE_YES) {
		if (ch == KEY_MOUSE && getmouse(&last_mouse) != OK)
			return DKEY_NONE;
		return DKEY((int)ch);
	}
	return (int)ch;
}

int
display_key_waiting(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	return poll(&p, 1, 0) > 0;
}

int
display_take_interrupt(void)
{
	if (got_signal != SIGINT)
		return 0;
	got_signal = 0;
	return 1;
}

enum mouse_kind
display_mouse(int *y, int *x)
{
	*y = last_mouse.y;
	*x = last_mouse.x;
	if (last_mouse.bstate & BUTTON1_DOUBLE_CLICKED)
		return MOUSE_DOUBLE;
	if (last_mouse.bstate & BUTTON1_CLICKED)
		return MOUSE_CLICK;
	if (last_mouse.bstate & BUTTON4_PRESSED)
		return MOUSE_WHEEL_UP;
#ifdef BUTTON5_PRESSED
	if (last_mouse.bstate & BUTTON5_PRESSED)
		return MOUSE_WHEEL_DOWN;
#endif
	return MOUSE_NONE;
}

unsigned long
display_attr(int style)
{
	if (style < 0 || style >= ST_COUNT)
		style = ST_NORMAL;
	if (!colour)
		return styles[style].mono;
	if (style == ST_NORMAL)
		return A_NORMAL;
	return COLOR_PAIR(style) | styles[style].extra;
}

int
display_has_colour(void)
{
	return colour;
}

void
display_dump(FILE *fp)
{
	wchar_t wbuf[1024];
	char mb[MB_LEN_MAX];
	struct sb sb = SB_INIT;
	mbstate_t ps;
	int y, lines, cols, i, n;
	size_t k;

	if (screen == NULL)
		return;
	getmaxyx(stdscr, lines, cols);
	if (cols > 1023)
		cols = 1023;
	for (y = 0; y < lines; y++) {
		sb_reset(&sb);
		n = mvwinnwstr(stdscr, y, 0, wbuf, cols);
		memset(&ps, 0, sizeof(ps));
		for (i = 0; i < n && wbuf[i]; i++) {
			k = wcrtomb(mb, wbuf[i], &ps);
			if (k != (size_t)-1)
				sb_add(&sb, mb, k);
		}
		while (sb.len > 0 && sb.buf[sb.len - 1] == ' ')
			sb.buf[--sb.len] = '\0';
		fprintf(fp, "%s\n", sb.buf);
	}
	sb_release(&sb);
	fflush(fp);
}

const char *
display_keyname(int key)
{
	static char buf[16];

	switch (key) {
	case DKEY(KEY_DOWN):
		return "Down";
	case DKEY(KEY_UP):
		return "Up";
	case DKEY(KEY_NPAGE):
		return "PgDn";
	case DKEY(KEY_PPAGE):
		return "PgUp";
	case DKEY(KEY_HOME):
		return "Home";
	case DKEY(KEY_END):
		return "End";
	case DKEY(KEY_ENTER):
	case '\r':
	case '\n':
		return "Enter";
	case DKEY(KEY_LEFT):
		return "Left";
	case DKEY(KEY_RIGHT):
		return "Right";
	case DKEY(KEY_F(1)):
		return "F1";
	case 27:
		return "Esc";
	case '\t':
		return "Tab";
	case ' ':
		return "Space";
	}
	if (key > 0 && key < 32)
		snprintf(buf, sizeof(buf), "^%c", key + '@');
	else if (key >= 32 && key < 127)
		snprintf(buf, sizeof(buf), "%c", key);
	else
		snprintf(buf, sizeof(buf), "#%d", key);
	return buf;
}

void
display_touch(void)
{
	if (screen != NULL)
		clearok(stdscr, TRUE);
}
