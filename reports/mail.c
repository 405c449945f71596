/*
 * mail.c - the reminder, escalation and summary mails as RFC 5322 text.
 *
 * The body is built with LF line ends and every value from the data
 * through safe() (sb_add_safe, cut at 200 bytes), then the whole message
 * is turned to CRLF lines; no line reaches 998 bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/campaign.h"
#include "db/item.h"
#include "db/progress.h"
#include "lib/text.h"
#include "reports/mail.h"

#define DIGEST_MAX_ITEMS 50
#define VALUE_MAX 200

int
rpt_mail_address_ok(const char *s)
{
	const char *at = NULL, *p;

	if (s == NULL || *s == '\0' || strlen(s) > 254)
		return 0;
	for (p = s; *p; p++) {
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    strchr("\"(),:;<>[\\]", *p) != NULL)
			return 0;
		if (*p == '@') {
			if (at != NULL)
				return 0;
			at = p;
		}
	}
	return at != NULL && at != s && at[1] != '\0';
}

/* A value from the data, escaped and bounded. */
static void
safe(struct sb *sb, const char *s)
{
	struct sb t = SB_INIT;

	sb_add_safe(&t, s ? s : "");
	if (t.len > VALUE_MAX) {
		size_t n = VALUE_MAX;

		/* cut on a character boundary */
		while (n > 0 && ((unsigned char)t.buf[n] & 0xc0) == 0x80)
			n--;
		sb_add(sb, t.buf, n);
		sb_adds(sb, "...");
	} else
		sb_add(sb, t.buf, t.len);
	sb_release(&t);
}

/* "Name (login)", "login" or "Name" from whichever are known. */
static void
who(struct sb *sb, const char *name, const char *login)
{
	if (name != NULL && *name != '\0') {
		safe(sb, name);
		if (login != NULL) {
			sb_adds(sb, " (");
			safe(sb, login);
			sb_addc(sb, ')');
		}
	} else
		safe(sb, login ? login : "?");
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
base64(struct sb *sb, const unsigned char *p, size_t n)
{
	uint32_t v;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		sb_addc(sb, b64[v >> 18 & 63]);
		sb_addc(sb, b64[v >> 12 & 63]);
		sb_addc(sb, b64[v >> 6 & 63]);
		sb_addc(sb, b64[v & 63]);
	}
	if (n - i == 1) {
		v = (uint32_t)p[i] << 16;
		sb_addc(sb, b64[v >> 18 & 63]);
		sb_addc(sb, b64[v >> 12 & 63]);
		sb_adds(sb, "==");
	} else if (n - i == 2) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		sb_addc(sb, b64[v >> 18 & 63]);
		sb_addc(sb, b64[v >> 12 & 63]);
		sb_addc(sb, b64[v >> 6 & 63]);
		sb_addc(sb, '=');
	}
}

/*
 * The Subject header: as it is when ASCII, else RFC 2047 encoded words of
 * at most 45 bytes of text each (whole characters), folded.
 */
static void
subject(struct sb *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), k;
	int ascii = 1;

	sb_adds(out, "Subject: ");
	for (k = 0; k < n; k++)
		if (p[k] >= 0x80)
			ascii = 0;
	if (ascii) {
		sb_add(out, s, n);
		sb_adds(out, "\r\n");
		return;
	}
	while (n > 0) {
		k = n < 45 ? n : 45;
		while (k < n && k > 0 && (p[k] & 0xc0) == 0x80)
			k--;
		sb_adds(out, "=?UTF-8?B?");
		base64(out, p, k);
		sb_adds(out, "?=");
		p += k;
		n -= k;
		sb_adds(out, n > 0 ? "\r\n " : "\r\n");
	}
}

/* RFC 5322 date of an ISO 8601 UTC time, in English whatever the locale. */
static void
mail_date(struct sb *out, const char *now)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (strptime(now, "%Y-%m-%dT%H:%M:%S", &tm) == NULL) {
		t = time(NULL);
		gmtime_r(&t, &tm);
	} else {
		t = timegm(&tm);
		gmtime_r(&t, &tm);
	}
	sb_addf(out, "%s, %02d %s %04d %02d:%02d:%02d +0000", wd[tm.tm_wday],
	    tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
}

/* ---- bodies ---- */

struct digest {
	struct sb *b;
	int n;
};

