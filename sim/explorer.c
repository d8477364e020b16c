/* explorer.c - the state graph and exact interleaving counts (explorer.h).
 *
 * States are numbered in discovery order and expanded in that order, which
 * is breadth-first: the first path found to a state is a shortest one
 * (parent links give the shortest trace later). A state is stored once, as
 * its fixed-size bytes in one flat array; the visited set is an open-
 * addressing table of state numbers keyed by the state's xxHash, with the
 * full 64-bit hashes kept beside the states so growing the table never
 * rehashes bytes. Successor lists are kept in CSR form (edge_start[s] ..
 * edge_start[s+1]), since every state is expanded exactly once and in order.
 *
 * Counting: the number of interleavings ending in terminal state t is the
 * number of paths from the initial state to t. Kahn's algorithm gives a
 * topological order of every state not on or below a cycle; the rest can
 * run forever and make their terminal states' counts "infinite" (D24).
 * Paths are summed in that order in 128-bit integers; if a sum overflows,
 * the pass is redone with GMP. */
#include "explorer.h"
#include "limit.h"

#include <gmp.h>
#include <string.h>
#include <time.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "hashset.h"
#include "intern.h"
#include "machine.h"
#include "por.h"
#include "races.h"
#include "store.h"
#include "symmetry.h"
#include "sync.h"
#include "util.h"

#define NONE UINT32_MAX

typedef unsigned __int128 u128;

/* Where an error finding was first seen. */
struct found_error {
    uint32_t state, thread, pc;
    il_errkind kind;
    int hidden;
};

/* The shared access a thread's next step makes (observed while stepping). */
typedef struct next_access {
    int has;
    uint32_t loc;
    int is_write;
} next_access;

struct il_explorer {
    const il_code *code;
    il_machine m;
    size_t S;                 /* state size in bytes */
    il_store *store;          /* visited set and packed states (store.h) */
    int compact;              /* --compact: fingerprints only (hash compaction) */
    int keep_threads;         /* keep each edge's thread (for --list only) */
    uint8_t *batch;           /* successors waiting for the store (BATCH * S) */
    uint32_t nbatch, batch_thread[16];
    int forward;              /* every edge so far goes to a later state */
    uint32_t nstates, cap_states;
    uint64_t finding_bytes;   /* outcomes', deadlocks' and races' records, for the budget */
    IL_VEC(uint32_t) edge_starts; /* nexpanded + 1 entries */
    IL_VEC(uint32_t) edge_to;
    IL_VEC(uint16_t) edge_thread;
    uint32_t nexpanded;
    uint32_t *parent;         /* BFS tree: first predecessor (NONE for the root) */
    uint16_t *parent_thread;
    IL_VEC(uint32_t) terminals;     /* terminal states */
    IL_VEC(uint32_t) term_outcome;  /* their outcome ids */
    il_hashset outcomes, deadlocks, errors, races; /* keys with dense ids */
    IL_VEC(il_race) found_races;
    il_races *rp;             /* the race pass of --random (races.h) */
    next_access *acc;         /* per thread, for the state being expanded */
    int sym;                  /* states are canonical under thread symmetry */
    int sym_unsafe;           /* a finding names a group member: redo without */
    uint8_t *sym_tmp;         /* scratch for canonicalisation */
    uint8_t *sym_tmp2;        /* scratch (--list) */
    uint32_t *sym_map;        /* old thread -> new thread */
    uint32_t stepping;        /* the thread being stepped (observer context) */
    int want_races;           /* detect races (the observer may run for --no-counts alone) */
    int reduce;               /* --no-counts: partial-order reduction */
    il_por *por;
    il_por_thread *por_th;    /* per thread, for the state being expanded */
    uint8_t *expand;          /* per thread: in the stubborn set */
    uint8_t *succ;            /* nthreads successor states */
    uint64_t por_full;        /* states the proviso expanded fully */
    int bounded;              /* --bound: states carry (last thread + 1, preemptions) */
    uint32_t bound;
    IL_VEC(uint64_t) outcome_runs; /* --random: runs ending in each outcome */
    il_observer obs;
    IL_VEC(uint32_t) deadlock_state, outcome_state;
    /* their bytes: under hash compaction the store forgets expanded states */
    IL_VEC(uint8_t *) deadlock_copy, outcome_copy;
    IL_VEC(struct found_error) found_errors; /* per errors key */
    il_result res;
    il_arena arena;           /* result strings */
};

/* ---- the visited set ---------------------------------------------------- */

/* Unpacks state i into out; 0 if hash compaction has dropped its bytes. */
static int load_state(const il_explorer *x, uint32_t i, uint8_t *out)
{
    return il_store_get(x->store, i, out);
}

/* Room for the BFS parent of a state just added. */
static void note_state(il_explorer *x, uint32_t id)
{
    if (id == x->cap_states) {
        uint32_t nc = x->cap_states ? x->cap_states * 2 : 1024;
        if (nc < x->cap_states) nc = NONE - 1;
        x->parent = il_xrealloc(x->parent, (size_t)nc * sizeof(uint32_t));
        x->parent_thread = il_xrealloc(x->parent_thread, (size_t)nc * sizeof(uint16_t));
        x->cap_states = nc;
    }
    x->nstates = id + 1;
}

/* Returns the number of state s, adding it if new (*added = 1). */
static uint32_t intern_state(il_explorer *x, const uint8_t *s, int *added)
{
    if (!x->store) x->store = il_store_new(x->S, x->compact);
    uint32_t id = il_store_intern(x->store, s, added);
    if (*added) note_state(x, id);
    return id;
}

/* ---- findings ----------------------------------------------------------- */

static void found_error(il_explorer *x, uint32_t state, uint32_t t, uint32_t pc,
                        il_errkind kind, int hidden)
{
    uint32_t key[4] = {t, pc, (uint32_t)kind, (uint32_t)hidden};
    int is_new;
    il_hashset_add(&x->errors, key, sizeof key, &is_new);
    if (is_new) {
        struct found_error f = {state, t, pc, kind, hidden};
        IL_VEC_PUSH(x->found_errors, f);
        x->finding_bytes += 2 * sizeof f + sizeof key + 64;
    }
}

/* A step that ended a thread by an error, or in which an executor swallowed
 * a task's error, is a finding. Not only the stepping thread t's: the last
 * arrival at a barrier runs the waiters' statements on (D20), and they can
 * fail too. */
static void record_errors(il_explorer *x, const uint8_t *before, const uint8_t *after,
                          uint32_t state)
{
    const il_code *c = x->code;
    for (uint32_t u = 0; u < c->nthreads; u++) {
        const il_thread_hdr *h = il_thr(c, (uint8_t *)after, u);
        if (h->status == IL_TS_ERROR && il_thr(c, (uint8_t *)before, u)->status != IL_TS_ERROR)
            found_error(x, state, u, h->pc, (il_errkind)h->err, 0);
    }
    for (uint32_t k = 0; k < c->ntasks; k++) {
        uint32_t w, pc, w0, pc0;
        il_errkind kind, kind0;
        if (il_hidden_error(c, after, k, &w, &kind, &pc) &&
            !il_hidden_error(c, before, k, &w0, &kind0, &pc0))
            found_error(x, state, w, pc, kind, 1);
    }
}

/* An error an executor swallowed: which worker, where, what. */
typedef struct hidden_err {
    uint32_t worker, line, kind;
} hidden_err;

