/* test_loader.c - the YAML loader (sim/loader.c): the program model it builds,
 * body positions mapped back to the file, and the exact first message for
 * each kind of bad input. Run under ASan, so the no-crash/no-leak tests at
 * the end matter as much as the assertions. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "loader.h"

static il_program *load(const char *text, il_diag *d)
{
    il_diag_init(d, "t.yaml", NULL);
    return il_load_program_text("t.yaml", text, strlen(text), d);
}

/* Loading must fail with exactly this one message. */
static void expect_error(const char *text, const char *msg)
{
    il_diag d;
    il_program *p = load(text, &d);
    cr_assert_null(p, "loaded although expected: %s", msg);
    cr_assert_eq(d.errors, 1, "%d errors (first: %s)", d.errors, d.first);
    cr_assert_str_eq(d.first, msg);
}

static il_program *load_ok(const char *text)
{
    il_diag d;
    il_program *p = load(text, &d);
    cr_assert_not_null(p, "load failed: %s", d.first);
    cr_assert_eq(d.errors, 0);
    return p;
}

static const char lost_update[] =
    "name: lost-update\n"                          /* 1 */
    "about: Two threads increment x.\n"            /* 2 */
    "shared:\n"                                    /* 3 */
    "  x: 0\n"                                     /* 4 */
    "threads:\n"                                   /* 5 */
    "  t1: |\n"                                    /* 6 */
    "    a = x\n"                                  /* 7 */
    "    a = a + 1\n"                              /* 8 */
    "    x = a\n"                                  /* 9 */
    "  t2: |\n"                                    /* 10 */
    "    b = x\n"                                  /* 11 */
    "    b = b + 1\n"                              /* 12 */
    "    x = b\n"                                  /* 13 */
    "expect:\n"                                    /* 14 */
    "  outputs:\n"                                 /* 15 */
    "    - [1, 1]\n"                               /* 16 */
    "    - [1, \"2\"]\n"                           /* 17 */
    "  finals: [{x: 1}, {x: 2}]\n";                /* 18 */

Test(loader, lost_update_model)
{
    il_program *p = load_ok(lost_update);
    cr_assert_str_eq(p->name, "lost-update");
    cr_assert_str_eq(p->about, "Two threads increment x.");
    cr_assert_str_eq(p->path, "t.yaml");
    cr_assert_eq(p->nshared, 1);
    cr_assert_str_eq(p->shared[0].name, "x");
    cr_assert_eq(p->shared[0].is_list, 0);
    cr_assert_eq(p->shared[0].size, 1);
    cr_assert_eq(p->shared[0].init[0], 0);
    cr_assert_eq(p->shared[0].line, 4);
    cr_assert_eq(p->shared[0].col, 3);
    cr_assert_eq(p->nsync, 0);
    cr_assert_eq(p->nthreads, 2);
    cr_assert_str_eq(p->threads[0].name, "t1");
    cr_assert_str_eq(p->threads[1].name, "t2");
    cr_assert_eq(p->threads[0].line, 6);
    cr_assert_eq(p->threads[0].col, 3);
    cr_assert_eq(p->threads[0].count, 0);
    cr_assert_eq(p->threads[0].daemon, 0);
    cr_assert_eq(p->threads[0].timer, 0);
    /* positions inside the body are file positions */
    cr_assert_not_null(p->threads[0].body);
    cr_assert_eq(p->threads[0].body->line, 7);
    cr_assert_eq(p->threads[0].body->col, 5);
    cr_assert_eq(p->threads[1].body->line, 11);
    cr_assert_eq(p->threads[1].body->col, 5);
    cr_assert_eq(p->has_executor, 0);
    const il_expect *x = &p->expect;
    cr_assert_eq(x->present, 1);
    cr_assert_eq(x->line, 14);
    cr_assert_eq(x->has_outputs, 1);
    cr_assert_eq(x->noutputs, 2);
    cr_assert_eq(x->outputs_line, 15);
    cr_assert_eq(x->outputs_col, 3);
    cr_assert_eq(x->output_len[0], 2);
    cr_assert_str_eq(x->outputs[0][0], "1");
    cr_assert_str_eq(x->outputs[1][1], "2");
    cr_assert_eq(x->has_finals, 1);
    cr_assert_eq(x->nfinals, 2);
    cr_assert_eq(x->finals_line, 18);
    cr_assert_str_eq(x->finals[1].names[0], "x");
    cr_assert_eq(x->finals[1].nvals[0], 1);
    cr_assert_eq(x->finals[1].vals[0][0], 2);
    cr_assert_null(x->always);
    cr_assert_eq(x->deadlock, IL_TRI_UNSET);
    cr_assert_eq(x->races, IL_TRI_UNSET);
    cr_assert_eq(x->errors, IL_TRI_UNSET);
    cr_assert_null(x->interleavings);
    il_program_free(p);
}

