/*
 * finding_inc.c - which subjects a findings recompute must look at again
 * (finding_int.h).
 *
 * Triggers (made by the first recompute, kept after) note every account
 * whose rows the rules read changed: its grants (effective_grant), its
 * assignments, the principal row itself, its person (identity), the
 * entitlements it holds, and the "removed" history orphaned-admincount
 * quotes. A recompute then evaluates the per-account rules for those
 * accounts only, and the per-person rule (credential-overlap) for their
 * people, with every account of a noted person noted too.
 *
 * Another evaluation time (findings are evaluated as of the start of
 * the UTC day, finding.c) is not a trigger's: the rules that read it run
 * in full over every grant, the others as above (finc_same_eval).
 *
 * What no trigger follows forces a full recompute: a first recompute, an
 * empty finding table, another configuration or rule text, a source
 * renamed, an entitlement's attrs or a protected
 * entitlement changed (principal 0 in finding_dirty), or a change of a
 * source-wide fact the rules read (which sources report usage, offer
 * just-in-time or time-bound assignments). The rules on review items
 * and campaigns (remediation-failed, exception-expired) are evaluated
 * whole every time; those on a source's totals (tier0-excess,
 * global-admin-excess) whenever an account is noted.
 *
 * A source new, renamed or of another kind (the signature) asks for a
 * full recompute as the sink registers it (principal 0, before its run
 * loads a row); while one is asked for, no trigger notes anything.
 *
 * And whether the findings are out of date (finding_stale, the meta mark
 * a sync sets in its snapshot's transaction).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/finding_int.h"
#include "lib/sb.h"

/* clang-format off */
/*
 * Note an account whose findings may change, and its person (not INSERT
 * OR IGNORE: a trigger's conflict clause gives way to the statement's
 * that fired it).
 */
#define DIRTY_P(x)                                                          \
	"INSERT INTO finding_dirty SELECT " x " WHERE NOT EXISTS (SELECT 1" \
	" FROM finding_dirty WHERE principal_id = " x ");"
#define DIRTY_I(x)                                                          \
	"INSERT INTO finding_dirty_identity SELECT " x " WHERE " x " IS NOT" \
	" NULL AND NOT EXISTS (SELECT 1 FROM finding_dirty_identity WHERE"  \
	" identity_id = " x ");"
/* the principals of sel (a SELECT of ids) not noted yet */
#define DIRTY_SEL(sel)                                                      \
	"INSERT INTO finding_dirty SELECT DISTINCT id FROM (" sel ") WHERE" \
	" id NOT IN (SELECT principal_id FROM finding_dirty);"
#define FULL DIRTY_P("0")
/*
 * Whether a full recompute is asked for already: then a note would be
 * thrown away (finc_done), and no trigger writes one (a new source's
 * first load, a million rows, pays a lookup a row, not a note).
 */
#define NOT_FULL_ASKED                                                      \
	"NOT EXISTS (SELECT 1 FROM finding_dirty WHERE principal_id = 0)"
#define NOT_FULL " WHEN " NOT_FULL_ASKED
#define AND_NOT_FULL ") AND " NOT_FULL_ASKED
#define PROTECTED(r)                                                        \
	"json_extract(" r ".attrs, '$.protected') IN (1, 'true')"

