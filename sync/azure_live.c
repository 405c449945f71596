/*
 * azure_live.c - client-credentials tokens, and the ARM and Graph calls
 * parc makes, each listing followed to its last page, through
 * sync/http.h. What is read goes into the same struct az_data as the
 * offline files (sync/azure_model.h).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "lib/config.h"
#include "lib/sb.h"
#include "sync/azure_live.h"
#include "sync/http.h"

#define AZ_PAGES_MAX 100000 /* pages of one listing: a server in a loop */
#define AZ_MSG_MAX 300	    /* bytes of Azure's error message quoted */
#define AZ_BATCH 1000	    /* ids per directoryObjects/getByIds */
#define ARM_API "2022-04-01"
#define ARM_SUBS_API "2022-12-01"
#define ARM_PIM_API "2020-10-01"
#define USERS_SELECT                                                     \
	"id,displayName,userPrincipalName,mail,accountEnabled,userType," \
	"createdDateTime,onPremisesSyncEnabled"

struct tok {
	const char *name;  /* "ARM", "Graph" */
	const char *base;  /* the endpoint the token is for */
	char *value;	   /* NULL: none yet */
	time_t refresh_at; /* fetch again from this time on */
};

struct live {
	const struct az_live_opts *o;
	struct http *h;
	struct tok arm, graph;
};

static void
tok_forget(struct tok *t)
{
	conf_secret_free(t->value);
	t->value = NULL;
}

/* Azure's text for a message: one line, bounded, no control characters. */
static void
add_text(struct sb *sb, const char *s)
{
	struct sb tmp = SB_INIT;
	size_t n = 0;

	for (; s != NULL && *s && n < AZ_MSG_MAX; s++, n++)
		sb_addc(&tmp, (*s == '\r' || *s == '\n') ? ' ' : *s);
	if (s != NULL && *s)
		sb_adds(&tmp, "...");
	sb_add_safe(sb, tmp.len ? tmp.buf : "");
	sb_release(&tmp);
}

/*
 * The error of a refused call: ARM's and Graph's {"error": {"code",
 * "message"}}, or the token endpoint's {"error", "error_description"}.
 * *code (may be NULL) gets the code, malloc'd.
 */
static int
fail_answer(struct live *l, const struct http_req *req,
    const struct http_resp *resp, char **code, struct err *e)
{
	struct sb text = SB_INIT;
	const char *c = NULL, *m = NULL;
	json_t *j = json_loadb(resp->body.buf, resp->body.len, 0, NULL);
	json_t *er = json_object_get(j, "error");
	int rc;

	if (json_is_object(er)) {
		c = json_string_value(json_object_get(er, "code"));
		m = json_string_value(json_object_get(er, "message"));
	} else if (json_is_string(er)) {
		c = json_string_value(er);
		m = json_string_value(json_object_get(j, "error_description"));
	}
	if (code != NULL)
		*code = c ? xstrdup(c) : NULL;
	if (c != NULL) {
		add_text(&text, c);
		if (m != NULL) {
			sb_adds(&text, ": ");
			add_text(&text, m);
		}
	} else
		sb_adds(&text, "(no Azure error in the answer)");
	rc = http_fail(l->h, req, resp, e, "%s", text.buf);
	sb_release(&text);
	json_decref(j);
	return rc;
}

/* Append n bytes as base64url without padding (RFC 7515). */
static void
add_b64url(struct sb *sb, const unsigned char *p, size_t n)
{
	unsigned char *out = xmalloc(4 * ((n + 2) / 3) + 1);
	int len = EVP_EncodeBlock(out, p, (int)n), i;

	for (i = 0; i < len && out[i] != '='; i++)
		sb_addc(sb, out[i] == '+' ? '-' : out[i] == '/' ? '_' : out[i]);
	free(out);
}

/*
 * The client assertion for the token endpoint aud: a JWT (RS256) with
 * iss = sub = client_id, a fresh jti and ten minutes of life, signed with
 * the key of o->cert_pem; its header's x5t is the certificate's SHA-1
 * thumbprint, as Entra ID asks.
 */
