/*
 * audit.c - the hash-chained audit trail and its verification.
 *
 * Over 1,000 lines on purpose: the digest of each evidence table
 * (review items, campaigns, closes, overdue marks, roles) is written here
 * at append time and recomputed here by verify, and the two must agree
 * byte for byte; keeping each writer beside its checker is what keeps
 * them in step. The seam for a split is verify_* (from report() on).
 */
#include <openssl/evp.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "db/checkpoint.h"
#include "db/count.h"
#include "db/dbint.h"

static const char genesis[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/* SHA-256 over the n strings, each followed by a newline, as hex. */
static void
digest(const char *const *parts, size_t n, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t k;

	if (ctx == NULL)
		abort();
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		abort();
	for (k = 0; k < n; k++) {
		const char *p = parts[k] ? parts[k] : "";

		EVP_DigestUpdate(ctx, p, strlen(p));
		EVP_DigestUpdate(ctx, "\n", 1);
	}
	if (EVP_DigestFinal_ex(ctx, md, &len) != 1)
		abort();
	EVP_MD_CTX_free(ctx);
	for (i = 0; i < len && i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[2 * i] = '\0';
}

/* Start a SHA-256 context (abort on failure, as digest() does). */
static EVP_MD_CTX *
ctx_new(void)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		abort();
	return ctx;
}

/* Finish ctx (and free it) into out as lowercase hex. */
static void
ctx_hex(EVP_MD_CTX *ctx, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;

	if (EVP_DigestFinal_ex(ctx, md, &len) != 1)
		abort();
	EVP_MD_CTX_free(ctx);
	for (i = 0; i < len && i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[2 * i] = '\0';
}

/* What feed_row gathers before one EVP_DigestUpdate. */
struct feed_buf {
	EVP_MD_CTX *ctx;
	size_t used;
	unsigned char b[4096];
};

static void
feed_add(struct feed_buf *f, const void *p, size_t n)
{
	if (f->used + n > sizeof(f->b)) {
		EVP_DigestUpdate(f->ctx, f->b, f->used);
		f->used = 0;
	}
	if (n > sizeof(f->b)) {
		EVP_DigestUpdate(f->ctx, p, n);
		return;
	}
	memcpy(f->b + f->used, p, n);
	f->used += n;
}

/*
 * Feed columns [from, to) of st's row: "N" for NULL, else the value's
 * length, ':' and its text. So no value passes for NULL or for another,
 * and nothing moves from one column into its neighbour. Gathered into
 * one update a row, the length written by hand: snprintf and an update
 * per value were a third of the digest of a campaign's items.
 */
static void
feed_row(EVP_MD_CTX *ctx, sqlite3_stmt *st, int from, int to)
{
	struct feed_buf f;
	const unsigned char *p;
	char len[24];
	int c, n, i, m;

	f.ctx = ctx;
	f.used = 0;
	for (c = from; c < to; c++) {
		if (sqlite3_column_type(st, c) == SQLITE_NULL) {
			feed_add(&f, "N", 1);
			continue;
		}
		p = sqlite3_column_text(st, c);
		n = sqlite3_column_bytes(st, c);
		/* "%d:", from the end */
		i = sizeof(len);
		len[--i] = ':';
		m = n;
		do
			len[--i] = (char)('0' + m % 10);
		while ((m /= 10) > 0);
		feed_add(&f, len + i, sizeof(len) - (size_t)i);
		feed_add(&f, p, (size_t)n);
	}
	feed_add(&f, "\n", 1);
	EVP_DigestUpdate(ctx, f.b, f.used);
}

static void
event_hash(const char *prev, int64_t id, const char *at, const char *actor,
    const char *action, const char *object, const char *detail, char out[65])
{
	char idbuf[32];
	const char *parts[7];

	snprintf(idbuf, sizeof(idbuf), "%" PRId64, id);
	parts[0] = prev;
	parts[1] = idbuf;
	parts[2] = at;
	parts[3] = actor;
	parts[4] = action;
	parts[5] = object;
	parts[6] = detail;
	digest(parts, 7, out);
}

void
audit_decision_digest(int64_t decision_id, int64_t item_id,
    const char *decision, const char *until, const char *comment,
    const char *delegate, const char *decided_by, const char *decided_at,
    char out[65])
{
	char a[32], b[32];
	const char *parts[8];

	snprintf(a, sizeof(a), "%" PRId64, decision_id);
	snprintf(b, sizeof(b), "%" PRId64, item_id);
	parts[0] = a;
	parts[1] = b;
	parts[2] = decision;
	parts[3] = until;
	parts[4] = comment;
	parts[5] = delegate;
	parts[6] = decided_by;
	parts[7] = decided_at;
	digest(parts, 8, out);
}

/*
 * The evidence columns of a campaign's frozen items, in id order. The
 * reviewer and the note on how they were chosen are those the campaign
 * was created with: a delegation changes them, and its audit event keeps
 * what they were ("from", "from_note"), so verify reads them back from
 * the first delegation's event. At creation no item has a decision.
 */
#define ITEM_COLS                                                            \
	"i.id, i.source, i.source_kind, i.host, i.account_ext_id,"           \
	" i.account, i.person, i.employee_id, i.entitlement_ext_id,"         \
	" i.entitlement, i.tier, i.reason, i.path, i.last_used, i.findings," \
	" i.nfindings"
static const char items_at_create[] =
    "SELECT " ITEM_COLS ", i.reviewer, i.reassigned_from FROM review_item i"
    " WHERE i.campaign_id = ?1 ORDER BY i.id";
static const char items_as_created[] =
    "SELECT " ITEM_COLS ","
    " CASE WHEN fd.id IS NULL THEN i.reviewer"
    "  ELSE json_extract(a.detail, '$.from') END,"
    " CASE WHEN fd.id IS NULL THEN i.reassigned_from"
    "  ELSE json_extract(a.detail, '$.from_note') END"
    " FROM review_item i"
    " LEFT JOIN decision fd ON fd.id = (SELECT min(x.id) FROM decision x"
    "  WHERE x.item_id = i.id AND x.decision = 'delegate')"
    " LEFT JOIN audit_event a ON a.id = (SELECT min(y.id) FROM"
    "  audit_event y WHERE y.object = 'decision:' || fd.id)"
    " WHERE i.campaign_id = ?1 ORDER BY i.id";
#define ITEM_NCOLS 18

/* A campaign's own record, as created (state and closing apart). */
static const char campaign_record[] =
    "SELECT id, name, scope, reviewer_rule, fallback, due, created_by,"
    " created_at, opened_at, every, series, seq FROM campaign WHERE id = ?1";

/* Digest one row of sql (bound to id) into out; 0 rows: *found = 0. */
static int
row_digest(struct db *db, const char *sql, int64_t id, int *found, char out[65],
    struct err *e)
{
	sqlite3_stmt *st;
	EVP_MD_CTX *ctx;
	int step;

	if (db_prepare(db, sql, &st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, id);
	*found = 0;
	out[0] = '\0';
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*found = 1;
		ctx = ctx_new();
		feed_row(ctx, st, 0, sqlite3_column_count(st));
		ctx_hex(ctx, out);
	} else if (step != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_fail(db, e, "read a row to digest");
	}
	sqlite3_finalize(st);
	return 0;
}

/*
 * The items of campaign id through sql, in one pass; each (may be NULL)
 * gets every item's reviewer and reassigned_from (columns 16 and 17).
 */
static int
items_digest(struct db *db, const char *sql, int64_t id,
    void (*each)(const char *, const char *, void *), void *arg, int64_t *n,
    int64_t *first, char out[65], struct err *e)
{
	sqlite3_stmt *st;
	EVP_MD_CTX *ctx;
	int step;

	if (db_prepare(db, sql, &st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, id);
	*n = 0;
	*first = 0;
	ctx = ctx_new();
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((*n)++ == 0)
			*first = sqlite3_column_int64(st, 0);
		feed_row(ctx, st, 0, ITEM_NCOLS);
		if (each != NULL)
			each(db_col_text(st, 16), db_col_text(st, 17), arg);
	}
	ctx_hex(ctx, out);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_fail(db, e, "read the review items");
	return 0;
}

int
audit_campaign_digest(struct db *db, int64_t campaign_id,
    struct audit_campaign_digest *d, struct err *e)
{
	int found, rc;

	if ((rc = row_digest(db, campaign_record, campaign_id, &found,
		 d->record, e)) != 0)
		return rc;
	if (!found)
		return err_set(e, PARC_EDB, "no campaign %" PRId64,
		    campaign_id);
	return items_digest(db, items_at_create, campaign_id, d->each, d->arg,
	    &d->items, &d->first_item, d->items_digest, e);
}

/* How a campaign was closed. */
static const char campaign_closed[] =
    "SELECT id, state, closed_by, closed_at, close_default FROM campaign"
    " WHERE id = ?1";

int
audit_close_digest(struct db *db, int64_t campaign_id, char out[65],
    struct err *e)
{
	int found;

	return row_digest(db, campaign_closed, campaign_id, &found, out, e);
}

/*
 * The items a tick marked overdue at `at`, in id order: those of
 * campaigns whose creation the chain records with their digests (a
 * campaign created before parc covered its items is left out, at the
 * tick as in verify).
 */
static const char overdue_items[] =
    "SELECT i.id FROM review_item i WHERE i.overdue_at = ?1"
    " AND i.campaign_id IN (SELECT CAST(substr(a.object, 10) AS INTEGER)"
    "  FROM audit_event a WHERE a.object >= 'campaign:' AND"
    "  a.object < 'campaign;' AND a.action = 'campaign.create' AND"
    "  json_extract(a.detail, '$.items_digest') IS NOT NULL)"
    " ORDER BY i.id";

int
audit_overdue_digest(struct db *db, const char *at, int64_t *n, char out[65],
    struct err *e)
{
	sqlite3_stmt *st;
	EVP_MD_CTX *ctx;
	int step;

	if (db_prepare(db, overdue_items, &st, e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, at);
	*n = 0;
	ctx = ctx_new();
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		feed_row(ctx, st, 0, 1);
		(*n)++;
	}
	ctx_hex(ctx, out);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_fail(db, e, "read the overdue items");
	return 0;
}

int
audit_append(struct db *db, const char *actor, const char *action,
    const char *object, const char *detail, int64_t *id, struct err *e)
{
	sqlite3_stmt *st = NULL;
	char prev[65], hash[65], now[21];
	int64_t next = 1;
	int own, rc = 0;

	if ((own = db_begin(db, e)) < 0)
		return own;
	if ((rc = db_prepare(db,
		 "SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1",
		 &st, e)) != 0)
		goto out;
	snprintf(prev, sizeof(prev), "%s", genesis);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		next = sqlite3_column_int64(st, 0) + 1;
		snprintf(prev, sizeof(prev), "%s",
		    db_col_text(st, 1) ? db_col_text(st, 1) : "");
		break;
	case SQLITE_DONE:
		break;
	default:
		rc = db_fail(db, e, "read the audit chain");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	db_now(now);
	event_hash(prev, next, now, actor, action, object, detail, hash);
	if ((rc = db_prepare(db,
		 "INSERT INTO audit_event (id, at, actor, action, object,"
		 " detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
		 " ?8)",
		 &st, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, next);
	db_bind_text(st, 2, now);
	db_bind_text(st, 3, actor);
	db_bind_text(st, 4, action);
	db_bind_text(st, 5, object);
	db_bind_text(st, 6, detail);
	db_bind_text(st, 7, prev);
	db_bind_text(st, 8, hash);
	if ((rc = db_step_done(db, st, e, "append to the audit chain")) != 0)
		goto out;
	if ((rc = checkpoint_sign(db, next, hash, e)) != 0)
		goto out;
	if (id != NULL)
		*id = next;
out:
	sqlite3_finalize(st);
	return db_end(db, own, rc, e);
}

/* Record the first problem found (already in r->what) and return it. */
static int
report(struct audit_report *r, struct err *e, int64_t id)
{
	r->bad_id = id;
	return err_set(e, PARC_EFOUND, "%s", r->what);
}

/* The same for a row of a table (row as text: "42", "alice/admin"). */
static int
report_row(struct audit_report *r, struct err *e, const char *table,
    const char *row)
{
	r->bad_table = table;
	snprintf(r->bad_row, sizeof(r->bad_row), "%s", row ? row : "");
	return report(r, e, 0);
}

static int
report_id(struct audit_report *r, struct err *e, const char *table, int64_t id)
{
	char row[24];

	snprintf(row, sizeof(row), "%" PRId64, id);
	return report_row(r, e, table, row);
}

#define WHAT(r, ...) snprintf((r)->what, sizeof((r)->what), __VA_ARGS__)

/* The chain itself: every event's links and hash. */
static int
verify_chain(struct db *db, struct audit_report *r, struct err *e)
{
	sqlite3_stmt *st;
	char prev[65], h[65];
	int64_t lastid = 0, id;
	int rc = 0, step;

	if (db_prepare(db,
		"SELECT id, at, actor, action, object, detail, prev_hash, hash"
		" FROM audit_event ORDER BY id",
		&st, e) != 0)
		return PARC_EDB;
	snprintf(prev, sizeof(prev), "%s", genesis);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *ph = db_col_text(st, 6), *hh = db_col_text(st, 7);

		id = sqlite3_column_int64(st, 0);
		r->events++;
		event_hash(ph ? ph : "", id, db_col_text(st, 1),
		    db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4),
		    db_col_text(st, 5), h);
		if (ph == NULL || strcmp(ph, prev) != 0) {
			/* Why does this event not point at the one before? */
			if (id != lastid + 1)
				WHAT(r,
				    "audit event %" PRId64 " follows event "
				    "%" PRId64 ": the events between were "
				    "deleted behind parc's back",
				    id, lastid);
			else if (hh != NULL && strcmp(h, hh) != 0)
				WHAT(r,
				    "audit event %" PRId64 " was inserted "
				    "or edited behind parc's back: it does not "
				    "follow event %" PRId64,
				    id, lastid);
			else
				WHAT(r,
				    "audit event %" PRId64 " does not "
				    "follow event %" PRId64 " (reordered, or "
				    "event %" PRId64 " was edited)",
				    id, lastid, lastid);
			rc = report(r, e, id);
			break;
		}
		if (hh == NULL || strcmp(h, hh) != 0) {
			WHAT(r,
			    "audit event %" PRId64 " was edited or "
			    "inserted behind parc's back: its hash does not "
			    "match its contents",
			    id);
			rc = report(r, e, id);
			break;
		}
		snprintf(prev, sizeof(prev), "%s", hh);
		lastid = id;
		r->head_id = id;
		snprintf(r->head_hash, sizeof(r->head_hash), "%s", hh);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_fail(db, e, "read the audit chain");
	sqlite3_finalize(st);
	return rc;
}

/*
 * A decision's acted_by (the admin who entered it with --as, which the
 * evidence prints as "alice, entered by root") against its event's actor
 * ("root as alice"; "alice" when entered by the reviewer: NULL).
 */
static int
acted_by_matches(const char *acted, const char *actor)
{
	const char *as = actor ? strstr(actor, " as ") : NULL;

	if (as == NULL)
		return acted == NULL;
	return acted != NULL && strlen(acted) == (size_t)(as - actor) &&
	    strncmp(acted, actor, (size_t)(as - actor)) == 0;
}

/*
 * Every decision must match the digest its audit event recorded, and
 * who entered it its actor; every
 * decision's event (decide, delegate) must still have its decision, and every
 * item must show its latest decision.
 */
static int
verify_decisions(struct db *db, struct audit_report *r, struct err *e)
{
	sqlite3_stmt *st;
	char d[65];
	int rc = 0, step;

	if (db_prepare(db,
		"SELECT d.id, d.item_id, d.decision, d.until, d.comment,"
		" d.delegate, d.decided_by, d.decided_at,"
		" json_extract(a.detail, '$.digest'), d.acted_by, a.actor"
		" FROM decision d LEFT JOIN audit_event a ON a.id ="
		" (SELECT min(x.id) FROM audit_event x"
		"  WHERE x.object = 'decision:' || d.id)"
		" ORDER BY d.id",
		&st, e) != 0)
		return PARC_EDB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *want = db_col_text(st, 8);

		r->decisions++;
		if (want == NULL) {
			WHAT(r,
			    "decision %" PRId64 " (item %" PRId64 ") has "
			    "no audit event: it was inserted behind parc's "
			    "back",
			    id, (int64_t)sqlite3_column_int64(st, 1));
			rc = report_id(r, e, "decision", id);
			break;
		}
		audit_decision_digest(id, sqlite3_column_int64(st, 1),
		    db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4),
		    db_col_text(st, 5), db_col_text(st, 6), db_col_text(st, 7),
		    d);
		if (strcmp(d, want) != 0) {
			WHAT(r,
			    "decision %" PRId64 " (item %" PRId64 ") was "
			    "edited behind parc's back: it does not match its "
			    "audit event",
			    id, (int64_t)sqlite3_column_int64(st, 1));
			rc = report_id(r, e, "decision", id);
			break;
		}
		if (!acted_by_matches(db_col_text(st, 9),
			db_col_text(st, 10))) {
			WHAT(r,
			    "decision %" PRId64 " (item %" PRId64 ") was "
			    "edited behind parc's back: who entered it is not "
			    "what its audit event records",
			    id, (int64_t)sqlite3_column_int64(st, 1));
			rc = report_id(r, e, "decision", id);
			break;
		}
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_fail(db, e, "read the decisions");
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;

	/* A decide event whose decision is gone. */
	if (db_prepare(db,
		"SELECT a.id, substr(a.object, 10) FROM audit_event a"
		" WHERE a.object >= 'decision:' AND a.object < 'decision;'"
		/* By the decision's id, so the lookup uses its primary key. */
		" AND NOT EXISTS (SELECT 1 FROM decision d WHERE"
		"  d.id = CAST(substr(a.object, 10) AS INTEGER)"
		"  AND 'decision:' || d.id = a.object)"
		" ORDER BY a.id LIMIT 1",
		&st, e) != 0)
		return PARC_EDB;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		WHAT(r,
		    "decision %s was deleted behind parc's back (audit "
		    "event %" PRId64 " records it)",
		    db_col_text(st, 1), (int64_t)sqlite3_column_int64(st, 0));
		rc = report_row(r, e, "decision", db_col_text(st, 1));
	} else if (step != SQLITE_DONE)
		rc = db_fail(db, e, "read the audit chain");
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;

	/*
	 * An item must say what its last decision says (delegate and undo
	 * leave it pending), and who decided it when.
	 */
	if (db_prepare(db,
		"SELECT i.id, i.decision, coalesce(d.decision, 'pending')"
		" FROM review_item i LEFT JOIN decision d ON d.id ="
		"  (SELECT max(id) FROM decision WHERE item_id = i.id)"
		" WHERE i.decision <> CASE WHEN d.decision IS NULL OR"
		"  d.decision IN ('undo', 'delegate') THEN 'pending'"
		"  ELSE d.decision END"
		/* pending (undo, delegate, none yet) clears all of them */
		" OR i.comment IS NOT CASE WHEN d.decision IN"
		"  ('approve', 'revoke', 'exception') THEN d.comment END"
		" OR i.until IS NOT CASE WHEN d.decision = 'exception'"
		"  THEN d.until END"
		" OR i.decided_by IS NOT CASE WHEN d.decision IN"
		"  ('approve', 'revoke', 'exception') THEN d.decided_by END"
		" OR i.decided_at IS NOT CASE WHEN d.decision IN"
		"  ('approve', 'revoke', 'exception') THEN d.decided_at END"
		" ORDER BY i.id LIMIT 1",
		&st, e) != 0)
		return PARC_EDB;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

		if (strcmp(db_col_text(st, 1), db_col_text(st, 2)) != 0)
			WHAT(r,
			    "review item %" PRId64 " was edited behind "
			    "parc's back: it says %s but its last recorded "
			    "decision is %s",
			    id, db_col_text(st, 1), db_col_text(st, 2));
		else
			WHAT(r,
			    "review item %" PRId64 " was edited behind "
			    "parc's back: its comment, end date or who decided "
			    "it when is not what its last recorded decision "
			    "says",
			    id);
		rc = report_id(r, e, "review_item", id);
	} else if (step != SQLITE_DONE)
		rc = db_fail(db, e, "read the review items");
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;

	/*
	 * A delegated item's reviewer is the last delegate, and its note
	 * says who delegated it from whom (the event keeps "from" since
	 * parc covered it).
	 */
	if (db_prepare(db,
		"SELECT i.id FROM review_item i"
		" JOIN decision d ON d.id = (SELECT max(x.id) FROM decision x"
		"  WHERE x.item_id = i.id AND x.decision = 'delegate')"
		" LEFT JOIN audit_event a ON a.id = (SELECT min(y.id) FROM"
		"  audit_event y WHERE y.object = 'decision:' || d.id)"
		" WHERE i.reviewer IS NOT lower(d.delegate)"
		" OR (json_type(a.detail, '$.from') IS NOT NULL AND"
		"  i.reassigned_from IS NOT coalesce(json_extract(a.detail,"
		"  '$.from'), 'unassigned') || ' delegated to ' || d.delegate"
		"  || ' by ' || d.decided_by)"
		" ORDER BY i.id LIMIT 1",
		&st, e) != 0)
		return PARC_EDB;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

		WHAT(r,
		    "review item %" PRId64 " was edited behind parc's back: "
		    "its reviewer is not the one its last delegation names",
		    id);
		rc = report_id(r, e, "review_item", id);
	} else if (step != SQLITE_DONE)
		rc = db_fail(db, e, "read the review items");
	sqlite3_finalize(st);
	return rc;
}

