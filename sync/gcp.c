/*
 * gcp.c - the "gcp" source_ops: configuration, the offline files, and the
 * hand-over of what was read to gcp_emit.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "db/catalog.h"
#include "lib/sb.h"
#include "sync/cloud_conf.h"
#include "sync/gcp.h"
#include "sync/gcp_live.h"
#include "sync/gcp_model.h"
#include "sync/http.h"

static const char *const gcp_keys[] = {
	"scope",
	"domains",
	"iam_policies",
	"group_memberships",
	"service_account_keys",
	"last_authentication",
	"custom_roles",
	"credentials_file",
	"token_command",
	"asset_endpoint",
	"cloudidentity_endpoint",
	"iam_endpoint",
	"policyanalyzer_endpoint",
	"allow_insecure",
	"ca_file",
	"timeout",
	"retries",
	"page_size",
	NULL,
};

/* Keys that only mean something live. */
static const char *const live_keys[] = {
	"credentials_file",
	"token_command",
	"asset_endpoint",
	"cloudidentity_endpoint",
	"iam_endpoint",
	"policyanalyzer_endpoint",
	"allow_insecure",
	"ca_file",
	"timeout",
	"retries",
	"page_size",
	NULL,
};

/* Offline files, beside iam_policies. */
static const char *const file_keys[] = {
	"group_memberships",
	"service_account_keys",
	"last_authentication",
	"custom_roles",
	NULL,
};

static const struct {
	const char *key, *dflt;
} endpoints[] = {
	{ "asset_endpoint", "https://cloudasset.googleapis.com" },
	{ "cloudidentity_endpoint", "https://cloudidentity.googleapis.com" },
	{ "iam_endpoint", "https://iam.googleapis.com" },
	{ "policyanalyzer_endpoint", "https://policyanalyzer.googleapis.com" },
};

#define NENDPOINTS (sizeof(endpoints) / sizeof(endpoints[0]))

struct gcpsrc {
	char *name, *scope, *domains;
	char *files[5]; /* iam_policies, then file_keys */
	char *credentials_file, *token_command;
	struct cloud_conf cc;
	char *endpoint[NENDPOINTS];
	struct gcp_live_opts lo;
	struct catalog *cat;
};

static void gcp_close(void *state);

static int
check_scope(const char *s)
{
	const char *p;

	if (strncmp(s, "organizations/", 14) == 0 ||
	    strncmp(s, "folders/", 8) == 0) {
		p = strchr(s, '/') + 1;
		if (*p == '\0')
			return -1;
		for (; *p; p++)
			if (*p < '0' || *p > '9')
				return -1;
		return 0;
	}
	if (strncmp(s, "projects/", 9) == 0) {
		/* project ids: 6-30 of a-z 0-9 -, or a project number */
		p = s + 9;
		if (*p == '\0' || strlen(p) > 30)
			return -1;
		for (; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') ||
				(*p >= '0' && *p <= '9') || *p == '-'))
				return -1;
		return 0;
	}
	return -1;
}

static int
gcp_open(const struct config *c, const struct conf_section *sec, void **state,
    struct err *e)
{
	struct gcpsrc *s;
	char where[PATH_MAX + 32];
	const char *v;
	int rc = 0, i;

