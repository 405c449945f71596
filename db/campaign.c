/*
 * campaign.c - certification campaigns: creating one (freezing its
 * items), listing, closing, and the periodic tick that opens recurring
 * campaigns and marks overdue items.
 *
 * Every change is one BEGIN IMMEDIATE transaction (db_begin) that also
 * appends to the audit chain, so a refused or failed action changes
 * nothing and a crash loses nothing that was acknowledged.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "db/campaign.h"
#include "db/campaign_int.h"
#include "db/conflict.h"
#include "db/dbint.h"
#include "db/finding.h"
#include "db/progress.h"
#include "db/scope.h"
#include "db/stage.h"

#define NAME_MAX_LEN 100

/* ---- recurrence ---- */

/*
 * Turn "quarter", "month" or "N days" into an SQLite date modifier
 * ("+3 months") in out. Returns 0 or PARC_EUSAGE.
 */
static int
every_modifier(const char *every, char *out, size_t len, struct err *e)
{
	char *end;
	long n;

	if (strcmp(every, "quarter") == 0)
		snprintf(out, len, "+3 months");
	else if (strcmp(every, "month") == 0)
		snprintf(out, len, "+1 months");
	else {
		n = strtol(every, &end, 10);
		if (end == every || n < 1 || n > 3660 ||
		    (strcmp(end, " days") != 0 && strcmp(end, "days") != 0 &&
			strcmp(end, " day") != 0 && strcmp(end, "") != 0))
			return err_set(e, PARC_EUSAGE,
			    "--every wants quarter, month or N days, not "
			    "'%s'",
			    every);
		snprintf(out, len, "+%ld days", n);
	}
	return 0;
}

/* ---- creating ---- */

/* The SQL below is laid out by hand, to read as SQL. */
/* clang-format off */
/* Whether temp.scope has a term with key k (a SQL expression). */
#define HAS(k) "EXISTS (SELECT 1 FROM temp.scope WHERE key = '" k "')"
#define ANY(k, cond)                                                         \
	"EXISTS (SELECT 1 FROM temp.scope sc WHERE sc.key = '" k "' AND "   \
	cond ")"
#define FINDINGS_OF(g, p, i)                                                 \
	"(f.grant_id = " g " OR (f.grant_id IS NULL AND f.principal_id = " p \
	") OR (f.grant_id IS NULL AND f.principal_id IS NULL AND"            \
	" f.identity_id = " i "))"

/*
 * Freeze the items of campaign :cid, in one statement over the grants.
 * :rule is the reviewer rule, :fallback the fallback login, :reenter a
 * date (exceptions expiring on or before it come back) or NULL.
 */
