/* actor.c - the acting person of a command. */
#include <stdio.h>
#include <stdlib.h>

#include "lib/sb.h"
#include "tui/actor.h"

int
cli_actor(struct ctx *ctx, const char *as, struct actor *a, struct err *e)
{
	int rc;

	if ((rc = cli_open_db(ctx, 0, e)) != 0)
		return rc;
	return actor_resolve(ctx->db, NULL, as, a, e);
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
