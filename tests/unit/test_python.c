/* test_python.c - CPython 3.11's words and rules: each runtime error a body
 * can raise has the exception type and message `python3` gives for the same
 * call, and the edge rules (negative timeouts, release(0), sleep(-1)) are
 * CPython's. The expected strings were taken from python3.11 itself. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "compiler.h"
#include "explorer.h"
#include "loader.h"

#include "helpers.h"

/* The one error the program can reach, as "Kind: message"; or "none". */
static const char *the_error(const char *text)
{
    static char buf[512];
    th_run *r = th_explore(text);
    cr_assert_leq(r->r->nerrors, 1, "%zu errors", r->r->nerrors);
    if (r->r->nerrors == 0) snprintf(buf, sizeof buf, "none");
    else snprintf(buf, sizeof buf, "%s: %s", r->r->errors[0].info.kind, r->r->errors[0].info.message);
    th_free(r);
    return buf;
}

/* The outputs of every outcome, "a b|c d", and no error or deadlock. */
static const char *outputs_ok(const char *text)
{
    static char buf[4096];
    th_run *r = th_explore(text);
    cr_assert_eq(r->r->nerrors, 0);
    cr_assert_eq(r->r->ndeadlocks, 0);
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->r->noutcomes; i++) {
        const il_outcome *o = &r->r->outcomes[i];
        if (i) n += (size_t)snprintf(buf + n, sizeof buf - n, "|");
        for (size_t j = 0; j < o->noutput; j++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", j ? " " : "", o->output[j]);
    }
    th_free(r);
    return buf;
}

#define ONE(sync, body) "shared: {x: 0, z: 0, l: [0, 0, 0]}\nsync: {" sync "}\nthreads:\n  t: |\n" body

Test(python, arithmetic_and_index_errors)
{
    cr_assert_str_eq(the_error(ONE("", "    x = 1 % z\n")), "ZeroDivisionError: integer modulo by zero");
    cr_assert_str_eq(the_error(ONE("", "    x %= z\n")), "ZeroDivisionError: integer modulo by zero");
    cr_assert_str_eq(the_error(ONE("", "    x = 1 // z\n")),
                     "ZeroDivisionError: integer division or modulo by zero");
    cr_assert_str_eq(the_error(ONE("", "    l[3] = 1\n")), "IndexError: list assignment index out of range");
    cr_assert_str_eq(the_error(ONE("", "    l[-4] = 1\n")), "IndexError: list assignment index out of range");
    cr_assert_str_eq(the_error(ONE("", "    x = l[3]\n")), "IndexError: list index out of range");
    /* l[3] += 1 reads first, as CPython does */
    cr_assert_str_eq(the_error(ONE("", "    l[3] += 1\n")), "IndexError: list index out of range");
    cr_assert_str_eq(the_error(ONE("", "    for i in range(0, 3, 0):\n      pass\n")),
                     "ValueError: range() arg 3 must not be zero");
}

Test(python, sleep_length_must_be_non_negative)
{
    cr_assert_str_eq(the_error(ONE("", "    sleep(-1)\n")), "ValueError: sleep length must be non-negative");
    cr_assert_str_eq(the_error(ONE("", "    z = z - 5\n    sleep(z)\n")),
                     "ValueError: sleep length must be non-negative");
    cr_assert_str_eq(the_error(ONE("", "    sleep(0)\n    sleep(3)\n")), "none");
}

Test(python, lock_timeouts_are_the_c_locks)
{
    cr_assert_str_eq(the_error(ONE("m: Lock", "    ok = m.acquire(timeout=-2)\n")),
                     "ValueError: timeout value must be positive");
    cr_assert_str_eq(the_error(ONE("m: RLock", "    ok = m.acquire(timeout=-2)\n")),
                     "ValueError: timeout value must be positive");
    cr_assert_str_eq(the_error(ONE("m: Lock", "    ok = m.acquire(False, timeout=1)\n")),
                     "ValueError: can't specify a timeout for a non-blocking call");
    cr_assert_str_eq(the_error(ONE("c: Condition", "    ok = c.acquire(False, 0)\n")),
                     "ValueError: can't specify a timeout for a non-blocking call");
    /* -1 is the C lock's "no timeout", with or without blocking */
    cr_assert_str_eq(outputs_ok(ONE("m: Lock", "    a = m.acquire(False, timeout=-1)\n    m.release()\n"
                                    "    b = m.acquire(timeout=-1)\n    print(a, b)\n")),
                     "1 1");
}

