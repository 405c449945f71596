/*
 * fuzz_aws_json.c - libFuzzer harness for aws_emit: the JSON of
 * `aws iam get-account-authorization-details` and a credential report.
 *
 *	make fuzz
 *	mkdir -p fuzz-out && tests/fuzz/fuzz_aws_json -max_total_time=60 \
 *	    fuzz-out tests/data/aws/fuzz-seed
 *
 * An input is the details JSON, then optionally a NUL byte and the
 * credential report CSV. The JSON is parsed as the connector does
 * (jansson, duplicate keys refused) and handed to aws_emit over an
 * in-memory database, with the shipped catalog; the pull is then
 * committed when it succeeded and aborted when not, so the sink's checks
 * see what aws_emit emitted. A failure must be a negative PARC_E code
 * with a message; a crash, a leak, undefined behaviour or a hang is a bug.
 * Nothing is read from or written to this machine's files after start-up.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "db/catalog.h"
#include "db/db.h"
#include "db/sink.h"
#include "lib/err.h"
#include "lib/sb.h"
#include "lib/share.h"
#include "sync/aws_model.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct catalog *cat;
static struct db *db;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct err e = ERR_INIT;
	struct sb dir = SB_INIT;

	(void)argc;
	(void)argv;
	cat = catalog_new();
	sb_addf(&dir, "%s/catalog", share_dir());
	if (catalog_load_dir(cat, dir.buf, &e) != 0 ||
	    db_open(&db, ":memory:", DB_CREATE, &e) != 0) {
		fprintf(stderr, "fuzz_aws_json: %s\n", e.msg);
		exit(1);
	}
	sb_release(&dir);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t jlen = nul != NULL ? (size_t)(nul - data) : size;
	struct err e = ERR_INIT;
	struct sink *sink = NULL;
	json_error_t je;
	json_t *j;
	int rc;

	j = json_loadb((const char *)data, jlen, JSON_REJECT_DUPLICATES, &je);
	if (sink_open(db, "aws", "aws", &sink, &e) != 0)
		abort();
	rc = aws_emit(sink, cat, j, "fuzz.json",
	    nul != NULL ? (const char *)nul + 1 : NULL,
	    nul != NULL ? size - jlen - 1 : 0, "fuzz.csv", &e);
	if (rc > 0 || (rc < 0 && e.msg[0] == '\0'))
		abort();
	if (rc == 0) {
		sink_allow_empty(sink);
		(void)sink_commit(sink, NULL, &e);
	} else
		sink_abort(sink, e.msg);
	json_decref(j);
	return 0;
}
