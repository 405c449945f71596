/*
 * notify.c - the mails parc tick owes (read into a list first, so that
 * the caller may record each one as it goes) and the mail_log record.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "db/audit.h"
#include "db/dbint.h"
#include "db/notify.h"

/*
 * Every open campaign's reviewers with pending items, and who they are
 * (the unary + lets the lower(login) index serve, see db/progress.c).
 */
static const char owed_sql[] =
    "SELECT c.id, c.name, c.due,"
    " CAST(round(julianday(c.due) - julianday(?1)) AS INTEGER),"
    " r.reviewer, r.pending, r.overdue, p.display_name, p.email,"
    " m.login, m.display_name, m.email, c.created_by"
    " FROM (SELECT campaign_id, reviewer, count(*) AS pending,"
    "  sum(overdue_at IS NOT NULL) AS overdue FROM review_item"
    "  WHERE decision = 'pending' AND reviewer IS NOT NULL AND campaign_id"
    "  IN (SELECT id FROM campaign WHERE state = 'open')"
    "  GROUP BY campaign_id, reviewer) r"
    " JOIN campaign c ON c.id = r.campaign_id"
    " LEFT JOIN identity p ON p.id = (SELECT x.id FROM identity x WHERE"
    "  lower(x.login) = +r.reviewer ORDER BY x.status = 'active' DESC, x.id"
    "  LIMIT 1)"
    " LEFT JOIN identity m ON m.id = p.manager_id"
    " ORDER BY c.id, r.reviewer";

enum {
	S_CAMPAIGN,
	S_DUE,
	S_KIND,
	S_STAGE,
	S_RECIPIENT,
	S_TO_LOGIN,
	S_TO_NAME,
	S_TO_ADDRESS,
	S_ABOUT,
	S_ABOUT_NAME,
	S_N
};

struct owed {
	struct notify_mail m;
	char *s[S_N];
};

struct plan {
	struct owed *v;
	size_t n;
};

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static struct owed *
plan_add(struct plan *pl)
{
	pl->v = xrealloc(pl->v, (pl->n + 1) * sizeof(*pl->v));
	memset(&pl->v[pl->n], 0, sizeof(pl->v[pl->n]));
	return &pl->v[pl->n++];
}

static void
plan_free(struct plan *pl)
{
	size_t i, k;

	for (i = 0; i < pl->n; i++)
		for (k = 0; k < S_N; k++)
			free(pl->v[i].s[k]);
	free(pl->v);
}

/* Point the mail's strings at the owned copies. */
static void
owed_fix(struct owed *o)
{
	o->m.campaign = o->s[S_CAMPAIGN];
	o->m.due = o->s[S_DUE];
	o->m.kind = o->s[S_KIND];
	o->m.stage = o->s[S_STAGE];
	o->m.recipient = o->s[S_RECIPIENT];
	o->m.to_login = o->s[S_TO_LOGIN];
	o->m.to_name = o->s[S_TO_NAME];
	o->m.to_address = o->s[S_TO_ADDRESS];
	o->m.about = o->s[S_ABOUT];
	o->m.about_name = o->s[S_ABOUT_NAME];
}

/*
 * The stage a campaign days before its due date has reached under p, and
 * its kind ("reminder-3"), into kind; NULL when none is owed.
 */
static const char *
stage_of(const struct notify_policy *p, int days, char *kind, size_t len)
{
	int i, best = -1;

	if (days < 0) {
		if (!p->overdue)
			return NULL;
		snprintf(kind, len, "overdue");
		return "overdue";
	}
	for (i = 0; i < p->nremind; i++)
		if (days <= p->remind[i] && (best < 0 || p->remind[i] < best))
			best = p->remind[i];
	if (best >= 0) {
		snprintf(kind, len, "reminder-%d", best);
		return "reminder";
	}
	if (!p->start)
		return NULL;
	snprintf(kind, len, "start");
	return "start";
}

/* The attempts recorded for the key; -1 when it was sent already. */
static int
logged(sqlite3_stmt *q, int64_t cid, const char *kind, const char *recipient)
{
	int n = 0;

	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, cid);
	db_bind_text(q, 2, kind);
	db_bind_text(q, 3, recipient);
	if (sqlite3_step(q) == SQLITE_ROW) {
		if (strcmp(db_col_text(q, 0), "sent") == 0)
			n = -1;
		else
			n = sqlite3_column_int(q, 1);
	}
	sqlite3_reset(q);
	return n;
}

/* The login in an actor label ("root as alice": root, who ran it). */
static char *
owner_login(const char *created_by)
{
	size_t n = strcspn(created_by, " ");

	return xstrndup_lower(created_by, n);
}

struct summary_acc {
	int64_t cid;
	char *campaign, *due, *created_by, kind[32];
	const char *stage;
	int days;
	int64_t pending, overdue;
};

