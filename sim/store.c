/* store.c - the state store (store.h).
 *
 * Packing (little-endian values): a header of one bit per 8-byte word, set
 * when the word is non-zero, then for each non-zero word a mask byte (bit i
 * set when byte i is non-zero) and its non-zero bytes, low to high. A zero
 * word costs one bit, a small value two bytes: the states of lost_update_6
 * (256 bytes, 32 words, about half of them zero) pack to 40.5 bytes on
 * average, against 52.5 with a mask byte for every word (the first form
 * tried), and pack + hash took 45 ns instead of 58 (its first million
 * states, packed in a loop; an SSSE3 pshufb compress gained 5 ns more, not
 * worth a second code path).
 * The encoding is canonical (equal states, equal bytes; the header's spare
 * bits are 0) and, for a fixed state size, self-delimiting: a decoder reads
 * exactly the words the header names, so no encoding is a proper prefix of
 * another, and memcmp over the candidate's length finds a difference within
 * the shorter one.
 *
 * Chunks. Packed states are appended, 4-byte aligned, to chunks that are
 * allocated once and never move (64 KiB doubling to 4 MiB, so a small model
 * holds little). A state goes into a chunk only if max_packed + 8 bytes are
 * left from where it starts: a memcmp over the longest candidate, or the
 * 8-byte reads of the unpacker, never leave the allocation, and chunks are
 * zeroed when allocated, so what they read past a state is never
 * uninitialised.
 * Where a state is: a uint32 in 4-byte units, chunk number << (chunk_log - 2)
 * | offset / 4, so 16 GiB of packed states can be addressed with 4 bytes a
 * state (1.5 bytes of alignment padding on average; a byte offset would need
 * 5 bytes and two loads, for less than a byte saved). The index is itself in
 * blocks of 4096 ids, so it never moves either and compact mode can free it
 * with the chunks.
 *
 * The visited set. Exact mode: uint64 slots, the hash's high 32 bits << 32 |
 * id + 1 (0 = empty), linear probing from pos = h >> (64 - bits). Because
 * the position comes from the high bits, which the slot keeps, doubling
 * re-inserts slots without reading a state or keeping its hash; and walking
 * the old table in order writes the new one almost sequentially. A probe
 * compares the tag before touching the stored bytes; the top `bits` bits of
 * the tag say the home position, which the neighbours in a probe run rarely
 * share, so a false tag match needs the other 32 - bits bits to agree.
 * Compact mode: 12-byte slots {64-bit fingerprint, id + 1} (16-byte ones were
 * no faster), 0 = empty in the id field, so every 64-bit hash value is a
 * valid fingerprint and the birthday bound holds as stated. */
#include "store.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "util.h"

#define INDEX_LOG 12          /* ids per index block: 4096 (16 KiB) */
#define CHUNK_LOG 22          /* chunks grow to 4 MiB... */
#define FIRST_CHUNK_LOG 16    /* ...from 64 KiB */
#define TAB_FIRST_BITS 8      /* 256 slots to start with */
/* Grow at 7/10 full: on lost_update_6 (bench/store_bench.c) growing at 1/2
 * doubles the table (70.6 bytes a state instead of 57.4) for no speed-up
 * that stood out of the noise; linear probing's expected probes for a miss,
 * (1 + 1 / (1 - a)^2) / 2, are 2.5 at a = 1/2, 6 at 7/10 and 13 at 8/10, and
 * 6 uint64 slots are still one or two cache lines. */
#define LOAD_NUM 7
#define LOAD_DEN 10

typedef struct cslot {
    uint32_t fp[2]; /* the 64-bit fingerprint, as two halves: 4-byte aligned */
    uint32_t id1;   /* id + 1; 0 = empty */
} cslot;

