/* report.c - formats an exploration result (see report.h): the JSON report
 * of cli.md for programs, and a table plus findings for people. Everything
 * here is a pure function of (program, result): no clocks, no hash order,
 * and numbers in the C locale (nothing calls setlocale), so identical input
 * gives byte-identical output. */
#include "report.h"
#include "machine.h" /* IL_SHUTDOWN_NAME */

#include <inttypes.h>
#include <string.h>

/* Status words of cli.md, shared by both reports. */
/* An error an executor swallowed is shown, with these words (language.md). */
#define HIDDEN(e) ((e)->hidden ? " (hidden by the executor)" : "")

static const char *status_name(il_status s)
{
    switch (s) {
    case IL_STATUS_OK: return "ok";
    case IL_STATUS_ERROR: return "error";
    case IL_STATUS_DEADLOCK: return "deadlock";
    }
    return "?";
}

/* ---------------------------------------------------------------- JSON */

/* Escapes as Python's json.dumps(ensure_ascii=False) does, so reports are
 * easy to compare with what a script would write: the short escapes where
 * JSON has them, \u00xx for the other control bytes, and everything from
 * 0x20 up (UTF-8 included) passed through untouched; a byte that is not
 * UTF-8 (only a file name can hold one) as \udcXX, as Python reads it. */
static void json_str(FILE *out, const char *s)
{
    if (!s) s = "";
    size_t n = 0;
    putc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        case '\b': fputs("\\b", out); break;
        case '\f': fputs("\\f", out); break;
        default:
            if (*p < 0x20) {
                fprintf(out, "\\u%04x", (unsigned)*p);
            } else if (*p >= 0x80 && (n = il_utf8_char((const char *)p)) == 0) {
                /* not UTF-8 (a file name's byte): Python's surrogateescape */
                fprintf(out, "\\udc%02x", (unsigned)*p);
            } else if (*p >= 0x80) {
                fwrite(p, 1, n, out);
                p += n - 1;
            } else {
                putc(*p, out);
            }
        }
    }
    putc('"', out);
}

/* The explorer flattens lists into one location array; the program's decls
 * say how to regroup it, so a list prints as the array it is in the file. */
static void json_final(FILE *out, const il_program *p, const int64_t *final)
{
    size_t k = 0;
    putc('{', out);
    for (int i = 0; i < p->nshared; i++) {
        const il_shared_decl *v = &p->shared[i];
        if (i) fputs(", ", out);
        json_str(out, v->name);
        fputs(": ", out);
        if (!v->is_list) {
            fprintf(out, "%" PRId64, final ? final[k] : 0);
            k++;
            continue;
        }
        putc('[', out);
        for (int j = 0; j < v->size; j++, k++)
            fprintf(out, "%s%" PRId64, j ? ", " : "", final ? final[k] : 0);
        putc(']', out);
    }
    putc('}', out);
}

static void json_outcome(FILE *out, const il_program *p, const il_outcome *o)
{
    fputs("    {\n      \"status\": ", out);
    json_str(out, status_name(o->status));
    fputs(",\n      \"output\": [", out);
    for (size_t i = 0; i < o->noutput; i++) {
        if (i) fputs(", ", out);
        json_str(out, o->output[i]);
    }
    fputs("],\n      \"final\": ", out);
    json_final(out, p, o->final);
    fputs(",\n      \"interleavings\": ", out);
    if (o->count) json_str(out, o->count);
    else fputs("null", out); /* --no-counts, or counting stopped */
    if (o->nerrors > 0) {
        fputs(",\n      \"errors\": [", out);
        for (size_t i = 0; i < o->nerrors; i++) {
            const il_error_info *e = &o->errors[i];
            /* Same words as the human report, built in a buffer so the one
             * escaping routine sees the whole string. */
            il_buf b = {0};
            il_buf_printf(&b, "%s: %s at line %d%s", e->thread ? e->thread : "",
                          e->kind ? e->kind : "", e->line, HIDDEN(e));
            if (i) fputs(", ", out);
            json_str(out, b.data);
            il_buf_free(&b);
        }
        putc(']', out);
    }
    /* cli.md's outcome has no trace key; it appears when --traces wrote one. */
    if (o->trace) {
        fputs(",\n      \"trace\": ", out);
        json_str(out, o->trace);
    }
    fputs("\n    }", out);
}

