/* test_check.c - the pieces behind `check`: the expect: expression
 * evaluator (eval.h: Python's values, errors with file positions), the
 * comparison of a result with expect: (expect.h: every form, passing and
 * failing, trace naming, the finals projection rule), and the JUnit/TAP
 * writers (suite.h: escaping). Programs are loaded from text as "t.yaml". */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "eval.h"
#include "expect.h"
#include "explorer.h"
#include "limit.h"
#include "loader.h"
#include "cli/suite.h"

/* ---- the evaluator ------------------------------------------------------------- */

/* A program with x, y and l = [l0, l1, l2] (file lines 2-5) whose
 * expect: always is `expr` (file line 9, text from column 12). */
static il_program *with_expr(const char *expr)
{
    char text[1024];
    snprintf(text, sizeof text,
             "shared:\n  x: 0\n  y: 0\n  l: [0, 0, 0]\n"
             "sync:\n  m: Lock\n"
             "threads:\n  t1: \"x = 1\"\n"
             "expect:\n  always: \"%s\"\n", expr);
    il_diag d;
    il_diag_init(&d, "t.yaml", NULL);
    il_program *p = il_load_program_text("t.yaml", text, strlen(text), &d);
    cr_assert(p, "load failed: %s", d.first);
    cr_assert(p->expect.always);
    return p;
}

/* Evaluates expr with x, y, l0, l1, l2; returns 0 or -1 and the message. */
static int eval_with(const char *expr, int64_t x, int64_t y, int64_t l0, int64_t l1,
                     int64_t l2, int64_t *out, char *msg)
{
    il_program *p = with_expr(expr);
    int64_t final[] = {x, y, l0, l1, l2};
    il_diag d;
    il_diag_init(&d, "t.yaml", NULL);
    int rc = il_eval_validate(p, p->expect.always, "expect: always", &d);
    if (rc == 0) rc = il_eval(p, p->expect.always, final, "expect: always", out, &d);
    strcpy(msg, d.first);
    il_program_free(p);
    return rc;
}

static int64_t value(const char *expr, int64_t x, int64_t y)
{
    int64_t v = -999;
    char msg[1024];
    int rc = eval_with(expr, x, y, 10, 20, 30, &v, msg);
    cr_assert_eq(rc, 0, "%s: %s", expr, msg);
    return v;
}

static const char *error_of(const char *expr, int64_t x, int64_t y)
{
    static char msg[1024];
    int64_t v;
    msg[0] = '\0';
    int rc = eval_with(expr, x, y, 10, 20, 30, &v, msg);
    cr_assert_eq(rc, -1, "%s: evaluated to %lld", expr, (long long)v);
    return msg;
}

Test(eval, arithmetic_as_python)
{
    cr_assert_eq(value("x + y * 2 - 1", 3, 4), 10);
    cr_assert_eq(value("x // y", 7, 2), 3);
    cr_assert_eq(value("x // y", -7, 2), -4); /* floor, not truncation */
    cr_assert_eq(value("x // y", 7, -2), -4);
    cr_assert_eq(value("x % y", -7, 2), 1);   /* sign of the divisor */
    cr_assert_eq(value("x % y", 7, -2), -1);
    cr_assert_eq(value("-x", 5, 0), -5);
    cr_assert_eq(value("+x", 5, 0), 5);
    cr_assert_eq(value("(x + 1) * (y + 1)", 1, 2), 6);
}

Test(eval, booleans_give_the_deciding_operand)
{
    cr_assert_eq(value("x or y", 0, 5), 5);
    cr_assert_eq(value("x or y", 3, 5), 3);
    cr_assert_eq(value("x and y", 3, 5), 5);
    cr_assert_eq(value("x and y", 0, 5), 0);
    cr_assert_eq(value("not x", 0, 0), 1);
    cr_assert_eq(value("not x", 7, 0), 0);
    cr_assert_eq(value("True and not False", 0, 0), 1);
}

Test(eval, chained_comparisons)
{
    cr_assert_eq(value("0 < x < 3", 2, 0), 1);
    cr_assert_eq(value("0 < x < 3", 3, 0), 0);
    cr_assert_eq(value("x == y != 4", 2, 2), 1);
    cr_assert_eq(value("x >= y >= 0 <= 1", 2, 1), 1);
    cr_assert_eq(value("x <= y", 2, 1), 0);
}

