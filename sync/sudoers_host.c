/*
 * sudoers_host.c - a host's passwd, group, wtmp and sudo log lines; see
 * sudoers_host.h.
 */
#include <sys/stat.h>

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <utmp.h>

#include "lib/sb.h"
#include "sync/sudoers_host.h"

/* Split line at ':' into at most max fields; returns the count. */
static size_t
split(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line, *c;

	while (n < max) {
		f[n++] = p;
		if ((c = strchr(p, ':')) == NULL)
			break;
		*c = '\0';
		p = c + 1;
	}
	return n;
}

static int
parse_id(const char *s, long *out)
{
	char *ep;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &ep, 10);
	if (*ep != '\0' || errno != 0 || v > UINT32_MAX)
		return -1;
	*out = v;
	return 0;
}

static void
chomp(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

int
host_read_passwd(struct host_db *h, const char *path, struct err *e)
{
	FILE *fp;
	char *line = NULL, *f[8];
	size_t cap = 0, n;
	long uid, gid;
	int lineno = 0, rc = 0;
	struct host_account *a;

	if ((fp = fopen(path, "r")) == NULL)
		return err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
	while (getline(&line, &cap, fp) != -1) {
		lineno++;
		chomp(line);
		if (line[0] == '\0' || line[0] == '#')
			continue;
		/* NIS compat lines (+ and -) name no local account. */
		if (line[0] == '+' || line[0] == '-')
			continue;
		n = split(line, f, 8);
		if (n != 7 || parse_id(f[2], &uid) < 0 ||
		    parse_id(f[3], &gid) < 0 || f[0][0] == '\0') {
			rc = err_set(e, PARC_EDATA,
			    "%s:%d: not a passwd line (name:x:uid:gid:gecos:"
			    "home:shell)",
			    path, lineno);
			break;
		}
		h->accounts = xrealloc(h->accounts,
		    (h->naccounts + 1) * sizeof(*h->accounts));
		a = &h->accounts[h->naccounts++];
		memset(a, 0, sizeof(*a));
		a->name = xstrdup(f[0]);
		a->uid = uid;
		a->gid = gid;
		a->gecos = xstrdup(f[4]);
		a->home = xstrdup(f[5]);
		a->shell = xstrdup(f[6]);
	}
	free(line);
	fclose(fp);
	return rc;
}

int
host_read_group(struct host_db *h, const char *path, struct err *e)
{
	FILE *fp;
	char *line = NULL, *f[5], *p, *c;
	size_t cap = 0, n;
	long gid;
	int lineno = 0, rc = 0;
	struct host_group *g;

	if ((fp = fopen(path, "r")) == NULL)
		return err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
	while (getline(&line, &cap, fp) != -1) {
		lineno++;
		chomp(line);
		if (line[0] == '\0' || line[0] == '#' || line[0] == '+' ||
		    line[0] == '-')
			continue;
		n = split(line, f, 5);
		if (n != 4 || parse_id(f[2], &gid) < 0 || f[0][0] == '\0') {
			rc = err_set(e, PARC_EDATA,
			    "%s:%d: not a group line (name:x:gid:members)",
			    path, lineno);
			break;
		}
		h->groups =
		    xrealloc(h->groups, (h->ngroups + 1) * sizeof(*h->groups));
		g = &h->groups[h->ngroups++];
		memset(g, 0, sizeof(*g));
		g->name = xstrdup(f[0]);
		g->gid = gid;
		for (p = f[3]; *p != '\0'; p = c + 1) {
			c = strchr(p, ',');
			if (c != NULL)
				*c = '\0';
			if (*p != '\0') {
				g->members = xrealloc(g->members,
				    (g->nmembers + 1) * sizeof(char *));
				g->members[g->nmembers++] = xstrdup(p);
			}
			if (c == NULL)
				break;
		}
	}
	free(line);
	fclose(fp);
	return rc;
}

/* Add a copy of the n bytes at p to *v. */
static void
push(char ***v, size_t *n, const char *p, size_t len)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = strndup(p, len);
	if ((*v)[*n - 1] == NULL)
		abort();
}

/* Parse one logical netgroup line (its first physical one is lineno). */
static int
netgroup_line(struct host_db *h, const char *path, int lineno, char *text,
    struct err *e)
{
	struct host_netgroup *g;
	char *p = text, *f[3], *q, *c;
	size_t n, k;

