/* demo_azure.c - the demo's Entra tenant and subscription; see demo_azure.h. */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/sb.h"
#include "tui/demo/demo_azure.h"

#define TENANT DEMO_AZURE_TENANT
#define SUB DEMO_AZURE_SUBSCRIPTION
#define SUBPATH "/subscriptions/" SUB
#define DIR "azure-corp"
#define GRAPH "https://graph.microsoft.com/v1.0/$metadata#"
#define ONMS "corpexample.onmicrosoft.com"
#define GUEST_UPN "kim.lee_partner-it.example#EXT#@" ONMS

/* The directory roles the tenant uses, as Graph lists them. */
enum drole {
	R_GA,
	R_PRA,
	R_UA,
	NDROLE
};

static const struct {
	const char *id, *name, *desc;
} droles[NDROLE] = {
	[R_GA] = { "62e90394-69f5-4237-9190-012177145e10",
	    "Global Administrator",
	    "Can manage all aspects of Microsoft Entra ID and Microsoft "
	    "services that use Microsoft Entra identities." },
	[R_PRA] = { "e8611ab8-c189-46e8-94e1-60213ab1f814",
	    "Privileged Role Administrator",
	    "Can manage role assignments in Microsoft Entra ID, and all "
	    "aspects "
	    "of Privileged Identity Management." },
	[R_UA] = { "fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator",
	    "Can manage all aspects of users and groups, including resetting "
	    "passwords for limited admins." },
};

/* The Azure roles, as `az role definition list` prints them. */
enum arole {
	A_OWNER,
	A_CONTRIB,
	A_READER,
	NAROLE
};

static const struct {
	const char *id, *name, *desc, *not_actions, *actions;
} aroles[NAROLE] = {
	[A_OWNER] = { "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner",
	    "Grants full access to manage all resources, including the ability "
	    "to assign roles in Azure RBAC.",
	    "[]", "[\"*\"]" },
	[A_CONTRIB] = { "b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor",
	    "Grants full access to manage all resources, but does not allow "
	    "you to assign roles in Azure RBAC.",
	    "[\"Microsoft.Authorization/*/Delete\", "
	    "\"Microsoft.Authorization/*/Write\", "
	    "\"Microsoft.Authorization/elevateAccess/Action\", "
	    "\"Microsoft.Blueprint/blueprintAssignments/write\", "
	    "\"Microsoft.Blueprint/blueprintAssignments/delete\", "
	    "\"Microsoft.Compute/galleries/share/action\", "
	    "\"Microsoft.Purview/consents/write\", "
	    "\"Microsoft.Purview/consents/delete\"]",
	    "[\"*\"]" },
	[A_READER] = { "acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader",
	    "View all resources, but does not allow you to make any changes.",
	    "[]", "[\"*/read\"]" },
};

/* A user of the tenant, a role holder. */
struct user {
	char id[40];
	const char *display, *mail, *upn, *type, *created, *signin;
	int enabled;
};

#define MAXUSERS 16

struct w {
	struct demo_rng rng;
	struct user u[MAXUSERS];
	size_t nu;
	const struct demo_person **used;
	size_t nused;
	json_t *dir_assign, *dir_sched, *dir_elig, *arm;
	char sp_id[40], sp_app[40];
};

