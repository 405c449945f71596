/*
 * test_adc.c - the AD collector's two ways to emit: all at the end (kind =
 * ldif), or each account as it arrives once every group is in (kind = ad,
 * adc_stream()). Both must give the same snapshot, whatever order the
 * accounts come in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db/db.h"
#include "db/dbint.h"
#include "db/sink.h"
#include "lib/config.h"
#include "lib/sb.h"
#include "sync/ad_common.h"
#include "sync/ldif.h"
#include "tui/demo.h"

/* An LDIF record, copied (the reader's is gone at its next record). */
struct entry {
	char *dn, *where;
	struct ldif_attr *v;
	size_t n;
	int group; /* a group or foreign principal: the groups search's */
};

struct fx {
	char dir[64];
	struct entry *e;
	size_t n;
	struct config *c;
	struct adc_options o;
	struct catalog *cat;
};

static void
remove_tree(const char *dir)
{
	struct dirent *de;
	struct stat st;
	char path[PATH_MAX];
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			remove_tree(path);
		else
			unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static void
load(struct fx *fx, const char *path)
{
	const struct ldif_rec *rec;
	struct err e = ERR_INIT;
	struct ldif *r;
	struct entry *en;
	FILE *fp = fopen(path, "r");
	size_t i;
	int rc;

	if (fp == NULL)
		fail_msg("%s: cannot open", path);
	r = ldif_open(fp, path);
	while ((rc = ldif_next(r, &rec, &e)) > 0) {
		fx->e = xrealloc(fx->e, (fx->n + 1) * sizeof(*fx->e));
		en = &fx->e[fx->n++];
		memset(en, 0, sizeof(*en));
		en->dn = xstrdup(rec->dn);
		en->where = xmalloc(strlen(path) + 16);
		sprintf(en->where, "%s:%d", path, rec->line);
		en->n = rec->n;
		en->v = xcalloc(rec->n + 1, sizeof(*en->v));
		for (i = 0; i < rec->n; i++) {
			en->v[i].name = xstrdup(rec->v[i].name);
			en->v[i].len = rec->v[i].len;
			en->v[i].val = xmalloc(rec->v[i].len + 1);
			memcpy(en->v[i].val, rec->v[i].val, rec->v[i].len + 1);
			if (strcasecmp(en->v[i].name, "objectClass") == 0 &&
			    (strcasecmp((char *)en->v[i].val, "group") == 0 ||
				strcasecmp((char *)en->v[i].val,
				    "foreignSecurityPrincipal") == 0))
				en->group = 1;
		}
	}
	if (rc < 0)
		fail_msg("%s", e.msg);
	ldif_close(r);
	fclose(fp);
}

static void
setup_with(struct fx *fx, const char *ldif)
{
	struct err e = ERR_INIT;
	struct sb p = SB_INIT;
	FILE *fp;

	load(fx, ldif);
	sb_addf(&p, "%s/parc.conf", fx->dir);
	fp = fopen(p.buf, "w");
	assert_non_null(fp);
	fprintf(fp, "[source corp]\nkind = ldif\npath = %s\n"
		    "privileged_groups = SQL Admins\n",
	    ldif);
	fclose(fp);
	if (config_load(&fx->c, p.buf, &e) != 0 ||
	    adc_options_read(fx->c, config_source(fx->c, "corp"), &fx->o,
		&fx->cat, &e) != 0)
		fail_msg("%s", e.msg);
	sb_release(&p);
}

static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/parc-test-adc-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	if (getenv("PARC_SHARE") == NULL)
		setenv("PARC_SHARE", "share", 1);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	size_t i, j;

	for (i = 0; i < fx->n; i++) {
		for (j = 0; j < fx->e[i].n; j++) {
			free(fx->e[i].v[j].name);
			free(fx->e[i].v[j].val);
		}
		free(fx->e[i].v);
		free(fx->e[i].dn);
		free(fx->e[i].where);
	}
	free(fx->e);
	adc_options_release(&fx->o);
	catalog_free(fx->cat);
	config_free(fx->c);
	remove_tree(fx->dir);
	free(fx);
	return 0;
}

