/*
 * test_sudoers.c - the sudoers parser (tree, errors, includes), the
 * cvtsudoers JSON writer, and the connector from a collected fleet to
 * the rows a reviewer sees.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <utmp.h>

#include "db/catalog.h"
#include "db/db.h"
#include "db/sink.h"
#include "lib/fsafe.h"
#include "lib/sb.h"
#include "reports/sudoers_json.h"
#include "sync/sudoers.h"
#include "sync/sudoers_host.h"
#include "sync/sudoers_src.h"
#include "sync/sudoers_valid.h"

static const char *
data_dir(void)
{
	const char *d = getenv("PARC_TEST_DATA");

	return d != NULL ? d : "tests/data";
}

static const char *
share_dir(void)
{
	const char *d = getenv("PARC_SHARE");

	return d != NULL ? d : "share";
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* Parse text as file "t.sudoers"; returns the code, tree in *out. */
static int
parse(const char *text, struct sudoers_tree **out, struct err *e)
{
	struct sudoers_opts o = { 0 };

	*out = sudoers_tree_new();
	o.strict = 1;
	return sudoers_parse_buffer(*out, "t.sudoers", text, strlen(text), &o,
	    e);
}

/* ---- the tree ---- */

static void
test_tags_and_runas_carry_over(void **state)
{
	struct sudoers_tree *t;
	struct err e = ERR_INIT;
	const struct sudoers_cmndspec *a, *b, *c;

	(void)state;
	assert_int_equal(parse("u ALL = (root) NOPASSWD: /a, /b, PASSWD: /c, "
			       "(op) /d\n",
			     &t, &e),
	    0);
	a = t->userspecs->privs->cmnds;
	b = a->next;
	c = b->next;
	/* /b inherits NOPASSWD and shares (root): one Cmnd_Spec for sudo. */
	assert_int_equal(a->tags[TAG_NOPASSWD], 1);
	assert_int_equal(b->tags[TAG_NOPASSWD], 1);
	assert_ptr_equal(a->runasuser, b->runasuser);
	assert_string_equal(a->runasuser->first->name, "root");
	assert_int_equal(c->tags[TAG_NOPASSWD], 0);
	assert_ptr_equal(c->runasuser, a->runasuser);
	assert_string_equal(c->next->runasuser->first->name, "op");
	assert_int_equal(c->next->tags[TAG_NOPASSWD], 0);
	sudoers_tree_free(t);
}

static void
test_implied_setenv(void **state)
{
	struct sudoers_tree *t;
	struct err e = ERR_INIT;
	const struct sudoers_cmndspec *a;

	(void)state;
	assert_int_equal(parse("u ALL = ALL, /bin/ls\n"
			       "v ALL = NOSETENV: /bin/ls, ALL\n"
			       "w ALL = !ALL\n",
			     &t, &e),
	    0);
	a = t->userspecs->privs->cmnds;
	assert_int_equal(a->tags[TAG_SETENV], SUDOERS_IMPLIED);
	/* An implied SETENV stays with its ALL. */
	assert_int_equal(a->next->tags[TAG_SETENV], SUDOERS_UNSPEC);
	/* An inherited NOSETENV does not take ALL's implied SETENV. */
	a = t->userspecs->next->privs->cmnds;
	assert_int_equal(a->tags[TAG_SETENV], 0);
	assert_int_equal(a->next->tags[TAG_SETENV], SUDOERS_IMPLIED);
	a = t->userspecs->next->next->privs->cmnds;
	assert_int_equal(a->tags[TAG_SETENV], SUDOERS_UNSPEC);
	assert_true(a->cmnd->negated);
	sudoers_tree_free(t);
}

static void
test_members_and_digests(void **state)
{
	struct sudoers_tree *t;
	struct err e = ERR_INIT;
	const struct sudoers_member *m;
	const struct sudoers_alias *a;

	(void)state;
	assert_int_equal(
	    parse("User_Alias B = b : A = %#10, +ng, \"%:Dom Admins\", !#5\n"
		  "Cmnd_Alias C = sha224:d06a2617c98d377c250edd470fd5e576327748"
		  "d82915d6e33b5f8db1, sha256:1IXHRCxXgSnIEnb+xBz4PAfWaPdXIBWKF"
		  "F0QCwxJ5G4= /bin/ls \"\", /bin/echo a\\,b\n",
		&t, &e),
	    0);
	/* Aliases come sorted by name. */
	a = t->aliases;
	assert_string_equal(a->name, "A");
	assert_string_equal(a->next->name, "B");
	m = a->members.first;
	assert_int_equal(m->type, SM_USERGROUP);
	assert_string_equal(m->name, "%#10");
	assert_int_equal(m->next->type, SM_NETGROUP);
	assert_string_equal(m->next->next->name, "%:Dom Admins");
	assert_true(m->next->next->next->negated);
	assert_string_equal(m->next->next->next->name, "#5");
	a = sudoers_alias_find(t, "C", SA_CMND);
	assert_non_null(a);
	m = a->members.first;
	assert_string_equal(m->name, "/bin/ls");
	assert_string_equal(m->args, "\"\"");
	assert_string_equal(m->digests->type, "sha224");
	assert_string_equal(m->digests->next->type, "sha256");
	/* "\," in arguments is a plain comma. */
	assert_string_equal(m->next->args, "a,b");
	sudoers_tree_free(t);
}

/* ---- errors: FILE:LINE:COLUMN as visudo ---- */

static void
expect_error(const char *text, const char *msg)
{
	struct sudoers_tree *t;
	struct err e = ERR_INIT;

	assert_int_equal(parse(text, &t, &e), PARC_EDATA);
	assert_string_equal(e.msg, msg);
	sudoers_tree_free(t);
}

static void
test_errors(void **state)
{
	(void)state;
	expect_error("alice ALL = (root\n", "t.sudoers:1:18: syntax error");
	expect_error("# x\nalice ALL = /bin/ls, \n",
	    "t.sudoers:2:22: syntax error");
	expect_error("User_Alias A = x\nUser_Alias A = y\n",
	    "t.sudoers:2:17: Alias \"A\" already defined");
	expect_error("u ALL = usr/bin/id\n",
	    "t.sudoers:1:9: expected a fully-qualified path name");
	expect_error("Host_Alias ALL = a\n",
	    "t.sudoers:1:12: syntax error, reserved word ALL used as an "
	    "alias name");
	expect_error("u ALL = TIMEOUT=5x /bin/ls\n",
	    "t.sudoers:1:17: syntax error, invalid timeout value");
	expect_error("u ALL = NOPASSWD: CWD=/ /bin/ls\n",
	    "t.sudoers:1:19: syntax error");
	expect_error("Defaults passwd_tries=lots\n",
	    "t.sudoers:1:23: value \"lots\" is invalid for option "
	    "\"passwd_tries\"");
	expect_error("Defaults env_reset=yes\n",
	    "t.sudoers:1:20: option \"env_reset\" does not take a value");
	expect_error("User_Alias A = %\n",
	    "t.sudoers:1:16: syntax error, empty group");
	expect_error("u ALL = /bin/ls \\\n", "t.sudoers:2:17: syntax error");
	/* As sudo 1.9.13: no repetition count above 255. */
	expect_error("u ALL = ^/bin/a{256}$\n",
	    "t.sudoers:1:9: Invalid content of \\{\\}");
	/* Nested repeats that would take regcomp() gigabytes. */
	expect_error("u ALL = /bin/ls ^((a{255}){255}){255}$\n",
	    "t.sudoers:1:9: regular expression too complex: its "
	    "repetitions nest or expand too far");
	/* Huge counts stacked: refused, no arithmetic overflow (UBSan). */
	expect_error("u ALL = ^/bin/a*{81,3404}{80,3404}{99999999999}$\n",
	    "t.sudoers:1:9: Invalid content of \\{\\}");
	/* Nested stars glibc would take minutes over. */
	expect_error("u ALL = ^/bin/((a*)*){255}$\n",
	    "t.sudoers:1:9: regular expression too complex: its "
	    "repetitions nest or expand too far");
	/* "{,n}" is "{0,n}" to glibc; empty groups are not free. */
	expect_error("u ALL = ^/bin/a{,32767}$\n",
	    "t.sudoers:1:9: Invalid content of \\{\\}");
	expect_error("u ALL = ^/bin/((){255}){255}$\n",
	    "t.sudoers:1:9: regular expression too complex: its "
	    "repetitions nest or expand too far");
	/* Stacked "+" doubles the pattern each time in glibc. */
	expect_error("u ALL = ^/etc/(hos+++++++++++++++++++++++++++++++ts)$\n",
	    "t.sudoers:1:9: regular expression too complex: its "
	    "repetitions nest or expand too far");
	/* A repeated nullable expression costs its count squared. */
	expect_error("u ALL = ^/bin/(b?){0,255}$\n",
	    "t.sudoers:1:9: regular expression too complex: its "
	    "repetitions nest or expand too far");
}