static int
digest_item(const struct item_row *r, void *arg)
{
	struct digest *d = arg;

	sb_addf(d->b, "  #%lld  ", (long long)r->id);
	who(d->b, r->person, NULL);
	if (r->person == NULL)
		sb_adds(d->b, "(no person)");
	sb_adds(d->b, ": ");
	safe(d->b, r->account);
	sb_adds(d->b, " holds ");
	safe(d->b, r->entitlement);
	sb_adds(d->b, " in ");
	safe(d->b, r->source);
	if (r->tier >= 0)
		sb_addf(d->b, ", tier %d", r->tier);
	if (r->flags != NULL && *r->flags != '\0') {
		sb_adds(d->b, " [");
		safe(d->b, r->flags);
		sb_addc(d->b, ']');
	}
	sb_addc(d->b, '\n');
	d->n++;
	return 0;
}

static void
when(struct sb *b, const struct notify_mail *m)
{
	if (m->days > 1)
		sb_addf(b, "due in %d days, on %s", m->days, m->due);
	else if (m->days == 1)
		sb_addf(b, "due tomorrow, %s", m->due);
	else if (m->days == 0)
		sb_addf(b, "due today, %s", m->due);
	else
		sb_addf(b, "was due on %s, %d day%s ago", m->due, -m->days,
		    m->days == -1 ? "" : "s");
}

static int
digest_body(struct db *db, const struct notify_mail *m, struct sb *b,
    struct sb *subj, struct err *e)
{
	struct db_item_query q = { 0 };
	struct digest d = { b, 0 };
	int rc;

	sb_addf(subj, "%s: ",
	    strcmp(m->stage, "overdue") == 0	    ? "Overdue"
		: strcmp(m->stage, "reminder") == 0 ? "Reminder"
						    : "To review");
	sb_addf(subj, "%lld item%s in campaign ", (long long)m->pending,
	    m->pending == 1 ? "" : "s");
	safe(subj, m->campaign);
	sb_adds(b, "Hello ");
	who(b, m->to_name, NULL);
	if (m->to_name == NULL)
		safe(b, m->to_login);
	sb_adds(b, ",\n\n");
	if (strcmp(m->stage, "start") == 0)
		sb_adds(b, "The access review campaign ");
	else
		sb_adds(b, "A reminder: the access review campaign ");
	safe(b, m->campaign);
	sb_adds(b, " is ");
	when(b, m);
	sb_addf(b, ".\n%lld item%s wait%s for your decision",
	    (long long)m->pending, m->pending == 1 ? "" : "s",
	    m->pending == 1 ? "s" : "");
	if (m->overdue > 0)
		sb_addf(b, " (%lld overdue)", (long long)m->overdue);
	sb_adds(b, ":\n\n");
	q.campaign = m->campaign_id;
	q.reviewer = m->to_login;
	q.pending_only = 1;
	q.order = DB_ORDER_PERSON;
	if ((rc = db_items_page(db, &q, NULL, DB_PAGE_FIRST, DIGEST_MAX_ITEMS,
		 digest_item, &d, e)) != 0)
		return rc;
	if (m->pending > d.n)
		sb_addf(b, "  ... and %lld more\n",
		    (long long)(m->pending - d.n));
	sb_adds(b,
	    "\nReview them on the review host with:\n\n    parc review "
	    "--campaign '");
	safe(b, m->campaign);
	sb_adds(b, "'\n");
	if (strcmp(m->stage, "overdue") == 0)
		sb_adds(b,
		    "\nItems left pending may be escalated to your "
		    "manager.\n");
	return 0;
}

static void
escalation_body(const struct notify_mail *m, struct sb *b, struct sb *subj)
{
	sb_adds(subj, "Escalation: ");
	who(subj, m->about_name, m->about);
	sb_adds(subj, " is late in campaign ");
	safe(subj, m->campaign);
	sb_adds(b, "Hello ");
	who(b, m->to_name, NULL);
	if (m->to_name == NULL)
		safe(b, m->to_login);
	sb_adds(b, ",\n\n");
	who(b, m->about_name, m->about);
	sb_addf(b,
	    " still has %lld pending item%s in the access review "
	    "campaign ",
	    (long long)m->pending, m->pending == 1 ? "" : "s");
	safe(b, m->campaign);
	sb_adds(b, ", which ");
	when(b, m);
	sb_adds(b,
	    ".\nYou are their manager: please see that they finish "
	    "the review.\n");
}

