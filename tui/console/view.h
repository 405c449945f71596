/*
 * view.h - the console's screens as views (after tig's struct view_ops).
 *
 * A view fills rows of plain cells (text + style) from db/ queries and never
 * calls curses: what a screen shows is computed here and tested without a
 * terminal (tests/unit/test_views.c); draw.c paints the cells and display.c
 * owns the terminal. Text in cells is raw data: it is escaped (control
 * characters made visible) and cut to its column when formatted, by
 * view_format_row(), the one function both the painter and the tests use.
 *
 * Two kinds of list: a small view (campaigns, sources, a detail page)
 * loads all its rows; a paged view (a campaign's items) holds only the
 * window on screen and asks its page function for the rows after or
 * before it (keyset pagination), so its cost and memory do not grow with
 * the campaign.
 */
#ifndef PARC_VIEW_H
#define PARC_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "db/item.h"
#include "db/role.h"
#include "db/vocab.h"
#include "lib/err.h"
#include "lib/sb.h"
#include "tui/console/request.h"

enum style {
	ST_NORMAL = 0,
	ST_TITLE,    /* the top line */
	ST_HEADER,   /* column titles, section headings */
	ST_STATUS,   /* the status line */
	ST_CURSOR,   /* the row under the cursor (draw.c adds it) */
	ST_FLAG,     /* a finding: dormant, shared, ... */
	ST_DANGER,   /* tier 0, revoke, failed sync, overdue */
	ST_GOOD,     /* approve, ok */
	ST_WARN,     /* exception, delegated, pending past due */
	ST_DIM,	     /* repeated group value, unknown */
	ST_SELECTED, /* marked for a bulk decision */
	ST_COUNT
};

struct cell {
	char *text; /* malloc'd raw text, never NULL */
	int style;
};

struct row {
	struct cell *cells;
	int ncells;
	int style;    /* the whole row's style under the cells' own */
	int selected; /* marked for bulk (paged views) */
	int64_t id;   /* what the row is about (item id, campaign id) */
	struct db_item_key key; /* paged views: where it sits in the order */
	char *aux;		/* view-specific text (campaign name, flags) */
};

struct column {
	const char *title;
	int min, max; /* widths; max 0: as wide as there is room */
	int drop;     /* dropped first when the screen is narrow: higher */
	int right;    /* right-aligned */
};

struct console;
struct view;

/* What a request did, for the main loop (after htop's handlers). */
enum view_result {
	VR_NONE = 0,  /* nothing to redraw */
	VR_REDRAW,    /* repaint from the rows held */
	VR_RELOAD,    /* fetch the window again, then repaint */
	VR_BACK,      /* close this view, show the one below */
	VR_QUIT,      /* leave the console */
	VR_UNHANDLED, /* not this view's request: the console's */
};

/* Where Enter on a row leads (view_ops.follow). */
enum view_link_kind {
	LINK_NONE = 0, /* nowhere */
	LINK_ITEM,     /* a review item's detail */
	LINK_GRANT,    /* the review item of a grant (id 0: not on a grant) */
	LINK_FINDING,  /* the review items that hold a finding (id) */
	LINK_CAMPAIGN, /* a campaign's queue */
};

struct view_link {
	enum view_link_kind kind;
	int64_t id;	  /* LINK_ITEM: the item; LINK_GRANT: the grant */
	const char *name; /* LINK_CAMPAIGN: its name; LINK_FINDING: what it
			   * is ("shared on bob"); lives as the row */
};

/* Which items a decision went to (view_ops.decided). */
enum view_decided {
	VD_CURRENT, /* the item under the cursor or on the page: move on */
	VD_MARKED,  /* the items marked on this view: unmark them */
	VD_OTHER,   /* others: an undo, a decision on a screen above */
};

/*
 * A screen. Slots a screen does not need are left NULL (0); each says
 * what NULL means, so the console asks a view what it can do and never
 * which view it is.
 */
