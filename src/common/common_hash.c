/*
 * The project's hash table (include/hash.h): open addressing, linear
 * probing, at most half full, backward-shift deletion.  Each slot is a
 * header (the key's hash with its top bit set, 0 for a free slot, and the
 * key) followed by the value, so that a lookup touches one cache line.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "hash.h"

#define USED (1ULL << 63)	/* set in every used slot's hash */
#define MIN_SLOTS 16

struct slot {
	uint64_t h;		/* hash | USED; 0: free */
	union {
		int64_t i;
		char *s;
	} k;
	/* value_size bytes follow, 8-aligned */
};

struct hash {
	enum hash_keys kind;
	size_t value_size;
	size_t stride;		/* bytes per slot */
	size_t nslots;		/* power of two, or 0 before the first put */
	size_t n;
	unsigned char *slots;
};

/* splitmix64's finaliser: every key bit reaches the low bits used as index. */
static uint64_t
mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x | USED;
}

static uint64_t
hash_of_str(const char *s)
{
	uint64_t h = 14695981039346656037ULL;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return mix(h);
}

static struct slot *
slot_at(const struct hash *h, size_t i)
{
	return (struct slot *)(h->slots + i * h->stride);
}

static void *
value_of(struct slot *s)
{
	return s + 1;
}

struct hash *
hash_new(enum hash_keys kind, size_t value_size)
{
	struct hash *h = xcalloc(1, sizeof *h);

	h->kind = kind;
	h->value_size = value_size;
	h->stride = sizeof(struct slot) + ((value_size + 7) & ~(size_t)7);
	return h;
}

void
hash_free(struct hash *h)
{
	size_t i;

	if (h == NULL)
		return;
	if (h->kind == HASH_STR)
		for (i = 0; i < h->nslots; i++)
			if (slot_at(h, i)->h != 0)
				free(slot_at(h, i)->k.s);
	free(h->slots);
	free(h);
}

size_t
hash_count(const struct hash *h)
{
	return h->n;
}

/*
 * The slot of the key with hash hv (integer ik or string sk), or the free
 * slot where it would go.  The table has at least one free slot.
 */
static struct slot *
find(const struct hash *h, uint64_t hv, int64_t ik, const char *sk)
{
	size_t mask = h->nslots - 1, i = (size_t)hv & mask;
	struct slot *s;

	for (;; i = (i + 1) & mask) {
		s = slot_at(h, i);
		if (s->h == 0)
			return s;
		if (s->h == hv && (h->kind == HASH_INT ? s->k.i == ik : strcmp(s->k.s, sk) == 0))
			return s;
	}
}

static void
resize(struct hash *h, size_t nslots)
{
	unsigned char *old = h->slots;
	size_t oldn = h->nslots, i, mask = nslots - 1, j;
	struct slot *s;

	h->slots = xcalloc(nslots, h->stride);
	h->nslots = nslots;
	for (i = 0; i < oldn; i++) {
		s = (struct slot *)(old + i * h->stride);
		if (s->h == 0)
			continue;
		for (j = (size_t)s->h & mask; slot_at(h, j)->h != 0; j = (j + 1) & mask)
			;
		memcpy(slot_at(h, j), s, h->stride);
	}
	free(old);
}

void
hash_reserve(struct hash *h, size_t n)
{
	size_t want = h->nslots ? h->nslots : MIN_SLOTS;

	while (want < n * 2 + 1)
		want *= 2;
	if (want != h->nslots)
		resize(h, want);
}

void *
hash_int_get(const struct hash *h, int64_t key)
{
	struct slot *s;

	if (h->n == 0)
		return NULL;
	s = find(h, mix((uint64_t)key), key, NULL);
	return s->h != 0 ? value_of(s) : NULL;
}

void *
hash_str_get(const struct hash *h, const char *key)
{
	struct slot *s;

	if (h->n == 0)
		return NULL;
	s = find(h, hash_of_str(key), 0, key);
	return s->h != 0 ? value_of(s) : NULL;
}

static void *
put(struct hash *h, uint64_t hv, int64_t ik, const char *sk, int *added)
{
	struct slot *s;

	if ((h->n + 1) * 2 > h->nslots)
		hash_reserve(h, h->n + 1);
	s = find(h, hv, ik, sk);
	if (added != NULL)
		*added = s->h == 0;
	if (s->h == 0) {
		s->h = hv;
		if (h->kind == HASH_INT)
			s->k.i = ik;
		else
			s->k.s = xstrdup(sk);
		memset(value_of(s), 0, h->stride - sizeof *s);
		h->n++;
	}
	return value_of(s);
}

void *
hash_int_put(struct hash *h, int64_t key, int *added)
{
	return put(h, mix((uint64_t)key), key, NULL, added);
}

void *
hash_str_put(struct hash *h, const char *key, int *added)
{
	return put(h, hash_of_str(key), 0, key, added);
}

/*
 * Empties slot i and moves back the entries after it that probing would
 * no longer find, so that no free slot sits inside a probe run.
 */
static void
remove_at(struct hash *h, size_t i)
{
	size_t mask = h->nslots - 1, j = i, home;
	struct slot *s;

	if (h->kind == HASH_STR)
		free(slot_at(h, i)->k.s);
	for (;;) {
		j = (j + 1) & mask;
		s = slot_at(h, j);
		if (s->h == 0)
			break;
		home = (size_t)s->h & mask;
		/* Stays when its home lies cyclically in (i, j]. */
		if (i <= j ? (home > i && home <= j) : (home > i || home <= j))
			continue;
		memcpy(slot_at(h, i), s, h->stride);
		i = j;
	}
	slot_at(h, i)->h = 0;
	h->n--;
}

int
hash_int_del(struct hash *h, int64_t key)
{
	struct slot *s;

	if (h->n == 0)
		return 0;
	s = find(h, mix((uint64_t)key), key, NULL);
	if (s->h == 0)
		return 0;
	remove_at(h, (size_t)((unsigned char *)s - h->slots) / h->stride);
	return 1;
}

int
hash_str_del(struct hash *h, const char *key)
{
	struct slot *s;

	if (h->n == 0)
		return 0;
	s = find(h, hash_of_str(key), 0, key);
	if (s->h == 0)
		return 0;
	remove_at(h, (size_t)((unsigned char *)s - h->slots) / h->stride);
	return 1;
}

void *
hash_next(const struct hash *h, size_t *pos, int64_t *ikey, const char **skey)
{
	struct slot *s;

	for (; *pos < h->nslots; (*pos)++) {
		s = slot_at(h, *pos);
		if (s->h == 0)
			continue;
		(*pos)++;
		if (ikey != NULL)
			*ikey = h->kind == HASH_INT ? s->k.i : 0;
		if (skey != NULL)
			*skey = h->kind == HASH_STR ? s->k.s : NULL;
		return value_of(s);
	}
	return NULL;
}

void
hash_del_at(struct hash *h, size_t *pos)
{
	if (*pos == 0 || *pos > h->nslots || slot_at(h, *pos - 1)->h == 0)
		return;
	(*pos)--;
	remove_at(h, *pos);
}