/* An object id: a version 4 GUID from the generator. */
static void
guid(struct w *w, char *out, size_t size)
{
	uint64_t a = demo_rng_next(&w->rng), b = demo_rng_next(&w->rng);

	snprintf(out, size, "%08x-%04x-4%03x-%x%03x-%012llx",
	    (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffff,
	    (unsigned)a & 0xfff, 8 + (unsigned)(b >> 62),
	    (unsigned)(b >> 48) & 0xfff,
	    (unsigned long long)(b & 0xffffffffffffULL));
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
 * The first active person of dept with an email, not cast yet; else
 * anyone active with one. Never a head or the CEO. NULL when nobody is.
 */
static const struct demo_person *
take(struct w *w, const struct demo *d, const char *dept)
{
	const struct demo_person *p;
	size_t n, i, pass;

	p = demo_people(d, &n);
	for (pass = 0; pass < 2; pass++)
		for (i = 1; i < n; i++) {
			if ((p[i].flags & (DEMO_TERMINATED | DEMO_HEAD)) ||
			    p[i].email == NULL || is_used(w, &p[i]))
				continue;
			if (pass == 0 && strcmp(p[i].department, dept) != 0)
				continue;
			w->used[w->nused++] = &p[i];
			return &p[i];
		}
	return NULL;
}

/* A member user for person p, signed in last at signin (or never). */
static struct user *
member(struct w *w, const struct demo_person *p, const char *created,
    const char *signin)
{
	struct user *u = &w->u[w->nu++];

	memset(u, 0, sizeof(*u));
	guid(w, u->id, sizeof(u->id));
	u->display = p->display_name;
	u->mail = p->email;
	u->upn = p->email;
	u->type = "Member";
	u->created = created;
	u->signin = signin;
	u->enabled = 1;
	return u;
}

/* The principal as Graph expands it on a role assignment. */
static json_t *
principal_json(const struct user *u)
{
	return json_pack("{s:s, s:s, s:b, s:s, s:s?, s:s, s:s}", "@odata.type",
	    "#microsoft.graph.user", "id", u->id, "accountEnabled", u->enabled,
	    "displayName", u->display, "mail", u->mail, "userType", u->type,
	    "userPrincipalName", u->upn);
}

static json_t *
sched_info(const char *start, const char *end)
{
	return json_pack("{s:s, s:n, s:{s:s, s:s?, s:n}}", "startDateTime",
	    start, "recurrence", "expiration", "type",
	    end ? "afterDateTime" : "noExpiration", "endDateTime", end,
	    "duration");
}

/* A standing directory role: its assignment and its schedule. */
static void
dir_role(struct w *w, const struct user *u, enum drole r, const char *start,
    const char *key)
{
	char id[64];

	snprintf(id, sizeof(id), "%s", key);
	json_array_append_new(w->dir_assign,
	    json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "id", id, "principalId",
		u->id, "resourceScope", "/", "directoryScopeId", "/",
		"roleDefinitionId", droles[r].id, "principal",
		principal_json(u)));
	snprintf(id, sizeof(id), "%s-e", key);
	json_array_append_new(w->dir_sched,
	    json_pack("{s:s, s:s, s:s, s:s, s:n, s:s, s:s, s:n, s:s, s:s, s:o, "
		      "s:o, s:s}",
		"id", id, "principalId", u->id, "roleDefinitionId",
		droles[r].id, "directoryScopeId", "/", "appScopeId",
		"createdUsing", id, "createdDateTime", start,
		"modifiedDateTime", "status", "Provisioned", "memberType",
		"Direct", "scheduleInfo", sched_info(start, NULL), "principal",
		principal_json(u), "assignmentType", "Assigned"));
}

/* An eligible directory role (PIM) from start to end. */
static void
dir_eligible(struct w *w, const struct user *u, enum drole r, const char *start,
    const char *end)
{
	char id[40];

	guid(w, id, sizeof(id));
	json_array_append_new(w->dir_elig,
	    json_pack("{s:s, s:s, s:s, s:s, s:n, s:s, s:s, s:n, s:s, s:s, s:o, "
		      "s:o}",
		"id", id, "principalId", u->id, "roleDefinitionId",
		droles[r].id, "directoryScopeId", "/", "appScopeId",
		"createdUsing", id, "createdDateTime", start,
		"modifiedDateTime", "status", "Provisioned", "memberType",
		"Direct", "scheduleInfo", sched_info(start, end), "principal",
		principal_json(u)));
}

/* An Azure role assignment at scope, as `az role assignment list`. */
static void
arm_role(struct w *w, const char *pid, const char *pname, const char *ptype,
    enum arole r, const char *scope, const char *created)
{
	struct sb id = SB_INIT, def = SB_INIT;
	char name[40];

	guid(w, name, sizeof(name));
	sb_addf(&id, "%s/providers/Microsoft.Authorization/roleAssignments/%s",
	    scope, name);
	sb_addf(&def,
	    SUBPATH "/providers/Microsoft.Authorization/roleDefinitions/%s",
	    aroles[r].id);
	json_array_append_new(w->arm,
	    json_pack("{s:n, s:n, s:s, s:s, s:n, s:n, s:s, s:s, s:s, s:s, s:s, "
		      "s:s, s:s, s:s, s:s, s:s, s:s}",
		"condition", "conditionVersion", "createdBy", w->u[0].id,
		"createdOn", created, "delegatedManagedIdentityResourceId",
		"description", "id", id.buf, "name", name, "principalId", pid,
		"principalName", pname, "principalType", ptype,
		"roleDefinitionId", def.buf, "roleDefinitionName",
		aroles[r].name, "scope", scope, "type",
		"Microsoft.Authorization/roleAssignments", "updatedBy",
		w->u[0].id, "updatedOn", created));
	sb_release(&id);
	sb_release(&def);
}

/* The story's cast and what each holds. */
/* A date of the story, moved to the as-of day. */
#define D(lit) demo_date(d, (lit))

static void
cast(struct w *w, struct demo *d)
{
	const struct demo_person *ops, *stale, *p;
	struct user *u;
	size_t n;

	demo_people(d, &n);
	w->used = xcalloc(n + 1, sizeof(*w->used));
	w->dir_assign = json_array();
	w->dir_sched = json_array();
	w->dir_elig = json_array();
	w->arm = json_array();
	ops = demo_find(d, DEMO_HEAD, "IT Operations");
	stale = demo_find(d, DEMO_STALE_ADMIN, NULL);

	/* the head of IT Operations: Global Administrator, standing */
	w->used[w->nused++] = ops;
	u = member(w, ops, D("2021-03-01T09:12:40Z"),
	    D("2026-12-04T08:03:11Z"));
	if (ops->email == NULL)
		u->upn = u->mail = "it.operations@" ONMS;
	dir_role(w, u, R_GA, D("2021-03-01T09:30:00Z"),
	    "lAPpYvVpN0KRkAEhdxReE1-1");
	/* a security engineer eligible for Global Administrator (PIM) */
	if ((p = take(w, d, "Security")) != NULL) {
		u = member(w, p, D("2022-06-13T10:20:05Z"),
		    D("2026-11-27T14:41:52Z"));
		dir_eligible(w, u, R_GA, D("2026-01-05T09:00:00Z"),
		    D("2027-01-05T09:00:00Z"));
	}
	/* an operations engineer, Owner of the subscription */
	if ((p = take(w, d, "IT Operations")) != NULL) {
		u = member(w, p, D("2021-09-20T08:45:31Z"),
		    D("2026-12-02T17:25:09Z"));
		arm_role(w, u->id, u->upn, "User", A_OWNER, SUBPATH,
		    D("2022-02-14T11:03:27.604512+00:00"));
	}
	/* an engineer, Contributor on the web servers' resource group */
	if ((p = take(w, d, "Engineering")) != NULL) {
		u = member(w, p, D("2023-02-06T09:00:12Z"),
		    D("2026-12-03T10:11:45Z"));
		arm_role(w, u->id, u->upn, "User", A_CONTRIB,
		    SUBPATH "/resourceGroups/rg-web",
		    D("2024-05-21T15:40:02.117093+00:00"));
	}
	/* a Global Administrator who has not signed in since the spring */
	if ((p = take(w, d, "IT Operations")) != NULL) {
		u = member(w, p, D("2020-11-02T10:05:19Z"),
		    D("2026-04-09T16:22:37Z"));
		dir_role(w, u, R_GA, D("2022-04-11T12:00:00Z"),
		    "lAPpYvVpN0KRkAEhdxReE2-1");
	}
	/* the partner's guest, Privileged Role Administrator */
	u = &w->u[w->nu++];
	memset(u, 0, sizeof(*u));
	guid(w, u->id, sizeof(u->id));
	u->display = "Kim Lee (Partner IT)";
	u->mail = "kim.lee@partner-it.example";
	u->upn = GUEST_UPN;
	u->type = "Guest";
	u->created = D("2025-09-15T13:27:50Z");
	u->signin = D("2026-11-18T09:14:03Z");
	u->enabled = 1;
	dir_role(w, u, R_PRA, D("2025-09-15T14:00:00Z"),
	    "lAPpYvVpN0KRkAEhdxReE3-1");
	/* the terminated administrator: disabled, still User Administrator */
	if (stale != NULL) {
		w->used[w->nused++] = stale;
		u = member(w, stale, D("2021-08-16T09:31:02Z"),
		    D("2025-03-10T17:20:55Z"));
		if (stale->email == NULL)
			u->upn = u->mail = "jose.nunez@" ONMS;
		u->enabled = 0;
		dir_role(w, u, R_UA, D("2021-08-16T10:00:00Z"),
		    "lAPpYvVpN0KRkAEhdxReE4-1");
	}
	/* Terraform's service principal, Owner of the subscription */
	guid(w, w->sp_id, sizeof(w->sp_id));
	guid(w, w->sp_app, sizeof(w->sp_app));
	arm_role(w, w->sp_id, w->sp_app, "ServicePrincipal", A_OWNER, SUBPATH,
	    D("2023-04-17T10:12:30.552801+00:00"));
}

/* ---- writing ---- */

/* A JSON value to fp as the az CLI prints: indent 2, a newline. */
static int
dump(FILE *fp, json_t *j, const char *name, struct err *e)
{
	int rc = 0;

	if (json_dumpf(j, fp, JSON_INDENT(2)) != 0)
		rc = err_set(e, PARC_EIO, "cannot write %s/%s", DIR, name);
	fputc('\n', fp);
	json_decref(j);
	return rc;
}

/* A Graph page: {"@odata.context": ..., "value": v}. */
static json_t *
page(const char *context, json_t *v)
{
	return json_pack("{s:s+, s:o}", "@odata.context", GRAPH, context,
	    "value", v);
}

struct out {
	struct w *w;
	const char *name;
	int which;
};

enum {
	F_ACCOUNTS,
	F_ARM,
	F_ARMDEFS,
	F_ARMELIG,
	F_DIRASSIGN,
	F_DIRDEFS,
	F_DIRELIG,
	F_DIRSCHED,
	F_USERS,
	F_OBJECTS,
	NFILE
};

static json_t *
accounts(void)
{
	return json_pack("[{s:s, s:s, s:s, s:b, s:[], s:s, s:s, s:s, s:{s:s, "
			 "s:s}}]",
	    "cloudName", "AzureCloud", "homeTenantId", TENANT, "id", SUB,
	    "isDefault", 1, "managedByTenants", "name", "Production", "state",
	    "Enabled", "tenantId", TENANT, "user", "name", "auditor@" ONMS,
	    "type", "user");
}

static json_t *
arm_defs(void)
{
	json_t *a = json_array();
	struct sb id = SB_INIT;
	size_t i;

	for (i = 0; i < NAROLE; i++) {
		sb_reset(&id);
		sb_addf(&id,
		    SUBPATH
		    "/providers/Microsoft.Authorization/roleDefinitions/%s",
		    aroles[i].id);
		json_array_append_new(a,
		    json_pack("{s:[s], s:n, s:s, s:s, s:s, s:s, s:[{s:o, s:n, "
			      "s:n, s:[], s:o, s:[]}], s:s, s:s, s:s, s:n, "
			      "s:s}",
			"assignableScopes", "/", "createdBy", "createdOn",
			"2015-02-02T21:55:09.880642+00:00", "description",
			aroles[i].desc, "id", id.buf, "name", aroles[i].id,
			"permissions", "actions",
			json_loads(aroles[i].actions, 0, NULL), "condition",
			"conditionVersion", "dataActions", "notActions",
			json_loads(aroles[i].not_actions, 0, NULL),
			"notDataActions", "roleName", aroles[i].name,
			"roleType", "BuiltInRole", "type",
			"Microsoft.Authorization/roleDefinitions", "updatedBy",
			"updatedOn", "2021-11-11T20:13:47.862829+00:00"));
	}
	sb_release(&id);
	return a;
}

static json_t *
dir_defs(void)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < NDROLE; i++)
		json_array_append_new(a,
		    json_pack("{s:s, s:s, s:s, s:b, s:b, s:[s], s:s, s:s, "
			      "s:[{s:[s], s:n}]}",
			"id", droles[i].id, "description", droles[i].desc,
			"displayName", droles[i].name, "isBuiltIn", 1,
			"isEnabled", 1, "resourceScopes", "/", "templateId",
			droles[i].id, "version", "1", "rolePermissions",
			"allowedResourceActions",
			i == R_UA ? "microsoft.directory/users/allProperties/"
				    "allTasks"
				  : "microsoft.directory/*",
			"condition"));
	return page("roleManagement/directory/roleDefinitions", a);
}

