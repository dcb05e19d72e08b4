/* Unit tests for the common hash table (include/hash.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hash.h"

/* A tiny deterministic generator, so that a failure can be replayed. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void
test_int_basic(void **state)
{
	struct hash *h = hash_new(HASH_INT, sizeof(int64_t));
	int64_t *v;
	int added;

	(void)state;
	assert_int_equal(hash_count(h), 0);
	assert_null(hash_int_get(h, 7));
	assert_int_equal(hash_int_del(h, 7), 0);
	v = hash_int_put(h, 7, &added);
	assert_int_equal(added, 1);
	assert_int_equal(*v, 0);	/* a new value is zeroed */
	*v = 70;
	v = hash_int_put(h, 7, &added);
	assert_int_equal(added, 0);
	assert_int_equal(*v, 70);
	/* Extreme and negative keys are ordinary keys. */
	*(int64_t *)hash_int_put(h, INT64_MIN, NULL) = 1;
	*(int64_t *)hash_int_put(h, INT64_MAX, NULL) = 2;
	*(int64_t *)hash_int_put(h, 0, NULL) = 3;
	*(int64_t *)hash_int_put(h, -1, NULL) = 4;
	assert_int_equal(hash_count(h), 5);
	assert_int_equal(*(int64_t *)hash_int_get(h, INT64_MIN), 1);
	assert_int_equal(*(int64_t *)hash_int_get(h, INT64_MAX), 2);
	assert_int_equal(*(int64_t *)hash_int_get(h, 0), 3);
	assert_int_equal(*(int64_t *)hash_int_get(h, -1), 4);
	assert_int_equal(hash_int_del(h, 7), 1);
	assert_null(hash_int_get(h, 7));
	assert_int_equal(hash_count(h), 4);
	hash_free(h);
	hash_free(NULL);
}

static void
test_str_basic(void **state)
{
	struct hash *h = hash_new(HASH_STR, 3);
	char key[32], *v;
	const char *k;
	size_t pos = 0, seen = 0;
	int added;

	(void)state;
	v = hash_str_put(h, "RSSMRA85T10A562S", &added);
	assert_int_equal(added, 1);
	memcpy(v, "RM", 3);
	assert_string_equal(hash_str_get(h, "RSSMRA85T10A562S"), "RM");
	assert_null(hash_str_get(h, "RSSMRA85T10A562"));
	/* The key is copied: the caller's buffer may change. */
	strcpy(key, "00743110157");
	memcpy(hash_str_put(h, key, NULL), "MI", 3);
	strcpy(key, "xxx");
	assert_string_equal(hash_str_get(h, "00743110157"), "MI");
	/* "" is a key like any other. */
	memcpy(hash_str_put(h, "", &added), "NA", 3);
	assert_int_equal(added, 1);
	assert_string_equal(hash_str_get(h, ""), "NA");
	while ((v = hash_next(h, &pos, NULL, &k)) != NULL) {
		assert_string_equal(hash_str_get(h, k), v);
		seen++;
	}
	assert_int_equal(seen, 3);
	assert_int_equal(hash_str_del(h, "00743110157"), 1);
	assert_int_equal(hash_str_del(h, "00743110157"), 0);
	assert_null(hash_str_get(h, "00743110157"));
	assert_int_equal(hash_count(h), 2);
	hash_free(h);		/* frees the remaining key copies (ASan checks) */
}

/* Growth: values survive every resize, and reserve makes room up front. */
static void
test_growth(void **state)
{
	struct hash *h = hash_new(HASH_INT, sizeof(int64_t));
	struct hash *s = hash_new(HASH_STR, 0);
	char key[32];
	int64_t i, *v;
	int added;

	(void)state;
	for (i = 0; i < 100000; i++)
		*(int64_t *)hash_int_put(h, i * 7919, NULL) = i;
	assert_int_equal(hash_count(h), 100000);
	for (i = 0; i < 100000; i++) {
		v = hash_int_get(h, i * 7919);
		assert_non_null(v);
		assert_int_equal(*v, i);
	}
	assert_null(hash_int_get(h, 1));
	hash_reserve(s, 5000);
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "k%lld", (long long)i);
		hash_str_put(s, key, &added);
		assert_int_equal(added, 1);
	}
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "k%lld", (long long)i);
		assert_non_null(hash_str_get(s, key));
	}
	assert_int_equal(hash_count(s), 5000);
	hash_free(h);
	hash_free(s);
}

/*
 * Collisions and deletion: a few hundred keys in a table kept small, so
 * that probe runs are long and wrap around the end, checked after every
 * one of many random puts and deletes against a plain array.
 */
static void
test_collisions_and_deletion(void **state)
{
	enum { KEYS = 300, OPS = 40000 };
	struct hash *h = hash_new(HASH_INT, sizeof(int64_t));
	int64_t model[KEYS], *v;
	uint64_t seed = 88172645463325252ULL;
	size_t n = 0, j;
	int i, k, added;

	(void)state;
	for (k = 0; k < KEYS; k++)
		model[k] = -1;
	for (i = 0; i < OPS; i++) {
		/* Keys that differ only in high bits collide before mixing. */
		k = (int)(rnd(&seed) % KEYS);
		int64_t key = (int64_t)((uint64_t)k << 40);

		if (rnd(&seed) % 3 == 0) {
			assert_int_equal(hash_int_del(h, key), model[k] >= 0);
			if (model[k] >= 0)
				n--;
			model[k] = -1;
		} else {
			v = hash_int_put(h, key, &added);
			assert_int_equal(added, model[k] < 0);
			if (added)
				n++;
			*v = model[k] = i;
		}
		assert_int_equal(hash_count(h), n);
		if (i % 97 == 0) {
			for (j = 0; j < KEYS; j++) {
				v = hash_int_get(h, (int64_t)((uint64_t)j << 40));
				if (model[j] < 0)
					assert_null(v);
				else {
					assert_non_null(v);
					assert_int_equal(*v, model[j]);
				}
			}
		}
	}
	hash_free(h);
}

/* Deleting during iteration: every entry seen at least once, the rest kept. */
static void
test_delete_while_iterating(void **state)
{
	struct hash *h = hash_new(HASH_INT, sizeof(int));
	int seen[2000] = { 0 };
	size_t pos = 0;
	int64_t key;
	int *v, i;

	(void)state;
	for (i = 0; i < 2000; i++)
		*(int *)hash_int_put(h, i, NULL) = i;
	while ((v = hash_next(h, &pos, &key, NULL)) != NULL) {
		assert_int_equal(*v, key);
		seen[key] = 1;
		if (key % 2 == 0)
			hash_del_at(h, &pos);
	}
	for (i = 0; i < 2000; i++) {
		assert_int_equal(seen[i], 1);
		if (i % 2 == 0)
			assert_null(hash_int_get(h, i));
		else
			assert_non_null(hash_int_get(h, i));
	}
	assert_int_equal(hash_count(h), 1000);
	hash_free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int_basic),
		cmocka_unit_test(test_str_basic),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_collisions_and_deletion),
		cmocka_unit_test(test_delete_while_iterating),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