Test(loader, default_name_and_no_expect)
{
    const char *src = "threads:\n  t: pass\n";
    il_diag d;
    il_diag_init(&d, "x", NULL);
    il_program *p = il_load_program_text("dir/sub/my_prog.yaml", src, strlen(src), &d);
    cr_assert_not_null(p);
    cr_assert_str_eq(p->name, "my_prog");
    cr_assert_null(p->about);
    cr_assert_eq(p->expect.present, 0);
    il_program_free(p);
    p = il_load_program_text("other.yml", src, strlen(src), &d);
    cr_assert_str_eq(p->name, "other");
    il_program_free(p);
}

Test(loader, from_file)
{
    char *path = th_write_temp(lost_update);
    cr_assert_not_null(path);
    il_diag d;
    il_diag_init(&d, path, NULL);
    il_program *p = il_load_program(path, &d);
    cr_assert_not_null(p, "%s", d.first);
    cr_assert_str_eq(p->name, "lost-update");
    cr_assert_eq(p->threads[1].body->line, 11);
    il_program_free(p);
    /* without name: the file's base name without .yaml */
    FILE *f = fopen(path, "w");
    fputs("threads:\n  t: pass\n", f);
    fclose(f);
    p = il_load_program(path, &d);
    cr_assert_not_null(p);
    const char *base = strrchr(path, '/') + 1;
    cr_assert_eq(strlen(p->name), strlen(base) - 5);
    cr_assert_eq(strncmp(p->name, base, strlen(p->name)), 0);
    il_program_free(p);
    unlink(path);
    free(path);
}

Test(loader, unreadable_files)
{
    il_diag d;
    il_diag_init(&d, "/nonexistent/p.yaml", NULL);
    cr_assert_null(il_load_program("/nonexistent/p.yaml", &d));
    cr_assert_str_eq(d.first, "/nonexistent/p.yaml:1:1: error: cannot read file: No such file or directory");
    il_diag_init(&d, "/tmp", NULL);
    cr_assert_null(il_load_program("/tmp", &d));
    cr_assert_str_eq(d.first, "/tmp:1:1: error: cannot read file: is a directory");
    cr_assert_eq(d.errors, 1);
}

/* Only regular files are read: a FIFO without a writer is refused at once
 * (opening it would wait forever), so is a device. */
Test(loader, non_regular_files_refused_without_blocking)
{
    char dir[] = "/tmp/il-fifo-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/p.yaml", dir);
    cr_assert_eq(mkfifo(path, 0600), 0);
    il_diag d;
    il_diag_init(&d, "p.yaml", NULL);
    cr_assert_null(il_load_program(path, &d));
    cr_assert_str_eq(d.first, "p.yaml:1:1: error: cannot read file: not a regular file");
    il_buf b = {0};
    cr_assert_eq(il_read_input_file(path, 1 << 20, &b), -1);
    cr_assert_eq(errno, IL_ENOTREG);
    cr_assert_null(b.data);
    unlink(path);
    rmdir(dir);
    il_diag_init(&d, "/dev/zero", NULL);
    cr_assert_null(il_load_program("/dev/zero", &d));
    cr_assert_str_eq(d.first, "/dev/zero:1:1: error: cannot read file: not a regular file");
}

/* The program keeps the bytes it was loaded from and their SHA-256. */
Test(loader, keeps_the_bytes_loaded_and_their_hash)
{
    il_program *p = load_ok(lost_update);
    cr_assert_eq(p->text_len, strlen(lost_update));
    cr_assert_eq(memcmp(p->text, lost_update, p->text_len), 0);
    cr_assert_str_eq(p->sha256, "8ced6735810dd414e6e47961630ec179b504a3f270709d125f8c9eae8a0540c1");
    il_program_free(p);
}