static json_t *
users(const struct w *w)
{
	json_t *a = json_array();
	const struct user *u;
	size_t i;

	for (i = 0; i < w->nu; i++) {
		u = &w->u[i];
		json_array_append_new(a,
		    json_pack("{s:s, s:b, s:s, s:s?, s:s, s:s, s:s, s:n, "
			      "s:{s:s, "
			      "s:n, s:n, s:n, s:s, s:n}}",
			"id", u->id, "accountEnabled", u->enabled,
			"displayName", u->display, "mail", u->mail, "userType",
			u->type, "userPrincipalName", u->upn, "createdDateTime",
			u->created, "onPremisesSyncEnabled", "signInActivity",
			"lastSignInDateTime", u->signin, "lastSignInRequestId",
			"lastNonInteractiveSignInDateTime",
			"lastNonInteractiveSignInRequestId",
			"lastSuccessfulSignInDateTime", u->signin,
			"lastSuccessfulSignInRequestId"));
	}
	return page("users(id,displayName,userPrincipalName,mail,"
		    "accountEnabled,userType,createdDateTime,"
		    "onPremisesSyncEnabled,signInActivity)",
	    a);
}

static int
by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * What azure-export.sh's getByIds returns for the principals of the Azure
 * role assignments: each once, by object id.
 */
