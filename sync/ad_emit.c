/*
 * ad_emit.c - the AD collector's output: member DNs and primary groups
 * resolved, the protected and privileged marks spread down the nesting,
 * groups and accounts classified, and everything emitted into the sink
 * (see ad_common.h for what and why, ad_emit.h for when).
 */

/* FNM_CASEFOLD is a glibc extension hidden without _GNU_SOURCE. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/sb.h"
#include "sync/ad_decode.h"
#include "sync/ad_emit.h"
#include "sync/ad_store.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* userAccountControl bits (MS-ADTS 2.2.16). */
#define UAC_ACCOUNTDISABLE 0x00000002L
#define UAC_PASSWD_NOTREQD 0x00000020L
#define UAC_DONT_EXPIRE_PASSWORD 0x00010000L
#define UAC_SMARTCARD_REQUIRED 0x00040000L
#define UAC_TRUSTED_FOR_DELEGATION 0x00080000L
#define UAC_DONT_REQ_PREAUTH 0x00400000L

/*
 * AdminSDHolder's protected groups (Microsoft, "Appendix C: Protected
 * Accounts and Groups in Active Directory"): builtin SIDs and domain RIDs.
 */
static const char *const protected_builtin[] = {
	"S-1-5-32-544", /* Administrators */
	"S-1-5-32-548", /* Account Operators */
	"S-1-5-32-549", /* Server Operators */
	"S-1-5-32-550", /* Print Operators */
	"S-1-5-32-551", /* Backup Operators */
	"S-1-5-32-552", /* Replicator */
};
static const long protected_rids[] = {
	512, /* Domain Admins */
	516, /* Domain Controllers */
	518, /* Schema Admins */
	519, /* Enterprise Admins */
	521, /* Read-only Domain Controllers */
	526, /* Key Admins */
	527, /* Enterprise Key Admins */
};
static const long protected_account_rids[] = {
	500, /* Administrator */
	502, /* krbtgt */
};

/* Names of the well-known SIDs that appear as foreign principals. */
static const struct {
	const char *sid, *name;
} wellknown[] = {
	{ "S-1-1-0", "Everyone" },
	{ "S-1-5-4", "Interactive" },
	{ "S-1-5-7", "Anonymous Logon" },
	{ "S-1-5-9", "Enterprise Domain Controllers" },
	{ "S-1-5-11", "Authenticated Users" },
	{ "S-1-5-17", "IUSR" },
};

static int
is_protected_group(const struct obj *o)
{
	long rid;
	size_t i;

	for (i = 0; i < NELEM(protected_builtin); i++)
		if (strcmp(o->sid, protected_builtin[i]) == 0)
			return 1;
	if (strncmp(o->sid, "S-1-5-21-", 9) != 0)
		return 0;
	rid = ad_sid_rid(o->sid);
	for (i = 0; i < NELEM(protected_rids); i++)
		if (rid == protected_rids[i])
			return 1;
	return 0;
}

/*
 * Whether o's members get what o has: not a distribution group (one whose
 * groupType lacks the security bit 0x80000000), which never enters a
 * logon token, however it is nested. A group without groupType (an export
 * that left it out) is taken for a security group: better an admin too
 * many than one missed.
 */
static int
confers(const struct obj *o)
{
	return o->type != T_GROUP || !o->has_group_type ||
	    (o->group_type & (long)0x80000000L) != 0 || o->group_type < 0;
}

static int
is_protected_account(const struct obj *o)
{
	long rid;
	size_t i;

	if (strncmp(o->sid, "S-1-5-21-", 9) != 0)
		return 0;
	rid = ad_sid_rid(o->sid);
	for (i = 0; i < NELEM(protected_account_rids); i++)
		if (rid == protected_account_rids[i])
			return 1;
	return 0;
}

