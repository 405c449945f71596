/*
 * demo_sudoers.c - the demo's collected Linux fleet; see demo_sudoers.h.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utmp.h>

#include "lib/sb.h"
#include "tui/demo/demo_sudoers.h"

#define MAXPICK 4

/* The people the fleet's accounts belong to. */
struct cast {
	const struct demo_person *ops[MAXPICK], *eng[MAXPICK], *stale;
	size_t nops, neng;
};

static void
pick(struct demo *d, struct cast *c)
{
	const struct demo_person *p;
	size_t n, i;

	p = demo_people(d, &n);
	memset(c, 0, sizeof(*c));
	c->stale = demo_find(d, DEMO_STALE_ADMIN, NULL);
	for (i = 0; i < n; i++) {
		if (p[i].flags & DEMO_TERMINATED)
			continue;
		if (strcmp(p[i].department, "IT Operations") == 0 &&
		    c->nops < MAXPICK)
			c->ops[c->nops++] = &p[i];
		else if (strcmp(p[i].department, "Engineering") == 0 &&
		    c->neng < MAXPICK)
			c->eng[c->neng++] = &p[i];
	}
	/* A small organisation: borrow from the top of the list. */
	for (i = 1; c->nops < MAXPICK && i < n; i++)
		if (!(p[i].flags & DEMO_TERMINATED))
			c->ops[c->nops++] = &p[i];
	for (i = n; c->neng < MAXPICK && i-- > 1;)
		if (!(p[i].flags & DEMO_TERMINATED))
			c->eng[c->neng++] = &p[i];
}

static int
put_text(struct demo *d, FILE *fp, void *arg, struct err *e)
{
	(void)d;
	(void)e;
	fputs(arg, fp);
	return 0;
}

static int
write_text(struct demo *d, const char *name, const char *text, struct err *e)
{
	return demo_write(d, name, put_text, (void *)text, e);
}

static int
mkdir_p(const char *dir, const char *rel, struct err *e)
{
	struct sb p = SB_INIT;
	const char *s = rel, *slash;
	int rc = 0;

	for (;;) {
		slash = strchr(s, '/');
		sb_reset(&p);
		sb_addf(&p, "%s/", dir);
		sb_add(&p, rel, slash ? (size_t)(slash - rel) : strlen(rel));
		if (mkdir(p.buf, 0700) != 0 && errno != EEXIST) {
			rc = err_set(e, PARC_EIO, "cannot create %s: %s", p.buf,
			    strerror(errno));
			break;
		}
		if (slash == NULL)
			break;
		s = slash + 1;
	}
	sb_release(&p);
	return rc;
}

/* One passwd line for a person's login, uid from 1000 on. */
static void
passwd_line(struct sb *sb, const struct demo_person *p, long uid)
{
	/* GECOS holds no ':' or newline; the demo's names have neither. */
	sb_addf(sb, "%s:x:%ld:%ld:%s:/home/%s:/bin/bash\n", p->login, uid, uid,
	    p->display_name, p->login);
}

static const char base_passwd[] =
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "bin:x:2:2:bin:/bin:/usr/sbin/nologin\n"
    "sys:x:3:3:sys:/dev:/usr/sbin/nologin\n"
    "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
    "sshd:x:105:65534::/run/sshd:/usr/sbin/nologin\n";

static const char debian_sudoers[] =
    "#\n"
    "# This file MUST be edited with the 'visudo' command as root.\n"
    "#\n"
    "Defaults\tenv_reset\n"
    "Defaults\tmail_badpass\n"
    "Defaults\tsecure_path=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:"
    "/usr/bin:/sbin:/bin\"\n"
    "Defaults\tuse_pty\n"
    "\n"
    "# User privilege specification\n"
    "root\tALL=(ALL:ALL) ALL\n"
    "\n"
    "# Allow members of group sudo to execute any command\n"
    "%sudo\tALL=(ALL:ALL) ALL\n"
    "\n"
    "@includedir /etc/sudoers.d\n";

/* wtmp: one login per listed user at the given time. */
struct logins {
	const char *user[8];
	time_t when[8];
	int n;
};

