/* por.h - partial-order reduction: which threads a state must expand.
 *
 * A stubborn (persistent) set of threads: starting from one enabled thread,
 * it takes in every thread whose future steps may conflict with the next
 * step of an enabled member (same object, one of them writing), and every
 * thread that may enable a blocked member. Steps of the threads left out
 * are then independent of the members' next steps along any path, so
 * expanding only the members keeps every reachable terminal state (outcome,
 * deadlock), every reachable error, and every pair of co-enabled conflicting
 * steps (races): docs/reduction.md gives the argument. The explorer adds the
 * cycle proviso (a state whose reduced successors close a cycle is fully
 * expanded).
 *
 * Objects: shared locations, sync objects, threads (start, join, is_alive,
 * cancel, and every step of the thread itself), the output (prints are
 * ordered) and the executor. The next step's location is the one the
 * machine observed (exact, even for a[i]); everything else is static, from
 * the bytecode: the objects a step from pc may touch, and those any step
 * from pc onwards may touch. */
#ifndef IL_POR_H
#define IL_POR_H

#include <stdint.h>

#include "bytecode.h"

typedef enum il_por_kind {
    IL_POR_IDLE,    /* finished or failed: no future */
    IL_POR_ENABLED, /* its next step can run */
    IL_POR_BLOCKED, /* running, next step not enabled */
    IL_POR_NEW      /* not started yet */
} il_por_kind;

/* What the explorer learnt about one thread in the state being expanded. */
typedef struct il_por_thread {
    uint8_t kind;      /* il_por_kind */
    uint8_t acc_has;   /* enabled: the step accesses shared location acc_loc */
    uint8_t acc_write;
    uint8_t wait_is_thread; /* blocked: 1 on thread wait_obj (join), 2 on a task to take
                               (the executor), 0 on sync object wait_obj */
    uint32_t pc;
    uint32_t acc_loc;
    uint32_t wait_obj;
} il_por_thread;

typedef struct il_por il_por;

il_por *il_por_new(const il_code *c);
void il_por_free(il_por *p);

/* Marks in expand[t] (1/0) the enabled threads of a smallest stubborn set
 * found; returns how many. th and expand have one entry per thread, then
 * one for the shutdown step (machine.h: nthreads; its pc unused). */
uint32_t il_por_choose(il_por *p, const il_por_thread *th, uint8_t *expand);

/* Whether two threads' code may access one shared location, one of them
 * writing (from the static footprints of each thread's whole code; an
 * executor's tasks count as conflicting). 0: no data race is possible. */
int il_por_may_conflict(const il_por *p);

#endif
