/*
 * test_finding.c - every finding kind, positive and negative, on an
 * organisation synced through the real sink; thresholds from parc.conf;
 * "unknown" usage never called dormant; a recompute keeps persisting
 * findings and drops resolved ones; the query a reader sees.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/finding.h"
#include "lib/config.h"
#include "lib/sb.h"
#include "sync/source.h"
#include "tests/unit/orgfx.h"

#define OK(x)                                                   \
	do {                                                    \
		struct err e_ = ERR_INIT;                       \
		int rc_ = (x);                                  \
		if (rc_ != 0)                                   \
			fail_msg("%s: %d %s", #x, rc_, e_.msg); \
	} while (0)

static const char hr[] = "I|E1|Alice Admin|alice||active|\n"
			 "I|E2|Bob Boss|bob||active|\n"
			 "I|E3|Carol Gone|carol|E2|terminated|2026-10-01\n"
			 "I|E4|Dave Dev|dave|E2|active|\n"
			 "I|E5|Erin Ok|erin|E2|active|\n"
			 "I|E6|Nina New|nina|E2|active|\n"
			 "I|E7|Olga Old|olga|E2|active|\n"
			 "I|E8|Dis Abled|dis|E2|active|\n"
			 "I|E9|No Mfa|nomfa|E2|active|\n"
			 "I|E10|Pat Never|pne|E2|active|\n"
			 "I|E11|Old Pw|oldpw|E2|active|\n"
			 "I|E12|Kay Key|key|E2|active|\n"
			 "I|E13|Rita Ro|ro|E2|active|\n";

/* Sync hr and a cloud source built from the orgfx_ago() days given. */
static void
load_org(struct db *db)
{
	struct sb sb = SB_INIT;
	struct err e = ERR_INIT;

	if (orgfx_sync(db, "hr", "people", hr, &e) != 0)
		fail_msg("hr: %s", e.msg);
	sb_adds(&sb,
	    "E|T0|AdminAccess|0|T1098|E1|\n"
	    "E|T1|PowerUser|1||E1|\n"
	    "E|T3|ReadOnly|3|||\n");
#define P(ext, name, kind, en, used, pw, mfa, emp, created, attrs)             \
	sb_addf(&sb, "P|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s\n", ext, name, kind, en, \
	    used, pw, mfa, emp, created, attrs)
	P("u-erin", "erin", "human", "1", orgfx_ago(10), orgfx_ago(100), "1",
	    "E5", orgfx_ago(400), "");
	P("u-dave", "dave", "human", "1", orgfx_ago(200), orgfx_ago(100), "1",
	    "E4", orgfx_ago(400), "");
	P("u-nina", "nina", "human", "1", "", orgfx_ago(5), "1", "E6",
	    orgfx_ago(5), "");
	P("u-olga", "olga", "human", "1", "", orgfx_ago(100), "1", "E7",
	    orgfx_ago(100), "");
	P("u-admin", "admin", "human", "1", orgfx_ago(1), orgfx_ago(100), "1",
	    "", orgfx_ago(400), "");
	P("u-bg", "emergency", "break-glass", "1", orgfx_ago(3), orgfx_ago(100),
	    "1", "", orgfx_ago(400), "");
	P("u-bg2", "emergency2", "break-glass", "1", "", orgfx_ago(100), "1",
	    "", orgfx_ago(400), "");
	P("u-dis", "dis", "human", "0", orgfx_ago(1), orgfx_ago(100), "1", "E8",
	    orgfx_ago(400), "");
	P("u-carol", "carol", "human", "1", orgfx_ago(1), orgfx_ago(100), "1",
	    "E3", orgfx_ago(400), "");
	P("u-nomfa", "nomfa", "human", "1", orgfx_ago(1), orgfx_ago(100), "0",
	    "E9", orgfx_ago(400), "");
	P("u-pne", "pne", "human", "1", orgfx_ago(1), orgfx_ago(100), "1",
	    "E10", orgfx_ago(400), "{\"uac\": 66048}");
	P("u-oldpw", "oldpw", "human", "1", orgfx_ago(1), orgfx_ago(400), "1",
	    "E11", orgfx_ago(800), "");
	sb_addf(&sb,
	    "P|u-key|key|human|1|%s|%s|1|E12|%s|{\"access_key_1_last_rotated\""
	    ": \"%s\", \"access_key_2_last_rotated\": \"%s\"}\n",
	    orgfx_ago(1), orgfx_ago(100), orgfx_ago(400), orgfx_ago(200),
	    orgfx_ago(5));
	P("u-svc", "svc-app", "service", "1", orgfx_ago(1), orgfx_ago(100), "",
	    "", orgfx_ago(400), "{\"interactive\": true}");
	P("u-spn", "sqlsvc", "service", "1", orgfx_ago(1), orgfx_ago(100), "",
	    "", orgfx_ago(400), "{\"spn\": [\"MSSQLSvc/db1:1433\"]}");
	P("u-spn1", "websvc", "service", "1", orgfx_ago(1), orgfx_ago(100), "",
	    "", orgfx_ago(400), "{\"spn\": [\"HTTP/web1\"]}");
	P("u-ro", "ro", "human", "1", orgfx_ago(300), orgfx_ago(100), "1",
	    "E13", orgfx_ago(400), "");
	P("u-team", "team", "human", "1", orgfx_ago(1), orgfx_ago(100), "1",
	    "E5", orgfx_ago(400), "{\"owners\": [\"E5\", \"E4\"]}");
	P("u-hop", "hop", "human", "1", orgfx_ago(1), orgfx_ago(100), "1", "E6",
	    orgfx_ago(400),
	    "{\"login_sources\": [\"10.0.0.1\", \"10.0.0.2\"], "
	    "\"users\": [\"nina\"]}");
#undef P
	sb_adds(&sb,
	    "A|u-erin|T1\nA|u-dave|T0\nA|u-nina|T1\nA|u-olga|T1\n"
	    "A|u-admin|T1\nA|u-bg|T0\nA|u-bg2|T0\nA|u-dis|T1\nA|u-carol|T1\n"
	    "A|u-nomfa|T1\nA|u-pne|T1\nA|u-oldpw|T1\nA|u-key|T1\n"
	    "A|u-svc|T1\nA|u-spn|T0\nA|u-spn1|T1\nA|u-ro|T3\n"
	    "A|u-team|T1\nA|u-hop|T1\n");
	if (orgfx_sync(db, "corp", "aws", sb.buf, &e) != 0)
		fail_msg("corp: %s", e.msg);
	sb_release(&sb);
}