Test(python, semaphore_timeouts_never_raise_when_blocking)
{
    /* threading.Semaphore: any timeout but None may give up, even -1 and -2 */
    cr_assert_str_eq(outputs_ok(ONE("s: Semaphore(0)", "    a = s.acquire(timeout=-2)\n"
                                    "    b = s.acquire(timeout=-1)\n    print(a, b)\n")),
                     "0 0");
    cr_assert_str_eq(outputs_ok(ONE("s: Semaphore(1)", "    a = s.acquire(timeout=-2)\n    print(a)\n")), "1");
    cr_assert_str_eq(the_error(ONE("s: Semaphore(1)", "    a = s.acquire(False, timeout=-1)\n")),
                     "ValueError: can't specify timeout for non-blocking acquire");
    cr_assert_str_eq(the_error(ONE("s: BoundedSemaphore(1)", "    a = s.acquire(blocking=False, timeout=5)\n")),
                     "ValueError: can't specify timeout for non-blocking acquire");
}

Test(python, semaphore_release_counts)
{
    cr_assert_str_eq(the_error(ONE("s: Semaphore(1)", "    s.release(0)\n")), "ValueError: n must be one or more");
    cr_assert_str_eq(the_error(ONE("s: Semaphore(1)", "    s.release(-3)\n")), "ValueError: n must be one or more");
    cr_assert_str_eq(the_error(ONE("s: BoundedSemaphore(1)", "    s.release(0)\n")),
                     "ValueError: n must be one or more");
    cr_assert_str_eq(the_error(ONE("s: BoundedSemaphore(1)", "    s.release()\n")),
                     "ValueError: Semaphore released too many times");
    /* the bound check cannot overflow: value + n is never computed past it */
    cr_assert_str_eq(the_error(ONE("s: BoundedSemaphore(9223372036854775807)",
                                   "    s.release(9223372036854775807)\n")),
                     "ValueError: Semaphore released too many times");
}

Test(python, queue_timeouts)
{
    /* a bounded queue checks the timeout before looking at its items */
    cr_assert_str_eq(the_error(ONE("q: Queue(2)", "    q.put(1, timeout=-2)\n")),
                     "ValueError: 'timeout' must be a non-negative number");
    cr_assert_str_eq(the_error(ONE("q: Queue(2)", "    q.put(1)\n    v = q.get(timeout=-2)\n")),
                     "ValueError: 'timeout' must be a non-negative number");
    cr_assert_str_eq(the_error(ONE("q: Queue", "    q.put(1)\n    v = q.get(timeout=-1)\n")),
                     "ValueError: 'timeout' must be a non-negative number");
    /* an unbounded queue's put never looks at it; a non-blocking call neither */
    cr_assert_str_eq(outputs_ok(ONE("q: Queue", "    q.put(1, timeout=-2)\n    v = q.get(False, -2)\n"
                                    "    print(v)\n")),
                     "1");
    cr_assert_str_eq(outputs_ok(ONE("q: Queue(2)", "    q.put(7, False, -2)\n    v = q.get(False, -2)\n"
                                    "    print(v)\n")),
                     "7");
}

Test(python, waits_with_negative_timeouts_give_up)
{
    cr_assert_str_eq(outputs_ok(ONE("e: Event", "    a = e.wait(timeout=-2)\n    print(a)\n")), "0");
    cr_assert_str_eq(outputs_ok(ONE("c: Condition", "    with c:\n      a = c.wait(timeout=-2)\n"
                                    "    print(a)\n")),
                     "0");
}

