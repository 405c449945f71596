/*
 * test_gcp.c - the gcp connector's model: the example organization of
 * tests/data/gcp read as gcloud exports it, and what a reviewer then sees
 * (grants, their paths and tiers, findings), conditions, inheritance,
 * group nesting with a cycle, public, outside and deleted members, keys
 * and last authentication; and the inputs it refuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "db/catalog.h"
#include "db/finding.h"
#include "db/sink.h"
#include "lib/sb.h"
#include "lib/share.h"
#include "sync/gcp_model.h"
#include "tests/unit/orgfx.h"

struct fx {
	struct orgfx org;
	struct catalog *cat;
	json_t *policies, *groups, *keys, *acts, *roles;
};

static json_t *
load(const char *name)
{
	const char *data = getenv("PARC_TEST_DATA");
	char path[1024];
	json_error_t je;
	json_t *j;

	snprintf(path, sizeof(path), "%s/gcp/%s", data ? data : "../tests/data",
	    name);
	if ((j = json_load_file(path, 0, &je)) == NULL)
		fail_msg("%s:%d: %s", path, je.line, je.text);
	return j;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct err e = ERR_INIT;
	char dir[1100];

	if (f == NULL || orgfx_open(&f->org) != 0)
		return -1;
	f->cat = catalog_new();
	snprintf(dir, sizeof(dir), "%s/catalog", share_dir());
	if (catalog_load_dir(f->cat, dir, &e) != 0) {
		fprintf(stderr, "catalog: %s\n", e.msg);
		return -1;
	}
	f->policies = load("search-all-iam-policies.json");
	f->groups = load("group-memberships.json");
	f->keys = load("service-account-keys.json");
	f->acts = load("last-authentication.json");
	f->roles = load("custom-roles.json");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	json_decref(f->policies);
	json_decref(f->groups);
	json_decref(f->keys);
	json_decref(f->acts);
	json_decref(f->roles);
	catalog_free(f->cat);
	orgfx_close(&f->org);
	free(f);
	return 0;
}

/* Emit in into source "gcp"; returns what gcp_emit or the commit says. */
static int
sync_in(struct fx *f, const struct gcp_input *in, struct err *e)
{
	struct sink *s;
	int rc;

	if ((rc = sink_open(f->org.db, "gcp", "gcp", &s, e)) != 0)
		return rc;
	if ((rc = gcp_emit(s, f->cat, in, e)) != 0) {
		sink_abort(s, e->msg);
		return rc;
	}
	return sink_commit(s, NULL, e);
}

static void
input(struct fx *f, struct gcp_input *in, int groups)
{
	memset(in, 0, sizeof(*in));
	in->policies = f->policies;
	in->policies_what = "search-all-iam-policies.json";
	in->groups = groups ? f->groups : NULL;
	in->groups_what = "group-memberships.json";
	in->keys = f->keys;
	in->keys_what = "service-account-keys.json";
	in->activities = f->acts;
	in->activities_what = "last-authentication.json";
	in->roles = f->roles;
	in->roles_what = "custom-roles.json";
	in->domains = "example.com";
	in->now = ORGFX_NOW;
}

static void
sync_org(struct fx *f, int groups)
{
	struct gcp_input in;
	struct err e = ERR_INIT;

	input(f, &in, groups);
	if (sync_in(f, &in, &e) != 0)
		fail_msg("sync: %s", e.msg);
}

/* The people of example.com, matched to their accounts by email. */
static void
sync_hr(struct fx *f)
{
	static const char *const people[] = { "alice", "carol", "dave", "erin",
		"eve", "frank", "mike", "nina", "olga" };
	struct err e = ERR_INIT;
	struct sink *s;
	size_t i;

	if (sink_open(f->org.db, "hr", "people", &s, &e) != 0)
		fail_msg("hr: %s", e.msg);
	for (i = 0; i < sizeof(people) / sizeof(people[0]); i++) {
		struct rec_identity r = { 0 };
		char id[16], mail[64];

		snprintf(id, sizeof(id), "E%zu", i + 1);
		snprintf(mail, sizeof(mail), "%s@example.com", people[i]);
		r.employee_id = id;
		r.display_name = people[i];
		r.login = people[i];
		r.email = mail;
		r.status = "active";
		if (sink_identity(s, &r, &e) != 0)
			fail_msg("hr: %s", e.msg);
	}
	if (sink_commit(s, NULL, &e) != 0)
		fail_msg("hr: %s", e.msg);
}

