/*
 * aws_model_int.h - inside the AWS model (not for its callers: they
 * include aws_model.h): one account's IAM as read into memory, shared by
 * the model's parts. aws_model_read.c fills it from the authorization
 * details and aws_model_report.c from the credential report;
 * aws_model_weigh.c weighs what each account holds (with aws_policy.h);
 * aws_model_emit.c and aws_model_principal.c emit it as records;
 * aws_model.c (aws_emit_with) runs them in that order and frees it.
 *
 * The model borrows the JSON strings of the details it was read from (the
 * names, ARNs and json_t pointers of groups and accounts): the details
 * outlive it. It owns its policies (ext_id, name, doc, facts) and the
 * arrays, and its tables borrow their keys from those.
 */
#ifndef PARC_AWS_MODEL_INT_H
#define PARC_AWS_MODEL_INT_H

#include <stddef.h>

#include <jansson.h>

#include "db/catalog.h"
#include "lib/strhash.h"
#include "sync/aws_model.h"
#include "sync/aws_policy.h"

/* Who wrote a policy, and where it lives. */
enum awsm_pol_type {
	AWSM_AWS_MANAGED,
	AWSM_CUSTOMER,
	AWSM_INLINE
};

/* A policy: managed (by ARN) or inline (by holder), and what it allows. */
struct awsm_pol {
	char *ext_id; /* ARN, or user/NAME/POLICY */
	char *name;   /* PolicyName, or the ext_id for inline ones */
	enum awsm_pol_type type;
	const char *version; /* default version id, or NULL */
	struct aws_doc *doc; /* NULL: not in the export */
	struct aws_facts *f;
	const struct catalog_entry *ce;
	int emitted;
	int tier, tiered; /* its own tier (awsm_pol_tier), once known */
};

/* A report row, read: booleans -1 unknown, dates normalised or "". */
struct awsm_report_row {
	int present;
	int password, mfa, key1, key2;
	char pw_used[21], pw_changed[21];
	char key1_rot[21], key1_used[21], key2_rot[21], key2_used[21];
};

/* An IAM group and the policies attached to it or inline in it. */
struct awsm_grp {
	const char *name, *arn;
	const json_t *j;
	struct awsm_pol **pol;
	size_t npol;
};

/* An IAM user or role. */
struct awsm_acct {
	int role;
	const char *name, *arn;
	const json_t *j;
	struct awsm_grp **grp;
	size_t ngrp;
	int *cut; /* per group: this account's denies cut its policies */
	struct awsm_pol **pol; /* own: inline and attached */
	size_t npol;
	struct awsm_pol *boundary; /* NULL: none */
	struct awsm_report_row rep;
};

/* One account, read. */
struct awsm_model {
	const struct catalog *cat;
	const struct aws_options *opt;
	struct aws_rules *rules;
	const char *what, *rwhat;
	char account_id[64];
	/* every policy by ext_id, groups by name, users and roles by ARN */
	struct strhash pol_by_arn, grp_by_name, acct_by_arn;
	struct awsm_pol **pol; /* every policy, owned */
	size_t npol;
	struct awsm_grp *grp;
	size_t ngrp;
	struct awsm_acct *acct;
	size_t nacct, acap;
	struct awsm_report_row root;
	char root_arn[256];
};

#endif