Test(loader, shared_forms)
{
    il_program *p = load_ok("shared:\n"
                            "  a: -5\n"
                            "  b: true\n"
                            "  c: [1, -2, 3]\n"
                            "  d: {size: 4, value: 7}\n"
                            "  e: {size: 2}\n"
                            "  f: -9223372036854775808\n"
                            "threads:\n  t: pass\n");
    cr_assert_eq(p->nshared, 6);
    cr_assert_eq(p->shared[0].init[0], -5);
    cr_assert_eq(p->shared[1].init[0], 1);
    cr_assert_eq(p->shared[2].is_list, 1);
    cr_assert_eq(p->shared[2].size, 3);
    cr_assert_eq(p->shared[2].init[1], -2);
    cr_assert_eq(p->shared[3].is_list, 1);
    cr_assert_eq(p->shared[3].size, 4);
    cr_assert_eq(p->shared[3].init[3], 7);
    cr_assert_eq(p->shared[4].size, 2);
    cr_assert_eq(p->shared[4].init[1], 0);
    cr_assert_eq(p->shared[5].init[0], INT64_MIN);
    il_program_free(p);
}

Test(loader, sync_kinds)
{
    il_program *p = load_ok("sync:\n"
                            "  c: Condition(m)\n"          /* lock declared later */
                            "  m: Lock\n"
                            "  r: threading.RLock()\n"
                            "  s: Semaphore(2)\n"
                            "  s1: Semaphore()\n"
                            "  bs: BoundedSemaphore(value=3)\n"
                            "  e: Event\n"
                            "  c2: Condition\n"
                            "  c3: Condition(lock=r)\n"
                            "  b: Barrier(3)\n"
                            "  q: queue.Queue(2)\n"
                            "  q2: Queue\n"
                            "  q3: Queue(-4)\n"
                            "threads:\n  t: pass\n");
    cr_assert_eq(p->nsync, 13);
    const il_sync_decl *s = p->sync;
    cr_assert_eq(s[0].kind, IL_SYNC_CONDITION);
    cr_assert_eq(s[0].lock, 1);
    cr_assert_eq(s[0].line, 2);
    cr_assert_eq(s[1].kind, IL_SYNC_LOCK);
    cr_assert_eq(s[1].lock, -1);
    cr_assert_eq(s[2].kind, IL_SYNC_RLOCK);
    cr_assert_eq(s[3].kind, IL_SYNC_SEMAPHORE);
    cr_assert_eq(s[3].arg, 2);
    cr_assert_eq(s[4].arg, 1);
    cr_assert_eq(s[5].kind, IL_SYNC_BSEMAPHORE);
    cr_assert_eq(s[5].arg, 3);
    cr_assert_eq(s[6].kind, IL_SYNC_EVENT);
    cr_assert_eq(s[7].kind, IL_SYNC_CONDITION);
    cr_assert_eq(s[7].lock, -1);
    cr_assert_eq(s[8].lock, 2);
    cr_assert_eq(s[9].kind, IL_SYNC_BARRIER);
    cr_assert_eq(s[9].arg, 3);
    cr_assert_eq(s[10].kind, IL_SYNC_QUEUE);
    cr_assert_eq(s[10].arg, 2);
    cr_assert_eq(s[11].arg, 0);
    cr_assert_eq(s[12].arg, 0);
    il_program_free(p);
}

Test(loader, thread_options_and_positions)
{
    il_program *p = load_ok("threads:\n"                    /* 1 */
                            "  phil:\n"                      /* 2 */
                            "    count: 3\n"                 /* 3 */
                            "    body: |\n"                  /* 4 */
                            "\n"                             /* 5 */
                            "      pass\n"                   /* 6 */
                            "  logger:\n"                    /* 7 */
                            "    daemon: true\n"             /* 8 */
                            "    body: \"pass\"\n"           /* 9 */
                            "  tm: {timer: true, body: pass}\n" /* 10 */
                            "  t4: |2\n"                     /* 11 */
                            "    pass\n"                     /* 12: indent from the indicator */
                            "  t5: |-\n"                     /* 13 */
                            "     # comment\n"               /* 14 */
                            "     pass\n"                    /* 15 */
                            "  main: x = 1\n");              /* 16 */
    cr_assert_eq(p->nthreads, 6);
    il_thread_decl *t = p->threads;
    cr_assert_eq(t[0].count, 3);
    cr_assert_eq(t[0].body->line, 6);
    cr_assert_eq(t[0].body->col, 7);
    cr_assert_eq(t[1].daemon, 1);
    cr_assert_eq(t[1].count, 0);
    cr_assert_eq(t[1].body->line, 9);
    cr_assert_eq(t[1].body->col, 12);
    cr_assert_eq(t[2].timer, 1);
    cr_assert_eq(t[2].body->line, 10);
    cr_assert_eq(t[2].body->col, 27);
    cr_assert_eq(t[3].body->line, 12);
    cr_assert_eq(t[3].body->col, 5);
    cr_assert_eq(t[4].body->line, 15);
    cr_assert_eq(t[4].body->col, 6);
    cr_assert_str_eq(t[5].name, "main");
    cr_assert_eq(t[5].body->col, 9);
    il_program_free(p);
}

