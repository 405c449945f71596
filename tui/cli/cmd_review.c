/* cmd_review.c - parc review: the review console. */
#include <stdio.h>
#include <unistd.h>

#include "db/role.h"
#include "tui/cli/cmd.h"
#include "tui/console/console.h"

int
cmd_review(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "campaign", required_argument,
						  NULL, 'c' },
		{ "as", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const char *campaign = NULL, *as = NULL;
	struct actor a = { 0 };
	int c, rc;

	while ((c = cli_next_opt(argc, argv, "+h", opts, "review", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case '?':
			return PARC_EUSAGE;
		case 'c':
			campaign = optarg;
			break;
		case 'a':
			as = optarg;
			break;
		}
	}
	if (optind != argc)
		return cli_usage("review", e, "unexpected argument '%s'",
		    argv[optind]);
	if (!isatty(STDIN_FILENO))
		return err_set(e, PARC_EUSAGE,
		    "review: the console needs a terminal (for scripts: "
		    "parc campaign show, parc decide)");
	if ((rc = cli_open_db(ctx, 0, e)) != 0)
		return rc;
	if ((rc = actor_resolve(ctx->db, NULL, as, &a, e)) != 0)
		return rc;
	rc = console_run(ctx->db, &a, campaign, e);
	actor_release(&a);
	return rc;
}
