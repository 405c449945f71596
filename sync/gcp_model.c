/*
 * gcp_model.c - IAM policies of a Google Cloud scope as principals,
 * memberships, entitlements and assignments (see gcp_model.h for what
 * becomes what).
 *
 * Everything is gathered first (principals, entitlements and assignments
 * as JSON objects keyed by their external ids, so a member bound in many
 * places is one account and a role bound twice on a resource is one
 * entitlement) and emitted at the end, once keys, last uses and expired
 * bindings are attached to what they belong to.
 *
 * Over 1,000 lines: the readers of the five exports (policies,
 * memberships, keys, last authentication, custom roles), the escalation
 * walk and the emitter all work on the one gathering state (struct gm)
 * and its lookups; splitting them at those seams with an internal header,
 * as sync/aws_model was, is left for a follow-up.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db/catalog.h"
#include "db/sink.h"
#include "lib/err.h"
#include "lib/isodate.h"
#include "lib/sb.h"
#include "sync/gcp_model.h"

#define CRM "//cloudresourcemanager.googleapis.com/"
#define IAMRES "//iam.googleapis.com/"
#define MAX_ESCALATION_ROUNDS 8

struct gm {
	const struct catalog *cat;
	const struct gcp_input *in;
	json_t *principals;   /* ext_id -> {name, kind, ...} */
	json_t *entitlements; /* ext_id -> {name, scope, tier, ...} */
	json_t *assignments;  /* "member\x1froleext" -> {p, e, ...} */
	json_t *asorder;      /* assignment keys in the order met */
	json_t *satier;	      /* service account email -> tier */
	json_t *groups;	      /* lower-cased group email -> members */
	json_t *edges;	      /* "member\x1fgroup" -> [member, group] */
	json_t *roles;	      /* role -> what the catalog says of it */
	json_t *custom;	      /* custom role name -> its definition */
	char now[32];
};

/* ---- small helpers ---- */

static const char *
jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/*
 * ISO 8601 (2020-10-01T00:00:00.000Z, +HH:MM offsets, a bare date) as
 * "YYYY-MM-DDTHH:MM:SSZ" in UTC. Returns 0, or -1 when s is not a time.
 */
static int
iso_norm(const char *s, char out[21])
{
	int y, mo, d, h = 0, mi = 0, se = 0, k = 0, oh, om;
	const char *p;
	long off = 0;

	if (s == NULL || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &k) != 3 ||
	    k != 10)
		return -1;
	p = s + 10;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (sscanf(p + 1, "%2d:%2d:%2d%n", &h, &mi, &se, &k) != 3 ||
		    k != 8)
			return -1;
		p += 9;
		if (*p == '.')
			for (p++; isdigit((unsigned char)*p); p++)
				;
		if (*p == 'Z' || *p == 'z')
			p++;
		else if (*p == '+' || *p == '-') {
			if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2)
				return -1;
			off = (oh * 60L + om) * 60L * (*p == '-' ? -1 : 1);
			p += 6;
		}
	}
	if (*p != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || se > 60)
		return -1;
	return iso_fields_utc(y, mo, d, h, mi, se, off, out);
}

/* "//cloudresourcemanager.googleapis.com/projects/p" -> "projects/p". */
static const char *
short_resource(const char *full)
{
	if (strncmp(full, CRM, strlen(CRM)) == 0)
		return full + strlen(CRM);
	return full;
}

/*
 * The service account a resource name or key name is, or in: the email
 * of ".../serviceAccounts/EMAIL[/keys/ID]", malloc'd lower-case, or NULL.
 */
static char *
sa_of(const char *name)
{
	const char *p = name ? strstr(name, "/serviceAccounts/") : NULL;
	const char *q;
	char *s, *r;

	if (p == NULL)
		return NULL;
	p += strlen("/serviceAccounts/");
	q = strchr(p, '/');
	s = q ? strndup(p, (size_t)(q - p)) : xstrdup(p);
	if (s == NULL)
		abort();
	r = xstrdup_lower(s);
	free(s);
	if (strchr(r, '@') == NULL) {
		free(r);
		return NULL;
	}
	return r;
}

static int
in_list(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while (p && *p) {
		size_t k;

		p += strspn(p, " ,\t");
		k = strcspn(p, " ,\t");
		if (k == n && strncasecmp(p, word, n) == 0)
			return 1;
		p += k;
	}
	return 0;
}

/* ---- conditions ---- */

/* Skip spaces; the pointer after them. */
static const char *
ws(const char *p, const char *end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	return p;
}

static int
match_word(const char **pp, const char *end, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(end - *pp) < n || strncmp(*pp, w, n) != 0)
		return 0;
	*pp += n;
	return 1;
}

/* One term [p, end): request.time < timestamp("T"), parentheses around. */
static int
term_until(const char *p, const char *end, char *until, size_t n)
{
	const char *q;
	char quote;

	p = ws(p, end);
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	while (end - p >= 2 && *p == '(' && end[-1] == ')') {
		/* only when the parentheses enclose the whole term */
		int depth = 0;
		const char *r;

		for (r = p; r < end; r++) {
			if (*r == '(')
				depth++;
			else if (*r == ')' && --depth == 0 && r != end - 1)
				return 0;
		}
		p = ws(p + 1, end);
		end--;
		while (end > p && isspace((unsigned char)end[-1]))
			end--;
	}
	if (!match_word(&p, end, "request.time"))
		return 0;
	p = ws(p, end);
	if (!match_word(&p, end, "<"))
		return 0;
	(void)match_word(&p, end, "=");
	p = ws(p, end);
	if (!match_word(&p, end, "timestamp"))
		return 0;
	p = ws(p, end);
	if (!match_word(&p, end, "("))
		return 0;
	p = ws(p, end);
	if (p >= end || (*p != '"' && *p != '\''))
		return 0;
	quote = *p++;
	if ((q = memchr(p, quote, (size_t)(end - p))) == NULL)
		return 0;
	if ((size_t)(q - p) >= n)
		return 0;
	memcpy(until, p, (size_t)(q - p));
	until[q - p] = '\0';
	p = ws(q + 1, end);
	if (!match_word(&p, end, ")"))
		return 0;
	return ws(p, end) == end;
}

