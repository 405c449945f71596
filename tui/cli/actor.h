/*
 * actor.h - who runs a command: the OS login, --as for admins, and the
 * roles of the database (db/role.h), for the commands that change things.
 */
#ifndef PARC_TUI_ACTOR_H
#define PARC_TUI_ACTOR_H

#include "db/role.h"
#include "tui/cli/cmd.h"

/*
 * Open the database (cli_open_db) and resolve the actor: the OS login,
 * acting as as when given (admins only). Release a with actor_release().
 */
int cli_actor(struct ctx *ctx, const char *as, struct actor *a, struct err *e);

/*
 * Open the database read-only and refuse (PARC_EDENIED) unless the OS
 * login reads everything (admin or auditor, role_reads_all): what names
 * the thing to read, for the message. The inventory, findings, sources,
 * reports and exports call it before reading.
 */
int cli_check_read(struct ctx *ctx, const char *what, struct err *e);

/*
 * Make the OS login the first admin when the database has none (parc
 * init), and say so on stdout; force makes it admin regardless (parc demo,
 * on the demo's own database).
 */
int cli_first_admin(struct db *db, int force, struct err *e);

/*
 * For parc demo: make the OS login an admin and open the campaign "demo"
 * (every privileged grant, reviewed by each person's manager, the caller
 * as fallback, due in 30 days) unless it exists. Says what it did on
 * stdout.
 */
int cli_demo_campaign(struct db *db, struct err *e);

#endif
