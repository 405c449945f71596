/*
 * decision.c - deciding review items, and each item's history of
 * decisions.
 *
 * A decision is one BEGIN IMMEDIATE transaction (db_begin) that records
 * the decision, updates the item and appends to the audit chain, so a
 * refused or failed decision changes nothing.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/audit.h"
#include "db/dbint.h"
#include "db/decision.h"
#include "db/stage.h"
#include "db/vocab.h"

#define COMMENT_MAX_LEN 4000

int
item_history(struct db *db, int64_t id,
    int (*fn)(const struct decision_row *r, void *arg), void *arg,
    struct err *e)
{
	struct decision_row r;
	sqlite3_stmt *st;
	int step, ret = 0;

	if (db_prepare(db,
		"SELECT id, item_id, decision, until, comment, delegate,"
		" decided_by, acted_by, decided_at FROM decision"
		" WHERE item_id = ?1 ORDER BY id",
		&st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		r.id = sqlite3_column_int64(st, 0);
		r.item_id = sqlite3_column_int64(st, 1);
		r.decision = db_col_text(st, 2);
		r.until = db_col_text(st, 3);
		r.comment = db_col_text(st, 4);
		r.delegate = db_col_text(st, 5);
		r.decided_by = db_col_text(st, 6);
		r.acted_by = db_col_text(st, 7);
		r.decided_at = db_col_text(st, 8);
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	if (ret == 0 && step != SQLITE_DONE)
		ret = db_fail(db, e, "read decisions");
	sqlite3_finalize(st);
	return ret;
}

/* Check and apply one decision inside the caller's transaction. */
static int
decide_in_tx(struct db *db, const struct actor *a, int64_t id,
    const struct decide_req *r, const char *now, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct sb det = SB_INIT, obj = SB_INIT;
	const char *me = actor_effective(a);
	char *reviewer = NULL, *employee = NULL, *plogin = NULL;
	char *state = NULL, *cur = NULL, *who = NULL, *note = NULL;
	char day[11], digest[65];
	const struct decision_kind *k = decision_kind_find(r->decision);
	const char *until, *to, *comment = r->comment;
	int64_t did;
	int nfind = 0, rc = 0, admin = (a->roles & ROLE_ADMIN) != 0;

	if (k == NULL)
		return err_set(e, PARC_EUSAGE, "unknown decision '%s' (%s)",
		    r->decision ? r->decision : "", decision_kind_names());
	until = k->needs & NEED_UNTIL ? r->until : NULL;
	/* A justification of blanks is none (issue 17). */
	if (comment != NULL && comment[strspn(comment, " \t\r\n")] == '\0')
		comment = NULL;
	to = k->needs & NEED_TO ? r->to : NULL;
	db_today(now, day);
	if ((rc = db_prepare(db,
		 "SELECT r.reviewer, r.employee_id, c.state, r.nfindings,"
		 " r.decision, (SELECT login FROM identity WHERE employee_id ="
		 " r.employee_id), c.name, r.reassigned_from FROM review_item r"
		 " JOIN campaign c"
		 " ON c.id = r.campaign_id WHERE r.id = ?1",
		 &st, e)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = err_set(e, PARC_ENOTFOUND, "no review item %" PRId64, id);
		goto out;
	}
#define DUP(i) (db_col_text(st, i) ? xstrdup(db_col_text(st, i)) : NULL)
	reviewer = DUP(0);
	employee = DUP(1);
	state = DUP(2);
	nfind = sqlite3_column_int(st, 3);
	cur = DUP(4);
	plogin = DUP(5);
	note = DUP(7);
#undef DUP
	if (strcmp(state, "open") != 0) {
		rc = err_set(e, PARC_EUSAGE,
		    "item %" PRId64 ": campaign '%s' is closed; its decisions "
		    "are final",
		    id, db_col_text(st, 6));
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;

	if ((a->roles & ROLE_AUDITOR) && !admin) {
		rc = err_set(e, PARC_EDENIED,
		    "%s is an auditor: auditors read everything and decide "
		    "nothing",
		    a->login);
		goto out;
	}
	/* Nobody reviews their own access, not even an admin. */
	if ((employee != NULL && a->employee_id != NULL &&
		strcmp(employee, a->employee_id) == 0) ||
	    (plogin != NULL && strcasecmp(plogin, me) == 0)) {
		rc = err_set(e, PARC_EDENIED,
		    "item %" PRId64 " is about %s's own access, and nobody "
		    "reviews their own access",
		    id, me);
		goto out;
	}
	/* ... nor through someone else's name (--as). */
	if (a->as != NULL && plogin != NULL &&
	    strcasecmp(plogin, a->login) == 0) {
		rc = err_set(e, PARC_EDENIED,
		    "item %" PRId64 " is about %s's own access: %s cannot "
		    "decide it as %s",
		    id, a->login, a->login, a->as);
		goto out;
	}
	if ((k->needs & NEED_TO) && admin && a->as == NULL) {
		/* admins reassign any item */
	} else if (reviewer == NULL) {
		rc = err_set(e, PARC_EDENIED,
		    "item %" PRId64 " is unassigned; an admin must delegate "
		    "it first (parc decide %" PRId64 " delegate --to LOGIN)",
		    id, id);
		goto out;
	} else if (strcasecmp(reviewer, me) != 0) {
		rc = err_set(e, PARC_EDENIED,
		    "item %" PRId64 " is assigned to %s, not %s%s", id,
		    reviewer, me, admin ? " (act for them with --as)" : "");
		goto out;
	}

	/* The rules of each decision. */
	if (comment != NULL &&
	    (rc = db_check_text("the comment", comment, COMMENT_MAX_LEN, e)) !=
		0)
		goto out;
	if ((k->needs & NEED_COMMENT_IF_FINDINGS) && nfind > 0 &&
	    comment == NULL) {
		rc = err_set(e, PARC_EUSAGE,
		    "item %" PRId64 " has %d finding%s: approving it needs a "
		    "justification (--comment)",
		    id, nfind, nfind == 1 ? "" : "s");
		goto out;
	}
	if ((k->needs & NEED_COMMENT) && comment == NULL) {
		rc = err_set(e, PARC_EUSAGE, "item %" PRId64 ": %s (--comment)",
		    id, k->why);
		goto out;
	}
	if (k->needs & NEED_UNTIL) {
		if (r->until == NULL || !db_valid_date(r->until)) {
			rc = err_set(e, PARC_EUSAGE,
			    "item %" PRId64 ": an %s needs --until "
			    "YYYY-MM-DD%s%s",
			    id, k->name, r->until ? ", not " : "",
			    r->until ? r->until : "");
			goto out;
		}
		if (strcmp(r->until, day) <= 0) {
			rc = err_set(e, PARC_EUSAGE,
			    "item %" PRId64 ": the %s must end after today, "
			    "not on %s",
			    id, k->name, r->until);
			goto out;
		}
	}
	if (k->needs & NEED_TO) {
		if ((rc = db_known_login(db, "--to", r->to, e)) != 0)
			goto out;
		if (plogin != NULL && strcasecmp(plogin, r->to) == 0) {
			rc = err_set(e, PARC_EUSAGE,
			    "item %" PRId64 " is about %s's own access: it "
			    "cannot be delegated to them",
			    id, r->to);
			goto out;
		}
	}
	if ((k->needs & NEED_DECIDED) && decision_pending(cur)) {
		rc = err_set(e, PARC_EUSAGE,
		    "item %" PRId64 " has no decision to %s", id, k->name);
		goto out;
	}
	/*
	 * A delegation clears the item for its new reviewer; over a decision
	 * it would drop that decision from the item and leave nothing to
	 * undo. The decision is taken back first, on the record.
	 */
	if ((k->needs & NEED_TO) && !decision_pending(cur)) {
		rc = err_set(e, PARC_EUSAGE,
		    "item %" PRId64 " is decided already (%s): undo that "
		    "decision before delegating the item",
		    id, cur);
		goto out;
	}

	/* Record the decision, then the item, then the chain. */
	if ((rc = db_prepare(db,
		 "INSERT INTO decision (item_id, decision, until, comment,"
		 " delegate, decided_by, acted_by, decided_at) VALUES (?1, ?2,"
		 " ?3, ?4, ?5, ?6, ?7, ?8)",
		 &st, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, k->name);
	db_bind_text(st, 3, until);
	db_bind_text(st, 4, comment);
	db_bind_text(st, 5, to);
	db_bind_text(st, 6, me);
	db_bind_text(st, 7, a->as != NULL ? a->login : NULL);
	db_bind_text(st, 8, now);
	if ((rc = db_step_done(db, st, e, "record the decision")) != 0)
		goto out;
	did = sqlite3_last_insert_rowid(db->conn);
	sqlite3_finalize(st);
	st = NULL;
	if (k->needs & NEED_TO)
		rc = db_prepare(db,
		    "UPDATE review_item SET reviewer = lower(?2), "
		    "reassigned_from ="
		    " coalesce(reviewer, 'unassigned') || ' delegated to ' || "
		    "?2"
		    " || ' by ' || ?3, decision = 'pending', until = NULL,"
		    " comment = NULL, decided_by = NULL, decided_at = NULL"
		    " WHERE id = ?1",
		    &st, e);
	else if (strcmp(k->state, "pending") == 0)
		rc = db_prepare(db,
		    "UPDATE review_item SET decision = 'pending', until = NULL,"
		    " comment = NULL, decided_by = NULL, decided_at = NULL"
		    " WHERE id = ?1",
		    &st, e);
	else
		rc = db_prepare(db,
		    "UPDATE review_item SET decision = ?4, until = ?5,"
		    " comment = ?6, decided_by = ?3, decided_at = ?7"
		    " WHERE id = ?1",
		    &st, e);
	if (rc != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_bind_parameter_count(st) >= 2)
		db_bind_text(st, 2, r->to);
	if (sqlite3_bind_parameter_count(st) >= 3)
		db_bind_text(st, 3, me);
	if (sqlite3_bind_parameter_count(st) >= 4) {
		db_bind_text(st, 4, k->state);
		db_bind_text(st, 5, until);
		db_bind_text(st, 6, comment);
		db_bind_text(st, 7, now);
	}
	if ((rc = db_step_done(db, st, e, "update the item")) != 0)
		goto out;
	audit_decision_digest(did, id, k->name, until, comment, to, me, now,
	    digest);
	sb_addf(&det, "{\"item\": %" PRId64 ", \"decision\": ", id);
	sb_add_json(&det, k->name);
	sb_adds(&det, ", \"digest\": ");
	sb_add_json(&det, digest);
	if (k->needs & NEED_TO) {
		/* what the delegation replaced, so verify can check both */
		sb_adds(&det, ", \"from\": ");
		sb_add_json(&det, reviewer);
		sb_adds(&det, ", \"from_note\": ");
		sb_add_json(&det, note);
	}
	sb_addc(&det, '}');
	sb_addf(&obj, "decision:%" PRId64, did);
	who = db_actor_label(a);
	rc = audit_append(db, who, k->audit, obj.buf, det.buf, NULL, e);
	/* an approval may go on to the campaign's second stage */
	if (rc == 0)
		rc = stage_after_decision(db, id, k->name, me, r->comment, now,
		    NULL, e);
out:
	sqlite3_finalize(st);
	sb_release(&det);
	sb_release(&obj);
	free(reviewer);
	free(employee);
	free(plogin);
	free(note);
	free(state);
	free(cur);
	free(who);
	return rc;
}

static int
check_decision(const struct decide_req *r, struct err *e)
{
	if (decision_kind_find(r->decision) != NULL)
		return 0;
	return err_set(e, PARC_EUSAGE, "unknown decision '%s' (%s)",
	    r->decision ? r->decision : "", decision_kind_names());
}

int
item_decide(struct db *db, const struct actor *a, int64_t id,
    const struct decide_req *r, struct err *e)
{
	return item_decide_bulk(db, a, &id, 1, r, e);
}

int
item_decide_bulk(struct db *db, const struct actor *a, const int64_t *ids,
    size_t n, const struct decide_req *r, struct err *e)
{
	return item_decide_bulk_at(db, a, ids, n, r, NULL, e);
}

int
item_decide_bulk_at(struct db *db, const struct actor *a, const int64_t *ids,
    size_t n, const struct decide_req *r, const char *at, struct err *e)
{
	char now[21];
	size_t i;
	int own, rc;

	if ((rc = check_decision(r, e)) != 0)
		return rc;
	if ((own = db_begin(db, e)) < 0)
		return own;
	if (at != NULL)
		snprintf(now, sizeof(now), "%s", at);
	else
		db_now(now);
	for (i = 0; i < n && rc == 0; i++)
		rc = decide_in_tx(db, a, ids[i], r, now, e);
	if (rc != 0 && n > 1)
		err_prefix(e, "nothing decided: ");
	return db_end(db, own, rc, e);
}
