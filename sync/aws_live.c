/*
 * aws_live.c - credentials, STS AssumeRole, and the IAM calls parc makes:
 * GetAccountAuthorizationDetails to its last page, GenerateCredentialReport
 * until COMPLETE, GetCredentialReport. Each call is a form POST signed by
 * libcurl (CURLOPT_AWS_SIGV4) through sync/http.h; each answer is XML made
 * into the AWS CLI's JSON by sync/aws_xml.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ini.h>

#include "lib/config.h"
#include "lib/sb.h"
#include "sync/aws_live.h"
#include "sync/aws_xml.h"
#include "sync/http.h"
#include "sync/ldif.h"

#define IAM_VERSION "2010-05-08"
#define STS_VERSION "2011-06-15"
#define AWS_MSG_MAX 300	     /* bytes of AWS's error message quoted */
#define AWS_PAGES_MAX 100000 /* pages of one listing: a server in a loop */

struct creds {
	char *key_id, *secret, *token;
	char *from; /* where they came from, for messages */
};

static void
creds_release(struct creds *c)
{
	conf_secret_free(c->key_id);
	conf_secret_free(c->secret);
	conf_secret_free(c->token);
	free(c->from);
	memset(c, 0, sizeof(*c));
}

/* --- credentials ---------------------------------------------------------- */

struct ini_find {
	const char *profile;
	struct creds *c;
	int found; /* the section was seen */
};

static int
on_ini(void *arg, const char *section, const char *name, const char *value)
{
	struct ini_find *f = arg;
	char **slot = NULL;

	if (strcmp(section, f->profile) != 0)
		return 1;
	f->found = 1;
	if (strcmp(name, "aws_access_key_id") == 0)
		slot = &f->c->key_id;
	else if (strcmp(name, "aws_secret_access_key") == 0)
		slot = &f->c->secret;
	else if (strcmp(name, "aws_session_token") == 0)
		slot = &f->c->token;
	if (slot != NULL) {
		conf_secret_free(*slot);
		*slot = xstrdup(value);
	}
	return 1;
}

static char *
credentials_path(void)
{
	const char *p = getenv("AWS_SHARED_CREDENTIALS_FILE");
	const char *home = getenv("HOME");
	struct sb s = SB_INIT;

	if (p != NULL && *p != '\0')
		return xstrdup(p);
	sb_addf(&s, "%s/.aws/credentials", home ? home : "");
	return sb_detach(&s);
}

/*
 * Read profile from the shared credentials file. A missing profile is an
 * error only when must is set (the source named it).
 */
static int
creds_profile(const char *profile, int must, struct creds *c, struct err *e)
{
	struct ini_find f = { profile, c, 0 };
	char *path = credentials_path();
	FILE *fp;
	int line, rc = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		if (must || errno != ENOENT)
			rc = err_set(e, PARC_ECONFIG,
			    "cannot read AWS credentials file %s: %s", path,
			    strerror(errno));
		goto out;
	}
	line = ini_parse_file(fp, on_ini, &f);
	fclose(fp);
	if (line != 0) {
		rc = err_set(e, PARC_ECONFIG,
		    "%s:%d: not an AWS credentials file", path, line);
		goto out;
	}
	if (!f.found) {
		if (must)
			rc = err_set(e, PARC_ECONFIG, "%s: no profile [%s]",
			    path, profile);
		goto out;
	}
	if (c->key_id == NULL || c->secret == NULL) {
		rc = err_set(e, PARC_ECONFIG,
		    "%s: profile [%s] needs aws_access_key_id and "
		    "aws_secret_access_key (parc reads keys only: no "
		    "role_arn/source_profile or SSO in this file)",
		    path, profile);
		goto out;
	}
	{
		struct sb from = SB_INIT;

		sb_addf(&from, "profile %s in %s", profile, path);
		c->from = sb_detach(&from);
	}
out:
	if (rc != 0 || c->from == NULL) {
		conf_secret_free(c->key_id);
		conf_secret_free(c->secret);
		conf_secret_free(c->token);
		c->key_id = c->secret = c->token = NULL;
	}
	free(path);
	return rc;
}

