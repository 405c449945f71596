/*
 * campaign.c - certification campaigns, frozen review items, decisions and
 * the exceptions register.
 *
 * Every change is one BEGIN IMMEDIATE transaction that also appends to the
 * audit chain, so a refused or failed action changes nothing and a crash
 * loses nothing that was acknowledged.
 */
#include <ctype.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "db/audit.h"
#include "db/campaign.h"
#include "db/dbint.h"
#include "db/finding.h"

#define NAME_MAX_LEN 100
#define COMMENT_MAX_LEN 4000

/* ---- small helpers ---- */

/* "root" or "root as alice", for the audit chain. malloc'd. */
static char *
actor_label(const struct actor *a)
{
	struct sb sb = SB_INIT;

	sb_adds(&sb, a != NULL && a->login != NULL ? a->login : "parc");
	if (a != NULL && a->as != NULL) {
		sb_adds(&sb, " as ");
		sb_adds(&sb, a->as);
	}
	return sb_detach(&sb);
}

/* True when s is a real calendar date written YYYY-MM-DD. */
static int
valid_date(const char *s)
{
	struct tm tm;
	char back[11];
	const char *end;

	if (s == NULL || strlen(s) != 10)
		return 0;
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(s, "%Y-%m-%d", &tm)) == NULL || *end != '\0')
		return 0;
	tm.tm_hour = 12;
	timegm(&tm);
	strftime(back, sizeof(back), "%Y-%m-%d", &tm);
	return strcmp(back, s) == 0;
}

static void
today(const char *now, char out[11])
{
	char buf[21];

	if (now == NULL) {
		db_now(buf);
		now = buf;
	}
	snprintf(out, 11, "%.10s", now);
}

/* A printable, bounded, UTF-8 text (names, comments). */
static int
check_text(const char *what, const char *s, size_t max, struct err *e)
{
	const unsigned char *p;

	if (s == NULL || *s == '\0')
		return err_set(e, PARC_EUSAGE, "%s is empty", what);
	if (strlen(s) > max)
		return err_set(e, PARC_EUSAGE, "%s is longer than %zu bytes",
		    what, max);
	if (!utf8_valid(s, strlen(s)))
		return err_set(e, PARC_EUSAGE, "%s is not valid UTF-8", what);
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return err_set(e, PARC_EUSAGE,
			    "%s contains a control character", what);
	return 0;
}

static int
check_login(const char *what, const char *s, struct err *e)
{
	int rc;

	/* check_text refuses NULL too; said here so the compiler sees it. */
	if (s == NULL)
		return err_set(e, PARC_EUSAGE, "%s is empty", what);
	if ((rc = check_text(what, s, 64, e)) != 0)
		return rc;
	if (strpbrk(s, " :,=") != NULL)
		return err_set(e, PARC_EUSAGE, "%s '%s' is not a login", what,
		    s);
	return 0;
}

/*
 * A login someone can act as: one of this host (getpwnam), of the people
 * data, or holding a role. Catches a typo before items go to nobody.
 */
static int
known_login(struct db *db, const char *what, const char *login, struct err *e)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if ((rc = check_login(what, login, e)) != 0)
		return rc;
	if (getpwnam(login) != NULL)
		return 0;
	if (db_prepare(db,
		"SELECT 1 FROM identity WHERE lower(login) = lower(?1) UNION"
		" ALL SELECT 1 FROM role WHERE login = ?1 LIMIT 1",
		&st, e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, login);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!found)
		return err_set(e, PARC_EUSAGE,
		    "%s %s is neither a login of this host nor one of the "
		    "people data",
		    what, login);
	return 0;
}

/* Begin a write transaction, retrying while another writer holds it. */
static int
begin(struct db *db, struct err *e)
{
	int tries;

	for (tries = 0;; tries++) {
		if (db_exec(db, "BEGIN IMMEDIATE", e) == 0)
			return 0;
		if ((sqlite3_errcode(db->conn) & 0xff) != SQLITE_BUSY ||
		    tries >= 20)
			return PARC_EDB;
		usleep(20000 + (useconds_t)(rand() % 30000));
	}
}

static int
end(struct db *db, int rc, struct err *e)
{
	if (rc == 0)
		rc = db_exec(db, "COMMIT", e);
	if (rc != 0)
		db_exec(db, "ROLLBACK", NULL);
	return rc;
}

/* ---- recurrence ---- */

/*
 * Turn "quarter", "month" or "N days" into an SQLite date modifier
 * ("+3 months") in out. Returns 0 or PARC_EUSAGE.
 */
static int
every_modifier(const char *every, char *out, size_t len, struct err *e)
{
	char *end;
	long n;

	if (strcmp(every, "quarter") == 0)
		snprintf(out, len, "+3 months");
	else if (strcmp(every, "month") == 0)
		snprintf(out, len, "+1 months");
	else {
		n = strtol(every, &end, 10);
		if (end == every || n < 1 || n > 3660 ||
		    (strcmp(end, " days") != 0 && strcmp(end, "days") != 0 &&
			strcmp(end, " day") != 0 && strcmp(end, "") != 0))
			return err_set(e, PARC_EUSAGE,
			    "--every wants quarter, month or N days, not "
			    "'%s'",
			    every);
		snprintf(out, len, "+%ld days", n);
	}
	return 0;
}

/* ---- scope expressions ---- */

static const char *const scope_keys[] = { "source", "kind", "tier", "finding",
	"entitlement", "person", "since", NULL };

/*
 * Call fn for each key=value alternative of scope. A bad term fails with
 * PARC_EUSAGE naming it.
 */
static int
scope_walk(const char *scope,
    int (*fn)(const char *key, const char *val, void *arg), void *arg,
    struct err *e)
{
	const char *p = scope;
	char *term, *eq, *v, *comma;
	size_t n, i;
	int rc = 0;

	while (p != NULL && *p && rc == 0) {
		p += strspn(p, " \t");
		if ((n = strcspn(p, " \t")) == 0)
			break;
		term = xmalloc(n + 1);
		memcpy(term, p, n);
		term[n] = '\0';
		p += n;
		if ((eq = strchr(term, '=')) == NULL || eq == term ||
		    eq[1] == '\0') {
			rc = err_set(e, PARC_EUSAGE,
			    "scope term '%s' is not KEY=VALUE (keys: source, "
			    "kind, tier, finding, entitlement, person, since)",
			    term);
			free(term);
			break;
		}
		*eq = '\0';
		for (i = 0; scope_keys[i] != NULL; i++)
			if (strcmp(scope_keys[i], term) == 0)
				break;
		if (scope_keys[i] == NULL) {
			rc = err_set(e, PARC_EUSAGE,
			    "scope term '%s=%s': unknown key '%s' (source, "
			    "kind, tier, finding, entitlement, person, since)",
			    term, eq + 1, term);
			free(term);
			break;
		}
		for (v = eq + 1; v != NULL && rc == 0; v = comma) {
			if ((comma = strchr(v, ',')) != NULL)
				*comma++ = '\0';
			if (*v == '\0')
				rc = err_set(e, PARC_EUSAGE,
				    "scope term %s= has an empty value", term);
			else if (strcmp(term, "tier") == 0 &&
			    (strlen(v) != 1 || v[0] < '0' || v[0] > '3'))
				rc = err_set(e, PARC_EUSAGE,
				    "scope term tier=%s: a tier is 0, 1, 2 or "
				    "3",
				    v);
			else if (strcmp(term, "finding") == 0 &&
			    strcmp(v, "any") != 0 &&
			    finding_kind_find(v) == NULL)
				rc = err_set(e, PARC_EUSAGE,
				    "scope term finding=%s: no such finding "
				    "kind (see parc findings --help)",
				    v);
			else
				rc = fn(term, v, arg);
		}
		free(term);
	}
	return rc;
}

