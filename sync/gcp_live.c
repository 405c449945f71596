/*
 * gcp_live.c - a Google Cloud scope's IAM over Cloud Asset, Cloud
 * Identity, IAM and Policy Analyzer (see gcp_live.h), with an OAuth 2.0
 * token from a service-account key (JWT bearer grant, RS256 with
 * libcrypto) or from a command.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "lib/sb.h"
#include "sync/gcp_live.h"
#include "sync/gcp_model.h"
#include "sync/http.h"

#define KEYFILE_MAX 65536
#define TOKEN_MAX 8192
#define CLOUD_SCOPE "https://www.googleapis.com/auth/cloud-platform"
#define JWT_LIFETIME 3600
/* a token is asked for again this long before it expires */
#define TOKEN_MARGIN 60
/* a command's token is taken to live this long (gcloud's live an hour) */
#define COMMAND_TOKEN_LIFE 1800
#define MAX_PAGES 100000

struct live {
	const struct gcp_live_opts *o;
	struct http *h;
	char *token;
	time_t token_expiry;
	/* from the key file */
	char *client_email, *private_key, *key_id, *token_uri;
};

static void
wipe_free(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

/* ---- the key file and the token ---- */

static int
read_keyfile(struct live *l, struct err *e)
{
	const char *path = l->o->credentials_file;
	struct stat st;
	struct sb b = SB_INIT;
	char buf[4096];
	json_error_t je;
	json_t *j = NULL;
	ssize_t n;
	int fd, rc = 0;
	const char *type;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return err_set(e, PARC_ECONFIG,
		    "source %s: credentials_file %s: %s", l->o->source, path,
		    strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = err_set(e, PARC_ECONFIG,
		    "source %s: credentials_file %s is not a regular file",
		    l->o->source, path);
		goto out;
	}
	if ((st.st_mode & 077) != 0) {
		rc = err_set(e, PARC_ECONFIG,
		    "source %s: credentials_file %s has mode %04o; a private "
		    "key must be 0600 or stricter (chmod 600 %s)",
		    l->o->source, path, (unsigned)(st.st_mode & 07777), path);
		goto out;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (b.len + (size_t)n > KEYFILE_MAX) {
			rc = err_set(e, PARC_ECONFIG,
			    "source %s: credentials_file %s is larger than a "
			    "key file",
			    l->o->source, path);
			goto out;
		}
		sb_add(&b, buf, (size_t)n);
	}
	if (n < 0) {
		rc = err_set(e, PARC_ECONFIG,
		    "source %s: credentials_file %s: %s", l->o->source, path,
		    strerror(errno));
		goto out;
	}
	/* the parser's message quotes no input, only where it failed */
	if ((j = json_loadb(b.buf ? b.buf : "", b.len, 0, &je)) == NULL) {
		rc = err_set(e, PARC_ECONFIG,
		    "source %s: credentials_file %s:%d: not a JSON key file",
		    l->o->source, path, je.line);
		goto out;
	}
	type = json_string_value(json_object_get(j, "type"));
	if (type == NULL || strcmp(type, "service_account") != 0 ||
	    !json_is_string(json_object_get(j, "client_email")) ||
	    !json_is_string(json_object_get(j, "private_key")) ||
	    !json_is_string(json_object_get(j, "token_uri"))) {
		rc = err_set(e, PARC_ECONFIG,
		    "source %s: credentials_file %s is not a service "
		    "account's key (type service_account, client_email, "
		    "private_key, token_uri)",
		    l->o->source, path);
		goto out;
	}
	l->client_email =
	    xstrdup(json_string_value(json_object_get(j, "client_email")));
	l->private_key =
	    xstrdup(json_string_value(json_object_get(j, "private_key")));
	l->token_uri =
	    xstrdup(json_string_value(json_object_get(j, "token_uri")));
	if (json_is_string(json_object_get(j, "private_key_id")))
		l->key_id = xstrdup(
		    json_string_value(json_object_get(j, "private_key_id")));
	if ((rc = http_check_url(l->token_uri, l->o->allow_insecure,
		 "the key's token_uri", e)) != 0)
		err_prefix(e, "source %s: credentials_file %s: ", l->o->source,
		    path);
out:
	if (j != NULL) {
		/* the key's text inside jansson's copy is freed, not wiped */
		json_t *pk = json_object_get(j, "private_key");

		if (json_is_string(pk))
			explicit_bzero((char *)json_string_value(pk),
			    json_string_length(pk));
		json_decref(j);
	}
	explicit_bzero(buf, sizeof(buf));
	sb_wipe(&b);
	close(fd);
	return rc;
}

/* Append the base64url form (no padding) of data. */
static void
add_b64url(struct sb *sb, const unsigned char *data, size_t n)
{
	size_t cap = 4 * ((n + 2) / 3) + 1, i, k;
	unsigned char *out = xmalloc(cap);
	int len = EVP_EncodeBlock(out, data, (int)n);

	for (i = 0, k = (size_t)len; i < k; i++) {
		if (out[i] == '+')
			out[i] = '-';
		else if (out[i] == '/')
			out[i] = '_';
		else if (out[i] == '=') {
			k = i;
			break;
		}
	}
	sb_add(sb, out, k);
	free(out);
}

/* The signed JWT of the JWT bearer grant (RFC 7523) in jwt. */
static int
make_jwt(struct live *l, struct sb *jwt, struct err *e)
{
	json_t *hdr, *claims;
	char *s;
	time_t now = time(NULL);
	BIO *bio = NULL;
	EVP_PKEY *pk = NULL;
	EVP_MD_CTX *md = NULL;
	unsigned char *sig = NULL;
	size_t siglen = 0;
	int rc = 0;

	hdr = json_pack("{s:s, s:s}", "alg", "RS256", "typ", "JWT");
	if (l->key_id != NULL)
		json_object_set_new(hdr, "kid", json_string(l->key_id));
	claims = json_pack("{s:s, s:s, s:s, s:I, s:I}", "iss", l->client_email,
	    "scope", CLOUD_SCOPE, "aud", l->token_uri, "iat", (json_int_t)now,
	    "exp", (json_int_t)now + JWT_LIFETIME);
	s = json_dumps(hdr, JSON_COMPACT | JSON_SORT_KEYS);
	add_b64url(jwt, (const unsigned char *)s, strlen(s));
	free(s);
	sb_addc(jwt, '.');
	s = json_dumps(claims, JSON_COMPACT | JSON_SORT_KEYS);
	add_b64url(jwt, (const unsigned char *)s, strlen(s));
	free(s);
	json_decref(hdr);
	json_decref(claims);
	bio = BIO_new_mem_buf(l->private_key, -1);
	if (bio == NULL ||
	    (pk = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL)) == NULL) {
		rc = err_set(e, PARC_ECONFIG,
		    "source %s: credentials_file %s: private_key is not a "
		    "PEM private key",
		    l->o->source, l->o->credentials_file);
		goto out;
	}
	if (EVP_PKEY_base_id(pk) != EVP_PKEY_RSA) {
		rc = err_set(e, PARC_ECONFIG,
		    "source %s: credentials_file %s: private_key is not an "
		    "RSA key (RS256)",
		    l->o->source, l->o->credentials_file);
		goto out;
	}
	if ((md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, pk) != 1 ||
	    EVP_DigestSign(md, NULL, &siglen, (unsigned char *)jwt->buf,
		jwt->len) != 1 ||
	    (sig = xmalloc(siglen)) == NULL ||
	    EVP_DigestSign(md, sig, &siglen, (unsigned char *)jwt->buf,
		jwt->len) != 1) {
		rc = err_set(e, PARC_ECONFIG,
		    "source %s: credentials_file %s: signing the JWT failed",
		    l->o->source, l->o->credentials_file);
		goto out;
	}
	sb_addc(jwt, '.');
	add_b64url(jwt, sig, siglen);
out:
	free(sig);
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(pk);
	BIO_free(bio);
	return rc;
}

