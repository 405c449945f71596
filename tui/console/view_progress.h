/*
 * view_progress.h - the console's campaign owner's view (`o`): per
 * reviewer the items, decided, pending, overdue and last activity of a
 * campaign with the rubber-stamp signals its decisions show, sorted by
 * what s cycles through, and the burn-down on the
 * status line (reports/progress.h reads it all).
 */
#ifndef PARC_VIEW_PROGRESS_H
#define PARC_VIEW_PROGRESS_H

#include <stdint.h>

#include "tui/console/view.h"

/* Column indexes, for the tests. */
enum progress_col {
	PC_REVIEWER,
	PC_ITEMS,
	PC_DECIDED,
	PC_PENDING,
	PC_OVERDUE,
	PC_LAST,
	PC_SIGNALS, /* rubber-stamp signals (db/progress.h), or "" */
	PC_COUNT
};

/*
 * Open v as the progress of the campaign called name, most pending first,
 * height rows of width columns. now is the clock (seconds since 1970) for
 * "3 days ago". PARC_ENOTFOUND when there is no such campaign.
 */
int view_progress_open(struct view *v, struct db *db, const struct actor *a,
    const char *name, int64_t now, int height, int width, struct err *e);

#endif
