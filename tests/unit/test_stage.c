/*
 * test_stage.c - two-stage campaigns (db/stage.h) over an organisation
 * synced through the real sink: an approved tier-0 or flagged item goes
 * to the entitlement's owner, others stay approved, a revoke stands at
 * either stage, the second stage's decision is the item's, the history
 * keeps both, and verify accepts it all.
 *
 * corp: DA (tier 0) and Backup (tier 1), both owned by ivy; alice holds
 * DA, bob Backup, dan both (his Backup dormant: flagged); mona manages
 * the three.
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
#include "db/finding.h"
#include "db/role.h"
#include "tests/unit/orgfx.h"

#define OK(x)                                                   \
	do {                                                    \
		struct err e_ = ERR_INIT;                       \
		int rc_ = (x);                                  \
		if (rc_ != 0)                                   \
			fail_msg("%s: %d %s", #x, rc_, e_.msg); \
	} while (0)

struct fx {
	struct orgfx o;
	struct actor root, mona, ivy;
};

static const char hr[] = "I|M1|Mona M|mona||active|\n"
			 "I|I1|Ivy I|ivy||active|\n"
			 "I|E1|Alice A|alice|M1|active|\n"
			 "I|E2|Bob B|bob|M1|active|\n"
			 "I|E3|Dan D|dan|M1|active|\n";

static const char corp[] =
    "E|DA|DA|0||I1|\n"
    "E|BK|Backup|1||ivy|\n"
    "P|a-alice|alice|human|1|2026-11-20T00:00:00Z||1|E1||\n"
    "P|a-bob|bob|human|1|2026-11-20T00:00:00Z||1|E2||\n"
    "P|a-dan|dan|human|1|2026-11-20T00:00:00Z||1|E3||\n"
    "A|a-alice|DA\nA|a-bob|BK\nA|a-dan|DA\n"
    "A|a-dan|BK|active||2025-01-01T00:00:00Z\n";

static const char *
day(int n)
{
	static char buf[11];
	time_t t = time(NULL) + (time_t)n * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	return buf;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct finding_conf fc;
	struct err e = ERR_INIT;

	if (f == NULL || orgfx_open(&f->o) != 0)
		return -1;
	if (orgfx_sync(f->o.db, "hr", "people", hr, &e) != 0 ||
	    orgfx_sync(f->o.db, "corp", "aws", corp, &e) != 0) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	finding_conf_init(&fc);
	fc.now = ORGFX_NOW;
	if (finding_recompute(f->o.db, &fc, NULL, &e) != 0 ||
	    role_bootstrap(f->o.db, "root", 0, NULL, &e) != 0 ||
	    actor_resolve(f->o.db, "root", NULL, &f->root, &e) != 0 ||
	    actor_resolve(f->o.db, "mona", NULL, &f->mona, &e) != 0 ||
	    actor_resolve(f->o.db, "ivy", NULL, &f->ivy, &e) != 0) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	finding_conf_release(&fc);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	actor_release(&f->root);
	actor_release(&f->mona);
	actor_release(&f->ivy);
	orgfx_close(&f->o);
	free(f);
	return 0;
}

/* The id of the item of account on entitlement. */
static int64_t
item(struct fx *f, const char *account, const char *ent)
{
	char q[256], *v;
	int64_t id;

	snprintf(q, sizeof(q),
	    "SELECT id FROM review_item WHERE account = ?1 AND entitlement ="
	    " '%s'",
	    ent);
	v = orgfx_text(f->o.db, q, account);
	id = atoll(v);
	free(v);
	return id;
}

/* "decision:reviewer" of an item. */
static void
expect_item(struct fx *f, int64_t id, const char *want)
{
	char q[160], *v;

	snprintf(q, sizeof(q),
	    "SELECT decision || ':' || coalesce(reviewer, '-') FROM"
	    " review_item WHERE id = %lld AND ?1 IS NULL",
	    (long long)id);
	v = orgfx_text(f->o.db, q, NULL);
	assert_string_equal(v, want);
	free(v);
}

static void
decide(struct fx *f, const struct actor *a, int64_t id, const char *what,
    const char *comment)
{
	struct decide_req r = { 0 };

	r.decision = what;
	r.comment = comment;
	OK(item_decide(f->o.db, a, id, &r, &e_));
}

