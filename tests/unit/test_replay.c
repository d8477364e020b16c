/* test_replay.c - replaying traces: what counts as reproducing, each kind
 * of divergence with its exact message and position, finding a trace's
 * program, the shortest way to a run's end, the swimlane's layout, and the
 * round trip: every trace `explore --traces` writes for every program in
 * programs/ replays, and each outcome trace holds the outcome it names. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler.h"
#include "explorer.h"
#include "helpers.h"
#include "loader.h"
#include "replay.h"
#include "schedule.h"
#include "swimlane.h"
#include "trace.h"

static const char *lost_update = TH_LOST_UPDATE;

static const char *abba =
    "sync:\n  a: Lock\n  b: Lock\nthreads:\n"
    "  t1: |\n    with a:\n        with b:\n            pass\n"
    "  t2: |\n    with b:\n        with a:\n            pass\n";

typedef struct prog {
    il_program *p;
    il_code *c;
    const char *text;
} prog;

static prog compile(const char *text)
{
    prog g = {0};
    il_diag d;
    il_diag_init(&d, "p.yaml", NULL);
    g.text = text;
    g.p = il_load_program_text("p.yaml", text, strlen(text), &d);
    cr_assert_not_null(g.p, "%s", d.first);
    g.c = il_compile(g.p, &d);
    cr_assert_not_null(g.c, "%s", d.first);
    return g;
}

static void release(prog *g)
{
    il_code_free(g->c);
    il_program_free(g->p);
}

/* The trace head every hand-written trace below starts with (lines 1-3). */
#define HEAD                                                                                       \
    "trace: 1\nprogram: p.yaml\nprogram_sha256: "                                                  \
    "0000000000000000000000000000000000000000000000000000000000000000\n"

/* Replays trace text on g: the status; the message (file t.yaml) in msg. */
static int replay(const prog *g, const char *trace, char *msg, size_t *step)
{
    il_diag d;
    il_diag_init(&d, "t.yaml", NULL);
    il_trace *t = il_trace_load_text("t.yaml", trace, strlen(trace), &d);
    cr_assert_not_null(t, "%s", d.first);
    il_run r;
    il_run_init(&r, g->c, g->text, strlen(g->text));
    size_t at = 0;
    int rc = il_replay_check(t, &r, &d, &at);
    snprintf(msg, 1024, "%s", d.first);
    if (step) *step = at;
    il_run_free(&r);
    il_trace_free(t);
    return rc;
}

static const char *good_lost_update =
    HEAD "schedule: [t1, t1, t2, t1, t1, t2, t2, t2]\n"
    "steps:\n"
    "- {step: 1, thread: t1, line: 6, code: \"a = x\", reads: {x: 0}}\n"
    "- {step: 2, thread: t1, line: 7, code: \"a = a + 1\"}\n"
    "- {step: 3, thread: t2, line: 11, code: \"b = x\", reads: {x: 0}}\n"
    "- {step: 4, thread: t1, line: 8, code: \"x = a\", writes: {x: 1}}\n"
    "- {step: 5, thread: t1, line: 9, code: \"print(x)\", reads: {x: 1}, output: \"1\"}\n"
    "- {step: 6, thread: t2, line: 12, code: \"b = b + 1\"}\n"
    "- {step: 7, thread: t2, line: 13, code: \"x = b\", writes: {x: 1}}\n"
    "- {step: 8, thread: t2, line: 14, code: \"print(x)\", reads: {x: 1}, output: \"1\"}\n"
    "outcome: {status: ok, output: [\"1\", \"1\"], final: {x: 1}}\n";

/* good_lost_update with one piece replaced. */
static const char *edit(const char *from, const char *to)
{
    static char buf[4096];
    const char *at = strstr(good_lost_update, from);
    cr_assert_not_null(at, "no '%s' to edit", from);
    snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - good_lost_update), good_lost_update, to,
             at + strlen(from));
    return buf;
}

Test(replay, reproduces)
{
    prog g = compile(lost_update);
    char msg[1024];
    cr_assert_eq(replay(&g, good_lost_update, msg, NULL), 0, "%s", msg);
    release(&g);
}

Test(replay, edited_schedule_entry_names_the_step)
{
    prog g = compile(lost_update);
    char msg[1024];
    size_t step;
    cr_assert_eq(replay(&g, edit("[t1, t1, t2,", "[t1, t2, t2,"), msg, &step), 1);
    cr_assert_eq(step, 2);
    cr_assert_str_eq(msg, "t.yaml:7:21: error: step 2: t2 took it (line 11: b = x), the trace "
                          "says t1 did");
    release(&g);
}

