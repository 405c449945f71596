/*
 * console.h - the review console (parc review, parc demo): a stack of views
 * over one database, a main loop that owns the repaint (after htop), and
 * decisions taken from the keyboard through db/decision.h.
 */
#ifndef PARC_CONSOLE_H
#define PARC_CONSOLE_H

#include "db/db.h"
#include "db/role.h"
#include "lib/err.h"

/*
 * Take the terminal and run the console on db as actor a until the user
 * quits (q on the first screen, Q anywhere, SIGINT, SIGTERM): the queue
 * of campaign (a name; NULL: the open campaign with a's items due first),
 * else the campaigns list. Every decision is written when it is made, so
 * leaving at any moment loses nothing. The terminal is restored on every
 * way out. PARC_EIO when there is no terminal; PARC_ENOTFOUND for an
 * unknown campaign.
 *
 * With $PARC_SCREEN_DUMP set, the screen is written there as text after
 * each paint (for tests).
 */
int console_run(struct db *db, const struct actor *a, const char *campaign,
    struct err *e);

/*
 * parc demo's console: the campaign "demo" as the demo manager with the
 * most flagged items to review (as when not NULL: that login instead; the
 * caller is the demo's admin, so acting for anyone is allowed and
 * recorded). Without items to review it opens as the caller.
 */
int console_demo(struct db *db, const char *as, struct err *e);

#endif
