/*
 * aws_model_weigh.c - the model weighed: a policy's own tier, what an
 * account holds in all, which of its groups its own denies or boundary
 * cut, and the kind of a user.
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
#include "sync/aws_model_int.h"
#include "sync/aws_model_read.h"
#include "sync/aws_model_weigh.h"
#include "sync/aws_policy.h"

int
awsm_pol_tier(struct awsm_model *m, struct awsm_pol *p)
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

int
awsm_shows_boundary(struct awsm_model *m, struct awsm_pol *p, const void *b)
{
	int t;

	return b != NULL && (t = awsm_pol_tier(m, p)) >= 0 && t <= 2;
}

struct aws_held *
awsm_held_of(const struct awsm_acct *a, size_t *n)
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

struct aws_held *
awsm_group_held(const struct awsm_grp *g)
{
	struct aws_held *h = xcalloc(g->npol + 1, sizeof(*h));
	size_t k;

	for (k = 0; k < g->npol; k++) {
		h[k].name = g->pol[k]->name;
		h[k].f = g->pol[k]->f;
	}
	return h;
}

const struct aws_held *
awsm_boundary_of(const struct awsm_acct *a, struct aws_held *bh)
{
	if (a->boundary == NULL)
		return NULL;
	bh->name = a->boundary->name;
	bh->f = a->boundary->f;
	return bh;
}

const char *
awsm_user_kind(const struct awsm_model *m, const struct awsm_acct *a)
{
	static const char *const dflt[] = { "svc-*", "svc_*" };
	const char *const *pat = dflt;
	size_t npat = 2;
	const json_t *tags = json_object_get(a->j, "Tags"), *t;
	const char *k, *v;
	size_t i;

	json_array_foreach(tags, i, t)
	{
		k = awsm_opt_str(t, "Key");
		v = awsm_opt_str(t, "Value");
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

void
awsm_find_cuts(struct awsm_model *m)
{
	struct aws_held *h, bh;
	const struct aws_held *b;
	struct aws_verdict v;
	struct awsm_acct *a;
	struct awsm_grp *g;
	size_t i, j, k, nh;

	aws_verdict_init(&v);
	for (i = 0; i < m->nacct; i++) {
		a = &m->acct[i];
		h = awsm_held_of(a, &nh);
		b = awsm_boundary_of(a, &bh);
		a->cut = xcalloc(a->ngrp + 1, sizeof(*a->cut));
		for (j = 0; j < a->ngrp; j++) {
			g = a->grp[j];
			for (k = 0; k < g->npol && !a->cut[j]; k++) {
				aws_evaluate(m->rules,
				    &(struct aws_held){ g->pol[k]->name,
					g->pol[k]->f },
				    1, h, nh, b, &v);
				if (awsm_shows_boundary(m, g->pol[k], b))
					a->cut[j] = 1;
				else if (v.lost) {
					/* compare with the group's own cut */
					struct aws_held *gh =
					    awsm_group_held(g);
					struct aws_verdict gv;

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
