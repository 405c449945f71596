/*
 * display.h - the one place that owns the terminal (after htop's CRT.c):
 * curses set-up and tear-down, colours with a monochrome fallback and
 * NO_COLOR, keys and mouse, resize, the signals that must restore the
 * terminal, and a dump of the screen as text for tests.
 */
#ifndef PARC_DISPLAY_H
#define PARC_DISPLAY_H

#include <stdio.h>

#include "lib/err.h"

/* A function key as display_getkey() returns it: DKEY(KEY_DOWN). */
#define DKEY(k) ((k) | 0x40000000)
#define DKEY_RESIZE DKEY(0x19a) /* KEY_RESIZE */
#define DKEY_MOUSE DKEY(0x199)	/* KEY_MOUSE */
#define DKEY_NONE (-1)		/* no key before the timeout */
#define DKEY_SIGNAL (-2)	/* SIGINT or SIGTERM arrived */

/*
 * Take the terminal: curses on the controlling terminal, keypad, no echo,
 * colours unless the terminal has none or $NO_COLOR is set, mouse clicks
 * and wheel, and handlers for SIGINT and SIGTERM (the key loop sees
 * DKEY_SIGNAL and leaves normally). The terminal is given back by
 * display_end(), which also runs at exit, so an error path cannot leave
 * it raw. PARC_EIO when there is no usable terminal.
 */
int display_init(struct err *e);

/* Give the terminal back (endwin). Safe to call twice or before init. */
void display_end(void);

/* The screen's size now. */
void display_size(int *lines, int *cols);

/*
 * Wait up to timeout_ms (negative: forever) for a key: a character as its
 * Unicode value, a function key as DKEY(KEY_...), or DKEY_NONE,
 * DKEY_SIGNAL. After DKEY_MOUSE, display_mouse() tells what happened.
 */
int display_getkey(int timeout_ms);

/*
 * Whether a key is waiting to be read (input on the terminal): work done
 * between keys stops for it.
 */
int display_key_waiting(void);

enum mouse_kind {
	MOUSE_NONE,
	MOUSE_CLICK,
	MOUSE_DOUBLE,
	MOUSE_WHEEL_UP,
	MOUSE_WHEEL_DOWN
};

/*
 * After DKEY_SIGNAL: 1 when the signal was SIGINT (Ctrl-C), which is then
 * forgotten, so a prompt takes it as "cancel" and the console goes on;
 * 0 for SIGTERM or SIGHUP, which stay and end the console.
 */
int display_take_interrupt(void);

/* The last mouse event (after DKEY_MOUSE): its kind and cell. */
enum mouse_kind display_mouse(int *y, int *x);

/* The curses attributes of a view style (enum style in view.h). */
unsigned long display_attr(int style);

/* Whether colours are in use (0: monochrome attributes). */
int display_has_colour(void);

/*
 * Write the screen as text, one line per row, trailing blanks trimmed, to
 * fp (tests, and $PARC_SCREEN_DUMP after each paint).
 */
void display_dump(FILE *fp);

/* Repaint the whole terminal at the next update (^L after noise). */
void display_touch(void);

/* The key's name for the help page ("j", "Down", "^L"). Static. */
const char *display_keyname(int key);

#endif
