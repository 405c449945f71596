/*
 * finding_merge.c - the recompute's merge of what the rules find into the
 * finding table (finding_int.h).
 *
 * Most findings persist from one recompute to the next and read as they
 * did. A rule's rows come in subject order (grant, principal, identity,
 * source), and the finding_key index gives the kind's old findings in the
 * same order: the two are merged as they stream, like a merge join. An
 * unchanged finding costs a step of each side and a compare; only new and
 * changed findings are staged in temp.new_finding, and only the ids of
 * the gone ones are kept in memory.
 */
#include <stdlib.h>
#include <string.h>

#include "db/finding_int.h"
#include "lib/sb.h"

/* The subject columns of a rule's row, in its ORDER BY's order. */
enum {
	R_KIND,
	R_SEV,
	R_SOURCE,
	R_PRINCIPAL,
	R_GRANT,
	R_IDENTITY,
	R_EVID,
	R_TECH
};

/* The same of an old finding (merge_old's columns). */
enum {
	O_ID,
	O_GRANT,
	O_PRINCIPAL,
	O_IDENTITY,
	O_SOURCE,
	O_SEV,
	O_EVID,
	O_TECH
};

struct fmerge {
	struct db *db;
	char *now;
	/* the kind's old findings in subject order, per enum fmerge_scope */
	sqlite3_stmt *old[3];
	sqlite3_stmt *stage; /* a row into temp.new_finding */
	int64_t seq;	     /* rows staged so far: new findings' order */
	int64_t *gone;	     /* ids of old findings no rule found again */
	size_t ngone, agone;
	int empty; /* no findings at all when it began */
};

/* Equal texts, NULL equal only to NULL (SQL's IS). */
static int
same_text(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Whether the old finding reads as the rule row does. */
static int
reads_same(sqlite3_stmt *old, sqlite3_stmt *row)
{
	const char *tech = db_col_text(row, R_TECH);

	/* techniques are stored NULL when empty */
	if (tech != NULL && *tech == '\0')
		tech = NULL;
	return same_text(db_col_text(old, O_SEV), db_col_text(row, R_SEV)) &&
	    same_text(db_col_text(old, O_EVID), db_col_text(row, R_EVID)) &&
	    same_text(db_col_text(old, O_TECH), tech);
}

static void
note_gone(struct fmerge *m, int64_t id)
{
	if (m->ngone == m->agone) {
		m->agone = m->agone ? m->agone * 2 : 1024;
		m->gone = xrealloc(m->gone, m->agone * sizeof(*m->gone));
	}
	m->gone[m->ngone++] = id;
}

/* Stage the rule's row, as a change of finding fid or (0) a new one. */
static int
stage(struct fmerge *m, sqlite3_stmt *row, int64_t fid, const char *what,
    struct err *e)
{
	int i;

	for (i = 0; i < 8; i++)
		sqlite3_bind_value(m->stage, i + 1,
		    sqlite3_column_value(row, i));
	sqlite3_bind_int64(m->stage, 10, ++m->seq);
	if (fid > 0)
		sqlite3_bind_int64(m->stage, 9, fid);
	else
		sqlite3_bind_null(m->stage, 9);
	return db_step_done(m->db, m->stage, e, what);
}

/* The old findings of a kind, in subject order, in each scope. */
#define OLD_COLS                                                  \
	"SELECT f.id, f.grant_id, f.principal_id, f.identity_id," \
	" f.source_id, f.severity, f.evidence, f.techniques"
#define OLD_ORDER \
	" ORDER BY f.grant_id, f.principal_id, f.identity_id, f.source_id"
static const char *const old_sql[3] = {
	/*
	 * finding_key's order; the rules' ORDER BY (finding.c) is the same.
	 * A person's few by finding_identity (+kind: not every finding of
	 * the kind once a person); the accounts' from temp.old_p.
	 */
	[FM_ALL] = OLD_COLS " FROM finding f WHERE f.kind = ?1" OLD_ORDER,
	[FM_ACCOUNTS] =
	    OLD_COLS " FROM temp.old_p f WHERE f.kind = ?1" OLD_ORDER,
	[FM_PEOPLE] = OLD_COLS " FROM temp.di d CROSS JOIN finding f"
			       " ON f.identity_id = d.id WHERE +f.kind = ?1"
			       " AND f.principal_id IS NULL AND f.grant_id IS"
			       " NULL" OLD_ORDER,
};

int
fmerge_open(struct db *db, const char *now, struct fmerge **out, struct err *e)
{
	struct fmerge *m = xcalloc(1, sizeof(*m));
	int rc;

	m->db = db;
	m->now = xstrdup(now);
	if ((rc = db_prepare(db,
		 "INSERT INTO temp.new_finding (kind, severity, source_id,"
		 " principal_id, grant_id, identity_id, evidence, techniques,"
		 " fid, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
		 &m->stage, e)) != 0) {
		fmerge_free(m);
		return rc;
	}
	m->empty =
	    db_count(db,
		"SELECT count(*) FROM (SELECT 1 FROM finding LIMIT 1)") == 0;
	*out = m;
	return 0;
}

int
fmerge_empty(const struct fmerge *m)
{
	return m->empty;
}

/* A finding's subject: grant, principal, identity, source (0 and null). */
struct subject {
	int64_t v[4];
	int null[4];
};

/* The subject columns of a rule row and of an old finding. */
static const int rule_cols[4] = { R_GRANT, R_PRINCIPAL, R_IDENTITY, R_SOURCE };
static const int old_cols[4] = { O_GRANT, O_PRINCIPAL, O_IDENTITY, O_SOURCE };

static void
subject_of(sqlite3_stmt *row, const int *col, struct subject *s)
{
	int i;

	for (i = 0; i < 4; i++) {
		s->null[i] = sqlite3_column_type(row, col[i]) == SQLITE_NULL;
		s->v[i] = s->null[i] ? 0 : sqlite3_column_int64(row, col[i]);
	}
}

/* a against b as ORDER BY sorts them (NULL first, then integers). */
static int
subject_cmp(const struct subject *a, const struct subject *b)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (a->null[i] || b->null[i]) {
			if (a->null[i] != b->null[i])
				return b->null[i] - a->null[i];
			continue;
		}
		if (a->v[i] != b->v[i])
			return a->v[i] < b->v[i] ? -1 : 1;
	}
	return 0;
}

