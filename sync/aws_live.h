/*
 * aws_live.h - read one AWS account's IAM over the IAM Query API: the live
 * half of the "aws" connector (sync/aws.h is the source_ops).
 *
 * Credentials are found as the AWS CLI finds them, in this order: the
 * profile named by the source (profile = NAME) in the shared credentials
 * file ($AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials); else
 * $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY (with $AWS_SESSION_TOKEN
 * when set); else the profile $AWS_PROFILE or "default" in that file.
 * With role_arn, those credentials first assume the role through STS
 * AssumeRole and the role's temporary credentials read the account.
 * Every request is signed with SigV4 by libcurl; a session token travels
 * in the X-Amz-Security-Token header. Secret keys and tokens live only in
 * memory and are wiped after use.
 */
#ifndef PARC_AWS_LIVE_H
#define PARC_AWS_LIVE_H

#include <stddef.h>

#include <jansson.h>

#include "lib/err.h"

struct aws_live_opts {
	const char *source;	  /* the source name, for messages */
	const char *endpoint;	  /* IAM endpoint URL */
	const char *sts_endpoint; /* STS endpoint URL */
	const char *region;	  /* SigV4 region of IAM */
	const char *sts_region;	  /* SigV4 region of STS */
	const char *profile;	  /* NULL: environment, then default */
	const char *role_arn;	  /* NULL: no AssumeRole */
	const char *external_id;  /* AssumeRole ExternalId, or NULL */
	const char *session_name; /* AssumeRole RoleSessionName */
	const char *ca_file;
	int allow_insecure;
	long timeout;	 /* seconds per call and for the report */
	int max_tries;	 /* attempts per call */
	long max_items;	 /* MaxItems per page, 1..1000 */
	long poll_ms;	 /* first wait between report polls; 0: 200 */
	long backoff_ms; /* first retry backoff; 0: http.h's default */
};

/*
 * Read the account: every page of GetAccountAuthorizationDetails merged
 * into *details (the JSON of `aws iam get-account-authorization-details`),
 * and the credential report (generated, polled until COMPLETE for at most
 * timeout seconds, fetched and base64-decoded) into *report and
 * *report_len. Returns 0, PARC_ECONFIG when no credentials are found, or
 * PARC_ESOURCE naming the source, the call and AWS's error code and
 * message. On failure nothing is returned.
 */
int aws_live_read(const struct aws_live_opts *o, json_t **details,
    char **report, size_t *report_len, struct err *e);

#endif
