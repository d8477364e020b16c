/* loader.c - reads a program file (YAML) into the program model (loader.h).
 *
 * Two passes. First, libyaml's event API builds a small tree of scalars,
 * sequences and mappings in a scratch arena. The tree is built with an
 * explicit stack (no recursion, depth capped), so no input can exhaust the C
 * stack, and it refuses what the format never needs: several documents,
 * anchors/aliases, tags, non-scalar keys, duplicate keys. Second, the tree is
 * walked section by section into il_program, checking types and names and
 * parsing every body with parser.h.
 *
 * Bodies must report positions in the *file*, but libyaml hands us block
 * scalars with their indentation stripped. So we keep the raw bytes and a
 * table of line starts, and recover the indentation by comparing a content
 * line of the value with the same line in the file (see scalar_map).
 *
 * Every failure reports exactly one message (the first) and frees
 * everything: the scratch arena, the parser, the half-built program. */
#include "loader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "parser.h"

/* Limits that keep hostile input from turning into huge allocations; far
 * beyond anything the exhaustive explorer could handle anyway. */
enum {
    MAX_DEPTH = 1000,
    MAX_FILE = 64 << 20,
    MAX_COUNT = 100000,  /* instances of one thread, copies of one task */
    MAX_WORKERS = 1000,
    MAX_LIST = 1000000,  /* elements of one shared list */
    SHOW_MAX = 60,       /* longest user string quoted in a message */
};

typedef enum { N_SCALAR, N_SEQ, N_MAP } node_kind;

typedef struct node node;
struct node {
    node_kind kind;
    int line, col;             /* 1-based start, for messages */
    int mline;                 /* libyaml's 0-based start line (block scalars) */
    yaml_scalar_style_t style; /* scalars only */
    const char *str;           /* scalar value, NUL-terminated (may hold NULs) */
    size_t len;
    int n;                     /* children; a mapping has 2 per entry: key, value */
    node *first, *last, *next;
};

/* What a declared name is, for clash messages and later look-ups. */
enum { NK_SHARED, NK_SYNC, NK_THREAD, NK_INSTANCE, NK_WORKER };

typedef struct name_ent {
    const char *name; /* NULL: empty slot */
    int kind, index;
    const char *what; /* "a shared variable", ... */
    int line, col;
} name_ent;

typedef struct loader {
    il_program *p;
    il_diag *d;
    const char *text;
    size_t len;
    IL_VEC(size_t) lines; /* byte offset of each line start, as libyaml counts lines */
    il_arena tmp;         /* the tree and other scratch; freed at the end */
    int failed;
    name_ent *names;      /* open-addressing hash table of declared names */
    size_t ncap, nused;
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

/* ---- raw text: UTF-8 check and line table ------------------------------- */

/* Offset of the first byte that is not well-formed UTF-8, or n. Overlong
 * forms and surrogates count as malformed, as libyaml would say too. */
static size_t bad_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t k;
        unsigned min, cp;
        if (c < 0x80) { i++; continue; }
        if ((c & 0xE0) == 0xC0) { k = 1; min = 0x80; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { k = 2; min = 0x800; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { k = 3; min = 0x10000; cp = c & 0x07; }
        else return i;
        if (n - i <= k) return i;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += k + 1;
    }
    return n;
}

/* libyaml's marks count lines broken by CR LF, CR, LF, NEL, LS and PS; the
 * table must agree so that mark.line indexes it. */
static void build_lines(loader *L)
{
    const unsigned char *s = (const unsigned char *)L->text;
    size_t n = L->len;
    IL_VEC_PUSH(L->lines, (size_t)0);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r') {
            if (i + 1 < n && s[i + 1] == '\n') i++;
        } else if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0x85) {
            i++;
        } else if (s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
                   (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
            i += 2;
        } else if (s[i] != '\n') {
            continue;
        }
        IL_VEC_PUSH(L->lines, i + 1);
    }
}

/* 1-based line and column (in characters, as libyaml counts) of a byte offset. */
static void offset_pos(const loader *L, size_t off, int *line, int *col)
{
    size_t lo = 0, hi = L->lines.len; /* find the last line start <= off */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (L->lines.items[mid] <= off) lo = mid; else hi = mid;
    }
    size_t start = L->lines.items[lo];
    /* libyaml drops a UTF-8 byte order mark before it starts counting */
    if (lo == 0 && L->len >= 3 && memcmp(L->text, "\xEF\xBB\xBF", 3) == 0 && off >= 3)
        start = 3;
    int c = 1;
    for (size_t i = start; i < off && i < L->len; i++)
        if (((unsigned char)L->text[i] & 0xC0) != 0x80) c++;
    *line = (int)lo + 1;
    *col = c;
}

/* ---- pass 1: YAML events -> tree ---------------------------------------- */