static void
test_regex_limits(void **state)
{
	struct sudoers_tree *t;
	struct err e = ERR_INIT;

	(void)state;
	/* What sudoers files use: alternatives, classes, bounded words. */
	assert_int_equal(parse("u ALL = ^/usr/sbin/service [a-z0-9_-]{1,64} "
			       "(start|stop|restart)$, "
			       "^/usr/bin/(less|more) /var/log/[^/]+$\n",
			     &t, &e),
	    0);
	sudoers_tree_free(t);
	assert_int_equal(parse("u ALL = ^/bin/(a{100}){100}$\n", &t, &e), 0);
	sudoers_tree_free(t);
	/* Stars in stars are cheap for glibc: only bounded copies are not. */
	assert_int_equal(parse("u ALL = ^/usr/bin/rsync( -[a-zA-Z]+| "
			       "--[a-z-]+(=[^ ]+)?)* [^ ]+$\n",
			     &t, &e),
	    0);
	sudoers_tree_free(t);
	/* One file's expressions share a budget: 12 of these fit, not 20. */
	{
		char buf[4096];
		size_t n = 0;
		int i;

		for (i = 0; i < 20; i++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			    "u ALL = ^/bin/(a{100}){100}$\n");
		assert_int_equal(parse(buf, &t, &e), PARC_EDATA);
		assert_string_equal(e.msg,
		    "t.sudoers:13:9: regular expressions too complex: "
		    "together their repetitions expand too far");
		sudoers_tree_free(t);
	}
	assert_int_equal(parse("u ALL = ^/bin/[{]{255}(x|[[:alpha:]]{2,9})$\n",
			     &t, &e),
	    0);
	sudoers_tree_free(t);
}

/* ---- includes ---- */

struct dirfx {
	char dir[64];
};

static void
path_in(struct dirfx *fx, struct sb *sb, const char *rel)
{
	sb_reset(sb);
	sb_addf(sb, "%s/%s", fx->dir, rel);
}

static void
rm_rf(const char *dir)
{
	struct sb cmd = SB_INIT;

	sb_addf(&cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd.buf), 0);
	sb_release(&cmd);
}

static void
test_include_loop_refused(void **state)
{
	struct dirfx fx;
	struct sb p = SB_INIT;
	struct sudoers_tree *t = sudoers_tree_new();
	struct err e = ERR_INIT;

	(void)state;
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/parc-test-sudoers-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	path_in(&fx, &p, "a");
	write_file(p.buf, "u ALL = /bin/a\n@include b\n");
	path_in(&fx, &p, "b");
	write_file(p.buf, "#include a\n");
	path_in(&fx, &p, "a");
	assert_int_equal(sudoers_parse_file(t, p.buf, NULL, &e), PARC_EDATA);
	assert_non_null(strstr(e.msg, "/b:1:10: include loop: "));
	assert_non_null(strstr(e.msg, "/a includes itself"));
	sudoers_tree_free(t);
	rm_rf(fx.dir);
	sb_release(&p);
}

/* Files and their includes share one regex budget, which starts full. */
static void
test_regex_in_files(void **state)
{
	struct dirfx fx;
	struct sb p = SB_INIT;
	struct sudoers_tree *t = sudoers_tree_new();
	struct err e = ERR_INIT;

	(void)state;
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/parc-test-sudoers-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	path_in(&fx, &p, "b");
	write_file(p.buf,
	    "frank ALL = ^/usr/bin/(cat|less)$ "
	    "^/var/log/[a-z]+\\.log$\n");
	path_in(&fx, &p, "a");
	write_file(p.buf, "u ALL = ^/bin/(a|b)$\n@include b\n");
	assert_int_equal(sudoers_parse_file(t, p.buf, NULL, &e), 0);
	sudoers_tree_free(t);
	rm_rf(fx.dir);
	sb_release(&p);
}

/*
 * "#included" followed by anything but "ir" and a blank is a comment, as
 * in sudo: the lexer once took "#includedXY<tab>DIR" for #includedir
 * (and read past a buffer ending in "#included", found by the fuzzer).
 */
static void
test_included_is_a_comment(void **state)
{
	struct dirfx fx;
	struct sb p = SB_INIT, text = SB_INIT;
	struct sudoers_tree *t = sudoers_tree_new();
	struct err e = ERR_INIT;

	(void)state;
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/parc-test-sudoers-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	path_in(&fx, &p, "bad");
	write_file(p.buf, "this is not sudoers\n");
	sb_addf(&text, "#includedXY\t%s\nu ALL = ALL\n#included", fx.dir);
	assert_int_equal(sudoers_parse_buffer(t, "t.sudoers", text.buf,
			     text.len, NULL, &e),
	    0);
	assert_non_null(t->userspecs);
	sudoers_tree_free(t);
	rm_rf(fx.dir);
	sb_release(&p);
	sb_release(&text);
}

static void
test_includedir_rules_and_root(void **state)
{
	struct dirfx fx;
	struct sb p = SB_INIT;
	struct sudoers_tree *t = sudoers_tree_new();
	struct err e = ERR_INIT;
	struct sudoers_opts o = { 0 };
	const struct sudoers_userspec *us;

	(void)state;
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/parc-test-sudoers-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	path_in(&fx, &p, "etc");
	assert_int_equal(mkdir(p.buf, 0755), 0);
	path_in(&fx, &p, "etc/sudoers.d");
	assert_int_equal(mkdir(p.buf, 0755), 0);
	path_in(&fx, &p, "etc/sudoers.d/sub");
	assert_int_equal(mkdir(p.buf, 0755), 0);
	path_in(&fx, &p, "etc/sudoers");
	write_file(p.buf,
	    "#includedir /etc/sudoers.d\n"
	    "@include /etc/sudoers.%h\n");
	/* Read in strcmp order; names with '.' or ending in '~' skipped. */
	path_in(&fx, &p, "etc/sudoers.d/b_second");
	write_file(p.buf, "second ALL = /bin/b\n");
	path_in(&fx, &p, "etc/sudoers.d/a_first");
	write_file(p.buf, "first ALL = /bin/a\n");
	path_in(&fx, &p, "etc/sudoers.d/old.bak");
	write_file(p.buf, "this is not sudoers\n");
	path_in(&fx, &p, "etc/sudoers.d/c~");
	write_file(p.buf, "this is not sudoers\n");
	path_in(&fx, &p, "etc/sudoers.web01");
	write_file(p.buf, "host ALL = /bin/h\n");

	/* Absolute includes resolve inside root, %h is the host. */
	o.root = fx.dir;
	o.host = "web01";
	path_in(&fx, &p, "etc/sudoers");
	assert_int_equal(sudoers_parse_file(t, p.buf, &o, &e), 0);
	us = t->userspecs;
	assert_string_equal(us->users.first->name, "first");
	assert_string_equal(us->next->users.first->name, "second");
	assert_string_equal(us->next->next->users.first->name, "host");
	assert_null(us->next->next->next);
	assert_int_equal(t->nfiles, 4);
	sudoers_tree_free(t);

	/* Without root, /etc/sudoers.d would be this machine's: refuse. */
	t = sudoers_tree_new();
	o.host = "db02";
	assert_int_equal(sudoers_parse_file(t, p.buf, &o, &e), PARC_EIO);
	assert_non_null(strstr(e.msg, "etc/sudoers.db02: No such file"));
	assert_non_null(strstr(e.msg, "/etc/sudoers:2:10: "));
	sudoers_tree_free(t);
	rm_rf(fx.dir);
	sb_release(&p);
}

/* ---- values ---- */

