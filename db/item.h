/*
 * item.h - review items: the frozen copy of one grant and its findings
 * that a campaign puts before a reviewer, and the one way the command
 * line, the console and the reports read them.
 *
 * A campaign freezes, at creation, one item per privileged grant in its
 * scope: source, host, account, person, entitlement, tier, the path that
 * gives it, last use and its findings (JSON). Later syncs change nothing
 * an item shows; only grant_id (set NULL when the grant goes) and
 * remediated_at follow the live data.
 *
 * Items are read by keyset pagination: a page is "the n rows after (or
 * before) this row in this order", so opening, scrolling and paging cost
 * one indexed range read of a screenful whatever the campaign's size, and
 * nothing is ever loaded whole. A row's position is its struct
 * db_item_key.
 */
#ifndef PARC_ITEM_H
#define PARC_ITEM_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "lib/err.h"

/* Where a row sits in an order: compare (flag, text, id). */
struct db_item_key {
	int flag;   /* 0 flagged, 1 not (flagged sort first) */
	char *text; /* the order's text column, malloc'd, or NULL */
	int64_t id; /* review_item id */
};

struct item_row {
	int64_t id;
	int64_t campaign_id;
	const char *campaign;
	const char *source, *source_kind, *host;
	const char *account, *account_ext_id;
	const char *person, *employee_id; /* NULL: tied to nobody */
	const char *entitlement, *entitlement_ext_id;
	int tier; /* -1 unclassified */
	const char *reason;
	const char *path;      /* JSON array of hop names, frozen */
	const char *last_used; /* ISO 8601 or NULL, frozen */
	/* JSON array of {kind, severity, evidence, techniques}, frozen */
	const char *findings;
	int nfindings;
	const char *flags; /* comma list of the findings' kinds, "" if none */
	const char *reviewer;	     /* login, or NULL: unassigned */
	const char *reassigned_from; /* why the rule's reviewer was not used */
	const char *decision;	     /* pending, approve, revoke, exception */
	const char *until;	     /* exception expiry (YYYY-MM-DD) or NULL */
	const char *comment;
	/* who decided: "lwasowski, entered by root" when an admin entered
	 * it for the reviewer (DB_DECIDER_SQL); decided_at when */
	const char *decided_by, *decided_at;
	const char *overdue_at;	   /* set by tick, or NULL */
	const char *remediated_at; /* revoked and seen gone, or NULL */
	int grant_present;	   /* the live grant still exists */
	/*
	 * Against the query's prior_campaign: -1 not asked (or no earlier
	 * campaign), 0 new since it (the same grant was not in it), 1 in it,
	 * 2 in it approved, with the same path, tier and finding kinds.
	 */
	int prior;
	struct db_item_key key; /* in the page's order; borrowed */
};

enum db_item_order {
	DB_ORDER_PERSON,      /* flagged first, then by person, then item id */
	DB_ORDER_ENTITLEMENT, /* flagged first, then by entitlement */
	DB_ORDER_ID,	      /* campaign order (item id) */
	/*
	 * Without an index of their own (db_items_order_indexed): read
	 * whole and sorted, for a queue of at most 20,000 items or a filter
	 * that the trigram index narrows.
	 */
	DB_ORDER_TIER,	   /* tier 0 first (unclassified last), by person */
	DB_ORDER_SEVERITY, /* the most severe finding first, by person */
	DB_ORDER_LASTUSED, /* the longest unused first (unknown last) */
	DB_ORDER_COUNT
};

/* Whether order o is read from an index whatever the queue's size. */
int db_items_order_indexed(enum db_item_order o);

