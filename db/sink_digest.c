/*
 * sink_digest.c - a principal's assignments in one number, so that a
 * re-sync compares only the accounts whose assignments changed.
 *
 * While records arrive, the sink adds each assignment's hash to its
 * principal's digest (sink_asg_hash); assignment_digest keeps the digest
 * of what the table holds for each principal since the last sync wrote
 * it. A re-sync diffs the assignments of the principals whose digests
 * differ and leaves the others' rows untouched without reading them.
 */
#include <string.h>

#include "db/sink_int.h"

/* FNV-1a over one field: a tag (NULL or not), the bytes, a terminator. */
static uint64_t
mix_field(uint64_t h, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	h = (h ^ (s == NULL ? 0x01u : 0x02u)) * 0x100000001b3ull;
	if (s != NULL)
		for (; *p != '\0'; p++)
			h = (h ^ *p) * 0x100000001b3ull;
	return (h ^ 0xffu) * 0x100000001b3ull;
}

/* splitmix64's finalizer: every input bit moves every output bit */
static uint64_t
finish(uint64_t h)
{
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
	return h ^ (h >> 31);
}

uint64_t
sink_rec_hash(const char *const *f, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = mix_field(h, f[i]);
	return finish(h);
}

uint64_t
sink_asg_hash(const struct rec_assignment *r, const char *state)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = mix_field(h, r->entitlement_ext_id);
	h = mix_field(h, state);
	h = mix_field(h, r->expires_at);
	h = mix_field(h, r->last_used_at);
	h = mix_field(h, r->origin);
	h = mix_field(h, r->attrs);
	return finish(h);
}

static void
wsum_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	uint64_t *acc = sqlite3_aggregate_context(ctx, sizeof(*acc));

	(void)argc;
	if (acc != NULL)
		*acc += (uint64_t)sqlite3_value_int64(argv[0]);
}

static void
wsum_final(sqlite3_context *ctx)
{
	uint64_t *acc = sqlite3_aggregate_context(ctx, 0);

	sqlite3_result_int64(ctx, acc != NULL ? (sqlite3_int64)*acc : 0);
}

int
sink_digest_register(struct db *db, struct err *e)
{
	if (sqlite3_create_function_v2(db->conn, "parc_wsum", 1,
		SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
		NULL, wsum_step, wsum_final, NULL) != SQLITE_OK)
		return db_fail(db, e, "register parc_wsum");
	return 0;
}
