/*
 * campaign.h - certification campaigns, their frozen review items, the
 * decisions taken on them, and the exceptions register.
 *
 * A campaign freezes, at creation, one review item per privileged grant in
 * its scope: source, host, account, person, entitlement, tier, the path
 * that gives it, last use and its findings (JSON). Later syncs change
 * nothing an item shows; only grant_id (set NULL when the grant goes) and
 * remediated_at follow the live data.
 *
 * Scope expression: space-separated terms, all of which must hold; a
 * term's value may list alternatives with commas; globs (* ? [..]) match
 * case-insensitively where noted:
 *	source=NAME[,NAME]	the source's name (glob)
 *	kind=KIND[,KIND]	the source's kind (ad, sudoers, aws ...)
 *	tier=N[,N]		entitlement tier 0..3 (default: 0,1,2)
 *	finding=KIND[,KIND]	grants with a finding of that kind; "any"
 *	entitlement=NAME	entitlement name (glob)
 *	person=ID		employee id, login or display name (glob)
 *	since=CAMPAIGN		micro-certification: only grants first seen
 *				after that campaign was created
 * An empty scope is every privileged grant (tier 0-2).
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
 * transaction that also appends to the audit chain; a refused action
 * changes nothing and says why in e (PARC_EUSAGE).
 */
#ifndef PARC_CAMPAIGN_H
#define PARC_CAMPAIGN_H

#include <stdint.h>

#include "db/db.h"
#include "db/role.h"
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

/*
 * Check a scope expression without a database (for option parsing):
 * PARC_EUSAGE naming the bad term.
 */
int campaign_scope_check(const char *scope, struct err *e);

/*
 * Create campaign s and open it, freezing its items, as admin a. *id and
 * *nitems (either may be NULL) get the new campaign's id and item count.
 * A non-admin, a duplicate name, a bad date, scope or recurrence are
 * refused; a scope matching nothing still creates the (empty) campaign.
 */
int campaign_create(struct db *db, const struct actor *a,
    const struct campaign_spec *s, int64_t *id, int64_t *nitems, struct err *e);

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

/*
 * Close campaign name as admin a. With pending items it needs force and a
 * default outcome, "keep" or "revoke", which is recorded on the campaign
 * (a pending item then counts as that outcome; revoke makes it subject to
 * remediation tracking). *pending (may be NULL) gets how many were left.
 */
int campaign_close(struct db *db, const struct actor *a, const char *name,
    int force, const char *outcome, int64_t *pending, struct err *e);

struct tick_stats {
	int64_t opened;	   /* new instances of recurring campaigns */
	int64_t overdue;   /* items newly marked overdue */
	int64_t reentered; /* expiring exceptions brought back for review */
};

/*
 * The periodic work, for cron or a systemd timer: open the next instance
 * of every recurring campaign whose period has passed (same scope and
 * reviewer rule, fresh frozen items, plus the exceptions of earlier
 * campaigns that expire within the new period, named NAME-2, NAME-3 ...),
 * and mark pending items of open campaigns past their due date overdue.
 * Idempotent: a second tick at the same time opens and marks nothing. now
 * is ISO 8601 or NULL for the clock. Audited as actor a (may be NULL:
 * "parc").
 */
int campaign_tick(struct db *db, const struct actor *a, const char *now,
    struct tick_stats *st, struct err *e);

/* ---- review items ---- */

enum item_state {
	ITEMS_ALL = 0,
	ITEMS_PENDING, /* decision pending */
	ITEMS_DECIDED, /* anything but pending */
};

/* Which items to walk. Zeroed: every item of every campaign. */
struct item_filter {
	const char *campaign; /* campaign name, or NULL */
	const char *reviewer; /* reviewer login (a queue), or NULL */
	enum item_state state;
	int with_findings; /* only items with at least one finding */
	const char *text;  /* substring of account, person, entitlement */
	int64_t after_id;  /* keyset: only ids greater than this */
	int64_t limit;	   /* at most this many; 0: no limit */
};