static const char *const watch_sql =
    "CREATE TRIGGER IF NOT EXISTS finding_watch_grant_ins AFTER INSERT ON"
    " effective_grant" NOT_FULL " BEGIN " DIRTY_P("new.account_id") " END;"
    "CREATE TRIGGER IF NOT EXISTS finding_watch_grant_del AFTER DELETE ON"
    " effective_grant" NOT_FULL " BEGIN " DIRTY_P("old.account_id") " END;"
    /* depth and path no rule reads; last_seen is the run's */
    "CREATE TRIGGER IF NOT EXISTS finding_watch_grant_upd AFTER UPDATE ON"
    " effective_grant WHEN (old.id IS NOT new.id OR old.account_id IS NOT"
    " new.account_id OR old.entitlement_id IS NOT new.entitlement_id OR"
    " old.assignment_id IS NOT new.assignment_id OR old.source_id IS NOT"
    " new.source_id OR old.first_seen IS NOT new.first_seen" AND_NOT_FULL
    " BEGIN "
    DIRTY_P("old.account_id") DIRTY_P("new.account_id") " END;"
    "CREATE TRIGGER IF NOT EXISTS finding_watch_asg_ins AFTER INSERT ON"
    " assignment" NOT_FULL " BEGIN " DIRTY_P("new.principal_id")
    " INSERT INTO finding_dirty_asg VALUES (new.id, new.principal_id,"
    " new.entitlement_id); END;"
    "CREATE TRIGGER IF NOT EXISTS finding_watch_asg_del AFTER DELETE ON"
    " assignment" NOT_FULL " BEGIN " DIRTY_P("old.principal_id")
    " INSERT INTO finding_dirty_asg VALUES (old.id, old.principal_id,"
    " old.entitlement_id); END;"
    "CREATE TRIGGER IF NOT EXISTS finding_watch_asg_upd AFTER UPDATE ON"
    " assignment" NOT_FULL " BEGIN " DIRTY_P("old.principal_id")
    DIRTY_P("new.principal_id")
    " INSERT INTO finding_dirty_asg VALUES (old.id, old.principal_id,"
    " old.entitlement_id), (new.id, new.principal_id,"
    " new.entitlement_id); END;"
    "CREATE TRIGGER IF NOT EXISTS finding_watch_principal_ins AFTER INSERT"
    " ON principal" NOT_FULL " BEGIN " DIRTY_P("new.id")
    DIRTY_I("new.identity_id")
    " END;"
    "CREATE TRIGGER IF NOT EXISTS finding_watch_principal_del AFTER DELETE"
    " ON principal" NOT_FULL " BEGIN " DIRTY_P("old.id")
    DIRTY_I("old.identity_id")
    " END;"
    /* every column a rule may read: all but first_seen */
    "CREATE TRIGGER IF NOT EXISTS finding_watch_principal_upd AFTER UPDATE"
    " ON principal WHEN (old.id IS NOT new.id OR old.source_id IS NOT"
    " new.source_id OR old.ext_id IS NOT new.ext_id OR old.name IS NOT"
    " new.name OR old.display_name IS NOT new.display_name OR old.kind IS"
    " NOT new.kind OR old.enabled IS NOT new.enabled OR old.host IS NOT"
    " new.host OR old.email IS NOT new.email OR old.upn IS NOT new.upn OR"
    " old.employee_id IS NOT new.employee_id OR old.created_at IS NOT"
    " new.created_at OR old.last_used_at IS NOT new.last_used_at OR"
    " old.password_last_set IS NOT new.password_last_set OR old.mfa IS NOT"
    " new.mfa OR old.attrs IS NOT new.attrs OR old.identity_id IS NOT"
    " new.identity_id OR old.correlated_by IS NOT new.correlated_by"
    AND_NOT_FULL " BEGIN "
    DIRTY_P("old.id") DIRTY_P("new.id") DIRTY_I("old.identity_id")
    DIRTY_I("new.identity_id") " END;"
    /*
     * A person new to the table has no account yet: the account that
     * takes it changes (above).
     */
    "CREATE TRIGGER IF NOT EXISTS finding_watch_identity_del AFTER DELETE"
    " ON identity" NOT_FULL " BEGIN " DIRTY_I("old.id") " END;"
    "CREATE TRIGGER IF NOT EXISTS finding_watch_identity_upd AFTER UPDATE"
    " ON identity WHEN (old.id IS NOT new.id OR old.employee_id IS NOT"
    " new.employee_id OR old.display_name IS NOT new.display_name OR"
    " old.status IS NOT new.status OR old.end_date IS NOT new.end_date"
    AND_NOT_FULL " BEGIN " DIRTY_I("old.id") DIRTY_I("new.id") " END;"
    /* what a grant's rules read of its entitlement: its holders */
    "CREATE TRIGGER IF NOT EXISTS finding_watch_ent_upd AFTER UPDATE ON"
    " entitlement WHEN (old.name IS NOT new.name OR old.tier IS NOT"
    " new.tier OR old.techniques IS NOT new.techniques OR old.source_id IS"
    " NOT new.source_id" AND_NOT_FULL " BEGIN "
    DIRTY_SEL("SELECT account_id AS id FROM"
    " effective_grant WHERE entitlement_id IN (old.id, new.id)") " END;"
    /*
     * attrs (protected, the Global Administrator template, a host not
     * collected) and ext_id reach past its holders: all again
     */
    "CREATE TRIGGER IF NOT EXISTS finding_watch_ent_attrs AFTER UPDATE ON"
    " entitlement WHEN old.id IS NOT new.id OR old.ext_id IS NOT"
    " new.ext_id OR old.attrs IS NOT new.attrs BEGIN " FULL " END;"
    "CREATE TRIGGER IF NOT EXISTS finding_watch_ent_ins AFTER INSERT ON"
    " entitlement WHEN " PROTECTED("new") " BEGIN " FULL " END;"
    "CREATE TRIGGER IF NOT EXISTS finding_watch_ent_del AFTER DELETE ON"
    " entitlement WHEN " PROTECTED("old") " BEGIN " FULL " END;"
    /* orphaned-admincount quotes the last protected group left */
    "CREATE TRIGGER IF NOT EXISTS finding_watch_hist_ins AFTER INSERT ON"
    " grant_history WHEN (new.change = 'removed'" AND_NOT_FULL " BEGIN "
    DIRTY_SEL("SELECT"
    " id FROM principal WHERE source_id = new.source_id AND ext_id ="
    " new.account_ext_id") " END;"
    "CREATE TRIGGER IF NOT EXISTS finding_watch_hist_del AFTER DELETE ON"
    " grant_history WHEN (old.change = 'removed'" AND_NOT_FULL " BEGIN "
    DIRTY_SEL("SELECT"
    " id FROM principal WHERE source_id = old.source_id AND ext_id ="
    " old.account_ext_id") " END;"
    /*
     * A source new or renamed, or of another kind, changes the signature
     * (finc_sig): the next recompute is full whatever is noted. Asking
     * for it as the sink registers the source, before its first run
     * loads a row, spares that load every note.
     */
    "CREATE TRIGGER IF NOT EXISTS finding_watch_source_ins AFTER INSERT ON"
    " source BEGIN " FULL " END;"
    "CREATE TRIGGER IF NOT EXISTS finding_watch_source_upd AFTER UPDATE ON"
    " source WHEN old.id IS NOT new.id OR old.name IS NOT new.name OR"
    " old.kind IS NOT new.kind BEGIN " FULL " END;";