/*
 * Campaign id's items differ from the set its create event ev recorded
 * (n items from id first on: one statement froze them, so their ids
 * follow each other). Name the first item missing or added; an edit
 * within the set can only be named by the set.
 */
static int
item_set_fault(struct db *db, struct audit_report *r, int64_t ev, int64_t id,
    const char *name, int64_t first, int64_t n, struct err *e)
{
	sqlite3_stmt *st;
	int64_t want = first, got, last = first + n - 1;
	int rc = 0, step;
	char row[64];

	if (db_prepare(db,
		"SELECT id FROM review_item WHERE campaign_id = ?1 ORDER BY id",
		&st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		got = sqlite3_column_int64(st, 0);
		if (got == want && got <= last) {
			want++;
			continue;
		}
		if (got > want && want <= last) {
			WHAT(r,
			    "review item %" PRId64 " of campaign %" PRId64
			    " (%s) was deleted behind parc's back (audit "
			    "event %" PRId64 " froze %" PRId64 " items, "
			    "%" PRId64 " to %" PRId64 ")",
			    want, id, name, ev, n, first, last);
			rc = report_id(r, e, "review_item", want);
		} else {
			WHAT(r,
			    "review item %" PRId64 " of campaign %" PRId64
			    " (%s) was added behind parc's back (audit "
			    "event %" PRId64 " froze %" PRId64 " items, "
			    "%" PRId64 " to %" PRId64 ")",
			    got, id, name, ev, n, first, last);
			rc = report_id(r, e, "review_item", got);
		}
		break;
	}
	if (rc == 0 && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = db_fail(db, e, "read the review items");
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;
	if (want <= last) {
		WHAT(r,
		    "review item %" PRId64 " of campaign %" PRId64 " (%s) was "
		    "deleted behind parc's back (audit event %" PRId64
		    " froze %" PRId64 " items, %" PRId64 " to %" PRId64 ")",
		    want, id, name, ev, n, first, last);
		return report_id(r, e, "review_item", want);
	}
	WHAT(r,
	    "a review item of campaign %" PRId64 " (%s), among items "
	    "%" PRId64 " to %" PRId64 ", was edited behind parc's back: "
	    "their evidence does not match the digest audit event %" PRId64
	    " recorded",
	    id, name, first, last, ev);
	snprintf(row, sizeof(row), "%" PRId64 "-%" PRId64, first, last);
	return report_row(r, e, "review_item", row);
}

/* Campaign create events, by campaign id (object "campaign:ID"). */
#define CREATE_EVENT                                              \
	" a.object >= 'campaign:' AND a.object < 'campaign;' AND" \
	" a.action = 'campaign.create'"

/*
 * Every campaign has its create event and every create event its
 * campaign; each campaign's record and frozen items match what the
 * event recorded; its state and closing match its close event.
 */
static int
verify_campaigns(struct db *db, struct audit_report *r, struct err *e)
{
	sqlite3_stmt *st;
	int rc = 0, step;

	if (db_prepare(db,
		"SELECT c.id, c.name FROM campaign c WHERE NOT EXISTS"
		" (SELECT 1 FROM audit_event a WHERE a.object ="
		"  'campaign:' || c.id AND a.action = 'campaign.create')"
		" ORDER BY c.id LIMIT 1",
		&st, e) != 0)
		return PARC_EDB;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

		WHAT(r,
		    "campaign %" PRId64 " (%s) has no audit event: it was "
		    "inserted behind parc's back",
		    id, db_col_text(st, 1));
		rc = report_id(r, e, "campaign", id);
	} else if (step != SQLITE_DONE)
		rc = db_fail(db, e, "read the campaigns");
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;

	if (db_prepare(db,
		"SELECT a.id, CAST(substr(a.object, 10) AS INTEGER),"
		" json_extract(a.detail, '$.name'), c.id,"
		" json_extract(a.detail, '$.items'),"
		" json_extract(a.detail, '$.record'),"
		" json_extract(a.detail, '$.items_digest'),"
		" (SELECT json_extract(z.detail, '$.closed') FROM audit_event z"
		"  WHERE z.object = a.object AND z.action = 'campaign.close'"
		"  ORDER BY z.id DESC LIMIT 1),"
		" EXISTS (SELECT 1 FROM audit_event z WHERE z.object = a.object"
		"  AND z.action = 'campaign.close'), c.state,"
		" json_extract(a.detail, '$.first_item'),"
		" c.closed_by IS NULL AND c.closed_at IS NULL AND"
		" c.close_default IS NULL"
		" FROM audit_event a"
		" LEFT JOIN campaign c ON c.id = CAST(substr(a.object, 10) AS"
		"  INTEGER) WHERE" CREATE_EVENT " ORDER BY a.id",
		&st, e) != 0)
		return PARC_EDB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t ev = sqlite3_column_int64(st, 0);
		int64_t id = sqlite3_column_int64(st, 1), n;
		const char *name = db_col_text(st, 2);
		const char *rec = db_col_text(st, 5);
		const char *items = db_col_text(st, 6);
		const char *closed = db_col_text(st, 7);
		int was_closed = sqlite3_column_int(st, 8), found;
		int64_t first;
		const char *state = db_col_text(st, 9);
		char d[65];

		if (sqlite3_column_type(st, 3) == SQLITE_NULL) {
			WHAT(r,
			    "campaign %" PRId64 " (%s) was deleted behind "
			    "parc's back (audit event %" PRId64 " records "
			    "its creation)",
			    id, name ? name : "?", ev);
			rc = report_id(r, e, "campaign", id);
			break;
		}
		r->campaigns++;
		if (!was_closed && strcmp(state, "closed") != 0 &&
		    !sqlite3_column_int(st, 11)) {
			WHAT(r,
			    "campaign %" PRId64 " (%s) was edited behind "
			    "parc's back: it is open but says how it "
			    "was closed",
			    id, name ? name : "?");
			rc = report_id(r, e, "campaign", id);
			break;
		}
		if (was_closed != (strcmp(state, "closed") == 0)) {
			WHAT(r,
			    "campaign %" PRId64 " (%s) was edited behind "
			    "parc's back: it says %s but its audit events %s",
			    id, name ? name : "?", state,
			    was_closed ? "close it" : "never close it");
			rc = report_id(r, e, "campaign", id);
			break;
		}
		if (closed != NULL) {
			if ((rc = audit_close_digest(db, id, d, e)) != 0)
				break;
			if (strcmp(d, closed) != 0) {
				WHAT(r,
				    "campaign %" PRId64 " (%s) was edited "
				    "behind parc's back: how it was closed "
				    "does not match its audit event",
				    id, name ? name : "?");
				rc = report_id(r, e, "campaign", id);
				break;
			}
		}
		if (rec == NULL) /* created before parc recorded digests */
			continue;
		if ((rc = row_digest(db, campaign_record, id, &found, d, e)) !=
		    0)
			break;
		if (strcmp(d, rec) != 0) {
			WHAT(r,
			    "campaign %" PRId64 " (%s) was edited behind "
			    "parc's back: its record does not match audit "
			    "event %" PRId64,
			    id, name ? name : "?", ev);
			rc = report_id(r, e, "campaign", id);
			break;
		}
		if (items == NULL)
			continue;
		if ((rc = items_digest(db, items_as_created, id, NULL, NULL, &n,
			 &first, d, e)) != 0)
			break;
		r->items += n;
		if (n == sqlite3_column_int64(st, 4) &&
		    first == sqlite3_column_int64(st, 10) &&
		    strcmp(d, items) == 0)
			continue;
		rc = item_set_fault(db, r, ev, id, name ? name : "?",
		    sqlite3_column_int64(st, 10), sqlite3_column_int64(st, 4),
		    e);
		break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_fail(db, e, "read the campaigns");
	sqlite3_finalize(st);
	return rc;
}

/*
 * The role table is what the role.grant and role.revoke events, replayed
 * in order, leave: each (login, role) held has a grant as its last event,
 * by the actor the row names (and, since the events record it, at the
 * time it names).
 */
static int
verify_roles(struct db *db, struct audit_report *r, struct err *e)
{
	sqlite3_stmt *st;
	int rc = 0, step;
	char row[160];

	r->roles = db_count(db, "SELECT count(*) FROM role");
	if (db_prepare(db,
		"WITH ev AS (SELECT id, action, actor,"
		"  lower(json_extract(detail, '$.login')) AS l,"
		"  json_extract(detail, '$.role') AS ro,"
		"  json_extract(detail, '$.granted_at') AS ga FROM audit_event"
		"  WHERE action IN ('role.grant', 'role.revoke')),"
		" last AS (SELECT l, ro, action, actor, ga, max(id) AS id"
		"  FROM ev GROUP BY l, ro)"
		" SELECT * FROM (SELECT 1, r.login, r.role, NULL FROM role r"
		"  LEFT JOIN last ON last.l = lower(r.login) AND"
		"  last.ro = r.role WHERE last.action IS NOT 'role.grant'"
		"  ORDER BY r.login, r.role LIMIT 1)"
		" UNION ALL SELECT * FROM (SELECT 2, last.l, last.ro, last.id"
		"  FROM last WHERE last.action = 'role.grant' AND NOT EXISTS"
		"  (SELECT 1 FROM role r WHERE lower(r.login) = last.l AND"
		"  r.role = last.ro) ORDER BY last.id LIMIT 1)"
		" UNION ALL SELECT * FROM (SELECT 3, r.login, r.role, last.id"
		"  FROM role r JOIN last ON last.l = lower(r.login) AND"
		"  last.ro = r.role WHERE last.action = 'role.grant' AND"
		"  (r.granted_by IS NOT last.actor OR (last.ga IS NOT NULL AND"
		"  r.granted_at IS NOT last.ga)) ORDER BY r.login, r.role"
		"  LIMIT 1)"
		" ORDER BY 1 LIMIT 1",
		&st, e) != 0)
		return PARC_EDB;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *login = db_col_text(st, 1);
		const char *role = db_col_text(st, 2);
		int64_t ev = sqlite3_column_int64(st, 3);

		switch (sqlite3_column_int(st, 0)) {
		case 1:
			WHAT(r,
			    "role %s of %s was granted behind parc's back: "
			    "no audit event grants it",
			    role, login);
			break;
		case 2:
			WHAT(r,
			    "role %s of %s was revoked behind parc's back: "
			    "audit event %" PRId64 " granted it, and none "
			    "revokes it",
			    role, login, ev);
			break;
		default:
			WHAT(r,
			    "role %s of %s was edited behind parc's back: "
			    "who granted it when is not what audit event "
			    "%" PRId64 " records",
			    role, login, ev);
		}
		snprintf(row, sizeof(row), "%s/%s", login, role);
		rc = report_row(r, e, "role", row);
	} else if (step != SQLITE_DONE)
		rc = db_fail(db, e, "read the roles");
	sqlite3_finalize(st);
	return rc;
}