/* A trace path, or null when no --traces directory was given. */
static void json_trace(FILE *out, const char *trace)
{
    if (trace) json_str(out, trace);
    else fputs("null", out);
}

static void json_deadlock(FILE *out, const il_deadlock *d)
{
    fputs("    {\n      \"blocked\": [", out);
    for (size_t i = 0; i < d->nblocked; i++) {
        const il_blocked *b = &d->blocked[i];
        fputs(i ? ",\n        {\"thread\": " : "\n        {\"thread\": ", out);
        json_str(out, b->thread);
        fprintf(out, ", \"line\": %d, \"waiting_for\": ", b->line);
        json_str(out, b->waiting_for);
        putc('}', out);
    }
    /* An empty list stays `[]` on one line, like every other empty array. */
    fputs(d->nblocked ? "\n      ],\n" : "],\n", out);
    fputs("      \"trace\": ", out);
    json_trace(out, d->trace);
    fputs("\n    }", out);
}

static void json_access(FILE *out, const il_access *a)
{
    fputs("{\"thread\": ", out);
    json_str(out, a->thread);
    fprintf(out, ", \"line\": %d, \"access\": \"%s\"}", a->line, a->is_write ? "write" : "read");
}

static void json_race(FILE *out, const il_race *r)
{
    fputs("    {\n      \"location\": ", out);
    json_str(out, r->location);
    fputs(",\n      \"first\": ", out);
    json_access(out, &r->first);
    fputs(",\n      \"second\": ", out);
    json_access(out, &r->second);
    fputs(",\n      \"trace\": ", out);
    json_trace(out, r->trace);
    fputs("\n    }", out);
}

static void json_error(FILE *out, const il_finding_error *f)
{
    fputs("    {\n      \"thread\": ", out);
    json_str(out, f->info.thread);
    fprintf(out, ",\n      \"line\": %d,\n      \"kind\": ", f->info.line);
    json_str(out, f->info.kind);
    fputs(",\n      \"message\": ", out);
    il_buf msg = {0};
    il_buf_printf(&msg, "%s%s", f->info.message ? f->info.message : "", HIDDEN(&f->info));
    json_str(out, msg.data);
    il_buf_free(&msg);
    fputs(",\n      \"trace\": ", out);
    json_trace(out, f->trace);
    fputs("\n    }", out);
}

/* A top-level array: list_open, then each item followed by list_sep, then
 * list_close. An empty one prints as `[]` on the key's line. */
static void list_open(FILE *out, const char *key, size_t n)
{
    fprintf(out, "  \"%s\": [%s", key, n ? "\n" : "");
}

static void list_sep(FILE *out, size_t i, size_t n)
{
    fputs(i + 1 < n ? ",\n" : "\n", out);
}

static void list_close(FILE *out, size_t n, int last)
{
    fprintf(out, "%s]%s\n", n ? "  " : "", last ? "" : ",");
}

