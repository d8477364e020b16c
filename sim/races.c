/* races.c - the race pass (races.h, docs/races.md).
 *
 * Happens-before is tracked per live access rather than per thread: an
 * access record (location, thread, line, kind) carries a "known-by" bitset
 * over agents: the threads, and the channels D22 passes knowledge through
 * (each lock or semaphore, event, barrier, queue's task_done, and each
 * queue item slot). An access starts known by its own thread only; a
 * release-like call ORs the caller's knowledge into the channel, an
 * acquire-like call the channel's into the caller. A new access by thread
 * j races with every record on its location from another thread that j
 * does not know, one of the two writing. Records are dropped when no
 * thread that can still run is ignorant of them, and an older record of
 * the same (location, thread, line, kind) is replaced by the newer one
 * (whoever knows the newer knows the older), so the metadata of a state is
 * finite and canonical once sorted; (state, metadata) pairs are explored
 * breadth-first, each pair once. */
#include "races.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hashset.h"
#include "limit.h"
#include "machine.h"
#include "por.h"
#include "store.h"
#include "symmetry.h"
#include "sync.h"
#include "util.h"

#define NONE UINT32_MAX

struct il_races {
    const il_code *c;
    il_machine m;            /* stepping with the observer below */
    il_machine quiet;        /* stepping without it (the --bound look-ahead) */
    il_observer obs;
    uint32_t T, W, R;        /* threads, bitset words, words per record */
    uint32_t *lockch;        /* per sync object: its channel agent */
    uint32_t *qbase;         /* per queue: agent of item slot 0 */
    uint32_t taskbase;       /* the executor in main: agent of task 0's submit (NONE: none) */
    size_t S;                /* state bytes (+ 8 under --bound) */
    il_store *store;
    il_races_graph g;        /* or the explorer's graph (g.load set) */
    il_hashset meta;         /* metadata: sorted records, R words each, interned */
    IL_VEC(uint64_t) nodes;  /* state << 32 | metadata (found by first/nextn) */
    IL_VEC(uint32_t) first, nextn;
    IL_VEC(uint32_t) parent; /* per node: BFS parent (NONE for the root) */
    IL_VEC(uint32_t) pthread;
    /* accesses (location, thread, line, kind) by dense id, and which pairs
     * of them are reported: a bit matrix, pmcap ids wide */
    il_hashset accs;         /* keys: 2 words, see access_id */
    IL_VEC(uint32_t) remaining; /* per access: partners not reported yet (UINT32_MAX: unknown) */
    uint64_t *pm;
    uint32_t pmcap;
    struct { uint64_t w0, w1; uint32_t id; } acache[256];
    IL_VEC(il_race_pair) found;
    /* the step being taken */
    uint64_t *work;          /* records, R words each */
    size_t nwork, capwork;
    uint8_t *cur, *buf;      /* the state before, and the one being stepped */
    uint32_t stepping;
    IL_VEC(uint32_t) pending;/* access id pairs racing in this step */
    /* --random: the run so far */
    IL_VEC(uint32_t) run;
    IL_VEC(uint64_t) runmeta;
    size_t nrunmeta;
    uint32_t *sched;         /* scratch schedule */
    /* The lockset phase (Eraser's idea, made exact below): which locks
     * every access to a location holds, and which locks some thread
     * releases while another holds them. */
    int lockset_mode;
    uint32_t LW;             /* words of a set of sync objects */
    uint64_t *lockset;       /* per location, LW words */
    uint8_t *accessed, *tracked, *foreign_release;
    uint64_t unreported;     /* pairs of tracked accesses not reported yet, twice */
    /* Symmetry (il_races_use_symmetry): states are canonical, the metadata
     * renamed with them, and a race stands for its orbit. */
    int sym;
    uint32_t *map, *sigma;   /* canonicalisation's map; a path's real -> canonical */
    uint8_t *symtmp;
    uint64_t *known;         /* scratch: a record's thread bits */
};

/* ---- metadata and accesses ---------------------------------------------- */

/* Interns n sorted records as a metadata id. */
static uint32_t meta_intern(il_races *r, const uint64_t *w, size_t n)
{
    return il_hashset_add(&r->meta, w, 8 * n * r->R, NULL);
}

/* Metadata mid's records, and how many. */
static const uint64_t *meta_get(const il_races *r, uint32_t mid, size_t *n)
{
    *n = il_hashset_len(&r->meta, mid) / (8 * (size_t)r->R);
    return il_hashset_key(&r->meta, mid);
}

/* Access a's key: loc << 32 | thread, line << 1 | is_write. */
static inline const uint64_t *access_key(const il_races *r, uint32_t a)
{
    return il_hashset_key(&r->accs, a);
}

/* ---- records -------------------------------------------------------------- */

/* A record is R words: loc << 32 | thread, line << 1 | is_write, then the
 * known-by bitset (W words). */
static inline int has_bit(const uint64_t *rec, uint32_t g) { return (rec[2 + g / 64] >> (g % 64)) & 1; }
static inline void set_bit(uint64_t *rec, uint32_t g) { rec[2 + g / 64] |= (uint64_t)1 << (g % 64); }
static inline void clear_bit(uint64_t *rec, uint32_t g) { rec[2 + g / 64] &= ~((uint64_t)1 << (g % 64)); }

/* dst learns what src knows (an acquire from a channel, or a direct edge). */
static void transfer(il_races *r, uint32_t dst, uint32_t src)
{
    for (size_t i = 0; i < r->nwork; i++) {
        uint64_t *rec = r->work + i * r->R;
        if (has_bit(rec, src)) set_bit(rec, dst);
    }
}

