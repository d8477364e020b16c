/* replay.c - replay's engine (see replay.h): a trace's program found,
 * read, checked against its SHA-256 and loaded; then the trace's schedule
 * re-run on it, every step recorded and the outcome compared with what the
 * trace says. The command that prints it is sim/cli/replay.c. */
#include "replay.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compiler.h"
#include "loader.h"

static void thread_list(const il_code *c, il_buf *b)
{
    for (uint32_t t = 0; t < c->nthreads; t++)
        il_buf_printf(b, "%s%s", t ? ", " : "", c->threads[t].name);
}

static const char *status_word(il_status s)
{
    return s == IL_STATUS_OK ? "ok" : s == IL_STATUS_ERROR ? "error" : "deadlock";
}

/* ---- finding the program --------------------------------------------------- */

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && !S_ISDIR(st.st_mode);
}

char *il_replay_find_program(const char *trace_path, const char *program, il_buf *tried)
{
    if (program[0] == '/' || is_file(program)) {
        if (is_file(program)) return il_xstrdup(program);
        il_buf_puts(tried, program);
        return NULL;
    }
    il_buf_puts(tried, ".");
    /* the trace's directory, as an absolute path so ".." never runs away;
     * a symlinked trace's is its target's, where its programs are */
    char *real = realpath(trace_path, NULL);
    char *tdir = il_xstrdup(real ? real : trace_path);
    il_free(real);
    char *slash = strrchr(tdir, '/');
    if (slash) *(slash == tdir ? slash + 1 : slash) = '\0';
    else strcpy(tdir, ".");
    char *dir = realpath(tdir, NULL);
    il_free(tdir);
    if (!dir) return NULL;
    char *found = NULL;
    for (;;) {
        il_buf cand = {0};
        il_buf_printf(&cand, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, program);
        il_buf_printf(tried, ", %s", dir);
        if (is_file(cand.data)) {
            found = cand.data;
            break;
        }
        il_buf_free(&cand);
        char *up = strrchr(dir, '/');
        if (!up || strcmp(dir, "/") == 0) break;
        if (up == dir) up[1] = '\0';
        else *up = '\0';
    }
    il_free(dir);
    return found;
}

/* ---- replay: the check ------------------------------------------------------------ */

/* Reports a divergence at a trace position (the step's field, or the step
 * when the field is absent). */
