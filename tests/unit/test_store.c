/* test_store.c - the state store (sim/store.h): packed states come back
 * byte for byte, equal states share an id and different ones do not, ids
 * are dense, the table keeps every state across many doublings, and compact
 * mode gives the same ids, frees whole chunks and states its bound. */
#include <criterion/criterion.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "util.h"

/* xorshift64*: the same "random" states on every run. */
static uint64_t rnd(uint64_t *x)
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * 0x2545f4914f6cdd1dull;
}

/* A word of the kinds a state holds: zero, small, negative, extremes, big,
 * and bytes with zeros between them (thread headers). */
static int64_t some_word(uint64_t *x)
{
    uint64_t r = rnd(x);
    switch (r % 10) {
    case 0: case 1: case 2: return 0;
    case 3: return (int64_t)(r >> 40) % 300;
    case 4: return -(int64_t)((r >> 40) % 300) - 1;
    case 5: return INT64_MIN;
    case 6: return INT64_MAX;
    case 7: return (int64_t)rnd(x);
    case 8: return (int64_t)(rnd(x) & 0x00ff00ff0000ff00ull);
    default: return (int64_t)(((r >> 32) & 0xff) << 56);
    }
}

static void set_word(uint8_t *s, size_t i, int64_t v) { memcpy(s + 8 * i, &v, 8); }

/* A word with all eight bytes non-zero that encodes i (56 bits of it). */
static uint64_t dense_word(uint64_t i)
{
    uint64_t w = 0;
    for (int b = 0; b < 8; b++) w |= (uint64_t)(1 | ((i >> (7 * b)) & 0x7f) << 1) << (8 * b);
    return w;
}

static void round_trip(size_t S, int compact)
{
    il_store *st = il_store_new(S, compact);
    enum { N = 3000 };
    uint8_t *all = calloc(N, S), *out = malloc(S);
    uint64_t x = 0x9e3779b97f4a7c15ull ^ S;
    for (uint32_t i = 0; i < N; i++) {
        uint8_t *s = all + (size_t)i * S;
        for (size_t w = 0; w < S / 8; w++) set_word(s, w, some_word(&x));
        set_word(s, 0, (int64_t)i); /* distinct */
        int added;
        cr_assert_eq(il_store_intern(st, s, &added), i);
        cr_assert_eq(added, 1);
    }
    cr_assert_eq(il_store_count(st), N);
    for (uint32_t i = 0; i < N; i++) {
        memset(out, 0xa5, S);
        cr_assert_eq(il_store_get(st, i, out), 1);
        cr_assert(memcmp(out, all + (size_t)i * S, S) == 0, "state %u of %zu bytes", i, S);
        int added;
        cr_assert_eq(il_store_intern(st, all + (size_t)i * S, &added), i);
        cr_assert_eq(added, 0);
    }
    cr_assert_eq(il_store_get(st, N, out), 0, "not a state");
    free(all);
    free(out);
    il_store_free(st);
}

Test(store, round_trip)
{
    static const size_t sizes[] = {8, 16, 24, 64, 256, 1000, 4096};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        round_trip(sizes[k], 0);
        round_trip(sizes[k], 1);
    }
}

/* Every single-byte difference, at every position, is a different state;
 * the same bytes from another buffer are the same state. */
Test(store, equal_and_different)
{
    enum { S = 32 };
    il_store *st = il_store_new(S, 0);
    uint8_t base[S] = {0}, s[S];
    int added;
    cr_assert_eq(il_store_intern(st, base, &added), 0);
    cr_assert_eq(added, 1);
    uint32_t next = 1;
    static const uint8_t vals[] = {1, 0x80, 0xff};
    for (size_t pos = 0; pos < S; pos++)
        for (size_t v = 0; v < 3; v++) {
            memcpy(s, base, S);
            s[pos] = vals[v];
            cr_assert_eq(il_store_intern(st, s, &added), next);
            cr_assert_eq(added, 1);
            uint8_t copy[S];
            memcpy(copy, s, S);
            cr_assert_eq(il_store_intern(st, copy, &added), next);
            cr_assert_eq(added, 0);
            next++;
        }
    cr_assert_eq(il_store_count(st), 1 + 3 * S);
    memset(s, 0, S);
    cr_assert_eq(il_store_intern(st, s, &added), 0);
    cr_assert_eq(added, 0);
    il_store_free(st);
}