static void forget(il_races *r, uint32_t g)
{
    for (size_t i = 0; i < r->nwork; i++) clear_bit(r->work + i * r->R, g);
}

static int cmp_rec(const void *pa, const void *pb)
{
    const uint64_t *a = pa, *b = pb;
    if (a[0] != b[0]) return a[0] < b[0] ? -1 : 1;
    return (a[1] > b[1]) - (a[1] < b[1]);
}

/* ---- the observer --------------------------------------------------------- */

/* Does object k stand for a lock with a holder (Lock, RLock, a Condition's own RLock)? */
static int is_owned_lock(const il_code *c, uint32_t k)
{
    const il_sync_decl *d = &c->prog->sync[k];
    return d->kind == IL_SYNC_LOCK || d->kind == IL_SYNC_RLOCK ||
           (d->kind == IL_SYNC_CONDITION && d->lock < 0);
}

static int64_t *slots(const il_races *r, uint8_t *s, uint32_t obj);

static inline int reported(const il_races *r, uint32_t a, uint32_t b)
{
    size_t i = (size_t)a * r->pmcap + b;
    return (r->pm[i / 64] >> (i % 64)) & 1;
}

/* The id of access (w0 = loc << 32 | thread, w1 = line << 1 | is_write). */
static uint32_t access_id(il_races *r, uint64_t w0, uint64_t w1)
{
    /* a direct-mapped cache in front of the set: few accesses, many steps */
    uint32_t slot = (uint32_t)((w0 * 0x9e3779b97f4a7c15u ^ w1 * 0xc2b2ae3d27d4eb4fu) >> 56);
    if (r->acache[slot].id && r->acache[slot].w0 == w0 && r->acache[slot].w1 == w1)
        return r->acache[slot].id - 1;
    uint64_t key[2] = {w0, w1};
    int added;
    uint32_t id = il_hashset_add(&r->accs, key, sizeof key, &added);
    r->acache[slot].w0 = w0;
    r->acache[slot].w1 = w1;
    r->acache[slot].id = id + 1;
    if (!added) return id;
    IL_VEC_PUSH(r->remaining, UINT32_MAX);
    if (id >= r->pmcap) {
        uint32_t cap = r->pmcap ? r->pmcap * 2 : 64;
        uint64_t *pm = il_xcalloc(((size_t)cap * cap + 63) / 64, 8);
        for (uint32_t a = 0; a < r->pmcap; a++)
            for (uint32_t b = 0; b < r->pmcap; b++)
                if (reported(r, a, b)) {
                    size_t i = (size_t)a * cap + b;
                    pm[i / 64] |= (uint64_t)1 << (i % 64);
                }
        il_free(r->pm);
        r->pm = pm;
        r->pmcap = cap;
    }
    return id;
}

static inline uint64_t access_w0(uint32_t loc, uint32_t t) { return (uint64_t)loc << 32 | t; }
static inline uint64_t access_w1(uint32_t line, int is_write)
{
    return (uint64_t)line << 1 | (uint64_t)(is_write != 0);
}

static void lockset_access(il_races *r, uint32_t t, uint32_t loc, int is_write)
{
    const il_code *c = r->c;
    access_id(r, access_w0(loc, t), access_w1(c->lines[il_thr(c, r->cur, t)->pc], is_write));
    uint64_t *ls = r->lockset + (size_t)loc * r->LW;
    if (!r->accessed[loc]) {
        r->accessed[loc] = 1;
        memset(ls, 0xff, 8 * (size_t)r->LW);
    }
    for (uint32_t k = 0; k < (uint32_t)c->prog->nsync; k++)
        if (!is_owned_lock(c, k) || slots(r, r->buf, k)[0] != (int64_t)t + 1)
            ls[k / 64] &= ~((uint64_t)1 << (k % 64));
}

static void on_access(void *ctx, uint32_t t, uint32_t loc, int is_write, int64_t v)
{
    il_races *r = ctx;
    (void)v;
    if (t != r->stepping) return; /* a barrier waiter's continuation makes none */
    if (r->lockset_mode) {
        lockset_access(r, t, loc, is_write);
        return;
    }
    if (!r->tracked[loc]) return; /* always under one lock: ordered (docs/races.md) */
    const il_code *c = r->c;
    uint32_t line = c->lines[il_thr(c, r->cur, t)->pc];
    uint64_t w0 = access_w0(loc, t), w1 = access_w1(line, is_write);
    uint32_t a = access_id(r, w0, w1);
    w1 |= (uint64_t)a << 32; /* a function of the rest: still canonical */
    size_t same = SIZE_MAX;
    for (size_t i = 0; i < r->nwork; i++) {
        uint64_t *rec = r->work + i * r->R;
        if ((uint32_t)(rec[0] >> 32) != loc) continue;
        uint32_t u = (uint32_t)rec[0];
        if (u == t) {
            if (rec[1] == w1) same = i;
            continue;
        }
        if (!(is_write || (rec[1] & 1)) || has_bit(rec, t)) continue;
        uint32_t b = (uint32_t)(rec[1] >> 32);
        if (reported(r, a, b)) continue;
        IL_VEC_PUSH(r->pending, a);
        IL_VEC_PUSH(r->pending, b);
    }
    /* the newer record dominates the older of the same key */
    if (same == SIZE_MAX) {
        if (r->nwork == r->capwork) {
            r->capwork = r->capwork ? r->capwork * 2 : 16;
            r->work = il_xrealloc(r->work, r->capwork * r->R * 8);
        }
        same = r->nwork++;
    }
    uint64_t *rec = r->work + same * r->R;
    memset(rec, 0, 8 * (size_t)r->R);
    rec[0] = w0;
    rec[1] = w1;
    set_bit(rec, t);
}