Test(eval, list_elements_and_negative_indices)
{
    cr_assert_eq(value("l[0] + l[2]", 0, 0), 40);
    cr_assert_eq(value("l[-1]", 0, 0), 30);
    cr_assert_eq(value("l[-3]", 0, 0), 10);
    cr_assert_eq(value("l[x]", 1, 0), 20);
    cr_assert_eq(value("l[x - 3]", 1, 0), 20);
}

/* `and`, `or` and chains stop early, as Python does, so a guard protects
 * the division after it. */
Test(eval, short_circuit_avoids_errors)
{
    cr_assert_eq(value("y != 0 and x // y > 1", 5, 0), 0);
    cr_assert_eq(value("y == 0 or x % y == 1", 5, 0), 1);
    cr_assert_eq(value("y > 0 > x // y", 5, 0), 0);
}

Test(eval, static_errors_point_at_the_expression)
{
    /* `  always: "` is 11 columns: the text starts at column 12 of line 10. */
    cr_assert_str_eq(error_of("x == z", 0, 0),
                     "t.yaml:10:17: error: expect: always: name 'z' is not defined (only "
                     "shared variables can be used)");
    cr_assert_str_eq(error_of("m == 1", 0, 0),
                     "t.yaml:10:12: error: expect: always: 'm' is a sync object: only "
                     "shared variables have final values");
    cr_assert_str_eq(error_of("t1 == 1", 0, 0),
                     "t.yaml:10:12: error: expect: always: 't1' is a thread: only shared "
                     "variables have final values");
    cr_assert_str_eq(error_of("x == 'a'", 0, 0),
                     "t.yaml:10:17: error: expect: always: strings are not values here: "
                     "final values are integers");
    cr_assert_str_eq(error_of("len(l) == 3", 0, 0),
                     "t.yaml:10:12: error: expect: always: calls are not supported here "
                     "(len()): use shared variables, list elements and integers");
    cr_assert_str_eq(error_of("m.locked()", 0, 0),
                     "t.yaml:10:12: error: expect: always: calls are not supported here "
                     "(m.locked()): use shared variables, list elements and integers");
    cr_assert_str_eq(error_of("l == 0", 0, 0),
                     "t.yaml:10:12: error: expect: always: whole-list values are not "
                     "supported: use an element, l[i]");
    cr_assert_str_eq(error_of("x / 2 == 0", 0, 0),
                     "t.yaml:10:12: error: expect: always: '/' (true division) is not "
                     "supported: values are integers, use '//'");
    cr_assert_str_eq(error_of("x[0] == 0", 0, 0),
                     "t.yaml:10:12: error: expect: always: 'x' is an integer, not a list");
    cr_assert_str_eq(error_of("l[3] == 0", 0, 0),
                     "t.yaml:10:12: error: expect: always: list index out of range: l[3] "
                     "(l has 3 elements)");
    cr_assert_str_eq(error_of("1 == l[-4]", 0, 0),
                     "t.yaml:10:17: error: expect: always: list index out of range: l[-4] "
                     "(l has 3 elements)");
}

/* Some errors depend on the final values: they are found when evaluating,
 * even though nothing was wrong with the expression's shape. */
Test(eval, value_errors_point_at_the_operation)
{
    cr_assert_str_eq(error_of("x == 1 or 1 // y", 0, 0),
                     "t.yaml:10:22: error: expect: always: integer division or modulo by zero");
    cr_assert_str_eq(error_of("x % y", 3, 0),
                     "t.yaml:10:12: error: expect: always: integer modulo by zero");
    cr_assert_str_eq(error_of("l[x] == 0", 3, 0),
                     "t.yaml:10:12: error: expect: always: list index out of range: l[3] "
                     "(l has 3 elements)");
    cr_assert_str_eq(error_of("x * y", INT64_MAX, 2),
                     "t.yaml:10:12: error: expect: always: integer overflow (values are 64-bit)");
    cr_assert_str_eq(error_of("x - y", INT64_MIN, 1),
                     "t.yaml:10:12: error: expect: always: integer overflow (values are 64-bit)");
    cr_assert_str_eq(error_of("-x", INT64_MIN, 0),
                     "t.yaml:10:12: error: expect: always: integer overflow (values are 64-bit)");
    cr_assert_str_eq(error_of("x // y", INT64_MIN, -1),
                     "t.yaml:10:12: error: expect: always: integer overflow (values are 64-bit)");
    cr_assert_eq(value("x % y", INT64_MIN, -1), 0);
}