static int
client_assertion(const struct az_live_opts *o, const char *aud, struct sb *out,
    struct err *e)
{
	BIO *b = BIO_new_mem_buf(o->cert_pem, -1);
	EVP_PKEY *key = NULL;
	X509 *x = NULL;
	EVP_MD_CTX *md = NULL;
	unsigned char thumb[EVP_MAX_MD_SIZE], jti[16], *sig = NULL;
	unsigned int tn = 0;
	size_t sn = 0;
	struct sb head = SB_INIT;
	json_t *h = NULL, *p = NULL;
	char *hj = NULL, *pj = NULL, jhex[33];
	time_t now = time(NULL);
	int rc = 0, i;

	if (b == NULL ||
	    (key = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL)) == NULL ||
	    BIO_reset(b) != 1 ||
	    (x = PEM_read_bio_X509(b, NULL, NULL, NULL)) == NULL) {
		rc = err_set(e, PARC_ECONFIG,
		    "source %s: certificate_file must hold the application's "
		    "private key and its certificate, in PEM",
		    o->source);
		goto out;
	}
	if (X509_digest(x, EVP_sha1(), thumb, &tn) != 1 ||
	    RAND_bytes(jti, sizeof(jti)) != 1) {
		rc = err_set(e, PARC_ECONFIG,
		    "source %s: certificate_file: cannot make a client "
		    "assertion",
		    o->source);
		goto out;
	}
	for (i = 0; i < 16; i++)
		snprintf(jhex + 2 * i, 3, "%02x", jti[i]);
	sb_reset(&head);
	add_b64url(&head, thumb, tn);
	h = json_pack("{s:s, s:s, s:s}", "alg", "RS256", "typ", "JWT", "x5t",
	    head.buf);
	p = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I}", "aud", aud, "iss",
	    o->client_id, "sub", o->client_id, "jti", jhex, "nbf",
	    (json_int_t)now, "iat", (json_int_t)now, "exp",
	    (json_int_t)(now + 600));
	hj = json_dumps(h, JSON_COMPACT);
	pj = json_dumps(p, JSON_COMPACT);
	sb_reset(&head);
	add_b64url(&head, (const unsigned char *)hj, strlen(hj));
	sb_addc(&head, '.');
	add_b64url(&head, (const unsigned char *)pj, strlen(pj));
	if ((md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key) != 1 ||
	    EVP_DigestSign(md, NULL, &sn, (const unsigned char *)head.buf,
		head.len) != 1 ||
	    (sig = xmalloc(sn)) == NULL ||
	    EVP_DigestSign(md, sig, &sn, (const unsigned char *)head.buf,
		head.len) != 1) {
		rc = err_set(e, PARC_ECONFIG,
		    "source %s: certificate_file: the key cannot sign RS256 "
		    "(an RSA key is needed)",
		    o->source);
		goto out;
	}
	sb_adds(out, head.buf);
	sb_addc(out, '.');
	add_b64url(out, sig, sn);
out:
	free(sig);
	free(hj);
	free(pj);
	json_decref(h);
	json_decref(p);
	EVP_MD_CTX_free(md);
	X509_free(x);
	EVP_PKEY_free(key);
	BIO_free(b);
	sb_release(&head);
	return rc;
}

