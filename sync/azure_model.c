/*
 * azure_model.c - one Entra tenant and its subscriptions as principals,
 * memberships, entitlements and assignments.
 *
 * How the tenant maps onto parc's records:
 *
 *  - a user is an account (ext_id its object id, name its UPN), kind
 *    human; attrs.user_type is Entra's userType, attrs.external is true
 *    for a guest (userType Guest, or a UPN with #EXT#, a B2B invitee);
 *    its last use is the later of signInActivity's interactive and
 *    non-interactive sign-ins. When the tenant does not give
 *    signInActivity (no Entra ID P1) every account gets
 *    attrs.usage_unknown and no last use, so no rule calls it dormant or
 *    never used;
 *  - a service principal is kind service (attrs.service_principal_type
 *    tells an application from a managed identity), a group is a group;
 *    their names come from Graph (an expanded principal, a transitive
 *    member, directoryObjects/getByIds), else from the az CLI's
 *    principalName, else the object id (an assignment to a deleted object
 *    keeps its id, with attrs.unresolved);
 *  - the members of a group that holds a role are its transitive members,
 *    each a member of that group, so a grant through a role-assignable
 *    group shows the path member -> group -> role;
 *  - an Azure RBAC role at a scope is an entitlement (kind role, ext_id
 *    role:GUID@SCOPE, name "Owner on /subscriptions/..."), a directory role
 *    at its directory scope another (kind directory-role, ext_id
 *    directory-role:TEMPLATE@SCOPE, name "Global Administrator", with
 *    " on SCOPE" when it is narrower than the tenant);
 *  - an assignment is active (ARM role assignments, Graph role
 *    assignments; expires_at from the assignment schedule when PIM
 *    activated it or gave it an end) or eligible (PIM eligibility); the
 *    same principal and entitlement both active and eligible is the
 *    active one, with attrs.eligible_too, since a grant has one state.
 *    The origin is where it is granted: the ARM role assignment's or
 *    eligibility instance's id, Graph's "roleAssignments/ID" or
 *    "roleEligibilitySchedules/ID" (reports/remediation.c reads them).
 *
 * Classification is by GUID, never by display name: an RBAC role by its
 * definition's GUID (the last part of roleDefinitionId, which ARM rewrites
 * under the subscription an inherited assignment is listed from), a
 * directory role by its template id. The catalog's tier holds at root,
 * management group and subscription scope; below a subscription (and for
 * a directory role scoped to an administrative unit or an object) a
 * tier-0 role is tier 1, since it can take over that part only. A role
 * the catalog does not name is classified by its permissions
 * (az_role_actions_tier); the lower tier of both wins.
 *
 * Over 1,000 lines because the tenant in memory (struct model) is one
 * object that reading, classifying and emitting all walk; a split would
 * put that struct and a dozen JSON helpers in a header for one reader.
 * The parts that stand alone (subscriptions, the groups that hold a role)
 * are at the end, where they can move out first.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db/catalog.h"
#include "db/sink.h"
#include "lib/err.h"
#include "lib/sb.h"
#include "sync/azure_model.h"
#include "sync/jget.h"

#define AZ_FAMILY "azure"

/* ---- reading JSON ---- */

int
az_list(const json_t *body, const char *what, json_t **out, struct err *e)
{
	const json_t *v;

	*out = NULL;
	if (json_is_array(body)) {
		*out = json_incref((json_t *)body);
		return 0;
	}
	if (!json_is_object(body) ||
	    !json_is_array(v = json_object_get(body, "value")))
		return err_set(e, PARC_EDATA,
		    "%s: neither a JSON array nor an object with a \"value\" "
		    "array (what az prints for this listing)",
		    what);
	if (json_is_string(json_object_get(body, "nextLink")) ||
	    json_is_string(json_object_get(body, "@odata.nextLink")))
		return err_set(e, PARC_EDATA,
		    "%s: holds a nextLink: this is one page of several; merge "
		    "every page into one (share/export/azure-export.sh does)",
		    what);
	*out = json_incref((json_t *)v);
	return 0;
}

/* A member of o, or of o.properties (ARM's REST shape). */
static const json_t *
field(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (v == NULL)
		v = json_object_get(json_object_get(o, "properties"), key);
	return v;
}

/* A string member (either shape), NULL when absent, empty or holding a
 * NUL byte. */
static const char *
fstr(const json_t *o, const char *key)
{
	const json_t *v = field(o, key);

	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return NULL;
	return json_string_value(v);
}

/* A required string member. */
static int
need_str(const json_t *o, const char *key, const char *what, size_t i,
    const char **out, struct err *e)
{
	if (!json_is_object(o))
		return err_set(e, PARC_EDATA, "%s: item %zu is not an object",
		    what, i + 1);
	if ((*out = fstr(o, key)) == NULL)
		return err_set(e, PARC_EDATA, "%s: item %zu has no %s string",
		    what, i + 1, key);
	return 0;
}

/*
 * An optional date member into out ("" when absent or null): ISO 8601 as
 * ARM and Graph write it ("2024-12-10T17:38:26Z", "2020-09-10T00:32:36.86Z",
 * "+00:00" offsets, no zone meaning UTC as ARM's createdOn can be), the
 * year 1900 or later: Graph's "0001-01-01T00:00:00Z" (never) is not a date.
 */
static int
get_date(const json_t *o, const char *key, const char *what, const char *obj,
    char out[21], struct err *e)
{
	return jget_date(field(o, key), 1900, 1, what, obj, key, out, e);
}

/* The GUID at the end of a roleDefinitionId, lower case (malloc'd). */
static char *
role_guid(const char *id)
{
	const char *p = strrchr(id, '/');

	return xstrdup_lower(p ? p + 1 : id);
}

