/* config.c - parc.conf, read with inih, every value with its line. */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lib/config.h"
#include "lib/sb.h"

/* Keys the [parc] section accepts; later modules read them with conf_get. */
static const char *const parc_keys[] = {
	"database",
	"correlation_overrides",
	"catalog",
	/* finding thresholds and registers (db/finding.h) */
	"dormant_days",
	"dormant_days_ad",
	"dormant_days_ldif",
	"dormant_days_sudoers",
	"dormant_days_aws",
	"dormant_days_azure",
	"dormant_days_gcp",
	"grace_days",
	"password_max_days",
	"access_key_max_days",
	"tier0_max_holders",
	"global_admin_max",
	"shared_account_names",
	"shared_accounts",
	"break_glass_accounts",
	/* the key that signs the audit chain (lib/sign.h) */
	"signing_key",
	NULL,
};

/* The system-wide file; make install may name another (Makefile.in). */
#ifndef PARC_SYSCONF_FILE
#define PARC_SYSCONF_FILE "/etc/parc/parc.conf"
#endif

/* The parse state: inih calls our reader once per line, so it counts. */
struct parse {
	struct config *c;
	const char *name; /* file name for messages */
	FILE *fp;	  /* when reading a file */
	const char *text; /* when reading a string */
	int line;
	struct conf_section *cur; /* NULL before the first section */
	struct err *e;
	int failed;    /* e holds the first mistake we found ... */
	int fail_line; /* ... while reading this line (its key's line) */
};

static int
fail(struct parse *p, int line, const char *fmt, const char *a, const char *b)
{
	char msg[512];

	snprintf(msg, sizeof(msg), fmt, a, b ? b : "");
	err_set(p->e, PARC_ECONFIG, "%s:%d: %s", p->name, line, msg);
	p->failed = 1;
	p->fail_line = p->line;
	return 0;
}

/*
 * The end of the name in a "[name]" line, found as inih finds it: the first
 * ']', unless an inline comment (';' after a blank) comes first, which makes
 * the line a syntax error for inih and no header for us. NULL then.
 */
static const char *
header_end(const char *s)
{
	int was_space = 0;

	for (; *s != '\0' && *s != ']'; s++) {
		if (was_space && *s == ';')
			return NULL;
		was_space = isspace((unsigned char)*s);
	}
	return *s == ']' ? s : NULL;
}

/*
 * Open the section whose header, on the current line, names section (len
 * bytes, not terminated): the one place sections are checked, whether keys
 * follow or not. On a mistake p->failed is set.
 */
static void
section_open(struct parse *p, const char *section, size_t len)
{
	struct config *c = p->c;
	char *name = xmalloc(len + 1);
	const char *sname;
	size_t i;

	memcpy(name, section, len);
	name[len] = '\0';
	p->cur = NULL;
	if (!utf8_valid(name, len))
		fail(p, p->line, "not valid UTF-8%s%s", "", NULL);
	else if (strcmp(name, "parc") == 0) {
		if (c->parc.line != 0)
			fail(p, p->line, "[parc] appears twice%s%s", "", NULL);
		else {
			c->parc.line = p->line;
			p->cur = &c->parc;
		}
	} else if (strcmp(name, "mail") == 0) {
		/* parc tick's mail (tui/cli/tick_mail.c reads its keys) */
		if (c->mail.line != 0)
			fail(p, p->line, "[mail] appears twice%s%s", "", NULL);
		else {
			c->mail.line = p->line;
			c->mail.name = xstrdup("mail");
			p->cur = &c->mail;
		}
	} else if (strncmp(name, "source ", 7) == 0) {
		sname = name + 7;
		while (*sname == ' ')
			sname++;
		for (i = 0; i < c->nsources; i++)
			if (strcmp(c->sources[i].name, sname) == 0)
				break;
		if (*sname == '\0')
			fail(p, p->line, "[source] needs a name%s%s", "", NULL);
		else if (i < c->nsources)
			fail(p, p->line, "source '%s' is defined twice%s",
			    sname, NULL);
		else {
			c->sources = xrealloc(c->sources,
			    (c->nsources + 1) * sizeof(*c->sources));
			p->cur = &c->sources[c->nsources++];
			memset(p->cur, 0, sizeof(*p->cur));
			p->cur->name = xstrdup(sname);
			p->cur->line = p->line;
		}
	} else
		fail(p, p->line, "unknown section [%s]%s", name, NULL);
	free(name);
}

