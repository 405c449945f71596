/*
 * http.c - one libcurl easy handle per source, with the retries, bounds
 * and TLS rules of http.h.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "lib/sb.h"
#include "sync/http.h"

#define HTTP_DEFAULT_TIMEOUT 30
#define HTTP_DEFAULT_TRIES 5
#define HTTP_DEFAULT_BACKOFF_MS 500
#define HTTP_DEFAULT_BACKOFF_MAX_MS 20000
#define HTTP_DEFAULT_MAX_BODY ((size_t)256 << 20)

struct http {
	CURL *curl;
	char *source;
	char *ca_file;
	long timeout;
	int allow_insecure;
	int max_tries;
	long backoff_ms, backoff_max_ms;
	size_t max_body;
	/* the answer being received */
	struct sb *body;
	int overflow;
	char errbuf[CURL_ERROR_SIZE];
};

static int curl_ready;

struct http *
http_new(const struct http_opts *o)
{
	struct http *h = xcalloc(1, sizeof(*h));

	if (!curl_ready) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		curl_ready = 1;
	}
	h->source = xstrdup(o->source ? o->source : "?");
	h->ca_file = o->ca_file ? xstrdup(o->ca_file) : NULL;
	h->timeout = o->timeout > 0 ? o->timeout : HTTP_DEFAULT_TIMEOUT;
	h->allow_insecure = o->allow_insecure;
	h->max_tries = o->max_tries > 0 ? o->max_tries : HTTP_DEFAULT_TRIES;
	h->backoff_ms =
	    o->backoff_ms > 0 ? o->backoff_ms : HTTP_DEFAULT_BACKOFF_MS;
	h->backoff_max_ms = o->backoff_max_ms > 0 ? o->backoff_max_ms
						  : HTTP_DEFAULT_BACKOFF_MAX_MS;
	h->max_body = o->max_body > 0 ? o->max_body : HTTP_DEFAULT_MAX_BODY;
	return h;
}

void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	if (h->curl != NULL)
		curl_easy_cleanup(h->curl);
	free(h->source);
	free(h->ca_file);
	free(h);
}

void
http_resp_release(struct http_resp *resp)
{
	sb_wipe(&resp->body);
	resp->status = 0;
	resp->retry_after = -1;
	resp->tries = 0;
}

/* The host[:port] of url into buf, for messages: never the query. */
static const char *
url_host(const char *url, char *buf, size_t len)
{
	const char *p = strstr(url, "://");
	size_t n;

	p = p ? p + 3 : url;
	n = strcspn(p, "/?#");
	if (n >= len)
		n = len - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	/* user:password@ never reaches a message */
	if ((p = strrchr(buf, '@')) != NULL)
		memmove(buf, p + 1, strlen(p + 1) + 1);
	return buf;
}

int
http_check_url(const char *url, int allow_insecure, const char *what,
    struct err *e)
{
	char host[256];
	const char *rest;

	if (strncmp(url, "https://", 8) == 0)
		rest = url + 8;
	else if (strncmp(url, "http://", 7) == 0) {
		if (!allow_insecure)
			return err_set(e, PARC_ECONFIG,
			    "%s %s is plain http:// (credentials and data "
			    "would cross the network unencrypted); use "
			    "https:// or set allow_insecure = yes",
			    what, url_host(url, host, sizeof(host)));
		rest = url + 7;
	} else
		return err_set(e, PARC_ECONFIG,
		    "%s must be an https:// URL, not '%.200s'", what, url);
	if (*rest == '\0' || *rest == '/' || *rest == ':' || *rest == '?')
		return err_set(e, PARC_ECONFIG, "%s '%.200s' has no host", what,
		    url);
	if (strchr(url, '@') != NULL &&
	    strchr(url, '@') < rest + strcspn(rest, "/?#"))
		return err_set(e, PARC_ECONFIG,
		    "%s must not carry a user or password", what);
	return 0;
}

/* Scheme, host and port of url, lowercased, into buf; "" when none. */
static void
origin(const char *url, char *buf, size_t len)
{
	const char *p = strstr(url, "://"), *host, *at;
	size_t n, i;
	int https;

	buf[0] = '\0';
	if (p == NULL)
		return;
	https = (size_t)(p - url) == 5 && strncasecmp(url, "https", 5) == 0;
	host = p + 3;
	n = strcspn(host, "/?#");
	at = memchr(host, '@', n);
	if (at != NULL) {
		n -= (size_t)(at + 1 - host);
		host = at + 1;
	}
	if ((size_t)(p - url) + 3 + n + 8 >= len)
		return;
	for (i = 0; i < (size_t)(p - url) + 3; i++)
		buf[i] = (char)tolower((unsigned char)url[i]);
	for (; n > 0; n--, host++)
		buf[i++] = (char)tolower((unsigned char)*host);
	buf[i] = '\0';
	/* the scheme's port when none is written ([v6] ends in ']') */
	p = strrchr(buf + (p - url) + 3, ':');
	if (p == NULL || strchr(p, ']') != NULL)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s",
		    https ? ":443" : ":80");
}

