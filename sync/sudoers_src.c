/*
 * sudoers_src.c - the sudoers connector; see sudoers_src.h.
 *
 * Resolution follows sudo's matching on the host the file came from: a
 * list matches by its last matching member (so "ALL, !bob" leaves bob
 * out), aliases are expanded (a cycle stops at the second visit, as
 * visudo warns), %group and #uid are looked up in that host's group and
 * passwd files. Netgroups and network addresses cannot be decided from
 * the files alone: a host list naming them is taken to match (said in
 * attrs "host_match": "assumed"), a user list naming them is a group
 * principal with unknown members.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <openssl/evp.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "lib/sb.h"
#include "lib/strhash.h"
#include "sync/sudoers.h"
#include "sync/sudoers_host.h"
#include "sync/sudoers_regex.h"
#include "sync/sudoers_src.h"

#define MAX_ALIAS_DEPTH 64

/* Add s to the set seen (which copies its keys): 1 when it was new. */
static int
first_time(struct strhash *seen, const char *s)
{
	int added;

	strhash_put(seen, s, &added);
	return added;
}

/* ---- the host being pulled ---- */

struct hp {
	struct sink *sink;
	const struct catalog *cat;
	const char *host;
	const char *root; /* the collected host's folder, or NULL */
	struct sudoers_tree *t;
	struct host_db db;
	/* What was emitted, to emit each record once (keys copied). */
	struct strhash principals, entitlements, assignments;
	struct err *e;
	/*
	 * Regex commands compiled once per host, not once for every rule,
	 * account and logged use they are tried against.
	 */
	struct re_cached {
		const struct sudoers_member *m;
		regex_t re;
		int ok;
	} * rec;
	size_t nrec;
};

/* One member after alias expansion, with its effective negation. */
struct xmember {
	const struct sudoers_member *m;
	int negated;
};

struct xlist {
	struct xmember *v;
	size_t n;
};

static void
xlist_add(struct xlist *l, const struct sudoers_member *m, int neg)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n].m = m;
	l->v[l->n].negated = neg;
	l->n++;
}

/* Expand aliases of type in list (negation flips through "!ALIAS"). */
static void
expand(struct hp *hp, const struct sudoers_member *first,
    enum sudoers_alias_type type, int neg, int depth, struct xlist *out)
{
	const struct sudoers_member *m;
	const struct sudoers_alias *a;

	for (m = first; m != NULL; m = m->next) {
		if (m->type == SM_ALIAS) {
			a = sudoers_alias_find(hp->t, m->name, type);
			if (a != NULL && depth < MAX_ALIAS_DEPTH)
				expand(hp, a->members.first, type,
				    neg ^ m->negated, depth + 1, out);
			/* An undefined alias matches nothing, as in sudo. */
			continue;
		}
		xlist_add(out, m, neg ^ m->negated);
	}
}

/* Does host pattern p name this host (case-insensitive, wildcards)? */
static int
host_name_matches(const char *p, const char *host)
{
	char lp[256], lh[256];
	size_t i;

	if (strcasecmp(p, host) == 0)
		return 1;
	/* fnmatch() without glibc's FNM_CASEFOLD: compare in lower case. */
	for (i = 0; p[i] && i < sizeof(lp) - 1; i++)
		lp[i] = (char)tolower((unsigned char)p[i]);
	lp[i] = '\0';
	for (i = 0; host[i] && i < sizeof(lh) - 1; i++)
		lh[i] = (char)tolower((unsigned char)host[i]);
	lh[i] = '\0';
	return fnmatch(lp, lh, 0) == 0;
}

/* 1 when the host list applies to hp->host; *assumed when undecidable. */
static int
hostlist_matches(struct hp *hp, const struct sudoers_mlist *l, int *assumed)
{
	struct xlist x = { 0 };
	size_t i;
	int res = 0, hit;

	expand(hp, l->first, SA_HOST, 0, 0, &x);
	for (i = x.n; i-- > 0;) {
		const struct sudoers_member *m = x.v[i].m;

		switch (m->type) {
		case SM_ALL:
			hit = 1;
			break;
		case SM_NETGROUP:
		case SM_NTWKADDR:
			hit = 1;
			*assumed = 1;
			break;
		case SM_WORD:
			hit = host_name_matches(m->name, hp->host);
			break;
		default:
			hit = 0;
			break;
		}
		if (hit) {
			res = !x.v[i].negated;
			break;
		}
	}
	free(x.v);
	return res;
}

/* A file as the host knows it: the collected tree's folder taken off. */
static const char *
host_file(const struct hp *hp, const char *path)
{
	size_t n;

	if (hp->root == NULL)
		return path;
	n = strlen(hp->root);
	while (n > 0 && hp->root[n - 1] == '/')
		n--;
	if (strncmp(path, hp->root, n) == 0 && path[n] == '/')
		return path + n;
	return path;
}

/* ---- emitting principals ---- */