/*
 * inih asks for one line at a time. Besides counting lines, we refuse a line
 * longer than inih's buffer (inih would cut it and read the rest as another
 * line: a truncated base DN, its tail taken for a key), strip leading white
 * space (parc has no multi-line values: an indented key is a key, not the
 * continuation of the previous value inih would make of it), and open each
 * section at its header. inih tells the handler about a section only with
 * its first key (the call on a new section is a compile-time option Debian's
 * libinih lacks), so a header with no keys under it would go unchecked: an
 * unknown section, a source without kind, a second [parc]. Opening here also
 * keeps two sections of the same name one after the other two sections.
 */
static char *
reader(char *str, int num, void *stream)
{
	struct parse *p = stream;
	size_t n, skip;
	const char *nl, *first, *end;
	char tail[41];
	int toolong = 0;

	if (p->failed)
		return NULL;
	if (p->fp != NULL) {
		if (fgets(str, num, p->fp) == NULL)
			return NULL;
		n = strlen(str);
		toolong = n > 0 && str[n - 1] != '\n' && getc(p->fp) != EOF;
	} else {
		if (*p->text == '\0')
			return NULL;
		nl = strchr(p->text, '\n');
		n = nl ? (size_t)(nl - p->text) + 1 : strlen(p->text);
		if (n > (size_t)num - 1) {
			n = (size_t)num - 1;
			toolong = 1;
		}
		memcpy(str, p->text, n);
		str[n] = '\0';
		p->text += n;
	}
	p->line++;
	if (toolong) {
		err_set(p->e, PARC_ECONFIG,
		    "%s:%d: line is too long (the limit is %d characters)",
		    p->name, p->line, num - 2);
		p->failed = 1;
		p->fail_line = p->line;
		return NULL;
	}
	/* all that inih's isspace() skips, lest it see what we do not */
	skip = strspn(str, " \t\v\f\r");
	if (skip > 0)
		memmove(str, str + skip, strlen(str + skip) + 1);
	first = str;
	/* inih skips a UTF-8 byte order mark, then blanks */
	if (p->line == 1 && strncmp(first, "\xef\xbb\xbf", 3) == 0)
		first += 3 + strspn(first + 3, " \t\v\f\r");
	if (*first == '[' && (end = header_end(first + 1)) != NULL) {
		section_open(p, first + 1, (size_t)(end - first - 1));
		if (p->failed)
			return NULL;
		/* inih ignores what follows ']': only a comment may */
		end += 1 + strspn(end + 1, " \t\v\f\r\n");
		if (*end != '\0' && *end != ';' && *end != '#') {
			/* cut to fit, never inside a UTF-8 character */
			n = strcspn(end, "\r\n");
			if (n > sizeof(tail) - 1) {
				n = sizeof(tail) - 1;
				while (n > 0 &&
				    ((unsigned char)end[n] & 0xc0) == 0x80)
					n--;
			}
			snprintf(tail, sizeof(tail), "%.*s", (int)n, end);
			fail(p, p->line,
			    "text after the section header: '%s'%s", tail,
			    NULL);
			return NULL;
		}
	}
	return str;
}

const char *
conf_where(const struct config *c, int line, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%d", c->path ? c->path : "(config)", line);
	return buf;
}

static void
section_add(struct conf_section *sec, const char *key, const char *value,
    int line)
{
	sec->kv = xrealloc(sec->kv, (sec->nkv + 1) * sizeof(*sec->kv));
	sec->kv[sec->nkv].key = xstrdup(key);
	sec->kv[sec->nkv].value = xstrdup(value);
	sec->kv[sec->nkv].line = line;
	sec->nkv++;
}

