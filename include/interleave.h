/* interleave.h - the engine as a library: load a program (YAML, Python's
 * threading vocabulary), explore every interleaving of its threads, read the
 * outcomes with their exact counts and the deadlocks, errors and races some
 * interleaving reaches, run or replay one interleaving, check a program
 * against its expect: block. The `interleave` command is a client of this
 * header and nothing else.
 *
 * Ownership, in one sentence: every handle is made by a function that
 * returns it through an out pointer and freed by the matching *_free
 * (NULL is a no-op), and every string or array an accessor returns belongs
 * to the handle it was read from and lives as long as it (or, where the
 * accessor says so, until the next call on that handle). Strings passed in
 * are copied when kept.
 * Handles borrow what they were made from: an exploration its model, a run
 * made by interleave_run_new its model (a replay's run owns its model), a
 * verdict nothing. Free the borrowers first.
 *
 * Calls return an interleave_status. What went wrong is said through the
 * diagnostics callback of the configuration, one line per message, exactly
 * as the command line prints it ("FILE:LINE:COL: error: ..." for bad input,
 * "interleave: error: ..." otherwise). The engine never prints anything
 * else and never exits: reports go to a writer callback. (An output file
 * named /dev/stdout or /dev/fd/1 is written after fflush(stdout), so that
 * what the caller printed before comes first.)
 *
 * The engine keeps process-wide state (the configuration, the limits, the
 * inputs that outputs may not replace): one call at a time, from one thread.
 *
 * Out of memory: a call that returns INTERLEAVE_NOMEM has abandoned its work
 * where the allocation failed, and the memory it held is not given back;
 * the handles it was passed must not be used again, not even freed. The
 * process should end (the command line exits 4). */
#ifndef INTERLEAVE_H
#define INTERLEAVE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the library exports: built with -fvisibility=hidden, only what this
 * header declares is visible from libinterleave.so. */
#if defined(__GNUC__) || defined(__clang__)
#define IL_API __attribute__((visibility("default")))
#else
#define IL_API
#endif

#define INTERLEAVE_VERSION "0.1.0"
/* The library's version, e.g. "0.1.0" (a build may name a later one). */
IL_API const char *interleave_version(void);

typedef enum interleave_status {
    INTERLEAVE_OK = 0,
    INTERLEAVE_BAD_INPUT, /* a program, trace, option or name is malformed or missing */
    INTERLEAVE_LIMIT,     /* a limit (states, seconds, memory) or a stop request stopped it */
    INTERLEAVE_NOMEM,     /* an allocation failed (see above) */
    INTERLEAVE_IO         /* a file could not be written, or a writer returned nonzero */
} interleave_status;

/* "ok", "bad input", "limit", "out of memory", "I/O error". */
IL_API const char *interleave_status_name(interleave_status s);

/* ---- callbacks ------------------------------------------------------------ */

/* Called as realloc(ptr, size) would be: ptr NULL for a new block, size 0
 * to give ptr back (the engine returns every block it takes through it,
 * also GMP's; libyaml and the C library keep their own memory). Returns
 * NULL to refuse a block, and the call in progress then returns
 * INTERLEAVE_NOMEM. Its blocks need not be the C library's; configure it
 * before the first call and keep it while any handle lives. */
typedef void *(*interleave_alloc)(void *ud, void *ptr, size_t size);

/* One diagnostic line, without its newline. */
typedef void (*interleave_diagnostic)(void *ud, const char *line);

/* Output of the reporters, in pieces of len bytes (not NUL-terminated).
 * Returns 0, or nonzero to fail the report with INTERLEAVE_IO. */
typedef int (*interleave_writer)(void *ud, const char *data, size_t len);

/* ---- configuration ---------------------------------------------------------- */

typedef struct interleave_config {
    size_t size;                      /* set by interleave_config_init */
    interleave_alloc alloc;           /* default NULL: the C library's realloc */
    void *alloc_ud;
    interleave_diagnostic diagnostic; /* default: NULL, messages are dropped */
    void *diagnostic_ud;
    /* The memory the process may use from now on, in bytes (at least
     * INTERLEAVE_MIN_MEMORY; default 0: no budget). Allocations past it
     * fail (the soft data limit is lowered), explorations stop cleanly
     * near it (their graph within five eighths of it), loading stops at it
     * (INTERLEAVE_LIMIT). */
    uint64_t memory_budget;
    /* The budget as messages show it, "16M"; NULL: formatted from the
     * bytes. Copied. */
    const char *memory_budget_text;
    /* Seconds each model may take, counted from the start of its load:
     * loading, exploring and writing its traces stop at it (default 0:
     * no deadline). */
    double max_seconds;
} interleave_config;

