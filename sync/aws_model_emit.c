/*
 * aws_model_emit.c - the policies as entitlements and what holds them as
 * assignments: a policy once, or per holder its variant when denies or a
 * boundary take something from it; a group's view per account that cuts
 * it; the combinations an account holds only across policies.
 */
#include <stdlib.h>
#include <string.h>

#include "db/catalog.h"
#include "db/sink.h"
#include "lib/err.h"
#include "lib/sb.h"
#include "sync/aws_model_emit.h"
#include "sync/aws_model_int.h"
#include "sync/aws_model_principal.h"
#include "sync/aws_model_read.h"
#include "sync/aws_model_weigh.h"
#include "sync/aws_policy.h"

/* Emit r with attrs (a JSON object, borrowed) as its attrs. */
static int
sink_entitlement_attrs(struct sink *sink, struct rec_entitlement *r,
    const json_t *attrs, struct err *e)
{
	char *aj = json_dumps(attrs, JSON_COMPACT);
	int rc;

	r->attrs = aj;
	rc = sink_entitlement(sink, r, e);
	r->attrs = NULL;
	free(aj);
	return rc;
}

/* The entitlement of policy p itself, once. */
static int
emit_policy(struct awsm_model *m, struct awsm_pol *p, struct sink *sink,
    struct err *e)
{
	static const char *const types[] = { "aws-managed", "customer-managed",
		"inline" };
	struct aws_held h = { p->name, p->f };
	struct aws_verdict v;
	struct rec_entitlement r;
	struct sb scope = SB_INIT;
	json_t *attrs;
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
	if (p->type != AWSM_INLINE)
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
			r.techniques = awsm_or_null(v.entry->techniques);
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
		r.techniques = awsm_or_null(p->ce->techniques);
		sb_addf(&where, "%s:%d", p->ce->file, p->ce->line);
		json_object_set_new(attrs, "catalog", json_string(where.buf));
		sb_release(&where);
	}
	rc = sink_entitlement_attrs(sink, &r, attrs, e);
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
assign_policy(struct awsm_model *m, struct awsm_pol *p, const char *holder_id,
    const char *holder, const struct aws_verdict *v, const char *boundary,
    const char *origin, struct sink *sink, struct err *e)
{
	struct rec_entitlement r;
	struct rec_assignment as;
	struct sb id = SB_INIT, name = SB_INIT, scope = SB_INIT;
	struct sb reason = SB_INIT;
	json_t *attrs;
	int rc;

	if ((rc = emit_policy(m, p, sink, e)) != 0)
		return rc;
	memset(&as, 0, sizeof(as));
	as.principal_ext_id = holder_id;
	as.entitlement_ext_id = p->ext_id;
	as.origin = origin;
	if (!v->lost && !awsm_shows_boundary(m, p, boundary))
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
		r.tier = awsm_pol_tier(m, p); /* the boundary took nothing */
	if (p->f == NULL && p->ce != NULL) {
		/* the document is not in the export: the catalog says why */
		sb_addf(&reason, "%s; %s", p->ce->reason, v->evidence.buf);
		r.reason = reason.buf;
	} else
		r.reason = v->evidence.buf;
	r.techniques = v->entry != NULL ? awsm_or_null(v->entry->techniques)
	    : p->ce != NULL		? awsm_or_null(p->ce->techniques)
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
	if ((rc = sink_entitlement_attrs(sink, &r, attrs, e)) == 0) {
		as.entitlement_ext_id = id.buf;
		rc = sink_assignment(sink, &as, e);
	}
	json_decref(attrs);
	sb_release(&id);
	sb_release(&name);
	sb_release(&scope);
	sb_release(&reason);
	return rc;
}

/* The combinations account a holds only across several policies. */
static int
emit_combos(struct awsm_model *m, struct awsm_acct *a, const struct aws_held *h,
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
		r.techniques = awsm_or_null(ce->techniques);
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

int
awsm_emit_groups(struct awsm_model *m, struct sink *sink, struct err *e)
{
	struct rec_principal r;
	struct aws_held *h;
	struct aws_verdict v;
	struct awsm_grp *g;
	struct sb origin = SB_INIT;
	json_t *attrs;
	char created[21];
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
		if ((rc = awsm_get_date(g->j, "CreateDate", m->what, origin.buf,
			 created, e)) != 0)
			break;
		r.created_at = awsm_or_null(created);
		attrs = json_object();
		json_object_set_new(attrs, "arn", json_string(g->arn));
		if (awsm_opt_str(g->j, "Path") != NULL)
			json_object_set_new(attrs, "path",
			    json_string(awsm_opt_str(g->j, "Path")));
		rc = awsm_sink_principal(sink, &r, attrs, e);
		json_decref(attrs);
		if (rc != 0)
			break;
		/* the group's own policies weighed among themselves */
		h = awsm_group_held(g);
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
 * Group g as account a sees it, when a's own denies or boundary cut its
 * policies: a group principal of the same name (ext_id GROUP-ARN#ACCOUNT-
 * ARN) whose only member is a, holding g's policies as weighed in a's
 * context. The grant path stays account -> group -> policy, and the
 * group's other members keep the real group and its uncut tiers.
 */
static int
emit_group_view(struct awsm_model *m, const struct awsm_acct *a,
    const struct awsm_grp *g, const struct aws_held *h, size_t nh,
    const struct aws_held *b, struct sink *sink, struct err *e)
{
	struct rec_principal r;
	struct aws_verdict v;
	struct sb id = SB_INIT, origin = SB_INIT, disp = SB_INIT;
	json_t *attrs = json_object();
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
	rc = awsm_sink_principal(sink, &r, attrs, e);
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

int
awsm_emit_accounts(struct awsm_model *m, struct sink *sink, struct err *e)
{
	struct aws_held *h, bh;
	const struct aws_held *b;
	struct aws_verdict v, all;
	struct awsm_acct *a;
	size_t i, j, k, nh;
	int rc = 0;

	aws_verdict_init(&v);
	aws_verdict_init(&all);
	for (i = 0; i < m->nacct && rc == 0; i++) {
		a = &m->acct[i];
		h = awsm_held_of(a, &nh);
		b = awsm_boundary_of(a, &bh);
		aws_evaluate(m->rules, h, nh, h, nh, b, &all);
		if ((rc = awsm_emit_account(m, a, &all, sink, e)) != 0) {
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