static int
handler(void *user, const char *section, const char *name, const char *value)
{
	struct parse *p = user;
	struct config *c = p->c;
	size_t i;

	(void)section; /* the reader opened it at its header (p->cur) */
	if (p->failed)
		return 0;
	if (name == NULL) /* a section header alone */
		return 1;
	if (!utf8_valid(name, strlen(name)) ||
	    !utf8_valid(value, strlen(value)))
		return fail(p, p->line, "not valid UTF-8%s%s", "", NULL);
	if (p->cur == NULL)
		return fail(p, p->line, "'%s' is outside any section%s", name,
		    NULL);
	if (*value == '\0')
		return fail(p, p->line, "key '%s' has no value%s", name, NULL);
	if (conf_get(p->cur, name) != NULL)
		return fail(p, p->line,
		    "key '%s' is set twice in this section%s", name, NULL);
	if (p->cur == &c->parc) {
		for (i = 0; parc_keys[i] != NULL; i++)
			if (strcmp(parc_keys[i], name) == 0)
				break;
		if (parc_keys[i] == NULL)
			return fail(p, p->line, "[parc] unknown key '%s'%s",
			    name, NULL);
	}
	section_add(p->cur, name, value, p->line);
	return 1;
}

static int
finish(struct parse *p, int rc)
{
	struct config *c = p->c;
	size_t i;

	/*
	 * inih goes on after a syntax error (rc is its line): report whichever
	 * mistake comes first, since a later one may only follow from it (keys
	 * under a broken "[source x" header land in the previous section).
	 */
	if (p->failed && (rc <= 0 || p->fail_line <= rc))
		return p->e ? p->e->code : PARC_ECONFIG;
	if (rc < 0)
		return err_set(p->e, PARC_EIO, "%s: cannot read", p->name);
	if (rc > 0)
		return err_set(p->e, PARC_ECONFIG,
		    "%s:%d: syntax error (expected [section] or key = value)",
		    p->name, rc);
	for (i = 0; i < c->nsources; i++)
		if (conf_get(&c->sources[i], "kind") == NULL)
			return err_set(p->e, PARC_ECONFIG,
			    "%s:%d: [source %s] has no kind", p->name,
			    c->sources[i].line, c->sources[i].name);
	return 0;
}

static struct config *
config_new(const char *path)
{
	struct config *c = xcalloc(1, sizeof(*c));
	const char *slash;

	c->parc.name = xstrdup("parc");
	if (path != NULL) {
		c->path = xstrdup(path);
		slash = strrchr(path, '/');
		if (slash == NULL)
			c->dir = xstrdup(".");
		else if (slash == path)
			c->dir = xstrdup("/");
		else {
			c->dir = xstrdup(path);
			c->dir[slash - path] = '\0';
		}
	} else
		c->dir = xstrdup(".");
	return c;
}

int
config_parse_string(struct config **out, const char *name, const char *text,
    struct err *e)
{
	struct parse p = { 0 };
	int rc;

	*out = NULL;
	p.c = config_new(name);
	p.name = name;
	p.text = text;
	p.e = e;
	rc = finish(&p, ini_parse_stream(reader, &p, handler, &p));
	if (rc != 0) {
		config_free(p.c);
		return rc;
	}
	*out = p.c;
	return 0;
}

static int
parse_file(struct config **out, const char *path, struct err *e)
{
	struct parse p = { 0 };
	int rc;

	*out = NULL;
	p.fp = fopen(path, "r");
	if (p.fp == NULL)
		return err_set(e, PARC_ECONFIG, "%s: %s", path,
		    strerror(errno));
	p.c = config_new(path);
	p.name = path;
	p.e = e;
	rc = finish(&p, ini_parse_stream(reader, &p, handler, &p));
	fclose(p.fp);
	if (rc != 0) {
		config_free(p.c);
		return rc;
	}
	*out = p.c;
	return 0;
}

