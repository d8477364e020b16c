/* counting.c - the interleavings ending in each outcome (explorer_int.h).
 *
 * The number of interleavings ending in terminal state t is the number of
 * paths from the initial state to t. Kahn's algorithm gives a topological
 * order of every state not on or below a cycle; the rest can run forever
 * and make their terminal states' counts "infinite" (D24). Paths are summed
 * in that order in 128-bit integers; if a sum overflows, the pass is redone
 * with GMP. */
#include "explorer_int.h"

#include <string.h>

#include "limit.h"

typedef unsigned __int128 u128;

void xp_counts_init(xp_counts *k, size_t n)
{
    k->n = n;
    k->per = il_xmalloc(sizeof(mpz_t) * (n + 1));
    k->infinite = il_xcalloc(n + 1, sizeof(int));
    for (size_t i = 0; i < n; i++) mpz_init(k->per[i]);
    mpz_init(k->total);
    k->total_infinite = 0;
}

void xp_counts_free(xp_counts *k)
{
    for (size_t i = 0; i < k->n; i++) mpz_clear(k->per[i]);
    mpz_clear(k->total);
    il_free(k->per);
    il_free(k->infinite);
}

/* Counting answers to the run's limits as exploring does, polled every
 * 65536 states or edges of each loop, once the exploration is whole: a
 * limit then leaves the counts unknown (stopped_in "counting"). A graph
 * that a limit already cut short is counted to the end, as the counts of
 * the explored part: the limit is sticky and would stop it at once, and
 * counting costs a fraction of the exploring the limit bounded. */
typedef struct count_limits {
    const il_explore_opts *o;
    double t0;
    int on;
    const char *why; /* set when a limit stopped counting */
} count_limits;

static int count_stop(count_limits *l, size_t i)
{
    if (!l->on || (i & 0xffff) != 0) return 0;
    if (l->o->max_seconds > 0 && xp_now() - l->t0 > l->o->max_seconds) l->why = "--max-seconds";
    else l->why = il_limit_poll();
    return l->why != NULL;
}

/* Topological order of the states not on or below a cycle (Kahn); NULL
 * when a limit stopped it. */
static uint32_t *topo_order(const xp_graph *g, uint32_t *norder, count_limits *lim)
{
    uint32_t n = g->nstates;
    if (g->forward) {
        /* every edge goes to a later number: discovery order is one
         * (usual when all paths to a state have the same length) */
        uint32_t *order = il_xmalloc(sizeof(uint32_t) * (n ? n : 1));
        for (uint32_t i = 0; i < n; i++) order[i] = i;
        *norder = n;
        return order;
    }
    uint32_t *indeg = il_xcalloc(n, sizeof(uint32_t));
    uint32_t *order = NULL;
    for (size_t e = 0; e < g->edge_to.len; e++) {
        if (count_stop(lim, e)) goto out;
        indeg[g->edge_to.items[e]]++;
    }
    order = il_xmalloc(sizeof(uint32_t) * n);
    uint32_t head = 0, tail = 0;
    if (n && indeg[0] == 0) order[tail++] = 0;
    while (head < tail) {
        if (count_stop(lim, head)) {
            il_free(order);
            order = NULL;
            goto out;
        }
        uint32_t s = order[head++];
        if (s >= g->nexpanded) continue;
        for (uint32_t e = g->edge_starts.items[s]; e < g->edge_starts.items[s + 1]; e++)
            if (--indeg[g->edge_to.items[e]] == 0) order[tail++] = g->edge_to.items[e];
    }
    *norder = tail;
out:
    il_free(indeg);
    return order;
}

