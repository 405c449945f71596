/* view.c - rows of cells, layout, and moving through a view (no curses). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/finding.h"
#include "lib/text.h"
#include "tui/console/view.h"

/* ---- requests ---- */

static const char *const req_help[] = { "",
#define REQ_HELP(name, help) help,
	REQUESTS(REQ_HELP)
#undef REQ_HELP
};

static const char *const req_names[] = { "none",
#define REQ_NAME(name, help) #name,
	REQUESTS(REQ_NAME)
#undef REQ_NAME
};

const char *
request_help(enum request req)
{
	if ((int)req < 0 || req >= REQ_COUNT)
		return "";
	return req_help[req];
}

const char *
request_name(enum request req)
{
	static char buf[32];
	const char *s;
	size_t i;

	if ((int)req < 0 || req >= REQ_COUNT)
		req = REQ_NONE;
	s = req_names[req];
	for (i = 0; s[i] && i < sizeof(buf) - 1; i++)
		buf[i] = s[i] == '_'		   ? '-'
		    : (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32)
						   : s[i];
	buf[i] = '\0';
	return buf;
}

/* ---- rows ---- */

struct row *
view_add_row(struct view *v)
{
	struct row *r;

	if (v->nrows == v->arows) {
		v->arows = v->arows ? v->arows * 2 : 32;
		v->rows = xrealloc(v->rows, v->arows * sizeof(*v->rows));
	}
	r = &v->rows[v->nrows++];
	memset(r, 0, sizeof(*r));
	return r;
}

struct cell *
row_add(struct row *r, const char *text, int style)
{
	struct cell *c;

	r->cells =
	    xrealloc(r->cells, (size_t)(r->ncells + 1) * sizeof(*r->cells));
	c = &r->cells[r->ncells++];
	c->text = xstrdup(text ? text : "");
	c->style = style;
	return c;
}

struct cell *
row_addf(struct row *r, int style, const char *fmt, ...)
{
	struct sb sb = SB_INIT;
	struct cell *c;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	c = row_add(r, sb.buf, style);
	sb_release(&sb);
	return c;
}

static void
row_free(struct row *r)
{
	int i;

	for (i = 0; i < r->ncells; i++)
		free(r->cells[i].text);
	free(r->cells);
	free(r->aux);
	db_item_key_clear(&r->key);
	memset(r, 0, sizeof(*r));
}

void
view_truncate(struct view *v, size_t from)
{
	size_t i;

	for (i = from; i < v->nrows; i++)
		row_free(&v->rows[i]);
	if (from < v->nrows)
		v->nrows = from;
}

/* Remove n rows from the front of v (the window slid down). */
static void
drop_front(struct view *v, size_t n)
{
	size_t i;

	if (n > v->nrows)
		n = v->nrows;
	for (i = 0; i < n; i++)
		row_free(&v->rows[i]);
	memmove(v->rows, v->rows + n, (v->nrows - n) * sizeof(*v->rows));
	v->nrows -= n;
}

/* Reverse rows [from, nrows): BEFORE and LAST pages come nearest first. */
static void
reverse_from(struct view *v, size_t from)
{
	size_t i = from, j = v->nrows;
	struct row t;

	while (j > 0 && i < j - 1) {
		t = v->rows[i];
		v->rows[i] = v->rows[j - 1];
		v->rows[j - 1] = t;
		i++;
		j--;
	}
}

/* ---- layout and text ---- */

