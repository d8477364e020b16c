/* ytree.c - libyaml events -> a tree with positions (see ytree.h). The tree
 * is built with an explicit stack, never by recursion, so no input can
 * exhaust the C stack. */
#include "ytree.h"

#include <string.h>
#include <yaml.h>

/* Far beyond any file we write; keeps hostile input cheap. */
enum { TRACE_DEPTH = 64, PROGRAM_DEPTH = 1000 };

typedef struct yparse {
    il_ytree *t;
    const char *text;
    size_t len;
    int program; /* IL_YPROGRAM: its checks and wording (ytree.h) */
    il_diag *d;
} yparse;

/* One message, and -1: the first problem ends the parse. */
#define fail(P, line, col, ...) (il_diag_error((P)->d, (line), (col), __VA_ARGS__), -1)

static const char *show(const yparse *P, const char *s, size_t len)
{
    return il_show(&P->t->arena, s, len);
}

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

/* Offset of the first NEL (U+0085), LS (U+2028) or PS (U+2029), or n, with
 * its code point in *cp. YAML 1.1 (libyaml, PyYAML) reads each as a line
 * break, editors and Python do not: every line number after one would be
 * off by one from what the user sees. */
static size_t yaml_only_break(const unsigned char *s, size_t n, unsigned *cp)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] == 0xC2 && s[i + 1] == 0x85) {
            *cp = 0x85;
            return i;
        }
        if (s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
            *cp = s[i + 2] == 0xA8 ? 0x2028 : 0x2029;
            return i;
        }
    }
    return n;
}

/* libyaml reports reader errors (bad UTF-8, control bytes) as a byte offset;
 * lines and columns (in characters) are what a person can find. */
static void offset_pos(const yparse *P, size_t off, int *line, int *col)
{
    const size_t *ls = P->t->line_start;
    size_t l = 0, start = 0;
    if (P->program) {
        size_t hi = P->t->nlines; /* find the last line start <= off */
        while (hi - l > 1) {
            size_t mid = l + (hi - l) / 2;
            if (ls[mid] <= off) l = mid; else hi = mid;
        }
        start = ls[l] <= off ? ls[l] : 0; /* within a byte order mark */
    } else {
        for (size_t i = 0; i < off && i < P->len; i++)
            if (P->text[i] == '\n') l++, start = i + 1;
    }
    int c = 1;
    for (size_t i = start; i < off && i < P->len; i++)
        if (((unsigned char)P->text[i] & 0xC0) != 0x80) c++;
    *line = (int)l + 1;
    *col = c;
}

/* 1 when the mark (0-based line, column in characters) is on a tab with
 * only spaces before it on its line. A byte order mark counts as text
 * before a tab on line 1, as it always has. */
static int tab_in_indent(const yparse *P, const yaml_mark_t *m)
{
    if (m->line >= P->t->nlines) return 0;
    size_t i = P->t->line_start[m->line];
    for (size_t c = 0; c < m->column && i < P->len; c++)
        do i++; while (i < P->len && ((unsigned char)P->text[i] & 0xC0) == 0x80);
    if (i >= P->len || P->text[i] != '\t') return 0;
    for (i = m->line ? P->t->line_start[m->line] : 0; i < P->len && P->text[i] != '\t'; i++)
        if (P->text[i] != ' ') return 0;
    return 1;
}

/* libyaml forgets a key whose ':' comes more than 1024 characters after
 * its start (the YAML spec's simple-key limit), then says "mapping values
 * are not allowed" at the ':' or "could not find expected ':'" at the key:
 * neither says why. Given the mark of the ':' (colon) or of the key, finds
 * the key on that line and returns its length in characters when over the
 * limit (its column, 1-based, in *kcol), else 0. */
enum { YAML_KEY_MAX = 1024 };

