/*
 * item.c - reading review items: one select list, one row reader, keyset
 * pages for every caller (command line, console, reports).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "db/dbint.h"
#include "db/item.h"
#include "db/vocab.h"

/* ---- review items ---- */

/*
 * The statement is assembled from constant fragments only (never values):
 * which index serves the order depends on the fragments, so a generic
 * "(?1 IS NULL OR ...)" would make SQLite scan.
 */
/* clang-format off */
static const char item_cols[] =
    "SELECT r.id AS id, r.campaign_id AS campaign_id,"
    " (SELECT name FROM campaign WHERE id = r.campaign_id) AS campaign,"
    " r.source AS source, r.source_kind AS source_kind, r.host AS host,"
    " r.account AS account, r.account_ext_id AS account_ext_id,"
    " r.person AS person, r.employee_id AS employee_id,"
    " r.entitlement AS entitlement,"
    " r.entitlement_ext_id AS entitlement_ext_id, r.tier AS tier,"
    " r.reason AS reason, r.path AS path, r.last_used AS last_used,"
    " r.findings AS findings, r.nfindings AS nfindings,"
    " CASE WHEN r.findings = '[]' THEN '' ELSE"
    " coalesce((SELECT group_concat(k, ',') FROM (SELECT CASE"
    "  WHEN j.type = 'object' THEN json_extract(j.value, '$.kind')"
    "  ELSE j.value END AS k FROM json_each(r.findings) j)), '') END"
    " AS flags,"
    " r.reviewer AS reviewer, r.reassigned_from AS reassigned_from,"
    " r.decision AS decision, r.until AS until, r.comment AS comment,"
    " " DB_DECIDER_SQL("r") " AS decided_by, r.decided_at AS decided_at,"
    " r.overdue_at AS overdue_at, r.remediated_at AS remediated_at,"
    " r.grant_id IS NOT NULL AS grant_present,";
/* clang-format on */

/* item_cols' names, then the order key's, numbered by the IC_ constants. */
static const char *const item_col_names[] = { "id", "campaign_id", "campaign",
	"source", "source_kind", "host", "account", "account_ext_id", "person",
	"employee_id", "entitlement", "entitlement_ext_id", "tier", "reason",
	"path", "last_used", "findings", "nfindings", "flags", "reviewer",
	"reassigned_from", "decision", "until", "comment", "decided_by",
	"decided_at", "overdue_at", "remediated_at", "grant_present", "prior",
	"key_flag", "key_text" };

enum {
	IC_ID,
	IC_CAMPAIGN_ID,
	IC_CAMPAIGN,
	IC_SOURCE,
	IC_SOURCE_KIND,
	IC_HOST,
	IC_ACCOUNT,
	IC_ACCOUNT_EXT_ID,
	IC_PERSON,
	IC_EMPLOYEE_ID,
	IC_ENTITLEMENT,
	IC_ENTITLEMENT_EXT_ID,
	IC_TIER,
	IC_REASON,
	IC_PATH,
	IC_LAST_USED,
	IC_FINDINGS,
	IC_NFINDINGS,
	IC_FLAGS,
	IC_REVIEWER,
	IC_REASSIGNED_FROM,
	IC_DECISION,
	IC_UNTIL,
	IC_COMMENT,
	IC_DECIDED_BY,
	IC_DECIDED_AT,
	IC_OVERDUE_AT,
	IC_REMEDIATED_AT,
	IC_GRANT_PRESENT,
	IC_PRIOR,
	IC_KEY_FLAG,
	IC_KEY_TEXT,
	IC_COUNT
};

/*
 * The order's (flag, text) expressions, as the indexes of the schema for
 * the first three; the others have none (db_items_order_indexed). The
 * severity is read from the frozen JSON as SQLite's json functions write
 * it (compact).
 */