int
http_same_origin(const char *a, const char *b)
{
	char oa[512], ob[512];

	origin(a, oa, sizeof(oa));
	origin(b, ob, sizeof(ob));
	return oa[0] != '\0' && strcmp(oa, ob) == 0;
}

static size_t
on_body(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct http *h = arg;
	size_t n = size * nmemb;

	if (h->body->len + n > h->max_body) {
		h->overflow = 1;
		return 0;
	}
	sb_add(h->body, ptr, n);
	return n;
}

static int
default_retryable(const struct http_resp *resp, void *arg)
{
	(void)arg;
	return resp->status == 429 || resp->status == 500 ||
	    resp->status == 502 || resp->status == 503 || resp->status == 504;
}

/* Failures to reach the server that another try may cure. */
static int
transport_retryable(CURLcode cc)
{
	return cc == CURLE_COULDNT_CONNECT || cc == CURLE_GOT_NOTHING ||
	    cc == CURLE_SEND_ERROR || cc == CURLE_RECV_ERROR;
}

static void
sleep_ms(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0)
		;
}

/* The wait before try n+1 (n >= 1): full jitter, or Retry-After. */
static long
backoff(const struct http *h, int n, long retry_after)
{
	long ceil = h->backoff_ms;
	int i;

	if (retry_after >= 0) {
		if (retry_after > h->backoff_max_ms / 1000)
			return h->backoff_max_ms;
		return retry_after * 1000;
	}
	for (i = 1; i < n && ceil < h->backoff_max_ms; i++)
		ceil *= 2;
	if (ceil > h->backoff_max_ms)
		ceil = h->backoff_max_ms;
	return (long)arc4random_uniform((unsigned)ceil + 1);
}

static int
setup(struct http *h, const struct http_req *req, struct curl_slist **hdrs,
    struct err *e)
{
	CURL *c;
	struct sb line = SB_INIT;
	size_t i;

	if (h->curl == NULL && (h->curl = curl_easy_init()) == NULL)
		return err_set(e, PARC_ENOMEM,
		    "source %s: curl_easy_init "
		    "failed",
		    h->source);
	c = h->curl;
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, req->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR,
	    h->allow_insecure ? "http,https" : "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (h->ca_file != NULL) {
		curl_easy_setopt(c, CURLOPT_CAINFO, h->ca_file);
		curl_easy_setopt(c, CURLOPT_CAPATH, NULL);
	}
	curl_easy_setopt(c, CURLOPT_TIMEOUT, h->timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, h->timeout);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "parc/" PARC_VERSION);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	if (req->body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)req->body_len);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body);
	}
	if (req->method != NULL && strcmp(req->method, "POST") != 0 &&
	    strcmp(req->method, "GET") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method);
	if (req->content_type != NULL) {
		sb_addf(&line, "Content-Type: %s", req->content_type);
		*hdrs = curl_slist_append(*hdrs, line.buf);
		sb_reset(&line);
	}
	if (req->accept != NULL) {
		sb_addf(&line, "Accept: %s", req->accept);
		*hdrs = curl_slist_append(*hdrs, line.buf);
		sb_reset(&line);
	}
	if (req->bearer != NULL) {
		sb_addf(&line, "Authorization: Bearer %s", req->bearer);
		*hdrs = curl_slist_append(*hdrs, line.buf);
	}
	sb_wipe(&line);
	for (i = 0; req->headers != NULL && req->headers[i] != NULL; i++)
		*hdrs = curl_slist_append(*hdrs, req->headers[i]);
	/*
	 * No "Expect:" line to stop curl's 100-continue: curl 7.88 would
	 * sign that empty header without sending it. Bodies here are small.
	 */
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, *hdrs);
	if (req->sigv4 != NULL) {
		curl_easy_setopt(c, CURLOPT_AWS_SIGV4, req->sigv4);
		curl_easy_setopt(c, CURLOPT_USERNAME, req->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, req->password);
	}
	return 0;
}

/* Wipe what a finished call left in the handle and the header list. */
static void
forget(struct http *h, struct curl_slist *hdrs)
{
	struct curl_slist *l;

	for (l = hdrs; l != NULL; l = l->next)
		memset(l->data, 0, strlen(l->data));
	curl_slist_free_all(hdrs);
	if (h->curl != NULL) {
		curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, NULL);
		curl_easy_setopt(h->curl, CURLOPT_USERNAME, NULL);
		curl_easy_setopt(h->curl, CURLOPT_PASSWORD, NULL);
		curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, NULL);
	}
}

