/* explorer.h - explores every interleaving of a compiled program.
 * It builds the reachable state graph breadth-first (states hashed with
 * xxHash and stored once, flat), then counts the maximal paths ending in
 * each terminal state by dynamic programming over the graph (GMP when the
 * counts outgrow 128 bits), so the cost follows the number of states, not
 * the number of interleavings. The result is plain data (il_result) for the
 * reporters; the explorer owns it until il_explorer_free. */
#ifndef IL_EXPLORER_H
#define IL_EXPLORER_H

#include <stdint.h>
#include <stdio.h>

#include "compiler.h"
#include "machine.h" /* il_status, il_blocked */

/* A thread ended by a runtime error or failed assert. */
typedef struct il_error_info {
    const char *thread;  /* thread (instance) name */
    int line;            /* file line of the failing statement */
    const char *kind;    /* CPython's name: AssertionError, ZeroDivisionError, ... */
    const char *message; /* e.g. "integer division or modulo by zero" */
    int hidden;          /* raised in an executor task and swallowed by it */
} il_error_info;

typedef struct il_outcome {
    il_status status;
    size_t noutput;
    const char **output;  /* printed lines, in order */
    const int64_t *final; /* every shared location, in file order (lists flattened) */
    size_t nerrors;
    il_error_info *errors; /* in thread order; also kept for status deadlock (D12) */
    const char *count;     /* interleavings: decimal string or "infinite" */
    double share;          /* count / total, 0..1 (0 when either is infinite) */
    uint32_t state;        /* the terminal state nearest the start (for traces) */
    const char *trace;     /* trace file written for it, or NULL */
} il_outcome;

typedef struct il_deadlock {
    size_t nblocked;
    il_blocked *blocked; /* in thread order */
    uint32_t state;      /* the deadlocked state nearest the start */
    const char *trace;   /* trace file written for it, or NULL */
} il_deadlock;

typedef struct il_finding_error {
    il_error_info info;
    uint32_t state;      /* the state nearest the start in which it has just failed */
    const char *trace;   /* trace file written for it, or NULL */
} il_finding_error;

/* One side of a race: who accesses the location, where, and how. */
typedef struct il_access {
    const char *thread;
    int line;            /* line of the statement making the access */
    int is_write;
} il_access;

/* Two accesses to one shared location, from different threads, at least one
 * a write, that some interleaving runs with nothing ordering them. */
typedef struct il_race {
    const char *location; /* "x" or "forks[2]" */
    il_access first, second; /* first in thread order */
    uint32_t state;       /* a state in which both are the threads' next steps */
    uint32_t thread_a, thread_b; /* the trace runs state's path, then a, then b */
    /* Or, when set, the trace runs this schedule from the start, whose last
     * step makes the second access (races ordered by nothing in between
     * need not be the next steps of one state: docs/races.md). */
    const uint32_t *schedule;
    size_t nschedule;
    /* shared variables the second thread read, in schedule, from another
     * thread's write after the first access: plain variables that seem to
     * order the pair but are no synchronisation (D22), for the report */
    const char *const *via;
    size_t nvia;
    const char *trace;    /* trace file written for it, or NULL */
} il_race;