static const char *
wellknown_name(const char *sid)
{
	size_t i;

	for (i = 0; i < NELEM(wellknown); i++)
		if (strcmp(wellknown[i].sid, sid) == 0)
			return wellknown[i].name;
	return NULL;
}

static int
is_service(const struct adc *a, const struct obj *o)
{
	size_t i;

	if (o->cls & OC_MSA)
		return 1;
	if (o->type != T_USER)
		return 0;
	if (o->nspn > 0)
		return 1;
	for (i = 0; i < a->o->nservice_globs; i++)
		if (fnmatch(a->o->service_globs[i], o->sam, FNM_CASEFOLD) == 0)
			return 1;
	return 0;
}

static void
json_bool(struct sb *sb, const char *key, int v)
{
	/* no printf: ten of these an account, 100,000s of accounts */
	sb_adds(sb, ",\"");
	sb_adds(sb, key);
	sb_adds(sb, v ? "\":true" : "\":false");
}

static void
json_str(struct sb *sb, const char *key, const char *v)
{
	sb_adds(sb, ",\"");
	sb_adds(sb, key);
	sb_adds(sb, "\":");
	sb_add_json(sb, v);
}

static const char *
or_null(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

/* The attrs JSON of a principal. */
static void
principal_attrs(const struct adc *a, const struct obj *o, struct sb *sb)
{
	const struct obj *m;
	size_t i, k;

	sb_reset(sb);
	sb_adds(sb, "{\"dn\":");
	sb_add_json(sb, o->dn);
	json_str(sb, "object_class", adc_type_name(o->type));
	if (o->admin_count >= 0)
		sb_addf(sb, ",\"admin_count\":%ld", o->admin_count);
	json_bool(sb, "protected", o->protected);
	if (or_null(o->description))
		json_str(sb, "description", o->description);
	if (o->type == T_GROUP) {
		if (o->has_group_type) {
			sb_addf(sb, ",\"group_type\":%ld", o->group_type);
			json_str(sb, "group_scope",
			    o->group_type & 0x4	      ? "domain local"
				: o->group_type & 0x8 ? "universal"
				: o->group_type & 0x1 ? "builtin"
						      : "global");
			json_bool(sb, "security", confers(o));
		}
		/* the sink expands no membership through it */
		if (!confers(o))
			json_bool(sb, "confers", 0);
		if (o->managed_by != NULL) {
			json_str(sb, "managed_by_dn", o->managed_by);
			if ((k = adc_lookup_dn(a, o->managed_by)) != (size_t)-1)
				json_str(sb, "managed_by", a->v[k]->sam);
		}
		if (o->unresolved > 0)
			sb_addf(sb, ",\"unresolved_members\":%zu",
			    o->unresolved);
		sb_addc(sb, '}');
		return;
	}
	if (o->type == T_FSP) {
		json_bool(sb, "foreign", 1);
		sb_addc(sb, '}');
		return;
	}
	if (o->has_uac) {
		sb_addf(sb, ",\"uac\":%ld", o->uac);
		json_bool(sb, "disabled", (o->uac & UAC_ACCOUNTDISABLE) != 0);
		json_bool(sb, "password_never_expires",
		    (o->uac & UAC_DONT_EXPIRE_PASSWORD) != 0);
		json_bool(sb, "password_not_required",
		    (o->uac & UAC_PASSWD_NOTREQD) != 0);
		json_bool(sb, "smartcard_required",
		    (o->uac & UAC_SMARTCARD_REQUIRED) != 0);
		json_bool(sb, "trusted_for_delegation",
		    (o->uac & UAC_TRUSTED_FOR_DELEGATION) != 0);
		json_bool(sb, "preauth_not_required",
		    (o->uac & UAC_DONT_REQ_PREAUTH) != 0);
	}
	json_str(sb, "account_expires", or_null(o->expires));
	json_str(sb, "last_logon_timestamp", or_null(o->last_logon));
	sb_adds(sb, ",\"spn\":[");
	for (i = 0; i < o->nspn; i++) {
		if (i > 0)
			sb_addc(sb, ',');
		sb_add_json(sb, o->spn[i]);
	}
	sb_addc(sb, ']');
	if (o->pgid >= 0) {
		sb_addf(sb, ",\"primary_group_id\":%ld", o->pgid);
		k = adc_by_domain_rid(a, o->sid, o->pgid);
		if (k != (size_t)-1)
			json_str(sb, "primary_group", a->v[k]->sam);
	}
	if (o->manager_dn != NULL) {
		json_str(sb, "manager_dn", o->manager_dn);
		if ((k = adc_lookup_dn(a, o->manager_dn)) != (size_t)-1) {
			m = a->v[k];
			json_str(sb, "manager", m->sam);
			if (m->employee_id != NULL)
				json_str(sb, "manager_employee_id",
				    m->employee_id);
		}
	}
	sb_addc(sb, '}');
}

static int
emit_principal(struct adc *a, const struct obj *o, struct sink *sink,
    struct sb *attrs, struct err *e)
{
	struct rec_principal r;
	const char *wk;

	memset(&r, 0, sizeof(r));
	r.ext_id = o->sid;
	r.name = o->sam;
	r.display_name = o->display;
	r.enabled = -1;
	r.mfa = -1;
	switch (o->type) {
	case T_GROUP:
		r.kind = "group";
		break;
	case T_COMPUTER:
		r.kind = is_service(a, o) ? "service" : "computer";
		break;
	case T_FSP:
		r.kind = "shared";
		if ((wk = wellknown_name(o->sid)) != NULL)
			r.display_name = wk;
		else
			r.kind = "human";
		break;
	default:
		r.kind = is_service(a, o) ? "service" : "human";
	}
	if ((o->type == T_USER || o->type == T_COMPUTER) && o->has_uac)
		r.enabled = (o->uac & UAC_ACCOUNTDISABLE) ? 0 : 1;
	r.email = or_null(o->mail);
	r.upn = or_null(o->upn);
	r.employee_id = or_null(o->employee_id);
	r.created_at = or_null(o->created);
	r.last_used_at = or_null(o->last_logon);
	r.password_last_set = or_null(o->pwd_last_set);
	principal_attrs(a, o, attrs);
	r.attrs = attrs->buf;
	return sink_principal(sink, &r, e);
}

/* The owner of a group: its managedBy's employee id or account name. */
static const char *
group_owner(const struct adc *a, const struct obj *g)
{
	size_t k;

	if (g->managed_by == NULL ||
	    (k = adc_lookup_dn(a, g->managed_by)) == (size_t)-1)
		return NULL;
	return a->v[k]->employee_id ? a->v[k]->employee_id : a->v[k]->sam;
}

static int
emit_entitlements(struct adc *a, const char *scope, struct sink *sink,
    struct sb *attrs, struct err *e)
{
	const struct catalog_entry *ce;
	struct rec_entitlement r;
	struct rec_assignment as;
	struct sb id = SB_INIT, reason = SB_INIT;
	struct obj *o;
	size_t i;
	int rc = 0;

	for (i = 0; i < a->n && rc == 0; i++) {
		o = a->v[i];
		if (!o->emit || (o->type != T_GROUP && o->type != T_USER))
			continue;
		memset(&r, 0, sizeof(r));
		sb_reset(&reason);
		sb_reset(attrs);
		ce = o->ce;
		if (ce != NULL) {
			r.tier = ce->tier;
			r.reason = ce->reason;
			r.techniques = or_null(ce->techniques);
			sb_adds(attrs, "{\"catalog\":");
			sb_addf(&reason, "%s:%d", ce->file, ce->line);
			sb_add_json(attrs, reason.buf);
			sb_reset(&reason);
			sb_addf(&reason, "%s %s", ce->how, ce->match);
			json_str(attrs, "match", reason.buf);
			sb_reset(&reason);
		} else if (o->site) {
			r.tier = a->o->site_tier;
			sb_addf(&reason,
			    "site privileged group (privileged_groups of "
			    "[source %s])",
			    a->o->source);
			r.reason = reason.buf;
			sb_adds(attrs, "{\"catalog\":null");
		} else
			continue;
		json_bool(attrs, "protected",
		    o->type == T_GROUP ? is_protected_group(o)
				       : is_protected_account(o));
		sb_addc(attrs, '}');
		r.name = o->sam;
		r.scope = scope;
		r.attrs = attrs->buf;
		if (o->type == T_GROUP) {
			r.ext_id = o->sid;
			r.kind = "group";
			r.owner = group_owner(a, o);
			r.group_ext_id = o->sid;
			rc = sink_entitlement(sink, &r, e);
			continue;
		}
		/* An account the catalog names is privileged by itself. */
		sb_reset(&id);
		sb_addf(&id, "account:%s", o->sid);
		r.ext_id = id.buf;
		r.kind = "account";
		if ((rc = sink_entitlement(sink, &r, e)) != 0)
			break;
		memset(&as, 0, sizeof(as));
		as.principal_ext_id = o->sid;
		as.entitlement_ext_id = id.buf;
		as.origin = "the account itself";
		rc = sink_assignment(sink, &as, e);
	}
	sb_release(&id);
	sb_release(&reason);
	return rc;
}

/* Read what the catalog's "ad" entries of kind could match into *p. */
static void
catpre_read(struct catpre *p, const struct catalog *cat, const char *kind)
{
	const struct catalog_entry *ce;
	size_t i, n = catalog_count(cat);

	p->ready = 1;
	for (i = 0; i < n; i++) {
		ce = catalog_at(cat, i);
		if (strcmp(ce->family, "ad") != 0 ||
		    strcmp(ce->kind, kind) != 0)
			continue;
		if (strcmp(ce->how, "rid") == 0) {
			p->rids = xrealloc(p->rids,
			    (p->nrids + 1) * sizeof(*p->rids));
			p->rids[p->nrids++] = strtoul(ce->match, NULL, 10);
		} else if (strcmp(ce->how, "exact") == 0 ||
		    strcmp(ce->how, "name") == 0 ||
		    strcmp(ce->how, "sid") == 0) {
			p->names = xrealloc(p->names,
			    (p->nnames + 1) * sizeof(*p->names));
			p->names[p->nnames++] = ce->match;
		} else
			p->any = 1;
	}
}

/*
 * Whether some entry of p could match value: no means catalog_match()
 * finds nothing, yes means it must look. A RID is compared as a number
 * (the catalog parses the SID), a text with case folded (the laxest of
 * exact, name and sid).
 */
static int
catalog_may(const struct catpre *p, const char *value)
{
	const char *dash = strrchr(value, '-');
	unsigned long rid;
	size_t i;

	if (p->any)
		return 1;
	for (i = 0; i < p->nnames; i++)
		if (strcasecmp(p->names[i], value) == 0)
			return 1;
	if (p->nrids == 0 || dash == NULL || dash[1] < '0' || dash[1] > '9')
		return 0;
	rid = strtoul(dash + 1, NULL, 10);
	for (i = 0; i < p->nrids; i++)
		if (p->rids[i] == rid)
			return 1;
	return 0;
}

/* Find what classifies a group or user account (catalog, site). */
static void
classify(struct adc *a, struct obj *o)
{
	struct catpre *p;
	const char *kind;
	size_t j;

	if (o->classified)
		return;
	o->classified = 1;
	if (o->type != T_GROUP && o->type != T_USER)
		return;
	kind = o->type == T_GROUP ? "group" : "user";
	p = &a->pre[o->type == T_USER];
	if (!p->ready && a->o->catalog != NULL)
		catpre_read(p, a->o->catalog, kind);
	/* by SID first; the catalog's few name entries by name */
	if (a->o->catalog == NULL || catalog_may(p, o->sid) ||
	    catalog_may(p, o->sam)) {
		o->ce = catalog_match(a->o->catalog, "ad", kind, o->sid);
		if (o->ce == NULL)
			o->ce =
			    catalog_match(a->o->catalog, "ad", kind, o->sam);
	}
	if (o->ce != NULL || o->type != T_GROUP)
		return;
	for (j = 0; j < a->o->nsite_groups; j++)
		if (strcasecmp(a->o->site_groups[j], o->sam) == 0 ||
		    strcasecmp(a->o->site_groups[j], o->sid) == 0)
			o->site = 1;
}

/*
 * Spread a mark (protected or under) from the objects that have it to
 * their members, at any depth: mem[start[g]] .. mem[start[g + 1] - 1] are
 * g's members. Each object is visited once, so cycles end. A distribution
 * group neither passes a mark on nor takes one.
 */
static void
spread(struct adc *a, const uint32_t *mem, const size_t *start, int under)
{
	struct obj *o;
	size_t *stack, nst = 0, i, j;

	stack = xmalloc((a->n + 1) * sizeof(*stack));
	for (i = 0; i < a->n; i++)
		if ((under ? a->v[i]->under : a->v[i]->protected) &&
		    confers(a->v[i]))
			stack[nst++] = i;
	while (nst > 0) {
		i = stack[--nst];
		for (j = start[i]; j < start[i + 1]; j++) {
			o = a->v[mem[j]];
			if ((under ? o->under : o->protected) || !confers(o))
				continue;
			if (under)
				o->under = 1;
			else
				o->protected = 1;
			stack[nst++] = mem[j];
		}
	}
	free(stack);
}

/* The first mref of key, + 1; 0: none. */
static size_t
mref_first(const struct adc *a, const char *key)
{
	const union strhash_val *v = strhash_find(&a->mfirst, key);

	return v != NULL ? v->num : 0;
}

/* Note that group lists key, which names nothing yet. */
static void
mref_put(struct adc *a, const char *key, size_t group)
{
	size_t m, *first;

	if (a->nmref == a->amref) {
		a->amref = a->amref ? a->amref * 2 : 1024;
		a->mref = xrealloc(a->mref, a->amref * sizeof(*a->mref));
	}
	m = a->nmref++;
	a->mref[m].key = key;
	a->mref[m].group = group;
	/* the newest first: a key's chain starts at its newest */
	first = &strhash_put(&a->mfirst, key, NULL)->num;
	a->mref[m].next = *first;
	*first = m + 1;
}

static int
by_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/*
 * The domain of the entitlements: the one most entries' DNs name (ties: the
 * first by name), whatever order the entries came in. NULL if none does.
 */
static char *
common_domain(const struct adc *a)
{
	char **d = xcalloc(a->n + 1, sizeof(*d)), *best = NULL;
	size_t n = 0, i, j, run = 0;

	for (i = 0; i < a->n; i++)
		if ((d[n] = adc_dn_domain(a->v[i]->dn)) != NULL)
			n++;
	if (n > 0)
		qsort(d, n, sizeof(*d), by_str);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(d[j], d[i]) == 0; j++)
			;
		if (j - i > run) {
			run = j - i;
			best = d[i];
		}
	}
	best = best != NULL ? xstrdup(best) : NULL;
	for (i = 0; i < n; i++)
		free(d[i]);
	free(d);
	return best;
}

