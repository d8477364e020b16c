/* pyload.c - a Python file into the program model (see pyload.h).
 *
 * The whole file is tokenized once (IL_LEX_MODULE, so every token has its
 * file position) and read statement by statement at module level: import,
 * def and `if __name__ == "__main__":` here; every other statement through
 * the body parser (parser.h), which is then sorted into a declaration
 * (shared variable, sync object, thread) or a statement of main. After the
 * module, a pass over main's body and the body of every function a thread
 * runs resolves names as Python does (a name a function assigns is its
 * local unless declared `global`) and refuses what the model would run
 * differently from CPython; it also rewrites the few spellings the body
 * language has otherwise (time.sleep(x) is sleep(x), a float that is an
 * amount of time is an integer, a thread's variable is its name=).
 *
 * Why declarations are not steps: they are only taken as declarations
 * before main's first statement that starts a thread, while main is the
 * only thread; steps there multiply no interleaving, so the counts are
 * those of the same program with them as steps, and the YAML twin's.
 *
 * Errors: the first one is reported (through the parser's diag, so a
 * parse error and ours are never both shown) and everything unwinds. */
#include "pyload.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hashset.h"
#include "lexer.h"
#include "loader.h"
#include "parser.h"

/* What a module-level name is bound to. */
typedef enum nkind {
    N_SHARED,   /* a shared variable: index into shared */
    N_SYNC,     /* a sync object: index into sync */
    N_THREAD,   /* a thread's variable: index into threads */
    N_FUNC,     /* def: index into funcs */
    N_LOCAL,    /* bound by main's own code (a loop variable, a call's result) */
    N_MODULE,   /* import threading: index is the module */
    N_IMPORTED  /* from threading import Lock: index is the module */
} nkind;

typedef struct pname {
    const char *name; /* NULL: an empty slot */
    nkind kind;
    int index;
    int line, col;    /* where it is bound */
} pname;

typedef struct pyfunc {
    const char *name;
    int line, col;
    il_stmt *body;
    const il_token **globals; /* its `global` names */
    size_t nglobals;
    int walked;               /* checked and rewritten (once, however many threads run it) */
} pyfunc;

typedef struct pythread {
    const char *var;  /* the module variable */
    const char *name; /* its name in reports: name= or var (python.md P5) */
    int line, col;    /* of the variable */
    int name_line, name_col; /* of name=, when given */
    int func;
    int daemon, timer;
} pythread;

enum { M_THREADING, M_QUEUE, M_TIME, NMODULES };
static const char *const module_names[NMODULES] = {"threading", "queue", "time"};

typedef struct py {
    il_program *p;
    il_diag *d;
    il_arena *a;             /* the program's: the AST and the model live there */
    il_pyparser *P;
    il_tokens toks;
    il_hashset nameset;      /* the module-level names (hashset.h): ids index names */
    IL_VEC(pname) names;
    IL_VEC(il_shared_decl) shared;
    IL_VEC(il_sync_decl) sync;
    IL_VEC(pythread) threads;
    IL_VEC(pyfunc) funcs;
    il_stmt *main_head, **main_tail;
    int started, start_line; /* a statement of main that starts a thread was seen */
    unsigned imported;       /* modules imported, a bit each */
    int nstmts;              /* module statements so far (the docstring is the first) */
    const il_token *doc;     /* the module docstring */
    int64_t nvalues;         /* shared values so far */
    const size_t *line_start;
    size_t nlines;
} py;

int il_is_python_path(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return n > 3 && strcmp(path + n - 3, ".py") == 0;
}

/* ---- errors ------------------------------------------------------------------ */

static int failed(const py *y) { return il_pyparse_failed(y->P); }

