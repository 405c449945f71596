/*
 * count.h - the campaigns' counts (campaign_count, schema v_issue19camp):
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
 * Count every campaign's items again and compare with its campaign_count
 * row. Returns 0 with *bad = 0 when they agree; else *bad is the first
 * campaign that disagrees (by id) and what a sentence naming it and the
 * count at fault. PARC_EDB (in e) when the database cannot be read.
 */
int count_check(struct db *db, int64_t *bad, char *what, size_t len,
    struct err *e);

#endif