/* Add the edge member -> group to *ed. */
static void
add_edge(struct edge **ed, size_t *ned, size_t *aed, size_t member,
    size_t group, int staged)
{
	if (*ned == *aed) {
		*aed = *aed ? *aed * 2 : 1024;
		*ed = xrealloc(*ed, *aed * sizeof(**ed));
	}
	(*ed)[*ned].member = (uint32_t)member;
	(*ed)[*ned].group = (uint32_t)group;
	(*ed)[(*ned)++].staged = staged;
}

/* An edge into the sink at once: a user or group, member of a group. */
static int
stage_now(const struct adc *a, size_t member)
{
	return a->stage != NULL &&
	    (a->v[member]->type == T_USER || a->v[member]->type == T_GROUP);
}

/*
 * The object whose dnkey is key, or (size_t)-1. A member list often names
 * entries in the order they were read, or the reverse: the neighbours of
 * the last one found (prev) are compared first, the index asked only when
 * neither is it (keys are unique, so a match is the one the index has).
 */
static size_t
member_lookup(const struct adc *a, const char *key, size_t prev)
{
	if (prev != (size_t)-1) {
		if (prev + 1 < a->n && strcmp(a->v[prev + 1]->dnkey, key) == 0)
			return prev + 1;
		if (prev > 0 && strcmp(a->v[prev - 1]->dnkey, key) == 0)
			return prev - 1;
	}
	return adc_index_get(&a->by_dn, key);
}

