/* rpt_check.c - read reports back with real tools (see rpt_check.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "lib/sb.h"
#include "tests/unit/rpt_check.h"

char *
rpt_run(const char *fmt, ...)
{
	struct sb cmd = SB_INIT, out = SB_INIT;
	char buf[65536];
	size_t n;
	va_list ap;
	FILE *p;
	int st;

	va_start(ap, fmt);
	sb_vaddf(&cmd, fmt, ap);
	va_end(ap);
	if ((p = popen(cmd.buf, "r")) == NULL)
		fail_msg("cannot run %s", cmd.buf);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		sb_add(&out, buf, n);
	st = pclose(p);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("%s: exit %d: %s", cmd.buf,
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1, out.buf);
	sb_release(&cmd);
	return sb_detach(&out);
}

/*
 * s without any whitespace (what a wrapped cell reads as) and without the
 * bidirectional marks pdftotext puts around right-to-left letters (U+200E,
 * U+200F, U+202A..U+202E), malloc'd.
 */
char *
rpt_squeeze(const char *s)
{
	const unsigned char *u;
	struct sb sb = SB_INIT;

	for (; *s; s++) {
		u = (const unsigned char *)s;
		if (u[0] == 0xe2 && u[1] == 0x80 &&
		    (u[2] == 0x8e || u[2] == 0x8f ||
			(u[2] >= 0xaa && u[2] <= 0xae))) {
			s += 2;
			continue;
		}
		if (!isspace(u[0]))
			sb_addc(&sb, *s);
	}
	return sb_detach(&sb);
}

/* What the PDF prints for a value: escaped as by sb_add_safe, per line. */
static char *
printed(const char *s)
{
	struct sb sb = SB_INIT, line = SB_INIT;
	char *r;

	if (s == NULL || *s == '\0')
		return xstrdup("");
	for (; *s; s++) {
		if (*s == '\n') {
			sb_add_safe(&sb, line.buf);
			sb_reset(&line);
		} else {
			sb_addc(&line, *s);
		}
	}
	sb_add_safe(&sb, line.buf);
	r = rpt_squeeze(sb.buf);
	sb_release(&sb);
	sb_release(&line);
	return r;
}

/* Whether the UTF-8 sequence at s is a Hebrew or Arabic letter. */
static int
is_rtl(const unsigned char *s)
{
	/* U+0590..U+06FF: lead bytes 0xd6..0xdb */
	return s[0] >= 0xd6 && s[0] <= 0xdb;
}

/*
 * Text mixing right-to-left letters with other characters comes out of
 * pdftotext in visual order ("4" before the Arabic name it follows), so
 * each run of one direction is looked for on its own, near *cur.
 */
static int
expect_bidi(const char **cur, const char *w)
{
	const char *p = w, *q, *hit, *end = *cur;
	/* near: allowing for a page's header and footer in between */
	size_t window = 4 * strlen(w) + 1024, cl;
	char *run;
	int rtl;

	while (*p) {
		rtl = is_rtl((const unsigned char *)p);
		for (q = p; *q && is_rtl((const unsigned char *)q) == rtl;
		     q += cl) {
			cl = 1;
			while ((q[cl] & 0xc0) == 0x80)
				cl++;
		}
		run = strndup(p, (size_t)(q - p));
		if (run == NULL)
			abort();
		hit = strstr(*cur, run);
		if (hit == NULL || (size_t)(hit - *cur) > window) {
			free(run);
			return 0;
		}
		if (hit + strlen(run) > end)
			end = hit + strlen(run);
		free(run);
		p = q;
	}
	*cur = end;
	return 1;
}

/* Find want at or after *cur in text; move *cur past it or fail. */
static void
expect_next(const char *text, const char **cur, const char *want,
    const char *what)
{
	char *w = printed(want);
	const char *p;

	if (*w == '\0') {
		free(w);
		return;
	}
	for (p = w; *p && !is_rtl((const unsigned char *)p); p++)
		;
	if (*p && expect_bidi(cur, w)) {
		free(w);
		return;
	}
	if ((p = strstr(*cur, w)) == NULL) {
		const char *again = strstr(text, w);

		fail_msg("PDF text lacks %s \"%s\" after offset %zu%s", what, w,
		    (size_t)(*cur - text),
		    again ? " (it appears earlier: out of order)" : "");
	}
	*cur = p + strlen(w);
	free(w);
}

