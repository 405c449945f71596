/*
 * notify.h - which mails parc tick owes, and the record of every mail
 * sent or tried (the mail_log table), so that no mail goes out twice and
 * a failed one is tried again at the next tick.
 *
 * For every open campaign and every reviewer with pending items, the
 * reviewer is owed one digest per stage the campaign has reached:
 *
 *	start        from the campaign's start (policy start)
 *	reminder-N   from N days before the due date (policy remind)
 *	overdue      from the day after the due date (policy overdue)
 *
 * only the latest stage reached (a first tick 2 days before the due date
 * sends reminder-3, not start and then reminder-3). From escalate_days
 * after the due date the reviewer's manager (HR data) is sent an
 * escalation naming the reviewer, once. The campaign's owner (the login
 * that created it, or summary_to) is sent a summary of who is behind at
 * each reminder and at overdue, while anyone is behind. A mail is keyed by
 * (campaign, kind, recipient): once recorded as sent it is never owed
 * again; one recorded as failed is owed again.
 */
#ifndef PARC_NOTIFY_H
#define PARC_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "db/role.h"
#include "lib/err.h"

#define NOTIFY_MAX_REMIND 8

struct notify_policy {
	int start;		       /* the digest at campaign start */
	int remind[NOTIFY_MAX_REMIND]; /* days before the due date */
	int nremind;
	int overdue;	   /* the digest once the campaign is overdue */
	int escalate_days; /* days after due before escalating; -1: never */
	int summary;	   /* the owner's summary */
	const char *summary_to; /* address for summaries, or NULL: owner */
};

enum notify_type {
	NOTIFY_DIGEST,	   /* to a reviewer: their pending items */
	NOTIFY_ESCALATION, /* to a late reviewer's manager */
	NOTIFY_SUMMARY,	   /* to the campaign's owner: who is behind */
};

struct notify_mail {
	enum notify_type type;
	int64_t campaign_id;
	const char *campaign, *due;
	const char *kind;  /* start, reminder-N, overdue, escalation,
			    * summary-reminder-N, summary-overdue */
	const char *stage; /* start, reminder or overdue */
	int days;	   /* days until the due date (< 0: late) */
	/* the mail_log key: the reviewer (digest, escalation) or the owner */
	const char *recipient;
	const char *to_login;	/* who gets it (NULL: nobody known) */
	const char *to_name;	/* their display name, or NULL */
	const char *to_address; /* their address (HR), or NULL: none */
	const char *about;	/* escalation: the late reviewer's login */
	const char *about_name; /* and display name, or NULL */
	int64_t pending;	/* the reviewer's (summary: all) pending */
	int64_t overdue;	/* of those, marked overdue by tick */
	int attempts;		/* failed tries recorded so far */
};

/*
 * Call fn for every mail owed at now (ISO 8601), by campaign, then
 * recipient. The list is read first, so fn may write (notify_record).
 * Strings live during the call. A non-zero return from fn stops the walk
 * and is returned.
 */
int notify_walk(struct db *db, const struct notify_policy *p, const char *now,
    int (*fn)(const struct notify_mail *m, void *arg), void *arg,
    struct err *e);

/*
 * Record that mail m, the message msg (len bytes), was sent to address
 * (error NULL) or failed with error, in mail_log and the audit chain as
 * a (NULL: "parc"): "mail.sent" or "mail.failed" on the campaign, with
 * kind, recipient, address, pending items and the SHA-256 of the
 * message. One transaction.
 */
int notify_record(struct db *db, const struct actor *a,
    const struct notify_mail *m, const char *now, const char *address,
    const char *msg, size_t len, const char *error, struct err *e);

#endif
