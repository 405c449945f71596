/*
 * aws_model_emit.h - inside the AWS model: the groups and accounts as
 * records, with the policies they hold as entitlements and assignments
 * (and the variants and combinations weighed per account).
 */
#ifndef PARC_AWS_MODEL_EMIT_H
#define PARC_AWS_MODEL_EMIT_H

#include "db/sink.h"
#include "lib/err.h"
#include "sync/aws_model_int.h"

/*
 * Emit every group: its principal, and its policies weighed among
 * themselves, assigned to it. Returns 0, a sink error, or PARC_EDATA when
 * a group's CreateDate is not a date.
 */
int awsm_emit_groups(struct awsm_model *m, struct sink *sink, struct err *e);

/*
 * Emit every user and role (after awsm_find_cuts()): its principal, its
 * memberships, its own policies weighed over all it holds, its views of
 * the groups it cuts, and the combinations it holds across policies.
 * Returns 0, a sink error, or PARC_EDATA naming the account.
 */
int awsm_emit_accounts(struct awsm_model *m, struct sink *sink, struct err *e);

#endif
