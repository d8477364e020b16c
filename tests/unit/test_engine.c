/* test_engine.c - compiler, machine and explorer together: exact outcome
 * sets and counts, checked against closed forms (n independent threads of
 * k1..kn steps have (k1+...+kn)!/(k1!...kn!) interleavings) and against an
 * independent path-by-path enumeration done outside the project. */
#include <criterion/criterion.h>
#include <string.h>

#include "compiler.h"
#include "explorer.h"
#include "loader.h"

#include "helpers.h"
#include "machine.h"

/* The first error a program fails to compile with. */
static const char *compile_error(const char *text)
{
    static char msg[1024];
    il_diag d;
    il_diag_init(&d, "t.yaml", NULL);
    il_program *p = il_load_program_text("t.yaml", text, strlen(text), &d);
    il_code *c = p ? il_compile(p, &d) : NULL;
    snprintf(msg, sizeof msg, "%s", c ? "" : d.first);
    il_code_free(c);
    il_program_free(p);
    return msg;
}

static void assert_output(const il_outcome *o, int n, const char **want)
{
    cr_assert_eq(o->noutput, (size_t)n);
    for (int i = 0; i < n; i++) cr_assert_str_eq(o->output[i], want[i]);
}

Test(explorer, lost_update_counts)
{
    th_run *r = th_explore("shared:\n  x: 0\nthreads:\n"
                          "  t1: |\n    a = x\n    a = a + 1\n    x = a\n    print(x)\n"
                          "  t2: |\n    b = x\n    b = b + 1\n    x = b\n    print(x)\n");
    cr_assert(r->r->complete);
    cr_assert_str_eq(r->r->total, "70");
    cr_assert_eq(r->r->noutcomes, 3);
    const char *o11[] = {"1", "1"}, *o12[] = {"1", "2"}, *o22[] = {"2", "2"};
    assert_output(&r->r->outcomes[0], 2, o11);
    assert_output(&r->r->outcomes[1], 2, o12);
    assert_output(&r->r->outcomes[2], 2, o22);
    cr_assert_str_eq(r->r->outcomes[0].count, "60");
    cr_assert_str_eq(r->r->outcomes[1].count, "6");
    cr_assert_str_eq(r->r->outcomes[2].count, "4");
    cr_assert_eq(r->r->outcomes[0].final[0], 1);
    cr_assert_eq(r->r->outcomes[2].final[0], 2);
    cr_assert_eq(r->r->ndeadlocks, 0);
    cr_assert_eq(r->r->nerrors, 0);
    th_free(r);
}

/* Local-only statements are one step each: 1, 2 and 3 steps in three
 * threads give 6!/(1!2!3!) = 60 interleavings, one outcome. */
Test(explorer, closed_form_multinomial)
{
    th_run *r = th_explore("threads:\n"
                          "  a: \"pass\"\n"
                          "  b: |\n    u = 1\n    u = 2\n"
                          "  c: |\n    v = 1\n    v = v + 1\n    v = v * 3\n");
    cr_assert_str_eq(r->r->total, "60");
    cr_assert_eq(r->r->noutcomes, 1);
    th_free(r);
}

/* x = x + 1 on a shared x is two steps (read; write): two threads give
 * 4!/(2!2!) = 6 interleavings; 4 of them lose an update. */
Test(explorer, shared_statement_is_split_per_access)
{
    th_run *r = th_explore("shared: {x: 0}\nthreads:\n  t1: \"x = x + 1\"\n  t2: \"x = x + 1\"\n");
    cr_assert_str_eq(r->r->total, "6");
    cr_assert_eq(r->r->noutcomes, 2);
    cr_assert_eq(r->r->outcomes[0].final[0], 1);
    cr_assert_str_eq(r->r->outcomes[0].count, "4");
    cr_assert_eq(r->r->outcomes[1].final[0], 2);
    cr_assert_str_eq(r->r->outcomes[1].count, "2");
    th_free(r);
}

/* The scale test: 8 threads `a = x; x = a + 1` have 16!/2^8
 * interleavings and 741,218 reachable states. */
