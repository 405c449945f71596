/* demo_names.c - the demo's name tables from the .tsv files of share/demo/. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sb.h"
#include "tui/demo/demo_names.h"

#define MAXFIELDS 5
#define WEIGHT_MAX 1000000

/* Where a row came from, for its errors. */
struct at {
	const char *path;
	int line;
};

static const char *
keep(struct demo_names *n, const char *s)
{
	if (n->nstrings == n->astrings) {
		n->astrings = n->astrings ? n->astrings * 2 : 256;
		n->strings =
		    xrealloc(n->strings, n->astrings * sizeof(*n->strings));
	}
	return n->strings[n->nstrings++] = xstrdup(s);
}

/*
 * Append a zeroed element of size bytes to v (of *len elements); returns
 * the array, which may have moved. The tables are small (a few hundred
 * rows), so each append reallocates.
 */
static void *
grow(void *v, size_t *len, size_t size)
{
	char *p;

	v = xrealloc(v, (*len + 1) * size);
	p = (char *)v + *len * size;
	memset(p, 0, size);
	(*len)++;
	return v;
}

static int
parse_weight(const char *s, const struct at *at, int *out, struct err *e)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || s[0] < '0' || s[0] > '9' || v < 1 ||
	    v > WEIGHT_MAX)
		return err_set(e, PARC_EDATA,
		    "%s:%d: weight \"%s\" is not a number from 1 to %d",
		    at->path, at->line, s, WEIGHT_MAX);
	*out = (int)v;
	return 0;
}

static struct demo_culture *
find_culture(struct demo_names *n, const char *code)
{
	size_t i;

	for (i = 0; i < n->ncultures; i++)
		if (strcmp(n->cultures[i].code, code) == 0)
			return &n->cultures[i];
	return NULL;
}

const struct demo_dept *
demo_names_dept(const struct demo_names *n, const char *name)
{
	size_t i;

	for (i = 0; i < n->ndepts; i++)
		if (strcmp(n->depts[i].name, name) == 0)
			return &n->depts[i];
	return NULL;
}

/* ---- one function per file: check a row and add it ---- */

static int
culture_row(struct demo_names *n, char **f, const struct at *at, struct err *e)
{
	static const char *const orders[] = { "given-first", "family-first",
		"family-first-close" };
	struct demo_culture *c;
	size_t i;
	int weight, rc;

	if (find_culture(n, f[0]) != NULL)
		return err_set(e, PARC_EDATA, "%s:%d: culture \"%s\" again",
		    at->path, at->line, f[0]);
	if ((rc = parse_weight(f[1], at, &weight, e)) != 0)
		return rc;
	for (i = 0; i < sizeof(orders) / sizeof(orders[0]); i++)
		if (strcmp(f[2], orders[i]) == 0)
			break;
	if (i == sizeof(orders) / sizeof(orders[0]))
		return err_set(e, PARC_EDATA,
		    "%s:%d: order \"%s\" is not given-first, family-first or "
		    "family-first-close",
		    at->path, at->line, f[2]);
	n->cultures = grow(n->cultures, &n->ncultures, sizeof(*c));
	c = &n->cultures[n->ncultures - 1];
	c->code = keep(n, f[0]);
	c->weight = weight;
	c->order = (enum demo_name_order)i;
	return 0;
}

static struct demo_culture *
row_culture(struct demo_names *n, const char *code, const struct at *at,
    struct err *e)
{
	struct demo_culture *c = find_culture(n, code);

	if (c == NULL)
		err_set(e, PARC_EDATA,
		    "%s:%d: culture \"%s\" is not in cultures.tsv", at->path,
		    at->line, code);
	return c;
}

static int
first_name_row(struct demo_names *n, char **f, const struct at *at,
    struct err *e)
{
	struct demo_culture *c;
	struct demo_first_name *fn;