void
view_layout(const struct view *v, int width, int *widths)
{
	int i, sum, n, spare, maxdrop, grew, pass;

	if (v->ncols == 0)
		return;
	for (i = 0; i < v->ncols; i++)
		widths[i] = v->cols[i].min;
	/* Drop the most droppable columns until the minimums fit. */
	for (;;) {
		sum = 0;
		n = 0;
		maxdrop = 0;
		for (i = 0; i < v->ncols; i++) {
			if (widths[i] == 0)
				continue;
			sum += widths[i];
			n++;
			if (v->cols[i].drop > maxdrop)
				maxdrop = v->cols[i].drop;
		}
		sum += n > 0 ? n - 1 : 0;
		if (sum <= width || maxdrop == 0)
			break;
		for (i = v->ncols - 1; i >= 0; i--)
			if (widths[i] > 0 && v->cols[i].drop == maxdrop) {
				widths[i] = 0;
				break;
			}
	}
	/*
	 * Share the room left one column at a time: the columns never
	 * dropped (the ones a reader needs) up to half way to their maximum,
	 * then every column as far, then the needed ones up to their
	 * maximum, then the rest.
	 */
	spare = width - sum;
	for (pass = 0; pass < 4; pass++)
		do {
			grew = 0;
			for (i = 0; i < v->ncols && spare > 0; i++) {
				int cap = v->cols[i].max;

				if (widths[i] == 0 ||
				    (!(pass & 1) && v->cols[i].drop != 0))
					continue;
				if (pass < 2)
					cap = cap ? (v->cols[i].min + cap) / 2
						  : v->cols[i].min * 2;
				if (cap != 0 && widths[i] >= cap)
					continue;
				widths[i]++;
				spare--;
				grew = 1;
			}
		} while (grew && spare > 0);
}

static void
add_cell(struct sb *sb, const char *text, int width, int right)
{
	size_t w;
	int pad;

	if (!right) {
		sb_add_cell(sb, text, (size_t)width, 1);
		return;
	}
	w = text_width(text);
	pad = width - (int)w;
	if (pad < 0)
		pad = 0;
	for (int i = 0; i < pad; i++)
		sb_addc(sb, ' ');
	sb_add_cell(sb, text, (size_t)(width - pad), 1);
}

void
view_format_row(const struct view *v, size_t ri, const int *widths,
    struct sb *sb, size_t *offs)
{
	const struct row *r = &v->rows[ri], *prev = NULL;
	size_t start = sb->len;
	const char *text;
	int i, first = 1;

	if (ri > 0 && ri > view_top(v))
		prev = &v->rows[ri - 1];
	if (v->ncols == 0) {
		if (offs != NULL)
			offs[0] = 0;
		sb_add_cell(sb, r->ncells > 0 ? r->cells[0].text : "",
		    (size_t)v->width, 1);
		if (offs != NULL)
			offs[1] = sb->len - start;
		return;
	}
	for (i = 0; i < v->ncols; i++) {
		if (widths[i] == 0) {
			if (offs != NULL)
				offs[i] = sb->len - start;
			continue;
		}
		if (!first)
			sb_addc(sb, ' ');
		first = 0;
		if (offs != NULL)
			offs[i] = sb->len - start;
		text = i < r->ncells ? r->cells[i].text : "";
		if (i == v->group_col && prev != NULL && i < prev->ncells &&
		    strcmp(prev->cells[i].text, text) == 0)
			text = "";
		add_cell(sb, text, widths[i], v->cols[i].right);
	}
	if (offs != NULL)
		offs[v->ncols] = sb->len - start;
}

void
view_format_header(const struct view *v, const int *widths, struct sb *sb)
{
	int i, first = 1;

	for (i = 0; i < v->ncols; i++) {
		if (widths[i] == 0)
			continue;
		if (!first)
			sb_addc(sb, ' ');
		first = 0;
		add_cell(sb, v->cols[i].title, widths[i], v->cols[i].right);
	}
}

int
view_tone_style(enum vocab_tone t)
{
	switch (t) {
	case TONE_GOOD:
		return ST_GOOD;
	case TONE_WARN:
		return ST_WARN;
	case TONE_DANGER:
		return ST_DANGER;
	default:
		return ST_NORMAL;
	}
}

int
view_severity_style(const char *name)
{
	static const int by_rank[] = { ST_DIM, ST_WARN, ST_FLAG, ST_DANGER };
	const struct severity *sev = severity_find(name);

	if (sev == NULL || sev->rank < 0 || sev->rank > 3)
		return ST_FLAG;
	return by_rank[sev->rank];
}

