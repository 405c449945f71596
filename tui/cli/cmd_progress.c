/*
 * cmd_progress.c - parc campaign progress: the campaign owner's view, per
 * reviewer and the burn-down, as text or JSON (reports/progress.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "reports/progress.h"
#include "tui/cli/actor.h"
#include "tui/cli/cmd_progress.h"

int
campaign_progress_cmd(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "json", no_argument, NULL,
						  'j' },
		{ "sort", required_argument, NULL, 's' },
		{ "fast", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	enum rpt_progress_sort sort = RPT_PSORT_PENDING;
	struct rpt_progress *p = NULL;
	struct sb sb = SB_INIT;
	int c, rc, json = 0, fast = 0;
	char *end;

	while ((c = cli_next_opt(argc, argv, "h", opts, "campaign", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case '?':
			return PARC_EUSAGE;
		case 'j':
			json = 1;
			break;
		case 'f':
			fast = (int)strtol(optarg, &end, 10);
			if (end == optarg || *end != '\0' || fast < 1 ||
			    fast > 3600)
				return cli_usage("campaign", e,
				    "--fast wants seconds from 1 to 3600, not "
				    "'%s'",
				    optarg);
			break;
		case 's':
			if (rpt_progress_sort_parse(optarg, &sort) != 0)
				return cli_usage("campaign", e,
				    "--sort wants pending, overdue, last, "
				    "items "
				    "or reviewer, not '%s'",
				    optarg);
			break;
		}
	}
	if (optind + 1 != argc)
		return cli_usage("campaign", e, "progress wants one NAME%s",
		    "");
	/* every reviewer's progress: for admins and auditors */
	if ((rc = cli_check_read(ctx, "a campaign's progress", e)) != 0)
		return rc;
	if ((rc = rpt_progress_load(ctx->db, argv[optind], sort, fast, &p,
		 e)) != 0)
		return rc;
	if (json)
		rpt_progress_json(p, &sb);
	else
		rpt_progress_text(p, &sb);
	if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len || fflush(stdout) != 0)
		rc = err_set(e, PARC_EIO, "writing the progress: short write");
	sb_release(&sb);
	rpt_progress_free(p);
	return rc;
}