	if ((c = row_culture(n, f[0], at, e)) == NULL)
		return PARC_EDATA;
	if (strcmp(f[3], "f") != 0 && strcmp(f[3], "m") != 0)
		return err_set(e, PARC_EDATA, "%s:%d: sex \"%s\" is not f or m",
		    at->path, at->line, f[3]);
	c->first = grow(c->first, &c->nfirst, sizeof(*fn));
	fn = &c->first[c->nfirst - 1];
	fn->name = keep(n, f[1]);
	fn->ascii = keep(n, f[2]);
	fn->female = f[3][0] == 'f';
	return 0;
}

static int
surname_row(struct demo_names *n, char **f, const struct at *at, struct err *e)
{
	struct demo_culture *c;
	struct demo_surname *ln;

	if ((c = row_culture(n, f[0], at, e)) == NULL)
		return PARC_EDATA;
	if ((strcmp(f[3], "-") == 0) != (strcmp(f[4], "-") == 0))
		return err_set(e, PARC_EDATA,
		    "%s:%d: a feminine form needs both fields, or - and -",
		    at->path, at->line);
	c->last = grow(c->last, &c->nlast, sizeof(*ln));
	ln = &c->last[c->nlast - 1];
	ln->name = keep(n, f[1]);
	ln->ascii = keep(n, f[2]);
	if (strcmp(f[3], "-") != 0) {
		ln->name_f = keep(n, f[3]);
		ln->ascii_f = keep(n, f[4]);
	}
	return 0;
}

static int
dept_row(struct demo_names *n, char **f, const struct at *at, struct err *e)
{
	struct demo_dept *d;
	int weight, rc;

	if (demo_names_dept(n, f[0]) != NULL)
		return err_set(e, PARC_EDATA, "%s:%d: department \"%s\" again",
		    at->path, at->line, f[0]);
	if ((rc = parse_weight(f[1], at, &weight, e)) != 0)
		return rc;
	n->depts = grow(n->depts, &n->ndepts, sizeof(*d));
	d = &n->depts[n->ndepts - 1];
	d->name = keep(n, f[0]);
	d->weight = weight;
	d->head = keep(n, f[2]);
	d->director = keep(n, f[3]);
	d->manager = keep(n, f[4]);
	return 0;
}

static int
title_row(struct demo_names *n, char **f, const struct at *at, struct err *e)
{
	struct demo_dept *d;

	if ((d = (struct demo_dept *)demo_names_dept(n, f[0])) == NULL)
		return err_set(e, PARC_EDATA,
		    "%s:%d: department \"%s\" is not in departments.tsv",
		    at->path, at->line, f[0]);
	d->titles = grow(d->titles, &d->ntitles, sizeof(*d->titles));
	d->titles[d->ntitles - 1] = keep(n, f[1]);
	return 0;
}

/* ---- the files ---- */

static const struct {
	const char *file;
	size_t nfields;
	const char *fields; /* for the error of a wrong count */
	int (*row)(struct demo_names *n, char **f, const struct at *at,
	    struct err *e);
} files[] = {
	/* cultures and departments first: the others name them */
	{ "cultures.tsv", 3, "culture weight order", culture_row },
	{ "first-names.tsv", 4, "culture name ascii sex", first_name_row },
	{ "surnames.tsv", 5, "culture name ascii feminine feminine-ascii",
	    surname_row },
	{ "departments.tsv", 5, "department weight head director manager",
	    dept_row },
	{ "titles.tsv", 2, "department title", title_row },
};