int
adc_take_members(struct adc *a, size_t i, struct err *e)
{
	const char *key = a->mkeys.buf, *end = a->mkeys.buf + a->mkeys.len;
	size_t k, prev = (size_t)-1;
	int rc = 0, now;

	for (; key < end && rc == 0; key += strlen(key) + 1) {
		if ((k = member_lookup(a, key, prev)) == (size_t)-1) {
			if (a->npend == a->apend) {
				a->apend = a->apend ? a->apend * 2 : 256;
				a->pend = xrealloc(a->pend,
				    a->apend * sizeof(*a->pend));
			}
			a->pend[a->npend].key = xstrdup(key);
			a->pend[a->npend++].group = (uint32_t)i;
			continue;
		}
		prev = k;
		now = stage_now(a, k);
		add_edge(&a->ed, &a->ned, &a->aed, k, i, now);
		if (now)
			rc = sink_membership(a->stage, a->v[k]->sid,
			    a->v[i]->sid, e);
	}
	sb_reset(&a->mkeys);
	return rc;
}

void
adc_stage(struct adc *a, struct sink *sink)
{
	a->stage = sink;
}

/* The group that an account's primaryGroupID names, or (size_t)-1. */
static size_t
primary_group(const struct adc *a, const struct obj *o)
{
	size_t k;

	if (o->pgid <= 0 || (o->type != T_USER && o->type != T_COMPUTER) ||
	    (k = adc_by_domain_rid(a, o->sid, o->pgid)) == (size_t)-1 ||
	    a->v[k]->type != T_GROUP)
		return (size_t)-1;
	return k;
}

