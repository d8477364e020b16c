/* replay.h - the `replay` and `run` commands (cli.md): re-running a saved
 * interleaving and checking every step and the outcome against its trace,
 * and running one interleaving the user chooses. Both print the run as a
 * swimlane (swimlane.h). main.c only dispatches to il_cmd_replay and
 * il_cmd_run; the usage and option texts below are the ones its help prints.
 *
 * Exit status (cli.md): replay 0 reproduced, 1 diverged, 2 malformed trace,
 * missing or changed program; run 0 ok outcome, 1 deadlock or error, 2 bad
 * input (unknown thread, a thread that cannot move), 3 --max-steps reached. */
#ifndef IL_REPLAY_H
#define IL_REPLAY_H

#include <stddef.h>

#include "diag.h"
#include "schedule.h"
#include "trace.h"

#define IL_REPLAY_USAGE "TRACE.yaml [options]"
#define IL_REPLAY_SUMMARY "re-run a saved interleaving, step by step, and verify it"
#define IL_REPLAY_OPTIONS                                                                  \
    "  --step             wait for Enter after each step (end of input: run to the end)\n" \
    "  --force            replay even if the program changed since the trace was made\n"  \
    "  --color=WHEN       never, always or auto (colour when stdout is a terminal)\n"      \
    "  -h, --help         this text\n"                                                     \
    "  A relative program: path in the trace is looked up in the current directory,\n"   \
    "  then in the trace's directory and each directory above it, nearest first.\n"

#define IL_RUN_USAGE "PROGRAM.yaml [options]"
#define IL_RUN_SUMMARY "run one interleaving you choose (--schedule t1,t2,...)"
#define IL_RUN_OPTIONS                                                                     \
    "  --schedule LIST    the thread of each step, comma-separated; when it runs out,\n"   \
    "                     the first thread (in thread order) that can move moves\n"        \
    "  --trace FILE       save the run as a trace file (replay it later)\n"                \
    "  --max-steps N      stop a run that has not ended after N steps (default 1000)\n"   \
    "  --step             wait for Enter after each step (end of input: run to the end)\n" \
    "  --color=WHEN       never, always or auto (colour when stdout is a terminal)\n"      \
    "  -h, --help         this text\n"

int il_cmd_replay(int argc, char **argv);
int il_cmd_run(int argc, char **argv);

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