Test(loader, executor)
{
    il_program *p = load_ok("shared:\n  value: 0\n"
                            "executor:\n"                        /* 3 */
                            "  workers: 3\n"
                            "  tasks:\n"
                            "    - body: |\n"                    /* 6 */
                            "        value += 1\n"               /* 7 */
                            "    - {count: 2, body: \"print(id)\"}\n" /* 8 */
                            "    - pass\n");                     /* 9 */
    cr_assert_eq(p->nthreads, 0);
    cr_assert_eq(p->has_executor, 1);
    cr_assert_eq(p->executor_workers, 3);
    cr_assert_eq(p->executor_line, 3);
    cr_assert_eq(p->ntasks, 3);
    cr_assert_eq(p->tasks[0].count, 1);
    cr_assert_eq(p->tasks[0].line, 6);
    cr_assert_eq(p->tasks[0].body->line, 7);
    cr_assert_eq(p->tasks[0].body->col, 9);
    cr_assert_eq(p->tasks[1].count, 2);
    cr_assert_eq(p->tasks[1].body->col, 25);
    cr_assert_eq(p->tasks[2].body->line, 9);
    il_program_free(p);
}

Test(loader, expect_fields)
{
    il_program *p = load_ok("shared:\n  x: 0\n  l: [0, 0]\n"
                            "threads:\n  t: pass\n"
                            "expect:\n"                               /* 6 */
                            "  outputs: []\n"                         /* 7 */
                            "  finals:\n"                             /* 8 */
                            "    - {x: 1, l: [1, 2]}\n"               /* 9 */
                            "  always: x >= 0\n"                      /* 10 */
                            "  sometimes: \"x == 1\"\n"               /* 11 */
                            "  never: |\n"                            /* 12 */
                            "    x == 5\n"                            /* 13 */
                            "  deadlock: false\n"                     /* 14 */
                            "  races: True\n"                         /* 15 */
                            "  errors: false\n"                       /* 16 */
                            "  interleavings: 123456789012345678901234567890\n"); /* 17 */
    const il_expect *x = &p->expect;
    cr_assert_eq(x->has_outputs, 1);
    cr_assert_eq(x->noutputs, 0);
    cr_assert_eq(x->nfinals, 1);
    cr_assert_eq(x->finals[0].nvars, 2);
    cr_assert_eq(x->finals[0].line, 9);
    cr_assert_str_eq(x->finals[0].names[1], "l");
    cr_assert_eq(x->finals[0].nvals[1], 2);
    cr_assert_eq(x->finals[0].vals[1][1], 2);
    cr_assert_not_null(x->always);
    cr_assert_str_eq(x->always_src, "x >= 0");
    cr_assert_eq(x->always->line, 10);
    cr_assert_eq(x->always->col, 11);
    cr_assert_str_eq(x->sometimes_src, "x == 1");
    cr_assert_eq(x->sometimes->col, 15);
    cr_assert_eq(x->never->line, 13);
    cr_assert_eq(x->never->col, 5);
    cr_assert_eq(x->deadlock, IL_TRI_FALSE);
    cr_assert_eq(x->deadlock_line, 14);
    cr_assert_eq(x->races, IL_TRI_TRUE);
    cr_assert_eq(x->errors, IL_TRI_FALSE);
    cr_assert_str_eq(x->interleavings, "123456789012345678901234567890");
    cr_assert_eq(x->interleavings_line, 17);
    cr_assert_eq(x->interleavings_col, 3);
    il_program_free(p);
    p = load_ok("threads:\n  t: pass\nexpect:\n  interleavings: infinite\n");
    cr_assert_str_eq(p->expect.interleavings, "infinite");
    il_program_free(p);
}