void il_report_json(FILE *out, const il_program *p, const il_result *r)
{
    fputs("{\n  \"program\": ", out);
    json_str(out, r->program ? r->program : p->name);
    fprintf(out, ",\n  \"complete\": %s,\n", r->complete ? "true" : "false");
    if (!r->complete) {
        /* null rather than a missing key when the explorer did not say why:
         * a reader can rely on the key whenever complete is false. */
        fputs("  \"stopped_by\": ", out);
        if (r->stopped_by) json_str(out, r->stopped_by);
        else if (r->partial) json_str(out, r->partial);
        else fputs("null", out);
        fputs(",\n", out);
        if (r->stopped_in) {
            fputs("  \"stopped_in\": ", out);
            json_str(out, r->stopped_in);
            fputs(",\n", out);
        }
    }
    fputs("  \"interleavings\": ", out);
    if (!r->uncounted) json_str(out, r->total ? r->total : "0");
    else fputs("null", out); /* --no-counts, or a limit stopped counting */
    fputs(",\n", out);
    /* python.md F1: the word traces and --list use for the shutdown step,
     * in the report of a program that has daemons to shut down */
    int daemons = 0;
    for (int i = 0; i < p->nthreads; i++) daemons |= p->threads[i].daemon;
    if (daemons) fputs("  \"shutdown_step\": \"" IL_SHUTDOWN_NAME "\",\n", out);
    /* python.md F3: only when not the default, so reports of atomic prints keep their bytes */
    if (p->print == IL_PRINT_CPYTHON) fputs("  \"print\": \"cpython\",\n", out);

    list_open(out, "outcomes", r->noutcomes);
    for (size_t i = 0; i < r->noutcomes; i++) {
        json_outcome(out, p, &r->outcomes[i]);
        list_sep(out, i, r->noutcomes);
    }
    list_close(out, r->noutcomes, 0);

    list_open(out, "deadlocks", r->ndeadlocks);
    for (size_t i = 0; i < r->ndeadlocks; i++) {
        json_deadlock(out, &r->deadlocks[i]);
        list_sep(out, i, r->ndeadlocks);
    }
    list_close(out, r->ndeadlocks, 0);

    list_open(out, "races", r->nraces);
    for (size_t i = 0; i < r->nraces; i++) {
        json_race(out, &r->races[i]);
        list_sep(out, i, r->nraces);
    }
    list_close(out, r->nraces, 0);

    list_open(out, "errors", r->nerrors);
    for (size_t i = 0; i < r->nerrors; i++) {
        json_error(out, &r->errors[i]);
        list_sep(out, i, r->nerrors);
    }
    list_close(out, r->nerrors, 0);

    double secs = r->seconds > 0 ? r->seconds : 0; /* also maps NaN to 0 */
    fprintf(out,
            "  \"stats\": {\n"
            "    \"states\": %" PRIu64 ",\n"
            "    \"transitions\": %" PRIu64 ",\n"
            "    \"bytes_per_state\": %" PRIu64 ",\n",
            r->states, r->transitions,
            r->states ? (uint64_t)((r->store_bytes + r->states / 2) / r->states) : 0);
    if (r->compact) fprintf(out, "    \"omission_probability\": %.3g,\n", r->omission);
    fputs("    \"mode\": ", out);
    json_str(out, il_result_mode(r));
    fputs(",\n", out);
    fprintf(out, "    \"seconds\": %.3f\n  }\n}\n", secs);
}

/* ---------------------------------------------------------------- human */

#define SGR_BOLD "\033[1m"
#define SGR_RED "\033[31m"
#define SGR_GREEN "\033[32m"
#define SGR_YELLOW "\033[33m"
#define SGR_RESET "\033[0m"
#define SGR_DIM "\033[2m"

/* Prints s wrapped in an ANSI attribute when colour is on. */
static void paint(FILE *out, int color, const char *sgr, const char *s)
{
    if (color) fprintf(out, "%s%s%s", sgr, s, SGR_RESET);
    else fputs(s, out);
}

/* Terminal columns taken by s: one per UTF-8 character (continuation bytes
 * take none), which is right for the text our cells hold. */
static size_t width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80) w++;
    return w;
}

static void spaces(FILE *out, size_t n)
{
    while (n--) putc(' ', out);
}

/* An output item needs quotes when it would otherwise be ambiguous in a
 * space-separated list: empty, containing blanks, control characters or
 * bytes that are not UTF-8 (il_display_char), a quote
 * or backslash (so quoting is reversible), or the "-" of an empty list. */
static int needs_quotes(const char *s)
{
    if (!*s || strcmp(s, "-") == 0) return 1;
    int unsafe;
    unsigned code;
    for (const char *p = s; *p; p += il_display_char(p, &unsafe, &code))
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '\\' ||
            (il_display_char(p, &unsafe, &code), unsafe))
            return 1;
    return 0;
}

static void put_item(il_buf *b, const char *s)
{
    if (needs_quotes(s)) il_buf_put_quoted(b, s);
    else il_buf_puts(b, s);
}

