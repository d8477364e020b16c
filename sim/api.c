/* api.c - include/interleave.h on top of the engine's modules: the
 * configuration, the boundary every call crosses, models, explorations,
 * their reports and traces, and runs. Replay and check are in api_check.c.
 *
 * The boundary (API_ENTER): every call that can allocate arms il_oom_jump
 * (util.h), so that an allocation that fails anywhere below ends the call
 * with INTERLEAVE_NOMEM and a message, as Lua's lua_pcall catches its
 * errors; and it installs the engine's allocators for GMP for the length of
 * the call, restoring the caller's after. Reporters write to a stdio stream
 * whose writes go to the caller's writer (fopencookie), so the formatting
 * modules (report.c, swimlane.c) keep writing to a FILE. */
#define _GNU_SOURCE /* fopencookie */
#include "api.h"

#include <gmp.h>
#include <stdio.h>
#include <string.h>

#include "bytecode.h"
#include "limit.h"
#include "loader.h"
#include "outfile.h"
#include "report.h"
#include "swimlane.h"

#ifndef IL_VERSION
#define IL_VERSION INTERLEAVE_VERSION
#endif

/* ---- configuration ---------------------------------------------------------- */

static interleave_config config;     /* zero: the defaults */
static char budget_text[64];         /* config.memory_budget_text, copied */

static void to_callback(void *ud, const char *line)
{
    (void)ud;
    if (config.diagnostic) config.diagnostic(config.diagnostic_ud, line);
}

const il_sink il_api_sink = {to_callback, NULL};

void il_api_take(void *dst, size_t dsize, const void *src)
{
    if (!src) return;
    size_t given = *(const size_t *)src; /* every options struct starts with its size */
    memcpy(dst, src, given < dsize ? given : dsize);
    *(size_t *)dst = dsize;
}

void il_api_init(void *dst, size_t size, const void *defaults, size_t dsize)
{
    if (size < sizeof(size_t)) return; /* not even room for the size: nothing to fill */
    memcpy(dst, defaults, size < dsize ? size : dsize);
    *(size_t *)dst = size;
}

const char *interleave_version(void) { return IL_VERSION; }

const char *interleave_status_name(interleave_status s)
{
    switch (s) {
    case INTERLEAVE_OK: return "ok";
    case INTERLEAVE_BAD_INPUT: return "bad input";
    case INTERLEAVE_LIMIT: return "limit";
    case INTERLEAVE_NOMEM: return "out of memory";
    case INTERLEAVE_IO: return "I/O error";
    }
    return "unknown status";
}

void interleave_config_init_(interleave_config *c, size_t size)
{
    interleave_config d = {0};
    il_api_init(c, size, &d, sizeof d);
}

interleave_status interleave_configure(const interleave_config *c)
{
    interleave_config next = {0};
    il_api_take(&next, sizeof next, c);
    if (next.memory_budget && next.memory_budget < INTERLEAVE_MIN_MEMORY) {
        /* said where it was asked; nothing else of next is applied */
        config.diagnostic = next.diagnostic;
        config.diagnostic_ud = next.diagnostic_ud;
        to_callback(NULL, "interleave: error: the memory budget must be at least "
                          INTERLEAVE_MIN_MEMORY_TEXT);
        return INTERLEAVE_BAD_INPUT;
    }
    config = next;
    il_alloc_fn = config.alloc;
    il_alloc_ud = config.alloc_ud;
    budget_text[0] = '\0';
    if (config.memory_budget) {
        if (config.memory_budget_text)
            snprintf(budget_text, sizeof budget_text, "%s", config.memory_budget_text);
        else
            il_format_size(config.memory_budget, budget_text, sizeof budget_text);
        il_limit_memory(config.memory_budget, budget_text);
    }
    config.memory_budget_text = budget_text;
    return INTERLEAVE_OK;
}

const interleave_config *il_api_config(void) { return &config; }

uint64_t interleave_memory_default(void) { return il_memory_default(); }

const char *interleave_memory_budget_text(void) { return budget_text; }

void interleave_request_stop(const char *reason) { il_limit_request_stop(reason); }

const char *interleave_stop_reason(void) { return il_limit_stopped(); }

void interleave_remove_temporaries(void) { il_outfile_unlink_temps(); }

/* ---- the boundary -------------------------------------------------------------- */

/* GMP's allocations (exact counts) fail as ours do, not with abort(). */
static void *gmp_alloc(size_t n) { return il_xmalloc(n); }
static void *gmp_realloc(void *p, size_t old, size_t n)
{
    (void)old;
    return il_xrealloc(p, n);
}
static void gmp_free(void *p, size_t n)
{
    (void)n;
    free(p);
}

