/* db.c - opening, migrating, and the shared read queries. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/dbint.h"
#include "db/schema.h"
#include "db/vocab.h"
#include "lib/priv.h"

int
db_fail(struct db *db, struct err *e, const char *what)
{
	return err_set(e, PARC_EDB, "database %s: %s: %s", db->path, what,
	    sqlite3_errmsg(db->conn));
}

int
db_prepare(struct db *db, const char *sql, sqlite3_stmt **st, struct err *e)
{
	if (sqlite3_prepare_v2(db->conn, sql, -1, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return db_fail(db, e, "prepare");
	}
	return 0;
}

void
db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

void
db_bind_tristate(sqlite3_stmt *st, int i, int v)
{
	if (v < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int(st, i, v != 0);
}

const char *
db_col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int
db_step_done(struct db *db, sqlite3_stmt *st, struct err *e, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_fail(db, e, what);
		sqlite3_reset(st);
		return PARC_EDB;
	}
	sqlite3_reset(st);
	return 0;
}

void
db_now(char buf[21])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *
db_default_path(void)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	struct sb sb = SB_INIT;

	if (xdg != NULL && xdg[0] == '/')
		sb_addf(&sb, "%s/parc/parc.db", xdg);
	else
		sb_addf(&sb, "%s/.local/share/parc/parc.db",
		    home && *home ? home : ".");
	return sb_detach(&sb);
}

/* mkdir -p of path's parent directories, mode 0700 (the data is private). */
static int
make_parents(const char *path, struct err *e)
{
	char *dir = xstrdup(path), *p;
	int rc = 0;

	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			rc = err_set(e, PARC_EIO, "cannot create %s: %s", dir,
			    strerror(errno));
			break;
		}
		*p = '/';
	}
	free(dir);
	return rc;
}

/* More tries after the busy timeout gave up: a queue of writers. */
#define BEGIN_TRIES 20

int
db_begin(struct db *db, struct err *e)
{
	int tries;

	if (!sqlite3_get_autocommit(db->conn))
		return 0;
	for (tries = 0;; tries++) {
		if (db_exec(db, "BEGIN IMMEDIATE", e) == 0)
			return 1;
		if ((sqlite3_errcode(db->conn) & 0xff) != SQLITE_BUSY ||
		    tries >= BEGIN_TRIES)
			return PARC_EDB;
		usleep(20000 + (useconds_t)(rand() % 30000));
	}
}

int
db_end(struct db *db, int own, int rc, struct err *e)
{
	if (own != 1)
		return rc;
	if (rc == 0)
		rc = db_exec(db, "COMMIT", e);
	if (rc != 0)
		db_exec(db, "ROLLBACK", NULL);
	return rc;
}

int
db_exec(struct db *db, const char *sql, struct err *e)
{
	char *msg = NULL;

	if (sqlite3_exec(db->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, PARC_EDB, "database %s: %s", db->path,
		    msg ? msg : sqlite3_errmsg(db->conn));
		sqlite3_free(msg);
		return PARC_EDB;
	}
	return 0;
}

