/*
 * list.h - a table written out row by row as it is built, for the
 * commands that list (parc inventory, findings, exceptions, sources,
 * campaign list, export siem): a JSON array of records, JSON lines, or
 * CSV with a header row. The rows never all sit in memory, so a list of a
 * million grants costs one row.
 *
 *	struct rpt_list l;
 *	rpt_list_init(&l, RPT_LIST_JSON, stdout, "the inventory");
 *	rc = rpt_inventory_list(db, &f, &l.sink, &d, e);  (model.h)
 *	rc = rpt_list_end(&l, d ? d->primary : NULL, rc, e);
 *
 * The records are json.h's, the CSV csv.h's.
 */
#ifndef PARC_RPT_LIST_H
#define PARC_RPT_LIST_H

#include <stdio.h>

#include "lib/err.h"
#include "lib/sb.h"
#include "reports/doc.h"

enum rpt_list_format {
	RPT_LIST_JSON,	/* "[\n  {...},\n  {...}\n]\n", or "[]\n" */
	RPT_LIST_JSONL, /* one record a line */
	RPT_LIST_CSV,	/* the header row, then one record a row */
};

struct rpt_list {
	enum rpt_list_format format;
	FILE *fp;
	struct rpt_sink sink; /* give it to the table the rows come from */
	struct sb sb;
	size_t n;	  /* records written */
	int header;	  /* the CSV header is written */
	const char *what; /* "the inventory" */
};

/*
 * Start a list on fp (borrowed until rpt_list_end()); what names it in an
 * error, and must live as long.
 */
void rpt_list_init(struct rpt_list *l, enum rpt_list_format format, FILE *fp,
    const char *what);

/*
 * Finish the list of table t (it names the columns of a CSV header that
 * no row wrote; NULL when the table could not be made) after its rows came
 * with the result rc, and release l. Returns rc, or PARC_EIO with e set
 * when a write failed ("writing the inventory: No space left on device").
 */
int rpt_list_end(struct rpt_list *l, const struct rpt_table *t, int rc,
    struct err *e);

#endif
