/* primitives.h - the one table of the synchronisation primitives: each
 * primitive a program may declare under sync:, and each method the bytecode
 * can call on one, with every property the loader, the compiler, the machine
 * and the partial-order reduction read. Everything that lists primitives or
 * methods is generated from these two lists; what a primitive *does* is its
 * one function in sync.c. docs/hacking.md says how to add one.
 *
 * Macros and enums only, and no include of ours: the program model (kinds)
 * and the bytecode (methods) both build on it. */
#ifndef IL_PRIMITIVES_H
#define IL_PRIMITIVES_H

#include <stddef.h>
#include <stdint.h>

/* A timeout argument that was not given (timeout=None in Python). */
#define IL_NO_TIMEOUT INT64_MIN

/* IL_SYNC_KINDS(X): one row per primitive, in il_sync_kind order:
 *   X(ID, ctor, module, arg, param, dflt, min, missing, below, shown, word, lock, fn)
 * ID       the kind IL_SYNC_<ID>
 * ctor     its constructor under sync: ("Lock"), from Python module `module`
 * arg      its one argument: NONE; LOCK (a Lock's or RLock's name, or None);
 *          INT, an integer: `dflt` when absent, unless `missing` (then the
 *          message that it must be given); a value below `min` is refused
 *          with the message `below`, or taken as `min` when below is NULL
 * param    the argument's keyword (NULL: none)
 * shown    how the loader's list of supported constructors shows it
 * word     its word in waits and messages (D15: "lock m", "queue q (get)")
 * lock     1: it is a lock with one holder, which a Condition can be built on
 * fn       its function in sync.c, which answers everything else about it
 *          (slots, initial values, methods, thread indices, wait words,
 *          error messages); kinds may share one (Lock and RLock) */
#define IL_SYNC_KINDS(X)                                                                  \
    X(LOCK, "Lock", "threading", NONE, NULL, 0, 0, NULL, NULL,                           \
      "Lock", "lock", 1, lock_prim)                                                       \
    X(RLOCK, "RLock", "threading", NONE, NULL, 0, 0, NULL, NULL,                         \
      "RLock", "lock", 1, lock_prim)                                                      \
    X(SEMAPHORE, "Semaphore", "threading", INT, "value", 1, 0, NULL,                     \
      "semaphore initial value must be >= 0", "Semaphore(n)", "semaphore", 0, sem_prim)   \
    X(BSEMAPHORE, "BoundedSemaphore", "threading", INT, "value", 1, 0, NULL,             \
      "semaphore initial value must be >= 0", "BoundedSemaphore(n)", "semaphore", 0,      \
      sem_prim)                                                                           \
    X(EVENT, "Event", "threading", NONE, NULL, 0, 0, NULL, NULL,                         \
      "Event", "event", 0, event_prim)                                                    \
    X(CONDITION, "Condition", "threading", LOCK, "lock", 0, 0, NULL, NULL,               \
      "Condition, Condition(lock)", "condition", 0, cond_prim)                            \
    X(BARRIER, "Barrier", "threading", INT, "parties", 0, 1,                             \
      "Barrier needs the number of parties: Barrier(n)", "barrier needs at least 1 party", \
      "Barrier(n)", "barrier", 0, barrier_prim)                                           \
    X(QUEUE, "Queue", "queue", INT, "maxsize", 0, 0, NULL, NULL,                         \
      "Queue, Queue(maxsize)", "queue", 0, queue_prim)

typedef enum il_sync_kind {
#define IL_SYNC_KIND_ENUM_(ID, ...) IL_SYNC_##ID,
    IL_SYNC_KINDS(IL_SYNC_KIND_ENUM_)
#undef IL_SYNC_KIND_ENUM_
} il_sync_kind;

#define IL_SYNC_COUNT_(...) +1
enum { IL_SYNC_NKINDS = 0 IL_SYNC_KINDS(IL_SYNC_COUNT_) };

/* How a primitive's constructor argument is read (the `arg` column). */
typedef enum il_sync_arg { IL_ARG_NONE, IL_ARG_INT, IL_ARG_LOCK } il_sync_arg;

