/* test_sync.c - each primitive's enabled/blocked rule, its errors and the
 * words a deadlock report uses for it (language.md rules 5-7, D15-D21). */
#include <criterion/criterion.h>
#include <string.h>

#include "compiler.h"
#include "explorer.h"
#include "loader.h"

#include "helpers.h"

/* Output lines of every outcome, joined: "a b|c d" (in report order). */
static const char *outputs(const th_run *r)
{
    static char buf[4096];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->r->noutcomes; i++) {
        const il_outcome *o = &r->r->outcomes[i];
        if (i) n += (size_t)snprintf(buf + n, sizeof buf - n, "|");
        for (size_t j = 0; j < o->noutput; j++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", j ? " " : "", o->output[j]);
    }
    return buf;
}

Test(semaphore, at_most_value_holders)
{
    /* inside is counted under a lock, so only the semaphore limits it */
    th_run *r = th_explore("shared: {inside: 0, most: 0}\nsync: {s: Semaphore(2), m: Lock}\nthreads:\n"
                "  t:\n    count: 3\n    body: |\n      with s:\n"
                "          with m:\n              inside += 1\n"
                "              if inside > most:\n                  most = inside\n"
                "          with m:\n              inside -= 1\n");
    cr_assert_eq(r->r->ndeadlocks, 0);
    cr_assert_eq(r->r->nerrors, 0);
    int two = 0;
    for (size_t i = 0; i < r->r->noutcomes; i++) {
        cr_assert_leq(r->r->outcomes[i].final[1], 2);
        two |= r->r->outcomes[i].final[1] == 2;
    }
    cr_assert(two, "two holders at once is reachable");
    th_free(r);
}

Test(semaphore, blocks_at_zero_and_bounded_over_release)
{
    th_run *r = th_explore("sync: {s: Semaphore(0)}\nthreads:\n  t: \"s.acquire()\"\n");
    cr_assert_eq(r->r->ndeadlocks, 1);
    cr_assert_str_eq(r->r->deadlocks[0].blocked[0].waiting_for, "semaphore s");
    cr_assert_str_eq(r->r->deadlocks[0].blocked[0].detail, "semaphore s (0 permits)");
    th_free(r);
    r = th_explore("sync: {s: BoundedSemaphore(1)}\nthreads:\n  t: |\n    s.acquire()\n    s.release()\n    s.release()\n");
    cr_assert_eq(r->r->nerrors, 1);
    cr_assert_str_eq(r->r->errors[0].info.kind, "ValueError");
    cr_assert_str_eq(r->r->errors[0].info.message, "Semaphore released too many times");
    cr_assert_eq(r->r->errors[0].info.line, 6);
    th_free(r);
    r = th_explore("sync: {s: Semaphore(1)}\nthreads:\n  t: |\n    s.release(3)\n    a = s.acquire(False)\n"
           "    b = s.acquire(timeout=2)\n    print(a, b)\n");
    cr_assert_str_eq(outputs(r), "1 1");
    th_free(r);
}

Test(event, wait_is_enabled_exactly_while_set)
{
    th_run *r = th_explore("sync: {e: Event}\nthreads:\n  w: |\n    e.wait()\n    print(\"go\")\n"
                "  s: |\n    e.set()\n    e.clear()\n");
    /* the waiter can pass only between set and clear; otherwise it deadlocks */
    cr_assert_eq(r->r->noutcomes, 2);
    cr_assert_eq(r->r->outcomes[0].status, IL_STATUS_OK);
    cr_assert_eq(r->r->outcomes[1].status, IL_STATUS_DEADLOCK);
    cr_assert_str_eq(r->r->deadlocks[0].blocked[0].detail, "event e (clear)");
    th_free(r);
    r = th_explore("sync: {e: Event}\nthreads:\n  w: |\n    ok = e.wait(timeout=1)\n    print(ok, e.is_set())\n"
           "  s: \"e.set()\"\n");
    cr_assert_str_eq(outputs(r), "0 False|0 True|1 True"); /* is_set() prints as a bool, ok as the int it holds */
    th_free(r);
}

Test(condition, notify_wakes_in_fifo_order)
{
    th_run *r = th_explore("sync: {c: Condition}\nshared: {go: 0}\nthreads:\n"
                "  a: |\n    with c:\n        while go == 0:\n            c.wait()\n        print(\"a\")\n"
                "  b: |\n    with c:\n        while go == 0:\n            c.wait()\n        print(\"b\")\n"
                "  n: |\n    with c:\n        go = 1\n        c.notify()\n    with c:\n        c.notify()\n");
    cr_assert_eq(r->r->nerrors, 0);
    cr_assert_eq(r->r->ndeadlocks, 0, "every waiter is woken by one of the two notifies");
    th_free(r);
}

