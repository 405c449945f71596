/*
 * cmd_verify.c - parc verify: check the audit chain and its signed
 * checkpoints, every row the evidence prints against the events that
 * wrote it, and (--against) the database against a record of its chain
 * kept elsewhere.
 */
#include <stdio.h>

#include "db/audit.h"
#include "lib/sign.h"
#include "reports/anchor.h"
#include "reports/json.h"
#include "reports/model.h"
#include "tui/cli/cmd.h"

/* The signatures' line of the text answer. */
static void
print_signatures(const struct audit_report *r)
{
	if (r->sig_checked)
		printf("signatures: %lld checkpoints by key %s hold; the head "
		       "(event %lld) is signed\n",
		    (long long)r->checkpoints, r->key_fpr,
		    (long long)r->signed_id);
	else if (r->checkpoints > 0)
		printf("signatures: not checked (%lld checkpoints; no "
		       "signing key: give --pubkey FILE)\n",
		    (long long)r->checkpoints);
	else
		printf("signatures: none (the chain is not signed: parc init "
		       "--new-key)\n");
}

int
cmd_verify(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "json", no_argument, NULL,
						  'j' },
		{ "pubkey", required_argument, NULL, 'p' },
		{ "against", required_argument, NULL, 'a' },
		{ "print-pubkey", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct audit_report r;
	struct anchor_report ar = { 0 };
	const char *against = NULL;
	int c, rc, json = 0, print = 0;

	while ((c = cli_next_opt(argc, argv, "+h", opts, "verify", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case 'j':
			json = 1;
			break;
		case 'p':
			ctx->pubkey_opt = optarg;
			break;
		case 'a':
			against = optarg;
			break;
		case 'P':
			print = 1;
			break;
		default:
			return PARC_EUSAGE;
		}
	}
	if (optind != argc)
		return cli_usage("verify", e, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cli_open_db(ctx, DB_READONLY, e)) != 0)
		return rc;
	if (print) {
		if (ctx->key == NULL)
			return err_set(e, PARC_ECONFIG,
			    "no signing key: set [parc] signing_key, or run "
			    "parc init --new-key");
		return sign_key_write_public(ctx->key, stdout, e);
	}
	rc = audit_verify(ctx->db, &r, e);
	if (rc != 0 && rc != PARC_EFOUND)
		return rc;
	if (rc == 0 && against != NULL) {
		rc = rpt_anchor_check(ctx->db, against, &ar, e);
		if (rc == PARC_EFOUND) {
			/* the rows are whole; their past is not */
			snprintf(r.what, sizeof(r.what), "%s", ar.what);
			r.bad_id = ar.bad_id;
			r.bad_table = "audit_event";
			snprintf(r.bad_row, sizeof(r.bad_row), "%lld",
			    (long long)ar.bad_id);
		} else if (rc != 0)
			return rc;
	}
	if (json) {
		struct rpt_doc *d;
		int wrc;

		rpt_verify(&r, rc == 0, &d);
		wrc = rpt_json_object_write(d, stdout, e);
		rpt_doc_free(d);
		if (wrc != 0)
			return wrc;
	} else if (rc == 0) {
		printf("audit chain intact: %lld events, %lld decisions "
		       "checked\nrows that match their events: %lld "
		       "campaigns, %lld review items, %lld roles\n"
		       "head: event %lld, hash %s\n",
		    (long long)r.events, (long long)r.decisions,
		    (long long)r.campaigns, (long long)r.items,
		    (long long)r.roles, (long long)r.head_id, r.head_hash);
		print_signatures(&r);
		if (against != NULL)
			printf("against %s (%s): %lld event%s and %lld "
			       "checkpoint%s (%lld signature%s checked) "
			       "unchanged, up to event %lld\n",
			    against, ar.kind, (long long)ar.events,
			    ar.events == 1 ? "" : "s",
			    (long long)ar.checkpoints,
			    ar.checkpoints == 1 ? "" : "s",
			    (long long)ar.signatures,
			    ar.signatures == 1 ? "" : "s",
			    (long long)ar.last_id);
	}
	return rc;
}