int
gcp_condition_until(const char *expr, char *until, size_t n)
{
	const char *p, *start, *end;
	int depth = 0;
	char quote = 0;

	if (expr == NULL || n == 0)
		return 0;
	end = expr + strlen(expr);
	/* a top-level || makes the time one alternative among others */
	for (p = expr; p < end; p++) {
		if (quote) {
			if (*p == '\\' && p + 1 < end)
				p++;
			else if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'')
			quote = *p;
		else if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (depth == 0 && p[0] == '|' && p[1] == '|')
			return 0;
	}
	for (start = p = expr, depth = 0, quote = 0; p <= end; p++) {
		if (p < end && quote) {
			if (*p == '\\' && p + 1 < end)
				p++;
			else if (*p == quote)
				quote = 0;
			continue;
		}
		if (p < end && (*p == '"' || *p == '\''))
			quote = *p;
		else if (p < end && *p == '(')
			depth++;
		else if (p < end && *p == ')')
			depth--;
		else if (p == end ||
		    (depth == 0 && p[0] == '&' && p[1] == '&')) {
			if (term_until(start, p, until, n))
				return 1;
			start = p + 2;
			p++;
		}
	}
	return 0;
}

/* ---- principals ---- */

static int
bad(const char *what, struct err *e, const char *fmt, const char *obj)
{
	return err_set(e, PARC_EDATA, "%s: %s%.300s", what, fmt,
	    obj ? obj : "");
}

/* The domain of an email, or NULL. */
static const char *
domain_of(const char *email)
{
	const char *at = strrchr(email, '@');

	return at ? at + 1 : NULL;
}

static void
mark_outside(struct gm *g, json_t *attrs, const char *dom)
{
	if (g->in->domains == NULL || dom == NULL || *dom == '\0' ||
	    in_list(g->in->domains, dom))
		return;
	json_object_set_new(attrs, "outside_domain", json_string(dom));
	json_object_set_new(attrs, "domains", json_string(g->in->domains));
}

/*
 * The principal for member m (as IAM writes it: "user:a@b", "allUsers",
 * "deleted:serviceAccount:x@y?uid=1"), created on first sight. Returns
 * its ext_id (borrowed from the table) or NULL for a member IAM would
 * not accept.
 */
static const char *
principal_for(struct gm *g, const char *m)
{
	char *ext = NULL, *email = NULL;
	const char *type, *name, *kind = "shared", *colon, *key;
	json_t *p, *attrs;
	int enabled = -1, known = 0;
	struct sb nm = SB_INIT, disp = SB_INIT;

	if (m == NULL || *m == '\0')
		return NULL;
	if (strncmp(m, "deleted:", 8) == 0) {
		const char *inner = m + 8, *q;

		ext = xstrdup(m);
		if ((p = json_object_get(g->principals, ext)) != NULL)
			goto found;
		colon = strchr(inner, ':');
		q = strchr(inner, '?');
		attrs = json_object();
		json_object_set_new(attrs, "deleted", json_true());
		if (colon != NULL) {
			email = strndup(colon + 1,
			    (size_t)((q ? q : inner + strlen(inner)) -
				(colon + 1)));
			json_object_set_new(attrs, "member_type",
			    json_stringn(inner, (size_t)(colon - inner)));
		}
		if (q != NULL && strncmp(q, "?uid=", 5) == 0)
			json_object_set_new(attrs, "uid", json_string(q + 5));
		if (colon && strncmp(inner, "serviceAccount:", 15) == 0)
			kind = "service";
		else if (colon && strncmp(inner, "user:", 5) == 0)
			kind = "human";
		p = json_pack("{s:s, s:s, s:s, s:i, s:o}", "name", m, "kind",
		    kind, "display", email ? email : m, "enabled", 0, "attrs",
		    attrs);
		if (email && strcmp(kind, "human") == 0)
			json_object_set_new(p, "email", json_string(email));
		json_object_set_new(g->principals, ext, p);
		goto found;
	}
	if (strcmp(m, "allUsers") == 0 ||
	    strcmp(m, "allAuthenticatedUsers") == 0) {
		ext = xstrdup(m);
		if ((p = json_object_get(g->principals, ext)) != NULL)
			goto found;
		attrs = json_pack("{s:s, s:s}", "member_type", m, "public",
		    m[3] == 'U' ? "anyone on the internet, signed in or not"
				: "anyone with a Google account, in any "
				  "organization");
		p = json_pack("{s:s, s:s, s:s, s:o}", "name", m, "kind",
		    "shared", "display",
		    m[3] == 'U' ? "everyone (public)"
				: "every Google account (public)",
		    "attrs", attrs);
		json_object_set_new(g->principals, ext, p);
		goto found;
	}
	if ((colon = strchr(m, ':')) == NULL)
		return NULL;
	type = m;
	name = colon + 1;
	if (*name == '\0')
		return NULL;
	/* emails are case-insensitive; other ids (principal://...) are not */
	if (strncmp(type, "user:", 5) == 0 ||
	    strncmp(type, "serviceAccount:", 15) == 0 ||
	    strncmp(type, "group:", 6) == 0 || strncmp(type, "domain:", 7) == 0)
		email = xstrdup_lower(name);
	else
		email = xstrdup(name);
	sb_add(&nm, type, (size_t)(colon - type));
	sb_addc(&nm, ':');
	sb_adds(&nm, email);
	ext = sb_detach(&nm);
	if ((p = json_object_get(g->principals, ext)) != NULL)
		goto found;
	attrs = json_object();
	json_object_set_new(attrs, "member_type",
	    json_stringn(type, (size_t)(colon - type)));
	key = email;
	if (strncmp(type, "user:", 5) == 0) {
		kind = "human";
		mark_outside(g, attrs, domain_of(email));
	} else if (strncmp(type, "serviceAccount:", 15) == 0) {
		kind = "service";
	} else if (strncmp(type, "group:", 6) == 0) {
		known = json_object_get(g->groups, email) != NULL;
		kind = known ? "group" : "shared";
		if (!known) {
			json_object_set_new(attrs, "members_unknown",
			    json_true());
			json_object_set_new(attrs, "shared_why",
			    json_string("it is a group whose members are "
					"unknown (not in the membership "
					"export, or not readable)"));
			sb_addf(&disp, "group %s (members unknown)", email);
		}
		mark_outside(g, attrs, domain_of(email));
	} else if (strncmp(type, "domain:", 7) == 0) {
		sb_addf(&disp, "every account of %s", email);
		json_object_set_new(attrs, "shared_why",
		    json_string("it stands for every account of a domain"));
		mark_outside(g, attrs, email);
	}
	/* a known group, user or service account is called by its email */
	p = json_pack("{s:s, s:s, s:s}", "name",
	    (strcmp(kind, "shared") == 0) ? ext : key, "kind", kind, "display",
	    disp.len ? disp.buf : key);
	if (strcmp(kind, "human") == 0)
		json_object_set_new(p, "email", json_string(email));
	json_object_set_new(p, "enabled", json_integer(enabled));
	json_object_set_new(p, "attrs", attrs);
	json_object_set_new(g->principals, ext, p);
found:
	free(email);
	sb_release(&disp);
	key = json_object_iter_key(json_object_iter_at(g->principals, ext));
	free(ext);
	return key;
}