/* Ids are 0, 1, 2, ... in the order of first insertion, whatever the
 * repeats between. */
Test(store, dense_ids)
{
    enum { S = 16, N = 5000 };
    il_store *st = il_store_new(S, 0);
    uint8_t s[S] = {0};
    uint64_t x = 42;
    for (uint32_t i = 0; i < N; i++) {
        int added;
        set_word(s, 1, (int64_t)i * 3);
        cr_assert_eq(il_store_intern(st, s, &added), i);
        cr_assert_eq(added, 1);
        uint32_t j = (uint32_t)(rnd(&x) % (i + 1)); /* an older one again */
        set_word(s, 1, (int64_t)j * 3);
        cr_assert_eq(il_store_intern(st, s, &added), j);
        cr_assert_eq(added, 0);
        cr_assert_eq(il_store_count(st), i + 1);
    }
    il_store_free(st);
}

/* 2,000,000 states: the table doubles from 256 slots to 2^22, and every
 * state is found again with its id, in both modes. */
static void many(int compact)
{
    enum { S = 24, N = 2000000 };
    il_store *st = il_store_new(S, compact);
    uint8_t s[S] = {0};
    set_word(s, 2, 7);
    for (uint32_t i = 0; i < N; i++) {
        int added;
        set_word(s, 0, (int64_t)(i % 1000));
        set_word(s, 1, (int64_t)(i / 1000));
        uint32_t id = il_store_intern(st, s, &added);
        if (id != i || !added) cr_assert_fail("state %u got id %u (added %d)", i, id, added);
    }
    cr_assert_eq(il_store_count(st), N);
    for (uint32_t i = 0; i < N; i++) {
        set_word(s, 0, (int64_t)(i % 1000));
        set_word(s, 1, (int64_t)(i / 1000));
        uint32_t id = il_store_find(st, s);
        if (id != i) cr_assert_fail("state %u found as %u", i, id);
    }
    set_word(s, 0, 1000);
    cr_assert_eq(il_store_find(st, s), IL_STORE_NONE);
    cr_assert_eq(il_store_count(st), N);
    il_store_free(st);
}

Test(store, two_million_exact) { many(0); }
Test(store, two_million_compact) { many(1); }

Test(store, find_never_adds)
{
    for (int compact = 0; compact < 2; compact++) {
        enum { S = 40 };
        il_store *st = il_store_new(S, compact);
        uint8_t s[S] = {0};
        cr_assert_eq(il_store_find(st, s), IL_STORE_NONE);
        cr_assert_eq(il_store_count(st), 0);
        int added;
        cr_assert_eq(il_store_intern(st, s, &added), 0);
        cr_assert_eq(added, 1);
        cr_assert_eq(il_store_find(st, s), 0);
        s[39] = 9;
        cr_assert_eq(il_store_find(st, s), IL_STORE_NONE);
        cr_assert_eq(il_store_find(st, s), IL_STORE_NONE);
        cr_assert_eq(il_store_count(st), 1);
        cr_assert_eq(il_store_intern(st, s, &added), 1);
        cr_assert_eq(added, 1);
        cr_assert_eq(il_store_find(st, s), 1);
        cr_assert_eq(il_store_count(st), 2);
        il_store_free(st);
    }
}

/* The same sequence, repeats included, gets the same ids and the same
 * "added" in both modes (no fingerprint collision among 30,000 states). */
Test(store, compact_same_ids)
{
    enum { S = 256, DISTINCT = 30000, CALLS = 100000 };
    il_store *ex = il_store_new(S, 0), *co = il_store_new(S, 1);
    uint8_t s[S];
    uint64_t x = 7;
    for (uint32_t c = 0; c < CALLS; c++) {
        uint64_t k = rnd(&x) % DISTINCT, y = k + 1;
        for (size_t w = 0; w < S / 8; w++) set_word(s, w, some_word(&y));
        set_word(s, 3, (int64_t)k);
        int a1, a2;
        uint32_t i1 = il_store_intern(ex, s, &a1), i2 = il_store_intern(co, s, &a2);
        if (i1 != i2 || a1 != a2) cr_assert_fail("call %u: %u/%d vs %u/%d", c, i1, a1, i2, a2);
    }
    cr_assert_eq(il_store_count(ex), il_store_count(co));
    il_store_free(ex);
    il_store_free(co);
}