static const char *const order_flag[DB_ORDER_COUNT] = {
	[DB_ORDER_PERSON] = "(r.findings = '[]')",
	[DB_ORDER_ENTITLEMENT] = "(r.findings = '[]')",
	[DB_ORDER_ID] = "0",
	[DB_ORDER_TIER] = "coalesce(r.tier, 9)",
	[DB_ORDER_SEVERITY] =
	    "(CASE WHEN r.findings = '[]' THEN 5"
	    " WHEN instr(r.findings, '\"severity\":\"critical\"') THEN 0"
	    " WHEN instr(r.findings, '\"severity\":\"high\"') THEN 1"
	    " WHEN instr(r.findings, '\"severity\":\"medium\"') THEN 2"
	    " WHEN instr(r.findings, '\"severity\":\"low\"') THEN 3"
	    " ELSE 4 END)",
	[DB_ORDER_LASTUSED] = "(r.last_used IS NULL)",
};
static const char *const order_text[DB_ORDER_COUNT] = {
	[DB_ORDER_PERSON] = "coalesce(r.person, r.account)",
	[DB_ORDER_ENTITLEMENT] = "r.entitlement",
	[DB_ORDER_ID] = "NULL",
	[DB_ORDER_TIER] = "coalesce(r.person, r.account)",
	[DB_ORDER_SEVERITY] = "coalesce(r.person, r.account)",
	[DB_ORDER_LASTUSED] = "coalesce(r.last_used, '')",
};

int
db_items_order_indexed(enum db_item_order o)
{
	return o == DB_ORDER_PERSON || o == DB_ORDER_ENTITLEMENT ||
	    o == DB_ORDER_ID;
}

/* Fill r from a row of item_cols and the order key, found by c. */
static void
item_row_read(sqlite3_stmt *st, const int *c, struct item_row *r)
{
	r->id = db_col_int_at(st, c[IC_ID], 0);
	r->campaign_id = db_col_int_at(st, c[IC_CAMPAIGN_ID], 0);
	r->campaign = db_col_text_at(st, c[IC_CAMPAIGN]);
	r->source = db_col_text_at(st, c[IC_SOURCE]);
	r->source_kind = db_col_text_at(st, c[IC_SOURCE_KIND]);
	r->host = db_col_text_at(st, c[IC_HOST]);
	r->account = db_col_text_at(st, c[IC_ACCOUNT]);
	r->account_ext_id = db_col_text_at(st, c[IC_ACCOUNT_EXT_ID]);
	r->person = db_col_text_at(st, c[IC_PERSON]);
	r->employee_id = db_col_text_at(st, c[IC_EMPLOYEE_ID]);
	r->entitlement = db_col_text_at(st, c[IC_ENTITLEMENT]);
	r->entitlement_ext_id = db_col_text_at(st, c[IC_ENTITLEMENT_EXT_ID]);
	r->tier = (int)db_col_int_at(st, c[IC_TIER], -1);
	r->reason = db_col_text_at(st, c[IC_REASON]);
	r->path = db_col_text_at(st, c[IC_PATH]);
	r->last_used = db_col_text_at(st, c[IC_LAST_USED]);
	r->findings = db_col_text_at(st, c[IC_FINDINGS]);
	r->nfindings = (int)db_col_int_at(st, c[IC_NFINDINGS], 0);
	r->flags = db_col_text_at(st, c[IC_FLAGS]);
	r->reviewer = db_col_text_at(st, c[IC_REVIEWER]);
	r->reassigned_from = db_col_text_at(st, c[IC_REASSIGNED_FROM]);
	r->decision = db_col_text_at(st, c[IC_DECISION]);
	r->until = db_col_text_at(st, c[IC_UNTIL]);
	r->comment = db_col_text_at(st, c[IC_COMMENT]);
	r->decided_by = db_col_text_at(st, c[IC_DECIDED_BY]);
	r->decided_at = db_col_text_at(st, c[IC_DECIDED_AT]);
	r->overdue_at = db_col_text_at(st, c[IC_OVERDUE_AT]);
	r->remediated_at = db_col_text_at(st, c[IC_REMEDIATED_AT]);
	r->grant_present = (int)db_col_int_at(st, c[IC_GRANT_PRESENT], 0);
	r->prior = (int)db_col_int_at(st, c[IC_PRIOR], -1);
	r->key.flag = (int)db_col_int_at(st, c[IC_KEY_FLAG], 0);
	r->key.text = (char *)db_col_text_at(st, c[IC_KEY_TEXT]);
	r->key.id = r->id;
}