/*
 * The edges between the objects collected so far: the pending member
 * values that name an object now join a->ed; *pg gets the primary groups'
 * edges; mem and start (see spread()) list each group's members along
 * both. Then the protected and privileged marks, spread down the edges.
 * With final, a pending value that names nothing counts as its group's
 * unresolved member; without, it goes to the mrefs for adc_stream().
 */
static void
resolve(struct adc *a, int final, struct edge **pgp, size_t *npgp)
{
	struct edge *pg = NULL;
	size_t npg = 0, apg = 0, i, j, k, n, *start;
	uint32_t *mem;
	struct pend *p;
	struct obj *o;

	for (i = 0, n = 0; i < a->npend; i++) {
		p = &a->pend[i];
		k = adc_index_get(&a->by_dn, p->key);
		if (k != (size_t)-1) {
			add_edge(&a->ed, &a->ned, &a->aed, k, p->group, 0);
			if (!final) {
				free(p->key);
				continue;
			}
		} else if (final)
			a->v[p->group]->unresolved++;
		else
			mref_put(a, p->key, p->group);
		a->pend[n++] = *p;
	}
	if (!final)
		a->npend = n; /* at the end every key stays (the mrefs') */
	for (i = 0; i < a->n; i++)
		if ((k = primary_group(a, a->v[i])) != (size_t)-1)
			add_edge(&pg, &npg, &apg, i, k, 0);
	start = xcalloc(a->n + 2, sizeof(*start));
	for (j = 0; j < a->ned; j++)
		start[a->ed[j].group + 2]++;
	for (j = 0; j < npg; j++)
		start[pg[j].group + 2]++;
	for (i = 0; i < a->n; i++)
		start[i + 2] += start[i + 1];
	mem = xmalloc((a->ned + npg + 1) * sizeof(*mem));
	for (j = 0; j < a->ned; j++)
		mem[start[a->ed[j].group + 1]++] = a->ed[j].member;
	for (j = 0; j < npg; j++)
		mem[start[pg[j].group + 1]++] = pg[j].member;
	for (i = 0; i < a->n; i++) {
		o = a->v[i];
		classify(a, o);
		o->protected = (o->type == T_GROUP && is_protected_group(o)) ||
		    is_protected_account(o);
		o->under = o->type == T_GROUP && (o->ce != NULL || o->site);
	}
	spread(a, mem, start, 0);
	spread(a, mem, start, 1);
	free(mem);
	free(start);
	*pgp = pg;
	*npgp = npg;
}

