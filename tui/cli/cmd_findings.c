/* cmd_findings.c - parc findings: what is risky, and why. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/finding.h"
#include "db/vocab.h"
#include "lib/sb.h"
#include "lib/text.h"
#include "tui/cli/cmd.h"

enum ffmt {
	FF_TEXT,
	FF_JSON,
	FF_CSV
};

struct fout {
	enum ffmt fmt;
	size_t n;
	struct sb sb;
};

static const char *const columns[] = { "id", "kind", "severity", "source",
	"source_kind", "host", "account", "person", "employee_id",
	"entitlement", "tier", "evidence", "techniques", "first_seen",
	"last_seen", NULL };

static int
print_finding(const struct finding_row *r, void *arg)
{
	struct fout *o = arg;
	struct sb *sb = &o->sb;

	sb_reset(sb);
	switch (o->fmt) {
	case FF_JSON:
		sb_adds(sb, o->n == 0 ? "[\n  {" : ",\n  {");
		sb_addf(sb, "\"id\": %lld, \"kind\": ", (long long)r->id);
		sb_add_json(sb, r->kind);
		sb_adds(sb, ", \"severity\": ");
		sb_add_json(sb, r->severity);
		sb_adds(sb, ", \"source\": ");
		sb_add_json(sb, r->source);
		sb_adds(sb, ", \"source_kind\": ");
		sb_add_json(sb, r->source_kind);
		sb_adds(sb, ", \"host\": ");
		sb_add_json(sb, r->host);
		sb_adds(sb, ", \"account\": ");
		sb_add_json(sb, r->account);
		sb_adds(sb, ", \"person\": ");
		sb_add_json(sb, r->person);
		sb_adds(sb, ", \"employee_id\": ");
		sb_add_json(sb, r->employee_id);
		sb_adds(sb, ", \"entitlement\": ");
		sb_add_json(sb, r->entitlement);
		if (r->tier < 0)
			sb_adds(sb, ", \"tier\": null");
		else
			sb_addf(sb, ", \"tier\": %d", r->tier);
		sb_adds(sb, ", \"evidence\": ");
		sb_add_json(sb, r->evidence);
		sb_adds(sb, ", \"techniques\": ");
		sb_add_json_list(sb, r->techniques);
		sb_adds(sb, ", \"first_seen\": ");
		sb_add_json(sb, r->first_seen);
		sb_adds(sb, ", \"last_seen\": ");
		sb_add_json(sb, r->last_seen);
		sb_addc(sb, '}');
		break;
	case FF_CSV:
		sb_addf(sb, "%lld,", (long long)r->id);
		sb_add_csv(sb, r->kind);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->severity);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->source);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->source_kind);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->host);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->account);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->person);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->employee_id);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->entitlement);
		sb_addc(sb, ',');
		if (r->tier >= 0)
			sb_addf(sb, "%d", r->tier);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->evidence);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->techniques);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->first_seen);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->last_seen);
		sb_adds(sb, "\r\n");
		break;
	case FF_TEXT:
		sb_add_cell(sb, r->severity, 8, 1);
		sb_addc(sb, ' ');
		sb_add_cell(sb, r->kind, 22, 1);
		sb_addc(sb, ' ');
		sb_add_cell(sb, r->source ? r->source : "-", 10, 1);
		sb_addc(sb, ' ');
		sb_add_cell(sb,
		    r->account ? r->account : (r->person ? r->person : "-"), 16,
		    1);
		sb_addc(sb, ' ');
		sb_add_cell(sb, r->entitlement ? r->entitlement : "", 20, 0);
		sb_adds(sb, "\n    ");
		sb_add_safe(sb, r->evidence);
		if (r->techniques[0]) {
			sb_adds(sb, "  [");
			sb_add_safe(sb, r->techniques);
			sb_addc(sb, ']');
		}
		sb_addc(sb, '\n');
		break;
	}
	o->n++;
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
	for (i = 0; i < n; i++)
		printf("%-22s %-8s %-8s %s\n", k[i].kind, k[i].severity,
		    k[i].severity0, k[i].title);
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
	struct finding_filter f = { 0 };
	struct fout o = { FF_TEXT, 0, SB_INIT };
	int c, rc, i;

	while (
	    (c = cli_next_opt(argc, argv, "+h", opts, "findings", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case '?':
			return PARC_EUSAGE;
		case 'j':
			o.fmt = FF_JSON;
			break;
		case 'c':
			o.fmt = FF_CSV;
			break;
		case 'k':
			if (finding_kind_find(optarg) == NULL)
				return cli_usage("findings", e,
				    "unknown finding kind '%s' (parc findings "
				    "--kinds lists them)",
				    optarg);
			f.kind = optarg;
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
	if ((rc = cli_open_db(ctx, DB_READONLY, e)) != 0)
		return rc;
	if (o.fmt == FF_CSV) {
		for (i = 0; columns[i] != NULL; i++)
			printf("%s%s", i ? "," : "", columns[i]);
		fputs("\r\n", stdout);
	}
	if (finding_stale(ctx->db))
		fprintf(stderr,
		    "parc: these findings are out of date: a sync committed "
		    "a snapshot and stopped before recomputing them; run "
		    "parc sync\n");
	rc = finding_query(ctx->db, &f, print_finding, &o, e);
	if (rc == PARC_EIO)
		err_set(e, rc, "writing the findings: %s", strerror(errno));
	if (o.fmt == FF_JSON)
		fputs(o.n ? "\n]\n" : "[]\n", stdout);
	else if (o.fmt == FF_TEXT && rc == 0)
		printf("%zu finding%s\n", o.n, o.n == 1 ? "" : "s");
	sb_release(&o.sb);
	return rc;
}
