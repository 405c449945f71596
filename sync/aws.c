/*
 * aws.c - the "aws" source_ops: configuration, the offline files, and the
 * hand-over of what was read to aws_emit.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "db/catalog.h"
#include "lib/sb.h"
#include "sync/aws.h"
#include "sync/aws_live.h"
#include "sync/aws_model.h"
#include "sync/cloud_conf.h"
#include "sync/http.h"

#define AWS_REPORT_MAX ((size_t)256 << 20) /* bytes of a credential report */

static const char *const aws_keys[] = {
	"endpoint",
	"region",
	"profile",
	"role_arn",
	"external_id",
	"session_name",
	"sts_endpoint",
	"sts_region",
	"allow_insecure",
	"ca_file",
	"timeout",
	"retries",
	"page_size",
	"authorization_details",
	"credential_report",
	"account_id",
	"service_accounts",
	NULL,
};

/* Keys that only mean something live. */
static const char *const live_keys[] = {
	"endpoint",
	"region",
	"profile",
	"role_arn",
	"external_id",
	"session_name",
	"sts_endpoint",
	"sts_region",
	"allow_insecure",
	"ca_file",
	"timeout",
	"retries",
	"page_size",
	NULL,
};

struct awssrc {
	char *name;
	char *details_path, *report_path; /* offline */
	char *account_id;
	struct aws_live_opts lo;
	char *endpoint, *sts_endpoint, *region, *sts_region, *profile,
	    *role_arn;
	char *external_id, *session_name;
	struct cloud_conf cc;
	struct catalog *cat;
	char **svc; /* service_accounts patterns, or NULL: the model's */
	size_t nsvc;
};

static void aws_close(void *state);

/* Split a comma list into trimmed, non-empty malloc'd items. */
static void
split_list(const char *v, char ***out, size_t *n)
{
	const char *p = v, *end;
	size_t len;

	*out = NULL;
	*n = 0;
	while (p != NULL && *p != '\0') {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		while (len > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len > 0) {
			*out = xrealloc(*out, (*n + 1) * sizeof(**out));
			(*out)[*n] = xmalloc(len + 1);
			memcpy((*out)[*n], p, len);
			(*out)[*n][len] = '\0';
			(*n)++;
		}
		p = end ? end + 1 : NULL;
	}
}

static int
check_account_id(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	return i == 12 ? 0 : -1;
}

static int
aws_open(const struct config *c, const struct conf_section *sec, void **state,
    struct err *e)
{
	struct awssrc *s;
	char where[PATH_MAX + 32];
	int rc;

