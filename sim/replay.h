/* replay.h - replay's engine: where a trace's program is, the program
 * found and loaded, and a run checked step by step against the trace
 * (cli.md, "Trace files"). The `replay` command (sim/cli/replay.c) prints
 * what it finds through include/interleave.h. */
#ifndef IL_REPLAY_H
#define IL_REPLAY_H

#include <stddef.h>

#include "diag.h"
#include "schedule.h"
#include "trace.h"

/* Where a trace's program is: an absolute path as it is; a relative one in
 * the current directory, then in the trace's directory and each directory
 * above it, nearest first. Returns a malloc'd path, or NULL (and the places
 * looked at, in *tried). */
char *il_replay_find_program(const char *trace_path, const char *program, il_buf *tried);

/* Replays tr on the run r (fresh, of the trace's program): every schedule
 * entry must name a thread that can move, every step recorded must match
 * what the step did, and the run must end as the outcome says. Returns 0
 * when it reproduces; 1 at the first divergence, described through d at the
 * trace's position, with *step the step concerned (0: the outcome); 2 when a
 * thread name is unknown to the program (through d too). The steps run so
 * far stay in r's log. */
int il_replay_check(const il_trace *tr, il_run *r, il_diag *d, size_t *step);

/* A trace's program, found, read, checked against the trace's SHA-256,
 * loaded and compiled. Owns what it holds (il_replay_input_free). */
typedef struct il_replay_input {
    char *program_path; /* where it was found (il_replay_find_program) */
    il_buf src;         /* the file's bytes */
    il_program *prog;
    il_code *code;
} il_replay_input;

/* Fills *in for tr. A changed program is refused, or with force replayed
 * after a warning. Returns 0, or -1 after one message through d (the
 * trace's) or, for the program's own errors, through d's sink. */
int il_replay_open(const il_trace *tr, int force, il_diag *d, il_replay_input *in);
void il_replay_input_free(il_replay_input *in);

#endif
