/*
 * sudoers_tree.c - the arena behind a sudoers parse tree, alias look-up
 * and cycles, and sudo's table of Defaults settings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
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

static const char *const alias_kind[] = {
	[SA_USER] = "User_Alias",
	[SA_RUNAS] = "Runas_Alias",
	[SA_HOST] = "Host_Alias",
	[SA_CMND] = "Cmnd_Alias",
};

/*
 * Depth-first on a stack of its own: a chain of 100,000 aliases needs no
 * deep recursion.
 */
int
sudoers_alias_cycles(const struct sudoers_tree *t, struct err *e)
{
	struct frame {
		const struct sudoers_alias *a;
		const struct sudoers_member *m; /* the next member to look at */
	} * st;
	unsigned char *state; /* 0 not seen, 1 on the stack, 2 done */
	const struct sudoers_alias *b;
	const struct sudoers_member *m;
	size_t i, sp;
	int rc = 0;

	if (t->naliases == 0)
		return 0;
	state = xcalloc(t->naliases, 1);
	st = xmalloc(t->naliases * sizeof(*st));
	for (i = 0; i < t->naliases && rc == 0; i++) {
		if (state[i] != 0)
			continue;
		sp = 0;
		st[sp].a = t->alias_index[i];
		st[sp++].m = t->alias_index[i]->members.first;
		state[i] = 1;
		while (sp > 0 && rc == 0) {
			struct frame *f = &st[sp - 1];

			if ((m = f->m) == NULL) {
				state[f->a->pos] = 2;
				sp--;
				continue;
			}
			f->m = m->next;
			if (m->type != SM_ALIAS ||
			    (b = sudoers_alias_find(t, m->name, f->a->type)) ==
				NULL ||
			    state[b->pos] == 2)
				continue;
			if (state[b->pos] == 1) {
				rc = err_set(e, PARC_EDATA,
				    "%s:%d:%d: cycle in %s \"%s\"", f->a->file,
				    f->a->line, f->a->column,
				    alias_kind[f->a->type], b->name);
				break;
			}
			state[b->pos] = 1;
			st[sp].a = b;
			st[sp++].m = b->members.first;
		}
	}
	free(state);
	free(st);
	return rc;
}

/*
 * The Defaults settings of sudo 1.9.13 (sudoers(5), "SUDOERS OPTIONS"):
 * flags print as booleans, lists as word arrays, the rest as strings.
 * The checks, and whether a setting may stand alone or negated, are what
 * Debian 12's visudo -c accepts (found by trying each setting with a set
 * of values). Sorted by name for bsearch.
 */
