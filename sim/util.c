/* util.c - allocation helpers, arena, string buffer and the other small
 * shared helpers (see util.h). */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* The --max-memory in force, for the out-of-memory message ("" if none). */
static char memory_note[64];

void (*il_alloc_hook)(int failed);
static unsigned alloc_calls;
void *(*il_alloc_fn)(void *ud, void *ptr, size_t size);
void *il_alloc_ud;
jmp_buf *il_oom_jump;
static char oom_message[160];

/* The hook sees every 256th allocation, every large one (they are filled
 * next) and every failed one. */
static void alloc_poll(size_t n)
{
    if (il_alloc_hook && ((++alloc_calls & 255) == 0 || n >= 65536)) il_alloc_hook(0);
}

_Noreturn void il_out_of_memory(const char *what)
{
    if (il_alloc_hook) il_alloc_hook(1); /* may not return */
    snprintf(oom_message, sizeof oom_message, "out of memory (%s%s)", what, memory_note);
    if (il_oom_jump) longjmp(*il_oom_jump, 1);
    abort(); /* an entry into the engine that is not the API's: nowhere to return to */
}

const char *il_oom_message(void) { return oom_message; }

static void oom(size_t n)
{
    char what[64];
    snprintf(what, sizeof what, "allocating %zu bytes", n);
    il_out_of_memory(what);
}

/* Every block comes from here: the configured allocator, or realloc. */
static void *get(void *p, size_t n)
{
    return il_alloc_fn ? il_alloc_fn(il_alloc_ud, p, n) : realloc(p, n);
}

void *il_xmalloc(size_t n)
{
    alloc_poll(n);
    void *p = get(NULL, n ? n : 1);
    if (!p) oom(n);
    return p;
}

void *il_xcalloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) oom(SIZE_MAX); /* calloc's own refusal, kept */
    size_t total = n * size;
    alloc_poll(total);
    /* calloc when it can: large blocks then come zeroed, untouched, from the kernel */
    void *p = il_alloc_fn ? il_alloc_fn(il_alloc_ud, NULL, total ? total : 1)
                          : calloc(n ? n : 1, size ? size : 1);
    if (!p) oom(total);
    if (il_alloc_fn) memset(p, 0, total ? total : 1);
    return p;
}

void il_free(void *p)
{
    if (!p) return;
    if (il_alloc_fn) il_alloc_fn(il_alloc_ud, p, 0);
    else free(p);
}

void *il_xrealloc(void *p, size_t n)
{
    alloc_poll(n);
    void *q = get(p, n ? n : 1);
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
    if (n >= 65536) alloc_poll(n); /* zeroing it took time too */
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
        il_free(c);
        c = n;
    }
    a->head = NULL;
}

size_t il_line_starts(const char *text, size_t len, size_t *starts)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t first = len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, n = 0;
    if (starts) starts[n] = first;
    n++;
    for (size_t i = first; i < len; i++) {
        if (s[i] == '\r') {
            if (i + 1 < len && s[i + 1] == '\n') i++;
        } else if (s[i] == 0xC2 && i + 1 < len && s[i + 1] == 0x85) {
            i++;
        } else if (s[i] == 0xE2 && i + 2 < len && s[i + 1] == 0x80 &&
                   (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
            i += 2;
        } else if (s[i] != '\n') {
            continue;
        }
        if (starts) starts[n] = i + 1;
        n++;
    }
    return n;
}

const char *il_show(il_arena *a, const char *s, size_t len)
{
    size_t n = len > 60 ? 60 : len;
    while (n < len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--; /* whole chars */
    char *out = il_arena_alloc(a, n + 4), *q = out;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] < 0xA0 &&
            ((unsigned char)s[i + 1] & 0xC0) == 0x80) { /* C1 (U+0080..U+009F): ESC's 8-bit forms */
            *q++ = '?';
            i++;
        } else {
            *q++ = (ch < 0x20 || ch == 0x7F) ? '?' : (char)ch;
        }
    }
    if (n < len) memcpy(q, "...", 4);
    else *q = '\0';
    return out;
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