static int cmp_hidden(const void *a, const void *b)
{
    const hidden_err *x = a, *y = b;
    if (x->worker != y->worker) return x->worker < y->worker ? -1 : 1;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    return (x->kind > y->kind) - (x->kind < y->kind);
}

/* The errors hidden in state s, in thread order; out has room for ntasks. */
static size_t hidden_errors(const il_code *c, const uint8_t *s, hidden_err *out)
{
    size_t n = 0;
    for (uint32_t k = 0; k < c->ntasks; k++) {
        uint32_t w, pc;
        il_errkind kind;
        if (il_hidden_error(c, s, k, &w, &kind, &pc))
            out[n++] = (hidden_err){w, pc, (uint32_t)kind};
    }
    qsort(out, n, sizeof *out, cmp_hidden); /* sorted by pc; lines follow pcs within a body */
    for (size_t i = 0; i < n; i++) out[i].line = c->lines[out[i].line];
    return n;
}

/* The outcome of terminal state s: status, output, finals, errors (D13). */
static uint32_t record_outcome(il_explorer *x, const uint8_t *s, int deadlock, uint32_t state)
{
    const il_code *c = x->code;
    size_t n = 8 + 8 * (size_t)c->nlocs + 8 * (size_t)c->nthreads + 12 * (size_t)c->ntasks;
    uint8_t *key = il_xcalloc(1, n);
    int any_error = 0;
    uint32_t *errs = (uint32_t *)(key + 8 + 8 * (size_t)c->nlocs);
    for (uint32_t t = 0; t < c->nthreads; t++) {
        const il_thread_hdr *h = il_thr(c, (uint8_t *)s, t);
        if (h->status == IL_TS_ERROR) {
            any_error = 1;
            errs[2 * t] = h->err;
            errs[2 * t + 1] = c->lines[h->pc];
        }
    }
    /* errors an executor hid are part of the outcome too, in thread order
     * (D13), whichever task raised them */
    size_t nhid = hidden_errors(c, s, (hidden_err *)(errs + 2 * (size_t)c->nthreads));
    any_error |= nhid > 0;
    key[0] = (uint8_t)(deadlock ? IL_STATUS_DEADLOCK : any_error ? IL_STATUS_ERROR : IL_STATUS_OK);
    uint32_t out = (uint32_t)*il_outp(c, (uint8_t *)s);
    memcpy(key + 4, &out, 4);
    memcpy(key + 8, il_shared(c, (uint8_t *)s), 8 * (size_t)c->nlocs);
    int is_new;
    uint32_t id = il_hashset_add(&x->outcomes, key, n, &is_new);
    if (is_new) {
        IL_VEC_PUSH(x->outcome_state, state);
        uint8_t *copy = il_xmalloc(x->S);
        memcpy(copy, s, x->S);
        IL_VEC_PUSH(x->outcome_copy, copy);
        /* the key and the copy, then the report's outcome built from them */
        x->finding_bytes += 2 * ((uint64_t)n + x->S + 64);
    }
    free(key);
    return id;
}

static void record_deadlock(il_explorer *x, const uint8_t *s, uint32_t state)
{
    const il_code *c = x->code;
    IL_VEC(uint32_t) key = {0};
    uint8_t *tmp = il_xmalloc(x->S);
    for (uint32_t t = 0; t < c->nthreads; t++) {
        if (il_thr(c, (uint8_t *)s, t)->status != IL_TS_RUN) continue; /* not blocked */
        memcpy(tmp, s, x->S);
        il_wait w;
        if (il_step(&x->m, tmp, t, &w) != IL_STEP_BLOCKED) continue;
        IL_VEC_PUSH(key, t);
        IL_VEC_PUSH(key, w.pc);
        IL_VEC_PUSH(key, (uint32_t)w.is_thread);
        IL_VEC_PUSH(key, w.obj);
    }
    free(tmp);
    int is_new;
    il_hashset_add(&x->deadlocks, key.items, key.len * sizeof(uint32_t), &is_new);
    if (is_new) {
        IL_VEC_PUSH(x->deadlock_state, state);
        uint8_t *copy = il_xmalloc(x->S);
        memcpy(copy, s, x->S);
        IL_VEC_PUSH(x->deadlock_copy, copy);
        x->finding_bytes += 2 * ((uint64_t)key.len * 4 + x->S + 64);
    }
    free(key.items);
}

/* ---- symmetry --------------------------------------------------------------- */

/* The canonical form (symmetry.h), with the explorer's scratch. */
static void canonicalize(il_explorer *x, uint8_t *s)
{
    il_sym_canonicalize(x->code, s, x->sym_map, x->sym_tmp);
}

static int in_group(const il_explorer *x, uint32_t t) { return x->code->threads[t].group >= 0; }

/* ---- the observer (the reduction's footprints) ------------------------------ */

/* A step makes at most one shared access (language.md rule 1), so what the
 * observer sees while a thread takes its step is that step's access. */
static void observe_access(void *ctx, uint32_t t, uint32_t loc, int is_write, int64_t v)
{
    il_explorer *x = ctx;
    (void)v;
    if (t != x->stepping) return; /* a barrier waiter's continuation makes none */
    x->acc[t] = (next_access){1, loc, is_write};
}

static void observe_print(void *ctx, uint32_t t, uint32_t line)
{
    (void)ctx; (void)t; (void)line;
}

/* ---- exploration -------------------------------------------------------- */