/* ---- the catalog and the scope ---- */

enum scope_level {
	SC_ROOT,   /* "/" */
	SC_MG,	   /* a management group */
	SC_SUB,	   /* a subscription */
	SC_BELOW,  /* a resource group or a resource */
	SC_TENANT, /* a directory role over the whole tenant */
	SC_PART,   /* a directory role over an AU, an app, ... */
};

static enum scope_level
arm_level(const char *scope)
{
	const char *p;

	if (strcmp(scope, "/") == 0)
		return SC_ROOT;
	if (strncasecmp(scope,
		"/providers/Microsoft.Management/"
		"managementGroups/",
		strlen("/providers/Microsoft.Management/managementGroups/")) ==
	    0)
		return SC_MG;
	if (strncasecmp(scope, "/subscriptions/", 15) == 0) {
		p = strchr(scope + 15, '/');
		if (p == NULL || p[1] == '\0')
			return SC_SUB;
	}
	return SC_BELOW;
}

/*
 * Does pattern (an action of a role, with ARM's * wildcard, ASCII
 * case-insensitive) cover action?
 */
static int
action_covers(const char *p, const char *s)
{
	const char *star = NULL, *mark = NULL;

	while (*s) {
		if (*p == '*') {
			star = p++;
			mark = s;
		} else if (tolower((unsigned char)*p) ==
		    tolower((unsigned char)*s)) {
			p++;
			s++;
		} else if (star != NULL) {
			p = star + 1;
			s = ++mark;
		} else
			return 0;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

/* Is action allowed by one permission block (actions minus notActions)? */
static int
block_allows(const json_t *block, const char *list, const char *notlist,
    const char *action)
{
	const json_t *v;
	size_t i;
	int yes = 0;

	json_array_foreach(json_object_get(block, list), i, v)
	{
		if (json_is_string(v) &&
		    action_covers(json_string_value(v), action)) {
			yes = 1;
			break;
		}
	}
	if (!yes)
		return 0;
	json_array_foreach(json_object_get(block, notlist), i, v)
	{
		if (json_is_string(v) &&
		    action_covers(json_string_value(v), action))
			return 0;
	}
	return 1;
}

int
az_role_actions_tier(const struct catalog *cat, const json_t *perms,
    struct sb *reason, const char **techniques)
{
	const struct catalog_entry *ce, *best = NULL;
	const json_t *b, *v;
	size_t i, k, n = catalog_count(cat);
	int data;

	/* "*" with nothing taken away: every action, Owner's rights */
	json_array_foreach(perms, i, b)
	{
		const json_t *not = json_object_get(b, "notActions");

		json_array_foreach(json_object_get(b, "actions"), k, v)
		{
			if (json_is_string(v) &&
			    strcmp(json_string_value(v), "*") == 0 &&
			    json_array_size(not ) == 0) {
				sb_adds(reason,
				    "its actions are * with no "
				    "notActions: every action, "
				    "role assignments included");
				return 0;
			}
		}
	}
	for (k = 0; k < n; k++) {
		ce = catalog_at(cat, k);
		if (strcmp(ce->family, AZ_FAMILY) != 0)
			continue;
		if (strcmp(ce->kind, "action") == 0)
			data = 0;
		else if (strcmp(ce->kind, "data-action") == 0)
			data = 1;
		else
			continue;
		if (best != NULL && best->tier <= ce->tier)
			continue;
		json_array_foreach(perms, i, b)
		{
			if (block_allows(b, data ? "dataActions" : "actions",
				data ? "notDataActions" : "notActions",
				ce->match)) {
				best = ce;
				break;
			}
		}
	}
	*techniques = NULL;
	if (best == NULL)
		return -1;
	sb_addf(reason, "its actions minus notActions allow %s: %s",
	    best->match, best->reason);
	*techniques = best->techniques;
	return best->tier;
}

/* ---- the tenant in memory ---- */

struct model {
	const struct az_data *d;
	const struct catalog *cat;
	struct sink *sink;
	/* id (lower case) -> {kind, name, display, attrs...} */
	json_t *prin;
	json_t *roledef;   /* RBAC role GUID -> definition object */
	json_t *dirdef;	   /* directory role id -> definition object */
	json_t *ents;	   /* entitlement ext_id -> true (emitted) */
	json_t *asg;	   /* principal|entitlement -> assignment object */
	json_t *asg_order; /* keys of asg in the order they came */
	json_t *sched;	   /* principal|dirrole|scope -> schedule */
	int signin;	   /* see az_data.signin, resolved */
};

/* The principal record for id (created empty). */
static json_t *
prin_get(struct model *m, const char *id)
{
	char *k = xstrdup_lower(id);
	json_t *p = json_object_get(m->prin, k);

	if (p == NULL) {
		p = json_object();
		json_object_set_new(m->prin, k, p);
	}
	free(k);
	return p;
}

/* Set key in p unless it is there already (the better source came first). */
static void
prin_fill(json_t *p, const char *key, json_t *v)
{
	if (v == NULL)
		return;
	if (json_object_get(p, key) == NULL)
		json_object_set_new(p, key, v);
	else
		json_decref(v);
}

static json_t *
jstr_or_null(const char *s)
{
	return s ? json_string(s) : NULL;
}

/*
 * What Graph says of a directory object (a user, group or service
 * principal: an expanded principal, a transitive member, getByIds).
 */
static void
prin_from_graph(struct model *m, const json_t *o)
{
	const char *id = fstr(o, "id"), *t = fstr(o, "@odata.type");
	const char *kind = NULL, *name = NULL;
	json_t *p;
	int en;

	if (id == NULL)
		return;
	p = prin_get(m, id);
	if (t == NULL)
		;
	else if (strcasecmp(t, "#microsoft.graph.user") == 0)
		kind = "human";
	else if (strcasecmp(t, "#microsoft.graph.group") == 0)
		kind = "group";
	else if (strcasecmp(t, "#microsoft.graph.servicePrincipal") == 0)
		kind = "service";
	else if (strcasecmp(t, "#microsoft.graph.device") == 0)
		kind = "computer";
	if (kind == NULL && fstr(o, "userPrincipalName") != NULL)
		kind = "human";
	prin_fill(p, "kind", jstr_or_null(kind));
	if (kind != NULL && strcmp(kind, "human") == 0)
		name = fstr(o, "userPrincipalName");
	if (name == NULL)
		name = fstr(o, "displayName");
	prin_fill(p, "name", jstr_or_null(name));
	prin_fill(p, "display", jstr_or_null(fstr(o, "displayName")));
	prin_fill(p, "mail", jstr_or_null(fstr(o, "mail")));
	prin_fill(p, "upn", jstr_or_null(fstr(o, "userPrincipalName")));
	prin_fill(p, "user_type", jstr_or_null(fstr(o, "userType")));
	prin_fill(p, "service_principal_type",
	    jstr_or_null(fstr(o, "servicePrincipalType")));
	prin_fill(p, "app_id", jstr_or_null(fstr(o, "appId")));
	if ((en = jget_bool(field(o, "accountEnabled"))) >= 0)
		prin_fill(p, "enabled", json_boolean(en));
	if (json_is_true(field(o, "isAssignableToRole")))
		prin_fill(p, "role_assignable", json_true());
}

/* What an ARM assignment says of its principal (type, az's name). */
static void
prin_from_arm(struct model *m, const json_t *a)
{
	const char *id = fstr(a, "principalId");
	const char *t = fstr(a, "principalType"), *kind = NULL;
	const json_t *ex;
	json_t *p;

	if (id == NULL)
		return;
	p = prin_get(m, id);
	if (t == NULL)
		;
	else if (strcasecmp(t, "User") == 0)
		kind = "human";
	else if (strcasecmp(t, "Group") == 0 ||
	    strcasecmp(t, "ForeignGroup") == 0)
		kind = "group";
	else if (strcasecmp(t, "ServicePrincipal") == 0)
		kind = "service";
	else if (strcasecmp(t, "Device") == 0)
		kind = "computer";
	prin_fill(p, "arm_kind", jstr_or_null(kind));
	prin_fill(p, "arm_type", jstr_or_null(t));
	prin_fill(p, "arm_name", jstr_or_null(fstr(a, "principalName")));
	/* PIM's expandedProperties.principal */
	ex = json_object_get(field(a, "expandedProperties"), "principal");
	if (json_is_object(ex)) {
		prin_fill(p, "arm_name", jstr_or_null(fstr(ex, "displayName")));
		prin_fill(p, "mail", jstr_or_null(fstr(ex, "email")));
	}
}

/* ---- users ---- */

int
az_signin_known(const struct az_data *d)
{
	const json_t *o;
	size_t i;

	if (d->signin >= 0)
		return d->signin;
	json_array_foreach(d->users.j, i, o)
	{
		if (json_object_get(o, "signInActivity") != NULL)
			return 1;
	}
	return 0;
}

static int
read_users(struct model *m, struct err *e)
{
	const struct az_part *u = &m->d->users;
	const json_t *o, *sa;
	const char *id, *upn;
	char d1[21], d2[21], created[21];
	json_t *p;
	size_t i;
	int rc, en;

	m->signin = az_signin_known(m->d);
	json_array_foreach(u->j, i, o)
	{
		if ((rc = need_str(o, "id", u->what, i, &id, e)) != 0)
			return rc;
		upn = fstr(o, "userPrincipalName");
		p = prin_get(m, id);
		if (json_object_get(p, "user") != NULL)
			return err_set(e, PARC_EDATA,
			    "%s: user %s is listed twice", u->what, id);
		json_object_set_new(p, "user", json_true());
		json_object_set_new(p, "kind", json_string("human"));
		json_object_set_new(p, "name", json_string(upn ? upn : id));
		prin_fill(p, "display", jstr_or_null(fstr(o, "displayName")));
		prin_fill(p, "mail", jstr_or_null(fstr(o, "mail")));
		prin_fill(p, "upn", jstr_or_null(upn));
		prin_fill(p, "user_type", jstr_or_null(fstr(o, "userType")));
		if ((en = jget_bool(field(o, "accountEnabled"))) >= 0)
			json_object_set_new(p, "enabled", json_boolean(en));
		if ((en = jget_bool(field(o, "onPremisesSyncEnabled"))) >= 0)
			json_object_set_new(p, "on_premises_sync",
			    json_boolean(en));
		if ((rc = get_date(o, "createdDateTime", u->what, id, created,
			 e)) != 0)
			return rc;
		if (created[0])
			json_object_set_new(p, "created", json_string(created));
		if (!m->signin)
			continue;
		sa = json_object_get(o, "signInActivity");
		if (sa != NULL && !json_is_null(sa) && !json_is_object(sa))
			return err_set(e, PARC_EDATA,
			    "%s: user %s: signInActivity is not an object",
			    u->what, upn ? upn : id);
		if ((rc = get_date(sa, "lastSignInDateTime", u->what, id, d1,
			 e)) != 0 ||
		    (rc = get_date(sa, "lastNonInteractiveSignInDateTime",
			 u->what, id, d2, e)) != 0)
			return rc;
		if (strcmp(d2, d1) > 0)
			memcpy(d1, d2, sizeof(d1));
		if (d1[0])
			json_object_set_new(p, "last_used", json_string(d1));
	}
	return 0;
}

/* ---- entitlements ---- */

/* Emit the RBAC role guid at scope unless done; its ext_id into id. */
static int
ent_arm(struct model *m, const char *guid, const char *scope,
    const char *name_hint, struct sb *id, struct err *e)
{
	const json_t *def = json_object_get(m->roledef, guid);
	const struct catalog_entry *ce;
	struct rec_entitlement r;
	struct sb name = SB_INIT, why = SB_INIT, perm = SB_INIT;
	const char *rname = NULL, *rtype = NULL, *tech = NULL, *atech;
	enum scope_level lv = arm_level(scope);
	json_t *attrs;
	char *aj, *lscope = xstrdup_lower(scope);
	int tier = -1, at, rc;

	sb_reset(id);
	sb_addf(id, "role:%s@%s", guid, lscope);
	free(lscope);
	if (json_object_get(m->ents, id->buf) != NULL)
		return 0;
	if (def != NULL) {
		rname = fstr(def, "roleName");
		rtype = fstr(def, "roleType");
		if (rtype == NULL) /* ARM's own shape: properties.type */
			rtype =
			    fstr(json_object_get(def, "properties"), "type");
	}
	if (rname == NULL)
		rname = name_hint;
	ce = catalog_match(m->cat, AZ_FAMILY, "role", guid);
	if (ce != NULL) {
		tier = ce->tier;
		tech = ce->techniques;
		sb_adds(&why, ce->reason);
	}
	if (def != NULL && json_is_array(field(def, "permissions"))) {
		at = az_role_actions_tier(m->cat, field(def, "permissions"),
		    &perm, &atech);
		if (at >= 0 && (tier < 0 || at < tier)) {
			tier = at;
			tech = atech;
			sb_reset(&why);
			sb_addf(&why, "%s %s: %s",
			    rtype && strcasecmp(rtype, "CustomRole") == 0
				? "custom role"
				: "role",
			    rname ? rname : guid, perm.buf);
		} else if (tier < 0) {
			tier = 3; /* known permissions, nothing privileged */
			sb_adds(&why,
			    "its actions allow nothing the catalog "
			    "calls privileged");
		}
	}
	if (tier == 0 && lv == SC_BELOW) {
		tier = 1;
		sb_adds(&why,
		    " (tier 1 here: the scope is below a "
		    "subscription, so it takes over only that "
		    "resource group or resource)");
	}
	sb_addf(&name, "%s on %s", rname ? rname : guid, scope);
	memset(&r, 0, sizeof(r));
	r.ext_id = id->buf;
	r.name = name.buf;
	r.kind = "role";
	r.scope = scope;
	r.tier = tier;
	r.reason = why.len ? why.buf : NULL;
	r.techniques = tech;
	attrs = json_object();
	json_object_set_new(attrs, "role_definition_id", json_string(guid));
	if (rname != NULL)
		json_object_set_new(attrs, "role_name", json_string(rname));
	if (rtype != NULL)
		json_object_set_new(attrs, "role_type", json_string(rtype));
	if (def == NULL)
		json_object_set_new(attrs, "definition", json_null());
	aj = json_dumps(attrs, JSON_COMPACT | JSON_SORT_KEYS);
	r.attrs = aj;
	rc = sink_entitlement(m->sink, &r, e);
	json_object_set_new(m->ents, id->buf, json_true());
	free(aj);
	json_decref(attrs);
	sb_release(&name);
	sb_release(&why);
	sb_release(&perm);
	return rc;
}

/* Emit the directory role defid at dscope unless done; ext_id into id. */
static int
ent_dir(struct model *m, const char *defid, const char *dscope, struct sb *id,
    struct err *e)
{
	char *ldef = xstrdup_lower(defid), *lscope = xstrdup_lower(dscope);
	const json_t *def = json_object_get(m->dirdef, ldef);
	const struct catalog_entry *ce;
	const char *tmpl = NULL, *dname = NULL;
	struct rec_entitlement r;
	struct sb name = SB_INIT, why = SB_INIT;
	json_t *attrs;
	char *aj, *ltmpl;
	int tier = -1, rc, whole = strcmp(dscope, "/") == 0;

	if (def != NULL) {
		tmpl = fstr(def, "templateId");
		dname = fstr(def, "displayName");
	}
	ltmpl = xstrdup_lower(tmpl ? tmpl : defid);
	sb_reset(id);
	sb_addf(id, "directory-role:%s@%s", ltmpl, lscope);
	if (json_object_get(m->ents, id->buf) != NULL) {
		rc = 0;
		goto out;
	}
	ce = catalog_match(m->cat, AZ_FAMILY, "directory-role", ltmpl);
	if (ce == NULL && strcmp(ltmpl, ldef) != 0)
		ce = catalog_match(m->cat, AZ_FAMILY, "directory-role", ldef);
	if (ce != NULL) {
		tier = ce->tier;
		sb_adds(&why, ce->reason);
		if (tier == 0 && !whole) {
			tier = 1;
			sb_addf(&why,
			    " (tier 1 here: the assignment is scoped "
			    "to part of the directory)");
		}
	} else if (def != NULL && json_is_false(field(def, "isBuiltIn")))
		sb_adds(&why,
		    "custom directory role: not classified (parc "
		    "reads its template id only)");
	if (dname == NULL)
		dname = ltmpl;
	sb_adds(&name, dname);
	if (!whole)
		sb_addf(&name, " on %s", dscope);
	memset(&r, 0, sizeof(r));
	r.ext_id = id->buf;
	r.name = name.buf;
	r.kind = "directory-role";
	r.scope = dscope;
	r.tier = tier;
	r.reason = why.len ? why.buf : NULL;
	r.techniques = ce ? ce->techniques : NULL;
	attrs = json_object();
	json_object_set_new(attrs, "role_template_id", json_string(ltmpl));
	json_object_set_new(attrs, "role_definition_id", json_string(ldef));
	json_object_set_new(attrs, "role_name", json_string(dname));
	aj = json_dumps(attrs, JSON_COMPACT | JSON_SORT_KEYS);
	r.attrs = aj;
	rc = sink_entitlement(m->sink, &r, e);
	json_object_set_new(m->ents, id->buf, json_true());
	free(aj);
	json_decref(attrs);
out:
	sb_release(&name);
	sb_release(&why);
	free(ldef);
	free(lscope);
	free(ltmpl);
	return rc;
}

/* ---- assignments ---- */

/*
 * Record an assignment of ent to principal id; an active one replaces an
 * eligible one of the same pair (and notes it).
 */
static void
asg_add(struct model *m, const char *pid, const char *ent, const char *state,
    const char *expires, const char *origin, json_t *attrs)
{
	struct sb key = SB_INIT;
	char *lp = xstrdup_lower(pid);
	json_t *old, *a;

	sb_addf(&key, "%s|%s", lp, ent);
	old = json_object_get(m->asg, key.buf);
	if (old != NULL) {
		const char *os =
		    json_string_value(json_object_get(old, "state"));

		if (strcmp(os, state) == 0 || strcmp(state, "eligible") == 0) {
			if (strcmp(os, state) != 0)
				json_object_set_new(json_object_get(old,
							"attrs"),
				    "eligible_too", json_true());
			json_decref(attrs);
			goto out;
		}
		/* active over eligible */
		json_object_set_new(attrs, "eligible_too", json_true());
	} else
		json_array_append_new(m->asg_order, json_string(key.buf));
	a = json_object();
	json_object_set_new(a, "principal", json_string(lp));
	json_object_set_new(a, "entitlement", json_string(ent));
	json_object_set_new(a, "state", json_string(state));
	if (expires != NULL && *expires)
		json_object_set_new(a, "expires", json_string(expires));
	if (origin != NULL)
		json_object_set_new(a, "origin", json_string(origin));
	json_object_set_new(a, "attrs", attrs);
	json_object_set_new(m->asg, key.buf, a);
out:
	sb_release(&key);
	free(lp);
}

/* Role definitions of every subscription, by GUID. */
static int
read_roledefs(struct model *m, struct err *e)
{
	const json_t *o;
	const char *id;
	size_t s, i;
	char *g;
	int rc;

	for (s = 0; s < m->d->nsub; s++) {
		const struct az_part *p = &m->d->sub[s].definitions;

		json_array_foreach(p->j, i, o)
		{
			if ((rc = need_str(o, "id", p->what, i, &id, e)) != 0)
				return rc;
			if (field(o, "permissions") != NULL &&
			    !json_is_array(field(o, "permissions")))
				return err_set(e, PARC_EDATA,
				    "%s: role %s: permissions is not a list",
				    p->what, id);
			g = role_guid(id);
			if (json_object_get(m->roledef, g) == NULL)
				json_object_set(m->roledef, g, (json_t *)o);
			free(g);
		}
	}
	return 0;
}

/* ARM role assignments and eligibility of one subscription. */
static int
read_arm(struct model *m, const struct az_part *p, int eligible, struct err *e)
{
	const json_t *o, *ex;
	const char *pid, *rid, *scope, *aid, *hint;
	struct sb id = SB_INIT;
	char end[21];
	json_t *attrs;
	size_t i;
	char *g;
	int rc = 0;

	json_array_foreach(p->j, i, o)
	{
		if ((rc = need_str(o, "principalId", p->what, i, &pid, e)) !=
			0 ||
		    (rc = need_str(o, "roleDefinitionId", p->what, i, &rid,
			 e)) != 0 ||
		    (rc = need_str(o, "scope", p->what, i, &scope, e)) != 0)
			break;
		aid = fstr(o, "id");
		if (eligible &&
		    (rc = get_date(o, "endDateTime", p->what, pid, end, e)) !=
			0)
			break;
		if (!eligible)
			end[0] = '\0';
		prin_from_arm(m, o);
		hint = fstr(o, "roleDefinitionName");
		ex = json_object_get(field(o, "expandedProperties"),
		    "roleDefinition");
		if (hint == NULL && json_is_object(ex))
			hint = fstr(ex, "displayName");
		g = role_guid(rid);
		rc = ent_arm(m, g, scope, hint, &id, e);
		free(g);
		if (rc != 0)
			break;
		attrs = json_object();
		if (aid != NULL)
			json_object_set_new(attrs, "id", json_string(aid));
		if (fstr(o, "condition") != NULL)
			json_object_set_new(attrs, "condition",
			    json_string(fstr(o, "condition")));
		if (fstr(o, "memberType") != NULL)
			json_object_set_new(attrs, "member_type",
			    json_string(fstr(o, "memberType")));
		asg_add(m, pid, id.buf, eligible ? "eligible" : "active", end,
		    aid, attrs);
	}
	sb_release(&id);
	return rc;
}

/* The end of a Graph schedule (scheduleInfo.expiration), into end. */
static int
sched_end(const json_t *o, const char *what, const char *obj, char end[21],
    struct err *e)
{
	const json_t *x =
	    json_object_get(json_object_get(o, "scheduleInfo"), "expiration");
	const char *t = fstr(x, "type");

	end[0] = '\0';
	if (t != NULL && strcasecmp(t, "noExpiration") == 0)
		return 0;
	return get_date(x, "endDateTime", what, obj, end, e);
}

/*
 * Graph directory role assignments (active) or eligibility schedules;
 * for the active ones, the assignment schedules say when one ends.
 */
static int
read_dir(struct model *m, const struct az_part *p, int eligible, struct err *e)
{
	const json_t *o, *pr;
	const char *pid, *rid, *scope, *aid;
	struct sb id = SB_INIT, key = SB_INIT;
	char end[21];
	json_t *attrs, *s;
	size_t i;
	int rc = 0;

	json_array_foreach(p->j, i, o)
	{
		s = NULL;
		if ((rc = need_str(o, "principalId", p->what, i, &pid, e)) !=
			0 ||
		    (rc = need_str(o, "roleDefinitionId", p->what, i, &rid,
			 e)) != 0)
			break;
		scope = fstr(o, "directoryScopeId");
		if (scope == NULL)
			scope = "/";
		aid = fstr(o, "id");
		if (json_is_object(pr = json_object_get(o, "principal")))
			prin_from_graph(m, pr);
		else
			prin_get(m, pid);
		end[0] = '\0';
		if (eligible) {
			if ((rc = sched_end(o, p->what, pid, end, e)) != 0)
				break;
		} else {
			char *a = xstrdup_lower(pid), *b = xstrdup_lower(rid),
			     *c = xstrdup_lower(scope);

			sb_reset(&key);
			sb_addf(&key, "%s|%s|%s", a, b, c);
			free(a);
			free(b);
			free(c);
			s = json_object_get(m->sched, key.buf);
			if (s != NULL &&
			    json_is_string(json_object_get(s, "end")))
				snprintf(end, sizeof(end), "%s",
				    json_string_value(
					json_object_get(s, "end")));
		}
		if ((rc = ent_dir(m, rid, scope, &id, e)) != 0)
			break;
		attrs = json_object();
		if (aid != NULL)
			json_object_set_new(attrs, "id", json_string(aid));
		/* where it is granted, as remediation names it */
		sb_reset(&key);
		if (aid != NULL)
			sb_addf(&key, "%s/%s",
			    eligible ? "roleEligibilitySchedules"
				     : "roleAssignments",
			    aid);
		if (!eligible && s != NULL &&
		    json_is_string(json_object_get(s, "assignment_type")))
			json_object_set(attrs, "assignment_type",
			    json_object_get(s, "assignment_type"));
		if (fstr(o, "memberType") != NULL)
			json_object_set_new(attrs, "member_type",
			    json_string(fstr(o, "memberType")));
		asg_add(m, pid, id.buf, eligible ? "eligible" : "active", end,
		    aid ? key.buf : NULL, attrs);
	}
	sb_release(&id);
	sb_release(&key);
	return rc;
}

/* Index the assignment schedules by principal|role|scope. */
static int
read_schedules(struct model *m, struct err *e)
{
	const struct az_part *p = &m->d->dir_schedules;
	const json_t *o;
	const char *pid, *rid, *scope;
	struct sb key = SB_INIT;
	char end[21];
	json_t *s;
	size_t i;
	int rc = 0;

	json_array_foreach(p->j, i, o)
	{
		char *a, *b, *c;

		if ((rc = need_str(o, "principalId", p->what, i, &pid, e)) !=
			0 ||
		    (rc = need_str(o, "roleDefinitionId", p->what, i, &rid,
			 e)) != 0 ||
		    (rc = sched_end(o, p->what, pid, end, e)) != 0)
			break;
		if (json_is_object(json_object_get(o, "principal")))
			prin_from_graph(m, json_object_get(o, "principal"));
		scope = fstr(o, "directoryScopeId");
		a = xstrdup_lower(pid);
		b = xstrdup_lower(rid);
		c = xstrdup_lower(scope ? scope : "/");
		sb_reset(&key);
		sb_addf(&key, "%s|%s|%s", a, b, c);
		free(a);
		free(b);
		free(c);
		s = json_object();
		if (end[0])
			json_object_set_new(s, "end", json_string(end));
		if (fstr(o, "assignmentType") != NULL)
			json_object_set_new(s, "assignment_type",
			    json_string(fstr(o, "assignmentType")));
		json_object_set_new(m->sched, key.buf, s);
	}
	sb_release(&key);
	return rc;
}

/* ---- emission ---- */

static int
emit_principal(struct model *m, const char *id, const json_t *p, struct err *e)
{
	struct rec_principal r;
	const char *kind = json_string_value(json_object_get(p, "kind"));
	const char *name = json_string_value(json_object_get(p, "name"));
	const char *upn = json_string_value(json_object_get(p, "upn"));
	const char *ut = json_string_value(json_object_get(p, "user_type"));
	const json_t *en = json_object_get(p, "enabled");
	json_t *attrs = json_object();
	char *aj;
	int rc, ext;

	if (kind == NULL)
		kind = json_string_value(json_object_get(p, "arm_kind"));
	if (name == NULL)
		name = json_string_value(json_object_get(p, "arm_name"));
	if (name == NULL) {
		name = id;
		json_object_set_new(attrs, "unresolved", json_true());
	}
	memset(&r, 0, sizeof(r));
	r.ext_id = id;
	r.name = name;
	r.display_name = json_string_value(json_object_get(p, "display"));
	r.kind = kind ? kind : "human";
	r.enabled = json_is_boolean(en) ? json_is_true(en) : -1;
	r.email = json_string_value(json_object_get(p, "mail"));
	r.upn = upn;
	r.created_at = json_string_value(json_object_get(p, "created"));
	r.last_used_at = json_string_value(json_object_get(p, "last_used"));
	r.mfa = -1;
	json_object_set_new(attrs, "object_id", json_string(id));
	if (ut != NULL)
		json_object_set_new(attrs, "user_type", json_string(ut));
	ext = (ut != NULL && strcasecmp(ut, "Guest") == 0) ||
	    (upn != NULL && strstr(upn, "#EXT#") != NULL);
	if (ext)
		json_object_set_new(attrs, "external", json_true());
	if (json_object_get(p, "on_premises_sync") != NULL)
		json_object_set(attrs, "on_premises_sync",
		    json_object_get(p, "on_premises_sync"));
	if (json_object_get(p, "service_principal_type") != NULL)
		json_object_set(attrs, "service_principal_type",
		    json_object_get(p, "service_principal_type"));
	if (json_object_get(p, "app_id") != NULL)
		json_object_set(attrs, "app_id", json_object_get(p, "app_id"));
	if (json_object_get(p, "role_assignable") != NULL)
		json_object_set_new(attrs, "role_assignable", json_true());
	if (json_object_get(p, "arm_type") != NULL)
		json_object_set(attrs, "principal_type",
		    json_object_get(p, "arm_type"));
	/*
	 * Sign-ins are known for users of a tenant that gives them; never
	 * for service principals and groups here.
	 */
	if (strcmp(r.kind, "group") != 0 &&
	    (!m->signin || json_object_get(p, "user") == NULL)) {
		json_object_set_new(attrs, "usage_unknown", json_true());
		r.last_used_at = NULL;
	}
	aj = json_dumps(attrs, JSON_COMPACT | JSON_SORT_KEYS);
	r.attrs = aj;
	rc = sink_principal(m->sink, &r, e);
	free(aj);
	json_decref(attrs);
	return rc;
}

static int
read_members(struct model *m, struct err *e)
{
	const json_t *o;
	const char *mid;
	size_t g, i;
	int rc;

	for (g = 0; g < m->d->ngrp; g++) {
		const struct az_part *p = &m->d->grp[g].members;

		prin_get(m, m->d->grp[g].id);
		json_array_foreach(p->j, i, o)
		{
			if ((rc = need_str(o, "id", p->what, i, &mid, e)) != 0)
				return rc;
			prin_from_graph(m, o);
		}
	}
	return 0;
}

static int
emit_members(struct model *m, struct err *e)
{
	const json_t *o;
	char *lm;
	size_t g, i;
	int rc;

	for (g = 0; g < m->d->ngrp; g++) {
		const struct az_group *gr = &m->d->grp[g];

		json_array_foreach(gr->members.j, i, o)
		{
			lm = xstrdup_lower(fstr(o, "id"));
			if (strcmp(lm, gr->id) == 0) {
				free(lm);
				continue;
			}
			rc = sink_membership(m->sink, lm, gr->id, e);
			free(lm);
			if (rc != 0)
				return rc;
		}
	}
	return 0;
}

static int
emit_assignments(struct model *m, struct err *e)
{
	struct rec_assignment r;
	const json_t *k, *a;
	size_t i;
	char *aj;
	int rc;

	json_array_foreach(m->asg_order, i, k)
	{
		a = json_object_get(m->asg, json_string_value(k));
		memset(&r, 0, sizeof(r));
		r.principal_ext_id =
		    json_string_value(json_object_get(a, "principal"));
		r.entitlement_ext_id =
		    json_string_value(json_object_get(a, "entitlement"));
		r.state = json_string_value(json_object_get(a, "state"));
		r.expires_at = json_string_value(json_object_get(a, "expires"));
		r.origin = json_string_value(json_object_get(a, "origin"));
		aj = json_object_size(json_object_get(a, "attrs"))
		    ? json_dumps(json_object_get(a, "attrs"),
			  JSON_COMPACT | JSON_SORT_KEYS)
		    : NULL;
		r.attrs = aj;
		rc = sink_assignment(m->sink, &r, e);
		free(aj);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int
azure_emit(struct sink *sink, const struct catalog *cat,
    const struct az_data *d, struct err *e)
{
	struct model m;
	const json_t *o, *p;
	const char *id, *k;
	size_t i, s;
	int rc;

	memset(&m, 0, sizeof(m));
	m.d = d;
	m.cat = cat;
	m.sink = sink;
	m.prin = json_object();
	m.roledef = json_object();
	m.dirdef = json_object();
	m.ents = json_object();
	m.asg = json_object();
	m.asg_order = json_array();
	m.sched = json_object();
	/* the fullest facts first: users, then what Graph says of others */
	if ((rc = read_users(&m, e)) != 0)
		goto out;
	json_array_foreach(d->dir_definitions.j, i, o)
	{
		char *l;

		if ((rc = need_str(o, "id", d->dir_definitions.what, i, &id,
			 e)) != 0)
			goto out;
		l = xstrdup_lower(id);
		json_object_set(m.dirdef, l, (json_t *)o);
		free(l);
	}
	json_array_foreach(d->objects.j, i, o) prin_from_graph(&m, o);
	if ((rc = read_members(&m, e)) != 0 ||
	    (rc = read_schedules(&m, e)) != 0 ||
	    (rc = read_dir(&m, &d->dir_assignments, 0, e)) != 0 ||
	    (rc = read_dir(&m, &d->dir_eligible, 1, e)) != 0 ||
	    (rc = read_roledefs(&m, e)) != 0)
		goto out;
	for (s = 0; s < d->nsub; s++)
		if ((rc = read_arm(&m, &d->sub[s].assignments, 0, e)) != 0 ||
		    (rc = read_arm(&m, &d->sub[s].eligible, 1, e)) != 0)
			goto out;
	json_object_foreach(m.prin, k, p)
	{
		if ((rc = emit_principal(&m, k, p, e)) != 0)
			goto out;
	}
	if ((rc = emit_members(&m, e)) != 0 ||
	    (rc = emit_assignments(&m, e)) != 0)
		goto out;
out:
	json_decref(m.prin);
	json_decref(m.roledef);
	json_decref(m.dirdef);
	json_decref(m.ents);
	json_decref(m.asg);
	json_decref(m.asg_order);
	json_decref(m.sched);
	return rc;
}

/* ---- subscriptions ---- */

int
az_is_guid(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]))
			return 0;
	}
	return i == 36;
}