/* The finding kinds of a frozen findings array, in order. */
#define KINDS_OF(col)                                                  \
	"(SELECT group_concat(CASE WHEN j.type = 'object' THEN"        \
	" json_extract(j.value, '$.kind') ELSE j.value END, ',') FROM" \
	" json_each(" col ") j)"

/*
 * The same grant in the earlier campaign ?9, approved unchanged (2),
 * otherwise there (1), or not there (0): only the rows of a page pay for
 * it, one review_item_key lookup each. The unary + keeps SQLite from
 * reading the earlier campaign by its campaign_id indexes instead (a scan
 * of it for every row).
 */
/* clang-format off */
#define PRIOR_MATCH \
	" FROM review_item p WHERE p.account_ext_id = r.account_ext_id" \
	" AND p.entitlement_ext_id = r.entitlement_ext_id" \
	" AND +p.source = r.source AND +p.campaign_id = ?9"
#define PRIOR_SAME \
	"p.decision = 'approve' AND p.path = r.path" \
	" AND coalesce(p.tier, -1) = coalesce(r.tier, -1)" \
	" AND coalesce(" KINDS_OF("p.findings") ", '') =" \
	" coalesce(" KINDS_OF("r.findings") ", '')"
/* clang-format on */

static const char prior_col[] =
    " coalesce((SELECT CASE WHEN " PRIOR_SAME " THEN 2 ELSE 1 END" PRIOR_MATCH
    " LIMIT 1), 0) AS prior,";

/* The text a filter is looked for in; v3's trigram index holds the same. */
static const char item_text[] =
    "coalesce(r.person, '') || ' ' || r.account || ' ' || r.entitlement ||"
    " ' ' || r.source || ' ' || coalesce(r.host, '') || ' ' || r.findings";

enum {
	PLAN_NONE = DB_FILTER_UNPLANNED,
	PLAN_INDEX = DB_FILTER_INDEX,
	PLAN_SCAN = DB_FILTER_SCAN,
	PLAN_ORDERED = DB_FILTER_ORDERED,
	PLAN_DEFERRED = DB_FILTER_DEFERRED,
};

/* A queue this large is not read whole for a filter. */
#define FILTER_SCAN_MAX 20000

/* Whether q's queue (filter aside) holds more than FILTER_SCAN_MAX items:
 * an index-only read of at most that many entries. */
static int
queue_is_large(struct db *db, const struct db_item_query *q)
{
	static const char mine[] =
	    "SELECT count(*) FROM (SELECT 1 FROM review_item WHERE"
	    " reviewer = lower(?2) AND campaign_id = ?1 LIMIT ?3)";
	static const char all[] =
	    "SELECT count(*) FROM (SELECT 1 FROM review_item WHERE"
	    " campaign_id = ?1 LIMIT ?3)";
	sqlite3_stmt *st;
	int64_t n = 0;

	if (db_prepare(db, q->reviewer ? mine : all, &st, NULL) != 0)
		return 1;
	sqlite3_bind_int64(st, 1, q->campaign);
	db_bind_text(st, 2, q->reviewer);
	sqlite3_bind_int64(st, 3, FILTER_SCAN_MAX + 1);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n > FILTER_SCAN_MAX;
}

/* Past this many candidates a filter is common: read in order instead. */
#define FILTER_INDEX_MAX 10000

struct tri {
	char term[16]; /* three UTF-8 characters, ASCII folded to lower case */
	int64_t docs;  /* items holding it */
};

