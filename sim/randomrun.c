/* randomrun.c - --random N --seed S (explorer_int.h): N runs from the
 * start, each step taken by a thread chosen uniformly among the enabled
 * ones. States are still interned: findings and traces come from them
 * exactly as in a full exploration (a trace is the first run's path to the
 * state), and the runs ending in each outcome are counted. */
#include "explorer_int.h"

#include <string.h>

#include "limit.h"

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

int xp_random_runs(il_explorer *x, const il_explore_opts *o, double t0)
{
    xp_keep *k = &x->keep;
    xp_run *run = &x->run;
    xp_graph *g = &run->graph;
    const il_code *c = k->code;
    size_t S = run->S;
    uint8_t *cur = il_xcalloc(1, S), *next = il_xmalloc(S);
    uint32_t *enabled = il_xmalloc(sizeof(uint32_t) * (c->nthreads + 1));
    uint64_t rng = o->seed;
    int added, complete = 1;
    memcpy(cur, c->init, c->state_size);
    xp_intern_state(x, cur, &added);
    g->parent[0] = XP_NONE;
    g->parent_thread[0] = 0;
    uint64_t steps_total = 0;
    for (uint64_t r = 0; r < o->random && complete; r++) {
        if ((o->max_states && g->nstates >= o->max_states) ||
            (o->max_seconds > 0 && xp_now() - t0 > o->max_seconds)) {
            run->res.stopped_by = o->max_states && g->nstates >= o->max_states
                                      ? "--max-states" : "--max-seconds";
            complete = 0;
            break;
        }
        memcpy(cur, c->init, c->state_size);
        uint32_t s = 0;
        if (run->rp) il_races_run_begin(run->rp);
        for (uint64_t steps = 0;; steps++) {
            /* a run may be 100,000 steps, each a new state: the budget and
             * the limits are checked within it (a run cut short counts in
             * no outcome) */
            const char *why = (steps_total & 1023) == 0 ? il_limit_poll() : NULL;
            if (why) run->res.stopped_by = why;
            if (why || ((steps_total & 1023) == 0 && xp_over_budget(x, o))) {
                complete = 0;
                break;
            }
            uint32_t nen = 0;
            if (!il_finished(c, cur))
                /* the threads, then the shutdown step (python.md F1) */
                for (uint32_t t = 0; t <= c->nthreads; t++) {
                    il_wait w;
                    if (t < c->nthreads ? il_thr(c, cur, t)->status != IL_TS_RUN /* no step, no copy */
                                        : !il_shutdown_enabled(c, cur)) {
                        k->acc[t].has = 0;
                        continue;
                    }
                    memcpy(next, cur, S);
                    g->stepping = t;
                    k->acc[t].has = 0;
                    if (il_step(&k->m, next, t, &w) == IL_STEP_OK) enabled[nen++] = t;
                    else k->acc[t].has = 0;
                }
            if (nen == 0) {
                int deadlock = !il_finished(c, cur);
                if (deadlock) xp_record_deadlock(x, cur, s);
                uint32_t oid = xp_record_outcome(x, cur, deadlock, s);
                xp_findings *f = &run->found;
                while (f->outcome_runs.len <= oid) IL_VEC_PUSH(f->outcome_runs, 0);
                f->outcome_runs.items[oid]++;
                break;
            }
            if (steps == IL_RANDOM_MAX_STEPS) {
                run->res.unfinished++;
                break;
            }
            uint32_t t = enabled[pick(&rng, nen)];
            if (run->rp) il_races_run_step(run->rp, cur, t);
            il_wait w;
            memcpy(next, cur, S);
            g->stepping = t;
            il_step(&k->m, next, t, &w);
            uint32_t id = xp_intern_state(x, next, &added);
            if (added) {
                g->parent[id] = s;
                g->parent_thread[id] = (uint16_t)t;
                xp_record_errors(x, cur, next, id);
            }
            steps_total++;
            memcpy(cur, next, S);
            s = id;
        }
    }
    g->nexpanded = g->nstates;
    run->res.transitions = steps_total;
    il_free(cur);
    il_free(next);
    il_free(enabled);
    return complete;
}
