/*
 * gcp.h - the "gcp" connector: the IAM policies of one Google Cloud
 * organization, folder or project (scope = organizations/N | folders/N |
 * projects/ID), read live over Google's APIs (sync/gcp_live.h) or from
 * gcloud's JSON exports, both handed to gcp_emit (sync/gcp_model.h).
 *
 * Keys, both modes: scope (required), domains (the organization's email
 * domains: members of any other are outside members). Offline:
 * iam_policies (gcloud asset search-all-iam-policies --scope=SCOPE
 * --format=json), group_memberships, service_account_keys,
 * last_authentication, custom_roles. Live: credentials_file or token_command
 * (one of them), asset_endpoint, cloudidentity_endpoint, iam_endpoint,
 * policyanalyzer_endpoint, allow_insecure, ca_file, timeout (30 s),
 * retries (4), page_size (500).
 */
#ifndef PARC_GCP_H
#define PARC_GCP_H

#include "sync/source.h"

extern const struct source_ops gcp_ops;

#endif