int
fmerge_rule(struct fmerge *m, sqlite3_stmt *rule, const char *kind,
    enum fmerge_scope scope, const char *what, struct err *e)
{
	struct subject prev, cur, old;
	int64_t last = 0; /* the old finding prev matched, or 0 */
	int ostep, step = SQLITE_DONE, c, rc = 0;
	sqlite3_stmt *ost;

	/*
	 * The accounts' old findings of every kind, read once (by
	 * finding_principal) into temp.old_p, in finding_key's order: not
	 * once a rule.
	 */
	if (scope == FM_ACCOUNTS && m->old[scope] == NULL &&
	    (rc = db_exec(m->db,
		 "DROP TABLE IF EXISTS temp.old_p;"
		 "CREATE TEMP TABLE old_p AS SELECT f.* FROM temp.dp d"
		 " CROSS JOIN finding f ON f.principal_id = d.id;"
		 "CREATE INDEX temp.old_p_key ON old_p(kind, grant_id,"
		 " principal_id, identity_id, source_id);",
		 e)) != 0)
		return rc;
	if (m->old[scope] == NULL &&
	    (rc = db_prepare(m->db, old_sql[scope], &m->old[scope], e)) != 0)
		return rc;
	ost = m->old[scope];
	memset(&prev, 0, sizeof(prev));
	memset(&cur, 0, sizeof(cur));
	memset(&old, 0, sizeof(old));
	db_bind_text(ost, 1, kind);
	if ((ostep = sqlite3_step(ost)) == SQLITE_ROW)
		subject_of(ost, old_cols, &old);
	while (rc == 0 && (step = sqlite3_step(rule)) == SQLITE_ROW) {
		subject_of(rule, rule_cols, &cur);
		c = 1;
		while (
		    ostep == SQLITE_ROW && (c = subject_cmp(&old, &cur)) < 0) {
			note_gone(m, sqlite3_column_int64(ost, O_ID));
			if ((ostep = sqlite3_step(ost)) == SQLITE_ROW)
				subject_of(ost, old_cols, &old);
		}
		if (ostep != SQLITE_ROW && ostep != SQLITE_DONE)
			break;
		if (ostep == SQLITE_ROW && c == 0) {
			last = sqlite3_column_int64(ost, O_ID);
			if (!reads_same(ost, rule))
				rc = stage(m, rule, last, what, e);
			if ((ostep = sqlite3_step(ost)) == SQLITE_ROW)
				subject_of(ost, old_cols, &old);
		} else {
			/*
			 * A subject twice in one rule (no rule yields one) is
			 * one finding, as when each row looked its old self
			 * up by subject.
			 */
			if (last == 0 || subject_cmp(&cur, &prev) != 0)
				last = 0;
			rc = stage(m, rule, last, what, e);
		}
		prev = cur;
	}
	if (rc == 0 && ostep != SQLITE_ROW && ostep != SQLITE_DONE)
		rc = db_fail(m->db, e, "read the old findings");
	else if (rc == 0 && step != SQLITE_DONE)
		rc = db_fail(m->db, e, what);
	while (rc == 0 && ostep == SQLITE_ROW) {
		note_gone(m, sqlite3_column_int64(ost, O_ID));
		ostep = sqlite3_step(ost);
	}
	if (rc == 0 && ostep != SQLITE_DONE)
		rc = db_fail(m->db, e, "read the old findings");
	sqlite3_reset(ost);
	return rc;
}

/*
 * Run sql, a write of the staged rows, with ?1 bound to now; *changes
 * gets its changes.
 */
static int
exec_now(struct fmerge *m, const char *sql, int64_t *changes, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = finding_checks_off(m->db, e)) != 0)
		return rc;
	if ((rc = db_prepare(m->db, sql, &st, e)) == 0) {
		db_bind_text(st, 1, m->now);
		rc = db_step_done(m->db, st, e, "merge findings");
		*changes = sqlite3_changes(m->db->conn);
		sqlite3_finalize(st);
	}
	finding_checks_on(m->db);
	return rc;
}