Test(replay, wrong_read)
{
    prog g = compile(lost_update);
    char msg[1024];
    cr_assert_eq(replay(&g, edit("reads: {x: 0}}\n- {step: 2", "reads: {x: 5}}\n- {step: 2"), msg,
                        NULL), 1);
    cr_assert_str_eq(msg, "t.yaml:6:56: error: step 1: t1 read x=0, the trace says x=5");
    release(&g);
}

Test(replay, missing_write)
{
    prog g = compile(lost_update);
    char msg[1024];
    cr_assert_eq(replay(&g, edit(", writes: {x: 1}}\n- {step: 5", "}\n- {step: 5"), msg, NULL), 1);
    cr_assert_str_eq(msg, "t.yaml:9:3: error: step 4: t1 wrote x=1, the trace says nothing");
    release(&g);
}

Test(replay, wrong_line_and_code)
{
    prog g = compile(lost_update);
    char msg[1024];
    cr_assert_eq(replay(&g, edit("line: 7,", "line: 8,"), msg, NULL), 1);
    cr_assert_str_eq(msg, "t.yaml:7:31: error: step 2: t1 ran line 7 (a = a + 1), the trace "
                          "says line 8");
    cr_assert_eq(replay(&g, edit("\"a = a + 1\"", "\"a = a + 2\""), msg, NULL), 1);
    cr_assert_str_eq(msg, "t.yaml:7:40: error: step 2: line 7 is \"a = a + 1\", the trace says "
                          "\"a = a + 2\"");
    release(&g);
}

Test(replay, wrong_output)
{
    prog g = compile(lost_update);
    char msg[1024];
    cr_assert_eq(replay(&g, edit("output: \"1\"}\n- {step: 6", "output: \"2\"}\n- {step: 6"), msg,
                        NULL), 1);
    cr_assert_str_eq(msg, "t.yaml:10:75: error: step 5: t1 printed \"1\", the trace says \"2\"");
    release(&g);
}

Test(replay, schedule_longer_than_the_run)
{
    prog g = compile(lost_update);
    char msg[1024];
    size_t step;
    cr_assert_eq(replay(&g, edit("t2, t2, t2]", "t2, t2, t2, t1]"), msg, &step), 1);
    cr_assert_eq(step, 9);
    cr_assert_str_eq(msg, "t.yaml:4:44: error: step 9: the run has already ended (ok) after 8 "
                          "steps, but the schedule has 9");
    release(&g);
}

Test(replay, schedule_shorter_than_the_run)
{
    prog g = compile(lost_update);
    char msg[1024];
    size_t step;
    const char *t = HEAD "schedule: [t1]\noutcome: {status: ok}\n";
    cr_assert_eq(replay(&g, t, msg, &step), 1);
    cr_assert_eq(step, 0);
    cr_assert_str_eq(msg, "t.yaml:5:19: error: the run has not ended after the schedule's 1 step "
                          "(can still move: t1, t2), the trace says it ends ok");
    release(&g);
}

Test(replay, wrong_outcome)
{
    prog g = compile(lost_update);
    char msg[1024];
    cr_assert_eq(replay(&g, edit("final: {x: 1}", "final: {x: 2}"), msg, NULL), 1);
    cr_assert_str_eq(msg, "t.yaml:14:50: error: outcome: final values x=1, the trace says x=2");
    cr_assert_eq(replay(&g, edit("[\"1\", \"1\"]", "[\"1\", \"2\"]"), msg, NULL), 1);
    cr_assert_str_eq(msg, "t.yaml:14:31: error: outcome: the output is \"1\", \"1\", the trace says "
                          "\"1\", \"2\"");
    cr_assert_eq(replay(&g, edit("status: ok", "status: deadlock"), msg, NULL), 1);
    cr_assert_str_eq(msg, "t.yaml:14:19: error: outcome: the run ended ok, the trace says deadlock");
    cr_assert_eq(replay(&g, edit("final: {x: 1}", "final: {x: 1}, errors: [\"t1: AssertionError at "
                                                  "line 6\"]"), msg, NULL), 1);
    cr_assert_str_eq(msg, "t.yaml:14:66: error: outcome: errors nothing, the trace says \"t1: "
                          "AssertionError at line 6\"");
    release(&g);
}

