/*
 * test_jget.c - the clouds' JSON members: booleans and dates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sync/jget.h"

static void
test_bool(void **state)
{
	json_t *o =
	    json_loads("{\"t\": true, \"f\": false, \"st\": \"TRUE\", "
		       "\"sf\": \"False\", \"x\": \"yes\", \"n\": null, "
		       "\"i\": 1}",
		0, NULL);

	(void)state;
	assert_non_null(o);
	assert_int_equal(jget_bool(json_object_get(o, "t")), 1);
	assert_int_equal(jget_bool(json_object_get(o, "f")), 0);
	assert_int_equal(jget_bool(json_object_get(o, "st")), 1);
	assert_int_equal(jget_bool(json_object_get(o, "sf")), 0);
	assert_int_equal(jget_bool(json_object_get(o, "x")), -1);
	assert_int_equal(jget_bool(json_object_get(o, "n")), -1);
	assert_int_equal(jget_bool(json_object_get(o, "i")), -1);
	assert_int_equal(jget_bool(NULL), -1);
	json_decref(o);
}

static void
test_date(void **state)
{
	json_t *o = json_loads("{\"d\": \"2015-06-17T19:11:50+01:00\", "
			       "\"n\": null, \"bad\": \"yesterday\", \"i\": 7}",
	    0, NULL);
	struct err e = { 0 };
	char out[21];

	(void)state;
	assert_non_null(o);
	assert_int_equal(jget_date(json_object_get(o, "d"), 1000, 0, "f.json",
			     "user bob", "d", out, &e),
	    0);
	assert_string_equal(out, "2015-06-17T18:11:50Z");
	assert_int_equal(jget_date(json_object_get(o, "n"), 1000, 0, "f.json",
			     "user bob", "n", out, &e),
	    0);
	assert_string_equal(out, "");
	assert_int_equal(jget_date(NULL, 1000, 0, "f.json", "user bob", "gone",
			     out, &e),
	    0);
	assert_string_equal(out, "");
	assert_int_equal(jget_date(json_object_get(o, "bad"), 1000, 0, "f.json",
			     "user bob", "bad", out, &e),
	    PARC_EDATA);
	assert_string_equal(e.msg, "f.json: user bob: bad is not a date");
	assert_int_equal(jget_date(json_object_get(o, "i"), 1000, 0, "f.json",
			     "user bob", "i", out, &e),
	    PARC_EDATA);
	assert_string_equal(e.msg, "f.json: user bob: i is not a date");
	json_decref(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