static int
put_wtmp(struct demo *d, FILE *fp, void *arg, struct err *e)
{
	const struct logins *l = arg;
	struct utmp u;
	int i;

	(void)d;
	(void)e;
	for (i = 0; i < l->n; i++) {
		memset(&u, 0, sizeof(u));
		u.ut_type = USER_PROCESS;
		u.ut_pid = 1000 + i;
		snprintf(u.ut_line, sizeof(u.ut_line), "pts/%d", i);
		strncat(u.ut_user, l->user[i], sizeof(u.ut_user) - 1);
		snprintf(u.ut_host, sizeof(u.ut_host), "10.0.8.%d", 20 + i);
		u.ut_tv.tv_sec = (int32_t)l->when[i];
		fwrite(&u, sizeof(u), 1, fp);
	}
	return 0;
}

/*
 * A fixed time moved to the as-of day (demo_shift()): the demo's bytes
 * never depend on the clock.
 */
static time_t
at(const struct demo *d, int y, int mo, int day, int h, int mi)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = day;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return timegm(&tm) + (time_t)demo_shift(d) * 86400;
}

static void
log_line(struct sb *sb, const char *host, time_t t, const char *user,
    const char *runas, const char *cmd)
{
	struct tm tm;
	char stamp[40];

	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S.000000+00:00", &tm);
	sb_addf(sb,
	    "%s %s sudo: %8s : TTY=pts/0 ; PWD=/home/%s ; USER=%s ; "
	    "COMMAND=%s\n",
	    stamp, host, user, user, runas, cmd);
}

struct host {
	const char *name;
	struct sb sudoers, passwd, group, log;
	struct logins wtmp;
};

static int
write_host(struct demo *d, const char *dir, struct host *h, const char *drop,
    const char *droptext, struct err *e)
{
	struct sb path = SB_INIT, rel = SB_INIT;
	int rc;

	sb_addf(&rel, "fleet/%s/etc/sudoers.d", h->name);
	if ((rc = mkdir_p(dir, rel.buf, e)) != 0)
		goto out;
	sb_reset(&rel);
	sb_addf(&rel, "fleet/%s/var/log", h->name);
	if ((rc = mkdir_p(dir, rel.buf, e)) != 0)
		goto out;
	sb_addf(&path, "fleet/%s/etc/sudoers", h->name);
	if ((rc = write_text(d, path.buf, h->sudoers.buf, e)) != 0)
		goto out;
	sb_reset(&path);
	sb_addf(&path, "fleet/%s/etc/passwd", h->name);
	if ((rc = write_text(d, path.buf, h->passwd.buf, e)) != 0)
		goto out;
	sb_reset(&path);
	sb_addf(&path, "fleet/%s/etc/group", h->name);
	if ((rc = write_text(d, path.buf, h->group.buf, e)) != 0)
		goto out;
	sb_reset(&path);
	sb_addf(&path, "fleet/%s/var/log/auth.log", h->name);
	if ((rc = write_text(d, path.buf, h->log.buf, e)) != 0)
		goto out;
	sb_reset(&path);
	sb_addf(&path, "fleet/%s/var/log/wtmp", h->name);
	if ((rc = demo_write(d, path.buf, put_wtmp, &h->wtmp, e)) != 0)
		goto out;
	if (drop != NULL) {
		sb_reset(&path);
		sb_addf(&path, "fleet/%s/etc/sudoers.d/%s", h->name, drop);
		rc = write_text(d, path.buf, droptext, e);
	}
out:
	sb_release(&path);
	sb_release(&rel);
	return rc;
}

static void
host_init(struct host *h, const char *name)
{
	memset(h, 0, sizeof(*h));
	h->name = name;
	sb_init(&h->sudoers);
	sb_init(&h->passwd);
	sb_init(&h->group);
	sb_init(&h->log);
	sb_adds(&h->passwd, base_passwd);
}

static void
host_release(struct host *h)
{
	sb_release(&h->sudoers);
	sb_release(&h->passwd);
	sb_release(&h->group);
	sb_release(&h->log);
}

static void
add_login(struct host *h, const char *user, time_t when)
{
	if (h->wtmp.n < 8) {
		h->wtmp.user[h->wtmp.n] = user;
		h->wtmp.when[h->wtmp.n] = when;
		h->wtmp.n++;
	}
}

