/* orgfx.c - the test organisation of orgfx.h. */
#include <sys/stat.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/dbint.h"
#include "db/sink.h"
#include "lib/sb.h"
#include "tests/unit/orgfx.h"

int
orgfx_open(struct orgfx *f)
{
	struct err e = ERR_INIT;

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/parc-test-org.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/parc.db", f->dir);
	if (db_open(&f->db, f->path, DB_CREATE, &e) != 0) {
		fprintf(stderr, "orgfx_open: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void
orgfx_close(struct orgfx *f)
{
	db_close(f->db);
	f->db = NULL;
	if (f->dir[0])
		orgfx_remove_tree(f->dir);
	f->dir[0] = '\0';
}

void
orgfx_remove_tree(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *
fld(char **v, int n, int i)
{
	return i < n && v[i] != NULL && *v[i] ? v[i] : NULL;
}

static int
tri(char **v, int n, int i)
{
	return fld(v, n, i) ? atoi(v[i]) : -1;
}

int
orgfx_sync(struct db *db, const char *name, const char *kind, const char *spec,
    struct err *e)
{
	struct sink *s = NULL;
	char *copy = xstrdup(spec), *line, *rest = copy, *p;
	char *v[16];
	int n, rc;

	if ((rc = sink_open(db, name, kind, &s, e)) != 0)
		goto out;
	sink_allow_empty(s);
	while ((line = strsep(&rest, "\n")) != NULL && rc == 0) {
		line += strspn(line, " \t");
		if (*line == '\0' || *line == '#')
			continue;
		for (n = 0, p = line; p != NULL && n < 16; n++)
			v[n] = strsep(&p, "|");
		switch (line[0]) {
		case 'I': {
			struct rec_identity r = { 0 };

			r.employee_id = fld(v, n, 1);
			r.display_name = fld(v, n, 2);
			r.login = fld(v, n, 3);
			r.manager_employee_id = fld(v, n, 4);
			r.status = fld(v, n, 5) ? fld(v, n, 5) : "active";
			r.end_date = fld(v, n, 6);
			rc = sink_identity(s, &r, e);
			break;
		}
		case 'P': {
			struct rec_principal r = { 0 };

			r.ext_id = fld(v, n, 1);
			r.name = fld(v, n, 2);
			r.kind = fld(v, n, 3);
			r.enabled = tri(v, n, 4);
			r.last_used_at = fld(v, n, 5);
			r.password_last_set = fld(v, n, 6);
			r.mfa = tri(v, n, 7);
			r.employee_id = fld(v, n, 8);
			r.created_at = fld(v, n, 9);
			r.attrs = fld(v, n, 10);
			rc = sink_principal(s, &r, e);
			break;
		}
		case 'M':
			rc = sink_membership(s, fld(v, n, 1), fld(v, n, 2), e);
			break;
		case 'E': {
			struct rec_entitlement r = { 0 };

			r.ext_id = fld(v, n, 1);
			r.name = fld(v, n, 2);
			r.kind = "role";
			r.tier = tri(v, n, 3);
			r.techniques = fld(v, n, 4);
			r.owner = fld(v, n, 5);
			r.group_ext_id = fld(v, n, 6);
			rc = sink_entitlement(s, &r, e);
			break;
		}
		case 'A': {
			struct rec_assignment r = { 0 };

			r.principal_ext_id = fld(v, n, 1);
			r.entitlement_ext_id = fld(v, n, 2);
			r.state = fld(v, n, 3);
			r.expires_at = fld(v, n, 4);
			r.last_used_at = fld(v, n, 5);
			rc = sink_assignment(s, &r, e);
			break;
		}
		default:
			rc = err_set(e, PARC_EDATA, "orgfx: bad line '%s'",
			    line);
		}
	}
	if (rc != 0)
		sink_abort(s, e->msg);
	else
		rc = sink_commit(s, NULL, e);
out:
	free(copy);
	return rc;
}

char *
orgfx_text(struct db *db, const char *sql, const char *param)
{
	sqlite3_stmt *st;
	char *out;

	if (sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "orgfx_text: %s: %s\n", sql,
		    sqlite3_errmsg(db->conn));
		return xstrdup("(error)");
	}
	if (sqlite3_bind_parameter_count(st) > 0)
		db_bind_text(st, 1, param);
	if (sqlite3_step(st) != SQLITE_ROW)
		out = xstrdup("");
	else if (sqlite3_column_type(st, 0) == SQLITE_NULL)
		out = xstrdup("NULL");
	else
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

const char *
orgfx_ago(int days)
{
	static char buf[8][21];
	static int k;
	struct tm tm = { 0 };
	time_t t;
	char *b = buf[k++ % 8];

	strptime(ORGFX_NOW, "%Y-%m-%dT%H:%M:%SZ", &tm);
	t = timegm(&tm) - (time_t)days * 86400;
	gmtime_r(&t, &tm);
	strftime(b, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return b;
}

int
orgfx_demo_setup(void **state)
{
	struct orgfx_demo *fx = xcalloc(1, sizeof(*fx));

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/parc-test-demo-XXXXXX");
	if (mkdtemp(fx->dir) == NULL) {
		perror("mkdtemp");
		free(fx);
		return -1;
	}
	if (getenv("PARC_SHARE") == NULL)
		setenv("PARC_SHARE", "share", 1);
	*state = fx;
	return 0;
}

int
orgfx_demo_teardown(void **state)
{
	struct orgfx_demo *fx = *state;

	orgfx_remove_tree(fx->dir);
	free(fx);
	return 0;
}

int
orgfx_slurp(const char *path, struct sb *out)
{
	char buf[65536];
	FILE *fp = fopen(path, "r");
	size_t n;

	sb_reset(out);
	if (fp == NULL)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_add(out, buf, n);
	fclose(fp);
	return 0;
}
