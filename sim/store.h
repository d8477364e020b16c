/* store.h - the state store: the explorer's visited set and the compact
 * storage of the states it has seen. A state (state_size bytes, a multiple
 * of 8) is kept packed, since states are mostly zeros and small values in
 * int64 slots: a bit per word saying whether it is non-zero, then for each
 * non-zero word a mask byte of its non-zero bytes and those bytes. Packed
 * bytes are appended to chunks that never move, so growing never copies a
 * state; the visited set is an open-addressing table keyed by the xxHash of
 * the packed bytes. Ids are dense, in insertion order, and the store owns
 * every byte it holds. Not thread-safe, not even il_store_find (it packs
 * into a scratch buffer of the store). */
#ifndef IL_STORE_H
#define IL_STORE_H

#include <stddef.h>
#include <stdint.h>

typedef struct il_store il_store;
#define IL_STORE_NONE UINT32_MAX
/* compact = 0: every state kept, packed (exact).
 * compact = 1: hash compaction: the visited set keeps only a 64-bit fingerprint
 *   per state (plus its id); packed bytes are kept only until released
 *   (the explorer's BFS queue), so a fingerprint collision can omit a state. */
il_store *il_store_new(size_t state_size, int compact);
void il_store_free(il_store *st);
/* The id of state s (state_size bytes), adding it if new (*added = 1). Ids are dense, 0,1,2,... in insertion order. */
uint32_t il_store_intern(il_store *st, const uint8_t *s, int *added);
/* The same for n states at once, in order (a state may repeat one before
 * it): all are packed and hashed first and their table slots prefetched,
 * so that the cache misses of the lookups overlap. */
void il_store_intern_many(il_store *st, uint32_t n, uint8_t *const *states, uint32_t *ids,
                          int *added);
/* The id of s, or IL_STORE_NONE if it was never added. Never adds. */
uint32_t il_store_find(const il_store *st, const uint8_t *s);
/* Unpacks state id into out (state_size bytes). Returns 1, or 0 if its bytes were released (compact mode only). */
int il_store_get(const il_store *st, uint32_t id, uint8_t *out);
/* Compact mode: the bytes of states with id < below are no longer needed (already expanded): free whole chunks of them. No-op when not compact. */
void il_store_release_below(il_store *st, uint32_t below);
uint32_t il_store_count(const il_store *st);
/* Bytes the store holds now (table + packed bytes + index), for "bytes per state" reports. */
size_t il_store_bytes(const il_store *st);
/* Compact mode: an upper bound on the probability that some state was omitted by a fingerprint collision so far: n(n-1)/2^65 for n stored states (birthday bound). 0 when not compact. */
double il_store_omission_bound(const il_store *st);

#endif
