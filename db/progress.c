/*
 * progress.c - per-reviewer progress and the burn-down of a campaign,
 * read from its review items in one grouped pass each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "db/dbint.h"
#include "db/progress.h"

/*
 * One row per reviewer; the person is the active identity with that login
 * when there is one (logins are stored in lower case on items). The unary
 * + drops the column's affinity, which would keep SQLite off the
 * lower(login) index (a scan of the people per reviewer).
 */
static const char reviewers_sql[] =
    "SELECT r.reviewer, p.display_name, p.email, r.items, r.decided,"
    " r.pending, r.overdue, r.last"
    " FROM (SELECT reviewer, count(*) AS items,"
    "  sum(decision <> 'pending') AS decided,"
    "  sum(decision = 'pending') AS pending,"
    "  sum(decision = 'pending' AND overdue_at IS NOT NULL) AS overdue,"
    "  max(decided_at) AS last"
    "  FROM review_item WHERE campaign_id = ?1 GROUP BY reviewer) r"
    " LEFT JOIN identity p ON p.id = (SELECT x.id FROM identity x WHERE"
    "  lower(x.login) = +r.reviewer ORDER BY x.status = 'active' DESC, x.id"
    "  LIMIT 1)"
    " ORDER BY r.reviewer IS NULL, r.reviewer";

int
progress_reviewers(struct db *db, int64_t id,
    int (*fn)(const struct progress_row *r, void *arg), void *arg,
    struct err *e)
{
	struct progress_row r;
	sqlite3_stmt *st;
	int step, ret = 0;

	if (db_prepare(db, reviewers_sql, &st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		r.reviewer = db_col_text(st, 0);
		r.name = db_col_text(st, 1);
		r.email = db_col_text(st, 2);
		r.items = sqlite3_column_int64(st, 3);
		r.decided = sqlite3_column_int64(st, 4);
		r.pending = sqlite3_column_int64(st, 5);
		r.overdue = sqlite3_column_int64(st, 6);
		r.last_activity = db_col_text(st, 7);
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	if (ret == 0 && step != SQLITE_DONE && step != SQLITE_ROW)
		ret = db_fail(db, e, "read the campaign's progress");
	sqlite3_finalize(st);
	return ret;
}

/*
 * Days from the opening day to the last one, each with the items less
 * those decided by its end: one pass over the items, grouped by day.
 */
static const char burndown_sql[] =
    "WITH c AS (SELECT date(coalesce(opened_at, created_at)) AS first,"
    "  coalesce(?2, min(date('now'), coalesce(date(closed_at),"
    "  date('now')))) AS last FROM campaign WHERE id = ?1),"
    " days(d) AS (SELECT first FROM c UNION ALL SELECT date(d, '+1 day')"
    "  FROM days, c WHERE d < c.last AND d < date(c.first, '+400 days')),"
    " dec AS (SELECT date(decided_at) AS day, count(*) AS n FROM"
    "  review_item WHERE campaign_id = ?1 AND decision <> 'pending'"
    "  GROUP BY 1),"
    " tot AS (SELECT count(*) AS n FROM review_item WHERE campaign_id ="
    "  ?1)"
    " SELECT d, tot.n - (SELECT coalesce(sum(n), 0) FROM dec WHERE"
    "  dec.day <= d)"
    " FROM days, tot ORDER BY d";

int
progress_burndown(struct db *db, int64_t id, const char *last,
    int (*fn)(const char *day, int64_t pending, void *arg), void *arg,
    struct err *e)
{
	sqlite3_stmt *st;
	int step, ret = 0;

	if (db_prepare(db, burndown_sql, &st, e) != 0)
		return PARC_EDB;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, last);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (db_col_text(st, 0) == NULL)
			continue;
		if ((ret = fn(db_col_text(st, 0), sqlite3_column_int64(st, 1),
			 arg)) != 0)
			break;
	}
	if (ret == 0 && step != SQLITE_DONE && step != SQLITE_ROW)
		ret = db_fail(db, e, "read the campaign's burn-down");
	sqlite3_finalize(st);
	return ret;
}

/* ---- rubber-stamp signals ---- */

