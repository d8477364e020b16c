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

/* IL_SYNC_KINDS(X, C): one row per primitive, in il_sync_kind order:
 *   X(ID, ctor, module, arg, param, dflt, min, missing, below, shown, word, lock,
 *     methods, fn)
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
 * methods  C(ID) for each row of IL_SYNC_METHODS it has (a method, or another
 *          spelling of one); with C(ENTER) `with obj:` takes it
 * fn       its function in sync.c, which answers everything else about it
 *          (slots, initial values, methods, thread indices, wait words,
 *          error messages); kinds may share one (Lock and RLock) */
#define IL_SYNC_KINDS(X, C)                                                               \
    X(LOCK, "Lock", "threading", NONE, NULL, 0, 0, NULL, NULL, "Lock", "lock", 1,        \
      C(ACQUIRE) C(RELEASE) C(LOCKED) C(ENTER) C(EXIT), lock_prim)                        \
    X(RLOCK, "RLock", "threading", NONE, NULL, 0, 0, NULL, NULL, "RLock", "lock", 1,     \
      C(ACQUIRE) C(RELEASE) C(ENTER) C(EXIT), lock_prim)                                  \
    X(SEMAPHORE, "Semaphore", "threading", INT, "value", 1, 0, NULL,                     \
      "semaphore initial value must be >= 0", "Semaphore(n)", "semaphore", 0,             \
      C(ACQUIRE) C(RELEASE_N) C(ENTER) C(EXIT), sem_prim)                                 \
    X(BSEMAPHORE, "BoundedSemaphore", "threading", INT, "value", 1, 0, NULL,             \
      "semaphore initial value must be >= 0", "BoundedSemaphore(n)", "semaphore", 0,      \
      C(ACQUIRE) C(RELEASE_N) C(ENTER) C(EXIT), sem_prim)                                 \
    X(EVENT, "Event", "threading", NONE, NULL, 0, 0, NULL, NULL, "Event", "event", 0,    \
      C(SET) C(CLEAR) C(IS_SET) C(EV_WAIT), event_prim)                                   \
    X(CONDITION, "Condition", "threading", LOCK, "lock", 0, 0, NULL, NULL,               \
      "Condition, Condition(lock)", "condition", 0,                                       \
      C(ACQUIRE) C(RELEASE) C(ENTER) C(EXIT) C(C_WAIT) C(C_REACQUIRE) C(NOTIFY)           \
      C(NOTIFY_ALL), cond_prim)                                                           \
    X(BARRIER, "Barrier", "threading", INT, "parties", 0, 1,                             \
      "Barrier needs the number of parties: Barrier(n)", "barrier needs at least 1 party", \
      "Barrier(n)", "barrier", 0, C(B_WAIT) C(B_DEPART), barrier_prim)                    \
    X(QUEUE, "Queue", "queue", INT, "maxsize", 0, 0, NULL, NULL,                         \
      "Queue, Queue(maxsize)", "queue", 0,                                                \
      C(PUT) C(PUT_NOWAIT) C(GET) C(GET_NOWAIT) C(TASK_DONE) C(Q_JOIN) C(QSIZE)           \
      C(EMPTY) C(FULL), queue_prim)

#define IL_SYNC_IGNORE_(...)

typedef enum il_sync_kind {
#define IL_SYNC_KIND_ENUM_(ID, ...) IL_SYNC_##ID,
    IL_SYNC_KINDS(IL_SYNC_KIND_ENUM_, IL_SYNC_IGNORE_)
#undef IL_SYNC_KIND_ENUM_
} il_sync_kind;

#define IL_SYNC_COUNT_(...) +1
enum { IL_SYNC_NKINDS = 0 IL_SYNC_KINDS(IL_SYNC_COUNT_, IL_SYNC_IGNORE_) };