struct il_store {
    size_t S, W;           /* state size in bytes, in words */
    int compact;
    size_t max_packed;     /* the longest encoding: W / 8 + W + S bytes */
    uint8_t *scratch;      /* max_packed + 8: the candidate, packed */
    uint8_t *batch;        /* il_store_intern_many: batch_cap packed candidates */
    uint64_t *batch_h;
    size_t *batch_len;
    uint32_t batch_cap;
    uint32_t n;            /* states stored */
    /* packed bytes */
    unsigned chunk_log;    /* a chunk's address range: 2^chunk_log bytes */
    unsigned first_log;    /* the first chunk's size: 2^first_log bytes */
    uint32_t max_chunks;   /* chunks a uint32 of 4-byte units can address */
    uint8_t **chunks;      /* max_chunks pointers; NULL: not yet, or released */
    uint32_t *chunk_first; /* the first id in each chunk */
    uint32_t nchunks;      /* allocated so far; the last one is being filled */
    size_t used;           /* bytes used in the last chunk */
    uint32_t released;     /* chunks [0, released) are freed (compact mode) */
    uint32_t first_kept;   /* states below have no bytes any more */
    /* index: id -> offset in 4-byte units */
    uint32_t **index;
    size_t index_cap;      /* pointers in index */
    size_t held;           /* bytes of chunks and index blocks held now */
    /* the visited set */
    void *tab;             /* uint64_t[cap] (exact) or cslot[cap] (compact) */
    unsigned bits;         /* cap = 2^bits */
    size_t grow_at;
};

/* ---- big blocks ---------------------------------------------------------- */

#define HUGE_PAGE ((size_t)2 << 20)

/* Zeroed memory for the table and the chunks. Blocks of 2 MiB and more are
 * mapped 2 MiB-aligned and marked for transparent huge pages: lookups are
 * random reads over hundreds of MB, and with 4 KiB pages nearly every one
 * is a TLB miss on top of a cache miss. */
static void *big_alloc(size_t n)
{
    if (n < HUGE_PAGE) return il_xcalloc(1, n);
    size_t len = n + HUGE_PAGE;
    uint8_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        char what[64];
        snprintf(what, sizeof what, "allocating %zu bytes", n);
        il_out_of_memory(what);
    }
    uint8_t *a = (uint8_t *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    if (a > p) munmap(p, (size_t)(a - p));
    size_t tail = (size_t)(p + len - (a + n));
    if (tail) munmap(a + n, tail);
#ifdef MADV_HUGEPAGE
    madvise(a, n, MADV_HUGEPAGE);
#endif
    return a;
}

static void big_free(void *p, size_t n)
{
    if (!p) return;
    if (n < HUGE_PAGE) il_free(p);
    else munmap(p, n);
}

/* ---- packing ------------------------------------------------------------ */

static inline uint64_t load_le(const uint8_t *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

static inline void store_le(uint8_t *p, uint64_t w)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    memcpy(p, &w, 8);
}

/* Bit i set when byte i of w is non-zero: the high bit of each byte of t
 * is set when the byte is (its low 7 bits plus 0x7f carry into it, or it
 * was set already), and the multiply gathers the eight high bits into the
 * top byte (bit 8k + 7 lands on 56 + k; no two products meet or carry). */
static inline unsigned nonzero_bytes(uint64_t w)
{
    const uint64_t lo7 = 0x7f7f7f7f7f7f7f7full;
    uint64_t t = (((w & lo7) + lo7) | w) & ~lo7;
    return (unsigned)(((t >> 7) * 0x0102040810204080ull) >> 56);
}

/* Packs W words of s into out (room for max_packed + 8: a small value is
 * written 8 bytes at a time). Returns the length. The header's bits are
 * set as the words go by, 64 at a time, and written byte by byte, so the
 * payload's 8-byte writes (which start past it) never meet it. */
static size_t pack(size_t W, const uint8_t *s, uint8_t *out)
{
    size_t hb = (W + 7) / 8;
    uint8_t *o = out + hb;
    for (size_t g = 0; g < W; g += 64) {
        size_t end = W - g < 64 ? W : g + 64;
        uint64_t bits = 0;
        for (size_t i = g; i < end; i++) {
            uint64_t w = load_le(s + 8 * i);
            if (!w) continue;
            bits |= (uint64_t)1 << (i - g);
            unsigned m = nonzero_bytes(w);
            *o++ = (uint8_t)m;
            if ((m & (m + 1)) == 0) { /* only the low k bytes: a small value */
                store_le(o, w);
                o += __builtin_ctz(m + 1);
            } else {
                for (; m; m &= m - 1) *o++ = (uint8_t)(w >> (8 * __builtin_ctz(m)));
            }
        }
        for (size_t k = g / 8; k < (end + 7) / 8; k++) out[k] = (uint8_t)(bits >> (8 * (k - g / 8)));
    }
    return (size_t)(o - out);
}

