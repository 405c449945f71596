/*
 * aws_model.c - one AWS account's IAM as principals, memberships,
 * entitlements and assignments.
 *
 * How IAM maps onto parc's records:
 *
 *  - an IAM user is an account (ext_id its ARN), kind human unless its tag
 *    parc:kind says service, shared or break-glass, or its name matches
 *    the site's service account patterns (aws_options; svc-* and svc_* by
 *    default, as for AD); a role is kind service, its trust
 *    policy (AssumeRolePolicyDocument) in attrs.trust_policy and who may
 *    assume it in attrs.trusted_by; a group is a
 *    group principal, and each user a member of its groups;
 *  - the root user, from the credential report's <root_account> row (it
 *    is not in the authorization details), is kind break-glass: AWS asks
 *    that it be used only for the few tasks that need it, with MFA, and
 *    break-glass is what parc calls an account held for that (every use
 *    is a finding, no dormancy noise); it holds an entitlement of its own,
 *    "root user", tier 0, since no IAM policy can limit it;
 *  - a policy is an entitlement: managed ones by ARN (AWS's and the
 *    customer's alike), inline ones as user/NAME/POLICY, role/NAME/POLICY
 *    or group/NAME/POLICY. Only the default version of a managed policy
 *    counts. Its tier is what its own document earns (sync/aws_policy.h),
 *    or the catalog's for an AWS managed policy it names, whichever is
 *    lower; a policy with nothing privileged is tier 3, and one whose
 *    document is not in the export and that the catalog does not name is
 *    unclassified;
 *  - a policy attached to a group is assigned to the group, so the grant
 *    shows the path user -> group -> policy.
 *
 * What depends on the principal and not on the policy alone is weighed per
 * account (user or role), over every policy it holds, its own and its
 * groups', and its permissions boundary:
 *
 *  - an explicit Deny (in any of them) or the boundary that takes
 *    something away from a policy: the account is assigned, instead of the
 *    policy, a variant of it ("AdministratorAccess, less the Deny in
 *    user/bob/NoIAM (bob)", ext_id POLICY#HOLDER) whose tier is what
 *    remains (attrs.tier_without: the best tier they took away) and whose
 *    reason names both policies. A privileged policy (tier 0-2) held under
 *    a permissions boundary is such a variant too ("..., within the
 *    boundary B (gina)"), whether or not the boundary takes anything (its
 *    document may not be in the export), so the reviewer sees it. When an
 *    account's own denies or boundary cut a policy of one of its groups, a
 *    grant through the real group would give it the uncut tier; it is a
 *    member instead of its own view of the group: a group principal of the
 *    same name (ext_id GROUP-ARN#ACCOUNT-ARN, attrs.view_of) holding the
 *    group's policies as weighed for that account, so its path still reads
 *    account -> group -> policy and the other members keep the real group.
 *    A Deny in the group's own policies cuts the group's assignment itself;
 *  - actions that escalate only together (iam:PassRole with
 *    ec2:RunInstances, ...) and come from different policies: a
 *    "combination" entitlement of the account (ext_id
 *    combination:MATCH#ACCOUNT-ARN) whose name says which policy gave
 *    which part;
 *  - attrs.effective_tier and attrs.effective: the verdict over all of it.
 *
 * Usage and hygiene, for the findings: a role's last use is RoleLastUsed;
 * from the credential report, a user's is the latest of
 * password_last_used and access_key_N_last_used_date, its password's last
 * change password_last_changed, MFA mfa_active where password_enabled
 * (without a console password MFA does not apply, so it stays unknown),
 * enabled whether it has a password or an active key, and the active
 * keys' access_key_N_last_rotated go to attrs for old-access-key. A report
 * row for a user the details do not list (made or deleted in between) is
 * skipped; a service user with a console password is attrs.interactive
 * (service-interactive); a user without a row (no report, or one made since)
 * has attrs.usage_unknown, so never-used does not take it for unused.
 */
/* FNM_CASEFOLD is a glibc extension hidden without _GNU_SOURCE. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db/catalog.h"
#include "db/sink.h"
#include "lib/csv.h"
#include "lib/err.h"
#include "lib/sb.h"
#include "sync/aws_model.h"
#include "sync/aws_policy.h"

/* ---- a small string map ---- */

struct map {
	const char **key;
	void **val;
	size_t cap, n;
};

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static void *
map_get(const struct map *m, const char *k)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = hash(k) & (m->cap - 1); m->key[i] != NULL;
	     i = (i + 1) & (m->cap - 1))
		if (strcmp(m->key[i], k) == 0)
			return m->val[i];
	return NULL;
}

/* Add k (kept, not copied); 0, or -1 when k is there already. */
static int
map_put(struct map *m, const char *k, void *v)
{
	size_t i;

	if (map_get(m, k) != NULL)
		return -1;
	if ((m->n + 1) * 2 > m->cap) {
		struct map g = { NULL, NULL, m->cap ? m->cap * 2 : 64, 0 };

		g.key = xcalloc(g.cap, sizeof(*g.key));
		g.val = xcalloc(g.cap, sizeof(*g.val));
		for (i = 0; i < m->cap; i++)
			if (m->key[i] != NULL)
				map_put(&g, m->key[i], m->val[i]);
		free(m->key);
		free(m->val);
		*m = g;
	}
	for (i = hash(k) & (m->cap - 1); m->key[i] != NULL;
	     i = (i + 1) & (m->cap - 1))
		;
	m->key[i] = k;
	m->val[i] = v;
	m->n++;
	return 0;
}

static void
map_release(struct map *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}

/* ---- the account in memory ---- */

enum pol_type {
	P_AWS,
	P_CUSTOMER,
	P_INLINE
};

