/* test_trace.c - trace files: SHA-256, the writer and the reader round trip
 * (every field written comes back), and malformed traces, each with its
 * exact `FILE:LINE:COL: error:` message. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler.h"
#include "helpers.h"
#include "loader.h"
#include "schedule.h"
#include "trace.h"

static const char *lost_update = TH_LOST_UPDATE;

/* A program file on disk, loaded and compiled. */
typedef struct prog {
    char *path;
    il_program *p;
    il_code *c;
} prog;

static prog load(const char *text)
{
    prog g;
    g.path = th_write_temp(text);
    cr_assert_not_null(g.path);
    il_diag d;
    il_diag_init(&d, g.path, NULL);
    g.p = il_load_program(g.path, &d);
    cr_assert_not_null(g.p, "load: %s", d.first);
    g.c = il_compile(g.p, &d);
    cr_assert_not_null(g.c, "compile: %s", d.first);
    return g;
}

static void unload(prog *g)
{
    il_code_free(g->c);
    il_program_free(g->p);
    unlink(g->path);
    free(g->path);
}

static char *temp_name(void)
{
    char *p = th_write_temp("");
    cr_assert_not_null(p);
    return p;
}

/* The first error loading `text` as a trace named t.yaml gives. */
static const char *load_error(const char *text)
{
    static il_diag d;
    il_diag_init(&d, "t.yaml", NULL);
    il_trace *t = il_trace_load_text("t.yaml", text, strlen(text), &d);
    cr_assert_null(t, "loaded a bad trace: %s", text);
    return d.first;
}

static const char *head =
    "trace: 1\n"
    "program: p.yaml\n"
    "program_sha256: 515699e34ef9766d6432fe99ce0a1d3c6c534e1b77fec26680a920cdb3adf2bc\n";

/* head + rest, in a static buffer. */
static const char *with_head(const char *rest)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s%s", head, rest);
    return buf;
}