static void on_print(void *ctx, uint32_t t, uint32_t line)
{
    (void)ctx; (void)t; (void)line;
}

static int64_t *slots(const il_races *r, uint8_t *s, uint32_t obj)
{
    return il_syncslots(r->c, s) + r->c->sync_slot[obj];
}

/* The happens-before edges of D22, on the agents' knowledge. */
static void on_sync(void *ctx, uint32_t u, uint32_t op, uint32_t obj, int64_t value)
{
    il_races *r = ctx;
    const il_code *c = r->c;
    if (r->lockset_mode) {
        /* a Lock may be released by any thread (rule 7): then its holder's
         * accesses need not reach the next acquirer through it */
        if (op == IL_M_RELEASE || op == IL_M_EXIT || op == IL_M_C_WAIT) {
            uint32_t k = r->lockch[obj] - r->T;
            if (is_owned_lock(c, k) && slots(r, r->cur, k)[0] != (int64_t)u + 1)
                r->foreign_release[k] = 1;
        }
        return;
    }
    if (op >= IL_NMETHODS) {
        switch ((il_tmethod)(op - IL_NMETHODS)) {
        case IL_T_START: transfer(r, obj, u); break;      /* start -> the child's first step */
        case IL_T_JOIN:                                    /* the child's last step -> join */
        case IL_T_IS_ALIVE:                                /* ... and is_alive() == False */
            if (value) transfer(r, u, obj);
            break;
        case IL_T_SUBMIT:                                  /* submit -> the take of that task */
            if (r->taskbase != NONE) transfer(r, r->taskbase + obj, u);
            break;
        case IL_T_TAKE:
            if (r->taskbase != NONE) {
                transfer(r, u, r->taskbase + obj);
                forget(r, r->taskbase + obj); /* taken once: nobody learns from it again */
            }
            break;
        case IL_T_TASK_END:                                /* a task's steps -> its result() */
            if (r->taskbase != NONE) transfer(r, r->taskbase + obj, u);
            break;
        case IL_T_RESULT:                                  /* ... and done() == True */
        case IL_T_DONE:
            if (r->taskbase != NONE) transfer(r, u, r->taskbase + obj);
            break;
        case IL_T_TASK_RET:
        case IL_T_JOIN_TIMEOUT:                            /* reported as IL_T_JOIN */
        case IL_T_XSTART:                                  /* reported as IL_T_START per worker */
        case IL_T_SHUTDOWN:                                /* reported as IL_T_JOIN per worker */
        case IL_T_CANCEL: case IL_T_FIRE:
            break;
        }
        return;
    }
    uint32_t ch = r->lockch[obj];
    switch ((il_method)op) {
    case IL_M_ACQUIRE:          /* a failed non-blocking or timed acquire is none */
    case IL_M_IS_SET:           /* is_set() and wait() that see the event set */
    case IL_M_EV_WAIT:
        if (value) transfer(r, u, ch);
        break;
    case IL_M_ENTER:
    case IL_M_C_REACQUIRE:      /* reacquires the lock, notified or given up */
    case IL_M_Q_JOIN:           /* task_done -> the q.join that returns */
        transfer(r, u, ch);
        break;
    case IL_M_RELEASE:
    case IL_M_EXIT:
    case IL_M_C_WAIT:           /* wait releases the lock */
    case IL_M_SET:              /* an event carries the join of all its set()s */
    case IL_M_TASK_DONE:
        transfer(r, ch, u);
        break;
    case IL_M_NOTIFY:
    case IL_M_NOTIFY_ALL:
        /* notify -> the waits it wakes: the waiters it has just marked
         * (asleep until then, so they learn it directly) */
        for (uint32_t w = 0; w < c->nthreads; w++)
            if (il_thr(c, r->cur, w)->wait == IL_W_WAITING &&
                il_thr(c, r->buf, w)->wait == IL_W_NOTIFIED)
                transfer(r, w, u);
        break;
    case IL_M_B_WAIT:
        transfer(r, ch, u); /* an arrival */
        if (value) {
            /* the last one: every departure of this generation learns all
             * its arrivals, and the next generation starts from nothing */
            transfer(r, u, ch);
            for (uint32_t w = 0; w < c->nthreads; w++) {
                const il_thread_hdr *h = il_thr(c, r->buf, w);
                if (w == u || h->status != IL_TS_RUN) continue;
                const il_insn *in = &c->insns[h->pc];
                if (in->op == IL_SYNC && in->a == IL_M_B_DEPART && (uint32_t)in->b == obj)
                    transfer(r, w, ch);
            }
            forget(r, ch);
        }
        break;
    case IL_M_PUT: {
        /* put -> the get of that item: the item's slot in the queue */
        int64_t n = slots(r, r->buf, obj)[0];
        transfer(r, r->qbase[obj] + (uint32_t)(n - 1), u);
        break;
    }
    case IL_M_GET: {
        uint32_t b = r->qbase[obj], cap = c->q_cap[obj];
        transfer(r, u, b);
        for (size_t i = 0; i < r->nwork; i++) { /* the items move up one slot */
            uint64_t *rec = r->work + i * r->R;
            for (uint32_t p = 0; p + 1 < cap; p++)
                if (has_bit(rec, b + p + 1)) set_bit(rec, b + p);
                else clear_bit(rec, b + p);
            clear_bit(rec, b + cap - 1);
        }
        break;
    }
    case IL_M_LOCKED: /* locked(), clear(), qsize(), empty(), full(): no edge */
    case IL_M_CLEAR:
    case IL_M_QSIZE:
    case IL_M_EMPTY:
    case IL_M_FULL:
    case IL_M_B_DEPART: /* never takes effect: the last arrival's B_WAIT gives the edges */
        break;
    }
}