static void
recompute(struct db *db)
{
	struct finding_conf fc;
	struct err e = ERR_INIT;

	finding_conf_init(&fc);
	fc.now = ORGFX_NOW;
	if (finding_recompute(db, &fc, NULL, &e) != 0)
		fail_msg("recompute: %s", e.msg);
	finding_conf_release(&fc);
}

/*
 * The privileged grants of account name as a reviewer reads them:
 * "entitlement [tier N] path a > b > c expires X" lines, sorted.
 */
static char *
grants_of(struct db *db, const char *name)
{
	return orgfx_text(db,
	    "SELECT coalesce(group_concat(x, char(10)), '') FROM (SELECT"
	    " n.name || ' [tier ' || n.tier || '] ' || (SELECT"
	    " group_concat(value, ' > ') FROM json_each(g.path)) ||"
	    " coalesce(' expires ' || a.expires_at, '') AS x"
	    " FROM effective_grant g JOIN principal p ON p.id = g.account_id"
	    " JOIN entitlement n ON n.id = g.entitlement_id"
	    " LEFT JOIN assignment a ON a.id = g.assignment_id"
	    " WHERE p.name = ?1 AND n.tier <= 2 ORDER BY 1)",
	    name);
}

static void
expect_grants(struct db *db, const char *name, const char *want)
{
	char *got = grants_of(db, name);

	if (strcmp(got, want) != 0)
		fail_msg("grants of %s:\n%s\nwant:\n%s", name, got, want);
	free(got);
}

static char *
kinds_of(struct db *db, const char *name)
{
	return orgfx_text(db,
	    "SELECT coalesce(group_concat(kind, ','), '') FROM (SELECT DISTINCT"
	    " f.kind FROM finding f JOIN principal p ON p.id ="
	    " coalesce((SELECT account_id FROM effective_grant WHERE"
	    " id = f.grant_id), f.principal_id) WHERE p.name = ?1 ORDER BY 1)",
	    name);
}

static void
expect_kinds(struct db *db, const char *name, const char *want)
{
	char *got = kinds_of(db, name);

	if (strcmp(got, want) != 0)
		fail_msg("findings of %s: '%s', want '%s'", name, got, want);
	free(got);
}

static void
expect_text(struct db *db, const char *sql, const char *param, const char *want)
{
	char *got = orgfx_text(db, sql, param);

	if (strcmp(got, want) != 0)
		fail_msg("%s [%s]:\n got '%s'\nwant '%s'", sql,
		    param ? param : "", got, want);
	free(got);
}

static void
test_condition_until(void **state)
{
	char t[64];

	(void)state;
	assert_int_equal(gcp_condition_until("request.time < "
					     "timestamp('2020-10-01T00:00:"
					     "00.000Z')",
			     t, sizeof(t)),
	    1);
	assert_string_equal(t, "2020-10-01T00:00:00.000Z");
	assert_int_equal(gcp_condition_until(" ( request.time<timestamp("
					     "\"2099-01-01T00:00:00Z\") ) ",
			     t, sizeof(t)),
	    1);
	assert_string_equal(t, "2099-01-01T00:00:00Z");
	/* a term of a conjunction bounds the whole binding */
	assert_int_equal(
	    gcp_condition_until("resource.name.startsWith(\"a && b\") && "
				"request.time <= "
				"timestamp(\"2099-06-30T00:00:00Z\")",
		t, sizeof(t)),
	    1);
	assert_string_equal(t, "2099-06-30T00:00:00Z");
	/* an alternative does not */
	assert_int_equal(gcp_condition_until("request.time < "
					     "timestamp(\"2020-01-01T00:00:"
					     "00Z\")"
					     " || resource.type == \"x\"",
			     t, sizeof(t)),
	    0);
	/* a start time, a comparison the other way, nothing */
	assert_int_equal(gcp_condition_until("request.time > "
					     "timestamp(\"2020-01-01T00:00:"
					     "00Z\")",
			     t, sizeof(t)),
	    0);
	assert_int_equal(gcp_condition_until("resource.type == "
					     "\"storage.googleapis.com/"
					     "Bucket\"",
			     t, sizeof(t)),
	    0);
	assert_int_equal(gcp_condition_until("", t, sizeof(t)), 0);
	assert_int_equal(gcp_condition_until("(request.time < timestamp("
					     "\"2020-01-01T00:00:00Z\")) || "
					     "(x)",
			     t, sizeof(t)),
	    0);
}

