/*
 * sudoers_tree.c - the arena behind a sudoers parse tree, alias look-up
 * and sudo's table of Defaults settings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sb.h"
#include "sync/sudoers_tree.h"

#define ARENA_BLOCK (64 * 1024)

struct sudoers_arena {
	struct sudoers_arena *next;
	size_t used, size;
	max_align_t data[];
};

struct sudoers_tree *
sudoers_tree_new(void)
{
	return xcalloc(1, sizeof(struct sudoers_tree));
}

void
sudoers_tree_free(struct sudoers_tree *t)
{
	struct sudoers_arena *a, *next;

	if (t == NULL)
		return;
	for (a = t->arena; a != NULL; a = next) {
		next = a->next;
		free(a);
	}
	free(t->alias_index);
	free(t->files);
	free(t);
}

void *
sudoers_alloc(struct sudoers_tree *t, size_t n)
{
	struct sudoers_arena *a = t->arena;
	size_t al = sizeof(max_align_t), size;
	void *p;

	n = (n + al - 1) / al * al;
	if (a == NULL || a->size - a->used < n) {
		size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		a = xmalloc(sizeof(*a) + size);
		a->size = size;
		a->used = 0;
		a->next = t->arena;
		t->arena = a;
	}
	p = (char *)a->data + a->used;
	a->used += n;
	memset(p, 0, n);
	return p;
}

char *
sudoers_strndup(struct sudoers_tree *t, const char *s, size_t n)
{
	char *p = sudoers_alloc(t, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

struct sudoers_alias *
sudoers_alias_find(const struct sudoers_tree *t, const char *name,
    enum sudoers_alias_type type)
{
	size_t lo = 0, hi = t->naliases, mid;
	struct sudoers_alias *a;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		a = t->alias_index[mid];
		c = strcmp(name, a->name);
		if (c == 0)
			c = (int)type - (int)a->type;
		if (c == 0)
			return a;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/*
 * The Defaults settings of sudo 1.9.13 (sudoers(5), "SUDOERS OPTIONS"):
 * flags print as booleans, lists as word arrays, the rest as strings.
 * Sorted by name for bsearch.
 */