/* Safe text of Google's error answer for a message: STATUS: message. */
static void
google_error(struct sb *sb, const struct http_resp *resp)
{
	json_error_t je;
	json_t *j = json_loadb(resp->body.buf ? resp->body.buf : "",
	    resp->body.len, 0, &je);
	json_t *err = json_object_get(j, "error");
	const char *st = NULL, *msg = NULL;

	if (json_is_object(err)) {
		st = json_string_value(json_object_get(err, "status"));
		msg = json_string_value(json_object_get(err, "message"));
	} else if (json_is_string(err)) {
		/* the token endpoint's OAuth form: error, error_description */
		st = json_string_value(err);
		msg =
		    json_string_value(json_object_get(j, "error_description"));
	}
	if (st == NULL && msg == NULL) {
		sb_adds(sb, "(no Google error in the answer)");
		json_decref(j);
		return;
	}
	{
		struct sb t = SB_INIT;

		sb_addf(&t, "%.64s: %.300s", st ? st : "?", msg ? msg : "");
		sb_add_safe(sb, t.buf);
		sb_release(&t);
	}
	json_decref(j);
}

static int
token_from_key(struct live *l, struct err *e)
{
	struct sb jwt = SB_INIT, body = SB_INIT, what = SB_INIT;
	struct http_req req = { 0 };
	struct http_resp resp = HTTP_RESP_INIT;
	json_error_t je;
	json_t *j = NULL;
	const char *tok;
	json_int_t life;
	int rc;

	if ((rc = make_jwt(l, &jwt, e)) != 0)
		goto out;
	sb_adds(&body, "grant_type=");
	http_add_urlenc(&body, "urn:ietf:params:oauth:grant-type:jwt-bearer");
	sb_adds(&body, "&assertion=");
	sb_add(&body, jwt.buf, jwt.len);
	req.call = "token";
	req.method = "POST";
	req.url = l->token_uri;
	req.body = body.buf;
	req.body_len = body.len;
	req.content_type = "application/x-www-form-urlencoded";
	req.accept = "application/json";
	if ((rc = http_call(l->h, &req, &resp, e)) != 0)
		goto out;
	if (resp.status != 200) {
		google_error(&what, &resp);
		rc = http_fail(l->h, &req, &resp, e, "%s", what.buf);
		goto out;
	}
	j = json_loadb(resp.body.buf, resp.body.len, 0, &je);
	tok = json_string_value(json_object_get(j, "access_token"));
	life = json_integer_value(json_object_get(j, "expires_in"));
	if (tok == NULL || *tok == '\0' || strlen(tok) > TOKEN_MAX) {
		rc = http_fail(l->h, &req, &resp, e,
		    "the answer has no access_token");
		goto out;
	}
	wipe_free(l->token);
	l->token = xstrdup(tok);
	l->token_expiry = time(NULL) + (life > 0 ? (time_t)life : 300);
out:
	if (j != NULL && json_is_string(json_object_get(j, "access_token")))
		explicit_bzero((char *)json_string_value(
				   json_object_get(j, "access_token")),
		    json_string_length(json_object_get(j, "access_token")));
	json_decref(j);
	http_resp_release(&resp);
	sb_wipe(&jwt);
	sb_wipe(&body);
	sb_release(&what);
	return rc;
}

