/*
 * txt.h - a report as plain text for a terminal or a mail.
 *
 * Headings, label: value fields, and tables: a table whose cells all fit in
 * 100 columns prints as aligned columns, a wider one as one record per row
 * (label: value lines), so no cell is ever cut. Everything from the data is
 * escaped with sb_add_safe(): no control character reaches the terminal.
 */
#ifndef PARC_RPT_TXT_H
#define PARC_RPT_TXT_H

#include <stdio.h>

#include "lib/err.h"
#include "reports/doc.h"

/* Write d as text on fp. Returns 0, or PARC_EIO when writing fails. */
int rpt_txt_write(const struct rpt_doc *d, FILE *fp, struct err *e);

#endif
