/*
 * test_rpt.c - the report writers over a document built by hand: the PDF
 * read back with poppler's pdftotext and pdfinfo (every cell there, page
 * count, "page X of Y" and the subject on every page, no word outside the
 * page body or on top of another word), the CSV parsed back by Python's
 * csv module, the JSON validated against share/schema/report-v1.json, and
 * the text form; the typed records of the commands' lists and objects
 * (json.h, list.h), byte for byte.
 *
 * The helpers run real tools: pdftotext/pdfinfo (poppler-utils) and
 * tests/data/reports/check.py (python3).
 */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/sb.h"
#include "reports/csv.h"
#include "reports/doc.h"
#include "reports/json.h"
#include "reports/list.h"
#include "reports/pdf.h"
#include "reports/txt.h"
#include "tests/unit/rpt_check.h"

static const struct rpt_col cols[] = {
	{ "id", "Id", 0.5, RPT_STR },
	{ "person", "Person", 1.5, RPT_STR },
	{ "account", "Account", 1.2, RPT_STR },
	{ "entitlement", "Entitlement", 1.5, RPT_STR },
	{ "decision", "Decision", 0.8, RPT_STR },
	{ "justification", "Justification", 2.5, RPT_STR },
	{ "reviewer", "Reviewer", 1, RPT_STR },
};

/* Names a real directory holds: accents, other scripts, very long ones. */
static const char *const people[] = {
	"Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m",
	"\xd0\x94\xd0\xbc\xd0\xb8\xd1\x82\xd1\x80\xd0\xb8\xd0\xb9 "
	"\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2", /* Cyrillic */
	"\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e",		    /* CJK */
	"\xce\x9d\xce\xaf\xce\xba\xce\xbf\xcf\x82 "
	"\xce\xa0\xce\xb1\xcf\x80\xce\xb1\xce\xb4\xcf\x8c\xcf\x80\xce\xbf\xcf"
	"\x85",
	"\xd7\x93\xd7\x95\xd7\x93 \xd7\x9b\xd7\x94\xd7\x9f", /* Hebrew */
	"\xe0\xa4\xb0\xe0\xa4\xbe\xe0\xa4\xae "
	"\xe0\xa4\xb6\xe0\xa4\xb0\xe0\xa4\xa3", /* Devanagari */
	"\xe0\xb8\xaa\xe0\xb8\xa1\xe0\xb8\x8a\xe0\xb8\xb2\xe0\xb8\xa2", /* Thai
									 */
	"\xe1\x83\x92\xe1\x83\x98\xe1\x83\x9d\xe1\x83\xa0\xe1\x83\x92\xe1\x83"
	"\x98", /* Georgian */
	"Maximilian-Alexander Wolfeschlegelsteinhausenbergerdorff von "
	"Hohenzollern-Sigmaringen und Sachsen-Coburg-Gotha",
	"=HYPERLINK(\"http://evil.example/\",\"click\")",
	"Ana, \"the boss\" O'Neil",
};

static struct rpt_doc *
make_doc(size_t n)
{
	struct rpt_doc *d = rpt_doc_new("evidence", "Access review evidence",
	    "Q4 \xe7\xae\xa1\xe7\x90\x86 admins");
	struct rpt_section *s;
	struct rpt_table *t;
	struct sb acc = SB_INIT, ent = SB_INIT, just = SB_INIT, id = SB_INIT;
	const char *cells[7];
	size_t i;

	d->wide = 1;
	s = rpt_section(d, "cover", "Campaign", 0);
	rpt_field(s, "campaign", "Campaign", d->subject);
	rpt_field(s, "scope", "Scope", "tier=0,1");
	s = rpt_section(d, "items", "Items by reviewer", 1);
	t = rpt_table(s, "items", cols, 7);
	t->group_col = 6;
	t->group_label = "Reviewer";
	d->primary = t;
	for (i = 0; i < n; i++) {
		sb_reset(&acc);
		sb_reset(&ent);
		sb_reset(&just);
		sb_reset(&id);
		sb_addf(&id, "%zu", i + 1);
		if (i % 7 == 3)
			sb_addf(&acc,
			    "svc-%zu-averyveryverylongaccountname"
			    "withoutanyspacesatallthatmustwrap",
			    i);
		else
			sb_addf(&acc, "u%05zu", i);
		sb_addf(&ent, "%s%zu",
		    i % 5 == 0 ? "Domain Admins " : "sudo ALL on host-",
		    i % 97);
		sb_addf(&just,
		    "Checked with the manager on ticket CHG-%zu; "
		    "still needed for on-call duty.",
		    i * 7);
		cells[0] = id.buf;
		cells[1] = people[i % (sizeof(people) / sizeof(people[0]))];
		cells[2] = acc.buf;
		cells[3] = ent.buf;
		cells[4] = i % 3 == 0 ? "revoke" : "approve";
		cells[5] = just.buf;
		cells[6] = i < n / 2
		    ? "alice"
		    : "\xd0\xb1\xd0\xbe\xd1\x80\xd0\xb8\xd1\x81";
		rpt_row(t, cells);
	}
	sb_release(&acc);
	sb_release(&ent);
	sb_release(&just);
	sb_release(&id);
	return d;
}