static const char items_sql[] =
    "WITH c AS (SELECT g.id AS grant_id, s.name AS source,"
    " s.kind AS source_kind, coalesce(p.host, n.host) AS host,"
    " p.ext_id AS account_ext_id, p.name AS account,"
    " i.display_name AS person, i.employee_id, i.login AS plogin,"
    " n.ext_id AS entitlement_ext_id, n.name AS entitlement, n.tier,"
    " n.reason, g.path, coalesce(a.last_used_at, p.last_used_at) AS"
    " last_used,"
    " (SELECT json_group_array(json_object('kind', f.kind, 'severity',"
    "  f.severity, 'evidence', f.evidence, 'techniques',"
    "  coalesce(f.techniques, ''))) FROM finding f WHERE "
    FINDINGS_OF("g.id", "p.id", "p.identity_id") ") AS findings,"
    " CASE :rule WHEN 'manager' THEN (SELECT m.login FROM identity m"
    "  WHERE m.id = i.manager_id)"
    "  WHEN 'owner' THEN coalesce((SELECT o.login FROM identity o WHERE"
    "  o.employee_id = n.owner), (SELECT o.login FROM identity o WHERE"
    "  lower(o.login) = lower(n.owner) LIMIT 1), n.owner)"
    "  ELSE :rule END AS rr"
    " FROM effective_grant g JOIN source s ON s.id = g.source_id"
    " JOIN principal p ON p.id = g.account_id"
    " JOIN entitlement n ON n.id = g.entitlement_id"
    " LEFT JOIN assignment a ON a.id = g.assignment_id"
    " LEFT JOIN identity i ON i.id = p.identity_id"
    " WHERE ((NOT " HAS("tier") " AND n.tier <= 2) OR "
    ANY("tier", "CAST(sc.v AS INTEGER) = n.tier") ")"
    " AND (NOT " HAS("source") " OR "
    ANY("source", "lower(s.name) GLOB lower(sc.v)") ")"
    " AND (NOT " HAS("kind") " OR " ANY("kind", "s.kind = sc.v") ")"
    " AND (NOT " HAS("entitlement") " OR "
    ANY("entitlement", "lower(n.name) GLOB lower(sc.v)") ")"
    " AND (NOT " HAS("person") " OR "
    ANY("person", "i.employee_id = sc.v OR lower(i.login) = lower(sc.v)"
		  " OR lower(i.display_name) GLOB lower(sc.v)") ")"
    " AND (NOT " HAS("since") " OR "
    ANY("since", "g.first_seen > (SELECT created_at FROM campaign"
		 " WHERE name = sc.v)") ")"
    " AND (NOT " HAS("finding") " OR EXISTS (SELECT 1 FROM finding f"
    "  JOIN temp.scope sc ON sc.key = 'finding' AND (sc.v = 'any' OR"
    "  sc.v = f.kind) WHERE " FINDINGS_OF("g.id", "p.id", "p.identity_id")
    "))"
    " OR (:reenter IS NOT NULL AND g.id IN (SELECT x.grant_id FROM"
    "  review_item x WHERE x.decision = 'exception' AND x.until <="
    "  :reenter))"
    /*
     * Not flattened into d and the INSERT (a LIMIT with an OFFSET keeps
     * it a co-routine): flattened, each use of findings and rr below
     * would run their subqueries again, three and twelve times a row.
     */
    " LIMIT -1 OFFSET 0),"
    " d AS (SELECT c.*, CASE WHEN rr IS NULL OR rr = '' THEN 1"
    "  WHEN plogin IS NOT NULL AND lower(rr) = lower(plogin) THEN 2"
    "  ELSE 0 END AS why FROM c)"
    " INSERT INTO review_item (campaign_id, grant_id, source, source_kind,"
    " host, account_ext_id, account, person, employee_id,"
    " entitlement_ext_id, entitlement, tier, reason, path, last_used,"
    " findings, nfindings, reviewer, reassigned_from)"
    " SELECT :cid, grant_id, source, source_kind, host, account_ext_id,"
    " account, person, employee_id, entitlement_ext_id, entitlement, tier,"
    " reason, path, last_used, findings, json_array_length(findings),"
    " CASE WHEN why = 0 THEN lower(rr)"
    "  WHEN plogin IS NOT NULL AND lower(:fallback) = lower(plogin)"
    "  THEN NULL ELSE lower(:fallback) END,"
    " CASE why WHEN 1 THEN 'the rule ' || :rule || ' names nobody'"
    "  WHEN 2 THEN rr || ' would review their own access' END"
    "  || CASE WHEN why <> 0 AND plogin IS NOT NULL AND lower(:fallback) ="
    "  lower(plogin) THEN '; the fallback ' || :fallback || ' is the"
    " person too: unassigned' ELSE '' END"
    /* no ORDER BY: the grants' own order (by account) halves the time */
    " FROM d";

/* clang-format on */

/*
 * Leave the items of draft campaign id out of the filter's trigram index
 * for now (schema v_i19camp2): splitting a million items' text into
 * trigrams was a third of create's time, for the console's filter alone,
 * which fills the index a batch at a time when it needs it
 * (db_items_index_step) and reads the items themselves until then.
 */
static int
index_later(struct db *db, int64_t id, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db,
		 "INSERT INTO review_item_text_todo (campaign_id, next_id)"
		 " VALUES (?1, 0)",
		 &st, e)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = db_step_done(db, st, e, "index the review items");
	sqlite3_finalize(st);
	return rc;
}

/*
 * A new campaign's items counted by reviewer while the create digest
 * reads them (audit_campaign_digest's each): at creation every item is
 * pending, not overdue and not remediated, so a reviewer's count and
 * whether an item is reassigned are all there is to count. An open
 * hash of reviewers; the items come in grant order, a reviewer's often
 * in a row, so the last one is tried first.
 */
struct tally_slot {
	char *reviewer; /* "" for unassigned items; NULL: a free slot */
	int64_t items;
};

struct tally {
	struct tally_slot *v;
	size_t cap, used;
	struct tally_slot *last;
	int64_t items, unassigned, reassigned;
};

static size_t
tally_hash(const char *s)
{
	size_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static struct tally_slot *
tally_find(struct tally_slot *v, size_t cap, const char *key)
{
	size_t i = tally_hash(key) & (cap - 1);

	while (v[i].reviewer != NULL && strcmp(v[i].reviewer, key) != 0)
		i = (i + 1) & (cap - 1);
	return &v[i];
}

static void
tally_each(const char *reviewer, const char *reassigned_from, void *arg)
{
	struct tally *t = arg;
	const char *key = reviewer != NULL ? reviewer : "";
	struct tally_slot *sl, *nv;
	size_t i;

	t->items++;
	if (reviewer == NULL)
		t->unassigned++;
	if (reassigned_from != NULL)
		t->reassigned++;
	if (t->last != NULL && strcmp(t->last->reviewer, key) == 0) {
		t->last->items++;
		return;
	}
	if (2 * (t->used + 1) > t->cap) {
		nv = xcalloc(t->cap ? 2 * t->cap : 256, sizeof(*nv));
		for (i = 0; i < t->cap; i++)
			if (t->v[i].reviewer != NULL)
				*tally_find(nv, t->cap ? 2 * t->cap : 256,
				    t->v[i].reviewer) = t->v[i];
		free(t->v);
		t->v = nv;
		t->cap = t->cap ? 2 * t->cap : 256;
	}
	sl = tally_find(t->v, t->cap, key);
	if (sl->reviewer == NULL) {
		sl->reviewer = xstrdup(key);
		t->used++;
	}
	sl->items++;
	t->last = sl;
}

static void
tally_release(struct tally *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->v[i].reviewer);
	free(t->v);
}