static int fail(py *y, int line, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail(py *y, int line, int col, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    il_pyparse_error(y->P, line, col, "%s", msg);
    return -1;
}

#define FAIL_AT(y, node, ...) fail((y), (node)->line, (node)->col, __VA_ARGS__)

static const char *show(py *y, const char *s) { return il_show(y->a, s, strlen(s)); }

/* ---- names ------------------------------------------------------------------- */

static pname *lookup(const py *y, const char *name)
{
    uint32_t id = il_hashset_find(&y->nameset, name, strlen(name));
    return id == IL_HASHSET_NONE ? NULL : &y->names.items[id];
}

static const char *kind_words(nkind k)
{
    switch (k) {
    case N_SHARED: return "a shared variable";
    case N_SYNC: return "a sync object";
    case N_THREAD: return "a thread";
    case N_FUNC: return "a function";
    case N_LOCAL: return "a variable of main";
    case N_MODULE: return "a module";
    case N_IMPORTED: return "an imported name";
    }
    return "a name";
}

/* The words of language.md a module-level name would hide (loader.c has the
 * same list for YAML names; the Python keywords cannot reach here). */
static int reserved(const char *n)
{
    static const char *const words[] = {"id", "print", "sleep", "range", "main", NULL};
    for (int i = 0; words[i]; i++)
        if (strcmp(words[i], n) == 0) return 1;
    return 0;
}

/* Binds a module-level name; a second binding of a declared name (or one
 * that hides a word of the language) is refused. */
static int bind(py *y, const char *name, nkind kind, int index, int line, int col)
{
    pname *e = lookup(y, name);
    if (e)
        return fail(y, line, col, "'%s' is already %s (line %d): binding a module-level name "
                    "to something else is not supported", name, kind_words(e->kind), e->line);
    /* main's own variables are the compiler's to judge; `from time import
     * sleep` is the one import that is such a word, and means it */
    if (reserved(name) && kind != N_LOCAL && kind != N_IMPORTED &&
        !(kind == N_FUNC && strcmp(name, "main") == 0))
        return fail(y, line, col, "'%s' cannot be %s in this version: the name is %s", name,
                    kind_words(kind), strcmp(name, "main") == 0
                        ? "the module's own thread, main"
                        : "a word of the thread body language");
    int added;
    il_hashset_add(&y->nameset, name, strlen(name), &added);
    IL_VEC_PUSH(y->names, ((pname){name, kind, index, line, col}));
    return 0;
}

/* ---- the sync constructors (primitives.h) -------------------------------------- */

typedef struct ctor_info {
    const char *name;
    il_sync_kind kind;
    const char *module;
    il_sync_arg arg;
    const char *param;
    int64_t dflt, min;
    const char *missing, *below;
    int lock;
} ctor_info;

#define CTOR_(ID, ctor, module, arg, param, dflt, min, missing, below, shown, word, lock, methods, fn) \
    {ctor, IL_SYNC_##ID, module, IL_ARG_##arg, param, dflt, min, missing, below, lock},
static const ctor_info ctors[] = {IL_SYNC_KINDS(CTOR_, IL_SYNC_IGNORE_)};
#undef CTOR_
enum { NCTORS = sizeof ctors / sizeof *ctors };

static int module_index(const char *m)
{
    for (int i = 0; i < NMODULES; i++)
        if (strcmp(module_names[i], m) == 0) return i;
    return -1;
}

/* What a call constructs, if anything. */
typedef enum { C_NONE, C_THREAD, C_TIMER, C_SYNC } ctor_kind;

/* The module a name of the threading vocabulary lives in, or -1. */
static int vocabulary_module(const char *f, const ctor_info **ci)
{
    *ci = NULL;
    if (strcmp(f, "Thread") == 0 || strcmp(f, "Timer") == 0) return M_THREADING;
    for (int i = 0; i < NCTORS; i++)
        if (strcmp(ctors[i].name, f) == 0) {
            *ci = &ctors[i];
            return module_index(ctors[i].module);
        }
    return -1;
}

/* Whether call e is a constructor (threading.Lock(), Lock() after `from
 * threading import Lock`, queue.Queue(2), threading.Thread(...)), checking
 * that its module was imported. -1: an error was reported. */
static int ctor_of(py *y, const il_expr *e, ctor_kind *k, const ctor_info **ci)
{
    *k = C_NONE;
    *ci = NULL;
    if (e->kind != IL_E_CALL || e->u.call.object) return 0;
    const char *f = e->u.call.func, *pre = e->u.call.prefix;
    int m = vocabulary_module(f, ci);
    if (pre) {
        int pm = module_index(pre);
        if (pm == M_TIME) return 0;
        if (m < 0) return 0; /* threading.current_thread(): the body walk says */
        if (m != pm)
            return FAIL_AT(y, e, "%s.%s does not exist: %s is in the %s module (%s.%s)", pre, f, f,
                           module_names[m], module_names[m], f);
        if (!(y->imported & (1u << pm)))
            return FAIL_AT(y, e, "name '%s' is not defined: add `import %s` at the top", pre, pre);
    } else {
        const pname *n = lookup(y, f);
        if (m >= 0 && !n)
            return FAIL_AT(y, e, "name '%s' is not defined: write %s.%s() (import %s) or add "
                           "`from %s import %s`", f, module_names[m], f, module_names[m],
                           module_names[m], f);
        if (m < 0 || !n || n->kind != N_IMPORTED) return 0; /* sleep: not a constructor */
    }
    *k = strcmp(f, "Thread") == 0 ? C_THREAD : strcmp(f, "Timer") == 0 ? C_TIMER : C_SYNC;
    return 0;
}

/* ---- module-level declarations ---------------------------------------------------- */

static int in_state(py *y, const il_expr *at, const char *name, int64_t n)
{
    if (n > (int64_t)IL_STATE_MAX_VALUES - y->nvalues)
        return FAIL_AT(y, at, "shared variable '%s' does not fit in a state: %lld more values, at "
                       "most %u in all (1 MiB)", name, (long long)n, (unsigned)IL_STATE_MAX_VALUES);
    y->nvalues += n;
    return 0;
}

/* An int or bool literal (True is 1), possibly signed. */
static int int_literal(const il_expr *e, int64_t *v)
{
    if (e->kind == IL_E_INT) {
        *v = e->u.ival;
        return 1;
    }
    if (e->kind == IL_E_UNARY && (e->u.unary.op == IL_OP_NEG || e->u.unary.op == IL_OP_POS) &&
        int_literal(e->u.unary.operand, v)) {
        if (e->u.unary.op == IL_OP_NEG) {
            if (*v == INT64_MIN) return 0;
            *v = -*v;
        }
        return 1;
    }
    return 0;
}

/* A value a shared variable can start with: an int or bool literal, a list
 * of them, or [v] * n. 1 and the values (in the program's arena); 0: not a
 * literal (the statement is main's); -1: refused. */
static int shared_literal(py *y, const char *name, const il_expr *e, il_shared_decl *d)
{
    int64_t v;
    if (int_literal(e, &v)) {
        if (in_state(y, e, name, 1)) return -1;
        d->size = 1;
        d->init = il_arena_alloc(y->a, sizeof *d->init);
        d->init[0] = v;
        return 1;
    }
    const il_expr *list = NULL, *times = NULL;
    if (e->kind == IL_E_LIST) list = e;
    if (e->kind == IL_E_BINARY && e->u.binary.op == IL_OP_MUL) {
        if (e->u.binary.lhs->kind == IL_E_LIST) list = e->u.binary.lhs, times = e->u.binary.rhs;
        else if (e->u.binary.rhs->kind == IL_E_LIST) list = e->u.binary.rhs, times = e->u.binary.lhs;
    }
    if (!list) return 0;
    for (int i = 0; i < list->u.list.n; i++)
        if (!int_literal(list->u.list.items[i], &v)) return 0; /* [t1, t2]: main's (and refused there) */
    int64_t n = 1;
    if (times && !int_literal(times, &n)) return 0;
    if (list->u.list.n == 0 || n <= 0)
        return FAIL_AT(y, e, "an empty list is not supported yet: lists that grow (x = [], "
                       "x.append(v)) are python.md's; a shared list has a fixed size here, "
                       "such as x = [0, 0] or x = [0] * n");
    if (n > 1 && list->u.list.n > 1)
        return FAIL_AT(y, e, "[a, b] * n is not supported: write [v] * n or the list itself");
    int64_t size = n > 1 ? n : list->u.list.n;
    if (in_state(y, e, name, size)) return -1;
    d->is_list = 1;
    d->size = (int)size;
    d->init = il_arena_alloc(y->a, (size_t)size * sizeof *d->init);
    for (int64_t i = 0; i < size; i++) {
        int_literal(list->u.list.items[n > 1 ? 0 : i], &v);
        d->init[i] = v;
    }
    return 1;
}

static const il_expr *kwarg(const il_expr *e, const char *name)
{
    for (int i = 0; i < e->u.call.nkw; i++)
        if (strcmp(e->u.call.kwnames[i], name) == 0) return e->u.call.kwargs[i];
    return NULL;
}

static int declare_sync(py *y, const il_expr *target, const il_expr *e, const ctor_info *ci)
{
    const char *name = target->u.name;
    if (y->started)
        return FAIL_AT(y, e, "creating a sync object after main has started a thread (line %d) "
                       "is not supported yet: create it before the first start()", y->start_line);
    il_sync_decl d = {0};
    d.name = name;
    d.line = target->line;
    d.col = target->col;
    d.kind = ci->kind;
    d.lock = -1;
    const il_expr *arg = NULL;
    int nargs = e->u.call.nargs;
    for (int i = 0; i < e->u.call.nkw; i++) {
        const char *k = e->u.call.kwnames[i];
        if (!ci->param || strcmp(k, ci->param) != 0)
            return FAIL_AT(y, e->u.call.kwargs[i], "%s() got an unexpected keyword argument '%s'%s",
                           ci->name, k, ci->param ? "" : " (it takes none)");
        arg = e->u.call.kwargs[i];
    }
    if (nargs > 1 || (nargs == 1 && (arg || !ci->param)))
        return FAIL_AT(y, e, "%s() takes %s", ci->name, ci->param ? "at most one argument" : "no arguments");
    if (nargs == 1) arg = e->u.call.args[0];
    if (ci->arg == IL_ARG_LOCK) {
        if (arg) {
            const pname *n = arg->kind == IL_E_NAME ? lookup(y, arg->u.name) : NULL;
            if (!n || n->kind != N_SYNC || !ctors[y->sync.items[n->index].kind].lock) {
                unsigned locks = 0;
                for (int i = 0; i < NCTORS; i++) locks |= ctors[i].lock ? 1u << ctors[i].kind : 0;
                il_buf b = {0};
                il_sync_kinds_phrase(locks, &b);
                int r = FAIL_AT(y, arg, "Condition(lock): the lock must be a %s created before it", b.data);
                il_buf_free(&b);
                return r;
            }
            d.lock = n->index;
        }
    } else if (ci->arg == IL_ARG_INT) {
        int64_t v = ci->dflt;
        if (arg && !int_literal(arg, &v))
            return FAIL_AT(y, arg, "%s(): the argument must be an integer literal", ci->name);
        if (!arg && ci->missing) return FAIL_AT(y, e, "%s", ci->missing);
        if (v < ci->min && ci->below) return FAIL_AT(y, arg ? arg : e, "%s", ci->below);
        if (v < ci->min) v = ci->min; /* Queue(maxsize <= 0) is unbounded */
        d.arg = v;
    }
    if (bind(y, name, N_SYNC, (int)y->sync.len, target->line, target->col)) return -1;
    IL_VEC_PUSH(y->sync, d);
    return 0;
}

/* The function a thread runs: a def before this line (as Python needs). */
static int target_func(py *y, const il_expr *call, const il_expr *f, const char *what)
{
    if (!f) return FAIL_AT(y, call, "%s needs %s", what,
                           strcmp(what, "Timer()") == 0 ? "the function to run: Timer(1, f)"
                                                        : "the function to run: target=f");
    const pname *n = f->kind == IL_E_NAME ? lookup(y, f->u.name) : NULL;
    if (!n || n->kind != N_FUNC)
        return FAIL_AT(y, f, "%s: the function to run must be the name of a function defined "
                       "with def at module level, before this line", what);
    return n->index;
}

static int name_char_ok(char c, int first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

static int declare_thread(py *y, const il_expr *target, const il_expr *e, int timer)
{
    pythread t = {0};
    t.var = t.name = target->u.name;
    t.line = target->line;
    t.col = target->col;
    t.timer = timer;
    const char *what = timer ? "Timer()" : "Thread()";
    const il_expr *func = NULL;
    for (int i = 0; i < e->u.call.nkw; i++) {
        const char *k = e->u.call.kwnames[i];
        const il_expr *v = e->u.call.kwargs[i];
        if (strcmp(k, "args") == 0 || strcmp(k, "kwargs") == 0)
            return FAIL_AT(y, v, "%s= is not supported yet: a thread's function takes no parameters "
                           "in this version (python.md: Thread(target=f, args=(...)))", k);
        if (!timer && strcmp(k, "target") == 0) {
            func = v;
        } else if (timer && (strcmp(k, "function") == 0 || strcmp(k, "interval") == 0)) {
            if (k[0] == 'f') func = v;
        } else if (!timer && strcmp(k, "name") == 0) {
            if (v->kind != IL_E_STR)
                return FAIL_AT(y, v, "name= must be a string literal");
            const char *s = v->u.str;
            int ok = s[0] != '\0';
            for (size_t j = 0; ok && s[j]; j++) ok = name_char_ok(s[j], j == 0);
            if (!ok)
                return FAIL_AT(y, v, "name='%s': a thread name of letters, digits, _, - and . "
                               "(starting with a letter or _) is supported", show(y, s));
            t.name = il_arena_strdup(y->a, s);
            t.name_line = v->line;
            t.name_col = v->col;
        } else if (!timer && strcmp(k, "daemon") == 0) {
            int64_t b;
            if (!int_literal(v, &b) || (b != 0 && b != 1))
                return FAIL_AT(y, v, "daemon= must be True or False");
            t.daemon = (int)b;
        } else {
            return FAIL_AT(y, v, "%s got an unexpected keyword argument '%s' (supported: %s)", what,
                           k, timer ? "interval, function" : "target, name, daemon");
        }
    }
    if (!timer && e->u.call.nargs)
        return FAIL_AT(y, e->u.call.args[0], "write the function as target=f: positional "
                       "arguments of Thread() are not supported");
    if (timer) {
        if (e->u.call.nargs > 2)
            return FAIL_AT(y, e->u.call.args[2], "args= is not supported yet: a thread's "
                           "function takes no parameters in this version (python.md: Timer(t, "
                           "f, args=...))");
        if (e->u.call.nargs >= 2) {
            if (kwarg(e, "function")) return FAIL_AT(y, e, "Timer() got multiple values for 'function'");
            func = e->u.call.args[1];
        }
        const il_expr *iv = e->u.call.nargs ? e->u.call.args[0] : kwarg(e, "interval");
        if (!iv) return FAIL_AT(y, e, "Timer() needs the interval and the function: Timer(1, f)");
        if (e->u.call.nargs && kwarg(e, "interval"))
            return FAIL_AT(y, e, "Timer() got multiple values for 'interval'");
        int64_t v;
        const il_expr *n = iv->kind == IL_E_UNARY ? iv->u.unary.operand : iv;
        if (!int_literal(iv, &v) && n->kind != IL_E_FLOAT)
            return FAIL_AT(y, iv, "Timer(): the interval must be a number literal (time is not "
                           "modelled: the timer may fire at any step after start())");
    }
    int f = target_func(y, e, func, what);
    if (f < 0) return -1;
    t.func = f;
    if (bind(y, t.var, N_THREAD, (int)y->threads.len, t.line, t.col)) return -1;
    IL_VEC_PUSH(y->threads, t);
    return 0;
}

/* ---- statements of main --------------------------------------------------------------- */

/* Visits every statement and expression of a block (pre-order), the long
 * chains (statements, elifs, `a + b + c ...`) iteratively: hostile input
 * has them 100,000 long. A visitor returns -1 to stop. */
typedef struct visitor {
    int (*stmt)(py *y, struct visitor *v, il_stmt *s);
    int (*expr)(py *y, struct visitor *v, il_expr *e);
    void *ctx;
} visitor;

static int visit_expr(py *y, visitor *v, il_expr *e)
{
    while (e) {
        if (v->expr && v->expr(y, v, e)) return -1;
        switch (e->kind) {
        case IL_E_INT: case IL_E_STR: case IL_E_NAME: case IL_E_FLOAT:
            return 0;
        case IL_E_INDEX:
            if (visit_expr(y, v, e->u.index.index)) return -1;
            e = e->u.index.base;
            break;
        case IL_E_UNARY:
            e = e->u.unary.operand;
            break;
        case IL_E_BINARY: /* left-deep: down the left spine, the right sides are short */
            if (visit_expr(y, v, e->u.binary.rhs)) return -1;
            e = e->u.binary.lhs;
            break;
        case IL_E_COMPARE:
            for (int i = 0; i < e->u.compare.n; i++)
                if (visit_expr(y, v, e->u.compare.operands[i])) return -1;
            return 0;
        case IL_E_CALL:
            for (int i = 0; i < e->u.call.nargs; i++)
                if (visit_expr(y, v, e->u.call.args[i])) return -1;
            for (int i = 0; i < e->u.call.nkw; i++)
                if (visit_expr(y, v, e->u.call.kwargs[i])) return -1;
            return 0;
        case IL_E_LIST:
            for (int i = 0; i < e->u.list.n; i++)
                if (visit_expr(y, v, e->u.list.items[i])) return -1;
            return 0;
        case IL_E_FORMAT: /* its fields */
            for (int i = 0; i < e->u.format.n; i++)
                if (e->u.format.parts[i].value && visit_expr(y, v, e->u.format.parts[i].value))
                    return -1;
            return 0;
        }
    }
    return 0;
}

static int visit_stmts(py *y, visitor *v, il_stmt *s)
{
    for (; s; s = s->next) {
        if (v->stmt && v->stmt(y, v, s)) return -1;
        switch (s->kind) {
        case IL_S_EXPR:
            if (visit_expr(y, v, s->u.expr)) return -1;
            break;
        case IL_S_ASSIGN:
            if (visit_expr(y, v, s->u.assign.value) || visit_expr(y, v, s->u.assign.target)) return -1;
            break;
        case IL_S_AUGASSIGN:
            if (visit_expr(y, v, s->u.aug.value) || visit_expr(y, v, s->u.aug.target)) return -1;
            break;
        case IL_S_ASSERT:
            if (visit_expr(y, v, s->u.assert_.cond)) return -1;
            if (s->u.assert_.msg && visit_expr(y, v, s->u.assert_.msg)) return -1;
            break;
        case IL_S_IF:
            for (il_stmt *i = s; i; i = i->u.if_.orelse) {
                if (visit_expr(y, v, i->u.if_.cond) || visit_stmts(y, v, i->u.if_.body)) return -1;
                il_stmt *o = i->u.if_.orelse;
                if (o && !(o->kind == IL_S_IF && o->u.if_.is_elif)) {
                    if (visit_stmts(y, v, o)) return -1;
                    break;
                }
                if (o && v->stmt && v->stmt(y, v, o)) return -1;
            }
            break;
        case IL_S_WHILE:
            if (visit_expr(y, v, s->u.while_.cond) || visit_stmts(y, v, s->u.while_.body)) return -1;
            break;
        case IL_S_FOR:
            if (visit_expr(y, v, s->u.for_.iter) || visit_expr(y, v, s->u.for_.var) ||
                visit_stmts(y, v, s->u.for_.body))
                return -1;
            break;
        case IL_S_WITH:
            if (visit_expr(y, v, s->u.with.ctx) || visit_stmts(y, v, s->u.with.body)) return -1;
            break;
        case IL_S_RETURN:
            if (s->u.ret.value && visit_expr(y, v, s->u.ret.value)) return -1;
            break;
        case IL_S_PASS: case IL_S_BREAK: case IL_S_CONTINUE:
            break;
        }
    }
    return 0;
}

/* The names a statement binds (assignment targets, loop variables),
 * passed to v->ctx's callback. */
typedef int (*bind_fn)(py *y, const il_expr *name, void *ctx);
typedef struct binds {
    bind_fn fn;
    void *ctx;
} binds;

static int bound_name(py *y, visitor *v, il_stmt *s)
{
    const binds *b = v->ctx;
    const il_expr *t = s->kind == IL_S_ASSIGN      ? s->u.assign.target
                       : s->kind == IL_S_AUGASSIGN ? s->u.aug.target
                       : s->kind == IL_S_FOR       ? s->u.for_.var
                                                   : NULL;
    return t && t->kind == IL_E_NAME ? b->fn(y, t, b->ctx) : 0;
}

static int each_binding(py *y, il_stmt *s, bind_fn fn, void *ctx, int one)
{
    binds b = {fn, ctx};
    visitor v = {bound_name, NULL, &b};
    il_stmt *next = s->next;
    if (one) s->next = NULL; /* this statement (and its blocks) only */
    int r = visit_stmts(y, &v, s);
    if (one) s->next = next;
    return r;
}

/* A name main binds that is not declared becomes main's own variable. */
static int main_binds(py *y, const il_expr *t, void *ctx)
{
    (void)ctx;
    const pname *n = lookup(y, t->u.name);
    if (!n) return bind(y, t->u.name, N_LOCAL, 0, t->line, t->col);
    if (n->kind == N_FUNC || n->kind == N_MODULE || n->kind == N_IMPORTED)
        return FAIL_AT(y, t, "'%s' is %s (line %d): binding it to something else is not supported",
                       t->u.name, kind_words(n->kind), n->line);
    return 0; /* a shared variable: a write; sync objects and threads: the compiler says */
}

static int finds_start(py *y, visitor *v, il_expr *e)
{
    (void)y;
    if (e->kind == IL_E_CALL && e->u.call.object && strcmp(e->u.call.func, "start") == 0)
        *(int *)v->ctx = 1;
    return 0;
}

static void add_to_main(py *y, il_stmt *s)
{
    s->next = NULL;
    *y->main_tail = s;
    y->main_tail = &s->next;
}

/* One module-level statement the parser read: a declaration, or main's. */
static int module_stmt(py *y, il_stmt *s)
{
    if (s->kind == IL_S_ASSIGN && s->u.assign.target->kind == IL_E_NAME) {
        const il_expr *t = s->u.assign.target, *v = s->u.assign.value;
        ctor_kind k;
        const ctor_info *ci;
        if (ctor_of(y, v, &k, &ci)) return -1;
        if (k == C_SYNC) return declare_sync(y, t, v, ci);
        if (k == C_THREAD || k == C_TIMER) return declare_thread(y, t, v, k == C_TIMER);
        if (!y->started && !lookup(y, t->u.name)) {
            il_shared_decl d = {0};
            int r = shared_literal(y, t->u.name, v, &d);
            if (r < 0) return -1;
            if (r > 0) {
                d.name = t->u.name;
                d.line = t->line;
                d.col = t->col;
                if (bind(y, d.name, N_SHARED, (int)y->shared.len, t->line, t->col)) return -1;
                IL_VEC_PUSH(y->shared, d);
                return 0;
            }
        }
    }
    if (s->kind == IL_S_RETURN) return FAIL_AT(y, s, "'return' outside function");
    if (each_binding(y, s, main_binds, NULL, 1)) return -1;
    if (!y->started) {
        int starts = 0;
        visitor v = {NULL, finds_start, &starts};
        il_stmt *next = s->next;
        s->next = NULL;
        visit_stmts(y, &v, s);
        s->next = next;
        if (starts) {
            y->started = 1;
            y->start_line = s->line;
        }
    }
    add_to_main(y, s);
    return 0;
}

/* ---- module-level constructs ------------------------------------------------------- */

static const il_token *peek(const py *y, size_t k) { return il_pyparse_peek(y->P, k); }
static const il_token *next(py *y) { return il_pyparse_next(y->P); }

static int expect_tok(py *y, il_tok_kind k, const char *what)
{
    if (peek(y, 0)->kind == k) {
        next(y);
        return 0;
    }
    il_pyparse_unexpected(y->P, peek(y, 0), what);
    return -1;
}

/* "import X" for a module this version has not: what is missing, where it is. */
static int unknown_module(py *y, const il_token *at, const char *m)
{
    if (strcmp(m, "random") == 0)
        return FAIL_AT(y, at, "import random is not supported yet (python.md: random.randint and "
                       "random.choice)");
    if (strcmp(m, "logging") == 0)
        return FAIL_AT(y, at, "import logging is not supported yet (python.md: logging.info and "
                       "the others): use print");
    if (strcmp(m, "concurrent") == 0 || strcmp(m, "concurrent.futures") == 0)
        return FAIL_AT(y, at, "import %s is not supported yet (python.md: ThreadPoolExecutor)", m);
    return FAIL_AT(y, at, "import %s is not supported: a program imports threading, queue and "
                   "time", show(y, m));
}

/* A dotted module name; in the arena. */
static const char *module_name(py *y, const char *after)
{
    const il_token *t = peek(y, 0);
    if (t->kind != IL_T_NAME) {
        il_pyparse_unexpected(y->P, t, after);
        return NULL;
    }
    il_buf b = {0};
    il_buf_puts(&b, next(y)->str);
    while (peek(y, 0)->kind == IL_T_DOT && peek(y, 1)->kind == IL_T_NAME) {
        next(y);
        il_buf_printf(&b, ".%s", next(y)->str);
    }
    const char *s = il_arena_strdup(y->a, b.data);
    il_buf_free(&b);
    return s;
}

static int end_of_line(py *y)
{
    return expect_tok(y, IL_T_NEWLINE, "end of line (one import per line, or names separated by ',')");
}

static int import_stmt(py *y)
{
    next(y); /* import */
    for (;;) {
        const il_token *at = peek(y, 0);
        const char *m = module_name(y, "a module name after 'import'");
        if (!m) return -1;
        if (peek(y, 0)->kind == IL_T_KW_AS)
            return FAIL_AT(y, peek(y, 0), "import ... as is not supported yet: import %s and write "
                           "%s.name", show(y, m), show(y, m));
        int k = module_index(m);
        if (k < 0) return unknown_module(y, at, m);
        const pname *n = lookup(y, m);
        if (!n && bind(y, m, N_MODULE, k, at->line, at->col)) return -1;
        if (n && n->kind != N_MODULE)
            return FAIL_AT(y, at, "'%s' is already %s (line %d)", m, kind_words(n->kind), n->line);
        y->imported |= 1u << k;
        if (peek(y, 0)->kind != IL_T_COMMA) break;
        next(y);
    }
    return end_of_line(y);
}

/* from MODULE import a, b (or (a, b)): only names the vocabulary has. */
static int from_stmt(py *y)
{
    next(y); /* from */
    const il_token *at = peek(y, 0);
    const char *m = module_name(y, "a module name after 'from'");
    if (!m) return -1;
    int k = module_index(m);
    if (k < 0) return unknown_module(y, at, m);
    if (expect_tok(y, IL_T_KW_IMPORT, "'import' after the module name")) return -1;
    if (peek(y, 0)->kind == IL_T_STAR)
        return FAIL_AT(y, peek(y, 0), "from %s import * is not supported: import the names you use", m);
    int paren = peek(y, 0)->kind == IL_T_LPAREN;
    if (paren) next(y);
    for (;;) {
        const il_token *t = peek(y, 0);
        if (t->kind != IL_T_NAME) {
            il_pyparse_unexpected(y->P, t, "a name to import");
            return -1;
        }
        next(y);
        if (peek(y, 0)->kind == IL_T_KW_AS)
            return FAIL_AT(y, peek(y, 0), "from ... import %s as ... is not supported yet: import "
                           "it under its own name", t->str);
        const ctor_info *ci;
        int vm = vocabulary_module(t->str, &ci);
        if (k == M_TIME && strcmp(t->str, "sleep") == 0) vm = M_TIME;
        if (vm != k) {
            if (k == M_QUEUE && (strcmp(t->str, "Empty") == 0 || strcmp(t->str, "Full") == 0))
                return FAIL_AT(y, t, "queue.%s is not supported: it is only caught with try, "
                               "which is not supported (a get or put that gives up is an "
                               "error of its thread)", t->str);
            if (vm >= 0)
                return FAIL_AT(y, t, "%s is not in the %s module: from %s import %s", t->str, m,
                               module_names[vm], t->str);
            return FAIL_AT(y, t, "from %s import %s is not supported yet (this version knows "
                           "%s)", m, t->str, k == M_THREADING ? "Thread, Timer and the sync "
                           "objects" : k == M_QUEUE ? "Queue" : "sleep");
        }
        const pname *n = lookup(y, t->str);
        if (!n && bind(y, t->str, N_IMPORTED, k, t->line, t->col)) return -1;
        if (n && n->kind != N_IMPORTED)
            return FAIL_AT(y, t, "'%s' is already %s (line %d)", t->str, kind_words(n->kind), n->line);
        if (peek(y, 0)->kind != IL_T_COMMA) break;
        next(y);
        if (paren && peek(y, 0)->kind == IL_T_RPAREN) break;
    }
    if (paren && expect_tok(y, IL_T_RPAREN, "')' after the imported names")) return -1;
    return end_of_line(y);
}

static int def_stmt(py *y)
{
    const il_token *def = next(y);
    const il_token *name = peek(y, 0);
    if (name->kind != IL_T_NAME) {
        il_pyparse_unexpected(y->P, name, "a function name after 'def'");
        return -1;
    }
    next(y);
    if (expect_tok(y, IL_T_LPAREN, "'(' after the function name")) return -1;
    if (peek(y, 0)->kind != IL_T_RPAREN) {
        const il_token *t = peek(y, 0);
        if (t->kind == IL_T_ERROR) {
            il_pyparse_unexpected(y->P, t, "')'");
            return -1;
        }
        return fail(y, t->line, t->col, "functions with parameters are not supported yet "
                    "(python.md: def f(a, b=1))");
    }
    next(y);
    if (expect_tok(y, IL_T_COLON, "':' after def f()")) return -1;
    il_pyparse_clear_globals(y->P);
    il_stmt *body = il_pyparse_block(y->P, def);
    if (!body) return -1;
    pyfunc f = {0};
    f.name = name->str;
    f.line = name->line;
    f.col = name->col;
    f.body = body;
    const il_token *const *g;
    f.nglobals = il_pyparse_globals(y->P, &g);
    f.globals = il_arena_alloc(y->a, (f.nglobals + 1) * sizeof *f.globals);
    if (f.nglobals) memcpy(f.globals, g, f.nglobals * sizeof *g);
    il_pyparse_clear_globals(y->P);
    if (bind(y, f.name, N_FUNC, (int)y->funcs.len, f.line, f.col)) return -1;
    IL_VEC_PUSH(y->funcs, f);
    return 0;
}

static int module_block(py *y, il_tok_kind end, int in_main_block);

/* if __name__ == "__main__": its block is module code (the file is the
 * program, so the test is true). */
static int main_block(py *y, int nested)
{
    const il_token *kw = peek(y, 0);
    const il_token *op = peek(y, 2), *s = peek(y, 3), *colon = peek(y, 4);
    if (op->kind != IL_T_EQ || s->kind != IL_T_STR || strcmp(s->str, "__main__") != 0 ||
        colon->kind != IL_T_COLON)
        return FAIL_AT(y, kw, "only `if __name__ == \"__main__\":` is supported with __name__");
    if (nested)
        return FAIL_AT(y, kw, "if __name__ == \"__main__\": inside another one is not supported");
    for (int i = 0; i < 5; i++) next(y);
    if (peek(y, 0)->kind != IL_T_NEWLINE) { /* if __name__ == "__main__": f() */
        il_stmt *last, *st = il_pyparse_stmt(y->P, &last);
        if (failed(y)) return -1;
        il_pyparse_clear_globals(y->P);
        for (il_stmt *n; st; st = n) {
            n = st->next;
            if (module_stmt(y, st)) return -1;
        }
    } else {
        next(y);
        if (peek(y, 0)->kind != IL_T_INDENT)
            return FAIL_AT(y, peek(y, 0), "expected an indented block after 'if' on line %d", kw->line);
        next(y);
        if (module_block(y, IL_T_DEDENT, 1)) return -1;
        next(y);
    }
    const il_token *t = peek(y, 0);
    if (t->kind == IL_T_KW_ELSE || t->kind == IL_T_KW_ELIF)
        return FAIL_AT(y, t, "%s after if __name__ == \"__main__\": is not supported: that code "
                       "never runs when the file is the program", t->str);
    return 0;
}

static int module_block(py *y, il_tok_kind end, int in_main_block)
{
    while (!failed(y)) {
        const il_token *t = peek(y, 0);
        if (t->kind == end) return 0;
        int first = y->nstmts++ == 0;
        il_tok_kind k = t->kind;
        if (k == IL_T_ERROR || k == IL_T_END) {
            il_pyparse_unexpected(y->P, t, "a statement");
        } else if (k == IL_T_KW_IMPORT) {
            import_stmt(y);
        } else if (k == IL_T_KW_FROM) {
            from_stmt(y);
        } else if (k == IL_T_KW_DEF) {
            def_stmt(y);
        } else if (k == IL_T_KW_CLASS || k == IL_T_AT || k == IL_T_KW_ASYNC) {
            il_pyparse_unexpected(y->P, t, "a statement"); /* the parser's words for them */
        } else if (k == IL_T_KW_IF && peek(y, 1)->kind == IL_T_NAME &&
                   strcmp(peek(y, 1)->str, "__name__") == 0) {
            main_block(y, in_main_block);
        } else if (k == IL_T_STR && first && !in_main_block && peek(y, 1)->kind == IL_T_NEWLINE) {
            y->doc = t; /* the module docstring: no step (CPython stores it as __doc__) */
            next(y);
            next(y);
        } else {
            il_stmt *last, *s = il_pyparse_stmt(y->P, &last);
            if (failed(y)) break;
            il_pyparse_clear_globals(y->P); /* `global` at module level changes nothing */
            for (il_stmt *n; s; s = n) {
                n = s->next;
                if (module_stmt(y, s)) break;
            }
        }
    }
    return -1;
}

/* ---- names in bodies ------------------------------------------------------------ */

/* What a body's walk knows. */
typedef struct body_ctx {
    pyfunc *f;               /* NULL: main */
    IL_VEC(const char *) locals; /* f's locals (names it binds, not global) */
    const il_stmt *stmt;     /* main: the top-level statement being walked */
} body_ctx;

static int is_local(const body_ctx *b, const char *n)
{
    for (size_t i = 0; i < b->locals.len; i++)
        if (strcmp(b->locals.items[i], n) == 0) return 1;
    return 0;
}

static const il_token *global_decl(const pyfunc *f, const char *n)
{
    for (size_t i = 0; i < f->nglobals; i++)
        if (strcmp(f->globals[i]->str, n) == 0) return f->globals[i];
    return NULL;
}

/* A name function f binds: its local, unless `global`; a local that would
 * hide a shared variable is refused (the compiler would take it for the
 * shared one). */
static int func_binds(py *y, const il_expr *t, void *ctx)
{
    body_ctx *b = ctx;
    const char *n = t->u.name;
    const pname *m = lookup(y, n);
    if (global_decl(b->f, n)) {
        if (!m || m->kind != N_SHARED)
            return FAIL_AT(y, t, "global %s: '%s' must be a module-level variable given an int, "
                           "bool or list value before the first start(), such as %s = 0 (other "
                           "module variables are not supported yet)", n, n, n);
        return 0;
    }
    if (m && m->kind == N_SHARED)
        return FAIL_AT(y, t, "assigning '%s' in %s() makes it a local variable of %s() (Python's "
                       "rule), hiding the module-level %s: not supported yet; write `global %s` "
                       "first to assign the module's variable", n, b->f->name, b->f->name, n, n);
    if (strcmp(n, "id") == 0)
        return FAIL_AT(y, t, "a variable named id is not supported (the name is the instance "
                       "number of a YAML program's threads)");
    /* the program's names are one namespace to the compiler */
    int clash = m && (m->kind == N_SYNC || m->kind == N_THREAD);
    for (size_t i = 0; i < y->threads.len && !clash; i++) clash = strcmp(y->threads.items[i].name, n) == 0;
    if (clash || strcmp(n, "main") == 0)
        return FAIL_AT(y, t, "a local variable of %s() named like the module's %s %s is not "
                       "supported yet: give it another name", b->f->name,
                       m && m->kind == N_SYNC ? "sync object" : "thread", n);
    if (!is_local(b, n)) IL_VEC_PUSH(b->locals, n);
    return 0;
}

/* A float where it means time becomes an integer (rounded up: time is not
 * modelled, only "none" or "some"); anywhere else the compiler refuses it. */
static void time_arg(il_expr *e)
{
    if (e && e->kind == IL_E_FLOAT) e->kind = IL_E_INT;
}

static void timeouts(il_expr *e)
{
    for (int i = 0; i < e->u.call.nkw; i++)
        if (strcmp(e->u.call.kwnames[i], "timeout") == 0) time_arg(e->u.call.kwargs[i]);
    if (!e->u.call.object) return;
    static const struct { const char *m; int pos; } at[] = {
        {"join", 0}, {"wait", 0}, {"acquire", 1}, {"get", 1}, {"put", 2}};
    for (size_t i = 0; i < sizeof at / sizeof *at; i++)
        if (strcmp(e->u.call.func, at[i].m) == 0 && at[i].pos < e->u.call.nargs)
            time_arg(e->u.call.args[at[i].pos]);
}

/* A module-level name used at e: what it is here, renamed to its thread's
 * name. `name` points at the field to rewrite. */
static int module_ref(py *y, body_ctx *b, const il_expr *e, const char **name)
{
    const char *n = *name;
    if (b->f && is_local(b, n)) return 0;
    const pname *m = lookup(y, n);
    if (!m) return 0; /* unknown: the compiler says "not defined" */
    switch (m->kind) {
    case N_SHARED:
    case N_SYNC:
        break;
    case N_THREAD:
        *name = y->threads.items[m->index].name;
        break;
    case N_FUNC:
        return FAIL_AT(y, e, "using the function %s as a value is not supported yet "
                       "(python.md: functions)", n);
    case N_LOCAL:
        if (!b->f) return 0;
        return FAIL_AT(y, e, "%s() reads '%s', which main binds at line %d: only module-level "
                       "variables given an int, bool or list value before the first start() "
                       "are shared (other module variables are not supported yet)",
                       b->f->name, n, m->line);
    case N_MODULE:
        return FAIL_AT(y, e, "the module %s as a value is not supported", n);
    case N_IMPORTED:
        return FAIL_AT(y, e, "%s as a value is not supported: call it at the top of the "
                       "module (NAME = %s(...))", n, n);
    }
    /* main runs in order: a name declared further down does not exist yet */
    if (!b->f && b->stmt && (m->line > b->stmt->line || (m->line == b->stmt->line && m->col > b->stmt->col)))
        return FAIL_AT(y, e, "name '%s' is used before it is assigned (at line %d)", n, m->line);
    return 0;
}

static int body_expr(py *y, visitor *v, il_expr *e)
{
    body_ctx *b = v->ctx;
    const il_token *g = b->f && e->kind == IL_E_NAME ? global_decl(b->f, e->u.name) : NULL;
    if (g && (e->line < g->line || (e->line == g->line && e->col < g->col)))
        return FAIL_AT(y, e, "name '%s' is used prior to global declaration (line %d)", e->u.name,
                       g->line); /* CPython's SyntaxError */
    if (e->kind == IL_E_NAME) {
        if (strcmp(e->u.name, "id") == 0)
            return FAIL_AT(y, e, "the name id is not supported (in YAML programs it is a "
                           "thread's instance number; the builtin id() is not modelled)");
        return module_ref(y, b, e, &e->u.name);
    }
    if (e->kind == IL_E_LIST) {
        for (int i = 0; i < e->u.list.n; i++) {
            const il_expr *it = e->u.list.items[i];
            const pname *m = it->kind == IL_E_NAME && !(b->f && is_local(b, it->u.name))
                                 ? lookup(y, it->u.name) : NULL;
            if (m && (m->kind == N_THREAD || m->kind == N_SYNC))
                return FAIL_AT(y, it, "lists of %ss are not supported yet (python.md: lists of "
                               "threads, sync objects as values)", m->kind == N_THREAD ? "thread" : "sync object");
        }
        return 0;
    }
    if (e->kind != IL_E_CALL) return 0;
    const char *f = e->u.call.func, *pre = e->u.call.prefix;
    ctor_kind k;
    const ctor_info *ci;
    if (ctor_of(y, e, &k, &ci)) return -1;
    if (k == C_THREAD || k == C_TIMER)
        return FAIL_AT(y, e, "a %s is created only as NAME = threading.%s(...) at the top level of "
                       "the module: threads in functions, loops and lists are not supported yet "
                       "(python.md: threads as objects)", f, f);
    if (k == C_SYNC)
        return FAIL_AT(y, e, "a %s is created only as NAME = %s%s%s(...) at the top level of the "
                       "module, before the first start(): sync objects in functions, loops and "
                       "lists are not supported yet (python.md: sync objects as values)", f,
                       pre ? pre : "", pre ? "." : "", f);
    if (pre && strcmp(pre, "time") == 0) {
        if (!(y->imported & (1u << M_TIME)))
            return FAIL_AT(y, e, "name 'time' is not defined: add `import time` at the top");
        if (strcmp(f, "sleep") != 0)
            return FAIL_AT(y, e, "time.%s() is not supported: time is not modelled (time.sleep(x) "
                           "is a step with no effect)", f);
        e->u.call.prefix = NULL; /* the body language's sleep() */
        if (e->u.call.nargs) time_arg(e->u.call.args[0]);
        return 0;
    }
    if (pre) {
        if (!(y->imported & (1u << module_index(pre))))
            return FAIL_AT(y, e, "name '%s' is not defined: add `import %s` at the top", pre, pre);
        return FAIL_AT(y, e, "%s.%s() is not supported yet (python.md: threading's functions, "
                       "such as current_thread())", pre, f);
    }
    if (e->u.call.object) {
        const pname *m = b->f && is_local(b, e->u.call.object) ? NULL : lookup(y, e->u.call.object);
        if (m && m->kind == N_SHARED && y->shared.items[m->index].is_list)
            return FAIL_AT(y, e, "list methods (%s.%s()) are not supported yet: a shared list has "
                           "a fixed size in this version (python.md: lists)", e->u.call.object, f);
        if (module_ref(y, b, e, &e->u.call.object)) return -1;
        timeouts(e);
        return 0;
    }
    const pname *m = lookup(y, f);
    if (m && m->kind == N_FUNC && !(b->f && is_local(b, f)))
        return FAIL_AT(y, e, "calling %s() is not supported yet: a function runs only as a "
                       "thread's target (python.md: functions with parameters and return values)", f);
    if (strcmp(f, "sleep") == 0) {
        if (!m || m->kind != N_IMPORTED || m->index != M_TIME)
            return FAIL_AT(y, e, "name 'sleep' is not defined: import time and write "
                           "time.sleep(x), or add `from time import sleep`");
        if (e->u.call.nargs) time_arg(e->u.call.args[0]);
    }
    if (strcmp(f, "len") == 0 || strcmp(f, "str") == 0)
        return FAIL_AT(y, e, "%s() is not supported yet (python.md: str and lists)", f);
    return 0;
}

static int body_stmt(py *y, visitor *v, il_stmt *s)
{
    (void)v;
    if (s->kind == IL_S_RETURN && s->u.ret.value)
        return FAIL_AT(y, s->u.ret.value, "return with a value is not supported yet (python.md: "
                       "return values)");
    return 0;
}

/* Main's body: each top-level statement walked with its own position (a
 * name declared after it is not there yet). */
static int walk_main(py *y)
{
    body_ctx b = {0};
    visitor v = {body_stmt, body_expr, &b};
    for (il_stmt *s = y->main_head; s; s = s->next) {
        b.stmt = s;
        il_stmt *n = s->next;
        s->next = NULL;
        int r = visit_stmts(y, &v, s);
        s->next = n;
        if (r) return -1;
    }
    return 0;
}

static int walk_func(py *y, pyfunc *f)
{
    if (f->walked) return 0;
    f->walked = 1;
    body_ctx b = {0};
    b.f = f;
    int r = 0;
    for (size_t i = 0; i < f->nglobals && !r; i++) {
        const il_token *g = f->globals[i];
        const pname *m = lookup(y, g->str);
        if (!m || m->kind == N_LOCAL || m->kind == N_FUNC || m->kind == N_MODULE || m->kind == N_IMPORTED)
            r = fail(y, g->line, g->col, "global %s: '%s' must be a module-level variable given "
                     "an int, bool or list value before the first start(), such as %s = 0 (other "
                     "module variables are not supported yet)", g->str, g->str, g->str);
    }
    for (il_stmt *s = f->body; s && !r; s = s->next) r = each_binding(y, s, func_binds, &b, 1);
    visitor v = {body_stmt, body_expr, &b};
    if (!r) r = visit_stmts(y, &v, f->body);
    il_free(b.locals.items);
    return r;
}

/* ---- the docstring ---------------------------------------------------------------- */

static int starts_with_key(const char *s, const char *end)
{
    static const char *const keys[] = {"name", "about", "expect", NULL};
    for (int i = 0; keys[i]; i++) {
        size_t n = strlen(keys[i]);
        if ((size_t)(end - s) > n && memcmp(s, keys[i], n) == 0 && s[n] == ':' &&
            (s + n + 1 == end || s[n + 1] == ' ' || s[n + 1] == '\n' || s[n + 1] == '\r'))
            return 1;
    }
    return 0;
}

/* When the docstring's first line with text starts with name:, about: or
 * expect:, it is the program's YAML (anything else is just a docstring). */
static int docstring(py *y)
{
    const il_token *t = y->doc;
    if (!t) return 0;
    const char *src = t->src;
    size_t q = t->len >= 6 && src[1] == src[0] && src[2] == src[0] ? 3 : 1;
    const char *s = src + q, *end = src + t->len - q;
    const char *first = s; /* its first text */
    while (first < end && (*first == ' ' || *first == '\t' || *first == '\n' || *first == '\r')) first++;
    if (first >= end || !starts_with_key(first, end)) return 0;
    int text_on_quote_line = 1;
    for (const char *c = s; c < end && *c != '\n' && *c != '\r'; c++) text_on_quote_line &= *c == ' ';
    text_on_quote_line = !text_on_quote_line;
    if (text_on_quote_line && memchr(s, '\n', (size_t)(end - s)))
        return FAIL_AT(y, t, "start the docstring's YAML on the line after the opening quotes");
    /* (NEL, LS and PS, which YAML would count as line breaks, are refused in
     * the whole file: check_text) */
    int line = t->line, col = t->col;
    for (const char *c = src; c < end; c++) {
        if (*c == '\\' && c >= s)
            return fail(y, line, col, "a backslash in the docstring's YAML is not supported "
                        "(Python reads it as an escape): write the expectations without one");
        if (*c == '\n' || (*c == '\r' && !(c + 1 < end && c[1] == '\n'))) line++, col = 1;
        else if (((unsigned char)*c & 0xC0) != 0x80 && *c != '\r') col++;
    }
    /* the docstring's text where it is in the file: earlier lines empty, the
     * opening line blanked up to the text */
    il_buf b = {0};
    for (int i = 1; i < t->line; i++) il_buf_putc(&b, '\n');
    for (int i = 1; i < t->col + (int)q; i++) il_buf_putc(&b, ' ');
    il_buf_putn(&b, s, (size_t)(end - s)); /* its end is the closing quotes' place */
    int before = y->d->errors;
    int r = il_load_meta_yaml(y->p, b.data, b.len, y->d);
    il_buf_free(&b);
    if (r && y->d->errors == before) return FAIL_AT(y, t, "the module docstring is not valid YAML");
    return r; /* its message is out: il_pyload returns -1 */
}

/* ---- the program ------------------------------------------------------------------- */

static int build(py *y)
{
    il_program *p = y->p;
    if (!y->main_head)
        return fail(y, 1, 1, "the module runs no statement: main would do nothing (start the "
                    "threads with t.start())");
    if (walk_main(y)) return -1;
    for (size_t i = 0; i < y->threads.len; i++)
        if (walk_func(y, &y->funcs.items[y->threads.items[i].func])) return -1;
    /* thread names are the program's names too (name= may be any of them) */
    for (size_t i = 0; i < y->threads.len; i++) {
        const pythread *t = &y->threads.items[i];
        if (t->name == t->var) continue;
        const pname *m = lookup(y, t->name);
        if (strcmp(t->name, "main") == 0 || (m && !(m->kind == N_THREAD && m->index == (int)i)))
            return fail(y, t->name_line, t->name_col, "name='%s': %s", t->name,
                        strcmp(t->name, "main") == 0 ? "that is the module's own thread"
                                                     : "the name is taken by another module-level name");
        for (size_t j = 0; j < i; j++)
            if (strcmp(y->threads.items[j].name, t->name) == 0)
                return fail(y, t->name_line, t->name_col, "name='%s': thread %s has that name already (line %d)",
                            t->name, y->threads.items[j].var, y->threads.items[j].line);
    }
    p->nshared = (int)y->shared.len;
    p->shared = il_arena_alloc(y->a, (y->shared.len + 1) * sizeof *p->shared);
    if (y->shared.len) memcpy(p->shared, y->shared.items, y->shared.len * sizeof *p->shared);
    p->nsync = (int)y->sync.len;
    p->sync = il_arena_alloc(y->a, (y->sync.len + 1) * sizeof *p->sync);
    if (y->sync.len) memcpy(p->sync, y->sync.items, y->sync.len * sizeof *p->sync);
    /* main first (it alone starts), then the threads in the order they are created */
    p->nthreads = (int)y->threads.len + 1;
    p->threads = il_arena_alloc(y->a, (size_t)p->nthreads * sizeof *p->threads);
    il_thread_decl *m = &p->threads[0];
    m->name = "main";
    m->line = y->main_head->line;
    m->col = y->main_head->col;
    m->body = y->main_head;
    for (size_t i = 0; i < y->threads.len; i++) {
        const pythread *t = &y->threads.items[i];
        il_thread_decl *d = &p->threads[i + 1];
        d->name = t->name;
        d->line = t->line;
        d->col = t->col;
        d->daemon = t->daemon;
        d->timer = t->timer;
        d->body = y->funcs.items[t->func].body; /* shared: threads of one target run one body */
    }
    return docstring(y);
}

/* UTF-8, as Python reads a file, and no line break that only YAML knows
 * (NEL, LS, PS): the lexer's lines must be the report's (il_line_starts). */
static int check_text(py *y, const char *s, size_t n)
{
    int line = 1, col = 1;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' || c == '\r') {
            i += c == '\r' && i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
            line++;
            col = 1;
            continue;
        }
        size_t k = c < 0x80 ? 1 : il_utf8_char(s + i);
        if (k == 0 || i + k > n)
            return fail(y, line, col, "invalid UTF-8 (byte 0x%02x): a Python file must be UTF-8 text", c);
        if ((k == 2 && c == 0xC2 && (unsigned char)s[i + 1] == 0x85) ||
            (k == 3 && c == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
             ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)))
            return fail(y, line, col, "U+%04X is not supported in a Python file: YAML and the "
                        "reports would count it as a line break", k == 2 ? 0x85u
                        : (unsigned char)s[i + 2] == 0xA8 ? 0x2028u : 0x2029u);
        i += k;
        col++;
    }
    return 0;
}

