/*
 * cmd_export.c - parc export siem: audit events and findings for a SIEM,
 * as JSON lines or ArcSight CEF (reports/siem.h).
 */
#include <stdio.h>
#include <string.h>

#include "lib/isodate.h"
#include "reports/file.h"
#include "reports/siem.h"
#include "tui/cli/actor.h"
#include "tui/cli/cmd.h"

static int
parse_format(const char *s, enum siem_format *f, struct err *e)
{
	if (strcmp(s, "jsonl") == 0)
		*f = SIEM_JSONL;
	else if (strcmp(s, "cef") == 0)
		*f = SIEM_CEF;
	else
		return cli_usage("export", e,
		    "format '%s' is not one this report has", s);
	return 0;
}

int
cmd_export(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "format", required_argument,
						  NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "since", required_argument, NULL, 's' },
		{ "cursor", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct siem_opts so = { SIEM_JSONL, NULL, NULL };
	struct siem_stats st;
	struct rpt_file o;
	const char *path = NULL;
	int c, rc;

	optind = 0; /* options may follow "siem" (see cmd_report.c) */
	while (
	    (c = cli_next_opt(argc, argv, "hf:o:", opts, "export", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case '?':
			return PARC_EUSAGE;
		case 'f':
			if ((rc = parse_format(optarg, &so.format, e)) != 0)
				return rc;
			break;
		case 'o':
			path = optarg;
			break;
		case 's':
			so.since = optarg;
			break;
		case 'c':
			so.cursor = optarg;
			break;
		}
	}
	if (optind >= argc || strcmp(argv[optind], "siem") != 0)
		return cli_usage("export", e,
		    "what to export? (parc export "
		    "siem)%s",
		    "");
	if (++optind != argc)
		return cli_usage("export", e, "unexpected argument '%s'",
		    argv[optind]);
	if (so.since != NULL && !iso_date_or_time_valid(so.since))
		return cli_usage("export", e,
		    "--since wants a date YYYY-MM-DD or a time "
		    "YYYY-MM-DDTHH:MM:SSZ, not '%s'",
		    so.since);
	if ((rc = cli_check_read(ctx, "the SIEM export", e)) != 0)
		return rc;
	if ((rc = rpt_file_open(&o, path, 0, e)) != 0)
		return rc;
	rc = siem_export(ctx->db, &so, o.fp, &st, e);
	/* the cursor moves only once the events are where they go */
	if ((rc = rpt_file_close(&o, rc, e)) == 0 && so.cursor != NULL)
		rc = siem_cursor_save(so.cursor, &st, e);
	return rc;
}
