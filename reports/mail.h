/*
 * mail.h - the mails parc tick sends (db/notify.h says which), written as
 * RFC 5322 messages: plain text in UTF-8, lines ending in CRLF.
 *
 * Nothing from the data can reach a header: the addresses are checked
 * (rpt_mail_address_ok) and names never go into a header; the subject is
 * parc's own words and the campaign name, escaped as every value of the
 * body is (sb_add_safe: a CR or LF in a person's name prints as \r, \n),
 * then RFC 2047-encoded when it is not ASCII.
 */
#ifndef PARC_RPT_MAIL_H
#define PARC_RPT_MAIL_H

#include "db/db.h"
#include "db/notify.h"
#include "lib/err.h"
#include "lib/sb.h"

/*
 * Whether s is a bare address parc will write into a header and give the
 * server: at most 254 printable ASCII characters, no blanks, quotes,
 * brackets, commas or semicolons, one @ with text on both sides.
 */
int rpt_mail_address_ok(const char *s);

/*
 * Compose mail m from from to to (both checked addresses) at now (ISO
 * 8601) into out (appended): a digest lists up to 50 of the reviewer's
 * pending items, an escalation the late reviewer's count, a summary every
 * reviewer with pending items. Reads db; PARC_EDB on failure.
 */
int rpt_mail_compose(struct db *db, const struct notify_mail *m,
    const char *from, const char *to, const char *now, struct sb *out,
    struct err *e);

#endif