/* The member string a membership's member is, from its key and type. */
static char *
membership_member(struct gm *g, const json_t *ms)
{
	const json_t *k = json_object_get(ms, "preferredMemberKey");
	const char *id, *type = jstr(ms, "type");
	struct sb sb = SB_INIT;
	char *low;
	size_t n;

	if (json_is_array(k))
		k = json_array_get(k, 0);
	id = jstr(k, "id");
	if (id == NULL || *id == '\0')
		return NULL;
	low = xstrdup_lower(id);
	n = strlen(low);
	if (type && strcmp(type, "GROUP") == 0)
		sb_adds(&sb, "group:");
	else if (type && strcmp(type, "SERVICE_ACCOUNT") == 0)
		sb_adds(&sb, "serviceAccount:");
	else if (type && strcmp(type, "USER") == 0)
		sb_adds(&sb, "user:");
	else if (json_object_get(g->groups, low) != NULL)
		sb_adds(&sb, "group:");
	else if (n > 20 && strcmp(low + n - 20, ".gserviceaccount.com") == 0)
		sb_adds(&sb, "serviceAccount:");
	else
		sb_adds(&sb, "user:");
	sb_adds(&sb, low);
	free(low);
	return sb_detach(&sb);
}

/* Index the membership export: lower-cased group email -> array. */
static int
load_groups(struct gm *g, struct err *e)
{
	const char *key, *what = g->in->groups_what;
	json_t *v;

	g->groups = json_object();
	if (g->in->groups == NULL)
		return 0;
	if (!json_is_object(g->in->groups))
		return bad(what, e,
		    "not a membership export (an object: group email -> "
		    "its memberships)",
		    NULL);
	json_object_foreach((json_t *)g->in->groups, key, v)
	{
		char *low;

		if (json_is_object(v) &&
		    json_is_array(json_object_get(v, "memberships")))
			v = json_object_get(v, "memberships");
		if (!json_is_array(v))
			return bad(what, e,
			    "memberships of a group must be an array: ", key);
		low = xstrdup_lower(key);
		json_object_set(g->groups, low, v);
		free(low);
	}
	return 0;
}

/* Index custom role definitions (Role objects) by name. */
static int
load_custom(struct gm *g, const json_t *roles, const char *what, struct err *e)
{
	const json_t *list = roles, *r;
	size_t i;

	if (g->custom == NULL)
		g->custom = json_object();
	if (roles == NULL)
		return 0;
	if (json_is_object(roles))
		list = json_object_get(roles, "roles");
	if (!json_is_array(list))
		return bad(what, e,
		    "not a list of custom roles (an array of roles, or "
		    "{\"roles\": [...]})",
		    NULL);
	json_array_foreach(list, i, r)
	{
		const char *name = jstr(r, "name");
		const json_t *perms = json_object_get(r, "includedPermissions");

		if (name == NULL || (perms != NULL && !json_is_array(perms)))
			return bad(what, e,
			    "a custom role without a name, or whose "
			    "includedPermissions is not an array: ",
			    name);
		json_object_set(g->custom, name, (json_t *)r);
	}
	return 0;
}

