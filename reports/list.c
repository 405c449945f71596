/* list.c - a table written out row by row as it is built (list.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "reports/csv.h"
#include "reports/json.h"
#include "reports/list.h"

static int
put_row(const struct rpt_table *t, size_t r, void *arg)
{
	struct rpt_list *l = arg;

	sb_reset(&l->sb);
	switch (l->format) {
	case RPT_LIST_JSON:
		sb_adds(&l->sb, l->n == 0 ? "[\n  " : ",\n  ");
		rpt_json_record(&l->sb, t, r);
		break;
	case RPT_LIST_JSONL:
		rpt_json_record(&l->sb, t, r);
		sb_addc(&l->sb, '\n');
		break;
	case RPT_LIST_CSV:
		if (!l->header)
			rpt_csv_header(&l->sb, t);
		l->header = 1;
		rpt_csv_record(&l->sb, t, r);
		break;
	}
	l->n++;
	if (fwrite(l->sb.buf, 1, l->sb.len, l->fp) != l->sb.len)
		return PARC_EIO;
	return 0;
}

void
rpt_list_init(struct rpt_list *l, enum rpt_list_format format, FILE *fp,
    const char *what)
{
	memset(l, 0, sizeof(*l));
	l->format = format;
	l->fp = fp;
	l->what = what;
	l->sink.row = put_row;
	l->sink.arg = l;
	sb_init(&l->sb);
}

int
rpt_list_end(struct rpt_list *l, const struct rpt_table *t, int rc,
    struct err *e)
{
	sb_reset(&l->sb);
	if (rc != PARC_EIO) {
		if (l->format == RPT_LIST_JSON)
			sb_adds(&l->sb, l->n ? "\n]\n" : "[]\n");
		else if (l->format == RPT_LIST_CSV && !l->header && t != NULL)
			rpt_csv_header(&l->sb, t);
		if (l->sb.len > 0 &&
		    fwrite(l->sb.buf, 1, l->sb.len, l->fp) != l->sb.len &&
		    rc == 0)
			rc = PARC_EIO;
	}
	if (rc == PARC_EIO)
		rc = err_set(e, PARC_EIO, "writing %s: %s", l->what,
		    strerror(errno));
	sb_release(&l->sb);
	return rc;
}
