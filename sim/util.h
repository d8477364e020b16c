/* util.h - small shared helpers: checked allocation, an arena, growable
 * vectors. Ownership: an arena owns every block it hands out; il_arena_free
 * releases them all at once. Vectors own their items array. */
#ifndef IL_UTIL_H
#define IL_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* Allocation that reports out-of-memory and exits(4) instead of crashing. */
void *il_xmalloc(size_t n);
void *il_xcalloc(size_t n, size_t size);
void *il_xrealloc(void *p, size_t n);
char *il_xstrdup(const char *s);
char *il_xstrndup(const char *s, size_t n);

/* Bump allocator for the AST and program model: freed in one go. */
typedef struct il_arena_chunk il_arena_chunk;
typedef struct il_arena {
    il_arena_chunk *head; /* newest chunk first */
} il_arena;

void il_arena_init(il_arena *a);
void *il_arena_alloc(il_arena *a, size_t n);          /* zeroed, 16-aligned */
char *il_arena_strndup(il_arena *a, const char *s, size_t n);
char *il_arena_strdup(il_arena *a, const char *s);
void il_arena_free(il_arena *a);

/* Typed growable array: IL_VEC(int) v = {0}; IL_VEC_PUSH(v, 3); free(v.items) */
#define IL_VEC(T) struct { T *items; size_t len, cap; }
#define IL_VEC_GROW(v, need)                                                   \
    do {                                                                       \
        if ((need) > (v).cap) {                                                \
            size_t nc_ = (v).cap ? (v).cap * 2 : 8;                            \
            while (nc_ < (need)) nc_ *= 2;                                     \
            (v).items = il_xrealloc((v).items, nc_ * sizeof *(v).items);       \
            (v).cap = nc_;                                                     \
        }                                                                      \
    } while (0)
#define IL_VEC_PUSH(v, x)                                                      \
    do {                                                                       \
        IL_VEC_GROW(v, (v).len + 1);                                           \
        (v).items[(v).len++] = (x);                                            \
    } while (0)

/* Stable merge sort with a context argument (qsort has none, and is not
 * stable): O(n log n) however many outcomes or findings there are. */
void il_sort(void *base, size_t n, size_t size,
             int (*cmp)(const void *a, const void *b, void *ctx), void *ctx);

/* Growable string buffer (always NUL-terminated when data != NULL). */
typedef struct il_buf {
    char *data;
    size_t len, cap;
} il_buf;
void il_buf_putc(il_buf *b, char c);
void il_buf_puts(il_buf *b, const char *s);
void il_buf_putn(il_buf *b, const char *s, size_t n);
void il_buf_printf(il_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void il_buf_free(il_buf *b);

#endif