Test(condition, misuse_without_the_lock)
{
    th_run *r = th_explore("sync: {c: Condition}\nthreads:\n  t: \"c.wait()\"\n  u: \"c.notify()\"\n");
    cr_assert_eq(r->r->nerrors, 2);
    cr_assert_str_eq(r->r->errors[0].info.kind, "RuntimeError");
    cr_assert_str_eq(r->r->errors[0].info.message, "cannot wait on un-acquired lock");
    cr_assert_str_eq(r->r->errors[1].info.message, "cannot notify on un-acquired lock");
    th_free(r);
}

Test(condition, wait_releases_and_reacquires_an_rlock_fully)
{
    th_run *r = th_explore("sync: {r: RLock, c: Condition(r)}\nthreads:\n"
                "  t: |\n    r.acquire()\n    r.acquire()\n    c.wait()\n    r.release()\n    r.release()\n"
                "    print(\"t done\")\n"
                "  u: |\n    with c:\n        c.notify_all()\n");
    /* t waits holding r twice; u can take r only because wait released both */
    cr_assert_eq(r->r->nerrors, 0);
    int ok = 0;
    for (size_t i = 0; i < r->r->noutcomes; i++) ok |= r->r->outcomes[i].status == IL_STATUS_OK;
    cr_assert(ok);
    th_free(r);
}

Test(condition, timed_wait_gives_up_while_the_lock_is_free)
{
    th_run *r = th_explore("sync: {c: Condition}\nthreads:\n  t: |\n    with c:\n        ok = c.wait(timeout=1)\n"
                "    print(ok)\n");
    cr_assert_str_eq(outputs(r), "0");
    cr_assert_eq(r->r->ndeadlocks, 0);
    th_free(r);
}

/* python.md F2: giving up is a step of its own, whoever holds the lock; the
 * waiter then waits for the lock, still in the queue, where a notify that
 * reaches it is used up (b is not woken, a's wait returns False). */
Test(condition, timed_out_waiter_waits_for_the_lock_and_uses_up_a_notify)
{
    th_run *r = th_explore("sync: {c: Condition}\nthreads:\n  t: |\n    with c:\n"
                           "        ok = c.wait(timeout=1)\n  u: |\n    c.acquire()\n");
    /* u takes the lock for good: t, timed out or not, waits for it */
    cr_assert_eq(r->r->ndeadlocks, 2);
    cr_assert_str_eq(r->r->deadlocks[0].blocked[0].detail, "condition c (lock held by u)");
    cr_assert_str_eq(r->r->deadlocks[1].blocked[0].detail,
                     "condition c (timed out; lock held by u)");
    cr_assert_str_eq(r->r->deadlocks[1].blocked[0].waiting_for, "condition c");
    th_free(r);
    r = th_explore("shared: {asleep: 0}\nsync: {c: Condition}\nthreads:\n"
                   "  a: |\n    with c:\n        asleep += 1\n        ok = c.wait(timeout=1)\n"
                   "    print(\"a\", ok)\n"
                   "  b: |\n    with c:\n        asleep += 1\n        c.wait()\n    print(\"b\")\n"
                   "  n: |\n    with c:\n        if asleep == 2:\n            c.notify()\n"
                   "            print(\"notified both\")\n");
    int used_up = 0;
    for (size_t i = 0; i < r->r->noutcomes; i++) {
        const il_outcome *o = &r->r->outcomes[i];
        if (o->status == IL_STATUS_DEADLOCK && o->noutput == 2 &&
            !strcmp(o->output[0], "notified both") && !strcmp(o->output[1], "a 0"))
            used_up = 1;
    }
    cr_assert(used_up, "a notify sent while both sleep can be used up by a, timed out");
    th_free(r);
}

Test(barrier, indices_in_arrival_order_and_generations)
{
    th_run *r = th_explore("sync: {b: Barrier(2)}\nthreads:\n  t:\n    count: 2\n    body: |\n"
                "      i = b.wait()\n      j = b.wait()\n      print(id, i, j)\n");
    cr_assert_eq(r->r->ndeadlocks, 0, "the barrier resets for its second generation");
    /* whoever arrives first in a generation gets 0 */
    for (size_t i = 0; i < r->r->noutcomes; i++) cr_assert_eq(r->r->outcomes[i].noutput, 2);
    th_free(r);
    r = th_explore("sync: {b: Barrier(3)}\nthreads:\n  t:\n    count: 2\n    body: \"b.wait()\"\n");
    cr_assert_eq(r->r->ndeadlocks, 1);
    cr_assert_str_eq(r->r->deadlocks[0].blocked[0].waiting_for, "barrier b");
    cr_assert_str_eq(r->r->deadlocks[0].blocked[0].detail, "barrier b (2 of 3 arrived)");
    th_free(r);
}

