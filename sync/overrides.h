/*
 * overrides.h - the correlation overrides file: which person an account
 * belongs to when correlation by employee id, email or login would guess
 * wrong (admin accounts named adm-x, shared accounts with an owner).
 *
 *	[parc]
 *	correlation_overrides = overrides.csv   ; relative to parc.conf
 *
 * The file is CSV (lib/csv.h) with a header naming the columns source,
 * account and employee_id, in any order and any case; other columns (a
 * reason, a ticket) are ignored. Each row ties the account called account
 * in the source called source to the person with employee_id. An empty
 * file holds no overrides. The sync runner reads the file before every
 * sync and hands the result to db_set_overrides(), so the file stays the
 * one place overrides live.
 */
#ifndef PARC_OVERRIDES_H
#define PARC_OVERRIDES_H

#include <stddef.h>

#include "db/db.h"
#include "lib/config.h"
#include "lib/err.h"

/*
 * Read the overrides file at path into *out (*n entries; *out is NULL when
 * there are none). On success the caller owns *out and frees it with
 * overrides_free(); the strings live inside it. A file that cannot be
 * opened is PARC_ECONFIG naming it; a missing column, an empty cell, or an
 * account overridden twice is PARC_EDATA with "FILE:LINE: message", as are
 * the CSV errors of csv_next(). On failure *out is NULL and *n 0.
 */
int overrides_load(const char *path, struct db_override **out, size_t *n,
    struct err *e);

/*
 * Read the file named by [parc] correlation_overrides of c, relative to the
 * configuration file, as overrides_load() does. When the key is unset
 * there are no overrides: *out is NULL, *n 0 and the result 0. A file that
 * cannot be opened is PARC_ECONFIG with the configuration's FILE:LINE
 * before the message.
 */
int overrides_load_config(const struct config *c, struct db_override **out,
    size_t *n, struct err *e);

/* Free what overrides_load() gave. overrides_free(NULL) is a no-op. */
void overrides_free(struct db_override *ov);

#endif