	p += strspn(p, " \t");
	if (*p == '\0' || *p == '#')
		return 0;
	n = strcspn(p, " \t");
	h->netgroups =
	    xrealloc(h->netgroups, (h->nnetgroups + 1) * sizeof(*h->netgroups));
	g = &h->netgroups[h->nnetgroups++];
	memset(g, 0, sizeof(*g));
	g->name = strndup(p, n);
	if (g->name == NULL)
		abort();
	for (p += n; *(p += strspn(p, " \t")) != '\0';) {
		if (*p != '(') {
			n = strcspn(p, " \t");
			push(&g->subs, &g->nsubs, p, n);
			p += n;
			continue;
		}
		if ((c = strchr(p, ')')) == NULL)
			return err_set(e, PARC_EDATA,
			    "%s:%d: netgroup %s: a triple is not closed "
			    "(host,user,domain)",
			    path, lineno, g->name);
		*c = '\0';
		for (q = p + 1, k = 0; k < 3; k++) {
			f[k] = q;
			if ((q = strchr(q, ',')) == NULL)
				break;
			*q++ = '\0';
		}
		if (k != 2 || q != NULL)
			return err_set(e, PARC_EDATA,
			    "%s:%d: netgroup %s: a triple has three fields "
			    "(host,user,domain)",
			    path, lineno, g->name);
		q = f[1] + strspn(f[1], " \t");
		n = strcspn(q, " \t");
		push(&g->users, &g->nusers, q, n);
		q = f[0] + strspn(f[0], " \t");
		n = strcspn(q, " \t");
		push(&g->hosts, &g->nhosts, q, n);
		p = c + 1;
	}
	return 0;
}

int
host_read_netgroup(struct host_db *h, const char *path, struct err *e)
{
	FILE *fp;
	struct sb text = SB_INIT;
	char *line = NULL;
	size_t cap = 0, n;
	int lineno = 0, first = 0, rc = 0;

	if ((fp = fopen(path, "r")) == NULL)
		return err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
	h->have_netgroup = 1;
	while (rc == 0 && getline(&line, &cap, fp) != -1) {
		lineno++;
		chomp(line);
		if (text.len == 0)
			first = lineno;
		n = strlen(line);
		if (n > 0 && line[n - 1] == '\\') {
			line[n - 1] = ' ';
			sb_adds(&text, line);
			continue;
		}
		sb_adds(&text, line);
		rc = netgroup_line(h, path, first, text.buf, e);
		sb_reset(&text);
	}
	if (rc == 0 && text.len > 0)
		rc = netgroup_line(h, path, first, text.buf, e);
	free(line);
	sb_release(&text);
	fclose(fp);
	return rc;
}

const struct host_netgroup *
host_netgroup(const struct host_db *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->nnetgroups; i++)
		if (strcmp(h->netgroups[i].name, name) == 0)
			return &h->netgroups[i];
	return NULL;
}

/*
 * Walk netgroup name and what it includes, each netgroup once (seen has
 * a flag per netgroup of h), so a cycle or a diamond of includes costs
 * no more than the file's size: 1 when user is in it (see
 * host_in_netgroup()); fn, when set, gets every user named.
 */
static int
walk_netgroup(const struct host_db *h, const char *name, const char *user,
    void (*fn)(const char *, void *), void *arg, char *seen)
{
	const struct host_netgroup *g = host_netgroup(h, name);
	size_t i;

	if (g == NULL || seen[g - h->netgroups])
		return 0;
	seen[g - h->netgroups] = 1;
	for (i = 0; i < g->nusers; i++) {
		if (fn != NULL) {
			if (g->users[i][0] != '\0' &&
			    strcmp(g->users[i], "-") != 0)
				fn(g->users[i], arg);
		} else if (g->users[i][0] == '\0' ||
		    (user != NULL && strcmp(g->users[i], user) == 0)) {
			return 1;
		}
	}
	for (i = 0; i < g->nsubs; i++)
		if (walk_netgroup(h, g->subs[i], user, fn, arg, seen))
			return 1;
	return 0;
}