/* Each reviewer's items as they stand. */
static const char stamp_items_sql[] =
    "SELECT reviewer, count(*), sum(decision <> 'pending'),"
    " sum(decision = 'approve'),"
    " sum(nfindings > 0 AND decision <> 'pending'),"
    " sum(nfindings > 0 AND decision = 'approve')"
    " FROM review_item WHERE campaign_id = ?1 AND reviewer IS NOT NULL"
    " GROUP BY reviewer ORDER BY reviewer";

/*
 * Every decision in the campaign, by who took it, in the order taken: one
 * pass (the campaign's items, then each item's decisions by index), so the
 * cost is the campaign's, whatever the number of reviewers.
 */
static const char stamp_decisions_sql[] =
    "SELECT lower(d.decided_by), d.decision,"
    " CAST(strftime('%s', d.decided_at) AS INTEGER)"
    " FROM review_item i JOIN decision d ON d.item_id = i.id"
    " WHERE i.campaign_id = ?1 AND"
    " d.decision IN ('approve', 'revoke', 'exception')"
    " ORDER BY 1, d.decided_at, d.id";

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* One reviewer's timing, fed one decision at a time, in order. */
struct timing {
	int64_t *gaps;
	size_t n, a;
	int64_t prev, run;
	int first;
};

static void
timing_add(struct timing *t, struct stamp_row *r, int approve, int64_t at,
    int fast)
{
	r->decisions++;
	if (!t->first && at - t->prev <= STAMP_SITTING) {
		if (t->n == t->a) {
			t->a = t->a ? 2 * t->a : 64;
			t->gaps = xrealloc(t->gaps, t->a * sizeof(*t->gaps));
		}
		t->gaps[t->n++] = at - t->prev;
	}
	/*
	 * A run: approvals each within fast seconds of the one before; a
	 * slow approval starts a new one, anything else ends it. Counted
	 * once, when it reaches STAMP_RUN.
	 */
	if (approve && !t->first && at - t->prev <= fast)
		t->run++;
	else
		t->run = approve;
	if (t->run > r->longest_run)
		r->longest_run = t->run;
	if (t->run == STAMP_RUN)
		r->fast_runs++;
	t->prev = at;
	t->first = 0;
}

static void
timing_end(struct timing *t, struct stamp_row *r)
{
	r->median_seconds = -1;
	if (t->n > 0) {
		qsort(t->gaps, t->n, sizeof(*t->gaps), cmp_i64);
		r->median_seconds = t->n % 2
		    ? t->gaps[t->n / 2]
		    : (t->gaps[t->n / 2 - 1] + t->gaps[t->n / 2]) / 2;
	}
	t->n = 0;
	t->run = 0;
	t->first = 1;
}

struct stamp_set {
	struct stamp_row *v;
	char **login;
	size_t n;
};

static void
stamp_set_free(struct stamp_set *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		free(ss->login[i]);
	free(ss->login);
	free(ss->v);
}