void il_api_push(il_api_frame *f)
{
    f->outer = il_oom_jump;
    if (f->outer) return; /* a call from a callback: the outermost frame has set things up */
    mp_get_memory_functions(&f->gmp_alloc, &f->gmp_realloc, &f->gmp_free);
    mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
}

void il_api_pop(const il_api_frame *f)
{
    il_oom_jump = f->outer;
    if (!f->outer) mp_set_memory_functions(f->gmp_alloc, f->gmp_realloc, f->gmp_free);
}

void il_api_nomem(const il_api_frame *f)
{
    il_limit_guard(NULL); /* a load's guard, if it was inside one */
    il_memory_uncap();    /* room for the caller to say so and end */
    il_api_pop(f);
    char line[256]; /* not one more allocation: the last one failed */
    snprintf(line, sizeof line, "interleave: error: %s", il_oom_message());
    to_callback(NULL, line);
}

/* ---- writers ------------------------------------------------------------------ */

static ssize_t cookie_write(void *cookie, const char *buf, size_t n)
{
    il_api_out *o = cookie;
    if (o->failed || o->w(o->ud, buf, n) != 0) {
        o->failed = 1;
        return -1;
    }
    return (ssize_t)n;
}

FILE *il_api_out_open(il_api_out *o, interleave_writer w, void *ud)
{
    o->w = w;
    o->ud = ud;
    o->failed = 0;
    cookie_io_functions_t io = {.write = cookie_write};
    FILE *f = fopencookie(o, "w", io);
    if (!f) il_out_of_memory("opening a report stream");
    return f;
}

interleave_status il_api_out_close(FILE *f, il_api_out *o)
{
    int e = fclose(f);
    return e != 0 || o->failed ? INTERLEAVE_IO : INTERLEAVE_OK;
}

interleave_status interleave_write_display(const char *s, interleave_writer w, void *ud)
{
    if (!w) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    il_buf b = {0};
    il_buf_put_display(&b, s);
    interleave_status st = w(ud, b.data, b.len) == 0 ? INTERLEAVE_OK : INTERLEAVE_IO;
    il_buf_free(&b);
    API_LEAVE(st);
}

/* ---- output files ---------------------------------------------------------------- */

void interleave_protect_input(const char *path)
{
    if (!path) return;
    API_ENTER();
    il_outfile_protect(path);
    API_LEAVE_VOID();
}

int interleave_is_input(const char *path) { return path && il_outfile_is_input(path); }

static interleave_status write_error(const char *path, int e)
{
    il_diag d;
    il_diag_init(&d, NULL, &il_api_sink);
    il_diag_say(&d, "error", "cannot write '%s': %s", path, il_outfile_strerror(e));
    return INTERLEAVE_IO;
}

interleave_status interleave_output_probe(const char *path)
{
    if (!path) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    int e = il_outfile_probe(path);
    API_LEAVE(e ? write_error(path, e) : INTERLEAVE_OK);
}

interleave_status interleave_output_write(const char *path, const char *data, size_t len)
{
    if (!path || (len && !data)) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    int e = il_outfile_write(path, data, len);
    API_LEAVE(e ? write_error(path, e) : INTERLEAVE_OK);
}

/* ---- models ---------------------------------------------------------------------- */

interleave_model *il_api_model(il_program *p, il_code *c)
{
    interleave_model *m = il_xcalloc(1, sizeof *m);
    m->prog = p;
    m->code = c;
    return m;
}

/* Loads under the limits' guard: a limit reached while loading (polled from
 * the allocator) or an allocation the budget refuses comes back here. */
static interleave_status load(const char *path, const char *text, size_t len,
                              interleave_model **out)
{
    *out = NULL;
    il_limit_begin(config.max_seconds); /* the model's clock starts now */
    il_diag d;
    il_diag_init(&d, path, &il_api_sink);
    jmp_buf stop;
    if (setjmp(stop)) return INTERLEAVE_LIMIT; /* what the load held is lost (limit.h) */
    il_limit_guard(&stop);
    il_program *p = text ? il_load_program_text(path, text, len, &d) : il_load_program(path, &d);
    if (!p) {
        il_limit_guard(NULL);
        if (d.errors == 0) il_diag_say(&d, "error", "cannot load '%s'", path);
        return INTERLEAVE_BAD_INPUT;
    }
    il_code *c = il_compile(p, &d);
    il_limit_guard(NULL);
    if (!c) {
        if (d.errors == 0) il_diag_say(&d, "error", "cannot compile '%s'", path);
        il_program_free(p);
        return INTERLEAVE_BAD_INPUT;
    }
    *out = il_api_model(p, c);
    return INTERLEAVE_OK;
}

