/*
 * views.h - the console's screens (one tui/console/view_*.c file each) and
 * how the console opens them. None calls curses; each is tested in
 * tests/unit/test_views.c from an in-memory database. Everything else the
 * console asks of a screen (its item, its marks, its filter, where Enter
 * leads) goes through the slots of its struct view_ops (view.h).
 */
#ifndef PARC_VIEWS_H
#define PARC_VIEWS_H

#include <stdint.h>

#include "tui/console/view.h"

/* Column indexes of the queue, for the painter's colours and the tests. */
enum queue_col {
	/* "!" flagged or "*" marked, then "+" new since the campaign before
	 * or "=" approved there unchanged */
	QC_MARK,
	QC_PERSON,
	QC_ACCOUNT,
	QC_SOURCE,
	QC_ENTITLEMENT,
	QC_TIER,
	QC_LASTUSED,
	QC_FLAGS,
	QC_DECISION,
	QC_REVIEWER, /* shown when the queue is not the user's own */
	QC_COUNT
};

/*
 * Open v as the review queue of campaign (id, name, due) for reviewer (a
 * login; NULL: every item, for admins and auditors), height rows of width
 * columns on screen. now is the clock for "412 days" (seconds since 1970).
 * Flagged items come first, grouped by person; the first screen costs one
 * indexed read of height rows, whatever the campaign's size.
 */
int view_queue_open(struct view *v, struct db *db, const struct actor *a,
    int64_t campaign, const char *name, const char *due, const char *reviewer,
    int64_t now, int height, int width, struct err *e);

/* Whether the queue shows every item (1) or the reviewer's (0). */
int view_queue_all(const struct view *v);

/* The campaign id of a queue view. */
int64_t view_queue_campaign(const struct view *v);

/* Open v as the detail page of review item id. */
int view_detail_open(struct view *v, struct db *db, const struct actor *a,
    int64_t id, int64_t now, int height, int width, struct err *e);

/* Open v as the campaigns list, with "my share" counted for who. */
int view_campaigns_open(struct view *v, struct db *db, const struct actor *a,
    const char *who, int64_t now, int height, int width, struct err *e);

/*
 * Open v as the findings triage list: every finding (the first 5,000),
 * most severe first, s cycling through the kinds. A row's id is the
 * finding's grant (0 when it is not on a grant).
 */
int view_findings_open(struct view *v, struct db *db, const struct actor *a,
    int height, int width, struct err *e);

/*
 * Open v as the review items of campaign that hold finding (its id), what
 * naming the finding in the title ("shared on Administrator"): Enter
 * opens an item's detail, and a decision goes to the item under the
 * cursor.
 */
int view_held_open(struct view *v, struct db *db, const struct actor *a,
    int64_t finding, int64_t campaign, const char *what, int height, int width,
    struct err *e);

/*
 * Open v as the inventory: every effective privileged grant (tier 0-2) by
 * grant id, a screenful at a time (keyset), with its path.
 */
int view_inventory_open(struct view *v, struct db *db, const struct actor *a,
    int64_t now, int height, int width, struct err *e);

/* Open v as the sources list (last run, counts, last error). */
int view_sources_open(struct view *v, struct db *db, const struct actor *a,
    int64_t now, int height, int width, struct err *e);

/*
 * Open v as the help page: one line per request with its keys, generated
 * from the request table and keys (a function giving the keys' labels).
 */
int view_help_open(struct view *v, void (*keys)(enum request r, struct sb *sb),
    int height, int width, struct err *e);

#endif