static void
test_timeouts_and_times(void **state)
{
	time_t t;

	(void)state;
	assert_int_equal(sudoers_parse_timeout("7D4H10M30S"), 619830);
	assert_int_equal(sudoers_parse_timeout("45"), 45);
	assert_int_equal(sudoers_parse_timeout("10m30"), 630);
	assert_int_equal(sudoers_parse_timeout("7dd4h"), -1);
	assert_int_equal(sudoers_parse_timeout("14g"), -1);
	assert_int_equal(sudoers_parse_timeout(""), -1);
	assert_int_equal(sudoers_parse_gentime("20170214083000Z", &t), 0);
	assert_int_equal(t, 1487061000);
	assert_int_equal(sudoers_parse_gentime("201702140830.3Z", &t), 0);
	assert_int_equal(t, 1487061018);
	assert_int_equal(sudoers_parse_gentime("20170214033000-0500", &t), 0);
	assert_int_equal(t, 1487061000);
	assert_int_equal(sudoers_parse_gentime("2017021408.4Z", &t), 0);
	assert_int_equal(t, 1487060640);
	assert_int_equal(sudoers_parse_gentime("201702140830Q", &t), -1);
	assert_int_equal(sudoers_parse_gentime("2017", &t), -1);
}

/* ---- the JSON writer ---- */

static void
test_json_layout(void **state)
{
	struct sudoers_tree *t;
	struct err e = ERR_INIT;
	struct sb out = SB_INIT;

	(void)state;
	assert_int_equal(parse("Defaults:%ops env_keep += \"A B\", !lecture\n"
			       "Cmnd_Alias SH = /bin/sh\n"
			       "u h1 = (root) CWD=/x /bin/a, !SH\n",
			     &t, &e),
	    0);
	rpt_sudoers_json(&out, t);
	/* cvtsudoers' layout, with runcwd as a valid object. */
	assert_string_equal(out.buf,
	    "{\n"
	    "    \"Defaults\": [\n"
	    "        {\n"
	    "            \"Binding\": [\n"
	    "                { \"usergroup\": \"ops\" }\n"
	    "            ],\n"
	    "            \"Options\": [\n"
	    "                {\n"
	    "                    \"operation\": \"list_add\",\n"
	    "                    \"env_keep\": [\n"
	    "                        \"A\",\n"
	    "                        \"B\"\n"
	    "                    ]\n"
	    "                },\n"
	    "                { \"lecture\": false }\n"
	    "            ]\n"
	    "        }\n"
	    "    ],\n"
	    "    \"Command_Aliases\": {\n"
	    "        \"SH\": [\n"
	    "            { \"command\": \"/bin/sh\" }\n"
	    "        ]\n"
	    "    },\n"
	    "    \"User_Specs\": [\n"
	    "        {\n"
	    "            \"User_List\": [\n"
	    "                { \"username\": \"u\" }\n"
	    "            ],\n"
	    "            \"Host_List\": [\n"
	    "                { \"hostname\": \"h1\" }\n"
	    "            ],\n"
	    "            \"Cmnd_Specs\": [\n"
	    "                {\n"
	    "                    \"runasusers\": [\n"
	    "                        { \"username\": \"root\" }\n"
	    "                    ],\n"
	    "                    \"Options\": [\n"
	    "                        { \"runcwd\": \"/x\" }\n"
	    "                    ],\n"
	    "                    \"Commands\": [\n"
	    "                        { \"command\": \"/bin/a\" },\n"
	    "                        {\n"
	    "                            \"cmndalias\": \"SH\",\n"
	    "                            \"negated\": true\n"
	    "                        }\n"
	    "                    ]\n"
	    "                }\n"
	    "            ]\n"
	    "        }\n"
	    "    ]\n"
	    "}\n");
	sb_release(&out);
	sudoers_tree_free(t);
}

/* ---- host files ---- */

static void
test_wtmp_last_login(void **state)
{
	char path[] = "/tmp/parc-test-wtmp-XXXXXX";
	struct host_db h = { 0 };
	struct err e = ERR_INIT;
	struct utmp u[3];
	FILE *fp;
	int fd;

	(void)state;
	memset(u, 0, sizeof(u));
	u[0].ut_type = USER_PROCESS;
	memcpy(u[0].ut_user, "alice", 5);
	u[0].ut_tv.tv_sec = 1700000000;
	u[1].ut_type = DEAD_PROCESS;
	memcpy(u[1].ut_user, "alice", 5);
	u[1].ut_tv.tv_sec = 1800000000;
	u[2].ut_type = USER_PROCESS;
	memcpy(u[2].ut_user, "alice", 5);
	u[2].ut_tv.tv_sec = 1750000000;
	assert_true((fd = mkstemp(path)) >= 0);
	fp = fdopen(fd, "wb");
	assert_int_equal(fwrite(u, sizeof(u[0]), 3, fp), 3);
	fclose(fp);
	h.accounts = xcalloc(1, sizeof(*h.accounts));
	h.accounts[0].name = xstrdup("alice");
	h.accounts[0].gecos = xstrdup("");
	h.accounts[0].home = xstrdup("");
	h.accounts[0].shell = xstrdup("");
	h.naccounts = 1;
	assert_int_equal(host_read_wtmp(&h, path, &e), 0);
	/* The latest login, not the later logout. */
	assert_int_equal(h.accounts[0].last_login, 1750000000);
	/* A torn file is refused. */
	fp = fopen(path, "ab");
	fputs("xx", fp);
	fclose(fp);
	assert_int_equal(host_read_wtmp(&h, path, &e), PARC_EDATA);
	assert_non_null(strstr(e.msg, "not a whole number of utmp records"));
	host_db_release(&h);
	unlink(path);
}

static void
test_sudo_log_lines(void **state)
{
	char path[] = "/tmp/parc-test-sudolog-XXXXXX";
	struct host_db h = { 0 };
	struct err e = ERR_INIT;
	FILE *fp;
	int fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	fp = fdopen(fd, "w");
	fputs("2026-11-20T09:15:02.123456+01:00 web01 sudo:    alice : "
	      "TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt "
	      "update\n"
	      "2026-11-22T11:00:00+00:00 web01 sudo: bob : 3 incorrect "
	      "password attempts ; TTY=pts/1 ; PWD=/ ; USER=root ; "
	      "COMMAND=/bin/bash\n"
	      "Nov 26 12:00:00 web01 sshd[1]: Accepted publickey for alice\n"
	      "Nov 26 12:00:01 web01 sudo[77]: @cee:{\"sudo\":{\"accept\":{"
	      "\"submituser\":\"carol\",\"runuser\":\"postgres\","
	      "\"command\":\"/usr/bin/psql\",\"runargv\":[\"psql\","
	      "\"-l\"],\"submit_time\":{\"seconds\":1764158401}}}}\n"
	      "{\"reject\":{\"submituser\":\"dave\",\"command\":\"/bin/sh\","
	      "\"submit_time\":{\"seconds\":1764158402}}}\n"
	      "{\"accept\":{\"submituser\":\"erin\",\"command\":\"/bin/id\","
	      "\"submit_time\":{\"seconds\":\"1764158403\"}}}\n",
	    fp);
	fclose(fp);
	assert_int_equal(host_read_sudo_log(&h, path, &e), 0);
	/* Refusals (bob's, dave's) and other programs' lines are no use. */
	assert_int_equal(h.nuses, 3);
	assert_string_equal(h.uses[0].user, "alice");
	assert_string_equal(h.uses[0].runas, "root");
	assert_string_equal(h.uses[0].command, "/usr/bin/apt update");
	assert_int_equal(h.uses[0].when, 1795162502); /* 08:15:02Z */
	assert_string_equal(h.uses[1].user, "carol");
	assert_string_equal(h.uses[1].runas, "postgres");
	assert_string_equal(h.uses[1].command, "/usr/bin/psql -l");
	assert_int_equal(h.uses[1].when, 1764158401);
	assert_string_equal(h.uses[2].user, "erin");
	assert_string_equal(h.uses[2].runas, "root");
	assert_int_equal(h.uses[2].when, 1764158403);
	host_db_release(&h);
	unlink(path);
}

/*
 * sudo's own log file with log_format=json is one JSON object written
 * across many lines, an event per key: {"accept": {...}, "reject": ...}.
 */
