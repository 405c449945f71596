/*
 * test_vocab.c - the words of db/vocab.h and the finding kinds' labels:
 * what the console colours, the SIEM export's CEF severities, and which
 * decisions need what, as a user meets them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <strings.h>

#include "db/finding.h"
#include "db/vocab.h"

/* Severities rank low to critical, and CEF gets 3, 5, 8, 10. */
static void
test_severities(void **state)
{
	static const char *const names[] = { "low", "medium", "high",
		"critical" };
	static const int cef[] = { 3, 5, 8, 10 };
	const struct severity *s;
	size_t i, n;

	(void)state;
	s = severities(&n);
	assert_int_equal(n, 4);
	for (i = 0; i < n; i++) {
		assert_string_equal(s[i].name, names[i]);
		assert_int_equal(s[i].rank, (int)i);
		assert_int_equal(s[i].cef, cef[i]);
		assert_ptr_equal(severity_find(names[i]), &s[i]);
	}
	assert_int_equal(severity_find("high")->tone, TONE_DANGER);
	assert_int_equal(severity_find("medium")->tone, TONE_WARN);
	assert_null(severity_find("High"));
	assert_null(severity_find("severe"));
	assert_null(severity_find(NULL));
}

/* The decisions `parc decide` takes, what each needs and leaves. */
static void
test_decision_kinds(void **state)
{
	const struct decision_kind *k;

	(void)state;
	assert_string_equal(decision_kind_names(),
	    "approve, revoke, exception, delegate, undo");
	k = decision_kind_find("approve");
	assert_string_equal(k->state, "approve");
	assert_int_equal(k->needs, NEED_COMMENT_IF_FINDINGS);
	k = decision_kind_find("exception");
	assert_true(k->needs & NEED_COMMENT);
	assert_true(k->needs & NEED_UNTIL);
	k = decision_kind_find("delegate");
	assert_string_equal(k->state, "pending");
	assert_string_equal(k->done, "delegated");
	assert_string_equal(k->audit, "delegate");
	k = decision_kind_find("undo");
	assert_string_equal(k->state, "pending");
	assert_string_equal(k->done, "pending again");
	assert_null(decision_kind_find("delegated"));
	assert_null(decision_kind_find(NULL));
}

/* An item's states; an old database's 'delegated' is none of them. */
static void
test_decision_states(void **state)
{
	(void)state;
	assert_int_equal(decision_state_find(NULL)->id, DS_PENDING);
	assert_int_equal(decision_state_find("pending")->tone, TONE_NORMAL);
	assert_int_equal(decision_state_find("approve")->tone, TONE_GOOD);
	assert_int_equal(decision_state_find("revoke")->tone, TONE_DANGER);
	assert_int_equal(decision_state_find("exception")->id, DS_EXCEPTION);
	assert_null(decision_state_find("delegated"));
	assert_null(decision_state_find("delegate"));
	assert_true(decision_pending(NULL));
	assert_true(decision_pending("pending"));
	assert_false(decision_pending("approve"));
	assert_false(decision_pending("delegated"));
}

/* Every finding kind has a short label; an unknown kind shows as is. */
static void
test_kind_labels(void **state)
{
	const struct finding_kind *k;
	size_t i, n;

	(void)state;
	k = finding_kinds(&n);
	assert_true(n >= 16);
	for (i = 0; i < n; i++) {
		assert_non_null(k[i].label);
		assert_true(strlen(k[i].label) <= 18);
	}
	assert_string_equal(finding_kind_label("no-mfa"), "no MFA");
	assert_string_equal(finding_kind_label("tier0-excess"), "too many T0");
	assert_string_equal(finding_kind_label("made-up"), "made-up");
}

/*
 * One name per kind (issue 17): the console's label names the kind the
 * command line and a scope take, and no label names two kinds.
 */
static void
test_kind_lookup(void **state)
{
	const struct finding_kind *k;
	size_t i, j, n;

	(void)state;
	k = finding_kinds(&n);
	for (i = 0; i < n; i++) {
		assert_ptr_equal(finding_kind_lookup(k[i].kind), &k[i]);
		assert_ptr_equal(finding_kind_lookup(k[i].label), &k[i]);
		for (j = 0; j < n; j++)
			assert_true(
			    i == j || strcasecmp(k[i].label, k[j].kind) != 0);
	}
	assert_string_equal(finding_kind_lookup("overlap")->kind,
	    "credential-overlap");
	assert_string_equal(finding_kind_lookup("no mfa")->kind, "no-mfa");
	assert_string_equal(finding_kind_lookup("Too-Many-T0")->kind,
	    "tier0-excess");
	assert_string_equal(finding_kind_lookup("DORMANT")->kind, "dormant");
	assert_null(finding_kind_lookup("overla"));
	assert_null(finding_kind_lookup(""));
	assert_null(finding_kind_lookup(NULL));
	assert_non_null(strstr(finding_kind_names(),
	    "dormant, never-used, shared-account, "));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_severities),
		cmocka_unit_test(test_decision_kinds),
		cmocka_unit_test(test_decision_states),
		cmocka_unit_test(test_kind_labels),
		cmocka_unit_test(test_kind_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
