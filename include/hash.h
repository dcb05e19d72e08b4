/*
 * hash: the one hash table of the project.  Keys are 64-bit integers or
 * strings (a table holds one kind, chosen at hash_new); each key has a
 * value of a fixed size, stored inline in the table and zeroed when the
 * key is added.  Open addressing with linear probing, at most two thirds full;
 * deletion shifts the following entries back (no tombstones).
 *
 * Ownership: the table owns its slots and its copies of string keys; what
 * a value points to stays the caller's.  A value pointer returned by a
 * lookup is valid until the next put, reserve or delete on the table.
 * Memory runs out as for xmalloc (the program stops): nothing here fails.
 */
#ifndef INFOCIG_HASH_H
#define INFOCIG_HASH_H

#include <stddef.h>
#include <stdint.h>

enum hash_keys { HASH_INT, HASH_STR };

struct hash;

/* An empty table of keys of that kind, each with value_size bytes (may be 0). */
struct hash *hash_new(enum hash_keys kind, size_t value_size);
/* Frees the table and its key copies; hash_free(NULL) does nothing. */
void hash_free(struct hash *h);
/* Number of keys. */
size_t hash_count(const struct hash *h);
/* Makes room for n keys in all, so that adding up to n moves nothing. */
void hash_reserve(struct hash *h, size_t n);

/*
 * The value of key, or NULL when key is absent.  Integer keys: any int64_t.
 * String keys: any NUL-terminated string, "" included.
 */
void *hash_int_get(const struct hash *h, int64_t key);
void *hash_str_get(const struct hash *h, const char *key);
/*
 * The value of key, added zeroed when absent; *added (when not NULL) says
 * which.  A string key is copied.
 */
void *hash_int_put(struct hash *h, int64_t key, int *added);
void *hash_str_put(struct hash *h, const char *key, int *added);
/* Removes key: 1 when it was there, 0 when not. */
int hash_int_del(struct hash *h, int64_t key);
int hash_str_del(struct hash *h, const char *key);

/*
 * Iteration: start with *pos = 0; each call returns the next value and its
 * key (ikey for an integer table, skey for a string one; either may be
 * NULL), or NULL at the end.  Nothing may be added meanwhile.  The entry
 * just returned may be removed with hash_del_at, which rewinds *pos so that
 * the entry shifted into its place is not missed; an entry may then be
 * returned twice, never skipped.
 */
void *hash_next(const struct hash *h, size_t *pos, int64_t *ikey, const char **skey);
void hash_del_at(struct hash *h, size_t *pos);

#endif