/* The smallest memory budget: nothing can be explored in less. */
#define INTERLEAVE_MIN_MEMORY ((uint64_t)1 << 20)
#define INTERLEAVE_MIN_MEMORY_TEXT "1M"

/* Fills *c with the defaults. The size argument (given by the macro) lets
 * a caller compiled against an older, smaller struct keep working. */
#define interleave_config_init(c) interleave_config_init_((c), sizeof *(c))
IL_API void interleave_config_init_(interleave_config *c, size_t size);

/* Makes c the configuration of the calls that follow (copied). Without a
 * call, the defaults apply. Applying a budget caps the process's data
 * from now on, so call it once, before loading. INTERLEAVE_BAD_INPUT for a
 * budget below the minimum. */
IL_API interleave_status interleave_configure(const interleave_config *c);

/* 75% of the memory this process can have: physical RAM, or less under a
 * cgroup memory limit or a ulimit -v / -d (the command line's default). */
IL_API uint64_t interleave_memory_default(void);

/* The configured budget as messages show it ("16M"), "" without one. */
IL_API const char *interleave_memory_budget_text(void);

/* Asks the calls running or to come to stop as a limit does (their
 * results say stopped_by reason; reason is a static string such as
 * "SIGINT"). Async-signal-safe: for a signal handler. */
IL_API void interleave_request_stop(const char *reason);

/* Why the last limit or stop request stopped a call ("--max-states",
 * "--max-seconds", "--max-memory", a stop request's reason), or NULL. A
 * new load forgets a limit's stop, never a stop request. */
IL_API const char *interleave_stop_reason(void);

/* Unlinks the temporary files being written (output files are written to
 * a temporary and renamed into place): for a signal handler that is about
 * to end the process. Async-signal-safe. */
IL_API void interleave_remove_temporaries(void);

/* ---- output files --------------------------------------------------------------- */

/* Records path as an input of the run: no output file (trace, report) may
 * replace it, however it is spelt (same device and inode). Loading a
 * program or a trace records it too. */
IL_API void interleave_protect_input(const char *path);
/* 1 when path names a recorded input. */
IL_API int interleave_is_input(const char *path);

/* Whether path could be written, before the work that produces it: ok, or
 * INTERLEAVE_IO after "interleave: error: cannot write 'PATH': REASON". */
IL_API interleave_status interleave_output_probe(const char *path);

/* Writes len bytes to path, whole or not at all (a temporary renamed into
 * place; an old file stays on failure): ok, or INTERLEAVE_IO after
 * "interleave: error: cannot write 'PATH': REASON" (the reason for an
 * input is "it is an input of this run"). */
IL_API interleave_status interleave_output_write(const char *path, const char *data,
                                                 size_t len);

/* Writes s (NULL: "") fit for a terminal: control bytes, bytes that are
 * not UTF-8 and a backslash escaped (\x1b, \\), so a user's name can
 * neither send escape sequences nor pass for another. */
IL_API interleave_status interleave_write_display(const char *s, interleave_writer w, void *ud);

/* ---- models ------------------------------------------------------------------ */

/* A program, loaded, checked and compiled. */
typedef struct interleave_model interleave_model;

/* Loads the program file at path (only a regular file, or /dev/stdin).
 * INTERLEAVE_BAD_INPUT after its FILE:LINE:COL message; INTERLEAVE_LIMIT
 * when the deadline, the budget or a stop request stopped the load (what
 * it held is lost: end the run; interleave_stop_reason says why). Starts
 * the model's deadline (interleave_config.max_seconds). */
IL_API interleave_status interleave_load(const char *path, interleave_model **out);
/* The same from len bytes in memory; path names them in messages. */
IL_API interleave_status interleave_load_text(const char *path, const char *text, size_t len,
                                              interleave_model **out);
IL_API void interleave_model_free(interleave_model *m);

/* How print() writes (python.md F3). */
typedef enum interleave_print_mode {
    INTERLEAVE_PRINT_PROGRAM = 0, /* as the program's `print:` key says (absent: atomic) */
    INTERLEAVE_PRINT_ATOMIC,      /* a print is one step (--print=atomic) */
    INTERLEAVE_PRINT_CPYTHON      /* CPython's (--print=cpython): the arguments are read in the
                                     print's step(s), its text and its end are written in two
                                     more steps, so lines can be late or torn */
} interleave_print_mode;