static const char *kind_name(const node *n)
{
    switch (n->kind) {
    case N_SEQ: return "a sequence";
    case N_MAP: return "a mapping";
    default: return "a scalar";
    }
}

static int is_null(const node *n)
{
    if (n->kind != N_SCALAR || n->style != YAML_PLAIN_SCALAR_STYLE) return 0;
    return n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
           strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0;
}

/* A user string fit for a message: cut short, control characters hidden. */
static const char *show(loader *L, const char *s, size_t len)
{
    size_t n = len > SHOW_MAX ? SHOW_MAX : len;
    while (n < len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--; /* whole chars */
    char *out = il_arena_alloc(&L->tmp, n + 4);
    for (size_t i = 0; i < n; i++)
        out[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7F) ? '?' : s[i];
    if (n < len) memcpy(out + n, "...", 4);
    return out;
}

static const char *shown(loader *L, const node *n) { return show(L, n->str, n->len); }

/* The byte at a libyaml mark (0-based line and column in characters), or
 * -1 past the end. */
static int mark_byte(const loader *L, const yaml_mark_t *m)
{
    if (m->line >= L->lines.len) return -1;
    size_t i = L->lines.items[m->line];
    if (m->line == 0 && L->len >= 3 && memcmp(L->text, "\xEF\xBB\xBF", 3) == 0) i = 3;
    for (size_t c = 0; c < m->column && i < L->len; c++)
        do i++; while (i < L->len && ((unsigned char)L->text[i] & 0xC0) == 0x80);
    return i < L->len ? (unsigned char)L->text[i] : -1;
}

/* 1 when the mark is on a tab with only blanks before it on its line. */
static int tab_in_indent(const loader *L, const yaml_mark_t *m)
{
    if (mark_byte(L, m) != '\t') return 0;
    for (size_t i = L->lines.items[m->line]; i < L->len && L->text[i] != '\t'; i++)
        if (L->text[i] != ' ') return 0;
    return 1;
}

static int yaml_failure(loader *L, const yaml_parser_t *yp)
{
    int line = 1, col = 1;
    const char *problem = yp->problem ? yp->problem : "cannot parse";
    switch (yp->error) {
    case YAML_MEMORY_ERROR:
        return fail_at(L, 1, 1, "out of memory while reading YAML");
    case YAML_READER_ERROR:
        offset_pos(L, yp->problem_offset, &line, &col);
        if (yp->problem_value >= 0)
            return fail_at(L, line, col, "%s (byte 0x%02x)", problem, yp->problem_value & 0xFF);
        return fail_at(L, line, col, "%s", problem);
    default:
        line = (int)yp->problem_mark.line + 1;
        col = (int)yp->problem_mark.column + 1;
        /* libyaml's words for a tab before a key say nothing about tabs */
        if (tab_in_indent(L, &yp->problem_mark))
            return fail_at(L, line, col, "YAML syntax error: tab in indentation: use spaces");
        /* a simple key without its ':' is noticed where the scan gave up,
         * often lines later (or past the end): point at the key itself */
        if (yp->context && strcmp(problem, "could not find expected ':'") == 0 &&
            strcmp(yp->context, "while scanning a simple key") == 0)
            return fail_at(L, (int)yp->context_mark.line + 1, (int)yp->context_mark.column + 1,
                           "YAML syntax error: could not find expected ':' after this key "
                           "(a line in a mapping must be `key: value`)");
        if (yp->context)
            return fail_at(L, line, col, "YAML syntax error: %s (%s at %d:%d)", problem,
                           yp->context, (int)yp->context_mark.line + 1,
                           (int)yp->context_mark.column + 1);
        return fail_at(L, line, col, "YAML syntax error: %s", problem);
    }
}

static node *new_node(loader *L, node_kind k, const yaml_mark_t *m)
{
    node *n = il_arena_alloc(&L->tmp, sizeof *n);
    n->kind = k;
    n->line = (int)m->line + 1;
    n->col = (int)m->column + 1;
    n->mline = (int)m->line;
    return n;
}

typedef struct keyref {
    const node *k;
    int idx;
} keyref;

static int keyref_cmp(const void *a, const void *b)
{
    const keyref *x = a, *y = b;
    size_t m = x->k->len < y->k->len ? x->k->len : y->k->len;
    int c = memcmp(x->k->str, y->k->str, m);
    if (c) return c;
    if (x->k->len != y->k->len) return x->k->len < y->k->len ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* D9: duplicate keys are errors. Sorting keeps this n log n on big mappings;
 * the duplicate reported is the earliest second occurrence in the file. */
static int check_dup_keys(loader *L, const node *m)
{
    int n = m->n / 2;
    if (n < 2) return 0;
    keyref *ks = il_xmalloc((size_t)n * sizeof *ks);
    int i = 0;
    for (const node *k = m->first; k; k = k->next->next, i++) ks[i] = (keyref){k, i};
    qsort(ks, (size_t)n, sizeof *ks, keyref_cmp);
    int best = -1, first = -1, group = 0;
    for (i = 1; i < n; i++) {
        if (ks[i].k->len != ks[i - 1].k->len ||
            memcmp(ks[i].k->str, ks[i - 1].k->str, ks[i].k->len) != 0) {
            group = i;
        } else if (i == group + 1 && (best < 0 || ks[i].idx < ks[best].idx)) {
            best = i; /* the group's second occurrence: the earliest duplicate */
            first = group;
        }
    }
    int rc = 0;
    if (best >= 0)
        rc = fail(L, ks[best].k, "duplicate key '%s' (first at %d:%d)", shown(L, ks[best].k),
                  ks[first].k->line, ks[first].k->col);
    free(ks);
    return rc;
}

static int attach(loader *L, node **root, node *parent, node *child)
{
    if (!parent) {
        *root = child;
        return 0;
    }
    if (parent->kind == N_MAP && parent->n % 2 == 0 && child->kind != N_SCALAR)
        return fail(L, child, "mapping keys must be names, not %s", kind_name(child));
    if (parent->last) parent->last->next = child; else parent->first = child;
    parent->last = child;
    parent->n++;
    return 0;
}

/* Anchors and tags come with the node's event; refusing them keeps the tree
 * a tree and every scalar's meaning the one written. */
static int refuse_extras(loader *L, const yaml_event_t *ev, const yaml_char_t *anchor,
                         const yaml_char_t *tag)
{
    int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
    if (anchor)
        return fail_at(L, line, col, "YAML aliases are not supported (anchor '&%s')",
                       show(L, (const char *)anchor, strlen((const char *)anchor)));
    if (tag)
        return fail_at(L, line, col, "YAML tags are not supported ('%s')",
                       show(L, (const char *)tag, strlen((const char *)tag)));
    return 0;
}

/* Builds the tree of the single document; *root stays NULL for an empty stream. */
static int build_tree(loader *L, node **root)
{
    yaml_parser_t yp;
    IL_VEC(node *) stack = {0};
    int ndocs = 0, rc = 0, done = 0;
    *root = NULL;
    if (!yaml_parser_initialize(&yp)) return fail_at(L, 1, 1, "out of memory while reading YAML");
    yaml_parser_set_input_string(&yp, (const unsigned char *)L->text, L->len);
    while (!done && rc == 0) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&yp, &ev)) {
            rc = yaml_failure(L, &yp);
            break;
        }
        node *top = stack.len ? stack.items[stack.len - 1] : NULL;
        node *n = NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++ndocs > 1)
                rc = fail_at(L, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
                             "more than one YAML document: a program file holds exactly one");
            break;
        case YAML_ALIAS_EVENT:
            rc = fail_at(L, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
                         "YAML aliases are not supported (alias '*%s')",
                         show(L, (const char *)ev.data.alias.anchor,
                              strlen((const char *)ev.data.alias.anchor)));
            break;
        case YAML_SCALAR_EVENT:
            /* an implicit tag is what libyaml reports for `!` alone: refuse too */
            rc = refuse_extras(L, &ev, ev.data.scalar.anchor, ev.data.scalar.tag);
            if (rc) break;
            n = new_node(L, N_SCALAR, &ev.start_mark);
            n->style = ev.data.scalar.style;
            n->str = il_arena_strndup(&L->tmp, (const char *)ev.data.scalar.value,
                                      ev.data.scalar.length);
            n->len = ev.data.scalar.length;
            rc = attach(L, root, top, n);
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (ev.type == YAML_SEQUENCE_START_EVENT)
                rc = refuse_extras(L, &ev, ev.data.sequence_start.anchor,
                                   ev.data.sequence_start.tag);
            else
                rc = refuse_extras(L, &ev, ev.data.mapping_start.anchor,
                                   ev.data.mapping_start.tag);
            if (rc) break;
            if (stack.len >= MAX_DEPTH) {
                rc = fail_at(L, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
                             "nesting too deep (more than %d levels)", MAX_DEPTH);
                break;
            }
            n = new_node(L, ev.type == YAML_SEQUENCE_START_EVENT ? N_SEQ : N_MAP,
                         &ev.start_mark);
            rc = attach(L, root, top, n);
            if (rc == 0) IL_VEC_PUSH(stack, n);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (stack.len) {
                stack.len--;
                if (top->kind == N_MAP) rc = check_dup_keys(L, top);
            }
            break;
        default: /* stream start, document end */
            break;
        }
        yaml_event_delete(&ev);
    }
    free(stack.items);
    yaml_parser_delete(&yp);
    return rc;
}