il_explorer *il_explorer_new(const il_code *code)
{
    il_explorer *x = il_xcalloc(1, sizeof *x);
    x->code = code;
    x->m.code = code;
    x->m.intern = il_intern_new();
    x->S = code->state_size;
    x->acc = il_xcalloc(code->nthreads + 1, sizeof(next_access));
    x->obs = (il_observer){x, observe_access, observe_print, NULL};
    x->sym_tmp = il_xmalloc(code->state_size + 8); /* + the --bound bytes */
    x->sym_tmp2 = il_xmalloc(code->state_size + 8);
    x->sym_map = il_xcalloc(code->nthreads + 1, sizeof(uint32_t));
    il_arena_init(&x->arena);
    return x;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Symmetry: the checks a successor needs before it becomes canonical. */
static void prepare_successor(il_explorer *x, const uint8_t *cur, uint8_t *next)
{
    const il_code *c = x->code;
    if (!x->sym) return;
    /* findings name threads: a member's would stand for its whole
     * group, so such a program is explored without */
    for (uint32_t u = 0; u < c->nthreads; u++) /* barrier waiters fail in t's step too */
        if (in_group(x, u) && il_thr(c, next, u)->status == IL_TS_ERROR &&
            il_thr(c, (uint8_t *)cur, u)->status != IL_TS_ERROR)
            x->sym_unsafe = 1;
    if (c->ntasks &&
        memcmp(il_syncslots(c, next) + c->exec_slot + 1,
               il_syncslots(c, (uint8_t *)cur) + c->exec_slot + 1, 8 * (size_t)c->ntasks))
        x->sym_unsafe = 1;
    canonicalize(x, next);
}

/* The edge s --t--> id, where next (the state id) was stepped from cur. */
static void commit_successor(il_explorer *x, uint32_t s, const uint8_t *cur, const uint8_t *next,
                             uint32_t t, uint32_t id, int added)
{
    if (added) {
        x->parent[id] = s;
        x->parent_thread[id] = (uint16_t)t;
        record_errors(x, cur, next, id);
    }
    x->forward &= id > s;
    IL_VEC_PUSH(x->edge_to, id);
    if (x->keep_threads) IL_VEC_PUSH(x->edge_thread, (uint16_t)t);
}

/* Adds the edge s --t--> next (next already stepped from cur). */
static void add_successor(il_explorer *x, uint32_t s, const uint8_t *cur, uint8_t *next,
                          uint32_t t)
{
    int added;
    prepare_successor(x, cur, next);
    uint32_t id = intern_state(x, next, &added);
    commit_successor(x, s, cur, next, t, id, added);
}

/* Successors wait in a batch of up to BATCH so that the store can overlap
 * their lookups (il_store_intern_many). */
#define BATCH 16

static void flush_batch(il_explorer *x, uint32_t s, const uint8_t *cur)
{
    uint8_t *ptr[BATCH];
    uint32_t ids[BATCH];
    int added[BATCH];
    for (uint32_t i = 0; i < x->nbatch; i++) ptr[i] = x->batch + (size_t)i * x->S;
    il_store_intern_many(x->store, x->nbatch, ptr, ids, added);
    for (uint32_t i = 0; i < x->nbatch; i++) {
        if (added[i]) note_state(x, ids[i]);
        commit_successor(x, s, cur, ptr[i], x->batch_thread[i], ids[i], added[i]);
    }
    x->nbatch = 0;
}

static void batch_successor(il_explorer *x, uint32_t s, const uint8_t *cur, const uint8_t *next,
                            uint32_t t)
{
    if (!x->batch) x->batch = il_xmalloc((size_t)BATCH * x->S);
    uint8_t *b = x->batch + (size_t)x->nbatch * x->S;
    memcpy(b, next, x->S);
    prepare_successor(x, cur, b);
    x->batch_thread[x->nbatch++] = t;
    if (x->nbatch == BATCH) flush_batch(x, s, cur);
}

/* Partial-order reduction: steps every thread (for its footprint and for
 * races), then expands only a stubborn set, or every enabled thread when
 * the reduced successors would close a cycle (the proviso: in breadth-first
 * order, a cycle has an edge back to a level no deeper than its source, so
 * a state with such a reduced edge is expanded fully). */
static uint32_t expand_reduced(il_explorer *x, uint32_t s, const uint8_t *cur,
                               uint32_t level_end, uint32_t *nenabled)
{
    const il_code *c = x->code;
    uint32_t T = c->nthreads, nsucc = 0;
    *nenabled = 0;
    for (uint32_t t = 0; t < T; t++) {
        uint8_t *next = x->succ + (size_t)t * x->S;
        il_por_thread *th = &x->por_th[t];
        il_wait w = {0};
        x->stepping = t;
        x->acc[t].has = 0;
        const il_thread_hdr *h = il_thr(c, (uint8_t *)cur, t);
        th->pc = h->pc;
        th->acc_has = 0;
        /* il_step does nothing to a thread that is not running: no copy */
        il_step_res r = IL_STEP_IDLE;
        if (h->status == IL_TS_RUN) {
            memcpy(next, cur, x->S);
            r = il_step(&x->m, next, t, &w);
        }
        if (r == IL_STEP_OK) {
            th->kind = IL_POR_ENABLED;
            th->acc_has = (uint8_t)x->acc[t].has;
            th->acc_loc = x->acc[t].loc;
            th->acc_write = (uint8_t)x->acc[t].is_write;
            (*nenabled)++;
        } else {
            x->acc[t].has = 0;
            th->kind = r == IL_STEP_BLOCKED ? IL_POR_BLOCKED
                       : h->status == IL_TS_NEW ? IL_POR_NEW : IL_POR_IDLE;
            th->wait_is_thread = (uint8_t)w.is_thread;
            th->wait_obj = w.obj;
        }
    }
    if (*nenabled == 0) return 0;
    il_por_choose(x->por, x->por_th, x->expand);
    int full = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t t = 0; t < T; t++) {
            if (x->por_th[t].kind != IL_POR_ENABLED || x->expand[t] != (pass == 0)) continue;
            size_t e = x->edge_to.len;
            add_successor(x, s, cur, x->succ + (size_t)t * x->S, t);
            if (x->edge_to.items[e] < level_end) full = 1;
            nsucc++;
        }
        if (!full) break;
        x->por_full++;
    }
    return nsucc;
}

/* What the graph holds now, plus what counting it will need (in-degree,
 * order, a finite flag and a 128-bit count per state): checked against
 * --max-memory so that a run stops with its results instead of failing an
 * allocation. */
static uint64_t bytes_in_use(const il_explorer *x)
{
    uint64_t b = x->store ? il_store_bytes(x->store) : 0;
    b += x->edge_to.cap * 4 + x->edge_thread.cap * 2 + x->edge_starts.cap * 4;
    b += (uint64_t)x->cap_states * 6;
    if (!x->reduce) b += (uint64_t)x->nstates * 25;
    return b + x->finding_bytes;
}

static int over_budget(il_explorer *x, const il_explore_opts *o)
{
    if (!o->max_bytes) return 0;
    /* room for the next expansion: a successor per thread, packed (mostly
     * zeros: a header bit per word and a few bytes), and its edge; the
     * reduction also steps them all into a buffer first */
    const il_code *c = x->code;
    uint64_t next = (uint64_t)c->nthreads * (x->S / 8 + 32 + (x->reduce ? x->S : 0));
    /* the race pass after it gets a sixteenth: races along what was
     * explored are still found when the search fills the budget */
    uint64_t room = o->max_bytes - (x->want_races && !o->random ? o->max_bytes / 16 : 0);
    if (bytes_in_use(x) + next <= room) return 0;
    x->res.stopped_by = "--max-memory";
    return 1;
}