int
view_findings_style(const char *findings)
{
	const struct severity *all;
	size_t n, i;
	int best = -1;
	char pat[64];

	if (findings == NULL || strcmp(findings, "[]") == 0 || !*findings)
		return ST_NORMAL;
	/* Frozen by SQLite's json functions: compact, one form per key. */
	all = severities(&n);
	for (i = 0; i < n; i++) {
		snprintf(pat, sizeof(pat), "\"severity\":\"%s\"", all[i].name);
		if (strstr(findings, pat) != NULL && all[i].rank > best)
			best = all[i].rank;
	}
	for (i = 0; i < n; i++)
		if (all[i].rank == best)
			return view_severity_style(all[i].name);
	return ST_FLAG;
}

/* ---- moving ---- */

int
view_open(struct view *v, const struct view_ops *ops, struct db *db,
    const struct actor *actor, int height, int width, struct err *e)
{
	struct console *con = v->con;
	void *priv = v->priv;

	memset(v, 0, sizeof(*v));
	v->con = con;
	v->priv = priv;
	v->ops = ops;
	v->db = db;
	v->actor = actor;
	v->height = height > 1 ? height : 1;
	v->width = width > 1 ? width : 1;
	v->group_col = -1;
	return ops->open(v, e);
}

void
view_close(struct view *v)
{
	if (v->ops != NULL && v->ops->done != NULL)
		v->ops->done(v);
	view_truncate(v, 0);
	free(v->rows);
	free(v->filter);
	v->rows = NULL;
	v->nrows = v->arows = 0;
	v->filter = NULL;
}

int
view_filter(struct view *v, const char *text, struct err *e)
{
	if (v->ops->filter == NULL)
		return err_set(e, PARC_EUSAGE, "this screen has no filter");
	return v->ops->filter(v, text, e);
}

int
view_filter_rows(struct view *v, const char *text, struct err *e)
{
	free(v->filter);
	v->filter = text && *text ? xstrdup(text) : NULL;
	return view_refresh(v, e);
}

int64_t
view_item(const struct view *v)
{
	return v->ops->item != NULL ? v->ops->item(v) : 0;
}

size_t
view_marked(const struct view *v, const int64_t **ids)
{
	*ids = NULL;
	return v->ops->marked != NULL ? v->ops->marked(v, ids) : 0;
}

int
view_decided(struct view *v, enum view_decided how, struct err *e)
{
	if (v->ops->decided != NULL)
		return v->ops->decided(v, how, e);
	return view_refresh(v, e);
}

static int
add_kind(const char *kind, int64_t n, void *arg)
{
	struct sb *sb = arg;

	if (sb->len > 0)
		sb_adds(sb, ", ");
	sb_addf(sb, "%s (%lld)", finding_kind_label(kind), (long long)n);
	return 0;
}

int
view_items_flags(struct db *db, const int64_t *ids, size_t n, struct sb *sb,
    struct err *e)
{
	if (n == 0)
		return 0;
	return db_items_flag_counts(db, ids, n, add_kind, sb, e);
}

const struct row *
view_current(const struct view *v)
{
	return v->cursor < v->nrows ? &v->rows[v->cursor] : NULL;
}

size_t
view_top(const struct view *v)
{
	return v->ops->page != NULL ? 0 : v->top;
}

/* Whether hay holds needle, ASCII letters in any case. */
static int
has_text(const char *hay, const char *needle)
{
	size_t i, n = strlen(needle);

	for (; *hay; hay++) {
		for (i = 0; i < n; i++) {
			unsigned char a = (unsigned char)hay[i],
				      b = (unsigned char)needle[i];

			if (a == 0)
				return 0;
			if (a >= 'A' && a <= 'Z')
				a += 32;
			if (b >= 'A' && b <= 'Z')
				b += 32;
			if (a != b)
				break;
		}
		if (i == n)
			return 1;
	}
	return n == 0;
}

/* A small list under a filter: drop the rows no cell of which holds it. */
static void
keep_matching(struct view *v)
{
	size_t i, j = 0;
	int c, hit;

	for (i = 0; i < v->nrows; i++) {
		hit = 0;
		for (c = 0; c < v->rows[i].ncells && !hit; c++)
			hit = has_text(v->rows[i].cells[c].text, v->filter);
		if (!hit) {
			row_free(&v->rows[i]);
			continue;
		}
		if (j != i)
			v->rows[j] = v->rows[i];
		j++;
	}
	v->nrows = j;
}

