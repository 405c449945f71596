/*
 * campaign_close.c - closing campaigns: by an admin (campaign_close), and
 * by parc tick at the due date of those set to close themselves
 * (campaign_settings.auto_close), recorded as a forced close with "auto":
 * true.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "db/campaign.h"
#include "db/campaign_int.h"
#include "db/dbint.h"

/*
 * Close campaign name as who (an actor label) at now; auto: by tick, at
 * its due date, with its auto_close outcome (recorded as such).
 */
static int
close_campaign(struct db *db, const char *who, const char *now,
    const char *name, int force, const char *outcome, int is_auto,
    int64_t *pending, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct sb det = SB_INIT, obj = SB_INIT;
	char digest[65];
	const char *state = NULL;
	int64_t id = 0, npending = 0;
	int own, rc;

	if ((own = db_begin(db, e)) < 0)
		return own;
	if ((rc = db_prepare(db,
		 "SELECT c.id, c.state, (SELECT count(*) FROM review_item i"
		 " WHERE i.campaign_id = c.id AND i.decision = 'pending')"
		 " FROM campaign c WHERE c.name = ?1",
		 &st, e)) != 0)
		goto out;
	db_bind_text(st, 1, name);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc =
		    err_set(e, PARC_ENOTFOUND, "no campaign called '%s'", name);
		goto out;
	}
	id = sqlite3_column_int64(st, 0);
	state = db_col_text(st, 1);
	npending = sqlite3_column_int64(st, 2);
	if (strcmp(state, "open") != 0) {
		rc = err_set(e, PARC_EUSAGE, "campaign '%s' is %s already",
		    name, state);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (npending > 0 && !force) {
		rc = err_set(e, PARC_EUSAGE,
		    "campaign '%s' has %" PRId64 " pending item%s; close it "
		    "with --force --default keep|revoke",
		    name, npending, npending == 1 ? "" : "s");
		goto out;
	}
	if (npending > 0 && outcome == NULL) {
		rc = err_set(e, PARC_EUSAGE,
		    "closing '%s' with %" PRId64 " pending items needs "
		    "--default keep or --default revoke",
		    name, npending);
		goto out;
	}
	if ((rc = db_prepare(db,
		 "UPDATE campaign SET state = 'closed', closed_by = ?2,"
		 " closed_at = ?3, close_default = ?4 WHERE id = ?1",
		 &st, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, who);
	db_bind_text(st, 3, now);
	db_bind_text(st, 4, npending > 0 ? outcome : NULL);
	if ((rc = db_step_done(db, st, e, "close the campaign")) != 0)
		goto out;
	sb_adds(&det, "{\"name\": ");
	sb_add_json(&det, name);
	sb_addf(&det, ", \"pending\": %" PRId64 ", \"default\": ", npending);
	sb_add_json(&det, npending > 0 ? outcome : NULL);
	sb_addf(&det, ", \"forced\": %s", force ? "true" : "false");
	if (is_auto)
		sb_adds(&det, ", \"auto\": true");
	if ((rc = audit_close_digest(db, id, digest, e)) != 0)
		goto out;
	sb_addf(&det, ", \"closed\": \"%s\"}", digest);
	sb_addf(&obj, "campaign:%" PRId64, id);
	rc = audit_append(db, who, "campaign.close", obj.buf, det.buf, NULL, e);
	if (pending != NULL)
		*pending = npending;
out:
	sqlite3_finalize(st);
	sb_release(&det);
	sb_release(&obj);
	return db_end(db, own, rc, e);
}

int
campaign_close(struct db *db, const struct actor *a, const char *name,
    int force, const char *outcome, int64_t *pending, struct err *e)
{
	char now[21], *who;
	int rc;

	if (!(a->roles & ROLE_ADMIN))
		return err_set(e, PARC_EDENIED,
		    "only an admin may close campaigns, and %s is not one",
		    a->login);
	if (outcome != NULL && strcmp(outcome, "keep") != 0 &&
	    strcmp(outcome, "revoke") != 0)
		return err_set(e, PARC_EUSAGE,
		    "the default outcome is keep or revoke, not '%s'", outcome);
	who = db_actor_label(a);
	db_now(now);
	rc = close_campaign(db, who, now, name, force, outcome, 0, pending, e);
	free(who);
	return rc;
}

int
campaign_auto_close_due(struct db *db, const char *who, const char *now,
    int64_t *n, struct err *e)
{
	sqlite3_stmt *st = NULL;
	char day[11], **names = NULL, **outs = NULL;
	size_t nn = 0, i;
	int rc = 0;

	*n = 0;
	db_today(now, day);
	if ((rc = db_prepare(db,
		 "SELECT c.name, s.auto_close FROM campaign c JOIN"
		 " campaign_setting s ON s.campaign_id = c.id WHERE c.state ="
		 " 'open' AND s.auto_close IS NOT NULL AND c.due < ?1"
		 " ORDER BY c.id",
		 &st, e)) != 0)
		return rc;
	db_bind_text(st, 1, day);
	while (sqlite3_step(st) == SQLITE_ROW) {
		names = xrealloc(names, (nn + 1) * sizeof(*names));
		outs = xrealloc(outs, (nn + 1) * sizeof(*outs));
		names[nn] = xstrdup(db_col_text(st, 0));
		outs[nn++] = xstrdup(db_col_text(st, 1));
	}
	sqlite3_finalize(st);
	for (i = 0; i < nn; i++) {
		if (rc == 0 &&
		    (rc = close_campaign(db, who, now, names[i], 1, outs[i], 1,
			 NULL, e)) == 0)
			(*n)++;
		free(names[i]);
		free(outs[i]);
	}
	free(names);
	free(outs);
	return rc;
}
