/* api.h - what the implementation of include/interleave.h shares between
 * its files (api.c, api_explore.c, api_run.c, api_check.c): the handles'
 * insides, the boundary every public call crosses, and writers as stdio
 * streams. Nothing outside the API's own files includes it. */
#ifndef IL_API_H
#define IL_API_H

#include <setjmp.h>
#include <stdio.h>

#include "interleave.h"

#include "compiler.h"
#include "diag.h"
#include "explorer.h"
#include "program.h"
#include "schedule.h"
#include "trace.h"
#include "util.h"

struct interleave_model {
    il_program *prog; /* owned, as is code */
    il_code *code;
};

struct interleave_run {
    il_run run;
    const interleave_model *m; /* borrowed, or owned (below) */
    interleave_model *owned;   /* a replay's: its program, freed with the run */
    il_buf scratch;            /* why_not and enabled: valid until the next call */
    int diverged;              /* a replay that did not reproduce its trace */
    size_t diverged_at;        /* its step (0: the outcome) */
    char *message;             /* its whole diagnostic */
};

/* What an entry saved, to restore on its way out. */
typedef struct il_api_frame {
    jmp_buf *outer; /* the enclosing call's boundary (a callback's call), or NULL */
    void *(*gmp_alloc)(size_t);
    void *(*gmp_realloc)(void *, size_t, size_t);
    void (*gmp_free)(void *, size_t);
} il_api_frame;

void il_api_push(il_api_frame *f);
void il_api_pop(const il_api_frame *f);
/* After the jump: restores as il_api_pop does, lifts the memory cap, and
 * says "interleave: error: out of memory (...)". */
void il_api_nomem(const il_api_frame *f);

/* The boundary, at the top of a public function (after its checks of the
 * arguments, which allocate nothing); on_nomem is what it returns when an
 * allocation fails below. Leave with API_LEAVE(value), whose value is
 * computed inside the boundary. */
#define API_ENTER(on_nomem)                                                    \
    il_api_frame api_frame_;                                                   \
    il_api_push(&api_frame_);                                                  \
    jmp_buf api_jump_;                                                         \
    if (setjmp(api_jump_)) {                                                   \
        il_api_nomem(&api_frame_);                                             \
        return on_nomem;                                                       \
    }                                                                          \
    il_oom_jump = &api_jump_
#define API_LEAVE(value)                                                       \
    do {                                                                       \
        __typeof__(value) api_result_ = (value);                               \
        il_api_pop(&api_frame_);                                               \
        return api_result_;                                                    \
    } while (0)
#define API_LEAVE_VOID()                                                       \
    do {                                                                       \
        il_api_pop(&api_frame_);                                               \
        return;                                                                \
    } while (0)

/* The configuration's diagnostics callback as a sink (diag.h). */
extern const il_sink il_api_sink;
const interleave_config *il_api_config(void);

/* Options structs start with their size: copies what the caller's version
 * has over dst (which holds the defaults). */
void il_api_take(void *dst, size_t dsize, const void *src);
/* Fills a caller's options struct of `size` bytes from the defaults. */
void il_api_init(void *dst, size_t size, const void *defaults, size_t dsize);

/* A writer as a stream (fopencookie): what is written to it goes to w. */
typedef struct il_api_out {
    interleave_writer w;
    void *ud;
    int failed; /* w returned nonzero: nothing more is passed on */
} il_api_out;
FILE *il_api_out_open(il_api_out *o, interleave_writer w, void *ud);
/* Closes the stream: INTERLEAVE_IO when w failed. */
interleave_status il_api_out_close(FILE *f, il_api_out *o);

interleave_model *il_api_model(il_program *p, il_code *c);
interleave_run *il_api_run(const interleave_model *m, interleave_model *owned);

#endif
