/* demo_aws.c - the demo's AWS account; see demo_aws.h. */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/sb.h"
#include "tui/demo/demo_aws.h"

#define ACCT DEMO_AWS_ACCOUNT
#define MGMT_ACCT "604187392530" /* the organisation's management account */
#define ARN_IAM "arn:aws:iam::" ACCT ":"
#define DIR "aws-prod"
#define MAXGROUPS 2
#define IAM_USERS_MAX 5000 /* IAM's quota of users in an account */

/* ---- the policies ---- */

enum pol_id {
	P_ADMIN,
	P_POWER,
	P_CHPW,
	P_DEPLOY,
	P_POLMAINT,
	P_DEV,
	NPOL
};

struct version {
	const char *id, *created, *doc; /* doc: JSON text; ACCT expanded */
};

/*
 * The managed policies the account uses, in the order the export lists
 * them; AWS's with their ids, dates and documents as AWS publishes them.
 */
static const struct {
	const char *name, *arn, *id, *desc, *created, *updated;
	struct version v[2]; /* the first is the default */
} pols[NPOL] = {
	[P_ADMIN] = { "AdministratorAccess",
	    "arn:aws:iam::aws:policy/AdministratorAccess",
	    "ANPAIWMBCKSKIEE64ZLYK",
	    "Provides full access to AWS services and resources.",
	    "2015-02-06T18:39:46+00:00", "2015-02-06T18:39:46+00:00",
	    { { "v1", "2015-02-06T18:39:46+00:00",
		"{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": "
		"\"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}" } } },
	[P_POWER] = { "PowerUserAccess",
	    "arn:aws:iam::aws:policy/PowerUserAccess", "ANPAJYRXTHIB4FOVS3ZXS",
	    "Provides full access to AWS services and resources, but does not "
	    "allow management of Users and groups.",
	    "2015-02-06T18:39:47+00:00", "2023-07-06T22:04:00+00:00",
	    { { "v5", "2023-07-06T22:04:00+00:00",
		"{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": "
		"\"Allow\", \"NotAction\": [\"iam:*\", \"organizations:*\", "
		"\"account:*\"], \"Resource\": \"*\"}, {\"Effect\": \"Allow\", "
		"\"Action\": [\"account:GetAccountInformation\", "
		"\"account:GetPrimaryEmail\", \"account:ListRegions\", "
		"\"iam:CreateServiceLinkedRole\", "
		"\"iam:DeleteServiceLinkedRole\", \"iam:ListRoles\", "
		"\"organizations:DescribeOrganization\"], \"Resource\": "
		"\"*\"}]}" } } },
	[P_CHPW] = { "IAMUserChangePassword",
	    "arn:aws:iam::aws:policy/IAMUserChangePassword",
	    "ANPAJ4L4MM2A7QIEB56MS",
	    "Provides the ability for an IAM user to change their own "
	    "password.",
	    "2016-11-15T00:25:16+00:00", "2016-11-15T23:18:55+00:00",
	    { { "v2", "2016-11-15T23:18:55+00:00",
		"{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": "
		"\"Allow\", \"Action\": [\"iam:ChangePassword\"], "
		"\"Resource\": [\"arn:aws:iam::*:user/${aws:username}\"]}, "
		"{\"Effect\": \"Allow\", \"Action\": "
		"[\"iam:GetAccountPasswordPolicy\"], \"Resource\": "
		"\"*\"}]}" } } },
	[P_DEPLOY] = { "DeployFromCI", ARN_IAM "policy/DeployFromCI",
	    "ANPAUS7DKQ2RFYWXE4TMB",
	    "Deploys the app servers; PassRole widened to * for the 2025 "
	    "migration",
	    "2023-04-17T10:02:11+00:00", "2025-06-02T15:40:09+00:00",
	    { { "v2", "2025-06-02T15:40:09+00:00",
		  "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": "
		  "\"LaunchAppServers\", \"Effect\": \"Allow\", \"Action\": "
		  "[\"ec2:RunInstances\", \"ec2:CreateTags\", "
		  "\"ec2:Describe*\"], \"Resource\": \"*\"}, {\"Sid\": "
		  "\"PassTheirRole\", \"Effect\": \"Allow\", \"Action\": "
		  "\"iam:PassRole\", \"Resource\": \"*\"}]}" },
		{ "v1", "2023-04-17T10:02:11+00:00",
		    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": "
		    "\"LaunchAppServers\", \"Effect\": \"Allow\", \"Action\": "
		    "[\"ec2:RunInstances\", \"ec2:CreateTags\", "
		    "\"ec2:Describe*\"], \"Resource\": \"*\"}, {\"Sid\": "
		    "\"PassTheirRole\", \"Effect\": \"Allow\", \"Action\": "
		    "\"iam:PassRole\", \"Resource\": \"" ARN_IAM
		    "role/app-server\"}]}" } } },
	[P_POLMAINT] = { "PolicyMaintenance",
	    ARN_IAM "policy/PolicyMaintenance", "ANPAUS7DKQ2RHM3VQ6ZNC",
	    "Security engineering keeps the managed policies up to date",
	    "2024-01-22T08:45:37+00:00", "2024-01-22T08:45:37+00:00",
	    { { "v1", "2024-01-22T08:45:37+00:00",
		"{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": "
		"\"Allow\", \"Action\": [\"iam:GetPolicy\", "
		"\"iam:GetPolicyVersion\", \"iam:ListPolicyVersions\", "
		"\"iam:CreatePolicyVersion\", \"iam:DeletePolicyVersion\", "
		"\"iam:SetDefaultPolicyVersion\"], \"Resource\": \"" ARN_IAM
		"policy/*\"}]}" } } },
	[P_DEV] = { "DeveloperAccess", ARN_IAM "policy/DeveloperAccess",
	    "ANPAUS7DKQ2RD5LJ2PXAO",
	    "Developers: their buckets, logs and metrics",
	    "2022-09-05T13:20:48+00:00", "2022-09-05T13:20:48+00:00",
	    { { "v1", "2022-09-05T13:20:48+00:00",
		"{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": "
		"\"Allow\", \"Action\": [\"s3:GetObject\", \"s3:PutObject\", "
		"\"s3:ListBucket\"], \"Resource\": "
		"[\"arn:aws:s3:::corp-dev-*\", "
		"\"arn:aws:s3:::corp-dev-*/*\"]}, {\"Effect\": \"Allow\", "
		"\"Action\": [\"logs:GetLogEvents\", \"logs:FilterLogEvents\", "
		"\"cloudwatch:GetMetricData\"], \"Resource\": \"*\"}]}" } } },
};