/* A token for t, fetched when there is none or it is about to expire. */
static int
token(struct live *l, struct tok *t, struct err *e)
{
	const struct az_live_opts *o = l->o;
	struct http_req req;
	struct http_resp resp = HTTP_RESP_INIT;
	struct sb url = SB_INIT, form = SB_INIT, scope = SB_INIT;
	struct sb call = SB_INIT;
	const json_t *at, *ex;
	json_t *j = NULL;
	time_t now = time(NULL);
	long life;
	int rc;

	if (t->value != NULL && now < t->refresh_at)
		return 0;
	tok_forget(t);
	sb_addf(&url, "%s/%s/oauth2/v2.0/token", o->login_endpoint,
	    o->tenant_id);
	sb_addf(&scope, "%s/.default", t->base);
	sb_adds(&form, "grant_type=client_credentials&client_id=");
	http_add_urlenc(&form, o->client_id);
	if (o->cert_pem != NULL) {
		struct sb jwt = SB_INIT;

		if ((rc = client_assertion(o, url.buf, &jwt, e)) != 0) {
			sb_wipe(&jwt);
			goto out;
		}
		sb_adds(&form,
		    "&client_assertion_type=urn%3Aietf%3Aparams%3A"
		    "oauth%3Aclient-assertion-type%3Ajwt-bearer"
		    "&client_assertion=");
		http_add_urlenc(&form, jwt.buf);
		sb_wipe(&jwt);
	} else {
		sb_adds(&form, "&client_secret=");
		http_add_urlenc(&form, o->secret);
	}
	sb_adds(&form, "&scope=");
	http_add_urlenc(&form, scope.buf);
	sb_addf(&call, "token for %s", t->name);
	memset(&req, 0, sizeof(req));
	req.call = call.buf;
	req.method = "POST";
	req.url = url.buf;
	req.body = form.buf;
	req.body_len = form.len;
	req.content_type = "application/x-www-form-urlencoded";
	req.accept = "application/json";
	if ((rc = http_call(l->h, &req, &resp, e)) != 0)
		goto out;
	if (resp.status != 200) {
		rc = fail_answer(l, &req, &resp, NULL, e);
		goto out;
	}
	j = json_loadb(resp.body.buf, resp.body.len, 0, NULL);
	at = json_object_get(j, "access_token");
	ex = json_object_get(j, "expires_in");
	life = json_is_integer(ex) ? (long)json_integer_value(ex)
	    : json_is_string(ex)   ? strtol(json_string_value(ex), NULL, 10)
				   : -1;
	if (!json_is_string(at) || json_string_length(at) == 0 || life <= 0) {
		rc = http_fail(l->h, &req, &resp, e,
		    "the answer has no access_token and expires_in");
		goto out;
	}
	t->value = xstrdup(json_string_value(at));
	/* the copy in the parsed answer */
	memset((char *)json_string_value(at), 0, json_string_length(at));
	/* a tenth of its life to spare: at least 1 s, at most 5 minutes */
	t->refresh_at = now + life -
	    (life / 10 < 1	      ? 1
		    : life / 10 > 300 ? 300
				      : life / 10);
out:
	json_decref(j);
	http_resp_release(&resp);
	sb_wipe(&form);
	sb_release(&url);
	sb_release(&scope);
	sb_release(&call);
	return rc;
}

/*
 * One call with t's token. A 401 fetches a new token and tries once
 * more (a token revoked or expired early). 200 gives the parsed body in
 * *out; an answer of status ok_status with the error code ok_code gives
 * 1 and no body (the caller's expected refusal); anything else fails
 * naming the call and Azure's code and message.
 */
static int
call(struct live *l, struct tok *t, const char *method, const char *url,
    const char *body, const char *what, long ok_status, const char *ok_code,
    json_t **out, struct err *e)
{
	struct http_req req;
	struct http_resp resp = HTTP_RESP_INIT;
	json_error_t je;
	char *code = NULL;
	int rc, again;

	*out = NULL;
	memset(&req, 0, sizeof(req));
	req.call = what;
	req.method = method;
	req.url = url;
	req.body = body;
	req.body_len = body ? strlen(body) : 0;
	req.content_type = body ? "application/json" : NULL;
	req.accept = "application/json";
	for (again = 0;; again++) {
		if ((rc = token(l, t, e)) != 0)
			goto out;
		req.bearer = t->value;
		if ((rc = http_call(l->h, &req, &resp, e)) != 0)
			goto out;
		if (resp.status != 401 || again)
			break;
		tok_forget(t);
	}
	if (resp.status == 200) {
		*out = json_loadb(resp.body.buf, resp.body.len, 0, &je);
		if (*out == NULL || !json_is_object(*out)) {
			rc = http_fail(l->h, &req, &resp, e,
			    "the answer is not a JSON object (%s)",
			    *out ? "another JSON value" : je.text);
			json_decref(*out);
			*out = NULL;
		}
		goto out;
	}
	rc = fail_answer(l, &req, &resp, &code, e);
	if (resp.status == ok_status && code != NULL && ok_code != NULL &&
	    strcmp(code, ok_code) == 0)
		rc = 1;
out:
	free(code);
	http_resp_release(&resp);
	return rc;
}

/*
 * Every page of a listing into a new array at *out: GET url, then each
 * nextLink / @odata.nextLink, which must be a URL http_check_url accepts
 * on the host of t's endpoint. ok_status/ok_code as in call(): 1 means
 * the first page was that refusal.
 */