/* White box: states of 64 bytes (8 words) whose first word has no zero
 * byte and the rest zero pack to 1 header byte + 1 mask byte + 8 = 10, 12
 * with padding; the longest encoding is 1 + 8 + 64 = 73. A state starts
 * where 73 + 8 bytes are left, so a chunk of C bytes holds (C - 81) / 12 + 1
 * of them; chunks are 64 KiB, 128 KiB, 256 KiB... (store.c). Chunk 0 holds
 * ids 0..5454, chunk 1 5455..16370, chunk 2 16371..38209. Index blocks hold
 * 4096 ids (16 KiB). */
Test(store, compact_release_below)
{
    enum { S = 64, N = 20000 };
    il_store *st = il_store_new(S, 1);
    uint8_t s[S] = {0}, out[S];
    int added;
    for (uint32_t i = 0; i < N; i++) {
        set_word(s, 0, (int64_t)dense_word(i));
        cr_assert_eq(il_store_intern(st, s, &added), i);
    }
    size_t b0 = il_store_bytes(st);

    il_store_release_below(st, 5000); /* state 5000 is in chunk 0: nothing goes */
    cr_assert_eq(il_store_bytes(st), b0);
    cr_assert_eq(il_store_get(st, 0, out), 1);

    il_store_release_below(st, 6000); /* in chunk 1: chunk 0 and index block 0 go */
    cr_assert_eq(il_store_bytes(st), b0 - 65536 - 16384);
    cr_assert_eq(il_store_get(st, 0, out), 0);
    cr_assert_eq(il_store_get(st, 5454, out), 0);
    cr_assert_eq(il_store_get(st, 5455, out), 1);
    set_word(s, 0, (int64_t)dense_word(5455));
    cr_assert(memcmp(out, s, S) == 0);
    cr_assert_eq(il_store_get(st, 5999, out), 1);
    cr_assert_eq(il_store_get(st, N - 1, out), 1);

    il_store_release_below(st, 3000); /* already gone: nothing changes */
    cr_assert_eq(il_store_bytes(st), b0 - 65536 - 16384);

    il_store_release_below(st, N); /* all expanded: all but the chunk being filled */
    cr_assert_eq(il_store_bytes(st), b0 - 65536 - 16384 - 131072 - 2 * 16384);
    cr_assert_eq(il_store_get(st, 16370, out), 0);
    cr_assert_eq(il_store_get(st, 16371, out), 1);
    set_word(s, 0, (int64_t)dense_word(16371));
    cr_assert(memcmp(out, s, S) == 0);

    /* released states are still known, from their fingerprints */
    for (uint32_t i = 0; i < N; i += 997) {
        set_word(s, 0, (int64_t)dense_word(i));
        cr_assert_eq(il_store_find(st, s), i);
        cr_assert_eq(il_store_intern(st, s, &added), i);
        cr_assert_eq(added, 0);
    }
    set_word(s, 0, (int64_t)dense_word(N));
    cr_assert_eq(il_store_intern(st, s, &added), N);
    cr_assert_eq(added, 1);
    cr_assert_eq(il_store_get(st, N, out), 1);
    cr_assert(memcmp(out, s, S) == 0);
    il_store_free(st);
}

Test(store, release_below_exact_is_a_no_op)
{
    enum { S = 64, N = 20000 };
    il_store *st = il_store_new(S, 0);
    uint8_t s[S] = {0}, out[S];
    int added;
    for (uint32_t i = 0; i < N; i++) {
        set_word(s, 0, (int64_t)dense_word(i));
        il_store_intern(st, s, &added);
    }
    size_t b0 = il_store_bytes(st);
    il_store_release_below(st, N);
    cr_assert_eq(il_store_bytes(st), b0);
    cr_assert_eq(il_store_get(st, 0, out), 1);
    set_word(s, 0, (int64_t)dense_word(0));
    cr_assert(memcmp(out, s, S) == 0);
    il_store_free(st);
}

