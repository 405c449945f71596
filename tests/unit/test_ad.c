/* test_ad.c - decoding AD's attribute syntaxes (sync/ad_common.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/config.h"
#include "lib/sb.h"
#include "sync/ad_common.h"
#include "sync/source.h"

/* S-1-5-21-1004336348-1177238915-682003330-500 as AD stores it. */
static const unsigned char admin_sid[] = { 0x01, 0x05, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x05, 0x15, 0x00, 0x00, 0x00, 0xdc, 0xf4, 0xdc, 0x3b, 0x83, 0x3d,
	0x2b, 0x46, 0x82, 0x8b, 0xa6, 0x28, 0xf4, 0x01, 0x00, 0x00 };

static void
test_sid_decode(void **state)
{
	static const unsigned char builtin_admins[] = { 0x01, 0x02, 0, 0, 0, 0,
		0, 5, 0x20, 0, 0, 0, 0x20, 0x02, 0, 0 };
	static const unsigned char everyone[] = { 1, 1, 0, 0, 0, 0, 0, 1, 0, 0,
		0, 0 };
	/* a sub-authority with the top bit set must not turn negative */
	static const unsigned char big[] = { 1, 2, 0, 0, 0, 0, 0, 5, 21, 0, 0,
		0, 0xff, 0xff, 0xff, 0xff };
	char out[AD_SID_MAX];
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(ad_sid_decode(admin_sid, sizeof(admin_sid), out, &e),
	    0);
	assert_string_equal(out,
	    "S-1-5-21-1004336348-1177238915-682003330-500");
	assert_int_equal(ad_sid_decode(builtin_admins, sizeof(builtin_admins),
			     out, &e),
	    0);
	assert_string_equal(out, "S-1-5-32-544");
	assert_int_equal(ad_sid_decode(everyone, sizeof(everyone), out, &e), 0);
	assert_string_equal(out, "S-1-1-0");
	assert_int_equal(ad_sid_decode(big, sizeof(big), out, &e), 0);
	assert_string_equal(out, "S-1-5-21-4294967295");
}

static void
test_sid_decode_refuses(void **state)
{
	unsigned char bad[sizeof(admin_sid)];
	char out[AD_SID_MAX];
	struct err e = ERR_INIT;

	(void)state;
	/* one byte short of the five sub-authorities it announces */
	assert_int_equal(ad_sid_decode(admin_sid, sizeof(admin_sid) - 1, out,
			     &e),
	    PARC_EDATA);
	assert_non_null(strstr(e.msg, "announces"));
	memcpy(bad, admin_sid, sizeof(bad));
	bad[0] = 2; /* revision */
	assert_int_equal(ad_sid_decode(bad, sizeof(bad), out, &e), PARC_EDATA);
	assert_int_equal(ad_sid_decode(bad, 4, out, &e), PARC_EDATA);
	assert_int_equal(ad_sid_decode((const unsigned char *)"", 0, out, &e),
	    PARC_EDATA);
}

static void
test_sid_text_and_rid(void **state)
{
	(void)state;
	assert_true(ad_sid_is_text("S-1-5-32-544"));
	assert_true(ad_sid_is_text("S-1-5-21-1-2-3-1105"));
	assert_false(ad_sid_is_text("S-1-5-"));
	assert_false(ad_sid_is_text("S-1-"));
	assert_false(ad_sid_is_text("S-1-5-x"));
	assert_false(ad_sid_is_text("CN=Users"));
	assert_int_equal(ad_sid_rid("S-1-5-21-1-2-3-512"), 512);
	assert_int_equal(ad_sid_rid("S-1-5-32-544"), 544);
	assert_int_equal(ad_sid_rid("not a sid"), -1);
}

static void
test_filetime(void **state)
{
	char out[21];
	struct err e = ERR_INIT;

	(void)state;
	/* the Unix epoch, and a day the demo uses */
	assert_int_equal(ad_filetime_decode("116444736000000000", out, &e), 1);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	assert_int_equal(ad_filetime_decode("134396064000000000", out, &e), 1);
	assert_string_equal(out, "2026-11-20T00:00:00Z");
	/* 1.5 s past a minute: sub-second ticks are dropped */
	assert_int_equal(ad_filetime_decode("134396064615000000", out, &e), 1);
	assert_string_equal(out, "2026-11-20T00:01:01Z");
	/* never: 0, the largest value, and -1 */
	assert_int_equal(ad_filetime_decode("0", out, &e), 0);
	assert_int_equal(ad_filetime_decode("9223372036854775807", out, &e), 0);
	assert_int_equal(ad_filetime_decode("-1", out, &e), 0);
	/* not numbers, or too big for 64 bits */
	assert_int_equal(ad_filetime_decode("", out, &e), PARC_EDATA);
	assert_int_equal(ad_filetime_decode("12a", out, &e), PARC_EDATA);
	assert_int_equal(ad_filetime_decode("99999999999999999999", out, &e),
	    PARC_EDATA);
	assert_non_null(strstr(e.msg, "FILETIME"));
}

