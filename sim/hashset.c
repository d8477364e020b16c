/* hashset.c - the engine's hash set (hashset.h).
 *
 * Open addressing with linear probing, as the state store's table
 * (store.c): a uint64 slot holds the key's xxHash high 32 bits and id + 1,
 * and a key's home slot is the hash's top `bits` bits. A probe compares the
 * tag before reading the key, so a miss or a crowded run rarely touches key
 * bytes; and since the home slot comes from bits the slot keeps, doubling
 * moves slots without hashing a key again (the metadata keys of the race
 * pass are hundreds of bytes). Grown at half full: the sets are small next
 * to the state store, and their lookups are in inner loops (an output
 * interned per print step, a metadata per race-pass edge), so the lookups
 * are inline, in hashset.h, and only inserting and growing are here.
 * Keys of any length go into zeroed chunks (256 bytes doubling to 1 MiB,
 * or one key's size) that never move, each key at an 8-aligned place with
 * a zero byte after it, found through a per-id index. Keys of one size
 * (il_hashset_fixed: an output's 8 bytes, an access's 16) need neither:
 * block b of 16 << b keys starts at id 16 (2^b - 1), so the id says where
 * its key is. */
#include "hashset.h"

#include <stdio.h>
#include <string.h>

#define FIRST_BITS 6
#define FIRST_CHUNK 256
#define MAX_CHUNK ((size_t)1 << 20)
/* ids fit in the slot's 32 bits with room for the + 1, and 2^bits slots
 * (at most twice the ids) in a table the tags can address */
#define MAX_IDS ((uint32_t)1 << 31)

static inline size_t home(uint64_t tag, uint32_t bits) { return (size_t)(tag >> (32 - bits)); }

static void grow(il_hashset *s)
{
    uint32_t bits = s->bits ? s->bits + 1 : FIRST_BITS;
    size_t cap = (size_t)1 << bits, mask = cap - 1;
    uint64_t *tab = il_xcalloc(cap, sizeof(uint64_t));
    size_t old = s->bits ? (size_t)1 << s->bits : 0;
    for (size_t j = 0; j < old; j++) {
        uint64_t slot = s->tab[j];
        if (!slot) continue;
        size_t i = home(slot >> 32, bits);
        while (tab[i]) i = (i + 1) & mask;
        tab[i] = slot;
    }
    il_free(s->tab);
    s->tab = tab;
    s->bits = bits;
}

/* A home for n bytes and a zero after them, 8-aligned. */
static uint8_t *place(il_hashset *s, size_t n)
{
    size_t need = (n + 8) & ~(size_t)7;
    if (need > s->chunk_left) {
        size_t size = s->chunk_size ? s->chunk_size * 2 : FIRST_CHUNK;
        if (size > MAX_CHUNK) size = MAX_CHUNK;
        s->chunk_size = size;
        if (size < need) size = need; /* a key larger than a chunk: its own */
        s->chunk = il_xcalloc(1, size);
        s->chunk_left = size;
        s->chunk_bytes += size;
        IL_VEC_PUSH(s->chunks, s->chunk);
    }
    uint8_t *p = s->chunk;
    s->chunk += need;
    s->chunk_left -= need;
    return p;
}

void il_hashset_start_(il_hashset *s) { grow(s); }

void il_hashset_fixed(il_hashset *s, size_t n)
{
    if (s->n || !n) {
        fprintf(stderr, "interleave: internal error: il_hashset_fixed on a used set or for 0 bytes\n");
        abort();
    }
    s->fixed = n;
    s->stride = (n + 7) & ~(size_t)7;
}

void il_hashset_wrong_size_(const il_hashset *s, size_t n)
{
    fprintf(stderr, "interleave: internal error: a %zu-byte key in a set of %zu-byte keys\n", n,
            s->fixed);
    abort();
}

/* The place of key id in a set of one key size, its block made if new. */
static uint8_t *fixed_place(il_hashset *s, uint32_t id)
{
    uint32_t b = 31 - (uint32_t)__builtin_clz((id >> 4) + 1);
    if (!s->block[b]) {
        size_t size = ((size_t)16 << b) * s->stride;
        s->block[b] = il_xmalloc(size);
        s->chunk_bytes += size;
    }
    return (uint8_t *)il_hashset_fixed_key_(s, id, s->stride);
}

uint32_t il_hashset_insert_(il_hashset *s, const void *key, size_t n, uint64_t tag, size_t at)
{
    uint32_t id = s->n;
    if (id >= MAX_IDS || n > SIZE_MAX / 2) il_out_of_memory("hash set");
    if (s->fixed) {
        memcpy(fixed_place(s, id), key, n); /* n checked by the probe */
    } else {
        uint8_t *p = place(s, n);
        if (n) memcpy(p, key, n);
        il_hashset_key_ k = {p, n};
        IL_VEC_PUSH(s->keys, k);
    }
    s->n++;
    s->tab[at] = tag << 32 | ((uint64_t)id + 1);
    if ((size_t)s->n * 2 > (size_t)1 << s->bits) grow(s);
    return id;
}

void il_hashset_free(il_hashset *s)
{
    for (size_t i = 0; i < s->chunks.len; i++) il_free(s->chunks.items[i]);
    for (size_t b = 0; b < IL_HASHSET_BLOCKS; b++) il_free(s->block[b]);
    il_free(s->chunks.items);
    il_free(s->keys.items);
    il_free(s->tab);
    memset(s, 0, sizeof *s);
}

size_t il_hashset_bytes(const il_hashset *s)
{
    size_t tab = s->bits ? ((size_t)8 << s->bits) : 0;
    return tab + s->keys.cap * sizeof(il_hashset_key_) + s->chunks.cap * sizeof(uint8_t *) +
           s->chunk_bytes;
}
