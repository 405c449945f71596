/* cmd_sync.c - parc sync: pull the sources. */
#include <unistd.h>

#include "sync/source.h"
#include "tui/cli/actor.h"
#include "tui/cli/cmd.h"

int
cmd_sync(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "quiet", no_argument, NULL,
						  'q' },
		{ "allow-empty", no_argument, NULL, 'E' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	int c, quiet = 0, flags = 0, rc;

	while ((c = cli_next_opt(argc, argv, "+hq", opts, "sync", e)) != -1) {
		if (c == 'h')
			return 0;
		if (c == '?')
			return PARC_EUSAGE;
		if (c == 'q')
			quiet = 1;
		if (c == 'E')
			flags |= SYNC_ALLOW_EMPTY;
	}
	if (!quiet && isatty(STDERR_FILENO))
		flags |= SYNC_PROGRESS;
	if ((rc = cli_load_config(ctx, e)) != 0 ||
	    (rc = source_check_config(ctx->config, e)) != 0 ||
	    (rc = cli_open_db(ctx, 0, e)) != 0)
		return rc;
	/*
	 * Whoever fills a database nobody administers is its first admin,
	 * as with parc init: someone must read what it holds (issue 17).
	 */
	if ((rc = cli_first_admin(ctx->db, 0, e)) != 0)
		return rc;
	return sync_run(ctx->db, ctx->config, argv + optind, argc - optind,
	    flags, e);
}