/* What the ticks recorded of the items they marked overdue. */
struct tick_mark {
	char *at, *digest;
	int64_t n, event;
	int seen;
};

static int
load_ticks(struct db *db, struct tick_mark **out, size_t *count, struct err *e)
{
	sqlite3_stmt *st;
	struct tick_mark *v = NULL;
	size_t n = 0;
	int step;

	*out = NULL;
	*count = 0;
	/* the last tick of each mark's time covers all items marked then */
	if (db_prepare(db,
		"SELECT json_extract(detail, '$.overdue_at') AS v,"
		" json_extract(detail, '$.overdue_items'),"
		" json_extract(detail, '$.overdue_digest'), max(id)"
		" FROM audit_event WHERE action = 'tick' AND v IS NOT NULL"
		" GROUP BY v ORDER BY v",
		&st, e) != 0)
		return PARC_EDB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n].at = xstrdup(db_col_text(st, 0));
		v[n].n = sqlite3_column_int64(st, 1);
		v[n].digest =
		    xstrdup(db_col_text(st, 2) ? db_col_text(st, 2) : "");
		v[n].event = sqlite3_column_int64(st, 3);
		v[n].seen = 0;
		n++;
	}
	sqlite3_finalize(st);
	*out = v;
	*count = n;
	if (step != SQLITE_DONE)
		return db_fail(db, e, "read the ticks");
	return 0;
}

