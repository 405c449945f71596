/*
 * request.h - what a key asks the console to do, as one X-macro table (after
 * tig's requests): the enum, the names and the help text all come from it,
 * and the key bindings (tui/console/keys.c) map keys onto it, so the `?`
 * help page, generated from both, cannot drift from what the keys do.
 */
#ifndef PARC_REQUEST_H
#define PARC_REQUEST_H

/* X(NAME, "help text"), in the order the help page lists them. */
#define REQUESTS(X)                                                        \
	X(DOWN, "move down; in an item's detail: the next item")           \
	X(UP, "move up; in an item's detail: the previous item")           \
	X(SCROLL_DOWN, "move down; in an item's detail: scroll a line")    \
	X(SCROLL_UP, "move up; in an item's detail: scroll back a line")   \
	X(PAGE_DOWN, "next page")                                          \
	X(PAGE_UP, "previous page")                                        \
	X(TOP, "first row")                                                \
	X(BOTTOM, "last row")                                              \
	X(NEXT_PENDING, "next item still to decide (in a detail too)")     \
	X(PREV_PENDING, "previous item still to decide (in a detail too)") \
	X(ENTER, "open: a campaign's queue, an item's detail")             \
	X(BACK, "back to the previous screen (quit from the first)")       \
	X(FILTER, "filter as you type (Enter keeps it, Esc clears it)")    \
	X(SORT, "sort: person, tier, severity, last use, entitlement, id") \
	X(PENDING, "show only the items still to decide, or all")          \
	X(SCOPE, "admins: my items / every item of the campaign")          \
	X(APPROVE, "approve (asks why when the item has findings)")        \
	X(REVOKE, "revoke (asks for a justification)")                     \
	X(EXCEPTION, "exception (asks for an until-date and why)")         \
	X(DELEGATE, "delegate to another reviewer (asks for a login)")     \
	X(UNDO, "undo my last decision made in this console")              \
	X(SELECT, "mark or unmark for a bulk decision")                    \
	X(MARK_UNCHANGED,                                                  \
	    "mark the items approved unchanged last time (=; + is new)")   \
	X(CAMPAIGNS, "campaigns")                                          \
	X(CREATE,                                                          \
	    "admins: create a campaign (asks name, due, scope, reviewer)") \
	X(CLOSE, "admins: close the campaign under the cursor")            \
	X(EVIDENCE, "admins, auditors: write the campaign's evidence PDF") \
	X(PROGRESS, "the campaign's progress by reviewer (owner's view)")  \
	X(QUEUE, "my queue in the current campaign")                       \
	X(SOURCES, "sources and their last sync")                          \
	X(INVENTORY, "every privileged grant with its path")               \
	X(FINDINGS, "findings across sources, most severe first")          \
	X(NEXT_VIEW, "next screen: campaigns, queue, sources")             \
	X(REFRESH, "read the database again and repaint")                  \
	X(HELP, "this help")                                               \
	X(QUIT, "quit")

enum request {
	REQ_NONE = 0,
#define REQ_ENUM(name, help) REQ_##name,
	REQUESTS(REQ_ENUM)
#undef REQ_ENUM
	REQ_COUNT
};

/* The help text of req ("move down"), or "" for REQ_NONE. */
const char *request_help(enum request req);

/* The name of req in lower case with dashes ("page-down"). Static. */
const char *request_name(enum request req);

#endif
