/* cmd_demo.c - parc demo: a demo organisation, synced and summarised. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/sb.h"
#include "sync/source.h"
#include "tui/cli/actor.h"
#include "tui/cli/cmd.h"
#include "tui/console/console.h"
#include "tui/demo/demo.h"

#define STR2(x) #x
#define STR(x) STR2(x)
#define DEMO_RANGE STR(DEMO_PEOPLE_MIN) " to " STR(DEMO_PEOPLE_MAX)

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

int
cmd_demo(struct ctx *ctx, int argc, char **argv, struct err *e)
{
	static const struct option opts[] = { { "people", required_argument,
						  NULL, 'p' },
		{ "dir", required_argument, NULL, 'd' },
		{ "no-console", no_argument, NULL, 'n' },
		{ "as", required_argument, NULL, 'a' },
		{ "as-of", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const char *dir_opt = NULL, *env = getenv("PARC_DB"), *as = NULL;
	long people = DEMO_PEOPLE_DEFAULT, lo = 0, hi = 0;
	/* today, UTC: the day of the epoch seconds */
	long as_of = (long)(time(NULL) / 86400);
	char *dir = NULL, *dbpath = NULL, *cfg = NULL, *end;
	struct sb sb = SB_INIT;
	int c, rc, own_db, console = 1;

	while ((c = cli_next_opt(argc, argv, "+h", opts, "demo", e)) != -1) {
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
				return cli_usage("demo", e,
				    "--people wants a number from " DEMO_RANGE
				    ", not '%s'",
				    optarg);
			break;
		case 'd':
			dir_opt = optarg;
			break;
		case 'n':
			console = 0;
			break;
		case 'a':
			as = optarg;
			break;
		case 'o':
			demo_day(DEMO_AS_OF_MIN, &lo);
			demo_day(DEMO_AS_OF_MAX, &hi);
			if (demo_day(optarg, &as_of) != 0 || as_of < lo ||
			    as_of > hi)
				return cli_usage("demo", e,
				    "--as-of wants a day YYYY-MM-DD "
				    "from " DEMO_AS_OF_MIN " to " DEMO_AS_OF_MAX
				    ", not '%s'",
				    optarg);
			break;
		}
	}
	if (optind != argc)
		return cli_usage("demo", e, "unexpected argument '%s'",
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
	if ((rc = demo_generate(dir, people, as_of, e)) != 0)
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
		 isatty(STDERR_FILENO) ? SYNC_PROGRESS : 0, e)) != 0)
		goto out;
	if ((rc = cli_demo_campaign(ctx->db, e)) != 0)
		goto out;
	if (console && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) &&
	    (rc = console_demo(ctx->db, as, e)) != 0)
		goto out;
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
