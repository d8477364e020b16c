/* eval.c - the expect: expression evaluator (see eval.h).
 * Arithmetic follows the machine (machine.c) exactly, so that an
 * expectation means what the same expression would mean in a thread body:
 * floor division and modulo round as Python does, and a result outside 64
 * bits is an error rather than a silent wrap. */
#include "eval.h"

#include "arith.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Where a shared variable lives in the flattened final values. */
typedef struct var_ref {
    const il_shared_decl *decl; /* NULL when the name is not a shared variable */
    int base;                   /* index of its first location */
} var_ref;

static var_ref find_var(const il_program *p, const char *name)
{
    var_ref v = {NULL, 0};
    int base = 0;
    for (int i = 0; i < p->nshared; i++) {
        if (strcmp(p->shared[i].name, name) == 0) {
            v.decl = &p->shared[i];
            v.base = base;
            return v;
        }
        base += p->shared[i].size;
    }
    return v;
}

/* What a name that is not a shared variable is, for a message that says
 * why it cannot be used rather than just "unknown". */
static const char *other_kind(const il_program *p, const char *name)
{
    for (int i = 0; i < p->nsync; i++)
        if (strcmp(p->sync[i].name, name) == 0) return "a sync object";
    for (int i = 0; i < p->nthreads; i++)
        if (strcmp(p->threads[i].name, name) == 0) return "a thread";
    return NULL;
}

static int bad_name(const il_program *p, const il_expr *e, const char *what, il_diag *d)
{
    const char *k = other_kind(p, e->u.name);
    if (k)
        il_diag_error(d, e->line, e->col,
                      "%s: '%s' is %s: only shared variables have final values", what,
                      e->u.name, k);
    else
        il_diag_error(d, e->line, e->col,
                      "%s: name '%s' is not defined (only shared variables can be used)",
                      what, e->u.name);
    return -1;
}

/* A constant index: an integer literal, possibly negated. */
static int const_index(const il_expr *e, int64_t *out)
{
    if (e->kind == IL_E_INT) {
        *out = e->u.ival;
        return 1;
    }
    if (e->kind == IL_E_UNARY && e->u.unary.op == IL_OP_NEG &&
        e->u.unary.operand->kind == IL_E_INT) {
        *out = -e->u.unary.operand->u.ival; /* literals are <= INT64_MAX */
        return 1;
    }
    return 0;
}

/* Resolves the list of l[i] (its base must name a shared list). */
static int list_of(const il_program *p, const il_expr *e, const char *what, var_ref *v,
                   il_diag *d)
{
    const il_expr *b = e->u.index.base;
    if (b->kind != IL_E_NAME) {
        il_diag_error(d, b->line, b->col, "%s: only shared lists can be indexed", what);
        return -1;
    }
    *v = find_var(p, b->u.name);
    if (!v->decl) return bad_name(p, b, what, d);
    if (!v->decl->is_list) {
        il_diag_error(d, b->line, b->col, "%s: '%s' is an integer, not a list", what,
                      b->u.name);
        return -1;
    }
    return 0;
}

/* Python's index rule (D7): -size..size-1. */
static int index_ok(const il_shared_decl *v, int64_t *i)
{
    if (*i < 0) *i += v->size;
    return *i >= 0 && *i < v->size;
}

static int index_error(const il_expr *e, const var_ref *v, int64_t i, const char *what,
                       il_diag *d)
{
    il_diag_error(d, e->line, e->col,
                  "%s: list index out of range: %s[%lld] (%s has %d element%s)", what,
                  v->decl->name, (long long)i, v->decl->name, v->decl->size,
                  v->decl->size == 1 ? "" : "s");
    return -1;
}

/* A chain a + b - c and ... is a left-deep tree as deep as it is long, so
 * its left spine is walked in a loop, never by recursion: a chain's length
 * costs no C stack. What remains recursive (operands, brackets, prefix
 * operators) is bounded by the parser's nesting limit. The spine, top
 * first, is kept in `local` when short, else in one allocation. */
typedef struct spine {
    const il_expr *local[32], **at;
    size_t n;
    const il_expr *leaf; /* its leftmost operand, not a binary node */
} spine;

static void spine_init(spine *sp, const il_expr *e)
{
    const il_expr *s;
    sp->n = 0;
    for (s = e; s->kind == IL_E_BINARY; s = s->u.binary.lhs) sp->n++;
    sp->leaf = s;
    sp->at = sp->n <= sizeof sp->local / sizeof *sp->local
                 ? sp->local : il_xmalloc(sp->n * sizeof *sp->at);
    size_t i = 0;
    for (s = e; s->kind == IL_E_BINARY; s = s->u.binary.lhs) sp->at[i++] = s;
}

static void spine_free(spine *sp)
{
    if (sp->at != sp->local) il_free(sp->at);
}