interleave_status interleave_load(const char *path, interleave_model **out)
{
    if (!out) return INTERLEAVE_BAD_INPUT;
    *out = NULL;
    API_ENTER(INTERLEAVE_NOMEM);
    if (path) il_outfile_protect(path); /* no trace may replace the program */
    API_LEAVE(load(path, NULL, 0, out));
}

interleave_status interleave_load_text(const char *path, const char *text, size_t len,
                                       interleave_model **out)
{
    if (!out) return INTERLEAVE_BAD_INPUT;
    *out = NULL;
    if (!text) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    API_LEAVE(load(path ? path : "<input>", text, len, out));
}

void interleave_model_free(interleave_model *m)
{
    if (!m) return;
    il_code_free(m->code);
    il_program_free(m->prog);
    free(m);
}

const char *interleave_model_name(const interleave_model *m) { return m->prog->name; }
const char *interleave_model_path(const interleave_model *m) { return m->prog->path; }
size_t interleave_model_thread_count(const interleave_model *m) { return m->code->nthreads; }

const char *interleave_model_thread_name(const interleave_model *m, size_t t)
{
    return t < m->code->nthreads ? m->code->threads[t].name : NULL;
}

long interleave_model_thread_index(const interleave_model *m, const char *name)
{
    return name ? il_run_thread_index(m->code, name) : -1;
}

interleave_status interleave_model_disasm(const interleave_model *m, interleave_writer w,
                                          void *ud)
{
    if (!w) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    il_api_out o;
    FILE *f = il_api_out_open(&o, w, ud);
    il_disasm(m->code, f);
    API_LEAVE(il_api_out_close(f, &o));
}

/* ---- explorations ------------------------------------------------------------------ */

/* A schedule computed on demand: thread names, in x's arena. */
typedef struct sched {
    int done;
    const char *const *names;
    size_t n;
} sched;

struct interleave_exploration {
    const interleave_model *m; /* borrowed */
    il_explorer *x;
    const il_result *r;        /* x's */
    int list;                  /* explored for INTERLEAVE_REPORT_LIST */
    il_arena arena;            /* trace paths, texts and schedules below */
    const char *subdir;        /* interleave_write_traces's */
    const char **finals;       /* per outcome, on demand */
    const char **texts[3];     /* per finding of each kind, on demand */
    sched *osched, *fsched[3];
};

void interleave_explore_options_init_(interleave_explore_options *o, size_t size)
{
    interleave_explore_options d = {0};
    il_api_init(o, size, &d, sizeof d);
}

/* The options for the explorer: 0, or -1 after a message when they do not
 * combine. */
static int explore_opts(const interleave_explore_options *given, il_explore_opts *o)
{
    interleave_explore_options a = {0};
    il_api_take(&a, sizeof a, given);
    memset(o, 0, sizeof *o);
    o->max_states = a.max_states;
    o->no_races = a.no_races;
    /* the listing is of the program's own threads: a graph of symmetry
     * classes would list each class once */
    o->no_symmetry = a.no_symmetry || a.list;
    o->no_counts = a.no_counts;
    o->compact = a.compact;
    o->list = a.list;
    o->has_bound = a.has_bound;
    o->bound = a.bound;
    o->random = a.random;
    o->seed = a.seed;
    /* without a budget, no limit on the graph; with one, the share that
     * leaves room for the rest (limit.h) */
    o->max_bytes = config.memory_budget ? il_limit_graph_bytes(config.memory_budget) : 0;
    const char *clash = NULL;
    if (a.random && a.has_bound) clash = "random and bound";
    else if (a.no_counts && a.random) clash = "no_counts and random";
    else if (a.no_counts && a.has_bound) clash = "no_counts and bound";
    else if (a.list && (a.no_counts || a.compact || a.random))
        clash = a.no_counts ? "list and no_counts" : a.compact ? "list and compact" : "list and random";
    if (clash) {
        il_diag d;
        il_diag_init(&d, NULL, &il_api_sink);
        il_diag_plain(&d, "the explore options %s cannot be combined", clash);
        return -1;
    }
    return 0;
}

static interleave_status found_status(const il_result *r)
{
    /* bound and random are partial by request, not stopped by a limit */
    return r->complete || (r->partial && !r->stopped_by) ? INTERLEAVE_OK : INTERLEAVE_LIMIT;
}