static void
test_gentime(void **state)
{
	char out[21];
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(ad_gentime_decode("20240115093000.0Z", out, &e), 0);
	assert_string_equal(out, "2024-01-15T09:30:00Z");
	assert_int_equal(ad_gentime_decode("20240115093000Z", out, &e), 0);
	assert_string_equal(out, "2024-01-15T09:30:00Z");
	assert_int_equal(ad_gentime_decode("202401150930Z", out, &e), 0);
	assert_string_equal(out, "2024-01-15T09:30:00Z");
	/* an offset east of UTC is subtracted, across midnight too */
	assert_int_equal(ad_gentime_decode("20240101003000+0130", out, &e), 0);
	assert_string_equal(out, "2023-12-31T23:00:00Z");
	assert_int_equal(ad_gentime_decode("20240115093000-05", out, &e), 0);
	assert_string_equal(out, "2024-01-15T14:30:00Z");
	assert_int_equal(ad_gentime_decode("20240230120000Z", out, &e),
	    PARC_EDATA);
	assert_int_equal(ad_gentime_decode("20241315120000Z", out, &e),
	    PARC_EDATA);
	assert_int_equal(ad_gentime_decode("20240115093000", out, &e),
	    PARC_EDATA);
	assert_int_equal(ad_gentime_decode("2024", out, &e), PARC_EDATA);
	assert_int_equal(ad_gentime_decode("20240115093000.Z", out, &e),
	    PARC_EDATA);
	assert_non_null(strstr(e.msg, "generalized time"));
}

static void
test_range(void **state)
{
	struct err e = ERR_INIT;
	size_t base;
	long lo, hi;

	(void)state;
	assert_int_equal(ad_range_parse("member;range=0-1499", &base, &lo, &hi,
			     &e),
	    1);
	assert_int_equal(base, 6);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 1499);
	assert_int_equal(ad_range_parse("member;range=1500-*", &base, &lo, &hi,
			     &e),
	    1);
	assert_int_equal(lo, 1500);
	assert_int_equal(hi, -1);
	/* case and other options do not matter */
	assert_int_equal(ad_range_parse("Member;binary;RANGE=3000-4499", &base,
			     &lo, &hi, &e),
	    1);
	assert_int_equal(base, 6);
	assert_int_equal(lo, 3000);
	assert_int_equal(ad_range_parse("member", &base, &lo, &hi, &e), 0);
	assert_int_equal(base, 6);
	assert_int_equal(ad_range_parse("objectSid;binary", &base, &lo, &hi,
			     &e),
	    0);
	assert_int_equal(base, 9);
	assert_int_equal(ad_range_parse("member;range=10-5", &base, &lo, &hi,
			     &e),
	    PARC_EDATA);
	assert_int_equal(ad_range_parse("member;range=x-5", &base, &lo, &hi,
			     &e),
	    PARC_EDATA);
	assert_int_equal(ad_range_parse("member;range=0-", &base, &lo, &hi, &e),
	    PARC_EDATA);
	assert_int_equal(ad_range_parse("member;range=0-*x", &base, &lo, &hi,
			     &e),
	    PARC_EDATA);
}

/* Open [source corp] kind = ad with the lines conf; e gets the error. */
static int
open_ad(const char *conf, struct err *e)
{
	const struct source_ops *ops = source_find("ad");
	struct config *c = NULL;
	struct sb text = SB_INIT;
	void *st = NULL;
	int rc;

	assert_non_null(ops);
	sb_addf(&text, "[source corp]\nkind = ad\n%s", conf);
	if (config_parse_string(&c, "parc.conf", text.buf, e) != 0)
		fail_msg("config: %s", e->msg);
	if ((rc = ops->open(c, config_source(c, "corp"), &st, e)) == 0)
		ops->close(st);
	config_free(c);
	sb_release(&text);
	return rc;
}