	*state = NULL;
	if ((rc = conf_check_keys(c, sec, gcp_keys, e)) != 0)
		return rc;
	s = xcalloc(1, sizeof(*s));
	s->name = xstrdup(sec->name);
	if ((v = conf_get(sec, "scope")) == NULL || check_scope(v) != 0) {
		rc = err_set(e, PARC_ECONFIG,
		    "%s: [source %s] scope must be organizations/NUMBER, "
		    "folders/NUMBER or projects/PROJECT_ID%s%.80s%s",
		    conf_where(c, v ? conf_line(sec, "scope") : sec->line,
			where, sizeof(where)),
		    sec->name, v ? ", not '" : " (it is not set)", v ? v : "",
		    v ? "'" : "");
		goto out;
	}
	s->scope = xstrdup(v);
	if ((v = conf_get(sec, "domains")) != NULL)
		s->domains = xstrdup(v);
	s->files[0] = conf_path(c, sec, "iam_policies");
	for (i = 0; file_keys[i] != NULL; i++) {
		s->files[i + 1] = conf_path(c, sec, file_keys[i]);
		if (s->files[i + 1] != NULL && s->files[0] == NULL) {
			rc = err_set(e, PARC_ECONFIG,
			    "%s: [source %s] %s needs iam_policies = FILE "
			    "beside it (the JSON of gcloud asset "
			    "search-all-iam-policies)",
			    conf_where(c, conf_line(sec, file_keys[i]), where,
				sizeof(where)),
			    sec->name, file_keys[i]);
			goto out;
		}
	}
	if (s->files[0] != NULL) {
		if ((rc = cloud_conf_offline(c, sec, live_keys, "GCP",
			 "iam_policies", e)) != 0)
			goto out;
	} else {
		s->credentials_file = conf_path(c, sec, "credentials_file");
		if ((v = conf_get(sec, "token_command")) != NULL)
			s->token_command = xstrdup(v);
		if ((s->credentials_file == NULL) ==
		    (s->token_command == NULL)) {
			rc = err_set(e, PARC_ECONFIG,
			    "%s: [source %s] needs exactly one of "
			    "credentials_file (a service account's JSON key) "
			    "and token_command (e.g. gcloud auth "
			    "print-access-token), or iam_policies = FILE to "
			    "read gcloud's exports",
			    conf_where(c, sec->line, where, sizeof(where)),
			    sec->name);
			goto out;
		}
		if ((rc = cloud_conf_read(c, sec, 500, &s->cc, e)) != 0)
			goto out;
		for (i = 0; i < (int)NENDPOINTS; i++) {
			s->endpoint[i] = cloud_conf_dup(sec, endpoints[i].key,
			    endpoints[i].dflt);
			if ((rc = cloud_conf_url(c, sec, s->endpoint[i],
				 s->cc.allow_insecure, endpoints[i].key, e)) !=
			    0)
				goto out;
		}
		s->lo.source = s->name;
		s->lo.scope = s->scope;
		s->lo.credentials_file = s->credentials_file;
		s->lo.token_command = s->token_command;
		s->lo.asset_endpoint = s->endpoint[0];
		s->lo.cloudidentity_endpoint = s->endpoint[1];
		s->lo.iam_endpoint = s->endpoint[2];
		s->lo.policyanalyzer_endpoint = s->endpoint[3];
		s->lo.ca_file = s->cc.ca_file;
		s->lo.allow_insecure = s->cc.allow_insecure;
		s->lo.timeout = s->cc.timeout;
		s->lo.max_tries = (int)s->cc.retries + 1;
		s->lo.page_size = s->cc.page_size;
	}
	if ((rc = source_load_catalog(c, &s->cat, e)) != 0)
		goto out;
	s->lo.cat = s->cat;
	*state = s;
	s = NULL;
out:
	gcp_close(s);
	return rc;
}

static void
gcp_close(void *state)
{
	struct gcpsrc *s = state;
	size_t i;

	if (s == NULL)
		return;
	catalog_free(s->cat);
	free(s->name);
	free(s->scope);
	free(s->domains);
	for (i = 0; i < 5; i++)
		free(s->files[i]);
	free(s->credentials_file);
	free(s->token_command);
	cloud_conf_release(&s->cc);
	for (i = 0; i < NENDPOINTS; i++)
		free(s->endpoint[i]);
	free(s);
}

/* Load one offline file; what names it in the error. */
static int
load(const char *path, const char *what, json_t **out, struct err *e)
{
	json_error_t je;
	FILE *fp;

	*out = NULL;
	if (path == NULL)
		return 0;
	if ((fp = fopen(path, "r")) == NULL)
		return err_set(e, PARC_ESOURCE, "cannot open %s: %s", path,
		    strerror(errno));
	*out = json_loadf(fp, JSON_REJECT_DUPLICATES, &je);
	fclose(fp);
	if (*out == NULL)
		return err_set(e, PARC_EDATA, "%s:%d: not the JSON of %s: %s",
		    path, je.line, what, je.text);
	return 0;
}

