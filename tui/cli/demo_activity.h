/*
 * demo_activity.h - the demo campaign part-way through, so the campaign
 * owner's view (parc campaign progress, the console's o) has something to
 * say: of the managers (not the caller, the fallback, nor the one parc
 * demo opens the console as, whose queues stay whole), the one with the
 * most items approved all of them a few seconds apart a day after it
 * opened (a rubber stamp), the next one decided half with care over an
 * afternoon; the others have decided nothing (behind).
 */
#ifndef PARC_DEMO_ACTIVITY_H
#define PARC_DEMO_ACTIVITY_H

#include <stdint.h>

#include "db/db.h"
#include "db/role.h"
#include "lib/err.h"

/*
 * Plant that history in campaign id (opened at opened, ISO 8601 UTC) as
 * admin a, acting for each reviewer with --as (recorded as such), at
 * times between opened and now. Returns 0 or the first error.
 */
int demo_activity(struct db *db, const struct actor *a, int64_t id,
    const char *opened, struct err *e);

#endif
