/*
 * dbint.h - what the files of db/ share and nobody else sees: the connection
 * and small statement helpers.
 */
#ifndef PARC_DBINT_H
#define PARC_DBINT_H

#include <stddef.h>

#include <sqlite3.h>

#include "db/db.h"

struct sign_key;

/* How long a write waits for another writer (db_open) before SQLITE_BUSY. */
#define DB_BUSY_MS 10000

struct db {
	sqlite3 *conn;
	char *path;
	const struct sign_key *key; /* db_set_key() (checkpoint.h), or NULL */
};

/*
 * Whether the sync that wrote run run_id still runs: its process holds the
 * run's lock (sink.c). 1 when it cannot tell (a database in memory, a lock
 * file it cannot read), so the row's own status stands.
 */
int db_run_alive(struct db *db, int64_t run_id);

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

/*
 * Find each of names[0..n) among st's result columns, once per statement
 * before its rows are read: pos[k] gets its position, or -1 when st has
 * no such column (it then reads as NULL). Rows are then read by column
 * name, whatever order a select list puts them in.
 */
void db_col_map(sqlite3_stmt *st, const char *const *names, size_t n, int *pos);

/* The text of the column at pos, NULL when pos is -1. */
const char *db_col_text_at(sqlite3_stmt *st, int pos);

/* The integer of the column at pos, dflt when it is NULL or pos is -1. */
int64_t db_col_int_at(sqlite3_stmt *st, int pos, int64_t dflt);

/* Run a statement with no rows to completion and reset it. */
int db_step_done(struct db *db, sqlite3_stmt *st, struct err *e,
    const char *what);

/*
 * Step st, a prepared and bound statement over the grant_row view (schema
 * v5), calling fn with each row, its columns found by name (a column st
 * lacks reads as NULL); a non-zero return from fn stops the walk and is
 * returned, a failed step is PARC_EDB naming what. st is finalized.
 */
int db_grants_walk(struct db *db, sqlite3_stmt *st,
    int (*fn)(const struct db_grant_row *row, void *arg), void *arg,
    const char *what, struct err *e);

/*
 * Begin a write transaction (BEGIN IMMEDIATE), or join the one db is
 * already in. One lock-wait policy for all of db/: the connection's busy
 * timeout, then, while SQLite still answers busy, up to 20 more tries
 * 20-50 ms apart. Returns 1 when it began the transaction, 0 when it
 * joined the caller's, or PARC_EDB; pass that to db_end().
 */
int db_begin(struct db *db, struct err *e);

/*
 * End what db_begin() began (own is its return): commit when rc is 0,
 * else roll back. Returns rc, or the commit's error. A joined transaction
 * (own 0) is left to its owner and rc is returned as it is.
 */
int db_end(struct db *db, int own, int rc, struct err *e);

/* Bind a possibly-NULL text to the parameter called name, if st has one;
 * returns its index (0: none). */
int db_bind_named(sqlite3_stmt *st, const char *name, const char *v);

/* ---- shared checks (check.c) ---- */

struct actor;

/* "root" or "root as alice" (NULL a: "parc"), for the audit chain.
 * malloc'd. */
char *db_actor_label(const struct actor *a);

/* True when s is a real calendar date written YYYY-MM-DD. */
int db_valid_date(const char *s);

/* The date part of now (ISO 8601, or NULL: the clock) into out. */
void db_today(const char *now, char out[11]);

/* A printable, bounded, UTF-8 text (names, comments), or PARC_EUSAGE
 * naming what. */
int db_check_text(const char *what, const char *s, size_t max, struct err *e);

/*
 * A login someone can act as: one of this host (getpwnam), of the people
 * data, or holding a role. Catches a typo before items go to nobody.
 * PARC_EUSAGE naming what otherwise.
 */
int db_known_login(struct db *db, const char *what, const char *login,
    struct err *e);

/*
 * The decider of review item r (an SQL alias) as every reader prints it:
 * its decided_by, and ", entered by ADMIN" when the decision that set it
 * was entered by an admin acting for the reviewer (--as, the console's
 * admin mode), so no record names the reviewer alone for it (issue 17).
 * The item's latest decision row is that decision when its reviewer and
 * time match the item's; a close's default outcome has no such row.
 */
#define DB_DECIDER_SQL(r)                                                    \
	"CASE WHEN " r ".decided_by IS NULL THEN NULL ELSE " r ".decided_by" \
	" || coalesce(', entered by ' || (SELECT CASE WHEN d.decided_by ="   \
	" " r ".decided_by AND d.decided_at = " r ".decided_at THEN"         \
	" d.acted_by END FROM decision d WHERE d.item_id = " r ".id"         \
	" ORDER BY d.id DESC LIMIT 1), '') END"

/* ---- scope expressions (scope.c) ---- */

/* Fill temp.scope (key, v) with the terms of scope, for the campaign's
 * item query. */
int scope_load(struct db *db, const char *scope, struct err *e);

/*
 * Refuse a scope whose terms name nothing this database holds (a source,
 * source kind, entitlement or person no grant has), with
 * PARC_ENOTFOUND naming the term and what does exist.
 */
int scope_check_db(struct db *db, const char *scope, struct err *e);

#endif