static void
test_sudo_log_json_file(void **state)
{
	char path[] = "/tmp/parc-test-sudolog-XXXXXX";
	struct host_db h = { 0 };
	struct err e = ERR_INIT;
	FILE *fp;
	int fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	fp = fdopen(fd, "w");
	fputs("{\n"
	      "    \"accept\": {\n"
	      "        \"uuid\": \"5b2b7e4c-5e5e-4d6b-8a51-0a1b2c3d4e5f\",\n"
	      "        \"server_time\": {\n"
	      "            \"seconds\": 1764158405,\n"
	      "            \"nanoseconds\": 120000000,\n"
	      "            \"iso8601\": \"20251126120005Z\",\n"
	      "            \"localtime\": \"Nov 26 12:00:05\"\n"
	      "        },\n"
	      "        \"submit_time\": {\n"
	      "            \"seconds\": 1764158405,\n"
	      "            \"nanoseconds\": 110000000,\n"
	      "            \"iso8601\": \"20251126120005Z\",\n"
	      "            \"localtime\": \"Nov 26 12:00:05\"\n"
	      "        },\n"
	      "        \"submituser\": \"alice\",\n"
	      "        \"runuser\": \"root\",\n"
	      "        \"command\": \"/usr/bin/less\",\n"
	      "        \"runargv\": [\n"
	      "            \"less\",\n"
	      "            \"/var/log/{syslog}\"\n"
	      "        ],\n"
	      "        \"runcwd\": \"/home/alice\"\n"
	      "    },\n"
	      "    \"reject\": {\n"
	      "        \"reason\": \"command not allowed\",\n"
	      "        \"submit_time\": {\n"
	      "            \"seconds\": 1764158406\n"
	      "        },\n"
	      "        \"submituser\": \"mallory\",\n"
	      "        \"command\": \"/bin/sh\"\n"
	      "    },\n"
	      "    \"accept\": {\n"
	      "        \"submit_time\": {\n"
	      "            \"seconds\": 1764158407\n"
	      "        },\n"
	      "        \"submituser\": \"bob\",\n"
	      "        \"runuser\": \"postgres\",\n"
	      "        \"command\": \"/usr/bin/psql\",\n"
	      "        \"runargv\": [\"psql\", \"-c\", \"select '}'\"]\n"
	      "    }\n"
	      "}\n",
	    fp);
	fclose(fp);
	assert_int_equal(host_read_sudo_log(&h, path, &e), 0);
	assert_int_equal(h.nuses, 2);
	assert_string_equal(h.uses[0].user, "alice");
	assert_string_equal(h.uses[0].runas, "root");
	assert_string_equal(h.uses[0].command,
	    "/usr/bin/less /var/log/{syslog}");
	assert_int_equal(h.uses[0].when, 1764158405);
	assert_string_equal(h.uses[1].user, "bob");
	assert_string_equal(h.uses[1].runas, "postgres");
	assert_string_equal(h.uses[1].command, "/usr/bin/psql -c select '}'");
	assert_int_equal(h.uses[1].when, 1764158407);
	host_db_release(&h);
	unlink(path);
}

/* ---- the connector, on tests/data/sudoers/fleet ---- */

static struct db *
pull_fleet(const char *only, int *rc, struct err *e)
{
	struct db *db = NULL;
	struct sink *sink = NULL;
	struct catalog *cat = catalog_new();
	struct sb dir = SB_INIT, p[5];
	struct sudoers_host_files f = { 0 };
	const char *hosts[] = { "db01", "web01", NULL };
	const char *logs[2] = { NULL, NULL };
	int i, k;

	setenv("TZ", "UTC", 1);
	tzset();
	sb_addf(&dir, "%s/catalog", share_dir());
	if (catalog_load_dir(cat, dir.buf, e) != 0)
		fail_msg("catalog: %s", e->msg);
	if (db_open(&db, ":memory:", DB_CREATE, e) != 0)
		fail_msg("db_open: %s", e->msg);
	if (sink_open(db, "fleet", "sudoers", &sink, e) != 0)
		fail_msg("sink_open: %s", e->msg);
	for (k = 0; k < 5; k++)
		sb_init(&p[k]);
	*rc = 0;
	for (i = 0; hosts[i] != NULL && *rc == 0; i++) {
		if (only != NULL && strcmp(only, hosts[i]) != 0)
			continue;
		for (k = 0; k < 5; k++)
			sb_reset(&p[k]);
		sb_addf(&p[0], "%s/sudoers/fleet/%s", data_dir(), hosts[i]);
		sb_addf(&p[1], "%s/etc/sudoers", p[0].buf);
		sb_addf(&p[2], "%s/etc/passwd", p[0].buf);
		sb_addf(&p[3], "%s/etc/group", p[0].buf);
		sb_addf(&p[4], "%s/var/log/auth.log", p[0].buf);
		f.host = hosts[i];
		f.root = p[0].buf;
		f.sudoers = p[1].buf;
		f.passwd = p[2].buf;
		f.group = p[3].buf;
		logs[0] = p[4].buf;
		f.logs = logs;
		*rc = sudoers_pull_host(sink, cat, &f, e);
	}
	if (*rc != 0)
		sink_abort(sink, e->msg);
	else if ((*rc = sink_commit(sink, NULL, e)) != 0)
		fail_msg("commit: %s", e->msg);
	for (k = 0; k < 5; k++)
		sb_release(&p[k]);
	sb_release(&dir);
	catalog_free(cat);
	return db;
}

static void
test_fleet_rules(void **state)
{
	struct err e = ERR_INIT;
	struct db *db;
	int rc;

	(void)state;
	db = pull_fleet(NULL, &rc, &e);
	assert_int_equal(rc, 0);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement WHERE "
			     "kind = 'sudo-rule'"),
	    10);
	/* root ALL on both hosts, tier 0. */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement WHERE "
			     "name LIKE 'ALL:ALL ALL on %' AND tier = "
			     "0 AND techniques = 'T1548.003'"),
	    2);
	/* ALL minus a list is still ALL. */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement WHERE "
			     "name = 'root ALL, !/bin/su, !/bin/bash "
			     "on db01' AND tier = 0 AND reason LIKE "
			     "'%ALL minus a list is still ALL%'"),
	    1);
	/*
	 * NOEXEC takes vim's shell escape away; NOPASSWD vim keeps it, and
	 * a shell escape is root in one step: tier 0.
	 */
	assert_int_equal(db_count(db,
			     "SELECT tier FROM entitlement WHERE name "
			     "= 'root /usr/bin/vim /etc/motd on db01 "
			     "(NOEXEC)'"),
	    3);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement WHERE "
			     "name LIKE 'root /usr/bin/vim "
			     "/etc/postgresql/%' AND tier = 0 AND "
			     "reason LIKE '%shell escape: :!sh%' AND reason "
			     "LIKE '%NOPASSWD%'"),
	    1);
	/* As postgres: at least tier 2, said so. */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement WHERE "
			     "name LIKE 'postgres /usr/bin/psql%' AND "
			     "tier = 2 AND reason LIKE '%other than "
			     "root%'"),
	    1);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement WHERE "
			     "name LIKE 'root sudoedit /home/%' AND "
			     "tier = 1 AND reason LIKE '%symlink%'"),
	    1);
	/* Weakening Defaults of db01 are facts on its rules. */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement WHERE "
			     "host = 'db01' AND attrs LIKE "
			     "'%timestamp_timeout=-1%' AND attrs LIKE "
			     "'%LD_PRELOAD%'"),
	    7);
	/* Defaults:%deploy !authenticate covers the deploy rule only. */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement WHERE "
			     "attrs LIKE '%!authenticate%'"),
	    1);
	/* Files are named as on the host, origins too. */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement WHERE "
			     "json_extract(attrs, '$.file') = "
			     "'/etc/sudoers.d/deploy'"),
	    2);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM assignment WHERE "
			     "origin = '/etc/sudoers.d/ops:1'"),
	    1);
	/* old.bak and deploy~ in sudoers.d are skipped, as sudo does. */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement WHERE "
			     "attrs LIKE '%old.bak%' OR attrs LIKE "
			     "'%deploy~%'"),
	    0);
	db_close(db);
}

