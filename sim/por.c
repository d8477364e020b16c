/* por.c - static footprints and stubborn sets (por.h).
 *
 * Footprints are bitsets over objects, one pair (reads, writes) per
 * instruction: step_* holds what a step starting at that pc may touch
 * besides its shared location (sync objects, threads, output, executor),
 * fut_* what any step from that pc onwards may touch, locations included.
 * Both over-approximate (every branch, every list element when the index is
 * not a constant): more dependence only means less reduction. */
#include "por.h"

#include <string.h>

#include "util.h"

typedef uint64_t word;

struct il_por {
    const il_code *c;
    uint32_t nobj, W;          /* objects; words per bitset */
    uint32_t o_sync, o_thread, o_out, o_exec, o_alive;
    word *step_r, *step_w;     /* ninsns * W */
    word *fut_r, *fut_w;       /* ninsns * W */
    /* scratch for il_por_choose, nthreads * W each */
    word *fr, *fw, *gr, *gw, *blk;
    uint8_t *in, *best;
    uint32_t *queue;
    int daemons;               /* some thread is a daemon: ending a thread may
                                  enable the shutdown step, which kills them */
    /* Per barrier: the threads waiting at it, and what the rest of their
     * statements may touch: the last arrival runs them in its own step
     * (D20), and they may print, fail and release locks. nsync * W. */
    word *parties, *cont_r, *cont_w;
};

static word *row(word *base, uint32_t W, uint32_t i) { return base + (size_t)i * W; }
static void bit_set(word *b, uint32_t i) { b[i >> 6] |= (word)1 << (i & 63); }

static int meets(const word *a, const word *b, uint32_t W)
{
    for (uint32_t i = 0; i < W; i++)
        if (a[i] & b[i]) return 1;
    return 0;
}

static void or_into(word *d, const word *s, uint32_t W)
{
    for (uint32_t i = 0; i < W; i++) d[i] |= s[i];
}

static int is_jump(const il_insn *in)
{
    switch ((il_opcode)in->op) {
    case IL_JUMP: case IL_JUMP_IF_FALSE: case IL_JUMP_IF_FALSE_KEEP:
    case IL_JUMP_IF_TRUE_KEEP: case IL_RANGE_NEXT: case IL_LIST_NEXT:
        return 1;
    case IL_STMT: case IL_CONST: case IL_LOAD_LOCAL: case IL_STORE_LOCAL: case IL_CLEAR_LOCALS: case IL_LOAD_ID:
    case IL_LOAD_SHARED: case IL_STORE_SHARED: case IL_LOAD_ELEM: case IL_STORE_ELEM:
    case IL_POP: case IL_DUP: case IL_SWAP: case IL_ADD: case IL_SUB: case IL_MUL:
    case IL_FLOORDIV: case IL_MOD: case IL_NEG: case IL_NOT: case IL_EQ: case IL_NE:
    case IL_LT: case IL_LE: case IL_GT: case IL_GE: case IL_PRINT: case IL_ASSERT:
    case IL_SLEEP: case IL_RANGE_INIT: case IL_LIST_INIT: case IL_SYNC: case IL_THREAD:
    case IL_END:
        return 0;
    }
    return 0;
}

/* Successors of pc in the control-flow graph; returns how many (into out,
 * room for 2 + ntasks + nthreads). An executor worker's take jumps to any
 * task, and a task's end back to the take. */