static void
test_two_stages(void **state)
{
	struct fx *f = *state;
	struct campaign_spec s = { 0 };
	struct campaign_settings set = { 0 };
	struct audit_report ar;
	int64_t alice_da, bob_bk, dan_da, dan_bk;
	char *v;

	s.name = "two";
	s.due = day(30);
	s.reviewer = "manager";
	s.fallback = "root";
	set.stage2 = "owner";
	OK(campaign_create_set(f->o.db, &f->root, &s, &set, NULL, NULL, &e_));
	alice_da = item(f, "alice", "DA");
	bob_bk = item(f, "bob", "Backup");
	dan_da = item(f, "dan", "DA");
	dan_bk = item(f, "dan", "Backup");
	expect_item(f, alice_da, "pending:mona");

	/* tier 0, approved: on to the owner (I1: ivy) */
	decide(f, &f->mona, alice_da, "approve", NULL);
	expect_item(f, alice_da, "pending:ivy");
	/* tier 1, nothing flagged: the approval is final */
	decide(f, &f->mona, bob_bk, "approve", NULL);
	expect_item(f, bob_bk, "approve:mona");
	/* flagged (dormant): on to the owner (login ivy) */
	decide(f, &f->mona, dan_bk, "approve", "needed for restores");
	expect_item(f, dan_bk, "pending:ivy");
	/* a revoke at the first stage stands */
	decide(f, &f->mona, dan_da, "revoke", "not needed");
	expect_item(f, dan_da, "revoke:mona");
	/* the second stage decides: an approval there is final */
	decide(f, &f->ivy, alice_da, "approve", NULL);
	expect_item(f, alice_da, "approve:ivy");
	/* ... and so is a revoke */
	decide(f, &f->ivy, dan_bk, "revoke", "restores run as svc-backup");
	expect_item(f, dan_bk, "revoke:ivy");

	/* the history keeps both stages, the note what the first decided */
	{
		char q[256];

		snprintf(q, sizeof(q),
		    "SELECT group_concat(decision || '/' || decided_by || '/' "
		    "||"
		    " coalesce(delegate, '-') || '/' || coalesce(comment, ''),"
		    " ' | ') FROM (SELECT * FROM decision WHERE item_id = %lld"
		    " AND ?1 IS NULL ORDER BY id)",
		    (long long)dan_bk);
		v = orgfx_text(f->o.db, q, NULL);
	}
	assert_non_null(strstr(v,
	    "approve/mona/-/needed for restores | delegate/parc stage 2/ivy/"
	    "stage 1: approved by mona at "));
	assert_non_null(strstr(v,
	    ": needed for restores | revoke/ivy/-/restores run as svc-backup"));
	free(v);
	v = orgfx_text(f->o.db,
	    "SELECT reassigned_from FROM review_item WHERE account = ?1 AND"
	    " entitlement = 'DA'",
	    "alice");
	assert_string_equal(v, "mona delegated to ivy by parc stage 2");
	free(v);
	memset(&ar, 0, sizeof(ar));
	OK(audit_verify(f->o.db, &ar, &e_));
}

static void
test_stage_to_login_and_refusals(void **state)
{
	struct fx *f = *state;
	struct campaign_spec s = { 0 };
	struct campaign_settings set = { 0 };
	struct err e = ERR_INIT;
	int64_t bob_bk;

	s.name = "iam";
	s.due = day(30);
	s.reviewer = "manager";
	set.stage2 = "ivy";
	set.stage2_when = "all";
	OK(campaign_create_set(f->o.db, &f->root, &s, &set, NULL, NULL, &e_));
	bob_bk = item(f, "bob", "Backup");
	/* "all": even an unflagged tier 1 goes on */
	decide(f, &f->mona, bob_bk, "approve", NULL);
	expect_item(f, bob_bk, "pending:ivy");

	s.name = "bad";
	set.stage2_when = "tier0,sometimes";
	assert_int_equal(campaign_create_set(f->o.db, &f->root, &s, &set, NULL,
			     NULL, &e),
	    PARC_EUSAGE);
	assert_non_null(strstr(e.msg, "not 'sometimes'"));
	set.stage2_when = NULL;
	set.stage2 = "nosuchlogin";
	assert_int_equal(campaign_create_set(f->o.db, &f->root, &s, &set, NULL,
			     NULL, &e),
	    PARC_EUSAGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_two_stages, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_stage_to_login_and_refusals, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