/* Roles on resources, their tiers, and where each account gets them. */
static void
test_grants_and_paths(void **state)
{
	struct fx *f = *state;
	const char *org = "roles/resourcemanager.organizationAdmin on "
			  "organizations/123456789012 [tier 0] ";

	sync_org(f, 1);
	expect_grants(f->org.db, "mike@example.com",
	    "roles/resourcemanager.organizationAdmin on "
	    "organizations/123456789012 [tier 0] mike@example.com > "
	    "roles/resourcemanager.organizationAdmin on "
	    "organizations/123456789012");
	/* nested groups give the path; admins and platform are a cycle */
	{
		struct sb w = SB_INIT;

		sb_addf(&w,
		    "%snina@example.com > platform@example.com > "
		    "admins@example.com > roles/resourcemanager."
		    "organizationAdmin on organizations/123456789012",
		    org);
		expect_grants(f->org.db, "nina@example.com", w.buf);
		sb_reset(&w);
		sb_addf(&w,
		    "%sci@web-prod.iam.gserviceaccount.com > "
		    "platform@example.com > admins@example.com > "
		    "roles/resourcemanager.organizationAdmin on "
		    "organizations/123456789012",
		    org);
		expect_grants(f->org.db, "ci@web-prod.iam.gserviceaccount.com",
		    w.buf);
		sb_release(&w);
	}
	expect_text(f->org.db, "SELECT kind FROM principal WHERE name = ?1",
	    "admins@example.com", "group");
	/* without a membership export, the group itself holds the role */
	expect_grants(f->org.db, "group:prod-admins@example.com",
	    "roles/resourcemanager.folderAdmin on folders/111111111111 "
	    "[tier 0] group:prod-admins@example.com > "
	    "roles/resourcemanager.folderAdmin on folders/111111111111");
	expect_text(f->org.db,
	    "SELECT kind || '|' || display_name FROM principal WHERE"
	    " name = ?1",
	    "group:prod-admins@example.com",
	    "shared|group prod-admins@example.com (members unknown)");
	/* inherited: the reason says from where, and what it covers */
	expect_text(f->org.db,
	    "SELECT scope || '|' || reason FROM entitlement WHERE name = ?1",
	    "roles/resourcemanager.folderAdmin on folders/111111111111",
	    "folders/111111111111|Folder Admin: full control of folders, "
	    "their IAM policy included: tier 0 for everything under the "
	    "folder; bound on folder 111111111111: inherited by every "
	    "folder, project and resource under it (under "
	    "organizations/123456789012)");
	expect_text(f->org.db,
	    "SELECT json_extract(attrs, '$.ancestors') FROM entitlement"
	    " WHERE name = ?1",
	    "roles/owner on projects/web-prod",
	    "[\"organizations/123456789012\",\"folders/111111111111\"]");
	/* a project Owner; Viewer (tier 3) is not privileged */
	expect_grants(f->org.db, "alice@example.com",
	    "roles/owner on projects/web-prod [tier 0] alice@example.com > "
	    "roles/owner on projects/web-prod");
	/* token creator on a service account: what the account holds */
	expect_grants(f->org.db, "erin@example.com",
	    "roles/iam.serviceAccountTokenCreator on //iam.googleapis.com/"
	    "projects/web-prod/serviceAccounts/deployer@web-prod.iam."
	    "gserviceaccount.com [tier 0] erin@example.com > "
	    "roles/iam.serviceAccountTokenCreator on //iam.googleapis.com/"
	    "projects/web-prod/serviceAccounts/deployer@web-prod.iam."
	    "gserviceaccount.com");
	/* a custom role: the lowest tier of its permissions */
	expect_grants(f->org.db, "frank@example.com",
	    "projects/web-prod/roles/deployer on projects/web-prod [tier 1] "
	    "frank@example.com > projects/web-prod/roles/deployer on "
	    "projects/web-prod");
	expect_text(f->org.db,
	    "SELECT reason || '|' || techniques FROM entitlement WHERE"
	    " name = ?1",
	    "projects/web-prod/roles/deployer on projects/web-prod",
	    "custom role Deployer: attaches service accounts to what it "
	    "deploys, and acts with their permissions; bound on project "
	    "web-prod: inherited by its resources (under "
	    "folders/111111111111 < organizations/123456789012)|T1548.005");
	/* the remediation's role */
	expect_text(f->org.db,
	    "SELECT json_extract(attrs, '$.role') FROM entitlement WHERE"
	    " name = ?1",
	    "roles/owner on projects/web-prod", "roles/owner");
}