Test(trace, sha256_known_vectors)
{
    char hex[65];
    il_trace_sha256("abc", 3, hex);
    cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    il_trace_sha256("", 0, hex);
    cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

Test(trace, write_then_load_keeps_every_field)
{
    prog g = load(lost_update);
    char *out = temp_name();
    uint32_t sched[] = {0, 0, 1, 0, 0, 1, 1, 1};
    il_diag d;
    il_diag_init(&d, out, NULL);
    cr_assert_eq(il_trace_write(out, g.c, g.path, sched, 8, &d), 0, "%s", d.first);

    il_trace *t = il_trace_load(out, &d);
    cr_assert_not_null(t, "%s", d.first);
    cr_assert_str_eq(t->program, g.path);
    il_buf src = {0};
    cr_assert_eq(il_trace_read_file(g.path, &src), 0);
    char hex[65];
    il_trace_sha256(src.data, src.len, hex);
    cr_assert_str_eq(t->sha256, hex);
    il_buf_free(&src);

    cr_assert_eq(t->nschedule, 8);
    const char *names[] = {"t1", "t1", "t2", "t1", "t1", "t2", "t2", "t2"};
    for (int i = 0; i < 8; i++) cr_assert_str_eq(t->schedule[i], names[i]);
    cr_assert_eq(t->nsteps, 8);
    for (int i = 0; i < 8; i++) {
        cr_assert_eq(t->steps[i].step, i + 1);
        cr_assert_str_eq(t->steps[i].thread, names[i]);
    }
    const il_trace_step *s1 = &t->steps[0], *s4 = &t->steps[3], *s5 = &t->steps[4];
    cr_assert_eq(s1->line, 6);
    cr_assert_str_eq(s1->code, "a = x");
    cr_assert_str_eq(s1->reads, "x=0");
    cr_assert_null(s1->writes);
    cr_assert_null(s1->output);
    cr_assert_str_eq(s4->writes, "x=1");
    cr_assert_null(s4->reads);
    cr_assert_str_eq(s5->output, "1");
    cr_assert_str_eq(s5->code, "print(x)");

    cr_assert(t->has_outcome);
    cr_assert_str_eq(t->outcome.status, "ok");
    cr_assert_eq(t->outcome.noutput, 2);
    cr_assert_str_eq(t->outcome.output[0], "1");
    cr_assert_str_eq(t->outcome.output[1], "1");
    cr_assert_str_eq(t->outcome.final, "x=1");
    cr_assert_eq(t->outcome.nerrors, 0);
    cr_assert_null(t->outcome.blocked);
    il_trace_free(t);
    unlink(out);
    free(out);
    unload(&g);
}

/* python.md F3: a trace records a mode that is not the program's default,
 * and the steps of a print in cpython mode (text, then end, exactly). */
Test(trace, print_mode_recorded)
{
    static const char cpy[] = "print: cpython\n" TH_LOST_UPDATE;
    prog g = load(cpy);
    char *out = temp_name();
    /* t1's a = x, a = a + 1, x = a, print's arguments, text, end; then t2's */
    uint32_t sched[12] = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
    il_diag d;
    il_diag_init(&d, out, NULL);
    cr_assert_eq(il_trace_write(out, g.c, g.path, sched, 12, &d), 0, "%s", d.first);
    il_trace *t = il_trace_load(out, &d);
    cr_assert_not_null(t, "%s", d.first);
    cr_expect_eq(t->print, IL_PRINT_CPYTHON);
    cr_expect_eq(t->print_at.line, 4);
    cr_expect_str_eq(t->steps[3].reads, "x=1");
    cr_expect_null(t->steps[3].output);
    cr_expect_str_eq(t->steps[4].output, "1");
    cr_expect_null(t->steps[4].reads);
    cr_expect_str_eq(t->steps[5].output, "\n");
    cr_expect_eq(t->steps[5].line, t->steps[3].line);
    cr_expect_str_eq(t->steps[5].code, "print(x)");
    cr_expect_eq(t->outcome.noutput, 2);
    cr_expect_str_eq(t->outcome.output[1], "2");
    il_trace_free(t);
    unload(&g);

    /* the same program made atomic: the trace says so, in 8 steps */
    g = load(cpy);
    il_code_free(g.c);
    il_program_set_print(g.p, IL_PRINT_ATOMIC);
    g.c = il_compile(g.p, &d);
    cr_assert_not_null(g.c);
    uint32_t sched8[8] = {0, 0, 0, 0, 1, 1, 1, 1};
    cr_assert_eq(il_trace_write(out, g.c, g.path, sched8, 8, &d), 0, "%s", d.first);
    t = il_trace_load(out, &d);
    cr_assert_not_null(t, "%s", d.first);
    cr_expect_eq(t->print, IL_PRINT_ATOMIC);
    cr_expect_str_eq(t->steps[3].output, "1");
    il_trace_free(t);
    unload(&g);

    /* a program of atomic prints: no print: key */
    g = load(lost_update);
    cr_assert_eq(il_trace_write(out, g.c, g.path, sched8, 8, &d), 0, "%s", d.first);
    il_buf b = {0};
    cr_assert_eq(il_trace_read_file(out, &b), 0);
    cr_expect_null(strstr(b.data, "print:"));
    il_buf_free(&b);
    unload(&g);
    unlink(out);
    free(out);
}

Test(trace, the_layout_of_cli_md)
{
    prog g = load(lost_update);
    char *out = temp_name();
    uint32_t sched[] = {0, 0, 0, 0, 1, 1, 1, 1};
    il_diag d;
    il_diag_init(&d, out, NULL);
    cr_assert_eq(il_trace_write(out, g.c, g.path, sched, 8, &d), 0, "%s", d.first);
    il_buf text = {0};
    cr_assert_eq(il_trace_read_file(out, &text), 0);
    /* block style at the top, a flow mapping per step, one line each */
    cr_assert(strstr(text.data, "\nschedule: [t1, t1, t1, t1, t2, t2, t2, t2]\n"), "%s", text.data);
    cr_assert(strstr(text.data, "\nsteps:\n- {step: 1, thread: t1, line: 6, code: \"a = x\", "
                                "reads: {x: 0}}\n"), "%s", text.data);
    cr_assert(strstr(text.data, "- {step: 3, thread: t1, line: 8, code: \"x = a\", writes: {x: 1}}\n"),
              "%s", text.data);
    cr_assert(strstr(text.data, "- {step: 4, thread: t1, line: 9, code: \"print(x)\", reads: {x: 1}, "
                                "output: \"1\"}\n"), "%s", text.data);
    cr_assert(strstr(text.data, "\noutcome: {status: ok, output: [\"1\", \"2\"], final: {x: 2}}\n"),
              "%s", text.data);
    cr_assert_eq(strncmp(text.data, "trace: 1\nprogram: ", 18), 0, "%s", text.data);
    il_buf_free(&text);
    unlink(out);
    free(out);
    unload(&g);
}

/* Quotes, backslashes, list elements and errors survive the emitter. */
Test(trace, awkward_values_round_trip)
{
    prog g = load("shared:\n  forks: [0, 0, 0]\nthreads:\n"
                  "  t1: |\n    forks[2] = 7\n    print(\"say \\\"hi\\\" \\\\ now\", forks[2])\n"
                  "    x = 1 // 0\n");
    char *out = temp_name();
    uint32_t sched[] = {0, 0, 0};
    il_diag d;
    il_diag_init(&d, out, NULL);
    cr_assert_eq(il_trace_write(out, g.c, g.path, sched, 3, &d), 0, "%s", d.first);
    il_trace *t = il_trace_load(out, &d);
    cr_assert_not_null(t, "%s", d.first);
    cr_assert_str_eq(t->steps[0].writes, "forks[2]=7");
    cr_assert_str_eq(t->steps[1].output, "say \"hi\" \\ now 7");
    cr_assert_str_eq(t->steps[1].reads, "forks[2]=7");
    cr_assert_str_eq(t->steps[2].error, "ZeroDivisionError: integer division or modulo by zero");
    cr_assert_str_eq(t->outcome.status, "error");
    cr_assert_str_eq(t->outcome.final, "forks=[0,0,7]");
    cr_assert_eq(t->outcome.nerrors, 1);
    cr_assert_str_eq(t->outcome.errors[0], "t1: ZeroDivisionError at line 7");
    il_trace_free(t);
    unlink(out);
    free(out);
    unload(&g);
}

Test(trace, deadlock_outcome_lists_blocked_threads)
{
    prog g = load("sync:\n  a: Lock\n  b: Lock\nthreads:\n"
                  "  t1: |\n    with a:\n        with b:\n            pass\n"
                  "  t2: |\n    with b:\n        with a:\n            pass\n");
    char *out = temp_name();
    uint32_t sched[] = {0, 1};
    il_diag d;
    il_diag_init(&d, out, NULL);
    cr_assert_eq(il_trace_write(out, g.c, g.path, sched, 2, &d), 0, "%s", d.first);
    il_trace *t = il_trace_load(out, &d);
    cr_assert_not_null(t, "%s", d.first);
    cr_assert_str_eq(t->outcome.status, "deadlock");
    cr_assert_str_eq(t->outcome.blocked,
                     "t1 at line 7 waiting for lock b; t2 at line 11 waiting for lock a");
    cr_assert_str_eq(t->outcome.final, "");
    il_trace_free(t);
    unlink(out);
    free(out);
    unload(&g);
}

/* A schedule that stops before the end is kept as such ("unfinished"). */
Test(trace, unfinished_run)
{
    prog g = load(lost_update);
    char *out = temp_name();
    uint32_t sched[] = {1};
    il_diag d;
    il_diag_init(&d, out, NULL);
    cr_assert_eq(il_trace_write(out, g.c, g.path, sched, 1, &d), 0, "%s", d.first);
    il_trace *t = il_trace_load(out, &d);
    cr_assert_not_null(t, "%s", d.first);
    cr_assert_str_eq(t->outcome.status, "unfinished");
    cr_assert_eq(t->nsteps, 1);
    il_trace_free(t);
    unlink(out);
    free(out);
    unload(&g);
}

Test(trace, steps_may_be_a_subset)
{
    il_diag d;
    il_diag_init(&d, "t.yaml", NULL);
    const char *text = with_head("schedule: [t1, t1, t2]\n"
                                 "steps:\n"
                                 "  - {step: 1, thread: t1}\n"
                                 "  - {step: 3, thread: t2, line: 7}\n"
                                 "outcome: {status: ok}\n");
    il_trace *t = il_trace_load_text("t.yaml", text, strlen(text), &d);
    cr_assert_not_null(t, "%s", d.first);
    cr_assert_eq(t->nsteps, 2);
    cr_assert_eq(t->steps[1].step, 3);
    cr_assert_eq(t->steps[1].line, 7);
    cr_assert_eq(t->steps[0].line, -1);
    cr_assert_eq(t->steps[1].at.line, 7);
    cr_assert_eq(t->steps[1].at.col, 5);
    cr_assert_eq(t->schedule_pos[2].line, 4);
    cr_assert_eq(t->schedule_pos[2].col, 20);
    cr_assert_eq(t->outcome.has_output, 0);
    il_trace_free(t);
}

/* ---- malformed traces ------------------------------------------------------ */

Test(trace_bad, empty_file)
{
    cr_assert_str_eq(load_error(""), "t.yaml:1:1: error: empty trace: expected trace:, program:, "
                                     "program_sha256:, schedule:, steps: and outcome:");
}

Test(trace_bad, truncated_flow_mapping)
{
    cr_assert_str_eq(load_error(with_head("schedule: [t1, t2]\nsteps:\n  - {step: 1, thread: t1\n")),
                     "t.yaml:7:1: error: YAML syntax error: did not find expected ',' or '}' "
                     "(while parsing a flow mapping at 6:5)");
}

Test(trace_bad, not_a_mapping)
{
    cr_assert_str_eq(load_error("- t1\n- t2\n"),
                     "t.yaml:1:1: error: a trace is a mapping with trace:, program:, "
                     "program_sha256:, schedule:, steps: and outcome:, got a sequence");
}

Test(trace_bad, unknown_key)
{
    cr_assert_str_eq(load_error(with_head("schedule: []\noutcome: {status: ok}\nextra: 1\n")),
                     "t.yaml:6:1: error: unknown key 'extra' in a trace (expected one of: trace, "
                     "program, program_sha256, print, schedule, steps, outcome)");
}

Test(trace_bad, print_mode)
{
    cr_assert_str_eq(load_error(with_head("print: fast\nschedule: []\noutcome: {status: ok}\n")),
                     "t.yaml:4:8: error: print: expected atomic or cpython, got 'fast'");
}

Test(trace_bad, missing_schedule)
{
    cr_assert_str_eq(load_error(with_head("outcome: {status: ok}\n")),
                     "t.yaml:1:1: error: missing 'schedule:' in the trace");
}

Test(trace_bad, unsupported_version)
{
    cr_assert_str_eq(load_error("trace: 2\nprogram: p.yaml\nprogram_sha256: "
                                "515699e34ef9766d6432fe99ce0a1d3c6c534e1b77fec26680a920cdb3adf2bc\n"
                                "schedule: []\noutcome: {status: ok}\n"),
                     "t.yaml:1:8: error: trace: format version 2 is not supported (this "
                     "interleave reads version 1)");
}

Test(trace_bad, bad_hash)
{
    cr_assert_str_eq(load_error("trace: 1\nprogram: p.yaml\nprogram_sha256: 3f2a\n"
                                "schedule: []\noutcome: {status: ok}\n"),
                     "t.yaml:3:17: error: program_sha256: expected 64 hexadecimal digits, got '3f2a'");
}

Test(trace_bad, schedule_not_a_sequence)
{
    cr_assert_str_eq(load_error(with_head("schedule: t1\noutcome: {status: ok}\n")),
                     "t.yaml:4:11: error: schedule: expected a sequence of thread names like [t1, "
                     "t2], got 't1'");
}

Test(trace_bad, schedule_entry_not_a_name)
{
    cr_assert_str_eq(load_error(with_head("schedule: [t1, {a: 1}]\noutcome: {status: ok}\n")),
                     "t.yaml:4:16: error: schedule: entry 2: expected a thread name, got a mapping");
}

Test(trace_bad, step_number_not_an_integer)
{
    cr_assert_str_eq(load_error(with_head("schedule: [t1]\nsteps:\n  - {step: one, thread: t1}\n"
                                          "outcome: {status: ok}\n")),
                     "t.yaml:6:12: error: step: expected an integer, got 'one'");
}

Test(trace_bad, quoted_number_is_text)
{
    cr_assert_str_eq(load_error(with_head("schedule: [t1]\nsteps:\n  - {step: \"1\", thread: t1}\n"
                                          "outcome: {status: ok}\n")),
                     "t.yaml:6:12: error: step: expected an integer, got '1'");
}

Test(trace_bad, step_beyond_the_schedule)
{
    cr_assert_str_eq(load_error(with_head("schedule: [t1, t2]\nsteps:\n  - {step: 3, thread: t1}\n"
                                          "outcome: {status: ok}\n")),
                     "t.yaml:6:12: error: step 3 is beyond the schedule, which has 2 steps");
}

Test(trace_bad, steps_out_of_order)
{
    cr_assert_str_eq(load_error(with_head("schedule: [t1, t2]\nsteps:\n  - {step: 2, thread: t2}\n"
                                          "  - {step: 1, thread: t1}\noutcome: {status: ok}\n")),
                     "t.yaml:7:12: error: step 1 comes after step 2: steps must be in increasing order");
}

Test(trace_bad, step_without_thread)
{
    cr_assert_str_eq(load_error(with_head("schedule: [t1]\nsteps:\n  - {step: 1}\n"
                                          "outcome: {status: ok}\n")),
                     "t.yaml:6:5: error: step 1 needs 'thread:'");
}

Test(trace_bad, unknown_step_key)
{
    cr_assert_str_eq(load_error(with_head("schedule: [t1]\nsteps:\n  - {step: 1, thread: t1, "
                                          "red: 1}\noutcome: {status: ok}\n")),
                     "t.yaml:6:27: error: unknown key 'red' in a step (expected one of: step, "
                     "thread, line, code, reads, writes, output, error)");
}

Test(trace_bad, reads_not_a_mapping)
{
    cr_assert_str_eq(load_error(with_head("schedule: [t1]\nsteps:\n  - {step: 1, thread: t1, "
                                          "reads: [x]}\noutcome: {status: ok}\n")),
                     "t.yaml:6:34: error: step 1: reads: expected a mapping of shared locations to "
                     "values, got a sequence");
}

Test(trace_bad, read_value_not_an_integer)
{
    cr_assert_str_eq(load_error(with_head("schedule: [t1]\nsteps:\n  - {step: 1, thread: t1, "
                                          "reads: {x: many}}\noutcome: {status: ok}\n")),
                     "t.yaml:6:38: error: step 1: reads of x: expected an integer, got 'many'");
}

Test(trace_bad, duplicate_key)
{
    cr_assert_str_eq(load_error(with_head("schedule: [t1]\nschedule: [t2]\noutcome: {status: ok}\n")),
                     "t.yaml:5:1: error: duplicate key 'schedule' (first at 4:1)");
}

Test(trace_bad, unknown_status)
{
    cr_assert_str_eq(load_error(with_head("schedule: [t1]\noutcome: {status: fine}\n")),
                     "t.yaml:5:19: error: outcome: status: expected ok, error, deadlock or "
                     "unfinished, got 'fine'");
}

Test(trace_bad, missing_outcome)
{
    /* a file cut at a line boundary still parses: the outcome's absence tells */
    cr_assert_str_eq(load_error(with_head("schedule: [t1]\nsteps:\n  - {step: 1, thread: t1}\n")),
                     "t.yaml:1:1: error: missing 'outcome:' in the trace");
}

Test(trace_bad, final_value_wrong_type)
{
    cr_assert_str_eq(load_error(with_head("schedule: []\noutcome: {status: ok, final: {x: [1, a]}}\n")),
                     "t.yaml:5:38: error: outcome: final: x: expected an integer, got 'a'");
}

Test(trace_bad, aliases_refused)
{
    cr_assert_str_eq(load_error(with_head("schedule: &s [t1]\noutcome: {status: ok}\n")),
                     "t.yaml:4:11: error: YAML anchors are not supported (&s)");
}

Test(trace_bad, blocked_entry_incomplete)
{
    cr_assert_str_eq(load_error(with_head("schedule: []\noutcome: {status: deadlock, blocked: "
                                          "[{thread: t1}]}\n")),
                     "t.yaml:5:39: error: outcome: blocked: each entry needs thread:, line: and "
                     "waiting_for:");
}

Test(trace_bad, missing_file)
{
    il_diag d;
    il_diag_init(&d, "/nonexistent/t.yaml", NULL);
    cr_assert_null(il_trace_load("/nonexistent/t.yaml", &d));
    cr_assert_str_eq(d.first, "/nonexistent/t.yaml:1:1: error: cannot read trace: No such file or "
                              "directory");
}

Test(trace_bad, invalid_utf8)
{
    cr_assert_str_eq(load_error(with_head("schedule: [t\xff]\noutcome: {status: ok}\n")),
                     "t.yaml:4:13: error: invalid leading UTF-8 octet");
}

/* The trace is of the bytes explored: the file edited (or gone) after
 * loading changes neither the hash nor the code shown. */
Test(trace, hashes_the_bytes_loaded_not_the_file_now)
{
    prog g = load(lost_update);
    char want[65];
    il_trace_sha256(lost_update, strlen(lost_update), want);
    cr_assert_str_eq(g.p->sha256, want);
    FILE *f = fopen(g.path, "w");
    cr_assert_not_null(f);
    fputs("name: edited\nthreads:\n  t1: pass\n", f);
    fclose(f);
    char *out = temp_name();
    uint32_t sched[] = {0, 0, 0, 0, 1, 1, 1, 1};
    il_diag d;
    il_diag_init(&d, out, NULL);
    cr_assert_eq(il_trace_write(out, g.c, g.path, sched, 8, &d), 0, "%s", d.first);
    il_trace *t = il_trace_load(out, &d);
    cr_assert_not_null(t, "%s", d.first);
    cr_assert_str_eq(t->sha256, want);
    cr_assert_str_eq(t->steps[0].code, "a = x");
    il_trace_free(t);
    unlink(g.path);
    cr_assert_eq(il_trace_write(out, g.c, g.path, sched, 8, &d), 0, "%s", d.first);
    unlink(out);
    free(out);
    unload(&g);
}
