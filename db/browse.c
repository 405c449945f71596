/* browse.c - keyset-paginated reads for the review console. */
#include <stdlib.h>
#include <string.h>

#include "db/browse.h"
#include "db/dbint.h"

/* ---- campaigns ---- */

int
db_campaign_pick(struct db *db, const char *who, const char *name,
    struct db_campaign_brief *b, struct err *e)
{
	/* Cheap even on a huge campaign: EXISTS stops at the first item. */
	static const char pick[] =
	    "SELECT c.id, c.name, c.due, c.state FROM campaign c ORDER BY"
	    " c.state = 'open' DESC,"
	    " EXISTS (SELECT 1 FROM review_item r WHERE r.reviewer = ?1"
	    "  AND r.campaign_id = c.id) DESC,"
	    " CASE WHEN c.state = 'open' THEN c.due END,"
	    " c.closed_at DESC, c.id DESC LIMIT 1";
	static const char named[] =
	    "SELECT c.id, c.name, c.due, c.state FROM campaign c"
	    " WHERE c.name = ?2";
	sqlite3_stmt *st;
	int rc;

	memset(b, 0, sizeof(*b));
	if (db_prepare(db, name ? named : pick, &st, e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, who);
	db_bind_text(st, 2, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		b->id = sqlite3_column_int64(st, 0);
		b->name = xstrdup(db_col_text(st, 1));
		b->due = xstrdup(db_col_text(st, 2));
		b->state = xstrdup(db_col_text(st, 3));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, e, "find campaign");
	if (rc == SQLITE_DONE && name != NULL)
		return err_set(e, PARC_ENOTFOUND, "no campaign '%s' in %s",
		    name, db->path);
	return 0;
}

int
db_campaign_top_reviewer(struct db *db, int64_t campaign, char **login,
    struct err *e)
{
	static const char sql[] =
	    "SELECT reviewer FROM review_item WHERE campaign_id = ?1"
	    " AND reviewer IS NOT NULL GROUP BY reviewer"
	    " ORDER BY sum(findings <> '[]') DESC, count(*) DESC, reviewer"
	    " LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	*login = NULL;
	if (db_prepare(db, sql, &st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, campaign);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*login = xstrdup(db_col_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, e, "top reviewer");
	return 0;
}

void
db_campaign_brief_release(struct db_campaign_brief *b)
{
	free(b->name);
	free(b->due);
	free(b->state);
	memset(b, 0, sizeof(*b));
}

/* ---- review items ---- */

/*
 * The statement is assembled from constant fragments only (never values):
 * which index serves the order depends on the fragments, so a generic
 * "(?1 IS NULL OR ...)" would make SQLite scan.
 */
static const char item_cols[] =
    "SELECT r.id, r.source, r.source_kind, r.host, r.account, r.person,"
    " r.employee_id, r.entitlement, coalesce(r.tier, -1), r.reason, r.path,"
    " r.last_used,"
    " coalesce((SELECT group_concat(k, ',') FROM (SELECT CASE"
    "  WHEN j.type = 'object' THEN json_extract(j.value, '$.kind')"
    "  ELSE j.value END AS k FROM json_each(r.findings) j)), ''),"
    " r.reviewer, r.decision, r.until, r.comment, r.decided_by,"
    " r.decided_at,";

/* The order's (flag, text) expressions, as the indexes of the schema. */
static const char *const order_flag[] = {
	"(r.findings = '[]')", "(r.findings = '[]')", "0"};
static const char *const order_text[] = {
	"coalesce(r.person, r.account)", "r.entitlement", "NULL"};

static void
item_row(sqlite3_stmt *st, struct db_item_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->source = db_col_text(st, 1);
	r->source_kind = db_col_text(st, 2);
	r->host = db_col_text(st, 3);
	r->account = db_col_text(st, 4);
	r->person = db_col_text(st, 5);
	r->employee_id = db_col_text(st, 6);
	r->entitlement = db_col_text(st, 7);
	r->tier = sqlite3_column_int(st, 8);
	r->reason = db_col_text(st, 9);
	r->path = db_col_text(st, 10);
	r->last_used = db_col_text(st, 11);
	r->flags = db_col_text(st, 12);
	r->reviewer = db_col_text(st, 13);
	r->decision = db_col_text(st, 14);
	r->until = db_col_text(st, 15);
	r->comment = db_col_text(st, 16);
	r->decided_by = db_col_text(st, 17);
	r->decided_at = db_col_text(st, 18);
	r->key.flag = sqlite3_column_int(st, 19);
	r->key.text = (char *)db_col_text(st, 20);
	r->key.id = r->id;
}

/*
 * Which part of the order one statement reads, relative to the key
 * (flag, text, id). A keyset page is up to three index ranges read in
 * turn: SQLite uses an index range for "col = ? AND col > ?" but not for
 * a row-value comparison over index expressions, which scans.
 */
enum part {
	PART_ALL,      /* no key: from the start or the end */
	PART_SAME_TEXT, /* flag = f, text = t, id beyond */
	PART_SAME_FLAG, /* flag = f, text beyond */
	PART_BEYOND,   /* flag beyond */
};

static int
page_part(struct db *db, const struct db_item_query *q,
    const struct db_item_key *key, int back, int incl, enum part part,
    size_t limit, size_t *got,
    int (*fn)(const struct db_item_row *row, void *arg), void *arg,
    struct err *e)
{
	struct sb sql = SB_INIT;
	struct db_item_row r;
	sqlite3_stmt *st = NULL;
	const char *fl, *tx, *desc = back ? " DESC" : "",
			       *gt = back ? "<" : ">";
	int o = q->order, rc, ret = 0;