static int
creds_find(const struct aws_live_opts *o, struct creds *c, struct err *e)
{
	const char *id = getenv("AWS_ACCESS_KEY_ID");
	const char *sk = getenv("AWS_SECRET_ACCESS_KEY");
	const char *tok = getenv("AWS_SESSION_TOKEN");
	const char *prof = getenv("AWS_PROFILE");
	int rc;

	memset(c, 0, sizeof(*c));
	if (o->profile != NULL)
		return creds_profile(o->profile, 1, c, e);
	if (id != NULL && *id != '\0' && sk != NULL && *sk != '\0') {
		c->key_id = xstrdup(id);
		c->secret = xstrdup(sk);
		if (tok != NULL && *tok != '\0')
			c->token = xstrdup(tok);
		c->from = xstrdup("the environment (AWS_ACCESS_KEY_ID)");
		return 0;
	}
	if (prof != NULL && *prof != '\0')
		return creds_profile(prof, 1, c, e);
	if ((rc = creds_profile("default", 0, c, e)) != 0)
		return rc;
	if (c->key_id == NULL)
		return err_set(e, PARC_ECONFIG,
		    "source %s: no AWS credentials: set profile = NAME (a "
		    "profile of ~/.aws/credentials or "
		    "$AWS_SHARED_CREDENTIALS_FILE), or AWS_ACCESS_KEY_ID and "
		    "AWS_SECRET_ACCESS_KEY in the environment",
		    o->source);
	return 0;
}

/* --- calls ---------------------------------------------------------------- */

struct live {
	const struct aws_live_opts *o;
	struct http *h;
	struct creds cr;
};

/* AWS's error code and message from an ErrorResponse, or NULLs. */
static json_t *
aws_error(const struct http_resp *resp, const char **code, const char **msg)
{
	static const char *const pcode[] = { "ErrorResponse", "Error", "Code",
		NULL };
	static const char *const pmsg[] = { "ErrorResponse", "Error", "Message",
		NULL };
	struct err ignored = ERR_INIT;
	json_t *root = NULL;

	*code = *msg = NULL;
	if (aws_xml_parse(resp->body.buf, resp->body.len, &root, &ignored) != 0)
		return NULL;
	*code = json_string_value(aws_xml_get(root, pcode));
	*msg = json_string_value(aws_xml_get(root, pmsg));
	return root;
}

/* IAM and STS ask to be tried again with Throttling (400) or 503. */
static int
aws_retryable(const struct http_resp *resp, void *arg)
{
	const char *code, *msg;
	json_t *root;
	int again;

	(void)arg;
	if (resp->status == 503 || resp->status == 500 || resp->status == 502 ||
	    resp->status == 504)
		return 1;
	if (resp->status != 400)
		return 0;
	root = aws_error(resp, &code, &msg);
	again = code != NULL &&
	    (strcmp(code, "Throttling") == 0 ||
		strcmp(code, "ThrottlingException") == 0 ||
		strcmp(code, "RequestLimitExceeded") == 0);
	json_decref(root);
	return again;
}

/*
 * POST Action=action&Version=version plus params (already encoded, each
 * starting with '&') to url, signed for service. On HTTP 200 *result is
 * the ACTIONResult element (an empty object when the answer has none).
 * *errcode, when not NULL, gets a copy of AWS's error code on failure.
 */
