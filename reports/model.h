/*
 * model.h - the reports' documents, built from db/ functions: those of
 * campaigns in model.c, those of what is held in access.c.
 *
 * Each function reads what its report needs through db/ (never SQL), and
 * returns a struct rpt_doc (doc.h) that any format writer renders. On
 * success *out is the caller's (rpt_doc_free); on failure *out is NULL,
 * nothing was written anywhere, and e says why.
 */
#ifndef PARC_RPT_MODEL_H
#define PARC_RPT_MODEL_H

#include "db/audit.h"
#include "db/campaign.h"
#include "db/db.h"
#include "db/finding.h"
#include "db/item.h"
#include "lib/config.h"
#include "lib/err.h"
#include "reports/doc.h"

/*
 * Evidence that campaign name happened as claimed: a cover (campaign,
 * scope, period, who created and closed it), a summary (items by decision,
 * reviewer and source, completion, overdue, flagged items and what was
 * decided on them), every item by reviewer (person, account, entitlement,
 * path, findings, decision, justification, who decided when, delegations),
 * the campaign's exceptions register, the audit chain's head hash (with the
 * fingerprint of the key that signs it) and the
 * result of verifying it now, and a sign-off block. The primary table is
 * "items". PARC_ENOTFOUND when there is no such campaign.
 */
int rpt_evidence(struct db *db, const char *name, struct rpt_doc **out,
    struct err *e);

/*
 * The same document without the exceptions register, the audit chain and
 * the sign-off: what the CSV form writes (the items), without verifying
 * the whole audit chain, which takes most of the time on a large
 * database.
 */
int rpt_evidence_items(struct db *db, const char *name, struct rpt_doc **out,
    struct err *e);

/*
 * What to take away after campaign name: one row per revoked item (and
 * per pending item when the campaign closed with "revoke"), with the
 * action that removes the grant where it is granted (see remediation.h).
 * The primary table is "actions".
 */
int rpt_remediation(struct db *db, const char *name, struct rpt_doc **out,
    struct err *e);

/* Every effective privileged grant matching f (as parc inventory). */
int rpt_inventory(struct db *db, const struct db_inventory_filter *f,
    struct rpt_doc **out, struct err *e);

/*
 * The lists of the commands (parc inventory, findings, ...): one table,
 * the primary, with every column the README and parc(1) document, typed
 * (doc.h), in the order they document. Its rows go to sink as they come
 * (list.h writes them out), or stay in the table when sink is NULL.
 */

/*
 * The grants of parc inventory --json/--csv: source, source_kind, host,
 * account, account_kind, enabled, person, employee_id, entitlement,
 * entitlement_kind, scope, tier, reason, techniques, path, last_used,
 * first_seen, last_seen, findings.
 */
int rpt_inventory_list(struct db *db, const struct db_inventory_filter *f,
    const struct rpt_sink *sink, struct rpt_doc **out, struct err *e);

/*
 * The findings of parc findings --json/--csv matching f: id, kind,
 * severity, source, source_kind, host, account, person, employee_id,
 * entitlement, tier, evidence, techniques, first_seen, last_seen.
 */
int rpt_findings_list(struct db *db, const struct finding_filter *f,
    const struct rpt_sink *sink, struct rpt_doc **out, struct err *e);

/*
 * The sources of parc sources --json, by name, then those of config (may
 * be NULL) never synced: name, kind, status, started_at, finished_at,
 * error, principals, memberships, entitlements, assignments, grants,
 * added, removed, duration_ms (of the last run).
 */
int rpt_sources_list(struct db *db, const struct config *config,
    const struct rpt_sink *sink, struct rpt_doc **out, struct err *e);

/*
 * The campaigns of parc campaign list --json, newest first: id, name,
 * state, due, scope, reviewer_rule, fallback, every, series, created_by,
 * created_at, closed_by, closed_at, close_default, and the counts of
 * items: items, pending, approved, revoked, exceptions, overdue,
 * unassigned, remediated.
 */
int rpt_campaigns_list(struct db *db, const struct rpt_sink *sink,
    struct rpt_doc **out, struct err *e);

/*
 * What parc campaign create --json says: one record (id, name, items,
 * due), its fields the object's own (json.h). Never fails.
 */
int rpt_campaign_created(int64_t id, const char *name, int64_t items,
    const char *due, struct rpt_doc **out);

/*
 * parc campaign show --json: the record of the campaign called name
 * ("campaign", as in the list) and an empty table "items", the primary,
 * that rpt_campaign_items() fills (or streams through its sink) with the
 * items matching q, in item order: id, reviewer, person, employee_id,
 * source, host, account, entitlement, tier, path, last_used, findings (as
 * frozen), decision, until, comment, decided_by, decided_at,
 * reassigned_from, overdue, remediated_at, grant_present. It sets
 * q->campaign and q->order (the caller sets the reviewer and
 * pending_only). PARC_ENOTFOUND when there is no such campaign.
 */
int rpt_campaign_show(struct db *db, const char *name, struct db_item_query *q,
    struct rpt_doc **out, struct err *e);
int rpt_campaign_items(struct db *db, const struct db_item_query *q,
    struct rpt_table *t, struct err *e);
/*
 * parc campaign item --json: the item's record ("item", as in show), its
 * decisions oldest first ("history": id, decision, until, comment,
 * delegate, decided_by, acted_by, decided_at) and the same grant's items
 * in earlier campaigns ("earlier": item, campaign, decision, decided_by,
 * decided_at, comment).
 */
int rpt_campaign_item(struct db *db, int64_t id, struct rpt_doc **out,
    struct err *e);

/*
 * parc verify --json from audit_verify()'s report r (intact: it found no
 * problem): ok, events, decisions, first_bad_event, problem, and the
 * chain's head {id, hash, checkpoints, key, signed_id} (key and signed_id
 * null when no key checked the signatures), all members of one object.
 * Never fails.
 */
int rpt_verify(const struct audit_report *r, int intact, struct rpt_doc **out);

/*
 * The events of the SIEM export (siem.h), with ids after after_id, by id:
 * audit events (type "audit", id, at, actor, action, object, detail,
 * hash) and findings (type "finding", id, kind, severity, source, host,
 * account, person, employee_id, entitlement, tier, evidence, techniques,
 * first_seen, last_seen).
 */
int rpt_audit_events(struct db *db, int64_t after_id,
    const struct rpt_sink *sink, struct rpt_doc **out, struct err *e);
int rpt_finding_events(struct db *db, int64_t after_id,
    const struct rpt_sink *sink, struct rpt_doc **out, struct err *e);

/*
 * The findings of one kind ("dormant", "shared-account"), with a title;
 * the primary table is "findings".
 */
int rpt_findings(struct db *db, const char *kind, const char *title,
    struct rpt_doc **out, struct err *e);

/* The exceptions register of every campaign; primary table "exceptions". */
int rpt_exceptions(struct db *db, struct rpt_doc **out, struct err *e);

/*
 * The register as parc exceptions --json lists it, by expiry: item,
 * campaign, source, account, person, entitlement, owner, justification,
 * until, decided_at, expired, grant_present.
 */
int rpt_exceptions_list(struct db *db, const struct rpt_sink *sink,
    struct rpt_doc **out, struct err *e);

#endif