Test(replay, unknown_thread_is_malformed)
{
    prog g = compile(lost_update);
    char msg[1024];
    cr_assert_eq(replay(&g, edit("[t1, t1, t2,", "[t1, t9, t2,"), msg, NULL), 2);
    cr_assert_str_eq(msg, "t.yaml:4:16: error: schedule: entry 2: no thread 't9' in the program "
                          "(threads: t1, t2)");
    cr_assert_eq(replay(&g, edit("{step: 2, thread: t1", "{step: 2, thread: tx"), msg, NULL), 2);
    cr_assert_str_eq(msg, "t.yaml:7:21: error: step 2: no thread 'tx' in the program (threads: t1, t2)");
    release(&g);
}

Test(replay, blocked_thread_cannot_move)
{
    prog g = compile(abba);
    char msg[1024];
    size_t step;
    const char *t = HEAD "schedule: [t1, t1, t2]\noutcome: {status: ok}\n";
    cr_assert_eq(replay(&g, t, msg, &step), 1);
    cr_assert_eq(step, 3);
    cr_assert_str_eq(msg, "t.yaml:4:20: error: step 3: t2 cannot move (blocked on lock b); "
                          "enabled: t1");
    release(&g);
}

Test(replay, deadlock_and_its_blocked_threads)
{
    prog g = compile(abba);
    char msg[1024];
    const char *ok = HEAD "schedule: [t1, t2]\noutcome: {status: deadlock, output: [], blocked: "
                          "[{thread: t1, line: 7, waiting_for: lock b}, {thread: t2, line: 11, "
                          "waiting_for: lock a}]}\n";
    cr_assert_eq(replay(&g, ok, msg, NULL), 0, "%s", msg);
    const char *wrong = HEAD "schedule: [t1, t2]\noutcome: {status: deadlock, blocked: "
                             "[{thread: t1, line: 7, waiting_for: lock a}]}\n";
    cr_assert_eq(replay(&g, wrong, msg, NULL), 1);
    cr_assert_str_eq(msg, "t.yaml:5:38: error: outcome: blocked t1 at line 7 waiting for lock b; t2 "
                          "at line 11 waiting for lock a, the trace says t1 at line 7 waiting for "
                          "lock a");
    release(&g);
}

Test(replay, unfinished_runs)
{
    prog g = compile(lost_update);
    char msg[1024];
    cr_assert_eq(replay(&g, HEAD "schedule: [t1]\noutcome: {status: unfinished}\n", msg, NULL), 0,
                 "%s", msg);
    cr_assert_eq(replay(&g, edit("status: ok, output: [\"1\", \"1\"], final: {x: 1}",
                                 "status: unfinished"), msg, NULL), 1);
    cr_assert_str_eq(msg, "t.yaml:14:19: error: the run ended (ok) after the schedule's 8 steps, the "
                          "trace says it goes on");
    release(&g);
}

/* ---- the run's end, breadth-first -------------------------------------------- */

Test(schedule, shortest_end)
{
    prog g = compile("shared:\n  x: 0\nthreads:\n  t1: |\n    x = 1\n    x = 2\n    x = 3\n"
                     "  t2: |\n    x = 4\n");
    il_run r;
    il_run_init(&r, g.c, g.text, strlen(g.text));
    uint32_t *sched;
    size_t n;
    cr_assert_eq(il_run_shortest_end(&r, 1000, &sched, &n), 0);
    cr_assert_eq(n, 4); /* every step of both: nothing ends earlier */
    free(sched);
    cr_assert_eq(r.steps.len, 0); /* the run itself did not move */
    il_run_free(&r);
    release(&g);
}

Test(schedule, no_end_reachable)
{
    prog g = compile("shared:\n  x: 0\nthreads:\n  t1: |\n    while x == 0:\n        pass\n");
    il_run r;
    il_run_init(&r, g.c, g.text, strlen(g.text));
    uint32_t *sched = NULL;
    size_t n = 0;
    cr_assert_eq(il_run_shortest_end(&r, 1000, &sched, &n), -1);
    il_run_free(&r);
    release(&g);
}

