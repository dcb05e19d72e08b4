/*
 * The project's hash table (include/hash.h): open addressing, linear
 * probing, at most two thirds full, backward-shift deletion.  A slot holds
 * the key and the value together, so that a lookup touches one cache line
 * (and one word of the bitmap of used slots).
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "hash.h"

#define MIN_SLOTS 16

/*
 * A slot: the key (int64_t, or char * with its hash after it) then the
 * value, 8-aligned.  Which slots are used is a bitmap beside them, so that
 * an integer set costs 8 bytes a slot.
 */
struct hash {
	enum hash_keys kind;
	size_t value_size;
	size_t keysize;		/* 8, or 16 for a string and its hash */
	size_t stride;		/* bytes per slot */
	size_t nslots;		/* power of two, or 0 before the first put */
	size_t n;
	unsigned char *slots;
	uint64_t *used;		/* one bit per slot */
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
	return x;
}

static uint64_t
hash_of_str(const char *s)
{
	uint64_t h = 14695981039346656037ULL;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return mix(h);
}

static unsigned char *
slot_at(const struct hash *h, size_t i)
{
	return h->slots + i * h->stride;
}

static int
is_used(const struct hash *h, size_t i)
{
	return (h->used[i / 64] >> (i % 64)) & 1;
}

static void
set_used(struct hash *h, size_t i, int on)
{
	if (on)
		h->used[i / 64] |= 1ULL << (i % 64);
	else
		h->used[i / 64] &= ~(1ULL << (i % 64));
}

static int64_t
int_key(const unsigned char *slot)
{
	int64_t k;

	memcpy(&k, slot, sizeof k);
	return k;
}

static char *
str_key(const unsigned char *slot)
{
	char *k;

	memcpy(&k, slot, sizeof k);
	return k;
}

static uint64_t
str_hash(const unsigned char *slot)
{
	uint64_t v;

	memcpy(&v, slot + sizeof(char *), sizeof v);
	return v;
}

/* The hash of the key held in a used slot. */
static uint64_t
slot_hash(const struct hash *h, const unsigned char *slot)
{
	return h->kind == HASH_INT ? mix((uint64_t)int_key(slot)) : str_hash(slot);
}

static void *
value_of(const struct hash *h, unsigned char *slot)
{
	return slot + h->keysize;
}

struct hash *
hash_new(enum hash_keys kind, size_t value_size)
{
	struct hash *h = xcalloc(1, sizeof *h);

	h->kind = kind;
	h->value_size = value_size;
	h->keysize = kind == HASH_INT ? sizeof(int64_t) : sizeof(char *) + sizeof(uint64_t);
	h->stride = h->keysize + ((value_size + 7) & ~(size_t)7);
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
			if (is_used(h, i))
				free(str_key(slot_at(h, i)));
	free(h->slots);
	free(h->used);
	free(h);
}

size_t
hash_count(const struct hash *h)
{
	return h->n;
}

/*
 * The index of the key (with hash hv), or of the free slot where it would
 * go; the table has at least one free slot.  Inlined: a lookup is on the
 * daemon's delivery path.
 */
static inline __attribute__((always_inline)) size_t
find_int(const struct hash *h, uint64_t hv, int64_t key)
{
	size_t mask = h->nslots - 1, i = (size_t)hv & mask;

	while (is_used(h, i) && int_key(slot_at(h, i)) != key)
		i = (i + 1) & mask;
	return i;
}

static size_t
find_str(const struct hash *h, uint64_t hv, const char *key)
{
	size_t mask = h->nslots - 1, i = (size_t)hv & mask;
	const unsigned char *s;

	for (; is_used(h, i); i = (i + 1) & mask) {
		s = slot_at(h, i);
		if (str_hash(s) == hv && strcmp(str_key(s), key) == 0)
			break;
	}
	return i;
}

/* find_int or find_str, as the table's keys are. */
static size_t
find(const struct hash *h, uint64_t hv, int64_t ik, const char *sk)
{
	return h->kind == HASH_INT ? find_int(h, hv, ik) : find_str(h, hv, sk);
}

