/* test_modes.c - partial exploration asked for by the user: --bound K
 * (at most K preemptions) and --random N --seed S (cli.md). The bounded
 * counts were checked against a brute force over the --list output:
 * a switch away from a thread that still has steps is a preemption. */
#include "helpers.h"

static th_run *bounded(const char *text, uint32_t k)
{
    il_explore_opts o = {0};
    o.has_bound = 1;
    o.bound = k;
    return th_explore_opts(text, o);
}

static th_run *random_runs(const char *text, uint64_t n, uint64_t seed)
{
    il_explore_opts o = {0};
    o.random = n;
    o.seed = seed;
    return th_explore_opts(text, o);
}

#define THREE                                                                  \
    "name: three\nshared:\n  x: 0\nthreads:\n  t:\n    count: 3\n"             \
    "    body: |\n      a = x\n      x = a + 1\n      print(x)\n"

#define ABBA                                                                   \
    "sync:\n  a: Lock\n  b: Lock\nthreads:\n"                                  \
    "  t1: |\n    with a:\n      with b:\n        pass\n"                      \
    "  t2: |\n    with b:\n      with a:\n        pass\n"

Test(bound, lost_update_counts_by_preemptions)
{
    /* 0: t1 then t2 or t2 then t1; 1: also A^i B^4 A^(4-i) and the
     * mirror (i = 1..3); 2: also A^i B^j A B with i, j in 1..3, twice;
     * all 70 need 6 (brute force over the C(8,4) schedules) */
    static const char *const want[] = {"2", "8", "26", "44", "62", "68", "70", "70"};
    for (uint32_t k = 0; k < 8; k++) {
        th_run *r = bounded(TH_LOST_UPDATE, k);
        cr_assert_str_eq(r->r->total, want[k], "bound %u", k);
        cr_assert_eq(r->r->complete, 0);
        cr_assert_str_eq(r->r->partial, "--bound");
        cr_assert_null(r->r->stopped_by);
        th_free(r);
    }
    th_run *r = bounded(TH_LOST_UPDATE, 1);
    cr_assert_eq(r->r->noutcomes, 3);
    cr_assert_str_eq(r->r->outcomes[0].count, "4"); /* [1, 1] */
    cr_assert_str_eq(r->r->outcomes[1].count, "2"); /* [1, 2] */
    cr_assert_str_eq(r->r->outcomes[2].count, "2"); /* [2, 2] */
    th_free(r);
}

Test(bound, three_threads_match_brute_force)
{
    static const char *const want[] = {"6", "42", "192", "552", "1062"};
    static const size_t outcomes[] = {1, 7, 12, 12, 12};
    for (uint32_t k = 0; k < 5; k++) {
        th_run *r = bounded(THREE, k);
        cr_assert_str_eq(r->r->total, want[k], "bound %u", k);
        cr_assert_eq(r->r->noutcomes, outcomes[k], "bound %u", k);
        cr_assert_eq(r->r->symmetry, 0);
        th_free(r);
    }
}

Test(bound, finds_the_abba_deadlock_with_one_preemption)
{
    th_run *r = bounded(ABBA, 0);
    cr_assert_eq(r->r->ndeadlocks, 0);
    cr_assert_str_eq(r->r->total, "2");
    th_free(r);
    r = bounded(ABBA, 1);
    cr_assert_eq(r->r->ndeadlocks, 1);
    th_free(r);
}

Test(random, same_seed_same_runs_and_counts_add_up)
{
    th_run *a = random_runs(TH_LOST_UPDATE, 1000, 3);
    th_run *b = random_runs(TH_LOST_UPDATE, 1000, 3);
    cr_assert_str_eq(a->r->total, "1000");
    cr_assert_eq(a->r->noutcomes, 3);
    cr_assert_eq(b->r->noutcomes, 3);
    unsigned long sum = 0;
    for (size_t i = 0; i < 3; i++) {
        cr_assert_str_eq(a->r->outcomes[i].count, b->r->outcomes[i].count);
        sum += strtoul(a->r->outcomes[i].count, NULL, 10);
    }
    cr_assert_eq(sum, 1000);
    /* 8 steps a run: every run is counted once */
    cr_assert_eq(a->r->transitions, 8000);
    cr_assert_eq(a->r->complete, 0);
    cr_assert_str_eq(a->r->partial, "--random");
    cr_assert_eq(a->r->nraces, 5); /* as the full exploration */
    th_free(a);
    th_free(b);
}

Test(random, another_seed_other_runs)
{
    th_run *a = random_runs(TH_LOST_UPDATE, 50, 1);
    th_run *b = random_runs(TH_LOST_UPDATE, 50, 2);
    int differ = a->r->noutcomes != b->r->noutcomes;
    for (size_t i = 0; !differ && i < a->r->noutcomes; i++)
        differ = strcmp(a->r->outcomes[i].count, b->r->outcomes[i].count) != 0;
    cr_assert(differ, "seeds 1 and 2 gave the same 50 runs");
    th_free(a);
    th_free(b);
}

Test(random, finds_the_abba_deadlock)
{
    th_run *r = random_runs(ABBA, 200, 0);
    cr_assert_eq(r->r->ndeadlocks, 1);
    cr_assert_eq(r->r->deadlocks[0].nblocked, 2);
    th_free(r);
}

Test(random, a_spinning_run_is_cut_and_counted_nowhere)
{
    th_run *r = random_runs("shared:\n  x: 0\nthreads:\n  t: |\n    while x == 0:\n      pass\n",
                            2, 0);
    cr_assert_eq(r->r->unfinished, 2);
    cr_assert_str_eq(r->r->total, "0");
    cr_assert_eq(r->r->noutcomes, 0);
    th_free(r);
}

/* --compact keeps fingerprints, not states: with no collision (odds printed,
 * about 1e-16 here) the answers and the counts are those of the exact run,
 * and shortest traces are still found (by replaying from the start). */
static void same_as_exact(const char *text, int no_symmetry)
{
    il_explore_opts o = {0};
    o.no_symmetry = no_symmetry;
    th_run *e = th_explore_opts(text, o);
    o.compact = 1;
    th_run *k = th_explore_opts(text, o);
    cr_assert_eq(k->r->compact, 1);
    cr_assert_gt(k->r->omission, 0);
    cr_assert_lt(k->r->omission, 1e-9);
    cr_assert_str_eq(k->r->total, e->r->total);
    cr_assert_eq(k->r->states, e->r->states);
    cr_assert_eq(k->r->transitions, e->r->transitions);
    cr_assert_eq(k->r->noutcomes, e->r->noutcomes);
    for (size_t i = 0; i < e->r->noutcomes; i++) {
        cr_assert_str_eq(k->r->outcomes[i].count, e->r->outcomes[i].count);
        uint32_t a[64], b[64];
        size_t na = il_explorer_path(e->x, e->r->outcomes[i].state, a, 64);
        size_t nb = il_explorer_path(k->x, k->r->outcomes[i].state, b, 64);
        cr_assert_eq(na, nb);
        for (size_t j = 0; j < na && j < 64; j++) cr_assert_eq(a[j], b[j]);
    }
    cr_assert_eq(k->r->ndeadlocks, e->r->ndeadlocks);
    cr_assert_eq(k->r->nraces, e->r->nraces);
    th_free(e);
    th_free(k);
}

Test(compact, same_answers_and_counts_as_exact)
{
    same_as_exact(TH_LOST_UPDATE, 0);
    same_as_exact(ABBA, 0);
    same_as_exact(THREE, 1);
    same_as_exact(THREE, 0); /* symmetry: paths replayed through fingerprints */
}