struct summary {
	struct sb *b;
	int n;
};

static int
summary_row(const struct progress_row *r, void *arg)
{
	struct summary *s = arg;
	struct sb cell = SB_INIT;

	if (r->pending == 0)
		return 0;
	if (s->n++ == 0)
		sb_adds(s->b,
		    "  REVIEWER                       ITEMS PENDING OVERDUE "
		    "LAST ACTIVITY\n");
	/* sb_add_cell escapes what it is given */
	if (r->reviewer == NULL)
		sb_adds(&cell, "(unassigned)");
	else if (r->name != NULL && *r->name != '\0')
		sb_addf(&cell, "%s (%s)", r->name, r->reviewer);
	else
		sb_adds(&cell, r->reviewer);
	sb_adds(s->b, "  ");
	sb_add_cell(s->b, cell.buf, 30, 1);
	sb_addf(s->b, " %5lld %7lld %7lld %s\n", (long long)r->items,
	    (long long)r->pending, (long long)r->overdue,
	    r->last_activity ? r->last_activity : "never");
	sb_release(&cell);
	return 0;
}

static int
summary_body(struct db *db, const struct notify_mail *m, struct sb *b,
    struct sb *subj, struct err *e)
{
	struct summary s = { b, 0 };
	int rc;

	sb_adds(subj, "Campaign ");
	safe(subj, m->campaign);
	sb_addf(subj, ": %lld item%s pending", (long long)m->pending,
	    m->pending == 1 ? "" : "s");
	sb_adds(b, "The access review campaign ");
	safe(b, m->campaign);
	sb_adds(b, " is ");
	when(b, m);
	sb_addf(b,
	    ".\n%lld item%s pending (%lld overdue). Reviewers behind:\n\n",
	    (long long)m->pending, m->pending == 1 ? " is" : "s are",
	    (long long)m->overdue);
	if ((rc = progress_reviewers(db, m->campaign_id, summary_row, &s, e)) !=
	    0)
		return rc;
	sb_adds(b, "\nThe whole picture: parc campaign progress '");
	safe(b, m->campaign);
	sb_adds(b, "'\n");
	return 0;
}

int
rpt_mail_compose(struct db *db, const struct notify_mail *m, const char *from,
    const char *to, const char *now, struct sb *out, struct err *e)
{
	struct sb body = SB_INIT, subj = SB_INIT;
	const char *domain = strchr(from, '@');
	unsigned long h = 5381;
	const char *p;
	size_t i;
	int rc = 0;

	switch (m->type) {
	case NOTIFY_DIGEST:
		rc = digest_body(db, m, &body, &subj, e);
		break;
	case NOTIFY_ESCALATION:
		escalation_body(m, &body, &subj);
		break;
	case NOTIFY_SUMMARY:
		rc = summary_body(db, m, &body, &subj, e);
		break;
	}
	if (rc != 0)
		goto out;
	sb_adds(&body,
	    "\n-- \nparc, the privileged access review console. "
	    "This mail was sent by parc tick;\nit is sent once.\n");
	sb_adds(out, "From: ");
	sb_adds(out, from);
	sb_adds(out, "\r\nTo: ");
	sb_adds(out, to);
	sb_adds(out, "\r\n");
	subject(out, subj.buf);
	sb_adds(out, "Date: ");
	mail_date(out, now);
	for (p = m->kind; *p; p++)
		h = h * 33 + (unsigned char)*p;
	for (p = m->recipient; *p; p++)
		h = h * 33 + (unsigned char)*p;
	sb_addf(out, "\r\nMessage-ID: <parc.%lld.%lx.",
	    (long long)m->campaign_id, h);
	for (p = now; *p; p++)
		if (*p >= '0' && *p <= '9')
			sb_addc(out, *p);
	sb_addf(out, "@%s>\r\n", domain ? domain + 1 : "parc");
	sb_adds(out,
	    "Auto-Submitted: auto-generated\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\n");
	for (i = 0; i < body.len; i++) {
		if (body.buf[i] == '\n')
			sb_addc(out, '\r');
		sb_addc(out, body.buf[i]);
	}
out:
	sb_release(&body);
	sb_release(&subj);
	return rc;
}
