/*
 * main.c - the parc command line: global options, the command table, and
 * the one place that turns an error into an exit status.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/priv.h"
#include "lib/sb.h"
#include "lib/sign.h"
#include "lib/text.h"
#include "tui/cli/cmd.h"

#ifndef PARC_VERSION
#define PARC_VERSION "0.1.0"
#endif

/* ---- help and the table ---- */

static int cmd_help(struct ctx *ctx, int argc, char **argv, struct err *e);

static const struct command commands[] = {
	{ "init", cmd_init, "[--new-key] [--shared GROUP]",
	    "Create the database (mode 0600), or bring it up to date.",
	    "  --new-key       make the key that signs the audit chain: "
	    "[parc] signing_key,\n"
	    "                  else DB.key (0600, 0640 with --shared), its "
	    "public key beside\n"
	    "                  it as FILE.pub; refused when one exists\n"
	    "  --shared GROUP  for a setgid parc: the database folder 2770, "
	    "the database and\n"
	    "                  its WAL and SHM 0660, all of group GROUP, the "
	    "key readable\n"
	    "                  by GROUP only (see TRUST in parc(1))\n" },
	{ "sources", cmd_sources, "[--json] [--kinds]",
	    "List the sources in the database with their last sync.",
	    "  --json    one JSON array of sources\n"
	    "  --kinds   the source kinds this parc can read, with their "
	    "keys\n" },
	{ "sync", cmd_sync, "[--quiet] [--allow-empty] [SOURCE...]",
	    "Pull every configured source, or the named ones, each in its own "
	    "transaction.\nA failed source keeps its previous snapshot.",
	    "  -q, --quiet     no progress line on a terminal\n"
	    "  --allow-empty   let a source that now reads as empty replace "
	    "its last\n"
	    "                  snapshot (refused by default)\n" },
	{ "inventory", cmd_inventory,
	    "[--source NAME] [--all] [--uncorrelated] [--json|--csv]",
	    "List every effective privileged grant (tier 0-2): who holds what, "
	    "through which path.",
	    "  --source NAME   only this source\n"
	    "  --all           include tier 3 and unclassified entitlements\n"
	    "  --uncorrelated  only accounts tied to no person\n"
	    "  --json          one JSON array of grants (see parc(1))\n"
	    "  --csv           RFC 4180 CSV with a header row\n" },
	{ "demo", cmd_demo,
	    "[--people N] [--dir DIR] [--as-of YYYY-MM-DD] [--no-console] "
	    "[--as LOGIN]",
	    "Generate a demo organisation as real source files, sync it into a "
	    "demo database,\nand show what it holds.",
	    "  --people N    size of the organisation (default 250)\n"
	    "  --dir DIR     where to write the source files\n"
	    "                (default $XDG_DATA_HOME/parc/demo)\n"
	    "  --as-of DAY   date the demo's files as seen on DAY, YYYY-MM-DD\n"
	    "                (default today, UTC): every date in them moves "
	    "by\n"
	    "                the days from 2026-12-06, the day they were "
	    "written for\n"
	    "  --no-console  only build the demo database and say where it is\n"
	    "  --as LOGIN    open the console as LOGIN (default: the demo "
	    "manager\n"
	    "                with the most flagged items to review)\n"
	    "The database is the one --db or $PARC_DB names, else DIR/demo.db "
	    "(rebuilt each time).\n" },
	{ "sudoers", cmd_sudoers, "check [--json] [--quiet] FILE...",
	    "Parse sudoers files (with their includes) as visudo -c does; "
	    "with --json print them\nin the schema of cvtsudoers -f json.",
	    "  --json    print each file as cvtsudoers -f json does\n"
	    "  --quiet   print nothing for files that parse\n"
	    "Errors are FILE:LINE:COLUMN: message; exit status 1 when a file "
	    "is refused.\n" },
	{ "review", cmd_review, "[--campaign NAME] [--as LOGIN]",
	    "Open the review console: your queue in the campaign due first.",
	    "  --campaign NAME  open this campaign\n"
	    "  --as LOGIN       admins: act for another reviewer "
	    "(recorded)\n" },
	{ "report", cmd_report,
	    "evidence|remediation CAMPAIGN | "
	    "dormant|shared|exceptions|inventory "
	    "[--format F] [-o FILE]",
	    "Write a report: the evidence of a campaign, what to take away "
	    "after it (remediation),\nor the dormant, shared, exceptions or "
	    "inventory lists.",
	    "  -f, --format F   txt (default), csv, json or pdf; remediation "
	    "also ldif or sh\n"
	    "  -o, --output FILE  write FILE (complete or not at all) instead "
	    "of standard output\n"
	    "  --paper P        PDF paper: a4 (default) or letter\n"
	    "  --source NAME    inventory: only this source\n"
	    "  --all            inventory: include tier 3 and unclassified\n"
	    "JSON follows share/schema/report-v1.json; CSV is the report's "
	    "main table (RFC 4180).\n" },
	{ "export", cmd_export,
	    "siem [--format jsonl|cef] [--since TIME] "
	    "[--cursor FILE] [-o FILE]",
	    "Export audit events, their signed checkpoints and findings for a "
	    "SIEM, as JSON lines\nor ArcSight CEF.",
	    "  -f, --format F   jsonl (default) or cef\n"
	    "  --since TIME     only events at or after TIME (ISO 8601)\n"
	    "  --cursor FILE    send only what came after the last run, then "
	    "move the cursor\n"
	    "  -o, --output FILE  write FILE instead of standard output\n" },
	{ "findings", cmd_findings,
	    "[--kind K] [--source S] [--severity S] [--json|--csv] [--kinds]",
	    "List what is risky: dormant, shared, orphaned, MFA-less ... "
	    "privileged access,\nrecomputed after every sync.",
	    "  --kind K        only findings of kind K (--kinds lists them)\n"
	    "  --source S      only source S\n"
	    "  --severity S    at least S: low, medium, high, critical\n"
	    "  --json          one JSON array of findings (see parc(1))\n"
	    "  --csv           RFC 4180 CSV with a header row\n"
	    "  --kinds         list the finding kinds and their severities\n" },
	{ "campaign", cmd_campaign,
	    "create NAME --due DATE [--scope EXPR] [--reviewer manager|owner|"
	    "LOGIN]\n             [--fallback LOGIN] [--every quarter|month|"
	    "N days] [--auto-close keep|revoke]\n             "
	    "[--allow-conflicts] [--stages RULE,REVIEWER] [--stage2-when "
	    "LIST]\n             | list | show NAME | item ITEM | progress "
	    "NAME | close NAME",
	    "Certification campaigns: create (admins) freezes one item per "
	    "grant in scope;\nshow lists the items; close needs --force "
	    "--default keep|revoke while items are pending.",
	    "  --scope EXPR    source=S kind=K tier=N finding=K entitlement=G "
	    "person=P since=C\n"
	    "  --reviewer R    manager (default), owner, or a LOGIN\n"
	    "  --fallback L    who reviews when the rule gives nobody or the "
	    "person\n"
	    "  --every P       recur: quarter, month or N days (parc tick "
	    "opens the next)\n"
	    "  --auto-close O  parc tick closes it after the due date with "
	    "O: keep|revoke\n"
	    "  --allow-conflicts  reviewers who hold the entitlement, manage "
	    "or are on its\n"
	    "                  path keep their items (default: the fallback "
	    "takes them)\n"
	    "  --stages manager,owner|manager,LOGIN  a second stage for "
	    "approved items\n"
	    "  --stage2-when L which go on: tier0,flagged (default) or all\n"
	    "  progress NAME   per reviewer: items, decided, pending, overdue, "
	    "last activity;\n"
	    "                  rubber-stamp signals; burn-down (--json, --sort "
	    "pending|\n                  overdue|last|items|reviewer, --fast "
	    "SECONDS)\n"
	    "  --json          (create, list, show) JSON output\n"
	    "  --reviewer L, --pending   (show) only these items\n"
	    "  item ITEM       one item: what was frozen, its history, "
	    "earlier decisions\n"
	    "  --force --default keep|revoke   (close) close with pending "
	    "items\n" },
	{ "tick", cmd_tick, "[--at DATE] [--quiet] [--dry-run]",
	    "Open recurring campaigns that are due, mark overdue items, fill "
	    "the console\nfilter's index, and mail reviewers, managers and "
	    "owners as [mail] says (run\nfrom cron).",
	    "  --at DATE   act as if today were DATE (catch up)\n"
	    "  --quiet     print nothing when all went well\n"
	    "  --dry-run   change nothing, send nothing: print the mails "
	    "owed\n" },
	{ "decide", cmd_decide,
	    "ITEM|--items LIST approve|revoke|exception|delegate|undo "
	    "[--comment TEXT]\n             [--until DATE] [--to LOGIN] "
	    "[--as LOGIN]",
	    "Decide review items. Revoke, exception, and approving an item "
	    "with findings\nneed --comment; every change is kept.",
	    "  --comment TEXT  the justification (compensating control for "
	    "an exception)\n"
	    "  --until DATE    exception: until when (YYYY-MM-DD)\n"
	    "  --to LOGIN      delegate: the new reviewer\n"
	    "  --items LIST    several items at once: 3,5,9-20 (all or "
	    "nothing)\n"
	    "  --as LOGIN      admins: decide for a reviewer (recorded)\n" },
	{ "exceptions", cmd_exceptions, "[--json]",
	    "The exceptions register: owner, justification, expiry.", NULL },
	{ "role", cmd_role, "grant|revoke LOGIN admin|reviewer|auditor | list",
	    "Who may do what (admins grant and revoke).", NULL },
	{ "verify", cmd_verify,
	    "[--json] [--pubkey FILE] [--against FILE] [--print-pubkey]",
	    "Check the audit chain, its signed checkpoints, and every "
	    "decision, review item,\ncampaign and role against the events "
	    "that wrote them; exit 1 naming the first\ntable and row changed "
	    "behind parc's back.",
	    "  --pubkey FILE   check the signatures with this public key "
	    "(an auditor's copy)\n"
	    "                  instead of the configured signing key\n"
	    "  --against FILE  and check the database against an earlier "
	    "evidence report\n"
	    "                  (JSON) or SIEM export (jsonl or cef): every "
	    "event it lists\n"
	    "                  present, unchanged, in order\n"
	    "  --print-pubkey  print the signing key's public key (PEM) and "
	    "stop\n"
	    "  --json          the result as one JSON object\n" },
	{ "help", cmd_help, "[COMMAND]", "Show help for parc or a command.",
	    NULL },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

const struct command *
cli_find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void
print_help(void)
{
	size_t i;

	printf("usage: parc [--db PATH] [--config FILE] COMMAND [ARGS]\n\n"
	       "parc - privileged access review console\n\n"
	       "commands:\n");
	for (i = 0; i < NCOMMANDS; i++) {
		const char *nl = strchr(commands[i].summary, '\n');
		int len = nl ? (int)(nl - commands[i].summary)
			     : (int)strlen(commands[i].summary);

		printf("  %-10s %.*s\n", commands[i].name, len,
		    commands[i].summary);
	}
	printf("\noptions:\n"
	       "  --db PATH       the database (default: $PARC_DB, [parc] "
	       "database,\n"
	       "                  $XDG_DATA_HOME/parc/parc.db)\n"
	       "  --config FILE   the configuration (default: $PARC_CONFIG,\n"
	       "                  $XDG_CONFIG_HOME/parc/parc.conf, "
	       "/etc/parc/parc.conf)\n"
	       "  --version       print the version\n"
	       "\nexit status: 0 ok, 1 findings or failed check, 2 usage or "
	       "configuration,\n3 source unreachable or refused, 4 data "
	       "error, 5 not allowed, 6 not found.\n\nparc COMMAND --help "
	       "shows a command's options; man parc has the rest.\n");
}

static int
cmd_help(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	const struct command *c;

	(void)ctx;
	if (argc < 2) {
		print_help();
		return 0;
	}
	if ((c = cli_find_command(argv[1])) == NULL)
		return cli_usage("", e, "unknown command '%s'", argv[1]);
	cli_print_command_help(c);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL,
						  'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct ctx ctx = { 0 };
	struct err e = ERR_INIT;
	const struct command *cmd;
	int c, rc;

	priv_init();
	conf_protect_process();
	text_init();
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx.db_opt = optarg;
			break;
		case 'c':
			ctx.config_opt = optarg;
			break;
		case 'V':
			printf("parc %s\n", PARC_VERSION);
			return 0;
		case 'h':
			print_help();
			return 0;
		default:
			fputs("parc: bad option ", stderr);
			sb_fputs_safe(argv[optind - 1], stderr);
			fputs(" (see parc --help)\n", stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		print_help();
		return 2;
	}
	if ((cmd = cli_find_command(argv[optind])) == NULL) {
		fputs("parc: unknown command '", stderr);
		sb_fputs_safe(argv[optind], stderr);
		fputs("' (see parc --help)\n", stderr);
		return 2;
	}
	argc -= optind;
	argv += optind;
	optind = 1;
	/* setgid: commands on files the caller names need no group rights */
	if (strcmp(cmd->name, "sudoers") == 0 ||
	    strcmp(cmd->name, "demo") == 0 || strcmp(cmd->name, "help") == 0)
		priv_drop_all();
	if ((rc = cli_setgid_gate(&ctx, cmd->name, &e)) == 0)
		rc = cmd->run(&ctx, argc, argv, &e);
	/* An error may quote an argument, a key, a file name or data. */
	if (rc != 0 && e.msg[0]) {
		fputs("parc: ", stderr);
		sb_fputs_safe(e.msg, stderr);
		fputc('\n', stderr);
	}
	if (fflush(stdout) != 0 && rc == 0) {
		fprintf(stderr, "parc: writing output: %s\n", strerror(errno));
		rc = PARC_EIO;
	}
	db_close(ctx.db);
	sign_key_free(ctx.key);
	config_free(ctx.config);
	return err_exit_code(rc);
}