/* ---- comparing with expect: ----------------------------------------------------------- */

typedef struct run {
    il_program *p;
    il_code *c;
    il_explorer *x;
    const il_result *r;
    il_diffs diffs;
    int rc;
    il_diag d;
} run;

static run *check_text(const char *text, uint64_t max_states)
{
    run *r = calloc(1, sizeof *r);
    il_diag_init(&r->d, "t.yaml", NULL);
    r->p = il_load_program_text("t.yaml", text, strlen(text), &r->d);
    cr_assert(r->p, "load failed: %s", r->d.first);
    r->c = il_compile(r->p, &r->d);
    cr_assert(r->c, "compile failed: %s", r->d.first);
    cr_assert_eq(il_expect_validate(r->p, &r->d), 0, "%s", r->d.first);
    r->x = il_explorer_new(r->c);
    il_explore_opts o = {0};
    o.max_states = max_states;
    r->r = il_explore(r->x, &o);
    r->rc = il_expect_compare(r->p, r->r, &r->diffs, &r->d);
    return r;
}

static void run_free(run *r)
{
    il_diffs_free(&r->diffs);
    il_explorer_free(r->x);
    il_code_free(r->c);
    il_program_free(r->p);
    free(r);
}

/* The differences' texts, one a line, with the trace name in [] after a
 * line that has one. */
static const char *diffs_of(run *r)
{
    static char buf[8192];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->diffs.len; i++) {
        const il_diff *d = &r->diffs.items[i];
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i ? "\n" : "", d->text);
        if (d->has_state) {
            cr_assert(d->trace_name);
            n += (size_t)snprintf(buf + n, sizeof buf - n, " [%s]", d->trace_name);
        }
    }
    return buf;
}

#define LOST_UPDATE                                                           \
    "shared:\n  x: 0\nthreads:\n"                                             \
    "  t1: |\n    a = x\n    a = a + 1\n    x = a\n    print(x)\n"            \
    "  t2: |\n    b = x\n    b = b + 1\n    x = b\n    print(x)\n"

Test(compare, every_form_holding)
{
    run *r = check_text(LOST_UPDATE
                        "expect:\n"
                        "  outputs: [[1, 1], ['1', 2], [\"2\", \"2\"], [1, 1]]\n"
                        "  finals: [{x: 1}, {x: 2}]\n"
                        "  always: \"1 <= x <= 2\"\n"
                        "  sometimes: \"x == 1\"\n"
                        "  never: \"x == 0\"\n"
                        "  deadlock: false\n  errors: false\n  races: true\n"
                        "  interleavings: 70\n", 0);
    cr_assert_eq(r->rc, 0);
    cr_assert_str_eq(diffs_of(r), "");
    run_free(r);
}

Test(compare, outputs_missing_and_unexpected)
{
    run *r = check_text(LOST_UPDATE "expect:\n  outputs: [[1, 3], [1, 1], [1, 3], [2]]\n", 0);
    cr_assert_str_eq(diffs_of(r), "missing output [1, 3]\n"
                                  "missing output [2]\n"
                                  "unexpected output [1, 2] [unexpected-1]\n"
                                  "unexpected output [2, 2] [unexpected-2]");
    /* The trace of an unexpected output ends in its outcome's state. */
    cr_assert_eq(r->diffs.items[2].state, r->r->outcomes[1].state);
    run_free(r);
}

Test(compare, empty_outputs_expect_nothing)
{
    run *r = check_text(LOST_UPDATE "expect:\n  outputs: []\n", 0);
    cr_assert_str_eq(diffs_of(r), "unexpected output [1, 1] [unexpected-1]\n"
                                  "unexpected output [1, 2] [unexpected-2]\n"
                                  "unexpected output [2, 2] [unexpected-3]");
    run_free(r);
}

