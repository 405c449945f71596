/* cmd_sources.c - parc sources: the sources and their last sync. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sb.h"
#include "lib/text.h"
#include "reports/list.h"
#include "reports/model.h"
#include "sync/source.h"
#include "tui/cli/cmd.h"

/* The terminal's table of sources, from the rows of rpt_sources_list(). */
static int
print_source(const struct rpt_table *t, size_t r, void *arg)
{
	enum {
		NAME,
		KIND,
		STATUS,
		FINISHED,
		PRINCIPALS,
		GRANTS,
		ERROR,
		N
	};
	static const char *const keys[N] = { "name", "kind", "status",
		"finished_at", "principals", "grants", "error" };
	const char *v[N];
	struct sb sb = SB_INIT;
	size_t col[N], i;

	(void)arg;
	rpt_col_map(t, keys, N, col);
	for (i = 0; i < N; i++)
		v[i] = rpt_cell(t, r, col[i]);
	sb_add_cell(&sb, v[NAME], 16, 1);
	sb_addc(&sb, ' ');
	sb_add_cell(&sb, v[KIND], 8, 1);
	sb_addc(&sb, ' ');
	sb_add_cell(&sb, v[STATUS] ? v[STATUS] : "never", 11, 1);
	sb_addc(&sb, ' ');
	sb_add_cell(&sb, v[FINISHED] ? v[FINISHED] : "-", 20, 1);
	sb_addf(&sb, " %8s %8s", v[PRINCIPALS], v[GRANTS]);
	if (v[ERROR] != NULL) {
		sb_adds(&sb, "\n    error: ");
		sb_add_safe(&sb, v[ERROR]);
	}
	sb_addc(&sb, '\n');
	fputs(sb.buf, stdout);
	sb_release(&sb);
	return 0;
}

int
cmd_sources(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "json", no_argument, NULL,
						  'j' },
		{ "kinds", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	static const struct rpt_sink text = { print_source, NULL };
	const struct source_ops *const *ops;
	struct rpt_list l;
	struct rpt_doc *d = NULL;
	size_t i;
	int c, kinds = 0, json = 0, rc;

	while ((c = cli_next_opt(argc, argv, "+h", opts, "sources", e)) != -1) {
		if (c == 'h')
			return 0;
		if (c == '?')
			return PARC_EUSAGE;
		if (c == 'j')
			json = 1;
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
	    (rc = cli_open_db(ctx, DB_READONLY, e)) != 0)
		return rc;
	if (json) {
		rpt_list_init(&l, RPT_LIST_JSON, stdout, "the sources");
		rc = rpt_sources_list(ctx->db, ctx->config, &l.sink, &d, e);
		rc = rpt_list_end(&l, d ? d->primary : NULL, rc, e);
	} else {
		printf("%-16s %-8s %-11s %-20s %8s %8s\n", "SOURCE", "KIND",
		    "LAST RUN", "FINISHED", "ACCOUNTS", "GRANTS");
		rc = rpt_sources_list(ctx->db, ctx->config, &text, &d, e);
	}
	rpt_doc_free(d);
	return rc;
}
