/* api.c - include/interleave.h on top of the engine's modules: the
 * configuration, the boundary every call crosses, writers, output files and
 * models. Explorations and their reports are in api_explore.c, runs in
 * api_run.c, traces, replay and check in api_check.c.
 *
 * The boundary (API_ENTER): every call that can allocate arms il_oom_jump
 * (util.h), so that an allocation that fails anywhere below ends the call
 * with INTERLEAVE_NOMEM and a message, as Lua's lua_pcall catches its
 * errors; and it installs the engine's allocators for GMP for the length of
 * the call, restoring the caller's after. Reporters write to a stdio stream
 * whose writes go to the caller's writer (fopencookie), so the formatting
 * modules (report.c, swimlane.c) keep writing to a FILE. */
#define _GNU_SOURCE /* fopencookie */
#include "api.h"

#include <gmp.h>
#include <stdio.h>
#include <string.h>

#include "bytecode.h"
#include "limit.h"
#include "loader.h"
#include "outfile.h"

#ifndef IL_VERSION
#define IL_VERSION INTERLEAVE_VERSION
#endif

/* ---- configuration ---------------------------------------------------------- */

static interleave_config config;     /* zero: the defaults */
static char budget_text[64];         /* config.memory_budget_text, copied */

static void to_callback(void *ud, const char *line)
{
    (void)ud;
    if (config.diagnostic) config.diagnostic(config.diagnostic_ud, line);
}

const il_sink il_api_sink = {to_callback, NULL};

void il_api_take(void *dst, size_t dsize, const void *src)
{
    if (!src) return;
    size_t given = *(const size_t *)src; /* every options struct starts with its size */
    memcpy(dst, src, given < dsize ? given : dsize);
    *(size_t *)dst = dsize;
}

void il_api_init(void *dst, size_t size, const void *defaults, size_t dsize)
{
    if (size < sizeof(size_t)) return; /* not even room for the size: nothing to fill */
    memcpy(dst, defaults, size < dsize ? size : dsize);
    *(size_t *)dst = size;
}

const char *interleave_version(void) { return IL_VERSION; }

const char *interleave_status_name(interleave_status s)
{
    switch (s) {
    case INTERLEAVE_OK: return "ok";
    case INTERLEAVE_BAD_INPUT: return "bad input";
    case INTERLEAVE_LIMIT: return "limit";
    case INTERLEAVE_NOMEM: return "out of memory";
    case INTERLEAVE_IO: return "I/O error";
    }
    return "unknown status";
}

void interleave_config_init_(interleave_config *c, size_t size)
{
    interleave_config d = {0};
    il_api_init(c, size, &d, sizeof d);
}

interleave_status interleave_configure(const interleave_config *c)
{
    interleave_config next = {0};
    il_api_take(&next, sizeof next, c);
    if (next.memory_budget && next.memory_budget < INTERLEAVE_MIN_MEMORY) {
        /* said where it was asked; nothing else of next is applied */
        config.diagnostic = next.diagnostic;
        config.diagnostic_ud = next.diagnostic_ud;
        to_callback(NULL, "interleave: error: the memory budget must be at least "
                          INTERLEAVE_MIN_MEMORY_TEXT);
        return INTERLEAVE_BAD_INPUT;
    }
    config = next;
    il_alloc_fn = config.alloc;
    il_alloc_ud = config.alloc_ud;
    budget_text[0] = '\0';
    if (config.memory_budget) {
        if (config.memory_budget_text)
            snprintf(budget_text, sizeof budget_text, "%s", config.memory_budget_text);
        else
            il_format_size(config.memory_budget, budget_text, sizeof budget_text);
        il_limit_memory(config.memory_budget, budget_text);
    }
    config.memory_budget_text = budget_text;
    return INTERLEAVE_OK;
}

const interleave_config *il_api_config(void) { return &config; }

uint64_t interleave_memory_default(void) { return il_memory_default(); }

const char *interleave_memory_budget_text(void) { return budget_text; }

void interleave_request_stop(const char *reason) { il_limit_request_stop(reason); }

const char *interleave_stop_reason(void) { return il_limit_stopped(); }

