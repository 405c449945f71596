/*
 * test_db.c - the model: opening and migrating, a source's snapshot replaced
 * whole or not at all, effective grants through nested groups, their
 * history, people and correlation, and the inventory the console shows.
 *
 * Each test gets a fresh database file in its own mkdtemp folder (so WAL and
 * reopening are real). The test reads tables back through the connection of
 * db/dbint.h: checking what the data must be needs SQL that no db_ function
 * exists for, and only this test of db/ sees sqlite3.h.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "db/dbint.h"
#include "db/finding.h"
#include "db/schema.h"
#include "db/sink.h"
#include "db/sink_int.h"
#include "lib/sb.h"

/* ---- fixture: a database in a temporary folder ---- */

struct fx {
	char dir[64];
	char path[PATH_MAX];
	struct db *db;
	char **keep; /* strings q() returned, freed at teardown */
	size_t nkeep;
};

static int
fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct err e = ERR_INIT;

	snprintf(f->dir, sizeof(f->dir), "/tmp/parc-test-db.XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/parc.db", f->dir);
	if (db_open(&f->db, f->path, DB_CREATE, &e) != 0) {
		fprintf(stderr, "fx_setup: %s\n", e.msg);
		free(f);
		return -1;
	}
	*state = f;
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

static int
fx_teardown(void **state)
{
	struct fx *f = *state;
	size_t i;
	int rc;

	db_close(f->db);
	rc = nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	for (i = 0; i < f->nkeep; i++)
		free(f->keep[i]);
	free(f->keep);
	free(f);
	return rc;
}

static const char *
keep(struct fx *f, char *s)
{
	f->keep = xrealloc(f->keep, (f->nkeep + 1) * sizeof(*f->keep));
	f->keep[f->nkeep++] = s;
	return s;
}

/*
 * Run sql and return its rows as text: columns joined by '|', rows by '\n',
 * SQL NULL as "NULL". The string lives until the test's teardown.
 */