/*
 * The subjects to look at again: temp.dp (accounts) and temp.di
 * (people), closed under "every account of a noted person".
 */
static const char *const expand_sql =
    "DROP TABLE IF EXISTS temp.dp;"
    "DROP TABLE IF EXISTS temp.di;"
    "CREATE TEMP TABLE dp (id INTEGER PRIMARY KEY);"
    "CREATE TEMP TABLE di (id INTEGER PRIMARY KEY);"
    "INSERT INTO temp.dp SELECT principal_id FROM finding_dirty;"
    /*
     * A group's assignment is what its members' grants read (state,
     * expiry, use): the grants that name it, through its entitlement's
     * holders. An account's own are its own (noted above).
     */
    "INSERT OR IGNORE INTO temp.dp SELECT g.account_id FROM"
    " finding_dirty_asg d CROSS JOIN principal p ON p.id = d.principal_id"
    " CROSS JOIN effective_grant g ON g.entitlement_id = d.entitlement_id"
    " WHERE (p.kind = 'group' OR EXISTS (SELECT 1 FROM membership m"
    " WHERE m.group_id = p.id)) AND g.assignment_id = d.id;"
    "INSERT INTO temp.di SELECT identity_id FROM finding_dirty_identity;"
    "INSERT OR IGNORE INTO temp.di SELECT p.identity_id FROM temp.dp d"
    " CROSS JOIN principal p ON p.id = d.id WHERE p.identity_id IS NOT"
    " NULL;"
    "INSERT OR IGNORE INTO temp.dp SELECT p.id FROM temp.di i"
    " CROSS JOIN principal p ON p.identity_id = i.id;";

/*
 * The source-wide facts the rules read, made once a recompute:
 * usage_src (sources reporting usage, per kind of account), src_elig
 * (offering just-in-time assignments), src_tb (offering just-in-time or
 * time-bound ones), each with rows that say so (w: a comma list of 'p'
 * and a principal id, or 'a' and an assignment id; the first and the
 * last such row, so a change to one of them seldom means a search). A
 * full recompute reads them from every row (facts_all_sql). An
 * incremental one keeps each fact the last recompute stored whose rows
 * no trigger noted since (or, if all were noted, another row still says
 * so: facts_find), and adds what the noted accounts' rows say
 * (facts_new_sql): a fact turns true only by a row written, and every
 * row written notes its account.
 */
