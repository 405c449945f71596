/* cmd_sources.c - parc sources: the sources and their last sync. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sb.h"
#include "lib/text.h"
#include "reports/list.h"
#include "reports/model.h"
#include "sync/source.h"
#include "tui/cli/actor.h"
#include "tui/cli/cmd.h"

/* "2026-12-01 12:00" from an ISO 8601 time, "-" for none. */
static void
add_when(struct sb *sb, const char *iso, size_t width)
{
	char when[17];

	if (iso == NULL || strlen(iso) < 16) {
		sb_add_cell(sb, iso ? iso : "-", width, 1);
		return;
	}
	memcpy(when, iso, 16);
	when[10] = ' ';
	when[16] = '\0';
	sb_add_cell(sb, when, width, 1);
}

/*
 * The terminal's table of sources, from the rows of rpt_sources_list():
 * what each holds (an HR source's people, another's accounts and grants),
 * its status, and beside a run that failed the last one that did not.
 */
static int
print_source(const struct rpt_table *t, size_t r, void *arg)
{
	enum {
		NAME,
		KIND,
		STATUS,
		FINISHED,
		LAST_OK,
		PEOPLE,
		PRINCIPALS,
		GRANTS,
		ERROR,
		N
	};
	static const char *const keys[N] = { "name", "kind", "status",
		"finished_at", "last_ok_at", "people", "principals", "grants",
		"error" };
	const char *v[N];
	struct sb sb = SB_INIT;
	size_t col[N], i;
	int ok;

	(void)arg;
	rpt_col_map(t, keys, N, col);
	for (i = 0; i < N; i++)
		v[i] = rpt_cell(t, r, col[i]);
	ok = v[STATUS] != NULL && strcmp(v[STATUS], "ok") == 0;
	sb_add_cell(&sb, v[NAME], 14, 1);
	sb_addc(&sb, ' ');
	sb_add_cell(&sb, v[KIND], 8, 1);
	sb_addc(&sb, ' ');
	sb_add_cell(&sb, v[STATUS] ? v[STATUS] : "never", 11, 1);
	sb_addc(&sb, ' ');
	add_when(&sb, v[FINISHED], 16);
	sb_addc(&sb, ' ');
	/* the last good sync matters beside a run that was not one */
	if (ok)
		sb_add_cell(&sb, "", 16, 1);
	else if (v[LAST_OK] != NULL)
		add_when(&sb, v[LAST_OK], 16);
	else
		sb_add_cell(&sb, v[STATUS] ? "none" : "-", 16, 1);
	sb_addc(&sb, ' ');
	if (v[LAST_OK] == NULL)
		sb_adds(&sb, "nothing yet");
	else if (strcmp(v[PEOPLE], "0") != 0 && strcmp(v[PRINCIPALS], "0") == 0)
		sb_addf(&sb, "%s %s", v[PEOPLE],
		    strcmp(v[PEOPLE], "1") == 0 ? "person" : "people");
	else
		sb_addf(&sb, "%s account%s, %s grant%s", v[PRINCIPALS],
		    strcmp(v[PRINCIPALS], "1") == 0 ? "" : "s", v[GRANTS],
		    strcmp(v[GRANTS], "1") == 0 ? "" : "s");
	/* the table's cells are bounded: trailing blanks are padding */
	while (sb.len > 0 && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
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
	    (rc = cli_check_read(ctx, "the list of sources", e)) != 0)
		return rc;
	if (json) {
		rpt_list_init(&l, RPT_LIST_JSON, stdout, "the sources");
		rc = rpt_sources_list(ctx->db, ctx->config, &l.sink, &d, e);
		rc = rpt_list_end(&l, d ? d->primary : NULL, rc, e);
	} else {
		printf("%-14s %-8s %-11s %-16s %-16s %s\n", "SOURCE", "KIND",
		    "STATUS", "LAST RUN", "LAST GOOD SYNC", "HOLDS");
		rc = rpt_sources_list(ctx->db, ctx->config, &text, &d, e);
	}
	rpt_doc_free(d);
	return rc;
}