/* More than 20 lines of one kind are counted, not listed. */
Test(compare, long_lists_are_cut)
{
    run *r = check_text("threads:\n  t:\n    count: 4\n    body: \"print(id)\"\n"
                        "expect:\n  outputs: [[9]]\n", 0);
    cr_assert_eq(r->diffs.len, 1 + 20 + 1);
    cr_assert_str_eq(r->diffs.items[0].text, "missing output [9]");
    cr_assert_str_eq(r->diffs.items[1].text, "unexpected output [0, 1, 2, 3]");
    cr_assert_str_eq(r->diffs.items[21].text, "... and 4 more unexpected outputs");
    run_free(r);
}

Test(compare, finals_compare_only_the_named_variables)
{
    const char *prog = "shared:\n  x: 0\n  y: 5\n  l: [0, 0]\nthreads:\n"
                       "  t1: |\n    a = x\n    x = a + 1\n    l[0] = 1\n"
                       "  t2: |\n    b = x\n    x = b + 1\n";
    char text[1024];
    snprintf(text, sizeof text, "%sexpect:\n  finals: [{x: 1, l: [1, 0]}, {l: [1, 0], x: 2}]\n", prog);
    run *r = check_text(text, 0);
    cr_assert_str_eq(diffs_of(r), "");
    run_free(r);

    snprintf(text, sizeof text, "%sexpect:\n  finals: [{x: 1}, {x: 3}, {x: 3}]\n", prog);
    r = check_text(text, 0);
    cr_assert_str_eq(diffs_of(r), "missing final {x: 3}\n"
                                  "unexpected final {x: 2} [unexpected-1]");
    run_free(r);
}

/* Entries naming different variables: each outcome must agree with some
 * entry on that entry's variables; unexpected ones show every variable
 * some entry names. */
Test(compare, finals_entries_with_different_variables)
{
    const char *prog = "shared:\n  x: 0\n  y: 5\n  z: 9\nthreads:\n"
                       "  t1: |\n    a = x\n    x = a + 1\n"
                       "  t2: |\n    b = x\n    x = b + 1\n";
    char text[1024];
    snprintf(text, sizeof text, "%sexpect:\n  finals: [{x: 1}, {x: 2, y: 5}]\n", prog);
    run *r = check_text(text, 0);
    cr_assert_str_eq(diffs_of(r), "");
    run_free(r);

    snprintf(text, sizeof text, "%sexpect:\n  finals: [{x: 1}, {y: 6}]\n", prog);
    r = check_text(text, 0);
    cr_assert_str_eq(diffs_of(r), "missing final {y: 6}\n"
                                  "unexpected final {x: 2, y: 5} [unexpected-1]");
    run_free(r);

    snprintf(text, sizeof text, "%sexpect:\n  finals: []\n", prog);
    r = check_text(text, 0);
    cr_assert_str_eq(diffs_of(r), "unexpected final {x: 1, y: 5, z: 9} [unexpected-1]\n"
                                  "unexpected final {x: 2, y: 5, z: 9} [unexpected-2]");
    run_free(r);
}

/* One outcome, one trace: an outcome that is both an unexpected output and
 * an unexpected final is shown by the same file. */
Test(compare, one_trace_per_unexpected_outcome)
{
    run *r = check_text(LOST_UPDATE "expect:\n  outputs: [[2, 2]]\n  finals: [{x: 2}]\n", 0);
    cr_assert_str_eq(diffs_of(r), "unexpected output [1, 1] [unexpected-1]\n"
                                  "unexpected output [1, 2] [unexpected-2]\n"
                                  "unexpected final {x: 1} [unexpected-1]");
    run_free(r);
}

