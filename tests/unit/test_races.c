/* test_races.c - data races (language.md "Data races", D22, D23): reported
 * exactly when two threads' conflicting accesses can run with nothing
 * ordering them, once per pair of (thread, line, access). */
#include <criterion/criterion.h>
#include <string.h>

#include "compiler.h"
#include "explorer.h"
#include "loader.h"

#include "helpers.h"

static const char *lost_update =
    "shared:\n  x: 0\nthreads:\n"
    "  t1: |\n    a = x\n    a = a + 1\n    x = a\n    print(x)\n"
    "  t2: |\n    b = x\n    b = b + 1\n    x = b\n    print(x)\n";

Test(races, lost_update_reports_each_pair_once)
{
    th_run *r = th_explore(lost_update);
    /* t1's read (5), write (7), print read (8) against t2's write (12);
     * t1's write (7) against t2's reads (10, 13) */
    cr_assert_eq(r->r->nraces, 5);
    const il_race *x = &r->r->races[0];
    cr_assert_str_eq(x->location, "x");
    cr_assert_str_eq(x->first.thread, "t1");
    cr_assert_eq(x->first.line, 5);
    cr_assert_eq(x->first.is_write, 0);
    cr_assert_str_eq(x->second.thread, "t2");
    cr_assert_eq(x->second.line, 12);
    cr_assert_eq(x->second.is_write, 1);
    th_free(r);
}

Test(races, no_races_option_turns_it_off)
{
    th_run *r = th_explore_ex(lost_update, 1);
    cr_assert_eq(r->r->nraces, 0);
    cr_assert_eq(r->r->races_checked, 0);
    cr_assert_str_eq(r->r->total, "70"); /* the same exploration otherwise */
    th_free(r);
}

Test(races, lock_protected_counter_has_none)
{
    th_run *r = th_explore("shared: {x: 0}\nsync: {m: Lock}\nthreads:\n  t:\n    count: 3\n"
                "    body: |\n      with m:\n          x = x + 1\n");
    cr_assert_eq(r->r->nraces, 0);
    th_free(r);
}

Test(races, queue_and_event_handoffs_have_none)
{
    th_run *r = th_explore("shared: {data: 0}\nsync: {q: Queue}\nthreads:\n"
                "  p: |\n    data = 7\n    q.put(1)\n"
                "  c: |\n    v = q.get()\n    print(data)\n");
    cr_assert_eq(r->r->nraces, 0);
    th_free(r);
    r = th_explore("shared: {data: 0}\nsync: {e: Event}\nthreads:\n"
           "  p: |\n    data = 7\n    e.set()\n"
           "  c: |\n    e.wait()\n    print(data)\n");
    cr_assert_eq(r->r->nraces, 0);
    th_free(r);
    /* writing after the set is a race again */
    r = th_explore("shared: {data: 0}\nsync: {e: Event}\nthreads:\n"
           "  p: |\n    e.set()\n    data = 7\n"
           "  c: |\n    e.wait()\n    print(data)\n");
    cr_assert_eq(r->r->nraces, 1);
    th_free(r);
}

Test(races, start_orders_the_parent_before_the_child)
{
    th_run *r = th_explore("shared: {x: 0}\nthreads:\n"
                "  main: |\n    x = 1\n    t.start()\n    t.join()\n    print(x)\n"
                "  t: \"x = x + 1\"\n");
    cr_assert_eq(r->r->nraces, 0);
    th_free(r);
    /* without main both start at once: the same accesses race */
    r = th_explore("shared: {x: 0}\nthreads:\n  a: \"x = 1\"\n  t: \"x = x + 1\"\n");
    cr_assert_eq(r->r->nraces, 2);
    th_free(r);
}

Test(races, list_elements_are_separate_locations)
{
    th_run *r = th_explore("shared:\n  l: [0, 0]\nthreads:\n  a: \"l[0] = 1\"\n  b: \"l[1] = 1\"\n"
                "  c: \"l[1] = 2\"\n");
    cr_assert_eq(r->r->nraces, 1);
    cr_assert_str_eq(r->r->races[0].location, "l[1]");
    th_free(r);
}

Test(races, reads_alone_do_not_race)
{
    th_run *r = th_explore("shared: {x: 3}\nthreads:\n  a: \"print(x)\"\n  b: \"v = x\"\n");
    cr_assert_eq(r->r->nraces, 0);
    th_free(r);
}