	*state = NULL;
	if ((rc = conf_check_keys(c, sec, aws_keys, e)) != 0)
		return rc;
	s = xcalloc(1, sizeof(*s));
	s->name = xstrdup(sec->name);
	s->details_path = conf_path(c, sec, "authorization_details");
	s->report_path = conf_path(c, sec, "credential_report");
	if ((s->account_id = cloud_conf_dup(sec, "account_id", NULL)) != NULL &&
	    check_account_id(s->account_id) != 0) {
		rc = err_set(e, PARC_ECONFIG,
		    "%s: [source %s] account_id must be the 12 digits of an "
		    "AWS account, not '%.40s'",
		    conf_where(c, conf_line(sec, "account_id"), where,
			sizeof(where)),
		    sec->name, s->account_id);
		goto out;
	}
	if (s->details_path != NULL || s->report_path != NULL) {
		if (s->details_path == NULL) {
			rc = err_set(e, PARC_ECONFIG,
			    "%s: [source %s] credential_report needs "
			    "authorization_details = FILE beside it (the "
			    "JSON of aws iam "
			    "get-account-authorization-details)",
			    conf_where(c, conf_line(sec, "credential_report"),
				where, sizeof(where)),
			    sec->name);
			goto out;
		}
		if ((rc = cloud_conf_offline(c, sec, live_keys, "AWS",
			 "authorization_details", e)) != 0)
			goto out;
	} else {
		s->endpoint = cloud_conf_dup(sec, "endpoint",
		    "https://iam.amazonaws.com");
		s->sts_endpoint = cloud_conf_dup(sec, "sts_endpoint",
		    "https://sts.amazonaws.com");
		s->region = cloud_conf_dup(sec, "region", "us-east-1");
		s->sts_region = cloud_conf_dup(sec, "sts_region", s->region);
		s->profile = cloud_conf_dup(sec, "profile", NULL);
		s->role_arn = cloud_conf_dup(sec, "role_arn", NULL);
		s->external_id = cloud_conf_dup(sec, "external_id", NULL);
		s->session_name = cloud_conf_dup(sec, "session_name", "parc");
		if ((rc = cloud_conf_read(c, sec, 1000, &s->cc, e)) != 0)
			goto out;
		if ((rc = cloud_conf_url(c, sec, s->endpoint,
			 s->cc.allow_insecure, "endpoint", e)) != 0 ||
		    (s->role_arn != NULL &&
			(rc = cloud_conf_url(c, sec, s->sts_endpoint,
			     s->cc.allow_insecure, "sts_endpoint", e)) != 0))
			goto out;
		if (s->role_arn != NULL &&
		    strncmp(s->role_arn, "arn:", 4) != 0) {
			rc = err_set(e, PARC_ECONFIG,
			    "%s: [source %s] role_arn must be a role's ARN "
			    "(arn:aws:iam::ACCOUNT:role/NAME), not '%.200s'",
			    conf_where(c, conf_line(sec, "role_arn"), where,
				sizeof(where)),
			    sec->name, s->role_arn);
			goto out;
		}
		if (s->role_arn == NULL &&
		    (conf_get(sec, "external_id") ||
			conf_get(sec, "session_name") ||
			conf_get(sec, "sts_endpoint") ||
			conf_get(sec, "sts_region"))) {
			rc = err_set(e, PARC_ECONFIG,
			    "%s: [source %s] external_id, session_name, "
			    "sts_endpoint and sts_region are for role_arn, "
			    "which is not set",
			    conf_where(c, sec->line, where, sizeof(where)),
			    sec->name);
			goto out;
		}
		s->lo.source = s->name;
		s->lo.endpoint = s->endpoint;
		s->lo.sts_endpoint = s->sts_endpoint;
		s->lo.region = s->region;
		s->lo.sts_region = s->sts_region;
		s->lo.profile = s->profile;
		s->lo.role_arn = s->role_arn;
		s->lo.external_id = s->external_id;
		s->lo.session_name = s->session_name;
		s->lo.ca_file = s->cc.ca_file;
		s->lo.allow_insecure = s->cc.allow_insecure;
		s->lo.timeout = s->cc.timeout;
		s->lo.max_tries = (int)s->cc.retries + 1;
		s->lo.max_items = s->cc.page_size;
	}
	if (conf_get(sec, "service_accounts") != NULL)
		split_list(conf_get(sec, "service_accounts"), &s->svc,
		    &s->nsvc);
	if ((rc = source_load_catalog(c, &s->cat, e)) != 0)
		goto out;
	*state = s;
	s = NULL;
out:
	aws_close(s);
	return rc;
}

static void
aws_close(void *state)
{
	struct awssrc *s = state;
	size_t i;

	if (s == NULL)
		return;
	catalog_free(s->cat);
	for (i = 0; i < s->nsvc; i++)
		free(s->svc[i]);
	free(s->svc);
	free(s->name);
	free(s->details_path);
	free(s->report_path);
	free(s->account_id);
	free(s->endpoint);
	free(s->sts_endpoint);
	free(s->region);
	free(s->sts_region);
	free(s->profile);
	free(s->role_arn);
	free(s->external_id);
	free(s->session_name);
	cloud_conf_release(&s->cc);
	free(s);
}

/* Read a whole file into a malloc'd NUL-terminated buffer. */
static int
slurp(const char *path, size_t max, char **out, size_t *len, struct err *e)
{
	struct sb b = SB_INIT;
	char buf[65536];
	size_t n;
	FILE *fp;
	int rc = 0;

	if ((fp = fopen(path, "r")) == NULL)
		return err_set(e, PARC_ESOURCE, "cannot open %s: %s", path,
		    strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		if (b.len + n > max) {
			rc = err_set(e, PARC_EDATA,
			    "%s: larger than %zu MiB; refused", path,
			    max >> 20);
			break;
		}
		sb_add(&b, buf, n);
	}
	if (rc == 0 && ferror(fp))
		rc = err_set(e, PARC_EIO, "cannot read %s: %s", path,
		    strerror(errno));
	fclose(fp);
	if (rc != 0) {
		sb_release(&b);
		return rc;
	}
	*len = b.len;
	*out = sb_detach(&b);
	return 0;
}