/* A regex command's last use comes from the log, like any command's. */
static void
test_regex_last_use(void **state)
{
	struct dirfx fx;
	struct sb p = SB_INIT, root = SB_INIT;
	struct db *db = NULL;
	struct sink *sink = NULL;
	struct err e = ERR_INIT;
	struct sudoers_host_files f = { 0 };
	const char *logs[2] = { NULL, NULL };
	char sudoers[128], passwd[128], log[128];

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/parc-test-sudoers-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	path_in(&fx, &p, "etc");
	assert_int_equal(mkdir(p.buf, 0700), 0);
	path_in(&fx, &p, "etc/sudoers");
	snprintf(sudoers, sizeof(sudoers), "%s", p.buf);
	write_file(sudoers,
	    "erin ALL = (root) ^/usr/bin/(less|more)$, "
	    "^/usr/sbin/[a-z]+ctl$\n");
	path_in(&fx, &p, "etc/passwd");
	snprintf(passwd, sizeof(passwd), "%s", p.buf);
	write_file(passwd, "erin:x:1001:1001:Erin:/home/erin:/bin/bash\n");
	path_in(&fx, &p, "auth.log");
	snprintf(log, sizeof(log), "%s", p.buf);
	write_file(log,
	    "Nov 20 09:00:00 h1 sudo:     erin : TTY=pts/0 ; "
	    "PWD=/ ; USER=root ; COMMAND=/usr/bin/less "
	    "/var/log/syslog\n"
	    "Nov 22 09:00:00 h1 sudo:     erin : TTY=pts/0 ; "
	    "PWD=/ ; USER=root ; COMMAND=/usr/bin/vim\n");
	f.host = "h1";
	f.root = fx.dir;
	f.sudoers = sudoers;
	f.passwd = passwd;
	logs[0] = log;
	f.logs = logs;
	if (db_open(&db, ":memory:", DB_CREATE, &e) != 0 ||
	    sink_open(db, "h", "sudoers", &sink, &e) != 0)
		fail_msg("%s", e.msg);
	{
		struct catalog *cat = catalog_new();

		sb_addf(&root, "%s/catalog", share_dir());
		if (catalog_load_dir(cat, root.buf, &e) != 0 ||
		    sudoers_pull_host(sink, cat, &f, &e) != 0 ||
		    sink_commit(sink, NULL, &e) != 0)
			fail_msg("%s", e.msg);
		catalog_free(cat);
	}
	/* less matched the first regex; vim matched neither */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM assignment WHERE "
			     "last_used_at LIKE '%-11-20T09:00:00Z'"),
	    1);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM assignment WHERE "
			     "last_used_at LIKE '%-11-22%'"),
	    0);
	db_close(db);
	rm_rf(fx.dir);
	sb_release(&p);
	sb_release(&root);
}

static void
test_fleet_who(void **state)
{
	struct err e = ERR_INIT;
	struct db *db;
	int rc;

	(void)state;
	db = pull_fleet(NULL, &rc, &e);
	assert_int_equal(rc, 0);
	/* "ALL, !erin": everyone on db01 but erin. */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM assignment a JOIN "
			     "entitlement t ON t.id = a.entitlement_id "
			     "WHERE t.name = 'root /usr/bin/find on "
			     "db01'"),
	    4);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM effective_grant g "
			     "JOIN principal p ON p.id = g.account_id "
			     "JOIN entitlement t ON t.id = "
			     "g.entitlement_id WHERE t.name = 'root "
			     "/usr/bin/find on db01' AND p.name = "
			     "'erin'"),
	    0);
	/* %deploy: assigned to the group, held by its members. */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM assignment a JOIN "
			     "principal p ON p.id = a.principal_id "
			     "WHERE p.ext_id = 'web01:group:deploy'"),
	    1);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM effective_grant g "
			     "JOIN principal p ON p.id = g.account_id "
			     "JOIN entitlement t ON t.id = "
			     "g.entitlement_id WHERE t.name LIKE "
			     "'root /usr/bin/systemctl%' AND p.name IN "
			     "('bob', 'deployer')"),
	    2);
	/* User_Alias DBAS, Host_Alias DBHOSTS = db*, !db99 match db01. */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM effective_grant g "
			     "JOIN principal p ON p.id = g.account_id "
			     "JOIN entitlement t ON t.id = "
			     "g.entitlement_id WHERE t.name LIKE "
			     "'postgres %' AND p.name IN ('dave', "
			     "'erin')"),
	    2);
	/* Kinds: root is break-glass, system accounts are services. */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM principal WHERE "
			     "ext_id = 'web01:user:root' AND kind = "
			     "'break-glass'"),
	    1);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM principal WHERE "
			     "ext_id = 'web01:user:www-data' AND kind "
			     "= 'service' AND enabled = 0"),
	    1);
	/*
	 * Last use from the sudo log; a refused attempt does not count. A
	 * group's assignment keeps each member's own last use in attrs: one
	 * member's use says nothing of another's.
	 */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM assignment a JOIN "
			     "principal p ON p.id = a.principal_id "
			     "WHERE p.ext_id = 'web01:group:deploy' "
			     "AND a.last_used_at IS NULL AND "
			     "json_extract(a.attrs, "
			     "'$.member_last_use.deployer') = "
			     "'2026-11-21T10:00:00Z' AND "
			     "json_extract(a.attrs, "
			     "'$.member_last_use.bob') IS NULL"),
	    1);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM assignment a JOIN "
			     "principal p ON p.id = a.principal_id "
			     "JOIN entitlement t ON t.id = "
			     "a.entitlement_id WHERE p.ext_id = "
			     "'db01:user:dave' AND t.name LIKE "
			     "'postgres %' AND a.last_used_at LIKE "
			     "'%-11-18T08:00:00Z'"),
	    1);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM assignment WHERE "
			     "last_used_at IS NOT NULL"),
	    2);
	db_close(db);
}

/* The rule named name (pulled as h1) has tier and a reason like reason. */
static void
rule_is(struct db *db, const char *name, int tier, const char *reason)
{
	struct sb q = SB_INIT;
	int t, have = -2;

	sb_addf(&q,
	    "SELECT count(*) FROM entitlement WHERE name = '%s' AND"
	    " tier = %d AND reason LIKE '%s'",
	    name, tier, reason);
	if (db_count(db, q.buf) != 1) {
		for (t = 0; t <= 3; t++) {
			sb_reset(&q);
			sb_addf(&q,
			    "SELECT count(*) FROM entitlement WHERE"
			    " name = '%s' AND tier = %d",
			    name, t);
			if (db_count(db, q.buf) > 0)
				have = t;
		}
		fail_msg("%s: want tier %d, reason like '%s'; have tier %d",
		    name, tier, reason, have);
	}
	sb_release(&q);
}

/*
 * Root in one step is root: an editor or pager with a shell escape,
 * systemctl, a command users can write, sudoedit of a file that controls
 * root are tier 0 like ALL, the reason saying how; NOEXEC and INTERCEPT
 * still take the escape away.
 */
static void
test_one_step_root(void **state)
{
	struct dirfx fx;
	struct err e = ERR_INIT;
	struct catalog *cat = catalog_new();
	struct db *db = NULL;
	struct sink *sink = NULL;
	struct sudoers_host_files f = { 0 };
	struct sb p = SB_INIT;

	(void)state;
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/parc-test-sudoers-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	sb_addf(&p, "%s/catalog", share_dir());
	if (catalog_load_dir(cat, p.buf, &e) != 0)
		fail_msg("catalog: %s", e.msg);
	sb_reset(&p);
	sb_addf(&p, "%s/sudoers", fx.dir);
	write_file(p.buf,
	    "alice ALL = (root) /usr/bin/less /var/log/syslog\n"
	    "bob ALL = (root) /usr/bin/systemctl restart nginx\n"
	    "carol ALL = (root) NOEXEC: /usr/bin/less /var/log/syslog\n"
	    "dave ALL = (root) sudoedit /etc/sudoers.d/dave\n"
	    "erin ALL = (root) sudoedit /etc/motd\n"
	    "frank ALL = (root) /home/frank/bin/tool\n"
	    "gina ALL = (root) /usr/bin/vim.tiny /etc/hosts\n"
	    "hank ALL = (root) INTERCEPT: /usr/bin/vi /etc/hosts\n"
	    "ivan ALL = (root) sudoedit /etc/motd, sudoedit "
	    "/etc/systemd/system/web.service\n"
	    "judy ALL = (root) /usr/bin/find /srv -name x\n"
	    "ken ALL = (root) /usr/bin/openssl\n");
	assert_int_equal(db_open(&db, ":memory:", DB_CREATE, &e), 0);
	if (sink_open(db, "h1", "sudoers", &sink, &e) != 0)
		fail_msg("sink_open: %s", e.msg);
	f.host = "h1";
	f.sudoers = p.buf;
	if (sudoers_pull_host(sink, cat, &f, &e) != 0 ||
	    sink_commit(sink, NULL, &e) != 0)
		fail_msg("pull: %s", e.msg);
	rule_is(db, "root /usr/bin/less /var/log/syslog on h1", 0,
	    "/usr/bin/less: less has a shell escape: !sh%");
	rule_is(db, "root /usr/bin/systemctl restart nginx on h1", 0,
	    "%systemctl%");
	rule_is(db, "root /usr/bin/less /var/log/syslog on h1 (NOEXEC)", 3,
	    "%");
	rule_is(db, "root sudoedit /etc/sudoers.d/dave on h1", 0,
	    "/etc/sudoers.d/dave: %sudo policy%");
	rule_is(db, "root sudoedit /etc/motd on h1", 3, "%");
	rule_is(db, "root /home/frank/bin/tool on h1", 0, "%users can write%");
	rule_is(db, "root /usr/bin/vim.tiny /etc/hosts on h1", 0,
	    "%shell escape: :!sh%");
	rule_is(db, "root /usr/bin/vi /etc/hosts on h1 (INTERCEPT)", 3, "%");
	rule_is(db,
	    "root sudoedit /etc/motd, sudoedit "
	    "/etc/systemd/system/web.service on h1",
	    0, "/etc/systemd/system/web.service: %");
	rule_is(db, "root /usr/bin/find /srv -name x on h1", 0,
	    "%find . -exec%");
	/* openssl writes any file, a step short of a shell: tier 1 */
	rule_is(db, "root /usr/bin/openssl on h1", 1, "%openssl%");
	db_close(db);
	catalog_free(cat);
	sb_release(&p);
	rm_rf(fx.dir);
}

