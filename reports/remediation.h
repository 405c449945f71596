/*
 * remediation.h - revoked grants as the actions that remove them, where
 * they are granted. parc runs none of them: an admin reviews and runs them.
 *
 * rpt_remediation() (model.h) builds the document: one row of its
 * "actions" table per item to take away, with
 *   action   ldif     a directory group membership (AD, LDAP): delete the
 *                     account's member value from its direct group
 *            sudoers  a sudoers rule: the line to remove, per host and
 *                     file:line (or the Unix group to leave, for %group)
 *            aws      aws iam remove-user-from-group / detach-user-policy
 *            azure    az ad group member remove / az role assignment delete
 *            gcp      gcloud ... remove-iam-policy-binding, or
 *                     gcloud identity groups memberships delete
 *            manual   a source parc has no remediation form for
 *            none     the grant is already gone (after a later sync)
 *   target   the group DN, host and file:line, or resource it is removed from
 *   member   what is removed from it (member DN, account, principal)
 *   command  the shell command (aws, az, gcloud, gpasswd), or empty
 * The JSON, CSV and text forms write that table; the two below write what
 * each system takes.
 */
#ifndef PARC_RPT_REMEDIATION_H
#define PARC_RPT_REMEDIATION_H

#include <stdio.h>

#include "lib/err.h"
#include "reports/doc.h"

/*
 * Write the ldif actions of d (a remediation document) as LDIF change
 * records (RFC 2849) for ldapmodify: "changetype: modify", "delete:
 * member", one record per membership, each after a comment naming the
 * item, account, entitlement and justification. Values that LDIF cannot
 * carry plainly (a DN given as <SID=...>, non-ASCII) are base64 (::).
 * Other actions are listed as comments at the end. Returns 0 or PARC_EIO.
 */
int rpt_ldif_write(const struct rpt_doc *d, FILE *fp, struct err *e);

/*
 * Write d as a POSIX shell script for review: the cloud and gpasswd
 * commands with every value single-quoted, the sudoers lines to remove as
 * comments grouped by host and file, the LDIF actions as comments pointing
 * at --format ldif. It starts with "exit 1" under a notice, so running it
 * unread does nothing. Returns 0 or PARC_EIO.
 */
int rpt_sh_write(const struct rpt_doc *d, FILE *fp, struct err *e);

#endif