/* Every group bound somewhere, and the groups in it, with their members. */
static int
walk_groups(struct gm *g, struct err *e)
{
	json_t *queue = json_array(), *seen = json_object(), *p;
	const char *ext;
	size_t i, k;
	int rc = 0;

	json_object_foreach(g->principals, ext,
	    p) if (strcmp(jstr(p, "kind"), "group") == 0)
	    json_array_append_new(queue, json_string(ext));
	for (i = 0; i < json_array_size(queue); i++) {
		const char *gext = json_string_value(json_array_get(queue, i));
		const json_t *list, *ms;

		if (json_object_get(seen, gext) != NULL)
			continue;
		json_object_set_new(seen, gext, json_true());
		list = json_object_get(g->groups, gext + 6);
		json_array_foreach(list, k, ms)
		{
			char *m = membership_member(g, ms);
			const char *mext;
			struct sb key = SB_INIT;

			if (m == NULL) {
				rc = bad(g->in->groups_what, e,
				    "a membership without preferredMemberKey "
				    "id in group ",
				    gext + 6);
				goto out;
			}
			mext = principal_for(g, m);
			free(m);
			if (mext == NULL)
				continue;
			sb_addf(&key, "%s\x1f%s", mext, gext);
			json_object_set_new(g->edges, key.buf,
			    json_pack("[s,s]", mext, gext));
			sb_release(&key);
			p = json_object_get(g->principals, mext);
			if (strcmp(jstr(p, "kind"), "group") == 0)
				json_array_append_new(queue, json_string(mext));
		}
	}
out:
	json_decref(queue);
	json_decref(seen);
	return rc;
}

/* ---- bindings ---- */

static const json_t *
results_of(const json_t *policies)
{
	if (json_is_object(policies))
		return json_object_get(policies, "results");
	return policies;
}

/* A custom role's title for the reason, or its name. */
static const char *
role_title(const json_t *def, const char *name)
{
	const char *t = jstr(def, "title");

	return t && *t ? t : name;
}

/*
 * What the catalog says of a role, matched once per role (an organization
 * binds few roles many times): {"tier", "matched", "reason", "tech"},
 * borrowed from g->roles. A predefined role it does not name is tier 3;
 * a custom role takes the lowest tier of its permissions (kind
 * permission), or is unclassified (-1) when its definition was not read.
 */
static const json_t *
role_info(struct gm *g, const char *role)
{
	const struct catalog_entry *ce, *best = NULL;
	const json_t *def, *perms, *pm;
	json_t *info = json_object_get(g->roles, role);
	struct sb why = SB_INIT;
	size_t i, npriv = 0;

	if (info != NULL)
		return info;
	if ((ce = catalog_match(g->cat, "gcp", "role", role)) != NULL)
		info = json_pack("{s:i, s:b, s:s, s:s}", "tier", ce->tier,
		    "matched", 1, "reason", ce->reason, "tech", ce->techniques);
	else if (strncmp(role, "roles/", 6) == 0)
		info = json_pack("{s:i, s:b, s:s, s:s}", "tier", 3, "matched",
		    0, "reason",
		    "a predefined role the catalog does not name as privileged",
		    "tech", "");
	else if ((def = json_object_get(g->custom, role)) != NULL) {
		perms = json_object_get(def, "includedPermissions");
		json_array_foreach(perms, i, pm)
		{
			const char *perm = json_string_value(pm);

			if (perm == NULL ||
			    (ce = catalog_match(g->cat, "gcp", "permission",
				 perm)) == NULL)
				continue;
			npriv++;
			if (best == NULL || ce->tier < best->tier)
				best = ce;
		}
		if (best != NULL) {
			sb_addf(&why, "custom role %s: %s",
			    role_title(def, role), best->reason);
			if (npriv > 1)
				sb_addf(&why,
				    " (and %zu more privileged "
				    "permissions)",
				    npriv - 1);
			info = json_pack("{s:i, s:b, s:s, s:s}", "tier",
			    best->tier, "matched", 1, "reason", why.buf, "tech",
			    best->techniques);
		} else {
			sb_addf(&why,
			    "custom role %s: none of its %zu permissions is "
			    "privileged in the catalog",
			    role_title(def, role), json_array_size(perms));
			info = json_pack("{s:i, s:b, s:s, s:s}", "tier", 3,
			    "matched", 0, "reason", why.buf, "tech", "");
		}
	} else
		info = json_pack("{s:i, s:b, s:s, s:s}", "tier", -1, "matched",
		    0, "reason",
		    "a custom role whose permissions were not read (no "
		    "custom_roles export, or not readable), so it is not "
		    "classified",
		    "tech", "");
	sb_release(&why);
	json_object_set_new(g->roles, role, info);
	return info;
}

static int
satier_get(struct gm *g, const char *email)
{
	json_t *v = json_object_get(g->satier, email);

	return v ? (int)json_integer_value(v) : 3;
}

static int
satier_lower(struct gm *g, const char *email, int tier)
{
	if (tier < 0 || tier >= satier_get(g, email))
		return 0;
	json_object_set_new(g->satier, email, json_integer(tier));
	return 1;
}

/*
 * The tier a binding carries: the catalog's on most resources; on a
 * service account, the tier of what that account holds (escalation).
 */
static int
binding_tier(struct gm *g, const char *resource, const char *role,
    const json_t **info, char **sa)
{
	int t;

	*info = role_info(g, role);
	t = (int)json_integer_value(json_object_get(*info, "tier"));
	*sa = NULL;
	if (strncmp(resource, IAMRES, strlen(IAMRES)) == 0 &&
	    (*sa = sa_of(resource)) != NULL &&
	    json_is_true(json_object_get(*info, "matched")))
		t = satier_get(g, *sa);
	return t;
}

