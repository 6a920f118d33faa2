/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hash.h - intrusive chained hash table with 64-bit keys.
 *
 * Tables are sized from the element count when it is known (power of two,
 * load <= 1) and double when they fill up otherwise (DWARF indexes), so
 * lookups stay O(1) on a whole vmlinux.o.  Users embed a struct hnode,
 * compute the key (hash_str() for names) and compare the real key while
 * walking a bucket with hash_for_each_possible().
 */
#ifndef CDO_HASH_H
#define CDO_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif

struct hnode {
	struct hnode *next;
	uint64_t key;
};

struct hash {
	struct hnode **buckets;
	size_t mask;
	size_t nr;
};

/* FNV-1a: simple, fast enough, good spread on symbol names. */
#define HASH_SEED 0xcbf29ce484222325ULL

/* h extended by n bytes at p; start from HASH_SEED. */
static inline uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ ((const unsigned char *)p)[i]) * 0x100000001b3ULL;
	return h;
}

static inline uint64_t hash_str(const char *s)
{
	return hash_bytes(HASH_SEED, s, strlen(s));
}

static inline uint64_t hash_u64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

static inline int hash_init(struct hash *h, size_t count)
{
	size_t n = 16;

	while (n < count)
		n <<= 1;
	h->buckets = calloc(n, sizeof(*h->buckets));
	if (!h->buckets)
		return -1;
	h->mask = n - 1;
	h->nr = 0;
	return 0;
}

static inline void hash_free(struct hash *h)
{
	free(h->buckets);
	h->buckets = NULL;
}

static inline void hash_insert(struct hnode **buckets, size_t mask, struct hnode *n)
{
	struct hnode **b = &buckets[hash_u64(n->key) & mask];

	n->next = *b;
	*b = n;
}

/* Double the table; on allocation failure keep the old one (just slower). */
static inline void hash_grow(struct hash *h)
{
	size_t size = (h->mask + 1) * 2, i;
	struct hnode **nb = calloc(size, sizeof(*nb));

	if (!nb)
		return;
	for (i = 0; i <= h->mask; i++) {
		while (h->buckets[i]) {
			struct hnode *n = h->buckets[i];

			h->buckets[i] = n->next;
			hash_insert(nb, size - 1, n);
		}
	}
	free(h->buckets);
	h->buckets = nb;
	h->mask = size - 1;
}

static inline void hash_add(struct hash *h, struct hnode *n, uint64_t key)
{
	if (++h->nr > h->mask + 1)
		hash_grow(h);
	n->key = key;
	hash_insert(h->buckets, h->mask, n);
}

#define hash_for_each_possible(h, n, k) \
	for ((n) = (h)->buckets ? (h)->buckets[hash_u64(k) & (h)->mask] : NULL; \
	     (n); (n) = (n)->next) \
		if ((n)->key == (k))

#endif
