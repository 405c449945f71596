/*
 * pdf.c - a report as a paginated PDF (see pdf.h).
 *
 * The document is laid out twice over the same cairo context: a measuring
 * pass that draws nothing and counts the pages (and remembers each table
 * row's height), then the drawing pass, which then knows Y for "page X of
 * Y". Both passes make the same decisions from the same measurements, so
 * they agree on every page break; the drawing pass checks that they did.
 * The measuring pass also sizes each table's columns from every cell
 * (col_widths()), which the drawing pass uses again. Text goes through
 * pdf_text.c, which draws plain ASCII as glyphs without pango and keeps
 * pango's layouts of the rest, so a million cells cost little more than
 * what cairo writes for them.
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
#include "reports/pdf_text.h"

#define FONT "DejaVu Sans"
#define MARGIN_X 40.0
#define MARGIN_TOP 54.0
#define MARGIN_BOTTOM 48.0
#define PAD 2.5	    /* inside a table cell */
#define SAMPLES 256 /* rows a table's widths are tried on */
#define SLICES 32   /* the room shared, a slice at a time */

struct pdf {
	const struct rpt_doc *d;
	cairo_t *cr;
	struct pdf_text tx;
	struct pdf_face body, bold, cell, cellb, small, h1, h2;
	double pw, ph;	    /* page size, points */
	double left, width; /* body area */
	double top, bottom;
	double y;	 /* next free line on the page */
	int page;	 /* the current page, from 1 */
	int pages;	 /* the total, known in the drawing pass */
	int draw;	 /* 0: measuring pass */
	double *heights; /* table row heights from the measuring pass */
	size_t nheights, hi, halloc;
	struct sb grp;	   /* a group's heading */
	struct sb scratch; /* lines wrapped to be counted */
	/* each table's column widths, from the measuring pass */
	double **cws;
	size_t ncws, ti;
	const double *cw; /* the current table's */
};

/* ---- text ---- */

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

/* Text in a box, drawn in the drawing pass; returns its height. */
static double
text(struct pdf *p, struct pdf_face *f, const char *s, double x, double y,
    double width, enum pdf_align align)
{
	return pdf_text_box(f, s, x, y, width, p->bottom - p->top, align,
	    p->draw);
}

/* Text in red (a draft's mark), drawn at once. */
static double
red(struct pdf *p, struct pdf_face *f, const char *s, double x, double y,
    double width)
{
	double h;

	if (!p->draw)
		return pdf_text_box(f, s, x, y, width, 0, PDF_LEFT, 0);
	pdf_text_flush(&p->tx);
	cairo_save(p->cr);
	cairo_set_source_rgb(p->cr, 0.75, 0, 0);
	h = pdf_text_box(f, s, x, y, width, 0, PDF_LEFT, 1);
	pdf_text_flush(&p->tx);
	cairo_restore(p->cr);
	return h;
}

/* ---- pages ---- */

static void
page_begin(struct pdf *p)
{
	struct sb sb = SB_INIT;
	double x = p->left, top = MARGIN_TOP - 26, foot;

	p->page++;
	p->y = p->top;
	if (!p->draw)
		return;
	/*
	 * The title and subject on every page, the page number below; a
	 * report whose campaign is still open says DRAFT before its title.
	 */
	if (p->d->draft != NULL) {
		double w = pdf_text_width(&p->bold, "DRAFT");

		red(p, &p->bold, "DRAFT", x, top - 1.5, w + 1);
		x += w + 8;
	}
	sb_addf(&sb, "%s \xe2\x80\x94 %s", p->d->title, p->d->subject);
	text(p, &p->small, sb.buf, x, top, p->left + p->width * 0.7 - x,
	    PDF_LEFT);
	text(p, &p->small, p->d->generated_at, p->left + p->width * 0.72, top,
	    p->width * 0.28, PDF_RIGHT);
	rule(p, p->left, p->left + p->width, MARGIN_TOP - 10, 0.5, 0.4);

	foot = p->ph - MARGIN_BOTTOM + 10;
	rule(p, p->left, p->left + p->width, foot, 0.5, 0.4);
	sb_reset(&sb);
	sb_addf(&sb, "parc %s report: %s", p->d->kind, p->d->subject);
	text(p, &p->small, sb.buf, p->left, foot + 6, p->width * 0.7, PDF_LEFT);
	sb_reset(&sb);
	sb_addf(&sb, "page %d of %d", p->page, p->pages);
	text(p, &p->small, sb.buf, p->left + p->width * 0.72, foot + 6,
	    p->width * 0.28, PDF_RIGHT);
	sb_release(&sb);
}

