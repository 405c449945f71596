/*
 * test_campaign.c - campaigns over an organisation synced through the real
 * sink: scope expressions, reviewer assignment and the self-review rule,
 * every decision rule, role checks, items frozen across a later sync,
 * remediation tracking, expired exceptions, closing, and parc tick.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/audit.h"
#include "db/campaign.h"
#include "db/decision.h"
#include "db/exception.h"
#include "db/finding.h"
#include "db/item.h"
#include "db/role.h"
#include "lib/sb.h"
#include "tests/unit/orgfx.h"

#define OK(x)                                                   \
	do {                                                    \
		struct err e_ = ERR_INIT;                       \
		int rc_ = (x);                                  \
		if (rc_ != 0)                                   \
			fail_msg("%s: %d %s", #x, rc_, e_.msg); \
	} while (0)

struct cfx {
	struct orgfx o;
	struct db *db;
	struct actor root, mona, max, carl, aud;
};

static const char hr[] = "I|M1|Mona Manager|mona||active|\n"
			 "I|M2|Max Boss|max||active|\n"
			 "I|E1|Alice A|alice|M1|active|\n"
			 "I|E2|Bob B|bob|M1|active|\n"
			 "I|E3|Carl C|carl|M2|active|\n"
			 "I|A1|Ada Auditor|ada||active|\n";

/* YYYY-MM-DD, n days from today (real clock: due dates must be ahead). */
static const char *
day(int n)
{
	static char buf[8][11];
	static int k;
	char *b = buf[k++ % 8];
	time_t t = time(NULL) + (time_t)n * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(b, 11, "%Y-%m-%d", &tm);
	return b;
}

static void
sync_corp(struct db *db, int without_alice_t0)
{
	struct sb sb = SB_INIT;

	/*
	 * mona's Power is another entitlement of the same name (T1m): she
	 * holds T1 through nothing, so reviewing bob's T1 is no conflict of
	 * interest (db/conflict.h; test_conflict.c tests those).
	 */
	sb_adds(&sb,
	    "E|T0|Admin|0|T1098|E3|\n"
	    "E|T1|Power|1||mona|\n"
	    "E|T1m|Power|1||mona|\n"
	    "E|T3|Read|3|||\n"
	    "P|a-alice|alice|human|1|2026-11-20T00:00:00Z||1|E1||\n"
	    "P|a-bob|bob|human|1|2026-11-20T00:00:00Z||1|E2||\n"
	    "P|a-carl|carl|human|1|2026-01-01T00:00:00Z||1|E3||\n"
	    "P|a-mona|mona|human|1|2026-11-20T00:00:00Z||1|M1||\n"
	    "P|a-svc|svc-x|service|1|2026-11-20T00:00:00Z||||\n"
	    "A|a-bob|T1\nA|a-carl|T0\nA|a-mona|T1m\nA|a-svc|T1\n"
	    "A|a-alice|T3\n");
	if (!without_alice_t0)
		sb_adds(&sb, "A|a-alice|T0\n");
	OK(orgfx_sync(db, "corp", "aws", sb.buf, &e_));
	sb_release(&sb);
}

static void
recompute(struct db *db, const char *now)
{
	struct finding_conf fc;

	finding_conf_init(&fc);
	fc.now = now;
	OK(finding_recompute(db, &fc, NULL, &e_));
	finding_conf_release(&fc);
}

static int
setup(void **state)
{
	struct cfx *f = calloc(1, sizeof(*f));
	struct err e = ERR_INIT;

	if (f == NULL || orgfx_open(&f->o) != 0)
		return -1;
	f->db = f->o.db;
	if (orgfx_sync(f->db, "hr", "people", hr, &e) != 0 ||
	    orgfx_sync(f->db, "box", "sudoers",
		"E|S0|ALL|0|||\n"
		"P|b-bob|bob|human|1|2026-11-20T00:00:00Z||1|E2||\n"
		"A|b-bob|S0\n",
		&e) != 0) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	sync_corp(f->db, 0);
	recompute(f->db, ORGFX_NOW);
	if (role_bootstrap(f->db, "root", 0, NULL, &e) != 0 ||
	    actor_resolve(f->db, "root", NULL, &f->root, &e) != 0 ||
	    role_grant(f->db, &f->root, "ada", "auditor", &e) != 0 ||
	    actor_resolve(f->db, "mona", NULL, &f->mona, &e) != 0 ||
	    actor_resolve(f->db, "max", NULL, &f->max, &e) != 0 ||
	    actor_resolve(f->db, "carl", NULL, &f->carl, &e) != 0 ||
	    actor_resolve(f->db, "ada", NULL, &f->aud, &e) != 0) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct cfx *f = *state;

	actor_release(&f->root);
	actor_release(&f->mona);
	actor_release(&f->max);
	actor_release(&f->carl);
	actor_release(&f->aud);
	orgfx_close(&f->o);
	free(f);
	return 0;
}

static int64_t
create(struct cfx *f, const char *name, const char *scope, const char *reviewer,
    const char *fallback)
{
	struct campaign_spec s = { 0 };
	int64_t id = 0, n = -1;

	s.name = name;
	s.due = day(30);
	s.scope = scope;
	s.reviewer = reviewer;
	s.fallback = fallback;
	OK(campaign_create(f->db, &f->root, &s, &id, &n, &e_));
	assert_true(id > 0);
	return n;
}

