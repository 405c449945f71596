/*
 * progress.h - the campaign owner's view: how far each reviewer is, and
 * the campaign's burn-down (what `parc campaign progress`, the console's
 * progress screen and the owner's summary mail show).
 *
 * Everything is read from the review items as they stand: an item is
 * decided when its decision is not pending, overdue when tick marked it
 * and it is still pending, and a reviewer's last activity is the latest
 * decided_at among the items they decided in the campaign.
 */
#ifndef PARC_PROGRESS_H
#define PARC_PROGRESS_H

#include <stdint.h>

#include "db/db.h"
#include "lib/err.h"

struct progress_row {
	const char *reviewer; /* login, or NULL: the unassigned items */
	const char *name;     /* the reviewer's display name (HR), or NULL */
	const char *email;    /* the reviewer's address (HR), or NULL */
	int64_t items, decided, pending, overdue;
	const char *last_activity; /* ISO 8601, or NULL: nothing decided */
};

/*
 * Call fn once per reviewer of campaign id (and once for its unassigned
 * items, reviewer NULL, when it has any), by reviewer login. Strings live
 * during the call; a non-zero return from fn stops and is returned.
 */
int progress_reviewers(struct db *db, int64_t id,
    int (*fn)(const struct progress_row *r, void *arg), void *arg,
    struct err *e);

/*
 * The burn-down of campaign id: fn(day, pending, arg) for each day from
 * the day it opened to the last day (inclusive, YYYY-MM-DD, at most 400
 * days) with the items still pending at the end of that day, counting
 * the decisions that stand now by their decided_at. last is a date or
 * NULL for the earlier of today and the campaign's closing day.
 */
int progress_burndown(struct db *db, int64_t id, const char *last,
    int (*fn)(const char *day, int64_t pending, void *arg), void *arg,
    struct err *e);

#endif
