/*
 * gcp_live.h - read a Google Cloud scope's IAM over Google's REST APIs:
 * the live half of the "gcp" connector (sync/gcp.h is the source_ops).
 *
 * The access token comes from a service-account key (the JSON key file as
 * Google issues it: a JWT signed RS256 with its private key, exchanged at
 * its token_uri for an access token) or from a command that prints one
 * (token_command, e.g. gcloud auth print-access-token). A token is asked
 * for again when it is within a minute of its expiry, or once when a call
 * answers 401. Keys and tokens live only in memory and are wiped after
 * use; they never reach argv, a message or the database.
 *
 * Calls, in this order:
 *  1. Cloud Asset v1 SCOPE:searchAllIamPolicies, every page;
 *  2. IAM v1 roles.get (GET /v1/NAME) for each custom role bound (its
 *     permissions decide whether its holders are privileged);
 *  3. Cloud Identity v1 groups:lookup, then
 *     groups/ID/memberships:searchTransitiveMemberships for each group in
 *     a privileged binding, the DIRECT memberships kept and nested groups
 *     read in turn; on 403 (the transitive search needs Cloud Identity
 *     Premium) groups/ID/memberships (direct memberships) level by level,
 *     each group once (cycles end);
 *  4. IAM v1 projects/-/serviceAccounts/EMAIL/keys for each service
 *     account holding privilege;
 *  5. Policy Analyzer v1 projects/P/locations/global/activityTypes/
 *     {serviceAccountLastAuthentication,
 *     serviceAccountKeyLastAuthentication}/activities:query, every page,
 *     for each project in scope.
 * A group, account or role the caller may not read (403, 404 on 2 to 4) is
 * noted in the returned JSON as unknown, not fatal; every other failure
 * is.
 */
#ifndef PARC_GCP_LIVE_H
#define PARC_GCP_LIVE_H

#include <jansson.h>

#include "lib/err.h"

struct catalog;

struct gcp_live_opts {
	const char *source; /* the source name, for messages */
	const char *scope;  /* organizations/N, folders/N, projects/ID */
	const char *credentials_file; /* service-account key, or NULL */
	const char *token_command;    /* or a command printing a token */
	const char *asset_endpoint;   /* https://cloudasset.googleapis.com */
	const char *cloudidentity_endpoint;
	const char *iam_endpoint;
	const char *policyanalyzer_endpoint;
	const char *ca_file;
	int allow_insecure;
	long timeout;	 /* seconds per call */
	int max_tries;	 /* attempts per call */
	long page_size;	 /* pageSize asked for, 1..500 */
	long backoff_ms; /* first retry backoff; 0: http.h's default */
	const struct catalog *cat; /* what is privileged (groups, accounts) */
};

/*
 * Read the scope: *policies (the array of searchAllIamPolicies results),
 * *groups, *keys, *activities and *roles (the custom roles bound) in the
 * shapes gcp_emit takes
 * (sync/gcp_model.h). Returns 0, PARC_ECONFIG for an unusable key file
 * or token command, or PARC_ESOURCE naming the source, the call, and
 * Google's error status and message. On failure nothing is returned.
 */
int gcp_live_read(const struct gcp_live_opts *o, json_t **policies,
    json_t **groups, json_t **keys, json_t **activities, json_t **roles,
    struct err *e);

#endif
