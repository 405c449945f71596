/*
 * aws_model_read.c - the authorization details into the model: policies
 * (only a managed policy's default version counts), groups, users and
 * roles, each with the policies it holds (inline, attached, its
 * permissions boundary). Lists may be lone objects, booleans strings,
 * policy documents URL-encoded strings (aws_policy.h decodes them).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db/catalog.h"
#include "lib/err.h"
#include "lib/sb.h"
#include "lib/strhash.h"
#include "sync/aws_model_int.h"
#include "sync/aws_model_read.h"
#include "sync/aws_policy.h"
#include "sync/jget.h"

/* A member that should be a list; a lone object counts as a list of one. */
static int
get_list(const json_t *o, const char *key, const char *what, const char *obj,
    json_t **out, struct err *e)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_object(v)) {
		*out = json_array();
		json_array_append(*out, v);
		return 0;
	}
	if (!json_is_array(v))
		return err_set(e, PARC_EDATA, "%s: %s: %s is not a list", what,
		    obj, key);
	*out = json_incref(v);
	return 0;
}

/* How many items get_list will give for key. */
static size_t
list_size(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_array(v) ? json_array_size(v) : json_is_object(v);
}

/* A required string member. */
static int
get_str(const json_t *o, const char *key, const char *what, const char *obj,
    const char **out, struct err *e)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_string(v) || json_string_length(v) == 0)
		return err_set(e, PARC_EDATA, "%s: %s has no %s string", what,
		    obj, key);
	*out = json_string_value(v);
	if (strlen(*out) != json_string_length(v))
		return err_set(e, PARC_EDATA, "%s: %s: %s holds a NUL byte",
		    what, obj, key);
	return 0;
}

/* An optional string member, NULL when absent. */
const char *
awsm_opt_str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* An optional date member into out ("" when absent). */
int
awsm_get_date(const json_t *o, const char *key, const char *what,
    const char *obj, char out[21], struct err *e)
{
	return jget_date(json_object_get(o, key), 1000, 0, what, obj, key, out,
	    e);
}

/* The pointer key maps to in h, or NULL. */
static void *
map_get(const struct strhash *h, const char *key)
{
	const union strhash_val *v = strhash_find(h, key);

	return v != NULL ? v->ptr : NULL;
}

/*
 * Map key (borrowed: it lives as long as the model) to ptr; 0, or -1 when
 * key is there already (its pointer unchanged).
 */
static int
map_put(struct strhash *h, const char *key, void *ptr)
{
	union strhash_val *v;
	int added;

	v = strhash_put(h, key, &added);
	if (!added)
		return -1;
	v->ptr = ptr;
	return 0;
}

/* A new policy, m's, under ext_id in m->pol_by_arn (which does not hold it). */
static struct awsm_pol *
pol_new(struct awsm_model *m, const char *ext_id, const char *name,
    enum awsm_pol_type type)
{
	struct awsm_pol *p = xcalloc(1, sizeof(*p));

	p->ext_id = xstrdup(ext_id);
	p->name = xstrdup(name);
	p->type = type;
	m->pol = xrealloc(m->pol, (m->npol + 1) * sizeof(*m->pol));
	m->pol[m->npol++] = p;
	map_put(&m->pol_by_arn, p->ext_id, p);
	return p;
}

static int
pol_set_doc(struct awsm_model *m, struct awsm_pol *p, const json_t *doc,
    const char *what, struct err *e)
{
	int rc;

	if ((rc = aws_doc_parse(doc, what, &p->doc, e)) != 0)
		return rc;
	p->f = aws_facts_new(m->rules, p->doc);
	return 0;
}

static int
is_aws_managed(const char *arn)
{
	const char *p = strstr(arn, ":iam::aws:policy/");

	return p != NULL && strncmp(arn, "arn:", 4) == 0;
}

/*
 * The managed policy of arn: the one m holds, or a new one called name
 * (NULL: the last part of arn), with what the catalog says of it.
 */