static void
write_pdf(const struct rpt_doc *d, const char *path, enum rpt_paper paper,
    int *pages)
{
	struct err e = ERR_INIT;
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	if (rpt_pdf_write(d, paper, fp, pages, &e) != 0)
		fail_msg("pdf: %s", e.msg);
	assert_int_equal(fclose(fp), 0);
}

/*
 * Every page from the second (the table starts on a new page) carries
 * the table's header row: a table that breaks repeats it.
 */
static void
check_headers(const char *path, int pages)
{
	char *text = rpt_run("pdftotext -raw '%s' -", path), *p, *next, *sq;
	int page = 0;

	for (p = text; *p && page < pages; p = next) {
		page++;
		if ((next = strchr(p, '\f')) != NULL)
			*next++ = '\0';
		else
			next = p + strlen(p);
		sq = rpt_squeeze(p);
		if (page >= 2 &&
		    strstr(sq,
			"IdPersonAccountEntitlementDecision"
			"Justification") == NULL)
			fail_msg("page %d has no table header", page);
		free(sq);
	}
	assert_int_equal(page, pages);
	free(text);
}

static void
test_pdf_5000_rows(void **state)
{
	struct rpt_doc *d = make_doc(5000);
	char dir[] = "/tmp/parc-test-rpt.XXXXXX", path[256];
	int pages = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ev.pdf", dir);
	write_pdf(d, path, RPT_A4, &pages);
	assert_true(pages > 50);
	check_pdf(path, d, pages);
	check_headers(path, pages);
	rpt_doc_free(d);
	unlink(path);
	rmdir(dir);
}

static void
test_pdf_letter_and_a4(void **state)
{
	struct rpt_doc *d = make_doc(60);
	char dir[] = "/tmp/parc-test-rpt.XXXXXX", path[256];
	int a4 = 0, letter = 0;
	double w, h;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a4.pdf", dir);
	write_pdf(d, path, RPT_A4, &a4);
	check_pdf(path, d, a4);
	pdf_page_size(path, &w, &h);
	/* landscape A4: 842 x 595 points */
	assert_true(w > 841 && w < 843 && h > 594 && h < 596);
	unlink(path);
	snprintf(path, sizeof(path), "%s/letter.pdf", dir);
	write_pdf(d, path, RPT_LETTER, &letter);
	check_pdf(path, d, letter);
	pdf_page_size(path, &w, &h);
	assert_true(w > 791 && w < 793 && h > 611 && h < 613);
	unlink(path);
	rmdir(dir);
	rpt_doc_free(d);
}

static void
test_paper_names(void **state)
{
	struct err e = ERR_INIT;
	enum rpt_paper p;

	(void)state;
	assert_int_equal(rpt_paper_parse("A4", &p, &e), 0);
	assert_int_equal(p, RPT_A4);
	assert_int_equal(rpt_paper_parse("letter", &p, &e), 0);
	assert_int_equal(p, RPT_LETTER);
	assert_int_equal(rpt_paper_parse("a3", &p, &e), PARC_EUSAGE);
	assert_non_null(strstr(e.msg, "a3"));
}

static void
test_csv_parses_back(void **state)
{
	struct rpt_doc *d = make_doc(500);
	char dir[] = "/tmp/parc-test-rpt.XXXXXX", path[256];
	struct err e = ERR_INIT;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ev.csv", dir);
	assert_non_null(fp = fopen(path, "wb"));
	assert_int_equal(rpt_csv_write(d, fp, &e), 0);
	assert_int_equal(fclose(fp), 0);
	check_csv(path, d->primary);
	rpt_doc_free(d);
	unlink(path);
	rmdir(dir);
}

static void
test_json_valid(void **state)
{
	struct rpt_doc *d = make_doc(300);
	char dir[] = "/tmp/parc-test-rpt.XXXXXX", path[256];
	struct err e = ERR_INIT;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ev.json", dir);
	assert_non_null(fp = fopen(path, "wb"));
	assert_int_equal(rpt_json_write(d, fp, &e), 0);
	assert_int_equal(fclose(fp), 0);
	check_json(path, d);
	rpt_doc_free(d);
	unlink(path);
	rmdir(dir);
}

