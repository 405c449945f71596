/*
 * doc.h - the report model: one document that every output format renders.
 *
 * A report (evidence, remediation, inventory, ...) is built once as a
 * struct rpt_doc by reports/model.c from db/ functions, and then written by
 * one file per format (pdf.c, csv.c, json.c, txt.c), so the formats cannot
 * disagree about what a report holds.
 *
 * A document is a list of sections. A section has a title and a list of
 * blocks in order: paragraphs of text, fields (label: value pairs, such as
 * a cover), and tables (named columns, rows of text cells). One table is
 * the document's primary table (the items of an evidence report, the
 * grants of an inventory): the CSV format writes that table alone.
 *
 * Every string is copied into the document, which owns it; a NULL cell or
 * value means "none" and is written as an empty cell, null or "-" by the
 * formats. Strings are kept as given (they may come from sources): each
 * writer escapes them for its format.
 */
#ifndef PARC_RPT_DOC_H
#define PARC_RPT_DOC_H

#include <stddef.h>

/* The version of the JSON form of a document (share/schema/report-v1.json). */
#define RPT_SCHEMA_VERSION 1

/*
 * What a column's cells hold. Every form of a report prints cells as text
 * (rpt_cell()); the list forms of json.h (a JSON array of records, JSON
 * lines) keep the type.
 */
enum rpt_type {
	RPT_STR,  /* text */
	RPT_INT,  /* a decimal integer: a JSON number */
	RPT_BOOL, /* "yes" or "no": JSON true or false */
	RPT_LIST, /* names joined by commas ("T1078,T1098"): a JSON array */
	/*
	 * A JSON value as SQLite wrote it (a grant's path, an item's frozen
	 * findings): written as it is in JSON; the text of an array of names
	 * is the names joined by " > " (sb_add_path()).
	 */
	RPT_JSON,
};

/*
 * A column: its stable key (CSV header, JSON field: a plain name of
 * lowercase letters and _, written as it is), label, share of width, and
 * type.
 */
struct rpt_col {
	const char *key;
	const char *label;
	/*
	 * The PDF sizes columns by what their cells hold (pdf.c); the
	 * weight shares out the room left when every line fits. 0 counts
	 * as 1.
	 */
	double weight;
	enum rpt_type type;
};

struct rpt_table;

/*
 * Where the rows of a table go as they are added, for a list too long to
 * hold (parc inventory of a million grants): row is called with each row,
 * which the table forgets afterwards. It returns 0, or a PARC_E... code
 * that rpt_row() hands back so the caller stops.
 */
struct rpt_sink {
	int (*row)(const struct rpt_table *t, size_t row, void *arg);
	void *arg;
};

struct rpt_table {
	char *name;		    /* stable name ("items", "by_decision") */
	const struct rpt_col *cols; /* borrowed: static tables in model.c */
	size_t ncols;
	char **cells; /* nrows * ncols, row-major; NULL cells allowed */
	char **json;  /* the same for RPT_JSON columns: the JSON, or NULL */
	size_t nrows;
	size_t alloc;		     /* rows allocated */
	const struct rpt_sink *sink; /* borrowed, or NULL: rows are kept */
	size_t nsent;		     /* rows handed to the sink */
	/*
	 * -1, or the column the rows are sorted by: the PDF and text forms
	 * print one sub-heading per value ("Reviewer: alice") instead of the
	 * column, CSV and JSON keep it as a column.
	 */
	int group_col;
	const char *group_label; /* "Reviewer" */
	/* one record, not a list: JSON writes an object, not an array */
	int record;
	/* the columns of a full row it shows, or NULL (rpt_row_pick()) */
	const int *pick;
};

struct rpt_field {
	char *key;
	char *label;
	char *value; /* may be NULL */
};

enum rpt_block_kind {
	RPT_TEXT,
	RPT_FIELDS,
	RPT_TABLE
};

struct rpt_block {
	enum rpt_block_kind kind;
	char *text;		  /* RPT_TEXT */
	struct rpt_field *fields; /* RPT_FIELDS */
	size_t nfields;
	struct rpt_table *table; /* RPT_TABLE */
};

