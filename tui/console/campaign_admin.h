/*
 * campaign_admin.h - the campaign work of admins from the console: create
 * a campaign (the bottom line asks its name, due date, scope and reviewer
 * rule), close the one under the cursor of the campaigns list (asking what
 * becomes of its pending items), and, with auditors, write a campaign's
 * evidence PDF. Each checks the actor's role first and says on the bottom
 * line what it did; db/campaign.h and reports/ do the work.
 */
#ifndef PARC_CAMPAIGN_ADMIN_H
#define PARC_CAMPAIGN_ADMIN_H

#include "tui/console/view.h"

struct console;

/* Create a campaign (admins); the screen on top is the campaigns list. */
enum view_result campaign_admin_create(struct console *c);

/*
 * Close the campaign under the cursor (admins), on a screen that has one
 * (view_ops.campaign: the campaigns list).
 */
enum view_result campaign_admin_close(struct console *c);

/*
 * Write the evidence PDF (admins, auditors) of the campaign under the
 * cursor, or of the current campaign on a screen without one, and say
 * where it went.
 */
enum view_result campaign_admin_evidence(struct console *c);

#endif
