/* test_api.c - include/interleave.h as an embedder sees it: only the public
 * header, no internals. Options structs grow without breaking callers,
 * messages reach the callback, counts and findings read back, a schedule
 * runs to its outcome, reports go to writers (whose failure is an I/O
 * error), traces replay, check gives verdicts, and a refused allocation is
 * INTERLEAVE_NOMEM with a message, not an exit. Criterion runs each test in
 * its own process, so the engine's process-wide state starts fresh. */
#include <criterion/criterion.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interleave.h"

#if defined(__has_include)
#if __has_include(<sanitizer/lsan_interface.h>)
#include <sanitizer/lsan_interface.h>
#define HAVE_LSAN 1
#endif
#endif

#define LOST_UPDATE                                                            \
    "name: lost-update\n"                                                       \
    "shared:\n"                                                                 \
    "  x: 0\n"                                                                  \
    "threads:\n"                                                                \
    "  t1: |\n"                                                                 \
    "    a = x\n"                                                               \
    "    a = a + 1\n"                                                           \
    "    x = a\n"                                                               \
    "    print(x)\n"                                                            \
    "  t2: |\n"                                                                 \
    "    b = x\n"                                                               \
    "    b = b + 1\n"                                                           \
    "    x = b\n"                                                               \
    "    print(x)\n"

/* The diagnostics callback's lines, joined with newlines. */
static char said[8192];
static void collect(void *ud, const char *line)
{
    (void)ud;
    size_t n = strlen(said);
    snprintf(said + n, sizeof said - n, "%s\n", line);
}

static void configure(void)
{
    interleave_config c;
    interleave_config_init(&c);
    c.diagnostic = collect;
    cr_assert_eq(interleave_configure(&c), INTERLEAVE_OK);
}

/* A writer into a growing string. */
typedef struct text {
    char *s;
    size_t n;
} text;
static int append(void *ud, const char *data, size_t len)
{
    text *t = ud;
    t->s = realloc(t->s, t->n + len + 1);
    memcpy(t->s + t->n, data, len);
    t->n += len;
    t->s[t->n] = '\0';
    return 0;
}
static int refuse(void *ud, const char *data, size_t len)
{
    (void)ud, (void)data, (void)len;
    return 1;
}

static interleave_model *load(const char *yaml)
{
    interleave_model *m = NULL;
    cr_assert_eq(interleave_load_text("t.yaml", yaml, strlen(yaml), &m), INTERLEAVE_OK, "%s", said);
    return m;
}

static char *write_temp(const char *content, const char *suffix)
{
    char *path = malloc(64);
    snprintf(path, 64, "/tmp/il-api-XXXXXX%s", suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, content, strlen(content)), (ssize_t)strlen(content));
    close(fd);
    return path;
}

Test(api, options_of_an_older_caller_are_filled_only_as_far_as_they_go)
{
    /* a caller compiled when the struct ended before max_states */
    unsigned char buf[sizeof(interleave_explore_options) + 8];
    memset(buf, 0xAB, sizeof buf);
    size_t old = offsetof(interleave_explore_options, max_states);
    interleave_explore_options_init_((interleave_explore_options *)buf, old);
    for (size_t i = old; i < sizeof buf; i++) cr_assert_eq(buf[i], 0xAB, "byte %zu written", i);
    size_t size;
    memcpy(&size, buf, sizeof size);
    cr_assert_eq(size, old);
    /* and what it passes is read no further: the rest are defaults */
    configure();
    interleave_model *m = load(LOST_UPDATE);
    interleave_exploration *x = NULL;
    cr_assert_eq(interleave_explore(m, (interleave_explore_options *)buf, &x), INTERLEAVE_OK);
    cr_assert_str_eq(interleave_interleavings(x), "70");
    interleave_exploration_free(x);
    interleave_model_free(m);
}

Test(api, bad_input_is_a_status_and_a_positioned_message)
{
    configure();
    interleave_model *m = (interleave_model *)1;
    const char *bad = "threads:\n  t1: |\n    x = = 1\n";
    cr_assert_eq(interleave_load_text("bad.yaml", bad, strlen(bad), &m), INTERLEAVE_BAD_INPUT);
    cr_assert_null(m);
    cr_assert(strncmp(said, "bad.yaml:3:", 11) == 0, "said: %s", said);
    cr_assert(strstr(said, ": error: "), "said: %s", said);
    said[0] = '\0';
    cr_assert_eq(interleave_load("/nonexistent/p.yaml", &m), INTERLEAVE_BAD_INPUT);
    cr_assert_str_eq(said, "/nonexistent/p.yaml:1:1: error: cannot read file: No such file or directory\n");
    cr_assert_str_eq(interleave_status_name(INTERLEAVE_NOMEM), "out of memory");
}

