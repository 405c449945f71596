/* demo_gcp.c - the demo's Google Cloud organization; see demo_gcp.h. */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/sb.h"
#include "tui/demo/demo_gcp.h"

#define ORG DEMO_GCP_ORG
#define FOLDER "folders/318406272196"
#define PROJECT "corp-web-prod"
#define CRM "//cloudresourcemanager.googleapis.com/"
#define DIR "gcp-corp"
#define ADMINS "cloud-admins@corp.example.com"

struct w {
	struct demo_rng rng;
	const struct demo_person **used;
	size_t nused;
	json_t *org, *proj, *admins; /* bindings, bindings, memberships */
};

static int
is_used(const struct w *w, const struct demo_person *p)
{
	size_t i;

	for (i = 0; i < w->nused; i++)
		if (w->used[i] == p)
			return 1;
	return 0;
}

/*
 * The first active person of dept with an email, not cast yet; else
 * anyone active with one. Never a head or the CEO. NULL when nobody is.
 */
static const struct demo_person *
take(struct w *w, const struct demo *d, const char *dept)
{
	const struct demo_person *p;
	size_t n, i, pass;

	p = demo_people(d, &n);
	for (pass = 0; pass < 2; pass++)
		for (i = 1; i < n; i++) {
			if ((p[i].flags & (DEMO_TERMINATED | DEMO_HEAD)) ||
			    p[i].email == NULL || is_used(w, &p[i]))
				continue;
			if (pass == 0 && strcmp(p[i].department, dept) != 0)
				continue;
			w->used[w->nused++] = &p[i];
			return &p[i];
		}
	return NULL;
}

/* A binding of role to the one member m ("user:x@y", "allUsers", ...). */
static void
bind(json_t *bindings, const char *role, const char *m, const char *title,
    const char *expr)
{
	json_t *b = json_pack("{s:[s], s:s}", "members", m, "role", role);

	if (expr != NULL)
		json_object_set_new(b, "condition",
		    json_pack("{s:s, s:s}", "expression", expr, "title",
			title));
	json_array_append_new(bindings, b);
}

/* A member of cloud-admins@, as Cloud Identity lists it. */
static void
admin_member(struct w *w, const char *email)
{
	char name[64];

	snprintf(name, sizeof(name), "groups/03x5rr7a1kq9dzm/memberships/%ld",
	    demo_rng_range(&w->rng, 100000000000L, 999999999999L));
	json_array_append_new(w->admins,
	    json_pack("{s:s, s:{s:s}, s:[{s:s}], s:s}", "name", name,
		"preferredMemberKey", "id", email, "roles", "name", "MEMBER",
		"type", "USER"));
}

static void
cast(struct w *w, struct demo *d)
{
	const struct demo_person *ops, *stale, *p;
	struct sb m = SB_INIT, cond = SB_INIT;
	size_t n;

	demo_people(d, &n);
	w->used = xcalloc(n + 1, sizeof(*w->used));
	w->org = json_array();
	w->proj = json_array();
	w->admins = json_array();
	ops = demo_find(d, DEMO_HEAD, "IT Operations");
	stale = demo_find(d, DEMO_STALE_ADMIN, NULL);

	/* roles/owner on the organization through cloud-admins@ */
	bind(w->org, "roles/owner", "group:" ADMINS, NULL, NULL);
	bind(w->org, "roles/resourcemanager.organizationViewer",
	    "domain:corp.example.com", NULL, NULL);
	if (ops != NULL && ops->email != NULL) {
		w->used[w->nused++] = ops;
		admin_member(w, ops->email);
	}
	if ((p = take(w, d, "IT Operations")) != NULL)
		admin_member(w, p->email);
	/* roles/editor on the project: an engineer */
	if ((p = take(w, d, "Engineering")) != NULL) {
		sb_addf(&m, "user:%s", p->email);
		bind(w->proj, "roles/editor", m.buf, NULL, NULL);
	}
	/* roles/owner on the project until 8 weeks after the as-of day */
	if ((p = take(w, d, "Engineering")) != NULL) {
		sb_reset(&m);
		sb_addf(&m, "user:%s", p->email);
		sb_reset(&cond);
		sb_addf(&cond, "request.time < timestamp(\"%s\")",
		    demo_date(d, "2027-01-31T00:00:00Z"));
		bind(w->proj, "roles/owner", m.buf, "database migration",
		    cond.buf);
	}
	/* the static site's bucket admin given to everyone */
	bind(w->proj, "roles/storage.admin", "allUsers", NULL, NULL);
	/* the leaver's deleted account, still an editor */
	if (stale != NULL && stale->email != NULL) {
		sb_reset(&m);
		sb_addf(&m, "deleted:user:%s?uid=%ld", stale->email,
		    demo_rng_range(&w->rng, 100000000000000000L,
			999999999999999999L));
		bind(w->proj, "roles/editor", m.buf, NULL, NULL);
	}
	sb_release(&m);
	sb_release(&cond);
}