typedef struct interleave_load_options {
    size_t size;                /* set by interleave_load_options_init */
    interleave_print_mode print;
} interleave_load_options;

#define interleave_load_options_init(o) interleave_load_options_init_((o), sizeof *(o))
IL_API void interleave_load_options_init_(interleave_load_options *o, size_t size);
/* interleave_load with options (o NULL: the defaults, interleave_load's). */
IL_API interleave_status interleave_load_with(const char *path, const interleave_load_options *o,
                                              interleave_model **out);
/* The mode m's prints were compiled in: ATOMIC or CPYTHON. */
IL_API interleave_print_mode interleave_model_print(const interleave_model *m);

IL_API const char *interleave_model_name(const interleave_model *m); /* name: or the file's */
IL_API const char *interleave_model_path(const interleave_model *m); /* as given */
/* Threads, as instances: `count: 3` of t is t0, t1, t2. Index
 * thread_count stands for the shutdown step (python.md F1: once no
 * non-daemon thread runs, the daemons go on until it is taken), named
 * "<shutdown>": runs take it as a thread's step, and schedules name it. */
IL_API size_t interleave_model_thread_count(const interleave_model *m);
IL_API const char *interleave_model_thread_name(const interleave_model *m, size_t t);
/* The index of the thread with that name (thread_count for "<shutdown>"), or -1. */
IL_API long interleave_model_thread_index(const interleave_model *m, const char *name);
/* The compiled bytecode, for people (a debugging aid). */
IL_API interleave_status interleave_model_disasm(const interleave_model *m, interleave_writer w,
                                                 void *ud);

/* ---- explorations ---------------------------------------------------------------- */

typedef struct interleave_explore_options {
    size_t size;          /* set by interleave_explore_options_init */
    uint64_t max_states;  /* stop after this many states (0: as many as fit in the budget) */
    int no_races;         /* skip data-race detection */
    int no_symmetry;      /* explore interchangeable threads one by one */
    int no_counts;        /* no counts: a reduced graph with every outcome and finding */
    int compact;          /* keep 64-bit fingerprints, not states */
    int list;             /* keep what IL_REPORT_LIST needs (implies no_symmetry) */
    int has_bound;        /* only interleavings with at most bound preemptions */
    uint32_t bound;
    uint64_t random;      /* this many random interleavings instead of all (0: off) */
    uint64_t seed;        /* of random */
} interleave_explore_options;

#define interleave_explore_options_init(o) interleave_explore_options_init_((o), sizeof *(o))
IL_API void interleave_explore_options_init_(interleave_explore_options *o, size_t size);

/* What an exploration found. */
typedef struct interleave_exploration interleave_exploration;

/* Explores every interleaving of m (or those o asks for; o NULL: the
 * defaults). INTERLEAVE_OK: complete, or partial as asked (bound, random);
 * INTERLEAVE_LIMIT: a limit stopped it, and *out holds what was found;
 * INTERLEAVE_BAD_INPUT for options that do not combine (random with bound,
 * no_counts with either, list with no_counts, compact or random). */
IL_API interleave_status interleave_explore(const interleave_model *m,
                                            const interleave_explore_options *o,
                                            interleave_exploration **out);
IL_API void interleave_exploration_free(interleave_exploration *x);

IL_API int interleave_complete(const interleave_exploration *x);      /* every interleaving seen */
/* Why it is incomplete: "--max-states", "--max-seconds", "--max-memory", a
 * stop request's reason; NULL when no limit stopped it. */
IL_API const char *interleave_stopped_by(const interleave_exploration *x);
/* NULL when the exploration itself stopped; "writing traces" when what
 * came after it did. */
IL_API const char *interleave_stopped_in(const interleave_exploration *x);
/* "--bound" or "--random" when only part was asked for, else NULL. */
IL_API const char *interleave_partial(const interleave_exploration *x);
/* The number of interleavings, in decimal, or "infinite" (a program that
 * can run forever); NULL under no_counts. */
IL_API const char *interleave_interleavings(const interleave_exploration *x);
IL_API uint64_t interleave_states(const interleave_exploration *x);
IL_API uint64_t interleave_transitions(const interleave_exploration *x);
IL_API double interleave_seconds(const interleave_exploration *x);

/* Outcomes: distinct (status, printed output, final values), sorted as the
 * reports list them; i < interleave_outcome_count. */