void interleave_remove_temporaries(void) { il_outfile_unlink_temps(); }

/* ---- the boundary -------------------------------------------------------------- */

/* GMP's allocations (exact counts) fail as ours do, not with abort(). */
static void *gmp_alloc(size_t n) { return il_xmalloc(n); }
static void *gmp_realloc(void *p, size_t old, size_t n)
{
    (void)old;
    return il_xrealloc(p, n);
}
static void gmp_free(void *p, size_t n)
{
    (void)n;
    il_free(p);
}

void il_api_push(il_api_frame *f)
{
    f->outer = il_oom_jump;
    if (f->outer) return; /* a call from a callback: the outermost frame has set things up */
    mp_get_memory_functions(&f->gmp_alloc, &f->gmp_realloc, &f->gmp_free);
    mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
}

void il_api_pop(const il_api_frame *f)
{
    il_oom_jump = f->outer;
    if (!f->outer) mp_set_memory_functions(f->gmp_alloc, f->gmp_realloc, f->gmp_free);
}

void il_api_nomem(const il_api_frame *f)
{
    il_limit_guard(NULL); /* a load's guard, if it was inside one */
    il_memory_uncap();    /* room for the caller to say so and end */
    il_api_pop(f);
    char line[256]; /* not one more allocation: the last one failed */
    snprintf(line, sizeof line, "interleave: error: %s", il_oom_message());
    to_callback(NULL, line);
}

/* ---- writers ------------------------------------------------------------------ */

static ssize_t cookie_write(void *cookie, const char *buf, size_t n)
{
    il_api_out *o = cookie;
    if (o->failed || o->w(o->ud, buf, n) != 0) {
        o->failed = 1;
        return -1;
    }
    return (ssize_t)n;
}

FILE *il_api_out_open(il_api_out *o, interleave_writer w, void *ud)
{
    o->w = w;
    o->ud = ud;
    o->failed = 0;
    cookie_io_functions_t io = {.write = cookie_write};
    FILE *f = fopencookie(o, "w", io);
    if (!f) il_out_of_memory("opening a report stream");
    return f;
}

interleave_status il_api_out_close(FILE *f, il_api_out *o)
{
    int e = fclose(f);
    return e != 0 || o->failed ? INTERLEAVE_IO : INTERLEAVE_OK;
}

interleave_status interleave_write_display(const char *s, interleave_writer w, void *ud)
{
    if (!w) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    il_buf b = {0};
    il_buf_put_display(&b, s);
    interleave_status st = w(ud, b.data, b.len) == 0 ? INTERLEAVE_OK : INTERLEAVE_IO;
    il_buf_free(&b);
    API_LEAVE(st);
}

/* ---- output files ---------------------------------------------------------------- */

void interleave_protect_input(const char *path)
{
    if (!path) return;
    API_ENTER();
    il_outfile_protect(path);
    API_LEAVE_VOID();
}

int interleave_is_input(const char *path) { return path && il_outfile_is_input(path); }

static interleave_status write_error(const char *path, int e)
{
    il_diag d;
    il_diag_init(&d, NULL, &il_api_sink);
    il_diag_say(&d, "error", "cannot write '%s': %s", path, il_outfile_strerror(e));
    return INTERLEAVE_IO;
}

interleave_status interleave_output_probe(const char *path)
{
    if (!path) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    int e = il_outfile_probe(path);
    API_LEAVE(e ? write_error(path, e) : INTERLEAVE_OK);
}

interleave_status interleave_output_write(const char *path, const char *data, size_t len)
{
    if (!path || (len && !data)) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    int e = il_outfile_write(path, data, len);
    API_LEAVE(e ? write_error(path, e) : INTERLEAVE_OK);
}

/* ---- models ---------------------------------------------------------------------- */

interleave_model *il_api_model(il_program *p, il_code *c)
{
    interleave_model *m = il_xcalloc(1, sizeof *m);
    m->prog = p;
    m->code = c;
    return m;
}

/* Loads under the limits' guard: a limit reached while loading (polled from
 * the allocator) or an allocation the budget refuses comes back here. */