/*
 * Delete the findings of a kind no rule makes (a kind a later parc
 * dropped); *n gets how many. The kinds are walked on finding_key, one
 * seek each, not by reading every finding.
 */
static int
delete_lost_kinds(struct fmerge *m, int64_t *n, struct err *e)
{
	sqlite3_stmt *first = NULL, *next = NULL, *known = NULL, *del = NULL;
	sqlite3_stmt *st;
	char *kind = NULL;
	int rc, step;

	*n = 0;
	if ((rc = db_prepare(m->db, "SELECT min(kind) FROM finding", &first,
		 e)) != 0 ||
	    (rc = db_prepare(m->db,
		 "SELECT min(kind) FROM finding WHERE kind > ?1", &next, e)) !=
		0 ||
	    (rc = db_prepare(m->db,
		 "SELECT count(*) FROM temp.new_kind WHERE kind = ?1", &known,
		 e)) != 0 ||
	    (rc = db_prepare(m->db, "DELETE FROM finding WHERE kind = ?1", &del,
		 e)) != 0)
		goto out;
	for (st = first;; st = next) {
		if (kind != NULL)
			db_bind_text(next, 1, kind);
		if ((step = sqlite3_step(st)) != SQLITE_ROW) {
			rc = db_fail(m->db, e, "read the finding kinds");
			break;
		}
		free(kind);
		kind = db_col_text(st, 0) ? xstrdup(db_col_text(st, 0)) : NULL;
		sqlite3_reset(st);
		if (kind == NULL)
			break;
		db_bind_text(known, 1, kind);
		step = sqlite3_step(known);
		if (step != SQLITE_ROW) {
			rc = db_fail(m->db, e, "read the finding kinds");
			break;
		}
		step = sqlite3_column_int(known, 0);
		sqlite3_reset(known);
		if (step > 0)
			continue;
		db_bind_text(del, 1, kind);
		if ((rc = db_step_done(m->db, del, e,
			 "delete findings of a dropped kind")) != 0)
			break;
		*n += sqlite3_changes(m->db->conn);
	}
out:
	free(kind);
	sqlite3_finalize(first);
	sqlite3_finalize(next);
	sqlite3_finalize(known);
	sqlite3_finalize(del);
	return rc;
}

int
fmerge_finish(struct fmerge *m, struct finding_stats *s, struct err *e)
{
	sqlite3_stmt *del;
	int64_t n;
	size_t k;
	int rc;

	/* all deletes first: a new finding's id is what it always was */
	if ((rc = db_prepare(m->db, "DELETE FROM finding WHERE id = ?1", &del,
		 e)) != 0)
		return rc;
	for (k = 0; rc == 0 && k < m->ngone; k++) {
		sqlite3_bind_int64(del, 1, m->gone[k]);
		rc = db_step_done(m->db, del, e, "delete a resolved finding");
	}
	sqlite3_finalize(del);
	s->resolved = (int64_t)m->ngone;
	/* and those of a kind no rule makes any more */
	if (rc == 0)
		rc = delete_lost_kinds(m, &n, e);
	if (rc != 0)
		return rc;
	s->resolved += n;
	/* every staged row with an id changed (fmerge_rule) */
	if ((rc = exec_now(m,
		 "UPDATE finding SET severity = n.severity, evidence ="
		 " n.evidence, techniques = nullif(n.techniques, ''),"
		 " last_seen = ?1 FROM temp.new_finding n"
		 " WHERE n.fid = finding.id",
		 &n, e)) != 0)
		return rc;
	/* staged as found when there was nothing to merge (fmerge_empty()) */
	return exec_now(m,
	    m->empty ? "INSERT INTO finding (kind, severity, source_id,"
		       " principal_id, grant_id, identity_id, evidence,"
		       " techniques, first_seen, last_seen) SELECT n.kind,"
		       " n.severity, n.source_id, n.principal_id, n.grant_id,"
		       " n.identity_id, n.evidence, nullif(n.techniques, ''),"
		       " ?1, ?1 FROM temp.new_finding n"
		     : "INSERT INTO finding (kind, severity, source_id,"
		       " principal_id, grant_id, identity_id, evidence,"
		       " techniques, first_seen, last_seen) SELECT n.kind,"
		       " n.severity, n.source_id, n.principal_id, n.grant_id,"
		       " n.identity_id, n.evidence, nullif(n.techniques, ''),"
		       " ?1, ?1 FROM temp.new_finding n WHERE n.fid IS NULL"
		       " ORDER BY n.seq",
	    &s->added, e);
}

void
fmerge_free(struct fmerge *m)
{
	if (m == NULL)
		return;
	sqlite3_finalize(m->old[FM_ALL]);
	sqlite3_finalize(m->old[FM_ACCOUNTS]);
	sqlite3_finalize(m->old[FM_PEOPLE]);
	sqlite3_finalize(m->stage);
	db_exec(m->db, "DROP TABLE IF EXISTS temp.old_p", NULL);
	free(m->gone);
	free(m->now);
	free(m);
}
