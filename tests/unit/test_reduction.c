/* test_reduction.c - partial-order reduction (--no-counts) keeps outcomes,
 * deadlocks, errors and races exactly, and removes the interleavings of
 * independent steps: different variables, different list elements,
 * different locks, thread-local steps. tests/reduction.py compares whole
 * reports on every example program; these pin the state counts. */
#include "helpers.h"

static th_run *reduced(const char *text)
{
    il_explore_opts o = {0};
    o.no_counts = 1;
    return th_explore_opts(text, o);
}

static th_run *full(const char *text)
{
    il_explore_opts o = {0};
    o.no_symmetry = 1;
    return th_explore_opts(text, o);
}

/* Same outcomes (status, output, finals), deadlocks, errors and races. */
static void same_answers(const il_result *a, const il_result *b, uint32_t nlocs)
{
    cr_assert_eq(a->noutcomes, b->noutcomes);
    for (size_t i = 0; i < a->noutcomes; i++) {
        cr_assert_eq(a->outcomes[i].status, b->outcomes[i].status);
        cr_assert_eq(a->outcomes[i].noutput, b->outcomes[i].noutput);
        for (size_t j = 0; j < a->outcomes[i].noutput; j++)
            cr_assert_str_eq(a->outcomes[i].output[j], b->outcomes[i].output[j]);
        for (uint32_t j = 0; j < nlocs; j++)
            cr_assert_eq(a->outcomes[i].final[j], b->outcomes[i].final[j]);
        cr_assert_eq(a->outcomes[i].nerrors, b->outcomes[i].nerrors);
    }
    cr_assert_eq(a->ndeadlocks, b->ndeadlocks);
    cr_assert_eq(a->nerrors, b->nerrors);
    cr_assert_eq(a->nraces, b->nraces);
    for (size_t i = 0; i < a->nraces; i++) {
        cr_assert_str_eq(a->races[i].location, b->races[i].location);
        cr_assert_str_eq(a->races[i].first.thread, b->races[i].first.thread);
        cr_assert_eq(a->races[i].first.line, b->races[i].first.line);
        cr_assert_eq(a->races[i].first.is_write, b->races[i].first.is_write);
        cr_assert_str_eq(a->races[i].second.thread, b->races[i].second.thread);
        cr_assert_eq(a->races[i].second.line, b->races[i].second.line);
        cr_assert_eq(a->races[i].second.is_write, b->races[i].second.is_write);
    }
}

static void compare(const char *text, uint64_t want_states)
{
    th_run *f = full(text), *r = reduced(text);
    same_answers(f->r, r->r, f->c->nlocs);
    cr_assert_eq(r->r->reduced, 1);
    cr_assert_null(r->r->total);
    for (size_t i = 0; i < r->r->noutcomes; i++) cr_assert_null(r->r->outcomes[i].count);
    cr_assert_eq(r->r->states, want_states, "reduced states %llu, want %llu (full %llu)",
                 (unsigned long long)r->r->states, (unsigned long long)want_states,
                 (unsigned long long)f->r->states);
    th_free(f);
    th_free(r);
}

Test(reduction, lost_update_keeps_outcomes_and_all_five_races)
{
    compare(TH_LOST_UPDATE, 34); /* full: 43 */
}

/* Different list elements are different locations: each thread's writes
 * commute with the other's, so one order is enough (3 + 3 steps, 7 states). */
Test(reduction, different_elements_are_independent)
{
    compare("shared:\n  a: [0, 0]\nthreads:\n"
            "  t1: |\n    a[0] = 1\n    a[0] = 2\n    a[0] = 3\n"
            "  t2: |\n    a[1] = 1\n    a[1] = 2\n    a[1] = 3\n",
            7);
}