/* Run token_command with sh -c; its first output line is the token. */
static int
token_from_command(struct live *l, struct err *e)
{
	char buf[TOKEN_MAX + 2];
	size_t n = 0;
	ssize_t r;
	int fds[2], status;
	pid_t pid;
	char *nl;

	if (pipe(fds) != 0)
		return err_set(e, PARC_EIO, "source %s: pipe: %s", l->o->source,
		    strerror(errno));
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return err_set(e, PARC_EIO, "source %s: fork: %s", l->o->source,
		    strerror(errno));
	}
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execl("/bin/sh", "sh", "-c", l->o->token_command, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	while (n < sizeof(buf) - 1 &&
	    ((r = read(fds[0], buf + n, sizeof(buf) - 1 - n)) > 0 ||
		(r < 0 && errno == EINTR)))
		if (r > 0)
			n += (size_t)r;
	buf[n] = '\0';
	/* drain the rest, so the command is not killed by SIGPIPE */
	{
		char junk[512];

		while ((r = read(fds[0], junk, sizeof(junk))) > 0 ||
		    (r < 0 && errno == EINTR))
			;
		explicit_bzero(junk, sizeof(junk));
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if ((nl = strchr(buf, '\n')) != NULL)
		*nl = '\0';
	if ((nl = strchr(buf, '\r')) != NULL)
		*nl = '\0';
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || buf[0] == '\0') {
		explicit_bzero(buf, sizeof(buf));
		return err_set(e, PARC_ESOURCE,
		    "source %s: token_command %s (it must print an access "
		    "token)",
		    l->o->source,
		    !WIFEXITED(status)	      ? "was killed"
			: WEXITSTATUS(status) ? "failed"
					      : "printed nothing");
	}
	wipe_free(l->token);
	l->token = xstrdup(buf);
	l->token_expiry = time(NULL) + COMMAND_TOKEN_LIFE;
	explicit_bzero(buf, sizeof(buf));
	return 0;
}