/* 1 when done, 0 when a count outgrew 128 bits, -1 when a limit stopped it. */
static int count_u128(const xp_graph *g, const uint32_t *order, uint32_t norder, u128 *paths,
                      count_limits *lim)
{
    memset(paths, 0, sizeof(u128) * g->nstates);
    paths[0] = 1;
    for (uint32_t i = 0; i < norder; i++) {
        if (count_stop(lim, i)) return -1;
        uint32_t s = order[i];
        if (s >= g->nexpanded) continue;
        for (uint32_t e = g->edge_starts.items[s]; e < g->edge_starts.items[s + 1]; e++) {
            u128 *d = &paths[g->edge_to.items[e]];
            if (__builtin_add_overflow(*d, paths[s], d)) return 0;
        }
    }
    return 1;
}

static void u128_to_mpz(mpz_t z, u128 v)
{
    mpz_set_ui(z, (unsigned long)(uint64_t)(v >> 64));
    mpz_mul_2exp(z, z, 64);
    mpz_add_ui(z, z, (unsigned long)(uint64_t)v);
}

void xp_count(il_explorer *x, const il_explore_opts *o, double t0, xp_counts *k)
{
    const xp_graph *g = &x->run.graph;
    count_limits lim = {o, t0, x->run.res.complete, NULL};
    if (lim.on) il_limit_phase("counting");
    uint32_t norder = 0;
    uint32_t *order = topo_order(g, &norder, &lim);
    uint8_t *finite = NULL;
    u128 *p128 = NULL;
    mpz_t *pz = NULL;
    if (!order) goto out;
    finite = il_xcalloc(g->nstates ? g->nstates : 1, 1);
    for (uint32_t i = 0; i < norder; i++) finite[order[i]] = 1;
    k->total_infinite = norder < g->nstates;
    p128 = il_xmalloc(sizeof(u128) * (g->nstates ? g->nstates : 1));
    int done = count_u128(g, order, norder, p128, &lim);
    if (done < 0) goto out;
    if (!done) {
        pz = il_xmalloc(sizeof(mpz_t) * g->nstates);
        for (uint32_t i = 0; i < g->nstates; i++) mpz_init(pz[i]);
        mpz_set_ui(pz[0], 1);
        for (uint32_t i = 0; i < norder; i++) {
            if (count_stop(&lim, i)) goto out;
            uint32_t s = order[i];
            if (s >= g->nexpanded) continue;
            uint32_t e0 = g->edge_starts.items[s], e1 = g->edge_starts.items[s + 1];
            for (uint32_t e = e0; e < e1; e++)
                mpz_add(pz[g->edge_to.items[e]], pz[g->edge_to.items[e]], pz[s]);
            /* passed on: only terminal states' counts are read later, so the
             * big numbers live only on the frontier of the order */
            if (e1 > e0) mpz_realloc2(pz[s], 1);
        }
    }
    mpz_set_ui(k->total, 0);
    mpz_t tmp;
    mpz_init(tmp);
    for (size_t i = 0; i < g->terminals.len; i++) {
        uint32_t s = g->terminals.items[i], oid = g->term_outcome.items[i];
        if (!finite[s]) { k->infinite[oid] = 1; continue; }
        if (pz) mpz_set(tmp, pz[s]);
        else u128_to_mpz(tmp, p128[s]);
        mpz_add(k->per[oid], k->per[oid], tmp);
        mpz_add(k->total, k->total, tmp);
    }
    mpz_clear(tmp);
out:
    if (lim.why) {
        k->total_infinite = 0;
        x->run.res.uncounted = 1;
        il_explorer_stopped(x, lim.why, "counting");
    }
    if (pz) {
        for (uint32_t i = 0; i < g->nstates; i++) mpz_clear(pz[i]);
        il_free(pz);
    }
    il_free(p128);
    il_free(finite);
    il_free(order);
}

void xp_count_runs(il_explorer *x, xp_counts *k)
{
    const xp_findings *f = &x->run.found;
    mpz_set_ui(k->total, 0);
    for (size_t i = 0; i < f->outcome_runs.len; i++) {
        mpz_set_ui(k->per[i], (unsigned long)f->outcome_runs.items[i]);
        mpz_add(k->total, k->total, k->per[i]);
    }
}