/* "account:entitlement:reviewer" of each item of campaign, by account. */
static char *
items_of(struct cfx *f, const char *campaign)
{
	return orgfx_text(f->db,
	    "SELECT coalesce(group_concat(x, ' '), '') FROM (SELECT r.account"
	    " || ':' || r.entitlement || ':' || coalesce(r.reviewer, '-') AS x"
	    " FROM review_item r JOIN campaign c ON c.id = r.campaign_id"
	    " WHERE c.name = ?1 ORDER BY r.account, r.entitlement)",
	    campaign);
}

static void
expect_items(struct cfx *f, const char *campaign, const char *want)
{
	char *got = items_of(f, campaign);

	if (strcmp(got, want) != 0)
		fail_msg("campaign %s: items '%s', want '%s'", campaign, got,
		    want);
	free(got);
}

/* The item of campaign for account and entitlement. */
static int64_t
item(struct cfx *f, const char *campaign, const char *acct, const char *ent)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
	    "SELECT r.id FROM review_item r JOIN campaign c ON c.id ="
	    " r.campaign_id WHERE c.name = '%s' AND r.account = '%s' AND"
	    " r.entitlement = '%s'",
	    campaign, acct, ent);
	return db_count(f->db, sql);
}

/* ---- scope ---- */

static void
test_scope_check(void **state)
{
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(campaign_scope_check(NULL, &e), 0);
	assert_int_equal(campaign_scope_check("source=corp tier=0,1", &e), 0);
	assert_int_equal(campaign_scope_check("tier=7", &e), PARC_EUSAGE);
	assert_non_null(strstr(e.msg, "tier=7"));
	assert_int_equal(campaign_scope_check("colour=red", &e), PARC_EUSAGE);
	assert_non_null(strstr(e.msg, "unknown key 'colour'"));
	assert_int_equal(campaign_scope_check("source", &e), PARC_EUSAGE);
	assert_int_equal(campaign_scope_check("finding=nonsense", &e),
	    PARC_EUSAGE);
	assert_int_equal(campaign_scope_check("source=", &e), PARC_EUSAGE);
}

static void refused_scope(struct cfx *f, const char *scope, const char *msg);

static void
test_scope_select(void **state)
{
	struct cfx *f = *state;

	assert_int_equal(create(f, "all", NULL, NULL, "max"), 6);
	expect_items(f, "all",
	    "alice:Admin:mona bob:ALL:mona bob:Power:mona carl:Admin:max "
	    "mona:Power:max svc-x:Power:max");
	assert_int_equal(create(f, "t0corp", "source=corp tier=0", NULL, "max"),
	    2);
	expect_items(f, "t0corp", "alice:Admin:mona carl:Admin:max");
	assert_int_equal(create(f, "sudo", "kind=sudoers", NULL, "max"), 1);
	assert_int_equal(create(f, "dormant", "finding=dormant", NULL, "max"),
	    1);
	expect_items(f, "dormant", "carl:Admin:max");
	assert_int_equal(create(f, "power", "entitlement=pow*", NULL, "max"),
	    3);
	assert_int_equal(create(f, "alice", "person=alice", NULL, "max"), 1);
	assert_int_equal(create(f, "alice3", "person=alice tier=3", NULL,
			     "max"),
	    1);
	expect_items(f, "alice3", "alice:Read:mona");
	refused_scope(f, "source=nowhere",
	    "scope term source=nowhere: no source matches (there are: box, "
	    "corp, hr)");
}

/*
 * A scope that names nothing the database holds, or holds no grant at
 * all, opens no campaign and says what does exist (issue 17, 5).
 */
static void
refused_scope(struct cfx *f, const char *scope, const char *msg)
{
	struct campaign_spec s = { 0 };
	struct err e = ERR_INIT;
	int64_t n = -1,
		before = db_count(f->db, "SELECT count(*) FROM campaign");
	int rc;

	s.name = "nothing";
	s.due = day(30);
	s.scope = scope;
	if ((rc = campaign_create(f->db, &f->root, &s, NULL, &n, &e)) !=
	    PARC_ENOTFOUND)
		fail_msg("scope '%s': %d %s", scope, rc, e.msg);
	if (strstr(e.msg, msg) == NULL)
		fail_msg("message '%s' lacks '%s'", e.msg, msg);
	assert_int_equal(n, 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM campaign"),
	    before);
}

static void
test_scope_matches_nothing(void **state)
{
	struct cfx *f = *state;

	refused_scope(f, "source=nope",
	    "scope term source=nope: no source matches (there are: box, "
	    "corp, hr)");
	refused_scope(f, "kind=gcp",
	    "scope term kind=gcp: no source of that kind matches (there are: ");
	refused_scope(f, "entitlement=nothing*",
	    "scope term entitlement=nothing*: no entitlement matches (there "
	    "are: ");
	refused_scope(f, "person=nobody",
	    "scope term person=nobody: no person");
	/* every term matches something, together nothing */
	refused_scope(f, "person=alice tier=2",
	    "no privileged grant is in the scope 'person=alice tier=2': "
	    "campaign 'nothing' not opened");
	/* the console's label of a kind names it, as stored (issue 17, 10) */
	refused_scope(f, "finding=overlap",
	    "scope term finding=credential-overlap: no finding of that kind "
	    "matches (there are: dormant, shared-account)");
	assert_int_equal(create(f, "dormant-again", "finding=DORMANT", NULL,
			     "max"),
	    create(f, "dormant-once-more", "finding=dormant", NULL, "max"));
}

