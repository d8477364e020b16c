/* replay.c - the `replay` and `run` commands (see replay.h).
 *
 * Both run the whole interleaving first and print afterwards: a bad input
 * (exit 2) must leave stdout empty, which printing while running could not
 * promise. Since runs are deterministic, --step then only paces the
 * printing of rows that are already known. */
#include "replay.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler.h"
#include "loader.h"
#include "outfile.h"
#include "stop.h"
#include "swimlane.h"

enum {
    EXIT_OK = 0,      /* reproduced; an ok outcome */
    EXIT_FOUND = 1,   /* diverged; a deadlock or error outcome */
    EXIT_USAGE = 2,   /* bad input */
    EXIT_LIMIT = 3,   /* --max-steps reached */
    EXIT_IO = 5,      /* --trace FILE cannot be written (main.c) */
    GO_ON = -1,       /* from a parser or loader: nothing to stop for, carry on */
    DEFAULT_MAX_STEPS = 1000,
    PIPE_WIDTH = 120, /* swimlane width when stdout is not a terminal */
};

/* ---- shared by both commands --------------------------------------------- */

static int usage_error(const char *cmd, const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The same words and hint as main.c's usage errors. */
static int usage_error(const char *cmd, const char *usage, const char *fmt, ...)
{
    va_list ap;
    fputs("interleave: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: interleave %s %s\n", cmd, usage);
    fputs("Try 'interleave --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

static int plain_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A bad input that is not in a file (a schedule on the command line). */
static int plain_error(const char *fmt, ...)
{
    va_list ap;
    fputs("interleave: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_USAGE;
}

static void print_help(const char *cmd, const char *usage, const char *summary, const char *options)
{
    printf("usage: interleave %s %s\n\n%s\n\noptions:\n%s", cmd, usage, summary, options);
}

/* auto: colour for a person at a terminal (NO_COLOR and TERM=dumb say no). */
static int auto_color(void)
{
    const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
    if (no && *no) return 0;
    if (term && strcmp(term, "dumb") == 0) return 0;
    return isatty(STDOUT_FILENO);
}

/* 1/0 into *out, or -1 for a word that is none of the three. */
static int color_word(const char *s, int *out)
{
    if (strcmp(s, "never") == 0) *out = 0;
    else if (strcmp(s, "always") == 0) *out = 1;
    else if (strcmp(s, "auto") == 0) *out = auto_color();
    else return -1;
    return 0;
}

/* A terminal's width; a fixed one into pipes and files, so output is the
 * same wherever it goes. */
static int out_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
        int w = ws.ws_col;
        return w < 60 ? 60 : w > 200 ? 200 : w;
    }
    return PIPE_WIDTH;
}

/* --step: waits for a line on stdin; at end of input it stops waiting. A
 * "line" also ends after STEP_LINE_MAX bytes: endless input without a newline
 * (< /dev/zero) must advance, not hang. */
#define STEP_LINE_MAX 4096
static void wait_enter(int *waiting)
{
    if (!*waiting) return;
    fflush(stdout);
    if (isatty(STDIN_FILENO)) fputs("[Enter: next step] ", stderr);
    int ch;
    size_t n = 0;
    while ((ch = getchar()) != EOF && ch != '\n' && ++n < STEP_LINE_MAX) {}
    if (ch == EOF) *waiting = 0;
}

/* Prints the swimlane of r's log, pacing rows with --step. */
static void print_lane(il_run *r, int color, int step_mode, size_t rows)
{
    il_lane *l = il_lane_new(r, color, out_width());
    int waiting = step_mode;
    il_lane_header(l, stdout);
    for (size_t i = 0; i < rows && i < r->steps.len; i++) {
        il_lane_row(l, stdout, i);
        if (i + 1 < rows) wait_enter(&waiting);
    }
    il_lane_blocked(l, stdout);
    il_lane_free(l);
}

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
    free(real);
    char *slash = strrchr(tdir, '/');
    if (slash) *(slash == tdir ? slash + 1 : slash) = '\0';
    else strcpy(tdir, ".");
    char *dir = realpath(tdir, NULL);
    free(tdir);
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
    free(dir);
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
    const char *name = c->threads[s->thread].name;
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
    free(idx);
    return rc;
}

/* ---- replay: the program --------------------------------------------------------- */

void il_replay_input_free(il_replay_input *in)
{
    il_code_free(in->code);
    il_program_free(in->prog);
    il_buf_free(&in->src);
    free(in->program_path);
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
        free(real);
        char *slash = strrchr(dir, '/');
        if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
        if (tr->program[0] == '/')
            il_diag_error(d, tr->program_at.line, tr->program_at.col, "program %s not found",
                          tr->program);
        else
            il_diag_error(d, tr->program_at.line, tr->program_at.col,
                          "program %s not found (looked in the current directory, then in %s "
                          "and each directory above it)", tr->program, slash ? dir : ".");
        free(dir);
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
        il_diag_warning(d, "%s has changed since this trace was written; replaying it anyway "
                           "(--force)", in->program_path);
    }
    il_diag pd;
    il_diag_init(&pd, in->program_path, d->out);
    in->prog = il_load_program_text(in->program_path, in->src.data, in->src.len, &pd);
    if (in->prog) in->code = il_compile(in->prog, &pd);
    return in->code ? 0 : -1;
}

