/* machine.c - the bytecode interpreter: one step of one thread.
 *
 * A step runs from the thread's pc until the next OP_STMT (a new statement,
 * condition or header), or until a second shared access (that access starts
 * the next step, D1), or the end of the thread. Operands that are live
 * across such a boundary stay on the thread's operand stack, which is part
 * of the state. Runtime errors end the thread within the step and release
 * the locks of the `with` blocks around the failing instruction (D11). */
#include "machine.h"

#include <string.h>

#include "arith.h"
#include "sync.h"

/* Writes v in decimal (at most 20 characters) and returns the length: print
 * is on the hot path, and snprintf dominated it. */
static size_t format_int(int64_t v, char *out)
{
    char tmp[24];
    size_t n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do tmp[n++] = (char)('0' + u % 10); while ((u /= 10) != 0);
    size_t len = 0;
    if (v < 0) out[len++] = '-';
    while (n) out[len++] = tmp[--n];
    return len;
}

/* ---- formatted prints (il_print_fmt.pieces) and the open last line ---- */

/* Text built on the stack, on the heap past it. */
typedef struct text_buf {
    char *p;
    size_t n, cap;
    char small[1024];
} text_buf;

static void tb_init(text_buf *b)
{
    b->p = b->small;
    b->n = 0;
    b->cap = sizeof b->small;
}

