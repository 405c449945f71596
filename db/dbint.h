/*
 * dbint.h - what the files of db/ share and nobody else sees: the connection and
 * small statement helpers.
 */
#ifndef PARC_DBINT_H
#define PARC_DBINT_H

#include <sqlite3.h>

#include "db/db.h"

struct db {
	sqlite3 *conn;
	char *path;
};

/* Translate the connection's last error into e with a context prefix. */
int db_fail(struct db *db, struct err *e, const char *what);

/* Prepare sql; on failure fill e naming what. */
int db_prepare(struct db *db, const char *sql, sqlite3_stmt **st,
    struct err *e);

/* Bind a possibly-NULL text, copied by SQLite. */
void db_bind_text(sqlite3_stmt *st, int i, const char *s);

/* Bind an int where negative means NULL (unknown). */
void db_bind_tristate(sqlite3_stmt *st, int i, int v);

/* Column text or NULL, as const char *. */
const char *db_col_text(sqlite3_stmt *st, int i);

/* Run a statement with no rows to completion and reset it. */
int db_step_done(struct db *db, sqlite3_stmt *st, struct err *e,
    const char *what);

/*
 * Fill r from the current row of a statement whose columns are, in order:
 * grant id, source, source kind, host, account, account kind, enabled,
 * person, employee id, entitlement, entitlement kind, scope, tier, reason,
 * techniques, path, last used, first seen, last seen, findings (the
 * inventory's select list). The strings live until the next step.
 */
void db_grant_row_read(sqlite3_stmt *st, struct db_grant_row *r);

#endif