Test(api, outcomes_counts_and_findings_read_back)
{
    configure();
    interleave_model *m = load(LOST_UPDATE);
    cr_assert_str_eq(interleave_model_name(m), "lost-update");
    cr_assert_eq(interleave_model_thread_count(m), 2);
    cr_assert_str_eq(interleave_model_thread_name(m, 1), "t2");
    cr_assert_eq(interleave_model_thread_index(m, "t2"), 1);
    cr_assert_eq(interleave_model_thread_index(m, "t3"), -1);
    interleave_exploration *x = NULL;
    cr_assert_eq(interleave_explore(m, NULL, &x), INTERLEAVE_OK);
    cr_assert(interleave_complete(x));
    cr_assert_null(interleave_stopped_by(x));
    cr_assert_str_eq(interleave_interleavings(x), "70");
    cr_assert_eq(interleave_outcome_count(x), 3);
    static const char *const counts[] = {"60", "6", "4"};
    static const char *const outs[][2] = {{"1", "1"}, {"1", "2"}, {"2", "2"}};
    static const char *const finals[] = {"x=1", "x=2", "x=2"};
    for (size_t i = 0; i < 3; i++) {
        cr_assert_eq(interleave_outcome_status_of(x, i), INTERLEAVE_OUTCOME_OK);
        cr_assert_str_eq(interleave_outcome_interleavings(x, i), counts[i]);
        cr_assert_eq(interleave_outcome_output_count(x, i), 2);
        cr_assert_str_eq(interleave_outcome_output(x, i, 0), outs[i][0]);
        cr_assert_str_eq(interleave_outcome_output(x, i, 1), outs[i][1]);
        cr_assert_str_eq(interleave_outcome_final(x, i), finals[i]);
    }
    cr_assert_null(interleave_outcome_output(x, 0, 2));
    cr_assert_eq(interleave_finding_count(x, INTERLEAVE_FINDING_DEADLOCK), 0);
    cr_assert_eq(interleave_finding_count(x, INTERLEAVE_FINDING_ERROR), 0);
    size_t nraces = interleave_finding_count(x, INTERLEAVE_FINDING_RACE);
    cr_assert_gt(nraces, 0);
    for (size_t i = 0; i < nraces; i++) {
        const char *t = interleave_finding_text(x, INTERLEAVE_FINDING_RACE, i);
        cr_assert(strncmp(t, "race on x: t1 ", 14) == 0, "%s", t);
        /* the race's schedule ends in the second access; the first came
         * before it, from the other thread */
        const char *const *s;
        size_t n;
        cr_assert_eq(interleave_finding_schedule(x, INTERLEAVE_FINDING_RACE, i, &s, &n),
                     INTERLEAVE_OK);
        cr_assert_geq(n, 2);
        int other = 0;
        for (size_t k = 0; k + 1 < n; k++) other |= strcmp(s[k], s[n - 1]) != 0;
        cr_assert(other, "race %zu: one thread only in its schedule", i);
    }
    cr_assert_null(interleave_finding_text(x, INTERLEAVE_FINDING_RACE, nraces));
    interleave_exploration_free(x);
    interleave_model_free(m);
}