/* ---- scalars --------------------------------------------------------------- */

static int key_is(const node *k, const char *s)
{
    return k->len == strlen(s) && memcmp(k->str, s, k->len) == 0;
}

static int one_of(const node *n, const char *const *words)
{
    for (; *words; words++)
        if (key_is(n, *words)) return 1;
    return 0;
}

static const char *const true_words[] = {"true", "True", "TRUE", NULL};
static const char *const false_words[] = {"false", "False", "FALSE", NULL};

/* 1 true, 0 false, -1 not a boolean. Only plain scalars: "true" in quotes is text. */
static int scalar_bool(const node *n)
{
    if (n->kind != N_SCALAR || n->style != YAML_PLAIN_SCALAR_STYLE) return -1;
    if (one_of(n, true_words)) return 1;
    if (one_of(n, false_words)) return 0;
    return -1;
}

enum { INT_OK, INT_NOT, INT_RANGE };

/* A decimal plain scalar, optionally signed, in int64 range. With bools,
 * true/false count as 1/0 (as Python's True/False do). */
static int scalar_int(const node *n, int bools, int64_t *out)
{
    if (n->kind != N_SCALAR || n->style != YAML_PLAIN_SCALAR_STYLE) return INT_NOT;
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
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, v = 0;
    int range = 0;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return INT_NOT;
        unsigned dgt = (unsigned)(s[i] - '0');
        if (v > (limit - dgt) / 10) range = 1; /* keep scanning: "1e999" is not an int */
        else v = v * 10 + dgt;
    }
    if (range) return INT_RANGE;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return INT_OK;
}

