/* json.c - a report as one JSON document (see json.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/sb.h"
#include "reports/json.h"

/* Flush sb to fp when it is large (or always when force is set). */
static int
flush(struct sb *sb, FILE *fp, int force, struct err *e)
{
	if (sb->len == 0 || (!force && sb->len < 65536))
		return 0;
	if (fwrite(sb->buf, 1, sb->len, fp) != sb->len)
		return err_set(e, PARC_EIO, "writing JSON: %s",
		    strerror(errno));
	sb_reset(sb);
	return 0;
}

static int
table(struct sb *sb, const struct rpt_table *t, FILE *fp, struct err *e)
{
	size_t r, c;
	int rc;

	sb_adds(sb, "{\"type\": \"table\", \"name\": ");
	sb_add_json(sb, t->name);
	sb_adds(sb, ", \"columns\": [");
	for (c = 0; c < t->ncols; c++) {
		sb_adds(sb, c ? ", {\"key\": " : "{\"key\": ");
		sb_add_json(sb, t->cols[c].key);
		sb_adds(sb, ", \"label\": ");
		sb_add_json(sb, t->cols[c].label);
		sb_addc(sb, '}');
	}
	sb_adds(sb, "],\n      \"rows\": [");
	for (r = 0; r < t->nrows; r++) {
		sb_adds(sb, r ? ",\n        {" : "\n        {");
		for (c = 0; c < t->ncols; c++) {
			if (c > 0)
				sb_adds(sb, ", ");
			sb_add_json(sb, t->cols[c].key);
			sb_adds(sb, ": ");
			sb_add_json(sb, rpt_cell(t, r, c));
		}
		sb_addc(sb, '}');
		if ((rc = flush(sb, fp, 0, e)) != 0)
			return rc;
	}
	sb_adds(sb, "]}");
	return 0;
}

int
rpt_json_write(const struct rpt_doc *d, FILE *fp, struct err *e)
{
	struct sb sb = SB_INIT;
	size_t i, j, k;
	int rc = 0;

	sb_addf(&sb, "{\"schema\": \"parc-report\", \"schema_version\": %d,\n",
	    RPT_SCHEMA_VERSION);
	sb_adds(&sb, " \"kind\": ");
	sb_add_json(&sb, d->kind);
	sb_adds(&sb, ", \"title\": ");
	sb_add_json(&sb, d->title);
	sb_adds(&sb, ", \"subject\": ");
	sb_add_json(&sb, d->subject);
	sb_adds(&sb, ",\n \"generated_at\": ");
	sb_add_json(&sb, d->generated_at);
	sb_adds(&sb, ", \"generated_by\": ");
	sb_add_json(&sb, d->generated_by);
	sb_adds(&sb, ", \"primary\": ");
	sb_add_json(&sb, d->primary ? d->primary->name : NULL);
	sb_adds(&sb, ", \"draft\": ");
	sb_add_json(&sb, d->draft);
	sb_adds(&sb, ",\n \"sections\": [");
	for (i = 0; i < d->nsections; i++) {
		const struct rpt_section *s = &d->sections[i];

		sb_adds(&sb, i ? ",\n  {\"key\": " : "\n  {\"key\": ");
		sb_add_json(&sb, s->key);
		sb_adds(&sb, ", \"title\": ");
		sb_add_json(&sb, s->title);
		sb_adds(&sb, ", \"blocks\": [");
		for (j = 0; j < s->nblocks; j++) {
			const struct rpt_block *b = &s->blocks[j];

			sb_adds(&sb, j ? ",\n    " : "\n    ");
			switch (b->kind) {
			case RPT_TEXT:
				sb_adds(&sb, "{\"type\": \"text\", \"text\": ");
				sb_add_json(&sb, b->text);
				sb_addc(&sb, '}');
				break;
			case RPT_FIELDS:
				sb_adds(&sb,
				    "{\"type\": \"fields\", \"fields\": [");
				for (k = 0; k < b->nfields; k++) {
					sb_adds(&sb,
					    k ? ",\n      {\"key\": "
					      : "\n      {\"key\": ");
					sb_add_json(&sb, b->fields[k].key);
					sb_adds(&sb, ", \"label\": ");
					sb_add_json(&sb, b->fields[k].label);
					sb_adds(&sb, ", \"value\": ");
					sb_add_json(&sb, b->fields[k].value);
					sb_addc(&sb, '}');
				}
				sb_adds(&sb, "]}");
				break;
			case RPT_TABLE:
				if ((rc = table(&sb, b->table, fp, e)) != 0)
					goto out;
				break;
			}
		}
		sb_adds(&sb, "]}");
	}
	sb_adds(&sb, "]}\n");
	rc = flush(&sb, fp, 1, e);
out:
	sb_release(&sb);
	return rc;
}