interleave_status interleave_explore(const interleave_model *m,
                                     const interleave_explore_options *o,
                                     interleave_exploration **out)
{
    if (!out) return INTERLEAVE_BAD_INPUT;
    *out = NULL;
    if (!m) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    il_explore_opts eo;
    if (explore_opts(o, &eo) != 0) API_LEAVE(INTERLEAVE_BAD_INPUT);
    interleave_exploration *x = il_xcalloc(1, sizeof *x);
    x->m = m;
    x->list = eo.list;
    il_arena_init(&x->arena);
    x->x = il_explorer_new(m->code);
    x->r = il_explore(x->x, &eo);
    *out = x; /* only now: after out of memory there is nothing to free */
    API_LEAVE(found_status(x->r));
}

void interleave_exploration_free(interleave_exploration *x)
{
    if (!x) return;
    il_explorer_free(x->x);
    il_arena_free(&x->arena);
    free(x->finals);
    for (int k = 0; k < 3; k++) {
        free(x->texts[k]);
        free(x->fsched[k]);
    }
    free(x->osched);
    free(x);
}

int interleave_complete(const interleave_exploration *x) { return x->r->complete; }
const char *interleave_stopped_by(const interleave_exploration *x) { return x->r->stopped_by; }
const char *interleave_stopped_in(const interleave_exploration *x) { return x->r->stopped_in; }
const char *interleave_partial(const interleave_exploration *x) { return x->r->partial; }

const char *interleave_interleavings(const interleave_exploration *x)
{
    return x->r->reduced ? NULL : x->r->total;
}

uint64_t interleave_states(const interleave_exploration *x) { return x->r->states; }
uint64_t interleave_transitions(const interleave_exploration *x) { return x->r->transitions; }
double interleave_seconds(const interleave_exploration *x) { return x->r->seconds; }
size_t interleave_outcome_count(const interleave_exploration *x) { return x->r->noutcomes; }

static const il_outcome *outcome(const interleave_exploration *x, size_t i)
{
    return i < x->r->noutcomes ? &x->r->outcomes[i] : NULL;
}

interleave_outcome_status interleave_outcome_status_of(const interleave_exploration *x, size_t i)
{
    const il_outcome *o = outcome(x, i);
    switch (o ? o->status : IL_STATUS_OK) {
    case IL_STATUS_OK: return INTERLEAVE_OUTCOME_OK;
    case IL_STATUS_ERROR: return INTERLEAVE_OUTCOME_ERROR;
    case IL_STATUS_DEADLOCK: return INTERLEAVE_OUTCOME_DEADLOCK;
    }
    return INTERLEAVE_OUTCOME_OK;
}

const char *interleave_outcome_interleavings(const interleave_exploration *x, size_t i)
{
    const il_outcome *o = outcome(x, i);
    return o && !x->r->reduced ? o->count : NULL;
}

size_t interleave_outcome_output_count(const interleave_exploration *x, size_t i)
{
    const il_outcome *o = outcome(x, i);
    return o ? o->noutput : 0;
}

const char *interleave_outcome_output(const interleave_exploration *x, size_t i, size_t line)
{
    const il_outcome *o = outcome(x, i);
    return o && line < o->noutput ? o->output[line] : NULL;
}

const char *interleave_outcome_final(const interleave_exploration *x, size_t i)
{
    const il_outcome *o = outcome(x, i);
    if (!o) return NULL;
    interleave_exploration *w = (interleave_exploration *)x; /* a cache, not a change */
    API_ENTER(NULL);
    if (!w->finals) w->finals = il_xcalloc(x->r->noutcomes, sizeof *w->finals);
    if (!w->finals[i]) {
        il_buf b = {0};
        il_trace_fmt_final(&b, x->m->prog, o->final);
        w->finals[i] = il_arena_strdup(&w->arena, b.data);
        il_buf_free(&b);
    }
    API_LEAVE(w->finals[i]);
}

size_t interleave_finding_count(const interleave_exploration *x, interleave_finding kind)
{
    switch (kind) {
    case INTERLEAVE_FINDING_DEADLOCK: return x->r->ndeadlocks;
    case INTERLEAVE_FINDING_ERROR: return x->r->nerrors;
    case INTERLEAVE_FINDING_RACE: return x->r->nraces;
    }
    return 0;
}

