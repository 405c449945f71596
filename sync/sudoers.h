/*
 * sudoers.h - parse sudoers files as sudo 1.9 does (sudoers(5)).
 *
 * The parser reads a file and its includes into a struct sudoers_tree
 * (sync/sudoers_tree.h). A bad file is refused whole with an error
 * "FILE:LINE:COLUMN: message", as visudo reports it, so a caller never
 * imports half a policy.
 */
#ifndef PARC_SUDOERS_H
#define PARC_SUDOERS_H

#include <stddef.h>

#include "lib/err.h"
#include "sync/sudoers_tree.h"

struct sudoers_opts {
	/*
	 * A collected host's tree: absolute include paths are taken inside
	 * it (root "/srv/fleet/web01" turns "/etc/sudoers.d" into
	 * "/srv/fleet/web01/etc/sudoers.d"), never on this machine. NULL:
	 * this machine's files.
	 */
	const char *root;
	/* The short host name "%h" stands for in include paths, or NULL. */
	const char *host;
	/*
	 * 1: also check what visudo -c checks beyond the grammar (unknown
	 * Defaults settings, values of the settings parc knows how to
	 * check). 0: accept what cvtsudoers accepts (unknown settings are
	 * warnings, see warn).
	 */
	int strict;
	/*
	 * Called for each warning (unknown Defaults setting, alias used
	 * but not defined) with "FILE:LINE:COL: message"; may be NULL.
	 */
	void (*warn)(void *arg, const char *msg);
	void *warn_arg;
};

/*
 * Parse the sudoers file path, following its includes, into t. path is
 * as given (messages name it so); root is not applied to it. Returns 0,
 * PARC_EIO when a file cannot be read, or PARC_EDATA for a syntax or
 * semantic error, with "FILE:LINE:COL: message" in e. On error t holds
 * a partial parse the caller must not use (only free).
 */
int sudoers_parse_file(struct sudoers_tree *t, const char *path,
    const struct sudoers_opts *o, struct err *e);

/*
 * Parse len bytes of buf as the sudoers file called name (for messages
 * and relative includes). Same results as sudoers_parse_file().
 */
int sudoers_parse_buffer(struct sudoers_tree *t, const char *name,
    const char *buf, size_t len, const struct sudoers_opts *o, struct err *e);

#endif