/* Tiers of service accounts: what they hold, then what holding them gives. */
static void
escalate(struct gm *g, const json_t *results)
{
	const json_t *r, *b, *m;
	size_t i, j, k;
	int round, changed = 1;

	for (round = 0; changed && round < MAX_ESCALATION_ROUNDS; round++) {
		changed = 0;
		json_array_foreach(results, i, r)
		{
			const char *res = jstr(r, "resource");
			json_t *bs =
			    json_object_get(json_object_get(r, "policy"),
				"bindings");

			if (res == NULL)
				continue;
			json_array_foreach(bs, j, b)
			{
				const json_t *info;
				const char *role = jstr(b, "role");
				char *sa;
				int t;

				if (role == NULL)
					continue;
				t = binding_tier(g, res, role, &info, &sa);
				free(sa);
				if (t < 0 || t > 2)
					continue;
				json_array_foreach(json_object_get(b,
						       "members"),
				    k, m)
				{
					const char *s = json_string_value(m);
					char *low;

					if (s == NULL ||
					    strncmp(s, "serviceAccount:", 15) !=
						0)
						continue;
					low = xstrdup_lower(s + 15);
					changed |= satier_lower(g, low, t);
					free(low);
				}
			}
		}
	}
}

/* "organizations/1 > folders/2" for the reason and attrs. */
static json_t *
ancestors_of(const json_t *r, const char *res)
{
	json_t *a = json_array(), *f, *x;
	const char *org = jstr(r, "organization");
	size_t i, n;

	if (org != NULL && *org != '\0' && strcmp(org, res) != 0)
		json_array_append_new(a, json_string(org));
	f = json_object_get(r, "folders");
	n = json_array_size(f);
	/* the API lists folders from the resource up, a folder's own first */
	for (i = n; i > 0; i--) {
		x = json_array_get(f, i - 1);
		if (json_is_string(x) && strcmp(json_string_value(x), res) != 0)
			json_array_append(a, x);
	}
	return a;
}

static void
add_reason(struct sb *sb, const char *res, const json_t *anc)
{
	size_t i;

	if (strncmp(res, "organizations/", 14) == 0)
		sb_adds(sb,
		    "; bound on the organization: inherited by every "
		    "folder, project and resource in it");
	else if (strncmp(res, "folders/", 8) == 0)
		sb_addf(sb,
		    "; bound on folder %s: inherited by every folder, "
		    "project and resource under it",
		    res + 8);
	else if (strncmp(res, "projects/", 9) == 0)
		sb_addf(sb,
		    "; bound on project %s: inherited by its "
		    "resources",
		    res + 9);
	if (json_array_size(anc) == 0)
		return;
	sb_adds(sb, " (under ");
	for (i = json_array_size(anc); i > 0; i--) {
		sb_adds(sb, json_string_value(json_array_get(anc, i - 1)));
		if (i > 1)
			sb_adds(sb, " < ");
	}
	sb_adds(sb, ")");
}

/* The entitlement of role on the result's resource, created once. */
static const char *
entitlement_for(struct gm *g, const json_t *r, const char *resfull,
    const char *role)
{
	const json_t *info;
	const char *res = short_resource(resfull), *key;
	struct sb ext = SB_INIT, reason = SB_INIT;
	json_t *n, *anc, *attrs;
	char *sa;
	int tier, matched;

	sb_addf(&ext, "%s on %s", role, res);
	if (json_object_get(g->entitlements, ext.buf) != NULL)
		goto out;
	tier = binding_tier(g, resfull, role, &info, &sa);
	matched = json_is_true(json_object_get(info, "matched"));
	anc = ancestors_of(r, res);
	sb_adds(&reason, jstr(info, "reason"));
	if (sa != NULL && matched)
		sb_addf(&reason,
		    "; on service account %s, whose own rights "
		    "it can use (escalation: tier %d)",
		    sa, tier);
	add_reason(&reason, res, anc);
	attrs = json_pack("{s:s, s:s, s:o}", "role", role, "resource", resfull,
	    "ancestors", anc);
	n = json_pack("{s:s, s:s, s:i, s:s, s:o}", "name", ext.buf, "scope",
	    res, "tier", tier, "reason", reason.buf, "attrs", attrs);
	if (jstr(info, "tech") != NULL && *jstr(info, "tech") != '\0')
		json_object_set_new(n, "techniques",
		    json_string(jstr(info, "tech")));
	json_object_set_new(g->entitlements, ext.buf, n);
	free(sa);
out:
	sb_release(&reason);
	key =
	    json_object_iter_key(json_object_iter_at(g->entitlements, ext.buf));
	sb_release(&ext);
	return key;
}

/*
 * Rank of a binding for one member and entitlement, when several bind it:
 * unconditional beats other conditions beats time-bound, and a later end
 * beats an earlier one.
 */
static int
better(const json_t *old, const char *until, const json_t *cond)
{
	const char *ou = jstr(old, "expires_at");
	int ocond = json_object_get(old, "condition") != NULL;

	if (ou == NULL && !ocond)
		return 0;
	if (cond == NULL)
		return 1;
	if (until == NULL)
		return ou != NULL;
	return ou != NULL && strcmp(until, ou) > 0;
}