static int
scope_ok(const char *key, const char *val, void *arg)
{
	(void)key;
	(void)val;
	(void)arg;
	return 0;
}

int
campaign_scope_check(const char *scope, struct err *e)
{
	if (scope != NULL && check_text("the scope", scope, 2000, e) != 0)
		return PARC_EUSAGE;
	return scope_walk(scope, scope_ok, NULL, e);
}

struct scope_load {
	struct db *db;
	sqlite3_stmt *st;
	struct err *e;
};

static int
scope_insert(const char *key, const char *val, void *arg)
{
	struct scope_load *sl = arg;

	if (strcmp(key, "since") == 0) {
		sqlite3_stmt *st;
		int found;

		if (db_prepare(sl->db, "SELECT 1 FROM campaign WHERE name = ?1",
			&st, sl->e) != 0)
			return PARC_EDB;
		db_bind_text(st, 1, val);
		found = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
		if (!found)
			return err_set(sl->e, PARC_ENOTFOUND,
			    "scope term since=%s: no campaign called '%s'", val,
			    val);
	}
	db_bind_text(sl->st, 1, key);
	db_bind_text(sl->st, 2, val);
	return db_step_done(sl->db, sl->st, sl->e, "load the scope");
}

/* Fill temp.scope with the terms of scope. */
static int
scope_load(struct db *db, const char *scope, struct err *e)
{
	struct scope_load sl = { db, NULL, e };
	int rc;

	if ((rc = db_exec(db,
		 "DROP TABLE IF EXISTS temp.scope;"
		 "CREATE TEMP TABLE scope (key TEXT NOT NULL, v TEXT NOT"
		 " NULL);",
		 e)) != 0)
		return rc;
	if (db_prepare(db, "INSERT INTO temp.scope VALUES (?1, ?2)", &sl.st,
		e) != 0)
		return PARC_EDB;
	rc = scope_walk(scope, scope_insert, &sl, e);
	sqlite3_finalize(sl.st);
	return rc;
}

/* ---- creating ---- */

/* The SQL below is laid out by hand, to read as SQL. */
/* clang-format off */
/* Whether temp.scope has a term with key k (a SQL expression). */
#define HAS(k) "EXISTS (SELECT 1 FROM temp.scope WHERE key = '" k "')"
#define ANY(k, cond)                                                         \
	"EXISTS (SELECT 1 FROM temp.scope sc WHERE sc.key = '" k "' AND "   \
	cond ")"
#define FINDINGS_OF(g, p, i)                                                 \
	"(f.grant_id = " g " OR (f.grant_id IS NULL AND f.principal_id = " p \
	") OR (f.grant_id IS NULL AND f.principal_id IS NULL AND"            \
	" f.identity_id = " i "))"

/*
 * Freeze the items of campaign :cid. :rule is the reviewer rule,
 * :fallback the fallback login, :reenter a date (exceptions expiring on
 * or before it come back) or NULL.
 */
static const char items_sql[] =
    "WITH c AS (SELECT g.id AS grant_id, s.name AS source,"
    " s.kind AS source_kind, coalesce(p.host, n.host) AS host,"
    " p.ext_id AS account_ext_id, p.name AS account,"
    " i.display_name AS person, i.employee_id, i.login AS plogin,"
    " n.ext_id AS entitlement_ext_id, n.name AS entitlement, n.tier,"
    " n.reason, g.path, coalesce(a.last_used_at, p.last_used_at) AS"
    " last_used,"
    " (SELECT json_group_array(json_object('kind', f.kind, 'severity',"
    "  f.severity, 'evidence', f.evidence, 'techniques',"
    "  coalesce(f.techniques, ''))) FROM finding f WHERE "
    FINDINGS_OF("g.id", "p.id", "p.identity_id") ") AS findings,"
    " CASE :rule WHEN 'manager' THEN (SELECT m.login FROM identity m"
    "  WHERE m.id = i.manager_id)"
    "  WHEN 'owner' THEN coalesce((SELECT o.login FROM identity o WHERE"
    "  o.employee_id = n.owner), (SELECT o.login FROM identity o WHERE"
    "  lower(o.login) = lower(n.owner) LIMIT 1), n.owner)"
    "  ELSE :rule END AS rr"
    " FROM effective_grant g JOIN source s ON s.id = g.source_id"
    " JOIN principal p ON p.id = g.account_id"
    " JOIN entitlement n ON n.id = g.entitlement_id"
    " LEFT JOIN assignment a ON a.id = g.assignment_id"
    " LEFT JOIN identity i ON i.id = p.identity_id"
    " WHERE ((NOT " HAS("tier") " AND n.tier <= 2) OR "
    ANY("tier", "CAST(sc.v AS INTEGER) = n.tier") ")"
    " AND (NOT " HAS("source") " OR "
    ANY("source", "lower(s.name) GLOB lower(sc.v)") ")"
    " AND (NOT " HAS("kind") " OR " ANY("kind", "s.kind = sc.v") ")"
    " AND (NOT " HAS("entitlement") " OR "
    ANY("entitlement", "lower(n.name) GLOB lower(sc.v)") ")"
    " AND (NOT " HAS("person") " OR "
    ANY("person", "i.employee_id = sc.v OR lower(i.login) = lower(sc.v)"
		  " OR lower(i.display_name) GLOB lower(sc.v)") ")"
    " AND (NOT " HAS("since") " OR "
    ANY("since", "g.first_seen > (SELECT created_at FROM campaign"
		 " WHERE name = sc.v)") ")"
    " AND (NOT " HAS("finding") " OR EXISTS (SELECT 1 FROM finding f"
    "  JOIN temp.scope sc ON sc.key = 'finding' AND (sc.v = 'any' OR"
    "  sc.v = f.kind) WHERE " FINDINGS_OF("g.id", "p.id", "p.identity_id")
    "))"
    " OR (:reenter IS NOT NULL AND g.id IN (SELECT x.grant_id FROM"
    "  review_item x WHERE x.decision = 'exception' AND x.until <="
    "  :reenter))),"
    " d AS (SELECT c.*, CASE WHEN rr IS NULL OR rr = '' THEN 1"
    "  WHEN plogin IS NOT NULL AND lower(rr) = lower(plogin) THEN 2"
    "  ELSE 0 END AS why FROM c)"
    " INSERT INTO review_item (campaign_id, grant_id, source, source_kind,"
    " host, account_ext_id, account, person, employee_id,"
    " entitlement_ext_id, entitlement, tier, reason, path, last_used,"
    " findings, nfindings, reviewer, reassigned_from)"
    " SELECT :cid, grant_id, source, source_kind, host, account_ext_id,"
    " account, person, employee_id, entitlement_ext_id, entitlement, tier,"
    " reason, path, last_used, findings, json_array_length(findings),"
    " CASE WHEN why = 0 THEN lower(rr)"
    "  WHEN plogin IS NOT NULL AND lower(:fallback) = lower(plogin)"
    "  THEN NULL ELSE lower(:fallback) END,"
    " CASE why WHEN 1 THEN 'the rule ' || :rule || ' names nobody'"
    "  WHEN 2 THEN rr || ' would review their own access' END"
    "  || CASE WHEN why <> 0 AND plogin IS NOT NULL AND lower(:fallback) ="
    "  lower(plogin) THEN '; the fallback ' || :fallback || ' is the"
    " person too: unassigned' ELSE '' END"
    /* no ORDER BY: the grants' own order (by account) halves the time */
    " FROM d";

