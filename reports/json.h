/*
 * json.h - a report as one JSON document, versioned schema
 * share/schema/report-v1.json (JSON Schema draft 2020-12).
 *
 *	{"schema": "parc-report", "schema_version": 1, "kind": "evidence",
 *	 "title": ..., "subject": ..., "generated_at": ..., "generated_by": ...,
 *	 "primary": "items",
 *	 "sections": [{"key": "cover", "title": ..., "blocks": [
 *	   {"type": "text", "text": ...},
 *	   {"type": "fields", "fields": [{"key", "label", "value"}]},
 *	   {"type": "table", "name": ..., "columns": [{"key", "label"}],
 *	    "rows": [{COLUMN-KEY: string or null, ...}]}]}]}
 *
 * Keys and names are stable; a change that removes or renames one raises
 * schema_version. Every value is a string or null.
 */
#ifndef PARC_RPT_JSON_H
#define PARC_RPT_JSON_H

#include <stdio.h>

#include "lib/err.h"
#include "lib/sb.h"
#include "reports/doc.h"

/* Write d as JSON on fp. Returns 0, or PARC_EIO when writing fails. */
int rpt_json_write(const struct rpt_doc *d, FILE *fp, struct err *e);

/*
 * The forms the commands write (parc inventory --json, campaign show
 * --json, the SIEM's JSON lines ...), whose keys the README and parc(1)
 * document: records, one object per row of a table, on one line, each
 * value typed by its column (enum rpt_type): a string or null, a number,
 * true or false, an array of strings, or the JSON SQLite wrote.
 *
 *	{"source": "corp", "tier": 0, "enabled": true,
 *	 "techniques": ["T1078"], "path": ["alice","Domain Admins"]}
 */

/* Append row r of t as one record. */
void rpt_json_record(struct sb *sb, const struct rpt_table *t, size_t r);

/*
 * Write d as one JSON object on fp, a member per section, in order: a
 * section keyed "" gives the fields of its record table as members of
 * the object itself; a record table is "KEY": {record}; any other table is
 * "KEY": [records], one per line. Returns 0, or PARC_EIO.
 *
 *	{"campaign": {"id": 1, ...},
 *	 "items": [
 *	  {"id": 1, ...},
 *	  {"id": 2, ...}
 *	 ]}
 */
int rpt_json_object_write(const struct rpt_doc *d, FILE *fp, struct err *e);

/*
 * The same object with one list, t, written as its rows come: begin
 * writes the members before t and opens it; hand w->sink to t (t->sink)
 * and fill it; end closes it, writes the members after it, and releases
 * w. A campaign of a million items costs one row. Both return 0, or
 * PARC_EIO with e set; end returns rc as it is when it is not 0.
 */
struct rpt_json_object {
	struct rpt_sink sink; /* for t */
	const struct rpt_doc *d;
	FILE *fp;
	struct err *e;
	struct sb sb;
	size_t next; /* the section to write next */
	size_t n;    /* rows of the open list */
	int first;   /* no member written yet */
};

int rpt_json_object_begin(struct rpt_json_object *w, const struct rpt_doc *d,
    const struct rpt_table *t, FILE *fp, struct err *e);
int rpt_json_object_end(struct rpt_json_object *w, int rc);

#endif