Test(store, omission_bound)
{
    enum { S = 8 };
    il_store *co = il_store_new(S, 1), *ex = il_store_new(S, 0);
    uint8_t s[S] = {0};
    int added;
    cr_assert_eq(il_store_omission_bound(co), 0.0);
    il_store_intern(co, s, &added);
    cr_assert_eq(il_store_omission_bound(co), 0.0); /* one state cannot collide */
    for (uint32_t i = 1; i < 1000; i++) {
        set_word(s, 0, i);
        il_store_intern(co, s, &added);
        il_store_intern(ex, s, &added);
    }
    cr_assert_eq(il_store_count(co), 1000);
    cr_assert_eq(il_store_omission_bound(co), 999000.0 / 36893488147419103232.0); /* 2^65 */
    cr_assert_eq(il_store_omission_bound(co), ldexp(1000.0 * 999.0, -65));
    cr_assert_eq(il_store_omission_bound(ex), 0.0);
    il_store_free(co);
    il_store_free(ex);
}

/* The first state brings the first chunk (64 KiB), index block (16 KiB)
 * and the index's 16 block pointers; the table doubles from 256 slots when
 * the 180th state makes it more than 7/10 full; and it keeps growing. */
Test(store, bytes_grow)
{
    for (int compact = 0; compact < 2; compact++) {
        enum { S = 256 };
        size_t slot = compact ? 12 : 8;
        il_store *st = il_store_new(S, compact);
        uint8_t s[S] = {0};
        int added;
        size_t empty = il_store_bytes(st);
        il_store_intern(st, s, &added);
        cr_assert_eq(il_store_bytes(st), empty + 65536 + 16384 + 16 * sizeof(void *));
        uint32_t n = 1;
        for (; n < 179; n++) {
            set_word(s, 5, n);
            il_store_intern(st, s, &added);
        }
        cr_assert_eq(il_store_bytes(st), empty + 65536 + 16384 + 16 * sizeof(void *));
        set_word(s, 5, n++);
        il_store_intern(st, s, &added);
        cr_assert_eq(il_store_bytes(st), empty + 65536 + 16384 + 16 * sizeof(void *) + 256 * slot);
        size_t prev = il_store_bytes(st);
        for (uint32_t round = 0; round < 6; round++) {
            for (uint32_t k = 0; k < 50000; k++, n++) {
                set_word(s, 5, n);
                il_store_intern(st, s, &added);
            }
            size_t now = il_store_bytes(st);
            cr_assert_gt(now, prev, "round %u", round);
            prev = now;
        }
        cr_assert_eq(il_store_count(st), n);
        il_store_free(st);
    }
}

/* A state whose longest encoding could not fit 4 times in the 16 GiB the
 * store addresses is refused up front, as out of memory: the jump to the
 * API's boundary (util.h), with the message it will say. */
Test(store, huge_state_refused)
{
    static jmp_buf jb;
    if (setjmp(jb)) {
        il_oom_jump = NULL;
        cr_assert(strncmp(il_oom_message(), "out of memory (", 15) == 0, "%s", il_oom_message());
        return;
    }
    il_oom_jump = &jb;
    il_store_new((size_t)1 << 33, 0);
    cr_assert_fail("a 8 GiB state was accepted");
}

/* A batch gives the ids one by one would, repeats inside it included, in
 * both modes and across table growth. */
Test(store, intern_many_equals_one_by_one)
{
    enum { S = 24, N = 20000, B = 16 };
    for (int compact = 0; compact < 2; compact++) {
        il_store *a = il_store_new(S, compact), *b = il_store_new(S, compact);
        uint8_t states[B][S];
        uint8_t *ptr[B];
        uint32_t ids[B];
        int added[B];
        uint64_t x = 7;
        for (uint32_t k = 0; k < N / B; k++) {
            for (uint32_t i = 0; i < B; i++) {
                memset(states[i], 0, S);
                /* a small range of values, so that repeats are common */
                set_word(states[i], 0, (int64_t)(rnd(&x) % (N / 2)));
                set_word(states[i], 2, some_word(&x) & 3);
                ptr[i] = states[i];
            }
            il_store_intern_many(b, B, ptr, ids, added);
            for (uint32_t i = 0; i < B; i++) {
                int add1;
                uint32_t id1 = il_store_intern(a, states[i], &add1);
                cr_assert_eq(ids[i], id1);
                cr_assert_eq(added[i], add1);
            }
        }
        cr_assert_eq(il_store_count(a), il_store_count(b));
        uint8_t out[S];
        for (uint32_t id = 0; id < il_store_count(b); id += 97) {
            uint8_t want[S];
            cr_assert(il_store_get(a, id, want));
            cr_assert(il_store_get(b, id, out));
            cr_assert_arr_eq(out, want, S);
        }
        il_store_free(a);
        il_store_free(b);
    }
}