Test(schedule, why_a_thread_cannot_move)
{
    prog g = compile(abba);
    il_run r;
    il_run_init(&r, g.c, g.text, strlen(g.text));
    il_buf b = {0};
    cr_assert_eq(il_run_step(&r, 0, NULL), IL_STEP_OK);
    cr_assert_eq(il_run_step(&r, 1, NULL), IL_STEP_OK);
    il_wait w;
    cr_assert_eq(il_run_step(&r, 0, &w), IL_STEP_BLOCKED);
    cr_assert_eq(r.steps.len, 2); /* a blocked try leaves no trace */
    il_run_why_not(&r, 0, &b);
    cr_assert_str_eq(b.data, "blocked on lock b");
    il_buf_free(&b);
    il_run_enabled_names(&r, &b);
    cr_assert_str_eq(b.data, "none");
    il_buf_free(&b);
    cr_assert(il_run_ended(&r));
    il_run_outcome o;
    il_run_outcome_get(&r, &o);
    cr_assert_eq(o.status, IL_STATUS_DEADLOCK);
    cr_assert_eq(o.nblocked, 2);
    cr_assert_str_eq(o.blocked[0].detail, "lock b held by t2");
    il_run_free(&r);
    release(&g);
}

/* python.md F1: once main has ended the daemon may go on; the shutdown step
 * (index nthreads, named <shutdown>) is enabled while it runs, is logged as
 * a step of its own with no line, and kills it: not blocked, not failed. */
static const char *daemon_prog =
    "sync:\n  m: Lock\nthreads:\n  main: |\n    m.acquire()\n    d.start()\n"
    "  d:\n    daemon: true\n    body: |\n      print(1)\n      m.acquire()\n";

