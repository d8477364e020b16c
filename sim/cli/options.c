/* options.c - option parsing and the engine's callbacks, shared by every
 * command (see options.h). */
#include "options.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exit.h"

int cli_usage_error(const cli_command *c, const char *fmt, ...)
{
    va_list ap;
    fputs("interleave: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: interleave %s %s\n", c->name, c->usage);
    fputs("Try 'interleave --help' for more information.\n", stderr);
    return CLI_EXIT_USAGE;
}

int cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("interleave: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return CLI_EXIT_USAGE;
}

void cli_command_help(FILE *out, const cli_command *c)
{
    fprintf(out, "usage: interleave %s %s\n\n%s\n", c->name, c->usage, c->summary);
    if (c->options) fprintf(out, "\noptions:\n%s", c->options);
}

int cli_option_raw(int argc, char **argv, int *i, const char *name, const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0) return 0;
    if (a[n] == '=') {
        *val = a + n + 1;
        return 1;
    }
    if (a[n] != '\0') return 0;
    if (*i + 1 >= argc) return -1;
    *val = argv[++*i];
    return 1;
}

int cli_option_value(const cli_command *c, int argc, char **argv, int *i, const char *name,
                     const char **val)
{
    int m = cli_option_raw(argc, argv, i, name, val);
    if (m < 0) cli_usage_error(c, "%s expects a value", name);
    return m;
}

int cli_parse_uint(const cli_command *c, const char *opt, const char *s, int zero_ok, uint64_t *out)
{
    const char *p = s;
    while (*p >= '0' && *p <= '9') p++;
    if (p == s || *p) goto bad;
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno == ERANGE || (v == 0 && !zero_ok)) goto bad;
    *out = v;
    return 0;
bad:
    return cli_usage_error(c, zero_ok ? "%s expects a non-negative integer, got '%s'"
                                      : "%s expects a positive integer, got '%s'", opt, s);
}

int cli_parse_count(const cli_command *c, const char *opt, const char *s, uint64_t *out)
{
    return cli_parse_uint(c, opt, s, 0, out);
}

int cli_parse_seconds(const cli_command *c, const char *opt, const char *s, double *out)
{
    const char *p = s;
    size_t digits = 0;
    while (*p >= '0' && *p <= '9') p++, digits++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++) digits++;
    if (digits == 0 || *p) goto bad;
    double v = strtod(s, NULL);
    if (!(v > 0)) goto bad;
    *out = v;
    return 0;
bad:
    return cli_usage_error(c, "%s expects a positive number of seconds, got '%s'", opt, s);
}

/* "4G", "512M", "1.5g", "100K", "65536": 0 and the bytes, or -1 when
 * malformed, zero or out of range. */
static int parse_size(const char *s, uint64_t *out)
{
    const char *p = s;
    uint64_t whole = 0, frac = 0, fdiv = 1;
    size_t digits = 0;
    for (; *p >= '0' && *p <= '9'; p++, digits++) {
        if (whole > (UINT64_MAX - 9) / 10) return -1;
        whole = whole * 10 + (uint64_t)(*p - '0');
    }
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, digits++)
            if (fdiv < 1000000) { frac = frac * 10 + (uint64_t)(*p - '0'); fdiv *= 10; }
    if (digits == 0) return -1;
    int shift = 0;
    switch (*p) {
    case 'k': case 'K': shift = 10; break;
    case 'm': case 'M': shift = 20; break;
    case 'g': case 'G': shift = 30; break;
    case 't': case 'T': shift = 40; break;
    default: break;
    }
    if (shift) {
        p++;
        if (*p == 'i') p++;
        if (*p == 'B' || *p == 'b') p++;
    } else if (*p == 'B' || *p == 'b') {
        p++;
    }
    if (*p) return -1;
    if (whole > (UINT64_MAX >> 1) >> shift) return -1;
    uint64_t v = (whole << shift) + (uint64_t)(((unsigned __int128)frac << shift) / fdiv);
    if (v == 0) return -1;
    *out = v;
    return 0;
}

int cli_parse_memory(const cli_command *c, const char *s, uint64_t *out)
{
    if (parse_size(s, out) != 0)
        return cli_usage_error(c, "--max-memory expects a size such as 4G, 512M or 100000000 (bytes), "
                                  "got '%s'", s);
    if (*out < INTERLEAVE_MIN_MEMORY)
        return cli_usage_error(c, "--max-memory must be at least " INTERLEAVE_MIN_MEMORY_TEXT
                                  " (nothing can be explored in less), got '%s'", s);
    return 0;
}

int cli_limit_option(const cli_command *c, int argc, char **argv, int *i, uint64_t *max_states,
                     double *max_seconds, uint64_t *max_memory, const char **max_memory_text)
{
    const char *val;
    int m;
    if ((m = cli_option_value(c, argc, argv, i, "--max-states", &val)) != 0)
        return m < 0 || cli_parse_count(c, "--max-states", val, max_states) ? -1 : 1;
    if ((m = cli_option_value(c, argc, argv, i, "--max-seconds", &val)) != 0)
        return m < 0 || cli_parse_seconds(c, "--max-seconds", val, max_seconds) ? -1 : 1;
    if ((m = cli_option_value(c, argc, argv, i, "--max-memory", &val)) != 0) {
        if (m < 0 || cli_parse_memory(c, val, max_memory)) return -1;
        *max_memory_text = val;
        return 1;
    }
    return 0;
}

int cli_auto_color(void)
{
    const char *no = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    if (no && *no) return 0;
    if (term && strcmp(term, "dumb") == 0) return 0;
    return isatty(STDOUT_FILENO);
}

int cli_parse_color(const cli_command *c, const char *s, int *out)
{
    if (strcmp(s, "never") == 0) *out = 0;
    else if (strcmp(s, "always") == 0) *out = 1;
    else if (strcmp(s, "auto") == 0) *out = cli_auto_color();
    else return cli_usage_error(c, "--color expects never, always or auto, got '%s'", s);
    return 0;
}

int cli_parse_print(const cli_command *c, const char *s, interleave_print_mode *out)
{
    if (strcmp(s, "atomic") == 0) *out = INTERLEAVE_PRINT_ATOMIC;
    else if (strcmp(s, "cpython") == 0) *out = INTERLEAVE_PRINT_CPYTHON;
    else return cli_usage_error(c, "--print expects atomic or cpython, got '%s'", s);
    return 0;
}

/* The engine's messages: whole lines, as they come. */
static void say(void *ud, const char *line)
{
    (void)ud;
    fprintf(stderr, "%s\n", line);
}

int cli_configure(uint64_t budget, const char *budget_text, double max_seconds)
{
    interleave_config cfg;
    interleave_config_init(&cfg);
    cfg.diagnostic = say;
    cfg.memory_budget = budget;
    cfg.memory_budget_text = budget_text;
    cfg.max_seconds = max_seconds;
    return cli_exit_of(interleave_configure(&cfg));
}

int cli_write_file(void *ud, const char *data, size_t len)
{
    fwrite(data, 1, len, ud);
    return 0;
}

void cli_put_display(FILE *out, const char *s) { interleave_write_display(s, cli_write_file, out); }

void *cli_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "interleave: error: out of memory (allocating %zu bytes)\n", n);
        exit(CLI_EXIT_NOMEM);
    }
    return q;
}

char *cli_format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = cli_realloc(NULL, (size_t)(n < 0 ? 0 : n) + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
    va_end(ap);
    return s;
}