static void
recompute(struct db *db, const char *conf, struct finding_stats *st)
{
	struct finding_conf fc;
	struct config *c = NULL;
	struct err e = ERR_INIT;

	finding_conf_init(&fc);
	if (conf != NULL) {
		if (config_parse_string(&c, "parc.conf", conf, &e) != 0)
			fail_msg("config: %s", e.msg);
		if (finding_conf_load(&fc, c, &e) != 0)
			fail_msg("finding_conf_load: %s", e.msg);
	}
	fc.now = ORGFX_NOW;
	if (finding_recompute(db, &fc, st, &e) != 0)
		fail_msg("recompute: %s", e.msg);
	finding_conf_release(&fc);
	config_free(c);
}

/* The kinds of finding on account name (its grants or itself), sorted. */
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
		fail_msg("account %s: findings '%s', want '%s'", name, got,
		    want);
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

/* Each account of the organisation has exactly the findings it should. */
static void
test_kinds(void **state)
{
	struct orgfx *f = *state;
	static const char *const want[][2] = {
		{ "erin", "" },
		{ "dave", "dormant" },
		{ "nina", "" },
		{ "olga", "never-used" },
		{ "admin", "shared-account" },
		{ "emergency", "break-glass-used" },
		{ "emergency2", "" },
		{ "dis", "disabled-account" },
		{ "carol", "orphan" },
		{ "nomfa", "no-mfa" },
		{ "pne", "password-never-expires" },
		{ "oldpw", "old-password" },
		{ "key", "old-access-key" },
		{ "svc-app", "service-interactive,shared-account" },
		{ "sqlsvc", "service-interactive" },
		{ "websvc", "" },
		{ "ro", "" },
		{ "team", "shared-account" },
		{ "hop", "shared-account" },
	};
	size_t i;
	char *ev;

	load_org(f->db);
	recompute(f->db, NULL, NULL);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		expect_kinds(f->db, want[i][0], want[i][1]);
	ev = orgfx_text(f->db,
	    "SELECT group_concat(evidence, ' / ') FROM (SELECT evidence FROM"
	    " finding WHERE kind = ?1 AND evidence LIKE 'team%' OR evidence"
	    " LIKE 'hop%' ORDER BY evidence)",
	    "shared-account");
	assert_string_equal(ev,
	    "hop is not tied to exactly one person: its logins come from 2 "
	    "places / team is not tied to exactly one person: it has 2 "
	    "owners");
	free(ev);
	/* nothing about the source or a person with these defaults */
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM finding WHERE"
			     " kind IN ('tier0-excess',"
			     " 'credential-overlap',"
			     " 'standing-privilege')"),
	    0);
}

struct collect {
	struct sb sb;
	int n;
};

