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
 * whether a waiter has been notified is kept in its thread header. */
#include "sync.h"

#include <string.h>

const signed char il_method_pops[IL_NMETHODS] = {
    [IL_M_ACQUIRE] = 2, [IL_M_RELEASE] = 1, [IL_M_EV_WAIT] = 1, [IL_M_C_WAIT] = 1,
    [IL_M_C_REACQUIRE] = 2, [IL_M_NOTIFY] = 1, [IL_M_PUT] = 3, [IL_M_GET] = 2,
};
const signed char il_method_pushes[IL_NMETHODS] = {
    [IL_M_ACQUIRE] = 1, [IL_M_LOCKED] = 1, [IL_M_IS_SET] = 1, [IL_M_EV_WAIT] = 1,
    [IL_M_C_WAIT] = 2, [IL_M_C_REACQUIRE] = 1, [IL_M_B_WAIT] = 1, [IL_M_GET] = 1,
    [IL_M_QSIZE] = 1, [IL_M_EMPTY] = 1, [IL_M_FULL] = 1,
};

uint32_t il_sync_nslots(const il_sync_decl *d, uint32_t nthreads, uint32_t *qcap)
{
    *qcap = 0;
    switch (d->kind) {
    case IL_SYNC_LOCK: return 1;
    case IL_SYNC_RLOCK: return 2;
    case IL_SYNC_SEMAPHORE:
    case IL_SYNC_BSEMAPHORE:
    case IL_SYNC_EVENT:
    case IL_SYNC_BARRIER: return 1;
    case IL_SYNC_CONDITION: return (d->lock < 0 ? 2 : 0) + 1 + nthreads;
    case IL_SYNC_QUEUE:
        *qcap = IL_QUEUE_BOUNDED(d) ? (uint32_t)d->arg : IL_QUEUE_UNBOUNDED_CAP;
        return 2 + *qcap;
    default: return 0;
    }
}

const char *il_sync_kind_name(il_sync_kind k)
{
    static const char *const names[IL_SYNC_NKINDS] = {
        [IL_SYNC_LOCK] = "lock", [IL_SYNC_RLOCK] = "lock",
        [IL_SYNC_SEMAPHORE] = "semaphore", [IL_SYNC_BSEMAPHORE] = "semaphore",
        [IL_SYNC_EVENT] = "event", [IL_SYNC_CONDITION] = "condition",
        [IL_SYNC_BARRIER] = "barrier", [IL_SYNC_QUEUE] = "queue",
    };
    return k < IL_SYNC_NKINDS ? names[k] : "?";
}

static int64_t *slots_of(const il_code *c, uint8_t *s, uint32_t obj)
{
    return il_syncslots(c, s) + c->sync_slot[obj];
}

