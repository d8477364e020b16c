/* test_races.c - data races (language.md "Data races", D22, D23): reported
 * exactly when two threads' conflicting accesses can run with nothing
 * ordering them, once per pair of (thread, line, access). */
#include <criterion/criterion.h>
#include <string.h>

#include "compiler.h"
#include "explorer.h"
#include "loader.h"

typedef struct run {
    il_program *p;
    il_code *c;
    il_explorer *x;
    const il_result *r;
} run;

static run *go_opts(const char *text, int no_races)
{
    run *r = calloc(1, sizeof *r);
    il_diag d;
    il_diag_init(&d, "t.yaml", NULL);
    r->p = il_load_program_text("t.yaml", text, strlen(text), &d);
    cr_assert(r->p, "load failed: %s", d.first);
    r->c = il_compile(r->p, &d);
    cr_assert(r->c, "compile failed: %s", d.first);
    r->x = il_explorer_new(r->c);
    il_explore_opts o = {0, 0, no_races};
    r->r = il_explore(r->x, &o);
    return r;
}

static run *go(const char *text) { return go_opts(text, 0); }

static void done(run *r)
{
    il_explorer_free(r->x);
    il_code_free(r->c);
    il_program_free(r->p);
    free(r);
}

static const char *lost_update =
    "shared:\n  x: 0\nthreads:\n"
    "  t1: |\n    a = x\n    a = a + 1\n    x = a\n    print(x)\n"
    "  t2: |\n    b = x\n    b = b + 1\n    x = b\n    print(x)\n";

Test(races, lost_update_reports_each_pair_once)
{
    run *r = go(lost_update);
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
    done(r);
}

Test(races, no_races_option_turns_it_off)
{
    run *r = go_opts(lost_update, 1);
    cr_assert_eq(r->r->nraces, 0);
    cr_assert_eq(r->r->races_checked, 0);
    cr_assert_str_eq(r->r->total, "70"); /* the same exploration otherwise */
    done(r);
}

Test(races, lock_protected_counter_has_none)
{
    run *r = go("shared: {x: 0}\nsync: {m: Lock}\nthreads:\n  t:\n    count: 3\n"
                "    body: |\n      with m:\n          x = x + 1\n");
    cr_assert_eq(r->r->nraces, 0);
    done(r);
}

Test(races, queue_and_event_handoffs_have_none)
{
    run *r = go("shared: {data: 0}\nsync: {q: Queue}\nthreads:\n"
                "  p: |\n    data = 7\n    q.put(1)\n"
                "  c: |\n    v = q.get()\n    print(data)\n");
    cr_assert_eq(r->r->nraces, 0);
    done(r);
    r = go("shared: {data: 0}\nsync: {e: Event}\nthreads:\n"
           "  p: |\n    data = 7\n    e.set()\n"
           "  c: |\n    e.wait()\n    print(data)\n");
    cr_assert_eq(r->r->nraces, 0);
    done(r);
    /* writing after the set is a race again */
    r = go("shared: {data: 0}\nsync: {e: Event}\nthreads:\n"
           "  p: |\n    e.set()\n    data = 7\n"
           "  c: |\n    e.wait()\n    print(data)\n");
    cr_assert_eq(r->r->nraces, 1);
    done(r);
}

Test(races, start_orders_the_parent_before_the_child)
{
    run *r = go("shared: {x: 0}\nthreads:\n"
                "  main: |\n    x = 1\n    t.start()\n    t.join()\n    print(x)\n"
                "  t: \"x = x + 1\"\n");
    cr_assert_eq(r->r->nraces, 0);
    done(r);
    /* without main both start at once: the same accesses race */
    r = go("shared: {x: 0}\nthreads:\n  a: \"x = 1\"\n  t: \"x = x + 1\"\n");
    cr_assert_eq(r->r->nraces, 2);
    done(r);
}

Test(races, list_elements_are_separate_locations)
{
    run *r = go("shared:\n  l: [0, 0]\nthreads:\n  a: \"l[0] = 1\"\n  b: \"l[1] = 1\"\n"
                "  c: \"l[1] = 2\"\n");
    cr_assert_eq(r->r->nraces, 1);
    cr_assert_str_eq(r->r->races[0].location, "l[1]");
    done(r);
}

Test(races, reads_alone_do_not_race)
{
    run *r = go("shared: {x: 3}\nthreads:\n  a: \"print(x)\"\n  b: \"v = x\"\n");
    cr_assert_eq(r->r->nraces, 0);
    done(r);
}
