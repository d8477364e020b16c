/* intern.c - hash-consing of strings and output sequences (see intern.h),
 * two hash sets (hashset.h). A string's key is its bytes (the set keeps a
 * zero after each key: the key is the C string il_intern_get returns). An
 * output's key is (previous output id, line id); id 0, the empty output, is
 * a key no output has (a previous id past every one), added first. */
#include "intern.h"

#include <string.h>

#include "hashset.h"
#include "util.h"

struct il_intern {
    il_hashset strs;
    il_hashset outs;         /* keys: uint32 {parent, line} */
    IL_VEC(uint32_t) nlines; /* per output: its number of lines */
};

il_intern *il_intern_new(void)
{
    il_intern *in = il_xcalloc(1, sizeof *in);
    il_hashset_fixed(&in->outs, 2 * sizeof(uint32_t));
    uint32_t root[2] = {UINT32_MAX, UINT32_MAX};
    il_hashset_add(&in->outs, root, sizeof root, NULL); /* id 0: the empty output */
    IL_VEC_PUSH(in->nlines, 0);
    return in;
}

void il_intern_free(il_intern *in)
{
    if (!in) return;
    il_hashset_free(&in->strs);
    il_hashset_free(&in->outs);
    il_free(in->nlines.items);
    il_free(in);
}

uint32_t il_intern_str(il_intern *in, const char *s, size_t n)
{
    return il_hashset_add(&in->strs, s, n, NULL);
}

uint32_t il_intern_find(const il_intern *in, const char *s, size_t n)
{
    return il_hashset_find(&in->strs, s, n);
}

const char *il_intern_get(const il_intern *in, uint32_t id) { return il_hashset_key(&in->strs, id); }

uint32_t il_intern_out(il_intern *in, uint32_t out, uint32_t line)
{
    uint32_t key[2] = {out, line};
    int added;
    uint32_t id = il_hashset_add(&in->outs, key, sizeof key, &added);
    if (added) IL_VEC_PUSH(in->nlines, in->nlines.items[out] + 1);
    return id;
}

uint32_t il_intern_out_last(const il_intern *in, uint32_t out, uint32_t *prev)
{
    const uint32_t *key = il_hashset_key(&in->outs, out);
    *prev = key[0];
    return key[1];
}

size_t il_intern_out_lines(const il_intern *in, uint32_t out, uint32_t *lines, size_t max)
{
    size_t n = in->nlines.items[out];
    for (size_t i = n; out != 0;) {
        const uint32_t *key = il_hashset_key(&in->outs, out);
        i--;
        if (i < max) lines[i] = key[1];
        out = key[0];
    }
    return n;
}