/*
 * With account_id set, every user, group and role ARN must be in that
 * account: a profile or a file for another account is refused.
 */
static int
check_account(const struct awssrc *s, const json_t *d, const char *what,
    int code, struct err *e)
{
	static const char *const lists[] = { "UserDetailList",
		"GroupDetailList", "RoleDetailList", NULL };
	const char *arn, *acct;
	size_t i, k;
	json_t *v;

	if (s->account_id == NULL)
		return 0;
	for (i = 0; lists[i] != NULL; i++) {
		json_array_foreach(json_object_get(d, lists[i]), k, v)
		{
			arn = json_string_value(json_object_get(v, "Arn"));
			if (arn == NULL || strncmp(arn, "arn:", 4) != 0)
				continue;
			/* arn:PARTITION:iam::ACCOUNT:... */
			acct = strchr(arn + 4, ':');
			if (acct != NULL)
				acct = strchr(acct + 1, ':');
			if (acct != NULL)
				acct = strchr(acct + 1, ':');
			if (acct == NULL ||
			    strncmp(acct + 1, s->account_id, 12) == 0)
				continue;
			return err_set(e, code,
			    "%s: %.200s belongs to account %.12s, not to "
			    "account_id %s (wrong credentials or file?)",
			    what, arn, acct + 1, s->account_id);
		}
	}
	return 0;
}

static int
aws_pull(void *state, struct sink *sink, struct err *e)
{
	struct awssrc *s = state;
	struct sb what = SB_INIT, rwhat = SB_INIT;
	struct aws_options o;
	json_error_t je;
	json_t *d = NULL;
	char *report = NULL;
	size_t rlen = 0;
	int rc;

	if (s->details_path != NULL) {
		d = json_load_file(s->details_path, JSON_REJECT_DUPLICATES,
		    &je);
		if (d == NULL) {
			FILE *fp = fopen(s->details_path, "r");

			if (fp == NULL)
				rc = err_set(e, PARC_ESOURCE,
				    "cannot open %s: %s", s->details_path,
				    strerror(errno));
			else {
				fclose(fp);
				rc = err_set(e, PARC_EDATA,
				    "%s:%d: not the JSON of aws iam "
				    "get-account-authorization-details: %s",
				    s->details_path, je.line, je.text);
			}
			goto out;
		}
		if (!json_is_object(d)) {
			rc = err_set(e, PARC_EDATA,
			    "%s: not the JSON of aws iam "
			    "get-account-authorization-details (an object "
			    "with UserDetailList, RoleDetailList, ...)",
			    s->details_path);
			goto out;
		}
		if (s->report_path != NULL &&
		    (rc = slurp(s->report_path, AWS_REPORT_MAX, &report, &rlen,
			 e)) != 0)
			goto out;
		sb_adds(&what, s->details_path);
		sb_adds(&rwhat, s->report_path ? s->report_path : "");
		if ((rc = check_account(s, d, what.buf, PARC_EDATA, e)) != 0)
			goto out;
	} else {
		if ((rc = aws_live_read(&s->lo, &d, &report, &rlen, e)) != 0)
			goto out;
		sb_addf(&what, "source %s: GetAccountAuthorizationDetails",
		    s->name);
		sb_addf(&rwhat, "source %s: GetCredentialReport", s->name);
		if ((rc = check_account(s, d, what.buf, PARC_ESOURCE, e)) != 0)
			goto out;
	}
	o.service_accounts = (const char *const *)s->svc;
	o.nservice_accounts = s->nsvc;
	rc = aws_emit_with(sink, s->cat, d, what.buf, report, rlen,
	    report ? rwhat.buf : NULL, &o, e);
out:
	json_decref(d);
	free(report);
	sb_release(&what);
	sb_release(&rwhat);
	return rc;
}

const struct source_ops aws_ops = {
	.kind = "aws",
	.summary = "an AWS account's IAM, live over SigV4 or from the AWS "
		   "CLI's exports",
	.keys = aws_keys,
	.open = aws_open,
	.pull = aws_pull,
	.close = aws_close,
};
