/*
 * sudoers_pull.h - inside the sudoers connector (not for its callers: they
 * include sudoers_src.h): the host being pulled and a rule unit, shared by
 * its parts. sudoers_emit.c pulls a host and emits its records, asking
 * sudoers_match.c what applies to the host and to whom, sudoers_risk.c how
 * dangerous a rule is, and sudoers_lastuse.c when it was last used.
 *
 * Everything a part keeps lives in struct host_pull for one host and is
 * freed by sudoers_pull_host() when the host is done.
 */
#ifndef PARC_SUDOERS_PULL_H
#define PARC_SUDOERS_PULL_H

#include <regex.h>
#include <stddef.h>

#include "db/catalog.h"
#include "db/sink.h"
#include "lib/err.h"
#include "lib/strhash.h"
#include "sync/sudoers.h"
#include "sync/sudoers_host.h"

/*
 * The host being pulled: what sudoers_pull_host() read (the parse tree,
 * passwd, group, wtmp and the sudo log) and where its records go.
 */
struct host_pull {
	struct sink *sink;
	const struct catalog *cat;
	const char *host;
	const char *root; /* the collected host's folder, or NULL */
	struct sudoers_tree *t;
	struct host_db db;
	/* What was emitted, to emit each record once (keys copied). */
	struct strhash principals, entitlements, assignments;
	struct err *e;
	/*
	 * Regex commands compiled once per host, not once for every rule,
	 * account and logged use they are tried against.
	 */
	struct re_cached {
		const struct sudoers_member *m;
		regex_t re;
		int ok;
	} * rec;
	size_t nrec;
};

/* One member after alias expansion, with its effective negation. */
struct xmember {
	const struct sudoers_member *m;
	int negated;
};

/* A member list after alias expansion, in the order written. */
struct xlist {
	struct xmember *v;
	size_t n;
};

/* Commands of one rule unit, after alias expansion. */
struct rule {
	const struct sudoers_userspec *us;
	const struct sudoers_cmndspec *first, *last;
	struct xlist cmnds;
	int host_assumed;
};

#endif