/* Each outcome's schedule, run step by step, ends in that outcome. */
Test(api, an_outcome_schedule_runs_to_the_outcome)
{
    configure();
    interleave_model *m = load(LOST_UPDATE);
    interleave_exploration *x = NULL;
    cr_assert_eq(interleave_explore(m, NULL, &x), INTERLEAVE_OK);
    for (size_t i = 0; i < interleave_outcome_count(x); i++) {
        const char *const *s;
        size_t n;
        cr_assert_eq(interleave_outcome_schedule(x, i, &s, &n), INTERLEAVE_OK);
        interleave_run *r = NULL;
        cr_assert_eq(interleave_run_new(m, &r), INTERLEAVE_OK);
        for (size_t k = 0; k < n; k++) {
            long t = interleave_model_thread_index(m, s[k]);
            cr_assert(interleave_run_can_move(r, (size_t)t), "step %zu", k + 1);
            cr_assert_eq(interleave_run_step(r, (size_t)t), INTERLEAVE_OK);
        }
        cr_assert(interleave_run_ended(r));
        cr_assert_eq(interleave_run_length(r), n);
        cr_assert_str_eq(interleave_run_enabled(r), "none");
        cr_assert_str_eq(interleave_run_why_not(r, 0), "finished");
        cr_assert_eq(interleave_run_step(r, 0), INTERLEAVE_BAD_INPUT);
        text out = {0};
        cr_assert_eq(interleave_run_report_outcome(r, 0, append, &out), INTERLEAVE_OK);
        char want[64];
        snprintf(want, sizeof want, "output: %s %s", interleave_outcome_output(x, i, 0),
                 interleave_outcome_output(x, i, 1));
        cr_assert(strstr(out.s, want), "%s", out.s);
        free(out.s);
        interleave_run_free(r);
    }
    interleave_exploration_free(x);
    interleave_model_free(m);
}

Test(api, reports_go_to_the_writer_and_its_failure_is_an_io_error)
{
    configure();
    interleave_model *m = load(LOST_UPDATE);
    interleave_exploration *x = NULL;
    interleave_explore_options eo;
    interleave_explore_options_init(&eo);
    eo.list = 1;
    cr_assert_eq(interleave_explore(m, &eo, &x), INTERLEAVE_OK);
    interleave_report_options ro;
    interleave_report_options_init(&ro);
    text t = {0};
    cr_assert_eq(interleave_report(x, &ro, append, &t), INTERLEAVE_OK);
    cr_assert(strncmp(t.s, "lost-update: 70 interleavings, 3 outcomes", 41) == 0, "%s", t.s);
    free(t.s);
    t = (text){0};
    ro.format = INTERLEAVE_REPORT_JSON;
    cr_assert_eq(interleave_report(x, &ro, append, &t), INTERLEAVE_OK);
    cr_assert(t.s[0] == '{' && strstr(t.s, "\"interleavings\": \"70\""), "%s", t.s);
    free(t.s);
    t = (text){0};
    ro.format = INTERLEAVE_REPORT_LIST;
    ro.limit = 2;
    cr_assert_eq(interleave_report(x, &ro, append, &t), INTERLEAVE_OK);
    cr_assert(strstr(t.s, "     1  ") == t.s && strstr(t.s, "\n     2  "), "%s", t.s);
    cr_assert_null(strstr(t.s, "\n     3  "));
    free(t.s);
    cr_assert_eq(interleave_report(x, &ro, refuse, NULL), INTERLEAVE_IO);
    interleave_exploration_free(x);
    /* the listing needs the option at exploring time */
    cr_assert_eq(interleave_explore(m, NULL, &x), INTERLEAVE_OK);
    said[0] = '\0';
    cr_assert_eq(interleave_report(x, &ro, append, &t), INTERLEAVE_BAD_INPUT);
    cr_assert(strstr(said, "interleave: error: the listing needs"), "%s", said);
    interleave_exploration_free(x);
    interleave_model_free(m);
}

Test(api, options_that_do_not_combine_are_bad_input)
{
    configure();
    interleave_model *m = load(LOST_UPDATE);
    interleave_explore_options eo;
    interleave_explore_options_init(&eo);
    eo.random = 5;
    eo.has_bound = 1;
    interleave_exploration *x = (interleave_exploration *)1;
    cr_assert_eq(interleave_explore(m, &eo, &x), INTERLEAVE_BAD_INPUT);
    cr_assert_null(x);
    cr_assert_str_eq(said, "interleave: error: the explore options random and bound cannot be "
                           "combined\n");
    interleave_model_free(m);
}

Test(api, a_stop_request_stops_an_exploration_as_a_limit)
{
    configure();
    interleave_model *m = load("shared:\n  x: 0\nthreads:\n  t: |\n    while True:\n      x += 1\n");
    interleave_request_stop("TEST");
    interleave_exploration *x = NULL;
    cr_assert_eq(interleave_explore(m, NULL, &x), INTERLEAVE_LIMIT);
    cr_assert_not(interleave_complete(x));
    cr_assert_str_eq(interleave_stopped_by(x), "TEST");
    cr_assert_str_eq(interleave_stop_reason(), "TEST");
    interleave_exploration_free(x);
    interleave_model_free(m);
}