/*
 * Items per trigram, from the index's vocabulary, kept for the process: a
 * plan's statistics only (a stale count can make a plan slower, never its
 * answer wrong: every candidate's text is checked by instr()).
 */
#define TERM_CACHE 256
static struct {
	const struct db *db;
	char term[16];
	int64_t docs;
} term_cache[TERM_CACHE];
static size_t term_next;

void
db_items_terms_forget(void)
{
	memset(term_cache, 0, sizeof(term_cache));
}

static int64_t
term_docs(struct db *db, const char *term)
{
	sqlite3_stmt *st;
	int64_t docs = 0;
	size_t i, k;

	for (i = 0; i < TERM_CACHE; i++)
		if (term_cache[i].db == db &&
		    strcmp(term_cache[i].term, term) == 0)
			return term_cache[i].docs;
	if (db_prepare(db,
		"SELECT doc FROM review_item_text_terms WHERE term = ?1", &st,
		NULL) != 0)
		return 0;
	db_bind_text(st, 1, term);
	if (sqlite3_step(st) == SQLITE_ROW)
		docs = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	i = term_next++ % TERM_CACHE;
	term_cache[i].db = db;
	k = strlen(term);
	if (k >= sizeof(term_cache[i].term))
		k = sizeof(term_cache[i].term) - 1;
	memcpy(term_cache[i].term, term, k);
	term_cache[i].term[k] = '\0';
	term_cache[i].docs = docs;
	return docs;
}

/* The distinct trigrams of filter into t (at most max); their number. */
static size_t
trigrams(const char *filter, struct tri *t, size_t max)
{
	const unsigned char *s = (const unsigned char *)filter;
	size_t start[512], n = 0, i, j, k, len = strlen(filter), nt = 0, w;

	for (i = 0; i < len && n < 511; i++)
		if ((s[i] & 0xc0) != 0x80)
			start[n++] = i;
	start[n] = i;
	for (i = 0; i + 3 <= n && nt < max; i++) {
		w = 0;
		for (k = start[i]; k < start[i + 3] && w < 15; k++)
			t[nt].term[w++] =
			    (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32
							      : s[k]);
		t[nt].term[w] = '\0';
		for (j = 0; j < nt; j++)
			if (strcmp(t[j].term, t[nt].term) == 0)
				break;
		if (j == nt)
			nt++;
	}
	return nt;
}

/* t's first n terms as an FTS5 query: each quoted, all required. */
static void
add_terms(struct sb *match, const struct tri *t, size_t n)
{
	const char *p;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			sb_adds(match, " AND ");
		sb_addc(match, '"');
		for (p = t[i].term; *p; p++) {
			if (*p == '"')
				sb_addc(match, '"');
			sb_addc(match, *p);
		}
		sb_addc(match, '"');
	}
}

static int
by_docs(const void *a, const void *b)
{
	const struct tri *x = a, *y = b;

	return x->docs < y->docs ? -1 : x->docs > y->docs;
}

/*
 * The plan for q's filter, with match filled with the index query of its
 * rarest trigrams, or a PARC_E code: PLAN_INDEX when the rarest one or two
 * trigrams, or three together, name few enough candidates to sort; else,
 * on a small queue, PLAN_SCAN (read it in order), on a large one
 * PLAN_ORDERED (the index gives the candidates in item order, so a
 * screenful comes at once), or PLAN_DEFERRED under three characters.
 */
static int
filter_plan(struct db *db, const struct db_item_query *q, struct sb *match,
    struct err *e)
{
	struct tri t[64];
	sqlite3_stmt *st;
	size_t n, i, k;
	int64_t cand = 0;
	int rc, large = queue_is_large(db, q);

