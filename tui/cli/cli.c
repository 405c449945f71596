/* cli.c - helpers every command uses: configuration, database, options. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/doc.h"
#include "reports/list.h"
#include "tui/cli/cmd.h"

int
cli_load_config(struct ctx *ctx, struct err *e)
{
	if (ctx->config != NULL)
		return 0;
	return config_load(&ctx->config, ctx->config_opt, e);
}

/* The database path: --db, $PARC_DB, [parc] database, the default. */
char *
cli_db_path(struct ctx *ctx)
{
	const char *env = getenv("PARC_DB");

	if (ctx->db_opt != NULL)
		return xstrdup(ctx->db_opt);
	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if (ctx->config != NULL && conf_get(&ctx->config->parc, "database"))
		return conf_path(ctx->config, &ctx->config->parc, "database");
	return db_default_path();
}

int
cli_list_format(int c, int *fmt)
{
	if (c == 'j')
		*fmt = RPT_LIST_JSON;
	else if (c == 'c')
		*fmt = RPT_LIST_CSV;
	else
		return 0;
	return 1;
}

int
cli_list(struct db *db, int fmt, const char *what, const struct rpt_sink *text,
    int (*list)(struct db *db, const void *filter, const struct rpt_sink *sink,
	struct rpt_doc **out, struct err *e),
    const void *filter, struct err *e)
{
	struct rpt_list l;
	struct rpt_doc *d = NULL;
	int rc;

	if (fmt >= 0) {
		rpt_list_init(&l, (enum rpt_list_format)fmt, stdout, what);
		rc = list(db, filter, &l.sink, &d, e);
		rc = rpt_list_end(&l, d ? d->primary : NULL, rc, e);
	} else {
		rc = list(db, filter, text, &d, e);
		if (rc == PARC_EIO)
			err_set(e, rc, "writing %s: %s", what, strerror(errno));
	}
	rpt_doc_free(d);
	return rc;
}

int
cli_open_db(struct ctx *ctx, int flags, struct err *e)
{
	char *path;
	int rc;

	if (ctx->db != NULL)
		return 0;
	if ((rc = cli_load_config(ctx, e)) != 0)
		return rc;
	path = cli_db_path(ctx);
	rc = db_open(&ctx->db, path, flags, e);
	free(path);
	return rc;
}

int
cli_usage(const char *cmd, struct err *e, const char *fmt, const char *arg)
{
	char msg[256];

	snprintf(msg, sizeof(msg), fmt, arg);
	return err_set(e, PARC_EUSAGE, "%s%s%s (see parc %s%s--help)", cmd,
	    *cmd ? ": " : "", msg, cmd, *cmd ? " " : "");
}

void
cli_print_command_help(const struct command *c)
{
	printf("usage: parc [--db PATH] [--config FILE] %s%s%s\n\n%s\n",
	    c->name, *c->args ? " " : "", c->args, c->summary);
	if (c->help != NULL && *c->help)
		printf("\n%s", c->help);
}

/*
 * getopt_long over a command's argv with its options plus --help; returns
 * the option, or 'h' after printing help, or '?' for a usage error.
 */
int
cli_next_opt(int argc, char **argv, const char *shortopts,
    const struct option *longopts, const char *cmd, struct err *e)
{
	int c = getopt_long(argc, argv, shortopts, longopts, NULL);

	if (c == '?') {
		cli_usage(cmd, e, "bad option %s", argv[optind - 1]);
		return '?';
	}
	if (c == ':') {
		cli_usage(cmd, e, "%s needs a value", argv[optind - 1]);
		return '?';
	}
	if (c == 'h')
		cli_print_command_help(cli_find_command(cmd));
	return c;
}
