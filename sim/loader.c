/* loader.c - reads a program file (YAML) into the program model (loader.h).
 *
 * Two passes. First, ytree.h reads the file into a tree of scalars,
 * sequences and mappings, refusing what the format never needs (several
 * documents, anchors/aliases, tags, non-scalar keys, duplicate keys, deep
 * nesting). Second, the tree is walked section by section into il_program,
 * checking types and names and parsing every body with parser.h.
 *
 * Bodies must report positions in the *file*, but libyaml hands us block
 * scalars with their indentation stripped. So we keep the raw bytes and use
 * the tree's table of line starts to recover the indentation, by comparing
 * a content line of the value with the same line in the file (see
 * scalar_map).
 *
 * Every failure reports exactly one message (the first) and frees
 * everything: the tree, the scratch arena, the half-built program. */
#include "loader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hashset.h"
#include "parser.h"
#include "pyload.h"
#include "trace.h"
#include "ytree.h"

/* Limits that keep hostile input from turning into huge allocations; far
 * beyond anything the exhaustive explorer could handle anyway. */
enum {
    MAX_FILE = 64 << 20,
    MAX_COUNT = 100000,  /* instances of one thread, copies of one task */
    MAX_WORKERS = 1000,
};

/* What a declared name is, for clash messages and later look-ups. */
enum { NK_SHARED, NK_SYNC, NK_THREAD, NK_INSTANCE, NK_WORKER, NK_FUNC };

typedef struct name_ent {
    const char *name;
    int kind, index;
    const char *what; /* "a shared variable", ... */
    int line, col;
} name_ent;

typedef struct loader {
    il_program *p;
    il_diag *d;
    const char *text;
    size_t len;
    const il_ytree *tree; /* its line table maps block scalars back to the file */
    il_arena tmp;         /* scratch; freed at the end */
    int failed;
    il_hashset nameset;   /* the declared names (hashset.h): ids index names */
    IL_VEC(name_ent) names;
    int64_t nvalues;      /* shared values so far (list elements count one each) */
} loader;

