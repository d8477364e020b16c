/* fuzz_trace.c - libFuzzer target for the trace reader and replay: the
 * fuzzed bytes are a trace file (trace.h). One that reads is replayed
 * (replay.h) against the program its `program:` names, as `replay --force`
 * would (the hash is not checked, so mutated traces reach the step checks),
 * and the run is printed as a swimlane to /dev/null. No trace may make
 * replay read out of bounds. The programs are those of programs/, compiled
 * once at start; a name that matches none replays against lost_update.yaml.
 * Built and run by `make fuzz` (tests/fuzz/run.sh). */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "loader.h"
#include "replay.h"
#include "swimlane.h"
#include "trace.h"

/* Messages about the inputs, on stderr (diag.h). */
static void say(void *ud, const char *line)
{
    (void)ud;
    fprintf(stderr, "%s\n", line);
}
static const il_sink to_stderr = {say, NULL};

#ifndef IL_FUZZ_ROOT
#define IL_FUZZ_ROOT "."
#endif

enum { MAX_PROGRAMS = 64 };

/* One program of programs/, ready to replay against. */
typedef struct fprog {
    char *base;     /* file name, "lost_update.yaml" */
    il_buf src;     /* its bytes (the swimlane quotes its lines) */
    il_program *prog;
    il_code *code;
} fprog;

/* Set once by LLVMFuzzerInitialize, read-only afterwards: the one place a
 * fuzz target cannot avoid state that outlives a call. */
static fprog progs[MAX_PROGRAMS];
static size_t nprogs, fallback;
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = IL_FUZZ_ROOT "/programs";
    DIR *dp = opendir(dir);
    if (!dp) {
        fprintf(stderr, "fuzz_trace: cannot open %s\n", dir);
        exit(1);
    }
    char *names[MAX_PROGRAMS];
    size_t n = 0;
    for (struct dirent *e; (e = readdir(dp)) && n < MAX_PROGRAMS;) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0) names[n++] = il_xstrdup(e->d_name);
    }
    closedir(dp);
    qsort(names, n, sizeof names[0], by_name);
    for (size_t i = 0; i < n; i++) {
        fprog *p = &progs[nprogs];
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        il_diag d;
        il_diag_init(&d, path, &to_stderr);
        if (il_trace_read_file(path, &p->src) != 0) {
            fprintf(stderr, "fuzz_trace: cannot read %s\n", path);
            exit(1);
        }
        p->prog = il_load_program_text(path, p->src.data, p->src.len, &d);
        p->code = p->prog ? il_compile(p->prog, &d) : NULL;
        if (!p->code) exit(1);
        p->base = names[i];
        if (strcmp(names[i], "lost_update.yaml") == 0) fallback = nprogs;
        nprogs++;
    }
    if (!nprogs) {
        fprintf(stderr, "fuzz_trace: no programs in %s\n", dir);
        exit(1);
    }
    devnull = fopen("/dev/null", "w");
    if (!devnull) exit(1);
    return 0;
}

/* The program whose file name ends the trace's program: path. */
static const fprog *find(const char *program)
{
    const char *slash = strrchr(program, '/');
    const char *base = slash ? slash + 1 : program;
    for (size_t i = 0; i < nprogs; i++)
        if (strcmp(progs[i].base, base) == 0) return &progs[i];
    return &progs[fallback];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    il_diag d;
    il_diag_init(&d, "fuzz-trace.yaml", NULL);
    il_trace *tr = il_trace_load_text("fuzz-trace.yaml", (const char *)data, size, &d);
    if (!tr) return 0;
    const fprog *p = find(tr->program);
    il_run r;
    il_run_init(&r, p->code, p->src.data, p->src.len);
    size_t at;
    int rc = il_replay_check(tr, &r, &d, &at);
    if (rc != 2) {
        /* what `replay` prints: the swimlane, the outcome, the verdict */
        il_lane *l = il_lane_new(&r, 1, 100);
        il_lane_header(l, devnull);
        for (size_t i = 0; i < r.steps.len; i++) il_lane_row(l, devnull, i);
        il_lane_blocked(l, devnull);
        il_lane_free(l);
        if (il_run_ended(&r)) {
            il_run_outcome o;
            il_run_outcome_get(&r, &o);
            il_lane_outcome(devnull, p->code, &o, 1);
        }
        fprintf(devnull, "%s %zu\n", d.first, at);
    }
    il_run_free(&r);
    il_trace_free(tr);
    return 0;
}
