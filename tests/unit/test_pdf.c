/*
 * test_pdf.c - how the PDF lays a table out (reports/pdf.c), read back
 * with poppler: a path is never broken inside a name (issue 17's
 * "postgresql.con" / "f on db01"), columns are as wide as what they hold
 * (an empty justification column narrow however much weight it has),
 * and a draft is marked DRAFT on every page, a final report on none.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/sb.h"
#include "reports/doc.h"
#include "reports/pdf.h"
#include "tests/unit/rpt_check.h"

#define SUDO                                                            \
	"root /usr/bin/vim /etc/postgresql/15/main/postgresql.conf on " \
	"db01 (NOPASSWD)"

/*
 * The weights are today's evidence's turned against the paths: were the
 * widths shared by weight, the entitlement and path columns would be too
 * narrow for "postgresql.conf" and the empty justification column would
 * take most of the page.
 */
static const struct rpt_col cols[] = {
	{ "item", "Item", 0.5, RPT_STR },
	{ "entitlement", "Entitlement", 0.3, RPT_STR },
	{ "path", "Path", 0.3, RPT_STR },
	{ "justification", "Justification", 3, RPT_STR },
	{ "decision", "Decision", 0.5, RPT_STR },
};

static struct rpt_doc *
doc(size_t rows, const char *draft)
{
	struct rpt_doc *d = rpt_doc_new("evidence", "Layout", "paths");
	struct rpt_section *s = rpt_section(d, "items", "Items", 0);
	struct rpt_table *t = rpt_table(s, "items", cols, 5);
	char id[16];
	const char *cells[5] = { id, SUDO, "joneill > dba > " SUDO, NULL,
		"approve" };
	size_t r;

	for (r = 0; r < rows; r++) {
		snprintf(id, sizeof(id), "%zu", r + 1);
		rpt_row(t, cells);
	}
	d->primary = t;
	if (draft != NULL)
		d->draft = xstrdup(draft);
	return d;
}

static char *
write_pdf(const struct rpt_doc *d, int *pages)
{
	struct err e = ERR_INIT;
	char *path = xstrdup("/tmp/parc-test-pdf.XXXXXX");
	FILE *fp;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	fp = fdopen(fd, "wb");
	assert_non_null(fp);
	if (rpt_pdf_write(d, RPT_A4, fp, pages, &e) != 0)
		fail_msg("rpt_pdf_write: %s", e.msg);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

/* The x where the first word w starts on page 1 (pdftotext -bbox). */
static double
word_x(const char *path, const char *w)
{
	char *html = rpt_run("pdftotext -f 1 -l 1 -bbox '%s' -", path);
	char want[64], *p;
	double x;

	snprintf(want, sizeof(want), ">%s</word>", w);
	p = strstr(html, want);
	if (p == NULL)
		fail_msg("no word %s on page 1", w);
	while (p > html && strncmp(p, "xMin=\"", 6) != 0)
		p--;
	x = strtod(p + 6, NULL);
	free(html);
	return x;
}

static void
test_paths_whole(void **state)
{
	struct rpt_doc *d = doc(40, NULL);
	char *path, *raw;
	int pages = 0;

	(void)state;
	path = write_pdf(d, &pages);
	check_pdf(path, d, pages);
	raw = rpt_run("pdftotext -raw '%s' -", path);
	/* each of the 80 cells has its file name whole on one line */
	assert_int_equal(count(raw, "postgresql.conf"), 80);
	assert_int_equal(count(raw, "postgresql.con\n"), 0);
	free(raw);
	/*
	 * the justification column holds nothing: it is as wide as its
	 * header, whatever its weight
	 */
	assert_true(
	    word_x(path, "Decision") - word_x(path, "Justification") < 70);
	unlink(path);
	free(path);
	rpt_doc_free(d);
}

/* Pages with "DRAFT" of the PDF at path, and pages. */
static int
draft_pages(const char *path, int *pages)
{
	char *text = rpt_run("pdftotext '%s' -", path), *p, *ff;
	int n = 0;

	*pages = 0;
	for (p = text; *p; p = ff + 1) {
		if ((ff = strchr(p, '\f')) == NULL)
			break;
		*ff = '\0';
		(*pages)++;
		if (strstr(p, "DRAFT") != NULL)
			n++;
	}
	free(text);
	return n;
}

static void
test_draft(void **state)
{
	struct rpt_doc *d = doc(300, "Draft: the campaign is still open.");
	char *path, *text;
	int pages = 0, seen = 0;

	(void)state;
	path = write_pdf(d, &pages);
	assert_true(pages > 3);
	assert_int_equal(draft_pages(path, &seen), pages);
	assert_int_equal(seen, pages);
	text = rpt_run("pdftotext -l 1 '%s' -", path);
	assert_non_null(strstr(text, "Draft: the campaign is still open."));
	free(text);
	unlink(path);
	free(path);
	rpt_doc_free(d);

	d = doc(300, NULL);
	path = write_pdf(d, &pages);
	assert_int_equal(draft_pages(path, &seen), 0);
	assert_int_equal(seen, pages);
	unlink(path);
	free(path);
	rpt_doc_free(d);
}

/* fontconfig keeps its cache for the life of the process on purpose. */
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
		cmocka_unit_test(test_paths_whole),
		cmocka_unit_test(test_draft),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
