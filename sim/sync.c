/* sync.c - Lock and RLock as CPython defines them (language.md rule 7). A
 * primitive is a few int64 slots in the state plus the cases below; the
 * scheduler, not the primitive, decides who runs: a method that would block
 * just says so, and the thread's step is then not enabled. */
#include "sync.h"

#include <string.h>

/* Lock:  slot 0 = holder thread + 1 (0: free). Any thread may release it.
 * RLock: slot 0 = owner thread + 1 (0: free), slot 1 = recursion count. */
int il_sync_nslots(il_sync_kind k)
{
    switch (k) {
    case IL_SYNC_LOCK: return 1;
    case IL_SYNC_RLOCK: return 2;
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

void il_sync_init(const il_sync_decl *d, int64_t *slots)
{
    memset(slots, 0, sizeof(int64_t) * (size_t)il_sync_nslots(d->kind));
}

/* acquire(blocking, timeout): a timed or non-blocking acquire that would
 * block gives up at once (time is not modelled: language.md rule 6). */
static il_sync_res acquire_common(int free_or_mine, const int64_t *args,
                                  int64_t *ret, il_errkind *err)
{
    int64_t blocking = args[0], timeout = args[1];
    if (!blocking && timeout != -1) { *err = IL_ERR_VALUE; return IL_SYNC_ERROR; }
    if (timeout < 0 && timeout != -1) { *err = IL_ERR_VALUE; return IL_SYNC_ERROR; }
    if (free_or_mine) { *ret = 1; return IL_SYNC_OK; }
    if (!blocking || timeout >= 0) { *ret = 0; return IL_SYNC_OK; }
    return IL_SYNC_BLOCK;
}

static il_sync_res lock_call(int64_t *sl, il_method m, uint32_t t,
                             const int64_t *args, int64_t *ret, il_errkind *err)
{
    static const int64_t blocking_acquire[2] = {1, -1};
    switch (m) {
    case IL_M_ENTER:
        args = blocking_acquire;
        /* fall through */
    case IL_M_ACQUIRE: {
        il_sync_res r = acquire_common(sl[0] == 0, args, ret, err);
        if (r == IL_SYNC_OK && *ret) sl[0] = (int64_t)t + 1;
        return r;
    }
    case IL_M_EXIT:
    case IL_M_RELEASE:
        if (sl[0] == 0) { *err = IL_ERR_RUNTIME; return IL_SYNC_ERROR; }
        sl[0] = 0;
        return IL_SYNC_OK;
    case IL_M_LOCKED:
        *ret = sl[0] != 0;
        return IL_SYNC_OK;
    default:
        break;
    }
    *err = IL_ERR_RUNTIME;
    return IL_SYNC_ERROR;
}

static il_sync_res rlock_call(int64_t *sl, il_method m, uint32_t t,
                              const int64_t *args, int64_t *ret, il_errkind *err)
{
    static const int64_t blocking_acquire[2] = {1, -1};
    int64_t me = (int64_t)t + 1;
    switch (m) {
    case IL_M_ENTER:
        args = blocking_acquire;
        /* fall through */
    case IL_M_ACQUIRE: {
        il_sync_res r = acquire_common(sl[0] == 0 || sl[0] == me, args, ret, err);
        if (r == IL_SYNC_OK && *ret) { sl[0] = me; sl[1]++; }
        return r;
    }
    case IL_M_EXIT:
    case IL_M_RELEASE:
        if (sl[0] != me) { *err = IL_ERR_RUNTIME; return IL_SYNC_ERROR; }
        if (--sl[1] == 0) sl[0] = 0;
        return IL_SYNC_OK;
    default:
        break;
    }
    *err = IL_ERR_RUNTIME;
    return IL_SYNC_ERROR;
}

il_sync_res il_sync_call(const il_code *c, uint8_t *s, uint32_t obj, il_method m,
                         uint32_t t, const int64_t *args, int64_t *ret,
                         il_errkind *err)
{
    int64_t *sl = il_syncslots(c, s) + c->sync_slot[obj];
    switch (c->prog->sync[obj].kind) {
    case IL_SYNC_LOCK: return lock_call(sl, m, t, args, ret, err);
    case IL_SYNC_RLOCK: return rlock_call(sl, m, t, args, ret, err);
    default: break;
    }
    *err = IL_ERR_RUNTIME;
    return IL_SYNC_ERROR;
}

void il_sync_describe(const il_code *c, const uint8_t *s, uint32_t obj, il_buf *out)
{
    const il_sync_decl *d = &c->prog->sync[obj];
    const int64_t *sl = il_syncslots(c, (uint8_t *)s) + c->sync_slot[obj];
    switch (d->kind) {
    case IL_SYNC_LOCK:
    case IL_SYNC_RLOCK:
        if (sl[0])
            il_buf_printf(out, "lock %s held by %s", d->name,
                          c->threads[sl[0] - 1].name);
        else
            il_buf_printf(out, "lock %s (free)", d->name);
        if (d->kind == IL_SYNC_RLOCK && sl[0] && sl[1] > 1)
            il_buf_printf(out, " (%lld times)", (long long)sl[1]);
        return;
    default:
        il_buf_printf(out, "%s %s", il_sync_kind_name(d->kind), d->name);
        return;
    }
}

const char *il_sync_error_message(const il_code *c, uint32_t obj, il_method m,
                                  il_errkind err)
{
    il_sync_kind k = c->prog->sync[obj].kind;
    if (err == IL_ERR_VALUE) return "invalid timeout for acquire()";
    if (m == IL_M_RELEASE || m == IL_M_EXIT)
        return k == IL_SYNC_RLOCK ? "cannot release un-acquired lock"
                                  : "release unlocked lock";
    return "invalid use of a synchronisation object";
}