static int
list(struct live *l, struct tok *t, const char *url, const char *what,
    long ok_status, const char *ok_code, json_t **out, struct err *e)
{
	struct sb cur = SB_INIT, call_name = SB_INIT;
	const json_t *v, *next;
	json_t *page = NULL, *all = json_array();
	int rc = 0, pageno;

	*out = NULL;
	sb_adds(&cur, url);
	for (pageno = 1;; pageno++) {
		sb_reset(&call_name);
		if (pageno == 1)
			sb_adds(&call_name, what);
		else
			sb_addf(&call_name, "%s (page %d)", what, pageno);
		if (pageno > AZ_PAGES_MAX) {
			rc = err_set(e, PARC_ESOURCE,
			    "source %s: %s: more than %d pages: refused (a "
			    "server in a loop?)",
			    l->o->source, call_name.buf, AZ_PAGES_MAX);
			break;
		}
		rc = call(l, t, "GET", cur.buf, NULL, call_name.buf,
		    pageno == 1 ? ok_status : 0, ok_code, &page, e);
		if (rc != 0)
			break;
		v = json_object_get(page, "value");
		if (!json_is_array(v)) {
			rc = err_set(e, PARC_ESOURCE,
			    "source %s: %s: the answer has no \"value\" list",
			    l->o->source, call_name.buf);
			break;
		}
		json_array_extend(all, (json_t *)v);
		next = json_object_get(page, "nextLink");
		if (!json_is_string(next) || json_string_length(next) == 0)
			next = json_object_get(page, "@odata.nextLink");
		if (!json_is_string(next) || json_string_length(next) == 0)
			break;
		if ((rc = http_check_url(json_string_value(next),
			 l->o->allow_insecure, "nextLink", e)) != 0 ||
		    !http_same_origin(t->base, json_string_value(next))) {
			struct sb m = SB_INIT;

			add_text(&m, json_string_value(next));
			rc = err_set(e, PARC_ESOURCE,
			    "source %s: %s: the next page's link '%.200s' does "
			    "not stay on %s: refused",
			    l->o->source, call_name.buf, m.buf, t->base);
			sb_release(&m);
			break;
		}
		sb_reset(&cur);
		sb_adds(&cur, json_string_value(next));
		json_decref(page);
		page = NULL;
	}
	json_decref(page);
	if (rc == 0)
		*out = all;
	else
		json_decref(all);
	sb_release(&cur);
	sb_release(&call_name);
	return rc;
}