static int
refresh(struct live *l, struct err *e)
{
	if (l->o->credentials_file != NULL)
		return token_from_key(l, e);
	return token_from_command(l, e);
}

/* ---- calls ---- */

/*
 * GET url as call; on 200 *out is the answer's JSON object. An answer
 * with a status in ok_missing (403, 404: the caller may not read that
 * one) sets *out NULL and returns 0 when tolerate is set. A 401 asks for
 * a new token once.
 */
static int
get_json(struct live *l, const char *call, const char *url, int tolerate,
    long *status, json_t **out, struct err *e)
{
	struct http_req req = { 0 };
	struct http_resp resp = HTTP_RESP_INIT;
	struct sb what = SB_INIT;
	json_error_t je;
	int rc, again = 1;

	*out = NULL;
	if (status != NULL)
		*status = 0;
	req.call = call;
	req.url = url;
	req.accept = "application/json";
	for (;;) {
		if (l->token == NULL ||
		    time(NULL) + TOKEN_MARGIN >= l->token_expiry)
			if ((rc = refresh(l, e)) != 0)
				goto out;
		req.bearer = l->token;
		if ((rc = http_call(l->h, &req, &resp, e)) != 0)
			goto out;
		if (resp.status == 401 && again) {
			again = 0;
			wipe_free(l->token);
			l->token = NULL;
			continue;
		}
		break;
	}
	if (status != NULL)
		*status = resp.status;
	if (tolerate && (resp.status == 403 || resp.status == 404))
		goto out;
	if (resp.status != 200) {
		google_error(&what, &resp);
		rc = http_fail(l->h, &req, &resp, e, "%s", what.buf);
		goto out;
	}
	*out = json_loadb(resp.body.buf ? resp.body.buf : "", resp.body.len,
	    JSON_REJECT_DUPLICATES, &je);
	if (*out == NULL || !json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		rc = http_fail(l->h, &req, &resp, e,
		    "not JSON (%s at line %d, byte %d: a cut or malformed "
		    "answer)",
		    *je.text ? je.text : "not an object", je.line, je.position);
	}
out:
	http_resp_release(&resp);
	sb_release(&what);
	return rc;
}

/*
 * Every page of a list call: base is the URL up to its query (with '?'
 * or '&' at the end), key the array of each page; the items are appended
 * to acc. A 403/404 on the first page is tolerated when tolerate is set
 * (*status says so).
 */
