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
#include <string.h>

/* the lookups are inline (below), so xxHash is too, as everywhere here */
#ifndef XXH_INLINE_ALL
#define XXH_INLINE_ALL
#endif
#include <xxhash.h>

#include "util.h"

#define IL_HASHSET_NONE UINT32_MAX

typedef struct il_hashset_key_ {
    const uint8_t *at;
    size_t len;
} il_hashset_key_;

typedef struct il_hashset {
    uint64_t *tab;          /* slots: hash's high 32 bits << 32 | id + 1; 0 empty */
    uint32_t bits;          /* 2^bits slots (0: no table yet) */
    IL_VEC(il_hashset_key_) keys; /* per id: where its bytes are, how many */
    uint8_t *chunk;         /* where the next key goes */
    size_t chunk_left, chunk_size;
    IL_VEC(uint8_t *) chunks;
    size_t chunk_bytes;     /* sum of the chunks' sizes */
} il_hashset;

/* The id of the n bytes at key, adding a copy of them if new (*added = 1;
 * added may be NULL). */
static inline uint32_t il_hashset_add(il_hashset *s, const void *key, size_t n, int *added);
/* The id of the key, or IL_HASHSET_NONE. Never adds. */
static inline uint32_t il_hashset_find(const il_hashset *s, const void *key, size_t n);
void il_hashset_free(il_hashset *s);
/* Bytes the set holds (table, index and keys), for memory budgets. */
size_t il_hashset_bytes(const il_hashset *s);

static inline uint32_t il_hashset_count(const il_hashset *s) { return (uint32_t)s->keys.len; }
static inline const void *il_hashset_key(const il_hashset *s, uint32_t id)
{
    return s->keys.items[id].at;
}
static inline size_t il_hashset_len(const il_hashset *s, uint32_t id) { return s->keys.items[id].len; }

/* ---- the lookups, inline: in inner loops (an output interned per print
 * step, a metadata per race-pass edge) a caller's constant key length then
 * makes the hash and the comparison a few instructions ---- */

/* A slot holds the hash's high 32 bits (the tag) << 32 | id + 1, 0 empty;
 * a key's home slot is the tag's top `bits` bits (hashset.c). */
static inline uint32_t il_hashset_probe_(const il_hashset *s, const void *key, size_t n,
                                         uint64_t tag, size_t *at)
{
    size_t mask = ((size_t)1 << s->bits) - 1;
    for (size_t i = (size_t)(tag >> (32 - s->bits));; i = (i + 1) & mask) {
        uint64_t slot = s->tab[i];
        if (!slot) {
            *at = i;
            return IL_HASHSET_NONE;
        }
        uint32_t id = (uint32_t)slot - 1;
        if ((slot >> 32) == tag && s->keys.items[id].len == n &&
            (n == 0 || memcmp(s->keys.items[id].at, key, n) == 0))
            return id;
    }
}

/* The slow half of il_hashset_add: the new key's copy, at slot `at`. */
uint32_t il_hashset_insert_(il_hashset *s, const void *key, size_t n, uint64_t tag, size_t at);
/* The first table. */
void il_hashset_start_(il_hashset *s);

static inline uint32_t il_hashset_add(il_hashset *s, const void *key, size_t n, int *added)
{
    if (!s->bits) il_hashset_start_(s);
    uint64_t tag = XXH3_64bits(key, n) >> 32;
    size_t at = 0;
    uint32_t id = il_hashset_probe_(s, key, n, tag, &at);
    if (added) *added = id == IL_HASHSET_NONE;
    return id != IL_HASHSET_NONE ? id : il_hashset_insert_(s, key, n, tag, at);
}

static inline uint32_t il_hashset_find(const il_hashset *s, const void *key, size_t n)
{
    if (!s->bits) return IL_HASHSET_NONE;
    size_t at;
    return il_hashset_probe_(s, key, n, XXH3_64bits(key, n) >> 32, &at);
}

#endif