/* ---- setup ---------------------------------------------------------------- */

il_races *il_races_new(const il_code *c, il_intern *intern)
{
    il_races *r = il_xcalloc(1, sizeof *r);
    r->c = c;
    r->T = c->nthreads;
    uint32_t nsync = (uint32_t)c->prog->nsync;
    r->lockch = il_xcalloc(nsync + 1, sizeof(uint32_t));
    r->qbase = il_xcalloc(nsync + 1, sizeof(uint32_t));
    uint32_t A = r->T + nsync;
    for (uint32_t k = 0; k < nsync; k++) {
        const il_sync_decl *d = &c->prog->sync[k];
        /* a Condition over a lock passes knowledge through that lock */
        r->lockch[k] = r->T + (d->kind == IL_SYNC_CONDITION && d->lock >= 0 ? (uint32_t)d->lock : k);
        if (d->kind == IL_SYNC_QUEUE) {
            r->qbase[k] = A;
            A += c->q_cap[k];
        }
    }
    r->taskbase = NONE;
    if (c->exec_sub != UINT32_MAX) {
        r->taskbase = A;
        A += c->ntasks;
    }
    r->W = (A + 63) / 64;
    r->R = 2 + r->W;
    r->obs = (il_observer){r, on_access, on_print, on_sync};
    r->m = (il_machine){c, intern, &r->obs};
    r->quiet = (il_machine){c, intern, NULL};
    r->S = c->state_size;
    r->LW = (nsync + 64) / 64;
    r->lockset = il_xcalloc((size_t)c->nlocs * r->LW + 1, 8);
    r->accessed = il_xcalloc(c->nlocs + 1, 1);
    r->tracked = il_xcalloc(c->nlocs + 1, 1);
    for (uint32_t l = 0; l < c->nlocs; l++) r->tracked[l] = 1; /* until the lockset phase */
    r->foreign_release = il_xcalloc(nsync + 1, 1);
    il_hashset_fixed(&r->accs, 2 * sizeof(uint64_t));
    r->capwork = 16; /* never NULL, even for no records */
    r->work = il_xmalloc(r->capwork * r->R * 8);
    return r;
}

void il_races_use_graph(il_races *r, const il_races_graph *g) { r->g = *g; }

void il_races_use_symmetry(il_races *r)
{
    const il_code *c = r->c;
    if (!c->ngroups || r->sym) return;
    r->sym = 1;
    r->map = il_xcalloc(r->T + 1, sizeof(uint32_t));
    r->sigma = il_xcalloc(r->T + 1, sizeof(uint32_t));
    r->symtmp = il_xmalloc(c->state_size + 8);
    r->known = il_xcalloc(r->W + 1, 8);
}

static uint32_t nstates(const il_races *r)
{
    return r->g.load ? r->g.nstates : il_store_count(r->store);
}

static void load(il_races *r, uint32_t s)
{
    if (r->g.load) r->g.load(r->g.ctx, s, r->cur);
    else il_store_get(r->store, s, r->cur);
}

/* Takes thread t's step from r->cur with metadata (meta, n records) into
 * r->buf and r->work; pending races in r->pending. */
static il_step_res step_meta(il_races *r, uint32_t t, const uint64_t *meta, size_t n)
{
    if (n > r->capwork) {
        r->capwork = n * 2;
        r->work = il_xrealloc(r->work, r->capwork * r->R * 8);
    }
    if (n) memcpy(r->work, meta, n * r->R * 8);
    r->nwork = n;
    r->pending.len = 0;
    memcpy(r->buf, r->cur, r->S);
    r->stepping = t;
    il_wait w;
    return il_step(&r->m, r->buf, t, &w);
}

/* Drops what can no longer take part in a race: every record once the
 * program has ended, else those that every thread able to run knows. */
static void prune(il_races *r)
{
    const il_code *c = r->c;
    if (il_finished(c, r->buf)) {
        r->nwork = 0;
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < r->nwork; i++) {
        uint64_t *rec = r->work + i * r->R;
        /* every pair it can make is reported: it can only repeat them */
        if (r->remaining.items[(uint32_t)(rec[1] >> 32)] == 0) continue;
        int needed = 0;
        for (uint32_t u = 0; u < r->T && !needed; u++) {
            uint8_t st = il_thr(c, r->buf, u)->status;
            needed = (st == IL_TS_NEW || st == IL_TS_RUN) && !has_bit(rec, u);
        }
        if (!needed) continue;
        if (k != i) memmove(r->work + k * r->R, rec, 8 * (size_t)r->R);
        k++;
    }
    r->nwork = k;
    if (r->nwork > 1) qsort(r->work, r->nwork, 8 * (size_t)r->R, cmp_rec);
}

/* Records the races of the step just taken; sched (nsched) leads to it. */
static void mark(il_races *r, uint32_t a, uint32_t b)
{
    size_t i = (size_t)a * r->pmcap + b;
    r->pm[i / 64] |= (uint64_t)1 << (i % 64);
    if (r->remaining.items[a] != UINT32_MAX && r->remaining.items[a]) {
        r->remaining.items[a]--;
        r->unreported--;
    }
}

static size_t node_sched(il_races *r, uint32_t v, uint32_t t);