struct view_ops {
	/*
	 * The request that shows this screen (REQ_QUEUE for the queue):
	 * asked for again, the console goes back down to it rather than
	 * opening a second one, and Tab goes round by it. REQ_NONE for a
	 * screen opened from a row (an item's detail).
	 */
	enum request shown_by;
	/* Set up v (columns, private state) and load the first rows. */
	int (*open)(struct view *v, struct err *e);
	/*
	 * Paged views: append to v at most n rows from r in direction dir
	 * (r NULL for DB_PAGE_FIRST/LAST) with view_add_row(); NULL for
	 * small views, whose open() loads everything and reload() again.
	 */
	int (*page)(struct view *v, const struct row *r, enum db_page_dir dir,
	    size_t n, struct err *e);
	/* Small views: load the rows again (after a change). May be NULL. */
	int (*reload)(struct view *v, struct err *e);
	/* The text of the title line into sb. */
	void (*title)(struct view *v, struct sb *sb);
	/* The status line's view part ("12 items, 5 pending") into sb. */
	void (*status)(struct view *v, struct sb *sb);
	/* Handle a request; VR_UNHANDLED passes it to the console. */
	enum view_result (
	    *request)(struct view *v, enum request req, struct err *e);
	/*
	 * Deferred work after the first paint (counts over a large
	 * campaign): return 1 when the screen should be painted again.
	 * May be NULL.
	 */
	int (*idle)(struct view *v, struct err *e);
	/* Free the private state. */
	void (*done)(struct view *v);
	/*
	 * Keep only the rows that hold text (NULL or "": all again) and
	 * fetch again; the console calls it at each key of the / prompt
	 * and sets v->filter through it. NULL: / does not filter here.
	 */
	int (*filter)(struct view *v, const char *text, struct err *e);
	/*
	 * The review item a decision taken here goes to: the one under the
	 * cursor or on the page, 0 when there is none. NULL: no decision is
	 * taken on this screen.
	 */
	int64_t (*item)(const struct view *v);
	/*
	 * The items marked for a bulk decision, in marking order, into *ids
	 * (the view's, valid until it changes); their count, 0 when none is
	 * marked (the decision goes to item()). NULL: nothing is marked here.
	 */
	size_t (*marked)(const struct view *v, const int64_t **ids);
	/*
	 * After a decision on items (how says which): count again, unmark,
	 * fetch the rows again, move on. NULL: the rows are fetched again
	 * (view_refresh).
	 */
	int (*decided)(struct view *v, enum view_decided how, struct err *e);
	/* Where Enter on the current row leads, into *to. NULL: nowhere. */
	void (*follow)(const struct view *v, struct view_link *to);
	/*
	 * The campaign under the cursor (a list of campaigns), or NULL when
	 * the list is empty; lives as the row. NULL: the campaign commands
	 * (evidence) act on the console's current campaign, and X (close)
	 * is not for this screen.
	 */
	const char *(*campaign)(const struct view *v);
	/* A wide screen shows the detail of item() beside this list. */
	int side_detail;
	/*
	 * A page about one item of the list below (an item's detail): j/k
	 * and n/N move the list below and this page shows its new item, as
	 * mutt's pager steps through the index.
	 */
	int steps_below;
};

struct view {
	const struct view_ops *ops;
	struct console *con; /* the console it lives in, or NULL in tests */
	struct db *db;
	const struct actor *actor;
	const struct column *cols;
	int ncols;
	int no_header; /* a page of text: no column titles */
	struct row *rows;
	size_t nrows, arows;
	size_t top;    /* small views: first row on screen */
	size_t cursor; /* index into rows */
	int height;    /* rows on screen */
	int width;     /* columns on screen */
	char *filter;  /* the / filter, or NULL; a small list keeps only
			* the rows one of whose cells holds it */
	int group_col; /* repeat of this column's value is dimmed, or -1 */
	void *priv;
};

/* ---- rows ---- */

/* Start a new row at the end of v's rows and return it (no cells yet). */
struct row *view_add_row(struct view *v);

/* Append a cell to r, text copied (NULL as ""), and return it. */
struct cell *row_add(struct row *r, const char *text, int style);

