/* intern.c - hash-consing of strings and output sequences (see intern.h).
 * Open addressing with linear probing over dense id arrays. */
#include "intern.h"

#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "util.h"

typedef struct out_node {
    uint32_t parent, line, len; /* len = number of lines */
} out_node;

struct il_intern {
    IL_VEC(char *) strs;
    IL_VEC(size_t) lens;
    uint32_t *str_tab; /* id + 1, 0 = empty slot */
    size_t str_cap;
    IL_VEC(out_node) outs;
    uint32_t *out_tab;
    size_t out_cap;
};

il_intern *il_intern_new(void)
{
    il_intern *in = il_xcalloc(1, sizeof *in);
    in->str_cap = 64;
    in->str_tab = il_xcalloc(in->str_cap, sizeof(uint32_t));
    in->out_cap = 64;
    in->out_tab = il_xcalloc(in->out_cap, sizeof(uint32_t));
    out_node root = {0, 0, 0};
    IL_VEC_PUSH(in->outs, root); /* id 0: the empty output */
    return in;
}

void il_intern_free(il_intern *in)
{
    if (!in) return;
    for (size_t i = 0; i < in->strs.len; i++) free(in->strs.items[i]);
    free(in->strs.items);
    free(in->lens.items);
    free(in->str_tab);
    free(in->outs.items);
    free(in->out_tab);
    free(in);
}

static uint64_t str_hash(const char *s, size_t n) { return XXH3_64bits(s, n); }

static void str_grow(il_intern *in)
{
    size_t cap = in->str_cap * 2;
    uint32_t *tab = il_xcalloc(cap, sizeof(uint32_t));
    for (size_t i = 0; i < in->strs.len; i++) {
        size_t h = str_hash(in->strs.items[i], in->lens.items[i]) & (cap - 1);
        while (tab[h]) h = (h + 1) & (cap - 1);
        tab[h] = (uint32_t)i + 1;
    }
    free(in->str_tab);
    in->str_tab = tab;
    in->str_cap = cap;
}

uint32_t il_intern_str(il_intern *in, const char *s, size_t n)
{
    size_t h = str_hash(s, n) & (in->str_cap - 1);
    for (uint32_t id; (id = in->str_tab[h]); h = (h + 1) & (in->str_cap - 1))
        if (in->lens.items[id - 1] == n && memcmp(in->strs.items[id - 1], s, n) == 0)
            return id - 1;
    uint32_t id = (uint32_t)in->strs.len;
    IL_VEC_PUSH(in->strs, il_xstrndup(s, n));
    IL_VEC_PUSH(in->lens, n);
    in->str_tab[h] = id + 1;
    if (in->strs.len * 2 > in->str_cap) str_grow(in);
    return id;
}

uint32_t il_intern_find(const il_intern *in, const char *s, size_t n)
{
    size_t h = str_hash(s, n) & (in->str_cap - 1);
    for (uint32_t id; (id = in->str_tab[h]); h = (h + 1) & (in->str_cap - 1))
        if (in->lens.items[id - 1] == n && memcmp(in->strs.items[id - 1], s, n) == 0)
            return id - 1;
    return UINT32_MAX;
}

const char *il_intern_get(const il_intern *in, uint32_t id) { return in->strs.items[id]; }

static size_t out_hash(uint32_t out, uint32_t line)
{
    uint64_t k = ((uint64_t)out << 32) | line;
    return (size_t)XXH3_64bits(&k, sizeof k);
}

static void out_grow(il_intern *in)
{
    size_t cap = in->out_cap * 2;
    uint32_t *tab = il_xcalloc(cap, sizeof(uint32_t));
    for (size_t i = 1; i < in->outs.len; i++) {
        size_t h = out_hash(in->outs.items[i].parent, in->outs.items[i].line) & (cap - 1);
        while (tab[h]) h = (h + 1) & (cap - 1);
        tab[h] = (uint32_t)i;
    }
    free(in->out_tab);
    in->out_tab = tab;
    in->out_cap = cap;
}

uint32_t il_intern_out(il_intern *in, uint32_t out, uint32_t line)
{
    size_t h = out_hash(out, line) & (in->out_cap - 1);
    for (uint32_t id; (id = in->out_tab[h]); h = (h + 1) & (in->out_cap - 1))
        if (in->outs.items[id].parent == out && in->outs.items[id].line == line) return id;
    uint32_t id = (uint32_t)in->outs.len;
    out_node n = {out, line, in->outs.items[out].len + 1};
    IL_VEC_PUSH(in->outs, n);
    in->out_tab[h] = id;
    if (in->outs.len * 2 > in->out_cap) out_grow(in);
    return id;
}

size_t il_intern_out_lines(const il_intern *in, uint32_t out, uint32_t *lines, size_t max)
{
    size_t n = in->outs.items[out].len;
    for (size_t i = n; out != 0; out = in->outs.items[out].parent) {
        i--;
        if (i < max) lines[i] = in->outs.items[out].line;
    }
    return n;
}