/* clang-format on */

struct create_args {
	const struct campaign_spec *s;
	const char *who;      /* actor label */
	const char *fallback; /* resolved */
	const char *series;   /* NULL: the campaign starts a series */
	int seq;
	const char *reenter; /* date or NULL */
	const char *now;     /* ISO 8601 */
};

static int
bind_param(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		db_bind_text(st, i, v);
	return i;
}

/* Inside the caller's transaction. */
static int
create_in_tx(struct db *db, const struct create_args *ca, int64_t *idp,
    int64_t *np, int64_t *reentered, struct err *e)
{
	const struct campaign_spec *s = ca->s;
	const char *rule = s->reviewer ? s->reviewer : "manager";
	sqlite3_stmt *st = NULL;
	struct sb det = SB_INIT, obj = SB_INIT;
	int64_t id, n, self, cache = -2000;
	char pragma[64];
	int rc, i;

	if ((rc = db_prepare(db, "SELECT 1 FROM campaign WHERE name = ?1", &st,
		 e)) != 0)
		return rc;
	db_bind_text(st, 1, s->name);
	i = sqlite3_step(st);
	sqlite3_finalize(st);
	st = NULL;
	if (i == SQLITE_ROW)
		return err_set(e, PARC_EUSAGE,
		    "a campaign called '%s' exists already", s->name);
	if ((rc = scope_load(db, s->scope, e)) != 0)
		return rc;
	/* Freezing a million items touches nine indexes: a bigger cache. */
	cache = db_count(db, "PRAGMA cache_size");
	db_exec(db, "PRAGMA cache_size = -262144", NULL);
	if ((rc = db_prepare(db,
		 "INSERT INTO campaign (name, scope, reviewer_rule, fallback,"
		 " due, state, created_by, created_at, opened_at, every,"
		 " series, seq) VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?7, ?7,"
		 " ?8, coalesce(?9, ?1), ?10)",
		 &st, e)) != 0)
		goto out;
	db_bind_text(st, 1, s->name);
	db_bind_text(st, 2, s->scope);
	db_bind_text(st, 3, rule);
	db_bind_text(st, 4, ca->fallback);
	db_bind_text(st, 5, s->due);
	db_bind_text(st, 6, ca->who);
	db_bind_text(st, 7, ca->now);
	db_bind_text(st, 8, s->every);
	db_bind_text(st, 9, ca->series);
	sqlite3_bind_int(st, 10, ca->seq);
	rc = db_step_done(db, st, e, "create the campaign");
	sqlite3_finalize(st);
	st = NULL;
	if (rc != 0)
		goto out;
	id = sqlite3_last_insert_rowid(db->conn);
	if ((rc = db_prepare(db, items_sql, &st, e)) != 0)
		goto out;
	bind_param(st, ":rule", rule);
	bind_param(st, ":fallback", ca->fallback);
	bind_param(st, ":reenter", ca->reenter);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":cid"), id);
	if ((rc = db_step_done(db, st, e, "freeze the review items")) != 0)
		goto out;
	n = sqlite3_changes(db->conn);
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = db_prepare(db,
		 "SELECT count(*) FILTER (WHERE reassigned_from IS NOT NULL),"
		 " count(*) FILTER (WHERE grant_id IN (SELECT x.grant_id FROM"
		 " review_item x WHERE x.campaign_id <> ?1 AND x.decision ="
		 " 'exception' AND x.until <= ?2))"
		 " FROM review_item WHERE campaign_id = ?1",
		 &st, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, ca->reenter);
	self = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		self = sqlite3_column_int64(st, 0);
		if (reentered != NULL)
			*reentered =
			    ca->reenter ? sqlite3_column_int64(st, 1) : 0;
	}
	sqlite3_finalize(st);
	st = NULL;
	sb_adds(&det, "{\"name\": ");
	sb_add_json(&det, s->name);
	sb_adds(&det, ", \"scope\": ");
	sb_add_json(&det, s->scope);
	sb_adds(&det, ", \"reviewer\": ");
	sb_add_json(&det, rule);
	sb_adds(&det, ", \"fallback\": ");
	sb_add_json(&det, ca->fallback);
	sb_adds(&det, ", \"due\": ");
	sb_add_json(&det, s->due);
	sb_adds(&det, ", \"every\": ");
	sb_add_json(&det, s->every);
	sb_addf(&det, ", \"items\": %" PRId64 ", \"reassigned\": %" PRId64 "}",
	    n, self);
	sb_addf(&obj, "campaign:%" PRId64, id);
	if ((rc = audit_append(db, ca->who, "campaign.create", obj.buf, det.buf,
		 NULL, e)) != 0)
		goto out;
	if (idp != NULL)
		*idp = id;
	if (np != NULL)
		*np = n;
out:
	sqlite3_finalize(st);
	sb_release(&det);
	sb_release(&obj);
	db_exec(db, "DROP TABLE IF EXISTS temp.scope", NULL);
	snprintf(pragma, sizeof(pragma), "PRAGMA cache_size = %lld",
	    (long long)cache);
	db_exec(db, pragma, NULL);
	return rc;
}

int
campaign_create(struct db *db, const struct actor *a,
    const struct campaign_spec *s, int64_t *id, int64_t *nitems, struct err *e)
{
	struct create_args ca = { 0 };
	const char *rule = s->reviewer ? s->reviewer : "manager";
	char now[21], day[11], mod[32];
	char *who = NULL;
	int rc;

	if (!(a->roles & ROLE_ADMIN))
		return err_set(e, PARC_EUSAGE,
		    "only an admin may create campaigns, and %s is not one",
		    a->login);
	if ((rc = check_text("the campaign name", s->name, NAME_MAX_LEN, e)) !=
	    0)
		return rc;
	db_now(now);
	today(now, day);
	if (!valid_date(s->due))
		return err_set(e, PARC_EUSAGE,
		    "--due wants a date YYYY-MM-DD, not '%s'",
		    s->due ? s->due : "");
	if (strcmp(s->due, day) < 0)
		return err_set(e, PARC_EUSAGE, "the due date %s is in the past",
		    s->due);
	if (strcmp(rule, "manager") != 0 && strcmp(rule, "owner") != 0 &&
	    (rc = known_login(db, "--reviewer", rule, e)) != 0)
		return rc;
	if (s->fallback != NULL &&
	    (rc = known_login(db, "--fallback", s->fallback, e)) != 0)
		return rc;
	if (s->every != NULL &&
	    (rc = every_modifier(s->every, mod, sizeof(mod), e)) != 0)
		return rc;
	if ((rc = campaign_scope_check(s->scope, e)) != 0)
		return rc;
	who = actor_label(a);
	ca.s = s;
	ca.who = who;
	ca.fallback = s->fallback ? s->fallback : a->login;
	ca.seq = 1;
	ca.now = now;
	if ((rc = begin(db, e)) == 0)
		rc = end(db, create_in_tx(db, &ca, id, nitems, NULL, e), e);
	free(who);
	return rc;
}