static const struct defent {
	const char *name;
	enum sudoers_defkind kind;
	enum sudoers_defcheck check;
	int bare_ok, neg_ok;
} defs[] = {
	{ "admin_flag", SDEF_VALUE, CHK_PATH_TILDE, 0, 1 },
	{ "always_query_group_plugin", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "always_set_home", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "apparmor_profile", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "authenticate", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "authfail_message", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "badpass_message", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "case_insensitive_group", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "case_insensitive_user", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "closefrom", SDEF_VALUE, CHK_INT, 0, 0 },
	{ "closefrom_override", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "command_timeout", SDEF_VALUE, CHK_TIMEOUT, 0, 1 },
	{ "compress_io", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "editor", SDEF_VALUE, CHK_PATH, 0, 0 },
	{ "env_check", SDEF_LIST, CHK_STR, 0, 1 },
	{ "env_delete", SDEF_LIST, CHK_STR, 0, 1 },
	{ "env_editor", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "env_file", SDEF_VALUE, CHK_PATH, 0, 1 },
	{ "env_keep", SDEF_LIST, CHK_STR, 0, 1 },
	{ "env_reset", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "exec_background", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "exempt_group", SDEF_VALUE, CHK_STR, 0, 1 },
	{ "fast_glob", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "fdexec", SDEF_VALUE, CHK_TUPLE, 1, 1 },
	{ "fqdn", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "group_plugin", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "ignore_audit_errors", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "ignore_dot", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "ignore_iolog_errors", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "ignore_local_sudoers", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "ignore_logfile_errors", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "ignore_unknown_defaults", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "insults", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "intercept", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "intercept_allow_setid", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "intercept_authenticate", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "intercept_type", SDEF_VALUE, CHK_TUPLE, 0, 1 },
	{ "intercept_verify", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "iolog_dir", SDEF_VALUE, CHK_PATH, 0, 0 },
	{ "iolog_file", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "iolog_flush", SDEF_VALUE, CHK_FLAG, 1, 1 },
	{ "iolog_group", SDEF_VALUE, CHK_STR, 0, 1 },
	{ "iolog_mode", SDEF_VALUE, CHK_MODE, 0, 0 },
	{ "iolog_user", SDEF_VALUE, CHK_STR, 0, 1 },
	{ "lecture", SDEF_VALUE, CHK_TUPLE, 1, 1 },
	{ "lecture_file", SDEF_VALUE, CHK_PATH, 0, 1 },
	{ "lecture_status_dir", SDEF_VALUE, CHK_PATH, 0, 0 },
	{ "limitprivs", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "listpw", SDEF_VALUE, CHK_TUPLE, 1, 1 },
	{ "log_allowed", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "log_denied", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "log_exit_status", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "log_format", SDEF_VALUE, CHK_TUPLE, 0, 1 },
	{ "log_host", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "log_input", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "log_output", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "log_passwords", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "log_server_cabundle", SDEF_VALUE, CHK_PATH, 0, 1 },
	{ "log_server_keepalive", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "log_server_peer_cert", SDEF_VALUE, CHK_PATH, 0, 1 },
	{ "log_server_peer_key", SDEF_VALUE, CHK_PATH, 0, 1 },
	{ "log_server_timeout", SDEF_VALUE, CHK_TIMEOUT, 0, 1 },
	{ "log_server_verify", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "log_servers", SDEF_LIST, CHK_STR, 0, 1 },
	{ "log_stderr", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "log_stdin", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "log_stdout", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "log_subcmds", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "log_ttyin", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "log_ttyout", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "log_year", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "logfile", SDEF_VALUE, CHK_PATH, 0, 1 },
	{ "loglinelen", SDEF_VALUE, CHK_UINT, 0, 1 },
	{ "long_otp_prompt", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "mail_all_cmnds", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "mail_always", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "mail_badpass", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "mail_no_host", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "mail_no_perms", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "mail_no_user", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "mailerflags", SDEF_VALUE, CHK_STR, 0, 1 },
	{ "mailerpath", SDEF_VALUE, CHK_PATH, 0, 1 },
	{ "mailfrom", SDEF_VALUE, CHK_STR, 0, 1 },
	{ "mailsub", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "mailto", SDEF_VALUE, CHK_STR, 0, 1 },
	{ "match_group_by_gid", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "maxseq", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "netgroup_tuple", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "noexec", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "noninteractive_auth", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "pam_acct_mgmt", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "pam_askpass_service", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "pam_login_service", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "pam_rhost", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "pam_ruser", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "pam_service", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "pam_session", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "pam_setcred", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "passprompt", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "passprompt_override", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "passprompt_regex", SDEF_LIST, CHK_STR, 0, 1 },
	{ "passwd_timeout", SDEF_VALUE, CHK_FLOAT, 0, 1 },
	{ "passwd_tries", SDEF_VALUE, CHK_UINT, 0, 0 },
	{ "path_info", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "preserve_groups", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "privs", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "pwfeedback", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "requiretty", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "restricted_env_file", SDEF_VALUE, CHK_PATH, 0, 1 },
	{ "rlimit_as", SDEF_VALUE, CHK_RLIMIT, 0, 1 },
	{ "rlimit_core", SDEF_VALUE, CHK_RLIMIT, 0, 1 },
	{ "rlimit_cpu", SDEF_VALUE, CHK_RLIMIT, 0, 1 },
	{ "rlimit_data", SDEF_VALUE, CHK_RLIMIT, 0, 1 },
	{ "rlimit_fsize", SDEF_VALUE, CHK_RLIMIT, 0, 1 },
	{ "rlimit_locks", SDEF_VALUE, CHK_RLIMIT, 0, 1 },
	{ "rlimit_memlock", SDEF_VALUE, CHK_RLIMIT, 0, 1 },
	{ "rlimit_nofile", SDEF_VALUE, CHK_RLIMIT, 0, 1 },
	{ "rlimit_nproc", SDEF_VALUE, CHK_RLIMIT, 0, 1 },
	{ "rlimit_rss", SDEF_VALUE, CHK_RLIMIT, 0, 1 },
	{ "rlimit_stack", SDEF_VALUE, CHK_RLIMIT, 0, 1 },
	{ "role", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "root_sudo", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "rootpw", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "runas_allow_unknown_id", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "runas_check_shell", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "runas_default", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "runaspw", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "runchroot", SDEF_VALUE, CHK_PATH_TILDE, 0, 1 },
	{ "runcwd", SDEF_VALUE, CHK_PATH_TILDE, 0, 1 },
	{ "secure_path", SDEF_VALUE, CHK_STR, 0, 1 },
	{ "selinux", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "set_home", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "set_logname", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "set_utmp", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "setenv", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "shell_noargs", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "stay_setuid", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "sudoedit_checkdir", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "sudoedit_follow", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "sudoers_locale", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "syslog", SDEF_VALUE, CHK_TUPLE, 1, 1 },
	{ "syslog_badpri", SDEF_VALUE, CHK_TUPLE, 0, 1 },
	{ "syslog_goodpri", SDEF_VALUE, CHK_TUPLE, 0, 1 },
	{ "syslog_maxlen", SDEF_VALUE, CHK_UINT, 0, 0 },
	{ "syslog_pid", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "targetpw", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "timestamp_timeout", SDEF_VALUE, CHK_FLOAT, 0, 1 },
	{ "timestamp_type", SDEF_VALUE, CHK_TUPLE, 0, 1 },
	{ "timestampdir", SDEF_VALUE, CHK_PATH, 0, 0 },
	{ "timestampowner", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "tty_tickets", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "type", SDEF_VALUE, CHK_STR, 0, 0 },
	{ "umask", SDEF_VALUE, CHK_MODE, 0, 1 },
	{ "umask_override", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "use_loginclass", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "use_netgroups", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "use_pty", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "user_command_timeouts", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "utmp_runas", SDEF_FLAG, CHK_FLAG, 1, 1 },
	{ "verifypw", SDEF_VALUE, CHK_TUPLE, 1, 1 },
	{ "visiblepw", SDEF_FLAG, CHK_FLAG, 1, 1 },
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

int
sudoers_defentry(const char *var, enum sudoers_defcheck *check, int *bare_ok,
    int *neg_ok)
{
	const struct defent *d;

	d = bsearch(var, defs, sizeof(defs) / sizeof(defs[0]), sizeof(defs[0]),
	    defcmp);
	if (d == NULL)
		return -1;
	*check = d->check;
	*bare_ok = d->bare_ok;
	*neg_ok = d->neg_ok;
	return 0;
}