/* ---- replay: the command ------------------------------------------------------------- */

struct replay_args {
    const char *path; /* the trace file */
    int step;         /* --step */
    int force;        /* --force: replay against a changed program */
    int color;        /* resolved: 1 for ANSI colours */
};

static int parse_replay(int argc, char **argv, struct replay_args *a)
{
    static const char *const cmd = "replay", *const usage = IL_REPLAY_USAGE;
    memset(a, 0, sizeof *a);
    int color_set = 0, done = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *val;
        int m;
        if (done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->path) return usage_error(cmd, usage, "replay takes one TRACE.yaml, got also '%s'", arg);
            a->path = arg;
        } else if (strcmp(arg, "--") == 0) {
            done = 1;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            print_help(cmd, usage, IL_REPLAY_SUMMARY, IL_REPLAY_OPTIONS);
            return EXIT_OK;
        } else if (strcmp(arg, "--step") == 0) {
            a->step = 1;
        } else if (strcmp(arg, "--force") == 0) {
            a->force = 1;
        } else if ((m = il_option_value(argc, argv, &i, "--color", &val)) != 0) {
            if (m < 0) return usage_error(cmd, usage, "--color expects a value");
            if (color_word(val, &a->color))
                return usage_error(cmd, usage, "--color expects never, always or auto, got '%s'", val);
            color_set = 1;
        } else {
            return usage_error(cmd, usage, "unknown option '%s' for replay", arg);
        }
    }
    if (!a->path) return usage_error(cmd, usage, "replay expects a TRACE.yaml");
    if (!*a->path) return usage_error(cmd, usage, "replay expects a TRACE.yaml, got ''");
    if (!color_set) a->color = auto_color();
    return GO_ON;
}

/* Everything replay needs before it can run: the trace, and its program. */
struct replay_input {
    il_trace *tr;        /* the trace, read and checked for shape */
    il_replay_input in;  /* its program */
};

static void input_free(struct replay_input *in)
{
    il_replay_input_free(&in->in);
    il_trace_free(in->tr);
}

static int replay_input(const struct replay_args *a, struct replay_input *in)
{
    memset(in, 0, sizeof *in);
    il_diag d;
    il_diag_init(&d, a->path, &il_stderr_sink);
    if (!(in->tr = il_trace_load(a->path, &d))) return EXIT_USAGE;
    return il_replay_open(in->tr, a->force, &d, &in->in) == 0 ? GO_ON : EXIT_USAGE;
}

/* The last line: reproduced, or where it diverged (the message without its
 * position and step, which the line says already; the full message with
 * its position goes to stderr for editors and scripts). */
static void print_verdict(int rc, size_t at, const il_trace *tr, const il_diag *vd, int color)
{
    const char *on = color ? (rc ? "\033[1;31m" : "\033[1;32m") : "", *off = color ? "\033[0m" : "";
    if (rc == 0) {
        printf("%sreproduced:%s %s\n", on, off,
               strcmp(tr->outcome.status, "unfinished") == 0
                   ? "every step matches the trace (the run goes on)"
                   : "every step and the outcome match the trace");
        return;
    }
    const char *m = strstr(vd->first, ": error: ");
    m = m ? m + 9 : vd->first;
    if (at && strncmp(m, "step ", 5) == 0) m += strcspn(m, ":") + 2;
    if (at) printf("%sDIVERGED at step %zu:%s %s\n", on, at, off, m);
    else printf("%sDIVERGED at the end:%s %s\n", on, off, m);
    fflush(stdout);
    fprintf(stderr, "%s\n", vd->first);
}

