/* schedule.h - runs one interleaving chosen step by step, and keeps a log of
 * it for people: each step's thread, line, source text, shared reads and
 * writes, printed line and error. `run`, `replay` and the trace writer all go
 * through it, so a trace records exactly what replay will see.
 *
 * A step is always tried on a copy of the state: a step that turns out to be
 * blocked may have half-changed its copy (machine.h), and the run keeps the
 * state it had. Ownership: the run owns its state, its log and every string in
 * the log (one arena); il_run_free releases them. The code and the program
 * text must outlive the run. */
#ifndef IL_SCHEDULE_H
#define IL_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "bytecode.h"
#include "intern.h"
#include "machine.h" /* also il_status, il_blocked */
#include "util.h"

/* One shared access made by a step. */
typedef struct il_access_rec {
    uint32_t loc;    /* shared location (code->loc_names) */
    int is_write;    /* 1 write, 0 read */
    int64_t value;   /* the value read or written */
} il_access_rec;

/* One step of the run, as a person reads it. */
typedef struct il_step_rec {
    uint32_t thread;     /* who took it */
    uint32_t pc;         /* its first instruction */
    int line;            /* file line of that instruction (D10); 0 for none */
    const char *code;    /* trimmed text of that line of the program file; "" for none */
    const char *note;    /* what the line alone does not say ("release a"), or NULL */
    il_access_rec *acc;  /* its shared accesses, in order */
    size_t nacc;
    const char *output;  /* the line it printed, or NULL */
    const char *error;   /* "Kind: message" when its thread failed in it, else NULL */
} il_step_rec;

/* How a run ended (or stands), for the swimlane, traces and replay. */
typedef struct il_run_outcome {
    il_status status;      /* meaningful once il_run_ended */
    size_t noutput;
    const char **output;   /* printed lines, in order */
    const int64_t *final;  /* every shared location, in file order */
    size_t nerrors;
    const char **errors;   /* "t1: ZeroDivisionError at line 5", in thread order */
    size_t nblocked;
    il_blocked *blocked;   /* threads that cannot move, in thread order */
} il_run_outcome;

typedef struct il_run {
    const il_code *code;
    il_machine m;            /* observes every step tried */
    il_observer obs;
    uint8_t *state;          /* the run so far */
    uint8_t *trial;          /* where the next step is tried */
    IL_VEC(il_step_rec) steps; /* the log */
    IL_VEC(il_access_rec) pend; /* accesses of the step being tried */
    int pend_printed;        /* the step being tried printed pend_line */
    uint32_t pend_line;
    const char *src;         /* the program file's text (for `code`) */
    size_t srclen;
    IL_VEC(size_t) line_start; /* byte offset of each file line, libyaml's counting */
    il_arena arena;          /* the log's strings and arrays */
} il_run;

/* Starts a run at code->init. src/srclen: the program file's bytes (may be
 * NULL: steps then have code ""). */
void il_run_init(il_run *r, const il_code *code, const char *src, size_t srclen);
void il_run_free(il_run *r);

/* Tries thread t's next step (t == code->nthreads: the shutdown step,
 * machine.h). IL_STEP_OK: taken and logged. Otherwise the run is unchanged;
 * for IL_STEP_BLOCKED *w says on what. */
il_step_res il_run_step(il_run *r, uint32_t t, il_wait *w);

/* Whether thread t can take a step now (nothing changes). */
int il_run_can_move(il_run *r, uint32_t t);

/* The run is over: every thread has finished (or the shutdown step was
 * taken), or nothing can move. */
int il_run_ended(il_run *r);

/* Why thread t cannot move, in words: "blocked on lock m", "finished",
 * "not started", "failed (ZeroDivisionError)". */
void il_run_why_not(il_run *r, uint32_t t, il_buf *out);

/* "t1, t2" (threads that can move now, in thread order) or "none". */
void il_run_enabled_names(il_run *r, il_buf *out);

/* The run's outcome so far (status as if it ended here); arrays and strings
 * belong to the run. */
void il_run_outcome_get(il_run *r, il_run_outcome *o);

/* Index of the thread with that instance name, or -1. */
int il_run_thread_index(const il_code *c, const char *name);

/* The shortest continuation from the run's current state to an end (the
 * program finished or deadlocked): found breadth-first over at most
 * max_states states. Fills *threads (malloc'd, caller frees) and *n and
 * returns 0; returns -1 when no end was found (the program can run forever
 * from here, or max_states is too few, or a limit stopped the search: il_limit_stopped).
 * The run itself does not move. */
int il_run_shortest_end(il_run *r, size_t max_states, uint32_t **threads, size_t *n);

/* The trimmed text of a 1-based line of src ("" when out of range), in the
 * run's arena. */
const char *il_run_line_text(il_run *r, int line);

#endif