Test(explorer, count8_states_and_interleavings, .timeout = 120)
{
    th_run *r = th_explore("shared: {x: 0}\nthreads:\n  t:\n    count: 8\n"
                          "    body: |\n      a = x\n      x = a + 1\n");
    /* racy, yet explored over symmetry classes (races stand for orbits) */
    cr_assert_str_eq(r->r->total, "81729648000");
    cr_assert_eq(r->r->states, 1280);
    cr_assert_eq(r->r->noutcomes, 8); /* x = 1 .. 8 */
    cr_assert_eq(r->r->nraces, 84);   /* 28 pairs x (r/w, w/r, w/w) */
    th_free(r);
    il_explore_opts o = {0};
    o.no_symmetry = 1;
    r = th_explore_opts("shared: {x: 0}\nthreads:\n  t:\n    count: 8\n"
                        "    body: |\n      a = x\n      x = a + 1\n", o);
    cr_assert_str_eq(r->r->total, "81729648000");
    cr_assert_eq(r->r->states, 741218);
    cr_assert_eq(r->r->nraces, 84);
    th_free(r);
}

/* Counts beyond 2^128 go through GMP: two threads of 81 steps each (40
 * iterations of header + pass, and the final check) have C(162, 81)
 * interleavings, about 2^158, over only 82 * 82 states (82 * 83 / 2 when
 * the two interchangeable threads are explored as one class). */
Test(explorer, counts_beyond_128_bits)
{
    th_run *r = th_explore("threads:\n  t:\n    count: 2\n"
                          "    body: |\n      for i in range(40):\n          pass\n");
    cr_assert_str_eq(r->r->total, "365907784099042279561985786395502921046971688680");
    cr_assert_eq(r->r->states, 82 * 83 / 2);
    th_free(r);
    il_explore_opts o = {0};
    o.no_symmetry = 1;
    r = th_explore_opts("threads:\n  t:\n    count: 2\n"
                        "    body: |\n      for i in range(40):\n          pass\n", o);
    cr_assert_str_eq(r->r->total, "365907784099042279561985786395502921046971688680");
    cr_assert_eq(r->r->states, 82 * 82);
    th_free(r);
}

Test(explorer, cycle_is_infinite)
{
    th_run *r = th_explore("shared: {x: 0}\nthreads:\n"
                          "  spin: |\n    while x == 0:\n        pass\n"
                          "  setter: \"x = 1\"\n");
    cr_assert_str_eq(r->r->total, "infinite");
    cr_assert_eq(r->r->noutcomes, 1);
    cr_assert_str_eq(r->r->outcomes[0].count, "infinite");
    th_free(r);
}

Test(explorer, abba_deadlock_names_both_threads)
{
    th_run *r = th_explore("sync: {a: Lock, b: Lock}\nthreads:\n"
                          "  t1: |\n    with a:\n        with b:\n            pass\n"
                          "  t2: |\n    with b:\n        with a:\n            pass\n");
    cr_assert_eq(r->r->ndeadlocks, 1);
    const il_deadlock *d = &r->r->deadlocks[0];
    cr_assert_eq(d->nblocked, 2);
    cr_assert_str_eq(d->blocked[0].thread, "t1");
    cr_assert_eq(d->blocked[0].line, 5);
    cr_assert_str_eq(d->blocked[0].waiting_for, "lock b");
    cr_assert_str_eq(d->blocked[0].detail, "lock b held by t2");
    cr_assert_str_eq(d->blocked[1].thread, "t2");
    cr_assert_eq(d->blocked[1].line, 9);
    cr_assert_str_eq(d->blocked[1].waiting_for, "lock a");
    /* ok outcomes first, the deadlock last (cli.md order) */
    cr_assert_eq(r->r->outcomes[r->r->noutcomes - 1].status, IL_STATUS_DEADLOCK);
    th_free(r);
}