/* How a primitive's constructor argument is read (the `arg` column). */
typedef enum il_sync_arg { IL_ARG_NONE, IL_ARG_INT, IL_ARG_LOCK } il_sync_arg;

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
 *   M(ID, name, params, then, pops, pushes, result, fp)
 * ID       the method IL_M_<ID> (OP_SYNC's a)
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
 *   V(ID, METHOD, name, params): another spelling of method METHOD, for
 *   other kinds (a semaphore's release(n)) or with fixed arguments
 *   (put_nowait); it has no then.
 * Every row, M or V, is a call IL_C_<ID> a kind's methods column names; the
 * compiler looks a call up in this order. */
#define IL_SYNC_METHODS(M, V, P)                                                          \
    M(ACQUIRE, "acquire", P("blocking", 0, 1) P("timeout", 0, IL_NO_TIMEOUT), NONE, 2, 1, \
      IL_R_BOOL, IL_FP_WRITE)                                                             \
    M(RELEASE, "release", P(NULL, 0, 1), NONE, 1, 0, IL_R_NONE, IL_FP_WRITE)              \
    V(RELEASE_N, RELEASE, "release", P("n", 0, 1))                                        \
    M(LOCKED, "locked", , NONE, 0, 1, IL_R_BOOL, IL_FP_READ)                              \
    /* `with` entry (a blocking acquire) and exit (a release) */                          \
    M(ENTER, "", , NONE, 0, 0, IL_R_NONE, IL_FP_WRITE)                                    \
    M(EXIT, "", , NONE, 0, 0, IL_R_NONE, IL_FP_WRITE)                                     \
    M(SET, "set", , NONE, 0, 0, IL_R_NONE, IL_FP_WRITE)                                   \
    M(CLEAR, "clear", , NONE, 0, 0, IL_R_NONE, IL_FP_WRITE)                               \
    M(IS_SET, "is_set", , NONE, 0, 1, IL_R_BOOL, IL_FP_READ)                              \
    M(EV_WAIT, "wait", P("timeout", 0, IL_NO_TIMEOUT), NONE, 1, 1, IL_R_BOOL, IL_FP_READ) \
    /* releases the lock, joins the waiters and ends the step; pushes the */              \
    /* saved RLock depth and the timed flag for C_REACQUIRE */                            \
    M(C_WAIT, "wait", P("timeout", 0, IL_NO_TIMEOUT), C_REACQUIRE, 1, 2, IL_R_BOOL,       \
      IL_FP_WRITE)                                                                        \
    /* once notified, or timed out, and the lock is free; a timed wait not */             \
    /* notified first gives up in a step of its own (IL_SYNC_AGAIN) */                    \
    M(C_REACQUIRE, "", , NONE, 2, 1, IL_R_BOOL, IL_FP_WRITE)                              \
    M(NOTIFY, "notify", P("n", 0, 1), NONE, 1, 0, IL_R_NONE, IL_FP_WRITE)                 \
    M(NOTIFY_ALL, "notify_all", , NONE, 0, 0, IL_R_NONE, IL_FP_WRITE)                     \
    /* an arrival: pushes the arrival index; ends the step unless it is the */            \
    /* last party, which releases the others (D20) */                                     \
    M(B_WAIT, "wait", , B_DEPART, 0, 1, IL_R_INT, IL_FP_ARRIVE)                           \
    M(B_DEPART, "", , NONE, 0, 0, IL_R_NONE, IL_FP_PARK)                                  \
    M(PUT, "put", P("item", 1, 0) P("block", 0, 1) P("timeout", 0, IL_NO_TIMEOUT), NONE,  \
      3, 0, IL_R_NONE, IL_FP_WRITE)                                                       \
    V(PUT_NOWAIT, PUT, "put_nowait", P("item", 1, 0) P(NULL, 0, 0) P(NULL, 0, IL_NO_TIMEOUT)) \
    M(GET, "get", P("block", 0, 1) P("timeout", 0, IL_NO_TIMEOUT), NONE, 2, 1, IL_R_ITEM, \
      IL_FP_WRITE)                                                                        \
    V(GET_NOWAIT, GET, "get_nowait", P(NULL, 0, 0) P(NULL, 0, IL_NO_TIMEOUT))             \
    M(TASK_DONE, "task_done", , NONE, 0, 0, IL_R_NONE, IL_FP_WRITE)                       \
    M(Q_JOIN, "join", , NONE, 0, 0, IL_R_NONE, IL_FP_WRITE)                               \
    M(QSIZE, "qsize", , NONE, 0, 1, IL_R_INT, IL_FP_READ)                                 \
    M(EMPTY, "empty", , NONE, 0, 1, IL_R_BOOL, IL_FP_READ)                                \
    M(FULL, "full", , NONE, 0, 1, IL_R_BOOL, IL_FP_READ)

typedef enum il_method {
#define IL_M_ENUM_(ID, ...) IL_M_##ID,
    IL_SYNC_METHODS(IL_M_ENUM_, IL_SYNC_IGNORE_, IL_SYNC_IGNORE_)
#undef IL_M_ENUM_
} il_method;

enum { IL_NMETHODS = 0 IL_SYNC_METHODS(IL_SYNC_COUNT_, IL_SYNC_IGNORE_, IL_SYNC_IGNORE_) };

/* The `then` of a method that has none. */
#define IL_M_NONE (-1)

/* The rows of the method table, M and V alike: what a kind's methods
 * column names (a bit each in a 64-bit set). */
typedef enum il_sync_row {
#define IL_C_ENUM_(ID, ...) IL_C_##ID,
    IL_SYNC_METHODS(IL_C_ENUM_, IL_C_ENUM_, IL_SYNC_IGNORE_)
#undef IL_C_ENUM_
} il_sync_row;
enum { IL_NCALLS = 0 IL_SYNC_METHODS(IL_SYNC_COUNT_, IL_SYNC_COUNT_, IL_SYNC_IGNORE_) };
_Static_assert(IL_NCALLS <= 64, "a kind's methods are a 64-bit set");
/* C for IL_SYNC_KINDS: `0 methods` is then the kind's set of rows. */
#define IL_C_BIT_(ID) | ((uint64_t)1 << IL_C_##ID)

#endif