void
adc_stream(struct adc *a, struct sink *sink)
{
	struct edge *pg;
	size_t npg;

	if (a->stream != NULL)
		return;
	resolve(a, 0, &pg, &npg);
	free(pg);
	a->stream = sink;
}

/*
 * An account that ended after adc_stream(): every group is in, so what
 * it is a member of, its marks and its primary group are known now. It is
 * emitted with its memberships at once, unless its manager is still to
 * come (the attrs name the manager); adc_emit() does the rest.
 */
int
adc_stream_account(struct adc *a, size_t i, struct err *e)
{
	struct obj *o = a->v[i], *g;
	size_t k, r, pg;
	int rc;

	if (o->type != T_USER && o->type != T_COMPUTER)
		return 0;
	classify(a, o);
	pg = primary_group(a, o);
	o->protected = is_protected_account(o);
	o->under = 0;
	for (r = mref_first(a, o->dnkey); r != 0; r = a->mref[r - 1].next) {
		g = a->v[a->mref[r - 1].group];
		if (!confers(g))
			continue;
		o->protected |= g->protected;
		o->under |= g->under;
	}
	if (pg != (size_t)-1) {
		o->protected |= a->v[pg]->protected;
		o->under |= a->v[pg]->under;
	}
	if (o->type != T_USER && !o->under) {
		o->done = 1; /* not emitted at all */
		return 0;
	}
	if ((o->manager_dn != NULL &&
		adc_lookup_dn(a, o->manager_dn) == (size_t)-1) ||
	    (o->pgid >= 0 &&
		adc_by_domain_rid(a, o->sid, o->pgid) == (size_t)-1))
		return 0;
	if ((rc = emit_principal(a, o, a->stream, &a->attrs, e)) != 0)
		return rc;
	for (r = mref_first(a, o->dnkey); r != 0; r = a->mref[r - 1].next) {
		k = a->mref[r - 1].group;
		if ((rc = sink_membership(a->stream, o->sid, a->v[k]->sid,
			 e)) != 0)
			return rc;
	}
	if (pg != (size_t)-1 &&
	    (rc = sink_membership(a->stream, o->sid, a->v[pg]->sid, e)) != 0)
		return rc;
	o->done = 1;
	return 0;
}