static const char *const facts_tables_sql =
    "DROP TABLE IF EXISTS temp.usage_src;"
    "DROP TABLE IF EXISTS temp.src_elig;"
    "DROP TABLE IF EXISTS temp.src_tb;"
    "CREATE TEMP TABLE usage_src (source_id INTEGER, kind TEXT, w TEXT,"
    " PRIMARY KEY (source_id, kind));"
    "CREATE TEMP TABLE src_elig (source_id INTEGER PRIMARY KEY, w TEXT);"
    "CREATE TEMP TABLE src_tb (source_id INTEGER PRIMARY KEY, w TEXT);";

static const char *const facts_all_sql =
    "INSERT OR IGNORE INTO temp.usage_src SELECT source_id, kind, 'p' ||"
    " min(id) || ',p' || max(id) FROM principal WHERE last_used_at IS NOT"
    " NULL GROUP BY source_id, kind;"
    "INSERT OR IGNORE INTO temp.usage_src SELECT a.source_id, p.kind,"
    " 'a' || min(a.id) || ',a' || max(a.id) FROM assignment a JOIN"
    " principal p ON p.id = a.principal_id WHERE a.last_used_at IS NOT"
    " NULL GROUP BY a.source_id, p.kind;"
    "INSERT OR IGNORE INTO temp.src_tb SELECT source_id, 'a' || min(id) ||"
    " ',a' || max(id) FROM assignment WHERE state = 'eligible' OR"
    " expires_at IS NOT NULL GROUP BY source_id;"
    "INSERT OR IGNORE INTO temp.src_elig SELECT source_id, 'a' || min(id)"
    " || ',a' || max(id) FROM assignment WHERE source_id IN (SELECT"
    " source_id FROM temp.src_tb) AND state = 'eligible' GROUP BY"
    " source_id;";

static const char *const facts_new_sql =
    "INSERT OR IGNORE INTO temp.usage_src SELECT p.source_id, p.kind,"
    " 'p' || p.id FROM finding_dirty d CROSS JOIN principal p ON p.id ="
    " d.principal_id WHERE p.last_used_at IS NOT NULL;"
    "INSERT OR IGNORE INTO temp.usage_src SELECT a.source_id, p.kind,"
    " 'a' || a.id FROM finding_dirty d CROSS JOIN assignment a ON"
    " a.principal_id = d.principal_id JOIN principal p ON p.id ="
    " a.principal_id WHERE a.last_used_at IS NOT NULL;"
    "INSERT OR IGNORE INTO temp.src_tb SELECT a.source_id, 'a' || a.id"
    " FROM finding_dirty d CROSS JOIN assignment a ON a.principal_id ="
    " d.principal_id WHERE a.state = 'eligible' OR a.expires_at IS NOT"
    " NULL;"
    "INSERT OR IGNORE INTO temp.src_elig SELECT a.source_id, 'a' || a.id"
    " FROM finding_dirty d CROSS JOIN assignment a ON a.principal_id ="
    " d.principal_id WHERE a.state = 'eligible';";

/* Whether witness ?1 (an id) is a row no trigger noted since. */
static const char *const witness_kept[] = {
	/* 'p': a principal */
	"SELECT EXISTS (SELECT 1 FROM principal WHERE id = ?1) AND NOT"
	" EXISTS (SELECT 1 FROM finding_dirty WHERE principal_id = ?1)",
	/* 'a': an assignment, and its account (whose kind usage reads) */
	"SELECT EXISTS (SELECT 1 FROM assignment WHERE id = ?1) AND NOT"
	" EXISTS (SELECT 1 FROM finding_dirty_asg WHERE id = ?1) AND NOT"
	" EXISTS (SELECT 1 FROM assignment a JOIN finding_dirty d ON"
	" d.principal_id = a.principal_id WHERE a.id = ?1)",
};

