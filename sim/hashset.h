/* hashset.h - a set of byte strings with dense ids: the one hash table of
 * the engine (interned strings and outputs, outcome and finding keys, the
 * race pass's accesses and metadata), except the state store (store.h),
 * which is the visited set specialised for packed states.
 *
 * Ids are 0, 1, 2, ... in insertion order, so whatever a caller numbers by
 * them does not depend on the hash. The set owns a copy of every key; a
 * key's bytes never move once added (they live in chunks that are never
 * reallocated), are 8-aligned, and are followed by at least one zero byte,
 * so a string key reads as a C string and a key of words as words.
 * A zeroed il_hashset is an empty set; il_hashset_free releases it. */
#ifndef IL_HASHSET_H
#define IL_HASHSET_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define IL_HASHSET_NONE UINT32_MAX

typedef struct il_hashset {
    uint64_t *tab;          /* slots: hash's high 32 bits << 32 | id + 1; 0 empty */
    uint32_t bits;          /* 2^bits slots (0: no table yet) */
    IL_VEC(const uint8_t *) keys; /* per id: its bytes */
    IL_VEC(uint32_t) lens;  /* per id: its length in bytes */
    uint8_t *chunk;         /* where the next key goes */
    size_t chunk_left, chunk_size;
    IL_VEC(uint8_t *) chunks;
    size_t chunk_bytes;     /* sum of the chunks' sizes */
} il_hashset;

/* The id of the n bytes at key, adding a copy of them if new (*added = 1;
 * added may be NULL). */
uint32_t il_hashset_add(il_hashset *s, const void *key, size_t n, int *added);
/* The id of the key, or IL_HASHSET_NONE. Never adds. */
uint32_t il_hashset_find(const il_hashset *s, const void *key, size_t n);
void il_hashset_free(il_hashset *s);
/* Bytes the set holds (table, index and keys), for memory budgets. */
size_t il_hashset_bytes(const il_hashset *s);

static inline uint32_t il_hashset_count(const il_hashset *s) { return (uint32_t)s->keys.len; }
static inline const void *il_hashset_key(const il_hashset *s, uint32_t id)
{
    return s->keys.items[id];
}
static inline size_t il_hashset_len(const il_hashset *s, uint32_t id) { return s->lens.items[id]; }

#endif