/* Pull sudoers text as host h1 with the netgroup file text (or none). */
static int
pull_netgroup(struct db *db, const char *dir, const char *sudoers,
    const char *netgroup, struct err *e)
{
	struct catalog *cat = catalog_new();
	struct sink *sink = NULL;
	struct sudoers_host_files f = { 0 };
	struct sb p[3];
	int rc, k;

	for (k = 0; k < 3; k++)
		sb_init(&p[k]);
	sb_addf(&p[0], "%s/sudoers", dir);
	sb_addf(&p[1], "%s/passwd", dir);
	sb_addf(&p[2], "%s/netgroup", dir);
	write_file(p[0].buf, sudoers);
	write_file(p[1].buf,
	    "root:x:0:0:root:/root:/bin/bash\n"
	    "alice:x:1001:1001::/home/alice:/bin/bash\n"
	    "bob:x:1002:1002::/home/bob:/bin/bash\n"
	    "carol:x:1003:1003::/home/carol:/bin/bash\n"
	    "erin:x:1004:1004::/home/erin:/bin/bash\n");
	unlink(p[2].buf);
	if (netgroup != NULL)
		write_file(p[2].buf, netgroup);
	if (sink_open(db, "h1", "sudoers", &sink, e) != 0)
		fail_msg("sink_open: %s", e->msg);
	f.host = "h1";
	f.sudoers = p[0].buf;
	f.passwd = p[1].buf;
	f.netgroup = netgroup != NULL ? p[2].buf : NULL;
	if ((rc = sudoers_pull_host(sink, cat, &f, e)) != 0)
		sink_abort(sink, e->msg);
	else
		rc = sink_commit(sink, NULL, e);
	catalog_free(cat);
	for (k = 0; k < 3; k++)
		sb_release(&p[k]);
	return rc;
}

/* The accounts holding the rule on command cmd, "a,b,c" by name. */
static int64_t
holders_are(struct db *db, const char *cmd, const char *want)
{
	struct sb q = SB_INIT;
	int64_t n;

	sb_addf(&q,
	    "SELECT count(*) FROM (SELECT group_concat(name, ',') AS l FROM"
	    " (SELECT p.name FROM effective_grant g JOIN principal p ON"
	    " p.id = g.account_id JOIN entitlement t ON t.id ="
	    " g.entitlement_id WHERE t.name LIKE 'root %s on h1%%' ORDER BY"
	    " 1)) WHERE l = '%s'",
	    cmd, want);
	n = db_count(db, q.buf);
	sb_release(&q);
	return n;
}

/*
 * +netgroup members come from the host's netgroup file (nested
 * netgroups, continuation lines, directory users passwd lacks, an empty
 * user field for anyone); without the file, or without the netgroup in
 * it, the netgroup holds the rule itself, said unresolved.
 */
static void
test_netgroups(void **state)
{
	struct dirfx fx;
	struct err e = ERR_INIT;
	struct db *db = NULL;
	const char *sudoers = "+admins ALL = (root) /usr/bin/id\n"
			      "+ghosts ALL = (root) /usr/bin/uptime\n"
			      "+anyone ALL = (root) /usr/bin/w\n"
			      "alice +webhosts = (root) /usr/bin/top\n"
			      "alice +thesehosts = (root) /usr/bin/free\n"
			      "alice +otherhosts = (root) /usr/bin/df\n";
	const char *netgroup = "# netgroup(5)\n"
			       "admins (,alice,) (-,bob,example.org) ops\n"
			       "ops (web01,carol,) \\\n"
			       "    (, dora ,) admins\n"
			       "anyone (h1,,)\n"
			       "webhosts (web01,,) (db01.example.org,,)\n"
			       "thesehosts webhosts (h1.example.org,-,)\n";

	(void)state;
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/parc-test-sudoers-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	assert_int_equal(db_open(&db, ":memory:", DB_CREATE, &e), 0);
	if (pull_netgroup(db, fx.dir, sudoers, netgroup, &e) != 0)
		fail_msg("pull: %s", e.msg);
	assert_int_equal(holders_are(db, "/usr/bin/id", "alice,bob,carol,dora"),
	    1);
	assert_int_equal(holders_are(db, "/usr/bin/w",
			     "alice,bob,carol,erin,root"),
	    1);
	assert_int_equal(holders_are(db, "/usr/bin/uptime", "+ghosts"), 1);
	/* a host netgroup decides where a rule applies: h1 is not web01 */
	assert_int_equal(holders_are(db, "/usr/bin/top", "alice"), 0);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement WHERE name LIKE"
			     " 'root /usr/bin/top%'"),
	    0);
	assert_int_equal(holders_are(db, "/usr/bin/free", "alice"), 1);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement WHERE name LIKE"
			     " 'root /usr/bin/free%' AND attrs NOT LIKE"
			     " '%assumed%'"),
	    1);
	/* a netgroup the file lacks: assumed to apply, and said so */
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement WHERE name LIKE"
			     " 'root /usr/bin/df%' AND attrs LIKE '%assumed%'"),
	    1);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM principal WHERE name ="
			     " '+ghosts' AND kind = 'shared' AND attrs ->>"
			     " 'unresolved' = 'the host''s netgroup file does"
			     " not define it'"),
	    1);
	/* no netgroup file: unresolved, still a holder */
	if (pull_netgroup(db, fx.dir, sudoers, NULL, &e) != 0)
		fail_msg("pull: %s", e.msg);
	assert_int_equal(holders_are(db, "/usr/bin/id", "+admins"), 1);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM principal WHERE name ="
			     " '+admins' AND attrs ->> 'unresolved' LIKE"
			     " '%no netgroup file%'"),
	    1);
	/* a broken file names its line, and changes nothing */
	assert_int_equal(pull_netgroup(db, fx.dir, sudoers,
			     "admins (,alice,)\nops (web01,carol\n", &e),
	    PARC_EDATA);
	assert_non_null(strstr(e.msg, "/netgroup:2: netgroup ops: a triple"));
	assert_int_equal(holders_are(db, "/usr/bin/id", "+admins"), 1);
	db_close(db);
	rm_rf(fx.dir);
}

/* Pull text as host h1 into db as source name. */
static int
pull_text(struct db *db, const char *name, const char *dir, const char *text,
    struct err *e)
{
	struct catalog *cat = catalog_new();
	struct sink *sink = NULL;
	struct sudoers_host_files f = { 0 };
	struct sb p = SB_INIT;
	int rc;

	sb_addf(&p, "%s/%s", dir, name);
	write_file(p.buf, text);
	if (sink_open(db, name, "sudoers", &sink, e) != 0)
		fail_msg("sink_open: %s", e->msg);
	f.host = "h1";
	f.sudoers = p.buf;
	if ((rc = sudoers_pull_host(sink, cat, &f, e)) != 0)
		sink_abort(sink, e->msg);
	else
		rc = sink_commit(sink, NULL, e);
	catalog_free(cat);
	sb_release(&p);
	return rc;
}