/* Replaying a race's schedule to say why it is one: the locations b's
 * thread read after a's access from another thread's later write (a
 * reads-from edge, which D22 does not count as happens-before). */
typedef struct explain {
    const il_code *c;
    const il_race_pair *p;
    uint8_t *before;         /* the state before the step */
    uint32_t t, step, ia;    /* stepping thread, its step, a's access step (NONE) */
    uint32_t *wstep, *wthr;  /* per location: step and thread of the last write */
    uint8_t *via;
} explain;

static void ex_access(void *ctx, uint32_t t, uint32_t loc, int is_write, int64_t v)
{
    explain *e = ctx;
    const il_race_pair *p = e->p;
    (void)v;
    if (t != e->t) return; /* a barrier waiter's continuation makes none */
    uint32_t line = e->c->lines[il_thr(e->c, e->before, t)->pc];
    if (t == p->ta && loc == p->loc && line == p->la && (uint32_t)(is_write != 0) == p->wa) {
        e->ia = e->step; /* a's latest such access: what came before it orders nothing */
        memset(e->via, 0, e->c->nlocs + 1);
    } else if (t == p->tb && !is_write && loc != p->loc && e->ia != NONE &&
               e->wstep[loc] != NONE && e->wstep[loc] > e->ia && e->wthr[loc] != t) {
        e->via[loc] = 1;
    }
    if (is_write) {
        e->wstep[loc] = e->step;
        e->wthr[loc] = t;
    }
}

static void ex_print(void *ctx, uint32_t t, uint32_t line) { (void)ctx; (void)t; (void)line; }

static void explain_pair(il_races *r, il_race_pair *p)
{
    const il_code *c = r->c;
    explain e = {c, p, il_xmalloc(c->state_size + 1), 0, 0, NONE,
                 il_xmalloc(sizeof(uint32_t) * (c->nlocs + 1)),
                 il_xmalloc(sizeof(uint32_t) * (c->nlocs + 1)), il_xcalloc(c->nlocs + 1, 1)};
    for (uint32_t l = 0; l < c->nlocs; l++) e.wstep[l] = NONE;
    il_observer obs = {&e, ex_access, ex_print, NULL};
    il_machine m = {c, r->m.intern, &obs};
    uint8_t *s = il_xmalloc(c->state_size + 1);
    memcpy(s, c->init, c->state_size);
    /* the last step makes b's access: only the steps before it */
    for (size_t i = 0; i + 1 < p->nsched; i++) {
        memcpy(e.before, s, c->state_size);
        e.t = p->sched[i];
        e.step = (uint32_t)i;
        il_wait w;
        if (il_step(&m, s, e.t, &w) != IL_STEP_OK) break;
    }
    for (uint32_t l = 0; l < c->nlocs; l++) p->nvia += e.via[l];
    p->via = il_xmalloc(sizeof(uint32_t) * (p->nvia + 1));
    p->nvia = 0;
    for (uint32_t l = 0; l < c->nlocs; l++)
        if (e.via[l]) p->via[p->nvia++] = l;
    il_free(s);
    il_free(e.before);
    il_free(e.wstep);
    il_free(e.wthr);
    il_free(e.via);
}

/* Renames the threads of r->work by r->map (a successor made canonical):
 * the record's thread, its access id, and the threads that know it. */
static void rename_work(il_races *r)
{
    uint32_t TW = (r->T + 63) / 64;
    for (size_t i = 0; i < r->nwork; i++) {
        uint64_t *rec = r->work + i * r->R;
        uint32_t loc = (uint32_t)(rec[0] >> 32), t = r->map[(uint32_t)rec[0]];
        uint64_t low = rec[1] & 0xffffffffu;
        rec[0] = access_w0(loc, t);
        rec[1] = (uint64_t)access_id(r, rec[0], low) << 32 | low;
        /* the threads' bits renamed; the channels' stay */
        memcpy(r->known, rec + 2, 8 * (size_t)TW);
        for (uint32_t u = 0; u < r->T; u++) clear_bit(rec, u);
        for (uint32_t u = 0; u < r->T; u++)
            if ((r->known[u / 64] >> (u % 64)) & 1) set_bit(rec, r->map[u]);
    }
}

static uint32_t real_thread(const il_races *r, uint32_t t)
{
    uint32_t u = 0;
    while (r->sigma[u] != t) u++;
    return u;
}

/* Symmetry: the pair p found (real threads) stands for every pair its
 * threads' groups give; each is a race, with the renamed schedule. */
