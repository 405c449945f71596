/*
 * conflict.h - conflicted reviewers: after a campaign's items are frozen,
 * an item whose reviewer has a stake in it goes to the fallback, and
 * reassigned_from says why (as for self-review, db/campaign.h):
 *
 *	holds      the reviewer holds the same entitlement ("bob holds
 *	           Domain Admins too")
 *	admin      the reviewer manages a group on the item's path (AD's
 *	           managedBy: they can add and remove its members); not under
 *	           the owner rule, where the group's owner reviewing it is
 *	           the point
 *	path       the reviewer is a member of a group on the item's path,
 *	           or a hop on the path bears the reviewer's login (an
 *	           account of theirs no people data ties to them)
 *
 * The reviewer's accounts are those tied to the person with the
 * reviewer's login (principal.identity_id). A fallback that is the
 * conflicted reviewer leaves the item unassigned (reviewer NULL) for an
 * admin to delegate.
 */
#ifndef PARC_CONFLICT_H
#define PARC_CONFLICT_H

#include <stdint.h>

#include "db/db.h"
#include "lib/err.h"

/*
 * Reassign the conflicted items of campaign id, inside the caller's
 * transaction, in one set-based UPDATE over the campaign's items. rule is
 * the campaign's reviewer rule, fallback the fallback login. *n (may be
 * NULL) gets how many items moved.
 */
int conflict_reassign(struct db *db, int64_t id, const char *rule,
    const char *fallback, int64_t *n, struct err *e);

#endif
