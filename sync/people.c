/* people.c - the people connector: an HR export in CSV. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/csv.h"
#include "lib/sb.h"
#include "lib/text.h"
#include "sync/people.h"

/*
 * The columns: enum suffix, default header name (also the suffix of the
 * column_ key that renames it), whether the header must have it.
 */
#define PEOPLE_COLUMNS(X)                  \
	X(EMPLOYEE_ID, "employee_id", 1)   \
	X(DISPLAY_NAME, "display_name", 1) \
	X(EMAIL, "email", 0)               \
	X(LOGIN, "login", 0)               \
	X(MANAGER_ID, "manager_id", 0)     \
	X(DEPARTMENT, "department", 0)     \
	X(STATUS, "status", 0)             \
	X(END_DATE, "end_date", 0)

enum people_col {
#define X(id, name, req) COL_##id,
	PEOPLE_COLUMNS(X)
#undef X
	NCOLS
};

static const struct {
	const char *name;
	const char *key;
	int required;
} columns[NCOLS] = {
#define X(id, name, req) { name, "column_" name, req },
	PEOPLE_COLUMNS(X)
#undef X
};

static const char *const people_keys[] = {
	"path",
	"delimiter",
#define X(id, name, req) "column_" name,
	PEOPLE_COLUMNS(X)
#undef X
	    NULL,
};

struct people {
	char *path;
	int delim;
	char *header[NCOLS]; /* the header name of each column */
	char *section;	     /* "[source NAME]" for messages */
};

static void people_close(void *state);

static int
people_open(const struct config *c, const struct conf_section *sec,
    void **state, struct err *e)
{
	struct people *p;
	struct sb sb = SB_INIT;
	char where[PATH_MAX + 32];
	const char *v;
	int i, rc;

	*state = NULL;
	if ((rc = conf_check_keys(c, sec, people_keys, e)) != 0)
		return rc;
	p = xcalloc(1, sizeof(*p));
	sb_addf(&sb, "[source %s]", sec->name);
	p->section = sb_detach(&sb);
	if ((p->path = conf_path(c, sec, "path")) == NULL) {
		rc = err_set(e, PARC_ECONFIG, "%s: %s needs path = FILE",
		    conf_where(c, sec->line, where, sizeof(where)), p->section);
		goto out;
	}
	p->delim = ',';
	if ((v = conf_get(sec, "delimiter")) != NULL &&
	    (p->delim = csv_delim_parse(v)) < 0) {
		rc = err_set(e, PARC_ECONFIG,
		    "%s: %s delimiter must be one character or comma, "
		    "semicolon, tab, pipe, not '%s'",
		    conf_where(c, conf_line(sec, "delimiter"), where,
			sizeof(where)),
		    p->section, v);
		goto out;
	}
	for (i = 0; i < NCOLS; i++) {
		v = conf_get(sec, columns[i].key);
		p->header[i] = xstrdup(v ? v : columns[i].name);
	}
	*state = p;
	p = NULL;
	rc = 0;
out:
	people_close(p);
	return rc;
}

static void
people_close(void *state)
{
	struct people *p = state;
	int i;

	if (p == NULL)
		return;
	free(p->path);
	for (i = 0; i < NCOLS; i++)
		free(p->header[i]);
	free(p->section);
	free(p);
}

/* s made fit for a message (it comes from the file): escaped, and cut. */
static const char *
shown(struct sb *tmp, const char *s)
{
	sb_reset(tmp);
	sb_add_cell(tmp, s, 40, 0);
	return tmp->buf;
}

/* True when s is a real calendar date written YYYY-MM-DD. */
static int
valid_date(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	int i, y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y == 0 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)))
		return 0;
	return 1;
}

/* The cell of column col in a record, NULL when the column is absent. */
static char *
cell(char **f, const int *idx, int col)
{
	return idx[col] >= 0 ? f[idx[col]] : NULL;
}

