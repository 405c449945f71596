/*
 * azure.h - the "azure" connector: one Microsoft Entra tenant's directory
 * roles, PIM eligibility and the Azure RBAC role assignments of its
 * subscriptions, read live over ARM and Microsoft Graph
 * (sync/azure_live.h) or from the files share/export/azure-export.sh
 * writes with the az CLI (path = DIR). Both modes fill the same struct
 * az_data and hand it to azure_emit (sync/azure_model.h).
 *
 * Keys, live: tenant_id, client_id, password_file / password_env /
 * password_command (the client secret) or certificate_file (PEM with the
 * application's key and certificate: a signed client assertion),
 * login_endpoint
 * (https://login.microsoftonline.com), arm_endpoint
 * (https://management.azure.com), graph_endpoint
 * (https://graph.microsoft.com), allow_insecure, ca_file, timeout (30 s),
 * retries (4), page_size (999, Graph's $top). Offline: path. Both:
 * subscriptions (all, or a comma list of subscription ids; one named and
 * not found is an error) and tenant_id (the account list's subscriptions
 * of other tenants, which `az account list --all` includes, and Disabled
 * ones are left out).
 *
 * Offline, DIR holds (each a JSON array, or an object whose "value" array
 * holds every page merged):
 *	account-list.json			az account list --all
 *	role-assignments.SUB.json		az role assignment list --all
 *						--include-inherited
 *	role-definitions.SUB.json		az role definition list
 *	role-eligibility-schedule-instances.SUB.json   ARM, 2020-10-01
 *	directory-role-assignments.json		Graph, $expand=principal
 *	directory-role-definitions.json
 *	directory-role-eligibility-schedules.json
 *	directory-role-assignment-schedules.json
 *	users.json				Graph users, $select below
 *	group-transitive-members.GROUP.json	for each group holding a role
 *	directory-objects.json			(optional) getByIds of the
 *						ARM principals
 */
#ifndef PARC_AZURE_H
#define PARC_AZURE_H

#include "sync/source.h"

extern const struct source_ops azure_ops;

#endif