static int
add_summary(struct db *db, const struct notify_policy *p, sqlite3_stmt *q,
    struct plan *pl, struct summary_acc *sa, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct owed *o;
	char kind[48], *owner;
	int n;

	if (sa->campaign == NULL || !p->summary || sa->stage == NULL ||
	    strcmp(sa->stage, "start") == 0)
		return 0;
	owner = owner_login(sa->created_by);
	snprintf(kind, sizeof(kind), "summary-%s", sa->kind);
	if ((n = logged(q, sa->cid, kind, owner)) < 0) {
		free(owner);
		return 0;
	}
	o = plan_add(pl);
	o->m.type = NOTIFY_SUMMARY;
	o->m.campaign_id = sa->cid;
	o->m.days = sa->days;
	o->m.pending = sa->pending;
	o->m.overdue = sa->overdue;
	o->m.attempts = n;
	o->s[S_CAMPAIGN] = xstrdup(sa->campaign);
	o->s[S_DUE] = xstrdup(sa->due);
	o->s[S_KIND] = xstrdup(kind);
	o->s[S_STAGE] = xstrdup(sa->stage);
	o->s[S_RECIPIENT] = owner;
	o->s[S_TO_LOGIN] = xstrdup(owner);
	if (p->summary_to != NULL)
		o->s[S_TO_ADDRESS] = xstrdup(p->summary_to);
	if (db_prepare(db,
		"SELECT display_name, email FROM identity WHERE lower(login) ="
		" ?1 ORDER BY status = 'active' DESC, id LIMIT 1",
		&st, e) != 0)
		return PARC_EDB;
	db_bind_text(st, 1, owner);
	if (sqlite3_step(st) == SQLITE_ROW) {
		o->s[S_TO_NAME] = dup_or_null(db_col_text(st, 0));
		if (o->s[S_TO_ADDRESS] == NULL)
			o->s[S_TO_ADDRESS] = dup_or_null(db_col_text(st, 1));
	}
	sqlite3_finalize(st);
	owed_fix(o);
	return 0;
}

static void
summary_reset(struct summary_acc *sa)
{
	free(sa->campaign);
	free(sa->due);
	free(sa->created_by);
	memset(sa, 0, sizeof(*sa));
}

int
notify_walk(struct db *db, const struct notify_policy *p, const char *now,
    int (*fn)(const struct notify_mail *m, void *arg), void *arg, struct err *e)
{
	struct summary_acc sa = { 0 };
	struct plan pl = { NULL, 0 };
	sqlite3_stmt *st = NULL, *q = NULL;
	char day[11], kind[32];
	const char *stage;
	size_t i;
	int step, rc = 0, n;

	db_today(now, day);
	if ((rc = db_prepare(db, owed_sql, &st, e)) != 0 ||
	    (rc = db_prepare(db,
		 "SELECT state, attempts FROM mail_log WHERE campaign_id = ?1"
		 " AND kind = ?2 AND recipient = ?3",
		 &q, e)) != 0)
		goto out;
	db_bind_text(st, 1, day);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t cid = sqlite3_column_int64(st, 0);
		int days = sqlite3_column_int(st, 3);
		const char *reviewer = db_col_text(st, 4);
		struct owed *o;

		if (cid != sa.cid) {
			if ((rc = add_summary(db, p, q, &pl, &sa, e)) != 0)
				goto out;
			summary_reset(&sa);
			sa.cid = cid;
			sa.campaign = xstrdup(db_col_text(st, 1));
			sa.due = xstrdup(db_col_text(st, 2));
			sa.created_by = xstrdup(db_col_text(st, 12));
			sa.days = days;
			sa.stage = stage_of(p, days, sa.kind, sizeof(sa.kind));
		}
		sa.pending += sqlite3_column_int64(st, 5);
		sa.overdue += sqlite3_column_int64(st, 6);
		stage = stage_of(p, days, kind, sizeof(kind));
		if (stage != NULL &&
		    (n = logged(q, cid, kind, reviewer)) >= 0) {
			o = plan_add(&pl);
			o->m.type = NOTIFY_DIGEST;
			o->m.campaign_id = cid;
			o->m.days = days;
			o->m.pending = sqlite3_column_int64(st, 5);
			o->m.overdue = sqlite3_column_int64(st, 6);
			o->m.attempts = n;
			o->s[S_CAMPAIGN] = xstrdup(db_col_text(st, 1));
			o->s[S_DUE] = xstrdup(db_col_text(st, 2));
			o->s[S_KIND] = xstrdup(kind);
			o->s[S_STAGE] = xstrdup(stage);
			o->s[S_RECIPIENT] = xstrdup(reviewer);
			o->s[S_TO_LOGIN] = xstrdup(reviewer);
			o->s[S_TO_NAME] = dup_or_null(db_col_text(st, 7));
			o->s[S_TO_ADDRESS] = dup_or_null(db_col_text(st, 8));
			owed_fix(o);
		}
		if (p->escalate_days >= 0 && days < 0 &&
		    -days >= p->escalate_days &&
		    (n = logged(q, cid, "escalation", reviewer)) >= 0) {
			o = plan_add(&pl);
			o->m.type = NOTIFY_ESCALATION;
			o->m.campaign_id = cid;
			o->m.days = days;
			o->m.pending = sqlite3_column_int64(st, 5);
			o->m.overdue = sqlite3_column_int64(st, 6);
			o->m.attempts = n;
			o->s[S_CAMPAIGN] = xstrdup(db_col_text(st, 1));
			o->s[S_DUE] = xstrdup(db_col_text(st, 2));
			o->s[S_KIND] = xstrdup("escalation");
			o->s[S_STAGE] = xstrdup("overdue");
			o->s[S_RECIPIENT] = xstrdup(reviewer);
			o->s[S_TO_LOGIN] = dup_or_null(db_col_text(st, 9));
			o->s[S_TO_NAME] = dup_or_null(db_col_text(st, 10));
			o->s[S_TO_ADDRESS] = dup_or_null(db_col_text(st, 11));
			o->s[S_ABOUT] = xstrdup(reviewer);
			o->s[S_ABOUT_NAME] = dup_or_null(db_col_text(st, 7));
			owed_fix(o);
		}
	}
	if (step != SQLITE_DONE) {
		rc = db_fail(db, e, "read the mails owed");
		goto out;
	}
	if ((rc = add_summary(db, p, q, &pl, &sa, e)) != 0)
		goto out;
	sqlite3_finalize(st);
	sqlite3_finalize(q);
	st = q = NULL;
	for (i = 0; i < pl.n && rc == 0; i++)
		rc = fn(&pl.v[i].m, arg);