/* Unpacks W words from in into s; may read 8 bytes past the encoding. */
static void unpack(size_t W, const uint8_t *in, uint8_t *s)
{
    const uint8_t *hdr = in;
    in += (W + 7) / 8;
    for (size_t i = 0; i < W; i++) {
        uint64_t w = 0;
        if (hdr[i / 8] >> (i % 8) & 1) {
            unsigned m = *in++;
            if ((m & (m + 1)) == 0) {
                unsigned k = (unsigned)__builtin_ctz(m + 1);
                w = k == 8 ? load_le(in) : load_le(in) & (((uint64_t)1 << (8 * k)) - 1);
                in += k;
            } else {
                for (; m; m &= m - 1) w |= (uint64_t)*in++ << (8 * __builtin_ctz(m));
            }
        }
        store_le(s + 8 * i, w);
    }
}

/* ---- chunks and index --------------------------------------------------- */

static size_t chunk_bytes(const il_store *st, uint32_t k)
{
    unsigned lg = st->first_log + (k < 64 ? k : 64);
    return lg >= st->chunk_log ? (size_t)1 << st->chunk_log : (size_t)1 << lg;
}

static uint32_t offset_of(const il_store *st, uint32_t id)
{
    return st->index[id >> INDEX_LOG][id & ((1u << INDEX_LOG) - 1)];
}

static const uint8_t *bytes_at(const il_store *st, uint32_t off)
{
    unsigned sh = st->chunk_log - 2;
    return st->chunks[off >> sh] + ((size_t)(off & ((1u << sh) - 1)) << 2);
}

/* Appends the packed candidate (scratch, len bytes) as state n. */
static void append(il_store *st, size_t len)
{
    uint32_t id = st->n;
    if (!st->nchunks || st->used + st->max_packed + 8 > chunk_bytes(st, st->nchunks - 1)) {
        if (st->nchunks == st->max_chunks)
            il_out_of_memory("the state store addresses at most 16 GiB of packed states");
        size_t cb = chunk_bytes(st, st->nchunks);
        st->chunks[st->nchunks] = big_alloc(cb);
        st->chunk_first[st->nchunks] = id;
        st->nchunks++;
        st->used = 0;
        st->held += cb;
    }
    uint32_t k = st->nchunks - 1;
    memcpy(st->chunks[k] + st->used, st->scratch, len);
    uint32_t off = (k << (st->chunk_log - 2)) | (uint32_t)(st->used >> 2);
    st->used += (len + 3) & ~(size_t)3;

    size_t b = id >> INDEX_LOG;
    if ((id & ((1u << INDEX_LOG) - 1)) == 0) {
        if (b == st->index_cap) {
            size_t nc = st->index_cap ? st->index_cap * 2 : 16;
            st->index = il_xrealloc(st->index, nc * sizeof *st->index);
            memset(st->index + st->index_cap, 0, (nc - st->index_cap) * sizeof *st->index);
            st->index_cap = nc;
        }
        st->index[b] = il_xmalloc(sizeof(uint32_t) << INDEX_LOG);
        st->held += sizeof(uint32_t) << INDEX_LOG;
    }
    st->index[b][id & ((1u << INDEX_LOG) - 1)] = off;
}

/* ---- the visited set ---------------------------------------------------- */

static size_t slot_bytes(const il_store *st) { return st->compact ? sizeof(cslot) : sizeof(uint64_t); }

static uint64_t cslot_fp(const cslot *c) { return (uint64_t)c->fp[1] << 32 | c->fp[0]; }

static void tab_alloc(il_store *st, unsigned bits)
{
    st->bits = bits;
    st->tab = big_alloc(slot_bytes(st) << bits);
    st->grow_at = (((size_t)1 << bits) * LOAD_NUM) / LOAD_DEN;
}