static const char no_passrole[] =
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Deny\", "
    "\"Action\": \"iam:PassRole\", \"Resource\": \"*\"}]}";

/* ---- the groups ---- */

enum grp_id {
	G_ADMINS,
	G_DEPLOYERS,
	G_DEVELOPERS,
	NGRP
};

static const struct {
	const char *name, *id, *created;
	enum pol_id pol[2];
	size_t npol;
} grps[NGRP] = {
	[G_ADMINS] = { "Admins", "AGPAUS7DKQ2RMBD4W7F3A",
	    "2019-05-13T09:30:02+00:00", { P_ADMIN }, 1 },
	[G_DEPLOYERS] = { "Deployers", "AGPAUS7DKQ2RKXN5C2H6E",
	    "2023-04-17T10:05:40+00:00", { P_DEPLOY }, 1 },
	[G_DEVELOPERS] = { "Developers", "AGPAUS7DKQ2RQ3TJ8VY4S",
	    "2019-05-13T09:31:27+00:00", { P_DEV, P_CHPW }, 2 },
};

/* ---- the users ---- */

struct user {
	char name[64];
	const char *path, *kind_tag;
	char id[32], created[32];
	int grp[MAXGROUPS], ngrp;
	int pol; /* attached managed policy, or -1 */
	int deny_passrole;
	/* the credential report */
	int password, mfa;
	char pw_used[32], pw_changed[32];
	int key;
	char key_rot[32], key_used[32];
	const char *key_region, *key_service;
};

struct w {
	struct demo *d; /* for demo_date() */
	struct demo_rng rng;
	struct user *u;
	size_t nu, cap;
	const struct demo_person **used;
	size_t nused;
	int attach[NPOL]; /* attachment counts */
};

