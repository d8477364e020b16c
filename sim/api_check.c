/* api_check.c - include/interleave.h's traces, replay and check, on top of
 * trace.c, replay.c and checker.c (the boundary and the handles: api.h). */
#include "api.h"

#include <string.h>

#include "checker.h"
#include "limit.h"
#include "outfile.h"
#include "replay.h"

/* ---- traces ------------------------------------------------------------------------ */

struct interleave_trace {
    il_trace *t;
};

interleave_status interleave_trace_load(const char *path, interleave_trace **out)
{
    if (!out) return INTERLEAVE_BAD_INPUT;
    *out = NULL;
    if (!path) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    il_diag d;
    il_diag_init(&d, path, &il_api_sink);
    il_trace *t = il_trace_load(path, &d);
    if (t) {
        *out = il_xcalloc(1, sizeof **out);
        (*out)->t = t;
    }
    API_LEAVE(t ? INTERLEAVE_OK : INTERLEAVE_BAD_INPUT);
}

void interleave_trace_free(interleave_trace *t)
{
    if (!t) return;
    il_trace_free(t->t);
    il_free(t);
}

const char *interleave_trace_path(const interleave_trace *t) { return t->t->path; }
size_t interleave_trace_length(const interleave_trace *t) { return t->t->nschedule; }

int interleave_trace_unfinished(const interleave_trace *t)
{
    return t->t->outcome.status && strcmp(t->t->outcome.status, "unfinished") == 0;
}

/* ---- replay ---------------------------------------------------------------------------- */

void interleave_replay_options_init_(interleave_replay_options *o, size_t size)
{
    interleave_replay_options d = {0};
    il_api_init(o, size, &d, sizeof d);
}

interleave_status interleave_replay(const interleave_trace *t, const interleave_replay_options *o,
                                    interleave_run **out)
{
    if (!out) return INTERLEAVE_BAD_INPUT;
    *out = NULL;
    if (!t) return INTERLEAVE_BAD_INPUT;
    interleave_replay_options ro = {0};
    il_api_take(&ro, sizeof ro, o);
    API_ENTER(INTERLEAVE_NOMEM);
    const il_trace *tr = t->t;
    il_diag d;
    il_diag_init(&d, tr->path, &il_api_sink);
    il_replay_input in;
    if (il_replay_open(tr, ro.force, &d, &in) != 0) {
        il_replay_input_free(&in);
        API_LEAVE(INTERLEAVE_BAD_INPUT);
    }
    /* the model takes the program; the run reads its lines from the bytes loaded */
    interleave_model *m = il_api_model(in.prog, in.code);
    in.prog = NULL;
    in.code = NULL;
    il_replay_input_free(&in);
    interleave_run *r = il_api_run(m, m);
    il_diag vd;
    il_diag_init(&vd, tr->path, NULL); /* the caller says it, after the run */
    size_t at;
    int rc = il_replay_check(tr, &r->run, &vd, &at);
    if (rc == 2) { /* a thread the program does not have: a malformed trace */
        il_api_sink.line(il_api_sink.ud, vd.first);
        interleave_run_free(r);
        API_LEAVE(INTERLEAVE_BAD_INPUT);
    }
    if (rc) {
        r->diverged = 1;
        r->diverged_at = at;
        r->message = il_xstrdup(vd.first);
    }
    *out = r;
    API_LEAVE(INTERLEAVE_OK);
}

int interleave_run_diverged(const interleave_run *r, size_t *step, const char **message)
{
    if (step) *step = r->diverged ? r->diverged_at : 0;
    if (message) *message = r->diverged ? r->message : NULL;
    return r->diverged;
}

/* ---- check ------------------------------------------------------------------------------ */

struct interleave_checker {
    il_checker *c;
};

struct interleave_verdict {
    il_verdict v;
};

interleave_status interleave_checker_new(const char *traces_dir, interleave_checker **out)
{
    if (!out) return INTERLEAVE_BAD_INPUT;
    *out = NULL;
    API_ENTER(INTERLEAVE_NOMEM);
    interleave_checker *c = il_xcalloc(1, sizeof *c);
    c->c = il_checker_new(traces_dir, &il_api_sink);
    *out = c;
    API_LEAVE(INTERLEAVE_OK);
}

void interleave_checker_free(interleave_checker *c)
{
    if (!c) return;
    il_checker_free(c->c);
    il_free(c);
}

void interleave_check_options_init_(interleave_check_options *o, size_t size)
{
    interleave_check_options d = {0};
    il_api_init(o, size, &d, sizeof d);
}

interleave_status interleave_check(interleave_checker *c, const char *path,
                                   const interleave_check_options *o, interleave_verdict **out)
{
    if (!out) return INTERLEAVE_BAD_INPUT;
    *out = NULL;
    if (!c || !path) return INTERLEAVE_BAD_INPUT;
    interleave_check_options co = {0};
    il_api_take(&co, sizeof co, o);
    if ((unsigned)co.print > INTERLEAVE_PRINT_CPYTHON) return INTERLEAVE_BAD_INPUT;
    const interleave_config *cfg = il_api_config();
    il_check_opts opts = {
        .max_states = co.max_states,
        .print = co.print == INTERLEAVE_PRINT_CPYTHON  ? IL_PRINT_CPYTHON
                 : co.print == INTERLEAVE_PRINT_ATOMIC ? IL_PRINT_ATOMIC
                                                       : IL_PRINT_DEFAULT,
        .max_bytes = cfg->memory_budget ? il_limit_graph_bytes(cfg->memory_budget) : 0,
        .max_seconds = cfg->max_seconds,
    };
    API_ENTER(INTERLEAVE_NOMEM);
    interleave_verdict *v = il_xcalloc(1, sizeof *v);
    il_outfile_protect(path); /* no trace of this run may replace it */
    int rc = il_checker_check(c->c, path, &opts, &v->v);
    *out = v;
    API_LEAVE(rc == 0 ? INTERLEAVE_OK : INTERLEAVE_LIMIT);
}

void interleave_verdict_free(interleave_verdict *v)
{
    if (!v) return;
    il_verdict_free(&v->v);
    il_free(v);
}

interleave_verdict_kind interleave_verdict_kind_of(const interleave_verdict *v)
{
    switch (v->v.kind) {
    case IL_VERDICT_PASS: return INTERLEAVE_VERDICT_PASS;
    case IL_VERDICT_FAIL: return INTERLEAVE_VERDICT_FAIL;
    case IL_VERDICT_ERROR: return INTERLEAVE_VERDICT_ERROR;
    }
    return INTERLEAVE_VERDICT_ERROR;
}

const char *interleave_verdict_name(const interleave_verdict *v) { return v->v.name; }
const char *interleave_verdict_message(const interleave_verdict *v) { return v->v.message; }
const char *interleave_verdict_detail(const interleave_verdict *v) { return v->v.detail; }
double interleave_verdict_seconds(const interleave_verdict *v) { return v->v.seconds; }
int interleave_verdict_incomplete(const interleave_verdict *v) { return v->v.incomplete; }
const char *interleave_verdict_checked(const interleave_verdict *v) { return v->v.checked; }
const char *interleave_verdict_stopped_by(const interleave_verdict *v) { return v->v.stopped_by; }
uint64_t interleave_verdict_states(const interleave_verdict *v) { return v->v.states; }
