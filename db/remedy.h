/*
 * remedy.h - what remediation needs to know about revoked review items:
 * the frozen item joined with where the live grant is granted.
 *
 * A review item freezes what the reviewer saw (names, the path), but
 * taking a grant away needs the place it is granted: the group the account
 * is a direct member of (the first hop of the path, with its external id,
 * a DN or SID for a directory), or the assignment (its origin, such as
 * "/etc/sudoers.d/ops:12", and who holds it). Those come from the live
 * model through the item's grant_id, so they are known only while the
 * grant still exists; a grant already gone needs no action.
 */
#ifndef PARC_REMEDY_H
#define PARC_REMEDY_H

#include <stdint.h>

#include "db/db.h"
#include "lib/err.h"

struct remedy_row {
	int64_t item_id;
	const char *source, *source_kind, *host;
	const char *account, *account_ext_id;
	const char *entitlement, *entitlement_ext_id;
	const char *path;     /* JSON array of hop names, frozen */
	const char *decision; /* revoke, or pending when closed as revoke */
	const char *comment;  /* the justification */
	/* decided_by names the admin who entered it too, as item.h's */
	const char *decided_by, *decided_at;
	const char *remediated_at; /* seen gone after a later sync, or NULL */
	int grant_present;	   /* the live grant still exists */
	/* The rest is NULL when the grant is gone. */
	const char *via_group;	      /* the direct group (path's first hop) */
	const char *via_group_ext_id; /* its external id (DN, SID ...) */
	const char *origin;   /* the assignment's origin (file:line ...) */
	const char *assignee; /* who holds the assignment (account/group) */
	const char *assignee_ext_id;
	const char *scope; /* the entitlement's scope */
	const char *entitlement_kind;
	const char *entitlement_attrs; /* JSON object or NULL */
};

/*
 * Call fn for every item of campaign name to take away: decided revoke,
 * or left pending in a campaign closed with the default "revoke"; by
 * source, host and item id. Strings live only during the call.
 * PARC_ENOTFOUND when there is no such campaign.
 */
int remedy_query(struct db *db, const char *campaign,
    int (*fn)(const struct remedy_row *r, void *arg), void *arg, struct err *e);

#endif
