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

/* The races of r, one "loc:thread:line:r|w/thread:line:r|w" a line, in
 * the report's order: exact sets, so a missing or an extra pair fails. */
static char *race_set(const il_result *r)
{
    static char buf[4096];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->nraces && n < sizeof buf - 128; i++) {
        const il_race *x = &r->races[i];
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s:%s:%d:%c/%s:%d:%c\n", x->location,
                              x->first.thread, x->first.line, x->first.is_write ? 'w' : 'r',
                              x->second.thread, x->second.line, x->second.is_write ? 'w' : 'r');
    }
    return buf;
}

static void expect_races(const char *program, const char *want)
{
    th_run *r = th_explore(program);
    cr_assert_str_eq(race_set(r->r), want);
    th_free(r);
}

/* D22: reads-from is not happens-before. The issue-13 program: t2 sees
 * flag == 1, yet nothing orders t1's write of data before t2's read. */
Test(races, message_passing_through_a_plain_flag_races_on_both)
{
    expect_races("shared: {data: 0, flag: 0}\nthreads:\n"
                 "  t1: |\n    data = 42\n    flag = 1\n"
                 "  t2: |\n    while flag == 0:\n        pass\n    print(data)\n",
                 "data:t1:4:w/t2:9:r\nflag:t1:5:w/t2:7:r\n");
}

Test(races, store_buffering_litmus)
{
    expect_races("shared: {x: 0, y: 0}\nthreads:\n  t1: |\n    x = 1\n    a = y\n"
                 "  t2: |\n    y = 1\n    b = x\n",
                 "x:t1:4:w/t2:8:r\ny:t1:5:r/t2:7:w\n");
}

/* Peterson's algorithm orders its critical sections only through plain
 * variables: the counter in them races (with itself, both ways). */
Test(races, peterson_critical_section_races)
{
    th_run *r = th_explore(
        "shared: {flag: [0, 0], turn: 0, n: 0}\nthreads:\n"
        "  p0: |\n    flag[0] = 1\n    turn = 1\n    while flag[1] == 1 and turn == 1:\n"
        "        pass\n    n = n + 1\n    flag[0] = 0\n"
        "  p1: |\n    flag[1] = 1\n    turn = 0\n    while flag[0] == 1 and turn == 0:\n"
        "        pass\n    n = n + 1\n    flag[1] = 0\n");
    const char *s = race_set(r->r);
    cr_assert(strstr(s, "n:p0:8:r/p1:15:w\n"), "%s", s);
    cr_assert(strstr(s, "n:p0:8:w/p1:15:r\n"), "%s", s);
    cr_assert(strstr(s, "n:p0:8:w/p1:15:w\n"), "%s", s);
    th_free(r);
}

/* Each D22 edge really orders: none of these race. */
Test(races, barrier_condition_and_is_alive_order)
{
    expect_races("shared: {data: 0}\nsync: {b: Barrier(2)}\nthreads:\n"
                 "  t1: |\n    data = 1\n    b.wait()\n  t2: |\n    b.wait()\n    print(data)\n",
                 "");
    expect_races("shared: {data: 0, ready: 0}\nsync: {c: Condition}\nthreads:\n"
                 "  p: |\n    data = 5\n    with c:\n        ready = 1\n        c.notify()\n"
                 "  q: |\n    with c:\n        while ready == 0:\n            c.wait()\n"
                 "    print(data)\n",
                 "");
    expect_races("shared: {x: 0}\nthreads:\n  main: |\n    t.start()\n"
                 "    while t.is_alive():\n        pass\n    print(x)\n  t: \"x = 1\"\n",
                 "");
}

/* A failed acquire(False) is not an acquire (D22); and what the last
 * arrival at a barrier writes after it is ordered with nothing in the
 * waiters (the arrivals reach the departures, not what follows). */
Test(races, failed_try_acquire_and_after_the_barrier_race)
{
    expect_races("shared: {data: 0}\nsync: {m: Lock}\nthreads:\n"
                 "  p: |\n    m.acquire()\n    data = 1\n    m.release()\n"
                 "  q: |\n    if m.acquire(False):\n        m.release()\n    print(data)\n",
                 "data:p:6:w/q:11:r\n");
    expect_races("shared: {x: 0}\nsync: {b: Barrier(2)}\nthreads:\n"
                 "  t1: \"x = b.wait()\"\n  t2: \"x = b.wait()\"\n",
                 "x:t1:4:w/t2:5:w\n");
}

/* An Event carries the join of all its set()s; a queue item carries its
 * put only: the second get does not learn the first put. */
Test(races, event_joins_every_set_and_queue_items_are_separate)
{
    expect_races("shared: {a: 0, b: 0}\nsync: {e: Event}\nthreads:\n"
                 "  p: |\n    a = 1\n    e.set()\n  q: |\n    b = 1\n    e.set()\n"
                 "  r: |\n    e.wait()\n    e.wait()\n    print(a)\n",
                 "a:p:5:w/r:13:r\n");
    expect_races("shared: {a: 0, b: 0}\nsync: {q: Queue}\nthreads:\n"
                 "  p: |\n    a = 1\n    q.put(1)\n    b = 1\n    q.put(2)\n"
                 "  c: |\n    v = q.get()\n    print(a)\n    print(b)\n",
                 "b:p:7:w/c:12:r\n");
}

/* Every arrival of a generation reaches every departure, not only the
 * last two: the middle arrival returns index 1 and is no release (the bug
 * the brute force found, gen-7-0060). */
Test(races, three_party_barrier_orders_reads_before_it)
{
    expect_races("shared: {y: 2}\nsync: {bar: Barrier(3)}\nthreads:\n"
                 "  t1: \"print(y, bar.wait())\"\n"
                 "  t2: |\n    print(y, bar.wait())\n    y += 1\n"
                 "  t3: \"print(y, bar.wait())\"\n",
                 "");
}