Test(schedule, the_shutdown_step)
{
    prog g = compile(daemon_prog);
    il_run r;
    il_run_init(&r, g.c, g.text, strlen(g.text));
    uint32_t S = g.c->nthreads;
    il_buf b = {0};
    cr_assert_eq(il_run_thread_index(g.c, "<shutdown>"), (int)S);
    cr_assert_not(il_run_can_move(&r, S), "main still runs");
    il_run_why_not(&r, S, &b);
    cr_assert_str_eq(b.data, "a non-daemon thread is still running");
    il_buf_free(&b);
    cr_assert_eq(il_run_step(&r, 0, NULL), IL_STEP_OK);
    cr_assert_eq(il_run_step(&r, 0, NULL), IL_STEP_OK); /* main ends with d.start() */
    il_run_enabled_names(&r, &b);
    cr_assert_str_eq(b.data, "d, <shutdown>");
    il_buf_free(&b);
    cr_assert_eq(il_run_step(&r, 1, NULL), IL_STEP_OK); /* print(1) */
    cr_assert_not(il_run_can_move(&r, 1), "d waits for m for good");
    cr_assert_not(il_run_ended(&r), "the shutdown step is still to come");
    uint32_t *sched;
    size_t n;
    cr_assert_eq(il_run_shortest_end(&r, 1000, &sched, &n), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(sched[0], S);
    free(sched);
    cr_assert_eq(il_run_step(&r, S, NULL), IL_STEP_OK);
    const il_step_rec *s = &r.steps.items[r.steps.len - 1];
    cr_assert_eq(s->thread, S);
    cr_assert_eq(s->line, 0);
    cr_assert_str_eq(s->note, "shutdown: d killed at line 11");
    cr_assert(il_run_ended(&r));
    il_run_outcome o;
    il_run_outcome_get(&r, &o);
    cr_assert_eq(o.status, IL_STATUS_OK);
    cr_assert_eq(o.nblocked, 0);
    cr_assert_eq(o.nerrors, 0);
    il_run_why_not(&r, 1, &b);
    cr_assert_str_eq(b.data, "killed at shutdown");
    il_buf_free(&b);
    il_run_free(&r);
    release(&g);
}

Test(replay, a_trace_with_the_shutdown_step)
{
    prog g = compile(daemon_prog);
    char msg[1024];
    const char *t = HEAD "schedule: [main, main, <shutdown>]\n"
                    "steps:\n- {step: 3, thread: <shutdown>, line: 0}\n"
                    "outcome: {status: ok, output: [], final: {}}\n";
    cr_assert_eq(replay(&g, t, msg, NULL), 0, "%s", msg);
    /* main has not ended: no shutdown yet */
    t = HEAD "schedule: [main, <shutdown>]\noutcome: {status: ok, output: [], final: {}}\n";
    cr_assert_eq(replay(&g, t, msg, NULL), 1);
    cr_assert_str_eq(msg, "t.yaml:4:18: error: step 2: <shutdown> cannot move (a non-daemon "
                          "thread is still running); enabled: main");
    release(&g);
}

/* ---- the swimlane ------------------------------------------------------------ */

static char *lane_text(const prog *g, const uint32_t *sched, size_t n, int color, int width)
{
    il_run r;
    il_run_init(&r, g->c, g->text, strlen(g->text));
    for (size_t i = 0; i < n; i++) cr_assert_eq(il_run_step(&r, sched[i], NULL), IL_STEP_OK);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    il_lane *l = il_lane_new(&r, color, width);
    il_lane_header(l, f);
    for (size_t i = 0; i < n; i++) il_lane_row(l, f, i);
    il_lane_blocked(l, f);
    il_lane_free(l);
    il_run_outcome o;
    il_run_outcome_get(&r, &o);
    il_lane_outcome(f, g->c, &o, color);
    fclose(f);
    il_run_free(&r);
    return buf;
}

Test(swimlane, lost_update)
{
    prog g = compile(lost_update);
    uint32_t sched[] = {0, 0, 1, 0, 0, 1, 1, 1};
    char *s = lane_text(&g, sched, 8, 0, 100);
    cr_assert_str_eq(s,
        " step | t1                            | t2\n"
        "------+-------------------------------+-------------------------------\n"
        "    1 | 6: a = x  x\u21920\n"
        "    2 | 7: a = a + 1\n"
        "    3 |                               | 11: b = x  x\u21920\n"
        "    4 | 8: x = a  x\u21901\n"
        "    5 | 9: print(x)  x\u21921  print \u2192 \"1\"\n"
        "    6 |                               | 12: b = b + 1\n"
        "    7 |                               | 13: x = b  x\u21901\n"
        "    8 |                               | 14: print(x)  x\u21921  print \u2192 \"1\"\n"
        "outcome: ok   output: 1 1   final: x=1\n");
    free(s);
    release(&g);
}

Test(swimlane, deadlock_row_and_cut_cells)
{
    prog g = compile(abba);
    uint32_t sched[] = {0, 1};
    char *s = lane_text(&g, sched, 2, 0, 56);
    cr_assert_str_eq(s,
        " step | t1                     | t2\n"
        "------+------------------------+-----------------------\n"
        "    1 | 6: with a:\n"
        "    2 |                        | 10: with b:\n"
        "  end | 7: with b:  BLOCKED: \u2026 | 11: with a:  BLOCKED:\u2026\n"
        "outcome: deadlock   output: -   final: -\n");
    free(s);
    release(&g);
}

Test(swimlane, colour_never_cuts_an_escape)
{
    prog g = compile(lost_update);
    uint32_t sched[] = {0, 0, 0, 0};
    char *s = lane_text(&g, sched, 4, 1, 60);
    cr_assert(strstr(s, "\033[36mx\u21920\033[0m"), "%s", s);
    cr_assert(strstr(s, "\033[32mprint \u2192 \"1\"\033[0m"), "%s", s);
    free(s);
    release(&g);
}

Test(swimlane, many_threads_one_line_per_step)
{
    prog g = compile("shared:\n  x: 0\nthreads:\n  w:\n    count: 8\n    body: |\n      x += 1\n");
    uint32_t sched[] = {7, 7, 0, 1, 2, 3, 4};
    char *s = lane_text(&g, sched, 7, 0, 80);
    cr_assert_str_eq(s,
        " step | thread\n"
        "------+-------\n"
        "    1 | w7  7: x += 1  x\u21920\n"
        "    2 | w7  7: x += 1  x\u21901\n"
        "    3 | w0  7: x += 1  x\u21921\n"
        "    4 | w1  7: x += 1  x\u21921\n"
        "    5 | w2  7: x += 1  x\u21921\n"
        "    6 | w3  7: x += 1  x\u21921\n"
        "    7 | w4  7: x += 1  x\u21921\n"
        "outcome: ok   output: -   final: x=1\n");
    free(s);
    release(&g);
}

/* ---- finding the program ------------------------------------------------------ */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

Test(replay, program_found_above_the_trace)
{
    char dir[] = "/tmp/il-find-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/progs", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/traces", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/traces/x", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/progs/il-find-me.yaml", dir);
    write_file(p, "threads:\n  t: pass\n");
    char trace[PATH_MAX];
    snprintf(trace, sizeof trace, "%s/traces/x/t.yaml", dir);
    il_buf tried = {0};
    char *found = il_replay_find_program(trace, "progs/il-find-me.yaml", &tried);
    char *real = realpath(p, NULL);
    cr_assert_not_null(found, "looked in %s", tried.data);
    cr_assert_str_eq(found, real);
    free(found);
    free(real);
    il_buf_free(&tried);
    found = il_replay_find_program(trace, "progs/missing.yaml", &tried);
    cr_assert_null(found);
    cr_assert(strstr(tried.data, "traces/x, "), "%s", tried.data);
    il_buf_free(&tried);
    snprintf(p, sizeof p, "rm -rf %s", dir);
    cr_assert_eq(system(p), 0);
}

/* ---- the round trip over programs/ -------------------------------------------- */

static void check_trace_replays(const il_code *c, const char *src, size_t len, const char *path)
{
    il_diag d;
    il_diag_init(&d, path, NULL);
    il_trace *t = il_trace_load(path, &d);
    cr_assert_not_null(t, "%s", d.first);
    il_run r;
    il_run_init(&r, c, src, len);
    size_t at;
    cr_assert_eq(il_replay_check(t, &r, &d, &at), 0, "%s", d.first);
    il_run_free(&r);
    il_trace_free(t);
}

static const char *const status_words[] = {"ok", "error", "deadlock"};

static void round_trip(const char *file, const char *dir)
{
    il_diag d;
    il_diag_init(&d, file, NULL);
    il_buf src = {0};
    cr_assert_eq(il_trace_read_file(file, &src), 0);
    il_program *p = il_load_program_text(file, src.data, src.len, &d);
    cr_assert_not_null(p, "%s", d.first);
    il_code *c = il_compile(p, &d);
    cr_assert_not_null(c, "%s", d.first);
    il_explorer *x = il_explorer_new(c);
    il_explore_opts o = {0};
    const il_result *res = il_explore(x, &o);
    il_arena arena;
    il_arena_init(&arena);
    const char *sub;
    long n = il_trace_write_all(dir, x, res, c, file, &arena, &sub, &d);
    cr_assert_eq((size_t)n, res->noutcomes + res->ndeadlocks + res->nerrors + res->nraces, "%s: %s",
                 file, d.first);
    for (size_t i = 0; i < res->noutcomes; i++) {
        const il_outcome *oc = &res->outcomes[i];
        cr_assert_not_null(oc->trace);
        il_trace *t = il_trace_load(oc->trace, &d);
        cr_assert_not_null(t, "%s", d.first);
        /* the trace holds the very outcome the report lists */
        cr_assert_str_eq(t->outcome.status, status_words[oc->status], "%s", oc->trace);
        cr_assert_eq(t->outcome.noutput, oc->noutput, "%s", oc->trace);
        for (size_t k = 0; k < oc->noutput; k++)
            cr_assert_str_eq(t->outcome.output[k], oc->output[k], "%s", oc->trace);
        il_buf fin = {0};
        il_trace_fmt_final(&fin, p, oc->final);
        cr_assert_str_eq(t->outcome.final, fin.data, "%s", oc->trace);
        il_buf_free(&fin);
        cr_assert_eq(t->outcome.nerrors, oc->nerrors, "%s", oc->trace);
        il_trace_free(t);
        check_trace_replays(c, src.data, src.len, oc->trace);
    }
    for (size_t i = 0; i < res->ndeadlocks; i++) {
        il_trace *t = il_trace_load(res->deadlocks[i].trace, &d);
        cr_assert_not_null(t, "%s", d.first);
        cr_assert_str_eq(t->outcome.status, "deadlock");
        il_trace_free(t);
        check_trace_replays(c, src.data, src.len, res->deadlocks[i].trace);
    }
    for (size_t i = 0; i < res->nerrors; i++)
        check_trace_replays(c, src.data, src.len, res->errors[i].trace);
    for (size_t i = 0; i < res->nraces; i++)
        check_trace_replays(c, src.data, src.len, res->races[i].trace);
    il_arena_free(&arena);
    il_explorer_free(x);
    il_code_free(c);
    il_program_free(p);
    il_buf_free(&src);
}

Test(replay, every_program_round_trips, .timeout = 120)
{
    char dir[] = "/tmp/il-rt-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    DIR *dd = opendir("programs");
    cr_assert_not_null(dd, "run the unit tests from the repository root");
    int n = 0;
    for (struct dirent *e; (e = readdir(dd));) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".yaml") != 0) continue;
        char file[PATH_MAX];
        snprintf(file, sizeof file, "programs/%s", e->d_name);
        round_trip(file, dir);
        n++;
    }
    closedir(dd);
    cr_assert_gt(n, 0);
    char cmd[PATH_MAX];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}