int il_cmd_replay(int argc, char **argv)
{
    struct replay_args a;
    int rc = parse_replay(argc, argv, &a);
    if (rc != GO_ON) return rc;
    struct replay_input in;
    if ((rc = replay_input(&a, &in)) != GO_ON) {
        input_free(&in);
        return rc;
    }
    il_run r;
    il_run_init(&r, in.in.code, in.in.src.data, in.in.src.len);
    il_diag vd;
    il_diag_init(&vd, a.path, NULL); /* printed after the swimlane */
    size_t at;
    rc = il_replay_check(in.tr, &r, &vd, &at);
    if (rc == 2) {
        fprintf(stderr, "%s\n", vd.first);
        il_run_free(&r);
        input_free(&in);
        return EXIT_USAGE;
    }

    il_buf shown[3] = {{0}}; /* paths and the name are the user's: escaped */
    il_buf_put_display(&shown[0], a.path);
    il_buf_put_display(&shown[1], in.in.prog->name);
    il_buf_put_display(&shown[2], in.in.program_path);
    printf("replay of %s: %s (%s), %zu step%s\n\n", shown[0].data, shown[1].data, shown[2].data,
           in.tr->nschedule, in.tr->nschedule == 1 ? "" : "s");
    for (int i = 0; i < 3; i++) il_buf_free(&shown[i]);
    print_lane(&r, a.color, a.step, r.steps.len);
    putchar('\n');
    if (il_run_ended(&r)) {
        il_run_outcome o;
        il_run_outcome_get(&r, &o);
        il_lane_outcome(stdout, in.in.code, &o, a.color);
    }
    print_verdict(rc, at, in.tr, &vd, a.color);
    il_run_free(&r);
    input_free(&in);
    return rc == 0 ? EXIT_OK : EXIT_FOUND;
}

/* ---- run ---------------------------------------------------------------------------------- */

struct run_args {
    const char *path;     /* the program file */
    const char *schedule; /* as given, or NULL */
    const char *trace;    /* --trace FILE, or NULL */
    uint64_t max_steps;   /* --max-steps */
    int step;             /* --step */
    int color;            /* resolved: 1 for ANSI colours */
};

static int parse_run(int argc, char **argv, struct run_args *a)
{
    static const char *const cmd = "run", *const usage = IL_RUN_USAGE;
    memset(a, 0, sizeof *a);
    a->max_steps = DEFAULT_MAX_STEPS;
    int color_set = 0, done = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *val;
        int m;
        if (done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->path) return usage_error(cmd, usage, "run takes one PROGRAM.yaml, got also '%s'", arg);
            a->path = arg;
        } else if (strcmp(arg, "--") == 0) {
            done = 1;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            print_help(cmd, usage, IL_RUN_SUMMARY, IL_RUN_OPTIONS);
            return EXIT_OK;
        } else if (strcmp(arg, "--step") == 0) {
            a->step = 1;
        } else if ((m = il_option_value(argc, argv, &i, "--schedule", &val)) != 0) {
            if (m < 0) return usage_error(cmd, usage, "--schedule expects a value");
            a->schedule = val;
        } else if ((m = il_option_value(argc, argv, &i, "--trace", &val)) != 0) {
            if (m < 0 || !*val) return usage_error(cmd, usage, "--trace expects a FILE");
            a->trace = val;
        } else if ((m = il_option_value(argc, argv, &i, "--max-steps", &val)) != 0) {
            if (m < 0) return usage_error(cmd, usage, "--max-steps expects a value");
            char *end;
            errno = 0;
            unsigned long long v = strtoull(val, &end, 10);
            if (val[0] < '0' || val[0] > '9' || *end || errno || v == 0)
                return usage_error(cmd, usage, "--max-steps expects a positive integer, got '%s'", val);
            a->max_steps = v;
        } else if ((m = il_option_value(argc, argv, &i, "--color", &val)) != 0) {
            if (m < 0) return usage_error(cmd, usage, "--color expects a value");
            if (color_word(val, &a->color))
                return usage_error(cmd, usage, "--color expects never, always or auto, got '%s'", val);
            color_set = 1;
        } else {
            return usage_error(cmd, usage, "unknown option '%s' for run", arg);
        }
    }
    if (!a->path) return usage_error(cmd, usage, "run expects a PROGRAM.yaml");
    if (!*a->path) return usage_error(cmd, usage, "run expects a PROGRAM.yaml, got ''");
    if (!color_set) a->color = auto_color();
    return GO_ON;
}

typedef IL_VEC(uint32_t) u32vec;