/* "1 1", or "-" when nothing was printed. */
static void output_cell(il_buf *b, const il_outcome *o)
{
    if (o->noutput == 0) {
        il_buf_puts(b, "-");
        return;
    }
    for (size_t i = 0; i < o->noutput; i++) {
        if (i) il_buf_putc(b, ' ');
        put_item(b, o->output[i] ? o->output[i] : "");
    }
}

/* "x=1 forks=[0,1]": no blanks inside a value, so blanks separate variables. */
static void final_cell(il_buf *b, const il_program *p, const int64_t *final)
{
    size_t k = 0;
    for (int i = 0; i < p->nshared; i++) {
        const il_shared_decl *v = &p->shared[i];
        il_buf_printf(b, "%s%s=", i ? " " : "", v->name);
        if (!v->is_list) {
            il_buf_printf(b, "%" PRId64, final ? final[k] : 0);
            k++;
            continue;
        }
        il_buf_putc(b, '[');
        for (int j = 0; j < v->size; j++, k++)
            il_buf_printf(b, "%s%" PRId64, j ? "," : "", final ? final[k] : 0);
        il_buf_putc(b, ']');
    }
    if (p->nshared == 0) il_buf_puts(b, "-");
}

static int is_infinite(const char *count)
{
    return count && strcmp(count, "infinite") == 0;
}

enum { COL_NUM, COL_COUNT, COL_PCT, COL_STATUS, COL_OUTPUT, COL_FINAL, NCOLS };

/* Cells are formatted first so every column can be as wide as its widest
 * cell; only then is anything printed. */
static void human_table(FILE *out, const il_program *p, const il_result *r, int color)
{
    static const char *const head[NCOLS] = {
        "outcome", "interleavings", "%", "status", "output", "final",
    };
    /* Counts and percentages read best right-aligned. */
    static const int right[NCOLS] = {[COL_COUNT] = 1, [COL_PCT] = 1};
    size_t n = r->noutcomes;
    il_buf *cell = il_xcalloc(n * NCOLS, sizeof *cell);
    size_t w[NCOLS];
    for (int c = 0; c < NCOLS; c++) w[c] = width(head[c]);

    for (size_t i = 0; i < n; i++) {
        const il_outcome *o = &r->outcomes[i];
        il_buf *row = &cell[i * NCOLS];
        il_buf_printf(&row[COL_NUM], "%zu", i + 1);
        il_buf_puts(&row[COL_COUNT], o->count ? o->count : "-");
        /* A share of an infinite count (or of an infinite total) means
         * nothing, so it is not shown as a number. */
        if (!o->count || is_infinite(o->count) || is_infinite(r->total))
            il_buf_puts(&row[COL_PCT], "-");
        else
            il_buf_printf(&row[COL_PCT], "%.2f%%", o->share * 100.0);
        il_buf_puts(&row[COL_STATUS], status_name(o->status));
        output_cell(&row[COL_OUTPUT], o);
        final_cell(&row[COL_FINAL], p, o->final);
        for (int c = 0; c < NCOLS; c++) {
            size_t cw = width(row[c].data);
            if (cw > w[c]) w[c] = cw;
        }
    }

    /* The header row, bold; the last column is not padded (no trailing
     * blanks at the end of a line). */
    fputs("  ", out);
    if (color) fputs(SGR_BOLD, out);
    for (int c = 0; c < NCOLS; c++) {
        size_t pad = c + 1 < NCOLS ? w[c] - width(head[c]) : 0;
        if (c) fputs("  ", out);
        if (right[c]) spaces(out, pad);
        fputs(head[c], out);
        if (!right[c]) spaces(out, pad);
    }
    if (color) fputs(SGR_RESET, out);
    putc('\n', out);

    for (size_t i = 0; i < n; i++) {
        const il_outcome *o = &r->outcomes[i];
        il_buf *row = &cell[i * NCOLS];
        fputs("  ", out);
        for (int c = 0; c < NCOLS; c++) {
            size_t pad = c + 1 < NCOLS ? w[c] - width(row[c].data) : 0;
            if (c) fputs("  ", out);
            if (right[c]) spaces(out, pad);
            if (c == COL_STATUS)
                paint(out, color, o->status == IL_STATUS_OK ? SGR_GREEN : SGR_RED,
                      row[c].data);
            else
                fputs(row[c].data, out);
            if (!right[c]) spaces(out, pad);
        }
        putc('\n', out);
        /* The failed threads are part of an outcome's identity (D13), so
         * they go right under its row, indented past the number. */
        if (o->nerrors > 0) {
            spaces(out, 2 + w[COL_NUM] + 2);
            paint(out, color, SGR_RED, "errors:");
            for (size_t e = 0; e < o->nerrors; e++) {
                const il_error_info *ei = &o->errors[e];
                fprintf(out, "%s %s: %s at line %d%s", e ? "," : "",
                        ei->thread ? ei->thread : "", ei->kind ? ei->kind : "",
                        ei->line, HIDDEN(ei));
            }
            putc('\n', out);
        }
    }

    for (size_t i = 0; i < n * NCOLS; i++) il_buf_free(&cell[i]);
    il_free(cell);
}