/* Emit the edges of ed that are not in the sink yet (see adc_emit()). */
static int
emit_edges(struct adc *a, const struct edge *ed, size_t ned, struct sink *sink,
    struct err *e)
{
	const struct obj *m, *g;
	size_t j;
	int rc = 0;

	for (j = 0; j < ned && rc == 0; j++) {
		m = a->v[ed[j].member];
		g = a->v[ed[j].group];
		if (!ed[j].staged && m->emit && g->emit && !m->done)
			rc = sink_membership(sink, m->sid, g->sid, e);
	}
	return rc;
}

void
adc_stream_order(struct adc *a)
{
	a->stream_order = 1;
}

/* Read by the users search (sync/ad.c): a user or computer. */
static int
is_account(const struct obj *o)
{
	return o->type == T_USER || o->type == T_COMPUTER;
}

/*
 * Would adc_stream_account() have emitted account i as it ended, every
 * group read before it? Its manager read before it, and its primary
 * group (when it names one) read at all.
 */
static int
streamable(const struct adc *a, size_t i)
{
	const struct obj *o = a->v[i];
	size_t k;

	if (o->manager_dn != NULL &&
	    ((k = adc_lookup_dn(a, o->manager_dn)) == (size_t)-1 ||
		(is_account(a->v[k]) && k > i)))
		return 0;
	return o->pgid < 0 ||
	    adc_by_domain_rid(a, o->sid, o->pgid) != (size_t)-1;
}