static void
test_txt(void **state)
{
	struct rpt_doc *d = make_doc(10);
	struct err e = ERR_INIT;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	(void)state;
	/* a control character from a source never reaches the terminal */
	free(d->primary->cells[2]);
	d->primary->cells[2] = xstrdup("evil\x1b[2Jname");
	assert_int_equal(rpt_txt_write(d, fp, &e), 0);
	fclose(fp);
	assert_null(strchr(buf, '\x1b'));
	assert_non_null(strstr(buf, "evil\\x1b[2Jname"));
	assert_non_null(strstr(buf, "-- Reviewer: alice --"));
	assert_non_null(strstr(buf,
	    "Justification  Checked with the manager "
	    "on ticket CHG-0;"));
	assert_non_null(strstr(buf, people[2]));
	free(buf);
	rpt_doc_free(d);
}

static const struct rpt_col typed_cols[] = {
	{ "name", "Name", 1, RPT_STR },
	{ "tier", "Tier", 1, RPT_INT },
	{ "enabled", "Enabled", 1, RPT_BOOL },
	{ "techniques", "ATT&CK", 1, RPT_LIST },
	{ "path", "Path", 1, RPT_JSON },
};

static const char *const typed_rows[][5] = {
	{ "al\"ice", "0", "yes", "T1078,T1098", "[\"alice\",\"Admins\"]" },
	{ NULL, NULL, NULL, "", NULL },
	{ "=cmd", "3", "no", "T1,,T2", "not json" },
};

/* Every value typed by its column, in a list, as lines and as CSV. */
static void
test_list_formats(void **state)
{
	static const char *const want[] = {
		/* RPT_LIST_JSON */
		"[\n"
		"  {\"name\": \"al\\\"ice\", \"tier\": 0, \"enabled\": true, "
		"\"techniques\": [\"T1078\", \"T1098\"], "
		"\"path\": [\"alice\",\"Admins\"]},\n"
		"  {\"name\": null, \"tier\": null, \"enabled\": null, "
		"\"techniques\": [], \"path\": null},\n"
		"  {\"name\": \"=cmd\", \"tier\": 3, \"enabled\": false, "
		"\"techniques\": [\"T1\", \"T2\"], \"path\": not json}\n"
		"]\n",
		/* RPT_LIST_JSONL: the same records, one a line */
		"{\"name\": \"al\\\"ice\", \"tier\": 0, \"enabled\": true, "
		"\"techniques\": [\"T1078\", \"T1098\"], "
		"\"path\": [\"alice\",\"Admins\"]}\n"
		"{\"name\": null, \"tier\": null, \"enabled\": null, "
		"\"techniques\": [], \"path\": null}\n"
		"{\"name\": \"=cmd\", \"tier\": 3, \"enabled\": false, "
		"\"techniques\": [\"T1\", \"T2\"], \"path\": not json}\n",
		/* RPT_LIST_CSV: the text of each cell */
		"name,tier,enabled,techniques,path\r\n"
		"\"al\"\"ice\",0,yes,\"T1078,T1098\",alice > Admins\r\n"
		",,,,\r\n"
		"\"'=cmd\",3,no,\"T1,,T2\",not json\r\n",
	};
	enum rpt_list_format f;
	size_t r;

	(void)state;
	for (f = RPT_LIST_JSON; f <= RPT_LIST_CSV; f++) {
		struct rpt_doc *d = rpt_doc_new("t", "T", "s");
		struct rpt_section *s = rpt_section(d, "s", NULL, 0);
		struct rpt_table *t = rpt_table(s, "t", typed_cols, 5);
		struct err e = ERR_INIT;
		struct rpt_list l;
		char *buf = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);

		rpt_list_init(&l, f, fp, "the test");
		t->sink = &l.sink;
		for (r = 0; r < 3; r++)
			assert_int_equal(rpt_row(t, typed_rows[r]), 0);
		/* the rows went out; the table kept none */
		assert_int_equal(t->nrows, 0);
		assert_int_equal(t->nsent, 3);
		assert_int_equal(rpt_list_end(&l, t, 0, &e), 0);
		fclose(fp);
		assert_string_equal(buf, want[f]);
		free(buf);
		rpt_doc_free(d);
	}
}

/* The empty forms: "[]", a CSV header alone. */
static void
test_list_empty(void **state)
{
	struct rpt_doc *d = rpt_doc_new("t", "T", "s");
	struct rpt_section *s = rpt_section(d, "s", NULL, 0);
	struct rpt_table *t = rpt_table(s, "t", typed_cols, 5);
	struct err e = ERR_INIT;
	struct rpt_list l;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	(void)state;
	rpt_list_init(&l, RPT_LIST_JSON, fp, "the test");
	assert_int_equal(rpt_list_end(&l, t, 0, &e), 0);
	rpt_list_init(&l, RPT_LIST_CSV, fp, "the test");
	assert_int_equal(rpt_list_end(&l, t, 0, &e), 0);
	fclose(fp);
	assert_string_equal(buf, "[]\nname,tier,enabled,techniques,path\r\n");
	free(buf);
	rpt_doc_free(d);
}

