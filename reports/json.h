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
#include "reports/doc.h"

/* Write d as JSON on fp. Returns 0, or PARC_EIO when writing fails. */
int rpt_json_write(const struct rpt_doc *d, FILE *fp, struct err *e);

#endif