int
progress_signals(struct db *db, int64_t id, int fast,
    int (*fn)(const struct stamp_row *r, void *arg), void *arg, struct err *e)
{
	struct stamp_set ss = { NULL, NULL, 0 };
	struct timing t = { NULL, 0, 0, 0, 0, 1 };
	struct stamp_row *r = NULL;
	sqlite3_stmt *st = NULL;
	size_t i = 0, k;
	int step, rc = 0, c;

	if (fast <= 0)
		fast = STAMP_FAST_SECONDS;
	/* the reviewers, by login */
	if ((rc = db_prepare(db, stamp_items_sql, &st, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		ss.v = xrealloc(ss.v, (ss.n + 1) * sizeof(*ss.v));
		ss.login = xrealloc(ss.login, (ss.n + 1) * sizeof(*ss.login));
		r = &ss.v[ss.n];
		memset(r, 0, sizeof(*r));
		ss.login[ss.n] = xstrdup(db_col_text(st, 0));
		r->items = sqlite3_column_int64(st, 1);
		r->decided = sqlite3_column_int64(st, 2);
		r->approved = sqlite3_column_int64(st, 3);
		r->flagged_decided = sqlite3_column_int64(st, 4);
		r->flagged_approved = sqlite3_column_int64(st, 5);
		r->median_seconds = -1;
		ss.n++;
	}
	if (step != SQLITE_DONE) {
		rc = db_fail(db, e, "read the reviewers' items");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* their decisions, merged in by login (both sorted the same way) */
	if ((rc = db_prepare(db, stamp_decisions_sql, &st, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	r = NULL;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *by = db_col_text(st, 0);

		if (by == NULL)
			continue;
		if (r == NULL || strcmp(ss.login[i], by) != 0) {
			if (r != NULL)
				timing_end(&t, r);
			r = NULL;
			while (i < ss.n && (c = strcmp(ss.login[i], by)) < 0)
				i++;
			if (i == ss.n || strcmp(ss.login[i], by) != 0)
				continue; /* decided for nobody's items here */
			r = &ss.v[i];
		}
		timing_add(&t, r, strcmp(db_col_text(st, 1), "approve") == 0,
		    sqlite3_column_int64(st, 2), fast);
	}
	if (r != NULL)
		timing_end(&t, r);
	if (step != SQLITE_DONE) {
		rc = db_fail(db, e, "read the decisions");
		goto out;
	}
	for (k = 0; k < ss.n && rc == 0; k++) {
		r = &ss.v[k];
		r->reviewer = ss.login[k];
		if (r->fast_runs > 0)
			r->signals |= STAMP_FAST_RUN;
		if (r->flagged_decided > 0 &&
		    r->flagged_approved == r->flagged_decided)
			r->signals |= STAMP_FLAGGED_OK;
		if (r->items >= 2 && r->decided == r->items &&
		    r->approved == r->items)
			r->signals |= STAMP_APPROVED_ALL;
		rc = fn(r, arg);
	}
out:
	sqlite3_finalize(st);
	free(t.gaps);
	stamp_set_free(&ss);
	return rc;
}

void
stamp_signal_names(int signals, struct sb *sb)
{
	static const struct {
		int bit;
		const char *name;
	} names[] = {
		{ STAMP_FAST_RUN, "fast-approvals" },
		{ STAMP_FLAGGED_OK, "flagged-approved" },
		{ STAMP_APPROVED_ALL, "approved-everything" },
	};
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (signals & names[i].bit) {
			if (n++)
				sb_addc(sb, ',');
			sb_adds(sb, names[i].name);
		}
}

/* A reviewer's last recorded signals (minified JSON list). */
struct last_sig {
	char *reviewer, *signals;
};

struct record {
	struct db *db;
	const char *actor;
	int64_t campaign;
	struct last_sig *last; /* by reviewer, for this campaign */
	size_t nlast;
	int64_t n;
	struct err *e;
};

static int
cmp_last(const void *a, const void *b)
{
	return strcmp(((const struct last_sig *)a)->reviewer,
	    ((const struct last_sig *)b)->reviewer);
}

static void
last_clear(struct record *rc)
{
	size_t i;

	for (i = 0; i < rc->nlast; i++) {
		free(rc->last[i].reviewer);
		free(rc->last[i].signals);
	}
	free(rc->last);
	rc->last = NULL;
	rc->nlast = 0;
}

/*
 * Read the signals last recorded for each reviewer of the campaign, in
 * one pass over its review.signal events (the latest wins).
 */
static int
last_load(struct record *rc, const char *obj)
{
	sqlite3_stmt *st;
	int step, rc2 = 0;

	last_clear(rc);
	if (db_prepare(rc->db,
		"SELECT json_extract(detail, '$.reviewer'),"
		" json_extract(detail, '$.signals') FROM audit_event"
		" WHERE object = ?1 AND action = 'review.signal'"
		" ORDER BY json_extract(detail, '$.reviewer'), id DESC",
		&st, rc->e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, obj);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *who = db_col_text(st, 0);

		if (who == NULL ||
		    (rc->nlast > 0 &&
			strcmp(rc->last[rc->nlast - 1].reviewer, who) == 0))
			continue; /* an older one */
		rc->last =
		    xrealloc(rc->last, (rc->nlast + 1) * sizeof(*rc->last));
		rc->last[rc->nlast].reviewer = xstrdup(who);
		rc->last[rc->nlast++].signals =
		    xstrdup(db_col_text(st, 1) ? db_col_text(st, 1) : "[]");
	}
	if (step != SQLITE_DONE)
		rc2 = db_fail(rc->db, rc->e, "read the signals recorded");
	sqlite3_finalize(st);
	return rc2;
}

static int
record_one(const struct stamp_row *r, void *arg)
{
	struct record *rc = arg;
	struct sb names = SB_INIT, det = SB_INIT, obj = SB_INIT, list = SB_INIT,
		  mini = SB_INIT;
	struct last_sig key, *was;
	const char *p, *q;
	int ret = 0;

	stamp_signal_names(r->signals, &names);
	sb_add_json_list(&list, names.buf);
	/* as json_extract writes a list: ["a","b"] */
	sb_addc(&mini, '[');
	for (p = names.buf; *p; p = *q ? q + 1 : q) {
		q = p + strcspn(p, ",");
		sb_addf(&mini, "%s\"%.*s\"", p == names.buf ? "" : ",",
		    (int)(q - p), p);
	}
	sb_addc(&mini, ']');
	sb_addf(&obj, "campaign:%lld", (long long)rc->campaign);
	key.reviewer = (char *)r->reviewer;
	was = rc->nlast
	    ? bsearch(&key, rc->last, rc->nlast, sizeof(*rc->last), cmp_last)
	    : NULL;
	/* nothing new: no signal and none recorded, or the same again */
	if ((was == NULL && r->signals == 0) ||
	    (was != NULL && strcmp(was->signals, mini.buf) == 0))
		goto out;
	sb_adds(&det, "{\"reviewer\": ");
	sb_add_json(&det, r->reviewer);
	sb_adds(&det, ", \"signals\": ");
	sb_adds(&det, list.buf);
	sb_addf(&det, ", \"decisions\": %lld, \"median_seconds\": ",
	    (long long)r->decisions);
	if (r->median_seconds >= 0)
		sb_addf(&det, "%lld", (long long)r->median_seconds);
	else
		sb_adds(&det, "null");
	sb_addf(&det,
	    ", \"fast_runs\": %lld, \"longest_fast_run\": %lld, "
	    "\"flagged_decided\": %lld, \"flagged_approved\": %lld}",
	    (long long)r->fast_runs, (long long)r->longest_run,
	    (long long)r->flagged_decided, (long long)r->flagged_approved);
	if ((ret = audit_append(rc->db, rc->actor, "review.signal", obj.buf,
		 det.buf, NULL, rc->e)) == 0)
		rc->n++;
out:
	sb_release(&names);
	sb_release(&det);
	sb_release(&obj);
	sb_release(&list);
	sb_release(&mini);
	return ret;
}

int
progress_record_signals(struct db *db, const char *actor, int64_t *n,
    struct err *e)
{
	struct record r = { db, actor, 0, NULL, 0, 0, e };
	struct sb obj = SB_INIT;
	sqlite3_stmt *st = NULL;
	int64_t *ids = NULL;
	size_t nid = 0, i;
	int own, rc;

	*n = 0;
	if ((own = db_begin(db, e)) < 0)
		return own;
	if ((rc = db_prepare(db,
		 "SELECT id FROM campaign WHERE state = 'open' ORDER BY id",
		 &st, e)) != 0)
		goto out;
	while (sqlite3_step(st) == SQLITE_ROW) {
		ids = xrealloc(ids, (nid + 1) * sizeof(*ids));
		ids[nid++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	st = NULL;
	for (i = 0; i < nid && rc == 0; i++) {
		r.campaign = ids[i];
		sb_reset(&obj);
		sb_addf(&obj, "campaign:%lld", (long long)ids[i]);
		if ((rc = last_load(&r, obj.buf)) == 0)
			rc = progress_signals(db, ids[i], 0, record_one, &r, e);
	}
	*n = r.n;
out:
	sqlite3_finalize(st);
	last_clear(&r);
	sb_release(&obj);
	free(ids);
	return db_end(db, own, rc, e);
}