/* list() into a part of d, its what set to name the call. */
static int list_part(struct live *l, struct tok *t, const char *url,
    struct az_part *p, struct err *e, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static int
list_part(struct live *l, struct tok *t, const char *url, struct az_part *p,
    struct err *e, const char *fmt, ...)
{
	struct sb name = SB_INIT, what = SB_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	sb_vaddf(&name, fmt, ap);
	va_end(ap);
	rc = list(l, t, url, name.buf, 0, NULL, &p->j, e);
	if (rc == 0) {
		sb_addf(&what, "source %s: %s", l->o->source, name.buf);
		p->what = sb_detach(&what);
	}
	sb_release(&name);
	return rc;
}

static int
read_users(struct live *l, struct az_data *d, struct err *e)
{
	struct sb url = SB_INIT;
	int rc;

	sb_addf(&url,
	    "%s/v1.0/users?$select=" USERS_SELECT ",signInActivity&$top=%ld",
	    l->o->graph_endpoint, l->o->page_size);
	rc = list(l, &l->graph, url.buf, "Graph users", 403,
	    "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
	    &d->users.j, e);
	if (rc == 1) {
		/* no Entra ID P1: the users without sign-ins */
		d->signin = 0;
		sb_reset(&url);
		sb_addf(&url, "%s/v1.0/users?$select=" USERS_SELECT "&$top=%ld",
		    l->o->graph_endpoint, l->o->page_size);
		rc = list(l, &l->graph, url.buf,
		    "Graph users (without signInActivity)", 0, NULL,
		    &d->users.j, e);
	} else if (rc == 0)
		d->signin = 1;
	if (rc == 0) {
		struct sb what = SB_INIT;

		sb_addf(&what, "source %s: Graph users", l->o->source);
		d->users.what = sb_detach(&what);
	}
	sb_release(&url);
	return rc;
}

/* The ARM principals' ids, for getByIds (lower case, sorted, unique). */
static json_t *
arm_principals(const struct az_data *d)
{
	json_t *set = json_object(), *ids = json_array();
	const json_t *o, *v;
	const char *k, *id;
	size_t s, i, w;

	for (s = 0; s < d->nsub; s++) {
		const json_t *lists[2] = { d->sub[s].assignments.j,
			d->sub[s].eligible.j };

		for (w = 0; w < 2; w++)
			json_array_foreach(lists[w], i, o)
			{
				v = json_object_get(o, "principalId");
				if (v == NULL)
					v = json_object_get(json_object_get(o,
								"properties"),
					    "principalId");
				if ((id = json_string_value(v)) != NULL &&
				    az_is_guid(id)) {
					char buf[37];
					size_t c;

					for (c = 0; c < 37; c++)
						buf[c] = (char)tolower(
						    (unsigned char)id[c]);
					json_object_set_new(set, buf,
					    json_true());
				}
			}
	}
	json_object_foreach(set, k, v)
	    json_array_append_new(ids, json_string(k));
	json_decref(set);
	return ids;
}

static int
read_objects(struct live *l, struct az_data *d, struct err *e)
{
	json_t *ids = arm_principals(d), *all = json_array(), *req, *page;
	struct sb url = SB_INIT, what = SB_INIT;
	size_t i, n = json_array_size(ids);
	char *body;
	int rc = 0;

	sb_addf(&url, "%s/v1.0/directoryObjects/getByIds",
	    l->o->graph_endpoint);
	for (i = 0; i < n && rc == 0; i += AZ_BATCH) {
		json_t *part = json_array(), *v;
		size_t k;

		for (k = i; k < n && k < i + AZ_BATCH; k++)
			json_array_append(part, json_array_get(ids, k));
		req = json_pack("{s:o, s:[sss]}", "ids", part, "types", "user",
		    "group", "servicePrincipal");
		body = json_dumps(req, JSON_COMPACT);
		json_decref(req);
		rc = call(l, &l->graph, "POST", url.buf, body,
		    "Graph directoryObjects/getByIds", 0, NULL, &page, e);
		free(body);
		if (rc != 0)
			break;
		v = json_object_get(page, "value");
		if (!json_is_array(v))
			rc = err_set(e, PARC_ESOURCE,
			    "source %s: Graph directoryObjects/getByIds: the "
			    "answer has no \"value\" list",
			    l->o->source);
		else
			json_array_extend(all, v);
		json_decref(page);
	}
	if (rc == 0) {
		d->objects.j = all;
		sb_addf(&what, "source %s: Graph directoryObjects/getByIds",
		    l->o->source);
		d->objects.what = sb_detach(&what);
	} else
		json_decref(all);
	json_decref(ids);
	sb_release(&url);
	return rc;
}

static int
read_all(struct live *l, struct az_data *d, struct err *e)
{
	const struct az_live_opts *o = l->o;
	struct sb url = SB_INIT, what = SB_INIT;
	json_t *subs = NULL;
	char **groups = NULL;
	size_t i, ng = 0;
	int rc;

	/* ARM: the subscriptions, then what each one sees */
	sb_addf(&url, "%s/subscriptions?api-version=" ARM_SUBS_API,
	    o->arm_endpoint);
	if ((rc = list(l, &l->arm, url.buf, "ARM subscriptions", 0, NULL, &subs,
		 e)) != 0)
		goto out;
	sb_addf(&what, "source %s: ARM subscriptions", o->source);
	if ((rc = az_pick_subs(subs, what.buf, o->tenant_id, o->subscriptions,
		 d, e)) != 0) {
		e->code = rc = PARC_ESOURCE;
		goto out;
	}
	for (i = 0; i < d->nsub; i++) {
		struct az_sub *s = &d->sub[i];

		sb_reset(&url);
		sb_addf(&url,
		    "%s/subscriptions/%s/providers/Microsoft.Authorization/"
		    "roleAssignments?api-version=" ARM_API,
		    o->arm_endpoint, s->id);
		if ((rc = list_part(l, &l->arm, url.buf, &s->assignments, e,
			 "ARM roleAssignments of subscription %s", s->id)) != 0)
			goto out;
		sb_reset(&url);
		sb_addf(&url,
		    "%s/subscriptions/%s/providers/Microsoft.Authorization/"
		    "roleDefinitions?api-version=" ARM_API,
		    o->arm_endpoint, s->id);
		if ((rc = list_part(l, &l->arm, url.buf, &s->definitions, e,
			 "ARM roleDefinitions of subscription %s", s->id)) != 0)
			goto out;
		sb_reset(&url);
		sb_addf(&url,
		    "%s/subscriptions/%s/providers/Microsoft.Authorization/"
		    "roleEligibilityScheduleInstances?api-version=" ARM_PIM_API,
		    o->arm_endpoint, s->id);
		if ((rc = list_part(l, &l->arm, url.buf, &s->eligible, e,
			 "ARM roleEligibilityScheduleInstances of "
			 "subscription %s",
			 s->id)) != 0)
			goto out;
	}
	/* Graph: directory roles, PIM, users, members, names */
	sb_reset(&url);
	sb_addf(&url,
	    "%s/v1.0/roleManagement/directory/roleAssignments"
	    "?$expand=principal",
	    o->graph_endpoint);
	if ((rc = list_part(l, &l->graph, url.buf, &d->dir_assignments, e,
		 "Graph roleAssignments")) != 0)
		goto out;
	sb_reset(&url);
	sb_addf(&url, "%s/v1.0/roleManagement/directory/roleDefinitions",
	    o->graph_endpoint);
	if ((rc = list_part(l, &l->graph, url.buf, &d->dir_definitions, e,
		 "Graph roleDefinitions")) != 0)
		goto out;
	sb_reset(&url);
	sb_addf(&url,
	    "%s/v1.0/roleManagement/directory/roleEligibilitySchedules"
	    "?$expand=principal",
	    o->graph_endpoint);
	if ((rc = list_part(l, &l->graph, url.buf, &d->dir_eligible, e,
		 "Graph roleEligibilitySchedules")) != 0)
		goto out;
	sb_reset(&url);
	sb_addf(&url,
	    "%s/v1.0/roleManagement/directory/roleAssignmentSchedules"
	    "?$expand=principal",
	    o->graph_endpoint);
	if ((rc = list_part(l, &l->graph, url.buf, &d->dir_schedules, e,
		 "Graph roleAssignmentSchedules")) != 0)
		goto out;
	if ((rc = read_users(l, d, e)) != 0)
		goto out;
	groups = az_role_groups(d, &ng);
	d->grp = xcalloc(ng + 1, sizeof(*d->grp));
	for (i = 0; i < ng; i++) {
		if (!az_is_guid(groups[i])) {
			rc = err_set(e, PARC_ESOURCE,
			    "source %s: a role is assigned to group '%.60s', "
			    "which is not an object id",
			    o->source, groups[i]);
			goto out;
		}
		d->grp[i].id = groups[i];
		groups[i] = NULL;
		d->ngrp++;
		sb_reset(&url);
		sb_addf(&url, "%s/v1.0/groups/%s/transitiveMembers?$top=%ld",
		    o->graph_endpoint, d->grp[i].id, o->page_size);
		if ((rc = list_part(l, &l->graph, url.buf, &d->grp[i].members,
			 e, "Graph transitiveMembers of group %s",
			 d->grp[i].id)) != 0)
			goto out;
	}
	rc = read_objects(l, d, e);
out:
	for (i = 0; groups != NULL && i < ng; i++)
		free(groups[i]);
	free(groups);
	json_decref(subs);
	sb_release(&url);
	sb_release(&what);
	return rc;
}

int
az_live_read(const struct az_live_opts *o, struct az_data *d, struct err *e)
{
	struct http_opts ho;
	struct live l;
	int rc;

	memset(d, 0, sizeof(*d));
	d->signin = -1;
	memset(&ho, 0, sizeof(ho));
	ho.source = o->source;
	ho.timeout = o->timeout;
	ho.ca_file = o->ca_file;
	ho.allow_insecure = o->allow_insecure;
	ho.max_tries = o->max_tries;
	ho.backoff_ms = o->backoff_ms;
	memset(&l, 0, sizeof(l));
	l.o = o;
	l.h = http_new(&ho);
	l.arm.name = "ARM";
	l.arm.base = o->arm_endpoint;
	l.graph.name = "Graph";
	l.graph.base = o->graph_endpoint;
	d->tenant_id = xstrdup(o->tenant_id);
	rc = read_all(&l, d, e);
	tok_forget(&l.arm);
	tok_forget(&l.graph);
	http_free(l.h);
	if (rc != 0)
		az_data_release(d);
	return rc;
}