/* Kind sets for the method rows: a bit per il_sync_kind. */
#define IL_KB(ID) (1u << IL_SYNC_##ID)
#define IL_KB_LOCKS (IL_KB(LOCK) | IL_KB(RLOCK))
#define IL_KB_SEMS (IL_KB(SEMAPHORE) | IL_KB(BSEMAPHORE))

/* What a call gives the program (the `result` column). */
typedef enum il_sync_result { IL_R_NONE, IL_R_BOOL, IL_R_INT, IL_R_ITEM } il_sync_result;

/* Footprint classes, for the partial-order reduction (por.c):
 *   READ    reads the object only (two reads commute)
 *   WRITE   changes it (a Condition's lock too: its wait releases and
 *           retakes it)
 *   ARRIVE  changes it, and when it completes the object (IL_SYNC_RELEASED)
 *           the caller's step runs the waiters parked at this method's
 *           `then`, which is the next instruction: the last arrival skips it
 *   PARK    where such a waiter stays until released; reads the object */
typedef enum il_sync_fp { IL_FP_READ, IL_FP_WRITE, IL_FP_ARRIVE, IL_FP_PARK } il_sync_fp;

/* IL_SYNC_METHODS(M, V, P): the methods, in il_method order.
 *   M(ID, kinds, name, params, then, pops, pushes, result, fp)
 * ID       the method IL_M_<ID> (OP_SYNC's a)
 * kinds    the primitives that have it (IL_KB bits)
 * name     its Python name, or "": one the compiler emits itself (`with`
 *          entry and exit, the second half of a wait)
 * params   what a call pushes, in order: P(name, required, dflt) for a
 *          parameter given by position or keyword (else dflt), P(NULL, 0,
 *          v) for a value the user cannot give; as many as it pops
 * then     a method the compiler emits right after it, which completes the
 *          call in a later step (IL_SYNC_YIELD or IL_SYNC_RELEASED), or NONE
 * pops, pushes  its stack effect in the machine
 * result   what the call gives the program; the stack agrees (sync.c checks)
 * fp       its footprint class (il_sync_fp)
 *   V(ID, kinds, name, params): another spelling of method ID, for other
 *   kinds (a semaphore's release(n)) or with fixed arguments (put_nowait).
 * The compiler looks a call up in this order, M and V rows alike. */
