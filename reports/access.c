/*
 * access.c - the documents of what is held (model.h): the inventory of
 * grants, the findings, the sources, and the events for a SIEM. Each row
 * is defined once as a full row of columns; a report or a list picks the
 * columns it shows (rpt_cols_pick()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "db/finding.h"
#include "reports/model.h"

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- inventory ---- */

/*
 * A grant's columns, each defined once: parc inventory --json/--csv writes
 * them all, the inventory report prints inv_pick's.
 */
enum {
	G_SOURCE,
	G_SOURCE_KIND,
	G_HOST,
	G_ACCOUNT,
	G_ACCOUNT_KIND,
	G_ENABLED,
	G_PERSON,
	G_EMPLOYEE_ID,
	G_ENTITLEMENT,
	G_ENTITLEMENT_KIND,
	G_SCOPE,
	G_TIER,
	G_REASON,
	G_TECHNIQUES,
	G_PATH,
	G_LAST_USED,
	G_FIRST_SEEN,
	G_LAST_SEEN,
	G_FINDINGS,
	G_STATE,
	G_EXPIRES_AT,
	G_N
};

static const struct rpt_col grant_cols[G_N] = {
	[G_SOURCE] = { "source", "Source", 0.8, RPT_STR },
	[G_SOURCE_KIND] = { "source_kind", "Kind", 0.6, RPT_STR },
	[G_HOST] = { "host", "Host", 0.8, RPT_STR },
	[G_ACCOUNT] = { "account", "Account", 1.2, RPT_STR },
	[G_ACCOUNT_KIND] = { "account_kind", "Account kind", 0.7, RPT_STR },
	[G_ENABLED] = { "enabled", "Enabled", 0.5, RPT_BOOL },
	[G_PERSON] = { "person", "Person", 1.3, RPT_STR },
	[G_EMPLOYEE_ID] = { "employee_id", "Employee", 0.7, RPT_STR },
	[G_ENTITLEMENT] = { "entitlement", "Entitlement", 1.4, RPT_STR },
	[G_ENTITLEMENT_KIND] = { "entitlement_kind", "Entitlement kind", 0.7,
	    RPT_STR },
	[G_SCOPE] = { "scope", "Scope", 1, RPT_STR },
	[G_TIER] = { "tier", "Tier", 0.5, RPT_INT },
	[G_REASON] = { "reason", "Why privileged", 2, RPT_STR },
	[G_TECHNIQUES] = { "techniques", "ATT&CK", 0.9, RPT_LIST },
	[G_PATH] = { "path", "Path", 1.6, RPT_JSON },
	[G_LAST_USED] = { "last_used", "Last used", 1, RPT_STR },
	[G_FIRST_SEEN] = { "first_seen", "First seen", 1, RPT_STR },
	[G_LAST_SEEN] = { "last_seen", "Last seen", 1, RPT_STR },
	[G_FINDINGS] = { "findings", "Findings", 1.2, RPT_LIST },
	[G_STATE] = { "state", "State", 0.6, RPT_STR },
	[G_EXPIRES_AT] = { "expires_at", "Expires", 1, RPT_STR },
};

static const int inv_pick[] = { G_SOURCE, G_HOST, G_ACCOUNT, G_PERSON,
	G_EMPLOYEE_ID, G_ENTITLEMENT, G_TIER, G_PATH, G_LAST_USED, G_FINDINGS };

static int
add_grant(const struct db_grant_row *r, void *arg)
{
	char tier[16];
	const char *c[G_N];

	snprintf(tier, sizeof(tier), "%d", r->tier);
	c[G_SOURCE] = r->source;
	c[G_SOURCE_KIND] = r->source_kind;
	c[G_HOST] = r->host;
	c[G_ACCOUNT] = r->account;
	c[G_ACCOUNT_KIND] = r->account_kind;
	c[G_ENABLED] = r->enabled < 0 ? NULL : r->enabled ? "yes" : "no";
	c[G_PERSON] = r->person;
	c[G_EMPLOYEE_ID] = r->employee_id;
	c[G_ENTITLEMENT] = r->entitlement;
	c[G_ENTITLEMENT_KIND] = r->entitlement_kind;
	c[G_SCOPE] = r->scope;
	c[G_TIER] = r->tier >= 0 ? tier : NULL;
	c[G_REASON] = r->reason;
	c[G_TECHNIQUES] = r->techniques;
	c[G_PATH] = r->path;
	c[G_LAST_USED] = r->last_used;
	c[G_FIRST_SEEN] = r->first_seen;
	c[G_LAST_SEEN] = r->last_seen;
	c[G_FINDINGS] = r->findings;
	c[G_STATE] = r->state;
	c[G_EXPIRES_AT] = r->expires_at;
	return rpt_row_pick(arg, c);
}