Test(python, lock_and_thread_misuse)
{
    cr_assert_str_eq(the_error(ONE("m: Lock", "    m.release()\n")), "RuntimeError: release unlocked lock");
    cr_assert_str_eq(the_error(ONE("m: RLock", "    m.release()\n")),
                     "RuntimeError: cannot release un-acquired lock");
    cr_assert_str_eq(the_error(ONE("c: Condition", "    c.release()\n")),
                     "RuntimeError: cannot release un-acquired lock");
    cr_assert_str_eq(the_error(ONE("m: Lock, c: Condition(m)", "    c.release()\n")),
                     "RuntimeError: release unlocked lock");
    cr_assert_str_eq(the_error(ONE("c: Condition", "    c.wait()\n")),
                     "RuntimeError: cannot wait on un-acquired lock");
    cr_assert_str_eq(the_error(ONE("c: Condition", "    c.notify()\n")),
                     "RuntimeError: cannot notify on un-acquired lock");
    cr_assert_str_eq(the_error(ONE("c: Condition", "    c.notify_all()\n")),
                     "RuntimeError: cannot notify on un-acquired lock");
    cr_assert_str_eq(the_error(ONE("q: Queue", "    q.task_done()\n")),
                     "ValueError: task_done() called too many times");
    cr_assert_str_eq(the_error("threads:\n  main: |\n    u.start()\n    u.start()\n  u: pass\n"),
                     "RuntimeError: threads can only be started once");
    cr_assert_str_eq(the_error("threads:\n  main: |\n    u.join()\n  u: pass\n"),
                     "RuntimeError: cannot join thread before it is started");
    cr_assert_str_eq(the_error("threads:\n  main: |\n    main.join()\n"),
                     "RuntimeError: cannot join current thread");
}

/* print(a, b, ...) side by side is not nesting: CPython takes any number. */
Test(python, wide_print_and_list_literal)
{
    char text[8192];
    size_t n = (size_t)snprintf(text, sizeof text, "shared: {x: 7}\nthreads:\n  t: |\n    print(x");
    for (int i = 0; i < 300; i++) n += (size_t)snprintf(text + n, sizeof text - n, ", %d", i % 10);
    n += (size_t)snprintf(text + n, sizeof text - n, ", \"end\", x)\n    s = 0\n    for v in [x");
    for (int i = 1; i < 250; i++) n += (size_t)snprintf(text + n, sizeof text - n, ", %d", i);
    snprintf(text + n, sizeof text - n, "]:\n      s += v\n    print(s)\n    print(1, 2)\n");
    char want[2048];
    n = (size_t)snprintf(want, sizeof want, "7");
    for (int i = 0; i < 300; i++) n += (size_t)snprintf(want + n, sizeof want - n, " %d", i % 10);
    /* 7 + 1 + ... + 249 */
    snprintf(want + n, sizeof want - n, " end 7 31132 1 2");
    cr_assert_str_eq(outputs_ok(text), want);
    /* a wide list's hidden locals are cleared when its loop ends: the outer
     * loop comes back to its first state (v as it was), so 17 items (in locals) take
     * exactly the 2 states more than 16 (on the stack) that one more item
     * takes (its header step and its body step) */
    const char *loop = "threads:\n  t: |\n    v = %d\n    while True:\n      for v in [%s]:\n        pass\n";
    char items[200] = "1", prog[400];
    for (int i = 2; i <= 16; i++) snprintf(items + strlen(items), sizeof items - strlen(items), ", %d", i);
    snprintf(prog, sizeof prog, loop, 16, items);
    th_run *r = th_explore(prog);
    uint64_t states16 = r->r->states;
    cr_assert_str_eq(r->r->total, "infinite");
    th_free(r);
    strcat(items, ", 17");
    snprintf(prog, sizeof prog, loop, 17, items);
    r = th_explore(prog);
    cr_assert_eq(r->r->states, states16 + 2);
    cr_assert_str_eq(r->r->total, "infinite");
    th_free(r);
}