int
config_load(struct config **out, const char *path, struct err *e)
{
	struct sb sb = SB_INIT;
	const char *env, *home;
	int rc;

	if (path != NULL)
		return parse_file(out, path, e);
	env = getenv("PARC_CONFIG");
	if (env != NULL && *env != '\0')
		return parse_file(out, env, e);
	env = getenv("XDG_CONFIG_HOME");
	home = getenv("HOME");
	if (env != NULL && *env == '/')
		sb_addf(&sb, "%s/parc/parc.conf", env);
	else if (home != NULL && *home != '\0')
		sb_addf(&sb, "%s/.config/parc/parc.conf", home);
	if (sb.len > 0 && access(sb.buf, F_OK) == 0) {
		rc = parse_file(out, sb.buf, e);
		sb_release(&sb);
		return rc;
	}
	sb_release(&sb);
	return config_load_system(out, e);
}

int
config_load_system(struct config **out, struct err *e)
{
	struct stat st;

	if (stat(PARC_SYSCONF_FILE, &st) == 0)
		return parse_file(out, PARC_SYSCONF_FILE, e);
	*out = config_new(NULL);
	return 0;
}

const char *
config_system_path(void)
{
	return PARC_SYSCONF_FILE;
}

static void
section_release(struct conf_section *sec)
{
	size_t i;

	for (i = 0; i < sec->nkv; i++) {
		free(sec->kv[i].key);
		free(sec->kv[i].value);
	}
	free(sec->kv);
	free(sec->name);
}

void
config_free(struct config *c)
{
	size_t i;

	if (c == NULL)
		return;
	section_release(&c->parc);
	section_release(&c->mail);
	for (i = 0; i < c->nsources; i++)
		section_release(&c->sources[i]);
	free(c->sources);
	free(c->path);
	free(c->dir);
	free(c);
}

const struct conf_section *
config_source(const struct config *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nsources; i++)
		if (strcmp(c->sources[i].name, name) == 0)
			return &c->sources[i];
	return NULL;
}

static const struct conf_kv *
find(const struct conf_section *sec, const char *key)
{
	size_t i;

	for (i = 0; i < sec->nkv; i++)
		if (strcmp(sec->kv[i].key, key) == 0)
			return &sec->kv[i];
	return NULL;
}

const char *
conf_get(const struct conf_section *sec, const char *key)
{
	const struct conf_kv *kv = find(sec, key);

	return kv ? kv->value : NULL;
}

int
conf_line(const struct conf_section *sec, const char *key)
{
	const struct conf_kv *kv = find(sec, key);

	return kv ? kv->line : sec->line;
}

static const char *
secname(const struct config *c, const struct conf_section *sec, char *buf,
    size_t len)
{
	if (sec == &c->parc)
		snprintf(buf, len, "[parc]");
	else if (sec == &c->mail)
		snprintf(buf, len, "[mail]");
	else
		snprintf(buf, len, "[source %s]", sec->name);
	return buf;
}

int
conf_check_keys(const struct config *c, const struct conf_section *sec,
    const char *const *known, struct err *e)
{
	char where[PATH_MAX + 32], sn[256];
	size_t i, j;

	for (i = 0; i < sec->nkv; i++) {
		if (strcmp(sec->kv[i].key, "kind") == 0)
			continue;
		for (j = 0; known != NULL && known[j] != NULL; j++)
			if (strcmp(known[j], sec->kv[i].key) == 0)
				break;
		if (known == NULL || known[j] == NULL)
			return err_set(e, PARC_ECONFIG,
			    "%s: %s unknown key '%s'%s%s",
			    conf_where(c, sec->kv[i].line, where,
				sizeof(where)),
			    secname(c, sec, sn, sizeof(sn)), sec->kv[i].key,
			    sec == &c->mail ? "" : " for kind ",
			    sec == &c->mail		? ""
				: conf_get(sec, "kind") ? conf_get(sec, "kind")
							: "?");
	}
	return 0;
}

int
conf_bool(const struct config *c, const struct conf_section *sec,
    const char *key, int *out, struct err *e)
{
	static const char *const yes[] = { "yes", "true", "on", "1", NULL };
	static const char *const no[] = { "no", "false", "off", "0", NULL };
	const char *v = conf_get(sec, key);
	char where[PATH_MAX + 32];
	int i;

	if (v == NULL)
		return 0;
	for (i = 0; yes[i] != NULL; i++)
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
	for (i = 0; no[i] != NULL; i++)
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	return err_set(e, PARC_ECONFIG, "%s: %s must be yes or no, not '%s'",
	    conf_where(c, conf_line(sec, key), where, sizeof(where)), key, v);
}