/* An object: members of its own, a record, a list, an empty list. */
static void
test_json_object(void **state)
{
	static const struct rpt_col head_cols[] = {
		{ "ok", "OK", 1, RPT_BOOL },
		{ "events", "Events", 1, RPT_INT },
	};
	static const char *const head[] = { "yes", "12" };
	struct rpt_doc *d = rpt_doc_new("t", "T", "s");
	struct rpt_table *t;
	struct err e = ERR_INIT;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	(void)state;
	t = rpt_table(rpt_section(d, "", NULL, 0), "head", head_cols, 2);
	t->record = 1;
	rpt_row(t, head);
	t = rpt_table(rpt_section(d, "first", NULL, 0), "first", typed_cols, 5);
	t->record = 1;
	rpt_row(t, typed_rows[0]);
	t = rpt_table(rpt_section(d, "all", NULL, 0), "all", typed_cols, 5);
	rpt_row(t, typed_rows[1]);
	rpt_row(t, typed_rows[1]);
	rpt_table(rpt_section(d, "none", NULL, 0), "none", typed_cols, 5);
	assert_int_equal(rpt_json_object_write(d, fp, &e), 0);
	fclose(fp);
	assert_string_equal(buf,
	    "{\"ok\": true, \"events\": 12, \"first\": {\"name\": "
	    "\"al\\\"ice\", \"tier\": 0, \"enabled\": true, \"techniques\": "
	    "[\"T1078\", \"T1098\"], \"path\": [\"alice\",\"Admins\"]},\n"
	    " \"all\": [\n"
	    "  {\"name\": null, \"tier\": null, \"enabled\": null, "
	    "\"techniques\": [], \"path\": null},\n"
	    "  {\"name\": null, \"tier\": null, \"enabled\": null, "
	    "\"techniques\": [], \"path\": null}\n"
	    " ],\n"
	    " \"none\": []}\n");
	free(buf);
	rpt_doc_free(d);
}

/* The object with its list streamed: the same text, no row kept. */
static void
test_json_object_stream(void **state)
{
	struct rpt_doc *d = rpt_doc_new("t", "T", "s");
	struct rpt_table *t, *all;
	struct rpt_json_object w;
	struct err e = ERR_INIT;
	char *buf = NULL;
	size_t len = 0, r;
	FILE *fp = open_memstream(&buf, &len);

	(void)state;
	t = rpt_table(rpt_section(d, "first", NULL, 0), "first", typed_cols, 5);
	t->record = 1;
	rpt_row(t, typed_rows[2]);
	all = rpt_table(rpt_section(d, "all", NULL, 0), "all", typed_cols, 5);
	rpt_table(rpt_section(d, "none", NULL, 0), "none", typed_cols, 5);
	assert_int_equal(rpt_json_object_begin(&w, d, all, fp, &e), 0);
	all->sink = &w.sink;
	for (r = 0; r < 2; r++)
		assert_int_equal(rpt_row(all, typed_rows[r]), 0);
	assert_int_equal(all->nrows, 0);
	assert_int_equal(rpt_json_object_end(&w, 0), 0);
	fclose(fp);
	assert_string_equal(buf,
	    "{\"first\": {\"name\": \"=cmd\", \"tier\": 3, \"enabled\": false, "
	    "\"techniques\": [\"T1\", \"T2\"], \"path\": not json},\n"
	    " \"all\": [\n"
	    "  {\"name\": \"al\\\"ice\", \"tier\": 0, \"enabled\": true, "
	    "\"techniques\": [\"T1078\", \"T1098\"], "
	    "\"path\": [\"alice\",\"Admins\"]},\n"
	    "  {\"name\": null, \"tier\": null, \"enabled\": null, "
	    "\"techniques\": [], \"path\": null}\n"
	    " ],\n"
	    " \"none\": []}\n");
	free(buf);
	rpt_doc_free(d);
}

/*
 * fontconfig keeps its font cache for the life of the process on purpose:
 * not a leak of parc's, so LeakSanitizer is told to let it be.
 */
const char *__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paper_names),
		cmocka_unit_test(test_txt),
		cmocka_unit_test(test_csv_parses_back),
		cmocka_unit_test(test_json_valid),
		cmocka_unit_test(test_list_formats),
		cmocka_unit_test(test_list_empty),
		cmocka_unit_test(test_json_object),
		cmocka_unit_test(test_json_object_stream),
		cmocka_unit_test(test_pdf_letter_and_a4),
		cmocka_unit_test(test_pdf_5000_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
