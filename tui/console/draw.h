/*
 * draw.h - paints rows of cells on the screen. The only caller of curses
 * drawing functions; the text of every line comes from view.c's
 * formatting, already escaped, and is drawn with ncursesw's wide-character
 * functions so any script lines up.
 */
#ifndef PARC_DRAW_H
#define PARC_DRAW_H

#include "tui/console/view.h"

/*
 * Paint v's title line, column header, rows (v->width columns wide), and
 * the status and message lines (status and msg are plain text; prompt is
 * non-NULL while a prompt is open and takes the message line with the
 * cursor at its end), then update the screen. pane, when not NULL, is
 * drawn right of v, after a vertical line, in the rest of the width (a
 * wide screen's detail of the current item).
 */
void draw_screen(struct view *v, struct view *pane, const char *status,
    const char *msg, int msg_style, const char *prompt);

/* How many rows the screen has for v's list at this size. */
int draw_list_height(const struct view *v, int lines);

/* The screen line of v's row i, or -1 (for mouse clicks). */
int draw_row_at(const struct view *v, int y);

#endif