static void push_orbit(il_races *r, const il_race_pair *p)
{
    const il_code *c = r->c;
    int ga = c->threads[p->ta].group, gb = c->threads[p->tb].group;
    uint32_t a0 = ga < 0 ? p->ta : c->group_first[ga], na = ga < 0 ? 1 : c->group_size[ga];
    uint32_t b0 = gb < 0 ? p->tb : c->group_first[gb], nb = gb < 0 ? 1 : c->group_size[gb];
    uint32_t *rho = il_xmalloc(sizeof(uint32_t) * (r->T + 1));
    for (uint32_t a = a0; a < a0 + na; a++)
        for (uint32_t b = b0; b < b0 + nb; b++) {
            if (a == b) continue;
            uint32_t ia = access_id(r, access_w0(p->loc, a), access_w1(p->la, (int)p->wa));
            uint32_t ib = access_id(r, access_w0(p->loc, b), access_w1(p->lb, (int)p->wb));
            if (reported(r, ia, ib)) continue;
            mark(r, ia, ib);
            mark(r, ib, ia);
            /* rho: p->ta -> a, p->tb -> b, by two swaps (the second keeps a) */
            for (uint32_t u = 0; u < r->T; u++) rho[u] = u;
            rho[p->ta] = a;
            rho[a] = p->ta;
            uint32_t b1 = rho[p->tb], ib1 = 0;
            while (rho[ib1] != b) ib1++;
            rho[p->tb] = b;
            rho[ib1] = b1;
            il_race_pair q = *p;
            q.sched = il_xmalloc(sizeof(uint32_t) * (p->nsched + 1));
            for (size_t k = 0; k < p->nsched; k++) q.sched[k] = rho[p->sched[k]];
            q.via = il_xmalloc(sizeof(uint32_t) * (p->nvia + 1));
            if (p->nvia) memcpy(q.via, p->via, sizeof(uint32_t) * p->nvia);
            q.ta = a;
            q.tb = b;
            if (b < a) { /* first in thread order */
                q.ta = b; q.la = p->lb; q.wa = p->wb;
                q.tb = a; q.lb = p->la; q.wb = p->wa;
            }
            IL_VEC_PUSH(r->found, q);
        }
    il_free(rho);
}

/* Records the races of the step just taken: thread t's step from node v,
 * or (v = NONE) the last step of sched (nsched). */
static void commit_races(il_races *r, uint32_t v, uint32_t t, const uint32_t *sched,
                         size_t nsched)
{
    for (size_t i = 0; i < r->pending.len; i += 2) {
        uint32_t a = r->pending.items[i], b = r->pending.items[i + 1];
        if (reported(r, a, b)) continue; /* twice in one step */
        if (!r->sym) { /* under symmetry push_orbit marks the orbit */
            mark(r, a, b);
            mark(r, b, a);
        }
        if (v != NONE && !sched) {
            nsched = node_sched(r, v, t);
            sched = r->sched;
        }
        const uint64_t *ka = access_key(r, a), *kb = access_key(r, b);
        if ((uint32_t)kb[0] < (uint32_t)ka[0]) {
            const uint64_t *tmp = ka;
            ka = kb;
            kb = tmp;
        }
        il_race_pair p = {(uint32_t)(ka[0] >> 32),
                          (uint32_t)ka[0], (uint32_t)(ka[1] >> 1), (uint32_t)(ka[1] & 1),
                          (uint32_t)kb[0], (uint32_t)(kb[1] >> 1), (uint32_t)(kb[1] & 1),
                          NULL, nsched, NULL, 0};
        p.sched = il_xmalloc(sizeof(uint32_t) * (nsched + 1));
        memcpy(p.sched, sched, sizeof(uint32_t) * nsched);
        if (r->sym) {
            /* canonical thread numbers: the real ones, then the orbit */
            il_sym_real_schedule(&r->quiet, p.sched, nsched, r->sigma);
            p.ta = real_thread(r, p.ta);
            p.tb = real_thread(r, p.tb);
            explain_pair(r, &p);
            push_orbit(r, &p);
            il_free(p.sched);
            il_free(p.via);
            continue;
        }
        explain_pair(r, &p);
        IL_VEC_PUSH(r->found, p);
    }
    r->pending.len = 0;
}