static int
add_binding(struct gm *g, const json_t *r, const char *res, const json_t *b,
    size_t bi, struct err *e)
{
	const char *role = jstr(b, "role"), *ent, *pext, *expr = NULL;
	const json_t *members = json_object_get(b, "members"), *m;
	const json_t *cond = json_object_get(b, "condition");
	char raw[64], until[32], *up = NULL;
	struct sb what = SB_INIT;
	size_t k;
	int rc = 0;

	sb_addf(&what, "%s: %.300s: binding %zu: ", g->in->policies_what, res,
	    bi + 1);
	if (role == NULL || !json_is_array(members)) {
		rc =
		    err_set(e, PARC_EDATA, "%sno role or no members", what.buf);
		goto out;
	}
	if (cond != NULL && !json_is_object(cond)) {
		rc = err_set(e, PARC_EDATA, "%scondition is not an object",
		    what.buf);
		goto out;
	}
	if (cond != NULL && json_object_size(cond) == 0)
		cond = NULL;
	if (cond != NULL)
		expr = jstr(cond, "expression");
	if (expr != NULL && gcp_condition_until(expr, raw, sizeof(raw))) {
		if (iso_norm(raw, until) != 0) {
			rc = err_set(e, PARC_EDATA,
			    "%scondition '%.200s': '%s' is not a time",
			    what.buf, expr, raw);
			goto out;
		}
		up = until;
	}
	ent = entitlement_for(g, r, res, role);
	json_array_foreach(members, k, m)
	{
		struct sb key = SB_INIT;
		json_t *a, *old;

		if ((pext = principal_for(g, json_string_value(m))) == NULL) {
			rc = err_set(e, PARC_EDATA,
			    "%smember %zu is not an IAM member "
			    "(TYPE:ID, allUsers or allAuthenticatedUsers)",
			    what.buf, k + 1);
			goto out;
		}
		if (up != NULL && strcmp(up, g->now) <= 0) {
			/* past: shown on the entitlement, grants nothing */
			json_t *n = json_object_get(g->entitlements, ent);
			json_t *attrs = json_object_get(n, "attrs");
			json_t *x = json_object_get(attrs, "expired");

			if (x == NULL) {
				x = json_array();
				json_object_set_new(attrs, "expired", x);
			}
			json_array_append_new(x,
			    json_pack("{s:s, s:s, s:O}", "member", pext,
				"expired_at", up, "condition", cond));
			continue;
		}
		sb_addf(&key, "%s\x1f%s", pext, ent);
		old = json_object_get(g->assignments, key.buf);
		if (old == NULL || better(old, up, cond)) {
			a = json_pack("{s:s, s:s, s:s}", "p", pext, "e", ent,
			    "origin", res);
			if (up != NULL)
				json_object_set_new(a, "expires_at",
				    json_string(up));
			if (cond != NULL)
				json_object_set(a, "condition", (json_t *)cond);
			if (old == NULL)
				json_array_append_new(g->asorder,
				    json_string(key.buf));
			json_object_set_new(g->assignments, key.buf, a);
		}
		sb_release(&key);
	}
out:
	sb_release(&what);
	return rc;
}

/* ---- keys and last authentication ---- */

static json_t *
list_of(const json_t *v, const char *key)
{
	if (json_is_object(v))
		return json_object_get(v, key);
	return (json_t *)v;
}

static int
add_keys(struct gm *g, struct err *e)
{
	const json_t *list = list_of(g->in->keys, "keys"), *k;
	size_t i;

	if (g->in->keys == NULL)
		return 0;
	if (!json_is_array(list))
		return bad(g->in->keys_what, e,
		    "not a key list (an array of keys, or {\"keys\": [...]})",
		    NULL);
	json_array_foreach(list, i, k)
	{
		const char *name = jstr(k, "name"), *type, *after;
		char *sa = sa_of(name), norm[32];
		struct sb ext = SB_INIT;
		json_t *p, *attrs, *keys, *o;
		int disabled;

		if (!json_is_object(k) || sa == NULL) {
			free(sa);
			return bad(g->in->keys_what, e,
			    "a key without a name "
			    "projects/P/serviceAccounts/EMAIL/keys/ID: ",
			    name);
		}
		sb_addf(&ext, "serviceAccount:%s", sa);
		p = json_object_get(g->principals, ext.buf);
		sb_release(&ext);
		free(sa);
		if (p == NULL)
			continue; /* an account that holds nothing here */
		type = jstr(k, "keyType");
		after = jstr(k, "validAfterTime");
		disabled = json_is_true(json_object_get(k, "disabled"));
		attrs = json_object_get(p, "attrs");
		if ((keys = json_object_get(attrs, "keys")) == NULL) {
			keys = json_array();
			json_object_set_new(attrs, "keys", keys);
		}
		o = json_pack("{s:s, s:s, s:b}", "id", strrchr(name, '/') + 1,
		    "type", type ? type : "?", "disabled", disabled);
		if (after != NULL && iso_norm(after, norm) == 0)
			json_object_set_new(o, "created", json_string(norm));
		json_array_append_new(keys, o);
		if (after != NULL && !disabled && type != NULL &&
		    strcmp(type, "USER_MANAGED") == 0 &&
		    iso_norm(after, norm) == 0) {
			const char *old =
			    jstr(attrs, "access_key_last_rotated");

			if (old == NULL || strcmp(norm, old) < 0)
				json_object_set_new(attrs,
				    "access_key_last_rotated",
				    json_string(norm));
		}
	}
	return 0;
}

static void
last_used(json_t *p, const char *when)
{
	const char *old = jstr(p, "last_used_at");

	if (old == NULL || strcmp(when, old) > 0)
		json_object_set_new(p, "last_used_at", json_string(when));
}

