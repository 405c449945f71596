/* test_csv.c - the streaming CSV reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/csv.h"
#include "lib/sb.h"

/* A reader over text (len bytes, NULs allowed), named "t.csv". */
struct src {
	FILE *fp;
	struct csv *r;
};

static void
src_open(struct src *s, const char *text, size_t len, int delim)
{
	s->fp = fmemopen((void *)text, len, "r");
	assert_non_null(s->fp);
	s->r = csv_open(s->fp, "t.csv", delim);
}

static void
src_close(struct src *s)
{
	csv_close(s->r);
	fclose(s->fp);
}

/* Read the next record and check it is nf fields, on line, equal to want. */
static void
expect(struct src *s, int line, size_t nf, const char *const *want)
{
	struct err e = ERR_INIT;
	char **f;
	size_t n, i;
	int l, rc;

	rc = csv_next(s->r, &f, &n, &l, &e);
	if (rc != 1)
		fail_msg("csv_next gave %d: %s", rc, e.msg);
	assert_int_equal(l, line);
	assert_int_equal(n, nf);
	for (i = 0; i < nf; i++)
		assert_string_equal(f[i], want[i]);
}

static void
expect_end(struct src *s)
{
	struct err e = ERR_INIT;
	char **f;
	size_t n;
	int l;

	assert_int_equal(csv_next(s->r, &f, &n, &l, &e), 0);
}

/* Parse text to its first error and check the code and the message. */
static void
expect_error(const char *text, size_t len, int code, const char *msg)
{
	struct src s;
	struct err e = ERR_INIT;
	char **f;
	size_t n;
	int l, rc;

	src_open(&s, text, len, ',');
	while ((rc = csv_next(s.r, &f, &n, &l, &e)) == 1)
		;
	assert_int_equal(rc, code);
	assert_string_equal(e.msg, msg);
	src_close(&s);
}

#define TEXT(t) (t), sizeof(t) - 1

static void
test_quoting(void **state)
{
	static const char t[] = "plain,\"with, comma\",\"say \"\"hi\"\"\","
				"\"\",,last\n";
	const char *want[] = { "plain", "with, comma", "say \"hi\"", "", "",
		"last" };
	struct src s;

	(void)state;
	src_open(&s, TEXT(t), ',');
	expect(&s, 1, 6, want);
	expect_end(&s);
	src_close(&s);
}

static void
test_embedded_newlines_keep_line_numbers(void **state)
{
	static const char t[] = "id,notes\n"
				"1,\"two\nlines\"\n"
				"2,\"three\n\nlines\"\n"
				"3,one\n";
	const char *h[] = { "id", "notes" };
	const char *r1[] = { "1", "two\nlines" };
	const char *r2[] = { "2", "three\n\nlines" };
	const char *r3[] = { "3", "one" };
	struct src s;

	(void)state;
	src_open(&s, TEXT(t), ',');
	expect(&s, 1, 2, h);
	expect(&s, 2, 2, r1);
	expect(&s, 4, 2, r2);
	expect(&s, 7, 2, r3);
	expect_end(&s);
	src_close(&s);
}

static void
test_crlf_and_bom(void **state)
{
	/* A spreadsheet's "CSV UTF-8": BOM, CRLF, CRLF kept inside quotes. */
	static const char t[] = "\xef\xbb\xbfid,name\r\n"
				"1,\"Zoë\r\nØdegaard\"\r\n"
				"2,李娜\r\n";
	const char *h[] = { "id", "name" };
	const char *r1[] = { "1", "Zoë\r\nØdegaard" };
	const char *r2[] = { "2", "李娜" };
	struct src s;

	(void)state;
	src_open(&s, TEXT(t), ',');
	expect(&s, 1, 2, h);
	expect(&s, 2, 2, r1);
	expect(&s, 4, 2, r2);
	expect_end(&s);
	src_close(&s);
}

static void
test_bom_only_at_start(void **state)
{
	static const char t[] = "a\n\xef\xbb\xbf"
				"b\n";
	const char *r1[] = { "a" };
	const char *r2[] = { "\xef\xbb\xbf"
			     "b" };
	struct src s;

	(void)state;
	src_open(&s, TEXT(t), ',');
	expect(&s, 1, 1, r1);
	expect(&s, 2, 1, r2);
	expect_end(&s);
	src_close(&s);
}

