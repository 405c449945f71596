/*
 * test_wrap.c - where the PDF breaks a cell's lines (reports/wrap.c):
 * between words, then between a path's or name's parts, and between
 * characters only when a part alone is wider than the column. Widths are
 * counted in characters here (every character one unit wide), so each
 * expected layout can be checked by eye.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lib/sb.h"
#include "reports/wrap.h"

/* One unit per character (a UTF-8 sequence counts once). */
static double
chars(const char *s, size_t n, void *arg)
{
	double w = 0;
	size_t i;

	(void)arg;
	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

static const struct rpt_measure m = { chars, NULL };

/* s wrapped in width, with its lines joined by " | ". */
static char *
wrapped(const char *s, double width, int *lines)
{
	struct sb out = SB_INIT;
	char *r, *p;

	*lines = rpt_wrap(&out, s, width, &m);
	r = sb_detach(&out);
	for (p = r; *p; p++)
		if (*p == '\n')
			*p = '|';
	return r;
}

static void
expect(const char *s, double width, const char *want, int nlines)
{
	int lines;
	char *got = wrapped(s, width, &lines);

	assert_string_equal(got, want);
	assert_int_equal(lines, nlines);
	free(got);
}

static void
test_words(void **state)
{
	(void)state;
	expect("", 10, "", 1);
	expect("approve", 10, "approve", 1);
	expect("left the team in October", 10, "left the|team in|October", 3);
	/* blanks before a break are dropped, a forced break kept */
	expect("to boss3   by boss1\nassigned here", 12,
	    "to boss3|by boss1|assigned|here", 4);
}

/* The report of issue 17: a path cut inside postgresql.conf. */
static void
test_path_parts(void **state)
{
	(void)state;
	expect("root /usr/bin/vim /etc/postgresql/15/main/postgresql.conf "
	       "on db01 (NOPASSWD)",
	    20,
	    "root /usr/bin/vim|/etc/postgresql/15/|main/postgresql.conf|"
	    "on db01 (NOPASSWD)",
	    4);
	/* a word that fits a line is never split, only moved */
	expect("roles/owner on organizations/604187392531", 26,
	    "roles/owner on|organizations/604187392531", 2);
	/* an e-mail address breaks after its @, then between labels */
	expect("jose.ibanez2@corp.example.com", 16,
	    "jose.ibanez2@|corp.example.com", 2);
	expect("jose.ibanez2@corp.example.com", 10,
	    "jose.|ibanez2@|corp.|example.|com", 5);
	/* a time, a date, a number: no break between digits */
	expect("decided 2026-12-06T02:25:21Z", 20,
	    "decided|2026-12-06T02:25:21Z", 2);
	expect("paid 1,234.5-6", 9, "paid|1,234.5-6", 2);
	expect("2026-12-06T02:25:21Z", 12, "2026-12-06T|02:25:21Z", 2);
	/* but a SID's dashes are places to break */
	expect("S-1-5-21-1111111111-2222222222-1104", 20,
	    "S-1-5-21-1111111111-|2222222222-1104", 2);
	/* separators in a row stay together: arn:aws:iam:: */
	expect("arn:aws:iam::123456789012:role/Admin", 14,
	    "arn:aws:iam::|123456789012:|role/Admin", 3);
}

static void
test_characters(void **state)
{
	(void)state;
	/* a part with no place to break is cut as a last resort */
	expect("Wolfeschlegelsteinhausenbergerdorff", 12,
	    "Wolfeschlege|lsteinhausen|bergerdorff", 3);
	/* between characters, not inside one (UTF-8), marks kept on theirs */
	expect("\xc3\x85ngstr\xc3\xb6mmm", 4, "\xc3\x85ngs|tr\xc3\xb6m|mm", 3);
	expect("abce\xcc\x81z", 5, "abce\xcc\x81|z", 2);
	/* a character wider than the line gets a line of its own */
	expect("ab", 0.5, "a|b", 2);
}

static void
test_extent(void **state)
{
	double x[RPT_WRAP_N];

	(void)state;
	rpt_wrap_extent("root /usr/bin/vim /etc/postgresql/15/main/"
			"postgresql.conf on db01",
	    &m, x);
	assert_true(x[RPT_WRAP_SUBPART] == 11); /* "postgresql." */
	assert_true(x[RPT_WRAP_PART] == 15);	/* "postgresql.conf" */
	assert_true(x[RPT_WRAP_WORD] == 39);	/* "/etc/.../postgresql.conf" */
	assert_true(x[RPT_WRAP_LINE] == 65);
	rpt_wrap_extent("two\nlines here", &m, x);
	assert_true(x[RPT_WRAP_SUBPART] == 5 && x[RPT_WRAP_PART] == 5 &&
	    x[RPT_WRAP_WORD] == 5 && x[RPT_WRAP_LINE] == 10);
	rpt_wrap_extent("AWSReservedSSO_AdministratorAccess_0123", &m, x);
	assert_true(x[RPT_WRAP_SUBPART] == 20 && x[RPT_WRAP_PART] == 39);
	rpt_wrap_extent("", &m, x);
	assert_true(x[RPT_WRAP_SUBPART] == 0 && x[RPT_WRAP_LINE] == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_path_parts),
		cmocka_unit_test(test_characters),
		cmocka_unit_test(test_extent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