Test(explorer, lock_makes_increment_atomic)
{
    th_run *r = th_explore("shared: {x: 0}\nsync: {m: Lock}\nthreads:\n"
                          "  t:\n    count: 3\n    body: |\n      with m:\n          x = x + 1\n");
    cr_assert_eq(r->r->noutcomes, 1);
    cr_assert_eq(r->r->outcomes[0].final[0], 3);
    /* each thread: acquire, read, write, release; the lock orders the three
     * critical sections (3! orders), and between them only... */
    cr_assert_str_eq(r->r->total, r->r->outcomes[0].count);
    th_free(r);
}

Test(machine, errors_end_only_that_thread_and_release_with_locks)
{
    th_run *r = th_explore("shared: {x: 0}\nsync: {m: Lock}\nthreads:\n"
                          "  bad: |\n    with m:\n        x = 1 // x\n"
                          "  good: |\n    with m:\n        x = x + 5\n");
    /* bad first: 1 // 0 fails inside the with, the lock is released and good
     * still runs (x = 5); good first: 1 // 5 = 0 and all is well */
    cr_assert_eq(r->r->ndeadlocks, 0);
    cr_assert_eq(r->r->noutcomes, 2);
    cr_assert_eq(r->r->outcomes[0].status, IL_STATUS_OK);
    cr_assert_eq(r->r->outcomes[0].final[0], 0);
    cr_assert_eq(r->r->outcomes[1].status, IL_STATUS_ERROR);
    cr_assert_eq(r->r->outcomes[1].final[0], 5);
    cr_assert_eq(r->r->outcomes[1].nerrors, 1);
    cr_assert_str_eq(r->r->outcomes[1].errors[0].thread, "bad");
    cr_assert_eq(r->r->nerrors, 1);
    cr_assert_str_eq(r->r->errors[0].info.kind, "ZeroDivisionError");
    cr_assert_str_eq(r->r->errors[0].info.thread, "bad");
    cr_assert_eq(r->r->errors[0].info.line, 6);
    cr_assert_str_eq(r->r->errors[0].info.message, "integer division or modulo by zero");
    th_free(r);
}

Test(machine, python_arithmetic)
{
    th_run *r = th_explore("threads:\n  t: |\n"
                          "    print(-7 // 2, -7 % 2, 7 % -2, 7 // -2, 0 or 7, 3 and 0, not 5)\n"
                          "    print(1 < 2 < 3, 3 > 2 > 2, 2 == 2, -(3))\n");
    const char *want[] = {"-4 1 -1 -4 7 0 False", "True False True -3"}; /* bools print as Python */
    assert_output(&r->r->outcomes[0], 2, want);
    th_free(r);
}

Test(machine, overflow_index_and_assert)
{
    th_run *r = th_explore("shared:\n  l: [1, 2]\nthreads:\n"
                          "  a: \"v = 9223372036854775807 + 1\"\n"
                          "  b: \"v = l[2]\"\n"
                          "  c: \"assert l[-1] == 1, 'last is not one'\"\n");
    cr_assert_eq(r->r->nerrors, 3);
    cr_assert_str_eq(r->r->errors[0].info.kind, "OverflowError");
    cr_assert_str_eq(r->r->errors[1].info.kind, "IndexError");
    cr_assert_str_eq(r->r->errors[2].info.kind, "AssertionError");
    cr_assert_str_eq(r->r->errors[2].info.message, "last is not one");
    th_free(r);
}

Test(machine, for_range_and_list)
{
    th_run *r = th_explore("threads:\n  t: |\n"
                          "    for i in range(3):\n        print(i)\n"
                          "    for j in range(5, 0, -2):\n        print(j)\n"
                          "    for k in [7, 8]:\n        if k == 8:\n            break\n        print(k)\n");
    const char *want[] = {"0", "1", "2", "5", "3", "1", "7"};
    assert_output(&r->r->outcomes[0], 7, want);
    th_free(r);
}

/* Steps of a for loop: one per iteration plus the final check. */
Test(machine, for_header_steps)
{
    /* t: header x3 (2 iterations + final check) + 2 body steps = 5 steps;
     * u: 1 step. 6!/(5!1!) = 6 */
    th_run *r = th_explore("threads:\n  t: |\n    for i in range(2):\n        pass\n  u: \"pass\"\n");
    cr_assert_str_eq(r->r->total, "6");
    th_free(r);
}

