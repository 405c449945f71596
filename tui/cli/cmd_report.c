/*
 * cmd_report.c - parc report evidence|remediation|dormant|shared|
 * exceptions|inventory.
 *
 * A report is built whole in memory (reports/model.h), then written in the
 * asked format. With -o FILE it goes to a temporary file beside FILE that
 * is renamed over FILE only once complete, so a failed run never leaves a
 * half-written report under the real name.
 */
#include <stdio.h>
#include <string.h>

#include "lib/sb.h"
#include "reports/csv.h"
#include "reports/file.h"
#include "reports/json.h"
#include "reports/model.h"
#include "reports/pdf.h"
#include "reports/remediation.h"
#include "reports/txt.h"
#include "tui/cli/actor.h"
#include "tui/cli/cmd.h"

enum fmt {
	F_TXT,
	F_CSV,
	F_JSON,
	F_PDF,
	F_LDIF,
	F_SH
};

static const char *const fmt_names[] = { "txt", "csv", "json", "pdf", "ldif",
	"sh", NULL };

static int
parse_fmt(const char *s, unsigned allowed, enum fmt *f, const char *cmd,
    struct err *e)
{
	int i;

	for (i = 0; fmt_names[i] != NULL; i++)
		if (strcmp(s, fmt_names[i]) == 0 && (allowed & (1u << i))) {
			*f = (enum fmt)i;
			return 0;
		}
	return cli_usage(cmd, e, "format '%s' is not one this report has", s);
}

#define A(f) (1u << (f))
#define DOC_FMTS (A(F_TXT) | A(F_CSV) | A(F_JSON) | A(F_PDF))

static int
report_kind(const char *kind, unsigned *allowed, int *needs_campaign)
{
	static const struct {
		const char *name;
		unsigned allowed;
		int campaign;
	} kinds[] = {
		{ "evidence", DOC_FMTS, 1 },
		{ "remediation", DOC_FMTS | A(F_LDIF) | A(F_SH), 1 },
		{ "dormant", DOC_FMTS, 0 },
		{ "shared", DOC_FMTS, 0 },
		{ "exceptions", DOC_FMTS, 0 },
		{ "inventory", DOC_FMTS, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kind, kinds[i].name) == 0) {
			*allowed = kinds[i].allowed;
			*needs_campaign = kinds[i].campaign;
			return 0;
		}
	return -1;
}

int
cmd_report(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "format", required_argument,
						  NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "paper", required_argument, NULL, 'p' },
		{ "source", required_argument, NULL, 's' },
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct db_inventory_filter inv = { 0 };
	struct rpt_doc *d = NULL;
	struct rpt_file o;
	enum rpt_paper paper = RPT_A4;
	enum fmt f = F_TXT;
	const char *kind, *fmt = NULL, *path = NULL, *campaign = NULL;
	unsigned allowed;
	int c, rc, need, pages = 0;

	/*
	 * optind = 0 makes glibc's getopt start afresh: main's "+" (stop at
	 * the first word) would otherwise stay in force, and options could
	 * not follow the report's name ("report evidence q4 --format pdf").
	 */
	optind = 0;
	while (
	    (c = cli_next_opt(argc, argv, "hf:o:", opts, "report", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case '?':
			return PARC_EUSAGE;
		case 'f':
			fmt = optarg;
			break;
		case 'o':
			path = optarg;
			break;
		case 'p':
			if ((rc = rpt_paper_parse(optarg, &paper, e)) != 0)
				return rc;
			break;
		case 's':
			inv.source = optarg;
			break;
		case 'a':
			inv.all_tiers = 1;
			break;
		}
	}
	if (optind >= argc)
		return cli_usage("report", e, "which report?%s", "");
	kind = argv[optind++];
	if (report_kind(kind, &allowed, &need) != 0)
		return cli_usage("report", e, "unknown report '%s'", kind);
	if (need) {
		if (optind >= argc)
			return cli_usage("report", e,
			    "which campaign? (parc report %s CAMPAIGN)", kind);
		campaign = argv[optind++];
	}
	if (optind != argc)
		return cli_usage("report", e, "unexpected argument '%s'",
		    argv[optind]);
	if (fmt != NULL && (rc = parse_fmt(fmt, allowed, &f, "report", e)) != 0)
		return rc;
	/* what a campaign decided, and what is held, is the auditors' */
	if ((rc = cli_check_read(ctx, "a report", e)) != 0)
		return rc;

	if (strcmp(kind, "evidence") == 0 && f == F_CSV)
		rc = rpt_evidence_items(ctx->db, campaign, &d, e);
	else if (strcmp(kind, "evidence") == 0)
		rc = rpt_evidence(ctx->db, campaign, &d, e);
	else if (strcmp(kind, "remediation") == 0)
		rc = rpt_remediation(ctx->db, campaign, &d, e);
	else if (strcmp(kind, "dormant") == 0)
		rc = rpt_findings(ctx->db, "dormant",
		    "Dormant privileged access", &d, e);
	else if (strcmp(kind, "shared") == 0)
		rc = rpt_findings(ctx->db, "shared-account",
		    "Shared privileged accounts", &d, e);
	else if (strcmp(kind, "exceptions") == 0)
		rc = rpt_exceptions(ctx->db, &d, e);
	else
		rc = rpt_inventory(ctx->db, &inv, &d, e);
	if (rc != 0)
		return rc;

	if ((rc = rpt_file_open(&o, path, f == F_PDF, e)) != 0)
		goto out;
	switch (f) {
	case F_TXT:
		rc = rpt_txt_write(d, o.fp, e);
		break;
	case F_CSV:
		rc = rpt_csv_write(d, o.fp, e);
		break;
	case F_JSON:
		rc = rpt_json_write(d, o.fp, e);
		break;
	case F_PDF:
		rc = rpt_pdf_write(d, paper, o.fp, &pages, e);
		break;
	case F_LDIF:
		rc = rpt_ldif_write(d, o.fp, e);
		break;
	case F_SH:
		rc = rpt_sh_write(d, o.fp, e);
		break;
	default:
		rc = err_set(e, PARC_EUSAGE, "report: no such format");
	}
	rc = rpt_file_close(&o, rc, e);
	if (rc == 0 && path != NULL && strcmp(path, "-") != 0) {
		fprintf(stderr, "parc: wrote the %s report", kind);
		if (campaign) {
			fputs(" of ", stderr);
			sb_fputs_safe(campaign, stderr);
		}
		if (d->primary)
			fprintf(stderr, " (%zu %s", d->primary->nrows,
			    d->primary->name);
		if (f == F_PDF)
			fprintf(stderr, ", %d pages", pages);
		fprintf(stderr, "%s to ", d->primary ? ")" : "");
		sb_fputs_safe(path, stderr);
		fputc('\n', stderr);
	}
out:
	rpt_doc_free(d);
	return rc;
}
