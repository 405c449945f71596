/*
 * test_aws_xml.c - IAM's XML made into the AWS CLI's JSON (sync/aws_xml.h),
 * and the URL helpers of sync/http.h.
 *
 * The pages in tests/data/aws/xml/ are what tests/integ/lib/aws_fake.py
 * answered parc (--save); merged, they must be exactly what the AWS CLI
 * printed from the same fake (tests/data/aws/authorization-details.json).
 * After a change to the fake's account, make them again: run the fake with
 * --save DIR --page-size 4, sync parc against it with role_arn, copy.
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
#include "sync/aws_xml.h"
#include "sync/http.h"

static char *
slurp(const char *name, size_t *len)
{
	const char *d = getenv("PARC_TEST_DATA");
	struct sb path = SB_INIT, buf = SB_INIT;
	char chunk[8192];
	size_t n;
	FILE *fp;

	assert_non_null(d);
	sb_addf(&path, "%s/aws/%s", d, name);
	fp = fopen(path.buf, "r");
	if (fp == NULL)
		fail_msg("cannot open %s", path.buf);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		sb_add(&buf, chunk, n);
	fclose(fp);
	sb_release(&path);
	*len = buf.len;
	return sb_detach(&buf);
}

static json_t *
parse_ok(const char *xml)
{
	struct err e = ERR_INIT;
	json_t *j = NULL;

	if (aws_xml_parse(xml, strlen(xml), &j, &e) != 0)
		fail_msg("%s", e.msg);
	return j;
}

static void
parse_fails(const char *xml, const char *msg)
{
	struct err e = ERR_INIT;
	json_t *j = NULL;

	assert_int_equal(aws_xml_parse(xml, strlen(xml), &j, &e), PARC_EDATA);
	assert_null(j);
	if (strstr(e.msg, msg) == NULL)
		fail_msg("'%s' does not say '%s'", e.msg, msg);
}

static void
test_pages_are_the_cli_output(void **state)
{
	static const char *const lists[] = { "UserDetailList",
		"GroupDetailList", "RoleDetailList", "Policies", NULL };
	static const char *const result[] = {
		"GetAccountAuthorizationDetailsResponse",
		"GetAccountAuthorizationDetailsResult", NULL
	};
	json_t *all = json_object(), *want, *root, *r;
	json_error_t je;
	struct err e = ERR_INIT;
	struct sb name = SB_INIT, path = SB_INIT;
	size_t len, i;
	char *xml;
	int page, truncated = 1;

	(void)state;
	for (i = 0; lists[i] != NULL; i++)
		json_object_set_new(all, lists[i], json_array());
	for (page = 2; page <= 7; page++) {
		assert_true(truncated);
		sb_reset(&name);
		sb_addf(&name, "xml/%02d-GetAccountAuthorizationDetails.xml",
		    page);
		xml = slurp(name.buf, &len);
		if (aws_xml_parse(xml, len, &root, &e) != 0)
			fail_msg("%s: %s", name.buf, e.msg);
		r = aws_xml_get(root, result);
		assert_non_null(r);
		for (i = 0; lists[i] != NULL; i++) {
			assert_true(
			    json_is_array(json_object_get(r, lists[i])));
			json_array_extend(json_object_get(all, lists[i]),
			    json_object_get(r, lists[i]));
		}
		truncated = json_is_true(json_object_get(r, "IsTruncated"));
		assert_true(json_is_boolean(json_object_get(r, "IsTruncated")));
		assert_int_equal(truncated, page < 7);
		assert_int_equal(json_object_get(r, "Marker") != NULL,
		    page < 7);
		json_decref(root);
		free(xml);
	}
	sb_addf(&path, "%s/aws/authorization-details.json",
	    getenv("PARC_TEST_DATA"));
	want = json_load_file(path.buf, 0, &je);
	assert_non_null(want);
	if (!json_equal(all, want)) {
		char *got = json_dumps(all, JSON_INDENT(1));

		fail_msg("the pages differ from the CLI's JSON:\n%.3000s", got);
	}
	json_decref(want);
	json_decref(all);
	sb_release(&name);
	sb_release(&path);
}

static void
test_report_and_assume_role(void **state)
{
	static const char *const state_p[] = {
		"GenerateCredentialReportResponse",
		"GenerateCredentialReportResult", "State", NULL
	};
	static const char *const content[] = { "GetCredentialReportResponse",
		"GetCredentialReportResult", "Content", NULL };
	static const char *const gen[] = { "GetCredentialReportResponse",
		"GetCredentialReportResult", "GeneratedTime", NULL };
	static const char *const key[] = { "AssumeRoleResponse",
		"AssumeRoleResult", "Credentials", "AccessKeyId", NULL };
	static const char *const exp[] = { "AssumeRoleResponse",
		"AssumeRoleResult", "Credentials", "Expiration", NULL };
	static const char *const code[] = { "ErrorResponse", "Error", "Code",
		NULL };
	struct err e = ERR_INIT;
	json_t *j;
	size_t len;
	char *xml;

	(void)state;
	xml = slurp("xml/08-GenerateCredentialReport.xml", &len);
	assert_int_equal(aws_xml_parse(xml, len, &j, &e), 0);
	assert_string_equal(json_string_value(aws_xml_get(j, state_p)),
	    "STARTED");
	json_decref(j);
	free(xml);
	xml = slurp("xml/09-GenerateCredentialReport.xml", &len);
	assert_int_equal(aws_xml_parse(xml, len, &j, &e), 0);
	assert_string_equal(json_string_value(aws_xml_get(j, state_p)),
	    "COMPLETE");
	json_decref(j);
	free(xml);
	xml = slurp("xml/10-GetCredentialReport.xml", &len);
	assert_int_equal(aws_xml_parse(xml, len, &j, &e), 0);
	assert_true(strncmp(json_string_value(aws_xml_get(j, content)),
			"dXNlcixhcm4s", 12) == 0); /* "user,arn," */
	assert_string_equal(json_string_value(aws_xml_get(j, gen)),
	    "2026-12-05T00:00:00+00:00");
	json_decref(j);
	free(xml);
	xml = slurp("xml/01-AssumeRole.xml", &len);
	assert_int_equal(aws_xml_parse(xml, len, &j, &e), 0);
	assert_string_equal(json_string_value(aws_xml_get(j, key)),
	    "ASIAFAKEFAKEFAKE0001");
	assert_string_equal(json_string_value(aws_xml_get(j, exp)),
	    "2026-12-06T01:00:00+00:00");
	json_decref(j);
	free(xml);
	xml = slurp("xml/error-throttling.xml", &len);
	assert_int_equal(aws_xml_parse(xml, len, &j, &e), 0);
	assert_string_equal(json_string_value(aws_xml_get(j, code)),
	    "Throttling");
	json_decref(j);
	free(xml);
}