static void tb_put(text_buf *b, const char *s, size_t n)
{
    if (b->n + n > b->cap) {
        size_t cap = b->cap;
        while (b->n + n > cap) cap *= 2;
        char *np = il_xmalloc(cap);
        memcpy(np, b->p, b->n);
        if (b->p != b->small) il_free(b->p);
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void tb_fill(text_buf *b, const char *fill, int k)
{
    size_t fl = fill[0] ? strlen(fill) : 1;
    for (int i = 0; i < k; i++) tb_put(b, fill[0] ? fill : " ", fl);
}

static void tb_free(text_buf *b)
{
    if (b->p != b->small) il_free(b->p);
}

/* One value as CPython's format() or % formats it (ast.h il_fmt_spec):
 * as text (str(), repr(): True/False for a bool) or as a number. */
static void format_value(text_buf *b, int64_t v, int is_bool, const il_fmt_spec *sp)
{
    char num[40], digits[24];
    const char *sign = "", *body;
    size_t len;
    int empty = !sp->align && !sp->sign && !sp->group && !sp->width && !sp->fill[0];
    int text = sp->conv == 's' || sp->conv == 'r' || sp->conv == 'a' || (!sp->conv && is_bool && empty);
    if (text && is_bool) {
        body = v ? "True" : "False";
        len = v ? 4 : 5;
    } else {
        size_t nd = format_int(v, digits);
        const char *d = digits;
        if (v < 0) d++, nd--;
        if (!text) sign = v < 0 ? "-" : sp->sign == '+' ? "+" : sp->sign == ' ' ? " " : "";
        else if (v < 0) sign = "-";
        len = 0;
        for (size_t i = 0; i < nd; i++) { /* thousands separators */
            if (sp->group && i && (nd - i) % 3 == 0) num[len++] = sp->group;
            num[len++] = d[i];
        }
        body = num;
    }
    size_t sl = strlen(sign);
    int pad = sp->width - (int)(len + sl);
    char align = sp->align ? sp->align : text ? '<' : '>';
    if (pad <= 0) align = 0;
    if (align == '>') tb_fill(b, sp->fill, pad);
    else if (align == '^') tb_fill(b, sp->fill, pad / 2);
    tb_put(b, sign, sl);
    if (align == '=') tb_fill(b, sp->fill, pad);
    tb_put(b, body, len);
    if (align == '<') tb_fill(b, sp->fill, pad);
    else if (align == '^') tb_fill(b, sp->fill, pad - pad / 2);
}

/* Writes text[0..n) to the output: a line for each "\n" in it, and what
 * follows the last one stays the open last line (IL_OUT_PENDING), which
 * the next print carries on. The open line is the output's last line, so
 * an output read as lines (outcomes, reports) shows it as one. */
static void out_write(const il_machine *m, uint8_t *s, const char *text, size_t n)
{
    uint64_t *outp = il_outp(m->code, s);
    uint32_t out = (uint32_t)*outp;
    text_buf joined;
    tb_init(&joined);
    if (*outp & IL_OUT_PENDING) { /* the open line, and then this text */
        uint32_t prev;
        const char *open = il_intern_get(m->intern, il_intern_out_last(m->intern, out, &prev));
        tb_put(&joined, open, strlen(open));
        tb_put(&joined, text, n);
        text = joined.p;
        n = joined.n;
        out = prev;
    }
    size_t start = 0;
    for (size_t i = 0; i < n; i++)
        if (text[i] == '\n') {
            out = il_intern_out(m->intern, out, il_intern_str(m->intern, text + start, i - start));
            start = i + 1;
        }
    uint64_t pending = 0;
    if (start < n) {
        out = il_intern_out(m->intern, out, il_intern_str(m->intern, text + start, n - start));
        pending = IL_OUT_PENDING;
    }
    *outp = out | pending;
    tb_free(&joined);
}

/* A print that is not a plain line (il_print_fmt): its text, then written
 * out. The step's own record (obs->print) is what it wrote, end included,
 * less one final "\n" (a plain print's record is its line); a part's
 * (--print=cpython) is exactly what it wrote, so its end shows as "\n". */
static void print_formatted(const il_machine *m, uint8_t *s, uint32_t t, const il_print_fmt *f,
                            const int64_t *vals)
{
    const il_code *c = m->code;
    text_buf b;
    tb_init(&b);
    uint32_t v = 0;
    if (f->pieces) {
        for (int i = 0; i < f->npieces; i++) {
            const il_print_piece *pc = &f->pieces[i];
            if (pc->str >= 0) tb_put(&b, c->strings[pc->str], strlen(c->strings[pc->str]));
            else format_value(&b, vals[v++], pc->is_bool, &pc->spec);
        }
    } else { /* a plain print after an open line */
        for (int i = 0; i < f->nitems; i++) {
            if (i) tb_put(&b, " ", 1);
            if (f->items[i] < 0) {
                char num[24];
                tb_put(&b, num, format_int(vals[v++], num));
            } else {
                tb_put(&b, c->strings[f->items[i]], strlen(c->strings[f->items[i]]));
            }
        }
        tb_put(&b, "\n", 1);
    }
    out_write(m, s, b.p, b.n);
    if (m->obs) {
        size_t n = !f->part && b.n && b.p[b.n - 1] == '\n' ? b.n - 1 : b.n;
        m->obs->print(m->obs->ctx, t, il_intern_str(m->intern, b.p, n));
    }
    tb_free(&b);
}

/* Releases the `with` locks around pc, innermost first; failures ignored. */
static void release_withs(const il_machine *m, uint8_t *s, uint32_t t, uint32_t pc)
{
    const il_code *c = m->code;
    for (int32_t ch = c->chain[pc]; ch >= 0; ch = c->chain_parent[ch]) {
        int64_t ret[2];
        il_errkind e2;
        if (il_sync_call(c, s, (uint32_t)c->chain_obj[ch], IL_M_EXIT, t, NULL, ret, &e2) ==
                IL_SYNC_OK && m->obs && m->obs->sync)
            m->obs->sync(m->obs->ctx, t, IL_M_EXIT, (uint32_t)c->chain_obj[ch], 0);
    }
}

/* Ends thread t with an error at pc: releases its `with` locks innermost
 * first, ignoring failures (D11), and clears what no longer matters so that
 * equal futures give equal bytes. */
static void thread_fail(const il_machine *m, uint8_t *s, uint32_t t, uint32_t pc,
                        il_errkind err)
{
    const il_code *c = m->code;
    release_withs(m, s, t, pc);
    const il_thread_info *ti = &c->threads[t];
    il_thread_hdr *h = il_thr(c, s, t);
    memset((uint8_t *)h + sizeof *h, 0, ti->defbytes + 8 * (size_t)(ti->nlocals + ti->maxstack));
    h->status = IL_TS_ERROR;
    h->err = (uint8_t)err;
    h->pc = pc;
    h->sp = 0;
    h->wait = IL_W_NONE;
}

static void thread_done(const il_code *c, uint8_t *s, uint32_t t)
{
    const il_thread_info *ti = &c->threads[t];
    il_thread_hdr *h = il_thr(c, s, t);
    memset((uint8_t *)h + sizeof *h, 0, ti->defbytes + 8 * (size_t)(ti->nlocals + ti->maxstack));
    h->status = IL_TS_DONE;
    h->pc = 0;
    h->sp = 0;
    h->wait = IL_W_NONE;
}

/* A fresh call frame for an executor task: no locals, empty stack. */
static void clear_frame(const il_code *c, uint8_t *s, uint32_t t)
{
    const il_thread_info *ti = &c->threads[t];
    il_thread_hdr *h = il_thr(c, s, t);
    memset((uint8_t *)h + sizeof *h, 0, ti->defbytes + 8 * (size_t)(ti->nlocals + ti->maxstack));
    h->sp = 0;
}

int il_hidden_error(const il_code *c, const uint8_t *s, uint32_t task, uint32_t *worker,
                    il_errkind *kind, uint32_t *pc)
{
    int64_t v = il_syncslots(c, (uint8_t *)s)[c->exec_slot + 1 + task];
    if (!v) return 0;
    *worker = (uint32_t)(v >> 40);
    *kind = (il_errkind)((v >> 32) & 0xff);
    *pc = (uint32_t)v;
    return 1;
}

#define FAIL(kind) do { err = (kind); goto failed; } while (0)
#define ACCESS() do { if (accessed) goto yield; accessed = 1; } while (0)
#define POP() (stack[--sp])
#define PUSH(v) (stack[sp++] = (v))
#define TOP() (stack[sp - 1])

/* Hidden locals a..a+n-1 back to unassigned zeros, so that a finished
 * print or loop leaves no trace in the state. */
static void clear_hidden(int64_t *locals, uint8_t *defs, uint32_t a, uint32_t n)
{
    memset(&locals[a], 0, sizeof(int64_t) * (size_t)n);
    for (uint32_t i = a; i < a + n; i++) defs[i >> 3] &= (uint8_t)~(1u << (i & 7));
}

static il_step_res exec(const il_machine *m, uint8_t *s, uint32_t t, il_wait *w,
                        uint32_t pc, int accessed, int started);

/* The last party arrived at barrier obj: every other thread waiting there
 * departs, and the rest of its statement runs now, up to its next shared
 * access or statement, without a step of its own (D20). */
static void barrier_release(const il_machine *m, uint8_t *s, uint32_t t, uint32_t obj)
{
    const il_code *c = m->code;
    for (uint32_t u = 0; u < c->nthreads; u++) {
        il_thread_hdr *h = il_thr(c, s, u);
        if (u == t || h->status != IL_TS_RUN) continue;
        const il_insn *in = &c->insns[h->pc];
        if (in->op != IL_SYNC || in->a != IL_M_B_DEPART || (uint32_t)in->b != obj) continue;
        il_wait w;
        exec(m, s, u, &w, h->pc + 1, 1, 1);
    }
}

/* The shutdown step (python.md F1): the daemons still running are killed
 * where they are. */
static il_step_res shutdown_step(const il_code *c, uint8_t *s)
{
    if (!il_shutdown_enabled(c, s)) return IL_STEP_IDLE;
    for (uint32_t t = 0; t < c->nthreads; t++) {
        il_thread_hdr *h = il_thr(c, s, t);
        if (h->status == IL_TS_RUN) h->status = IL_TS_KILLED;
    }
    return IL_STEP_OK;
}

il_step_res il_step(const il_machine *m, uint8_t *s, uint32_t t, il_wait *w)
{
    if (t == m->code->nthreads) return shutdown_step(m->code, s);
    il_thread_hdr *h = il_thr(m->code, s, t);
    if (h->status != IL_TS_RUN) return IL_STEP_IDLE;
    return exec(m, s, t, w, h->pc, 0, 0);
}

static il_step_res exec(const il_machine *m, uint8_t *s, uint32_t t, il_wait *w,
                        uint32_t pc, int accessed, int started)
{
    const il_code *c = m->code;
    il_thread_hdr *h = il_thr(c, s, t);
    const il_thread_info *ti = &c->threads[t];
    const il_insn *code = c->insns;
    int64_t *shared = il_shared(c, s);
    int64_t *locals = il_thr_locals(c, s, t);
    int64_t *stack = locals + ti->nlocals;
    uint8_t *defs = il_thr_defs(c, s, t);
    uint32_t sp = h->sp;
    il_errkind err = IL_ERR_NONE;
    il_arith_op op;
    int64_t a, b, r;

    for (;; pc++, started = 1) {
    dispatch:;
        const il_insn *in = &code[pc];
        switch ((il_opcode)in->op) {
        case IL_STMT:
            if (started) goto yield;
            break;
        case IL_CONST: PUSH(c->consts[in->b]); break;
        case IL_LOAD_LOCAL:
            if (in->b && !(defs[in->a >> 3] & (1u << (in->a & 7)))) FAIL(IL_ERR_UNBOUND);
            PUSH(locals[in->a]);
            break;
        case IL_STORE_LOCAL:
            locals[in->a] = POP();
            defs[in->a >> 3] |= (uint8_t)(1u << (in->a & 7));
            break;
        case IL_LOAD_ID: PUSH(ti->id); break;
        case IL_CLEAR_LOCALS: clear_hidden(locals, defs, in->a, (uint32_t)in->b); break;
        case IL_LOAD_SHARED:
            ACCESS();
            PUSH(shared[in->b]);
            if (m->obs) m->obs->access(m->obs->ctx, t, (uint32_t)in->b, 0, TOP());
            break;
        case IL_STORE_SHARED:
            ACCESS();
            shared[in->b] = POP();
            if (m->obs) m->obs->access(m->obs->ctx, t, (uint32_t)in->b, 1, shared[in->b]);
            break;
        case IL_LOAD_ELEM: {
            ACCESS(); /* an out-of-range a[i] is an access attempt (D1) */
            const il_shared_decl *d = &c->prog->shared[in->b];
            int64_t i = POP();
            if (i < 0) i += d->size; /* D7: negative indices as in Python */
            if (i < 0 || i >= d->size) FAIL(IL_ERR_INDEX);
            uint32_t loc = c->var_base[in->b] + (uint32_t)i;
            PUSH(shared[loc]);
            if (m->obs) m->obs->access(m->obs->ctx, t, loc, 0, TOP());
            break;
        }
        case IL_STORE_ELEM: {
            ACCESS();
            const il_shared_decl *d = &c->prog->shared[in->b];
            int64_t i = POP(), v = POP();
            if (i < 0) i += d->size;
            if (i < 0 || i >= d->size) FAIL(IL_ERR_INDEX);
            uint32_t loc = c->var_base[in->b] + (uint32_t)i;
            shared[loc] = v;
            if (m->obs) m->obs->access(m->obs->ctx, t, loc, 1, v);
            break;
        }
        case IL_POP: sp--; break;
        case IL_DUP: a = TOP(); PUSH(a); break;
        case IL_SWAP: a = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = a; break;
        case IL_ADD: op = IL_AR_ADD; goto arith;
        case IL_SUB: op = IL_AR_SUB; goto arith;
        case IL_MUL: op = IL_AR_MUL; goto arith;
        case IL_FLOORDIV: op = IL_AR_FLOORDIV; goto arith;
        case IL_MOD: op = IL_AR_MOD;
        arith:
            b = POP(); a = POP();
            switch (il_arith(op, a, b, &r)) {
            case IL_AR_OK: break;
            case IL_AR_OVERFLOW: FAIL(IL_ERR_OVERFLOW);
            case IL_AR_ZERODIV: FAIL(IL_ERR_ZERODIV);
            }
            PUSH(r);
            break;
        case IL_NEG:
            if (TOP() == INT64_MIN) FAIL(IL_ERR_OVERFLOW);
            TOP() = -TOP();
            break;
        case IL_NOT: TOP() = !TOP(); break;
        case IL_EQ: b = POP(); TOP() = TOP() == b; break;
        case IL_NE: b = POP(); TOP() = TOP() != b; break;
        case IL_LT: b = POP(); TOP() = TOP() < b; break;
        case IL_LE: b = POP(); TOP() = TOP() <= b; break;
        case IL_GT: b = POP(); TOP() = TOP() > b; break;
        case IL_GE: b = POP(); TOP() = TOP() >= b; break;
        case IL_JUMP: pc = (uint32_t)in->b - 1; break;
        case IL_JUMP_IF_FALSE:
            if (!POP()) pc = (uint32_t)in->b - 1;
            break;
        case IL_JUMP_IF_FALSE_KEEP:
            if (!TOP()) pc = (uint32_t)in->b - 1;
            else sp--;
            break;
        case IL_JUMP_IF_TRUE_KEEP:
            if (TOP()) pc = (uint32_t)in->b - 1;
            else sp--;
            break;
        case IL_PRINT: {
            const il_print_fmt *f = &c->prints[in->b];
            uint64_t *out = il_outp(c, s);
            if (f->pieces || (*out & IL_OUT_PENDING)) { /* not a plain line (parts have pieces) */
                print_formatted(m, s, t, f, f->base >= 0 ? &locals[f->base] : &stack[sp - in->a]);
                sp -= in->a;
                if (f->base >= 0) clear_hidden(locals, defs, (uint32_t)f->base, (uint32_t)f->nvals);
                break;
            }
            /* the whole line, however long (a value takes at most 20 bytes) */
            size_t cap = 0;
            for (int i = 0; i < f->nitems; i++)
                cap += 1 + (f->items[i] < 0 ? 20 : strlen(c->strings[f->items[i]]));
            char small[4096], *line = cap <= sizeof small ? small : il_xmalloc(cap);
            size_t n = 0;
            int64_t *vals = f->base >= 0 ? &locals[f->base] : &stack[sp - in->a];
            uint32_t v = 0;
            for (int i = 0; i < f->nitems; i++) {
                if (i) line[n++] = ' ';
                if (f->items[i] < 0) {
                    n += format_int(vals[v++], line + n);
                } else {
                    const char *str = c->strings[f->items[i]];
                    size_t len = strlen(str);
                    memcpy(line + n, str, len);
                    n += len;
                }
            }
            sp -= in->a;
            if (f->base >= 0) clear_hidden(locals, defs, (uint32_t)f->base, v);
            uint32_t id = il_intern_str(m->intern, line, n);
            if (line != small) il_free(line);
            *out = il_intern_out(m->intern, (uint32_t)*out, id);
            if (m->obs) m->obs->print(m->obs->ctx, t, id);
            break;
        }
        case IL_ASSERT:
            if (!POP()) FAIL(IL_ERR_ASSERT);
            break;
        case IL_SLEEP:
            if (POP() < 0) FAIL(IL_ERR_VALUE);
            break;
        case IL_RANGE_INIT: {
            int64_t step = POP(), stop = POP(), start = POP();
            if (step == 0) FAIL(IL_ERR_VALUE);
            locals[in->a] = start;
            locals[in->a + 1] = stop;
            locals[in->a + 2] = step;
            break;
        }
        case IL_RANGE_NEXT: {
            int64_t *rg = &locals[in->a];
            if (rg[2] > 0 ? rg[0] >= rg[1] : rg[0] <= rg[1]) {
                rg[0] = rg[1] = rg[2] = 0; /* a finished loop leaves no trace */
                pc = (uint32_t)in->b - 1;
                break;
            }
            PUSH(rg[0]);
            if (__builtin_add_overflow(rg[0], rg[2], &rg[0])) rg[0] = rg[1]; /* ends */
            break;
        }
        case IL_LIST_INIT: {
            int64_t *l = &locals[in->a];
            l[0] = 0;
            l[1] = in->b < 0 ? -(int64_t)in->b : in->b;
            if (in->b > 0) { /* else the items were stored in place */
                sp -= (uint32_t)in->b;
                memcpy(l + 2, &stack[sp], sizeof(int64_t) * (size_t)in->b);
            }
            break;
        }
        case IL_LIST_NEXT: {
            int64_t *l = &locals[in->a];
            if (l[0] >= l[1]) {
                clear_hidden(locals, defs, in->a, (uint32_t)(2 + l[1]));
                pc = (uint32_t)in->b - 1;
                break;
            }
            PUSH(l[2 + l[0]]);
            l[0]++;
            break;
        }
        case IL_SYNC: {
            sp -= (uint32_t)il_method_pops[in->a];
            int64_t ret[2] = {0, 0};
            il_sync_res res = il_sync_call(c, s, (uint32_t)in->b, (il_method)in->a, t,
                                           &stack[sp], ret, &err);
            if (res == IL_SYNC_BLOCK) {
                w->thread = t;
                w->is_thread = 0;
                w->obj = (uint32_t)in->b;
                w->pc = pc;
                return IL_STEP_BLOCKED;
            }
            if (res == IL_SYNC_ERROR) goto failed;
            if (res == IL_SYNC_AGAIN) {
                /* a step with no happens-before edge that leaves the call to
                 * a later step: the thread stays here, its arguments kept */
                sp += (uint32_t)il_method_pops[in->a];
                goto yield;
            }
            if (m->obs && m->obs->sync)
                m->obs->sync(m->obs->ctx, t, (uint32_t)in->a, (uint32_t)in->b,
                             in->a == IL_M_B_WAIT ? res == IL_SYNC_RELEASED : ret[0]);
            for (int i = 0; i < il_method_pushes[in->a]; i++) PUSH(ret[i]);
            if (res == IL_SYNC_YIELD) { /* the step ends after this call */
                pc++;
                goto yield;
            }
            if (res == IL_SYNC_RELEASED) {
                barrier_release(m, s, t, (uint32_t)in->b);
                pc++; /* the last party does not wait at B_DEPART */
            }
            break;
        }
        case IL_THREAD: {
            il_thread_hdr *o = il_thr(c, s, (uint32_t)in->b);
            switch ((il_tmethod)in->a) {
            case IL_T_START:
                if (o->status != IL_TS_NEW) FAIL(IL_ERR_RUNTIME);
                o->status = IL_TS_RUN;
                if (m->obs && m->obs->sync)
                    m->obs->sync(m->obs->ctx, t, IL_NMETHODS + IL_T_START, (uint32_t)in->b, 0);
                break;
            case IL_T_JOIN:
            case IL_T_JOIN_TIMEOUT:
                if (in->a == IL_T_JOIN_TIMEOUT) sp--;
                if ((uint32_t)in->b == t || o->status == IL_TS_NEW) FAIL(IL_ERR_RUNTIME);
                /* join(timeout=) gives up silently instead of blocking (D18) */
                if (o->status == IL_TS_RUN && in->a == IL_T_JOIN) {
                    w->thread = t;
                    w->is_thread = 1;
                    w->obj = (uint32_t)in->b;
                    w->pc = pc;
                    return IL_STEP_BLOCKED;
                }
                if (m->obs && m->obs->sync)
                    m->obs->sync(m->obs->ctx, t, IL_NMETHODS + IL_T_JOIN, (uint32_t)in->b,
                                 o->status != IL_TS_RUN);
                break;
            case IL_T_IS_ALIVE:
                PUSH(o->status == IL_TS_RUN);
                if (m->obs && m->obs->sync)
                    m->obs->sync(m->obs->ctx, t, IL_NMETHODS + IL_T_IS_ALIVE, (uint32_t)in->b,
                                 o->status != IL_TS_RUN);
                break;
            case IL_T_CANCEL: /* only before the timer fired (D17) */
                if ((o->status == IL_TS_NEW || o->status == IL_TS_RUN) &&
                    o->pc == c->threads[in->b].entry)
                    o->wait = IL_W_CANCELLED;
                break;
            case IL_T_FIRE:
                if (h->wait == IL_W_CANCELLED) {
                    thread_done(c, s, t);
                    return IL_STEP_OK;
                }
                break;
            case IL_T_TAKE: {
                int64_t *next = &il_syncslots(c, s)[c->exec_slot];
                if ((uint32_t)*next >= c->ntasks) {
                    thread_done(c, s, t);
                    return IL_STEP_OK;
                }
                if (c->exec_sub != UINT32_MAX && *next >= il_syncslots(c, s)[c->exec_sub]) {
                    w->thread = t; /* no task submitted yet: wait for one */
                    w->is_thread = 2;
                    w->obj = 0;
                    w->pc = pc;
                    return IL_STEP_BLOCKED;
                }
                if (m->obs && m->obs->sync)
                    m->obs->sync(m->obs->ctx, t, IL_NMETHODS + IL_T_TAKE, (uint32_t)*next, 0);
                uint32_t task = (uint32_t)(*next)++;
                clear_frame(c, s, t);
                sp = 0;
                locals[c->task_slot] = task;
                /* the last task is taken: idle workers find none and end, with no step */
                if ((uint32_t)*next == c->ntasks)
                    for (uint32_t u = 0; u < c->nthreads; u++)
                        if (u != t && c->threads[u].is_worker &&
                            il_thr(c, s, u)->status == IL_TS_RUN &&
                            il_thr(c, s, u)->pc == c->threads[u].entry)
                            thread_done(c, s, u);
                pc = c->task_entry[task] - 1;
                break;
            }
            case IL_T_TASK_END:
                if (c->exec_sub != UINT32_MAX) { /* its future is done */
                    uint32_t task = (uint32_t)locals[c->task_slot];
                    int64_t *done = il_future(c, s, task);
                    if (!*done) *done = 1;
                    if (m->obs && m->obs->sync)
                        m->obs->sync(m->obs->ctx, t, IL_NMETHODS + IL_T_TASK_END, task, 0);
                }
                if ((uint32_t)il_syncslots(c, s)[c->exec_slot] >= c->ntasks) {
                    thread_done(c, s, t);
                    return IL_STEP_OK;
                }
                clear_frame(c, s, t);
                sp = 0;
                pc = ti->entry - 1; /* the take step comes next */
                break;
            case IL_T_XSTART:
                for (uint32_t u = 0; u < c->nthreads; u++) {
                    if (!c->threads[u].is_worker) continue;
                    il_thr(c, s, u)->status = c->ntasks ? IL_TS_RUN : IL_TS_DONE;
                    if (m->obs && m->obs->sync)
                        m->obs->sync(m->obs->ctx, t, IL_NMETHODS + IL_T_START, u, 0);
                }
                break;
            case IL_T_SUBMIT: {
                int64_t *sub = &il_syncslots(c, s)[c->exec_sub];
                for (int32_t i = 0; i < in->b; i++) {
                    if (m->obs && m->obs->sync)
                        m->obs->sync(m->obs->ctx, t, IL_NMETHODS + IL_T_SUBMIT, (uint32_t)*sub, 0);
                    ++*sub;
                }
                break;
            }
            case IL_T_RESULT:
            case IL_T_DONE: {
                const int64_t *f = il_future(c, s, (uint32_t)in->b);
                if (in->a == IL_T_DONE) {
                    if (f[0] && m->obs && m->obs->sync)
                        m->obs->sync(m->obs->ctx, t, IL_NMETHODS + IL_T_DONE, (uint32_t)in->b, 1);
                    PUSH(f[0] != 0);
                    break;
                }
                if (!f[0]) {
                    w->thread = t; /* not done: wait for it */
                    w->is_thread = 2;
                    w->obj = 0;
                    w->pc = pc;
                    return IL_STEP_BLOCKED;
                }
                if (f[0] >= 2) { /* result() raises what the task raised: no longer hidden */
                    il_syncslots(c, s)[c->exec_slot + 1 + in->b] = 0;
                    FAIL((il_errkind)(f[0] - 2));
                }
                if (m->obs && m->obs->sync)
                    m->obs->sync(m->obs->ctx, t, IL_NMETHODS + IL_T_RESULT, (uint32_t)in->b, 0);
                PUSH(f[1]);
                break;
            }
            case IL_T_TASK_RET:
                il_future(c, s, (uint32_t)locals[c->task_slot])[1] = stack[--sp];
                break;
            case IL_T_SHUTDOWN:
                for (uint32_t u = 0; u < c->nthreads; u++)
                    if (c->threads[u].is_worker && il_thr(c, s, u)->status == IL_TS_RUN) {
                        w->thread = t;
                        w->is_thread = 1;
                        w->obj = u;
                        w->pc = pc;
                        return IL_STEP_BLOCKED;
                    }
                if (m->obs && m->obs->sync)
                    for (uint32_t u = 0; u < c->nthreads; u++)
                        if (c->threads[u].is_worker)
                            m->obs->sync(m->obs->ctx, t, IL_NMETHODS + IL_T_JOIN, u, 1);
                break;
            }
            break;
        }
        case IL_END:
            thread_done(c, s, t);
            return IL_STEP_OK;
        }
    }
yield:
    h->pc = pc;
    h->sp = (uint8_t)sp;
    /* Dead operand slots are zeroed so equal futures give equal bytes. */
    memset(&stack[sp], 0, sizeof(int64_t) * (ti->maxstack - sp));
    return IL_STEP_OK;
failed:
    if (ti->is_worker) {
        /* Like a Future nobody asks for: the error is swallowed, the worker
         * goes on with the next task, and the outcome records it. */
        uint32_t task = (uint32_t)locals[c->task_slot];
        release_withs(m, s, t, pc);
        il_syncslots(c, s)[c->exec_slot + 1 + task] =
            ((int64_t)t << 40) | ((int64_t)err << 32) | pc;
        if (c->exec_sub != UINT32_MAX) il_future(c, s, task)[0] = 2 + err;
        clear_frame(c, s, t);
        sp = 0;
        pc = c->task_end[task];
        started = 1;
        goto dispatch;
    }
    thread_fail(m, s, t, pc, err);
    return IL_STEP_OK;
}

int il_finished(const il_code *c, const uint8_t *s)
{
    for (uint32_t t = 0; t < c->nthreads; t++)
        if (il_thr(c, (uint8_t *)s, t)->status == IL_TS_RUN) return 0;
    return 1;
}

int il_shutdown_enabled(const il_code *c, const uint8_t *s)
{
    int daemon = 0;
    for (uint32_t t = 0; t < c->nthreads; t++) {
        if (il_thr(c, (uint8_t *)s, t)->status != IL_TS_RUN) continue;
        if (!c->threads[t].daemon) return 0;
        daemon = 1;
    }
    return daemon;
}

const char *il_step_name(const il_code *c, uint32_t t)
{
    return t < c->nthreads ? c->threads[t].name : t == c->nthreads ? IL_SHUTDOWN_NAME : "?";
}

void il_wait_describe(const il_code *c, const uint8_t *s, const il_wait *w,
                      il_buf *waiting_for, il_buf *detail)
{
    const il_insn *in = &c->insns[w->pc];
    if (w->is_thread == 2) {
        il_buf_puts(waiting_for, "executor task");
        il_buf_puts(detail, "take a task (none submitted)");
        return;
    }
    if (in->op == IL_THREAD && in->a == IL_T_SHUTDOWN) {
        il_buf_printf(waiting_for, "thread %s", c->threads[w->obj].name);
        il_buf_printf(detail, "executor shutdown: %s (running)", c->threads[w->obj].name);
        return;
    }
    if (w->is_thread) {
        il_buf_printf(waiting_for, "thread %s", c->threads[w->obj].name);
        il_buf_printf(detail, "join %s (running)", c->threads[w->obj].name);
        return;
    }
    il_sync_describe(c, s, w->obj, (il_method)c->insns[w->pc].a, w->thread, waiting_for, detail);
}

const char *il_error_message(const il_code *c, const uint8_t *s, uint32_t t, il_buf *scratch)
{
    const il_thread_hdr *h = il_thr(c, (uint8_t *)s, t);
    return il_error_message_at(c, h->pc, t, (il_errkind)h->err, scratch);
}

const char *il_error_message_at(const il_code *c, uint32_t pc, uint32_t t, il_errkind err,
                                il_buf *scratch)
{
    const il_insn *in = &c->insns[pc];
    if (in->op == IL_THREAD && in->a == IL_T_RESULT && err != IL_ERR_NONE)
        return "raised by the task, which result() raises here";
    switch (err) {
    case IL_ERR_ASSERT:
        return in->b >= 0 ? c->strings[in->b] : "";
    case IL_ERR_ZERODIV: /* CPython 3.11's words: % has its own */
        return in->op == IL_MOD ? "integer modulo by zero" : "integer division or modulo by zero";
    case IL_ERR_INDEX:
        return in->op == IL_STORE_ELEM ? "list assignment index out of range" : "list index out of range";
    case IL_ERR_OVERFLOW: return "integer overflow (values are 64-bit)";
    case IL_ERR_UNBOUND:
        il_buf_printf(scratch, "cannot access local variable '%s' where it is not associated with a value",
                      c->threads[t].local_names[in->a]);
        return scratch->data;
    case IL_ERR_VALUE:
        if (in->op == IL_RANGE_INIT) return "range() arg 3 must not be zero";
        if (in->op == IL_SLEEP) return "sleep length must be non-negative";
        /* fall through */
    case IL_ERR_VALUE_ARG:
        /* fall through */
    case IL_ERR_RUNTIME:
        if (in->op == IL_SYNC)
            return il_sync_error_message(c, (uint32_t)in->b, (il_method)in->a, err);
        if (in->op == IL_THREAD) {
            if (in->a == IL_T_START) return "threads can only be started once";

            if ((uint32_t)in->b == t) return "cannot join current thread";
            return "cannot join thread before it is started";
        }
        return "runtime error";
    case IL_ERR_EMPTY:
    case IL_ERR_FULL:
    case IL_ERR_NONE:
        return "";
    }
    return "";
}
