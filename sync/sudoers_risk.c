/*
 * sudoers_risk.c - how dangerous a rule is: its commands, tags and runas
 * against share/catalog/sudo.tsv, and the Defaults that weaken it; see
 * sudoers_risk.h.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sb.h"
#include "sync/sudoers_match.h"
#include "sync/sudoers_risk.h"

static int
has_glob(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' && s[1] != '\0') {
			s++;
			continue;
		}
		if (*s == '*' || *s == '?' || *s == '[')
			return 1;
	}
	return 0;
}

/* A path under a directory ordinary users can write, or a wildcard one. */
static int
user_writable(const char *path)
{
	static const char *const dirs[] = { "/tmp/", "/var/tmp/", "/home/",
		"/dev/shm/", "/run/user/", "/var/www/", NULL };
	size_t i;
	const char *slash;

	for (i = 0; dirs[i] != NULL; i++)
		if (strncmp(path, dirs[i], strlen(dirs[i])) == 0)
			return 1;
	/* A wildcard in a directory part: /srv/ * /conf */
	slash = strrchr(path, '/');
	if (slash != NULL) {
		const char *p;

		for (p = path; p < slash; p++)
			if (*p == '*' || *p == '?' || *p == '[')
				return 1;
	}
	return 0;
}

static void
judge(struct host_pull *hp, struct verdict *v, const char *kind,
    const char *match, const char *what)
{
	const struct catalog_entry *ce =
	    catalog_match(hp->cat, "sudo", kind, match);

	if (ce == NULL)
		return;
	if (ce->tier < v->tier) {
		/* The worst reason comes first. */
		struct sb r = SB_INIT;

		if (what != NULL)
			sb_addf(&r, "%s: ", what);
		sb_adds(&r, ce->reason);
		if (v->nreasons > 0) {
			sb_adds(&r, "; ");
			sb_adds(&r, v->reason.buf);
		}
		sb_release(&v->reason);
		v->reason = r;
		v->tier = ce->tier;
		v->nreasons++;
	} else if (v->nreasons < 4 &&
	    strstr(v->reason.buf, ce->reason) == NULL) {
		if (v->nreasons > 0)
			sb_adds(&v->reason, "; ");
		if (what != NULL)
			sb_addf(&v->reason, "%s: ", what);
		sb_adds(&v->reason, ce->reason);
		v->nreasons++;
	}
}

/*
 * sudoedit's files one by one: one in a directory users can write (a
 * symlink there makes it edit any file), one that controls root (the
 * catalog's "sudoedit" entries), else a plain rule. Without a file sudo
 * lets the user name any: that is the sudo policy too.
 */
static void
judge_sudoedit(struct host_pull *hp, struct verdict *v, const char *args)
{
	struct sb f = SB_INIT;
	const char *p = args;
	int before = v->tier;
	size_t n;

	if (args == NULL) {
		judge(hp, v, "sudoedit", "/etc/sudoers",
		    "sudoedit of any file");
		p = "";
	}
	while (*p) {
		p += strspn(p, " \t");
		if ((n = strcspn(p, " \t")) == 0)
			break;
		sb_reset(&f);
		sb_add(&f, p, n);
		p += n;
		if (user_writable(f.buf))
			judge(hp, v, "check", "sudoedit-writable", f.buf);
		else
			judge(hp, v, "sudoedit", f.buf, f.buf);
	}
	if (v->tier == before && v->tier == 4)
		judge(hp, v, "check", "other", NULL);
	sb_release(&f);
}

void
hp_classify(struct host_pull *hp, const struct rule *ru, int rootlike,
    struct verdict *v)
{
	const struct sudoers_cmndspec *cs = ru->first;
	static const char *const shells[] = { "/bin/sh", "/bin/bash",
		"/usr/bin/sh", "/usr/bin/bash", NULL };
	size_t i, k;
	int has_all = 0, has_neg = 0, escapes_ok;

