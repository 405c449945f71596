/*
 * campaign.h - certification campaigns: creating (which freezes one
 * review item per grant in scope, db/item.h), listing, closing, and the
 * periodic tick. Scopes are db/scope.h, decisions db/decision.h, the
 * exceptions register db/exception.h.
 *
 * Reviewer rule: "manager" (the person's manager from people data),
 * "owner" (the entitlement's owner: an employee id or login), or a LOGIN.
 * When the rule gives nobody, or gives the person whose access it is
 * (nobody reviews their own access), the item goes to the fallback and
 * reassigned_from records why; a fallback that is the person too leaves the
 * item unassigned (reviewer NULL) for an admin to delegate.
 *
 * Logins are compared case-insensitively; items store the reviewer login
 * in lower case (so a queue is one index range).
 * Every function that changes something is one short BEGIN IMMEDIATE
 * transaction (db_begin) that also appends to the audit chain; a refused
 * action changes nothing and says why in e (PARC_EUSAGE).
 */
#ifndef PARC_CAMPAIGN_H
#define PARC_CAMPAIGN_H

#include <stdint.h>

#include "db/db.h"
#include "db/role.h"
#include "db/scope.h"
#include "lib/err.h"

/* ---- campaigns ---- */

struct campaign_spec {
	const char *name;     /* required, unique, printable */
	const char *due;      /* required: YYYY-MM-DD, not in the past */
	const char *scope;    /* scope expression or NULL */
	const char *reviewer; /* "manager" (default), "owner" or a LOGIN */
	const char *fallback; /* LOGIN; default: the creator */
	/* "quarter", "month", "N days" (N >= 1), or NULL: no recurrence */
	const char *every;
};

/* What a campaign does by itself (the campaign_setting table). */
struct campaign_settings {
	/* "keep" or "revoke": tick closes it so after the due date; NULL */
	const char *auto_close;
	/* keep conflicted reviewers (db/conflict.h) on their items */
	int allow_conflicts;
	/* the second stage's reviewer, "owner" or a login, or NULL: none */
	const char *stage2;
	/* which approvals go on to it: "tier0,flagged" (NULL), "all" */
	const char *stage2_when;
	/* when it opened, ISO 8601 UTC in the past, for a history planted
	 * on purpose (the demo); NULL: now */
	const char *opened_at;
};

/*
 * Create campaign s and open it, freezing its items, as admin a, then
 * move the items of conflicted reviewers to the fallback (db/conflict.h).
 * *id and *nitems (either may be NULL) get the new campaign's id and item
 * count. A non-admin, a duplicate name, a bad date, scope or recurrence
 * are refused; a scope matching nothing still creates the (empty)
 * campaign.
 */
int campaign_create(struct db *db, const struct actor *a,
    const struct campaign_spec *s, int64_t *id, int64_t *nitems, struct err *e);

/*
 * campaign_create with settings set (NULL: none): recorded with the
 * campaign and carried to its recurrences; allow_conflicts skips the
 * conflict rules. A bad auto_close is refused.
 */
int campaign_create_set(struct db *db, const struct actor *a,
    const struct campaign_spec *s, const struct campaign_settings *set,
    int64_t *id, int64_t *nitems, struct err *e);

struct campaign_row {
	int64_t id;
	const char *name, *scope, *reviewer_rule, *fallback, *every;
	const char *due, *state; /* state: open or closed */
	const char *created_by, *created_at, *closed_by, *closed_at;
	const char *close_default; /* keep, revoke or NULL */
	const char *series;	   /* first campaign of a recurring series */
	int64_t items, pending, approved, revoked, exceptions, overdue;
	int64_t unassigned, remediated;
};

/* Call fn for every campaign, newest first. Strings live during the call. */
int campaign_list(struct db *db,
    int (*fn)(const struct campaign_row *r, void *arg), void *arg,
    struct err *e);

/* Call fn once for the campaign called name; PARC_ENOTFOUND if none. */
int campaign_get(struct db *db, const char *name,
    int (*fn)(const struct campaign_row *r, void *arg), void *arg,
    struct err *e);

/* The id of the campaign called name into *id; PARC_ENOTFOUND if none. */
int campaign_id(struct db *db, const char *name, int64_t *id, struct err *e);

/*
 * Close campaign name as admin a. With pending items it needs force and a
 * default outcome, "keep" or "revoke", which is recorded on the campaign
 * (a pending item then counts as that outcome; revoke makes it subject to
 * remediation tracking). *pending (may be NULL) gets how many were left.
 */
int campaign_close(struct db *db, const struct actor *a, const char *name,
    int force, const char *outcome, int64_t *pending, struct err *e);

struct tick_stats {
	int64_t closed;	   /* campaigns closed at their due date */
	int64_t signals;   /* reviewer signal changes recorded */
	int64_t opened;	   /* new instances of recurring campaigns */
	int64_t overdue;   /* items newly marked overdue */
	int64_t reentered; /* expiring exceptions brought back for review */
};

/*
 * The periodic work, for cron or a systemd timer: open the next instance
 * of every recurring campaign whose period has passed (same scope and
 * reviewer rule, fresh frozen items, plus the exceptions of earlier
 * campaigns that expire within the new period, named NAME-2, NAME-3 ...),
 * record each change of a reviewer's rubber-stamp signals in the audit
 * chain (progress_record_signals), close the open campaigns with an
 * auto-close outcome whose due date has
 * passed (campaign_set_auto_close; recorded as a forced close with
 * "auto": true), and mark pending items of open campaigns past their due
 * date overdue.
 * Idempotent: a second tick at the same time opens and marks nothing. now
 * is ISO 8601 or NULL for the clock. Audited as actor a (may be NULL:
 * "parc").
 */
int campaign_tick(struct db *db, const struct actor *a, const char *now,
    struct tick_stats *st, struct err *e);

#endif