static const char *
q(struct fx *f, const char *sql)
{
	struct sb sb = SB_INIT;
	sqlite3_stmt *st;
	int rc, i, n;

	if (sqlite3_prepare_v2(f->db->conn, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", sql, sqlite3_errmsg(f->db->conn));
	n = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sb.len > 0)
			sb_addc(&sb, '\n');
		for (i = 0; i < n; i++) {
			if (i > 0)
				sb_addc(&sb, '|');
			if (sqlite3_column_type(st, i) == SQLITE_NULL)
				sb_adds(&sb, "NULL");
			else
				sb_adds(&sb,
				    (const char *)sqlite3_column_text(st, i));
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		fail_msg("step %s: %s", sql, sqlite3_errmsg(f->db->conn));
	return keep(f, sb_detach(&sb));
}

/* q() with printf-style SQL (the tests' own constants and ids only). */
static const char *qf(struct fx *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *
qf(struct fx *f, const char *fmt, ...)
{
	struct sb sql = SB_INIT;
	const char *r;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sql, fmt, ap);
	va_end(ap);
	r = q(f, sql.buf);
	sb_release(&sql);
	return r;
}

static void
reopen(struct fx *f)
{
	struct err e = ERR_INIT;

	db_close(f->db);
	f->db = NULL;
	if (db_open(&f->db, f->path, 0, &e) != 0)
		fail_msg("reopen: %s", e.msg);
}

/*
 * Every row of every table (all columns, sorted), sync_run only up to run
 * id max_run: what "nothing changed" means.
 */
static const char *const all_tables[] = {
	"source",
	"sync_run",
	"identity",
	"principal",
	"membership",
	"entitlement",
	"assignment",
	"effective_grant",
	"grant_history",
	"finding",
	"campaign",
	"review_item",
	"decision",
	"audit_event",
	"correlation_override",
	NULL,
};

static const char *
dump(struct fx *f, int64_t max_run)
{
	struct sb out = SB_INIT;
	const char *t, *cols;
	size_t i;

	for (i = 0; (t = all_tables[i]) != NULL; i++) {
		cols = qf(f,
		    "SELECT group_concat('quote(\"' || name || '\")',"
		    " ' || ''|'' || ') FROM (SELECT name FROM"
		    " pragma_table_info('%s') ORDER BY cid)",
		    t);
		/* "0 <= max_run" keeps every row of the other tables */
		sb_addf(&out, "[%s]\n%s\n", t,
		    qf(f, "SELECT %s AS r FROM %s WHERE %s <= %lld ORDER BY r",
			cols, t, strcmp(t, "sync_run") == 0 ? "id" : "0",
			(long long)max_run));
	}
	return keep(f, sb_detach(&out));
}

static int64_t
last_run(struct fx *f)
{
	return db_count(f->db, "SELECT coalesce(max(id), 0) FROM sync_run");
}

/* ---- records, with the tests' naming: acct:NAME, grp:NAME, ent:NAME ---- */

#define A(n) "acct:" n
#define G(n) "grp:" n
#define N(n) "ent:" n

#define ACCT(n)                                  \
	((struct rec_principal){ .ext_id = A(n), \
	    .name = n,                           \
	    .enabled = 1,                        \
	    .mfa = -1 })
#define GROUP(n)                                 \
	((struct rec_principal){ .ext_id = G(n), \
	    .name = n,                           \
	    .kind = "group",                     \
	    .enabled = -1,                       \
	    .mfa = -1 })
#define ENT(n, t)                                  \
	((struct rec_entitlement){ .ext_id = N(n), \
	    .name = n,                             \
	    .kind = "role",                        \
	    .tier = (t) })
/* An entitlement that is the group grp:NAME itself (an AD admin group). */
#define GENT(n, t)                                 \
	((struct rec_entitlement){ .ext_id = N(n), \
	    .name = n,                             \
	    .kind = "group",                       \
	    .tier = (t),                           \
	    .group_ext_id = G(n) })
#define PERSON(id, name) \
	((struct rec_identity){ .employee_id = id, .display_name = name })

static struct sink *
sopen(struct fx *f, const char *source, const char *kind)
{
	struct sink *s = NULL;
	struct err e = ERR_INIT;

	if (sink_open(f->db, source, kind, &s, &e) != 0)
		fail_msg("sink_open %s: %s", source, e.msg);
	assert_non_null(s);
	return s;
}

/* Run call, which takes &e_ (the macro's error buffer); it must succeed. */
#define OK(call)                                           \
	do {                                               \
		struct err e_ = ERR_INIT;                  \
		if ((call) != 0)                           \
			fail_msg("%s: %s", #call, e_.msg); \
	} while (0)

static void
put_p(struct sink *s, const struct rec_principal *r)
{
	struct err e = ERR_INIT;

	if (sink_principal(s, r, &e) != 0)
		fail_msg("sink_principal %s: %s", r->ext_id, e.msg);
}

static void
put_acct(struct sink *s, const struct rec_principal r)
{
	put_p(s, &r);
}

static void
put_m(struct sink *s, const char *member, const char *group)
{
	struct err e = ERR_INIT;

	if (sink_membership(s, member, group, &e) != 0)
		fail_msg("sink_membership %s %s: %s", member, group, e.msg);
}

static void
put_e(struct sink *s, const struct rec_entitlement r)
{
	struct err e = ERR_INIT;

	if (sink_entitlement(s, &r, &e) != 0)
		fail_msg("sink_entitlement %s: %s", r.ext_id, e.msg);
}

static void
put_a(struct sink *s, const char *principal, const char *ent)
{
	struct rec_assignment r = { .principal_ext_id = principal,
		.entitlement_ext_id = ent };
	struct err e = ERR_INIT;

	if (sink_assignment(s, &r, &e) != 0)
		fail_msg("sink_assignment %s %s: %s", principal, ent, e.msg);
}

static void
put_i(struct sink *s, const struct rec_identity r)
{
	struct err e = ERR_INIT;

	if (sink_identity(s, &r, &e) != 0)
		fail_msg("sink_identity %s: %s", r.employee_id, e.msg);
}

static struct sink_stats
commit(struct sink *s)
{
	struct sink_stats st;
	struct err e = ERR_INIT;

	memset(&st, 0xff, sizeof(st));
	if (sink_commit(s, &st, &e) != 0)
		fail_msg("sink_commit: %s", e.msg);
	return st;
}

/* sink_commit must fail with code and exactly msg. */
static void
commit_fails(struct sink *s, int code, const char *msg)
{
	struct err e = ERR_INIT;

	assert_int_equal(sink_commit(s, NULL, &e), code);
	assert_string_equal(e.msg, msg);
}

/* ---- opening and migrating ---- */

static const char *const design_tables[] = {
	"source",
	"sync_run",
	"identity",
	"principal",
	"membership",
	"entitlement",
	"assignment",
	"effective_grant",
	"grant_history",
	"finding",
	"campaign",
	"review_item",
	"decision",
	"audit_event",
	NULL,
};

static void
test_migrate_new_file(void **state)
{
	struct fx *f = *state;
	const char *schema;
	struct stat st;
	size_t i;

	assert_int_equal(stat(f->path, &st), 0);
	assert_string_equal(db_path(f->db), f->path);
	assert_int_equal(db_schema_version(f->db), DB_SCHEMA_VERSION);
	assert_int_equal(atoi(q(f, "PRAGMA user_version")), DB_SCHEMA_VERSION);
	for (i = 0; design_tables[i] != NULL; i++)
		if (strcmp(qf(f,
			       "SELECT count(*) FROM sqlite_master WHERE"
			       " type = 'table' AND name = '%s'",
			       design_tables[i]),
			"1") != 0)
			fail_msg("table %s is missing", design_tables[i]);
	assert_string_equal(q(f, "PRAGMA journal_mode"), "wal");
	assert_string_equal(q(f, "PRAGMA foreign_keys"), "1");
	assert_string_equal(q(f, "PRAGMA integrity_check"), "ok");
	assert_string_equal(q(f, "PRAGMA foreign_key_check"), "");

	/* opening again changes nothing */
	schema =
	    q(f, "SELECT type, name, sql FROM sqlite_master ORDER BY name");
	reopen(f);
	assert_int_equal(db_schema_version(f->db), DB_SCHEMA_VERSION);
	assert_string_equal(
	    q(f, "SELECT type, name, sql FROM sqlite_master ORDER BY name"),
	    schema);
	assert_string_equal(q(f, "PRAGMA journal_mode"), "wal");
	assert_string_equal(q(f, "PRAGMA foreign_keys"), "1");
}

/*
 * A foreign key whose parent rows a sync deletes (accounts, entitlements,
 * assignments, grants, people) needs an index on its child column, or each
 * deleted parent scans the child table: a re-sync of 20,000 grants took 25 s
 * for want of effective_grant(assignment_id). Sources and runs are deleted
 * one at a time, by hand, so their keys are left out.
 */
static void
test_foreign_keys_indexed(void **state)
{
	struct fx *f = *state;

	assert_string_equal(
	    q(f,
		"SELECT m.name || '.' || k.\"from\" FROM sqlite_master m,"
		" pragma_foreign_key_list(m.name) k WHERE m.type = 'table'"
		" AND k.\"table\" NOT IN ('source', 'sync_run')"
		" AND NOT EXISTS (SELECT 1 FROM pragma_index_list(m.name) l,"
		"  pragma_index_info(l.name) i WHERE i.seqno = 0 AND"
		"  i.name = k.\"from\")"
		" ORDER BY 1"),
	    "");
	/* and the rule above does see foreign keys */
	assert_string_equal(q(f,
				"SELECT count(*) > 20 FROM sqlite_master m,"
				" pragma_foreign_key_list(m.name) k WHERE"
				" m.type = 'table'"),
	    "1");
}

static void
test_open_not_a_database(void **state)
{
	struct fx *f = *state;
	struct db *db = (struct db *)1;
	struct err e = ERR_INIT;
	char path[PATH_MAX + 32], want[PATH_MAX + 64];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/notes.txt", f->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("these are not the tables you are looking for\n", fp);
	fclose(fp);
	assert_int_equal(db_open(&db, path, 0, &e), PARC_EDB);
	assert_null(db);
	snprintf(want, sizeof(want), "database %s: ", path);
	assert_memory_equal(e.msg, want, strlen(want));
	assert_non_null(strstr(e.msg, "not a database"));
}

static void
test_create_makes_private_folders(void **state)
{
	struct fx *f = *state;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	char path[PATH_MAX + 64], dir[PATH_MAX + 32];
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/a/b", f->dir);
	snprintf(path, sizeof(path), "%s/parc.db", dir);
	assert_int_equal(db_open(&db, path, DB_CREATE, &e), 0);
	assert_int_equal(db_schema_version(db), DB_SCHEMA_VERSION);
	db_close(db);
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	db_close(NULL);
}

static void
test_open_missing(void **state)
{
	struct fx *f = *state;
	struct db *db = (struct db *)1;
	struct err e = ERR_INIT;
	char path[PATH_MAX + 32], want[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/nope.db", f->dir);
	assert_int_equal(db_open(&db, path, 0, &e), PARC_ECONFIG);
	assert_null(db);
	snprintf(want, sizeof(want), "no database at %s (run parc init)", path);
	assert_string_equal(e.msg, want);
	assert_int_equal(access(path, F_OK), -1); /* and none was made */
	assert_int_equal(db_open(&db, path, DB_READONLY, &e), PARC_ECONFIG);
	assert_string_equal(e.msg, want);
}

static void
test_open_newer_refused(void **state)
{
	struct fx *f = *state;
	struct db *db = (struct db *)1;
	struct err e = ERR_INIT;
	char want[PATH_MAX + 128];
	sqlite3 *raw;
	sqlite3_stmt *st;

	OK(db_exec(f->db, "PRAGMA user_version = 99", &e_));
	db_close(f->db);
	f->db = NULL;

	assert_int_equal(db_open(&db, f->path, 0, &e), PARC_EDB);
	assert_null(db);
	snprintf(want, sizeof(want),
	    "database %s has schema version 99; this parc knows up to %d "
	    "(upgrade parc)",
	    f->path, DB_SCHEMA_VERSION);
	assert_string_equal(e.msg, want);
	assert_int_equal(db_open(&db, f->path, DB_CREATE, &e), PARC_EDB);
	assert_string_equal(e.msg, want);
	assert_int_equal(db_open(&db, f->path, DB_READONLY, &e), PARC_EDB);
	assert_null(db);
	snprintf(want, sizeof(want),
	    "database %s has schema version 99, this parc needs %d", f->path,
	    DB_SCHEMA_VERSION);
	assert_string_equal(e.msg, want);

	/* the refusal left the file as it was */
	assert_int_equal(sqlite3_open_v2(f->path, &raw, SQLITE_OPEN_READONLY,
			     NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &st,
			     NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 99);
	sqlite3_finalize(st);
	sqlite3_close(raw);
}

static void
test_open_readonly(void **state)
{
	struct fx *f = *state;
	struct db *db = NULL;
	struct err e = ERR_INIT;

	assert_int_equal(db_open(&db, f->path, DB_READONLY, &e), 0);
	assert_int_equal(db_schema_version(db), DB_SCHEMA_VERSION);
	assert_int_equal(db_exec(db,
			     "INSERT INTO source (name, kind, created_at)"
			     " VALUES ('x', 'y', 'z')",
			     &e),
	    PARC_EDB);
	assert_int_equal(e.code, PARC_EDB);
	db_close(db);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM source"), 0);
}

/*
 * A sync holds the write lock while it merges a large snapshot: readers
 * and the console must open and read at once, not fail with "database
 * is locked" after the busy timeout.
 */
static void
test_open_while_writer_holds_lock(void **state)
{
	struct fx *f = *state;
	struct db *w = NULL, *r = NULL;
	struct err e = ERR_INIT;
	struct timespec t0, t1;
	static const int flags[] = { DB_READONLY, 0 };
	size_t i;

	assert_int_equal(db_open(&w, f->path, 0, &e), 0);
	assert_int_equal(db_exec(w,
			     "BEGIN IMMEDIATE; INSERT INTO source (name, kind,"
			     " created_at) VALUES ('x', 'y', 'z')",
			     &e),
	    0);
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (db_open(&r, f->path, flags[i], &e) != 0)
			fail_msg("open (flags %d) while a sync writes: %s",
			    flags[i], e.msg);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		assert_true(t1.tv_sec - t0.tv_sec < 2);
		/* it reads the last committed state */
		assert_int_equal(db_count(r, "SELECT count(*) FROM source"), 0);
		db_close(r);
		r = NULL;
	}
	assert_int_equal(db_exec(w, "COMMIT", &e), 0);
	db_close(w);
}

static void
test_memory(void **state)
{
	struct fx fm = { 0 };
	struct err e = ERR_INIT;
	struct sink *s;
	struct sink_stats st;

	(void)state;
	assert_int_equal(db_open(&fm.db, ":memory:", DB_CREATE, &e), 0);
	assert_string_equal(db_path(fm.db), ":memory:");
	assert_int_equal(db_schema_version(fm.db), DB_SCHEMA_VERSION);
	assert_string_equal(q(&fm, "PRAGMA foreign_keys"), "1");
	assert_string_equal(q(&fm,
				"SELECT count(*) FROM sqlite_master WHERE"
				" type = 'table' AND name = 'audit_event'"),
	    "1");
	/* the model works there too */
	s = sopen(&fm, "corp", "ad");
	put_acct(s, ACCT("alice"));
	put_e(s, ENT("root", 0));
	put_a(s, A("alice"), N("root"));
	st = commit(s);
	assert_int_equal(st.grants, 1);
	assert_string_equal(q(&fm, "SELECT path FROM effective_grant"),
	    "[\"alice\",\"root\"]");
	db_close(fm.db);
	while (fm.nkeep > 0)
		free(fm.keep[--fm.nkeep]);
	free(fm.keep);
}

/* ---- snapshots ---- */

/* corp's first snapshot, and another source's. */
static void
sync_corp1(struct fx *f)
{
	struct sink *s = sopen(f, "corp", "ad");
	struct sink_stats st;
	struct rec_principal carol = ACCT("carol");

	carol.email = "carol@corp.example";
	put_acct(s, ACCT("alice"));
	put_acct(s, ACCT("bob"));
	put_p(s, &carol);
	put_acct(s, GROUP("Admins"));
	put_m(s, A("alice"), G("Admins"));
	put_m(s, A("bob"), G("Admins"));
	put_m(s, A("alice"), G("Admins")); /* LDAP may list a member twice */
	put_e(s, GENT("Admins", 0));
	put_e(s, ENT("sudo-all", 1));
	put_a(s, A("carol"), N("sudo-all"));
	st = commit(s);
	assert_int_equal(st.principals, 4);
	assert_int_equal(st.memberships, 2);
	assert_int_equal(st.entitlements, 2);
	assert_int_equal(st.assignments, 1);
	assert_int_equal(st.grants, 3);
	assert_int_equal(st.added, 3);
	assert_int_equal(st.removed, 0);
}

static void
sync_lab(struct fx *f)
{
	struct sink *s = sopen(f, "lab", "sudoers");

	/* same external ids as corp's: sources do not collide */
	put_acct(s, ACCT("alice"));
	put_acct(s, ACCT("zed"));
	put_e(s, ENT("root", 0));
	put_a(s, A("zed"), N("root"));
	put_a(s, A("alice"), N("root"));
	commit(s);
}

static const char grants_sql[] =
    "SELECT s.name, p.name, n.name, g.path FROM effective_grant g"
    " JOIN source s ON s.id = g.source_id"
    " JOIN principal p ON p.id = g.account_id"
    " JOIN entitlement n ON n.id = g.entitlement_id"
    " ORDER BY 1, 2, 3";

static void
test_snapshot_replace(void **state)
{
	struct fx *f = *state;
	const char *alice_id, *admins_id, *dadm_id, *grant_id, *lab;
	const char *run2;
	struct sink *s;
	struct sink_stats st;

	sync_corp1(f);
	sync_lab(f);
	assert_string_equal(q(f, grants_sql),
	    "corp|alice|Admins|[\"alice\",\"Admins\"]\n"
	    "corp|bob|Admins|[\"bob\",\"Admins\"]\n"
	    "corp|carol|sudo-all|[\"carol\",\"sudo-all\"]\n"
	    "lab|alice|root|[\"alice\",\"root\"]\n"
	    "lab|zed|root|[\"zed\",\"root\"]");
	alice_id = q(f,
	    "SELECT p.id FROM principal p JOIN source s ON"
	    " s.id = p.source_id WHERE s.name = 'corp' AND"
	    " p.ext_id = 'acct:alice'");
	admins_id =
	    q(f, "SELECT id FROM principal WHERE ext_id = 'grp:Admins'");
	dadm_id =
	    q(f, "SELECT id FROM entitlement WHERE ext_id = 'ent:Admins'");
	grant_id = qf(f, "SELECT id FROM effective_grant WHERE account_id = %s",
	    alice_id);
	/* an old sighting, so that the update shows */
	OK(db_exec(f->db,
	    "UPDATE effective_grant SET first_seen = '2000-01-01T00:00:00Z',"
	    " last_seen = '2000-01-01T00:00:00Z'",
	    &e_));
	OK(db_exec(f->db,
	    "UPDATE principal SET first_seen = '2000-01-01T00:00:00Z'", &e_));
	lab = q(f,
	    "SELECT p.*, g.* FROM principal p JOIN source s ON"
	    " s.id = p.source_id LEFT JOIN effective_grant g ON"
	    " g.account_id = p.id WHERE s.name = 'lab' ORDER BY p.id");

	/* bob and carol left, dave came; sudo-all went, backup came */
	s = sopen(f, "corp", "ad");
	put_acct(s, ACCT("alice"));
	put_acct(s, ACCT("dave"));
	put_acct(s, GROUP("Admins"));
	put_m(s, A("alice"), G("Admins"));
	put_m(s, A("dave"), G("Admins"));
	put_e(s, GENT("Admins", 0));
	put_e(s, ENT("backup", 1));
	put_a(s, A("dave"), N("backup"));
	st = commit(s);
	assert_int_equal(st.grants, 3);
	assert_int_equal(st.added, 2);	 /* dave: Admins, backup */
	assert_int_equal(st.removed, 2); /* bob: Admins, carol: sudo-all */

	assert_string_equal(q(f, grants_sql),
	    "corp|alice|Admins|[\"alice\",\"Admins\"]\n"
	    "corp|dave|Admins|[\"dave\",\"Admins\"]\n"
	    "corp|dave|backup|[\"dave\",\"backup\"]\n"
	    "lab|alice|root|[\"alice\",\"root\"]\n"
	    "lab|zed|root|[\"zed\",\"root\"]");
	assert_string_equal(q(f,
				"SELECT p.ext_id, p.name, p.kind FROM"
				" principal p JOIN source s ON s.id ="
				" p.source_id WHERE s.name = 'corp'"
				" ORDER BY 1"),
	    "acct:alice|alice|human\n"
	    "acct:dave|dave|human\n"
	    "grp:Admins|Admins|group");
	assert_string_equal(q(f,
				"SELECT m.name, g.name FROM membership x"
				" JOIN principal m ON m.id = x.member_id"
				" JOIN principal g ON g.id = x.group_id"
				" ORDER BY 1"),
	    "alice|Admins\ndave|Admins");
	assert_string_equal(q(f,
				"SELECT n.ext_id, n.tier,"
				" (SELECT name FROM principal WHERE id ="
				" n.group_principal_id) FROM entitlement n"
				" JOIN source s ON s.id = n.source_id"
				" WHERE s.name = 'corp' ORDER BY 1"),
	    "ent:Admins|0|Admins\nent:backup|1|NULL");
	assert_string_equal(q(f,
				"SELECT p.name, n.name, a.state FROM"
				" assignment a JOIN principal p ON p.id ="
				" a.principal_id JOIN entitlement n ON n.id ="
				" a.entitlement_id JOIN source s ON s.id ="
				" a.source_id WHERE s.name = 'corp'"),
	    "dave|backup|active");

	/* ids stay while the thing stays */
	assert_string_equal(q(f,
				"SELECT p.id FROM principal p JOIN source s"
				" ON s.id = p.source_id WHERE s.name ="
				" 'corp' AND p.ext_id = 'acct:alice'"),
	    alice_id);
	assert_string_equal(
	    q(f, "SELECT id FROM principal WHERE ext_id = 'grp:Admins'"),
	    admins_id);
	assert_string_equal(
	    q(f, "SELECT id FROM entitlement WHERE ext_id = 'ent:Admins'"),
	    dadm_id);
	assert_string_equal(qf(f,
				"SELECT id FROM effective_grant WHERE"
				" account_id = %s",
				alice_id),
	    grant_id);
	/*
	 * first seen kept, last seen moved to this sync (the inventory's
	 * row says it; the unchanged grant's row was not rewritten)
	 */
	run2 = qf(f,
	    "SELECT count(*) FROM sync_run r, grant_row g"
	    " WHERE r.id = %lld AND g.grant_id = %s AND g.last_seen"
	    " BETWEEN r.started_at AND r.finished_at",
	    (long long)st.run_id, grant_id);
	assert_string_equal(run2, "1");
	assert_string_equal(qf(f,
				"SELECT first_seen FROM effective_grant"
				" WHERE id = %s",
				grant_id),
	    "2000-01-01T00:00:00Z");
	assert_string_equal(qf(f,
				"SELECT first_seen FROM principal WHERE"
				" id = %s",
				alice_id),
	    "2000-01-01T00:00:00Z");
	/* new ones are first seen now */
	assert_string_equal(q(f,
				"SELECT count(*) FROM effective_grant g JOIN"
				" principal p ON p.id = g.account_id WHERE"
				" p.name = 'dave' AND g.first_seen ="
				" g.last_seen AND g.first_seen >"
				" '2000-01-01T00:00:00Z'"),
	    "2");

	/* the other source is untouched, ids and times included */
	assert_string_equal(q(f,
				"SELECT p.*, g.* FROM principal p JOIN"
				" source s ON s.id = p.source_id LEFT JOIN"
				" effective_grant g ON g.account_id = p.id"
				" WHERE s.name = 'lab' ORDER BY p.id"),
	    lab);
	assert_string_equal(q(f, "PRAGMA foreign_key_check"), "");
}

/*
 * An empty pull over a non-empty snapshot is refused and changes nothing;
 * allowed explicitly, it empties the source (a source really emptied).
 */
static void
test_snapshot_empty(void **state)
{
	struct fx *f = *state;
	struct sink_stats st;
	struct err e = ERR_INIT;
	struct sink *s;
	char *before;

	sync_corp1(f);
	before = xstrdup(q(f, "SELECT * FROM principal ORDER BY id"));
	s = sopen(f, "corp", "ad");
	assert_int_equal(sink_commit(s, NULL, &e), PARC_EDATA);
	assert_string_equal(e.msg,
	    "source corp: the pull found nothing, but the last snapshot holds "
	    "6 records; keeping it (parc sync --allow-empty corp replaces it)");
	assert_string_equal(q(f, "SELECT * FROM principal ORDER BY id"),
	    before);
	free(before);
	s = sopen(f, "corp", "ad");
	sink_allow_empty(s);
	st = commit(s);
	assert_int_equal(st.grants, 0);
	assert_int_equal(st.removed, 3);
	assert_string_equal(q(f, "SELECT count(*) FROM principal"), "0");
	assert_string_equal(q(f, "SELECT count(*) FROM entitlement"), "0");
	assert_string_equal(q(f, "SELECT count(*) FROM effective_grant"), "0");
	assert_string_equal(q(f,
				"SELECT count(*) FROM grant_history WHERE"
				" change = 'removed'"),
	    "3");
}

/* ---- a failed pull changes nothing ---- */

/* Emit a changed corp snapshot (without committing). */
static void
emit_changes(struct sink *s)
{
	struct rec_principal alice = ACCT("alice");

	alice.enabled = 0;
	alice.email = "new@corp.example";
	put_p(s, &alice);
	put_acct(s, ACCT("mallory"));
	put_acct(s, GROUP("Admins"));
	put_m(s, A("mallory"), G("Admins"));
	put_e(s, GENT("Admins", 0));
	put_e(s, ENT("root", 0));
	put_a(s, A("mallory"), N("root"));
}

static void
base(struct fx *f)
{
	struct sink *s;

	sync_corp1(f);
	sync_lab(f);
	s = sopen(f, "hr", "people");
	put_i(s,
	    (struct rec_identity){ .employee_id = "E1",
		.display_name = "Carol Chief",
		.email = "carol@corp.example" });
	commit(s);
	assert_string_equal(q(f,
				"SELECT correlated_by FROM principal WHERE"
				" name = 'carol'"),
	    "email");
}

static void
assert_last_run(struct fx *f, const char *source, const char *want)
{
	assert_string_equal(qf(f,
				"SELECT r.status, r.error, r.finished_at IS"
				" NOT NULL FROM sync_run r JOIN source s ON"
				" s.id = r.source_id WHERE s.name = '%s'"
				" ORDER BY r.id DESC LIMIT 1",
				source),
	    want);
}

static void
test_abort(void **state)
{
	struct fx *f = *state;
	const char *before;
	struct sink *s;
	int64_t max;

	base(f);
	max = last_run(f);
	before = dump(f, max);

	s = sopen(f, "corp", "ad");
	emit_changes(s);
	sink_abort(s, "ldap://dc1: connection reset by peer");
	assert_string_equal(dump(f, max), before);
	assert_int_equal(last_run(f), max + 1);
	assert_last_run(f, "corp",
	    "failed|ldap://dc1: connection reset by peer|1");
	/* the source still points at its last good run */
	assert_string_equal(q(f,
				"SELECT last_run_id FROM source WHERE"
				" name = 'corp'"),
	    q(f,
		"SELECT max(r.id) FROM sync_run r JOIN source s ON s.id ="
		" r.source_id WHERE s.name = 'corp' AND r.status = 'ok'"));

	s = sopen(f, "corp", "ad");
	emit_changes(s);
	sink_abort(s, NULL);
	assert_last_run(f, "corp", "failed|aborted|1");
	assert_string_equal(dump(f, max), before);
	sink_abort(NULL, "nothing");
	assert_int_equal(last_run(f), max + 2);
}

/*
 * A version 3 database (before meta and the grant_row view) opens
 * migrated, its rows kept, its findings not marked out of date; the mark
 * then works.
 */
static void
test_migrate_from_v3(void **state)
{
	struct fx *f = *state;
	const char *before;
	int64_t max;

	base(f);
	max = last_run(f);
	before = dump(f, max);
	OK(db_exec(f->db,
	    "DROP VIEW grant_row; DROP TABLE meta; PRAGMA user_version = 3",
	    &e_));
	/* no meta table (yet): not out of date, and no failure */
	assert_int_equal(finding_stale(f->db), 0);
	reopen(f);
	assert_int_equal(db_schema_version(f->db), DB_SCHEMA_VERSION);
	assert_string_equal(dump(f, max), before);
	assert_string_equal(q(f, "SELECT count(*) FROM meta"), "0");
	assert_int_equal(finding_stale(f->db), 0);
	OK(finding_mark_stale(f->db, &e_));
	assert_int_equal(finding_stale(f->db), 1);
	reopen(f);
	assert_int_equal(finding_stale(f->db), 1);
}

/*
 * A sync commits its run row on its own, so it refuses to start inside a
 * transaction someone else holds open, and leaves that one alone.
 */
static void
test_sink_not_in_transaction(void **state)
{
	struct fx *f = *state;
	struct sink *s = NULL;
	struct err e = ERR_INIT;

	OK(db_exec(f->db, "BEGIN IMMEDIATE", &e_));
	OK(db_exec(f->db,
	    "INSERT INTO meta (key, value) VALUES ('probe', 'mine')", &e_));
	assert_int_equal(sink_open(f->db, "corp", "ad", &s, &e), PARC_EDB);
	assert_null(s);
	assert_non_null(strstr(e.msg, "sync corp: a snapshot cannot be taken"));
	OK(db_exec(f->db, "ROLLBACK", &e_));
	assert_string_equal(q(f,
				"SELECT count(*) FROM meta WHERE key ="
				" 'probe'"),
	    "0");
	assert_string_equal(q(f, "SELECT count(*) FROM source"), "0");
}

/* A commit hook that writes, then fails when arg says so. */
static int
hook(struct db *db, const struct sink_stats *st, void *arg, struct err *e)
{
	int *fail = arg;

	if (db_exec(db,
		"UPDATE source SET kind = kind || '+hooked' WHERE name ="
		" 'corp'",
		e) != 0)
		return PARC_EDB;
	if (*fail)
		return err_set(e, PARC_EDB, "audit: run %lld not chained",
		    (long long)st->run_id);
	return 0;
}

/*
 * What sink_on_commit() adds commits with the snapshot or not at all,
 * and the run's "ok" with them.
 */
static void
test_commit_hook(void **state)
{
	struct fx *f = *state;
	const char *before;
	struct sink *s;
	char msg[PATH_MAX + 64], row[PATH_MAX + 80];
	int64_t max;
	int fail = 1;

	base(f);
	max = last_run(f);
	before = dump(f, max);

	s = sopen(f, "corp", "ad");
	emit_changes(s);
	sink_on_commit(s, hook, &fail);
	snprintf(msg, sizeof(msg), "audit: run %lld not chained",
	    (long long)max + 1);
	commit_fails(s, PARC_EDB, msg);
	assert_string_equal(dump(f, max), before);
	assert_string_equal(q(f, "SELECT kind FROM source WHERE name = 'corp'"),
	    "ad");
	snprintf(row, sizeof(row), "failed|%s|1", msg);
	assert_last_run(f, "corp", row);
	/* what the rolled back merge counted did not happen */
	assert_string_equal(qf(f,
				"SELECT grants, added, removed FROM sync_run"
				" WHERE id = %lld",
				(long long)max + 1),
	    "0|0|0");

	fail = 0;
	s = sopen(f, "corp", "ad");
	emit_changes(s);
	sink_on_commit(s, hook, &fail);
	commit(s);
	assert_string_not_equal(dump(f, max), before);
	assert_string_equal(q(f, "SELECT kind FROM source WHERE name = 'corp'"),
	    "ad+hooked");
	assert_string_equal(q(f,
				"SELECT last_run_id = (SELECT max(id) FROM"
				" sync_run) FROM source WHERE name = 'corp'"),
	    "1");

	/*
	 * The run's "ok" that cannot be written: the snapshot does not
	 * commit without it (it would be marked interrupted next time).
	 */
	OK(db_exec(f->db, "UPDATE source SET kind = 'ad' WHERE name = 'corp'",
	    &e_));
	max = last_run(f);
	before = dump(f, max);
	OK(db_exec(f->db,
	    "CREATE TEMP TRIGGER no_ok BEFORE UPDATE OF status ON"
	    " main.sync_run WHEN NEW.status = 'ok' BEGIN SELECT"
	    " RAISE(ABORT, 'disk full'); END",
	    &e_));
	s = sopen(f, "corp", "ad");
	emit_changes(s);
	snprintf(msg, sizeof(msg),
	    "database %s: record the run's end: disk"
	    " full",
	    f->path);
	commit_fails(s, PARC_EDB, msg);
	OK(db_exec(f->db, "DROP TRIGGER temp.no_ok", &e_));
	assert_string_equal(dump(f, max), before);
	snprintf(row, sizeof(row), "failed|%s|1", msg);
	assert_last_run(f, "corp", row);
	assert_string_equal(q(f,
				"SELECT last_run_id = (SELECT max(id) FROM"
				" sync_run) FROM source WHERE name = 'corp'"),
	    "0");
}

/*
 * A source's hint (sink_hint_set) commits with its snapshot: a failed
 * commit or an abort leaves none, a good one keeps it for the next pull
 * of that source only, with the time it was set.
 */
static void
test_sink_hint(void **state)
{
	struct fx *f = *state;
	struct sink *s;
	long v = -1;
	int64_t at = -1, t0 = (int64_t)time(NULL);
	struct err e = ERR_INIT;
	int fail = 1;

	base(f);
	s = sopen(f, "corp", "ad");
	assert_int_equal(sink_hint_get(s, "ad.paged", &v, &at, &e), 0);
	emit_changes(s);
	OK(sink_hint_set(s, "ad.paged", 1, &e_));
	sink_on_commit(s, hook, &fail);
	assert_int_equal(sink_commit(s, NULL, &e), PARC_EDB);
	assert_string_equal(q(f,
				"SELECT count(*) FROM meta WHERE key LIKE"
				" 'hint:%'"),
	    "0");

	s = sopen(f, "corp", "ad");
	OK(sink_hint_set(s, "ad.paged", 1, &e_));
	sink_abort(s, "pull failed");
	assert_string_equal(q(f,
				"SELECT count(*) FROM meta WHERE key LIKE"
				" 'hint:%'"),
	    "0");

	/* a later good commit does not pick up the failed runs' hints */
	s = sopen(f, "corp", "ad");
	emit_changes(s);
	commit(s);
	assert_string_equal(q(f,
				"SELECT count(*) FROM meta WHERE key LIKE"
				" 'hint:%'"),
	    "0");

	s = sopen(f, "corp", "ad");
	emit_changes(s);
	OK(sink_hint_set(s, "ad.paged", 1, &e_));
	commit(s);
	assert_string_equal(q(f,
				"SELECT count(*) FROM meta WHERE key ="
				" 'hint:corp:ad.paged'"),
	    "1");
	s = sopen(f, "corp", "ad");
	assert_int_equal(sink_hint_get(s, "ad.paged", &v, &at, &e), 1);
	assert_int_equal(v, 1);
	assert_true(at >= t0 && at <= (int64_t)time(NULL));
	assert_int_equal(sink_hint_get(s, "other", &v, &at, &e), 0);
	sink_abort(s, NULL);
	/* another source has none */
	s = sopen(f, "hr", "csv");
	assert_int_equal(sink_hint_get(s, "ad.paged", &v, &at, &e), 0);
	sink_abort(s, NULL);
}

/* Each commit that must fail: records, then the exact message. */
static void
test_commit_reference_errors(void **state)
{
	struct fx *f = *state;
	const char *before;
	struct sink *s;
	int64_t max;

	base(f);
	max = last_run(f);
	before = dump(f, max);

	/* a membership naming an account the source does not have */
	s = sopen(f, "corp", "ad");
	emit_changes(s);
	put_m(s, A("ghost"), G("Admins"));
	commit_fails(s, PARC_EDATA,
	    "source corp: acct:ghost is a member of grp:Admins but is not an "
	    "account or group of the source");
	assert_string_equal(dump(f, max), before);
	assert_last_run(f, "corp",
	    "failed|source corp: acct:ghost is a member of grp:Admins but is "
	    "not an account or group of the source|1");

	/* a member of something that is not a group */
	s = sopen(f, "corp", "ad");
	emit_changes(s);
	put_m(s, A("mallory"), A("alice"));
	commit_fails(s, PARC_EDATA,
	    "source corp: acct:alice has member acct:mallory but is not a "
	    "group of the source");

	/* an assignment to nobody */
	s = sopen(f, "corp", "ad");
	emit_changes(s);
	put_a(s, A("ghost"), N("root"));
	commit_fails(s, PARC_EDATA,
	    "source corp: acct:ghost is assigned ent:root but is not an "
	    "account or group of the source");

	/* an assignment of nothing */
	s = sopen(f, "corp", "ad");
	emit_changes(s);
	put_a(s, A("mallory"), N("nothing"));
	commit_fails(s, PARC_EDATA,
	    "source corp: entitlement ent:nothing (assigned to acct:mallory) "
	    "is not an entitlement of the source");

	/* of two, the first staged is named (ent:zz before ent:aa) */
	s = sopen(f, "corp", "ad");
	emit_changes(s);
	put_a(s, A("mallory"), N("zz"));
	put_a(s, A("ghost2"), N("root"));
	put_a(s, A("mallory"), N("aa"));
	put_a(s, A("ghost1"), N("root"));
	commit_fails(s, PARC_EDATA,
	    "source corp: acct:ghost2 is assigned ent:root but is not an "
	    "account or group of the source");
	s = sopen(f, "corp", "ad");
	emit_changes(s);
	put_a(s, A("mallory"), N("zz"));
	put_a(s, A("mallory"), N("aa"));
	put_a(s, A("mallory"), N("zz"));
	commit_fails(s, PARC_EDATA,
	    "source corp: entitlement ent:zz (assigned to acct:mallory) "
	    "is not an entitlement of the source");

	/* an entitlement whose group is an account */
	s = sopen(f, "corp", "ad");
	emit_changes(s);
	put_e(s,
	    (struct rec_entitlement){ .ext_id = N("odd"),
		.name = "odd",
		.tier = 0,
		.group_ext_id = A("alice") });
	commit_fails(s, PARC_EDATA,
	    "source corp: acct:alice is the group of entitlement ent:odd but "
	    "is not a group of the source");

	/* a reference to another source's account is unknown here */
	s = sopen(f, "corp", "ad");
	emit_changes(s);
	put_a(s, A("zed"), N("root"));
	commit_fails(s, PARC_EDATA,
	    "source corp: acct:zed is assigned ent:root but is not an account "
	    "or group of the source");

	assert_string_equal(dump(f, max), before);
	assert_string_equal(qf(f,
				"SELECT group_concat(status) FROM sync_run"
				" WHERE id > %lld",
				(long long)max),
	    "failed,failed,failed,failed,failed,failed,failed,failed");
}

static void
test_emit_errors(void **state)
{
	struct fx *f = *state;
	const char *before;
	struct sink *s;
	struct err e = ERR_INIT;
	struct rec_principal p;
	struct rec_entitlement n;
	struct rec_assignment a;
	int64_t max;

	base(f);
	max = last_run(f);
	before = dump(f, max);
	s = sopen(f, "corp", "ad");
	emit_changes(s);

	/* a duplicate external id */
	assert_int_equal(sink_principal(s, &ACCT("alice"), &e), PARC_EDATA);
	assert_string_equal(e.msg, "source corp: duplicate account acct:alice");
	p = GROUP("alice");
	p.ext_id = A("mallory");
	assert_int_equal(sink_principal(s, &p, &e), PARC_EDATA);
	assert_string_equal(e.msg,
	    "source corp: duplicate account acct:mallory");
	n = ENT("root", 2);
	assert_int_equal(sink_entitlement(s, &n, &e), PARC_EDATA);
	assert_string_equal(e.msg,
	    "source corp: duplicate entitlement ent:root");

	/* text that is not UTF-8, or that would drive a terminal */
	p = ACCT("x");
	p.name = "al\xffice";
	assert_int_equal(sink_principal(s, &p, &e), PARC_EDATA);
	assert_string_equal(e.msg,
	    "source corp: account acct:x: name is not valid UTF-8");
	p = ACCT("x");
	p.display_name = "Alice \xc2\x9b"
			 "2J"; /* C1 CSI: clears a screen */
	assert_int_equal(sink_principal(s, &p, &e), PARC_EDATA);
	assert_string_equal(e.msg,
	    "source corp: account acct:x: display name is not valid UTF-8");
	p = ACCT("x");
	p.ext_id = "S-1-\xc0\xaf";
	assert_int_equal(sink_principal(s, &p, &e), PARC_EDATA);
	assert_string_equal(e.msg,
	    "source corp: account ?: external id is not valid UTF-8");
	n = ENT("x", 1);
	n.reason = "\xed\xa0\x80"; /* a surrogate */
	assert_int_equal(sink_entitlement(s, &n, &e), PARC_EDATA);
	assert_string_equal(e.msg,
	    "source corp: entitlement ent:x: reason is not valid UTF-8");
	assert_int_equal(sink_membership(s, A("mallory"), "grp:\x80", &e),
	    PARC_EDATA);
	assert_string_equal(e.msg,
	    "source corp: membership acct:mallory: group is not valid UTF-8");

	/* required fields and closed lists */
	p = ACCT("x");
	p.name = NULL;
	assert_int_equal(sink_principal(s, &p, &e), PARC_EDATA);
	assert_string_equal(e.msg, "source corp: account without name");
	p = ACCT("x");
	p.ext_id = "";
	assert_int_equal(sink_principal(s, &p, &e), PARC_EDATA);
	assert_string_equal(e.msg, "source corp: account without external id");
	p = ACCT("x");
	p.kind = "robot";
	assert_int_equal(sink_principal(s, &p, &e), PARC_EDATA);
	assert_string_equal(e.msg,
	    "source corp: account acct:x: unknown kind 'robot'");
	p = ACCT("x");
	p.attrs = "{\"a\":";
	assert_int_equal(sink_principal(s, &p, &e), PARC_EDATA);
	assert_string_equal(e.msg,
	    "source corp: account acct:x: attributes are not valid JSON");
	n = ENT("x", 4);
	assert_int_equal(sink_entitlement(s, &n, &e), PARC_EDATA);
	assert_string_equal(e.msg,
	    "source corp: entitlement ent:x: tier 4 is not 0..3");
	a = (struct rec_assignment){ .principal_ext_id = A("mallory"),
		.entitlement_ext_id = N("root"),
		.state = "pending" };
	assert_int_equal(sink_assignment(s, &a, &e), PARC_EDATA);
	assert_string_equal(e.msg,
	    "source corp: assignment of ent:root to acct:mallory: state must "
	    "be active or eligible");
	assert_int_equal(sink_membership(s, NULL, G("Admins"), &e), PARC_EDATA);
	assert_string_equal(e.msg, "source corp: membership without member");
	assert_int_equal(sink_identity(s,
			     &(struct rec_identity){ .employee_id = "E7",
				 .status = "gone" },
			     &e),
	    PARC_EDATA);
	assert_string_equal(e.msg,
	    "source corp: person E7: status must be active or terminated");

	/* the connector gives up on the pull: nothing of it stays */
	sink_abort(s, e.msg);
	assert_string_equal(dump(f, max), before);
	assert_last_run(f, "corp",
	    "failed|source corp: person E7: status must be active or "
	    "terminated|1");
}

/* Names in any script are kept byte for byte. */
static void
test_utf8_names_kept(void **state)
{
	struct fx *f = *state;
	struct sink *s = sopen(f, "corp", "ad");
	struct rec_principal p = ACCT("zoe");

	p.name = "Zoë Šimić-日本";
	put_p(s, &p);
	p = ACCT("odd");
	p.name = "o\"neil\\x";
	put_p(s, &p);
	put_e(s, ENT("Администраторы", 0));
	put_a(s, A("zoe"), N("Администраторы"));
	put_a(s, A("odd"), N("Администраторы"));
	commit(s);
	assert_string_equal(q(f,
				"SELECT path FROM effective_grant ORDER BY id"),
	    "[\"Zoë Šimić-日本\",\"Администраторы\"]\n"
	    "[\"o\\\"neil\\\\x\",\"Администраторы\"]");
	assert_string_equal(q(f,
				"SELECT json_extract(path, '$[0]') FROM"
				" effective_grant ORDER BY id"),
	    "Zoë Šimić-日本\no\"neil\\x");
}

struct shown {
	const char *source;
	char buf[256];
};

static int
shown_row(const struct db_source_row *row, void *arg)
{
	struct shown *sh = arg;

	if (strcmp(row->name, sh->source) == 0)
		snprintf(sh->buf, sizeof(sh->buf), "%s|%s",
		    row->last_status ? row->last_status : "NULL",
		    row->last_error ? row->last_error : "NULL");
	return 0;
}

/*
 * What parc sources says of source's last run: "status|error", in static
 * storage until the next call.
 */
static const char *
shown_status(struct fx *f, const char *source)
{
	static struct shown sh;
	struct err e = ERR_INIT;

	sh.source = source;
	sh.buf[0] = '\0';
	if (db_sources(f->db, shown_row, &sh, &e) != 0)
		fail_msg("db_sources: %s", e.msg);
	return sh.buf;
}

/*
 * A pull still running (another connection, as another process would
 * have) shows "running", and a second pull of the same source started
 * meanwhile leaves it so.
 */
static void
test_live_pull(void **state)
{
	struct fx *f = *state;
	struct db *other;
	struct err e = ERR_INIT;
	struct sink *live, *s;
	int64_t max;

	base(f);
	max = last_run(f);
	assert_int_equal(db_open(&other, f->path, 0, &e), 0);
	assert_int_equal(sink_open(other, "corp", "ad", &live, &e), 0);
	assert_string_equal(shown_status(f, "corp"), "running|NULL");
	s = sopen(f, "corp", "ad");
	assert_string_equal(qf(f, "SELECT status FROM sync_run WHERE id = %lld",
				(long long)max + 1),
	    "running");
	sink_abort(s, "second pull");
	sink_abort(live, "done");
	db_close(other);
	assert_string_equal(qf(f, "SELECT status FROM sync_run WHERE id = %lld",
				(long long)max + 1),
	    "failed");
}

/*
 * A pull killed half way (a child process that emits and is killed with
 * SIGKILL: no commit, no abort, no clean-up) leaves the data as it was, and
 * the next pull of the source marks that run interrupted.
 */
static void
test_killed_pull(void **state)
{
	struct fx *f = *state;
	const char *before;
	struct sink *s;
	int64_t max;
	pid_t pid;
	int status;

	base(f);
	max = last_run(f);
	before = dump(f, max);
	/* no connection may cross a fork */
	db_close(f->db);
	f->db = NULL;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct db *db;
		struct sink *ks;
		struct err e = ERR_INIT;
		struct rec_principal r = ACCT("mallory");

		if (db_open(&db, f->path, 0, &e) != 0 ||
		    sink_open(db, "corp", "ad", &ks, &e) != 0 ||
		    sink_principal(ks, &r, &e) != 0 ||
		    sink_membership(ks, A("mallory"), G("Admins"), &e) != 0)
			_exit(3);
		raise(SIGKILL);
		_exit(4);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);

	reopen(f);
	assert_string_equal(dump(f, max), before);
	assert_int_equal(last_run(f), max + 1);
	assert_last_run(f, "corp", "running|NULL|0");
	/* parc sources already says so: nobody holds the run's lock */
	assert_string_equal(shown_status(f, "corp"),
	    "interrupted|the pull stopped before it finished (process "
	    "killed?)");

	/* the next pull of corp finds the run dead */
	s = sopen(f, "corp", "ad");
	assert_string_equal(qf(f,
				"SELECT status, error, finished_at FROM"
				" sync_run WHERE id = %lld",
				(long long)max + 1),
	    "interrupted|the pull stopped before it finished (process "
	    "killed?)|NULL");
	emit_changes(s);
	commit(s);
	assert_last_run(f, "corp", "ok|NULL|1");
	assert_string_equal(q(f,
				"SELECT count(*) FROM principal WHERE"
				" name = 'mallory'"),
	    "1");
}

/*
 * A commit that fails half way through the merge (here a trigger refuses
 * the grants, after accounts, groups and memberships were already written)
 * rolls all of it back.
 */
static void
test_failed_merge(void **state)
{
	struct fx *f = *state;
	const char *before;
	struct sink *s;
	char want[PATH_MAX + 64];
	int64_t max;

	base(f);
	max = last_run(f);
	before = dump(f, max);
	OK(db_exec(f->db,
	    "CREATE TEMP TRIGGER boom BEFORE INSERT ON main.effective_grant"
	    " BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
	    &e_));
	s = sopen(f, "corp", "ad");
	emit_changes(s);
	snprintf(want, sizeof(want),
	    "database %s: merge snapshot: disk on fire", f->path);
	commit_fails(s, PARC_EDB, want);
	OK(db_exec(f->db, "DROP TRIGGER temp.boom", &e_));
	assert_string_equal(dump(f, max), before);
	assert_string_equal(qf(f,
				"SELECT status, error FROM sync_run WHERE"
				" id = %lld",
				(long long)max + 1),
	    qf(f, "SELECT 'failed|' || '%s'", want));
	/* the connection is usable, and the next pull goes through */
	s = sopen(f, "corp", "ad");
	emit_changes(s);
	commit(s);
	assert_string_equal(q(f,
				"SELECT name, enabled FROM principal WHERE"
				" ext_id = 'acct:alice' AND source_id ="
				" (SELECT id FROM source WHERE name = 'corp')"),
	    "alice|0");
}

static void
die_now(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	raise(SIGKILL);
}

/*
 * The process is killed inside the merge transaction, with part of the new
 * snapshot written (spilled to the WAL by a tiny page cache): the next
 * opener sees the previous snapshot whole.
 */
static void
test_killed_mid_commit(void **state)
{
	struct fx *f = *state;
	const char *before;
	int64_t max;
	pid_t pid;
	int status;

	base(f);
	max = last_run(f);
	before = dump(f, max);
	db_close(f->db);
	f->db = NULL;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct db *db;
		struct sink *ks;
		struct err e = ERR_INIT;
		char name[32], ext[32];
		int i;

		if (db_open(&db, f->path, 0, &e) != 0 ||
		    sqlite3_create_function(db->conn, "test_die", 0,
			SQLITE_UTF8, NULL, die_now, NULL, NULL) != SQLITE_OK ||
		    db_exec(db,
			"PRAGMA cache_size = 1;"
			"CREATE TEMP TRIGGER die BEFORE INSERT ON"
			" main.effective_grant BEGIN SELECT test_die(); END",
			&e) != 0 ||
		    sink_open(db, "corp", "ad", &ks, &e) != 0)
			_exit(3);
		emit_changes(ks);
		for (i = 0; i < 2000; i++) {
			snprintf(name, sizeof(name), "user%04d", i);
			snprintf(ext, sizeof(ext), "acct:user%04d", i);
			if (sink_principal(ks,
				&(struct rec_principal){ .ext_id = ext,
				    .name = name,
				    .enabled = 1,
				    .mfa = -1 },
				&e) != 0)
				_exit(4);
		}
		sink_commit(ks, NULL, &e);
		_exit(5); /* the trigger should have killed us */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);

	reopen(f);
	assert_string_equal(dump(f, max), before);
	assert_string_equal(q(f, "PRAGMA integrity_check"), "ok");
	assert_last_run(f, "corp", "running|NULL|0");
	{
		struct sink *s = sopen(f, "corp", "ad");

		sink_allow_empty(s);
		commit(s);
	}
	assert_string_equal(qf(f, "SELECT status FROM sync_run WHERE id = %lld",
				(long long)max + 1),
	    "interrupted");
}

/* ---- nested groups ---- */

static void
sync_nested(struct fx *f)
{
	struct sink *s = sopen(f, "ad", "ad");
	struct rec_principal frank = ACCT("frank");
	char ext[32], next[32], name[16];
	int i;

	frank.enabled = 0;
	/* alice -> G1 -> G2 -> G3, and G3 is itself an entitlement */
	put_acct(s, ACCT("alice"));
	put_acct(s, GROUP("G1"));
	put_acct(s, GROUP("G2"));
	put_acct(s, GROUP("G3"));
	put_m(s, A("alice"), G("G1"));
	put_m(s, G("G1"), G("G2"));
	put_m(s, G("G2"), G("G3"));
	put_e(s, GENT("G3", 0));
	/* a disabled account in G1 */
	put_p(s, &frank);
	put_m(s, A("frank"), G("G1"));
	/* bob holds E directly */
	put_acct(s, ACCT("bob"));
	put_e(s, ENT("E", 1));
	put_a(s, A("bob"), N("E"));
	/* carol in a cycle C1 -> C2 -> C1, C2 an entitlement */
	put_acct(s, ACCT("carol"));
	put_acct(s, GROUP("C1"));
	put_acct(s, GROUP("C2"));
	put_m(s, A("carol"), G("C1"));
	put_m(s, G("C1"), G("C2"));
	put_m(s, G("C2"), G("C1"));
	put_e(s, GENT("C2", 0));
	/* dave: a diamond, dave -> A -> C and dave -> B -> D -> C */
	put_acct(s, ACCT("dave"));
	put_acct(s, GROUP("B"));
	put_acct(s, GROUP("D"));
	put_acct(s, GROUP("A"));
	put_acct(s, GROUP("C"));
	put_m(s, A("dave"), G("B"));
	put_m(s, G("B"), G("D"));
	put_m(s, G("D"), G("C"));
	put_m(s, A("dave"), G("A"));
	put_m(s, G("A"), G("C"));
	put_e(s, GENT("C", 0));
	/* erin: a rule assigned to a group she is in */
	put_acct(s, ACCT("erin"));
	put_acct(s, GROUP("Ops"));
	put_m(s, A("erin"), G("Ops"));
	put_e(s, ENT("sudo ALL on web1", 0));
	put_a(s, G("Ops"), N("sudo ALL on web1"));
	/* deep: twenty groups down */
	put_acct(s, ACCT("deep"));
	snprintf(next, sizeof(next), A("deep"));
	for (i = 1; i <= 20; i++) {
		snprintf(name, sizeof(name), "N%d", i);
		snprintf(ext, sizeof(ext), "grp:N%d", i);
		put_p(s,
		    &(struct rec_principal){ .ext_id = ext,
			.name = name,
			.kind = "group",
			.enabled = -1,
			.mfa = -1 });
		put_m(s, next, ext);
		snprintf(next, sizeof(next), "%s", ext);
	}
	put_e(s,
	    (struct rec_entitlement){ .ext_id = N("N20"),
		.name = "N20",
		.tier = 0,
		.group_ext_id = "grp:N20" });
	commit(s);
}

/*
 * A dense nesting: 14 levels of 4 groups, each group a member of all four
 * groups of the level above. Following every path would walk 4^14 (268
 * million) of them; the expansion must finish at once with the shortest
 * path, the same one at every sync.
 */
static void
test_dense_nesting(void **state)
{
	struct fx *f = *state;
	char ext[32], up[32], name[16];
	const char *first;
	struct sink *s;
	int level, i, j, round;

	for (round = 0; round < 2; round++) {
		s = sopen(f, "dense", "ad");
		put_acct(s, ACCT("zed"));
		for (level = 0; level < 14; level++)
			for (i = 0; i < 4; i++) {
				snprintf(name, sizeof(name), "L%02dg%d", level,
				    i);
				snprintf(ext, sizeof(ext), "grp:%s", name);
				put_p(s,
				    &(struct rec_principal){ .ext_id = ext,
					.name = name,
					.kind = "group",
					.enabled = -1,
					.mfa = -1 });
			}
		for (i = 0; i < 4; i++) {
			snprintf(ext, sizeof(ext), "grp:L00g%d", i);
			put_m(s, A("zed"), ext);
		}
		for (level = 0; level < 13; level++)
			for (i = 0; i < 4; i++)
				for (j = 0; j < 4; j++) {
					snprintf(ext, sizeof(ext),
					    "grp:L%02dg%d", level, i);
					snprintf(up, sizeof(up), "grp:L%02dg%d",
					    level + 1, j);
					put_m(s, ext, up);
				}
		put_e(s,
		    (struct rec_entitlement){ .ext_id = N("top"),
			.name = "L13g3",
			.tier = 0,
			.group_ext_id = "grp:L13g3" });
		commit(s);
		first = q(f,
		    "SELECT g.depth || ' ' || g.path FROM effective_grant g"
		    " JOIN source s ON s.id = g.source_id"
		    " WHERE s.name = 'dense'");
		assert_string_equal(first,
		    "14 [\"zed\",\"L00g0\",\"L01g0\",\"L02g0\",\"L03g0\","
		    "\"L04g0\",\"L05g0\",\"L06g0\",\"L07g0\",\"L08g0\","
		    "\"L09g0\",\"L10g0\",\"L11g0\",\"L12g0\",\"L13g3\"]");
	}
}

/*
 * Deep chains: an account under 65 and 10,000 nested groups, the last a
 * tier-0 entitlement whose group is nested back into the first (a cycle).
 * Nesting deeper than any cap must still give the grant, at its depth.
 */
static void
test_deep_nesting(void **state)
{
	static const int depths[] = { 65, 10000 };
	struct fx *f = *state;
	char ext[32], up[32], name[16], ent[32], want[64];
	struct sink *s;
	size_t k;
	int i;

	for (k = 0; k < sizeof(depths) / sizeof(depths[0]); k++) {
		s = sopen(f, depths[k] == 65 ? "deep65" : "deep10k", "ldif");
		put_acct(s, ACCT("eve"));
		for (i = 1; i <= depths[k]; i++) {
			snprintf(name, sizeof(name), "D%d", i);
			snprintf(ext, sizeof(ext), "grp:D%d", i);
			put_p(s,
			    &(struct rec_principal){ .ext_id = ext,
				.name = name,
				.kind = "group",
				.enabled = -1,
				.mfa = -1 });
		}
		put_m(s, A("eve"), "grp:D1");
		for (i = 1; i < depths[k]; i++) {
			snprintf(ext, sizeof(ext), "grp:D%d", i);
			snprintf(up, sizeof(up), "grp:D%d", i + 1);
			put_m(s, ext, up);
		}
		put_m(s, up, "grp:D1"); /* the cycle back to the top */
		snprintf(ent, sizeof(ent), "grp:D%d", depths[k]);
		put_e(s,
		    (struct rec_entitlement){ .ext_id = N("Domain Admins"),
			.name = "Domain Admins",
			.tier = 0,
			.group_ext_id = ent });
		commit(s);
		snprintf(want, sizeof(want), "%d|%d", depths[k], depths[k] + 1);
		assert_string_equal(qf(f,
					"SELECT g.depth || '|' ||"
					" json_array_length(g.path)"
					" FROM effective_grant g JOIN source s"
					" ON s.id = g.source_id"
					" WHERE s.name = '%s'",
					depths[k] == 65 ? "deep65" : "deep10k"),
		    want);
	}
}

/*
 * A first load numbers its grants nearest first, then by account and
 * entitlement: the direct ones, then those one group away, then two,
 * whether the groups nest a few levels (a scan per depth) or deeper
 * than that (one sorted pass).
 */
static void
test_nested_grant_ids(void **state)
{
	struct fx *f = *state;
	static const char ids_sql[] =
	    "SELECT group_concat(x, ' ') FROM (SELECT p.name || ':' ||"
	    " n.name || ':' || g.depth AS x FROM effective_grant g"
	    " JOIN principal p ON p.id = g.account_id"
	    " JOIN entitlement n ON n.id = g.entitlement_id"
	    " JOIN source s ON s.id = g.source_id WHERE s.name = '%s'"
	    " ORDER BY g.id)";
	char ext[32], next[32], name[16];
	struct sink *s;
	int i, deep;

	for (deep = 0; deep < 2; deep++) {
		s = sopen(f, deep ? "deeper" : "shallow", "ad");
		put_acct(s, ACCT("p"));
		put_acct(s, ACCT("q"));
		put_acct(s, ACCT("r"));
		put_acct(s, ACCT("s"));
		put_acct(s, GROUP("G1"));
		put_acct(s, GROUP("G2"));
		put_m(s, A("p"), G("G2"));
		put_m(s, A("q"), G("G1"));
		put_m(s, A("r"), G("G2"));
		put_m(s, G("G2"), G("G1"));
		put_e(s, GENT("G1", 0));
		put_e(s, GENT("G2", 1));
		put_e(s, ENT("E", 1));
		put_a(s, A("s"), N("E"));
		/* the deeper source: s also at the end of a chain of five */
		snprintf(next, sizeof(next), A("s"));
		for (i = 1; deep && i <= 5; i++) {
			snprintf(name, sizeof(name), "K%d", i);
			snprintf(ext, sizeof(ext), "grp:K%d", i);
			put_p(s,
			    &(struct rec_principal){ .ext_id = ext,
				.name = name,
				.kind = "group",
				.enabled = -1,
				.mfa = -1 });
			put_m(s, next, ext);
			snprintf(next, sizeof(next), "%s", ext);
		}
		if (deep)
			put_e(s,
			    (struct rec_entitlement){ .ext_id = N("K5"),
				.name = "K5",
				.tier = 0,
				.group_ext_id = "grp:K5" });
		commit(s);
		assert_string_equal(qf(f, ids_sql, deep ? "deeper" : "shallow"),
		    deep ? "s:E:0 p:G2:1 q:G1:1 r:G2:1 p:G1:2 r:G1:2 s:K5:5"
			 : "s:E:0 p:G2:1 q:G1:1 r:G2:1 p:G1:2 r:G1:2");
	}
}

static const char path_sql[] =
    "SELECT p.name, n.name, g.depth, g.path FROM effective_grant g"
    " JOIN principal p ON p.id = g.account_id"
    " JOIN entitlement n ON n.id = g.entitlement_id"
    " WHERE p.name = '%s' ORDER BY n.name";

static void
test_nested_groups(void **state)
{
	struct fx *f = *state;
	struct sb want = SB_INIT;
	int i;

	sync_nested(f);
	assert_string_equal(qf(f, path_sql, "alice"),
	    "alice|G3|3|[\"alice\",\"G1\",\"G2\",\"G3\"]");
	assert_string_equal(qf(f, path_sql, "bob"), "bob|E|0|[\"bob\",\"E\"]");
	/* the cycle ends, and carol holds C2 once */
	assert_string_equal(qf(f, path_sql, "carol"),
	    "carol|C2|2|[\"carol\",\"C1\",\"C2\"]");
	/* the shorter way through the diamond */
	assert_string_equal(qf(f, path_sql, "dave"),
	    "dave|C|2|[\"dave\",\"A\",\"C\"]");
	assert_string_equal(qf(f, path_sql, "erin"),
	    "erin|sudo ALL on web1|1|[\"erin\",\"Ops\",\"sudo ALL on web1\"]");
	/* disabled accounts keep their access: it is what a review must see */
	assert_string_equal(qf(f, path_sql, "frank"),
	    "frank|G3|3|[\"frank\",\"G1\",\"G2\",\"G3\"]");
	sb_adds(&want, "deep|N20|20|[\"deep\"");
	for (i = 1; i <= 20; i++)
		sb_addf(&want, ",\"N%d\"", i);
	sb_adds(&want, "]");
	assert_string_equal(qf(f, path_sql, "deep"), want.buf);
	sb_release(&want);
	/* groups hold nothing themselves; every grant is listed above */
	assert_string_equal(q(f,
				"SELECT count(*) FROM effective_grant g JOIN"
				" principal p ON p.id = g.account_id WHERE"
				" p.kind = 'group'"),
	    "0");
	assert_string_equal(q(f, "SELECT count(*) FROM effective_grant"), "7");
	/* a grant through a group-entitlement has no assignment */
	assert_string_equal(q(f,
				"SELECT p.name, g.assignment_id IS NULL FROM"
				" effective_grant g JOIN principal p ON"
				" p.id = g.account_id WHERE p.name IN"
				" ('alice', 'bob', 'erin') ORDER BY 1"),
	    "alice|1\nbob|0\nerin|0");
}

/* The same grant through an assignment and a group: the shorter wins. */
static void
test_shortest_of_two_anchors(void **state)
{
	struct fx *f = *state;
	struct sink *s = sopen(f, "ad", "ad");

	put_acct(s, ACCT("gina"));
	put_acct(s, GROUP("X"));
	put_acct(s, GROUP("Admins"));
	put_m(s, A("gina"), G("X"));
	put_m(s, G("X"), G("Admins"));
	put_e(s, GENT("Admins", 0));
	put_a(s, A("gina"), N("Admins"));
	commit(s);
	assert_string_equal(qf(f, path_sql, "gina"),
	    "gina|Admins|0|[\"gina\",\"Admins\"]");
}

/* ---- grant history ---- */

static struct sink_stats
sync_grants(struct fx *f, const char *const *pairs)
{
	struct sink *s = sopen(f, "corp", "ad");
	char ext[64];
	size_t i;

	put_acct(s, ACCT("ann"));
	put_acct(s, ACCT("ben"));
	put_acct(s, ACCT("cat"));
	put_e(s, ENT("A", 0));
	put_e(s, ENT("B", 1));
	put_e(s, ENT("C", 2));
	for (i = 0; pairs[i] != NULL; i += 2) {
		snprintf(ext, sizeof(ext), "ent:%s", pairs[i + 1]);
		put_a(s, pairs[i], ext);
	}
	return commit(s);
}

static const char history_sql[] =
    "SELECT change, account_ext_id, account, entitlement_ext_id,"
    " entitlement, path FROM grant_history_all WHERE run_id = %lld"
    " ORDER BY change, account";

static int
source_row(const struct db_source_row *r, void *arg)
{
	sb_addf(arg, "%s|%s|%s|%s|%lld|%lld|%lld|%lld|%lld|%lld|%lld\n",
	    r->name, r->kind, r->last_status ? r->last_status : "-",
	    r->last_error ? r->last_error : "-", (long long)r->principals,
	    (long long)r->memberships, (long long)r->entitlements,
	    (long long)r->assignments, (long long)r->grants,
	    (long long)r->added, (long long)r->removed);
	return 0;
}

static void
test_grant_history(void **state)
{
	static const char *const ab[] = { A("ann"), "A", A("ben"), "B", NULL };
	static const char *const bc[] = { A("ben"), "B", A("cat"), "C", NULL };
	struct fx *f = *state;
	struct sink_stats st;
	struct sb sources = SB_INIT;
	struct err e = ERR_INIT;
	struct sink *s;
	struct rec_principal ben;
	struct rec_entitlement bee;
	int64_t first;

	st = sync_grants(f, ab);
	first = st.run_id;
	assert_int_equal(st.added, 2);
	assert_int_equal(st.removed, 0);
	assert_string_equal(qf(f, history_sql, (long long)st.run_id),
	    "added|acct:ann|ann|ent:A|A|[\"ann\",\"A\"]\n"
	    "added|acct:ben|ben|ent:B|B|[\"ben\",\"B\"]");

	st = sync_grants(f, bc);
	assert_int_equal(st.grants, 2);
	assert_int_equal(st.added, 1);
	assert_int_equal(st.removed, 1);
	assert_string_equal(qf(f, history_sql, (long long)st.run_id),
	    "added|acct:cat|cat|ent:C|C|[\"cat\",\"C\"]\n"
	    "removed|acct:ann|ann|ent:A|A|[\"ann\",\"A\"]");
	assert_string_equal(qf(f,
				"SELECT status, grants, added, removed,"
				" principals, entitlements, assignments FROM"
				" sync_run WHERE id = %lld",
				(long long)st.run_id),
	    "ok|2|1|1|3|3|2");

	/* the same again: no history */
	st = sync_grants(f, bc);
	assert_int_equal(st.grants, 2);
	assert_int_equal(st.added, 0);
	assert_int_equal(st.removed, 0);
	assert_string_equal(qf(f, history_sql, (long long)st.run_id), "");
	assert_string_equal(q(f, "SELECT count(*) FROM grant_history_all"),
	    "4");

	assert_int_equal(db_sources(f->db, source_row, &sources, &e), 0);
	assert_string_equal(sources.buf, "corp|ad|ok|-|3|0|3|2|2|0|0\n");
	sb_release(&sources);

	/* an account that vanished: its grants are removed, names kept */
	s = sopen(f, "corp", "ad");
	put_acct(s, ACCT("ben"));
	put_e(s, ENT("B", 1));
	put_e(s, ENT("C", 2));
	put_a(s, A("ben"), N("B"));
	st = commit(s);
	assert_int_equal(st.removed, 1);
	assert_string_equal(qf(f, history_sql, (long long)st.run_id),
	    "removed|acct:cat|cat|ent:C|C|[\"cat\",\"C\"]");

	/*
	 * ben and B renamed: no change in the history, and what the first
	 * sync added reads as it was then, names and path, whatever came
	 * after (a first load's rows are derived from its grants until one
	 * changes: grant_history_all)
	 */
	s = sopen(f, "corp", "ad");
	ben = ACCT("ben");
	ben.name = "benny";
	put_acct(s, ben);
	bee = ENT("B", 1);
	bee.name = "Bee";
	put_e(s, bee);
	put_a(s, A("ben"), N("B"));
	st = commit(s);
	assert_int_equal(st.added, 0);
	assert_int_equal(st.removed, 0);
	assert_string_equal(qf(f, history_sql, (long long)st.run_id), "");
	assert_string_equal(qf(f, history_sql, (long long)first),
	    "added|acct:ann|ann|ent:A|A|[\"ann\",\"A\"]\n"
	    "added|acct:ben|ben|ent:B|B|[\"ben\",\"B\"]");
	assert_string_equal(q(f, "SELECT path FROM effective_grant"),
	    "[\"benny\",\"Bee\"]");
	assert_string_equal(q(f, "SELECT count(*) FROM grant_history_all"),
	    "5");
}

/* ---- people and correlation ---- */

static void
sync_hr(struct fx *f)
{
	struct sink *s = sopen(f, "hr", "people");
	struct sink_stats st;

	put_i(s,
	    (struct rec_identity){ .employee_id = "E1",
		.display_name = "Alice Admin",
		.email = "alice@corp.example",
		.login = "alice",
		.manager_employee_id = "E3" });
	put_i(s,
	    (struct rec_identity){ .employee_id = "E2",
		.display_name = "Bob Builder",
		.email = "bob@corp.example",
		.manager_employee_id = "E3" });
	put_i(s,
	    (struct rec_identity){ .employee_id = "E3",
		.display_name = "Carol Chief",
		.email = "carol@corp.example",
		.login = "Carol" });
	put_i(s,
	    (struct rec_identity){ .employee_id = "E4",
		.display_name = "Dan Desk",
		.email = "desk@corp.example" });
	put_i(s,
	    (struct rec_identity){ .employee_id = "E5",
		.display_name = "Eve Desk",
		.email = "DESK@corp.example",
		.manager_employee_id = "" });
	put_i(s,
	    (struct rec_identity){ .employee_id = "E6",
		.display_name = "Terry Gone",
		.email = "terry@corp.example",
		.status = "terminated",
		.end_date = "2026-10-31" });
	st = commit(s);
	assert_int_equal(st.identities, 6);
}

static void
sync_ad_people(struct fx *f)
{
	struct sink *s = sopen(f, "ad", "ad");
	struct rec_principal p;

	p = ACCT("alice.adm"); /* by email, any case */
	p.email = "ALICE@corp.example";
	put_p(s, &p);
	p = ACCT("a2"); /* by UPN */
	p.upn = "alice@corp.example";
	put_p(s, &p);
	p = ACCT("x-bob"); /* employee id beats an email naming carol */
	p.employee_id = "E2";
	p.email = "carol@corp.example";
	put_p(s, &p);
	put_acct(s, ACCT("carol")); /* by login */
	p = ACCT("helpdesk");	    /* two people share desk@: nobody */
	p.email = "desk@corp.example";
	put_p(s, &p);
	p = ACCT("terry"); /* left the company: still his */
	p.email = "terry@corp.example";
	put_p(s, &p);
	put_acct(s, ACCT("svc-backup"));
	p = GROUP("alice"); /* groups are nobody's, whatever their name */
	p.ext_id = G("alice");
	put_p(s, &p);
	put_e(s, ENT("root", 0));
	put_a(s, A("alice.adm"), N("root"));
	put_a(s, A("helpdesk"), N("root"));
	commit(s);
}

static const char who_sql[] =
    "SELECT p.name, coalesce(i.employee_id, '-'),"
    " coalesce(p.correlated_by, '-') FROM principal p"
    " LEFT JOIN identity i ON i.id = p.identity_id"
    " JOIN source s ON s.id = p.source_id WHERE s.name = 'ad'"
    " ORDER BY p.kind = 'group', p.name";

static const char who_auto[] = "a2|E1|email\n"
			       "alice.adm|E1|email\n"
			       "carol|E3|login\n"
			       "helpdesk|-|-\n"
			       "svc-backup|-|-\n"
			       "terry|E6|email\n"
			       "x-bob|E2|employee_id\n"
			       "alice|-|-";

static int
principal_row(const struct db_principal_row *r, void *arg)
{
	sb_addf(arg, "%s/%s ", r->source, r->name);
	return 0;
}

static void
test_people(void **state)
{
	struct fx *f = *state;
	struct sb un = SB_INIT;
	struct err e = ERR_INIT;

	/* accounts first, people later: the people's sync correlates */
	sync_ad_people(f);
	assert_string_equal(q(f,
				"SELECT count(*) FROM principal WHERE"
				" identity_id IS NOT NULL"),
	    "0");
	sync_hr(f);
	assert_string_equal(q(f,
				"SELECT i.employee_id,"
				" coalesce(m.employee_id, '-') FROM identity"
				" i LEFT JOIN identity m ON m.id ="
				" i.manager_id ORDER BY 1"),
	    "E1|E3\nE2|E3\nE3|-\nE4|-\nE5|-\nE6|-");
	assert_string_equal(q(f,
				"SELECT status, end_date FROM identity WHERE"
				" employee_id = 'E6'"),
	    "terminated|2026-10-31");
	assert_string_equal(q(f, who_sql), who_auto);

	/* the same after the accounts' own sync */
	sync_ad_people(f);
	assert_string_equal(q(f, who_sql), who_auto);

	assert_int_equal(db_uncorrelated(f->db, principal_row, &un, &e), 0);
	assert_string_equal(un.buf, "ad/helpdesk ad/svc-backup ");
	sb_release(&un);
}

static void
test_overrides(void **state)
{
	static const struct db_override ov[] = {
		{ "ad", "helpdesk", "E4" },
		{ "ad", "x-bob", "E1" },       /* beats the employee id */
		{ "lab", "svc-backup", "E2" }, /* lab's, not ad's svc-backup */
		{ "ad", "nobody", "E3" },      /* no such account: no effect */
	};
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct sink *s;

	sync_ad_people(f);
	sync_hr(f);
	s = sopen(f, "lab", "sudoers");
	put_acct(s, ACCT("svc-backup"));
	commit(s);
	assert_int_equal(db_set_overrides(f->db, ov, 4, &e), 0);
	assert_int_equal(db_correlate(f->db, &e), 0);
	assert_string_equal(q(f,
				"SELECT i.employee_id, p.correlated_by FROM"
				" principal p JOIN identity i ON i.id ="
				" p.identity_id JOIN source s ON s.id ="
				" p.source_id WHERE s.name = 'lab'"),
	    "E2|override");
	assert_string_equal(q(f, who_sql),
	    "a2|E1|email\n"
	    "alice.adm|E1|email\n"
	    "carol|E3|login\n"
	    "helpdesk|E4|override\n"
	    "svc-backup|-|-\n"
	    "terry|E6|email\n"
	    "x-bob|E1|override\n"
	    "alice|-|-");
	/* a later sync keeps them */
	sync_ad_people(f);
	assert_string_equal(q(f,
				"SELECT i.employee_id, p.correlated_by FROM"
				" principal p JOIN identity i ON i.id ="
				" p.identity_id WHERE p.name = 'x-bob'"),
	    "E1|override");
	/* the file is the one place they live: replaced, not merged */
	assert_int_equal(db_set_overrides(f->db, ov, 1, &e), 0);
	assert_string_equal(q(f,
				"SELECT source, account, employee_id FROM"
				" correlation_override"),
	    "ad|helpdesk|E4");
	assert_int_equal(db_set_overrides(f->db, NULL, 0, &e), 0);
	assert_int_equal(db_correlate(f->db, &e), 0);
	assert_string_equal(q(f, who_sql), who_auto);
}

/* The lab's svc-backup after a sync of the lab: its person and why. */
static const char *
lab_svc(struct fx *f)
{
	struct sink *s = sopen(f, "lab", "sudoers");

	put_acct(s, ACCT("svc-backup"));
	commit(s);
	return q(f,
	    "SELECT coalesce(i.employee_id, '-') || '|' ||"
	    " coalesce(p.correlated_by, '-') FROM principal p"
	    " JOIN source s ON s.id = p.source_id LEFT JOIN identity i"
	    " ON i.id = p.identity_id WHERE s.name = 'lab'");
}

/*
 * A sync correlates again only the accounts it wrote while the people
 * and the overrides stay; when the overrides change (the file is read
 * again before each sync), the next sync correlates every account, so an
 * account the sync did not touch gets the override given or loses the
 * one taken away.
 */
static void
test_correlate_after(void **state)
{
	static const struct db_override ov[] = {
		{ "lab", "svc-backup", "E2" },
	};
	struct fx *f = *state;
	struct err e = ERR_INIT;

	sync_ad_people(f);
	sync_hr(f);
	assert_string_equal(lab_svc(f), "-|-");
	assert_int_equal(db_set_overrides(f->db, ov, 1, &e), 0);
	assert_string_equal(lab_svc(f), "E2|override");
	assert_string_equal(lab_svc(f), "E2|override");
	assert_int_equal(db_set_overrides(f->db, ov, 1, &e), 0);
	assert_string_equal(lab_svc(f), "E2|override");
	assert_int_equal(db_set_overrides(f->db, NULL, 0, &e), 0);
	assert_string_equal(lab_svc(f), "-|-");
	assert_string_equal(q(f, who_sql), who_auto);
}

static void
test_people_errors(void **state)
{
	struct fx *f = *state;
	const char *before;
	struct sink *s;
	int64_t max;

	sync_ad_people(f);
	sync_hr(f);
	max = last_run(f);
	before = dump(f, max);

	s = sopen(f, "hr", "people");
	put_i(s, PERSON("E1", "Alice Admin"));
	put_i(s,
	    (struct rec_identity){ .employee_id = "E9",
		.display_name = "Nina New",
		.manager_employee_id = "E404" });
	commit_fails(s, PARC_EDATA,
	    "source hr: manager E404 of person E9 is not a person of the "
	    "source");
	assert_string_equal(dump(f, max), before);

	/* a person belongs to one people source */
	s = sopen(f, "hr2", "people");
	put_i(s, PERSON("E1", "Alice Again"));
	commit_fails(s, PARC_EDATA,
	    "source hr2: person E1 already comes from source hr");

	s = sopen(f, "hr", "people");
	put_i(s, PERSON("E1", "Alice Admin"));
	{
		struct err e = ERR_INIT;

		assert_int_equal(sink_identity(s, &PERSON("E1", "Twin"), &e),
		    PARC_EDATA);
		assert_string_equal(e.msg, "source hr: duplicate person E1");
		assert_int_equal(sink_identity(s, &PERSON(NULL, "Anon"), &e),
		    PARC_EDATA);
		assert_string_equal(e.msg,
		    "source hr: person without employee id");
		assert_int_equal(sink_identity(s,
				     &PERSON("E8", "Zo\xe9"), /* Latin-1 */
				     &e),
		    PARC_EDATA);
		assert_string_equal(e.msg,
		    "source hr: person E8: display name is not valid UTF-8");
	}
	sink_abort(s, "bad export");
	/* hr2 is registered (it tried), but holds nothing */
	assert_string_equal(qf(f,
				"SELECT count(*) FROM sync_run WHERE id > %lld "
				"AND status"
				" = 'failed'",
				(long long)max),
	    "3");
	assert_string_equal(q(f,
				"SELECT count(*) FROM identity i JOIN"
				" source s ON s.id = i.source_id WHERE"
				" s.name = 'hr2'"),
	    "0");
	assert_string_equal(q(f, who_sql), who_auto);
}

/* A person removed from HR unties their accounts, leaving nothing stale. */
static void
test_person_removed(void **state)
{
	struct fx *f = *state;
	struct sink *s;

	sync_ad_people(f);
	sync_hr(f);
	s = sopen(f, "hr", "people");
	put_i(s,
	    (struct rec_identity){ .employee_id = "E1",
		.display_name = "Alice Admin",
		.email = "alice@corp.example" });
	put_i(s, PERSON("E3", "Carol Chief"));
	commit(s);
	assert_string_equal(q(f, who_sql),
	    "a2|E1|email\n"
	    "alice.adm|E1|email\n"
	    "carol|-|-\n"
	    "helpdesk|-|-\n"
	    "svc-backup|-|-\n"
	    "terry|-|-\n"
	    "x-bob|-|-\n"
	    "alice|-|-");
	assert_string_equal(q(f,
				"SELECT employee_id,"
				" coalesce(manager_id, '-') FROM identity"
				" ORDER BY 1"),
	    "E1|-\nE3|-");
}

/* ---- inventory ---- */

static void
sync_inventory(struct fx *f)
{
	struct sink *s;
	struct rec_principal p;
	struct rec_entitlement n;
	struct rec_assignment a;

	s = sopen(f, "hr", "people");
	put_i(s,
	    (struct rec_identity){ .employee_id = "E1",
		.display_name = "Alice Admin",
		.email = "alice@corp.example" });
	commit(s);

	s = sopen(f, "corp", "ad");
	p = ACCT("alice");
	p.email = "alice@corp.example";
	p.last_used_at = "2026-11-01T08:00:00Z";
	p.host = "dc1.corp.example";
	put_p(s, &p);
	p = ACCT("bob");
	p.enabled = 0;
	p.kind = "service";
	put_p(s, &p);
	put_acct(s, GROUP("Domain Admins"));
	put_m(s, A("alice"), G("Domain Admins"));
	put_m(s, A("bob"), G("Domain Admins"));
	n = GENT("Domain Admins", 0);
	n.reason = "full control of the domain";
	n.techniques = "T1078.002,T1098";
	n.scope = "corp.example";
	put_e(s, n);
	put_e(s, ENT("Server Operators", 2));
	put_e(s, ENT("Print Operators", 3));
	put_e(s, ENT("Custom", -1));
	a = (struct rec_assignment){ .principal_ext_id = A("alice"),
		.entitlement_ext_id = N("Server Operators"),
		.state = "eligible",
		.last_used_at = "2026-11-20T09:30:00Z" };
	OK(sink_assignment(s, &a, &e_));
	put_a(s, A("alice"), N("Print Operators"));
	put_a(s, A("bob"), N("Custom"));
	commit(s);

	s = sopen(f, "lab", "sudoers");
	put_acct(s, ACCT("zed"));
	n = ENT("root", 1);
	n.host = "lab1";
	put_e(s, n);
	put_a(s, A("zed"), N("root"));
	commit(s);
}

static const char *
nz(const char *s)
{
	return s ? s : "-";
}

static int
grant_row(const struct db_grant_row *r, void *arg)
{
	sb_addf(arg, "%s/%s %s %s %d %s(%s) | %s %s %s %d [%s] %s | %s | %s\n",
	    r->source, r->source_kind, nz(r->host), r->account, r->enabled,
	    nz(r->person), nz(r->employee_id), r->entitlement,
	    r->entitlement_kind, nz(r->scope), r->tier, r->findings,
	    nz(r->techniques), r->path, nz(r->last_used));
	return 0;
}

static const char *
inventory(struct fx *f, const struct db_inventory_filter *flt)
{
	struct sb sb = SB_INIT;
	struct err e = ERR_INIT;

	if (db_inventory(f->db, flt, grant_row, &sb, &e) != 0)
		fail_msg("db_inventory: %s", e.msg);
	return keep(f, sb_detach(&sb));
}

#define ALICE_DA                                                            \
	"corp/ad dc1.corp.example alice 1 Alice Admin(E1) | Domain Admins " \
	"group corp.example 0 [%s] T1078.002,T1098 | "                      \
	"[\"alice\",\"Domain Admins\"] | 2026-11-01T08:00:00Z\n"
#define ALICE_PO                                                              \
	"corp/ad dc1.corp.example alice 1 Alice Admin(E1) | Print Operators " \
	"role - 3 [] - | [\"alice\",\"Print Operators\"] | "                  \
	"2026-11-01T08:00:00Z\n"
#define ALICE_SO                                                        \
	"corp/ad dc1.corp.example alice 1 Alice Admin(E1) | Server "    \
	"Operators role - 2 [] - | [\"alice\",\"Server Operators\"] | " \
	"2026-11-20T09:30:00Z\n"
#define BOB_CU                                            \
	"corp/ad - bob 0 -(-) | Custom role - -1 [] - | " \
	"[\"bob\",\"Custom\"] | -\n"
#define BOB_DA                                                            \
	"corp/ad - bob 0 -(-) | Domain Admins group corp.example 0 [%s] " \
	"T1078.002,T1098 | [\"bob\",\"Domain Admins\"] | -\n"
#define ZED_ROOT                                              \
	"lab/sudoers lab1 zed 1 -(-) | root role - 1 [] - | " \
	"[\"zed\",\"root\"] | -\n"

static void
test_inventory(void **state)
{
	struct fx *f = *state;
	struct db_inventory_filter flt = { 0 };
	struct sb want = SB_INIT;

	sync_inventory(f);
	/* by default: tiers 0 to 2, every source, by source and account */
	sb_addf(&want, ALICE_DA ALICE_SO BOB_DA ZED_ROOT, "", "");
	assert_string_equal(inventory(f, NULL), want.buf);
	assert_string_equal(inventory(f, &flt), want.buf);
	sb_reset(&want);

	flt.all_tiers = 1;
	sb_addf(&want, ALICE_DA ALICE_PO ALICE_SO BOB_CU BOB_DA ZED_ROOT, "",
	    "");
	assert_string_equal(inventory(f, &flt), want.buf);
	sb_reset(&want);

	flt.source = "lab";
	assert_string_equal(inventory(f, &flt), ZED_ROOT);
	flt.source = "nope";
	assert_string_equal(inventory(f, &flt), "");
	flt.source = NULL;

	flt.all_tiers = 0;
	flt.uncorrelated = 1;
	sb_addf(&want, BOB_DA ZED_ROOT, "");
	assert_string_equal(inventory(f, &flt), want.buf);
	sb_reset(&want);

	/* findings on the grant and on its account show, once each, sorted */
	OK(db_exec(f->db,
	    "INSERT INTO finding (kind, severity, source_id, principal_id,"
	    " grant_id, evidence, first_seen, last_seen)"
	    " SELECT 'standing-admin', 'high', g.source_id, NULL, g.id, 'x',"
	    " 'now', 'now' FROM effective_grant g JOIN principal p ON"
	    " p.id = g.account_id JOIN entitlement n ON n.id ="
	    " g.entitlement_id WHERE p.name = 'bob' AND n.name ="
	    " 'Domain Admins';"
	    "INSERT INTO finding (kind, severity, source_id, principal_id,"
	    " evidence, first_seen, last_seen)"
	    " SELECT k, 'medium', source_id, id, 'x', 'now', 'now' FROM"
	    " principal, (SELECT 'dormant' AS k UNION ALL SELECT 'no-mfa'"
	    " UNION ALL SELECT 'dormant') WHERE name = 'bob';",
	    &e_));
	flt.uncorrelated = 0;
	flt.source = "corp";
	sb_addf(&want, ALICE_DA ALICE_SO BOB_DA, "",
	    "dormant,no-mfa,standing-admin");
	assert_string_equal(inventory(f, &flt), want.buf);
	sb_release(&want);
}

/*
 * A version 4 database (before the grant_row view) opens migrated, with
 * the view, and lists the inventory it listed before, row for row.
 */
static void
test_migrate_from_v4(void **state)
{
	struct fx *f = *state;
	struct db_inventory_filter flt = { .all_tiers = 1 };
	char *before;

	sync_inventory(f);
	before = xstrdup(inventory(f, &flt));
	OK(db_exec(f->db, "DROP VIEW grant_row; PRAGMA user_version = 4", &e_));
	assert_string_equal(q(f,
				"SELECT count(*) FROM sqlite_schema WHERE"
				" name = 'grant_row'"),
	    "0");
	reopen(f);
	assert_int_equal(db_schema_version(f->db), DB_SCHEMA_VERSION);
	assert_string_equal(q(f,
				"SELECT type FROM sqlite_schema WHERE"
				" name = 'grant_row'"),
	    "view");
	assert_string_equal(inventory(f, &flt), before);
	assert_true(strstr(before, "alice") != NULL);
	free(before);
}

static int
state_row(const struct db_grant_row *r, void *arg)
{
	sb_addf(arg, "%s %s %s %s\n", r->account, r->entitlement, nz(r->state),
	    nz(r->expires_at));
	return 0;
}

/*
 * A version 5 database (grant_row without state and expires_at) opens
 * migrated: the view gains both, an eligible, time-bound assignment reads
 * as such and every other grant as active without an end.
 */
static void
test_migrate_from_v5(void **state)
{
	struct fx *f = *state;
	struct db_inventory_filter flt = { .all_tiers = 1 };
	struct sb sb = SB_INIT;
	char *before;

	sync_inventory(f);
	before = xstrdup(inventory(f, &flt));
	OK(db_exec(f->db,
	    "DROP VIEW grant_row; CREATE VIEW grant_row AS SELECT 1 AS"
	    " grant_id WHERE 0; PRAGMA user_version = 5",
	    &e_));
	reopen(f);
	assert_int_equal(db_schema_version(f->db), DB_SCHEMA_VERSION);
	assert_string_equal(q(f,
				"SELECT count(*) FROM pragma_table_info("
				"'grant_row') WHERE name IN ('state',"
				" 'expires_at')"),
	    "2");
	assert_string_equal(inventory(f, &flt), before);
	OK(db_exec(f->db,
	    "UPDATE assignment SET state = 'eligible', expires_at ="
	    " '2027-01-31T00:00:00Z' WHERE id = (SELECT a.id FROM assignment a"
	    " JOIN principal p ON p.id = a.principal_id JOIN entitlement n ON"
	    " n.id = a.entitlement_id WHERE p.name = 'alice' AND n.name ="
	    " 'Print Operators')",
	    &e_));
	OK(db_inventory(f->db, &flt, state_row, &sb, &e_));
	assert_true(
	    strstr(sb.buf,
		"alice Print Operators eligible 2027-01-31T00:00:00Z\n") !=
	    NULL);
	assert_true(strstr(sb.buf, "alice Domain Admins active -\n") != NULL);
	sb_release(&sb);
	free(before);
}

static int
stop_after_one(const struct db_grant_row *r, void *arg)
{
	(void)r;
	(*(int *)arg)++;
	return 7;
}

static void
test_inventory_stops(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	int calls = 0;

	sync_inventory(f);
	assert_int_equal(db_inventory(f->db, NULL, stop_after_one, &calls, &e),
	    7);
	assert_int_equal(calls, 1);
}

static int
id_row(const struct db_grant_row *r, void *arg)
{
	sb_addf(arg, "%lld|%s|%s|%s|%s\n", (long long)r->grant_id, r->account,
	    r->entitlement, r->first_seen, r->last_seen);
	return 0;
}

/* 1,200 accounts, 10 roles each from 100: 12,000 grants, a bulk load. */
static void
emit_bulk(struct sink *s, int round)
{
	char id[32], name[32], ent[32];
	int i, k;

	for (i = 0; i < 100; i++) {
		/* round 2: r7 renamed */
		snprintf(ent, sizeof(ent), "r%d%s", i,
		    round == 2 && i == 7 ? "x" : "");
		snprintf(id, sizeof(id), N("r%d"), i);
		put_e(s,
		    (struct rec_entitlement){ .ext_id = id,
			.name = ent,
			.kind = "role",
			.tier = 1 });
	}
	for (i = 0; i < 1200; i++) {
		/* round 2: u3 renamed, u5 no longer an account of its own */
		snprintf(id, sizeof(id), A("u%d"), i);
		snprintf(name, sizeof(name), "u%d%s", i,
		    round == 2 && i == 3 ? "x" : "");
		put_acct(s,
		    (struct rec_principal){ .ext_id = id,
			.name = name,
			.kind = round == 2 && i == 5 ? "group" : NULL,
			.enabled = 1,
			.mfa = -1 });
		for (k = 0; k < 10; k++) {
			/* round 1: every tenth account swaps its first role */
			snprintf(ent, sizeof(ent), N("r%d"),
			    (i + k * 10 +
				(round && k == 0 && i % 10 == 0 ? 5 : 0)) %
				100);
			put_a(s, id, ent);
		}
	}
}

static const char indexes_sql[] =
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name"
    " IN ('assignment', 'effective_grant', 'grant_history') ORDER BY name";

/*
 * A first load large enough to drop its tables' secondary indexes and
 * make them again: they are all there after (and after a rolled back
 * one), the database is whole, and a re-sync diffs against it.
 */
static void
test_bulk_first_load(void **state)
{
	struct fx *f = *state;
	struct sink_stats st;
	struct sink *s;
	char *indexes = xstrdup(q(f, indexes_sql));
	int fail = 1;

	s = sopen(f, "corp", "ad");
	emit_bulk(s, 0);
	sink_on_commit(s, hook, &fail);
	commit_fails(s, PARC_EDB, "audit: run 1 not chained");
	assert_string_equal(q(f, indexes_sql), indexes);
	assert_string_equal(q(f, "SELECT count(*) FROM effective_grant"), "0");
	/* a first load runs without foreign key checks: back on after */
	assert_string_equal(q(f, "PRAGMA foreign_keys"), "1");

	s = sopen(f, "corp", "ad");
	emit_bulk(s, 0);
	st = commit(s);
	assert_int_equal(st.grants, 12000);
	assert_int_equal(st.added, 12000);
	assert_string_equal(q(f, indexes_sql), indexes);
	assert_string_equal(q(f, "PRAGMA integrity_check"), "ok");
	/* its rows hold their parents all the same */
	assert_string_equal(q(f, "PRAGMA foreign_keys"), "1");
	assert_string_equal(
	    q(f, "SELECT count(*) FROM pragma_foreign_key_check"), "0");
	assert_string_equal(q(f,
				"SELECT count(*) FROM grant_history_all WHERE"
				" change = 'added'"),
	    "12000");
	/* the indexes serve: one account's grants by name */
	assert_string_equal(q(f,
				"SELECT group_concat(path, ' ') FROM (SELECT"
				" g.path FROM effective_grant g JOIN principal"
				" p ON p.id = g.account_id WHERE p.name = 'u7'"
				" ORDER BY g.id LIMIT 2)"),
	    "[\"u7\",\"r7\"] [\"u7\",\"r17\"]");

	s = sopen(f, "corp", "ad");
	emit_bulk(s, 1);
	st = commit(s);
	assert_int_equal(st.grants, 12000);
	assert_int_equal(st.added, 120);
	assert_int_equal(st.removed, 120);
	assert_string_equal(q(f, indexes_sql), indexes);
	assert_string_equal(q(f, "PRAGMA integrity_check"), "ok");
	/* the grants that stayed kept their rows; the 120 new came after */
	assert_string_equal(q(f,
				"SELECT count(*) FROM effective_grant WHERE"
				" id <= 12000"),
	    "11880");
	assert_string_equal(q(f,
				"SELECT count(*) FROM effective_grant WHERE"
				" id > 12000"),
	    "120");

	/* renamed, and an account turned group: their grants follow */
	s = sopen(f, "corp", "ad");
	emit_bulk(s, 2);
	st = commit(s);
	assert_int_equal(st.grants, 11990);
	assert_int_equal(st.removed, 10);
	assert_int_equal(st.added, 0);
	assert_string_equal(q(f,
				"SELECT count(*) FROM effective_grant WHERE"
				" path LIKE '%\"r7x\"]'"),
	    q(f,
		"SELECT count(*) FROM assignment a JOIN entitlement n ON"
		" n.id = a.entitlement_id JOIN principal p ON p.id ="
		" a.principal_id WHERE n.name = 'r7x' AND p.kind <> 'group'"));
	assert_string_equal(q(f,
				"SELECT count(*) > 100 FROM effective_grant"
				" WHERE path LIKE '%\"r7x\"]'"),
	    "1");
	assert_string_equal(q(f,
				"SELECT count(*) FROM effective_grant WHERE"
				" path LIKE '%\"r7\"]'"),
	    "0");
	assert_string_equal(q(f,
				"SELECT count(*) FROM effective_grant WHERE"
				" path LIKE '[\"u3x\",%'"),
	    "10");
	assert_string_equal(q(f,
				"SELECT count(*) FROM effective_grant g JOIN"
				" principal p ON p.id = g.account_id WHERE"
				" p.name = 'u5'"),
	    "0");
	assert_string_equal(q(f,
				"SELECT count(*) FROM grant_history WHERE"
				" change = 'removed' AND account = 'u5'"),
	    "10");
	assert_string_equal(q(f, "PRAGMA integrity_check"), "ok");
	free(indexes);
}

/* Stage one assignment, and the same row in temp.want (what must be). */
static void
put_want(struct fx *f, struct sink *s, const struct rec_assignment *r)
{
	struct err e = ERR_INIT;
	char sql[256];

	if (sink_assignment(s, r, &e) != 0)
		fail_msg("sink_assignment %s: %s", r->principal_ext_id, e.msg);
	/* the test's own names: nothing to quote */
	snprintf(sql, sizeof(sql),
	    "INSERT INTO temp.want VALUES ('%s', '%s', '%s', '%s')",
	    r->principal_ext_id, r->entitlement_ext_id,
	    r->state ? r->state : "active", r->origin);
	OK(db_exec(f->db, sql, &e_));
}

/* Round r's k-th assignment of account i (0: it has no k-th). */
static int
digest_asg(int r, int i, int k, char *ent, size_t size,
    struct rec_assignment *a)
{
	int n;

	if (i == 1)
		r = 0; /* u1 stays as it was */
	n = 1 + i % 3 + (i % 5 == r % 5);

	if (i % 10 == 0 && r % 2 == 1)
		n = 0; /* every assignment gone, back the round after */
	if (k >= n)
		return 0;
	snprintf(ent, size, N("r%d"), (i + k * 3 + (i % 4 == r % 4)) % 8);
	a->entitlement_ext_id = ent;
	a->state = i % 6 == r % 6 && k == 0 ? "eligible" : NULL;
	a->origin = i % 9 == r % 9 ? "moved" : "o";
	return 1;
}

static const char want_sql[] =
    "SELECT group_concat(r, ' ') FROM (SELECT p || '>' || n || ':' ||"
    " state || ':' || coalesce(origin, '-') AS r FROM temp.want ORDER BY r)";
static const char have_sql[] =
    "SELECT group_concat(r, ' ') FROM (SELECT p.ext_id || '>' || n.ext_id"
    " || ':' || a.state || ':' || coalesce(a.origin, '-') AS r"
    " FROM assignment a JOIN principal p ON p.id = a.principal_id"
    " JOIN entitlement n ON n.id = a.entitlement_id ORDER BY r)";

/*
 * A re-sync diffs only the accounts whose assignments' digest changed:
 * over rounds that change a few accounts' roles, states and origins,
 * take every assignment of some and give them back, drop accounts and
 * bring them back, stage one pair twice, and emit an account's
 * assignments apart from each other (every other round), the table
 * always holds exactly what the last pull staged, and an account that
 * did not change keeps its rows.
 */
static void
test_assignment_digest(void **state)
{
	struct fx *f = *state;
	struct rec_assignment a;
	struct sink *s;
	char id[32], ent[32];
	int r, i, k, pass;

	for (r = 0; r < 8; r++) {
		OK(db_exec(f->db,
		    "DROP TABLE IF EXISTS temp.want;"
		    "CREATE TEMP TABLE want (p, n, state, origin)",
		    &e_));
		s = sopen(f, "corp", "ad");
		for (i = 0; i < 8; i++) {
			snprintf(id, sizeof(id), N("r%d"), i);
			put_e(s,
			    (struct rec_entitlement){ .ext_id = id,
				.name = id + 4,
				.kind = "role",
				.tier = 1 });
		}
		for (i = 0; i < 40; i++) {
			if (r == 3 && i % 7 == 0)
				continue; /* gone, back next round */
			snprintf(id, sizeof(id), A("u%d"), i);
			put_acct(s,
			    (struct rec_principal){ .ext_id = id,
				.name = id + 5,
				.enabled = 1,
				.mfa = -1 });
		}
		/* odd rounds: the even k of all, then the odd: runs split */
		for (pass = 0; pass < (r % 2 ? 2 : 1); pass++)
			for (i = 0; i < 40; i++) {
				if (r == 3 && i % 7 == 0)
					continue;
				snprintf(id, sizeof(id), A("u%d"), i);
				for (k = 0; k < 5; k++) {
					if (r % 2 && k % 2 != pass)
						continue;
					memset(&a, 0, sizeof(a));
					a.principal_ext_id = id;
					if (!digest_asg(r, i, k, ent,
						sizeof(ent), &a))
						continue;
					put_want(f, s, &a);
					/* u11 has one pair twice from round
					 * 5, u13 one in the first load */
					if ((i == 11 && k == 0 && r >= 5) ||
					    (i == 13 && k == 1 && r == 0))
						put_want(f, s, &a);
				}
			}
		commit(s);
		assert_string_equal(q(f, have_sql), q(f, want_sql));
		assert_string_equal(q(f,
					"SELECT count(*) FROM effective_grant"),
		    q(f,
			"SELECT count(*) FROM (SELECT DISTINCT p, n FROM"
			" temp.want)"));
		/* a pair's grant is its first assignment's */
		assert_string_equal(q(f,
					"SELECT count(*) FROM effective_grant g"
					" WHERE g.assignment_id IS NOT (SELECT"
					" min(a.id) FROM assignment a WHERE"
					" a.principal_id = g.account_id AND"
					" a.entitlement_id = "
					"g.entitlement_id)"),
		    "0");
		/* u1 stays as it came first: its rows stay */
		if (r == 0)
			OK(db_exec(f->db,
			    "CREATE TEMP TABLE u1 AS SELECT a.id FROM"
			    " assignment a JOIN principal p ON p.id ="
			    " a.principal_id WHERE p.ext_id = 'acct:u1'",
			    &e_));
		/* until u11's pair twice makes the diff give way to the whole
		 */
		if (r == 4)
			assert_string_equal(q(f,
						"SELECT count(*) FROM"
						" assignment a JOIN temp.u1 u"
						" ON u.id = a.id JOIN principal"
						" p ON p.id = a.principal_id"
						" WHERE p.ext_id = 'acct:u1'"),
			    "2");
	}
	assert_string_equal(q(f, "PRAGMA integrity_check"), "ok");
	assert_string_equal(q(f, "PRAGMA foreign_key_check"), "");
}

/* The assignments as "acct>ent" words, in order, of the accounts. */
static const char skip_have[] =
    "SELECT group_concat(r, ' ') FROM (SELECT p.name || '>' || n.name"
    " || coalesce(':' || a.origin, '') AS r FROM assignment a"
    " JOIN principal p ON p.id = a.principal_id"
    " JOIN entitlement n ON n.id = a.entitlement_id ORDER BY r)";

/* Account u%d of the skip tests, with last_used_at when not NULL. */
static void
skip_acct(struct sink *s, int i, const char *last_used, const char *attrs)
{
	char id[32], name[16];

	snprintf(id, sizeof(id), A("u%d"), i);
	snprintf(name, sizeof(name), "u%d", i);
	put_acct(s,
	    (struct rec_principal){ .ext_id = id,
		.name = name,
		.enabled = 1,
		.mfa = -1,
		.last_used_at = last_used,
		.attrs = attrs });
}

static void
skip_asg(struct sink *s, int i, int r, const char *origin)
{
	struct rec_assignment a = { 0 };
	struct err e = ERR_INIT;
	char id[32], ent[32];

	snprintf(id, sizeof(id), A("u%d"), i);
	snprintf(ent, sizeof(ent), N("r%d"), r);
	a.principal_ext_id = id;
	a.entitlement_ext_id = ent;
	a.origin = origin;
	if (sink_assignment(s, &a, &e) != 0)
		fail_msg("sink_assignment %s %s: %s", id, ent, e.msg);
}

/* The first load of the skip tests: u0..u5 hold r(i%5) and r(i+1 %5). */
static struct sink *
skip_open(struct fx *f, int nent)
{
	struct sink *s = sopen(f, "corp", "ad");
	char id[32];
	int i;

	for (i = 0; i < nent; i++) {
		snprintf(id, sizeof(id), N("r%d"), i);
		put_e(s,
		    (struct rec_entitlement){ .ext_id = id,
			.name = id + 4,
			.kind = "role",
			.tier = 1 });
	}
	return s;
}

static void
skip_first(struct fx *f)
{
	struct sink *s = skip_open(f, 5);
	int i;

	for (i = 0; i < 6; i++) {
		skip_acct(s, i, NULL, NULL);
		skip_asg(s, i, i % 5, NULL);
		skip_asg(s, i, (i + 1) % 5, NULL);
	}
	commit(s);
	OK(db_exec(f->db,
	    "DROP TABLE IF EXISTS temp.ids;"
	    "CREATE TEMP TABLE ids AS SELECT id FROM assignment",
	    &e_));
}

/*
 * A re-sync does not stage the assignments of an account whose rows
 * come with the digest they had; what it writes is still exactly the
 * pull: an account whose attributes alone changed keeps its rows and
 * gets its new attributes, one whose rows come in another order is
 * skipped too, one whose rows come apart (the first run as it was, one
 * more later) gets them all, one gone goes, one left with no row loses
 * its rows, and a changed and a new account are written.
 */
static void
test_sink_skip(void **state)
{
	struct fx *f = *state;
	struct sink_stats st;
	struct sink *s;

	skip_first(f);
	assert_string_equal(q(f, skip_have),
	    "u0>r0 u0>r1 u1>r1 u1>r2 u2>r2 u2>r3 u3>r3 u3>r4 u4>r0 u4>r4"
	    " u5>r0 u5>r1");
	s = skip_open(f, 5);
	skip_acct(s, 0, "2026-11-01T00:00:00Z", "{\"x\":1}");
	skip_asg(s, 0, 0, NULL);
	skip_asg(s, 0, 1, NULL);
	skip_acct(s, 1, NULL, NULL);
	skip_asg(s, 1, 1, NULL);
	skip_asg(s, 1, 2, NULL);
	skip_acct(s, 3, NULL, NULL); /* no row */
	skip_acct(s, 4, NULL, NULL);
	skip_asg(s, 4, 0, NULL); /* the other order */
	skip_asg(s, 4, 4, NULL);
	skip_acct(s, 5, NULL, NULL);
	skip_asg(s, 5, 0, NULL);
	skip_asg(s, 5, 2, NULL);
	skip_acct(s, 6, NULL, NULL);
	skip_asg(s, 6, 3, NULL);
	skip_asg(s, 1, 4, NULL); /* u1 again, apart */
	st = commit(s);
	assert_int_equal(st.skipped, 2); /* u0, u4 */
	assert_int_equal(st.assignments, 10);
	assert_string_equal(q(f, skip_have),
	    "u0>r0 u0>r1 u1>r1 u1>r2 u1>r4 u4>r0 u4>r4 u5>r0 u5>r2 u6>r3");
	assert_string_equal(q(f,
				"SELECT last_used_at || attrs FROM principal"
				" WHERE name = 'u0'"),
	    "2026-11-01T00:00:00Z{\"x\":1}");
	/* the skipped accounts' rows stay, u1's first two too */
	assert_string_equal(q(f,
				"SELECT group_concat(p.name, ' ') FROM"
				" (SELECT DISTINCT p.name FROM assignment a"
				" JOIN temp.ids USING (id) JOIN principal p ON"
				" p.id = a.principal_id ORDER BY p.name) p"),
	    "u0 u1 u4 u5");
	/* every grant is an assignment's */
	assert_string_equal(q(f,
				"SELECT count(*) FROM effective_grant WHERE"
				" assignment_id NOT IN (SELECT id FROM"
				" assignment)"),
	    "0");
	assert_string_equal(q(f, "SELECT count(*) FROM effective_grant"), "10");
	assert_string_equal(q(f, "PRAGMA foreign_key_check"), "");
}

/*
 * When the diff gives way to the whole replacement (a changed account
 * names one entitlement twice), the skipped accounts' rows are read
 * back: the table is the pull.
 */
static void
test_sink_skip_whole(void **state)
{
	struct fx *f = *state;
	struct sink_stats st;
	struct sink *s;
	int i;

	skip_first(f);
	s = skip_open(f, 5);
	for (i = 0; i < 6; i++) {
		skip_acct(s, i, NULL, NULL);
		skip_asg(s, i, i % 5, NULL);
		if (i == 2) /* changed, one pair twice */
			skip_asg(s, i, i % 5, "again");
		skip_asg(s, i, (i + 1) % 5, NULL);
	}
	st = commit(s);
	assert_int_equal(st.skipped, 5);
	assert_string_equal(q(f, skip_have),
	    "u0>r0 u0>r1 u1>r1 u1>r2 u2>r2 u2>r2:again u2>r3 u3>r3 u3>r4"
	    " u4>r0 u4>r4 u5>r0 u5>r1");
	/* a pair's grant is its first assignment's */
	assert_string_equal(q(f,
				"SELECT count(*) FROM effective_grant g WHERE"
				" g.assignment_id IS NOT (SELECT min(a.id) FROM"
				" assignment a WHERE a.principal_id ="
				" g.account_id AND a.entitlement_id ="
				" g.entitlement_id)"),
	    "0");
	assert_string_equal(q(f, "SELECT count(*) FROM effective_grant"), "12");
	assert_string_equal(q(f, "PRAGMA foreign_key_check"), "");
}

/*
 * The reference checks see a skipped account's rows: an account whose
 * rows came as they were but whose account record did not, and an
 * entitlement gone that only skipped rows name, fail the commit naming
 * the first such row, as if it had been staged.
 */
static void
test_sink_skip_refs(void **state)
{
	struct fx *f = *state;
	struct sink *s;
	int i;

	skip_first(f);
	s = skip_open(f, 5);
	for (i = 0; i < 6; i++) {
		if (i != 3)
			skip_acct(s, i, NULL, NULL);
		skip_asg(s, i, i % 5, NULL);
		skip_asg(s, i, (i + 1) % 5, NULL);
	}
	commit_fails(s, PARC_EDATA,
	    "source corp: acct:u3 is assigned ent:r3 but is not an account or"
	    " group of the source");
	s = skip_open(f, 4); /* no r4: u3 and u4 name it */
	for (i = 0; i < 6; i++) {
		skip_acct(s, i, NULL, NULL);
		skip_asg(s, i, i % 5, NULL);
		skip_asg(s, i, (i + 1) % 5, NULL);
	}
	commit_fails(s, PARC_EDATA,
	    "source corp: entitlement ent:r4 (assigned to acct:u3) is not an "
	    "entitlement of the source");
	assert_string_equal(q(f, skip_have),
	    "u0>r0 u0>r1 u1>r1 u1>r2 u2>r2 u2>r3 u3>r3 u3>r4 u4>r0 u4>r4"
	    " u5>r0 u5>r1");
}

/*
 * Two syncs of one source at once: when the other commits a change to
 * an account this one skipped (its digest read before), this one's
 * commit fails and writes nothing, rather than lose the account's rows;
 * the other's snapshot stays whole.
 */
static void
test_sink_skip_concurrent(void **state)
{
	struct fx *f = *state;
	struct fx other = *f;
	struct sink *a, *b;
	int i;

	skip_first(f);
	/* the other sync: its own connection, as another process has */
	OK(db_open(&other.db, f->path, 0, &e_));
	a = skip_open(&other, 5);
	for (i = 0; i < 6; i++) {
		skip_acct(a, i, NULL, NULL);
		skip_asg(a, i, i % 5, NULL);
		skip_asg(a, i, (i + 1) % 5, NULL);
	}
	b = skip_open(f, 5);
	for (i = 0; i < 6; i++) {
		skip_acct(b, i, NULL, NULL);
		skip_asg(b, i, i % 5, NULL);
		if (i != 2)
			skip_asg(b, i, (i + 1) % 5, NULL);
	}
	commit(b);
	commit_fails(a, PARC_EDATA,
	    "source corp: account acct:u2 changed in the database while this "
	    "pull ran (another sync of the source committed); nothing of "
	    "this pull was written, sync it again");
	assert_string_equal(q(f, skip_have),
	    "u0>r0 u0>r1 u1>r1 u1>r2 u2>r2 u3>r3 u3>r4 u4>r0 u4>r4 u5>r0"
	    " u5>r1");
	assert_string_equal(q(f,
				"SELECT status FROM sync_run ORDER BY id DESC"
				" LIMIT 2"),
	    "ok\nfailed");
	db_close(other.db);
}

/*
 * Another sync of the source commits while this one pulls, changing no
 * account this one skips: this one's commit holds, and what it writes is
 * still exactly its pull, for an account the other gave rows that this
 * pull has with none too (its digest, read before the other committed,
 * said it had none: the merge reads the table, not what it read).
 */
static void
test_sink_skip_moved(void **state)
{
	struct fx *f = *state;
	struct fx other = *f;
	struct sink_stats st;
	struct sink *a, *b;
	int i;

	skip_first(f);
	b = skip_open(f, 5); /* u5 loses its rows */
	for (i = 0; i < 6; i++) {
		skip_acct(b, i, NULL, NULL);
		if (i == 5)
			continue;
		skip_asg(b, i, i % 5, NULL);
		skip_asg(b, i, (i + 1) % 5, NULL);
	}
	commit(b);
	OK(db_open(&other.db, f->path, 0, &e_));
	a = skip_open(f, 5);
	b = skip_open(&other, 5); /* the other gives u5 a row again */
	for (i = 0; i < 6; i++) {
		skip_acct(a, i, NULL, NULL);
		skip_acct(b, i, NULL, NULL);
		if (i == 5) {
			skip_asg(b, i, 0, NULL);
			continue;
		}
		skip_asg(a, i, i % 5, NULL);
		skip_asg(b, i, i % 5, NULL);
		if (i != 1) /* this one: u1 loses r2 */
			skip_asg(a, i, (i + 1) % 5, NULL);
		skip_asg(b, i, (i + 1) % 5, NULL);
	}
	commit(b);
	assert_string_equal(q(f,
				"SELECT count(*) FROM assignment a JOIN"
				" principal p ON p.id = a.principal_id"
				" WHERE p.name = 'u5'"),
	    "1");
	st = commit(a);
	assert_int_equal(st.skipped, 4);
	assert_string_equal(q(f, skip_have),
	    "u0>r0 u0>r1 u1>r1 u2>r2 u2>r3 u3>r3 u3>r4 u4>r0 u4>r4");
	assert_string_equal(q(f,
				"SELECT group_concat(p.name || '>' || n.name,"
				" ' ') FROM (SELECT * FROM effective_grant"
				" ORDER BY id) g JOIN principal p ON p.id ="
				" g.account_id JOIN entitlement n ON n.id ="
				" g.entitlement_id WHERE p.name IN ('u1', "
				"'u5')"),
	    "u1>r1");
	assert_string_equal(q(f,
				"SELECT d.digest FROM assignment_digest d JOIN"
				" principal p ON p.id = d.principal_id"
				" WHERE p.name = 'u5'"),
	    "0");
	db_close(other.db);
}

/*
 * An account emitted exactly as its row holds it is not staged, and
 * still counts as an account of the pull: it may be a member (a group
 * as it was, a group), but a duplicate of it, or a non-group named as an
 * entitlement's group, fails as if it were staged; and when another sync
 * committed a change to its record meanwhile, this one's commit fails
 * rather than keep the other's record for its own.
 */
static void
test_sink_skip_principal(void **state)
{
	struct fx *f = *state;
	struct fx other = *f;
	struct err e = ERR_INIT;
	struct sink *a, *b;
	int i;

	skip_first(f);
	a = skip_open(f, 5);
	put_e(a,
	    (struct rec_entitlement){ .ext_id = N("bad"),
		.name = "bad",
		.kind = "group",
		.tier = 1,
		.group_ext_id = A("u4") });
	for (i = 0; i < 6; i++)
		skip_acct(a, i, NULL, NULL);
	commit_fails(a, PARC_EDATA,
	    "source corp: acct:u4 is the group of entitlement ent:bad but is "
	    "not a group of the source");
	a = skip_open(f, 5);
	skip_acct(a, 1, NULL, NULL);
	assert_int_equal(sink_principal(a,
			     &(struct rec_principal){ .ext_id = A("u1"),
				 .name = "u1",
				 .enabled = 1,
				 .mfa = -1 },
			     &e),
	    PARC_EDATA);
	assert_string_equal(e.msg, "source corp: duplicate account acct:u1");
	sink_abort(a, NULL);

	OK(db_open(&other.db, f->path, 0, &e_));
	a = skip_open(f, 5);
	b = skip_open(&other, 5); /* the other: u2 used since */
	for (i = 0; i < 6; i++) {
		skip_acct(a, i, NULL, NULL);
		skip_acct(b, i, i == 2 ? "2026-11-01T00:00:00Z" : NULL, NULL);
		skip_asg(a, i, i % 5, NULL);
		skip_asg(b, i, i % 5, NULL);
		skip_asg(a, i, (i + 1) % 5, NULL);
		skip_asg(b, i, (i + 1) % 5, NULL);
	}
	commit(b);
	commit_fails(a, PARC_EDATA,
	    "source corp: account acct:u2 changed in the database while this "
	    "pull ran (another sync of the source committed); nothing of "
	    "this pull was written, sync it again");
	assert_string_equal(q(f,
				"SELECT last_used_at FROM principal WHERE"
				" name = 'u2'"),
	    "2026-11-01T00:00:00Z");
	db_close(other.db);
}

/*
 * A re-sync that re-expands only the accounts it touched reports the
 * source's grants without counting them (its last run's figure, less
 * what it removed, plus what it added): the figure is still the table's,
 * round after round, as grants come, go and change.
 */
static void
test_sink_skip_grants(void **state)
{
	struct fx *f = *state;
	struct sink_stats st;
	struct sink *s;
	int i, round;

	skip_first(f);
	for (round = 0; round < 4; round++) {
		s = skip_open(f, 5);
		for (i = 0; i < 6; i++) {
			skip_acct(s, i, NULL, NULL);
			skip_asg(s, i, i % 5,
			    round == 2 && i == 3 ? "x" : NULL);
			if (round == 0 && i == 4) /* u4 loses r0 */
				continue;
			if (round != 3 || i != 1) /* u1 loses r2 */
				skip_asg(s, i, (i + 1) % 5, NULL);
			if (round == 1 && i < 2) /* u0, u1 gain r3, r4 */
				skip_asg(s, i, (i + 3) % 5, NULL);
		}
		st = commit(s);
		assert_string_equal(qf(f, "SELECT %lld", (long long)st.grants),
		    q(f, "SELECT count(*) FROM effective_grant"));
		assert_string_equal(q(f,
					"SELECT grants FROM sync_run ORDER BY "
					"id"
					" DESC LIMIT 1"),
		    q(f, "SELECT count(*) FROM effective_grant"));
	}
	assert_string_equal(q(f, "SELECT count(*) FROM effective_grant"), "11");
}

/* Stage u0's rows of the held-run test: k < n, row `chg` changed. */
static void
held_rows(struct sink *s, int n, int chg)
{
	struct rec_assignment a = { 0 };
	struct err e = ERR_INIT;
	char ent[32], attrs[64];
	int k;

	for (k = 0; k < n; k++) {
		snprintf(ent, sizeof(ent), N("r%d"), k % 5);
		snprintf(attrs, sizeof(attrs), "{\"k\":%d}", k == chg ? -k : k);
		memset(&a, 0, sizeof(a));
		a.principal_ext_id = A("u0");
		a.entitlement_ext_id = ent;
		a.state = k % 3 == 0 ? "eligible" : NULL;
		a.expires_at = k % 2 ? "2027-01-01T00:00:00Z" : NULL;
		a.last_used_at = k % 4 == 1 ? "" : NULL; /* "" is not NULL */
		a.origin = k % 5 == 2 ? NULL : "o";
		a.attrs = k % 7 == 3 ? NULL : attrs;
		if (sink_assignment(s, &a, &e) != 0)
			fail_msg("sink_assignment: %s", e.msg);
	}
}

/* Every field of every assignment, NULL told from "", in one string. */
static const char held_sql[] =
    "SELECT count(*) || ' ' || group_concat(r, ' ') FROM (SELECT"
    " n.ext_id || ':' || a.state || ':' || quote(a.expires_at) || ':' ||"
    " quote(a.last_used_at) || ':' || quote(a.origin) || ':' ||"
    " quote(a.attrs) AS r FROM assignment a JOIN entitlement n"
    " ON n.id = a.entitlement_id ORDER BY r)";

/*
 * A held run comes out as it went in: an account's rows held while its
 * digest may still match, then staged because one changed, keep every
 * field (NULL told from ""); a run longer than RUN_HOLD_MAX is staged as
 * it comes (memory holds at most that many rows) and diffed.
 */
static void
test_sink_skip_held(void **state)
{
	struct fx *f = *state;
	struct sink_stats st;
	const char *have;
	struct sink *s;
	int n, round;

	for (n = 12; n <= RUN_HOLD_MAX + 100; n += RUN_HOLD_MAX + 88) {
		for (round = 0; round < 3; round++) {
			s = skip_open(f, 5);
			skip_acct(s, 0, NULL, NULL);
			/* round 1: row 5 changed; 2: as in round 1 */
			held_rows(s, n, round == 0 ? -1 : 5);
			st = commit(s);
			/* a run too long to hold is staged, never skipped */
			assert_int_equal(st.skipped,
			    round == 2 && n <= RUN_HOLD_MAX);
		}
		/* the same rows as a first load of them gives */
		have = q(f, held_sql);
		OK(db_exec(f->db, "DELETE FROM source", &e_));
		s = skip_open(f, 5);
		skip_acct(s, 0, NULL, NULL);
		held_rows(s, n, 5);
		commit(s);
		assert_string_equal(have, q(f, held_sql));
		assert_non_null(strstr(have,
		    "active:'2027-01-01T00:00:00Z':'':'o':'{\"k\":-5}'"));
		OK(db_exec(f->db, "DELETE FROM source", &e_));
	}
}

/*
 * A database from before v_i19sink (a first load's "added" rows each in
 * grant_history, no digests) migrates: its history reads as it was, and
 * the next re-sync diffs every account (no digest known), then only the
 * changed ones.
 */
static void
test_migrate_sink_digest(void **state)
{
	struct fx *f = *state;
	struct sink_stats st;
	struct sink *s;
	size_t v;

	s = sopen(f, "corp", "ad");
	emit_bulk(s, 0);
	commit(s);
	for (v = 0; v < db_nmigrations; v++)
		if (strstr(db_migrations[v], "EXISTS assignment_digest") !=
		    NULL)
			break;
	assert_true(v < db_nmigrations);
	/* as the sink before it wrote them */
	OK(db_exec(f->db,
	    "INSERT INTO grant_history (run_id, source_id, change,"
	    " account_ext_id, account, entitlement_ext_id, entitlement, path,"
	    " at) SELECT run_id, source_id, change, account_ext_id, account,"
	    " entitlement_ext_id, entitlement, path, at FROM grant_history_all"
	    " WHERE id IS NULL ORDER BY account_ext_id, entitlement_ext_id;"
	    "DROP VIEW grant_history_all; DROP TABLE grant_baseline;"
	    " DROP TABLE assignment_digest",
	    &e_));
	OK(db_exec(f->db, qf(f, "SELECT 'PRAGMA user_version = %zu'", v), &e_));
	reopen(f);
	assert_int_equal(db_schema_version(f->db), DB_SCHEMA_VERSION);
	assert_string_equal(q(f,
				"SELECT count(*), count(id) FROM"
				" grant_history_all WHERE change = 'added'"),
	    "12000|12000");

	s = sopen(f, "corp", "ad");
	emit_bulk(s, 1);
	st = commit(s);
	assert_int_equal(st.added, 120);
	assert_int_equal(st.removed, 120);
	assert_string_equal(q(f, "SELECT count(*) FROM grant_history_all"),
	    "12240");
	assert_string_equal(q(f, "SELECT count(*) FROM assignment_digest"),
	    "1200");
	OK(db_exec(f->db,
	    "CREATE TEMP TABLE asg_before AS SELECT id, principal_id,"
	    " entitlement_id FROM assignment",
	    &e_));

	/* the same again: every account's digest matches, nothing moves */
	s = sopen(f, "corp", "ad");
	emit_bulk(s, 1);
	st = commit(s);
	assert_int_equal(st.added, 0);
	assert_int_equal(st.removed, 0);
	assert_string_equal(q(f,
				"SELECT count(*) FROM assignment a JOIN"
				" temp.asg_before b USING (id, principal_id,"
				" entitlement_id)"),
	    "12000");
	assert_string_equal(q(f, "SELECT count(*) FROM grant_history_all"),
	    "12240");
	assert_string_equal(q(f, "PRAGMA integrity_check"), "ok");
}

/*
 * Killed inside a first load's bulk step, its table's secondary indexes
 * dropped and the rows half in: the next opener has the indexes, whole,
 * and none of the load.
 */
static void
test_killed_mid_bulk_load(void **state)
{
	struct fx *f = *state;
	char *indexes = xstrdup(q(f, indexes_sql));
	pid_t pid;
	int status;

	db_close(f->db);
	f->db = NULL;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct db *db;
		struct sink *ks;
		struct err e = ERR_INIT;

		/* the 6,000th grant's insert kills: mid-statement, mid-WAL */
		if (db_open(&db, f->path, 0, &e) != 0 ||
		    sqlite3_create_function(db->conn, "test_die", 0,
			SQLITE_UTF8, NULL, die_now, NULL, NULL) != SQLITE_OK ||
		    sink_open(db, "corp", "ad", &ks, &e) != 0 ||
		    db_exec(db,
			"PRAGMA cache_size = 1;"
			"CREATE TEMP TRIGGER die BEFORE INSERT ON"
			" main.effective_grant WHEN new.account_id * 10 >="
			" 6000 BEGIN SELECT test_die(); END",
			&e) != 0)
			_exit(3);
		emit_bulk(ks, 0);
		sink_commit(ks, NULL, &e);
		_exit(5); /* the trigger should have killed us */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);

	reopen(f);
	assert_string_equal(q(f, indexes_sql), indexes);
	assert_string_equal(q(f, "PRAGMA integrity_check"), "ok");
	assert_string_equal(q(f,
				"SELECT (SELECT count(*) FROM effective_grant)"
				" + (SELECT count(*) FROM assignment)"
				" + (SELECT count(*) FROM grant_history)"),
	    "0");
	free(indexes);
}

/*
 * The grant id and first sighting the inventory gives are the grant's; its
 * last sighting is its source's last good sync, whatever the row holds.
 */
static void
test_inventory_ids(void **state)
{
	struct fx *f = *state;
	struct db_inventory_filter flt = { .all_tiers = 1 };
	struct err e = ERR_INIT;
	struct sb got = SB_INIT;

	sync_inventory(f);
	OK(db_exec(f->db,
	    "UPDATE effective_grant SET first_seen = '2001-0' || id,"
	    " last_seen = '2002-0' || id",
	    &e_));
	assert_int_equal(db_inventory(f->db, &flt, id_row, &got, &e), 0);
	assert_true(got.len > 0);
	got.buf[--got.len] = '\0'; /* q() puts no newline after the last */
	assert_string_equal(got.buf,
	    q(f,
		"SELECT g.id, p.name, n.name, '2001-0' || g.id,"
		" (SELECT r.finished_at FROM sync_run r WHERE r.id ="
		" s.last_run_id) FROM effective_grant g"
		" JOIN principal p ON p.id = g.account_id JOIN entitlement"
		" n ON n.id = g.entitlement_id JOIN source s ON s.id ="
		" g.source_id ORDER BY s.name, p.name, n.name"));
	assert_string_equal(q(f, "SELECT count(*) FROM effective_grant"), "6");
	sb_release(&got);
}

/*
 * The exit statuses of parc(1): bad usage, not allowed and not found are
 * three (issue 17), and data keeps its 4.
 */
static void
test_exit_codes(void **state)
{
	(void)state;
	assert_int_equal(err_exit_code(PARC_OK), 0);
	assert_int_equal(err_exit_code(PARC_EFOUND), 1);
	assert_int_equal(err_exit_code(PARC_EUSAGE), 2);
	assert_int_equal(err_exit_code(PARC_ECONFIG), 2);
	assert_int_equal(err_exit_code(PARC_ESOURCE), 3);
	assert_int_equal(err_exit_code(PARC_EDATA), 4);
	assert_int_equal(err_exit_code(PARC_EDB), 4);
	assert_int_equal(err_exit_code(PARC_EDENIED), 5);
	assert_int_equal(err_exit_code(PARC_ENOTFOUND), 6);
	assert_string_equal(err_name(PARC_EDENIED), "not allowed");
	assert_string_equal(err_name(PARC_ENOTFOUND), "not found");
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_migrate_new_file),
		T(test_migrate_from_v3),
		T(test_migrate_from_v4),
		T(test_migrate_from_v5),
		T(test_sink_not_in_transaction),
		T(test_foreign_keys_indexed),
		T(test_open_not_a_database),
		T(test_create_makes_private_folders),
		T(test_open_missing),
		T(test_open_newer_refused),
		T(test_open_readonly),
		T(test_open_while_writer_holds_lock),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_exit_codes),
		T(test_snapshot_replace),
		T(test_snapshot_empty),
		T(test_abort),
		T(test_commit_hook),
		T(test_sink_hint),
		T(test_commit_reference_errors),
		T(test_emit_errors),
		T(test_utf8_names_kept),
		T(test_killed_pull),
		T(test_live_pull),
		T(test_failed_merge),
		T(test_killed_mid_commit),
		T(test_dense_nesting),
		T(test_deep_nesting),
		T(test_nested_grant_ids),
		T(test_nested_groups),
		T(test_shortest_of_two_anchors),
		T(test_grant_history),
		T(test_bulk_first_load),
		T(test_killed_mid_bulk_load),
		T(test_assignment_digest),
		T(test_sink_skip),
		T(test_correlate_after),
		T(test_sink_skip_whole),
		T(test_sink_skip_refs),
		T(test_sink_skip_concurrent),
		T(test_sink_skip_moved),
		T(test_sink_skip_principal),
		T(test_sink_skip_grants),
		T(test_sink_skip_held),
		T(test_migrate_sink_digest),
		T(test_people),
		T(test_overrides),
		T(test_people_errors),
		T(test_person_removed),
		T(test_inventory),
		T(test_inventory_stops),
		T(test_inventory_ids),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