static int
collect(const struct finding_row *r, void *arg)
{
	struct collect *c = arg;

	sb_addf(&c->sb, "%s|%s|%s|%s|%s|%s|%s|%s\n", r->kind, r->severity,
	    r->source ? r->source : "-", r->account ? r->account : "-",
	    r->person ? r->person : "-", r->entitlement ? r->entitlement : "-",
	    r->techniques, r->evidence);
	c->n++;
	return 0;
}

/* What a reader of parc findings sees for a dormant tier-0 grant. */
static void
test_query_dormant(void **state)
{
	struct orgfx *f = *state;
	struct finding_filter fl = { 0 };
	struct collect c = { SB_INIT, 0 };
	struct sb want = SB_INIT;
	struct err e = ERR_INIT;

	load_org(f->db);
	recompute(f->db, NULL, NULL);
	fl.kind = "dormant";
	assert_int_equal(finding_query(f->db, &fl, collect, &c, &e), 0);
	sb_addf(&want,
	    "dormant|high|corp|dave|Dave Dev|AdminAccess|T1078,T1098|dave has "
	    "not used AdminAccess for 200 days (last use %.10s; threshold 90 "
	    "days)\n",
	    orgfx_ago(200));
	assert_string_equal(c.sb.buf, want.buf);
	assert_int_equal(finding_count(f->db, &fl), 1);
	/* a source filter that matches nothing */
	fl.source = "hr";
	assert_int_equal(finding_count(f->db, &fl), 0);
	sb_release(&c.sb);
	sb_release(&want);
}

/* Keyset pages walk every finding once. */
struct pages {
	int64_t last;
	int n, page;
};

static int
page_row(const struct finding_row *r, void *arg)
{
	struct pages *p = arg;

	assert_true(r->id > p->last); /* ascending, never twice */
	p->last = r->id;
	p->n++;
	p->page++;
	return 0;
}

static void
test_query_pages(void **state)
{
	struct orgfx *f = *state;
	struct finding_filter fl = { 0 };
	struct pages p = { 0, 0, 0 };
	struct err e = ERR_INIT;
	int64_t total;
	int pages = 0;

	load_org(f->db);
	recompute(f->db, NULL, NULL);
	total = finding_count(f->db, &fl);
	assert_int_equal(total, 15);
	fl.limit = 4;
	do {
		p.page = 0;
		fl.after_id = p.last;
		assert_int_equal(finding_query(f->db, &fl, page_row, &p, &e),
		    0);
		assert_true(p.page <= 4);
		pages++;
	} while (p.page > 0);
	assert_int_equal(p.n, total);
	assert_int_equal(pages, 5); /* 4 + 4 + 4 + 3, then an empty page */
}

/* Thresholds and registers come from parc.conf. */
static void
test_config(void **state)
{
	struct orgfx *f = *state;
	char *ev;

	load_org(f->db);
	recompute(f->db,
	    "[parc]\n"
	    "dormant_days_aws = 365\n"
	    "password_max_days = 500\n"
	    "access_key_max_days = 365\n"
	    "tier0_max_holders = 2\n"
	    "shared_account_names = ops\n"
	    "shared_accounts = corp:erin\n"
	    "break_glass_accounts = corp:nina\n",
	    NULL);
	expect_kinds(f->db, "dave", "");  /* 200 days < 365 for aws */
	expect_kinds(f->db, "oldpw", ""); /* 400 days < 500 */
	expect_kinds(f->db, "key", "");	  /* 200 days < 365 */
	expect_kinds(f->db, "svc-app", "service-interactive"); /* no glob */
	expect_kinds(f->db, "erin", "shared-account"); /* in the register */
	/* nina is registered break-glass but never used it */
	expect_kinds(f->db, "nina", "");
	ev = orgfx_text(f->db, "SELECT evidence FROM finding WHERE kind = ?1",
	    "tier0-excess");
	assert_string_equal(ev,
	    "4 accounts hold tier-0 rights in corp (threshold 2)");
	free(ev);
}

/* A bad threshold names file, line and key; nothing is recomputed. */
static void
test_config_bad(void **state)
{
	struct finding_conf fc;
	struct config *c = NULL;
	struct err e = ERR_INIT;

	(void)state;
	finding_conf_init(&fc);
	OK(config_parse_string(&c, "parc.conf", "[parc]\ndormant_days = soon\n",
	    &e_));
	assert_int_equal(finding_conf_load(&fc, c, &e), PARC_ECONFIG);
	assert_non_null(strstr(e.msg, "parc.conf:2"));
	assert_non_null(strstr(e.msg, "dormant_days"));
	config_free(c);
	finding_conf_release(&fc);
}

