/*
 * demo_gcp.h - the demo organisation's Google Cloud organization, as the
 * files gcloud prints for an offline review (read by the [source
 * gcp-corp] kind = gcp connector, sync/gcp.h), under gcp-corp/:
 *
 *	iam-policies.json       gcloud asset search-all-iam-policies
 *	                        --scope=organizations/N --format=json
 *	group-memberships.json  each group's email to what gcloud identity
 *	                        groups memberships list --group-email=GROUP
 *	                        --format=json prints for it
 *
 * Organization DEMO_GCP_ORG (domain corp.example.com), a folder and the
 * project corp-web-prod. Users are the people's email addresses, so they
 * tie to them by email as the connector correlates. Planted for the
 * story: roles/owner on the organization through the group
 * cloud-admins@ (the head of IT Operations and an operations engineer);
 * roles/editor on the project for an engineer; roles/owner on the
 * project until the end of January 2027 (a request.time condition) for
 * another; roles/storage.admin on the project granted to allUsers; and
 * the terminated DEMO_STALE_ADMIN's deleted account still bound to
 * roles/editor. Dates are fixed, so the bytes are the same on every run.
 */
#ifndef PARC_DEMO_GCP_H
#define PARC_DEMO_GCP_H

#include "lib/err.h"
#include "tui/demo/demo.h"

#define DEMO_GCP_ORG "organizations/604187392531"

/*
 * Write the two files under dir/gcp-corp (created with mode 0700) with
 * demo_write(). Errors are PARC_EIO naming the file or folder.
 */
int demo_gcp_org(struct demo *d, const char *dir, struct err *e);

#endif