/* Another row saying fact u (source ?1, kind ?2), e or t (source ?1). */
static const char *const facts_find[] = {
	"SELECT coalesce((SELECT 'p' || id FROM principal WHERE source_id ="
	" ?1 AND kind = ?2 AND last_used_at IS NOT NULL LIMIT 1), (SELECT"
	" 'a' || a.id FROM assignment a JOIN principal p ON p.id ="
	" a.principal_id WHERE a.source_id = ?1 AND p.kind = ?2 AND"
	" a.last_used_at IS NOT NULL LIMIT 1))",
	"SELECT 'a' || id FROM assignment WHERE source_id = ?1 AND state ="
	" 'eligible' LIMIT 1",
	"SELECT 'a' || id FROM assignment WHERE source_id = ?1 AND (state ="
	" 'eligible' OR expires_at IS NOT NULL) LIMIT 1",
};
static const char *const facts_keep[] = {
	"INSERT OR IGNORE INTO temp.usage_src VALUES (?1, ?2, ?3)",
	"INSERT OR IGNORE INTO temp.src_elig VALUES (?1, ?3)",
	"INSERT OR IGNORE INTO temp.src_tb VALUES (?1, ?3)",
};
/* clang-format on */

/* The meta value of key (malloc'd), or NULL. */
static char *
meta_get(struct db *db, const char *key)
{
	sqlite3_stmt *st;
	char *v = NULL;

	if (db_prepare(db, "SELECT value FROM meta WHERE key = ?1", &st,
		NULL) != 0)
		return NULL;
	db_bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW && db_col_text(st, 0) != NULL)
		v = xstrdup(db_col_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static int
meta_set(struct db *db, const char *key, const char *value, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db,
		"INSERT INTO meta (key, value) VALUES (?1, ?2)"
		" ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		&st, e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	rc = db_step_done(db, st, e, "note the findings state");
	sqlite3_finalize(st);
	return rc;
}

/*
 * *out: the first column of sql's first row as text (malloc'd, "" for
 * none); a statement that fails is an error, not a text hashed.
 */
static int
query_text(struct db *db, const char *sql, char **out, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if (db_prepare(db, sql, &st, e) != 0)
		return PARC_EDB;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = db_fail(db, e, "read the findings state");
		sqlite3_finalize(st);
		return rc;
	}
	*out = xstrdup(rc == SQLITE_ROW && db_col_text(st, 0) != NULL
		? db_col_text(st, 0)
		: "");
	sqlite3_finalize(st);
	return 0;
}

/* FNV-1a, 64 bits, over text: the state compared is short, not secret. */
static unsigned long long
fnv(const char *text)
{
	unsigned long long h = 1469598103934665603ULL;

	for (; *text; text++) {
		h ^= (unsigned char)*text;
		h *= 1099511628211ULL;
	}
	return h;
}

int
finc_sig(struct db *db, const char *what, char **sig, struct err *e)
{
	struct sb sb = SB_INIT;
	char *src;
	int rc;

	*sig = NULL;
	if ((rc = query_text(db,
		 "SELECT group_concat(id || '|' || name || '|' || kind, ';')"
		 " FROM (SELECT id, name, kind FROM source ORDER BY id)",
		 &src, e)) != 0)
		return rc;
	sb_adds(&sb, what);
	sb_adds(&sb, "\nsources ");
	sb_adds(&sb, src);
	/*
	 * the triggers' text: a parc that watches otherwise recomputes in
	 * full and makes them again (finc_done)
	 */
	sb_adds(&sb, "\nwatch ");
	sb_adds(&sb, watch_sql);
	free(src);
	*sig = xmalloc(17);
	snprintf(*sig, 17, "%016llx", fnv(sb.buf));
	sb_release(&sb);
	return 0;
}

/* The text of st's first row and column (malloc'd), or NULL. */
static char *
step_text(sqlite3_stmt *st)
{
	char *v = NULL;

	if (sqlite3_step(st) == SQLITE_ROW && db_col_text(st, 0) != NULL)
		v = xstrdup(db_col_text(st, 0));
	sqlite3_reset(st);
	return v;
}

/*
 * Those of witnesses w ("p17,p90": principals or assignments) that no
 * trigger noted since (malloc'd), or NULL.
 */
static char *
witness_clean(struct db *db, const char *w, int *rc, struct err *e)
{
	char *copy = xstrdup(w), *rest = copy, *one;
	struct sb out = SB_INIT;
	sqlite3_stmt *st[2] = { NULL, NULL };
	int k;

	while (*rc == 0 && (one = strsep(&rest, ",")) != NULL) {
		if (one[0] != 'p' && one[0] != 'a')
			continue;
		k = one[0] == 'a';
		if (st[k] == NULL &&
		    (*rc = db_prepare(db, witness_kept[k], &st[k], e)) != 0)
			break;
		sqlite3_bind_int64(st[k], 1, strtoll(one + 1, NULL, 10));
		if (sqlite3_step(st[k]) == SQLITE_ROW &&
		    sqlite3_column_int(st[k], 0)) {
			if (out.len > 0)
				sb_addc(&out, ',');
			sb_adds(&out, one);
		}
		sqlite3_reset(st[k]);
	}
	sqlite3_finalize(st[0]);
	sqlite3_finalize(st[1]);
	free(copy);
	if (out.len == 0) {
		sb_release(&out);
		return NULL;
	}
	return sb_detach(&out);
}