static void finding_text(const interleave_exploration *x, interleave_finding kind, size_t i,
                         il_buf *b)
{
    switch (kind) {
    case INTERLEAVE_FINDING_DEADLOCK: {
        const il_deadlock *d = &x->r->deadlocks[i];
        for (size_t k = 0; k < d->nblocked; k++)
            il_buf_printf(b, "%s%s at line %d waiting for %s", k ? "; " : "", d->blocked[k].thread,
                          d->blocked[k].line, d->blocked[k].waiting_for);
        break;
    }
    case INTERLEAVE_FINDING_ERROR: {
        const il_error_info *e = &x->r->errors[i].info;
        il_buf_printf(b, "%s: %s at line %d", e->thread, e->kind, e->line);
        if (e->message && *e->message) il_buf_printf(b, ": %s", e->message);
        if (e->hidden) il_buf_puts(b, " (hidden by the executor)");
        break;
    }
    case INTERLEAVE_FINDING_RACE: {
        const il_race *r = &x->r->races[i];
        il_buf_printf(b, "race on %s: %s %s it at line %d, %s %s it at line %d", r->location,
                      r->first.thread, r->first.is_write ? "writes" : "reads", r->first.line,
                      r->second.thread, r->second.is_write ? "writes" : "reads", r->second.line);
        break;
    }
    }
    if (!b->data) il_buf_puts(b, "");
}

const char *interleave_finding_text(const interleave_exploration *x, interleave_finding kind,
                                    size_t i)
{
    if ((unsigned)kind > INTERLEAVE_FINDING_RACE || i >= interleave_finding_count(x, kind))
        return NULL;
    interleave_exploration *w = (interleave_exploration *)x;
    API_ENTER(NULL);
    const char **t = w->texts[kind];
    if (!t) t = w->texts[kind] = il_xcalloc(interleave_finding_count(x, kind), sizeof *t);
    if (!t[i]) {
        il_buf b = {0};
        finding_text(x, kind, i, &b);
        t[i] = il_arena_strdup(&w->arena, b.data);
        il_buf_free(&b);
    }
    API_LEAVE(t[i]);
}

/* The path to state, then extra[0..nextra) (a race's two accesses); or
 * the whole given schedule. As names, in x's arena. */
static void make_sched(interleave_exploration *x, sched *s, uint32_t state, const uint32_t *extra,
                       size_t nextra, const uint32_t *whole, size_t nwhole)
{
    size_t n = whole ? nwhole : il_explorer_path(x->x, state, NULL, 0);
    uint32_t *t = il_xmalloc(sizeof *t * (n + nextra + 1));
    if (whole) memcpy(t, whole, n * sizeof *t);
    else il_explorer_path(x->x, state, t, n);
    for (size_t k = 0; !whole && k < nextra; k++) t[n++] = extra[k];
    const char **names = il_arena_alloc(&x->arena, sizeof *names * (n + 1));
    for (size_t k = 0; k < n; k++) names[k] = x->m->code->threads[t[k]].name;
    free(t);
    s->names = names;
    s->n = n;
    s->done = 1;
}

interleave_status interleave_outcome_schedule(const interleave_exploration *x, size_t i,
                                              const char *const **threads, size_t *n)
{
    const il_outcome *o = outcome(x, i);
    if (!o || !threads || !n) return INTERLEAVE_BAD_INPUT;
    interleave_exploration *w = (interleave_exploration *)x;
    API_ENTER(INTERLEAVE_NOMEM);
    if (!w->osched) w->osched = il_xcalloc(x->r->noutcomes, sizeof *w->osched);
    sched *s = &w->osched[i];
    if (!s->done) make_sched(w, s, o->state, NULL, 0, NULL, 0);
    *threads = s->names;
    *n = s->n;
    API_LEAVE(INTERLEAVE_OK);
}

interleave_status interleave_finding_schedule(const interleave_exploration *x,
                                              interleave_finding kind, size_t i,
                                              const char *const **threads, size_t *n)
{
    if ((unsigned)kind > INTERLEAVE_FINDING_RACE || i >= interleave_finding_count(x, kind) ||
        !threads || !n)
        return INTERLEAVE_BAD_INPUT;
    interleave_exploration *w = (interleave_exploration *)x;
    API_ENTER(INTERLEAVE_NOMEM);
    sched **all = &w->fsched[kind];
    if (!*all) *all = il_xcalloc(interleave_finding_count(x, kind), sizeof **all);
    sched *s = &(*all)[i];
    if (!s->done) {
        const il_result *r = x->r;
        if (kind == INTERLEAVE_FINDING_DEADLOCK) {
            make_sched(w, s, r->deadlocks[i].state, NULL, 0, NULL, 0);
        } else if (kind == INTERLEAVE_FINDING_ERROR) {
            make_sched(w, s, r->errors[i].state, NULL, 0, NULL, 0);
        } else {
            const il_race *rc = &r->races[i];
            uint32_t ab[2] = {rc->thread_a, rc->thread_b};
            make_sched(w, s, rc->state, ab, 2, rc->schedule, rc->nschedule);
        }
    }
    *threads = s->names;
    *n = s->n;
    API_LEAVE(INTERLEAVE_OK);
}