static int explore_graph(il_explorer *x, const il_explore_opts *o, double t0)
{
    const il_code *c = x->code;
    uint8_t *cur = il_xcalloc(1, x->S), *next = il_xmalloc(x->S);
    int added;
    memcpy(cur, c->init, c->state_size);
    if (x->sym) canonicalize(x, cur);
    intern_state(x, cur, &added);
    x->parent[0] = NONE;
    x->parent_thread[0] = 0;
    IL_VEC_PUSH(x->edge_starts, 0);
    x->forward = 1;
    int complete = 1;
    size_t next_clock = 0; /* the clock is read every 4096 transitions */
    uint32_t level_end = 0; /* states below it are no deeper than s */
    for (uint32_t s = 0; s < x->nstates; s++) {
        /* the run's limits (limit.h) are polled with the clock */
        const char *why = NULL;
        if (o->max_states && x->nstates >= o->max_states && s < x->nstates)
            why = "--max-states";
        else if (x->edge_to.len >= next_clock) {
            next_clock = x->edge_to.len + 4096;
            if (o->max_seconds > 0 && now() - t0 > o->max_seconds) why = "--max-seconds";
            else why = il_limit_poll();
        }
        if (why) {
            x->res.stopped_by = why;
            complete = 0;
            break;
        }
        if (over_budget(x, o)) {
            complete = 0;
            break;
        }
        if (s == level_end) level_end = x->nstates;
        load_state(x, s, cur);
        /* hash compaction keeps the bytes of the states still to expand */
        if (x->compact && (s & 4095) == 0) il_store_release_below(x->store, s);
        uint32_t nsucc = 0, nenabled = 0;
        if (x->reduce) {
            if (!il_finished(c, cur)) nsucc = expand_reduced(x, s, cur, level_end, &nenabled);
            goto expanded;
        }
        /* --bound: switching away from a thread that could go on is a
         * preemption; past the bound only that thread may move */
        uint32_t *aug = x->bounded ? (uint32_t *)(cur + c->state_size) : NULL;
        int last_enabled = 0;
        if (aug && aug[0]) {
            il_wait w;
            memcpy(next, cur, x->S);
            x->stepping = aug[0] - 1;
            last_enabled = il_step(&x->m, next, aug[0] - 1, &w) == IL_STEP_OK;
        }
        if (!il_finished(c, cur)) {
            for (uint32_t t = 0; t < c->nthreads; t++) {
                if (il_thr(c, cur, t)->status != IL_TS_RUN) { /* no step, no copy */
                    x->acc[t].has = 0;
                    continue;
                }
                memcpy(next, cur, x->S);
                il_wait w;
                x->stepping = t;
                x->acc[t].has = 0;
                if (il_step(&x->m, next, t, &w) != IL_STEP_OK) {
                    x->acc[t].has = 0;
                    continue;
                }
                if (aug) {
                    uint32_t *naug = (uint32_t *)(next + c->state_size);
                    if (aug[0] && aug[0] - 1 != t && aug[1] >= x->bound && last_enabled)
                        continue;
                    naug[1] = aug[1] + (aug[0] && aug[0] - 1 != t && last_enabled);
                    naug[0] = t + 1;
                }
                batch_successor(x, s, cur, next, t);
                nsucc++;
            }
            if (x->nbatch) flush_batch(x, s, cur);
        }
    expanded:
        if (nsucc == 0) {
            int deadlock = !il_finished(c, cur);
            if (deadlock && x->sym) x->sym_unsafe = 1;
            if (deadlock) record_deadlock(x, cur, s);
            IL_VEC_PUSH(x->terminals, s);
            IL_VEC_PUSH(x->term_outcome, record_outcome(x, cur, deadlock, s));
        }
        IL_VEC_PUSH(x->edge_starts, (uint32_t)x->edge_to.len);
        x->nexpanded = s + 1;
        if (x->sym_unsafe) break;
    }
    free(cur);
    free(next);
    return complete;
}

/* ---- random runs (--random N --seed S) ------------------------------------ */

/* splitmix64: tiny, and the same sequence on every platform, so a seed
 * names the same runs everywhere (cli.md: same inputs, same output). */
