/* doc.c - the report model shared by every format (see doc.h). */
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "lib/sb.h"
#include "lib/text.h"
#include "reports/doc.h"

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/*
 * Who runs parc: the password entry of the effective uid, as the audit
 * chain names actors ($USER can say anything), else the uid.
 */
static char *
whoami(void)
{
	struct passwd *pw;
	struct sb sb = SB_INIT;

	if ((pw = getpwuid(geteuid())) != NULL && pw->pw_name != NULL)
		return xstrdup(pw->pw_name);
	sb_addf(&sb, "uid %ld", (long)geteuid());
	return sb_detach(&sb);
}

struct rpt_doc *
rpt_doc_new(const char *kind, const char *title, const char *subject)
{
	struct rpt_doc *d = xcalloc(1, sizeof(*d));
	char now[21];

	db_now(now);
	d->kind = xstrdup(kind);
	d->title = xstrdup(title);
	d->subject = xstrdup(subject ? subject : "");
	d->generated_at = xstrdup(now);
	d->generated_by = whoami();
	return d;
}

static void
table_free(struct rpt_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++) {
		free(t->cells[i]);
		if (t->json != NULL)
			free(t->json[i]);
	}
	free(t->cells);
	free(t->json);
	free(t->name);
	free(t);
}

void
rpt_doc_free(struct rpt_doc *d)
{
	size_t i, j, k;

	if (d == NULL)
		return;
	for (i = 0; i < d->nsections; i++) {
		struct rpt_section *s = &d->sections[i];

		for (j = 0; j < s->nblocks; j++) {
			struct rpt_block *b = &s->blocks[j];

			free(b->text);
			for (k = 0; k < b->nfields; k++) {
				free(b->fields[k].key);
				free(b->fields[k].label);
				free(b->fields[k].value);
			}
			free(b->fields);
			table_free(b->table);
		}
		free(s->blocks);
		free(s->key);
		free(s->title);
	}
	free(d->sections);
	free(d->kind);
	free(d->title);
	free(d->subject);
	free(d->generated_at);
	free(d->generated_by);
	free(d->draft);
	free(d);
}

struct rpt_section *
rpt_section(struct rpt_doc *d, const char *key, const char *title, int new_page)
{
	struct rpt_section *s;

	d->sections =
	    xrealloc(d->sections, (d->nsections + 1) * sizeof(*d->sections));
	s = &d->sections[d->nsections++];
	memset(s, 0, sizeof(*s));
	s->key = xstrdup(key);
	s->title = dup_or_null(title);
	s->new_page = new_page;
	return s;
}

