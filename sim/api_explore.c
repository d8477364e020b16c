/* api_explore.c - include/interleave.h's explorations: the explorer's
 * options, its result read through accessors (texts and schedules made on
 * demand, kept in the exploration), traces of every outcome and finding,
 * and the reports (the boundary and the handles: api.h). */
#include "api.h"

#include <string.h>

#include "limit.h"
#include "report.h"

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
    uint64_t budget = il_api_config()->memory_budget;
    o->max_bytes = budget ? il_limit_graph_bytes(budget) : 0;
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
    il_free(x->finals);
    for (int k = 0; k < 3; k++) {
        il_free(x->texts[k]);
        il_free(x->fsched[k]);
    }
    il_free(x->osched);
    il_free(x);
}

int interleave_complete(const interleave_exploration *x) { return x->r->complete; }
const char *interleave_stopped_by(const interleave_exploration *x) { return x->r->stopped_by; }
const char *interleave_stopped_in(const interleave_exploration *x) { return x->r->stopped_in; }
const char *interleave_partial(const interleave_exploration *x) { return x->r->partial; }

const char *interleave_interleavings(const interleave_exploration *x)
{
    return x->r->uncounted ? NULL : x->r->total;
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
    return o && !x->r->uncounted ? o->count : NULL;
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
    for (size_t k = 0; k < n; k++) names[k] = il_step_name(x->m->code, t[k]);
    il_free(t);
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
