/*
 * test_conflict.c - conflicted reviewers (db/conflict.h), through
 * campaign_create over an organisation synced through the real sink: each
 * rule moves the item to the fallback and says why, the owner rule keeps
 * a group's manager, a fallback who is the conflicted reviewer leaves the
 * item unassigned, and a reviewer without a stake keeps their items.
 *
 * corp: Domain Admins is the group g-da. alice reaches it through
 * Helpdesk, which mona (alice's manager) manages; bob through Ops, and
 * bob's manager carl holds Domain Admins himself; dan's manager nora has
 * no stake. box (sudoers): the account zed, tied to nobody, holds ALL.
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

#include "db/campaign.h"
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
	struct actor root;
};

static const char hr[] = "I|M1|Mona M|mona||active|\n"
			 "I|M2|Carl C|carl||active|\n"
			 "I|M3|Nora N|nora||active|\n"
			 "I|M9|Max Boss|max||active|\n"
			 "I|E1|Alice A|alice|M1|active|\n"
			 "I|E2|Bob B|bob|M2|active|\n"
			 "I|E3|Dan D|dan|M3|active|\n";

static const char corp[] =
    "P|g-da|Domain Admins|group||||||||\n"
    "P|g-help|Helpdesk|group|||||||{\"managed_by\": \"mona\"}\n"
    "P|g-ops|Ops|group||||||||\n"
    "P|a-alice|alice|human|1|2026-11-20T00:00:00Z||1|E1||\n"
    "P|a-bob|bob|human|1|2026-11-20T00:00:00Z||1|E2||\n"
    "P|a-dan|dan|human|1|2026-11-20T00:00:00Z||1|E3||\n"
    "P|a-mona|mona|human|1|2026-11-20T00:00:00Z||1|M1||\n"
    "P|a-carl|carl|human|1|2026-11-20T00:00:00Z||1|M2||\n"
    "E|DA|Domain Admins|0||M1|g-da\n"
    "M|a-alice|g-help\nM|g-help|g-da\n"
    "M|a-bob|g-ops\nM|g-ops|g-da\n"
    "M|a-dan|g-da\n"
    "M|a-carl|g-da\n";

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
	struct err e = ERR_INIT;

	if (f == NULL || orgfx_open(&f->o) != 0)
		return -1;
	if (orgfx_sync(f->o.db, "hr", "people", hr, &e) != 0 ||
	    orgfx_sync(f->o.db, "corp", "ldif", corp, &e) != 0 ||
	    orgfx_sync(f->o.db, "box", "sudoers",
		"E|S0|ALL|0|||\n"
		"P|b-zed|zed|human|1|2026-11-20T00:00:00Z||1|||\n"
		"A|b-zed|S0\n",
		&e) != 0 ||
	    role_bootstrap(f->o.db, "root", 0, NULL, &e) != 0 ||
	    actor_resolve(f->o.db, "root", NULL, &f->root, &e) != 0 ||
	    role_grant(f->o.db, &f->root, "zed", "reviewer", &e) != 0) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	actor_release(&f->root);
	orgfx_close(&f->o);
	free(f);
	return 0;
}

static void
create(struct fx *f, const char *name, const char *scope, const char *rule,
    const char *fallback)
{
	struct campaign_spec s = { 0 };

	s.name = name;
	s.due = day(30);
	s.scope = scope;
	s.reviewer = rule;
	s.fallback = fallback;
	OK(campaign_create(f->o.db, &f->root, &s, NULL, NULL, &e_));
}

/* "account:reviewer:why" of campaign name's items, by account. */
static char *
items(struct fx *f, const char *name)
{
	return orgfx_text(f->o.db,
	    "SELECT group_concat(x, ' | ') FROM (SELECT i.account || ':' ||"
	    " coalesce(i.reviewer, '-') || ':' || coalesce(i.reassigned_from,"
	    " '') AS x FROM review_item i JOIN campaign c ON c.id ="
	    " i.campaign_id WHERE c.name = ?1 ORDER BY i.account)",
	    name);
}

static void
test_rules(void **state)
{
	struct fx *f = *state;
	char *got;

	create(f, "m", "source=corp", "manager", "max");
	got = items(f, "m");
	assert_string_equal(got,
	    /* mona manages Helpdesk, on alice's path */
	    "alice:max:mona manages Helpdesk, a group on the path | "
	    /* carl holds Domain Admins himself */
	    "bob:max:carl holds Domain Admins too | "
	    /* carl's manager: nobody (the old rule, unchanged) */
	    "carl:max:the rule manager names nobody | "
	    /* nora has no stake in dan's */
	    "dan:nora:");
	free(got);
}

static void
test_owner_rule_keeps_group_manager(void **state)
{
	struct fx *f = *state;
	char *got;

	/* Domain Admins belongs to M1 (mona): the owner reviews */
	create(f, "o", "source=corp", "owner", "max");
	got = items(f, "o");
	assert_string_equal(got,
	    "alice:mona: | bob:mona: | carl:mona: | dan:mona:");
	free(got);
}

static void
test_fallback_conflicted_too(void **state)
{
	struct fx *f = *state;
	char *got;

	/* carl reviews everything, carl is the fallback too */
	create(f, "c", "source=corp", "carl", "carl");
	got = items(f, "c");
	assert_string_equal(got,
	    "alice:-:carl holds Domain Admins too; the fallback is the same "
	    "reviewer: unassigned | "
	    "bob:-:carl holds Domain Admins too; the fallback is the same "
	    "reviewer: unassigned | "
	    "carl:-:carl would review their own access; the fallback carl "
	    "is the person too: unassigned | "
	    "dan:-:carl holds Domain Admins too; the fallback is the same "
	    "reviewer: unassigned");
	free(got);
}

static void
test_on_the_path(void **state)
{
	struct fx *f = *state;
	char *got;

	/* zed's sudo account is tied to nobody, yet it is zed's */
	create(f, "z", "source=box", "zed", "max");
	got = items(f, "z");
	assert_string_equal(got, "zed:max:zed is on the path (zed > ALL)");
	free(got);
}

static void
test_allowed(void **state)
{
	struct fx *f = *state;
	struct campaign_spec s = { 0 };
	struct campaign_settings set = { .allow_conflicts = 1 };
	char *got;

	s.name = "a";
	s.due = day(30);
	s.scope = "source=corp";
	s.fallback = "max";
	OK(campaign_create_set(f->o.db, &f->root, &s, &set, NULL, NULL, &e_));
	got = items(f, "a");
	assert_string_equal(got,
	    "alice:mona: | bob:carl: | carl:max:the rule manager names "
	    "nobody | dan:nora:");
	free(got);
	got = orgfx_text(f->o.db,
	    "SELECT allow_conflicts FROM campaign_setting WHERE campaign_id ="
	    " (SELECT id FROM campaign WHERE name = ?1)",
	    "a");
	assert_string_equal(got, "1");
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_owner_rule_keeps_group_manager, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fallback_conflicted_too,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_on_the_path, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_allowed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