/* NULL for an empty or absent cell: the sink reads NULL as unknown. */
static const char *
known(char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

static int
people_pull(void *state, struct sink *sink, struct err *e)
{
	struct people *p = state;
	struct rec_identity rec;
	struct csv *r = NULL;
	struct sb tmp = SB_INIT;
	FILE *fp;
	char **f, *status, *date, *mgr;
	size_t nf, nhdr;
	int idx[NCOLS], i, line, rc;

	if ((fp = fopen(p->path, "r")) == NULL)
		return err_set(e, PARC_ESOURCE, "cannot open %s: %s", p->path,
		    strerror(errno));
	r = csv_open(fp, p->path, p->delim);
	if ((rc = csv_next(r, &f, &nf, &line, e)) < 0)
		goto out;
	if (rc == 0) {
		rc = err_set(e, PARC_EDATA,
		    "%s:1: no header row (the file is empty)", p->path);
		goto out;
	}
	nhdr = nf;
	for (i = 0; i < NCOLS; i++) {
		idx[i] = csv_column(f, nf, p->header[i]);
		if (idx[i] == -2) {
			rc = err_set(e, PARC_EDATA,
			    "%s:%d: column '%s' appears more than once in the "
			    "header",
			    p->path, line, shown(&tmp, p->header[i]));
			goto out;
		}
		if (idx[i] == -1 && columns[i].required) {
			rc = err_set(e, PARC_EDATA,
			    "%s:%d: the header has no column '%s' (name it "
			    "with %s = HEADER in %s)",
			    p->path, line, shown(&tmp, p->header[i]),
			    columns[i].key, p->section);
			goto out;
		}
	}

	while ((rc = csv_next(r, &f, &nf, &line, e)) == 1) {
		if (nf != nhdr) {
			rc = err_set(e, PARC_EDATA,
			    "%s:%d: %zu fields where the header has %zu",
			    p->path, line, nf, nhdr);
			goto out;
		}
		memset(&rec, 0, sizeof(rec));
		rec.employee_id = cell(f, idx, COL_EMPLOYEE_ID);
		if (*rec.employee_id == '\0') {
			rc = err_set(e, PARC_EDATA, "%s:%d: empty %s", p->path,
			    line, shown(&tmp, p->header[COL_EMPLOYEE_ID]));
			goto out;
		}
		rec.display_name = known(cell(f, idx, COL_DISPLAY_NAME));
		rec.email = known(cell(f, idx, COL_EMAIL));
		rec.login = known(cell(f, idx, COL_LOGIN));
		rec.department = known(cell(f, idx, COL_DEPARTMENT));
		mgr = cell(f, idx, COL_MANAGER_ID);
		if (mgr != NULL && strcmp(mgr, rec.employee_id) != 0)
			rec.manager_employee_id = known(mgr);

		rec.status = "active";
		status = cell(f, idx, COL_STATUS);
		if (status != NULL && strcasecmp(status, "terminated") == 0)
			rec.status = "terminated";
		else if (status != NULL && *status != '\0' &&
		    strcasecmp(status, "active") != 0) {
			rc = err_set(e, PARC_EDATA,
			    "%s:%d: status '%s' is neither active nor "
			    "terminated",
			    p->path, line, shown(&tmp, status));
			goto out;
		}

		date = cell(f, idx, COL_END_DATE);
		if (date != NULL && *date != '\0' && !valid_date(date)) {
			rc = err_set(e, PARC_EDATA,
			    "%s:%d: end date '%s' is not a date written "
			    "YYYY-MM-DD",
			    p->path, line, shown(&tmp, date));
			goto out;
		}
		rec.end_date = known(date);

		if ((rc = sink_identity(sink, &rec, e)) != 0) {
			err_prefix(e, "%s:%d: ", p->path, line);
			goto out;
		}
	}
out:
	csv_close(r);
	fclose(fp);
	sb_release(&tmp);
	return rc;
}

const struct source_ops people_ops = {
	.kind = "people",
	.summary = "people from an HR export (CSV with a header row)",
	.keys = people_keys,
	.open = people_open,
	.pull = people_pull,
	.close = people_close,
};