static int
add_activities(struct gm *g, struct err *e)
{
	const json_t *list = list_of(g->in->activities, "activities"), *a;
	size_t i, j;

	if (g->in->activities == NULL)
		return 0;
	if (!json_is_array(list))
		return bad(g->in->activities_what, e,
		    "not an activity list (an array, or {\"activities\": "
		    "[...]})",
		    NULL);
	{
		/* a key with no activity was not used in the period */
		const char *ext;
		json_t *p;

		json_object_foreach(g->principals, ext, p)
		{
			json_t *attrs = json_object_get(p, "attrs");

			if (json_object_get(attrs, "keys") != NULL)
				json_object_set_new(attrs, "key_usage_known",
				    json_true());
		}
	}
	json_array_foreach(list, i, a)
	{
		const json_t *act = json_object_get(a, "activity");
		const char *type = jstr(a, "activityType"), *when, *res;
		const json_t *sub;
		char norm[32], *sa;
		struct sb ext = SB_INIT;
		json_t *p, *keys, *k;
		int is_key;

		if (type == NULL || !json_is_object(act))
			return bad(g->in->activities_what, e,
			    "an activity without activityType or activity",
			    NULL);
		is_key =
		    strcmp(type, "serviceAccountKeyLastAuthentication") == 0;
		if (!is_key &&
		    strcmp(type, "serviceAccountLastAuthentication") != 0)
			continue;
		sub = json_object_get(act,
		    is_key ? "serviceAccountKey" : "serviceAccount");
		res = jstr(sub, "fullResourceName");
		if (res == NULL)
			res = jstr(a, "fullResourceName");
		when = jstr(act, "lastAuthenticatedTime");
		if (res == NULL || when == NULL || iso_norm(when, norm) != 0)
			return bad(g->in->activities_what, e,
			    "an activity without fullResourceName or "
			    "lastAuthenticatedTime: ",
			    res);
		if ((sa = sa_of(res)) == NULL)
			continue;
		sb_addf(&ext, "serviceAccount:%s", sa);
		p = json_object_get(g->principals, ext.buf);
		sb_release(&ext);
		free(sa);
		if (p == NULL)
			continue;
		last_used(p, norm);
		if (!is_key)
			continue;
		keys = json_object_get(json_object_get(p, "attrs"), "keys");
		json_array_foreach(keys, j, k)
		{
			const char *id = jstr(k, "id");
			size_t n = strlen(res), m = id ? strlen(id) : 0;

			if (id && n > m && res[n - m - 1] == '/' &&
			    strcmp(res + n - m, id) == 0)
				json_object_set_new(k, "last_authenticated",
				    json_string(norm));
		}
	}
	return 0;
}

/* ---- emission ---- */

static char *
dumps(const json_t *o)
{
	if (o == NULL || json_object_size(o) == 0)
		return NULL;
	return json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
}