void il_sync_init(const il_code *c, uint32_t obj, int64_t *slots)
{
    const il_sync_decl *d = &c->prog->sync[obj];
    uint32_t cap;
    memset(slots, 0, sizeof(int64_t) * il_sync_nslots(d, c->nthreads, &cap));
    if (d->kind == IL_SYNC_SEMAPHORE || d->kind == IL_SYNC_BSEMAPHORE) slots[0] = d->arg;
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

static il_sync_res lock_call(lockref k, il_method m, uint32_t t, const int64_t *args,
                             int64_t *ret, il_errkind *err)
{
    switch (m) {
    case IL_M_ENTER:
        args = blocking_acquire;
        /* fall through */
    case IL_M_ACQUIRE: {
        int64_t r = 0;
        il_sync_res res = acquire_rule(lock_available(k, t), 0, args, &r, err);
        if (res == IL_SYNC_OK && r) {
            k.l[0] = (int64_t)t + 1;
            if (k.rlock) k.l[1]++;
        }
        if (m == IL_M_ACQUIRE) ret[0] = r;
        return res;
    }
    case IL_M_EXIT:
    case IL_M_RELEASE:
        if (k.rlock) {
            if (k.l[0] != (int64_t)t + 1) break;
            if (--k.l[1] == 0) k.l[0] = 0;
        } else {
            if (k.l[0] == 0) break;
            k.l[0] = 0;
        }
        return IL_SYNC_OK;
    case IL_M_LOCKED:
        ret[0] = k.l[0] != 0;
        return IL_SYNC_OK;
    default:
        break;
    }
    *err = IL_ERR_RUNTIME;
    return IL_SYNC_ERROR;
}

/* ---- conditions ------------------------------------------------------------ */

static il_sync_res cond_call(const il_code *c, uint8_t *s, uint32_t obj, il_method m,
                             uint32_t t, const int64_t *args, int64_t *ret, il_errkind *err)
{
    lockref k = lock_of(c, s, obj);
    int64_t *q = slots_of(c, s, obj) + (c->prog->sync[obj].lock < 0 ? 2 : 0);
    il_thread_hdr *h = il_thr(c, s, t);
    switch (m) {
    case IL_M_C_WAIT:
        if (!lock_owned(k, t)) break;
        ret[0] = k.rlock ? k.l[1] : 1; /* an RLock is fully released, then restored */
        ret[1] = args[0] != IL_NO_TIMEOUT; /* any timeout, even negative, may give up */
        k.l[0] = 0;
        if (k.rlock) k.l[1] = 0;
        q[1 + q[0]++] = t;
        h->wait = IL_W_WAITING;
        return IL_SYNC_YIELD;
    case IL_M_C_REACQUIRE: {
        int64_t depth = args[0], timed = args[1];
        if (k.l[0] != 0) return IL_SYNC_BLOCK;
        if (h->wait == IL_W_WAITING) {
            if (!timed) return IL_SYNC_BLOCK;
            /* D18: a timed wait gives up, leaving the waiters, while the lock is free */
            int64_t n = q[0], j = 0;
            for (int64_t i = 0; i < n; i++)
                if (q[1 + i] != (int64_t)t) q[1 + j++] = q[1 + i];
            q[0] = j;
            q[1 + j] = 0;
            ret[0] = 0;
        } else {
            ret[0] = 1;
        }
        k.l[0] = (int64_t)t + 1;
        if (k.rlock) k.l[1] = depth;
        h->wait = IL_W_NONE;
        return IL_SYNC_OK;
    }
    case IL_M_NOTIFY:
    case IL_M_NOTIFY_ALL: {
        if (!lock_owned(k, t)) break;
        int64_t n = m == IL_M_NOTIFY_ALL ? q[0] : args[0];
        if (n > q[0]) n = q[0];
        if (n < 0) n = 0;
        for (int64_t i = 0; i < n; i++) il_thr(c, s, (uint32_t)q[1 + i])->wait = IL_W_NOTIFIED;
        memmove(&q[1], &q[1 + n], sizeof(int64_t) * (size_t)(q[0] - n));
        memset(&q[1 + q[0] - n], 0, sizeof(int64_t) * (size_t)n);
        q[0] -= n;
        return IL_SYNC_OK;
    }
    default:
        return lock_call(k, m, t, args, ret, err);
    }
    *err = IL_ERR_RUNTIME;
    return IL_SYNC_ERROR;
}

/* ---- the others ------------------------------------------------------------ */

static il_sync_res sem_call(const il_sync_decl *d, int64_t *sl, il_method m,
                            const int64_t *args, int64_t *ret, il_errkind *err)
{
    switch (m) {
    case IL_M_ENTER:
        args = blocking_acquire;
        /* fall through */
    case IL_M_ACQUIRE: {
        int64_t r = 0;
        il_sync_res res = acquire_rule(sl[0] > 0, 1, args, &r, err);
        if (res == IL_SYNC_OK && r) sl[0]--;
        if (m == IL_M_ACQUIRE) ret[0] = r;
        return res;
    }
    case IL_M_EXIT:
    case IL_M_RELEASE: {
        int64_t n = m == IL_M_EXIT ? 1 : args[0];
        if (n < 1) {
            *err = IL_ERR_VALUE_ARG; /* "n must be one or more" */
            return IL_SYNC_ERROR;
        }
        if (d->kind == IL_SYNC_BSEMAPHORE && n > d->arg - sl[0]) { /* sl[0] + n may overflow */
            *err = IL_ERR_VALUE;
            return IL_SYNC_ERROR;
        }
        if (__builtin_add_overflow(sl[0], n, &sl[0])) {
            *err = IL_ERR_OVERFLOW;
            return IL_SYNC_ERROR;
        }
        return IL_SYNC_OK;
    }
    default:
        break;
    }
    *err = IL_ERR_RUNTIME;
    return IL_SYNC_ERROR;
}

static il_sync_res event_call(int64_t *sl, il_method m, const int64_t *args, int64_t *ret)
{
    switch (m) {
    case IL_M_SET: sl[0] = 1; return IL_SYNC_OK;
    case IL_M_CLEAR: sl[0] = 0; return IL_SYNC_OK;
    case IL_M_IS_SET: ret[0] = sl[0]; return IL_SYNC_OK;
    case IL_M_EV_WAIT: /* D19: enabled exactly while the event is set */
        if (sl[0]) { ret[0] = 1; return IL_SYNC_OK; }
        if (args[0] != IL_NO_TIMEOUT) { ret[0] = 0; return IL_SYNC_OK; }
        return IL_SYNC_BLOCK;
    default: return IL_SYNC_BLOCK;
    }
}

static il_sync_res barrier_call(const il_sync_decl *d, int64_t *sl, il_method m, int64_t *ret)
{
    if (m == IL_M_B_DEPART) return IL_SYNC_BLOCK; /* only the last arrival moves waiters */
    ret[0] = sl[0]++;
    if (sl[0] < d->arg) return IL_SYNC_YIELD;
    sl[0] = 0; /* a new generation starts */
    return IL_SYNC_RELEASED;
}

static il_sync_res queue_call(const il_code *c, uint32_t obj, int64_t *sl, il_method m,
                              const int64_t *args, int64_t *ret, il_errkind *err)
{
    const il_sync_decl *d = &c->prog->sync[obj];
    int64_t cap = c->q_cap[obj], *items = sl + 2;
    switch (m) {
    case IL_M_PUT:
        /* CPython checks a bounded queue's timeout before its room; maxsize
         * <= 0 never looks at it */
        if (d->arg > 0 && args[1] && args[2] != IL_NO_TIMEOUT && args[2] < 0) { *err = IL_ERR_VALUE; return IL_SYNC_ERROR; }
        if (sl[0] < cap) {
            items[sl[0]++] = args[0];
            sl[1]++;
            return IL_SYNC_OK;
        }
        if (!IL_QUEUE_BOUNDED(d)) { *err = IL_ERR_RUNTIME; return IL_SYNC_ERROR; }
        if (!args[1] || args[2] != IL_NO_TIMEOUT) { *err = IL_ERR_FULL; return IL_SYNC_ERROR; }
        return IL_SYNC_BLOCK;
    case IL_M_GET:
        if (args[0] && args[1] != IL_NO_TIMEOUT && args[1] < 0) { *err = IL_ERR_VALUE; return IL_SYNC_ERROR; }
        if (sl[0] > 0) {
            ret[0] = items[0];
            memmove(items, items + 1, sizeof(int64_t) * (size_t)(sl[0] - 1));
            items[--sl[0]] = 0;
            return IL_SYNC_OK;
        }
        if (!args[0] || args[1] != IL_NO_TIMEOUT) { *err = IL_ERR_EMPTY; return IL_SYNC_ERROR; }
        return IL_SYNC_BLOCK;
    case IL_M_TASK_DONE:
        if (sl[1] <= 0) { *err = IL_ERR_VALUE; return IL_SYNC_ERROR; }
        sl[1]--;
        return IL_SYNC_OK;
    case IL_M_Q_JOIN: return sl[1] == 0 ? IL_SYNC_OK : IL_SYNC_BLOCK;
    case IL_M_QSIZE: ret[0] = sl[0]; return IL_SYNC_OK;
    case IL_M_EMPTY: ret[0] = sl[0] == 0; return IL_SYNC_OK;
    case IL_M_FULL: ret[0] = d->arg > 0 && sl[0] >= d->arg; return IL_SYNC_OK;
    default: break;
    }
    *err = IL_ERR_RUNTIME;
    return IL_SYNC_ERROR;
}

il_sync_res il_sync_call(const il_code *c, uint8_t *s, uint32_t obj, il_method m,
                         uint32_t t, const int64_t *args, int64_t *ret,
                         il_errkind *err)
{
    const il_sync_decl *d = &c->prog->sync[obj];
    int64_t *sl = slots_of(c, s, obj);
    switch (d->kind) {
    case IL_SYNC_LOCK:
    case IL_SYNC_RLOCK: return lock_call(lock_of(c, s, obj), m, t, args, ret, err);
    case IL_SYNC_SEMAPHORE:
    case IL_SYNC_BSEMAPHORE: return sem_call(d, sl, m, args, ret, err);
    case IL_SYNC_EVENT: return event_call(sl, m, args, ret);
    case IL_SYNC_CONDITION: return cond_call(c, s, obj, m, t, args, ret, err);
    case IL_SYNC_BARRIER: return barrier_call(d, sl, m, ret);
    case IL_SYNC_QUEUE: return queue_call(c, obj, sl, m, args, ret, err);
    default: break;
    }
    *err = IL_ERR_RUNTIME;
    return IL_SYNC_ERROR;
}

void il_sync_remap_threads(const il_code *c, uint8_t *s, const uint32_t *map)
{
    for (int i = 0; i < c->prog->nsync; i++) {
        const il_sync_decl *d = &c->prog->sync[i];
        int64_t *sl = slots_of(c, s, (uint32_t)i);
        switch (d->kind) {
        case IL_SYNC_LOCK:
        case IL_SYNC_RLOCK:
            if (sl[0]) sl[0] = (int64_t)map[sl[0] - 1] + 1;
            break;
        case IL_SYNC_CONDITION: {
            if (d->lock < 0) {
                if (sl[0]) sl[0] = (int64_t)map[sl[0] - 1] + 1;
                sl += 2;
            }
            for (int64_t j = 0; j < sl[0]; j++) sl[1 + j] = map[sl[1 + j]];
            break;
        }
        default: /* no thread identities */
            break;
        }
    }
}

static void holder_words(const il_code *c, lockref k, il_buf *out)
{
    if (k.l[0]) il_buf_printf(out, "held by %s", c->threads[k.l[0] - 1].name);
    else il_buf_puts(out, "free");
}

void il_sync_describe(const il_code *c, const uint8_t *s, uint32_t obj, il_method m,
                      uint32_t t, il_buf *wf, il_buf *detail)
{
    const il_sync_decl *d = &c->prog->sync[obj];
    uint8_t *st = (uint8_t *)s;
    const int64_t *sl = slots_of(c, st, obj);
    const char *kind = il_sync_kind_name(d->kind);
    switch (d->kind) {
    case IL_SYNC_LOCK:
    case IL_SYNC_RLOCK:
        il_buf_printf(wf, "lock %s", d->name);
        il_buf_printf(detail, "lock %s ", d->name);
        holder_words(c, lock_of(c, st, obj), detail);
        return;
    case IL_SYNC_SEMAPHORE:
    case IL_SYNC_BSEMAPHORE:
        il_buf_printf(wf, "semaphore %s", d->name);
        il_buf_printf(detail, "semaphore %s (%lld permits)", d->name, (long long)sl[0]);
        return;
    case IL_SYNC_EVENT:
        il_buf_printf(wf, "event %s", d->name);
        il_buf_printf(detail, "event %s (%s)", d->name, sl[0] ? "set" : "clear");
        return;
    case IL_SYNC_CONDITION:
        il_buf_printf(wf, "condition %s", d->name);
        if (m == IL_M_C_REACQUIRE && il_thr(c, st, t)->wait != IL_W_NOTIFIED) {
            il_buf_printf(detail, "condition %s (not notified)", d->name);
        } else {
            /* notified (or entering): what stops it is the lock */
            il_buf_printf(detail, "condition %s (%slock ", d->name,
                          m == IL_M_C_REACQUIRE ? "notified; " : "");
            holder_words(c, lock_of(c, st, obj), detail);
            il_buf_putc(detail, ')');
        }
        return;
    case IL_SYNC_BARRIER:
        il_buf_printf(wf, "barrier %s", d->name);
        il_buf_printf(detail, "barrier %s (%lld of %lld arrived)", d->name, (long long)sl[0],
                      (long long)d->arg);
        return;
    case IL_SYNC_QUEUE: {
        const char *op = m == IL_M_PUT ? "put" : m == IL_M_GET ? "get" : "join";
        il_buf_printf(wf, "queue %s (%s)", d->name, op);
        if (m == IL_M_Q_JOIN)
            il_buf_printf(detail, "queue %s (join: %lld unfinished task%s)", d->name,
                          (long long)sl[1], sl[1] == 1 ? "" : "s");
        else
            il_buf_printf(detail, "queue %s (%s)", d->name, m == IL_M_PUT ? "full" : "empty");
        return;
    }
    default:
        il_buf_printf(wf, "%s %s", kind, d->name);
        il_buf_printf(detail, "%s %s", kind, d->name);
        return;
    }
}

const char *il_sync_error_message(const il_code *c, uint32_t obj, il_method m,
                                  il_errkind err)
{
    const il_sync_decl *d = &c->prog->sync[obj];
    il_sync_kind k = d->kind;
    if (k == IL_SYNC_CONDITION && d->lock >= 0) k = c->prog->sync[d->lock].kind;
    else if (k == IL_SYNC_CONDITION && m != IL_M_C_WAIT && m != IL_M_NOTIFY &&
             m != IL_M_NOTIFY_ALL) k = IL_SYNC_RLOCK;
    switch (err) {
    case IL_ERR_EMPTY:
    case IL_ERR_FULL: return "";
    case IL_ERR_OVERFLOW: return "integer overflow (values are 64-bit)";
    case IL_ERR_VALUE:
    case IL_ERR_VALUE_ARG: /* CPython's words, per method */
        if (m == IL_M_TASK_DONE) return "task_done() called too many times";
        if (m == IL_M_PUT || m == IL_M_GET) return "'timeout' must be a non-negative number";
        if (m == IL_M_RELEASE || m == IL_M_EXIT)
            return err == IL_ERR_VALUE_ARG ? "n must be one or more" : "Semaphore released too many times";
        if (k == IL_SYNC_SEMAPHORE || k == IL_SYNC_BSEMAPHORE)
            return "can't specify timeout for non-blocking acquire";
        return err == IL_ERR_VALUE_ARG ? "can't specify a timeout for a non-blocking call"
                                       : "timeout value must be positive";
    default: break;
    }
    if (m == IL_M_C_WAIT) return "cannot wait on un-acquired lock";
    if (m == IL_M_NOTIFY || m == IL_M_NOTIFY_ALL) return "cannot notify on un-acquired lock";
    _Static_assert(IL_QUEUE_UNBOUNDED_CAP == 32 && IL_QUEUE_MAX_CAP == 131070, "the words below");
    if (m == IL_M_PUT)
        return d->arg > 0 ? "a Queue(maxsize) above 131070 (more than a state holds) is modelled "
                            "as unbounded, with room for 32 items: declare a smaller Queue(N)"
                          : "an unbounded queue is modelled with room for 32 items: declare Queue(N)";
    if (m == IL_M_RELEASE || m == IL_M_EXIT)
        return k == IL_SYNC_RLOCK ? "cannot release un-acquired lock" : "release unlocked lock";
    return "invalid use of a synchronisation object";
}