static void
test_ext_id_stable_across_line_moves(void **state)
{
	struct dirfx fx;
	struct err e = ERR_INIT;
	struct db *db = NULL;

	(void)state;
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/parc-test-sudoers-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	assert_int_equal(db_open(&db, ":memory:", DB_CREATE, &e), 0);
	assert_int_equal(pull_text(db, "one", fx.dir,
			     "alice ALL = (root) NOPASSWD: /bin/a, /bin/b\n",
			     &e),
	    0);
	/* The same rule further down, written differently. */
	assert_int_equal(pull_text(db, "two", fx.dir,
			     "# moved\n\nDefaults env_reset\n"
			     "alice   ALL=(root)   NOPASSWD:/bin/a,\\\n"
			     "  /bin/b\n",
			     &e),
	    0);
	/* A different rule: another id. */
	assert_int_equal(pull_text(db, "three", fx.dir,
			     "alice ALL = (root) /bin/a, /bin/b\n", &e),
	    0);
	assert_int_equal(db_count(db, "SELECT count(*) FROM entitlement"), 3);
	assert_int_equal(db_count(db,
			     "SELECT count(DISTINCT ext_id) FROM "
			     "entitlement"),
	    2);
	assert_int_equal(db_count(db,
			     "SELECT count(*) FROM entitlement e1 "
			     "JOIN entitlement e2 ON e1.ext_id = "
			     "e2.ext_id AND e1.id < e2.id WHERE e1.name "
			     "= 'root /bin/a, /bin/b on h1 (NOPASSWD)'"),
	    1);
	db_close(db);
	rm_rf(fx.dir);
}

static void
test_bad_file_imports_nothing(void **state)
{
	struct dirfx fx;
	struct sb p = SB_INIT;
	struct err e = ERR_INIT;
	struct catalog *cat = catalog_new();
	struct db *db = NULL;
	struct sink *sink = NULL;
	struct sudoers_host_files f = { 0 };
	int rc;

	(void)state;
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/parc-test-sudoers-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	path_in(&fx, &p, "sudoers");
	write_file(p.buf, "alice ALL = ALL\nbob ALL = (root\n");
	assert_int_equal(db_open(&db, ":memory:", DB_CREATE, &e), 0);
	assert_int_equal(sink_open(db, "h", "sudoers", &sink, &e), 0);
	f.host = "h1";
	f.sudoers = p.buf;
	rc = sudoers_pull_host(sink, cat, &f, &e);
	assert_int_equal(rc, PARC_EDATA);
	assert_non_null(strstr(e.msg, "/sudoers:2:16: syntax error"));
	sink_abort(sink, e.msg);
	assert_int_equal(db_count(db, "SELECT count(*) FROM entitlement"), 0);
	assert_int_equal(db_count(db, "SELECT count(*) FROM principal"), 0);
	db_close(db);
	catalog_free(cat);
	rm_rf(fx.dir);
	sb_release(&p);
}

/* ---- hostile sizes: a command path, a file ---- */

/*
 * A command path of 8 MB (matching the catalog against it took seconds per
 * megabyte) is an error at once; a file over 64 MB is not read at all.
 */