/* since=C: only grants that appeared after campaign C was created. */
static void
test_scope_since(void **state)
{
	struct cfx *f = *state;

	create(f, "base", NULL, NULL, "max");
	/* put the first campaign and today's grants well in the past */
	OK(db_exec(f->db,
	    "UPDATE campaign SET created_at = '2001-01-01T00:00:00Z';"
	    "UPDATE effective_grant SET first_seen = '2000-01-01T00:00:00Z'",
	    &e_));
	OK(orgfx_sync(f->db, "box", "sudoers",
	    "E|S0|ALL|0|||\n"
	    "P|b-bob|bob|human|1|2026-11-20T00:00:00Z||1|E2||\n"
	    "P|b-carl|carl|human|1|2026-11-20T00:00:00Z||1|E3||\n"
	    "A|b-bob|S0\nA|b-carl|S0\n",
	    &e_));
	assert_int_equal(create(f, "micro", "since=base", NULL, "mona"), 1);
	expect_items(f, "micro", "carl:ALL:max");
	{
		struct campaign_spec s = { "x", NULL, "since=nothing", NULL,
			NULL, NULL };
		struct err e = ERR_INIT;

		s.due = day(3);
		assert_int_equal(campaign_create(f->db, &f->root, &s, NULL,
				     NULL, &e),
		    PARC_ENOTFOUND);
		assert_non_null(strstr(e.msg, "no campaign called 'nothing'"));
	}
}

/* ---- reviewers ---- */

static void
test_reviewer_rules(void **state)
{
	struct cfx *f = *state;
	char *why;

	/* manager: Mona has no manager, svc-x no person: the fallback */
	create(f, "m", "source=corp", "manager", "max");
	expect_items(f, "m",
	    "alice:Admin:mona bob:Power:mona carl:Admin:max mona:Power:max "
	    "svc-x:Power:max");
	why = orgfx_text(f->db,
	    "SELECT reassigned_from FROM review_item WHERE account = ?1",
	    "svc-x");
	assert_string_equal(why, "the rule manager names nobody");
	free(why);
	/*
	 * owner: Admin belongs to E3 (carl), Power to login mona; carl
	 * holds Admin himself, so alice's goes to the fallback (a conflict
	 * of interest, db/conflict.h)
	 */
	create(f, "o", "source=corp", "owner", "max");
	expect_items(f, "o",
	    "alice:Admin:max bob:Power:mona carl:Admin:max mona:Power:max "
	    "svc-x:Power:mona");
	why = orgfx_text(f->db,
	    "SELECT reassigned_from FROM review_item WHERE account = ?1 AND"
	    " campaign_id = (SELECT id FROM campaign WHERE name = 'o')",
	    "alice");
	assert_string_equal(why, "carl holds Admin too");
	free(why);
	/* a login */
	create(f, "l", "source=box", "carl", "max");
	expect_items(f, "l", "bob:ALL:carl");
	/* no fallback given: the creator */
	create(f, "nf", "person=mona", "manager", NULL);
	expect_items(f, "nf", "mona:Power:root");
}

/* Nobody reviews their own access: fallback, or unassigned. */
static void
test_self_review(void **state)
{
	struct cfx *f = *state;
	char *why;

	create(f, "s", "source=corp", "mona", "max");
	expect_items(f, "s",
	    "alice:Admin:mona bob:Power:mona carl:Admin:mona mona:Power:max "
	    "svc-x:Power:mona");
	why = orgfx_text(f->db,
	    "SELECT reassigned_from FROM review_item WHERE account = ?1",
	    "mona");
	assert_string_equal(why, "mona would review their own access");
	free(why);
	create(f, "s2", "person=mona", "mona", "mona");
	expect_items(f, "s2", "mona:Power:-");
	/* the audit event counts the reassignments */
	why = orgfx_text(f->db,
	    "SELECT json_extract(detail, '$.reassigned') FROM audit_event"
	    " WHERE action = 'campaign.create' AND detail LIKE ?1",
	    "%\"s2\"%");
	assert_string_equal(why, "1");
	free(why);
}

/* ---- decisions ---- */

static void refused_code(struct cfx *f, int code, const struct actor *a,
    int64_t id, const char *dec, const char *comment, const char *until,
    const char *to, const char *msg);

/* A decision refused as bad usage (exit 2), changing nothing. */
#define refused(f, ...) refused_code(f, PARC_EUSAGE, __VA_ARGS__)
/* ... and one the acting login may not take (exit 5). */
#define denied(f, ...) refused_code(f, PARC_EDENIED, __VA_ARGS__)

static int64_t
ndecisions(struct cfx *f)
{
	return db_count(f->db, "SELECT count(*) FROM decision");
}

static void
refused_code(struct cfx *f, int code, const struct actor *a, int64_t id,
    const char *dec, const char *comment, const char *until, const char *to,
    const char *msg)
{
	struct decide_req r = { dec, comment, until, to };
	struct err e = ERR_INIT;
	int64_t before = ndecisions(f);
	int64_t ev = db_count(f->db, "SELECT count(*) FROM audit_event");

	assert_int_equal(item_decide(f->db, a, id, &r, &e), code);
	if (strstr(e.msg, msg) == NULL)
		fail_msg("message '%s' lacks '%s'", e.msg, msg);
	assert_int_equal(ndecisions(f), before);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_event"),
	    ev);
}

static void
decide(struct cfx *f, const struct actor *a, int64_t id, const char *dec,
    const char *comment, const char *until, const char *to)
{
	struct decide_req r = { dec, comment, until, to };

	OK(item_decide(f->db, a, id, &r, &e_));
}