/* A source with no usage data at all is "unknown", never dormant. */
static void
test_unknown_usage(void **state)
{
	struct orgfx *f = *state;
	struct err e = ERR_INIT;

	OK(orgfx_sync(f->db, "hr", "people", hr, &e_));
	OK(orgfx_sync(f->db, "box", "sudoers",
	    "E|S0|ALL|0|||\n"
	    "P|b-dave|dave|human|1|||1|E4|2020-01-01T00:00:00Z|\n"
	    "A|b-dave|S0\n",
	    &e_));
	recompute(f->db, NULL, NULL);
	expect_kinds(f->db, "dave", "");
	(void)e;
}

/* AD's lastLogonTimestamp lags: near the threshold, low confidence. */
static void
test_ad_weak_signal(void **state)
{
	struct orgfx *f = *state;
	struct sb sb = SB_INIT;
	char *ev;

	OK(orgfx_sync(f->db, "hr", "people", hr, &e_));
	sb_addf(&sb,
	    "E|G0|Domain Admins|0|T1078.002||\n"
	    "P|s-dave|dave|human|1|%s||1|E4|2020-01-01T00:00:00Z|\n"
	    "P|s-erin|erin|human|1|%s||1|E5|2020-01-01T00:00:00Z|\n"
	    "A|s-dave|G0\nA|s-erin|G0\n",
	    orgfx_ago(95), orgfx_ago(150));
	OK(orgfx_sync(f->db, "dom", "ad", sb.buf, &e_));
	recompute(f->db, NULL, NULL);
	ev = orgfx_text(f->db,
	    "SELECT evidence FROM finding f JOIN effective_grant g ON g.id ="
	    " f.grant_id JOIN principal p ON p.id = g.account_id WHERE"
	    " p.name = ?1",
	    "dave");
	assert_non_null(strstr(ev, "95 days"));
	assert_non_null(strstr(ev, "low confidence"));
	free(ev);
	ev = orgfx_text(f->db,
	    "SELECT evidence FROM finding f JOIN effective_grant g ON g.id ="
	    " f.grant_id JOIN principal p ON p.id = g.account_id WHERE"
	    " p.name = ?1",
	    "erin");
	assert_null(strstr(ev, "low confidence"));
	assert_non_null(strstr(ev, "lags up to 14 days"));
	free(ev);
	sb_release(&sb);
}

/*
 * A guest (or any identity the source calls external) with tier 0 is a
 * finding of its own, critical; with tier 1, or as a member, nothing.
 */
static void
test_external_tier0(void **state)
{
	struct orgfx *f = *state;
	char *ev;

	OK(orgfx_sync(f->db, "hr", "people", hr, &e_));
	OK(orgfx_sync(f->db, "tenant", "azure",
	    "E|R0|Global Administrator|0|T1078.004||\n"
	    "E|R1|Contributor on /subscriptions/s1|1|||\n"
	    "P|a-dave|dave|human|1|" ORGFX_NOW "||1|E4|2026-01-01T00:00:00Z|"
	    "{\"user_type\":\"Guest\",\"external\":true}\n"
	    "P|a-erin|erin|human|1|" ORGFX_NOW "||1|E5|2026-01-01T00:00:00Z|"
	    "{\"user_type\":\"Guest\",\"external\":true}\n"
	    "P|a-nina|nina|human|1|" ORGFX_NOW "||1|E6|2026-01-01T00:00:00Z|"
	    "{\"user_type\":\"Member\"}\n"
	    "P|a-olga|olga|human|1|" ORGFX_NOW "||1|E7|2026-01-01T00:00:00Z|"
	    "{\"external\":true}\n"
	    "A|a-dave|R0\nA|a-erin|R1\nA|a-nina|R0\nA|a-olga|R0\n",
	    &e_));
	recompute(f->db, NULL, NULL);
	expect_kinds(f->db, "dave", "external-tier0");
	expect_kinds(f->db, "erin", "");
	expect_kinds(f->db, "nina", "");
	expect_kinds(f->db, "olga", "external-tier0");
	ev = orgfx_text(f->db,
	    "SELECT severity || ' ' || evidence || ' [' || techniques || ']'"
	    " FROM finding WHERE kind = ?1 AND evidence LIKE 'dave%'",
	    "external-tier0");
	assert_string_equal(ev,
	    "critical dave is a guest (userType Guest) and holds Global "
	    "Administrator (tier 0): an account another organisation "
	    "controls can take over the estate [T1078,T1199,T1078.004]");
	free(ev);
	ev = orgfx_text(f->db,
	    "SELECT evidence FROM finding WHERE kind = ?1 AND evidence LIKE"
	    " 'olga%'",
	    "external-tier0");
	assert_non_null(strstr(ev, "olga is an external identity and holds"));
	free(ev);
}

