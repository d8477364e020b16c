/* sync.c - the primitives as CPython defines them (language.md rules 5-7,
 * D17-D21). Each is a few int64 slots in the state:
 *   Lock           [holder + 1 (0: free)]              any thread may release
 *   RLock          [owner + 1, depth]
 *   (Bounded)Semaphore [value]
 *   Event          [flag]
 *   Condition      [own RLock owner, depth,]  nwaiters, waiter thread ids...
 *                  (the own RLock only for Condition() without a lock)
 *   Barrier        [arrived in this generation]
 *   Queue          [count, unfinished tasks, items... (capacity)]
 * Waiters of a condition are a FIFO list, because notify wakes them in order;
 * whether a waiter has been notified, or has timed out (python.md F2), is
 * kept in its thread header.
 *
 * Each primitive is one function (the fn column of primitives.h' kind table)
 * that answers every question the functions of sync.h ask about it: one
 * `ask` per question, a switch over them in each. The methods a primitive
 * is asked to run are only its own (the compiler emits a method only on a
 * kind whose methods column names it), so it tests for those alone. */
#include "sync.h"

#include <string.h>

/* ---- the method table's columns ------------------------------------------ */

#define POPS_(ID, name, params, then, pops, pushes, result, fp) [IL_M_##ID] = pops,
#define PUSHES_(ID, name, params, then, pops, pushes, result, fp) [IL_M_##ID] = pushes,
#define FP_(ID, name, params, then, pops, pushes, result, fp) [IL_M_##ID] = fp,
const signed char il_method_pops[IL_NMETHODS] = {
    IL_SYNC_METHODS(POPS_, IL_SYNC_IGNORE_, IL_SYNC_IGNORE_)
};
const signed char il_method_pushes[IL_NMETHODS] = {
    IL_SYNC_METHODS(PUSHES_, IL_SYNC_IGNORE_, IL_SYNC_IGNORE_)
};
const il_sync_fp il_method_fp[IL_NMETHODS] = {
    IL_SYNC_METHODS(FP_, IL_SYNC_IGNORE_, IL_SYNC_IGNORE_)
};

/* The table checks itself, so that a wrong row does not compile: a method
 * pops the values its parameters push, another spelling pushes as many, and
 * a call with a result leaves exactly one value once its `then` has run
 * (the compiler drops it when the call is a statement). */