/* gcloud's JSON: keys sorted, indent 2, a newline. */
static int
dump(FILE *fp, json_t *j, const char *name, struct err *e)
{
	int rc = 0;

	if (json_dumpf(j, fp, JSON_INDENT(2) | JSON_SORT_KEYS) != 0)
		rc = err_set(e, PARC_EIO, "cannot write %s/%s", DIR, name);
	fputc('\n', fp);
	json_decref(j);
	return rc;
}

static int
write_policies(struct demo *d, FILE *fp, void *arg, struct err *e)
{
	struct w *w = arg;
	json_t *a;

	(void)d;
	a = json_pack("[{s:s, s:s, s:{s:O}, s:s}, {s:s, s:[s], s:s, s:{s:[]}, "
		      "s:s}, {s:s, s:[s], s:s, s:{s:O}, s:s, s:s}]",
	    "assetType", "cloudresourcemanager.googleapis.com/Organization",
	    "organization", ORG, "policy", "bindings", w->org, "resource",
	    CRM ORG, "assetType", "cloudresourcemanager.googleapis.com/Folder",
	    "folders", FOLDER, "organization", ORG, "policy", "bindings",
	    "resource", CRM FOLDER, "assetType",
	    "cloudresourcemanager.googleapis.com/Project", "folders", FOLDER,
	    "organization", ORG, "policy", "bindings", w->proj, "project",
	    "projects/730146552818", "resource", CRM "projects/" PROJECT);
	if (a == NULL)
		abort(); /* the format above is fixed */
	return dump(fp, a, "iam-policies.json", e);
}

static int
write_groups(struct demo *d, FILE *fp, void *arg, struct err *e)
{
	struct w *w = arg;

	(void)d;
	return dump(fp, json_pack("{s:O}", ADMINS, w->admins),
	    "group-memberships.json", e);
}

int
demo_gcp_org(struct demo *d, const char *dir, struct err *e)
{
	struct w w;
	struct sb path = SB_INIT;
	int rc;

	sb_addf(&path, "%s/" DIR, dir);
	if (mkdir(path.buf, 0700) != 0 && errno != EEXIST) {
		rc = err_set(e, PARC_EIO, "cannot create %s: %s", path.buf,
		    strerror(errno));
		sb_release(&path);
		return rc;
	}
	sb_release(&path);
	memset(&w, 0, sizeof(w));
	demo_rng_init(&w.rng, 0x676370ULL); /* "gcp" */
	cast(&w, d);
	if ((rc = demo_write(d, DIR "/iam-policies.json", write_policies, &w,
		 e)) == 0)
		rc = demo_write(d, DIR "/group-memberships.json", write_groups,
		    &w, e);
	json_decref(w.org);
	json_decref(w.proj);
	json_decref(w.admins);
	free(w.used);
	return rc;
}
