/*
 * gcp_model.h - one Google Cloud organization's (folder's, project's) IAM
 * as parc's records: the model half of the "gcp" connector. sync/gcp.c
 * reads the scope, live (sync/gcp_live.h) or from gcloud's exports, and
 * hands the JSON to gcp_emit(), the same in both modes.
 *
 * What becomes what:
 * - A role on a resource is an entitlement, ext_id and name
 *   "ROLE on RESOURCE" (roles/owner on projects/p1), scope the resource as
 *   gcloud names it (projects/ID, folders/N, organizations/N; other
 *   resources keep their full name //SERVICE/...), attrs {"role",
 *   "resource", "ancestors"}: a binding on a folder or the organization
 *   is inherited by everything below it, and its reason says so.
 * - Tier from the catalog (family gcp, kind role); a privileged role on a
 *   service account resource (token creator, key admin, actAs ...) is
 *   escalation to that account: its tier is what the account holds.
 *   Custom roles take the lowest tier of their permissions (catalog kind
 *   permission), from their definitions (roles); unread, unclassified.
 * - Members: user: (human), serviceAccount: (service), group: (a group
 *   whose members come from the membership export; without it, or for a
 *   group the export does not list, the group itself holds the role, as a
 *   "shared" account whose members are unknown), domain:, allUsers and
 *   allAuthenticatedUsers (shared, with attrs public or outside_domain),
 *   deleted: (kept, disabled, attrs deleted), anything else kept as it is.
 * - Conditions: a condition that is, or is a conjunction (&&) with,
 *   request.time < timestamp("T") makes the binding time-bound: active
 *   with expires_at T; when T is past (before now) it grants nothing
 *   today, and is listed in the entitlement's attrs "expired" instead.
 *   Any other condition is kept as evidence in the assignment's attrs.
 * - Keys (USER_MANAGED, enabled) of service accounts: attrs keys and
 *   access_key_last_rotated (the oldest enabled one) for old-access-key.
 * - Last authentication (Policy Analyzer): the account's last_used_at,
 *   and each key's last use in attrs keys.
 */
#ifndef PARC_GCP_MODEL_H
#define PARC_GCP_MODEL_H

#include <stddef.h>

#include <jansson.h>

struct catalog;
struct sink;
struct err;

struct gcp_input {
	/*
	 * The results of searchAllIamPolicies: what `gcloud asset
	 * search-all-iam-policies --format=json` prints (an array), or the
	 * API's answer ({"results": [...]}). Required.
	 */
	const json_t *policies;
	const char *policies_what; /* file or "SOURCE: call" for messages */
	/*
	 * Group memberships, or NULL: an object mapping a group's email to
	 * the array of its memberships as `gcloud identity groups
	 * memberships list --format=json` (or the API's
	 * searchTransitiveMemberships, DIRECT ones) gives them: each with
	 * preferredMemberKey {id} (or an array of them) and type.
	 */
	const json_t *groups;
	const char *groups_what;
	/*
	 * Service account keys, or NULL: an array of keys as `gcloud iam
	 * service-accounts keys list --format=json` prints them (several
	 * accounts' lists concatenated), or {"keys": [...]}.
	 */
	const json_t *keys;
	const char *keys_what;
	/*
	 * Policy Analyzer activities, or NULL: an array as `gcloud
	 * policy-intelligence query-activity --format=json` prints it (both
	 * activity types mixed), or {"activities": [...]}.
	 */
	const json_t *activities;
	const char *activities_what;
	/*
	 * Custom role definitions, or NULL: an array of Role objects (name,
	 * title, includedPermissions) as `gcloud iam roles describe ROLE
	 * --format=json` prints each (concatenated), or {"roles": [...]}.
	 */
	const json_t *roles;
	const char *roles_what;
	/* The organization's domains (space or comma list), or NULL. */
	const char *domains;
	/* Now as ISO 8601 (UTC, Z): conditions before it have expired. */
	const char *now;
};

/*
 * Emit the scope into sink, classifying roles with cat. Returns 0, a sink
 * error, or PARC_EDATA naming the input (its what) and the object (the
 * resource, binding or member) when the JSON is not of the shape above.
 */
int gcp_emit(struct sink *sink, const struct catalog *cat,
    const struct gcp_input *in, struct err *e);

/*
 * Whether condition expression expr is time-bound: request.time <
 * timestamp("T") alone or as a term of a top-level conjunction. Returns 1
 * with T (as written, at most n - 1 bytes) in until, or 0.
 */
int gcp_condition_until(const char *expr, char *until, size_t n);

/*
 * What the live reader must look up after the policies and the custom
 * roles (roles, or NULL; both as gcp_emit takes them): *groups, the emails of
 * the groups that appear in a privileged binding; *accounts, the emails of the
 * service accounts that hold privilege (directly); *projects, the project names
 * (projects/ID or projects/NUMBER) in scope. Each a new array of
 * strings, sorted and unique, owned by the caller.
 */
int gcp_wanted(const struct catalog *cat, const json_t *policies,
    const json_t *roles, const char *what, json_t **groups, json_t **accounts,
    json_t **projects, struct err *e);

/*
 * The custom roles (organizations/N/roles/R, projects/P/roles/R) bound in
 * policies, a new sorted array of names owned by the caller.
 */
json_t *gcp_custom_roles(const json_t *policies);

#endif
