/*
 * fuzz_csv.c - libFuzzer harness for the CSV reader (HR exports,
 * correlation overrides).
 *
 *	make fuzz
 *	mkdir -p fuzz-out && tests/fuzz/fuzz_csv -max_total_time=60 \
 *	    fuzz-out tests/data/people
 *
 * Each input is read from memory (fmemopen) record by record until the end
 * or an error, once with each of the named delimiters (comma, semicolon,
 * tab, pipe) and once with a delimiter the input's first byte picks among
 * every one csv_delim_parse accepts; the first record is also searched
 * with csv_column. Nothing is read from or written to this machine's
 * files. A crash, a leak, undefined behaviour or a hang is a bug.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/csv.h"
#include "lib/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int delims[128];
static size_t ndelims;

/* Every delimiter csv_delim_parse accepts, in byte order. */
static void
delims_init(void)
{
	char s[2] = { 0, 0 };
	int c, d;

	for (c = 1; c < 128; c++) {
		s[0] = (char)c;
		if ((d = csv_delim_parse(s)) >= 0)
			delims[ndelims++] = d;
	}
	delims[ndelims++] = csv_delim_parse("tab");
}

static void
read_all(const uint8_t *data, size_t size, int delim)
{
	struct err e = ERR_INIT;
	struct csv *r;
	char **f;
	size_t nf;
	FILE *fp;
	int line, first = 1;

	if ((fp = fmemopen((void *)(uintptr_t)data, size, "r")) == NULL)
		return;
	r = csv_open(fp, "fuzz.csv", delim);
	while (csv_next(r, &f, &nf, &line, &e) == 1) {
		if (first) {
			(void)csv_column(f, nf, "employee_id");
			(void)csv_column(f, nf, "");
			first = 0;
		}
	}
	(void)csv_name(r);
	csv_close(r);
	fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const words[] = { "comma", "semicolon", "tab",
		"pipe" };
	size_t i;

	if (ndelims == 0)
		delims_init();
	if (size == 0)
		return 0;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		read_all(data, size, csv_delim_parse(words[i]));
	read_all(data, size, delims[data[0] % ndelims]);
	return 0;
}