static void
test_empty_lines_and_no_final_newline(void **state)
{
	static const char t[] = "\n\r\na,b\n\n\nc,\n\nd,e";
	const char *r1[] = { "a", "b" };
	const char *r2[] = { "c", "" };
	const char *r3[] = { "d", "e" };
	struct src s;

	(void)state;
	src_open(&s, TEXT(t), ',');
	expect(&s, 3, 2, r1);
	expect(&s, 6, 2, r2);
	expect(&s, 8, 2, r3);
	expect_end(&s);
	expect_end(&s);
	src_close(&s);
}

static void
test_empty_file(void **state)
{
	struct src s;

	(void)state;
	src_open(&s, "", 0, ',');
	expect_end(&s);
	src_close(&s);
	src_open(&s, TEXT("\xef\xbb\xbf"), ',');
	expect_end(&s);
	src_close(&s);
}

static void
test_other_delimiters(void **state)
{
	static const char semi[] = "a;\"b;c\";d,e\n";
	static const char tab[] = "a\tb c\t\"d\te\"\n";
	const char *r1[] = { "a", "b;c", "d,e" };
	const char *r2[] = { "a", "b c", "d\te" };
	struct src s;

	(void)state;
	src_open(&s, TEXT(semi), ';');
	expect(&s, 1, 3, r1);
	src_close(&s);
	src_open(&s, TEXT(tab), '\t');
	expect(&s, 1, 3, r2);
	src_close(&s);
}

static void
test_unterminated_quote(void **state)
{
	(void)state;
	expect_error(TEXT("id,name\n1,ok\n2,\"open\nstill open\n"), PARC_EDATA,
	    "t.csv:3: unterminated quoted field 2 (the quote opened on line 3 "
	    "is never closed)");
	/* The record starts on line 2; the quote opens on line 3. */
	expect_error(TEXT("h\n\"a\nb\",\"c\nd,e\n"), PARC_EDATA,
	    "t.csv:2: unterminated quoted field 2 (the quote opened on line 3 "
	    "is never closed)");
}

static void
test_malformed(void **state)
{
	(void)state;
	expect_error(TEXT("a,b\"c\n"), PARC_EDATA,
	    "t.csv:1: field 2: quote inside an unquoted field (quote the "
	    "whole field and double the quote)");
	expect_error(TEXT("x\n\"a\"b,c\n"), PARC_EDATA,
	    "t.csv:2: field 1: text after the closing quote");
	expect_error(TEXT("a,b\rc\n"), PARC_EDATA,
	    "t.csv:1: carriage return not followed by a line feed");
	expect_error(TEXT("a\nb,c\0d\n"), PARC_EDATA,
	    "t.csv:2: field 2 contains a NUL byte");
	expect_error(TEXT("a\n\"b\0\"\n"), PARC_EDATA,
	    "t.csv:2: field 1 contains a NUL byte");
	expect_error(TEXT("ok\nJos\xe9\n"), PARC_EDATA,
	    "t.csv:2: field 1 is not valid UTF-8");
	/* The check is per field: a character cut by a delimiter is bad. */
	expect_error(TEXT("\xc3,\xa9\n"), PARC_EDATA,
	    "t.csv:1: field 1 is not valid UTF-8");
}

/* A record of nfields fields of flen bytes each, quoted when asked. */
static char *
record(size_t nfields, size_t flen, int quoted, size_t *len)
{
	struct sb sb = SB_INIT;
	size_t i, j;

	for (i = 0; i < nfields; i++) {
		if (i > 0)
			sb_addc(&sb, ',');
		if (quoted)
			sb_addc(&sb, '"');
		for (j = 0; j < flen; j++)
			sb_addc(&sb, 'x');
		if (quoted)
			sb_addc(&sb, '"');
	}
	sb_addc(&sb, '\n');
	*len = sb.len;
	return sb_detach(&sb);
}

static void
check_record(size_t nfields, size_t flen, int quoted, int code, const char *msg)
{
	struct src s;
	struct err e = ERR_INIT;
	char **f, *t;
	size_t n, len;
	int l;

	t = record(nfields, flen, quoted, &len);
	src_open(&s, t, len, ',');
	assert_int_equal(csv_next(s.r, &f, &n, &l, &e), code);
	if (code == 1) {
		assert_int_equal(n, nfields);
		assert_int_equal(strlen(f[nfields - 1]), flen);
	} else
		assert_string_equal(e.msg, msg);
	src_close(&s);
	free(t);
}