static uint32_t succs(const il_code *c, uint32_t pc, uint32_t *out)
{
    const il_insn *in = &c->insns[pc];
    uint32_t n = 0;
    switch ((il_opcode)in->op) {
    case IL_END:
        return 0;
    case IL_JUMP:
        out[n++] = (uint32_t)in->b;
        return n;
    case IL_THREAD:
        if (in->a == IL_T_TAKE) {
            for (uint32_t k = 0; k < c->ntasks; k++) out[n++] = c->task_entry[k];
            return n;
        }
        if (in->a == IL_T_TASK_END) {
            for (uint32_t t = 0; t < c->nthreads; t++)
                if (c->threads[t].is_worker) out[n++] = c->threads[t].entry;
            return n;
        }
        break;
    case IL_JUMP_IF_FALSE: case IL_JUMP_IF_FALSE_KEEP: case IL_JUMP_IF_TRUE_KEEP:
    case IL_RANGE_NEXT: case IL_LIST_NEXT:
        out[n++] = (uint32_t)in->b; /* and on to the next one */
        break;
    case IL_STMT: case IL_CONST: case IL_LOAD_LOCAL: case IL_STORE_LOCAL: case IL_CLEAR_LOCALS: case IL_LOAD_ID:
    case IL_LOAD_SHARED: case IL_STORE_SHARED: case IL_LOAD_ELEM: case IL_STORE_ELEM:
    case IL_POP: case IL_DUP: case IL_SWAP: case IL_ADD: case IL_SUB: case IL_MUL:
    case IL_FLOORDIV: case IL_MOD: case IL_NEG: case IL_NOT: case IL_EQ: case IL_NE:
    case IL_LT: case IL_LE: case IL_GT: case IL_GE: case IL_PRINT: case IL_ASSERT:
    case IL_SLEEP: case IL_RANGE_INIT: case IL_LIST_INIT: case IL_SYNC:
        break;
    }
    if (pc + 1 < c->ninsns) out[n++] = pc + 1;
    /* the last arrival skips the PARK after its ARRIVE (a barrier's B_DEPART) */
    if (in->op == IL_SYNC && il_method_fp[in->a] == IL_FP_ARRIVE && pc + 2 < c->ninsns)
        out[n++] = pc + 2;
    return n;
}

/* Can this instruction end the thread with an error (which releases its
 * `with` locks, and in an executor task records the error)? */
static int can_fail(const il_code *c, uint32_t pc, int const_index_ok)
{
    const il_insn *in = &c->insns[pc];
    switch ((il_opcode)in->op) {
    case IL_ASSERT: case IL_ADD: case IL_SUB: case IL_MUL: case IL_FLOORDIV:
    case IL_MOD: case IL_NEG: case IL_RANGE_INIT: case IL_SYNC: case IL_THREAD: case IL_SLEEP:
        return 1;
    case IL_LOAD_LOCAL:
        return in->b != 0;
    case IL_LOAD_ELEM: case IL_STORE_ELEM:
        return !const_index_ok;
    case IL_STMT: case IL_CONST: case IL_STORE_LOCAL: case IL_CLEAR_LOCALS: case IL_LOAD_ID: case IL_LOAD_SHARED:
    case IL_STORE_SHARED: case IL_POP: case IL_DUP: case IL_SWAP: case IL_NOT: case IL_EQ:
    case IL_NE: case IL_LT: case IL_LE: case IL_GT: case IL_GE: case IL_JUMP:
    case IL_JUMP_IF_FALSE: case IL_JUMP_IF_FALSE_KEEP: case IL_JUMP_IF_TRUE_KEEP:
    case IL_PRINT: case IL_RANGE_NEXT: case IL_LIST_INIT: case IL_LIST_NEXT: case IL_END:
        return 0;
    }
    return 1;
}

/* The list element a[i] addresses when i is a constant pushed just before
 * (and no jump lands between), else -1: all of them. */
static int64_t const_elem(const il_code *c, const uint8_t *target, uint32_t pc)
{
    const il_insn *in = &c->insns[pc];
    if (pc == 0 || target[pc] || c->insns[pc - 1].op != IL_CONST) return -1;
    const il_shared_decl *d = &c->prog->shared[in->b];
    int64_t i = c->consts[c->insns[pc - 1].b];
    if (i < 0) i += d->size;
    if (i < 0 || i >= d->size) return -1;
    return (int64_t)c->var_base[in->b] + i;
}

/* A write to sync object obj; a Condition's lock is written with it (its
 * wait releases and retakes it, and a failure releases it). */
