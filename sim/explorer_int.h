/* explorer_int.h - the explorer's insides, shared by its modules only
 * (everything else sees explorer.h):
 *
 *   explorer.c   il_explore: the modes, the passes in order (search, the
 *                redo without symmetry, races, counting, the result),
 *                paths, --list, new / free / clear
 *   search.c     the breadth-first search: successors, batching, the
 *                reduced expansion, the memory budget
 *   randomrun.c  --random: runs from the start, threads drawn at random
 *   counting.c   interleavings per outcome: topological order, u128 and GMP
 *   findings.c   outcomes, deadlocks and errors as they are found, and the
 *                il_result built from them (sorted as cli.md)
 *
 * An explorer is what it keeps from il_explorer_new to il_explorer_free
 * (xp_keep) and what one exploration makes (xp_run). il_explore explores a
 * second time, without symmetry, when a finding would name a member of a
 * group: clearing is freeing the run and zeroing it. */
#ifndef IL_EXPLORER_INT_H
#define IL_EXPLORER_INT_H

#include <gmp.h>
#include <stdint.h>

#include "explorer.h"
#include "hashset.h"
#include "machine.h"
#include "por.h"
#include "races.h"
#include "store.h"
#include "util.h"

#define XP_NONE UINT32_MAX

/* The shared access a thread's next step makes (observed while stepping). */
typedef struct xp_access {
    int has;
    uint32_t loc;
    int is_write;
} xp_access;

/* Where an error finding was first seen. */
typedef struct xp_found_error {
    uint32_t state, thread, pc;
    il_errkind kind;
    int hidden;
} xp_found_error;

/* Kept across explorations: the code and the machine, scratch sized by the
 * code, and the result strings. */
typedef struct xp_keep {
    const il_code *code;
    il_machine m;             /* m.intern: the outputs' lines; m.obs set by the mode */
    il_observer obs;          /* the reduction's footprints, into acc (search.c) */
    xp_access *acc;           /* per thread, for the state being expanded */
    uint8_t *sym_tmp;         /* scratch for canonicalisation */
    uint8_t *sym_tmp2;        /* scratch (--list) */
    uint32_t *sym_map;        /* old thread -> new thread */
    /* the reduction's, made by the first run that reduces */
    il_por *por;
    il_por_thread *por_th;    /* per thread, for the state being expanded */
    uint8_t *expand;          /* per thread: in the stubborn set */
    uint8_t *succ;            /* nthreads successor states */
    il_arena arena;           /* result strings */
} xp_keep;

/* The state graph (search.c; a random run fills the states and parents). */
#define XP_BATCH 16
typedef struct xp_graph {
    il_store *store;          /* visited set and packed states (store.h) */
    uint8_t *batch;           /* successors waiting for the store (XP_BATCH * S) */
    uint32_t nbatch, batch_thread[XP_BATCH];
    int forward;              /* every edge so far goes to a later state */
    uint32_t nstates, cap_states;
    IL_VEC(uint32_t) edge_starts; /* nexpanded + 1 entries */
    IL_VEC(uint32_t) edge_to;
    IL_VEC(uint16_t) edge_thread; /* --list only */
    uint32_t nexpanded;
    uint32_t *parent;         /* BFS tree: first predecessor (XP_NONE for the root) */
    uint16_t *parent_thread;
    IL_VEC(uint32_t) terminals;     /* terminal states */
    IL_VEC(uint32_t) term_outcome;  /* their outcome ids */
    uint64_t por_full;        /* states the proviso expanded fully */
    uint32_t stepping;        /* the thread being stepped (observer context) */
} xp_graph;

/* What the states showed (findings.c): keys with dense ids, and per id
 * where it was first seen. */
typedef struct xp_findings {
    uint64_t bytes;           /* their records, for the budget */
    il_hashset outcomes, deadlocks, errors, races;
    IL_VEC(il_race) races_found;
    IL_VEC(uint32_t) deadlock_state, outcome_state;
    /* their bytes: under hash compaction the store forgets expanded states */
    IL_VEC(uint8_t *) deadlock_copy, outcome_copy;
    IL_VEC(xp_found_error) found_errors; /* per errors key */
    IL_VEC(uint64_t) outcome_runs; /* --random: runs ending in each outcome */
} xp_findings;

/* One exploration: its mode (explorer.c's set_mode), graph, findings and
 * result. Zeroed is empty. */
typedef struct xp_run {
    size_t S;                 /* state size in bytes (+ 8 under --bound) */
    int compact;              /* --compact: fingerprints only (hash compaction) */
    int keep_threads;         /* keep each edge's thread (for --list only) */
    int sym;                  /* states are canonical under thread symmetry */
    int sym_unsafe;           /* a finding names a group member: redo without */
    int want_races;           /* the race pass runs */
    int reduce;               /* --no-counts: partial-order reduction */
    int bounded;              /* --bound: states carry (last thread + 1, preemptions) */
    uint32_t bound;
    xp_graph graph;
    xp_findings found;
    il_races *rp;             /* the race pass of --random (races.h) */
    il_result res;
} xp_run;

struct il_explorer {
    xp_keep keep;
    xp_run run;
};

/* explorer.c */
double xp_now(void);

/* search.c */
int xp_search(il_explorer *x, const il_explore_opts *o, double t0);
/* The number of state s, adding it if new (*added = 1). */
uint32_t xp_intern_state(il_explorer *x, const uint8_t *s, int *added);
/* Unpacks state i into out; 0 if hash compaction has dropped its bytes. */
int xp_load_state(const il_explorer *x, uint32_t i, uint8_t *out);
/* The graph's bytes and what counting it will need, with the findings'. */
uint64_t xp_bytes_in_use(const il_explorer *x);
/* 1 (and stopped_by set) when the next expansion would pass --max-memory. */
int xp_over_budget(il_explorer *x, const il_explore_opts *o);
/* The observer that records each thread's next access in keep.acc. */
il_observer xp_footprint_observer(il_explorer *x);
void xp_graph_free(xp_graph *g);

/* randomrun.c */
int xp_random_runs(il_explorer *x, const il_explore_opts *o, double t0);

/* findings.c */
void xp_record_errors(il_explorer *x, const uint8_t *before, const uint8_t *after,
                      uint32_t state);
uint32_t xp_record_outcome(il_explorer *x, const uint8_t *s, int deadlock, uint32_t state);
void xp_record_deadlock(il_explorer *x, const uint8_t *s, uint32_t state);
/* The race pass's pairs (races.h), each once. */
void xp_merge_races(il_explorer *x, const il_races *rp);
void xp_findings_free(xp_findings *f);

/* The interleavings (or --random's runs) ending in each outcome. */
typedef struct xp_counts {
    size_t n;                 /* outcomes */
    mpz_t *per;               /* per outcome id */
    int *infinite;            /* per outcome id: reached from a cycle */
    mpz_t total;
    int total_infinite;
} xp_counts;

/* counting.c */
void xp_counts_init(xp_counts *k, size_t n);
void xp_counts_free(xp_counts *k);
/* Paths to each terminal state of the graph. When a limit stops it, the
 * counts are left zero and the result says they are unknown (uncounted,
 * stopped_in "counting"). */
void xp_count(il_explorer *x, const il_explore_opts *o, double t0, xp_counts *k);
/* Random runs count runs, not paths. */
void xp_count_runs(il_explorer *x, xp_counts *k);

/* findings.c: the result's total, outcomes, deadlocks, errors and races. */
void xp_build_result(il_explorer *x, const xp_counts *k);

#endif
