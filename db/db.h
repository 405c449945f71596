/*
 * db.h - parc's SQLite model: opening, migrating and the queries the
 * command line, the console and the reports share.
 *
 * Only db/ includes sqlite3.h; everything else goes through these functions.
 * A struct db is one connection (WAL, foreign keys on, busy timeout set).
 */
#ifndef PARC_DB_H
#define PARC_DB_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"
#include "lib/sb.h"

struct db;

enum db_open_flags {
	DB_CREATE = 1 << 0, /* create the file (and its directory) if missing */
	DB_READONLY = 1 << 1, /* open read-only (unless migrations are due) */
};

/*
 * The schema version this build writes (PRAGMA user_version): one per
 * migration in db/schema.c, so appending one needs no edit here.
 */
extern const size_t db_nmigrations;
#define DB_SCHEMA_VERSION ((int)db_nmigrations)

/*
 * Open the database at path, run pending migrations (each in its own
 * transaction) and set WAL, foreign keys and a busy timeout. DB_CREATE
 * makes a missing file mode 0600 (its WAL and SHM follow). Without
 * DB_CREATE a missing file is PARC_ENOTFOUND ("no database at PATH (run
 * parc init)"). A database written by a newer parc is refused (PARC_EDB).
 * An up-to-date database is opened without taking the write lock, so a
 * reader never waits for a sync merging its snapshot (WAL readers do not
 * wait for the writer); DB_READONLY opens it read-only, read-write only
 * when migrations are due. On success *out owns the connection; free it
 * with db_close().
 */
int db_open(struct db **out, const char *path, int flags, struct err *e);

/* Close the connection. db_close(NULL) is a no-op. */
void db_close(struct db *db);

/* The path the database was opened with. Lives as long as db. */
const char *db_path(const struct db *db);

/* PRAGMA user_version of the open database. */
int db_schema_version(struct db *db);

/*
 * Default database path: $XDG_DATA_HOME/parc/parc.db, or
 * ~/.local/share/parc/parc.db. Returns a malloc'd string.
 */
char *db_default_path(void);

/* Current UTC time as ISO 8601 ("2026-11-26T14:25:51Z") into buf[21]. */
void db_now(char buf[21]);

/*
 * Run sql (no parameters, no rows) on db: for tests and maintenance only,
 * never with values from outside.
 */
int db_exec(struct db *db, const char *sql, struct err *e);

/*
 * Run a one-column, one-row query with no parameters and return its integer
 * (0 when no row). For tests and counts.
 */
int64_t db_count(struct db *db, const char *sql);

/* ---- sources ---- */

struct db_source_row {
	int64_t id;
	const char *name;
	const char *kind;
	const char *last_status;   /* NULL when never synced */
	const char *last_started;  /* ISO 8601 or NULL */
	const char *last_finished; /* ISO 8601 or NULL */
	const char *last_error;	   /* NULL unless the last run failed */
	/* when the latest run that succeeded finished, NULL when none has */
	const char *last_ok;
	int64_t people; /* identities the source defines (HR: its people) */
	int64_t principals, memberships, entitlements, assignments, grants;
	int64_t added, removed;
	int64_t duration_ms;
};

/*
 * Call fn once per source known to the database, by name. The row's strings
 * live only during the call. A non-zero return from fn stops the walk and
 * is returned.
 */
int db_sources(struct db *db,
    int (*fn)(const struct db_source_row *row, void *arg), void *arg,
    struct err *e);

/* ---- inventory ---- */

struct db_inventory_filter {
	const char *source; /* NULL: every source */
	int all_tiers;	    /* include tier 3 and unclassified entitlements */
	int uncorrelated;   /* only accounts tied to no person */
};

struct db_grant_row {
	int64_t grant_id;
	const char *source;
	const char *source_kind;
	const char *host;    /* NULL when the source has none */
	const char *account; /* principal name */
	const char *account_kind;
	int enabled;		 /* 1, 0, or -1 unknown */
	const char *person;	 /* identity display name or NULL */
	const char *employee_id; /* identity employee id or NULL */
	const char *entitlement;
	const char *entitlement_kind;
	const char *scope;
	int tier; /* -1 when unclassified */
	const char *reason;
	const char *techniques; /* comma list */
	const char *path;	/* JSON array of hop names */
	const char *last_used;	/* ISO 8601 or NULL */
	const char *first_seen, *last_seen;
	const char *findings;	/* comma list of finding kinds, "" if none */
	const char *state;	/* "active", or "eligible" (just-in-time) */
	const char *expires_at; /* ISO 8601 end of the assignment, or NULL */
};

/*
 * Call fn for every effective grant matching f, ordered by source, account,
 * entitlement. Strings live only during the call. A non-zero return from fn
 * stops the walk and is returned.
 */
int db_inventory(struct db *db, const struct db_inventory_filter *f,
    int (*fn)(const struct db_grant_row *row, void *arg), void *arg,
    struct err *e);

/* ---- summary ---- */

struct db_summary {
	int64_t sources, people, terminated, accounts, groups;
	int64_t grants, entitlements, uncorrelated;
	int64_t tier[4];      /* privileged grants by entitlement tier */
	int64_t unclassified; /* grants of entitlements with no tier */
	int64_t findings;
};

/* Fill s with whole-database counts (for `parc demo` and the console). */
int db_summarize(struct db *db, struct db_summary *s, struct err *e);

/* ---- people ---- */

struct db_principal_row {
	const char *source;
	const char *host;
	const char *name;
	const char *kind;
	const char *display_name;
	const char *email;
	int enabled;
};

/*
 * Call fn for every account (not group) that correlation tied to no person,
 * by source and name. Strings live only during the call.
 */
int db_uncorrelated(struct db *db,
    int (*fn)(const struct db_principal_row *row, void *arg), void *arg,
    struct err *e);

/*
 * Recompute which person every account belongs to: an explicit override
 * (db_set_overrides), else the employee id attribute, else email or UPN,
 * else login name; an ambiguous match ties to nobody. Runs inside the
 * caller's transaction when there is one. Returns 0 or PARC_EDB.
 */
int db_correlate(struct db *db, struct err *e);

/*
 * Correlate after a sync, in its transaction: only the accounts whose ids
 * the caller put in temp.corr_ids (those it added or changed) when
 * nothing else a correlation reads changed since the last one (the
 * people: people_changed 0; the overrides: their fingerprint, kept in
 * meta, is the same); every account otherwise, as db_correlate(). The
 * last correlation of every sync was one of these, so every other
 * account's match still holds. Returns 0 or PARC_EDB.
 */
int db_correlate_after(struct db *db, int people_changed, struct err *e);

struct db_override {
	const char *source;
	const char *account;
	const char *employee_id;
};

/*
 * Replace the correlation overrides with the n given ones (read from the
 * overrides file each sync, so the file stays the one place they live).
 */
int db_set_overrides(struct db *db, const struct db_override *ov, size_t n,
    struct err *e);

#endif
