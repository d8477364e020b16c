/* fuzz_program.c - libFuzzer target for the program loader: the fuzzed bytes
 * are a program file, read as YAML, its bodies parsed, and compiled (loader.h,
 * parser.h, compiler.h). A program that compiles is then run for a few steps
 * (the first thread that can move moves) so that bytecode the compiler got
 * wrong shows up too. Bad input must end in a message, never in a crash.
 * Built and run by `make fuzz` (tests/fuzz/run.sh). */
#include <stddef.h>
#include <stdint.h>

#include "compiler.h"
#include "loader.h"
#include "schedule.h"

/* fuzz_pyfile.c reuses this target for Python files (pyload.c) */
#ifndef FUZZ_PATH
#define FUZZ_PATH "fuzz.yaml"
#endif

enum { MAX_STEPS = 64 }; /* enough to reach every kind of step, cheap per input */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs up to MAX_STEPS steps, each by the first thread that can move. */
static void run_a_little(const il_code *code, const char *src, size_t len)
{
    il_run r;
    il_run_init(&r, code, src, len);
    for (int k = 0; k < MAX_STEPS && !il_run_ended(&r); k++) {
        uint32_t t = 0;
        while (t < code->nthreads && !il_run_can_move(&r, t)) t++;
        if (t == code->nthreads) break;
        il_run_step(&r, t, NULL);
    }
    il_run_outcome o;
    il_run_outcome_get(&r, &o);
    il_run_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    il_diag d;
    il_diag_init(&d, FUZZ_PATH, NULL);
    il_program *p = il_load_program_text(FUZZ_PATH, text, size, &d);
    if (!p) return 0;
    il_code *c = il_compile(p, &d);
    if (c) run_a_little(c, text, size);
    il_code_free(c);
    il_program_free(p);
    return 0;
}
