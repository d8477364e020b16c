/* hashset.h - a set of byte strings with dense ids: the one hash table of
 * the engine (interned strings and outputs, outcome and finding keys, the
 * race pass's accesses and metadata), except the state store (store.h),
 * which is the visited set specialised for packed states.
 *
 * Ids are 0, 1, 2, ... in insertion order, so whatever a caller numbers by
 * them does not depend on the hash. The set owns a copy of every key; a
 * key's bytes never move once added (they live in blocks that are never
 * reallocated) and are 8-aligned, so a key of words reads as words. Keys of
 * any length are followed by at least one zero byte (a string key reads as
 * a C string); a set made for keys of one size (il_hashset_fixed) keeps
 * them side by side instead, without that byte or a per-key index.
 * A zeroed il_hashset is an empty set of keys of any length;
 * il_hashset_free releases it. */
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

/* Keys of one size go in blocks of 16, 32, 64, ... keys: 2^31 in 28. */
#define IL_HASHSET_BLOCKS 28

typedef struct il_hashset {
    uint64_t *tab;          /* slots: hash's high 32 bits << 32 | id + 1; 0 empty */
    uint32_t bits;          /* 2^bits slots (0: no table yet) */
    uint32_t n;             /* keys */
    size_t fixed, stride;   /* il_hashset_fixed: each key fixed bytes, stride apart */
    uint8_t *block[IL_HASHSET_BLOCKS]; /* ... in these */
    IL_VEC(il_hashset_key_) keys; /* keys of any length: per id where, how many */
    uint8_t *chunk;         /* where the next key goes */
    size_t chunk_left, chunk_size;
    IL_VEC(uint8_t *) chunks;
    size_t chunk_bytes;     /* what the chunks and blocks take */
} il_hashset;

/* Before the first key: every key will have n (> 0) bytes. */
void il_hashset_fixed(il_hashset *s, size_t n);
/* The id of the n bytes at key, adding a copy of them if new (*added = 1;
 * added may be NULL). */
static inline uint32_t il_hashset_add(il_hashset *s, const void *key, size_t n, int *added);
/* The id of the key, or IL_HASHSET_NONE. Never adds. */
static inline uint32_t il_hashset_find(const il_hashset *s, const void *key, size_t n);
void il_hashset_free(il_hashset *s);
/* Bytes the set holds (table, index and keys), for memory budgets. */
size_t il_hashset_bytes(const il_hashset *s);

static inline uint32_t il_hashset_count(const il_hashset *s) { return s->n; }

/* Key id of a set of one key size: block b holds ids 16 (2^b - 1) on.
 * The stride is the caller's (the key size rounded up to 8), so that a
 * constant key size makes it a shift. */
static inline const uint8_t *il_hashset_fixed_key_(const il_hashset *s, uint32_t id,
                                                   size_t stride)
{
    uint32_t b = 31 - (uint32_t)__builtin_clz((id >> 4) + 1);
    return s->block[b] + (size_t)(id - (((1u << b) - 1) << 4)) * stride;
}

static inline const void *il_hashset_key(const il_hashset *s, uint32_t id)
{
    return s->fixed ? il_hashset_fixed_key_(s, id, s->stride) : s->keys.items[id].at;
}
static inline size_t il_hashset_len(const il_hashset *s, uint32_t id)
{
    return s->fixed ? s->fixed : s->keys.items[id].len;
}

/* ---- the lookups, inline: in inner loops (an output interned per print
 * step, a metadata per race-pass edge) a caller's constant key length then
 * makes the hash and the comparison a few instructions ---- */

/* A slot holds the hash's high 32 bits (the tag) << 32 | id + 1, 0 empty;
 * a key's home slot is the tag's top `bits` bits (hashset.c). */
/* A key of another size than a set of one key size has: a bug (aborts). */
_Noreturn void il_hashset_wrong_size_(const il_hashset *s, size_t n);

static inline uint32_t il_hashset_probe_(const il_hashset *s, const void *key, size_t n,
                                         uint64_t tag, size_t *at)
{
    if (s->fixed && n != s->fixed) il_hashset_wrong_size_(s, n);
    size_t mask = ((size_t)1 << s->bits) - 1;
    for (size_t i = (size_t)(tag >> (32 - s->bits));; i = (i + 1) & mask) {
        uint64_t slot = s->tab[i];
        if (!slot) {
            *at = i;
            return IL_HASHSET_NONE;
        }
        uint32_t id = (uint32_t)slot - 1;
        if ((slot >> 32) != tag) continue;
        if (s->fixed) {
            /* n is the set's key size (checked above) */
            if (memcmp(il_hashset_fixed_key_(s, id, (n + 7) & ~(size_t)7), key, n) == 0)
                return id;
        } else if (s->keys.items[id].len == n &&
                   (n == 0 || memcmp(s->keys.items[id].at, key, n) == 0)) {
            return id;
        }
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
