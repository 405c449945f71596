/*
 * sudoers_src.c - the sudoers connector (kind = sudoers); see
 * sudoers_src.h.
 *
 * The source face: the configuration, one host or a collected fleet of
 * them; each host goes to sudoers_pull_host() (sudoers_emit.c).
 */
#include <sys/stat.h>

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/sb.h"
#include "sync/sudoers_src.h"

static const char *const sudoers_keys[] = { "path", "host", "root",
	"passwd_file", "group_file", "netgroup_file", "wtmp", "sudo_log",
	NULL };

struct ssrc {
	char *path, *host, *root, *passwd, *group, *netgroup, *wtmp, *log;
	struct catalog *cat;
};

static void sudoers_close(void *state);
static int exists(const char *path);

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
		s->netgroup = conf_path(c, sec, "netgroup_file");
		if (s->netgroup == NULL && exists("/etc/netgroup"))
			s->netgroup = xstrdup("/etc/netgroup");
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
	free(s->netgroup);
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
	struct sb p[6];
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
	for (k = 0; k < 6; k++)
		sb_init(&p[k]);
	for (i = 0; i < n && rc == 0; i++) {
		struct sudoers_host_files f = { 0 };

		for (k = 0; k < 6; k++)
			sb_reset(&p[k]);
		sb_addf(&p[0], "%s/%s", s->root, hosts[i]);
		sb_addf(&p[1], "%s/etc/sudoers", p[0].buf);
		if (!exists(p[1].buf))
			continue;
		sb_addf(&p[2], "%s/etc/passwd", p[0].buf);
		sb_addf(&p[3], "%s/etc/group", p[0].buf);
		sb_addf(&p[4], "%s/var/log/wtmp", p[0].buf);
		sb_addf(&p[5], "%s/etc/netgroup", p[0].buf);
		f.host = hosts[i];
		f.sudoers = p[1].buf;
		f.root = p[0].buf;
		f.passwd = exists(p[2].buf) ? p[2].buf : NULL;
		f.group = exists(p[3].buf) ? p[3].buf : NULL;
		f.wtmp = exists(p[4].buf) ? p[4].buf : NULL;
		f.netgroup = exists(p[5].buf) ? p[5].buf : NULL;
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
	for (k = 0; k < 6; k++)
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
	f.netgroup = s->netgroup;
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