static void
test_long_command_refused(void **state)
{
	struct sb text = SB_INIT;
	struct dirfx fx;
	struct sb p = SB_INIT;
	struct sudoers_tree *t;
	struct err e = ERR_INIT;
	struct timespec t0, t1;
	FILE *fp;
	size_t i;

	(void)state;
	sb_adds(&text, "alice ALL = /bin/");
	for (i = 0; i < 4096; i++)
		sb_addc(&text, 'a');
	sb_addc(&text, '\n');
	expect_error(text.buf,
	    "t.sudoers:1:13: command path longer than PATH_MAX (4096 bytes)");
	sb_reset(&text);
	sb_adds(&text, "Cmnd_Alias X = /bin/");
	for (i = 0; i < (8u << 20); i++)
		sb_addc(&text, 'a');
	sb_adds(&text, "\nalice ALL = X\n");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(parse(text.buf, &t, &e), PARC_EDATA);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_non_null(strstr(e.msg, "t.sudoers:1:16: command path longer"));
	assert_true(t1.tv_sec - t0.tv_sec < 3);
	sudoers_tree_free(t);
	sb_release(&text);

	snprintf(fx.dir, sizeof(fx.dir), "/tmp/parc-test-sudoers-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	path_in(&fx, &p, "huge");
	assert_non_null(fp = fopen(p.buf, "w"));
	assert_int_equal(ftruncate(fileno(fp), (65L << 20)), 0);
	fclose(fp);
	t = sudoers_tree_new();
	assert_int_equal(sudoers_parse_file(t, p.buf, NULL, &e), PARC_EDATA);
	assert_non_null(strstr(e.msg,
	    "huge: refused: 68157440 bytes, more "
	    "than the 64 MB it may hold"));
	sudoers_tree_free(t);
	rm_rf(fx.dir);
	sb_release(&p);
}

/* ---- hostile includes: a collected host stays in its folder ---- */

/*
 * Pull host web01 of the fleet at dir whose sudoers is text (passwd, when
 * not NULL, the path of its passwd file); returns the code, e the error.
 */
static int
pull_web01(const char *dir, const char *text, const char *passwd, struct err *e)
{
	struct catalog *cat = catalog_new();
	struct sink *sink = NULL;
	struct sudoers_host_files f = { 0 };
	struct db *db = NULL;
	struct sb root = SB_INIT, p = SB_INIT;
	int rc;

	sb_addf(&root, "%s/fleet/web01", dir);
	sb_addf(&p, "%s/etc/sudoers", root.buf);
	write_file(p.buf, text);
	assert_int_equal(db_open(&db, ":memory:", DB_CREATE, e), 0);
	assert_int_equal(sink_open(db, "fleet", "sudoers", &sink, e), 0);
	f.host = "web01";
	f.root = root.buf;
	f.sudoers = p.buf;
	f.passwd = passwd;
	alarm(20); /* a FIFO must not hang the pull */
	rc = sudoers_pull_host(sink, cat, &f, e);
	alarm(0);
	if (rc != 0)
		sink_abort(sink, e->msg);
	else
		assert_int_equal(sink_commit(sink, NULL, e), 0);
	db_close(db);
	catalog_free(cat);
	sb_release(&root);
	sb_release(&p);
	return rc;
}

/* The pull is refused, its message holding want (host file and line). */
static void
expect_refused(const char *dir, const char *text, const char *passwd,
    const char *want)
{
	struct err e = ERR_INIT;

	if (pull_web01(dir, text, passwd, &e) == 0)
		fail_msg("accepted: %s", text);
	if (strstr(e.msg, want) == NULL)
		fail_msg("\"%s\" is not in \"%s\"", want, e.msg);
}

static void
include_escapes(int walk)
{
	struct dirfx fx;
	struct sb p = SB_INIT, q = SB_INIT;
	struct err e = ERR_INIT;

	fsafe_no_openat2 = walk;
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/parc-test-sudoers-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	path_in(&fx, &p, "fleet");
	assert_int_equal(mkdir(p.buf, 0700), 0);
	path_in(&fx, &p, "fleet/web01");
	assert_int_equal(mkdir(p.buf, 0700), 0);
	path_in(&fx, &p, "fleet/web01/etc");
	assert_int_equal(mkdir(p.buf, 0700), 0);
	path_in(&fx, &p, "fleet/web01/etc/sudoers.d");
	assert_int_equal(mkdir(p.buf, 0700), 0);
	path_in(&fx, &p, "outside-sudoers");
	write_file(p.buf, "mallory ALL = (ALL) ALL\n");
	path_in(&fx, &p, "outside");
	assert_int_equal(mkdir(p.buf, 0700), 0);
	path_in(&fx, &p, "outside/x");
	write_file(p.buf, "mallory ALL = (ALL) ALL\n");
	path_in(&fx, &p, "fleet/web01/etc/sudoers.d/ok");
	write_file(p.buf, "alice ALL = /bin/ls\n");

	/* inside the folder: fine, absolute paths rooted in it */
	assert_int_equal(pull_web01(fx.dir,
			     "@include sudoers.d/ok\n"
			     "@includedir /etc/sudoers.d\n",
			     NULL, &e),
	    0);
	/* ".." out of the host's folder, into another file and /etc */
	expect_refused(fx.dir, "\n@include ../../../outside-sudoers\n", NULL,
	    "/fleet/web01/etc/sudoers:2:10: ");
	expect_refused(fx.dir, "@include ../../../outside-sudoers\n", NULL,
	    "leads out of the host's folder");
	expect_refused(fx.dir,
	    "@include ../../../../../../../../../../etc/passwd\n", NULL,
	    "leads out of the host's folder");
	/* a symbolic link to a file outside, as a file and in a folder */
	path_in(&fx, &p, "fleet/web01/etc/sudoers.d/evil");
	path_in(&fx, &q, "outside-sudoers");
	assert_int_equal(symlink(q.buf, p.buf), 0);
	expect_refused(fx.dir, "@includedir /etc/sudoers.d\n", NULL,
	    "sudoers.d/evil: refused: a symbolic link");
	assert_int_equal(unlink(p.buf), 0);
	path_in(&fx, &p, "fleet/web01/etc/inc");
	path_in(&fx, &q, "outside");
	assert_int_equal(symlink(q.buf, p.buf), 0);
	/* openat2 says it leads out; the walk follows no link at all */
	expect_refused(fx.dir, "@include /etc/inc/x\n", NULL,
	    walk ? "etc/inc/x: refused: a symbolic link"
		 : "leads out of the host's folder");
	/* /dev/zero through a link, a FIFO, a folder: not regular files */
	path_in(&fx, &p, "fleet/web01/etc/zero");
	assert_int_equal(symlink("/dev/zero", p.buf), 0);
	expect_refused(fx.dir, "@include zero\n", NULL, "etc/sudoers:1:10: ");
	expect_refused(fx.dir, "@include zero\n", NULL, "refused");
	path_in(&fx, &p, "fleet/web01/etc/fifo");
	assert_int_equal(mkfifo(p.buf, 0600), 0);
	expect_refused(fx.dir, "@include fifo\n", NULL,
	    "etc/fifo: refused: not a regular file");
	expect_refused(fx.dir, "@include sudoers.d\n", NULL,
	    "etc/sudoers.d: refused: not a regular file");
	/* the host's passwd linked to this machine's */
	path_in(&fx, &p, "fleet/web01/etc/passwd");
	assert_int_equal(symlink("/etc/passwd", p.buf), 0);
	expect_refused(fx.dir, "alice ALL = /bin/ls\n", p.buf,
	    "etc/passwd: refused: a symbolic link");
	rm_rf(fx.dir);
	sb_release(&p);
	sb_release(&q);
	fsafe_no_openat2 = 0;
}

static void
test_include_escapes_refused(void **state)
{
	(void)state;
	include_escapes(0);
	/* the same, resolved as a kernel without openat2 does */
	include_escapes(1);
}

/* ---- hostile aliases: deep, exponential, cyclic ---- */

/* How many grants alice holds after pulling text (the host is h1). */
static int
alice_grants(const char *name, const char *text, struct err *e)
{
	struct dirfx fx;
	struct db *db = NULL;
	int n;

	snprintf(fx.dir, sizeof(fx.dir), "/tmp/parc-test-sudoers-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	assert_int_equal(db_open(&db, ":memory:", DB_CREATE, e), 0);
	if (pull_text(db, name, fx.dir, text, e) != 0)
		fail_msg("pull %s: %s", name, e->msg);
	n = db_count(db,
	    "SELECT count(*) FROM effective_grant g JOIN principal p"
	    " ON p.id = g.account_id JOIN entitlement n"
	    " ON n.id = g.entitlement_id WHERE p.name = 'alice'"
	    " AND n.name LIKE '%/bin/sh%'");
	db_close(db);
	rm_rf(fx.dir);
	return n;
}

/*
 * User_Alias and Cmnd_Alias chains 65 and 10,000 deep (sudo's own
 * cvtsudoers -e expands 1,000): alice still holds the shell at the end.
 */
static void
test_deep_alias_chains(void **state)
{
	static const int depths[] = { 65, 10000 };
	struct err e = ERR_INIT;
	struct sb text = SB_INIT;
	size_t k;
	int i;

	(void)state;
	for (k = 0; k < sizeof(depths) / sizeof(depths[0]); k++) {
		sb_reset(&text);
		for (i = 0; i < depths[k] - 1; i++)
			sb_addf(&text,
			    "User_Alias U%d = U%d\n"
			    "Cmnd_Alias C%d = C%d\n",
			    i, i + 1, i, i + 1);
		sb_addf(&text,
		    "User_Alias U%d = alice\n"
		    "Cmnd_Alias C%d = /bin/sh\n"
		    "U0 ALL = (root) C0\n",
		    i, i);
		assert_int_equal(alice_grants("deep", text.buf, &e), 1);
	}
	sb_release(&text);
}

/*
 * A "diamond" 40 levels deep: each level's two aliases both hold the next
 * level's two, so following every path would expand 2^40 members (121 s
 * and 18.8 GB before aliases were expanded once each). The guard here is
 * loose, for a loaded machine and a sanitizer build: the figures (time,
 * peak memory) are tests/bench/bench_hostile.sh's to print.
 */
static void
test_alias_diamond(void **state)
{
	struct err e = ERR_INIT;
	struct sb text = SB_INIT;
	struct timespec t0, t1;
	double secs;
	int i;

	(void)state;
	for (i = 0; i < 40; i++)
		sb_addf(&text,
		    "User_Alias UA%d = UA%d, UB%d\nUser_Alias UB%d = UA%d, "
		    "UB%d\n"
		    "Cmnd_Alias CA%d = CA%d, CB%d\nCmnd_Alias CB%d = CA%d, "
		    "CB%d\n",
		    i, i + 1, i + 1, i, i + 1, i + 1, i, i + 1, i + 1, i, i + 1,
		    i + 1);
	sb_adds(&text,
	    "User_Alias UA40 = alice\nUser_Alias UB40 = alice\n"
	    "Cmnd_Alias CA40 = /bin/sh\nCmnd_Alias CB40 = /bin/sh\n"
	    "UA0, UB0 ALL = (root) CA0, CB0\n");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(alice_grants("diamond", text.buf, &e), 1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	sb_release(&text);
	if (secs >= 10.0)
		fail_msg("the diamond took %.2f s", secs);
}

/* An alias that holds itself is refused as visudo -s refuses it. */
static void
test_alias_cycles_refused(void **state)
{
	(void)state;
	expect_error("User_Alias A = B\nUser_Alias B = C\n"
		     "User_Alias C = A, alice\nA ALL = (ALL) ALL\n",
	    "t.sudoers:3:12: cycle in User_Alias \"A\"");
	expect_error("Cmnd_Alias SH = /bin/sh, !SH\nalice ALL = SH\n",
	    "t.sudoers:1:12: cycle in Cmnd_Alias \"SH\"");
	expect_error("Host_Alias H1 = h2, H2\nHost_Alias H2 = H1\n"
		     "alice H1 = ALL\n",
	    "t.sudoers:2:12: cycle in Host_Alias \"H1\"");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tags_and_runas_carry_over),
		cmocka_unit_test(test_implied_setenv),
		cmocka_unit_test(test_members_and_digests),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_regex_limits),
		cmocka_unit_test(test_regex_in_files),
		cmocka_unit_test(test_included_is_a_comment),
		cmocka_unit_test(test_include_loop_refused),
		cmocka_unit_test(test_includedir_rules_and_root),
		cmocka_unit_test(test_timeouts_and_times),
		cmocka_unit_test(test_json_layout),
		cmocka_unit_test(test_wtmp_last_login),
		cmocka_unit_test(test_sudo_log_lines),
		cmocka_unit_test(test_sudo_log_json_file),
		cmocka_unit_test(test_fleet_rules),
		cmocka_unit_test(test_fleet_who),
		cmocka_unit_test(test_regex_last_use),
		cmocka_unit_test(test_ext_id_stable_across_line_moves),
		cmocka_unit_test(test_one_step_root),
		cmocka_unit_test(test_netgroups),
		cmocka_unit_test(test_bad_file_imports_nothing),
		cmocka_unit_test(test_include_escapes_refused),
		cmocka_unit_test(test_long_command_refused),
		cmocka_unit_test(test_deep_alias_chains),
		cmocka_unit_test(test_alias_cycles_refused),
		cmocka_unit_test(test_alias_diamond),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