/* The principals in adc_stream_order()'s order (see ad_emit.h). */
static int
emit_stream_order(struct adc *a, struct sink *sink, struct sb *attrs,
    struct err *e)
{
	unsigned char *early = xcalloc(a->n + 1, 1);
	size_t i;
	int rc = 0;

	for (i = 0; i < a->n && rc == 0; i++)
		if (is_account(a->v[i]) && a->v[i]->emit && !a->v[i]->done &&
		    streamable(a, i)) {
			early[i] = 1;
			rc = emit_principal(a, a->v[i], sink, attrs, e);
		}
	for (i = 0; i < a->n && rc == 0; i++)
		if (!is_account(a->v[i]) && a->v[i]->emit && !a->v[i]->done)
			rc = emit_principal(a, a->v[i], sink, attrs, e);
	for (i = 0; i < a->n && rc == 0; i++)
		if (is_account(a->v[i]) && !early[i] && a->v[i]->emit &&
		    !a->v[i]->done)
			rc = emit_principal(a, a->v[i], sink, attrs, e);
	free(early);
	return rc;
}

int
adc_emit(struct adc *a, struct sink *sink, struct err *e)
{
	struct edge *pg = NULL;
	struct sb attrs = SB_INIT;
	size_t npg = 0, i;
	struct obj *o;
	char *scope = NULL;
	int rc = 0;

	/* 1. edges, the AdminSDHolder-protected set, the privileged set */
	resolve(a, 1, &pg, &npg);

	/*
	 * 2. who is emitted: users and groups; computers and foreign
	 * principals when they hold privilege through a group (a domain's
	 * thousands of workstations would only be noise).
	 */
	for (i = 0; i < a->n; i++) {
		o = a->v[i];
		o->emit = o->type == T_USER || o->type == T_GROUP || o->under;
	}

	/*
	 * 3. principals, memberships (what adc_stage() and adc_stream()
	 * emitted already aside: an account and all its memberships),
	 * entitlements. The sink keys memberships, so their order is free.
	 */
	if (a->stream_order)
		rc = emit_stream_order(a, sink, &attrs, e);
	else
		for (i = 0; i < a->n && rc == 0; i++)
			if (a->v[i]->emit && !a->v[i]->done)
				rc =
				    emit_principal(a, a->v[i], sink, &attrs, e);
	if (rc == 0)
		rc = emit_edges(a, a->ed, a->ned, sink, e);
	if (rc == 0)
		rc = emit_edges(a, pg, npg, sink, e);
	if (rc == 0) {
		scope = a->o->domain != NULL ? xstrdup(a->o->domain)
					     : common_domain(a);
		rc = emit_entitlements(a, scope, sink, &attrs, e);
	}
	free(scope);
	free(pg);
	sb_release(&attrs);
	return rc;
}
