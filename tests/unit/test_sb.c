/*
 * test_sb.c - the one escaping function every string from outside goes
 * through on its way to a terminal (sb_add_safe).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sb.h"

static void
expect_safe(const char *in, const char *want)
{
	struct sb sb = SB_INIT;

	sb_add_safe(&sb, in);
	assert_string_equal(sb.buf, want);
	sb_release(&sb);
}

static void
test_controls(void **state)
{
	(void)state;
	expect_safe("a\033[2Jb\007", "a\\x1b[2Jb\\x07");
	expect_safe("line\nnext\r\tx\177", "line\\nnext\\r\\tx\\x7f");
	/* C1 CSI (U+009B) clears a screen on some terminals */
	expect_safe("x\xc2\x9b"
		    "2J",
	    "x\\xc2\\x9b2J");
	expect_safe("back\\slash", "back\\\\slash");
	expect_safe("bad \xff\xfe", "bad \\xff\\xfe");
}

/* Text that reads in another order than it is: escaped, visibly. */
static void
test_bidi(void **state)
{
	(void)state;
	/* "evil<RLO>hs.txt" shows as "eviltxt.sh" */
	expect_safe("evil\xe2\x80\xaehs.txt", "evil\\u202ehs.txt");
	expect_safe("\xe2\x81\xa6x\xe2\x81\xa9", "\\u2066x\\u2069");
	expect_safe("a\xe2\x80\x8f"
		    "b\xd8\x9c"
		    "c",
	    "a\\u200fb\\u061cc");
	expect_safe("l\xe2\x80\xa8p\xe2\x80\xa9", "l\\u2028p\\u2029");
	/* ordinary text stays as it is, Arabic and CJK included */
	expect_safe("Jos\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac "
		    "\xd8\xb9\xd9\x84\xd9\x8a",
	    "Jos\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xd8\xb9\xd9\x84\xd9\x8a");
	/* the zero-width joiner of emoji sequences is not a control */
	expect_safe("\xe2\x80\x8d", "\xe2\x80\x8d");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_bidi),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