static int
in_list(char *const *list, const char *s)
{
	size_t k;

	for (k = 0; list[k] != NULL; k++)
		if (strcmp(list[k], s) == 0)
			return 1;
	return 0;
}

int
az_pick_subs(const json_t *list, const char *what, const char *tenant,
    char *const *subs, struct az_data *d, struct err *e)
{
	const json_t *o;
	const char *id, *state, *t, *nm;
	size_t i, k;
	char *l;

	json_array_foreach(list, i, o)
	{
		id = fstr(o, "subscriptionId");
		if (id == NULL && (id = fstr(o, "id")) != NULL &&
		    strncasecmp(id, "/subscriptions/", 15) == 0)
			id += 15;
		if (id == NULL || !az_is_guid(id))
			return err_set(e, PARC_EDATA,
			    "%s: item %zu has no subscription id (id or "
			    "subscriptionId, a GUID)",
			    what, i + 1);
		l = xstrdup_lower(id);
		state = fstr(o, "state");
		if ((t = fstr(o, "tenantId")) == NULL)
			t = fstr(o, "homeTenantId");
		if ((tenant != NULL && t != NULL &&
			strcasecmp(t, tenant) != 0) ||
		    (state != NULL && strcasecmp(state, "Enabled") != 0) ||
		    (subs != NULL && !in_list(subs, l))) {
			free(l);
			continue;
		}
		for (k = 0; k < d->nsub; k++)
			if (strcmp(d->sub[k].id, l) == 0)
				break;
		if (k < d->nsub) {
			free(l);
			continue;
		}
		d->sub = xrealloc(d->sub, (d->nsub + 1) * sizeof(*d->sub));
		memset(&d->sub[d->nsub], 0, sizeof(d->sub[0]));
		d->sub[d->nsub].id = l;
		if ((nm = fstr(o, "displayName")) == NULL)
			nm = fstr(o, "name");
		if (nm != NULL)
			d->sub[d->nsub].name = xstrdup(nm);
		d->nsub++;
	}
	for (k = 0; subs != NULL && subs[k] != NULL; k++) {
		for (i = 0; i < d->nsub; i++)
			if (strcmp(d->sub[i].id, subs[k]) == 0)
				break;
		if (i == d->nsub)
			return err_set(e, PARC_EDATA,
			    "%s: subscription %s (in subscriptions) is not "
			    "there, or not Enabled%s%s",
			    what, subs[k], tenant ? ", in tenant " : "",
			    tenant ? tenant : "");
	}
	return 0;
}