static json_t *
objects(const struct w *w)
{
	const char *ids[MAXUSERS + 1];
	json_t *a = json_array();
	const struct user *u;
	size_t n = 0, i, k;

	for (i = 0; i < json_array_size(w->arm); i++) {
		const char *id = json_string_value(
		    json_object_get(json_array_get(w->arm, i), "principalId"));

		for (k = 0; k < n && strcmp(ids[k], id) != 0; k++)
			;
		if (k == n && n < sizeof(ids) / sizeof(ids[0]))
			ids[n++] = id;
	}
	qsort(ids, n, sizeof(*ids), by_str);
	for (i = 0; i < n; i++) {
		if (strcmp(ids[i], w->sp_id) == 0) {
			json_array_append_new(a,
			    json_pack("{s:s, s:s, s:b, s:s, s:s, s:[s, s], "
				      "s:s}",
				"@odata.type",
				"#microsoft.graph.servicePrincipal", "id",
				w->sp_id, "accountEnabled", 1, "appId",
				w->sp_app, "displayName", "terraform-deploy",
				"servicePrincipalNames", w->sp_app,
				"https://terraform.corp.example.com",
				"servicePrincipalType", "Application"));
			continue;
		}
		for (k = 0; k < w->nu && strcmp(w->u[k].id, ids[i]) != 0; k++)
			;
		if (k == w->nu)
			continue;
		u = &w->u[k];
		json_array_append_new(a,
		    json_pack("{s:s, s:s, s:b, s:s, s:s?, s:s, s:s, s:s, s:n}",
			"@odata.type", "#microsoft.graph.user", "id", u->id,
			"accountEnabled", u->enabled, "displayName", u->display,
			"mail", u->mail, "userType", u->type,
			"userPrincipalName", u->upn, "createdDateTime",
			u->created, "onPremisesSyncEnabled"));
	}
	return a;
}

