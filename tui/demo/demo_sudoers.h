/*
 * demo_sudoers.h - the demo organisation's Linux fleet: what a config
 * management tool would have collected from six hosts, for a [source
 * fleet] of kind sudoers (root = fleet).
 *
 *	fleet/HOST/etc/sudoers, etc/sudoers.d/..., etc/passwd, etc/group,
 *	fleet/HOST/var/log/auth.log (sudo's syslog lines), var/log/wtmp
 *
 * Accounts are the logins of the demo's IT Operations and Engineering
 * people. Planted for the story: the terminated administrator
 * (DEMO_STALE_ADMIN) is still in db01's sudo group; the build host lets
 * the CI account run anything without a password ("ALL, !/bin/su", which
 * is still ALL); a pager and an editor run as root (shell escapes);
 * Defaults that weaken the bastion (!authenticate for a group,
 * timestamp_timeout=-1, env_keep of LD_PRELOAD); sudoedit under /home;
 * and rights nobody has used for over a year. Dates are fixed, so the
 * bytes are the same on every run.
 */
#ifndef PARC_DEMO_SUDOERS_H
#define PARC_DEMO_SUDOERS_H

#include "lib/err.h"
#include "tui/demo/demo.h"

/*
 * Write the fleet under dir/fleet (creating its folders, mode 0700) with
 * demo_write(). Errors are PARC_EIO naming the file or folder.
 */
int demo_sudoers_fleet(struct demo *d, const char *dir, struct err *e);

#endif
