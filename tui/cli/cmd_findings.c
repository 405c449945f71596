/* cmd_findings.c - parc findings: what is risky, and why. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/finding.h"
#include "db/vocab.h"
#include "lib/sb.h"
#include "lib/text.h"
#include "reports/list.h"
#include "reports/model.h"
#include "tui/cli/actor.h"
#include "tui/cli/cmd.h"

/*
 * The terminal's listing, two lines a finding, from the rows of the
 * findings table (reports/model.h); --json and --csv write the same rows
 * through reports/list.h.
 */
enum {
	F_SEVERITY,
	F_KIND,
	F_SOURCE,
	F_ACCOUNT,
	F_PERSON,
	F_ENTITLEMENT,
	F_EVIDENCE,
	F_TECHNIQUES,
	F_N
};

/* The columns it shows, by name: the table is the model's. */
static const char *const finding_keys[F_N] = { "severity", "kind", "source",
	"account", "person", "entitlement", "evidence", "techniques" };

struct ftext {
	struct rpt_sink sink;
	size_t n;
	struct sb sb;
	size_t col[F_N];
};

static int
print_finding(const struct rpt_table *t, size_t r, void *arg)
{
	struct ftext *o = arg;
	struct sb *sb = &o->sb;
	const char *source, *account, *entitlement, *techniques;

	if (o->n++ == 0)
		rpt_col_map(t, finding_keys, F_N, o->col);
	source = rpt_cell(t, r, o->col[F_SOURCE]);
	account = rpt_cell(t, r, o->col[F_ACCOUNT]);
	if (account == NULL)
		account = rpt_cell(t, r, o->col[F_PERSON]);
	entitlement = rpt_cell(t, r, o->col[F_ENTITLEMENT]);
	techniques = rpt_cell(t, r, o->col[F_TECHNIQUES]);
	sb_reset(sb);
	sb_add_cell(sb, rpt_cell(t, r, o->col[F_SEVERITY]), 8, 1);
	sb_addc(sb, ' ');
	sb_add_cell(sb, rpt_cell(t, r, o->col[F_KIND]), 22, 1);
	sb_addc(sb, ' ');
	sb_add_cell(sb, source ? source : "-", 10, 1);
	sb_addc(sb, ' ');
	sb_add_cell(sb, account ? account : "-", 16, 1);
	sb_addc(sb, ' ');
	sb_add_cell(sb, entitlement ? entitlement : "", 20, 0);
	sb_adds(sb, "\n    ");
	sb_add_safe(sb, rpt_cell(t, r, o->col[F_EVIDENCE]));
	if (techniques != NULL && *techniques) {
		sb_adds(sb, "  [");
		sb_add_safe(sb, techniques);
		sb_addc(sb, ']');
	}
	sb_addc(sb, '\n');
	if (fwrite(sb->buf, 1, sb->len, stdout) != sb->len)
		return PARC_EIO;
	return 0;
}

static void
print_kinds(void)
{
	const struct finding_kind *k;
	size_t n, i;

	k = finding_kinds(&n);
	/* the console's short label is a name --kind and finding= take too */
	for (i = 0; i < n; i++)
		printf("%-22s %-8s %-8s %s%s%s%s\n", k[i].kind, k[i].severity,
		    k[i].severity0, k[i].title,
		    k[i].label && strcmp(k[i].label, k[i].kind) ? " (shown as '"
								: "",
		    k[i].label && strcmp(k[i].label, k[i].kind) ? k[i].label
								: "",
		    k[i].label && strcmp(k[i].label, k[i].kind) ? "')" : "");
}

/* rpt_findings_list for cli_list. */
static int
list(struct db *db, const void *filter, const struct rpt_sink *sink,
    struct rpt_doc **out, struct err *e)
{
	return rpt_findings_list(db, filter, sink, out, e);
}

int
cmd_findings(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "json", no_argument, NULL,
						  'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "kind", required_argument, NULL, 'k' },
		{ "source", required_argument, NULL, 's' },
		{ "severity", required_argument, NULL, 'S' },
		{ "kinds", no_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const struct finding_kind *k;
	struct finding_filter f = { 0 };
	struct ftext o;
	int c, rc, fmt = -1;

	while (
	    (c = cli_next_opt(argc, argv, "+h", opts, "findings", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case '?':
			return PARC_EUSAGE;
		default:
			cli_list_format(c, &fmt);
			break;
		case 'k':
			/* the kind's name or the console's label for it */
			if ((k = finding_kind_lookup(optarg)) == NULL)
				return cli_usage("findings", e,
				    "unknown finding kind '%s' (parc findings "
				    "--kinds lists them)",
				    optarg);
			f.kind = k->kind;
			break;
		case 's':
			f.source = optarg;
			break;
		case 'S':
			if (severity_find(optarg) == NULL)
				return cli_usage("findings", e,
				    "--severity is low, medium, high or "
				    "critical, not '%s'",
				    optarg);
			f.severity = optarg;
			break;
		case 'K':
			print_kinds();
			return 0;
		}
	}
	if (optind != argc)
		return cli_usage("findings", e, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cli_check_read(ctx, "the findings", e)) != 0)
		return rc;
	if (finding_stale(ctx->db))
		fprintf(stderr,
		    "parc: these findings are out of date: a sync committed "
		    "a snapshot and stopped before recomputing them; run "
		    "parc sync\n");
	memset(&o, 0, sizeof(o));
	o.sink.row = print_finding;
	o.sink.arg = &o;
	sb_init(&o.sb);
	rc = cli_list(ctx->db, fmt, "the findings", &o.sink, list, &f, e);
	if (rc == 0 && fmt < 0)
		printf("%zu finding%s\n", o.n, o.n == 1 ? "" : "s");
	sb_release(&o.sb);
	return rc;
}
