/*
 * sudoers_lastuse.h - when a sudo rule was last used, by the sudo log
 * lines of the host (read into hp->db by sudoers_host.h): a logged command
 * counts for a rule unit when the unit's commands allow it (the last
 * matching command decides; regular expressions compiled once per host).
 */
#ifndef PARC_SUDOERS_LASTUSE_H
#define PARC_SUDOERS_LASTUSE_H

#include <time.h>

#include "lib/sb.h"
#include "sync/sudoers_pull.h"

/*
 * The last use of rule unit ru (0: never seen): by account a; or, with a
 * NULL, by any member of group g; or, with both NULL and all set, by
 * anyone. With a and g NULL and all 0, 0.
 */
time_t hp_last_use(struct host_pull *hp, const struct rule *ru,
    const struct host_account *a, const struct host_group *g, int all);

/*
 * Set out to {"member_last_use": {"NAME": "ISO time", ...}} for the
 * accounts of group g (or every account, with all) that used ru, or to
 * "" when none did: a group's assignment has no last use of its own.
 */
void hp_member_uses(struct host_pull *hp, const struct rule *ru,
    const struct host_group *g, int all, struct sb *out);

/* Free the regular expressions compiled for hp; it may use more after. */
void hp_uses_release(struct host_pull *hp);

/* t as ISO 8601 UTC ("2026-12-05T23:50:54Z") in buf. */
void sudoers_iso_time(time_t t, char buf[32]);

#endif