static int
feed(struct adc *a, const struct entry *en, struct err *e)
{
	size_t i;
	int rc;

	adc_begin(a, en->dn, en->where);
	for (i = 0; i < en->n; i++)
		if ((rc = adc_value(a, en->v[i].name, en->v[i].val,
			 en->v[i].len, e)) != 0)
			return rc;
	return adc_end(a, e);
}

/* Rows of sql as "a|b|c" lines. */
static void
dump(struct db *db, const char *sql, struct sb *out)
{
	sqlite3_stmt *st;
	const char *t;
	int i;

	assert_int_equal(sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < sqlite3_column_count(st); i++) {
			t = (const char *)sqlite3_column_text(st, i);
			sb_addf(out, "%s%s", i ? "|" : "", t ? t : "NULL");
		}
		sb_addc(out, '\n');
	}
	sqlite3_finalize(st);
}

enum order { BATCH, STREAM, STREAM_REVERSED };

/*
 * Sync the entries into a new database in order, and return what a
 * reviewer's data is made of: principals, memberships, entitlements,
 * grants with paths. late: how many principals adc_emit() staged,
 * beyond the groups and foreign principals (which always wait for it).
 */
static void
snapshot(struct fx *fx, enum order how, struct sb *out, int64_t *late)
{
	int64_t early, total, groups;
	struct err e = ERR_INIT;
	struct sink *sink = NULL;
	struct db *db = NULL;
	struct adc *a;
	size_t i;

	if (db_open(&db, ":memory:", DB_CREATE, &e) != 0 ||
	    sink_open(db, "corp", "ad", &sink, &e) != 0)
		fail_msg("%s", e.msg);
	a = adc_new(&fx->o);
	for (i = 0; i < fx->n; i++)
		if ((how == BATCH || fx->e[i].group) &&
		    feed(a, &fx->e[i], &e) != 0)
			fail_msg("%s", e.msg);
	if (how != BATCH) {
		adc_stream(a, sink);
		for (i = 0; i < fx->n; i++) {
			struct entry *en = &fx->e[how == STREAM ? i
							       : fx->n - 1 - i];
			if (!en->group && feed(a, en, &e) != 0)
				fail_msg("%s", e.msg);
		}
	}
	early = db_count(db, "SELECT count(*) FROM temp.stage_principal");
	if (adc_emit(a, sink, &e) != 0)
		fail_msg("%s", e.msg);
	total = db_count(db, "SELECT count(*) FROM temp.stage_principal");
	if (sink_commit(sink, NULL, &e) != 0)
		fail_msg("%s", e.msg);
	groups = db_count(db,
	    "SELECT count(*) FROM principal WHERE attrs ->> 'object_class'"
	    " IN ('group', 'foreignSecurityPrincipal')");
	assert_true(groups > 0 && total > groups);
	*late = total - early - groups;
	if (how == BATCH)
		assert_int_equal(early, 0);
	else
		assert_true(early > 0); /* accounts went out as they came */
	adc_free(a);
	dump(db,
	    "SELECT ext_id, name, display_name, kind, enabled, email, upn,"
	    " employee_id, created_at, last_used_at, password_last_set, attrs"
	    " FROM principal ORDER BY ext_id",
	    out);
	dump(db,
	    "SELECT m.ext_id, g.ext_id FROM membership x JOIN principal m"
	    " ON m.id = x.member_id JOIN principal g ON g.id = x.group_id"
	    " ORDER BY 1, 2",
	    out);
	dump(db,
	    "SELECT ext_id, name, kind, scope, tier, reason, owner, attrs"
	    " FROM entitlement ORDER BY ext_id",
	    out);
	dump(db,
	    "SELECT p.ext_id, n.ext_id, g.depth, g.path FROM effective_grant g"
	    " JOIN principal p ON p.id = g.account_id JOIN entitlement n"
	    " ON n.id = g.entitlement_id ORDER BY 1, 2",
	    out);
	db_close(db);
}

