/*
 * fuzz_config.c - libFuzzer harness for the parc.conf reader.
 *
 *	make fuzz
 *	mkdir -p fuzz-out && tests/fuzz/fuzz_config -max_total_time=60 \
 *	    fuzz-out tests/data/config/fuzz-seed
 *
 * Each input (cut at its first NUL, as a C string) is parsed with
 * config_parse_string; when it parses, every key of every section is read
 * back with conf_get, conf_line, conf_bool, conf_int and conf_path, and
 * every source is looked up by name. conf_secret is left out: it reads
 * files, the environment and runs commands. Nothing is read from or
 * written to this machine's files. A crash, a leak, undefined behaviour or
 * a hang is a bug.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/config.h"
#include "lib/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
read_section(const struct config *c, const struct conf_section *sec)
{
	static const char *const known[] = { "path", "database", NULL };
	struct err e = ERR_INIT;
	char where[64];
	size_t i;
	long n;
	int b;

	(void)conf_check_keys(c, sec, known, &e);
	(void)conf_get(sec, "kind");
	(void)conf_line(sec, "no-such-key");
	for (i = 0; i < sec->nkv; i++) {
		const char *k = sec->kv[i].key;
		char *p;

		(void)conf_get(sec, k);
		(void)conf_where(c, conf_line(sec, k), where, sizeof(where));
		b = -1;
		(void)conf_bool(c, sec, k, &b, &e);
		n = 0;
		(void)conf_int(c, sec, k, LONG_MIN, LONG_MAX, &n, &e);
		(void)conf_int(c, sec, k, 0, 3, &n, &e);
		p = conf_path(c, sec, k);
		free(p);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *c;
	struct err e = ERR_INIT;
	char *text;
	size_t i;

	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (config_parse_string(&c, "fuzz.conf", text, &e) == 0) {
		read_section(c, &c->parc);
		for (i = 0; i < c->nsources; i++) {
			(void)config_source(c, c->sources[i].name);
			read_section(c, &c->sources[i]);
		}
		(void)config_source(c, "");
		config_free(c);
	}
	free(text);
	return 0;
}
