/* compiler.c - program model -> bytecode (see compiler.h and bytecode.h).
 *
 * Each thread declaration's body is compiled once; `count:` instances share
 * the code and differ by `id`. Names are resolved here: shared variables,
 * sync objects and threads are static, every other name is a local of its
 * thread. OP_STMT is emitted wherever language.md starts a step; the machine
 * splits a statement further at its 2nd, 3rd, ... shared access by itself.
 * The first error aborts compilation through a longjmp to il_compile. */
#include "compiler.h"

#include <setjmp.h>
#include <stdarg.h>
#include <string.h>

#include "hashset.h"
#include "intern.h"
#include "sync.h"

const char *const il_opcode_names[IL_NOPCODES] = {
#define IL_OP_NAME(name, doc) #name,
    IL_OPCODES(IL_OP_NAME)
#undef IL_OP_NAME
};

const char *const il_errkind_names[IL_NERRKINDS] = {
    "", "AssertionError", "ZeroDivisionError", "IndexError", "OverflowError",
    "UnboundLocalError", "RuntimeError", "ValueError", "Empty", "Full", "ValueError",
};

/* The methods a body may call on a sync object: every row of the method
 * table (primitives.h), M and V, in its order; a call is the first row of
 * its name that the object's kind has (rows named "" are the compiler's own
 * and match no call). Each parameter is pushed in order: the argument given
 * (by position or keyword) or its default; a parameter without a name is not
 * the user's and always takes its default. A method's `then` is a second
 * instruction that completes the call in a later step (a condition's
 * reacquire, a barrier's departure). */
typedef struct param {
    const char *name; /* NULL: fixed */
    int required;
    int64_t dflt;
} param;

typedef struct method_entry {
    const char *name; /* "": emitted by the compiler itself, never called */
    il_sync_row call; /* the row, which a kind's methods column names */
    il_method method;
    int nparams;
    param params[4];  /* nparams, then room for the end of the list */
} method_entry;

