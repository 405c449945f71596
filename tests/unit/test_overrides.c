/* test_overrides.c - the correlation overrides file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/config.h"
#include "lib/sb.h"
#include "sync/overrides.h"

struct fx {
	char dir[64];
	char csv[128];	/* dir/overrides.csv */
	char conf[128]; /* dir/parc.conf */
};

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/parc-test-ov-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->csv, sizeof(fx->csv), "%s/overrides.csv", fx->dir);
	snprintf(fx->conf, sizeof(fx->conf), "%s/parc.conf", fx->dir);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	unlink(fx->csv);
	unlink(fx->conf);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static void
test_load(void **state)
{
	struct fx *fx = *state;
	struct db_override *ov;
	struct err e = ERR_INIT;
	size_t n;

	write_file(fx->csv,
	    "\xef\xbb\xbfReason,Employee_ID,Account,Source\r\n"
	    "\"Tier 0, adm- prefix\",E10004,adm-lwasowski,corp\r\n"
	    "break-glass,E10005,breakglass,aws-prod\r\n"
	    "\r\n"
	    ",E7,Zoë,corp\r\n");
	if (overrides_load(fx->csv, &ov, &n, &e) != 0)
		fail_msg("overrides_load: %s", e.msg);
	assert_int_equal(n, 3);
	assert_string_equal(ov[0].source, "corp");
	assert_string_equal(ov[0].account, "adm-lwasowski");
	assert_string_equal(ov[0].employee_id, "E10004");
	assert_string_equal(ov[1].source, "aws-prod");
	assert_string_equal(ov[1].account, "breakglass");
	assert_string_equal(ov[1].employee_id, "E10005");
	assert_string_equal(ov[2].account, "Zoë");
	assert_string_equal(ov[2].employee_id, "E7");
	overrides_free(ov);
}

static void
test_empty(void **state)
{
	struct fx *fx = *state;
	struct db_override *ov = (void *)1;
	struct err e = ERR_INIT;
	size_t n = 7;

	write_file(fx->csv, "");
	assert_int_equal(overrides_load(fx->csv, &ov, &n, &e), 0);
	assert_null(ov);
	assert_int_equal(n, 0);
	write_file(fx->csv, "source,account,employee_id\n");
	assert_int_equal(overrides_load(fx->csv, &ov, &n, &e), 0);
	assert_null(ov);
	assert_int_equal(n, 0);
	overrides_free(NULL);
}

static void
test_bad_content(void **state)
{
	static const struct {
		const char *text;
		const char *tail; /* after "DIR/overrides.csv:" */
	} bad[] = {
		{ "source,account\ncorp,x\n",
		    "1: the header has no column 'employee_id' (it needs "
		    "source, account, employee_id)" },
		{ "source,account,Account,employee_id\n",
		    "1: the header repeats the column 'account' (it needs "
		    "source, account, employee_id)" },
		{ "source,account,employee_id\ncorp,x,E1\ncorp,,E2\n",
		    "3: empty account" },
		{ "source,account,employee_id\ncorp,x,E1\ncorp,y\n",
		    "3: 2 fields where the header has 3" },
		{ "source,account,employee_id\n"
		  "corp,a,E1\n"
		  "corp,b,E2\n"
		  "aws,a,E3\n"
		  "corp,b,E2\n"
		  "corp,a,E4\n",
		    "5: account 'b' of source 'corp' is already overridden on "
		    "line 3" },
		{ "source,account,employee_id\ncorp,\"x\n",
		    "2: unterminated "
		    "quoted field 2 (the quote opened on line 2 is never "
		    "closed)" },
		{ "source,account,employee_id\ncorp,\"a\x1b[2J\",E1\n"
		  "corp,\"a\x1b[2J\",E1\n",
		    "3: account 'a\\x1b[2J' of source 'corp' is already "
		    "overridden on line 2" },
	};
	struct fx *fx = *state;
	struct db_override *ov;
	struct err e = ERR_INIT;
	struct sb want = SB_INIT;
	size_t i, n;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_file(fx->csv, bad[i].text);
		assert_int_equal(overrides_load(fx->csv, &ov, &n, &e),
		    PARC_EDATA);
		assert_null(ov);
		assert_int_equal(n, 0);
		sb_reset(&want);
		sb_addf(&want, "%s:%s", fx->csv, bad[i].tail);
		assert_string_equal(e.msg, want.buf);
	}
	sb_release(&want);
}

static void
test_missing_file(void **state)
{
	struct fx *fx = *state;
	struct db_override *ov;
	struct err e = ERR_INIT;
	struct sb want = SB_INIT;
	size_t n;

	assert_int_equal(overrides_load(fx->csv, &ov, &n, &e), PARC_ECONFIG);
	sb_addf(&want,
	    "cannot open correlation overrides %s: No such file "
	    "or directory",
	    fx->csv);
	assert_string_equal(e.msg, want.buf);
	sb_release(&want);
}

static void
test_from_config(void **state)
{
	struct fx *fx = *state;
	struct config *c;
	struct db_override *ov;
	struct err e = ERR_INIT;
	struct sb want = SB_INIT;
	size_t n;

	/* Unset: no overrides, no file needed. */
	write_file(fx->conf, "[parc]\n");
	assert_int_equal(config_load(&c, fx->conf, &e), 0);
	assert_int_equal(overrides_load_config(c, &ov, &n, &e), 0);
	assert_null(ov);
	assert_int_equal(n, 0);
	config_free(c);

	/* Relative to the configuration file, not the working directory. */
	write_file(fx->conf,
	    "[parc]\n\ncorrelation_overrides = overrides.csv\n");
	assert_int_equal(config_load(&c, fx->conf, &e), 0);
	assert_int_equal(overrides_load_config(c, &ov, &n, &e), PARC_ECONFIG);
	sb_addf(&want,
	    "%s:3: cannot open correlation overrides %s: No such "
	    "file or directory",
	    fx->conf, fx->csv);
	assert_string_equal(e.msg, want.buf);
	write_file(fx->csv, "source,account,employee_id\ncorp,x,E1\n");
	assert_int_equal(overrides_load_config(c, &ov, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(ov[0].account, "x");
	overrides_free(ov);
	/* Content errors name the overrides file alone. */
	write_file(fx->csv, "source,account,employee_id\ncorp,x,\n");
	assert_int_equal(overrides_load_config(c, &ov, &n, &e), PARC_EDATA);
	sb_reset(&want);
	sb_addf(&want, "%s:2: empty employee_id", fx->csv);
	assert_string_equal(e.msg, want.buf);
	config_free(c);
	sb_release(&want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_content, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_from_config, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