/*
 * Write the tally of draft campaign id into its campaign_count row and
 * its reviewers' campaign_reviewer_count rows (the triggers leave a
 * draft's items alone). *reentered (may be NULL) gets how many items
 * came back with an exception expiring by reenter (NULL: none), through
 * the exceptions' and the grants' indexes (the unary + keeps SQLite from
 * reading every new item by campaign instead).
 */
static int
count_items(struct db *db, int64_t id, const struct tally *t,
    const char *reenter, int64_t *reentered, struct err *e)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	if ((rc = db_prepare(db,
		 "DELETE FROM campaign_reviewer_count WHERE campaign_id = ?1",
		 &st, e)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = db_step_done(db, st, e, "count the review items");
	sqlite3_finalize(st);
	st = NULL;
	if (rc != 0)
		return rc;
	if ((rc = db_prepare(db,
		 "INSERT INTO campaign_reviewer_count (campaign_id, reviewer,"
		 " items, pending) VALUES (?1, ?2, ?3, ?3)",
		 &st, e)) != 0)
		return rc;
	for (i = 0; i < t->cap && rc == 0; i++) {
		if (t->v[i].reviewer == NULL)
			continue;
		sqlite3_bind_int64(st, 1, id);
		db_bind_text(st, 2, t->v[i].reviewer);
		sqlite3_bind_int64(st, 3, t->v[i].items);
		rc = db_step_done(db, st, e, "count the review items");
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != 0)
		return rc;
	if ((rc = db_prepare(db,
		 "UPDATE campaign_count SET items = ?2, pending = ?2,"
		 " approved = 0, revoked = 0, exceptions = 0, overdue = 0,"
		 " unassigned = ?3, remediated = 0 WHERE campaign_id = ?1",
		 &st, e)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, t->items);
	sqlite3_bind_int64(st, 3, t->unassigned);
	rc = db_step_done(db, st, e, "count the review items");
	sqlite3_finalize(st);
	st = NULL;
	if (rc != 0 || reentered == NULL)
		return rc;
	*reentered = 0;
	if (reenter == NULL)
		return 0;
	if ((rc = db_prepare(db,
		 "SELECT count(*) FROM review_item WHERE +campaign_id = ?1"
		 " AND grant_id IN (SELECT x.grant_id FROM review_item x"
		 " WHERE x.campaign_id <> ?1 AND x.decision = 'exception'"
		 " AND x.until <= ?2)",
		 &st, e)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, reenter);
	if (sqlite3_step(st) == SQLITE_ROW)
		*reentered = sqlite3_column_int64(st, 0);
	else
		rc = db_fail(db, e, "count the items that came back");
	sqlite3_finalize(st);
	return rc;
}

struct create_args {
	const struct campaign_spec *s;
	struct campaign_settings set;
	const char *who;      /* actor label */
	const char *fallback; /* resolved */
	const char *series;   /* NULL: the campaign starts a series */
	int seq;
	const char *reenter; /* date or NULL */
	const char *now;     /* ISO 8601 */
};

/* Inside the caller's transaction. */
static int
create_in_tx(struct db *db, const struct create_args *ca, int64_t *idp,
    int64_t *np, int64_t *reentered, struct err *e)
{
	const struct campaign_spec *s = ca->s;
	const char *rule = s->reviewer ? s->reviewer : "manager";
	struct audit_campaign_digest cd = { 0 };
	struct tally tally = { 0 };
	sqlite3_stmt *st = NULL;
	struct sb det = SB_INIT, obj = SB_INIT;
	int64_t id, n, cache = -2000;
	char pragma[64];
	int rc, i;

	if ((rc = db_prepare(db, "SELECT 1 FROM campaign WHERE name = ?1", &st,
		 e)) != 0)
		return rc;
	db_bind_text(st, 1, s->name);
	i = sqlite3_step(st);
	sqlite3_finalize(st);
	st = NULL;
	if (i == SQLITE_ROW)
		return err_set(e, PARC_EUSAGE,
		    "a campaign called '%s' exists already", s->name);
	if ((rc = scope_load(db, s->scope, e)) != 0)
		return rc;
	/* Freezing a million items touches nine indexes: a bigger cache. */
	cache = db_count(db, "PRAGMA cache_size");
	db_exec(db, "PRAGMA cache_size = -262144", NULL);
	if ((rc = db_prepare(db,
		 "INSERT INTO campaign (name, scope, reviewer_rule, fallback,"
		 " due, state, created_by, created_at, opened_at, every,"
		 " series, seq) VALUES (?1, ?2, ?3, ?4, ?5, 'draft', ?6, ?7, "
		 "?7,"
		 " ?8, coalesce(?9, ?1), ?10)",
		 &st, e)) != 0)
		goto out;
	db_bind_text(st, 1, s->name);
	db_bind_text(st, 2, s->scope);
	db_bind_text(st, 3, rule);
	db_bind_text(st, 4, ca->fallback);
	db_bind_text(st, 5, s->due);
	db_bind_text(st, 6, ca->who);
	db_bind_text(st, 7, ca->now);
	db_bind_text(st, 8, s->every);
	db_bind_text(st, 9, ca->series);
	sqlite3_bind_int(st, 10, ca->seq);
	rc = db_step_done(db, st, e, "create the campaign");
	sqlite3_finalize(st);
	st = NULL;
	if (rc != 0)
		goto out;
	id = sqlite3_last_insert_rowid(db->conn);
	/*
	 * The items' CHECKs are met by construction: findings is
	 * json_group_array's text, decision its default. Checking them
	 * parsed every item's findings JSON again, a tenth of create
	 * (callgrind at 50k grants). The flag acts when a statement is
	 * prepared (and setting it expires those prepared), so it is set
	 * around this one's run alone.
	 */
	if ((rc = db_exec(db, "PRAGMA ignore_check_constraints = ON", e)) !=
		0 ||
	    (rc = db_prepare(db, items_sql, &st, e)) != 0)
		goto out;
	db_bind_named(st, ":rule", rule);
	db_bind_named(st, ":fallback", ca->fallback);
	db_bind_named(st, ":reenter", ca->reenter);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":cid"), id);
	if ((rc = db_step_done(db, st, e, "freeze the review items")) != 0)
		goto out;
	n = sqlite3_changes(db->conn);
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = db_exec(db, "PRAGMA ignore_check_constraints = OFF", e)) != 0)
		goto out;
	/* conflicted reviewers go to the fallback (db/conflict.h) */
	if (!ca->set.allow_conflicts &&
	    (rc = conflict_reassign(db, id, rule, ca->fallback, NULL, e)) != 0)
		goto out;
	if (ca->set.auto_close != NULL || ca->set.allow_conflicts ||
	    ca->set.stage2 != NULL) {
		if ((rc = db_prepare(db,
			 "INSERT INTO campaign_setting (campaign_id,"
			 " auto_close, allow_conflicts, stage2,"
			 " stage2_when) VALUES (?1, ?2, ?3, ?4, ?5)",
			 &st, e)) != 0)
			goto out;
		sqlite3_bind_int64(st, 1, id);
		db_bind_text(st, 2, ca->set.auto_close);
		sqlite3_bind_int(st, 3, ca->set.allow_conflicts ? 1 : 0);
		db_bind_text(st, 4, ca->set.stage2);
		db_bind_text(st, 5,
		    ca->set.stage2 != NULL ? ca->set.stage2_when : NULL);
		rc = db_step_done(db, st, e, "record the campaign's settings");
		sqlite3_finalize(st);
		st = NULL;
		if (rc != 0)
			goto out;
	}
	/*
	 * The record and the frozen items, so verify shows them unchanged
	 * (the record's digest leaves the state out), and in the same read
	 * of the items their counts.
	 */
	cd.each = tally_each;
	cd.arg = &tally;
	if ((rc = index_later(db, id, e)) != 0 ||
	    (rc = audit_campaign_digest(db, id, &cd, e)) != 0 ||
	    (rc = count_items(db, id, &tally, ca->reenter, reentered, e)) != 0)
		goto out;
	if ((rc = db_prepare(db,
		 "UPDATE campaign SET state = 'open' WHERE id = ?1", &st, e)) !=
	    0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	rc = db_step_done(db, st, e, "open the campaign");
	sqlite3_finalize(st);
	st = NULL;
	if (rc != 0)
		goto out;
	sb_adds(&det, "{\"name\": ");
	sb_add_json(&det, s->name);
	sb_adds(&det, ", \"scope\": ");
	sb_add_json(&det, s->scope);
	sb_adds(&det, ", \"reviewer\": ");
	sb_add_json(&det, rule);
	sb_adds(&det, ", \"fallback\": ");
	sb_add_json(&det, ca->fallback);
	sb_adds(&det, ", \"due\": ");
	sb_add_json(&det, s->due);
	sb_adds(&det, ", \"every\": ");
	sb_add_json(&det, s->every);
	if (ca->set.auto_close != NULL) {
		sb_adds(&det, ", \"auto_close\": ");
		sb_add_json(&det, ca->set.auto_close);
	}
	if (ca->set.allow_conflicts)
		sb_adds(&det, ", \"allow_conflicts\": true");
	if (ca->set.stage2 != NULL) {
		sb_adds(&det, ", \"stage2\": ");
		sb_add_json(&det, ca->set.stage2);
		sb_adds(&det, ", \"stage2_when\": ");
		sb_add_json(&det,
		    ca->set.stage2_when ? ca->set.stage2_when
					: "tier0,flagged");
	}
	sb_addf(&det, ", \"items\": %" PRId64 ", \"reassigned\": %" PRId64, n,
	    tally.reassigned);
	sb_addf(&det,
	    ", \"record\": \"%s\", \"first_item\": %" PRId64
	    ", \"items_digest\": \"%s\"}",
	    cd.record, cd.first_item, cd.items_digest);
	sb_addf(&obj, "campaign:%" PRId64, id);
	if ((rc = audit_append(db, ca->who, "campaign.create", obj.buf, det.buf,
		 NULL, e)) != 0)
		goto out;
	if (idp != NULL)
		*idp = id;
	if (np != NULL)
		*np = n;
out:
	sqlite3_finalize(st);
	db_exec(db, "PRAGMA ignore_check_constraints = OFF", NULL);
	tally_release(&tally);
	sb_release(&det);
	sb_release(&obj);
	db_exec(db, "DROP TABLE IF EXISTS temp.scope", NULL);
	snprintf(pragma, sizeof(pragma), "PRAGMA cache_size = %lld",
	    (long long)cache);
	db_exec(db, pragma, NULL);
	return rc;
}