static void
test_shapes(void **state)
{
	static const char *const r[] = { "R", NULL };
	json_t *j, *v;

	(void)state;
	/* empty lists and structures, as botocore makes them */
	j = parse_ok("<R><Tags/><GroupList></GroupList><RoleLastUsed/>"
		     "<Path/></R>");
	v = aws_xml_get(j, r);
	assert_true(json_is_array(json_object_get(v, "Tags")));
	assert_true(json_is_array(json_object_get(v, "GroupList")));
	assert_true(json_is_object(json_object_get(v, "RoleLastUsed")));
	assert_string_equal(json_string_value(json_object_get(v, "Path")), "");
	json_decref(j);
	/* any list of <member> is a list; integers, booleans, times */
	j = parse_ok("<R><Other><member>a</member><member>b</member></Other>"
		     "<AttachmentCount>3</AttachmentCount>"
		     "<MaxSessionDuration>x</MaxSessionDuration>"
		     "<IsDefaultVersion>false</IsDefaultVersion>"
		     "<CreateDate>2019-04-18T19:27:51.5Z</CreateDate>"
		     "<UpdateDate>2019-04-18T19:27:51.1234567Z</UpdateDate>"
		     "<LastUsedDate>yesterday</LastUsedDate></R>");
	v = aws_xml_get(j, r);
	assert_int_equal(json_array_size(json_object_get(v, "Other")), 2);
	assert_int_equal(json_integer_value(
			     json_object_get(v, "AttachmentCount")),
	    3);
	assert_string_equal(json_string_value(
				json_object_get(v, "MaxSessionDuration")),
	    "x");
	assert_true(json_is_false(json_object_get(v, "IsDefaultVersion")));
	assert_string_equal(json_string_value(json_object_get(v, "CreateDate")),
	    "2019-04-18T19:27:51.500000+00:00");
	assert_string_equal(json_string_value(json_object_get(v, "UpdateDate")),
	    "2019-04-18T19:27:51.123456+00:00");
	assert_string_equal(json_string_value(
				json_object_get(v, "LastUsedDate")),
	    "yesterday");
	json_decref(j);
	/* policy documents: decoded and parsed, or kept when they are not */
	j = parse_ok("<R><PolicyDocument>%7B%22Version%22%3A%222012-10-17%22"
		     "%7D</PolicyDocument><Document>%ZZ</Document>"
		     "<AssumeRolePolicyDocument>%5B1%5D"
		     "</AssumeRolePolicyDocument></R>");
	v = aws_xml_get(j, r);
	assert_string_equal(json_string_value(
				json_object_get(json_object_get(v,
						    "PolicyDocument"),
				    "Version")),
	    "2012-10-17");
	assert_string_equal(json_string_value(json_object_get(v, "Document")),
	    "%ZZ");
	assert_string_equal(json_string_value(
				json_object_get(v, "AssumeRolePolicyDocument")),
	    "%5B1%5D");
	json_decref(j);
	/* entities and character references are text */
	j = parse_ok("<R><Message>a &lt;b&gt; &#233;</Message></R>");
	assert_string_equal(json_string_value(
				json_object_get(aws_xml_get(j, r), "Message")),
	    "a <b> \xc3\xa9");
	json_decref(j);
}