typedef enum interleave_outcome_status {
    INTERLEAVE_OUTCOME_OK,       /* every thread finished */
    INTERLEAVE_OUTCOME_ERROR,    /* some thread failed (an exception, an assert) */
    INTERLEAVE_OUTCOME_DEADLOCK  /* threads remain and none can move */
} interleave_outcome_status;

IL_API size_t interleave_outcome_count(const interleave_exploration *x);
IL_API interleave_outcome_status interleave_outcome_status_of(const interleave_exploration *x,
                                                              size_t i);
/* Its interleavings (runs, under random), in decimal, or "infinite"; NULL
 * under no_counts. */
IL_API const char *interleave_outcome_interleavings(const interleave_exploration *x, size_t i);
IL_API size_t interleave_outcome_output_count(const interleave_exploration *x, size_t i);
IL_API const char *interleave_outcome_output(const interleave_exploration *x, size_t i,
                                             size_t line);
/* The final shared values, "x=1 forks=[0,1]". */
IL_API const char *interleave_outcome_final(const interleave_exploration *x, size_t i);

/* Findings: what some interleaving reaches and no program should. */
typedef enum interleave_finding {
    INTERLEAVE_FINDING_DEADLOCK, /* a set of blocked threads */
    INTERLEAVE_FINDING_ERROR,    /* a thread's exception or failed assert */
    INTERLEAVE_FINDING_RACE      /* two unordered accesses to one location, one a write */
} interleave_finding;

IL_API size_t interleave_finding_count(const interleave_exploration *x, interleave_finding kind);
/* One line: "t1 at line 14 waiting for lock b; t2 at line 18 waiting for
 * lock a", "t1: ZeroDivisionError at line 5: integer division or modulo by
 * zero", "race on x: t1 reads it at line 10, t2 writes it at line 17". */
IL_API const char *interleave_finding_text(const interleave_exploration *x,
                                           interleave_finding kind, size_t i);

/* Schedules: the threads taking each step (names), of the shortest
 * interleaving that reaches the outcome, or the finding (for a race, its
 * last two steps are the two accesses). *threads belongs to x. */
IL_API interleave_status interleave_outcome_schedule(const interleave_exploration *x, size_t i,
                                                     const char *const **threads, size_t *n);
IL_API interleave_status interleave_finding_schedule(const interleave_exploration *x,
                                                     interleave_finding kind, size_t i,
                                                     const char *const **threads, size_t *n);

/* Writes DIR/<program>/outcome-N.yaml, deadlock-N.yaml, error-N.yaml and
 * race-N.yaml, one trace per outcome and finding (the shortest whole
 * interleaving to it), removing numbered traces beyond them that an
 * earlier run left; the reports then name them. *written: how many;
 * *subdir: DIR/<program> (belongs to x). INTERLEAVE_LIMIT: a limit
 * stopped the writing (those written stay; x now says stopped_in "writing
 * traces"); INTERLEAVE_IO or INTERLEAVE_BAD_INPUT (a trace would replace an
 * input, or be too large to replay) after a message. */
IL_API interleave_status interleave_write_traces(interleave_exploration *x, const char *dir,
                                                 size_t *written, const char **subdir);
/* The trace written for an outcome or finding, or NULL. */
IL_API const char *interleave_outcome_trace(const interleave_exploration *x, size_t i);
IL_API const char *interleave_finding_trace(const interleave_exploration *x,
                                            interleave_finding kind, size_t i);

/* ---- reports ------------------------------------------------------------------ */

typedef enum interleave_report_format {
    INTERLEAVE_REPORT_TABLE, /* for people: the outcome table, then the findings */
    INTERLEAVE_REPORT_JSON,  /* the JSON report of cli.md */
    INTERLEAVE_REPORT_LIST   /* each interleaving, one a line (needs options.list) */
} interleave_report_format;

typedef struct interleave_report_options {
    size_t size;                     /* set by interleave_report_options_init */
    interleave_report_format format; /* default TABLE */
    int color;                       /* ANSI colours (TABLE) */
    int all_races;                   /* TABLE: one line a race pair, not one a location */
    uint64_t limit;                  /* LIST: at most this many (default 100) */
} interleave_report_options;

#define interleave_report_options_init(o) interleave_report_options_init_((o), sizeof *(o))
IL_API void interleave_report_options_init_(interleave_report_options *o, size_t size);

/* Writes x's report through w (o NULL: the defaults). */
IL_API interleave_status interleave_report(const interleave_exploration *x,
                                           const interleave_report_options *o,
                                           interleave_writer w, void *ud);
