/*
 * tick_mail.h - the mail half of parc tick: read [mail], send every mail
 * db/notify.h says is owed (composed by reports/mail.h, sent by
 * sync/mail.h) and record each, or with dry_run print them and change
 * nothing.
 *
 *	[mail]
 *	url = smtps://mail.example.com      ; or smtp:// (STARTTLS required)
 *	from = parc@example.com
 *	username = parc                      ; optional: SMTP AUTH
 *	password_file = /etc/parc/mail.secret ; or password_env / _command
 *	ca_file = /etc/parc/mail-ca.pem      ; optional
 *	allow_insecure = no                  ; yes: smtp:// without STARTTLS
 *	timeout = 30
 *	start = yes                          ; digest at campaign start
 *	remind_days = 7,1                    ; days before due; no: none
 *	overdue = yes                        ; digest once overdue
 *	escalate_days = 7                    ; after due, to the manager; no
 *	summary = yes                        ; who is behind, to the owner
 *	summary_to = iam@example.com         ; instead of the owner's address
 */
#ifndef PARC_TICK_MAIL_H
#define PARC_TICK_MAIL_H

#include <stdint.h>

#include "db/role.h"
#include "lib/err.h"
#include "tui/cli/cmd.h"

struct tick_mail_stats {
	int64_t sent, failed, no_address;
};

/*
 * Send (or with dry_run print on stdout) the mails owed at now (ISO 8601)
 * as actor a. Without a [mail] section nothing is sent (dry_run prints
 * with the defaults). A mail to someone without a valid address is
 * skipped with a warning on stderr, and owed again at the next tick; a
 * failed send is recorded, warned about, and tried again at the next
 * tick: *st counts them. PARC_ECONFIG for a bad [mail] section, naming
 * file and line.
 */
int tick_mail(struct ctx *ctx, const struct actor *a, const char *now,
    int dry_run, struct tick_mail_stats *st, struct err *e);

#endif