static int
write_file(struct demo *d, FILE *fp, void *arg, struct err *e)
{
	struct out *o = arg;
	struct w *w = o->w;
	json_t *j = NULL;

	(void)d;
	switch (o->which) {
	case F_ACCOUNTS:
		j = accounts();
		break;
	case F_ARM:
		j = json_incref(w->arm);
		break;
	case F_ARMDEFS:
		j = arm_defs();
		break;
	case F_ARMELIG:
		j = json_pack("{s:[]}", "value");
		break;
	case F_DIRASSIGN:
		j = page("roleManagement/directory/"
			 "roleAssignments(principal())",
		    json_incref(w->dir_assign));
		break;
	case F_DIRDEFS:
		j = dir_defs();
		break;
	case F_DIRELIG:
		j = page("roleManagement/directory/"
			 "roleEligibilitySchedules(principal())",
		    json_incref(w->dir_elig));
		break;
	case F_DIRSCHED:
		j = page("roleManagement/directory/"
			 "roleAssignmentSchedules(principal())",
		    json_incref(w->dir_sched));
		break;
	case F_USERS:
		j = users(w);
		break;
	case F_OBJECTS:
		j = page("directoryObjects", objects(w));
		break;
	}
	if (j == NULL)
		abort(); /* the formats above are fixed */
	return dump(fp, j, o->name, e);
}

