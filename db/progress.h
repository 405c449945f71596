/*
 * progress.h - the campaign owner's view: how far each reviewer is, and
 * the campaign's burn-down (what `parc campaign progress`, the console's
 * progress screen and the owner's summary mail show).
 *
 * Everything is read from the review items as they stand: an item is
 * decided when its decision is not pending, overdue when tick marked it
 * and it is still pending, and a reviewer's last activity is the latest
 * decided_at among the items they decided in the campaign.
 */
#ifndef PARC_PROGRESS_H
#define PARC_PROGRESS_H

#include <stdint.h>

#include "db/db.h"
#include "lib/err.h"
#include "lib/sb.h"

struct progress_row {
	const char *reviewer; /* login, or NULL: the unassigned items */
	const char *name;     /* the reviewer's display name (HR), or NULL */
	const char *email;    /* the reviewer's address (HR), or NULL */
	int64_t items, decided, pending, overdue;
	const char *last_activity; /* ISO 8601, or NULL: nothing decided */
};

/*
 * Call fn once per reviewer of campaign id (and once for its unassigned
 * items, reviewer NULL, when it has any), by reviewer login. Strings live
 * during the call; a non-zero return from fn stops and is returned.
 */
int progress_reviewers(struct db *db, int64_t id,
    int (*fn)(const struct progress_row *r, void *arg), void *arg,
    struct err *e);

/*
 * The burn-down of campaign id: fn(day, pending, arg) for each day from
 * the day it opened to the last day (inclusive, YYYY-MM-DD, at most 400
 * days) with the items still pending at the end of that day, counting
 * the decisions that stand now by their decided_at. last is a date or
 * NULL for the earlier of today and the campaign's closing day.
 */
int progress_burndown(struct db *db, int64_t id, const char *last,
    int (*fn)(const char *day, int64_t pending, void *arg), void *arg,
    struct err *e);

/* ---- rubber-stamp signals ---- */

/* A run of this many approvals or more, each fast, is a signal. */
#define STAMP_RUN 5
/* Gaps longer than this (seconds) start a new sitting: not timed. */
#define STAMP_SITTING 3600
/* The default "fast": an approval within this many seconds of the last. */
#define STAMP_FAST_SECONDS 10

/* Which signals a reviewer shows (bits of stamp_row.signals). */
enum stamp_signal {
	STAMP_FAST_RUN = 1 << 0,    /* a run of STAMP_RUN fast approvals */
	STAMP_FLAGGED_OK = 1 << 1,  /* approved every flagged item decided */
	STAMP_APPROVED_ALL = 1 << 2 /* decided everything, all approved */
};

struct stamp_row {
	const char *reviewer; /* login */
	int64_t items;	      /* assigned to them in the campaign */
	int64_t decided;      /* of those, decided now */
	int64_t approved;     /* of those, approved now */
	int64_t decisions;    /* decisions they took (approve, revoke,
			       * exception; not delegate or undo) */
	/* median seconds between consecutive decisions of a sitting (gaps
	 * over STAMP_SITTING left out), or -1 with no gap to time */
	int64_t median_seconds;
	int64_t fast_runs;	  /* runs of >= STAMP_RUN fast approvals */
	int64_t longest_run;	  /* the longest run of fast approvals */
	int64_t flagged_decided;  /* items with findings, decided now */
	int64_t flagged_approved; /* of those, approved */
	int signals;		  /* enum stamp_signal bits */
};

/*
 * Call fn once per reviewer of campaign id (by login) with the signals of
 * rubber-stamping measured from the decision history (the timestamps the
 * audit chain covers): a decision is "fast" when it is an approval taken
 * within fast seconds (<= 0: STAMP_FAST_SECONDS) of that reviewer's
 * previous decision in the campaign. Strings live during the call.
 */
int progress_signals(struct db *db, int64_t id, int fast,
    int (*fn)(const struct stamp_row *r, void *arg), void *arg, struct err *e);

/*
 * Record in the audit chain, as actor (a label: "root", "parc"), each
 * change of a reviewer's signals in the open campaigns since the last
 * record: "review.signal" on the campaign, with reviewer, signals (a
 * list, [] when they cleared), decisions, median_seconds, fast_runs,
 * longest_fast_run, flagged_decided and flagged_approved; so the SIEM
 * export carries them. *n gets how many were recorded. One transaction;
 * parc tick calls it.
 */
int progress_record_signals(struct db *db, const char *actor, int64_t *n,
    struct err *e);

/* "fast-approvals,flagged-approved,approved-everything" for signals
 * into sb ("" when none). */
void stamp_signal_names(int signals, struct sb *sb);

#endif