static struct awsm_pol *
pol_of_arn(struct awsm_model *m, const char *arn, const char *name)
{
	struct awsm_pol *p;

	if ((p = map_get(&m->pol_by_arn, arn)) != NULL)
		return p;
	if (name == NULL)
		name = strrchr(arn, '/') ? strrchr(arn, '/') + 1 : arn;
	p = pol_new(m, arn, name,
	    is_aws_managed(arn) ? AWSM_AWS_MANAGED : AWSM_CUSTOMER);
	p->ce = catalog_match(m->cat, "aws", "policy", arn);
	return p;
}

/* Policies: the managed policies and their default version. */
static int
read_policies(struct awsm_model *m, const json_t *d, struct err *e)
{
	json_t *list = NULL, *vl = NULL;
	const json_t *o, *v;
	const char *arn, *name;
	struct awsm_pol *p;
	struct sb what = SB_INIT;
	size_t i, k;
	int rc;

	if ((rc = get_list(d, "Policies", m->what, "the account", &list, e)) !=
	    0)
		return rc;
	json_array_foreach(list, i, o)
	{
		if (!json_is_object(o)) {
			rc = err_set(e, PARC_EDATA,
			    "%s: Policies item %zu is not an object", m->what,
			    i + 1);
			break;
		}
		sb_reset(&what);
		sb_addf(&what, "Policies item %zu", i + 1);
		if ((rc = get_str(o, "PolicyName", m->what, what.buf, &name,
			 e)) != 0)
			break;
		sb_reset(&what);
		sb_addf(&what, "policy %s", name);
		if ((rc = get_str(o, "Arn", m->what, what.buf, &arn, e)) != 0)
			break;
		if (map_get(&m->pol_by_arn, arn) != NULL) {
			rc = err_set(e, PARC_EDATA,
			    "%s: policy %s is listed twice", m->what, arn);
			break;
		}
		p = pol_of_arn(m, arn, name);
		json_decref(vl);
		if ((rc = get_list(o, "PolicyVersionList", m->what, what.buf,
			 &vl, e)) != 0)
			break;
		json_array_foreach(vl, k, v)
		{
			if (!json_is_object(v)) {
				rc = err_set(e, PARC_EDATA,
				    "%s: policy %s: a PolicyVersionList item "
				    "is not an object",
				    m->what, name);
				break;
			}
			if (jget_bool(json_object_get(v, "IsDefaultVersion")) !=
			    1)
				continue;
			if (p->doc != NULL) {
				rc = err_set(e, PARC_EDATA,
				    "%s: policy %s has two default versions",
				    m->what, name);
				break;
			}
			p->version = awsm_opt_str(v, "VersionId");
			sb_reset(&what);
			sb_addf(&what, "%s: policy %s (version %s)", m->what,
			    name, p->version ? p->version : "?");
			if ((rc = pol_set_doc(m, p,
				 json_object_get(v, "Document"), what.buf,
				 e)) != 0)
				break;
		}
		if (rc != 0)
			break;
		if (p->doc == NULL) {
			rc = err_set(e, PARC_EDATA,
			    "%s: policy %s has no default version in "
			    "PolicyVersionList",
			    m->what, name);
			break;
		}
	}
	json_decref(vl);
	json_decref(list);
	sb_release(&what);
	return rc;
}

/*
 * The inline policies (key, e.g. UserPolicyList) and attached managed
 * policies of one holder, appended to *out.
 */
