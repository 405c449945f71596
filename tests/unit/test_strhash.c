/* test_strhash.c - the string hash table of lib/strhash.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strhash.h"

/* FNV-1a's published test values. */
static void
test_fnv1a(void **state)
{
	(void)state;
	assert_true(strhash_fnv1a("") == 0xcbf29ce484222325ULL);
	assert_true(strhash_fnv1a("a") == 0xaf63dc4c8601ec8cULL);
	assert_true(strhash_fnv1a("foobar") == 0x85944171f73967e8ULL);
}

static void
test_empty(void **state)
{
	struct strhash h = STRHASH_INIT;

	(void)state;
	assert_null(strhash_find(&h, "x"));
	assert_int_equal(h.n, 0);
	strhash_release(&h);
	strhash_release(&h);
}

/*
 * Many keys through several growths: each keeps its value, a key not put
 * is not found, a second put finds the first.
 */
static void
test_grow(void **state)
{
	enum {
		N = 20000
	};
	struct strhash h;
	char **keys = calloc(N, sizeof(*keys)), buf[32];
	union strhash_val *v;
	size_t i;
	int added;

	(void)state;
	assert_non_null(keys);
	strhash_init(&h, 0);
	for (i = 0; i < N; i++) {
		snprintf(buf, sizeof(buf), "key-%zu", i);
		keys[i] = strdup(buf);
		v = strhash_put(&h, keys[i], &added);
		assert_int_equal(added, 1);
		assert_int_equal(v->num, 0);
		v->num = i * 7;
	}
	assert_int_equal(h.n, N);
	assert_true(h.cap >= 2 * N);
	for (i = 0; i < N; i++) {
		snprintf(buf, sizeof(buf), "key-%zu", i);
		v = strhash_find(&h, buf);
		assert_non_null(v);
		assert_int_equal(v->num, i * 7);
	}
	assert_null(strhash_find(&h, "key-20000"));
	assert_null(strhash_find(&h, "key-"));
	v = strhash_put(&h, "key-5", &added);
	assert_int_equal(added, 0);
	assert_int_equal(v->num, 35);
	assert_int_equal(h.n, N);
	strhash_release(&h);
	assert_null(strhash_find(&h, "key-5"));
	for (i = 0; i < N; i++)
		free(keys[i]);
	free(keys);
}

/* A table that copies its keys does not keep the caller's buffer. */
static void
test_copy_keys(void **state)
{
	struct strhash h;
	char buf[16];
	int added;

	(void)state;
	strhash_init(&h, STRHASH_COPY_KEYS);
	snprintf(buf, sizeof(buf), "alice");
	strhash_put(&h, buf, &added);
	assert_int_equal(added, 1);
	snprintf(buf, sizeof(buf), "bob");
	strhash_put(&h, buf, &added);
	assert_int_equal(added, 1);
	assert_non_null(strhash_find(&h, "alice"));
	assert_non_null(strhash_find(&h, "bob"));
	strhash_put(&h, "alice", &added);
	assert_int_equal(added, 0);
	assert_int_equal(h.n, 2);
	strhash_release(&h);
	/* Released, it keeps its flags and can be filled again. */
	strhash_put(&h, buf, &added);
	assert_int_equal(added, 1);
	buf[0] = 'X';
	assert_non_null(strhash_find(&h, "bob"));
	strhash_release(&h);
}

/* A reserved table does not move its slots while it fills. */
static void
test_reserve(void **state)
{
	struct strhash h = STRHASH_INIT;
	static const char *const k[] = { "a", "b", "c", "d", "e", "f", "g", "h",
		"i", "j" };
	struct strhash_slot *before;
	size_t i;

	(void)state;
	strhash_reserve(&h, 100);
	before = h.slot;
	assert_true(h.cap >= 200);
	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		strhash_put(&h, k[i], NULL)->num = i + 1;
	assert_ptr_equal(h.slot, before);
	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		assert_int_equal(strhash_find(&h, k[i])->num, i + 1);
	strhash_release(&h);
}

/* Pointer values: a new key's is NULL; each keeps its own. */
static void
test_pointers(void **state)
{
	struct strhash h = STRHASH_INIT;
	int a = 1, b = 2, added;
	union strhash_val *v;

	(void)state;
	v = strhash_put(&h, "a", &added);
	assert_int_equal(added, 1);
	assert_null(v->ptr);
	v->ptr = &a;
	strhash_put(&h, "b", NULL)->ptr = &b;
	assert_ptr_equal(strhash_find(&h, "a")->ptr, &a);
	assert_ptr_equal(strhash_find(&h, "b")->ptr, &b);
	strhash_release(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fnv1a),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_copy_keys),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_pointers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