static char *
item_state(struct cfx *f, int64_t id)
{
	char sql[256];

	snprintf(sql, sizeof(sql),
	    "SELECT decision || '|' || coalesce(until, '') || '|' ||"
	    " coalesce(comment, '') || '|' || coalesce(decided_by, '') || '|'"
	    " || coalesce(reviewer, '') FROM review_item WHERE id = %lld",
	    (long long)id);
	return orgfx_text(f->db, sql, NULL);
}

static void
expect_state(struct cfx *f, int64_t id, const char *want)
{
	char *got = item_state(f, id);

	if (strcmp(got, want) != 0)
		fail_msg("item %lld: '%s', want '%s'", (long long)id, got,
		    want);
	free(got);
}

static void
test_decision_rules(void **state)
{
	struct cfx *f = *state;
	int64_t alice, bob, carl;
	char until[32];

	create(f, "q", "source=corp", NULL, "max");
	alice = item(f, "q", "alice", "Admin");
	bob = item(f, "q", "bob", "Power");
	carl = item(f, "q", "carl", "Admin"); /* dormant: has a finding */

	/* approve without findings needs no comment */
	decide(f, &f->mona, alice, "approve", NULL, NULL, NULL);
	expect_state(f, alice, "approve|||mona|mona");
	/* approve with a finding needs one */
	refused(f, &f->max, carl, "approve", NULL, NULL, NULL,
	    "has 1 finding: approving it needs a justification");
	decide(f, &f->max, carl, "approve", "used by the quarterly DR test",
	    NULL, NULL);
	/* revoke needs a justification */
	refused(f, &f->mona, bob, "revoke", NULL, NULL, NULL,
	    "a revocation needs a justification");
	/* exception: comment, a date, and a date ahead */
	refused(f, &f->mona, bob, "exception", NULL, day(10), NULL,
	    "an exception needs a justification");
	refused(f, &f->mona, bob, "exception", "vendor", NULL, NULL,
	    "needs --until YYYY-MM-DD");
	refused(f, &f->mona, bob, "exception", "vendor", "2026-02-30", NULL,
	    "needs --until YYYY-MM-DD, not 2026-02-30");
	refused(f, &f->mona, bob, "exception", "vendor", day(0), NULL,
	    "must end after today");
	refused(f, &f->mona, bob, "exception", "vendor", day(-3), NULL,
	    "must end after today");
	snprintf(until, sizeof(until), "%s", day(20));
	decide(f, &f->mona, bob, "exception", "vendor contract; MFA enforced",
	    until, NULL);
	{
		char want[128];

		snprintf(want, sizeof(want),
		    "exception|%s|vendor contract; MFA enforced|mona|mona",
		    until);
		expect_state(f, bob, want);
	}
	/* change of mind while open: every change kept */
	decide(f, &f->mona, bob, "revoke", "no longer needed", NULL, NULL);
	expect_state(f, bob, "revoke||no longer needed|mona|mona");
	decide(f, &f->mona, bob, "undo", NULL, NULL, NULL);
	expect_state(f, bob, "pending||||mona");
	refused(f, &f->mona, bob, "undo", NULL, NULL, NULL,
	    "has no decision to undo");
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM decision WHERE"
			     " item_id IN (SELECT id FROM"
			     " review_item WHERE account = 'bob')"),
	    3);
	/* only the assigned reviewer */
	denied(f, &f->max, bob, "approve", NULL, NULL, NULL,
	    "is assigned to mona, not max");
	/* delegate: never to the person, then the delegate decides */
	refused(f, &f->mona, bob, "delegate", NULL, NULL, "bob",
	    "cannot be delegated to them");
	refused(f, &f->mona, bob, "delegate", NULL, NULL, NULL,
	    "--to is empty");
	refused(f, &f->mona, bob, "delegate", NULL, NULL, "karl",
	    "--to karl is neither a login of this host nor one of the people "
	    "data");
	decide(f, &f->mona, bob, "delegate", "on leave", NULL, "carl");
	expect_state(f, bob, "pending||||carl");
	denied(f, &f->mona, bob, "approve", NULL, NULL, NULL,
	    "is assigned to carl, not mona");
	decide(f, &f->carl, bob, "approve", NULL, NULL, NULL);
	/* unknown decision */
	refused(f, &f->mona, alice, "maybe", NULL, NULL, NULL,
	    "unknown decision 'maybe'");
	/* audit: every decision chained, and it verifies */
	{
		struct audit_report r;

		OK(audit_verify(f->db, &r, &e_));
		assert_int_equal(r.decisions, ndecisions(f));
	}
}

/* A closed campaign's decisions are final. */
static void
test_closed_final(void **state)
{
	struct cfx *f = *state;
	int64_t alice, pending;
	struct err e = ERR_INIT;

	create(f, "c", "source=corp tier=0", NULL, "max");
	alice = item(f, "c", "alice", "Admin");
	decide(f, &f->mona, alice, "approve", NULL, NULL, NULL);
	/* one pending item left (carl) */
	assert_int_equal(campaign_close(f->db, &f->root, "c", 0, NULL, &pending,
			     &e),
	    PARC_EUSAGE);
	assert_non_null(strstr(e.msg,
	    "has 1 pending item; close it with "
	    "--force --default keep|revoke"));
	assert_int_equal(campaign_close(f->db, &f->root, "c", 1, NULL, &pending,
			     &e),
	    PARC_EUSAGE);
	assert_int_equal(campaign_close(f->db, &f->root, "c", 1, "drop",
			     &pending, &e),
	    PARC_EUSAGE);
	assert_int_equal(campaign_close(f->db, &f->mona, "c", 1, "keep",
			     &pending, &e),
	    PARC_EDENIED);
	assert_non_null(strstr(e.msg, "only an admin may close"));
	OK(campaign_close(f->db, &f->root, "c", 1, "revoke", &pending, &e_));
	assert_int_equal(pending, 1);
	{
		char *v = orgfx_text(f->db,
		    "SELECT state || '|' || close_default || '|' || closed_by"
		    " FROM campaign WHERE name = ?1",
		    "c");

		assert_string_equal(v, "closed|revoke|root");
		free(v);
	}
	refused(f, &f->mona, alice, "revoke", "x", NULL, NULL,
	    "campaign 'c' is closed");
	assert_int_equal(campaign_close(f->db, &f->root, "c", 1, "keep",
			     &pending, &e),
	    PARC_EUSAGE);
	assert_non_null(strstr(e.msg, "is closed already"));
}