Test(api, a_run_saved_as_a_trace_replays)
{
    configure();
    char *prog = write_temp(LOST_UPDATE, ".yaml");
    interleave_model *m = NULL;
    cr_assert_eq(interleave_load(prog, &m), INTERLEAVE_OK, "%s", said);
    cr_assert(interleave_is_input(prog)); /* a loaded program is protected */
    interleave_run *r = NULL;
    cr_assert_eq(interleave_run_new(m, &r), INTERLEAVE_OK);
    size_t order[] = {0, 1, 1, 0};
    for (size_t k = 0; k < 4; k++) cr_assert_eq(interleave_run_step(r, order[k]), INTERLEAVE_OK);
    cr_assert_not(interleave_run_ended(r));
    cr_assert_str_eq(interleave_run_enabled(r), "t1, t2");
    said[0] = '\0';
    cr_assert_eq(interleave_run_write_trace(r, prog), INTERLEAVE_BAD_INPUT); /* the program */
    cr_assert(strstr(said, "it is an input of this run"), "%s", said);
    char *trace = write_temp("", ".yaml");
    cr_assert_eq(interleave_run_write_trace(r, trace), INTERLEAVE_OK, "%s", said);
    interleave_run_free(r);
    interleave_model_free(m);

    interleave_trace *t = NULL;
    cr_assert_eq(interleave_trace_load(trace, &t), INTERLEAVE_OK, "%s", said);
    cr_assert_eq(interleave_trace_length(t), 4);
    cr_assert(interleave_trace_unfinished(t));
    interleave_run *rr = NULL;
    cr_assert_eq(interleave_replay(t, NULL, &rr), INTERLEAVE_OK, "%s", said);
    size_t at = 99;
    const char *msg = "x";
    cr_assert_eq(interleave_run_diverged(rr, &at, &msg), 0);
    cr_assert_eq(at, 0);
    cr_assert_null(msg);
    cr_assert_str_eq(interleave_model_path(interleave_run_model(rr)), prog);
    text lane = {0};
    cr_assert_eq(interleave_run_report(rr, NULL, append, &lane), INTERLEAVE_OK);
    cr_assert(strstr(lane.s, "a = x"), "%s", lane.s);
    free(lane.s);
    interleave_run_free(rr);
    interleave_trace_free(t);
    unlink(trace);
    unlink(prog);
    free(trace);
    free(prog);
}

/* python.md F3: --print=cpython through the API, for a load and for check */
Test(api, print_mode_of_a_load_and_of_check)
{
    configure();
    char *prog = write_temp(LOST_UPDATE, ".yaml");
    interleave_load_options lo;
    interleave_load_options_init(&lo);
    cr_assert_eq(lo.print, INTERLEAVE_PRINT_PROGRAM);
    interleave_model *m = NULL;
    cr_assert_eq(interleave_load_with(prog, NULL, &m), INTERLEAVE_OK, "%s", said);
    cr_assert_eq(interleave_model_print(m), INTERLEAVE_PRINT_ATOMIC);
    interleave_model_free(m);
    lo.print = INTERLEAVE_PRINT_CPYTHON;
    cr_assert_eq(interleave_load_with(prog, &lo, &m), INTERLEAVE_OK, "%s", said);
    cr_assert_eq(interleave_model_print(m), INTERLEAVE_PRINT_CPYTHON);
    interleave_exploration *x = NULL;
    cr_assert_eq(interleave_explore(m, NULL, &x), INTERLEAVE_OK);
    /* 6 steps a thread (the print is 3): C(12, 6) = 924; the outputs as atomic, for each
     * print's text and end come after its read of x, and two lines can tear ("12", "") */
    cr_assert_str_eq(interleave_interleavings(x), "924");
    size_t torn = 0;
    for (size_t i = 0; i < interleave_outcome_count(x); i++)
        torn += interleave_outcome_output_count(x, i) == 2 &&
                strcmp(interleave_outcome_output(x, i, 1), "") == 0;
    cr_assert_gt(torn, 0);
    interleave_exploration_free(x);
    interleave_model_free(m);
    lo.print = (interleave_print_mode)7;
    cr_assert_eq(interleave_load_with(prog, &lo, &m), INTERLEAVE_BAD_INPUT);

    char dir[] = "/tmp/il-api-check-XXXXXX";
    cr_assert(mkdtemp(dir));
    interleave_checker *c = NULL;
    cr_assert_eq(interleave_checker_new(dir, &c), INTERLEAVE_OK);
    char *pass = write_temp(LOST_UPDATE "expect:\n  interleavings: 924\n", ".yaml");
    interleave_check_options co;
    interleave_check_options_init(&co);
    co.print = INTERLEAVE_PRINT_CPYTHON;
    interleave_verdict *v = NULL;
    cr_assert_eq(interleave_check(c, pass, &co, &v), INTERLEAVE_OK);
    cr_assert_eq(interleave_verdict_kind_of(v), INTERLEAVE_VERDICT_PASS, "%s",
                 interleave_verdict_message(v));
    interleave_verdict_free(v);
    cr_assert_eq(interleave_check(c, pass, NULL, &v), INTERLEAVE_OK); /* atomic: 70 */
    cr_assert_eq(interleave_verdict_kind_of(v), INTERLEAVE_VERDICT_FAIL);
    interleave_verdict_free(v);
    interleave_checker_free(c);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
    unlink(pass);
    free(pass);
    unlink(prog);
    free(prog);
}