/* ---- listing ---- */

static const char campaign_sql[] =
    "SELECT c.id, c.name, c.scope, c.reviewer_rule, c.fallback, c.every,"
    " c.due, c.state, c.created_by, c.created_at, c.closed_by, c.closed_at,"
    " c.close_default, c.series,"
    " coalesce(t.items, 0), coalesce(t.pending, 0), coalesce(t.approved, 0),"
    " coalesce(t.revoked, 0), coalesce(t.exceptions, 0),"
    " coalesce(t.overdue, 0), coalesce(t.unassigned, 0),"
    " coalesce(t.remediated, 0)"
    " FROM campaign c LEFT JOIN (SELECT campaign_id, count(*) AS items,"
    "  sum(decision = 'pending') AS pending,"
    "  sum(decision = 'approve') AS approved,"
    "  sum(decision = 'revoke') AS revoked,"
    "  sum(decision = 'exception') AS exceptions,"
    "  sum(overdue_at IS NOT NULL AND decision = 'pending') AS overdue,"
    "  sum(reviewer IS NULL) AS unassigned,"
    "  sum(remediated_at IS NOT NULL) AS remediated"
    "  FROM review_item WHERE ?1 IS NULL OR campaign_id = (SELECT id FROM"
    "  campaign WHERE name = ?1) GROUP BY campaign_id) t"
    "  ON t.campaign_id = c.id"
    " WHERE ?1 IS NULL OR c.name = ?1 ORDER BY c.id DESC";

static int
walk_campaigns(struct db *db, const char *name,
    int (*fn)(const struct campaign_row *r, void *arg), void *arg, int *count,
    struct err *e)
{
	struct campaign_row r;
	sqlite3_stmt *st;
	int step, ret = 0;

	*count = 0;
	if (db_prepare(db, campaign_sql, &st, e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, name);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		r.id = sqlite3_column_int64(st, 0);
		r.name = db_col_text(st, 1);
		r.scope = db_col_text(st, 2);
		r.reviewer_rule = db_col_text(st, 3);
		r.fallback = db_col_text(st, 4);
		r.every = db_col_text(st, 5);
		r.due = db_col_text(st, 6);
		r.state = db_col_text(st, 7);
		r.created_by = db_col_text(st, 8);
		r.created_at = db_col_text(st, 9);
		r.closed_by = db_col_text(st, 10);
		r.closed_at = db_col_text(st, 11);
		r.close_default = db_col_text(st, 12);
		r.series = db_col_text(st, 13);
		r.items = sqlite3_column_int64(st, 14);
		r.pending = sqlite3_column_int64(st, 15);
		r.approved = sqlite3_column_int64(st, 16);
		r.revoked = sqlite3_column_int64(st, 17);
		r.exceptions = sqlite3_column_int64(st, 18);
		r.overdue = sqlite3_column_int64(st, 19);
		r.unassigned = sqlite3_column_int64(st, 20);
		r.remediated = sqlite3_column_int64(st, 21);
		(*count)++;
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	if (ret == 0 && step != SQLITE_DONE)
		ret = db_fail(db, e, "read campaigns");
	sqlite3_finalize(st);
	return ret;
}

int
campaign_list(struct db *db, int (*fn)(const struct campaign_row *r, void *arg),
    void *arg, struct err *e)
{
	int n;

	return walk_campaigns(db, NULL, fn, arg, &n, e);
}

int
campaign_get(struct db *db, const char *name,
    int (*fn)(const struct campaign_row *r, void *arg), void *arg,
    struct err *e)
{
	int n, rc;

