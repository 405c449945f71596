/*
 * campaign_int.h - what db/campaign.c and db/campaign_close.c share.
 */
#ifndef PARC_CAMPAIGN_INT_H
#define PARC_CAMPAIGN_INT_H

#include <stdint.h>

#include "db/db.h"
#include "lib/err.h"

/*
 * Close every open campaign with an auto_close outcome whose due date is
 * before the day of now (ISO 8601), as who (an actor label), each in its
 * own transaction; *n gets how many were closed.
 */
int campaign_auto_close_due(struct db *db, const char *who, const char *now,
    int64_t *n, struct err *e);

#endif
