/* trace.h - trace files (cli.md, "Trace files"): one interleaving saved as
 * YAML so that `replay` can re-run it step by step and check it.
 * Writing runs the program under the schedule with an observer to record each
 * step's line, code, reads, writes and output; the YAML is emitted with
 * libyaml's emitter. Reading checks the file's shape (types, known keys,
 * step numbers) and keeps each value's position for replay's messages; what
 * the values must be is replay's business (replay.h). */
#ifndef IL_TRACE_H
#define IL_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "bytecode.h"
#include "diag.h"
#include "schedule.h"
#include "util.h"

/* The explorer's (explorer.h), for il_trace_write_all only: a trace file
 * is of one run, and does not need the explorer to be read or written. */
typedef struct il_explorer il_explorer;
typedef struct il_result il_result;

#define IL_TRACE_VERSION 1

/* What the writers return for a file or directory that cannot be written
 * (reported as `interleave: error: cannot write 'PATH': ...`); other
 * failures (bad input, an output that is an input) are -1. */
#define IL_TRACE_IO (-2)
/* What they return when a limit or a signal stopped them (limit.h): nothing
 * written, nothing said. */
#define IL_TRACE_LIMIT (-3)

/* The largest trace file, for the reader and the writers alike: replay
 * reads no more (and needs about 20 times as much memory for what it
 * reads), so a trace that would be larger is not written (an error) rather
 * than written and then refused. About 900,000 short steps. */
#define IL_TRACE_MAX_BYTES ((size_t)64 << 20)

/* Writes the trace of `schedule` (thread indices, n steps) of code->prog,
 * whose file is at program_path, to out_path (creating parent directories).
 * The trace is of the bytes code->prog was loaded from, and their SHA-256,
 * not of the file as it is now. Returns 0, -1 or IL_TRACE_IO after
 * reporting through d, or IL_TRACE_LIMIT. */
int il_trace_write(const char *out_path, const il_code *code, const char *program_path,
                   const uint32_t *schedule, size_t n, il_diag *d);

/* The same for a run already made: its log and where it stands. `program`
 * is written as the trace's program: path, sha256_hex (64 hex digits) as
 * its program_sha256. The outcome is written when the run has ended.
 * IL_TRACE_LIMIT as above when a limit stopped it. */
int il_trace_write_run(const char *out_path, il_run *r, const char *program,
                       const char *sha256_hex, il_diag *d);

/* `explore --traces DIR`: writes DIR/<program>/outcome-N.yaml,
 * deadlock-N.yaml, error-N.yaml and race-N.yaml, one per outcome and finding
 * of res, N in the report's order, each the shortest interleaving that
 * reaches it (an error's or a race's run is continued by the shortest way to
 * its end, so that every trace is a whole interleaving). Records the paths
 * (allocated in arena) in x's result (il_explorer_set_trace) and *subdir to
 * DIR/<program>. Numbered traces left from an earlier run (beyond the new
 * numbers) are removed, so the directory holds exactly this run's. Returns
 * the number of files written, or -1 or IL_TRACE_IO after reporting through
 * d. A limit or a signal (limit.h) stops it between traces and within long
 * ones: the traces written so far stay (and no older numbered ones beyond
 * them), the others keep a NULL `trace` field, and il_limit_stopped() says
 * why. */
long il_trace_write_all(const char *dir, il_explorer *x, const il_result *res,
                        const il_code *code, const char *program_path, il_arena *arena,
                        const char **subdir, il_diag *d);

/* Reads a whole file (to EOF, so pipes work too; at most 64 MiB) into out.
 * 0, or -1 with errno set. */
int il_trace_read_file(const char *path, il_buf *out);

/* SHA-256 of n bytes as 64 lowercase hex digits and a NUL. */
void il_trace_sha256(const void *data, size_t n, char hex[65]);

/* ---- reading ------------------------------------------------------------ */

/* A position in the trace file (1-based), for messages. */
typedef struct il_tpos {
    int line, col;
} il_tpos;

/* One entry of `steps:`. Strings are NULL when the key is absent; reads and
 * writes are kept as "x=0, forks[2]=1" (written order), the form replay
 * compares and prints. */
typedef struct il_trace_step {
    il_tpos at;           /* the step's mapping */
    long step;            /* 1-based step number */
    const char *thread;   il_tpos thread_at;
    long line;            il_tpos line_at;   /* -1 when absent */
    const char *code;     il_tpos code_at;
    const char *reads;    il_tpos reads_at;  /* NULL: no `reads` (nothing read) */
    const char *writes;   il_tpos writes_at;
    const char *output;   il_tpos output_at;
    const char *error;    il_tpos error_at;
} il_trace_step;

typedef struct il_trace_outcome {
    il_tpos at;
    const char *status;   il_tpos status_at;     /* ok, error or deadlock */
    int has_output;       il_tpos output_at;
    size_t noutput;
    const char **output;
    const char *final;    il_tpos final_at;      /* "x=1 forks=[0,1]"; NULL: absent */
    size_t nerrors;       il_tpos errors_at;     /* absent = none */
    const char **errors;
    const char *blocked;  il_tpos blocked_at;    /* "t1 at line 14 waiting for lock b; ..."; NULL: none */
} il_trace_outcome;

typedef struct il_trace {
    il_arena arena;       /* owns the arrays and formatted strings below */
    il_arena tree_arena;  /* the file's strings, which the fields point into */
    const char *path;     /* the trace file, as given */
    const char *program;  il_tpos program_at;
    const char *sha256;   il_tpos sha256_at;     /* lowercase */
    /* print: atomic | cpython (python.md F3), the mode the run was made in;
     * IL_PRINT_DEFAULT when absent: the program's own */
    il_print_mode print;  il_tpos print_at;
    il_tpos schedule_at;
    size_t nschedule;
    const char **schedule; /* thread names */
    il_tpos *schedule_pos; /* each entry's position */
    size_t nsteps;
    il_trace_step *steps; /* strictly increasing step numbers within the schedule */
    int has_outcome;      /* a run that never ends has none */
    il_trace_outcome outcome;
} il_trace;

/* Reads a trace file. NULL after one `FILE:LINE:COL: error:` through d. */
il_trace *il_trace_load(const char *path, il_diag *d);
/* The same from bytes; path is used for messages. */
il_trace *il_trace_load_text(const char *path, const char *text, size_t len, il_diag *d);
void il_trace_free(il_trace *t);

/* The forms replay compares (shared with the reader so both sides agree):
 * "x=0, forks[2]=1" for a step's reads or writes, "x=1 forks=[0,1]" for a
 * final state, "t1 at line 14 waiting for lock b; ..." for blocked threads. */
void il_trace_fmt_access(il_buf *b, const il_code *c, const il_step_rec *s, int writes);
void il_trace_fmt_final(il_buf *b, const il_program *p, const int64_t *final);
void il_trace_fmt_blocked(il_buf *b, const il_run_outcome *o);

#endif
