/*
 * source.h - the face every connector shows (like a protocol handler in
 * curl): a kind name, the configuration keys it accepts, and open / pull /
 * close. A connector only reads its source and emits records into a sink;
 * it never sees SQL.
 */
#ifndef PARC_SOURCE_H
#define PARC_SOURCE_H

#include "db/sink.h"
#include "lib/config.h"
#include "lib/err.h"

struct source_ops {
	/* The "kind = ..." value that selects this connector. */
	const char *kind;
	/* One line for `parc sources --kinds` and the man page. */
	const char *summary;
	/* Configuration keys the kind accepts, NULL-terminated. */
	const char *const *keys;
	/*
	 * Check the section and prepare to read; nothing is read yet. On
	 * success *state is the connector's own, handed to pull and close.
	 * Configuration problems are PARC_ECONFIG naming file:line and key.
	 */
	int (*open)(const struct config *c, const struct conf_section *sec,
	    void **state, struct err *e);
	/*
	 * Read the whole source and emit it into the sink. Unreachable or
	 * refusing sources are PARC_ESOURCE, malformed data PARC_EDATA,
	 * each message naming the server, file and line, or object.
	 */
	int (*pull)(void *state, struct sink *sink, struct err *e);
	/* Release the state. Called once after open succeeded. */
	void (*close)(void *state);
	/*
	 * Optional (NULL): a short note on how the last pull went, for the
	 * progress line, or NULL. Called after pull, before close.
	 */
	const char *(*note)(void *state);
};

struct catalog;

/*
 * Load the privilege catalog connectors classify with: every .tsv file of
 * share_dir()/catalog (lib/share.h), then the site file named by [parc]
 * catalog (relative to the configuration file), whose entries add to the
 * built-in ones. On success *out is owned by the caller (catalog_free).
 */
int source_load_catalog(const struct config *c, struct catalog **out,
    struct err *e);

/* The connector for kind, or NULL. */
const struct source_ops *source_find(const char *kind);

/* The connectors this build has, NULL-terminated, for listings. */
const struct source_ops *const *source_all(void);

/*
 * Check every source section of c: a known kind and only that kind's keys.
 * The first problem is returned as PARC_ECONFIG.
 */
int source_check_config(const struct config *c, struct err *e);

enum sync_flags {
	SYNC_PROGRESS = 1 << 0,	   /* a line per source on stderr */
	SYNC_ALLOW_EMPTY = 1 << 1, /* an empty pull may replace a snapshot */
};

/*
 * Pull the named sources (all of them when n is 0) into db, each in its own
 * transaction. flags are enum sync_flags.
 * Every source is tried; the result is the first failure's code with its
 * message in e (0 when all succeeded). A name that is not configured is
 * PARC_ENOTFOUND before anything is pulled.
 */
int sync_run(struct db *db, const struct config *c, char *const *names, int n,
    int flags, struct err *e);

#endif
