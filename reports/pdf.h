/*
 * pdf.h - a report as a paginated PDF (cairo + pango).
 *
 * Every page carries the report's title and subject at the top and
 * "page X of Y" at the bottom; a draft (an open campaign's evidence) says
 * DRAFT on every page. Tables break across pages with their header row
 * repeated; columns are as wide as their cells need (pdf.c), and a cell
 * too long for its column wraps between words, else between a path's or
 * name's parts (wrap.h), so no text is cut at a column's edge; text in any
 * script prints through fontconfig's fallback from DejaVu Sans
 * (fonts-dejavu-core; fonts-wqy-microhei for CJK, fonts-freefont-ttf for Indic
 * scripts and Thai; a script no installed font covers prints as boxes). A
 * single cell taller than a page is the one thing shortened: it ends in an
 * ellipsis (the CSV and JSON forms keep it whole). Control characters print as
 * visible escapes.
 */
#ifndef PARC_RPT_PDF_H
#define PARC_RPT_PDF_H

#include <stdio.h>

#include "lib/err.h"
#include "reports/doc.h"

enum rpt_paper {
	RPT_A4,
	RPT_LETTER
};

/*
 * Parse a paper name ("a4", "letter", any case) into *out. Returns 0, or
 * PARC_EUSAGE naming the word.
 */
int rpt_paper_parse(const char *s, enum rpt_paper *out, struct err *e);

/*
 * Write d as a PDF on fp (which the caller owns and closes). *pages, when
 * not NULL, receives the number of pages written. Returns 0, or PARC_EIO
 * when writing fails, with the cairo status in e.
 */
int rpt_pdf_write(const struct rpt_doc *d, enum rpt_paper paper, FILE *fp,
    int *pages, struct err *e);

#endif