static void sync_write(il_por *p, uint32_t obj, word *w)
{
    bit_set(w, p->o_sync + obj);
    const il_sync_decl *d = &p->c->prog->sync[obj];
    if (d->kind == IL_SYNC_CONDITION && d->lock >= 0) bit_set(w, p->o_sync + (uint32_t)d->lock);
}

/* By the method's footprint class (primitives.h). */
static void sync_effect(il_por *p, uint32_t obj, uint32_t method, word *r, word *w)
{
    switch (il_method_fp[method]) {
    case IL_FP_READ:
    case IL_FP_PARK:
        bit_set(r, p->o_sync + obj);
        break;
    case IL_FP_WRITE:
        sync_write(p, obj, w);
        break;
    case IL_FP_ARRIVE: /* and the waiters' rest of statement, which it may run */
        sync_write(p, obj, w);
        or_into(w, row(p->parties, p->W, obj), p->W);
        or_into(r, row(p->cont_r, p->W, obj), p->W);
        or_into(w, row(p->cont_w, p->W, obj), p->W);
        break;
    }
}

/* The objects instruction pc touches: locations only when with_locs. */
static void effect(il_por *p, uint32_t pc, const uint8_t *target, const uint8_t *in_task,
                   int with_locs, word *r, word *w)
{
    const il_code *c = p->c;
    const il_insn *in = &c->insns[pc];
    int64_t e = -1;
    switch ((il_opcode)in->op) {
    case IL_LOAD_SHARED:
        if (with_locs) bit_set(r, (uint32_t)in->b);
        break;
    case IL_STORE_SHARED:
        if (with_locs) bit_set(w, (uint32_t)in->b);
        break;
    case IL_LOAD_ELEM:
    case IL_STORE_ELEM: {
        e = const_elem(c, target, pc);
        if (!with_locs) break;
        word *b = in->op == IL_LOAD_ELEM ? r : w;
        if (e >= 0) {
            bit_set(b, (uint32_t)e);
        } else {
            const il_shared_decl *d = &c->prog->shared[in->b];
            for (int k = 0; k < d->size; k++) bit_set(b, c->var_base[in->b] + (uint32_t)k);
        }
        break;
    }
    case IL_SYNC:
        sync_effect(p, (uint32_t)in->b, in->a, r, w);
        break;
    case IL_THREAD:
        switch ((il_tmethod)in->a) {
        case IL_T_START: case IL_T_CANCEL:
            bit_set(w, p->o_thread + (uint32_t)in->b);
            break;
        case IL_T_JOIN: case IL_T_JOIN_TIMEOUT: case IL_T_IS_ALIVE:
            bit_set(r, p->o_thread + (uint32_t)in->b);
            break;
        case IL_T_TAKE:
            /* the last take ends the idle workers */
            for (uint32_t t = 0; t < c->nthreads; t++)
                if (c->threads[t].is_worker) bit_set(w, p->o_thread + t);
            bit_set(w, p->o_exec);
            break;
        case IL_T_TASK_END: /* in main's executor it marks the future done */
            bit_set(c->exec_sub != UINT32_MAX ? w : r, p->o_exec);
            break;
        case IL_T_XSTART: /* starts every worker */
            for (uint32_t t = 0; t < c->nthreads; t++)
                if (c->threads[t].is_worker) bit_set(w, p->o_thread + t);
            break;
        case IL_T_SUBMIT:
            bit_set(w, p->o_exec);
            break;
        case IL_T_RESULT: case IL_T_DONE:
            bit_set(r, p->o_exec);
            if (in->a == IL_T_RESULT) bit_set(w, p->o_exec); /* it may take the error over */
            break;
        case IL_T_TASK_RET:
            bit_set(w, p->o_exec);
            break;
        case IL_T_SHUTDOWN: /* joins every worker */
            for (uint32_t t = 0; t < c->nthreads; t++)
                if (c->threads[t].is_worker) bit_set(r, p->o_thread + t);
            break;
        case IL_T_FIRE:
            break;
        }
        break;
    case IL_PRINT:
        bit_set(w, p->o_out);
        break;
    case IL_END:
        if (p->daemons) bit_set(w, p->o_alive);
        break;
    /* The thread's own locals, stack and control flow: no shared object.
     * A new opcode that touches one must say so here (and -Wswitch-enum
     * refuses to compile until it is listed somewhere in this switch). */
    case IL_STMT: case IL_CONST: case IL_LOAD_LOCAL: case IL_STORE_LOCAL: case IL_CLEAR_LOCALS: case IL_LOAD_ID:
    case IL_POP: case IL_DUP: case IL_SWAP: case IL_ADD: case IL_SUB: case IL_MUL:
    case IL_FLOORDIV: case IL_MOD: case IL_NEG: case IL_NOT: case IL_EQ: case IL_NE:
    case IL_LT: case IL_LE: case IL_GT: case IL_GE: case IL_JUMP: case IL_JUMP_IF_FALSE:
    case IL_JUMP_IF_FALSE_KEEP: case IL_JUMP_IF_TRUE_KEEP: case IL_ASSERT: case IL_SLEEP:
    case IL_RANGE_INIT: case IL_RANGE_NEXT: case IL_LIST_INIT: case IL_LIST_NEXT:
        break;
    }
    if (can_fail(c, pc, e >= 0)) {
        for (int32_t ch = c->chain[pc]; ch >= 0; ch = c->chain_parent[ch])
            sync_write(p, (uint32_t)c->chain_obj[ch], w);
        if (in_task[pc]) bit_set(w, p->o_exec);
        if (p->daemons) bit_set(w, p->o_alive);
    }
}