static const char idchars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* An IAM unique id: prefix and 17 characters, 21 in all, as AWS's. */
static void
unique_id(struct w *w, char *out, size_t size, const char *prefix)
{
	size_t n = strlen(prefix), i;

	snprintf(out, size, "%s", prefix);
	for (i = 0; i < 17 && n + i + 1 < size; i++)
		out[n + i] = idchars[demo_rng_range(&w->rng, 0, 31)];
	out[n + i] = '\0';
}

/*
 * A date-time as the CLI prints AWS's: +00:00, whole seconds; the day
 * moved to the as-of day (demo_shift()).
 */
static void
stamp(const struct w *w, char *out, size_t size, int y, int mo, int d, int h,
    int mi, int s)
{
	char t[32];

	snprintf(t, sizeof(t), "%04d-%02d-%02dT%02d:%02d:%02d+00:00", y, mo, d,
	    h, mi, s);
	if (demo_date_shift(t, demo_shift(w->d), out, size) != 0)
		snprintf(out, size, "%s", t);
}

/* A random time on a random day of months mo_lo..mo_hi of year y. */
static void
rstamp(struct w *w, char *out, size_t size, int y, int mo_lo, int mo_hi)
{
	int mo, d, h, mi, s;

	/* separate statements: argument evaluation order is unspecified */
	mo = (int)demo_rng_range(&w->rng, mo_lo, mo_hi);
	d = (int)demo_rng_range(&w->rng, 1, 28);
	h = (int)demo_rng_range(&w->rng, 7, 19);
	mi = (int)demo_rng_range(&w->rng, 0, 59);
	s = (int)demo_rng_range(&w->rng, 0, 59);
	stamp(w, out, size, y, mo, d, h, mi, s);
}

static int
is_used(const struct w *w, const struct demo_person *p)
{
	size_t i;

	for (i = 0; i < w->nused; i++)
		if (w->used[i] == p)
			return 1;
	return 0;
}

/*
 * The first active person of dept (a contractor, with an end date ahead,
 * when contractor is set and there is one) not cast yet; else anyone
 * active not cast yet. Never a head or the CEO. NULL in an organisation
 * too small.
 */
static const struct demo_person *
take(struct w *w, const struct demo *d, const char *dept, int contractor)
{
	const struct demo_person *p;
	size_t n, i, pass;

	p = demo_people(d, &n);
	for (pass = contractor ? 0 : 1; pass < 3; pass++)
		for (i = 1; i < n; i++) {
			if ((p[i].flags & (DEMO_TERMINATED | DEMO_HEAD)) ||
			    is_used(w, &p[i]))
				continue;
			if (pass < 2 && strcmp(p[i].department, dept) != 0)
				continue;
			if (pass == 0 && p[i].end_date == NULL)
				continue;
			w->used[w->nused++] = &p[i];
			return &p[i];
		}
	return NULL;
}

/* A new user named name (nothing else set but its id and creation). */
static struct user *
add_user(struct w *w, const char *name, const char *path)
{
	struct user *u;

	if (w->nu == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->u = xrealloc(w->u, w->cap * sizeof(*w->u));
	}
	u = &w->u[w->nu++];
	memset(u, 0, sizeof(*u));
	snprintf(u->name, sizeof(u->name), "%s", name);
	u->path = path;
	u->pol = -1;
	unique_id(w, u->id, sizeof(u->id), "AIDA");
	rstamp(w, u->created, sizeof(u->created),
	    (int)demo_rng_range(&w->rng, 2019, 2024), 1, 12);
	return u;
}

static void
join(struct user *u, int g)
{
	u->grp[u->ngrp++] = g;
}

/* A console password, used last at used (or never: NULL), MFA or not. */
static void
console(struct w *w, struct user *u, const char *used, int mfa)
{
	u->password = 1;
	u->mfa = mfa;
	snprintf(u->pw_used, sizeof(u->pw_used), "%s",
	    used ? used : "no_information");
	/* changed this year, before its last use */
	if (used != NULL && strcmp(used, demo_date(w->d, "2026-10-01")) < 0)
		rstamp(w, u->pw_changed, sizeof(u->pw_changed), 2026, 1, 3);
	else
		rstamp(w, u->pw_changed, sizeof(u->pw_changed), 2026, 6, 9);
	if (strcmp(u->pw_changed, u->created) < 0)
		snprintf(u->pw_changed, sizeof(u->pw_changed), "%s",
		    u->created);
}

