/*
 * signals.c - the "Reviewer signals" section of the evidence report.
 */
#include <stdio.h>

#include "db/progress.h"
#include "lib/sb.h"
#include "reports/signals.h"

static const struct rpt_col signal_cols[] = {
	{ "reviewer", "Reviewer", 2, RPT_STR },
	{ "decisions", "Decisions", 1, RPT_INT },
	{ "median_seconds", "Median s", 1, RPT_INT },
	{ "fast_runs", "Fast runs", 1, RPT_INT },
	{ "longest_fast_run", "Longest", 1, RPT_INT },
	{ "flagged_decided", "Flagged decided", 1, RPT_INT },
	{ "flagged_approved", "Flagged approved", 1, RPT_INT },
	{ "signals", "Signals", 3, RPT_LIST },
};

#define NSIG (sizeof(signal_cols) / sizeof(signal_cols[0]))

static int
add_row(const struct stamp_row *r, void *arg)
{
	struct rpt_table *t = arg;
	char num[6][24];
	struct sb names = SB_INIT;
	const char *cells[NSIG];
	int rc;

	snprintf(num[0], sizeof(num[0]), "%lld", (long long)r->decisions);
	snprintf(num[1], sizeof(num[1]), "%lld", (long long)r->median_seconds);
	snprintf(num[2], sizeof(num[2]), "%lld", (long long)r->fast_runs);
	snprintf(num[3], sizeof(num[3]), "%lld", (long long)r->longest_run);
	snprintf(num[4], sizeof(num[4]), "%lld", (long long)r->flagged_decided);
	snprintf(num[5], sizeof(num[5]), "%lld",
	    (long long)r->flagged_approved);
	stamp_signal_names(r->signals, &names);
	cells[0] = r->reviewer;
	cells[1] = num[0];
	cells[2] = r->median_seconds >= 0 ? num[1] : NULL;
	cells[3] = num[2];
	cells[4] = num[3];
	cells[5] = num[4];
	cells[6] = num[5];
	cells[7] = names.buf;
	rc = rpt_row(t, cells);
	sb_release(&names);
	return rc;
}

int
rpt_signals_section(struct db *db, struct rpt_doc *d, int64_t id, struct err *e)
{
	struct rpt_section *s =
	    rpt_section(d, "signals", "Reviewer signals", 0);
	struct rpt_table *t;

	rpt_text(s,
	    "Measured from the time of each decision (the audit chain covers "
	    "them): the median seconds between a reviewer's decisions "
	    "(pauses over an hour left out), runs of %d or more approvals "
	    "each within %d seconds of the one before, and the items with "
	    "findings decided and approved. Signals: fast-approvals (such a "
	    "run), flagged-approved (every flagged item decided was "
	    "approved), approved-everything (every item decided, all "
	    "approved).",
	    STAMP_RUN, STAMP_FAST_SECONDS);
	t = rpt_table(s, "signals", signal_cols, NSIG);
	return progress_signals(db, id, 0, add_row, t, e);
}
