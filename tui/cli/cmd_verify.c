/*
 * cmd_verify.c - parc verify: check the audit chain, and every row the
 * evidence prints against the events that wrote it.
 */
#include <stdio.h>

#include "db/audit.h"
#include "reports/json.h"
#include "reports/model.h"
#include "tui/cli/cmd.h"

int
cmd_verify(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "json", no_argument, NULL,
						  'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct audit_report r;
	int c, rc, json = 0;

	while ((c = cli_next_opt(argc, argv, "+h", opts, "verify", e)) != -1) {
		if (c == 'h')
			return 0;
		if (c == '?')
			return PARC_EUSAGE;
		json = 1;
	}
	if (optind != argc)
		return cli_usage("verify", e, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cli_open_db(ctx, DB_READONLY, e)) != 0)
		return rc;
	rc = audit_verify(ctx->db, &r, e);
	if (rc != 0 && rc != PARC_EFOUND)
		return rc;
	if (json) {
		struct rpt_doc *d;
		int wrc;

		rpt_verify(&r, rc == 0, &d);
		wrc = rpt_json_object_write(d, stdout, e);
		rpt_doc_free(d);
		if (wrc != 0)
			return wrc;
	} else if (rc == 0)
		printf("audit chain intact: %lld events, %lld decisions "
		       "checked\nrows that match their events: %lld "
		       "campaigns, %lld review items, %lld roles\n"
		       "head: event %lld, hash %s\n",
		    (long long)r.events, (long long)r.decisions,
		    (long long)r.campaigns, (long long)r.items,
		    (long long)r.roles, (long long)r.head_id, r.head_hash);
	return rc;
}
