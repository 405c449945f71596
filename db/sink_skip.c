/*
 * sink_skip.c - the runs of assignments a re-sync skipped (an account of
 * the last snapshot whose rows came with its stored digest), kept in the
 * sink's known[] rather than in the staging tables.
 *
 * A re-sync that changed 1% skips nine accounts in ten. Writing a
 * stage_run row and a skip_ids row for each, and reading them back in
 * the merge (the digest check, the reference check, the sums, the scan
 * of every account for chg_acc), cost a tenth of the re-sync's
 * instructions (callgrind, 100,000 grants). known[] holds what those
 * rows said; they are written
 * only where a statement must read them: an account that came apart
 * (sink_skip_split), a whole replacement, or another sync of the source
 * that committed while this one pulled (sink_skip_stage). When none did
 * (the source's last run is the one sink_known_load() read), known[] is
 * what the table holds, so the merge diffs only the accounts it names
 * (sink_skip_cand) instead of reading every account's digest.
 *
 * Likewise an account record emitted exactly as its row holds it (below).
 * When another sync committed meanwhile, a skipped account whose rows or
 * record it changed fails the commit (sink_known_check): what this pull
 * had of it was not kept.
 */
#include <stdlib.h>
#include <string.h>

#include "db/sink_int.h"

/* Write known[k]'s skipped run into stage_run (its account ext_id). */
static int
stage_skipped(struct sink *s, const struct known *k, const char *ext_id,
    struct err *e)
{
	sqlite3_stmt *st = s->st[ST_RUN];
	int rc;

	db_bind_text(st, 1, ext_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)k->digest);
	sqlite3_bind_int64(st, 3, k->n);
	sqlite3_bind_null(st, 4);
	sqlite3_bind_null(st, 5);
	db_bind_text(st, 6, k->ent1);
	sqlite3_bind_int64(st, 7, k->pid);
	sqlite3_bind_int64(st, 8, k->seq);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(s->db, e, "staging");
	return 0;
}

int
sink_skip_split(struct sink *s, size_t k, struct err *e)
{
	int rc = stage_skipped(s, &s->known[k], s->run_principal, e);

	free(s->known[k].ent1);
	s->known[k].ent1 = NULL;
	return rc;
}

/* Put stage_run in the order its runs came (seq), its rowids anew. */
static int
order_runs(struct sink *s, struct err *e)
{
	return db_exec(s->db,
	    "DROP TABLE IF EXISTS temp.stage_run_by_seq;"
	    "CREATE TEMP TABLE stage_run_by_seq AS SELECT * FROM"
	    " temp.stage_run ORDER BY seq;"
	    "DELETE FROM temp.stage_run;"
	    "INSERT INTO temp.stage_run SELECT * FROM temp.stage_run_by_seq"
	    " ORDER BY rowid;"
	    "DROP TABLE temp.stage_run_by_seq;",
	    e);
}

int
sink_skip_stage(struct sink *s, int order, struct err *e)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc = 0;

	if (s->skip_staged == 0) {
		if (db_prepare(s->db, "INSERT INTO temp.skip_ids VALUES (?, ?)",
			&st, e) != 0)
			return PARC_EDB;
		for (i = 0; i < s->known_ix.cap && rc == 0; i++) {
			const struct known *k;

			if (s->known_ix.slot[i].key == NULL)
				continue;
			k = &s->known[s->known_ix.slot[i].val.num];
			if (k->state != KNOWN_SKIPPED)
				continue;
			if ((rc = stage_skipped(s, k, s->known_ix.slot[i].key,
				 e)) != 0)
				break;
			sqlite3_bind_int64(st, 1, k->pid);
			sqlite3_bind_int64(st, 2, (sqlite3_int64)k->digest);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_fail(s->db, e, "staging");
			sqlite3_reset(st);
		}
		sqlite3_finalize(st);
		if (rc != 0)
			return rc;
		s->skip_staged = 1;
	}
	if (order && s->skip_staged == 1) {
		if ((rc = order_runs(s, e)) != 0)
			return rc;
		s->skip_staged = 2;
	}
	return 0;
}