/* A step from pc: every instruction reachable before the next STMT, into
 * step_r/step_w. A fixed point over the successors, as fut_* is: a scan
 * from each pc would be quadratic in the length of one statement (a 300 KB
 * `x = a and b and ...` is one statement). */
static void step_fixpoint(il_por *p, const uint8_t *target, const uint8_t *in_task,
                          uint32_t *out)
{
    const il_code *c = p->c;
    uint32_t W = p->W;
    memset(p->step_r, 0, (size_t)c->ninsns * W * sizeof(word));
    memset(p->step_w, 0, (size_t)c->ninsns * W * sizeof(word));
    for (uint32_t pc = 0; pc < c->ninsns; pc++)
        effect(p, pc, target, in_task, 0, row(p->step_r, W, pc), row(p->step_w, W, pc));
    for (int changed = 1; changed;) {
        changed = 0;
        for (uint32_t pc = c->ninsns; pc-- > 0;) {
            word *sr = row(p->step_r, W, pc), *sw = row(p->step_w, W, pc);
            uint32_t k = succs(c, pc, out);
            for (uint32_t i = 0; i < k; i++) {
                if (c->insns[out[i]].op == IL_STMT) continue;
                const word *gr = row(p->step_r, W, out[i]), *gw = row(p->step_w, W, out[i]);
                for (uint32_t j = 0; j < W; j++) {
                    word nr = sr[j] | gr[j], nw = sw[j] | gw[j];
                    if (nr != sr[j] || nw != sw[j]) changed = 1;
                    sr[j] = nr;
                    sw[j] = nw;
                }
            }
        }
    }
}

