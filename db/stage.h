/*
 * stage.h - two-stage campaigns: an item approved in the first stage that
 * is tier 0 or flagged (as the campaign's stage2_when says) goes on to a
 * second reviewer, the entitlement's owner or a fixed login (the IAM
 * team), whose decision is the item's; a revoke at any stage stands.
 *
 * The move is a delegation by "parc stage 2" recorded like any other (a
 * decision row, the item's reviewer and note, a "delegate" audit event),
 * so verify checks it and the evidence shows it: its comment says what
 * the first stage decided, by whom and when. An item whose second
 * reviewer would be its first one, or the person, goes to the campaign's
 * fallback, and stays decided when that is no one else either.
 */
#ifndef PARC_STAGE_H
#define PARC_STAGE_H

#include <stdint.h>

#include "db/db.h"
#include "lib/err.h"

/* decided_by of the moves to the second stage. */
#define STAGE_ACTOR "parc stage 2"

/*
 * Whether when ("tier0,flagged", "all", ...; NULL: "tier0,flagged") is a
 * valid stage2_when: 0, or PARC_EUSAGE naming the bad word.
 */
int stage_when_check(const char *when, struct err *e);

/*
 * After item id was decided decision by who (a login) at now, inside the
 * caller's transaction: move it to the second stage when its campaign has
 * one and it qualifies. *moved (may be NULL) gets 1 when it moved.
 */
int stage_after_decision(struct db *db, int64_t id, const char *decision,
    const char *who, const char *comment, const char *now, int *moved,
    struct err *e);

#endif