/* The report of an exploration of the program at path that a limit stopped
 * while loading it (interleave_load returned INTERLEAVE_LIMIT): nothing
 * explored, stopped_by interleave_stop_reason(). eo: the options asked for
 * (NULL: the defaults). */
IL_API interleave_status interleave_report_unloaded(const char *path,
                                                    const interleave_explore_options *eo,
                                                    const interleave_report_options *o,
                                                    interleave_writer w, void *ud);

/* ---- runs: one interleaving ------------------------------------------------------ */

/* A run of a model's threads under a schedule chosen step by step, with a
 * log of every step (line, code, reads, writes, output, error). */
typedef struct interleave_run interleave_run;

IL_API interleave_status interleave_run_new(const interleave_model *m, interleave_run **out);
IL_API void interleave_run_free(interleave_run *r);
IL_API const interleave_model *interleave_run_model(const interleave_run *r);

/* Takes the steps of a schedule as people write it: thread names
 * separated by commas and/or blanks ("t1,t1, t2"). INTERLEAVE_BAD_INPUT
 * after "interleave: error: LABEL: entry 3 is empty ...", "...: entry 2:
 * no thread 'x' (threads: t1, t2)" (nothing taken), or "step 3: t2 cannot
 * move (blocked on lock b); enabled: t1" (the steps before it taken). */
IL_API interleave_status interleave_run_follow(interleave_run *r, const char *schedule,
                                               const char *label);
/* Every thread has finished (or the shutdown step was taken), or none can move. */
IL_API int interleave_run_ended(interleave_run *r);
IL_API int interleave_run_can_move(interleave_run *r, size_t thread);
/* Takes thread's next step; INTERLEAVE_BAD_INPUT (nothing said) when it
 * cannot move or there is no such thread. */
IL_API interleave_status interleave_run_step(interleave_run *r, size_t thread);
/* Why thread cannot move: "blocked on lock m", "finished", ... (valid
 * until the next call on r). */
IL_API const char *interleave_run_why_not(interleave_run *r, size_t thread);
/* "t1, t2": the threads that can move, or "none" (valid until the next
 * call on r). */
IL_API const char *interleave_run_enabled(interleave_run *r);
IL_API size_t interleave_run_length(const interleave_run *r);
IL_API size_t interleave_run_step_thread(const interleave_run *r, size_t step);
/* How it ended, or would if it ended now. */
IL_API interleave_outcome_status interleave_run_status(interleave_run *r);

/* Saves the run as a trace file for replay (the model's path and SHA-256,
 * every step, the outcome once it has ended). INTERLEAVE_IO or
 * INTERLEAVE_BAD_INPUT (path is an input, the trace would be too large to
 * replay) after a message; INTERLEAVE_LIMIT. */
IL_API interleave_status interleave_run_write_trace(interleave_run *r, const char *path);

typedef struct interleave_lane_options {
    size_t size;    /* set by interleave_lane_options_init */
    int color;      /* ANSI colours */
    int width;      /* columns to fit in (default 120) */
    /* Called between rows (with pause_ud), all output so far written: to
     * let a person read the run step by step. NULL: no pause. */
    void (*pause)(void *pause_ud);
    void *pause_ud;
} interleave_lane_options;

#define interleave_lane_options_init(o) interleave_lane_options_init_((o), sizeof *(o))
IL_API void interleave_lane_options_init_(interleave_lane_options *o, size_t size);

/* The run as a swimlane: a column per thread, a row per step, and a last
 * row for the threads a deadlock blocks. */
IL_API interleave_status interleave_run_report(interleave_run *r, const interleave_lane_options *o,
                                               interleave_writer w, void *ud);
/* "outcome: ok   output: 1 1   final: x=1", and a line per error. */
IL_API interleave_status interleave_run_report_outcome(interleave_run *r, int color,
                                                       interleave_writer w, void *ud);

/* ---- traces and replay ------------------------------------------------------------- */

/* A trace file, read and checked for shape. */
typedef struct interleave_trace interleave_trace;

IL_API interleave_status interleave_trace_load(const char *path, interleave_trace **out);
IL_API void interleave_trace_free(interleave_trace *t);
IL_API const char *interleave_trace_path(const interleave_trace *t);
IL_API size_t interleave_trace_length(const interleave_trace *t); /* schedule entries */
/* 1 when the trace says the run goes on (status: unfinished). */
IL_API int interleave_trace_unfinished(const interleave_trace *t);