/* The two sides of a race in a canonical order (by line, then reads before
 * writes), so that t1's read and t2's write group with t2's read and t1's
 * write: the report groups by location and pair of source lines. */
static int cmp_side(const il_access *a, const il_access *b)
{
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    return a->is_write - b->is_write;
}

static void race_sides(const il_race *r, const il_access **x, const il_access **y)
{
    int keep = cmp_side(&r->first, &r->second) <= 0;
    *x = keep ? &r->first : &r->second;
    *y = keep ? &r->second : &r->first;
}

static int same_group(const il_race *a, const il_race *b)
{
    const il_access *ax, *ay, *bx, *by;
    race_sides(a, &ax, &ay);
    race_sides(b, &bx, &by);
    return strcmp(a->location, b->location) == 0 && cmp_side(ax, bx) == 0 &&
           cmp_side(ay, by) == 0;
}

/* The instance number of thread name t in decl d (`count: N`), or -1. */
static int instance_of(const il_thread_decl *d, const char *t)
{
    size_t n = strlen(d->name);
    if (d->count < 2 || strncmp(t, d->name, n) != 0 || !t[n]) return -1;
    int k = 0;
    for (const char *s = t + n; *s; s++) {
        if (*s < '0' || *s > '9' || (s == t + n && *s == '0' && s[1])) return -1;
        if (k > d->count) return -1;
        k = k * 10 + (*s - '0');
    }
    return k < d->count ? k : -1;
}

/* The count: group whose every instance pair occurs in g (n races), each
 * way round when the two sides differ: then "t0..t5, any two" says it. */
static const il_thread_decl *whole_group(const il_program *p, const il_race *const *g, size_t n,
                                         int two_sides)
{
    for (int i = 0; i < p->nthreads; i++) {
        const il_thread_decl *d = &p->threads[i];
        if (d->count < 2) continue;
        size_t pairs = (size_t)d->count * (size_t)(d->count - 1) / (two_sides ? 1 : 2);
        if (n != pairs) continue;
        size_t k = 0;
        while (k < n && instance_of(d, g[k]->first.thread) >= 0 &&
               instance_of(d, g[k]->second.thread) >= 0)
            k++;
        if (k == n) return d; /* the races are distinct: n of them are all pairs */
    }
    return NULL;
}

/* 1 when g[i]'s unordered thread pair is the first of its kind in g. */
static int new_pair(const il_race *const *g, size_t i)
{
    size_t j = 0;
    while (j < i && !((strcmp(g[j]->first.thread, g[i]->first.thread) == 0 &&
                       strcmp(g[j]->second.thread, g[i]->second.thread) == 0) ||
                      (strcmp(g[j]->first.thread, g[i]->second.thread) == 0 &&
                       strcmp(g[j]->second.thread, g[i]->first.thread) == 0)))
        j++;
    return j == i;
}

/* Unordered thread pairs among the group's races. */
static size_t thread_pairs(const il_race *const *g, size_t n)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) m += new_pair(g, i);
    return m;
}