struct pol {
	char *ext_id; /* ARN, or user/NAME/POLICY */
	char *name;   /* PolicyName, or the ext_id for inline ones */
	enum pol_type type;
	const char *version; /* default version id, or NULL */
	struct aws_doc *doc; /* NULL: not in the export */
	struct aws_facts *f;
	const struct catalog_entry *ce;
	int emitted;
	int tier, tiered; /* its own tier (pol_tier), once known */
};

/* The credential report's columns that parc reads. */
#define REPORT_COLUMNS(X)                                    \
	X(USER, "user", 1)                                   \
	X(ARN, "arn", 1)                                     \
	X(PASSWORD_ENABLED, "password_enabled", 0)           \
	X(PASSWORD_LAST_USED, "password_last_used", 0)       \
	X(PASSWORD_LAST_CHANGED, "password_last_changed", 0) \
	X(MFA_ACTIVE, "mfa_active", 0)                       \
	X(KEY1_ACTIVE, "access_key_1_active", 0)             \
	X(KEY1_ROTATED, "access_key_1_last_rotated", 0)      \
	X(KEY1_USED, "access_key_1_last_used_date", 0)       \
	X(KEY2_ACTIVE, "access_key_2_active", 0)             \
	X(KEY2_ROTATED, "access_key_2_last_rotated", 0)      \
	X(KEY2_USED, "access_key_2_last_used_date", 0)

enum rep_col {
#define X(id, name, req) RC_##id,
	REPORT_COLUMNS(X)
#undef X
	NREP
};

static const struct {
	const char *name;
	int required;
} rep_cols[NREP] = {
#define X(id, name, req) { name, req },
	REPORT_COLUMNS(X)
#undef X
};

/* A report row, read: booleans -1 unknown, dates normalised or "". */
struct report_row {
	int present;
	int password, mfa, key1, key2;
	char pw_used[21], pw_changed[21];
	char key1_rot[21], key1_used[21], key2_rot[21], key2_used[21];
};

struct grp {
	const char *name, *arn;
	const json_t *j;
	struct pol **pol;
	size_t npol;
};

struct acct {
	int role;
	const char *name, *arn;
	const json_t *j;
	struct grp **grp;
	size_t ngrp;
	int *cut; /* per group: this account's denies cut its policies */
	struct pol **pol; /* own: inline and attached */
	size_t npol;
	struct pol *boundary; /* NULL: none */
	struct report_row rep;
};

struct model {
	const struct catalog *cat;
	const struct aws_options *opt;
	struct aws_rules *rules;
	const char *what, *rwhat;
	char account_id[64];
	struct map pol_by_arn, grp_by_name, acct_by_arn;
	struct pol **pol; /* every policy, owned */
	size_t npol;
	struct grp *grp;
	size_t ngrp;
	struct acct *acct;
	size_t nacct, acap;
	struct report_row root;
	char root_arn[256];
};

/* ---- reading JSON ---- */

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
static const char *
opt_str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A boolean as JSON true/false or "true"/"false": 1, 0, or -1. */
static int
get_bool(const json_t *v)
{
	if (json_is_boolean(v))
		return json_is_true(v);
	if (json_is_string(v)) {
		if (strcasecmp(json_string_value(v), "true") == 0)
			return 1;
		if (strcasecmp(json_string_value(v), "false") == 0)
			return 0;
	}
	return -1;
}

/*
 * ISO 8601 as AWS writes it ("2019-11-13T17:30:00Z",
 * "2015-06-17T19:11:50+00:00", fractions of a second) into UTC
 * "YYYY-MM-DDTHH:MM:SSZ". Returns 0, or -1 when s is not such a date.
 */
static int
aws_date(const char *s, char out[21])
{
	struct tm tm;
	const char *p;
	time_t t;
	int y, mo, d, h, mi, sec, n = 0, oh = 0, om = 0, sign = 1;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec,
		&n) != 6 ||
	    n != 19)
		return -1;
	p = s + n;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if (*p == 'Z' && p[1] == '\0')
		;
	else if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1]) &&
	    isdigit((unsigned char)p[2])) {
		sign = *p == '-' ? -1 : 1;
		oh = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
		if (*p == ':')
			p++;
		if (!isdigit((unsigned char)p[0]) ||
		    !isdigit((unsigned char)p[1]) || p[2] != '\0')
			return -1;
		om = (p[0] - '0') * 10 + (p[1] - '0');
	} else
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60 || oh > 23 || om > 59 || y < 1000)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm) - sign * (oh * 3600 + om * 60);
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		return -1;
	return 0;
}

/* An optional date member into out ("" when absent). */
static int
get_date(const json_t *o, const char *key, const char *what, const char *obj,
    char out[21], struct err *e)
{
	const json_t *v = json_object_get(o, key);

	out[0] = '\0';
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v) || aws_date(json_string_value(v), out) != 0)
		return err_set(e, PARC_EDATA, "%s: %s: %s is not a date", what,
		    obj, key);
	return 0;
}

static struct pol *
pol_new(struct model *m, const char *ext_id, const char *name,
    enum pol_type type)
{
	struct pol *p = xcalloc(1, sizeof(*p));

	p->ext_id = xstrdup(ext_id);
	p->name = xstrdup(name);
	p->type = type;
	m->pol = xrealloc(m->pol, (m->npol + 1) * sizeof(*m->pol));
	m->pol[m->npol++] = p;
	return p;
}

static int
pol_set_doc(struct model *m, struct pol *p, const json_t *doc, const char *what,
    struct err *e)
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