	sb_reset(match);
	if ((n = trigrams(q->filter, t, 64)) == 0)
		return large ? PLAN_DEFERRED : PLAN_SCAN;
	/* items not in the index yet: read them in order, all checked */
	if (!db_items_indexed(db, q->campaign))
		return PLAN_SCAN;
	for (i = 0; i < n; i++)
		t[i].docs = term_docs(db, t[i].term);
	qsort(t, n, sizeof(t[0]), by_docs);
	if (t[0].docs <= FILTER_INDEX_MAX) {
		add_terms(match, t, n < 2 ? n : 2);
		return PLAN_INDEX;
	}
	k = n < 3 ? n : 3;
	add_terms(match, t, k);
	if (db_prepare(db,
		"SELECT count(*) FROM (SELECT 1 FROM review_item_text"
		" WHERE review_item_text MATCH ?1 LIMIT ?2)",
		&st, e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, match->buf);
	sqlite3_bind_int64(st, 2, FILTER_INDEX_MAX + 1);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		cand = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, e, "filter");
	if (cand <= FILTER_INDEX_MAX)
		return PLAN_INDEX;
	return large ? PLAN_ORDERED : PLAN_SCAN;
}

/*
 * Which part of the order one statement reads, relative to the key
 * (flag, text, id). A keyset page is up to three index ranges read in
 * turn: SQLite uses an index range for "col = ? AND col > ?" but not for
 * a row-value comparison over index expressions, which scans.
 */
enum part {
	PART_ALL,	/* no key: from the start or the end */
	PART_SAME_TEXT, /* flag = f, text = t, id beyond */
	PART_SAME_FLAG, /* flag = f, text beyond */
	PART_BEYOND,	/* flag beyond */
};

static int
page_part(struct db *db, const struct db_item_query *q,
    const struct db_item_key *key, int back, int incl, enum part part,
    size_t limit, size_t *got, int (*fn)(const struct item_row *row, void *arg),
    void *arg, struct err *e)
{
	struct sb sql = SB_INIT;
	struct item_row r;
	sqlite3_stmt *st = NULL;
	const char *fl, *tx, *desc = back ? " DESC" : "",
			     *gt = back ? "<" : ">";
	struct sb match = SB_INIT;
	int o = q->order, rc, ret = 0, plan = q->filter_plan, c[IC_COUNT];

	if (o < 0 || o >= DB_ORDER_COUNT)
		o = DB_ORDER_PERSON;
	fl = order_flag[o];
	tx = order_text[o];
	if (q->filter != NULL && q->filter[0] != '\0' && plan == PLAN_NONE)
		plan = filter_plan(db, q, &match, e);
	if (plan < 0) {
		ret = plan;
		goto out;
	}
	if ((plan == PLAN_INDEX || plan == PLAN_ORDERED) && match.len == 0)
		sb_adds(&match, q->filter_match);
	sb_adds(&sql, item_cols);
	if (q->prior_campaign != 0)
		sb_adds(&sql, prior_col);
	if (plan == PLAN_INDEX)
		/* The candidates drive (CROSS JOIN keeps them outer), then
		 * sort: fewer than FILTER_INDEX_MAX rows. */
		sb_addf(&sql,
		    " %s AS key_flag, %s AS key_text FROM (SELECT rowid AS rid"
		    " FROM"
		    " review_item_text WHERE review_item_text MATCH ?8) m"
		    " CROSS JOIN review_item r ON r.id = m.rid WHERE",
		    fl, tx);
	else if (plan == PLAN_ORDERED)
		/* Many candidates: the index streams them in id order and
		 * the first screenful stops the read. */
		sb_addf(&sql,
		    " %s AS key_flag, %s AS key_text FROM (SELECT rowid AS rid"
		    " FROM"
		    " review_item_text WHERE review_item_text MATCH ?8"
		    " AND rowid BETWEEN (SELECT min(id) FROM review_item"
		    "  WHERE campaign_id = ?1) AND (SELECT max(id) FROM"
		    "  review_item WHERE campaign_id = ?1)%s%s%s"
		    " ORDER BY rowid%s) m CROSS JOIN review_item r"
		    " ON r.id = m.rid WHERE",
		    fl, tx, part != PART_ALL ? " AND rowid " : "",
		    part != PART_ALL ? gt : "",
		    part != PART_ALL ? (incl ? "= ?4" : " ?4") : "", desc);
	else
		sb_addf(&sql,
		    " %s AS key_flag, %s AS key_text FROM review_item r WHERE",
		    fl, tx);
	if (q->reviewer != NULL)
		sb_adds(&sql, " r.reviewer = lower(?5) AND");
	/* every campaign: a term that holds, so the next ones can AND */
	sb_adds(&sql, q->campaign ? " r.campaign_id = ?1" : " r.id > 0");
	if (q->pending_only)
		sb_adds(&sql, " AND r.decision = 'pending'");
	if (q->with_findings)
		sb_adds(&sql, " AND r.nfindings > 0");
	if (q->filter != NULL && q->filter[0] != '\0' && plan != PLAN_DEFERRED)
		sb_addf(&sql, " AND instr(lower(%s), lower(?6)) > 0",
		    item_text);
	if (plan == PLAN_ORDERED)
		sb_addf(&sql, " ORDER BY m.rid%s", desc);
	else if (o == DB_ORDER_ID) {
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
			sb_addf(&sql,
			    " AND %s %s ?2 ORDER BY %s%s, %s%s, r.id%s", fl, gt,
			    fl, desc, tx, desc, desc);
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
	/* LIMIT -1: no limit */
	sqlite3_bind_int64(st, 7, limit ? (sqlite3_int64)limit : -1);
	if (plan == PLAN_INDEX || plan == PLAN_ORDERED)
		db_bind_text(st, 8, match.buf);
	if (q->prior_campaign != 0)
		sqlite3_bind_int64(st, 9, q->prior_campaign);
	db_col_map(st, item_col_names, IC_COUNT, c);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		item_row_read(st, c, &r);
		(*got)++;
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, e, "review items");
out:
	sqlite3_finalize(st);
	sb_release(&sql);
	sb_release(&match);
	return ret;
}

