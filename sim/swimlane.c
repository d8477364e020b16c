/* swimlane.c - a run as columns of threads and rows of steps (swimlane.h).
 *
 * A cell is a few parts (statement, reads, writes, output, error), each with
 * its colour, so that cutting a long cell to its column never cuts through
 * an escape sequence: widths are counted on the plain text, and colour is
 * added while printing. */
#include "swimlane.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "trace.h"

#define SGR_BOLD "\033[1m"
#define SGR_DIM "\033[2m"
#define SGR_RED "\033[31m"
#define SGR_GREEN "\033[32m"
#define SGR_YELLOW "\033[33m"
#define SGR_CYAN "\033[36m"
#define SGR_RESET "\033[0m"

enum {
    MAX_PARTS = 8,
    MIN_COL = 20,   /* narrower than this, a cell says too little: use the list layout */
    STEP_COL = 5,   /* "  123" */
};

typedef struct part {
    char *text;      /* owned */
    const char *sgr; /* colour, or NULL */
} part;

typedef struct cell {
    part parts[MAX_PARTS];
    int nparts;
} cell;

struct il_lane {
    const il_code *code;
    int color;
    int list;            /* one line per step instead of columns */
    size_t ncols;
    uint32_t *col_thread; /* thread shown in each column */
    int *thread_col;     /* column of each thread, -1 when not shown */
    size_t *colw;        /* column widths */
    size_t nsteps;
    cell *cells;         /* one per step */
    uint32_t *step_thread;
    cell *blocked;       /* per thread: its blocked cell (nparts 0: none) */
    size_t nblocked;
};

/* Terminal columns: one per UTF-8 character (continuation bytes take none). */
static size_t width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80) w++;
    return w;
}

