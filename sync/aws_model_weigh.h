/*
 * aws_model_weigh.h - inside the AWS model: what a policy, an account and
 * a group view are worth, weighed with aws_policy.h, and what kind of
 * account a user is.
 */
#ifndef PARC_AWS_MODEL_WEIGH_H
#define PARC_AWS_MODEL_WEIGH_H

#include <stddef.h>

#include "sync/aws_model_int.h"
#include "sync/aws_policy.h"

/*
 * Policy p's own tier: what its document earns alone (3 for nothing
 * privileged), or the catalog's for it, whichever is lower; -1 when
 * neither is known. Computed once, then kept in p.
 */
int awsm_pol_tier(struct awsm_model *m, struct awsm_pol *p);

/* Whether a boundary b (NULL: none) shows on policy p: when p is privileged. */
int awsm_shows_boundary(struct awsm_model *m, struct awsm_pol *p,
    const void *b);

/*
 * Everything account a holds: its own policies, then its groups', as a
 * new array of *n (the caller frees it; the names and facts are m's).
 */
struct aws_held *awsm_held_of(const struct awsm_acct *a, size_t *n);

/*
 * The policies of group g, as held: a new array of g->npol the caller
 * frees (the names and facts are the policies').
 */
struct aws_held *awsm_group_held(const struct awsm_grp *g);

/*
 * Account a's permissions boundary as held, filled into *bh: bh, or NULL
 * when a has none.
 */
const struct aws_held *awsm_boundary_of(const struct awsm_acct *a,
    struct aws_held *bh);

/*
 * The kind of user a: its tag parc:kind, else "service" when its name
 * matches the site's service account patterns (default svc-* and svc_*),
 * else "human". A static string.
 */
const char *awsm_user_kind(const struct awsm_model *m,
    const struct awsm_acct *a);

/*
 * Set each account's cut[]: per group, whether the account's own denies
 * or boundary cut the group's policies differently from the group's own
 * (then the account sees its own view of the group).
 */
void awsm_find_cuts(struct awsm_model *m);

#endif