/* ---- issue 17: records an auditor signs ---- */

static int
keep_decider(const struct item_row *r, void *arg)
{
	*(char **)arg = r->decided_by ? xstrdup(r->decided_by) : NULL;
	return 0;
}

/* The decider an item prints (item rows feed every report and screen). */
static void
expect_decider(struct cfx *f, int64_t id, const char *want)
{
	char *got = NULL;

	OK(item_get(f->db, id, keep_decider, &got, &e_));
	if (want == NULL ? got != NULL : got == NULL || strcmp(got, want) != 0)
		fail_msg("item %lld decided by '%s', want '%s'", (long long)id,
		    got ? got : "(null)", want ? want : "(null)");
	free(got);
}

static int
keep_owner(const struct exception_row *r, void *arg)
{
	free(*(char **)arg);
	*(char **)arg = xstrdup(r->owner);
	return 0;
}

static void
test_records(void **state)
{
	struct cfx *f = *state;
	struct actor as = { 0 };
	int64_t alice, carl;
	char until[32], *owner = NULL;

	snprintf(until, sizeof(until), "%s", day(40));
	create(f, "rec", "source=corp", NULL, "max");
	alice = item(f, "rec", "alice", "Admin"); /* mona reviews */
	carl = item(f, "rec", "carl", "Admin");	  /* max; dormant */

	/* 2: a justification of blanks is none */
	refused(f, &f->max, carl, "approve", " \t  ", NULL, NULL,
	    "has 1 finding: approving it needs a justification");
	refused(f, &f->max, carl, "revoke", "   ", NULL, NULL,
	    "a revocation needs a justification");
	refused(f, &f->max, carl, "exception", "\n", until, NULL,
	    "an exception needs a justification");
	expect_state(f, carl, "pending||||max");

	/* 1: entered by an admin for the reviewer, and said so */
	OK(actor_resolve(f->db, "root", "max", &as, &e_));
	decide(f, &as, carl, "exception", "jump host only", until, NULL);
	expect_decider(f, carl, "max, entered by root");
	OK(exception_list(f->db, keep_owner, &owner, &e_));
	assert_string_equal(owner, "max, entered by root");
	/* the reviewer's own change names the reviewer alone */
	decide(f, &f->max, carl, "exception", "jump host only", until, NULL);
	expect_decider(f, carl, "max");
	OK(exception_list(f->db, keep_owner, &owner, &e_));
	assert_string_equal(owner, "max");
	decide(f, &as, carl, "revoke", "left the team", NULL, NULL);
	expect_decider(f, carl, "max, entered by root");
	actor_release(&as);
	decide(f, &f->max, carl, "undo", NULL, NULL, NULL);
	expect_decider(f, carl, NULL);
	free(owner);

	/* 3: a decided item is not delegated: its decision would vanish */
	decide(f, &f->mona, alice, "approve", NULL, NULL, NULL);
	refused(f, &f->mona, alice, "delegate", NULL, NULL, "carl",
	    "is decided already (approve): undo that decision before "
	    "delegating");
	refused(f, &f->root, alice, "delegate", NULL, NULL, "carl",
	    "is decided already (approve)");
	expect_state(f, alice, "approve|||mona|mona");
	/* taken back on the record, then delegated */
	decide(f, &f->mona, alice, "undo", NULL, NULL, NULL);
	decide(f, &f->mona, alice, "delegate", NULL, NULL, "carl");
	expect_state(f, alice, "pending||||carl");
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM decision WHERE decision ="
			     " 'approve' AND decided_by = 'mona'"),
	    1);
}

/* ---- roles ---- */

/* One read policy, and a status word that never invents a role (8). */
static void
test_read_policy(void **state)
{
	struct cfx *f = *state;
	struct actor rev = { 0 };
	struct err e = ERR_INIT;

	assert_int_equal(role_check_read(&f->root, "the inventory", &e), 0);
	assert_int_equal(role_check_read(&f->aud, "the inventory", &e), 0);
	assert_int_equal(role_check_read(&f->mona, "the inventory", &e),
	    PARC_EDENIED);
	assert_string_equal(e.msg,
	    "reading the inventory is for admins and auditors, and mona holds "
	    "no role (a reviewer reads the items assigned to them: parc "
	    "review, parc campaign show NAME)");
	OK(role_grant(f->db, &f->root, "mona", "reviewer", &e_));
	OK(actor_resolve(f->db, "mona", NULL, &rev, &e_));
	assert_int_equal(role_check_read(&rev, "the evidence", &e),
	    PARC_EDENIED);
	assert_non_null(strstr(e.msg, "and mona is a reviewer"));
	actor_release(&rev);
	assert_string_equal(role_label(f->mona.roles), "no role");
	assert_string_equal(role_label(ROLE_REVIEWER), "reviewer");
	assert_string_equal(role_label(ROLE_AUDITOR | ROLE_REVIEWER),
	    "auditor");
	assert_string_equal(role_label(ROLE_ADMIN | ROLE_AUDITOR), "admin");
}