static void grow(il_store *st)
{
    if (st->bits >= (st->compact ? 33u : 32u)) /* exact: pos comes from the 32-bit tag */
        il_out_of_memory("the state store's visited set cannot grow further");
    void *old = st->tab;
    unsigned obits = st->bits;
    size_t ocap = (size_t)1 << obits;
    tab_alloc(st, st->bits + 1);
    size_t mask = ((size_t)1 << st->bits) - 1;
    unsigned shift = 64 - st->bits;
    if (st->compact) {
        const cslot *o = old;
        cslot *t = st->tab;
        for (size_t i = 0; i < ocap; i++) {
            if (!o[i].id1) continue;
            size_t p = cslot_fp(&o[i]) >> shift;
            while (t[p].id1) p = (p + 1) & mask;
            t[p] = o[i];
        }
    } else {
        const uint64_t *o = old;
        uint64_t *t = st->tab;
        for (size_t i = 0; i < ocap; i++) {
            uint64_t e = o[i];
            if (!e) continue;
            size_t p = e >> shift;
            while (t[p]) p = (p + 1) & mask;
            t[p] = e;
        }
    }
    big_free(old, slot_bytes(st) << obits);
}

/* Looks up the packed candidate (scratch, len bytes, hash h): its id, or
 * IL_STORE_NONE with *pos the empty slot where it would go. */
static uint32_t lookup(const il_store *st, uint64_t h, size_t len, size_t *pos)
{
    size_t mask = ((size_t)1 << st->bits) - 1;
    size_t p = h >> (64 - st->bits);
    if (st->compact) {
        const cslot *t = st->tab;
        for (; t[p].id1; p = (p + 1) & mask)
            if (cslot_fp(&t[p]) == h) return t[p].id1 - 1;
    } else {
        const uint64_t *t = st->tab;
        for (uint64_t e; (e = t[p]); p = (p + 1) & mask) {
            if ((e ^ h) >> 32) continue;
            uint32_t id = (uint32_t)e - 1;
            if (memcmp(bytes_at(st, offset_of(st, id)), st->scratch, len) == 0) return id;
        }
    }
    *pos = p;
    return IL_STORE_NONE;
}

/* ---- the API ------------------------------------------------------------ */

il_store *il_store_new(size_t state_size, int compact)
{
    size_t W = state_size / 8, max_packed = (W + 7) / 8 + W + state_size;
    /* a 4 MiB chunk, or one that holds at least 4 of the longest states,
     * within the 16 GiB that 4-byte offsets in 4-byte units address */
    unsigned lg = CHUNK_LOG;
    while (lg <= 34 && ((size_t)1 << lg) / 4 < max_packed + 8) lg++;
    if (lg > 34) il_out_of_memory("a state too large for the state store");
    il_store *st = il_xcalloc(1, sizeof *st);
    st->S = state_size;
    st->W = W;
    st->compact = compact != 0;
    st->max_packed = max_packed;
    st->scratch = il_xcalloc(1, max_packed + 8);
    st->chunk_log = lg;
    /* the first chunk holds at least two of the longest */
    unsigned first = FIRST_CHUNK_LOG;
    while (first < lg && ((size_t)1 << first) / 2 < max_packed + 8) first++;
    st->first_log = first;
    st->max_chunks = (uint32_t)1 << (34 - lg);
    st->chunks = il_xcalloc(st->max_chunks, sizeof *st->chunks);
    st->chunk_first = il_xcalloc(st->max_chunks, sizeof *st->chunk_first);
    tab_alloc(st, TAB_FIRST_BITS);
    return st;
}

void il_store_free(il_store *st)
{
    if (!st) return;
    for (uint32_t k = 0; k < st->nchunks; k++) big_free(st->chunks[k], chunk_bytes(st, k));
    for (size_t b = 0; b < st->index_cap; b++) il_free(st->index[b]);
    il_free(st->index);
    il_free(st->chunks);
    il_free(st->chunk_first);
    big_free(st->tab, slot_bytes(st) << st->bits);
    il_free(st->scratch);
    il_free(st->batch);
    il_free(st->batch_h);
    il_free(st->batch_len);
    il_free(st);
}

static uint64_t hash(const il_store *st, const uint8_t *s, size_t *len)
{
    *len = pack(st->W, s, st->scratch);
    return XXH3_64bits(st->scratch, *len);
}

