/*
 * demo_aws.h - the demo organisation's AWS account, as the two files the
 * AWS CLI writes for an offline review (read by the [source aws-prod]
 * kind = aws connector, sync/aws.h):
 *
 *	aws-prod/authorization-details.json   what `aws iam
 *	    get-account-authorization-details --output json` prints
 *	aws-prod/credential-report.csv        `aws iam get-credential-report
 *	    --query Content --output text | base64 -d` (the 22-column report)
 *
 * Account DEMO_AWS_ACCOUNT. IAM users are named by the people's logins, so
 * they tie to them as a directory account does (the break-glass user
 * through overrides.csv). Every active engineer has a user in Developers
 * (ordinary rights), up to IAM's quota of 5,000 users; planted for the story:
 *Admins (AdministratorAccess) held by the head of IT Operations, a dormant
 *admin, an admin with a console password and no MFA, and the terminated
 *DEMO_STALE_ADMIN; an engineer with PowerUserAccess and an access key not
 *rotated for years; Deployers, whose customer managed DeployFromCI allows
 *iam:PassRole with ec2:RunInstances on "*" (tier 0 by analysis), one of them a
 *contractor whose own Deny of iam:PassRole cancels that; a security engineer
 *with iam:CreatePolicyVersion on every policy; a break-glass user (tag
 * parc:kind), used in the autumn; svc-terraform, an administrator by
 * access key; roles assumed from the organisation's management account
 * and from GitHub's OIDC provider, with their trust policies and last
 * use; and the root user with an active access key. Dates are fixed, so
 * the bytes are the same on every run.
 */
#ifndef PARC_DEMO_AWS_H
#define PARC_DEMO_AWS_H

#include "lib/err.h"
#include "tui/demo/demo.h"

#define DEMO_AWS_ACCOUNT "318406272195"

/*
 * Write the two files under dir/aws-prod (created with mode 0700) with
 * demo_write(). Errors are PARC_EIO naming the file or folder.
 */
int demo_aws_account(struct demo *d, const char *dir, struct err *e);

#endif