/* A fact's letter as an index of facts_find and facts_keep, or -1. */
static int
fact_kind(char c)
{
	static const char letters[] = "uet";
	const char *k = strchr(letters, c);

	return c != '\0' && k != NULL ? (int)(k - letters) : -1;
}

/*
 * Keep the facts of old (the last recompute's, "u2,human@p17,p90;e2@a9")
 * that still hold, each with a row that says so.
 */
static int
facts_kept(struct db *db, const char *old, struct err *e)
{
	char *copy = xstrdup(old), *rest = copy, *tok, *kind, *w, *nw;
	sqlite3_stmt *st;
	int i, rc = 0;

	while (rc == 0 && (tok = strsep(&rest, ";")) != NULL) {
		if ((i = fact_kind(tok[0])) < 0)
			continue;
		if ((w = strchr(tok, '@')) == NULL)
			continue;
		*w++ = '\0';
		if ((kind = strchr(tok, ',')) != NULL)
			*kind++ = '\0';
		nw = witness_clean(db, w, &rc, e);
		if (rc == 0 && nw == NULL &&
		    (rc = db_prepare(db, facts_find[i], &st, e)) == 0) {
			sqlite3_bind_int64(st, 1, strtoll(tok + 1, NULL, 10));
			if (i == 0)
				db_bind_text(st, 2, kind ? kind : "");
			nw = step_text(st);
			sqlite3_finalize(st);
		}
		if (rc == 0 && nw != NULL &&
		    (rc = db_prepare(db, facts_keep[i], &st, e)) == 0) {
			sqlite3_bind_int64(st, 1, strtoll(tok + 1, NULL, 10));
			if (i == 0)
				db_bind_text(st, 2, kind ? kind : "");
			db_bind_text(st, 3, nw);
			rc = db_step_done(db, st, e, "keep a source's fact");
			sqlite3_finalize(st);
		}
		free(nw);
	}
	free(copy);
	return rc;
}

/* The facts as text, with (witness) or without their rows. */
static int
facts_text(struct db *db, int witness, char **out, struct err *e)
{
	return query_text(db,
	    witness ? "SELECT group_concat(x, ';') FROM (SELECT 'u' ||"
		      " source_id || ',' || kind || '@' || w AS x FROM"
		      " temp.usage_src UNION ALL SELECT 'e' || source_id ||"
		      " '@' || w FROM temp.src_elig UNION ALL SELECT 't' ||"
		      " source_id || '@' || w FROM temp.src_tb ORDER BY 1)"
		    : "SELECT group_concat(x, ';') FROM (SELECT 'u' ||"
		      " source_id || ',' || kind AS x FROM temp.usage_src"
		      " UNION ALL SELECT 'e' || source_id FROM temp.src_elig"
		      " UNION ALL SELECT 't' || source_id FROM temp.src_tb"
		      " ORDER BY 1)",
	    out, e);
}

int
finc_facts(struct db *db, int incremental, char **facts, char **witness,
    struct err *e)
{
	char *old = incremental ? meta_get(db, "findings_witness") : NULL;
	int rc;

	*facts = *witness = NULL;
	if ((rc = db_exec(db, facts_tables_sql, e)) != 0)
		goto out;
	if (old == NULL)
		rc = db_exec(db, facts_all_sql, e);
	else if ((rc = facts_kept(db, old, e)) == 0)
		rc = db_exec(db, facts_new_sql, e);
	if (rc != 0)
		goto out;
	if ((rc = facts_text(db, 0, facts, e)) == 0)
		rc = facts_text(db, 1, witness, e);
out:
	free(old);
	return rc;
}