size_t il_utf8_char(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned c = p[0];
    size_t k;
    unsigned min, cp;
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) { k = 1; min = 0x80; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { k = 2; min = 0x800; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { k = 3; min = 0x10000; cp = c & 0x07; }
    else return 0;
    for (size_t j = 1; j <= k; j++) { /* stops at the NUL: it is no continuation */
        if ((p[j] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[j] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return k + 1;
}

size_t il_display_char(const char *s, int *unsafe, unsigned *code)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = il_utf8_char(s);
    *code = n == 2 ? p[1] : p[0];
    if (n == 0) { /* not UTF-8: the byte itself */
        *unsafe = 1;
        return 1;
    }
    *unsafe = (n == 1 && (p[0] < 0x20 || p[0] == 0x7f)) ||
              (n == 2 && p[0] == 0xC2 && p[1] < 0xA0); /* C1: U+0080..U+009F */
    return n;
}

void il_buf_put_quoted(il_buf *b, const char *s)
{
    il_buf_putc(b, '"');
    for (const char *p = s; *p;) {
        int unsafe;
        unsigned code;
        size_t n = il_display_char(p, &unsafe, &code);
        switch (*p) {
        case '"': il_buf_puts(b, "\\\""); break;
        case '\\': il_buf_puts(b, "\\\\"); break;
        case '\n': il_buf_puts(b, "\\n"); break;
        case '\r': il_buf_puts(b, "\\r"); break;
        case '\t': il_buf_puts(b, "\\t"); break;
        default:
            if (unsafe) il_buf_printf(b, "\\x%02x", code);
            else il_buf_putn(b, p, n);
        }
        p += n;
    }
    il_buf_putc(b, '"');
}

void il_buf_put_display(il_buf *b, const char *s)
{
    for (const char *p = s ? s : ""; *p;) {
        int unsafe;
        unsigned code;
        size_t n = il_display_char(p, &unsafe, &code);
        if (*p == '\\') il_buf_puts(b, "\\\\");
        else if (unsafe) il_buf_printf(b, "\\x%02x", code);
        else il_buf_putn(b, p, n);
        p += n;
    }
    if (!b->data) il_buf_puts(b, "");
}

void il_buf_free(il_buf *b)
{
    il_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ---- input files ------------------------------------------------------------ */

/* Is fd the same open file as the standard input? */
static int is_stdin(const struct stat *st)
{
    struct stat in;
    return fstat(STDIN_FILENO, &in) == 0 && in.st_dev == st->st_dev && in.st_ino == st->st_ino;
}

int il_read_input_file(const char *path, size_t max, il_buf *out)
{
    /* O_NONBLOCK: opening a FIFO without a writer would wait for one; the
     * type is then taken from the open file, so it cannot be swapped
     * between a check and the open */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return -1;
    struct stat st;
    int e = 0;
    if (fstat(fd, &st) != 0) e = errno;
    else if (S_ISDIR(st.st_mode)) e = EISDIR;
    else if (!S_ISREG(st.st_mode) && !is_stdin(&st)) e = IL_ENOTREG;
    else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) e = errno;
    char chunk[65536];
    while (!e) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) e = errno;
        else if (n == 0) break;
        else if (out->len + (size_t)n > max) e = EFBIG;
        else il_buf_putn(out, chunk, (size_t)n);
    }
    close(fd);
    if (e) {
        il_buf_free(out);
        errno = e;
        return -1;
    }
    if (!out->data) il_buf_puts(out, "");
    return 0;
}

const char *il_file_error(int e)
{
    if (e == IL_ENOTREG) return "not a regular file";
    if (e == EISDIR) return "is a directory";
    return strerror(e);
}

/* ---- memory budgets --------------------------------------------------------- */

void il_format_size(uint64_t n, char *buf, size_t len)
{
    static const char units[] = "KMGT";
    int u = -1;
    uint64_t div = 1;
    while (u < 3 && n >= div * 1024) div *= 1024, u++;
    if (u < 0) {
        snprintf(buf, len, "%llu", (unsigned long long)n);
        return;
    }
    uint64_t tenths = (uint64_t)(((unsigned __int128)n * 10 + div / 2) / div);
    if (tenths % 10 == 0 || tenths >= 1000)
        snprintf(buf, len, "%llu%c", (unsigned long long)((tenths + 5) / 10), units[u]);
    else
        snprintf(buf, len, "%llu.%llu%c", (unsigned long long)(tenths / 10),
                 (unsigned long long)(tenths % 10), units[u]);
}

/* A limit in bytes from a one-number file (cgroup), or 0. */
static uint64_t file_limit(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    unsigned long long v = 0;
    int ok = fscanf(f, "%llu", &v) == 1; /* "max" (cgroup v2: none) fails */
    fclose(f);
    return ok ? (uint64_t)v : 0;
}

static uint64_t lower(uint64_t a, uint64_t b) { return b && (!a || b < a) ? b : a; }

uint64_t il_memory_default(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    uint64_t m = pages > 0 && size > 0 ? (uint64_t)pages * (uint64_t)size : 0;
    m = lower(m, file_limit("/sys/fs/cgroup/memory.max"));                   /* cgroup v2 */
    m = lower(m, file_limit("/sys/fs/cgroup/memory/memory.limit_in_bytes")); /* v1 */
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) m = lower(m, rl.rlim_cur);
    if (getrlimit(RLIMIT_DATA, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) m = lower(m, rl.rlim_cur);
    if (!m) m = (uint64_t)4 << 30; /* cannot tell: assume a small machine */
    return m / 4 * 3;
}

#if defined(__SANITIZE_ADDRESS__)
#define IL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IL_ASAN 1
#endif
#endif

#ifndef IL_ASAN
/* VmData of /proc/self/status: what counts against RLIMIT_DATA now. */
static uint64_t data_in_use(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return (uint64_t)16 << 20; /* a guess, generous for a small process */
    char line[256];
    unsigned long long kb = 16 << 10;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmData: %llu kB", &kb) == 1) break;
    fclose(f);
    return (uint64_t)kb << 10;
}
#endif

uint64_t il_memory_in_use(void)
{
#ifdef IL_ASAN /* its shadow memory would count */
    return 0;
#else
    return data_in_use();
#endif
}

/* The data limit before il_memory_cap lowered it, for il_memory_uncap. */
static struct rlimit uncapped;
static int capped;

void il_memory_uncap(void)
{
    if (capped) setrlimit(RLIMIT_DATA, &uncapped);
    capped = 0;
}

void il_memory_cap(uint64_t budget, const char *shown)
{
    snprintf(memory_note, sizeof memory_note, "; --max-memory is %s", shown);
#ifdef IL_ASAN /* AddressSanitizer reserves terabytes of shadow: no limit there */
    (void)budget;
#else
    struct rlimit rl;
    if (getrlimit(RLIMIT_DATA, &rl) != 0) return;
    uint64_t cap = data_in_use() + budget;
    if (cap < budget) cap = UINT64_MAX; /* overflow: no cap */
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur <= cap) return;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < cap) cap = rl.rlim_max;
    if (!capped) uncapped = rl;
    rl.rlim_cur = (rlim_t)cap;
    if (setrlimit(RLIMIT_DATA, &rl) == 0) capped = 1;
#endif
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
    il_free(tmp);
}
