/*
 * priv.h - running setgid to parc's group (the deployment sudo, crontab
 * and locate use): the database and the signing key belong to the group,
 * the reviewer does not, and parc holds the group's rights only for them.
 *
 * Identity is the real uid. Whatever parc writes or reads for the caller
 * (-o FILE, the SIEM cursor, a file named on the command line) it opens
 * with the caller's own rights: priv_drop() sets the effective gid to the
 * real one until priv_restore(). A process that is not setgid is
 * untouched by all of this.
 */
#ifndef PARC_PRIV_H
#define PARC_PRIV_H

/* Remember the effective gid; main() calls it first. */
void priv_init(void);

/* Whether parc runs with another group's (or user's) rights. */
int priv_elevated(void);

/*
 * Act with the caller's own group until the matching priv_restore()
 * (calls nest). Aborts if the kernel refuses: going on with the group's
 * rights where the caller's were meant is never safe.
 */
void priv_drop(void);

/* Undo one priv_drop(). */
void priv_restore(void);

/*
 * Give the group's rights up for good (commands that need no shared
 * database: sudoers check, demo).
 */
void priv_drop_all(void);

#endif