static const struct defent {
	const char *name;
	enum sudoers_defkind kind;
} defs[] = {
	{ "admin_flag", SDEF_VALUE },
	{ "all", SDEF_VALUE },
	{ "always", SDEF_VALUE },
	{ "always_query_group_plugin", SDEF_FLAG },
	{ "always_set_home", SDEF_FLAG },
	{ "any", SDEF_VALUE },
	{ "apparmor_profile", SDEF_VALUE },
	{ "authenticate", SDEF_FLAG },
	{ "authfail_message", SDEF_VALUE },
	{ "badpass_message", SDEF_VALUE },
	{ "case_insensitive_group", SDEF_FLAG },
	{ "case_insensitive_user", SDEF_FLAG },
	{ "closefrom", SDEF_VALUE },
	{ "closefrom_override", SDEF_FLAG },
	{ "command_timeout", SDEF_VALUE },
	{ "compress_io", SDEF_FLAG },
	{ "digest_only", SDEF_VALUE },
	{ "dso", SDEF_VALUE },
	{ "editor", SDEF_VALUE },
	{ "env_check", SDEF_LIST },
	{ "env_delete", SDEF_LIST },
	{ "env_editor", SDEF_FLAG },
	{ "env_file", SDEF_VALUE },
	{ "env_keep", SDEF_LIST },
	{ "env_reset", SDEF_FLAG },
	{ "exec_background", SDEF_FLAG },
	{ "exempt_group", SDEF_VALUE },
	{ "fast_glob", SDEF_FLAG },
	{ "fdexec", SDEF_VALUE },
	{ "fqdn", SDEF_FLAG },
	{ "global", SDEF_VALUE },
	{ "group_plugin", SDEF_VALUE },
	{ "ignore_audit_errors", SDEF_FLAG },
	{ "ignore_dot", SDEF_FLAG },
	{ "ignore_iolog_errors", SDEF_FLAG },
	{ "ignore_local_sudoers", SDEF_FLAG },
	{ "ignore_logfile_errors", SDEF_FLAG },
	{ "ignore_unknown_defaults", SDEF_FLAG },
	{ "insults", SDEF_FLAG },
	{ "intercept", SDEF_FLAG },
	{ "intercept_allow_setid", SDEF_FLAG },
	{ "intercept_authenticate", SDEF_FLAG },
	{ "intercept_type", SDEF_VALUE },
	{ "intercept_verify", SDEF_FLAG },
	{ "iolog_dir", SDEF_VALUE },
	{ "iolog_file", SDEF_VALUE },
	{ "iolog_flush", SDEF_VALUE },
	{ "iolog_group", SDEF_VALUE },
	{ "iolog_mode", SDEF_VALUE },
	{ "iolog_user", SDEF_VALUE },
	{ "json", SDEF_VALUE },
	{ "kernel", SDEF_VALUE },
	{ "lecture", SDEF_VALUE },
	{ "lecture_file", SDEF_VALUE },
	{ "lecture_status_dir", SDEF_VALUE },
	{ "limitprivs", SDEF_VALUE },
	{ "listpw", SDEF_VALUE },
	{ "log_allowed", SDEF_FLAG },
	{ "log_denied", SDEF_FLAG },
	{ "log_exit_status", SDEF_FLAG },
	{ "log_format", SDEF_VALUE },
	{ "log_host", SDEF_FLAG },
	{ "log_input", SDEF_FLAG },
	{ "log_output", SDEF_FLAG },
	{ "log_passwords", SDEF_FLAG },
	{ "log_server_cabundle", SDEF_VALUE },
	{ "log_server_keepalive", SDEF_FLAG },
	{ "log_server_peer_cert", SDEF_VALUE },
	{ "log_server_peer_key", SDEF_VALUE },
	{ "log_server_timeout", SDEF_VALUE },
	{ "log_server_verify", SDEF_FLAG },
	{ "log_servers", SDEF_LIST },
	{ "log_stderr", SDEF_FLAG },
	{ "log_stdin", SDEF_FLAG },
	{ "log_stdout", SDEF_FLAG },
	{ "log_subcmds", SDEF_FLAG },
	{ "log_ttyin", SDEF_FLAG },
	{ "log_ttyout", SDEF_FLAG },
	{ "log_year", SDEF_FLAG },
	{ "logfile", SDEF_VALUE },
	{ "loglinelen", SDEF_VALUE },
	{ "long_otp_prompt", SDEF_FLAG },
	{ "mail_all_cmnds", SDEF_FLAG },
	{ "mail_always", SDEF_FLAG },
	{ "mail_badpass", SDEF_FLAG },
	{ "mail_no_host", SDEF_FLAG },
	{ "mail_no_perms", SDEF_FLAG },
	{ "mail_no_user", SDEF_FLAG },
	{ "mailerflags", SDEF_VALUE },
	{ "mailerpath", SDEF_VALUE },
	{ "mailfrom", SDEF_VALUE },
	{ "mailsub", SDEF_VALUE },
	{ "mailto", SDEF_VALUE },
	{ "match_group_by_gid", SDEF_FLAG },
	{ "maxseq", SDEF_VALUE },
	{ "netgroup_tuple", SDEF_FLAG },
	{ "never", SDEF_VALUE },
	{ "noexec", SDEF_FLAG },
	{ "noexec_file", SDEF_VALUE },
	{ "noninteractive_auth", SDEF_FLAG },
	{ "once", SDEF_VALUE },
	{ "pam_acct_mgmt", SDEF_FLAG },
	{ "pam_askpass_service", SDEF_VALUE },
	{ "pam_login_service", SDEF_VALUE },
	{ "pam_rhost", SDEF_FLAG },
	{ "pam_ruser", SDEF_FLAG },
	{ "pam_service", SDEF_VALUE },
	{ "pam_session", SDEF_FLAG },
	{ "pam_setcred", SDEF_FLAG },
	{ "passprompt", SDEF_VALUE },
	{ "passprompt_override", SDEF_FLAG },
	{ "passprompt_regex", SDEF_LIST },
	{ "passwd_timeout", SDEF_VALUE },
	{ "passwd_tries", SDEF_VALUE },
	{ "path_info", SDEF_FLAG },
	{ "ppid", SDEF_VALUE },
	{ "preserve_groups", SDEF_FLAG },
	{ "privs", SDEF_VALUE },
	{ "pwfeedback", SDEF_FLAG },
	{ "requiretty", SDEF_FLAG },
	{ "restricted_env_file", SDEF_VALUE },
	{ "rlimit_as", SDEF_VALUE },
	{ "rlimit_core", SDEF_VALUE },
	{ "rlimit_cpu", SDEF_VALUE },
	{ "rlimit_data", SDEF_VALUE },
	{ "rlimit_fsize", SDEF_VALUE },
	{ "rlimit_locks", SDEF_VALUE },
	{ "rlimit_memlock", SDEF_VALUE },
	{ "rlimit_nofile", SDEF_VALUE },
	{ "rlimit_nproc", SDEF_VALUE },
	{ "rlimit_rss", SDEF_VALUE },
	{ "rlimit_stack", SDEF_VALUE },
	{ "role", SDEF_VALUE },
	{ "root_sudo", SDEF_FLAG },
	{ "rootpw", SDEF_FLAG },
	{ "runas_allow_unknown_id", SDEF_FLAG },
	{ "runas_check_shell", SDEF_FLAG },
	{ "runas_default", SDEF_VALUE },
	{ "runaspw", SDEF_FLAG },
	{ "runchroot", SDEF_VALUE },
	{ "runcwd", SDEF_VALUE },
	{ "secure_path", SDEF_VALUE },
	{ "selinux", SDEF_FLAG },
	{ "set_home", SDEF_FLAG },
	{ "set_logname", SDEF_FLAG },
	{ "set_utmp", SDEF_FLAG },
	{ "setenv", SDEF_FLAG },
	{ "shell_noargs", SDEF_FLAG },
	{ "stay_setuid", SDEF_FLAG },
	{ "sudo", SDEF_VALUE },
	{ "sudoedit_checkdir", SDEF_FLAG },
	{ "sudoedit_follow", SDEF_FLAG },
	{ "sudoers_locale", SDEF_VALUE },
	{ "syslog", SDEF_VALUE },
	{ "syslog_badpri", SDEF_VALUE },
	{ "syslog_goodpri", SDEF_VALUE },
	{ "syslog_maxlen", SDEF_VALUE },
	{ "syslog_pid", SDEF_FLAG },
	{ "targetpw", SDEF_FLAG },
	{ "timestamp_timeout", SDEF_VALUE },
	{ "timestamp_type", SDEF_VALUE },
	{ "timestampdir", SDEF_VALUE },
	{ "timestampowner", SDEF_VALUE },
	{ "trace", SDEF_VALUE },
	{ "tty", SDEF_VALUE },
	{ "tty_tickets", SDEF_FLAG },
	{ "type", SDEF_VALUE },
	{ "umask", SDEF_VALUE },
	{ "umask_override", SDEF_FLAG },
	{ "use_loginclass", SDEF_FLAG },
	{ "use_netgroups", SDEF_FLAG },
	{ "use_pty", SDEF_FLAG },
	{ "user_command_timeouts", SDEF_FLAG },
	{ "utmp_runas", SDEF_FLAG },
	{ "verifypw", SDEF_VALUE },
	{ "visiblepw", SDEF_FLAG },
};

static int
defcmp(const void *k, const void *v)
{
	return strcmp(k, ((const struct defent *)v)->name);
}

enum sudoers_defkind
sudoers_defkind(const char *var)
{
	const struct defent *d;

	d = bsearch(var, defs, sizeof(defs) / sizeof(defs[0]), sizeof(defs[0]),
	    defcmp);
	return d ? d->kind : SDEF_UNKNOWN;
}