static void add(cell *c, const char *sgr, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void add(cell *c, const char *sgr, const char *fmt, ...)
{
    if (c->nparts == MAX_PARTS) return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    c->parts[c->nparts++] = (part){il_xstrdup(buf), sgr};
}

static size_t cell_width(const cell *c)
{
    size_t w = 0;
    for (int i = 0; i < c->nparts; i++) w += (i ? 2 : 0) + width(c->parts[i].text);
    return w;
}

static void cell_free(cell *c)
{
    for (int i = 0; i < c->nparts; i++) il_free(c->parts[i].text);
    c->nparts = 0;
}

/* A printed line in quotes, with what would break the row escaped. */
static void quoted(il_buf *b, const char *s)
{
    il_buf_putc(b, '"');
    for (const char *p = s; *p;) {
        int unsafe;
        unsigned code;
        size_t n = il_display_char(p, &unsafe, &code);
        if (*p == '"' || *p == '\\') il_buf_printf(b, "\\%c", *p);
        else if (*p == '\n') il_buf_puts(b, "\\n");
        else if (unsafe) il_buf_printf(b, "\\x%02x", code); /* C0, DEL, C1, not UTF-8 */
        else il_buf_putn(b, p, n);
        p += n;
    }
    il_buf_putc(b, '"');
}

static void step_cell(const il_code *code, const il_step_rec *s, cell *c)
{
    if (s->line > 0) add(c, NULL, "%d: %s", s->line, s->code);
    else if (!s->note) add(c, SGR_DIM, "(start)"); /* a step with no statement of its own */
    if (s->note) add(c, SGR_DIM, "(%s)", s->note);
    il_buf r = {0}, w = {0};
    for (size_t i = 0; i < s->nacc; i++) {
        il_buf *b = s->acc[i].is_write ? &w : &r;
        il_buf_printf(b, "%s%s%s%" PRId64, b->len ? " " : "", code->loc_names[s->acc[i].loc],
                      s->acc[i].is_write ? "\u2190" : "\u2192", s->acc[i].value);
    }
    if (r.len) add(c, SGR_CYAN, "%s", r.data);
    if (w.len) add(c, SGR_YELLOW, "%s", w.data);
    il_buf_free(&r);
    il_buf_free(&w);
    if (s->output) {
        il_buf o = {0};
        quoted(&o, s->output);
        add(c, SGR_GREEN, "print \u2192 %s", o.data);
        il_buf_free(&o);
    }
    if (s->error) add(c, SGR_BOLD SGR_RED, "\u2717 %s", s->error);
}

/* Shares the width among the columns: a column that needs less than an
 * equal share keeps its natural width and leaves the rest to the others
 * (water-filling). When some column would get fewer than MIN_COL columns
 * for text that needs more, the list layout is used instead. */
static void fit_columns(il_lane *l, const size_t *natural, int total_width)
{
    size_t n = l->ncols, tw = total_width > 0 ? (size_t)total_width : 0;
    size_t room = tw > STEP_COL + 3 * n ? tw - STEP_COL - 3 * n : 0; /* " | " before each */
    char *fixed = il_xcalloc(n + 1, 1);
    size_t left = n;
    for (int changed = 1; changed && left;) {
        changed = 0;
        size_t share = room / left;
        for (size_t k = 0; k < n; k++) {
            if (fixed[k] || natural[k] > share) continue;
            l->colw[k] = natural[k];
            room -= natural[k];
            fixed[k] = 1;
            left--;
            changed = 1;
        }
    }
    for (size_t k = 0; k < n; k++) {
        if (fixed[k]) continue;
        l->colw[k] = room / left;
        if (l->colw[k] < MIN_COL && n > 1) l->list = 1;
    }
    il_free(fixed);
    if (!l->list) return;
    /* one line per step: "  12 | name  cell" */
    size_t namew = 0;
    for (size_t k = 0; k < n; k++) {
        size_t w = width(il_step_name(l->code, l->col_thread[k]));
        if (w > namew) namew = w;
    }
    l->colw[0] = tw > STEP_COL + 3 + namew + 2 + MIN_COL ? tw - STEP_COL - 3 - namew - 2 : MIN_COL;
}

il_lane *il_lane_new(il_run *r, int color, int total_width)
{
    const il_code *c = r->code;
    il_lane *l = il_xcalloc(1, sizeof *l);
    l->code = c;
    l->color = color;
    l->nsteps = r->steps.len;
    l->cells = il_xcalloc(l->nsteps + 1, sizeof(cell));
    l->step_thread = il_xcalloc(l->nsteps + 1, sizeof(uint32_t));
    l->blocked = il_xcalloc(c->nthreads + 1, sizeof(cell));
    l->thread_col = il_xmalloc(sizeof(int) * (c->nthreads + 1));
    l->col_thread = il_xmalloc(sizeof(uint32_t) * (c->nthreads + 1));
    l->colw = il_xcalloc(c->nthreads + 1, sizeof(size_t));

    char *shown = il_xcalloc(c->nthreads + 1, 1);
    for (size_t i = 0; i < l->nsteps; i++) {
        const il_step_rec *s = &r->steps.items[i];
        step_cell(c, s, &l->cells[i]);
        l->step_thread[i] = s->thread;
        shown[s->thread] = 1;
    }
    if (il_run_ended(r)) {
        il_run_outcome o;
        il_run_outcome_get(r, &o);
        for (size_t i = 0; o.status == IL_STATUS_DEADLOCK && i < o.nblocked; i++) {
            int t = il_run_thread_index(c, o.blocked[i].thread);
            if (t < 0) continue;
            cell *b = &l->blocked[t];
            add(b, NULL, "%d: %s", o.blocked[i].line, il_run_line_text(r, o.blocked[i].line));
            add(b, SGR_BOLD SGR_RED, "BLOCKED: %s",
                o.blocked[i].detail && *o.blocked[i].detail ? o.blocked[i].detail
                                                            : o.blocked[i].waiting_for);
            shown[t] = 1;
            l->nblocked++;
        }
    }
    /* threads that never moved would be empty columns; an empty run shows
     * all; the shutdown step (python.md F1) is a column once taken */
    for (uint32_t t = 0; t <= c->nthreads; t++) {
        l->thread_col[t] = -1;
        if (!shown[t] && (l->nsteps || l->nblocked || t == c->nthreads)) continue;
        l->thread_col[t] = (int)l->ncols;
        l->col_thread[l->ncols++] = t;
    }
    il_free(shown);

    /* natural widths: each column's widest cell (its header at least) */
    size_t *natural = il_xcalloc(l->ncols + 1, sizeof(size_t));
    for (size_t k = 0; k < l->ncols; k++) natural[k] = width(il_step_name(c, l->col_thread[k]));
    for (size_t i = 0; i < l->nsteps; i++) {
        size_t k = (size_t)l->thread_col[l->step_thread[i]], w = cell_width(&l->cells[i]);
        if (w > natural[k]) natural[k] = w;
    }
    for (uint32_t t = 0; t < c->nthreads; t++) {
        if (!l->blocked[t].nparts) continue;
        size_t k = (size_t)l->thread_col[t], w = cell_width(&l->blocked[t]);
        if (w > natural[k]) natural[k] = w;
    }
    fit_columns(l, natural, total_width);
    il_free(natural);
    return l;
}

void il_lane_free(il_lane *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->nsteps; i++) cell_free(&l->cells[i]);
    for (uint32_t t = 0; t < l->code->nthreads; t++) cell_free(&l->blocked[t]);
    il_free(l->cells);
    il_free(l->step_thread);
    il_free(l->blocked);
    il_free(l->thread_col);
    il_free(l->col_thread);
    il_free(l->colw);
    il_free(l);
}