il_por *il_por_new(const il_code *c)
{
    il_por *p = il_xcalloc(1, sizeof *p);
    p->c = c;
    for (uint32_t t = 0; t < c->nthreads; t++) p->daemons |= c->threads[t].daemon;
    p->o_sync = c->nlocs;
    p->o_thread = p->o_sync + (uint32_t)c->prog->nsync;
    p->o_out = p->o_thread + c->nthreads;
    p->o_exec = p->o_out + 1;
    p->o_alive = p->o_exec + 1;
    p->nobj = p->o_alive + 1;
    uint32_t W = p->W = (p->nobj + 63) / 64;
    size_t n = c->ninsns ? c->ninsns : 1;
    p->step_r = il_xcalloc(n * W, sizeof(word));
    p->step_w = il_xcalloc(n * W, sizeof(word));
    p->fut_r = il_xcalloc(n * W, sizeof(word));
    p->fut_w = il_xcalloc(n * W, sizeof(word));

    uint8_t *target = il_xcalloc(n, 1), *in_task = il_xcalloc(n, 1);
    uint32_t *out = il_xmalloc(sizeof(uint32_t) * (3 + c->ntasks + c->nthreads));
    for (uint32_t pc = 0; pc < c->ninsns; pc++)
        if (is_jump(&c->insns[pc])) target[c->insns[pc].b] = 1;
    for (uint32_t k = 0; k < c->ntasks; k++)
        for (uint32_t pc = c->task_entry[k]; pc <= c->task_end[k] && pc < c->ninsns; pc++)
            in_task[pc] = 1;

    /* Barrier parties: the threads whose code parks at each barrier (the
     * last arrival moves them on, D20). */
    size_t nsync = (size_t)(c->prog->nsync ? c->prog->nsync : 1);
    word *parties = p->parties = il_xcalloc(nsync * W, sizeof(word));
    p->cont_r = il_xcalloc(nsync * W, sizeof(word));
    p->cont_w = il_xcalloc(nsync * W, sizeof(word));
    /* seen[pc] == stamp: visited in this walk (no clearing between walks) */
    uint32_t *seen = il_xcalloc(n, sizeof(uint32_t)), stamp = 0;
    uint32_t *stack = il_xmalloc(sizeof(uint32_t) * (n + 1));
    for (uint32_t t = 0; t < c->nthreads; t++) {
        stamp++;
        uint32_t sp = 0;
        stack[sp++] = c->threads[t].entry;
        seen[c->threads[t].entry] = stamp;
        while (sp) {
            uint32_t pc = stack[--sp];
            const il_insn *in = &c->insns[pc];
            if (in->op == IL_SYNC && il_method_fp[in->a] == IL_FP_PARK)
                bit_set(row(parties, W, (uint32_t)in->b), p->o_thread + t);
            uint32_t k = succs(c, pc, out);
            for (uint32_t i = 0; i < k; i++)
                if (seen[out[i]] != stamp) {
                    seen[out[i]] = stamp;
                    stack[sp++] = out[i];
                }
        }
    }

    /* The rest of a barrier waiter's statement, from its PARK on: what
     * the last arrival's step runs for it. A step's footprint includes the
     * continuations of the barriers it may release, so the two are computed
     * together until the continuations no longer grow (nested barriers). */
    for (int grew = 1; grew;) {
        grew = 0;
        step_fixpoint(p, target, in_task, out);
        for (uint32_t pc = 0; pc + 1 < c->ninsns; pc++) {
            const il_insn *in = &c->insns[pc];
            if (in->op != IL_SYNC || il_method_fp[in->a] != IL_FP_PARK ||
                c->insns[pc + 1].op == IL_STMT)
                continue;
            word *cr = row(p->cont_r, W, (uint32_t)in->b);
            word *cw = row(p->cont_w, W, (uint32_t)in->b);
            const word *gr = row(p->step_r, W, pc + 1), *gw = row(p->step_w, W, pc + 1);
            for (uint32_t j = 0; j < W; j++) {
                if ((cr[j] | gr[j]) != cr[j] || (cw[j] | gw[j]) != cw[j]) grew = 1;
                cr[j] |= gr[j];
                cw[j] |= gw[j];
            }
        }
    }
    word *own_r = il_xcalloc(n * W, sizeof(word)), *own_w = il_xcalloc(n * W, sizeof(word));
    for (uint32_t pc = 0; pc < c->ninsns; pc++)
        effect(p, pc, target, in_task, 1, row(own_r, W, pc), row(own_w, W, pc));
    /* From pc onwards: a fixed point over the loops. */
    memcpy(p->fut_r, own_r, n * W * sizeof(word));
    memcpy(p->fut_w, own_w, n * W * sizeof(word));
    for (int changed = 1; changed;) {
        changed = 0;
        for (uint32_t pc = c->ninsns; pc-- > 0;) {
            word *fr = row(p->fut_r, W, pc), *fw = row(p->fut_w, W, pc);
            uint32_t k = succs(c, pc, out);
            for (uint32_t i = 0; i < k; i++) {
                const word *gr = row(p->fut_r, W, out[i]), *gw = row(p->fut_w, W, out[i]);
                for (uint32_t j = 0; j < W; j++) {
                    word nr = fr[j] | gr[j], nw = fw[j] | gw[j];
                    if (nr != fr[j] || nw != fw[j]) changed = 1;
                    fr[j] = nr;
                    fw[j] = nw;
                }
            }
        }
    }
    il_free(own_r);
    il_free(own_w);
    il_free(seen);
    il_free(stack);
    il_free(out);
    il_free(target);
    il_free(in_task);

    size_t T = (size_t)c->nthreads + 1; /* and the shutdown step */
    p->fr = il_xcalloc(T * W, sizeof(word));
    p->fw = il_xcalloc(T * W, sizeof(word));
    p->gr = il_xcalloc(T * W, sizeof(word));
    p->gw = il_xcalloc(T * W, sizeof(word));
    p->blk = il_xcalloc(T * W, sizeof(word));
    p->in = il_xcalloc(T, 1);
    p->best = il_xcalloc(T, 1);
    p->queue = il_xmalloc(sizeof(uint32_t) * T);
    return p;
}