static struct rpt_block *
add_block(struct rpt_section *s, enum rpt_block_kind kind)
{
	struct rpt_block *b;

	s->blocks = xrealloc(s->blocks, (s->nblocks + 1) * sizeof(*s->blocks));
	b = &s->blocks[s->nblocks++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

void
rpt_text(struct rpt_section *s, const char *fmt, ...)
{
	struct sb sb = SB_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	add_block(s, RPT_TEXT)->text = sb_detach(&sb);
}

void
rpt_field(struct rpt_section *s, const char *key, const char *label,
    const char *value)
{
	struct rpt_block *b;
	struct rpt_field *f;

	if (s->nblocks > 0 && s->blocks[s->nblocks - 1].kind == RPT_FIELDS)
		b = &s->blocks[s->nblocks - 1];
	else
		b = add_block(s, RPT_FIELDS);
	b->fields = xrealloc(b->fields, (b->nfields + 1) * sizeof(*b->fields));
	f = &b->fields[b->nfields++];
	f->key = xstrdup(key);
	f->label = xstrdup(label);
	f->value = dup_or_null(value);
}

void
rpt_fieldf(struct rpt_section *s, const char *key, const char *label,
    const char *fmt, ...)
{
	struct sb sb = SB_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	rpt_field(s, key, label, sb.buf);
	sb_release(&sb);
}

struct rpt_table *
rpt_table(struct rpt_section *s, const char *name, const struct rpt_col *cols,
    size_t ncols)
{
	struct rpt_table *t = xcalloc(1, sizeof(*t));

	t->name = xstrdup(name);
	t->cols = cols;
	t->ncols = ncols;
	t->group_col = -1;
	add_block(s, RPT_TABLE)->table = t;
	return t;
}

/* A string the table borrows (a row for a sink, see rpt_row()). */
static char *
borrow(const char *s)
{
	return (char *)s;
}

/* The text of a JSON cell: an array of names joined by " > ". */
static char *
json_text(const char *json)
{
	struct sb sb = SB_INIT;

	if (json == NULL)
		return NULL;
	sb_add_path(&sb, json, " > ");
	return sb_detach(&sb);
}

int
rpt_row(struct rpt_table *t, const char *const *cells)
{
	/*
	 * A row for a sink lives only while the sink runs, so it borrows the
	 * caller's strings: a list of a million rows copies none of them.
	 */
	char *(*keep)(const char *) = t->sink ? borrow : dup_or_null;
	size_t i, at;
	int rc;

	if (t->nrows == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 16;
		t->cells =
		    xrealloc(t->cells, t->alloc * t->ncols * sizeof(*t->cells));
		if (t->json != NULL)
			t->json = xrealloc(t->json,
			    t->alloc * t->ncols * sizeof(*t->json));
	}
	at = t->nrows * t->ncols;
	for (i = 0; i < t->ncols; i++) {
		if (t->cols[i].type != RPT_JSON) {
			t->cells[at + i] = keep(cells[i]);
			if (t->json != NULL)
				t->json[at + i] = NULL;
			continue;
		}
		if (t->json == NULL)
			t->json =
			    xcalloc(t->alloc * t->ncols, sizeof(*t->json));
		t->cells[at + i] = NULL; /* its text: see rpt_cell() */
		t->json[at + i] = keep(cells[i]);
	}
	t->nrows++;
	if (t->sink == NULL)
		return 0;
	rc = t->sink->row(t, t->nrows - 1, t->sink->arg);
	t->nsent++;
	/* only the text rpt_cell() made of JSON cells is the table's */
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i].type == RPT_JSON)
			free(t->cells[at + i]);
	t->nrows--;
	return rc;
}

const struct rpt_col *
rpt_cols_pick(struct rpt_col *to, const struct rpt_col *from, const int *pick,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		to[i] = from[pick[i]];
	return to;
}

int
rpt_row_pick(struct rpt_table *t, const char *const *full)
{
	const char *cells[64];
	size_t i;

	if (t->pick == NULL)
		return rpt_row(t, full);
	for (i = 0; i < t->ncols && i < sizeof(cells) / sizeof(cells[0]); i++)
		cells[i] = full[t->pick[i]];
	return rpt_row(t, cells);
}

int
rpt_col_find(const struct rpt_table *t, const char *key)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].key, key) == 0)
			return (int)i;
	return -1;
}

void
rpt_col_map(const struct rpt_table *t, const char *const *keys, size_t n,
    size_t *idx)
{
	size_t i;
	int c;

	for (i = 0; i < n; i++)
		idx[i] =
		    (c = rpt_col_find(t, keys[i])) < 0 ? t->ncols : (size_t)c;
}

const char *
rpt_cell(const struct rpt_table *t, size_t row, size_t col)
{
	size_t at = row * t->ncols + col;

	if (row >= t->nrows || col >= t->ncols)
		return NULL;
	/*
	 * The text of a JSON cell is made when it is first asked for: the
	 * JSON forms never ask, and parsing a million paths costs.
	 */
	if (t->cols[col].type == RPT_JSON && t->cells[at] == NULL &&
	    t->json[at] != NULL)
		((struct rpt_table *)t)->cells[at] = json_text(t->json[at]);
	return t->cells[at];
}

const char *
rpt_cell_json(const struct rpt_table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols)
		return NULL;
	if (t->cols[col].type != RPT_JSON)
		return rpt_cell(t, row, col);
	return t->json ? t->json[row * t->ncols + col] : NULL;
}