int64_t
sink_skip_unpulled(struct sink *s, const char **ext_id)
{
	int64_t first = -1;
	size_t i;

	*ext_id = NULL;
	if (s->skipped == 0 || s->skip_staged != 0)
		return -1;
	for (i = 0; i < s->known_ix.cap; i++) {
		size_t k = s->known_ix.slot[i].val.num;

		if (s->known_ix.slot[i].key == NULL ||
		    s->known[k].state != KNOWN_SKIPPED || s->known[k].pulled)
			continue;
		if (first < 0 || s->known[k].seq < s->known[first].seq) {
			first = (int64_t)k;
			*ext_id = s->known_ix.slot[i].key;
		}
	}
	return first;
}

int
sink_skip_cand(struct sink *s, struct err *e)
{
	sqlite3_stmt *st;
	size_t k;
	int rc = 0;

	if ((rc = db_exec(s->db,
		 "DROP TABLE IF EXISTS temp.chg_cand;"
		 "CREATE TEMP TABLE chg_cand (id INTEGER PRIMARY KEY)",
		 e)) != 0)
		return rc;
	if (db_prepare(s->db, "INSERT INTO temp.chg_cand VALUES (?)", &st, e) !=
	    0)
		return PARC_EDB;
	for (k = 0; k < s->known_ix.n && rc == 0; k++) {
		const struct known *x = &s->known[k];

		/* unseen with no row then (digest 0): none now either */
		if (x->state == KNOWN_SKIPPED ||
		    (x->state == KNOWN_UNSEEN && x->has_digest &&
			x->digest == 0))
			continue;
		sqlite3_bind_int64(st, 1, x->pid);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(s->db, e, "staging");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;
	/* and the accounts new to the source (step 2 inserted them) */
	if (db_prepare(s->db,
		"INSERT OR IGNORE INTO temp.chg_cand SELECT p.id"
		" FROM temp.chg_p c CROSS JOIN temp.stage_principal t"
		" ON t.rowid = c.trow CROSS JOIN principal p"
		" ON p.source_id = ?1 AND p.ext_id = t.ext_id"
		" WHERE c.pid IS NULL",
		&st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, s->source_id);
	rc = db_step_done(s->db, st, e, "list the changed accounts");
	sqlite3_finalize(st);
	return rc;
}

int
sink_skip_check_runs(struct sink *s, sqlite3_stmt *st, int row, const char *fmt,
    struct err *e)
{
	const char *ext_id;
	int64_t k = sink_skip_unpulled(s, &ext_id);

	if (k >= 0 && (!row || s->known[k].seq < sqlite3_column_int64(st, 2)))
		return err_set(e, PARC_EDATA, fmt, s->name, ext_id,
		    s->known[k].ent1);
	if (row)
		return err_set(e, PARC_EDATA, fmt, s->name, db_col_text(st, 0),
		    db_col_text(st, 1));
	return 0;
}

/*
 * Principals. An account of the last snapshot emitted exactly as its row
 * holds it (the hash of its fields, read at sink_known_load(), is the
 * record's) is not staged either: the merge would compare it with its
 * row only to leave it. The reference checks and the merge's count of
 * the accounts gone ask parc_pulled() about it instead of
 * stage_principal.
 */
int
sink_skip_principal(struct sink *s, const char *id, const char *const *f,
    struct err *e)
{
	union strhash_val *v;
	struct known *k;

	if (s->known_ix.n == 0 || (v = strhash_find(&s->known_ix, id)) == NULL)
		return 0;
	k = &s->known[v->num];
	if (k->pulled)
		return err_set(e, PARC_EDATA, "source %s: duplicate account %s",
		    s->name, id);
	k->pulled = 1;
	/* a fleet's kept hosts read stage_principal: every one is staged */
	if (s->fleet || k->rec != sink_rec_hash(f, PRINCIPAL_FIELDS))
		return 0;
	k->pskip = 1;
	s->pskipped++;
	s->stats.principals++;
	return 1;
}

uint64_t
sink_skip_row_hash(sqlite3_stmt *st, int col)
{
	const char *f[PRINCIPAL_FIELDS];
	int i;

	for (i = 0; i < PRINCIPAL_FIELDS; i++)
		f[i] = db_col_text(st, col + i);
	return sink_rec_hash(f, PRINCIPAL_FIELDS);
}

static void
pulled_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct sink *s = sqlite3_user_data(ctx);
	const char *id = (const char *)sqlite3_value_text(argv[0]);
	const union strhash_val *v;
	const struct known *k;

	(void)argc;
	if (id == NULL || s->pskipped == 0 ||
	    (v = strhash_find(&s->known_ix, id)) == NULL) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	k = &s->known[v->num];
	sqlite3_result_int(ctx,
	    k->pskip && (sqlite3_value_int(argv[1]) == 0 || k->is_group));
}

static void
skipped_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct sink *s = sqlite3_user_data(ctx);

	(void)argc;
	(void)argv;
	sqlite3_result_int64(ctx, s->pskipped);
}

