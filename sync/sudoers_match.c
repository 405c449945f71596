/*
 * sudoers_match.c - which sudoers lines apply to the host being pulled and
 * to whom: aliases expanded, host lists, user lists, Defaults bindings;
 * see sudoers_match.h.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/sb.h"
#include "sync/sudoers_match.h"

#define MAX_ALIAS_DEPTH 64

static void
xlist_add(struct xlist *l, const struct sudoers_member *m, int neg)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n].m = m;
	l->v[l->n].negated = neg;
	l->n++;
}

/* Expand aliases of type in list (negation flips through "!ALIAS"). */
void
hp_expand(struct host_pull *hp, const struct sudoers_member *first,
    enum sudoers_alias_type type, int neg, int depth, struct xlist *out)
{
	const struct sudoers_member *m;
	const struct sudoers_alias *a;

	for (m = first; m != NULL; m = m->next) {
		if (m->type == SM_ALIAS) {
			a = sudoers_alias_find(hp->t, m->name, type);
			if (a != NULL && depth < MAX_ALIAS_DEPTH)
				hp_expand(hp, a->members.first, type,
				    neg ^ m->negated, depth + 1, out);
			/* An undefined alias matches nothing, as in sudo. */
			continue;
		}
		xlist_add(out, m, neg ^ m->negated);
	}
}

/* Does host pattern p name this host (case-insensitive, wildcards)? */
static int
host_name_matches(const char *p, const char *host)
{
	char lp[256], lh[256];
	size_t i;

	if (strcasecmp(p, host) == 0)
		return 1;
	/* fnmatch() without glibc's FNM_CASEFOLD: compare in lower case. */
	for (i = 0; p[i] && i < sizeof(lp) - 1; i++)
		lp[i] = (char)tolower((unsigned char)p[i]);
	lp[i] = '\0';
	for (i = 0; host[i] && i < sizeof(lh) - 1; i++)
		lh[i] = (char)tolower((unsigned char)host[i]);
	lh[i] = '\0';
	return fnmatch(lp, lh, 0) == 0;
}

/* 1 when the host list applies to hp->host; *assumed when undecidable. */
int
hp_hostlist_matches(struct host_pull *hp, const struct sudoers_mlist *l,
    int *assumed)
{
	struct xlist x = { 0 };
	size_t i;
	int res = 0, hit;

	hp_expand(hp, l->first, SA_HOST, 0, 0, &x);
	for (i = x.n; i-- > 0;) {
		const struct sudoers_member *m = x.v[i].m;

		switch (m->type) {
		case SM_ALL:
			hit = 1;
			break;
		case SM_NETGROUP:
			/* the host's netgroup file decides, if it can */
			if (host_netgroup(&hp->db, m->name + 1) != NULL) {
				hit = host_netgroup_has_host(&hp->db,
				    m->name + 1, hp->host);
				break;
			}
			hit = 1;
			*assumed = 1;
			break;
		case SM_NTWKADDR:
			hit = 1;
			*assumed = 1;
			break;
		case SM_WORD:
			hit = host_name_matches(m->name, hp->host);
			break;
		default:
			hit = 0;
			break;
		}
		if (hit) {
			res = !x.v[i].negated;
			break;
		}
	}
	free(x.v);
	return res;
}

/* A file as the host knows it: the collected tree's folder taken off. */
const char *
hp_host_file(const struct host_pull *hp, const char *path)
{
	size_t n;

	if (hp->root == NULL)
		return path;
	n = strlen(hp->root);
	while (n > 0 && hp->root[n - 1] == '/')
		n--;
	if (strncmp(path, hp->root, n) == 0 && path[n] == '/')
		return path + n;
	return path;
}

/* Does account a match user-list member m? */
int
hp_user_matches(struct host_pull *hp, const struct host_account *a,
    const struct sudoers_member *m)
{
	const struct host_group *g;
	const char *n = m->name;

	switch (m->type) {
	case SM_ALL:
		return 1;
	case SM_WORD:
		if (*n == '#')
			return a->uid == strtol(n + 1, NULL, 10);
		return strcmp(n, a->name) == 0;
	case SM_USERGROUP:
		n++;
		if (*n == ':')
			return 0;
		g = *n == '#'
		    ? host_group(&hp->db, NULL, strtol(n + 1, NULL, 10))
		    : host_group(&hp->db, n, 0);
		return g != NULL && host_in_group(&hp->db, a, g);
	case SM_NETGROUP:
		return host_in_netgroup(&hp->db, n + 1, a->name);
	default:
		return 0;
	}
}

/* Does the Defaults binding apply to this rule? */
int
hp_binding_applies(struct host_pull *hp, const struct sudoers_default *d,
    const struct rule *ru)
{
	struct xlist x = { 0 };
	const struct sudoers_member *m;
	size_t i, j;
	int hit = 0, assumed = 0;

	switch (d->btype) {
	case SB_NONE:
		return 1;
	case SB_HOST:
		return hp_hostlist_matches(hp, d->binding, &assumed);
	case SB_USER:
		hp_expand(hp, d->binding->first, SA_USER, 0, 0, &x);
		for (i = 0; i < x.n && !hit; i++) {
			if (x.v[i].negated)
				continue;
			if (x.v[i].m->type == SM_ALL) {
				hit = 1;
				break;
			}
			for (m = ru->us->users.first; m != NULL; m = m->next)
				if (m->name != NULL && x.v[i].m->name != NULL &&
				    strcmp(m->name, x.v[i].m->name) == 0)
					hit = 1;
			for (j = 0; j < hp->db.naccounts && !hit; j++) {
				const struct host_account *a =
				    &hp->db.accounts[j];
				const struct sudoers_member *um;

				if (!hp_user_matches(hp, a, x.v[i].m))
					continue;
				for (um = ru->us->users.first; um != NULL;
				     um = um->next)
					if (hp_user_matches(hp, a, um))
						hit = 1;
			}
		}
		break;
	case SB_RUNAS:
		hp_expand(hp, d->binding->first, SA_RUNAS, 0, 0, &x);
		for (i = 0; i < x.n; i++) {
			const struct sudoers_mlist *ul = ru->first->runasuser;
			int rootdefault = ru->first->runasuser == NULL &&
			    ru->first->runasgroup == NULL;

			if (x.v[i].negated)
				continue;
			if (x.v[i].m->type == SM_ALL)
				hit = 1;
			else if (rootdefault &&
			    strcmp(x.v[i].m->name, "root") == 0)
				hit = 1;
			for (m = ul ? ul->first : NULL; m != NULL; m = m->next)
				if (m->type == SM_ALL ||
				    (m->name != NULL &&
					strcmp(m->name, x.v[i].m->name) == 0))
					hit = 1;
		}
		break;
	case SB_CMND:
		hp_expand(hp, d->binding->first, SA_CMND, 0, 0, &x);
		for (i = 0; i < x.n; i++) {
			for (j = 0; j < ru->cmnds.n; j++) {
				const struct sudoers_member *a = x.v[i].m,
							    *b = ru->cmnds.v[j]
								     .m;

				if (x.v[i].negated || ru->cmnds.v[j].negated)
					continue;
				if (a->type == SM_ALL ||
				    (a->name && b->name &&
					(strcmp(a->name, b->name) == 0 ||
					    fnmatch(a->name, b->name, 0) == 0)))
					hit = 1;
			}
		}
		break;
	}
	free(x.v);
	return hit;
}
