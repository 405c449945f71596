/*
 * csv.h - a report's primary table as RFC 4180 CSV.
 *
 * One header row of the columns' keys, then one record per row, CRLF line
 * ends, cells quoted when they hold a comma, quote or line break. A cell a
 * spreadsheet would take for a formula (it starts with =, +, -, @, tab or
 * CR) gets a leading ' inside its quotes, so it stays text (sb_add_csv).
 */
#ifndef PARC_RPT_CSV_H
#define PARC_RPT_CSV_H

#include <stdio.h>

#include "lib/err.h"
#include "lib/sb.h"
#include "reports/doc.h"

/*
 * Write d's primary table on fp. A document without one fails with
 * PARC_EUSAGE ("this report has no table for CSV"). Returns 0, or PARC_EIO
 * when writing fails.
 */
int rpt_csv_write(const struct rpt_doc *d, FILE *fp, struct err *e);

/* Append t's header row: the columns' keys, CRLF. */
void rpt_csv_header(struct sb *sb, const struct rpt_table *t);

/* Append row r of t as one record, CRLF. */
void rpt_csv_record(struct sb *sb, const struct rpt_table *t, size_t r);

#endif