static void
page_end(struct pdf *p)
{
	if (!p->draw)
		return;
	pdf_text_flush(&p->tx);
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
paragraph(struct pdf *p, const char *s, struct pdf_face *f, double indent,
    double after)
{
	PangoLayout *lay = p->tx.lay;
	PangoLayoutIter *it;
	PangoRectangle r;
	double lh, base;

	pango_layout_set_font_description(lay, f->desc);
	pango_layout_set_width(lay, (int)((p->width - indent) * PANGO_SCALE));
	pango_layout_set_text(lay, pdf_text_clean(&p->tx, s), -1);
	if (p->draw)
		pdf_text_flush(&p->tx);
	it = pango_layout_get_iter(lay);
	do {
		pango_layout_iter_get_line_extents(it, NULL, &r);
		lh = (double)r.height / PANGO_SCALE;
		base = (double)(pango_layout_iter_get_baseline(it) - r.y) /
		    PANGO_SCALE;
		need(p, lh);
		if (p->draw) {
			pdf_text_flush(&p->tx);
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
	double lw = p->width * 0.3, h, hv, maxh = p->bottom - p->top;
	size_t i;

	for (i = 0; i < b->nfields; i++) {
		const struct rpt_field *f = &b->fields[i];
		const char *v = f->value && *f->value ? f->value : "-";

		hv = pdf_text_box(&p->body, v, 0, 0, p->width - lw - 6, maxh,
		    PDF_LEFT, 0);
		h = pdf_text_box(&p->bold, f->label, 0, 0, lw - 6, maxh,
		    PDF_LEFT, 0);
		if (hv > h)
			h = hv;
		need(p, h + 3);
		text(p, &p->bold, f->label, p->left, p->y, lw - 6, PDF_LEFT);
		text(p, &p->body, v, p->left + lw, p->y, p->width - lw - 6,
		    PDF_LEFT);
		p->y += h + 3;
	}
	p->y += 6;
}

/*
 * What column c of t needs (rpt_wrap_extent(): its widest sub-part,
 * part, word and line), each with the cell's padding, the header's words
 * in bold among them, each no wider than its cap.
 */
static void
col_needs(struct pdf *p, const struct rpt_table *t, size_t c,
    const double cap[RPT_WRAP_N], double need[RPT_WRAP_N])
{
	double ext[RPT_WRAP_N], pad = 2 * PAD + 1;
	const char *s;
	size_t r;
	int k;

	pdf_text_extent(&p->cellb, t->cols[c].label, ext);
	for (k = 0; k < RPT_WRAP_N; k++)
		need[k] =
		    (k == RPT_WRAP_LINE ? ext[k] : ext[RPT_WRAP_WORD]) + pad;
	for (r = 0; r < t->nrows; r++) {
		if ((s = rpt_cell(t, r, c)) == NULL || *s == '\0')
			continue;
		pdf_text_extent(&p->cell, s, ext);
		for (k = 0; k < RPT_WRAP_N; k++)
			if (ext[k] + pad > need[k])
				need[k] = ext[k] + pad;
	}
	for (k = 0; k < RPT_WRAP_N; k++) {
		if (need[k] > cap[k])
			need[k] = cap[k];
		if (k > 0 && need[k] < need[k - 1])
			need[k] = need[k - 1];
	}
}

static double
weight(const struct rpt_table *t, size_t c)
{
	return t->cols[c].weight > 0 ? t->cols[c].weight : 1;
}

/* The lines cell (r, c) of t takes in a column w points wide. */
static int
cell_lines(struct pdf *p, const struct rpt_table *t, size_t r, size_t c,
    double w)
{
	const char *s = rpt_cell(t, r, c);

	if (s == NULL || *s == '\0')
		return 1;
	sb_reset(&p->scratch);
	return rpt_wrap(&p->scratch, pdf_text_clean(&p->tx, s), w - 2 * PAD,
	    &p->cell.m);
}

/*
 * How much shorter the sample rows get if column c is w points wide:
 * lines off the rows' heights first, lines off the column's cells next.
 * nl receives the column's lines at that width.
 */
static double
gain(struct pdf *p, const struct rpt_table *t, const size_t *rows, size_t ns,
    const int *lines, size_t c, double w, int *nl)
{
	double rows_off = 0, cells_off = 0;
	size_t i, c2;
	int was, now;

	for (i = 0; i < ns; i++) {
		nl[i] = cell_lines(p, t, rows[i], c, w);
		was = now = nl[i];
		for (c2 = 0; c2 < t->ncols; c2++) {
			if (lines[i * t->ncols + c2] > was)
				was = lines[i * t->ncols + c2];
			if (c2 != c && lines[i * t->ncols + c2] > now)
				now = lines[i * t->ncols + c2];
		}
		rows_off += was - now;
		cells_off += lines[i * t->ncols + c] - nl[i];
	}
	return rows_off * 1000 + cells_off;
}

/*
 * Every column of t at its need of level k, and left points more to
 * share, a slice at a time, each to the column it makes the rows
 * shortest (tried on up to SAMPLES rows, spread over the table); what no
 * column needs goes by how much wider each one's lines are, times its
 * weight, or by weight alone when every line fits.
 */
static void
share(struct pdf *p, const struct rpt_table *t, double (*need)[RPT_WRAP_N],
    int k, double left, double sw, double *cw)
{
	size_t rows[SAMPLES], ns = t->nrows < SAMPLES ? t->nrows : SAMPLES;
	int *lines, *nl;
	double more = 0, slice = left / SLICES, g, best;
	size_t c, i, pick;

	for (c = 0; c < t->ncols; c++)
		if ((int)c != t->group_col)
			cw[c] = need[c][k];
	lines = xcalloc(ns * t->ncols + 1, sizeof(*lines));
	nl = xcalloc(ns + 1, sizeof(*nl));
	for (i = 0; i < ns; i++) {
		rows[i] = i * t->nrows / ns;
		for (c = 0; c < t->ncols; c++)
			lines[i * t->ncols + c] = (int)c == t->group_col
			    ? 1
			    : cell_lines(p, t, rows[i], c, cw[c]);
	}
	for (; k < RPT_WRAP_LINE && left >= slice && slice > 0.5;) {
		pick = t->ncols;
		best = 0;
		for (c = 0; c < t->ncols; c++) {
			if ((int)c == t->group_col ||
			    cw[c] >= need[c][RPT_WRAP_LINE])
				continue;
			g = gain(p, t, rows, ns, lines, c, cw[c] + slice, nl);
			if (g > best) {
				best = g;
				pick = c;
			}
		}
		if (pick == t->ncols)
			break;
		cw[pick] += slice;
		left -= slice;
		gain(p, t, rows, ns, lines, pick, cw[pick], nl);
		for (i = 0; i < ns; i++)
			lines[i * t->ncols + pick] = nl[i];
	}
	free(lines);
	free(nl);
	for (c = 0; c < t->ncols; c++)
		if ((int)c != t->group_col && cw[c] < need[c][RPT_WRAP_LINE])
			more += (need[c][RPT_WRAP_LINE] - cw[c]) * weight(t, c);
	for (c = 0; c < t->ncols; c++) {
		if ((int)c == t->group_col)
			continue;
		if (more > 0 && cw[c] < need[c][RPT_WRAP_LINE])
			cw[c] += left * weight(t, c) *
			    (need[c][RPT_WRAP_LINE] - cw[c]) / more;
		else if (more <= 0)
			cw[c] += left * weight(t, c) / sw;
	}
}

/*
 * Share the body width among t's columns by what their cells hold (an
 * empty column is as wide as its header's longest word, a column of paths
 * wide): every column as wide as its longest line when they all fit;
 * else every column as wide as its longest word, or failing that its
 * widest part (a path's part, a DN's attribute), or failing that its
 * widest sub-part (a name between dots), with the room left shared
 * to make the rows shortest (share()); else the widest columns narrowed alike
 * until they fit, and their widest sub-parts cut (wrap.h). The widths are
 * worked out in the measuring pass and kept for the drawing pass.
 */
static const double *
col_widths(struct pdf *p, const struct rpt_table *t)
{
	double *cw, (*need)[RPT_WRAP_N], sum[RPT_WRAP_N] = { 0 }, sw = 0;
	double W = p->width, lo, hi, cap, s;
	/*
	 * No column claims more than this for what it keeps whole: one
	 * name without a place to break (a 35-letter surname) is cut
	 * rather than starving the other columns.
	 */
	const double caps[RPT_WRAP_N] = { W / 10, W / 6, W / 4, W };
	size_t c, n = t->ncols ? t->ncols : 1;
	int k, i;

	if (p->draw)
		return p->ti < p->ncws ? p->cws[p->ti++] : NULL;
	cw = xcalloc(n, sizeof(*cw));
	need = xcalloc(n, sizeof(*need));
	for (c = 0; c < t->ncols; c++) {
		if ((int)c == t->group_col)
			continue;
		col_needs(p, t, c, caps, need[c]);
		for (k = 0; k < RPT_WRAP_N; k++)
			sum[k] += need[c][k];
		sw += weight(t, c);
	}
	for (k = RPT_WRAP_LINE; k >= 0 && sum[k] > W; k--)
		;
	if (k >= 0)
		share(p, t, need, k, W - sum[k], sw, cw);
	if (k < 0) {
		/* the widest sub-parts are cut: find the width they get */
		lo = 0;
		hi = W;
		for (i = 0; i < 40; i++) {
			cap = (lo + hi) / 2;
			for (s = 0, c = 0; c < t->ncols; c++)
				if ((int)c != t->group_col)
					s +=
					    need[c][0] < cap ? need[c][0] : cap;
			if (s > W)
				hi = cap;
			else
				lo = cap;
		}
		for (c = 0; c < t->ncols; c++)
			if ((int)c != t->group_col)
				cw[c] = need[c][0] < lo ? need[c][0] : lo;
	}
	free(need);
	p->cws = xrealloc(p->cws, (p->ncws + 1) * sizeof(*p->cws));
	p->cws[p->ncws++] = cw;
	return cw;
}

/*
 * The height of row r of t (header: its header row); with paint, draw it
 * at p->y (in the drawing pass).
 */
static double
row(struct pdf *p, const struct rpt_table *t, size_t r, int header, int paint)
{
	double x = p->left, h, rowh = 0;
	double maxh = p->bottom - p->top - 40;
	size_t c;

	if (paint && !p->draw)
		return 0;
	if (paint && header) {
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
		h = pdf_text_box(header ? &p->cellb : &p->cell,
		    header ? t->cols[c].label : rpt_cell(t, r, c), x + PAD,
		    p->y + PAD, p->cw[c] - 2 * PAD, maxh, PDF_LEFT, paint);
		if (h + 2 * PAD > rowh)
			rowh = h + 2 * PAD;
		x += p->cw[c];
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
		paragraph(p, "(none)", &p->body, 0, 6);
		return;
	}
	if ((p->cw = col_widths(p, t)) == NULL)
		return; /* the passes disagree: rpt_pdf_write() says so */
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
			paragraph(p, p->grp.buf, &p->bold, 0, 3);
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
	p->ti = 0;
	page_begin(p);
	paragraph(p, d->title, &p->h1, 0, 2);
	paragraph(p, d->subject, &p->h2, 0, d->draft ? 4 : 10);
	if (d->draft != NULL) {
		p->y += red(p, &p->bold, d->draft, p->left, p->y, p->width);
		p->y += 10;
	}
	for (i = 0; i < d->nsections; i++) {
		const struct rpt_section *s = &d->sections[i];

		if (s->new_page && p->y > p->top)
			new_page(p);
		if (s->title != NULL) {
			/* keep a heading with what follows it */
			need(p, 60);
			p->y += 4;
			paragraph(p, s->title, &p->h2, 0, 4);
		}
		for (j = 0; j < s->nblocks; j++) {
			const struct rpt_block *b = &s->blocks[j];

			switch (b->kind) {
			case RPT_TEXT:
				paragraph(p, b->text, &p->body, 0, 5);
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
	int measured, rc = 0;
	size_t i;

	memset(&p, 0, sizeof(p));
	sb_init(&p.grp);
	sb_init(&p.scratch);
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
	pdf_text_init(&p.tx, p.cr);
	pdf_face_init(&p.tx, &p.body, FONT, 9, 0);
	pdf_face_init(&p.tx, &p.bold, FONT, 9, 1);
	pdf_face_init(&p.tx, &p.cell, FONT, 7.5, 0);
	pdf_face_init(&p.tx, &p.cellb, FONT, 7.5, 1);
	pdf_face_init(&p.tx, &p.small, FONT, 7, 0);
	pdf_face_init(&p.tx, &p.h1, FONT, 18, 1);
	pdf_face_init(&p.tx, &p.h2, FONT, 12, 1);

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

	pdf_text_flush(&p.tx);
	pdf_text_release(&p.tx);
	cairo_destroy(p.cr);
	cairo_surface_finish(surf);
	st = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	if (rc == 0 && st != CAIRO_STATUS_SUCCESS)
		rc = err_set(e, PARC_EIO, "writing the PDF: %s",
		    cairo_status_to_string(st));
	pdf_face_release(&p.body);
	pdf_face_release(&p.bold);
	pdf_face_release(&p.cell);
	pdf_face_release(&p.cellb);
	pdf_face_release(&p.small);
	pdf_face_release(&p.h1);
	pdf_face_release(&p.h2);
	free(p.heights);
	for (i = 0; i < p.ncws; i++)
		free(p.cws[i]);
	free(p.cws);
	sb_release(&p.grp);
	sb_release(&p.scratch);
	return rc;
}