static int
emit_all(struct gm *g, struct sink *sink, struct err *e)
{
	const char *ext;
	json_t *v;
	size_t i;
	int rc = 0;

	json_object_foreach(g->principals, ext, v)
	{
		struct rec_principal r = { 0 };
		char *attrs = dumps(json_object_get(v, "attrs"));

		r.ext_id = ext;
		r.name = jstr(v, "name");
		r.display_name = jstr(v, "display");
		r.kind = jstr(v, "kind");
		r.enabled = json_object_get(v, "enabled")
		    ? (int)json_integer_value(json_object_get(v, "enabled"))
		    : -1;
		r.email = jstr(v, "email");
		r.last_used_at = jstr(v, "last_used_at");
		r.mfa = -1;
		r.attrs = attrs;
		rc = sink_principal(sink, &r, e);
		free(attrs);
		if (rc != 0)
			return rc;
	}
	json_object_foreach(g->edges, ext, v)
	{
		if ((rc = sink_membership(sink,
			 json_string_value(json_array_get(v, 0)),
			 json_string_value(json_array_get(v, 1)), e)) != 0)
			return rc;
	}
	json_object_foreach(g->entitlements, ext, v)
	{
		struct rec_entitlement r = { 0 };
		char *attrs = dumps(json_object_get(v, "attrs"));

		r.ext_id = ext;
		r.name = jstr(v, "name");
		r.kind = "role";
		r.scope = jstr(v, "scope");
		r.tier = (int)json_integer_value(json_object_get(v, "tier"));
		r.reason = jstr(v, "reason");
		r.techniques = jstr(v, "techniques");
		r.attrs = attrs;
		rc = sink_entitlement(sink, &r, e);
		free(attrs);
		if (rc != 0)
			return rc;
	}
	json_array_foreach(g->asorder, i, v)
	{
		json_t *a =
		    json_object_get(g->assignments, json_string_value(v));
		struct rec_assignment r = { 0 };
		json_t *attrs = json_object();
		char *s;

		if (json_object_get(a, "condition") != NULL)
			json_object_set(attrs, "condition",
			    json_object_get(a, "condition"));
		s = dumps(attrs);
		json_decref(attrs);
		r.principal_ext_id = jstr(a, "p");
		r.entitlement_ext_id = jstr(a, "e");
		r.state = "active";
		r.expires_at = jstr(a, "expires_at");
		r.origin = jstr(a, "origin");
		r.attrs = s;
		rc = sink_assignment(sink, &r, e);
		free(s);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static void
gm_release(struct gm *g)
{
	json_decref(g->principals);
	json_decref(g->entitlements);
	json_decref(g->assignments);
	json_decref(g->asorder);
	json_decref(g->satier);
	json_decref(g->groups);
	json_decref(g->edges);
	json_decref(g->roles);
	json_decref(g->custom);
}

int
gcp_emit(struct sink *sink, const struct catalog *cat,
    const struct gcp_input *in, struct err *e)
{
	struct gm g = { 0 };
	const json_t *results = results_of(in->policies), *r, *bs, *b;
	size_t i, j;
	int rc;

	g.cat = cat;
	g.in = in;
	g.principals = json_object();
	g.entitlements = json_object();
	g.assignments = json_object();
	g.asorder = json_array();
	g.satier = json_object();
	g.edges = json_object();
	g.roles = json_object();
	if (in->now == NULL || iso_norm(in->now, g.now) != 0) {
		rc = err_set(e, PARC_EDATA, "gcp: bad time now '%s'",
		    in->now ? in->now : "(null)");
		goto out;
	}
	if ((rc = load_groups(&g, e)) != 0 ||
	    (rc = load_custom(&g, in->roles, in->roles_what, e)) != 0)
		goto out;
	if (!json_is_array(results)) {
		rc = bad(in->policies_what, e,
		    "not the JSON of gcloud asset search-all-iam-policies "
		    "(an array of results with resource and policy)",
		    NULL);
		goto out;
	}
	json_array_foreach(results, i, r)
	{
		const char *res = jstr(r, "resource");

		if (!json_is_object(r) || res == NULL) {
			rc = err_set(e, PARC_EDATA,
			    "%s: result %zu has no resource", in->policies_what,
			    i + 1);
			goto out;
		}
		bs = json_object_get(json_object_get(r, "policy"), "bindings");
		if (bs != NULL && !json_is_array(bs)) {
			rc = err_set(e, PARC_EDATA,
			    "%s: %.300s: policy.bindings is not an array",
			    in->policies_what, res);
			goto out;
		}
	}
	escalate(&g, results);
	json_array_foreach(results, i, r)
	{
		const char *res = jstr(r, "resource");

		bs = json_object_get(json_object_get(r, "policy"), "bindings");
		json_array_foreach(bs, j, b)
		{
			if ((rc = add_binding(&g, r, res, b, j, e)) != 0)
				goto out;
		}
	}
	if ((rc = walk_groups(&g, e)) != 0 || (rc = add_keys(&g, e)) != 0 ||
	    (rc = add_activities(&g, e)) != 0)
		goto out;
	rc = emit_all(&g, sink, e);
out:
	gm_release(&g);
	return rc;
}

/* ---- what the live reader looks up ---- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of set as a sorted array of strings. */
static json_t *
sorted_keys(json_t *set)
{
	size_t n = json_object_size(set), i = 0;
	const char **v = xcalloc(n ? n : 1, sizeof(*v));
	json_t *a = json_array(), *x;
	const char *k;

	json_object_foreach(set, k, x) v[i++] = k;
	qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	free(v);
	return a;
}

int
gcp_wanted(const struct catalog *cat, const json_t *policies,
    const json_t *roles, const char *what, json_t **groups, json_t **accounts,
    json_t **projects, struct err *e)
{
	const json_t *results = results_of(policies), *r, *b, *m;
	json_t *gs = json_object(), *ss = json_object(), *ps = json_object();
	struct gm g = { 0 };
	size_t i, j, k;

	*groups = *accounts = *projects = NULL;
	if (!json_is_array(results)) {
		json_decref(gs);
		json_decref(ss);
		json_decref(ps);
		return bad(what, e, "no results in the answer", NULL);
	}
	g.cat = cat;
	g.satier = json_object();
	g.roles = json_object();
	g.custom = json_object();
	if (load_custom(&g, roles, what, e) != 0) {
		json_decref(gs);
		json_decref(ss);
		json_decref(ps);
		json_decref(g.satier);
		json_decref(g.roles);
		json_decref(g.custom);
		return PARC_EDATA;
	}
	escalate(&g, results);
	json_array_foreach(results, i, r)
	{
		const char *res = jstr(r, "resource"),
			   *proj = jstr(r, "project");

		if (res == NULL)
			continue;
		if (proj != NULL && *proj != '\0')
			json_object_set_new(ps, proj, json_true());
		json_array_foreach(json_object_get(json_object_get(r, "policy"),
				       "bindings"),
		    j, b)
		{
			const json_t *info;
			const char *role = jstr(b, "role");
			char *sa;
			int t;

			if (role == NULL)
				continue;
			t = binding_tier(&g, res, role, &info, &sa);
			free(sa);
			if (t < 0 || t > 2)
				continue;
			json_array_foreach(json_object_get(b, "members"), k, m)
			{
				const char *s = json_string_value(m);
				char *low;

				if (s == NULL)
					continue;
				if (strncmp(s, "group:", 6) == 0) {
					low = xstrdup_lower(s + 6);
					json_object_set_new(gs, low,
					    json_true());
					free(low);
				} else if (strncmp(s, "serviceAccount:", 15) ==
				    0) {
					low = xstrdup_lower(s + 15);
					json_object_set_new(ss, low,
					    json_true());
					free(low);
				}
			}
		}
	}
	json_decref(g.satier);
	json_decref(g.roles);
	json_decref(g.custom);
	*groups = sorted_keys(gs);
	*accounts = sorted_keys(ss);
	*projects = sorted_keys(ps);
	json_decref(gs);
	json_decref(ss);
	json_decref(ps);
	return 0;
}

json_t *
gcp_custom_roles(const json_t *policies)
{
	const json_t *results = results_of(policies), *r, *b;
	json_t *set = json_object(), *out;
	size_t i, j;

	json_array_foreach(results, i, r)
	{
		json_array_foreach(json_object_get(json_object_get(r, "policy"),
				       "bindings"),
		    j, b)
		{
			const char *role = jstr(b, "role");

			if (role != NULL && strncmp(role, "roles/", 6) != 0 &&
			    (strncmp(role, "organizations/", 14) == 0 ||
				strncmp(role, "projects/", 9) == 0) &&
			    strstr(role, "/roles/") != NULL)
				json_object_set_new(set, role, json_true());
		}
	}
	out = sorted_keys(set);
	json_decref(set);
	return out;
}
