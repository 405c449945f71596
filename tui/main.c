/*
 * main.c - the parc command line: global options, the command table, and
 * the one place that turns an error into an exit status.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "lib/config.h"
#include "lib/err.h"
#include "lib/sb.h"
#include "lib/text.h"
#include "sync/source.h"
#include "tui/demo.h"

#define STR2(x) #x
#define STR(x) STR2(x)
#define DEMO_RANGE STR(DEMO_PEOPLE_MIN) " to " STR(DEMO_PEOPLE_MAX)

#ifndef PARC_VERSION
#define PARC_VERSION "0.1.0"
#endif

/* What every command gets: the global options, resolved lazily. */
struct ctx {
	const char *db_opt;	/* --db */
	const char *config_opt; /* --config */
	struct config *config;
	struct db *db;
};

struct command {
	const char *name;
	int (*run)(struct ctx *ctx, int argc, char **argv, struct err *e);
	const char *args;
	const char *summary;
	const char *help; /* the options, one per line */
};

static const struct command *find_command(const char *name);

static int
load_config(struct ctx *ctx, struct err *e)
{
	if (ctx->config != NULL)
		return 0;
	return config_load(&ctx->config, ctx->config_opt, e);
}

/* The database path: --db, $PARC_DB, [parc] database, the default. */
static char *
db_path_for(struct ctx *ctx)
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

static int
open_db(struct ctx *ctx, int flags, struct err *e)
{
	char *path;
	int rc;

	if (ctx->db != NULL)
		return 0;
	if ((rc = load_config(ctx, e)) != 0)
		return rc;
	path = db_path_for(ctx);
	rc = db_open(&ctx->db, path, flags, e);
	free(path);
	return rc;
}

static int
usage_error(const char *cmd, struct err *e, const char *fmt, const char *arg)
{
	char msg[256];

	snprintf(msg, sizeof(msg), fmt, arg);
	return err_set(e, PARC_EUSAGE, "%s%s%s (see parc %s%s--help)", cmd,
	    *cmd ? ": " : "", msg, cmd, *cmd ? " " : "");
}

static void
print_command_help(const struct command *c)
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
static int
next_opt(int argc, char **argv, const char *shortopts,
    const struct option *longopts, const char *cmd, struct err *e)
{
	int c = getopt_long(argc, argv, shortopts, longopts, NULL);

	if (c == '?') {
		usage_error(cmd, e, "bad option %s", argv[optind - 1]);
		return '?';
	}
	if (c == ':') {
		usage_error(cmd, e, "%s needs a value", argv[optind - 1]);
		return '?';
	}
	if (c == 'h')
		print_command_help(find_command(cmd));
	return c;
}

/* ---- parc init ---- */

static int
cmd_init(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	int c, rc;

	while ((c = next_opt(argc, argv, "+h", opts, "init", e)) != -1)
		if (c == 'h')
			return 0;
		else
			return PARC_EUSAGE;
	if (optind != argc)
		return usage_error("init", e, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = open_db(ctx, DB_CREATE, e)) != 0)
		return rc;
	printf("database %s ready (schema version %d)\n", db_path(ctx->db),
	    db_schema_version(ctx->db));
	return 0;
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

