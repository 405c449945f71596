/*
 * test_isodate.c - dates and times a user types are parsed strictly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lib/isodate.h"

static void
test_strict(void **state)
{
	static const char *const good[] = { "2026-12-06", "2024-02-29",
		"2026-12-06T00:00:00Z", "2099-01-01T23:59:59Z", NULL };
	static const char *const bad[] = { "2099-01-01garbage", "2099-01-01 ",
		" 2099-01-01", "2026-02-30", "2025-02-29", "2026-13-01",
		"2026-00-10", "2026-1-01", "20260101", "2026-12-06T24:00:00Z",
		"2026-12-06T10:60:00Z", "2026-12-06T10:00:00",
		"2026-12-06T10:00:00Zjunk", "2026-12-06T10:00:00+01:00",
		"2026-12-0x", "", NULL };
	size_t i;

	(void)state;
	for (i = 0; good[i] != NULL; i++)
		if (!iso_date_or_time_valid(good[i]))
			fail_msg("refused %s", good[i]);
	for (i = 0; bad[i] != NULL; i++)
		if (iso_date_or_time_valid(bad[i]))
			fail_msg("accepted '%s'", bad[i]);
	assert_false(iso_date_or_time_valid(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