int
campaign_create(struct db *db, const struct actor *a,
    const struct campaign_spec *s, int64_t *id, int64_t *nitems, struct err *e)
{
	return campaign_create_set(db, a, s, NULL, id, nitems, e);
}

int
campaign_create_set(struct db *db, const struct actor *a,
    const struct campaign_spec *s, const struct campaign_settings *set,
    int64_t *id, int64_t *nitems, struct err *e)
{
	struct create_args ca = { 0 };
	const char *rule = s->reviewer ? s->reviewer : "manager";
	char now[21], day[11], mod[32];
	char *who = NULL;
	int64_t n = 0;
	int own, rc;

	if (nitems != NULL)
		*nitems = 0;
	if (!(a->roles & ROLE_ADMIN))
		return err_set(e, PARC_EDENIED,
		    "only an admin may create campaigns, and %s is not one",
		    a->login);
	if ((rc = db_check_text("the campaign name", s->name, NAME_MAX_LEN,
		 e)) != 0)
		return rc;
	db_now(now);
	db_today(now, day);
	if (!db_valid_date(s->due))
		return err_set(e, PARC_EUSAGE,
		    "--due wants a date YYYY-MM-DD, not '%s'",
		    s->due ? s->due : "");
	if (strcmp(s->due, day) < 0)
		return err_set(e, PARC_EUSAGE, "the due date %s is in the past",
		    s->due);
	if (strcmp(rule, "manager") != 0 && strcmp(rule, "owner") != 0 &&
	    (rc = db_known_login(db, "--reviewer", rule, e)) != 0)
		return rc;
	if (s->fallback != NULL &&
	    (rc = db_known_login(db, "--fallback", s->fallback, e)) != 0)
		return rc;
	if (s->every != NULL &&
	    (rc = every_modifier(s->every, mod, sizeof(mod), e)) != 0)
		return rc;
	if (set != NULL && set->stage2 != NULL &&
	    strcmp(set->stage2, "owner") != 0 &&
	    (rc = db_known_login(db, "--stages", set->stage2, e)) != 0)
		return rc;
	if (set != NULL && (rc = stage_when_check(set->stage2_when, e)) != 0)
		return rc;
	if (set != NULL && set->auto_close != NULL &&
	    strcmp(set->auto_close, "keep") != 0 &&
	    strcmp(set->auto_close, "revoke") != 0)
		return err_set(e, PARC_EUSAGE,
		    "--auto-close wants keep or revoke, not '%s'",
		    set->auto_close);
	if ((rc = scope_check_db(db, s->scope, e)) != 0)
		return rc;
	who = db_actor_label(a);
	ca.s = s;
	if (set != NULL)
		ca.set = *set;
	if (set != NULL && set->opened_at != NULL) {
		if (strlen(set->opened_at) != 20 || set->opened_at[10] != 'T' ||
		    strcmp(set->opened_at, now) > 0) {
			free(who);
			return err_set(e, PARC_EUSAGE,
			    "a campaign opens now or in the past, not at '%s'",
			    set->opened_at);
		}
		ca.now = set->opened_at;
	}
	ca.who = who;
	ca.fallback = s->fallback ? s->fallback : a->login;
	ca.seq = 1;
	if (ca.now == NULL)
		ca.now = now;
	if ((own = db_begin(db, e)) < 0) {
		free(who);
		return own;
	}
	rc = create_in_tx(db, &ca, id, &n, NULL, e);
	/* An empty campaign is never opened silently (issue 17). */
	if (rc == 0 && n == 0 && s->scope != NULL)
		rc = err_set(e, PARC_ENOTFOUND,
		    "no privileged grant is in the scope '%s': campaign '%s' "
		    "not opened",
		    s->scope, s->name);
	else if (rc == 0 && n == 0)
		rc = err_set(e, PARC_ENOTFOUND,
		    "the database holds no privileged grant (run parc sync): "
		    "campaign '%s' not opened",
		    s->name);
	rc = db_end(db, own, rc, e);
	if (nitems != NULL)
		*nitems = rc == 0 ? n : 0;
	free(who);
	return rc;
}

