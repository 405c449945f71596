/*
 * mail.c - one SMTP transaction with libcurl: connect, TLS (implicit or
 * STARTTLS, verified), AUTH when a user is set, MAIL FROM, RCPT TO, DATA.
 * libcurl does the dot-stuffing of the body.
 */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include "lib/sb.h"
#include "sync/mail.h"

#define MAIL_DEFAULT_TIMEOUT 30

static int curl_ready;

/* The host[:port] of url for messages, into buf. */
static const char *
url_server(const char *url, char *buf, size_t len)
{
	const char *p = strstr(url, "://");
	size_t n;

	p = p ? p + 3 : url;
	n = strcspn(p, "/?#");
	if (n >= len)
		n = len - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

int
mail_check_url(const char *url, const char *where, struct err *e)
{
	const char *rest;

	if (url == NULL)
		return err_set(e, PARC_ECONFIG, "%s: [mail] needs url", where);
	if (strncmp(url, "smtps://", 8) == 0)
		rest = url + 8;
	else if (strncmp(url, "smtp://", 7) == 0)
		rest = url + 7;
	else
		return err_set(e, PARC_ECONFIG,
		    "%s: [mail] url must be smtps:// or smtp:// (with "
		    "STARTTLS), not '%.200s'",
		    where, url);
	if (*rest == '\0' || *rest == '/' || *rest == ':')
		return err_set(e, PARC_ECONFIG,
		    "%s: [mail] url '%.200s' has no host", where, url);
	if (strchr(rest, '@') != NULL &&
	    strchr(rest, '@') < rest + strcspn(rest, "/?#"))
		return err_set(e, PARC_ECONFIG,
		    "%s: [mail] url must not carry a user or password (use "
		    "username and password_file, _env or _command)",
		    where);
	return 0;
}

struct upload {
	const char *p;
	size_t left;
};

static size_t
on_read(char *buf, size_t size, size_t n, void *arg)
{
	struct upload *u = arg;
	size_t k = size * n;

	if (k > u->left)
		k = u->left;
	memcpy(buf, u->p, k);
	u->p += k;
	u->left -= k;
	return k;
}

int
mail_send(const struct mail_opts *o, const char *from, const char *to,
    const char *msg, size_t len, struct err *e)
{
	char errbuf[CURL_ERROR_SIZE], server[256];
	struct curl_slist *rcpt = NULL;
	struct upload u = { msg, len };
	struct sb addr = SB_INIT;
	CURLcode cc;
	CURL *c;
	int rc = 0;

	if (!curl_ready) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		curl_ready = 1;
	}
	url_server(o->url, server, sizeof(server));
	if ((c = curl_easy_init()) == NULL)
		return err_set(e, PARC_ENOMEM, "mail: curl_easy_init failed");
	errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, o->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	/* smtp:// must turn to TLS with STARTTLS, unless told otherwise */
	curl_easy_setopt(c, CURLOPT_USE_SSL,
	    o->allow_insecure ? (long)CURLUSESSL_TRY : (long)CURLUSESSL_ALL);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (o->ca_file != NULL) {
		curl_easy_setopt(c, CURLOPT_CAINFO, o->ca_file);
		curl_easy_setopt(c, CURLOPT_CAPATH, NULL);
	}
	curl_easy_setopt(c, CURLOPT_TIMEOUT,
	    o->timeout > 0 ? o->timeout : (long)MAIL_DEFAULT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
	    o->timeout > 0 ? o->timeout : (long)MAIL_DEFAULT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	if (o->user != NULL) {
		curl_easy_setopt(c, CURLOPT_USERNAME, o->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD,
		    o->password ? o->password : "");
	}
	sb_addf(&addr, "<%s>", from);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, addr.buf);
	sb_reset(&addr);
	sb_addf(&addr, "<%s>", to);
	rcpt = curl_slist_append(NULL, addr.buf);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	if ((cc = curl_easy_perform(c)) != CURLE_OK)
		rc = err_set(e, PARC_ESOURCE, "mail server %s: %s", server,
		    errbuf[0] ? errbuf : curl_easy_strerror(cc));
	curl_easy_setopt(c, CURLOPT_PASSWORD, NULL);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	sb_release(&addr);
	return rc;
}