static void
check_pages(const char *path, const struct rpt_doc *d, int pages)
{
	char *info = rpt_run("pdfinfo '%s'", path), *text, *p, *next;
	char want[64], *subject = printed(d->subject), *title;
	int n = 0, page = 0;

	p = strstr(info, "\nPages:");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "\nPages: %d", &n), 1);
	assert_int_equal(n, pages);
	free(info);

	title = printed(d->title);
	text = rpt_run("pdftotext -enc UTF-8 '%s' -", path);
	for (p = text; *p && page < pages; p = next) {
		char *sq;

		page++;
		if ((next = strchr(p, '\f')) != NULL)
			*next++ = '\0';
		else
			next = p + strlen(p);
		sq = rpt_squeeze(p);
		snprintf(want, sizeof(want), "page%dof%d", page, pages);
		if (strstr(sq, want) == NULL)
			fail_msg("page %d lacks \"page %d of %d\"", page, page,
			    pages);
		if (strstr(sq, subject) == NULL || strstr(sq, title) == NULL)
			fail_msg("page %d lacks the title or subject", page);
		free(sq);
	}
	assert_int_equal(page, pages);
	free(text);
	free(subject);
	free(title);
}

static void
check_content(const char *path, const struct rpt_doc *d)
{
	char *raw = rpt_run("pdftotext -raw -enc UTF-8 '%s' -", path);
	char *text = rpt_squeeze(raw);
	const char *cur = text;
	size_t i, j, k, r, c;

	free(raw);
	for (i = 0; i < d->nsections; i++) {
		const struct rpt_section *s = &d->sections[i];

		if (s->title)
			expect_next(text, &cur, s->title, "section title");
		for (j = 0; j < s->nblocks; j++) {
			const struct rpt_block *b = &s->blocks[j];
			const struct rpt_table *t = b->table;

			if (b->kind == RPT_TEXT)
				expect_next(text, &cur, b->text, "text");
			for (k = 0; k < b->nfields; k++) {
				expect_next(text, &cur, b->fields[k].label,
				    "field label");
				expect_next(text, &cur, b->fields[k].value,
				    "field value");
			}
			if (b->kind != RPT_TABLE)
				continue;
			for (r = 0; r < t->nrows; r++) {
				if (t->group_col >= 0 &&
				    (r == 0 ||
					strcmp(rpt_cell(t, r - 1, t->group_col),
					    rpt_cell(t, r, t->group_col)) != 0))
					expect_next(text, &cur,
					    rpt_cell(t, r, t->group_col),
					    "group heading");
				for (c = 0; c < t->ncols; c++)
					if ((int)c != t->group_col)
						expect_next(text, &cur,
						    rpt_cell(t, r, c),
						    t->cols[c].key);
			}
		}
	}
	free(text);
}

/* Read one attribute's number from a pdftotext -bbox line. */
static double
attr(const char *line, const char *name)
{
	const char *p = strstr(line, name);

	if (p == NULL)
		fail_msg("bbox line without %s: %s", name, line);
	return strtod(p + strlen(name) + 2, NULL);
}

struct box {
	double x0, y0, x1, y1;
};

static void
check_boxes(struct box *w, size_t n, double pw, double ph, int page)
{
	size_t i, j;
	double ov;

	for (i = 0; i < n; i++) {
		if (w[i].x0 < 30 || w[i].x1 > pw - 30 || w[i].y0 < 20 ||
		    w[i].y1 > ph - 20)
			fail_msg("page %d: a word at (%.1f,%.1f)-(%.1f,%.1f) "
				 "is outside the body of a %.0fx%.0f page",
			    page, w[i].x0, w[i].y0, w[i].x1, w[i].y1, pw, ph);
		for (j = i + 1; j < n; j++) {
			if (w[j].y0 >= w[i].y1 - 1 || w[i].y0 >= w[j].y1 - 1)
				continue;
			ov = (w[i].x1 < w[j].x1 ? w[i].x1 : w[j].x1) -
			    (w[i].x0 > w[j].x0 ? w[i].x0 : w[j].x0);
			if (ov > 0.5)
				fail_msg("page %d: words at x %.1f and %.1f "
					 "overlap (a cell ran into another)",
				    page, w[i].x0, w[j].x0);
		}
	}
}

