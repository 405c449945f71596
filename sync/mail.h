/*
 * mail.h - sending one mail over SMTP with libcurl, for parc tick's
 * reminders (tui/cli/tick_mail.c); the message itself is composed by
 * reports/mail.h.
 *
 * The same conventions as the HTTP layer (sync/http.h): TLS is verified
 * (peer and host name) against the system's CAs or ca_file alone. An
 * smtps:// URL speaks TLS from the start; smtp:// must be upgraded with
 * STARTTLS, and a server that does not offer it is an error, unless
 * allow_insecure (then STARTTLS is used when offered, plain otherwise).
 * No other scheme is spoken, and a URL carrying credentials is refused:
 * they come from password_file / _env / _command. Messages name the
 * server and curl's reason, never the password or the message.
 */
#ifndef PARC_MAIL_H
#define PARC_MAIL_H

#include <stddef.h>

#include "lib/err.h"

struct mail_opts {
	const char *url;      /* smtps://HOST[:PORT] or smtp://HOST[:PORT] */
	const char *ca_file;  /* PEM bundle to trust instead of the system's */
	int allow_insecure;   /* smtp:// without STARTTLS */
	const char *user;     /* SMTP AUTH user, or NULL: no AUTH */
	const char *password; /* its password (borrowed), or NULL */
	long timeout;	      /* seconds per mail; 0 means 30 */
};

/*
 * Refuse url unless it is smtps:// or smtp:// with a host and no
 * credentials. where prefixes the message ("parc.conf:12"). PARC_ECONFIG.
 */
int mail_check_url(const char *url, const char *where, struct err *e);

/*
 * Send msg (len bytes: an RFC 5322 message, header and body, lines ending
 * in CRLF) from the envelope sender from to the one recipient to, both
 * bare addresses. PARC_ESOURCE naming the server and the reason when the
 * server cannot be reached, refuses TLS, AUTH, the sender or the
 * recipient, or the message.
 */
int mail_send(const struct mail_opts *o, const char *from, const char *to,
    const char *msg, size_t len, struct err *e);

#endif