	if (o < 0 || o > DB_ORDER_ID)
		o = DB_ORDER_PERSON;
	fl = order_flag[o];
	tx = order_text[o];
	sb_adds(&sql, item_cols);
	sb_addf(&sql, " %s, %s FROM review_item r WHERE", fl, tx);
	if (q->reviewer != NULL)
		sb_adds(&sql, " r.reviewer = ?5 AND");
	sb_adds(&sql, " r.campaign_id = ?1");
	if (q->pending_only)
		sb_adds(&sql, " AND r.decision = 'pending'");
	if (q->filter != NULL && q->filter[0] != '\0')
		sb_adds(&sql,
		    " AND instr(lower(coalesce(r.person, '') || ' ' ||"
		    " r.account || ' ' || r.entitlement || ' ' || r.source ||"
		    " ' ' || coalesce(r.host, '') || ' ' || r.findings ||"
		    " ' ' || r.decision), lower(?6)) > 0");
	if (o == DB_ORDER_ID) {
		if (part != PART_ALL)
			sb_addf(&sql, " AND r.id %s%s ?4", gt, incl ? "=" : "");
		sb_addf(&sql, " ORDER BY r.id%s", desc);
	} else
		switch (part) {
		case PART_ALL:
			sb_addf(&sql, " ORDER BY %s%s, %s%s, r.id%s", fl, desc,
			    tx, desc, desc);
			break;
		case PART_SAME_TEXT:
			sb_addf(&sql,
			    " AND %s = ?2 AND %s = ?3 AND r.id %s%s ?4"
			    " ORDER BY r.id%s",
			    fl, tx, gt, incl ? "=" : "", desc);
			break;
		case PART_SAME_FLAG:
			sb_addf(&sql,
			    " AND %s = ?2 AND %s %s ?3 ORDER BY %s%s, r.id%s",
			    fl, tx, gt, tx, desc, desc);
			break;
		case PART_BEYOND:
			sb_addf(&sql, " AND %s %s ?2 ORDER BY %s%s, %s%s, r.id%s",
			    fl, gt, fl, desc, tx, desc, desc);
			break;
		}
	sb_adds(&sql, " LIMIT ?7");
	if (db_prepare(db, sql.buf, &st, e) != 0) {
		ret = PARC_EDB;
		goto out;
	}
	sqlite3_bind_int64(st, 1, q->campaign);
	if (key != NULL) {
		sqlite3_bind_int(st, 2, key->flag);
		db_bind_text(st, 3, key->text);
		sqlite3_bind_int64(st, 4, key->id);
	}
	db_bind_text(st, 5, q->reviewer);
	db_bind_text(st, 6, q->filter);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		item_row(st, &r);
		(*got)++;
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, e, "review items");
out:
	sqlite3_finalize(st);
	sb_release(&sql);
	return ret;
}

int
db_items_page(struct db *db, const struct db_item_query *q,
    const struct db_item_key *key, enum db_page_dir dir, size_t limit,
    int (*fn)(const struct db_item_row *row, void *arg), void *arg,
    struct err *e)
{
	int back = dir == DB_PAGE_BEFORE || dir == DB_PAGE_LAST;
	int incl = dir == DB_PAGE_FROM;
	size_t got = 0;
	int ret;

	if (key == NULL || dir == DB_PAGE_FIRST || dir == DB_PAGE_LAST)
		return page_part(db, q, NULL, back, 0, PART_ALL, limit, &got,
		    fn, arg, e);
	if (q->order == DB_ORDER_ID)
		return page_part(db, q, key, back, incl, PART_SAME_TEXT, limit,
		    &got, fn, arg, e);
	ret = page_part(db, q, key, back, incl, PART_SAME_TEXT, limit, &got,
	    fn, arg, e);
	if (ret == 0 && got < limit)
		ret = page_part(db, q, key, back, 0, PART_SAME_FLAG,
		    limit - got, &got, fn, arg, e);
	if (ret == 0 && got < limit)
		ret = page_part(db, q, key, back, 0, PART_BEYOND, limit - got,
		    &got, fn, arg, e);
	return ret;
}

int
db_items_count(struct db *db, const struct db_item_query *q,
    struct db_item_counts *c, struct err *e)
{
	static const char all[] =
	    "SELECT count(*), sum(decision = 'pending'),"
	    " sum(findings <> '[]'), sum(decision = 'approve'),"
	    " sum(decision = 'revoke'), sum(decision = 'exception'),"
	    " sum(decision = 'delegated')"
	    " FROM review_item WHERE campaign_id = ?1";
	static const char mine[] =
	    "SELECT count(*), sum(decision = 'pending'),"
	    " sum(findings <> '[]'), sum(decision = 'approve'),"
	    " sum(decision = 'revoke'), sum(decision = 'exception'),"
	    " sum(decision = 'delegated')"
	    " FROM review_item WHERE reviewer = ?2 AND campaign_id = ?1";
	sqlite3_stmt *st;