/* Split and check one line (no newline) of file i and hand it on. */
static int
load_line(struct demo_names *n, size_t i, const struct at *at, char *line,
    size_t len, struct err *e)
{
	char *f[MAXFIELDS], *p, *tab;
	size_t k, nf = 0;

	if (strlen(line) != len)
		return err_set(e, PARC_EDATA, "%s:%d: NUL byte in line",
		    at->path, at->line);
	if (!utf8_valid(line, len))
		return err_set(e, PARC_EDATA, "%s:%d: not valid UTF-8",
		    at->path, at->line);
	for (k = 0; k < len; k++)
		if (((unsigned char)line[k] < 0x20 && line[k] != '\t') ||
		    line[k] == 0x7f)
			return err_set(e, PARC_EDATA,
			    "%s:%d: control character 0x%02x in line%s",
			    at->path, at->line, (unsigned char)line[k],
			    line[k] == '\r' ? " (CRLF line ending?)" : "");
	if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
		return 0;
	for (p = line;; p = tab + 1) {
		tab = strchr(p, '\t');
		if (nf < MAXFIELDS)
			f[nf] = p;
		nf++;
		if (tab == NULL)
			break;
		*tab = '\0';
	}
	if (nf != files[i].nfields)
		return err_set(e, PARC_EDATA,
		    "%s:%d: expected %zu tab-separated fields (%s), found %zu",
		    at->path, at->line, files[i].nfields, files[i].fields, nf);
	for (k = 0; k < nf; k++)
		if (f[k][0] == '\0' || f[k][0] == ' ' ||
		    f[k][strlen(f[k]) - 1] == ' ')
			return err_set(e, PARC_EDATA,
			    "%s:%d: field %zu is empty or starts or ends with "
			    "a "
			    "space",
			    at->path, at->line, k + 1);
	return files[i].row(n, f, at, e);
}

static int
load_file(struct demo_names *n, const char *dir, size_t i, struct err *e)
{
	struct sb path = SB_INIT;
	struct at at;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *fp;
	int rc = 0;

	sb_addf(&path, "%s/%s", dir, files[i].file);
	at.path = path.buf;
	at.line = 0;
	if ((fp = fopen(path.buf, "r")) == NULL) {
		rc = err_set(e, PARC_EIO, "open %s: %s", path.buf,
		    strerror(errno));
		goto out;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		if (at.line == INT_MAX) {
			rc = err_set(e, PARC_EDATA, "%s: too many lines",
			    path.buf);
			break;
		}
		at.line++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if ((rc = load_line(n, i, &at, line, (size_t)len, e)) != 0)
			break;
	}
	if (rc == 0 && ferror(fp))
		rc = err_set(e, PARC_EIO, "read %s: %s", path.buf,
		    strerror(errno));
	fclose(fp);
out:
	free(line);
	sb_release(&path);
	return rc;
}

/* Every culture and department has what the generator draws from. */
static int
check_complete(const struct demo_names *n, const char *dir, struct err *e)
{
	size_t i;

	if (n->ncultures == 0)
		return err_set(e, PARC_EDATA, "%s/cultures.tsv: no culture",
		    dir);
	if (n->ndepts == 0)
		return err_set(e, PARC_EDATA,
		    "%s/departments.tsv: no department", dir);
	for (i = 0; i < n->ncultures; i++)
		if (n->cultures[i].nfirst == 0 || n->cultures[i].nlast == 0)
			return err_set(e, PARC_EDATA,
			    "%s: culture \"%s\" has no %s", dir,
			    n->cultures[i].code,
			    n->cultures[i].nfirst == 0
				? "given name in first-names.tsv"
				: "surname in surnames.tsv");
	for (i = 0; i < n->ndepts; i++)
		if (n->depts[i].ntitles == 0)
			return err_set(e, PARC_EDATA,
			    "%s/titles.tsv: department \"%s\" has no title",
			    dir, n->depts[i].name);
	return 0;
}

int
demo_names_load(struct demo_names *n, const char *dir, struct err *e)
{
	size_t i;
	int rc = 0;

	memset(n, 0, sizeof(*n));
	for (i = 0; rc == 0 && i < sizeof(files) / sizeof(files[0]); i++)
		rc = load_file(n, dir, i, e);
	if (rc == 0)
		rc = check_complete(n, dir, e);
	if (rc != 0)
		demo_names_release(n);
	return rc;
}

void
demo_names_release(struct demo_names *n)
{
	size_t i;

	for (i = 0; i < n->ncultures; i++) {
		free(n->cultures[i].first);
		free(n->cultures[i].last);
	}
	free(n->cultures);
	for (i = 0; i < n->ndepts; i++)
		free(n->depts[i].titles);
	free(n->depts);
	for (i = 0; i < n->nstrings; i++)
		free(n->strings[i]);
	free(n->strings);
	memset(n, 0, sizeof(*n));
}