Test(compare, always_sometimes_never_failing)
{
    run *r = check_text(LOST_UPDATE "expect:\n  always: \"x == 2\"\n  sometimes: \"x > 2\"\n"
                                    "  never: \"x == 2 or x == 1 and 0\"\n", 0);
    cr_assert_str_eq(diffs_of(r),
                     "always \"x == 2\" is false in 1 of 3 ok outcomes, e.g. output [1, 1], "
                     "final {x: 1} [counterexample-always]\n"
                     "sometimes \"x > 2\" holds in none of the 3 ok outcomes\n"
                     "never \"x == 2 or x == 1 and 0\" is true in 2 of 3 ok outcomes, e.g. "
                     "output [1, 2], final {x: 2} [counterexample-never]");
    cr_assert_eq(r->diffs.items[0].state, r->r->outcomes[0].state);
    cr_assert_eq(r->diffs.items[2].state, r->r->outcomes[1].state);
    run_free(r);
}

/* always/sometimes/never see only ok outcomes; outputs and finals see all. */
Test(compare, forms_look_at_ok_outcomes_only)
{
    const char *prog = "shared:\n  x: 0\n  y: 0\nthreads:\n"
                       "  t1: \"y = 1\"\n"
                       "  t2: |\n    x = 7\n    assert y == 0\n    x = 0\n";
    char text[1024];
    snprintf(text, sizeof text, "%sexpect:\n  always: \"x == 0\"\n  never: \"x == 7\"\n"
                                "  finals: [{x: 0}]\n  errors: true\n", prog);
    run *r = check_text(text, 0);
    cr_assert_str_eq(diffs_of(r), "unexpected final {x: 7} [unexpected-1]");
    run_free(r);

    /* Only error outcomes: sometimes cannot hold, always holds vacuously. */
    r = check_text("shared:\n  x: 0\nthreads:\n  t: \"assert x == 1\"\n"
                   "expect:\n  always: \"x == 5\"\n  sometimes: \"x == 0\"\n", 0);
    cr_assert_str_eq(diffs_of(r), "sometimes \"x == 0\" cannot hold: no ok outcome is reachable");
    run_free(r);

    r = check_text("shared:\n  x: 0\nthreads:\n  t: \"x = 2\"\n"
                   "expect:\n  sometimes: \"x == 0\"\n", 0);
    cr_assert_str_eq(diffs_of(r), "sometimes \"x == 0\" does not hold in the only ok outcome");
    run_free(r);
}

#define ABBA                                                                  \
    "sync:\n  a: Lock\n  b: Lock\nthreads:\n"                                 \
    "  t1: |\n    with a:\n      with b:\n        pass\n"                     \
    "  t2: |\n    with b:\n      with a:\n        pass\n"

Test(compare, deadlock_and_errors_both_ways)
{
    run *r = check_text(ABBA "expect:\n  deadlock: true\n  errors: false\n", 0);
    cr_assert_str_eq(diffs_of(r), "");
    run_free(r);

    r = check_text(ABBA "expect:\n  deadlock: false\n  errors: true\n", 0);
    cr_assert_str_eq(diffs_of(r),
                     "deadlock: expected none, found t1 at line 7 waits for lock b held by t2; "
                     "t2 at line 11 waits for lock a held by t1 [deadlock]\n"
                     "errors: expected a reachable error, found none");
    cr_assert_eq(r->diffs.items[0].state, r->r->deadlocks[0].state);
    run_free(r);

    r = check_text("shared:\n  x: 0\nthreads:\n  t1: \"x = 1\"\n"
                   "  t2: \"assert x == 0, 'too late'\"\n"
                   "expect:\n  deadlock: true\n  errors: false\n", 0);
    cr_assert_str_eq(diffs_of(r),
                     "deadlock: expected a reachable deadlock, found none\n"
                     "errors: expected none, found t2: AssertionError at line 5: too late [error]");
    cr_assert_eq(r->diffs.items[1].state, r->r->errors[0].state);
    run_free(r);
}

