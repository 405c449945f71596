/*
 * aws_model.h - one AWS account's IAM as parc's records: the model half of
 * the "aws" connector. sync/aws.c (the source_ops) reads the account, live
 * or from files, and hands what it read to aws_emit(); the policy analysis
 * that decides what is privileged is sync/aws_policy.h.
 */
#ifndef PARC_AWS_MODEL_H
#define PARC_AWS_MODEL_H

#include <stddef.h>

#include <jansson.h>

struct catalog;
struct sink;
struct err;

/*
 * Emit one AWS account's IAM into sink. details is the JSON object
 * `aws iam get-account-authorization-details --output json` prints
 * (UserDetailList, GroupDetailList, RoleDetailList, Policies; policy
 * documents as decoded JSON objects OR as URL-encoded strings; booleans
 * as JSON true/false OR "true"/"false"; dates ISO 8601 with Z or
 * +00:00). report is the credential report CSV (header row first), or
 * NULL when none; what names where they came from for error messages
 * ("FILE" offline, "SOURCE: GetAccountAuthorizationDetails" live).
 *
 * Returns 0, a sink error, or PARC_EDATA naming the object (user, role,
 * group or policy name, CSV line) when the input is malformed.
 */
int aws_emit(struct sink *sink, const struct catalog *cat,
    const json_t *details, const char *details_what, const char *report,
    size_t report_len, const char *report_what, struct err *e);

/*
 * What a site may say about its account (from its [source] section): the
 * user names that are service accounts, as fnmatch(3) patterns matched
 * ignoring case ("svc-*", "ci-*"; a user's tag parc:kind wins over
 * them). NULL patterns: "svc-*" and "svc_*", as for AD.
 */
struct aws_options {
	const char *const *service_accounts;
	size_t nservice_accounts;
};

/* aws_emit with the site's options (o may be NULL: the defaults). */
int aws_emit_with(struct sink *sink, const struct catalog *cat,
    const json_t *details, const char *details_what, const char *report,
    size_t report_len, const char *report_what, const struct aws_options *o,
    struct err *e);

#endif