int
http_call(struct http *h, const struct http_req *req, struct http_resp *resp,
    struct err *e)
{
	int (*retryable)(const struct http_resp *, void *) =
	    req->retryable ? req->retryable : default_retryable;
	struct curl_slist *hdrs = NULL;
	char host[256];
	curl_off_t ra;
	CURLcode cc;
	long wait;
	int rc;

	http_resp_release(resp);
	url_host(req->url, host, sizeof(host));
	if ((rc = http_check_url(req->url, h->allow_insecure, "URL", e)) != 0)
		return err_set(e, PARC_ESOURCE, "source %s: %s: %s", h->source,
		    req->call, e->msg);
	if ((rc = setup(h, req, &hdrs, e)) != 0)
		goto out;
	h->body = &resp->body;
	for (;;) {
		sb_wipe(&resp->body);
		resp->status = 0;
		resp->retry_after = -1;
		h->overflow = 0;
		h->errbuf[0] = '\0';
		resp->tries++;
		cc = curl_easy_perform(h->curl);
		if (cc == CURLE_OK) {
			curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE,
			    &resp->status);
			if (curl_easy_getinfo(h->curl, CURLINFO_RETRY_AFTER,
				&ra) == CURLE_OK &&
			    ra > 0)
				resp->retry_after = (long)ra;
			if (resp->tries >= h->max_tries ||
			    !retryable(resp, req->retry_arg)) {
				rc = 0;
				break;
			}
		} else if (h->overflow) {
			rc = err_set(e, PARC_ESOURCE,
			    "source %s: %s: %s: the answer is larger than "
			    "%zu MiB; refused",
			    h->source, req->call, host, h->max_body >> 20);
			break;
		} else if (cc == CURLE_PARTIAL_FILE) {
			rc = err_set(e, PARC_ESOURCE,
			    "source %s: %s: %s: the answer was cut short (%s)",
			    h->source, req->call, host,
			    h->errbuf[0] ? h->errbuf : curl_easy_strerror(cc));
			break;
		} else if (cc == CURLE_OPERATION_TIMEDOUT) {
			rc = err_set(e, PARC_ESOURCE,
			    "source %s: %s: %s: Timed out (no answer within "
			    "%ld s)",
			    h->source, req->call, host, h->timeout);
			break;
		} else if (!transport_retryable(cc) ||
		    resp->tries >= h->max_tries) {
			rc = err_set(e, PARC_ESOURCE, "source %s: %s: %s: %s%s",
			    h->source, req->call, host,
			    h->errbuf[0] ? h->errbuf : curl_easy_strerror(cc),
			    resp->tries > 1 ? " (after retries)" : "");
			break;
		}
		wait = backoff(h, resp->tries, resp->retry_after);
		sleep_ms(wait);
	}
out:
	h->body = NULL;
	forget(h, hdrs);
	if (rc != 0)
		sb_wipe(&resp->body);
	return rc;
}

int
http_fail(struct http *h, const struct http_req *req,
    const struct http_resp *resp, struct err *e, const char *fmt, ...)
{
	struct sb msg = SB_INIT;
	char host[256];
	va_list ap;
	int rc;

	sb_addf(&msg, "source %s: %s: %s: HTTP %ld ", h->source, req->call,
	    url_host(req->url, host, sizeof(host)), resp->status);
	va_start(ap, fmt);
	sb_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (resp->tries > 1)
		sb_addf(&msg, " (after %d tries)", resp->tries);
	rc = err_set(e, PARC_ESOURCE, "%s", msg.buf);
	sb_release(&msg);
	return rc;
}

void
http_add_urlenc(struct sb *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.' || *p == '~')
			sb_addc(sb, *p);
		else {
			sb_addc(sb, '%');
			sb_addc(sb, hex[*p >> 4]);
			sb_addc(sb, hex[*p & 15]);
		}
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
http_urldecode(const char *s, size_t n, int plus, size_t *len)
{
	char *out = xmalloc(n + 1);
	size_t i, o = 0;
	int a, b;

	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (i + 2 >= n) {
				free(out);
				return NULL;
			}
			if ((a = hexval((unsigned char)s[i + 1])) < 0 ||
			    (b = hexval((unsigned char)s[i + 2])) < 0) {
				free(out);
				return NULL;
			}
			out[o++] = (char)(a * 16 + b);
			i += 2;
		} else if (plus && s[i] == '+')
			out[o++] = ' ';
		else
			out[o++] = s[i];
	}
	out[o] = '\0';
	if (len != NULL)
		*len = o;
	return out;
}
