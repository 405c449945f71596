/*
 * azure.c - the "azure" source_ops: configuration, the offline files of
 * share/export/azure-export.sh, and the hand-over to azure_emit.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#include "db/catalog.h"
#include "lib/config.h"
#include "lib/sb.h"
#include "sync/azure.h"
#include "sync/azure_live.h"
#include "sync/azure_model.h"
#include "sync/cloud_conf.h"
#include "sync/http.h"

static const char *const azure_keys[] = {
	"tenant_id",
	"client_id",
	"password_file",
	"password_env",
	"password_command",
	"certificate_file",
	"login_endpoint",
	"arm_endpoint",
	"graph_endpoint",
	"allow_insecure",
	"ca_file",
	"timeout",
	"retries",
	"page_size",
	"subscriptions",
	"path",
	NULL,
};

/* Keys that only mean something live. */
static const char *const live_keys[] = {
	"client_id",
	"password_file",
	"password_env",
	"password_command",
	"certificate_file",
	"login_endpoint",
	"arm_endpoint",
	"graph_endpoint",
	"allow_insecure",
	"ca_file",
	"timeout",
	"retries",
	"page_size",
	NULL,
};

struct azsrc {
	const struct config *c;
	const struct conf_section *sec;
	char *name;
	char *dir; /* offline */
	char *tenant_id, *client_id;
	char *cert_path; /* certificate_file, or NULL for a secret */
	char *login, *arm, *graph;
	struct cloud_conf cc;
	char **subs; /* NULL-terminated, lower case; NULL: all */
	struct az_live_opts lo;
	struct catalog *cat;
};

static void azure_close(void *state);

/* "all", or a list of subscription GUIDs (comma or blank separated). */
static int
parse_subs(struct azsrc *s, const char *v, const char *where, struct err *e)
{
	const char *p = v;
	size_t n, k = 0;
	char *one;

	if (v == NULL || strcasecmp(v, "all") == 0)
		return 0;
	s->subs = xcalloc(strlen(v) / 2 + 2, sizeof(*s->subs));
	while (*(p += strspn(p, " \t,")) != '\0') {
		n = strcspn(p, " \t,");
		one = xstrndup_lower(p, n);
		if (!az_is_guid(one)) {
			err_set(e, PARC_ECONFIG,
			    "%s: [source %s] subscriptions: '%.60s' is not a "
			    "subscription id (a GUID), nor 'all'",
			    where, s->name, one);
			free(one);
			return PARC_ECONFIG;
		}
		s->subs[k++] = one;
		p += n;
	}
	if (k == 0)
		return err_set(e, PARC_ECONFIG,
		    "%s: [source %s] subscriptions is empty: give 'all' or "
		    "subscription ids",
		    where, s->name);
	return 0;
}

static int
azure_open(const struct config *c, const struct conf_section *sec, void **state,
    struct err *e)
{
	static const char *const ep_keys[] = { "login_endpoint", "arm_endpoint",
		"graph_endpoint" };
	struct azsrc *s;
	char where[PATH_MAX + 32];
	int rc = 0, i;
	char **ep[3];