/* One value of a record, as its column's type says. */
static void
value(struct sb *sb, const struct rpt_table *t, size_t r, size_t c)
{
	const char *v = rpt_cell_json(t, r, c);

	switch (t->cols[c].type) {
	case RPT_STR:
		sb_add_json(sb, v);
		break;
	case RPT_INT:
	case RPT_JSON: /* written by SQLite, or digits from the model */
		sb_adds(sb, v ? v : "null");
		break;
	case RPT_BOOL:
		sb_adds(sb,
		    v == NULL			? "null"
			: strcmp(v, "yes") == 0 ? "true"
						: "false");
		break;
	case RPT_LIST:
		sb_add_json_list(sb, v);
		break;
	}
}

void
rpt_json_record(struct sb *sb, const struct rpt_table *t, size_t r)
{
	size_t c;

	sb_addc(sb, '{');
	for (c = 0; c < t->ncols; c++) {
		/* keys are plain names of the model's: nothing to escape */
		sb_adds(sb, c > 0 ? ", \"" : "\"");
		sb_adds(sb, t->cols[c].key);
		sb_adds(sb, "\": ");
		value(sb, t, r, c);
	}
	sb_addc(sb, '}');
}

/* Append row r as a member of a list: after "[", or after a record. */
static void
list_row(struct rpt_json_object *w, const struct rpt_table *t, size_t r)
{
	sb_adds(&w->sb, w->n++ ? ",\n  " : "\n  ");
	rpt_json_record(&w->sb, t, r);
}

static int
stream_row(const struct rpt_table *t, size_t r, void *arg)
{
	struct rpt_json_object *w = arg;

	list_row(w, t, r);
	return flush(&w->sb, w->fp, 0, w->e);
}

/*
 * Write the members of w->d from section w->next on, up to the list
 * stop (left open, its rows to come from its sink) or the end.
 */
static int
members(struct rpt_json_object *w, const struct rpt_table *stop)
{
	size_t j, r, c;
	int rc;

	for (; w->next < w->d->nsections; w->next++) {
		const struct rpt_section *s = &w->d->sections[w->next];

		for (j = 0; j < s->nblocks; j++) {
			const struct rpt_table *t = s->blocks[j].table;

			if (s->blocks[j].kind != RPT_TABLE)
				continue;
			if (*s->key == '\0') {
				/* the record's fields are the object's */
				for (c = 0; c < t->ncols && t->nrows > 0; c++) {
					sb_adds(&w->sb, w->first ? "" : ", ");
					w->first = 0;
					sb_add_json(&w->sb, t->cols[c].key);
					sb_adds(&w->sb, ": ");
					value(&w->sb, t, 0, c);
				}
				continue;
			}
			sb_adds(&w->sb,
			    w->first	    ? ""
				: t->record ? ", "
					    : ",\n ");
			w->first = 0;
			sb_add_json(&w->sb, s->key);
			sb_adds(&w->sb, ": ");
			if (t->record) {
				if (t->nrows > 0)
					rpt_json_record(&w->sb, t, 0);
				else
					sb_adds(&w->sb, "null");
				continue;
			}
			sb_addc(&w->sb, '[');
			w->n = 0;
			if (t == stop) {
				w->next++;
				return flush(&w->sb, w->fp, 1, w->e);
			}
			for (r = 0; r < t->nrows; r++) {
				list_row(w, t, r);
				if ((rc = flush(&w->sb, w->fp, 0, w->e)) != 0)
					return rc;
			}
			sb_adds(&w->sb, w->n ? "\n ]" : "]");
		}
	}
	return 0;
}

int
rpt_json_object_begin(struct rpt_json_object *w, const struct rpt_doc *d,
    const struct rpt_table *t, FILE *fp, struct err *e)
{
	memset(w, 0, sizeof(*w));
	sb_init(&w->sb);
	w->d = d;
	w->fp = fp;
	w->e = e;
	w->first = 1;
	w->sink.row = stream_row;
	w->sink.arg = w;
	sb_addc(&w->sb, '{');
	return members(w, t);
}

int
rpt_json_object_end(struct rpt_json_object *w, int rc)
{
	if (rc == 0) {
		sb_adds(&w->sb, w->n ? "\n ]" : "]");
		if ((rc = members(w, NULL)) == 0) {
			sb_adds(&w->sb, "}\n");
			rc = flush(&w->sb, w->fp, 1, w->e);
		}
	}
	sb_release(&w->sb);
	return rc;
}

int
rpt_json_object_write(const struct rpt_doc *d, FILE *fp, struct err *e)
{
	struct rpt_json_object w;
	int rc;

	memset(&w, 0, sizeof(w));
	sb_init(&w.sb);
	w.d = d;
	w.fp = fp;
	w.e = e;
	w.first = 1;
	sb_addc(&w.sb, '{');
	if ((rc = members(&w, NULL)) == 0) {
		sb_adds(&w.sb, "}\n");
		rc = flush(&w.sb, fp, 1, e);
	}
	sb_release(&w.sb);
	return rc;
}