int il_por_may_conflict(const il_por *p)
{
    const il_code *c = p->c;
    if (c->ntasks) return 1; /* the workers run the tasks' code: not walked per thread */
    uint32_t W = p->W;
    for (uint32_t l = 0; l < c->nlocs; l++) {
        uint32_t any = 0, writers = 0;
        for (uint32_t t = 0; t < c->nthreads; t++) {
            const word *r = row(p->fut_r, W, c->threads[t].entry);
            const word *w = row(p->fut_w, W, c->threads[t].entry);
            int wr = (w[l >> 6] >> (l & 63)) & 1, rd = (r[l >> 6] >> (l & 63)) & 1;
            writers += wr;
            any += wr || rd;
        }
        /* a writer and another thread that touches it */
        if (writers >= 2 || (writers == 1 && any >= 2)) return 1;
    }
    return 0;
}

void il_por_free(il_por *p)
{
    if (!p) return;
    il_free(p->parties);
    il_free(p->cont_r);
    il_free(p->cont_w);
    il_free(p->step_r);
    il_free(p->step_w);
    il_free(p->fut_r);
    il_free(p->fut_w);
    il_free(p->fr);
    il_free(p->fw);
    il_free(p->gr);
    il_free(p->gw);
    il_free(p->blk);
    il_free(p->in);
    il_free(p->best);
    il_free(p->queue);
    il_free(p);
}

/* Does enabled u's next step conflict with any step v may still take? */
static int depends(const il_por *p, uint32_t u, uint32_t v)
{
    uint32_t W = p->W;
    const word *fr = row(p->fr, W, u), *fw = row(p->fw, W, u);
    const word *gr = row(p->gr, W, v), *gw = row(p->gw, W, v);
    for (uint32_t i = 0; i < W; i++)
        if ((fw[i] & (gr[i] | gw[i])) | (fr[i] & gw[i])) return 1;
    return 0;
}

/* Is entry t (a thread, or T: the shutdown step) of th to be ignored? */
static int idle(const il_por *p, const il_por_thread *th, uint32_t t)
{
    return th[t].kind == IL_POR_IDLE || (t == p->c->nthreads && !p->daemons);
}