static void paint_on(FILE *out, const il_lane *l, const char *sgr)
{
    if (l->color && sgr) fputs(sgr, out);
}

static void paint_off(FILE *out, const il_lane *l, const char *sgr)
{
    if (l->color && sgr) fputs(SGR_RESET, out);
}

static void spaces(FILE *out, size_t n)
{
    while (n--) putc(' ', out);
}

/* Prints at most w columns of s; returns how many it printed. */
static size_t put_cut(FILE *out, const char *s, size_t w)
{
    size_t used = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) != 0x80) {
            if (used == w) break;
            used++;
        }
        putc(*p, out);
    }
    return used;
}

/* Prints a cell in w columns (cut with … when longer), padded to w unless
 * it is the last thing on the line. */
static void put_cell(const il_lane *l, FILE *out, const cell *c, size_t w, int pad)
{
    size_t full = cell_width(c), room = full > w ? (w ? w - 1 : 0) : w, used = 0;
    for (int i = 0; i < c->nparts && used < room; i++) {
        if (i) used += put_cut(out, "  ", room - used);
        if (used >= room) break;
        paint_on(out, l, c->parts[i].sgr);
        used += put_cut(out, c->parts[i].text, room - used);
        paint_off(out, l, c->parts[i].sgr);
    }
    if (full > w && w) {
        fputs("\u2026", out);
        used++;
    }
    if (pad) spaces(out, w > used ? w - used : 0);
}

/* One row: the label in the step column, then each column's cell (cells
 * indexed by column; NULL for an empty one). No trailing blanks. */
static void put_row(const il_lane *l, FILE *out, const char *label, const cell *const *cells)
{
    size_t last = 0;
    int any = 0;
    for (size_t k = 0; k < l->ncols; k++)
        if (cells[k] && cells[k]->nparts) last = k, any = 1;
    fprintf(out, "%*s", STEP_COL, label);
    for (size_t k = 0; any && k <= last; k++) {
        fputs(" | ", out);
        if (cells[k]) put_cell(l, out, cells[k], l->colw[k], k < last);
        else if (k < last) spaces(out, l->colw[k]);
    }
    putc('\n', out);
}

void il_lane_header(const il_lane *l, FILE *out)
{
    if (l->list) {
        paint_on(out, l, SGR_BOLD);
        fprintf(out, "%*s | thread", STEP_COL, "step");
        paint_off(out, l, SGR_BOLD);
        putc('\n', out);
        for (size_t i = 0; i < STEP_COL; i++) putc('-', out);
        fputs("-+-------\n", out);
        return;
    }
    paint_on(out, l, SGR_BOLD);
    fprintf(out, "%*s", STEP_COL, "step");
    for (size_t k = 0; k < l->ncols; k++) {
        const char *name = il_step_name(l->code, l->col_thread[k]);
        fputs(" | ", out);
        size_t used = put_cut(out, name, l->colw[k]);
        if (k + 1 < l->ncols) spaces(out, l->colw[k] - used);
    }
    paint_off(out, l, SGR_BOLD);
    putc('\n', out);
    for (size_t i = 0; i < STEP_COL; i++) putc('-', out);
    for (size_t k = 0; k < l->ncols; k++) {
        fputs("-+-", out);
        for (size_t i = 0; i < l->colw[k]; i++) putc('-', out);
    }
    putc('\n', out);
}

