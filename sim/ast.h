/* ast.h - syntax tree of a thread body (the Python subset of language.md).
 * Built by the parser in an arena; every node carries its position as
 * 1-based line and column *in the YAML file*, so every later message (load
 * errors, runtime errors, reports) can point at the program file directly.
 * Names are not resolved here: the compiler decides what a name is. */
#ifndef IL_AST_H
#define IL_AST_H

#include <stdint.h>

/* A Python file's threading.current_thread().name (and, after `from threading
 * import current_thread`, current_thread().name): a NAME no program can
 * spell, which the compiler replaces by the running thread's name. */
#define IL_CURRENT_NAME "<current_thread>.name"
#define IL_CURRENT_NAME_BARE "<current_thread()>.name"

typedef enum il_binop {
    IL_OP_ADD, IL_OP_SUB, IL_OP_MUL, IL_OP_FLOORDIV, IL_OP_MOD,
    IL_OP_DIV,             /* `/`: parsed so the compiler can refuse it clearly */
    IL_OP_AND, IL_OP_OR,   /* short-circuit, give the deciding operand */
    IL_OP_EQ, IL_OP_NE, IL_OP_LT, IL_OP_LE, IL_OP_GT, IL_OP_GE,
    IL_OP_NEG, IL_OP_NOT, IL_OP_POS /* unary */
} il_binop;

typedef enum il_expr_kind {
    IL_E_INT,     /* u.ival; also True/False (1/0) */
    IL_E_STR,     /* u.str: decoded string literal (only print/assert use it) */
    IL_E_NAME,    /* u.name */
    IL_E_INDEX,   /* u.index: base[index]; base is any expr (compiler checks NAME) */
    IL_E_UNARY,   /* u.unary: NEG, NOT, POS */
    IL_E_BINARY,  /* u.binary: ADD..DIV, AND, OR */
    IL_E_COMPARE, /* u.compare: a < b <= c (chained, as Python) */
    IL_E_CALL,    /* u.call: f(args) or obj.method(args, kw=v) */
    IL_E_LIST,    /* u.list: [a, b, c] literal (only `for ... in [..]` uses it) */
    IL_E_FLOAT,   /* u.ival: a float of a Python file, rounded up; pyload.c makes it an
                     INT where it means time (sleep, timeout=), the compiler refuses it */
    IL_E_TUPLE,   /* u.list: (a, b), (a,), (): a value only as Thread(args=...) */
    IL_E_LISTCOMP, /* u.comp: [elt for var in iter if cond] (a Python file's; pyload.c
                      expands those that build lists of threads) */

    /* -- formatted output (issue 15, print formats) -- */
    IL_E_FORMAT   /* u.format: f"..." or "..." % x, "..." % (a, b): text to build; only
                     print()'s arguments may be one (the compiler refuses it elsewhere) */
} il_expr_kind;

/* How one field of an IL_E_FORMAT prints (CPython's format() and %). The
 * parser reads it from the f-string's `!conv:spec` or the % directive, and
 * checks it against what the field can hold; see docs/language.md "print". */
typedef struct il_fmt_spec {
    char conv;    /* 0: format(v, spec); 's' str(), 'r' repr(), 'a' ascii(): the value
                     becomes text; 'd': %d %i %u, the value as an integer (a bool too) */
    char align;   /* 0: the default (right for a number, left for text), '<' '>' '^' '=' */
    char sign;    /* 0 ('-'), '+' or ' ' */
    char group;   /* 0, ',' or '_' (numbers only) */
    char fill[5]; /* UTF-8 of the fill character; "" for a space */
    int width;    /* minimum width in characters, 0 none */
} il_fmt_spec;

typedef struct il_expr il_expr;

/* One piece of a formatted string: literal text, or a value to format. */
typedef struct il_fmt_part {
    const char *text; /* the literal text (value NULL) */
    il_expr *value;   /* the field's expression (text NULL) */
    il_fmt_spec spec;
} il_fmt_part;

struct il_expr {
    il_expr_kind kind;
    int line, col; /* file position of the expression's first character */
    int bool_lit;  /* IL_E_INT written True or False: print() shows it so */
    union {
        int64_t ival;
        const char *str;
        const char *name;
        struct { il_expr *base, *index; } index;
        struct { il_binop op; il_expr *operand; } unary;
        struct { il_binop op; il_expr *lhs, *rhs; } binary;
        struct {
            int n;              /* number of operands (>= 2) */
            il_binop *ops;      /* n - 1 comparison operators */
            il_expr **operands; /* n operands */
        } compare;
        struct {
            const char *object; /* "m" in m.acquire(); NULL for f(...) */
            const char *prefix; /* "threading"/"queue" in threading.Lock(): NULL otherwise */
            const char *func;   /* method or function name */
            int nargs;          /* positional arguments */
            il_expr **args;
            int nkw;            /* keyword arguments, in source order */
            const char **kwnames;
            il_expr **kwargs;
            il_expr *recv;      /* a Python file's receiver that is not a name:
                                   threads[i] in threads[i].start(); object is NULL */
            int atomic;         /* print(): one write even under --print=cpython
                                   (python.md F3), as logging's one write of msg and
                                   newline is; 0 for print() as written */
        } call;
        struct { int n; il_expr **items; } list;
        struct { il_expr *elt, *var, *iter, *cond; } comp; /* cond may be NULL */
        struct {
            int n;              /* parts, in order */
            il_fmt_part *parts;
            int percent;        /* "..." % x: 1; f"...": 0 (for messages) */
        } format;
    } u;
};

typedef enum il_stmt_kind {
    IL_S_EXPR,      /* u.expr: a call used as a statement (print, sleep, m.acquire(), ...) */
    IL_S_ASSIGN,    /* u.assign: target = value; target is NAME or INDEX */
    IL_S_AUGASSIGN, /* u.aug: target op= value (op ADD, SUB, MUL, FLOORDIV, MOD) */
    IL_S_ASSERT,    /* u.assert_: assert cond[, msg] */
    IL_S_PASS,
    IL_S_IF,        /* u.if_: orelse is NULL, an else block, or one IF with is_elif */
    IL_S_WHILE,     /* u.while_ */
    IL_S_FOR,       /* u.for_: iter is a range(...) CALL or a LIST */
    IL_S_BREAK,
    IL_S_CONTINUE,
    IL_S_RETURN,    /* u.ret: value may be NULL */
    IL_S_WITH       /* u.with: with ctx [as name]: body */
} il_stmt_kind;

typedef struct il_stmt il_stmt;
struct il_stmt {
    il_stmt_kind kind;
    int line, col;  /* file position of the statement's first token */
    il_stmt *next;  /* next statement in the same block */
    union {
        il_expr *expr;
        struct { il_expr *target, *value; } assign;
        struct { il_expr *target; il_binop op; il_expr *value; } aug;
        struct { il_expr *cond, *msg; } assert_;
        struct { il_expr *cond; il_stmt *body, *orelse; int is_elif; } if_;
        struct { il_expr *cond; il_stmt *body; } while_;
        struct { il_expr *var; il_expr *iter; il_stmt *body; } for_;
        struct { il_expr *value; } ret;
        struct { il_expr *ctx; il_stmt *body; il_expr *as; /* NULL: no `as` (a Python file's) */ } with;
    } u;
};

#endif