/*
 * An account whose source cannot say when it was used (usage_unknown:
 * an Entra service principal, a tenant without signInActivity) is never
 * "never used", even in a source where others have sign-ins.
 */
static void
test_usage_unknown_attr(void **state)
{
	struct orgfx *f = *state;

	OK(orgfx_sync(f->db, "hr", "people", hr, &e_));
	OK(orgfx_sync(f->db, "tenant", "azure",
	    "E|R1|Contributor on /subscriptions/s1|1|||\n"
	    "P|a-dave|dave|human|1|" ORGFX_NOW "||1|E4|2020-01-01T00:00:00Z|\n"
	    "P|a-nina|nina|human|1|||1|E6|2020-01-01T00:00:00Z|\n"
	    "P|a-olga|olga|service|1|||1|E7|2020-01-01T00:00:00Z|"
	    "{\"usage_unknown\":true}\n"
	    "A|a-dave|R1\nA|a-nina|R1\nA|a-olga|R1\n",
	    &e_));
	recompute(f->db, NULL, NULL);
	expect_kinds(f->db, "dave", "");
	expect_kinds(f->db, "nina", "never-used");
	expect_kinds(f->db, "olga", "");
}

/*
 * A cloud service principal (attrs.service_principal_type) with tier 0 is
 * a finding; an AWS role (kind service, no such attribute) is not, nor a
 * service principal with tier 1.
 */
static void
test_service_principal_tier0(void **state)
{
	struct orgfx *f = *state;
	char *ev;

	OK(orgfx_sync(f->db, "tenant", "azure",
	    "E|R0|Owner on /subscriptions/s1|0|T1078.004||\n"
	    "E|R1|Contributor on /subscriptions/s1|1|||\n"
	    "P|sp-deploy|pipeline-app|service|1|||||2026-01-01T00:00:00Z|"
	    "{\"service_principal_type\":\"Application\"}\n"
	    "P|sp-mi|mi-web|service|1|||||2026-01-01T00:00:00Z|"
	    "{\"service_principal_type\":\"ManagedIdentity\"}\n"
	    "A|sp-deploy|R0\nA|sp-mi|R1\n",
	    &e_));
	OK(orgfx_sync(f->db, "acct", "aws",
	    "E|X0|AdministratorAccess|0|||\n"
	    "P|role-ci|ci-role|service|1|||||2026-01-01T00:00:00Z|\n"
	    "A|role-ci|X0\n",
	    &e_));
	recompute(f->db, NULL, NULL);
	expect_kinds(f->db, "pipeline-app", "service-principal-tier0");
	expect_kinds(f->db, "mi-web", "");
	expect_kinds(f->db, "ci-role", "");
	ev = orgfx_text(f->db,
	    "SELECT severity || ' ' || evidence FROM finding WHERE kind = ?1",
	    "service-principal-tier0");
	assert_string_equal(ev,
	    "high pipeline-app is a service principal (Application) and holds "
	    "Owner on /subscriptions/s1 (tier 0): whoever holds its "
	    "credentials, or controls what it runs on, holds tier 0");
	free(ev);
}

/*
 * Global Administrator by its template id: more holders than
 * global_admin_max (4, under Microsoft's five) in one tenant is a finding
 * on the source; a role of another name is not counted.
 */
static void
test_global_admin_excess(void **state)
{
	struct orgfx *f = *state;
	struct sb sb = SB_INIT;
	char *ev;
	int i;

	sb_adds(&sb,
	    "E|GA|Global Administrator|0|||\n"
	    "E|PRA|Privileged Role Administrator|0|||\n");
	for (i = 0; i < 6; i++)
		sb_addf(&sb,
		    "P|u%d|user%d|human|1|" ORGFX_NOW "||1||"
		    "2026-01-01T00:00:00Z|\nA|u%d|%s|%s||\n",
		    i, i, i, i < 5 ? "GA" : "PRA",
		    i == 4 ? "eligible" : "active");
	OK(orgfx_sync(f->db, "tenant", "azure", sb.buf, &e_));
	/* orgfx emits no attrs for entitlements: give GA its template id */
	assert_int_equal(db_exec(f->db,
			     "UPDATE entitlement SET attrs ="
			     " '{\"role_template_id\":"
			     "\"62e90394-69f5-4237-9190-012177145e10\"}'"
			     " WHERE ext_id = 'GA'",
			     NULL),
	    0);
	recompute(f->db, NULL, NULL);
	ev = orgfx_text(f->db, "SELECT evidence FROM finding WHERE kind = ?1",
	    "global-admin-excess");
	assert_string_equal(ev,
	    "5 accounts hold Global Administrator in tenant (threshold 4; "
	    "Microsoft recommends fewer than five)");
	free(ev);
	recompute(f->db, "[parc]\nglobal_admin_max = 5\n", NULL);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM finding WHERE kind ="
			     " 'global-admin-excess'"),
	    0);
	sb_release(&sb);
}

