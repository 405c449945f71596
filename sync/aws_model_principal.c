/*
 * aws_model_principal.c - users, roles and the root user as principals:
 * kind, dates, the credential report's usage and hygiene in attrs, a
 * role's trust policy and who may assume it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/sink.h"
#include "lib/err.h"
#include "lib/sb.h"
#include "sync/aws_model_int.h"
#include "sync/aws_model_principal.h"
#include "sync/aws_model_read.h"
#include "sync/aws_model_weigh.h"
#include "sync/aws_policy.h"

const char *
awsm_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

/* The later of two dates (YYYY-MM-DDTHH:MM:SSZ, "" or NULL: unknown). */
static const char *
latest(const char *a, const char *b)
{
	if (a == NULL || *a == '\0')
		return b;
	if (b == NULL || *b == '\0')
		return a;
	return strcmp(a, b) >= 0 ? a : b;
}

static void
set_date(json_t *o, const char *key, const char *v)
{
	if (v != NULL && *v != '\0')
		json_object_set_new(o, key, json_string(v));
}

static void
set_bool(json_t *o, const char *key, int v)
{
	if (v >= 0)
		json_object_set_new(o, key, json_boolean(v));
}

/* Append the strings of v (a string or a list of them) to out. */
static void
add_principals(const json_t *v, const char *kind, json_t *out)
{
	const json_t *x;
	size_t i;
	char buf[512];

	if (json_is_string(v)) {
		snprintf(buf, sizeof(buf), "%s:%s", kind, json_string_value(v));
		json_array_append_new(out, json_string(buf));
		return;
	}
	json_array_foreach(v, i, x)
	{
		add_principals(json_is_string(x) ? x : NULL, kind, out);
	}
}

/*
 * Who may assume a role, from its trust policy's Allow statements, as
 * attrs.trusted_by: "AWS:arn:...", "Service:ec2.amazonaws.com",
 * "Federated:...", or "*" for anyone; conditional ones are marked
 * " (conditional)". Names longer than a line are cut.
 */
static void
trusted_by(const json_t *tp, json_t *attrs)
{
	const json_t *stl, *st, *pr, *v, *c;
	json_t *out = json_array();
	const char *k;
	size_t i, n, j;
	int one;

	stl = json_object_get(tp, "Statement");
	one = json_is_object(stl);
	n = one ? 1 : json_array_size(stl);
	for (i = 0; i < n; i++) {
		st = one ? stl : json_array_get(stl, i);
		if (!json_is_object(st) ||
		    !json_is_string(json_object_get(st, "Effect")) ||
		    strcmp(json_string_value(json_object_get(st, "Effect")),
			"Allow") != 0)
			continue;
		pr = json_object_get(st, "Principal");
		j = json_array_size(out);
		if (json_is_string(pr))
			json_array_append_new(out, json_string("*"));
		else
			json_object_foreach((json_t *)(uintptr_t)pr, k, v)
			{
				add_principals(v, k, out);
			}
		c = json_object_get(st, "Condition");
		if (c == NULL ||
		    (json_is_object(c) && json_object_size(c) == 0))
			continue;
		for (; j < json_array_size(out); j++) {
			char buf[600];

			snprintf(buf, sizeof(buf), "%s (conditional)",
			    json_string_value(json_array_get(out, j)));
			json_array_set_new(out, j, json_string(buf));
		}
	}
	json_object_set_new(attrs, "trusted_by", out);
}

/* The usage and hygiene report row rp says, into attrs. */
static void
report_attrs(json_t *attrs, const struct awsm_report_row *rp)
{
	set_bool(attrs, "password_enabled", rp->password);
	set_bool(attrs, "mfa_active", rp->mfa);
	set_date(attrs, "password_last_used", rp->pw_used);
	set_bool(attrs, "access_key_1_active", rp->key1);
	set_bool(attrs, "access_key_2_active", rp->key2);
	if (rp->key1 == 1)
		set_date(attrs, "access_key_1_last_rotated", rp->key1_rot);
	if (rp->key2 == 1)
		set_date(attrs, "access_key_2_last_rotated", rp->key2_rot);
	set_date(attrs, "access_key_1_last_used_date", rp->key1_used);
	set_date(attrs, "access_key_2_last_used_date", rp->key2_used);
	json_object_set_new(attrs, "usage_source",
	    json_string("credential report"));
}

/* The last use report row rp says (password or key), or NULL. */
static const char *
report_last_used(const struct awsm_report_row *rp)
{
	return awsm_or_null(
	    latest(latest(rp->pw_used, rp->key1_used), rp->key2_used));
}

int
awsm_sink_principal(struct sink *sink, struct rec_principal *r,
    const json_t *attrs, struct err *e)
{
	char *aj = json_dumps(attrs, JSON_COMPACT);
	int rc;

	r->attrs = aj;
	rc = sink_principal(sink, r, e);
	r->attrs = NULL;
	free(aj);
	return rc;
}