	memset(c, 0, sizeof(*c));
	if (db_prepare(db, q->reviewer ? mine : all, &st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, q->campaign);
	db_bind_text(st, 2, q->reviewer);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(db, e, "count review items");
	}
	c->items = sqlite3_column_int64(st, 0);
	c->pending = sqlite3_column_int64(st, 1);
	c->flagged = sqlite3_column_int64(st, 2);
	c->approved = sqlite3_column_int64(st, 3);
	c->revoked = sqlite3_column_int64(st, 4);
	c->exceptions = sqlite3_column_int64(st, 5);
	c->delegated = sqlite3_column_int64(st, 6);
	sqlite3_finalize(st);
	return 0;
}

int
db_item_findings(struct db *db, int64_t id,
    int (*fn)(const struct db_item_finding *f, void *arg), void *arg,
    struct err *e)
{
	/* A frozen finding is an object (kind, severity, evidence, ...) or,
	 * in the simplest form, just its kind. */
	static const char sql[] =
	    "SELECT CASE WHEN j.type = 'object' THEN"
	    "  json_extract(j.value, '$.kind') ELSE j.value END,"
	    " CASE WHEN j.type = 'object' THEN"
	    "  json_extract(j.value, '$.severity') END,"
	    " CASE WHEN j.type = 'object' THEN"
	    "  json_extract(j.value, '$.evidence') END,"
	    " CASE WHEN j.type = 'object' THEN"
	    "  CASE json_type(j.value, '$.techniques') WHEN 'array' THEN"
	    "  (SELECT group_concat(t.value, ',') FROM"
	    "   json_each(j.value, '$.techniques') t)"
	    "  ELSE json_extract(j.value, '$.techniques') END END"
	    " FROM review_item r, json_each(r.findings) j WHERE r.id = ?1"
	    " ORDER BY j.key";
	struct db_item_finding f;
	sqlite3_stmt *st;
	int rc, ret = 0;

	if (db_prepare(db, sql, &st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f.kind = db_col_text(st, 0);
		f.severity = db_col_text(st, 1);
		f.evidence = db_col_text(st, 2);
		f.techniques = db_col_text(st, 3);
		if ((ret = fn(&f, arg)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, e, "item findings");
	sqlite3_finalize(st);
	return ret;
}

int
db_items_flag_counts(struct db *db, const int64_t *ids, size_t n,
    int (*fn)(const char *kind, int64_t count, void *arg), void *arg,
    struct err *e)
{
	static const char sql[] =
	    "SELECT DISTINCT CASE WHEN j.type = 'object' THEN"
	    "  json_extract(j.value, '$.kind') ELSE j.value END"
	    " FROM review_item r, json_each(r.findings) j WHERE r.id = ?1";
	struct kc {
		char *kind;
		int64_t n;
	} *k = NULL;
	size_t nk = 0, i, j;
	sqlite3_stmt *st;
	const char *s;
	int rc, ret = 0;

	if (db_prepare(db, sql, &st, e) != 0)
		return PARC_EDB;
	for (i = 0; i < n && ret == 0; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if ((s = db_col_text(st, 0)) == NULL)
				continue;
			for (j = 0; j < nk; j++)
				if (strcmp(k[j].kind, s) == 0)
					break;
			if (j == nk) {
				k = xrealloc(k, (nk + 1) * sizeof(*k));
				k[nk].kind = xstrdup(s);
				k[nk].n = 0;
				nk++;
			}
			k[j].n++;
		}
		if (rc != SQLITE_DONE)
			ret = db_fail(db, e, "item findings");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	for (i = 0; i < nk; i++) {
		if (ret == 0)
			ret = fn(k[i].kind, k[i].n, arg);
		free(k[i].kind);
	}
	free(k);
	return ret;
}

void
db_item_key_clear(struct db_item_key *k)
{
	if (k == NULL)
		return;
	free(k->text);
	memset(k, 0, sizeof(*k));
}

void
db_item_key_copy(struct db_item_key *dst, const struct db_item_key *src)
{
	db_item_key_clear(dst);
	dst->flag = src->flag;
	dst->text = src->text ? xstrdup(src->text) : NULL;
	dst->id = src->id;
}
