/*
 * test_config.c - parc.conf: what is read, and the "FILE:LINE: message"
 * a user sees for every mistake, secrets included (which must never show).
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/config.h"
#include "lib/sb.h"

/* A temporary folder per test, for config and password files. */
struct tmp {
	char dir[64];
	char conf[PATH_MAX];
};

static int
tmp_setup(void **state)
{
	struct tmp *t = xcalloc(1, sizeof(*t));

	snprintf(t->dir, sizeof(t->dir), "/tmp/parc-test-config.XXXXXX");
	if (mkdtemp(t->dir) == NULL) {
		free(t);
		return -1;
	}
	snprintf(t->conf, sizeof(t->conf), "%s/parc.conf", t->dir);
	*state = t;
	return 0;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
tmp_teardown(void **state)
{
	struct tmp *t = *state;
	int rc = nftw(t->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);

	free(t);
	return rc;
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, mode), 0);
}

/* Parse text that must be good. */
static struct config *
parse_ok(const char *name, const char *text)
{
	struct config *c = NULL;
	struct err e = ERR_INIT;

	if (config_parse_string(&c, name, text, &e) != 0)
		fail_msg("unexpected error: %s", e.msg);
	assert_non_null(c);
	return c;
}

/* Parse text that must fail with PARC_ECONFIG and exactly msg. */
static void
parse_fails(const char *text, const char *msg)
{
	struct config *c = (struct config *)1;
	struct err e = ERR_INIT;

	assert_int_equal(config_parse_string(&c, "parc.conf", text, &e),
	    PARC_ECONFIG);
	assert_int_equal(e.code, PARC_ECONFIG);
	assert_string_equal(e.msg, msg);
	assert_null(c);
}

/* ---- reading a good file ---- */

static const char good[] =
    "# parc.conf for the tests\n"		    /* 1 */
    "[parc]\n"					    /* 2 */
    "database = /var/lib/parc/parc.db\n"	    /* 3 */
    "catalog = site-catalog.tsv ; inline comment\n" /* 4 */
    "\n"					    /* 5 */
    "[source hr]\n"				    /* 6 */
    "kind = people\n"				    /* 7 */
    "path = people.csv\n"			    /* 8 */
    "\n"					    /* 9 */
    "[source corp]\n"				    /* 10 */
    "kind = ad\n"				    /* 11 */
    "uri = ldaps://dc1.corp.example:636\n"	    /* 12 */
    "base = OU=Admins,DC=corp,DC=example\n";	    /* 13 */

static void
test_good_config(void **state)
{
	struct config *c = parse_ok("/etc/parc/parc.conf", good);
	const struct conf_section *hr, *corp;

	(void)state;
	assert_string_equal(c->path, "/etc/parc/parc.conf");
	assert_string_equal(c->dir, "/etc/parc");
	assert_string_equal(c->parc.name, "parc");
	assert_int_equal(c->parc.line, 2);
	assert_int_equal(c->parc.nkv, 2);
	assert_string_equal(conf_get(&c->parc, "database"),
	    "/var/lib/parc/parc.db");
	assert_int_equal(conf_line(&c->parc, "database"), 3);
	/* inih drops the inline comment and the blanks around values */
	assert_string_equal(conf_get(&c->parc, "catalog"), "site-catalog.tsv");
	assert_int_equal(conf_line(&c->parc, "catalog"), 4);
	assert_null(conf_get(&c->parc, "correlation_overrides"));
	/* an unset key reports the section's line */
	assert_int_equal(conf_line(&c->parc, "correlation_overrides"), 2);

	assert_int_equal(c->nsources, 2);
	assert_string_equal(c->sources[0].name, "hr");
	assert_string_equal(c->sources[1].name, "corp");
	hr = config_source(c, "hr");
	corp = config_source(c, "corp");
	assert_ptr_equal(hr, &c->sources[0]);
	assert_ptr_equal(corp, &c->sources[1]);
	assert_null(config_source(c, "Corp"));
	assert_null(config_source(c, "parc"));

	assert_int_equal(hr->line, 6);
	assert_int_equal(hr->nkv, 2);
	assert_string_equal(conf_get(hr, "kind"), "people");
	assert_int_equal(conf_line(hr, "kind"), 7);
	assert_string_equal(conf_get(hr, "path"), "people.csv");
	assert_int_equal(conf_line(hr, "path"), 8);
	assert_null(conf_get(hr, "uri"));

	assert_int_equal(corp->line, 10);
	assert_int_equal(corp->nkv, 3);
	assert_string_equal(conf_get(corp, "kind"), "ad");
	/* ':' inside a value stays (it is inih's other separator) */
	assert_string_equal(conf_get(corp, "uri"),
	    "ldaps://dc1.corp.example:636");
	assert_int_equal(conf_line(corp, "uri"), 12);
	assert_string_equal(conf_get(corp, "base"),
	    "OU=Admins,DC=corp,DC=example");
	assert_int_equal(conf_line(corp, "base"), 13);
	config_free(c);
}