static int
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

	while ((c = next_opt(argc, argv, "+h", opts, "sources", e)) != -1) {
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
		return usage_error("sources", e, "unexpected argument '%s'",
		    argv[optind]);
	if (kinds) {
		for (ops = source_all(); *ops != NULL; ops++)
			printf("%-10s %s\n", (*ops)->kind, (*ops)->summary);
		return 0;
	}
	if ((rc = load_config(ctx, e)) != 0 ||
	    (rc = source_check_config(ctx->config, e)) != 0 ||
	    (rc = open_db(ctx, DB_CREATE, e)) != 0)
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

static int
cmd_sync(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = {{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	int c, quiet = 0, rc;

	while ((c = next_opt(argc, argv, "+hq", opts, "sync", e)) != -1) {
		if (c == 'h')
			return 0;
		if (c == '?')
			return PARC_EUSAGE;
		if (c == 'q')
			quiet = 1;
	}
	if ((rc = load_config(ctx, e)) != 0 ||
	    (rc = source_check_config(ctx->config, e)) != 0 ||
	    (rc = open_db(ctx, DB_CREATE, e)) != 0)
		return rc;
	return sync_run(ctx->db, ctx->config, argv + optind, argc - optind,
	    !quiet && isatty(STDERR_FILENO), e);
}

/* ---- parc inventory ---- */

enum fmt { FMT_TEXT, FMT_JSON, FMT_CSV };

struct inv {
	enum fmt fmt;
	size_t n;
	time_t now;
	struct sb sb;
};

/* Append the JSON array of strings text as "a > b > c" (or raw on error). */
static void
add_path(struct sb *sb, const char *text, const char *sep)
{
	json_error_t jerr;
	json_t *a = json_loads(text, 0, &jerr);
	size_t i;

	if (a == NULL || !json_is_array(a)) {
		sb_adds(sb, text);
		json_decref(a);
		return;
	}
	for (i = 0; i < json_array_size(a); i++) {
		if (i > 0)
			sb_adds(sb, sep);
		sb_adds(sb, json_string_value(json_array_get(a, i))
			? json_string_value(json_array_get(a, i))
			: "?");
	}
	json_decref(a);
}

/* Append a comma list as a JSON array of strings. */
static void
add_json_list(struct sb *sb, const char *list)
{
	const char *p = list, *q;
	char *item;

	sb_addc(sb, '[');
	while (p != NULL && *p) {
		q = strchr(p, ',');
		item = q ? strndup(p, (size_t)(q - p)) : xstrdup(p);
		if (item == NULL)
			abort();
		if (p != list)
			sb_adds(sb, ", ");
		sb_add_json(sb, item);
		free(item);
		p = q ? q + 1 : NULL;
	}
	sb_addc(sb, ']');
}

/* "412 days", "today", "never" for the text table. */
static void
add_age(struct sb *sb, const char *iso, time_t now)
{
	struct tm tm;
	time_t t;
	long days;

	if (iso == NULL) {
		sb_adds(sb, "unknown");
		return;
	}
	memset(&tm, 0, sizeof(tm));
	if (strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm) == NULL &&
	    strptime(iso, "%Y-%m-%d", &tm) == NULL) {
		sb_add_safe(sb, iso);
		return;
	}
	t = timegm(&tm);
	days = (long)((now - t) / 86400);
	if (days <= 0)
		sb_adds(sb, "today");
	else
		sb_addf(sb, "%ld day%s", days, days == 1 ? "" : "s");
}

static const char *const inv_columns[] = {"source", "source_kind", "host",
	"account", "account_kind", "enabled", "person", "employee_id",
	"entitlement", "entitlement_kind", "scope", "tier", "reason",
	"techniques", "path", "last_used", "first_seen", "last_seen",
	"findings", NULL};

static int
print_grant(const struct db_grant_row *r, void *arg)
{
	struct inv *inv = arg;
	struct sb *sb = &inv->sb;
	struct sb tmp = SB_INIT;

	sb_reset(sb);
	switch (inv->fmt) {
	case FMT_JSON:
		sb_adds(sb, inv->n == 0 ? "[\n  {" : ",\n  {");
		sb_adds(sb, "\"source\": ");
		sb_add_json(sb, r->source);
		sb_adds(sb, ", \"source_kind\": ");
		sb_add_json(sb, r->source_kind);
		sb_adds(sb, ", \"host\": ");
		sb_add_json(sb, r->host);
		sb_adds(sb, ", \"account\": ");
		sb_add_json(sb, r->account);
		sb_adds(sb, ", \"account_kind\": ");
		sb_add_json(sb, r->account_kind);
		sb_addf(sb, ", \"enabled\": %s",
		    r->enabled < 0 ? "null" : r->enabled ? "true" : "false");
		sb_adds(sb, ", \"person\": ");
		sb_add_json(sb, r->person);
		sb_adds(sb, ", \"employee_id\": ");
		sb_add_json(sb, r->employee_id);
		sb_adds(sb, ", \"entitlement\": ");
		sb_add_json(sb, r->entitlement);
		sb_adds(sb, ", \"entitlement_kind\": ");
		sb_add_json(sb, r->entitlement_kind);
		sb_adds(sb, ", \"scope\": ");
		sb_add_json(sb, r->scope);
		if (r->tier < 0)
			sb_adds(sb, ", \"tier\": null");
		else
			sb_addf(sb, ", \"tier\": %d", r->tier);
		sb_adds(sb, ", \"reason\": ");
		sb_add_json(sb, r->reason);
		sb_adds(sb, ", \"techniques\": ");
		add_json_list(sb, r->techniques);
		/* path is JSON already, written by SQLite's json functions. */
		sb_adds(sb, ", \"path\": ");
		sb_adds(sb, r->path);
		sb_adds(sb, ", \"last_used\": ");
		sb_add_json(sb, r->last_used);
		sb_adds(sb, ", \"first_seen\": ");
		sb_add_json(sb, r->first_seen);
		sb_adds(sb, ", \"last_seen\": ");
		sb_add_json(sb, r->last_seen);
		sb_adds(sb, ", \"findings\": ");
		add_json_list(sb, r->findings);
		sb_addc(sb, '}');
		break;
	case FMT_CSV:
		sb_add_csv(sb, r->source);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->source_kind);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->host);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->account);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->account_kind);
		sb_addc(sb, ',');
		sb_adds(sb, r->enabled < 0 ? "" : r->enabled ? "yes" : "no");
		sb_addc(sb, ',');
		sb_add_csv(sb, r->person);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->employee_id);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->entitlement);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->entitlement_kind);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->scope);
		sb_addc(sb, ',');
		if (r->tier >= 0)
			sb_addf(sb, "%d", r->tier);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->reason);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->techniques);
		sb_addc(sb, ',');
		add_path(&tmp, r->path, " > ");
		sb_add_csv(sb, tmp.buf);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->last_used);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->first_seen);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->last_seen);
		sb_addc(sb, ',');
		sb_add_csv(sb, r->findings);
		sb_adds(sb, "\r\n");
		break;
	case FMT_TEXT:
		sb_add_cell(sb, r->source, 10, 1);
		sb_addc(sb, ' ');
		sb_add_cell(sb, r->account, 16, 1);
		sb_addc(sb, ' ');
		sb_add_cell(sb, r->person ? r->person : "(nobody)", 18, 1);
		sb_addc(sb, ' ');
		sb_add_cell(sb, r->entitlement, 20, 1);
		sb_addc(sb, ' ');
		if (r->tier >= 0)
			sb_addf(sb, "%d ", r->tier);
		else
			sb_adds(sb, "- ");
		add_age(&tmp, r->last_used, inv->now);
		sb_add_cell(sb, tmp.buf, 9, 0);
		sb_reset(&tmp);
		sb_adds(sb, "\n    ");
		add_path(&tmp, r->path, " \xe2\x86\x92 ");
		sb_add_safe(sb, tmp.buf);
		if (r->findings[0]) {
			sb_adds(sb, "  [");
			sb_add_safe(sb, r->findings);
			sb_addc(sb, ']');
		}
		sb_addc(sb, '\n');
		break;
	}
	sb_release(&tmp);
	inv->n++;
	if (fwrite(sb->buf, 1, sb->len, stdout) != sb->len)
		return PARC_EIO;
	return 0;
}

