/*
 * test_azure.c - the azure connector from the az CLI's files to what a
 * reviewer sees: grants and their paths, tiers by GUID and by a custom
 * role's actions, eligible against active, and the findings; then the
 * configuration and the files it refuses.
 *
 * tests/data/azure/tenant/ is one tenant as share/export/azure-export.sh
 * writes it (see tests/data/azure/README for where each shape comes from).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "db/catalog.h"
#include "db/db.h"
#include "db/finding.h"
#include "lib/config.h"
#include "lib/sb.h"
#include "sync/azure_model.h"
#include "sync/source.h"
#include "tests/unit/orgfx.h"

#define TENANT "3f1c2b7a-9d2e-4c51-8a0b-6e7f10293a4b"
#define S1 "a925f2f7-5c63-4b7b-8799-25a5f97bc3b2"
#define S2 "dfa2a084-766f-4003-8ae1-c4aeb893a99f"
#define G_T0 "6a7b8c9d-cccc-4e1f-8a2b-3c4d5e6f7a01"

static struct err e_;

#define OK(x)                                                       \
	do {                                                        \
		if ((x) != 0)                                       \
			fail_msg("%s: %d %s", #x, e_.code, e_.msg); \
	} while (0)

static const char *
data_dir(void)
{
	const char *d = getenv("PARC_TEST_DATA");

	return d != NULL ? d : "tests/data";
}

/* An HR export naming the tenant's members by email (not the guest). */
static const char hr_csv[] =
    "employee_id,display_name,email,login,manager_id,department,status,"
    "end_date\n"
    "E1,Alice Moreau,alice@contoso.com,alice,,IT,active,\n"
    "E2,Bob Lindqvist,bob@contoso.com,bob,E1,IT,active,\n"
    "E4,Dave Schmidt,dave@contoso.com,dave,E1,IT,active,\n"
    "E5,Erin Lang,erin@contoso.com,erin,E1,IT,active,\n"
    "E6,Frank Osei,frank@contoso.com,frank,E1,IT,active,\n"
    "E7,Grace Hopkins,grace@contoso.com,grace,E1,IT,active,\n"
    "E8,Henry Okafor,henry@contoso.com,henry,E1,IT,active,\n"
    "E9,Ivan Petrov,ivan@contoso.com,ivan,E1,IT,active,\n";

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		fail_msg("cannot write %s", path);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static char *
read_file(const char *path)
{
	struct sb b = SB_INIT;
	char buf[8192];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL)
		fail_msg("cannot open %s (set PARC_TEST_DATA)", path);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_add(&b, buf, n);
	fclose(fp);
	return sb_detach(&b);
}

/* Copy tests/data/azure/tenant to DIR/tenant (to change a file). */
static void
copy_tenant(const struct orgfx *f)
{
	struct sb src = SB_INIT, dst = SB_INIT, a = SB_INIT, b = SB_INIT;
	struct dirent *de;
	DIR *d;
	char *text;

	sb_addf(&src, "%s/azure/tenant", data_dir());
	sb_addf(&dst, "%s/tenant", f->dir);
	if (mkdir(dst.buf, 0700) != 0)
		fail_msg("mkdir %s", dst.buf);
	if ((d = opendir(src.buf)) == NULL)
		fail_msg("cannot open %s (set PARC_TEST_DATA)", src.buf);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		sb_reset(&a);
		sb_reset(&b);
		sb_addf(&a, "%s/%s", src.buf, de->d_name);
		sb_addf(&b, "%s/%s", dst.buf, de->d_name);
		text = read_file(a.buf);
		write_file(b.buf, text);
		free(text);
	}
	closedir(d);
	sb_release(&src);
	sb_release(&dst);
	sb_release(&a);
	sb_release(&b);
}