	v->tier = 4;
	escapes_ok = cs->tags[TAG_NOEXEC] == 1 || cs->tags[TAG_INTERCEPT] == 1;
	for (i = 0; i < ru->cmnds.n; i++) {
		const struct sudoers_member *m = ru->cmnds.v[i].m;
		const char *path = m->name;
		int before = v->tier;

		if (ru->cmnds.v[i].negated) {
			has_neg = 1;
			continue;
		}
		if (m->type == SM_ALL) {
			has_all = 1;
			judge(hp, v, "command", "ALL", NULL);
			continue;
		}
		if (strcmp(path, "sudoedit") == 0) {
			judge_sudoedit(hp, v, m->args);
			continue;
		}
		if (path[0] != '/' && path[0] != '^') {
			judge(hp, v, "check", "relative-path", path);
			continue;
		}
		judge(hp, v, "command", path, path);
		if (!escapes_ok)
			judge(hp, v, "escape", path, path);
		if (has_glob(path)) {
			for (k = 0; shells[k] != NULL; k++) {
				if (fnmatch(path, shells[k], 0) == 0) {
					judge(hp, v, "command", shells[k],
					    path);
					break;
				}
			}
		}
		if (user_writable(path))
			judge(hp, v, "check", "user-writable", path);
		if ((m->args != NULL && has_glob(m->args)) ||
		    (path[0] == '^' && m->args == NULL))
			judge(hp, v, "check", "wildcard-args", path);
		if (v->tier == before && v->tier == 4)
			judge(hp, v, "check", "other", NULL);
	}
	if (has_all && has_neg)
		judge(hp, v, "check", "negated-in-all", NULL);
	if (cs->tags[TAG_SETENV] == 1)
		judge(hp, v, "check", "setenv", NULL);
	if (!rootlike) {
		const struct catalog_entry *ce =
		    catalog_match(hp->cat, "sudo", "check", "runas-other");

		if (ce != NULL && v->tier < ce->tier) {
			v->tier = ce->tier;
			sb_adds(&v->reason, v->nreasons ? "; " : "");
			sb_adds(&v->reason, ce->reason);
			v->nreasons++;
		}
	}
	if (cs->tags[TAG_NOPASSWD] == 1) {
		v->nopasswd = 1;
		if (v->tier <= 1) {
			const struct catalog_entry *ce =
			    catalog_match(hp->cat, "sudo", "check", "nopasswd");

			if (ce != NULL) {
				sb_adds(&v->reason, "; ");
				sb_adds(&v->reason, ce->reason);
			}
		}
	}
	if (v->tier == 4)
		v->tier = -1;
}

static int
list_has_risky_env(const char *val)
{
	static const char *const risky[] = { "LD_", "PYTHONPATH", "PYTHONHOME",
		"PERL5LIB", "PERLLIB", "PERL5OPT", "RUBYLIB", "RUBYOPT",
		"NODE_OPTIONS", "NODE_PATH", "BASH_ENV", "ENV", "SHELLOPTS",
		"PS4", "GCONV_PATH", "JAVA_TOOL_OPTIONS", NULL };
	const char *p = val, *q;
	size_t i, n;

	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		for (q = p; *q && *q != ' ' && *q != '\t'; q++)
			;
		n = (size_t)(q - p);
		for (i = 0; risky[i] != NULL && n > 0; i++) {
			size_t k = strlen(risky[i]);

			if (risky[i][k - 1] == '_'
				? strncmp(p, risky[i], k) == 0
				: (n == k && strncmp(p, risky[i], k) == 0) ||
				    (n == k + 1 && p[k] == '*' &&
					strncmp(p, risky[i], k) == 0))
				return 1;
		}
		p = q;
	}
	return 0;
}

/* Append the weakening Defaults that apply to the rule as a JSON array. */
void
hp_weakening(struct host_pull *hp, const struct rule *ru, struct sb *out)
{
	const struct sudoers_default *d;
	struct sb one = SB_INIT;
	int n = 0;

	sb_addc(out, '[');
	for (d = hp->t->defaults; d != NULL; d = d->next) {
		sb_reset(&one);
		if (strcmp(d->var, "authenticate") == 0 && d->op == 0)
			sb_adds(&one,
			    "!authenticate: no password for any "
			    "rule it covers");
		else if (strcmp(d->var, "use_pty") == 0 && d->op == 0)
			sb_adds(&one,
			    "!use_pty: a command can push input "
			    "into the user's terminal");
		else if (strcmp(d->var, "env_reset") == 0 && d->op == 0)
			sb_adds(&one,
			    "!env_reset: the user's whole "
			    "environment reaches the command");
		else if (strcmp(d->var, "timestamp_timeout") == 0 &&
		    d->val != NULL &&
		    (strtod(d->val, NULL) < 0 || strtod(d->val, NULL) > 60))
			sb_addf(&one, "timestamp_timeout=%s: %s", d->val,
			    strtod(d->val, NULL) < 0
				? "the password is asked once per session, "
				  "never again"
				: "the password stays valid for over an hour");
		else if (strcmp(d->var, "env_keep") == 0 && d->val != NULL &&
		    d->op != '-' && list_has_risky_env(d->val))
			sb_addf(&one,
			    "env_keep %s \"%s\": lets the user set "
			    "variables that load code",
			    d->op == '+' ? "+=" : "=", d->val);
		else if (strcmp(d->var, "setenv") == 0 && d->op == 1)
			sb_adds(&one, "setenv: the user may set any variable");
		if (one.len == 0 || !hp_binding_applies(hp, d, ru))
			continue;
		if (n++ > 0)
			sb_adds(out, ", ");
		sb_addc(out, '{');
		sb_adds(out, "\"setting\": ");
		sb_add_json(out, one.buf);
		sb_addf(out, ", \"file\": ");
		sb_add_json(out, hp_host_file(hp, d->file));
		sb_addf(out, ", \"line\": %d}", d->line);
	}
	sb_addc(out, ']');
	sb_release(&one);
}
