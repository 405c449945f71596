/*
 * pdf.c - a report as a paginated PDF (see pdf.h).
 *
 * The document is laid out twice over the same cairo context: a measuring
 * pass that draws nothing and counts the pages (and remembers each table
 * row's height), then the drawing pass, which then knows Y for "page X of
 * Y". Both passes make the same decisions from the same measurements, so
 * they agree on every page break; the drawing pass checks that they did.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/sb.h"
#include "reports/pdf.h"

#define FONT "DejaVu Sans"
#define MARGIN_X 40.0
#define MARGIN_TOP 54.0
#define MARGIN_BOTTOM 48.0
#define PAD 2.5 /* inside a table cell */

struct pdf {
	const struct rpt_doc *d;
	cairo_t *cr;
	PangoLayout *lay;
	PangoFontDescription *body, *bold, *cell, *cellb, *small, *h1, *h2;
	double pw, ph;	    /* page size, points */
	double left, width; /* body area */
	double top, bottom;
	double y;	 /* next free line on the page */
	int page;	 /* the current page, from 1 */
	int pages;	 /* the total, known in the drawing pass */
	int draw;	 /* 0: measuring pass */
	double *heights; /* table row heights from the measuring pass */
	size_t nheights, hi, halloc;
	struct sb tmp;
	struct sb grp;	/* a group's heading */
	double *cw;	/* the current table's column widths */
	double line_h;	/* one line of the cell font */
	double adv[95]; /* advance of each printable ASCII character */
};

/* ---- text ---- */

/*
 * Text as pango takes it: valid UTF-8 with every control character but the
 * line break shown as an escape (sb_add_safe per line).
 */
static const char *
clean(struct pdf *p, const char *s)
{
	const char *nl;
	char *line;

	sb_reset(&p->tmp);
	if (s == NULL)
		return "";
	while ((nl = strchr(s, '\n')) != NULL) {
		line = strndup(s, (size_t)(nl - s));
		if (line == NULL)
			abort();
		sb_add_safe(&p->tmp, line);
		sb_addc(&p->tmp, '\n');
		free(line);
		s = nl + 1;
	}
	sb_add_safe(&p->tmp, s);
	return p->tmp.buf;
}

/* Lay text out in width points with font f; return its height in points. */
static double
layout(struct pdf *p, const char *text, PangoFontDescription *f, double width,
    double maxh)
{
	int w, h;

	pango_layout_set_font_description(p->lay, f);
	pango_layout_set_width(p->lay, (int)(width * PANGO_SCALE));
	if (maxh > 0) {
		pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(p->lay, (int)(maxh * PANGO_SCALE));
	} else {
		pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_NONE);
		pango_layout_set_height(p->lay, -1);
	}
	pango_layout_set_text(p->lay, clean(p, text), -1);
	pango_layout_get_size(p->lay, &w, &h);
	return (double)h / PANGO_SCALE;
}

static void
show(struct pdf *p, double x, double y)
{
	if (!p->draw)
		return;
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, p->lay);
}