/* ---- listing ---- */

/* The counts are campaign_count's, kept by triggers (v_issue19camp). */
static const char campaign_sql[] =
    "SELECT c.id, c.name, c.scope, c.reviewer_rule, c.fallback, c.every,"
    " c.due, c.state, c.created_by, c.created_at, c.closed_by, c.closed_at,"
    " c.close_default, c.series,"
    " coalesce(t.items, 0), coalesce(t.pending, 0), coalesce(t.approved, 0),"
    " coalesce(t.revoked, 0), coalesce(t.exceptions, 0),"
    " coalesce(t.overdue, 0), coalesce(t.unassigned, 0),"
    " coalesce(t.remediated, 0)"
    " FROM campaign c LEFT JOIN campaign_count t ON t.campaign_id = c.id"
    " WHERE ?1 IS NULL OR c.name = ?1 ORDER BY c.id DESC";

static int
walk_campaigns(struct db *db, const char *name,
    int (*fn)(const struct campaign_row *r, void *arg), void *arg, int *count,
    struct err *e)
{
	struct campaign_row r;
	sqlite3_stmt *st;
	int step, ret = 0;

	*count = 0;
	if (db_prepare(db, campaign_sql, &st, e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, name);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		r.id = sqlite3_column_int64(st, 0);
		r.name = db_col_text(st, 1);
		r.scope = db_col_text(st, 2);
		r.reviewer_rule = db_col_text(st, 3);
		r.fallback = db_col_text(st, 4);
		r.every = db_col_text(st, 5);
		r.due = db_col_text(st, 6);
		r.state = db_col_text(st, 7);
		r.created_by = db_col_text(st, 8);
		r.created_at = db_col_text(st, 9);
		r.closed_by = db_col_text(st, 10);
		r.closed_at = db_col_text(st, 11);
		r.close_default = db_col_text(st, 12);
		r.series = db_col_text(st, 13);
		r.items = sqlite3_column_int64(st, 14);
		r.pending = sqlite3_column_int64(st, 15);
		r.approved = sqlite3_column_int64(st, 16);
		r.revoked = sqlite3_column_int64(st, 17);
		r.exceptions = sqlite3_column_int64(st, 18);
		r.overdue = sqlite3_column_int64(st, 19);
		r.unassigned = sqlite3_column_int64(st, 20);
		r.remediated = sqlite3_column_int64(st, 21);
		(*count)++;
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	if (ret == 0 && step != SQLITE_DONE)
		ret = db_fail(db, e, "read campaigns");
	sqlite3_finalize(st);
	return ret;
}

int
campaign_list(struct db *db, int (*fn)(const struct campaign_row *r, void *arg),
    void *arg, struct err *e)
{
	int n;

	return walk_campaigns(db, NULL, fn, arg, &n, e);
}

int
campaign_get(struct db *db, const char *name,
    int (*fn)(const struct campaign_row *r, void *arg), void *arg,
    struct err *e)
{
	int n, rc;

