/* search.c - the breadth-first search of the state graph (explorer_int.h).
 *
 * States are numbered in discovery order and expanded in that order, which
 * is breadth-first: the first path found to a state is a shortest one
 * (parent links give the shortest trace later). The visited set and the
 * packed states are the state store (store.h). Successor lists are kept in
 * CSR form (edge_starts[s] .. edge_starts[s+1]), since every state is
 * expanded exactly once and in order. Under symmetry each successor is put
 * in canonical form (symmetry.h) before it is looked up; with --no-counts
 * only a stubborn set of threads is expanded (por.h). */
#include "explorer_int.h"

#include <string.h>

#include "limit.h"
#include "symmetry.h"

/* ---- the visited set ---------------------------------------------------- */

int xp_load_state(const il_explorer *x, uint32_t i, uint8_t *out)
{
    return il_store_get(x->run.graph.store, i, out);
}

/* Room for the BFS parent of a state just added. */
static void note_state(xp_graph *g, uint32_t id)
{
    if (id == g->cap_states) {
        uint32_t nc = g->cap_states ? g->cap_states * 2 : 1024;
        if (nc < g->cap_states) nc = XP_NONE - 1;
        g->parent = il_xrealloc(g->parent, (size_t)nc * sizeof(uint32_t));
        g->parent_thread = il_xrealloc(g->parent_thread, (size_t)nc * sizeof(uint16_t));
        g->cap_states = nc;
    }
    g->nstates = id + 1;
}

uint32_t xp_intern_state(il_explorer *x, const uint8_t *s, int *added)
{
    xp_graph *g = &x->run.graph;
    if (!g->store) g->store = il_store_new(x->run.S, x->run.compact);
    uint32_t id = il_store_intern(g->store, s, added);
    if (*added) note_state(g, id);
    return id;
}

void xp_graph_free(xp_graph *g)
{
    il_store_free(g->store);
    il_free(g->batch);
    il_free(g->edge_starts.items);
    il_free(g->edge_to.items);
    il_free(g->edge_thread.items);
    il_free(g->parent);
    il_free(g->parent_thread);
    il_free(g->terminals.items);
    il_free(g->term_outcome.items);
}

/* ---- the observer (the reduction's footprints) ------------------------------ */

/* A step makes at most one shared access (language.md rule 1), so what the
 * observer sees while a thread takes its step is that step's access. */
static void observe_access(void *ctx, uint32_t t, uint32_t loc, int is_write, int64_t v)
{
    il_explorer *x = ctx;
    (void)v;
    if (t != x->run.graph.stepping) return; /* a barrier waiter's continuation makes none */
    x->keep.acc[t] = (xp_access){1, loc, is_write};
}

static void observe_print(void *ctx, uint32_t t, uint32_t line)
{
    (void)ctx; (void)t; (void)line;
}

il_observer xp_footprint_observer(il_explorer *x)
{
    return (il_observer){x, observe_access, observe_print, NULL};
}

/* ---- successors --------------------------------------------------------- */

/* Symmetry: the checks a successor needs before it becomes canonical. */
static void prepare_successor(il_explorer *x, const uint8_t *cur, uint8_t *next)
{
    if (!x->run.sym) return;
    if (il_sym_step_names_member(x->keep.code, cur, next)) x->run.sym_unsafe = 1;
    il_sym_canonicalize(x->keep.code, next, x->keep.sym_map, x->keep.sym_tmp);
}

/* The edge s --t--> id, where next (the state id) was stepped from cur. */
static void commit_successor(il_explorer *x, uint32_t s, const uint8_t *cur, const uint8_t *next,
                             uint32_t t, uint32_t id, int added)
{
    xp_graph *g = &x->run.graph;
    if (added) {
        g->parent[id] = s;
        g->parent_thread[id] = (uint16_t)t;
        xp_record_errors(x, cur, next, id);
    }
    g->forward &= id > s;
    IL_VEC_PUSH(g->edge_to, id);
    if (x->run.keep_threads) IL_VEC_PUSH(g->edge_thread, (uint16_t)t);
}

/* Adds the edge s --t--> next (next already stepped from cur). */
static void add_successor(il_explorer *x, uint32_t s, const uint8_t *cur, uint8_t *next,
                          uint32_t t)
{
    int added;
    prepare_successor(x, cur, next);
    uint32_t id = xp_intern_state(x, next, &added);
    commit_successor(x, s, cur, next, t, id, added);
}

/* Successors wait in a batch of up to XP_BATCH so that the store can
 * overlap their lookups (il_store_intern_many). */