typedef struct il_result {
    const char *program;   /* program name */
    int complete;          /* 0 when a limit stopped the run */
    const char *stopped_by;/* "--max-states", "--max-seconds", "--max-memory" or NULL */
    /* NULL when the limit stopped the exploration itself; "counting" or
     * "writing traces" when the exploration was whole but a limit stopped
     * what came after (counting: the counts are unknown, see uncounted;
     * traces: the findings without a trace have a NULL trace field) */
    const char *stopped_in;
    const char *total;     /* interleavings: decimal or "infinite"; NULL when uncounted */
    size_t noutcomes;
    il_outcome *outcomes;  /* sorted as cli.md: status, output, final, errors */
    size_t ndeadlocks;
    il_deadlock *deadlocks; /* distinct blocked sets, sorted */
    size_t nerrors;
    il_finding_error *errors; /* distinct (thread, line, kind, message), sorted */
    size_t nraces;
    il_race *races;        /* one per location and pair of (thread, line, access) */
    int races_checked;     /* 0 when --no-races turned detection off */
    int races_cut;         /* a limit stopped the race pass: races found so far */
    uint64_t race_nodes;   /* (state, metadata) pairs the race pass visited */
    uint64_t states, transitions;
    double seconds;
    int symmetry;          /* 1 when symmetry reduction was used (states are classes) */
    /* Set when the user asked for part of the interleavings (--bound,
     * --random): complete is 0 but no limit stopped it, and the counts are
     * of what was run. NULL for an exhaustive run. */
    const char *partial;   /* "--bound" or "--random" */
    uint32_t bound;        /* --bound K */
    uint64_t runs, seed;   /* --random N --seed S */
    uint64_t unfinished;   /* random runs cut at IL_RANDOM_MAX_STEPS steps */
    /* 1 with --no-counts: partial-order reduction explored a subset of the
     * interleavings that reaches every outcome, deadlock, error and race;
     * total and the outcomes' counts are NULL. */
    int reduced;
    /* 1 when the counts are unknown: reduced, or a limit stopped counting
     * (stopped_in "counting"); total and the outcomes' counts are NULL. */
    int uncounted;
    uint64_t fully_expanded; /* reduced states the cycle proviso expanded fully */
    size_t store_bytes;    /* the visited set and stored states, in bytes */
    int compact;           /* --compact: states kept as 64-bit fingerprints */
    double omission;       /* --compact: bound on the chance a state was missed */
} il_result;

/* A random run that has not ended after this many steps is abandoned (it is
 * most likely spinning); it counts towards no outcome. */
#define IL_RANDOM_MAX_STEPS 100000

/* How the run explored, for reports: "full" (every state, counted),
 * "symmetry" (classes, counted), "reduced" (--no-counts),
 * "reduced+symmetry", "bound", "random". */
const char *il_result_mode(const il_result *r);

typedef struct il_explore_opts {
    uint64_t max_states;   /* 0 = no limit */
    uint64_t max_bytes;    /* stop cleanly past this many bytes of graph (0 = no limit) */
    double max_seconds;    /* 0 = no limit */
    int no_races;          /* 1: skip data-race detection (faster) */
    int no_symmetry;       /* 1: keep interchangeable threads apart (--list needs it) */
    int has_bound;         /* --bound K: only interleavings with at most K preemptions */
    uint32_t bound;
    uint64_t random;       /* --random N: N random interleavings instead of all (0: off) */
    uint64_t seed;         /* --seed S for --random */
    int no_counts;         /* 1: no interleaving counts; partial-order reduction */
    int compact;           /* 1: hash compaction (--compact) */
    int list;              /* 1: il_explorer_list will be called (keeps edge threads) */
} il_explore_opts;

typedef struct il_explorer il_explorer;

il_explorer *il_explorer_new(const il_code *code);
/* Explores and fills the result; returns it (owned by the explorer). */
const il_result *il_explore(il_explorer *x, const il_explore_opts *o);
/* The shortest schedule from the initial state to `state` (states are
 * found breadth-first): writes up to `max` thread indices into `threads`
 * and returns the schedule's length. */
size_t il_explorer_path(const il_explorer *x, uint32_t state, uint32_t *threads, size_t max);

/* Prints up to `limit` interleavings, one a line: schedule and output. */
void il_explorer_list(il_explorer *x, uint64_t limit, FILE *out);
void il_explorer_free(il_explorer *x);
/* A limit (limit.h) stopped the run after the exploration, during `what`
 * ("counting", from il_explore itself, or "writing traces"): the result
 * becomes incomplete, stopped_by `why` (unless the exploration had already
 * stopped). */
void il_explorer_stopped(il_explorer *x, const char *why, const char *what);

/* The kinds of what a trace is written for, in the report's order. */
typedef enum il_finding_kind {
    IL_FINDING_OUTCOME, IL_FINDING_DEADLOCK, IL_FINDING_ERROR, IL_FINDING_RACE
} il_finding_kind;
#define IL_NFINDING_KINDS 4

/* Records the trace file written for the k-th outcome or finding of the
 * kind (path outlives the explorer's result, e.g. in the caller's arena):
 * the result is the explorer's, and only it writes it. */
void il_explorer_set_trace(il_explorer *x, il_finding_kind kind, size_t k, const char *path);

#endif