/* The end of a race line: why nothing orders the pair when plain shared
 * variables seem to (the second thread read what was written after the
 * first access), said when every race of the group has some, naming them
 * all in order of appearance; else the short words. */
static void race_why(FILE *out, const il_race *const *g, size_t n)
{
    const char *names[8];
    size_t m = 0, more = 0;
    for (size_t i = 0; i < n && n; i++) {
        if (g[i]->nvia == 0) n = 0;
        for (size_t k = 0; n && k < g[i]->nvia; k++) {
            size_t j = 0;
            while (j < m && strcmp(names[j], g[i]->via[k]) != 0) j++;
            if (j < m) continue;
            if (m < 8) names[m++] = g[i]->via[k];
            else more = 1;
        }
    }
    if (n == 0 || m == 0 || more) {
        fputs(", with nothing ordering them\n", out);
        return;
    }
    fprintf(out, ", ordered only by plain variable%s ", m == 1 ? "" : "s");
    for (size_t k = 0; k < m; k++)
        fprintf(out, "%s%s", k == 0 ? "" : k + 1 < m ? ", " : " and ", names[k]);
    fprintf(out, ", which %s no synchronisation\n", m == 1 ? "is" : "are");
}

/* How many pairs a grouped line names before "and N more". */
#define RACE_LIST_MAX 6

/* One line for the races g[0..n) on one location and pair of source lines. */
static void human_race_group(FILE *out, const il_program *p, const il_race *const *g, size_t n,
                             int color)
{
    const il_access *x, *y;
    race_sides(g[0], &x, &y);
    int two = cmp_side(x, y) != 0;
    paint(out, color, SGR_BOLD SGR_RED, "race on");
    fprintf(out, " %s: ", g[0]->location);
    const il_thread_decl *d = whole_group(p, g, n, two);
    size_t tp = thread_pairs(g, n);
    /* every pair of threads takes both sides: named once, "either way round" */
    int both = d ? two : two && n == 2 * tp;
    if (d) {
        if (d->count == 2) fprintf(out, "%s0 and %s1", d->name, d->name);
        else fprintf(out, "%s0..%s%d, any two", d->name, d->name, d->count - 1);
    } else {
        size_t shown = 0, listed = both ? tp : n;
        for (size_t i = 0; i < n && shown < RACE_LIST_MAX; i++) {
            if (both && !new_pair(g, i)) continue;
            const il_access *a, *b;
            race_sides(g[i], &a, &b);
            fprintf(out, "%s%s and %s", shown++ ? ", " : "", a->thread, b->thread);
        }
        if (listed > RACE_LIST_MAX) fprintf(out, " and %zu more", listed - RACE_LIST_MAX);
    }
    if (both) fputs(", either way round", out);
    fprintf(out, " (%zu thread pair%s): ", tp, tp == 1 ? "" : "s");
    if (two)
        fprintf(out, "%s %s it at line %d, %s %s it at line %d", both ? "one" : "the first",
                x->is_write ? "writes" : "reads", x->line, both ? "the other" : "the second",
                y->is_write ? "writes" : "reads", y->line);
    else
        fprintf(out, "each %s it at line %d", x->is_write ? "writes" : "reads", x->line);
    race_why(out, g, n);
}

/* One line a race with all, else one a location and pair of source lines,
 * in the order of the first race of each group (the races are sorted). */
static void human_races(FILE *out, const il_program *p, const il_result *r, int color, int all)
{
    const il_race **g = il_xcalloc(r->nraces + 1, sizeof *g);
    char *done = il_xcalloc(r->nraces + 1, 1);
    for (size_t i = 0; i < r->nraces; i++) {
        const il_race *x = &r->races[i];
        if (done[i]) continue;
        size_t n = 0;
        for (size_t j = i; j < r->nraces && !all; j++)
            if (!done[j] && same_group(x, &r->races[j])) {
                done[j] = 1;
                g[n++] = &r->races[j];
            }
        if (n > 1) {
            human_race_group(out, p, g, n, color);
            continue;
        }
        paint(out, color, SGR_BOLD SGR_RED, "race on");
        fprintf(out, " %s: %s %s it at line %d, %s %s it at line %d",
                x->location, x->first.thread, x->first.is_write ? "writes" : "reads",
                x->first.line, x->second.thread, x->second.is_write ? "writes" : "reads",
                x->second.line);
        race_why(out, &x, 1);
    }
    il_free(done);
    il_free(g);
}

