/*
 * cmd.h - what the command-line commands share: the context built from the
 * global options, the command table's entry, and option helpers.
 *
 * Each command is one function in a tui/cli/cmd_*.c file and one line in the
 * table of main.c; its usage and help text sit in that line, so `parc
 * help`, `parc CMD --help` and the table cannot drift apart.
 */
#ifndef PARC_CMD_H
#define PARC_CMD_H

#include <getopt.h>

#include "db/db.h"
#include "lib/config.h"
#include "lib/err.h"

/* What every command gets: the global options, resolved lazily. */
struct ctx {
	const char *db_opt;	/* --db */
	const char *config_opt; /* --config */
	struct config *config;	/* loaded by cli_load_config() */
	struct db *db;		/* opened by cli_open_db() */
	struct sign_key *key;	/* loaded by cli_open_db(), or NULL */
	const char *pubkey_opt; /* verify --pubkey: the key to check with */
	int key_skip;		/* init --new-key: no key to load yet */
	int system_only; /* setgid: the system configuration, no override */
};

struct sign_key;

struct command {
	const char *name;
	/*
	 * Run the command with argv[0] = its name; getopt is reset. Return 0
	 * or a PARC_E* code with e filled; main prints e and exits.
	 */
	int (*run)(struct ctx *ctx, int argc, char **argv, struct err *e);
	const char *args;    /* the synopsis after the name */
	const char *summary; /* first line is the one `parc help` shows */
	const char *help;    /* the options, one per line, or NULL */
};

/* The command called name, or NULL. */
const struct command *cli_find_command(const char *name);

/* Print a command's usage, summary and options on stdout. */
void cli_print_command_help(const struct command *c);

/* Load the configuration once (--config, $PARC_CONFIG, ...). */
int cli_load_config(struct ctx *ctx, struct err *e);

/*
 * The database path: --db, $PARC_DB, [parc] database, the default.
 * Loads the configuration first. Returns a malloc'd string.
 */
char *cli_db_path(struct ctx *ctx);

/*
 * Open the database once, with db_open()'s flags, and the signing key
 * (cli_key_path()): a command that may write needs the private key when
 * one is configured; one that only reads (DB_READONLY) is content with
 * the public key (FILE.pub when FILE cannot be read); verify --pubkey
 * names its own. The key is set on the database (db_set_key()).
 */
int cli_open_db(struct ctx *ctx, int flags, struct err *e);

/*
 * The signing key's path: [parc] signing_key, else DB.key when it or
 * DB.key.pub exists beside the database at dbpath; NULL: none. malloc'd.
 */
char *cli_key_path(struct ctx *ctx, const char *dbpath);

/*
 * When parc runs setgid (lib/priv.h) for a caller other than root: only
 * the system configuration is read, and --db, --config, $PARC_DB,
 * $PARC_CONFIG and the command sync (cmd) are refused (PARC_EUSAGE)
 * unless the caller is an admin of the database that configuration
 * names. main() calls it before the command.
 */
int cli_setgid_gate(struct ctx *ctx, const char *cmd, struct err *e);

/*
 * Fill e with a usage error for command cmd ("" for parc itself):
 * "CMD: MESSAGE (see parc CMD --help)". fmt takes one string. Returns
 * PARC_EUSAGE.
 */
int cli_usage(const char *cmd, struct err *e, const char *fmt, const char *arg);

/*
 * getopt_long over a command's arguments. Returns the option; 'h' after
 * printing the command's help (the command then returns 0); '?' with e
 * filled for an unknown option or a missing value; -1 at the end.
 */
int cli_next_opt(int argc, char **argv, const char *shortopts,
    const struct option *longopts, const char *cmd, struct err *e);

/*
 * A listing command's --json ('j') and --csv ('c'): for c one of them,
 * *fmt becomes RPT_LIST_JSON or RPT_LIST_CSV (the last given wins) and
 * the answer is 1; else 0, *fmt untouched (-1 before: text).
 */
int cli_list_format(int c, int *fmt);

struct rpt_doc;
struct rpt_sink;

/*
 * Run a listing's query: list(db, filter, sink, &doc, e), where filter is
 * list's own. With fmt RPT_LIST_JSON or RPT_LIST_CSV its rows go to stdout
 * in that format (reports/list.h; a failed write is PARC_EIO "writing
 * WHAT: ..."); with fmt -1 they go to text, the command's own printer,
 * whose PARC_EIO is reported the same way. what names the listing ("the
 * findings"). Returns list's result, or PARC_EIO.
 */
int cli_list(struct db *db, int fmt, const char *what,
    const struct rpt_sink *text,
    int (*list)(struct db *db, const void *filter, const struct rpt_sink *sink,
	struct rpt_doc **out, struct err *e),
    const void *filter, struct err *e);

/* The commands of the table (tui/cli/cmd_*.c). */
int cmd_init(struct ctx *ctx, int argc, char **argv, struct err *e);
int cmd_sources(struct ctx *ctx, int argc, char **argv, struct err *e);
int cmd_sync(struct ctx *ctx, int argc, char **argv, struct err *e);
int cmd_inventory(struct ctx *ctx, int argc, char **argv, struct err *e);
int cmd_demo(struct ctx *ctx, int argc, char **argv, struct err *e);
int cmd_findings(struct ctx *ctx, int argc, char **argv, struct err *e);
int cmd_campaign(struct ctx *ctx, int argc, char **argv, struct err *e);
int cmd_tick(struct ctx *ctx, int argc, char **argv, struct err *e);
int cmd_decide(struct ctx *ctx, int argc, char **argv, struct err *e);
int cmd_exceptions(struct ctx *ctx, int argc, char **argv, struct err *e);
int cmd_role(struct ctx *ctx, int argc, char **argv, struct err *e);
int cmd_verify(struct ctx *ctx, int argc, char **argv, struct err *e);
int cmd_report(struct ctx *ctx, int argc, char **argv, struct err *e);
int cmd_export(struct ctx *ctx, int argc, char **argv, struct err *e);
int cmd_sudoers(struct ctx *ctx, int argc, char **argv, struct err *e);
int cmd_review(struct ctx *ctx, int argc, char **argv, struct err *e);

#endif