enum {
#define EFFECT_(ID, name, params, then, pops, pushes, result, fp) \
    EFFECT_##ID = (pushes) - (pops), POPS_OF_##ID = (pops),
    IL_SYNC_METHODS(EFFECT_, IL_SYNC_IGNORE_, IL_SYNC_IGNORE_)
    EFFECT_NONE = 0
};
#define ONE_(...) +1
#define CHECK_M_(ID, name, params, then, pops, pushes, result, fp)                 \
    _Static_assert(sizeof(name) == 1 || (pops) == 0 params,                               \
                   #ID ": a method pops what its parameters push");                       \
    _Static_assert((pushes) + EFFECT_##then == ((result) != IL_R_NONE),                   \
                   #ID ": a call with a result leaves one value, one without none");
#define CHECK_V_(ID, METHOD, name, params) \
    _Static_assert(0 params == POPS_OF_##METHOD, name ": as many parameters as " #METHOD " pops");
IL_SYNC_METHODS(CHECK_M_, CHECK_V_, ONE_)

/* ---- what a primitive is asked ------------------------------------------- */

typedef enum ask {
    ASK_SLOTS,    /* nslots (and qcap, a queue's capacity) from d and nthreads */
    ASK_INIT,     /* initial values into sl (zeroed already) */
    ASK_CALL,     /* run method m for thread t: args in; ret, err out */
    ASK_REMAP,    /* rewrite the thread indices in sl through map */
    ASK_DESCRIBE, /* thread t's wait at m: D15 words into wf, human ones into detail */
    ASK_ERROR     /* message for error err raised by m */
} ask;

typedef struct prim {
    ask ask;
    const il_code *c;        /* NULL for ASK_SLOTS */
    const il_sync_decl *d;
    uint32_t obj;
    uint8_t *s;              /* the state: CALL, REMAP, DESCRIBE */
    int64_t *sl;             /* the object's slots in it (INIT: the initial ones) */
    il_method m;             /* CALL, DESCRIBE, ERROR */
    uint32_t t;              /* CALL, DESCRIBE */
    const int64_t *args;     /* CALL: the popped arguments */
    int64_t *ret;            /* CALL: il_method_pushes values */
    il_errkind err;          /* CALL: out when IL_SYNC_ERROR; ERROR: in */
    const uint32_t *map;     /* REMAP */
    il_buf *wf, *detail;     /* DESCRIBE */
    uint32_t nthreads;       /* SLOTS */
    uint32_t nslots, qcap;   /* SLOTS: out */
    const char *message;     /* ERROR: out */
} prim;

#define FN_DECL_(ID, ctor, module, arg, param, dflt, min, missing, below, shown, word, lock, methods, fn) \
    static il_sync_res fn(prim *p);
#define FN_(ID, ctor, module, arg, param, dflt, min, missing, below, shown, word, lock, methods, fn) \
    [IL_SYNC_##ID] = fn,
#define WORD_(ID, ctor, module, arg, param, dflt, min, missing, below, shown, word, lock, methods, fn) \
    [IL_SYNC_##ID] = word,
IL_SYNC_KINDS(FN_DECL_, IL_SYNC_IGNORE_)
static il_sync_res (*const prim_fn[IL_SYNC_NKINDS])(prim *) = {IL_SYNC_KINDS(FN_, IL_SYNC_IGNORE_)};

static il_sync_res ask_prim(prim *p)
{
    return prim_fn[p->d->kind](p);
}

static int64_t *slots_of(const il_code *c, uint8_t *s, uint32_t obj)
{
    return il_syncslots(c, s) + c->sync_slot[obj];
}

static const char *const invalid_use = "invalid use of a synchronisation object";

/* A RuntimeError: releasing a lock not held, waiting on or notifying a
 * condition without its lock, a queue fuller than the model; and a method
 * the primitive does not have (the compiler never emits one). */
static il_sync_res runtime_error(prim *p)
{
    p->err = IL_ERR_RUNTIME;
    return IL_SYNC_ERROR;
}

/* ---- sync.h --------------------------------------------------------------- */

uint32_t il_sync_nslots(const il_sync_decl *d, uint32_t nthreads, uint32_t *qcap)
{
    prim p = {.ask = ASK_SLOTS, .d = d, .nthreads = nthreads};
    ask_prim(&p);
    *qcap = p.qcap;
    return p.nslots;
}

const char *il_sync_kind_name(il_sync_kind k)
{
    static const char *const words[IL_SYNC_NKINDS] = {IL_SYNC_KINDS(WORD_, IL_SYNC_IGNORE_)};
    return (unsigned)k < IL_SYNC_NKINDS ? words[k] : "?";
}

void il_sync_init(const il_code *c, uint32_t obj, int64_t *slots)
{
    const il_sync_decl *d = &c->prog->sync[obj];
    uint32_t cap;
    memset(slots, 0, sizeof(int64_t) * il_sync_nslots(d, c->nthreads, &cap));
    prim p = {.ask = ASK_INIT, .c = c, .d = d, .obj = obj, .sl = slots};
    ask_prim(&p);
}

il_sync_res il_sync_call(const il_code *c, uint8_t *s, uint32_t obj, il_method m,
                         uint32_t t, const int64_t *args, int64_t *ret,
                         il_errkind *err)
{
    prim p = {.ask = ASK_CALL, .c = c, .d = &c->prog->sync[obj], .obj = obj, .s = s,
              .sl = slots_of(c, s, obj), .m = m, .t = t, .args = args, .ret = ret};
    il_sync_res res = ask_prim(&p);
    if (res == IL_SYNC_ERROR) *err = p.err;
    return res;
}

void il_sync_remap_threads(const il_code *c, uint8_t *s, const uint32_t *map)
{
    for (int i = 0; i < c->prog->nsync; i++) {
        prim p = {.ask = ASK_REMAP, .c = c, .d = &c->prog->sync[i], .obj = (uint32_t)i,
                  .s = s, .sl = slots_of(c, s, (uint32_t)i), .map = map};
        ask_prim(&p);
    }
}

void il_sync_describe(const il_code *c, const uint8_t *s, uint32_t obj, il_method m,
                      uint32_t t, il_buf *wf, il_buf *detail)
{
    uint8_t *st = (uint8_t *)s; /* only read */
    prim p = {.ask = ASK_DESCRIBE, .c = c, .d = &c->prog->sync[obj], .obj = obj, .s = st,
              .sl = slots_of(c, st, obj), .m = m, .t = t, .wf = wf, .detail = detail};
    ask_prim(&p);
}

const char *il_sync_error_message(const il_code *c, uint32_t obj, il_method m,
                                  il_errkind err)
{
    switch (err) {
    case IL_ERR_EMPTY:
    case IL_ERR_FULL: return "";
    case IL_ERR_OVERFLOW: return "integer overflow (values are 64-bit)";
    case IL_ERR_NONE: case IL_ERR_ASSERT: case IL_ERR_ZERODIV: case IL_ERR_INDEX:
    case IL_ERR_UNBOUND: case IL_ERR_RUNTIME: case IL_ERR_VALUE: case IL_ERR_VALUE_ARG:
        break;
    }
    prim p = {.ask = ASK_ERROR, .c = c, .d = &c->prog->sync[obj], .obj = obj, .m = m,
              .err = err, .message = invalid_use};
    ask_prim(&p);
    return p.message;
}

/* ---- locks (also under conditions) -------------------------------------- */

/* The lock a Lock, RLock or Condition object stands for. */
typedef struct lockref {
    int64_t *l;  /* holder + 1, then depth for an RLock */
    int rlock;
} lockref;

static lockref lock_of(const il_code *c, uint8_t *s, uint32_t obj)
{
    const il_sync_decl *d = &c->prog->sync[obj];
    if (d->kind == IL_SYNC_CONDITION) {
        if (d->lock < 0) return (lockref){slots_of(c, s, obj), 1};
        obj = (uint32_t)d->lock;
        d = &c->prog->sync[obj];
    }
    return (lockref){slots_of(c, s, obj), d->kind == IL_SYNC_RLOCK};
}

static int lock_available(lockref k, uint32_t t)
{
    return k.l[0] == 0 || (k.rlock && k.l[0] == (int64_t)t + 1);
}

/* D21: with a Lock, being held (by anyone) is enough; an RLock must be the caller's. */
static int lock_owned(lockref k, uint32_t t)
{
    return k.rlock ? k.l[0] == (int64_t)t + 1 : k.l[0] != 0;
}

/* acquire(blocking, timeout) on anything with permits: a non-blocking or
 * timed call that would block gives up at once (time is not modelled). The
 * C lock (Lock, RLock, and so a Condition's acquire) takes timeout=-1 as none
 * and refuses other negative timeouts; threading.Semaphore takes any timeout
 * but None as one that may give up, -1 and negative ones too. Both refuse a
 * timeout on a non-blocking call (IL_ERR_VALUE_ARG). */
static il_sync_res acquire_rule(int available, int sem, const int64_t *args, int64_t *ret,
                                il_errkind *err)
{
    int64_t blocking = args[0], timeout = args[1];
    if (!sem && timeout == -1) timeout = IL_NO_TIMEOUT;
    if (!blocking && timeout != IL_NO_TIMEOUT) {
        *err = IL_ERR_VALUE_ARG;
        return IL_SYNC_ERROR;
    }
    if (!sem && timeout < 0 && timeout != IL_NO_TIMEOUT) {
        *err = IL_ERR_VALUE;
        return IL_SYNC_ERROR;
    }
    if (available) { ret[0] = 1; return IL_SYNC_OK; }
    if (!blocking || timeout != IL_NO_TIMEOUT) { ret[0] = 0; return IL_SYNC_OK; }
    return IL_SYNC_BLOCK;
}

static const int64_t blocking_acquire[2] = {1, IL_NO_TIMEOUT};

/* acquire, release, locked and `with` on lock k (a Lock, an RLock, or a
 * Condition's lock). */
static il_sync_res lock_call(lockref k, prim *p)
{
    il_method m = p->m;
    uint32_t t = p->t;
    if (m == IL_M_ENTER || m == IL_M_ACQUIRE) {
        int64_t r = 0;
        il_sync_res res = acquire_rule(lock_available(k, t), 0,
                                       m == IL_M_ENTER ? blocking_acquire : p->args, &r,
                                       &p->err);
        if (res == IL_SYNC_OK && r) {
            k.l[0] = (int64_t)t + 1;
            if (k.rlock) k.l[1]++;
        }
        if (m == IL_M_ACQUIRE) p->ret[0] = r;
        return res;
    }
    if (m == IL_M_EXIT || m == IL_M_RELEASE) {
        if (k.rlock) {
            if (k.l[0] != (int64_t)t + 1) return runtime_error(p);
            if (--k.l[1] == 0) k.l[0] = 0;
        } else {
            if (k.l[0] == 0) return runtime_error(p);
            k.l[0] = 0;
        }
        return IL_SYNC_OK;
    }
    if (m == IL_M_LOCKED) {
        p->ret[0] = k.l[0] != 0;
        return IL_SYNC_OK;
    }
    return runtime_error(p);
}

/* The messages of lock_call's errors; rlock: the lock is an RLock. */
static const char *lock_error(const prim *p, int rlock)
{
    switch (p->err) {
    case IL_ERR_VALUE_ARG: return "can't specify a timeout for a non-blocking call";
    case IL_ERR_VALUE: return "timeout value must be positive";
    case IL_ERR_RUNTIME:
        if (p->m == IL_M_RELEASE || p->m == IL_M_EXIT)
            return rlock ? "cannot release un-acquired lock" : "release unlocked lock";
        return invalid_use;
    case IL_ERR_NONE: case IL_ERR_ASSERT: case IL_ERR_ZERODIV: case IL_ERR_INDEX:
    case IL_ERR_OVERFLOW: case IL_ERR_UNBOUND: case IL_ERR_EMPTY: case IL_ERR_FULL:
        return invalid_use;
    }
    return invalid_use;
}

static void holder_words(const il_code *c, lockref k, il_buf *out)
{
    if (k.l[0]) il_buf_printf(out, "held by %s", c->threads[k.l[0] - 1].name);
    else il_buf_puts(out, "free");
}

/* Lock and RLock. */
static il_sync_res lock_prim(prim *p)
{
    int rlock = p->d->kind == IL_SYNC_RLOCK;
    switch (p->ask) {
    case ASK_SLOTS: p->nslots = rlock ? 2 : 1; return IL_SYNC_OK;
    case ASK_INIT: return IL_SYNC_OK;
    case ASK_CALL: return lock_call(lock_of(p->c, p->s, p->obj), p);
    case ASK_REMAP:
        if (p->sl[0]) p->sl[0] = (int64_t)p->map[p->sl[0] - 1] + 1;
        return IL_SYNC_OK;
    case ASK_DESCRIBE:
        il_buf_printf(p->wf, "lock %s", p->d->name);
        il_buf_printf(p->detail, "lock %s ", p->d->name);
        holder_words(p->c, lock_of(p->c, p->s, p->obj), p->detail);
        return IL_SYNC_OK;
    case ASK_ERROR: p->message = lock_error(p, rlock); return IL_SYNC_OK;
    }
    return IL_SYNC_OK;
}

/* ---- conditions ------------------------------------------------------------ */

static il_sync_res cond_call(prim *p)
{
    const il_code *c = p->c;
    uint8_t *s = p->s;
    uint32_t t = p->t;
    lockref k = lock_of(c, s, p->obj);
    int64_t *q = p->sl + (p->d->lock < 0 ? 2 : 0);
    il_thread_hdr *h = il_thr(c, s, t);
    if (p->m == IL_M_C_WAIT) {
        if (!lock_owned(k, t)) return runtime_error(p);
        p->ret[0] = k.rlock ? k.l[1] : 1; /* an RLock is fully released, then restored */
        p->ret[1] = p->args[0] != IL_NO_TIMEOUT; /* any timeout, even negative, may give up */
        k.l[0] = 0;
        if (k.rlock) k.l[1] = 0;
        q[1 + q[0]++] = t;
        h->wait = IL_W_WAITING;
        return IL_SYNC_YIELD;
    }
    if (p->m == IL_M_C_REACQUIRE) {
        int64_t depth = p->args[0], timed = p->args[1];
        if (h->wait == IL_W_WAITING) {
            if (!timed) return IL_SYNC_BLOCK;
            /* python.md F2: a timed wait gives up in a step of its own while
             * not notified, whoever holds the lock; it stays in the waiters,
             * in its place, and a notify that reaches it is used up */
            h->wait = IL_W_TIMED_OUT;
            return IL_SYNC_AGAIN;
        }
        if (k.l[0] != 0) return IL_SYNC_BLOCK;
        if (h->wait == IL_W_TIMED_OUT) {
            /* with the lock back it leaves the waiters (unless a notify took
             * it out) and returns False */
            int64_t n = q[0], j = 0;
            for (int64_t i = 0; i < n; i++)
                if (q[1 + i] != (int64_t)t) q[1 + j++] = q[1 + i];
            q[0] = j;
            if (j < n) q[1 + j] = 0;
            p->ret[0] = 0;
        } else {
            p->ret[0] = 1;
        }
        k.l[0] = (int64_t)t + 1;
        if (k.rlock) k.l[1] = depth;
        h->wait = IL_W_NONE;
        return IL_SYNC_OK;
    }
    if (p->m == IL_M_NOTIFY || p->m == IL_M_NOTIFY_ALL) {
        if (!lock_owned(k, t)) return runtime_error(p);
        int64_t n = p->m == IL_M_NOTIFY_ALL ? q[0] : p->args[0];
        if (n > q[0]) n = q[0];
        if (n < 0) n = 0;
        /* the first n waiters leave the queue; those that timed out (F2) are
         * not woken, but count against n */
        for (int64_t i = 0; i < n; i++) {
            il_thread_hdr *wh = il_thr(c, s, (uint32_t)q[1 + i]);
            if (wh->wait == IL_W_WAITING) wh->wait = IL_W_NOTIFIED;
        }
        memmove(&q[1], &q[1 + n], sizeof(int64_t) * (size_t)(q[0] - n));
        memset(&q[1 + q[0] - n], 0, sizeof(int64_t) * (size_t)n);
        q[0] -= n;
        return IL_SYNC_OK;
    }
    return lock_call(k, p); /* acquire, release, `with` */
}

static il_sync_res cond_prim(prim *p)
{
    const il_sync_decl *d = p->d;
    switch (p->ask) {
    case ASK_SLOTS: p->nslots = (d->lock < 0 ? 2 : 0) + 1 + p->nthreads; return IL_SYNC_OK;
    case ASK_INIT: return IL_SYNC_OK;
    case ASK_CALL: return cond_call(p);
    case ASK_REMAP: {
        int64_t *sl = p->sl;
        if (d->lock < 0) {
            if (sl[0]) sl[0] = (int64_t)p->map[sl[0] - 1] + 1;
            sl += 2;
        }
        for (int64_t j = 0; j < sl[0]; j++) sl[1 + j] = p->map[sl[1 + j]];
        return IL_SYNC_OK;
    }
    case ASK_DESCRIBE:
        il_buf_printf(p->wf, "condition %s", d->name);
        if (p->m == IL_M_C_REACQUIRE && il_thr(p->c, p->s, p->t)->wait == IL_W_WAITING) {
            il_buf_printf(p->detail, "condition %s (not notified)", d->name);
        } else {
            /* notified, timed out (F2) or entering: what stops it is the lock */
            uint8_t wait = il_thr(p->c, p->s, p->t)->wait;
            il_buf_printf(p->detail, "condition %s (%slock ", d->name,
                          p->m != IL_M_C_REACQUIRE ? ""
                          : wait == IL_W_TIMED_OUT ? "timed out; " : "notified; ");
            holder_words(p->c, lock_of(p->c, p->s, p->obj), p->detail);
            il_buf_putc(p->detail, ')');
        }
        return IL_SYNC_OK;
    case ASK_ERROR:
        if (p->err == IL_ERR_RUNTIME && p->m == IL_M_C_WAIT)
            p->message = "cannot wait on un-acquired lock";
        else if (p->err == IL_ERR_RUNTIME && (p->m == IL_M_NOTIFY || p->m == IL_M_NOTIFY_ALL))
            p->message = "cannot notify on un-acquired lock";
        else /* its lock's: the one it was given, or its own RLock */
            p->message = lock_error(p, d->lock < 0 || p->c->prog->sync[d->lock].kind == IL_SYNC_RLOCK);
        return IL_SYNC_OK;
    }
    return IL_SYNC_OK;
}

/* ---- the others ------------------------------------------------------------ */

/* Semaphore and BoundedSemaphore. */
static il_sync_res sem_prim(prim *p)
{
    const il_sync_decl *d = p->d;
    int64_t *sl = p->sl;
    il_method m = p->m;
    switch (p->ask) {
    case ASK_SLOTS: p->nslots = 1; return IL_SYNC_OK;
    case ASK_INIT: sl[0] = d->arg; return IL_SYNC_OK;
    case ASK_CALL:
        if (m == IL_M_ENTER || m == IL_M_ACQUIRE) {
            int64_t r = 0;
            il_sync_res res = acquire_rule(sl[0] > 0, 1,
                                           m == IL_M_ENTER ? blocking_acquire : p->args, &r,
                                           &p->err);
            if (res == IL_SYNC_OK && r) sl[0]--;
            if (m == IL_M_ACQUIRE) p->ret[0] = r;
            return res;
        }
        if (m == IL_M_EXIT || m == IL_M_RELEASE) {
            int64_t n = m == IL_M_EXIT ? 1 : p->args[0];
            if (n < 1) {
                p->err = IL_ERR_VALUE_ARG; /* "n must be one or more" */
                return IL_SYNC_ERROR;
            }
            if (d->kind == IL_SYNC_BSEMAPHORE && n > d->arg - sl[0]) { /* sl[0] + n may overflow */
                p->err = IL_ERR_VALUE;
                return IL_SYNC_ERROR;
            }
            if (__builtin_add_overflow(sl[0], n, &sl[0])) {
                p->err = IL_ERR_OVERFLOW;
                return IL_SYNC_ERROR;
            }
            return IL_SYNC_OK;
        }
        return runtime_error(p);
    case ASK_REMAP: return IL_SYNC_OK; /* no thread identities */
    case ASK_DESCRIBE:
        il_buf_printf(p->wf, "semaphore %s", d->name);
        il_buf_printf(p->detail, "semaphore %s (%lld permits)", d->name, (long long)sl[0]);
        return IL_SYNC_OK;
    case ASK_ERROR:
        if ((p->err == IL_ERR_VALUE || p->err == IL_ERR_VALUE_ARG) &&
            (m == IL_M_RELEASE || m == IL_M_EXIT))
            p->message = p->err == IL_ERR_VALUE_ARG ? "n must be one or more"
                                                    : "Semaphore released too many times";
        else if (p->err == IL_ERR_VALUE || p->err == IL_ERR_VALUE_ARG)
            p->message = "can't specify timeout for non-blocking acquire";
        return IL_SYNC_OK;
    }
    return IL_SYNC_OK;
}

static il_sync_res event_prim(prim *p)
{
    int64_t *sl = p->sl;
    il_method m = p->m;
    switch (p->ask) {
    case ASK_SLOTS: p->nslots = 1; return IL_SYNC_OK;
    case ASK_INIT: return IL_SYNC_OK;
    case ASK_CALL:
        if (m == IL_M_SET) { sl[0] = 1; return IL_SYNC_OK; }
        if (m == IL_M_CLEAR) { sl[0] = 0; return IL_SYNC_OK; }
        if (m == IL_M_IS_SET) { p->ret[0] = sl[0]; return IL_SYNC_OK; }
        if (m == IL_M_EV_WAIT) { /* D19: enabled exactly while the event is set */
            if (sl[0]) { p->ret[0] = 1; return IL_SYNC_OK; }
            if (p->args[0] != IL_NO_TIMEOUT) { p->ret[0] = 0; return IL_SYNC_OK; }
        }
        return IL_SYNC_BLOCK;
    case ASK_REMAP: return IL_SYNC_OK;
    case ASK_DESCRIBE:
        il_buf_printf(p->wf, "event %s", p->d->name);
        il_buf_printf(p->detail, "event %s (%s)", p->d->name, sl[0] ? "set" : "clear");
        return IL_SYNC_OK;
    case ASK_ERROR: return IL_SYNC_OK; /* it raises none */
    }
    return IL_SYNC_OK;
}

static il_sync_res barrier_prim(prim *p)
{
    const il_sync_decl *d = p->d;
    int64_t *sl = p->sl;
    switch (p->ask) {
    case ASK_SLOTS: p->nslots = 1; return IL_SYNC_OK;
    case ASK_INIT: return IL_SYNC_OK;
    case ASK_CALL:
        if (p->m == IL_M_B_DEPART) return IL_SYNC_BLOCK; /* only the last arrival moves waiters */
        p->ret[0] = sl[0]++;
        if (sl[0] < d->arg) return IL_SYNC_YIELD;
        sl[0] = 0; /* a new generation starts */
        return IL_SYNC_RELEASED;
    case ASK_REMAP: return IL_SYNC_OK;
    case ASK_DESCRIBE:
        il_buf_printf(p->wf, "barrier %s", d->name);
        il_buf_printf(p->detail, "barrier %s (%lld of %lld arrived)", d->name, (long long)sl[0],
                      (long long)d->arg);
        return IL_SYNC_OK;
    case ASK_ERROR: return IL_SYNC_OK; /* it raises none */
    }
    return IL_SYNC_OK;
}

static il_sync_res queue_call(prim *p)
{
    const il_sync_decl *d = p->d;
    const int64_t *args = p->args;
    int64_t *sl = p->sl, cap = p->c->q_cap[p->obj], *items = sl + 2;
    il_method m = p->m;
    if (m == IL_M_PUT) {
        /* CPython checks a bounded queue's timeout before its room; maxsize
         * <= 0 never looks at it */
        if (d->arg > 0 && args[1] && args[2] != IL_NO_TIMEOUT && args[2] < 0) { p->err = IL_ERR_VALUE; return IL_SYNC_ERROR; }
        if (sl[0] < cap) {
            items[sl[0]++] = args[0];
            sl[1]++;
            return IL_SYNC_OK;
        }
        if (!IL_QUEUE_BOUNDED(d)) return runtime_error(p); /* no room in the model */
        if (!args[1] || args[2] != IL_NO_TIMEOUT) { p->err = IL_ERR_FULL; return IL_SYNC_ERROR; }
        return IL_SYNC_BLOCK;
    }
    if (m == IL_M_GET) {
        if (args[0] && args[1] != IL_NO_TIMEOUT && args[1] < 0) { p->err = IL_ERR_VALUE; return IL_SYNC_ERROR; }
        if (sl[0] > 0) {
            p->ret[0] = items[0];
            memmove(items, items + 1, sizeof(int64_t) * (size_t)(sl[0] - 1));
            items[--sl[0]] = 0;
            return IL_SYNC_OK;
        }
        if (!args[0] || args[1] != IL_NO_TIMEOUT) { p->err = IL_ERR_EMPTY; return IL_SYNC_ERROR; }
        return IL_SYNC_BLOCK;
    }
    if (m == IL_M_TASK_DONE) {
        if (sl[1] <= 0) { p->err = IL_ERR_VALUE; return IL_SYNC_ERROR; }
        sl[1]--;
        return IL_SYNC_OK;
    }
    if (m == IL_M_Q_JOIN) return sl[1] == 0 ? IL_SYNC_OK : IL_SYNC_BLOCK;
    if (m == IL_M_QSIZE) { p->ret[0] = sl[0]; return IL_SYNC_OK; }
    if (m == IL_M_EMPTY) { p->ret[0] = sl[0] == 0; return IL_SYNC_OK; }
    if (m == IL_M_FULL) { p->ret[0] = d->arg > 0 && sl[0] >= d->arg; return IL_SYNC_OK; }
    return runtime_error(p);
}

_Static_assert(IL_QUEUE_UNBOUNDED_CAP == 32 && IL_QUEUE_MAX_CAP == 131070, "queue_prim's words");
static il_sync_res queue_prim(prim *p)
{
    const il_sync_decl *d = p->d;
    il_method m = p->m;
    switch (p->ask) {
    case ASK_SLOTS:
        p->qcap = IL_QUEUE_BOUNDED(d) ? (uint32_t)d->arg : IL_QUEUE_UNBOUNDED_CAP;
        p->nslots = 2 + p->qcap;
        return IL_SYNC_OK;
    case ASK_INIT: return IL_SYNC_OK;
    case ASK_CALL: return queue_call(p);
    case ASK_REMAP: return IL_SYNC_OK;
    case ASK_DESCRIBE: {
        const char *op = m == IL_M_PUT ? "put" : m == IL_M_GET ? "get" : "join";
        il_buf_printf(p->wf, "queue %s (%s)", d->name, op);
        if (m == IL_M_Q_JOIN)
            il_buf_printf(p->detail, "queue %s (join: %lld unfinished task%s)", d->name,
                          (long long)p->sl[1], p->sl[1] == 1 ? "" : "s");
        else
            il_buf_printf(p->detail, "queue %s (%s)", d->name, m == IL_M_PUT ? "full" : "empty");
        return IL_SYNC_OK;
    }
    case ASK_ERROR:
        if ((p->err == IL_ERR_VALUE || p->err == IL_ERR_VALUE_ARG) && m == IL_M_TASK_DONE)
            p->message = "task_done() called too many times";
        else if ((p->err == IL_ERR_VALUE || p->err == IL_ERR_VALUE_ARG) &&
                 (m == IL_M_PUT || m == IL_M_GET))
            p->message = "'timeout' must be a non-negative number";
        else if (p->err == IL_ERR_RUNTIME && m == IL_M_PUT)
            p->message = d->arg > 0
                ? "a Queue(maxsize) above 131070 (more than a state holds) is modelled "
                  "as unbounded, with room for 32 items: declare a smaller Queue(N)"
                : "an unbounded queue is modelled with room for 32 items: declare Queue(N)";
        return IL_SYNC_OK;
    }
    return IL_SYNC_OK;
}