	if (name == NULL)
		return err_set(e, PARC_ENOTFOUND, "no campaign named");
	if ((rc = walk_campaigns(db, name, fn, arg, &n, e)) != 0)
		return rc;
	if (n == 0)
		return err_set(e, PARC_ENOTFOUND, "no campaign called '%s'",
		    name);
	return 0;
}

/* ---- closing ---- */

int
campaign_close(struct db *db, const struct actor *a, const char *name,
    int force, const char *outcome, int64_t *pending, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct sb det = SB_INIT, obj = SB_INIT;
	char now[21], *who = NULL;
	const char *state = NULL;
	int64_t id = 0, npending = 0;
	int rc;

	if (!(a->roles & ROLE_ADMIN))
		return err_set(e, PARC_EUSAGE,
		    "only an admin may close campaigns, and %s is not one",
		    a->login);
	if (outcome != NULL && strcmp(outcome, "keep") != 0 &&
	    strcmp(outcome, "revoke") != 0)
		return err_set(e, PARC_EUSAGE,
		    "the default outcome is keep or revoke, not '%s'", outcome);
	if ((rc = begin(db, e)) != 0)
		return rc;
	if ((rc = db_prepare(db,
		 "SELECT c.id, c.state, (SELECT count(*) FROM review_item i"
		 " WHERE i.campaign_id = c.id AND i.decision = 'pending')"
		 " FROM campaign c WHERE c.name = ?1",
		 &st, e)) != 0)
		goto out;
	db_bind_text(st, 1, name);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc =
		    err_set(e, PARC_ENOTFOUND, "no campaign called '%s'", name);
		goto out;
	}
	id = sqlite3_column_int64(st, 0);
	state = db_col_text(st, 1);
	npending = sqlite3_column_int64(st, 2);
	if (strcmp(state, "open") != 0) {
		rc = err_set(e, PARC_EUSAGE, "campaign '%s' is %s already",
		    name, state);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (npending > 0 && !force) {
		rc = err_set(e, PARC_EUSAGE,
		    "campaign '%s' has %" PRId64 " pending item%s; close it "
		    "with --force --default keep|revoke",
		    name, npending, npending == 1 ? "" : "s");
		goto out;
	}
	if (npending > 0 && outcome == NULL) {
		rc = err_set(e, PARC_EUSAGE,
		    "closing '%s' with %" PRId64 " pending items needs "
		    "--default keep or --default revoke",
		    name, npending);
		goto out;
	}
	who = actor_label(a);
	db_now(now);
	if ((rc = db_prepare(db,
		 "UPDATE campaign SET state = 'closed', closed_by = ?2,"
		 " closed_at = ?3, close_default = ?4 WHERE id = ?1",
		 &st, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, who);
	db_bind_text(st, 3, now);
	db_bind_text(st, 4, npending > 0 ? outcome : NULL);
	if ((rc = db_step_done(db, st, e, "close the campaign")) != 0)
		goto out;
	sb_adds(&det, "{\"name\": ");
	sb_add_json(&det, name);
	sb_addf(&det, ", \"pending\": %" PRId64 ", \"default\": ", npending);
	sb_add_json(&det, npending > 0 ? outcome : NULL);
	sb_addf(&det, ", \"forced\": %s}", force ? "true" : "false");
	sb_addf(&obj, "campaign:%" PRId64, id);
	rc = audit_append(db, who, "campaign.close", obj.buf, det.buf, NULL, e);
	if (pending != NULL)
		*pending = npending;
out:
	sqlite3_finalize(st);
	sb_release(&det);
	sb_release(&obj);
	free(who);
	return end(db, rc, e);
}

/* ---- tick ---- */

struct due_series {
	char *series, *name, *scope, *rule, *fallback, *every, *due;
	int seq;
};

int
campaign_tick(struct db *db, const struct actor *a, const char *now_opt,
    struct tick_stats *stp, struct err *e)
{
	struct tick_stats ts = { 0 };
	struct due_series *ds = NULL;
	size_t nds = 0, i;
	sqlite3_stmt *st = NULL;
	struct sb det = SB_INIT, name = SB_INIT;
	char now[21], day[11], mod[32], *who = actor_label(a);
	int rc = 0;

	if (now_opt != NULL)
		snprintf(now, sizeof(now), "%s", now_opt);
	else
		db_now(now);
	today(now, day);
	if (a != NULL && a->login != NULL && !(a->roles & ROLE_ADMIN)) {
		rc = err_set(e, PARC_EUSAGE,
		    "only an admin (or cron as one) may tick, and %s is not "
		    "one",
		    a->login);
		goto done;
	}
	/* The latest instance of every recurring series. */
	if ((rc = db_prepare(db,
		 "SELECT c.series, c.name, c.scope, c.reviewer_rule,"
		 " c.fallback, c.every, c.due, c.seq, c.opened_at"
		 " FROM campaign c WHERE c.every IS NOT NULL AND c.seq ="
		 " (SELECT max(seq) FROM campaign x WHERE x.series = c.series)"
		 " ORDER BY c.id",
		 &st, e)) != 0)
		goto done;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct due_series d = { 0 };
		sqlite3_stmt *q;
		struct err ignore = ERR_INIT;
		int due = 0;

		if (every_modifier(db_col_text(st, 5), mod, sizeof(mod),
			&ignore) != 0)
			continue;
		/* Due when the period since it opened has passed. */
		if (db_prepare(db,
			"SELECT date(?1, ?2) <= ?3,"
			" max(julianday(?4) - julianday(date(?1)), 1)",
			&q, e) != 0)
			continue;
		db_bind_text(q, 1, db_col_text(st, 8));
		db_bind_text(q, 2, mod);
		db_bind_text(q, 3, day);
		db_bind_text(q, 4, db_col_text(st, 6));
		if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0)) {
			due = 1;
			/* the same review window, from today */
			d.due = xmalloc(11);
			{
				sqlite3_stmt *q2;
				char m2[32];

				snprintf(m2, sizeof(m2), "+%d days",
				    (int)sqlite3_column_double(q, 1));
				if (db_prepare(db, "SELECT date(?1, ?2)", &q2,
					e) == 0) {
					db_bind_text(q2, 1, day);
					db_bind_text(q2, 2, m2);
					if (sqlite3_step(q2) == SQLITE_ROW)
						snprintf(d.due, 11, "%s",
						    db_col_text(q2, 0));
					sqlite3_finalize(q2);
				}
			}
		}
		sqlite3_finalize(q);
		if (!due) {
			free(d.due);
			continue;
		}
		d.series = xstrdup(db_col_text(st, 0));
		d.name = xstrdup(db_col_text(st, 1));
		d.scope =
		    db_col_text(st, 2) ? xstrdup(db_col_text(st, 2)) : NULL;
		d.rule = xstrdup(db_col_text(st, 3));
		d.fallback =
		    db_col_text(st, 4) ? xstrdup(db_col_text(st, 4)) : NULL;
		d.every = xstrdup(db_col_text(st, 5));
		d.seq = sqlite3_column_int(st, 7);
		ds = xrealloc(ds, (nds + 1) * sizeof(*ds));
		ds[nds++] = d;
	}
	sqlite3_finalize(st);
	st = NULL;

	for (i = 0; i < nds && rc == 0; i++) {
		struct campaign_spec s = { 0 };
		struct create_args ca = { 0 };
		struct err one = ERR_INIT;
		int64_t n = 0, re = 0;
		int r;

		sb_reset(&name);
		sb_addf(&name, "%s-%d", ds[i].series, ds[i].seq + 1);
		s.name = name.buf;
		s.due = ds[i].due;
		s.scope = ds[i].scope;
		s.reviewer = ds[i].rule;
		s.fallback = ds[i].fallback;
		s.every = ds[i].every;
		ca.s = &s;
		ca.who = who;
		ca.fallback = ds[i].fallback ? ds[i].fallback : "root";
		ca.series = ds[i].series;
		ca.seq = ds[i].seq + 1;
		ca.reenter = ds[i].due;
		ca.now = now;
		if ((rc = begin(db, e)) != 0)
			break;
		r = create_in_tx(db, &ca, NULL, &n, &re, &one);
		if (r == PARC_EUSAGE) {
			/* opened meanwhile by another tick: nothing to do */
			db_exec(db, "ROLLBACK", NULL);
			continue;
		}
		if ((rc = end(db, r, e)) != 0) {
			if (r != 0)
				err_set(e, r, "%s", one.msg);
			break;
		}
		ts.opened++;
		ts.reentered += re;
	}

	/* Overdue: pending items of open campaigns past their due day. */
	if (rc == 0 && (rc = begin(db, e)) == 0) {
		if ((rc = db_prepare(db,
			 "UPDATE review_item SET overdue_at = ?1 WHERE"
			 " overdue_at IS NULL AND decision = 'pending' AND"
			 " campaign_id IN (SELECT id FROM campaign WHERE"
			 " state = 'open' AND due < ?2)",
			 &st, e)) == 0) {
			db_bind_text(st, 1, now);
			db_bind_text(st, 2, day);
			rc = db_step_done(db, st, e, "mark overdue items");
			ts.overdue = sqlite3_changes(db->conn);
			sqlite3_finalize(st);
			st = NULL;
		}
		if (rc == 0 && (ts.opened || ts.overdue)) {
			sb_addf(&det,
			    "{\"opened\": %" PRId64 ", \"overdue\": %" PRId64
			    ", \"reentered\": %" PRId64 "}",
			    ts.opened, ts.overdue, ts.reentered);
			rc = audit_append(db, who, "tick", NULL, det.buf, NULL,
			    e);
		}
		rc = end(db, rc, e);
	}
done:
	for (i = 0; i < nds; i++) {
		free(ds[i].series);
		free(ds[i].name);
		free(ds[i].scope);
		free(ds[i].rule);
		free(ds[i].fallback);
		free(ds[i].every);
		free(ds[i].due);
	}
	free(ds);
	sb_release(&det);
	sb_release(&name);
	free(who);
	if (rc == 0 && stp != NULL)
		*stp = ts;
	return rc;
}