static void
test_roles(void **state)
{
	struct cfx *f = *state;
	struct campaign_spec s = { "r", NULL, NULL, NULL, NULL, NULL };
	struct actor as = { 0 };
	struct err e = ERR_INIT;
	int64_t alice, mona;

	s.due = day(5);
	/* reviewers do not create campaigns */
	assert_int_equal(campaign_create(f->db, &f->mona, &s, NULL, NULL, &e),
	    PARC_EDENIED);
	assert_non_null(strstr(e.msg, "only an admin may create campaigns"));
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM campaign"), 0);
	create(f, "r", "source=corp", "mona", "max");
	alice = item(f, "r", "alice", "Admin");
	mona = item(f, "r", "mona", "Power");
	/* auditors decide nothing, even when named reviewer */
	denied(f, &f->aud, alice, "approve", NULL, NULL, NULL,
	    "auditors read everything and decide nothing");
	/* --as is for admins */
	assert_int_equal(actor_resolve(f->db, "mona", "max", &as, &e),
	    PARC_EDENIED);
	assert_non_null(strstr(e.msg, "--as is for admins"));
	/* an admin needs --as to decide another's item ... */
	denied(f, &f->root, alice, "approve", NULL, NULL, NULL,
	    "act for them with --as");
	/* ... and it is recorded as such */
	OK(actor_resolve(f->db, "root", "mona", &as, &e_));
	decide(f, &as, alice, "approve", NULL, NULL, NULL);
	{
		char *v = orgfx_text(f->db,
		    "SELECT decided_by || '|' || acted_by FROM decision"
		    " ORDER BY id DESC LIMIT 1",
		    NULL);

		assert_string_equal(v, "mona|root");
		free(v);
		v = orgfx_text(f->db,
		    "SELECT actor FROM audit_event ORDER BY id DESC LIMIT 1",
		    NULL);
		assert_string_equal(v, "root as mona");
		free(v);
	}
	actor_release(&as);
	/* not even an admin acting as the person reviews their own access */
	OK(actor_resolve(f->db, "root", "mona", &as, &e_));
	denied(f, &as, mona, "approve", NULL, NULL, NULL,
	    "nobody reviews their own access");
	actor_release(&as);
	/* nor does an admin decide their own access as someone else */
	OK(role_grant(f->db, &f->root, "carl", "admin", &e_));
	OK(actor_resolve(f->db, "carl", "mona", &as, &e_));
	denied(f, &as, item(f, "r", "carl", "Admin"), "approve", "x", NULL,
	    NULL, "about carl's own access: carl cannot decide it as mona");
	actor_release(&as);
	OK(role_revoke(f->db, &f->root, "carl", "admin", &e_));
	/* admins reassign any item (delegate without --as) */
	decide(f, &f->root, mona, "delegate", NULL, NULL, "carl");
	expect_state(f, mona, "pending||||carl");
	/* role changes: admins only, audited, the last admin stays */
	assert_int_equal(role_grant(f->db, &f->mona, "mona", "admin", &e),
	    PARC_EDENIED);
	assert_int_equal(role_revoke(f->db, &f->root, "root", "admin", &e),
	    PARC_EUSAGE);
	assert_non_null(strstr(e.msg, "last admin"));
	assert_int_equal(role_grant(f->db, &f->root, "mona", "boss", &e),
	    PARC_EUSAGE);
	OK(role_grant(f->db, &f->root, "mona", "admin", &e_));
	OK(role_revoke(f->db, &f->root, "root", "admin", &e_));
	assert_int_equal(role_of(f->db, "root", &e), 0);
	assert_int_equal(role_of(f->db, "MONA", &e), ROLE_ADMIN);
	assert_int_equal(role_revoke(f->db, &f->root, "ada", "reviewer", &e),
	    PARC_EDENIED); /* root is no longer an admin */
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM audit_event"
			     " WHERE action LIKE 'role.%'"),
	    6); /* bootstrap, ada, carl in and out, mona admin, root out */
}

/* ---- frozen items, remediation, exceptions ---- */

/*
 * Create freezes its items without their CHECKs (met by construction),
 * and only its own statement: after a create, and after one refused
 * with nothing in scope, an item whose findings are not JSON is refused.
 */
static void
test_checks_kept(void **state)
{
	struct cfx *f = *state;
	struct campaign_spec s = { 0 };
	struct err e = ERR_INIT;
	static const char bad[] =
	    "INSERT INTO review_item (campaign_id, source, source_kind,"
	    " account_ext_id, account, entitlement_ext_id, entitlement, path,"
	    " findings) SELECT id, 's', 'aws', 'x', 'x', 'y', 'y', '[]',"
	    " 'not json' FROM campaign WHERE name = 'ck'";

	create(f, "ck", "source=corp", NULL, "max");
	assert_int_equal(db_exec(f->db, bad, &e), PARC_EDB);
	assert_non_null(strstr(e.msg, "CHECK constraint failed"));
	err_clear(&e);
	s.name = "ck2";
	s.due = day(30);
	s.scope = "person=alice tier=2";
	assert_int_equal(campaign_create(f->db, &f->root, &s, NULL, NULL, &e),
	    PARC_ENOTFOUND);
	err_clear(&e);
	assert_int_equal(db_exec(f->db, bad, &e), PARC_EDB);
	assert_non_null(strstr(e.msg, "CHECK constraint failed"));
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item"
			     " WHERE findings = 'not json'"),
	    0);
}