interleave_status interleave_write_traces(interleave_exploration *x, const char *dir,
                                          size_t *written, const char **subdir)
{
    if (written) *written = 0;
    if (subdir) *subdir = NULL;
    if (!x || !dir || !*dir) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    il_diag d;
    il_diag_init(&d, x->m->prog->path, &il_api_sink);
    long n = il_trace_write_all(dir, x->x, x->r, x->m->code, x->m->prog->path, &x->arena,
                                &x->subdir, &d);
    if (n < 0) API_LEAVE(n == IL_TRACE_IO ? INTERLEAVE_IO : INTERLEAVE_BAD_INPUT);
    /* a limit reached while writing them leaves the others out */
    const char *why = il_limit_stopped();
    if (why) il_explorer_stopped(x->x, why, "writing traces");
    if (written) *written = (size_t)n;
    if (subdir) *subdir = x->subdir;
    size_t want = x->r->noutcomes + x->r->ndeadlocks + x->r->nerrors + x->r->nraces;
    API_LEAVE(why && (size_t)n < want ? INTERLEAVE_LIMIT : INTERLEAVE_OK);
}

const char *interleave_outcome_trace(const interleave_exploration *x, size_t i)
{
    const il_outcome *o = outcome(x, i);
    return o ? o->trace : NULL;
}

const char *interleave_finding_trace(const interleave_exploration *x, interleave_finding kind,
                                     size_t i)
{
    if (i >= interleave_finding_count(x, kind)) return NULL;
    switch (kind) {
    case INTERLEAVE_FINDING_DEADLOCK: return x->r->deadlocks[i].trace;
    case INTERLEAVE_FINDING_ERROR: return x->r->errors[i].trace;
    case INTERLEAVE_FINDING_RACE: return x->r->races[i].trace;
    }
    return NULL;
}

/* ---- reports -------------------------------------------------------------------------- */

static const interleave_report_options report_defaults = {
    .size = sizeof(interleave_report_options), .format = INTERLEAVE_REPORT_TABLE, .limit = 100};

void interleave_report_options_init_(interleave_report_options *o, size_t size)
{
    il_api_init(o, size, &report_defaults, sizeof report_defaults);
}

interleave_status interleave_report(const interleave_exploration *x,
                                    const interleave_report_options *given,
                                    interleave_writer w, void *ud)
{
    if (!x || !w) return INTERLEAVE_BAD_INPUT;
    interleave_report_options o = report_defaults;
    il_api_take(&o, sizeof o, given);
    API_ENTER(INTERLEAVE_NOMEM);
    if (o.format == INTERLEAVE_REPORT_LIST && !x->list) {
        il_diag d;
        il_diag_init(&d, NULL, &il_api_sink);
        il_diag_plain(&d, "the listing needs an exploration with the list option");
        API_LEAVE(INTERLEAVE_BAD_INPUT);
    }
    il_api_out out;
    FILE *f = il_api_out_open(&out, w, ud);
    switch (o.format) {
    case INTERLEAVE_REPORT_TABLE:
        il_report_human_races(f, x->m->prog, x->r, o.color, o.all_races);
        break;
    case INTERLEAVE_REPORT_JSON: il_report_json(f, x->m->prog, x->r); break;
    case INTERLEAVE_REPORT_LIST: il_explorer_list(x->x, o.limit, f); break;
    }
    API_LEAVE(il_api_out_close(f, &out));
}

interleave_status interleave_report_unloaded(const char *path,
                                             const interleave_explore_options *eo,
                                             const interleave_report_options *given,
                                             interleave_writer w, void *ud)
{
    if (!path || !w || !il_limit_stopped()) return INTERLEAVE_BAD_INPUT;
    interleave_explore_options e = {0};
    il_api_take(&e, sizeof e, eo);
    interleave_report_options o = report_defaults;
    il_api_take(&o, sizeof o, given);
    API_ENTER(INTERLEAVE_NOMEM);
    il_program none;
    memset(&none, 0, sizeof none);
    none.path = none.name = path;
    il_result r;
    memset(&r, 0, sizeof r);
    r.program = path;
    r.stopped_by = il_limit_stopped();
    r.stopped_in = "loading the program";
    r.total = "0";
    r.races_checked = !e.no_races;
    il_api_out out;
    FILE *f = il_api_out_open(&out, w, ud);
    if (o.format == INTERLEAVE_REPORT_JSON) il_report_json(f, &none, &r);
    else if (o.format == INTERLEAVE_REPORT_TABLE) il_report_human(f, &none, &r, o.color);
    API_LEAVE(il_api_out_close(f, &out));
}