	if (name == NULL)
		return err_set(e, PARC_ENOTFOUND, "no campaign named");
	if ((rc = walk_campaigns(db, name, fn, arg, &n, e)) != 0)
		return rc;
	if (n == 0)
		return err_set(e, PARC_ENOTFOUND, "no campaign called '%s'",
		    name);
	return 0;
}

static int
take_id(const struct campaign_row *r, void *arg)
{
	*(int64_t *)arg = r->id;
	return 0;
}

int
campaign_id(struct db *db, const char *name, int64_t *id, struct err *e)
{
	*id = 0;
	return campaign_get(db, name, take_id, id, e);
}

/* ---- tick ---- */

struct due_series {
	char *series, *name, *scope, *rule, *fallback, *every, *due;
	char *auto_close, *stage2, *stage2_when;
	int seq, allow_conflicts;
};

int
campaign_tick(struct db *db, const struct actor *a, const char *now_opt,
    struct tick_stats *stp, struct err *e)
{
	struct tick_stats ts = { 0 };
	struct due_series *ds = NULL;
	size_t nds = 0, i;
	sqlite3_stmt *st = NULL;
	struct sb det = SB_INIT, name = SB_INIT;
	char now[21], day[11], mod[32], digest[65], *who = db_actor_label(a);
	int64_t nmarked = 0;
	int own, rc = 0;