/* Time-bound (future), expired (past) and other conditions. */
static void
test_conditions(void **state)
{
	struct fx *f = *state;

	sync_org(f, 1);
	expect_grants(f->org.db, "olga@example.com",
	    "roles/owner on folders/111111111111 [tier 0] olga@example.com "
	    "> roles/owner on folders/111111111111 expires "
	    "2099-01-01T00:00:00Z");
	expect_grants(f->org.db, "carol@example.com",
	    "roles/secretmanager.admin on projects/web-prod [tier 1] "
	    "carol@example.com > roles/secretmanager.admin on "
	    "projects/web-prod expires 2099-06-30T00:00:00Z");
	/* another condition: granted, the condition kept as evidence */
	expect_grants(f->org.db, "dave@example.com",
	    "roles/secretmanager.admin on projects/web-prod [tier 1] "
	    "dave@example.com > roles/secretmanager.admin on "
	    "projects/web-prod");
	expect_text(f->org.db,
	    "SELECT json_extract(a.attrs, '$.condition.title') || '|' ||"
	    " json_extract(a.attrs, '$.condition.expression') FROM assignment"
	    " a JOIN principal p ON p.id = a.principal_id WHERE p.name = ?1",
	    "dave@example.com",
	    "secrets only|resource.type == "
	    "\"secretmanager.googleapis.com/Secret\"");
	/* past: shown on the entitlement, grants nothing today */
	expect_grants(f->org.db, "eve@example.com", "");
	expect_text(f->org.db,
	    "SELECT json_extract(attrs, '$.expired[0].member') || '|' ||"
	    " json_extract(attrs, '$.expired[0].expired_at') || '|' ||"
	    " json_extract(attrs, '$.expired[0].condition.title') FROM"
	    " entitlement WHERE name = ?1",
	    "roles/owner on organizations/123456789012",
	    "user:eve@example.com|2020-10-01T00:00:00Z|incident 4711");
	expect_text(f->org.db, "SELECT count(*) FROM principal WHERE name = ?1",
	    "eve@example.com", "1");
}