struct item_row {
	int64_t id;
	int64_t campaign_id;
	const char *campaign;
	const char *source, *source_kind, *host;
	const char *account, *account_ext_id;
	const char *person, *employee_id; /* NULL: tied to nobody */
	const char *entitlement, *entitlement_ext_id;
	int tier; /* -1 unclassified */
	const char *reason;
	const char *path;      /* JSON array of hop names, frozen */
	const char *last_used; /* ISO 8601 or NULL, frozen */
	/* JSON array of {kind, severity, evidence, techniques}, frozen */
	const char *findings;
	int nfindings;
	const char *reviewer;	     /* login, or NULL: unassigned */
	const char *reassigned_from; /* why the rule's reviewer was not used */
	const char *decision;	     /* pending, approve, revoke, exception */
	const char *until;	     /* exception expiry (YYYY-MM-DD) or NULL */
	const char *comment;
	const char *decided_by, *decided_at;
	const char *overdue_at;	   /* set by tick, or NULL */
	const char *remediated_at; /* revoked and seen gone, or NULL */
	int grant_present;	   /* the live grant still exists */
};

/*
 * Call fn for every item matching f, by id. Strings live during the call.
 * A non-zero return from fn stops the walk and is returned.
 */
int item_query(struct db *db, const struct item_filter *f,
    int (*fn)(const struct item_row *r, void *arg), void *arg, struct err *e);

/* Number of items matching f (after_id and limit ignored). */
int64_t item_count(struct db *db, const struct item_filter *f);

/* Call fn once for item id; PARC_ENOTFOUND when there is none. */
int item_get(struct db *db, int64_t id,
    int (*fn)(const struct item_row *r, void *arg), void *arg, struct err *e);

struct decision_row {
	int64_t id;
	int64_t item_id;
	const char *decision; /* approve, revoke, exception, delegate, undo */
	const char *until, *comment, *delegate;
	const char *decided_by; /* the effective login */
	const char *acted_by;	/* the admin who used --as, or NULL */
	const char *decided_at;
};

/*
 * Call fn for every decision ever taken on item id, oldest first (the
 * item's history, and what evidence prints).
 */
int item_history(struct db *db, int64_t id,
    int (*fn)(const struct decision_row *r, void *arg), void *arg,
    struct err *e);

/*
 * Earlier decisions on the same grant (same source, account and
 * entitlement) in other campaigns, newest first: "approved by bob in
 * 2026-Q2".
 */
int item_prior(struct db *db, int64_t id,
    int (*fn)(const struct item_row *r, void *arg), void *arg, struct err *e);

/* ---- decisions ---- */

struct decide_req {
	/* approve, revoke, exception, delegate, or undo (back to pending) */
	const char *decision;
	const char *comment; /* justification */
	const char *until;   /* exception: YYYY-MM-DD, in the future */
	const char *to;	     /* delegate: the new reviewer's login */
};

/*
 * Decide item id as a. The rules, each refusal changing nothing:
 * the campaign must be open; a decides only items assigned to its
 * effective login (an admin acts for a reviewer with --as); an auditor
 * decides nothing; nobody decides an item about their own access; revoke
 * and exception need a comment, exception an until date in the future,
 * approve a comment when the item has findings; delegate needs to (not the
 * item's person). A decision can change while the campaign is open; every
 * change is kept (item_history) and chained into the audit trail. One
 * short transaction, retried while another process holds the lock, so
 * many reviewers can decide at once.
 */
int item_decide(struct db *db, const struct actor *a, int64_t id,
    const struct decide_req *r, struct err *e);

/*
 * Decide the n items ids the same way, all or nothing, in one transaction
 * (the first refusal names its item and changes nothing).
 */
int item_decide_bulk(struct db *db, const struct actor *a, const int64_t *ids,
    size_t n, const struct decide_req *r, struct err *e);

/* ---- exceptions register ---- */

struct exception_row {
	int64_t item_id;
	const char *campaign;
	const char *source, *account, *person, *entitlement;
	const char *owner;	   /* who granted the exception */
	const char *justification; /* the comment: compensating control */
	const char *until;	   /* expiry */
	const char *decided_at;
	int expired; /* until is past */
	int grant_present;
};

/*
 * Call fn for every exception in force or expired (the latest decision of
 * its item is exception), by expiry. Strings live during the call.
 */
int exception_list(struct db *db,
    int (*fn)(const struct exception_row *r, void *arg), void *arg,
    struct err *e);

#endif