static void
test_ad_config(void **state)
{
	struct err e = ERR_INIT;

	(void)state;
	if (getenv("PARC_SHARE") == NULL)
		setenv("PARC_SHARE", "share", 1);
	assert_int_equal(open_ad("uri = ldaps://dc1\n", &e), PARC_ECONFIG);
	assert_string_equal(e.msg,
	    "parc.conf:1: [source corp] needs uri = ldaps://HOST (or "
	    "ldap://HOST) and base_dn = DC=...");
	assert_int_equal(open_ad("uri = http://dc1\nbase_dn = DC=x\n", &e),
	    PARC_ECONFIG);
	assert_string_equal(e.msg,
	    "parc.conf:3: [source corp] uri must start with ldaps:// or "
	    "ldap://, not 'http://dc1'");
	/* several servers: libldap tries each; all must be ldaps:// then */
	assert_int_equal(open_ad("uri = ldaps://dc1 ldaps://dc2,ldaps://dc3\n"
				 "base_dn = DC=x\nsasl_mech = GSSAPI\n",
			     &e),
	    0);
	assert_int_equal(open_ad("uri = ldaps://dc1 ldap://dc2\n"
				 "base_dn = DC=x\nbind_dn = CN=r\n"
				 "password_env = A\n",
			     &e),
	    PARC_ECONFIG);
	assert_string_equal(e.msg,
	    "parc.conf:3: [source corp] uri: every server must start with "
	    "ldaps:// like the first, not 'ldap://dc2'");
	assert_int_equal(open_ad("uri = ldap://dc1, ldapi://%2fx\n"
				 "base_dn = DC=x\nsasl_mech = GSSAPI\n",
			     &e),
	    PARC_ECONFIG);
	assert_non_null(strstr(e.msg, "with ldap:// like the first"));
	/* empty tokens and trailing separators; a tab separates too */
	assert_int_equal(open_ad("uri = ldaps://dc1,,LDAPS://dc2 , \n"
				 "base_dn = DC=x\nsasl_mech = GSSAPI\n",
			     &e),
	    0);
	assert_int_equal(open_ad("uri = ldaps://dc1\tldap://dc2\n"
				 "base_dn = DC=x\nsasl_mech = GSSAPI\n",
			     &e),
	    PARC_ECONFIG);
	assert_non_null(strstr(e.msg, "like the first, not 'ldap://dc2'"));
	/* a password source is needed, one only */
	assert_int_equal(open_ad("uri = ldaps://dc1\nbase_dn = DC=x\n"
				 "bind_dn = CN=r\n",
			     &e),
	    PARC_ECONFIG);
	assert_non_null(strstr(e.msg, "needs bind_dn and one of"));
	assert_int_equal(open_ad("uri = ldaps://dc1\nbase_dn = DC=x\n"
				 "bind_dn = CN=r\npassword_env = A\n"
				 "password_file = f\n",
			     &e),
	    PARC_ECONFIG);
	/* a simple bind in clear is refused before anything is sent */
	assert_int_equal(open_ad("uri = ldap://dc1\nbase_dn = DC=x\n"
				 "bind_dn = CN=r\npassword_env = A\n"
				 "starttls = no\n",
			     &e),
	    PARC_ECONFIG);
	assert_string_equal(e.msg,
	    "parc.conf:7: [source corp] would send the bind password in "
	    "clear (ldap:// with starttls = no): use ldaps:// or StartTLS, "
	    "or set allow_insecure = yes");
	assert_int_equal(open_ad("uri = ldap://dc1\nbase_dn = DC=x\n"
				 "bind_dn = CN=r\npassword_env = A\n"
				 "starttls = no\nallow_insecure = yes\n",
			     &e),
	    0);
	/* GSSAPI needs no password */
	assert_int_equal(open_ad("uri = ldaps://dc1\nbase_dn = DC=x\n"
				 "sasl_mech = GSSAPI\n",
			     &e),
	    0);
	assert_int_equal(open_ad("uri = ldaps://dc1\nbase_dn = DC=x\n"
				 "sasl_mech = GSSAPI\npage_size = 0\n",
			     &e),
	    PARC_ECONFIG);
	assert_int_equal(open_ad("uri = ldaps://dc1\nbase_dn = DC=x\n"
				 "sasl_mech = GSSAPI\npath = x.ldif\n",
			     &e),
	    PARC_ECONFIG);
	assert_non_null(strstr(e.msg, "unknown key 'path'"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sid_decode),
		cmocka_unit_test(test_sid_decode_refuses),
		cmocka_unit_test(test_sid_text_and_rid),
		cmocka_unit_test(test_filetime),
		cmocka_unit_test(test_gentime),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_ad_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