static int
read_held(struct awsm_model *m, const json_t *o, const char *inline_key,
    const char *holder_kind, const char *holder, struct awsm_pol ***out,
    size_t *n, struct err *e)
{
	json_t *list = NULL;
	const json_t *x;
	const char *name, *arn;
	struct sb obj = SB_INIT, id = SB_INIT;
	struct awsm_pol *p;
	size_t i;
	int rc;

	sb_addf(&obj, "%s %s", holder_kind, holder);
	if ((rc = get_list(o, inline_key, m->what, obj.buf, &list, e)) != 0)
		goto out;
	json_array_foreach(list, i, x)
	{
		if (!json_is_object(x)) {
			rc = err_set(e, PARC_EDATA,
			    "%s: %s: an item of %s is not an object", m->what,
			    obj.buf, inline_key);
			goto out;
		}
		if ((rc = get_str(x, "PolicyName", m->what, obj.buf, &name,
			 e)) != 0)
			goto out;
		sb_reset(&id);
		sb_addf(&id, "%s/%s/%s", holder_kind, holder, name);
		if (map_get(&m->pol_by_arn, id.buf) != NULL) {
			rc = err_set(e, PARC_EDATA,
			    "%s: %s has two inline policies named %s", m->what,
			    obj.buf, name);
			goto out;
		}
		p = pol_new(m, id.buf, id.buf, AWSM_INLINE);
		sb_reset(&id);
		sb_addf(&id, "%s: %s: inline policy %s", m->what, obj.buf,
		    name);
		if ((rc = pol_set_doc(m, p,
			 json_object_get(x, "PolicyDocument"), id.buf, e)) != 0)
			goto out;
		*out = xrealloc(*out, (*n + 1) * sizeof(**out));
		(*out)[(*n)++] = p;
	}
	json_decref(list);
	list = NULL;
	if ((rc = get_list(o, "AttachedManagedPolicies", m->what, obj.buf,
		 &list, e)) != 0)
		goto out;
	json_array_foreach(list, i, x)
	{
		if (!json_is_object(x)) {
			rc = err_set(e, PARC_EDATA,
			    "%s: %s: an item of AttachedManagedPolicies is not "
			    "an object",
			    m->what, obj.buf);
			goto out;
		}
		if ((rc = get_str(x, "PolicyArn", m->what, obj.buf, &arn, e)) !=
		    0)
			goto out;
		/* new when not in Policies (a filtered or partial export) */
		p = pol_of_arn(m, arn, awsm_opt_str(x, "PolicyName"));
		*out = xrealloc(*out, (*n + 1) * sizeof(**out));
		(*out)[(*n)++] = p;
	}
out:
	json_decref(list);
	sb_release(&obj);
	sb_release(&id);
	return rc;
}

/* The permissions boundary of a user or role, or NULL. */
static int
read_boundary(struct awsm_model *m, const json_t *o, const char *obj,
    struct awsm_pol **out, struct err *e)
{
	const json_t *b = json_object_get(o, "PermissionsBoundary");
	const char *arn;
	int rc;

	*out = NULL;
	if (b == NULL || json_is_null(b))
		return 0;
	if (!json_is_object(b))
		return err_set(e, PARC_EDATA,
		    "%s: %s: PermissionsBoundary is not an object", m->what,
		    obj);
	if ((rc = get_str(b, "PermissionsBoundaryArn", m->what, obj, &arn,
		 e)) != 0)
		return rc;
	*out = pol_of_arn(m, arn, NULL);
	return 0;
}

/* The account id and partition of an ARN, for the root user. */
void
awsm_note_account(struct awsm_model *m, const char *arn)
{
	const char *p = arn;
	int i;

	if (m->account_id[0] != '\0' || strncmp(arn, "arn:", 4) != 0)
		return;
	for (i = 0; i < 4 && p != NULL; i++)
		p = strchr(p + 1, ':');
	if (p == NULL || strcspn(p + 1, ":") >= sizeof(m->account_id) ||
	    strcspn(p + 1, ":") == 0)
		return;
	memcpy(m->account_id, p + 1, strcspn(p + 1, ":"));
}

static int
read_groups(struct awsm_model *m, const json_t *d, struct err *e)
{
	json_t *list = NULL;
	const json_t *o;
	struct awsm_grp *g;
	struct sb obj = SB_INIT;
	size_t i;
	int rc;

	if ((rc = get_list(d, "GroupDetailList", m->what, "the account", &list,
		 e)) != 0)
		return rc;
	m->grp = xcalloc(json_array_size(list) + 1, sizeof(*m->grp));
	json_array_foreach(list, i, o)
	{
		g = &m->grp[m->ngrp];
		sb_reset(&obj);
		sb_addf(&obj, "GroupDetailList item %zu", i + 1);
		if (!json_is_object(o)) {
			rc = err_set(e, PARC_EDATA, "%s: %s is not an object",
			    m->what, obj.buf);
			break;
		}
		if ((rc = get_str(o, "GroupName", m->what, obj.buf, &g->name,
			 e)) != 0)
			break;
		sb_reset(&obj);
		sb_addf(&obj, "group %s", g->name);
		if ((rc = get_str(o, "Arn", m->what, obj.buf, &g->arn, e)) != 0)
			break;
		g->j = o;
		m->ngrp++;
		if (map_put(&m->grp_by_name, g->name, g) != 0) {
			rc = err_set(e, PARC_EDATA,
			    "%s: group %s is listed twice", m->what, g->name);
			break;
		}
		awsm_note_account(m, g->arn);
		if ((rc = read_held(m, o, "GroupPolicyList", "group", g->name,
			 &g->pol, &g->npol, e)) != 0)
			break;
	}
	json_decref(list);
	sb_release(&obj);
	return rc;
}

