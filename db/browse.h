/*
 * browse.h - the queries the review console pages through: campaigns, a
 * campaign's review items one screen at a time, an item's detail and its
 * history.
 *
 * Items are read by keyset pagination: a page is "the n rows after (or
 * before) this row in this order", so opening, scrolling and paging cost
 * one indexed range read of a screenful whatever the campaign's size, and
 * nothing is ever loaded whole. A row's position is its struct db_item_key.
 */
#ifndef PARC_BROWSE_H
#define PARC_BROWSE_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
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

/* ---- review items ---- */

enum db_item_order {
	DB_ORDER_PERSON,      /* flagged first, then by person, then item id */
	DB_ORDER_ENTITLEMENT, /* flagged first, then by entitlement */
	DB_ORDER_ID,	      /* campaign order (item id) */
};

enum db_page_dir {
	DB_PAGE_FROM,	/* rows at or after the key, in order */
	DB_PAGE_AFTER,	/* rows strictly after the key, in order */
	DB_PAGE_BEFORE, /* rows strictly before the key, nearest first */
	DB_PAGE_FIRST,	/* the first rows (key ignored), in order */
	DB_PAGE_LAST,	/* the last rows (key ignored), last first */
};

/* Where a row sits in an order: compare (flag, text, id). */
struct db_item_key {
	int flag;   /* 0 flagged, 1 not (flagged sort first) */
	char *text; /* the order's text column, malloc'd, or NULL */
	int64_t id; /* review_item id */
};

/* How a filter is read (db_items_plan_filter). */
enum db_filter_plan {
	DB_FILTER_UNPLANNED = 0, /* worked out on each page */
	DB_FILTER_INDEX,   /* few candidates from the trigram index, sorted */
	DB_FILTER_SCAN,	   /* under three characters: items read in order */
	DB_FILTER_ORDERED, /* many candidates: in item order (campaign order) */
	DB_FILTER_DEFERRED, /* under three characters on a queue of more than
			     * 20,000 items: not applied yet */
};

struct db_item_query {
	int64_t campaign;     /* campaign id */
	const char *reviewer; /* only this reviewer's items, or NULL: all */
	enum db_item_order order;
	const char *filter; /* substring of person, account, entitlement,
			     * source, host or findings (ASCII letters in
			     * any case), or NULL */
	int pending_only;   /* only undecided items */
	/* How the filter is read (enum db_filter_plan), set by
	 * db_items_plan_filter(). */
	int filter_plan;
	char filter_match[256]; /* the index query of that plan */
};

/*
 * Choose how q's filter is read and remember it in q->filter_plan: a
 * filter of three characters or more that few items hold (up to 10,000)
 * is looked up in the trigram index and its candidates are read and
 * sorted in q's order; one that many hold comes from the index in item
 * (campaign) order, a screenful at a time, whatever q's order, on a queue
 * of more than 20,000 items, and is checked on the items in q's order on
 * a smaller one. Under three characters a filter is checked on the items
 * of a small queue and waits for a third character on a large one
 * (DB_FILTER_DEFERRED: the pages come unfiltered). Call it whenever
 * q->filter changes.
 */
int db_items_plan_filter(struct db *db, struct db_item_query *q, struct err *e);

struct db_item_row {
	int64_t id;
	const char *source;
	const char *source_kind;
	const char *host;
	const char *account;
	const char *person; /* NULL: tied to nobody */
	const char *employee_id;
	const char *entitlement;
	int tier; /* -1 unclassified */
	const char *reason;
	const char *path;      /* JSON array of hop names */
	const char *last_used; /* ISO 8601 or NULL (unknown) */
	const char *flags;     /* comma list of finding kinds, "" if none */
	const char *reviewer;
	const char *decision; /* pending, approve, revoke, exception, ... */
	const char *until;
	const char *comment;
	const char *decided_by;
	const char *decided_at;
	struct db_item_key key; /* borrowed, like the strings */
};

/*
 * Call fn for at most limit items of q, from key in direction dir (see
 * enum db_page_dir; key may be NULL for FIRST and LAST). Strings live only
 * during the call. A non-zero return from fn stops the walk and is
 * returned. Cost: one index range read of limit rows (plus, with a filter,
 * the rows it skips).
 */
int db_items_page(struct db *db, const struct db_item_query *q,
    const struct db_item_key *key, enum db_page_dir dir, size_t limit,
    int (*fn)(const struct db_item_row *row, void *arg), void *arg,
    struct err *e);

struct db_item_counts {
	int64_t items, pending, flagged, approved, revoked, exceptions,
	    delegated;
};

/* Count q's items (its filter and pending_only ignored). */
int db_items_count(struct db *db, const struct db_item_query *q,
    struct db_item_counts *c, struct err *e);

struct db_item_finding {
	const char *kind;
	const char *severity; /* NULL when the frozen copy has none */
	const char *evidence;
	const char *techniques; /* comma list or NULL */
};

/*
 * Call fn for each finding frozen in item id, in the order recorded.
 * Strings live only during the call.
 */
int db_item_findings(struct db *db, int64_t id,
    int (*fn)(const struct db_item_finding *f, void *arg), void *arg,
    struct err *e);

/*
 * Call fn once per finding kind among the items ids[0..n) with how many
 * of them carry it, by kind (for "3 of them are dormant" before a bulk
 * decision).
 */
int db_items_flag_counts(struct db *db, const int64_t *ids, size_t n,
    int (*fn)(const char *kind, int64_t count, void *arg), void *arg,
    struct err *e);

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

/* Free what a key owns and reset it; NULL is a no-op. */
void db_item_key_clear(struct db_item_key *k);

/* Copy src into dst (dst cleared first). */
void db_item_key_copy(struct db_item_key *dst, const struct db_item_key *src);

#endif
