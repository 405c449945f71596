/*
 * aws_model.c - one AWS account's IAM as principals, memberships,
 * entitlements and assignments: aws_emit_with() reads the account into
 * memory (aws_model_read.c, aws_model_report.c), weighs it
 * (aws_model_weigh.c) and emits it (aws_model_emit.c,
 * aws_model_principal.c); aws_model_int.h is what they share.
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
#include <stdlib.h>
#include <string.h>

#include "db/sink.h"
#include "lib/err.h"
#include "lib/strhash.h"
#include "sync/aws_model.h"
#include "sync/aws_model_emit.h"
#include "sync/aws_model_int.h"
#include "sync/aws_model_principal.h"
#include "sync/aws_model_read.h"
#include "sync/aws_model_report.h"
#include "sync/aws_model_weigh.h"
#include "sync/aws_policy.h"

static void
model_release(struct awsm_model *m)
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
	strhash_release(&m->pol_by_arn);
	strhash_release(&m->grp_by_name);
	strhash_release(&m->acct_by_arn);
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
	struct awsm_model m;
	int rc;

	memset(&m, 0, sizeof(m));
	strhash_init(&m.pol_by_arn, 0);
	strhash_init(&m.grp_by_name, 0);
	strhash_init(&m.acct_by_arn, 0);
	m.cat = cat;
	m.opt = o;
	m.what = details_what != NULL ? details_what : "authorization details";
	m.rwhat = report_what != NULL ? report_what : "credential report";
	if (!json_is_object(details))
		return err_set(e, PARC_EDATA,
		    "%s: the authorization details are not a JSON object",
		    m.what);
	m.rules = aws_rules_new(cat);
	if ((rc = awsm_read_details(&m, details, e)) != 0 ||
	    (rc = awsm_read_report(&m, report, report_len, e)) != 0)
		goto out;
	awsm_find_cuts(&m);
	if ((rc = awsm_emit_groups(&m, sink, e)) != 0 ||
	    (rc = awsm_emit_accounts(&m, sink, e)) != 0 ||
	    (rc = awsm_emit_root(&m, sink, e)) != 0)
		goto out;
out:
	model_release(&m);
	return rc;
}
