/*
 * sudoers_valid.h - the value checks sudo applies while parsing: command
 * timeouts, NOTBEFORE/NOTAFTER times, and (as visudo -c) Defaults values.
 */
#ifndef PARC_SUDOERS_VALID_H
#define PARC_SUDOERS_VALID_H

#include <time.h>

#include "lib/err.h"
#include "sync/sudoers.h"
#include "sync/sudoers_tree.h"

/*
 * Seconds of a timeout as sudo reads it ("90", "1h30m", "2d8h10m59s",
 * suffixes d h m s in that order, any case), or -1 when s is not one.
 */
long sudoers_parse_timeout(const char *s);

/*
 * A generalized time "YYYYMMDDHH[MM[SS]][.frac][Z|+hhmm|-hhmm]" (local
 * time without a zone) into *out. Returns 0, or -1 when s is not one.
 */
int sudoers_parse_gentime(const char *s, time_t *out);

/*
 * Check one Defaults setting as visudo -c does when o->strict is set:
 * an unknown name, a value for a flag, or a value a setting cannot take
 * fail with PARC_EDATA and the message (without position) in e. Without
 * strict every setting passes. Returns 0 or PARC_EDATA.
 */
int sudoers_check_default(const struct sudoers_tree *t,
    const struct sudoers_default *d, const struct sudoers_opts *o,
    struct err *e);

#endif
