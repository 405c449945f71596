/* audit.c - the hash-chained audit trail and its verification. */
#include <openssl/evp.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
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
 * Every decision must match the digest its audit event recorded, every
 * "decide" event must still have its decision, and every item must show
 * its latest decision.
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
		" (SELECT json_extract(a.detail, '$.digest') FROM audit_event a"
		"  WHERE a.object = 'decision:' || d.id ORDER BY a.id LIMIT 1)"
		" FROM decision d ORDER BY d.id",
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
			rc = report(r, e, 0);
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
			rc = report(r, e, 0);
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
		" WHERE a.action = 'decide' AND a.object LIKE 'decision:%'"
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
		rc = report(r, e, 0);
	} else if (step != SQLITE_DONE)
		rc = db_fail(db, e, "read the audit chain");
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;

	/*
	 * An item must say what its last decision says (delegate and undo
	 * leave it pending).
	 */
	if (db_prepare(db,
		"SELECT i.id, i.decision, coalesce(d.decision, 'pending')"
		" FROM review_item i LEFT JOIN decision d ON d.id ="
		"  (SELECT max(id) FROM decision WHERE item_id = i.id)"
		" WHERE i.decision <> CASE WHEN d.decision IS NULL OR"
		"  d.decision IN ('undo', 'delegate') THEN 'pending'"
		"  ELSE d.decision END"
		" OR coalesce(i.comment, '') <> CASE WHEN d.decision IN"
		"  ('approve', 'revoke', 'exception') THEN"
		"  coalesce(d.comment, '') ELSE coalesce(i.comment, '') END"
		" OR coalesce(i.until, '') <> CASE WHEN d.decision ="
		"  'exception' THEN d.until ELSE coalesce(i.until, '') END"
		" ORDER BY i.id LIMIT 1",
		&st, e) != 0)
		return PARC_EDB;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		WHAT(r,
		    "review item %" PRId64 " was edited behind parc's "
		    "back: it says %s but its last recorded decision is %s",
		    (int64_t)sqlite3_column_int64(st, 0), db_col_text(st, 1),
		    db_col_text(st, 2));
		rc = report(r, e, 0);
	} else if (step != SQLITE_DONE)
		rc = db_fail(db, e, "read the review items");
	sqlite3_finalize(st);
	return rc;
}

int
audit_verify(struct db *db, struct audit_report *r, struct err *e)
{
	int rc;

	memset(r, 0, sizeof(*r));
	/* One read transaction: a consistent snapshot while others write. */
	if ((rc = db_exec(db, "BEGIN", e)) != 0)
		return rc;
	if ((rc = verify_chain(db, r, e)) == 0)
		rc = verify_decisions(db, r, e);
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