/* ---- runs ------------------------------------------------------------------------------- */

interleave_run *il_api_run(const interleave_model *m, interleave_model *owned)
{
    interleave_run *r = il_xcalloc(1, sizeof *r);
    r->m = m;
    r->owned = owned;
    il_run_init(&r->run, m->code, m->prog->text, m->prog->text_len);
    return r;
}

interleave_status interleave_run_new(const interleave_model *m, interleave_run **out)
{
    if (!out) return INTERLEAVE_BAD_INPUT;
    *out = NULL;
    if (!m) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    *out = il_api_run(m, NULL);
    API_LEAVE(INTERLEAVE_OK);
}

void interleave_run_free(interleave_run *r)
{
    if (!r) return;
    il_run_free(&r->run);
    il_buf_free(&r->scratch);
    free(r->message);
    interleave_model_free(r->owned);
    free(r);
}

const interleave_model *interleave_run_model(const interleave_run *r) { return r->m; }

static const char *status_word(il_status s)
{
    return s == IL_STATUS_OK ? "ok" : s == IL_STATUS_ERROR ? "error" : "deadlock";
}

typedef IL_VEC(uint32_t) u32vec;

/* "t1,t1, t2" -> thread indices: 0, or -1 after a message. */
static int parse_schedule(const il_code *c, const char *s, const char *label, il_diag *d,
                          u32vec *out)
{
    size_t k = 0;
    const char *p = s;
    for (;;) {
        while (*p == ' ' || *p == '\t') p++;
        const char *q = p;
        while (*q && *q != ',' && *q != ' ' && *q != '\t') q++;
        size_t len = (size_t)(q - p);
        k++;
        if (len == 0 && (*q == ',' || k > 1 || *q)) {
            il_diag_say(d, "error", "%s: entry %zu is empty (write threads as t1,t2,...)", label, k);
            return -1;
        }
        if (len) {
            char *name = il_xstrndup(p, len);
            int t = il_run_thread_index(c, name);
            if (t < 0) {
                il_buf names = {0};
                for (uint32_t i = 0; i < c->nthreads; i++)
                    il_buf_printf(&names, "%s%s", i ? ", " : "", c->threads[i].name);
                il_arena shown; /* the user's string: no raw control characters */
                il_arena_init(&shown);
                il_diag_say(d, "error", "%s: entry %zu: no thread '%s' (threads: %s)", label, k,
                              il_show(&shown, name, len), names.data);
                il_arena_free(&shown);
                il_buf_free(&names);
                free(name);
                return -1;
            }
            free(name);
            IL_VEC_PUSH(*out, (uint32_t)t);
        }
        while (*q == ' ' || *q == '\t') q++;
        if (!*q) break;
        if (*q == ',') q++;
        p = q;
    }
    return 0;
}

/* Takes the steps, or says which one cannot be taken. */
static int follow(il_run *r, const uint32_t *sched, size_t n, il_diag *d)
{
    const il_code *c = r->code;
    for (size_t k = 0; k < n; k++) {
        if (il_run_ended(r)) {
            il_run_outcome o;
            il_run_outcome_get(r, &o);
            il_diag_say(d, "error", "step %zu: the run has already ended (%s) after %zu step%s, but the "
                             "schedule has %zu", k + 1, status_word(o.status), k, k == 1 ? "" : "s", n);
            return -1;
        }
        if (!il_run_can_move(r, sched[k])) {
            il_buf why = {0}, en = {0};
            il_run_why_not(r, sched[k], &why);
            il_run_enabled_names(r, &en);
            il_diag_say(d, "error", "step %zu: %s cannot move (%s); enabled: %s", k + 1,
                          c->threads[sched[k]].name, why.data, en.data);
            il_buf_free(&why);
            il_buf_free(&en);
            return -1;
        }
        il_run_step(r, sched[k], NULL);
    }
    return 0;
}

interleave_status interleave_run_follow(interleave_run *r, const char *schedule, const char *label)
{
    if (!r || !schedule) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    il_diag d;
    il_diag_init(&d, NULL, &il_api_sink);
    u32vec sched = {0};
    int rc = parse_schedule(r->m->code, schedule, label ? label : "schedule", &d, &sched);
    if (rc == 0) rc = follow(&r->run, sched.items, sched.len, &d);
    free(sched.items);
    API_LEAVE(rc == 0 ? INTERLEAVE_OK : INTERLEAVE_BAD_INPUT);
}