static int
cmd_inventory(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
		{"csv", no_argument, NULL, 'c'},
		{"source", required_argument, NULL, 's'},
		{"all", no_argument, NULL, 'a'},
		{"uncorrelated", no_argument, NULL, 'u'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	struct db_inventory_filter f = {0};
	struct inv inv = {FMT_TEXT, 0, 0, SB_INIT};
	int c, rc, i;

	while ((c = next_opt(argc, argv, "+h", opts, "inventory", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case '?':
			return PARC_EUSAGE;
		case 'j':
			inv.fmt = FMT_JSON;
			break;
		case 'c':
			inv.fmt = FMT_CSV;
			break;
		case 's':
			f.source = optarg;
			break;
		case 'a':
			f.all_tiers = 1;
			break;
		case 'u':
			f.uncorrelated = 1;
			break;
		}
	}
	if (optind != argc)
		return usage_error("inventory", e, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = open_db(ctx, 0, e)) != 0)
		return rc;
	inv.now = time(NULL);
	if (inv.fmt == FMT_CSV) {
		for (i = 0; inv_columns[i] != NULL; i++)
			printf("%s%s", i ? "," : "", inv_columns[i]);
		fputs("\r\n", stdout);
	}
	rc = db_inventory(ctx->db, &f, print_grant, &inv, e);
	if (rc == PARC_EIO)
		err_set(e, rc, "writing the inventory: %s", strerror(errno));
	if (inv.fmt == FMT_JSON)
		fputs(inv.n ? "\n]\n" : "[]\n", stdout);
	else if (inv.fmt == FMT_TEXT && inv.n == 0 && rc == 0)
		printf("no privileged grants%s\n",
		    f.source ? " in that source" : "");
	sb_release(&inv.sb);
	return rc;
}

/* ---- parc demo ---- */

static void
print_summary(struct db *db)
{
	struct db_summary s;

	if (db_summarize(db, &s, NULL) != 0)
		return;
	printf("sources:      %lld\n", (long long)s.sources);
	printf("people:       %lld (%lld terminated)\n", (long long)s.people,
	    (long long)s.terminated);
	printf("accounts:     %lld (%lld tied to no person), groups: %lld\n",
	    (long long)s.accounts, (long long)s.uncorrelated,
	    (long long)s.groups);
	printf("grants:       %lld (tier 0: %lld, tier 1: %lld, tier 2: "
	       "%lld)\n",
	    (long long)s.grants, (long long)s.tier[0], (long long)s.tier[1],
	    (long long)s.tier[2]);
	printf("findings:     %lld\n", (long long)s.findings);
}

static int
cmd_demo(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = {
		{"people", required_argument, NULL, 'p'},
		{"dir", required_argument, NULL, 'd'},
		{"no-console", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	const char *dir_opt = NULL, *env = getenv("PARC_DB");
	long people = DEMO_PEOPLE_DEFAULT;
	char *dir = NULL, *dbpath = NULL, *cfg = NULL, *end;
	struct sb sb = SB_INIT;
	int c, rc, own_db, console = 1;

	while ((c = next_opt(argc, argv, "+h", opts, "demo", e)) != -1) {
		switch (c) {
		case 'h':
			return 0;
		case '?':
			return PARC_EUSAGE;
		case 'p':
			errno = 0;
			people = strtol(optarg, &end, 10);
			if (errno || *end || people < DEMO_PEOPLE_MIN ||
			    people > DEMO_PEOPLE_MAX)
				return usage_error("demo", e,
				    "--people wants a number from "
				    DEMO_RANGE ", not '%s'",
				    optarg);
			break;
		case 'd':
			dir_opt = optarg;
			break;
		case 'n':
			console = 0;
			break;
		}
	}
	if (optind != argc)
		return usage_error("demo", e, "unexpected argument '%s'",
		    argv[optind]);
	if (dir_opt != NULL)
		dir = xstrdup(dir_opt);
	else {
		dbpath = db_default_path();
		*strrchr(dbpath, '/') = '\0';
		sb_addf(&sb, "%s/demo", dbpath);
		dir = sb_detach(&sb);
		free(dbpath);
		dbpath = NULL;
	}
	own_db = ctx->db_opt == NULL && (env == NULL || *env == '\0');
	if (own_db) {
		sb_addf(&sb, "%s/demo.db", dir);
		dbpath = sb_detach(&sb);
	} else
		dbpath = xstrdup(ctx->db_opt ? ctx->db_opt : env);
	if ((rc = demo_generate(dir, people, e)) != 0)
		goto out;
	sb_addf(&sb, "%s/parc.conf", dir);
	cfg = sb_detach(&sb);
	config_free(ctx->config);
	ctx->config = NULL;
	if ((rc = config_load(&ctx->config, cfg, e)) != 0)
		goto out;
	if (own_db) {
		/* The demo's own database is rebuilt from scratch each time. */
		unlink(dbpath);
		sb_addf(&sb, "%s-wal", dbpath);
		unlink(sb.buf);
		sb_reset(&sb);
		sb_addf(&sb, "%s-shm", dbpath);
		unlink(sb.buf);
		sb_reset(&sb);
	}
	if ((rc = db_open(&ctx->db, dbpath, DB_CREATE, e)) != 0)
		goto out;
	if ((rc = sync_run(ctx->db, ctx->config, NULL, 0,
		 isatty(STDERR_FILENO), e)) != 0)
		goto out;
	if (console && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		/* The review console arrives with its own issue. */
	}
	printf("demo organisation in %s\n", dir);
	printf("demo database:    %s\n\n", dbpath);
	print_summary(ctx->db);
	printf("\ntry:  PARC_DB=%s parc inventory\n", dbpath);
out:
	sb_release(&sb);
	free(dir);
	free(dbpath);
	free(cfg);
	return rc;
}

/* ---- help and the table ---- */

static int cmd_help(struct ctx *ctx, int argc, char **argv, struct err *e);

static const struct command commands[] = {
	{"init", cmd_init, "", "Create the database, or bring it up to date.",
	    NULL},
	{"sources", cmd_sources, "[--json] [--kinds]",
	    "List the sources in the database with their last sync.",
	    "  --json    one JSON array of sources\n"
	    "  --kinds   list the source kinds this parc can read\n"},
	{"sync", cmd_sync, "[--quiet] [SOURCE...]",
	    "Pull every configured source, or the named ones, each in its own "
	    "transaction.\nA failed source keeps its previous snapshot.",
	    "  -q, --quiet   no progress line on a terminal\n"},
	{"inventory", cmd_inventory,
	    "[--source NAME] [--all] [--uncorrelated] [--json|--csv]",
	    "List every effective privileged grant (tier 0-2): who holds what, "
	    "through which path.",
	    "  --source NAME   only this source\n"
	    "  --all           include tier 3 and unclassified entitlements\n"
	    "  --uncorrelated  only accounts tied to no person\n"
	    "  --json          one JSON array of grants (see parc(1))\n"
	    "  --csv           RFC 4180 CSV with a header row\n"},
	{"demo", cmd_demo, "[--people N] [--dir DIR] [--no-console]",
	    "Generate a demo organisation as real source files, sync it into a "
	    "demo database,\nand show what it holds.",
	    "  --people N    size of the organisation (default 250)\n"
	    "  --dir DIR     where to write the source files\n"
	    "                (default $XDG_DATA_HOME/parc/demo)\n"
	    "  --no-console  only build the demo database and say where it is\n"
	    "The database is the one --db or $PARC_DB names, else DIR/demo.db "
	    "(rebuilt each time).\n"},
	{"help", cmd_help, "[COMMAND]", "Show help for parc or a command.",
	    NULL},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct command *
find_command(const char *name)
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
	       "error.\n\nparc COMMAND --help shows a command's options; man "
	       "parc has the rest.\n");
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
	if ((c = find_command(argv[1])) == NULL)
		return usage_error("", e, "unknown command '%s'", argv[1]);
	print_command_help(c);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"config", required_argument, NULL, 'c'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	struct ctx ctx = {0};
	struct err e = ERR_INIT;
	const struct command *cmd;
	int c, rc;

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
			fprintf(stderr,
			    "parc: bad option %s (see parc --help)\n",
			    argv[optind - 1]);
			return 2;
		}
	}
	if (optind >= argc) {
		print_help();
		return 2;
	}
	if ((cmd = find_command(argv[optind])) == NULL) {
		fprintf(stderr, "parc: unknown command '%s' (see parc --help)\n",
		    argv[optind]);
		return 2;
	}
	argc -= optind;
	argv += optind;
	optind = 1;
	rc = cmd->run(&ctx, argc, argv, &e);
	if (rc != 0 && e.msg[0])
		fprintf(stderr, "parc: %s\n", e.msg);
	if (fflush(stdout) != 0 && rc == 0) {
		fprintf(stderr, "parc: writing output: %s\n", strerror(errno));
		rc = PARC_EIO;
	}
	db_close(ctx.db);
	config_free(ctx.config);
	return err_exit_code(rc);
}