/* An active access key, rotated at rot, used at used from service. */
static void
key(struct user *u, const char *rot, const char *used, const char *service)
{
	u->key = 1;
	snprintf(u->key_rot, sizeof(u->key_rot), "%s", rot);
	snprintf(u->key_used, sizeof(u->key_used), "%s", used);
	u->key_region = "eu-west-1";
	u->key_service = service;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct user *)a)->name,
	    ((const struct user *)b)->name);
}

/*
 * The account's users: the story's cast, then a Developers user for
 * every other active engineer, sorted by name as IAM lists them.
 */
/* A date of the story, moved to the as-of day. */
#define D(lit) demo_date(w->d, (lit))

static void
cast(struct w *w, const struct demo *d)
{
	const struct demo_person *people, *ops, *stale, *p;
	struct user *u;
	char t[32];
	size_t n, i;

	people = demo_people(d, &n);
	w->used = xcalloc(n + 1, sizeof(*w->used));
	ops = demo_find(d, DEMO_HEAD, "IT Operations");
	stale = demo_find(d, DEMO_STALE_ADMIN, NULL);

	/* Admins: the head of IT Operations, in daily use, with MFA */
	u = add_user(w, ops->login, "/");
	w->used[w->nused++] = ops;
	join(u, G_ADMINS);
	stamp(w, t, sizeof(t), 2026, 12, 1, 8, 14, 52);
	console(w, u, t, 1);
	/* a dormant admin */
	if ((p = take(w, d, "IT Operations", 0)) != NULL) {
		u = add_user(w, p->login, "/");
		join(u, G_ADMINS);
		stamp(w, t, sizeof(t), 2026, 5, 11, 16, 3, 27);
		console(w, u, t, 1);
	}
	/* an admin with a console password and no MFA */
	if ((p = take(w, d, "IT Operations", 0)) != NULL) {
		u = add_user(w, p->login, "/");
		join(u, G_ADMINS);
		stamp(w, t, sizeof(t), 2026, 11, 28, 21, 47, 5);
		console(w, u, t, 0);
	}
	/* the terminated administrator, still in Admins, an old key too */
	if (stale != NULL) {
		u = add_user(w, stale->login, "/");
		snprintf(u->created, sizeof(u->created), "%s",
		    D("2021-08-16T09:30:12+00:00"));
		w->used[w->nused++] = stale;
		join(u, G_ADMINS);
		stamp(w, t, sizeof(t), 2025, 3, 10, 17, 22, 40);
		console(w, u, t, 1);
		snprintf(u->pw_changed, sizeof(u->pw_changed), "%s",
		    D("2024-11-04T09:15:33+00:00"));
		key(u, D("2023-06-01T12:00:00+00:00"),
		    D("2025-03-12T06:30:00+00:00"), "s3");
	}
	/* PowerUserAccess by an access key not rotated since 2024 */
	if ((p = take(w, d, "Engineering", 0)) != NULL) {
		u = add_user(w, p->login, "/");
		snprintf(u->created, sizeof(u->created), "%s",
		    D("2021-11-08T13:02:45+00:00"));
		u->pol = P_POWER;
		key(u, D("2024-02-20T10:41:09+00:00"),
		    D("2026-12-03T22:05:31+00:00"), "ec2");
	}
	/* Deployers: tier 0 through DeployFromCI */
	for (i = 0; i < 2; i++)
		if ((p = take(w, d, "Engineering", 0)) != NULL) {
			u = add_user(w, p->login, "/");
			join(u, G_DEVELOPERS);
			join(u, G_DEPLOYERS);
			rstamp(w, t, sizeof(t), 2026, 11, 11);
			if (i == 0)
				console(w, u, t, 1);
			else
				key(u, D("2026-10-06T11:12:13+00:00"), t,
				    "ec2");
		}
	/* a contractor in Deployers whose own Deny takes PassRole away */
	if ((p = take(w, d, "Engineering", 1)) != NULL) {
		u = add_user(w, p->login, "/");
		join(u, G_DEVELOPERS);
		join(u, G_DEPLOYERS);
		u->deny_passrole = 1;
		rstamp(w, t, sizeof(t), 2026, 11, 11);
		console(w, u, t, 1);
	}
	/* a security engineer who may rewrite any customer managed policy */
	if ((p = take(w, d, "Security", 0)) != NULL) {
		u = add_user(w, p->login, "/");
		u->pol = P_POLMAINT;
		rstamp(w, t, sizeof(t), 2026, 11, 11);
		console(w, u, t, 1);
	}
	/* break-glass, its credentials with the CISO (overrides.csv) */
	u = add_user(w, "breakglass", "/");
	u->kind_tag = "break-glass";
	u->pol = P_ADMIN;
	snprintf(u->created, sizeof(u->created), "%s",
	    D("2019-05-13T09:12:44+00:00"));
	console(w, u, D("2026-09-14T03:12:09+00:00"), 1);
	/* Terraform's user: administrator by access key */
	u = add_user(w, "svc-terraform", "/service/");
	join(u, G_ADMINS);
	key(u, D("2026-09-30T07:00:00+00:00"), D("2026-12-05T02:10:44+00:00"),
	    "iam");

	/* every other active engineer: Developers, as far as IAM's quota */
	for (i = 0; i < n && w->nu < IAM_USERS_MAX; i++) {
		p = &people[i];
		if ((p->flags & DEMO_TERMINATED) || is_used(w, p) ||
		    strcmp(p->department, "Engineering") != 0)
			continue;
		u = add_user(w, p->login, "/");
		join(u, G_DEVELOPERS);
		rstamp(w, t, sizeof(t), 2026, 10, 11);
		if (demo_rng_chance(&w->rng, 150)) /* keys only */
			key(u, u->created, t, "s3");
		else
			console(w, u, demo_rng_chance(&w->rng, 50) ? NULL : t,
			    1);
	}
	qsort(w->u, w->nu, sizeof(*w->u), by_name);
	for (i = 0; i < w->nu; i++)
		if (w->u[i].pol >= 0)
			w->attach[w->u[i].pol]++;
}

