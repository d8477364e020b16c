/* util.h - small shared helpers: checked allocation, an arena, growable
 * vectors. Ownership: an arena owns every block it hands out; il_arena_free
 * releases them all at once. Vectors own their items array. */
#ifndef IL_UTIL_H
#define IL_UTIL_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* Allocation that never returns NULL: a refused allocation is "out of
 * memory", which ends the API call in progress (il_oom_jump). */
void *il_xmalloc(size_t n);
void *il_xcalloc(size_t n, size_t size);
void *il_xrealloc(void *p, size_t n);
/* Gives back a block of il_xmalloc, il_xcalloc, il_xrealloc or
 * il_xstrdup: through the configuration's allocator when there is one
 * (realloc(ptr, 0)'s meaning), else free(). NULL is nothing. */
void il_free(void *p);
char *il_xstrdup(const char *s);
char *il_xstrndup(const char *s, size_t n);
/* The same for a structure that cannot grow further (e.g. an address
 * space that would overflow): "out of memory (what)". Records the message
 * (il_oom_message) and longjmps to il_oom_jump, which the API arms around
 * every call (so the engine neither prints nor exits, and the call returns
 * INTERLEAVE_NOMEM); abort()s when nothing armed it. */
_Noreturn void il_out_of_memory(const char *what);
extern jmp_buf *il_oom_jump;
/* "out of memory (allocating N bytes; --max-memory is 16M)". */
const char *il_oom_message(void);
/* The allocator of the configuration (interleave_config.alloc), called
 * as realloc; NULL: realloc itself. Blocks are released with free(). */
extern void *(*il_alloc_fn)(void *ud, void *ptr, size_t size);
extern void *il_alloc_ud;
/* Set by limits.c while loading runs under its guard: called with 0 every
 * 256 allocations (and each of 64 KiB or more) and with 1 when one fails,
 * before il_out_of_memory's jump; it may longjmp itself (limit.h). NULL
 * otherwise. */
extern void (*il_alloc_hook)(int failed);

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

/* Line starts as libyaml counts lines, so that its marks (and the positions
 * taken from them) index the result: breaks are CR LF, CR, LF, NEL, LS and
 * PS, and line 1 starts after a UTF-8 byte order mark. Writes each line's
 * byte offset to starts unless it is NULL, and returns how many lines there
 * are: call once to size the array, once to fill it. */
size_t il_line_starts(const char *text, size_t len, size_t *starts);

/* A user string fit for a message, in a: at most 60 bytes cut at a whole
 * character (then "..."), control characters (C0, DEL, C1) shown as '?'. */
const char *il_show(il_arena *a, const char *s, size_t len);

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
/* Appends s in double quotes, with \" \\ \n \r \t and \xHH for other control
 * bytes, so an output line that is empty or holds spaces stays readable. */
void il_buf_put_quoted(il_buf *b, const char *s);
/* Bytes of the well-formed UTF-8 character at s (1 for ASCII), or 0. */
size_t il_utf8_char(const char *s);
/* The character at s (not its NUL): returns the bytes it takes (1 for a
 * byte that is not UTF-8) and sets *unsafe when a terminal could act on it
 * (a C0 control, DEL, a C1 control U+0080..U+009F, ESC's 8-bit forms, or
 * not UTF-8), *code to what \xHH then shows (the byte, or the C1 code
 * point). il_buf_put_quoted escapes those too. */
size_t il_display_char(const char *s, int *unsafe, unsigned *code);
/* Appends s (NULL: "") unquoted for a terminal: what il_display_char
 * finds as \xHH and a backslash as \\, so that a name such as a program's
 * can neither inject escape sequences nor pass for another. */
void il_buf_put_display(il_buf *b, const char *s);

/* Reads a whole input file (a program, a trace) into out, at most max
 * bytes. Only a regular file is read: a FIFO, a device or a socket could
 * block forever or never end, and is refused without blocking; so is a
 * directory. The one exception is the standard input named as a file
 * (/dev/stdin), read to its end: the user is feeding it. 0, or -1 with
 * errno set (IL_ENOTREG for "not a regular file"; il_file_error words it). */
#define IL_ENOTREG 0x4e52 /* not a system errno */
int il_read_input_file(const char *path, size_t max, il_buf *out);
/* strerror, but also IL_ENOTREG and EFBIG in the words of the messages. */
const char *il_file_error(int e);

/* Memory budgets (interleave_config.memory_budget; --max-memory). */
/* "512M", "17.2G": at most one decimal, into buf. */
void il_format_size(uint64_t n, char *buf, size_t len);
/* The default budget: 75% of the memory this process can have (physical
 * RAM, or less under a cgroup memory limit or a ulimit -v / -d). */
uint64_t il_memory_default(void);
/* Makes allocations beyond the budget (on top of what the process holds
 * already) fail, reported as out of memory (il_out_of_memory), instead of waking the
 * kernel's OOM killer: lowers the soft data limit, never raises it. `shown`
 * is the budget as the user should read it, for the message. */
void il_memory_cap(uint64_t budget, const char *shown);
/* Lifts the cap again (the limit before il_memory_cap), so that a run a
 * limit stopped can still print its report. */
void il_memory_uncap(void);
/* The data the process holds now (what the cap counts), or 0 when it
 * cannot tell (under AddressSanitizer, whose shadow would count). */
uint64_t il_memory_in_use(void);

#endif