static void
test_bounds(void **state)
{
	(void)state;
	check_record(1, CSV_FIELD_MAX, 0, 1, NULL);
	check_record(1, CSV_FIELD_MAX, 1, 1, NULL);
	check_record(2, CSV_FIELD_MAX + 1, 0, PARC_EDATA,
	    "t.csv:1: field 1 is longer than the limit of 65536 bytes");
	check_record(2, CSV_FIELD_MAX + 1, 1, PARC_EDATA,
	    "t.csv:1: field 1 is longer than the limit of 65536 bytes");
	/* 16 fields of 64 KiB make 1 MiB and a little: over the record. */
	check_record(16, CSV_FIELD_MAX - 100, 0, 1, NULL);
	check_record(17, CSV_FIELD_MAX - 100, 1, PARC_EDATA,
	    "t.csv:1: record is longer than the limit of 1048576 bytes");
	check_record(CSV_FIELDS_MAX, 0, 0, 1, NULL);
	check_record(CSV_FIELDS_MAX + 1, 0, 0, PARC_EDATA,
	    "t.csv:1: record has more than the limit of 4096 fields");
}

/* Records that straddle the 64 KiB read buffer come out whole. */
static void
test_streaming_across_buffers(void **state)
{
	struct sb sb = SB_INIT;
	struct src s;
	struct err e = ERR_INIT;
	char **f, want[64];
	size_t n;
	int i, l;

	(void)state;
	for (i = 0; i < 20000; i++)
		sb_addf(&sb, "%d,\"multi\nline %d\",\"q\"\"%d\"\r\n", i, i, i);
	src_open(&s, sb.buf, sb.len, ',');
	for (i = 0; i < 20000; i++) {
		assert_int_equal(csv_next(s.r, &f, &n, &l, &e), 1);
		assert_int_equal(l, 2 * i + 1);
		assert_int_equal(n, 3);
		assert_int_equal(atoi(f[0]), i);
		snprintf(want, sizeof(want), "multi\nline %d", i);
		assert_string_equal(f[1], want);
		snprintf(want, sizeof(want), "q\"%d", i);
		assert_string_equal(f[2], want);
	}
	expect_end(&s);
	src_close(&s);
	sb_release(&sb);
}

static void
test_read_error(void **state)
{
	struct err e = ERR_INIT;
	struct csv *r;
	FILE *fp;
	char **f;
	size_t n;
	int l;

	(void)state;
	/* Linux opens a directory for reading; reading it fails. */
	fp = fopen("/", "r");
	assert_non_null(fp);
	r = csv_open(fp, "/", ',');
	assert_int_equal(csv_next(r, &f, &n, &l, &e), PARC_EIO);
	assert_string_equal(e.msg, "/:1: read error: Is a directory");
	csv_close(r);
	fclose(fp);
}

static void
test_column(void **state)
{
	char *hdr[] = { "Employee_ID", " Email ", "name", "NAME" };

	(void)state;
	assert_int_equal(csv_column(hdr, 4, "employee_id"), 0);
	assert_int_equal(csv_column(hdr, 4, "email"), 1);
	assert_int_equal(csv_column(hdr, 4, "login"), -1);
	assert_int_equal(csv_column(hdr, 4, "name"), -2);
	assert_int_equal(csv_column(hdr, 4, "emai"), -1);
}

static void
test_delim_parse(void **state)
{
	(void)state;
	assert_int_equal(csv_delim_parse(","), ',');
	assert_int_equal(csv_delim_parse(";"), ';');
	assert_int_equal(csv_delim_parse("|"), '|');
	assert_int_equal(csv_delim_parse("tab"), '\t');
	assert_int_equal(csv_delim_parse("Semicolon"), ';');
	assert_int_equal(csv_delim_parse("comma"), ',');
	assert_int_equal(csv_delim_parse("pipe"), '|');
	assert_int_equal(csv_delim_parse("\""), -1);
	assert_int_equal(csv_delim_parse(""), -1);
	assert_int_equal(csv_delim_parse(",,"), -1);
	assert_int_equal(csv_delim_parse(" "), -1);
	assert_int_equal(csv_delim_parse("\xc3\xa9"), -1);
	assert_int_equal(csv_delim_parse(NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_embedded_newlines_keep_line_numbers),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_bom_only_at_start),
		cmocka_unit_test(test_empty_lines_and_no_final_newline),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_other_delimiters),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_streaming_across_buffers),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_column),
		cmocka_unit_test(test_delim_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
