/* parser.c - recursive-descent parser for thread bodies and expect
 * expressions (see parser.h, language.md "Statements"). Reads the token
 * array of lexer.h with at most three tokens of lookahead.
 *
 * Errors: the first one is reported through the diag and every function
 * then returns NULL up to the caller; nothing is reported twice. Python
 * syntax that the subset leaves out gets its own message saying what is
 * supported, so a user coming from Python learns the subset from errors.
 *
 * Recursion is bounded: blocks, brackets and prefix operators count towards
 * MAX_DEPTH, so hostile input cannot overflow the C stack. Everything else
 * (statement lists, elif chains, binary operator chains) is iterative.
 *
 * Python files (pyload.c) use the same grammar through the il_pyparse_*
 * functions, with `py` set: messages speak of Python files and say what is
 * not supported *yet* (python.md), `global` is read into a list rather than
 * a statement, floats are FLOAT nodes, and string statements (docstrings)
 * are dropped, as CPython compiles them to nothing. */
#include "parser.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lexer.h"

enum { MAX_DEPTH = 200 };

struct il_pyparser {
    il_arena *a;          /* owns the AST */
    il_diag *d;           /* where the first error goes */
    const il_token *toks; /* ends with END or ERROR */
    size_t ntoks, pos;    /* pos never passes the last token */
    int depth;            /* open blocks, brackets and prefix operators */
    int failed;           /* an error was reported: unwind quietly */
    int py;               /* a Python file (il_pyparse_open) */
    IL_VEC(const il_token *) globals; /* py: names of `global` statements read */
};
typedef struct il_pyparser parser;

/* Arena-backed growable array of anything: no cleanup on error paths. */
#define AVEC(T) struct { T *items; int n, cap; }
#define AVEC_PUSH(p, v, x)                                                     \
    do {                                                                       \
        if ((v).n == (v).cap) {                                                \
            int nc_ = (v).cap ? (v).cap * 2 : 4;                               \
            void *ni_ = il_arena_alloc((p)->a, (size_t)nc_ * sizeof *(v).items); \
            if ((v).n) memcpy(ni_, (v).items, (size_t)(v).n * sizeof *(v).items); \
            (v).items = ni_;                                                   \
            (v).cap = nc_;                                                     \
        }                                                                      \
        (v).items[(v).n++] = (x);                                              \
    } while (0)

/* ---- tokens ---- */

static const il_token *peek(const parser *p) { return &p->toks[p->pos]; }

static const il_token *peek_at(const parser *p, size_t k)
{
    size_t i = p->pos + k;
    return &p->toks[i < p->ntoks ? i : p->ntoks - 1];
}

static il_tok_kind peek_kind(const parser *p) { return p->toks[p->pos].kind; }

static const il_token *advance(parser *p)
{
    const il_token *t = &p->toks[p->pos];
    if (p->pos + 1 < p->ntoks) p->pos++;
    return t;
}

static int at_stmt_end(il_tok_kind k)
{
    return k == IL_T_NEWLINE || k == IL_T_SEMI || k == IL_T_END;
}

/* ---- errors ---- */

static void vreport(parser *p, int line, int col, const char *fmt, va_list ap)
{
    if (p->failed) return;
    p->failed = 1;
    char msg[600];
    vsnprintf(msg, sizeof msg, fmt, ap);
    il_diag_error(p->d, line, col, "%s", msg);
}

/* An error at a token; a lexical error there takes precedence, being the
 * real reason the token is not what the grammar wants. Returns NULL. */