Test(api, check_gives_a_verdict_with_traces_of_differences)
{
    configure();
    char *pass = write_temp(LOST_UPDATE "expect:\n  outputs: [[1, 1], [1, 2], [2, 2]]\n"
                                        "  interleavings: 70\n", ".yaml");
    char *fail = write_temp(LOST_UPDATE "expect:\n  outputs: [[1, 1], [1, 2]]\n", ".yaml");
    char dir[] = "/tmp/il-api-check-XXXXXX";
    cr_assert(mkdtemp(dir));
    interleave_checker *c = NULL;
    cr_assert_eq(interleave_checker_new(dir, &c), INTERLEAVE_OK);
    interleave_verdict *v = NULL;
    cr_assert_eq(interleave_check(c, pass, NULL, &v), INTERLEAVE_OK);
    cr_assert_eq(interleave_verdict_kind_of(v), INTERLEAVE_VERDICT_PASS);
    cr_assert_str_eq(interleave_verdict_message(v), "70 interleavings, 3 outcomes");
    cr_assert_str_eq(interleave_verdict_checked(v), "checked: outputs, interleavings");
    cr_assert_null(interleave_verdict_detail(v));
    interleave_verdict_free(v);
    cr_assert_eq(interleave_check(c, fail, NULL, &v), INTERLEAVE_OK);
    cr_assert_eq(interleave_verdict_kind_of(v), INTERLEAVE_VERDICT_FAIL);
    char want[128];
    snprintf(want, sizeof want, "unexpected output [2, 2] (trace: %s/lost-update/unexpected-1.yaml)",
             dir);
    cr_assert_str_eq(interleave_verdict_detail(v), want);
    cr_assert_not(interleave_verdict_incomplete(v));
    interleave_verdict_free(v);
    interleave_checker_free(c);
    snprintf(want, sizeof want, "rm -rf %s", dir);
    cr_assert_eq(system(want), 0);
    unlink(pass);
    unlink(fail);
    free(pass);
    free(fail);
}

Test(api, display_escapes_what_a_terminal_would_act_on)
{
    text t = {0};
    cr_assert_eq(interleave_write_display("a\033[31m\\b", append, &t), INTERLEAVE_OK);
    cr_assert_str_eq(t.s, "a\\x1b[31m\\\\b");
    free(t.s);
}

/* Refuses every allocation after the first `budget`. */
static long budget;
static void *stingy(void *ud, void *p, size_t n)
{
    (void)ud;
    return budget-- > 0 ? realloc(p, n) : NULL;
}

Test(api, a_refused_allocation_is_nomem_not_an_exit)
{
#ifdef HAVE_LSAN
    __lsan_disable(); /* what the failed call held is lost, as the header says */
#endif
    interleave_config c;
    interleave_config_init(&c);
    c.diagnostic = collect;
    c.alloc = stingy;
    budget = 1L << 40;
    cr_assert_eq(interleave_configure(&c), INTERLEAVE_OK);
    interleave_model *m = load(LOST_UPDATE);
    interleave_exploration *x = (interleave_exploration *)1;
    budget = 3;
    cr_assert_eq(interleave_explore(m, NULL, &x), INTERLEAVE_NOMEM);
    cr_assert_null(x);
    cr_assert(strncmp(said, "interleave: error: out of memory (allocating ", 45) == 0, "%s", said);
    /* a load refused the same way (no budget configured: not a limit) */
    said[0] = '\0';
    budget = 2;
    interleave_model *m2 = (interleave_model *)1;
    cr_assert_eq(interleave_load_text("t.yaml", LOST_UPDATE, strlen(LOST_UPDATE), &m2),
                 INTERLEAVE_NOMEM);
    cr_assert_null(m2);
    cr_assert(strstr(said, "out of memory"), "%s", said);
}