static void
test_frozen(void **state)
{
	struct cfx *f = *state;
	int64_t alice, carl;
	char *before, *after;
	char sql[256];

	create(f, "fz", "source=corp", NULL, "max");
	alice = item(f, "fz", "alice", "Admin");
	carl = item(f, "fz", "carl", "Admin");
	snprintf(sql, sizeof(sql),
	    "SELECT group_concat(account || entitlement || path ||"
	    " coalesce(last_used, '') || findings || tier, ';') FROM"
	    " review_item WHERE id IN (%lld, %lld)",
	    (long long)alice, (long long)carl);
	before = orgfx_text(f->db, sql, NULL);
	/* later: Admin renamed, carl logs in, alice loses Admin */
	OK(orgfx_sync(f->db, "corp", "aws",
	    "E|T0|Admin (renamed)|1|T1098|E3|\n"
	    "E|T1|Power|1||mona|\n"
	    "P|a-alice|alice|human|1|2026-11-20T00:00:00Z||1|E1||\n"
	    "P|a-carl|carl|human|1|2026-11-25T00:00:00Z||1|E3||\n"
	    "A|a-carl|T0\nA|a-alice|T1\n",
	    &e_));
	recompute(f->db, ORGFX_NOW);
	after = orgfx_text(f->db, sql, NULL);
	assert_string_equal(before, after);
	assert_non_null(strstr(before, "dormant"));
	free(before);
	free(after);
	/* only grant_present follows the live data */
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item"
			     " WHERE grant_id IS NULL"),
	    4); /* alice Admin, bob, mona and svc-x Power */
}

static void
test_remediation(void **state)
{
	struct cfx *f = *state;
	int64_t alice, bob;
	char *ev;

	create(f, "rm", "source=corp", NULL, "max");
	alice = item(f, "rm", "alice", "Admin");
	bob = item(f, "rm", "bob", "Power");
	decide(f, &f->mona, alice, "revoke", "left the team", NULL, NULL);
	decide(f, &f->mona, bob, "revoke", "not needed", NULL, NULL);
	/* the next sync: alice's Admin is gone, bob's Power is not */
	sync_corp(f->db, 1);
	recompute(f->db, ORGFX_NOW);
	ev = orgfx_text(f->db,
	    "SELECT coalesce(remediated_at, 'NULL') || '|' || (grant_id IS "
	    "NULL)"
	    " FROM review_item WHERE account = ?1 AND entitlement = 'Admin'",
	    "alice");
	assert_string_not_equal(ev, "NULL|1");
	assert_non_null(strstr(ev, "Z|1"));
	free(ev);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM review_item"
			     " WHERE remediated_at IS NOT NULL"),
	    1);
	ev = orgfx_text(f->db, "SELECT evidence FROM finding WHERE kind = ?1",
	    "remediation-failed");
	assert_non_null(strstr(ev, "revoked in campaign rm"));
	assert_non_null(strstr(ev, "still present after the sync"));
	free(ev);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM finding WHERE"
			     " kind = 'remediation-failed'"),
	    1);
}

static void
test_exception_expiry(void **state)
{
	struct cfx *f = *state;
	int64_t bob;
	char far[32], *ev;

	create(f, "ex", "source=corp", NULL, "max");
	bob = item(f, "ex", "bob", "Power");
	decide(f, &f->mona, bob, "exception", "vendor; compensating: PAM",
	    day(2), NULL);
	recompute(f->db, NULL);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM finding WHERE"
			     " kind = 'exception-expired'"),
	    0);
	snprintf(far, sizeof(far), "%sT00:00:00Z", day(5));
	recompute(f->db, far);
	ev = orgfx_text(f->db, "SELECT evidence FROM finding WHERE kind = ?1",
	    "exception-expired");
	assert_non_null(strstr(ev, "granted by mona in campaign ex"));
	free(ev);
	/* entered by an admin for mona: the finding names both (issue 17) */
	{
		struct actor as = { 0 };

		OK(actor_resolve(f->db, "root", "mona", &as, &e_));
		decide(f, &as, bob, "exception", "vendor; compensating: PAM",
		    day(3), NULL);
		actor_release(&as);
	}
	snprintf(far, sizeof(far), "%sT00:00:00Z", day(6));
	recompute(f->db, far);
	ev = orgfx_text(f->db, "SELECT evidence FROM finding WHERE kind = ?1",
	    "exception-expired");
	assert_non_null(
	    strstr(ev, "granted by mona, entered by root in campaign ex"));
	free(ev);
}

/* ---- tick ---- */