/* An integer field in [lo, hi]; `what` names it in messages ("thread 't': count"). */
static int need_int(loader *L, const node *n, int64_t lo, int64_t hi, const char *what,
                    int64_t *out)
{
    int r = scalar_int(n, 0, out);
    if (r == INT_RANGE) return fail(L, n, "%s: integer out of 64-bit range", what);
    if (r == INT_NOT || *out < lo)
        return fail(L, n, "%s must be an integer >= %lld", what, (long long)lo);
    if (*out > hi) return fail(L, n, "%s must be at most %lld", what, (long long)hi);
    return 0;
}

static int need_bool(loader *L, const node *n, const char *what, int *out)
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

static int check_ident(loader *L, const node *k, const char *what)
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

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static name_ent *find_name(const loader *L, const char *name)
{
    if (!L->ncap) return NULL;
    size_t i = hash_str(name) & (L->ncap - 1);
    while (L->names[i].name) {
        if (strcmp(L->names[i].name, name) == 0) return &L->names[i];
        i = (i + 1) & (L->ncap - 1);
    }
    return NULL;
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
    if ((L->nused + 1) * 2 > L->ncap) {
        size_t ncap = L->ncap ? L->ncap * 2 : 64;
        name_ent *t = il_xcalloc(ncap, sizeof *t);
        for (size_t i = 0; i < L->ncap; i++) {
            if (!L->names[i].name) continue;
            size_t j = hash_str(L->names[i].name) & (ncap - 1);
            while (t[j].name) j = (j + 1) & (ncap - 1);
            t[j] = L->names[i];
        }
        free(L->names);
        L->names = t;
        L->ncap = ncap;
    }
    size_t i = hash_str(name) & (L->ncap - 1);
    while (L->names[i].name) i = (i + 1) & (L->ncap - 1);
    L->names[i] = (name_ent){name, kind, index, what, line, col};
    L->nused++;
    return 0;
}

/* ---- bodies and expressions ----------------------------------------------- */

static int leading_spaces(const char *s, size_t n)
{
    int k = 0;
    while ((size_t)k < n && s[k] == ' ') k++;
    return k;
}

/* Where the scalar's text lies in the file (parser.h's il_srcmap). For block
 * scalars text line 0 is the line after the `|`/`>` header (leading blank
 * lines are kept as "\n"), and the indentation libyaml stripped is the
 * difference between a content line's leading spaces in the file and in the
 * value; that also covers explicit indentation indicators like `|2`. Folded
 * and multi-line flow scalars are joined by libyaml, so positions past their
 * first line are approximate. */
