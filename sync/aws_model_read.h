/*
 * aws_model_read.h - inside the AWS model: reading the authorization
 * details (`aws iam get-account-authorization-details`) into a struct
 * awsm_model, and the JSON and date helpers the other parts share.
 */
#ifndef PARC_AWS_MODEL_READ_H
#define PARC_AWS_MODEL_READ_H

#include <jansson.h>

#include "lib/err.h"
#include "sync/aws_model_int.h"

/*
 * Read the details d (a JSON object) into m, whose cat, rules and what
 * are set: the managed policies (Policies, their default version), the
 * groups, the users and the roles with what each holds. Returns 0 or
 * PARC_EDATA naming the object when d is malformed (m then holds what
 * was read, for model release).
 */
int awsm_read_details(struct awsm_model *m, const json_t *d, struct err *e);

/* The string member key of o, or NULL when absent or not a string. */
const char *awsm_opt_str(const json_t *o, const char *key);

/*
 * The optional date member key of o into out ("" when absent or null):
 * ISO 8601 as AWS writes it ("2019-11-13T17:30:00Z",
 * "2015-06-17T19:11:50+00:00", fractions of a second), a zone required,
 * the year 1000 or later (iso_time_utc). Returns 0, or PARC_EDATA naming what
 * and obj when it is not a date.
 */
int awsm_get_date(const json_t *o, const char *key, const char *what,
    const char *obj, char out[21], struct err *e);

/*
 * Note the account id of arn in m->account_id, when not noted yet and arn
 * is an ARN with one.
 */
void awsm_note_account(struct awsm_model *m, const char *arn);

#endif
