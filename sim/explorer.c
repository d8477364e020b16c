/* explorer.c - il_explore and the rest of explorer.h: the run's mode, its
 * passes in order, paths, --list, and the explorer's life.
 *
 * A run is: the search (search.c), or the random runs (randomrun.c); the
 * same search again without symmetry when a finding would name a member of
 * a group (the first run's data cleared); the race pass (races.h), over the
 * search's graph when it has every state; counting (counting.c); and the
 * result (findings.c). The modules share explorer_int.h. */
#include "explorer_int.h"

#include <string.h>
#include <time.h>

#include "intern.h"
#include "symmetry.h"

double xp_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

il_explorer *il_explorer_new(const il_code *code)
{
    il_explorer *x = il_xcalloc(1, sizeof *x);
    xp_keep *k = &x->keep;
    k->code = code;
    k->m.code = code;
    k->m.intern = il_intern_new();
    k->acc = il_xcalloc(code->nthreads + 1, sizeof(xp_access));
    k->obs = xp_footprint_observer(x);
    k->sym_tmp = il_xmalloc(code->state_size + 8); /* + the --bound bytes */
    k->sym_tmp2 = il_xmalloc(code->state_size + 8);
    k->sym_map = il_xcalloc(code->nthreads + 1, sizeof(uint32_t));
    il_arena_init(&k->arena);
    return x;
}

/* Frees what one exploration made. */
static void run_free(xp_run *r)
{
    xp_graph_free(&r->graph);
    xp_findings_free(&r->found);
}

/* Forgets the explored graph, findings and result (to explore again
 * without symmetry); the result's strings stay in the arena. */
static void explorer_clear(il_explorer *x)
{
    run_free(&x->run);
    memset(&x->run, 0, sizeof x->run);
}

void il_explorer_free(il_explorer *x)
{
    if (!x) return;
    run_free(&x->run);
    xp_keep *k = &x->keep;
    il_intern_free(k->m.intern);
    il_por_free(k->por);
    il_free(k->por_th);
    il_free(k->expand);
    il_free(k->succ);
    il_free(k->acc);
    il_free(k->sym_tmp);
    il_free(k->sym_tmp2);
    il_free(k->sym_map);
    il_arena_free(&k->arena);
    il_free(x);
}

static void set_mode(il_explorer *x, const il_explore_opts *o, int allow_sym)
{
    xp_keep *k = &x->keep;
    xp_run *run = &x->run;
    const il_code *c = k->code;
    run->res.program = c->prog->name;
    run->want_races = !o->no_races;
    run->reduce = o->no_counts && !o->random && !o->has_bound;
    /* the reduction needs each next step's location (races are the race
     * pass's, races.h, which steps the program itself) */
    k->m.obs = run->reduce ? &k->obs : NULL;
    run->res.races_checked = !o->no_races;
    run->res.reduced = run->reduce;
    run->res.uncounted = run->reduce;
    if (run->reduce && !k->por) {
        k->por = il_por_new(c);
        k->por_th = il_xcalloc(c->nthreads + 1, sizeof(il_por_thread));
        k->expand = il_xcalloc(c->nthreads + 1, 1);
        k->succ = il_xmalloc((size_t)(c->nthreads + 1) * c->state_size);
    }
    run->bounded = o->has_bound && !o->random;
    run->bound = o->bound;
    /* a preemption bound and random runs name threads in the state or the
     * schedule; symmetry classes would mix them up */
    run->sym = allow_sym && c->ngroups > 0 && !o->no_symmetry && !run->bounded && !o->random;
    run->S = c->state_size + (run->bounded ? 8 : 0);
    run->compact = o->compact;
    run->keep_threads = o->list;
    if (o->random) {
        run->res.partial = "--random";
        run->res.runs = o->random;
        run->res.seed = o->seed;
    } else if (run->bounded) {
        run->res.partial = "--bound";
        run->res.bound = o->bound;
    }
}

/* The search's graph as the race pass walks it (races.h). */
static int graph_load(const void *ctx, uint32_t s, uint8_t *out)
{
    return xp_load_state(ctx, s, out);
}