static int
walk_hosts(const struct host_db *h, const char *name, const char *host,
    char *seen)
{
	const struct host_netgroup *g = host_netgroup(h, name);
	size_t i, n = strlen(host);

	if (g == NULL || seen[g - h->netgroups])
		return 0;
	seen[g - h->netgroups] = 1;
	for (i = 0; i < g->nhosts; i++)
		if (g->hosts[i][0] == '\0' ||
		    strcasecmp(g->hosts[i], host) == 0 ||
		    (strncasecmp(g->hosts[i], host, n) == 0 &&
			g->hosts[i][n] == '.'))
			return 1;
	for (i = 0; i < g->nsubs; i++)
		if (walk_hosts(h, g->subs[i], host, seen))
			return 1;
	return 0;
}

int
host_netgroup_has_host(const struct host_db *h, const char *name,
    const char *host)
{
	char *seen = xcalloc(h->nnetgroups + 1, 1);
	int r = walk_hosts(h, name, host, seen);

	free(seen);
	return r;
}

int
host_in_netgroup(const struct host_db *h, const char *name, const char *user)
{
	char *seen = xcalloc(h->nnetgroups + 1, 1);
	int r = walk_netgroup(h, name, user, NULL, NULL, seen);

	free(seen);
	return r;
}

void
host_netgroup_users(const struct host_db *h, const char *name,
    void (*fn)(const char *user, void *arg), void *arg)
{
	char *seen = xcalloc(h->nnetgroups + 1, 1);

	walk_netgroup(h, name, NULL, fn, arg, seen);
	free(seen);
}

int
host_read_wtmp(struct host_db *h, const char *path, struct err *e)
{
	FILE *fp;
	struct utmp u;
	struct stat st;
	char name[sizeof(u.ut_user) + 1];
	size_t i;
	int rc = 0;

	if ((fp = fopen(path, "rb")) == NULL)
		return err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fileno(fp), &st) == 0 &&
	    (size_t)st.st_size % sizeof(struct utmp) != 0) {
		fclose(fp);
		return err_set(e, PARC_EDATA,
		    "%s: %lld bytes is not a whole number of utmp records "
		    "(%zu bytes each)",
		    path, (long long)st.st_size, sizeof(struct utmp));
	}
	while (fread(&u, sizeof(u), 1, fp) == 1) {
		if (u.ut_type != USER_PROCESS)
			continue;
		memcpy(name, u.ut_user, sizeof(u.ut_user));
		name[sizeof(u.ut_user)] = '\0';
		for (i = 0; i < h->naccounts; i++) {
			if (strcmp(h->accounts[i].name, name) == 0 &&
			    (time_t)u.ut_tv.tv_sec > h->accounts[i].last_login)
				h->accounts[i].last_login =
				    (time_t)u.ut_tv.tv_sec;
		}
	}
	if (ferror(fp))
		rc = err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
	fclose(fp);
	return rc;
}

/* "2026-11-20T10:00:00[.frac][Z|+hh:mm]" at the start of s. */
static int
iso_stamp(const char *s, time_t *out)
{
	struct tm tm;
	const char *p;
	int off = 0, sign;

	memset(&tm, 0, sizeof(tm));
	p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (p == NULL)
		return -1;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (strlen(p) < 6 || p[3] != ':')
			return -1;
		off = sign *
		    (((p[1] - '0') * 10 + (p[2] - '0')) * 3600 +
			((p[4] - '0') * 10 + (p[5] - '0')) * 60);
	}
	*out = timegm(&tm) - off;
	return 0;
}

/* "Nov 20 10:00:00" at the start of s, in the year given. */
static int
classic_stamp(const char *s, int year, int mon_now, time_t *out)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (strptime(s, "%b %d %H:%M:%S", &tm) == NULL)
		return -1;
	tm.tm_year = year - 1900;
	if (tm.tm_mon > mon_now)
		tm.tm_year--;
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	return 0;
}

/* The value of "KEY=" in a sudo log line, up to " ; " or the end. */
static char *
field(const char *s, const char *key)
{
	const char *p = strstr(s, key), *end;

	if (p == NULL)
		return NULL;
	p += strlen(key);
	end = strstr(p, " ; ");
	if (end == NULL || strcmp(key, "COMMAND=") == 0)
		end = p + strlen(p);
	return strndup(p, (size_t)(end - p));
}

/* Add one accepted command to h. */
static void
add_use(struct host_db *h, char *user, char *runas, char *command, time_t when)
{
	struct host_sudo_use *u;

	h->uses = xrealloc(h->uses, (h->nuses + 1) * sizeof(*h->uses));
	u = &h->uses[h->nuses++];
	u->user = user;
	u->runas = runas != NULL ? runas : xstrdup("root");
	u->command = command != NULL ? command : xstrdup("");
	u->when = when;
}