Test(queue, fifo_blocking_and_errors)
{
    th_run *r = th_explore("sync: {q: Queue(2)}\nthreads:\n  p: |\n    q.put(1)\n    q.put(2)\n"
                "  c: |\n    a = q.get()\n    b = q.get()\n    n = q.qsize()\n    print(a, b, n, q.empty())\n");
    cr_assert_str_eq(outputs(r), "1 2 0 True");
    th_free(r);
    r = th_explore("sync: {q: Queue(1)}\nthreads:\n  t: |\n    q.put(1)\n    q.put(2)\n");
    cr_assert_str_eq(r->r->deadlocks[0].blocked[0].waiting_for, "queue q (put)");
    cr_assert_str_eq(r->r->deadlocks[0].blocked[0].detail, "queue q (full)");
    th_free(r);
    r = th_explore("sync: {q: Queue}\nthreads:\n  t: \"v = q.get(timeout=1)\"\n  u: \"q.put_nowait(1)\"\n"
           "  w: |\n    q.task_done()\n");
    cr_assert_eq(r->r->nerrors, 2);
    cr_assert_str_eq(r->r->errors[0].info.kind, "Empty");
    cr_assert_str_eq(r->r->errors[1].info.kind, "ValueError");
    cr_assert_str_eq(r->r->errors[1].info.message, "task_done() called too many times");
    th_free(r);
    r = th_explore("sync: {q: Queue}\nthreads:\n  t: |\n    q.put(5)\n    q.join()\n");
    cr_assert_str_eq(r->r->deadlocks[0].blocked[0].waiting_for, "queue q (join)");
    th_free(r);
}

/* A maxsize is 64-bit: 2**32 used to wrap to capacity 0 (a deadlock CPython
 * never has) and 2**32 - 1 past the state. Above what a state holds it is
 * the unbounded model, like maxsize <= 0: room for 32 items, full() never. */
Test(queue, maxsize_past_the_state_is_the_unbounded_model)
{
    const char *sizes[] = {"4294967296", "4294967295", "4294967297", "2147483648", "131071",
                           "9223372036854775807", "0", "-1", "-9223372036854775808"};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        char text[400];
        snprintf(text, sizeof text, "sync: {q: Queue(%s)}\nthreads:\n  t: |\n    q.put(1)\n    q.put(2)\n"
                 "    n = q.qsize()\n    f = q.full()\n    a = q.get()\n    print(n, f, a)\n", sizes[i]);
        th_run *r = th_explore(text);
        cr_assert_eq(r->r->ndeadlocks, 0, "Queue(%s)", sizes[i]);
        cr_assert_str_eq(outputs(r), "2 0 1", "Queue(%s)", sizes[i]);
        th_free(r);
        snprintf(text, sizeof text, "sync: {q: Queue(%s)}\nthreads:\n  t: |\n    for i in range(33):\n"
                 "      q.put(i)\n", sizes[i]);
        r = th_explore(text);
        cr_assert_eq(r->r->nerrors, 1, "Queue(%s)", sizes[i]);
        cr_assert_str_eq(r->r->errors[0].info.kind, "RuntimeError");
        cr_assert_str_eq(r->r->errors[0].info.message,
                         sizes[i][0] == '-' || sizes[i][0] == '0'
                             ? "an unbounded queue is modelled with room for 32 items: declare Queue(N)"
                             : "a Queue(maxsize) above 131070 (more than a state holds) is modelled as "
                               "unbounded, with room for 32 items: declare a smaller Queue(N)");
        th_free(r);
    }
    /* the largest bounded one that fits beside a thread holds what it says */
    th_run *r = th_explore("sync: {q: Queue(131000)}\nthreads:\n  t: |\n    for i in range(40):\n"
                           "      q.put(i)\n    n = q.qsize()\n    f = q.full()\n    print(n, f)\n");
    cr_assert_str_eq(outputs(r), "40 0");
    th_free(r);
}

Test(timer, cancel_before_firing_skips_the_body)
{
    th_run *r = th_explore("threads:\n  main: |\n    tm.start()\n    tm.cancel()\n"
                "  tm:\n    timer: true\n    body: \"print(1)\"\n");
    cr_assert_str_eq(outputs(r), "|1");
    cr_assert_str_eq(r->r->total, "3");
    th_free(r);
}

Test(executor, tasks_in_order_and_hidden_errors)
{
    th_run *r = th_explore("threads: {}\nexecutor:\n  workers: 1\n  tasks:\n"
                "    - {count: 3, body: \"print(6 // id)\"}\n");
    /* one worker: tasks 0, 1, 2 in order; task 0 fails and is swallowed */
    cr_assert_str_eq(outputs(r), "6 3");
    cr_assert_eq(r->r->noutcomes, 1);
    cr_assert_eq(r->r->outcomes[0].status, IL_STATUS_ERROR);
    cr_assert(r->r->outcomes[0].errors[0].hidden);
    cr_assert_str_eq(r->r->outcomes[0].errors[0].thread, "w0");
    cr_assert_str_eq(r->r->total, "1"); /* one worker is one thread: one order */
    th_free(r);
}