Test(compare, interleavings_exact_or_infinite)
{
    /* 0070 is refused (leading zeros: octal to YAML 1.1), tests/inputs/bad/ */
    run *r = check_text(LOST_UPDATE "expect:\n  interleavings: 70\n", 0);
    cr_assert_str_eq(diffs_of(r), "");
    run_free(r);
    r = check_text(LOST_UPDATE "expect:\n  interleavings: 71\n", 0);
    cr_assert_str_eq(diffs_of(r), "interleavings: expected 71, got 70");
    run_free(r);
    r = check_text(LOST_UPDATE "expect:\n  interleavings: infinite\n", 0);
    cr_assert_str_eq(diffs_of(r), "interleavings: expected infinite, got 70");
    run_free(r);
    r = check_text("shared:\n  f: 0\nthreads:\n  w: |\n    while f == 0:\n      pass\n"
                   "  s: \"f = 1\"\nexpect:\n  interleavings: infinite\n", 0);
    cr_assert_str_eq(diffs_of(r), "");
    run_free(r);
}

Test(compare, no_expect_block_and_incomplete_runs_fail)
{
    run *r = check_text(LOST_UPDATE, 0);
    cr_assert_eq(r->diffs.len, 1);
    cr_assert(strncmp(r->diffs.items[0].text, "no expect: block", 16) == 0);
    run_free(r);

    r = check_text(LOST_UPDATE "expect:\n  interleavings: 70\n", 5);
    cr_assert_eq(r->diffs.len, 1);
    cr_assert(strncmp(r->diffs.items[0].text, "incomplete: stopped by --max-states after ",
                      42) == 0, "%s", r->diffs.items[0].text);
    run_free(r);
}

/* A limit that stops counting leaves every outcome known and no count
 * (NULL, never read as a number): the expected count cannot be confirmed,
 * and the run fails as incomplete, saying where it stopped. The test hook
 * (limit.h) passes the deadline as counting begins. */
Test(compare, counting_stopped_fails_as_incomplete)
{
    setenv("INTERLEAVE_TEST_STOP", "counting", 1);
    il_limit_begin(60);
    run *r = check_text(LOST_UPDATE "expect:\n  interleavings: 70\n", 0);
    il_limit_begin(0);
    unsetenv("INTERLEAVE_TEST_STOP");
    cr_assert_eq(r->r->complete, 0);
    cr_assert_eq(r->r->uncounted, 1);
    cr_assert_eq(r->r->reduced, 0);
    cr_assert_str_eq(r->r->stopped_by, "--max-seconds");
    cr_assert_str_eq(r->r->stopped_in, "counting");
    cr_assert_null(r->r->total);
    cr_assert_eq(r->r->noutcomes, 3);
    for (size_t i = 0; i < r->r->noutcomes; i++) cr_assert_null(r->r->outcomes[i].count);
    cr_assert_str_eq(diffs_of(r), "incomplete: stopped by --max-seconds while counting (43 "
                                  "states explored), so the expectations cannot be confirmed");
    run_free(r);
}

/* A value error found while comparing is bad input, with its position. */
Test(compare, evaluation_errors_are_reported)
{
    run *r = check_text("shared:\n  x: 0\nthreads:\n  t: \"x = 0\"\n"
                        "expect:\n  always: \"1 // x\"\n", 0);
    cr_assert_eq(r->rc, -1);
    cr_assert_str_eq(r->d.first,
                     "t.yaml:6:12: error: expect: always: integer division or modulo by zero");
    run_free(r);
}

Test(compare, validate_rejects_before_exploring)
{
    il_diag d;
    il_diag_init(&d, "t.yaml", NULL);
    const char *text = "shared:\n  x: 0\nthreads:\n  t: \"x = 0\"\n"
                       "expect:\n  always: \"x == 0\"\n  never: \"y\"\n";
    il_program *p = il_load_program_text("t.yaml", text, strlen(text), &d);
    cr_assert(p);
    cr_assert_eq(il_expect_validate(p, &d), -1);
    cr_assert_str_eq(d.first, "t.yaml:7:11: error: expect: never: name 'y' is not defined "
                              "(only shared variables can be used)");
    il_program_free(p);
}

/* ---- formatting -------------------------------------------------------------------- */

Test(format, outputs_as_yaml_flow)
{
    il_buf b = {0};
    const char *items[] = {"1", "-2", "abc_d.e+f", "two words", "", "-", "-x", "q\"\\", "tab\t\x01"};
    il_expect_put_output(&b, items, 9);
    cr_assert_str_eq(b.data, "[1, -2, abc_d.e+f, \"two words\", \"\", \"-\", \"-x\", "
                             "\"q\\\"\\\\\", \"tab\\t\\x01\"]");
    il_buf_free(&b);
    il_expect_put_output(&b, NULL, 0);
    cr_assert_str_eq(b.data, "[]");
    il_buf_free(&b);
}