/*
 * The same snapshot three ways. With managed accounts, some account waits
 * for its manager in one order or the other (its attrs name the manager).
 */
static void
same_snapshot(struct fx *fx, int managed)
{
	struct sb batch = SB_INIT, stream = SB_INIT, rev = SB_INIT;
	int64_t late_b, late_s, late_r;

	snapshot(fx, BATCH, &batch, &late_b);
	snapshot(fx, STREAM, &stream, &late_s);
	snapshot(fx, STREAM_REVERSED, &rev, &late_r);
	assert_true(late_b > late_s && late_b > late_r);
	if (managed)
		assert_true(late_s + late_r > 0);
	assert_true(strstr(batch.buf, "|group|") != NULL);
	assert_string_equal(stream.buf, batch.buf);
	assert_string_equal(rev.buf, batch.buf);
	sb_release(&batch);
	sb_release(&stream);
	sb_release(&rev);
}

/* The test export: nesting, a cycle, primary groups, foreign principals. */
static void
test_corp_same(void **state)
{
	struct fx *fx = *state;
	struct sb p = SB_INIT;
	const char *d = getenv("PARC_TEST_DATA");

	sb_addf(&p, "%s/ldif/corp.ldif", d != NULL ? d : "tests/data");
	setup_with(fx, p.buf);
	same_snapshot(fx, 1);
	sb_release(&p);
}

/*
 * The demo's domain: managers, computers in and out of privileged groups,
 * a group of more than 1,500 members.
 */
static void
test_demo_same(void **state)
{
	struct fx *fx = *state;
	struct err e = ERR_INIT;
	struct sb p = SB_INIT;
	size_t i, managed = 0;

	if (demo_generate(fx->dir, 400, &e) != 0)
		fail_msg("demo_generate: %s", e.msg);
	sb_addf(&p, "%s/corp.ldif", fx->dir);
	setup_with(fx, p.buf);
	for (i = 0; i < fx->n; i++) {
		size_t j;

		for (j = 0; j < fx->e[i].n; j++)
			if (strcasecmp(fx->e[i].v[j].name, "manager") == 0)
				managed++;
	}
	assert_true(managed > 10);
	same_snapshot(fx, 1);
	sb_release(&p);
}

/* A group after adc_stream() could change what went out: refused. */
static void
test_late_group(void **state)
{
	struct fx *fx = *state;
	struct err e = ERR_INIT;
	struct sink *sink = NULL;
	struct db *db = NULL;
	struct adc *a;
	const struct entry *g = NULL;
	struct sb p = SB_INIT;
	const char *d = getenv("PARC_TEST_DATA");
	size_t i;

	sb_addf(&p, "%s/ldif/corp.ldif", d != NULL ? d : "tests/data");
	setup_with(fx, p.buf);
	if (db_open(&db, ":memory:", DB_CREATE, &e) != 0 ||
	    sink_open(db, "corp", "ad", &sink, &e) != 0)
		fail_msg("%s", e.msg);
	a = adc_new(&fx->o);
	for (i = 0; i < fx->n; i++) {
		if (!fx->e[i].group)
			continue;
		if (g == NULL) {
			g = &fx->e[i]; /* held back */
			continue;
		}
		assert_int_equal(feed(a, &fx->e[i], &e), 0);
	}
	assert_non_null(g);
	adc_stream(a, sink);
	assert_int_equal(feed(a, g, &e), PARC_EDATA);
	assert_non_null(strstr(e.msg, "came after the groups were all read"));
	assert_non_null(strstr(e.msg, g->where));
	sink_abort(sink, e.msg);
	adc_free(a);
	db_close(db);
	sb_release(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_corp_same, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_demo_same, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_late_group, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