static int
pages(struct live *l, const char *call, const char *base, const char *key,
    int tolerate, long *status, json_t *acc, struct err *e)
{
	struct sb url = SB_INIT, prev = SB_INIT;
	const char *next = NULL;
	json_t *page = NULL, *items;
	long n;
	int rc = 0;

	for (n = 0; n < MAX_PAGES; n++) {
		sb_reset(&url);
		sb_addf(&url, "%spageSize=%ld", base, l->o->page_size);
		if (next != NULL) {
			sb_adds(&url, "&pageToken=");
			http_add_urlenc(&url, next);
		}
		json_decref(page);
		if ((rc = get_json(l, call, url.buf, tolerate && n == 0, status,
			 &page, e)) != 0 ||
		    page == NULL)
			goto out;
		items = json_object_get(page, key);
		if (items != NULL && !json_is_array(items)) {
			rc = err_set(e, PARC_ESOURCE,
			    "source %s: %s: %s is not an array (page %ld)",
			    l->o->source, call, key, n + 1);
			goto out;
		}
		if (items != NULL)
			json_array_extend(acc, items);
		next =
		    json_string_value(json_object_get(page, "nextPageToken"));
		if (next == NULL || *next == '\0')
			goto out;
		if (prev.len > 0 && strcmp(prev.buf, next) == 0) {
			rc = err_set(e, PARC_ESOURCE,
			    "source %s: %s: the same nextPageToken twice "
			    "(page %ld); the listing would never end",
			    l->o->source, call, n + 1);
			goto out;
		}
		sb_reset(&prev);
		sb_adds(&prev, next);
	}
	rc = err_set(e, PARC_ESOURCE, "source %s: %s: more than %d pages",
	    l->o->source, call, MAX_PAGES);
out:
	json_decref(page);
	sb_release(&url);
	sb_release(&prev);
	return rc;
}

/* ---- groups ---- */

/* groups:lookup: the group's resource name (groups/ID), or NULL. */
static int
lookup_group(struct live *l, const char *email, char **name, struct err *e)
{
	struct sb url = SB_INIT;
	json_t *j;
	const char *n;
	int rc;

	*name = NULL;
	sb_addf(&url,
	    "%s/v1/groups:lookup?groupKey.id=", l->o->cloudidentity_endpoint);
	http_add_urlenc(&url, email);
	rc = get_json(l, "groups.lookup", url.buf, 1, NULL, &j, e);
	sb_release(&url);
	if (rc != 0 || j == NULL)
		return rc;
	n = json_string_value(json_object_get(j, "name"));
	if (n != NULL && strncmp(n, "groups/", 7) == 0 &&
	    strchr(n + 7, '/') == NULL && strchr(n, '?') == NULL)
		*name = xstrdup(n);
	json_decref(j);
	return 0;
}

/* The email of a membership's member (preferredMemberKey object or array). */
static const char *
member_email(const json_t *m)
{
	const json_t *k = json_object_get(m, "preferredMemberKey");

	if (json_is_array(k))
		k = json_array_get(k, 0);
	return json_string_value(json_object_get(k, "id"));
}

static const char *
member_type(const json_t *m)
{
	const char *t = json_string_value(json_object_get(m, "type"));
	const char *r = json_string_value(json_object_get(m, "member"));

	if (t != NULL)
		return t;
	if (r != NULL && strncmp(r, "groups/", 7) == 0)
		return "GROUP";
	return NULL;
}

/*
 * Memberships of every group in want and of the groups nested in them:
 * out maps each readable group's email to its direct memberships.
 */