static uint32_t graph_succ(const void *ctx, uint32_t s, uint32_t k)
{
    const xp_graph *g = &((const il_explorer *)ctx)->run.graph;
    return g->edge_to.items[g->edge_starts.items[s] + k];
}

/* The race pass after a search, over every state the exploration's options
 * allow (without the reduction); under symmetry over the same classes,
 * each race standing for its orbit. Returns the pass, for its races. */
static il_races *race_pass(il_explorer *x, const il_explore_opts *o, double t0)
{
    xp_run *run = &x->run;
    il_races *rp = il_races_new(x->keep.code, x->keep.m.intern);
    if (run->sym) il_races_use_symmetry(rp);
    /* the graph of every state (no reduction or compaction) is the pass's
     * graph too: its expanded states, all of them unless a limit stopped
     * the search (then the races along what was explored) */
    if (!run->reduce && !run->compact) {
        il_races_graph g = {x, run->graph.nexpanded, graph_load, graph_succ};
        il_races_use_graph(rp, &g);
    }
    uint64_t used = xp_bytes_in_use(x);
    il_races_limits lim = {
        .t0 = t0, .max_seconds = o->max_seconds,
        .max_bytes = o->max_bytes ? (o->max_bytes > used ? o->max_bytes - used : 1) : 0,
        .max_states = o->max_states,
        .bounded = run->bounded, .bound = run->bound,
    };
    const char *stop = NULL;
    int done = il_races_explore(rp, &lim, &stop);
    if (!done) {
        /* after a whole search: the counts still are (counting runs on) */
        if (run->res.complete && !run->res.stopped_by) run->res.stopped_in = "looking for races";
        run->res.races_cut = 1;
        run->res.complete = 0;
        if (!run->res.stopped_by) run->res.stopped_by = stop;
    }
    return rp;
}

const il_result *il_explore(il_explorer *x, const il_explore_opts *o)
{
    double t0 = xp_now();
    xp_run *run = &x->run;
    set_mode(x, o, 1);
    /* --random follows the metadata along each run (exact for that run) */
    il_races *rp =
        run->want_races && o->random ? il_races_new(x->keep.code, x->keep.m.intern) : NULL;
    run->rp = rp;
    run->res.complete = o->random ? xp_random_runs(x, o, t0) : xp_search(x, o, t0);
    if (run->sym_unsafe) {
        explorer_clear(x);
        set_mode(x, o, 0);
        run->res.complete = xp_search(x, o, t0);
    }
    if (run->want_races && !o->random) rp = race_pass(x, o, t0);
    if (rp) {
        xp_merge_races(x, rp);
        run->res.race_nodes = il_races_nodes(rp);
        il_races_free(rp);
        run->rp = NULL;
    }
    run->res.symmetry = run->sym;
    xp_counts counts;
    xp_counts_init(&counts, il_hashset_count(&run->found.outcomes));
    if (o->random) xp_count_runs(x, &counts);
    else if (!run->reduce) xp_count(x, o, t0, &counts);
    run->res.fully_expanded = run->graph.por_full;
    xp_build_result(x, &counts);
    xp_counts_free(&counts);
    il_store *st = run->graph.store;
    run->res.states = run->graph.nstates;
    run->res.store_bytes = st ? il_store_bytes(st) : 0;
    run->res.compact = run->compact;
    run->res.omission = st ? il_store_omission_bound(st) : 0;
    if (!o->random) run->res.transitions = run->graph.edge_to.len;
    if (run->res.partial) run->res.complete = 0;
    run->res.seconds = xp_now() - t0;
    return &run->res;
}

void il_explorer_set_trace(il_explorer *x, il_finding_kind kind, size_t k, const char *path)
{
    il_result *r = &x->run.res;
    switch (kind) {
    case IL_FINDING_OUTCOME: r->outcomes[k].trace = path; break;
    case IL_FINDING_DEADLOCK: r->deadlocks[k].trace = path; break;
    case IL_FINDING_ERROR: r->errors[k].trace = path; break;
    case IL_FINDING_RACE: r->races[k].trace = path; break;
    }
}

void il_explorer_stopped(il_explorer *x, const char *why, const char *what)
{
    il_result *res = &x->run.res;
    if (res->stopped_by) return;
    res->complete = 0;
    res->stopped_by = why;
    res->stopped_in = what;
}