/* Replace old by new (first occurrence) in DIR/tenant/name. */
static void
edit(const struct orgfx *f, const char *name, const char *old, const char *new)
{
	struct sb path = SB_INIT, out = SB_INIT;
	char *text, *p;

	sb_addf(&path, "%s/tenant/%s", f->dir, name);
	text = read_file(path.buf);
	if ((p = strstr(text, old)) == NULL)
		fail_msg("%s: no '%s' to replace", path.buf, old);
	sb_add(&out, text, (size_t)(p - text));
	sb_adds(&out, new);
	sb_adds(&out, p + strlen(old));
	write_file(path.buf, out.buf);
	free(text);
	sb_release(&path);
	sb_release(&out);
}

/*
 * Sync [source hr] and [source tenant] (path = dir, and the extra lines),
 * then recompute the findings at ORGFX_NOW. Returns sync_run's code.
 */
static int
sync_tenant(struct orgfx *f, const char *dir, const char *extra, struct err *e)
{
	struct finding_conf fc;
	struct config *c = NULL;
	struct sb conf = SB_INIT, hr = SB_INIT;
	int rc;

	if (getenv("PARC_SHARE") == NULL)
		setenv("PARC_SHARE", "share", 1);
	sb_addf(&hr, "%s/hr.csv", f->dir);
	write_file(hr.buf, hr_csv);
	sb_addf(&conf,
	    "[source hr]\nkind = people\npath = %s\n\n"
	    "[source tenant]\nkind = azure\npath = %s\ntenant_id = " TENANT
	    "\n%s",
	    hr.buf, dir, extra ? extra : "");
	OK(config_parse_string(&c, "parc.conf", conf.buf, &e_));
	rc = sync_run(f->db, c, NULL, 0, 0, e);
	if (rc == 0) {
		finding_conf_init(&fc);
		fc.now = ORGFX_NOW;
		OK(finding_recompute(f->db, &fc, NULL, &e_));
		finding_conf_release(&fc);
	}
	config_free(c);
	sb_release(&conf);
	sb_release(&hr);
	return rc;
}

static void
sync_data(struct orgfx *f)
{
	struct sb dir = SB_INIT;

	sb_addf(&dir, "%s/azure/tenant", data_dir());
	OK(sync_tenant(f, dir.buf, NULL, &e_));
	sb_release(&dir);
}

static void
sync_copy(struct orgfx *f, const char *extra)
{
	struct sb dir = SB_INIT;

	sb_addf(&dir, "%s/tenant", f->dir);
	OK(sync_tenant(f, dir.buf, extra, &e_));
	sb_release(&dir);
}

static int
fail_copy(struct orgfx *f, const char *extra, struct err *e)
{
	struct sb dir = SB_INIT;
	int rc;

	sb_addf(&dir, "%s/tenant", f->dir);
	rc = sync_tenant(f, dir.buf, extra, e);
	sb_release(&dir);
	return rc;
}

/*
 * Every grant of the account whose name starts with login, one a line:
 * "entitlement|tier|state|expires|path", sorted.
 */
static char *
grants_of(struct db *db, const char *login)
{
	return orgfx_text(db,
	    "SELECT group_concat(x, char(10)) FROM (SELECT n.name || '|' ||"
	    " coalesce(n.tier, -1) || '|' || coalesce(a.state, '-') || '|' ||"
	    " coalesce(a.expires_at, '-') || '|' || g.path AS x"
	    " FROM effective_grant g JOIN principal p ON p.id = g.account_id"
	    " JOIN entitlement n ON n.id = g.entitlement_id"
	    " LEFT JOIN assignment a ON a.id = g.assignment_id"
	    " WHERE p.name LIKE ?1 || '%' ORDER BY 1)",
	    login);
}

static void
expect_grants(struct db *db, const char *login, const char *want)
{
	char *got = grants_of(db, login);

	if (strcmp(got, want) != 0)
		fail_msg("grants of %s:\n%s\nwant:\n%s", login, got, want);
	free(got);
}

