/* machine.h - executes one step of one green thread on a flat state.
 * The state is the only mutable thing: il_step changes it in place, so the
 * explorer steps a copy to get a successor. A step that would block leaves
 * the state half-changed and says IL_STEP_BLOCKED: the caller discards that
 * copy (it is the thread's step that is not enabled, language.md rule 5). */
#ifndef IL_MACHINE_H
#define IL_MACHINE_H

#include <stdint.h>

#include "bytecode.h"
#include "intern.h"
#include "util.h"

/* How a run ends, in the words of the reports: the explorer's result
 * (explorer.h) and a single run (schedule.h) both use them. */
typedef enum il_status {
    IL_STATUS_OK, IL_STATUS_ERROR, IL_STATUS_DEADLOCK /* sort order of cli.md */
} il_status;

/* A thread that cannot move at the end of a run. */
typedef struct il_blocked {
    const char *thread;
    int line;            /* line of the step it cannot take */
    const char *waiting_for; /* D15 form: "lock m", "thread t2", ... */
    const char *detail;  /* human words: "lock m held by t2", or NULL */
} il_blocked;

/* Optional hooks for whoever watches a run step by step (replay, traces,
 * race detection). NULL in the explorer's hot loop. */
typedef struct il_observer {
    void *ctx;
    void (*access)(void *ctx, uint32_t thread, uint32_t loc, int is_write, int64_t value);
    void (*print)(void *ctx, uint32_t thread, uint32_t line_id);
    /* A sync call that took effect (may be NULL): op is an il_method, or
     * IL_NMETHODS + an il_tmethod for thread calls; obj the sync object or
     * thread; value what decides its happens-before edge (acquire's and
     * is_set's result, 1 for a barrier arrival that releases the others,
     * 1 for a join or is_alive that sees the thread ended). The race
     * analysis (races.c) follows D22 through it. */
    void (*sync)(void *ctx, uint32_t thread, uint32_t op, uint32_t obj, int64_t value);
} il_observer;

typedef struct il_machine {
    const il_code *code;
    il_intern *intern;       /* output lines and sequences */
    const il_observer *obs;  /* may be NULL */
} il_machine;

typedef enum il_step_res {
    IL_STEP_OK,      /* the thread took a step (possibly ending in an error) */
    IL_STEP_BLOCKED, /* its next step is not enabled; *w says on what */
    IL_STEP_IDLE     /* not started, finished or failed: nothing to run */
} il_step_res;

/* What a blocked thread waits for. */
typedef struct il_wait {
    uint32_t thread; /* the blocked thread */
    int is_thread;   /* 1: join on thread obj; 0: sync object obj; 2: a task to take (obj 0) */
    uint32_t obj;
    uint32_t pc;     /* the blocking instruction (its method says which wait) */
} il_wait;

/* Thread t's next step; t == c->nthreads is the shutdown step (below). */
il_step_res il_step(const il_machine *m, uint8_t *s, uint32_t t, il_wait *w);

/* The program has ended normally: no thread is still running, daemons
 * included (never-started threads do not keep it alive, D14). */
int il_finished(const il_code *c, const uint8_t *s);

/* python.md F1: once no non-daemon thread is running, daemons go on until
 * the interpreter shuts down, a scheduling choice like a thread's step,
 * enabled while some daemon is still running (with none the program has
 * finished, and no shutdown step is taken). It is numbered c->nthreads
 * where a thread's number stands (il_step, schedules, paths, edges) and
 * named IL_SHUTDOWN_NAME, a word no thread can have (thread names are
 * identifiers). Taking it ends the run: every daemon still running is
 * IL_TS_KILLED. */
#define IL_SHUTDOWN_NAME "<shutdown>"
int il_shutdown_enabled(const il_code *c, const uint8_t *s);

/* Thread t's name, IL_SHUTDOWN_NAME for t == c->nthreads, else "?". */
const char *il_step_name(const il_code *c, uint32_t t);

/* D15 words ("lock m", "thread t2") and human words ("lock m held by t2"). */
void il_wait_describe(const il_code *c, const uint8_t *s, const il_wait *w,
                      il_buf *waiting_for, il_buf *detail);

/* The message of the error a failed thread stopped with. */
const char *il_error_message(const il_code *c, const uint8_t *s, uint32_t t, il_buf *scratch);

/* The same for an error raised at instruction pc of thread t (kind err). */
const char *il_error_message_at(const il_code *c, uint32_t pc, uint32_t t, il_errkind err,
                                il_buf *scratch);

/* Errors an executor hid (language.md, executor): task `task` failed when
 * the slot is non-zero; unpacks worker, kind and pc. */
int il_hidden_error(const il_code *c, const uint8_t *s, uint32_t task, uint32_t *worker,
                    il_errkind *kind, uint32_t *pc);

#endif