const char *il_result_mode(const il_result *r)
{
    if (r->partial) return r->partial[2] == 'r' ? "random" : "bound";
    if (r->reduced) return r->symmetry ? "reduced+symmetry" : "reduced";
    return r->symmetry ? "symmetry" : "full";
}

size_t il_explorer_path(const il_explorer *x, uint32_t state, uint32_t *threads, size_t max)
{
    const xp_graph *g = &x->run.graph;
    size_t n = 0;
    for (uint32_t s = state; s != 0 && g->parent[s] != XP_NONE; s = g->parent[s]) n++;
    if (!threads || max == 0) return n;
    uint32_t *chain = il_xmalloc(sizeof(uint32_t) * (n + 1));
    size_t i = n;
    for (uint32_t s = state;; s = g->parent[s]) {
        chain[i] = s;
        if (i == 0) break;
        i--;
        if (i < max) threads[i] = g->parent_thread[s];
    }
    /* the stored path runs through canonical states, whose thread
     * numbers are not the program's */
    if (x->run.sym) {
        il_machine quiet = {x->keep.code, x->keep.m.intern, NULL};
        il_sym_real_schedule(&quiet, threads, n < max ? n : max, NULL);
    }
    il_free(chain);
    return n;
}

/* ---- listing ------------------------------------------------------------ */

/* Depth-first over the stored graph, printing each maximal path; a path that
 * would revisit a state is on a cycle and never ends, so it is skipped. */
void il_explorer_list(il_explorer *x, uint64_t limit, FILE *out)
{
    const il_code *c = x->keep.code;
    const xp_graph *g = &x->run.graph;
    il_intern *intern = x->keep.m.intern;
    uint8_t *st8 = x->keep.sym_tmp2;
    if (!g->nstates || limit == 0) return;
    uint8_t *onpath = il_xcalloc(g->nstates, 1);
    IL_VEC(uint32_t) st = {0}, eidx = {0};
    IL_VEC_PUSH(st, 0);
    IL_VEC_PUSH(eidx, 0);
    onpath[0] = 1;
    uint64_t printed = 0;
    while (st.len && printed < limit) {
        uint32_t s = st.items[st.len - 1];
        int expanded = s < g->nexpanded;
        uint32_t e0 = expanded ? g->edge_starts.items[s] : 0, e1 = expanded ? g->edge_starts.items[s + 1] : 0;
        if (e0 == e1 && eidx.items[eidx.len - 1] == 0) {
            /* a terminal (or unexpanded) state: print the path to it */
            fprintf(out, "%6llu  ", (unsigned long long)(printed + 1));
            for (size_t i = 1; i < st.len; i++) {
                uint32_t from = st.items[i - 1], to = st.items[i];
                for (uint32_t e = g->edge_starts.items[from]; e < g->edge_starts.items[from + 1]; e++)
                    if (g->edge_to.items[e] == to) {
                        fprintf(out, "%s%s", i > 1 ? "," : "", il_step_name(c, g->edge_thread.items[e]));
                        break;
                    }
            }
            xp_load_state(x, s, st8); /* --list refuses --compact: always there */
            uint32_t oid = (uint32_t)*il_outp(c, st8);
            size_t nl = il_intern_out_lines(intern, oid, NULL, 0);
            uint32_t *lines = il_xmalloc(sizeof(uint32_t) * (nl + 1));
            il_intern_out_lines(intern, oid, lines, nl);
            fprintf(out, "  ->");
            if (!expanded) fprintf(out, " (not explored)");
            else if (!il_finished(c, st8)) fprintf(out, " deadlock");
            fprintf(out, " output [");
            for (size_t i = 0; i < nl; i++)
                fprintf(out, "%s%s", i ? ", " : "", il_intern_get(intern, lines[i]));
            fprintf(out, "]\n");
            il_free(lines);
            printed++;
            eidx.items[eidx.len - 1] = 1;
        }
        uint32_t *ei = &eidx.items[eidx.len - 1];
        if (e0 + *ei < e1) {
            uint32_t to = g->edge_to.items[e0 + (*ei)++];
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
    il_free(st.items);
    il_free(eidx.items);
    il_free(onpath);
}
