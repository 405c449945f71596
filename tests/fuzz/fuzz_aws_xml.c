/*
 * fuzz_aws_xml.c - libFuzzer harness for the reader of AWS's Query API
 * answers (sync/aws_xml.h) and the URL decoder policy documents go
 * through (sync/http.h).
 *
 *	make fuzz
 *	mkdir -p fuzz-out && tests/fuzz/fuzz_aws_xml -max_total_time=60 \
 *	    fuzz-out tests/data/aws/xml
 *
 * Each input is parsed as one answer; when that works, the JSON is walked
 * as aws_live walks it (the four lists of a page, IsTruncated, Marker,
 * the error code) and printed back with jansson, so a value jansson
 * cannot hold would show. The input is also URL-decoded both ways.
 * Nothing is read from or written to this machine's files. A crash, a
 * leak, undefined behaviour or a hang is a bug.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "sync/aws_xml.h"
#include "sync/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const page[] = {
		"GetAccountAuthorizationDetailsResponse",
		"GetAccountAuthorizationDetailsResult", NULL
	};
	static const char *const code[] = { "ErrorResponse", "Error", "Code",
		NULL };
	static const char *const lists[] = { "UserDetailList",
		"GroupDetailList", "RoleDetailList", "Policies", NULL };
	struct err e = ERR_INIT;
	json_t *root = NULL, *r, *v;
	size_t n, i;
	char *s;

	if ((s = http_urldecode((const char *)data, size, 0, &n)) != NULL)
		free(s);
	if ((s = http_urldecode((const char *)data, size, 1, &n)) != NULL)
		free(s);
	if (aws_xml_parse((const char *)data, size, &root, &e) != 0) {
		if (root != NULL || e.msg[0] == '\0')
			abort(); /* a failure returns nothing, and says why */
		return 0;
	}
	if (!json_is_object(root) || json_object_size(root) != 1)
		abort();
	if ((r = aws_xml_get(root, page)) != NULL) {
		for (i = 0; lists[i] != NULL; i++)
			if ((v = json_object_get(r, lists[i])) != NULL)
				(void)json_array_size(v);
		(void)json_is_true(json_object_get(r, "IsTruncated"));
		(void)json_string_value(json_object_get(r, "Marker"));
	}
	(void)json_string_value(aws_xml_get(root, code));
	if ((s = json_dumps(root, JSON_COMPACT)) == NULL)
		abort();
	free(s);
	json_decref(root);
	return 0;
}
