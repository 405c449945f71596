/* checkpoint.c - signed checkpoints of the audit chain (checkpoint.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "db/checkpoint.h"
#include "db/dbint.h"

void
db_set_key(struct db *db, const struct sign_key *key)
{
	db->key = key;
}

const struct sign_key *
db_key(const struct db *db)
{
	return db->key;
}

size_t
checkpoint_message(int64_t id, const char *hash, char *buf, size_t size)
{
	int n = snprintf(buf, size, "parc checkpoint v1\n%" PRId64 "\n%s\n", id,
	    hash ? hash : "");

	return n < 0 ? 0 : (size_t)n >= size ? size - 1 : (size_t)n;
}

int
checkpoint_sign(struct db *db, int64_t id, const char *hash, struct err *e)
{
	sqlite3_stmt *st;
	char msg[160], sig[SIGN_SIG_LEN], now[21];
	size_t len;
	int rc;

	if (!sign_key_private(db->key))
		return 0;
	len = checkpoint_message(id, hash, msg, sizeof(msg));
	if ((rc = sign_data(db->key, msg, len, sig, e)) != 0)
		return rc;
	if (db_prepare(db,
		"INSERT INTO audit_checkpoint (event_id, hash, key, sig, at)"
		" VALUES (?1, ?2, ?3, ?4, ?5)",
		&st, e) != 0)
		return PARC_EDB;
	db_now(now);
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, hash);
	db_bind_text(st, 3, sign_key_fingerprint(db->key));
	db_bind_text(st, 4, sig);
	db_bind_text(st, 5, now);
	rc = db_step_done(db, st, e, "sign the audit chain's head");
	sqlite3_finalize(st);
	return rc;
}

#define WHAT(r, ...) snprintf((r)->what, sizeof((r)->what), __VA_ARGS__)

static int
fault(struct audit_report *r, int64_t id, struct err *e)
{
	r->bad_id = id;
	r->bad_table = "audit_checkpoint";
	snprintf(r->bad_row, sizeof(r->bad_row), "%" PRId64, id);
	return err_set(e, PARC_EFOUND, "%s", r->what);
}

int
checkpoint_verify(struct db *db, struct audit_report *r, struct err *e)
{
	const char *fpr = db->key ? sign_key_fingerprint(db->key) : NULL;
	sqlite3_stmt *st;
	char msg[160];
	int64_t first = 0, id, want = 0;
	size_t len;
	int rc = 0, step;

	r->checkpoints = db_count(db, "SELECT count(*) FROM audit_checkpoint");
	if (db->key == NULL)
		return 0;
	r->sig_checked = 1;
	snprintf(r->key_fpr, sizeof(r->key_fpr), "%s", fpr);
	/*
	 * Each checkpoint beside its event (LEFT: a checkpoint of an event
	 * that is gone), and each event after the first checkpoint beside
	 * its checkpoint (one without: appended or rehashed without the key).
	 */
	if (db_prepare(db,
		"SELECT c.event_id, c.hash, c.key, c.sig, a.hash FROM"
		" audit_checkpoint c LEFT JOIN audit_event a ON"
		" a.id = c.event_id ORDER BY c.event_id",
		&st, e) != 0)
		return PARC_EDB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *h = db_col_text(st, 1), *k = db_col_text(st, 2);
		const char *now = db_col_text(st, 4);

		id = sqlite3_column_int64(st, 0);
		if (first == 0)
			first = want = id;
		if (id > r->head_id && now == NULL) {
			WHAT(r,
			    "checkpoint %" PRId64 " signs an audit event "
			    "that is gone: the chain was cut behind parc's "
			    "back after event %" PRId64,
			    id, r->head_id);
			rc = fault(r, r->head_id + 1, e);
			break;
		}
		if (id != want) {
			WHAT(r,
			    "audit event %" PRId64 " has no signed "
			    "checkpoint though the events before it have: it "
			    "was written behind parc's back, without the "
			    "signing key",
			    want);
			rc = fault(r, want, e);
			break;
		}
		want = id + 1;
		if (k == NULL || strcmp(k, fpr) != 0) {
			WHAT(r,
			    "checkpoint of audit event %" PRId64 " is signed "
			    "by key %s, not by %s",
			    id, k ? k : "(none)", fpr);
			rc = fault(r, id, e);
			break;
		}
		len = checkpoint_message(id, h, msg, sizeof(msg));
		if (!sign_check(db->key, msg, len, db_col_text(st, 3))) {
			WHAT(r,
			    "checkpoint of audit event %" PRId64 " does not "
			    "carry a valid signature by %s: it was forged "
			    "behind parc's back",
			    id, fpr);
			rc = fault(r, id, e);
			break;
		}
		if (now == NULL || h == NULL || strcmp(now, h) != 0) {
			WHAT(r,
			    "audit event %" PRId64 " is not the event its "
			    "signed checkpoint names: the chain was "
			    "rewritten behind parc's back from there (or "
			    "before)",
			    id);
			rc = fault(r, id, e);
			break;
		}
		r->signed_id = id;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_fail(db, e, "read the checkpoints");
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;
	if (r->head_id > 0 && r->signed_id != r->head_id) {
		if (first == 0)
			WHAT(r,
			    "the audit chain carries no checkpoint signed by "
			    "%s: its head, event %" PRId64 ", is unsigned",
			    fpr, r->head_id);
		else
			WHAT(r,
			    "audit event %" PRId64 " has no signed "
			    "checkpoint though the events before it have: it "
			    "was written behind parc's back, without the "
			    "signing key",
			    r->signed_id + 1);
		return fault(r, first == 0 ? r->head_id : r->signed_id + 1, e);
	}
	return 0;
}

int
checkpoint_query(struct db *db, int64_t after, int64_t upto,
    int (*fn)(const struct checkpoint_row *r, void *arg), void *arg,
    struct err *e)
{
	struct checkpoint_row r;
	sqlite3_stmt *st;
	int step, ret = 0;

	if (db_prepare(db,
		"SELECT event_id, hash, key, sig, at FROM audit_checkpoint"
		" WHERE event_id > ?1 AND (?2 = 0 OR event_id <= ?2)"
		" ORDER BY event_id",
		&st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int64(st, 2, upto);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		r.event_id = sqlite3_column_int64(st, 0);
		r.hash = db_col_text(st, 1);
		r.key = db_col_text(st, 2);
		r.sig = db_col_text(st, 3);
		r.at = db_col_text(st, 4);
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	if (ret == 0 && step != SQLITE_DONE)
		ret = db_fail(db, e, "read the checkpoints");
	sqlite3_finalize(st);
	return ret;
}