/* The finding kinds of an account, sorted, comma separated. */
static void
expect_kinds(struct db *db, const char *login, const char *want)
{
	char *got = orgfx_text(db,
	    "SELECT coalesce(group_concat(kind, ','), '') FROM (SELECT"
	    " DISTINCT f.kind FROM finding f JOIN principal p ON p.id ="
	    " coalesce(f.principal_id, (SELECT account_id FROM"
	    " effective_grant WHERE id = f.grant_id)) WHERE p.name LIKE"
	    " ?1 || '%' ORDER BY 1)",
	    login);

	if (strcmp(got, want) != 0)
		fail_msg("findings of %s: '%s', want '%s'", login, got, want);
	free(got);
}

static int
setup(void **state)
{
	struct orgfx *f = calloc(1, sizeof(*f));

	if (f == NULL || orgfx_open(f) != 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct orgfx *f = *state;

	orgfx_close(f);
	free(f);
	return 0;
}

#define SUB1 "/subscriptions/" S1
#define SUB2 "/subscriptions/" S2
#define CONTOSO "@contoso.onmicrosoft.com"

/* What the inventory holds for each person of the tenant. */
static void
test_grants(void **state)
{
	struct orgfx *f = *state;

	sync_data(f);
	/* a permanent Global Administrator, and one activated until 20:00 */
	expect_grants(f->db, "alice@",
	    "Global Administrator|0|active|-|[\"alice" CONTOSO
	    "\",\"Global Administrator\"]");
	expect_grants(f->db, "henry@",
	    "Global "
	    "Administrator|0|active|2026-11-26T20:00:00Z|[\"henry" CONTOSO
	    "\",\"Global Administrator\"]\n"
	    "Reader Plus on " SUB2 "|3|active|-|[\"henry" CONTOSO
	    "\",\"Reader Plus on " SUB2 "\"]");
	/* eligible (PIM) is its own state, with its end */
	expect_grants(f->db, "bob@",
	    "Global "
	    "Administrator|0|eligible|2027-02-01T08:00:00Z|[\"bob" CONTOSO
	    "\",\"Global Administrator\"]\n"
	    "Reader on " SUB1 "|3|active|-|[\"bob" CONTOSO
	    "\",\"Reader on " SUB1 "\"]");
	/* a role-assignable group gives the path through it */
	expect_grants(f->db, "dave@",
	    "Privileged Role Administrator|0|active|-|[\"dave" CONTOSO
	    "\",\"Tier0 Admins\",\"Privileged Role Administrator\"]");
	/* Owner below a subscription is tier 1; a role on an AU too */
	expect_grants(f->db, "ivan@",
	    "Owner on " SUB1 "/resourceGroups/rg-web|1|active|-|[\"ivan" CONTOSO
	    "\",\"Owner on " SUB1 "/resourceGroups/rg-web\"]\n"
	    "Privileged Role Administrator|0|active|-|[\"ivan" CONTOSO
	    "\",\"Tier0 Admins\",\"Privileged Role Administrator\"]\n"
	    "User Administrator on /administrativeUnits/"
	    "7f3e2d1c-0b9a-4c8d-8e7f-6a5b4c3d2e1f|1|active|-|[\"ivan" CONTOSO
	    "\",\"User Administrator on /administrativeUnits/"
	    "7f3e2d1c-0b9a-4c8d-8e7f-6a5b4c3d2e1f\"]");
	/* custom roles by their actions; a group's Owner */
	expect_grants(f->db, "grace@",
	    "Almost Owner on " SUB2 "|0|active|-|[\"grace" CONTOSO
	    "\",\"Almost Owner on " SUB2 "\"]\n"
	    "Owner on " SUB2 "|0|active|-|[\"grace" CONTOSO
	    "\",\"Sub Owners\",\"Owner on " SUB2 "\"]\n"
	    "VM Operator Plus on " SUB2 "/resourceGroups/rg-vm|1|active|-|"
	    "[\"grace" CONTOSO "\",\"VM Operator Plus on " SUB2
	    "/resourceGroups/rg-vm\"]");
	/* an eligible Owner (ARM PIM) beside a standing Contributor */
	expect_grants(f->db, "erin@",
	    "Contributor on " SUB1
	    "/resourceGroups/rg-web|1|active|-|[\"erin" CONTOSO
	    "\",\"Contributor on " SUB1 "/resourceGroups/rg-web\"]\n"
	    "Owner on " SUB2 "|0|eligible|2027-01-10T00:31:41Z|[\"erin" CONTOSO
	    "\",\"Owner on " SUB2 "\"]");
	/* a management group's assignment, listed under both subscriptions
	 * with its roleDefinitionId rewritten each time, is one grant */
	expect_grants(f->db, "frank@",
	    "User Access Administrator on /providers/Microsoft.Management/"
	    "managementGroups/contoso-root|0|active|-|[\"frank" CONTOSO
	    "\",\"User Access Administrator on /providers/"
	    "Microsoft.Management/managementGroups/contoso-root\"]");
	expect_grants(f->db, "carol_fabrikam.com#EXT#",
	    "Owner on " SUB1 "|0|active|-|[\"carol_fabrikam.com#EXT#" CONTOSO
	    "\",\"Owner on " SUB1 "\"]");
	/* service principals by Graph's names; a managed identity */
	expect_grants(f->db, "deploy-pipeline",
	    "Owner on " SUB2 "|0|active|-|[\"deploy-pipeline\",\"Owner on " SUB2
	    "\"]");
	expect_grants(f->db, "mi-automation",
	    "Contributor on " SUB1 "/resourceGroups/rg-web|1|active|-|"
	    "[\"mi-automation\",\"Contributor on " SUB1
	    "/resourceGroups/rg-web\"]");
	/* where each is granted, for remediation */
	{
		char *o = orgfx_text(f->db,
		    "SELECT group_concat(origin, ' ') FROM (SELECT a.origin"
		    " FROM assignment a JOIN principal p ON p.id ="
		    " a.principal_id WHERE p.name IN (?1, 'bob" CONTOSO "',"
		    " 'frank" CONTOSO "') ORDER BY p.name)",
		    "alice" CONTOSO);

		assert_string_equal(o,
		    "roleAssignments/lAPpYvVpN0KRkAEhdxReEAAA-1 "
		    "roleEligibilitySchedules/"
		    "b1477448-0001-4ceb-93b4-54a202a89413 "
		    "/subscriptions/" S1 "/providers/Microsoft.Authorization/"
		    "roleAssignments/abc00005-0000-4000-8000-000000000005 "
		    "/providers/Microsoft.Management/managementGroups/"
		    "contoso-root/providers/Microsoft.Authorization/"
		    "roleAssignments/abc00006-0000-4000-8000-000000000006");
		free(o);
	}
	/* the disabled subscription and the other tenant's are not read */
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM entitlement WHERE scope LIKE"
			     " '%0c4f1c31%' OR scope LIKE '%5b7e2a90%'"),
	    0);
}