static int
aws_call(struct live *l, const char *url, const char *service,
    const char *version, const char *action, const char *params,
    const char *what, json_t **result, char **errcode, struct err *e)
{
	struct http_resp resp = HTTP_RESP_INIT;
	struct sb body = SB_INIT, sig = SB_INIT, tokhdr = SB_INIT;
	struct sb key = SB_INIT, safe = SB_INIT;
	const char *hdrs[2] = { NULL, NULL };
	const char *code, *msg;
	json_t *root = NULL, *r;
	struct http_req req;
	int rc;

	*result = NULL;
	if (errcode != NULL)
		*errcode = NULL;
	sb_addf(&body, "Action=%s&Version=%s%s", action, version,
	    params ? params : "");
	sb_addf(&sig, "aws:amz:%s:%s",
	    strcmp(service, "sts") == 0 ? l->o->sts_region : l->o->region,
	    service);
	if (l->cr.token != NULL) {
		sb_addf(&tokhdr, "X-Amz-Security-Token: %s", l->cr.token);
		hdrs[0] = tokhdr.buf;
	}
	memset(&req, 0, sizeof(req));
	req.call = what ? what : action;
	req.method = "POST";
	req.url = url;
	req.body = body.buf;
	req.body_len = body.len;
	req.content_type = "application/x-www-form-urlencoded; charset=utf-8";
	req.headers = hdrs;
	req.sigv4 = sig.buf;
	req.user = l->cr.key_id;
	req.password = l->cr.secret;
	req.retryable = aws_retryable;
	if ((rc = http_call(l->h, &req, &resp, e)) != 0)
		goto out;
	if (resp.status != 200) {
		root = aws_error(&resp, &code, &msg);
		if (code == NULL) {
			rc = http_fail(l->h, &req, &resp, e,
			    "and an answer that is not AWS's error XML");
			goto out;
		}
		/* AWS's words, bounded at a character, safe for a terminal */
		sb_add_safe(&safe, code);
		sb_adds(&safe, ": ");
		if (msg != NULL) {
			size_t n = strlen(msg);
			char *cut;

			if (n > AWS_MSG_MAX) {
				n = AWS_MSG_MAX;
				while (n > 0 && (msg[n] & 0xc0) == 0x80)
					n--;
			}
			cut = xmalloc(n + 1);
			memcpy(cut, msg, n);
			cut[n] = '\0';
			sb_add_safe(&safe, cut);
			if (n < strlen(msg))
				sb_adds(&safe, "...");
			free(cut);
		}
		if (errcode != NULL)
			*errcode = xstrdup(code);
		rc = http_fail(l->h, &req, &resp, e, "%s", safe.buf);
		goto out;
	}
	if ((rc = aws_xml_parse(resp.body.buf, resp.body.len, &root, e)) != 0) {
		char why[ERR_MSG_MAX];

		snprintf(why, sizeof(why), "%s", e->msg);
		rc = err_set(e, PARC_ESOURCE,
		    "source %s: %s: malformed answer (cut, or not AWS's XML): "
		    "%s",
		    l->o->source, req.call, why);
		goto out;
	}
	sb_addf(&key, "%sResponse", action);
	if ((r = json_object_get(root, key.buf)) == NULL ||
	    !json_is_object(r)) {
		rc = err_set(e, PARC_ESOURCE,
		    "source %s: %s: the answer has no <%s> element",
		    l->o->source, req.call, key.buf);
		goto out;
	}
	sb_reset(&key);
	sb_addf(&key, "%sResult", action);
	r = json_object_get(r, key.buf);
	*result =
	    r != NULL && json_is_object(r) ? json_incref(r) : json_object();
out:
	json_decref(root);
	http_resp_release(&resp);
	sb_wipe(&tokhdr);
	sb_release(&body);
	sb_release(&sig);
	sb_release(&key);
	sb_release(&safe);
	return rc;
}

/* Overwrite a JSON string's bytes (secrets from AssumeRole). */
static void
json_wipe(json_t *v)
{
	if (json_is_string(v))
		memset((char *)json_string_value(v), 0, json_string_length(v));
}