/*
 * Every result must lie in the scope: an export of another organization
 * or folder (a wrong file, a key of another organization) would otherwise
 * replace this one's snapshot. Projects are not checked: results name
 * them by number, the scope by id.
 */
static int
check_in_scope(const struct gcpsrc *s, const json_t *pol, const char *what,
    int code, struct err *e)
{
	const json_t *results =
	    json_is_object(pol) ? json_object_get(pol, "results") : pol;
	const json_t *r, *f;
	size_t i, k;
	int org = strncmp(s->scope, "organizations/", 14) == 0;

	if (!org && strncmp(s->scope, "folders/", 8) != 0)
		return 0;
	json_array_foreach(results, i, r)
	{
		const char *o =
		    json_string_value(json_object_get(r, "organization"));
		const char *res =
		    json_string_value(json_object_get(r, "resource"));
		int in = 0;

		if (org) {
			if (o == NULL || *o == '\0' || strcmp(o, s->scope) == 0)
				continue;
			return err_set(e, code,
			    "%s: %.200s belongs to %.60s, not to scope %s "
			    "(wrong credentials or file?)",
			    what, res ? res : "a result", o, s->scope);
		}
		f = json_object_get(r, "folders");
		for (k = 0; k < json_array_size(f); k++)
			if (json_is_string(json_array_get(f, k)) &&
			    strcmp(json_string_value(json_array_get(f, k)),
				s->scope) == 0)
				in = 1;
		if (!in)
			return err_set(e, code,
			    "%s: %.200s is not under %s (wrong credentials or "
			    "file?)",
			    what, res ? res : "a result", s->scope);
	}
	return 0;
}

static int
gcp_pull(void *state, struct sink *sink, struct err *e)
{
	static const char *const whats[] = {
		"gcloud asset search-all-iam-policies",
		"group memberships (gcloud identity groups memberships list)",
		"gcloud iam service-accounts keys list",
		"gcloud policy-intelligence query-activity",
		"custom roles (gcloud iam roles describe)",
	};
	struct gcpsrc *s = state;
	struct gcp_input in = { 0 };
	struct sb what[5] = { SB_INIT, SB_INIT, SB_INIT, SB_INIT, SB_INIT };
	json_t *j[5] = { NULL, NULL, NULL, NULL, NULL };
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	int rc = 0, i;

	if (s->files[0] != NULL) {
		for (i = 0; i < 5 && rc == 0; i++) {
			rc = load(s->files[i], whats[i], &j[i], e);
			sb_adds(&what[i], s->files[i] ? s->files[i] : "");
		}
		if (rc != 0)
			goto out;
	} else {
		if ((rc = gcp_live_read(&s->lo, &j[0], &j[1], &j[2], &j[3],
			 &j[4], e)) != 0)
			goto out;
		sb_addf(&what[0], "source %s: searchAllIamPolicies", s->name);
		sb_addf(&what[1], "source %s: memberships", s->name);
		sb_addf(&what[2], "source %s: serviceAccounts.keys.list",
		    s->name);
		sb_addf(&what[3], "source %s: activities.query", s->name);
		sb_addf(&what[4], "source %s: roles.get", s->name);
	}
	if ((rc = check_in_scope(s, j[0], what[0].buf,
		 s->files[0] != NULL ? PARC_EDATA : PARC_ESOURCE, e)) != 0)
		goto out;
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	in.policies = j[0];
	in.policies_what = what[0].buf;
	in.groups = j[1];
	in.groups_what = what[1].buf;
	in.keys = j[2];
	in.keys_what = what[2].buf;
	in.activities = j[3];
	in.activities_what = what[3].buf;
	in.roles = j[4];
	in.roles_what = what[4].buf;
	in.domains = s->domains;
	in.now = now;
	rc = gcp_emit(sink, s->cat, &in, e);
out:
	for (i = 0; i < 5; i++) {
		json_decref(j[i]);
		sb_release(&what[i]);
	}
	return rc;
}

const struct source_ops gcp_ops = {
	.kind = "gcp",
	.summary = "Google Cloud IAM bindings, live or from gcloud exports",
	.keys = gcp_keys,
	.open = gcp_open,
	.pull = gcp_pull,
	.close = gcp_close,
};