/* What the principals say: kinds, guests, sign-ins, unknown usage. */
static void
test_principals(void **state)
{
	struct orgfx *f = *state;
	char *s;

	sync_data(f);
	s = orgfx_text(f->db,
	    "SELECT group_concat(name || '|' || kind || '|' ||"
	    " coalesce(enabled, -1) || '|' || coalesce(last_used_at, '-') ||"
	    " '|' || coalesce(json_extract(attrs, '$.external'), 0) || '|' ||"
	    " coalesce(json_extract(attrs, '$.usage_unknown'), 0) || '|' ||"
	    " coalesce(json_extract(attrs, '$.service_principal_type'), '-'),"
	    " char(10)) FROM (SELECT * FROM principal WHERE source_id ="
	    " (SELECT id FROM source WHERE name = ?1) ORDER BY name)",
	    "tenant");
	assert_string_equal(s,
	    "Sub Owners|group|-1|-|0|0|-\n"
	    "Tier0 Admins|group|-1|-|0|0|-\n"
	    "alice" CONTOSO "|human|1|2026-11-25T22:01:00Z|0|0|-\n"
	    "bob" CONTOSO "|human|1|2026-11-01T08:00:00Z|0|0|-\n"
	    "carol_fabrikam.com#EXT#" CONTOSO
	    "|human|1|2026-10-30T14:00:00Z|1|0|-\n"
	    "dave" CONTOSO "|human|0|2026-06-01T09:00:00Z|0|0|-\n"
	    "deploy-pipeline|service|1|-|0|1|Application\n"
	    "erin" CONTOSO "|human|1|2026-05-01T09:00:00Z|0|0|-\n"
	    "frank" CONTOSO "|human|1|-|0|0|-\n"
	    "grace" CONTOSO "|human|1|2026-11-24T09:00:00Z|0|0|-\n"
	    "henry" CONTOSO "|human|1|2026-11-26T08:00:00Z|0|0|-\n"
	    "ivan" CONTOSO "|human|1|2026-11-25T09:00:00Z|0|0|-\n"
	    "mi-automation|service|1|-|0|1|ManagedIdentity");
	free(s);
	/* members of the tenant are tied to their people by email */
	s = orgfx_text(f->db,
	    "SELECT i.employee_id FROM principal p JOIN identity i ON i.id ="
	    " p.identity_id WHERE p.name = ?1",
	    "alice" CONTOSO);
	assert_string_equal(s, "E1");
	free(s);
}