static il_srcmap scalar_map(const loader *L, const node *n)
{
    il_srcmap m;
    if (n->style == YAML_LITERAL_SCALAR_STYLE || n->style == YAML_FOLDED_SCALAR_STYLE) {
        m.line0 = n->mline + 2;
        int indent = 0;
        size_t k = 0, pos = 0;
        while (pos < n->len) { /* the first value line with something but spaces */
            const char *nl = memchr(n->str + pos, '\n', n->len - pos);
            size_t end = nl ? (size_t)(nl - n->str) : n->len;
            int v = leading_spaces(n->str + pos, end - pos);
            if (pos + (size_t)v < end) {
                size_t r = (size_t)n->mline + 1 + k;
                if (r < L->lines.len) {
                    size_t s = L->lines.items[r];
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
        m.col0 = n->col + (n->style == YAML_PLAIN_SCALAR_STYLE ? 0 : 1);
        m.col_rest = m.col0;
    }
    return m;
}

static int blank(const node *n)
{
    for (size_t i = 0; i < n->len; i++)
        if (!strchr(" \t\r\n", n->str[i])) return 0;
    return 1;
}

/* Parses a body; `what` names its owner ("thread 't1'"). The text is copied
 * into the program's arena since the AST may point into it. */
static int parse_body(loader *L, const node *n, const char *what, il_stmt **out)
{
    if (n->kind != N_SCALAR || is_null(n))
        return fail(L, n, "%s: expected a body (a string, e.g. `|` and indented lines), got %s",
                    what, is_null(n) ? "nothing" : kind_name(n));
    if (blank(n)) return fail(L, n, "%s: empty body (write pass for a thread that does nothing)", what);
    const char *text = il_arena_strndup(&L->p->arena, n->str, n->len);
    il_srcmap map = scalar_map(L, n);
    int before = L->d->errors;
    *out = il_parse_body(&L->p->arena, text, n->len, &map, L->d);
    if (L->d->errors != before) {
        L->failed = 1;
        return -1;
    }
    if (!*out) return fail(L, n, "%s: empty body (write pass for a thread that does nothing)", what);
    return 0;
}

static int parse_expect_expr(loader *L, const node *n, const char *key, il_expr **out,
                             const char **src)
{
    if (n->kind != N_SCALAR || is_null(n) || blank(n))
        return fail(L, n, "expect: %s: expected an expression such as \"x == 2\", got %s", key,
                    n->kind == N_SCALAR ? "nothing" : kind_name(n));
    const char *text = il_arena_strndup(&L->p->arena, n->str, n->len);
    il_srcmap map = scalar_map(L, n);
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
    for (node *k = (m)->first, *v = k ? k->next : NULL; k; k = v->next, v = k ? k->next : NULL)

static const char *fmt_tmp(loader *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static const char *fmt_tmp(loader *L, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return il_arena_strdup(&L->tmp, buf);
}

/* A section's value: a mapping, or nothing (`shared:` left empty). */
static int section_map(loader *L, const node *v, const char *sec, const char *shape)
{
    if (v->kind == N_MAP || is_null(v)) return 0;
    return fail(L, v, "%s: expected a mapping of %s, got %s", sec, shape, kind_name(v));
}

static int shared_int(loader *L, const node *n, const char *name, int64_t *out)
{
    int r = scalar_int(n, 1, out);
    if (r == INT_RANGE) return fail(L, n, "shared variable '%s': integer out of 64-bit range", name);
    if (r == INT_NOT)
        return fail(L, n, "shared variable '%s' must be an integer, a list of integers, or {size: N, value: V}",
                    name);
    return 0;
}

static int load_shared(loader *L, const node *sec)
{
    il_program *p = L->p;
    if (section_map(L, sec, "shared", "variable name -> initial value")) return -1;
    if (sec->kind != N_MAP) return 0;
    p->shared = il_arena_alloc(&p->arena, (size_t)(sec->n / 2) * sizeof *p->shared);
    MAP_EACH(sec, k, v) {
        if (check_ident(L, k, "shared variable")) return -1;
        il_shared_decl *d = &p->shared[p->nshared];
        d->name = il_arena_strndup(&p->arena, k->str, k->len);
        d->line = k->line;
        d->col = k->col;
        if (add_name(L, d->name, NK_SHARED, p->nshared, "a shared variable", k->line, k->col))
            return -1;
        if (v->kind == N_SCALAR) {
            d->size = 1;
            d->init = il_arena_alloc(&p->arena, sizeof *d->init);
            if (shared_int(L, v, d->name, &d->init[0])) return -1;
        } else if (v->kind == N_SEQ) {
            if (v->n == 0)
                return fail(L, v, "shared variable '%s': a list needs at least one element", d->name);
            if (v->n > MAX_LIST)
                return fail(L, v, "shared variable '%s': list too long (at most %d elements)", d->name,
                            MAX_LIST);
            d->is_list = 1;
            d->size = v->n;
            d->init = il_arena_alloc(&p->arena, (size_t)v->n * sizeof *d->init);
            int i = 0;
            for (const node *e = v->first; e; e = e->next, i++)
                if (shared_int(L, e, d->name, &d->init[i])) return -1;
        } else {
            const node *size = NULL, *value = NULL;
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
            if (need_int(L, size, 1, MAX_LIST, fmt_tmp(L, "shared variable '%s': size", d->name), &n))
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

typedef struct ctor_info {
    const char *name;
    il_sync_kind kind;
    const char *module; /* the Python module it lives in */
    const char *param;  /* its one parameter we model, NULL for none */
} ctor_info;

static const ctor_info ctors[] = {
    {"Lock", IL_SYNC_LOCK, "threading", NULL},
    {"RLock", IL_SYNC_RLOCK, "threading", NULL},
    {"Semaphore", IL_SYNC_SEMAPHORE, "threading", "value"},
    {"BoundedSemaphore", IL_SYNC_BSEMAPHORE, "threading", "value"},
    {"Event", IL_SYNC_EVENT, "threading", NULL},
    {"Condition", IL_SYNC_CONDITION, "threading", "lock"},
    {"Barrier", IL_SYNC_BARRIER, "threading", "parties"},
    {"Queue", IL_SYNC_QUEUE, "queue", "maxsize"},
};

#define SUPPORTED_CTORS \
    "Lock, RLock, Semaphore(n), BoundedSemaphore(n), Event, Condition, Condition(lock), " \
    "Barrier(n), Queue, Queue(maxsize)"

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
static int read_ctor(const node *n, const ctor_info **ci, const char **kw, size_t *kwlen,
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
    node tmp = {0};
    tmp.kind = N_SCALAR;
    tmp.style = YAML_PLAIN_SCALAR_STYLE;
    tmp.str = s;
    tmp.len = len;
    return scalar_int(&tmp, 0, out);
}

static int load_sync(loader *L, const node *sec)
{
    il_program *p = L->p;
    if (section_map(L, sec, "sync", "name -> constructor (Lock, Semaphore(2), ...)")) return -1;
    if (sec->kind != N_MAP) return 0;
    int n = sec->n / 2;
    p->sync = il_arena_alloc(&p->arena, (size_t)n * sizeof *p->sync);
    /* Condition(m) may name a lock declared further down: resolved at the end */
    const node **lock_arg = il_arena_alloc(&L->tmp, (size_t)n * sizeof *lock_arg);
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
        if (v->kind != N_SCALAR || is_null(v))
            return fail(L, v, "sync object '%s': expected a constructor such as Lock or Semaphore(2), got %s",
                        d->name, v->kind == N_SCALAR ? "nothing" : kind_name(v));
        const ctor_info *ci;
        const char *kw, *arg;
        size_t kwlen, arglen;
        if (read_ctor(v, &ci, &kw, &kwlen, &arg, &arglen))
            return fail(L, v, "unknown sync constructor '%s' for '%s' (supported: " SUPPORTED_CTORS ")",
                        shown(L, v), d->name);
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
        }
        if (ci->kind == IL_SYNC_CONDITION) {
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
        switch (ci->kind) {
        case IL_SYNC_SEMAPHORE:
        case IL_SYNC_BSEMAPHORE:
            if (!arg) val = 1; /* Python's default */
            if (val < 0) return fail(L, v, "semaphore initial value must be >= 0");
            break;
        case IL_SYNC_BARRIER:
            if (!arg) return fail(L, v, "Barrier needs the number of parties: Barrier(n)");
            if (val < 1) return fail(L, v, "barrier needs at least 1 party");
            break;
        case IL_SYNC_QUEUE:
            if (val < 0) val = 0; /* Python: maxsize <= 0 means unbounded */
            break;
        default:
            break;
        }
        d->arg = val;
        p->nsync++;
    }
    for (int i = 0; i < p->nsync; i++) {
        if (!lock_arg[i]) continue;
        const name_ent *e = find_name(L, lock_name[i]);
        if (!e || e->kind != NK_SYNC ||
            (p->sync[e->index].kind != IL_SYNC_LOCK && p->sync[e->index].kind != IL_SYNC_RLOCK))
            return fail(L, lock_arg[i], "Condition(%s): '%s' is not a Lock or RLock",
                        show(L, lock_name[i], strlen(lock_name[i])),
                        show(L, lock_name[i], strlen(lock_name[i])));
        p->sync[i].lock = e->index;
    }
    return 0;
}

/* Declares name0..name{count-1} after the thread's own name. */
static int add_instances(loader *L, const il_thread_decl *t)
{
    const char *what = fmt_tmp(L, "an instance of thread '%s' (count: %d)", t->name, t->count);
    for (int i = 0; i < t->count; i++) {
        const char *nm = fmt_tmp(L, "%s%d", t->name, i);
        if (add_name(L, nm, NK_INSTANCE, i, what, t->line, t->col)) return -1;
    }
    return 0;
}

static int load_threads(loader *L, const node *sec)
{
    il_program *p = L->p;
    if (sec->kind != N_MAP && !is_null(sec))
        return fail(L, sec, "threads: expected a mapping of thread name -> body, got %s", kind_name(sec));
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
        const node *body = v;
        if (v->kind == N_MAP) {
            body = NULL;
            MAP_EACH(v, kk, vv) {
                int64_t c;
                if (key_is(kk, "body")) {
                    body = vv;
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
                    return fail(L, kk, "thread '%s': unknown key '%s' (expected one of: body, count, daemon, timer)",
                                t->name, shown(L, kk));
                }
            }
            if (!body) return fail(L, v, "thread '%s': missing body:", t->name);
        } else if (v->kind != N_SCALAR) {
            return fail(L, v, "thread '%s': expected a body (string) or a mapping with body:, got %s",
                        t->name, kind_name(v));
        }
        if (t->count && add_instances(L, t)) return -1;
        if (parse_body(L, body, what, &t->body)) return -1;
        p->nthreads++;
    }
    return 0;
}

static int load_executor(loader *L, const node *k, const node *sec)
{
    il_program *p = L->p;
    if (sec->kind != N_MAP)
        return fail(L, sec, "executor: expected a mapping with workers: and tasks:, got %s",
                    is_null(sec) ? "nothing" : kind_name(sec));
    p->has_executor = 1;
    p->executor_line = k->line;
    p->executor_col = k->col;
    const node *workers = NULL, *tasks = NULL;
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
    if (tasks->kind != N_SEQ && !is_null(tasks))
        return fail(L, tasks, "executor: tasks: expected a list of tasks, got %s", kind_name(tasks));
    if (tasks->kind != N_SEQ) return 0;
    p->tasks = il_arena_alloc(&p->arena, (size_t)tasks->n * sizeof *p->tasks);
    for (const node *t = tasks->first; t; t = t->next) {
        il_executor_task *task = &p->tasks[p->ntasks];
        task->line = t->line;
        task->col = t->col;
        task->count = 1;
        const char *what = fmt_tmp(L, "executor task %d", p->ntasks + 1);
        const node *body = t;
        if (t->kind == N_MAP) {
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
        } else if (t->kind != N_SCALAR) {
            return fail(L, t, "%s: expected a body (string) or a mapping with body:, got %s", what,
                        kind_name(t));
        }
        if (parse_body(L, body, what, &task->body)) return -1;
        p->ntasks++;
    }
    return 0;
}

static int load_outputs(loader *L, const node *v)
{
    il_expect *x = &L->p->expect;
    il_arena *a = &L->p->arena;
    x->has_outputs = 1;
    if (is_null(v)) return 0;
    if (v->kind != N_SEQ)
        return fail(L, v, "expect: outputs: expected a list of output sequences such as [[1, 1], [1, 2]], got %s",
                    kind_name(v));
    x->output_len = il_arena_alloc(a, (size_t)v->n * sizeof *x->output_len);
    x->outputs = il_arena_alloc(a, (size_t)v->n * sizeof *x->outputs);
    for (const node *o = v->first; o; o = o->next) {
        if (o->kind != N_SEQ)
            return fail(L, o, "expect: outputs: each item must be a list of printed lines such as [1, 2], got %s",
                        kind_name(o));
        const char **items = il_arena_alloc(a, (size_t)o->n * sizeof *items);
        int i = 0;
        for (const node *s = o->first; s; s = s->next, i++) {
            if (s->kind != N_SCALAR)
                return fail(L, s, "expect: outputs: a printed line must be a scalar, got %s", kind_name(s));
            items[i] = il_arena_strndup(a, s->str, s->len); /* as written: [1, 1] = ["1", "1"] */
        }
        x->outputs[x->noutputs] = items;
        x->output_len[x->noutputs++] = o->n;
    }
    return 0;
}

static int load_finals(loader *L, const node *v)
{
    il_program *p = L->p;
    il_expect *x = &p->expect;
    x->has_finals = 1;
    if (is_null(v)) return 0;
    if (v->kind != N_SEQ)
        return fail(L, v, "expect: finals: expected a list of mappings such as [{x: 1}, {x: 2}], got %s",
                    kind_name(v));
    x->finals = il_arena_alloc(&p->arena, (size_t)v->n * sizeof *x->finals);
    for (const node *f = v->first; f; f = f->next) {
        if (f->kind != N_MAP)
            return fail(L, f, "expect: finals: each item must be a mapping of variable -> value such as {x: 1}, got %s",
                        kind_name(f));
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
            if (val->kind == N_SEQ) {
                if (!sd->is_list)
                    return fail(L, val, "finals: '%s' is an integer, not a list", sd->name);
                if (val->n != sd->size)
                    return fail(L, val, "finals: '%s' has %d elements, got %d", sd->name, sd->size, val->n);
                e->vals[i] = il_arena_alloc(&p->arena, (size_t)val->n * sizeof **e->vals);
                int j = 0;
                for (const node *s = val->first; s; s = s->next, j++) {
                    int r = scalar_int(s, 1, &e->vals[i][j]);
                    if (r == INT_RANGE) return fail(L, s, "finals: '%s': integer out of 64-bit range", sd->name);
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
static int load_interleavings(loader *L, const node *v)
{
    il_expect *x = &L->p->expect;
    if (v->kind == N_SCALAR && key_is(v, "infinite")) {
        x->interleavings = "infinite";
        return 0;
    }
    int ok = v->kind == N_SCALAR && v->len > 0;
    for (size_t i = 0; ok && i < v->len; i++) ok = v->str[i] >= '0' && v->str[i] <= '9';
    if (!ok)
        return fail(L, v, "expect: interleavings must be a non-negative integer or \"infinite\"");
    size_t z = 0;
    while (z + 1 < v->len && v->str[z] == '0') z++; /* 007 = 7, as the report writes it */
    x->interleavings = il_arena_strndup(&L->p->arena, v->str + z, v->len - z);
    return 0;
}

static int load_tri(loader *L, const node *v, const char *key, il_tri *out)
{
    int b = 0;
    if (need_bool(L, v, fmt_tmp(L, "expect: %s", key), &b)) return -1;
    *out = b ? IL_TRI_TRUE : IL_TRI_FALSE;
    return 0;
}

static int load_expect(loader *L, const node *key, const node *sec)
{
    il_expect *x = &L->p->expect;
    x->present = 1;
    x->line = key->line;
    x->col = key->col;
    if (section_map(L, sec, "expect", "expectation -> value (outputs, finals, always, ...)")) return -1;
    if (sec->kind != N_MAP) return 0;
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
    return n ? il_arena_strndup(a, base, n) : "program";
}

static int load_top(loader *L, const node *root)
{
    il_program *p = L->p;
    if (!root || is_null(root))
        return fail_at(L, root ? root->line : 1, root ? root->col : 1,
                       "empty program: expected a mapping with threads:");
    if (root->kind != N_MAP)
        return fail(L, root, "the program must be a mapping (name, about, shared, sync, threads, "
                             "executor, expect), got %s", kind_name(root));
    static const char *const keys[] = {"name", "about", "shared", "sync", "threads",
                                       "executor", "expect", NULL};
    enum { K_NAME, K_ABOUT, K_SHARED, K_SYNC, K_THREADS, K_EXECUTOR, K_EXPECT, K_N };
    const node *key[K_N] = {0}, *val[K_N] = {0};
    MAP_EACH(root, k, v) {
        int i = 0;
        while (keys[i] && !key_is(k, keys[i])) i++;
        if (!keys[i])
            return fail(L, k, "unknown top-level key '%s' (expected one of: name, about, shared, sync, "
                              "threads, executor, expect)",
                        shown(L, k));
        key[i] = k;
        val[i] = v;
    }
    if (val[K_NAME]) {
        const node *v = val[K_NAME];
        if (v->kind != N_SCALAR || is_null(v))
            return fail(L, v, "name: expected a string, got %s",
                        v->kind == N_SCALAR ? "nothing" : kind_name(v));
        if (v->len == 0) return fail(L, v, "name: must not be empty");
        p->name = il_arena_strndup(&p->arena, v->str, v->len);
    }
    if (val[K_ABOUT] && !is_null(val[K_ABOUT])) {
        const node *v = val[K_ABOUT];
        if (v->kind != N_SCALAR) return fail(L, v, "about: expected a string, got %s", kind_name(v));
        p->about = il_arena_strndup(&p->arena, v->str, v->len);
    }
    /* An executor alone is a complete program: its workers are threads. */
    if (!val[K_THREADS] && !val[K_EXECUTOR])
        return fail(L, root, "no threads: a program needs at least one thread");
    if (val[K_SHARED] && load_shared(L, val[K_SHARED])) return -1;
    if (val[K_SYNC] && load_sync(L, val[K_SYNC])) return -1;
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
    p->name = default_name(&p->arena, path);
    p->expect.deadlock = p->expect.races = p->expect.errors = IL_TRI_UNSET;
    build_lines(&L);

    int rc = 0;
    size_t bad = bad_utf8((const unsigned char *)L.text, L.len);
    if (bad < L.len) {
        int line, col;
        offset_pos(&L, bad, &line, &col);
        rc = fail_at(&L, line, col, "invalid UTF-8 (byte 0x%02x): a program file must be UTF-8 text",
                     (unsigned char)L.text[bad]);
    }
    node *root = NULL;
    if (rc == 0) rc = build_tree(&L, &root);
    if (rc == 0) rc = load_top(&L, root);

    free(L.lines.items);
    free(L.names);
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
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        il_diag_error(d, 1, 1, "cannot read file: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        il_diag_error(d, 1, 1, "cannot read file: is a directory");
        return NULL;
    }
    /* read to EOF rather than trusting st_size: pipes and /dev/stdin work too */
    il_buf b = {0};
    char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            il_buf_free(&b);
            il_diag_error(d, 1, 1, "cannot read file: %s", strerror(e));
            return NULL;
        }
        if (n == 0) break;
        if (b.len + (size_t)n > MAX_FILE) {
            close(fd);
            il_buf_free(&b);
            il_diag_error(d, 1, 1, "cannot read file: larger than %d MiB", MAX_FILE >> 20);
            return NULL;
        }
        il_buf_putn(&b, chunk, (size_t)n);
    }
    close(fd);
    il_program *p = il_load_program_text(path, b.data ? b.data : "", b.len, d);
    il_buf_free(&b);
    return p;
}
