/*
 * aws_model_report.h - inside the AWS model: the credential report (CSV)
 * into the model's users and its root user.
 */
#ifndef PARC_AWS_MODEL_REPORT_H
#define PARC_AWS_MODEL_REPORT_H

#include <stddef.h>

#include "lib/err.h"
#include "sync/aws_model_int.h"

/*
 * Read the credential report (len bytes, header row first; NULL: none)
 * into the rows (rep) of m's users and m->root, m->root_arn. A row for a
 * user m does not hold, or for a role, is skipped. Returns 0, PARC_EIO,
 * or PARC_EDATA naming m->rwhat and the line.
 */
int awsm_read_report(struct awsm_model *m, const char *report, size_t len,
    struct err *e);

#endif