/* What parc findings says of the tenant. */
static void
test_findings(void **state)
{
	struct orgfx *f = *state;
	char *ev;

	sync_data(f);
	/* permanent GA where PIM exists: standing */
	expect_kinds(f->db, "alice@", "standing-privilege");
	/* eligible only, or activated until tonight: nothing */
	expect_kinds(f->db, "bob@", "");
	expect_kinds(f->db, "henry@", "");
	/* a guest Owner of a subscription: the guest finding */
	expect_kinds(f->db, "carol_fabrikam.com#EXT#",
	    "external-tier0,shared-account,standing-privilege");
	expect_kinds(f->db, "dave@", "disabled-account,standing-privilege");
	expect_kinds(f->db, "erin@", "dormant,standing-privilege");
	expect_kinds(f->db, "frank@", "never-used,standing-privilege");
	/* service principals: no sign-ins known, never "never used" */
	expect_kinds(f->db, "deploy-pipeline",
	    "service-principal-tier0,standing-privilege");
	expect_kinds(f->db, "mi-automation", "standing-privilege");
	ev = orgfx_text(f->db, "SELECT evidence FROM finding WHERE kind = ?1",
	    "external-tier0");
	assert_string_equal(ev,
	    "carol_fabrikam.com#EXT#@contoso.onmicrosoft.com is a guest "
	    "(userType Guest) and holds Owner on " SUB1
	    " (tier 0): an account another organisation controls can take "
	    "over the estate");
	free(ev);
	ev = orgfx_text(f->db, "SELECT evidence FROM finding WHERE kind = ?1",
	    "dormant");
	assert_string_equal(ev,
	    "erin@contoso.onmicrosoft.com has not used Contributor on " SUB1
	    "/resourceGroups/rg-web for 209 days (last use 2026-05-01; "
	    "threshold 90 days)");
	free(ev);
}

/*
 * A tenant without Entra ID P1 gives no signInActivity: the sync goes
 * on, and no account is dormant or never used on missing data.
 */