typedef struct interleave_replay_options {
    size_t size; /* set by interleave_replay_options_init */
    int force;   /* replay a program whose SHA-256 changed (with a warning) */
} interleave_replay_options;

#define interleave_replay_options_init(o) interleave_replay_options_init_((o), sizeof *(o))
IL_API void interleave_replay_options_init_(interleave_replay_options *o, size_t size);

/* Finds t's program (an absolute path as it is; a relative one in the
 * current directory, then in the trace's directory and each above it),
 * checks its SHA-256, loads it and re-runs the schedule, comparing every
 * step and the outcome. INTERLEAVE_OK: *out is the run as far as it went,
 * owning its model; interleave_run_diverged says whether it reproduced.
 * INTERLEAVE_BAD_INPUT after a message: program missing, changed,
 * malformed; a thread the program does not have. */
IL_API interleave_status interleave_replay(const interleave_trace *t,
                                           const interleave_replay_options *o,
                                           interleave_run **out);
/* 0 when the replay reproduced the trace; 1 when it diverged, with *step
 * the step concerned (0: the outcome) and *message the whole diagnostic,
 * "TRACE:LINE:COL: error: step 3: ..." (not sent to the callback). */
IL_API int interleave_run_diverged(const interleave_run *r, size_t *step, const char **message);

/* ---- check: a program against its expect: block ----------------------------------- */

/* A check run over several programs: where their traces go. */
typedef struct interleave_checker interleave_checker;

/* Traces of differences go under traces_dir/NAME/ (NAME-2, ... when two
 * programs share a name); NULL: a new /tmp/interleave-check-XXXXXX, made
 * when the first trace is. */
IL_API interleave_status interleave_checker_new(const char *traces_dir, interleave_checker **out);
IL_API void interleave_checker_free(interleave_checker *c);

typedef struct interleave_check_options {
    size_t size;         /* set by interleave_check_options_init */
    uint64_t max_states; /* stop exploring after this many states (0: as fit the budget) */
    interleave_print_mode print; /* default: each program's own */
} interleave_check_options;

#define interleave_check_options_init(o) interleave_check_options_init_((o), sizeof *(o))
IL_API void interleave_check_options_init_(interleave_check_options *o, size_t size);

typedef enum interleave_verdict_kind {
    INTERLEAVE_VERDICT_PASS,  /* every expectation holds */
    INTERLEAVE_VERDICT_FAIL,  /* some differ, or cannot be confirmed (no expect:, a limit) */
    INTERLEAVE_VERDICT_ERROR  /* bad input: the program could not be checked */
} interleave_verdict_kind;

/* One program's verdict. */
typedef struct interleave_verdict interleave_verdict;

/* Loads, explores and compares the program at path with its expect:
 * block, writing a trace for each difference an interleaving demonstrates.
 * INTERLEAVE_OK: *out is the verdict (bad input in the program is an
 * ERROR verdict, after its message). INTERLEAVE_LIMIT: a limit stopped
 * loading it; *out is a FAIL verdict, and the memory the load held is lost:
 * end the run. */
IL_API interleave_status interleave_check(interleave_checker *c, const char *path,
                                          const interleave_check_options *o,
                                          interleave_verdict **out);
IL_API void interleave_verdict_free(interleave_verdict *v);

IL_API interleave_verdict_kind interleave_verdict_kind_of(const interleave_verdict *v);
/* The program's name, or its path when it did not load. */
IL_API const char *interleave_verdict_name(const interleave_verdict *v);
/* One line: "70 interleavings, 3 outcomes", the first difference, or the error. */
IL_API const char *interleave_verdict_message(const interleave_verdict *v);
/* Every difference, one a line, each with " (trace: PATH)" or " (no trace:
 * WHY)" when an interleaving shows it; NULL unless FAIL. */
IL_API const char *interleave_verdict_detail(const interleave_verdict *v);
IL_API double interleave_verdict_seconds(const interleave_verdict *v); /* exploring */
/* 1 when it failed only because a limit stopped the exploration. */
IL_API int interleave_verdict_incomplete(const interleave_verdict *v);
/* "checked: outputs, races": the forms of expect: compared ("checked:
 * nothing"); NULL for an ERROR. */
IL_API const char *interleave_verdict_checked(const interleave_verdict *v);
/* The exploration's stopped_by and states (NULL and 0 when none ran). */
IL_API const char *interleave_verdict_stopped_by(const interleave_verdict *v);
IL_API uint64_t interleave_verdict_states(const interleave_verdict *v);

#ifdef __cplusplus
}
#endif

#endif