/* ---- exact messages ----------------------------------------------------- */

Test(loader, err_unknown_top_level_key)
{
    expect_error("shared:\n  x: 0\nthredas:\n  t: pass\n",
                 "t.yaml:3:1: error: unknown top-level key 'thredas' (expected one of: name, "
                 "about, shared, sync, functions, threads, executor, expect, print)");
}

/* python.md F3: print: atomic | cpython, its mode, and the one message for anything else */
Test(loader, print_key)
{
    il_program *p = load_ok("threads:\n  t: pass\n");
    cr_expect_eq(p->print_key, IL_PRINT_DEFAULT);
    cr_expect_eq(p->print, IL_PRINT_ATOMIC);
    il_program_set_print(p, IL_PRINT_CPYTHON);
    cr_expect_eq(p->print, IL_PRINT_CPYTHON);
    il_program_set_print(p, IL_PRINT_DEFAULT);
    cr_expect_eq(p->print, IL_PRINT_ATOMIC);
    il_program_free(p);
    p = load_ok("print: cpython\nthreads:\n  t: pass\n");
    cr_expect_eq(p->print_key, IL_PRINT_CPYTHON);
    cr_expect_eq(p->print, IL_PRINT_CPYTHON);
    cr_expect_eq(p->print_key_line, 1);
    cr_expect_eq(p->print_key_col, 8);
    il_program_set_print(p, IL_PRINT_ATOMIC);
    cr_expect_eq(p->print, IL_PRINT_ATOMIC);
    il_program_set_print(p, IL_PRINT_DEFAULT);
    cr_expect_eq(p->print, IL_PRINT_CPYTHON);
    il_program_free(p);
    p = load_ok("threads:\n  t: pass\nprint: atomic\n");
    cr_expect_eq(p->print_key, IL_PRINT_ATOMIC);
    cr_expect_eq(p->print, IL_PRINT_ATOMIC);
    il_program_free(p);
    expect_error("print: fast\nthreads:\n  t: pass\n",
                 "t.yaml:1:8: error: print: expected atomic (a print is one step) or cpython (its "
                 "arguments, text and end in three steps, as CPython's), got 'fast'");
    expect_error("print: [cpython]\nthreads:\n  t: pass\n",
                 "t.yaml:1:8: error: print: expected atomic (a print is one step) or cpython (its "
                 "arguments, text and end in three steps, as CPython's), got a sequence");
}

Test(loader, err_duplicate_key)
{
    expect_error("threads:\n  t1: pass\n  t2: pass\n  t1: pass\n",
                 "t.yaml:4:3: error: duplicate key 't1' (first at 2:3)");
    expect_error("threads: {t: pass}\nexpect: {races: true}\nexpect: {}\n",
                 "t.yaml:3:1: error: duplicate key 'expect' (first at 2:1)");
}

Test(loader, err_duplicate_name_across_sections)
{
    expect_error("shared:\n  x: 0\nthreads:\n  x: pass\n",
                 "t.yaml:4:3: error: duplicate name 'x': already a shared variable at 2:3");
    /* reported where the later one is, whatever the section order */
    expect_error("threads:\n  m: pass\nsync:\n  m: Lock\n",
                 "t.yaml:4:3: error: duplicate name 'm': already a thread at 2:3");
    expect_error("shared:\n  p1: 0\nthreads:\n  p: {count: 2, body: pass}\n",
                 "t.yaml:4:3: error: duplicate name 'p1': already a shared variable at 2:3");
    expect_error("threads:\n  p: {count: 2, body: pass}\n  p1: pass\n",
                 "t.yaml:3:3: error: duplicate name 'p1': already an instance of thread 'p' "
                 "(count: 2) at 2:3");
}

Test(loader, err_names)
{
    expect_error("shared:\n  print: 0\nthreads:\n  t: pass\n",
                 "t.yaml:2:3: error: 'print' is reserved and cannot be a shared variable name");
    expect_error("threads:\n  1t: pass\n",
                 "t.yaml:2:3: error: '1t' is not a valid thread name (letters, digits and _, "
                 "not starting with a digit)");
}