int
db_campaign_previous(struct db *db, int64_t campaign, int64_t *prev,
    struct err *e)
{
	static const char sql[] =
	    "SELECT coalesce((SELECT p.id FROM campaign p WHERE"
	    " p.series = c.series AND p.seq = c.seq - 1 AND c.seq > 1),"
	    " (SELECT p.id FROM campaign p WHERE p.id < c.id"
	    "  AND coalesce(p.scope, '') = coalesce(c.scope, '')"
	    "  ORDER BY p.id DESC LIMIT 1), 0)"
	    " FROM campaign c WHERE c.id = ?1";
	sqlite3_stmt *st;
	int rc;

	*prev = 0;
	if (db_prepare(db, sql, &st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, campaign);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*prev = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, e, "the previous campaign");
	return 0;
}

int
db_items_unchanged_approved(struct db *db, const struct db_item_query *q,
    size_t limit, int (*fn)(int64_t id, void *arg), void *arg, struct err *e)
{
	/* The queue's pending items from the decision indexes (v3). */
	static const char mine[] =
	    "SELECT r.id FROM review_item r WHERE r.reviewer = lower(?2)"
	    " AND r.campaign_id = ?1 AND r.decision = 'pending'"
	    " AND EXISTS (SELECT 1" PRIOR_MATCH " AND " PRIOR_SAME ")"
	    " ORDER BY r.id LIMIT ?3";
	static const char all[] =
	    "SELECT r.id FROM review_item r WHERE r.campaign_id = ?1"
	    " AND r.decision = 'pending'"
	    " AND EXISTS (SELECT 1" PRIOR_MATCH " AND " PRIOR_SAME ")"
	    " ORDER BY r.id LIMIT ?3";
	sqlite3_stmt *st;
	int rc, ret = 0;

	if (q->prior_campaign == 0)
		return 0;
	if (db_prepare(db, q->reviewer ? mine : all, &st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, q->campaign);
	db_bind_text(st, 2, q->reviewer);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
	sqlite3_bind_int64(st, 9, q->prior_campaign);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((ret = fn(sqlite3_column_int64(st, 0), arg)) != 0)
			break;
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, e, "items approved last time");
	sqlite3_finalize(st);
	return ret;
}