/* Keep a small view's cursor on screen. */
static void
follow(struct view *v)
{
	size_t h = (size_t)v->height;

	if (v->cursor < v->top)
		v->top = v->cursor;
	else if (v->cursor >= v->top + h)
		v->top = v->cursor - h + 1;
	if (v->nrows <= h)
		v->top = 0;
	else if (v->top > v->nrows - h)
		v->top = v->nrows - h;
}

/* Fetch up to n rows after the window's last row onto its end. */
static int
fetch_after(struct view *v, size_t n, size_t *got, struct err *e)
{
	size_t before = v->nrows;
	int rc;

	rc = v->ops->page(v, v->nrows ? &v->rows[v->nrows - 1] : NULL,
	    v->nrows ? DB_PAGE_AFTER : DB_PAGE_FIRST, n, e);
	*got = v->nrows - before;
	return rc;
}

/* Fetch up to n rows before the window's first row onto its front. */
static int
fetch_before(struct view *v, size_t n, size_t *got, struct err *e)
{
	size_t before = v->nrows, k;
	struct row first;
	int rc;

	*got = 0;
	if (v->nrows == 0)
		return 0;
	/* Page from a copy: view_add_row may move the rows. */
	memset(&first, 0, sizeof(first));
	first.id = v->rows[0].id;
	db_item_key_copy(&first.key, &v->rows[0].key);
	rc = v->ops->page(v, &first, DB_PAGE_BEFORE, n, e);
	db_item_key_clear(&first.key);
	k = v->nrows - before;
	if (k == 0)
		return rc;
	/* The new rows came nearest first at the end: rotate to the front. */
	reverse_from(v, before);
	{
		struct row *tmp = xmalloc(k * sizeof(*tmp));

		memcpy(tmp, v->rows + before, k * sizeof(*tmp));
		memmove(v->rows + k, v->rows, before * sizeof(*v->rows));
		memcpy(v->rows, tmp, k * sizeof(*tmp));
		free(tmp);
	}
	*got = k;
	return rc;
}

enum view_result
view_move(struct view *v, long delta, struct err *e)
{
	size_t got, h = (size_t)v->height;
	long target = (long)v->cursor + delta;

	if (v->nrows == 0)
		return VR_NONE;
	if (v->ops->page == NULL) {
		if (target < 0)
			target = 0;
		if (target >= (long)v->nrows)
			target = (long)v->nrows - 1;
		if ((size_t)target == v->cursor)
			return VR_NONE;
		v->cursor = (size_t)target;
		follow(v);
		return VR_REDRAW;
	}
	if (target >= (long)v->nrows) {
		if (fetch_after(v, (size_t)(target - (long)v->nrows + 1), &got,
			e) != 0)
			return VR_NONE;
		if (v->nrows > h) {
			size_t drop = v->nrows - h;

			drop_front(v, drop);
			target -= (long)drop;
		}
		if (target >= (long)v->nrows)
			target = (long)v->nrows - 1;
	} else if (target < 0) {
		if (fetch_before(v, (size_t)(-target), &got, e) != 0)
			return VR_NONE;
		target += (long)got;
		if (target < 0)
			target = 0;
		if (v->nrows > h)
			view_truncate(v, h);
	}
	v->cursor = (size_t)target;
	return VR_REDRAW;
}

enum view_result
view_page(struct view *v, int dir, struct err *e)
{
	size_t got, h = (size_t)v->height, cur = v->cursor;

	if (v->ops->page == NULL)
		return view_move(v, dir * (long)(h > 1 ? h - 1 : 1), e);
	if (v->nrows == 0)
		return VR_NONE;
	if (dir > 0) {
		if (fetch_after(v, h, &got, e) != 0)
			return VR_NONE;
		if (got == 0) {
			v->cursor = v->nrows - 1;
			return VR_REDRAW;
		}
		if (v->nrows > h)
			drop_front(v, v->nrows - h);
	} else {
		if (fetch_before(v, h, &got, e) != 0)
			return VR_NONE;
		if (got == 0) {
			v->cursor = 0;
			return VR_REDRAW;
		}
		if (v->nrows > h)
			view_truncate(v, h);
	}
	v->cursor = cur < v->nrows ? cur : v->nrows - 1;
	return VR_REDRAW;
}

