/* draw.c - paint a view's rows of cells with ncursesw. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "lib/sb.h"
#include "lib/text.h"
#include "tui/console/display.h"
#include "tui/console/draw.h"

#define MAX_COLS 64

/* Lines above the list (title, header) and below it (status, message). */
static int
head_lines(const struct view *v)
{
	return v->no_header ? 1 : 2;
}

int
draw_list_height(const struct view *v, int lines)
{
	int h = lines - head_lines(v) - 2;

	return h > 1 ? h : 1;
}

int
draw_row_at(const struct view *v, int y)
{
	int i = y - head_lines(v);

	if (i < 0 || i >= v->height)
		return -1;
	return (int)view_top(v) + i;
}

/*
 * Draw len bytes of UTF-8 at the cursor with attr, as wide characters.
 * The text was escaped by sb_add_safe(); a character the terminal cannot
 * print (a C1 control, say) is drawn as '?' all the same, so nothing in
 * the data can ever reach the terminal as a control.
 */
static void
put(const char *s, size_t len, unsigned long attr)
{
	wchar_t w[512];
	mbstate_t ps;
	size_t n = 0, k;

	memset(&ps, 0, sizeof(ps));
	attrset((attr_t)attr);
	while (len > 0) {
		k = mbrtowc(&w[n], s, len, &ps);
		if (k == (size_t)-1 || k == (size_t)-2) {
			w[n] = L'?';
			k = 1;
			memset(&ps, 0, sizeof(ps));
		} else if (k == 0)
			break;
		if (!iswprint((wint_t)w[n]) && w[n] != L' ')
			w[n] = L'?';
		n++;
		s += k;
		len -= k;
		if (n == sizeof(w) / sizeof(w[0])) {
			addnwstr(w, (int)n);
			n = 0;
		}
	}
	if (n > 0)
		addnwstr(w, (int)n);
	attrset(A_NORMAL);
}

static void
put_line_at(int y, int x, int width, const char *text, int style)
{
	struct sb sb = SB_INIT;

	move(y, x);
	sb_add_cell(&sb, text, (size_t)width, 1);
	put(sb.buf, sb.len, display_attr(style));
	sb_release(&sb);
}

static void
put_line(int y, int width, const char *text, int style)
{
	struct sb sb = SB_INIT;

	move(y, 0);
	sb_add_cell(&sb, text, (size_t)width, 1);
	put(sb.buf, sb.len, display_attr(style));
	sb_release(&sb);
}

static void
draw_row(struct view *v, int y, int x, size_t i, const int *widths, int cursor)
{
	struct sb sb = SB_INIT;
	size_t offs[MAX_COLS + 1], pos = 0, end;
	const struct row *r = &v->rows[i];
	unsigned long base, attr;
	int c, n = v->ncols > 0 ? v->ncols : 1, style;

	view_format_row(v, i, widths, &sb, offs);
	base = cursor	  ? display_attr(ST_CURSOR)
	    : r->selected ? display_attr(ST_SELECTED)
			  : display_attr(r->style);
	move(y, x);
	for (c = 0; c < n; c++) {
		/* The gap before the cell keeps the row's attribute. */
		if (offs[c] > pos)
			put(sb.buf + pos, offs[c] - pos, base);
		end = offs[c + 1];
		/* The next cell's leading space belongs to the gap. */
		if (c + 1 < n && end > offs[c] && v->ncols > 0 &&
		    widths[c + 1] > 0 && sb.buf[end - 1] == ' ')
			end--;
		style = c < r->ncells ? r->cells[c].style : ST_NORMAL;
		attr =
		    cursor || style == ST_NORMAL ? base : display_attr(style);
		if (end > offs[c])
			put(sb.buf + offs[c], end - offs[c], attr);
		pos = end;
	}
	if (sb.len > pos)
		put(sb.buf + pos, sb.len - pos, base);
	/* Fill the rest of the line in the row's attribute. */
	{
		int cy, cx;

		getyx(stdscr, cy, cx);
		(void)cy;
		if (cx < x + v->width && cx > x) {
			attrset((attr_t)base);
			hline(' ', x + v->width - cx);
			attrset(A_NORMAL);
		}
	}
	sb_release(&sb);
}

/* v's header and rows in columns [x, x + v->width) from line y on. */
static void
draw_list(struct view *v, int x, int y, int last, int cursor_shown)
{
	int widths[MAX_COLS], i;
	struct sb sb = SB_INIT;
	size_t top, ri;

	if (v->ncols > MAX_COLS)
		v->ncols = MAX_COLS;
	view_layout(v, v->width, widths);
	if (!v->no_header) {
		view_format_header(v, widths, &sb);
		move(y++, x);
		put(sb.buf, sb.len, display_attr(ST_HEADER));
	}
	top = view_top(v);
	for (i = 0; i < v->height && y < last; i++, y++) {
		ri = top + (size_t)i;
		if (ri >= v->nrows)
			break;
		draw_row(v, y, x, ri, widths,
		    cursor_shown && ri == v->cursor && !v->no_header);
	}
	if (v->nrows == 0 && y < last)
		put_line_at(y, x, v->width,
		    v->filter ? "  (nothing matches the filter)"
			      : "  (nothing here)",
		    ST_DIM);
	sb_release(&sb);
}

void
draw_screen(struct view *v, struct view *pane, const char *status,
    const char *msg, int msg_style, const char *prompt)
{
	int lines, cols, y;
	struct sb sb = SB_INIT;

	display_size(&lines, &cols);
	erase();
	v->ops->title(v, &sb);
	put_line(0, cols, sb.buf, ST_TITLE);
	draw_list(v, 0, 1, lines - 2, 1);
	if (pane != NULL && v->width + 1 < cols) {
		for (y = 1; y < lines - 2; y++)
			mvaddch(y, v->width, ACS_VLINE);
		pane->width = cols - v->width - 1;
		draw_list(pane, v->width + 1, 1, lines - 2, 0);
	}
	put_line(lines - 2, cols, status ? status : "", ST_STATUS);
	if (prompt != NULL) {
		put_line(lines - 1, cols, prompt, ST_NORMAL);
		move(lines - 1,
		    (int)text_width(prompt) < cols ? (int)text_width(prompt)
						   : cols - 1);
		curs_set(1);
	} else {
		put_line(lines - 1, cols, msg ? msg : "", msg_style);
		curs_set(0);
	}
	refresh();
	sb_release(&sb);
}