static size_t long_key(const yparse *P, const yaml_mark_t *m, int colon, int *kcol)
{
    if (m->line >= P->t->nlines) return 0;
    size_t ls = P->t->line_start[m->line], end = ls, at = ls;
    while (end < P->len && P->text[end] != '\n' && P->text[end] != '\r') end++;
    for (size_t c = 0; c < m->column && at < end; c++) /* the mark as a byte offset */
        do at++; while (at < end && ((unsigned char)P->text[at] & 0xC0) == 0x80);
    size_t ks = at, ke = at; /* the key: [ks, ke) then ':' */
    if (colon && (at >= end || P->text[at] != ':')) return 0;
    if (colon) {
        size_t i = at;
        while (i > ls && (P->text[i - 1] == ' ' || P->text[i - 1] == '\t')) i--;
        if (i > ls && (P->text[i - 1] == '"' || P->text[i - 1] == '\'')) {
            char q = P->text[--i];
            while (i > ls && P->text[i - 1] != q) i--;
            ks = i > ls ? i - 1 : ls;
        } else {
            while (i > ls && !strchr("{[,", P->text[i - 1])) i--;
            while (i < at && (P->text[i] == ' ' || ((P->text[i] == '-' || P->text[i] == '?') &&
                                                     i + 1 < at && P->text[i + 1] == ' ')))
                i++;
            ks = i;
        }
    } else {
        while (ke < end && !(P->text[ke] == ':' && (ke + 1 == end || P->text[ke + 1] == ' ' ||
                                                    P->text[ke + 1] == '\t')))
            ke++;
        if (ke == end) return 0;
    }
    size_t n = 0, kc = 0;
    for (size_t i = ls; i < ks; i++) kc += ((unsigned char)P->text[i] & 0xC0) != 0x80;
    for (size_t i = ks; i < ke; i++) n += ((unsigned char)P->text[i] & 0xC0) != 0x80;
    *kcol = (int)kc + 1;
    return n > YAML_KEY_MAX ? n : 0;
}

static int parse_failure(const yparse *P, const yaml_parser_t *yp)
{
    const char *problem = yp->problem ? yp->problem : "cannot parse";
    int line = (int)yp->problem_mark.line + 1, col = (int)yp->problem_mark.column + 1;
    if (yp->error == YAML_MEMORY_ERROR) return fail(P, 1, 1, "out of memory while reading YAML");
    if (yp->error == YAML_READER_ERROR) {
        offset_pos(P, yp->problem_offset, &line, &col);
        if (P->program && yp->problem_value >= 0)
            return fail(P, line, col, "%s (byte 0x%02x)", problem, yp->problem_value & 0xFF);
        return fail(P, line, col, "%s", problem);
    }
    if (P->program) {
        /* libyaml's words for a tab before a key say nothing about tabs */
        if (tab_in_indent(P, &yp->problem_mark))
            return fail(P, line, col, "YAML syntax error: tab in indentation: use spaces");
        int kcol = 1, kline = line;
        size_t klen = 0;
        if (strcmp(problem, "mapping values are not allowed in this context") == 0 ||
            strcmp(problem, "did not find expected ',' or '}'") == 0) {
            klen = long_key(P, &yp->problem_mark, 1, &kcol);
        } else if (yp->context && strcmp(problem, "could not find expected ':'") == 0) {
            klen = long_key(P, &yp->context_mark, 0, &kcol);
            kline = (int)yp->context_mark.line + 1;
        }
        if (klen)
            return fail(P, kline, kcol,
                        "a key (a name) longer than %d characters is not supported, this one has "
                        "%zu: the YAML reader's limit", YAML_KEY_MAX, klen);
        /* a simple key without its ':' is noticed where the scan gave up,
         * often lines later (or past the end): point at the key itself */
        if (yp->context && strcmp(problem, "could not find expected ':'") == 0 &&
            strcmp(yp->context, "while scanning a simple key") == 0)
            return fail(P, (int)yp->context_mark.line + 1, (int)yp->context_mark.column + 1,
                        "YAML syntax error: could not find expected ':' after this key "
                        "(a line in a mapping must be `key: value`)");
    }
    if (yp->context)
        return fail(P, line, col, "YAML syntax error: %s (%s at %d:%d)", problem, yp->context,
                    (int)yp->context_mark.line + 1, (int)yp->context_mark.column + 1);
    return fail(P, line, col, "YAML syntax error: %s", problem);
}

const char *il_ykind_name(const il_ynode *n)
{
    if (!n) return "nothing";
    switch (n->kind) {
    case IL_Y_SEQ: return "a sequence";
    case IL_Y_MAP: return "a mapping";
    case IL_Y_SCALAR: break;
    }
    return "a scalar";
}

il_ynode *il_ymap_get(const il_ynode *map, const char *key)
{
    if (!map || map->kind != IL_Y_MAP) return NULL;
    size_t n = strlen(key);
    for (il_ynode *k = map->first; k && k->next; k = k->next->next)
        if (k->len == n && memcmp(k->str, key, n) == 0) return k->next;
    return NULL;
}

/* Keys sorted by text, equal keys in file order, so each group of equal keys
 * starts with the first occurrence. Sorting keeps a hostile mapping with many
 * keys at n log n. */
static int before(const il_ynode *x, const il_ynode *y)
{
    return x->line != y->line ? (x->line > y->line) - (x->line < y->line)
                              : (x->col > y->col) - (x->col < y->col);
}