out:
	sqlite3_finalize(st);
	sqlite3_finalize(q);
	summary_reset(&sa);
	plan_free(&pl);
	return rc;
}

/* The SHA-256 of len bytes at p, as hex, into out. */
static void
sha256_hex(const char *p, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	out[0] = '\0';
	if (EVP_Digest(p, len, md, &n, EVP_sha256(), NULL) != 1)
		return;
	for (i = 0; i < n && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

int
notify_record(struct db *db, const struct actor *a, const struct notify_mail *m,
    const char *now, const char *address, const char *msg, size_t len,
    const char *error, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct sb det = SB_INIT, obj = SB_INIT;
	char digest[65], *actor;
	int own, rc;

	sha256_hex(msg, len, digest);

	if ((own = db_begin(db, e)) < 0)
		return own;
	if ((rc = db_prepare(db,
		 "INSERT INTO mail_log (campaign_id, kind, recipient, address,"
		 " state, attempts, first_at, last_at, error, digest) VALUES"
		 " (?1, ?2, ?3, ?4, ?5, 1, ?6, ?6, ?7, ?8)"
		 " ON CONFLICT (campaign_id, kind, recipient) DO UPDATE SET"
		 " address = excluded.address, state = excluded.state,"
		 " attempts = attempts + 1, last_at = excluded.last_at,"
		 " error = excluded.error, digest = excluded.digest",
		 &st, e)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, m->campaign_id);
	db_bind_text(st, 2, m->kind);
	db_bind_text(st, 3, m->recipient);
	db_bind_text(st, 4, address);
	db_bind_text(st, 5, error ? "failed" : "sent");
	db_bind_text(st, 6, now);
	db_bind_text(st, 7, error);
	db_bind_text(st, 8, digest);
	if ((rc = db_step_done(db, st, e, "record the mail")) != 0)
		goto out;
	sb_adds(&det, "{\"kind\": ");
	sb_add_json(&det, m->kind);
	sb_adds(&det, ", \"recipient\": ");
	sb_add_json(&det, m->recipient);
	sb_adds(&det, ", \"to\": ");
	sb_add_json(&det, address);
	sb_addf(&det, ", \"pending\": %" PRId64, m->pending);
	sb_adds(&det, ", \"digest\": ");
	sb_add_json(&det, digest);
	if (error != NULL) {
		sb_adds(&det, ", \"error\": ");
		sb_add_json(&det, error);
	}
	sb_addc(&det, '}');
	sb_addf(&obj, "campaign:%" PRId64, m->campaign_id);
	actor = db_actor_label(a);
	rc = audit_append(db, actor, error ? "mail.failed" : "mail.sent",
	    obj.buf, det.buf, NULL, e);
	free(actor);
out:
	sqlite3_finalize(st);
	sb_release(&det);
	sb_release(&obj);
	return db_end(db, own, rc, e);
}