/* ---- authorization-details.json ---- */

static json_t *
doc(const char *text)
{
	json_t *j = json_loads(text, 0, NULL);

	if (j == NULL)
		abort(); /* the texts above are fixed */
	return j;
}

static json_t *
attached(const enum pol_id *p, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a,
		    json_pack("{s:s, s:s}", "PolicyName", pols[p[i]].name,
			"PolicyArn", pols[p[i]].arn));
	return a;
}

static json_t *
user_json(const struct user *u)
{
	struct sb arn = SB_INIT;
	json_t *o = json_object(), *a;
	enum pol_id p;
	int i;

	sb_addf(&arn, ARN_IAM "user%s%s", u->path, u->name);
	json_object_set_new(o, "Path", json_string(u->path));
	json_object_set_new(o, "UserName", json_string(u->name));
	json_object_set_new(o, "UserId", json_string(u->id));
	json_object_set_new(o, "Arn", json_string(arn.buf));
	json_object_set_new(o, "CreateDate", json_string(u->created));
	if (u->deny_passrole)
		json_object_set_new(o, "UserPolicyList",
		    json_pack("[{s:s, s:o}]", "PolicyName", "no-passrole",
			"PolicyDocument", doc(no_passrole)));
	a = json_array();
	for (i = 0; i < u->ngrp; i++)
		json_array_append_new(a, json_string(grps[u->grp[i]].name));
	json_object_set_new(o, "GroupList", a);
	p = (enum pol_id)u->pol;
	json_object_set_new(o, "AttachedManagedPolicies",
	    attached(&p, u->pol >= 0));
	a = json_array();
	if (u->kind_tag != NULL)
		json_array_append_new(a,
		    json_pack("{s:s, s:s}", "Key", "parc:kind", "Value",
			u->kind_tag));
	json_object_set_new(o, "Tags", a);
	sb_release(&arn);
	return o;
}

static json_t *
role_json(struct w *w, const char *name, const char *created, const char *trust,
    enum pol_id pol, const char *last_used, const char *region)
{
	json_t *o = json_object(), *lu = json_object();
	char id[32];