static int validate_binary(const il_program *p, const il_expr *e, const char *what,
                           il_diag *d)
{
    /* top first, as a recursive walk would: the outermost `/` is the error */
    for (const il_expr *s = e; s->kind == IL_E_BINARY; s = s->u.binary.lhs)
        if (s->u.binary.op == IL_OP_DIV) {
            il_diag_error(d, s->line, s->col,
                          "%s: '/' (true division) is not supported: values are integers, "
                          "use '//'", what);
            return -1;
        }
    spine sp;
    spine_init(&sp, e);
    int rc = il_eval_validate(p, sp.leaf, what, d);
    for (size_t i = sp.n; rc == 0 && i-- > 0;)
        rc = il_eval_validate(p, sp.at[i]->u.binary.rhs, what, d);
    spine_free(&sp);
    return rc;
}

int il_eval_validate(const il_program *p, const il_expr *e, const char *what, il_diag *d)
{
    switch (e->kind) {
    case IL_E_INT:
        return 0;
    case IL_E_STR:
    case IL_E_FORMAT: /* formatted strings too (issue 15, print formats) */
        il_diag_error(d, e->line, e->col,
                      "%s: strings are not values here: final values are integers", what);
        return -1;
    case IL_E_NAME: {
        var_ref v = find_var(p, e->u.name);
        if (!v.decl) return bad_name(p, e, what, d);
        if (v.decl->is_list) {
            il_diag_error(d, e->line, e->col,
                          "%s: whole-list values are not supported: use an element, %s[i]",
                          what, e->u.name);
            return -1;
        }
        return 0;
    }
    case IL_E_INDEX: {
        var_ref v;
        int64_t i;
        if (list_of(p, e, what, &v, d)) return -1;
        if (il_eval_validate(p, e->u.index.index, what, d)) return -1;
        if (const_index(e->u.index.index, &i)) {
            int64_t j = i;
            if (!index_ok(v.decl, &j)) return index_error(e, &v, i, what, d);
        }
        return 0;
    }
    case IL_E_UNARY:
        return il_eval_validate(p, e->u.unary.operand, what, d);
    case IL_E_BINARY:
        return validate_binary(p, e, what, d);
    case IL_E_COMPARE:
        for (int i = 0; i < e->u.compare.n; i++)
            if (il_eval_validate(p, e->u.compare.operands[i], what, d)) return -1;
        return 0;
    case IL_E_CALL:
        il_diag_error(d, e->line, e->col,
                      "%s: calls are not supported here (%s%s%s()): use shared variables, "
                      "list elements and integers", what,
                      e->u.call.object ? e->u.call.object : "", e->u.call.object ? "." : "",
                      e->u.call.func);
        return -1;
    case IL_E_LIST:
        il_diag_error(d, e->line, e->col,
                      "%s: list literals are not supported here: compare elements, l[i]",
                      what);
        return -1;
    case IL_E_LISTCOMP:
        il_diag_error(d, e->line, e->col, "%s: list comprehensions are not values here: final "
                      "values are integers", what);
        return -1;
    case IL_E_TUPLE:
        il_diag_error(d, e->line, e->col, "%s: tuples are not values here: final values "
                      "are integers", what);
        return -1;
    case IL_E_FLOAT: /* only a Python file's bodies have them */
        il_diag_error(d, e->line, e->col, "%s: floats are not values here: final values "
                      "are integers", what);
        return -1;
    }
    il_diag_error(d, e->line, e->col, "%s: unsupported expression", what);
    return -1;
}

/* ---- evaluation ------------------------------------------------------------ */

typedef struct ev {
    const il_program *p;
    const int64_t *final;
    const char *what;
    il_diag *d;
} ev;

static int eval(const ev *c, const il_expr *e, int64_t *out);

static int overflow(const ev *c, const il_expr *e)
{
    il_diag_error(c->d, e->line, e->col, "%s: integer overflow (values are 64-bit)", c->what);
    return -1;
}

static int compare(il_binop op, int64_t a, int64_t b)
{
    switch (op) {
    case IL_OP_EQ: return a == b;
    case IL_OP_NE: return a != b;
    case IL_OP_LT: return a < b;
    case IL_OP_LE: return a <= b;
    case IL_OP_GT: return a > b;
    case IL_OP_GE: return a >= b;
    case IL_OP_ADD: case IL_OP_SUB: case IL_OP_MUL: case IL_OP_FLOORDIV: case IL_OP_MOD:
    case IL_OP_DIV: case IL_OP_AND: case IL_OP_OR: case IL_OP_NEG: case IL_OP_NOT:
    case IL_OP_POS:
        break; /* not comparisons: the parser never puts them in a chain */
    }
    return 0;
}