/* Standing privilege only where the source offers just-in-time. */
static void
test_standing(void **state)
{
	struct orgfx *f = *state;

	OK(orgfx_sync(f->db, "hr", "people", hr, &e_));
	OK(orgfx_sync(f->db, "tenant", "azure",
	    "E|R0|Global Administrator|0|||\n"
	    "P|a-dave|dave|human|1|2026-11-20T00:00:00Z||1|E4||\n"
	    "P|a-erin|erin|human|1|2026-11-20T00:00:00Z||1|E5||\n"
	    "P|a-nina|nina|human|1|2026-11-20T00:00:00Z||1|E6||\n"
	    "A|a-dave|R0|active||\n"
	    "A|a-erin|R0|eligible||\n"
	    "A|a-nina|R0|active|2026-12-01T00:00:00Z|\n",
	    &e_));
	OK(orgfx_sync(f->db, "other", "gcp",
	    "E|O0|Owner|0|||\n"
	    "P|g-olga|olga|human|1|2026-11-20T00:00:00Z||1|E7||\n"
	    "A|g-olga|O0|active||\n",
	    &e_));
	recompute(f->db, NULL, NULL);
	expect_kinds(f->db, "dave", "standing-privilege");
	expect_kinds(f->db, "erin", "");
	expect_kinds(f->db, "nina", "");
	expect_kinds(f->db, "olga", ""); /* gcp offers no eligible here */
}

/* One person with tier 0 in two sources. */
static void
test_overlap(void **state)
{
	struct orgfx *f = *state;
	char *ev;

	OK(orgfx_sync(f->db, "hr", "people", hr, &e_));
	OK(orgfx_sync(f->db, "a", "aws",
	    "E|X0|Admin|0|||\nE|X1|Power|1|||\n"
	    "P|x-dave|dave|human|1|2026-11-20T00:00:00Z||1|E4||\n"
	    "P|x-erin|erin|human|1|2026-11-20T00:00:00Z||1|E5||\n"
	    "A|x-dave|X0\nA|x-erin|X0\n",
	    &e_));
	OK(orgfx_sync(f->db, "b", "gcp",
	    "E|Y0|Owner|0|||\nE|Y1|Editor|1|||\n"
	    "P|y-dave|dave.d|human|1|2026-11-20T00:00:00Z||1|E4||\n"
	    "P|y-erin|erin.e|human|1|2026-11-20T00:00:00Z||1|E5||\n"
	    "A|y-dave|Y0\nA|y-erin|Y1\n",
	    &e_));
	recompute(f->db, NULL, NULL);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM finding WHERE"
			     " kind = 'credential-overlap'"),
	    1);
	ev = orgfx_text(f->db, "SELECT evidence FROM finding WHERE kind = ?1",
	    "credential-overlap");
	assert_string_equal(ev,
	    "Dave Dev holds tier-0 rights in 2 sources: "
	    "a, b");
	free(ev);
}

/* A persisting finding keeps id and first_seen; a resolved one goes. */
static void
test_recompute_keeps(void **state)
{
	struct orgfx *f = *state;
	struct finding_stats st;
	char *id1, *id2;

	load_org(f->db);
	recompute(f->db, NULL, &st);
	assert_int_equal(st.added, st.total);
	assert_int_equal(st.resolved, 0);
	id1 = orgfx_text(f->db,
	    "SELECT id || ' ' || first_seen FROM finding WHERE kind = ?1",
	    "orphan");
	recompute(f->db, NULL, &st);
	assert_int_equal(st.added, 0);
	assert_int_equal(st.resolved, 0);
	id2 = orgfx_text(f->db,
	    "SELECT id || ' ' || first_seen FROM finding WHERE kind = ?1",
	    "orphan");
	assert_string_equal(id1, id2);
	free(id1);
	free(id2);
	/*
	 * The recompute's writes skip severity's CHECK and the foreign keys
	 * (db/finding_write.c); the connection has both back after it.
	 */
	assert_int_equal(db_count(f->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(db_count(f->db, "PRAGMA ignore_check_constraints"), 0);
	assert_int_not_equal(db_exec(f->db,
				 "INSERT INTO finding (kind, severity, "
				 "evidence,"
				 " first_seen, last_seen) VALUES ('x', 'bogus',"
				 " 'x', 'x', 'x')",
				 NULL),
	    0);
	assert_int_not_equal(db_exec(f->db,
				 "INSERT INTO finding (kind, severity,"
				 " principal_id, evidence, first_seen, "
				 "last_seen)"
				 " VALUES ('x', 'low', 999999, 'x', 'x', 'x')",
				 NULL),
	    0);
	/* Carol's account goes: her orphan finding resolves. */
	OK(db_exec(f->db,
	    "UPDATE identity SET status = 'active', end_date = NULL WHERE"
	    " employee_id = 'E3'",
	    &e_));
	recompute(f->db, NULL, &st);
	assert_int_equal(st.resolved, 1);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM finding WHERE"
			     " kind = 'orphan'"),
	    0);
	/* the recompute is in the audit chain */
	assert_true(db_count(f->db,
			"SELECT count(*) FROM audit_event WHERE"
			" action = 'findings.recompute'") >= 2);
}