	unique_id(w, id, sizeof(id), "AROA");
	json_object_set_new(o, "Path", json_string("/"));
	json_object_set_new(o, "RoleName", json_string(name));
	json_object_set_new(o, "RoleId", json_string(id));
	json_object_set_new(o, "Arn", json_pack("s++", ARN_IAM, "role/", name));
	json_object_set_new(o, "CreateDate", json_string(created));
	json_object_set_new(o, "AssumeRolePolicyDocument", doc(trust));
	json_object_set_new(o, "InstanceProfileList", json_array());
	json_object_set_new(o, "RolePolicyList", json_array());
	json_object_set_new(o, "AttachedManagedPolicies", attached(&pol, 1));
	json_object_set_new(o, "Tags", json_array());
	if (last_used != NULL) {
		json_object_set_new(lu, "LastUsedDate", json_string(last_used));
		json_object_set_new(lu, "Region", json_string(region));
	}
	json_object_set_new(o, "RoleLastUsed", lu);
	w->attach[pol]++;
	return o;
}

/*
 * A date of policy i: AWS's own policies keep the dates AWS gave them,
 * the account's move to the as-of day.
 */
static const char *
pol_date(const struct w *w, enum pol_id i, const char *s)
{
	if (strncmp(pols[i].arn, "arn:aws:iam::aws:", 17) == 0)
		return s;
	return demo_date(w->d, s);
}

static json_t *
policy_json(const struct w *w, enum pol_id i)
{
	json_t *o = json_object(), *vl = json_array();
	size_t k;

	json_object_set_new(o, "PolicyName", json_string(pols[i].name));
	json_object_set_new(o, "PolicyId", json_string(pols[i].id));
	json_object_set_new(o, "Arn", json_string(pols[i].arn));
	json_object_set_new(o, "Path", json_string("/"));
	json_object_set_new(o, "DefaultVersionId",
	    json_string(pols[i].v[0].id));
	json_object_set_new(o, "AttachmentCount", json_integer(w->attach[i]));
	json_object_set_new(o, "PermissionsBoundaryUsageCount",
	    json_integer(0));
	json_object_set_new(o, "IsAttachable", json_true());
	json_object_set_new(o, "Description", json_string(pols[i].desc));
	json_object_set_new(o, "CreateDate",
	    json_string(pol_date(w, i, pols[i].created)));
	json_object_set_new(o, "UpdateDate",
	    json_string(pol_date(w, i, pols[i].updated)));
	for (k = 0; k < 2 && pols[i].v[k].id != NULL; k++)
		json_array_append_new(vl,
		    json_pack("{s:o, s:s, s:b, s:s}", "Document",
			doc(pols[i].v[k].doc), "VersionId", pols[i].v[k].id,
			"IsDefaultVersion", k == 0, "CreateDate",
			pol_date(w, i, pols[i].v[k].created)));
	json_object_set_new(o, "PolicyVersionList", vl);
	return o;
}

static const char trust_mgmt[] =
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
    "\"Principal\": {\"AWS\": \"arn:aws:iam::" MGMT_ACCT ":root\"}, "
    "\"Action\": \"sts:AssumeRole\"}]}";

static const char trust_github[] =
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
    "\"Principal\": {\"Federated\": \"" ARN_IAM
    "oidc-provider/token.actions.githubusercontent.com\"}, \"Action\": "
    "\"sts:AssumeRoleWithWebIdentity\", \"Condition\": {\"StringEquals\": "
    "{\"token.actions.githubusercontent.com:aud\": \"sts.amazonaws.com\", "
    "\"token.actions.githubusercontent.com:sub\": "
    "\"repo:corp-example/platform:ref:refs/heads/main\"}}}]}";