/* ---- items ---- */

static const char item_cols[] =
    "SELECT r.id, r.campaign_id, c.name, r.source, r.source_kind, r.host,"
    " r.account, r.account_ext_id, r.person, r.employee_id, r.entitlement,"
    " r.entitlement_ext_id, coalesce(r.tier, -1), r.reason, r.path,"
    " r.last_used, r.findings, r.nfindings, r.reviewer, r.reassigned_from,"
    " r.decision, r.until, r.comment, r.decided_by, r.decided_at,"
    " r.overdue_at, r.remediated_at, r.grant_id IS NOT NULL"
    " FROM review_item r JOIN campaign c ON c.id = r.campaign_id ";

/*
 * The WHERE clause for f (and an item id): only the terms f sets, so the
 * planner can use review_item's indexes for a reviewer's queue or one
 * campaign. Values stay bound parameters.
 */
static void
item_where(struct sb *sql, const struct item_filter *f, int64_t id)
{
	sb_adds(sql, "WHERE r.id > :after");
	if (id > 0)
		sb_adds(sql, " AND r.id = :id");
	if (f != NULL && f->campaign != NULL)
		sb_adds(sql,
		    " AND r.campaign_id = (SELECT id FROM campaign"
		    " WHERE name = :campaign)");
	if (f != NULL && f->reviewer != NULL)
		sb_adds(sql, " AND r.reviewer = lower(:reviewer)");
	if (f != NULL && f->state == ITEMS_PENDING)
		sb_adds(sql, " AND r.decision = 'pending'");
	else if (f != NULL && f->state == ITEMS_DECIDED)
		sb_adds(sql, " AND r.decision <> 'pending'");
	if (f != NULL && f->with_findings)
		sb_adds(sql, " AND r.nfindings > 0");
	if (f != NULL && f->text != NULL && *f->text)
		sb_adds(sql,
		    " AND (instr(lower(r.account), lower(:text)) OR"
		    " instr(lower(coalesce(r.person, '')),"
		    " lower(:text)) OR instr(lower(r.entitlement),"
		    " lower(:text)))");
}

static void
fill_item(sqlite3_stmt *st, struct item_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->campaign_id = sqlite3_column_int64(st, 1);
	r->campaign = db_col_text(st, 2);
	r->source = db_col_text(st, 3);
	r->source_kind = db_col_text(st, 4);
	r->host = db_col_text(st, 5);
	r->account = db_col_text(st, 6);
	r->account_ext_id = db_col_text(st, 7);
	r->person = db_col_text(st, 8);
	r->employee_id = db_col_text(st, 9);
	r->entitlement = db_col_text(st, 10);
	r->entitlement_ext_id = db_col_text(st, 11);
	r->tier = sqlite3_column_int(st, 12);
	r->reason = db_col_text(st, 13);
	r->path = db_col_text(st, 14);
	r->last_used = db_col_text(st, 15);
	r->findings = db_col_text(st, 16);
	r->nfindings = sqlite3_column_int(st, 17);
	r->reviewer = db_col_text(st, 18);
	r->reassigned_from = db_col_text(st, 19);
	r->decision = db_col_text(st, 20);
	r->until = db_col_text(st, 21);
	r->comment = db_col_text(st, 22);
	r->decided_by = db_col_text(st, 23);
	r->decided_at = db_col_text(st, 24);
	r->overdue_at = db_col_text(st, 25);
	r->remediated_at = db_col_text(st, 26);
	r->grant_present = sqlite3_column_int(st, 27);
}

static int
bind_items(sqlite3_stmt *st, const struct item_filter *f, int64_t id)
{
	int i;

	if ((i = sqlite3_bind_parameter_index(st, ":after")) > 0)
		sqlite3_bind_int64(st, i, f ? f->after_id : 0);
	if ((i = sqlite3_bind_parameter_index(st, ":id")) > 0 && id > 0)
		sqlite3_bind_int64(st, i, id);
	bind_param(st, ":campaign", f ? f->campaign : NULL);
	bind_param(st, ":reviewer", f ? f->reviewer : NULL);
	bind_param(st, ":text", f && f->text && *f->text ? f->text : NULL);
	if ((i = sqlite3_bind_parameter_index(st, ":state")) > 0)
		sqlite3_bind_int(st, i, f ? (int)f->state : 0);
	if ((i = sqlite3_bind_parameter_index(st, ":withf")) > 0)
		sqlite3_bind_int(st, i, f ? f->with_findings != 0 : 0);
	if ((i = sqlite3_bind_parameter_index(st, ":limit")) > 0)
		sqlite3_bind_int64(st, i, f && f->limit > 0 ? f->limit : -1);
	return 0;
}

static int
walk_items(struct db *db, const struct item_filter *f, int64_t id,
    int (*fn)(const struct item_row *r, void *arg), void *arg, int *count,
    struct err *e)
{
	struct sb sql = SB_INIT;
	struct item_row r;
	sqlite3_stmt *st;
	int step, ret = 0;