static void human_findings(FILE *out, const il_program *p, const il_result *r, int color,
                           int all_races)
{
    human_races(out, p, r, color, all_races);
    if (r->ndeadlocks == 0 && r->nerrors == 0) {
        const char *words = !r->races_checked ? "no deadlocks, no errors (races not checked)"
                            : r->nraces ? "no deadlocks, no errors"
                            : r->races_cut ? "no deadlocks, no errors; no race found before the stop"
                                        : "no deadlocks, no races, no errors";
        paint(out, color, SGR_GREEN, words);
        putc('\n', out);
        return;
    }
    if (r->races_checked && r->races_cut && !r->nraces) {
        paint(out, color, SGR_YELLOW, "no race found before the stop");
        putc('\n', out);
    }
    for (size_t i = 0; i < r->ndeadlocks; i++) {
        const il_deadlock *d = &r->deadlocks[i];
        char head[96];
        if (r->ndeadlocks == 1)
            snprintf(head, sizeof head, "deadlock reachable:");
        else
            snprintf(head, sizeof head, "deadlock reachable (%zu of %zu):", i + 1,
                     r->ndeadlocks);
        paint(out, color, SGR_BOLD SGR_RED, head);
        putc('\n', out);
        for (size_t j = 0; j < d->nblocked; j++) {
            const il_blocked *b = &d->blocked[j];
            fprintf(out, "  %s at line %d waits for %s\n", b->thread ? b->thread : "",
                    b->line,
                    b->detail ? b->detail : b->waiting_for ? b->waiting_for : "?");
        }
    }
    for (size_t i = 0; i < r->nerrors; i++) {
        const il_error_info *e = &r->errors[i].info;
        paint(out, color, SGR_BOLD SGR_RED, "error reachable:");
        fprintf(out, " %s: %s at line %d", e->thread ? e->thread : "",
                e->kind ? e->kind : "", e->line);
        /* A bare `assert x` has no message; no dangling colon then. */
        if (e->message && *e->message) fprintf(out, ": %s", e->message);
        fputs(HIDDEN(e), out);
        putc('\n', out);
    }
}

void il_report_human(FILE *out, const il_program *p, const il_result *r, int color)
{
    il_report_human_races(out, p, r, color, 0);
}