/* Policies: the managed policies and their default version. */
static int
read_policies(struct model *m, const json_t *d, struct err *e)
{
	json_t *list = NULL, *vl = NULL;
	const json_t *o, *v;
	const char *arn, *name;
	struct pol *p;
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
		p = pol_new(m, arn, name,
		    is_aws_managed(arn) ? P_AWS : P_CUSTOMER);
		map_put(&m->pol_by_arn, p->ext_id, p);
		p->ce = catalog_match(m->cat, "aws", "policy", arn);
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
			if (get_bool(json_object_get(v, "IsDefaultVersion")) !=
			    1)
				continue;
			if (p->doc != NULL) {
				rc = err_set(e, PARC_EDATA,
				    "%s: policy %s has two default versions",
				    m->what, name);
				break;
			}
			p->version = opt_str(v, "VersionId");
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
read_held(struct model *m, const json_t *o, const char *inline_key,
    const char *holder_kind, const char *holder, struct pol ***out, size_t *n,
    struct err *e)
{
	json_t *list = NULL;
	const json_t *x;
	const char *name, *arn;
	struct sb obj = SB_INIT, id = SB_INIT;
	struct pol *p;
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
		p = pol_new(m, id.buf, id.buf, P_INLINE);
		map_put(&m->pol_by_arn, p->ext_id, p);
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
		if ((p = map_get(&m->pol_by_arn, arn)) == NULL) {
			/* not in Policies (a filtered or partial export) */
			name = opt_str(x, "PolicyName");
			if (name == NULL)
				name = strrchr(arn, '/') ? strrchr(arn, '/') + 1
							 : arn;
			p = pol_new(m, arn, name,
			    is_aws_managed(arn) ? P_AWS : P_CUSTOMER);
			p->ce = catalog_match(m->cat, "aws", "policy", arn);
			map_put(&m->pol_by_arn, p->ext_id, p);
		}
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
read_boundary(struct model *m, const json_t *o, const char *obj,
    struct pol **out, struct err *e)
{
	const json_t *b = json_object_get(o, "PermissionsBoundary");
	const char *arn, *name;
	struct pol *p;
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
	if ((p = map_get(&m->pol_by_arn, arn)) == NULL) {
		name = strrchr(arn, '/') ? strrchr(arn, '/') + 1 : arn;
		p = pol_new(m, arn, name,
		    is_aws_managed(arn) ? P_AWS : P_CUSTOMER);
		p->ce = catalog_match(m->cat, "aws", "policy", arn);
		map_put(&m->pol_by_arn, p->ext_id, p);
	}
	*out = p;
	return 0;
}

/* The account id and partition of an ARN, for the root user. */
static void
note_account(struct model *m, const char *arn)
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
read_groups(struct model *m, const json_t *d, struct err *e)
{
	json_t *list = NULL;
	const json_t *o;
	struct grp *g;
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
		note_account(m, g->arn);
		if ((rc = read_held(m, o, "GroupPolicyList", "group", g->name,
			 &g->pol, &g->npol, e)) != 0)
			break;
	}
	json_decref(list);
	sb_release(&obj);
	return rc;
}

static int
read_accounts(struct model *m, const json_t *d, int role, struct err *e)
{
	json_t *list = NULL, *gl = NULL;
	const json_t *o, *x;
	struct acct *a;
	struct grp *g;
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
		note_account(m, a->arn);
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

/* ---- the credential report ---- */

/* A report date cell: "" for N/A and its kin, else normalised. */
static int
rep_date(const char *v, const char *what, int line, const char *col,
    char out[21], struct err *e)
{
	out[0] = '\0';
	if (*v == '\0' || strcmp(v, "N/A") == 0 ||
	    strcmp(v, "no_information") == 0 || strcmp(v, "not_supported") == 0)
		return 0;
	if (aws_date(v, out) != 0)
		return err_set(e, PARC_EDATA, "%s:%d: %s '%.40s' is not a date",
		    what, line, col, v);
	return 0;
}

static int
rep_bool(const char *v, const char *what, int line, const char *col, int *out,
    struct err *e)
{
	*out = -1;
	if (*v == '\0' || strcmp(v, "N/A") == 0 ||
	    strcmp(v, "not_supported") == 0)
		return 0;
	if (strcasecmp(v, "true") == 0)
		*out = 1;
	else if (strcasecmp(v, "false") == 0)
		*out = 0;
	else
		return err_set(e, PARC_EDATA,
		    "%s:%d: %s '%.40s' is neither true nor false", what, line,
		    col, v);
	return 0;
}

static int
read_row(char **f, const int *col, const char *what, int line,
    struct report_row *r, struct err *e)
{
#define CELL(c) (col[c] >= 0 ? f[col[c]] : "")
	int rc;

	memset(r, 0, sizeof(*r));
	r->present = 1;
	if ((rc = rep_bool(CELL(RC_PASSWORD_ENABLED), what, line,
		 "password_enabled", &r->password, e)) != 0 ||
	    (rc = rep_bool(CELL(RC_MFA_ACTIVE), what, line, "mfa_active",
		 &r->mfa, e)) != 0 ||
	    (rc = rep_bool(CELL(RC_KEY1_ACTIVE), what, line,
		 "access_key_1_active", &r->key1, e)) != 0 ||
	    (rc = rep_bool(CELL(RC_KEY2_ACTIVE), what, line,
		 "access_key_2_active", &r->key2, e)) != 0 ||
	    (rc = rep_date(CELL(RC_PASSWORD_LAST_USED), what, line,
		 "password_last_used", r->pw_used, e)) != 0 ||
	    (rc = rep_date(CELL(RC_PASSWORD_LAST_CHANGED), what, line,
		 "password_last_changed", r->pw_changed, e)) != 0 ||
	    (rc = rep_date(CELL(RC_KEY1_ROTATED), what, line,
		 "access_key_1_last_rotated", r->key1_rot, e)) != 0 ||
	    (rc = rep_date(CELL(RC_KEY1_USED), what, line,
		 "access_key_1_last_used_date", r->key1_used, e)) != 0 ||
	    (rc = rep_date(CELL(RC_KEY2_ROTATED), what, line,
		 "access_key_2_last_rotated", r->key2_rot, e)) != 0 ||
	    (rc = rep_date(CELL(RC_KEY2_USED), what, line,
		 "access_key_2_last_used_date", r->key2_used, e)) != 0)
		return rc;
	return 0;
#undef CELL
}

static int
read_report(struct model *m, const char *report, size_t len, struct err *e)
{
	struct csv *r = NULL;
	struct acct *a;
	FILE *fp;
	char **f;
	size_t nf, nhead = 0, i;
	int col[NREP], line, rc, first = 1;

	if (report == NULL)
		return 0;
	if (len == 0)
		return err_set(e, PARC_EDATA,
		    "%s: the credential report is empty", m->rwhat);
	if ((fp = fmemopen((void *)(uintptr_t)report, len, "r")) == NULL)
		return err_set(e, PARC_EIO, "%s: cannot read the report",
		    m->rwhat);
	r = csv_open(fp, m->rwhat, ',');
	while ((rc = csv_next(r, &f, &nf, &line, e)) == 1) {
		if (first) {
			first = 0;
			nhead = nf;
			for (i = 0; i < NREP; i++) {
				col[i] = csv_column(f, nf, rep_cols[i].name);
				if (col[i] == -2) {
					rc = err_set(e, PARC_EDATA,
					    "%s:%d: the header has column %s "
					    "twice",
					    m->rwhat, line, rep_cols[i].name);
					goto out;
				}
				if (col[i] < 0 && rep_cols[i].required) {
					rc = err_set(e, PARC_EDATA,
					    "%s:%d: the header has no %s "
					    "column "
					    "(not a credential report?)",
					    m->rwhat, line, rep_cols[i].name);
					goto out;
				}
			}
			continue;
		}
		if (nf != nhead) {
			rc = err_set(e, PARC_EDATA,
			    "%s:%d: %zu fields where the header has %zu",
			    m->rwhat, line, nf, nhead);
			goto out;
		}
		if (strcmp(f[col[RC_USER]], "<root_account>") == 0) {
			if ((rc = read_row(f, col, m->rwhat, line, &m->root,
				 e)) != 0)
				goto out;
			if (strlen(f[col[RC_ARN]]) >= sizeof(m->root_arn) ||
			    strncmp(f[col[RC_ARN]], "arn:", 4) != 0) {
				rc = err_set(e, PARC_EDATA,
				    "%s:%d: the root account's arn is not an "
				    "ARN",
				    m->rwhat, line);
				goto out;
			}
			snprintf(m->root_arn, sizeof(m->root_arn), "%s",
			    f[col[RC_ARN]]);
			continue;
		}
		/* a user made or deleted between report and details */
		if ((a = map_get(&m->acct_by_arn, f[col[RC_ARN]])) == NULL ||
		    a->role)
			continue;
		if ((rc = read_row(f, col, m->rwhat, line, &a->rep, e)) != 0)
			goto out;
	}
	if (rc == 0 && first)
		rc = err_set(e, PARC_EDATA,
		    "%s: the credential report is empty", m->rwhat);
out:
	csv_close(r);
	fclose(fp);
	return rc < 0 ? rc : 0;
}

/* ---- emitting ---- */

static const char *
or_null(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

static const char *
latest(const char *a, const char *b)
{
	if (a == NULL || *a == '\0')
		return b;
	if (b == NULL || *b == '\0')
		return a;
	return strcmp(a, b) >= 0 ? a : b;
}

/*
 * Policy p's own tier: what its document earns alone (3 for nothing
 * privileged), or the catalog's for it, whichever is lower; -1 when
 * neither is known.
 */
static int
pol_tier(struct model *m, struct pol *p)
{
	struct aws_held h = { p->name, p->f };
	struct aws_verdict v;

	if (p->tiered)
		return p->tier;
	p->tiered = 1;
	p->tier = -1;
	if (p->f != NULL) {
		aws_verdict_init(&v);
		aws_evaluate(m->rules, &h, 1, &h, 1, NULL, &v);
		p->tier = v.tier >= 0 ? v.tier : 3;
		aws_verdict_release(&v);
	}
	if (p->ce != NULL && (p->tier < 0 || p->ce->tier < p->tier))
		p->tier = p->ce->tier;
	return p->tier;
}

/* Whether a boundary b shows on policy p: when p is privileged. */
static int
shows_boundary(struct model *m, struct pol *p, const void *b)
{
	int t;

	return b != NULL && (t = pol_tier(m, p)) >= 0 && t <= 2;
}

/* The entitlement of policy p itself, once. */
static int
emit_policy(struct model *m, struct pol *p, struct sink *sink, struct err *e)
{
	static const char *const types[] = { "aws-managed", "customer-managed",
		"inline" };
	struct aws_held h = { p->name, p->f };
	struct aws_verdict v;
	struct rec_entitlement r;
	struct sb scope = SB_INIT;
	json_t *attrs;
	char *aj = NULL;
	int rc;

	if (p->emitted)
		return 0;
	p->emitted = 1;
	attrs = json_object();
	aws_verdict_init(&v);
	memset(&r, 0, sizeof(r));
	r.ext_id = p->ext_id;
	r.name = p->name;
	r.kind = "policy";
	sb_addf(&scope, "aws:%s", m->account_id[0] ? m->account_id : "?");
	r.scope = scope.buf;
	r.tier = -1;
	json_object_set_new(attrs, "type", json_string(types[p->type]));
	if (p->type != P_INLINE)
		json_object_set_new(attrs, "arn", json_string(p->ext_id));
	if (p->version != NULL)
		json_object_set_new(attrs, "default_version",
		    json_string(p->version));
	if (p->f != NULL) {
		aws_evaluate(m->rules, &h, 1, &h, 1, NULL, &v);
		r.tier = v.tier >= 0 ? v.tier : 3;
		r.reason = v.tier >= 0 ? v.evidence.buf
				       : "nothing the catalog calls privileged";
		if (v.entry != NULL)
			r.techniques = or_null(v.entry->techniques);
		json_object_set_new(attrs, "evidence",
		    json_string(v.evidence.buf));
	} else {
		json_object_set_new(attrs, "document", json_null());
		r.reason =
		    "the default version's document is not in the export";
	}
	if (p->ce != NULL && (r.tier < 0 || p->ce->tier <= r.tier)) {
		struct sb where = SB_INIT;

		r.tier = p->ce->tier;
		r.reason = p->ce->reason;
		r.techniques = or_null(p->ce->techniques);
		sb_addf(&where, "%s:%d", p->ce->file, p->ce->line);
		json_object_set_new(attrs, "catalog", json_string(where.buf));
		sb_release(&where);
	}
	aj = json_dumps(attrs, JSON_COMPACT);
	r.attrs = aj;
	rc = sink_entitlement(sink, &r, e);
	free(aj);
	json_decref(attrs);
	sb_release(&scope);
	aws_verdict_release(&v);
	return rc;
}

/*
 * Assign policy p to holder (ext_id holder_id, called holder) as verdict v
 * (the policy weighed in the holder's context) says: the policy itself, or
 * its variant when denies or the boundary took something away.
 */
static int
assign_policy(struct model *m, struct pol *p, const char *holder_id,
    const char *holder, const struct aws_verdict *v, const char *boundary,
    const char *origin, struct sink *sink, struct err *e)
{
	struct rec_entitlement r;
	struct rec_assignment as;
	struct sb id = SB_INIT, name = SB_INIT, scope = SB_INIT;
	struct sb reason = SB_INIT;
	json_t *attrs;
	char *aj;
	int rc;

	if ((rc = emit_policy(m, p, sink, e)) != 0)
		return rc;
	memset(&as, 0, sizeof(as));
	as.principal_ext_id = holder_id;
	as.entitlement_ext_id = p->ext_id;
	as.origin = origin;
	if (!v->lost && !shows_boundary(m, p, boundary))
		return sink_assignment(sink, &as, e);
	sb_addf(&id, "%s#%s", p->ext_id, holder_id);
	sb_adds(&name, p->name);
	if (v->denied_by.len > 0)
		sb_addf(&name, ", less the Deny in %s", v->denied_by.buf);
	if (boundary != NULL)
		sb_addf(&name, ", within the boundary %s", boundary);
	sb_addf(&name, " (%s)", holder);
	sb_addf(&scope, "aws:%s", m->account_id[0] ? m->account_id : "?");
	memset(&r, 0, sizeof(r));
	r.ext_id = id.buf;
	r.name = name.buf;
	r.kind = "policy";
	r.scope = scope.buf;
	r.tier = v->tier >= 0 ? v->tier : 3;
	if (!v->lost)
		r.tier = pol_tier(m, p); /* the boundary took nothing */
	if (p->f == NULL && p->ce != NULL) {
		/* the document is not in the export: the catalog says why */
		sb_addf(&reason, "%s; %s", p->ce->reason, v->evidence.buf);
		r.reason = reason.buf;
	} else
		r.reason = v->evidence.buf;
	r.techniques = v->entry != NULL ? or_null(v->entry->techniques)
	    : p->ce != NULL		? or_null(p->ce->techniques)
					: NULL;
	attrs = json_object();
	json_object_set_new(attrs, "policy", json_string(p->ext_id));
	json_object_set_new(attrs, "holder", json_string(holder_id));
	if (v->denied_by.len > 0)
		json_object_set_new(attrs, "denied_by",
		    json_string(v->denied_by.buf));
	if (boundary != NULL)
		json_object_set_new(attrs, "boundary", json_string(boundary));
	json_object_set_new(attrs, "tier_without", json_integer(v->lost_tier));
	aj = json_dumps(attrs, JSON_COMPACT);
	r.attrs = aj;
	if ((rc = sink_entitlement(sink, &r, e)) == 0) {
		as.entitlement_ext_id = id.buf;
		rc = sink_assignment(sink, &as, e);
	}
	free(aj);
	json_decref(attrs);
	sb_release(&id);
	sb_release(&name);
	sb_release(&scope);
	sb_release(&reason);
	return rc;
}

/* Everything account a holds: its own policies, then its groups'. */
static struct aws_held *
held_of(const struct acct *a, size_t *n)
{
	struct aws_held *h;
	size_t i, k, cap = a->npol + 1;

	for (i = 0; i < a->ngrp; i++)
		cap += a->grp[i]->npol;
	h = xcalloc(cap, sizeof(*h));
	*n = 0;
	for (i = 0; i < a->npol; i++) {
		h[*n].name = a->pol[i]->name;
		h[(*n)++].f = a->pol[i]->f;
	}
	for (i = 0; i < a->ngrp; i++)
		for (k = 0; k < a->grp[i]->npol; k++) {
			h[*n].name = a->grp[i]->pol[k]->name;
			h[(*n)++].f = a->grp[i]->pol[k]->f;
		}
	return h;
}

static const char *
user_kind(const struct model *m, const struct acct *a)
{
	static const char *const dflt[] = { "svc-*", "svc_*" };
	const char *const *pat = dflt;
	size_t npat = 2;
	const json_t *tags = json_object_get(a->j, "Tags"), *t;
	const char *k, *v;
	size_t i;

	json_array_foreach(tags, i, t)
	{
		k = opt_str(t, "Key");
		v = opt_str(t, "Value");
		if (k == NULL || v == NULL || strcasecmp(k, "parc:kind") != 0)
			continue;
		if (strcasecmp(v, "service") == 0)
			return "service";
		if (strcasecmp(v, "shared") == 0)
			return "shared";
		if (strcasecmp(v, "break-glass") == 0)
			return "break-glass";
		if (strcasecmp(v, "human") == 0)
			return "human";
	}
	if (m->opt != NULL && m->opt->service_accounts != NULL) {
		pat = m->opt->service_accounts;
		npat = m->opt->nservice_accounts;
	}
	for (i = 0; i < npat; i++)
		if (fnmatch(pat[i], a->name, FNM_CASEFOLD) == 0)
			return "service";
	return "human";
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

/* The principal of a user or role, with its verdict over all it holds. */
static int
emit_account(struct model *m, struct acct *a, const struct aws_verdict *all,
    struct sink *sink, struct err *e)
{
	struct rec_principal r;
	json_t *attrs = json_object(), *groups;
	const struct report_row *rp = &a->rep;
	struct sb obj = SB_INIT;
	char created[21], used[21], *aj;
	const char *v;
	size_t i;
	int rc;

	memset(&r, 0, sizeof(r));
	r.ext_id = a->arn;
	r.name = a->name;
	r.enabled = -1;
	r.mfa = -1;
	sb_addf(&obj, "%s %s", a->role ? "role" : "user", a->name);
	if ((rc = get_date(a->j, "CreateDate", m->what, obj.buf, created, e)) !=
	    0)
		goto out;
	r.created_at = or_null(created);
	json_object_set_new(attrs, "arn", json_string(a->arn));
	if ((v = opt_str(a->j, a->role ? "RoleId" : "UserId")) != NULL)
		json_object_set_new(attrs, a->role ? "role_id" : "user_id",
		    json_string(v));
	if ((v = opt_str(a->j, "Path")) != NULL)
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
		    (rc = get_date(lu, "LastUsedDate", m->what, obj.buf, used,
			 e)) != 0)
			goto out;
		r.last_used_at = json_is_object(lu) ? or_null(used) : NULL;
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
		if ((v = opt_str(a->j, "Path")) != NULL &&
		    strncmp(v, "/aws-service-role/", 18) == 0)
			json_object_set_new(attrs, "service_linked",
			    json_true());
	} else {
		r.kind = user_kind(m, a);
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
			r.password_last_set = or_null(rp->pw_changed);
		}
		r.last_used_at = or_null(
		    latest(latest(rp->pw_used, rp->key1_used), rp->key2_used));
		/* a service account with a console password: interactive */
		if (strcmp(r.kind, "service") == 0 && rp->password == 1)
			json_object_set_new(attrs, "interactive", json_true());
		set_bool(attrs, "password_enabled", rp->password);
		set_bool(attrs, "mfa_active", rp->mfa);
		set_date(attrs, "password_last_used", rp->pw_used);
		set_bool(attrs, "access_key_1_active", rp->key1);
		set_bool(attrs, "access_key_2_active", rp->key2);
		if (rp->key1 == 1)
			set_date(attrs, "access_key_1_last_rotated",
			    rp->key1_rot);
		if (rp->key2 == 1)
			set_date(attrs, "access_key_2_last_rotated",
			    rp->key2_rot);
		set_date(attrs, "access_key_1_last_used_date", rp->key1_used);
		set_date(attrs, "access_key_2_last_used_date", rp->key2_used);
		json_object_set_new(attrs, "usage_source",
		    json_string("credential report"));
	}
	aj = json_dumps(attrs, JSON_COMPACT);
	r.attrs = aj;
	rc = sink_principal(sink, &r, e);
	free(aj);
out:
	json_decref(attrs);
	sb_release(&obj);
	return rc;
}

/* The combinations account a holds only across several policies. */
static int
emit_combos(struct model *m, struct acct *a, const struct aws_held *h,
    size_t nh, const struct aws_held *b, struct sink *sink, struct err *e)
{
	const struct catalog_entry *ce;
	struct rec_entitlement r;
	struct rec_assignment as;
	struct sb id = SB_INIT, names = SB_INIT, scope = SB_INIT;
	size_t k, i;
	int held, single, rc = 0;

	sb_addf(&scope, "aws:%s", m->account_id[0] ? m->account_id : "?");
	for (k = 0; k < aws_rules_ncombos(m->rules) && rc == 0; k++) {
		sb_reset(&names);
		held = aws_combo_held(m->rules, k, h, nh, h, nh, b, &names);
		if (held == 0)
			continue;
		for (single = 0, i = 0; i < nh && !single; i++)
			single = aws_combo_held(m->rules, k, &h[i], 1, h, nh, b,
				     NULL) != 0;
		if (single)
			continue;
		ce = aws_rules_combo(m->rules, k);
		sb_reset(&id);
		sb_addf(&id, "combination:%s#%s", ce->match, a->arn);
		memset(&r, 0, sizeof(r));
		r.ext_id = id.buf;
		r.name = names.buf;
		r.kind = "combination";
		r.scope = scope.buf;
		r.tier = held == 1 ? ce->tier : (ce->tier < 2 ? 2 : ce->tier);
		r.reason = ce->reason;
		r.techniques = or_null(ce->techniques);
		if ((rc = sink_entitlement(sink, &r, e)) != 0)
			break;
		memset(&as, 0, sizeof(as));
		as.principal_ext_id = a->arn;
		as.entitlement_ext_id = id.buf;
		as.origin = "the policies it holds, together";
		rc = sink_assignment(sink, &as, e);
	}
	sb_release(&id);
	sb_release(&names);
	sb_release(&scope);
	return rc;
}

static int
emit_groups(struct model *m, struct sink *sink, struct err *e)
{
	struct rec_principal r;
	struct aws_held *h;
	struct aws_verdict v;
	struct grp *g;
	struct sb origin = SB_INIT;
	json_t *attrs;
	char created[21], *aj;
	size_t i, k;
	int rc = 0;

	aws_verdict_init(&v);
	for (i = 0; i < m->ngrp && rc == 0; i++) {
		g = &m->grp[i];
		memset(&r, 0, sizeof(r));
		r.ext_id = g->arn;
		r.name = g->name;
		r.kind = "group";
		r.enabled = -1;
		r.mfa = -1;
		sb_reset(&origin);
		sb_addf(&origin, "group %s", g->name);
		if ((rc = get_date(g->j, "CreateDate", m->what, origin.buf,
			 created, e)) != 0)
			break;
		r.created_at = or_null(created);
		attrs = json_object();
		json_object_set_new(attrs, "arn", json_string(g->arn));
		if (opt_str(g->j, "Path") != NULL)
			json_object_set_new(attrs, "path",
			    json_string(opt_str(g->j, "Path")));
		aj = json_dumps(attrs, JSON_COMPACT);
		r.attrs = aj;
		rc = sink_principal(sink, &r, e);
		free(aj);
		json_decref(attrs);
		if (rc != 0)
			break;
		/* the group's own policies weighed among themselves */
		h = xcalloc(g->npol + 1, sizeof(*h));
		for (k = 0; k < g->npol; k++) {
			h[k].name = g->pol[k]->name;
			h[k].f = g->pol[k]->f;
		}
		sb_reset(&origin);
		sb_addf(&origin, "attached to group %s", g->name);
		for (k = 0; k < g->npol && rc == 0; k++) {
			aws_evaluate(m->rules, &h[k], 1, h, g->npol, NULL, &v);
			rc = assign_policy(m, g->pol[k], g->arn, g->name, &v,
			    NULL, origin.buf, sink, e);
		}
		free(h);
	}
	aws_verdict_release(&v);
	sb_release(&origin);
	return rc;
}

/*
 * Mark the groups whose policies an account's own denies or boundary cut
 * differently from the group's own: the account sees the group as its
 * own view of it.
 */
static void
find_cuts(struct model *m)
{
	struct aws_held *h, bh, *b;
	struct aws_verdict v;
	struct acct *a;
	struct grp *g;
	size_t i, j, k, nh;

	aws_verdict_init(&v);
	for (i = 0; i < m->nacct; i++) {
		a = &m->acct[i];
		h = held_of(a, &nh);
		b = NULL;
		if (a->boundary != NULL) {
			bh.name = a->boundary->name;
			bh.f = a->boundary->f;
			b = &bh;
		}
		a->cut = xcalloc(a->ngrp + 1, sizeof(*a->cut));
		for (j = 0; j < a->ngrp; j++) {
			g = a->grp[j];
			for (k = 0; k < g->npol && !a->cut[j]; k++) {
				aws_evaluate(m->rules,
				    &(struct aws_held){ g->pol[k]->name,
					g->pol[k]->f },
				    1, h, nh, b, &v);
				if (shows_boundary(m, g->pol[k], b))
					a->cut[j] = 1;
				else if (v.lost) {
					/* compare with the group's own cut */
					struct aws_held *gh =
					    xcalloc(g->npol + 1, sizeof(*gh));
					struct aws_verdict gv;
					size_t q;

					for (q = 0; q < g->npol; q++) {
						gh[q].name = g->pol[q]->name;
						gh[q].f = g->pol[q]->f;
					}
					aws_verdict_init(&gv);
					aws_evaluate(m->rules, &gh[k], 1, gh,
					    g->npol, NULL, &gv);
					if (!gv.lost || gv.tier != v.tier ||
					    strcmp(gv.denied_by.buf,
						v.denied_by.buf) != 0)
						a->cut[j] = 1;
					aws_verdict_release(&gv);
					free(gh);
				}
			}
		}
		free(h);
	}
	aws_verdict_release(&v);
}

/*
 * Group g as account a sees it, when a's own denies or boundary cut its
 * policies: a group principal of the same name (ext_id GROUP-ARN#ACCOUNT-
 * ARN) whose only member is a, holding g's policies as weighed in a's
 * context. The grant path stays account -> group -> policy, and the
 * group's other members keep the real group and its uncut tiers.
 */
static int
emit_group_view(struct model *m, const struct acct *a, const struct grp *g,
    const struct aws_held *h, size_t nh, const struct aws_held *b,
    struct sink *sink, struct err *e)
{
	struct rec_principal r;
	struct aws_verdict v;
	struct sb id = SB_INIT, origin = SB_INIT, disp = SB_INIT;
	json_t *attrs = json_object();
	char *aj;
	size_t k;
	int rc;

	sb_addf(&id, "%s#%s", g->arn, a->arn);
	sb_addf(&disp,
	    "%s as %s holds it (its own Deny or boundary cuts "
	    "the group's policies)",
	    g->name, a->name);
	memset(&r, 0, sizeof(r));
	r.ext_id = id.buf;
	r.name = g->name;
	r.display_name = disp.buf;
	r.kind = "group";
	r.enabled = -1;
	r.mfa = -1;
	json_object_set_new(attrs, "arn", json_string(g->arn));
	json_object_set_new(attrs, "view_of", json_string(a->arn));
	aj = json_dumps(attrs, JSON_COMPACT);
	r.attrs = aj;
	rc = sink_principal(sink, &r, e);
	free(aj);
	json_decref(attrs);
	if (rc == 0)
		rc = sink_membership(sink, a->arn, id.buf, e);
	sb_addf(&origin, "attached to group %s", g->name);
	aws_verdict_init(&v);
	for (k = 0; k < g->npol && rc == 0; k++) {
		aws_evaluate(m->rules,
		    &(struct aws_held){ g->pol[k]->name, g->pol[k]->f }, 1, h,
		    nh, b, &v);
		rc = assign_policy(m, g->pol[k], id.buf, a->name, &v,
		    b != NULL ? b->name : NULL, origin.buf, sink, e);
	}
	aws_verdict_release(&v);
	sb_release(&id);
	sb_release(&origin);
	sb_release(&disp);
	return rc;
}

/* Users and roles, their memberships and what they hold. */
static int
emit_accounts(struct model *m, struct sink *sink, struct err *e)
{
	struct aws_held *h, bh, *b;
	struct aws_verdict v, all;
	struct acct *a;
	size_t i, j, k, nh;
	int rc = 0;

	aws_verdict_init(&v);
	aws_verdict_init(&all);
	for (i = 0; i < m->nacct && rc == 0; i++) {
		a = &m->acct[i];
		h = held_of(a, &nh);
		b = NULL;
		if (a->boundary != NULL) {
			bh.name = a->boundary->name;
			bh.f = a->boundary->f;
			b = &bh;
		}
		aws_evaluate(m->rules, h, nh, h, nh, b, &all);
		if ((rc = emit_account(m, a, &all, sink, e)) != 0) {
			free(h);
			break;
		}
		for (j = 0; j < a->ngrp && rc == 0; j++)
			if (!a->cut[j])
				rc = sink_membership(sink, a->arn,
				    a->grp[j]->arn, e);
		for (k = 0; k < a->npol && rc == 0; k++) {
			aws_evaluate(m->rules, &h[k], 1, h, nh, b, &v);
			rc = assign_policy(m, a->pol[k], a->arn, a->name, &v,
			    b != NULL ? b->name : NULL,
			    a->role ? "attached to the role"
				    : "attached to the user",
			    sink, e);
		}
		for (j = 0; j < a->ngrp && rc == 0; j++)
			if (a->cut[j])
				rc = emit_group_view(m, a, a->grp[j], h, nh, b,
				    sink, e);
		if (rc == 0)
			rc = emit_combos(m, a, h, nh, b, sink, e);
		free(h);
	}
	aws_verdict_release(&v);
	aws_verdict_release(&all);
	return rc;
}

/* The root user, from the credential report. */
static int
emit_root(struct model *m, struct sink *sink, struct err *e)
{
	const struct report_row *rp = &m->root;
	struct rec_principal r;
	struct rec_entitlement n;
	struct rec_assignment as;
	struct sb disp = SB_INIT, id = SB_INIT, name = SB_INIT;
	json_t *attrs;
	char *aj;
	int rc;

	if (!rp->present)
		return 0;
	note_account(m, m->root_arn);
	memset(&r, 0, sizeof(r));
	r.ext_id = m->root_arn;
	r.name = "root";
	sb_addf(&disp, "root user of AWS account %s", m->account_id);
	r.display_name = disp.buf;
	r.kind = "break-glass";
	r.enabled = 1;
	r.mfa = rp->mfa;
	r.last_used_at =
	    or_null(latest(latest(rp->pw_used, rp->key1_used), rp->key2_used));
	r.password_last_set = or_null(rp->pw_changed);
	attrs = json_object();
	json_object_set_new(attrs, "aws_root", json_true());
	json_object_set_new(attrs, "account_id", json_string(m->account_id));
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
	aj = json_dumps(attrs, JSON_COMPACT);
	r.attrs = aj;
	rc = sink_principal(sink, &r, e);
	free(aj);
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

static void
model_release(struct model *m)
{
	size_t i;

	for (i = 0; i < m->npol; i++) {
		free(m->pol[i]->ext_id);
		free(m->pol[i]->name);
		aws_doc_free(m->pol[i]->doc);
		aws_facts_free(m->pol[i]->f);
		free(m->pol[i]);
	}
	free(m->pol);
	for (i = 0; i < m->ngrp; i++) {
		free(m->grp[i].pol);
	}
	free(m->grp);
	for (i = 0; i < m->nacct; i++) {
		free(m->acct[i].pol);
		free(m->acct[i].grp);
		free(m->acct[i].cut);
	}
	free(m->acct);
	map_release(&m->pol_by_arn);
	map_release(&m->grp_by_name);
	map_release(&m->acct_by_arn);
	aws_rules_free(m->rules);
}

int
aws_emit(struct sink *sink, const struct catalog *cat, const json_t *details,
    const char *details_what, const char *report, size_t report_len,
    const char *report_what, struct err *e)
{
	return aws_emit_with(sink, cat, details, details_what, report,
	    report_len, report_what, NULL, e);
}

int
aws_emit_with(struct sink *sink, const struct catalog *cat,
    const json_t *details, const char *details_what, const char *report,
    size_t report_len, const char *report_what, const struct aws_options *o,
    struct err *e)
{
	struct model m;
	int rc;

	memset(&m, 0, sizeof(m));
	m.cat = cat;
	m.opt = o;
	m.what = details_what != NULL ? details_what : "authorization details";
	m.rwhat = report_what != NULL ? report_what : "credential report";
	if (!json_is_object(details))
		return err_set(e, PARC_EDATA,
		    "%s: the authorization details are not a JSON object",
		    m.what);
	m.rules = aws_rules_new(cat);
	m.acap = list_size(details, "UserDetailList") +
	    list_size(details, "RoleDetailList");
	if ((rc = read_policies(&m, details, e)) != 0 ||
	    (rc = read_groups(&m, details, e)) != 0 ||
	    (rc = read_accounts(&m, details, 0, e)) != 0 ||
	    (rc = read_accounts(&m, details, 1, e)) != 0 ||
	    (rc = read_report(&m, report, report_len, e)) != 0)
		goto out;
	find_cuts(&m);
	if ((rc = emit_groups(&m, sink, e)) != 0 ||
	    (rc = emit_accounts(&m, sink, e)) != 0 ||
	    (rc = emit_root(&m, sink, e)) != 0)
		goto out;
out:
	model_release(&m);
	return rc;
}