static uint64_t splitmix64(uint64_t *st)
{
    uint64_t z = (*st += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Uniform in [0, n) without modulo bias. */
static uint32_t pick(uint64_t *st, uint32_t n)
{
    uint64_t lim = UINT64_MAX - UINT64_MAX % n;
    uint64_t r;
    do r = splitmix64(st); while (r >= lim);
    return (uint32_t)(r % n);
}

/* N runs from the start, each step taken by a thread chosen uniformly among
 * the enabled ones. States are still interned: findings and traces come
 * from them exactly as in a full exploration (a trace is the first run's
 * path to the state), and the runs ending in each outcome are counted. */
static int explore_random(il_explorer *x, const il_explore_opts *o, double t0)
{
    const il_code *c = x->code;
    uint8_t *cur = il_xcalloc(1, x->S), *next = il_xmalloc(x->S);
    uint32_t *enabled = il_xmalloc(sizeof(uint32_t) * (c->nthreads + 1));
    uint64_t rng = o->seed;
    int added, complete = 1;
    memcpy(cur, c->init, c->state_size);
    intern_state(x, cur, &added);
    x->parent[0] = NONE;
    x->parent_thread[0] = 0;
    uint64_t steps_total = 0;
    for (uint64_t run = 0; run < o->random && complete; run++) {
        if ((o->max_states && x->nstates >= o->max_states) ||
            (o->max_seconds > 0 && now() - t0 > o->max_seconds)) {
            x->res.stopped_by = o->max_states && x->nstates >= o->max_states
                                    ? "--max-states" : "--max-seconds";
            complete = 0;
            break;
        }
        memcpy(cur, c->init, c->state_size);
        uint32_t s = 0;
        if (x->rp) il_races_run_begin(x->rp);
        for (uint64_t steps = 0;; steps++) {
            /* a run may be 100,000 steps, each a new state: the budget and
             * the limits are checked within it (a run cut short counts in
             * no outcome) */
            const char *why = (steps_total & 1023) == 0 ? il_limit_poll() : NULL;
            if (why) x->res.stopped_by = why;
            if (why || ((steps_total & 1023) == 0 && over_budget(x, o))) {
                complete = 0;
                break;
            }
            uint32_t nen = 0;
            if (!il_finished(c, cur))
                for (uint32_t t = 0; t < c->nthreads; t++) {
                    il_wait w;
                    if (il_thr(c, cur, t)->status != IL_TS_RUN) { /* no step, no copy */
                        x->acc[t].has = 0;
                        continue;
                    }
                    memcpy(next, cur, x->S);
                    x->stepping = t;
                    x->acc[t].has = 0;
                    if (il_step(&x->m, next, t, &w) == IL_STEP_OK) enabled[nen++] = t;
                    else x->acc[t].has = 0;
                }
            if (nen == 0) {
                int deadlock = !il_finished(c, cur);
                if (deadlock) record_deadlock(x, cur, s);
                uint32_t oid = record_outcome(x, cur, deadlock, s);
                while (x->outcome_runs.len <= oid) IL_VEC_PUSH(x->outcome_runs, 0);
                x->outcome_runs.items[oid]++;
                break;
            }
            if (steps == IL_RANDOM_MAX_STEPS) {
                x->res.unfinished++;
                break;
            }
            uint32_t t = enabled[pick(&rng, nen)];
            if (x->rp) il_races_run_step(x->rp, cur, t);
            il_wait w;
            memcpy(next, cur, x->S);
            x->stepping = t;
            il_step(&x->m, next, t, &w);
            uint32_t id = intern_state(x, next, &added);
            if (added) {
                x->parent[id] = s;
                x->parent_thread[id] = (uint16_t)t;
                record_errors(x, cur, next, id);
            }
            steps_total++;
            memcpy(cur, next, x->S);
            s = id;
        }
    }
    x->nexpanded = x->nstates;
    x->res.transitions = steps_total;
    free(cur);
    free(next);
    free(enabled);
    return complete;
}

/* ---- counting ----------------------------------------------------------- */

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
    if (l->o->max_seconds > 0 && now() - l->t0 > l->o->max_seconds) l->why = "--max-seconds";
    else l->why = il_limit_poll();
    return l->why != NULL;
}

/* Topological order of the states not on or below a cycle (Kahn); NULL
 * when a limit stopped it. */
static uint32_t *topo_order(il_explorer *x, uint32_t *norder, count_limits *lim)
{
    uint32_t n = x->nstates;
    if (x->forward) {
        /* every edge goes to a later number: discovery order is one
         * (usual when all paths to a state have the same length) */
        uint32_t *order = il_xmalloc(sizeof(uint32_t) * (n ? n : 1));
        for (uint32_t i = 0; i < n; i++) order[i] = i;
        *norder = n;
        return order;
    }
    uint32_t *indeg = il_xcalloc(n, sizeof(uint32_t));
    uint32_t *order = NULL;
    for (size_t e = 0; e < x->edge_to.len; e++) {
        if (count_stop(lim, e)) goto out;
        indeg[x->edge_to.items[e]]++;
    }
    order = il_xmalloc(sizeof(uint32_t) * n);
    uint32_t head = 0, tail = 0;
    if (n && indeg[0] == 0) order[tail++] = 0;
    while (head < tail) {
        if (count_stop(lim, head)) {
            free(order);
            order = NULL;
            goto out;
        }
        uint32_t s = order[head++];
        if (s >= x->nexpanded) continue;
        for (uint32_t e = x->edge_starts.items[s]; e < x->edge_starts.items[s + 1]; e++)
            if (--indeg[x->edge_to.items[e]] == 0) order[tail++] = x->edge_to.items[e];
    }
    *norder = tail;
out:
    free(indeg);
    return order;
}

/* 1 when done, 0 when a count outgrew 128 bits, -1 when a limit stopped it. */
static int count_u128(il_explorer *x, const uint32_t *order, uint32_t norder, u128 *paths,
                      count_limits *lim)
{
    memset(paths, 0, sizeof(u128) * x->nstates);
    paths[0] = 1;
    for (uint32_t i = 0; i < norder; i++) {
        if (count_stop(lim, i)) return -1;
        uint32_t s = order[i];
        if (s >= x->nexpanded) continue;
        for (uint32_t e = x->edge_starts.items[s]; e < x->edge_starts.items[s + 1]; e++) {
            u128 *d = &paths[x->edge_to.items[e]];
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

/* Fills per-outcome counts (mpz) and infinite flags; returns total in tot.
 * When a limit stops it, the counts are left zero and the result says
 * they are unknown (uncounted, stopped_in "counting"). */
static void count(il_explorer *x, const il_explore_opts *o, double t0, mpz_t *oc, int *oinf,
                  mpz_t tot, int *tinf)
{
    count_limits lim = {o, t0, x->res.complete, NULL};
    if (lim.on) il_limit_phase("counting");
    uint32_t norder = 0;
    uint32_t *order = topo_order(x, &norder, &lim);
    uint8_t *finite = NULL;
    u128 *p128 = NULL;
    mpz_t *pz = NULL;
    if (!order) goto out;
    finite = il_xcalloc(x->nstates ? x->nstates : 1, 1);
    for (uint32_t i = 0; i < norder; i++) finite[order[i]] = 1;
    *tinf = norder < x->nstates;
    p128 = il_xmalloc(sizeof(u128) * (x->nstates ? x->nstates : 1));
    int done = count_u128(x, order, norder, p128, &lim);
    if (done < 0) goto out;
    if (!done) {
        pz = il_xmalloc(sizeof(mpz_t) * x->nstates);
        for (uint32_t i = 0; i < x->nstates; i++) mpz_init(pz[i]);
        mpz_set_ui(pz[0], 1);
        for (uint32_t i = 0; i < norder; i++) {
            if (count_stop(&lim, i)) goto out;
            uint32_t s = order[i];
            if (s >= x->nexpanded) continue;
            uint32_t e0 = x->edge_starts.items[s], e1 = x->edge_starts.items[s + 1];
            for (uint32_t e = e0; e < e1; e++)
                mpz_add(pz[x->edge_to.items[e]], pz[x->edge_to.items[e]], pz[s]);
            /* passed on: only terminal states' counts are read later, so the
             * big numbers live only on the frontier of the order */
            if (e1 > e0) mpz_realloc2(pz[s], 1);
        }
    }
    mpz_set_ui(tot, 0);
    mpz_t tmp;
    mpz_init(tmp);
    for (size_t i = 0; i < x->terminals.len; i++) {
        uint32_t s = x->terminals.items[i], oid = x->term_outcome.items[i];
        if (!finite[s]) { oinf[oid] = 1; continue; }
        if (pz) mpz_set(tmp, pz[s]);
        else u128_to_mpz(tmp, p128[s]);
        mpz_add(oc[oid], oc[oid], tmp);
        mpz_add(tot, tot, tmp);
    }
    mpz_clear(tmp);
out:
    if (lim.why) {
        *tinf = 0;
        x->res.uncounted = 1;
        il_explorer_stopped(x, lim.why, "counting");
    }
    if (pz) {
        for (uint32_t i = 0; i < x->nstates; i++) mpz_clear(pz[i]);
        free(pz);
    }
    free(p128);
    free(finite);
    free(order);
}

/* ---- the result --------------------------------------------------------- */

static const char *mpz_str(il_explorer *x, const mpz_t z)
{
    char *s = mpz_get_str(NULL, 10, z);
    const char *r = il_arena_strdup(&x->arena, s);
    free(s);
    return r;
}

static int cmp_i64(int64_t a, int64_t b) { return (a > b) - (a < b); }

static int cmp_outcome(const il_outcome *a, const il_outcome *b, uint32_t nlocs)
{
    if (a->status != b->status) return (int)a->status - (int)b->status;
    for (size_t i = 0; i < a->noutput && i < b->noutput; i++) {
        int r = strcmp(a->output[i], b->output[i]);
        if (r) return r;
    }
    if (a->noutput != b->noutput) return a->noutput < b->noutput ? -1 : 1;
    for (uint32_t i = 0; i < nlocs; i++) {
        int r = cmp_i64(a->final[i], b->final[i]);
        if (r) return r;
    }
    for (size_t i = 0; i < a->nerrors && i < b->nerrors; i++) {
        int r = strcmp(a->errors[i].thread, b->errors[i].thread);
        if (!r) r = a->errors[i].line - b->errors[i].line;
        if (!r) r = strcmp(a->errors[i].kind, b->errors[i].kind);
        if (r) return r;
    }
    return (a->nerrors > b->nerrors) - (a->nerrors < b->nerrors);
}

static int cmp_outcome_ctx(const void *a, const void *b, void *ctx)
{
    return cmp_outcome(a, b, *(const uint32_t *)ctx);
}

static void sort_outcomes(il_outcome *o, size_t n, uint32_t nlocs)
{
    il_sort(o, n, sizeof *o, cmp_outcome_ctx, &nlocs);
}

static void error_info(il_explorer *x, uint32_t t, uint32_t pc, il_errkind kind, int hidden,
                       il_error_info *e)
{
    const il_code *c = x->code;
    il_buf scratch = {0};
    e->thread = c->threads[t].name;
    e->line = (int)c->lines[pc];
    e->kind = il_errkind_names[kind];
    e->message = il_arena_strdup(&x->arena, il_error_message_at(c, pc, t, kind, &scratch));
    e->hidden = hidden;
    il_buf_free(&scratch);
}

static void build_outcomes(il_explorer *x, mpz_t *oc, int *oinf, const mpz_t tot, int tinf)
{
    const il_code *c = x->code;
    size_t n = il_hashset_count(&x->outcomes);
    il_outcome *out = il_arena_alloc(&x->arena, sizeof(il_outcome) * (n + 1));
    double dtot = mpz_get_d(tot);
    for (size_t i = 0; i < n; i++) {
        const uint8_t *key = il_hashset_key(&x->outcomes, (uint32_t)i);
        const uint8_t *s = x->outcome_copy.items[i];
        il_outcome *o = &out[i];
        o->status = (il_status)key[0];
        o->state = x->outcome_state.items[i];
        uint32_t oid;
        memcpy(&oid, key + 4, 4);
        size_t nl = il_intern_out_lines(x->m.intern, oid, NULL, 0);
        uint32_t *lines = il_xmalloc(sizeof(uint32_t) * (nl + 1));
        il_intern_out_lines(x->m.intern, oid, lines, nl);
        o->noutput = nl;
        o->output = il_arena_alloc(&x->arena, sizeof(char *) * (nl + 1));
        for (size_t j = 0; j < nl; j++)
            o->output[j] = il_arena_strdup(&x->arena, il_intern_get(x->m.intern, lines[j]));
        free(lines);
        int64_t *fin = il_arena_alloc(&x->arena, 8 * (size_t)(c->nlocs + 1));
        memcpy(fin, key + 8, 8 * (size_t)c->nlocs);
        o->final = fin;
        hidden_err *hid = il_xmalloc(sizeof(hidden_err) * (c->ntasks + 1));
        size_t nhid = 0;
        for (uint32_t k = 0; k < c->ntasks; k++) {
            uint32_t w, pc;
            il_errkind kind;
            if (il_hidden_error(c, s, k, &w, &kind, &pc)) hid[nhid++] = (hidden_err){w, pc, kind};
        }
        qsort(hid, nhid, sizeof *hid, cmp_hidden);
        for (uint32_t t = 0; t < c->nthreads; t++)
            if (il_thr(c, (uint8_t *)s, t)->status == IL_TS_ERROR) o->nerrors++;
        o->nerrors += nhid;
        o->errors = il_arena_alloc(&x->arena, sizeof(il_error_info) * (o->nerrors + 1));
        size_t k = 0;
        for (uint32_t t = 0; t < c->nthreads; t++) {
            const il_thread_hdr *h = il_thr(c, (uint8_t *)s, t);
            if (h->status == IL_TS_ERROR)
                error_info(x, t, h->pc, (il_errkind)h->err, 0, &o->errors[k++]);
        }
        for (size_t i = 0; i < nhid; i++)
            error_info(x, hid[i].worker, hid[i].line, (il_errkind)hid[i].kind, 1, &o->errors[k++]);
        free(hid);
        if (x->res.uncounted) {
            o->count = NULL; /* --no-counts, or a limit stopped counting */
            o->share = 0;
        } else if (oinf[i]) {
            o->count = "infinite";
            o->share = 0;
        } else {
            o->count = mpz_str(x, oc[i]);
            o->share = (!tinf && dtot > 0) ? mpz_get_d(oc[i]) / dtot : 0;
        }
    }
    sort_outcomes(out, n, c->nlocs);
    x->res.outcomes = out;
    x->res.noutcomes = n;
}

static int cmp_deadlock(const void *pa, const void *pb, void *ctx)
{
    const il_deadlock *a = pa, *v = pb;
    (void)ctx;
    int r = 0;
    for (size_t k = 0; !r && k < a->nblocked && k < v->nblocked; k++) {
        r = strcmp(a->blocked[k].thread, v->blocked[k].thread);
        if (!r) r = a->blocked[k].line - v->blocked[k].line;
        if (!r) r = strcmp(a->blocked[k].waiting_for, v->blocked[k].waiting_for);
    }
    if (!r) r = (a->nblocked > v->nblocked) - (a->nblocked < v->nblocked);
    return r;
}

static void build_deadlocks(il_explorer *x)
{
    const il_code *c = x->code;
    size_t n = il_hashset_count(&x->deadlocks);
    il_deadlock *dl = il_arena_alloc(&x->arena, sizeof(il_deadlock) * (n + 1));
    for (size_t i = 0; i < n; i++) {
        const uint32_t *key = il_hashset_key(&x->deadlocks, (uint32_t)i);
        size_t nb = il_hashset_len(&x->deadlocks, (uint32_t)i) / (4 * sizeof(uint32_t));
        const uint8_t *s = x->deadlock_copy.items[i];
        dl[i].state = x->deadlock_state.items[i];
        dl[i].nblocked = nb;
        dl[i].blocked = il_arena_alloc(&x->arena, sizeof(il_blocked) * (nb + 1));
        for (size_t j = 0; j < nb; j++) {
            il_wait w = {key[4 * j], (int)key[4 * j + 2], key[4 * j + 3], key[4 * j + 1]};
            il_buf wf = {0}, det = {0};
            il_wait_describe(c, s, &w, &wf, &det);
            il_blocked *b = &dl[i].blocked[j];
            b->thread = c->threads[key[4 * j]].name;
            b->line = (int)c->lines[w.pc];
            b->waiting_for = il_arena_strdup(&x->arena, wf.data);
            b->detail = il_arena_strdup(&x->arena, det.data);
            il_buf_free(&wf);
            il_buf_free(&det);
        }
    }
    /* sorted by their first differing blocked entry (thread order, line) */
    il_sort(dl, n, sizeof *dl, cmp_deadlock, NULL);
    x->res.deadlocks = dl;
    x->res.ndeadlocks = n;
}

/* Thread order (by the thread's index), then line, kind and message. */
static int cmp_error(const void *pa, const void *pb, void *ctx)
{
    const il_code *c = ctx;
    const il_error_info *a = &((const il_finding_error *)pa)->info;
    const il_error_info *b = &((const il_finding_error *)pb)->info;
    /* by hash: a scan of the threads per comparison made n errors n^2 log n */
    uint32_t ia = il_intern_find(c->thread_ix, a->thread, strlen(a->thread));
    uint32_t ib = il_intern_find(c->thread_ix, b->thread, strlen(b->thread));
    int r = (ia > ib) - (ia < ib);
    if (!r) r = a->line - b->line;
    if (!r) r = strcmp(a->kind, b->kind);
    if (!r) r = strcmp(a->message, b->message);
    if (!r) r = a->hidden - b->hidden;
    return r;
}

static void build_errors(il_explorer *x)
{
    size_t n = il_hashset_count(&x->errors);
    il_finding_error *fe = il_arena_alloc(&x->arena, sizeof(il_finding_error) * (n + 1));
    for (size_t i = 0; i < n; i++) {
        const struct found_error *f = &x->found_errors.items[i];
        fe[i].state = f->state;
        error_info(x, f->thread, f->pc, f->kind, f->hidden, &fe[i].info);
    }
    il_sort(fe, n, sizeof *fe, cmp_error, (void *)x->code);
    x->res.errors = fe;
    x->res.nerrors = n;
}

static int cmp_access(const il_access *a, const il_access *b)
{
    int r = strcmp(a->thread, b->thread);
    if (!r) r = a->line - b->line;
    if (!r) r = a->is_write - b->is_write;
    return r;
}

/* By location (in file order), then the two accesses. */
static int cmp_race(const void *pa, const void *pb, void *ctx)
{
    const il_code *c = ctx;
    const il_race *a = pa, *v = pb;
    uint32_t la = 0, lv = 0;
    for (uint32_t k = 0; k < c->nlocs; k++) {
        if (c->loc_names[k] == a->location) la = k;
        if (c->loc_names[k] == v->location) lv = k;
    }
    int d = (la > lv) - (la < lv);
    if (!d) d = (a->thread_a > v->thread_a) - (a->thread_a < v->thread_a);
    if (!d) d = cmp_access(&a->first, &v->first);
    if (!d) d = (a->thread_b > v->thread_b) - (a->thread_b < v->thread_b);
    if (!d) d = cmp_access(&a->second, &v->second);
    return d;
}

static void build_races(il_explorer *x)
{
    size_t n = x->found_races.len;
    il_race *r = il_arena_alloc(&x->arena, sizeof(il_race) * (n + 1));
    if (n) memcpy(r, x->found_races.items, sizeof(il_race) * n);
    il_sort(r, n, sizeof *r, cmp_race, (void *)x->code);
    x->res.races = r;
    x->res.nraces = n;
}

static void explorer_clear(il_explorer *x);

/* Adds the race pass's pairs (races.h) to those found as the next steps of
 * one state while exploring (each pair once, the latter kept). */
static void merge_races(il_explorer *x, const il_races *rp)
{
    const il_code *c = x->code;
    for (size_t i = 0; i < il_races_count(rp); i++) {
        const il_race_pair *p = il_races_get(rp, i);
        uint32_t key[7] = {p->loc, p->ta, p->la, p->wa, p->tb, p->lb, p->wb};
        int is_new;
        il_hashset_add(&x->races, key, sizeof key, &is_new);
        if (!is_new) continue;
        uint32_t *sched = il_arena_alloc(&x->arena, sizeof(uint32_t) * (p->nsched + 1));
        memcpy(sched, p->sched, sizeof(uint32_t) * p->nsched);
        il_race r = {
            .location = c->loc_names[p->loc],
            .first = {c->threads[p->ta].name, (int)p->la, (int)p->wa},
            .second = {c->threads[p->tb].name, (int)p->lb, (int)p->wb},
            .state = 0, .thread_a = p->ta, .thread_b = p->tb,
            .schedule = sched, .nschedule = p->nsched,
        };
        const char **via = il_arena_alloc(&x->arena, sizeof(char *) * (p->nvia + 1));
        for (size_t k = 0; k < p->nvia; k++) via[k] = c->loc_names[p->via[k]];
        r.via = via;
        r.nvia = p->nvia;
        IL_VEC_PUSH(x->found_races, r);
    }
}

static int graph_load(const void *ctx, uint32_t s, uint8_t *out)
{
    return load_state(ctx, s, out);
}

static uint32_t graph_succ(const void *ctx, uint32_t s, uint32_t k)
{
    const il_explorer *x = ctx;
    return x->edge_to.items[x->edge_starts.items[s] + k];
}

/* Random runs count runs, not paths: each outcome's share of the runs. */
static void count_runs(il_explorer *x, mpz_t *oc, mpz_t tot)
{
    mpz_set_ui(tot, 0);
    for (size_t i = 0; i < x->outcome_runs.len; i++) {
        mpz_set_ui(oc[i], (unsigned long)x->outcome_runs.items[i]);
        mpz_add(tot, tot, oc[i]);
    }
}

static void set_mode(il_explorer *x, const il_explore_opts *o, int allow_sym)
{
    x->res.program = x->code->prog->name;
    x->want_races = !o->no_races;
    x->reduce = o->no_counts && !o->random && !o->has_bound;
    /* the reduction needs each next step's location (races are the race
     * pass's, races.h, which steps the program itself) */
    x->m.obs = x->reduce ? &x->obs : NULL;
    x->res.races_checked = !o->no_races;
    x->res.reduced = x->reduce;
    x->res.uncounted = x->reduce;
    if (x->reduce && !x->por) {
        const il_code *c = x->code;
        x->por = il_por_new(c);
        x->por_th = il_xcalloc(c->nthreads + 1, sizeof(il_por_thread));
        x->expand = il_xcalloc(c->nthreads + 1, 1);
        x->succ = il_xmalloc((size_t)(c->nthreads + 1) * c->state_size);
    }
    x->bounded = o->has_bound && !o->random;
    x->bound = o->bound;
    /* a preemption bound and random runs name threads in the state or the
     * schedule; symmetry classes would mix them up */
    x->sym = allow_sym && x->code->ngroups > 0 && !o->no_symmetry && !x->bounded && !o->random;
    x->S = x->code->state_size + (x->bounded ? 8 : 0);
    x->compact = o->compact;
    x->keep_threads = o->list;
    if (o->random) {
        x->res.partial = "--random";
        x->res.runs = o->random;
        x->res.seed = o->seed;
    } else if (x->bounded) {
        x->res.partial = "--bound";
        x->res.bound = o->bound;
    }
}

const il_result *il_explore(il_explorer *x, const il_explore_opts *o)
{
    double t0 = now();
    set_mode(x, o, 1);
    /* --random follows the metadata along each run (exact for that run) */
    il_races *rp = x->want_races && o->random ? il_races_new(x->code, x->m.intern) : NULL;
    x->rp = rp;
    x->res.complete = o->random ? explore_random(x, o, t0) : explore_graph(x, o, t0);
    if (x->sym_unsafe) {
        explorer_clear(x);
        set_mode(x, o, 0);
        x->res.complete = explore_graph(x, o, t0);
    }
    if (x->want_races && !o->random) {
        /* the race pass, over every state the exploration's options allow
         * (without the reduction), after the graph is built; under symmetry
         * over the same classes, each race standing for its orbit */
        rp = il_races_new(x->code, x->m.intern);
        if (x->sym) il_races_use_symmetry(rp);
        /* the graph of every state (no reduction or compaction) is the
         * pass's graph too: its expanded states, all of them unless a limit
         * stopped the search (then the races along what was explored) */
        if (!x->reduce && !x->compact) {
            il_races_graph g = {x, x->nexpanded, graph_load, graph_succ};
            il_races_use_graph(rp, &g);
        }
        uint64_t used = bytes_in_use(x);
        il_races_limits lim = {
            .t0 = t0, .max_seconds = o->max_seconds,
            .max_bytes = o->max_bytes ? (o->max_bytes > used ? o->max_bytes - used : 1) : 0,
            .max_states = o->max_states,
            .bounded = x->bounded, .bound = x->bound,
        };
        const char *stop = NULL;
        int done = il_races_explore(rp, &lim, &stop);
        if (!done) {
            /* after a whole search: the counts still are (counting runs on) */
            if (x->res.complete && !x->res.stopped_by) x->res.stopped_in = "looking for races";
            x->res.complete = 0;
            if (!x->res.stopped_by) x->res.stopped_by = stop;
        }
    }
    if (rp) {
        merge_races(x, rp);
        x->res.race_nodes = il_races_nodes(rp);
        il_races_free(rp);
        x->rp = NULL;
    }
    x->res.symmetry = x->sym;
    size_t no = il_hashset_count(&x->outcomes);
    mpz_t *oc = il_xmalloc(sizeof(mpz_t) * (no + 1));
    int *oinf = il_xcalloc(no + 1, sizeof(int));
    for (size_t i = 0; i < no; i++) mpz_init(oc[i]);
    mpz_t tot;
    mpz_init(tot);
    int tinf = 0;
    if (o->random) count_runs(x, oc, tot);
    else if (!x->reduce) count(x, o, t0, oc, oinf, tot, &tinf);
    x->res.total = x->res.uncounted ? NULL : tinf ? "infinite" : mpz_str(x, tot);
    x->res.fully_expanded = x->por_full;
    build_outcomes(x, oc, oinf, tot, tinf);
    build_deadlocks(x);
    build_errors(x);
    build_races(x);
    for (size_t i = 0; i < no; i++) mpz_clear(oc[i]);
    mpz_clear(tot);
    free(oc);
    free(oinf);
    x->res.states = x->nstates;
    x->res.store_bytes = x->store ? il_store_bytes(x->store) : 0;
    x->res.compact = x->compact;
    x->res.omission = x->store ? il_store_omission_bound(x->store) : 0;
    if (!o->random) x->res.transitions = x->edge_to.len;
    if (x->res.partial) x->res.complete = 0;
    x->res.seconds = now() - t0;
    return &x->res;
}

void il_explorer_stopped(il_explorer *x, const char *why, const char *what)
{
    if (x->res.stopped_by) return;
    x->res.complete = 0;
    x->res.stopped_by = why;
    x->res.stopped_in = what;
}

const char *il_result_mode(const il_result *r)
{
    if (r->partial) return r->partial[2] == 'r' ? "random" : "bound";
    if (r->reduced) return r->symmetry ? "reduced+symmetry" : "reduced";
    return r->symmetry ? "symmetry" : "full";
}

size_t il_explorer_path(const il_explorer *x, uint32_t state, uint32_t *threads, size_t max)
{
    size_t n = 0;
    for (uint32_t s = state; s != 0 && x->parent[s] != NONE; s = x->parent[s]) n++;
    if (!threads || max == 0) return n;
    uint32_t *chain = il_xmalloc(sizeof(uint32_t) * (n + 1));
    size_t i = n;
    for (uint32_t s = state;; s = x->parent[s]) {
        chain[i] = s;
        if (i == 0) break;
        i--;
        if (i < max) threads[i] = x->parent_thread[s];
    }
    /* the stored path runs through canonical states, whose thread
     * numbers are not the program's */
    if (x->sym) {
        il_machine quiet = {x->code, x->m.intern, NULL};
        il_sym_real_schedule(&quiet, threads, n < max ? n : max, NULL);
    }
    free(chain);
    return n;
}

/* ---- listing ------------------------------------------------------------ */

/* Depth-first over the stored graph, printing each maximal path; a path that
 * would revisit a state is on a cycle and never ends, so it is skipped. */
void il_explorer_list(il_explorer *x, uint64_t limit, FILE *out)
{
    const il_code *c = x->code;
    if (!x->nstates || limit == 0) return;
    uint8_t *onpath = il_xcalloc(x->nstates, 1);
    IL_VEC(uint32_t) st = {0}, eidx = {0};
    IL_VEC_PUSH(st, 0);
    IL_VEC_PUSH(eidx, 0);
    onpath[0] = 1;
    uint64_t printed = 0;
    while (st.len && printed < limit) {
        uint32_t s = st.items[st.len - 1];
        int expanded = s < x->nexpanded;
        uint32_t e0 = expanded ? x->edge_starts.items[s] : 0, e1 = expanded ? x->edge_starts.items[s + 1] : 0;
        if (e0 == e1 && eidx.items[eidx.len - 1] == 0) {
            /* a terminal (or unexpanded) state: print the path to it */
            fprintf(out, "%6llu  ", (unsigned long long)(printed + 1));
            for (size_t i = 1; i < st.len; i++) {
                uint32_t from = st.items[i - 1], to = st.items[i];
                for (uint32_t e = x->edge_starts.items[from]; e < x->edge_starts.items[from + 1]; e++)
                    if (x->edge_to.items[e] == to) {
                        fprintf(out, "%s%s", i > 1 ? "," : "", c->threads[x->edge_thread.items[e]].name);
                        break;
                    }
            }
            load_state(x, s, x->sym_tmp2); /* --list refuses --compact: always there */
            uint32_t oid = (uint32_t)*il_outp(c, x->sym_tmp2);
            size_t nl = il_intern_out_lines(x->m.intern, oid, NULL, 0);
            uint32_t *lines = il_xmalloc(sizeof(uint32_t) * (nl + 1));
            il_intern_out_lines(x->m.intern, oid, lines, nl);
            fprintf(out, "  ->");
            if (!expanded) fprintf(out, " (not explored)");
            else if (!il_finished(c, x->sym_tmp2)) fprintf(out, " deadlock");
            fprintf(out, " output [");
            for (size_t i = 0; i < nl; i++)
                fprintf(out, "%s%s", i ? ", " : "", il_intern_get(x->m.intern, lines[i]));
            fprintf(out, "]\n");
            free(lines);
            printed++;
            eidx.items[eidx.len - 1] = 1;
        }
        uint32_t *ei = &eidx.items[eidx.len - 1];
        if (e0 + *ei < e1) {
            uint32_t to = x->edge_to.items[e0 + (*ei)++];
            if (onpath[to]) continue;
            onpath[to] = 1;
            IL_VEC_PUSH(st, to);
            IL_VEC_PUSH(eidx, 0);
        } else {
            onpath[s] = 0;
            st.len--;
            eidx.len--;
        }
    }
    if (printed == limit)
        fprintf(out, "(stopped after %llu interleavings: --limit N shows more)\n",
                (unsigned long long)limit);
    free(st.items);
    free(eidx.items);
    free(onpath);
}

/* Forgets the explored graph and findings (to explore again without symmetry). */
static void explorer_clear(il_explorer *x)
{
    il_store_free(x->store);
    free(x->batch);
    for (size_t i = 0; i < x->outcome_copy.len; i++) free(x->outcome_copy.items[i]);
    for (size_t i = 0; i < x->deadlock_copy.len; i++) free(x->deadlock_copy.items[i]);
    free(x->outcome_copy.items);
    free(x->deadlock_copy.items);
    free(x->edge_starts.items);
    free(x->edge_to.items);
    free(x->edge_thread.items);
    free(x->parent);
    free(x->parent_thread);
    free(x->terminals.items);
    free(x->term_outcome.items);
    il_hashset_free(&x->outcomes);
    il_hashset_free(&x->deadlocks);
    il_hashset_free(&x->errors);
    il_hashset_free(&x->races);
    free(x->found_races.items);
    free(x->deadlock_state.items);
    free(x->found_errors.items);
    free(x->outcome_state.items);
    free(x->outcome_runs.items);
    const il_code *code = x->code;
    il_machine m = x->m;
    next_access *acc = x->acc;
    il_observer obs = x->obs;
    il_arena arena = x->arena;
    uint8_t *tmp = x->sym_tmp, *tmp2 = x->sym_tmp2;
    uint32_t *map = x->sym_map;
    size_t S = x->S;
    il_por *por = x->por;
    il_por_thread *por_th = x->por_th;
    uint8_t *expand = x->expand, *succ = x->succ;
    memset(x, 0, sizeof *x);
    x->por = por;
    x->por_th = por_th;
    x->expand = expand;
    x->succ = succ;
    x->code = code;
    x->m = m;
    x->acc = acc;
    x->obs = obs;
    x->obs.ctx = x;
    x->arena = arena;
    x->sym_tmp = tmp;
    x->sym_tmp2 = tmp2;
    x->sym_map = map;
    x->S = S;
}

void il_explorer_free(il_explorer *x)
{
    if (!x) return;
    explorer_clear(x);
    il_intern_free(x->m.intern);
    il_por_free(x->por);
    free(x->por_th);
    free(x->expand);
    free(x->succ);
    free(x->acc);
    free(x->sym_tmp);
    free(x->sym_tmp2);
    free(x->sym_map);
    il_arena_free(&x->arena);
    free(x);
}