/* Indentation is layout: an indented key is a key, not a continuation. */
static void
test_indented_keys(void **state)
{
	struct config *c = parse_ok("parc.conf",
	    "[source corp]\n"
	    "    kind = ad\n"
	    "\turi = ldap://dc1\n"
	    "  [source hr]\n"
	    "  kind = people\n");
	const struct conf_section *corp, *hr;

	(void)state;
	assert_int_equal(c->nsources, 2);
	corp = config_source(c, "corp");
	assert_non_null(corp);
	assert_int_equal(corp->nkv, 2);
	assert_string_equal(conf_get(corp, "kind"), "ad");
	assert_string_equal(conf_get(corp, "uri"), "ldap://dc1");
	assert_int_equal(conf_line(corp, "uri"), 3);
	hr = config_source(c, "hr");
	assert_non_null(hr);
	assert_int_equal(hr->line, 4);
	assert_string_equal(conf_get(hr, "kind"), "people");
	config_free(c);
}

/* Files saved by Windows editors start with a byte order mark. */
static void
test_byte_order_mark(void **state)
{
	struct config *c = parse_ok("parc.conf",
	    "\xef\xbb\xbf[parc]\n"
	    "database = /tmp/x.db\n");

	(void)state;
	assert_int_equal(c->parc.line, 1);
	assert_string_equal(conf_get(&c->parc, "database"), "/tmp/x.db");
	config_free(c);
}

static void
test_no_sources(void **state)
{
	struct config *c = parse_ok("parc.conf", "# nothing yet\n\n");

	(void)state;
	assert_int_equal(c->nsources, 0);
	assert_int_equal(c->parc.nkv, 0);
	assert_string_equal(c->dir, ".");
	config_free(c);
}

/* ---- mistakes, each with its file, line and sentence ---- */

static void
test_key_outside_section(void **state)
{
	(void)state;
	parse_fails("# comment\n"
		    "database = /tmp/x.db\n"
		    "[parc]\n",
	    "parc.conf:2: 'database' is outside any section");
}

static void
test_unknown_section(void **state)
{
	(void)state;
	parse_fails("[parc]\n"
		    "database = /tmp/x.db\n"
		    "\n"
		    "[sources corp]\n"
		    "kind = ad\n",
	    "parc.conf:4: unknown section [sources corp]");
}

static void
test_source_without_name(void **state)
{
	(void)state;
	parse_fails("[source ]\n"
		    "kind = ad\n",
	    "parc.conf:1: [source] needs a name");
}

static void
test_unknown_parc_key(void **state)
{
	(void)state;
	parse_fails("[parc]\n"
		    "database = /tmp/x.db\n"
		    "databse = /tmp/y.db\n",
	    "parc.conf:3: [parc] unknown key 'databse'");
}

static void
test_duplicate_key(void **state)
{
	(void)state;
	parse_fails("[source corp]\n"
		    "kind = ad\n"
		    "uri = ldap://dc1\n"
		    "uri = ldap://dc2\n",
	    "parc.conf:4: key 'uri' is set twice in this section");
	parse_fails("[parc]\n"
		    "database = a.db\n"
		    "database = b.db\n",
	    "parc.conf:3: key 'database' is set twice in this section");
}

static void
test_empty_value(void **state)
{
	(void)state;
	parse_fails("[source corp]\n"
		    "kind = ad\n"
		    "uri =\n",
	    "parc.conf:3: key 'uri' has no value");
}

static void
test_duplicate_source(void **state)
{
	(void)state;
	/* with another section between them */
	parse_fails("[source corp]\n"
		    "kind = ad\n"
		    "[source hr]\n"
		    "kind = people\n"
		    "[source corp]\n"
		    "kind = ldif\n",
	    "parc.conf:5: source 'corp' is defined twice");
	/* one right after the other: still two sections, not one */
	parse_fails("[source corp]\n"
		    "kind = ad\n"
		    "\n"
		    "[source corp]\n"
		    "uri = ldap://dc2\n",
	    "parc.conf:4: source 'corp' is defined twice");
}

static void
test_parc_twice(void **state)
{
	(void)state;
	parse_fails("[parc]\n"
		    "database = a.db\n"
		    "[source hr]\n"
		    "kind = people\n"
		    "[parc]\n"
		    "catalog = c.tsv\n",
	    "parc.conf:5: [parc] appears twice");
	parse_fails("[parc]\n"
		    "database = a.db\n"
		    "[parc]\n"
		    "catalog = c.tsv\n",
	    "parc.conf:3: [parc] appears twice");
}