int
conf_int(const struct config *c, const struct conf_section *sec,
    const char *key, long min, long max, long *out, struct err *e)
{
	const char *v = conf_get(sec, key);
	char where[PATH_MAX + 32], *end;
	long n;

	if (v == NULL)
		return 0;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < min || n > max)
		return err_set(e, PARC_ECONFIG,
		    "%s: %s must be a whole number from %ld to %ld, not '%s'",
		    conf_where(c, conf_line(sec, key), where, sizeof(where)),
		    key, min, max, v);
	*out = n;
	return 0;
}

char *
conf_path(const struct config *c, const struct conf_section *sec,
    const char *key)
{
	const char *v = conf_get(sec, key);
	struct sb sb = SB_INIT;

	if (v == NULL)
		return NULL;
	if (v[0] == '/' || strcmp(c->dir, ".") == 0)
		return xstrdup(v);
	sb_addf(&sb, "%s%s%s", c->dir, strcmp(c->dir, "/") == 0 ? "" : "/", v);
	return sb_detach(&sb);
}

/* Strip one trailing newline (and CR) from s. */
static void
chomp(char *s)
{
	size_t n = strlen(s);

	if (n > 0 && s[n - 1] == '\n')
		s[--n] = '\0';
	if (n > 0 && s[n - 1] == '\r')
		s[--n] = '\0';
}

/*
 * May path be trusted with a secret, or with a command parc runs? As ssh
 * and sudo judge their files: it and every folder above it owned by this
 * user or root, none writable by group or others (a folder with the
 * sticky bit, as /tmp, excepted: no one else can replace what is in it).
 * 0, or PARC_ECONFIG with "WHERE: WHAT PATH: refused: why".
 */
static int
trusted_path(const char *path, const char *what, const char *where,
    struct err *e)
{
	struct stat st;
	char *p = xstrdup(path), *slash;
	uid_t me = geteuid();
	int rc = 0, file = 1;

	for (;;) {
		if (lstat(*p ? p : "/", &st) != 0) {
			rc = err_set(e, PARC_ECONFIG, "%s: %s %s: %s", where,
			    what, *p ? p : "/", strerror(errno));
			break;
		}
		if (st.st_uid != me && st.st_uid != 0) {
			rc = err_set(e, PARC_ECONFIG,
			    "%s: %s %s: refused: %s is owned by uid %u, not "
			    "by uid %u or root",
			    where, what, path, *p ? p : "/",
			    (unsigned)st.st_uid, (unsigned)me);
			break;
		}
		if ((st.st_mode & 022) != 0 &&
		    !(S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX)) &&
		    !S_ISLNK(st.st_mode)) {
			rc = err_set(e, PARC_ECONFIG,
			    "%s: %s %s: refused: %s%s has mode %04o, writable "
			    "by others (chmod go-w %s)",
			    where, what, path, file ? "" : "its folder ",
			    *p ? p : "/", (unsigned)(st.st_mode & 07777),
			    *p ? p : "/");
			break;
		}
		if (*p == '\0' || strcmp(p, ".") == 0)
			break;
		if ((slash = strrchr(p, '/')) == NULL) {
			/* a relative path: its folders are those of "." */
			char *cwd = getcwd(NULL, 0);

			free(p);
			if (cwd == NULL)
				return err_set(e, PARC_ECONFIG, "%s: %s %s: %s",
				    where, what, path, strerror(errno));
			p = cwd;
		} else {
			*slash = '\0';
		}
		file = 0;
	}
	free(p);
	return rc;
}