	*count = 0;
	sb_adds(&sql, item_cols);
	item_where(&sql, f, id);
	sb_adds(&sql, " ORDER BY r.id LIMIT :limit");
	ret = db_prepare(db, sql.buf, &st, e);
	sb_release(&sql);
	if (ret != 0)
		return ret;
	bind_items(st, f, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		fill_item(st, &r);
		(*count)++;
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	if (ret == 0 && step != SQLITE_DONE)
		ret = db_fail(db, e, "read review items");
	sqlite3_finalize(st);
	return ret;
}

int
item_query(struct db *db, const struct item_filter *f,
    int (*fn)(const struct item_row *r, void *arg), void *arg, struct err *e)
{
	int n;

	return walk_items(db, f, 0, fn, arg, &n, e);
}

int64_t
item_count(struct db *db, const struct item_filter *f)
{
	struct sb sql = SB_INIT;
	sqlite3_stmt *st;
	struct item_filter g = { 0 };
	int64_t n = -1;

	if (f != NULL)
		g = *f;
	g.after_id = 0;
	g.limit = 0;
	sb_adds(&sql,
	    "SELECT count(*) FROM review_item r JOIN campaign c ON"
	    " c.id = r.campaign_id ");
	item_where(&sql, &g, 0);
	if (db_prepare(db, sql.buf, &st, NULL) == 0) {
		bind_items(st, &g, 0);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sb_release(&sql);
	return n;
}

int
item_get(struct db *db, int64_t id,
    int (*fn)(const struct item_row *r, void *arg), void *arg, struct err *e)
{
	int n, rc;

	if ((rc = walk_items(db, NULL, id, fn, arg, &n, e)) != 0)
		return rc;
	if (n == 0)
		return err_set(e, PARC_ENOTFOUND, "no review item %" PRId64,
		    id);
	return 0;
}

int
item_history(struct db *db, int64_t id,
    int (*fn)(const struct decision_row *r, void *arg), void *arg,
    struct err *e)
{
	struct decision_row r;
	sqlite3_stmt *st;
	int step, ret = 0;

	if (db_prepare(db,
		"SELECT id, item_id, decision, until, comment, delegate,"
		" decided_by, acted_by, decided_at FROM decision"
		" WHERE item_id = ?1 ORDER BY id",
		&st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		r.id = sqlite3_column_int64(st, 0);
		r.item_id = sqlite3_column_int64(st, 1);
		r.decision = db_col_text(st, 2);
		r.until = db_col_text(st, 3);
		r.comment = db_col_text(st, 4);
		r.delegate = db_col_text(st, 5);
		r.decided_by = db_col_text(st, 6);
		r.acted_by = db_col_text(st, 7);
		r.decided_at = db_col_text(st, 8);
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	if (ret == 0 && step != SQLITE_DONE)
		ret = db_fail(db, e, "read decisions");
	sqlite3_finalize(st);
	return ret;
}

int
item_prior(struct db *db, int64_t id,
    int (*fn)(const struct item_row *r, void *arg), void *arg, struct err *e)
{
	struct sb sql = SB_INIT;
	struct item_row r;
	sqlite3_stmt *st;
	int step, ret;

	sb_adds(&sql, item_cols);
	sb_adds(&sql,
	    "JOIN review_item me ON me.id = ?1 WHERE r.id <> me.id"
	    " AND r.account_ext_id = me.account_ext_id"
	    " AND r.entitlement_ext_id = me.entitlement_ext_id"
	    " AND r.source = me.source AND r.decision <> 'pending'"
	    " ORDER BY r.id DESC");
	ret = db_prepare(db, sql.buf, &st, e);
	sb_release(&sql);
	if (ret != 0)
		return ret;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		fill_item(st, &r);
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	if (ret == 0 && step != SQLITE_DONE)
		ret = db_fail(db, e, "read earlier decisions");
	sqlite3_finalize(st);
	return ret;
}

/* ---- deciding ---- */

static const char *const decisions[] = { "approve", "revoke", "exception",
	"delegate", "undo", NULL };

/* Check and apply one decision inside the caller's transaction. */
static int
decide_in_tx(struct db *db, const struct actor *a, int64_t id,
    const struct decide_req *r, const char *now, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct sb det = SB_INIT, obj = SB_INIT;
	const char *me = actor_effective(a);
	char *reviewer = NULL, *employee = NULL, *plogin = NULL;
	char *state = NULL, *cur = NULL, *who = NULL;
	char day[11], digest[65];
	const char *newdec;
	int64_t did;
	int nfind = 0, rc = 0, admin = (a->roles & ROLE_ADMIN) != 0;

	today(now, day);
	if ((rc = db_prepare(db,
		 "SELECT r.reviewer, r.employee_id, c.state, r.nfindings,"
		 " r.decision, (SELECT login FROM identity WHERE employee_id ="
		 " r.employee_id), c.name FROM review_item r JOIN campaign c"
		 " ON c.id = r.campaign_id WHERE r.id = ?1",
		 &st, e)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = err_set(e, PARC_ENOTFOUND, "no review item %" PRId64, id);
		goto out;
	}
#define DUP(i) (db_col_text(st, i) ? xstrdup(db_col_text(st, i)) : NULL)
	reviewer = DUP(0);
	employee = DUP(1);
	state = DUP(2);
	nfind = sqlite3_column_int(st, 3);
	cur = DUP(4);
	plogin = DUP(5);
#undef DUP
	if (strcmp(state, "open") != 0) {
		rc = err_set(e, PARC_EUSAGE,
		    "item %" PRId64 ": campaign '%s' is closed; its decisions "
		    "are final",
		    id, db_col_text(st, 6));
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;

	if ((a->roles & ROLE_AUDITOR) && !admin) {
		rc = err_set(e, PARC_EUSAGE,
		    "%s is an auditor: auditors read everything and decide "
		    "nothing",
		    a->login);
		goto out;
	}
	/* Nobody reviews their own access, not even an admin. */
	if ((employee != NULL && a->employee_id != NULL &&
		strcmp(employee, a->employee_id) == 0) ||
	    (plogin != NULL && strcasecmp(plogin, me) == 0)) {
		rc = err_set(e, PARC_EUSAGE,
		    "item %" PRId64 " is about %s's own access, and nobody "
		    "reviews their own access",
		    id, me);
		goto out;
	}
	/* ... nor through someone else's name (--as). */
	if (a->as != NULL && plogin != NULL &&
	    strcasecmp(plogin, a->login) == 0) {
		rc = err_set(e, PARC_EUSAGE,
		    "item %" PRId64 " is about %s's own access: %s cannot "
		    "decide it as %s",
		    id, a->login, a->login, a->as);
		goto out;
	}
	if (strcmp(r->decision, "delegate") == 0 && admin && a->as == NULL) {
		/* admins reassign any item */
	} else if (reviewer == NULL) {
		rc = err_set(e, PARC_EUSAGE,
		    "item %" PRId64 " is unassigned; an admin must delegate "
		    "it first (parc decide %" PRId64 " delegate --to LOGIN)",
		    id, id);
		goto out;
	} else if (strcasecmp(reviewer, me) != 0) {
		rc = err_set(e, PARC_EUSAGE,
		    "item %" PRId64 " is assigned to %s, not %s%s", id,
		    reviewer, me, admin ? " (act for them with --as)" : "");
		goto out;
	}

	/* The rules of each decision. */
	if (r->comment != NULL &&
	    (rc = check_text("the comment", r->comment, COMMENT_MAX_LEN, e)) !=
		0)
		goto out;
	newdec = r->decision;
	if (strcmp(r->decision, "approve") == 0) {
		if (nfind > 0 && r->comment == NULL) {
			rc = err_set(e, PARC_EUSAGE,
			    "item %" PRId64 " has %d finding%s: approving it "
			    "needs a justification (--comment)",
			    id, nfind, nfind == 1 ? "" : "s");
			goto out;
		}
	} else if (strcmp(r->decision, "revoke") == 0) {
		if (r->comment == NULL) {
			rc = err_set(e, PARC_EUSAGE,
			    "item %" PRId64 ": a revocation needs a "
			    "justification (--comment)",
			    id);
			goto out;
		}
	} else if (strcmp(r->decision, "exception") == 0) {
		if (r->comment == NULL) {
			rc = err_set(e, PARC_EUSAGE,
			    "item %" PRId64 ": an exception needs a "
			    "justification and its compensating control "
			    "(--comment)",
			    id);
			goto out;
		}
		if (r->until == NULL || !valid_date(r->until)) {
			rc = err_set(e, PARC_EUSAGE,
			    "item %" PRId64 ": an exception needs --until "
			    "YYYY-MM-DD%s%s",
			    id, r->until ? ", not " : "",
			    r->until ? r->until : "");
			goto out;
		}
		if (strcmp(r->until, day) <= 0) {
			rc = err_set(e, PARC_EUSAGE,
			    "item %" PRId64 ": the exception must end after "
			    "today, not on %s",
			    id, r->until);
			goto out;
		}
	} else if (strcmp(r->decision, "delegate") == 0) {
		if ((rc = known_login(db, "--to", r->to, e)) != 0)
			goto out;
		if (plogin != NULL && strcasecmp(plogin, r->to) == 0) {
			rc = err_set(e, PARC_EUSAGE,
			    "item %" PRId64 " is about %s's own access: it "
			    "cannot be delegated to them",
			    id, r->to);
			goto out;
		}
	} else if (strcmp(r->decision, "undo") == 0) {
		if (strcmp(cur, "pending") == 0) {
			rc = err_set(e, PARC_EUSAGE,
			    "item %" PRId64 " has no decision to undo", id);
			goto out;
		}
	} else {
		rc = err_set(e, PARC_EUSAGE,
		    "unknown decision '%s' (approve, revoke, exception, "
		    "delegate, undo)",
		    r->decision);
		goto out;
	}

	/* Record the decision, then the item, then the chain. */
	if ((rc = db_prepare(db,
		 "INSERT INTO decision (item_id, decision, until, comment,"
		 " delegate, decided_by, acted_by, decided_at) VALUES (?1, ?2,"
		 " ?3, ?4, ?5, ?6, ?7, ?8)",
		 &st, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, newdec);
	db_bind_text(st, 3, strcmp(newdec, "exception") == 0 ? r->until : NULL);
	db_bind_text(st, 4, r->comment);
	db_bind_text(st, 5, strcmp(newdec, "delegate") == 0 ? r->to : NULL);
	db_bind_text(st, 6, me);
	db_bind_text(st, 7, a->as != NULL ? a->login : NULL);
	db_bind_text(st, 8, now);
	if ((rc = db_step_done(db, st, e, "record the decision")) != 0)
		goto out;
	did = sqlite3_last_insert_rowid(db->conn);
	sqlite3_finalize(st);
	st = NULL;
	if (strcmp(newdec, "delegate") == 0)
		rc = db_prepare(db,
		    "UPDATE review_item SET reviewer = lower(?2), "
		    "reassigned_from ="
		    " coalesce(reviewer, 'unassigned') || ' delegated to ' || "
		    "?2"
		    " || ' by ' || ?3, decision = 'pending', until = NULL,"
		    " comment = NULL, decided_by = NULL, decided_at = NULL"
		    " WHERE id = ?1",
		    &st, e);
	else if (strcmp(newdec, "undo") == 0)
		rc = db_prepare(db,
		    "UPDATE review_item SET decision = 'pending', until = NULL,"
		    " comment = NULL, decided_by = NULL, decided_at = NULL"
		    " WHERE id = ?1",
		    &st, e);
	else
		rc = db_prepare(db,
		    "UPDATE review_item SET decision = ?4, until = ?5,"
		    " comment = ?6, decided_by = ?3, decided_at = ?7"
		    " WHERE id = ?1",
		    &st, e);
	if (rc != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_bind_parameter_count(st) >= 2)
		db_bind_text(st, 2, r->to);
	if (sqlite3_bind_parameter_count(st) >= 3)
		db_bind_text(st, 3, me);
	if (sqlite3_bind_parameter_count(st) >= 4) {
		db_bind_text(st, 4, newdec);
		db_bind_text(st, 5,
		    strcmp(newdec, "exception") == 0 ? r->until : NULL);
		db_bind_text(st, 6, r->comment);
		db_bind_text(st, 7, now);
	}
	if ((rc = db_step_done(db, st, e, "update the item")) != 0)
		goto out;
	audit_decision_digest(did, id, newdec,
	    strcmp(newdec, "exception") == 0 ? r->until : NULL, r->comment,
	    strcmp(newdec, "delegate") == 0 ? r->to : NULL, me, now, digest);
	sb_addf(&det, "{\"item\": %" PRId64 ", \"decision\": ", id);
	sb_add_json(&det, newdec);
	sb_adds(&det, ", \"digest\": ");
	sb_add_json(&det, digest);
	sb_addc(&det, '}');
	sb_addf(&obj, "decision:%" PRId64, did);
	who = actor_label(a);
	rc = audit_append(db, who,
	    strcmp(newdec, "delegate") == 0 ? "delegate" : "decide", obj.buf,
	    det.buf, NULL, e);
out:
	sqlite3_finalize(st);
	sb_release(&det);
	sb_release(&obj);
	free(reviewer);
	free(employee);
	free(plogin);
	free(state);
	free(cur);
	free(who);
	return rc;
}

static int
check_decision(const struct decide_req *r, struct err *e)
{
	size_t i;

	for (i = 0; decisions[i] != NULL; i++)
		if (r->decision != NULL &&
		    strcmp(r->decision, decisions[i]) == 0)
			return 0;
	return err_set(e, PARC_EUSAGE,
	    "unknown decision '%s' (approve, revoke, exception, delegate, "
	    "undo)",
	    r->decision ? r->decision : "");
}

int
item_decide(struct db *db, const struct actor *a, int64_t id,
    const struct decide_req *r, struct err *e)
{
	return item_decide_bulk(db, a, &id, 1, r, e);
}

int
item_decide_bulk(struct db *db, const struct actor *a, const int64_t *ids,
    size_t n, const struct decide_req *r, struct err *e)
{
	char now[21];
	size_t i;
	int rc;

	if ((rc = check_decision(r, e)) != 0)
		return rc;
	if ((rc = begin(db, e)) != 0)
		return rc;
	db_now(now);
	for (i = 0; i < n && rc == 0; i++)
		rc = decide_in_tx(db, a, ids[i], r, now, e);
	if (rc != 0 && n > 1)
		err_prefix(e, "nothing decided: ");
	return end(db, rc, e);
}

/* ---- exceptions register ---- */

int
exception_list(struct db *db,
    int (*fn)(const struct exception_row *r, void *arg), void *arg,
    struct err *e)
{
	struct exception_row x;
	sqlite3_stmt *st;
	char day[11];
	int step, ret = 0;

	today(NULL, day);
	if (db_prepare(db,
		"SELECT r.id, c.name, r.source, r.account, r.person,"
		" r.entitlement, r.decided_by, r.comment, r.until,"
		" r.decided_at, r.until < ?1, r.grant_id IS NOT NULL"
		" FROM review_item r JOIN campaign c ON c.id = r.campaign_id"
		" WHERE r.decision = 'exception' ORDER BY r.until, r.id",
		&st, e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, day);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		x.item_id = sqlite3_column_int64(st, 0);
		x.campaign = db_col_text(st, 1);
		x.source = db_col_text(st, 2);
		x.account = db_col_text(st, 3);
		x.person = db_col_text(st, 4);
		x.entitlement = db_col_text(st, 5);
		x.owner = db_col_text(st, 6);
		x.justification = db_col_text(st, 7);
		x.until = db_col_text(st, 8);
		x.decided_at = db_col_text(st, 9);
		x.expired = sqlite3_column_int(st, 10);
		x.grant_present = sqlite3_column_int(st, 11);
		if ((ret = fn(&x, arg)) != 0)
			break;
	}
	if (ret == 0 && step != SQLITE_DONE)
		ret = db_fail(db, e, "read exceptions");
	sqlite3_finalize(st);
	return ret;
}