static int
read_groups(struct live *l, const json_t *want, json_t *out, struct err *e)
{
	json_t *queue = json_deep_copy(want), *seen = json_object();
	json_t *indirect = json_object(); /* group -> INDIRECT members */
	int transitive = 1, rc = 0;
	size_t i, k;

	for (i = 0; i < json_array_size(queue); i++) {
		const char *email = json_string_value(json_array_get(queue, i));
		struct sb url = SB_INIT;
		json_t *list = json_array(), *direct = json_array(), *m;
		char *name = NULL;
		long status = 0;

		if (json_object_get(seen, email) != NULL)
			goto next;
		json_object_set_new(seen, email, json_true());
		if ((rc = lookup_group(l, email, &name, e)) != 0)
			goto next;
		if (name == NULL)
			goto next; /* not readable: members unknown */
		if (transitive) {
			sb_addf(&url,
			    "%s/v1/%s/memberships:"
			    "searchTransitiveMemberships?",
			    l->o->cloudidentity_endpoint, name);
			if ((rc = pages(l,
				 "memberships.searchTransitiveMemberships",
				 url.buf, "memberships", 1, &status, list,
				 e)) != 0)
				goto next;
			if (status == 403)
				transitive = 0; /* no Premium: level by level */
			else if (status == 404)
				goto next;
		}
		if (!transitive) {
			sb_reset(&url);
			sb_addf(&url, "%s/v1/%s/memberships?view=FULL&",
			    l->o->cloudidentity_endpoint, name);
			if ((rc = pages(l, "memberships.list", url.buf,
				 "memberships", 1, &status, list, e)) != 0)
				goto next;
			if (status == 403 || status == 404)
				goto next;
		}
		json_array_foreach(list, k, m)
		{
			const char *rel = json_string_value(
			    json_object_get(m, "relationType"));
			const char *me = member_email(m),
				   *type = member_type(m);
			json_t *x;

			if (me == NULL)
				continue;
			if (rel != NULL && strcmp(rel, "DIRECT") != 0) {
				x = json_object_get(indirect, email);
				if (x == NULL) {
					x = json_array();
					json_object_set_new(indirect, email, x);
				}
				json_array_append_new(x, json_string(me));
				continue;
			}
			json_array_append_new(direct,
			    json_pack("{s:{s:s}, s:s?}", "preferredMemberKey",
				"id", me, "type", type));
			if (type != NULL && strcmp(type, "GROUP") == 0)
				json_array_append_new(queue, json_string(me));
		}
		json_object_set(out, email, direct);
next:
		free(name);
		sb_release(&url);
		json_decref(list);
		json_decref(direct);
		if (rc != 0)
			break;
	}
	/*
	 * An indirect member the direct memberships read do not reach (its
	 * group could not be read) is kept as a member of the group it was
	 * found in, so that nobody is lost.
	 */
	if (rc == 0) {
		const char *g;
		json_t *ms;

		json_object_foreach(indirect, g, ms)
		{
			json_t *reach = json_object(), *stack = json_array();
			json_t *m;

			json_array_append_new(stack, json_string(g));
			while (json_array_size(stack) > 0) {
				const char *c =
				    json_string_value(json_array_get(stack, 0));
				json_t *d = json_object_get(out, c), *x;
				size_t j;

				json_array_foreach(d, j, x)
				{
					const char *id = member_email(x);

					if (id == NULL ||
					    json_object_get(reach, id))
						continue;
					json_object_set_new(reach, id,
					    json_true());
					json_array_append_new(stack,
					    json_string(id));
				}
				json_array_remove(stack, 0);
			}
			json_array_foreach(ms, k, m)
			{
				const char *id = json_string_value(m);

				if (json_object_get(reach, id) == NULL)
					json_array_append_new(
					    json_object_get(out, g),
					    json_pack("{s:{s:s}}",
						"preferredMemberKey", "id",
						id));
			}
			json_decref(reach);
			json_decref(stack);
		}
	}
	json_decref(queue);
	json_decref(seen);
	json_decref(indirect);
	return rc;
}

/* ---- keys and activities ---- */

static int
read_keys(struct live *l, const json_t *accounts, json_t *out, struct err *e)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < json_array_size(accounts) && rc == 0; i++) {
		const char *sa = json_string_value(json_array_get(accounts, i));
		struct sb url = SB_INIT;
		json_t *j = NULL;

		sb_addf(&url, "%s/v1/projects/-/serviceAccounts/",
		    l->o->iam_endpoint);
		http_add_urlenc(&url, sa);
		sb_adds(&url, "/keys");
		rc = get_json(l, "serviceAccounts.keys.list", url.buf, 1, NULL,
		    &j, e);
		if (rc == 0 && json_is_array(json_object_get(j, "keys")))
			json_array_extend(out, json_object_get(j, "keys"));
		json_decref(j);
		sb_release(&url);
	}
	return rc;
}

