/* ytree.c - libyaml events -> a tree with positions (see ytree.h). The tree
 * is built with an explicit stack, never by recursion, so no input can
 * exhaust the C stack. */
#include "ytree.h"

#include <string.h>
#include <yaml.h>

enum { MAX_DEPTH = 64 }; /* far beyond any trace; keeps hostile input cheap */

/* libyaml reports reader errors (bad UTF-8, control bytes) as a byte offset;
 * lines and columns are what a person can find. */
static void offset_pos(const char *text, size_t len, size_t off, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < off && i < len; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static int parse_failure(const yaml_parser_t *yp, const char *text, size_t len, il_diag *d)
{
    const char *problem = yp->problem ? yp->problem : "cannot parse";
    if (yp->error == YAML_MEMORY_ERROR) {
        il_diag_error(d, 1, 1, "out of memory while reading YAML");
    } else if (yp->error == YAML_READER_ERROR) {
        int line, col;
        offset_pos(text, len, yp->problem_offset, &line, &col);
        il_diag_error(d, line, col, "%s", problem);
    } else if (yp->context) {
        il_diag_error(d, (int)yp->problem_mark.line + 1, (int)yp->problem_mark.column + 1,
                      "YAML syntax error: %s (%s at %d:%d)", problem, yp->context,
                      (int)yp->context_mark.line + 1, (int)yp->context_mark.column + 1);
    } else {
        il_diag_error(d, (int)yp->problem_mark.line + 1, (int)yp->problem_mark.column + 1,
                      "YAML syntax error: %s", problem);
    }
    return -1;
}

const char *il_ykind_name(const il_ynode *n)
{
    if (!n) return "nothing";
    switch (n->kind) {
    case IL_Y_SEQ: return "a sequence";
    case IL_Y_MAP: return "a mapping";
    default: return "a scalar";
    }
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

/* Reports the duplicate that comes first in the file, naming where its key
 * first appeared. */
static int check_dup_keys(const il_ynode *m, il_diag *d)
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
    free(ks);
    if (!dup) return 0;
    il_diag_error(d, dup->line, dup->col, "duplicate key '%.60s' (first at %d:%d)", dup->str,
                  orig->line, orig->col);
    return -1;
}

static il_ynode *new_node(il_ytree *t, il_ykind k, const yaml_mark_t *m)
{
    il_ynode *n = il_arena_alloc(&t->arena, sizeof *n);
    n->kind = k;
    n->line = (int)m->line + 1;
    n->col = (int)m->column + 1;
    return n;
}

static int attach(il_ytree *t, il_ynode *parent, il_ynode *child, il_diag *d)
{
    if (!parent) {
        t->root = child;
        return 0;
    }
    if (parent->kind == IL_Y_MAP && parent->n % 2 == 0 && child->kind != IL_Y_SCALAR) {
        il_diag_error(d, child->line, child->col, "mapping keys must be names, not %s",
                      il_ykind_name(child));
        return -1;
    }
    if (parent->last) parent->last->next = child;
    else parent->first = child;
    parent->last = child;
    parent->n++;
    return 0;
}

static int refuse_extras(const yaml_event_t *ev, const yaml_char_t *anchor,
                         const yaml_char_t *tag, il_diag *d)
{
    int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
    if (anchor) {
        il_diag_error(d, line, col, "YAML anchors are not supported (&%.60s)", (const char *)anchor);
        return -1;
    }
    if (tag) {
        il_diag_error(d, line, col, "YAML tags are not supported (%.60s)", (const char *)tag);
        return -1;
    }
    return 0;
}

int il_ytree_parse(il_ytree *t, const char *text, size_t len, il_diag *d)
{
    yaml_parser_t yp;
    IL_VEC(il_ynode *) stack = {0};
    int ndocs = 0, rc = 0, done = 0;
    il_arena_init(&t->arena);
    t->root = NULL;
    if (!yaml_parser_initialize(&yp)) {
        il_diag_error(d, 1, 1, "out of memory while reading YAML");
        return -1;
    }
    yaml_parser_set_input_string(&yp, (const unsigned char *)text, len);
    while (!done && rc == 0) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&yp, &ev)) {
            rc = parse_failure(&yp, text, len, d);
            break;
        }
        il_ynode *top = stack.len ? stack.items[stack.len - 1] : NULL, *n;
        int line = (int)ev.start_mark.line + 1, col = (int)ev.start_mark.column + 1;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++ndocs > 1) {
                il_diag_error(d, line, col, "more than one YAML document: a file holds exactly one");
                rc = -1;
            }
            break;
        case YAML_ALIAS_EVENT:
            il_diag_error(d, line, col, "YAML aliases are not supported (*%.60s)",
                          (const char *)ev.data.alias.anchor);
            rc = -1;
            break;
        case YAML_SCALAR_EVENT:
            rc = refuse_extras(&ev, ev.data.scalar.anchor, ev.data.scalar.tag, d);
            if (rc) break;
            /* "t1\0x" would read as t1 wherever the text is used as a C string */
            if (memchr(ev.data.scalar.value, '\0', ev.data.scalar.length)) {
                il_diag_error(d, line, col, "a NUL character (\\0) in a string is not supported");
                rc = -1;
                break;
            }
            n = new_node(t, IL_Y_SCALAR, &ev.start_mark);
            n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            n->str = il_arena_strndup(&t->arena, (const char *)ev.data.scalar.value,
                                      ev.data.scalar.length);
            n->len = ev.data.scalar.length;
            rc = attach(t, top, n, d);
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (ev.type == YAML_SEQUENCE_START_EVENT)
                rc = refuse_extras(&ev, ev.data.sequence_start.anchor, ev.data.sequence_start.tag, d);
            else
                rc = refuse_extras(&ev, ev.data.mapping_start.anchor, ev.data.mapping_start.tag, d);
            if (rc) break;
            if (stack.len >= MAX_DEPTH) {
                il_diag_error(d, line, col, "nesting too deep (more than %d levels)", MAX_DEPTH);
                rc = -1;
                break;
            }
            n = new_node(t, ev.type == YAML_SEQUENCE_START_EVENT ? IL_Y_SEQ : IL_Y_MAP,
                         &ev.start_mark);
            rc = attach(t, top, n, d);
            if (rc == 0) IL_VEC_PUSH(stack, n);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (stack.len) {
                stack.len--;
                if (top->kind == IL_Y_MAP) rc = check_dup_keys(top, d);
            }
            break;
        default: /* stream start, document end */
            break;
        }
        yaml_event_delete(&ev);
    }
    free(stack.items);
    yaml_parser_delete(&yp);
    if (rc) t->root = NULL;
    return rc;
}

void il_ytree_free(il_ytree *t)
{
    il_arena_free(&t->arena);
    t->root = NULL;
}
