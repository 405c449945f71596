/*
 * http.h - the small HTTP layer the cloud connectors share (AWS now; Azure
 * and GCP are written against the same calls), over libcurl.
 *
 * One struct http per source: it keeps one curl handle (connections are
 * reused between calls), the source's name for messages, its timeouts and
 * its TLS settings. A call is one request and its answer:
 *
 *	struct http_req req = { .call = "GetAccountAuthorizationDetails",
 *	    .url = endpoint, .body = form, .body_len = len,
 *	    .content_type = "application/x-www-form-urlencoded",
 *	    .sigv4 = "aws:amz:us-east-1:iam", .user = key_id,
 *	    .password = secret };
 *	struct http_resp resp = HTTP_RESP_INIT;
 *	rc = http_call(h, &req, &resp, e);
 *
 * What the layer does for every caller:
 * - TLS is verified (peer and host name) against the system's CAs, or
 *   against ca_file alone when it is set. An http:// URL is refused unless
 *   allow_insecure; no other scheme is spoken, and redirects are never
 *   followed (a connector pages with the URLs its API names, e.g. Azure's
 *   nextLink, after checking them with http_check_url).
 * - Each attempt is bounded by timeout seconds (connect to last byte), and
 *   a body larger than max_body is cut off as an error, never kept.
 * - An answer the caller's retry hook calls retryable (AWS: HTTP 400 with
 *   the error code Throttling, 503; Azure and GCP: 429, 503) and any
 *   failure to connect or a reset connection are tried again up to
 *   max_tries times in all, after an exponential backoff with full jitter
 *   (a random wait in [0, min(backoff_max, backoff * 2^n)]), or after the
 *   server's Retry-After when it sends one (bounded by backoff_max).
 *   A timeout is not retried: the server was reached and did not answer,
 *   and waiting max_tries times as long would look like a hang.
 * - Errors are PARC_ESOURCE with one sentence naming the source, the call,
 *   the host and curl's reason ("source prod: GetUser: iam.amazonaws.com:
 *   Timed out (no answer within 30 s)"). The final answer of a call that
 *   reached the server is returned with status and body whatever its HTTP
 *   status: the caller knows its API's error format and words the error
 *   (http_fail helps).
 * - Secrets stay out: messages name the host and path, never the query
 *   string, the headers, the credentials or the request body, and curl's
 *   verbose output is never turned on.
 */
#ifndef PARC_HTTP_H
#define PARC_HTTP_H

#include <stddef.h>

#include "lib/err.h"
#include "lib/sb.h"

struct http_opts {
	const char *source;  /* source name for messages (copied) */
	long timeout;	     /* seconds per attempt; 0 means 30 */
	const char *ca_file; /* PEM bundle to trust instead of the system's */
	int allow_insecure;  /* accept http:// URLs */
	int max_tries;	     /* attempts per call in all; 0 means 5 */
	long backoff_ms;     /* first backoff ceiling; 0 means 500 */
	long backoff_max_ms; /* largest wait; 0 means 20000 */
	size_t max_body;     /* largest answer kept; 0 means 256 MiB */
};

struct http_resp {
	long status;	  /* HTTP status of the final answer */
	struct sb body;	  /* the answer's body */
	long retry_after; /* Retry-After in seconds, or -1 when not sent */
	int tries;	  /* attempts made */
};

#define HTTP_RESP_INIT            \
	{                         \
		0, SB_INIT, -1, 0 \
	}

/* Release the body (wiped: it may hold tokens) and reset resp. */
void http_resp_release(struct http_resp *resp);

struct http_req {
	const char *call;   /* API operation, for messages */
	const char *method; /* "GET" (default without body) or "POST" */
	const char *url;    /* full URL (checked with http_check_url) */
	const char *body;   /* request body or NULL */
	size_t body_len;
	const char *content_type; /* of the body, or NULL */
	const char *accept;	  /* Accept header, or NULL */
	/*
	 * Extra "Name: value" header lines, NULL-terminated, or NULL. They
	 * may carry secrets (a session token): they are never printed.
	 */
	const char *const *headers;
	/*
	 * AWS SigV4: curl's CURLOPT_AWS_SIGV4 provider string
	 * ("aws:amz:REGION:SERVICE") with user = access key id and password
	 * = secret key. NULL for no signing.
	 */
	const char *sigv4;
	const char *user, *password;
	const char *bearer; /* Authorization: Bearer TOKEN, or NULL */
	/*
	 * Whether an answer is worth trying again: 1 to retry, 0 to hand it
	 * to the caller. Called after every attempt that got an answer, with
	 * retry_arg. NULL retries 429, 500, 502, 503 and 504.
	 */
	int (*retryable)(const struct http_resp *resp, void *arg);
	void *retry_arg;
};

struct http;

/*
 * Make a client for one source. Never fails for valid options; the
 * ca_file is only read when a call needs it. Free with http_free.
 */
struct http *http_new(const struct http_opts *o);

/* Free the client and its connections. NULL is a no-op. */
void http_free(struct http *h);

/*
 * Refuse url unless it is https:// (or http:// and allow_insecure) with a
 * host. what names it in the message ("endpoint"). PARC_ECONFIG.
 */
int http_check_url(const char *url, int allow_insecure, const char *what,
    struct err *e);

/*
 * Whether url b has the same scheme, host and port as url a (compared
 * ignoring case; a missing port is the scheme's). A connector follows a
 * paging link the server hands out (Azure's nextLink, a GCP next page)
 * only when it does: a bearer token must never go to another host.
 */
int http_same_origin(const char *a, const char *b);

/*
 * Make one call, with retries as described above. Returns 0 with resp
 * holding the final answer (any HTTP status: check resp->status), or
 * PARC_ESOURCE when no answer came (connect refused or reset after every
 * try, a timeout, a TLS failure, a body over max_body), naming source,
 * call and host. resp is reset first; release it with http_resp_release
 * in both cases.
 */
int http_call(struct http *h, const struct http_req *req,
    struct http_resp *resp, struct err *e);

/*
 * Set e to PARC_ESOURCE for an answer the caller could not accept:
 * "source S: CALL: HOST: HTTP 403 " followed by the printf-style detail
 * (the API's own error code and message, made safe for a terminal by the
 * caller), and " (after N tries)" when it was retried. Returns the code.
 */
int http_fail(struct http *h, const struct http_req *req,
    const struct http_resp *resp, struct err *e, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * Append s to sb form-urlencoded (RFC 3986 unreserved characters kept,
 * everything else %XX), as AWS's Query API and OAuth token requests want.
 */
void http_add_urlenc(struct sb *sb, const char *s);

/*
 * Decode %XX escapes (and '+' as a space when plus is set) in s into a
 * malloc'd NUL-terminated string, its length in *len. Returns NULL when an
 * escape is malformed.
 */
char *http_urldecode(const char *s, size_t n, int plus, size_t *len);

#endif