static int
assume_role(struct live *l, struct err *e)
{
	const struct aws_live_opts *o = l->o;
	struct sb params = SB_INIT;
	json_t *res = NULL, *cred, *id, *sk, *tok;
	int rc;

	sb_adds(&params, "&RoleArn=");
	http_add_urlenc(&params, o->role_arn);
	sb_adds(&params, "&RoleSessionName=");
	http_add_urlenc(&params, o->session_name ? o->session_name : "parc");
	sb_adds(&params, "&DurationSeconds=3600");
	if (o->external_id != NULL) {
		sb_adds(&params, "&ExternalId=");
		http_add_urlenc(&params, o->external_id);
	}
	rc = aws_call(l, o->sts_endpoint, "sts", STS_VERSION, "AssumeRole",
	    params.buf, NULL, &res, NULL, e);
	sb_release(&params);
	if (rc != 0) {
		err_prefix(e, "(assuming %s with %s) ", o->role_arn,
		    l->cr.from);
		return rc;
	}
	cred = json_object_get(res, "Credentials");
	id = json_object_get(cred, "AccessKeyId");
	sk = json_object_get(cred, "SecretAccessKey");
	tok = json_object_get(cred, "SessionToken");
	if (!json_is_string(id) || !json_is_string(sk) ||
	    !json_is_string(tok)) {
		rc = err_set(e, PARC_ESOURCE,
		    "source %s: AssumeRole: the answer has no Credentials "
		    "(AccessKeyId, SecretAccessKey, SessionToken)",
		    o->source);
	} else {
		struct sb from = SB_INIT;

		creds_release(&l->cr);
		l->cr.key_id = xstrdup(json_string_value(id));
		l->cr.secret = xstrdup(json_string_value(sk));
		l->cr.token = xstrdup(json_string_value(tok));
		sb_addf(&from, "role %s", o->role_arn);
		l->cr.from = sb_detach(&from);
	}
	json_wipe(sk);
	json_wipe(tok);
	json_decref(res);
	return rc;
}

static const char *const detail_lists[] = {
	"UserDetailList",
	"GroupDetailList",
	"RoleDetailList",
	"Policies",
	NULL,
};

static int
read_details(struct live *l, json_t **out, struct err *e)
{
	const struct aws_live_opts *o = l->o;
	const char *call = "GetAccountAuthorizationDetails";
	struct sb params = SB_INIT, what = SB_INIT;
	json_t *all = json_object(), *page = NULL, *v;
	char *marker = NULL;
	long pages = 0;
	size_t i;
	int rc = 0;

	for (i = 0; detail_lists[i] != NULL; i++)
		json_object_set_new(all, detail_lists[i], json_array());
	for (;;) {
		sb_reset(&params);
		sb_addf(&params, "&MaxItems=%ld", o->max_items);
		if (marker != NULL) {
			sb_adds(&params, "&Marker=");
			http_add_urlenc(&params, marker);
		}
		json_decref(page);
		page = NULL;
		sb_reset(&what);
		sb_adds(&what, call);
		if (pages > 0)
			sb_addf(&what, " (page %ld)", pages + 1);
		if ((rc = aws_call(l, o->endpoint, "iam", IAM_VERSION, call,
			 params.buf, what.buf, &page, NULL, e)) != 0)
			goto out;
		pages++;
		for (i = 0; detail_lists[i] != NULL; i++) {
			v = json_object_get(page, detail_lists[i]);
			if (v == NULL)
				continue;
			if (!json_is_array(v)) {
				rc = err_set(e, PARC_ESOURCE,
				    "source %s: %s: page %ld: %s is not a "
				    "list of <member>",
				    o->source, call, pages, detail_lists[i]);
				goto out;
			}
			json_array_extend(json_object_get(all, detail_lists[i]),
			    v);
		}
		v = json_object_get(page, "IsTruncated");
		if (!json_is_true(v))
			break;
		v = json_object_get(page, "Marker");
		if (!json_is_string(v) || json_string_length(v) == 0) {
			rc = err_set(e, PARC_ESOURCE,
			    "source %s: %s: page %ld says IsTruncated but "
			    "gives no Marker",
			    o->source, call, pages);
			goto out;
		}
		if (marker != NULL &&
		    strcmp(marker, json_string_value(v)) == 0) {
			rc = err_set(e, PARC_ESOURCE,
			    "source %s: %s: page %ld gives the same Marker "
			    "as the page before (the server is in a loop)",
			    o->source, call, pages);
			goto out;
		}
		if (pages >= AWS_PAGES_MAX) {
			rc = err_set(e, PARC_ESOURCE,
			    "source %s: %s: more than %d pages; stopped",
			    o->source, call, AWS_PAGES_MAX);
			goto out;
		}
		free(marker);
		marker = xstrdup(json_string_value(v));
	}
	*out = all;
	all = NULL;
out:
	json_decref(page);
	json_decref(all);
	free(marker);
	sb_release(&params);
	sb_release(&what);
	return rc;
}