int
demo_azure_tenant(struct demo *d, const char *dir, struct err *e)
{
	static const char *const names[NFILE] = {
		[F_ACCOUNTS] = "account-list.json",
		[F_ARM] = "role-assignments." SUB ".json",
		[F_ARMDEFS] = "role-definitions." SUB ".json",
		[F_ARMELIG] =
		    "role-eligibility-schedule-instances." SUB ".json",
		[F_DIRASSIGN] = "directory-role-assignments.json",
		[F_DIRDEFS] = "directory-role-definitions.json",
		[F_DIRELIG] = "directory-role-eligibility-schedules.json",
		[F_DIRSCHED] = "directory-role-assignment-schedules.json",
		[F_USERS] = "users.json",
		[F_OBJECTS] = "directory-objects.json",
	};
	struct w w;
	struct out o;
	struct sb path = SB_INIT;
	int rc = 0, i;

	sb_addf(&path, "%s/" DIR, dir);
	if (mkdir(path.buf, 0700) != 0 && errno != EEXIST) {
		rc = err_set(e, PARC_EIO, "cannot create %s: %s", path.buf,
		    strerror(errno));
		sb_release(&path);
		return rc;
	}
	memset(&w, 0, sizeof(w));
	demo_rng_init(&w.rng, 0x617a757265ULL); /* "azure" */
	cast(&w, d);
	o.w = &w;
	for (i = 0; i < NFILE && rc == 0; i++) {
		sb_reset(&path);
		sb_addf(&path, DIR "/%s", names[i]);
		o.name = names[i];
		o.which = i;
		rc = demo_write(d, path.buf, write_file, &o, e);
	}
	sb_release(&path);
	json_decref(w.dir_assign);
	json_decref(w.dir_sched);
	json_decref(w.dir_elig);
	json_decref(w.arm);
	free(w.used);
	return rc;
}