/* What the findings list shows for the organization. */
static void
test_findings(void **state)
{
	struct fx *f = *state;
	char *ev;

	sync_hr(f);
	sync_org(f, 1);
	recompute(f->org.db);
	expect_kinds(f->org.db, "allAuthenticatedUsers",
	    "public-member,standing-privilege");
	expect_kinds(f->org.db, "allUsers", ""); /* Viewer only */
	expect_kinds(f->org.db, "domain:google.com",
	    "outside-member,shared-account,standing-privilege");
	expect_text(f->org.db,
	    "SELECT evidence FROM finding f JOIN principal p ON p.id ="
	    " f.principal_id WHERE f.kind = 'shared-account' AND p.name = ?1",
	    "group:prod-admins@example.com",
	    "group:prod-admins@example.com is not tied to exactly one person: "
	    "it is a group whose members are unknown (not in the membership "
	    "export, or not readable); no person matches it");
	/* not one of the people either */
	expect_kinds(f->org.db, "contractor@gmail.com",
	    "outside-member,shared-account,standing-privilege");
	expect_kinds(f->org.db,
	    "deleted:user:bob@example.com?uid="
	    "123456789012345678901",
	    "deleted-member");
	expect_kinds(f->org.db, "deployer@web-prod.iam.gserviceaccount.com",
	    "dormant,dormant-key,old-access-key,standing-privilege");
	/* the disabled and the Google-managed keys are not counted */
	expect_text(f->org.db, "SELECT evidence FROM finding WHERE kind = ?1",
	    "dormant-key",
	    "deployer@web-prod.iam.gserviceaccount.com has key "
	    "90c48f61c65cd56224a12ab18e6ee9ca9c3aee7c last used 212 days ago "
	    "(2026-04-28; threshold 90 days); key "
	    "c0ffee0831ac1adc8a5849da7d827b4724b1fce8 (created 2026-06-01) "
	    "never used: delete them");
	/* time-bound bindings are not standing; Owner for good is */
	expect_kinds(f->org.db, "olga@example.com", "");
	expect_kinds(f->org.db, "carol@example.com", "");
	expect_kinds(f->org.db, "alice@example.com", "standing-privilege");
	/*
	 * no usage is reported for people: never "never used"; the
	 * group's binding is standing
	 */
	expect_kinds(f->org.db, "nina@example.com", "standing-privilege");
	ev = orgfx_text(f->org.db,
	    "SELECT group_concat(evidence, char(10)) FROM (SELECT evidence"
	    " FROM finding WHERE kind IN ('public-member', 'outside-member',"
	    " 'deleted-member', 'old-access-key') ORDER BY evidence)",
	    NULL);
	assert_string_equal(ev,
	    "allAuthenticatedUsers holds roles/storage.objectAdmin on "
	    "//storage.googleapis.com/web-prod-uploads: that is anyone with "
	    "a Google account, in any organization\n"
	    "an access key of deployer@web-prod.iam.gserviceaccount.com was "
	    "last rotated 631 days ago (2025-03-04; threshold 90 days)\n"
	    "contractor@gmail.com holds roles/editor on projects/web-prod; "
	    "gmail.com is not one of this source's domains (example.com)\n"
	    "deleted:user:bob@example.com?uid=123456789012345678901 was "
	    "deleted but is still bound to roles/iam.securityAdmin on "
	    "projects/web-prod: remove the binding\n"
	    "domain:google.com holds roles/resourcemanager.organizationAdmin "
	    "on organizations/123456789012; google.com is not one of this "
	    "source's domains (example.com)");
	free(ev);
	expect_text(f->org.db, "SELECT severity FROM finding WHERE kind = ?1",
	    "public-member", "high");
	/* keys: the disabled one and the system-managed one are kept too */
	expect_text(f->org.db,
	    "SELECT json_array_length(attrs, '$.keys') || '|' ||"
	    " json_extract(attrs, '$.keys[0].last_authenticated') || '|' ||"
	    " last_used_at FROM principal WHERE name = ?1",
	    "deployer@web-prod.iam.gserviceaccount.com",
	    "4|2026-04-28T07:00:00Z|2026-04-28T07:00:00Z");
}

/* Without the membership export, nobody is lost. */
static void
test_no_memberships(void **state)
{
	struct fx *f = *state;

	sync_org(f, 0);
	expect_grants(f->org.db, "group:admins@example.com",
	    "roles/resourcemanager.organizationAdmin on "
	    "organizations/123456789012 [tier 0] group:admins@example.com > "
	    "roles/resourcemanager.organizationAdmin on "
	    "organizations/123456789012");
	expect_grants(f->org.db, "nina@example.com", "");
}