/* The schedule to node v, then t. */
static size_t node_sched(il_races *r, uint32_t v, uint32_t t)
{
    size_t n = 0;
    for (uint32_t u = v; r->parent.items[u] != NONE; u = r->parent.items[u]) n++;
    r->sched = il_xrealloc(r->sched, sizeof(uint32_t) * (n + 2));
    size_t i = n;
    for (uint32_t u = v; r->parent.items[u] != NONE; u = r->parent.items[u])
        r->sched[--i] = r->pthread.items[u];
    r->sched[n] = t;
    return n + 1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

size_t il_races_bytes(const il_races *r)
{
    size_t b = r->store ? il_store_bytes(r->store) : 0;
    b += il_hashset_bytes(&r->meta);
    b += r->nodes.cap * 8 + r->first.cap * 4 + r->nextn.cap * 4 + r->parent.cap * 4 +
         r->pthread.cap * 4;
    b += il_hashset_bytes(&r->accs) + ((size_t)r->pmcap * r->pmcap) / 8;
    b += r->capwork * r->R * 8 + r->runmeta.cap * 8 + 2 * r->S;
    return b;
}

/* Nodes of one state are chained from first[state]: most states have one
 * or a few metadata, so this beats hashing the pair. */
static uint32_t add_node(il_races *r, uint32_t sid, uint32_t parent, uint32_t t)
{
    uint32_t mid = meta_intern(r, r->work, r->nwork);
    if (sid >= r->first.len) {
        size_t old = r->first.len;
        IL_VEC_GROW(r->first, (size_t)sid + 1);
        for (size_t i = old; i < r->first.cap; i++) r->first.items[i] = NONE;
        r->first.len = r->first.cap;
    }
    uint32_t *link = &r->first.items[sid];
    for (uint32_t v = *link; v != NONE; v = r->nextn.items[v])
        if ((uint32_t)r->nodes.items[v] == mid) return v;
    uint32_t id = (uint32_t)r->nodes.len;
    IL_VEC_PUSH(r->nodes, (uint64_t)sid << 32 | mid);
    IL_VEC_PUSH(r->nextn, *link);
    r->first.items[sid] = id;
    IL_VEC_PUSH(r->parent, parent);
    IL_VEC_PUSH(r->pthread, t);
    return id;
}

static int over_limits(il_races *r, const il_races_limits *lim, const char **stopped_by)
{
    /* the run's limits and signals (limit.h), as every phase answers to */
    const char *why = il_limit_poll();
    if (why) {
        *stopped_by = why;
        return 1;
    }
    if (lim->max_seconds > 0 && now() - lim->t0 > lim->max_seconds) {
        *stopped_by = "--max-seconds";
        return 1;
    }
    /* room for the next expansion too: a successor per thread, packed
     * (the explorer's graph has them: then only its node and metadata) */
    uint64_t next = (uint64_t)r->T * ((r->g.load ? 16 : r->S / 8 + 32) + 8 * (uint64_t)r->R);
    if (lim->max_bytes && il_races_bytes(r) + next > lim->max_bytes) {
        *stopped_by = "--max-memory";
        return 1;
    }
    if (lim->max_states && r->store && il_store_count(r->store) >= lim->max_states) {
        *stopped_by = "--max-states";
        return 1;
    }
    return 0;
}

/* Thread t's successor of r->cur in r->buf, as the explorer has it under
 * --bound (past the bound only the thread that moved last may go on, if
 * it can); 0 if there is none. look is scratch. */
static int successor(il_races *r, const il_races_limits *lim, uint32_t t, const uint64_t *meta,
                     size_t n, uint8_t *look, int *last_enabled)
{
    const il_code *c = r->c;
    uint32_t *aug = lim->bounded ? (uint32_t *)(r->cur + c->state_size) : NULL;
    if (t == 0) {
        *last_enabled = 0;
        if (aug && aug[0]) {
            il_wait w;
            memcpy(look, r->cur, r->S);
            *last_enabled = il_step(&r->quiet, look, aug[0] - 1, &w) == IL_STEP_OK;
        }
    }
    if (aug && aug[0] && aug[0] - 1 != t && aug[1] >= lim->bound && *last_enabled) return 0;
    if (step_meta(r, t, meta, n) != IL_STEP_OK) return 0;
    if (aug) {
        uint32_t *naug = (uint32_t *)(r->buf + c->state_size);
        naug[1] = aug[1] + (aug[0] && aug[0] - 1 != t && *last_enabled);
        naug[0] = t + 1;
    }
    return 1;
}

/* Every reachable state once, every thread's step from it observed: the
 * locks held at each access, and releases by a thread not holding the
 * lock. A location accessed only under one lock that nobody releases for
 * another is never in a race: a holder releases it after its access, and
 * every later holder acquired it after that release. Returns 0 when a
 * limit stopped it (then every location is tracked). */
static int lockset_phase(il_races *r, const il_races_limits *lim, uint8_t *look,
                         const char **stopped_by)
{
    const il_code *c = r->c;
    int added, le = 0;
    memcpy(r->cur, c->init, c->state_size);
    if (r->sym) il_sym_canonicalize(c, r->cur, r->map, r->symtmp);
    if (!r->g.load) il_store_intern(r->store, r->cur, &added);
    r->lockset_mode = 1;
    int complete = 1;
    for (uint32_t v = 0; v < nstates(r); v++) {
        if (((v & 1023) == 0 || r->S >= 4096) && over_limits(r, lim, stopped_by)) {
            complete = 0;
            break;
        }
        load(r, v);
        if (il_finished(c, r->cur)) continue;
        for (uint32_t t = 0; t < c->nthreads; t++)
            if (successor(r, lim, t, NULL, 0, look, &le) && !r->g.load) {
                if (r->sym) il_sym_canonicalize(c, r->buf, r->map, r->symtmp);
                il_store_intern(r->store, r->buf, &added);
            }
    }
    r->lockset_mode = 0;
    if (!complete) return 0;
    for (uint32_t l = 0; l < c->nlocs; l++) {
        int guarded = 0;
        const uint64_t *ls = r->lockset + (size_t)l * r->LW;
        for (uint32_t k = 0; k < (uint32_t)c->prog->nsync && !guarded; k++)
            guarded = ((ls[k / 64] >> (k % 64)) & 1) && !r->foreign_release[k];
        r->tracked[l] = r->accessed[l] && !guarded;
    }
    /* under symmetry the canonical states show some member's accesses:
     * every member of its group makes them in some state */
    if (r->sym) {
        uint32_t n0 = il_hashset_count(&r->accs);
        for (uint32_t a = 0; a < n0; a++) {
            uint64_t w0 = access_key(r, a)[0], w1 = access_key(r, a)[1];
            int g = c->threads[(uint32_t)w0].group;
            if (g < 0) continue;
            for (uint32_t i = 0; i < c->group_size[g]; i++)
                access_id(r, access_w0((uint32_t)(w0 >> 32), c->group_first[g] + i), w1);
        }
    }
    /* every access there can be is known now: how many partners each has;
     * a location without two threads' accesses, one writing, has no race */
    uint32_t na = il_hashset_count(&r->accs);
    uint64_t *w = il_xmalloc(16 * (size_t)na + 16); /* the keys side by side, for the pairs */
    for (uint32_t a = 0; a < na; a++) memcpy(w + 2 * (size_t)a, access_key(r, a), 16);
    uint8_t *paired = il_xcalloc(c->nlocs + 1, 1);
    for (uint32_t a = 0; a < na; a++) {
        uint32_t n = 0;
        for (uint32_t b = 0; b < na; b++)
            n += w[2 * a] >> 32 == w[2 * b] >> 32 && (uint32_t)w[2 * a] != (uint32_t)w[2 * b] &&
                 ((w[2 * a + 1] | w[2 * b + 1]) & 1);
        r->remaining.items[a] = n;
        if (n) paired[w[2 * a] >> 32] = 1;
    }
    for (uint32_t l = 0; l < c->nlocs; l++) r->tracked[l] &= paired[l];
    il_free(paired);
    /* what is left to find: once every pair of tracked accesses is
     * reported, no state can add a race and the product stops */
    r->unreported = 0;
    for (uint32_t a = 0; a < na; a++) {
        if (!r->tracked[w[2 * a] >> 32]) r->remaining.items[a] = 0;
        r->unreported += r->remaining.items[a];
    }
    il_free(w);
    return 1;
}

int il_races_explore(il_races *r, const il_races_limits *lim, const char **stopped_by)
{
    const il_code *c = r->c;
    /* no location that two threads' code may touch, one writing: no race,
     * and no walk over the states (por.h's static footprints) */
    il_por *fp = il_por_new(c);
    int may = il_por_may_conflict(fp);
    il_por_free(fp);
    if (!may) return 1;
    r->S = c->state_size + (lim->bounded ? 8 : 0);
    if (!r->g.load) r->store = il_store_new(r->S, 0);
    r->cur = il_xcalloc(1, r->S);
    r->buf = il_xcalloc(1, r->S);
    uint8_t *look = il_xcalloc(1, r->S);
    int le = 0;
    il_limit_phase("races");
    if (!lockset_phase(r, lim, look, stopped_by)) {
        il_free(look);
        return 0;
    }
    int any = 0;
    for (uint32_t l = 0; l < c->nlocs; l++) any |= r->tracked[l];
    if (!any) { /* nothing to track: no race, no product */
        il_free(look);
        return 1;
    }
    r->nwork = 0;
    add_node(r, 0, NONE, 0); /* the initial state is state 0 either way */
    int complete = 1;
    for (uint32_t v = 0; v < r->nodes.len; v++) {
        if (((v & 1023) == 0 || r->S >= 4096) && over_limits(r, lim, stopped_by)) {
            complete = 0;
            break;
        }
        uint64_t key = r->nodes.items[v];
        uint32_t sid = (uint32_t)(key >> 32), mid = (uint32_t)key;
        if (sid >= nstates(r)) continue; /* not expanded by a stopped search */
        load(r, sid);
        if (il_finished(c, r->cur)) continue;
        uint32_t k = 0; /* successors so far */
        for (uint32_t t = 0; t < c->nthreads; t++) {
            /* the metadata may move as nodes are added: index it afresh */
            size_t nmeta;
            const uint64_t *meta = meta_get(r, mid, &nmeta);
            if (!successor(r, lim, t, meta, nmeta, look, &le)) continue;
            if (r->pending.len) commit_races(r, v, t, NULL, 0);
            /* the successor's canonical form, the metadata renamed with it
             * (the explorer's graph has the state already) */
            if (r->sym && (r->nwork || !r->g.load) &&
                il_sym_canonicalize(c, r->buf, r->map, r->symtmp))
                rename_work(r);
            prune(r);
            int added;
            uint32_t next = r->g.load ? r->g.succ(r->g.ctx, sid, k++)
                                      : il_store_intern(r->store, r->buf, &added);
            add_node(r, next, v, t);
        }
        if (!r->unreported) break; /* every race there is: found */
    }
    il_free(look);
    return complete;
}

/* ---- --random --------------------------------------------------------------- */

void il_races_run_begin(il_races *r)
{
    if (!r->cur) {
        r->cur = il_xcalloc(1, r->S);
        r->buf = il_xcalloc(1, r->S);
    }
    r->run.len = 0;
    r->nrunmeta = 0;
}

void il_races_run_step(il_races *r, const uint8_t *cur, uint32_t t)
{
    memcpy(r->cur, cur, r->S);
    il_step_res res = step_meta(r, t, r->runmeta.items, r->nrunmeta);
    IL_VEC_PUSH(r->run, t);
    if (res != IL_STEP_OK) return;
    if (r->pending.len) commit_races(r, NONE, t, r->run.items, r->run.len);
    prune(r);
    size_t nw = r->nwork * r->R;
    IL_VEC_GROW(r->runmeta, nw + 1);
    if (nw) memcpy(r->runmeta.items, r->work, nw * 8);
    r->nrunmeta = r->nwork;
}

/* ---- results ---------------------------------------------------------------- */

size_t il_races_count(const il_races *r) { return r->found.len; }
const il_race_pair *il_races_get(const il_races *r, size_t i) { return &r->found.items[i]; }
uint64_t il_races_nodes(const il_races *r) { return r->nodes.len; }

void il_races_free(il_races *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->found.len; i++) {
        il_free(r->found.items[i].sched);
        il_free(r->found.items[i].via);
    }
    il_free(r->found.items);
    if (r->store) il_store_free(r->store);
    il_hashset_free(&r->meta);
    il_free(r->nodes.items);
    il_free(r->first.items);
    il_free(r->nextn.items);
    il_hashset_free(&r->accs);
    il_free(r->remaining.items);
    il_free(r->pm);
    il_free(r->parent.items);
    il_free(r->pthread.items);
    il_free(r->work);
    il_free(r->cur);
    il_free(r->buf);
    il_free(r->pending.items);
    il_free(r->run.items);
    il_free(r->runmeta.items);
    il_free(r->sched);
    il_free(r->lockch);
    il_free(r->qbase);
    il_free(r->lockset);
    il_free(r->accessed);
    il_free(r->tracked);
    il_free(r->foreign_release);
    il_free(r->map);
    il_free(r->sigma);
    il_free(r->symtmp);
    il_free(r->known);
    il_free(r);
}
