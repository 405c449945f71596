/* cmd_sync.c - parc init, parc sources, parc sync. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/sb.h"
#include "lib/text.h"
#include "sync/source.h"
#include "tui/actor.h"
#include "tui/cmd.h"

/* ---- parc init ---- */

int
cmd_init(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
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
/* ---- parc sources ---- */

struct src_list {
	int json;
	int n;
	const struct config *config;
	char *seen; /* per configured source: listed already */
};

static int
print_source(const struct db_source_row *r, void *arg)
{
	struct src_list *l = arg;
	struct sb sb = SB_INIT;
	size_t i;

	for (i = 0; i < l->config->nsources; i++)
		if (strcmp(l->config->sources[i].name, r->name) == 0)
			l->seen[i] = 1;
	if (l->json) {
		sb_adds(&sb, l->n == 0 ? "[\n  {\"name\": " : ",\n  {\"name\": ");
		sb_add_json(&sb, r->name);
		sb_adds(&sb, ", \"kind\": ");
		sb_add_json(&sb, r->kind);
		sb_adds(&sb, ", \"status\": ");
		sb_add_json(&sb, r->last_status);
		sb_adds(&sb, ", \"started_at\": ");
		sb_add_json(&sb, r->last_started);
		sb_adds(&sb, ", \"finished_at\": ");
		sb_add_json(&sb, r->last_finished);
		sb_adds(&sb, ", \"error\": ");
		sb_add_json(&sb, r->last_error);
		sb_addf(&sb,
		    ", \"principals\": %lld, \"memberships\": %lld,"
		    " \"entitlements\": %lld, \"assignments\": %lld,"
		    " \"grants\": %lld, \"added\": %lld, \"removed\": %lld,"
		    " \"duration_ms\": %lld}",
		    (long long)r->principals, (long long)r->memberships,
		    (long long)r->entitlements, (long long)r->assignments,
		    (long long)r->grants, (long long)r->added,
		    (long long)r->removed, (long long)r->duration_ms);
	} else {
		sb_add_cell(&sb, r->name, 16, 1);
		sb_addc(&sb, ' ');
		sb_add_cell(&sb, r->kind, 8, 1);
		sb_addc(&sb, ' ');
		sb_add_cell(&sb, r->last_status ? r->last_status : "never", 11,
		    1);
		sb_addc(&sb, ' ');
		sb_add_cell(&sb, r->last_finished ? r->last_finished : "-", 20,
		    1);
		sb_addf(&sb, " %8lld %8lld", (long long)r->principals,
		    (long long)r->grants);
		if (r->last_error != NULL) {
			sb_adds(&sb, "\n    error: ");
			sb_add_safe(&sb, r->last_error);
		}
		sb_addc(&sb, '\n');
	}
	l->n++;
	fputs(sb.buf, stdout);
	sb_release(&sb);
	return 0;
}

int
cmd_sources(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
		{"kinds", no_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	const struct source_ops *const *ops;
	struct db_source_row none;
	struct src_list l = {0};
	int c, kinds = 0, rc;
	size_t i;

	while ((c = cli_next_opt(argc, argv, "+h", opts, "sources", e)) != -1) {
		if (c == 'h')
			return 0;
		if (c == '?')
			return PARC_EUSAGE;
		if (c == 'j')
			l.json = 1;
		if (c == 'k')
			kinds = 1;
	}
	if (optind != argc)
		return cli_usage("sources", e, "unexpected argument '%s'",
		    argv[optind]);
	if (kinds) {
		for (ops = source_all(); *ops != NULL; ops++) {
			size_t col = 16;

			printf("%-10s %s\n", (*ops)->kind, (*ops)->summary);
			printf("%11skeys:", "");
			/* the keys, wrapped to 80 columns under the summary */
			for (i = 0; (*ops)->keys[i] != NULL; i++) {
				size_t w = strlen((*ops)->keys[i]) + 2;

				if (col + w > 79) {
					printf("\n%16s", "");
					col = 16;
				}
				printf(" %s%s", (*ops)->keys[i],
				    (*ops)->keys[i + 1] ? "," : "");
				col += w;
			}
			printf("\n");
		}
		return 0;
	}
	if ((rc = cli_load_config(ctx, e)) != 0 ||
	    (rc = source_check_config(ctx->config, e)) != 0 ||
	    (rc = cli_open_db(ctx, DB_CREATE, e)) != 0)
		return rc;
	if (!l.json)
		printf("%-16s %-8s %-11s %-20s %8s %8s\n", "SOURCE", "KIND",
		    "LAST RUN", "FINISHED", "ACCOUNTS", "GRANTS");
	l.config = ctx->config;
	l.seen = xcalloc(ctx->config->nsources + 1, 1);
	rc = db_sources(ctx->db, print_source, &l, e);
	/* Configured sources that were never synced are listed too. */
	for (i = 0; rc == 0 && i < ctx->config->nsources; i++) {
		if (l.seen[i])
			continue;
		memset(&none, 0, sizeof(none));
		none.name = ctx->config->sources[i].name;
		none.kind = conf_get(&ctx->config->sources[i], "kind");
		print_source(&none, &l);
	}
	free(l.seen);
	if (l.json)
		fputs(l.n ? "\n]\n" : "[]\n", stdout);
	return rc;
}
/* ---- parc sync ---- */

int
cmd_sync(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = {{"quiet", no_argument, NULL, 'q'},
		{"allow-empty", no_argument, NULL, 'E'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
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
	    (rc = cli_open_db(ctx, DB_CREATE, e)) != 0)
		return rc;
	return sync_run(ctx->db, ctx->config, argv + optind, argc - optind,
	    flags, e);
}
