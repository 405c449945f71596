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

/* At most this many bottom lines for a message or a prompt. */
#define BOTTOM_MAX 4

/*
 * Break text into lines of at most cols columns, at a blank when the line
 * has one, into starts[] and ends[] (byte offsets); the number of lines
 * (at most max; what does not fit is left out).
 */
static int
wrap(const char *text, int cols, size_t *starts, size_t *ends, int max)
{
	size_t len = strlen(text), i = 0, start = 0, blank = 0, k;
	int n = 0, w = 0, cw, has_blank = 0;
	mbstate_t ps;
	wchar_t wc;

	memset(&ps, 0, sizeof(ps));
	while (i < len && n < max) {
		k = mbrtowc(&wc, text + i, len - i, &ps);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&ps, 0, sizeof(ps));
			k = 1;
			cw = 1;
		} else
			cw = wcwidth(wc) < 0 ? 1 : wcwidth(wc);
		if (w + cw > cols && i > start) {
			size_t cut = has_blank ? blank : i;

			starts[n] = start;
			ends[n++] = cut;
			start = has_blank ? blank + 1 : i;
			i = start;
			w = 0;
			has_blank = 0;
			memset(&ps, 0, sizeof(ps));
			continue;
		}
		if (text[i] == ' ') {
			blank = i;
			has_blank = 1;
		}
		w += cw;
		i += k;
	}
	if (start < len && n < max) {
		starts[n] = start;
		ends[n++] = len;
	}
	if (n == 0) {
		starts[0] = ends[0] = 0;
		n = 1;
	}
	return n;
}

void
draw_screen(struct view *v, struct view *pane, const char *status,
    const char *msg, int msg_style, const char *prompt)
{
	int lines, cols, y, n, first, k, i;
	struct sb sb = SB_INIT, part = SB_INIT;
	size_t starts[64], ends[64];
	const char *bottom = prompt ? prompt : msg ? msg : "";

	display_size(&lines, &cols);
	erase();
	/*
	 * What does not fit on the bottom line takes the lines above it (a
	 * confirmation never loses its "(y/n)"): a prompt shows its end,
	 * where the answer is typed, a message its start.
	 */
	n = wrap(bottom, cols > 1 ? cols : 1, starts, ends, 64);
	k = n;
	if (k > BOTTOM_MAX)
		k = BOTTOM_MAX;
	if (k > lines / 3)
		k = lines / 3 > 0 ? lines / 3 : 1;
	first = prompt != NULL ? n - k : 0;
	v->ops->title(v, &sb);
	put_line(0, cols, sb.buf, ST_TITLE);
	draw_list(v, 0, 1, lines - 1 - k, 1);
	if (pane != NULL && v->width + 1 < cols) {
		for (y = 1; y < lines - 1 - k; y++)
			mvaddch(y, v->width, ACS_VLINE);
		pane->width = cols - v->width - 1;
		draw_list(pane, v->width + 1, 1, lines - 1 - k, 0);
	}
	put_line(lines - 1 - k, cols, status ? status : "", ST_STATUS);
	for (i = 0; i < k; i++) {
		sb_reset(&part);
		sb_add(&part, bottom + starts[first + i],
		    ends[first + i] - starts[first + i]);
		put_line(lines - k + i, cols, part.buf,
		    prompt != NULL ? ST_NORMAL : msg_style);
	}
	if (prompt != NULL) {
		move(lines - 1,
		    (int)text_width(part.buf) < cols ? (int)text_width(part.buf)
						     : cols - 1);
		curs_set(1);
	} else
		curs_set(0);
	refresh();
	sb_release(&sb);
	sb_release(&part);
}