int il_pyload(il_program *p, il_diag *d)
{
    py y = {0};
    y.p = p;
    y.d = d;
    y.a = &p->arena;
    y.main_tail = &y.main_head;
    const char *text = p->text;
    size_t len = p->text_len;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) { /* a BOM: Python skips it, so do columns */
        text += 3;
        len -= 3;
    }
    y.nlines = il_line_starts(p->text, p->text_len, NULL);
    size_t *starts = il_xmalloc((y.nlines + 1) * sizeof *starts);
    il_line_starts(p->text, p->text_len, starts);
    y.line_start = starts;
    il_lex_tokenize(&y.toks, y.a, text, len, NULL, IL_LEX_MODULE);
    y.P = il_pyparse_open(y.a, d, &y.toks);
    int rc = check_text(&y, text, len);
    if (!rc) rc = module_block(&y, IL_T_END, 0);
    if (!failed(&y)) rc = build(&y);
    if (failed(&y)) rc = -1;
    il_pyparse_close(y.P);
    il_lex_free(&y.toks);
    il_free(starts);
    il_hashset_free(&y.nameset);
    il_free(y.names.items);
    il_free(y.shared.items);
    il_free(y.sync.items);
    il_free(y.threads.items);
    il_free(y.funcs.items);
    return rc;
}