/* Append a printf-formatted cell to r. */
struct cell *row_addf(struct row *r, int style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Free rows [from, v->nrows) and set nrows to from. */
void view_truncate(struct view *v, size_t from);

/* ---- layout and text ---- */

/*
 * Work out the width of each of v's columns for a screen width columns
 * wide into widths[v->ncols]: every column gets its minimum, the rest is
 * shared out up to each maximum, and when the minimums do not fit the
 * columns with the highest drop are given 0 (not shown).
 */
void view_layout(const struct view *v, int width, int *widths);

/*
 * Append row i of v as one screen line to sb: each cell escaped
 * (sb_add_cell), cut or padded to its column width, one space between
 * columns; a view without columns gives its single cell the whole width.
 * In the group column, a value equal to the previous row's is left blank
 * (the rows read as groups). When offs is not NULL, cell c occupies bytes
 * [offs[c], offs[c + 1]) of the line (offs has ncols + 1 entries, counted
 * from the line's start in sb).
 */
void view_format_row(const struct view *v, size_t i, const int *widths,
    struct sb *sb, size_t *offs);

/* The column titles as one line (same layout). */
void view_format_header(const struct view *v, const int *widths, struct sb *sb);

/* The style a word of db/vocab.h is shown in. */
int view_tone_style(enum vocab_tone t);

/*
 * The style of a finding of severity name (db/vocab.h): critical in
 * ST_DANGER, high in ST_FLAG, medium in ST_WARN, low in ST_DIM, so no two
 * look alike, with colour or without (NO_COLOR: bold, bold, underline,
 * dim); an unknown severity is ST_FLAG.
 */
int view_severity_style(const char *name);

/*
 * The style of a frozen findings array (review_item.findings, JSON): that
 * of its most severe finding, ST_FLAG when none says its severity, and
 * ST_NORMAL when there is no finding.
 */
int view_findings_style(const char *findings);

/* ---- moving ---- */

/* Open v with ops: v is zeroed and filled; ops->open runs. */
int view_open(struct view *v, const struct view_ops *ops, struct db *db,
    const struct actor *actor, int height, int width, struct err *e);

/* Close v: ops->done, rows freed. */
void view_close(struct view *v);

/*
 * Move the cursor by delta rows (negative: up), fetching rows into a paged
 * view's window as needed. Returns VR_REDRAW when the cursor or window
 * moved, VR_NONE at an end.
 */
enum view_result view_move(struct view *v, long delta, struct err *e);

/* A page down (dir 1) or up (-1): the window moves, the cursor stays. */
enum view_result view_page(struct view *v, int dir, struct err *e);

/* Go to the first (end 0) or last (end 1) row. */
enum view_result view_end(struct view *v, int end, struct err *e);

/*
 * Fetch the window again from its first row (after a decision, a filter
 * change, a resize), keeping the cursor on the same item when it is still
 * there. A small view reloads all.
 */
int view_refresh(struct view *v, struct err *e);

/* Set the height (rows on screen) and width; refetch a paged view. */
int view_resize(struct view *v, int height, int width, struct err *e);

/* ---- what the console asks a view (view_ops slots with their defaults) ----
 */

/* ops->filter, or PARC_EUSAGE when the view has no filter. */
int view_filter(struct view *v, const char *text, struct err *e);

/*
 * The filter of a small list (its filter slot): set v->filter and load the
 * rows again, keeping those one of whose cells holds the text.
 */
int view_filter_rows(struct view *v, const char *text, struct err *e);

/* ops->item, or 0. */
int64_t view_item(const struct view *v);

/* ops->marked, or 0 (nothing marked). */
size_t view_marked(const struct view *v, const int64_t **ids);

/* ops->decided, or view_refresh(). */
int view_decided(struct view *v, enum view_decided how, struct err *e);

/*
 * The flags (finding kinds with counts, "no MFA (1), shared (2)") of n
 * review items ids, appended to sb: what a decision on them approves
 * despite. Nothing when none is flagged.
 */
int view_items_flags(struct db *db, const int64_t *ids, size_t n, struct sb *sb,
    struct err *e);

/* The row under the cursor, or NULL when the view is empty. */
const struct row *view_current(const struct view *v);

/* The index of the first row on screen. */
size_t view_top(const struct view *v);

#endif
