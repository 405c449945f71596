/*
 * demo_azure.h - the demo organisation's Microsoft Entra tenant and its
 * Azure subscription, as the files share/export/azure-export.sh writes
 * with the az CLI for an offline review (read by the [source azure-corp]
 * kind = azure connector's path = DIR, sync/azure.h), under azure-corp/:
 *
 *	account-list.json                  az account list --all
 *	role-assignments.SUB.json          az role assignment list --all
 *	role-definitions.SUB.json          az role definition list
 *	role-eligibility-schedule-instances.SUB.json   (none: an empty page)
 *	directory-role-assignments.json    Graph, $expand=principal
 *	directory-role-definitions.json
 *	directory-role-eligibility-schedules.json
 *	directory-role-assignment-schedules.json
 *	users.json                         Graph users with signInActivity
 *	directory-objects.json             getByIds of the ARM principals
 *
 * Tenant DEMO_AZURE_TENANT, one subscription (Production,
 * DEMO_AZURE_SUBSCRIPTION). Members' user principal names are the
 * people's email addresses, so they tie to them by email as the connector
 * correlates. Planted for the story: the head of IT Operations a standing
 * Global Administrator; a security engineer eligible for it through PIM;
 * an operations engineer Owner of the subscription; an engineer
 * Contributor on the resource group rg-web; a partner's guest holding
 * Privileged Role Administrator (tier 0 by an outsider); the service
 * principal terraform-deploy Owner of the subscription; a Global
 * Administrator who has not signed in since the spring; and the terminated
 * DEMO_STALE_ADMIN, his account disabled, still User Administrator.
 * Dates are fixed, so the bytes are the same on every run.
 */
#ifndef PARC_DEMO_AZURE_H
#define PARC_DEMO_AZURE_H

#include "lib/err.h"
#include "tui/demo/demo.h"

#define DEMO_AZURE_TENANT "7c2e9a41-3b6d-4f8e-a1c5-2d9b0e6f4a83"
#define DEMO_AZURE_SUBSCRIPTION "b4f1d2e8-6a3c-4e97-8d15-3c7a9e2b0f64"

/*
 * Write the files under dir/azure-corp (created with mode 0700) with
 * demo_write(). Errors are PARC_EIO naming the file or folder.
 */
int demo_azure_tenant(struct demo *d, const char *dir, struct err *e);

#endif