static int
write_details(struct demo *d, FILE *fp, void *arg, struct err *e)
{
	struct w *w = arg;
	json_t *root = json_object(), *l;
	size_t i, k;
	int rc = 0;

	l = json_array();
	for (i = 0; i < w->nu; i++)
		json_array_append_new(l, user_json(&w->u[i]));
	json_object_set_new(root, "UserDetailList", l);
	l = json_array();
	for (i = 0; i < NGRP; i++) {
		for (k = 0; k < grps[i].npol; k++)
			w->attach[grps[i].pol[k]]++;
		json_array_append_new(l,
		    json_pack("{s:s, s:s, s:s, s:s+, s:s, s:[], s:o}", "Path",
			"/", "GroupName", grps[i].name, "GroupId", grps[i].id,
			"Arn", ARN_IAM "group/", grps[i].name, "CreateDate",
			demo_date(d, grps[i].created), "GroupPolicyList",
			"AttachedManagedPolicies",
			attached(grps[i].pol, grps[i].npol)));
	}
	json_object_set_new(root, "GroupDetailList", l);
	l = json_array();
	json_array_append_new(l,
	    role_json(w, "OrganizationAccountAccessRole",
		demo_date(d, "2019-05-13T09:02:17+00:00"), trust_mgmt, P_ADMIN,
		demo_date(d, "2026-11-20T14:31:00+00:00"), "eu-west-1"));
	json_array_append_new(l,
	    role_json(w, "github-deploy",
		demo_date(d, "2023-04-17T10:11:52+00:00"), trust_github,
		P_DEPLOY, demo_date(d, "2026-12-04T18:02:00+00:00"),
		"eu-west-1"));
	json_object_set_new(root, "RoleDetailList", l);
	l = json_array();
	for (i = 0; i < NPOL; i++)
		json_array_append_new(l, policy_json(w, (enum pol_id)i));
	json_object_set_new(root, "Policies", l);
	/* what the CLI prints: Python's json.dumps(indent=4), a newline */
	if (json_dumpf(root, fp, JSON_INDENT(4)) != 0)
		rc = err_set(e, PARC_EIO, "cannot write %s/%s", DIR,
		    "authorization-details.json");
	fputc('\n', fp);
	json_decref(root);
	return rc;
}

/* ---- credential-report.csv ---- */

static const char report_header[] =
    "user,arn,user_creation_time,password_enabled,password_last_used,"
    "password_last_changed,password_next_rotation,mfa_active,"
    "access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,"
    "access_key_1_last_used_service,access_key_2_active,"
    "access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,"
    "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n";

static int
write_report(struct demo *d, FILE *fp, void *arg, struct err *e)
{
	const struct w *w = arg;
	const struct user *u;
	size_t i;

	(void)e;
	fputs(report_header, fp);
	/* root: no password of its own to report, MFA, an old active key */
	fprintf(fp,
	    "<root_account>," ARN_IAM "root,%s,not_supported,%s,"
	    "not_supported,not_supported,true,true,%s,%s,us-east-1,s3,false,"
	    "N/A,N/A,N/A,N/A,false,N/A,false,N/A\n",
	    demo_date(d, "2019-05-13T08:55:31+00:00"),
	    demo_date(d, "2026-07-02T10:19:47+00:00"),
	    demo_date(d, "2019-05-13T09:01:12+00:00"),
	    demo_date(d, "2026-11-30T04:00:00+00:00"));
	for (i = 0; i < w->nu; i++) {
		u = &w->u[i];
		fprintf(fp, "%s," ARN_IAM "user%s%s,%s,", u->name, u->path,
		    u->name, u->created);
		if (u->password)
			fprintf(fp, "true,%s,%s,N/A,%s,", u->pw_used,
			    u->pw_changed, u->mfa ? "true" : "false");
		else
			fputs("false,N/A,N/A,N/A,false,", fp);
		if (u->key)
			fprintf(fp, "true,%s,%s,%s,%s,", u->key_rot,
			    u->key_used, u->key_region, u->key_service);
		else
			fputs("false,N/A,N/A,N/A,N/A,", fp);
		fputs("false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n", fp);
	}
	return 0;
}

int
demo_aws_account(struct demo *d, const char *dir, struct err *e)
{
	struct w w;
	struct sb path = SB_INIT;
	int rc;

	sb_addf(&path, "%s/" DIR, dir);
	if (mkdir(path.buf, 0700) != 0 && errno != EEXIST) {
		rc = err_set(e, PARC_EIO, "cannot create %s: %s", path.buf,
		    strerror(errno));
		sb_release(&path);
		return rc;
	}
	sb_release(&path);
	memset(&w, 0, sizeof(w));
	w.d = d;
	demo_rng_init(&w.rng, 0x617773ULL); /* "aws" */
	cast(&w, d);
	if ((rc = demo_write(d, DIR "/authorization-details.json",
		 write_details, &w, e)) == 0)
		rc = demo_write(d, DIR "/credential-report.csv", write_report,
		    &w, e);
	free(w.u);
	free(w.used);
	return rc;
}