/* The list layout: "  12 | phil3   14: with b:  ..." */
static void list_row(const il_lane *l, FILE *out, const char *label, uint32_t t, const cell *c)
{
    size_t namew = 0;
    for (size_t k = 0; k < l->ncols; k++) {
        size_t w = width(il_step_name(l->code, l->col_thread[k]));
        if (w > namew) namew = w;
    }
    fprintf(out, "%*s | ", STEP_COL, label);
    const char *name = il_step_name(l->code, t);
    fputs(name, out);
    spaces(out, namew - width(name) + 2);
    put_cell(l, out, c, l->colw[0], 0);
    putc('\n', out);
}

void il_lane_row(const il_lane *l, FILE *out, size_t i)
{
    if (i >= l->nsteps) return;
    char label[32];
    snprintf(label, sizeof label, "%zu", i + 1);
    uint32_t t = l->step_thread[i];
    if (l->list) {
        list_row(l, out, label, t, &l->cells[i]);
        return;
    }
    const cell **cells = il_xcalloc(l->ncols + 1, sizeof(cell *));
    cells[l->thread_col[t]] = &l->cells[i];
    put_row(l, out, label, cells);
    il_free(cells);
}

void il_lane_blocked(const il_lane *l, FILE *out)
{
    if (!l->nblocked) return;
    if (l->list) {
        for (uint32_t t = 0; t < l->code->nthreads; t++)
            if (l->blocked[t].nparts) list_row(l, out, "end", t, &l->blocked[t]);
        return;
    }
    const cell **cells = il_xcalloc(l->ncols + 1, sizeof(cell *));
    for (uint32_t t = 0; t < l->code->nthreads; t++)
        if (l->blocked[t].nparts && l->thread_col[t] >= 0) cells[l->thread_col[t]] = &l->blocked[t];
    put_row(l, out, "end", cells);
    il_free(cells);
}

/* ---- the outcome line -------------------------------------------------------- */

/* As the explore table shows output: items separated by blanks, quoted
 * when they would otherwise be ambiguous, "-" for none. */
static int needs_quotes(const char *s)
{
    if (!*s || strcmp(s, "-") == 0) return 1;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p == '"' || *p == '\\' || *p == 0x7f) return 1;
    return 0;
}

void il_lane_outcome(FILE *out, const il_code *c, const il_run_outcome *o, int color)
{
    static const char *const words[] = {"ok", "error", "deadlock"};
    const char *sgr = o->status == IL_STATUS_OK ? SGR_BOLD SGR_GREEN : SGR_BOLD SGR_RED;
    fputs("outcome: ", out);
    if (color) fputs(sgr, out);
    fputs(words[o->status], out);
    if (color) fputs(SGR_RESET, out);
    il_buf b = {0};
    for (size_t i = 0; i < o->noutput; i++) {
        if (i) il_buf_putc(&b, ' ');
        if (needs_quotes(o->output[i])) quoted(&b, o->output[i]);
        else il_buf_puts(&b, o->output[i]);
    }
    fprintf(out, "   output: %s", b.data ? b.data : "-");
    il_buf_free(&b);
    il_trace_fmt_final(&b, c->prog, o->final);
    fprintf(out, "   final: %s\n", b.len ? b.data : "-");
    il_buf_free(&b);
    for (size_t i = 0; i < o->nerrors; i++) {
        fputs("  ", out);
        if (color) fputs(SGR_RED, out);
        fprintf(out, "error: %s", o->errors[i]);
        if (color) fputs(SGR_RESET, out);
        putc('\n', out);
    }
}