/*
 * parc sync recomputes findings and chains each run: the HR export and the
 * AD LDIF export of tests/data through the real connectors. A threshold
 * changed in parc.conf changes the findings at the next sync; a bad one
 * stops the sync before anything is touched.
 */
static int
sync_with(struct orgfx *f, const char *extra, struct err *e)
{
	const char *data = getenv("PARC_TEST_DATA");
	struct config *c = NULL;
	struct sb conf = SB_INIT, csv = SB_INIT;
	FILE *fp;
	int rc;

	if (data == NULL)
		data = "tests/data";
	if (getenv("PARC_SHARE") == NULL)
		setenv("PARC_SHARE", "share", 1);
	sb_addf(&csv, "%s/hr.csv", f->dir);
	if ((fp = fopen(csv.buf, "w")) == NULL)
		fail_msg("cannot write %s", csv.buf);
	fputs("employee_id,display_name,email,login,manager_id,department,"
	      "status,end_date\n"
	      "E1001,Alice A,a@x,alice,,IT,active,\n"
	      "E1002,Bob B,b@x,bob,E1001,IT,active,\n"
	      "E1003,Carol C,c@x,carol,E1002,IT,terminated,2026-01-31\n",
	    fp);
	fclose(fp);
	sb_addf(&conf,
	    "[parc]\n%s\n[source hr]\nkind = people\npath = %s\n\n"
	    "[source corp]\nkind = ldif\npath = %s/ldif/corp.ldif\n",
	    extra, csv.buf, data);
	if ((rc = config_parse_string(&c, "parc.conf", conf.buf, e)) == 0)
		rc = sync_run(f->db, c, NULL, 0, 0, e);
	config_free(c);
	sb_release(&conf);
	sb_release(&csv);
	return rc;
}

static void
test_sync_hook(void **state)
{
	struct orgfx *f = *state;
	struct err e = ERR_INIT;
	int64_t runs;

	OK(sync_with(f, "", &e_));
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM audit_event"
			     " WHERE action = 'sync'"),
	    2);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM audit_event"
			     " WHERE action = 'findings.recompute'"),
	    1);
	/* Carol left in January and still holds Domain Admins */
	assert_true(db_count(f->db,
			"SELECT count(*) FROM finding WHERE kind ="
			" 'orphan'") >= 1);
	expect_kinds(f->db, "bob", "dormant");
	/* a longer threshold for AD exports: bob is no longer dormant */
	OK(sync_with(f, "dormant_days_ldif = 3650", &e_));
	expect_kinds(f->db, "bob", "");
	assert_int_equal(finding_stale(f->db), 0);
	/*
	 * A sync killed between its snapshot's commit and the findings'
	 * leaves them marked out of date; the next sync recomputes them
	 * even when no source of it succeeds.
	 */
	OK(finding_mark_stale(f->db, &e_));
	assert_int_equal(finding_stale(f->db), 1);
	{
		struct config *c = NULL;

		OK(config_parse_string(&c, "parc.conf",
		    "[source corp]\nkind = ldif\npath = /nonexistent/x.ldif\n",
		    &e_));
		assert_int_not_equal(sync_run(f->db, c, NULL, 0, 0, &e), 0);
		assert_non_null(strstr(e.msg, "/nonexistent/x.ldif"));
		config_free(c);
	}
	assert_int_equal(finding_stale(f->db), 0);
	/* recomputed, with this configuration's default threshold */
	expect_kinds(f->db, "bob", "dormant");
	/* a bad threshold: the sync refuses before touching anything */
	runs = db_count(f->db, "SELECT count(*) FROM sync_run");
	assert_int_equal(sync_with(f, "grace_days = soon", &e), PARC_ECONFIG);
	assert_non_null(strstr(e.msg, "parc.conf:2"));
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM sync_run"),
	    runs);
}

/*
 * AWS root users as sync/aws_model.c emits them (break-glass, attrs from
 * the credential report): an active access key or a use within the
 * dormancy window is root-account-use.
 */