enum view_result
view_end(struct view *v, int end, struct err *e)
{
	size_t h = (size_t)v->height;

	if (v->ops->page == NULL) {
		if (v->nrows == 0)
			return VR_NONE;
		v->cursor = end ? v->nrows - 1 : 0;
		follow(v);
		return VR_REDRAW;
	}
	view_truncate(v, 0);
	if (v->ops->page(v, NULL, end ? DB_PAGE_LAST : DB_PAGE_FIRST, h, e) !=
	    0)
		return VR_REDRAW;
	if (end)
		reverse_from(v, 0);
	v->cursor = end && v->nrows ? v->nrows - 1 : 0;
	return VR_REDRAW;
}

int
view_refresh(struct view *v, struct err *e)
{
	struct row anchor;
	int64_t cur_id;
	size_t i, h = (size_t)v->height;
	int rc;

	if (v->ops->page == NULL) {
		cur_id = v->cursor < v->nrows ? v->rows[v->cursor].id : 0;
		if (v->ops->reload == NULL)
			return 0;
		view_truncate(v, 0);
		if ((rc = v->ops->reload(v, e)) != 0)
			return rc;
		if (v->filter != NULL && !v->no_header)
			keep_matching(v);
		for (i = 0; i < v->nrows; i++)
			if (v->rows[i].id == cur_id && cur_id != 0)
				break;
		v->cursor = i < v->nrows
		    ? i
		    : (v->cursor < v->nrows ? v->cursor
					    : (v->nrows ? v->nrows - 1 : 0));
		follow(v);
		return 0;
	}
	memset(&anchor, 0, sizeof(anchor));
	cur_id = v->cursor < v->nrows ? v->rows[v->cursor].id : 0;
	if (v->nrows > 0) {
		anchor.id = v->rows[0].id;
		db_item_key_copy(&anchor.key, &v->rows[0].key);
	}
	view_truncate(v, 0);
	rc = v->ops->page(v, anchor.id ? &anchor : NULL,
	    anchor.id ? DB_PAGE_FROM : DB_PAGE_FIRST, h, e);
	db_item_key_clear(&anchor.key);
	if (rc != 0)
		return rc;
	if (v->nrows < h && v->nrows > 0) {
		/* The window reached the end: fill it from above. */
		size_t got;

		rc = fetch_before(v, h - v->nrows, &got, e);
		if (rc != 0)
			return rc;
	} else if (v->nrows == 0) {
		rc = v->ops->page(v, NULL, DB_PAGE_LAST, h, e);
		reverse_from(v, 0);
	}
	for (i = 0; i < v->nrows; i++)
		if (v->rows[i].id == cur_id)
			break;
	if (i < v->nrows)
		v->cursor = i;
	else if (v->cursor >= v->nrows)
		v->cursor = v->nrows ? v->nrows - 1 : 0;
	return rc;
}

int
view_resize(struct view *v, int height, int width, struct err *e)
{
	v->height = height > 1 ? height : 1;
	v->width = width > 1 ? width : 1;
	if (v->ops->page == NULL) {
		/* A page of text is laid out for its width: again. */
		if (v->no_header && v->ops->reload != NULL) {
			size_t top = v->top;
			int rc = view_refresh(v, e);

			v->top = top;
			v->cursor = top;
			follow(v);
			return rc;
		}
		follow(v);
		return 0;
	}
	if (v->cursor >= (size_t)v->height) {
		/* Keep the cursor's item on screen: start the window at it. */
		drop_front(v, v->cursor - (size_t)v->height + 1);
		v->cursor = (size_t)v->height - 1;
	}
	return view_refresh(v, e);
}
