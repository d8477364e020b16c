/* races.h - data races exactly as language.md defines them (happens-before
 * of D22, pairs of D23), by a pass of its own over the product of the
 * reachable states and canonical happens-before metadata (docs/races.md).
 * It steps the program itself, so the explorer's graph, counts and
 * outcomes are untouched; it runs only when races are checked. */
#ifndef IL_RACES_H
#define IL_RACES_H

#include <stdint.h>

#include "compiler.h"
#include "intern.h"

/* One race: (thread, line, access) pairs on a location, a first in thread
 * order, and a schedule from the start whose last step makes b's access
 * while a's is unordered with it. */
typedef struct il_race_pair {
    uint32_t loc;
    uint32_t ta, la, wa; /* thread, line, is_write */
    uint32_t tb, lb, wb;
    uint32_t *sched;     /* owned by the il_races */
    size_t nsched;
    /* locations tb read in sched, after a's access, from another thread's
     * later write: the plain variables that seem to order the pair (owned) */
    uint32_t *via;
    size_t nvia;
} il_race_pair;

typedef struct il_races il_races;

typedef struct il_races_limits {
    double t0, max_seconds;   /* stop past t0 + max_seconds (0: no limit) */
    uint64_t max_bytes;       /* stop before holding more (0: no limit) */
    uint64_t max_states;      /* stop past this many states of its own (0: no limit) */
    int bounded;              /* --bound K: only schedules with at most K preemptions */
    uint32_t bound;
} il_races_limits;

/* The explorer's unreduced graph (of symmetry classes, with
 * il_races_use_symmetry), if there is one: the pass then walks its states
 * and edges instead of storing states of its own. States 0..nstates-1 are
 * expanded (all of them unless a limit stopped the search); succ is the
 * k-th successor of state s, in thread order. */
typedef struct il_races_graph {
    const void *ctx;
    uint32_t nstates;
    int (*load)(const void *ctx, uint32_t s, uint8_t *out);
    uint32_t (*succ)(const void *ctx, uint32_t s, uint32_t k);
} il_races_graph;

il_races *il_races_new(const il_code *c, il_intern *intern);
/* Before il_races_explore: use graph g (copied). */
void il_races_use_graph(il_races *r, const il_races_graph *g);
/* Before il_races_explore: states are canonical under thread symmetry
 * (symmetry.h), as in the explorer's graph if one is used; each race found
 * stands for its orbit, reported pair by pair with renamed schedules. */
void il_races_use_symmetry(il_races *r);
/* Every reachable (state, metadata) breadth-first, so each race's schedule
 * is a shortest one. Returns 1, or 0 when a limit stopped it (*stopped_by
 * names the option). */
int il_races_explore(il_races *r, const il_races_limits *lim, const char **stopped_by);
/* --random: one run at a time, the metadata along the run (exact for it). */
void il_races_run_begin(il_races *r);
void il_races_run_step(il_races *r, const uint8_t *cur, uint32_t t);

size_t il_races_count(const il_races *r);
const il_race_pair *il_races_get(const il_races *r, size_t i);
uint64_t il_races_nodes(const il_races *r);
size_t il_races_bytes(const il_races *r);
void il_races_free(il_races *r);

#endif