/* Compare one group of overdue marks (time at, n items) with its tick. */
static int
check_marks(struct audit_report *r, struct err *e, struct tick_mark *v,
    size_t nv, const char *at, int64_t n, int64_t first, const char *d)
{
	char row[64];
	size_t i;

	for (i = 0; i < nv; i++)
		if (strcmp(v[i].at, at) == 0)
			break;
	if (i == nv) {
		WHAT(r,
		    "review item %" PRId64 " was marked overdue at %s behind "
		    "parc's back: no tick records it",
		    first, at);
		return report_id(r, e, "review_item", first);
	}
	v[i].seen = 1;
	if (v[i].n == n && strcmp(v[i].digest, d) == 0)
		return 0;
	WHAT(r,
	    "review items marked overdue at %s were edited behind parc's "
	    "back: %" PRId64 " carry the mark, tick event %" PRId64
	    " marked %" PRId64,
	    at, n, v[i].event, v[i].n);
	snprintf(row, sizeof(row), "overdue_at=%s", at);
	return report_row(r, e, "review_item", row);
}

/*
 * Every overdue mark on an item of a covered campaign was set by a tick
 * that recorded the items it marked then, and every such tick's items
 * still carry it.
 */
static int
verify_overdue(struct db *db, struct audit_report *r, struct err *e)
{
	struct tick_mark *v;
	sqlite3_stmt *st = NULL;
	EVP_MD_CTX *ctx = NULL;
	char *at = NULL, d[65], row[64];
	int64_t n = 0, first = 0;
	size_t nv, i;
	int rc, step;

	if ((rc = load_ticks(db, &v, &nv, e)) != 0)
		goto out;
	if ((rc = db_prepare(db,
		 "SELECT overdue_at, id FROM (SELECT i.overdue_at, i.id FROM"
		 " review_item i WHERE i.overdue_at IS NOT NULL AND"
		 " i.campaign_id IN (SELECT CAST(substr(a.object, 10) AS"
		 " INTEGER) FROM audit_event a WHERE" CREATE_EVENT " AND"
		 " json_extract(a.detail,"
		 " '$.items_digest') IS NOT NULL)) ORDER BY overdue_at, id",
		 &st, e)) != 0)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = db_col_text(st, 0);

		if (at != NULL && strcmp(at, t) != 0) {
			ctx_hex(ctx, d);
			ctx = NULL;
			if ((rc = check_marks(r, e, v, nv, at, n, first, d)) !=
			    0)
				goto out;
			free(at);
			at = NULL;
		}
		if (at == NULL) {
			at = xstrdup(t);
			ctx = ctx_new();
			n = 0;
			first = sqlite3_column_int64(st, 1);
		}
		feed_row(ctx, st, 1, 2);
		n++;
	}
	if (step != SQLITE_DONE) {
		rc = db_fail(db, e, "read the overdue items");
		goto out;
	}
	if (at != NULL) {
		ctx_hex(ctx, d);
		ctx = NULL;
		if ((rc = check_marks(r, e, v, nv, at, n, first, d)) != 0)
			goto out;
	}
	for (i = 0; i < nv; i++)
		if (!v[i].seen && v[i].n > 0) {
			WHAT(r,
			    "review items marked overdue at %s were edited "
			    "behind parc's back: none carries the mark, tick "
			    "event %" PRId64 " marked %" PRId64,
			    v[i].at, v[i].event, v[i].n);
			snprintf(row, sizeof(row), "overdue_at=%s", v[i].at);
			rc = report_row(r, e, "review_item", row);
			break;
		}
