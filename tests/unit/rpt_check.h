/*
 * rpt_check.h - read reports back with real tools, for the report tests:
 * poppler's pdftotext and pdfinfo, Python's csv module and a JSON Schema
 * validator (tests/data/reports/check.py). Each check fails the running
 * cmocka test with a message naming what is missing or wrong.
 */
#ifndef PARC_TEST_RPT_CHECK_H
#define PARC_TEST_RPT_CHECK_H

#include "lib/sb.h"
#include "reports/doc.h"

/* Run a shell command and return its standard output (caller frees). */
char *rpt_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * s without whitespace and bidirectional marks, malloc'd: how text that
 * wrapped in the PDF compares with what it should say.
 */
char *rpt_squeeze(const char *s);

/*
 * The PDF at path holds d, laid out on pages pages: pdfinfo counts them;
 * each page carries "page X of Y", the title and the subject; every field
 * value, group heading and table cell of d is in the text in order, whole
 * (a wrapped cell is compared without its line breaks); and no word lies
 * outside the page's body or over another word (nothing clipped, nothing
 * overflowing into the next column).
 */
void check_pdf(const char *path, const struct rpt_doc *d, int pages);

/* The size of the PDF's first page in points. */
void pdf_page_size(const char *path, double *w, double *h);

/*
 * The CSV at path, parsed by Python's csv module, is t's column keys and
 * then exactly t's rows, each cell as written or, when a spreadsheet would
 * take it for a formula, with a leading '.
 */
void check_csv(const char *path, const struct rpt_table *t);

/*
 * The JSON at path validates against share/schema/report-v1.json and its
 * primary table holds exactly d's primary rows.
 */
void check_json(const char *path, const struct rpt_doc *d);

#endif