#define IL_SYNC_METHODS(M, V, P)                                                          \
    M(ACQUIRE, IL_KB_LOCKS | IL_KB_SEMS | IL_KB(CONDITION), "acquire",                    \
      P("blocking", 0, 1) P("timeout", 0, IL_NO_TIMEOUT), NONE, 2, 1, IL_R_BOOL, IL_FP_WRITE) \
    M(RELEASE, IL_KB_LOCKS | IL_KB(CONDITION), "release", P(NULL, 0, 1), NONE, 1, 0,      \
      IL_R_NONE, IL_FP_WRITE)                                                             \
    V(RELEASE, IL_KB_SEMS, "release", P("n", 0, 1))                                       \
    M(LOCKED, IL_KB(LOCK), "locked", , NONE, 0, 1, IL_R_BOOL, IL_FP_READ)                 \
    /* `with` entry (a blocking acquire) and exit (a release); their kinds */             \
    /* are what `with` accepts */                                                         \
    M(ENTER, IL_KB_LOCKS | IL_KB_SEMS | IL_KB(CONDITION), "", , NONE, 0, 0, IL_R_NONE,    \
      IL_FP_WRITE)                                                                        \
    M(EXIT, IL_KB_LOCKS | IL_KB_SEMS | IL_KB(CONDITION), "", , NONE, 0, 0, IL_R_NONE,     \
      IL_FP_WRITE)                                                                        \
    M(SET, IL_KB(EVENT), "set", , NONE, 0, 0, IL_R_NONE, IL_FP_WRITE)                     \
    M(CLEAR, IL_KB(EVENT), "clear", , NONE, 0, 0, IL_R_NONE, IL_FP_WRITE)                 \
    M(IS_SET, IL_KB(EVENT), "is_set", , NONE, 0, 1, IL_R_BOOL, IL_FP_READ)                \
    M(EV_WAIT, IL_KB(EVENT), "wait", P("timeout", 0, IL_NO_TIMEOUT), NONE, 1, 1,          \
      IL_R_BOOL, IL_FP_READ)                                                              \
    /* releases the lock, joins the waiters and ends the step; pushes the */              \
    /* saved RLock depth and the timed flag for C_REACQUIRE */                            \
    M(C_WAIT, IL_KB(CONDITION), "wait", P("timeout", 0, IL_NO_TIMEOUT), C_REACQUIRE, 1, 2, \
      IL_R_BOOL, IL_FP_WRITE)                                                             \
    /* enabled once notified (or, timed, while the lock is free) */                       \
    M(C_REACQUIRE, IL_KB(CONDITION), "", , NONE, 2, 1, IL_R_BOOL, IL_FP_WRITE)            \
    M(NOTIFY, IL_KB(CONDITION), "notify", P("n", 0, 1), NONE, 1, 0, IL_R_NONE, IL_FP_WRITE) \
    M(NOTIFY_ALL, IL_KB(CONDITION), "notify_all", , NONE, 0, 0, IL_R_NONE, IL_FP_WRITE)   \
    /* an arrival: pushes the arrival index; ends the step unless it is the */            \
    /* last party, which releases the others (D20) */                                     \
    M(B_WAIT, IL_KB(BARRIER), "wait", , B_DEPART, 0, 1, IL_R_INT, IL_FP_ARRIVE)           \
    M(B_DEPART, IL_KB(BARRIER), "", , NONE, 0, 0, IL_R_NONE, IL_FP_PARK)                  \
    M(PUT, IL_KB(QUEUE), "put",                                                           \
      P("item", 1, 0) P("block", 0, 1) P("timeout", 0, IL_NO_TIMEOUT), NONE, 3, 0,        \
      IL_R_NONE, IL_FP_WRITE)                                                             \
    V(PUT, IL_KB(QUEUE), "put_nowait", P("item", 1, 0) P(NULL, 0, 0) P(NULL, 0, IL_NO_TIMEOUT)) \
    M(GET, IL_KB(QUEUE), "get", P("block", 0, 1) P("timeout", 0, IL_NO_TIMEOUT), NONE, 2, 1, \
      IL_R_ITEM, IL_FP_WRITE)                                                             \
    V(GET, IL_KB(QUEUE), "get_nowait", P(NULL, 0, 0) P(NULL, 0, IL_NO_TIMEOUT))           \
    M(TASK_DONE, IL_KB(QUEUE), "task_done", , NONE, 0, 0, IL_R_NONE, IL_FP_WRITE)         \
    M(Q_JOIN, IL_KB(QUEUE), "join", , NONE, 0, 0, IL_R_NONE, IL_FP_WRITE)                 \
    M(QSIZE, IL_KB(QUEUE), "qsize", , NONE, 0, 1, IL_R_INT, IL_FP_READ)                   \
    M(EMPTY, IL_KB(QUEUE), "empty", , NONE, 0, 1, IL_R_BOOL, IL_FP_READ)                  \
    M(FULL, IL_KB(QUEUE), "full", , NONE, 0, 1, IL_R_BOOL, IL_FP_READ)

#define IL_SYNC_IGNORE_(...)

typedef enum il_method {
#define IL_M_ENUM_(ID, ...) IL_M_##ID,
    IL_SYNC_METHODS(IL_M_ENUM_, IL_SYNC_IGNORE_, IL_SYNC_IGNORE_)
#undef IL_M_ENUM_
} il_method;

enum { IL_NMETHODS = 0 IL_SYNC_METHODS(IL_SYNC_COUNT_, IL_SYNC_IGNORE_, IL_SYNC_IGNORE_) };

/* The `then` of a method that has none. */
#define IL_M_NONE (-1)

#endif