Test(loader, err_shared_values)
{
    expect_error("shared:\n  x: abc\nthreads:\n  t: pass\n",
                 "t.yaml:2:6: error: shared variable 'x' must be an integer, a list of integers, "
                 "or {size: N, value: V}");
    expect_error("shared:\n  x: \"5\"\nthreads:\n  t: pass\n",
                 "t.yaml:2:6: error: shared variable 'x' must be an integer, a list of integers, "
                 "or {size: N, value: V}");
    expect_error("shared:\n  x: [1, 2.5]\nthreads:\n  t: pass\n",
                 "t.yaml:2:10: error: shared variable 'x' must be an integer, a list of integers, "
                 "or {size: N, value: V}");
    expect_error("shared:\n  x: 9223372036854775808\nthreads:\n  t: pass\n",
                 "t.yaml:2:6: error: shared variable 'x': integer out of 64-bit range");
    expect_error("shared:\n  x: []\nthreads:\n  t: pass\n",
                 "t.yaml:2:6: error: shared variable 'x': a list needs at least one element");
    expect_error("shared:\n  x: {size: 0}\nthreads:\n  t: pass\n",
                 "t.yaml:2:13: error: shared variable 'x': size must be an integer >= 1");
}

Test(loader, err_sync)
{
    expect_error("sync:\n  m: Mutex\nthreads:\n  t: pass\n",
                 "t.yaml:2:6: error: unknown sync constructor 'Mutex' for 'm' (supported: Lock, "
                 "RLock, Semaphore(n), BoundedSemaphore(n), Event, Condition, Condition(lock), "
                 "Barrier(n), Queue, Queue(maxsize))");
    expect_error("sync:\n  s: Semaphore(-1)\nthreads:\n  t: pass\n",
                 "t.yaml:2:6: error: semaphore initial value must be >= 0");
    expect_error("sync:\n  b: Barrier(0)\nthreads:\n  t: pass\n",
                 "t.yaml:2:6: error: barrier needs at least 1 party");
    expect_error("sync:\n  e: Event\n  c: Condition(e)\nthreads:\n  t: pass\n",
                 "t.yaml:3:6: error: Condition(e): 'e' is not a Lock or RLock");
    expect_error("sync:\n  c: Condition(nope)\nthreads:\n  t: pass\n",
                 "t.yaml:2:6: error: Condition(nope): 'nope' is not a Lock or RLock");
    expect_error("sync:\n  m: Lock(1)\nthreads:\n  t: pass\n",
                 "t.yaml:2:6: error: Lock() takes no arguments");
    expect_error("sync:\n  q: threading.Queue\nthreads:\n  t: pass\n",
                 "t.yaml:2:6: error: unknown sync constructor 'threading.Queue' for 'q' "
                 "(supported: Lock, RLock, Semaphore(n), BoundedSemaphore(n), Event, Condition, "
                 "Condition(lock), Barrier(n), Queue, Queue(maxsize))");
}

Test(loader, err_threads)
{
    expect_error("threads:\n  t:\n    bdy: pass\n",
                 "t.yaml:3:5: error: thread 't': unknown key 'bdy' (expected one of: body, target, args, count, "
                 "daemon, timer)");
    expect_error("threads:\n  t: {count: 0, body: pass}\n",
                 "t.yaml:2:14: error: thread 't': count must be an integer >= 1");
    expect_error("threads:\n  t: {daemon: 1, body: pass}\n",
                 "t.yaml:2:15: error: thread 't': daemon must be true or false");
    expect_error("threads:\n  - pass\n",
                 "t.yaml:2:3: error: threads: expected a mapping of thread name -> body, got a sequence");
    expect_error("shared:\n  x: 0\n",
                 "t.yaml:1:1: error: no threads: a program needs at least one thread");
    expect_error("threads: {}\n",
                 "t.yaml:1:10: error: no threads: a program needs at least one thread");
    expect_error("threads:\n  t: \"  \"\n",
                 "t.yaml:2:6: error: thread 't': empty body (write pass for a thread that does nothing)");
}

