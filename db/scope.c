/*
 * scope.c - campaign scope expressions: checked without a database for
 * option parsing, loaded into temp.scope for the item query of
 * db/campaign.c.
 */
#include <stdlib.h>
#include <string.h>

#include "db/dbint.h"
#include "db/finding.h"
#include "db/scope.h"
#include "db/vocab.h"

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
			    finding_kind_lookup(v) == NULL)
				rc = err_set(e, PARC_EUSAGE,
				    "scope term finding=%s: no such finding "
				    "kind (%s, or any)",
				    v, finding_kind_names());
			else if (strcmp(term, "finding") == 0 &&
			    strcmp(v, "any") != 0)
				/* the name the findings are stored under */
				rc =
				    fn(term, finding_kind_lookup(v)->kind, arg);
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
	if (scope != NULL && db_check_text("the scope", scope, 2000, e) != 0)
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

int
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

/*
 * What a scope term can name, and how to list what exists when it names
 * nothing: one query that counts the matches of ?1 and one that lists
 * (at most LIST_MAX of) what there is. People are not listed.
 */
#define LIST_MAX 8

static const struct scope_probe {
	const char *key;
	const char *what; /* "source", for "no source matches" */
	const char *match;
	const char *list; /* NULL: nothing listed */
} probes[] = {
	{ "source", "source",
	    "SELECT count(*) FROM source WHERE lower(name) GLOB lower(?1)",
	    "SELECT name FROM source ORDER BY name" },
	{ "kind", "source of that kind",
	    "SELECT count(*) FROM source WHERE kind = ?1",
	    "SELECT DISTINCT kind FROM source ORDER BY kind" },
	{ "entitlement", "entitlement",
	    "SELECT count(*) FROM entitlement WHERE lower(name) GLOB lower(?1)",
	    "SELECT DISTINCT name FROM entitlement WHERE tier <= 2"
	    " ORDER BY tier, name" },
	{ "person", "person (employee id, login or display name)",
	    "SELECT count(*) FROM identity WHERE employee_id = ?1 OR"
	    " lower(login) = lower(?1) OR lower(display_name) GLOB lower(?1)",
	    NULL },
	{ "finding", "finding of that kind",
	    "SELECT count(*) FROM finding WHERE ?1 = 'any' OR kind = ?1",
	    "SELECT DISTINCT kind FROM finding ORDER BY kind" },
};

struct scope_db {
	struct db *db;
	struct err *e;
};

static int
scope_probe(const char *key, const char *val, void *arg)
{
	struct scope_db *sd = arg;
	const struct scope_probe *p = NULL;
	struct sb have = SB_INIT;
	sqlite3_stmt *st;
	size_t i;
	int n, step, rc;

	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		if (strcmp(probes[i].key, key) == 0)
			p = &probes[i];
	if (p == NULL)
		return 0;
	if ((rc = db_prepare(sd->db, p->match, &st, sd->e)) != 0)
		return rc;
	db_bind_text(st, 1, val);
	step = sqlite3_step(st);
	n = step == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	if (n < 0)
		return db_fail(sd->db, sd->e, "check the scope");
	if (n > 0)
		return 0;
	if (p->list != NULL && db_prepare(sd->db, p->list, &st, sd->e) == 0) {
		for (i = 0; sqlite3_step(st) == SQLITE_ROW; i++) {
			if (i == LIST_MAX) {
				sb_adds(&have, ", ...");
				break;
			}
			sb_adds(&have, i ? ", " : "");
			sb_adds(&have,
			    db_col_text(st, 0) ? db_col_text(st, 0) : "");
		}
		sqlite3_finalize(st);
	}
	if (p->list == NULL)
		rc = err_set(sd->e, PARC_ENOTFOUND,
		    "scope term %s=%s: no %s matches", key, val, p->what);
	else if (have.len == 0)
		rc = err_set(sd->e, PARC_ENOTFOUND,
		    "scope term %s=%s: no %s matches (there are none)", key,
		    val, p->what);
	else
		rc = err_set(sd->e, PARC_ENOTFOUND,
		    "scope term %s=%s: no %s matches (there are: %s)", key, val,
		    p->what, have.buf);
	sb_release(&have);
	return rc;
}

int
scope_check_db(struct db *db, const char *scope, struct err *e)
{
	struct scope_db sd = { db, e };
	int rc;

	if ((rc = campaign_scope_check(scope, e)) != 0)
		return rc;
	return scope_walk(scope, scope_probe, &sd, e);
}