out:
	if (ctx != NULL)
		EVP_MD_CTX_free(ctx);
	sqlite3_finalize(st);
	free(at);
	for (i = 0; i < nv; i++) {
		free(v[i].at);
		free(v[i].digest);
	}
	free(v);
	return rc;
}

/* The campaigns' counts against their items (db/count.c). */
static int
verify_counts(struct db *db, struct audit_report *r, struct err *e)
{
	int64_t bad;
	int rc;

	if ((rc = count_check(db, &bad, r->what, sizeof(r->what), e)) != 0 ||
	    bad == 0)
		return rc;
	return report_id(r, e, "campaign_count", bad);
}

int
audit_verify(struct db *db, struct audit_report *r, struct err *e)
{
	int rc;

	memset(r, 0, sizeof(*r));
	/* One read transaction: a consistent snapshot while others write. */
	if ((rc = db_exec(db, "BEGIN", e)) != 0)
		return rc;
	if ((rc = verify_chain(db, r, e)) == 0 &&
	    (rc = checkpoint_verify(db, r, e)) == 0 &&
	    (rc = verify_decisions(db, r, e)) == 0 &&
	    (rc = verify_campaigns(db, r, e)) == 0 &&
	    (rc = verify_overdue(db, r, e)) == 0 &&
	    (rc = verify_roles(db, r, e)) == 0)
		rc = verify_counts(db, r, e);
	db_exec(db, "COMMIT", NULL);
	return rc;
}

int
audit_query(struct db *db, int64_t after_id, int64_t limit,
    int (*fn)(const struct audit_row *r, void *arg), void *arg, struct err *e)
{
	struct audit_row r;
	sqlite3_stmt *st;
	int step, ret = 0;

	if (db_prepare(db,
		"SELECT id, at, actor, action, object, detail, hash FROM"
		" audit_event WHERE id > ?1 ORDER BY id LIMIT ?2",
		&st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		r.id = sqlite3_column_int64(st, 0);
		r.at = db_col_text(st, 1);
		r.actor = db_col_text(st, 2);
		r.action = db_col_text(st, 3);
		r.object = db_col_text(st, 4);
		r.detail = db_col_text(st, 5);
		r.hash = db_col_text(st, 6);
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	if (ret == 0 && step != SQLITE_DONE)
		ret = db_fail(db, e, "read the audit chain");
	sqlite3_finalize(st);
	return ret;
}