static void
iso(time_t t, char buf[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
emit_account(struct hp *hp, const struct host_account *a)
{
	struct rec_principal r = { 0 };
	struct sb id = SB_INIT, attrs = SB_INIT;
	char when[32];
	int rc = 0;

	sb_addf(&id, "%s:user:%s", hp->host, a->name);
	if (!first_time(&hp->principals, id.buf))
		goto out;
	sb_addf(&attrs, "{\"uid\": %ld, \"gid\": %ld, \"shell\": ", a->uid,
	    a->gid);
	sb_add_json(&attrs, a->shell);
	sb_adds(&attrs, ", \"home\": ");
	sb_add_json(&attrs, a->home);
	sb_adds(&attrs, "}");
	r.ext_id = id.buf;
	r.name = a->name;
	r.display_name = a->gecos[0] ? a->gecos : NULL;
	r.kind = a->uid == 0 ? "break-glass"
	    : a->uid < 1000  ? "service"
			     : "human";
	/* A shell that refuses logins cannot start a sudo session. */
	r.enabled = (strstr(a->shell, "nologin") != NULL ||
			strcmp(a->shell, "/bin/false") == 0 ||
			strcmp(a->shell, "/usr/bin/false") == 0)
	    ? 0
	    : 1;
	r.host = hp->host;
	r.mfa = -1;
	if (a->last_login != 0) {
		iso(a->last_login, when);
		r.last_used_at = when;
	}
	r.attrs = attrs.buf;
	rc = sink_principal(hp->sink, &r, hp->e);
out:
	sb_release(&id);
	sb_release(&attrs);
	return rc;
}

/* An account sudoers names that passwd does not have (LDAP, SSSD ...). */
static int
ensure_account(struct hp *hp, const char *name, struct sb *id)
{
	const struct host_account *a = host_account(&hp->db, name);
	struct rec_principal r = { 0 };

	sb_reset(id);
	sb_addf(id, "%s:user:%s", hp->host, name);
	if (a != NULL)
		return emit_account(hp, a);
	if (!first_time(&hp->principals, id->buf))
		return 0;
	r.ext_id = id->buf;
	r.name = name;
	r.kind = "human";
	r.enabled = -1;
	r.host = hp->host;
	r.mfa = -1;
	r.attrs = "{\"in_passwd\": false}";
	return sink_principal(hp->sink, &r, hp->e);
}

static int
membership(struct hp *hp, const char *member, const char *grp)
{
	struct sb key = SB_INIT;
	int rc = 0;

	sb_addf(&key, "%s\n%s", member, grp);
	if (first_time(&hp->assignments, key.buf))
		rc = sink_membership(hp->sink, member, grp, hp->e);
	sb_release(&key);
	return rc;
}

/*
 * The group principal prefix:name ("group", "netgroup", "nonunix", "all")
 * with the host's members when it knows them.
 */
static int
ensure_group(struct hp *hp, const char *prefix, const char *name,
    const char *display, const struct host_group *g, int all, struct sb *id)
{
	struct rec_principal r = { 0 };
	struct sb mid = SB_INIT, attrs = SB_INIT;
	size_t i;
	int rc = 0;

	sb_reset(id);
	sb_addf(id, "%s:%s:%s", hp->host, prefix, name);
	if (!first_time(&hp->principals, id->buf))
		return 0;
	r.ext_id = id->buf;
	r.name = name;
	r.display_name = display;
	r.kind = "group";
	r.enabled = 1;
	r.host = hp->host;
	r.mfa = -1;
	if (g != NULL)
		sb_addf(&attrs, "{\"gid\": %ld}", g->gid);
	else if (all)
		sb_adds(&attrs, "{\"members\": \"every account of the host\"}");
	else
		sb_adds(&attrs,
		    "{\"members\": \"unknown from the host's "
		    "files\"}");
	r.attrs = attrs.buf;
	if ((rc = sink_principal(hp->sink, &r, hp->e)) != 0)
		goto out;
	for (i = 0; i < hp->db.naccounts; i++) {
		const struct host_account *a = &hp->db.accounts[i];

		if (!all && (g == NULL || !host_in_group(&hp->db, a, g)))
			continue;
		sb_reset(&mid);
		sb_addf(&mid, "%s:user:%s", hp->host, a->name);
		if ((rc = membership(hp, mid.buf, id->buf)) != 0)
			goto out;
	}
	/* Members the group lists that passwd lacks (directory users). */
	for (i = 0; g != NULL && i < g->nmembers; i++) {
		if (host_account(&hp->db, g->members[i]) != NULL)
			continue;
		if ((rc = ensure_account(hp, g->members[i], &mid)) != 0 ||
		    (rc = membership(hp, mid.buf, id->buf)) != 0)
			goto out;
	}
out:
	sb_release(&mid);
	sb_release(&attrs);
	return rc;
}

/* The principal a user-list member names, in id. */
static int
user_principal(struct hp *hp, const struct sudoers_member *m, struct sb *id)
{
	const struct host_account *a;
	const struct host_group *g;
	const char *n = m->name;
	char num[32];

	switch (m->type) {
	case SM_ALL:
		return ensure_group(hp, "all", "ALL", "every account", NULL, 1,
		    id);
	case SM_NETGROUP:
		return ensure_group(hp, "netgroup", n + 1, NULL, NULL, 0, id);
	case SM_USERGROUP:
		n++;
		if (*n == ':')
			return ensure_group(hp, "nonunix", n + 1, NULL, NULL, 0,
			    id);
		if (*n == '#') {
			g = host_group(&hp->db, NULL, strtol(n + 1, NULL, 10));
			if (g != NULL)
				n = g->name;
		} else {
			g = host_group(&hp->db, n, 0);
		}
		return ensure_group(hp, "group", n, NULL, g, 0, id);
	case SM_WORD:
		if (*n == '#') {
			a = host_account_uid(&hp->db, strtol(n + 1, NULL, 10));
			if (a == NULL) {
				snprintf(num, sizeof(num), "uid %s", n + 1);
				return ensure_account(hp, num, id);
			}
			n = a->name;
		}
		return ensure_account(hp, n, id);
	default:
		sb_reset(id);
		return 0;
	}
}

/* Does account a match user-list member m? */
static int
user_matches(struct hp *hp, const struct host_account *a,
    const struct sudoers_member *m)
{
	const struct host_group *g;
	const char *n = m->name;

	switch (m->type) {
	case SM_ALL:
		return 1;
	case SM_WORD:
		if (*n == '#')
			return a->uid == strtol(n + 1, NULL, 10);
		return strcmp(n, a->name) == 0;
	case SM_USERGROUP:
		n++;
		if (*n == ':')
			return 0;
		g = *n == '#'
		    ? host_group(&hp->db, NULL, strtol(n + 1, NULL, 10))
		    : host_group(&hp->db, n, 0);
		return g != NULL && host_in_group(&hp->db, a, g);
	default:
		return 0;
	}
}

/* ---- rules ---- */

/* Commands of one rule unit, after alias expansion. */
struct rule {
	const struct sudoers_userspec *us;
	const struct sudoers_cmndspec *first, *last;
	struct xlist cmnds;
	int host_assumed;
};

static void
command_text(const struct sudoers_member *m, struct sb *sb)
{
	if (m->type == SM_ALL) {
		sb_adds(sb, "ALL");
		return;
	}
	sb_adds(sb, m->name);
	if (m->args != NULL) {
		sb_addc(sb, ' ');
		sb_adds(sb, m->args);
	}
}

/* Runas names of a command spec ("root" when none is given). */
static void
runas_text(struct hp *hp, const struct sudoers_cmndspec *cs, struct sb *sb,
    int *rootlike)
{
	struct xlist x = { 0 };
	size_t i;

	*rootlike = 0;
	if (cs->runasuser == NULL && cs->runasgroup == NULL) {
		sb_adds(sb, "root");
		*rootlike = 1;
		return;
	}
	if (cs->runasuser != NULL)
		expand(hp, cs->runasuser->first, SA_RUNAS, 0, 0, &x);
	for (i = 0; i < x.n; i++) {
		const struct sudoers_member *m = x.v[i].m;

		if (i > 0)
			sb_addc(sb, ',');
		if (x.v[i].negated)
			sb_addc(sb, '!');
		if (m->type == SM_ALL) {
			sb_adds(sb, "ALL");
		} else if (m->type == SM_MYSELF) {
			sb_adds(sb, "(self)");
		} else {
			sb_adds(sb, m->name);
		}
		if (!x.v[i].negated &&
		    (m->type == SM_ALL ||
			(m->type == SM_WORD &&
			    (strcmp(m->name, "root") == 0 ||
				strcmp(m->name, "#0") == 0))))
			*rootlike = 1;
	}
	if (cs->runasuser == NULL)
		sb_adds(sb, "(self)");
	if (cs->runasgroup != NULL) {
		struct xlist g = { 0 };

		expand(hp, cs->runasgroup->first, SA_RUNAS, 0, 0, &g);
		sb_addc(sb, ':');
		for (i = 0; i < g.n; i++) {
			if (i > 0)
				sb_addc(sb, ',');
			if (g.v[i].negated)
				sb_addc(sb, '!');
			sb_adds(sb,
			    g.v[i].m->type == SM_ALL ? "ALL" : g.v[i].m->name);
		}
		free(g.v);
	}
	free(x.v);
}

static const char *const tag_names[TAG_COUNT][2] = {
	[TAG_NOPASSWD] = { "PASSWD", "NOPASSWD" },
	[TAG_NOEXEC] = { "EXEC", "NOEXEC" },
	[TAG_INTERCEPT] = { "NOINTERCEPT", "INTERCEPT" },
	[TAG_SEND_MAIL] = { "NOMAIL", "MAIL" },
	[TAG_SETENV] = { "NOSETENV", "SETENV" },
	[TAG_FOLLOW] = { "NOFOLLOW", "FOLLOW" },
	[TAG_LOG_INPUT] = { "NOLOG_INPUT", "LOG_INPUT" },
	[TAG_LOG_OUTPUT] = { "NOLOG_OUTPUT", "LOG_OUTPUT" },
};

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

struct verdict {
	int tier;
	struct sb reason;
	int nreasons;
	int nopasswd;
};

static void
judge(struct hp *hp, struct verdict *v, const char *kind, const char *match,
    const char *what)
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

static void
classify(struct hp *hp, const struct rule *ru, int rootlike, struct verdict *v)
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
			if (m->args != NULL && user_writable(m->args))
				judge(hp, v, "check", "sudoedit-writable",
				    m->args);
			else
				judge(hp, v, "check", "other", NULL);
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

/* Does the Defaults binding apply to this rule? */
static int
binding_applies(struct hp *hp, const struct sudoers_default *d,
    const struct rule *ru)
{
	struct xlist x = { 0 };
	const struct sudoers_member *m;
	size_t i, j;
	int hit = 0, assumed = 0;

	switch (d->btype) {
	case SB_NONE:
		return 1;
	case SB_HOST:
		return hostlist_matches(hp, d->binding, &assumed);
	case SB_USER:
		expand(hp, d->binding->first, SA_USER, 0, 0, &x);
		for (i = 0; i < x.n && !hit; i++) {
			if (x.v[i].negated)
				continue;
			if (x.v[i].m->type == SM_ALL) {
				hit = 1;
				break;
			}
			for (m = ru->us->users.first; m != NULL; m = m->next)
				if (m->name != NULL && x.v[i].m->name != NULL &&
				    strcmp(m->name, x.v[i].m->name) == 0)
					hit = 1;
			for (j = 0; j < hp->db.naccounts && !hit; j++) {
				const struct host_account *a =
				    &hp->db.accounts[j];
				const struct sudoers_member *um;

				if (!user_matches(hp, a, x.v[i].m))
					continue;
				for (um = ru->us->users.first; um != NULL;
				     um = um->next)
					if (user_matches(hp, a, um))
						hit = 1;
			}
		}
		break;
	case SB_RUNAS:
		expand(hp, d->binding->first, SA_RUNAS, 0, 0, &x);
		for (i = 0; i < x.n; i++) {
			const struct sudoers_mlist *ul = ru->first->runasuser;
			int rootdefault = ru->first->runasuser == NULL &&
			    ru->first->runasgroup == NULL;

			if (x.v[i].negated)
				continue;
			if (x.v[i].m->type == SM_ALL)
				hit = 1;
			else if (rootdefault &&
			    strcmp(x.v[i].m->name, "root") == 0)
				hit = 1;
			for (m = ul ? ul->first : NULL; m != NULL; m = m->next)
				if (m->type == SM_ALL ||
				    (m->name != NULL &&
					strcmp(m->name, x.v[i].m->name) == 0))
					hit = 1;
		}
		break;
	case SB_CMND:
		expand(hp, d->binding->first, SA_CMND, 0, 0, &x);
		for (i = 0; i < x.n; i++) {
			for (j = 0; j < ru->cmnds.n; j++) {
				const struct sudoers_member *a = x.v[i].m,
							    *b = ru->cmnds.v[j]
								     .m;

				if (x.v[i].negated || ru->cmnds.v[j].negated)
					continue;
				if (a->type == SM_ALL ||
				    (a->name && b->name &&
					(strcmp(a->name, b->name) == 0 ||
					    fnmatch(a->name, b->name, 0) == 0)))
					hit = 1;
			}
		}
		break;
	}
	free(x.v);
	return hit;
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
static void
weakening(struct hp *hp, const struct rule *ru, struct sb *out)
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
		if (one.len == 0 || !binding_applies(hp, d, ru))
			continue;
		if (n++ > 0)
			sb_adds(out, ", ");
		sb_addc(out, '{');
		sb_adds(out, "\"setting\": ");
		sb_add_json(out, one.buf);
		sb_addf(out, ", \"file\": ");
		sb_add_json(out, host_file(hp, d->file));
		sb_addf(out, ", \"line\": %d}", d->line);
	}
	sb_addc(out, ']');
	sb_release(&one);
}

/* The last use of the rule by account a (0: never seen). */
/* m's regular expression, compiled on first use; NULL if it fails. */
static const regex_t *
cached_regex(struct hp *hp, const struct sudoers_member *m)
{
	struct re_cached *c;
	char msg[256];
	size_t i;

	for (i = 0; i < hp->nrec; i++)
		if (hp->rec[i].m == m)
			return hp->rec[i].ok ? &hp->rec[i].re : NULL;
	hp->rec = xrealloc(hp->rec, (hp->nrec + 1) * sizeof(*hp->rec));
	c = &hp->rec[hp->nrec++];
	c->m = m;
	c->ok = sudoers_regcomp(&c->re, m->name, NULL, msg, sizeof(msg)) == 0;
	return c->ok ? &c->re : NULL;
}

static int
use_matches(struct hp *hp, const struct rule *ru, const struct host_sudo_use *u,
    const struct sudoers_cmndspec *cs)
{
	size_t i;
	int ok = 0;
	char *path, *args;
	const char *sp;

	sp = strchr(u->command, ' ');
	path = sp ? strndup(u->command, (size_t)(sp - u->command))
		  : xstrdup(u->command);
	if (path == NULL)
		abort();
	args = sp ? (char *)sp + 1 : NULL;
	for (i = 0; i < ru->cmnds.n; i++) {
		const struct sudoers_member *m = ru->cmnds.v[i].m;
		int hit = 0;

		if (m->type == SM_ALL) {
			hit = 1;
		} else if (m->name[0] == '^') {
			const regex_t *re = cached_regex(hp, m);

			hit = re != NULL && regexec(re, path, 0, NULL, 0) == 0;
		} else if (fnmatch(m->name, path, FNM_PATHNAME) == 0) {
			if (m->args == NULL)
				hit = 1;
			else if (strcmp(m->args, "\"\"") == 0)
				hit = args == NULL;
			else
				hit = args != NULL &&
				    fnmatch(m->args, args, 0) == 0;
		}
		if (hit) {
			ok = !ru->cmnds.v[i].negated;
			if (!ok)
				break;
		}
	}
	free(path);
	(void)cs;
	return ok;
}

static time_t
last_use(struct hp *hp, const struct rule *ru, const struct host_account *a,
    const struct host_group *g, int all)
{
	time_t best = 0;
	size_t i;

	for (i = 0; i < hp->db.nuses; i++) {
		const struct host_sudo_use *u = &hp->db.uses[i];
		const struct host_account *ua;

		if (u->when <= best)
			continue;
		if (a != NULL && strcmp(u->user, a->name) != 0)
			continue;
		if (g != NULL &&
		    ((ua = host_account(&hp->db, u->user)) == NULL ||
			!host_in_group(&hp->db, ua, g)))
			continue;
		if (a == NULL && g == NULL && !all)
			continue;
		if (use_matches(hp, ru, u, ru->first))
			best = u->when;
	}
	return best;
}

static void
hex(const unsigned char *d, size_t n, char *out)
{
	static const char x[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = x[d[i] >> 4];
		out[2 * i + 1] = x[d[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
assign(struct hp *hp, const char *principal, const char *ent,
    const char *origin, time_t used, const char *via, const char *extra)
{
	struct rec_assignment r = { 0 };
	struct sb key = SB_INIT, attrs = SB_INIT;
	char when[32];
	int rc = 0;

	sb_addf(&key, "%s\n%s\n", principal, ent);
	if (!first_time(&hp->assignments, key.buf))
		goto out;
	r.principal_ext_id = principal;
	r.entitlement_ext_id = ent;
	r.state = "active";
	r.origin = origin;
	if (used != 0) {
		iso(used, when);
		r.last_used_at = when;
	}
	if (via != NULL) {
		sb_adds(&attrs, "{\"via\": ");
		sb_add_json(&attrs, via);
		sb_addc(&attrs, '}');
		r.attrs = attrs.buf;
	} else if (extra != NULL) {
		r.attrs = extra;
	}
	rc = sink_assignment(hp->sink, &r, hp->e);
out:
	sb_release(&key);
	sb_release(&attrs);
	return rc;
}

/* {"member_last_use": {"alice": "..."}} for the members of g (or all). */
static void
member_uses(struct hp *hp, const struct rule *ru, const struct host_group *g,
    int all, struct sb *out)
{
	size_t i;
	time_t t;
	char when[32];
	int n = 0;

	sb_reset(out);
	for (i = 0; i < hp->db.naccounts; i++) {
		const struct host_account *a = &hp->db.accounts[i];

		if (!all && (g == NULL || !host_in_group(&hp->db, a, g)))
			continue;
		if ((t = last_use(hp, ru, a, NULL, 0)) == 0)
			continue;
		sb_adds(out, n++ ? ", " : "{\"member_last_use\": {");
		sb_add_json(out, a->name);
		iso(t, when);
		sb_addf(out, ": \"%s\"", when);
	}
	if (n > 0)
		sb_adds(out, "}}");
}

/* Assign the rule to the users of its user spec. */
static int
assign_users(struct hp *hp, const struct rule *ru, const char *ent,
    const char *origin)
{
	struct xlist x = { 0 };
	struct sb id = SB_INIT, via = SB_INIT;
	size_t i, j;
	int neg = 0, rc = 0;

	expand(hp, ru->us->users.first, SA_USER, 0, 0, &x);
	for (i = 0; i < x.n; i++)
		if (x.v[i].negated)
			neg = 1;
	if (!neg) {
		for (i = 0; i < x.n && rc == 0; i++) {
			const struct sudoers_member *m = x.v[i].m;
			const struct host_account *a = NULL;
			const struct host_group *g = NULL;

			if ((rc = user_principal(hp, m, &id)) != 0 ||
			    id.len == 0)
				continue;
			if (m->type == SM_WORD)
				a = *m->name == '#'
				    ? host_account_uid(&hp->db,
					  strtol(m->name + 1, NULL, 10))
				    : host_account(&hp->db, m->name);
			if (m->type == SM_USERGROUP && m->name[1] != ':')
				g = m->name[1] == '#'
				    ? host_group(&hp->db, NULL,
					  strtol(m->name + 2, NULL, 10))
				    : host_group(&hp->db, m->name + 1, 0);
			if (a != NULL) {
				rc = assign(hp, id.buf, ent, origin,
				    last_use(hp, ru, a, NULL, 0), NULL, NULL);
				continue;
			}
			/*
			 * A group's assignment has no last use of its own:
			 * one member's use says nothing of another's. Each
			 * member's last use goes into attrs instead.
			 */
			member_uses(hp, ru, g, m->type == SM_ALL, &via);
			rc = assign(hp, id.buf, ent, origin, 0, NULL,
			    via.len ? via.buf : NULL);
		}
		goto out;
	}
	/* Negations: decide account by account, the last match wins. */
	for (j = 0; j < hp->db.naccounts && rc == 0; j++) {
		const struct host_account *a = &hp->db.accounts[j];
		int in = 0;

		for (i = x.n; i-- > 0;) {
			if (user_matches(hp, a, x.v[i].m)) {
				in = !x.v[i].negated;
				break;
			}
		}
		if (!in)
			continue;
		sb_reset(&via);
		for (i = 0; i < x.n; i++) {
			if (i > 0)
				sb_adds(&via, ", ");
			if (x.v[i].negated)
				sb_addc(&via, '!');
			sb_adds(&via,
			    x.v[i].m->type == SM_ALL ? "ALL" : x.v[i].m->name);
		}
		if ((rc = emit_account(hp, a)) != 0)
			break;
		sb_reset(&id);
		sb_addf(&id, "%s:user:%s", hp->host, a->name);
		rc = assign(hp, id.buf, ent, origin,
		    last_use(hp, ru, a, NULL, 0), via.buf, NULL);
	}
out:
	free(x.v);
	sb_release(&id);
	sb_release(&via);
	return rc;
}

/* Emit one rule unit: its entitlement and its assignments. */
static int
emit_rule(struct hp *hp, struct rule *ru)
{
	const struct sudoers_cmndspec *cs = ru->first;
	struct rec_entitlement r = { 0 };
	struct verdict v = { 0 };
	struct sb runas = SB_INIT, cmds = SB_INIT, tags = SB_INIT,
		  norm = SB_INIT, name = SB_INIT, attrs = SB_INIT, id = SB_INIT,
		  origin = SB_INIT, one = SB_INIT;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char hx[2 * EVP_MAX_MD_SIZE + 1];
	size_t i;
	int rootlike, rc = 0, t;

	v.reason = (struct sb)SB_INIT;
	runas_text(hp, cs, &runas, &rootlike);
	for (i = 0; i < ru->cmnds.n; i++) {
		if (i > 0)
			sb_adds(&cmds, ", ");
		if (ru->cmnds.v[i].negated)
			sb_addc(&cmds, '!');
		command_text(ru->cmnds.v[i].m, &cmds);
	}
	for (t = 0; t < TAG_COUNT; t++) {
		if (cs->tags[t] != 0 && cs->tags[t] != 1)
			continue;
		/* Only the tags that change sudo's default are news. */
		if ((t == TAG_NOPASSWD || t == TAG_NOEXEC || t == TAG_SETENV ||
			t == TAG_INTERCEPT || t == TAG_FOLLOW ||
			t == TAG_LOG_INPUT || t == TAG_LOG_OUTPUT ||
			t == TAG_SEND_MAIL) &&
		    cs->tags[t] == 1) {
			if (tags.len > 0)
				sb_addc(&tags, ' ');
			sb_adds(&tags, tag_names[t][1]);
		}
	}
	classify(hp, ru, rootlike, &v);

	/* The normalised rule: what it grants, wherever it is written. */
	sb_addf(&norm, "%s\n%s\n%s\n%s\n", hp->host, runas.buf, cmds.buf,
	    tags.buf);
	sb_addf(&norm, "%s\n%s\n%ld\n", cs->runcwd ? cs->runcwd : "",
	    cs->runchroot ? cs->runchroot : "", cs->timeout);
	if (EVP_Digest(norm.buf, norm.len, md, &mdlen, EVP_sha256(), NULL) !=
	    1) {
		rc = err_set(hp->e, PARC_EIO, "sha256 failed");
		goto out;
	}
	hex(md, 8, hx);
	sb_addf(&id, "%s:sudo:%s", hp->host, hx);

	sb_addf(&name, "%s ", runas.buf);
	if (cmds.len > 100) {
		sb_add(&name, cmds.buf, 97);
		sb_adds(&name, "...");
	} else {
		sb_adds(&name, cmds.buf);
	}
	sb_addf(&name, " on %s", hp->host);
	if (tags.len > 0)
		sb_addf(&name, " (%s)", tags.buf);

	sb_addf(&origin, "%s:%d", host_file(hp, ru->us->file), cs->line);

	sb_adds(&attrs, "{\"file\": ");
	sb_add_json(&attrs, host_file(hp, ru->us->file));
	sb_addf(&attrs, ", \"line\": %d, \"runas\": ", cs->line);
	sb_add_json(&attrs, runas.buf);
	sb_adds(&attrs, ", \"commands\": [");
	for (i = 0; i < ru->cmnds.n; i++) {
		sb_reset(&one);
		if (ru->cmnds.v[i].negated)
			sb_addc(&one, '!');
		command_text(ru->cmnds.v[i].m, &one);
		if (i > 0)
			sb_adds(&attrs, ", ");
		sb_add_json(&attrs, one.buf);
	}
	sb_adds(&attrs, "], \"tags\": [");
	for (t = 0; t < TAG_COUNT; t++) {
		if (cs->tags[t] != 0 && cs->tags[t] != 1)
			continue;
		if (attrs.buf[attrs.len - 1] != '[')
			sb_adds(&attrs, ", ");
		sb_add_json(&attrs, tag_names[t][cs->tags[t]]);
	}
	sb_adds(&attrs, "], \"options\": {");
	{
		const char *sep = "";

		if (cs->runcwd) {
			sb_adds(&attrs, "\"cwd\": ");
			sb_add_json(&attrs, cs->runcwd);
			sep = ", ";
		}
		if (cs->runchroot) {
			sb_addf(&attrs, "%s\"chroot\": ", sep);
			sb_add_json(&attrs, cs->runchroot);
			sep = ", ";
		}
		if (cs->timeout > 0) {
			sb_addf(&attrs, "%s\"timeout\": %ld", sep, cs->timeout);
			sep = ", ";
		}
		if (cs->has_notafter) {
			char w[32];

			iso(cs->notafter, w);
			sb_addf(&attrs, "%s\"notafter\": \"%s\"", sep, w);
			sep = ", ";
		}
		if (cs->has_notbefore) {
			char w[32];

			iso(cs->notbefore, w);
			sb_addf(&attrs, "%s\"notbefore\": \"%s\"", sep, w);
		}
	}
	sb_adds(&attrs, "}, \"weakening\": ");
	weakening(hp, ru, &attrs);
	if (ru->host_assumed)
		sb_adds(&attrs,
		    ", \"host_match\": \"assumed (netgroup or "
		    "address)\"");
	sb_adds(&attrs, "}");

	if (first_time(&hp->entitlements, id.buf)) {
		r.ext_id = id.buf;
		r.name = name.buf;
		r.kind = "sudo-rule";
		r.scope = hp->host;
		r.host = hp->host;
		r.tier = v.tier;
		r.reason = v.reason.len ? v.reason.buf : NULL;
		r.techniques = "T1548.003";
		r.attrs = attrs.buf;
		if ((rc = sink_entitlement(hp->sink, &r, hp->e)) != 0)
			goto out;
	}
	rc = assign_users(hp, ru, id.buf, origin.buf);
out:
	sb_release(&runas);
	sb_release(&cmds);
	sb_release(&tags);
	sb_release(&norm);
	sb_release(&name);
	sb_release(&attrs);
	sb_release(&id);
	sb_release(&origin);
	sb_release(&one);
	sb_release(&v.reason);
	return rc;
}

/* Do two command specs differ only in the command (the JSON merge)? */
static int
same_rule(const struct sudoers_cmndspec *a, const struct sudoers_cmndspec *b)
{
	int i;

	if (b == NULL || a->runasuser != b->runasuser ||
	    a->runasgroup != b->runasgroup || a->runcwd != b->runcwd ||
	    a->runchroot != b->runchroot || a->role != b->role ||
	    a->type != b->type || a->timeout != b->timeout ||
	    a->apparmor_profile != b->apparmor_profile)
		return 0;
	/* As sudo: only a tag the next command sets itself splits them. */
	for (i = 0; i < TAG_COUNT; i++)
		if (b->tags[i] != SUDOERS_UNSPEC &&
		    b->tags[i] != SUDOERS_IMPLIED && a->tags[i] != b->tags[i])
			return 0;
	return 1;
}

static int
emit_rules(struct hp *hp)
{
	const struct sudoers_userspec *us;
	const struct sudoers_priv *pv;
	const struct sudoers_cmndspec *cs;
	struct rule ru;
	int rc = 0, assumed;

	for (us = hp->t->userspecs; us != NULL && rc == 0; us = us->next) {
		for (pv = us->privs; pv != NULL && rc == 0; pv = pv->next) {
			assumed = 0;
			if (!hostlist_matches(hp, &pv->hosts, &assumed))
				continue;
			for (cs = pv->cmnds; cs != NULL && rc == 0;) {
				memset(&ru, 0, sizeof(ru));
				ru.us = us;
				ru.first = cs;
				ru.host_assumed = assumed;
				for (;;) {
					expand(hp, cs->cmnd, SA_CMND, 0, 0,
					    &ru.cmnds);
					/* expand() walks ->next: one only. */
					if (!same_rule(cs, cs->next))
						break;
					cs = cs->next;
				}
				ru.last = cs;
				cs = cs->next;
				rc = emit_rule(hp, &ru);
				free(ru.cmnds.v);
			}
		}
	}
	return rc;
}

int
sudoers_pull_host(struct sink *sink, const struct catalog *cat,
    const struct sudoers_host_files *f, struct err *e)
{
	struct hp hp;
	struct sudoers_opts o = { 0 };
	struct sb id = SB_INIT;
	size_t i;
	int rc;

	memset(&hp, 0, sizeof(hp));
	hp.sink = sink;
	hp.cat = cat;
	hp.host = f->host;
	hp.root = f->root;
	hp.e = e;
	strhash_init(&hp.principals, STRHASH_COPY_KEYS);
	strhash_init(&hp.entitlements, STRHASH_COPY_KEYS);
	strhash_init(&hp.assignments, STRHASH_COPY_KEYS);
	hp.t = sudoers_tree_new();
	o.root = f->root;
	o.host = f->host;
	if ((rc = sudoers_parse_file(hp.t, f->sudoers, &o, e)) != 0)
		goto out;
	if (f->passwd != NULL &&
	    (rc = host_read_passwd(&hp.db, f->passwd, e)) != 0)
		goto out;
	if (f->group != NULL &&
	    (rc = host_read_group(&hp.db, f->group, e)) != 0)
		goto out;
	if (f->wtmp != NULL && (rc = host_read_wtmp(&hp.db, f->wtmp, e)) != 0)
		goto out;
	for (i = 0; f->logs != NULL && f->logs[i] != NULL; i++)
		if ((rc = host_read_sudo_log(&hp.db, f->logs[i], e)) != 0)
			goto out;
	for (i = 0; i < hp.db.naccounts; i++)
		if ((rc = emit_account(&hp, &hp.db.accounts[i])) != 0)
			goto out;
	for (i = 0; i < hp.db.ngroups; i++)
		if ((rc = ensure_group(&hp, "group", hp.db.groups[i].name, NULL,
			 &hp.db.groups[i], 0, &id)) != 0)
			goto out;
	rc = emit_rules(&hp);
out:
	if (rc != 0 && e->code == 0)
		err_set(e, rc, "%s: cannot read its sudo rules", f->host);
	strhash_release(&hp.principals);
	strhash_release(&hp.entitlements);
	strhash_release(&hp.assignments);
	for (i = 0; i < hp.nrec; i++)
		if (hp.rec[i].ok)
			regfree(&hp.rec[i].re);
	free(hp.rec);
	host_db_release(&hp.db);
	sudoers_tree_free(hp.t);
	sb_release(&id);
	return rc;
}

/* ---- the source ---- */

static const char *const sudoers_keys[] = { "path", "host", "root",
	"passwd_file", "group_file", "wtmp", "sudo_log", NULL };

struct ssrc {
	char *path, *host, *root, *passwd, *group, *wtmp, *log;
	struct catalog *cat;
};

static void sudoers_close(void *state);

static int
sudoers_open(const struct config *c, const struct conf_section *sec,
    void **state, struct err *e)
{
	struct ssrc *s;
	char where[PATH_MAX + 32], hn[256], *dot;
	int rc;

	*state = NULL;
	if ((rc = conf_check_keys(c, sec, sudoers_keys, e)) != 0)
		return rc;
	s = xcalloc(1, sizeof(*s));
	s->root = conf_path(c, sec, "root");
	s->path = conf_path(c, sec, "path");
	if (s->root != NULL && (s->path != NULL || conf_get(sec, "host"))) {
		rc = err_set(e, PARC_ECONFIG,
		    "%s: [source %s] root = DIR reads every host under DIR; "
		    "path and host are for one host",
		    conf_where(c, conf_line(sec, "root"), where, sizeof(where)),
		    sec->name);
		goto out;
	}
	if (s->root == NULL) {
		if (s->path == NULL)
			s->path = xstrdup("/etc/sudoers");
		if (conf_get(sec, "host") != NULL) {
			s->host = xstrdup(conf_get(sec, "host"));
		} else {
			if (gethostname(hn, sizeof(hn)) != 0)
				snprintf(hn, sizeof(hn), "localhost");
			hn[sizeof(hn) - 1] = '\0';
			if ((dot = strchr(hn, '.')) != NULL)
				*dot = '\0';
			s->host = xstrdup(hn);
		}
		s->passwd = conf_path(c, sec, "passwd_file");
		if (s->passwd == NULL)
			s->passwd = xstrdup("/etc/passwd");
		s->group = conf_path(c, sec, "group_file");
		if (s->group == NULL)
			s->group = xstrdup("/etc/group");
		s->wtmp = conf_path(c, sec, "wtmp");
		s->log = conf_path(c, sec, "sudo_log");
	}
	if ((rc = source_load_catalog(c, &s->cat, e)) != 0)
		goto out;
	*state = s;
	s = NULL;
out:
	sudoers_close(s);
	return rc;
}

static void
sudoers_close(void *state)
{
	struct ssrc *s = state;

	if (s == NULL)
		return;
	free(s->path);
	free(s->host);
	free(s->root);
	free(s->passwd);
	free(s->group);
	free(s->wtmp);
	free(s->log);
	catalog_free(s->cat);
	free(s);
}

static int
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every host of the collected tree, in name order. */
static int
pull_fleet(struct ssrc *s, struct sink *sink, struct err *e)
{
	static const char *const lognames[] = { "var/log/auth.log",
		"var/log/auth.log.1", "var/log/secure", "var/log/secure.1",
		"var/log/sudo.log", "var/log/sudo.log.1", NULL };
	DIR *d;
	struct dirent *de;
	char **hosts = NULL;
	size_t n = 0, i, k, nl;
	struct sb p[5];
	char *logs[8];
	int rc = 0;

	if ((d = opendir(s->root)) == NULL)
		return err_set(e, PARC_ESOURCE, "%s: %s", s->root,
		    strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		hosts = xrealloc(hosts, (n + 1) * sizeof(*hosts));
		hosts[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(hosts, n, sizeof(*hosts), namecmp);
	for (k = 0; k < 5; k++)
		sb_init(&p[k]);
	for (i = 0; i < n && rc == 0; i++) {
		struct sudoers_host_files f = { 0 };

		for (k = 0; k < 5; k++)
			sb_reset(&p[k]);
		sb_addf(&p[0], "%s/%s", s->root, hosts[i]);
		sb_addf(&p[1], "%s/etc/sudoers", p[0].buf);
		if (!exists(p[1].buf))
			continue;
		sb_addf(&p[2], "%s/etc/passwd", p[0].buf);
		sb_addf(&p[3], "%s/etc/group", p[0].buf);
		sb_addf(&p[4], "%s/var/log/wtmp", p[0].buf);
		f.host = hosts[i];
		f.sudoers = p[1].buf;
		f.root = p[0].buf;
		f.passwd = exists(p[2].buf) ? p[2].buf : NULL;
		f.group = exists(p[3].buf) ? p[3].buf : NULL;
		f.wtmp = exists(p[4].buf) ? p[4].buf : NULL;
		nl = 0;
		for (k = 0; lognames[k] != NULL; k++) {
			struct sb lp = SB_INIT;

			sb_addf(&lp, "%s/%s", p[0].buf, lognames[k]);
			if (exists(lp.buf))
				logs[nl++] = sb_detach(&lp);
			sb_release(&lp);
		}
		logs[nl] = NULL;
		f.logs = (const char *const *)logs;
		rc = sudoers_pull_host(sink, s->cat, &f, e);
		for (k = 0; k < nl; k++)
			free(logs[k]);
	}
	for (k = 0; k < 5; k++)
		sb_release(&p[k]);
	for (i = 0; i < n; i++)
		free(hosts[i]);
	free(hosts);
	return rc;
}

static int
sudoers_pull(void *state, struct sink *sink, struct err *e)
{
	struct ssrc *s = state;
	struct sudoers_host_files f = { 0 };
	const char *logs[2] = { s->log, NULL };

	if (s->root != NULL)
		return pull_fleet(s, sink, e);
	f.host = s->host;
	f.sudoers = s->path;
	f.passwd = s->passwd;
	f.group = s->group;
	f.wtmp = s->wtmp;
	f.logs = logs;
	return sudoers_pull_host(sink, s->cat, &f, e);
}

const struct source_ops sudoers_ops = {
	.kind = "sudoers",
	.summary = "sudo rules of a host (sudoers with its includes) or of "
		   "a collected fleet",
	.keys = sudoers_keys,
	.open = sudoers_open,
	.pull = sudoers_pull,
	.close = sudoers_close,
};
