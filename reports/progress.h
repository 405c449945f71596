/*
 * progress.h - the campaign owner's view as a document: per reviewer the
 * items, decided, pending, overdue and last activity (db/progress.h),
 * sorted, and the burn-down; written as text or JSON for `parc campaign
 * progress`, and read row by row by the console's progress screen.
 *
 * JSON (documented in parc(1)):
 *
 *	{"campaign": "q1", "state": "open", "due": "2026-12-16",
 *	 "items": 20, "decided": 11, "pending": 9, "overdue": 0,
 *	 "reviewers": [{"reviewer": "bob", "name": "Bob B", "items": 7,
 *	   "decided": 2, "pending": 5, "overdue": 0,
 *	   "last_activity": "2026-12-07T10:00:00Z", "decisions": 2,
 *	   "median_seconds": 40, "fast_runs": 0, "longest_fast_run": 1,
 *	   "flagged_decided": 1, "flagged_approved": 0, "signals": []}, ...],
 *	 "fast_seconds": 10,
 *	 "burndown": [{"day": "2026-12-06", "pending": 20}, ...]}
 */
#ifndef PARC_RPT_PROGRESS_H
#define PARC_RPT_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "lib/err.h"
#include "lib/sb.h"

enum rpt_progress_sort {
	RPT_PSORT_PENDING,  /* most pending first (the default) */
	RPT_PSORT_OVERDUE,  /* most overdue first */
	RPT_PSORT_LAST,	    /* oldest last activity first, never first */
	RPT_PSORT_ITEMS,    /* most items first */
	RPT_PSORT_REVIEWER, /* by login */
};

struct rpt_progress_reviewer {
	char *reviewer; /* login, or NULL: the unassigned items */
	char *name;	/* display name, or NULL */
	int64_t items, decided, pending, overdue;
	char *last_activity; /* ISO 8601 or NULL */
	/* rubber-stamp signals (db/progress.h progress_signals) */
	int64_t decisions, median_seconds, fast_runs, longest_run;
	int64_t flagged_decided, flagged_approved;
	int signals; /* enum stamp_signal bits */
};

struct rpt_progress_day {
	char day[11];
	int64_t pending;
};

struct rpt_progress {
	char *campaign, *state, *due;
	int64_t id, items, decided, pending, overdue;
	int fast; /* seconds that make an approval fast */
	struct rpt_progress_reviewer *r;
	size_t n;
	struct rpt_progress_day *burn;
	size_t nburn;
};

/*
 * "pending", "overdue", "last", "items" or "reviewer" into *out; -1 for
 * anything else.
 */
int rpt_progress_sort_parse(const char *s, enum rpt_progress_sort *out);

/*
 * Read campaign name's progress and its reviewers' rubber-stamp signals
 * (an approval is fast within fast seconds of the previous decision; 0:
 * the default, STAMP_FAST_SECONDS), sorted by sort, into *out (free with
 * rpt_progress_free). PARC_ENOTFOUND for no such campaign.
 */
int rpt_progress_load(struct db *db, const char *name,
    enum rpt_progress_sort sort, int fast, struct rpt_progress **out,
    struct err *e);

/* Sort p's reviewers again (the console's sort key). */
void rpt_progress_sort(struct rpt_progress *p, enum rpt_progress_sort sort);

void rpt_progress_free(struct rpt_progress *p);

/* The text form: a table of reviewers and a burn-down chart. */
void rpt_progress_text(const struct rpt_progress *p, struct sb *out);

/* The JSON object above, with a final newline. */
void rpt_progress_json(const struct rpt_progress *p, struct sb *out);

#endif