static int
read_activities(struct live *l, const json_t *projects, json_t *out,
    struct err *e)
{
	static const char *const types[] = {
		"serviceAccountLastAuthentication",
		"serviceAccountKeyLastAuthentication",
	};
	size_t i, t;
	int rc = 0;

	for (i = 0; i < json_array_size(projects) && rc == 0; i++) {
		const char *p = json_string_value(json_array_get(projects, i));

		for (t = 0; t < 2 && rc == 0; t++) {
			struct sb url = SB_INIT;

			sb_addf(&url,
			    "%s/v1/%s/locations/global/activityTypes/%s/"
			    "activities:query?",
			    l->o->policyanalyzer_endpoint, p, types[t]);
			rc = pages(l, "activities.query", url.buf, "activities",
			    0, NULL, out, e);
			sb_release(&url);
		}
	}
	return rc;
}

/* The definitions of the custom roles bound (roles.get), readable ones. */
static int
read_roles(struct live *l, const json_t *names, json_t *out, struct err *e)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < json_array_size(names) && rc == 0; i++) {
		const char *n = json_string_value(json_array_get(names, i));
		struct sb url = SB_INIT;
		json_t *j = NULL;

		sb_addf(&url, "%s/v1/%s", l->o->iam_endpoint, n);
		rc = get_json(l, "roles.get", url.buf, 1, NULL, &j, e);
		if (rc == 0 && j != NULL)
			json_array_append(out, j);
		json_decref(j);
		sb_release(&url);
	}
	return rc;
}

int
gcp_live_read(const struct gcp_live_opts *o, json_t **policies, json_t **groups,
    json_t **keys, json_t **activities, json_t **roles, struct err *e)
{
	struct live l = { 0 };
	struct http_opts ho = { 0 };
	struct sb url = SB_INIT, what = SB_INIT;
	json_t *pol = json_array(), *grp = json_object(), *k = json_array();
	json_t *act = json_array(), *wg = NULL, *wa = NULL, *wp = NULL;
	json_t *rl = json_array(), *wr = NULL;
	int rc;

	*policies = *groups = *keys = *activities = *roles = NULL;
	l.o = o;
	ho.source = o->source;
	ho.timeout = o->timeout;
	ho.ca_file = o->ca_file;
	ho.allow_insecure = o->allow_insecure;
	ho.max_tries = o->max_tries;
	ho.backoff_ms = o->backoff_ms;
	l.h = http_new(&ho);
	if (o->credentials_file != NULL && (rc = read_keyfile(&l, e)) != 0)
		goto out;
	sb_addf(&url, "%s/v1/%s:searchAllIamPolicies?", o->asset_endpoint,
	    o->scope);
	if ((rc = pages(&l, "searchAllIamPolicies", url.buf, "results", 0, NULL,
		 pol, e)) != 0)
		goto out;
	sb_addf(&what, "source %s: searchAllIamPolicies", o->source);
	/* the custom roles first: they decide which groups are privileged */
	if ((rc = read_roles(&l, (wr = gcp_custom_roles(pol)), rl, e)) != 0 ||
	    (rc = gcp_wanted(o->cat, pol, rl, what.buf, &wg, &wa, &wp, e)) !=
		0 ||
	    (rc = read_groups(&l, wg, grp, e)) != 0 ||
	    (rc = read_keys(&l, wa, k, e)) != 0 ||
	    (rc = read_activities(&l, wp, act, e)) != 0)
		goto out;
	*policies = pol;
	*groups = grp;
	*keys = k;
	*activities = act;
	*roles = rl;
	pol = grp = k = act = rl = NULL;
out:
	json_decref(pol);
	json_decref(grp);
	json_decref(k);
	json_decref(act);
	json_decref(wg);
	json_decref(wa);
	json_decref(wp);
	json_decref(rl);
	json_decref(wr);
	sb_release(&url);
	sb_release(&what);
	wipe_free(l.token);
	wipe_free(l.private_key);
	free(l.client_email);
	free(l.key_id);
	free(l.token_uri);
	http_free(l.h);
	return rc;
}
