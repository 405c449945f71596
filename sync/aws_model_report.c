/*
 * aws_model_report.c - the credential report into the model: per user
 * (matched by ARN) and for the root user (<root_account>), the booleans
 * and dates the findings read. N/A, no_information and not_supported
 * cells are unknown.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/csv.h"
#include "lib/err.h"
#include "lib/isodate.h"
#include "lib/strhash.h"
#include "sync/aws_model_int.h"
#include "sync/aws_model_read.h"
#include "sync/aws_model_report.h"

/* The credential report's columns that parc reads. */
#define REPORT_COLUMNS(X)                                    \
	X(USER, "user", 1)                                   \
	X(ARN, "arn", 1)                                     \
	X(PASSWORD_ENABLED, "password_enabled", 0)           \
	X(PASSWORD_LAST_USED, "password_last_used", 0)       \
	X(PASSWORD_LAST_CHANGED, "password_last_changed", 0) \
	X(MFA_ACTIVE, "mfa_active", 0)                       \
	X(KEY1_ACTIVE, "access_key_1_active", 0)             \
	X(KEY1_ROTATED, "access_key_1_last_rotated", 0)      \
	X(KEY1_USED, "access_key_1_last_used_date", 0)       \
	X(KEY2_ACTIVE, "access_key_2_active", 0)             \
	X(KEY2_ROTATED, "access_key_2_last_rotated", 0)      \
	X(KEY2_USED, "access_key_2_last_used_date", 0)

enum rep_col {
#define X(id, name, req) RC_##id,
	REPORT_COLUMNS(X)
#undef X
	NREP
};

static const struct {
	const char *name;
	int required;
} rep_cols[NREP] = {
#define X(id, name, req) { name, req },
	REPORT_COLUMNS(X)
#undef X
};

/* A report date cell: "" for N/A and its kin, else normalised. */
static int
rep_date(const char *v, const char *what, int line, const char *col,
    char out[21], struct err *e)
{
	out[0] = '\0';
	if (*v == '\0' || strcmp(v, "N/A") == 0 ||
	    strcmp(v, "no_information") == 0 || strcmp(v, "not_supported") == 0)
		return 0;
	if (iso_time_utc(v, 1000, 0, out) != 0)
		return err_set(e, PARC_EDATA, "%s:%d: %s '%.40s' is not a date",
		    what, line, col, v);
	return 0;
}

static int
rep_bool(const char *v, const char *what, int line, const char *col, int *out,
    struct err *e)
{
	*out = -1;
	if (*v == '\0' || strcmp(v, "N/A") == 0 ||
	    strcmp(v, "not_supported") == 0)
		return 0;
	if (strcasecmp(v, "true") == 0)
		*out = 1;
	else if (strcasecmp(v, "false") == 0)
		*out = 0;
	else
		return err_set(e, PARC_EDATA,
		    "%s:%d: %s '%.40s' is neither true nor false", what, line,
		    col, v);
	return 0;
}

static int
read_row(char **f, const int *col, const char *what, int line,
    struct awsm_report_row *r, struct err *e)
{
#define CELL(c) (col[c] >= 0 ? f[col[c]] : "")
	int rc;

