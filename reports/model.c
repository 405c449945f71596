/*
 * model.c - the documents of campaigns (model.h): evidence, the lists and
 * objects of parc campaign, the exceptions register, parc verify. What is
 * held (inventory, findings, sources, events) is in access.c.
 *
 * Just over 1,000 lines: the evidence document is one long builder whose
 * sections (cover, summary, items, exceptions, chain) share the campaign
 * it loads once; splitting it would pass that state between files.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "db/campaign.h"
#include "db/decision.h"
#include "db/exception.h"
#include "db/finding.h"
#include "db/item.h"
#include "db/vocab.h"
#include "lib/sb.h"
#include "lib/text.h"
#include "reports/model.h"
#include "reports/signals.h"

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* "dormant (high), no-mfa (medium)" from an item's frozen findings. */
static void
add_findings(struct sb *sb, const char *text)
{
	json_error_t jerr;
	json_t *a, *f;
	size_t i;

	if (text == NULL || (a = json_loads(text, 0, &jerr)) == NULL)
		return;
	json_array_foreach(a, i, f)
	{
		const char *k = json_string_value(json_object_get(f, "kind"));
		const char *s =
		    json_string_value(json_object_get(f, "severity"));

		if (i > 0)
			sb_adds(sb, ", ");
		sb_adds(sb, k ? k : "?");
		if (s != NULL)
			sb_addf(sb, " (%s)", s);
	}
	json_decref(a);
}

/* ---- evidence ---- */

struct item {
	int64_t id;
	char *reviewer, *person, *account, *source, *entitlement, *path;
	char *findings, *decision, *until, *comment, *decided_by, *decided_at;
	char *delegations, *overdue_at, *reassigned_from, *status;
	int tier, nfindings;
};

struct items {
	struct item *v;
	size_t n, alloc;
	struct db *db;
	struct sb sb;
};

static void
item_release(struct item *it)
{
	free(it->reviewer);
	free(it->person);
	free(it->account);
	free(it->source);
	free(it->entitlement);
	free(it->path);
	free(it->findings);
	free(it->decision);
	free(it->until);
	free(it->comment);
	free(it->decided_by);
	free(it->decided_at);
	free(it->delegations);
	free(it->overdue_at);
	free(it->reassigned_from);
	free(it->status);
}

static int
collect_item(const struct item_row *r, void *arg)
{
	struct items *its = arg;
	struct item *it;
	struct sb sb = SB_INIT;

	if (its->n == its->alloc) {
		its->alloc = its->alloc ? its->alloc * 2 : 256;
		its->v = xrealloc(its->v, its->alloc * sizeof(*its->v));
	}
	it = &its->v[its->n++];
	memset(it, 0, sizeof(*it));
	it->id = r->id;
	it->reviewer = dup_or_null(r->reviewer);
	it->person = dup_or_null(r->person);
	it->account = xstrdup(r->account);
	it->source = xstrdup(r->source);
	it->entitlement = xstrdup(r->entitlement);
	sb_add_path(&sb, r->path, " > ");
	it->path = sb_detach(&sb);
	add_findings(&sb, r->findings);
	it->findings = sb_detach(&sb);
	it->decision = xstrdup(r->decision);
	it->until = dup_or_null(r->until);
	it->comment = dup_or_null(r->comment);
	it->decided_by = dup_or_null(r->decided_by);
	it->decided_at = dup_or_null(r->decided_at);
	it->overdue_at = dup_or_null(r->overdue_at);
	it->reassigned_from = dup_or_null(r->reassigned_from);
	it->tier = r->tier;
	it->nfindings = r->nfindings;
	/* what happened since: overdue, the revocation seen done, gone */
	if (r->overdue_at != NULL)
		sb_addf(&sb, "overdue since %s", r->overdue_at);
	if (r->remediated_at != NULL)
		sb_addf(&sb, "%sremoval seen %s", sb.len ? "; " : "",
		    r->remediated_at);
	else if (!r->grant_present)
		sb_addf(&sb, "%sgrant no longer in the source",
		    sb.len ? "; " : "");
	it->status = sb.len ? sb_detach(&sb) : NULL;
	sb_release(&sb);
	return 0;
}

/* One line per delegation in an item's history. */
static int
collect_delegation(const struct decision_row *r, void *arg)
{
	struct sb *sb = arg;

	/* a delegation is the decision that names another reviewer */
	if (r->delegate == NULL)
		return 0;
	if (sb->len > 0)
		sb_addc(sb, '\n');
	sb_addf(sb, "to %s by %s%s%s at %s", r->delegate ? r->delegate : "?",
	    r->decided_by, r->acted_by ? ", entered by " : "",
	    r->acted_by ? r->acted_by : "", r->decided_at);
	/* a move to a second stage says what the first one decided */
	if (r->comment != NULL) {
		sb_adds(sb, " (");
		sb_adds(sb, r->comment);
		sb_addc(sb, ')');
	}
	return 0;
}