/* An allocator whose blocks are not the C library's: each has a header in
 * front, so a block the engine gave back with free() instead of through
 * the allocator would crash (and ASan would say so). It counts the blocks
 * alive: every one an exploration and its model took comes back. */
static long live;
static void *fenced(void *ud, void *p, size_t n)
{
    (void)ud;
    if (n == 0) {
        if (p) {
            live--;
            free((char *)p - 16);
        }
        return NULL;
    }
    char *b = realloc(p ? (char *)p - 16 : NULL, n + 16);
    if (!b) return NULL;
    if (!p) live++;
    return b + 16;
}

Test(api, every_block_comes_back_through_the_allocator)
{
    interleave_config c;
    interleave_config_init(&c);
    c.diagnostic = collect;
    c.alloc = fenced;
    cr_assert_eq(interleave_configure(&c), INTERLEAVE_OK);
    long before = live;
    interleave_model *m = load(LOST_UPDATE);
    interleave_exploration *x = NULL;
    cr_assert_eq(interleave_explore(m, NULL, &x), INTERLEAVE_OK);
    cr_assert_str_eq(interleave_interleavings(x), "70");
    interleave_report_options ro;
    interleave_report_options_init(&ro);
    ro.format = INTERLEAVE_REPORT_JSON;
    text t = {0};
    cr_assert_eq(interleave_report(x, &ro, append, &t), INTERLEAVE_OK);
    cr_assert(strstr(t.s, "\"interleavings\": \"70\""), "%s", t.s);
    free(t.s);
    interleave_exploration_free(x);
    interleave_model_free(m);
    cr_assert_eq(live, before, "%ld blocks not given back", live - before);
}

Test(api, a_budget_below_the_minimum_is_refused)
{
    interleave_config c;
    interleave_config_init(&c);
    c.diagnostic = collect;
    c.memory_budget = 1000;
    cr_assert_eq(interleave_configure(&c), INTERLEAVE_BAD_INPUT);
    cr_assert_str_eq(said, "interleave: error: the memory budget must be at least 1M\n");
    cr_assert_str_eq(interleave_memory_budget_text(), "");
}

Test(api, a_schedule_as_people_write_it_is_followed_or_refused_with_its_entry)
{
    configure();
    interleave_model *m = load(LOST_UPDATE);
    interleave_run *r = NULL;
    cr_assert_eq(interleave_run_new(m, &r), INTERLEAVE_OK);
    cr_assert_eq(interleave_run_follow(r, "t1,t1, t2", "--schedule"), INTERLEAVE_OK);
    cr_assert_eq(interleave_run_length(r), 3);
    cr_assert_eq(interleave_run_step_thread(r, 2), 1);
    cr_assert_eq(interleave_run_follow(r, "t1,,t2", "--schedule"), INTERLEAVE_BAD_INPUT);
    cr_assert_str_eq(said, "interleave: error: --schedule: entry 2 is empty (write threads as "
                           "t1,t2,...)\n");
    said[0] = '\0';
    cr_assert_eq(interleave_run_follow(r, "t1 t9", "--schedule"), INTERLEAVE_BAD_INPUT);
    cr_assert_str_eq(said, "interleave: error: --schedule: entry 2: no thread 't9' (threads: t1, "
                           "t2)\n");
    cr_assert_eq(interleave_run_length(r), 3); /* a bad name takes no step */
    said[0] = '\0';
    cr_assert_eq(interleave_run_follow(r, "t1,t1,t1,t1", "--schedule"), INTERLEAVE_BAD_INPUT);
    cr_assert_str_eq(said, "interleave: error: step 3: t1 cannot move (finished); enabled: t2\n");
    cr_assert_eq(interleave_run_length(r), 5);
    interleave_run_free(r);
    interleave_model_free(m);
}