Test(loader, err_expect)
{
    expect_error("threads:\n  t: pass\nexpect:\n  outptus: []\n",
                 "t.yaml:4:3: error: unknown expect: key 'outptus' (expected one of: outputs, "
                 "finals, always, sometimes, never, deadlock, races, errors, interleavings)");
    expect_error("shared:\n  x: 0\nthreads:\n  t: pass\nexpect:\n  finals: [{y: 1}]\n",
                 "t.yaml:6:13: error: finals: 'y' is not a shared variable");
    expect_error("threads:\n  t: pass\nexpect:\n  deadlock: maybe\n",
                 "t.yaml:4:13: error: expect: deadlock must be true or false");
    expect_error("threads:\n  t: pass\nexpect:\n  interleavings: -1\n",
                 "t.yaml:4:18: error: expect: interleavings must be a non-negative integer or \"infinite\"");
}

Test(loader, err_empty_and_malformed)
{
    expect_error("", "t.yaml:1:1: error: empty program: expected a mapping with threads:");
    expect_error("# only a comment\n\n", "t.yaml:1:1: error: empty program: expected a mapping with threads:");
    expect_error("threads: [pass\n",
                 "t.yaml:2:1: error: YAML syntax error: did not find expected ',' or ']' "
                 "(while parsing a flow sequence at 1:10)");
    expect_error("- a\n- b\n",
                 "t.yaml:1:1: error: the program must be a mapping (name, about, shared, sync, "
                 "functions, threads, executor, expect), got a sequence");
}

Test(loader, err_yaml_features)
{
    expect_error("shared:\n  x: &v 1\n  y: *v\nthreads:\n  t: pass\n",
                 "t.yaml:2:6: error: YAML aliases are not supported (anchor '&v')");
    expect_error("shared:\n  x: *v\nthreads:\n  t: pass\n",
                 "t.yaml:2:6: error: YAML aliases are not supported (alias '*v')");
    expect_error("threads:\n  t: pass\n---\nthreads:\n  u: pass\n",
                 "t.yaml:3:1: error: more than one YAML document: a program file holds exactly one");
    expect_error("shared:\n  x: !!int 1\nthreads:\n  t: pass\n",
                 "t.yaml:2:6: error: YAML tags are not supported ('tag:yaml.org,2002:int')");
    expect_error("shared:\n  ? [a]\n  : 1\nthreads:\n  t: pass\n",
                 "t.yaml:2:5: error: mapping keys must be names, not a sequence");
    expect_error("threads:\n  t: pass\nname: \"\xff\"\n",
                 "t.yaml:3:8: error: invalid UTF-8 (byte 0xff): a program file must be UTF-8 text");
}

Test(loader, err_parse_error_in_body)
{
    /* whatever the parser says, it must point at the '@' in the file */
    il_diag d;
    il_program *p = load("shared:\n  x: 0\nthreads:\n  t1: |\n    a = x\n\n    x = @\n", &d);
    cr_assert_null(p);
    cr_assert_eq(d.errors, 1);
    cr_assert_eq(strncmp(d.first, "t.yaml:7:9: error: ", 19), 0, "got: %s", d.first);
    p = load("threads:\n  t1: \"a = @\"\n", &d);
    cr_assert_null(p);
    cr_assert_eq(strncmp(d.first, "t.yaml:2:12: error: ", 20), 0, "got: %s", d.first);
    p = load("threads:\n  t:\n    body: |2\n\n      pass\n      x = @\n", &d);
    cr_assert_null(p);
    cr_assert_eq(strncmp(d.first, "t.yaml:6:11: error: ", 20), 0, "got: %s", d.first);
}

/* ---- robustness (ASan + leak checks do the asserting) --------------------- */

Test(loader, deep_nesting)
{
    size_t n = 200000;
    char *s = malloc(n + 16);
    memcpy(s, "threads: ", 9);
    memset(s + 9, '[', n);
    s[9 + n] = '\0';
    il_diag d;
    cr_assert_null(load(s, &d));
    cr_assert_str_eq(d.first, "t.yaml:1:1009: error: nesting too deep (more than 1000 levels)");
    free(s);
}

