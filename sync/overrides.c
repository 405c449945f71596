/* overrides.c - the correlation overrides file. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/csv.h"
#include "lib/sb.h"
#include "sync/overrides.h"

enum {
	OV_SOURCE,
	OV_ACCOUNT,
	OV_EMPLOYEE_ID,
	OV_NCOLS
};

static const char *const ov_columns[OV_NCOLS] = {
	"source",
	"account",
	"employee_id",
};

/* One row while reading: offsets into the string arena, and its line. */
struct ov_row {
	size_t off[OV_NCOLS];
	int line;
};

/* A row seen through its final strings, for finding duplicates. */
struct ov_key {
	const char *source, *account;
	int line;
};

static int
key_cmp(const void *a, const void *b)
{
	const struct ov_key *x = a, *y = b;
	int c;

	if ((c = strcmp(x->source, y->source)) != 0)
		return c;
	if ((c = strcmp(x->account, y->account)) != 0)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

/*
 * Fail when an account is overridden twice, naming the earliest line that
 * repeats one and the line it repeats.
 */
static int
check_duplicates(const char *path, const struct db_override *ov,
    const struct ov_row *rows, size_t n, struct err *e)
{
	struct ov_key *k;
	struct sb acct = SB_INIT, src = SB_INIT;
	size_t i, dup = 0, first = 0, group = 0;
	int rc = 0;

	if (n < 2)
		return 0;
	k = xmalloc(n * sizeof(*k));
	for (i = 0; i < n; i++) {
		k[i].source = ov[i].source;
		k[i].account = ov[i].account;
		k[i].line = rows[i].line;
	}
	qsort(k, n, sizeof(*k), key_cmp);
	for (i = 1; i < n; i++) {
		if (strcmp(k[i].source, k[group].source) != 0 ||
		    strcmp(k[i].account, k[group].account) != 0) {
			group = i;
			continue;
		}
		if (dup == 0 || k[i].line < k[dup].line) {
			dup = i;
			first = group;
		}
	}
	if (dup != 0) {
		sb_add_safe(&acct, k[dup].account);
		sb_add_safe(&src, k[dup].source);
		rc = err_set(e, PARC_EDATA,
		    "%s:%d: account '%s' of source '%s' is already "
		    "overridden on line %d",
		    path, k[dup].line, acct.buf, src.buf, k[first].line);
	}
	sb_release(&acct);
	sb_release(&src);
	free(k);
	return rc;
}

int
overrides_load(const char *path, struct db_override **out, size_t *n,
    struct err *e)
{
	struct csv *r = NULL;
	struct db_override *ov = NULL;
	struct ov_row *rows = NULL;
	struct sb arena = SB_INIT;
	FILE *fp;
	char **f, *strings;
	size_t nf, nhdr, nrows = 0, alloc = 0, i;
	int idx[OV_NCOLS], c, line, rc;

	*out = NULL;
	*n = 0;
	if ((fp = fopen(path, "r")) == NULL)
		return err_set(e, PARC_ECONFIG,
		    "cannot open correlation overrides %s: %s", path,
		    strerror(errno));
	r = csv_open(fp, path, ',');
	if ((rc = csv_next(r, &f, &nf, &line, e)) <= 0)
		goto out; /* an error, or an empty file: no overrides */
	nhdr = nf;
	for (c = 0; c < OV_NCOLS; c++) {
		idx[c] = csv_column(f, nf, ov_columns[c]);
		if (idx[c] < 0) {
			rc = err_set(e, PARC_EDATA,
			    "%s:%d: the header %s column '%s' (it needs "
			    "source, account, employee_id)",
			    path, line, idx[c] == -1 ? "has no" : "repeats the",
			    ov_columns[c]);
			goto out;
		}
	}
	while ((rc = csv_next(r, &f, &nf, &line, e)) == 1) {
		if (nf != nhdr) {
			rc = err_set(e, PARC_EDATA,
			    "%s:%d: %zu fields where the header has %zu", path,
			    line, nf, nhdr);
			goto out;
		}
		if (nrows == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			rows = xrealloc(rows, alloc * sizeof(*rows));
		}
		for (c = 0; c < OV_NCOLS; c++) {
			if (*f[idx[c]] == '\0') {
				rc = err_set(e, PARC_EDATA, "%s:%d: empty %s",
				    path, line, ov_columns[c]);
				goto out;
			}
			rows[nrows].off[c] = arena.len;
			sb_add(&arena, f[idx[c]], strlen(f[idx[c]]) + 1);
		}
		rows[nrows++].line = line;
	}
	if (rc < 0 || nrows == 0)
		goto out;

	/* One block: the array, then the strings it points into. */
	ov = xmalloc(nrows * sizeof(*ov) + arena.len);
	strings = (char *)(ov + nrows);
	memcpy(strings, arena.buf, arena.len);
	for (i = 0; i < nrows; i++) {
		ov[i].source = strings + rows[i].off[OV_SOURCE];
		ov[i].account = strings + rows[i].off[OV_ACCOUNT];
		ov[i].employee_id = strings + rows[i].off[OV_EMPLOYEE_ID];
	}
	if ((rc = check_duplicates(path, ov, rows, nrows, e)) != 0)
		goto out;
	*out = ov;
	*n = nrows;
	ov = NULL;
out:
	free(ov);
	free(rows);
	sb_release(&arena);
	csv_close(r);
	fclose(fp);
	return rc < 0 ? rc : 0;
}

int
overrides_load_config(const struct config *c, struct db_override **out,
    size_t *n, struct err *e)
{
	char where[PATH_MAX + 32];
	char *path;
	int rc;

	*out = NULL;
	*n = 0;
	if ((path = conf_path(c, &c->parc, "correlation_overrides")) == NULL)
		return 0;
	rc = overrides_load(path, out, n, e);
	/* Only opening fails with ECONFIG: point at the key that named it. */
	if (rc == PARC_ECONFIG)
		err_prefix(e, "%s: ",
		    conf_where(c, conf_line(&c->parc, "correlation_overrides"),
			where, sizeof(where)));
	free(path);
	return rc;
}

void
overrides_free(struct db_override *ov)
{
	free(ov);
}
