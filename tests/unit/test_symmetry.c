/* test_symmetry.c - symmetry reduction (interchangeable count: instances
 * explored as one class) keeps every answer exact: the same outcomes with
 * the same interleaving counts as the unreduced run, and traces that are
 * real schedules of the program. */
#include <criterion/criterion.h>
#include <gmp.h>
#include <string.h>

#include "helpers.h"
#include "machine.h"

static th_run *with_sym(const char *text, int sym)
{
    il_explore_opts o = {0};
    o.no_races = 1; /* the answers below are about outcomes and counts */
    o.no_symmetry = !sym;
    return th_explore_opts(text, o);
}

/* Outcome i's path (il_explorer_path) run step by step from the real
 * initial state, every step enabled; returns the state it reaches. */
static uint8_t *replay_outcome(th_run *r, il_machine *m, size_t i)
{
    size_t n = il_explorer_path(r->x, r->r->outcomes[i].state, NULL, 0);
    uint32_t *sched = calloc(n + 1, sizeof *sched);
    il_explorer_path(r->x, r->r->outcomes[i].state, sched, n);
    uint8_t *s = malloc(r->c->state_size);
    memcpy(s, r->c->init, r->c->state_size);
    for (size_t k = 0; k < n; k++) {
        il_wait w;
        cr_assert_eq(il_step(m, s, sched[k], &w), IL_STEP_OK, "outcome %zu step %zu", i, k);
    }
    free(sched);
    return s;
}

/* Reduced and unreduced runs agree outcome by outcome. */
static void same_answers(const char *text)
{
    th_run *a = with_sym(text, 1), *b = with_sym(text, 0);
    cr_assert(a->r->symmetry, "the program has interchangeable threads");
    cr_assert_not(b->r->symmetry);
    cr_assert_str_eq(a->r->total, b->r->total);
    cr_assert_eq(a->r->noutcomes, b->r->noutcomes);
    for (size_t i = 0; i < a->r->noutcomes; i++) {
        cr_assert_str_eq(a->r->outcomes[i].count, b->r->outcomes[i].count);
        cr_assert_eq(a->r->outcomes[i].noutput, b->r->outcomes[i].noutput);
        for (size_t j = 0; j < a->r->outcomes[i].noutput; j++)
            cr_assert_str_eq(a->r->outcomes[i].output[j], b->r->outcomes[i].output[j]);
    }
    cr_assert_eq(a->r->ndeadlocks, b->r->ndeadlocks);
    cr_assert_eq(a->r->nerrors, b->r->nerrors);
    cr_assert_lt(a->r->states, b->r->states);
    th_free(a);
    th_free(b);
}

Test(symmetry, unlocked_counter)
{
    same_answers("shared: {x: 0}\nthreads:\n  t:\n    count: 6\n"
                 "    body: |\n      a = x\n      x = a + 1\n      print(x)\n");
}

Test(symmetry, locks_semaphores_conditions_barriers)
{
    same_answers("shared: {x: 0}\nsync: {m: Lock}\nthreads:\n  t:\n    count: 4\n"
                 "    body: |\n      with m:\n          x = x + 1\n");
    same_answers("shared: {inside: 0}\nsync: {s: Semaphore(2), m: Lock}\nthreads:\n"
                 "  t:\n    count: 4\n    body: |\n      with s:\n          with m:\n"
                 "              inside += 1\n          with m:\n              inside -= 1\n");
    same_answers("shared: {n: 0}\nsync: {c: Condition}\nthreads:\n"
                 "  waiter:\n    count: 3\n    body: |\n      with c:\n          while n == 0:\n"
                 "              c.wait()\n  go: |\n    with c:\n        n = 1\n        c.notify_all()\n");
    same_answers("sync: {b: Barrier(3)}\nthreads:\n  t:\n    count: 3\n"
                 "    body: |\n      i = b.wait()\n      print(i)\n");
}

Test(symmetry, executor_workers)
{
    same_answers("shared: {done: 0}\nsync: {m: Lock}\nthreads: {}\nexecutor:\n  workers: 3\n"
                 "  tasks:\n    - count: 4\n      body: |\n        with m:\n            done += 1\n");
}

/* The target: 100 lock-protected increments, 2^100 states without
 * symmetry, counted exactly: every step is inside the lock, so 100! orders. */
Test(symmetry, locked_counter_100_threads)
{
    th_run *r = with_sym("shared: {counter: 0}\nsync: {lock: Lock}\nthreads:\n"
                         "  worker:\n    count: 100\n    body: |\n      lock.acquire()\n"
                         "      temp = counter + 1\n      counter = temp\n      lock.release()\n", 1);
    mpz_t f;
    mpz_init(f);
    mpz_fac_ui(f, 100);
    char *want = mpz_get_str(NULL, 10, f);
    cr_assert_str_eq(r->r->total, want);
    cr_assert_eq(r->r->noutcomes, 1);
    cr_assert_eq(r->r->outcomes[0].final[0], 100);
    cr_assert_lt(r->r->states, 1000);
    free(want);
    mpz_clear(f);
    th_free(r);
}

/* Errors and deadlocks name threads, so a program whose members can fail
 * is explored without symmetry. Races keep it: each found in a class
 * stands for its orbit, reported pair by pair with a renamed schedule. */