void il_report_human_races(FILE *out, const il_program *p, const il_result *r, int color,
                           int all_races)
{
    const char *total = r->total ? r->total : "0";
    const char *name = r->program ? r->program : p->name;
    double secs = r->seconds > 0 ? r->seconds : 0;
    il_buf shown = {0}; /* the name is the user's: no escape sequences */
    il_buf_put_display(&shown, name ? name : "?");
    paint(out, color, SGR_BOLD, shown.data);
    il_buf_free(&shown);
    const char *plural = strcmp(total, "1") == 0 ? "" : "s";
    /* a limit stopped counting: every outcome is known, no count is */
    int stopped_counting = r->uncounted && !r->reduced;
    if (stopped_counting && r->partial)
        fprintf(out, ": interleavings with at most %" PRIu32 " preemption%s not counted "
                     "(stopped while counting)", r->bound, r->bound == 1 ? "" : "s");
    else if (stopped_counting)
        fputs(": interleavings not counted (stopped while counting)", out);
    else if (r->partial && strcmp(r->partial, "--random") == 0)
        fprintf(out, ": %s random run%s (seed %" PRIu64 ")", total, plural, r->seed);
    else if (r->partial)
        fprintf(out, ": %s interleaving%s with at most %" PRIu32 " preemption%s", total, plural,
                r->bound, r->bound == 1 ? "" : "s");
    else if (r->reduced)
        fputs(": interleavings not counted (--no-counts: partial-order reduction)", out);
    else
        fprintf(out, ": %s interleaving%s", total, plural);
    fprintf(out, ", %zu outcome%s (%" PRIu64 " states, %" PRIu64 " %s, %.2f s",
            r->noutcomes, r->noutcomes == 1 ? "" : "s", r->states, r->transitions,
            r->partial && strcmp(r->partial, "--random") == 0 ? "steps" : "transitions", secs);
    /* below that, the store's first blocks dominate the figure */
    if (r->states >= 100000)
        fprintf(out, ", %" PRIu64 " bytes a state", (uint64_t)(r->store_bytes / r->states));
    fputs(")\n\n", out);
    if (r->noutcomes > 0) human_table(out, p, r, color);
    else fputs("  (no outcome reached)\n", out);
    putc('\n', out);
    human_findings(out, p, r, color, all_races);
    if (r->symmetry) {
        const char *how =
            r->reduced ? "explored with symmetry and partial-order reduction"
            : stopped_counting
                ? "explored over symmetry classes (interchangeable threads explored as one)"
                : "counted over symmetry classes (interchangeable threads explored as one; "
                  "the counts are exact)";
        paint(out, color, SGR_DIM, how);
        putc('\n', out);
    }
    if (p->print == IL_PRINT_CPYTHON) {
        paint(out, color, SGR_DIM,
              "prints as CPython's (print: cpython): the arguments are read, then the text and "
              "the end written, each in a step of its own");
        putc('\n', out);
    }
    if (r->compact) {
        char line[200];
        snprintf(line, sizeof line,
                 "hash compaction (--compact): %" PRIu64 " states kept as 64-bit fingerprints; "
                 "probability that one was missed: at most %.2g",
                 r->states, r->omission);
        paint(out, color, SGR_YELLOW, line);
        putc('\n', out);
    }
    if (r->unfinished) {
        char line[160];
        snprintf(line, sizeof line,
                 "%" PRIu64 " random run%s did not end within %d steps (counted in no outcome)",
                 r->unfinished, r->unfinished == 1 ? "" : "s", IL_RANDOM_MAX_STEPS);
        paint(out, color, SGR_BOLD SGR_YELLOW, line);
        putc('\n', out);
    }
    if (!r->complete && r->partial && !r->stopped_by) {
        paint(out, color, SGR_BOLD SGR_YELLOW,
              strcmp(r->partial, "--random") == 0
                  ? "PARTIAL: random runs, not every interleaving (--random); counts are runs"
                  : "PARTIAL: only interleavings within the preemption bound (--bound)");
        putc('\n', out);
    } else if (!r->complete) {
        char line[200];
        if (r->stopped_by && r->stopped_in && strncmp(r->stopped_in, "loading", 7) == 0)
            snprintf(line, sizeof line, "INCOMPLETE: stopped by %s while %s; nothing was explored",
                     r->stopped_by, r->stopped_in);
        else if (r->stopped_by && stopped_counting)
            snprintf(line, sizeof line,
                     "INCOMPLETE: stopped by %s while counting; the exploration was done, "
                     "every outcome and finding is listed, the interleavings are not counted",
                     r->stopped_by);
        else if (r->stopped_by && r->stopped_in && strcmp(r->stopped_in, "looking for races") == 0)
            snprintf(line, sizeof line,
                     "INCOMPLETE: stopped by %s while looking for races; the exploration and "
                     "the counts are whole, the races listed are those found so far",
                     r->stopped_by);
        else if (r->stopped_by && r->stopped_in)
            snprintf(line, sizeof line,
                     "INCOMPLETE: stopped by %s while %s; the exploration was done, "
                     "some findings have no trace", r->stopped_by, r->stopped_in);
        else if (r->stopped_by)
            snprintf(line, sizeof line,
                     "INCOMPLETE: stopped by %s; the counts cover only the explored part",
                     r->stopped_by);
        else
            snprintf(line, sizeof line,
                     "INCOMPLETE: stopped early; the counts cover only the explored part");
        paint(out, color, SGR_BOLD SGR_YELLOW, line);
        putc('\n', out);
    }
}
