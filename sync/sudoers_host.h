/*
 * sudoers_host.h - what a host's own files say about its accounts: the
 * passwd and group files, the last logins in wtmp, and the last use of
 * sudo in its syslog lines. The sudoers connector resolves %group and
 * #uid and dates each grant's last use with them.
 */
#ifndef PARC_SUDOERS_HOST_H
#define PARC_SUDOERS_HOST_H

#include <stddef.h>
#include <time.h>

#include "lib/err.h"

struct host_account {
	char *name;
	long uid, gid;
	char *gecos, *home, *shell;
	time_t last_login; /* 0: none seen */
};

struct host_group {
	char *name;
	long gid;
	char **members; /* the member list of the group line */
	size_t nmembers;
};

/* One accepted sudo command from the logs. */
struct host_sudo_use {
	char *user;    /* who ran sudo */
	char *runas;   /* USER= */
	char *command; /* COMMAND=, path and arguments */
	time_t when;
};

struct host_db {
	/*
	 * The collected host's folder the files are read beneath
	 * (fsafe.h), or NULL. Set before reading.
	 */
	const char *root;
	struct host_account *accounts;
	size_t naccounts;
	struct host_group *groups;
	size_t ngroups;
	struct host_sudo_use *uses;
	size_t nuses;
};

/*
 * Read a passwd(5) file into h. A line without 7 fields or with a bad uid
 * or gid fails with PARC_EDATA "FILE:LINE: ...". A missing file is
 * PARC_EIO.
 */
int host_read_passwd(struct host_db *h, const char *path, struct err *e);

/* Read a group(5) file into h; errors as host_read_passwd(). */
int host_read_group(struct host_db *h, const char *path, struct err *e);

/*
 * Read the utmp records of a wtmp file and set each account's last_login
 * to its latest USER_PROCESS record. A file whose size is not a whole
 * number of records fails with PARC_EDATA.
 */
int host_read_wtmp(struct host_db *h, const char *path, struct err *e);

/*
 * Read sudo's syslog lines ("... sudo: alice : TTY=pts/0 ; PWD=/ ;
 * USER=root ; COMMAND=/usr/bin/id") from a log file: lines with an
 * ISO 8601 stamp (rsyslog's high-precision format) or a classic
 * "Mon DD HH:MM:SS" one (its year taken from the file's time, one less
 * when the month lies after it), and sudo's JSON events one a line
 * (log_format=json: {"accept": {...}} in its log file, "@cee:{"sudo":
 * {"accept": ...}}" in syslog; submituser, runuser, command, runargv,
 * submit_time.seconds). Refused commands are skipped. Other lines are
 * ignored.
 */
int host_read_sudo_log(struct host_db *h, const char *path, struct err *e);

/* The account called name, or NULL. */
const struct host_account *host_account(const struct host_db *h,
    const char *name);

/* The account with uid, or NULL (the first one). */
const struct host_account *host_account_uid(const struct host_db *h, long uid);

/* The group called name, or with gid when name is NULL; or NULL. */
const struct host_group *host_group(const struct host_db *h, const char *name,
    long gid);

/* Is account a a member of group g (listed, or its primary group)? */
int host_in_group(const struct host_db *h, const struct host_account *a,
    const struct host_group *g);

/* Free what h holds and zero it. */
void host_db_release(struct host_db *h);

#endif