static int
cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c;

	/* unassigned items last */
	if ((x->reviewer == NULL) != (y->reviewer == NULL))
		return x->reviewer == NULL ? 1 : -1;
	if (x->reviewer && (c = strcmp(x->reviewer, y->reviewer)) != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* A small count table: key -> counts by decision, in first-seen order. */
struct tally {
	char **keys;
	int64_t (*n)[5]; /* items, approve, revoke, exception, pending */
	size_t len;
};

static void
tally_add(struct tally *t, const char *key, const char *decision)
{
	const struct decision_state *ds;
	size_t i;
	int d;

	if (key == NULL)
		key = "(unassigned)";
	for (i = 0; i < t->len; i++)
		if (strcmp(t->keys[i], key) == 0)
			break;
	if (i == t->len) {
		t->keys = xrealloc(t->keys, (t->len + 1) * sizeof(*t->keys));
		t->n = xrealloc(t->n, (t->len + 1) * sizeof(*t->n));
		t->keys[i] = xstrdup(key);
		memset(t->n[i], 0, sizeof(t->n[i]));
		t->len++;
	}
	/* tally_cols: approved 1, revoked 2, exceptions 3, pending 4 */
	ds = decision_state_find(decision);
	d = ds == NULL || ds->id == DS_PENDING ? 4 : (int)ds->id;
	t->n[i][0]++;
	t->n[i][d]++;
}

static const struct rpt_col tally_cols[] = {
	{ "name", "Name", 3, RPT_STR },
	{ "items", "Items", 1, RPT_STR },
	{ "approved", "Approved", 1, RPT_STR },
	{ "revoked", "Revoked", 1, RPT_STR },
	{ "exceptions", "Exceptions", 1, RPT_STR },
	{ "pending", "Pending", 1, RPT_STR },
};

static void
tally_table(struct rpt_section *s, const char *name, const char *label,
    struct tally *t)
{
	static struct rpt_col cols[2][NCOLS(tally_cols)];
	struct rpt_table *tab;
	char num[5][24];
	const char *cells[6];
	size_t i, j;
	int k = strcmp(name, "by_reviewer") == 0 ? 0 : 1;

	memcpy(cols[k], tally_cols, sizeof(tally_cols));
	cols[k][0].key = k == 0 ? "reviewer" : "source";
	cols[k][0].label = label;
	tab = rpt_table(s, name, cols[k], NCOLS(tally_cols));
	for (i = 0; i < t->len; i++) {
		cells[0] = t->keys[i];
		for (j = 0; j < 5; j++) {
			snprintf(num[j], sizeof(num[j]), "%lld",
			    (long long)t->n[i][j]);
			cells[j + 1] = num[j];
		}
		rpt_row(tab, cells);
		free(t->keys[i]);
	}
	free(t->keys);
	free(t->n);
	memset(t, 0, sizeof(*t));
}

struct cover {
	int found;
	int64_t id;
	struct rpt_doc *d;
	int64_t items, pending, approved, revoked, exceptions, overdue;
	int64_t unassigned, remediated;
	char *state, *close_default;
};

static int
fill_cover(const struct campaign_row *r, void *arg)
{
	struct cover *cv = arg;
	struct rpt_section *s = rpt_section(cv->d, "cover", "Campaign", 0);

	cv->found = 1;
	cv->id = r->id;
	rpt_field(s, "campaign", "Campaign", r->name);
	rpt_field(s, "scope", "Scope",
	    r->scope && *r->scope ? r->scope : "every privileged grant");
	rpt_field(s, "reviewer_rule", "Reviewers", r->reviewer_rule);
	rpt_field(s, "fallback", "Fallback reviewer", r->fallback);
	rpt_field(s, "state", "State", r->state);
	rpt_fieldf(s, "period", "Period", "%s to %s", r->created_at,
	    r->closed_at ? r->closed_at : "(still open)");
	rpt_field(s, "due", "Due", r->due);
	rpt_field(s, "created_by", "Created by", r->created_by);
	rpt_field(s, "created_at", "Created at", r->created_at);
	rpt_field(s, "closed_by", "Closed by", r->closed_by);
	rpt_field(s, "closed_at", "Closed at", r->closed_at);
	rpt_field(s, "close_default", "Pending items at close",
	    r->close_default ? r->close_default : NULL);
	rpt_field(s, "recurrence", "Recurs", r->every);
	rpt_field(s, "generated_at", "Report generated at",
	    cv->d->generated_at);
	rpt_field(s, "generated_by", "Report generated by",
	    cv->d->generated_by);
	cv->items = r->items;
	cv->pending = r->pending;
	cv->approved = r->approved;
	cv->revoked = r->revoked;
	cv->exceptions = r->exceptions;
	cv->overdue = r->overdue;
	cv->unassigned = r->unassigned;
	cv->remediated = r->remediated;
	cv->state = xstrdup(r->state);
	cv->close_default = dup_or_null(r->close_default);
	return 0;
}

static const struct rpt_col item_cols[] = {
	{ "item", "Item", 0.55, RPT_STR },
	{ "person", "Person", 1.3, RPT_STR },
	{ "account", "Account", 1.2, RPT_STR },
	{ "source", "Source", 0.8, RPT_STR },
	{ "entitlement", "Entitlement", 1.4, RPT_STR },
	{ "tier", "Tier", 0.5, RPT_STR },
	{ "path", "Path", 1.6, RPT_STR },
	{ "findings", "Findings", 1.3, RPT_STR },
	{ "decision", "Decision", 1.15, RPT_STR },
	{ "until", "Until", 0.8, RPT_STR },
	{ "justification", "Justification", 2, RPT_STR },
	{ "decided_by", "Decided by", 0.9, RPT_STR },
	{ "decided_at", "Decided at", 1.35, RPT_STR },
	{ "delegations", "Delegations", 1.2, RPT_STR },
	{ "status", "Since", 1, RPT_STR },
	{ "reviewer", "Reviewer", 1, RPT_STR },
};
#define ITEM_REVIEWER 15

/* who holds it, who was to review it and who decided, beside what */
static const struct rpt_col flagged_cols[] = {
	{ "item", "Item", 0.5, RPT_STR },
	{ "person", "Person", 1.2, RPT_STR },
	{ "account", "Account", 1.2, RPT_STR },
	{ "entitlement", "Entitlement", 1.4, RPT_STR },
	{ "findings", "Findings", 1.6, RPT_STR },
	{ "reviewer", "Reviewer", 0.9, RPT_STR },
	{ "decision", "Decision", 0.8, RPT_STR },
	{ "justification", "Justification", 2.4, RPT_STR },
	{ "decided_by", "Decided by", 0.9, RPT_STR },
};

/* The exceptions' columns, each defined once. */
enum {
	E_ITEM,
	E_CAMPAIGN,
	E_SOURCE,
	E_ACCOUNT,
	E_PERSON,
	E_ENTITLEMENT,
	E_OWNER,
	E_GRANTED_BY, /* the owner, under the reports' name */
	E_JUSTIFICATION,
	E_UNTIL,
	E_DECIDED_AT,
	E_EXPIRED,
	E_GRANT_PRESENT,
	E_STATUS,
	E_N
};

static const struct rpt_col exc_all[E_N] = {
	[E_ITEM] = { "item", "Item", 0.5, RPT_INT },
	[E_CAMPAIGN] = { "campaign", "Campaign", 1, RPT_STR },
	[E_SOURCE] = { "source", "Source", 0.8, RPT_STR },
	[E_ACCOUNT] = { "account", "Account", 1.2, RPT_STR },
	[E_PERSON] = { "person", "Person", 1.2, RPT_STR },
	[E_ENTITLEMENT] = { "entitlement", "Entitlement", 1.4, RPT_STR },
	[E_OWNER] = { "owner", "Granted by", 0.9, RPT_STR },
	[E_GRANTED_BY] = { "granted_by", "Granted by", 0.9, RPT_STR },
	[E_JUSTIFICATION] = { "justification", "Compensating control", 2.4,
	    RPT_STR },
	[E_UNTIL] = { "until", "Until", 0.8, RPT_STR },
	[E_DECIDED_AT] = { "decided_at", "Decided at", 1, RPT_STR },
	[E_EXPIRED] = { "expired", "Expired", 0.5, RPT_BOOL },
	[E_GRANT_PRESENT] = { "grant_present", "Grant present", 0.5, RPT_BOOL },
	[E_STATUS] = { "status", "Status", 0.7, RPT_STR },
};

/* The evidence's register of one campaign. */
static const int exc_pick[] = { E_ITEM, E_ACCOUNT, E_PERSON, E_ENTITLEMENT,
	E_GRANTED_BY, E_JUSTIFICATION, E_UNTIL, E_STATUS };
/* The exceptions report: every campaign's. */
static const int exc_report_pick[] = { E_ITEM, E_CAMPAIGN, E_ACCOUNT, E_PERSON,
	E_ENTITLEMENT, E_GRANTED_BY, E_JUSTIFICATION, E_UNTIL, E_STATUS };
/* parc exceptions --json. */
static const int exc_list_pick[] = { E_ITEM, E_CAMPAIGN, E_SOURCE, E_ACCOUNT,
	E_PERSON, E_ENTITLEMENT, E_OWNER, E_JUSTIFICATION, E_UNTIL,
	E_DECIDED_AT, E_EXPIRED, E_GRANT_PRESENT };

struct exc_arg {
	struct rpt_table *t;
	const char *campaign; /* only this campaign's, or NULL */
};

static int
add_exception(const struct exception_row *r, void *arg)
{
	struct exc_arg *x = arg;
	char id[24];
	const char *c[E_N];

	if (x->campaign && strcmp(r->campaign, x->campaign) != 0)
		return 0;
	snprintf(id, sizeof(id), "%lld", (long long)r->item_id);
	c[E_ITEM] = id;
	c[E_CAMPAIGN] = r->campaign;
	c[E_SOURCE] = r->source;
	c[E_ACCOUNT] = r->account;
	c[E_PERSON] = r->person;
	c[E_ENTITLEMENT] = r->entitlement;
	c[E_OWNER] = c[E_GRANTED_BY] = r->owner;
	c[E_JUSTIFICATION] = r->justification;
	c[E_UNTIL] = r->until;
	c[E_DECIDED_AT] = r->decided_at;
	c[E_EXPIRED] = r->expired ? "yes" : "no";
	c[E_GRANT_PRESENT] = r->grant_present ? "yes" : "no";
	c[E_STATUS] = r->expired ? "expired"
	    : r->grant_present	 ? "in force"
				 : "grant gone";
	return rpt_row_pick(x->t, c);
}

/* An exceptions table of pick's n columns in section s, for name or all. */
static int
exceptions_table(struct db *db, struct rpt_section *s, const int *pick,
    size_t n, struct rpt_col *cols, const char *name,
    const struct rpt_sink *sink, struct rpt_table **out, struct err *e)
{
	struct exc_arg x;

	x.t = rpt_table(s, "exceptions", rpt_cols_pick(cols, exc_all, pick, n),
	    n);
	x.t->sink = sink;
	x.t->pick = pick;
	x.campaign = name;
	*out = x.t;
	return exception_list(db, add_exception, &x, e);
}

static int
last_event(const struct audit_row *r, void *arg)
{
	struct sb *sb = arg;

	sb_reset(sb);
	sb_addf(sb, "%s (event %lld, %s, %s)", r->hash, (long long)r->id,
	    r->action, r->at);
	return 0;
}

static void
audit_section(struct db *db, struct rpt_doc *d)
{
	struct rpt_section *s = rpt_section(d, "audit", "Audit chain", 0);
	struct audit_report ar;
	struct err e2 = ERR_INIT;
	struct sb head = SB_INIT;
	int rc;

	memset(&ar, 0, sizeof(ar));
	rc = audit_verify(db, &ar, &e2);
	if (audit_query(db, 0, 0, last_event, &head, &e2) != 0 || head.len == 0)
		sb_adds(&head, "(no events)");
	rpt_field(s, "head_hash", "Chain head", head.buf);
	/* the key an auditor checks the head with (parc verify --pubkey) */
	if (ar.sig_checked)
		rpt_fieldf(s, "signing_key", "Signing key", "%s%s", ar.key_fpr,
		    rc == 0 ? " (signs the head)" : "");
	else
		rpt_fieldf(s, "signing_key", "Signing key", "%s",
		    ar.checkpoints > 0 ? "not checked (no key given)"
				       : "none (the chain is not signed)");
	if (rc == 0)
		rpt_fieldf(s, "verify", "parc verify",
		    "intact: %lld events, %lld decisions, %lld review items "
		    "and %lld role%s checked at %s",
		    (long long)ar.events, (long long)ar.decisions,
		    (long long)ar.items, (long long)ar.roles,
		    ar.roles == 1 ? "" : "s", d->generated_at);
	else
		rpt_fieldf(s, "verify", "parc verify", "FAILED at %s: %s",
		    d->generated_at, ar.what[0] ? ar.what : e2.msg);
	sb_release(&head);
}

static void
pct(char *buf, size_t len, int64_t a, int64_t b)
{
	if (b == 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f%%", 100.0 * (double)a / (double)b);
}

static int evidence(struct db *db, const char *name, int items_only,
    struct rpt_doc **out, struct err *e);

int
rpt_evidence(struct db *db, const char *name, struct rpt_doc **out,
    struct err *e)
{
	return evidence(db, name, 0, out, e);
}

int
rpt_evidence_items(struct db *db, const char *name, struct rpt_doc **out,
    struct err *e)
{
	return evidence(db, name, 1, out, e);
}

static int
evidence(struct db *db, const char *name, int items_only, struct rpt_doc **out,
    struct err *e)
{
	struct rpt_doc *d;
	struct cover cv;
	struct items its;
	struct db_item_query q;
	struct tally byrev = { 0 }, bysrc = { 0 };
	struct rpt_section *s;
	struct rpt_table *t, *fl;
	static struct rpt_col exc_cols[NCOLS(exc_pick)];
	char buf[64], id[24], tier[16];
	const char *cells[NCOLS(item_cols)];
	int64_t decided;
	size_t i, nflagged = 0;
	int rc;

	*out = NULL;
	memset(&cv, 0, sizeof(cv));
	memset(&its, 0, sizeof(its));
	d = rpt_doc_new("evidence", "Access review evidence", name);
	d->wide = 1;
	cv.d = d;
	if ((rc = campaign_get(db, name, fill_cover, &cv, e)) != 0)
		goto out;
	if (cv.state != NULL && strcmp(cv.state, "closed") != 0)
		d->draft = xstrdup(strcmp(cv.state, "draft") == 0
			? "Draft: the campaign has not started."
			: "Draft: the campaign is still open; decisions may "
			  "change until it is closed.");
	memset(&q, 0, sizeof(q));
	q.campaign = cv.id;
	q.order = DB_ORDER_ID;
	if ((rc = db_items_page(db, &q, NULL, DB_PAGE_FIRST, 0, collect_item,
		 &its, e)) != 0)
		goto out;
	for (i = 0; i < its.n; i++) {
		struct sb sb = SB_INIT;

		if ((rc = item_history(db, its.v[i].id, collect_delegation, &sb,
			 e)) != 0) {
			sb_release(&sb);
			goto out;
		}
		if (its.v[i].reassigned_from != NULL) {
			if (sb.len > 0)
				sb_addc(&sb, '\n');
			sb_addf(&sb, "assigned here: %s",
			    its.v[i].reassigned_from);
		}
		its.v[i].delegations = sb.len ? sb_detach(&sb) : NULL;
		sb_release(&sb);
		tally_add(&byrev, its.v[i].reviewer, its.v[i].decision);
		tally_add(&bysrc, its.v[i].source, its.v[i].decision);
		if (its.v[i].nfindings > 0)
			nflagged++;
	}
	qsort(its.v, its.n, sizeof(*its.v), cmp_item);

	/* summary */
	s = rpt_section(d, "summary", "Summary", 1);
	decided = cv.approved + cv.revoked + cv.exceptions;
	rpt_fieldf(s, "items", "Items", "%lld", (long long)cv.items);
	pct(buf, sizeof(buf), decided, cv.items);
	rpt_fieldf(s, "completion", "Completion", "%s (%lld of %lld decided)",
	    buf, (long long)decided, (long long)cv.items);
	rpt_fieldf(s, "approved", "Approved", "%lld", (long long)cv.approved);
	rpt_fieldf(s, "revoked", "Revoked", "%lld", (long long)cv.revoked);
	rpt_fieldf(s, "exceptions", "Exceptions", "%lld",
	    (long long)cv.exceptions);
	rpt_fieldf(s, "pending", "Pending", "%lld%s", (long long)cv.pending,
	    cv.close_default && cv.pending
		? (strcmp(cv.close_default, "revoke") == 0
			  ? " (counted as revoked at close)"
			  : " (kept at close)")
		: "");
	rpt_fieldf(s, "overdue", "Overdue", "%lld", (long long)cv.overdue);
	rpt_fieldf(s, "unassigned", "Unassigned", "%lld",
	    (long long)cv.unassigned);
	rpt_fieldf(s, "remediated", "Revocations seen done", "%lld",
	    (long long)cv.remediated);
	rpt_fieldf(s, "flagged", "Items with findings", "%zu", nflagged);
	s = rpt_section(d, "by_reviewer", "Items by reviewer", 0);
	tally_table(s, "by_reviewer", "Reviewer", &byrev);
	s = rpt_section(d, "by_source", "Items by source", 0);
	tally_table(s, "by_source", "Source", &bysrc);
	if ((rc = rpt_signals_section(db, d, cv.id, e)) != 0)
		goto out;
	s = rpt_section(d, "flagged", "Flagged items and what was decided", 0);
	fl = rpt_table(s, "flagged", flagged_cols, NCOLS(flagged_cols));

	s = rpt_section(d, "items", "Items by reviewer", 1);
	t = rpt_table(s, "items", item_cols, NCOLS(item_cols));
	t->group_col = ITEM_REVIEWER;
	t->group_label = "Reviewer";
	d->primary = t;
	for (i = 0; i < its.n; i++) {
		struct item *it = &its.v[i];

		snprintf(id, sizeof(id), "%lld", (long long)it->id);
		if (it->tier >= 0)
			snprintf(tier, sizeof(tier), "%d", it->tier);
		cells[0] = id;
		cells[1] = it->person;
		cells[2] = it->account;
		cells[3] = it->source;
		cells[4] = it->entitlement;
		cells[5] = it->tier >= 0 ? tier : NULL;
		cells[6] = it->path;
		cells[7] = it->findings;
		cells[8] = it->decision;
		cells[9] = it->until;
		cells[10] = it->comment;
		cells[11] = it->decided_by;
		cells[12] = it->decided_at;
		cells[13] = it->delegations;
		cells[14] = it->status;
		cells[15] = it->reviewer ? it->reviewer : "(unassigned)";
		rpt_row(t, cells);
		if (it->nfindings > 0) {
			const char *fc[NCOLS(flagged_cols)] = { id, it->person,
				it->account, it->entitlement, it->findings,
				cells[15], it->decision, it->comment,
				it->decided_by };

			rpt_row(fl, fc);
		}
	}

	if (items_only)
		goto done;
	s = rpt_section(d, "exceptions", "Exceptions register", 1);
	if ((rc = exceptions_table(db, s, exc_pick, NCOLS(exc_pick), exc_cols,
		 name, NULL, &t, e)) != 0)
		goto out;
	audit_section(db, d);
	s = rpt_section(d, "signoff", "Sign-off", 0);
	rpt_text(s,
	    "I have reviewed this evidence of the access review "
	    "campaign named above.");
	rpt_field(s, "name", "Name", "________________________________");
	rpt_field(s, "role", "Role", "________________________________");
	rpt_field(s, "signature", "Signature",
	    "________________________________");
	rpt_field(s, "date", "Date", "________________________________");
done:
	*out = d;
	d = NULL;
out:
	for (i = 0; i < its.n; i++)
		item_release(&its.v[i]);
	free(its.v);
	free(cv.state);
	free(cv.close_default);
	for (i = 0; i < byrev.len; i++)
		free(byrev.keys[i]);
	free(byrev.keys);
	free(byrev.n);
	for (i = 0; i < bysrc.len; i++)
		free(bysrc.keys[i]);
	free(bysrc.keys);
	free(bysrc.n);
	rpt_doc_free(d);
	return rc;
}

/* ---- campaigns ---- */

static const struct rpt_col campaign_cols[] = {
	{ "id", "Id", 0.5, RPT_INT },
	{ "name", "Campaign", 1, RPT_STR },
	{ "state", "State", 0.5, RPT_STR },
	{ "due", "Due", 0.8, RPT_STR },
	{ "scope", "Scope", 1, RPT_STR },
	{ "reviewer_rule", "Reviewers", 0.8, RPT_STR },
	{ "fallback", "Fallback reviewer", 0.8, RPT_STR },
	{ "every", "Recurs", 0.6, RPT_STR },
	{ "series", "Series", 0.8, RPT_STR },
	{ "created_by", "Created by", 0.8, RPT_STR },
	{ "created_at", "Created at", 1, RPT_STR },
	{ "closed_by", "Closed by", 0.8, RPT_STR },
	{ "closed_at", "Closed at", 1, RPT_STR },
	{ "close_default", "Pending items at close", 0.6, RPT_STR },
	{ "items", "Items", 0.5, RPT_INT },
	{ "pending", "Pending", 0.5, RPT_INT },
	{ "approved", "Approved", 0.5, RPT_INT },
	{ "revoked", "Revoked", 0.5, RPT_INT },
	{ "exceptions", "Exceptions", 0.5, RPT_INT },
	{ "overdue", "Overdue", 0.5, RPT_INT },
	{ "unassigned", "Unassigned", 0.5, RPT_INT },
	{ "remediated", "Revocations seen done", 0.5, RPT_INT },
};

static int
add_campaign(const struct campaign_row *r, void *arg)
{
	const int64_t n[] = { r->id, r->items, r->pending, r->approved,
		r->revoked, r->exceptions, r->overdue, r->unassigned,
		r->remediated };
	char num[NCOLS(n)][24];
	const char *c[NCOLS(campaign_cols)];
	size_t i;

	for (i = 0; i < NCOLS(n); i++)
		snprintf(num[i], sizeof(num[i]), "%lld", (long long)n[i]);
	c[0] = num[0];
	c[1] = r->name;
	c[2] = r->state;
	c[3] = r->due;
	c[4] = r->scope;
	c[5] = r->reviewer_rule;
	c[6] = r->fallback;
	c[7] = r->every;
	c[8] = r->series;
	c[9] = r->created_by;
	c[10] = r->created_at;
	c[11] = r->closed_by;
	c[12] = r->closed_at;
	c[13] = r->close_default;
	for (i = 1; i < NCOLS(n); i++)
		c[13 + i] = num[i];
	return rpt_row(arg, c);
}

int
rpt_campaigns_list(struct db *db, const struct rpt_sink *sink,
    struct rpt_doc **out, struct err *e)
{
	struct rpt_doc *d;
	int rc;

	*out = NULL;
	d = rpt_doc_new("campaigns", "Campaigns", "all campaigns");
	d->primary = rpt_table(rpt_section(d, "campaigns", NULL, 0),
	    "campaigns", campaign_cols, NCOLS(campaign_cols));
	d->primary->sink = sink;
	if ((rc = campaign_list(db, add_campaign, d->primary, e)) != 0) {
		rpt_doc_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

int
rpt_campaign_created(int64_t id, const char *name, int64_t items,
    const char *due, struct rpt_doc **out)
{
	static const struct rpt_col cols[] = {
		{ "id", "Id", 1, RPT_INT },
		{ "name", "Campaign", 1, RPT_STR },
		{ "items", "Items", 1, RPT_INT },
		{ "due", "Due", 1, RPT_STR },
	};
	char sid[24], sn[24];
	const char *c[] = { sid, name, sn, due };
	struct rpt_doc *d = rpt_doc_new("campaign", "Campaign opened", name);

	snprintf(sid, sizeof(sid), "%lld", (long long)id);
	snprintf(sn, sizeof(sn), "%lld", (long long)items);
	d->primary =
	    rpt_table(rpt_section(d, "", NULL, 0), "campaign", cols, 4);
	d->primary->record = 1;
	rpt_row(d->primary, c);
	*out = d;
	return 0;
}

/* A review item's columns, as campaign show and item --json write them. */
static const struct rpt_col item_list_cols[] = {
	{ "id", "Item", 0.5, RPT_INT },
	{ "reviewer", "Reviewer", 1, RPT_STR },
	{ "person", "Person", 1.3, RPT_STR },
	{ "employee_id", "Employee", 0.7, RPT_STR },
	{ "source", "Source", 0.8, RPT_STR },
	{ "host", "Host", 0.8, RPT_STR },
	{ "account", "Account", 1.2, RPT_STR },
	{ "entitlement", "Entitlement", 1.4, RPT_STR },
	{ "tier", "Tier", 0.5, RPT_INT },
	{ "path", "Path", 1.6, RPT_JSON },
	{ "last_used", "Last used", 1, RPT_STR },
	{ "findings", "Findings", 1.3, RPT_JSON },
	{ "decision", "Decision", 0.8, RPT_STR },
	{ "until", "Until", 0.8, RPT_STR },
	{ "comment", "Justification", 2, RPT_STR },
	{ "decided_by", "Decided by", 0.9, RPT_STR },
	{ "decided_at", "Decided at", 1.3, RPT_STR },
	{ "reassigned_from", "Assigned here because", 1, RPT_STR },
	{ "overdue", "Overdue", 0.5, RPT_BOOL },
	{ "remediated_at", "Removal seen", 1, RPT_STR },
	{ "grant_present", "Grant present", 0.5, RPT_BOOL },
};

static int
add_item(const struct item_row *r, void *arg)
{
	char id[24], tier[16];
	const char *c[NCOLS(item_list_cols)] = { id, r->reviewer, r->person,
		r->employee_id, r->source, r->host, r->account, r->entitlement,
		r->tier >= 0 ? tier : NULL, r->path, r->last_used, r->findings,
		r->decision, r->until, r->comment, r->decided_by, r->decided_at,
		r->reassigned_from, r->overdue_at ? "yes" : "no",
		r->remediated_at, r->grant_present ? "yes" : "no" };

	snprintf(id, sizeof(id), "%lld", (long long)r->id);
	snprintf(tier, sizeof(tier), "%d", r->tier);
	return rpt_row(arg, c);
}

/* The campaign's record in section key of d; *id is the campaign's. */
struct campaign_rec {
	struct rpt_table *t;
	int64_t id;
};

static int
add_campaign_rec(const struct campaign_row *r, void *arg)
{
	struct campaign_rec *c = arg;

	c->id = r->id;
	return add_campaign(r, c->t);
}

static int
campaign_record(struct db *db, struct rpt_doc *d, const char *key,
    const char *name, int64_t *id, struct err *e)
{
	struct campaign_rec c;
	int rc;

	c.t = rpt_table(rpt_section(d, key, NULL, 0), key, campaign_cols,
	    NCOLS(campaign_cols));
	c.t->record = 1;
	c.id = 0;
	rc = campaign_get(db, name, add_campaign_rec, &c, e);
	*id = c.id;
	return rc;
}

int
rpt_campaign_show(struct db *db, const char *name, struct db_item_query *q,
    struct rpt_doc **out, struct err *e)
{
	struct rpt_doc *d;
	int rc;

	*out = NULL;
	d = rpt_doc_new("campaign", "Campaign", name);
	if ((rc = campaign_record(db, d, "campaign", name, &q->campaign, e)) !=
	    0) {
		rpt_doc_free(d);
		return rc;
	}
	q->order = DB_ORDER_ID;
	d->primary = rpt_table(rpt_section(d, "items", NULL, 0), "items",
	    item_list_cols, NCOLS(item_list_cols));
	*out = d;
	return 0;
}

int
rpt_campaign_items(struct db *db, const struct db_item_query *q,
    struct rpt_table *t, struct err *e)
{
	return db_items_page(db, q, NULL, DB_PAGE_FIRST, 0, add_item, t, e);
}

static const struct rpt_col history_cols[] = {
	{ "id", "Id", 0.5, RPT_INT },
	{ "decision", "Decision", 0.8, RPT_STR },
	{ "until", "Until", 0.8, RPT_STR },
	{ "comment", "Justification", 2, RPT_STR },
	{ "delegate", "Delegated to", 0.8, RPT_STR },
	{ "decided_by", "Decided by", 0.8, RPT_STR },
	{ "acted_by", "Entered by", 0.8, RPT_STR },
	{ "decided_at", "Decided at", 1, RPT_STR },
};

static int
add_history(const struct decision_row *r, void *arg)
{
	char id[24];
	const char *c[NCOLS(history_cols)] = { id, r->decision, r->until,
		r->comment, r->delegate, r->decided_by, r->acted_by,
		r->decided_at };

	snprintf(id, sizeof(id), "%lld", (long long)r->id);
	return rpt_row(arg, c);
}

static const struct rpt_col earlier_cols[] = {
	{ "item", "Item", 0.5, RPT_INT },
	{ "campaign", "Campaign", 1, RPT_STR },
	{ "decision", "Decision", 0.8, RPT_STR },
	{ "decided_by", "Decided by", 0.8, RPT_STR },
	{ "decided_at", "Decided at", 1, RPT_STR },
	{ "comment", "Justification", 2, RPT_STR },
};

static int
add_earlier(const struct item_row *r, void *arg)
{
	char id[24];
	const char *c[NCOLS(earlier_cols)] = { id, r->campaign, r->decision,
		r->decided_by, r->decided_at, r->comment };

	snprintf(id, sizeof(id), "%lld", (long long)r->id);
	return rpt_row(arg, c);
}

int
rpt_campaign_item(struct db *db, int64_t id, struct rpt_doc **out,
    struct err *e)
{
	struct rpt_doc *d;
	struct rpt_table *t;
	int rc;

	*out = NULL;
	d = rpt_doc_new("item", "Review item", NULL);
	t = d->primary = rpt_table(rpt_section(d, "item", NULL, 0), "item",
	    item_list_cols, NCOLS(item_list_cols));
	t->record = 1;
	if ((rc = item_get(db, id, add_item, t, e)) != 0)
		goto fail;
	t = rpt_table(rpt_section(d, "history", NULL, 0), "history",
	    history_cols, NCOLS(history_cols));
	if ((rc = item_history(db, id, add_history, t, e)) != 0)
		goto fail;
	t = rpt_table(rpt_section(d, "earlier", NULL, 0), "earlier",
	    earlier_cols, NCOLS(earlier_cols));
	if ((rc = item_prior(db, id, add_earlier, t, e)) != 0)
		goto fail;
	*out = d;
	return 0;
fail:
	rpt_doc_free(d);
	return rc;
}

/* ---- verify ---- */

int
rpt_verify(const struct audit_report *r, int intact, struct rpt_doc **out)
{
	static const struct rpt_col cols[] = {
		{ "ok", "Intact", 1, RPT_BOOL },
		{ "events", "Events", 1, RPT_INT },
		{ "decisions", "Decisions", 1, RPT_INT },
		{ "campaigns", "Campaigns", 1, RPT_INT },
		{ "items", "Review items", 1, RPT_INT },
		{ "roles", "Roles", 1, RPT_INT },
		{ "first_bad_event", "First bad event", 1, RPT_INT },
		{ "bad_table", "Table at fault", 1, RPT_STR },
		{ "bad_row", "Row at fault", 1, RPT_STR },
		{ "problem", "Problem", 3, RPT_STR },
	};
	static const struct rpt_col head_cols[] = {
		{ "id", "Event", 1, RPT_INT },
		{ "hash", "Hash", 3, RPT_STR },
		{ "checkpoints", "Checkpoints", 1, RPT_INT },
		{ "key", "Signing key", 3, RPT_STR },
		{ "signed_id", "Last signed event", 1, RPT_INT },
	};
	char events[24], decisions[24], bad[24], head[24];
	char campaigns[24], items[24], roles[24];
	const char *c[] = { intact ? "yes" : "no", events, decisions, campaigns,
		items, roles, r->bad_id > 0 ? bad : NULL,
		intact ? NULL : r->bad_table,
		intact || r->bad_table == NULL ? NULL : r->bad_row,
		intact ? NULL : r->what };
	char cps[24], signed_id[24];
	const char *h[] = { head, r->head_hash, cps,
		r->sig_checked ? r->key_fpr : NULL,
		r->sig_checked ? signed_id : NULL };
	struct rpt_doc *d = rpt_doc_new("verify", "Audit chain", NULL);
	struct rpt_table *t;

	snprintf(events, sizeof(events), "%lld", (long long)r->events);
	snprintf(decisions, sizeof(decisions), "%lld", (long long)r->decisions);
	snprintf(campaigns, sizeof(campaigns), "%lld", (long long)r->campaigns);
	snprintf(items, sizeof(items), "%lld", (long long)r->items);
	snprintf(roles, sizeof(roles), "%lld", (long long)r->roles);
	snprintf(bad, sizeof(bad), "%lld", (long long)r->bad_id);
	snprintf(head, sizeof(head), "%lld", (long long)r->head_id);
	snprintf(cps, sizeof(cps), "%lld", (long long)r->checkpoints);
	snprintf(signed_id, sizeof(signed_id), "%lld", (long long)r->signed_id);
	t = d->primary =
	    rpt_table(rpt_section(d, "", NULL, 0), "verify", cols, NCOLS(cols));
	t->record = 1;
	rpt_row(t, c);
	t = rpt_table(rpt_section(d, "head", NULL, 0), "head", head_cols,
	    NCOLS(head_cols));
	t->record = 1;
	rpt_row(t, h);
	*out = d;
	return 0;
}

/* ---- exceptions ---- */

int
rpt_exceptions(struct db *db, struct rpt_doc **out, struct err *e)
{
	static struct rpt_col cols[NCOLS(exc_report_pick)];
	struct rpt_doc *d;
	struct rpt_section *s;
	int rc;

	*out = NULL;
	d = rpt_doc_new("exceptions", "Exceptions register", "all campaigns");
	d->wide = 1;
	s = rpt_section(d, "exceptions", "Exceptions, by expiry", 0);
	if ((rc = exceptions_table(db, s, exc_report_pick,
		 NCOLS(exc_report_pick), cols, NULL, NULL, &d->primary, e)) !=
	    0) {
		rpt_doc_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

int
rpt_exceptions_list(struct db *db, const struct rpt_sink *sink,
    struct rpt_doc **out, struct err *e)
{
	static struct rpt_col cols[NCOLS(exc_list_pick)];
	struct rpt_doc *d;
	int rc;

	*out = NULL;
	d = rpt_doc_new("exceptions", "Exceptions register", "all campaigns");
	if ((rc = exceptions_table(db, rpt_section(d, "exceptions", NULL, 0),
		 exc_list_pick, NCOLS(exc_list_pick), cols, NULL, sink,
		 &d->primary, e)) != 0) {
		rpt_doc_free(d);
		return rc;
	}
	*out = d;
	return 0;
}