static interleave_status load(const char *path, const char *text, size_t len,
                              interleave_print_mode print, interleave_model **out)
{
    *out = NULL;
    il_limit_begin(config.max_seconds); /* the model's clock starts now */
    il_diag d;
    il_diag_init(&d, path, &il_api_sink);
    jmp_buf stop;
    if (setjmp(stop)) return INTERLEAVE_LIMIT; /* what the load held is lost (limit.h) */
    il_limit_guard(&stop);
    il_program *p = text ? il_load_program_text(path, text, len, &d) : il_load_program(path, &d);
    if (!p) {
        il_limit_guard(NULL);
        if (d.errors == 0) il_diag_say(&d, "error", "cannot load '%s'", path);
        return INTERLEAVE_BAD_INPUT;
    }
    il_program_set_print(p, print == INTERLEAVE_PRINT_CPYTHON  ? IL_PRINT_CPYTHON
                            : print == INTERLEAVE_PRINT_ATOMIC ? IL_PRINT_ATOMIC
                                                               : IL_PRINT_DEFAULT);
    il_code *c = il_compile(p, &d);
    il_limit_guard(NULL);
    if (!c) {
        if (d.errors == 0) il_diag_say(&d, "error", "cannot compile '%s'", path);
        il_program_free(p);
        return INTERLEAVE_BAD_INPUT;
    }
    *out = il_api_model(p, c);
    return INTERLEAVE_OK;
}

interleave_status interleave_load(const char *path, interleave_model **out)
{
    if (!out) return INTERLEAVE_BAD_INPUT;
    *out = NULL;
    API_ENTER(INTERLEAVE_NOMEM);
    if (path) il_outfile_protect(path); /* no trace may replace the program */
    API_LEAVE(load(path, NULL, 0, INTERLEAVE_PRINT_PROGRAM, out));
}

void interleave_load_options_init_(interleave_load_options *o, size_t size)
{
    interleave_load_options d = {0};
    il_api_init(o, size, &d, sizeof d);
}

interleave_status interleave_load_with(const char *path, const interleave_load_options *o,
                                       interleave_model **out)
{
    if (!out) return INTERLEAVE_BAD_INPUT;
    *out = NULL;
    interleave_load_options lo = {0};
    il_api_take(&lo, sizeof lo, o);
    if ((unsigned)lo.print > INTERLEAVE_PRINT_CPYTHON) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    if (path) il_outfile_protect(path); /* no trace may replace the program */
    API_LEAVE(load(path, NULL, 0, lo.print, out));
}

interleave_print_mode interleave_model_print(const interleave_model *m)
{
    return m->prog->print == IL_PRINT_CPYTHON ? INTERLEAVE_PRINT_CPYTHON : INTERLEAVE_PRINT_ATOMIC;
}

interleave_status interleave_load_text(const char *path, const char *text, size_t len,
                                       interleave_model **out)
{
    if (!out) return INTERLEAVE_BAD_INPUT;
    *out = NULL;
    if (!text) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    API_LEAVE(load(path ? path : "<input>", text, len, INTERLEAVE_PRINT_PROGRAM, out));
}

void interleave_model_free(interleave_model *m)
{
    if (!m) return;
    il_code_free(m->code);
    il_program_free(m->prog);
    il_free(m);
}

const char *interleave_model_name(const interleave_model *m) { return m->prog->name; }
const char *interleave_model_path(const interleave_model *m) { return m->prog->path; }
size_t interleave_model_thread_count(const interleave_model *m) { return m->code->nthreads; }

const char *interleave_model_thread_name(const interleave_model *m, size_t t)
{
    return t <= m->code->nthreads ? il_step_name(m->code, (uint32_t)t) : NULL;
}

long interleave_model_thread_index(const interleave_model *m, const char *name)
{
    return name ? il_run_thread_index(m->code, name) : -1;
}

interleave_status interleave_model_disasm(const interleave_model *m, interleave_writer w,
                                          void *ud)
{
    if (!w) return INTERLEAVE_BAD_INPUT;
    API_ENTER(INTERLEAVE_NOMEM);
    il_api_out o;
    FILE *f = il_api_out_open(&o, w, ud);
    il_disasm(m->code, f);
    API_LEAVE(il_api_out_close(f, &o));
}