/* "t1,t1, t2" -> thread indices; names separated by commas and/or blanks. */
static int parse_schedule(const il_code *c, const char *s, u32vec *out)
{
    size_t k = 0;
    const char *p = s;
    for (;;) {
        while (*p == ' ' || *p == '\t') p++;
        const char *q = p;
        while (*q && *q != ',' && *q != ' ' && *q != '\t') q++;
        size_t len = (size_t)(q - p);
        k++;
        if (len == 0 && (*q == ',' || k > 1 || *q))
            return plain_error("--schedule: entry %zu is empty (write threads as t1,t2,...)", k);
        if (len) {
            char *name = il_xstrndup(p, len);
            int t = il_run_thread_index(c, name);
            if (t < 0) {
                il_buf names = {0};
                thread_list(c, &names);
                il_arena shown; /* the user's string: no raw control characters */
                il_arena_init(&shown);
                plain_error("--schedule: entry %zu: no thread '%s' (threads: %s)", k,
                            il_show(&shown, name, len), names.data);
                il_arena_free(&shown);
                il_buf_free(&names);
                free(name);
                return EXIT_USAGE;
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

static int first_enabled(il_run *r)
{
    for (uint32_t t = 0; t < r->code->nthreads; t++)
        if (il_run_can_move(r, t)) return (int)t;
    return -1;
}

int il_cmd_run(int argc, char **argv)
{
    struct run_args a;
    int rc = parse_run(argc, argv, &a);
    if (rc != GO_ON) return rc;
    il_outfile_protect(a.path);
    if (a.trace && il_outfile_is_input(a.trace))
        return usage_error("run", IL_RUN_USAGE, "--trace '%s' is the program itself: it would be overwritten",
                           a.trace);
    il_diag d;
    il_diag_init(&d, a.path, &il_stderr_sink);
    il_buf src = {0};
    if (il_trace_read_file(a.path, &src) != 0) {
        il_diag_error(&d, 1, 1, "cannot read file: %s", il_file_error(errno));
        return EXIT_USAGE;
    }
    il_program *prog = il_load_program_text(a.path, src.data, src.len, &d);
    il_code *code = prog ? il_compile(prog, &d) : NULL;
    u32vec sched = {0};
    if (!code || (a.schedule && parse_schedule(code, a.schedule, &sched))) {
        free(sched.items);
        il_code_free(code);
        il_program_free(prog);
        il_buf_free(&src);
        return EXIT_USAGE;
    }

    il_run r;
    il_run_init(&r, code, src.data, src.len);
    rc = GO_ON;
    for (size_t k = 0; k < sched.len && rc == GO_ON; k++) {
        if (il_run_ended(&r)) {
            il_run_outcome o;
            il_run_outcome_get(&r, &o);
            rc = plain_error("step %zu: the run has already ended (%s) after %zu step%s, but the "
                             "schedule has %zu", k + 1, status_word(o.status), k, k == 1 ? "" : "s",
                             sched.len);
        } else if (!il_run_can_move(&r, sched.items[k])) {
            il_buf why = {0}, en = {0};
            il_run_why_not(&r, sched.items[k], &why);
            il_run_enabled_names(&r, &en);
            rc = plain_error("step %zu: %s cannot move (%s); enabled: %s", k + 1,
                             code->threads[sched.items[k]].name, why.data, en.data);
            il_buf_free(&why);
            il_buf_free(&en);
        } else {
            il_run_step(&r, sched.items[k], NULL);
        }
    }
    /* the rest of the run: the first thread, in thread order, that can move */
    int t;
    while (rc == GO_ON && r.steps.len < a.max_steps && !il_run_ended(&r) && (t = first_enabled(&r)) >= 0)
        il_run_step(&r, (uint32_t)t, NULL);
    int ended = il_run_ended(&r);
    if (rc == GO_ON && a.trace) {
        char hex[65];
        il_trace_sha256(src.data, src.len, hex);
        il_diag td;
        il_diag_init(&td, a.trace, &il_stderr_sink);
        int w = il_trace_write_run(a.trace, &r, a.path, hex, &td);
        if (w != 0) rc = w == IL_TRACE_IO ? EXIT_IO : EXIT_USAGE;
    }
    if (rc == GO_ON) {
        il_buf shown[2] = {{0}}; /* the user's: escaped */
        il_buf_put_display(&shown[0], prog->name);
        il_buf_put_display(&shown[1], a.path);
        printf("run of %s (%s): %zu step%s\n\n", shown[0].data, shown[1].data, r.steps.len,
               r.steps.len == 1 ? "" : "s");
        il_buf_free(&shown[0]);
        il_buf_free(&shown[1]);
        print_lane(&r, a.color, a.step, r.steps.len);
        putchar('\n');
        il_run_outcome o;
        il_run_outcome_get(&r, &o);
        if (ended) {
            il_lane_outcome(stdout, code, &o, a.color);
            rc = o.status == IL_STATUS_OK ? EXIT_OK : EXIT_FOUND;
        } else {
            printf("stopped after %zu steps (--max-steps): the run has not ended\n", r.steps.len);
            rc = EXIT_LIMIT;
        }
        fputs(r.steps.len ? "schedule: " : "schedule: (no step)", stdout);
        for (size_t i = 0; i < r.steps.len; i++)
            printf("%s%s", i ? "," : "", code->threads[r.steps.items[i].thread].name);
        putchar('\n');
        if (a.trace) printf("trace: %s\n", a.trace);
    }
    il_run_free(&r);
    free(sched.items);
    il_code_free(code);
    il_program_free(prog);
    il_buf_free(&src);
    return rc;
}
