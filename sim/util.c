/* util.c - allocation helpers, arena and string buffer (see util.h). */
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void oom(size_t n)
{
    fprintf(stderr, "interleave: error: out of memory (allocating %zu bytes)\n", n);
    exit(4);
}

void *il_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) oom(n);
    return p;
}

void *il_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) oom(n * size);
    return p;
}

void *il_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) oom(n);
    return q;
}

char *il_xstrndup(const char *s, size_t n)
{
    char *p = il_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *il_xstrdup(const char *s) { return il_xstrndup(s, strlen(s)); }

/* Chunks are at least 64 KiB; a larger request gets a chunk of its own. */
struct il_arena_chunk {
    il_arena_chunk *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

void il_arena_init(il_arena *a) { a->head = NULL; }

void *il_arena_alloc(il_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    il_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        c = il_xmalloc(sizeof *c + cap);
        c->used = 0;
        c->cap = cap;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

char *il_arena_strndup(il_arena *a, const char *s, size_t n)
{
    char *p = il_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *il_arena_strdup(il_arena *a, const char *s)
{
    return il_arena_strndup(a, s, strlen(s));
}

void il_arena_free(il_arena *a)
{
    il_arena_chunk *c = a->head;
    while (c) {
        il_arena_chunk *n = c->next;
        free(c);
        c = n;
    }
    a->head = NULL;
}

static void buf_reserve(il_buf *b, size_t extra)
{
    if (b->len + extra + 1 > b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 64;
        while (nc < b->len + extra + 1) nc *= 2;
        b->data = il_xrealloc(b->data, nc);
        b->cap = nc;
    }
}

void il_buf_putn(il_buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void il_buf_putc(il_buf *b, char c) { il_buf_putn(b, &c, 1); }
void il_buf_puts(il_buf *b, const char *s) { il_buf_putn(b, s, strlen(s)); }

void il_buf_printf(il_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void il_buf_free(il_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static void merge_pass(char *a, char *tmp, size_t n, size_t size,
                       int (*cmp)(const void *, const void *, void *), void *ctx)
{
    if (n < 2) return;
    size_t h = n / 2;
    merge_pass(a, tmp, h, size, cmp, ctx);
    merge_pass(a + h * size, tmp, n - h, size, cmp, ctx);
    if (cmp(a + (h - 1) * size, a + h * size, ctx) <= 0) return; /* already in order */
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        if (cmp(a + j * size, a + i * size, ctx) < 0) memcpy(tmp + k++ * size, a + j++ * size, size);
        else memcpy(tmp + k++ * size, a + i++ * size, size);
    }
    while (i < h) memcpy(tmp + k++ * size, a + i++ * size, size);
    while (j < n) memcpy(tmp + k++ * size, a + j++ * size, size);
    memcpy(a, tmp, n * size);
}

void il_sort(void *base, size_t n, size_t size,
             int (*cmp)(const void *a, const void *b, void *ctx), void *ctx)
{
    if (n < 2) return;
    char *tmp = il_xmalloc(n * size);
    merge_pass(base, tmp, n, size, cmp, ctx);
    free(tmp);
}
