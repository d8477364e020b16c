/* program.h - the program model: what a YAML program file says, checked for
 * shape and names but not yet compiled. The loader (loader.h) builds it, the
 * compiler (compiler.h) turns its bodies into bytecode, `check` reads
 * `expect`. Everything lives in the program's arena; il_program_free frees it.
 * Positions are 1-based file line/column of the YAML node concerned. */
#ifndef IL_PROGRAM_H
#define IL_PROGRAM_H

#include <stdint.h>

#include "ast.h"
#include "primitives.h"
#include "util.h"

/* A state (bytecode.h) holds at most this many bytes: 131072 64-bit values in
 * all. The loader refuses lists that could not fit before allocating them,
 * the compiler the declaration whose slots pass it. */
#define IL_STATE_MAX_BYTES (1u << 20)
#define IL_STATE_MAX_VALUES (IL_STATE_MAX_BYTES / 8)

/* The object of the calls a Python file's executor in main becomes
 * (`<executor>.start()`, `.submit()`, `.shutdown()`): no name can be it. */
#define IL_EXECUTOR_NAME "<executor>"

typedef struct il_shared_decl {
    const char *name;
    int line, col;
    int is_list;   /* 0: int variable; 1: list (fixed size) */
    int size;      /* 1 for an int, the element count for a list (>= 1) */
    int64_t *init; /* size initial values */
} il_shared_decl;

typedef struct il_sync_decl {
    const char *name;
    int line, col;
    il_sync_kind kind; /* primitives.h */
    int64_t arg;      /* Semaphore/BoundedSemaphore value, Barrier parties, Queue maxsize */
    int lock;         /* Condition: index of its Lock/RLock in sync[], or -1 (own RLock) */
} il_sync_decl;

typedef struct il_thread_decl {
    const char *name; /* as written; instances of `count: N` are name0..name{N-1} */
    int line, col;    /* of the name key */
    int count;        /* 0: a single thread; N >= 1: N instances with id 0..N-1 */
    int daemon;       /* daemon: true */
    int timer;        /* timer: true (threading.Timer) */
    il_stmt *body;    /* the thread's code, when target is NULL */
    /* Thread(target=f, args=(...), kwargs={...}): the call f(args, kw=...)
     * the thread runs, whose arguments the creator evaluated (constants, or
     * sync objects, lists, threads passed by name); NULL: body is the code. */
    il_expr *target;
    const char *pyname; /* a Python file's: its name in CPython (t.name), NULL in YAML */
} il_thread_decl;

/* def f(a, b=1): a function any body may call (python.md "The language").
 * A call is compiled in place (compiler.c): its steps are the callee's
 * statements (P1). */
typedef struct il_func_decl {
    const char *name;
    int line, col;
    int nparams;
    const char **params;
    il_expr **defaults;   /* per parameter: a constant, or NULL when required */
    int nglobals;
    const char **globals; /* its `global` names: assignments to them are shared */
    il_stmt *body;
    int end_line;         /* the line of the implicit `return None`: its last line */
} il_func_decl;

typedef struct il_executor_task {
    int line, col;
    int count;        /* copies submitted (>= 1) */
    il_stmt *body;    /* a YAML task; NULL for a Python file's */
    il_expr *target;  /* a Python file's ex.submit(f, args): the call f(args), with
                         constant arguments (python.md, the executor in main) */
} il_executor_task;

/* One `finals:` entry: only the variables named are compared. */
typedef struct il_final_entry {
    int line, col;
    int nvars;
    const char **names;
    int *nvals;       /* 1 for an int, the list length for a list value */
    int64_t **vals;
} il_final_entry;

typedef enum { IL_TRI_UNSET = -1, IL_TRI_FALSE = 0, IL_TRI_TRUE = 1 } il_tri;

typedef struct il_expect {
    int present;                /* the program has an expect: block */
    int line, col;
    int has_outputs;            /* outputs: given (possibly empty) */
    int noutputs;
    int *output_len;            /* per expected output sequence */
    const char ***outputs;      /* items as strings ([1, 1] = ["1", "1"]) */
    int outputs_line, outputs_col;
    int has_finals;
    int nfinals;
    il_final_entry *finals;
    int finals_line, finals_col;
    il_expr *always, *sometimes, *never; /* NULL when absent */
    const char *always_src, *sometimes_src, *never_src;
    il_tri deadlock, races, errors;
    int deadlock_line, races_line, errors_line;
    const char *interleavings;  /* decimal string or "infinite"; NULL when absent */
    int interleavings_line, interleavings_col;
} il_expect;

/* How print() writes (python.md F3): the program's `print:` key, a
 * command's --print=, a trace's print: key. */
typedef enum il_print_mode {
    IL_PRINT_DEFAULT = 0, /* not said: the program's own (a key absent: atomic) */
    IL_PRINT_ATOMIC = 1,  /* a print is one step (rule 4) */
    IL_PRINT_CPYTHON = 2  /* its arguments, then its text, then its end: three steps */
} il_print_mode;

typedef struct il_program {
    il_arena arena;
    const char *path;  /* as given on the command line */
    /* The bytes loaded and their SHA-256: traces are of what was explored,
     * whatever the file holds by the time they are written. */
    const char *text;
    size_t text_len;
    char sha256[65];   /* 64 lowercase hex digits */
    const char *name;  /* name: or the file name without .yaml */
    const char *about; /* NULL when absent */
    int nshared;
    il_shared_decl *shared;
    int nsync;
    il_sync_decl *sync;
    int nthreads;
    il_thread_decl *threads; /* in file order */
    int nfuncs;
    il_func_decl *funcs;     /* in file order */
    int nobjects;
    const char **objects;    /* a Python file's objects (NAME = C(...)): NAME.attr and
                                NAME.method are their shared, sync and func names */
    int has_executor;
    int executor_workers;
    int executor_line, executor_col;
    int executor_in_main; /* a Python file's `with ThreadPoolExecutor() as ex:` in main:
                             main starts the workers, submits each task and shuts the
                             executor down (ops XSTART, SUBMIT, SHUTDOWN); YAML's is
                             running with every task submitted at step 0 */
    int ntasks;
    il_executor_task *tasks;
    il_expect expect;
    /* python.md F3: what the file's top-level `print:` key says (DEFAULT when
     * absent), and the mode the program is compiled in (ATOMIC or CPYTHON):
     * the key's, unless a command or a trace says otherwise (il_program_set_print). */
    il_print_mode print_key;
    int print_key_line, print_key_col;
    il_print_mode print;
} il_program;

void il_program_free(il_program *p);

/* The mode to compile p in: m, or with IL_PRINT_DEFAULT the file's own. */
void il_program_set_print(il_program *p, il_print_mode m);
/* "atomic" or "cpython". */
const char *il_print_mode_name(il_print_mode m);

/* The constructors of the kinds in mask (a bit per il_sync_kind), in table
 * order, as a phrase: "Lock or RLock", "Lock, RLock or Condition". */
void il_sync_kinds_phrase(unsigned mask, il_buf *out);

#endif