static void
rule(struct pdf *p, double x0, double x1, double y, double w, double grey)
{
	if (!p->draw)
		return;
	cairo_save(p->cr);
	cairo_set_source_rgb(p->cr, grey, grey, grey);
	cairo_set_line_width(p->cr, w);
	cairo_move_to(p->cr, x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
	cairo_restore(p->cr);
}

/* ---- pages ---- */

static void
page_begin(struct pdf *p)
{
	struct sb sb = SB_INIT;

	p->page++;
	p->y = p->top;
	if (!p->draw)
		return;
	/* The title and subject on every page, the page number below. */
	sb_addf(&sb, "%s \xe2\x80\x94 %s", p->d->title, p->d->subject);
	layout(p, sb.buf, p->small, p->width * 0.7, 0);
	show(p, p->left, MARGIN_TOP - 26);
	layout(p, p->d->generated_at, p->small, p->width * 0.28, 0);
	pango_layout_set_alignment(p->lay, PANGO_ALIGN_RIGHT);
	show(p, p->left + p->width * 0.72, MARGIN_TOP - 26);
	pango_layout_set_alignment(p->lay, PANGO_ALIGN_LEFT);
	rule(p, p->left, p->left + p->width, MARGIN_TOP - 10, 0.5, 0.4);

	rule(p, p->left, p->left + p->width, p->ph - MARGIN_BOTTOM + 10, 0.5,
	    0.4);
	sb_reset(&sb);
	sb_addf(&sb, "parc %s report: %s", p->d->kind, p->d->subject);
	layout(p, sb.buf, p->small, p->width * 0.7, 0);
	show(p, p->left, p->ph - MARGIN_BOTTOM + 16);
	sb_reset(&sb);
	sb_addf(&sb, "page %d of %d", p->page, p->pages);
	layout(p, sb.buf, p->small, p->width * 0.28, 0);
	pango_layout_set_alignment(p->lay, PANGO_ALIGN_RIGHT);
	show(p, p->left + p->width * 0.72, p->ph - MARGIN_BOTTOM + 16);
	pango_layout_set_alignment(p->lay, PANGO_ALIGN_LEFT);
	sb_release(&sb);
}

static void
page_end(struct pdf *p)
{
	if (p->draw)
		cairo_show_page(p->cr);
}

static void
new_page(struct pdf *p)
{
	page_end(p);
	page_begin(p);
}

/* Make room for h points, starting a page unless this one is still empty. */
static int
need(struct pdf *p, double h)
{
	if (p->y + h <= p->bottom || p->y <= p->top)
		return 0;
	new_page(p);
	return 1;
}

/* ---- blocks ---- */

/* A paragraph, line by line, so that one longer than a page still breaks. */
static void
paragraph(struct pdf *p, const char *text, PangoFontDescription *f,
    double indent, double after)
{
	PangoLayoutIter *it;
	PangoRectangle r;
	double lh, base;

	layout(p, text, f, p->width - indent, 0);
	it = pango_layout_get_iter(p->lay);
	do {
		pango_layout_iter_get_line_extents(it, NULL, &r);
		lh = (double)r.height / PANGO_SCALE;
		base = (double)(pango_layout_iter_get_baseline(it) - r.y) /
		    PANGO_SCALE;
		need(p, lh);
		if (p->draw) {
			cairo_move_to(p->cr, p->left + indent, p->y + base);
			pango_cairo_show_layout_line(p->cr,
			    pango_layout_iter_get_line_readonly(it));
		}
		p->y += lh;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	p->y += after;
}

static void
fields(struct pdf *p, const struct rpt_block *b)
{
	double lw = p->width * 0.3, h, hv;
	size_t i;

	for (i = 0; i < b->nfields; i++) {
		const struct rpt_field *f = &b->fields[i];
		const char *v = f->value && *f->value ? f->value : "-";

		hv = layout(p, v, p->body, p->width - lw - 6,
		    p->bottom - p->top);
		h = layout(p, f->label, p->bold, lw - 6, p->bottom - p->top);
		if (hv > h)
			h = hv;
		need(p, h + 3);
		layout(p, f->label, p->bold, lw - 6, p->bottom - p->top);
		show(p, p->left, p->y);
		layout(p, v, p->body, p->width - lw - 6, p->bottom - p->top);
		show(p, p->left + lw, p->y);
		p->y += h + 3;
	}
	p->y += 6;
}

/* The width of the longest word of s in font f. */
static double
longest_word(struct pdf *p, const char *s, PangoFontDescription *f)
{
	struct sb word = SB_INIT;
	double best = 0, w;
	const char *q;
	int pw, ph;

	while (*s) {
		q = s + strcspn(s, " -/");
		if (*q)
			q++; /* a break after the space, hyphen or slash */
		sb_reset(&word);
		sb_add(&word, s, (size_t)(q - s));
		pango_layout_set_font_description(p->lay, f);
		pango_layout_set_width(p->lay, -1);
		pango_layout_set_text(p->lay, word.buf, -1);
		pango_layout_get_size(p->lay, &pw, &ph);
		w = (double)pw / PANGO_SCALE;
		if (w > best)
			best = w;
		s = q;
	}
	sb_release(&word);
	return best;
}

/*
 * Share the body width among t's columns by weight, but give every column
 * at least the room its header's longest word needs (so "Decision" is not
 * cut into "Decisi / on"), taking that room from the columns with more
 * than they need. Into p->cw, which lives until the next table.
 */
static void
col_widths(struct pdf *p, const struct rpt_table *t)
{
	double *min, sum = 0, need = 0, slack = 0, w;
	size_t c;

	p->cw = xrealloc(p->cw, (t->ncols ? t->ncols : 1) * sizeof(*p->cw));
	min = xcalloc(t->ncols ? t->ncols : 1, sizeof(*min));
	for (c = 0; c < t->ncols; c++)
		if ((int)c != t->group_col)
			sum += t->cols[c].weight > 0 ? t->cols[c].weight : 1;
	for (c = 0; c < t->ncols; c++) {
		p->cw[c] = 0;
		if ((int)c == t->group_col)
			continue;
		w = t->cols[c].weight > 0 ? t->cols[c].weight : 1;
		p->cw[c] = p->width * w / sum;
		min[c] =
		    longest_word(p, t->cols[c].label, p->cellb) + 2 * PAD + 1;
		if (p->cw[c] < min[c])
			need += min[c] - p->cw[c];
		else
			slack += p->cw[c] - min[c];
	}
	for (c = 0; c < t->ncols && need > 0 && slack > need; c++) {
		if ((int)c == t->group_col)
			continue;
		if (p->cw[c] < min[c])
			p->cw[c] = min[c];
		else
			p->cw[c] -= (p->cw[c] - min[c]) * need / slack;
	}
	free(min);
}

/*
 * Whether a cell surely fits on one line of width points, without asking
 * pango: printable ASCII whose advances (measured once, in the cell font)
 * add up to clearly less than the width. Most cells are short words and
 * numbers, and measuring them is half the time of a large PDF. Text that
 * is not plain ASCII, or comes near the edge, is laid out for real.
 */
static int
fits_one_line(struct pdf *p, const char *s, double width)
{
	double w = 0, limit = width * 0.95 - 1;

	if (s == NULL)
		return 1;
	for (; *s; s++) {
		if (*s < 0x20 || *s > 0x7e)
			return 0;
		/* sb_add_safe doubles a backslash */
		w += p->adv[*s - 0x20] * (*s == '\\' ? 2 : 1);
		if (w > limit)
			return 0;
	}
	return 1;
}

/* Measure the cell font once: one line's height, each ASCII advance. */
static void
measure_font(struct pdf *p)
{
	char ch[2] = { 0, 0 };
	int c, w, h;

	p->line_h = layout(p, "Xg", p->cell, 1000, 0);
	for (c = 0x20; c <= 0x7e; c++) {
		ch[0] = (char)c;
		pango_layout_set_font_description(p->lay, p->cell);
		pango_layout_set_width(p->lay, -1);
		pango_layout_set_text(p->lay, ch, 1);
		pango_layout_get_size(p->lay, &w, &h);
		p->adv[c - 0x20] = (double)w / PANGO_SCALE;
	}
}

/* Height of a row (cells NULL: the header), or draw it at p->y. */
static double
row(struct pdf *p, const struct rpt_table *t, size_t r, int header, int paint)
{
	double x = p->left, cw, h, rowh = 0;
	double maxh = p->bottom - p->top - 40;
	size_t c;

	if (paint && header && p->draw) {
		rowh = row(p, t, r, header, 0);
		cairo_save(p->cr);
		cairo_set_source_rgb(p->cr, 0.88, 0.88, 0.88);
		cairo_rectangle(p->cr, p->left, p->y, p->width, rowh);
		cairo_fill(p->cr);
		cairo_restore(p->cr);
	}
	for (c = 0; c < t->ncols; c++) {
		if ((int)c == t->group_col)
			continue;
		cw = p->cw[c];
		if (!paint && !header &&
		    fits_one_line(p, rpt_cell(t, r, c), cw - 2 * PAD))
			h = p->line_h;
		else
			h = layout(p,
			    header ? t->cols[c].label : rpt_cell(t, r, c),
			    header ? p->cellb : p->cell, cw - 2 * PAD, maxh);
		if (paint)
			show(p, x + PAD, p->y + PAD);
		if (h + 2 * PAD > rowh)
			rowh = h + 2 * PAD;
		x += cw;
	}
	return rowh;
}

static void
table_header(struct pdf *p, const struct rpt_table *t, double hh)
{
	row(p, t, 0, 1, 1);
	p->y += hh;
	rule(p, p->left, p->left + p->width, p->y, 0.6, 0.2);
}

static double
row_height(struct pdf *p, const struct rpt_table *t, size_t r)
{
	double h;

	if (p->draw) {
		if (p->hi < p->nheights)
			return p->heights[p->hi++];
		return row(p, t, r, 0, 0);
	}
	h = row(p, t, r, 0, 0);
	if (p->nheights == p->halloc) {
		p->halloc = p->halloc ? p->halloc * 2 : 1024;
		p->heights =
		    xrealloc(p->heights, p->halloc * sizeof(*p->heights));
	}
	p->heights[p->nheights++] = h;
	return h;
}

/* Whether row r starts a new group (a reviewer's section). */
static int
group_starts(const struct rpt_table *t, size_t r)
{
	const char *a, *b;

	if (t->group_col < 0)
		return 0;
	if (r == 0)
		return 1;
	a = rpt_cell(t, r - 1, (size_t)t->group_col);
	b = rpt_cell(t, r, (size_t)t->group_col);
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

static void
table(struct pdf *p, const struct rpt_table *t)
{
	double hh, rh;
	size_t r;

	if (t->nrows == 0) {
		paragraph(p, "(none)", p->body, 0, 6);
		return;
	}
	col_widths(p, t);
	hh = row(p, t, 0, 1, 0);
	for (r = 0; r < t->nrows; r++) {
		rh = row_height(p, t, r);
		if (group_starts(t, r)) {
			need(p, 30 + hh + rh);
			p->y += 4;
			sb_reset(&p->grp);
			sb_addf(&p->grp, "%s: %s", t->group_label,
			    rpt_cell(t, r, (size_t)t->group_col)
				? rpt_cell(t, r, (size_t)t->group_col)
				: "(none)");
			paragraph(p, p->grp.buf, p->bold, 0, 3);
			table_header(p, t, hh);
		} else if (r == 0) {
			need(p, hh + rh);
			table_header(p, t, hh);
		} else if (need(p, rh)) {
			table_header(p, t, hh);
		}
		row(p, t, r, 0, 1);
		p->y += rh;
		rule(p, p->left, p->left + p->width, p->y, 0.25, 0.7);
	}
	p->y += 8;
}

static void
flow(struct pdf *p)
{
	const struct rpt_doc *d = p->d;
	size_t i, j;

	p->page = 0;
	p->hi = 0;
	page_begin(p);
	paragraph(p, d->title, p->h1, 0, 2);
	paragraph(p, d->subject, p->h2, 0, 10);
	for (i = 0; i < d->nsections; i++) {
		const struct rpt_section *s = &d->sections[i];

		if (s->new_page && p->y > p->top)
			new_page(p);
		if (s->title != NULL) {
			/* keep a heading with what follows it */
			need(p, 60);
			p->y += 4;
			paragraph(p, s->title, p->h2, 0, 4);
		}
		for (j = 0; j < s->nblocks; j++) {
			const struct rpt_block *b = &s->blocks[j];

			switch (b->kind) {
			case RPT_TEXT:
				paragraph(p, b->text, p->body, 0, 5);
				break;
			case RPT_FIELDS:
				fields(p, b);
				break;
			case RPT_TABLE:
				table(p, b->table);
				break;
			}
		}
	}
	page_end(p);
}

/* ---- the file ---- */

static cairo_status_t
write_fp(void *closure, const unsigned char *data, unsigned int len)
{
	FILE *fp = closure;

	if (fwrite(data, 1, len, fp) != len)
		return CAIRO_STATUS_WRITE_ERROR;
	return CAIRO_STATUS_SUCCESS;
}

static PangoFontDescription *
font(const char *family, double size, int bold)
{
	PangoFontDescription *f = pango_font_description_new();

	pango_font_description_set_family(f, family);
	pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(f, PANGO_WEIGHT_BOLD);
	return f;
}

int
rpt_paper_parse(const char *s, enum rpt_paper *out, struct err *e)
{
	if (strcasecmp(s, "a4") == 0)
		*out = RPT_A4;
	else if (strcasecmp(s, "letter") == 0)
		*out = RPT_LETTER;
	else
		return err_set(e, PARC_EUSAGE,
		    "unknown paper '%s' (a4 or letter)", s);
	return 0;
}

int
rpt_pdf_write(const struct rpt_doc *d, enum rpt_paper paper, FILE *fp,
    int *pages, struct err *e)
{
	struct pdf p;
	cairo_surface_t *surf;
	cairo_status_t st;
	PangoAttrList *attrs;
	int measured, rc = 0;

	memset(&p, 0, sizeof(p));
	sb_init(&p.tmp);
	sb_init(&p.grp);
	p.d = d;
	p.pw = paper == RPT_LETTER ? 612.0 : 595.276;
	p.ph = paper == RPT_LETTER ? 792.0 : 841.89;
	if (d->wide) {
		double t = p.pw;

		p.pw = p.ph;
		p.ph = t;
	}
	p.left = MARGIN_X;
	p.width = p.pw - 2 * MARGIN_X;
	p.top = MARGIN_TOP;
	p.bottom = p.ph - MARGIN_BOTTOM;
	surf = cairo_pdf_surface_create_for_stream(write_fp, fp, p.pw, p.ph);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE,
	    d->title);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT,
	    d->subject);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
	    "parc");
	p.cr = cairo_create(surf);
	p.lay = pango_cairo_create_layout(p.cr);
	pango_layout_set_wrap(p.lay, PANGO_WRAP_WORD_CHAR);
	/*
	 * A name broken inside a word must not gain a hyphen it does not
	 * have: the evidence shows names exactly.
	 */
	attrs = pango_attr_list_new();
	pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
	pango_layout_set_attributes(p.lay, attrs);
	pango_attr_list_unref(attrs);
	p.body = font(FONT, 9, 0);
	p.bold = font(FONT, 9, 1);
	p.cell = font(FONT, 7.5, 0);
	p.cellb = font(FONT, 7.5, 1);
	p.small = font(FONT, 7, 0);
	p.h1 = font(FONT, 18, 1);
	p.h2 = font(FONT, 12, 1);

	measure_font(&p);
	flow(&p);
	measured = p.page;
	p.pages = measured;
	p.draw = 1;
	flow(&p);
	if (p.page != measured)
		rc = err_set(e, PARC_EIO,
		    "PDF layout: %d pages measured but %d drawn", measured,
		    p.page);
	if (pages != NULL)
		*pages = p.page;

	g_object_unref(p.lay);
	cairo_destroy(p.cr);
	cairo_surface_finish(surf);
	st = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	if (rc == 0 && st != CAIRO_STATUS_SUCCESS)
		rc = err_set(e, PARC_EIO, "writing the PDF: %s",
		    cairo_status_to_string(st));
	pango_font_description_free(p.body);
	pango_font_description_free(p.bold);
	pango_font_description_free(p.cell);
	pango_font_description_free(p.cellb);
	pango_font_description_free(p.small);
	pango_font_description_free(p.h1);
	pango_font_description_free(p.h2);
	free(p.heights);
	free(p.cw);
	sb_release(&p.tmp);
	sb_release(&p.grp);
	return rc;
}
