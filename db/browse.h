/*
 * browse.h - what the review console looks up besides the items
 * (db/item.h): which campaign it opens into, whom the demo logs in as,
 * the item of a finding's grant, a person by login, and the inventory one
 * screenful at a time.
 */
#ifndef PARC_BROWSE_H
#define PARC_BROWSE_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "db/item.h"
#include "lib/err.h"

/* ---- campaigns ---- */

struct db_campaign_brief {
	int64_t id;		  /* 0: no campaign at all */
	char *name, *due, *state; /* malloc'd */
};

/*
 * The campaign the console opens into b: the one called name, else the
 * open campaign with the earliest due date that has items for who (any
 * open one when who has none, then the latest closed one). b->id is 0 when
 * there are no campaigns; a name that matches none is PARC_ENOTFOUND.
 * Release b with db_campaign_brief_release().
 */
int db_campaign_pick(struct db *db, const char *who, const char *name,
    struct db_campaign_brief *b, struct err *e);

/*
 * The reviewer with the most flagged items in campaign (then the most
 * items), into *login (malloc'd), or NULL when no item has a reviewer:
 * whom the demo logs in as.
 */
int db_campaign_top_reviewer(struct db *db, int64_t campaign, char **login,
    struct err *e);

/*
 * The review item of grant grant_id into *item, 0 when there is none:
 * where a finding's grant is decided. The one in campaign comes first,
 * then the latest open campaign's, then the latest.
 */
int db_item_for_grant(struct db *db, int64_t grant_id, int64_t campaign,
    int64_t *item, struct err *e);

/* Free what b holds and zero it. */
void db_campaign_brief_release(struct db_campaign_brief *b);

/* ---- people ---- */

/*
 * The display name of the active person whose login is login (any case)
 * into *name (malloc'd), or NULL when there is none: whom a delegation
 * goes to, shown before it is made.
 */
int db_person_by_login(struct db *db, const char *login, char **name,
    struct err *e);

/* ---- inventory ---- */

/*
 * Call fn for at most limit effective privileged grants (tier 0 to 2) by
 * grant id, from after_id (0: the first) in direction dir (DB_PAGE_AFTER
 * or DB_PAGE_FIRST in id order; DB_PAGE_BEFORE or DB_PAGE_LAST nearest
 * first): a screenful of `parc inventory` for the console, one primary-key
 * range read whatever the inventory's size. Rows as db_inventory() gives
 * them; strings live only during the call.
 */
int db_grants_page(struct db *db, int64_t after_id, enum db_page_dir dir,
    size_t limit, int (*fn)(const struct db_grant_row *row, void *arg),
    void *arg, struct err *e);

#endif