/* Without its definition, a custom role is not classified. */
static void
test_custom_unread(void **state)
{
	struct fx *f = *state;
	struct gcp_input in;
	struct err e = ERR_INIT;
	json_t *roles;
	char *s;

	input(f, &in, 1);
	in.roles = NULL;
	if (sync_in(f, &in, &e) != 0)
		fail_msg("sync: %s", e.msg);
	expect_grants(f->org.db, "frank@example.com", "");
	expect_text(f->org.db,
	    "SELECT coalesce(tier, 'null') || '|' || reason FROM entitlement"
	    " WHERE name = ?1",
	    "projects/web-prod/roles/deployer on projects/web-prod",
	    "null|a custom role whose permissions were not read (no "
	    "custom_roles export, or not readable), so it is not classified; "
	    "bound on project web-prod: inherited by its resources (under "
	    "folders/111111111111 < organizations/123456789012)");
	roles = gcp_custom_roles(f->policies);
	s = json_dumps(roles, JSON_COMPACT);

	assert_string_equal(s, "[\"projects/web-prod/roles/deployer\"]");
	free(s);
	json_decref(roles);
}

/* Federated identities keep their case; emails do not. */
static void
test_member_forms(void **state)
{
	struct fx *f = *state;
	struct gcp_input in;
	struct err e = ERR_INIT;
	json_error_t je;
	json_t *j = json_loads(
	    "[{\"resource\": \"//cloudresourcemanager.googleapis.com/"
	    "projects/p\", \"policy\": {\"bindings\": [{\"role\": "
	    "\"roles/owner\", \"members\": [\"user:Ann.Lee@Example.COM\", "
	    "\"principal://iam.googleapis.com/projects/1/locations/global/"
	    "workloadIdentityPools/GitHub/subject/repo:Org/"
	    "App:ref:main\"]}]}}]",
	    0, &je);

	assert_non_null(j);
	memset(&in, 0, sizeof(in));
	in.policies = j;
	in.policies_what = "inline";
	in.now = ORGFX_NOW;
	if (sync_in(f, &in, &e) != 0)
		fail_msg("sync: %s", e.msg);
	expect_text(f->org.db,
	    "SELECT group_concat(ext_id || '|' || name || '|' || kind, ' / ')"
	    " FROM (SELECT * FROM principal ORDER BY ext_id)",
	    NULL,
	    "principal://iam.googleapis.com/projects/1/locations/global/"
	    "workloadIdentityPools/GitHub/subject/repo:Org/App:ref:main|"
	    "principal://iam.googleapis.com/projects/1/locations/global/"
	    "workloadIdentityPools/GitHub/subject/repo:Org/App:ref:main|shared"
	    " / user:ann.lee@example.com|ann.lee@example.com|human");
	json_decref(j);
}

/* Inputs refused, each naming the file and the object. */
static void
test_refused(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *json, *msg;
	} bad[] = {
		{ "{\"x\": 1}",
		    "search-all-iam-policies.json: not the JSON of "
		    "gcloud asset search-all-iam-policies" },
		{ "[{\"policy\": {}}]",
		    "search-all-iam-policies.json: result 1 "
		    "has no resource" },
		{ "[{\"resource\": \"//x/projects/p\", \"policy\": "
		  "{\"bindings\": [{\"role\": \"roles/owner\", \"members\": "
		  "[\"alice@example.com\"]}]}}]",
		    "search-all-iam-policies.json: //x/projects/p: binding 1: "
		    "member 1 is not an IAM member" },
		{ "[{\"resource\": \"//x/projects/p\", \"policy\": "
		  "{\"bindings\": [{\"role\": \"roles/owner\", \"members\": "
		  "[\"user:a@b\"], \"condition\": {\"expression\": "
		  "\"request.time < timestamp('soon')\"}}]}}]",
		    "search-all-iam-policies.json: //x/projects/p: binding 1: "
		    "condition 'request.time < timestamp('soon')': 'soon' is "
		    "not a time" },
		{ "[{\"resource\": \"r\", \"policy\": {\"bindings\": 3}}]",
		    "search-all-iam-policies.json: r: policy.bindings is not "
		    "an "
		    "array" },
	};
	struct gcp_input in;
	size_t i;

	sync_org(f, 1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct err e = ERR_INIT;
		json_error_t je;
		json_t *j = json_loads(bad[i].json, 0, &je);

		assert_non_null(j);
		input(f, &in, 1);
		in.policies = j;
		assert_int_equal(sync_in(f, &in, &e), PARC_EDATA);
		if (strncmp(e.msg, bad[i].msg, strlen(bad[i].msg)) != 0)
			fail_msg("case %zu: '%s'\nwant '%s...'", i, e.msg,
			    bad[i].msg);
		json_decref(j);
	}
	/* the snapshot is whole */
	expect_grants(f->org.db, "alice@example.com",
	    "roles/owner on projects/web-prod [tier 0] alice@example.com > "
	    "roles/owner on projects/web-prod");
}