Test(loader, every_prefix_and_corruption_is_safe)
{
    size_t n = strlen(lost_update);
    char *buf = malloc(n + 1);
    for (size_t i = 0; i <= n; i++) { /* truncated files */
        memcpy(buf, lost_update, i);
        il_diag d;
        il_diag_init(&d, "t.yaml", NULL);
        il_program *p = il_load_program_text("t.yaml", buf, i, &d);
        cr_assert(p ? d.errors == 0 : d.errors == 1, "prefix %zu: %d errors", i, d.errors);
        il_program_free(p);
    }
    const char junk[] = {'\0', '\t', ':', '-', '[', '{', '|', '"', '&', '\xc3', '#', '\n'};
    for (size_t i = 0; i < n; i++) { /* one byte replaced */
        for (size_t j = 0; j < sizeof junk; j++) {
            memcpy(buf, lost_update, n);
            buf[i] = junk[j];
            il_diag d;
            il_diag_init(&d, "t.yaml", NULL);
            il_program *p = il_load_program_text("t.yaml", buf, n, &d);
            cr_assert(p ? d.errors == 0 : d.errors == 1, "byte %zu: %d errors", i, d.errors);
            il_program_free(p);
        }
    }
    free(buf);
}

Test(loader, many_threads)
{
    il_buf b = {0};
    il_buf_puts(&b, "shared:\n  x: 0\nthreads:\n");
    for (int i = 0; i < 3000; i++) il_buf_printf(&b, "  t%d: |\n    x = %d\n", i, i);
    il_buf_puts(&b, "  t17: pass\n");
    il_diag d;
    cr_assert_null(load(b.data, &d));
    cr_assert_str_eq(d.first, "t.yaml:6004:3: error: duplicate key 't17' (first at 38:3)");
    b.len -= strlen("  t17: pass\n");
    b.data[b.len] = '\0';
    il_program *p = load(b.data, &d);
    cr_assert_not_null(p, "%s", d.first);
    cr_assert_eq(p->nthreads, 3000);
    cr_assert_eq(p->threads[2999].body->line, 6003);
    il_program_free(p);
    il_buf_free(&b);
}

Test(loader, crlf_and_bom)
{
    il_buf b = {0};
    il_buf_puts(&b, "\xEF\xBB\xBF");
    for (const char *s = lost_update; *s; s++) {
        if (*s == '\n') il_buf_putc(&b, '\r');
        il_buf_putc(&b, *s);
    }
    il_program *p = load_ok(b.data);
    cr_assert_eq(p->threads[0].body->line, 7);
    cr_assert_eq(p->threads[0].body->col, 5);
    cr_assert_eq(p->threads[1].body->line, 11);
    il_program_free(p);
    il_buf_free(&b);
}

Test(loader, err_control_characters)
{
    expect_error("threads:\n  t: pass\nname: a\x01\n",
                 "t.yaml:3:8: error: control characters are not allowed (byte 0x01)");
    expect_error("threads:\n  \"t\\0x\": pass\n",
                 "t.yaml:2:3: error: a NUL character (\\0) in a string is not supported");
    /* an expected output or a name cut at the NUL would pass or print as its prefix */
    expect_error("threads:\n  t: print(1)\nexpect:\n  outputs: [[\"1\\0zz\"]]\n",
                 "t.yaml:4:14: error: a NUL character (\\0) in a string is not supported");
    expect_error("name: \"a\\u0000b\"\nthreads:\n  t: pass\n",
                 "t.yaml:1:7: error: a NUL character (\\0) in a string is not supported");
}

/* Names of any length: instance names (name0, name1) and list locations
 * (l[1]) were built in fixed buffers that cut long names, so that the
 * instances of a 600-letter thread clashed and `name1.start()` found none. */
Test(loader, long_names_are_not_cut)
{
    char name[601], list[601], text[4096];
    memset(name, 't', 600);
    name[600] = '\0';
    memcpy(list, name, sizeof list);
    list[0] = 'l';
    snprintf(text, sizeof text, "shared:\n  %s: [0, 0]\nthreads:\n  main: |\n    %s1.start()\n    %s1.join()\n"
             "    %s[1] = 5\n  %s:\n    count: 2\n    body: print(id)\n", list, name, name, list, name);
    th_run *r = th_explore(text);
    cr_assert_eq(r->r->nerrors, 0);
    cr_assert_eq(r->r->noutcomes, 1);
    cr_assert_str_eq(r->r->outcomes[0].output[0], "1");
    char loc[700];
    snprintf(loc, sizeof loc, "%s[1]", list);
    cr_assert_str_eq(r->c->loc_names[1], loc);
    snprintf(loc, sizeof loc, "%s1", name);
    cr_assert_str_eq(r->c->threads[2].name, loc);
    th_free(r);
}