Test(symmetry, findings_and_races)
{
    th_run *r = th_explore("shared: {x: 0}\nthreads:\n  t:\n    count: 3\n    body: \"x = x + 1\"\n");
    cr_assert(r->r->symmetry);
    /* 3 pairs of threads x (read, write), (write, read), (write, write) */
    cr_assert_eq(r->r->nraces, 9);
    il_machine m = {r->c, il_intern_new(), NULL};
    for (size_t i = 0; i < r->r->nraces; i++) {
        /* each schedule runs, step by step, and ends with one of the pair */
        const il_race *ra = &r->r->races[i];
        uint8_t *s = malloc(r->c->state_size);
        memcpy(s, r->c->init, r->c->state_size);
        cr_assert_gt(ra->nschedule, 0);
        for (size_t k = 0; k < ra->nschedule; k++) {
            il_wait w;
            cr_assert_eq(il_step(&m, s, ra->schedule[k], &w), IL_STEP_OK, "race %zu step %zu", i, k);
        }
        uint32_t last = ra->schedule[ra->nschedule - 1];
        cr_assert(last == ra->thread_a || last == ra->thread_b);
        free(s);
    }
    il_intern_free(m.intern);
    th_free(r);
    r = with_sym("threads:\n  t:\n    count: 2\n    body: \"assert False\"\n", 1);
    cr_assert_not(r->r->symmetry);
    cr_assert_eq(r->r->nerrors, 2);
    th_free(r);
}

/* Two members of a class can have different canonical forms (equal blocks,
 * one of them holding the lock): a path is made real by following the
 * renaming, not by looking for a thread whose step reaches the next class
 * (which found none here before and wrote no trace). */
Test(symmetry, paths_follow_the_renaming)
{
    th_run *r = with_sym("shared: {y: 1}\nsync:\n  m: Lock\n  c2: Condition(m)\nthreads:\n"
                         "  wk:\n    count: 3\n    body: |\n      with c2:\n"
                         "          c2.wait(timeout=1)\n      v = y\n", 1);
    cr_assert(r->r->symmetry);
    il_machine m = {r->c, il_intern_new(), NULL};
    for (size_t i = 0; i < r->r->noutcomes; i++) {
        uint8_t *s = replay_outcome(r, &m, i);
        cr_assert(il_finished(r->c, s));
        free(s);
    }
    il_intern_free(m.intern);
    th_free(r);
}

/* A trace is a schedule of the program's own threads: replaying the path to
 * each outcome's state from the real initial state gives that outcome. */
Test(symmetry, paths_are_real_schedules)
{
    th_run *r = with_sym("shared: {x: 0}\nthreads:\n  t:\n    count: 4\n"
                         "    body: |\n      a = x\n      x = a + 1\n      print(x)\n", 1);
    cr_assert(r->r->symmetry);
    il_machine m = {r->c, il_intern_new(), NULL};
    for (size_t i = 0; i < r->r->noutcomes; i++) {
        const il_outcome *o = &r->r->outcomes[i];
        uint8_t *s = replay_outcome(r, &m, i);
        cr_assert(il_finished(r->c, s));
        cr_assert_eq(il_shared(r->c, s)[0], o->final[0]);
        uint32_t lines[16];
        size_t nl = il_intern_out_lines(m.intern, (uint32_t)*il_outp(r->c, s), lines, 16);
        cr_assert_eq(nl, o->noutput);
        for (size_t j = 0; j < nl; j++)
            cr_assert_str_eq(il_intern_get(m.intern, lines[j]), o->output[j]);
        free(s);
    }
    il_intern_free(m.intern);
    th_free(r);
}

/* The last arrival at a Barrier runs the waiters' rest of statement in
 * thread order (D20), so members that print there can be told apart: w1
 * arriving first prints "1" before w0's "0". Such a group is explored
 * without symmetry (tests/races/regress_symmetry_barrier_order.yaml). */
Test(symmetry, barrier_waiters_print_in_thread_order)
{
    th_run *r = th_explore("sync: {b: Barrier(3)}\nthreads:\n  t: |\n    b.wait()\n"
                           "  w:\n    count: 2\n    body: |\n      print(b.wait())\n");
    cr_assert_not(r->r->symmetry);
    cr_assert_str_eq(r->r->total, "6");
    static const char *const want[4][3] = {
        {"0", "1", "1"}, {"0", "2", "2"}, {"1", "0", "1"}, {"1", "2", "2"}};
    cr_assert_eq(r->r->noutcomes, 4);
    for (size_t i = 0; i < 4; i++) {
        const il_outcome *o = &r->r->outcomes[i];
        cr_assert_eq(o->noutput, 2);
        cr_assert_str_eq(o->output[0], want[i][0]);
        cr_assert_str_eq(o->output[1], want[i][1]);
        cr_assert_str_eq(o->count, want[i][2]);
    }
    cr_assert_eq(r->r->nraces, 0);
    th_free(r);
    /* the same with a third member (w2 may arrive last) and from a loop */
    r = th_explore("sync: {b: Barrier(3)}\nthreads:\n  w:\n    count: 3\n    body: |\n"
                   "      for i in range(2):\n          print(b.wait())\n");
    cr_assert_not(r->r->symmetry);
    th_free(r);
}

/* Where no two members can print in one release, symmetry stays on and
 * stays exact: one waiter per generation (Barrier(2)), a shared read that
 * ends the departure before the print, a print in the next statement. */
Test(symmetry, barrier_without_ordered_prints_keeps_it)
{
    same_answers("sync: {b: Barrier(2)}\nthreads:\n  t:\n    count: 4\n"
                 "    body: |\n      print(b.wait())\n");
    same_answers("shared: {x: 0}\nsync: {b: Barrier(3)}\nthreads:\n  t:\n    count: 3\n"
                 "    body: |\n      print(b.wait(), x)\n");
    same_answers("sync: {b: Barrier(3)}\nthreads:\n  t:\n    count: 3\n"
                 "    body: |\n      i = b.wait()\n      print(i)\n");
}