static void
test_source_without_kind(void **state)
{
	(void)state;
	/* the line is the header's, not that of the first key */
	parse_fails("[source hr]\n"
		    "kind = people\n"
		    "\n"
		    "[source corp]\n"
		    "# the kind is missing\n"
		    "uri = ldap://dc1\n",
	    "parc.conf:4: [source corp] has no kind");
}

/*
 * inih reports a section only with its first key: a header with none under
 * it must be checked all the same, and a source must not vanish.
 */
static void
test_header_without_keys(void **state)
{
	(void)state;
	parse_fails("[parc]\n"
		    "database = a.db\n"
		    "[bogus]\n",
	    "parc.conf:3: unknown section [bogus]");
	parse_fails("[source hr]\n"
		    "kind = people\n"
		    "\n"
		    "[source x]\n",
	    "parc.conf:4: [source x] has no kind");
	parse_fails("[parc]\n"
		    "database = a.db\n"
		    "[source hr]\n"
		    "kind = people\n"
		    "[parc]\n",
	    "parc.conf:5: [parc] appears twice");
	parse_fails("[parc]\n"
		    "[source  ]\n"
		    "# nothing here\n",
	    "parc.conf:2: [source] needs a name");
	/* what follows ']' is a comment or nothing: inih would drop it */
	parse_fails("[parc]\n"
		    "database = a.db\n"
		    "[source hr] kind = people\n",
	    "parc.conf:3: text after the section header: 'kind = people'");
	config_free(parse_ok("parc.conf",
	    "[parc] ; the main one\n"
	    "database = a.db\n"));
	parse_fails("[source hr]]\n"
		    "kind = people\n",
	    "parc.conf:1: text after the section header: ']'");
	/* CRLF, tabs, comments with or without a blank, a BOM */
	config_free(parse_ok("parc.conf", "[parc]\r\ndatabase = a.db\r\n"));
	config_free(parse_ok("parc.conf", "[parc];x\ndatabase = a.db\n"));
	config_free(parse_ok("parc.conf", "[parc]\t# x\r\ndatabase = a\n"));
	config_free(parse_ok("parc.conf", "\xef\xbb\xbf[parc] \t\r\n"));
	parse_fails("\xef\xbb\xbf[parc] database = a.db\r\n",
	    "parc.conf:1: text after the section header: 'database = a.db'");
	parse_fails("[parc]\tx\r\n",
	    "parc.conf:1: text after the section "
	    "header: 'x'");
	/* the text shown is cut between characters, not inside one */
	parse_fails("[parc] xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\xc3\xa9\n",
	    "parc.conf:1: text after the section header: "
	    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'");
	/* inih skips blanks after the BOM too: so does the header check */
	parse_fails("\xef\xbb\xbf [parc] database = a.db\n",
	    "parc.conf:1: text after the section header: 'database = a.db'");
	parse_fails("\xef\xbb\xbf\t[bogus]\n",
	    "parc.conf:1: unknown "
	    "section [bogus]");
	/* followed by another section rather than the end of the file */
	parse_fails("[bogus]\n"
		    "[source hr]\n"
		    "kind = people\n",
	    "parc.conf:1: unknown section [bogus]");
	parse_fails("[source x]\n"
		    "[source hr]\n"
		    "kind = people\n",
	    "parc.conf:1: [source x] has no kind");
	/* a header inih would see behind other white space than blanks */
	parse_fails("[parc]\n"
		    "\v[bogus]\n"
		    "kind = ad\n",
	    "parc.conf:2: unknown section [bogus]");
}

static void
test_syntax_error(void **state)
{
	(void)state;
	parse_fails("[source corp]\n"
		    "kind = ad\n"
		    "uri ldaps.corp.example\n"
		    "base = DC=corp\n",
	    "parc.conf:3: syntax error (expected [section] or key = value)");
	/* the broken header is the mistake, not the keys that follow it */
	parse_fails("[parc]\n"
		    "[source corp\n"
		    "kind = ad\n",
	    "parc.conf:2: syntax error (expected [section] or key = value)");
	parse_fails("[source hr]\n"
		    "kind = people\n"
		    "[source corp\n"
		    "kind = ad\n",
	    "parc.conf:3: syntax error (expected [section] or key = value)");
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	parse_fails("[source corp]\n"
		    "kind = ad\n"
		    "base = OU=\xc3\x28,DC=corp\n",
	    "parc.conf:3: not valid UTF-8");
}

/*
 * A value longer than inih's line buffer must not be cut silently (a
 * truncated base DN, with its tail read as another key).
 */
static void
test_long_line(void **state)
{
	struct sb text = SB_INIT, val = SB_INIT;
	struct config *c = NULL;
	struct err e = ERR_INIT;
	int i;

	(void)state;
	for (i = 0; i < 30; i++)
		sb_addf(&val, "%sOU=Unit%02d", i ? "," : "", i);
	sb_addf(&text, "[source corp]\nkind = ad\nbase = %s\nuri = x\n",
	    val.buf);
	assert_int_equal(config_parse_string(&c, "parc.conf", text.buf, &e),
	    PARC_ECONFIG);
	assert_null(c);
	assert_non_null(strstr(e.msg, "parc.conf:3: line is too long"));
	sb_release(&text);
	sb_release(&val);
}

/* Lines near the limit still read whole. */
static void
test_line_just_fits(void **state)
{
	struct sb text = SB_INIT, val = SB_INIT;
	struct config *c;

	(void)state;
	/* "base = " (7) + 190 = 197 characters, the longest line allowed */
	while (val.len < 190)
		sb_addc(&val, 'a' + (int)(val.len % 26));
	sb_addf(&text, "[source corp]\nkind = ad\nbase = %s\nuri = x\n",
	    val.buf);
	c = parse_ok("parc.conf", text.buf);
	assert_string_equal(conf_get(config_source(c, "corp"), "base"),
	    val.buf);
	assert_int_equal(conf_line(config_source(c, "corp"), "uri"), 4);
	config_free(c);
	sb_release(&text);
	sb_release(&val);
}

/* ---- loading files ---- */

static void
test_load_file(void **state)
{
	struct tmp *t = *state;
	struct config *c = NULL;
	struct err e = ERR_INIT;
	char want[PATH_MAX + 64];

	write_file(t->conf, good, 0644);
	assert_int_equal(config_load(&c, t->conf, &e), 0);
	assert_non_null(c);
	assert_string_equal(c->path, t->conf);
	assert_string_equal(c->dir, t->dir);
	assert_int_equal(c->nsources, 2);
	assert_int_equal(conf_line(config_source(c, "corp"), "base"), 13);
	config_free(c);

	/* a mistake in a file names the file as given */
	write_file(t->conf,
	    "[parc]\n"
	    "database = x.db\n"
	    "[source corp]\n"
	    "uri = ldap://dc1\n",
	    0644);
	assert_int_equal(config_load(&c, t->conf, &e), PARC_ECONFIG);
	assert_null(c);
	snprintf(want, sizeof(want), "%s:3: [source corp] has no kind",
	    t->conf);
	assert_string_equal(e.msg, want);
}

static void
test_load_missing(void **state)
{
	struct tmp *t = *state;
	struct config *c = NULL;
	struct err e = ERR_INIT;
	char path[PATH_MAX], want[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/nope.conf", t->dir);
	assert_int_equal(config_load(&c, path, &e), PARC_ECONFIG);
	assert_null(c);
	snprintf(want, sizeof(want), "%s: %s", path, strerror(ENOENT));
	assert_string_equal(e.msg, want);
}

/* The search order: path, $PARC_CONFIG, $XDG_CONFIG_HOME, ~/.config. */
static void
test_load_search(void **state)
{
	struct tmp *t = *state;
	struct config *c = NULL;
	struct err e = ERR_INIT;
	char xdg[PATH_MAX], home[PATH_MAX], path[PATH_MAX + 64];

	snprintf(xdg, sizeof(xdg), "%s/xdg", t->dir);
	snprintf(home, sizeof(home), "%s/home", t->dir);
	assert_int_equal(mkdir(xdg, 0700), 0);
	assert_int_equal(mkdir(home, 0700), 0);
	unsetenv("PARC_CONFIG");
	setenv("XDG_CONFIG_HOME", xdg, 1);
	setenv("HOME", home, 1);

	/* nothing anywhere (unless this host has /etc/parc/parc.conf) */
	if (access("/etc/parc/parc.conf", F_OK) != 0) {
		assert_int_equal(config_load(&c, NULL, &e), 0);
		assert_non_null(c);
		assert_null(c->path);
		assert_string_equal(c->dir, ".");
		assert_int_equal(c->nsources, 0);
		config_free(c);
	}

	/* ~/.config/parc/parc.conf, when XDG_CONFIG_HOME is not set */
	snprintf(path, sizeof(path), "%s/.config", home);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/.config/parc", home);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/.config/parc/parc.conf", home);
	write_file(path, "[source home]\nkind = people\n", 0644);
	unsetenv("XDG_CONFIG_HOME");
	assert_int_equal(config_load(&c, NULL, &e), 0);
	assert_string_equal(c->path, path);
	assert_non_null(config_source(c, "home"));
	config_free(c);

	/* $XDG_CONFIG_HOME/parc/parc.conf comes first */
	snprintf(path, sizeof(path), "%s/parc", xdg);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/parc/parc.conf", xdg);
	write_file(path, "[source xdg]\nkind = people\n", 0644);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	assert_int_equal(config_load(&c, NULL, &e), 0);
	assert_string_equal(c->path, path);
	assert_non_null(config_source(c, "xdg"));
	assert_null(config_source(c, "home"));
	config_free(c);

	/* $PARC_CONFIG before both, and it must exist */
	write_file(t->conf, "[source env]\nkind = people\n", 0644);
	setenv("PARC_CONFIG", t->conf, 1);
	assert_int_equal(config_load(&c, NULL, &e), 0);
	assert_string_equal(c->path, t->conf);
	assert_non_null(config_source(c, "env"));
	config_free(c);
	unlink(t->conf);
	assert_int_equal(config_load(&c, NULL, &e), PARC_ECONFIG);
	assert_null(c);
	unsetenv("PARC_CONFIG");
}

/* ---- typed values ---- */

static const char typed[] = "[source corp]\n"		    /* 1 */
			    "kind = ad\n"		    /* 2 */
			    "verify_tls = maybe\n"	    /* 3 */
			    "starttls = Yes\n"		    /* 4 */
			    "referrals = off\n"		    /* 5 */
			    "timeout = 0\n"		    /* 6 */
			    "page_size = 500\n"		    /* 7 */
			    "retries = 3x\n"		    /* 8 */
			    "port = 99999999999999999999\n" /* 9 */
			    "uri2 = ldap://dc2\n";	    /* 10 */

static void
test_check_keys(void **state)
{
	static const char *const known_all[] = { "verify_tls", "starttls",
		"referrals", "timeout", "page_size", "retries", "port", "uri2",
		NULL };
	static const char *const known[] = { "verify_tls", "starttls",
		"referrals", "timeout", "page_size", "retries", "port", NULL };
	struct config *c = parse_ok("parc.conf", typed);
	const struct conf_section *s = config_source(c, "corp");
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(conf_check_keys(c, s, known_all, &e), 0);
	assert_int_equal(conf_check_keys(c, s, known, &e), PARC_ECONFIG);
	assert_string_equal(e.msg,
	    "parc.conf:10: [source corp] unknown key 'uri2' for kind ad");
	/* no known keys at all: the first key other than kind is named */
	assert_int_equal(conf_check_keys(c, s, NULL, &e), PARC_ECONFIG);
	assert_string_equal(e.msg,
	    "parc.conf:3: [source corp] unknown key 'verify_tls' for kind ad");
	config_free(c);
}

static void
test_bool(void **state)
{
	struct config *c = parse_ok("parc.conf", typed);
	const struct conf_section *s = config_source(c, "corp");
	struct err e = ERR_INIT;
	int v;

	(void)state;
	v = 7;
	assert_int_equal(conf_bool(c, s, "absent", &v, &e), 0);
	assert_int_equal(v, 7); /* the default stays */
	v = 0;
	assert_int_equal(conf_bool(c, s, "starttls", &v, &e), 0);
	assert_int_equal(v, 1);
	v = 1;
	assert_int_equal(conf_bool(c, s, "referrals", &v, &e), 0);
	assert_int_equal(v, 0);
	v = 7;
	assert_int_equal(conf_bool(c, s, "verify_tls", &v, &e), PARC_ECONFIG);
	assert_int_equal(v, 7);
	assert_string_equal(e.msg,
	    "parc.conf:3: verify_tls must be yes or no, not 'maybe'");
	config_free(c);
}

static void
test_int(void **state)
{
	struct config *c = parse_ok("parc.conf", typed);
	const struct conf_section *s = config_source(c, "corp");
	struct err e = ERR_INIT;
	long v;

	(void)state;
	v = 42;
	assert_int_equal(conf_int(c, s, "absent", 1, 10, &v, &e), 0);
	assert_int_equal(v, 42);
	assert_int_equal(conf_int(c, s, "page_size", 1, 1000, &v, &e), 0);
	assert_int_equal(v, 500);
	v = 42;
	assert_int_equal(conf_int(c, s, "page_size", 1, 100, &v, &e),
	    PARC_ECONFIG);
	assert_int_equal(v, 42);
	assert_string_equal(e.msg,
	    "parc.conf:7: page_size must be a whole "
	    "number from 1 to 100, not '500'");
	assert_int_equal(conf_int(c, s, "timeout", 1, 600, &v, &e),
	    PARC_ECONFIG);
	assert_string_equal(e.msg,
	    "parc.conf:6: timeout must be a whole "
	    "number from 1 to 600, not '0'");
	assert_int_equal(conf_int(c, s, "retries", 0, 10, &v, &e),
	    PARC_ECONFIG);
	assert_string_equal(e.msg,
	    "parc.conf:8: retries must be a whole "
	    "number from 0 to 10, not '3x'");
	assert_int_equal(conf_int(c, s, "port", 1, LONG_MAX, &v, &e),
	    PARC_ECONFIG);
	assert_non_null(strstr(e.msg,
	    "parc.conf:9: port must be a whole "
	    "number from 1 to "));
	assert_int_equal(v, 42);
	config_free(c);
}

static void
test_path(void **state)
{
	struct config *c = parse_ok("/srv/parc/etc/parc.conf",
	    "[parc]\n"
	    "database = /var/lib/parc/parc.db\n"
	    "catalog = catalogs/site.tsv\n");
	char *p;

	(void)state;
	p = conf_path(c, &c->parc, "catalog");
	assert_string_equal(p, "/srv/parc/etc/catalogs/site.tsv");
	free(p);
	p = conf_path(c, &c->parc, "database");
	assert_string_equal(p, "/var/lib/parc/parc.db");
	free(p);
	assert_null(conf_path(c, &c->parc, "correlation_overrides"));
	config_free(c);

	/* a configuration in the working directory keeps paths as written */
	c = parse_ok("parc.conf", "[parc]\ncatalog = site.tsv\n");
	p = conf_path(c, &c->parc, "catalog");
	assert_string_equal(p, "site.tsv");
	free(p);
	config_free(c);

	/* a file at the root */
	c = parse_ok("/parc.conf", "[parc]\ncatalog = site.tsv\n");
	p = conf_path(c, &c->parc, "catalog");
	assert_string_equal(p, "/site.tsv");
	free(p);
	config_free(c);
}

/* ---- secrets ---- */

#define SECRET "hunter2-S3cr3t"

/* Load DIR/parc.conf holding [source corp] with the given extra lines. */
static struct config *
secret_conf(struct tmp *t, const char *lines)
{
	struct sb text = SB_INIT;
	struct config *c = NULL;
	struct err e = ERR_INIT;

	sb_addf(&text, "[source corp]\nkind = ad\n%s", lines);
	write_file(t->conf, text.buf, 0644);
	sb_release(&text);
	if (config_load(&c, t->conf, &e) != 0)
		fail_msg("unexpected error: %s", e.msg);
	return c;
}

/* conf_secret must fail with msg (after the "FILE:" prefix). */
static void
secret_fails(struct tmp *t, struct config *c, const char *msg)
{
	char *s = (char *)1;
	struct err e = ERR_INIT;
	char want[2 * PATH_MAX + 256];

	assert_int_equal(conf_secret(c, config_source(c, "corp"), "password",
			     &s, &e),
	    PARC_ECONFIG);
	assert_null(s);
	snprintf(want, sizeof(want), "%s:%s", t->conf, msg);
	assert_string_equal(e.msg, want);
	assert_null(strstr(e.msg, SECRET));
	assert_null(strstr(e.msg, "hunter2"));
}

static char *
secret_ok(struct config *c)
{
	char *s = NULL;
	struct err e = ERR_INIT;

	if (conf_secret(c, config_source(c, "corp"), "password", &s, &e) != 0)
		fail_msg("unexpected error: %s", e.msg);
	assert_non_null(s);
	return s;
}

static void
test_secret_file_mode(void **state)
{
	struct tmp *t = *state;
	struct config *c;
	char pw[PATH_MAX], msg[3 * PATH_MAX];
	char *s;

	snprintf(pw, sizeof(pw), "%s/corp.pw", t->dir);
	write_file(pw, SECRET "\n", 0644);
	/* relative to the configuration's folder */
	c = secret_conf(t, "password_file = corp.pw\n");
	snprintf(msg, sizeof(msg),
	    "3: password file %s has mode 0644; it must be 0600 or stricter "
	    "(chmod 600 %s)",
	    pw, pw);
	secret_fails(t, c, msg);

	/* group-readable is refused as well */
	assert_int_equal(chmod(pw, 0640), 0);
	snprintf(msg, sizeof(msg),
	    "3: password file %s has mode 0640; it must be 0600 or stricter "
	    "(chmod 600 %s)",
	    pw, pw);
	secret_fails(t, c, msg);

	assert_int_equal(chmod(pw, 0600), 0);
	s = secret_ok(c);
	assert_string_equal(s, SECRET); /* the newline is not part of it */
	conf_secret_free(s);

	/* stricter is fine, and only the first line counts */
	write_file(pw, SECRET "\r\nsecond line\n", 0400);
	s = secret_ok(c);
	assert_string_equal(s, SECRET);
	conf_secret_free(s);
	config_free(c);
}

static void
test_secret_file_missing(void **state)
{
	struct tmp *t = *state;
	struct config *c;
	char msg[3 * PATH_MAX];

	c = secret_conf(t, "\npassword_file = nope.pw\n");
	snprintf(msg, sizeof(msg), "4: password file %s/nope.pw: %s", t->dir,
	    strerror(ENOENT));
	secret_fails(t, c, msg);
	config_free(c);
}

static void
test_secret_file_symlink(void **state)
{
	struct tmp *t = *state;
	struct config *c;
	char pw[PATH_MAX], link[PATH_MAX];
	char *s = NULL;
	struct err e = ERR_INIT;

	/* a link could point the file check at something else */
	snprintf(pw, sizeof(pw), "%s/real.pw", t->dir);
	snprintf(link, sizeof(link), "%s/link.pw", t->dir);
	write_file(pw, SECRET "\n", 0600);
	assert_int_equal(symlink(pw, link), 0);
	c = secret_conf(t, "password_file = link.pw\n");
	assert_int_equal(conf_secret(c, config_source(c, "corp"), "password",
			     &s, &e),
	    PARC_ECONFIG);
	assert_null(s);
	assert_non_null(strstr(e.msg, link));
	assert_null(strstr(e.msg, SECRET));
	config_free(c);
}

static void
test_secret_env(void **state)
{
	struct tmp *t = *state;
	struct config *c;
	char *s;

	c = secret_conf(t, "password_env = PARC_TEST_CORP_PW\n");
	setenv("PARC_TEST_CORP_PW", SECRET, 1);
	s = secret_ok(c);
	assert_string_equal(s, SECRET);
	conf_secret_free(s);

	unsetenv("PARC_TEST_CORP_PW");
	secret_fails(t, c,
	    "3: environment variable PARC_TEST_CORP_PW is not set");
	setenv("PARC_TEST_CORP_PW", "", 1);
	secret_fails(t, c,
	    "3: environment variable PARC_TEST_CORP_PW is not set");
	unsetenv("PARC_TEST_CORP_PW");
	config_free(c);
}

static void
test_secret_command(void **state)
{
	struct tmp *t = *state;
	struct config *c;
	char *s;

	c = secret_conf(t,
	    "password_command = printf '" SECRET "\\nignored\\n'\n");
	s = secret_ok(c);
	assert_string_equal(s, SECRET);
	conf_secret_free(s);
	config_free(c);

	/* a failing vault CLI: its output (maybe the secret) is not shown */
	c = secret_conf(t, "password_command = echo " SECRET "; exit 3\n");
	secret_fails(t, c, "3: password_command failed (exit status 3)");
	config_free(c);
}

/*
 * A password_command sees none of parc's environment but PATH, HOME,
 * the locale and the like: not another source's password_env secret, not
 * a cloud key. Its stderr, when it fails, is shown escaped.
 */
static void
test_secret_command_environment(void **state)
{
	struct tmp *t = *state;
	struct config *c;
	char *s;

	setenv("PARC_TEST_OTHER_PW", "hunter2-other-source", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "hunter2-aws", 1);
	c = secret_conf(t,
	    "password_command = printf '%s\\n' "
	    "\"${PARC_TEST_OTHER_PW:-clean}${AWS_SECRET_ACCESS_KEY}"
	    "${HOME:+:home}\"\n");
	s = secret_ok(c);
	assert_string_equal(s, "clean:home");
	conf_secret_free(s);
	config_free(c);
	unsetenv("PARC_TEST_OTHER_PW");
	unsetenv("AWS_SECRET_ACCESS_KEY");

	/* a failing vault CLI says why on stderr: shown, escaped */
	c = secret_conf(t,
	    "password_command = printf "
	    "'denied\\033[2J\\007 (token expired)\\n' >&2; "
	    "echo " SECRET "; exit 4\n");
	secret_fails(t, c,
	    "3: password_command failed (exit status 4): "
	    "denied\\x1b[2J\\x07 (token expired)");
	config_free(c);
}

/*
 * A configuration that others may edit must not make parc (often root)
 * run their command; a password file must be this user's, in folders no
 * one else may write.
 */
static void
test_secret_trust(void **state)
{
	struct tmp *t = *state;
	struct config *c;
	char pw[PATH_MAX + 16], sub[PATH_MAX], msg[4 * PATH_MAX + 64];
	char *s;

	c = secret_conf(t, "password_command = echo " SECRET "\n");
	assert_int_equal(chmod(t->conf, 0664), 0);
	snprintf(msg, sizeof(msg),
	    "3: configuration %s: refused: %s has mode 0664, writable by "
	    "others (chmod go-w %s)",
	    t->conf, t->conf, t->conf);
	secret_fails(t, c, msg);
	assert_int_equal(chmod(t->conf, 0644), 0);
	assert_int_equal(chmod(t->dir, 0777), 0);
	snprintf(msg, sizeof(msg),
	    "3: configuration %s: refused: its folder %s has mode 0777, "
	    "writable by others (chmod go-w %s)",
	    t->conf, t->dir, t->dir);
	secret_fails(t, c, msg);
	assert_int_equal(chmod(t->dir, 0700), 0);
	s = secret_ok(c);
	conf_secret_free(s);
	if (geteuid() == 0) {
		assert_int_equal(chown(t->conf, 65534, 65534), 0);
		snprintf(msg, sizeof(msg),
		    "3: configuration %s: refused: %s is owned by uid 65534, "
		    "not by uid 0 or root",
		    t->conf, t->conf);
		secret_fails(t, c, msg);
		assert_int_equal(chown(t->conf, 0, 0), 0);
	}
	config_free(c);

	/* a password file in a folder its group may write */
	snprintf(sub, sizeof(sub), "%s/shared", t->dir);
	assert_int_equal(mkdir(sub, 0770), 0);
	assert_int_equal(chmod(sub, 0770), 0);
	snprintf(pw, sizeof(pw), "%s/corp.pw", sub);
	write_file(pw, SECRET "\n", 0600);
	c = secret_conf(t, "password_file = shared/corp.pw\n");
	snprintf(msg, sizeof(msg),
	    "3: password file %s: refused: its folder %s has mode 0770, "
	    "writable by others (chmod go-w %s)",
	    pw, sub, sub);
	secret_fails(t, c, msg);
	assert_int_equal(chmod(sub, 0700), 0);
	s = secret_ok(c);
	assert_string_equal(s, SECRET);
	conf_secret_free(s);
	if (geteuid() == 0) {
		assert_int_equal(chown(pw, 65534, 65534), 0);
		snprintf(msg, sizeof(msg),
		    "3: password file %s: refused: %s is owned by uid 65534, "
		    "not by uid 0 or root",
		    pw, pw);
		secret_fails(t, c, msg);
	}
	config_free(c);
}

/* No core dump, not dumpable: a crash during a pull leaks no secret. */
static void
test_protect_process(void **state)
{
	struct rlimit rl;

	(void)state;
	conf_protect_process();
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	assert_int_equal(getrlimit(RLIMIT_CORE, &rl), 0);
	assert_true(rl.rlim_cur == 0 && rl.rlim_max == 0);
}

static void
test_secret_none_or_two(void **state)
{
	struct tmp *t = *state;
	struct config *c;

	c = secret_conf(t, "uri = ldap://dc1\n");
	secret_fails(t, c,
	    "1: [source corp] needs exactly one of password_file, "
	    "password_env, password_command");
	config_free(c);

	setenv("PARC_TEST_CORP_PW", SECRET, 1);
	c = secret_conf(t,
	    "password_env = PARC_TEST_CORP_PW\n"
	    "password_command = echo " SECRET "\n");
	secret_fails(t, c,
	    "1: [source corp] needs exactly one of password_file, "
	    "password_env, password_command");
	config_free(c);
	unsetenv("PARC_TEST_CORP_PW");
}

/* Another prefix names other keys (a client secret, say). */
static void
test_secret_prefix(void **state)
{
	struct tmp *t = *state;
	struct config *c;
	char *s = NULL;
	struct err e = ERR_INIT;

	setenv("PARC_TEST_CLIENT", SECRET, 1);
	c = secret_conf(t, "client_secret_env = PARC_TEST_CLIENT\n");
	assert_int_equal(conf_secret(c, config_source(c, "corp"),
			     "client_secret", &s, &e),
	    0);
	assert_string_equal(s, SECRET);
	conf_secret_free(s);
	conf_secret_free(NULL);
	config_free(c);
	unsetenv("PARC_TEST_CLIENT");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_config),
		cmocka_unit_test(test_indented_keys),
		cmocka_unit_test(test_byte_order_mark),
		cmocka_unit_test(test_no_sources),
		cmocka_unit_test(test_key_outside_section),
		cmocka_unit_test(test_unknown_section),
		cmocka_unit_test(test_header_without_keys),
		cmocka_unit_test(test_source_without_name),
		cmocka_unit_test(test_unknown_parc_key),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_empty_value),
		cmocka_unit_test(test_duplicate_source),
		cmocka_unit_test(test_parc_twice),
		cmocka_unit_test(test_source_without_kind),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_line_just_fits),
		cmocka_unit_test_setup_teardown(test_load_file, tmp_setup,
		    tmp_teardown),
		cmocka_unit_test_setup_teardown(test_load_missing, tmp_setup,
		    tmp_teardown),
		cmocka_unit_test_setup_teardown(test_load_search, tmp_setup,
		    tmp_teardown),
		cmocka_unit_test(test_check_keys),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_path),
		cmocka_unit_test_setup_teardown(test_secret_command_environment,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_secret_trust, tmp_setup,
		    tmp_teardown),
		cmocka_unit_test(test_protect_process),
		cmocka_unit_test_setup_teardown(test_secret_file_mode,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_secret_file_missing,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_secret_file_symlink,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_secret_env, tmp_setup,
		    tmp_teardown),
		cmocka_unit_test_setup_teardown(test_secret_command, tmp_setup,
		    tmp_teardown),
		cmocka_unit_test_setup_teardown(test_secret_none_or_two,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_secret_prefix, tmp_setup,
		    tmp_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