/* Thread-local steps commute with everything. */
Test(reduction, local_steps_are_independent)
{
    compare("threads:\n"
            "  t1: |\n    a = 1\n    a = a + 1\n    print(a)\n"
            "  t2: |\n    b = 1\n    b = b + 1\n    print(b)\n",
            /* only the two prints are ordered against each other */
            8);
}

/* The race on y comes only after independent work on x and z: the reduced
 * search must still reach a state where both accesses to y are next. */
Test(reduction, a_race_behind_independent_steps_is_found)
{
    compare("shared:\n  x: 0\n  y: 0\n  z: 0\nthreads:\n"
            "  t1: |\n    x = 1\n    x = 2\n    y = 1\n"
            "  t2: |\n    z = 1\n    z = 2\n    a = y\n",
            8); /* full: 16 */
}

/* Locks: the ABBA deadlock and the ok outcome both stay reachable. */
Test(reduction, abba_deadlock_is_kept)
{
    compare("sync:\n  a: Lock\n  b: Lock\nthreads:\n"
            "  t1: |\n    with a:\n      with b:\n        pass\n"
            "  t2: |\n    with b:\n      with a:\n        pass\n",
            21); /* full: 23 */
}

/* Errors: a failed assert in one order only. */
Test(reduction, an_error_in_one_order_is_kept)
{
    compare("shared:\n  x: 0\nthreads:\n"
            "  t1: |\n    x = 1\n"
            "  t2: |\n    a = x\n    assert a == 0, \"saw the write\"\n",
            7); /* full: 8 */
}

/* A spin loop: the reduced graph has cycles, and the proviso keeps the
 * loop's exit reachable. */
Test(reduction, a_spin_loop_keeps_its_exit)
{
    compare("shared:\n  flag: 0\n  x: 0\nthreads:\n"
            "  t1: |\n    x = 1\n    flag = 1\n"
            "  t2: |\n    while flag == 0:\n      pass\n    print(x)\n",
            8); /* full: 8: every step conflicts or closes the loop */
}

/* Symmetry and reduction together: counts gone, answers kept. */
Test(reduction, with_symmetry_classes)
{
    const char *text = "shared:\n  x: 0\nthreads:\n  t:\n    count: 4\n"
                       "    body: |\n      a = x\n      b = a * 2\n      x = b + 1\n";
    il_explore_opts o = {0};
    o.no_races = 1;
    th_run *f = th_explore_opts(text, o);
    o.no_counts = 1;
    th_run *r = th_explore_opts(text, o);
    same_answers(f->r, r->r, f->c->nlocs);
    cr_assert_eq(r->r->symmetry, 1);
    cr_assert_lt(r->r->states, f->r->states);
    th_free(f);
    th_free(r);
}

/* Found by the random differential test (tests/gen_programs.py): the last
 * arrival at a barrier runs the waiters' statements on (D20), so an error
 * there happens in another thread's step. It is a finding all the same,
 * and, among interchangeable threads, it names one: no symmetry then. */
Test(reduction, an_error_in_a_barrier_continuation_is_a_finding)
{
    const char *text = "sync:\n  bar: Barrier(2)\nthreads:\n"
                       "  t1: |\n    u = 1 // bar.wait()\n"
                       "  t2: |\n    bar.wait()\n";
    th_run *f = full(text), *r = reduced(text);
    cr_assert_eq(f->r->nerrors, 1);
    cr_assert_str_eq(f->r->errors[0].info.thread, "t1");
    cr_assert_str_eq(f->r->errors[0].info.kind, "ZeroDivisionError");
    same_answers(f->r, r->r, f->c->nlocs);
    th_free(f);
    th_free(r);

    th_run *s = th_explore("sync:\n  bar: Barrier(2)\nthreads:\n  wk:\n    count: 2\n"
                           "    body: |\n      u = 1 // bar.wait()\n");
    cr_assert_eq(s->r->symmetry, 0);
    cr_assert_eq(s->r->noutcomes, 2);
    cr_assert_eq(s->r->nerrors, 2);
    th_free(s);
}