#define PARAM_(name, required, dflt) {name, required, dflt},
#define NPARAMS_(...) (int)(sizeof((param[]){__VA_ARGS__ {NULL, 0, 0}}) / sizeof(param) - 1)
#define METHOD_(ID, name, params, then, pops, pushes, result, fp) \
    {name, IL_C_##ID, IL_M_##ID, NPARAMS_(params), {params {NULL, 0, 0}}},
#define SPELLING_(ID, METHOD, name, params) \
    {name, IL_C_##ID, IL_M_##METHOD, NPARAMS_(params), {params {NULL, 0, 0}}},
static const method_entry methods[] = {IL_SYNC_METHODS(METHOD_, SPELLING_, PARAM_)};

/* Per method: whether a call gives the program a value, and the method that
 * completes it (IL_M_NONE: none). Per kind: the calls it has. */
#define RESULT_(ID, name, params, then, pops, pushes, result, fp) [IL_M_##ID] = result,
#define THEN_(ID, name, params, then, pops, pushes, result, fp) [IL_M_##ID] = IL_M_##then,
#define CALLS_(ID, ctor, module, arg, param, dflt, min, missing, below, shown, word, lock, \
               methods, fn)                                                             \
    [IL_SYNC_##ID] = 0 methods,
static const il_sync_result method_result[IL_NMETHODS] = {
    IL_SYNC_METHODS(RESULT_, IL_SYNC_IGNORE_, IL_SYNC_IGNORE_)
};
static const int method_then[IL_NMETHODS] = {
    IL_SYNC_METHODS(THEN_, IL_SYNC_IGNORE_, IL_SYNC_IGNORE_)
};
static const uint64_t kind_calls[IL_SYNC_NKINDS] = {IL_SYNC_KINDS(CALLS_, IL_C_BIT_)};

static int has_call(il_sync_kind k, il_sync_row call)
{
    return (kind_calls[k] >> call) & 1;
}

typedef struct loop_ctx {
    IL_VEC(uint32_t) breaks; /* JUMPs to patch to the loop's end */
    uint32_t cont;           /* where `continue` goes */
    size_t with_depth;       /* open `with` blocks when the loop began */
} loop_ctx;

typedef struct open_with {
    int obj;
    int line;
    int32_t outer_chain; /* chain outside this with */
} open_with;


/* Names -> their index in one of the compiler's arrays (shared, sync,
 * threads, locals), so that each name a body uses is found in constant
 * time: filled up to the array's current length at each look-up (the
 * arrays only grow, or start again from empty). The first of equal names
 * wins, as a search from the start would find. */
typedef struct name_index {
    il_hashset set;         /* the names (hashset.h), ids in insertion order */
    IL_VEC(int) val;        /* per id: the index it stands for */
    size_t filled;
} name_index;

/* A function compiled in place (python.md P1): its parameters and locals are
 * hidden locals of the calling thread, named in its own scope, which sees
 * the module's names and not the caller's. */
typedef enum bkind { B_LOCAL, B_SYNC, B_LIST, B_THREAD, B_OBJECT } bkind;

typedef struct binding {
    const char *name;
    bkind kind;
    int index; /* B_LOCAL: a local; else the sync object, shared list, thread or object */
} binding;

typedef struct scope {
    const il_func_decl *f;
    struct scope *outer; /* the caller's (NULL: a thread's own body) */
    binding *names;
    int nnames;
    int root;            /* the function a thread runs: `return` ends the thread */
    int want_value;      /* the caller uses the result */
    int depth;           /* operand stack at the call: the callee's statements start there */
    size_t with_depth;   /* the caller's open `with` blocks */
    int nloops;          /* the caller's loops (not `break`'s) */
    int32_t rets;        /* `return` jumps to the continuation, chained through their targets */
    int first;           /* its first hidden local */
} scope;

struct preset { int decl, slot; int64_t v; };

typedef struct comp {
    const il_program *p;
    il_diag *d;
    jmp_buf fail;
    il_code *c;
    IL_VEC(il_insn) insns;
    IL_VEC(uint32_t) lines;
    IL_VEC(int32_t) chains;
    IL_VEC(int32_t) chain_obj;
    IL_VEC(int32_t) chain_parent;
    IL_VEC(int64_t) consts;
    IL_VEC(const char *) strings;
    IL_VEC(il_print_fmt) prints;
    /* the pools' entries by value (hashset.h), so that interning constants
     * and strings stays linear in a body with many distinct ones: a set's
     * ids are the pool's indices (both grow together) */
    il_hashset const_ix, string_ix;
    name_index shared_ix, sync_ix, thread_ix, local_ix;
    /* per thread body */
    IL_VEC(const char *) locals; /* named, then hidden */
    size_t nnamed;
    int depth, maxdepth;          /* operand stack */
    int line;                     /* line of the statement being compiled */
    int32_t chain;                /* with-chain of the code being emitted */
    IL_VEC(open_with) withs;
    loop_ctx *loops[256];
    int nloops;
    int sync_calls;               /* sync/thread calls in the current statement */
    int tmp_slot;                 /* hidden temp for chained comparisons, -1 none */
    int in_task;                  /* compiling an executor task: id is the task index */
    const char *pyname;           /* the thread's CPython name (current_thread().name), or NULL */
    int wide_base, wide_n;        /* hidden locals of wide prints (wide_slots) */
    IL_VEC(uint32_t) returns;     /* a task's `return` jumps, patched to its end */
    scope *sc;                    /* the function being compiled in place, or NULL */
    int ninline;                  /* scopes open (a bound on nesting) */
    /* a thread's arguments: local `slot` of the threads of `decl` starts as v */
    IL_VEC(struct preset) presets;
} comp;

static _Noreturn void fail(comp *c, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void fail(comp *c, int line, int col, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    il_diag_error(c->d, line, col, "%s", msg);
    longjmp(c->fail, 1);
}

/* ---- emitting ---------------------------------------------------------- */

static const int stack_effect_fixed[IL_NOPCODES] = {
    [IL_CONST] = 1, [IL_LOAD_LOCAL] = 1, [IL_STORE_LOCAL] = -1, [IL_LOAD_ID] = 1,
    [IL_LOAD_SHARED] = 1, [IL_STORE_SHARED] = -1, [IL_LOAD_ELEM] = 0,
    [IL_STORE_ELEM] = -2, [IL_POP] = -1, [IL_DUP] = 1,
    [IL_ADD] = -1, [IL_SUB] = -1, [IL_MUL] = -1, [IL_FLOORDIV] = -1, [IL_MOD] = -1,
    [IL_EQ] = -1, [IL_NE] = -1, [IL_LT] = -1, [IL_LE] = -1, [IL_GT] = -1, [IL_GE] = -1,
    [IL_JUMP_IF_FALSE] = -1, [IL_ASSERT] = -1, [IL_SLEEP] = -1, [IL_RANGE_INIT] = -3,
    [IL_RANGE_NEXT] = 1, [IL_LIST_NEXT] = 1,
};

static void adjust(comp *c, int delta)
{
    c->depth += delta;
    if (c->depth > c->maxdepth) c->maxdepth = c->depth;
    if (c->maxdepth > 200) fail(c, c->line, 1, "expression too deeply nested (limit 200)");
}

/* Emits an instruction; `delta` is its stack effect when not fixed. */
static uint32_t emitd(comp *c, il_opcode op, int a, int32_t b, int delta)
{
    if (c->insns.len >= 0x7fffffff) fail(c, c->line, 1, "program too large");
    if (a < 0 || a > 0xffff) /* locals_room keeps locals below; this guards the rest */
        fail(c, c->line, 1, "internal error: operand %d does not fit 16 bits", a);
    il_insn in = {(uint16_t)op, (uint16_t)a, b};
    IL_VEC_PUSH(c->insns, in);
    IL_VEC_PUSH(c->lines, (uint32_t)c->line);
    IL_VEC_PUSH(c->chains, c->chain);
    adjust(c, delta);
    return (uint32_t)c->insns.len - 1;
}

static uint32_t emit(comp *c, il_opcode op, int a, int32_t b)
{
    return emitd(c, op, a, b, stack_effect_fixed[op]);
}

static uint32_t here(comp *c) { return (uint32_t)c->insns.len; }
static void patch(comp *c, uint32_t at, uint32_t target) { c->insns.items[at].b = (int32_t)target; }

static void emit_const(comp *c, int64_t v)
{
    int added;
    uint32_t i = il_hashset_add(&c->const_ix, &v, sizeof v, &added);
    if (added) IL_VEC_PUSH(c->consts, v);
    emit(c, IL_CONST, 0, (int32_t)i);
}

static int32_t add_string(comp *c, const char *s)
{
    int added;
    uint32_t i = il_hashset_add(&c->string_ix, s, strlen(s), &added);
    if (added) IL_VEC_PUSH(c->strings, s);
    return (int32_t)i;
}

static void stmt_start(comp *c, int line)
{
    c->line = line;
    c->sync_calls = 0;
    emit(c, IL_STMT, 0, line);
}

/* ---- names ------------------------------------------------------------- */

static void nidx_add(name_index *t, const char *k, int v)
{
    int added;
    il_hashset_add(&t->set, k, strlen(k), &added);
    if (added) IL_VEC_PUSH(t->val, v); /* the first one stays */
}

static void nidx_free(name_index *t)
{
    il_hashset_free(&t->set);
    il_free(t->val.items);
    memset(t, 0, sizeof *t);
}

/* Index of name k among the count names name(c, 0..count-1), or -1. */
static int nidx_find(const comp *c, name_index *t, size_t count,
                     const char *(*name)(const comp *, size_t), const char *k)
{
    if (count < t->filled) nidx_free(t); /* the array started again */
    for (; t->filled < count; t->filled++) nidx_add(t, name(c, t->filled), (int)t->filled);
    uint32_t id = il_hashset_find(&t->set, k, strlen(k));
    return id == IL_HASHSET_NONE ? -1 : t->val.items[id];
}

static const char *shared_name(const comp *c, size_t i) { return c->p->shared[i].name; }
static const char *sync_name(const comp *c, size_t i) { return c->p->sync[i].name; }
static const char *thread_name(const comp *c, size_t i) { return c->c->threads[i].name; }
static const char *local_name(const comp *c, size_t i) { return c->locals.items[i]; }

/* The binding of n in the function being compiled, or NULL (a module name). */
static const binding *bound(const comp *c, const char *n)
{
    if (c->sc)
        for (int i = 0; i < c->sc->nnames; i++)
            if (strcmp(c->sc->names[i].name, n) == 0) return &c->sc->names[i];
    return NULL;
}

/* An object passed by name (B_OBJECT): p.attr and p.method name the object's
 * (p bound to the object NAME: NAME.attr). Other names as they are. */
static const char *object_path(comp *c, const char *n)
{
    const char *dot = strchr(n, '.');
    if (!dot || !c->sc) return n;
    size_t k = (size_t)(dot - n);
    for (int i = 0; i < c->sc->nnames; i++) {
        const binding *b = &c->sc->names[i];
        if (b->kind != B_OBJECT || strlen(b->name) != k || strncmp(b->name, n, k) != 0) continue;
        il_buf buf = {0};
        il_buf_printf(&buf, "%s%s", c->p->objects[b->index], dot);
        const char *r = il_arena_strdup(&c->c->arena, buf.data);
        il_buf_free(&buf);
        return r;
    }
    return n;
}

static int find_object(const comp *c, const char *n)
{
    for (int i = 0; i < c->p->nobjects; i++)
        if (strcmp(c->p->objects[i], n) == 0) return i;
    return -1;
}

static int find_shared(comp *c, const char *n)
{
    n = object_path(c, n);
    const binding *b = bound(c, n);
    if (b) return b->kind == B_LIST ? b->index : -1;
    return nidx_find(c, &c->shared_ix, (size_t)c->p->nshared, shared_name, n);
}

static int find_sync(comp *c, const char *n)
{
    n = object_path(c, n);
    const binding *b = bound(c, n);
    if (b) return b->kind == B_SYNC ? b->index : -1;
    return nidx_find(c, &c->sync_ix, (size_t)c->p->nsync, sync_name, n);
}

static int find_thread(comp *c, const char *n)
{
    const binding *b = bound(c, n);
    if (b) return b->kind == B_THREAD ? b->index : -1;
    return nidx_find(c, &c->thread_ix, c->c->nthreads, thread_name, n);
}

/* In a function, its own locals only: the caller's are not in its scope. */
static int find_local(comp *c, const char *n)
{
    if (c->sc) {
        const binding *b = bound(c, n);
        return b && b->kind == B_LOCAL ? b->index : -1;
    }
    return nidx_find(c, &c->local_ix, c->nnamed, local_name, n);
}

static int find_func(comp *c, const char *n)
{
    n = object_path(c, n);
    if (bound(c, n)) return -1;
    for (int i = 0; i < c->p->nfuncs; i++)
        if (strcmp(c->p->funcs[i].name, n) == 0) return i;
    return -1;
}

static int is_template_only(comp *c, const char *n)
{
    if (bound(c, n)) return 0;
    for (int i = 0; i < c->p->nthreads; i++)
        if (c->p->threads[i].count > 0 && strcmp(c->p->threads[i].name, n) == 0) return 1;
    return 0;
}

/* A local's index is the 16-bit operand of LOAD_LOCAL/STORE_LOCAL. */
static void locals_room(comp *c, size_t n, int line, int col)
{
    if (c->locals.len + n > 0xffff)
        fail(c, line, col, "too many local variables in one thread (limit 65535, with the hidden "
             "ones that hold a long print's values or a literal list's items)");
}

static int hidden(comp *c, int n)
{
    locals_room(c, (size_t)n, c->line, 1);
    int first = (int)c->locals.len;
    for (int i = 0; i < n; i++) IL_VEC_PUSH(c->locals, ".hidden");
    return first;
}

/* n hidden locals for a wide print's values; the body's prints share one
 * block (a print clears its values when done). */
static int wide_slots(comp *c, int n)
{
    if (n > c->wide_n) {
        c->wide_base = hidden(c, n);
        c->wide_n = n;
    }
    return c->wide_base;
}

/* Locals are the names a body assigns that are nothing else. */
static void declare_target(comp *c, const il_expr *t)
{
    if (t->kind != IL_E_NAME || c->sc) return;
    const char *n = t->u.name;
    if (strcmp(n, "id") == 0)
        fail(c, t->line, t->col, "cannot assign to 'id': it is the thread's instance number");
    if (find_shared(c, n) >= 0 || find_local(c, n) >= 0) return;
    if (find_sync(c, n) >= 0)
        fail(c, t->line, t->col, "cannot assign to '%s': it is a sync object", n);
    if (find_thread(c, n) >= 0 || is_template_only(c, n))
        fail(c, t->line, t->col, "cannot assign to '%s': it is a thread", n);
    locals_room(c, 1, t->line, t->col);
    IL_VEC_PUSH(c->locals, n);
    c->nnamed = c->locals.len;
}

static void scan_locals(comp *c, const il_stmt *s)
{
    for (; s; s = s->next) {
        switch (s->kind) {
        case IL_S_ASSIGN: declare_target(c, s->u.assign.target); break;
        case IL_S_AUGASSIGN: declare_target(c, s->u.aug.target); break;
        case IL_S_FOR:
            declare_target(c, s->u.for_.var);
            scan_locals(c, s->u.for_.body);
            break;
        case IL_S_IF: /* an elif chain in a loop, as if_stmt compiles it */
            for (const il_stmt *i = s; i; i = i->u.if_.orelse) {
                scan_locals(c, i->u.if_.body);
                if (i->u.if_.orelse && !(i->u.if_.orelse->kind == IL_S_IF &&
                                         i->u.if_.orelse->u.if_.is_elif)) {
                    scan_locals(c, i->u.if_.orelse);
                    break;
                }
            }
            break;
        case IL_S_WHILE: scan_locals(c, s->u.while_.body); break;
        case IL_S_WITH: scan_locals(c, s->u.with.body); break;
        case IL_S_EXPR: case IL_S_ASSERT: case IL_S_PASS: case IL_S_BREAK:
        case IL_S_CONTINUE: case IL_S_RETURN:
            break; /* they assign no local */
        }
    }
}

static void supported_methods(const il_sync_decl *d, il_buf *out)
{
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++) {
        if (!methods[i].name[0] || !has_call(d->kind, methods[i].call)) continue;
        if (out->len && strstr(out->data, methods[i].name)) continue;
        il_buf_printf(out, "%s%s", out->len ? ", " : "", methods[i].name);
    }
}

/* ---- expressions ------------------------------------------------------- */

static void expr(comp *c, const il_expr *e);
static int call(comp *c, const il_expr *e, int want_value);

static const char *what_is(comp *c, const char *n)
{
    if (find_sync(c, n) >= 0) return "a sync object";
    if (find_thread(c, n) >= 0 || is_template_only(c, n)) return "a thread";
    return NULL;
}

static void load_name(comp *c, const il_expr *e)
{
    const char *n = e->u.name;
    int i;
    if (n[0] == '<') /* IL_CURRENT_NAME: print_names() takes it where it is text */
        fail(c, e->line, e->col, "current_thread().name is only supported as an argument of "
             "print() or logging in this version (strings as values are not supported yet)");
    if (strcmp(n, "id") == 0) {
        if (c->in_task) emit(c, IL_LOAD_LOCAL, (int)c->c->task_slot, 0);
        else emit(c, IL_LOAD_ID, 0, 0);
        return;
    }
    if ((i = find_shared(c, n)) >= 0) {
        const il_shared_decl *d = &c->p->shared[i];
        if (d->is_list)
            fail(c, e->line, e->col,
                 "whole-list values are not supported: use an element, %s[i]", n);
        emit(c, IL_LOAD_SHARED, 0, (int32_t)c->c->var_base[i]);
        return;
    }
    const binding *ob = bound(c, n);
    if ((ob && ob->kind == B_OBJECT) || (!ob && find_object(c, n) >= 0))
        fail(c, e->line, e->col, "the object %s as a value is not supported yet: use its "
             "attributes and methods, or pass it to a function or a thread (f(%s), "
             "args=(%s,))", n, n, n);
    const char *w = what_is(c, n);
    if (w) {
        int so = find_sync(c, n);
        il_buf b = {0};
        if (so >= 0) supported_methods(&c->p->sync[so], &b);
        char names[400];
        snprintf(names, sizeof names, "%s", so >= 0 ? b.data : "start, join, is_alive");
        il_buf_free(&b);
        fail(c, e->line, e->col, "'%s' is %s and has no value: use its methods (%s)", n, w,
             names);
    }
    if ((i = find_local(c, n)) < 0)
        fail(c, e->line, e->col,
             "name '%s' is not defined (not a shared variable, sync object or thread, "
             "and never assigned in this thread)", n);
    emit(c, IL_LOAD_LOCAL, i, 1);
}

static int list_var(comp *c, const il_expr *base)
{
    if (base->kind != IL_E_NAME)
        fail(c, base->line, base->col, "only shared lists can be indexed");
    int i = find_shared(c, base->u.name);
    if (i < 0 || !c->p->shared[i].is_list)
        fail(c, base->line, base->col, "'%s' is not a shared list: only shared lists "
             "can be indexed", base->u.name);
    return i;
}

static il_opcode arith_op(il_binop op)
{
    switch (op) {
    case IL_OP_ADD: return IL_ADD;
    case IL_OP_SUB: return IL_SUB;
    case IL_OP_MUL: return IL_MUL;
    case IL_OP_FLOORDIV: return IL_FLOORDIV;
    case IL_OP_MOD: return IL_MOD;
    case IL_OP_EQ: return IL_EQ;
    case IL_OP_NE: return IL_NE;
    case IL_OP_LT: return IL_LT;
    case IL_OP_LE: return IL_LE;
    case IL_OP_GT: return IL_GT;
    case IL_OP_GE: return IL_GE;
    case IL_OP_DIV: case IL_OP_AND: case IL_OP_OR: case IL_OP_NEG: case IL_OP_NOT:
    case IL_OP_POS:
        break; /* not one instruction: the callers never ask */
    }
    return (il_opcode)IL_NOPCODES;
}

/* a < b < c evaluates b once: each middle operand is kept in a hidden temp. */
static void compare(comp *c, const il_expr *e)
{
    int n = e->u.compare.n;
    if (n == 2) {
        expr(c, e->u.compare.operands[0]);
        expr(c, e->u.compare.operands[1]);
        emit(c, arith_op(e->u.compare.ops[0]), 0, 0);
        return;
    }
    if (c->tmp_slot < 0) c->tmp_slot = hidden(c, 1);
    /* in the code's arena, not malloc'd: an error below longjmps past us */
    uint32_t *exits = il_arena_alloc(&c->c->arena, sizeof(uint32_t) * (size_t)n);
    size_t nexits = 0;
    expr(c, e->u.compare.operands[0]);
    for (int i = 1; i < n; i++) {
        if (i > 1) emit(c, IL_LOAD_LOCAL, c->tmp_slot, 0);
        expr(c, e->u.compare.operands[i]);
        if (i < n - 1) {
            emit(c, IL_DUP, 0, 0);
            emit(c, IL_STORE_LOCAL, c->tmp_slot, 0);
        }
        emit(c, arith_op(e->u.compare.ops[i - 1]), 0, 0);
        if (i < n - 1) exits[nexits++] = emitd(c, IL_JUMP_IF_FALSE_KEEP, 0, 0, -1);
    }
    for (size_t i = 0; i < nexits; i++) patch(c, exits[i], here(c));
}

/* A chain a + b - c and ... is a left-deep tree as deep as it is long, so
 * its left spine is walked in a loop (operands in source order), never by
 * recursion: a chain's length costs no C stack. What remains recursive
 * (operands, brackets, prefix operators) is bounded by the parser's
 * nesting limit. */
static void binary(comp *c, const il_expr *e)
{
    size_t n = 0;
    const il_expr *s;
    for (s = e; s->kind == IL_E_BINARY; s = s->u.binary.lhs) {
        /* top first, as the recursive walk did: the outermost `/` is the error */
        if (s->u.binary.op == IL_OP_DIV)
            fail(c, s->line, s->col, "'/' (true division) is not supported: values are "
                 "integers, use '//'");
        n++;
    }
    /* in the code's arena, not malloc'd: an error below longjmps past us */
    const il_expr **spine = il_arena_alloc(&c->c->arena, sizeof *spine * n);
    size_t i = 0;
    for (s = e; s->kind == IL_E_BINARY; s = s->u.binary.lhs) spine[i++] = s;
    expr(c, s);
    while (i-- > 0) {
        il_binop op = spine[i]->u.binary.op;
        if (op == IL_OP_AND || op == IL_OP_OR) {
            uint32_t j = emitd(c, op == IL_OP_AND ? IL_JUMP_IF_FALSE_KEEP
                                                  : IL_JUMP_IF_TRUE_KEEP, 0, 0, -1);
            expr(c, spine[i]->u.binary.rhs);
            patch(c, j, here(c));
        } else {
            expr(c, spine[i]->u.binary.rhs);
            emit(c, arith_op(op), 0, 0);
        }
    }
}

static void expr(comp *c, const il_expr *e)
{
    switch (e->kind) {
    case IL_E_INT:
        emit_const(c, e->u.ival);
        return;
    case IL_E_STR:
        fail(c, e->line, e->col, "strings are only supported in print() and as an "
             "assert message: values are 64-bit integers");
    case IL_E_NAME:
        load_name(c, e);
        return;
    case IL_E_INDEX: {
        int v = list_var(c, e->u.index.base);
        expr(c, e->u.index.index);
        emit(c, IL_LOAD_ELEM, 0, v);
        return;
    }
    case IL_E_UNARY:
        expr(c, e->u.unary.operand);
        if (e->u.unary.op == IL_OP_NEG) emit(c, IL_NEG, 0, 0);
        else if (e->u.unary.op == IL_OP_NOT) emit(c, IL_NOT, 0, 0);
        return;
    case IL_E_BINARY:
        binary(c, e);
        return;
    case IL_E_COMPARE:
        compare(c, e);
        return;
    case IL_E_CALL:
        if (!call(c, e, 1))
            fail(c, e->line, e->col, "%s%s%s() returns None: it cannot be used as a value",
                 e->u.call.object ? e->u.call.object : "", e->u.call.object ? "." : "",
                 e->u.call.func);
        return;
    case IL_E_LIST:
        fail(c, e->line, e->col, "list literals are only supported in 'for v in [...]'");
    case IL_E_LISTCOMP:
        fail(c, e->line, e->col, "list comprehensions are only supported to build a list of "
             "threads in the module's code in this version ([Thread(target=f, args=(i,)) for i "
             "in range(n)])");
    case IL_E_TUPLE:
        fail(c, e->line, e->col, "tuples are only supported as a thread's arguments "
             "(Thread(target=f, args=(...))) in this version");
    case IL_E_FORMAT: /* print_stmt formats them */
        fail(c, e->line, e->col, "%s are only supported as arguments of print() for now",
             e->u.format.percent ? "%-formatted strings" : "f-strings");
    case IL_E_FLOAT: /* pyload.c turned those that mean time into integers */
        fail(c, e->line, e->col, "floats are not supported: values are 64-bit integers (a "
             "float may only be an amount of time: time.sleep(0.5), timeout=0.5, a Timer's "
             "interval)");
    }
}

/* ---- calls ------------------------------------------------------------- */

static const il_expr *kwarg(const il_expr *e, const char *name)
{
    for (int i = 0; i < e->u.call.nkw; i++)
        if (strcmp(e->u.call.kwnames[i], name) == 0) return e->u.call.kwargs[i];
    return NULL;
}

static void only_kw(comp *c, const il_expr *e, const char *allowed1, const char *allowed2)
{
    for (int i = 0; i < e->u.call.nkw; i++) {
        const char *k = e->u.call.kwnames[i];
        if ((allowed1 && strcmp(k, allowed1) == 0) || (allowed2 && strcmp(k, allowed2) == 0))
            continue;
        fail(c, e->u.call.kwargs[i]->line, e->u.call.kwargs[i]->col,
             "%s() got an unexpected keyword argument '%s'", e->u.call.func, k);
    }
}

static void max_args(comp *c, const il_expr *e, int n)
{
    if (e->u.call.nargs > n)
        fail(c, e->line, e->col, "%s() takes at most %d argument%s (%d given)",
             e->u.call.func, n, n == 1 ? "" : "s", e->u.call.nargs);
}

/* The optional argument `pos`/`kw` of a call, or the default constant. */
static void arg_or(comp *c, const il_expr *e, int pos, const char *kw, int64_t dflt)
{
    const il_expr *a = pos < e->u.call.nargs ? e->u.call.args[pos] : NULL;
    const il_expr *k = kw ? kwarg(e, kw) : NULL;
    if (a && k) fail(c, k->line, k->col, "%s() got multiple values for '%s'", e->u.call.func, kw);
    if (!a) a = k;
    if (a) expr(c, a);
    else emit_const(c, dflt);
}


static int sync_method(comp *c, const il_expr *e, int obj, int want_value)
{
    const il_sync_decl *d = &c->p->sync[obj];
    const method_entry *m = NULL;
    for (size_t i = 0; i < sizeof methods / sizeof *methods && !m; i++)
        if (strcmp(methods[i].name, e->u.call.func) == 0 && has_call(d->kind, methods[i].call))
            m = &methods[i];
    if (!m) {
        il_buf b = {0};
        supported_methods(d, &b);
        char names[400];
        snprintf(names, sizeof names, "%s", b.data ? b.data : "");
        il_buf_free(&b);
        fail(c, e->line, e->col, "%s %s has no method %s() (supported: %s)",
             il_sync_kind_name(d->kind), d->name, e->u.call.func, names);
    }
    int nvisible = 0;
    for (int i = 0; i < m->nparams; i++) nvisible += m->params[i].name != NULL;
    max_args(c, e, nvisible);
    for (int i = 0; i < e->u.call.nkw; i++) {
        int known = 0;
        for (int j = 0; j < m->nparams; j++)
            known |= m->params[j].name && strcmp(m->params[j].name, e->u.call.kwnames[i]) == 0;
        if (!known)
            fail(c, e->u.call.kwargs[i]->line, e->u.call.kwargs[i]->col,
                 "%s() got an unexpected keyword argument '%s'", m->name, e->u.call.kwnames[i]);
    }
    for (int i = 0, pos = 0; i < m->nparams; i++) {
        const param *pa = &m->params[i];
        if (!pa->name) { emit_const(c, pa->dflt); continue; }
        if (pa->required && pos >= e->u.call.nargs && !kwarg(e, pa->name))
            fail(c, e->line, e->col, "%s() missing required argument '%s'", m->name, pa->name);
        arg_or(c, e, pos++, pa->name, pa->dflt);
    }
    emitd(c, IL_SYNC, m->method, obj, il_method_pushes[m->method] - il_method_pops[m->method]);
    int then = method_then[m->method];
    if (then != IL_M_NONE)
        emitd(c, IL_SYNC, then, obj, il_method_pushes[then] - il_method_pops[then]);
    /* one value is left when it has a result, none otherwise (sync.c checks
     * the table for it) */
    int returns = method_result[m->method] != IL_R_NONE;
    if (returns && !want_value) emit(c, IL_POP, 0, 0);
    return returns;
}

static int thread_method(comp *c, const il_expr *e, int t, int want_value)
{
    const char *f = e->u.call.func;
    if (strcmp(f, "start") == 0 || strcmp(f, "is_alive") == 0) {
        max_args(c, e, 0);
        only_kw(c, e, NULL, NULL);
        int alive = f[0] == 'i';
        emitd(c, IL_THREAD, alive ? IL_T_IS_ALIVE : IL_T_START, t, alive);
        if (alive && !want_value) emit(c, IL_POP, 0, 0);
        return alive;
    }
    if (strcmp(f, "join") == 0) {
        max_args(c, e, 1);
        only_kw(c, e, "timeout", NULL);
        if (e->u.call.nargs || kwarg(e, "timeout")) {
            arg_or(c, e, 0, "timeout", -1);
            emitd(c, IL_THREAD, IL_T_JOIN_TIMEOUT, t, -1);
        } else {
            emit(c, IL_THREAD, IL_T_JOIN, t);
        }
        return 0;
    }
    if (strcmp(f, "cancel") == 0) {
        if (!c->c->threads[t].is_timer)
            fail(c, e->line, e->col, "cancel() is only for timer threads, and '%s' is not one",
                 c->c->threads[t].name);
        max_args(c, e, 0);
        only_kw(c, e, NULL, NULL);
        emit(c, IL_THREAD, IL_T_CANCEL, t);
        return 0;
    }
    fail(c, e->line, e->col, "thread %s has no method %s() (supported: start, join, is_alive)",
         c->c->threads[t].name, f);
}

/* ---- functions compiled in place (python.md P1) --------------------------- */

static void block(comp *c, const il_stmt *s);
static void unwind_withs(comp *c, size_t depth);

/* Whether a `break` leaves this loop body (one in a nested loop does not). */
static int breaks_out(const il_stmt *s)
{
    for (; s; s = s->next) {
        switch (s->kind) {
        case IL_S_BREAK: return 1;
        case IL_S_IF:
            if (breaks_out(s->u.if_.body) || breaks_out(s->u.if_.orelse)) return 1;
            break;
        case IL_S_WITH:
            if (breaks_out(s->u.with.body)) return 1;
            break;
        case IL_S_EXPR: case IL_S_ASSIGN: case IL_S_AUGASSIGN: case IL_S_ASSERT:
        case IL_S_PASS: case IL_S_WHILE: case IL_S_FOR: case IL_S_CONTINUE: case IL_S_RETURN:
            break;
        }
    }
    return 0;
}

/* Whether running a block can reach its end (and so an implicit return),
 * decided on its shape as Python programmers write it: a return last, an
 * if whose branches all return, `while True` without a break. */
static int falls_through(const il_stmt *s)
{
    if (!s) return 1;
    while (s->next) s = s->next;
    switch (s->kind) {
    case IL_S_RETURN: return 0;
    case IL_S_WITH: return falls_through(s->u.with.body);
    case IL_S_WHILE:
        return !(s->u.while_.cond->kind == IL_E_INT && s->u.while_.cond->u.ival) ||
               breaks_out(s->u.while_.body);
    case IL_S_IF:
        for (const il_stmt *i = s;;) {
            if (falls_through(i->u.if_.body)) return 1;
            const il_stmt *o = i->u.if_.orelse;
            if (!o) return 1;
            if (o->kind == IL_S_IF && o->u.if_.is_elif && !o->next) { i = o; continue; }
            return falls_through(o);
        }
    case IL_S_EXPR: case IL_S_ASSIGN: case IL_S_AUGASSIGN: case IL_S_ASSERT: case IL_S_PASS:
    case IL_S_FOR: case IL_S_BREAK: case IL_S_CONTINUE:
        return 1;
    }
    return 1;
}

static int is_global(const il_func_decl *f, const char *n)
{
    for (int i = 0; i < f->nglobals; i++)
        if (strcmp(f->globals[i], n) == 0) return 1;
    return 0;
}

static int count_targets(const il_stmt *s)
{
    int n = 0;
    for (; s; s = s->next) {
        switch (s->kind) {
        case IL_S_ASSIGN: case IL_S_AUGASSIGN: n++; break;
        case IL_S_FOR: n += 1 + count_targets(s->u.for_.body); break;
        case IL_S_IF: n += count_targets(s->u.if_.body) + count_targets(s->u.if_.orelse); break;
        case IL_S_WHILE: n += count_targets(s->u.while_.body); break;
        case IL_S_WITH: n += count_targets(s->u.with.body); break;
        case IL_S_EXPR: case IL_S_ASSERT: case IL_S_PASS: case IL_S_BREAK: case IL_S_CONTINUE:
        case IL_S_RETURN:
            break;
        }
    }
    return n;
}

/* Binds each name the function assigns (not `global`) to a hidden local of
 * its own, as Python makes it a local of the call. */
static void bind_locals(comp *c, scope *sc, const il_stmt *s)
{
    for (; s; s = s->next) {
        const il_expr *t = NULL;
        switch (s->kind) {
        case IL_S_ASSIGN: t = s->u.assign.target; break;
        case IL_S_AUGASSIGN: t = s->u.aug.target; break;
        case IL_S_FOR:
            t = s->u.for_.var;
            bind_locals(c, sc, s->u.for_.body);
            break;
        case IL_S_IF:
            bind_locals(c, sc, s->u.if_.body);
            bind_locals(c, sc, s->u.if_.orelse);
            break;
        case IL_S_WHILE: bind_locals(c, sc, s->u.while_.body); break;
        case IL_S_WITH: bind_locals(c, sc, s->u.with.body); break;
        case IL_S_EXPR: case IL_S_ASSERT: case IL_S_PASS: case IL_S_BREAK: case IL_S_CONTINUE:
        case IL_S_RETURN:
            break;
        }
        /* obj.attr is an object's attribute, a shared location (python.md P2) */
        if (!t || t->kind != IL_E_NAME || is_global(sc->f, t->u.name) || strchr(t->u.name, '.'))
            continue;
        const char *n = t->u.name;
        int known = -1;
        for (int i = 0; i < sc->nnames; i++)
            if (strcmp(sc->names[i].name, n) == 0) known = i;
        if (known >= 0) {
            if (sc->names[known].kind != B_LOCAL)
                fail(c, t->line, t->col, "%s() assigns its parameter '%s', which is %s here: "
                     "such a parameter cannot be assigned in this version (give the value "
                     "another name)", sc->f->name, n,
                     sc->names[known].kind == B_SYNC ? "a sync object"
                     : sc->names[known].kind == B_LIST ? "a list"
                     : sc->names[known].kind == B_OBJECT ? "an object" : "a thread");
            continue;
        }
        int slot = hidden(c, 1);
        c->locals.items[slot] = n;
        sc->names[sc->nnames++] = (binding){n, B_LOCAL, slot};
    }
}

/* Python's words for the missing arguments: 'a', 'a' and 'b', 'a', 'b', and 'c'. */
static void missing_args(comp *c, const il_expr *e, const il_func_decl *f, const il_expr **arg)
{
    int n = 0;
    for (int i = 0; i < f->nparams; i++) n += !arg[i] && !f->defaults[i];
    if (!n) return;
    il_buf b = {0};
    for (int i = 0, k = 0; i < f->nparams; i++) {
        if (arg[i] || f->defaults[i]) continue;
        k++;
        il_buf_printf(&b, "%s'%s'", k == 1 ? "" : k == n ? (n > 2 ? ", and " : " and ") : ", ",
                      f->params[i]);
    }
    char names[400];
    snprintf(names, sizeof names, "%s", b.data);
    il_buf_free(&b);
    fail(c, e->line, e->col, "%s() missing %d required positional argument%s: %s", f->name, n,
         n == 1 ? "" : "s", names);
}

/* arg[i]: the expression for parameter i, as Python matches positional and
 * keyword arguments, or its default; order: the parameters in the order
 * their values are computed (the arguments as written, then the defaults). */
static void match_args(comp *c, const il_expr *e, const il_func_decl *f, const il_expr **arg,
                       int *order)
{
    int np = f->nparams, na = e->u.call.nargs, n = 0;
    if (na > np)
        fail(c, e->line, e->col, "%s() takes %d positional argument%s but %d %s given", f->name,
             np, np == 1 ? "" : "s", na, na == 1 ? "was" : "were");
    for (int i = 0; i < np; i++) arg[i] = i < na ? e->u.call.args[i] : NULL;
    for (int i = 0; i < na; i++) order[n++] = i;
    for (int k = 0; k < e->u.call.nkw; k++) {
        const char *kw = e->u.call.kwnames[k];
        const il_expr *v = e->u.call.kwargs[k];
        int i = 0;
        while (i < np && strcmp(f->params[i], kw) != 0) i++;
        if (i == np)
            fail(c, v->line, v->col, "%s() got an unexpected keyword argument '%s'", f->name, kw);
        if (arg[i])
            fail(c, v->line, v->col, "%s() got multiple values for argument '%s'", f->name, kw);
        arg[i] = v;
        order[n++] = i;
    }
    missing_args(c, e, f, arg);
    for (int i = 0; i < np; i++)
        if (!arg[i]) {
            arg[i] = f->defaults[i];
            order[n++] = i;
        }
}

/* A sync object, shared list or thread named by the argument: the parameter
 * stands for it (passing one reads no variable: declarations never change). */
static int alias_arg(comp *c, const il_expr *a, binding *b)
{
    if (a->kind != IL_E_NAME) return 0;
    int i;
    const binding *o = bound(c, a->u.name);
    if (o && o->kind == B_OBJECT) {
        b->kind = B_OBJECT;
        b->index = o->index;
        return 1;
    }
    if (!o && (i = find_object(c, a->u.name)) >= 0) b->kind = B_OBJECT;
    else if ((i = find_sync(c, a->u.name)) >= 0) b->kind = B_SYNC;
    else if ((i = find_shared(c, a->u.name)) >= 0 && c->p->shared[i].is_list) b->kind = B_LIST;
    else if ((i = find_thread(c, a->u.name)) >= 0) b->kind = B_THREAD;
    else return 0;
    b->index = i;
    return 1;
}

static scope *open_scope(comp *c, const il_expr *e, const il_func_decl *f)
{
    for (scope *s = c->sc; s; s = s->outer)
        if (s->f == f)
            fail(c, e->line, e->col, "recursive calls are not supported yet: %s() calls itself "
                 "(each call is compiled in place)", f->name);
    if (c->ninline >= 64) fail(c, e->line, e->col, "calls nested too deeply (limit 64)");
    scope *sc = il_arena_alloc(&c->c->arena, sizeof *sc);
    memset(sc, 0, sizeof *sc);
    sc->f = f;
    sc->outer = c->sc;
    sc->names = il_arena_alloc(&c->c->arena,
                               sizeof(binding) * (size_t)(f->nparams + count_targets(f->body) + 1));
    sc->rets = -1;
    sc->first = (int)c->locals.len;
    return sc;
}

/* The parameters' values, in `order`, each into its own local; a sync
 * object, list or thread is bound by name. This runs in the caller's scope,
 * in the step that reaches the call. */
static void pass_args(comp *c, scope *sc, const il_expr **arg, const int *order)
{
    const il_func_decl *f = sc->f;
    for (int j = 0; j < f->nparams; j++) {
        int i = order[j];
        binding b = {f->params[i], B_LOCAL, -1};
        if (!alias_arg(c, arg[i], &b)) {
            expr(c, arg[i]);
            b.index = hidden(c, 1);
            c->locals.items[b.index] = f->params[i];
            emit(c, IL_STORE_LOCAL, b.index, 0);
        }
        sc->names[sc->nnames++] = b;
    }
}

/* f(args) where f is a def: the arguments in the caller's step, then f's
 * statements as steps, `return e` a step whose value the rest of the
 * calling statement uses (the machine ends the step there if that makes a
 * second shared access: D1 across the call), then its locals cleared. */
static void inline_call(comp *c, const il_expr *e, int fi, int want_value)
{
    const il_func_decl *f = &c->p->funcs[fi];
    if (f->nparams > 255) fail(c, f->line, f->col, "too many parameters (limit 255)");
    const il_expr *arg[256];
    int order[256];
    match_args(c, e, f, arg, order);
    scope *sc = open_scope(c, e, f);
    pass_args(c, sc, arg, order);
    bind_locals(c, sc, f->body);
    sc->want_value = want_value;
    sc->depth = c->depth;
    sc->with_depth = c->withs.len;
    sc->nloops = c->nloops;
    int line = c->line;
    c->sc = sc;
    c->ninline++;
    block(c, f->body);
    if (falls_through(f->body)) {
        if (want_value)
            fail(c, e->line, e->col, "%s() can reach the end of its body (line %d) without "
                 "returning a value, and its result is used: None is not supported as a value "
                 "yet", f->name, f->end_line);
        stmt_start(c, f->end_line); /* the implicit `return None` is a step (P1) */
    }
    for (int32_t r = sc->rets; r >= 0;) {
        int32_t next = c->insns.items[r].b;
        patch(c, (uint32_t)r, here(c));
        r = next;
    }
    c->ninline--;
    c->sc = sc->outer;
    c->depth = sc->depth + want_value;
    if (c->depth > c->maxdepth) c->maxdepth = c->depth;
    c->line = line;
    if ((int)c->locals.len > sc->first)
        emit(c, IL_CLEAR_LOCALS, sc->first, (int32_t)c->locals.len - sc->first);
    if (want_value) c->sync_calls = 1; /* the returning step goes on: one sync call per step */
}

/* `return [e]` in a function compiled in place: a step, then the caller's
 * `with` blocks are left open and the continuation takes the value. */
static void return_inline(comp *c, const il_stmt *s)
{
    scope *sc = c->sc;
    stmt_start(c, s->line);
    if (s->u.ret.value) {
        expr(c, s->u.ret.value);
        if (!sc->want_value) emit(c, IL_POP, 0, 0);
    } else if (sc->want_value) {
        fail(c, s->line, s->col, "%s() returns None here, and its result is used: None is not "
             "supported as a value yet", sc->f->name);
    }
    unwind_withs(c, sc->with_depth);
    uint32_t j = emit(c, IL_JUMP, 0, sc->rets);
    sc->rets = (int32_t)j;
    c->depth = sc->depth;
}

static int call(comp *c, const il_expr *e, int want_value)
{
    const char *obj = e->u.call.object, *f = e->u.call.func;
    if (e->u.call.prefix)
        fail(c, e->line, e->col, "%s.%s() cannot be called in a thread body: declare sync "
             "objects under sync:", e->u.call.prefix, f);
    if (e->u.call.recv)
        fail(c, e->line, e->col, "%s() on a list element: only a list of threads built in the "
             "module's code, indexed by a number known when the program is loaded, is "
             "supported in this version (threads[0].start(), or for t in threads: t.start())", f);
    const binding *ob = obj ? bound(c, obj) : NULL;
    if (ob && ob->kind == B_OBJECT) { /* p.method() with p an object passed by name */
        il_buf b = {0};
        il_buf_printf(&b, "%s.%s", c->p->objects[ob->index], f);
        int fi = find_func(c, b.data);
        il_buf_free(&b);
        if (fi < 0)
            fail(c, e->line, e->col, "'%s' (the object %s) has no method %s()", obj,
                 c->p->objects[ob->index], f);
        inline_call(c, e, fi, want_value);
        return want_value;
    }
    if (!obj) {
        int fi = find_func(c, f);
        if (fi >= 0) {
            inline_call(c, e, fi, want_value);
            return want_value;
        }
        if (strcmp(f, "print") == 0 || strcmp(f, "sleep") == 0)
            fail(c, e->line, e->col, "%s() can only be used as a statement", f);
        if (strcmp(f, "range") == 0)
            fail(c, e->line, e->col, "range() is only supported in 'for v in range(...)'");
        fail(c, e->line, e->col, "unknown function '%s' (supported: print, sleep, and the "
             "methods of sync objects and threads)", f);
    }
    int i;
    if (++c->sync_calls > 1)
        fail(c, e->line, e->col, "at most one call of a sync object or thread method per "
             "statement (language.md D3): split the statement");
    if (strcmp(obj, IL_EXECUTOR_NAME) == 0) { /* pyload.c's: the executor in main */
        /* start(), submit(n), shutdown(), result(k), done(k): n and k constants */
        int64_t n = e->u.call.nargs ? e->u.call.args[0]->u.ival : 1;
        if (f[0] == 'r' || f[0] == 'd') {
            emitd(c, IL_THREAD, f[0] == 'r' ? IL_T_RESULT : IL_T_DONE, (int32_t)n, 1);
            if (!want_value) emit(c, IL_POP, 0, 0);
            return want_value;
        }
        il_tmethod m = f[0] == 's' && f[1] == 't' ? IL_T_XSTART : f[1] == 'u' ? IL_T_SUBMIT
                       : IL_T_SHUTDOWN;
        emit(c, IL_THREAD, m, m == IL_T_SUBMIT ? (int32_t)n : 0);
        if (want_value) fail(c, e->line, e->col, "%s() has no value", f);
        return 0;
    }
    if ((i = find_sync(c, obj)) >= 0) return sync_method(c, e, i, want_value);
    if ((i = find_thread(c, obj)) >= 0) return thread_method(c, e, i, want_value);
    if (is_template_only(c, obj))
        fail(c, e->line, e->col, "'%s' has count: use an instance name (%s0, %s1, ...)", obj,
             obj, obj);
    fail(c, e->line, e->col, "'%s' is not a sync object or a thread: it has no method %s()",
         obj, f);
}

/* ---- statements -------------------------------------------------------- */

static void block(comp *c, const il_stmt *s);

static void store_name(comp *c, const il_expr *t)
{
    const char *n = t->u.name;
    int i = find_shared(c, n);
    if (i >= 0) {
        if (c->p->shared[i].is_list)
            fail(c, t->line, t->col, "cannot assign a whole list: assign elements (%s[i] = ...)", n);
        emit(c, IL_STORE_SHARED, 0, (int32_t)c->c->var_base[i]);
        return;
    }
    emit(c, IL_STORE_LOCAL, find_local(c, n), 0);
}

/* ---- print (language.md "print"): its keywords, and formatted prints ---- */

/* print()'s sep= or end= (a string literal), else the default. */
static const char *print_kw(comp *c, const il_expr *e, const char *name, const char *dflt)
{
    const il_expr *v = kwarg(e, name);
    if (!v) return dflt;
    if (v->kind != IL_E_STR)
        fail(c, v->line, v->col, "print(%s=...) must be a string literal, such as %s=\"%s\"",
             name, name, name[0] == 's' ? ", " : "");
    return v->u.str;
}

/* Values are integers; what print() shows as True/False is what is plainly
 * a bool, as in CPython: a comparison, `not`, True/False, a sync or thread
 * method that returns one (is_set(), acquire(), is_alive(), ...), and an
 * and/or of those. 1: a bool; 0: a number; -1: an and/or of both (CPython
 * prints whichever decides, and a value here does not say which it is). */
static int print_bool(comp *c, const il_expr *e)
{
    int k = -2; /* an and/or chain, down its left spine: none seen yet */
    for (; e->kind == IL_E_BINARY && (e->u.binary.op == IL_OP_AND || e->u.binary.op == IL_OP_OR);
         e = e->u.binary.lhs) {
        int r = print_bool(c, e->u.binary.rhs);
        k = k == -2 || k == r ? r : -1;
    }
    int r = 0;
    if (e->kind == IL_E_COMPARE) r = 1;
    else if (e->kind == IL_E_UNARY) r = e->u.unary.op == IL_OP_NOT;
    else if (e->kind == IL_E_INT) r = e->bool_lit;
    else if (e->kind == IL_E_CALL && e->u.call.object && !e->u.call.prefix) {
        int obj = find_sync(c, e->u.call.object);
        if (strcmp(e->u.call.object, IL_EXECUTOR_NAME) == 0) {
            r = strcmp(e->u.call.func, "done") == 0; /* a future's done() */
        } else if (obj >= 0) {
            for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
                if (strcmp(methods[i].name, e->u.call.func) == 0 &&
                    has_call(c->p->sync[obj].kind, methods[i].call))
                    r = method_result[methods[i].method] == IL_R_BOOL;
        } else if (find_thread(c, e->u.call.object) >= 0) {
            r = strcmp(e->u.call.func, "is_alive") == 0;
        }
    }
    return k == -2 || k == r ? r : -1;
}

/* A value print() shows: 1 if as a bool (print_bool), else 0. */
static int print_value_bool(comp *c, const il_expr *v)
{
    int k = print_bool(c, v);
    if (k < 0)
        fail(c, v->line, v->col, "printing an and/or of a bool and a number is not supported: "
             "CPython prints True/False or the number, whichever decides, and values here do "
             "not say which they are");
    return k;
}

/* Text s formatted as spec says (width, fill, alignment; left by default):
 * a constant, so the padding is done here. */
static const char *padded(comp *c, const char *s, const il_fmt_spec *sp)
{
    size_t len = 0;
    for (const char *q = s; *q; q++) len += ((unsigned char)*q & 0xC0) != 0x80;
    if (!sp->width || len >= (size_t)sp->width) return s;
    size_t pad = (size_t)sp->width - len;
    size_t before = sp->align == '>' ? pad : sp->align == '^' ? pad / 2 : 0;
    const char *fill = sp->fill[0] ? sp->fill : " ";
    il_buf b = {0};
    for (size_t i = 0; i < before; i++) il_buf_puts(&b, fill);
    il_buf_puts(&b, s);
    for (size_t i = before; i < pad; i++) il_buf_puts(&b, fill);
    const char *r = il_arena_strdup(&c->c->arena, b.data);
    il_buf_free(&b);
    return r;
}

/* One item of a formatted print before its values are compiled: text, or a value. */
typedef struct print_item {
    const char *text;
    const il_expr *value;
    const il_fmt_part *part; /* the value's field, NULL for a plain argument */
} print_item;

/* A print that is not a line of items joined by " " (il_print_fmt): its
 * items in order, sep between the arguments and end last; the values are
 * compiled left to right (each shared access counted as everywhere), the
 * text between them merged. */
static void print_pieces(comp *c, const il_expr *e, il_print_fmt *f, const char *sep,
                         const char *end)
{
    int nargs = e->u.call.nargs, cap = 1;
    for (int i = 0; i < nargs; i++) {
        const il_expr *a = e->u.call.args[i];
        cap += 1 + (a->kind == IL_E_FORMAT ? a->u.format.n : 1);
    }
    /* in the code's arena, not malloc'd: an error below longjmps past us */
    print_item *it = il_arena_alloc(&c->c->arena, sizeof *it * (size_t)cap);
    int n = 0, nvals = 0;
    for (int i = 0; i < nargs; i++) {
        const il_expr *a = e->u.call.args[i];
        if (i) it[n++] = (print_item){sep, NULL, NULL};
        if (a->kind == IL_E_STR) {
            it[n++] = (print_item){a->u.str, NULL, NULL};
        } else if (a->kind != IL_E_FORMAT) {
            it[n++] = (print_item){NULL, a, NULL};
        } else {
            for (int k = 0; k < a->u.format.n; k++) {
                const il_fmt_part *pt = &a->u.format.parts[k];
                const il_expr *v = pt->value;
                if (!v) {
                    it[n++] = (print_item){pt->text, NULL, NULL};
                } else if (v->kind == IL_E_STR) { /* f"{'a'}", "%5s" % "a": its text */
                    const il_fmt_spec *sp = &pt->spec;
                    if ((sp->conv && sp->conv != 's') || sp->align == '=' || sp->sign || sp->group)
                        fail(c, v->line, v->col, "a string in a formatted field is only "
                             "supported as plain text, padded to a width, as {'...'}, "
                             "{'...':>5} or %%s: values are integers and bools");
                    it[n++] = (print_item){padded(c, v->u.str, sp), NULL, NULL};
                } else {
                    it[n++] = (print_item){NULL, v, pt};
                }
            }
        }
    }
    it[n++] = (print_item){end, NULL, NULL};
    for (int i = 0; i < n; i++) nvals += it[i].value != NULL;
    if (nvals > IL_WIDE_ITEMS) {
        if (nvals > c->wide_n) locals_room(c, (size_t)nvals, e->line, e->col);
        f->base = wide_slots(c, nvals);
    }
    f->nvals = nvals;
    f->pieces = il_arena_alloc(&c->c->arena, sizeof *f->pieces * (size_t)n);
    f->npieces = 0;
    for (int i = 0, k = 0; i < n;) {
        il_print_piece pc;
        memset(&pc, 0, sizeof pc);
        if (it[i].value) {
            expr(c, it[i].value);
            if (f->base >= 0) emit(c, IL_STORE_LOCAL, f->base + k++, 0);
            pc.str = -1;
            pc.is_bool = print_value_bool(c, it[i].value);
            if (it[i].part) pc.spec = it[i].part->spec;
            i++;
        } else {
            size_t len = 0;
            int j;
            for (j = i; j < n && !it[j].value; j++) len += strlen(it[j].text);
            char *text = il_arena_alloc(&c->c->arena, len + 1);
            for (len = 0; i < j; i++) {
                size_t l = strlen(it[i].text);
                memcpy(text + len, it[i].text, l);
                len += l;
            }
            text[len] = 0;
            if (!len) continue;
            pc.str = add_string(c, text);
        }
        f->pieces[f->npieces++] = pc;
    }
}

/* v, or the text it stands for when it is threading.current_thread().name
 * (the thread this code is compiled for knows its name: python.md P5's
 * CPython name, in il_thread_decl.pyname). */
static il_expr *thread_name_text(comp *c, il_expr *v)
{
    if (!v || v->kind != IL_E_NAME ||
        (strcmp(v->u.name, IL_CURRENT_NAME) != 0 && strcmp(v->u.name, IL_CURRENT_NAME_BARE) != 0))
        return v;
    if (!c->pyname)
        fail(c, v->line, v->col, "current_thread().name in %s is not supported yet: %s",
             c->in_task ? "an executor's task" : "this code",
             c->in_task ? "which worker runs a task is a scheduling choice" : "no thread name is known");
    il_expr *t = il_arena_alloc(&c->c->arena, sizeof *t);
    *t = *v;
    t->kind = IL_E_STR;
    t->u.str = c->pyname;
    return t;
}

/* print(xs) of a shared list: "[x0, x1, ...]" as Python's repr of a list
 * of ints, each element read as xs[k] (an access each, so rule 1 gives the
 * print a step per element). */
static il_expr *list_text(comp *c, const il_expr *a, int n)
{
    il_expr *f = il_arena_alloc(&c->c->arena, sizeof *f);
    memset(f, 0, sizeof *f);
    f->kind = IL_E_FORMAT;
    f->line = a->line;
    f->col = a->col;
    f->u.format.parts = il_arena_alloc(&c->c->arena, sizeof(il_fmt_part) * (size_t)(2 * n + 2));
    il_fmt_part *p = f->u.format.parts;
    int k = 0;
    for (int i = 0; i < n; i++) {
        memset(&p[k], 0, sizeof p[k]);
        p[k++].text = i ? ", " : "[";
        il_expr *ix = il_arena_alloc(&c->c->arena, sizeof *ix);
        memset(ix, 0, sizeof *ix);
        ix->kind = IL_E_INDEX;
        ix->line = a->line;
        ix->col = a->col;
        ix->u.index.base = (il_expr *)a;
        il_expr *num = il_arena_alloc(&c->c->arena, sizeof *num);
        memset(num, 0, sizeof *num);
        num->kind = IL_E_INT;
        num->line = a->line;
        num->col = a->col;
        num->u.ival = i;
        ix->u.index.index = num;
        memset(&p[k], 0, sizeof p[k]);
        p[k++].value = ix;
    }
    memset(&p[k], 0, sizeof p[k]);
    p[k++].text = n ? "]" : "[]";
    f->u.format.n = k;
    return f;
}

/* print()'s arguments with current_thread().name made text, and lists. */
static const il_expr *print_names(comp *c, const il_expr *e)
{
    il_expr *r = NULL;
    for (int i = 0; i < e->u.call.nargs; i++) {
        il_expr *a = e->u.call.args[i], *n = a;
        if (a->kind == IL_E_FORMAT) {
            for (int k = 0; k < a->u.format.n && n == a; k++)
                if (thread_name_text(c, a->u.format.parts[k].value) != a->u.format.parts[k].value) {
                    n = il_arena_alloc(&c->c->arena, sizeof *n);
                    *n = *a;
                    n->u.format.parts = il_arena_alloc(&c->c->arena, sizeof(il_fmt_part) * (size_t)a->u.format.n);
                    for (int j = 0; j < a->u.format.n; j++) {
                        n->u.format.parts[j] = a->u.format.parts[j];
                        n->u.format.parts[j].value = thread_name_text(c, a->u.format.parts[j].value);
                    }
                }
        } else if (a->kind == IL_E_NAME && !bound(c, a->u.name) && find_shared(c, a->u.name) >= 0 &&
                   c->p->shared[find_shared(c, a->u.name)].is_list) {
            n = list_text(c, a, c->p->shared[find_shared(c, a->u.name)].size);
        } else {
            n = thread_name_text(c, a);
        }
        if (n == a) continue;
        if (!r) {
            r = il_arena_alloc(&c->c->arena, sizeof *r);
            *r = *e;
            r->u.call.args = il_arena_alloc(&c->c->arena, sizeof(il_expr *) * (size_t)e->u.call.nargs);
            memcpy(r->u.call.args, e->u.call.args, sizeof(il_expr *) * (size_t)e->u.call.nargs);
        }
        r->u.call.args[i] = n;
    }
    return r ? r : e;
}

static void print_stmt(comp *c, const il_expr *e)
{
    e = print_names(c, e);
    for (int i = 0; i < e->u.call.nkw; i++) {
        const char *k = e->u.call.kwnames[i];
        const il_expr *v = e->u.call.kwargs[i];
        if (strcmp(k, "flush") == 0) { /* the output is not buffered: nothing to do */
            if (v->kind != IL_E_INT)
                fail(c, v->line, v->col, "print(flush=...) must be True or False");
        } else if (strcmp(k, "file") == 0) {
            fail(c, v->line, v->col, "print(file=...) is not supported: everything printed "
                 "goes to the program's output");
        } else if (strcmp(k, "sep") != 0 && strcmp(k, "end") != 0) {
            fail(c, v->line, v->col, "'%s' is an invalid keyword argument for print()", k);
        }
    }
    const char *sep = print_kw(c, e, "sep", " "), *end = print_kw(c, e, "end", "\n");
    /* python.md F3, --print=cpython: the arguments are read in this step (or
     * the steps rule 1 makes of it), the text is written in a step of its
     * own, then `end` in another, both shown at the print's line; a print
     * marked atomic (logging's one write) stays one step */
    int split = c->p->print == IL_PRINT_CPYTHON && !e->u.call.atomic;
    int line = c->line; /* the statement's: the arguments may be calls compiled in place */
    il_print_fmt f = {e->u.call.nargs, NULL, -1, 0, 0, NULL, IL_PRINT_WHOLE};
    /* the fast path: items joined by " ", one line; anything else is formatted */
    int plain = !split && strcmp(sep, " ") == 0 && strcmp(end, "\n") == 0;
    for (int i = 0; i < f.nitems && plain; i++) {
        const il_expr *a = e->u.call.args[i];
        plain = a->kind == IL_E_STR ? strchr(a->u.str, '\n') == NULL
                                    : a->kind != IL_E_FORMAT && print_bool(c, a) == 0;
    }
    if (!plain) {
        print_pieces(c, e, &f, sep, split ? "" : end);
    } else {
        f.items = il_arena_alloc(&c->c->arena, sizeof(int32_t) * (size_t)(f.nitems + 1));
        for (int i = 0; i < f.nitems; i++) f.nvals += e->u.call.args[i]->kind != IL_E_STR;
        if (f.nvals > IL_WIDE_ITEMS) {
            if (f.nvals > c->wide_n) locals_room(c, (size_t)f.nvals, e->line, e->col);
            f.base = wide_slots(c, f.nvals);
        }
        for (int i = 0, k = 0; i < f.nitems; i++) {
            const il_expr *a = e->u.call.args[i];
            if (a->kind == IL_E_STR) {
                f.items[i] = add_string(c, il_arena_strdup(&c->c->arena, a->u.str));
            } else {
                expr(c, a);
                if (f.base >= 0) emit(c, IL_STORE_LOCAL, f.base + k++, 0);
                f.items[i] = -1;
            }
        }
    }
    int npop = f.base >= 0 ? 0 : f.nvals; /* a wide print's values are in locals */
    if (split) { /* the values wait on the stack (or in the wide locals) for the text's step */
        c->line = line;
        emit(c, IL_STMT, 0, line);
        f.part = IL_PRINT_TEXT;
    }
    IL_VEC_PUSH(c->prints, f);
    emitd(c, IL_PRINT, npop, (int32_t)c->prints.len - 1, -npop);
    if (split) {
        il_print_fmt g = {0, NULL, -1, 0, 0, NULL, IL_PRINT_END};
        g.pieces = il_arena_alloc(&c->c->arena, sizeof *g.pieces);
        memset(g.pieces, 0, sizeof *g.pieces);
        if (*end) {
            g.pieces[0].str = add_string(c, end);
            g.npieces = 1;
        }
        emit(c, IL_STMT, 0, line);
        IL_VEC_PUSH(c->prints, g);
        emitd(c, IL_PRINT, 0, (int32_t)c->prints.len - 1, 0);
    }
}

static void expr_stmt(comp *c, const il_stmt *s)
{
    const il_expr *e = s->u.expr;
    if (e->kind == IL_E_CALL && !e->u.call.object && !e->u.call.prefix) {
        if (strcmp(e->u.call.func, "print") == 0) { print_stmt(c, e); return; }
        if (strcmp(e->u.call.func, "sleep") == 0) {
            if (e->u.call.nargs != 1 || e->u.call.nkw)
                fail(c, e->line, e->col, "sleep() takes exactly one argument");
            expr(c, e->u.call.args[0]);
            emit(c, IL_SLEEP, 0, 0);
            return;
        }
    }
    if (e->kind == IL_E_CALL) { call(c, e, 0); return; }
    expr(c, e);
    emit(c, IL_POP, 0, 0);
}

static void assign(comp *c, const il_stmt *s)
{
    const il_expr *t = s->u.assign.target;
    if (t->kind == IL_E_NAME) {
        expr(c, s->u.assign.value);
        store_name(c, t);
    } else if (t->kind == IL_E_INDEX) {
        int v = list_var(c, t->u.index.base);
        expr(c, s->u.assign.value);     /* D2: value, then index, then write */
        expr(c, t->u.index.index);
        emit(c, IL_STORE_ELEM, 0, v);
    } else {
        fail(c, t->line, t->col, "cannot assign to this: assign a name or a list element");
    }
}

static void augassign(comp *c, const il_stmt *s)
{
    const il_expr *t = s->u.aug.target;
    il_opcode op = arith_op(s->u.aug.op);
    if (s->u.aug.op == IL_OP_DIV)
        fail(c, s->line, s->col, "'/=' is not supported: values are integers, use '//='");
    if (t->kind == IL_E_NAME) {
        load_name(c, t);
        expr(c, s->u.aug.value);
        emit(c, op, 0, 0);
        store_name(c, t);
    } else if (t->kind == IL_E_INDEX) {
        int v = list_var(c, t->u.index.base);
        expr(c, t->u.index.index);      /* D2: index, read, value, write */
        emit(c, IL_DUP, 0, 0);
        emit(c, IL_LOAD_ELEM, 0, v);
        expr(c, s->u.aug.value);
        emit(c, op, 0, 0);
        emit(c, IL_SWAP, 0, 0);
        emit(c, IL_STORE_ELEM, 0, v);
    } else {
        fail(c, t->line, t->col, "cannot assign to this: assign a name or a list element");
    }
}

/* An elif is an IF of its own in orelse: the chain is compiled in a loop,
 * so its length costs no C stack. The jumps to its end, unknown until the
 * chain is done, are linked through their own targets meanwhile. */
static void if_stmt(comp *c, const il_stmt *s)
{
    int32_t ends = -1;
    for (;;) {
        stmt_start(c, s->line);
        expr(c, s->u.if_.cond);
        uint32_t jf = emit(c, IL_JUMP_IF_FALSE, 0, 0);
        block(c, s->u.if_.body);
        const il_stmt *o = s->u.if_.orelse;
        if (!o) { patch(c, jf, here(c)); break; }
        uint32_t jend = emit(c, IL_JUMP, 0, 0);
        patch(c, jend, (uint32_t)ends);
        ends = (int32_t)jend;
        patch(c, jf, here(c));
        if (o->kind == IL_S_IF && o->u.if_.is_elif && !o->next) {
            s = o;
            continue;
        }
        block(c, o);
        break;
    }
    while (ends >= 0) {
        int32_t next = c->insns.items[ends].b;
        patch(c, (uint32_t)ends, here(c));
        ends = next;
    }
}

static loop_ctx *loop_push(comp *c, uint32_t cont)
{
    if (c->nloops >= 256) fail(c, c->line, 1, "loops nested too deeply (limit 256)");
    loop_ctx *l = il_xcalloc(1, sizeof *l);
    l->cont = cont;
    l->with_depth = c->withs.len;
    c->loops[c->nloops++] = l;
    return l;
}

static void loop_pop(comp *c, uint32_t end)
{
    loop_ctx *l = c->loops[--c->nloops];
    for (size_t i = 0; i < l->breaks.len; i++) patch(c, l->breaks.items[i], end);
    il_free(l->breaks.items);
    il_free(l);
}

static void while_stmt(comp *c, const il_stmt *s)
{
    uint32_t top = here(c);
    stmt_start(c, s->line);
    expr(c, s->u.while_.cond);
    uint32_t jf = emit(c, IL_JUMP_IF_FALSE, 0, 0);
    loop_push(c, top);
    block(c, s->u.while_.body);
    emit(c, IL_JUMP, 0, (int32_t)top);
    patch(c, jf, here(c));
    loop_pop(c, here(c));
}

/* The header is a step per iteration plus the final check; the first one
 * also evaluates the range bounds (language.md rule 3). */
static void for_stmt(comp *c, const il_stmt *s)
{
    const il_expr *var = s->u.for_.var, *it = s->u.for_.iter;
    if (var->kind != IL_E_NAME)
        fail(c, var->line, var->col, "the loop variable must be a name");
    if (find_shared(c, var->u.name) >= 0 && c->p->shared[find_shared(c, var->u.name)].is_list)
        fail(c, var->line, var->col, "cannot assign a whole list: the loop variable must be "
             "a name");
    stmt_start(c, s->line);
    int base, list = -1;
    il_opcode next;
    if (it->kind == IL_E_CALL && !it->u.call.object && !it->u.call.prefix &&
        strcmp(it->u.call.func, "range") == 0) {
        int n = it->u.call.nargs;
        if (n < 1 || n > 3 || it->u.call.nkw)
            fail(c, it->line, it->col, "range() takes 1 to 3 arguments");
        if (n == 1) emit_const(c, 0);
        for (int i = 0; i < n; i++) expr(c, it->u.call.args[i]);
        if (n < 3) emit_const(c, 1);
        base = hidden(c, 3);
        emit(c, IL_RANGE_INIT, base, 0);
        next = IL_RANGE_NEXT;
    } else if (it->kind == IL_E_LIST) {
        int n = it->u.list.n;
        if (n > IL_WIDE_ITEMS) { /* each item straight into its hidden local */
            locals_room(c, 2 + (size_t)n, it->line, it->col);
            base = hidden(c, 2 + n);
            for (int i = 0; i < n; i++) {
                expr(c, it->u.list.items[i]);
                emit(c, IL_STORE_LOCAL, base + 2 + i, 0);
            }
            emitd(c, IL_LIST_INIT, base, -n, 0);
        } else {
            for (int i = 0; i < n; i++) expr(c, it->u.list.items[i]);
            base = hidden(c, 2 + n);
            emitd(c, IL_LIST_INIT, base, n, -n);
        }
        next = IL_LIST_NEXT;
    } else if (it->kind == IL_E_NAME && find_shared(c, it->u.name) >= 0 &&
               c->p->shared[find_shared(c, it->u.name)].is_list) {
        /* a shared list: its elements by index, each header reading one (an access) */
        list = find_shared(c, it->u.name);
        emit_const(c, 0);
        emit_const(c, c->p->shared[list].size);
        emit_const(c, 1);
        base = hidden(c, 3);
        emit(c, IL_RANGE_INIT, base, 0);
        next = IL_RANGE_NEXT;
    } else {
        fail(c, it->line, it->col, "for loops go over range(...) or a literal list [a, b, ...]%s",
             it->kind == IL_E_NAME ? " or a shared list (or, in a Python file's module code, a "
                                     "list of threads it built)"
                                   : "");
    }
    uint32_t jfirst = emit(c, IL_JUMP, 0, 0);
    uint32_t head = here(c);
    stmt_start(c, s->line);
    patch(c, jfirst, here(c));
    uint32_t nx = emit(c, next, base, 0);
    if (list >= 0) emit(c, IL_LOAD_ELEM, 0, list);
    store_name(c, var);
    loop_push(c, head);
    block(c, s->u.for_.body);
    emit(c, IL_JUMP, 0, (int32_t)head);
    patch(c, nx, here(c));
    loop_pop(c, here(c));
}

/* Release steps of the with blocks above `depth`, innermost first (used by
 * break, continue and return: each release is a step, D4/D10). */
static void unwind_withs(comp *c, size_t depth)
{
    int32_t saved = c->chain;
    int line = c->line;
    for (size_t i = c->withs.len; i > depth; i--) {
        open_with *w = &c->withs.items[i - 1];
        c->chain = w->outer_chain;
        stmt_start(c, w->line);
        emit(c, IL_SYNC, IL_M_EXIT, w->obj);
    }
    c->chain = saved;
    c->line = line;
}

static void with_stmt(comp *c, const il_stmt *s)
{
    if (s->u.with.as)
        fail(c, s->u.with.as->line, s->u.with.as->col, "with ... as is only supported for "
             "concurrent.futures.ThreadPoolExecutor(...) in main's code: write with m: and use "
             "m in the block");
    const il_expr *x = s->u.with.ctx;
    int obj = x->kind == IL_E_NAME ? find_sync(c, x->u.name) : -1;
    /* the kinds that have a `with` entry */
    if (obj < 0 || !has_call(c->p->sync[obj].kind, IL_C_ENTER)) {
        unsigned with_kinds = 0;
        for (int k = 0; k < IL_SYNC_NKINDS; k++)
            if (has_call((il_sync_kind)k, IL_C_ENTER)) with_kinds |= 1u << k;
        il_buf b = {0};
        il_sync_kinds_phrase(with_kinds, &b);
        char kinds[400];
        snprintf(kinds, sizeof kinds, "%s", b.data);
        il_buf_free(&b);
        fail(c, x->line, x->col, "'with' needs a %s declared under sync:", kinds);
    }
    stmt_start(c, s->line);
    emit(c, IL_SYNC, IL_M_ENTER, obj);
    open_with w = {obj, s->line, c->chain};
    IL_VEC_PUSH(c->withs, w);
    IL_VEC_PUSH(c->chain_obj, obj);
    IL_VEC_PUSH(c->chain_parent, c->chain);
    c->chain = (int32_t)c->chain_obj.len - 1;
    block(c, s->u.with.body);
    c->withs.len--;
    c->chain = w.outer_chain;
    stmt_start(c, s->line);
    emit(c, IL_SYNC, IL_M_EXIT, obj);
}

static void stmt(comp *c, const il_stmt *s)
{
    c->line = s->line;
    switch (s->kind) {
    case IL_S_EXPR:
        stmt_start(c, s->line);
        expr_stmt(c, s);
        break;
    case IL_S_ASSIGN:
        stmt_start(c, s->line);
        assign(c, s);
        break;
    case IL_S_AUGASSIGN:
        stmt_start(c, s->line);
        augassign(c, s);
        break;
    case IL_S_ASSERT: {
        stmt_start(c, s->line);
        expr(c, s->u.assert_.cond);
        int32_t msg = -1;
        const il_expr *m = s->u.assert_.msg;
        if (m && m->kind == IL_E_FORMAT) expr(c, m); /* says where they are supported */
        if (m && m->kind != IL_E_STR)
            fail(c, m->line, m->col, "the assert message must be a string literal");
        if (m) msg = add_string(c, il_arena_strdup(&c->c->arena, m->u.str));
        emit(c, IL_ASSERT, 0, msg);
        break;
    }
    case IL_S_PASS:
        stmt_start(c, s->line);
        break;
    case IL_S_IF: if_stmt(c, s); break;
    case IL_S_WHILE: while_stmt(c, s); break;
    case IL_S_FOR: for_stmt(c, s); break;
    case IL_S_BREAK:
    case IL_S_CONTINUE: {
        if (c->nloops == (c->sc ? c->sc->nloops : 0))
            fail(c, s->line, s->col, "'%s' outside a loop",
                 s->kind == IL_S_BREAK ? "break" : "continue");
        loop_ctx *l = c->loops[c->nloops - 1];
        unwind_withs(c, l->with_depth);
        if (s->kind == IL_S_BREAK) IL_VEC_PUSH(l->breaks, emit(c, IL_JUMP, 0, 0));
        else emit(c, IL_JUMP, 0, (int32_t)l->cont);
        break;
    }
    case IL_S_RETURN:
        if (c->sc && !c->sc->root) {
            return_inline(c, s);
            break;
        }
        stmt_start(c, s->line);
        if (s->u.ret.value) {
            expr(c, s->u.ret.value);
            if (c->in_task && c->p->executor_in_main) /* the task's future keeps it */
                emitd(c, IL_THREAD, IL_T_TASK_RET, 0, -1);
            else
                emit(c, IL_POP, 0, 0);
        }
        unwind_withs(c, 0);
        if (c->in_task) IL_VEC_PUSH(c->returns, emit(c, IL_JUMP, 0, 0));
        else emit(c, IL_END, 0, 0);
        break;
    case IL_S_WITH: with_stmt(c, s); break;
    }
    if (c->depth != (c->sc ? c->sc->depth : 0))
        fail(c, s->line, s->col, "internal error: unbalanced stack");
}

static void block(comp *c, const il_stmt *s)
{
    for (; s; s = s->next) stmt(c, s);
}

/* ---- threads and layout ------------------------------------------------ */

/* Threads in thread order: declarations in file order (count: instances in
 * id order), then the executor's workers w0..w{n-1}. */
static void make_threads(comp *c)
{
    const il_program *p = c->p;
    uint32_t n = 0;
    for (int i = 0; i < p->nthreads; i++) {
        const il_thread_decl *t = &p->threads[i];
        if (t->count > 4096)
            fail(c, t->line, t->col, "count: %d is too many threads (limit 4096)", t->count);
        n += t->count > 0 ? (uint32_t)t->count : 1;
        if (n > 4096) fail(c, t->line, t->col, "too many threads (limit 4096)");
    }
    uint32_t nworkers = p->has_executor ? (uint32_t)p->executor_workers : 0;
    if (n + nworkers > 4096) fail(c, p->executor_line, p->executor_col, "too many threads (limit 4096)");
    c->c->nthreads = n + nworkers;
    c->c->threads = il_arena_alloc(&c->c->arena, sizeof(il_thread_info) * (n + nworkers + 1));
    uint32_t k = 0;
    for (int i = 0; i < p->nthreads; i++) {
        const il_thread_decl *t = &p->threads[i];
        int cnt = t->count > 0 ? t->count : 1;
        for (int j = 0; j < cnt; j++, k++) {
            il_thread_info *ti = &c->c->threads[k];
            if (t->count > 0) { /* a name of any length (a fixed buffer cut long ones) */
                il_buf b = {0};
                il_buf_printf(&b, "%s%d", t->name, j);
                ti->name = il_arena_strdup(&c->c->arena, b.data);
                il_buf_free(&b);
            } else {
                ti->name = t->name;
            }
            ti->decl = i;
            ti->id = j;
            ti->daemon = t->daemon;
            ti->is_timer = t->timer;
            ti->is_main = t->count == 0 && strcmp(t->name, "main") == 0;
        }
    }
    for (uint32_t j = 0; j < nworkers; j++, k++) {
        il_thread_info *ti = &c->c->threads[k];
        char buf[32];
        snprintf(buf, sizeof buf, "w%u", j);
        ti->name = il_arena_strdup(&c->c->arena, buf);
        ti->decl = -1;
        ti->id = j;
        ti->is_worker = 1;
    }
}

static void begin_body(comp *c, int line)
{
    c->locals.len = 0;
    c->nnamed = 0;
    nidx_free(&c->local_ix);
    c->depth = c->maxdepth = 0;
    c->chain = -1;
    c->withs.len = 0;
    c->nloops = 0;
    c->tmp_slot = -1;
    c->wide_base = c->wide_n = 0;
    c->line = line;
}

/* Records the body just compiled in every thread that runs it. */
static void end_body(comp *c, int decl, int workers, uint32_t entry)
{
    uint32_t end = here(c);
    uint32_t nl = (uint32_t)c->locals.len;
    const char **names = il_arena_alloc(&c->c->arena, sizeof(char *) * (nl + 1));
    for (uint32_t i = 0; i < nl; i++) names[i] = c->locals.items[i];
    for (uint32_t k = 0; k < c->c->nthreads; k++) {
        il_thread_info *ti = &c->c->threads[k];
        if (workers ? !ti->is_worker : ti->decl != decl) continue;
        ti->entry = entry;
        ti->code_end = end;
        ti->nlocals = nl;
        ti->maxstack = (uint32_t)c->maxdepth;
        ti->defbytes = nl ? ((nl + 7) / 8 + 7) / 8 * 8 : 0;
        ti->local_names = names;
    }
}

/* A constant argument: a number, True/False, -n. */
static int const_arg(const il_expr *e, int64_t *v)
{
    if (e->kind == IL_E_INT) { *v = e->u.ival; return 1; }
    if (e->kind == IL_E_UNARY && e->u.unary.op == IL_OP_NEG && e->u.unary.operand->kind == IL_E_INT &&
        e->u.unary.operand->u.ival != INT64_MIN) {
        *v = -e->u.unary.operand->u.ival;
        return 1;
    }
    return 0;
}

/* The code a thread or a task runs: the function call e names, compiled
 * as its root (`return` ends the thread or the task). Its parameters are
 * bound from arguments, constants or objects passed by name: a thread's
 * (decl >= 0) are in the initial state, so passing them is no step of the
 * thread's; a task's (decl < 0) are stored in the take step, by the
 * instructions before f's first statement. */
static void target_call(comp *c, const il_expr *e, int decl)
{
    int fi = find_func(c, e->u.call.func);
    if (fi < 0) fail(c, e->line, e->col, "'%s' is not a function", e->u.call.func);
    const il_func_decl *f = &c->p->funcs[fi];
    if (f->nparams > 255) fail(c, f->line, f->col, "too many parameters (limit 255)");
    const il_expr *arg[256];
    int order[256];
    match_args(c, e, f, arg, order);
    scope *sc = open_scope(c, e, f);
    sc->root = 1;
    if (decl < 0) {
        pass_args(c, sc, arg, order);
    } else {
        for (int j = 0; j < f->nparams; j++) {
            int i = order[j];
            binding b = {f->params[i], B_LOCAL, -1};
            if (!alias_arg(c, arg[i], &b)) {
                int64_t v;
                if (!const_arg(arg[i], &v))
                    fail(c, arg[i]->line, arg[i]->col, "a thread's argument must be a number, "
                         "True/False, or a module-level sync object, list or thread in this version");
                b.index = hidden(c, 1);
                c->locals.items[b.index] = f->params[i];
                struct preset pr = {decl, b.index, v};
                IL_VEC_PUSH(c->presets, pr);
            }
            sc->names[sc->nnames++] = b;
        }
    }
    bind_locals(c, sc, f->body);
    c->sc = sc;
    block(c, f->body);
    c->sc = NULL;
}

static void compile_thread(comp *c, int decl)
{
    const il_thread_decl *t = &c->p->threads[decl];
    begin_body(c, t->line);
    c->pyname = t->count > 0 ? NULL : t->pyname;
    if (!t->target) scan_locals(c, t->body);
    uint32_t entry = here(c);
    if (t->timer) { /* D17: the first step fires the timer (line 0) */
        stmt_start(c, 0);
        emit(c, IL_THREAD, IL_T_FIRE, 0);
    }
    if (t->target) target_call(c, t->target, decl);
    else block(c, t->body);
    emit(c, IL_END, 0, 0);
    end_body(c, decl, 0, entry);
}

/* Whether the rest of the statement after a barrier departure at pc can
 * print before its next step: the path the machine runs without a step when
 * the last party arrives (D20), up to the next statement, shared access or
 * the thread's end. seen (ninsns bytes) is scratch, left dirty. */
static int depart_prints(const il_code *k, uint32_t pc, uint8_t *seen)
{
    uint32_t todo[64], n = 0;
    todo[n++] = pc + 1;
    int prints = 0;
    while (n && !prints) {
        uint32_t i = todo[--n];
        while (i < k->ninsns && !seen[i]) {
            seen[i] = 1;
            const il_insn *in = &k->insns[i];
            il_opcode op = (il_opcode)in->op;
            if (op == IL_PRINT) { prints = 1; break; }
            if (op == IL_STMT || op == IL_END || op == IL_LOAD_SHARED || op == IL_STORE_SHARED ||
                op == IL_LOAD_ELEM || op == IL_STORE_ELEM ||
                (op == IL_THREAD && in->a == IL_T_TASK_END))
                break; /* a step ends here (the task's end goes back to the take step) */
            if (op == IL_JUMP) { i = (uint32_t)in->b; continue; }
            if (op == IL_JUMP_IF_FALSE || op == IL_JUMP_IF_FALSE_KEEP || op == IL_JUMP_IF_TRUE_KEEP ||
                op == IL_RANGE_NEXT || op == IL_LIST_NEXT) {
                if (n == sizeof todo / sizeof *todo) return 1; /* too branchy: assume it prints */
                todo[n++] = (uint32_t)in->b;
            }
            i++;
        }
    }
    return prints;
}

/* Threads are interchangeable when nothing tells them apart: their code
 * never reads `id` (workers: never the thread's own id) and no code names
 * one of them (t.start(), t.join(), ...). Nor when two of them can print
 * while departing from one barrier generation: the waiters' continuations
 * run in thread order (barrier_release in machine.c), so swapping two
 * members swaps their lines, and a canonical state would stand for both
 * orders with one. That needs a barrier of 3 or more parties (two waiters
 * and the last arrival, whose own rest runs after them) and a print on the
 * path after B_DEPART (decided here on the code, conservatively). */
static void find_groups(comp *c)
{
    il_code *k = c->c;
    k->group_first = il_arena_alloc(&k->arena, sizeof(uint32_t) * (k->nthreads + 1));
    k->group_size = il_arena_alloc(&k->arena, sizeof(uint32_t) * (k->nthreads + 1));
    uint8_t *named = il_arena_alloc(&k->arena, k->nthreads + 1);
    for (uint32_t i = 0; i < k->ninsns; i++)
        if (k->insns[i].op == IL_THREAD && k->insns[i].a <= IL_T_CANCEL)
            named[k->insns[i].b] = 1;
    for (uint32_t t = 0; t < k->nthreads; t++) k->threads[t].group = -1;
    uint8_t *seen = il_arena_alloc(&k->arena, k->ninsns + 1);
    for (uint32_t t = 0; t < k->nthreads;) {
        uint32_t n = 1;
        while (t + n < k->nthreads && k->threads[t + n].entry == k->threads[t].entry &&
               k->threads[t + n].decl == k->threads[t].decl)
            n++;
        int ok = n >= 2;
        for (uint32_t i = k->threads[t].entry; ok && i < k->threads[t].code_end; i++)
            ok = k->insns[i].op != IL_LOAD_ID;
        for (uint32_t j = 0; ok && j < n; j++) ok = !named[t + j];
        for (uint32_t i = k->threads[t].entry; ok && i < k->threads[t].code_end; i++) {
            const il_insn *in = &k->insns[i];
            if (in->op == IL_SYNC && in->a == IL_M_B_DEPART && k->prog->sync[in->b].arg >= 3)
                ok = !depart_prints(k, i, seen);
        }
        if (ok) {
            k->group_first[k->ngroups] = t;
            k->group_size[k->ngroups] = n;
            for (uint32_t j = 0; j < n; j++) k->threads[t + j].group = (int)k->ngroups;
            k->ngroups++;
        }
        t += n;
    }
}

/* The workers' shared code: a take step, then the task's body, then
 * TASK_END, which loops back to take the next task or ends the worker. The
 * task's locals are cleared at each take, as a new call's would be. */
static void compile_executor(comp *c)
{
    const il_program *p = c->p;
    il_code *k = c->c;
    begin_body(c, p->executor_line);
    c->pyname = NULL; /* the workers share this code */
    uint32_t ntasks = 0;
    for (int i = 0; i < p->ntasks; i++) {
        if (p->tasks[i].body) scan_locals(c, p->tasks[i].body);
        ntasks += (uint32_t)p->tasks[i].count;
        if (ntasks > 100000) fail(c, p->tasks[i].line, p->tasks[i].col, "too many tasks (limit 100000)");
    }
    k->ntasks = ntasks;
    k->task_slot = (uint32_t)hidden(c, 1);
    k->task_entry = il_arena_alloc(&k->arena, sizeof(uint32_t) * (ntasks + 1));
    k->task_end = il_arena_alloc(&k->arena, sizeof(uint32_t) * (ntasks + 1));
    uint32_t entry = here(c);
    stmt_start(c, p->executor_line);
    emit(c, IL_THREAD, IL_T_TAKE, 0);
    c->in_task = 1;
    for (int i = 0, t = 0; i < p->ntasks; i++) {
        uint32_t start = here(c);
        c->returns.len = 0;
        if (p->tasks[i].target) target_call(c, p->tasks[i].target, -1);
        else block(c, p->tasks[i].body);
        uint32_t end = emit(c, IL_THREAD, IL_T_TASK_END, 0);
        for (size_t r = 0; r < c->returns.len; r++) patch(c, c->returns.items[r], end);
        for (int j = 0; j < p->tasks[i].count; j++, t++) {
            k->task_entry[t] = start;
            k->task_end[t] = end;
        }
    }
    c->in_task = 0;
    end_body(c, -1, 1, entry);
}

/* Fails at (line, col) when `used` 64-bit values pass what a state holds:
 * sums are 64-bit and checked as they grow, so no count wraps. */
static void state_room(comp *c, uint64_t used, int line, int col)
{
    if (used > IL_STATE_MAX_VALUES)
        fail(c, line, col, "the program's state is too large (over 1 MiB, %u values): fewer "
             "threads, shorter lists or smaller queues", (unsigned)IL_STATE_MAX_VALUES);
}

/* Shared locations and sync slots: needed while compiling bodies. */
static void layout_shared(comp *c)
{
    il_code *k = c->c;
    const il_program *p = c->p;
    k->var_base = il_arena_alloc(&k->arena, sizeof(uint32_t) * (size_t)(p->nshared + 1));
    uint64_t nlocs = 0;
    for (int i = 0; i < p->nshared; i++) {
        k->var_base[i] = (uint32_t)nlocs;
        nlocs += (uint64_t)p->shared[i].size;
        state_room(c, nlocs, p->shared[i].line, p->shared[i].col);
    }
    k->nlocs = (uint32_t)nlocs;
    k->loc_names = il_arena_alloc(&k->arena, sizeof(char *) * (nlocs + 1));
    for (int i = 0; i < p->nshared; i++) {
        const il_shared_decl *d = &p->shared[i];
        il_buf b = {0};
        for (int j = 0; j < d->size; j++) {
            b.len = 0;
            if (d->is_list) il_buf_printf(&b, "%s[%d]", d->name, j);
            else il_buf_puts(&b, d->name);
            k->loc_names[k->var_base[i] + (uint32_t)j] = il_arena_strdup(&k->arena, b.data);
        }
        il_buf_free(&b);
    }
    k->sync_slot = il_arena_alloc(&k->arena, sizeof(uint32_t) * (size_t)(p->nsync + 1));
    k->q_cap = il_arena_alloc(&k->arena, sizeof(uint32_t) * (size_t)(p->nsync + 1));
    uint64_t ns = 0;
    for (int i = 0; i < p->nsync; i++) {
        k->sync_slot[i] = (uint32_t)ns;
        ns += il_sync_nslots(&p->sync[i], k->nthreads, &k->q_cap[i]);
        state_room(c, nlocs + ns, p->sync[i].line, p->sync[i].col);
    }
    k->exec_slot = (uint32_t)ns;
    k->exec_sub = UINT32_MAX;
    if (p->has_executor) {
        uint64_t ntasks = 0;
        for (int i = 0; i < p->ntasks; i++) ntasks += (uint64_t)p->tasks[i].count;
        ns += 1 + ntasks;
        if (p->executor_in_main) {
            k->exec_sub = (uint32_t)ns++;
            ns += 2 * ntasks; /* each task's future: done, value */
        }
        state_room(c, nlocs + ns, p->executor_line, p->executor_col);
    }
    k->nsyncslots = (uint32_t)ns;
}

/* The flat state: shared, sync, output, then one block per thread. */
static void layout_state(comp *c)
{
    il_code *k = c->c;
    const il_program *p = c->p;
    uint32_t nlocs = k->nlocs, ns = k->nsyncslots;
    uint64_t off = 0;
    k->shared_off = off;
    off += 8 * (uint64_t)nlocs;
    k->sync_off = off;
    off += 8 * (uint64_t)ns;
    k->out_off = off;
    off += 8;
    for (uint32_t t = 0; t < k->nthreads; t++) {
        il_thread_info *ti = &k->threads[t];
        ti->off = (uint32_t)off;
        off += sizeof(il_thread_hdr) + ti->defbytes + 8 * ((uint64_t)ti->nlocals + ti->maxstack);
        if (ti->decl >= 0) state_room(c, off / 8, p->threads[ti->decl].line, p->threads[ti->decl].col);
        else state_room(c, off / 8, p->executor_line, p->executor_col);
    }
    k->state_size = (size_t)off;
    k->init = il_arena_alloc(&k->arena, off);
    int has_main = 0;
    for (uint32_t t = 0; t < k->nthreads; t++) has_main |= k->threads[t].is_main;
    int64_t *sh = il_shared(k, k->init);
    for (int i = 0; i < p->nshared; i++)
        for (int j = 0; j < p->shared[i].size; j++)
            sh[k->var_base[i] + (uint32_t)j] = p->shared[i].init[j];
    for (int i = 0; i < p->nsync; i++)
        il_sync_init(k, (uint32_t)i, il_syncslots(k, k->init) + k->sync_slot[i]);
    for (uint32_t t = 0; t < k->nthreads; t++) {
        il_thread_hdr *h = il_thr(k, k->init, t);
        const il_thread_info *ti = &k->threads[t];
        h->pc = ti->entry;
        /* YAML's workers exist from the start (the executor is created
         * first); those of an executor in main when main's with starts them */
        if (ti->is_worker) h->status = p->executor_in_main ? IL_TS_NEW : k->ntasks ? IL_TS_RUN : IL_TS_DONE;
        else h->status = (!has_main || ti->is_main) ? IL_TS_RUN : IL_TS_NEW;
        if (h->status == IL_TS_DONE) h->pc = 0;
        for (size_t i = 0; i < c->presets.len; i++) {
            const struct preset *pr = &c->presets.items[i];
            if (pr->decl != ti->decl) continue;
            il_thr_locals(k, k->init, t)[pr->slot] = pr->v;
            il_thr_defs(k, k->init, t)[pr->slot >> 3] |= (uint8_t)(1u << (pr->slot & 7));
        }
    }
}

#define MOVE_VEC(dst, n, v, T)                                                    \
    do {                                                                          \
        (dst) = il_arena_alloc(&k->arena, sizeof(T) * ((v).len + 1));             \
        if ((v).len) memcpy((dst), (v).items, sizeof(T) * (v).len);               \
        (n) = (uint32_t)(v).len;                                                  \
    } while (0)

il_code *il_compile(const il_program *p, il_diag *d)
{
    comp *c = il_xcalloc(1, sizeof *c);
    c->p = p;
    c->d = d;
    il_code *k = il_xcalloc(1, sizeof *k);
    il_arena_init(&k->arena);
    k->prog = p;
    c->c = k;
    il_code *volatile result = NULL;
    if (setjmp(c->fail) == 0) {
        make_threads(c);
        /* names -> thread index for the code's users (replay, traces, reports) */
        k->thread_ix = il_intern_new();
        for (uint32_t i = 0; i < k->nthreads; i++)
            il_intern_str(k->thread_ix, k->threads[i].name, strlen(k->threads[i].name));
        layout_shared(c);
        for (int i = 0; i < p->nthreads; i++) compile_thread(c, i);
        if (p->has_executor) compile_executor(c);
        MOVE_VEC(k->insns, k->ninsns, c->insns, il_insn);
        uint32_t n;
        MOVE_VEC(k->lines, n, c->lines, uint32_t);
        MOVE_VEC(k->chain, n, c->chains, int32_t);
        MOVE_VEC(k->chain_obj, k->nchains, c->chain_obj, int32_t);
        MOVE_VEC(k->chain_parent, n, c->chain_parent, int32_t);
        MOVE_VEC(k->consts, k->nconsts, c->consts, int64_t);
        MOVE_VEC(k->strings, k->nstrings, c->strings, const char *);
        MOVE_VEC(k->prints, k->nprints, c->prints, il_print_fmt);
        (void)n;
        layout_state(c);
        find_groups(c);
        result = k;
    }
    for (int i = 0; i < c->nloops; i++) {
        il_free(c->loops[i]->breaks.items);
        il_free(c->loops[i]);
    }
    il_free(c->insns.items);
    il_free(c->lines.items);
    il_free(c->chains.items);
    il_free(c->chain_obj.items);
    il_free(c->chain_parent.items);
    il_free(c->consts.items);
    il_free(c->strings.items);
    il_free(c->prints.items);
    il_hashset_free(&c->const_ix);
    il_hashset_free(&c->string_ix);
    nidx_free(&c->shared_ix);
    nidx_free(&c->sync_ix);
    nidx_free(&c->thread_ix);
    nidx_free(&c->local_ix);
    il_free(c->locals.items);
    il_free(c->withs.items);
    il_free(c->returns.items);
    il_free(c->presets.items);
    il_free(c);
    if (!result) il_code_free(k);
    return result;
}

void il_code_free(il_code *c)
{
    if (!c) return;
    il_intern_free(c->thread_ix);
    il_arena_free(&c->arena);
    il_free(c);
}

void il_disasm(const il_code *c, FILE *out)
{
    for (uint32_t t = 0; t < c->nthreads; t++)
        fprintf(out, "thread %s: entry %u, %u locals, stack %u, block at %u\n",
                c->threads[t].name, c->threads[t].entry, c->threads[t].nlocals,
                c->threads[t].maxstack, c->threads[t].off);
    fprintf(out, "state: %zu bytes\n", c->state_size);
    for (uint32_t i = 0; i < c->ninsns; i++) {
        const il_insn *in = &c->insns[i];
        fprintf(out, "%5u  line %-4u %-20s a=%u b=%d", i, c->lines[i],
                il_opcode_names[in->op], in->a, in->b);
        if (in->op == IL_CONST) fprintf(out, "  (%lld)", (long long)c->consts[in->b]);
        if (c->chain[i] >= 0) fprintf(out, "  [with %s]", c->prog->sync[c->chain_obj[c->chain[i]]].name);
        fputc('\n', out);
    }
}
