/* symmetry.c - canonical forms under thread symmetry (symmetry.h). */
#include "symmetry.h"

#include <string.h>

#include "util.h"

#include "sync.h"

/* A total order on thread blocks (B a multiple of 8): word by word, which
 * is cheaper than memcmp's byte order; any total order gives a canonical
 * form. */
static inline int block_cmp(const uint8_t *a, const uint8_t *b, size_t B)
{
    for (size_t i = 0; i < B; i += 8) {
        uint64_t u, v;
        memcpy(&u, a + i, 8);
        memcpy(&v, b + i, 8);
        if (u != v) return u < v ? -1 : 1;
    }
    return 0;
}

/* Puts a state in canonical form: the blocks of each group of
 * interchangeable threads sorted by their bytes, and every thread index the
 * state holds (lock holders, condition waiters, the executor's hidden
 * errors) renamed to match. A permuted state has the same futures up to the
 * renaming, so the same number of completions to each outcome: counts over
 * canonical states stay exact as long as every thread keeps its own edge. */
int il_sym_canonicalize(const il_code *c, uint8_t *s, uint32_t *map, uint8_t *tmp)
{
    int moved = 0;
    for (uint32_t t = 0; t < c->nthreads; t++) map[t] = t;
    for (uint32_t g = 0; g < c->ngroups; g++) {
        uint32_t f = c->group_first[g], n = c->group_size[g];
        size_t B = (size_t)(c->threads[f + 1].off - c->threads[f].off);
        uint8_t *base = s + c->threads[f].off;
        /* a step changes one block of a canonical state: usually still sorted */
        uint32_t k = 1;
        while (k < n && block_cmp(base + (k - 1) * B, base + k * B, B) <= 0) k++;
        if (k == n) continue;
        /* insertion sort of the member order; blocks are small and few */
        uint32_t order[4096];
        for (uint32_t i = 0; i < n; i++) {
            uint32_t j = i;
            while (j > 0 && block_cmp(base + order[j - 1] * B, base + i * B, B) > 0) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        int same = 1;
        for (uint32_t i = 0; i < n && same; i++) same = order[i] == i;
        if (same) continue;
        for (uint32_t i = 0; i < n; i++) {
            memcpy(tmp + i * B, base + order[i] * B, B);
            map[f + order[i]] = f + i;
        }
        memcpy(base, tmp, n * B);
        moved = 1;
    }
    if (!moved) return 0;
    il_sync_remap_threads(c, s, map);
    int64_t *slots = il_syncslots(c, s);
    for (uint32_t k = 0; k < c->ntasks; k++) {
        int64_t v = slots[c->exec_slot + 1 + k];
        if (!v) continue;
        uint32_t w = map[(uint32_t)(v >> 40)];
        slots[c->exec_slot + 1 + k] = ((int64_t)w << 40) | (v & (((int64_t)1 << 40) - 1));
    }
    return 1;
}

int il_sym_step_names_member(const il_code *c, const uint8_t *before, const uint8_t *after)
{
    for (uint32_t u = 0; u < c->nthreads; u++)
        if (c->threads[u].group >= 0 && il_thr(c, (uint8_t *)after, u)->status == IL_TS_ERROR &&
            il_thr(c, (uint8_t *)before, u)->status != IL_TS_ERROR)
            return 1;
    return c->ntasks &&
           memcmp(il_syncslots(c, (uint8_t *)after) + c->exec_slot + 1,
                  il_syncslots(c, (uint8_t *)before) + c->exec_slot + 1, 8 * (size_t)c->ntasks);
}

void il_sym_real_schedule(const il_machine *m, uint32_t *sched, size_t n, uint32_t *sigma)
{
    const il_code *c = m->code;
    uint32_t T = c->nthreads;
    uint8_t *s = il_xmalloc(c->state_size + 8), *tmp = il_xmalloc(c->state_size + 8);
    uint32_t *map = il_xmalloc(sizeof(uint32_t) * (T + 1));
    uint32_t *sg = il_xmalloc(sizeof(uint32_t) * (T + 1));
    memcpy(s, c->init, c->state_size);
    il_sym_canonicalize(c, s, sg, tmp);
    for (size_t k = 0; k < n; k++) {
        uint32_t t = sched[k], u = 0;
        while (u + 1 < T && sg[u] != t) u++;
        sched[k] = t == T ? T : u; /* the shutdown step is nobody's */
        if (k + 1 == n) break;
        il_wait w;
        il_step(m, s, t, &w);
        il_sym_canonicalize(c, s, map, tmp);
        for (uint32_t v = 0; v < T; v++) sg[v] = map[sg[v]];
    }
    if (sigma) memcpy(sigma, sg, sizeof(uint32_t) * T);
    il_free(s);
    il_free(tmp);
    il_free(map);
    il_free(sg);
}
