/*
 * test_mail.c - the mails of parc tick as text (reports/mail.c): which
 * addresses go into a header, a name with CR/LF that stays in the body,
 * a non-ASCII subject in RFC 2047 words, CRLF line ends throughout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "db/notify.h"
#include "lib/sb.h"
#include "reports/mail.h"

static void
test_address_ok(void **state)
{
	(void)state;
	assert_true(rpt_mail_address_ok("ivy@corp.example"));
	assert_true(rpt_mail_address_ok("a.b+c@x"));
	assert_false(rpt_mail_address_ok(NULL));
	assert_false(rpt_mail_address_ok(""));
	assert_false(rpt_mail_address_ok("ivy"));
	assert_false(rpt_mail_address_ok("@corp.example"));
	assert_false(rpt_mail_address_ok("ivy@"));
	assert_false(rpt_mail_address_ok("ivy@a@b"));
	assert_false(rpt_mail_address_ok("Ivy <ivy@corp.example>"));
	assert_false(rpt_mail_address_ok("ivy@corp.example\r\nBcc: x@y"));
	assert_false(rpt_mail_address_ok("ivy@corp.example,x@y"));
	assert_false(rpt_mail_address_ok("iv y@corp.example"));
	assert_false(rpt_mail_address_ok("ïvy@corp.example"));
}

/* The header of msg: up to the first empty line. */
static size_t
head_len(const char *msg)
{
	const char *p = strstr(msg, "\r\n\r\n");

	assert_non_null(p);
	return (size_t)(p - msg) + 2;
}

static void
test_escalation_no_injection(void **state)
{
	struct notify_mail m = { 0 };
	struct sb out = SB_INIT;
	struct err e = ERR_INIT;
	const char *p;
	size_t h, i;

	(void)state;
	m.type = NOTIFY_ESCALATION;
	m.campaign_id = 4;
	m.campaign = "Q4 révision";
	m.due = "2026-12-16";
	m.kind = "escalation";
	m.stage = "overdue";
	m.days = -8;
	m.recipient = "bob";
	m.to_login = "ivy";
	m.to_name = "Ivy\r\nX-Evil: 1";
	m.to_address = "ivy@corp.example";
	m.about = "bob";
	m.about_name = "Bob B\r\nBcc: evil@x.example";
	m.pending = 7;
	assert_int_equal(rpt_mail_compose(NULL, &m, "parc@corp.example",
			     "ivy@corp.example", "2026-12-24T00:00:00Z", &out,
			     &e),
	    0);
	h = head_len(out.buf);
	/* every header line is parc's own */
	for (p = out.buf; p < out.buf + h; p = strstr(p, "\r\n") + 2) {
		if (*p == ' ')
			continue; /* a folded subject */
		assert_true(strncmp(p, "From: ", 6) == 0 ||
		    strncmp(p, "To: ", 4) == 0 ||
		    strncmp(p, "Subject: ", 9) == 0 ||
		    strncmp(p, "Date: ", 6) == 0 ||
		    strncmp(p, "Message-ID: ", 12) == 0 ||
		    strncmp(p, "Auto-Submitted: ", 16) == 0 ||
		    strncmp(p, "MIME-Version: ", 14) == 0 ||
		    strncmp(p, "Content-Type: ", 14) == 0 ||
		    strncmp(p, "Content-Transfer-Encoding: ", 27) == 0);
	}
	/* non-ASCII: encoded words only */
	assert_non_null(strstr(out.buf, "Subject: =?UTF-8?B?"));
	assert_non_null(
	    strstr(out.buf, "Date: Thu, 24 Dec 2026 00:00:00 +0000"));
	/* the names are in the body, escaped */
	assert_non_null(strstr(out.buf + h, "Hello Ivy\\r\\nX-Evil: 1,"));
	assert_non_null(strstr(out.buf + h,
	    "Bob B\\r\\nBcc: evil@x.example (bob) still "
	    "has 7 pending items"));
	assert_non_null(strstr(out.buf + h, "8 days ago"));
	/* no bare CR or LF anywhere */
	for (i = 0; i < out.len; i++) {
		if (out.buf[i] == '\n')
			assert_true(i > 0 && out.buf[i - 1] == '\r');
		if (out.buf[i] == '\r')
			assert_true(out.buf[i + 1] == '\n');
	}
	sb_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_address_ok),
		cmocka_unit_test(test_escalation_no_injection),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
