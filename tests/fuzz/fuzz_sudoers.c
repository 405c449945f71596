/*
 * fuzz_sudoers.c - libFuzzer harness for the sudoers parser and its
 * cvtsudoers JSON writer.
 *
 *	make fuzz
 *	mkdir -p fuzz-out && tests/fuzz/fuzz_sudoers -max_total_time=60 \
 *	    fuzz-out tests/data/sudoers/corpus tests/data/sudoers/parc
 *
 * Each input is parsed as a sudoers file (visudo's checks on), then, when
 * it parses, written as JSON. Includes are confined to a folder that does
 * not exist, so an input naming /dev/zero or this machine's files reads
 * nothing. A crash, a leak, undefined behaviour or a hang is a bug.
 */
#include <stddef.h>
#include <stdint.h>

#include "lib/sb.h"
#include "reports/sudoers_json.h"
#include "sync/sudoers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sudoers_tree *t = sudoers_tree_new();
	struct sudoers_opts o = { 0 };
	struct err e = ERR_INIT;
	struct sb out = SB_INIT;

	o.root = "/nonexistent-parc-fuzz";
	o.host = "fuzz";
	o.strict = (size & 1) != 0;
	if (sudoers_parse_buffer(t, "/nonexistent-parc-fuzz/sudoers",
		(const char *)data, size, &o, &e) == 0)
		rpt_sudoers_json(&out, t);
	sb_release(&out);
	sudoers_tree_free(t);
	return 0;
}
