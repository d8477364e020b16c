/* sync.h - the synchronisation primitives of language.md: their slots in the
 * state, each method's enabled/blocked rule and effect, their errors, and how
 * a blocked thread's wait is described. What is declared about each
 * primitive and method is the table of primitives.h; what it does is its
 * one function in sync.c: adding a primitive is a row there and a function
 * here (docs/hacking.md). The scheduler, not the primitive, decides who
 * runs: a method that would block only says so. */
#ifndef IL_SYNC_H
#define IL_SYNC_H

#include <stdint.h>

#include "bytecode.h"
#include "util.h"

typedef enum il_sync_res {
    IL_SYNC_OK,       /* done; results pushed into ret[] */
    IL_SYNC_BLOCK,    /* would block: the step is not enabled */
    IL_SYNC_ERROR,    /* *err holds the error kind */
    IL_SYNC_YIELD,    /* done, and the thread's step ends here (wait's first half) */
    IL_SYNC_RELEASED, /* the last party arrived: the machine releases the others */
    IL_SYNC_AGAIN     /* a step of its own that leaves the call unfinished: the thread
                         stays at it, its arguments kept (a timed wait giving up) */
} il_sync_res;

/* Unbounded queues are modelled with room for this many items. */
#define IL_QUEUE_UNBOUNDED_CAP 32
/* The largest maxsize a state can hold (its count and unfinished tasks
 * take two slots). A larger one, like maxsize <= 0, is unbounded in effect
 * and modelled as such: room for IL_QUEUE_UNBOUNDED_CAP items. */
#define IL_QUEUE_MAX_CAP (IL_STATE_MAX_VALUES - 2)
/* Whether queue declaration d is modelled as bounded by its maxsize. */
#define IL_QUEUE_BOUNDED(d) ((d)->arg > 0 && (d)->arg <= IL_QUEUE_MAX_CAP)

/* int64 slots the object keeps in the state; *qcap gets a queue's capacity. */
uint32_t il_sync_nslots(const il_sync_decl *d, uint32_t nthreads, uint32_t *qcap);
const char *il_sync_kind_name(il_sync_kind k); /* "lock", "semaphore", ... (D15) */

/* Initial slot values. */
void il_sync_init(const il_code *c, uint32_t obj, int64_t *slots);

/* Runs method m of object obj for thread t. args are the popped arguments
 * (il_method_pops), ret receives il_method_pushes values. */
il_sync_res il_sync_call(const il_code *c, uint8_t *s, uint32_t obj, il_method m,
                         uint32_t t, const int64_t *args, int64_t *ret,
                         il_errkind *err);

/* Rewrites every thread index the objects keep (lock holders, condition
 * waiters) through map[old] = new, for symmetry reduction. */
void il_sync_remap_threads(const il_code *c, uint8_t *s, const uint32_t *map);

/* D15 words for thread t's wait ("queue q (get)") and human words ("queue q (empty)"). */
void il_sync_describe(const il_code *c, const uint8_t *s, uint32_t obj, il_method m,
                      uint32_t t, il_buf *waiting_for, il_buf *detail);

/* Message of an error raised by method m on obj (for reports). */
const char *il_sync_error_message(const il_code *c, uint32_t obj, il_method m,
                                  il_errkind err);

#endif