static int same_key(const il_ynode *x, const il_ynode *y)
{
    return x->len == y->len && memcmp(x->str, y->str, x->len) == 0;
}

static int key_cmp(const void *a, const void *b)
{
    const il_ynode *x = *(il_ynode *const *)a, *y = *(il_ynode *const *)b;
    size_t m = x->len < y->len ? x->len : y->len;
    int r = memcmp(x->str, y->str, m);
    if (r) return r;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    return before(x, y);
}

/* Duplicate keys are errors (D9). Reports the duplicate that comes first in
 * the file, naming where its key first appeared. */
static int check_dup_keys(const yparse *P, const il_ynode *m)
{
    size_t n = m->n / 2;
    if (n < 2) return 0;
    const il_ynode **ks = il_xmalloc(n * sizeof *ks);
    size_t i = 0;
    for (const il_ynode *k = m->first; k && k->next; k = k->next->next) ks[i++] = k;
    qsort(ks, n, sizeof *ks, key_cmp);
    const il_ynode *dup = NULL, *orig = NULL;
    size_t group = 0;
    for (i = 1; i < n; i++) {
        if (!same_key(ks[i], ks[i - 1])) {
            group = i;
        } else if (i == group + 1 && (!dup || before(ks[i], dup) < 0)) {
            dup = ks[i];
            orig = ks[group];
        }
    }
    il_free(ks);
    if (!dup) return 0;
    if (P->program)
        return fail(P, dup->line, dup->col, "duplicate key '%s' (first at %d:%d)",
                    show(P, dup->str, dup->len), orig->line, orig->col);
    return fail(P, dup->line, dup->col, "duplicate key '%.60s' (first at %d:%d)", dup->str,
                orig->line, orig->col);
}

static il_ynode *new_node(il_ytree *t, il_ykind k, const yaml_mark_t *m)
{
    il_ynode *n = il_arena_alloc(&t->arena, sizeof *n);
    n->kind = k;
    n->line = (int)m->line + 1;
    n->col = (int)m->column + 1;
    return n;
}

static int attach(const yparse *P, il_ynode *parent, il_ynode *child)
{
    if (!parent) {
        P->t->root = child;
        return 0;
    }
    if (parent->kind == IL_Y_MAP && parent->n % 2 == 0 && child->kind != IL_Y_SCALAR)
        return fail(P, child->line, child->col, "mapping keys must be names, not %s",
                    il_ykind_name(child));
    if (parent->last) parent->last->next = child;
    else parent->first = child;
    parent->last = child;
    parent->n++;
    return 0;
}

/* Anchors and tags come with the node's event; refusing them keeps the tree
 * a tree and every scalar's meaning the one written. */
static int refuse_extras(const yparse *P, const yaml_event_t *ev, const yaml_char_t *anchor,
                         const yaml_char_t *tag)
{
    int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
    const char *a = (const char *)anchor, *g = (const char *)tag;
    if (a && P->program)
        return fail(P, line, col, "YAML aliases are not supported (anchor '&%s')", show(P, a, strlen(a)));
    if (a) return fail(P, line, col, "YAML anchors are not supported (&%.60s)", a);
    if (g && P->program)
        return fail(P, line, col, "YAML tags are not supported ('%s')", show(P, g, strlen(g)));
    if (g) return fail(P, line, col, "YAML tags are not supported (%.60s)", g);
    return 0;
}