static int diverge(il_diag *d, il_tpos at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int diverge(il_diag *d, il_tpos at, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    il_diag_error(d, at.line, at.col, "%s", msg);
    return 1;
}

static il_tpos or_step(il_tpos field, const il_trace_step *ts)
{
    return field.line ? field : ts->at;
}

/* "nothing" for an empty set of accesses, so a message never ends in a blank. */
static const char *or_nothing(const char *s) { return s && *s ? s : "nothing"; }

static int compare_str(const char *got, const char *want)
{
    return strcmp(got ? got : "", want ? want : "") == 0;
}

static int check_step(il_run *r, const il_step_rec *s, const il_trace_step *ts, il_diag *d)
{
    const il_code *c = r->code;
    const char *name = il_step_name(c, s->thread);
    long k = ts->step;
    if (strcmp(name, ts->thread) != 0)
        return diverge(d, ts->thread_at, "step %ld: %s took it (line %d: %s), the trace says %s did", k,
                       name, s->line, s->code, ts->thread);
    if (ts->line >= 0 && ts->line != s->line)
        return diverge(d, ts->line_at, "step %ld: %s ran line %d (%s), the trace says line %ld", k,
                       name, s->line, s->code, ts->line);
    if (ts->code && strcmp(ts->code, s->code) != 0)
        return diverge(d, ts->code_at, "step %ld: line %d is \"%s\", the trace says \"%s\"", k,
                       s->line, s->code, ts->code);
    for (int w = 0; w < 2; w++) {
        il_buf got = {0};
        il_trace_fmt_access(&got, c, s, w);
        const char *want = w ? ts->writes : ts->reads;
        int same = compare_str(got.data, want);
        if (!same)
            diverge(d, or_step(w ? ts->writes_at : ts->reads_at, ts),
                    "step %ld: %s %s %s, the trace says %s", k, name, w ? "wrote" : "read",
                    or_nothing(got.data), or_nothing(want));
        il_buf_free(&got);
        if (!same) return 1;
    }
    if (!compare_str(s->output, ts->output) || (!s->output) != (!ts->output)) {
        il_buf a = {0}, b = {0};
        if (s->output) il_buf_printf(&a, "printed \"%s\"", s->output);
        else il_buf_puts(&a, "printed nothing");
        if (ts->output) il_buf_printf(&b, "\"%s\"", ts->output);
        else il_buf_puts(&b, "nothing");
        diverge(d, or_step(ts->output_at, ts), "step %ld: %s %s, the trace says %s", k, name, a.data,
                b.data);
        il_buf_free(&a);
        il_buf_free(&b);
        return 1;
    }
    if (!compare_str(s->error, ts->error) || (!s->error) != (!ts->error))
        return diverge(d, or_step(ts->error_at, ts), "step %ld: %s %s%s, the trace says %s", k, name,
                       s->error ? "failed with " : "raised no error", s->error ? s->error : "",
                       ts->error ? ts->error : "no error");
    return 0;
}

static void join_list(il_buf *b, const char *const *items, size_t n, const char *sep)
{
    for (size_t i = 0; i < n; i++) il_buf_printf(b, "%s\"%s\"", i ? sep : "", items[i]);
    if (!n) il_buf_puts(b, "nothing");
}

static int check_outcome(const il_trace *tr, il_run *r, il_diag *d)
{
    const il_trace_outcome *to = &tr->outcome;
    const il_code *c = r->code;
    size_t n = tr->nschedule;
    int ended = il_run_ended(r);
    if (strcmp(to->status, "unfinished") == 0) {
        if (!ended) return 0;
        il_run_outcome o;
        il_run_outcome_get(r, &o);
        return diverge(d, to->status_at, "the run ended (%s) after the schedule's %zu step%s, the "
                       "trace says it goes on", status_word(o.status), n, n == 1 ? "" : "s");
    }
    if (!ended) {
        il_buf en = {0};
        il_run_enabled_names(r, &en);
        diverge(d, to->status_at, "the run has not ended after the schedule's %zu step%s (can still "
                "move: %s), the trace says it ends %s", n, n == 1 ? "" : "s", en.data, to->status);
        il_buf_free(&en);
        return 1;
    }
    il_run_outcome o;
    il_run_outcome_get(r, &o);
    if (strcmp(status_word(o.status), to->status) != 0)
        return diverge(d, to->status_at, "outcome: the run ended %s, the trace says %s",
                       status_word(o.status), to->status);
    int rc = 0;
    if (to->has_output) {
        int same = o.noutput == to->noutput;
        for (size_t i = 0; same && i < o.noutput; i++) same = strcmp(o.output[i], to->output[i]) == 0;
        if (!same) {
            il_buf a = {0}, b = {0};
            join_list(&a, o.output, o.noutput, ", ");
            join_list(&b, to->output, to->noutput, ", ");
            rc = diverge(d, to->output_at, "outcome: the output is %s, the trace says %s", a.data, b.data);
            il_buf_free(&a);
            il_buf_free(&b);
            return rc;
        }
    }
    if (to->final) {
        il_buf a = {0};
        il_trace_fmt_final(&a, c->prog, o.final);
        if (strcmp(a.data, to->final) != 0)
            rc = diverge(d, to->final_at, "outcome: final values %s, the trace says %s", a.data,
                         *to->final ? to->final : "nothing"); /* final: {} */
        il_buf_free(&a);
        if (rc) return rc;
    }
    int same = o.nerrors == to->nerrors;
    for (size_t i = 0; same && i < o.nerrors; i++) same = strcmp(o.errors[i], to->errors[i]) == 0;
    if (!same) {
        il_buf a = {0}, b = {0};
        join_list(&a, o.errors, o.nerrors, ", ");
        join_list(&b, to->errors, to->nerrors, ", ");
        rc = diverge(d, to->errors_at, "outcome: errors %s, the trace says %s", a.data, b.data);
        il_buf_free(&a);
        il_buf_free(&b);
        return rc;
    }
    il_buf a = {0};
    il_trace_fmt_blocked(&a, &o);
    if (!compare_str(a.data, to->blocked))
        rc = diverge(d, to->blocked_at, "outcome: blocked %s, the trace says %s", or_nothing(a.data),
                     or_nothing(to->blocked));
    il_buf_free(&a);
    return rc;
}

int il_replay_check(const il_trace *tr, il_run *r, il_diag *d, size_t *step)
{
    const il_code *c = r->code;
    uint32_t *idx = il_xmalloc(sizeof(uint32_t) * (tr->nschedule + 1));
    int rc = 0;
    *step = 0;
    /* names first: an unknown one is a malformed trace, not a divergence */
    il_buf names = {0};
    thread_list(c, &names);
    il_arena shown; /* the trace's names are the user's: no raw control characters */
    il_arena_init(&shown);
    for (size_t k = 0; k < tr->nschedule && rc == 0; k++) {
        int t = il_run_thread_index(c, tr->schedule[k]);
        if (t < 0) {
            il_diag_error(d, tr->schedule_pos[k].line, tr->schedule_pos[k].col,
                          "schedule: entry %zu: no thread '%s' in the program (threads: %s)", k + 1,
                          il_show(&shown, tr->schedule[k], strlen(tr->schedule[k])), names.data);
            rc = 2;
        }
        idx[k] = (uint32_t)t;
    }
    for (size_t i = 0; i < tr->nsteps && rc == 0; i++) {
        if (il_run_thread_index(c, tr->steps[i].thread) >= 0) continue;
        il_diag_error(d, tr->steps[i].thread_at.line, tr->steps[i].thread_at.col,
                      "step %ld: no thread '%s' in the program (threads: %s)", tr->steps[i].step,
                      il_show(&shown, tr->steps[i].thread, strlen(tr->steps[i].thread)), names.data);
        rc = 2;
    }
    il_arena_free(&shown);
    il_buf_free(&names);

    size_t si = 0;
    for (size_t k = 0; k < tr->nschedule && rc == 0; k++) {
        il_tpos at = tr->schedule_pos[k];
        *step = k + 1;
        if (il_run_ended(r)) {
            il_run_outcome o;
            il_run_outcome_get(r, &o);
            rc = diverge(d, at, "step %zu: the run has already ended (%s) after %zu step%s, but the "
                         "schedule has %zu", k + 1, status_word(o.status), k, k == 1 ? "" : "s",
                         tr->nschedule);
            break;
        }
        if (!il_run_can_move(r, idx[k])) {
            il_buf why = {0}, en = {0};
            il_run_why_not(r, idx[k], &why);
            il_run_enabled_names(r, &en);
            rc = diverge(d, at, "step %zu: %s cannot move (%s); enabled: %s", k + 1, tr->schedule[k],
                         why.data, en.data);
            il_buf_free(&why);
            il_buf_free(&en);
            break;
        }
        il_run_step(r, idx[k], NULL);
        if (si < tr->nsteps && (size_t)tr->steps[si].step == k + 1)
            rc = check_step(r, &r->steps.items[r->steps.len - 1], &tr->steps[si++], d);
    }
    if (rc == 0) {
        *step = 0;
        rc = check_outcome(tr, r, d);
    }
    il_free(idx);
    return rc;
}

/* ---- replay: the program --------------------------------------------------------- */

void il_replay_input_free(il_replay_input *in)
{
    il_code_free(in->code);
    il_program_free(in->prog);
    il_buf_free(&in->src);
    il_free(in->program_path);
    memset(in, 0, sizeof *in);
}

int il_replay_open(const il_trace *tr, int force, il_diag *d, il_replay_input *in)
{
    memset(in, 0, sizeof *in);
    il_buf tried = {0};
    in->program_path = il_replay_find_program(tr->path, tr->program, &tried);
    il_buf_free(&tried);
    if (!in->program_path) {
        /* the rule in words rather than the absolute paths tried: the
         * message is the same on every machine */
        /* a symlinked trace was looked up from its target (il_replay_find_program) */
        struct stat lst;
        char *real = lstat(tr->path, &lst) == 0 && S_ISLNK(lst.st_mode) ? realpath(tr->path, NULL) : NULL;
        char *dir = il_xstrdup(real ? real : tr->path);
        il_free(real);
        char *slash = strrchr(dir, '/');
        if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
        if (tr->program[0] == '/')
            il_diag_error(d, tr->program_at.line, tr->program_at.col, "program %s not found",
                          tr->program);
        else
            il_diag_error(d, tr->program_at.line, tr->program_at.col,
                          "program %s not found (looked in the current directory, then in %s "
                          "and each directory above it)", tr->program, slash ? dir : ".");
        il_free(dir);
        return -1;
    }
    if (il_trace_read_file(in->program_path, &in->src) != 0) {
        il_diag_error(d, tr->program_at.line, tr->program_at.col, "cannot read program %s: %s",
                      in->program_path, il_file_error(errno));
        return -1;
    }
    char hex[65];
    il_trace_sha256(in->src.data, in->src.len, hex);
    if (strcmp(hex, tr->sha256) != 0) {
        if (!force) {
            il_diag_error(d, tr->sha256_at.line, tr->sha256_at.col,
                          "%s has changed since this trace was written (its SHA-256 is now "
                          "%.12s..., the trace has %.12s...); replay it anyway with --force",
                          in->program_path, hex, tr->sha256);
            return -1;
        }
        il_diag_say(d, "warning", "%s has changed since this trace was written; replaying it anyway "
                           "(--force)", in->program_path);
    }
    il_diag pd;
    il_diag_init(&pd, in->program_path, d->out);
    in->prog = il_load_program_text(in->program_path, in->src.data, in->src.len, &pd);
    if (in->prog) il_program_set_print(in->prog, tr->print); /* the run's steps (python.md F3) */
    if (in->prog) in->code = il_compile(in->prog, &pd);
    return in->code ? 0 : -1;
}