static int
secret_file(const char *path, const char *where, char **out, struct err *e)
{
	struct stat st;
	char buf[4096];
	ssize_t n;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, PARC_ECONFIG, "%s: password file %s: %s",
		    where, path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = err_set(e, PARC_ECONFIG,
		    "%s: password file %s is not a regular file", where, path);
		goto out;
	}
	if ((st.st_mode & 077) != 0) {
		rc = err_set(e, PARC_ECONFIG,
		    "%s: password file %s has mode %04o; it must be 0600 or "
		    "stricter (chmod 600 %s)",
		    where, path, (unsigned)(st.st_mode & 07777), path);
		goto out;
	}
	/* Another user's file, or one in a folder others may write. */
	if ((rc = trusted_path(path, "password file", where, e)) != 0)
		goto out;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0) {
		rc = err_set(e, PARC_ECONFIG, "%s: password file %s: %s", where,
		    path, strerror(errno));
		goto out;
	}
	buf[n] = '\0';
	/* Only the first line counts; cut there, then drop its CR (CRLF). */
	if (strchr(buf, '\n') != NULL)
		*strchr(buf, '\n') = '\0';
	chomp(buf);
	*out = xstrdup(buf);
out:
	explicit_bzero(buf, sizeof(buf));
	close(fd);
	return rc;
}

/*
 * What a password_command's environment keeps of parc's: where programs
 * and the user's files are, the locale and time zone. Everything else
 * (another source's password_env, cloud keys) stays out; a command that
 * needs more sets it itself ("VAULT_ADDR=... vault kv get ...").
 */
static const char *const command_env[] = { "PATH", "HOME", "USER", "LOGNAME",
	"SHELL", "LANG", "LANGUAGE", "TZ", "TMPDIR", NULL };

static char **
scrubbed_env(void)
{
	extern char **environ;
	char **env = NULL;
	size_t n = 0, i, k, len;

	for (i = 0; environ[i] != NULL; i++) {
		for (k = 0; command_env[k] != NULL; k++) {
			len = strlen(command_env[k]);
			if (strncmp(environ[i], command_env[k], len) == 0 &&
			    environ[i][len] == '=')
				break;
		}
		if (command_env[k] == NULL &&
		    strncmp(environ[i], "LC_", 3) != 0)
			continue;
		env = xrealloc(env, (n + 2) * sizeof(*env));
		env[n++] = environ[i];
	}
	env = xrealloc(env, (n + 1) * sizeof(*env));
	env[n] = NULL;
	return env;
}

/*
 * Read the command's stdout into out and its stderr into errs, both to
 * their end (kept up to 64 KB and 2 KB), neither pipe left to fill up.
 */
static void
drain(int fo, int fe, struct sb *out, struct sb *errs)
{
	struct pollfd p[2] = { { .fd = fo, .events = POLLIN },
		{ .fd = fe, .events = POLLIN } };
	struct sb *to[2] = { out, errs };
	const size_t max[2] = { 65536, 2048 };
	char buf[4096];
	ssize_t n;
	int i, live = 2;

	while (live > 0) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < 2; i++) {
			if (p[i].fd < 0 || p[i].revents == 0)
				continue;
			n = read(p[i].fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				p[i].fd = -1;
				live--;
				continue;
			}
			if (to[i]->len < max[i])
				sb_add(to[i], buf,
				    (size_t)n < max[i] - to[i]->len
					? (size_t)n
					: max[i] - to[i]->len);
		}
	}
	explicit_bzero(buf, sizeof(buf));
}

/*
 * Run cmd with /bin/sh, stdin from /dev/null, in a scrubbed environment;
 * its first line of output is the secret. Its stderr is kept apart and,
 * when it fails, shown escaped in the error (its stdout, maybe the secret,
 * never is).
 */
