/*
 * signals.h - the evidence report's section on how each reviewer decided:
 * the rubber-stamp signals of db/progress.h, measured from the decision
 * timestamps the audit chain covers.
 */
#ifndef PARC_RPT_SIGNALS_H
#define PARC_RPT_SIGNALS_H

#include <stdint.h>

#include "db/db.h"
#include "lib/err.h"
#include "reports/doc.h"

/*
 * Append to d the section "signals" (title "Reviewer signals"): a
 * paragraph saying how they are measured and a table "signals" with one
 * row per reviewer of campaign id: reviewer, decisions, median_seconds,
 * fast_runs, longest_fast_run, flagged_decided, flagged_approved and
 * signals (a list: fast-approvals, flagged-approved, approved-everything).
 */
int rpt_signals_section(struct db *db, struct rpt_doc *d, int64_t id,
    struct err *e);

#endif
