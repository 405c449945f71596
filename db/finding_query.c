/*
 * finding_query.c - the walk over the findings the command line, the
 * console and the reports share (finding.h), apart from the rules and
 * their recompute (finding.c); and the binding of named parameters the
 * walk and the rules share (finding_bind_named).
 */
#include <stddef.h>

#include "db/dbint.h"
#include "db/finding.h"
#include "db/finding_int.h"
#include "db/vocab.h"

static const char query_sql[] =
    "SELECT f.id, f.kind, f.severity, s.name, s.kind,"
    " coalesce(p.host, n.host), p.name, i.display_name, i.employee_id,"
    " n.name, coalesce(n.tier, -1), f.evidence, coalesce(f.techniques, ''),"
    /* every finding there was seen by the last recompute */
    " f.first_seen, max(f.last_seen, coalesce((SELECT value FROM meta"
    " WHERE key = 'findings_at'), '')), coalesce(f.grant_id, 0),"
    " coalesce(p.id, 0), coalesce(i.id, 0)"
    " FROM finding f LEFT JOIN effective_grant g ON g.id = f.grant_id"
    " LEFT JOIN principal p ON p.id = coalesce(g.account_id,"
    "  f.principal_id)"
    " LEFT JOIN entitlement n ON n.id = g.entitlement_id"
    " LEFT JOIN source s ON s.id = f.source_id"
    " LEFT JOIN identity i ON i.id = coalesce(p.identity_id, f.identity_id)"
    " WHERE f.id > :after AND (:kind IS NULL OR f.kind = :kind)"
    " AND (:source IS NULL OR s.name = :source)"
    " AND (:sev IS NULL OR parc_severity_rank(f.severity) >= :sevrank)"
    " ORDER BY f.id LIMIT :limit";

static int
prepare_query(struct db *db, const struct finding_filter *f, const char *sql,
    sqlite3_stmt **st, struct err *e)
{
	if (db_prepare(db, sql, st, e) != 0)
		return PARC_EDB;
	finding_bind_named(*st, ":after", NULL, f ? (long)f->after_id : 0, 0);
	finding_bind_named(*st, ":kind", f ? f->kind : NULL, 0, 1);
	finding_bind_named(*st, ":source", f ? f->source : NULL, 0, 1);
	finding_bind_named(*st, ":sev", f ? f->severity : NULL, 0, 1);
	/* a word that is no severity asks for the worst, as it always did */
	finding_bind_named(*st, ":sevrank", NULL,
	    f && severity_find(f->severity) ? severity_find(f->severity)->rank
					    : 3,
	    0);
	finding_bind_named(*st, ":limit", NULL,
	    f && f->limit > 0 ? (long)f->limit : -1, 0);
	return 0;
}

int
finding_query(struct db *db, const struct finding_filter *f,
    int (*fn)(const struct finding_row *row, void *arg), void *arg,
    struct err *e)
{
	struct finding_row r;
	sqlite3_stmt *st;
	int step, ret = 0;

	if (prepare_query(db, f, query_sql, &st, e) != 0)
		return PARC_EDB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		r.id = sqlite3_column_int64(st, 0);
		r.kind = db_col_text(st, 1);
		r.severity = db_col_text(st, 2);
		r.source = db_col_text(st, 3);
		r.source_kind = db_col_text(st, 4);
		r.host = db_col_text(st, 5);
		r.account = db_col_text(st, 6);
		r.person = db_col_text(st, 7);
		r.employee_id = db_col_text(st, 8);
		r.entitlement = db_col_text(st, 9);
		r.tier = sqlite3_column_int(st, 10);
		r.evidence = db_col_text(st, 11);
		r.techniques = db_col_text(st, 12);
		r.first_seen = db_col_text(st, 13);
		r.last_seen = db_col_text(st, 14);
		r.grant_id = sqlite3_column_int64(st, 15);
		r.principal_id = sqlite3_column_int64(st, 16);
		r.identity_id = sqlite3_column_int64(st, 17);
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	if (ret == 0 && step != SQLITE_DONE)
		ret = db_fail(db, e, "read findings");
	sqlite3_finalize(st);
	return ret;
}

int64_t
finding_count(struct db *db, const struct finding_filter *f)
{
	sqlite3_stmt *st;
	int64_t n = 0;

	if (prepare_query(db, f,
		"SELECT count(*) FROM finding f LEFT JOIN source s ON"
		" s.id = f.source_id WHERE :after IS NOT NULL"
		" AND (:kind IS NULL OR f.kind = :kind)"
		" AND (:source IS NULL OR s.name = :source)"
		" AND (:sev IS NULL OR parc_severity_rank(f.severity) >="
		" :sevrank)",
		&st, NULL) != 0)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

void
finding_bind_named(sqlite3_stmt *st, const char *name, const char *text,
    long num, int is_text)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i == 0)
		return;
	if (is_text)
		db_bind_text(st, i, text);
	else
		sqlite3_bind_int64(st, i, num);
}