static void
test_root_account(void **state)
{
	struct orgfx *f = *state;
	struct sb sb = SB_INIT;
	struct err e = ERR_INIT;
	char *ev;

	sb_adds(&sb, "E|T0|root user|0|T1078.004||\n");
	sb_addf(&sb,
	    "P|u-root|root|break-glass|1|%s|%s|1||%s|{\"aws_root\": true, "
	    "\"account_id\": \"111122223333\", \"access_key_1_active\": "
	    "true, \"access_key_1_last_rotated\": \"%s\"}\n",
	    orgfx_ago(3), orgfx_ago(100), orgfx_ago(400), orgfx_ago(300));
	sb_addf(&sb,
	    "P|u-root2|root2|break-glass|1|%s|%s|1||%s|{\"aws_root\": true, "
	    "\"account_id\": \"444455556666\", \"access_key_1_active\": "
	    "false}\n",
	    orgfx_ago(200), orgfx_ago(100), orgfx_ago(400));
	sb_addf(&sb,
	    "P|u-root3|root3|break-glass|1||%s|1||%s|{\"aws_root\": true, "
	    "\"account_id\": \"777788889999\", \"access_key_2_active\": "
	    "true}\n",
	    orgfx_ago(100), orgfx_ago(400));
	sb_addf(&sb,
	    "P|u-root4|root4|break-glass|1||%s|1||%s|{\"aws_root\": true}\n",
	    orgfx_ago(100), orgfx_ago(400));
	sb_adds(&sb, "A|u-root|T0\nA|u-root2|T0\nA|u-root3|T0\nA|u-root4|T0\n");
	if (orgfx_sync(f->db, "acct", "aws", sb.buf, &e) != 0)
		fail_msg("acct: %s", e.msg);
	sb_release(&sb);
	recompute(f->db, NULL, NULL);
	/* used 3 days ago, an active key rotated 300 days ago */
	expect_kinds(f->db, "root",
	    "break-glass-used,old-access-key,root-account-use");
	/* used 200 days ago, no key: only that it was used */
	expect_kinds(f->db, "root2", "break-glass-used");
	/* never used, but an access key */
	expect_kinds(f->db, "root3", "root-account-use");
	expect_kinds(f->db, "root4", "");
	ev = orgfx_text(f->db,
	    "SELECT evidence || '|' || severity FROM finding f JOIN principal p"
	    " ON p.id = f.principal_id WHERE f.kind = ?1 AND p.name = 'root'",
	    "root-account-use");
	{
		struct sb want = SB_INIT;

		sb_addf(&want,
		    "the root user of AWS account 111122223333 has an active "
		    "access key (key 1, last rotated %.10s) and was used on "
		    "%.10s, 3 days ago (within 90 days): root should have no "
		    "access keys and sign in only for the few tasks that need "
		    "it|critical",
		    orgfx_ago(300), orgfx_ago(3));
		assert_string_equal(ev, want.buf);
		sb_release(&want);
	}
	free(ev);
	ev = orgfx_text(f->db,
	    "SELECT evidence FROM finding f JOIN principal p ON p.id ="
	    " f.principal_id WHERE f.kind = ?1 AND p.name = 'root3'",
	    "root-account-use");
	assert_string_equal(ev,
	    "the root user of AWS account 777788889999 has an active access "
	    "key (key 2, last rotated unknown): root should have no access "
	    "keys and sign in only for the few tasks that need it");
	free(ev);
}

/* The kinds table is complete and findable. */
static void
test_kind_table(void **state)
{
	size_t n, i;
	const struct finding_kind *k = finding_kinds(&n);

	(void)state;
	assert_int_equal(n, 26);
	assert_string_equal(finding_kind_find("orphaned-admincount")->label,
	    "orphan adminCount");
	for (i = 0; i < n; i++) {
		assert_ptr_equal(finding_kind_find(k[i].kind), &k[i]);
		assert_non_null(k[i].title);
		/* what the finding table's CHECK allows (a recompute checks) */
		assert_non_null(
		    strstr(" low medium high critical ", k[i].severity));
		assert_non_null(
		    strstr(" low medium high critical ", k[i].severity0));
	}
	assert_null(finding_kind_find("nonsense"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_dormant, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_query_pages, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_config, setup, teardown),
		cmocka_unit_test(test_config_bad),
		cmocka_unit_test_setup_teardown(test_unknown_usage, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ad_weak_signal, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_standing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_external_tier0, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_usage_unknown_attr, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_service_principal_tier0,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_global_admin_excess, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_overlap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recompute_keeps, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sync_hook, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_root_account, setup,
		    teardown),
		cmocka_unit_test(test_kind_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