Test(format, finals_all_or_some_variables)
{
    const char *text = "shared:\n  x: 0\n  l: [0, 0]\n  y: 0\nthreads:\n  t: \"x = 0\"\n";
    il_diag d;
    il_diag_init(&d, "t.yaml", NULL);
    il_program *p = il_load_program_text("t.yaml", text, strlen(text), &d);
    cr_assert(p);
    int64_t final[] = {1, -2, 3, 4};
    unsigned char show[] = {0, 1, 1};
    il_buf b = {0};
    il_expect_put_final(&b, p, final, NULL);
    cr_assert_str_eq(b.data, "{x: 1, l: [-2, 3], y: 4}");
    il_buf_free(&b);
    il_expect_put_final(&b, p, final, show);
    cr_assert_str_eq(b.data, "{l: [-2, 3], y: 4}");
    il_buf_free(&b);
    il_program_free(p);
}

/* ---- JUnit and TAP ------------------------------------------------------------------ */

static char *capture_junit(const cli_case *cases, size_t n)
{
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);
    cli_suite_junit(f, cases, n);
    fclose(f);
    return s;
}

Test(suite, junit_counts_and_escapes)
{
    cli_case cs[] = {
        {.name = "a<&>\"'", .file = "p/a.yaml", .status = CLI_CASE_PASS, .seconds = 0.25},
        {.name = "b", .file = "p/b.yaml", .status = CLI_CASE_FAIL,
         .message = "missing output [\"<x>\"]", .detail = "missing output [\"<x>\"]\nline\x01two"},
        {.name = "c\xff", .file = "p/c.yaml", .status = CLI_CASE_ERROR, .message = "p/c.yaml:1:1: error: bad & worse"},
    };
    char *s = capture_junit(cs, 3);
    cr_assert(strstr(s, "<testsuite name=\"interleave check\" tests=\"3\" failures=\"1\" "
                        "errors=\"1\" skipped=\"0\" time=\"0.250\">"), "%s", s);
    cr_assert(strstr(s, "<testcase classname=\"interleave\" name=\"a&lt;&amp;&gt;&quot;'\" "
                        "file=\"p/a.yaml\" time=\"0.250\"/>"), "%s", s);
    cr_assert(strstr(s, "<failure message=\"missing output [&quot;&lt;x&gt;&quot;]\" "
                        "type=\"expect\">missing output [\"&lt;x&gt;\"]\nline\\x01two</failure>"),
              "%s", s);
    cr_assert(strstr(s, "name=\"c\\xff\""), "%s", s);
    cr_assert(strstr(s, "<error message=\"p/c.yaml:1:1: error: bad &amp; worse\" type=\"bad "
                        "input\">p/c.yaml:1:1: error: bad &amp; worse</error>"), "%s", s);
    free(s);
}

Test(suite, tap_lines_and_diagnostics)
{
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);
    cli_case pass = {.name = "lost # update", .file = "p/l.yaml", .status = CLI_CASE_PASS};
    cli_case failc = {.name = "x", .file = "p/x.yaml", .status = CLI_CASE_FAIL,
                     .message = "missing output [\"a\"]", .detail = "missing output [\"a\"]\nsecond"};
    cli_suite_tap_plan(f, 2);
    cli_suite_tap_case(f, 1, &pass);
    cli_suite_tap_case(f, 2, &failc);
    fclose(f);
    cr_assert_str_eq(s, "TAP version 13\n1..2\n"
                        "ok 1 - lost \\# update\n"
                        "not ok 2 - x\n"
                        "  ---\n"
                        "  message: \"missing output [\\\"a\\\"]\"\n"
                        "  severity: fail\n"
                        "  file: \"p/x.yaml\"\n"
                        "  diff: |\n"
                        "    missing output [\"a\"]\n"
                        "    second\n"
                        "  ...\n");
    free(s);
}