int
awsm_emit_account(struct awsm_model *m, struct awsm_acct *a,
    const struct aws_verdict *all, struct sink *sink, struct err *e)
{
	struct rec_principal r;
	json_t *attrs = json_object(), *groups;
	const struct awsm_report_row *rp = &a->rep;
	struct sb obj = SB_INIT;
	char created[21], used[21];
	const char *v;
	size_t i;
	int rc;

	memset(&r, 0, sizeof(r));
	r.ext_id = a->arn;
	r.name = a->name;
	r.enabled = -1;
	r.mfa = -1;
	sb_addf(&obj, "%s %s", a->role ? "role" : "user", a->name);
	if ((rc = awsm_get_date(a->j, "CreateDate", m->what, obj.buf, created,
		 e)) != 0)
		goto out;
	r.created_at = awsm_or_null(created);
	json_object_set_new(attrs, "arn", json_string(a->arn));
	if ((v = awsm_opt_str(a->j, a->role ? "RoleId" : "UserId")) != NULL)
		json_object_set_new(attrs, a->role ? "role_id" : "user_id",
		    json_string(v));
	if ((v = awsm_opt_str(a->j, "Path")) != NULL)
		json_object_set_new(attrs, "path", json_string(v));
	if (a->boundary != NULL)
		json_object_set_new(attrs, "permissions_boundary",
		    json_string(a->boundary->ext_id));
	json_object_set_new(attrs, "effective_tier", json_integer(all->tier));
	json_object_set_new(attrs, "effective", json_string(all->evidence.buf));
	if (a->role) {
		const json_t *lu = json_object_get(a->j, "RoleLastUsed");
		const json_t *tp =
		    json_object_get(a->j, "AssumeRolePolicyDocument");

		r.kind = "service";
		if (json_is_object(lu) &&
		    (rc = awsm_get_date(lu, "LastUsedDate", m->what, obj.buf,
			 used, e)) != 0)
			goto out;
		r.last_used_at = json_is_object(lu) ? awsm_or_null(used) : NULL;
		if (tp != NULL && json_is_string(tp)) {
			/* keep the decoded JSON; a trust policy has no Resource
			 */
			json_error_t je;
			const char *ts = json_string_value(tp);
			char *t = ts[strspn(ts, " \t\r\n")] == '{'
			    ? xstrdup(ts)
			    : aws_url_decode(ts);
			json_t *dj;

			dj = json_loads(t, JSON_REJECT_DUPLICATES, &je);
			free(t);
			if (!json_is_object(dj)) {
				json_decref(dj);
				rc = err_set(e, PARC_EDATA,
				    "%s: role %s: AssumeRolePolicyDocument is "
				    "not a JSON object",
				    m->what, a->name);
				goto out;
			}
			json_object_set_new(attrs, "trust_policy", dj);
		} else if (json_is_object(tp))
			json_object_set(attrs, "trust_policy", (json_t *)tp);
		else if (tp != NULL) {
			rc = err_set(e, PARC_EDATA,
			    "%s: role %s: AssumeRolePolicyDocument is not a "
			    "policy document",
			    m->what, a->name);
			goto out;
		}
		trusted_by(json_object_get(attrs, "trust_policy"), attrs);
		if ((v = awsm_opt_str(a->j, "Path")) != NULL &&
		    strncmp(v, "/aws-service-role/", 18) == 0)
			json_object_set_new(attrs, "service_linked",
			    json_true());
	} else {
		r.kind = awsm_user_kind(m, a);
		groups = json_array();
		for (i = 0; i < a->ngrp; i++)
			json_array_append_new(groups,
			    json_string(a->grp[i]->name));
		json_object_set_new(attrs, "groups", groups);
	}
	if (!a->role && !rp->present)
		/* no report, or it predates the user: usage unknown */
		json_object_set_new(attrs, "usage_unknown", json_true());
	if (rp->present) {
		r.enabled = rp->password == 1 || rp->key1 == 1 || rp->key2 == 1;
		if (rp->password == 1) {
			r.mfa = rp->mfa;
			r.password_last_set = awsm_or_null(rp->pw_changed);
		}
		r.last_used_at = report_last_used(rp);
		/* a service account with a console password: interactive */
		if (strcmp(r.kind, "service") == 0 && rp->password == 1)
			json_object_set_new(attrs, "interactive", json_true());
		report_attrs(attrs, rp);
	}
	rc = awsm_sink_principal(sink, &r, attrs, e);
out:
	json_decref(attrs);
	sb_release(&obj);
	return rc;
}

int
awsm_emit_root(struct awsm_model *m, struct sink *sink, struct err *e)
{
	const struct awsm_report_row *rp = &m->root;
	struct rec_principal r;
	struct rec_entitlement n;
	struct rec_assignment as;
	struct sb disp = SB_INIT, id = SB_INIT, name = SB_INIT;
	json_t *attrs;
	int rc;

	if (!rp->present)
		return 0;
	awsm_note_account(m, m->root_arn);
	memset(&r, 0, sizeof(r));
	r.ext_id = m->root_arn;
	r.name = "root";
	sb_addf(&disp, "root user of AWS account %s", m->account_id);
	r.display_name = disp.buf;
	r.kind = "break-glass";
	r.enabled = 1;
	r.mfa = rp->mfa;
	r.last_used_at = report_last_used(rp);
	r.password_last_set = awsm_or_null(rp->pw_changed);
	attrs = json_object();
	json_object_set_new(attrs, "aws_root", json_true());
	json_object_set_new(attrs, "account_id", json_string(m->account_id));
	report_attrs(attrs, rp);
	rc = awsm_sink_principal(sink, &r, attrs, e);
	json_decref(attrs);
	if (rc != 0)
		goto out;
	sb_addf(&id, "%s#root-user", m->root_arn);
	sb_addf(&name, "root user of AWS account %s", m->account_id);
	memset(&n, 0, sizeof(n));
	n.ext_id = id.buf;
	n.name = name.buf;
	n.kind = "account";
	n.tier = 0;
	n.reason = "the root user can do everything in the account, and no "
		   "IAM policy can limit it (only an organization's service "
		   "control policies can)";
	n.techniques = "T1078.004";
	if ((rc = sink_entitlement(sink, &n, e)) != 0)
		goto out;
	memset(&as, 0, sizeof(as));
	as.principal_ext_id = m->root_arn;
	as.entitlement_ext_id = id.buf;
	as.origin = "the account itself";
	rc = sink_assignment(sink, &as, e);
out:
	sb_release(&disp);
	sb_release(&id);
	sb_release(&name);
	return rc;
}