enum db_page_dir {
	DB_PAGE_FROM,	/* rows at or after the key, in order */
	DB_PAGE_AFTER,	/* rows strictly after the key, in order */
	DB_PAGE_BEFORE, /* rows strictly before the key, nearest first */
	DB_PAGE_FIRST,	/* the first rows (key ignored), in order */
	DB_PAGE_LAST,	/* the last rows (key ignored), last first */
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

/*
 * Which items to read. Zeroed: every item of every campaign, flagged
 * first, by person; DB_ORDER_ID reads them in campaign order.
 */
struct db_item_query {
	int64_t campaign;     /* campaign id, or 0: every campaign */
	const char *reviewer; /* only this reviewer's items, or NULL: all */
	enum db_item_order order;
	const char *filter; /* substring of person, account, entitlement,
			     * source, host or findings (ASCII letters in
			     * any case), or NULL */
	int pending_only;   /* only undecided items */
	int with_findings;  /* only items with at least one finding */
	/* Each row's prior against this earlier campaign (0: not asked);
	 * one index lookup a row (db_campaign_previous gives it). */
	int64_t prior_campaign;
	/* How the filter is read (enum db_filter_plan), set by
	 * db_items_plan_filter(). */
	int filter_plan;
	char filter_match[256]; /* the index query of that plan */
};

/*
 * Whether q's queue (its campaign and reviewer, filter aside) holds more
 * than 20,000 items: an index-only count that stops there.
 */
int db_items_queue_large(struct db *db, const struct db_item_query *q);

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

/* Forget the filter's per-trigram item counts kept for the process (the
 * index has grown: db_items_index_step). */
void db_items_terms_forget(void);

/*
 * Whether every item of campaign (0: of every campaign) is in the
 * filter's trigram index (db_items_index_step); an error reads as not
 * (the filter then reads the items: slower, the same rows).
 */
int db_items_indexed(struct db *db, int64_t campaign);

/*
 * Put up to batch more items of campaign (0: of the first campaign that
 * has any) in the filter's trigram index, which campaign create leaves
 * for later (schema v_i19camp2), in one transaction of its own (call it
 * outside one); *left gets how many items of that campaign (or, with 0,
 * of every campaign) are still to be indexed. Until a campaign's are all
 * in, a filter over it reads its items in order (the same rows, slower
 * on a large queue). Never waits for another writer: returns 1 when the
 * database is busy (try again later; *left is -1), 0 when done, or a
 * PARC_E code. Cost: about 16 us an item, 25 us in batches of 5,000.
 */
int db_items_index_step(struct db *db, int64_t campaign, size_t batch,
    int64_t *left, struct err *e);

/*
 * Put the index's settings that a batch raises for its commit back to
 * their defaults if they are still raised (another writer held the
 * database when the batch tried, or the process died before), waiting
 * for other writers as every write does. parc tick calls it.
 */
int db_items_index_settle(struct db *db, struct err *e);

/*
 * The same, but the batch is undone and 1 returned (*left -1) as soon as
 * stop() returns non-zero while its items are read (asked every few
 * microseconds): the console stops for a key.
 */
int db_items_index_step_until(struct db *db, int64_t campaign, size_t batch,
    int (*stop)(void), int64_t *left, struct err *e);

/*
 * Call fn for at most limit items of q (0: no limit), from key in
 * direction dir (see enum db_page_dir; key may be NULL for FIRST and
 * LAST). Strings live only during the call. A non-zero return from fn
 * stops the walk and is returned. Cost: one index range read of limit
 * rows (plus, with a filter, the rows it skips), with q->campaign set;
 * every campaign's items (q->campaign 0) are read in order by id (the
 * command line, the reports), sorted otherwise.
 */
int db_items_page(struct db *db, const struct db_item_query *q,
    const struct db_item_key *key, enum db_page_dir dir, size_t limit,
    int (*fn)(const struct item_row *row, void *arg), void *arg, struct err *e);

struct db_item_counts {
	int64_t items, pending, flagged, approved, revoked, exceptions;
};

/*
 * The campaign before campaign, to mark what is new since it and what
 * was approved in it unchanged: the previous instance of its recurring
 * series, else the latest earlier campaign of the same scope; 0 in *prev
 * when there is none.
 */
int db_campaign_previous(struct db *db, int64_t campaign, int64_t *prev,
    struct err *e);

/*
 * Call fn with the ids of at most limit pending items of q's queue
 * (campaign and reviewer; filter and order ignored) whose grant was
 * approved in q->prior_campaign with the same path, tier and finding
 * kinds, by id. Cost: the queue's pending items, one index lookup each.
 */
int db_items_unchanged_approved(struct db *db, const struct db_item_query *q,
    size_t limit, int (*fn)(int64_t id, void *arg), void *arg, struct err *e);

/* Count q's items (its filter and pending_only ignored). */
int db_items_count(struct db *db, const struct db_item_query *q,
    struct db_item_counts *c, struct err *e);

/* Call fn once for item id; PARC_ENOTFOUND when there is none. */
int item_get(struct db *db, int64_t id,
    int (*fn)(const struct item_row *r, void *arg), void *arg, struct err *e);

/*
 * Earlier decisions on the same grant (same source, account and
 * entitlement) in other campaigns, newest first: "approved by bob in
 * 2026-Q2".
 */
int item_prior(struct db *db, int64_t id,
    int (*fn)(const struct item_row *r, void *arg), void *arg, struct err *e);

/*
 * The review items of campaign (0: of every campaign, open ones first,
 * the newest first) that hold finding (a finding's id): those frozen from
 * its grant, or from the grants of its account or of its person's
 * accounts, whose frozen findings carry its kind; pending first, then by
 * id, at most 5,000. *n gets how many fn was called for (0 when
 * none holds it: the finding came after the campaign, or is on a source).
 */
int item_for_finding(struct db *db, int64_t finding, int64_t campaign,
    int (*fn)(const struct item_row *r, void *arg), void *arg, int *n,
    struct err *e);

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

/* Free what a key owns and reset it; NULL is a no-op. */
void db_item_key_clear(struct db_item_key *k);

/* Copy src into dst (dst cleared first). */
void db_item_key_copy(struct db_item_key *dst, const struct db_item_key *src);

#endif
