/*
 * stage.c - the move of an approved item to a campaign's second stage.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/audit.h"
#include "db/dbint.h"
#include "db/stage.h"

int
stage_when_check(const char *when, struct err *e)
{
	const char *p = when;
	size_t n;

	if (when == NULL)
		return 0;
	while (*p) {
		n = strcspn(p, ",");
		if (!((n == 5 && strncmp(p, "tier0", 5) == 0) ||
			(n == 7 && strncmp(p, "flagged", 7) == 0) ||
			(n == 3 && strncmp(p, "all", 3) == 0)))
			return err_set(e, PARC_EUSAGE,
			    "--stage2-when wants tier0, flagged or all "
			    "(separated by commas), not '%.*s'",
			    (int)n, p);
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* Whether the word w is in the comma list l. */
static int
has(const char *l, const char *w)
{
	size_t n = strlen(w);
	const char *p = l;

	while ((p = strstr(p, w)) != NULL) {
		if ((p == l || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
			return 1;
		p += n;
	}
	return 0;
}

static const char stage_sql[] =
    "SELECT s.stage2, coalesce(s.stage2_when, 'tier0,flagged'), c.fallback,"
    " i.tier, i.nfindings, i.reviewer, i.reassigned_from,"
    " (SELECT login FROM identity WHERE employee_id = i.employee_id),"
    " (SELECT coalesce((SELECT o.login FROM identity o WHERE"
    "  o.employee_id = n.owner), (SELECT o.login FROM identity o WHERE"
    "  lower(o.login) = lower(n.owner) LIMIT 1), n.owner)"
    "  FROM effective_grant g JOIN entitlement n ON n.id = g.entitlement_id"
    "  WHERE g.id = i.grant_id),"
    " EXISTS (SELECT 1 FROM decision d WHERE d.item_id = i.id AND"
    "  d.decided_by = '" STAGE_ACTOR "')"
    " FROM review_item i JOIN campaign c ON c.id = i.campaign_id"
    " JOIN campaign_setting s ON s.campaign_id = c.id"
    " WHERE i.id = ?1 AND s.stage2 IS NOT NULL";

/* Whether login may take the item: someone, not who, not the person. */
static int
usable(const char *login, const char *who, const char *person)
{
	return login != NULL && *login != '\0' && strcasecmp(login, who) != 0 &&
	    (person == NULL || strcasecmp(login, person) != 0);
}

int
stage_after_decision(struct db *db, int64_t id, const char *decision,
    const char *who, const char *comment, const char *now, int *moved,
    struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct sb note = SB_INIT, det = SB_INIT, obj = SB_INIT;
	char *to = NULL, *from = NULL, *from_note = NULL, digest[65];
	const char *stage2, *when, *fallback, *person, *owner, *cand;
	int tier, nfind, rc = 0;
	int64_t did;

	if (moved != NULL)
		*moved = 0;
	if (strcmp(decision, "approve") != 0)
		return 0;
	if ((rc = db_prepare(db, stage_sql, &st, e)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 9))
		goto out; /* one stage, or decided in the second already */
	stage2 = db_col_text(st, 0);
	when = db_col_text(st, 1);
	fallback = db_col_text(st, 2);
	tier = sqlite3_column_type(st, 3) == SQLITE_NULL
	    ? -1
	    : sqlite3_column_int(st, 3);
	nfind = sqlite3_column_int(st, 4);
	person = db_col_text(st, 7);
	owner = db_col_text(st, 8);
	if (!(has(when, "all") || (has(when, "tier0") && tier == 0) ||
		(has(when, "flagged") && nfind > 0)))
		goto out;
	cand = strcmp(stage2, "owner") == 0 ? owner : stage2;
	if (!usable(cand, who, person))
		cand = fallback;
	if (!usable(cand, who, person))
		goto out; /* nobody else to look: the approval stands */
	to = xstrdup(cand);
	from = db_col_text(st, 5) ? xstrdup(db_col_text(st, 5)) : NULL;
	from_note = db_col_text(st, 6) ? xstrdup(db_col_text(st, 6)) : NULL;
	sqlite3_finalize(st);
	st = NULL;

	sb_addf(&note, "stage 1: approved by %s at %s%s%s", who, now,
	    comment ? ": " : "", comment ? comment : "");
	if ((rc = db_prepare(db,
		 "INSERT INTO decision (item_id, decision, comment, delegate,"
		 " decided_by, decided_at) VALUES (?1, 'delegate', ?2, ?3, "
		 "'" STAGE_ACTOR "', ?4)",
		 &st, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, note.buf);
	db_bind_text(st, 3, to);
	db_bind_text(st, 4, now);
	if ((rc = db_step_done(db, st, e, "move the item to stage 2")) != 0)
		goto out;
	did = sqlite3_last_insert_rowid(db->conn);
	sqlite3_finalize(st);
	st = NULL;
	/* as a delegation writes it, so verify reads it the same */
	if ((rc = db_prepare(db,
		 "UPDATE review_item SET reviewer = lower(?2), reassigned_from"
		 " = coalesce(reviewer, 'unassigned') || ' delegated to ' || ?2"
		 " || ' by ' || '" STAGE_ACTOR "', decision = 'pending',"
		 " until = NULL, comment = NULL, decided_by = NULL,"
		 " decided_at = NULL WHERE id = ?1",
		 &st, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, to);
	if ((rc = db_step_done(db, st, e, "move the item to stage 2")) != 0)
		goto out;
	audit_decision_digest(did, id, "delegate", NULL, note.buf, to,
	    STAGE_ACTOR, now, digest);
	sb_addf(&det,
	    "{\"item\": %" PRId64 ", \"decision\": \"delegate\", "
	    "\"digest\": \"%s\", \"from\": ",
	    id, digest);
	sb_add_json(&det, from);
	sb_adds(&det, ", \"from_note\": ");
	sb_add_json(&det, from_note);
	sb_adds(&det, ", \"stage\": 2}");
	sb_addf(&obj, "decision:%" PRId64, did);
	if ((rc = audit_append(db, STAGE_ACTOR, "delegate", obj.buf, det.buf,
		 NULL, e)) == 0 &&
	    moved != NULL)
		*moved = 1;
out:
	sqlite3_finalize(st);
	sb_release(&note);
	sb_release(&det);
	sb_release(&obj);
	free(to);
	free(from);
	free(from_note);
	return rc;
}