static void
test_refused(void **state)
{
	struct sb deep = SB_INIT;
	int i;

	(void)state;
	parse_fails("", "line 1");
	parse_fails("<R><A>cut", "line 1, column 10: no element found");
	parse_fails("<R></Q>", "mismatched tag");
	parse_fails("<R/><S/>", "junk after document element");
	parse_fails("<?xml version=\"1.0\"?>\n<!DOCTYPE R [<!ENTITY a "
		    "\"aaaa\">]><R>&a;</R>",
	    "line 2, column 13: a DOCTYPE is not accepted");
	parse_fails("<R>\xff</R>", "not well-formed");
	for (i = 0; i < AWS_XML_DEPTH_MAX + 1; i++)
		sb_adds(&deep, "<a>");
	parse_fails(deep.buf, "elements nested too deep");
	sb_release(&deep);
}

static void
test_url(void **state)
{
	struct sb s = SB_INIT;
	struct err e = ERR_INIT;
	size_t n;
	char *d;

	(void)state;
	http_add_urlenc(&s, "a b/c+d=é~_.-");
	assert_string_equal(s.buf, "a%20b%2Fc%2Bd%3D%C3%A9~_.-");
	d = http_urldecode(s.buf, s.len, 0, &n);
	assert_string_equal(d, "a b/c+d=é~_.-");
	free(d);
	d = http_urldecode("a+b%41", 6, 1, &n);
	assert_string_equal(d, "a bA");
	assert_int_equal(n, 4);
	free(d);
	assert_null(http_urldecode("%4", 2, 0, &n));
	assert_null(http_urldecode("%G1", 3, 0, &n));
	sb_release(&s);

	assert_int_equal(http_check_url("https://iam.amazonaws.com", 0,
			     "endpoint", &e),
	    0);
	assert_int_equal(http_check_url("http://127.0.0.1:1", 1, "endpoint",
			     &e),
	    0);
	assert_int_equal(http_check_url("http://127.0.0.1:1", 0, "endpoint",
			     &e),
	    PARC_ECONFIG);
	assert_non_null(strstr(e.msg, "endpoint 127.0.0.1:1 is plain http://"));
	assert_int_equal(http_check_url("ftp://x", 1, "endpoint", &e),
	    PARC_ECONFIG);
	assert_int_equal(http_check_url("https://", 0, "endpoint", &e),
	    PARC_ECONFIG);
	assert_int_equal(http_check_url("https://u:pw@host/", 0, "endpoint",
			     &e),
	    PARC_ECONFIG);
	assert_null(strstr(e.msg, "pw"));

	assert_true(http_same_origin("https://management.azure.com/x?a=1",
	    "HTTPS://Management.Azure.com:443/subscriptions?$skiptoken=2"));
	assert_true(http_same_origin("http://127.0.0.1:8080/",
	    "http://127.0.0.1:8080/next"));
	assert_true(http_same_origin("http://[::1]/", "http://[::1]:80/b"));
	assert_false(http_same_origin("https://management.azure.com/",
	    "https://management.azure.com.evil.test/"));
	assert_false(
	    http_same_origin("https://a.example/", "http://a.example/"));
	assert_false(
	    http_same_origin("https://a.example/", "https://a.example:8443/"));
	assert_false(http_same_origin("https://a.example/",
	    "https://a.example@b.example/"));
	assert_false(http_same_origin("https://a.example/", "/relative"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages_are_the_cli_output),
		cmocka_unit_test(test_report_and_assume_role),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_url),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
