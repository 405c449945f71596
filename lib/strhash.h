/*
 * strhash.h - a hash table keyed by strings (open addressing, linear
 * probing, FNV-1a), the one parc's modules share.
 *
 * A key maps to a union strhash_val: a number (an index into an array of
 * the user's, which stays true when the array is realloc'd; a count) or a
 * pointer. A table holds one or the other, as its user decides; a set uses
 * neither.
 *
 * Ownership: the table borrows its keys unless it was initialised with
 * STRHASH_COPY_KEYS. A borrowed key must stay unchanged and alive as long
 * as the table holds it; strhash_release() frees only the slots. A copied
 * key is the table's: strhash_put() copies it, strhash_release() frees it.
 * Lookups never copy, and a value's pointer (ptr) is never freed by the
 * table: what it points at is its user's.
 *
 * Pointers to a value (what strhash_find() and strhash_put() return) are
 * valid until the next strhash_put() or strhash_release(): a put may grow
 * the table and move every slot. There is no removal; nothing in parc
 * needs it. The table is never more than half full, so a probe is short.
 * Allocation failure aborts, as in sb.h. A user may walk slot[0 .. cap)
 * (an empty slot's key is NULL); the order is unspecified, so a user that
 * emits what the table holds sorts it first.
 */
#ifndef PARC_STRHASH_H
#define PARC_STRHASH_H

#include <stddef.h>
#include <stdint.h>

union strhash_val {
	size_t num;
	void *ptr;
};

struct strhash_slot {
	const char *key; /* NULL: empty */
	union strhash_val val;
};

struct strhash {
	struct strhash_slot *slot;
	size_t cap; /* 0 or a power of two */
	size_t n;   /* keys held */
	unsigned flags;
};

/* The table copies its keys and frees them in strhash_release(). */
#define STRHASH_COPY_KEYS 1u

/* An empty table borrowing its keys; strhash_init() for the flags. */
#define STRHASH_INIT          \
	{                     \
		NULL, 0, 0, 0 \
	}

/* Make h an empty table with flags (0 or STRHASH_COPY_KEYS). */
void strhash_init(struct strhash *h, unsigned flags);

/*
 * Free the slots (and the keys, if h copies them) and make h empty, with
 * the same flags; h may be filled again. strhash_release() of an empty
 * table is a no-op.
 */
void strhash_release(struct strhash *h);

/*
 * Make room for n keys in all, so that putting them does not grow the
 * table (and move its slots) again.
 */
void strhash_reserve(struct strhash *h, size_t n);

/*
 * The value of key, or NULL when the table does not hold key. The pointer
 * may be written through; it lives until the next put or release.
 */
union strhash_val *strhash_find(const struct strhash *h, const char *key);

/*
 * The value of key, adding key with the value zeroed (num 0, ptr NULL)
 * when the table does not hold it; *added (when not NULL) says 1 for added, 0
 * for found. The pointer lives until the next put or release.
 */
union strhash_val *strhash_put(struct strhash *h, const char *key, int *added);

/* The 64-bit FNV-1a hash of the NUL-terminated s. */
uint64_t strhash_fnv1a(const char *s);

#endif
