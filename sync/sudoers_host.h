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

/*
 * One netgroup of a netgroup(5) file: the user fields of its triples and
 * the netgroups it includes by name.
 */
struct host_netgroup {
	char *name;
	char **users; /* "" any user (an empty field), "-" none */
	size_t nusers;
	char **hosts; /* the host fields, the same way */
	size_t nhosts;
	char **subs;
	size_t nsubs;
};

/* One accepted sudo command from the logs. */
struct host_sudo_use {
	char *user;    /* who ran sudo */
	char *runas;   /* USER= */
	char *command; /* COMMAND=, path and arguments */
	time_t when;
};

struct host_db {
	struct host_account *accounts;
	size_t naccounts;
	struct host_group *groups;
	size_t ngroups;
	struct host_sudo_use *uses;
	size_t nuses;
	struct host_netgroup *netgroups;
	size_t nnetgroups;
	int have_netgroup; /* a netgroup file was read */
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
 * Read a netgroup(5) file into h: "NAME (host,user,domain) ... OTHER"
 * lines, a trailing backslash joining the next, # comments. A triple
 * without three fields or an unclosed parenthesis fails with PARC_EDATA
 * "FILE:LINE: ..."; a missing file is PARC_EIO.
 */
int host_read_netgroup(struct host_db *h, const char *path, struct err *e);

/* The netgroup called name, or NULL. */
const struct host_netgroup *host_netgroup(const struct host_db *h,
    const char *name);

/*
 * Is user in netgroup name (a triple with its name or an empty user
 * field, here or in a netgroup it includes, each looked at once)? With user
 * NULL: does any triple take any user? Hosts are not looked at: sudo
 * matches a user netgroup by user alone unless netgroup_tuple is set.
 */
int host_in_netgroup(const struct host_db *h, const char *name,
    const char *user);

/*
 * Is host (a short name) in netgroup name: a triple whose host field is
 * empty, is host, or is a name under it (host.example.org), here or in a
 * netgroup it includes? For a rule's host list.
 */
int host_netgroup_has_host(const struct host_db *h, const char *name,
    const char *host);

/*
 * Call fn(name, arg) for every user a triple of netgroup name (or one
 * it includes, each looked at once) names; a name may come twice.
 */
void host_netgroup_users(const struct host_db *h, const char *name,
    void (*fn)(const char *user, void *arg), void *arg);

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
 * when the month lies after it), and sudo's JSON events (log_format=json:
 * one a line, {"accept": {...}} or "@cee:{"sudo": {"accept": ...}}" in
 * syslog, or sudo's own log file, one object written across many lines
 * with an event per key; submituser, runuser, command, runargv,
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