static void
test_tick(void **state)
{
	struct cfx *f = *state;
	struct campaign_spec s = { "rec", NULL, "source=box", NULL, "max",
		"30 days" };
	struct tick_stats st;
	char at[32];
	int64_t bob;
	struct err e = ERR_INIT;

	s.due = day(10);
	OK(campaign_create(f->db, &f->root, &s, NULL, NULL, &e_));
	/* an exception elsewhere that expires within the next period */
	create(f, "other", "source=corp", NULL, "max");
	bob = item(f, "other", "bob", "Power");
	decide(f, &f->mona, bob, "exception", "vendor", day(35), NULL);

	OK(campaign_tick(f->db, &f->root, NULL, &st, &e_));
	assert_int_equal(st.opened, 0);
	assert_int_equal(st.overdue, 0);
	/* 31 days on: the next instance opens, once */
	snprintf(at, sizeof(at), "%sT06:00:00Z", day(31));
	OK(campaign_tick(f->db, &f->root, at, &st, &e_));
	assert_int_equal(st.opened, 1);
	assert_int_equal(st.reentered, 1);
	/* rec is overdue by then (due in 10 days), other too: 1 + 4 pending */
	assert_int_equal(st.overdue, 5);
	expect_items(f, "rec-2", "bob:ALL:mona bob:Power:mona");
	OK(campaign_tick(f->db, &f->root, at, &st, &e_));
	assert_int_equal(st.opened, 0);
	assert_int_equal(st.overdue, 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM campaign"), 3);
	assert_int_equal(db_count(f->db,
			     "SELECT count(*) FROM audit_event"
			     " WHERE action = 'tick'"),
	    1);
	/* reviewers do not tick */
	assert_int_equal(campaign_tick(f->db, &f->mona, at, &st, &e),
	    PARC_EDENIED);
	/* the series: rec-2 recurs and names its series */
	{
		char *v = orgfx_text(f->db,
		    "SELECT series || '|' || seq || '|' || every FROM campaign"
		    " WHERE name = ?1",
		    "rec-2");

		assert_string_equal(v, "rec|2|30 days");
		free(v);
	}
}

/* Queue queries: a reviewer's pending items, keyset pages, history. */
struct qc {
	int n;
	int64_t last;
};

static int
qrow(const struct item_row *r, void *arg)
{
	struct qc *q = arg;

	assert_true(r->id > q->last);
	q->last = r->id;
	q->n++;
	return 0;
}

static int
hrow(const struct decision_row *r, void *arg)
{
	struct sb *sb = arg;

	sb_addf(sb, "%s:%s;", r->decision, r->decided_by);
	return 0;
}

/* How many items q holds, walking them by id in pages of 2. */
static int
count_items(struct db *db, struct db_item_query *q)
{
	struct db_item_key k = { 0, NULL, 0 };
	struct qc c = { 0, 0 };
	int before;

	q->order = DB_ORDER_ID;
	OK(db_items_page(db, q, NULL, DB_PAGE_FIRST, 2, qrow, &c, &e_));
	do {
		before = c.n;
		k.id = c.last;
		OK(db_items_page(db, q, &k, DB_PAGE_AFTER, 2, qrow, &c, &e_));
	} while (c.n > before);
	return c.n;
}

static void
test_queue(void **state)
{
	struct cfx *f = *state;
	struct db_item_query fl = { 0 };
	struct db_item_key k = { 0, NULL, 0 };
	struct qc q = { 0, 0 };
	struct sb h = SB_INIT;
	int64_t bob;

	create(f, "qq", NULL, NULL, "max");
	OK(campaign_id(f->db, "qq", &fl.campaign, &e_));
	fl.reviewer = "MONA";
	assert_int_equal(count_items(f->db, &fl), 3);
	OK(db_items_page(f->db, &fl, NULL, DB_PAGE_FIRST, 2, qrow, &q, &e_));
	assert_int_equal(q.n, 2);
	k.id = q.last;
	OK(db_items_page(f->db, &fl, &k, DB_PAGE_AFTER, 0, qrow, &q, &e_));
	assert_int_equal(q.n, 3);
	fl.with_findings = 1;
	fl.reviewer = NULL;
	assert_int_equal(count_items(f->db, &fl), 2); /* carl, svc-x */
	fl.with_findings = 0;
	fl.filter = "ALL";
	assert_int_equal(count_items(f->db, &fl), 1);
	bob = item(f, "qq", "bob", "Power");
	decide(f, &f->mona, bob, "revoke", "x", NULL, NULL);
	decide(f, &f->mona, bob, "approve", NULL, NULL, NULL);
	OK(item_history(f->db, bob, hrow, &h, &e_));
	assert_string_equal(h.buf, "revoke:mona;approve:mona;");
	sb_release(&h);
	/* the next campaign's item shows this decision as an earlier one */
	create(f, "qq2", "person=bob", NULL, "max");
	{
		struct qc p = { 0, 0 };
		char *dec;

		OK(item_prior(f->db, item(f, "qq2", "bob", "Power"), qrow, &p,
		    &e_));
		assert_int_equal(p.n, 1);
		assert_int_equal(p.last, bob);
		dec = item_state(f, p.last);
		assert_string_equal(dec, "approve|||mona|mona");
		free(dec);
		/* an undecided item has no earlier decisions to show */
		p.n = 0;
		p.last = 0;
		OK(item_prior(f->db, item(f, "qq2", "bob", "ALL"), qrow, &p,
		    &e_));
		assert_int_equal(p.n, 0);
	}
	fl.filter = NULL;
	fl.reviewer = "mona";
	fl.pending_only = 1;
	assert_int_equal(count_items(f->db, &fl), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scope_check),
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_scope_select),
		T(test_scope_matches_nothing),
		T(test_scope_since),
		T(test_reviewer_rules),
		T(test_self_review),
		T(test_decision_rules),
		T(test_closed_final),
		T(test_records),
		T(test_roles),
		T(test_read_policy),
		T(test_checks_kept),
		T(test_frozen),
		T(test_remediation),
		T(test_exception_expiry),
		T(test_tick),
		T(test_queue),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