static void
resize(struct hash *h, size_t nslots)
{
	unsigned char *old = h->slots;
	uint64_t *oldused = h->used;
	size_t oldn = h->nslots, i, mask = nslots - 1, j;
	const unsigned char *s;

	h->slots = xcalloc(nslots, h->stride);
	h->used = xcalloc((nslots + 63) / 64, sizeof *h->used);
	h->nslots = nslots;
	for (i = 0; i < oldn; i++) {
		if (!((oldused[i / 64] >> (i % 64)) & 1))
			continue;
		s = old + i * h->stride;
		for (j = (size_t)slot_hash(h, s) & mask; is_used(h, j); j = (j + 1) & mask)
			;
		memcpy(slot_at(h, j), s, h->stride);
		set_used(h, j, 1);
	}
	free(old);
	free(oldused);
}

/* At most two thirds full: linear probing stays short. */
void
hash_reserve(struct hash *h, size_t n)
{
	size_t want = h->nslots ? h->nslots : MIN_SLOTS;

	while (want / 3 * 2 < n + 1)
		want *= 2;
	if (want != h->nslots)
		resize(h, want);
}

void *
hash_int_get(const struct hash *h, int64_t key)
{
	size_t i;

	if (h->n == 0)
		return NULL;
	i = find_int(h, mix((uint64_t)key), key);
	return is_used(h, i) ? value_of(h, slot_at(h, i)) : NULL;
}

void *
hash_str_get(const struct hash *h, const char *key)
{
	size_t i;

	if (h->n == 0)
		return NULL;
	i = find_str(h, hash_of_str(key), key);
	return is_used(h, i) ? value_of(h, slot_at(h, i)) : NULL;
}

static void *
put(struct hash *h, uint64_t hv, int64_t ik, const char *sk, int *added)
{
	unsigned char *s;
	char *copy;
	size_t i;

	if (h->nslots == 0 || (h->n + 1) > h->nslots / 3 * 2)
		hash_reserve(h, h->n + 1);
	i = find(h, hv, ik, sk);
	s = slot_at(h, i);
	if (added != NULL)
		*added = !is_used(h, i);
	if (!is_used(h, i)) {
		if (h->kind == HASH_INT) {
			memcpy(s, &ik, sizeof ik);
		} else {
			copy = xstrdup(sk);
			memcpy(s, &copy, sizeof copy);
			memcpy(s + sizeof copy, &hv, sizeof hv);
		}
		memset(value_of(h, s), 0, h->stride - h->keysize);
		set_used(h, i, 1);
		h->n++;
	}
	return value_of(h, s);
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

	if (h->kind == HASH_STR)
		free(str_key(slot_at(h, i)));
	for (;;) {
		j = (j + 1) & mask;
		if (!is_used(h, j))
			break;
		home = (size_t)slot_hash(h, slot_at(h, j)) & mask;
		/* Stays when its home lies cyclically in (i, j]. */
		if (i <= j ? (home > i && home <= j) : (home > i || home <= j))
			continue;
		memcpy(slot_at(h, i), slot_at(h, j), h->stride);
		i = j;
	}
	set_used(h, i, 0);
	h->n--;
}

int
hash_int_del(struct hash *h, int64_t key)
{
	size_t i;

	if (h->n == 0)
		return 0;
	i = find_int(h, mix((uint64_t)key), key);
	if (!is_used(h, i))
		return 0;
	remove_at(h, i);
	return 1;
}

int
hash_str_del(struct hash *h, const char *key)
{
	size_t i;

	if (h->n == 0)
		return 0;
	i = find_str(h, hash_of_str(key), key);
	if (!is_used(h, i))
		return 0;
	remove_at(h, i);
	return 1;
}

void *
hash_next(const struct hash *h, size_t *pos, int64_t *ikey, const char **skey)
{
	unsigned char *s;

	for (; *pos < h->nslots; (*pos)++) {
		if (!is_used(h, *pos))
			continue;
		s = slot_at(h, *pos);
		(*pos)++;
		if (ikey != NULL)
			*ikey = h->kind == HASH_INT ? int_key(s) : 0;
		if (skey != NULL)
			*skey = h->kind == HASH_STR ? str_key(s) : NULL;
		return value_of(h, s);
	}
	return NULL;
}

void
hash_del_at(struct hash *h, size_t *pos)
{
	if (*pos == 0 || *pos > h->nslots || !is_used(h, *pos - 1))
		return;
	(*pos)--;
	remove_at(h, *pos);
}