static void flush_batch(il_explorer *x, uint32_t s, const uint8_t *cur)
{
    xp_graph *g = &x->run.graph;
    uint8_t *ptr[XP_BATCH];
    uint32_t ids[XP_BATCH];
    int added[XP_BATCH];
    for (uint32_t i = 0; i < g->nbatch; i++) ptr[i] = g->batch + (size_t)i * x->run.S;
    il_store_intern_many(g->store, g->nbatch, ptr, ids, added);
    for (uint32_t i = 0; i < g->nbatch; i++) {
        if (added[i]) note_state(g, ids[i]);
        commit_successor(x, s, cur, ptr[i], g->batch_thread[i], ids[i], added[i]);
    }
    g->nbatch = 0;
}

static void batch_successor(il_explorer *x, uint32_t s, const uint8_t *cur, const uint8_t *next,
                            uint32_t t)
{
    xp_graph *g = &x->run.graph;
    size_t S = x->run.S;
    if (!g->batch) g->batch = il_xmalloc((size_t)XP_BATCH * S);
    uint8_t *b = g->batch + (size_t)g->nbatch * S;
    memcpy(b, next, S);
    prepare_successor(x, cur, b);
    g->batch_thread[g->nbatch++] = t;
    if (g->nbatch == XP_BATCH) flush_batch(x, s, cur);
}

/* Partial-order reduction: steps every thread (for its footprint and for
 * races), then expands only a stubborn set, or every enabled thread when
 * the reduced successors would close a cycle (the proviso: in breadth-first
 * order, a cycle has an edge back to a level no deeper than its source, so
 * a state with such a reduced edge is expanded fully). */
static uint32_t expand_reduced(il_explorer *x, uint32_t s, const uint8_t *cur,
                               uint32_t level_end, uint32_t *nenabled)
{
    xp_keep *k = &x->keep;
    xp_graph *g = &x->run.graph;
    const il_code *c = k->code;
    size_t S = x->run.S;
    uint32_t T = c->nthreads, nsucc = 0;
    *nenabled = 0;
    /* the threads, then the shutdown step (T, python.md F1: por.h) */
    for (uint32_t t = 0; t <= T; t++) {
        uint8_t *next = k->succ + (size_t)t * S;
        il_por_thread *th = &k->por_th[t];
        il_wait w = {0};
        g->stepping = t;
        k->acc[t].has = 0;
        const il_thread_hdr *h = t < T ? il_thr(c, (uint8_t *)cur, t) : NULL;
        th->pc = h ? h->pc : 0;
        th->acc_has = 0;
        /* il_step does nothing to a thread that is not running: no copy */
        il_step_res r = IL_STEP_IDLE;
        if (h ? h->status == IL_TS_RUN : il_shutdown_enabled(c, cur)) {
            memcpy(next, cur, S);
            r = il_step(&k->m, next, t, &w);
        }
        if (r == IL_STEP_OK) {
            th->kind = IL_POR_ENABLED;
            th->acc_has = (uint8_t)k->acc[t].has;
            th->acc_loc = k->acc[t].loc;
            th->acc_write = (uint8_t)k->acc[t].is_write;
            (*nenabled)++;
        } else {
            k->acc[t].has = 0;
            th->kind = r == IL_STEP_BLOCKED ? IL_POR_BLOCKED
                       : !h ? IL_POR_BLOCKED /* the shutdown, not yet enabled */
                       : h->status == IL_TS_NEW ? IL_POR_NEW : IL_POR_IDLE;
            th->wait_is_thread = (uint8_t)w.is_thread;
            th->wait_obj = w.obj;
        }
    }
    if (*nenabled == 0) return 0;
    il_por_choose(k->por, k->por_th, k->expand);
    int full = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t t = 0; t <= T; t++) {
            if (k->por_th[t].kind != IL_POR_ENABLED || k->expand[t] != (pass == 0)) continue;
            size_t e = g->edge_to.len;
            add_successor(x, s, cur, k->succ + (size_t)t * S, t);
            if (g->edge_to.items[e] < level_end) full = 1;
            nsucc++;
        }
        if (!full) break;
        g->por_full++;
    }
    return nsucc;
}

/* ---- the budget --------------------------------------------------------- */

/* What the graph holds now, plus what counting it will need (in-degree,
 * order, a finite flag and a 128-bit count per state): checked against
 * --max-memory so that a run stops with its results instead of failing an
 * allocation. */
uint64_t xp_bytes_in_use(const il_explorer *x)
{
    const xp_graph *g = &x->run.graph;
    uint64_t b = g->store ? il_store_bytes(g->store) : 0;
    b += g->edge_to.cap * 4 + g->edge_thread.cap * 2 + g->edge_starts.cap * 4;
    b += (uint64_t)g->cap_states * 6;
    if (!x->run.reduce) b += (uint64_t)g->nstates * 25;
    return b + x->run.found.bytes;
}

