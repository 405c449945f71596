/*
 * count.h - the campaigns' counts (campaign_count and
 * campaign_reviewer_count, schema v_issue19camp):
 * kept by triggers in the transaction of every change to a review item,
 * read by the campaigns list, checked against the items by verify.
 */
#ifndef PARC_COUNT_H
#define PARC_COUNT_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "lib/err.h"

/*
 * Reviewer's items in campaign into *items and the pending ones into
 * *pending (0 and 0 when they review none), from the kept counts: one
 * row read, whatever the campaign's size. reviewer NULL: the unassigned
 * items. Returns 0 or PARC_EDB.
 */
int count_reviewer(struct db *db, int64_t campaign, const char *reviewer,
    int64_t *items, int64_t *pending, struct err *e);

/*
 * Count every campaign's items again and compare with its campaign_count
 * row and its reviewers' campaign_reviewer_count rows. Returns 0 with
 * *bad = 0 when they agree; else *bad is the first campaign that
 * disagrees (by id) and what a sentence naming it and the count at
 * fault. PARC_EDB (in e) when the database cannot be read.
 */
int count_check(struct db *db, int64_t *bad, char *what, size_t len,
    struct err *e);

#endif