struct rpt_section {
	/*
	 * stable name ("cover", "summary", "reviewer"); in the JSON object
	 * form (rpt_json_object_write()) the member it is written as, and ""
	 * for a record whose fields are members of the object itself
	 */
	char *key;
	char *title;  /* heading, may be NULL for none */
	int new_page; /* the PDF starts it on a new page */
	struct rpt_block *blocks;
	size_t nblocks;
};

struct rpt_doc {
	char *kind;	    /* "evidence", "inventory", ... */
	char *title;	    /* "Access review evidence" */
	char *subject;	    /* what it is about: campaign name, "all sources" */
	char *generated_at; /* ISO 8601 UTC */
	char *generated_by; /* login of who ran parc */
	struct rpt_section *sections;
	size_t nsections;
	struct rpt_table *primary; /* borrowed from a section, or NULL */
	int wide; /* many columns: the PDF is printed landscape */
	/*
	 * NULL for a final report; else why it is not final ("the campaign
	 * is still open: ..."): the PDF marks every page DRAFT and says why
	 * under the title.
	 */
	char *draft;
};

/*
 * A new empty document of the given kind, title and subject, stamped with
 * the current time and the login running parc (the password entry of
 * the effective uid). Never NULL; free with rpt_doc_free().
 */
struct rpt_doc *rpt_doc_new(const char *kind, const char *title,
    const char *subject);

/* Free d and everything in it. rpt_doc_free(NULL) is a no-op. */
void rpt_doc_free(struct rpt_doc *d);

/*
 * Append a section and return it (borrowed: lives as long as d, but only
 * until the next rpt_section() call on d, which may move sections).
 */
struct rpt_section *rpt_section(struct rpt_doc *d, const char *key,
    const char *title, int new_page);

/* Append a paragraph (printf-style) to the section. */
void rpt_text(struct rpt_section *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Append a field to the section; consecutive fields form one block. value
 * may be NULL.
 */
void rpt_field(struct rpt_section *s, const char *key, const char *label,
    const char *value);

/* Same, with a printf-style value. */
void rpt_fieldf(struct rpt_section *s, const char *key, const char *label,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Append a table with the ncols columns of cols (borrowed: they must
 * outlive d) and return it; it lives as long as d.
 */
struct rpt_table *rpt_table(struct rpt_section *s, const char *name,
    const struct rpt_col *cols, size_t ncols);

/*
 * Append a row: ncols strings (copied; NULL allowed), each as its
 * column's type says (an RPT_JSON cell is the JSON). With a sink, the row
 * goes to it and the table forgets it; returns what the sink returned (0
 * without one).
 */
int rpt_row(struct rpt_table *t, const char *const *cells);

/*
 * A table that shows some of the columns of a full row, each column
 * defined once in one array (the inventory report prints ten of a grant's
 * nineteen): rpt_cols_pick() copies from[pick[i]] into to[i] for i < n
 * and returns to (storage that outlives the table: static), and
 * rpt_row_pick() adds a full row as t->pick chooses t's columns (all of
 * them, in order, when t->pick is NULL; at most 64 columns). It returns
 * what rpt_row() does.
 */
const struct rpt_col *rpt_cols_pick(struct rpt_col *to,
    const struct rpt_col *from, const int *pick, size_t n);
int rpt_row_pick(struct rpt_table *t, const char *const *full);

/* The index of t's column called key, or -1. */
int rpt_col_find(const struct rpt_table *t, const char *key);

/*
 * The indexes of t's columns called keys[0..n-1] in idx[0..n-1], for a
 * writer that reads cells by name; a key t lacks gets an index past its
 * columns, whose cells are NULL.
 */
void rpt_col_map(const struct rpt_table *t, const char *const *keys, size_t n,
    size_t *idx);

/*
 * Cell (row, col) of t as text, or NULL. (The text of an RPT_JSON cell is
 * made on the first call and kept in t.)
 */
const char *rpt_cell(const struct rpt_table *t, size_t row, size_t col);

/*
 * Cell (row, col) of t as JSON when its column is RPT_JSON, or NULL; for
 * other columns, the same as rpt_cell().
 */
const char *rpt_cell_json(const struct rpt_table *t, size_t row, size_t col);

#endif