uint32_t il_por_choose(il_por *p, const il_por_thread *th, uint8_t *expand)
{
    const il_code *c = p->c;
    uint32_t T = c->nthreads + 1, W = p->W;
    for (uint32_t t = 0; t < T; t++) {
        word *fr = row(p->fr, W, t), *fw = row(p->fw, W, t);
        word *gr = row(p->gr, W, t), *gw = row(p->gw, W, t), *b = row(p->blk, W, t);
        memset(fr, 0, W * sizeof(word));
        memset(fw, 0, W * sizeof(word));
        memset(gr, 0, W * sizeof(word));
        memset(gw, 0, W * sizeof(word));
        memset(b, 0, W * sizeof(word));
        if (idle(p, th, t)) continue;
        if (t == c->nthreads) {
            /* the shutdown step kills every daemon still running (their
             * steps read "alive"); a step that may end a thread may enable it */
            bit_set(gw, p->o_alive);
            if (th[t].kind == IL_POR_ENABLED) bit_set(fw, p->o_alive);
            else bit_set(b, p->o_alive);
            continue;
        }
        uint32_t from = th[t].kind == IL_POR_NEW ? c->threads[t].entry : th[t].pc;
        memcpy(gr, row(p->fut_r, W, from), W * sizeof(word));
        memcpy(gw, row(p->fut_w, W, from), W * sizeof(word));
        bit_set(gw, p->o_thread + t); /* its own steps: join, is_alive, start see them */
        if (c->threads[t].daemon) bit_set(gr, p->o_alive);
        switch ((il_por_kind)th[t].kind) {
        case IL_POR_ENABLED:
            memcpy(fr, row(p->step_r, W, th[t].pc), W * sizeof(word));
            memcpy(fw, row(p->step_w, W, th[t].pc), W * sizeof(word));
            if (th[t].acc_has) bit_set(th[t].acc_write ? fw : fr, th[t].acc_loc);
            bit_set(fw, p->o_thread + t);
            if (c->threads[t].daemon) bit_set(fr, p->o_alive);
            break;
        case IL_POR_BLOCKED:
            if (th[t].wait_is_thread == 2) { /* a worker waits for a submit */
                bit_set(b, p->o_exec);
            } else if (th[t].wait_is_thread) {
                bit_set(b, p->o_thread + th[t].wait_obj);
            } else {
                bit_set(b, p->o_sync + th[t].wait_obj);
                const il_sync_decl *d = &c->prog->sync[th[t].wait_obj];
                if (d->kind == IL_SYNC_CONDITION && d->lock >= 0)
                    bit_set(b, p->o_sync + (uint32_t)d->lock);
            }
            break;
        case IL_POR_NEW:
            bit_set(b, p->o_thread + t); /* whoever starts it */
            break;
        case IL_POR_IDLE: /* skipped above */
            break;
        }
    }
    uint32_t best = UINT32_MAX;
    for (uint32_t seed = 0; seed < T && best > 1; seed++) {
        if (th[seed].kind != IL_POR_ENABLED) continue;
        memset(p->in, 0, T);
        uint32_t head = 0, tail = 0, count = 1;
        p->in[seed] = 1;
        p->queue[tail++] = seed;
        while (head < tail && count < best) {
            uint32_t u = p->queue[head++];
            int en = th[u].kind == IL_POR_ENABLED;
            for (uint32_t v = 0; v < T; v++) {
                if (p->in[v] || idle(p, th, v)) continue;
                if (en ? depends(p, u, v)
                       : meets(row(p->blk, W, u), row(p->gw, W, v), W)) {
                    p->in[v] = 1;
                    p->queue[tail++] = v;
                    count += th[v].kind == IL_POR_ENABLED;
                }
            }
        }
        if (count < best && head == tail) {
            best = count;
            memcpy(p->best, p->in, T);
        }
    }
    if (best == UINT32_MAX) { /* nothing enabled */
        memset(expand, 0, T);
        return 0;
    }
    for (uint32_t t = 0; t < T; t++) expand[t] = p->best[t] && th[t].kind == IL_POR_ENABLED;
    return best;
}
