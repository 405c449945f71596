/*
 * strhash.c - a hash table keyed by strings, open addressing; see
 * strhash.h.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/sb.h"
#include "lib/strhash.h"

/* The smallest table that grows: most users hold hundreds of keys. */
#define STRHASH_MIN 64

uint64_t
strhash_fnv1a(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

void
strhash_init(struct strhash *h, unsigned flags)
{
	memset(h, 0, sizeof(*h));
	h->flags = flags;
}

void
strhash_release(struct strhash *h)
{
	size_t i;

	if (h->flags & STRHASH_COPY_KEYS)
		for (i = 0; i < h->cap; i++)
			free((char *)h->slot[i].key);
	free(h->slot);
	h->slot = NULL;
	h->cap = h->n = 0;
}

/* The slot of key: where it is, or the empty one where it would go. */
static size_t
slot_of(const struct strhash *h, const char *key)
{
	size_t i;

	for (i = strhash_fnv1a(key) & (h->cap - 1); h->slot[i].key != NULL;
	     i = (i + 1) & (h->cap - 1))
		if (strcmp(h->slot[i].key, key) == 0)
			break;
	return i;
}

/* Rebuild the table with cap slots (a power of two over twice n). */
static void
rehash(struct strhash *h, size_t cap)
{
	struct strhash_slot *old = h->slot;
	size_t oldcap = h->cap, i, j;

	h->slot = xcalloc(cap, sizeof(*h->slot));
	h->cap = cap;
	for (j = 0; j < oldcap; j++) {
		if (old[j].key == NULL)
			continue;
		/* The keys are distinct: the first empty slot is theirs. */
		for (i = strhash_fnv1a(old[j].key) & (cap - 1);
		     h->slot[i].key != NULL; i = (i + 1) & (cap - 1))
			;
		h->slot[i] = old[j];
	}
	free(old);
}

void
strhash_reserve(struct strhash *h, size_t n)
{
	size_t cap = h->cap ? h->cap : STRHASH_MIN;

	while (n * 2 > cap)
		cap *= 2;
	if (cap != h->cap)
		rehash(h, cap);
}

union strhash_val *
strhash_find(const struct strhash *h, const char *key)
{
	size_t i;

	if (h->cap == 0)
		return NULL;
	i = slot_of(h, key);
	return h->slot[i].key != NULL ? &h->slot[i].val : NULL;
}

union strhash_val *
strhash_put(struct strhash *h, const char *key, int *added)
{
	size_t i;

	if (h->cap == 0 || (h->n + 1) * 2 > h->cap)
		strhash_reserve(h, h->n + 1);
	i = slot_of(h, key);
	if (added != NULL)
		*added = h->slot[i].key == NULL;
	if (h->slot[i].key == NULL) {
		h->slot[i].key =
		    h->flags & STRHASH_COPY_KEYS ? xstrdup(key) : key;
		memset(&h->slot[i].val, 0, sizeof(h->slot[i].val));
		h->n++;
	}
	return &h->slot[i].val;
}
