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
    N_IMPORTED, /* from threading import Lock: index is the module */
    N_CLASS,    /* class C: index into classes */
    N_OBJECT,   /* NAME = C(...): index into classes (its class); its attributes and
                   methods are the names NAME.attr, NAME.method */
    N_STR       /* NAME = "text" before any thread starts, never assigned again: a
                   constant (docs/classes-rules.md S1), index into strs */
} nkind;

typedef struct pname {
    const char *name; /* NULL: an empty slot */
    nkind kind;
    int index;
    int line, col;    /* where it is bound */
    const char *fn;   /* bound in the body of this function that main's code calls (a local of it) */
} pname;

typedef struct pyfunc {
    const char *name;
    int line, col;
    int nparams;
    const char **params;
    il_expr **defaults;       /* per parameter: its default, or NULL */
    int end_line;             /* its last line: the implicit return None */
    il_stmt *body;
    const il_token **globals; /* its `global` names */
    size_t nglobals;
    int walked;               /* checked and rewritten (once, however many threads run it) */
} pyfunc;

/* class C: its methods, read once; each object of it gets its own copy
 * of them with the object's name for self (the objects are known when
 * the program is loaded: python.md P4). */
typedef struct pyclass {
    const char *name;
    int line, col;
    IL_VEC(pyfunc) methods;
} pyclass;

typedef struct pythread {
    const char *var;  /* the module variable */
    const char *name; /* its name in reports: name= or var (python.md P5) */
    int line, col;    /* of the variable */
    int name_line, name_col; /* of name=, when given */
    int func;
    int daemon, timer;
    il_expr *call;    /* f(args..., kw=...): what it runs (args=, kwargs=) */
    const char *pyname; /* its name in CPython: name=, else Thread-N (f) */
} pythread;

enum { M_THREADING, M_QUEUE, M_TIME, M_LOGGING, M_FUTURES, NMODULES };
static const char *const module_names[NMODULES] = {"threading", "queue", "time", "logging",
                                                   "concurrent.futures"};

/* What a name of main's code stands for while the module is read in order
 * (main's thread structure is known when the program is loaded: a thread
 * created in a loop is a thread of the program, python.md P4). */
typedef enum ekind {
    E_THREAD, E_TLIST, E_CONST,
    E_EXEC,   /* the executor of a with */
    E_FUTURE, /* ex.submit(...)'s Future: v is its task */
    E_FLIST   /* a list of futures: list holds their tasks */
} ekind;
typedef struct envent {
    const char *name;
    ekind kind;
    int64_t v;              /* E_THREAD: the thread; E_CONST: the value */
    IL_VEC(int) list;       /* E_TLIST: the threads, in order */
} envent;

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
    IL_VEC(pyclass) classes;
    IL_VEC(const char *) strs;      /* N_STR constants' text */
    IL_VEC(il_executor_task) tasks; /* the executor in main's submits, in order */
    il_stmt *main_head, **main_tail;
    int started, start_line; /* a statement of main that starts a thread was seen */
    IL_VEC(envent) env;      /* main's names bound to threads, lists of them, loop counters */
    int unrolling;           /* loops of main being expanded */
    int unnamed;             /* threads created without name= (CPython's Thread-N) */
    int mainfn;              /* the body of a function main's code calls, being expanded */
    const char *mainfn_name; /* its name */
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
    case N_CLASS: return "a class";
    case N_OBJECT: return "an object";
    case N_STR: return "a string constant";
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
    IL_VEC_PUSH(y->names, ((pname){name, kind, index, line, col, y->mainfn_name}));
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
typedef enum { C_NONE, C_THREAD, C_TIMER, C_SYNC, C_EXECUTOR } ctor_kind;

