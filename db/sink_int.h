/*
 * sink_int.h - what the files of the sink (sink.c, sink_digest.c) share.
 */
#ifndef PARC_SINK_INT_H
#define PARC_SINK_INT_H

#include <stdint.h>

#include "db/dbint.h"
#include "db/sink.h"

/*
 * One assignment's share of its principal's digest: a 64-bit hash of what
 * the assignment step compares (the entitlement's external id, state,
 * expires_at, last_used_at, origin, attrs; NULL told apart from ""). A
 * principal's digest is the sum, modulo 2^64, of its assignments' shares:
 * the same whatever order they came in, and a pair staged twice counts
 * twice.
 */
uint64_t sink_asg_hash(const struct rec_assignment *r, const char *state);

/*
 * Register parc_wsum(x) on the connection: the sum of the integers x
 * modulo 2^64 (SQLite's own sum() fails on overflow), 0 over no row.
 * 0 or PARC_EDB.
 */
int sink_digest_register(struct db *db, struct err *e);

#endif
