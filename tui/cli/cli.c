/* cli.c - helpers every command uses: configuration, database, options. */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/checkpoint.h"
#include "db/role.h"
#include "lib/priv.h"
#include "lib/sign.h"
#include "reports/doc.h"
#include "reports/list.h"
#include "tui/cli/cmd.h"

int
cli_load_config(struct ctx *ctx, struct err *e)
{
	if (ctx->config != NULL)
		return 0;
	if (ctx->system_only)
		return config_load_system(&ctx->config, e);
	return config_load(&ctx->config, ctx->config_opt, e);
}

/* The database path: --db, $PARC_DB, [parc] database, the default. */
char *
cli_db_path(struct ctx *ctx)
{
	const char *env = getenv("PARC_DB");

	if (ctx->system_only) /* setgid: the system's database only */
		return ctx->config && conf_get(&ctx->config->parc, "database")
		    ? conf_path(ctx->config, &ctx->config->parc, "database")
		    : NULL;
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

char *
cli_key_path(struct ctx *ctx, const char *dbpath)
{
	struct sb sb = SB_INIT;
	struct stat st;

	if (ctx->config != NULL && conf_get(&ctx->config->parc, "signing_key"))
		return conf_path(ctx->config, &ctx->config->parc,
		    "signing_key");
	if (dbpath == NULL || strcmp(dbpath, ":memory:") == 0)
		return NULL;
	sb_addf(&sb, "%s.key", dbpath);
	/* stat, not access: a setgid parc looks with its group's rights */
	if (stat(sb.buf, &st) == 0)
		return sb_detach(&sb);
	sb_adds(&sb, ".pub");
	if (stat(sb.buf, &st) == 0) {
		sb.buf[sb.len - 4] = '\0';
		return sb_detach(&sb);
	}
	sb_release(&sb);
	return NULL;
}

/* The key for ctx->db, as cli_open_db() says. */
static int
open_key(struct ctx *ctx, const char *dbpath, int flags, struct err *e)
{
	char *kp;
	int rc;

	if (ctx->pubkey_opt != NULL) {
		priv_drop(); /* the caller's file */
		rc = sign_key_load(ctx->pubkey_opt, 1, &ctx->key, e);
		priv_restore();
		return rc;
	}
	if (ctx->key_skip || (kp = cli_key_path(ctx, dbpath)) == NULL)
		return 0;
	rc = sign_key_load(kp, (flags & DB_READONLY) != 0, &ctx->key, e);
	if (rc == PARC_EIO && !(flags & DB_READONLY))
		err_prefix(e,
		    "this command writes the audit chain, and needs "
		    "its signing key: ");
	free(kp);
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
	if ((path = cli_db_path(ctx)) == NULL)
		return err_set(e, PARC_ECONFIG,
		    "parc runs setgid: [parc] database must be set in %s",
		    config_system_path());
	if ((rc = db_open(&ctx->db, path, flags, e)) == 0 &&
	    (rc = open_key(ctx, path, flags, e)) == 0)
		db_set_key(ctx->db, ctx->key);
	free(path);
	return rc;
}

int
cli_setgid_gate(struct ctx *ctx, const char *cmd, struct err *e)
{
	const char *envdb = getenv("PARC_DB"), *envconf = getenv("PARC_CONFIG");
	const char *what = NULL;
	struct ctx sys = { 0 };
	char *login = NULL;
	int rc, roles = 0;

	if (!priv_elevated() || getuid() == 0)
		return 0;
	if (ctx->db_opt != NULL)
		what = "--db";
	else if (ctx->config_opt != NULL)
		what = "--config";
	else if (envdb != NULL && *envdb)
		what = "$PARC_DB";
	else if (envconf != NULL && *envconf)
		what = "$PARC_CONFIG";
	else if (strcmp(cmd, "sync") == 0)
		what = "sync"; /* reads sources with the group's rights */
	ctx->system_only = 1;
	if (what == NULL)
		return 0;
	/* an admin of the system's database may (root runs sync from cron) */
	sys.system_only = 1;
	sys.key_skip = 1;
	if ((rc = cli_open_db(&sys, DB_READONLY, e)) == 0 &&
	    (rc = role_os_login(&login, e)) == 0 &&
	    (roles = role_of(sys.db, login, e)) >= 0 && (roles & ROLE_ADMIN))
		ctx->system_only = strcmp(what, "sync") == 0;
	else if (rc == 0 && roles >= 0)
		rc = err_set(e, PARC_EUSAGE,
		    "%s is refused: parc runs setgid and %s is not a parc "
		    "admin (the database is the one %s names)",
		    what, login, config_system_path());
	else if (rc == 0)
		rc = roles;
	free(login);
	db_close(sys.db);
	config_free(sys.config);
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
