/* cmd_role.c - parc role grant|revoke|list. */
#include <stdio.h>
#include <string.h>

#include "db/role.h"
#include "lib/sb.h"
#include "lib/text.h"
#include "tui/cli/actor.h"
#include "tui/cli/cmd.h"

static int
role_row(const struct role_row *r, void *arg)
{
	struct sb sb = SB_INIT;
	int *n = arg;

	sb_add_cell(&sb, r->login, 16, 1);
	sb_addc(&sb, ' ');
	sb_add_cell(&sb, r->role, 9, 1);
	sb_adds(&sb, " granted by ");
	sb_add_safe(&sb, r->granted_by);
	sb_adds(&sb, " on ");
	sb_add_safe(&sb, r->granted_at);
	sb_addc(&sb, '\n');
	fputs(sb.buf, stdout);
	sb_release(&sb);
	(*n)++;
	return 0;
}

int
cmd_role(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct actor a = { 0 };
	int c, rc, n = 0, grant;

	optind = 0; /* afresh, permuting: see cmd_decide.c */
	while ((c = cli_next_opt(argc, argv, "h", opts, "role", e)) != -1) {
		if (c == 'h')
			return 0;
		return PARC_EUSAGE;
	}
	if (optind + 1 == argc && strcmp(argv[optind], "list") == 0) {
		if ((rc = cli_open_db(ctx, 0, e)) != 0)
			return rc;
		rc = role_list(ctx->db, role_row, &n, e);
		if (rc == 0 && n == 0)
			printf("no roles (parc init makes its caller admin)\n");
		return rc;
	}
	if (optind + 3 != argc ||
	    (strcmp(argv[optind], "grant") != 0 &&
		strcmp(argv[optind], "revoke") != 0))
		return cli_usage("role", e,
		    "wants grant LOGIN ROLE, revoke LOGIN ROLE or list%s", "");
	grant = strcmp(argv[optind], "grant") == 0;
	if ((rc = cli_actor(ctx, NULL, &a, e)) != 0)
		return rc;
	rc = grant
	    ? role_grant(ctx->db, &a, argv[optind + 1], argv[optind + 2], e)
	    : role_revoke(ctx->db, &a, argv[optind + 1], argv[optind + 2], e);
	if (rc == 0) {
		struct sb sb = SB_INIT;

		sb_add_safe(&sb, argv[optind + 1]);
		printf("%s %s %s\n", sb.buf,
		    grant ? "holds" : "no longer holds", argv[optind + 2]);
		sb_release(&sb);
	}
	actor_release(&a);
	return rc;
}