static int arith(const ev *c, const il_expr *e, int64_t a, int64_t b, int64_t *out)
{
    il_arith_op op = IL_AR_ADD; /* each arithmetic operator sets it below */
    switch (e->u.binary.op) {
    case IL_OP_ADD: op = IL_AR_ADD; break;
    case IL_OP_SUB: op = IL_AR_SUB; break;
    case IL_OP_MUL: op = IL_AR_MUL; break;
    case IL_OP_FLOORDIV: op = IL_AR_FLOORDIV; break;
    case IL_OP_MOD: op = IL_AR_MOD; break;
    case IL_OP_DIV: case IL_OP_AND: case IL_OP_OR: case IL_OP_EQ: case IL_OP_NE:
    case IL_OP_LT: case IL_OP_LE: case IL_OP_GT: case IL_OP_GE: case IL_OP_NEG:
    case IL_OP_NOT: case IL_OP_POS:
        /* `/` and anything else were refused by il_eval_validate. */
        return il_eval_validate(c->p, e, c->what, c->d);
    }
    switch (il_arith(op, a, b, out)) {
    case IL_AR_OK: return 0;
    case IL_AR_OVERFLOW: return overflow(c, e);
    case IL_AR_ZERODIV:
        il_diag_error(c->d, e->line, e->col, "%s: %s", c->what,
                      e->u.binary.op == IL_OP_MOD ? "integer modulo by zero"
                                                  : "integer division or modulo by zero");
        return -1;
    }
    return -1;
}

static int eval_binary(const ev *c, const il_expr *e, int64_t *out)
{
    spine sp;
    spine_init(&sp, e);
    int64_t a, b;
    int rc = eval(c, sp.leaf, &a);
    for (size_t i = sp.n; rc == 0 && i-- > 0;) {
        const il_expr *x = sp.at[i];
        il_binop op = x->u.binary.op;
        /* Python's and/or give the operand that decided, and never evaluate
         * the right one when the left decides (so `n != 0 and t // n > 1` is
         * safe). */
        if ((op == IL_OP_AND && !a) || (op == IL_OP_OR && a)) continue;
        if ((rc = eval(c, x->u.binary.rhs, &b))) break;
        if (op == IL_OP_AND || op == IL_OP_OR) a = b;
        else rc = arith(c, x, a, b, &a);
    }
    spine_free(&sp);
    if (rc == 0) *out = a;
    return rc;
}

/* a < b <= c: each operand evaluated once, stopping at the first false. */
static int eval_compare(const ev *c, const il_expr *e, int64_t *out)
{
    int64_t a, b;
    if (eval(c, e->u.compare.operands[0], &a)) return -1;
    for (int i = 1; i < e->u.compare.n; i++) {
        if (eval(c, e->u.compare.operands[i], &b)) return -1;
        if (!compare(e->u.compare.ops[i - 1], a, b)) {
            *out = 0;
            return 0;
        }
        a = b;
    }
    *out = 1;
    return 0;
}

static int eval(const ev *c, const il_expr *e, int64_t *out)
{
    switch (e->kind) {
    case IL_E_INT:
        *out = e->u.ival;
        return 0;
    case IL_E_NAME: {
        var_ref v = find_var(c->p, e->u.name);
        if (!v.decl || v.decl->is_list) return il_eval_validate(c->p, e, c->what, c->d);
        *out = c->final[v.base];
        return 0;
    }
    case IL_E_INDEX: {
        var_ref v;
        int64_t i, j;
        if (list_of(c->p, e, c->what, &v, c->d)) return -1;
        if (eval(c, e->u.index.index, &i)) return -1;
        j = i;
        if (!index_ok(v.decl, &j)) return index_error(e, &v, i, c->what, c->d);
        *out = c->final[v.base + j];
        return 0;
    }
    case IL_E_UNARY: {
        int64_t a;
        if (eval(c, e->u.unary.operand, &a)) return -1;
        switch (e->u.unary.op) {
        case IL_OP_NEG:
            if (a == INT64_MIN) return overflow(c, e);
            *out = -a;
            return 0;
        case IL_OP_NOT:
            *out = !a;
            return 0;
        case IL_OP_POS:
        case IL_OP_ADD: case IL_OP_SUB: case IL_OP_MUL: case IL_OP_FLOORDIV: case IL_OP_MOD:
        case IL_OP_DIV: case IL_OP_AND: case IL_OP_OR: case IL_OP_EQ: case IL_OP_NE:
        case IL_OP_LT: case IL_OP_LE: case IL_OP_GT: case IL_OP_GE:
            break; /* +a, and binary operators the parser never makes unary */
        }
        *out = a;
        return 0;
    }
    case IL_E_BINARY:
        return eval_binary(c, e, out);
    case IL_E_COMPARE:
        return eval_compare(c, e, out);
    case IL_E_STR:
    case IL_E_CALL:
    case IL_E_LIST:
    case IL_E_TUPLE:
    case IL_E_LISTCOMP:
    case IL_E_FLOAT:
    case IL_E_FORMAT:
        break; /* no value: il_eval_validate says why */
    }
    return il_eval_validate(c->p, e, c->what, c->d);
}

int il_eval(const il_program *p, const il_expr *e, const int64_t *final, const char *what,
            int64_t *out, il_diag *d)
{
    ev c = {p, final, what, d};
    *out = 0;
    return eval(&c, e, out);
}
