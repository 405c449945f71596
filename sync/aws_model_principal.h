/*
 * aws_model_principal.h - inside the AWS model: the principal records of
 * users, roles and the root user, and two small helpers the emitters share.
 */
#ifndef PARC_AWS_MODEL_PRINCIPAL_H
#define PARC_AWS_MODEL_PRINCIPAL_H

#include "db/sink.h"
#include "lib/err.h"
#include "sync/aws_model_int.h"
#include "sync/aws_policy.h"

/* s, or NULL when s is NULL or "" (what the sink takes for unknown). */
const char *awsm_or_null(const char *s);

/* Emit r with attrs (a JSON object, borrowed) as its attrs. */
int awsm_sink_principal(struct sink *sink, struct rec_principal *r,
    const json_t *attrs, struct err *e);

/*
 * Emit the principal of user or role a, with all (its verdict over all it
 * holds) as attrs.effective_tier and attrs.effective. Returns 0, a sink
 * error, or PARC_EDATA naming a when a date or trust policy is malformed.
 */
int awsm_emit_account(struct awsm_model *m, struct awsm_acct *a,
    const struct aws_verdict *all, struct sink *sink, struct err *e);

/*
 * Emit the root user (when the credential report has it): a break-glass
 * principal holding its own "root user" entitlement, tier 0. Returns 0 or
 * a sink error.
 */
int awsm_emit_root(struct awsm_model *m, struct sink *sink, struct err *e);

#endif
