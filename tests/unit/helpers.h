/* helpers.h - shared by the Criterion unit tests. */
#ifndef IL_TEST_HELPERS_H
#define IL_TEST_HELPERS_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "explorer.h"
#include "loader.h"

/* The x = x + 1 race (language.md's example), as several tests load it. */
#define TH_LOST_UPDATE                                                         \
    "name: lost-update\n"                                                       \
    "shared:\n"                                                                 \
    "  x: 0\n"                                                                  \
    "threads:\n"                                                                \
    "  t1: |\n"                                                                 \
    "    a = x\n"                                                               \
    "    a = a + 1\n"                                                           \
    "    x = a\n"                                                               \
    "    print(x)\n"                                                            \
    "  t2: |\n"                                                                 \
    "    b = x\n"                                                               \
    "    b = b + 1\n"                                                           \
    "    x = b\n"                                                               \
    "    print(x)\n"

/* Writes `text` to a fresh temporary file and returns its path (malloc'd). */
static inline char *th_write_temp(const char *text)
{
    char tmpl[] = "/tmp/il-test-XXXXXX.yaml";
    int fd = mkstemps(tmpl, 5);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    char *p = malloc(sizeof tmpl);
    memcpy(p, tmpl, sizeof tmpl);
    return p;
}

/* Loads, compiles and explores a program given as YAML text; asserts that
 * it loads and compiles. Free with th_free. */
typedef struct th_run {
    il_program *p;
    il_code *c;
    il_explorer *x;
    const il_result *r;
} th_run;

static inline th_run *th_explore_opts(const char *text, il_explore_opts o)
{
    th_run *r = calloc(1, sizeof *r);
    il_diag d;
    il_diag_init(&d, "t.yaml", NULL);
    r->p = il_load_program_text("t.yaml", text, strlen(text), &d);
    cr_assert(r->p, "load failed: %s", d.first);
    r->c = il_compile(r->p, &d);
    cr_assert(r->c, "compile failed: %s", d.first);
    r->x = il_explorer_new(r->c);
    r->r = il_explore(r->x, &o);
    return r;
}

static inline th_run *th_explore_ex(const char *text, int no_races)
{
    il_explore_opts o = {0};
    o.no_races = no_races;
    return th_explore_opts(text, o);
}

static inline th_run *th_explore(const char *text) { return th_explore_ex(text, 0); }

static inline void th_free(th_run *r)
{
    il_explorer_free(r->x);
    il_code_free(r->c);
    il_program_free(r->p);
    free(r);
}

#endif