static void
test_no_signin(void **state)
{
	struct orgfx *f = *state;
	struct sb path = SB_INIT;
	json_t *u, *v;
	size_t i;

	copy_tenant(f);
	sb_addf(&path, "%s/tenant/users.json", f->dir);
	u = json_load_file(path.buf, 0, NULL);
	assert_non_null(u);
	json_array_foreach(json_object_get(u, "value"), i, v)
	    json_object_del(v, "signInActivity");
	assert_int_equal(json_dump_file(u, path.buf, JSON_INDENT(2)), 0);
	json_decref(u);
	sync_copy(f, NULL);
	expect_kinds(f->db, "erin@", "standing-privilege");
	expect_kinds(f->db, "frank@", "standing-privilege");
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM principal WHERE"
			     " last_used_at IS NOT NULL AND source_id = (SELECT"
			     " id FROM source WHERE name = 'tenant')"),
	    0);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM principal WHERE kind <>"
			     " 'group' AND json_extract(attrs,"
			     " '$.usage_unknown') IS NOT 1 AND source_id ="
			     " (SELECT id FROM source WHERE name = 'tenant')"),
	    0);
	sb_release(&path);
}

/*
 * Roles are classified by GUID: a localised Owner is still Owner, and a
 * custom role called "Owner" is what its actions make it.
 */
static void
test_by_guid(void **state)
{
	struct orgfx *f = *state;

	copy_tenant(f);
	edit(f, "role-definitions." S1 ".json", "\"roleName\": \"Owner\"",
	    "\"roleName\": \"Propri\\u00e9taire\"");
	edit(f, "role-definitions." S2 ".json", "\"roleName\": \"Reader Plus\"",
	    "\"roleName\": \"Owner\"");
	sync_copy(f, NULL);
	expect_grants(f->db, "carol_fabrikam.com#EXT#",
	    "Propri\xc3\xa9taire on " SUB1 "|0|active|-|"
	    "[\"carol_fabrikam.com#EXT#" CONTOSO
	    "\",\"Propri\xc3\xa9taire on " SUB1 "\"]");
	expect_grants(f->db, "henry@",
	    "Global "
	    "Administrator|0|active|2026-11-26T20:00:00Z|[\"henry" CONTOSO
	    "\",\"Global Administrator\"]\n"
	    "Owner on " SUB2 "|3|active|-|[\"henry" CONTOSO
	    "\",\"Owner on " SUB2 "\"]");
}

/* actions minus notActions, against the catalog's actions */
static void
test_actions(void **state)
{
	static const struct {
		const char *perms;
		int tier;
		const char *why; /* in the reason */
	} t[] = {
		{ "[{\"actions\":[\"*\"],\"notActions\":[]}]", 0,
		    "every action" },
		/* Contributor: everything but Microsoft.Authorization writes */
		{ "[{\"actions\":[\"*\"],\"notActions\":["
		  "\"Microsoft.Authorization/*/Delete\","
		  "\"Microsoft.Authorization/*/Write\","
		  "\"Microsoft.Authorization/elevateAccess/Action\"]}]",
		    1, "Microsoft.Compute/virtualMachines/runCommand/action" },
		{ "[{\"actions\":[\"Microsoft.Authorization/*/write\"]}]", 0,
		    "roleAssignments/write" },
		/* one write taken away, another left */
		{ "[{\"actions\":[\"Microsoft.Authorization/*\"],"
		  "\"notActions\":[\"Microsoft.Authorization/roleAssignments/"
		  "*\"]}]",
		    0, "roleDefinitions/write" },
		/* a notAction in another block takes nothing from this one */
		{ "[{\"actions\":[\"*/read\"],\"notActions\":[]},"
		  "{\"actions\":[\"microsoft.compute/VIRTUALMACHINES/*\"],"
		  "\"notActions\":[\"Microsoft.Compute/*/read\"]}]",
		    1, "runCommand" },
		{ "[{\"actions\":[\"*/read\"],\"notActions\":[]}]", -1, "" },
		{ "[{\"actions\":[],\"dataActions\":[\"Microsoft.KeyVault/"
		  "vaults/secrets/*\"]}]",
		    1, "getSecret" },
		{ "[{\"actions\":[],\"dataActions\":[\"Microsoft.KeyVault/"
		  "vaults/secrets/*\"],\"notDataActions\":[\"Microsoft."
		  "KeyVault/vaults/secrets/getSecret/action\"]}]",
		    -1, "" },
	};
	struct catalog *cat = catalog_new();
	struct err e = ERR_INIT;
	struct sb dir = SB_INIT, why = SB_INIT;
	const char *tech;
	json_t *p;
	size_t i;

	(void)state;
	sb_addf(&dir, "%s/catalog",
	    getenv("PARC_SHARE") ? getenv("PARC_SHARE") : "share");
	if (catalog_load_dir(cat, dir.buf, &e) != 0)
		fail_msg("%s", e.msg);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		p = json_loads(t[i].perms, 0, NULL);
		assert_non_null(p);
		sb_reset(&why);
		if (az_role_actions_tier(cat, p, &why, &tech) != t[i].tier)
			fail_msg("case %zu: tier %d, want %d (%s)", i,
			    az_role_actions_tier(cat, p, &why, &tech),
			    t[i].tier, why.buf);
		if (strstr(why.buf, t[i].why) == NULL)
			fail_msg("case %zu: reason '%s' lacks '%s'", i, why.buf,
			    t[i].why);
		json_decref(p);
	}
	catalog_free(cat);
	sb_release(&dir);
	sb_release(&why);
}