int xp_over_budget(il_explorer *x, const il_explore_opts *o)
{
    if (!o->max_bytes) return 0;
    /* room for the next expansion: a successor per thread, packed (mostly
     * zeros: a header bit per word and a few bytes), and its edge; the
     * reduction also steps them all into a buffer first */
    const il_code *c = x->keep.code;
    size_t S = x->run.S;
    uint64_t next = (uint64_t)c->nthreads * (S / 8 + 32 + (x->run.reduce ? S : 0));
    /* the race pass after it gets a sixteenth: races along what was
     * explored are still found when the search fills the budget */
    uint64_t room = o->max_bytes - (x->run.want_races && !o->random ? o->max_bytes / 16 : 0);
    if (xp_bytes_in_use(x) + next <= room) return 0;
    x->run.res.stopped_by = "--max-memory";
    return 1;
}

/* ---- the search --------------------------------------------------------- */

int xp_search(il_explorer *x, const il_explore_opts *o, double t0)
{
    xp_keep *k = &x->keep;
    xp_run *run = &x->run;
    xp_graph *g = &run->graph;
    const il_code *c = k->code;
    size_t S = run->S;
    uint8_t *cur = il_xcalloc(1, S), *next = il_xmalloc(S);
    int added;
    memcpy(cur, c->init, c->state_size);
    if (run->sym) il_sym_canonicalize(c, cur, k->sym_map, k->sym_tmp);
    xp_intern_state(x, cur, &added);
    g->parent[0] = XP_NONE;
    g->parent_thread[0] = 0;
    IL_VEC_PUSH(g->edge_starts, 0);
    g->forward = 1;
    int complete = 1;
    size_t next_clock = 0; /* the clock is read every 4096 transitions */
    uint32_t level_end = 0; /* states below it are no deeper than s */
    for (uint32_t s = 0; s < g->nstates; s++) {
        /* the run's limits (limit.h) are polled with the clock */
        const char *why = NULL;
        if (o->max_states && g->nstates >= o->max_states && s < g->nstates)
            why = "--max-states";
        else if (g->edge_to.len >= next_clock) {
            next_clock = g->edge_to.len + 4096;
            if (o->max_seconds > 0 && xp_now() - t0 > o->max_seconds) why = "--max-seconds";
            else why = il_limit_poll();
        }
        if (why) {
            run->res.stopped_by = why;
            complete = 0;
            break;
        }
        if (xp_over_budget(x, o)) {
            complete = 0;
            break;
        }
        if (s == level_end) level_end = g->nstates;
        xp_load_state(x, s, cur);
        /* hash compaction keeps the bytes of the states still to expand */
        if (run->compact && (s & 4095) == 0) il_store_release_below(g->store, s);
        uint32_t nsucc = 0, nenabled = 0;
        if (run->reduce) {
            if (!il_finished(c, cur)) nsucc = expand_reduced(x, s, cur, level_end, &nenabled);
            goto expanded;
        }
        /* --bound: switching away from a thread that could go on is a
         * preemption; past the bound only that thread may move */
        uint32_t *aug = run->bounded ? (uint32_t *)(cur + c->state_size) : NULL;
        int last_enabled = 0;
        if (aug && aug[0]) {
            il_wait w;
            memcpy(next, cur, S);
            g->stepping = aug[0] - 1;
            last_enabled = il_step(&k->m, next, aug[0] - 1, &w) == IL_STEP_OK;
        }
        if (!il_finished(c, cur)) {
            /* the threads, then the shutdown step (c->nthreads, python.md F1) */
            for (uint32_t t = 0; t <= c->nthreads; t++) {
                if (t < c->nthreads ? il_thr(c, cur, t)->status != IL_TS_RUN /* no step, no copy */
                                    : !il_shutdown_enabled(c, cur)) {
                    k->acc[t].has = 0;
                    continue;
                }
                memcpy(next, cur, S);
                il_wait w;
                g->stepping = t;
                k->acc[t].has = 0;
                if (il_step(&k->m, next, t, &w) != IL_STEP_OK) {
                    k->acc[t].has = 0;
                    continue;
                }
                if (aug) {
                    uint32_t *naug = (uint32_t *)(next + c->state_size);
                    if (aug[0] && aug[0] - 1 != t && aug[1] >= run->bound && last_enabled)
                        continue;
                    naug[1] = aug[1] + (aug[0] && aug[0] - 1 != t && last_enabled);
                    naug[0] = t + 1;
                }
                batch_successor(x, s, cur, next, t);
                nsucc++;
            }
            if (g->nbatch) flush_batch(x, s, cur);
        }
    expanded:
        if (nsucc == 0) {
            int deadlock = !il_finished(c, cur);
            if (deadlock && run->sym) run->sym_unsafe = 1;
            if (deadlock) xp_record_deadlock(x, cur, s);
            IL_VEC_PUSH(g->terminals, s);
            IL_VEC_PUSH(g->term_outcome, xp_record_outcome(x, cur, deadlock, s));
        }
        IL_VEC_PUSH(g->edge_starts, (uint32_t)g->edge_to.len);
        g->nexpanded = s + 1;
        if (run->sym_unsafe) break;
    }
    il_free(cur);
    il_free(next);
    return complete;
}