int
db_items_queue_large(struct db *db, const struct db_item_query *q)
{
	return queue_is_large(db, q);
}

int
db_items_plan_filter(struct db *db, struct db_item_query *q, struct err *e)
{
	struct sb match = SB_INIT;
	int plan;

	q->filter_plan = PLAN_NONE;
	if (q->filter == NULL || q->filter[0] == '\0')
		return 0;
	plan = filter_plan(db, q, &match, e);
	if (plan < 0 || match.len >= sizeof(q->filter_match))
		plan = PLAN_SCAN;
	else
		memcpy(q->filter_match, match.buf, match.len + 1);
	sb_release(&match);
	q->filter_plan = plan;
	return 0;
}

int
db_items_page(struct db *db, const struct db_item_query *q,
    const struct db_item_key *key, enum db_page_dir dir, size_t limit,
    int (*fn)(const struct item_row *row, void *arg), void *arg, struct err *e)
{
	int back = dir == DB_PAGE_BEFORE || dir == DB_PAGE_LAST;
	int incl = dir == DB_PAGE_FROM;
	size_t got = 0;
	int ret;

	if (key == NULL || dir == DB_PAGE_FIRST || dir == DB_PAGE_LAST)
		return page_part(db, q, NULL, back, 0, PART_ALL, limit, &got,
		    fn, arg, e);
	/* Item order: one range of ids. */
	if (q->order == DB_ORDER_ID ||
	    (q->filter != NULL && q->filter[0] != '\0' &&
		q->filter_plan == PLAN_ORDERED))
		return page_part(db, q, key, back, incl, PART_SAME_TEXT, limit,
		    &got, fn, arg, e);
	ret = page_part(db, q, key, back, incl, PART_SAME_TEXT, limit, &got, fn,
	    arg, e);
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
	/* Both read an index only (schema v2, v3): ~50 ms at 1,000,000. */
	static const char by_decision[] =
	    "SELECT decision, count(*) FROM review_item"
	    " WHERE reviewer = lower(?2) AND campaign_id = ?1 GROUP BY "
	    "decision";
	static const char by_decision_all[] =
	    "SELECT decision, count(*) FROM review_item"
	    " WHERE campaign_id = ?1 GROUP BY decision";
	static const char flagged[] =
	    "SELECT count(*) FROM review_item WHERE reviewer = lower(?2)"
	    " AND campaign_id = ?1 AND (findings = '[]') = 0";
	static const char flagged_all[] =
	    "SELECT count(*) FROM review_item WHERE campaign_id = ?1"
	    " AND (findings = '[]') = 0";
	sqlite3_stmt *st;
	const struct decision_state *d;
	int64_t n;
	int rc;

	memset(c, 0, sizeof(*c));
	if (db_prepare(db, q->reviewer ? by_decision : by_decision_all, &st,
		e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, q->campaign);
	db_bind_text(st, 2, q->reviewer);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n = sqlite3_column_int64(st, 1);
		c->items += n;
		/* a state parc does not write counts among the items only */
		if ((d = decision_state_find(db_col_text(st, 0))) == NULL)
			continue;
		switch (d->id) {
		case DS_PENDING:
			c->pending = n;
			break;
		case DS_APPROVE:
			c->approved = n;
			break;
		case DS_REVOKE:
			c->revoked = n;
			break;
		case DS_EXCEPTION:
			c->exceptions = n;
			break;
		default:
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, e, "count review items");
	if (db_prepare(db, q->reviewer ? flagged : flagged_all, &st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, q->campaign);
	db_bind_text(st, 2, q->reviewer);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		c->flagged = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, e, "count flagged items");
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

/* ---- one item, and the same grant's items elsewhere ---- */

/*
 * Call fn for each row of item_cols followed by tail (no order key),
 * with ?1 bound to id; *n gets how many rows there were.
 */
static int
walk_by_id(struct db *db, const char *tail, int64_t id, int64_t id2,
    int (*fn)(const struct item_row *r, void *arg), void *arg, int *n,
    const char *what, struct err *e)
{
	struct sb sql = SB_INIT;
	struct item_row r;
	sqlite3_stmt *st;
	int step, ret, c[IC_COUNT];

	*n = 0;
	sb_adds(&sql, item_cols);
	sb_adds(&sql, tail);
	ret = db_prepare(db, sql.buf, &st, e);
	sb_release(&sql);
	if (ret != 0)
		return ret;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, id2);
	db_col_map(st, item_col_names, IC_COUNT, c);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		item_row_read(st, c, &r);
		(*n)++;
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	if (ret == 0 && step != SQLITE_DONE)
		ret = db_fail(db, e, what);
	sqlite3_finalize(st);
	return ret;
}

int
item_get(struct db *db, int64_t id,
    int (*fn)(const struct item_row *r, void *arg), void *arg, struct err *e)
{
	int n, ret;

	ret = walk_by_id(db,
	    " 0 AS key_flag, NULL AS key_text FROM review_item r WHERE r.id = "
	    "?1",
	    id, 0, fn, arg, &n, "read review items", e);
	if (ret == 0 && n == 0)
		ret = err_set(e, PARC_ENOTFOUND, "no review item %" PRId64, id);
	return ret;
}

int
item_prior(struct db *db, int64_t id,
    int (*fn)(const struct item_row *r, void *arg), void *arg, struct err *e)
{
	int n;

	return walk_by_id(db,
	    " 0 AS key_flag, NULL AS key_text FROM review_item r JOIN "
	    "review_item me ON me.id = ?1"
	    " WHERE r.id <> me.id"
	    " AND r.account_ext_id = me.account_ext_id"
	    " AND r.entitlement_ext_id = me.entitlement_ext_id"
	    " AND r.source = me.source AND r.decision <> 'pending'"
	    " ORDER BY r.id DESC",
	    id, 0, fn, arg, &n, "read earlier decisions", e);
}

int
item_for_finding(struct db *db, int64_t finding, int64_t campaign,
    int (*fn)(const struct item_row *r, void *arg), void *arg, int *n,
    struct err *e)
{
	/*
	 * The finding's grants: its own, else its account's, else its
	 * person's accounts'; each an index lookup (the grant's key, its
	 * account, the person's accounts), then review_item_grant.
	 */
	return walk_by_id(db,
	    " 0 AS key_flag, NULL AS key_text FROM finding f"
	    " JOIN review_item r ON r.grant_id IN ("
	    "  SELECT f.grant_id WHERE f.grant_id IS NOT NULL"
	    "  UNION ALL SELECT g.id FROM effective_grant g"
	    "  WHERE f.grant_id IS NULL AND g.account_id = f.principal_id"
	    "  UNION ALL SELECT g.id FROM principal p JOIN effective_grant g"
	    "  ON g.account_id = p.id WHERE f.grant_id IS NULL"
	    "  AND f.principal_id IS NULL AND p.identity_id = f.identity_id)"
	    " WHERE f.id = ?1 AND (?2 = 0 OR r.campaign_id = ?2)"
	    " AND EXISTS (SELECT 1 FROM json_each(r.findings) j WHERE"
	    "  (CASE WHEN j.type = 'object' THEN"
	    "  json_extract(j.value, '$.kind') ELSE j.value END) = f.kind)"
	    " ORDER BY (SELECT c.state = 'open' FROM campaign c"
	    "  WHERE c.id = r.campaign_id) DESC, r.campaign_id DESC,"
	    " (r.decision = 'pending') DESC, r.id LIMIT 5000",
	    finding, campaign, fn, arg, n, "read the items of a finding", e);
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