	memset(r, 0, sizeof(*r));
	r->present = 1;
	if ((rc = rep_bool(CELL(RC_PASSWORD_ENABLED), what, line,
		 "password_enabled", &r->password, e)) != 0 ||
	    (rc = rep_bool(CELL(RC_MFA_ACTIVE), what, line, "mfa_active",
		 &r->mfa, e)) != 0 ||
	    (rc = rep_bool(CELL(RC_KEY1_ACTIVE), what, line,
		 "access_key_1_active", &r->key1, e)) != 0 ||
	    (rc = rep_bool(CELL(RC_KEY2_ACTIVE), what, line,
		 "access_key_2_active", &r->key2, e)) != 0 ||
	    (rc = rep_date(CELL(RC_PASSWORD_LAST_USED), what, line,
		 "password_last_used", r->pw_used, e)) != 0 ||
	    (rc = rep_date(CELL(RC_PASSWORD_LAST_CHANGED), what, line,
		 "password_last_changed", r->pw_changed, e)) != 0 ||
	    (rc = rep_date(CELL(RC_KEY1_ROTATED), what, line,
		 "access_key_1_last_rotated", r->key1_rot, e)) != 0 ||
	    (rc = rep_date(CELL(RC_KEY1_USED), what, line,
		 "access_key_1_last_used_date", r->key1_used, e)) != 0 ||
	    (rc = rep_date(CELL(RC_KEY2_ROTATED), what, line,
		 "access_key_2_last_rotated", r->key2_rot, e)) != 0 ||
	    (rc = rep_date(CELL(RC_KEY2_USED), what, line,
		 "access_key_2_last_used_date", r->key2_used, e)) != 0)
		return rc;
	return 0;
#undef CELL
}

int
awsm_read_report(struct awsm_model *m, const char *report, size_t len,
    struct err *e)
{
	struct csv *r = NULL;
	struct awsm_acct *a;
	union strhash_val *v;
	FILE *fp;
	char **f;
	size_t nf, nhead = 0, i;
	int col[NREP], line, rc, first = 1;

	if (report == NULL)
		return 0;
	if (len == 0)
		return err_set(e, PARC_EDATA,
		    "%s: the credential report is empty", m->rwhat);
	if ((fp = fmemopen((void *)(uintptr_t)report, len, "r")) == NULL)
		return err_set(e, PARC_EIO, "%s: cannot read the report",
		    m->rwhat);
	r = csv_open(fp, m->rwhat, ',');
	while ((rc = csv_next(r, &f, &nf, &line, e)) == 1) {
		if (first) {
			first = 0;
			nhead = nf;
			for (i = 0; i < NREP; i++) {
				col[i] = csv_column(f, nf, rep_cols[i].name);
				if (col[i] == -2) {
					rc = err_set(e, PARC_EDATA,
					    "%s:%d: the header has column %s "
					    "twice",
					    m->rwhat, line, rep_cols[i].name);
					goto out;
				}
				if (col[i] < 0 && rep_cols[i].required) {
					rc = err_set(e, PARC_EDATA,
					    "%s:%d: the header has no %s "
					    "column "
					    "(not a credential report?)",
					    m->rwhat, line, rep_cols[i].name);
					goto out;
				}
			}
			continue;
		}
		if (nf != nhead) {
			rc = err_set(e, PARC_EDATA,
			    "%s:%d: %zu fields where the header has %zu",
			    m->rwhat, line, nf, nhead);
			goto out;
		}
		if (strcmp(f[col[RC_USER]], "<root_account>") == 0) {
			if ((rc = read_row(f, col, m->rwhat, line, &m->root,
				 e)) != 0)
				goto out;
			if (strlen(f[col[RC_ARN]]) >= sizeof(m->root_arn) ||
			    strncmp(f[col[RC_ARN]], "arn:", 4) != 0) {
				rc = err_set(e, PARC_EDATA,
				    "%s:%d: the root account's arn is not an "
				    "ARN",
				    m->rwhat, line);
				goto out;
			}
			snprintf(m->root_arn, sizeof(m->root_arn), "%s",
			    f[col[RC_ARN]]);
			continue;
		}
		/* a user made or deleted between report and details */
		if ((v = strhash_find(&m->acct_by_arn, f[col[RC_ARN]])) ==
			NULL ||
		    (a = v->ptr)->role)
			continue;
		if ((rc = read_row(f, col, m->rwhat, line, &a->rep, e)) != 0)
			goto out;
	}
	if (rc == 0 && first)
		rc = err_set(e, PARC_EDATA,
		    "%s: the credential report is empty", m->rwhat);
out:
	csv_close(r);
	fclose(fp);
	return rc < 0 ? rc : 0;
}
