/*
 * pdf_text.h - text in the PDF: measured, wrapped and drawn (internal to
 * reports/pdf.c).
 *
 * A large evidence report is a million table cells, and laying each one
 * out with pango (itemizing, shaping with harfbuzz) was three quarters of
 * its time. Most cells are short plain ASCII: ids, dates, logins,
 * decisions, paths. So a face measures its font's 95 printable ASCII
 * glyphs once, and ASCII text is measured by adding advances, broken into
 * lines by wrap.c, and drawn as glyphs straight through cairo (one
 * cairo_show_text_glyphs call for many cells); what pango would do with
 * it, less kerning. Any other text (names in other scripts, an ellipsis)
 * is laid out by pango, once per distinct text, font, width and height:
 * a small cache of layouts keeps the last ones, so a person's name
 * repeated on five rows is shaped once, and the memory stays flat.
 */
#ifndef PARC_RPT_PDF_TEXT_H
#define PARC_RPT_PDF_TEXT_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "lib/sb.h"
#include "reports/wrap.h"

struct pdf_text;

/* A font, with what the ASCII path needs of it. */
struct pdf_face {
	struct pdf_text *tx;
	PangoFontDescription *desc;
	cairo_scaled_font_t *sf; /* NULL: every text goes through pango */
	unsigned long glyph[95]; /* of each printable ASCII character */
	double adv[95];		 /* its advance, points */
	double line_h;		 /* one line's height, points */
	double base;		 /* from a line's top to its baseline */
	struct rpt_measure m;	 /* this face's widths, for wrap.c */
};

enum pdf_align {
	PDF_LEFT,
	PDF_RIGHT
};

/* a layout kept for a text that came again */
struct pdf_lay {
	PangoLayout *lay;
	char *key;
	size_t keylen;
	double h;
};

/* a width kept for a non-ASCII piece of text */
struct pdf_width {
	char *key;
	size_t keylen;
	double w;
};

#define PDF_NLAYS 512
#define PDF_NWIDTHS 4096

struct pdf_text {
	cairo_t *cr;
	PangoContext *ctx;
	PangoAttrList *attrs;
	PangoLayout *lay;  /* for the caller: paragraphs */
	PangoLayout *mlay; /* for measuring */
	struct pdf_lay lays[PDF_NLAYS];
	struct pdf_width widths[PDF_NWIDTHS];
	struct sb clean, wrapped, key;
	/* glyphs waiting to be drawn, all in one face */
	const struct pdf_face *bf;
	cairo_glyph_t *g;
	cairo_text_cluster_t *cl;
	size_t ng, galloc;
	struct sb utf8;
};

/* Set tx up to draw on cr (which the caller owns). */
void pdf_text_init(struct pdf_text *tx, cairo_t *cr);

/* Free what tx holds (draw what is waiting first: pdf_text_flush). */
void pdf_text_release(struct pdf_text *tx);

/*
 * Make f the face of family at size points (bold or not), measured on
 * tx. Release with pdf_face_release().
 */
void pdf_face_init(struct pdf_text *tx, struct pdf_face *f, const char *family,
    double size, int bold);
void pdf_face_release(struct pdf_face *f);

/*
 * s as it prints: valid UTF-8, every control character but the line
 * break shown as an escape (sb_add_safe() per line); "" for NULL.
 * Borrowed: lives until the next call on tx.
 */
const char *pdf_text_clean(struct pdf_text *tx, const char *s);

/*
 * What s (as given to pdf_text_box, not cleaned) needs of a column in
 * face f: see rpt_wrap_extent().
 */
void pdf_text_extent(struct pdf_face *f, const char *s, double ext[RPT_WRAP_N]);

/* The width of s (not cleaned) on one line in face f. */
double pdf_text_width(struct pdf_face *f, const char *s);

/*
 * Lay s (not cleaned) out in face f, width points wide, broken as wrap.h
 * says; a text taller than maxh points (maxh > 0) is cut short with an
 * ellipsis. Returns its height. With draw, draws it too, its top left
 * corner at (x, y), each line aligned as align says (perhaps later: what
 * is drawn waits in tx until pdf_text_flush() or a text pango draws).
 */
double pdf_text_box(struct pdf_face *f, const char *s, double x, double y,
    double width, double maxh, enum pdf_align align, int draw);

/* Draw what waits, in the current source colour. */
void pdf_text_flush(struct pdf_text *tx);

#endif
