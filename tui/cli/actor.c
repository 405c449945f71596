/* actor.c - the acting person of a command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/campaign.h"
#include "lib/sb.h"
#include "tui/cli/actor.h"
#include "tui/cli/demo_activity.h"

int
cli_actor(struct ctx *ctx, const char *as, struct actor *a, struct err *e)
{
	int rc;

	if ((rc = cli_open_db(ctx, 0, e)) != 0)
		return rc;
	return actor_resolve(ctx->db, NULL, as, a, e);
}

int
cli_check_read(struct ctx *ctx, const char *what, struct err *e)
{
	struct actor a;
	int rc;

	if ((rc = cli_open_db(ctx, DB_READONLY, e)) != 0)
		return rc;
	if ((rc = actor_resolve(ctx->db, NULL, NULL, &a, e)) != 0)
		return rc;
	rc = role_check_read(&a, what, e);
	actor_release(&a);
	return rc;
}

int
cli_first_admin(struct db *db, int force, struct err *e)
{
	struct sb sb = SB_INIT;
	char *login = NULL;
	int rc, granted = 0;

	if ((rc = role_os_login(&login, e)) != 0)
		return rc;
	if ((rc = role_bootstrap(db, login, force, &granted, e)) == 0 &&
	    granted) {
		sb_add_safe(&sb, login);
		printf("%s is %s admin (parc role grant LOGIN ROLE for the "
		       "others)\n",
		    sb.buf, force ? "an" : "the first");
	}
	sb_release(&sb);
	free(login);
	return rc;
}

static int
exists(const struct campaign_row *r, void *arg)
{
	(void)r;
	*(int *)arg = 1;
	return 0;
}

int
cli_demo_campaign(struct db *db, struct err *e)
{
	struct campaign_spec s = { .name = "demo", .reviewer = "manager" };
	struct campaign_settings set = { 0 };
	struct actor a = { 0 };
	char due[11], opened[21];
	time_t t = time(NULL) + 30 * 86400, o = time(NULL) - 3 * 86400;
	struct tm tm;
	int64_t n = 0, id = 0;
	int rc, found = 0;

	if ((rc = cli_first_admin(db, 1, e)) != 0)
		return rc;
	if (campaign_get(db, s.name, exists, &found, NULL) == 0 && found)
		return 0;
	gmtime_r(&t, &tm);
	strftime(due, sizeof(due), "%Y-%m-%d", &tm);
	s.due = due;
	/* opened three days ago, part-way through (demo_activity.h) */
	gmtime_r(&o, &tm);
	strftime(opened, sizeof(opened), "%Y-%m-%dT08:00:00Z", &tm);
	set.opened_at = opened;
	/*
	 * The demo is a small firm whose managers hold what their people
	 * hold: the conflict rules would hand most items to the caller.
	 */
	set.allow_conflicts = 1;
	if ((rc = actor_resolve(db, NULL, NULL, &a, e)) != 0)
		return rc;
	if ((rc = campaign_create_set(db, &a, &s, &set, &id, &n, e)) == 0 &&
	    (rc = demo_activity(db, &a, id, opened, e)) == 0)
		printf("campaign demo opened: %lld item%s to review, due %s\n",
		    (long long)n, n == 1 ? "" : "s", due);
	actor_release(&a);
	return rc;
}