/* The module a name of the threading vocabulary lives in, or -1. */
static int vocabulary_module(const char *f, const ctor_info **ci)
{
    *ci = NULL;
    if (strcmp(f, "Thread") == 0 || strcmp(f, "Timer") == 0) return M_THREADING;
    if (strcmp(f, "ThreadPoolExecutor") == 0) return M_FUTURES;
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
        if (pm == M_TIME || pm == M_LOGGING) return 0;
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
    *k = strcmp(f, "Thread") == 0 ? C_THREAD : strcmp(f, "Timer") == 0 ? C_TIMER
         : strcmp(f, "ThreadPoolExecutor") == 0 ? C_EXECUTOR : C_SYNC;
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

static int env_set(py *y, const char *name, ekind k, int64_t v);

/* A thread created by main's code: `target` is the variable (NULL: a list's
 * element). Outside expansions the variable is the thread's module-level
 * name; in them the variable is only bound for the statements that follow
 * (a loop creates one thread per iteration), and the thread is named after
 * the variable when that is unique, else after its target and its creation
 * index (python.md P5: increment_counter-3). */
static int declare_thread_as(py *y, const il_expr *target, const il_expr *e, int timer,
                             int expanded);

static int declare_thread(py *y, const il_expr *target, const il_expr *e, int timer)
{
    return declare_thread_as(y, target, e, timer, 0);
}

/* A list literal of numbers passed to a thread or a task ([1, 2] in
 * args=([1, 2],)): a list made when the program is loaded, named by where
 * it is written (python.md P6: list@LINE; list@LINE.K for the k-th on that
 * line), passed by name as a shared list is. *slot becomes its name; other
 * expressions are left as they are. -1: refused. */
static int anon_list(py *y, il_expr **slot)
{
    il_expr *e = *slot;
    if (e->kind != IL_E_LIST) return 0;
    il_shared_decl d = {0};
    il_buf b = {0};
    il_buf_printf(&b, "list@%d", e->line);
    for (int k = 2; lookup(y, b.data); k++) {
        b.len = 0;
        il_buf_printf(&b, "list@%d.%d", e->line, k);
    }
    d.name = il_arena_strdup(y->a, b.data);
    il_buf_free(&b);
    int r = shared_literal(y, d.name, e, &d);
    if (r <= 0)
        return r < 0 ? -1 : FAIL_AT(y, e, "a list passed to a thread or a task must be a list of "
                                    "numbers written out, such as [1, 2], in this version");
    d.line = e->line;
    d.col = e->col;
    if (bind(y, d.name, N_SHARED, (int)y->shared.len, d.line, d.col)) return -1;
    IL_VEC_PUSH(y->shared, d);
    il_expr *n = il_arena_alloc(y->a, sizeof *n);
    memset(n, 0, sizeof *n);
    n->kind = IL_E_NAME;
    n->line = e->line;
    n->col = e->col;
    n->u.name = d.name;
    *slot = n;
    return 0;
}

static int declare_thread_as(py *y, const il_expr *target, const il_expr *e, int timer,
                             int expanded)
{
    pythread t = {0};
    t.var = t.name = target ? target->u.name : NULL;
    t.line = target ? target->line : e->line;
    t.col = target ? target->col : e->col;
    t.timer = timer;
    const char *what = timer ? "Timer()" : "Thread()";
    const il_expr *func = NULL, *args = NULL;
    for (int i = 0; i < e->u.call.nkw; i++) {
        const char *k = e->u.call.kwnames[i];
        const il_expr *v = e->u.call.kwargs[i];
        if (strcmp(k, "kwargs") == 0)
            return FAIL_AT(y, v, "kwargs= is not supported yet: pass the arguments in args=(...), "
                           "in the order of the function's parameters");
        if (strcmp(k, "args") == 0) {
            if (v->kind != IL_E_TUPLE && v->kind != IL_E_LIST)
                return FAIL_AT(y, v, "args= must be a tuple or list written out, such as "
                               "args=(i,) or args=(lock, 3)");
            args = v;
        } else if (!timer && strcmp(k, "target") == 0) {
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
                           k, timer ? "interval, function, args" : "target, args, name, daemon");
        }
    }
    if (!timer && e->u.call.nargs)
        return FAIL_AT(y, e->u.call.args[0], "write the function as target=f: positional "
                       "arguments of Thread() are not supported");
    if (timer) {
        if (e->u.call.nargs > 3)
            return FAIL_AT(y, e->u.call.args[3], "Timer() takes at most 3 positional arguments "
                           "here (interval, function, args)");
        if (e->u.call.nargs == 3) {
            if (args) return FAIL_AT(y, e, "Timer() got multiple values for 'args'");
            args = e->u.call.args[2];
            if (args->kind != IL_E_TUPLE && args->kind != IL_E_LIST)
                return FAIL_AT(y, args, "args must be a tuple or list written out, such as (i,)");
        }
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
    if (t.name_line) {
        t.pyname = t.name;
    } else { /* CPython's: Thread-N, N counting the unnamed threads; (f) after a target */
        const char *fn = strrchr(y->funcs.items[f].name, '.'); /* a method: its own name */
        fn = fn ? fn + 1 : y->funcs.items[f].name;
        il_buf b = {0};
        il_buf_printf(&b, timer ? "Thread-%d" : "Thread-%d (%s)", ++y->unnamed, fn);
        t.pyname = il_arena_strdup(y->a, b.data);
        il_buf_free(&b);
    }
    for (int i = 0; args && i < args->u.list.n; i++)
        if (anon_list(y, &args->u.list.items[i])) return -1;
    /* the call the thread runs: f(*args), positioned at target= */
    il_expr *c = il_arena_alloc(y->a, sizeof *c);
    memset(c, 0, sizeof *c);
    c->kind = IL_E_CALL;
    c->line = func->line;
    c->col = func->col;
    c->u.call.func = y->funcs.items[f].name;
    if (args) {
        c->u.call.nargs = args->u.list.n;
        c->u.call.args = args->u.list.items;
    }
    t.call = c;
    if (!expanded) {
        if (bind(y, t.var, N_THREAD, (int)y->threads.len, t.line, t.col)) return -1;
        IL_VEC_PUSH(y->threads, t);
        return 0;
    }
    int unique = t.var && !y->unrolling && !lookup(y, t.var) && t.name == t.var;
    for (size_t i = 0; unique && i < y->threads.len; i++)
        unique = strcmp(y->threads.items[i].name, t.var) != 0;
    if (t.name == t.var && !unique) {
        il_buf b = {0};
        il_buf_printf(&b, "%s-%zu", y->funcs.items[f].name, y->threads.len + 1);
        t.name = il_arena_strdup(y->a, b.data);
        il_buf_free(&b);
    }
    if (!t.var) t.var = t.name;
    if (y->threads.len >= 4096) return FAIL_AT(y, e, "too many threads (limit 4096)");
    IL_VEC_PUSH(y->threads, t);
    return target ? env_set(y, target->u.name, E_THREAD, (int64_t)y->threads.len - 1) : 0;
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
        case IL_E_LISTCOMP:
            if (visit_expr(y, v, e->u.comp.iter) || visit_expr(y, v, e->u.comp.var) ||
                visit_expr(y, v, e->u.comp.elt) ||
                (e->u.comp.cond && visit_expr(y, v, e->u.comp.cond)))
                return -1;
            return 0;
        case IL_E_CALL:
            if (e->u.call.recv && visit_expr(y, v, e->u.call.recv)) return -1;
            for (int i = 0; i < e->u.call.nargs; i++)
                if (visit_expr(y, v, e->u.call.args[i])) return -1;
            for (int i = 0; i < e->u.call.nkw; i++)
                if (visit_expr(y, v, e->u.call.kwargs[i])) return -1;
            return 0;
        case IL_E_LIST:
        case IL_E_TUPLE:
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

/* The module-level thread of t.attr, when n is that; else NULL. */
static const pname *thread_attr(py *y, const char *n, const char *attr)
{
    const char *dot = strchr(n, '.');
    if (!dot || strcmp(dot + 1, attr) != 0 || dot - n >= 128) return NULL;
    char head[128];
    snprintf(head, sizeof head, "%.*s", (int)(dot - n), n);
    const pname *m = lookup(y, head);
    return m && m->kind == N_THREAD ? m : NULL;
}

/* a.b that is no object's attribute: what is missing. */
static int attr_unknown(py *y, const il_expr *at, const char *n)
{
    const char *dot = strchr(n, '.');
    char head[128];
    snprintf(head, sizeof head, "%.*s", (int)(dot - n), n);
    const pname *m = lookup(y, head);
    const char *attr = dot + 1;
    if (m && m->kind == N_THREAD && strcmp(attr, "daemon") == 0)
        return FAIL_AT(y, at, "%s.daemon is not supported yet: pass daemon=True to "
                       "threading.Thread", head);
    if (m && m->kind == N_THREAD)
        return FAIL_AT(y, at, "%s is not supported yet (python.md: threads as objects, t.name)", n);
    if (m && m->kind == N_OBJECT)
        return FAIL_AT(y, at, "'%s' object has no attribute '%s' (attributes are the names its "
                       "methods assign as self.%s)", y->classes.items[m->index].name, attr, attr);
    if (m && (m->kind == N_MODULE || m->kind == N_IMPORTED))
        return FAIL_AT(y, at, "%s is not supported (this version knows the calls of python.md)", n);
    if (m)
        return FAIL_AT(y, at, "%s: %s is %s, which has no attributes in this version", n, head,
                       kind_words(m->kind));
    return FAIL_AT(y, at, "attribute access %s is not supported: only the attributes of objects "
                   "(NAME = C(...) in main's code, self.attr in its methods)", n);
}

/* An assignment to a dotted name: an object's attribute, or refused. */
static int attr_target(py *y, const il_expr *t, const pname *m)
{
    if (m && m->kind == N_SHARED) return 0;
    if (m && m->kind == N_SYNC)
        return FAIL_AT(y, t, "%s is a sync object (line %d): assigning it again is not supported",
                       t->u.name, m->line);
    return attr_unknown(y, t, t->u.name);
}

/* A name main binds that is not declared becomes main's own variable. */
static int main_binds(py *y, const il_expr *t, void *ctx)
{
    (void)ctx;
    const pname *n = lookup(y, t->u.name);
    if (strchr(t->u.name, '.')) return attr_target(y, t, n);
    if (n && n->kind == N_STR)
        return FAIL_AT(y, t, "'%s' is a string constant (line %d): strings that change are not "
                       "supported yet", t->u.name, n->line);
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

static il_stmt *new_stmt(py *y, il_stmt_kind k, const il_stmt *at);

/* A statement of main's code: the names it binds are main's, and the first
 * that starts a thread ends the declarations. */
static int main_step(py *y, il_stmt *s)
{
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

/* One module-level statement the parser read: a declaration, or main's. */
static int module_stmt_plain(py *y, il_stmt *s)
{
    if (s->kind == IL_S_ASSIGN && s->u.assign.target->kind == IL_E_NAME) {
        const il_expr *t = s->u.assign.target, *v = s->u.assign.value;
        ctor_kind k;
        const ctor_info *ci;
        if (ctor_of(y, v, &k, &ci)) return -1;
        if (k == C_SYNC) return declare_sync(y, t, v, ci);
        if (k == C_THREAD || k == C_TIMER) { /* creating one is a step once threads run */
            if (declare_thread(y, t, v, k == C_TIMER)) return -1;
            if (!y->started) return 0;
            il_stmt *p = new_stmt(y, IL_S_PASS, s);
            return main_step(y, p);
        }
        if (strchr(t->u.name, '.')) return main_step(y, s); /* obj.attr = v: main's write */
        if (v->kind == IL_E_STR && !y->started && !y->unrolling && !y->mainfn &&
            !lookup(y, t->u.name)) { /* a constant (docs/classes-rules.md S1): no step, no location */
            if (bind(y, t->u.name, N_STR, (int)y->strs.len, t->line, t->col)) return -1;
            IL_VEC_PUSH(y->strs, v->u.str);
            return 0;
        }
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
    return main_step(y, s);
}

/* ---- main's thread structure, expanded as the module is read -------------------- */
/* The threads a program has are known when it is loaded (python.md P4: their
 * identities do not depend on the interleaving). So main's code that builds
 * them is expanded here: a loop that creates or starts threads is unrolled
 * (each header is still a step: `i = k`, then the final one), a list of
 * threads is a list of the program's threads, `thread.start()` names the
 * thread the variable holds at that point, and a function main's code calls
 * to create threads (def main(): ... main()) has its body read as main's
 * code, with the call's step and its implicit return's step. As for
 * declarations, creating a thread or a list of them is no step before the
 * first start() and one after it. */

static envent *env_find(py *y, const char *n)
{
    for (size_t i = y->env.len; i-- > 0;)
        if (strcmp(y->env.items[i].name, n) == 0) return &y->env.items[i];
    return NULL;
}

static int env_set(py *y, const char *name, ekind k, int64_t v)
{
    envent *e = env_find(y, name);
    if (!e) {
        envent n = {name, k, v, {0}};
        IL_VEC_PUSH(y->env, n);
        return 0;
    }
    e->kind = k;
    e->v = v;
    e->list.len = 0;
    return 0;
}

static void env_drop(py *y, const char *name)
{
    envent *e = env_find(y, name);
    if (e) e->name = ""; /* no name matches it again */
}

/* A number known when the program is loaded: literals and the counters of
 * unrolled loops, with + - * // %. */
static int const_eval(py *y, const il_expr *e, int64_t *v)
{
    int64_t a, b;
    switch (e->kind) {
    case IL_E_INT: *v = e->u.ival; return 1;
    case IL_E_NAME: {
        const envent *n = env_find(y, e->u.name);
        if (!n || n->kind != E_CONST) return 0;
        *v = n->v;
        return 1;
    }
    case IL_E_UNARY:
        if (e->u.unary.op != IL_OP_NEG || !const_eval(y, e->u.unary.operand, &a) || a == INT64_MIN)
            return 0;
        *v = -a;
        return 1;
    case IL_E_BINARY:
        if (!const_eval(y, e->u.binary.lhs, &a) || !const_eval(y, e->u.binary.rhs, &b)) return 0;
        switch (e->u.binary.op) {
        case IL_OP_ADD: return !__builtin_add_overflow(a, b, v);
        case IL_OP_SUB: return !__builtin_sub_overflow(a, b, v);
        case IL_OP_MUL: return !__builtin_mul_overflow(a, b, v);
        case IL_OP_FLOORDIV:
        case IL_OP_MOD: {
            if (b == 0 || (a == INT64_MIN && b == -1)) return 0;
            int64_t q = a / b, r = a % b;
            if (r && ((r < 0) != (b < 0))) { q--; r += b; }
            *v = e->u.binary.op == IL_OP_MOD ? r : q;
            return 1;
        }
        case IL_OP_DIV: case IL_OP_AND: case IL_OP_OR: case IL_OP_EQ: case IL_OP_NE:
        case IL_OP_LT: case IL_OP_LE: case IL_OP_GT: case IL_OP_GE: case IL_OP_NEG:
        case IL_OP_NOT: case IL_OP_POS:
            return 0;
        }
        return 0;
    case IL_E_STR: case IL_E_INDEX: case IL_E_COMPARE: case IL_E_CALL: case IL_E_LIST:
    case IL_E_FLOAT: case IL_E_TUPLE: case IL_E_LISTCOMP: case IL_E_FORMAT:
        return 0;
    }
    return 0;
}

/* The thread e names here (a variable, threads[k]), or -1; -2 after an error. */
static int thread_of(py *y, const il_expr *e)
{
    if (e->kind == IL_E_NAME) {
        const envent *n = env_find(y, e->u.name);
        if (n) return n->kind == E_THREAD ? (int)n->v : -1;
        const pname *m = lookup(y, e->u.name);
        return m && m->kind == N_THREAD ? m->index : -1;
    }
    if (e->kind != IL_E_INDEX || e->u.index.base->kind != IL_E_NAME) return -1;
    const envent *l = env_find(y, e->u.index.base->u.name);
    if (!l || l->kind != E_TLIST) return -1;
    int64_t k;
    if (!const_eval(y, e->u.index.index, &k))
        return FAIL_AT(y, e->u.index.index, "the index of a list of threads must be a number known "
                       "when the program is loaded (a literal or the counter of a for loop over "
                       "range()): write for t in %s: ... instead", e->u.index.base->u.name) - 1;
    int64_t n = (int64_t)l->list.len;
    if (k < -n || k >= n)
        return FAIL_AT(y, e, "IndexError: list index out of range (%s has %lld thread%s here)",
                       e->u.index.base->u.name, (long long)n, n == 1 ? "" : "s") - 1;
    return l->list.items[k < 0 ? k + n : k];
}

static il_expr *int_expr(py *y, const il_expr *at, int64_t v)
{
    il_expr *e = il_arena_alloc(y->a, sizeof *e);
    memset(e, 0, sizeof *e);
    e->kind = IL_E_INT;
    e->line = at->line;
    e->col = at->col;
    e->u.ival = v;
    return e;
}

static il_stmt *new_stmt(py *y, il_stmt_kind k, const il_stmt *at)
{
    il_stmt *s = il_arena_alloc(y->a, sizeof *s);
    memset(s, 0, sizeof *s);
    s->kind = k;
    s->line = at->line;
    s->col = at->col;
    return s;
}

/* Copies of a loop body for each unrolled iteration (names are rewritten
 * in place, per iteration). Depth-bounded: hostile input nests deeply. */
static il_expr *clone_expr(py *y, const il_expr *e, int depth);

static il_expr **clone_exprs(py *y, il_expr *const *v, int n, int depth)
{
    il_expr **c = il_arena_alloc(y->a, sizeof *c * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        if (!(c[i] = clone_expr(y, v[i], depth))) return NULL;
    return c;
}

static il_expr *clone_expr(py *y, const il_expr *e, int depth)
{
    if (!e) return NULL;
    if (depth > 200) {
        FAIL_AT(y, e, "expression too deeply nested in a loop that creates or starts threads");
        return NULL;
    }
    il_expr *c = il_arena_alloc(y->a, sizeof *c);
    *c = *e;
    int ok = 1;
    switch (e->kind) {
    case IL_E_INT: case IL_E_STR: case IL_E_NAME: case IL_E_FLOAT:
        break;
    case IL_E_INDEX:
        ok = (c->u.index.base = clone_expr(y, e->u.index.base, depth + 1)) &&
             (c->u.index.index = clone_expr(y, e->u.index.index, depth + 1));
        break;
    case IL_E_UNARY: ok = !!(c->u.unary.operand = clone_expr(y, e->u.unary.operand, depth + 1)); break;
    case IL_E_BINARY:
        ok = (c->u.binary.lhs = clone_expr(y, e->u.binary.lhs, depth + 1)) &&
             (c->u.binary.rhs = clone_expr(y, e->u.binary.rhs, depth + 1));
        break;
    case IL_E_COMPARE:
        ok = !!(c->u.compare.operands = clone_exprs(y, e->u.compare.operands, e->u.compare.n, depth + 1));
        break;
    case IL_E_CALL:
        ok = (c->u.call.args = clone_exprs(y, e->u.call.args, e->u.call.nargs, depth + 1)) &&
             (c->u.call.kwargs = clone_exprs(y, e->u.call.kwargs, e->u.call.nkw, depth + 1)) &&
             (!e->u.call.recv || (c->u.call.recv = clone_expr(y, e->u.call.recv, depth + 1)));
        break;
    case IL_E_LIST: case IL_E_TUPLE:
        ok = !!(c->u.list.items = clone_exprs(y, e->u.list.items, e->u.list.n, depth + 1));
        break;
    case IL_E_FORMAT:
        c->u.format.parts = il_arena_alloc(y->a, sizeof *c->u.format.parts * (size_t)(e->u.format.n + 1));
        for (int i = 0; i < e->u.format.n && ok; i++) {
            c->u.format.parts[i] = e->u.format.parts[i];
            if (e->u.format.parts[i].value)
                ok = !!(c->u.format.parts[i].value = clone_expr(y, e->u.format.parts[i].value, depth + 1));
        }
        break;
    case IL_E_LISTCOMP:
        ok = (c->u.comp.elt = clone_expr(y, e->u.comp.elt, depth + 1)) &&
             (c->u.comp.var = clone_expr(y, e->u.comp.var, depth + 1)) &&
             (c->u.comp.iter = clone_expr(y, e->u.comp.iter, depth + 1)) &&
             (!e->u.comp.cond || (c->u.comp.cond = clone_expr(y, e->u.comp.cond, depth + 1)));
        break;
    }
    return ok ? c : NULL;
}

static il_stmt *clone_stmts(py *y, const il_stmt *s, int depth)
{
    il_stmt *head = NULL, **tail = &head;
    for (; s; s = s->next) {
        if (depth > 100) {
            FAIL_AT(y, s, "blocks too deeply nested in a loop that creates or starts threads");
            return NULL;
        }
        il_stmt *c = il_arena_alloc(y->a, sizeof *c);
        *c = *s;
        c->next = NULL;
        int ok = 1;
        switch (s->kind) {
        case IL_S_EXPR: ok = !!(c->u.expr = clone_expr(y, s->u.expr, depth)); break;
        case IL_S_ASSIGN:
            ok = (c->u.assign.target = clone_expr(y, s->u.assign.target, depth)) &&
                 (c->u.assign.value = clone_expr(y, s->u.assign.value, depth));
            break;
        case IL_S_AUGASSIGN:
            ok = (c->u.aug.target = clone_expr(y, s->u.aug.target, depth)) &&
                 (c->u.aug.value = clone_expr(y, s->u.aug.value, depth));
            break;
        case IL_S_ASSERT:
            ok = (c->u.assert_.cond = clone_expr(y, s->u.assert_.cond, depth)) &&
                 (!s->u.assert_.msg || (c->u.assert_.msg = clone_expr(y, s->u.assert_.msg, depth)));
            break;
        case IL_S_IF:
            ok = (c->u.if_.cond = clone_expr(y, s->u.if_.cond, depth)) &&
                 (!s->u.if_.body || (c->u.if_.body = clone_stmts(y, s->u.if_.body, depth + 1))) &&
                 (!s->u.if_.orelse || (c->u.if_.orelse = clone_stmts(y, s->u.if_.orelse, depth + 1)));
            break;
        case IL_S_WHILE:
            ok = (c->u.while_.cond = clone_expr(y, s->u.while_.cond, depth)) &&
                 (!s->u.while_.body || (c->u.while_.body = clone_stmts(y, s->u.while_.body, depth + 1)));
            break;
        case IL_S_FOR:
            ok = (c->u.for_.var = clone_expr(y, s->u.for_.var, depth)) &&
                 (c->u.for_.iter = clone_expr(y, s->u.for_.iter, depth)) &&
                 (!s->u.for_.body || (c->u.for_.body = clone_stmts(y, s->u.for_.body, depth + 1)));
            break;
        case IL_S_WITH:
            ok = (c->u.with.ctx = clone_expr(y, s->u.with.ctx, depth)) &&
                 (!s->u.with.body || (c->u.with.body = clone_stmts(y, s->u.with.body, depth + 1)));
            break;
        case IL_S_RETURN:
            ok = !s->u.ret.value || (c->u.ret.value = clone_expr(y, s->u.ret.value, depth));
            break;
        case IL_S_PASS: case IL_S_BREAK: case IL_S_CONTINUE:
            break;
        }
        if (!ok) return NULL;
        *tail = c;
        tail = &c->next;
    }
    return head;
}

/* Names of main's code rewritten for what they stand for at this point: a
 * thread variable is the thread's name, threads[k] the element's. */
/* fut.result(), fut.done(): the executor's result(k), done(k). */
static int future_call(py *y, il_expr *e, int64_t task)
{
    const char *f = e->u.call.func;
    if (strcmp(f, "result") != 0 && strcmp(f, "done") != 0)
        return FAIL_AT(y, e, "%s.%s() is not supported yet (a Future has result() and done() in "
                       "this version)", e->u.call.object, f);
    if (e->u.call.nargs || e->u.call.nkw)
        return FAIL_AT(y, e, "%s(timeout=) is not supported yet: write %s.%s()", f,
                       e->u.call.object, f);
    e->u.call.object = IL_EXECUTOR_NAME;
    e->u.call.nargs = 1;
    e->u.call.args = il_arena_alloc(y->a, sizeof(il_expr *));
    e->u.call.args[0] = int_expr(y, e, task);
    return 0;
}

static int subst_expr(py *y, visitor *v, il_expr *e)
{
    (void)v;
    if (e->kind == IL_E_NAME) {
        const envent *n = env_find(y, e->u.name);
        if (n && (n->kind == E_FUTURE || n->kind == E_FLIST || n->kind == E_EXEC))
            return FAIL_AT(y, e, "%s as a value is not supported yet: call its methods (%s)",
                           e->u.name, n->kind == E_EXEC ? "submit" : n->kind == E_FUTURE
                           ? "result, done" : "for f in futures: f.result()");
        const char *dot = strchr(e->u.name, '.');
        if (!n && dot && strcmp(dot, ".name") == 0 && dot - e->u.name < 128) { /* t.name */
            char head[128];
            snprintf(head, sizeof head, "%.*s", (int)(dot - e->u.name), e->u.name);
            const envent *h = env_find(y, head);
            if (h && h->kind == E_THREAD) {
                e->kind = IL_E_STR;
                e->u.str = y->threads.items[h->v].pyname;
                return 0;
            }
        }
        if (n && n->kind == E_THREAD) e->u.name = y->threads.items[n->v].name;
        else if (n && n->kind == E_TLIST)
            return FAIL_AT(y, e, "a list of threads is not a value in this version: use its "
                           "elements (for t in %s: ..., %s[0])", e->u.name, e->u.name);
        return 0;
    }
    if (e->kind != IL_E_CALL) return 0;
    if (e->u.call.recv) {
        int t = thread_of(y, e->u.call.recv);
        if (t < -1) return -1;
        if (t >= 0) {
            e->u.call.object = y->threads.items[t].name;
            e->u.call.recv = NULL;
        }
        return 0;
    }
    if (e->u.call.object) {
        const envent *n = env_find(y, e->u.call.object);
        if (n && n->kind == E_FUTURE) return future_call(y, e, n->v);
        if (n && n->kind == E_THREAD) e->u.call.object = y->threads.items[n->v].name;
        else if (n && n->kind == E_TLIST)
            return FAIL_AT(y, e, "%s.%s(): a list of threads has only append() in this version",
                           e->u.call.object, e->u.call.func);
    }
    return 0;
}

static int subst(py *y, il_stmt *s)
{
    visitor v = {NULL, subst_expr, NULL};
    il_stmt *next = s->next;
    s->next = NULL;
    int r = visit_stmts(y, &v, s);
    s->next = next;
    return r;
}

/* Whether code builds or uses threads in a way only expansion can follow. */
typedef struct tfind { int found; } tfind;

static int finds_threads(py *y, visitor *v, il_expr *e)
{
    tfind *f = v->ctx;
    if (e->kind == IL_E_CALL) {
        ctor_kind k = C_NONE;
        const ctor_info *ci;
        if (!e->u.call.object && !e->u.call.recv && ctor_of(y, e, &k, &ci)) return -1;
        if (!e->u.call.object && (k == C_THREAD || k == C_TIMER || k == C_SYNC)) f->found = 1;
        if (e->u.call.recv) f->found = 1;
        if (e->u.call.object && env_find(y, e->u.call.object)) f->found = 1;
    }
    if (e->kind == IL_E_NAME) {
        const envent *n = env_find(y, e->u.name);
        if (n && n->kind != E_CONST) f->found = 1;
    }
    return 0;
}

static int uses_threads(py *y, il_stmt *body, int *found)
{
    tfind f = {0};
    visitor v = {NULL, finds_threads, &f};
    if (visit_stmts(y, &v, body)) return -1;
    *found = f.found;
    return 0;
}

static int module_stmt(py *y, il_stmt *s);

/* A step of main's with no effect: an unrolled loop's last header, a call's. */
static int pass_step(py *y, const il_stmt *at, int line)
{
    il_stmt *p = new_stmt(y, IL_S_PASS, at);
    p->line = line;
    return main_step(y, p);
}

static int no_jumps(py *y, visitor *v, il_stmt *s)
{
    (void)v;
    if (s->kind == IL_S_BREAK || s->kind == IL_S_CONTINUE)
        return FAIL_AT(y, s, "'%s' in a loop that creates or starts threads is not supported "
                       "yet", s->kind == IL_S_BREAK ? "break" : "continue");
    if (s->kind == IL_S_RETURN)
        return FAIL_AT(y, s, "'return' in a function whose code creates threads is not supported "
                       "yet: let it reach its end");
    return 0;
}

/* The statements of an unrolled body, each read as main's. */
static int expand_body(py *y, const il_stmt *body)
{
    il_stmt *c = clone_stmts(y, body, 0);
    if (!c && body) return -1;
    visitor v = {no_jumps, NULL, NULL};
    if (visit_stmts(y, &v, c)) return -1;
    for (il_stmt *n; c; c = n) {
        n = c->next;
        c->next = NULL;
        if (module_stmt(y, c)) return -1;
    }
    return 0;
}

/* range(...) of known numbers: its values, at most 4096. */
static int const_range(py *y, const il_expr *it, int64_t *out, int *n)
{
    int64_t a[3] = {0, 0, 1};
    int na = it->u.call.nargs;
    if (na < 1 || na > 3 || it->u.call.nkw) return FAIL_AT(y, it, "range() takes 1 to 3 arguments");
    for (int i = 0; i < na; i++)
        if (!const_eval(y, it->u.call.args[i], &a[na == 1 ? 1 : i]))
            return FAIL_AT(y, it->u.call.args[i], "a loop that creates or starts threads must go "
                           "over range() of numbers known when the program is loaded");
    if (a[2] == 0) return FAIL_AT(y, it, "ValueError: range() arg 3 must not be zero");
    *n = 0;
    for (int64_t k = a[0]; a[2] > 0 ? k < a[1] : k > a[1]; k += a[2]) {
        if (*n >= 4096)
            return FAIL_AT(y, it, "a loop that creates or starts threads runs at most 4096 times");
        out[(*n)++] = k;
        if ((a[2] > 0 && k > INT64_MAX - a[2]) || (a[2] < 0 && k < INT64_MIN - a[2])) break;
    }
    return 0;
}

static int is_range(const il_expr *it)
{
    return it->kind == IL_E_CALL && !it->u.call.object && !it->u.call.prefix && !it->u.call.recv &&
           strcmp(it->u.call.func, "range") == 0;
}

static int expand_for(py *y, il_stmt *s)
{
    const il_expr *var = s->u.for_.var, *it = s->u.for_.iter;
    if (var->kind != IL_E_NAME) return FAIL_AT(y, var, "the loop variable must be a name");
    const char *v = var->u.name;
    const envent *l = it->kind == IL_E_NAME ? env_find(y, it->u.name) : NULL;
    if (l && (l->kind == E_TLIST || l->kind == E_FLIST)) {
        ekind each = l->kind == E_TLIST ? E_THREAD : E_FUTURE;
        size_t n = l->list.len;
        int *items = il_xmalloc((n + 1) * sizeof *items);
        if (n) memcpy(items, l->list.items, n * sizeof *items);
        int r = 0;
        for (size_t i = 0; i < n && !r; i++) {
            r = pass_step(y, s, s->line); /* the header: the variable takes the next thread */
            if (!r) r = env_set(y, v, each, items[i]);
            y->unrolling++;
            if (!r) r = expand_body(y, s->u.for_.body);
            y->unrolling--;
        }
        il_free(items);
        return r ? -1 : pass_step(y, s, s->line);
    }
    int64_t *ks = il_xmalloc(4096 * sizeof *ks);
    int n = 0, r = const_range(y, it, ks, &n);
    for (int i = 0; i < n && !r; i++) {
        il_stmt *h = new_stmt(y, IL_S_ASSIGN, s); /* the header: v = k */
        h->u.assign.target = clone_expr(y, var, 0);
        h->u.assign.value = int_expr(y, it, ks[i]);
        r = main_step(y, h);
        if (!r) r = env_set(y, v, E_CONST, ks[i]);
        y->unrolling++;
        if (!r) r = expand_body(y, s->u.for_.body);
        y->unrolling--;
    }
    il_free(ks);
    env_drop(y, v);
    return r ? -1 : pass_step(y, s, s->line);
}

/* A thread's arguments are computed when it is created: the counters of
 * unrolled loops are numbers there. */
static int consts_in_args(py *y, il_expr *ctor)
{
    for (int i = 0; i < ctor->u.call.nkw; i++) {
        il_expr *a = ctor->u.call.kwargs[i];
        if (strcmp(ctor->u.call.kwnames[i], "args") != 0 ||
            (a->kind != IL_E_TUPLE && a->kind != IL_E_LIST))
            continue;
        for (int j = 0; j < a->u.list.n; j++) {
            int64_t v;
            if (const_eval(y, a->u.list.items[j], &v))
                a->u.list.items[j] = int_expr(y, a->u.list.items[j], v);
        }
    }
    return 0;
}

/* threads = [Thread(target=f, args=(i,)) for i in range(n)]: runs as the
 * loop that appends (a header step and an element step per item, then the
 * last header), no step before the first start(). */
/* A comprehension's result: t names the n threads or futures made (unless
 * r, an error, came first); made is freed. */
static int bind_list(py *y, const il_expr *t, ekind k, int *made, size_t n, int r)
{
    if (!r) {
        env_set(y, t->u.name, k, 0);
        envent *l = env_find(y, t->u.name);
        for (size_t i = 0; i < n; i++) IL_VEC_PUSH(l->list, made[i]);
    }
    il_free(made);
    return r ? -1 : 0;
}

/* The values of comprehension c's range() (of what: "threads"), into ks
 * (room for 4096), or -1: refused. */
static int comp_range(py *y, const il_expr *c, const char *what, int64_t *ks, int *n)
{
    *n = 0;
    if (c->u.comp.cond)
        return FAIL_AT(y, c->u.comp.cond, "a condition in a list comprehension of %s is not "
                       "supported yet", what);
    if (!is_range(c->u.comp.iter))
        return FAIL_AT(y, c->u.comp.iter, "a list comprehension of %s must go over range()", what);
    return const_range(y, c->u.comp.iter, ks, n);
}

static int expand_comp(py *y, il_stmt *s, const il_expr *t, const il_expr *c, int timer)
{
    int64_t *ks = il_xmalloc(4096 * sizeof *ks);
    int n, r = comp_range(y, c, "threads", ks, &n);
    IL_VEC(int) made = {0};
    const char *v = c->u.comp.var->u.name;
    y->unrolling++;
    for (int i = 0; i < n && !r; i++) {
        env_set(y, v, E_CONST, ks[i]);
        il_expr *e = clone_expr(y, c->u.comp.elt, 0);
        il_stmt *tmp = new_stmt(y, IL_S_EXPR, s);
        tmp->u.expr = e;
        r = !e || consts_in_args(y, e) || subst(y, tmp) || declare_thread_as(y, NULL, e, timer, 1);
        if (!r) IL_VEC_PUSH(made, (int)y->threads.len - 1);
        if (!r && y->started) r = pass_step(y, s, s->line) || pass_step(y, s, s->line);
    }
    y->unrolling--;
    env_drop(y, v);
    il_free(ks);
    if (!r && y->started) r = pass_step(y, s, s->line);
    return bind_list(y, t, E_TLIST, made.items, made.len, r);
}

/* main() called by the module: its body is main's code (names it binds are
 * its locals, which no other function can read), between the call's step
 * and its implicit return's. */
static int expand_call(py *y, il_stmt *s, pyfunc *f)
{
    if (y->mainfn)
        return FAIL_AT(y, s, "%s() creates threads and is called from %s(), which does too: "
                       "only one function called by the module may create threads",
                       f->name, y->mainfn_name);
    if (pass_step(y, s, s->line)) return -1;
    y->mainfn++;
    y->mainfn_name = f->name;
    size_t nenv = y->env.len;
    int r = expand_body(y, f->body);
    for (size_t i = nenv; i < y->env.len; i++) y->env.items[i].name = ""; /* its locals end */
    y->mainfn--;
    y->mainfn_name = NULL;
    return r ? -1 : pass_step(y, s, f->end_line);
}

/* ---- objects ---------------------------------------------------------------------- */
/* NAME = C(args) makes the object NAME when the program is loaded
 * (docs/classes-rules.md C1-C4): each method of C is copied as the function
 * NAME.m with the object's name for self, each attribute self.a assigned in
 * a method is the shared location NAME.a (or the sync object NAME.a when
 * it is assigned a constructor), and the statement becomes the call
 * NAME.__init__(args). */

typedef struct selfsub { const char *self, *obj; } selfsub;

/* self or self.rest: obj or obj.rest; any other name as it is. */
static const char *self_to(py *y, const char *n, const selfsub *ss)
{
    size_t k = strlen(ss->self);
    if (!n || strncmp(n, ss->self, k) != 0 || (n[k] != '\0' && n[k] != '.')) return n;
    il_buf b = {0};
    il_buf_printf(&b, "%s%s", ss->obj, n + k);
    const char *r = il_arena_strdup(y->a, b.data);
    il_buf_free(&b);
    return r;
}

static int self_expr(py *y, visitor *v, il_expr *e)
{
    const selfsub *ss = v->ctx;
    if (e->kind == IL_E_NAME) e->u.name = self_to(y, e->u.name, ss);
    if (e->kind == IL_E_CALL) e->u.call.object = self_to(y, e->u.call.object, ss);
    return 0;
}

/* The attributes a method of object obj assigns (obj.a = ..., obj.a += ...):
 * sync objects for constructors (the statement is then a step with no
 * effect), else int locations starting at 0. */
typedef struct attrscan { const char *obj; const il_stmt *at; } attrscan;

static int attr_stmt(py *y, visitor *v, il_stmt *s)
{
    const attrscan *as = v->ctx;
    il_expr *t = s->kind == IL_S_ASSIGN ? s->u.assign.target
                 : s->kind == IL_S_AUGASSIGN ? s->u.aug.target : NULL;
    if (!t || t->kind != IL_E_NAME) return 0;
    size_t k = strlen(as->obj);
    const char *n = t->u.name;
    if (strncmp(n, as->obj, k) != 0 || n[k] != '.') return 0;
    if (strchr(n + k + 1, '.'))
        return FAIL_AT(y, t, "assigning %s: attributes of attributes are not supported yet", n);
    const pname *m = lookup(y, n);
    ctor_kind ck = C_NONE;
    const ctor_info *ci;
    if (s->kind == IL_S_ASSIGN && ctor_of(y, s->u.assign.value, &ck, &ci)) return -1;
    if (ck == C_THREAD || ck == C_TIMER || ck == C_EXECUTOR)
        return FAIL_AT(y, s->u.assign.value, "a %s as an attribute is not supported yet: create "
                       "it in main's code", s->u.assign.value->u.call.func);
    if (ck == C_SYNC) {
        if (m) return FAIL_AT(y, t, "%s is assigned twice: a sync object as an attribute is "
                              "assigned once, in __init__", n);
        if (declare_sync(y, t, s->u.assign.value, ci)) return -1;
        s->kind = IL_S_PASS; /* created when the program is loaded: a step with no effect */
        return 0;
    }
    if (m && m->kind == N_SYNC)
        return FAIL_AT(y, t, "%s is a sync object (line %d): assigning it again is not supported",
                       n, m->line);
    if (s->kind == IL_S_ASSIGN && (s->u.assign.value->kind == IL_E_LIST ||
                                   s->u.assign.value->kind == IL_E_STR ||
                                   s->u.assign.value->kind == IL_E_LISTCOMP))
        return FAIL_AT(y, s->u.assign.value, "an attribute holds an int or bool in this version "
                       "(lists and strings as attributes are not supported yet)");
    if (m) return 0;
    il_shared_decl d = {0};
    d.name = n;
    d.line = as->at->line;
    d.col = as->at->col;
    d.size = 1;
    d.init = il_arena_alloc(y->a, sizeof *d.init);
    d.init[0] = 0;
    if (in_state(y, t, n, 1)) return -1;
    if (bind(y, n, N_SHARED, (int)y->shared.len, d.line, d.col)) return -1;
    IL_VEC_PUSH(y->shared, d);
    return 0;
}

static const pyfunc *method_of(const pyclass *c, const char *m)
{
    for (size_t i = 0; i < c->methods.len; i++)
        if (strcmp(c->methods.items[i].name, m) == 0) return &c->methods.items[i];
    return NULL;
}

static int instantiate(py *y, il_stmt *s, int cls)
{
    il_expr *t = s->u.assign.target, *v = s->u.assign.value;
    const char *obj = t->u.name;
    const pyclass *c = &y->classes.items[cls];
    if (y->unrolling)
        return FAIL_AT(y, s, "an object created in a loop is not supported yet: create each "
                       "object once, as NAME = %s(...)", c->name);
    if (lookup(y, obj) || env_find(y, obj))
        return FAIL_AT(y, t, "'%s' is bound already: an object's name is bound once in this "
                       "version", obj);
    if (bind(y, obj, N_OBJECT, cls, t->line, t->col)) return -1;
    selfsub ss = {NULL, obj};
    attrscan as = {obj, s};
    size_t first = y->funcs.len;
    for (size_t i = 0; i < c->methods.len; i++) {
        pyfunc f = c->methods.items[i];
        ss.self = f.params[0];
        f.body = clone_stmts(y, f.body, 0);
        if (!f.body) return -1;
        visitor sv = {NULL, self_expr, &ss};
        if (visit_stmts(y, &sv, f.body)) return -1;
        il_buf b = {0};
        il_buf_printf(&b, "%s.%s", obj, f.name);
        f.name = il_arena_strdup(y->a, b.data);
        il_buf_free(&b);
        f.nparams--;
        f.params++;
        f.defaults++;
        f.walked = 0;
        if (bind(y, f.name, N_FUNC, (int)y->funcs.len, f.line, f.col)) return -1;
        IL_VEC_PUSH(y->funcs, f);
    }
    for (size_t i = first; i < y->funcs.len; i++) { /* the attributes, __init__'s first */
        visitor av = {attr_stmt, NULL, &as};
        if (visit_stmts(y, &av, y->funcs.items[i].body)) return -1;
    }
    if (!method_of(c, "__init__")) {
        if (v->u.call.nargs || v->u.call.nkw)
            return FAIL_AT(y, v, "%s() takes no arguments", c->name); /* CPython's TypeError */
        return pass_step(y, s, s->line);
    }
    il_stmt *init = new_stmt(y, IL_S_EXPR, s);
    il_expr *call = clone_expr(y, v, 0);
    if (!call) return -1;
    il_buf b = {0};
    il_buf_printf(&b, "%s.__init__", obj);
    call->u.call.func = il_arena_strdup(y->a, b.data);
    il_buf_free(&b);
    init->u.expr = call;
    if (subst(y, init)) return -1;
    return main_step(y, init);
}

/* ---- the executor in main ------------------------------------------------------------ */
/* with ThreadPoolExecutor(max_workers=n) as ex: in main's code (docs/classes-rules.md
 * E1-E6): the with's step starts the workers, each ex.submit(f, args) is a
 * step of main that makes its task available, and leaving the with is a
 * step that waits until every worker has ended. The tasks are known when
 * the program is loaded. */

static il_stmt *executor_call(py *y, const il_stmt *at, const char *what)
{
    il_stmt *st = new_stmt(y, IL_S_EXPR, at);
    il_expr *e = il_arena_alloc(y->a, sizeof *e);
    memset(e, 0, sizeof *e);
    e->kind = IL_E_CALL;
    e->line = at->line;
    e->col = at->col;
    e->u.call.object = IL_EXECUTOR_NAME;
    e->u.call.func = what;
    st->u.expr = e;
    return st;
}

static int executor_with(py *y, il_stmt *s)
{
    il_expr *x = s->u.with.ctx;
    if (!s->u.with.as)
        return FAIL_AT(y, s, "write with ThreadPoolExecutor(max_workers=n) as executor: (the "
                       "executor's name is needed to submit to it)");
    if (y->p->has_executor)
        return FAIL_AT(y, s, "a second executor is not supported yet (line %d has one)",
                       y->p->executor_line);
    if (y->unrolling)
        return FAIL_AT(y, s, "an executor in a loop is not supported yet");
    const il_expr *n = kwarg(x, "max_workers");
    if (x->u.call.nargs > 1 || x->u.call.nkw > (n ? 1 : 0))
        return FAIL_AT(y, x, "ThreadPoolExecutor(max_workers=n) is supported (no other arguments)");
    if (!n && x->u.call.nargs) n = x->u.call.args[0];
    if (!n)
        return FAIL_AT(y, x, "give the number of workers: ThreadPoolExecutor(max_workers=n) (the "
                       "default depends on the machine's cores)");
    int64_t k;
    if (!const_eval(y, n, &k))
        return FAIL_AT(y, n, "max_workers must be a number known when the program is loaded");
    if (k <= 0) return FAIL_AT(y, n, "ValueError: max_workers must be greater than 0");
    if (k > 4096) return FAIL_AT(y, n, "too many workers (limit 4096)");
    y->p->has_executor = 1;
    y->p->executor_in_main = 1;
    y->p->executor_workers = (int)k;
    y->p->executor_line = s->line;
    y->p->executor_col = s->col;
    if (main_step(y, executor_call(y, s, "start"))) return -1;
    const char *as = s->u.with.as->u.name;
    env_set(y, as, E_EXEC, 0);
    for (il_stmt *b = s->u.with.body, *nx; b; b = nx) {
        nx = b->next;
        b->next = NULL;
        if (module_stmt(y, b)) return -1;
    }
    env_drop(y, as);
    return main_step(y, executor_call(y, s, "shutdown"));
}

/* A task: f(args) with f the function at e (a def or an object's method)
 * and its nargs arguments, constants or sync objects. */
static int new_task(py *y, const il_expr *at, const il_expr *f, il_expr *const *args, int nargs)
{
    const pname *m = f->kind == IL_E_NAME ? lookup(y, f->u.name) : NULL;
    if (!m || m->kind != N_FUNC)
        return FAIL_AT(y, f, "the function to run must be a function defined with def at module "
                       "level, or an object's method (obj.method)");
    il_expr *c = il_arena_alloc(y->a, sizeof *c);
    memset(c, 0, sizeof *c);
    c->kind = IL_E_CALL;
    c->line = f->line;
    c->col = f->col;
    c->u.call.func = y->funcs.items[m->index].name;
    c->u.call.nargs = nargs;
    c->u.call.args = il_arena_alloc(y->a, sizeof(il_expr *) * (size_t)(nargs + 1));
    for (int i = 0; i < nargs; i++) {
        il_expr *a = args[i];
        if (anon_list(y, &a)) return -1;
        int64_t v;
        const pname *an = a->kind == IL_E_NAME ? lookup(y, a->u.name) : NULL;
        if (const_eval(y, a, &v)) c->u.call.args[i] = int_expr(y, a, v);
        else if (an && (an->kind == N_SYNC || an->kind == N_OBJECT ||
                        (an->kind == N_SHARED && y->shared.items[an->index].is_list)))
            c->u.call.args[i] = clone_expr(y, a, 0); /* passed by name */
        else
            return FAIL_AT(y, a, "a task's argument must be a number known when the program is "
                           "loaded (a literal or a loop counter), a list, a sync object or an "
                           "object in this version");
    }
    if (y->tasks.len >= 100000) return FAIL_AT(y, at, "too many tasks (limit 100000)");
    il_executor_task t = {0};
    t.line = at->line;
    t.col = at->col;
    t.count = 1;
    t.target = c;
    IL_VEC_PUSH(y->tasks, t);
    return (int)y->tasks.len - 1;
}

static int map_tasks(py *y, il_stmt *s, const il_expr *e, int *first, int *n);

/* ex.submit(f, args...): task k, whose Future `fut` may hold (fut = ...);
 * ex.map(f, items) as a statement: its tasks, submitted in one step, whose
 * results nobody asks for. */
static int submit(py *y, il_stmt *s, il_expr *e, const il_expr *fut)
{
    int first, n;
    if (!fut && strcmp(e->u.call.func, "map") == 0) return map_tasks(y, s, e, &first, &n);
    if (strcmp(e->u.call.func, "submit") != 0)
        return FAIL_AT(y, e, "%s.%s() is not supported yet (python.md: the executor): this "
                       "version has submit(f, args), and map(f, ...) in a for loop",
                       e->u.call.object, e->u.call.func);
    if (e->u.call.nkw)
        return FAIL_AT(y, e->u.call.kwargs[0], "keyword arguments of submit() are not supported yet");
    if (e->u.call.nargs < 1) return FAIL_AT(y, e, "submit() needs the function to run");
    int k = new_task(y, e, e->u.call.args[0], e->u.call.args + 1, e->u.call.nargs - 1);
    if (k < 0) return -1;
    if (fut) env_set(y, fut->u.name, E_FUTURE, k);
    return main_step(y, executor_call(y, s, "submit"));
}

/* futures = [ex.submit(f, i) for i in range(n)]: the loop that appends, as
 * a comprehension of threads is (a header step and a submit step per item,
 * then the last header). */
static int submit_comp(py *y, il_stmt *s, const il_expr *t, const il_expr *c)
{
    int64_t *ks = il_xmalloc(4096 * sizeof *ks);
    int n, r = comp_range(y, c, "futures", ks, &n);
    IL_VEC(int) made = {0};
    const char *v = c->u.comp.var->u.name;
    const il_expr *e = c->u.comp.elt;
    if (!r && (strcmp(e->u.call.func, "submit") != 0 || e->u.call.nargs < 1 || e->u.call.nkw))
        r = FAIL_AT(y, e, "a list comprehension over the executor is supported as "
                    "[%s.submit(f, args) for v in range(n)]", e->u.call.object);
    for (int i = 0; i < n && !r; i++) {
        env_set(y, v, E_CONST, ks[i]);
        r = pass_step(y, s, s->line);
        int k = r ? -1 : new_task(y, e, e->u.call.args[0], e->u.call.args + 1, e->u.call.nargs - 1);
        if (k < 0) r = -1;
        else {
            IL_VEC_PUSH(made, k);
            r = main_step(y, executor_call(y, s, "submit"));
        }
    }
    env_drop(y, v);
    il_free(ks);
    if (!r) r = pass_step(y, s, s->line);
    return bind_list(y, t, E_FLIST, made.items, made.len, r);
}

/* map(f, items)'s tasks (the first, how many) and the step that submits them. */
static int map_tasks(py *y, il_stmt *s, const il_expr *e, int *first, int *np)
{
    if (e->u.call.nargs != 2 || e->u.call.nkw)
        return FAIL_AT(y, e, "map(f, items) with one iterable is supported in this version");
    const il_expr *it = e->u.call.args[1];
    int64_t *ks = il_xmalloc(4096 * sizeof *ks);
    int n = 0, r = 0, listed = it->kind == IL_E_LIST || it->kind == IL_E_TUPLE;
    if (is_range(it)) {
        r = const_range(y, it, ks, &n);
    } else if (listed) { /* numbers, or lists of numbers written out (new_task names them) */
        if (it->u.list.n > 4096) r = FAIL_AT(y, it, "map() of at most 4096 items in this version");
        for (int i = 0; i < it->u.list.n && !r; i++, n++)
            if (it->u.list.items[i]->kind != IL_E_LIST && !const_eval(y, it->u.list.items[i], &ks[i]))
                r = FAIL_AT(y, it->u.list.items[i], "map()'s items must be numbers known when the "
                            "program is loaded, or lists of numbers, in this version");
    } else {
        r = FAIL_AT(y, it, "map(f, items): items must be range() of known numbers or a list of "
                    "them in this version");
    }
    *first = (int)y->tasks.len;
    for (int i = 0; i < n && !r; i++) {
        il_expr *a = listed && it->u.list.items[i]->kind == IL_E_LIST ? it->u.list.items[i]
                                                                       : int_expr(y, it, ks[i]);
        if (new_task(y, e, e->u.call.args[0], &a, 1) < 0) r = -1;
    }
    il_free(ks);
    if (r) return -1;
    *np = n;
    il_stmt *sub = executor_call(y, s, "submit");
    sub->u.expr->u.call.nargs = 1;
    sub->u.expr->u.call.args = il_arena_alloc(y->a, sizeof(il_expr *));
    sub->u.expr->u.call.args[0] = int_expr(y, e, n);
    return main_step(y, sub);
}

/* for r in ex.map(f, it): it (range() of known numbers, or a list of them)
 * is submitted in one step (map submits every task when called), then each
 * header step waits for the next result in order (its task's last step
 * happens before it) and binds it, then the last header step. */
static int expand_map(py *y, il_stmt *s)
{
    const il_expr *var = s->u.for_.var, *e = s->u.for_.iter;
    if (strcmp(e->u.call.func, "map") != 0)
        return FAIL_AT(y, e, "for ... in %s.%s(): only map(f, items) is supported", e->u.call.object,
                       e->u.call.func);
    if (var->kind != IL_E_NAME) return FAIL_AT(y, var, "the loop variable must be a name");
    int first, n, r = 0;
    if (map_tasks(y, s, e, &first, &n)) return -1;
    for (int i = 0; i < n && !r; i++) {
        il_stmt *h = new_stmt(y, IL_S_ASSIGN, s); /* the header: var = the next result */
        h->u.assign.target = clone_expr(y, var, 0);
        il_stmt *res = executor_call(y, s, "result");
        res->u.expr->u.call.nargs = 1;
        res->u.expr->u.call.args = il_arena_alloc(y->a, sizeof(il_expr *));
        res->u.expr->u.call.args[0] = int_expr(y, e, first + i);
        h->u.assign.value = res->u.expr;
        r = main_step(y, h);
        y->unrolling++;
        if (!r) r = expand_body(y, s->u.for_.body);
        y->unrolling--;
    }
    return r ? -1 : pass_step(y, s, s->line);
}

/* One module-level statement: expanded when it builds or uses threads in
 * ways only expansion follows, else a declaration or main's. */
static int module_stmt(py *y, il_stmt *s)
{
    if (s->kind == IL_S_EXPR && s->u.expr->kind == IL_E_CALL && s->u.expr->u.call.recv &&
        s->u.expr->u.call.recv->kind == IL_E_CALL) { /* threading.Thread(...).start() */
        il_expr *e = s->u.expr, *ctor = e->u.call.recv;
        ctor_kind k = C_NONE;
        const ctor_info *ci;
        if (!ctor->u.call.object && ctor_of(y, ctor, &k, &ci)) return -1;
        if ((k != C_THREAD && k != C_TIMER) || strcmp(e->u.call.func, "start") != 0)
            return FAIL_AT(y, e, "a method call on a call's result is supported only as "
                           "threading.Thread(...).start(): assign the result to a variable first");
        il_stmt *val = new_stmt(y, IL_S_EXPR, s);
        val->u.expr = ctor;
        if (consts_in_args(y, ctor) || subst(y, val)) return -1;
        if (declare_thread_as(y, NULL, ctor, k == C_TIMER, 1)) return -1;
        e->u.call.object = y->threads.items[y->threads.len - 1].name;
        e->u.call.recv = NULL;
        return main_step(y, s);
    }
    if (s->kind == IL_S_WITH && s->u.with.ctx->kind == IL_E_CALL && !s->u.with.ctx->u.call.object) {
        ctor_kind k = C_NONE;
        const ctor_info *ci;
        if (ctor_of(y, s->u.with.ctx, &k, &ci)) return -1;
        if (k == C_EXECUTOR) return executor_with(y, s);
    }
    if (s->kind == IL_S_EXPR && s->u.expr->kind == IL_E_CALL && s->u.expr->u.call.object) {
        const envent *x = env_find(y, s->u.expr->u.call.object);
        if (x && x->kind == E_EXEC) return submit(y, s, s->u.expr, NULL);
    }
    if (s->kind == IL_S_ASSIGN && s->u.assign.value->kind == IL_E_CALL &&
        s->u.assign.value->u.call.object && s->u.assign.target->kind == IL_E_NAME) {
        const envent *x = env_find(y, s->u.assign.value->u.call.object);
        if (x && x->kind == E_EXEC) {
            if (strcmp(s->u.assign.value->u.call.func, "submit") != 0)
                return FAIL_AT(y, s->u.assign.value, "%s = %s.%s(...) is not supported yet: "
                               "write for r in %s.%s(...): to go over map's results",
                               s->u.assign.target->u.name, s->u.assign.value->u.call.object,
                               s->u.assign.value->u.call.func, s->u.assign.value->u.call.object,
                               s->u.assign.value->u.call.func);
            return submit(y, s, s->u.assign.value, s->u.assign.target);
        }
    }
    if (s->kind == IL_S_ASSIGN && s->u.assign.target->kind == IL_E_NAME &&
        s->u.assign.value->kind == IL_E_LISTCOMP && s->u.assign.value->u.comp.elt->kind == IL_E_CALL &&
        s->u.assign.value->u.comp.elt->u.call.object) {
        const envent *x = env_find(y, s->u.assign.value->u.comp.elt->u.call.object);
        if (x && x->kind == E_EXEC)
            return submit_comp(y, s, s->u.assign.target, s->u.assign.value);
    }
    if (s->kind == IL_S_ASSIGN && s->u.assign.target->kind == IL_E_NAME &&
        s->u.assign.value->kind == IL_E_CALL) {
        const il_expr *v = s->u.assign.value;
        const pname *m = !v->u.call.object && !v->u.call.prefix && !v->u.call.recv
                             ? lookup(y, v->u.call.func) : NULL;
        if (m && m->kind == N_CLASS) return instantiate(y, s, m->index);
    }
    if (s->kind == IL_S_ASSIGN && s->u.assign.target->kind == IL_E_NAME) {
        il_expr *t = s->u.assign.target, *v = s->u.assign.value;
        ctor_kind k = C_NONE;
        const ctor_info *ci;
        if (v->kind == IL_E_CALL && !v->u.call.object && !v->u.call.recv && ctor_of(y, v, &k, &ci))
            return -1;
        if (k == C_THREAD || k == C_TIMER) {
            if ((!y->unrolling && !y->mainfn && !env_find(y, t->u.name)) || lookup(y, t->u.name))
                return module_stmt_plain(y, s); /* a module-level thread, as version 1 */
            il_stmt *val = new_stmt(y, IL_S_EXPR, s); /* not the target: it is bound anew */
            val->u.expr = v;
            if (consts_in_args(y, v) || subst(y, val)) return -1;
            if (declare_thread_as(y, t, v, k == C_TIMER, 1)) return -1;
            return y->started ? pass_step(y, s, s->line) : 0;
        }
        if (v->kind == IL_E_LIST && v->u.list.n == 0 && !lookup(y, t->u.name)) {
            env_set(y, t->u.name, E_TLIST, 0);
            return y->started ? pass_step(y, s, s->line) : 0;
        }
        if (v->kind == IL_E_LISTCOMP && v->u.comp.elt->kind == IL_E_CALL) {
            if (ctor_of(y, v->u.comp.elt, &k, &ci)) return -1;
            if (k == C_THREAD || k == C_TIMER) return expand_comp(y, s, t, v, k == C_TIMER);
        }
        if (env_find(y, t->u.name)) env_drop(y, t->u.name);
    }
    if (s->kind == IL_S_EXPR && s->u.expr->kind == IL_E_CALL) {
        il_expr *e = s->u.expr;
        const envent *l = e->u.call.object ? env_find(y, e->u.call.object) : NULL;
        if (l && l->kind == E_TLIST && strcmp(e->u.call.func, "append") == 0) {
            int th = e->u.call.nargs == 1 && !e->u.call.nkw ? thread_of(y, e->u.call.args[0]) : -1;
            if (th < -1) return -1;
            if (th < 0)
                return FAIL_AT(y, e, "only threads can be appended to %s in this version (lists "
                               "that grow, other than lists of threads, are not supported yet)",
                               e->u.call.object);
            IL_VEC_PUSH(env_find(y, e->u.call.object)->list, th);
            return y->started ? pass_step(y, s, s->line) : 0;
        }
        const pname *m = !e->u.call.object && !e->u.call.prefix && !e->u.call.recv
                             ? lookup(y, e->u.call.func) : NULL;
        if (m && m->kind == N_FUNC) {
            pyfunc *f = &y->funcs.items[m->index];
            int found = 0;
            if (uses_threads(y, f->body, &found)) return -1;
            if (found) {
                if (e->u.call.nargs || e->u.call.nkw)
                    return FAIL_AT(y, e, "%s() creates threads: it must take no arguments "
                                   "(def %s():) in this version", f->name, f->name);
                return expand_call(y, s, f);
            }
        }
    }
    if (s->kind == IL_S_FOR) {
        int found = 0;
        const il_expr *it = s->u.for_.iter;
        const envent *l = it->kind == IL_E_NAME ? env_find(y, it->u.name) : NULL;
        if (l && (l->kind == E_TLIST || l->kind == E_FLIST)) return expand_for(y, s);
        if (it->kind == IL_E_CALL && it->u.call.object) {
            const envent *x = env_find(y, it->u.call.object);
            if (x && x->kind == E_EXEC) return expand_map(y, s);
        }
        if (is_range(it)) {
            if (uses_threads(y, s->u.for_.body, &found)) return -1;
            if (found) return expand_for(y, s);
        }
    }
    if (subst(y, s)) return -1;
    return module_stmt_plain(y, s);
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
    if (strcmp(m, "concurrent") == 0)
        return FAIL_AT(y, at, "import concurrent alone is not supported: import concurrent.futures");
    return FAIL_AT(y, at, "import %s is not supported: a program imports threading, queue, "
                   "time, logging and concurrent.futures", show(y, m));
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
        if (k == M_THREADING && strcmp(t->str, "current_thread") == 0) vm = M_THREADING;
        if (vm != k) {
            if (k == M_QUEUE && (strcmp(t->str, "Empty") == 0 || strcmp(t->str, "Full") == 0))
                return FAIL_AT(y, t, "queue.%s is not supported: it is only caught with try, "
                               "which is not supported (a get or put that gives up is an "
                               "error of its thread)", t->str);
            if (vm >= 0)
                return FAIL_AT(y, t, "%s is not in the %s module: from %s import %s", t->str, m,
                               module_names[vm], t->str);
            return FAIL_AT(y, t, "from %s import %s is not supported yet (this version knows "
                           "%s)", m, t->str, k == M_THREADING ? "Thread, Timer, current_thread and the sync "
                           "objects" : k == M_QUEUE ? "Queue" : k == M_TIME ? "sleep"
                           : k == M_FUTURES ? "ThreadPoolExecutor" : "no name of it: write "
                           "logging.info(...)");
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

/* A default is computed once, when def runs: a constant here (a number,
 * True/False, -n). */
static int default_ok(const il_expr *e)
{
    return e->kind == IL_E_INT || (e->kind == IL_E_UNARY && e->u.unary.op == IL_OP_NEG &&
                                   e->u.unary.operand->kind == IL_E_INT);
}

/* The parameters after def f(, up to and with the ')'. */
/* The line of a body's last statement, inside its last block: where the
 * implicit `return None` of a call is shown. */
static int last_line(const il_stmt *s)
{
    for (;;) {
        while (s->next) s = s->next;
        const il_stmt *in = s->kind == IL_S_WITH ? s->u.with.body
                            : s->kind == IL_S_FOR ? s->u.for_.body
                            : s->kind == IL_S_WHILE ? s->u.while_.body : NULL;
        if (s->kind == IL_S_IF) {
            const il_stmt *i = s;
            while (i->u.if_.orelse && i->u.if_.orelse->kind == IL_S_IF && i->u.if_.orelse->u.if_.is_elif)
                i = i->u.if_.orelse;
            in = i->u.if_.orelse ? i->u.if_.orelse : i->u.if_.body;
        }
        if (!in) return s->line;
        s = in;
    }
}

typedef IL_VEC(const char *) strvec;
typedef IL_VEC(il_expr *) exprvec;

static int params_of(py *y, const il_token *fname, strvec *params, exprvec *defaults)
{
    while (peek(y, 0)->kind != IL_T_RPAREN) {
        const il_token *t = peek(y, 0);
        if (t->kind == IL_T_STAR || t->kind == IL_T_POWER)
            return fail(y, t->line, t->col, "*args and **kwargs parameters are not supported "
                        "(python.md: def f(a, b=1))");
        if (t->kind == IL_T_SLASH)
            return fail(y, t->line, t->col, "positional-only parameters (/) are not supported");
        if (t->kind != IL_T_NAME) {
            il_pyparse_unexpected(y->P, t, "a parameter name or ')'");
            return -1;
        }
        for (size_t i = 0; i < params->len; i++)
            if (strcmp(params->items[i], t->str) == 0)
                return fail(y, t->line, t->col, "duplicate argument '%s' in function definition",
                            t->str); /* CPython's SyntaxError */
        if (reserved(t->str) || strcmp(t->str, "id") == 0)
            return fail(y, t->line, t->col, "a parameter named %s is not supported", t->str);
        next(y);
        il_expr *d = NULL;
        if (peek(y, 0)->kind == IL_T_COLON)
            return fail(y, peek(y, 0)->line, peek(y, 0)->col, "annotations are not supported: "
                        "write def %s(%s)", fname->str, t->str);
        if (peek(y, 0)->kind == IL_T_ASSIGN) {
            next(y);
            d = il_pyparse_expr(y->P);
            if (!d) return -1;
            if (!default_ok(d))
                return FAIL_AT(y, d, "a default value must be a number or True/False in this "
                               "version");
        } else if (defaults->len && defaults->items[defaults->len - 1]) {
            return fail(y, t->line, t->col, "parameter without a default follows parameter "
                        "with a default"); /* CPython's SyntaxError */
        }
        IL_VEC_PUSH(*params, t->str);
        IL_VEC_PUSH(*defaults, d);
        if (peek(y, 0)->kind == IL_T_COMMA) next(y);
        else if (peek(y, 0)->kind != IL_T_RPAREN) {
            il_pyparse_unexpected(y->P, peek(y, 0), "',' or ')'");
            return -1;
        }
    }
    next(y);
    return 0;
}

/* def f(...): block, into f (not bound). */
static int read_def(py *y, pyfunc *out)
{
    const il_token *def = next(y);
    const il_token *name = peek(y, 0);
    if (name->kind != IL_T_NAME) {
        il_pyparse_unexpected(y->P, name, "a function name after 'def'");
        return -1;
    }
    next(y);
    if (expect_tok(y, IL_T_LPAREN, "'(' after the function name")) return -1;
    pyfunc f = {0};
    strvec params = {0};
    exprvec defaults = {0};
    int r = params_of(y, name, &params, &defaults);
    f.nparams = (int)params.len;
    f.params = il_arena_alloc(y->a, (params.len + 1) * sizeof *f.params);
    f.defaults = il_arena_alloc(y->a, (params.len + 1) * sizeof *f.defaults);
    if (params.len) {
        memcpy(f.params, params.items, params.len * sizeof *f.params);
        memcpy(f.defaults, defaults.items, params.len * sizeof *f.defaults);
    }
    il_free(params.items);
    il_free(defaults.items);
    if (r) return -1;
    if (expect_tok(y, IL_T_COLON, "':' after def f(...)")) return -1;
    il_pyparse_clear_globals(y->P);
    il_stmt *body = il_pyparse_block(y->P, def);
    if (!body) return -1;
    f.end_line = last_line(body);
    f.name = name->str;
    f.line = name->line;
    f.col = name->col;
    f.body = body;
    const il_token *const *g;
    f.nglobals = il_pyparse_globals(y->P, &g);
    f.globals = il_arena_alloc(y->a, (f.nglobals + 1) * sizeof *f.globals);
    if (f.nglobals) memcpy(f.globals, g, f.nglobals * sizeof *g);
    il_pyparse_clear_globals(y->P);
    *out = f;
    return 0;
}

static int def_stmt(py *y)
{
    pyfunc f;
    if (read_def(y, &f)) return -1;
    if (bind(y, f.name, N_FUNC, (int)y->funcs.len, f.line, f.col)) return -1;
    IL_VEC_PUSH(y->funcs, f);
    return 0;
}

/* class C: or class C(object): with methods (def m(self, ...)), a
 * docstring and pass; docs/classes-rules.md C1. */
static int class_stmt(py *y)
{
    const il_token *kw = next(y);
    const il_token *name = peek(y, 0);
    if (name->kind != IL_T_NAME) {
        il_pyparse_unexpected(y->P, name, "a class name after 'class'");
        return -1;
    }
    next(y);
    if (peek(y, 0)->kind == IL_T_LPAREN) {
        next(y);
        const il_token *b = peek(y, 0);
        if (b->kind == IL_T_NAME && strcmp(b->str, "object") == 0) next(y);
        else if (b->kind != IL_T_RPAREN)
            return FAIL_AT(y, b, "inheritance is not supported: class %s: or class %s(object): "
                           "(python.md: classes)", name->str, name->str);
        if (expect_tok(y, IL_T_RPAREN, "')' after the base class")) return -1;
    }
    if (expect_tok(y, IL_T_COLON, "':' after class C")) return -1;
    if (expect_tok(y, IL_T_NEWLINE, "a new line after class C: (the methods on their own lines)") ||
        expect_tok(y, IL_T_INDENT, "an indented block of methods"))
        return -1;
    pyclass c = {0};
    c.name = name->str;
    c.line = name->line;
    c.col = name->col;
    int r = 0;
    while (!r && !failed(y) && peek(y, 0)->kind != IL_T_DEDENT) {
        const il_token *t = peek(y, 0);
        if (t->kind == IL_T_KW_DEF) {
            pyfunc f;
            r = read_def(y, &f);
            if (r) break;
            for (size_t i = 0; i < c.methods.len && !r; i++)
                if (strcmp(c.methods.items[i].name, f.name) == 0)
                    r = fail(y, f.line, f.col, "method %s is defined twice in class %s",
                             f.name, c.name);
            if (!r && f.nparams == 0)
                r = fail(y, f.line, f.col, "method %s() needs self as its first parameter",
                         f.name);
            if (!r && f.name[0] == '_' && f.name[1] == '_' && strcmp(f.name, "__init__") != 0)
                r = fail(y, f.line, f.col, "the method %s is not supported: a class has "
                         "__init__ and methods of its own (python.md: classes)", f.name);
            if (!r) IL_VEC_PUSH(c.methods, f);
        } else if ((t->kind == IL_T_STR || t->kind == IL_T_KW_PASS) &&
                   peek(y, 1)->kind == IL_T_NEWLINE) {
            next(y); /* a docstring, pass */
            next(y);
        } else {
            r = FAIL_AT(y, t, "a class body holds methods (def m(self, ...):), a docstring and "
                        "pass in this version: class attributes are not supported yet");
        }
    }
    if (!r && failed(y)) r = -1;
    if (!r) next(y); /* the dedent */
    (void)kw;
    if (!r) r = bind(y, c.name, N_CLASS, (int)y->classes.len, c.line, c.col);
    if (r) {
        il_free(c.methods.items);
        return -1;
    }
    IL_VEC_PUSH(y->classes, c);
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
        } else if (k == IL_T_KW_CLASS && !in_main_block) {
            class_stmt(y);
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

/* p.attr with p a local of the function (a parameter given an object):
 * the compiler knows which object p is at each call. */
static int local_head(const body_ctx *b, const char *n)
{
    const char *dot = strchr(n, '.');
    if (!b->f || !dot) return 0;
    for (size_t i = 0; i < b->locals.len; i++)
        if (strlen(b->locals.items[i]) == (size_t)(dot - n) &&
            strncmp(b->locals.items[i], n, (size_t)(dot - n)) == 0)
            return 1;
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
    if (strchr(n, '.')) return local_head(b, n) ? 0 : attr_target(y, t, m);
    if (m && m->kind == N_STR)
        return FAIL_AT(y, t, "'%s' is a string constant (line %d): strings that change are not "
                       "supported yet", n, m->line);
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
    case N_CLASS:
        return FAIL_AT(y, e, "the class %s as a value is not supported: create an object, "
                       "NAME = %s(...)", n, n);
    case N_OBJECT: /* passed by name to a function or thread, or refused by the compiler */
        return 0;
    case N_STR:
        return FAIL_AT(y, e, "%s is a string: it has no methods in this version", n);
    }
    /* main runs in order: a name declared further down does not exist yet */
    if (!b->f && b->stmt && (m->line > b->stmt->line || (m->line == b->stmt->line && m->col > b->stmt->col)))
        return FAIL_AT(y, e, "name '%s' is used before it is assigned (at line %d)", n, m->line);
    return 0;
}

static int walk_func(py *y, pyfunc *f);

static const char *const log_levels[] = {"debug", "info", "warning", "error", "critical", NULL};

/* logging.info(msg, *args) is print(msg % args) (python.md: configuration,
 * level and timestamps are ignored); logging.basicConfig(...) a step with no
 * effect (docs/classes-rules.md L1). */
static int body_stmt(py *y, visitor *v, il_stmt *s)
{
    const body_ctx *b = v->ctx;
    if (s->kind != IL_S_EXPR || s->u.expr->kind != IL_E_CALL || !s->u.expr->u.call.prefix ||
        strcmp(s->u.expr->u.call.prefix, "logging") != 0)
        return 0;
    il_expr *e = s->u.expr;
    const char *f = e->u.call.func;
    if (!(y->imported & (1u << M_LOGGING)))
        return FAIL_AT(y, e, "name 'logging' is not defined: add `import logging` at the top");
    if (strcmp(f, "basicConfig") == 0) {
        s->kind = IL_S_PASS;
        return 0;
    }
    int level = 0;
    while (log_levels[level] && strcmp(log_levels[level], f) != 0) level++;
    if (!log_levels[level])
        return FAIL_AT(y, e, "logging.%s() is not supported (supported: logging.basicConfig, debug, "
                       "info, warning, error, critical)", f);
    if (e->u.call.nkw)
        return FAIL_AT(y, e->u.call.kwargs[0], "logging.%s(): keyword arguments are not "
                       "supported", f);
    if (e->u.call.nargs < 1)
        return FAIL_AT(y, e, "logging.%s() missing 1 required positional argument: 'msg'", f);
    for (int i = 0; i < e->u.call.nargs; i++) { /* string constants are text (S1) */
        il_expr *a = e->u.call.args[i];
        const pname *m = a->kind == IL_E_NAME && !(b->f && is_local(b, a->u.name))
                             ? lookup(y, a->u.name) : NULL;
        if (m && m->kind == N_STR) {
            a->kind = IL_E_STR;
            a->u.str = y->strs.items[m->index];
        }
    }
    il_expr *msg = e->u.call.args[0];
    if (msg->kind != IL_E_STR && e->u.call.nargs > 1)
        return FAIL_AT(y, msg, "logging.%s(msg, args): the message must be a string literal in "
                       "this version", f);
    il_expr *line = msg;
    if (e->u.call.nargs > 1) {
        line = il_pyparse_percent(y->P, msg, e->u.call.args + 1, e->u.call.nargs - 1);
        if (!line) return -1;
    }
    e->u.call.prefix = NULL;
    e->u.call.func = "print";
    e->u.call.atomic = 1; /* logging writes the line in one write, under a lock (F3) */
    e->u.call.nargs = 1;
    e->u.call.args[0] = line;
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
        const pname *m = b->f && is_local(b, e->u.name) ? NULL : lookup(y, e->u.name);
        if (m && m->kind == N_STR) { /* a constant: reading it is no access (S1) */
            e->kind = IL_E_STR;
            e->u.str = y->strs.items[m->index];
            return 0;
        }
        if (strcmp(e->u.name, IL_CURRENT_NAME) == 0 || strcmp(e->u.name, IL_CURRENT_NAME_BARE) == 0) {
            int bare = e->u.name[sizeof "<current_thread" - 1] == '(';
            const pname *ct = bare ? lookup(y, "current_thread") : NULL;
            if (bare ? !ct || ct->kind != N_IMPORTED : !(y->imported & (1u << M_THREADING)))
                return FAIL_AT(y, e, bare ? "name 'current_thread' is not defined: add `from "
                               "threading import current_thread`" : "name 'threading' is not "
                               "defined: add `import threading` at the top");
            return 0; /* the compiler knows which thread runs it */
        }
        if (!m && strchr(e->u.name, '.') && local_head(b, e->u.name)) return 0;
        if (!m && strchr(e->u.name, '.')) {
            const pname *t = thread_attr(y, e->u.name, "name");
            if (t) {
                e->kind = IL_E_STR;
                e->u.str = y->threads.items[t->index].pyname;
                return 0;
            }
            return attr_unknown(y, e, e->u.name);
        }
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
    if (e->u.call.recv && e->u.call.recv->kind == IL_E_CALL)
        return FAIL_AT(y, e, "a method call on a call's result is supported only as "
                       "threading.Thread(...).start(), a statement of main's code");
    ctor_kind k;
    const ctor_info *ci;
    if (ctor_of(y, e, &k, &ci)) return -1;
    if (k == C_THREAD || k == C_TIMER)
        return FAIL_AT(y, e, "a %s is created only as NAME = threading.%s(...) at the top level of "
                       "the module: threads in functions, loops and lists are not supported yet "
                       "(python.md: threads as objects)", f, f);
    if (k == C_EXECUTOR)
        return FAIL_AT(y, e, "a ThreadPoolExecutor is supported as `with ThreadPoolExecutor("
                       "max_workers=n) as executor:` in main's code (python.md: the executor)");
    if (pre && strcmp(pre, "logging") == 0)
        return FAIL_AT(y, e, "logging.%s() is supported as a statement of its own", f);
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
        if (m && m->kind == N_OBJECT) { /* obj.method(...): the function obj.method */
            il_buf nb = {0};
            il_buf_printf(&nb, "%s.%s", e->u.call.object, f);
            const pname *fm = lookup(y, nb.data);
            il_buf_free(&nb);
            if (!fm || fm->kind != N_FUNC)
                return FAIL_AT(y, e, "'%s' object has no attribute '%s'",
                               y->classes.items[m->index].name, f);
            e->u.call.func = fm->name;
            e->u.call.object = NULL;
            if (!b->f && b->stmt && m->line > b->stmt->line)
                return FAIL_AT(y, e, "name '%s' is used before it is assigned (at line %d)",
                               fm->name, m->line);
            return walk_func(y, &y->funcs.items[fm->index]);
        }
        if (!m && strchr(e->u.call.object, '.') && !local_head(b, e->u.call.object))
            return attr_unknown(y, e, e->u.call.object);
        if (m && m->kind == N_SHARED && y->shared.items[m->index].is_list)
            return FAIL_AT(y, e, "list methods (%s.%s()) are not supported yet: a shared list has "
                           "a fixed size in this version (python.md: lists)", e->u.call.object, f);
        if (module_ref(y, b, e, &e->u.call.object)) return -1;
        timeouts(e);
        return 0;
    }
    const pname *m = b->f && is_local(b, f) ? NULL : lookup(y, f);
    if (b->f && is_local(b, f))
        return FAIL_AT(y, e, "'%s' is a local variable of %s(): calling it is not supported "
                       "(functions as values are not supported yet)", f, b->f->name);
    if (m && m->kind == N_CLASS)
        return FAIL_AT(y, e, "an object is created as NAME = %s(...), a statement of main's code "
                       "run once (not in a loop, an if, a function or a thread) in this version",
                       f);
    if (m && m->kind == N_FUNC) {
        /* main runs in order: a def further down does not exist yet */
        if (!b->f && b->stmt && m->line > b->stmt->line)
            return FAIL_AT(y, e, "name '%s' is used before it is defined (at line %d)", f, m->line);
        return walk_func(y, &y->funcs.items[m->index]);
    }
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
    for (int i = 0; i < f->nparams; i++) IL_VEC_PUSH(b.locals, f->params[i]);
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
    for (size_t i = 0; i < y->tasks.len; i++)
        if (walk_func(y, &y->funcs.items[lookup(y, y->tasks.items[i].target->u.call.func)->index]))
            return -1;
    /* every object's methods: a function given the object calls them through its
     * parameter (p.m()), which only the compiler resolves */
    for (size_t i = 0; i < y->funcs.len; i++)
        if (strchr(y->funcs.items[i].name, '.') && walk_func(y, &y->funcs.items[i])) return -1;
    p->ntasks = (int)y->tasks.len;
    p->tasks = il_arena_alloc(y->a, (y->tasks.len + 1) * sizeof *p->tasks);
    if (y->tasks.len) memcpy(p->tasks, y->tasks.items, y->tasks.len * sizeof *p->tasks);
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
    m->pyname = "MainThread";
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
        d->body = y->funcs.items[t->func].body;
        d->target = t->call;
        d->pyname = t->pyname;
    }
    p->objects = il_arena_alloc(y->a, (y->names.len + 1) * sizeof *p->objects);
    for (size_t i = 0; i < y->names.len; i++)
        if (y->names.items[i].kind == N_OBJECT) p->objects[p->nobjects++] = y->names.items[i].name;
    p->nfuncs = (int)y->funcs.len;
    p->funcs = il_arena_alloc(y->a, (y->funcs.len + 1) * sizeof *p->funcs);
    for (size_t i = 0; i < y->funcs.len; i++) {
        const pyfunc *f = &y->funcs.items[i];
        il_func_decl *d = &p->funcs[i];
        d->name = f->name;
        d->line = f->line;
        d->col = f->col;
        d->nparams = f->nparams;
        d->params = f->params;
        d->defaults = f->defaults;
        d->body = f->body;
        d->end_line = f->end_line;
        d->nglobals = (int)f->nglobals;
        d->globals = il_arena_alloc(y->a, (f->nglobals + 1) * sizeof *d->globals);
        for (size_t g = 0; g < f->nglobals; g++) d->globals[g] = f->globals[g]->str;
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
    for (size_t i = 0; i < y.classes.len; i++) il_free(y.classes.items[i].methods.items);
    il_free(y.classes.items);
    il_free(y.strs.items);
    il_free(y.tasks.items);
    for (size_t i = 0; i < y.env.len; i++) il_free(y.env.items[i].list.items);
    il_free(y.env.items);
    return rc;
}