Test(machine, main_starts_and_joins)
{
    th_run *r = th_explore("shared: {x: 0}\nthreads:\n"
                          "  main: |\n    w.start()\n    w.join()\n    print(x, w.is_alive())\n"
                          "  w: \"x = 5\"\n");
    const char *want[] = {"5 False"};
    cr_assert_eq(r->r->noutcomes, 1);
    assert_output(&r->r->outcomes[0], 1, want);
    cr_assert_str_eq(r->r->total, "1");
    th_free(r);
}

Test(machine, unstarted_thread_does_not_run)
{
    th_run *r = th_explore("threads:\n  main: \"print(1)\"\n  w: \"print(2)\"\n");
    cr_assert_str_eq(r->r->total, "1");
    const char *want[] = {"1"};
    assert_output(&r->r->outcomes[0], 1, want);
    th_free(r);
}

/* python.md F1: after main's end the daemon goes on until the shutdown
 * step, which it may outrun: "end" first, then 0, 1 or 2 of its lines, or
 * before 1 or 2 of them (6 outcomes, each one interleaving); with only
 * daemons the shutdown step is enabled from the start (D16 replaced). */
Test(machine, daemon_runs_until_the_shutdown_step)
{
    th_run *r = th_explore("threads:\n  main: |\n    d.start()\n    print(\"end\")\n"
                          "  d:\n    daemon: true\n    body: |\n      print(1)\n      print(2)\n");
    cr_assert_eq(r->r->noutcomes, 6);
    cr_assert_str_eq(r->r->total, "6");
    cr_assert_eq(r->r->ndeadlocks, 0);
    th_free(r);
    r = th_explore("threads:\n  d:\n    daemon: true\n    body: |\n      print(1)\n"
                   "  e:\n    daemon: true\n    body: \"print(2)\"\n");
    cr_assert_str_eq(r->r->total, "5");
    cr_assert_eq(r->r->noutcomes, 5);
    th_free(r);
    /* a daemon blocked for good is killed by the shutdown, not deadlocked */
    r = th_explore("sync: {m: Lock}\nthreads:\n  main: |\n    m.acquire()\n    d.start()\n"
                   "  d:\n    daemon: true\n    body: |\n      m.acquire()\n");
    cr_assert_eq(r->r->ndeadlocks, 0);
    cr_assert_str_eq(r->r->total, "1");
    th_free(r);
}

Test(machine, rlock_reentrant_and_lock_not)
{
    th_run *r = th_explore("sync: {r: RLock}\nthreads:\n  t: |\n"
                          "    r.acquire()\n    r.acquire()\n    r.release()\n    r.release()\n");
    cr_assert_eq(r->r->ndeadlocks, 0);
    cr_assert_eq(r->r->nerrors, 0);
    th_free(r);
    r = th_explore("sync: {m: Lock}\nthreads:\n  t: |\n    m.acquire()\n    m.acquire()\n");
    cr_assert_eq(r->r->ndeadlocks, 1);
    cr_assert_str_eq(r->r->deadlocks[0].blocked[0].waiting_for, "lock m");
    cr_assert_str_eq(r->r->deadlocks[0].blocked[0].detail, "lock m held by t");
    th_free(r);
}

Test(machine, lock_misuse_errors)
{
    th_run *r = th_explore("sync: {m: Lock, r: RLock}\nthreads:\n"
                          "  a: \"m.release()\"\n"
                          "  b: |\n    r.acquire()\n"
                          "  c: |\n    r.release()\n");
    /* a: RuntimeError always; c: RuntimeError (never the owner) */
    cr_assert_eq(r->r->nerrors, 2);
    cr_assert_str_eq(r->r->errors[0].info.message, "release unlocked lock");
    cr_assert_str_eq(r->r->errors[1].info.message, "cannot release un-acquired lock");
    th_free(r);
}

