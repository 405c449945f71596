/*
 * decision.h - deciding review items (approve, revoke, exception until a
 * date, delegate to another reviewer, undo), and every item's history of
 * decisions.
 */
#ifndef PARC_DECISION_H
#define PARC_DECISION_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "db/role.h"
#include "lib/err.h"

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

/*
 * item_decide_bulk with now (ISO 8601 UTC) as the time of the decisions
 * instead of the clock: for a history planted on purpose (the demo's
 * campaign part-way through) and tests. The audit events are written at
 * the clock's time, as ever.
 */
int item_decide_bulk_at(struct db *db, const struct actor *a,
    const int64_t *ids, size_t n, const struct decide_req *r, const char *now,
    struct err *e);

#endif