	*state = NULL;
	if ((rc = conf_check_keys(c, sec, azure_keys, e)) != 0)
		return rc;
	s = xcalloc(1, sizeof(*s));
	s->c = c;
	s->sec = sec;
	s->name = xstrdup(sec->name);
	s->dir = conf_path(c, sec, "path");
	if ((s->tenant_id = cloud_conf_dup(sec, "tenant_id", NULL)) != NULL) {
		char *l = xstrdup_lower(s->tenant_id);

		free(s->tenant_id);
		s->tenant_id = l;
		if (!az_is_guid(l)) {
			rc = err_set(e, PARC_ECONFIG,
			    "%s: [source %s] tenant_id must be the tenant's "
			    "id (a GUID), not '%.60s'",
			    conf_where(c, conf_line(sec, "tenant_id"), where,
				sizeof(where)),
			    sec->name, l);
			goto out;
		}
	}
	if ((rc = parse_subs(s, conf_get(sec, "subscriptions"),
		 conf_where(c, conf_line(sec, "subscriptions"), where,
		     sizeof(where)),
		 e)) != 0)
		goto out;
	if (s->dir != NULL) {
		if ((rc = cloud_conf_offline(c, sec, live_keys, "Azure", "path",
			 e)) != 0)
			goto out;
	} else {
		if (s->tenant_id == NULL ||
		    (s->client_id = cloud_conf_dup(sec, "client_id", NULL)) ==
			NULL) {
			rc = err_set(e, PARC_ECONFIG,
			    "%s: [source %s] needs tenant_id and client_id "
			    "(an application with a client secret in "
			    "password_file, password_env or "
			    "password_command), or path = DIR of az CLI "
			    "exports",
			    conf_where(c, sec->line, where, sizeof(where)),
			    sec->name);
			goto out;
		}
		s->cert_path = conf_path(c, sec, "certificate_file");
		if ((conf_get(sec, "password_file") == NULL &&
			conf_get(sec, "password_env") == NULL &&
			conf_get(sec, "password_command") == NULL) ==
		    (s->cert_path == NULL)) {
			rc = err_set(e, PARC_ECONFIG,
			    "%s: [source %s] needs the client secret "
			    "(password_file, password_env or password_command) "
			    "or certificate_file, not both",
			    conf_where(c, sec->line, where, sizeof(where)),
			    sec->name);
			goto out;
		}
		s->login = cloud_conf_dup(sec, "login_endpoint",
		    "https://login.microsoftonline.com");
		s->arm = cloud_conf_dup(sec, "arm_endpoint",
		    "https://management.azure.com");
		s->graph = cloud_conf_dup(sec, "graph_endpoint",
		    "https://graph.microsoft.com");
		if ((rc = cloud_conf_read(c, sec, 999, &s->cc, e)) != 0)
			goto out;
		ep[0] = &s->login;
		ep[1] = &s->arm;
		ep[2] = &s->graph;
		for (i = 0; i < 3; i++) {
			size_t n = strlen(*ep[i]);

			/* one form: no trailing slash */
			while (n > 0 && (*ep[i])[n - 1] == '/')
				(*ep[i])[--n] = '\0';
			if ((rc = cloud_conf_url(c, sec, *ep[i],
				 s->cc.allow_insecure, ep_keys[i], e)) != 0)
				goto out;
		}
		s->lo.source = s->name;
		s->lo.tenant_id = s->tenant_id;
		s->lo.client_id = s->client_id;
		s->lo.login_endpoint = s->login;
		s->lo.arm_endpoint = s->arm;
		s->lo.graph_endpoint = s->graph;
		s->lo.ca_file = s->cc.ca_file;
		s->lo.allow_insecure = s->cc.allow_insecure;
		s->lo.timeout = s->cc.timeout;
		s->lo.max_tries = (int)s->cc.retries + 1;
		s->lo.page_size = s->cc.page_size;
		s->lo.subscriptions = s->subs;
	}
	if ((rc = source_load_catalog(c, &s->cat, e)) != 0)
		goto out;
	*state = s;
	s = NULL;
out:
	azure_close(s);
	return rc;
}

static void
azure_close(void *state)
{
	struct azsrc *s = state;
	size_t i;

	if (s == NULL)
		return;
	catalog_free(s->cat);
	for (i = 0; s->subs != NULL && s->subs[i] != NULL; i++)
		free(s->subs[i]);
	free(s->subs);
	free(s->name);
	free(s->dir);
	free(s->tenant_id);
	free(s->client_id);
	free(s->cert_path);
	free(s->login);
	free(s->arm);
	free(s->graph);
	cloud_conf_release(&s->cc);
	free(s);
}

/*
 * The PEM of certificate_file (the application's key and certificate): a
 * regular file of mode 0600 or stricter, as a password file, read whole.
 */
