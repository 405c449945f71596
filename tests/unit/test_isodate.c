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

/* The clouds' times, brought to UTC "YYYY-MM-DDTHH:MM:SSZ". */
static void
test_time_utc(void **state)
{
	static const struct {
		const char *in, *out;
	} good[] = {
		{ "2019-11-13T17:30:00Z", "2019-11-13T17:30:00Z" },
		{ "2020-09-10T00:32:36.86Z", "2020-09-10T00:32:36Z" },
		{ "2015-06-17T19:11:50+00:00", "2015-06-17T19:11:50Z" },
		{ "2015-06-17T01:11:50+0230", "2015-06-16T22:41:50Z" },
		{ "2015-12-31T23:30:00-01:00", "2016-01-01T00:30:00Z" },
		{ NULL, NULL },
	};
	static const char *const bad[] = { "2019-11-13", "2019-11-13T17:30:00",
		"2019-11-13T17:30:00Zx", "2019-13-13T17:30:00Z",
		"2019-11-13T24:00:00Z", "2019-11-13T17:30:00+1",
		"0999-01-01T00:00:00Z", "", NULL };
	char out[21];
	size_t i;

	(void)state;
	for (i = 0; good[i].in != NULL; i++) {
		if (iso_time_utc(good[i].in, 1000, 0, out) != 0)
			fail_msg("refused %s", good[i].in);
		assert_string_equal(out, good[i].out);
	}
	for (i = 0; bad[i] != NULL; i++)
		if (iso_time_utc(bad[i], 1000, 0, out) == 0)
			fail_msg("accepted '%s'", bad[i]);
	assert_int_equal(iso_time_utc(NULL, 1000, 1, out), -1);
	/* zone_optional: no zone is UTC; min_year refuses Graph's "never" */
	assert_int_equal(iso_time_utc("2024-12-10T17:38:26", 1900, 1, out), 0);
	assert_string_equal(out, "2024-12-10T17:38:26Z");
	assert_int_equal(iso_time_utc("0001-01-01T00:00:00Z", 1900, 1, out),
	    -1);
	/* fields: the offset carried across the year; past 9999 refused */
	assert_int_equal(iso_fields_utc(2015, 12, 31, 23, 30, 0, -3600, out),
	    0);
	assert_string_equal(out, "2016-01-01T00:30:00Z");
	assert_int_equal(iso_fields_utc(9999, 12, 31, 23, 30, 0, -3600, out),
	    -1);
	assert_int_equal(iso_digits("0912", 4), 912);
	assert_int_equal(iso_digits("09a2", 4), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strict),
		cmocka_unit_test(test_time_utc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