/* acquire(False) and acquire(timeout=) never block: they give up. */
Test(machine, nonblocking_and_timed_acquire)
{
    th_run *r = th_explore("sync: {m: Lock}\nthreads:\n"
                          "  main: |\n    m.acquire()\n    w.start()\n    w.join()\n"
                          "  w: |\n    a = m.acquire(False)\n    b = m.acquire(timeout=1)\n    print(a, b)\n");
    const char *want[] = {"0 0"};
    cr_assert_eq(r->r->noutcomes, 1);
    assert_output(&r->r->outcomes[0], 1, want);
    th_free(r);
}

/* A timed acquire gives up while the lock is held, and succeeds when it is
 * free. It gives up (0) only right after t1's acquire, and t1's release can
 * then come before t2's `if`, before its print or after it: 3 ways. */
Test(machine, timed_acquire_gives_up_or_succeeds)
{
    th_run *r = th_explore("sync: {m: Lock}\nthreads:\n"
                          "  t1: |\n    m.acquire()\n    m.release()\n"
                          "  t2: |\n    ok = m.acquire(timeout=5)\n    if ok:\n        m.release()\n"
                          "    print(ok)\n");
    cr_assert_eq(r->r->ndeadlocks, 0);
    cr_assert_eq(r->r->noutcomes, 2);
    cr_assert_str_eq(r->r->outcomes[0].output[0], "0");
    cr_assert_str_eq(r->r->outcomes[0].count, "3");
    cr_assert_str_eq(r->r->outcomes[1].output[0], "1");
    th_free(r);
}

Test(machine, unbound_local_at_runtime)
{
    th_run *r = th_explore("shared: {x: 0}\nthreads:\n  t: |\n"
                          "    if x == 1:\n        a = 1\n    print(a)\n");
    cr_assert_eq(r->r->nerrors, 1);
    cr_assert_str_eq(r->r->errors[0].info.kind, "UnboundLocalError");
    cr_assert_str_eq(r->r->errors[0].info.message,
                     "cannot access local variable 'a' where it is not associated with a value");
    th_free(r);
}

Test(compiler, load_errors)
{
    cr_assert_str_eq(compile_error("threads:\n  t: \"print(y)\"\n"),
                     "t.yaml:2:13: error: name 'y' is not defined (not a shared variable, "
                     "sync object or thread, and never assigned in this thread)");
    cr_assert_str_eq(compile_error("sync: {m: Lock}\nthreads:\n  t: \"a = m\"\n"),
                     "t.yaml:3:11: error: 'm' is a sync object and has no value: use its "
                     "methods (acquire, release, locked)");
    cr_assert_str_eq(compile_error("threads:\n  t: \"id = 3\"\n"),
                     "t.yaml:2:7: error: cannot assign to 'id': it is the thread's instance number");
    cr_assert_str_eq(compile_error("threads:\n  t: \"a = 1 / 2\"\n"),
                     "t.yaml:2:11: error: '/' (true division) is not supported: values are "
                     "integers, use '//'");
    cr_assert_str_eq(compile_error("shared: {l: [1]}\nthreads:\n  t: \"a = l\"\n"),
                     "t.yaml:3:11: error: whole-list values are not supported: use an element, l[i]");
    cr_assert_str_eq(compile_error("sync: {m: Lock}\nthreads:\n  t: \"m.wait()\"\n"),
                     "t.yaml:3:7: error: lock m has no method wait() (supported: acquire, "
                     "release, locked)");
    cr_assert_str_eq(compile_error("threads:\n  t: \"a = 'x'\"\n"),
                     "t.yaml:2:11: error: strings are only supported in print() and as an "
                     "assert message: values are 64-bit integers");
    cr_assert_str_eq(compile_error("threads:\n  t: \"break\"\n"),
                     "t.yaml:2:7: error: 'break' outside a loop");
    cr_assert_str_eq(compile_error("sync: {m: Lock}\nthreads:\n  t: \"a = m.acquire(False) + m.locked()\"\n"),
                     "t.yaml:3:30: error: at most one call of a sync object or thread method per "
                     "statement (language.md D3): split the statement");
    cr_assert_str_eq(compile_error("threads:\n  t: \"u.cancel()\"\n  u: \"pass\"\n"),
                     "t.yaml:2:7: error: cancel() is only for timer threads, and 'u' is not one");
}