static int fail_at(loader *L, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Reports the first error only: later ones are consequences or noise. */
static int fail_at(loader *L, int line, int col, const char *fmt, ...)
{
    if (!L->failed) {
        char msg[768];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        il_diag_error(L->d, line, col, "%s", msg);
        L->failed = 1;
    }
    return -1;
}

#define fail(L, n, ...) fail_at((L), (n)->line, (n)->col, __VA_ARGS__)

/* ---- scalars --------------------------------------------------------------- */

static int is_null(const il_ynode *n)
{
    if (n->kind != IL_Y_SCALAR || !n->plain) return 0;
    return n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
           strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0;
}

/* A user string fit for a message (util.h). */
static const char *show(loader *L, const char *s, size_t len) { return il_show(&L->tmp, s, len); }

static const char *shown(loader *L, const il_ynode *n) { return show(L, n->str, n->len); }

static int key_is(const il_ynode *k, const char *s)
{
    return k->len == strlen(s) && memcmp(k->str, s, k->len) == 0;
}

static int one_of(const il_ynode *n, const char *const *words)
{
    for (; *words; words++)
        if (key_is(n, *words)) return 1;
    return 0;
}

static const char *const true_words[] = {"true", "True", "TRUE", NULL};
static const char *const false_words[] = {"false", "False", "FALSE", NULL};

/* 1 true, 0 false, -1 not a boolean. Only plain scalars: "true" in quotes is text. */
static int scalar_bool(const il_ynode *n)
{
    if (n->kind != IL_Y_SCALAR || !n->plain) return -1;
    if (one_of(n, true_words)) return 1;
    if (one_of(n, false_words)) return 0;
    return -1;
}

/* INT_ZEROS: "010", which YAML 1.1 (PyYAML) reads as octal 8 and YAML 1.2 as
 * 10, and which Python refuses: refused, as in bodies, rather than guessed. */
enum { INT_OK, INT_NOT, INT_RANGE, INT_ZEROS };

#define ZEROS_MSG "leading zeros in integers are not supported: write the number without them"

/* A decimal plain scalar, optionally signed, in int64 range. With bools,
 * true/false count as 1/0 (as Python's True/False do). */
static int scalar_int(const il_ynode *n, int bools, int64_t *out)
{
    if (n->kind != IL_Y_SCALAR || !n->plain) return INT_NOT;
    if (bools) {
        int b = scalar_bool(n);
        if (b >= 0) {
            *out = b;
            return INT_OK;
        }
    }
    const char *s = n->str;
    size_t i = 0, len = n->len;
    int neg = 0;
    if (i < len && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    if (i == len) return INT_NOT;
    size_t d0 = i;
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, v = 0;
    int range = 0;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return INT_NOT;
        unsigned dgt = (unsigned)(s[i] - '0');
        if (v > (limit - dgt) / 10) range = 1; /* keep scanning: "1e999" is not an int */
        else v = v * 10 + dgt;
    }
    if (s[d0] == '0' && len - d0 > 1 && (v != 0 || range)) return INT_ZEROS; /* "00" is 0 */
    if (range) return INT_RANGE;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return INT_OK;
}

/* An integer field in [lo, hi]; `what` names it in messages ("thread 't': count"). */
static int need_int(loader *L, const il_ynode *n, int64_t lo, int64_t hi, const char *what,
                    int64_t *out)
{
    int r = scalar_int(n, 0, out);
    if (r == INT_RANGE) return fail(L, n, "%s: integer out of 64-bit range", what);
    if (r == INT_ZEROS) return fail(L, n, "%s: " ZEROS_MSG, what);
    if (r == INT_NOT || *out < lo)
        return fail(L, n, "%s must be an integer >= %lld", what, (long long)lo);
    if (*out > hi) return fail(L, n, "%s must be at most %lld", what, (long long)hi);
    return 0;
}

static int need_bool(loader *L, const il_ynode *n, const char *what, int *out)
{
    int b = scalar_bool(n);
    if (b < 0) return fail(L, n, "%s must be true or false", what);
    *out = b;
    return 0;
}

/* ---- names ----------------------------------------------------------------- */

/* Python keywords (a name the parser could never read) and the words of the
 * language (language.md), which a declaration would shadow confusingly. */
static const char *const reserved[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break",
    "class", "continue", "def", "del", "elif", "else", "except", "finally", "for",
    "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not",
    "or", "pass", "raise", "return", "try", "while", "with", "yield",
    "id", "print", "sleep", "range", NULL};

static int check_ident(loader *L, const il_ynode *k, const char *what)
{
    int ok = k->len > 0 && !(k->str[0] >= '0' && k->str[0] <= '9');
    for (size_t i = 0; ok && i < k->len; i++) {
        char c = k->str[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    if (!ok)
        return fail(L, k, "'%s' is not a valid %s name (letters, digits and _, not starting with a digit)",
                    shown(L, k), what);
    if (one_of(k, reserved))
        return fail(L, k, "'%s' is reserved and cannot be a %s name", shown(L, k), what);
    return 0;
}

static name_ent *find_name(const loader *L, const char *name)
{
    uint32_t id = il_hashset_find(&L->nameset, name, strlen(name));
    return id == IL_HASHSET_NONE ? NULL : &L->names.items[id];
}

/* Declares a name; a clash is reported at whichever of the two comes later
 * in the file, pointing back at the earlier one. `name` must outlive L. */
static int add_name(loader *L, const char *name, int kind, int index, const char *what,
                    int line, int col)
{
    name_ent *e = find_name(L, name);
    if (e) {
        if (e->line < line || (e->line == line && e->col <= col))
            return fail_at(L, line, col, "duplicate name '%s': already %s at %d:%d",
                           show(L, name, strlen(name)), e->what, e->line, e->col);
        return fail_at(L, e->line, e->col, "duplicate name '%s': already %s at %d:%d",
                       show(L, name, strlen(name)), what, line, col);
    }
    int added;
    il_hashset_add(&L->nameset, name, strlen(name), &added);
    IL_VEC_PUSH(L->names, ((name_ent){name, kind, index, what, line, col}));
    return 0;
}

/* ---- bodies and expressions ----------------------------------------------- */

static int leading_spaces(const char *s, size_t n)
{
    int k = 0;
    while ((size_t)k < n && s[k] == ' ') k++;
    return k;
}

/* Where the scalar's text lies in the file (lexer.h's il_srcmap). For block
 * scalars text line 0 is the line after the `|`/`>` header (leading blank
 * lines are kept as "\n"), and the indentation libyaml stripped is the
 * difference between a content line's leading spaces in the file and in the
 * value; that also covers explicit indentation indicators like `|2`. Folded
 * and multi-line flow scalars are joined by libyaml and quoted ones have
 * escapes replaced: map_exact tells when the map is still exact. */
static il_srcmap scalar_map(const loader *L, const il_ynode *n)
{
    il_srcmap m;
    if (n->block) {
        m.line0 = n->line + 1;
        int indent = 0;
        size_t k = 0, pos = 0;
        while (pos < n->len) { /* the first value line with something but spaces */
            const char *nl = memchr(n->str + pos, '\n', n->len - pos);
            size_t end = nl ? (size_t)(nl - n->str) : n->len;
            int v = leading_spaces(n->str + pos, end - pos);
            if (pos + (size_t)v < end) {
                size_t r = (size_t)n->line + k; /* 0-based: the line after the header */
                if (r < L->tree->nlines) {
                    size_t s = L->tree->line_start[r];
                    int raw = leading_spaces(L->text + s, L->len - s);
                    indent = raw > v ? raw - v : 0;
                }
                break;
            }
            if (!nl) break;
            pos = end + 1;
            k++;
        }
        m.col0 = m.col_rest = indent + 1;
    } else {
        m.line0 = n->line;
        m.col0 = n->col + (n->plain ? 0 : 1);
        m.col_rest = m.col0;
    }
    return m;
}

/* 1 when each line of the scalar's text is, byte for byte, in the file
 * where map says it is, so every position the parser reports is exact.
 * Always so for `|`; for the other styles, only when YAML has neither
 * folded lines (plain, quoted and `>` scalars join lines with spaces) nor
 * replaced escapes (\" or '') in the text. */
static int map_exact(const loader *L, const il_ynode *n, const il_srcmap *m)
{
    const il_ytree *t = L->tree;
    size_t pos = 0, k = 0;
    for (;;) {
        const char *nl = memchr(n->str + pos, '\n', n->len - pos);
        size_t end = nl ? (size_t)(nl - n->str) : n->len;
        size_t r = (size_t)(m->line0 - 1) + k; /* 0-based file line */
        if (end > pos) {
            if (m->line0 < 1 || r >= t->nlines) return 0;
            size_t s = t->line_start[r], lend = r + 1 < t->nlines ? t->line_start[r + 1] : L->len;
            int col = k ? m->col_rest : m->col0;
            for (int c = 1; c < col && s < lend; c++) /* columns count characters */
                do s++; while (s < lend && ((unsigned char)L->text[s] & 0xC0) == 0x80);
            if (lend - s < end - pos || memcmp(L->text + s, n->str + pos, end - pos) != 0) return 0;
        }
        if (!nl) return 1;
        pos = end + 1;
        k++;
    }
}

/* Code in a scalar whose positions cannot be mapped back to the file
 * (map_exact) is refused rather than reported at the wrong place. */
static int need_exact(loader *L, const il_ynode *n, const il_srcmap *m, const char *what,
                      const char *advice)
{
    if (n->style == '|' || map_exact(L, n, m)) return 0;
    const char *why = n->style == '>'    ? "a folded (>) scalar joins its lines"
                      : n->style == '"'  ? "line breaks and escapes in a double-quoted scalar move "
                                           "the code away from where it is written"
                      : n->style == '\'' ? "line breaks and '' in a single-quoted scalar move the "
                                           "code away from where it is written"
                                         : "a plain scalar over several lines is joined into one line";
    return fail(L, n, "%s: %s: %s", what, why, advice);
}

static int blank(const il_ynode *n)
{
    for (size_t i = 0; i < n->len; i++)
        if (!strchr(" \t\r\n", n->str[i])) return 0;
    return 1;
}

/* Parses a body; `what` names its owner ("thread 't1'"). The text is copied
 * into the program's arena since the AST may point into it. */
static int parse_body(loader *L, const il_ynode *n, const char *what, il_stmt **out)
{
    if (n->kind != IL_Y_SCALAR || is_null(n))
        return fail(L, n, "%s: expected a body (a string, e.g. `|` and indented lines), got %s",
                    what, is_null(n) ? "nothing" : il_ykind_name(n));
    if (blank(n)) return fail(L, n, "%s: empty body (write pass for a thread that does nothing)", what);
    il_srcmap map = scalar_map(L, n);
    if (need_exact(L, n, &map, what, "write thread bodies as literal block scalars (|)")) return -1;
    const char *text = il_arena_strndup(&L->p->arena, n->str, n->len);
    int before = L->d->errors;
    *out = il_parse_body(&L->p->arena, text, n->len, &map, L->d);
    if (L->d->errors != before) {
        L->failed = 1;
        return -1;
    }
    if (!*out) return fail(L, n, "%s: empty body (write pass for a thread that does nothing)", what);
    return 0;
}

static int parse_expect_expr(loader *L, const il_ynode *n, const char *key, il_expr **out,
                             const char **src)
{
    if (n->kind != IL_Y_SCALAR || is_null(n) || blank(n))
        return fail(L, n, "expect: %s: expected an expression such as \"x == 2\", got %s", key,
                    n->kind == IL_Y_SCALAR ? "nothing" : il_ykind_name(n));
    il_srcmap map = scalar_map(L, n);
    char what[64];
    snprintf(what, sizeof what, "expect: %s", key);
    if (need_exact(L, n, &map, what, "write the expression on one line, or as a literal block scalar (|)"))
        return -1;
    const char *text = il_arena_strndup(&L->p->arena, n->str, n->len);
    int before = L->d->errors;
    *out = il_parse_expr(&L->p->arena, text, n->len, &map, L->d);
    if (L->d->errors != before) {
        L->failed = 1;
        return -1;
    }
    if (!*out) return fail(L, n, "expect: %s: expected an expression such as \"x == 2\"", key);
    *src = text;
    return 0;
}

/* ---- sections --------------------------------------------------------------- */

#define MAP_EACH(m, k, v) \
    for (il_ynode *k = (m)->first, *v = k ? k->next : NULL; k; k = v->next, v = k ? k->next : NULL)

static const char *fmt_tmp(loader *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Of any length: instance names are built here, and a cut one would clash. */
static const char *fmt_tmp(loader *L, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *buf = il_arena_alloc(&L->tmp, (size_t)(n < 0 ? 0 : n) + 1);
    va_start(ap, fmt);
    vsnprintf(buf, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
    va_end(ap);
    return buf;
}

/* A section's value: a mapping, or nothing (`shared:` left empty). */
static int section_map(loader *L, const il_ynode *v, const char *sec, const char *shape)
{
    if (v->kind == IL_Y_MAP || is_null(v)) return 0;
    return fail(L, v, "%s: expected a mapping of %s, got %s", sec, shape, il_ykind_name(v));
}

static int shared_int(loader *L, const il_ynode *n, const char *name, int64_t *out)
{
    int r = scalar_int(n, 1, out);
    if (r == INT_RANGE) return fail(L, n, "shared variable '%s': integer out of 64-bit range", name);
    if (r == INT_ZEROS) return fail(L, n, "shared variable '%s': " ZEROS_MSG, name);
    if (r == INT_NOT)
        return fail(L, n, "shared variable '%s' must be an integer, a list of integers, or {size: N, value: V}",
                    name);
    return 0;
}

/* Shared values must fit in a state (IL_STATE_MAX_VALUES in all): checked
 * before a list's elements are allocated, at the list that passes it. */
static int shared_room(loader *L, const il_ynode *n, const char *name, int64_t count)
{
    if (count > IL_STATE_MAX_VALUES - L->nvalues)
        return fail(L, n, "shared variable '%s' does not fit in a state: %lld more values, at most %u "
                    "in all (1 MiB)", name, (long long)count, (unsigned)IL_STATE_MAX_VALUES);
    L->nvalues += count;
    return 0;
}

static int load_shared(loader *L, const il_ynode *sec)
{
    il_program *p = L->p;
    if (section_map(L, sec, "shared", "variable name -> initial value")) return -1;
    if (sec->kind != IL_Y_MAP) return 0;
    p->shared = il_arena_alloc(&p->arena, (size_t)(sec->n / 2) * sizeof *p->shared);
    MAP_EACH(sec, k, v) {
        if (check_ident(L, k, "shared variable")) return -1;
        il_shared_decl *d = &p->shared[p->nshared];
        d->name = il_arena_strndup(&p->arena, k->str, k->len);
        d->line = k->line;
        d->col = k->col;
        if (add_name(L, d->name, NK_SHARED, p->nshared, "a shared variable", k->line, k->col))
            return -1;
        if (v->kind == IL_Y_SCALAR) {
            if (shared_room(L, v, d->name, 1)) return -1;
            d->size = 1;
            d->init = il_arena_alloc(&p->arena, sizeof *d->init);
            if (shared_int(L, v, d->name, &d->init[0])) return -1;
        } else if (v->kind == IL_Y_SEQ) {
            if (v->n == 0)
                return fail(L, v, "shared variable '%s': a list needs at least one element", d->name);
            if (shared_room(L, v, d->name, v->n)) return -1;
            d->is_list = 1;
            d->size = v->n;
            d->init = il_arena_alloc(&p->arena, (size_t)v->n * sizeof *d->init);
            int i = 0;
            for (const il_ynode *e = v->first; e; e = e->next, i++)
                if (shared_int(L, e, d->name, &d->init[i])) return -1;
        } else {
            const il_ynode *size = NULL, *value = NULL;
            MAP_EACH(v, kk, vv) {
                if (key_is(kk, "size")) size = vv;
                else if (key_is(kk, "value")) value = vv;
                else
                    return fail(L, kk, "shared variable '%s': unknown key '%s' (expected size and value)",
                                d->name, shown(L, kk));
            }
            if (!size)
                return fail(L, v, "shared variable '%s' must be an integer, a list of integers, or {size: N, value: V}",
                            d->name);
            int64_t n, val = 0;
            if (need_int(L, size, 1, INT64_MAX, fmt_tmp(L, "shared variable '%s': size", d->name), &n) ||
                shared_room(L, size, d->name, n))
                return -1;
            if (value && shared_int(L, value, d->name, &val)) return -1;
            d->is_list = 1;
            d->size = (int)n;
            d->init = il_arena_alloc(&p->arena, (size_t)n * sizeof *d->init);
            for (int64_t i = 0; i < n; i++) d->init[i] = val;
        }
        p->nshared++;
    }
    return 0;
}

/* The constructors, from the kind table (primitives.h). */
typedef struct ctor_info {
    const char *name;
    il_sync_kind kind;
    const char *module;  /* the Python module it lives in */
    il_sync_arg arg;     /* how its one argument is read */
    const char *param;   /* that parameter's keyword, NULL for none */
    int64_t dflt, min;   /* IL_ARG_INT: the value when absent, the least one */
    const char *missing; /* IL_ARG_INT: it must be given, and this says so; else NULL */
    const char *below;   /* IL_ARG_INT: a value below min is refused so; NULL: taken as min */
} ctor_info;

#define CTOR_(ID, ctor, module, arg, param, dflt, min, missing, below, shown, word, lock, methods, fn) \
    {ctor, IL_SYNC_##ID, module, IL_ARG_##arg, param, dflt, min, missing, below},
static const ctor_info ctors[] = {IL_SYNC_KINDS(CTOR_, IL_SYNC_IGNORE_)};
#undef CTOR_

/* "Lock, RLock, Semaphore(n), ...": ", " before each, so skip the first two. */
#define SHOWN_(ID, ctor, module, arg, param, dflt, min, missing, below, shown, word, lock, methods, fn) \
    ", " shown
static const char supported_ctors[] = IL_SYNC_KINDS(SHOWN_, IL_SYNC_IGNORE_);
#undef SHOWN_

/* The kinds a Condition can be built on. */
#define LOCKS_(ID, ctor, module, arg, param, dflt, min, missing, below, shown, word, lock, methods, fn) \
    | ((lock) ? 1u << IL_SYNC_##ID : 0u)
static const unsigned lock_kinds = 0 IL_SYNC_KINDS(LOCKS_, IL_SYNC_IGNORE_);
#undef LOCKS_

static int is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static const char *skip_ws(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t')) s++;
    return s;
}

static const char *scan_ident(const char *s, const char *end)
{
    if (s < end && !(*s >= '0' && *s <= '9'))
        while (s < end && is_ident_char(*s)) s++;
    return s;
}

/* A constructor written as in Python: [threading.|queue.]Name[([kw=]arg)].
 * The one argument, if any, is an integer or (Condition) a lock's name; it is
 * left in *arg and *arglen for the caller to interpret. -1: not understood. */
static int read_ctor(const il_ynode *n, const ctor_info **ci, const char **kw, size_t *kwlen,
                     const char **arg, size_t *arglen)
{
    const char *s = n->str, *end = n->str + n->len;
    *kw = *arg = NULL;
    *kwlen = *arglen = 0;
    s = skip_ws(s, end);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t')) end--;
    const char *module = NULL;
    size_t modlen = 0;
    const char *id = s, *e = scan_ident(s, end);
    if (e < end && *e == '.') {
        module = id;
        modlen = (size_t)(e - id);
        id = e + 1;
        e = scan_ident(id, end);
    }
    *ci = NULL;
    for (size_t i = 0; i < sizeof ctors / sizeof *ctors; i++)
        if (strlen(ctors[i].name) == (size_t)(e - id) && memcmp(ctors[i].name, id, (size_t)(e - id)) == 0)
            *ci = &ctors[i];
    if (!*ci || e == id) return -1;
    if (module && (strlen((*ci)->module) != modlen || memcmp((*ci)->module, module, modlen) != 0))
        return -1;
    s = skip_ws(e, end);
    if (s == end) return 0;
    if (*s != '(') return -1;
    s = skip_ws(s + 1, end);
    if (s < end && *s == ')') return skip_ws(s + 1, end) == end ? 0 : -1;
    const char *a = s;
    if (s < end && (*s == '-' || *s == '+')) s++;
    if (s < end && *s >= '0' && *s <= '9') {
        /* "2x" and "1.5" are caught by the caller */
        while (s < end && (is_ident_char(*s) || *s == '.')) s++;
    } else {
        const char *ie = scan_ident(s, end);
        if (ie == s) return -1;
        const char *q = skip_ws(ie, end);
        if (q < end && *q == '=' && !(q + 1 < end && q[1] == '=')) { /* keyword argument */
            *kw = s;
            *kwlen = (size_t)(ie - s);
            s = a = skip_ws(q + 1, end);
            if (s < end && (*s == '-' || *s == '+')) s++;
            const char *ve = s;
            while (ve < end && (is_ident_char(*ve) || *ve == '.')) ve++;
            if (ve == s) return -1;
            s = ve;
        } else {
            s = ie;
        }
    }
    *arg = a;
    *arglen = (size_t)(s - a);
    s = skip_ws(s, end);
    if (s >= end || *s != ')') return -1;
    return skip_ws(s + 1, end) == end ? 0 : -1;
}

/* An integer argument text ("-2"), via the plain-scalar reader. */
static int arg_int(const char *s, size_t len, int64_t *out)
{
    il_ynode tmp = {0};
    tmp.kind = IL_Y_SCALAR;
    tmp.plain = 1;
    tmp.str = s;
    tmp.len = len;
    return scalar_int(&tmp, 0, out);
}

static int load_sync(loader *L, const il_ynode *sec)
{
    il_program *p = L->p;
    if (section_map(L, sec, "sync", "name -> constructor (Lock, Semaphore(2), ...)")) return -1;
    if (sec->kind != IL_Y_MAP) return 0;
    int n = sec->n / 2;
    p->sync = il_arena_alloc(&p->arena, (size_t)n * sizeof *p->sync);
    /* Condition(m) may name a lock declared further down: resolved at the end */
    const il_ynode **lock_arg = il_arena_alloc(&L->tmp, (size_t)n * sizeof *lock_arg);
    const char **lock_name = il_arena_alloc(&L->tmp, (size_t)n * sizeof *lock_name);
    MAP_EACH(sec, k, v) {
        if (check_ident(L, k, "sync object")) return -1;
        int i = p->nsync;
        il_sync_decl *d = &p->sync[i];
        d->name = il_arena_strndup(&p->arena, k->str, k->len);
        d->line = k->line;
        d->col = k->col;
        d->lock = -1;
        if (add_name(L, d->name, NK_SYNC, i, "a sync object", k->line, k->col)) return -1;
        if (v->kind != IL_Y_SCALAR || is_null(v))
            return fail(L, v, "sync object '%s': expected a constructor such as Lock or Semaphore(2), got %s",
                        d->name, v->kind == IL_Y_SCALAR ? "nothing" : il_ykind_name(v));
        const ctor_info *ci;
        const char *kw, *arg;
        size_t kwlen, arglen;
        if (read_ctor(v, &ci, &kw, &kwlen, &arg, &arglen))
            return fail(L, v, "unknown sync constructor '%s' for '%s' (supported: %s)",
                        shown(L, v), d->name, supported_ctors + 2);
        d->kind = ci->kind;
        if (arg && !ci->param)
            return fail(L, v, "%s() takes no arguments", ci->name);
        if (kw && (strlen(ci->param) != kwlen || memcmp(ci->param, kw, kwlen) != 0))
            return fail(L, v, "%s() got an unexpected keyword argument '%s' (its parameter is %s)", ci->name,
                        show(L, kw, kwlen), ci->param);
        int64_t val = 0;
        int r = INT_NOT;
        if (arg) {
            r = arg_int(arg, arglen, &val);
            if (r == INT_RANGE)
                return fail(L, v, "%s(%s): integer out of 64-bit range", ci->name, show(L, arg, arglen));
            if (r == INT_ZEROS) return fail(L, v, "%s(%s): " ZEROS_MSG, ci->name, show(L, arg, arglen));
        }
        if (ci->arg == IL_ARG_LOCK) {
            /* Condition() and Condition(None) make their own RLock (lock = -1) */
            if (arg && !(arglen == 4 && memcmp(arg, "None", 4) == 0)) {
                lock_arg[i] = v;
                lock_name[i] = il_arena_strndup(&L->tmp, arg, arglen);
            }
            p->nsync++;
            continue;
        }
        if (arg && r != INT_OK)
            return fail(L, v, "%s(%s): the argument must be an integer", ci->name, show(L, arg, arglen));
        if (ci->arg == IL_ARG_INT) {
            /* Python's defaults: Semaphore(1); Queue(maxsize <= 0) is unbounded */
            if (!arg && ci->missing) return fail(L, v, "%s", ci->missing);
            if (!arg) val = ci->dflt;
            if (val < ci->min && ci->below) return fail(L, v, "%s", ci->below);
            if (val < ci->min) val = ci->min;
        }
        d->arg = val;
        p->nsync++;
    }
    for (int i = 0; i < p->nsync; i++) {
        if (!lock_arg[i]) continue;
        const name_ent *e = find_name(L, lock_name[i]);
        if (!e || e->kind != NK_SYNC || !(lock_kinds & (1u << p->sync[e->index].kind))) {
            il_buf locks = {0};
            il_sync_kinds_phrase(lock_kinds, &locks);
            int r = fail(L, lock_arg[i], "Condition(%s): '%s' is not a %s",
                         show(L, lock_name[i], strlen(lock_name[i])),
                         show(L, lock_name[i], strlen(lock_name[i])), locks.data);
            il_buf_free(&locks);
            return r;
        }
        p->sync[i].lock = e->index;
    }
    return 0;
}

/* Declares name0..name{count-1} after the thread's own name. */
/* An argument of target: a number, true/false, or a name (a sync object,
 * shared list or thread: the compiler says which it may be). */
static il_expr *arg_expr(loader *L, const il_ynode *n)
{
    il_expr *e = il_arena_alloc(&L->p->arena, sizeof *e);
    memset(e, 0, sizeof *e);
    e->line = n->line;
    e->col = n->col;
    int64_t v;
    int b = n->kind == IL_Y_SCALAR ? scalar_bool(n) : -1;
    if (n->kind == IL_Y_SCALAR && scalar_int(n, 0, &v) == INT_OK) {
        e->kind = IL_E_INT;
        e->u.ival = v;
    } else if (b >= 0) {
        e->kind = IL_E_INT;
        e->u.ival = b;
    } else if (n->kind == IL_Y_SCALAR && !check_ident(L, n, "argument")) {
        e->kind = IL_E_NAME;
        e->u.name = il_arena_strndup(&L->p->arena, n->str, n->len);
    } else {
        if (!L->failed) fail(L, n, "args: expected a number, true/false or a name, got %s",
                             il_ykind_name(n));
        return NULL;
    }
    return e;
}

/* target: f with args: [..]: the thread runs f(args) (python.md's Thread(target=, args=)). */
static int thread_target(loader *L, il_thread_decl *t, const il_ynode *target,
                         const il_ynode *args)
{
    if (check_ident(L, target, "function")) return -1;
    il_expr *c = il_arena_alloc(&L->p->arena, sizeof *c);
    memset(c, 0, sizeof *c);
    c->kind = IL_E_CALL;
    c->line = target->line;
    c->col = target->col;
    c->u.call.func = il_arena_strndup(&L->p->arena, target->str, target->len);
    name_ent *f = find_name(L, c->u.call.func);
    if (!f || f->kind != NK_FUNC)
        return fail(L, target, "thread '%s': target: '%s' is not a function declared under "
                    "functions:", t->name, shown(L, target));
    if (args) {
        if (args->kind != IL_Y_SEQ) return fail(L, args, "thread '%s': args: expected a list", t->name);
        c->u.call.nargs = (int)args->n;
        c->u.call.args = il_arena_alloc(&L->p->arena, sizeof(il_expr *) * (args->n + 1));
        int i = 0;
        for (const il_ynode *a = args->first; a; a = a->next)
            if (!(c->u.call.args[i++] = arg_expr(L, a))) return -1;
    }
    t->target = c;
    t->body = L->p->funcs[f->index].body;
    return 0;
}

/* functions: name -> {params: [a, b], defaults: {b: 1}, body: |}. A
 * function's assignments to shared variables write them (no `global` in
 * this format, as in thread bodies); its other names are its locals. */
static int load_functions(loader *L, const il_ynode *sec)
{
    il_program *p = L->p;
    if (sec->kind != IL_Y_MAP)
        return fail(L, sec, "functions: expected a mapping of function name -> {params, body}, "
                    "got %s", il_ykind_name(sec));
    p->funcs = il_arena_alloc(&p->arena, (size_t)(sec->n / 2 + 1) * sizeof *p->funcs);
    MAP_EACH(sec, k, v) {
        if (check_ident(L, k, "function")) return -1;
        il_func_decl *f = &p->funcs[p->nfuncs];
        f->name = il_arena_strndup(&p->arena, k->str, k->len);
        f->line = k->line;
        f->col = k->col;
        if (add_name(L, f->name, NK_FUNC, p->nfuncs, "a function", k->line, k->col)) return -1;
        if (v->kind != IL_Y_MAP)
            return fail(L, v, "function '%s': expected a mapping with params: and body:", f->name);
        const il_ynode *params = NULL, *defaults = NULL, *body = NULL;
        MAP_EACH(v, kk, vv) {
            if (key_is(kk, "params")) params = vv;
            else if (key_is(kk, "defaults")) defaults = vv;
            else if (key_is(kk, "body")) body = vv;
            else return fail(L, kk, "function '%s': unknown key '%s' (expected one of: params, "
                             "defaults, body)", f->name, shown(L, kk));
        }
        if (!body) return fail(L, v, "function '%s': missing body:", f->name);
        if (params && params->kind != IL_Y_SEQ && !is_null(params))
            return fail(L, params, "function '%s': params: expected a list of names", f->name);
        size_t np = params && params->kind == IL_Y_SEQ ? params->n : 0;
        if (np > 255) return fail(L, params, "function '%s': too many parameters (limit 255)", f->name);
        f->nparams = (int)np;
        f->params = il_arena_alloc(&p->arena, sizeof(char *) * (np + 1));
        f->defaults = il_arena_alloc(&p->arena, sizeof(il_expr *) * (np + 1));
        const il_ynode *n = np ? params->first : NULL;
        for (size_t i = 0; i < np; i++, n = n->next) {
            if (check_ident(L, n, "parameter")) return -1;
            f->params[i] = il_arena_strndup(&p->arena, n->str, n->len);
            for (size_t j = 0; j < i; j++)
                if (strcmp(f->params[j], f->params[i]) == 0)
                    return fail(L, n, "function '%s': duplicate parameter '%s'", f->name, f->params[i]);
            f->defaults[i] = NULL;
        }
        if (defaults && defaults->kind != IL_Y_MAP)
            return fail(L, defaults, "function '%s': defaults: expected a mapping of parameter "
                        "-> number", f->name);
        if (defaults) MAP_EACH(defaults, dk, dv) {
            size_t i = 0;
            while (i < np && !key_is(dk, f->params[i])) i++;
            if (i == np)
                return fail(L, dk, "function '%s': defaults: '%s' is not a parameter", f->name,
                            shown(L, dk));
            int64_t val;
            if (need_int(L, dv, INT64_MIN, INT64_MAX, fmt_tmp(L, "function '%s': default of %s",
                         f->name, f->params[i]), &val))
                return -1;
            il_expr *e = il_arena_alloc(&p->arena, sizeof *e);
            memset(e, 0, sizeof *e);
            e->kind = IL_E_INT;
            e->line = dv->line;
            e->col = dv->col;
            e->u.ival = val;
            f->defaults[i] = e;
        }
        n = np ? params->first : NULL;
        for (size_t i = 0; i < np; i++, n = n->next)
            if (i && f->defaults[i - 1] && !f->defaults[i])
                return fail(L, n, "function '%s': parameter '%s' without a default follows one "
                            "with a default", f->name, f->params[i]);
        if (parse_body(L, body, fmt_tmp(L, "function '%s'", f->name), &f->body)) return -1;
        const il_stmt *last = f->body;
        while (last->next) last = last->next;
        f->end_line = last->line;
        f->nglobals = p->nshared;
        f->globals = il_arena_alloc(&p->arena, sizeof(char *) * ((size_t)p->nshared + 1));
        for (int i = 0; i < p->nshared; i++) f->globals[i] = p->shared[i].name;
        p->nfuncs++;
    }
    return 0;
}

static int add_instances(loader *L, const il_thread_decl *t)
{
    const char *what = fmt_tmp(L, "an instance of thread '%s' (count: %d)", t->name, t->count);
    for (int i = 0; i < t->count; i++) {
        const char *nm = fmt_tmp(L, "%s%d", t->name, i);
        if (add_name(L, nm, NK_INSTANCE, i, what, t->line, t->col)) return -1;
    }
    return 0;
}

static int load_threads(loader *L, const il_ynode *sec)
{
    il_program *p = L->p;
    if (sec->kind != IL_Y_MAP && !is_null(sec))
        return fail(L, sec, "threads: expected a mapping of thread name -> body, got %s", il_ykind_name(sec));
    if (is_null(sec) || sec->n == 0) {
        if (p->has_executor) return 0; /* the executor's workers are the threads */
        return fail(L, sec, "no threads: a program needs at least one thread");
    }
    p->threads = il_arena_alloc(&p->arena, (size_t)(sec->n / 2) * sizeof *p->threads);
    MAP_EACH(sec, k, v) {
        if (check_ident(L, k, "thread")) return -1;
        il_thread_decl *t = &p->threads[p->nthreads];
        t->name = il_arena_strndup(&p->arena, k->str, k->len);
        t->line = k->line;
        t->col = k->col;
        if (add_name(L, t->name, NK_THREAD, p->nthreads, "a thread", k->line, k->col)) return -1;
        const char *what = fmt_tmp(L, "thread '%s'", t->name);
        const il_ynode *body = v, *target = NULL, *args = NULL;
        if (v->kind == IL_Y_MAP) {
            body = NULL;
            MAP_EACH(v, kk, vv) {
                int64_t c;
                if (strcmp(t->name, "main") == 0 &&
                    (key_is(kk, "count") || key_is(kk, "daemon") || key_is(kk, "timer")))
                    return fail(L, kk, "thread 'main' cannot have %s: it is the program's main "
                                "thread (one, not a daemon, not a timer); give this thread another name",
                                shown(L, kk));
                if (key_is(kk, "body")) {
                    body = vv;
                } else if (key_is(kk, "target")) {
                    target = vv;
                } else if (key_is(kk, "args")) {
                    args = vv;
                } else if (key_is(kk, "count")) {
                    if (need_int(L, vv, 1, MAX_COUNT, fmt_tmp(L, "thread '%s': count", t->name), &c))
                        return -1;
                    t->count = (int)c;
                } else if (key_is(kk, "daemon")) {
                    if (need_bool(L, vv, fmt_tmp(L, "thread '%s': daemon", t->name), &t->daemon))
                        return -1;
                } else if (key_is(kk, "timer")) {
                    if (need_bool(L, vv, fmt_tmp(L, "thread '%s': timer", t->name), &t->timer))
                        return -1;
                } else {
                    return fail(L, kk, "thread '%s': unknown key '%s' (expected one of: body, "
                                "target, args, count, daemon, timer)", t->name, shown(L, kk));
                }
            }
            if (body && target)
                return fail(L, target, "thread '%s': target: and body: together: a thread runs "
                            "one or the other", t->name);
            if (args && !target)
                return fail(L, args, "thread '%s': args: needs target:", t->name);
            if (!body && !target) return fail(L, v, "thread '%s': missing body: (or target:)", t->name);
        } else if (v->kind != IL_Y_SCALAR) {
            return fail(L, v, "thread '%s': expected a body (string) or a mapping with body:, got %s",
                        t->name, il_ykind_name(v));
        }
        if (t->count && add_instances(L, t)) return -1;
        if (target ? thread_target(L, t, target, args) : parse_body(L, body, what, &t->body))
            return -1;
        p->nthreads++;
    }
    return 0;
}

static int load_executor(loader *L, const il_ynode *k, const il_ynode *sec)
{
    il_program *p = L->p;
    if (sec->kind != IL_Y_MAP)
        return fail(L, sec, "executor: expected a mapping with workers: and tasks:, got %s",
                    is_null(sec) ? "nothing" : il_ykind_name(sec));
    p->has_executor = 1;
    p->executor_line = k->line;
    p->executor_col = k->col;
    const il_ynode *workers = NULL, *tasks = NULL;
    MAP_EACH(sec, kk, vv) {
        if (key_is(kk, "workers")) workers = vv;
        else if (key_is(kk, "tasks")) tasks = vv;
        else
            return fail(L, kk, "executor: unknown key '%s' (expected one of: workers, tasks)", shown(L, kk));
    }
    if (!workers) return fail(L, sec, "executor: missing workers: (the number of worker threads)");
    int64_t w;
    if (need_int(L, workers, 1, MAX_WORKERS, "executor: workers", &w)) return -1;
    p->executor_workers = (int)w;
    for (int i = 0; i < p->executor_workers; i++) /* workers are threads w0..w{n-1} */
        if (add_name(L, fmt_tmp(L, "w%d", i), NK_WORKER, i, "an executor worker", k->line, k->col))
            return -1;
    if (!tasks) return fail(L, sec, "executor: missing tasks: (a list of task bodies)");
    if (tasks->kind != IL_Y_SEQ && !is_null(tasks))
        return fail(L, tasks, "executor: tasks: expected a list of tasks, got %s", il_ykind_name(tasks));
    if (tasks->kind != IL_Y_SEQ) return 0;
    p->tasks = il_arena_alloc(&p->arena, (size_t)tasks->n * sizeof *p->tasks);
    for (const il_ynode *t = tasks->first; t; t = t->next) {
        il_executor_task *task = &p->tasks[p->ntasks];
        task->line = t->line;
        task->col = t->col;
        task->count = 1;
        const char *what = fmt_tmp(L, "executor task %d", p->ntasks + 1);
        const il_ynode *body = t;
        if (t->kind == IL_Y_MAP) {
            body = NULL;
            MAP_EACH(t, kk, vv) {
                int64_t c;
                if (key_is(kk, "body")) {
                    body = vv;
                } else if (key_is(kk, "count")) {
                    if (need_int(L, vv, 1, MAX_COUNT, fmt_tmp(L, "%s: count", what), &c)) return -1;
                    task->count = (int)c;
                } else {
                    return fail(L, kk, "%s: unknown key '%s' (expected one of: body, count)", what,
                                shown(L, kk));
                }
            }
            if (!body) return fail(L, t, "%s: missing body:", what);
        } else if (t->kind != IL_Y_SCALAR) {
            return fail(L, t, "%s: expected a body (string) or a mapping with body:, got %s", what,
                        il_ykind_name(t));
        }
        if (parse_body(L, body, what, &task->body)) return -1;
        p->ntasks++;
    }
    return 0;
}

static int load_outputs(loader *L, const il_ynode *v)
{
    il_expect *x = &L->p->expect;
    il_arena *a = &L->p->arena;
    x->has_outputs = 1;
    if (is_null(v)) return 0;
    if (v->kind != IL_Y_SEQ)
        return fail(L, v, "expect: outputs: expected a list of output sequences such as [[1, 1], [1, 2]], got %s",
                    il_ykind_name(v));
    x->output_len = il_arena_alloc(a, (size_t)v->n * sizeof *x->output_len);
    x->outputs = il_arena_alloc(a, (size_t)v->n * sizeof *x->outputs);
    for (const il_ynode *o = v->first; o; o = o->next) {
        if (o->kind != IL_Y_SEQ)
            return fail(L, o, "expect: outputs: each item must be a list of printed lines such as [1, 2], got %s",
                        il_ykind_name(o));
        const char **items = il_arena_alloc(a, (size_t)o->n * sizeof *items);
        int i = 0;
        for (const il_ynode *s = o->first; s; s = s->next, i++) {
            if (s->kind != IL_Y_SCALAR)
                return fail(L, s, "expect: outputs: a printed line must be a scalar, got %s", il_ykind_name(s));
            items[i] = il_arena_strndup(a, s->str, s->len); /* as written: [1, 1] = ["1", "1"] */
        }
        x->outputs[x->noutputs] = items;
        x->output_len[x->noutputs++] = o->n;
    }
    return 0;
}

static int load_finals(loader *L, const il_ynode *v)
{
    il_program *p = L->p;
    il_expect *x = &p->expect;
    x->has_finals = 1;
    if (is_null(v)) return 0;
    if (v->kind != IL_Y_SEQ)
        return fail(L, v, "expect: finals: expected a list of mappings such as [{x: 1}, {x: 2}], got %s",
                    il_ykind_name(v));
    x->finals = il_arena_alloc(&p->arena, (size_t)v->n * sizeof *x->finals);
    for (const il_ynode *f = v->first; f; f = f->next) {
        if (f->kind != IL_Y_MAP)
            return fail(L, f, "expect: finals: each item must be a mapping of variable -> value such as {x: 1}, got %s",
                        il_ykind_name(f));
        il_final_entry *e = &x->finals[x->nfinals];
        e->line = f->line;
        e->col = f->col;
        int n = f->n / 2;
        e->names = il_arena_alloc(&p->arena, (size_t)n * sizeof *e->names);
        e->nvals = il_arena_alloc(&p->arena, (size_t)n * sizeof *e->nvals);
        e->vals = il_arena_alloc(&p->arena, (size_t)n * sizeof *e->vals);
        MAP_EACH(f, k, val) {
            const char *nm = il_arena_strndup(&L->tmp, k->str, k->len);
            const name_ent *ne = find_name(L, nm);
            if (!ne || ne->kind != NK_SHARED)
                return fail(L, k, "finals: '%s' is not a shared variable", shown(L, k));
            const il_shared_decl *sd = &p->shared[ne->index];
            int i = e->nvars;
            e->names[i] = sd->name;
            if (val->kind == IL_Y_SEQ) {
                if (!sd->is_list)
                    return fail(L, val, "finals: '%s' is an integer, not a list", sd->name);
                if ((int)val->n != sd->size)
                    return fail(L, val, "finals: '%s' has %d elements, got %d", sd->name, sd->size,
                                (int)val->n);
                e->vals[i] = il_arena_alloc(&p->arena, (size_t)val->n * sizeof **e->vals);
                int j = 0;
                for (const il_ynode *s = val->first; s; s = s->next, j++) {
                    int r = scalar_int(s, 1, &e->vals[i][j]);
                    if (r == INT_RANGE) return fail(L, s, "finals: '%s': integer out of 64-bit range", sd->name);
                    if (r == INT_ZEROS) return fail(L, s, "finals: '%s': " ZEROS_MSG, sd->name);
                    if (r != INT_OK) return fail(L, s, "finals: '%s': expected an integer", sd->name);
                }
                e->nvals[i] = val->n;
            } else {
                if (sd->is_list)
                    return fail(L, val, "finals: '%s' is a list: write its value as a list such as [0, 1]",
                                sd->name);
                e->vals[i] = il_arena_alloc(&p->arena, sizeof **e->vals);
                int r = scalar_int(val, 1, &e->vals[i][0]);
                if (r == INT_RANGE) return fail(L, val, "finals: '%s': integer out of 64-bit range", sd->name);
                if (r == INT_ZEROS) return fail(L, val, "finals: '%s': " ZEROS_MSG, sd->name);
                if (r != INT_OK) return fail(L, val, "finals: '%s': expected an integer", sd->name);
                e->nvals[i] = 1;
            }
            e->nvars++;
        }
        x->nfinals++;
    }
    return 0;
}

/* An exact count (any size, digits only, kept as text) or "infinite". */
static int load_interleavings(loader *L, const il_ynode *v)
{
    il_expect *x = &L->p->expect;
    if (v->kind == IL_Y_SCALAR && key_is(v, "infinite")) {
        x->interleavings = "infinite";
        return 0;
    }
    int ok = v->kind == IL_Y_SCALAR && v->len > 0;
    for (size_t i = 0; ok && i < v->len; i++) ok = v->str[i] >= '0' && v->str[i] <= '9';
    if (!ok)
        return fail(L, v, "expect: interleavings must be a non-negative integer or \"infinite\"");
    size_t z = strspn(v->str, "0");
    if (z > 0 && z < v->len) /* 010: octal 8 to YAML 1.1 */
        return fail(L, v, "expect: interleavings: " ZEROS_MSG);
    if (z == v->len) z = v->len - 1; /* 000 = 0, as the report writes it */
    x->interleavings = il_arena_strndup(&L->p->arena, v->str + z, v->len - z);
    return 0;
}

static int load_tri(loader *L, const il_ynode *v, const char *key, il_tri *out)
{
    int b = 0;
    if (need_bool(L, v, fmt_tmp(L, "expect: %s", key), &b)) return -1;
    *out = b ? IL_TRI_TRUE : IL_TRI_FALSE;
    return 0;
}

static int load_expect(loader *L, const il_ynode *key, const il_ynode *sec)
{
    il_expect *x = &L->p->expect;
    x->present = 1;
    x->line = key->line;
    x->col = key->col;
    if (section_map(L, sec, "expect", "expectation -> value (outputs, finals, always, ...)")) return -1;
    /* an expect: that names nothing would make check pass without comparing anything */
    if (sec->kind != IL_Y_MAP || sec->n == 0)
        return fail(L, key, "expect: names no expectation, so check would compare nothing (give at "
                            "least one of: outputs, finals, always, sometimes, never, deadlock, races, "
                            "errors, interleavings)");
    MAP_EACH(sec, k, v) {
        int rc;
        if (key_is(k, "outputs")) {
            x->outputs_line = k->line;
            x->outputs_col = k->col;
            rc = load_outputs(L, v);
        } else if (key_is(k, "finals")) {
            x->finals_line = k->line;
            x->finals_col = k->col;
            rc = load_finals(L, v);
        } else if (key_is(k, "always")) {
            rc = parse_expect_expr(L, v, "always", &x->always, &x->always_src);
        } else if (key_is(k, "sometimes")) {
            rc = parse_expect_expr(L, v, "sometimes", &x->sometimes, &x->sometimes_src);
        } else if (key_is(k, "never")) {
            rc = parse_expect_expr(L, v, "never", &x->never, &x->never_src);
        } else if (key_is(k, "deadlock")) {
            x->deadlock_line = k->line;
            rc = load_tri(L, v, "deadlock", &x->deadlock);
        } else if (key_is(k, "races")) {
            x->races_line = k->line;
            rc = load_tri(L, v, "races", &x->races);
        } else if (key_is(k, "errors")) {
            x->errors_line = k->line;
            rc = load_tri(L, v, "errors", &x->errors);
        } else if (key_is(k, "interleavings")) {
            x->interleavings_line = k->line;
            x->interleavings_col = k->col;
            rc = load_interleavings(L, v);
        } else {
            rc = fail(L, k, "unknown expect: key '%s' (expected one of: outputs, finals, always, "
                            "sometimes, never, deadlock, races, errors, interleavings)",
                      shown(L, k));
        }
        if (rc) return -1;
    }
    return 0;
}

static const char *default_name(il_arena *a, const char *path)
{
    if (!path || !*path) return "program";
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 5 && strcmp(base + n - 5, ".yaml") == 0) n -= 5;
    else if (n > 4 && strcmp(base + n - 4, ".yml") == 0) n -= 4;
    else if (n > 3 && strcmp(base + n - 3, ".py") == 0) n -= 3;
    return n ? il_arena_strndup(a, base, n) : "program";
}

/* name: and about:, each NULL when absent. */
static int load_name_about(loader *L, const il_ynode *name, const il_ynode *about)
{
    il_program *p = L->p;
    if (name) {
        const il_ynode *v = name;
        if (v->kind != IL_Y_SCALAR || is_null(v))
            return fail(L, v, "name: expected a string, got %s",
                        v->kind == IL_Y_SCALAR ? "nothing" : il_ykind_name(v));
        if (v->len == 0) return fail(L, v, "name: must not be empty");
        p->name = il_arena_strndup(&p->arena, v->str, v->len);
    }
    if (about && !is_null(about)) {
        const il_ynode *v = about;
        if (v->kind != IL_Y_SCALAR) return fail(L, v, "about: expected a string, got %s", il_ykind_name(v));
        p->about = il_arena_strndup(&p->arena, v->str, v->len);
    }
    return 0;
}

/* print: atomic | cpython (python.md F3), at the top of a program or of a
 * Python file's docstring. */
static int load_print(loader *L, const il_ynode *v)
{
    il_program *p = L->p;
    if (v->kind == IL_Y_SCALAR && v->len == 6 && memcmp(v->str, "atomic", 6) == 0)
        p->print_key = IL_PRINT_ATOMIC;
    else if (v->kind == IL_Y_SCALAR && v->len == 7 && memcmp(v->str, "cpython", 7) == 0)
        p->print_key = IL_PRINT_CPYTHON;
    else
        return fail(L, v, "print: expected atomic (a print is one step) or cpython (its "
                          "arguments, text and end in three steps, as CPython's), got %s%s%s",
                    v->kind == IL_Y_SCALAR ? "'" : "", v->kind == IL_Y_SCALAR ? shown(L, v)
                    : il_ykind_name(v), v->kind == IL_Y_SCALAR ? "'" : "");
    p->print_key_line = v->line;
    p->print_key_col = v->col;
    il_program_set_print(p, IL_PRINT_DEFAULT);
    return 0;
}

static int load_top(loader *L, const il_ynode *root)
{
    il_program *p = L->p;
    if (!root || is_null(root))
        return fail_at(L, root ? root->line : 1, root ? root->col : 1,
                       "empty program: expected a mapping with threads:");
    if (root->kind != IL_Y_MAP)
        return fail(L, root, "the program must be a mapping (name, about, shared, sync, functions, threads, "
                             "executor, expect), got %s", il_ykind_name(root));
    static const char *const keys[] = {"name", "about", "shared", "sync", "functions",
                                       "threads", "executor", "expect", "print", NULL};
    enum { K_NAME, K_ABOUT, K_SHARED, K_SYNC, K_FUNCS, K_THREADS, K_EXECUTOR, K_EXPECT, K_PRINT,
           K_N };
    const il_ynode *key[K_N] = {0}, *val[K_N] = {0};
    MAP_EACH(root, k, v) {
        int i = 0;
        while (keys[i] && !key_is(k, keys[i])) i++;
        if (!keys[i])
            return fail(L, k, "unknown top-level key '%s' (expected one of: name, about, shared, sync, "
                              "functions, threads, executor, expect, print)",
                        shown(L, k));
        key[i] = k;
        val[i] = v;
    }
    if (load_name_about(L, val[K_NAME], val[K_ABOUT])) return -1;
    if (val[K_PRINT] && load_print(L, val[K_PRINT])) return -1;
    /* An executor alone is a complete program: its workers are threads. */
    if (!val[K_THREADS] && !val[K_EXECUTOR])
        return fail(L, root, "no threads: a program needs at least one thread");
    if (val[K_SHARED] && load_shared(L, val[K_SHARED])) return -1;
    if (val[K_SYNC] && load_sync(L, val[K_SYNC])) return -1;
    if (val[K_FUNCS] && load_functions(L, val[K_FUNCS])) return -1;
    if (val[K_EXECUTOR] && !is_null(val[K_EXECUTOR])) p->has_executor = 1; /* threads: may be empty */
    if (val[K_THREADS] && load_threads(L, val[K_THREADS])) return -1;
    if (val[K_EXECUTOR] && load_executor(L, key[K_EXECUTOR], val[K_EXECUTOR])) return -1;
    if (val[K_EXPECT] && load_expect(L, key[K_EXPECT], val[K_EXPECT])) return -1;
    return 0;
}

/* ---- entry points -------------------------------------------------------------- */

il_program *il_load_program_text(const char *path, const char *text, size_t len, il_diag *d)
{
    loader L = {0};
    L.d = d;
    L.text = text ? text : "";
    L.len = text ? len : 0;
    il_arena_init(&L.tmp);
    il_program *p = il_xcalloc(1, sizeof *p);
    il_arena_init(&p->arena);
    L.p = p;
    p->path = il_arena_strdup(&p->arena, path ? path : "<input>");
    p->text = il_arena_strndup(&p->arena, L.text, L.len);
    p->text_len = L.len;
    il_trace_sha256(L.text, L.len, p->sha256);
    p->name = default_name(&p->arena, path);
    p->expect.deadlock = p->expect.races = p->expect.errors = IL_TRI_UNSET;
    p->print = IL_PRINT_ATOMIC; /* unless its print: key says cpython */

    int rc;
    if (il_is_python_path(path)) { /* the front end by the file's extension */
        rc = il_pyload(p, d);
    } else {
        il_ytree tree;
        L.tree = &tree;
        rc = il_ytree_parse(&tree, L.text, L.len, IL_YPROGRAM, d);
        if (rc == 0) rc = load_top(&L, tree.root);
        il_ytree_free(&tree);
    }

    il_hashset_free(&L.nameset);
    il_free(L.names.items);
    il_arena_free(&L.tmp);
    if (rc) {
        il_program_free(p);
        return NULL;
    }
    return p;
}

il_program *il_load_program(const char *path, il_diag *d)
{
    if (!path) {
        il_diag_error(d, 1, 1, "cannot read file: no file name");
        return NULL;
    }
    /* read to EOF rather than trusting st_size; a FIFO or device is refused */
    il_buf b = {0};
    if (il_read_input_file(path, MAX_FILE, &b) != 0) {
        if (errno == EFBIG) il_diag_error(d, 1, 1, "cannot read file: larger than %d MiB", MAX_FILE >> 20);
        else il_diag_error(d, 1, 1, "cannot read file: %s", il_file_error(errno));
        return NULL;
    }
    il_program *p = il_load_program_text(path, b.data, b.len, d);
    il_buf_free(&b);
    return p;
}

/* ---- a Python file's docstring (pyload.c) ------------------------------------------ */

int il_load_meta_yaml(il_program *p, const char *yaml, size_t len, il_diag *d)
{
    loader L = {0};
    L.d = d;
    L.p = p;
    L.text = yaml;
    L.len = len;
    il_arena_init(&L.tmp);
    int rc = 0;
    /* finals: name the module's shared variables */
    for (int i = 0; i < p->nshared && !rc; i++)
        rc = add_name(&L, p->shared[i].name, NK_SHARED, i, "a shared variable", p->shared[i].line,
                      p->shared[i].col);
    il_ytree tree;
    int parsed = !rc;
    L.tree = &tree;
    if (parsed) rc = il_ytree_parse(&tree, yaml, len, IL_YPROGRAM, d);
    const il_ynode *root = rc ? NULL : tree.root;
    if (!rc && (!root || root->kind != IL_Y_MAP))
        rc = fail_at(&L, root ? root->line : 1, root ? root->col : 1,
                     "the module docstring must be a mapping of name, about and expect");
    const il_ynode *name = NULL, *about = NULL, *expect = NULL, *expect_key = NULL, *print = NULL;
    if (!rc) {
        MAP_EACH(root, k, v) {
            if (key_is(k, "name")) name = v;
            else if (key_is(k, "about")) about = v;
            else if (key_is(k, "expect")) expect = v, expect_key = k;
            else if (key_is(k, "print")) print = v;
            else if (key_is(k, "shared") || key_is(k, "sync") || key_is(k, "threads") ||
                     key_is(k, "executor"))
                rc = fail(&L, k, "'%s:' does not belong in a Python file's docstring: its "
                          "variables, sync objects and threads are the module's code", shown(&L, k));
            else
                rc = fail(&L, k, "unknown docstring key '%s' (expected one of: name, about, expect, "
                          "print)",
                          shown(&L, k));
            if (rc) break;
        }
    }
    if (!rc) rc = load_name_about(&L, name, about);
    if (!rc && print) rc = load_print(&L, print);
    if (!rc && expect) rc = load_expect(&L, expect_key, expect);
    if (parsed) il_ytree_free(&tree);
    il_hashset_free(&L.nameset);
    il_free(L.names.items);
    il_arena_free(&L.tmp);
    return rc ? -1 : 0;
}
