/* cmd_verify.c - parc verify: check the audit chain and the decisions. */
#include <stdio.h>

#include "db/audit.h"
#include "lib/sb.h"
#include "tui/cli/cmd.h"

int
cmd_verify(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "json", no_argument, NULL,
						  'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct audit_report r;
	struct sb sb = SB_INIT;
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
		sb_addf(&sb,
		    "{\"ok\": %s, \"events\": %lld, \"decisions\": %lld, "
		    "\"first_bad_event\": ",
		    rc == 0 ? "true" : "false", (long long)r.events,
		    (long long)r.decisions);
		if (r.bad_id > 0)
			sb_addf(&sb, "%lld", (long long)r.bad_id);
		else
			sb_adds(&sb, "null");
		sb_adds(&sb, ", \"problem\": ");
		sb_add_json(&sb, rc == 0 ? NULL : r.what);
		sb_addf(&sb, ", \"head\": {\"id\": %lld, \"hash\": ",
		    (long long)r.head_id);
		sb_add_json(&sb, r.head_hash);
		sb_addc(&sb, '}');
		sb_adds(&sb, "}\n");
		fputs(sb.buf, stdout);
	} else if (rc == 0)
		printf("audit chain intact: %lld events, %lld decisions "
		       "checked\nhead: event %lld, hash %s\n",
		    (long long)r.events, (long long)r.decisions,
		    (long long)r.head_id, r.head_hash);
	sb_release(&sb);
	return rc;
}
