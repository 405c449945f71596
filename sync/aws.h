/*
 * aws.h - the "aws" connector: one AWS account's IAM users, groups, roles
 * and policies, read live over the IAM Query API (sync/aws_live.h) or from
 * the files the AWS CLI writes (authorization_details = FILE, the JSON of
 * `aws iam get-account-authorization-details`, and credential_report =
 * FILE, the decoded CSV of `aws iam get-credential-report`). Both modes
 * hand the same JSON to aws_emit (sync/aws_model.h).
 *
 * Keys, live: endpoint (default https://iam.amazonaws.com), region
 * (us-east-1), profile, role_arn, external_id, session_name,
 * sts_endpoint (https://sts.amazonaws.com), sts_region (region),
 * allow_insecure, ca_file,
 * timeout (30 s), retries (4), page_size (1000). Offline:
 * authorization_details, credential_report. Both: account_id, which makes
 * data from any other account an error (a profile or file for the wrong
 * account would otherwise replace this account's snapshot), and
 * service_accounts (user name patterns, aws_model.h's aws_options).
 */
#ifndef PARC_AWS_H
#define PARC_AWS_H

#include "sync/source.h"

extern const struct source_ops aws_ops;

#endif
