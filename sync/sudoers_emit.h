/*
 * sudoers_emit.h - one host's sudo rules into records (what is emitted:
 * sudoers_src.h). The connector calls it per host; tests call it with
 * files of their own.
 */
#ifndef PARC_SUDOERS_EMIT_H
#define PARC_SUDOERS_EMIT_H

#include "db/catalog.h"
#include "db/sink.h"
#include "lib/err.h"

/* The files of one host, as the fleet layout or the configuration name. */
struct sudoers_host_files {
	const char *host;	 /* required */
	const char *sudoers;	 /* required */
	const char *root;	 /* include root, or NULL for this machine */
	const char *passwd;	 /* NULL: none */
	const char *group;	 /* NULL: none */
	const char *netgroup;	 /* netgroup(5) file; NULL: none */
	const char *wtmp;	 /* NULL: none */
	const char *const *logs; /* sudo log files, NULL-terminated, or NULL */
};

/*
 * Read one host's files and emit its accounts, groups and rules into
 * sink, classified with cat. Returns 0 or a PARC_E* code with the file
 * and line at fault in e.
 */
int sudoers_pull_host(struct sink *sink, const struct catalog *cat,
    const struct sudoers_host_files *f, struct err *e);

#endif
