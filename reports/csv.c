/* csv.c - a report's primary table as RFC 4180 CSV (see csv.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/sb.h"
#include "reports/csv.h"

void
rpt_csv_header(struct sb *sb, const struct rpt_table *t)
{
	size_t c;

	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			sb_addc(sb, ',');
		sb_add_csv(sb, t->cols[c].key);
	}
	sb_adds(sb, "\r\n");
}

void
rpt_csv_record(struct sb *sb, const struct rpt_table *t, size_t r)
{
	size_t c;

	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			sb_addc(sb, ',');
		sb_add_csv(sb, rpt_cell(t, r, c));
	}
	sb_adds(sb, "\r\n");
}

int
rpt_csv_write(const struct rpt_doc *d, FILE *fp, struct err *e)
{
	const struct rpt_table *t = d->primary;
	struct sb sb = SB_INIT;
	size_t r;
	int rc = 0;

	if (t == NULL)
		return err_set(e, PARC_EUSAGE,
		    "the %s report has no table for CSV", d->kind);
	rpt_csv_header(&sb, t);
	for (r = 0; r < t->nrows; r++) {
		rpt_csv_record(&sb, t, r);
		if (sb.len >= 65536 || r + 1 == t->nrows) {
			if (fwrite(sb.buf, 1, sb.len, fp) != sb.len) {
				rc = err_set(e, PARC_EIO, "writing CSV: %s",
				    strerror(errno));
				goto out;
			}
			sb_reset(&sb);
		}
	}
	if (sb.len > 0 && fwrite(sb.buf, 1, sb.len, fp) != sb.len)
		rc = err_set(e, PARC_EIO, "writing CSV: %s", strerror(errno));
out:
	sb_release(&sb);
	return rc;
}
