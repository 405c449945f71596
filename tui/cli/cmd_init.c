/* cmd_init.c - parc init: create the database, or bring it up to date. */
#include <stdio.h>

#include "tui/cli/actor.h"
#include "tui/cli/cmd.h"

int
cmd_init(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	int c, rc;

	while ((c = cli_next_opt(argc, argv, "+h", opts, "init", e)) != -1)
		if (c == 'h')
			return 0;
		else
			return PARC_EUSAGE;
	if (optind != argc)
		return cli_usage("init", e, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cli_open_db(ctx, DB_CREATE, e)) != 0)
		return rc;
	printf("database %s ready (schema version %d)\n", db_path(ctx->db),
	    db_schema_version(ctx->db));
	return cli_first_admin(ctx->db, 0, e);
}