/* A failed read names the file and keeps the previous snapshot whole. */
static void
test_refused(void **state)
{
	static const struct {
		const char *file, *old, *new, *extra;
		int code;
		const char *msg;
	} t[] = {
		{ "users.json", "\"value\": [",
		    "\"@odata.nextLink\": "
		    "\"https://graph.microsoft.com/v1.0/users?$skiptoken=X\", "
		    "\"value\": [",
		    NULL, PARC_EDATA, "users.json: holds a nextLink" },
		{ "directory-role-assignments.json", "\"value\"", "\"value\" x",
		    NULL, PARC_EDATA, "directory-role-assignments.json:" },
		{ "role-assignments." S2 ".json",
		    "\"principalId\": \"5e6f7a8b-aaaa",
		    "\"principalIdx\": \"5e6f7a8b-aaaa", NULL, PARC_EDATA,
		    "role-assignments." S2 ".json: item 1 has no principalId" },
		{ "directory-role-assignments.json", "\"id\": \"" G_T0 "\"",
		    "\"id\": \"../../etc/passwd\"", NULL, PARC_EDATA,
		    "is not an object id" },
		{ "users.json",
		    "\"lastSignInDateTime\": \"2026-11-20T08:15:02Z\"",
		    "\"lastSignInDateTime\": \"yesterday\"", NULL, PARC_EDATA,
		    "users.json: 0b1d2c3e-1111-4a5b-8c9d-0e1f2a3b4c01: "
		    "lastSignInDateTime is not a date" },
		{ "users.json", "\"value\":", "\"values\":", NULL, PARC_EDATA,
		    "users.json: neither a JSON array nor" },
		{ NULL, NULL, NULL,
		    "subscriptions = 0c4f1c31-7a52-4e9b-8f0e-2b9d6f3a1e77\n",
		    PARC_EDATA,
		    "subscription 0c4f1c31-7a52-4e9b-8f0e-2b9d6f3a1e77 (in "
		    "subscriptions) is not there, or not Enabled" },
	};
	struct orgfx *f = *state;
	struct err e = ERR_INIT;
	struct sb path = SB_INIT;
	int64_t grants;
	char *before, *after;
	size_t i;

	sync_data(f);
	grants = db_count(f->db, "SELECT count(*) FROM effective_grant");
	before = grants_of(f->db, "");
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		copy_tenant(f);
		if (t[i].file != NULL)
			edit(f, t[i].file, t[i].old, t[i].new);
		assert_int_equal(fail_copy(f, t[i].extra, &e), t[i].code);
		if (strstr(e.msg, t[i].msg) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, e.msg,
			    t[i].msg);
		after = grants_of(f->db, "");
		assert_string_equal(after, before);
		free(after);
		sb_reset(&path);
		sb_addf(&path, "%s/tenant", f->dir);
		orgfx_remove_tree(path.buf);
	}
	/* a group's members missing: the export is incomplete */
	copy_tenant(f);
	sb_reset(&path);
	sb_addf(&path, "%s/tenant/group-transitive-members." G_T0 ".json",
	    f->dir);
	assert_int_equal(unlink(path.buf), 0);
	assert_int_equal(fail_copy(f, NULL, &e), PARC_ESOURCE);
	assert_non_null(strstr(e.msg, path.buf));
	assert_non_null(strstr(e.msg, "the export is incomplete"));
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM effective_grant"),
	    grants);
	free(before);
	sb_release(&path);
}