/* Interns the state packed in st->scratch (len bytes, hash h). */
static uint32_t intern_packed(il_store *st, uint64_t h, size_t len, int *added)
{
    size_t pos;
    uint32_t id = lookup(st, h, len, &pos);
    if (id != IL_STORE_NONE) {
        *added = 0;
        return id;
    }
    if (st->n == IL_STORE_NONE) il_out_of_memory("the state store holds at most 4294967295 states");
    id = st->n;
    append(st, len);
    if (st->compact) {
        cslot *c = (cslot *)st->tab + pos;
        c->fp[0] = (uint32_t)h;
        c->fp[1] = (uint32_t)(h >> 32);
        c->id1 = id + 1;
    } else {
        ((uint64_t *)st->tab)[pos] = (h & 0xffffffff00000000u) | (id + 1);
    }
    st->n++;
    *added = 1;
    if (st->n > st->grow_at) grow(st);
    return id;
}

uint32_t il_store_intern(il_store *st, const uint8_t *s, int *added)
{
    size_t len;
    uint64_t h = hash(st, s, &len);
    return intern_packed(st, h, len, added);
}

/* The table slot a hash starts probing at, fetched into the cache while
 * the other states of the batch are packed. */
static void prefetch_slot(const il_store *st, uint64_t h)
{
    size_t p = h >> (64 - st->bits);
    __builtin_prefetch((const uint8_t *)st->tab + p * slot_bytes(st));
}

void il_store_intern_many(il_store *st, uint32_t n, uint8_t *const *states, uint32_t *ids,
                          int *added)
{
    size_t stride = st->max_packed + 8;
    if (n > st->batch_cap) {
        il_free(st->batch);
        il_free(st->batch_h);
        il_free(st->batch_len);
        st->batch = il_xcalloc(n, stride);
        st->batch_h = il_xmalloc(sizeof(uint64_t) * n);
        st->batch_len = il_xmalloc(sizeof(size_t) * n);
        st->batch_cap = n;
    }
    for (uint32_t i = 0; i < n; i++) {
        uint8_t *b = st->batch + (size_t)i * stride;
        st->batch_len[i] = pack(st->W, states[i], b);
        st->batch_h[i] = XXH3_64bits(b, st->batch_len[i]);
        prefetch_slot(st, st->batch_h[i]);
    }
    for (uint32_t i = 0; i < n; i++) {
        memcpy(st->scratch, st->batch + (size_t)i * stride, st->batch_len[i]);
        ids[i] = intern_packed(st, st->batch_h[i], st->batch_len[i], &added[i]);
    }
}

uint32_t il_store_find(const il_store *st, const uint8_t *s)
{
    size_t len, pos;
    uint64_t h = hash(st, s, &len);
    return lookup(st, h, len, &pos);
}

int il_store_get(const il_store *st, uint32_t id, uint8_t *out)
{
    if (id >= st->n || id < st->first_kept) return 0;
    unpack(st->W, bytes_at(st, offset_of(st, id)), out);
    return 1;
}

void il_store_release_below(il_store *st, uint32_t below)
{
    if (!st->compact || !st->nchunks) return;
    if (below > st->n) below = st->n;
    if (below <= st->first_kept) return;
    /* chunks before the one holding state `below` (or before the chunk
     * being filled, when every state is below) */
    uint32_t upto = below < st->n ? offset_of(st, below) >> (st->chunk_log - 2) : st->nchunks - 1;
    if (upto <= st->released) return;
    for (uint32_t k = st->released; k < upto; k++) {
        big_free(st->chunks[k], chunk_bytes(st, k));
        st->chunks[k] = NULL;
        st->held -= chunk_bytes(st, k);
    }
    st->released = upto;
    uint32_t kept = st->chunk_first[upto];
    for (size_t b = st->first_kept >> INDEX_LOG; b < (size_t)(kept >> INDEX_LOG); b++) {
        il_free(st->index[b]);
        st->index[b] = NULL;
        st->held -= sizeof(uint32_t) << INDEX_LOG;
    }
    st->first_kept = kept;
}

uint32_t il_store_count(const il_store *st) { return st->n; }

size_t il_store_bytes(const il_store *st)
{
    return sizeof *st + st->max_packed + 8 + st->held +
           (size_t)st->max_chunks * (sizeof *st->chunks + sizeof *st->chunk_first) +
           st->index_cap * sizeof *st->index + (slot_bytes(st) << st->bits);
}

double il_store_omission_bound(const il_store *st)
{
    if (!st->compact) return 0;
    return ldexp((double)st->n * (double)(st->n ? st->n - 1 : 0), -65);
}