/* ---- the groups that hold a role ---- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
add_groups_arm(json_t *set, const struct az_part *p)
{
	const json_t *o;
	const char *t, *id;
	size_t i;

	json_array_foreach(p->j, i, o)
	{
		t = fstr(o, "principalType");
		id = fstr(o, "principalId");
		if (t != NULL && id != NULL && strcasecmp(t, "Group") == 0) {
			char *l = xstrdup_lower(id);

			json_object_set_new(set, l, json_true());
			free(l);
		}
	}
}

static void
add_groups_dir(json_t *set, const struct az_part *p)
{
	const json_t *o, *pr;
	const char *t;
	size_t i;

	json_array_foreach(p->j, i, o)
	{
		pr = json_object_get(o, "principal");
		t = fstr(pr, "@odata.type");
		if (t != NULL && fstr(pr, "id") != NULL &&
		    strcasecmp(t, "#microsoft.graph.group") == 0) {
			char *l = xstrdup_lower(fstr(pr, "id"));

			json_object_set_new(set, l, json_true());
			free(l);
		}
	}
}

char **
az_role_groups(const struct az_data *d, size_t *n)
{
	json_t *set = json_object();
	const char *k;
	json_t *v;
	char **out;
	size_t i = 0, s;

	for (s = 0; s < d->nsub; s++) {
		add_groups_arm(set, &d->sub[s].assignments);
		add_groups_arm(set, &d->sub[s].eligible);
	}
	add_groups_dir(set, &d->dir_assignments);
	add_groups_dir(set, &d->dir_eligible);
	out = xcalloc(json_object_size(set) + 1, sizeof(*out));
	json_object_foreach(set, k, v) out[i++] = xstrdup(k);
	qsort(out, i, sizeof(*out), cmp_str);
	*n = i;
	json_decref(set);
	return out;
}

static void
part_release(struct az_part *p)
{
	json_decref(p->j);
	free(p->what);
	p->j = NULL;
	p->what = NULL;
}

void
az_data_release(struct az_data *d)
{
	size_t i;

	for (i = 0; i < d->nsub; i++) {
		free(d->sub[i].id);
		free(d->sub[i].name);
		part_release(&d->sub[i].assignments);
		part_release(&d->sub[i].definitions);
		part_release(&d->sub[i].eligible);
	}
	free(d->sub);
	for (i = 0; i < d->ngrp; i++) {
		free(d->grp[i].id);
		part_release(&d->grp[i].members);
	}
	free(d->grp);
	part_release(&d->dir_assignments);
	part_release(&d->dir_definitions);
	part_release(&d->dir_eligible);
	part_release(&d->dir_schedules);
	part_release(&d->users);
	part_release(&d->objects);
	free(d->tenant_id);
	memset(d, 0, sizeof(d[0]));
	d->signin = -1;
}