static int
read_accounts(struct awsm_model *m, const json_t *d, int role, struct err *e)
{
	json_t *list = NULL, *gl = NULL;
	const json_t *o, *x;
	struct awsm_acct *a;
	struct awsm_grp *g;
	struct sb obj = SB_INIT;
	const char *lkey = role ? "RoleDetailList" : "UserDetailList";
	const char *nkey = role ? "RoleName" : "UserName";
	const char *kind = role ? "role" : "user";
	size_t i, k;
	int rc;

	if ((rc = get_list(d, lkey, m->what, "the account", &list, e)) != 0)
		return rc;
	/* the accounts stay where they are: the maps point at them */
	if (m->acct == NULL)
		m->acct = xcalloc(m->acap + 1, sizeof(*m->acct));
	if (m->nacct + json_array_size(list) > m->acap) {
		json_decref(list);
		return err_set(e, PARC_EDATA, "%s: %s changed while read",
		    m->what, lkey);
	}
	json_array_foreach(list, i, o)
	{
		a = &m->acct[m->nacct];
		a->role = role;
		sb_reset(&obj);
		sb_addf(&obj, "%s item %zu", lkey, i + 1);
		if (!json_is_object(o)) {
			rc = err_set(e, PARC_EDATA, "%s: %s is not an object",
			    m->what, obj.buf);
			break;
		}
		if ((rc = get_str(o, nkey, m->what, obj.buf, &a->name, e)) != 0)
			break;
		sb_reset(&obj);
		sb_addf(&obj, "%s %s", kind, a->name);
		if ((rc = get_str(o, "Arn", m->what, obj.buf, &a->arn, e)) != 0)
			break;
		a->j = o;
		m->nacct++;
		if (map_put(&m->acct_by_arn, a->arn, a) != 0) {
			rc = err_set(e, PARC_EDATA, "%s: %s is listed twice",
			    m->what, a->arn);
			break;
		}
		awsm_note_account(m, a->arn);
		if ((rc = read_held(m, o,
			 role ? "RolePolicyList" : "UserPolicyList", kind,
			 a->name, &a->pol, &a->npol, e)) != 0)
			break;
		if ((rc = read_boundary(m, o, obj.buf, &a->boundary, e)) != 0)
			break;
		if (role)
			continue;
		json_decref(gl);
		if ((rc = get_list(o, "GroupList", m->what, obj.buf, &gl, e)) !=
		    0)
			break;
		json_array_foreach(gl, k, x)
		{
			if (!json_is_string(x)) {
				rc = err_set(e, PARC_EDATA,
				    "%s: %s: an item of GroupList is not a "
				    "string",
				    m->what, obj.buf);
				break;
			}
			if ((g = map_get(&m->grp_by_name,
				 json_string_value(x))) == NULL) {
				rc = err_set(e, PARC_EDATA,
				    "%s: %s: group %s is not in "
				    "GroupDetailList",
				    m->what, obj.buf, json_string_value(x));
				break;
			}
			a->grp =
			    xrealloc(a->grp, (a->ngrp + 1) * sizeof(*a->grp));
			a->grp[a->ngrp++] = g;
		}
		if (rc != 0)
			break;
	}
	json_decref(gl);
	json_decref(list);
	sb_release(&obj);
	return rc;
}

int
awsm_read_details(struct awsm_model *m, const json_t *d, struct err *e)
{
	int rc;

	m->acap =
	    list_size(d, "UserDetailList") + list_size(d, "RoleDetailList");
	if ((rc = read_policies(m, d, e)) != 0 ||
	    (rc = read_groups(m, d, e)) != 0 ||
	    (rc = read_accounts(m, d, 0, e)) != 0 ||
	    (rc = read_accounts(m, d, 1, e)) != 0)
		return rc;
	return 0;
}