/* The events of the one document -> the tree; an explicit stack, no recursion. */
static int build(const yparse *P, yaml_parser_t *yp)
{
    IL_VEC(il_ynode *) stack = {0};
    int ndocs = 0, rc = 0, done = 0;
    size_t max_depth = P->program ? PROGRAM_DEPTH : TRACE_DEPTH;
    while (!done && rc == 0) {
        yaml_event_t ev;
        if (!yaml_parser_parse(yp, &ev)) {
            rc = parse_failure(P, yp);
            break;
        }
        il_ynode *top = stack.len ? stack.items[stack.len - 1] : NULL, *n;
        int line = (int)ev.start_mark.line + 1, col = (int)ev.start_mark.column + 1;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++ndocs > 1)
                rc = fail(P, line, col, "more than one YAML document: %s holds exactly one",
                          P->program ? "a program file" : "a file");
            break;
        case YAML_ALIAS_EVENT: {
            const char *alias = (const char *)ev.data.alias.anchor;
            if (P->program)
                rc = fail(P, line, col, "YAML aliases are not supported (alias '*%s')",
                          show(P, alias, strlen(alias)));
            else
                rc = fail(P, line, col, "YAML aliases are not supported (*%.60s)", alias);
            break;
        }
        case YAML_SCALAR_EVENT:
            /* an implicit tag is what libyaml reports for `!` alone: refuse too */
            rc = refuse_extras(P, &ev, ev.data.scalar.anchor, ev.data.scalar.tag);
            if (rc) break;
            /* "t1\0x" would read as t1 wherever the text is used as a C string
             * (a name, an expected output "1\0x" passing as "1"): programs too */
            if (memchr(ev.data.scalar.value, '\0', ev.data.scalar.length)) {
                rc = fail(P, line, col, "a NUL character (\\0) in a string is not supported");
                break;
            }
            n = new_node(P->t, IL_Y_SCALAR, &ev.start_mark);
            n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            n->block = ev.data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
                       ev.data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
            n->style = 'p';
            switch (ev.data.scalar.style) {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: n->style = '\''; break;
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: n->style = '"'; break;
            case YAML_LITERAL_SCALAR_STYLE: n->style = '|'; break;
            case YAML_FOLDED_SCALAR_STYLE: n->style = '>'; break;
            case YAML_PLAIN_SCALAR_STYLE:
            case YAML_ANY_SCALAR_STYLE: /* the parser never reports it */
                break;
            }
            n->str = il_arena_strndup(&P->t->arena, (const char *)ev.data.scalar.value,
                                      ev.data.scalar.length);
            n->len = ev.data.scalar.length;
            rc = attach(P, top, n);
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (ev.type == YAML_SEQUENCE_START_EVENT)
                rc = refuse_extras(P, &ev, ev.data.sequence_start.anchor, ev.data.sequence_start.tag);
            else
                rc = refuse_extras(P, &ev, ev.data.mapping_start.anchor, ev.data.mapping_start.tag);
            if (rc) break;
            if (stack.len >= max_depth) {
                rc = fail(P, line, col, "nesting too deep (more than %zu levels)", max_depth);
                break;
            }
            n = new_node(P->t, ev.type == YAML_SEQUENCE_START_EVENT ? IL_Y_SEQ : IL_Y_MAP,
                         &ev.start_mark);
            rc = attach(P, top, n);
            if (rc == 0) IL_VEC_PUSH(stack, n);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (stack.len) {
                stack.len--;
                if (top->kind == IL_Y_MAP) rc = check_dup_keys(P, top);
            }
            break;
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
        case YAML_NO_EVENT: /* not from a successful yaml_parser_parse */
            break;
        }
        yaml_event_delete(&ev);
    }
    il_free(stack.items);
    return rc;
}

static int parse(const yparse *P)
{
    yaml_parser_t yp;
    if (!yaml_parser_initialize(&yp)) return fail(P, 1, 1, "out of memory while reading YAML");
    yaml_parser_set_input_string(&yp, (const unsigned char *)P->text, P->len);
    int rc = build(P, &yp);
    yaml_parser_delete(&yp);
    if (rc) P->t->root = NULL;
    return rc;
}

int il_ytree_parse(il_ytree *t, const char *text, size_t len, il_yfile f, il_diag *d)
{
    yparse P = {t, text, len, f == IL_YPROGRAM, d};
    il_arena_init(&t->arena);
    t->root = NULL;
    t->line_start = NULL;
    t->nlines = 0;
    unsigned cp = 0;
    size_t brk = yaml_only_break((const unsigned char *)text, len, &cp);
    if (brk < len && !P.program) {
        int line, col;
        offset_pos(&P, brk, &line, &col);
        return fail(&P, line, col, "character U+%04X is not allowed: YAML reads it as a line break, "
                                   "editors do not (write \\u%04X in a double-quoted string)", cp, cp);
    }
    if (!P.program) return parse(&P);
    t->nlines = il_line_starts(text, len, NULL);
    size_t *ls = il_arena_alloc(&t->arena, t->nlines * sizeof *ls);
    il_line_starts(text, len, ls);
    t->line_start = ls;
    size_t bad = bad_utf8((const unsigned char *)text, len);
    if (bad < len) {
        int line, col;
        offset_pos(&P, bad, &line, &col);
        return fail(&P, line, col, "invalid UTF-8 (byte 0x%02x): a program file must be UTF-8 text",
                    (unsigned char)text[bad]);
    }
    if (brk < len) {
        int line, col;
        offset_pos(&P, brk, &line, &col);
        return fail(&P, line, col, "character U+%04X is not allowed: YAML reads it as a line break, "
                                   "editors and Python do not (write \\u%04X in a double-quoted string)",
                    cp, cp);
    }
    return parse(&P);
}

void il_ytree_free(il_ytree *t)
{
    il_arena_free(&t->arena);
    t->root = NULL;
    t->line_start = NULL;
    t->nlines = 0;
}