static int
secret_command(const char *cmd, const char *where, char **out, struct err *e)
{
	struct sb sb = SB_INIT, errs = SB_INIT, shown = SB_INIT;
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 }, status = 0, rc = 0, fd;
	char **env;
	pid_t pid;

	if (pipe(po) != 0 || pipe(pe) != 0 ||
	    fcntl(po[0], F_SETFD, FD_CLOEXEC) != 0 ||
	    fcntl(pe[0], F_SETFD, FD_CLOEXEC) != 0) {
		rc = err_set(e, PARC_ECONFIG,
		    "%s: password_command could not start: %s", where,
		    strerror(errno));
		goto out;
	}
	env = scrubbed_env();
	pid = fork();
	if (pid == 0) {
		if ((fd = open("/dev/null", O_RDONLY)) >= 0)
			dup2(fd, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		execve("/bin/sh",
		    (char *const[]){ "sh", "-c", (char *)cmd, NULL }, env);
		_exit(127);
	}
	free(env);
	if (pid < 0) {
		rc = err_set(e, PARC_ECONFIG,
		    "%s: password_command could not start: %s", where,
		    strerror(errno));
		goto out;
	}
	close(po[1]);
	close(pe[1]);
	po[1] = pe[1] = -1;
	drain(po[0], pe[0], &sb, &errs);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		while (errs.len > 0 &&
		    (errs.buf[errs.len - 1] == '\n' ||
			errs.buf[errs.len - 1] == '\r'))
			errs.buf[--errs.len] = '\0';
		if (errs.len > 0) {
			sb_adds(&shown, ": ");
			sb_add_safe(&shown, errs.buf);
		}
		rc = err_set(e, PARC_ECONFIG,
		    "%s: password_command failed (exit status %d)%s", where,
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1, shown.buf);
		goto out;
	}
	if (memchr(sb.buf, '\n', sb.len) != NULL)
		*(char *)memchr(sb.buf, '\n', sb.len) = '\0';
	chomp(sb.buf);
	*out = xstrdup(sb.buf);
out:
	for (fd = 0; fd < 2; fd++) {
		if (po[fd] >= 0)
			close(po[fd]);
		if (pe[fd] >= 0)
			close(pe[fd]);
	}
	sb_wipe(&sb);
	sb_wipe(&errs);
	sb_release(&shown);
	return rc;
}

int
conf_secret(const struct config *c, const struct conf_section *sec,
    const char *prefix, char **out, struct err *e)
{
	char kf[64], ke[64], kc[64], where[PATH_MAX + 32], sn[256];
	const char *vf, *ve, *vc, *env;
	char *path;
	int nset, rc;

	*out = NULL;
	snprintf(kf, sizeof(kf), "%s_file", prefix);
	snprintf(ke, sizeof(ke), "%s_env", prefix);
	snprintf(kc, sizeof(kc), "%s_command", prefix);
	vf = conf_get(sec, kf);
	ve = conf_get(sec, ke);
	vc = conf_get(sec, kc);
	nset = (vf != NULL) + (ve != NULL) + (vc != NULL);
	if (nset != 1)
		return err_set(e, PARC_ECONFIG,
		    "%s: %s needs exactly one of %s, %s, %s",
		    conf_where(c, sec->line, where, sizeof(where)),
		    secname(c, sec, sn, sizeof(sn)), kf, ke, kc);
	if (vf != NULL) {
		conf_where(c, conf_line(sec, kf), where, sizeof(where));
		path = conf_path(c, sec, kf);
		rc = secret_file(path, where, out, e);
		free(path);
		return rc;
	}
	if (ve != NULL) {
		conf_where(c, conf_line(sec, ke), where, sizeof(where));
		env = getenv(ve);
		if (env == NULL || *env == '\0')
			return err_set(e, PARC_ECONFIG,
			    "%s: environment variable %s is not set", where,
			    ve);
		*out = xstrdup(env);
		return 0;
	}
	conf_where(c, conf_line(sec, kc), where, sizeof(where));
	/*
	 * parc runs the command, often as root: whoever may edit the file
	 * that names it must be this user or root, as sudo and ssh demand.
	 */
	if (c->path != NULL &&
	    (rc = trusted_path(c->path, "configuration", where, e)) != 0)
		return rc;
	return secret_command(vc, where, out, e);
}

void
conf_protect_process(void)
{
	struct rlimit rl = { 0, 0 };

	setrlimit(RLIMIT_CORE, &rl);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

void
conf_secret_free(char *secret)
{
	if (secret == NULL)
		return;
	explicit_bzero(secret, strlen(secret));
	free(secret);
}