int64_t
db_count(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = 0;

	if (sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

int
db_schema_version(struct db *db)
{
	return (int)db_count(db, "PRAGMA user_version");
}

static int
migrate(struct db *db, struct err *e)
{
	char sql[64];
	int v, own, rc = 0;

	/*
	 * Up to date (nearly always): no write lock, so opening never waits
	 * for a sync that is merging a large snapshot.
	 */
	if (db_schema_version(db) == (int)db_nmigrations)
		return 0;
	/* IMMEDIATE: two processes opening a fresh file must not both migrate.
	 */
	if ((own = db_begin(db, e)) < 0)
		return own;
	v = db_schema_version(db);
	if (v > (int)db_nmigrations)
		rc = err_set(e, PARC_EDB,
		    "database %s has schema version %d; this parc knows up to "
		    "%d (upgrade parc)",
		    db->path, v, (int)db_nmigrations);
	for (; rc == 0 && v < (int)db_nmigrations; v++) {
		if ((rc = db_exec(db, db_migrations[v], e)) != 0) {
			err_prefix(e, "migration %d: ", v + 1);
			break;
		}
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		rc = db_exec(db, sql, e);
	}
	return db_end(db, own, rc, e);
}

/*
 * parc_severity_rank(NAME): the rank db/vocab.h gives a finding severity
 * (0 low ... 3 critical), NULL for a word that is none.
 */
static void
sql_severity_rank(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct severity *s =
	    severity_find((const char *)sqlite3_value_text(argv[0]));

	(void)argc;
	if (s != NULL)
		sqlite3_result_int(ctx, s->rank);
	else
		sqlite3_result_null(ctx);
}

int
db_open(struct db **out, const char *path, int flags, struct err *e)
{
	struct db *db;
	struct stat st;
	int oflags, rc, fd;

	*out = NULL;
	/* stat, not access: a setgid parc looks with its group's rights */
	if (strcmp(path, ":memory:") != 0 && stat(path, &st) != 0) {
		if (!(flags & DB_CREATE))
			return err_set(e, PARC_ECONFIG,
			    "no database at %s (run parc init)", path);
		if ((rc = make_parents(path, e)) != 0)
			return rc;
		/*
		 * Made here, 0600, rather than by SQLite under the umask: the
		 * WAL and SHM take the database's mode (SQLite copies it), so
		 * no part of it is ever readable by others. parc init widens
		 * it to a group with --shared.
		 */
		if ((fd = open(path,
			 O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			 0600)) >= 0)
			close(fd);
		else if (errno != EEXIST)
			return err_set(e, PARC_EIO, "cannot create %s: %s",
			    path, strerror(errno));
	}
	/*
	 * No memory statistics (parc reads none): with them every SQLite
	 * allocation took a global mutex, 6% of campaign create's
	 * instructions. Only before SQLite starts; refused later, harmless.
	 */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	oflags = (flags & DB_READONLY) ? SQLITE_OPEN_READONLY
				       : SQLITE_OPEN_READWRITE;
	if (flags & DB_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &db->conn, oflags | SQLITE_OPEN_NOMUTEX,
		NULL) != SQLITE_OK) {
		rc = err_set(e, PARC_EDB, "cannot open database %s: %s", path,
		    db->conn ? sqlite3_errmsg(db->conn) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(db->conn, 1);
	sqlite3_busy_timeout(db->conn, DB_BUSY_MS);
	if (sqlite3_create_function(db->conn, "parc_severity_rank", 1,
		SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_severity_rank,
		NULL, NULL) != SQLITE_OK) {
		rc = db_fail(db, e, "register parc_severity_rank");
		goto fail;
	}
	if ((rc = db_exec(db, "PRAGMA foreign_keys = ON", e)) != 0)
		goto fail;
	if (!(flags & DB_READONLY)) {
		if ((rc = db_exec(db,
			 "PRAGMA journal_mode = WAL;"
			 "PRAGMA synchronous = NORMAL;",
			 e)) != 0)
			goto fail;
		if ((rc = migrate(db, e)) != 0)
			goto fail;
	} else if (db_schema_version(db) < (int)db_nmigrations &&
	    strcmp(path, ":memory:") != 0) {
		/* A write is due after all: the migrations. */
		db_close(db);
		return db_open(out, path, flags & ~DB_READONLY, e);
	} else if (db_schema_version(db) != (int)db_nmigrations) {
		rc = err_set(e, PARC_EDB,
		    "database %s has schema version %d, this parc needs %d",
		    path, db_schema_version(db), (int)db_nmigrations);
		goto fail;
	}
	/*
	 * Temporary staging tables can grow large: keep them on disk; but not
	 * when setgid for someone else, whose own files (TMPDIR) they would
	 * be, holding rows of a database they may not read (lib/priv.h).
	 */
	db_exec(db,
	    priv_elevated() && getuid() != 0 ? "PRAGMA temp_store = MEMORY"
					     : "PRAGMA temp_store = FILE",
	    NULL);
	*out = db;
	return 0;
fail:
	db_close(db);
	return rc;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	sqlite3_close_v2(db->conn);
	free(db->path);
	free(db);
}

const char *
db_path(const struct db *db)
{
	return db->path;
}

/* ---- sources ---- */

int
db_sources(struct db *db, int (*fn)(const struct db_source_row *row, void *arg),
    void *arg, struct err *e)
{
	static const char sql[] =
	    "SELECT s.id, s.name, s.kind, r.status, r.started_at,"
	    " r.finished_at, r.error,"
	    " (SELECT count(*) FROM principal p WHERE p.source_id = s.id),"
	    " (SELECT count(*) FROM membership m WHERE m.source_id = s.id),"
	    " (SELECT count(*) FROM entitlement n WHERE n.source_id = s.id),"
	    " (SELECT count(*) FROM assignment a WHERE a.source_id = s.id),"
	    " (SELECT count(*) FROM effective_grant g WHERE g.source_id = "
	    "s.id),"
	    " coalesce(r.added, 0), coalesce(r.removed, 0),"
	    " coalesce(r.duration_ms, 0), r.id,"
	    " (SELECT count(*) FROM identity i WHERE i.source_id = s.id),"
	    " (SELECT k.finished_at FROM sync_run k WHERE k.source_id = s.id"
	    "  AND k.status = 'ok' ORDER BY k.id DESC LIMIT 1)"
	    " FROM source s LEFT JOIN sync_run r ON r.id ="
	    "  (SELECT max(id) FROM sync_run WHERE source_id = s.id)"
	    " ORDER BY s.name";
	struct db_source_row row;
	sqlite3_stmt *st;
	int rc, ret = 0;

	if (db_prepare(db, sql, &st, e) != 0)
		return PARC_EDB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row.id = sqlite3_column_int64(st, 0);
		row.name = db_col_text(st, 1);
		row.kind = db_col_text(st, 2);
		row.last_status = db_col_text(st, 3);
		row.last_started = db_col_text(st, 4);
		row.last_finished = db_col_text(st, 5);
		row.last_error = db_col_text(st, 6);
		row.principals = sqlite3_column_int64(st, 7);
		row.memberships = sqlite3_column_int64(st, 8);
		row.entitlements = sqlite3_column_int64(st, 9);
		row.assignments = sqlite3_column_int64(st, 10);
		row.grants = sqlite3_column_int64(st, 11);
		row.added = sqlite3_column_int64(st, 12);
		row.removed = sqlite3_column_int64(st, 13);
		row.duration_ms = sqlite3_column_int64(st, 14);
		row.people = sqlite3_column_int64(st, 16);
		row.last_ok = db_col_text(st, 17);
		/* a run left "running" by a killed sync */
		if (row.last_status != NULL &&
		    strcmp(row.last_status, "running") == 0 &&
		    !db_run_alive(db, sqlite3_column_int64(st, 15))) {
			row.last_status = "interrupted";
			if (row.last_error == NULL)
				row.last_error = "the pull stopped before it "
						 "finished (process killed?)";
		}
		if ((ret = fn(&row, arg)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, e, "list sources");
	sqlite3_finalize(st);
	return ret;
}

/* The grant_row view's columns, numbered by the GC_ constants below. */
static const char *const grant_col_names[] = { "grant_id", "source",
	"source_kind", "host", "account", "account_kind", "enabled", "person",
	"employee_id", "entitlement", "entitlement_kind", "scope", "tier",
	"reason", "techniques", "path", "last_used", "first_seen", "last_seen",
	"findings", "identity_id", "state", "expires_at" };

enum {
	GC_ID,
	GC_SOURCE,
	GC_SOURCE_KIND,
	GC_HOST,
	GC_ACCOUNT,
	GC_ACCOUNT_KIND,
	GC_ENABLED,
	GC_PERSON,
	GC_EMPLOYEE_ID,
	GC_ENTITLEMENT,
	GC_ENTITLEMENT_KIND,
	GC_SCOPE,
	GC_TIER,
	GC_REASON,
	GC_TECHNIQUES,
	GC_PATH,
	GC_LAST_USED,
	GC_FIRST_SEEN,
	GC_LAST_SEEN,
	GC_FINDINGS,
	GC_IDENTITY_ID,
	GC_STATE,
	GC_EXPIRES_AT,
	GC_COUNT
};

void
db_col_map(sqlite3_stmt *st, const char *const *names, size_t n, int *pos)
{
	int i, ncols = sqlite3_column_count(st);
	const char *name;
	size_t k;

	for (k = 0; k < n; k++) {
		pos[k] = -1;
		for (i = 0; i < ncols; i++)
			if ((name = sqlite3_column_name(st, i)) != NULL &&
			    strcmp(name, names[k]) == 0) {
				pos[k] = i;
				break;
			}
	}
}

const char *
db_col_text_at(sqlite3_stmt *st, int pos)
{
	return pos < 0 ? NULL : db_col_text(st, pos);
}

int64_t
db_col_int_at(sqlite3_stmt *st, int pos, int64_t dflt)
{
	if (pos < 0 || sqlite3_column_type(st, pos) == SQLITE_NULL)
		return dflt;
	return sqlite3_column_int64(st, pos);
}

static void
grant_row_read(sqlite3_stmt *st, const int *c, struct db_grant_row *r)
{
	r->grant_id = db_col_int_at(st, c[GC_ID], 0);
	r->source = db_col_text_at(st, c[GC_SOURCE]);
	r->source_kind = db_col_text_at(st, c[GC_SOURCE_KIND]);
	r->host = db_col_text_at(st, c[GC_HOST]);
	r->account = db_col_text_at(st, c[GC_ACCOUNT]);
	r->account_kind = db_col_text_at(st, c[GC_ACCOUNT_KIND]);
	r->enabled = (int)db_col_int_at(st, c[GC_ENABLED], -1);
	r->person = db_col_text_at(st, c[GC_PERSON]);
	r->employee_id = db_col_text_at(st, c[GC_EMPLOYEE_ID]);
	r->entitlement = db_col_text_at(st, c[GC_ENTITLEMENT]);
	r->entitlement_kind = db_col_text_at(st, c[GC_ENTITLEMENT_KIND]);
	r->scope = db_col_text_at(st, c[GC_SCOPE]);
	r->tier = (int)db_col_int_at(st, c[GC_TIER], -1);
	r->reason = db_col_text_at(st, c[GC_REASON]);
	r->techniques = db_col_text_at(st, c[GC_TECHNIQUES]);
	r->path = db_col_text_at(st, c[GC_PATH]);
	r->last_used = db_col_text_at(st, c[GC_LAST_USED]);
	r->first_seen = db_col_text_at(st, c[GC_FIRST_SEEN]);
	r->last_seen = db_col_text_at(st, c[GC_LAST_SEEN]);
	r->findings = db_col_text_at(st, c[GC_FINDINGS]);
	r->state = db_col_text_at(st, c[GC_STATE]);
	r->expires_at = db_col_text_at(st, c[GC_EXPIRES_AT]);
}

int
db_grants_walk(struct db *db, sqlite3_stmt *st,
    int (*fn)(const struct db_grant_row *row, void *arg), void *arg,
    const char *what, struct err *e)
{
	struct db_grant_row r;
	int c[GC_COUNT], rc, ret = 0;

	db_col_map(st, grant_col_names, GC_COUNT, c);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		grant_row_read(st, c, &r);
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, e, what);
	sqlite3_finalize(st);
	return ret;
}

/* ---- inventory ---- */

int
db_inventory(struct db *db, const struct db_inventory_filter *f,
    int (*fn)(const struct db_grant_row *row, void *arg), void *arg,
    struct err *e)
{
	static const char sql[] =
	    "SELECT * FROM grant_row"
	    " WHERE (?1 IS NULL OR source = ?1)"
	    " AND (?2 OR tier <= 2)"
	    " AND (NOT ?3 OR identity_id IS NULL)"
	    " ORDER BY source, account, entitlement, grant_id";
	sqlite3_stmt *st;

	if (db_prepare(db, sql, &st, e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, f ? f->source : NULL);
	sqlite3_bind_int(st, 2, f ? f->all_tiers != 0 : 0);
	sqlite3_bind_int(st, 3, f ? f->uncorrelated != 0 : 0);
	return db_grants_walk(db, st, fn, arg, "inventory", e);
}

int
db_uncorrelated(struct db *db,
    int (*fn)(const struct db_principal_row *row, void *arg), void *arg,
    struct err *e)
{
	static const char sql[] =
	    "SELECT s.name, p.host, p.name, p.kind, p.display_name, p.email,"
	    " coalesce(p.enabled, -1)"
	    " FROM principal p JOIN source s ON s.id = p.source_id"
	    " WHERE p.kind <> 'group' AND p.identity_id IS NULL"
	    " ORDER BY s.name, p.name";
	struct db_principal_row r;
	sqlite3_stmt *st;
	int rc, ret = 0;

	if (db_prepare(db, sql, &st, e) != 0)
		return PARC_EDB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.source = db_col_text(st, 0);
		r.host = db_col_text(st, 1);
		r.name = db_col_text(st, 2);
		r.kind = db_col_text(st, 3);
		r.display_name = db_col_text(st, 4);
		r.email = db_col_text(st, 5);
		r.enabled = sqlite3_column_int(st, 6);
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, e, "uncorrelated accounts");
	sqlite3_finalize(st);
	return ret;
}

/* ---- summary ---- */

int
db_summarize(struct db *db, struct db_summary *s, struct err *e)
{
	static const char sql[] =
	    "SELECT (SELECT count(*) FROM source),"
	    " (SELECT count(*) FROM identity),"
	    " (SELECT count(*) FROM identity WHERE status = 'terminated'),"
	    " (SELECT count(*) FROM principal WHERE kind <> 'group'),"
	    " (SELECT count(*) FROM principal WHERE kind = 'group'),"
	    " (SELECT count(*) FROM effective_grant),"
	    " (SELECT count(*) FROM entitlement),"
	    " (SELECT count(*) FROM principal WHERE kind <> 'group' AND"
	    "  identity_id IS NULL),"
	    " (SELECT count(*) FROM finding)";
	static const char tiers[] =
	    "SELECT coalesce(n.tier, -1), count(*) FROM effective_grant g"
	    " JOIN entitlement n ON n.id = g.entitlement_id GROUP BY 1";
	sqlite3_stmt *st;
	int t;

	memset(s, 0, sizeof(*s));
	if (db_prepare(db, sql, &st, e) != 0)
		return PARC_EDB;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(db, e, "summary");
	}
	s->sources = sqlite3_column_int64(st, 0);
	s->people = sqlite3_column_int64(st, 1);
	s->terminated = sqlite3_column_int64(st, 2);
	s->accounts = sqlite3_column_int64(st, 3);
	s->groups = sqlite3_column_int64(st, 4);
	s->grants = sqlite3_column_int64(st, 5);
	s->entitlements = sqlite3_column_int64(st, 6);
	s->uncorrelated = sqlite3_column_int64(st, 7);
	s->findings = sqlite3_column_int64(st, 8);
	sqlite3_finalize(st);
	if (db_prepare(db, tiers, &st, e) != 0)
		return PARC_EDB;
	while (sqlite3_step(st) == SQLITE_ROW) {
		t = sqlite3_column_int(st, 0);
		if (t >= 0 && t <= 3)
			s->tier[t] = sqlite3_column_int64(st, 1);
		else
			s->unclassified += sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return 0;
}

/* ---- correlation ---- */

/*
 * Each rule yields an identity only when exactly one matches, so a shared
 * mailbox or a reused login ties to nobody rather than to the wrong
 * person. FROM names the accounts matched (p).
 */
#define CORRELATE(FROM)                                                      \
	"WITH m AS (SELECT p.id AS pid,"                                     \
	" (SELECT i.id FROM correlation_override o JOIN source s ON"         \
	"   s.name = o.source JOIN identity i ON"                            \
	"   i.employee_id = o.employee_id"                                   \
	"   WHERE s.id = p.source_id AND o.account = p.name) AS by_ov,"      \
	" (SELECT i.id FROM identity i WHERE p.employee_id IS NOT NULL"      \
	"   AND i.employee_id = p.employee_id) AS by_emp,"                   \
	" (SELECT CASE WHEN count(*) = 1 THEN min(i.id) END FROM"            \
	"   identity i WHERE lower(i.email) IN (lower(p.email),"             \
	"   lower(p.upn))) AS by_mail,"                                      \
	" (SELECT CASE WHEN count(*) = 1 THEN min(i.id) END FROM"            \
	"   identity i WHERE lower(i.login) = lower(p.name)) AS by_login"    \
	" FROM " FROM " WHERE p.kind <> 'group')"                            \
	" UPDATE principal SET"                                              \
	" identity_id = coalesce(m.by_ov, m.by_emp, m.by_mail, m.by_login)," \
	" correlated_by = CASE WHEN m.by_ov IS NOT NULL THEN 'override'"     \
	"  WHEN m.by_emp IS NOT NULL THEN 'employee_id'"                     \
	"  WHEN m.by_mail IS NOT NULL THEN 'email'"                          \
	"  WHEN m.by_login IS NOT NULL THEN 'login' END"                     \
	" FROM m WHERE m.pid = principal.id"                                 \
	" AND (principal.identity_id IS NOT coalesce(m.by_ov, m.by_emp,"     \
	"  m.by_mail, m.by_login) OR principal.correlated_by IS NOT"         \
	"  CASE WHEN m.by_ov IS NOT NULL THEN 'override'"                    \
	"  WHEN m.by_emp IS NOT NULL THEN 'employee_id'"                     \
	"  WHEN m.by_mail IS NOT NULL THEN 'email'"                          \
	"  WHEN m.by_login IS NOT NULL THEN 'login' END)"

int
db_correlate(struct db *db, struct err *e)
{
	return db_exec(db, CORRELATE("principal p"), e);
}

/*
 * The overrides' fingerprint (their rows in key order, hashed), as 16
 * hex digits in buf, with the rules' version before it: what a later
 * correlation compares to tell that the overrides changed.
 */
static int
overrides_print(struct db *db, char buf[24], struct err *e)
{
	sqlite3_stmt *st;
	uint64_t h = 0xcbf29ce484222325ull;
	int rc, i;

	if (db_prepare(db,
		"SELECT source, account, employee_id FROM correlation_override"
		" ORDER BY source, account",
		&st, e) != 0)
		return PARC_EDB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (i = 0; i < 3; i++) {
			const unsigned char *p = sqlite3_column_text(st, i);

			for (; p != NULL && *p != '\0'; p++)
				h = (h ^ *p) * 0x100000001b3ull;
			h = (h ^ 0x100u) * 0x100000001b3ull;
		}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, e, "read the overrides");
	snprintf(buf, 24, "1:%016llx", (unsigned long long)h);
	return 0;
}

int
db_correlate_after(struct db *db, int people_changed, struct err *e)
{
	sqlite3_stmt *st;
	char print[24];
	int same = 0, rc;

	if ((rc = overrides_print(db, print, e)) != 0)
		return rc;
	if (!people_changed) {
		if (db_prepare(db,
			"SELECT value = ?1 FROM meta"
			" WHERE key = 'correlated_overrides'",
			&st, e) != 0)
			return PARC_EDB;
		db_bind_text(st, 1, print);
		same =
		    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		if (same)
			return db_exec(db,
			    CORRELATE("temp.corr_ids c CROSS JOIN principal p"
				      " ON p.id = c.id"),
			    e);
	}
	if ((rc = db_correlate(db, e)) != 0)
		return rc;
	if (db_prepare(db,
		"INSERT OR REPLACE INTO meta (key, value)"
		" VALUES ('correlated_overrides', ?1)",
		&st, e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, print);
	rc = db_step_done(db, st, e, "record the correlation");
	sqlite3_finalize(st);
	return rc;
}

int
db_set_overrides(struct db *db, const struct db_override *ov, size_t n,
    struct err *e)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if ((rc = db_exec(db, "DELETE FROM correlation_override", e)) != 0)
		return rc;
	if (n == 0)
		return 0;
	if (db_prepare(db,
		"INSERT OR REPLACE INTO correlation_override"
		" (source, account, employee_id) VALUES (?, ?, ?)",
		&st, e) != 0)
		return PARC_EDB;
	for (i = 0; i < n && rc == 0; i++) {
		db_bind_text(st, 1, ov[i].source);
		db_bind_text(st, 2, ov[i].account);
		db_bind_text(st, 3, ov[i].employee_id);
		rc = db_step_done(db, st, e, "correlation override");
	}
	sqlite3_finalize(st);
	return rc;
}