/* The configuration: one mode at a time, secrets by reference only. */
static void
test_config(void **state)
{
	static const struct {
		const char *body;
		const char *msg;
	} t[] = {
		{ "path = x\nclient_id = y\n",
		    "parc.conf:5: [source t] client_id is for reading Azure "
		    "live" },
		{ "tenant_id = " TENANT "\n", "needs tenant_id and client_id" },
		{ "tenant_id = " TENANT "\nclient_id = c\n",
		    "needs the client secret" },
		{ "tenant_id = " TENANT "\nclient_id = c\npassword_env = X\n"
		  "certificate_file = app.pem\n",
		    "or certificate_file, not both" },
		{ "tenant_id = contoso.com\n",
		    "tenant_id must be the tenant's id (a GUID)" },
		{ "tenant_id = " TENANT "\nclient_id = c\npassword_env = X\n"
		  "arm_endpoint = http://127.0.0.1:1\n",
		    "parc.conf:7: [source t] arm_endpoint 127.0.0.1:1 is plain "
		    "http://" },
		{ "path = x\nsubscriptions = prod\n",
		    "subscriptions: 'prod' is not a subscription id" },
		{ "path = x\nclient_secret = hunter2\n",
		    "unknown key 'client_secret'" },
	};
	const struct source_ops *ops = source_find("azure");
	struct config *c;
	struct err e = ERR_INIT;
	struct sb text = SB_INIT;
	void *st;
	size_t i;

	(void)state;
	assert_non_null(ops);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		sb_reset(&text);
		sb_addf(&text, "[parc]\n[source t]\nkind = azure\n%s",
		    t[i].body);
		c = NULL;
		OK(config_parse_string(&c, "parc.conf", text.buf, &e_));
		st = NULL;
		assert_int_equal(ops->open(c, &c->sources[0], &st, &e),
		    PARC_ECONFIG);
		if (strstr(e.msg, t[i].msg) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, e.msg,
			    t[i].msg);
		assert_null(strstr(e.msg, "hunter2"));
		config_free(c);
	}
	/* http:// with allow_insecure is accepted */
	c = NULL;
	OK(config_parse_string(&c, "parc.conf",
	    "[source t]\nkind = azure\ntenant_id = " TENANT
	    "\nclient_id = c\npassword_env = X\nallow_insecure = yes\n"
	    "arm_endpoint = http://127.0.0.1:1/\n"
	    "graph_endpoint = http://127.0.0.1:1\n"
	    "login_endpoint = http://127.0.0.1:1\n",
	    &e_));
	OK(ops->open(c, &c->sources[0], &st, &e_));
	ops->close(st);
	config_free(c);
	sb_release(&text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_grants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_principals, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_signin, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_by_guid, setup, teardown),
		cmocka_unit_test(test_actions),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test(test_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