int
finc_plan(struct db *db, const char *sig, int *incremental, struct err *e)
{
	char *old = meta_get(db, "findings_sig");
	const char *p;
	int64_t nwatch = 0;
	int rc = 0;

	/* the triggers watch_sql makes, all in place */
	for (p = watch_sql; (p = strstr(p, "CREATE TRIGGER")) != NULL; p++)
		nwatch++;
	*incremental = 0;
	/*
	 * findings_at is the last recompute's, whoever ran it:
	 * findings_inc_at says it was one that left findings_sig (not a parc
	 * before this one, which leaves the triggers' notes behind)
	 */
	if (old != NULL && strcmp(old, sig) == 0 &&
	    db_count(db,
		"SELECT count(*) FROM meta a JOIN meta b ON b.key ="
		" 'findings_inc_at' AND b.value = a.value WHERE a.key ="
		" 'findings_at'") == 1 &&
	    db_count(db,
		"SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
		" AND name LIKE 'finding_watch_%'") == nwatch &&
	    db_count(db,
		"SELECT count(*) FROM (SELECT 1 FROM finding LIMIT 1)") > 0 &&
	    db_count(db,
		"SELECT count(*) FROM finding_dirty WHERE principal_id = 0") ==
		0) {
		if ((rc = db_exec(db, expand_sql, e)) == 0)
			*incremental = 1;
	}
	free(old);
	return rc;
}

int
finc_dirty(struct db *db)
{
	return db_count(db,
		   "SELECT count(*) FROM (SELECT 1 FROM temp.dp"
		   " UNION ALL SELECT 1 FROM temp.di LIMIT 1)") > 0;
}

int
finc_same_facts(struct db *db, const char *facts)
{
	char *old = meta_get(db, "findings_facts");
	int same = old != NULL && facts != NULL && strcmp(old, facts) == 0;

	free(old);
	return same;
}

/*
 * Drop every finding_watch_* trigger there is (a parc before this one
 * may have made others, or other bodies) and make watch_sql's.
 */
static int
watch_remake(struct db *db, struct err *e)
{
	sqlite3_stmt *st;
	struct sb drop = SB_INIT;
	char *one;
	int rc, src;

	if (db_prepare(db,
		"SELECT name FROM sqlite_schema WHERE type = 'trigger' AND"
		" name GLOB 'finding_watch_*'",
		&st, e) != 0)
		return PARC_EDB;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		/* a name, not a value: quoted, as no parameter can be */
		one = sqlite3_mprintf("DROP TRIGGER \"%w\";",
		    (const char *)sqlite3_column_text(st, 0));
		sb_adds(&drop, one);
		sqlite3_free(one);
	}
	rc = src == SQLITE_DONE ? 0
				: db_fail(db, e, "list the findings triggers");
	sqlite3_finalize(st);
	if (rc == 0 && drop.len > 0)
		rc = db_exec(db, drop.buf, e);
	sb_release(&drop);
	return rc == 0 ? db_exec(db, watch_sql, e) : rc;
}

int
finc_same_eval(struct db *db, const char *eval)
{
	char *old = meta_get(db, "findings_eval");
	int same = old != NULL && strcmp(old, eval) == 0;

	free(old);
	return same;
}

int
finc_done(struct db *db, int full, const char *sig, const char *eval,
    const char *now, const char *facts, const char *witness, struct err *e)
{
	int rc;

	if ((rc = full ? watch_remake(db, e) : db_exec(db, watch_sql, e)) !=
		0 ||
	    (rc = db_exec(db,
		 "DELETE FROM finding_dirty; DELETE FROM"
		 " finding_dirty_identity; DELETE FROM finding_dirty_asg;",
		 e)) != 0 ||
	    (rc = meta_set(db, "findings_sig", sig, e)) != 0 ||
	    (rc = meta_set(db, "findings_eval", eval, e)) != 0 ||
	    (rc = meta_set(db, "findings_inc_at", now, e)) != 0)
		return rc;
	if (facts != NULL && witness != NULL &&
	    (rc = meta_set(db, "findings_facts", facts, e)) == 0)
		rc = meta_set(db, "findings_witness", witness, e);
	return rc;
}

int
finding_mark_stale(struct db *db, struct err *e)
{
	return db_exec(db,
	    "INSERT INTO meta (key, value) VALUES ('findings_stale', '1')"
	    " ON CONFLICT (key) DO UPDATE SET value = '1'",
	    e);
}

int
finding_stale(struct db *db)
{
	return db_count(db,
		   "SELECT count(*) FROM meta WHERE key = 'findings_stale'"
		   " AND value = '1'") > 0;
}