static int
read_cert(const struct azsrc *s, char **out, struct err *e)
{
	struct sb b = SB_INIT;
	struct stat st;
	char buf[4096];
	ssize_t n;
	int fd, rc = 0;

	*out = NULL;
	if ((fd = open(s->cert_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return err_set(e, PARC_ECONFIG,
		    "source %s: certificate_file %s: %s", s->name, s->cert_path,
		    strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		rc = err_set(e, PARC_ECONFIG,
		    "source %s: certificate_file %s is not a regular file",
		    s->name, s->cert_path);
	else if ((st.st_mode & 077) != 0)
		rc = err_set(e, PARC_ECONFIG,
		    "source %s: certificate_file %s has mode %04o; it holds a "
		    "private key and must be 0600 or stricter (chmod 600 %s)",
		    s->name, s->cert_path, (unsigned)(st.st_mode & 07777),
		    s->cert_path);
	while (rc == 0 && (n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 || b.len + (size_t)n > 65536) {
			rc = err_set(e, PARC_ECONFIG,
			    "source %s: certificate_file %s: %s", s->name,
			    s->cert_path,
			    n < 0 ? strerror(errno) : "larger than 64 KiB");
			break;
		}
		sb_add(&b, buf, (size_t)n);
	}
	explicit_bzero(buf, sizeof(buf));
	close(fd);
	if (rc != 0) {
		sb_wipe(&b);
		return rc;
	}
	*out = sb_detach(&b);
	return 0;
}

/* ---- offline ---- */

/*
 * Load DIR/name (name printf-style) as a list into p. A missing file is
 * an error (PARC_ESOURCE) unless optional, when p stays empty.
 */
static int load_part(const char *dir, struct az_part *p, int optional,
    struct err *e, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int
load_part(const char *dir, struct az_part *p, int optional, struct err *e,
    const char *fmt, ...)
{
	struct sb path = SB_INIT;
	json_error_t je;
	json_t *body;
	va_list ap;
	FILE *fp;
	int rc;

	sb_addf(&path, "%s/", dir);
	va_start(ap, fmt);
	sb_vaddf(&path, fmt, ap);
	va_end(ap);
	p->what = xstrdup(path.buf);
	if ((fp = fopen(path.buf, "r")) == NULL) {
		if (optional && errno == ENOENT) {
			rc = 0;
			goto out;
		}
		rc = err_set(e, PARC_ESOURCE,
		    "cannot open %s: %s (the export is incomplete: run "
		    "share/export/azure-export.sh again)",
		    path.buf, strerror(errno));
		goto out;
	}
	body = json_loadf(fp, JSON_REJECT_DUPLICATES, &je);
	fclose(fp);
	if (body == NULL) {
		rc = err_set(e, PARC_EDATA, "%s:%d: not JSON: %s", path.buf,
		    je.line, je.text);
		goto out;
	}
	rc = az_list(body, path.buf, &p->j, e);
	json_decref(body);
out:
	sb_release(&path);
	return rc;
}

static int
read_offline(struct azsrc *s, struct az_data *d, struct err *e)
{
	struct az_part acc = { NULL, NULL };
	char **groups = NULL;
	size_t i, ng = 0;
	int rc;

	if ((rc = load_part(s->dir, &acc, 0, e, "account-list.json")) != 0 ||
	    (rc = az_pick_subs(acc.j, acc.what, s->tenant_id, s->subs, d, e)) !=
		0)
		goto out;
	for (i = 0; i < d->nsub; i++) {
		struct az_sub *sub = &d->sub[i];

		if ((rc = load_part(s->dir, &sub->assignments, 0, e,
			 "role-assignments.%s.json", sub->id)) != 0 ||
		    (rc = load_part(s->dir, &sub->definitions, 0, e,
			 "role-definitions.%s.json", sub->id)) != 0 ||
		    (rc = load_part(s->dir, &sub->eligible, 0, e,
			 "role-eligibility-schedule-instances.%s.json",
			 sub->id)) != 0)
			goto out;
	}
	if ((rc = load_part(s->dir, &d->dir_assignments, 0, e,
		 "directory-role-assignments.json")) != 0 ||
	    (rc = load_part(s->dir, &d->dir_definitions, 0, e,
		 "directory-role-definitions.json")) != 0 ||
	    (rc = load_part(s->dir, &d->dir_eligible, 0, e,
		 "directory-role-eligibility-schedules.json")) != 0 ||
	    (rc = load_part(s->dir, &d->dir_schedules, 0, e,
		 "directory-role-assignment-schedules.json")) != 0 ||
	    (rc = load_part(s->dir, &d->users, 0, e, "users.json")) != 0 ||
	    (rc = load_part(s->dir, &d->objects, 1, e,
		 "directory-objects.json")) != 0)
		goto out;
	groups = az_role_groups(d, &ng);
	d->grp = xcalloc(ng + 1, sizeof(*d->grp));
	for (i = 0; i < ng; i++) {
		if (!az_is_guid(groups[i])) {
			rc = err_set(e, PARC_EDATA,
			    "%s: a role is assigned to group '%.60s', which "
			    "is not an object id",
			    s->dir, groups[i]);
			goto out;
		}
		d->grp[i].id = groups[i];
		groups[i] = NULL;
		d->ngrp++;
		if ((rc = load_part(s->dir, &d->grp[i].members, 0, e,
			 "group-transitive-members.%s.json", d->grp[i].id)) !=
		    0)
			goto out;
	}
out:
	for (i = 0; groups != NULL && i < ng; i++)
		free(groups[i]);
	free(groups);
	json_decref(acc.j);
	free(acc.what);
	return rc;
}

static int
azure_pull(void *state, struct sink *sink, struct err *e)
{
	struct azsrc *s = state;
	struct az_data d;
	char *secret = NULL;
	int rc;

	memset(&d, 0, sizeof(d));
	d.signin = -1;
	if (s->dir != NULL)
		rc = read_offline(s, &d, e);
	else {
		if (s->cert_path != NULL)
			rc = read_cert(s, &secret, e);
		else if ((rc = conf_secret(s->c, s->sec, "password", &secret,
			      e)) != 0)
			err_prefix(e, "source %s: ", s->name);
		if (rc != 0)
			goto out;
		if (s->cert_path != NULL)
			s->lo.cert_pem = secret;
		else
			s->lo.secret = secret;
		rc = az_live_read(&s->lo, &d, e);
		s->lo.secret = s->lo.cert_pem = NULL;
		conf_secret_free(secret);
	}
	if (rc == 0)
		rc = azure_emit(sink, s->cat, &d, e);
	if (rc == 0 && !az_signin_known(&d))
		fprintf(stderr,
		    "parc: source %s: note: no signInActivity (a tenant "
		    "without Entra ID P1, or an export without it): last "
		    "sign-ins are unknown, and no account is called dormant "
		    "or never used\n",
		    s->name);
out:
	az_data_release(&d);
	return rc;
}

const struct source_ops azure_ops = {
	.kind = "azure",
	.summary =
	    "an Entra tenant's roles and Azure RBAC, live or from az CLI "
	    "exports",
	.keys = azure_keys,
	.open = azure_open,
	.pull = azure_pull,
	.close = azure_close,
};