int
demo_sudoers_fleet(struct demo *d, const char *dir, struct err *e)
{
	struct cast c;
	struct host h;
	struct sb drop = SB_INIT;
	const char *o0, *o1, *o2, *e0, *e1, *e2, *stale;
	size_t i;
	int rc = 0;

	pick(d, &c);
	o0 = c.ops[0]->login;
	o1 = c.ops[1]->login;
	o2 = c.ops[2]->login;
	e0 = c.eng[0]->login;
	e1 = c.eng[1]->login;
	e2 = c.eng[2]->login;
	stale = c.stale != NULL ? c.stale->login : o2;
	if ((rc = mkdir_p(dir, "fleet", e)) != 0)
		return rc;

	/* web01 and web02: deploys, and a pager as root for support. */
	for (i = 1; i <= 2 && rc == 0; i++) {
		host_init(&h, i == 1 ? "web01" : "web02");
		sb_adds(&h.sudoers, debian_sudoers);
		passwd_line(&h.passwd, c.ops[0], 1000);
		passwd_line(&h.passwd, c.eng[0], 1001);
		passwd_line(&h.passwd, c.eng[1], 1002);
		sb_adds(&h.passwd,
		    "deployer:x:1100:1100:CI deploy:/home/"
		    "deployer:/bin/sh\n");
		sb_addf(&h.group,
		    "root:x:0:\nsudo:x:27:%s\nwww-data:x:33:\n"
		    "deploy:x:1200:deployer,%s\nsupport:x:1201:%s\n"
		    "%s:x:1000:\n%s:x:1001:\n%s:x:1002:\ndeployer:x:1100:\n",
		    o0, e0, e1, o0, e0, e1);
		log_line(&h.log, h.name, at(d, 2026, 11, 18, 9, 12), "deployer",
		    "root", "/usr/bin/systemctl reload nginx");
		log_line(&h.log, h.name, at(d, 2026, 11, 2, 14, 40), o0, "root",
		    "/usr/bin/apt upgrade");
		add_login(&h, o0, at(d, 2026, 11, 2, 14, 38));
		add_login(&h, e1, at(d, 2026, 6, 30, 8, 0));
		sb_reset(&drop);
		sb_adds(&drop,
		    "# Deploys restart the web server (managed by Ansible)\n"
		    "Cmnd_Alias WEBCTL = /usr/bin/systemctl restart nginx, \\\n"
		    "\t\t    /usr/bin/systemctl reload nginx\n"
		    "%deploy\tweb0[1-2] = (root) NOPASSWD: WEBCTL\n"
		    "\n"
		    "# Support reads the web logs\n"
		    "%support ALL = (root) /usr/bin/less /var/log/nginx/*\n");
		rc = write_host(d, dir, &h, "web", drop.buf, e);
		host_release(&h);
	}

	/* db01: DBAs as postgres; the terminated admin still in sudo. */
	if (rc == 0) {
		host_init(&h, "db01");
		sb_adds(&h.sudoers, debian_sudoers);
		sb_adds(&h.sudoers,
		    "\n# Needed by the vendor's backup agent\n"
		    "Defaults\tenv_keep += \"LD_PRELOAD LD_LIBRARY_PATH\"\n");
		sb_adds(&h.passwd,
		    "postgres:x:110:118:PostgreSQL "
		    "administrator:/var/lib/postgresql:"
		    "/bin/bash\n");
		passwd_line(&h.passwd, c.ops[1], 1000);
		passwd_line(&h.passwd, c.eng[2], 1001);
		if (c.stale != NULL)
			passwd_line(&h.passwd, c.stale, 1002);
		sb_addf(&h.group,
		    "root:x:0:\nsudo:x:27:%s,%s\npostgres:x:118:\n"
		    "dba:x:1300:%s,%s\n",
		    o1, stale, o1, e2);
		log_line(&h.log, "db01", at(d, 2025, 2, 27, 23, 5), stale,
		    "root", "/bin/bash");
		log_line(&h.log, "db01", at(d, 2026, 11, 20, 10, 0), e2,
		    "postgres", "/usr/bin/psql");
		add_login(&h, stale, at(d, 2025, 3, 13, 17, 45));
		add_login(&h, e2, at(d, 2026, 11, 20, 9, 58));
		sb_reset(&drop);
		sb_addf(&drop,
		    "User_Alias\tDBAS = %%dba\n"
		    "Runas_Alias\tDB = postgres\n"
		    "DBAS\tdb01 = (DB) NOPASSWD: /usr/bin/psql, "
		    "/usr/bin/pg_dump *\n"
		    "# Tuning: the DBA lead edits the server config\n"
		    "%s\tdb01 = (root) NOPASSWD: /usr/bin/vim "
		    "/etc/postgresql/15/main/postgresql.conf\n",
		    e2);
		rc = write_host(d, dir, &h, "dba", drop.buf, e);
		host_release(&h);
	}

	/* build01: the CI account may run anything, bar su (still ALL). */
	if (rc == 0) {
		host_init(&h, "build01");
		sb_adds(&h.sudoers, debian_sudoers);
		sb_adds(&h.passwd,
		    "jenkins:x:115:121:Jenkins:/var/lib/"
		    "jenkins:/bin/bash\n");
		passwd_line(&h.passwd, c.eng[0], 1000);
		passwd_line(&h.passwd, c.eng[3], 1001);
		sb_addf(&h.group,
		    "root:x:0:\nsudo:x:27:\njenkins:x:121:\n"
		    "docker:x:999:jenkins,%s,%s\n",
		    e0, c.eng[3]->login);
		log_line(&h.log, "build01", at(d, 2026, 11, 21, 3, 0),
		    "jenkins", "root",
		    "/usr/bin/apt-get install -y build-essential");
		sb_reset(&drop);
		sb_adds(&drop,
		    "# CI needs root for package installs\n"
		    "jenkins\tALL = (ALL) NOPASSWD: ALL, !/bin/su, "
		    "!/usr/bin/su\n"
		    "# Developers manage their containers\n"
		    "%docker\tbuild01 = (root) /usr/bin/docker\n");
		rc = write_host(d, dir, &h, "ci", drop.buf, e);
		host_release(&h);
	}

	/* bastion01: the ops group is never asked for a password. */
	if (rc == 0) {
		host_init(&h, "bastion01");
		sb_adds(&h.sudoers, debian_sudoers);
		sb_adds(&h.sudoers,
		    "Defaults\ttimestamp_timeout=-1\n"
		    "Defaults:%ops\t!authenticate\n");
		passwd_line(&h.passwd, c.ops[0], 1000);
		passwd_line(&h.passwd, c.ops[1], 1001);
		passwd_line(&h.passwd, c.ops[2], 1002);
		sb_addf(&h.group,
		    "root:x:0:\nsudo:x:27:\nops:x:1400:%s,%s,%s\n", o0, o1, o2);
		log_line(&h.log, "bastion01", at(d, 2026, 11, 19, 7, 30), o1,
		    "root", "/usr/bin/systemctl restart sshd");
		add_login(&h, o1, at(d, 2026, 11, 19, 7, 29));
		add_login(&h, o2, at(d, 2025, 9, 1, 12, 0));
		sb_reset(&drop);
		sb_adds(&drop, "%ops\tALL = (ALL) ALL\n");
		rc = write_host(d, dir, &h, "ops", drop.buf, e);
		host_release(&h);
	}

	/* app01: sudoedit under /home, and a script in /tmp. */
	if (rc == 0) {
		host_init(&h, "app01");
		sb_adds(&h.sudoers, debian_sudoers);
		sb_adds(&h.passwd,
		    "appsvc:x:120:130:App service:/srv/app:"
		    "/usr/sbin/nologin\n");
		passwd_line(&h.passwd, c.eng[1], 1000);
		passwd_line(&h.passwd, c.ops[2], 1001);
		sb_addf(&h.group, "root:x:0:\nsudo:x:27:\nappdev:x:1500:%s\n",
		    e1);
		sb_reset(&drop);
		sb_addf(&drop,
		    "%%appdev\tapp01 = (appsvc) sudoedit /home/*/app.conf\n"
		    "%s\tapp01 = (root) NOPASSWD: /tmp/hotfix.sh\n",
		    o2);
		rc = write_host(d, dir, &h, "app", drop.buf, e);
		host_release(&h);
	}
	sb_release(&drop);
	return rc;
}