int interleave_run_ended(interleave_run *r)
{
    API_ENTER(1);
    API_LEAVE(il_run_ended(&r->run));
}

int interleave_run_can_move(interleave_run *r, size_t thread)
{
    if (thread >= r->m->code->nthreads) return 0;
    API_ENTER(0);
    API_LEAVE(il_run_can_move(&r->run, (uint32_t)thread));
}

interleave_status interleave_run_step(interleave_run *r, size_t thread)
{
    if (thread >= r->m->code->nthreads) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    il_step_res s = il_run_step(&r->run, (uint32_t)thread, NULL);
    API_LEAVE(s == IL_STEP_OK ? INTERLEAVE_OK : INTERLEAVE_BAD_INPUT);
}

const char *interleave_run_why_not(interleave_run *r, size_t thread)
{
    if (thread >= r->m->code->nthreads) return "no such thread";
    API_ENTER(NULL);
    il_buf_free(&r->scratch);
    il_run_why_not(&r->run, (uint32_t)thread, &r->scratch);
    if (!r->scratch.data) il_buf_puts(&r->scratch, "");
    API_LEAVE(r->scratch.data);
}

const char *interleave_run_enabled(interleave_run *r)
{
    API_ENTER(NULL);
    il_buf_free(&r->scratch);
    il_run_enabled_names(&r->run, &r->scratch);
    API_LEAVE(r->scratch.data);
}

size_t interleave_run_length(const interleave_run *r) { return r->run.steps.len; }

size_t interleave_run_step_thread(const interleave_run *r, size_t step)
{
    return step < r->run.steps.len ? r->run.steps.items[step].thread : 0;
}

interleave_outcome_status interleave_run_status(interleave_run *r)
{
    API_ENTER(INTERLEAVE_OUTCOME_OK);
    il_run_outcome o;
    il_run_outcome_get(&r->run, &o);
    interleave_outcome_status s = o.status == IL_STATUS_OK      ? INTERLEAVE_OUTCOME_OK
                                  : o.status == IL_STATUS_ERROR ? INTERLEAVE_OUTCOME_ERROR
                                                                : INTERLEAVE_OUTCOME_DEADLOCK;
    API_LEAVE(s);
}

interleave_status interleave_run_write_trace(interleave_run *r, const char *path)
{
    if (!r || !path || !*path) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    il_diag d;
    il_diag_init(&d, path, &il_api_sink);
    int rc = il_trace_write_run(path, &r->run, r->m->prog->path, r->m->prog->sha256, &d);
    API_LEAVE(rc == 0                ? INTERLEAVE_OK
              : rc == IL_TRACE_IO    ? INTERLEAVE_IO
              : rc == IL_TRACE_LIMIT ? INTERLEAVE_LIMIT
                                     : INTERLEAVE_BAD_INPUT);
}

static const interleave_lane_options lane_defaults = {
    .size = sizeof(interleave_lane_options), .width = 120};

void interleave_lane_options_init_(interleave_lane_options *o, size_t size)
{
    il_api_init(o, size, &lane_defaults, sizeof lane_defaults);
}

interleave_status interleave_run_report(interleave_run *r, const interleave_lane_options *given,
                                        interleave_writer w, void *ud)
{
    if (!r || !w) return INTERLEAVE_BAD_INPUT;
    interleave_lane_options o = lane_defaults;
    il_api_take(&o, sizeof o, given);
    API_ENTER(INTERLEAVE_NOMEM);
    il_api_out out;
    FILE *f = il_api_out_open(&out, w, ud);
    il_lane *l = il_lane_new(&r->run, o.color, o.width > 0 ? o.width : lane_defaults.width);
    size_t rows = r->run.steps.len;
    il_lane_header(l, f);
    for (size_t i = 0; i < rows; i++) {
        il_lane_row(l, f, i);
        if (i + 1 < rows && o.pause) {
            fflush(f); /* the rows so far are the caller's before it waits */
            o.pause(o.pause_ud);
        }
    }
    il_lane_blocked(l, f);
    il_lane_free(l);
    API_LEAVE(il_api_out_close(f, &out));
}

interleave_status interleave_run_report_outcome(interleave_run *r, int color,
                                                interleave_writer w, void *ud)
{
    if (!r || !w) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    il_run_outcome o;
    il_run_outcome_get(&r->run, &o);
    il_api_out out;
    FILE *f = il_api_out_open(&out, w, ud);
    il_lane_outcome(f, r->m->code, &o, color);
    API_LEAVE(il_api_out_close(f, &out));
}
