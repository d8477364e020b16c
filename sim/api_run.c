/* api_run.c - include/interleave.h's runs: one interleaving taken step by
 * step (schedule.h), a schedule as people write it, a run saved as a trace,
 * and the swimlane (the boundary and the handles: api.h). */
#include "api.h"

#include <string.h>

#include "swimlane.h"

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
    il_free(r->message);
    interleave_model_free(r->owned);
    il_free(r);
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
                il_free(name);
                return -1;
            }
            il_free(name);
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
                          il_step_name(c, sched[k]), why.data, en.data);
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
    il_free(sched.items);
    API_LEAVE(rc == 0 ? INTERLEAVE_OK : INTERLEAVE_BAD_INPUT);
}

int interleave_run_ended(interleave_run *r)
{
    API_ENTER(1);
    API_LEAVE(il_run_ended(&r->run));
}

int interleave_run_can_move(interleave_run *r, size_t thread)
{
    if (thread > r->m->code->nthreads) return 0; /* == : the shutdown step */
    API_ENTER(0);
    API_LEAVE(il_run_can_move(&r->run, (uint32_t)thread));
}

interleave_status interleave_run_step(interleave_run *r, size_t thread)
{
    if (thread > r->m->code->nthreads) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    il_step_res s = il_run_step(&r->run, (uint32_t)thread, NULL);
    API_LEAVE(s == IL_STEP_OK ? INTERLEAVE_OK : INTERLEAVE_BAD_INPUT);
}

const char *interleave_run_why_not(interleave_run *r, size_t thread)
{
    if (thread > r->m->code->nthreads) return "no such thread";
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