/* The API's answer ({"results": [...]}) reads as gcloud's array. */
static void
test_api_shape(void **state)
{
	struct fx *f = *state;
	struct gcp_input in;
	struct err e = ERR_INIT;
	json_t *api = json_pack("{s:O, s:s}", "results", f->policies,
	    "nextPageToken", "");

	input(f, &in, 1);
	in.policies = api;
	if (sync_in(f, &in, &e) != 0)
		fail_msg("sync: %s", e.msg);
	json_decref(api);
	expect_grants(f->org.db, "alice@example.com",
	    "roles/owner on projects/web-prod [tier 0] alice@example.com > "
	    "roles/owner on projects/web-prod");
}

/* Google's documented examples read as they are. */
static void
test_corpus(void **state)
{
	struct fx *f = *state;
	struct gcp_input in;
	struct err e = ERR_INIT;
	json_t *pol = load("corpus/iam_policy_v3_condition.json");
	json_t *keys = load("corpus/iam_serviceAccounts_keys_list.json");
	json_t *res = json_pack("[{s:s, s:O}]", "resource",
	    "//cloudresourcemanager.googleapis.com/organizations/1", "policy",
	    pol);

	memset(&in, 0, sizeof(in));
	in.policies = res;
	in.policies_what = "corpus";
	in.keys = keys;
	in.keys_what = "keys";
	in.now = ORGFX_NOW;
	if (sync_in(f, &in, &e) != 0)
		fail_msg("sync: %s", e.msg);
	expect_grants(f->org.db, "mike@example.com",
	    "roles/resourcemanager.organizationAdmin on organizations/1 "
	    "[tier 0] mike@example.com > "
	    "roles/resourcemanager.organizationAdmin on organizations/1");
	/* no domains configured: nobody is called outside */
	expect_text(f->org.db,
	    "SELECT count(*) FROM principal WHERE json_type(attrs,"
	    " '$.outside_domain') IS NOT NULL",
	    NULL, "0");
	json_decref(res);
	json_decref(pol);
	json_decref(keys);
}

static void
test_wanted(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	json_t *g, *a, *p;
	char *s;

	assert_int_equal(gcp_wanted(f->cat, f->policies, f->roles, "x", &g, &a,
			     &p, &e),
	    0);
	s = json_dumps(g, JSON_COMPACT);
	assert_string_equal(s,
	    "[\"admins@example.com\",\"prod-admins@example.com\"]");
	free(s);
	s = json_dumps(a, JSON_COMPACT);
	assert_string_equal(s,
	    "[\"deployer@web-prod.iam.gserviceaccount.com\","
	    "\"my-project-id@appspot.gserviceaccount.com\"]");
	free(s);
	s = json_dumps(p, JSON_COMPACT);
	assert_string_equal(s, "[\"projects/222222222222\"]");
	free(s);
	json_decref(g);
	json_decref(a);
	json_decref(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_condition_until),
		cmocka_unit_test_setup_teardown(test_grants_and_paths, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_conditions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_memberships, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_custom_unread, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_member_forms, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_shape, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_corpus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wanted, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