static void *fail(parser *p, const il_token *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void *fail(parser *p, const il_token *t, const char *fmt, ...)
{
    if (t->kind == IL_T_ERROR) {
        if (!p->failed) il_diag_error(p->d, t->line, t->col, "%s", t->str);
        p->failed = 1;
        return NULL;
    }
    va_list ap;
    va_start(ap, fmt);
    vreport(p, t->line, t->col, fmt, ap);
    va_end(ap);
    return NULL;
}

/* An error at an expression already parsed. Returns NULL. */
static void *fail_expr(parser *p, const il_expr *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void *fail_expr(parser *p, const il_expr *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(p, e->line, e->col, fmt, ap);
    va_end(ap);
    return NULL;
}

/* How a token is named in "expected X, got Y". */
static const char *describe(const il_token *t, char *buf, size_t n)
{
    if (t->len == 0) return il_lex_spelling(t->kind);
    if (t->len > 40)
        snprintf(buf, n, "'%.37s...'", t->src);
    else
        snprintf(buf, n, "'%.*s'", (int)t->len, t->src);
    return buf;
}

/* Tokens that no rule of the subset accepts anywhere: say what is supported
 * instead of a bare "expected X" (NULL: nothing to say). */
#define NOT_BODY " is not supported: a thread body is a sequence of statements"
#define NOT_ASYNC " is not supported: threads are declared under threads:"
#define NOT_TRY " is not supported: a runtime error ends its thread and is reported"
#define NOT_SCOPE " is not supported: names declared under shared: are shared, all others are local"
static const char power[] = "** (power) is not supported: operators are + - * // % and comparisons";
static const char bitops[] = "bit operators (& | ^ ~ << >>) are not supported: operators are "
                             "+ - * // % and comparisons";
static const char import[] = "import is not supported: declare locks, events, queues... under sync:";
static const char at[] = "@ (decorators, matrix product) is not supported";
static const char braces[] = "dicts and sets ({...}) are not supported: declare lists under shared:";
static const char *const unsupported_why[IL_T_NKINDS] = {
    [IL_T_KW_DEF] = "def" NOT_BODY,
    [IL_T_KW_CLASS] = "class" NOT_BODY,
    [IL_T_KW_LAMBDA] = "lambda" NOT_BODY,
    [IL_T_KW_YIELD] = "yield" NOT_BODY,
    [IL_T_KW_ASYNC] = "async" NOT_ASYNC,
    [IL_T_KW_AWAIT] = "await" NOT_ASYNC,
    [IL_T_KW_TRY] = "try" NOT_TRY,
    [IL_T_KW_EXCEPT] = "except" NOT_TRY,
    [IL_T_KW_FINALLY] = "finally" NOT_TRY,
    [IL_T_KW_RAISE] = "raise is not supported: use assert to make a thread fail",
    [IL_T_KW_IMPORT] = import,
    [IL_T_KW_FROM] = import,
    [IL_T_KW_GLOBAL] = "global" NOT_SCOPE,
    [IL_T_KW_NONLOCAL] = "nonlocal" NOT_SCOPE,
    [IL_T_KW_DEL] = "del is not supported: a variable lives as long as its thread",
    [IL_T_KW_NONE] = "None is not supported: values are 64-bit integers",
    [IL_T_KW_IS] = "the is operator is not supported: compare with == or !=",
    [IL_T_KW_IN] = "the in operator is not supported: in only appears in for v in ...",
    [IL_T_KW_AS] = "with ... as is not supported: write with m: and use m in the block",
    [IL_T_POWER] = power, [IL_T_POWEREQ] = power,
    [IL_T_AMP] = bitops, [IL_T_PIPE] = bitops, [IL_T_CARET] = bitops, [IL_T_TILDE] = bitops,
    [IL_T_LSHIFT] = bitops, [IL_T_RSHIFT] = bitops, [IL_T_AMPEQ] = bitops,
    [IL_T_PIPEEQ] = bitops, [IL_T_CARETEQ] = bitops, [IL_T_LSHIFTEQ] = bitops,
    [IL_T_RSHIFTEQ] = bitops,
    [IL_T_AT] = at, [IL_T_ATEQ] = at,
    [IL_T_LBRACE] = braces, [IL_T_RBRACE] = braces,
    [IL_T_ELLIPSIS] = "... (Ellipsis) is not supported",
    [IL_T_ARROW] = "-> (annotations) is not supported",
    [IL_T_WALRUS] = ":= (assignment expressions) is not supported: assign in a statement of its own",
    [IL_T_SLASHEQ] = "/= is not supported: values are integers, use //=",
};
#undef NOT_BODY
#undef NOT_ASYNC
#undef NOT_TRY
#undef NOT_SCOPE

/* The same for a Python file, where it says otherwise (NULL: as above). */
#define NOT_YET " is not supported yet (python.md: "
#define ARE_NOT_YET " are not supported yet (python.md: "
static const char py_import[] = "import inside a block is not supported: import at the top "
                                "of the module";
static const char *const py_unsupported_why[IL_T_NKINDS] = {
    [IL_T_KW_DEF] = "def inside a block is not supported: define functions at module level "
                    "(python.md: no closures)",
    [IL_T_KW_CLASS] = "classes" ARE_NOT_YET "class C with __init__ and methods)",
    [IL_T_KW_LAMBDA] = "lambda is not supported (python.md: no lambdas): define a function "
                       "at module level",
    [IL_T_KW_YIELD] = "yield is not supported (python.md: no generators)",
    [IL_T_KW_ASYNC] = "async is not supported: threads are threading.Thread",
    [IL_T_KW_AWAIT] = "await is not supported: threads are threading.Thread",
    [IL_T_KW_IMPORT] = py_import,
    [IL_T_KW_FROM] = py_import,
    [IL_T_KW_NONLOCAL] = "nonlocal is not supported (python.md: no closures)",
    [IL_T_KW_NONE] = "None" NOT_YET "None, is and is not)",
    [IL_T_KW_IS] = "the is operator" NOT_YET "is and is not, None)",
    [IL_T_KW_IN] = "the in operator" NOT_YET "lists with in)",
    [IL_T_AT] = "decorators are not supported (python.md: no decorators)",
    [IL_T_LBRACE] = "dicts and sets ({...}) are not supported",
    [IL_T_RBRACE] = "dicts and sets ({...}) are not supported",
};

static const char *unsupported_in(const parser *p, const il_token *t)
{
    if (t->kind == IL_T_ERROR) return t->str;
    if (p->py && py_unsupported_why[t->kind]) return py_unsupported_why[t->kind];
    return unsupported_why[t->kind];
}

/* Which message a construct gets: the YAML format's, or a Python file's. */
static const char *says(const parser *p, const char *yaml, const char *py)
{
    return p->py ? py : yaml;
}

static void *unexpected(parser *p, const il_token *t, const char *expected)
{
    const char *m = unsupported_in(p, t);
    if (m) return fail(p, t, "%s", m);
    char buf[64];
    return fail(p, t, "expected %s, got %s", expected, describe(t, buf, sizeof buf));
}

#define TUPLES "tuples are not supported: values are 64-bit integers"
#define TUPLES_PY "tuples" ARE_NOT_YET "tuples)"

/* Same, where a complete expression has just been read. */
static void *unexpected_after_expr(parser *p, const il_token *t, const char *expected)
{
    if (t->kind == IL_T_KW_IF)
        return fail(p, t, "conditional expressions (a if c else b) are not supported: "
                    "use an if statement");
    if (t->kind == IL_T_KW_FOR)
        return fail(p, t, "%s", says(p, "comprehensions are not supported: use a for statement",
                                     "list comprehensions" ARE_NOT_YET "[e for v in it if c]): use "
                                     "a for statement"));
    if (t->kind == IL_T_COMMA) /* wherever a comma is not a separator */
        return fail(p, t, "%s", says(p, TUPLES, TUPLES_PY));
    return unexpected(p, t, expected);
}

static int enter(parser *p, const il_token *at)
{
    if (++p->depth > MAX_DEPTH) {
        fail(p, at, "nesting too deep (limit %d)", MAX_DEPTH);
        return 0;
    }
    return 1;
}

static void leave(parser *p) { p->depth--; }

/* ---- expressions ---- */

static il_expr *new_expr(parser *p, il_expr_kind k, int line, int col)
{
    il_expr *e = il_arena_alloc(p->a, sizeof *e);
    e->kind = k;
    e->line = line;
    e->col = col;
    return e;
}

static il_expr *binary(parser *p, const il_token *start, il_binop op, il_expr *l, il_expr *r)
{
    il_expr *e = new_expr(p, IL_E_BINARY, start->line, start->col);
    e->u.binary.op = op;
    e->u.binary.lhs = l;
    e->u.binary.rhs = r;
    return e;
}

static il_expr *parse_expr(parser *p);
static il_expr *parse_bool(parser *p, int level);
static il_expr *parse_factor(parser *p);

/* The arguments of a call, after its name: "(" [arg {"," arg} [","]] ")". */
static il_expr *parse_call(parser *p, const il_token *start, const char *object,
                           const char *prefix, const char *func)
{
    const il_token *open = advance(p);
    if (!enter(p, open)) return NULL;
    il_expr *e = new_expr(p, IL_E_CALL, start->line, start->col);
    e->u.call.object = object;
    e->u.call.prefix = prefix;
    e->u.call.func = func;
    AVEC(il_expr *) args = {0};
    AVEC(il_expr *) kwargs = {0};
    AVEC(const char *) kwnames = {0};
    while (peek_kind(p) != IL_T_RPAREN) {
        const il_token *t = peek(p);
        if (t->kind == IL_T_STAR || t->kind == IL_T_POWER)
            return fail(p, t, "argument unpacking (*args, **kwargs) is not supported");
        if (t->kind == IL_T_NAME && peek_at(p, 1)->kind == IL_T_ASSIGN) {
            for (int i = 0; i < kwnames.n; i++)
                if (strcmp(kwnames.items[i], t->str) == 0)
                    return fail(p, t, "keyword argument '%s' is given twice", t->str);
            advance(p);
            advance(p);
            il_expr *v = parse_expr(p);
            if (!v) return NULL;
            AVEC_PUSH(p, kwnames, t->str);
            AVEC_PUSH(p, kwargs, v);
        } else {
            if (kwargs.n > 0) return fail(p, t, "positional argument follows keyword argument");
            il_expr *v = parse_expr(p);
            if (!v) return NULL;
            AVEC_PUSH(p, args, v);
        }
        if (peek_kind(p) == IL_T_COMMA) {
            advance(p);
        } else if (peek_kind(p) != IL_T_RPAREN) {
            return unexpected_after_expr(p, peek(p), "',' or ')'");
        }
    }
    advance(p);
    leave(p);
    e->u.call.nargs = args.n;
    e->u.call.args = args.items;
    e->u.call.nkw = kwargs.n;
    e->u.call.kwnames = kwnames.items;
    e->u.call.kwargs = kwargs.items;
    return e;
}

#define ATTRS_PY "attribute access (obj.attr, such as t.name or self.value)" NOT_YET \
    "classes and attributes, threads as objects)"

/* After `name.`: only a method call may follow. threading.X(...) and
 * queue.X(...) are constructors written with their module. */
static il_expr *parse_method(parser *p, const il_token *obj)
{
    advance(p); /* . */
    const il_token *m = peek(p);
    if (m->kind != IL_T_NAME) return unexpected(p, m, "a method name after '.'");
    advance(p);
    if (peek_kind(p) != IL_T_LPAREN) {
        if (p->py && strcmp(m->str, "daemon") == 0)
            return fail(p, obj, "%s.daemon is not supported yet: pass daemon=True to "
                        "threading.Thread", obj->str);
        return fail(p, obj, "%s", says(p, "attribute access is not supported (only method "
                                       "calls like m.acquire())", ATTRS_PY));
    }
    /* a Python file's time.sleep() is the body's sleep() (pyload.c) */
    int is_module = strcmp(obj->str, "threading") == 0 || strcmp(obj->str, "queue") == 0 ||
                    (p->py && (strcmp(obj->str, "time") == 0 || strcmp(obj->str, "logging") == 0));
    return parse_call(p, obj, is_module ? NULL : obj->str, is_module ? obj->str : NULL,
                      m->str);
}

/* A Python file's dotted name a.b.c (an object's attribute, self.value, a
 * module's name): a NAME holding the whole path, which pyload.c resolves
 * (an object's attributes are locations named so, python.md P6). Followed
 * by '(' it is a method call, whose object is the path before the last
 * name (self._lock.acquire()), or a module's function
 * (concurrent.futures.ThreadPoolExecutor(...)). */
static il_expr *parse_dotted(parser *p, const il_token *first)
{
    il_buf b = {0};
    il_buf_puts(&b, first->str);
    const il_token *last = first;
    size_t before = 0; /* length of the path before the last name */
    while (peek_kind(p) == IL_T_DOT && peek_at(p, 1)->kind == IL_T_NAME) {
        advance(p);
        last = advance(p);
        before = b.len;
        il_buf_printf(&b, ".%s", last->str);
    }
    if (peek_kind(p) == IL_T_DOT) {
        il_buf_free(&b);
        return unexpected(p, peek_at(p, 1), "a name after '.'");
    }
    il_expr *e;
    if (peek_kind(p) == IL_T_LPAREN) {
        const char *obj = il_arena_strndup(p->a, b.data, before);
        int module = strcmp(obj, "concurrent.futures") == 0;
        e = parse_call(p, first, module ? NULL : obj, module ? obj : NULL, last->str);
    } else {
        e = new_expr(p, IL_E_NAME, first->line, first->col);
        e->u.name = il_arena_strdup(p->a, b.data);
    }
    il_buf_free(&b);
    return e;
}

/* [elt for var in iter if cond], after elt (a Python file's). */
static il_expr *parse_comp(parser *p, il_expr *e, il_expr *elt)
{
    advance(p); /* for */
    const il_token *v = peek(p);
    if (v->kind != IL_T_NAME) return unexpected(p, v, "a name after 'for'");
    advance(p);
    if (peek_kind(p) != IL_T_KW_IN) return unexpected(p, peek(p), "'in'");
    advance(p);
    il_expr *it = parse_bool(p, 2);
    if (!it) return NULL;
    il_expr *cond = NULL;
    if (peek_kind(p) == IL_T_KW_IF) {
        advance(p);
        cond = parse_bool(p, 2);
        if (!cond) return NULL;
    }
    if (peek_kind(p) == IL_T_KW_FOR)
        return fail(p, peek(p), "a comprehension with two for clauses is not supported");
    if (peek_kind(p) != IL_T_RBRACKET) return unexpected_after_expr(p, peek(p), "']'");
    advance(p);
    leave(p);
    e->kind = IL_E_LISTCOMP;
    e->u.comp.elt = elt;
    e->u.comp.var = new_expr(p, IL_E_NAME, v->line, v->col);
    e->u.comp.var->u.name = v->str;
    e->u.comp.iter = it;
    e->u.comp.cond = cond;
    return e;
}

static il_expr *parse_list(parser *p)
{
    const il_token *open = advance(p);
    if (!enter(p, open)) return NULL;
    il_expr *e = new_expr(p, IL_E_LIST, open->line, open->col);
    AVEC(il_expr *) items = {0};
    while (peek_kind(p) != IL_T_RBRACKET) {
        il_expr *item = parse_expr(p);
        if (!item) return NULL;
        if (p->py && items.n == 0 && peek_kind(p) == IL_T_KW_FOR) return parse_comp(p, e, item);
        AVEC_PUSH(p, items, item);
        if (peek_kind(p) == IL_T_COMMA)
            advance(p);
        else if (peek_kind(p) != IL_T_RBRACKET)
            return unexpected_after_expr(p, peek(p), "',' or ']'");
    }
    advance(p);
    leave(p);
    e->u.list.n = items.n;
    e->u.list.items = items.items;
    return e;
}

/* (first, ...) after its first item (NULL: `()`), up to and with the ')'.
 * A tuple is a value only where the compiler takes one (Thread args=). */
static il_expr *parse_tuple(parser *p, const il_token *open, il_expr *first)
{
    il_expr *e = new_expr(p, IL_E_TUPLE, open->line, open->col);
    AVEC(il_expr *) items = {0};
    if (first) {
        AVEC_PUSH(p, items, first);
        advance(p); /* the ',' after it */
    }
    while (peek_kind(p) != IL_T_RPAREN) {
        il_expr *item = parse_expr(p);
        if (!item) return NULL;
        AVEC_PUSH(p, items, item);
        if (peek_kind(p) == IL_T_COMMA)
            advance(p);
        else if (peek_kind(p) != IL_T_RPAREN)
            return unexpected_after_expr(p, peek(p), "',' or ')'");
    }
    advance(p);
    leave(p);
    e->u.list.n = items.n;
    e->u.list.items = items.items;
    return e;
}

/* ---- formatted strings: f"..." and "..." % x (language.md "print") ---- */

typedef AVEC(il_fmt_part) fmt_parts;

static void add_text(parser *p, fmt_parts *parts, const char *text)
{
    if (!*text) return;
    if (parts->n && parts->items[parts->n - 1].text) { /* one piece of text */
        il_fmt_part *last = &parts->items[parts->n - 1];
        size_t a = strlen(last->text), b = strlen(text);
        char *j = il_arena_alloc(p->a, a + b + 1);
        memcpy(j, last->text, a);
        memcpy(j + a, text, b + 1);
        last->text = j;
        return;
    }
    il_fmt_part part = {0};
    part.text = text;
    AVEC_PUSH(p, *parts, part);
}

#define SPEC_SUPPORTED "supported: [[fill]align][sign][0][width][,|_][d] for a number, " \
    "[[fill]align][0][width][s] after !s, !r or !a"

/* The format spec of an f-string's field (the token `at` stands at it),
 * for the conversion `conv`, into o. Python's errors in Python's words;
 * what Python has and this version not is said to be not supported. */
static int read_spec(parser *p, const il_token *at, const char *spec, char conv,
                     il_fmt_spec *o)
{
    const char *s = spec;
    int text = conv != 0, zero = 0;
    const char *kind = text ? "str" : "int";
    size_t cl = 1; /* the first character's length, for a UTF-8 fill */
    while (s[0] && s[cl] && ((unsigned char)s[cl] & 0xC0) == 0x80 && cl < 4) cl++;
    if (s[0] && s[cl] && strchr("<>^=", s[cl])) {
        memcpy(o->fill, s, cl);
        o->fill[cl] = 0;
        o->align = s[cl];
        s += cl + 1;
    } else if (s[0] && strchr("<>^=", s[0])) {
        o->align = *s++;
    }
    if (*s == '+' || *s == '-' || *s == ' ') {
        if (text) return !fail(p, at, "Sign not allowed in string format specifier");
        o->sign = *s == '-' ? 0 : *s;
        s++;
    }
    if (*s == 'z' || *s == '#')
        return !fail(p, at, "format spec ':%s' is not supported ('%c'; %s)", spec, *s,
                     SPEC_SUPPORTED);
    if (*s == '0') {
        zero = 1;
        s++;
    }
    long w = 0;
    while (*s >= '0' && *s <= '9') {
        w = w * 10 + (*s++ - '0');
        if (w > 4096)
            return !fail(p, at, "the width in format spec ':%s' is too large (limit 4096)", spec);
    }
    o->width = (int)w;
    if (*s == ',' || *s == '_') {
        if (text) return !fail(p, at, "Cannot specify '%c' with 's'.", *s);
        if (zero)
            return !fail(p, at, "format spec ':%s' is not supported (zero padding with a "
                         "separator; %s)", spec, SPEC_SUPPORTED);
        o->group = *s++;
    }
    if (*s == '.')
        return !fail(p, at, "format spec ':%s' is not supported (a precision; %s)", spec,
                     SPEC_SUPPORTED);
    if (*s == 'd' && !s[1] && !text) {
        o->conv = 'd';
        s++;
    } else if (*s == 's' && !s[1] && text) {
        s++;
    } else if ((*s == 'd' || *s == 's') && !s[1]) {
        return !fail(p, at, "Unknown format code '%c' for object of type '%s'", *s, kind);
    }
    if (*s) {
        if (strchr("bcoxXneEfFgG%", *s) && !s[1]) {
            if (text) return !fail(p, at, "Unknown format code '%c' for object of type 'str'", *s);
            return !fail(p, at, "format spec ':%s' is not supported (type '%c'; %s)", spec, *s,
                         SPEC_SUPPORTED);
        }
        return !fail(p, at, "Invalid format specifier '%s' for object of type '%s'", spec, kind);
    }
    if (o->align == '=' && text)
        return !fail(p, at, "'=' alignment not allowed in string format specifier");
    if (zero) { /* the 0 flag: fill with zeros, after the sign for a number */
        if (!o->fill[0]) strcpy(o->fill, "0");
        if (!o->align && !text) o->align = '=';
    }
    return 1;
}

/* An f-string, from its FSTART: its parts into *parts. */
static int parse_fstring(parser *p, fmt_parts *parts)
{
    advance(p); /* FSTART */
    for (;;) {
        const il_token *t = peek(p);
        if (t->kind == IL_T_FEND) {
            advance(p);
            return 1;
        }
        if (t->kind == IL_T_FTEXT) {
            add_text(p, parts, advance(p)->str);
            continue;
        }
        if (t->kind != IL_T_FFIELD) return !unexpected(p, t, "the rest of the f-string");
        advance(p);
        if (!enter(p, t)) return 0;
        il_fmt_part part = {0};
        if (!(part.value = parse_expr(p))) return 0;
        const il_token *end = peek(p);
        if (end->kind != IL_T_FFIELD_END)
            return !unexpected_after_expr(p, end, "'}' after the f-string's field");
        advance(p);
        leave(p);
        part.spec.conv = (char)end->ival;
        if (end->str && !read_spec(p, end, end->str, part.spec.conv, &part.spec)) return 0;
        AVEC_PUSH(p, *parts, part);
    }
}

/* A string literal, an f-string, or in a Python file several side by side
 * ("a" f"{x}" is one string, as in Python): STR, or FORMAT if any is an f-string. */
static il_expr *parse_strings(parser *p)
{
    const il_token *t = peek(p);
    fmt_parts parts = {0};
    int fstr = 0;
    do {
        if (peek_kind(p) == IL_T_STR) {
            add_text(p, &parts, advance(p)->str);
        } else {
            fstr = 1;
            if (!parse_fstring(p, &parts)) return NULL;
        }
    } while (p->py && (peek_kind(p) == IL_T_STR || peek_kind(p) == IL_T_FSTART));
    il_expr *e;
    if (!fstr) {
        e = new_expr(p, IL_E_STR, t->line, t->col);
        e->u.str = parts.n ? parts.items[0].text : "";
        return e;
    }
    e = new_expr(p, IL_E_FORMAT, t->line, t->col);
    e->u.format.n = parts.n;
    e->u.format.parts = parts.items;
    return e;
}

/* "..." % x and "..." % (a, b): the string's directives (%s %r %a %d %i %u
 * with the flags - 0 + and space and a width, and %%), with the values
 * after the `%` operator at `op`. */
static il_expr *percent_format(parser *p, il_expr *str, il_expr **valv, int nvals,
                               const il_token *op, const il_expr *where);
static il_expr *parse_percent(parser *p, il_expr *str, const il_token *op)
{
    AVEC(il_expr *) vals = {0};
    const il_token *open = peek(p);
    if (open->kind == IL_T_LPAREN) { /* (a, b): the values, not a tuple value */
        advance(p);
        if (!enter(p, open)) return NULL;
        while (peek_kind(p) != IL_T_RPAREN) {
            il_expr *v = parse_expr(p);
            if (!v) return NULL;
            AVEC_PUSH(p, vals, v);
            if (peek_kind(p) == IL_T_COMMA) advance(p);
            else if (peek_kind(p) != IL_T_RPAREN) return unexpected_after_expr(p, peek(p), "',' or ')'");
        }
        advance(p);
        leave(p);
    } else {
        il_expr *v = parse_factor(p);
        if (!v) return NULL;
        AVEC_PUSH(p, vals, v);
    }
    return percent_format(p, str, vals.items, vals.n, op, NULL);
}

/* The text of "..." % values: the directives of str filled with the n
 * values. Errors about the values are at op, or (NULL) at `where`. */
static il_expr *percent_format(parser *p, il_expr *str, il_expr **valv, int nvals,
                               const il_token *op, const il_expr *where)
{
    struct { il_expr **items; int n; } vals = {valv, nvals};
    fmt_parts parts = {0};
    il_buf text = {0};
    const char *s = str->u.str;
    int used = 0;
    il_expr *err = NULL;
    for (size_t i = 0; s[i] && !err; i++) {
        if (s[i] != '%') {
            il_buf_putc(&text, s[i]);
            continue;
        }
        size_t at = i++;
        if (s[i] == '%') {
            il_buf_putc(&text, '%');
            continue;
        }
        il_fmt_part part = {0};
        int left = 0, zero = 0;
        for (; s[i] && strchr("-0+ #", s[i]); i++) {
            if (s[i] == '-') left = 1;
            else if (s[i] == '0') zero = 1;
            else if (s[i] == '+') part.spec.sign = '+';
            else if (s[i] == ' ') { if (!part.spec.sign) part.spec.sign = ' '; }
            else err = fail_expr(p, str, "'%%#' (the alternate form) is not supported in '%s' "
                                 "(supported: %%s %%r %%a %%d %%i %%u %%%%, with - 0 + space "
                                 "and a width)", s);
        }
        long w = 0;
        for (; !err && s[i] >= '0' && s[i] <= '9'; i++)
            if ((w = w * 10 + (s[i] - '0')) > 4096)
                err = fail_expr(p, str, "the width of '%.*s' is too large (limit 4096)",
                                (int)(i + 1 - at), s + at);
        if (err) break;
        part.spec.width = (int)w;
        char c = s[i];
        if (!c) {
            err = fail_expr(p, str, "incomplete format in '%s'", s);
            break;
        }
        if (strchr("sra", c)) {
            part.spec.conv = c;
            part.spec.sign = 0;
            part.spec.align = left ? '<' : '>';
        } else if (strchr("diu", c)) {
            part.spec.conv = 'd';
            if (left) part.spec.align = '<';
            else if (zero) strcpy(part.spec.fill, "0"), part.spec.align = '=';
        } else if (strchr("*.(hlLoxXeEfFgGc", c)) {
            err = fail_expr(p, str, "'%.*s' in '%s' is not supported (supported: %%s %%r %%a "
                            "%%d %%i %%u %%%%, with - 0 + space and a width)",
                            (int)(i + 1 - at), s + at, s);
            break;
        } else {
            err = fail_expr(p, str, "unsupported format character '%c' (0x%x) at index %zu",
                            c, (unsigned char)c, i);
            break;
        }
        if (used == vals.n) {
            err = op ? fail(p, op, "not enough arguments for format string")
                     : fail_expr(p, where, "not enough arguments for format string");
            break;
        }
        if (text.len) add_text(p, &parts, il_arena_strdup(p->a, text.data));
        text.len = 0;
        part.value = vals.items[used++];
        AVEC_PUSH(p, parts, part);
    }
    if (!err && text.len) add_text(p, &parts, il_arena_strdup(p->a, text.data));
    il_buf_free(&text);
    if (err || p->failed) return NULL;
    if (used < vals.n)
        return op ? fail(p, op, "not all arguments converted during string formatting")
                  : fail_expr(p, where, "not all arguments converted during string formatting");
    il_expr *e = new_expr(p, IL_E_FORMAT, str->line, str->col);
    e->u.format.n = parts.n;
    e->u.format.parts = parts.items;
    e->u.format.percent = 1;
    return e;
}

/* The few tokens that start an atom; any other is not an expression. (The
 * parser's dispatches on a token are if-chains: a switch over il_tok_kind
 * would have to name all of its 90 kinds.) */
static il_expr *parse_atom(parser *p)
{
    const il_token *t = peek(p);
    il_tok_kind k = t->kind;
    il_expr *e;
    if (k == IL_T_INT) {
        advance(p);
        if (t->ival > INT64_MAX) return fail(p, t, "integer literal out of 64-bit range");
        e = new_expr(p, IL_E_INT, t->line, t->col);
        e->u.ival = (int64_t)t->ival;
        return e;
    }
    if (k == IL_T_FLOAT) { /* only a Python file has them (IL_LEX_MODULE) */
        advance(p);
        e = new_expr(p, IL_E_FLOAT, t->line, t->col);
        e->u.ival = (int64_t)t->ival;
        return e;
    }
    if (k == IL_T_KW_TRUE || k == IL_T_KW_FALSE) {
        advance(p);
        e = new_expr(p, IL_E_INT, t->line, t->col);
        e->u.ival = k == IL_T_KW_TRUE;
        e->bool_lit = 1;
        return e;
    }
    if (k == IL_T_STR || k == IL_T_FSTART) return parse_strings(p);
    if (k == IL_T_NAME) {
        advance(p);
        e = new_expr(p, IL_E_NAME, t->line, t->col);
        e->u.name = t->str;
        return e;
    }
    if (k == IL_T_LPAREN) {
        advance(p);
        if (!enter(p, t)) return NULL;
        if (peek_kind(p) == IL_T_RPAREN) return parse_tuple(p, t, NULL);
        e = parse_expr(p);
        if (!e) return NULL;
        if (peek_kind(p) == IL_T_COMMA) return parse_tuple(p, t, e);
        if (peek_kind(p) != IL_T_RPAREN) return unexpected_after_expr(p, peek(p), "')'");
        advance(p);
        leave(p);
        return e; /* as Python: (a) is a, positioned at a */
    }
    if (k == IL_T_LBRACKET) return parse_list(p);
    if (k == IL_T_STAR) return fail(p, t, "starred expressions (*x) are not supported");
    return unexpected(p, t, "an expression");
}

/* atom, then calls, method calls and indexing. Only a plain name can be
 * called, so `f(x)(y)` and `a[0].m()` are refused here, not in the compiler. */
static il_expr *parse_postfix(parser *p)
{
    const il_token *start = peek(p);
    il_expr *e;
    if (start->kind == IL_T_NAME && peek_at(p, 1)->kind == IL_T_DOT && p->py &&
        peek_at(p, 2)->kind == IL_T_NAME &&
        (peek_at(p, 3)->kind != IL_T_LPAREN || strcmp(start->str, "concurrent") == 0)) {
        advance(p);
        e = parse_dotted(p, start);
    } else if (start->kind == IL_T_NAME && peek_at(p, 1)->kind == IL_T_DOT) {
        advance(p);
        e = parse_method(p, start);
    } else if (start->kind == IL_T_NAME && peek_at(p, 1)->kind == IL_T_LPAREN) {
        advance(p);
        e = parse_call(p, start, NULL, NULL, start->str);
    } else {
        e = parse_atom(p);
    }
    while (e) {
        const il_token *t = peek(p);
        if (t->kind == IL_T_LBRACKET) {
            advance(p);
            if (!enter(p, t)) return NULL;
            il_expr *idx = parse_expr(p);
            if (!idx) return NULL;
            if (peek_kind(p) == IL_T_COLON)
                return fail(p, peek(p), "slices (a[i:j]) are not supported: index one "
                            "element with a[i]");
            if (peek_kind(p) != IL_T_RBRACKET) return unexpected_after_expr(p, peek(p), "']'");
            advance(p);
            leave(p);
            il_expr *ix = new_expr(p, IL_E_INDEX, start->line, start->col);
            ix->u.index.base = e;
            ix->u.index.index = idx;
            e = ix;
        } else if (t->kind == IL_T_LPAREN) {
            return fail(p, t, "calling the result of an expression is not supported: only "
                        "f(...) and obj.method(...)");
        } else if (t->kind == IL_T_DOT) {
            int method = peek_at(p, 1)->kind == IL_T_NAME && peek_at(p, 2)->kind == IL_T_LPAREN;
            if (method && p->py && e->kind == IL_E_CALL && e->u.call.recv)
                return fail(p, t, "a method call on a call's result (such as "
                            "threading.Thread(...).start()) is not supported yet: assign the "
                            "result to a variable first");
            /* threads[i].start(), and threading.Thread(...).start(): pyload.c */
            if (method && p->py && (e->kind == IL_E_INDEX || e->kind == IL_E_CALL)) {
                advance(p);
                const il_token *m = advance(p);
                il_expr *c = parse_call(p, start, NULL, NULL, m->str);
                if (!c) return NULL;
                c->u.call.recv = e;
                e = c;
                continue;
            }
            if (method)
                return fail(p, t, "method calls are only supported on a name, like "
                            "m.acquire()");
            if (p->py && e->kind == IL_E_CALL && !e->u.call.object &&
                strcmp(e->u.call.func, "current_thread") == 0 &&
                (!e->u.call.prefix || strcmp(e->u.call.prefix, "threading") == 0) &&
                peek_at(p, 1)->kind == IL_T_NAME) {
                /* threading.current_thread().name: the running thread's name, which
                 * the compiler knows (pyload.c checks the import) */
                advance(p);
                const il_token *a = advance(p);
                if (strcmp(a->str, "name") != 0)
                    return fail(p, a, "current_thread().%s is not supported (python.md: "
                                "current_thread().name)", a->str);
                if (e->u.call.nargs || e->u.call.nkw)
                    return fail_expr(p, e, "current_thread() takes no arguments");
                il_expr *n = new_expr(p, IL_E_NAME, e->line, e->col);
                n->u.name = e->u.call.prefix ? IL_CURRENT_NAME : IL_CURRENT_NAME_BARE;
                e = n;
                continue;
            }
            return fail(p, t, "%s", says(p, "attribute access is not supported (only method "
                                         "calls like m.acquire())", ATTRS_PY));
        } else {
            break;
        }
    }
    return e;
}

/* Unary - and +. `-` directly before a literal folds into the literal, which
 * is also the only way to write INT64_MIN. */
static il_expr *parse_factor(parser *p)
{
    const il_token *t = peek(p);
    if (t->kind != IL_T_MINUS && t->kind != IL_T_PLUS) return parse_postfix(p);
    advance(p);
    il_tok_kind after = peek_at(p, 1)->kind;
    if (t->kind == IL_T_MINUS && peek_kind(p) == IL_T_INT && after != IL_T_LBRACKET &&
        after != IL_T_LPAREN && after != IL_T_DOT) {
        uint64_t v = advance(p)->ival;
        il_expr *e = new_expr(p, IL_E_INT, t->line, t->col);
        e->u.ival = v > INT64_MAX ? INT64_MIN : -(int64_t)v;
        return e;
    }
    if (!enter(p, t)) return NULL;
    il_expr *operand = parse_factor(p);
    if (!operand) return NULL;
    leave(p);
    il_expr *e = new_expr(p, IL_E_UNARY, t->line, t->col);
    e->u.unary.op = t->kind == IL_T_MINUS ? IL_OP_NEG : IL_OP_POS;
    e->u.unary.operand = operand;
    return e;
}

/* The operator a token stands for, and where: in a term (level 1: * // %
 * /; level 2: + -), a comparison, or an augmented assignment. */
typedef enum op_role { NOT_OP, TERM1, TERM2, COMPARE, AUGMENTED } op_role;
static const struct { op_role role; il_binop op; } token_op[IL_T_NKINDS] = {
    [IL_T_STAR] = {TERM1, IL_OP_MUL}, [IL_T_DSLASH] = {TERM1, IL_OP_FLOORDIV},
    [IL_T_PERCENT] = {TERM1, IL_OP_MOD},
    [IL_T_SLASH] = {TERM1, IL_OP_DIV}, /* the compiler explains why not */
    [IL_T_PLUS] = {TERM2, IL_OP_ADD}, [IL_T_MINUS] = {TERM2, IL_OP_SUB},
    [IL_T_EQ] = {COMPARE, IL_OP_EQ}, [IL_T_NE] = {COMPARE, IL_OP_NE},
    [IL_T_LT] = {COMPARE, IL_OP_LT}, [IL_T_LE] = {COMPARE, IL_OP_LE},
    [IL_T_GT] = {COMPARE, IL_OP_GT}, [IL_T_GE] = {COMPARE, IL_OP_GE},
    [IL_T_PLUSEQ] = {AUGMENTED, IL_OP_ADD}, [IL_T_MINUSEQ] = {AUGMENTED, IL_OP_SUB},
    [IL_T_STAREQ] = {AUGMENTED, IL_OP_MUL}, [IL_T_DSLASHEQ] = {AUGMENTED, IL_OP_FLOORDIV},
    [IL_T_PERCENTEQ] = {AUGMENTED, IL_OP_MOD},
};

/* 1 or 2 for an operator of that level (*op set), 0 for none. */
static int term_op(il_tok_kind k, il_binop *op)
{
    *op = token_op[k].op;
    return token_op[k].role == TERM1 ? 1 : token_op[k].role == TERM2 ? 2 : 0;
}

/* * // % / (level 1) and + - (level 2), left-associative. */
static il_expr *parse_arith(parser *p, int level)
{
    const il_token *start = peek(p);
    il_expr *lhs = level == 1 ? parse_factor(p) : parse_arith(p, 1);
    il_binop op;
    while (lhs && term_op(peek_kind(p), &op) == level) {
        const il_token *optok = advance(p);
        if (op == IL_OP_MOD && lhs->kind == IL_E_STR) { /* "..." % x: formatting */
            lhs = parse_percent(p, lhs, optok);
            continue;
        }
        il_expr *rhs = level == 1 ? parse_factor(p) : parse_arith(p, 1);
        if (!rhs) return NULL;
        lhs = binary(p, start, op, lhs, rhs);
    }
    return lhs;
}

static int compare_op(il_tok_kind k, il_binop *op)
{
    *op = token_op[k].op;
    return token_op[k].role == COMPARE;
}

/* a < b <= c is one COMPARE node with three operands, as in Python. */
static il_expr *parse_compare(parser *p)
{
    const il_token *start = peek(p);
    il_expr *first = parse_arith(p, 2);
    if (!first) return NULL;
    AVEC(il_binop) ops = {0};
    AVEC(il_expr *) operands = {0};
    AVEC_PUSH(p, operands, first);
    for (;;) {
        const il_token *t = peek(p);
        il_binop op;
        if (t->kind == IL_T_KW_IN || t->kind == IL_T_KW_IS ||
            (t->kind == IL_T_KW_NOT && peek_at(p, 1)->kind == IL_T_KW_IN))
            return fail(p, t, "%s", unsupported_in(p, t->kind == IL_T_KW_NOT ? peek_at(p, 1) : t));
        if (!compare_op(t->kind, &op)) break;
        advance(p);
        il_expr *rhs = parse_arith(p, 2);
        if (!rhs) return NULL;
        AVEC_PUSH(p, ops, op);
        AVEC_PUSH(p, operands, rhs);
    }
    if (operands.n == 1) return first;
    il_expr *e = new_expr(p, IL_E_COMPARE, start->line, start->col);
    e->u.compare.n = operands.n;
    e->u.compare.ops = ops.items;
    e->u.compare.operands = operands.items;
    return e;
}

static il_expr *parse_not(parser *p)
{
    const il_token *t = peek(p);
    if (t->kind != IL_T_KW_NOT) return parse_compare(p);
    advance(p);
    if (!enter(p, t)) return NULL;
    il_expr *operand = parse_not(p);
    if (!operand) return NULL;
    leave(p);
    il_expr *e = new_expr(p, IL_E_UNARY, t->line, t->col);
    e->u.unary.op = IL_OP_NOT;
    e->u.unary.operand = operand;
    return e;
}

/* `and` (level 1) binds tighter than `or` (level 2). */
static il_expr *parse_bool(parser *p, int level)
{
    const il_token *start = peek(p);
    il_tok_kind kw = level == 1 ? IL_T_KW_AND : IL_T_KW_OR;
    il_expr *lhs = level == 1 ? parse_not(p) : parse_bool(p, 1);
    while (lhs && peek_kind(p) == kw) {
        advance(p);
        il_expr *rhs = level == 1 ? parse_not(p) : parse_bool(p, 1);
        if (!rhs) return NULL;
        lhs = binary(p, start, level == 1 ? IL_OP_AND : IL_OP_OR, lhs, rhs);
    }
    return lhs;
}

static il_expr *parse_expr(parser *p) { return parse_bool(p, 2); }

/* ---- statements ---- */

static il_stmt *new_stmt(parser *p, il_stmt_kind k, const il_token *at)
{
    il_stmt *s = il_arena_alloc(p->a, sizeof *s);
    s->kind = k;
    s->line = at->line;
    s->col = at->col;
    return s;
}

static il_stmt *parse_stmts(parser *p, il_tok_kind end);

static const char *expr_what(const il_expr *e)
{
    switch (e->kind) {
    case IL_E_INT: return "a number";
    case IL_E_NAME: return "a name";
    case IL_E_STR: return "a string";
    case IL_E_CALL: return "a call";
    case IL_E_LIST: return "a list literal";
    case IL_E_TUPLE: return "a tuple";
    case IL_E_LISTCOMP: return "a list comprehension";
    case IL_E_FLOAT: return "a float";
    case IL_E_FORMAT: return e->u.format.percent ? "a %-formatted string" : "an f-string";
    case IL_E_COMPARE: return "a comparison";
    case IL_E_INDEX:
    case IL_E_UNARY:
    case IL_E_BINARY:
        break;
    }
    return "an expression";
}

static int check_target(parser *p, const il_expr *e)
{
    if (e->kind == IL_E_NAME || e->kind == IL_E_INDEX) return 1;
    fail_expr(p, e, "cannot assign to %s: the target must be a name or a[i]", expr_what(e));
    return 0;
}

static int aug_op(il_tok_kind k, il_binop *op)
{
    *op = token_op[k].op;
    return token_op[k].role == AUGMENTED;
}

/* A comma after the first expression of a statement: `a, b = ...` or a
 * tuple; look for `=` before the end of the statement to tell which. */
static void *tuple_in_stmt(parser *p, const il_token *comma)
{
    int nest = 0;
    for (size_t i = p->pos; i < p->ntoks; i++) {
        il_tok_kind k = p->toks[i].kind;
        if (k == IL_T_LPAREN || k == IL_T_LBRACKET || k == IL_T_LBRACE) nest++;
        else if (k == IL_T_RPAREN || k == IL_T_RBRACKET || k == IL_T_RBRACE) nest--;
        else if (nest <= 0 && (at_stmt_end(k) || k == IL_T_ERROR)) break;
        else if (nest <= 0 && k == IL_T_ASSIGN)
            return fail(p, comma, "tuple unpacking (a, b = ...) is not supported: assign "
                        "one variable per statement");
    }
    return fail(p, comma, "tuples are not supported: values are 64-bit integers");
}

/* Statements that start with an expression: assignments and calls. */
static il_stmt *parse_expr_stmt(parser *p)
{
    const il_token *start = peek(p);
    il_expr *e = parse_expr(p);
    if (!e) return NULL;
    const il_token *t = peek(p);
    il_binop op;
    if (t->kind == IL_T_ASSIGN) {
        if (!check_target(p, e)) return NULL;
        advance(p);
        il_expr *v = parse_expr(p);
        if (!v) return NULL;
        if (peek_kind(p) == IL_T_ASSIGN)
            return fail(p, peek(p), "chained assignment (a = b = ...) is not supported: "
                        "assign one variable per statement");
        il_stmt *s = new_stmt(p, IL_S_ASSIGN, start);
        s->u.assign.target = e;
        s->u.assign.value = v;
        return s;
    }
    if (aug_op(t->kind, &op)) {
        if (!check_target(p, e)) return NULL;
        advance(p);
        il_expr *v = parse_expr(p);
        if (!v) return NULL;
        il_stmt *s = new_stmt(p, IL_S_AUGASSIGN, start);
        s->u.aug.target = e;
        s->u.aug.op = op;
        s->u.aug.value = v;
        return s;
    }
    if (t->kind == IL_T_COMMA) return tuple_in_stmt(p, t);
    if (t->kind == IL_T_COLON && peek_at(p, 1)->kind == IL_T_NAME)
        return fail(p, t, "type annotations (x: int) are not supported");
    if (!at_stmt_end(t->kind)) return unexpected_after_expr(p, t, "end of line");
    if (e->kind != IL_E_CALL && !(p->py && e->kind == IL_E_STR)) /* py: a docstring */
        return fail_expr(p, e, "%s as a statement is not supported: write an assignment "
                         "(x = ...) or a call such as print(x)", expr_what(e));
    il_stmt *s = new_stmt(p, IL_S_EXPR, start);
    s->u.expr = e;
    return s;
}

static il_stmt *parse_simple(parser *p)
{
    const il_token *t = peek(p);
    il_tok_kind k = t->kind;
    il_stmt *s;
    if (p->py && k == IL_T_ELLIPSIS && at_stmt_end(peek_at(p, 1)->kind)) {
        advance(p); /* `...` alone: an expression statement that does nothing, as pass */
        return new_stmt(p, IL_S_PASS, t);
    }
    if (k == IL_T_KW_PASS || k == IL_T_KW_BREAK || k == IL_T_KW_CONTINUE) {
        advance(p);
        return new_stmt(p, k == IL_T_KW_PASS ? IL_S_PASS : k == IL_T_KW_BREAK ? IL_S_BREAK
                                                                              : IL_S_CONTINUE, t);
    }
    if (k == IL_T_KW_RETURN) {
        advance(p);
        s = new_stmt(p, IL_S_RETURN, t);
        if (!at_stmt_end(peek_kind(p)) && !(s->u.ret.value = parse_expr(p))) return NULL;
        return s;
    }
    if (k == IL_T_KW_ASSERT) {
        advance(p);
        s = new_stmt(p, IL_S_ASSERT, t);
        if (!(s->u.assert_.cond = parse_expr(p))) return NULL;
        if (peek_kind(p) == IL_T_COMMA) {
            advance(p);
            if (!(s->u.assert_.msg = parse_expr(p))) return NULL;
        }
        return s;
    }
    if (k == IL_T_KW_IF || k == IL_T_KW_WHILE || k == IL_T_KW_FOR || k == IL_T_KW_WITH)
        return fail(p, t, "%s after ':' or ';' on the same line is not supported: start it "
                    "on a line of its own", t->str);
    if (k == IL_T_KW_ELIF || k == IL_T_KW_ELSE)
        return fail(p, t, "%s without a matching if at the same indentation", t->str);
    return parse_expr_stmt(p);
}

/* py: `global a, b` (its names go to p->globals; no statement). */
static int parse_global(parser *p)
{
    advance(p);
    for (;;) {
        const il_token *n = peek(p);
        if (n->kind != IL_T_NAME) {
            unexpected(p, n, "a name after 'global'");
            return 0;
        }
        IL_VEC_PUSH(p->globals, n);
        advance(p);
        if (peek_kind(p) != IL_T_COMMA) return 1;
        advance(p);
    }
}

/* simple {";" simple} [";"] NEWLINE. Returns the first statement; *last
 * gets the last, for linking. In a Python file a line may hold no statement
 * that runs (`global x`, a docstring): then the result is NULL with
 * p->failed clear, *last NULL. */
static il_stmt *parse_simple_line(parser *p, il_stmt **last)
{
    il_stmt *head = NULL, **tail = &head;
    *last = NULL;
    for (;;) {
        il_stmt *s = NULL;
        if (p->py && peek_kind(p) == IL_T_KW_GLOBAL) {
            if (!parse_global(p)) return NULL;
        } else {
            s = parse_simple(p);
            if (!s) return NULL;
            if (p->py && s->kind == IL_S_EXPR && s->u.expr->kind == IL_E_STR) s = NULL;
        }
        if (s) {
            *tail = s;
            tail = &s->next;
            *last = s;
        }
        if (peek_kind(p) != IL_T_SEMI) break;
        advance(p);
        if (peek_kind(p) == IL_T_NEWLINE) break;
    }
    if (peek_kind(p) != IL_T_NEWLINE) return unexpected_after_expr(p, peek(p), "end of line");
    advance(p);
    return head;
}

static int expect_colon(parser *p, const char *after)
{
    const il_token *t = peek(p);
    if (t->kind == IL_T_COLON) {
        advance(p);
        return 1;
    }
    char expected[64];
    snprintf(expected, sizeof expected, "':' after %s", after);
    if (t->kind == IL_T_ASSIGN)
        fail(p, t, "assignment in a condition is not supported: compare with ==");
    else
        unexpected_after_expr(p, t, expected);
    return 0;
}

/* After the ':' of `kw` (if, while, ...): an indented block, or simple
 * statements on the same line. */
static il_stmt *parse_block(parser *p, const il_token *kw)
{
    const il_token *t = peek(p);
    il_stmt *body, *last;
    if (t->kind != IL_T_NEWLINE) {
        if (!enter(p, t)) return NULL;
        body = parse_simple_line(p, &last);
    } else {
        advance(p);
        t = peek(p);
        if (t->kind != IL_T_INDENT || peek_at(p, 1)->kind == IL_T_DEDENT)
            return fail(p, t, "expected an indented block after '%s' on line %d", kw->str,
                        kw->line);
        if (!enter(p, t)) return NULL;
        advance(p);
        body = parse_stmts(p, IL_T_DEDENT);
        if (!p->failed) advance(p);
    }
    if (p->failed) return NULL;
    leave(p);
    if (!body) /* py: only docstrings and global declarations */
        return fail(p, kw, "the block after '%s' on line %d has no statement that runs (only "
                    "strings or global declarations): add pass", kw->str, kw->line);
    return body;
}

/* if / elif... / else, built iteratively so a long elif chain costs no stack. */
static il_stmt *parse_if(parser *p)
{
    const il_token *t = advance(p);
    il_stmt *s = new_stmt(p, IL_S_IF, t), *cur = s;
    for (;;) {
        const char *what = cur->u.if_.is_elif ? "the elif condition" : "the if condition";
        if (!(cur->u.if_.cond = parse_expr(p))) return NULL;
        if (!expect_colon(p, what)) return NULL;
        if (!(cur->u.if_.body = parse_block(p, t))) return NULL;
        if (peek_kind(p) != IL_T_KW_ELIF) break;
        t = advance(p);
        il_stmt *e = new_stmt(p, IL_S_IF, t);
        e->u.if_.is_elif = 1;
        cur->u.if_.orelse = e;
        cur = e;
    }
    if (peek_kind(p) == IL_T_KW_ELSE) {
        t = advance(p);
        if (!expect_colon(p, "else")) return NULL;
        if (!(cur->u.if_.orelse = parse_block(p, t))) return NULL;
    }
    return s;
}

static il_stmt *no_loop_else(parser *p, il_stmt *s, const char *loop)
{
    if (peek_kind(p) == IL_T_KW_ELSE)
        return fail(p, peek(p), "else on a %s loop is not supported: use a flag variable",
                    loop);
    return s;
}

static il_stmt *parse_while(parser *p)
{
    const il_token *t = advance(p);
    il_stmt *s = new_stmt(p, IL_S_WHILE, t);
    if (!(s->u.while_.cond = parse_expr(p))) return NULL;
    if (!expect_colon(p, "the while condition")) return NULL;
    if (!(s->u.while_.body = parse_block(p, t))) return NULL;
    return no_loop_else(p, s, "while");
}

/* for NAME in range(...) | [list]: the only iterables the contract has. */
static il_stmt *parse_for(parser *p)
{
    const il_token *t = advance(p);
    il_stmt *s = new_stmt(p, IL_S_FOR, t);
    const il_token *v = peek(p);
    if (v->kind != IL_T_NAME) return unexpected(p, v, "a loop variable name after 'for'");
    advance(p);
    il_expr *var = new_expr(p, IL_E_NAME, v->line, v->col);
    var->u.name = v->str;
    s->u.for_.var = var;
    if (peek_kind(p) == IL_T_COMMA)
        return fail(p, peek(p), "tuple unpacking (for a, b in ...) is not supported: loop "
                    "over one variable");
    if (peek_kind(p) != IL_T_KW_IN) return unexpected(p, peek(p), "'in' after the loop variable");
    advance(p);
    il_expr *it = parse_expr(p);
    if (!it) return NULL;
    int is_range = it->kind == IL_E_CALL && !it->u.call.object && !it->u.call.prefix &&
                   strcmp(it->u.call.func, "range") == 0;
    /* a Python file's executor.map(f, items): pyload.c expands it (or refuses it) */
    int is_map = p->py && it->kind == IL_E_CALL && it->u.call.object &&
                 strcmp(it->u.call.func, "map") == 0;
    if (!is_range && !is_map && it->kind != IL_E_LIST && it->kind != IL_E_NAME)
        return fail_expr(p, it, "looping over %s is not supported: loop over range(...) or "
                         "a list literal like [1, 2, 3]", expr_what(it));
    if (is_range && (it->u.call.nargs < 1 || it->u.call.nargs > 3 || it->u.call.nkw > 0))
        return fail_expr(p, it, "this form of range is not supported: use range(stop), "
                         "range(start, stop) or range(start, stop, step)");
    s->u.for_.iter = it;
    if (!expect_colon(p, "the for header")) return NULL;
    if (!(s->u.for_.body = parse_block(p, t))) return NULL;
    return no_loop_else(p, s, "for");
}

static il_stmt *parse_with(parser *p)
{
    const il_token *t = advance(p);
    il_stmt *s = new_stmt(p, IL_S_WITH, t);
    if (!(s->u.with.ctx = parse_expr(p))) return NULL;
    if (p->py && peek_kind(p) == IL_T_KW_AS) { /* pyload.c says where it is supported */
        advance(p);
        const il_token *n = peek(p);
        if (n->kind != IL_T_NAME) return unexpected(p, n, "a name after 'as'");
        advance(p);
        s->u.with.as = new_expr(p, IL_E_NAME, n->line, n->col);
        s->u.with.as->u.name = n->str;
    }
    if (peek_kind(p) == IL_T_COMMA)
        return fail(p, peek(p), "several objects in one with are not supported: nest one "
                    "with block in another");
    if (!expect_colon(p, "the with object")) return NULL;
    if (!(s->u.with.body = parse_block(p, t))) return NULL;
    return s;
}

/* One statement, or the statements of one simple line; *last = the last. */
static il_stmt *parse_stmt(parser *p, il_stmt **last)
{
    const il_token *t = peek(p);
    il_stmt *s;
    if (t->kind == IL_T_INDENT) return fail(p, t, "unexpected indent");
    if (t->kind == IL_T_KW_IF) s = parse_if(p);
    else if (t->kind == IL_T_KW_WHILE) s = parse_while(p);
    else if (t->kind == IL_T_KW_FOR) s = parse_for(p);
    else if (t->kind == IL_T_KW_WITH) s = parse_with(p);
    else return parse_simple_line(p, last);
    *last = s;
    return s;
}

/* Statements up to (not including) a token of kind `end`. */
static il_stmt *parse_stmts(parser *p, il_tok_kind end)
{
    il_stmt *head = NULL, **tail = &head;
    while (peek_kind(p) != end) {
        il_stmt *last = NULL;
        il_stmt *s = parse_stmt(p, &last);
        if (p->failed) return NULL;
        if (!s) continue; /* py: a line with nothing that runs */
        *tail = s;
        tail = &last->next;
    }
    return head;
}

static void parser_init(parser *p, il_arena *a, il_diag *d, const il_tokens *toks)
{
    memset(p, 0, sizeof *p);
    p->a = a;
    p->d = d;
    p->toks = toks->items;
    p->ntoks = toks->len;
}

il_stmt *il_parse_body(il_arena *a, const char *text, size_t len, const il_srcmap *map,
                       il_diag *d)
{
    il_tokens toks;
    il_lex_tokenize(&toks, a, text, len, map, IL_LEX_BODY);
    parser p;
    parser_init(&p, a, d, &toks);
    il_stmt *body = NULL;
    if (peek_kind(&p) == IL_T_END) {
        il_diag_error(d, map ? map->line0 : 1, map ? map->col0 : 1, "empty thread body");
        p.failed = 1;
    } else {
        body = parse_stmts(&p, IL_T_END);
    }
    il_lex_free(&toks);
    return p.failed ? NULL : body;
}

il_expr *il_parse_expr(il_arena *a, const char *text, size_t len, const il_srcmap *map,
                       il_diag *d)
{
    il_tokens toks;
    il_lex_tokenize(&toks, a, text, len, map, IL_LEX_EXPR);
    parser p;
    parser_init(&p, a, d, &toks);
    il_expr *e = parse_expr(&p);
    if (e && peek_kind(&p) != IL_T_END) unexpected_after_expr(&p, peek(&p), "end of expression");
    il_lex_free(&toks);
    return p.failed ? NULL : e;
}

/* ---- Python files (parser.h) ---- */

il_pyparser *il_pyparse_open(il_arena *a, il_diag *d, const il_tokens *toks)
{
    parser *p = il_xmalloc(sizeof *p);
    parser_init(p, a, d, toks);
    p->py = 1;
    return p;
}

void il_pyparse_close(il_pyparser *p)
{
    if (!p) return;
    il_free(p->globals.items);
    il_free(p);
}

const il_token *il_pyparse_peek(const il_pyparser *p, size_t k) { return peek_at(p, k); }

const il_token *il_pyparse_next(il_pyparser *p) { return advance(p); }

int il_pyparse_failed(const il_pyparser *p) { return p->failed; }

void il_pyparse_error(il_pyparser *p, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(p, line, col, fmt, ap);
    va_end(ap);
}

void il_pyparse_unexpected(il_pyparser *p, const il_token *t, const char *expected)
{
    unexpected(p, t, expected);
}

il_stmt *il_pyparse_stmt(il_pyparser *p, il_stmt **last)
{
    *last = NULL;
    il_stmt *s = parse_stmt(p, last);
    return p->failed ? NULL : s;
}

il_expr *il_pyparse_expr(il_pyparser *p)
{
    il_expr *e = parse_expr(p);
    return p->failed ? NULL : e;
}

il_expr *il_pyparse_percent(il_pyparser *p, il_expr *str, il_expr **vals, int n)
{
    il_expr *e = percent_format(p, str, vals, n, NULL, str);
    return p->failed ? NULL : e;
}

il_stmt *il_pyparse_block(il_pyparser *p, const il_token *kw)
{
    il_stmt *s = parse_block(p, kw);
    return p->failed ? NULL : s;
}

size_t il_pyparse_globals(il_pyparser *p, const il_token *const **names)
{
    *names = p->globals.items;
    return p->globals.len;
}

void il_pyparse_clear_globals(il_pyparser *p) { p->globals.len = 0; }