int
rpt_inventory(struct db *db, const struct db_inventory_filter *f,
    struct rpt_doc **out, struct err *e)
{
	static struct rpt_col cols[NCOLS(inv_pick)];
	struct rpt_doc *d;
	struct rpt_section *s;
	int rc;

	*out = NULL;
	d = rpt_doc_new("inventory", "Privileged access inventory",
	    f->source ? f->source : "all sources");
	d->wide = 1;
	s = rpt_section(d, "grants", "Effective privileged grants", 0);
	d->primary = rpt_table(s, "grants",
	    rpt_cols_pick(cols, grant_cols, inv_pick, NCOLS(inv_pick)),
	    NCOLS(inv_pick));
	d->primary->pick = inv_pick;
	if ((rc = db_inventory(db, f, add_grant, d->primary, e)) != 0) {
		rpt_doc_free(d);
		return rc;
	}
	s = rpt_section(d, "totals", NULL, 0);
	rpt_fieldf(s, "grants", "Grants", "%zu", d->primary->nrows);
	*out = d;
	return 0;
}

int
rpt_inventory_list(struct db *db, const struct db_inventory_filter *f,
    const struct rpt_sink *sink, struct rpt_doc **out, struct err *e)
{
	struct rpt_doc *d;
	int rc;

	*out = NULL;
	d = rpt_doc_new("inventory", "Privileged access inventory",
	    f->source ? f->source : "all sources");
	d->primary = rpt_table(rpt_section(d, "grants", NULL, 0), "grants",
	    grant_cols, G_N);
	d->primary->sink = sink;
	if ((rc = db_inventory(db, f, add_grant, d->primary, e)) != 0) {
		rpt_doc_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

/* ---- findings ---- */

/* A finding's columns, each defined once (see grant_cols). */
enum {
	F_ID,
	F_KIND,
	F_SEVERITY,
	F_SOURCE,
	F_SOURCE_KIND,
	F_HOST,
	F_ACCOUNT,
	F_PERSON,
	F_EMPLOYEE_ID,
	F_ENTITLEMENT,
	F_TIER,
	F_EVIDENCE,
	F_TECHNIQUES,
	F_FIRST_SEEN,
	F_LAST_SEEN,
	F_N
};

static const struct rpt_col finding_all_cols[F_N] = {
	[F_ID] = { "id", "Id", 0.5, RPT_INT },
	[F_KIND] = { "kind", "Kind", 1, RPT_STR },
	[F_SEVERITY] = { "severity", "Severity", 0.7, RPT_STR },
	[F_SOURCE] = { "source", "Source", 0.8, RPT_STR },
	[F_SOURCE_KIND] = { "source_kind", "Source kind", 0.6, RPT_STR },
	[F_HOST] = { "host", "Host", 0.8, RPT_STR },
	[F_ACCOUNT] = { "account", "Account", 1.2, RPT_STR },
	[F_PERSON] = { "person", "Person", 1.2, RPT_STR },
	[F_EMPLOYEE_ID] = { "employee_id", "Employee", 0.7, RPT_STR },
	[F_ENTITLEMENT] = { "entitlement", "Entitlement", 1.3, RPT_STR },
	[F_TIER] = { "tier", "Tier", 0.5, RPT_INT },
	[F_EVIDENCE] = { "evidence", "Evidence", 2.6, RPT_STR },
	[F_TECHNIQUES] = { "techniques", "ATT&CK", 0.9, RPT_LIST },
	[F_FIRST_SEEN] = { "first_seen", "First seen", 1, RPT_STR },
	[F_LAST_SEEN] = { "last_seen", "Last seen", 1, RPT_STR },
};

/* The findings report's columns (parc report dormant|shared). */
static const int finding_pick[] = { F_ID, F_SEVERITY, F_SOURCE, F_ACCOUNT,
	F_PERSON, F_ENTITLEMENT, F_TIER, F_EVIDENCE, F_TECHNIQUES,
	F_FIRST_SEEN };

/* The full row of finding r in c; id and tier are kept in the buffers. */
static void
finding_cells(const struct finding_row *r, const char **c, char id[24],
    char tier[16])
{
	snprintf(id, 24, "%lld", (long long)r->id);
	snprintf(tier, 16, "%d", r->tier);
	c[F_ID] = id;
	c[F_KIND] = r->kind;
	c[F_SEVERITY] = r->severity;
	c[F_SOURCE] = r->source;
	c[F_SOURCE_KIND] = r->source_kind;
	c[F_HOST] = r->host;
	c[F_ACCOUNT] = r->account;
	c[F_PERSON] = r->person;
	c[F_EMPLOYEE_ID] = r->employee_id;
	c[F_ENTITLEMENT] = r->entitlement;
	c[F_TIER] = r->tier >= 0 ? tier : NULL;
	c[F_EVIDENCE] = r->evidence;
	c[F_TECHNIQUES] = r->techniques;
	c[F_FIRST_SEEN] = r->first_seen;
	c[F_LAST_SEEN] = r->last_seen;
}

static int
add_finding(const struct finding_row *r, void *arg)
{
	char id[24], tier[16];
	const char *c[F_N];

	finding_cells(r, c, id, tier);
	return rpt_row_pick(arg, c);
}

int
rpt_findings_list(struct db *db, const struct finding_filter *f,
    const struct rpt_sink *sink, struct rpt_doc **out, struct err *e)
{
	struct rpt_doc *d;
	int rc;

	*out = NULL;
	d = rpt_doc_new("findings", "Findings", "all sources");
	d->primary = rpt_table(rpt_section(d, "findings", NULL, 0), "findings",
	    finding_all_cols, F_N);
	d->primary->sink = sink;
	if ((rc = finding_query(db, f, add_finding, d->primary, e)) != 0) {
		rpt_doc_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

int
rpt_findings(struct db *db, const char *kind, const char *title,
    struct rpt_doc **out, struct err *e)
{
	static struct rpt_col cols[NCOLS(finding_pick)];
	const struct finding_kind *k = finding_kind_find(kind);
	struct finding_filter f;
	struct rpt_doc *d;
	struct rpt_section *s;
	int rc;

	*out = NULL;
	if (k == NULL)
		return err_set(e, PARC_EUSAGE, "unknown finding kind '%s'",
		    kind);
	d = rpt_doc_new(kind, title, "all sources");
	d->wide = 1;
	s = rpt_section(d, "findings", k->title, 0);
	d->primary = rpt_table(s, "findings",
	    rpt_cols_pick(cols, finding_all_cols, finding_pick,
		NCOLS(finding_pick)),
	    NCOLS(finding_pick));
	d->primary->pick = finding_pick;
	memset(&f, 0, sizeof(f));
	f.kind = kind;
	if ((rc = finding_query(db, &f, add_finding, d->primary, e)) != 0) {
		rpt_doc_free(d);
		return rc;
	}
	s = rpt_section(d, "totals", NULL, 0);
	rpt_fieldf(s, "findings", "Findings", "%zu", d->primary->nrows);
	/* a reader must know when they lag the last snapshot */
	rpt_fieldf(s, "up_to_date", "Up to date", "%s",
	    finding_stale(db)
		? "no: a sync committed a snapshot and stopped before "
		  "recomputing the findings; run parc sync"
		: db_count(db,
		      "SELECT count(*) FROM sync_run WHERE status ="
		      " 'ok'") == 0
		? "no sync yet"
		: "yes: recomputed after the last sync");
	*out = d;
	return 0;
}

/* ---- sources ---- */

static const struct rpt_col source_cols[] = {
	{ "name", "Source", 1, RPT_STR },
	{ "kind", "Kind", 0.6, RPT_STR },
	{ "status", "Last run", 0.6, RPT_STR },
	{ "started_at", "Started", 1, RPT_STR },
	{ "finished_at", "Finished", 1, RPT_STR },
	{ "error", "Error", 2, RPT_STR },
	{ "principals", "Accounts", 0.6, RPT_INT },
	{ "memberships", "Memberships", 0.6, RPT_INT },
	{ "entitlements", "Entitlements", 0.6, RPT_INT },
	{ "assignments", "Assignments", 0.6, RPT_INT },
	{ "grants", "Grants", 0.6, RPT_INT },
	{ "added", "Added", 0.5, RPT_INT },
	{ "removed", "Removed", 0.5, RPT_INT },
	{ "duration_ms", "Milliseconds", 0.6, RPT_INT },
	/* what an HR source holds, and the last good sync beside a failure */
	{ "people", "People", 0.6, RPT_INT },
	{ "last_ok_at", "Last good sync", 1, RPT_STR },
};

struct sources {
	struct rpt_table *t;
	const struct config *config;
	char *seen; /* per configured source: listed already */
};

static int
add_source(const struct db_source_row *r, void *arg)
{
	struct sources *x = arg;
	const int64_t n[] = { r->principals, r->memberships, r->entitlements,
		r->assignments, r->grants, r->added, r->removed, r->duration_ms,
		r->people };
	char num[NCOLS(n)][24];
	const char *c[NCOLS(source_cols)];
	size_t i;

	for (i = 0; x->config != NULL && i < x->config->nsources; i++)
		if (strcmp(x->config->sources[i].name, r->name) == 0)
			x->seen[i] = 1;
	c[0] = r->name;
	c[1] = r->kind;
	c[2] = r->last_status;
	c[3] = r->last_started;
	c[4] = r->last_finished;
	c[5] = r->last_error;
	for (i = 0; i < NCOLS(n); i++) {
		snprintf(num[i], sizeof(num[i]), "%lld", (long long)n[i]);
		c[6 + i] = num[i];
	}
	c[6 + NCOLS(n)] = r->last_ok;
	return rpt_row(x->t, c);
}

int
rpt_sources_list(struct db *db, const struct config *config,
    const struct rpt_sink *sink, struct rpt_doc **out, struct err *e)
{
	struct sources x = { NULL, config, NULL };
	struct db_source_row none;
	struct rpt_doc *d;
	size_t i;
	int rc;

	*out = NULL;
	d = rpt_doc_new("sources", "Sources", "all sources");
	x.t = d->primary = rpt_table(rpt_section(d, "sources", NULL, 0),
	    "sources", source_cols, NCOLS(source_cols));
	x.t->sink = sink;
	x.seen = xcalloc(config ? config->nsources + 1 : 1, 1);
	rc = db_sources(db, add_source, &x, e);
	/* configured sources that were never synced are listed too */
	for (i = 0; rc == 0 && config != NULL && i < config->nsources; i++) {
		if (x.seen[i])
			continue;
		memset(&none, 0, sizeof(none));
		none.name = config->sources[i].name;
		none.kind = conf_get(&config->sources[i], "kind");
		rc = add_source(&none, &x);
	}
	free(x.seen);
	if (rc != 0) {
		rpt_doc_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

/* ---- events for a SIEM ---- */

static const struct rpt_col audit_cols[] = {
	{ "type", "Type", 0.5, RPT_STR },
	{ "id", "Event", 0.5, RPT_INT },
	{ "at", "At", 1, RPT_STR },
	{ "actor", "Actor", 0.8, RPT_STR },
	{ "action", "Action", 0.8, RPT_STR },
	{ "object", "Object", 1, RPT_STR },
	{ "detail", "Detail", 2, RPT_JSON },
	{ "hash", "Chain hash", 2, RPT_STR },
};

static int
add_audit(const struct audit_row *r, void *arg)
{
	char id[24];
	const char *c[NCOLS(audit_cols)] = { "audit", id, r->at, r->actor,
		r->action, r->object, r->detail, r->hash };

	snprintf(id, sizeof(id), "%lld", (long long)r->id);
	return rpt_row(arg, c);
}

int
rpt_audit_events(struct db *db, int64_t after_id, const struct rpt_sink *sink,
    struct rpt_doc **out, struct err *e)
{
	struct rpt_doc *d;
	int rc;

	*out = NULL;
	d = rpt_doc_new("audit", "Audit events", NULL);
	d->primary = rpt_table(rpt_section(d, "audit", NULL, 0), "audit",
	    audit_cols, NCOLS(audit_cols));
	d->primary->sink = sink;
	if ((rc = audit_query(db, after_id, 0, add_audit, d->primary, e)) !=
	    0) {
		rpt_doc_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

/* A finding as a SIEM event: "type": "finding", then these. */
static const int finding_event_pick[] = { F_ID, F_KIND, F_SEVERITY, F_SOURCE,
	F_HOST, F_ACCOUNT, F_PERSON, F_EMPLOYEE_ID, F_ENTITLEMENT, F_TIER,
	F_EVIDENCE, F_TECHNIQUES, F_FIRST_SEEN, F_LAST_SEEN };

static int
add_finding_event(const struct finding_row *r, void *arg)
{
	char id[24], tier[16];
	const char *c[F_N + 1];

	finding_cells(r, c + 1, id, tier);
	c[0] = "finding";
	return rpt_row_pick(arg, c);
}

int
rpt_finding_events(struct db *db, int64_t after_id, const struct rpt_sink *sink,
    struct rpt_doc **out, struct err *e)
{
	static struct rpt_col cols[NCOLS(finding_event_pick) + 1];
	static int pick[NCOLS(finding_event_pick) + 1];
	struct finding_filter f;
	struct rpt_doc *d;
	size_t i;
	int rc;

	*out = NULL;
	/* column 0 of the full row is the type, the finding's follow */
	cols[0] = audit_cols[0];
	pick[0] = 0;
	for (i = 0; i < NCOLS(finding_event_pick); i++) {
		cols[i + 1] = finding_all_cols[finding_event_pick[i]];
		pick[i + 1] = finding_event_pick[i] + 1;
	}
	d = rpt_doc_new("findings", "Findings", NULL);
	d->primary = rpt_table(rpt_section(d, "findings", NULL, 0), "findings",
	    cols, NCOLS(cols));
	d->primary->sink = sink;
	d->primary->pick = pick;
	memset(&f, 0, sizeof(f));
	f.after_id = after_id;
	if ((rc = finding_query(db, &f, add_finding_event, d->primary, e)) !=
	    0) {
		rpt_doc_free(d);
		return rc;
	}
	*out = d;
	return 0;
}