static void
check_layout(const char *path)
{
	char *html = rpt_run("pdftotext -bbox '%s' -", path);
	char *line, *eol;
	struct box *w = NULL;
	size_t n = 0, alloc = 0;
	double pw = 0, ph = 0;
	int page = 0;

	for (line = html; *line; line = eol) {
		if ((eol = strchr(line, '\n')) != NULL)
			*eol++ = '\0';
		else
			eol = line + strlen(line);
		if (strstr(line, "<page ") != NULL ||
		    strstr(line, "</doc>") != NULL) {
			if (page > 0)
				check_boxes(w, n, pw, ph, page);
			n = 0;
			if (strstr(line, "<page ") != NULL) {
				page++;
				pw = attr(line, "width");
				ph = attr(line, "height");
			}
		} else if (strstr(line, "<word ") != NULL) {
			if (n == alloc) {
				alloc = alloc ? alloc * 2 : 1024;
				w = xrealloc(w, alloc * sizeof(*w));
			}
			w[n].x0 = attr(line, "xMin");
			w[n].y0 = attr(line, "yMin");
			w[n].x1 = attr(line, "xMax");
			w[n].y1 = attr(line, "yMax");
			n++;
		}
	}
	assert_true(page > 0);
	free(w);
	free(html);
}

void
check_pdf(const char *path, const struct rpt_doc *d, int pages)
{
	check_pages(path, d, pages);
	check_content(path, d);
	check_layout(path);
}

void
pdf_page_size(const char *path, double *w, double *h)
{
	char *info = rpt_run("pdfinfo '%s'", path);
	char *p = strstr(info, "Page size:");

	assert_non_null(p);
	assert_int_equal(sscanf(p, "Page size: %lf x %lf", w, h), 2);
	free(info);
}

/* The cell as a CSV reader must read it back. */
static char *
csv_expected(const char *s)
{
	struct sb sb = SB_INIT;

	if (s == NULL)
		return xstrdup("");
	if (strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0')
		sb_addc(&sb, '\'');
	sb_adds(&sb, s);
	return sb_detach(&sb);
}

void
check_csv(const char *path, const struct rpt_table *t)
{
	const char *data = getenv("PARC_TEST_DATA");
	char *out = rpt_run("python3 '%s/reports/check.py' csv '%s'",
	    data ? data : "tests/data", path);
	json_error_t jerr;
	json_t *rows = json_loads(out, 0, &jerr), *row;
	size_t r, c;

	if (rows == NULL)
		fail_msg("check.py csv printed no JSON: %s", jerr.text);
	assert_int_equal(json_array_size(rows), t->nrows + 1);
	row = json_array_get(rows, 0);
	for (c = 0; c < t->ncols; c++)
		assert_string_equal(json_string_value(json_array_get(row, c)),
		    t->cols[c].key);
	for (r = 0; r < t->nrows; r++) {
		row = json_array_get(rows, r + 1);
		assert_int_equal(json_array_size(row), t->ncols);
		for (c = 0; c < t->ncols; c++) {
			char *want = csv_expected(rpt_cell(t, r, c));

			assert_string_equal(json_string_value(
						json_array_get(row, c)),
			    want);
			free(want);
		}
	}
	json_decref(rows);
	free(out);
}

void
check_json(const char *path, const struct rpt_doc *d)
{
	const char *data = getenv("PARC_TEST_DATA");
	const char *share = getenv("PARC_SHARE");
	char *out = rpt_run("python3 '%s/reports/check.py' schema "
			    "'%s/schema/report-v1.json' '%s'",
	    data ? data : "tests/data", share ? share : "share", path);
	json_error_t jerr;
	json_t *doc = json_load_file(path, 0, &jerr), *sec, *blk, *rows = NULL;
	const struct rpt_table *t = d->primary;
	size_t i, j, r, c;

	/* which validator ran, for the log */
	print_message("    schema validated by %s", out);
	free(out);
	if (doc == NULL)
		fail_msg("%s: %s", path, jerr.text);
	assert_string_equal(json_string_value(json_object_get(doc, "kind")),
	    d->kind);
	json_array_foreach(json_object_get(doc, "sections"), i, sec)
	    json_array_foreach(json_object_get(sec, "blocks"), j,
		blk) if (json_object_get(blk, "rows") != NULL &&
		strcmp(json_string_value(json_object_get(blk, "name")),
		    t->name) == 0) rows = json_object_get(blk, "rows");
	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), t->nrows);
	for (r = 0; r < t->nrows; r++) {
		json_t *row = json_array_get(rows, r);

		assert_int_equal(json_object_size(row), t->ncols);
		for (c = 0; c < t->ncols; c++) {
			json_t *v = json_object_get(row, t->cols[c].key);
			const char *want = rpt_cell(t, r, c);

			assert_non_null(v);
			if (want == NULL)
				assert_true(json_is_null(v));
			else
				assert_string_equal(json_string_value(v), want);
		}
	}
	json_decref(doc);
}