static double
mono_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/*
 * GenerateCredentialReport until COMPLETE, then GetCredentialReport,
 * within timeout seconds.
 */
static int
read_report(struct live *l, char **out, size_t *outlen, struct err *e)
{
	const struct aws_live_opts *o = l->o;
	double deadline = mono_s() + (double)o->timeout;
	long poll = o->poll_ms > 0 ? o->poll_ms : 200;
	json_t *res = NULL, *v;
	const char *state = "none";
	char *state_copy = NULL, *code = NULL;
	unsigned char *csv;
	size_t n;
	int rc;

	for (;;) {
		json_decref(res);
		res = NULL;
		if ((rc = aws_call(l, o->endpoint, "iam", IAM_VERSION,
			 "GenerateCredentialReport", NULL, NULL, &res, NULL,
			 e)) != 0)
			goto out;
		v = json_object_get(res, "State");
		state = json_is_string(v) ? json_string_value(v) : "(none)";
		if (strcmp(state, "COMPLETE") == 0) {
			json_decref(res);
			res = NULL;
			free(code);
			code = NULL;
			rc = aws_call(l, o->endpoint, "iam", IAM_VERSION,
			    "GetCredentialReport", NULL, NULL, &res, &code, e);
			if (rc == 0)
				break;
			/* generated but not ready, or expired at once */
			if (code == NULL ||
			    (strcmp(code, "ReportInProgress") != 0 &&
				strcmp(code, "ReportNotPresent") != 0 &&
				strcmp(code, "ReportExpired") != 0))
				goto out;
			state = code;
		} else if (strcmp(state, "STARTED") != 0 &&
		    strcmp(state, "INPROGRESS") != 0) {
			rc = err_set(e, PARC_ESOURCE,
			    "source %s: GenerateCredentialReport: unknown "
			    "State '%.40s'",
			    o->source, state);
			goto out;
		}
		if (mono_s() + (double)poll / 1000 > deadline) {
			free(state_copy);
			state_copy = xstrdup(state);
			rc = err_set(e, PARC_ESOURCE,
			    "source %s: GenerateCredentialReport: the "
			    "credential report is still %.40s after %ld s "
			    "(timeout); try again later or raise timeout",
			    o->source, state_copy, o->timeout);
			goto out;
		}
		nap_ms(poll);
		/* AWS takes seconds; ask less often as time goes by */
		if (poll < 2000)
			poll *= 2;
	}
	v = json_object_get(res, "Content");
	if (!json_is_string(v) ||
	    ldif_base64(json_string_value(v), json_string_length(v), &csv,
		&n) != 0) {
		rc = err_set(e, PARC_ESOURCE,
		    "source %s: GetCredentialReport: Content is not base64",
		    o->source);
		goto out;
	}
	*out = (char *)csv;
	*outlen = n;
out:
	free(code);
	free(state_copy);
	json_decref(res);
	return rc;
}

int
aws_live_read(const struct aws_live_opts *o, json_t **details, char **report,
    size_t *report_len, struct err *e)
{
	struct http_opts ho;
	struct live l;
	json_t *d = NULL;
	int rc;

	*details = NULL;
	*report = NULL;
	*report_len = 0;
	memset(&l, 0, sizeof(l));
	l.o = o;
	if ((rc = creds_find(o, &l.cr, e)) != 0)
		return rc;
	memset(&ho, 0, sizeof(ho));
	ho.source = o->source;
	ho.timeout = o->timeout;
	ho.ca_file = o->ca_file;
	ho.allow_insecure = o->allow_insecure;
	ho.max_tries = o->max_tries;
	ho.backoff_ms = o->backoff_ms;
	l.h = http_new(&ho);
	if (o->role_arn != NULL && (rc = assume_role(&l, e)) != 0)
		goto out;
	if ((rc = read_details(&l, &d, e)) != 0)
		goto out;
	if ((rc = read_report(&l, report, report_len, e)) != 0)
		goto out;
	*details = d;
	d = NULL;
out:
	json_decref(d);
	http_free(l.h);
	creds_release(&l.cr);
	return rc;
}
