/* test_hashset.c - the hash set (sim/hashset.h): equal keys share an id and
 * different ones (a prefix, the same bytes and a zero more, the empty key)
 * do not, ids are dense in insertion order, find never adds, and keys keep
 * their place, alignment and trailing zero across many doublings; a set of
 * one key size keeps them in place and aligned too. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "hashset.h"

Test(hashset, equal_keys_share_an_id_and_prefixes_do_not)
{
    il_hashset s = {0};
    int added;
    cr_assert_eq(il_hashset_find(&s, "a", 1), IL_HASHSET_NONE);
    cr_assert_eq(il_hashset_add(&s, "ab", 2, &added), 0);
    cr_assert(added);
    cr_assert_eq(il_hashset_add(&s, "abc", 3, &added), 1);
    cr_assert(added);
    cr_assert_eq(il_hashset_add(&s, "ab\0", 3, &added), 2);
    cr_assert(added);
    cr_assert_eq(il_hashset_add(&s, "", 0, &added), 3);
    cr_assert(added);
    cr_assert_eq(il_hashset_add(&s, NULL, 0, &added), 3);
    cr_assert(!added);
    cr_assert_eq(il_hashset_add(&s, "abc", 3, &added), 1);
    cr_assert(!added);
    cr_assert_eq(il_hashset_add(&s, "ab", 2, NULL), 0);
    cr_assert_eq(il_hashset_find(&s, "ab\0", 3), 2);
    cr_assert_eq(il_hashset_find(&s, "b", 1), IL_HASHSET_NONE);
    cr_assert_eq(il_hashset_count(&s), 4);
    cr_assert_eq(il_hashset_len(&s, 1), 3);
    cr_assert_str_eq(il_hashset_key(&s, 1), "abc");
    cr_assert_eq(il_hashset_len(&s, 3), 0);
    cr_assert_str_eq(il_hashset_key(&s, 3), "");
    il_hashset_free(&s);
    cr_assert_eq(il_hashset_count(&s), 0);
}

Test(hashset, keys_stay_put_across_doublings)
{
    il_hashset s = {0};
    enum { N = 100000 };
    const void **where = malloc(sizeof(void *) * N);
    for (uint32_t i = 0; i < N; i++) {
        /* word keys of 1..5 words: i, then i's multiples */
        uint64_t k[5];
        size_t nw = 1 + i % 5;
        for (size_t j = 0; j < nw; j++) k[j] = (uint64_t)i * (j + 1);
        int added;
        cr_assert_eq(il_hashset_add(&s, k, 8 * nw, &added), i);
        cr_assert(added);
        where[i] = il_hashset_key(&s, i);
        cr_assert_eq((uintptr_t)where[i] % 8, 0);
    }
    for (uint32_t i = 0; i < N; i++) {
        uint64_t k[5];
        size_t nw = 1 + i % 5;
        for (size_t j = 0; j < nw; j++) k[j] = (uint64_t)i * (j + 1);
        cr_assert_eq(il_hashset_key(&s, i), where[i]);
        cr_assert_eq(memcmp(where[i], k, 8 * nw), 0);
        cr_assert_eq(((const uint8_t *)where[i])[8 * nw], 0);
        cr_assert_eq(il_hashset_find(&s, k, 8 * nw), i);
        cr_assert_eq(il_hashset_find(&s, k, 8 * nw - 1), IL_HASHSET_NONE);
    }
    cr_assert_eq(il_hashset_count(&s), N);
    cr_assert_geq(il_hashset_bytes(&s), (size_t)N * 16);
    free(where);
    il_hashset_free(&s);
}

Test(hashset, a_key_larger_than_a_chunk)
{
    il_hashset s = {0};
    size_t n = 3u << 20;
    uint8_t *big = malloc(n);
    for (size_t i = 0; i < n; i++) big[i] = (uint8_t)(i * 7 + 1);
    cr_assert_eq(il_hashset_add(&s, "x", 1, NULL), 0);
    cr_assert_eq(il_hashset_add(&s, big, n, NULL), 1);
    cr_assert_eq(il_hashset_add(&s, "y", 1, NULL), 2);
    cr_assert_eq(memcmp(il_hashset_key(&s, 1), big, n), 0);
    cr_assert_eq(il_hashset_find(&s, big, n), 1);
    cr_assert_str_eq(il_hashset_key(&s, 2), "y");
    free(big);
    il_hashset_free(&s);
}

/* Keys of one size: side by side in blocks that never move, 8-aligned even
 * for a size that is not a multiple of 8, across many blocks. */
Test(hashset, fixed_size_keys)
{
    il_hashset s = {0};
    il_hashset_fixed(&s, 12);
    enum { N = 70000 };
    const void **where = malloc(sizeof(void *) * N);
    for (uint32_t i = 0; i < N; i++) {
        uint32_t k[3] = {i, i * 3, ~i};
        int added;
        cr_assert_eq(il_hashset_add(&s, k, sizeof k, &added), i);
        cr_assert(added);
        cr_assert_eq(il_hashset_add(&s, k, sizeof k, &added), i);
        cr_assert(!added);
        where[i] = il_hashset_key(&s, i);
        cr_assert_eq((uintptr_t)where[i] % 8, 0);
    }
    for (uint32_t i = 0; i < N; i++) {
        uint32_t k[3] = {i, i * 3, ~i};
        cr_assert_eq(il_hashset_key(&s, i), where[i]);
        cr_assert_eq(memcmp(where[i], k, sizeof k), 0);
        cr_assert_eq(il_hashset_len(&s, i), 12);
        cr_assert_eq(il_hashset_find(&s, k, sizeof k), i);
        k[2] ^= 1;
        cr_assert_eq(il_hashset_find(&s, k, sizeof k), IL_HASHSET_NONE);
    }
    cr_assert_eq(il_hashset_count(&s), N);
    free(where);
    il_hashset_free(&s);
}

/* A key of another size in a set of one key size is a bug, not a key. */
Test(hashset, fixed_size_mismatch_aborts, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    il_hashset s = {0};
    il_hashset_fixed(&s, 8);
    uint64_t k = 1;
    il_hashset_add(&s, &k, sizeof k, NULL);
    il_hashset_add(&s, "abc", 3, NULL);
}