int
sink_skip_register(struct sink *s, struct err *e)
{
	if (sqlite3_create_function_v2(s->db->conn, "parc_pulled", 2,
		SQLITE_UTF8 | SQLITE_DIRECTONLY, s, pulled_fn, NULL, NULL,
		NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(s->db->conn, "parc_principals_skipped",
		0, SQLITE_UTF8 | SQLITE_DIRECTONLY, s, skipped_fn, NULL, NULL,
		NULL) != SQLITE_OK)
		return db_fail(s->db, e, "register parc_pulled");
	return 0;
}

void
sink_skip_unregister(struct sink *s)
{
	sqlite3_create_function_v2(s->db->conn, "parc_pulled", 2, SQLITE_UTF8,
	    NULL, NULL, NULL, NULL, NULL);
	sqlite3_create_function_v2(s->db->conn, "parc_principals_skipped", 0,
	    SQLITE_UTF8, NULL, NULL, NULL, NULL, NULL);
}

int
sink_skip_check_principals(struct sink *s, struct err *e)
{
	const char **ext = NULL;
	sqlite3_stmt *st;
	size_t i;
	int rc = 0, step;

	if (s->pskipped == 0)
		return 0;
	if (db_prepare(s->db,
		"SELECT name, display_name, kind, enabled, host, email, upn,"
		" employee_id, created_at, last_used_at, password_last_set,"
		" mfa, attrs FROM principal"
		" WHERE id = ?1 AND source_id = ?2 AND ext_id = ?3",
		&st, e) != 0)
		return PARC_EDB;
	/* in the order they were read (by id): the first one changed */
	ext = xcalloc(s->known_ix.n, sizeof(*ext));
	for (i = 0; i < s->known_ix.cap; i++)
		if (s->known_ix.slot[i].key != NULL)
			ext[s->known_ix.slot[i].val.num] =
			    s->known_ix.slot[i].key;
	for (i = 0; i < s->known_ix.n && rc == 0; i++) {
		if (!s->known[i].pskip)
			continue;
		sqlite3_bind_int64(st, 1, s->known[i].pid);
		sqlite3_bind_int64(st, 2, s->source_id);
		db_bind_text(st, 3, ext[i]);
		step = sqlite3_step(st);
		if (step == SQLITE_ROW &&
		    sink_skip_row_hash(st, 0) == s->known[i].rec)
			step = SQLITE_OK;
		else if (step == SQLITE_ROW || step == SQLITE_DONE)
			rc = err_set(e, PARC_EDATA,
			    "source %s: account %s changed in the database "
			    "while this pull ran (another sync of the source "
			    "committed); nothing of this pull was written, "
			    "sync it again",
			    s->name, ext[i]);
		else
			rc = db_fail(s->db, e, "check the accounts");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	free(ext);
	return rc;
}

/*
 * A count over the whole source's grants reads every one of them (a
 * million index entries at a large company) to learn a number the last
 * run recorded: sync_run.grants of an ok run is the count its commit
 * left (every merge path sets it so).
 */
int64_t
sink_skip_grants(struct sink *s)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (s->moved || s->last_run < 0 ||
	    db_prepare(s->db,
		"SELECT r.grants - (SELECT count(*) FROM temp.gone_id)"
		" FROM sync_run r WHERE r.id = ?1 AND r.source_id = ?2"
		" AND r.status = 'ok' AND r.grants IS NOT NULL"
		" AND NOT EXISTS (SELECT 1 FROM temp.chg_principal WHERE gone)"
		" AND NOT EXISTS (SELECT 1 FROM temp.chg_entitlement)",
		&st, NULL) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, s->last_run);
	sqlite3_bind_int64(st, 2, s->source_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0) + s->stats.added;
	sqlite3_finalize(st);
	return n;
}