	if (now_opt != NULL)
		snprintf(now, sizeof(now), "%s", now_opt);
	else
		db_now(now);
	db_today(now, day);
	if (a != NULL && a->login != NULL && !(a->roles & ROLE_ADMIN)) {
		rc = err_set(e, PARC_EDENIED,
		    "only an admin (or cron as one) may tick, and %s is not "
		    "one",
		    a->login);
		goto done;
	}
	/* The latest instance of every recurring series. */
	if ((rc = db_prepare(db,
		 "SELECT c.series, c.name, c.scope, c.reviewer_rule,"
		 " c.fallback, c.every, c.due, c.seq, c.opened_at,"
		 " cs.auto_close, coalesce(cs.allow_conflicts, 0),"
		 " cs.stage2, cs.stage2_when"
		 " FROM campaign c LEFT JOIN campaign_setting cs ON"
		 " cs.campaign_id = c.id WHERE c.every IS NOT NULL AND c.seq ="
		 " (SELECT max(seq) FROM campaign x WHERE x.series = c.series)"
		 " ORDER BY c.id",
		 &st, e)) != 0)
		goto done;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct due_series d = { 0 };
		sqlite3_stmt *q;
		struct err ignore = ERR_INIT;
		int due = 0;

		if (every_modifier(db_col_text(st, 5), mod, sizeof(mod),
			&ignore) != 0)
			continue;
		/* Due when the period since it opened has passed. */
		if (db_prepare(db,
			"SELECT date(?1, ?2) <= ?3,"
			" max(julianday(?4) - julianday(date(?1)), 1)",
			&q, e) != 0)
			continue;
		db_bind_text(q, 1, db_col_text(st, 8));
		db_bind_text(q, 2, mod);
		db_bind_text(q, 3, day);
		db_bind_text(q, 4, db_col_text(st, 6));
		if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0)) {
			due = 1;
			/* the same review window, from today */
			d.due = xmalloc(11);
			{
				sqlite3_stmt *q2;
				char m2[32];

				snprintf(m2, sizeof(m2), "+%d days",
				    (int)sqlite3_column_double(q, 1));
				if (db_prepare(db, "SELECT date(?1, ?2)", &q2,
					e) == 0) {
					db_bind_text(q2, 1, day);
					db_bind_text(q2, 2, m2);
					if (sqlite3_step(q2) == SQLITE_ROW)
						snprintf(d.due, 11, "%s",
						    db_col_text(q2, 0));
					sqlite3_finalize(q2);
				}
			}
		}
		sqlite3_finalize(q);
		if (!due) {
			free(d.due);
			continue;
		}
		d.series = xstrdup(db_col_text(st, 0));
		d.name = xstrdup(db_col_text(st, 1));
		d.scope =
		    db_col_text(st, 2) ? xstrdup(db_col_text(st, 2)) : NULL;
		d.rule = xstrdup(db_col_text(st, 3));
		d.fallback =
		    db_col_text(st, 4) ? xstrdup(db_col_text(st, 4)) : NULL;
		d.every = xstrdup(db_col_text(st, 5));
		d.seq = sqlite3_column_int(st, 7);
		d.auto_close =
		    db_col_text(st, 9) ? xstrdup(db_col_text(st, 9)) : NULL;
		d.allow_conflicts = sqlite3_column_int(st, 10);
		d.stage2 =
		    db_col_text(st, 11) ? xstrdup(db_col_text(st, 11)) : NULL;
		d.stage2_when =
		    db_col_text(st, 12) ? xstrdup(db_col_text(st, 12)) : NULL;
		ds = xrealloc(ds, (nds + 1) * sizeof(*ds));
		ds[nds++] = d;
	}
	sqlite3_finalize(st);
	st = NULL;

	for (i = 0; i < nds && rc == 0; i++) {
		struct campaign_spec s = { 0 };
		struct create_args ca = { 0 };
		struct err one = ERR_INIT;
		int64_t n = 0, re = 0;
		int r;

		sb_reset(&name);
		sb_addf(&name, "%s-%d", ds[i].series, ds[i].seq + 1);
		s.name = name.buf;
		s.due = ds[i].due;
		s.scope = ds[i].scope;
		s.reviewer = ds[i].rule;
		s.fallback = ds[i].fallback;
		s.every = ds[i].every;
		ca.s = &s;
		ca.set.auto_close = ds[i].auto_close;
		ca.set.allow_conflicts = ds[i].allow_conflicts;
		ca.set.stage2 = ds[i].stage2;
		ca.set.stage2_when = ds[i].stage2_when;
		ca.who = who;
		ca.fallback = ds[i].fallback ? ds[i].fallback : "root";
		ca.series = ds[i].series;
		ca.seq = ds[i].seq + 1;
		ca.reenter = ds[i].due;
		ca.now = now;
		if ((own = db_begin(db, e)) < 0) {
			rc = own;
			break;
		}
		r = create_in_tx(db, &ca, NULL, &n, &re, &one);
		if (r == PARC_EUSAGE) {
			/* opened meanwhile by another tick: nothing to do */
			db_end(db, own, r, NULL);
			continue;
		}
		if ((rc = db_end(db, own, r, e)) != 0) {
			if (r != 0)
				err_set(e, r, "%s", one.msg);
			break;
		}
		ts.opened++;
		ts.reentered += re;
	}

	/* Reviewers' rubber-stamp signals, while their campaign is open. */
	if (rc == 0)
		rc = progress_record_signals(db, who, &ts.signals, e);
	/* Campaigns that close themselves at their due date. */
	if (rc == 0)
		rc = campaign_auto_close_due(db, who, now, &ts.closed, e);
	/* Overdue: pending items of open campaigns past their due day. */
	if (rc == 0 && (rc = own = db_begin(db, e)) >= 0) {
		rc = 0;
		/*
		 * Counted per campaign in one statement, while meta
		 * 'overdue_counted' keeps the per-row trigger
		 * (review_item_overdue, schema v_i19camp) out of it:
		 * after the update every pending item of these
		 * campaigns is overdue, so their overdue count is their
		 * pending count (both kept, and checked by verify).
		 */
		if ((rc = db_exec(db,
			 "INSERT INTO meta (key, value) VALUES"
			 " ('overdue_counted', '1')",
			 e)) == 0 &&
		    (rc = db_prepare(db,
			 "UPDATE campaign_count SET overdue = pending"
			 " WHERE campaign_id IN (SELECT id FROM campaign"
			 " WHERE state = 'open' AND due < ?1)",
			 &st, e)) == 0) {
			db_bind_text(st, 1, day);
			rc = db_step_done(db, st, e, "count overdue items");
			sqlite3_finalize(st);
			st = NULL;
		}
		if (rc == 0 &&
		    (rc = db_prepare(db,
			 "UPDATE review_item SET overdue_at = ?1 WHERE"
			 " overdue_at IS NULL AND decision = 'pending' AND"
			 " campaign_id IN (SELECT id FROM campaign WHERE"
			 " state = 'open' AND due < ?2)",
			 &st, e)) == 0) {
			db_bind_text(st, 1, now);
			db_bind_text(st, 2, day);
			rc = db_step_done(db, st, e, "mark overdue items");
			ts.overdue = sqlite3_changes(db->conn);
			sqlite3_finalize(st);
			st = NULL;
		}
		if (rc == 0)
			rc = db_exec(db,
			    "DELETE FROM meta WHERE key = 'overdue_counted'",
			    e);
		if (rc == 0 && (ts.opened || ts.overdue)) {
			sb_addf(&det,
			    "{\"opened\": %" PRId64 ", \"overdue\": %" PRId64
			    ", \"reentered\": %" PRId64,
			    ts.opened, ts.overdue, ts.reentered);
			/* the items marked now, so verify shows the marks */
			if (ts.overdue > 0 &&
			    (rc = audit_overdue_digest(db, now, &nmarked,
				 digest, e)) == 0) {
				sb_adds(&det, ", \"overdue_at\": ");
				sb_add_json(&det, now);
				sb_addf(&det,
				    ", \"overdue_items\": %" PRId64
				    ", \"overdue_digest\": \"%s\"",
				    nmarked, digest);
			}
			sb_addc(&det, '}');
		}
		if (rc == 0 && (ts.opened || ts.overdue)) {
			rc = audit_append(db, who, "tick", NULL, det.buf, NULL,
			    e);
		}
		rc = db_end(db, own, rc, e);
	}
done:
	for (i = 0; i < nds; i++) {
		free(ds[i].series);
		free(ds[i].name);
		free(ds[i].scope);
		free(ds[i].rule);
		free(ds[i].fallback);
		free(ds[i].every);
		free(ds[i].due);
		free(ds[i].auto_close);
		free(ds[i].stage2);
		free(ds[i].stage2_when);
	}
	free(ds);
	sb_release(&det);
	sb_release(&name);
	free(who);
	if (rc == 0 && stp != NULL)
		*stp = ts;
	return rc;
}