/*
 * sudo's JSON event, one a line (log_format=json): {"accept": {...}} in
 * its log file, or "@cee:{"sudo": {"accept": {...}}}" in syslog. A reject
 * is no use. Returns 1 when the line was such an event.
 */
static int
json_use(struct host_db *h, const char *line)
{
	const char *brace = strchr(line, '{');
	json_t *root, *o, *a, *t, *argv;
	json_error_t jerr;
	struct sb cmd = SB_INIT;
	const char *user, *runas, *command;
	time_t when = 0;
	size_t i;

	if (brace == NULL || strstr(brace, "\"accept\"") == NULL)
		return 0;
	if ((root = json_loads(brace, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		return 0;
	o = json_object_get(root, "sudo");
	a = json_object_get(o != NULL ? o : root, "accept");
	user = json_string_value(json_object_get(a, "submituser"));
	runas = json_string_value(json_object_get(a, "runuser"));
	command = json_string_value(json_object_get(a, "command"));
	t = json_object_get(json_object_get(a, "submit_time"), "seconds");
	if (json_is_integer(t))
		when = (time_t)json_integer_value(t);
	else if (json_is_string(t))
		when = (time_t)strtoll(json_string_value(t), NULL, 10);
	if (user == NULL || command == NULL || when == 0) {
		json_decref(root);
		return 1;
	}
	sb_adds(&cmd, command);
	argv = json_object_get(a, "runargv");
	for (i = 1; json_is_array(argv) && i < json_array_size(argv); i++) {
		const char *arg = json_string_value(json_array_get(argv, i));

		if (arg != NULL) {
			sb_addc(&cmd, ' ');
			sb_adds(&cmd, arg);
		}
	}
	add_use(h, xstrdup(user), runas ? xstrdup(runas) : NULL,
	    sb_detach(&cmd), when);
	sb_release(&cmd);
	json_decref(root);
	return 1;
}

/* The most of one multi-line JSON event kept: a bigger one is skipped. */
#define JSON_EVENT_MAX (1024 * 1024)

/* How much deeper line leaves the JSON braces (strings skipped). */
static int
brace_depth(const char *line, int *in_str)
{
	int d = 0;

	for (; *line; line++) {
		if (*in_str) {
			if (*line == '\\' && line[1] != '\0')
				line++;
			else if (*line == '"')
				*in_str = 0;
		} else if (*line == '"') {
			*in_str = 1;
		} else if (*line == '{') {
			d++;
		} else if (*line == '}') {
			d--;
		}
	}
	return d;
}

/*
 * One line of sudo's JSON log file, which log_format=json writes as one
 * object across many lines, an event per key ("{", then "    "accept":
 * {", its members, "    },", ... "}"). An event is gathered from its key
 * to its closing brace and read as {"accept": {...}}. Returns 1 when the
 * line belonged to such an event.
 */
static int
json_file_line(struct host_db *h, const char *line, struct sb *ev, int *depth,
    int *in_str)
{
	const char *p = line;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*depth == 0) {
		/* an event's key opens an object on its line: "accept": { */
		if (*p != '"' || strstr(p, "\": {") == NULL)
			return 0;
		*in_str = 0;
		if ((*depth = brace_depth(p, in_str)) <= 0) {
			*depth = 0;
			return 0;
		}
		sb_reset(ev);
		sb_addc(ev, '{');
		sb_adds(ev, p);
		return 1;
	}
	*depth += brace_depth(line, in_str);
	if (ev->len < JSON_EVENT_MAX) {
		sb_addc(ev, '\n');
		sb_adds(ev, line);
	}
	if (*depth > 0)
		return 1;
	*depth = 0;
	while (ev->len > 0 &&
	    (ev->buf[ev->len - 1] == ',' || ev->buf[ev->len - 1] == ' ' ||
		ev->buf[ev->len - 1] == '\t'))
		ev->buf[--ev->len] = '\0';
	sb_addc(ev, '}');
	if (ev->len <= JSON_EVENT_MAX)
		json_use(h, ev->buf);
	return 1;
}

int
host_read_sudo_log(struct host_db *h, const char *path, struct err *e)
{
	FILE *fp;
	struct stat st;
	struct tm now;
	struct sb ev = SB_INIT;
	char *line = NULL, *p, *q, *user;
	size_t cap = 0;
	time_t when, mt;
	int depth = 0, in_str = 0;

	if ((fp = fopen(path, "r")) == NULL)
		return err_set(e, PARC_EIO, "%s: %s", path, strerror(errno));
	mt = fstat(fileno(fp), &st) == 0 ? st.st_mtime : time(NULL);
	localtime_r(&mt, &now);
	while (getline(&line, &cap, fp) != -1) {
		chomp(line);
		if (json_file_line(h, line, &ev, &depth, &in_str) ||
		    json_use(h, line))
			continue;
		/* "sudo: " or "sudo[123]: " then "USER : TTY=" */
		if ((p = strstr(line, " sudo: ")) != NULL)
			p += 7;
		else if ((p = strstr(line, " sudo[")) != NULL &&
		    (q = strstr(p, "]: ")) != NULL)
			p = q + 3;
		else
			continue;
		while (*p == ' ')
			p++;
		if ((q = strstr(p, " : ")) == NULL)
			continue;
		/* A refusal has a reason before TTY=; an accept does not. */
		if (strncmp(q + 3, "TTY=", 4) != 0)
			continue;
		if (strstr(q, "COMMAND=") == NULL)
			continue;
		if (iso_stamp(line, &when) < 0 &&
		    classic_stamp(line, now.tm_year + 1900, now.tm_mon, &when) <
			0)
			continue;
		user = strndup(p, (size_t)(q - p));
		if (user == NULL)
			abort();
		add_use(h, user, field(q, "USER="), field(q, "COMMAND="), when);
	}
	free(line);
	sb_release(&ev);
	fclose(fp);
	(void)e;
	return 0;
}

const struct host_account *
host_account(const struct host_db *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->naccounts; i++)
		if (strcmp(h->accounts[i].name, name) == 0)
			return &h->accounts[i];
	return NULL;
}

const struct host_account *
host_account_uid(const struct host_db *h, long uid)
{
	size_t i;

	for (i = 0; i < h->naccounts; i++)
		if (h->accounts[i].uid == uid)
			return &h->accounts[i];
	return NULL;
}

const struct host_group *
host_group(const struct host_db *h, const char *name, long gid)
{
	size_t i;

	for (i = 0; i < h->ngroups; i++)
		if (name != NULL ? strcmp(h->groups[i].name, name) == 0
				 : h->groups[i].gid == gid)
			return &h->groups[i];
	return NULL;
}

int
host_in_group(const struct host_db *h, const struct host_account *a,
    const struct host_group *g)
{
	size_t i;

	(void)h;
	if (a->gid == g->gid)
		return 1;
	for (i = 0; i < g->nmembers; i++)
		if (strcmp(g->members[i], a->name) == 0)
			return 1;
	return 0;
}

void
host_db_release(struct host_db *h)
{
	size_t i, j;

	for (i = 0; i < h->naccounts; i++) {
		free(h->accounts[i].name);
		free(h->accounts[i].gecos);
		free(h->accounts[i].home);
		free(h->accounts[i].shell);
	}
	free(h->accounts);
	for (i = 0; i < h->ngroups; i++) {
		free(h->groups[i].name);
		for (j = 0; j < h->groups[i].nmembers; j++)
			free(h->groups[i].members[j]);
		free(h->groups[i].members);
	}
	free(h->groups);
	for (i = 0; i < h->nuses; i++) {
		free(h->uses[i].user);
		free(h->uses[i].runas);
		free(h->uses[i].command);
	}
	free(h->uses);
	for (i = 0; i < h->nnetgroups; i++) {
		free(h->netgroups[i].name);
		for (j = 0; j < h->netgroups[i].nusers; j++)
			free(h->netgroups[i].users[j]);
		free(h->netgroups[i].users);
		for (j = 0; j < h->netgroups[i].nhosts; j++)
			free(h->netgroups[i].hosts[j]);
		free(h->netgroups[i].hosts);
		for (j = 0; j < h->netgroups[i].nsubs; j++)
			free(h->netgroups[i].subs[j]);
		free(h->netgroups[i].subs);
	}
	free(h->netgroups);
	memset(h, 0, sizeof(*h));
}
