/* main.c - the command line of cli.md. Each command is a row of one const
 * table (name, usage, help text, exec), as tmux does, so adding `replay`,
 * `check` and `run` later is adding rows, not editing a dispatcher. A
 * command parses its own options and returns the exit status:
 *   0 nothing wrong found, 1 a problem was found, 2 bad input or usage,
 *   3 a resource limit stopped it, 4 an internal failure (out of memory),
 *   5 an output file or stdout could not be written (an I/O error), 130 and
 *   143 stopped by SIGINT / SIGTERM (stop.h).
 * Usage errors print `interleave: error: ...` and a hint on stderr and never
 * anything on stdout, so a script reading stdout sees a report or nothing. */
#include <errno.h>
#include <gmp.h>
#include <inttypes.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "compiler.h"
#include "diag.h"
#include "explorer.h"
#include "interleave.h"
#include "limit.h"
#include "loader.h"
#include "outfile.h"
#include "program.h"
#include "replay.h"
#include "report.h"
#include "stop.h"
#include "trace.h"
#include "util.h"

/* The build may pass -DIL_VERSION="..." (e.g. from git describe). */
#ifndef IL_VERSION
#define IL_VERSION "0.1.0"
#endif

enum {
    EXIT_CLEAN = 0,  /* nothing wrong found */
    EXIT_FOUND = 1,  /* a deadlock or error is reachable */
    EXIT_USAGE = 2,  /* bad input or usage */
    EXIT_LIMIT = 3,  /* a limit stopped the run before it was complete */
    EXIT_INTERNAL = 4, /* our failure, not the input's (same code as OOM in util.c) */
    EXIT_IO = 5        /* an output could not be written (outfile.h) */
};

/* What a command's option parser tells its caller: go on, or stop with this
 * exit status (after --help, or a usage error). */
#define PARSE_GO_ON (-1)

struct cmd_entry {
    const char *name;    /* as typed after `interleave` */
    const char *usage;   /* its arguments, for usage lines */
    const char *summary; /* one line for the command list */
    const char *options; /* option lines for help; NULL when it has none */
    int (*exec)(const struct cmd_entry *self, int argc, char **argv);
};

static int cmd_explore(const struct cmd_entry *self, int argc, char **argv);
static int cmd_check(const struct cmd_entry *self, int argc, char **argv);
static int cmd_replay(const struct cmd_entry *self, int argc, char **argv);
static int cmd_run(const struct cmd_entry *self, int argc, char **argv);
static int cmd_help(const struct cmd_entry *self, int argc, char **argv);

static const struct cmd_entry commands[] = {
    {
        .name = "explore",
        .usage = "PROGRAM.yaml [options]",
        .summary = "every interleaving: outcomes, deadlocks, races, errors",
        .options =
            "  --json             the JSON report (cli.md) instead of the table\n"
            "  --list             also print each interleaving, one a line (see --limit)\n"
            "  --limit N          how many interleavings --list prints (default 100)\n"
            "  --traces DIR       write DIR/<program>/outcome-N.yaml, deadlock-N.yaml, ...:\n"
            "                     the shortest interleaving to each outcome and finding\n"
            "  --no-races         skip data-race detection (faster)\n"
            "  --races=all        one report line a pair of (thread, line, access), not\n"
            "                     one a location and pair of source lines (grouped)\n"
            "  --no-symmetry      explore interchangeable threads (count: instances\n"
            "                     that never read id) one by one instead of as a class\n"
            "  --no-counts        do not count interleavings: explore a reduced graph\n"
            "                     (partial-order reduction) that still reaches every\n"
            "                     outcome, deadlock, error and race, often far faster\n"
            "  --compact          hash compaction: keep a 64-bit fingerprint per state,\n"
            "                     not the state (for state spaces that do not fit);\n"
            "                     a collision could hide a state: the report gives the odds\n"
            "  --bound K          only interleavings with at most K preemptions (a switch\n"
            "                     away from a thread that could go on); counts are of those\n"
            "  --random N         N random interleavings instead of all (each step by a\n"
            "                     thread drawn uniformly among the enabled); counts are runs\n"
            "  --seed S           the seed of --random (default 0): same seed, same runs\n"
            "  --max-states N     stop after N states; the report says incomplete\n"
            "                     (default: as many as fit in --max-memory)\n"
            "  --max-seconds S    stop after S seconds (a decimal, e.g. 0.5), counted from the\n"
            "                     start: loading, exploring and writing traces\n"
            "  --max-memory SIZE  the memory it may use, e.g. 4G, 512M (default: 75% of RAM;\n"
            "                     at least 1M); the run stops cleanly near it, loading too\n"
            "  --color=WHEN       never, always or auto (colour when stdout is a terminal)\n"
            "  --disasm           print the compiled bytecode and exit (a debugging aid)\n"
            "  -h, --help         this text\n",
        .exec = cmd_explore,
    },
    {
        .name = "check",
        .usage = IL_CHECK_USAGE,
        .summary = IL_CHECK_SUMMARY,
        .options = IL_CHECK_OPTIONS,
        .exec = cmd_check,
    },
    {
        .name = "replay",
        .usage = IL_REPLAY_USAGE,
        .summary = IL_REPLAY_SUMMARY,
        .options = IL_REPLAY_OPTIONS,
        .exec = cmd_replay,
    },
    {
        .name = "run",
        .usage = IL_RUN_USAGE,
        .summary = IL_RUN_SUMMARY,
        .options = IL_RUN_OPTIONS,
        .exec = cmd_run,
    },
    {
        .name = "help",
        .usage = "[COMMAND]",
        .summary = "this text, or one command's options",
        .options = NULL,
        .exec = cmd_help,
    },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const struct cmd_entry *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

static void print_usage(FILE *out)
{
    fputs("usage: interleave COMMAND [ARGS]\n\ncommands:\n", out);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        char left[64];
        snprintf(left, sizeof left, "%s %s", commands[i].name, commands[i].usage);
        fprintf(out, "  %-32s %s\n", left, commands[i].summary);
    }
    fputs("\noptions:\n"
          "  -h, --help         this text\n"
          "  --version          print the version\n",
          out);
}

/* One command's help: its usage line and options. */
static void print_command_help(FILE *out, const struct cmd_entry *c)
{
    fprintf(out, "usage: interleave %s %s\n\n%s\n", c->name, c->usage, c->summary);
    if (c->options) fprintf(out, "\noptions:\n%s", c->options);
}

/* The full help: the command list, then each command's options, and what the
 * exit status means (scripts depend on it). */
static void print_help(FILE *out)
{
    print_usage(out);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (!commands[i].options) continue;
        fprintf(out, "\n%s options:\n%s", commands[i].name, commands[i].options);
    }
    fputs("\nexit status: 0 nothing wrong found, 1 a deadlock or error is reachable,\n"
          "2 bad input or usage, 3 a limit stopped it before it was complete,\n"
          "4 out of memory, 5 a file or stdout could not be written (I/O error),\n"
          "130 / 143 stopped by SIGINT / SIGTERM (with the report so far)\n",
          out);
}

static int usage_error(const struct cmd_entry *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reports a usage error (not tied to a file): the message, the usage of the
 * command concerned (c; NULL for the whole program) and where to read more.
 * Returns the exit status. */
static int usage_error(const struct cmd_entry *c, const char *fmt, ...)
{
    va_list ap;
    fputs("interleave: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (c) fprintf(stderr, "usage: interleave %s %s\n", c->name, c->usage);
    else print_usage(stderr);
    fputs("Try 'interleave --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

/* Decimal digits only: strtoull alone would take "-1", " 7", "0x10".
 * zero_ok: 0 is a meaningful value (--bound 0, --seed 0). */
static int parse_uint(const struct cmd_entry *c, const char *opt, const char *s, int zero_ok,
                      uint64_t *out)
{
    const char *p = s;
    while (*p >= '0' && *p <= '9') p++;
    if (p == s || *p) goto bad;
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno == ERANGE || (v == 0 && !zero_ok)) goto bad;
    *out = v;
    return 0;
bad:
    return usage_error(c, zero_ok ? "%s expects a non-negative integer, got '%s'"
                                  : "%s expects a positive integer, got '%s'", opt, s);
}

static int parse_count(const struct cmd_entry *c, const char *opt, const char *s, uint64_t *out)
{
    return parse_uint(c, opt, s, 0, out);
}

/* A plain decimal (12, 0.5, .25): strtod alone would take "inf", "nan",
 * "1e9" and hex floats, none of which a person means by seconds. */
static int parse_seconds(const struct cmd_entry *c, const char *opt, const char *s, double *out)
{
    const char *p = s;
    size_t digits = 0;
    while (*p >= '0' && *p <= '9') p++, digits++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++) digits++;
    if (digits == 0 || *p) goto bad;
    double v = strtod(s, NULL);
    if (!(v > 0)) goto bad;
    *out = v;
    return 0;
bad:
    return usage_error(c, "%s expects a positive number of seconds, got '%s'", opt, s);
}

/* A size such as 4G, 512M, 1.5G or a number of bytes (util.h), at least
 * the minimum that can explore anything (limit.h). */
static int parse_memory(const struct cmd_entry *c, const char *s, uint64_t *out)
{
    if (il_parse_size(s, out) != 0)
        return usage_error(c, "--max-memory expects a size such as 4G, 512M or 100000000 (bytes), "
                              "got '%s'", s);
    if (*out < INTERLEAVE_MIN_MEMORY)
        return usage_error(c, "--max-memory must be at least " INTERLEAVE_MIN_MEMORY_TEXT " (nothing can be "
                              "explored in less), got '%s'", s);
    return 0;
}

/* Matches argv[*i] against an option taking a value, as `--name VALUE` or
 * `--name=VALUE`. Returns 1 and sets *val (advancing *i past a separate
 * value), 0 when argv[*i] is some other option, -1 when the value is
 * missing (the usage error is already printed). */
static int option_value(const struct cmd_entry *c, int argc, char **argv, int *i,
                        const char *name, const char **val)
{
    int m = il_option_value(argc, argv, i, name, val);
    if (m < 0) usage_error(c, "%s expects a value", name);
    return m;
}

/* Everything `explore` was asked to do, after parsing. */
struct explore_args {
    const char *path;     /* the program file */
    int json;             /* --json */
    int list;             /* --list */
    int disasm;           /* --disasm */
    int races_all;        /* --races=all: every race pair on its own line */
    int color;            /* resolved: 1 to colour the human report */
    uint64_t limit;       /* --limit, for --list */
    const char *traces;   /* --traces DIR, or NULL */
    il_explore_opts opts; /* --max-states, --max-seconds */
    uint64_t max_memory;  /* --max-memory in bytes, 0 when not given */
    const char *max_memory_text; /* as the user wrote it */
};

/* auto: colour for a person at a terminal, never into a pipe or file; the
 * NO_COLOR and TERM=dumb conventions can still turn it off. */
static int auto_color(void)
{
    const char *no = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    if (no && *no) return 0;
    if (term && strcmp(term, "dumb") == 0) return 0;
    return isatty(STDOUT_FILENO);
}

static int parse_color(const struct cmd_entry *c, const char *s, int *out)
{
    if (strcmp(s, "never") == 0) *out = 0;
    else if (strcmp(s, "always") == 0) *out = 1;
    else if (strcmp(s, "auto") == 0) *out = auto_color();
    else return usage_error(c, "--color expects never, always or auto, got '%s'", s);
    return 0;
}

/* Options may come before or after the file; `--` ends them (for a file
 * whose name starts with a dash). */
static int parse_explore(const struct cmd_entry *self, int argc, char **argv,
                         struct explore_args *a)
{
    memset(a, 0, sizeof *a);
    a->limit = 100;
    int color_set = 0, options_done = 0, seed_set = 0, limit_set = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *val = NULL;
        int m;
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->path)
                return usage_error(self, "explore takes one PROGRAM.yaml, got also '%s'", arg);
            a->path = arg;
        } else if (strcmp(arg, "--") == 0) {
            options_done = 1;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            print_command_help(stdout, self);
            return EXIT_CLEAN;
        } else if (strcmp(arg, "--json") == 0) {
            a->json = 1;
        } else if (strcmp(arg, "--no-symmetry") == 0) {
            a->opts.no_symmetry = 1;
        } else if (strcmp(arg, "--compact") == 0) {
            a->opts.compact = 1;
        } else if (strcmp(arg, "--no-counts") == 0) {
            a->opts.no_counts = 1;
        } else if (strcmp(arg, "--no-races") == 0) {
            a->opts.no_races = 1;
        } else if (strcmp(arg, "--list") == 0) {
            a->list = 1;
        } else if (strcmp(arg, "--disasm") == 0) {
            a->disasm = 1;
        } else if ((m = option_value(self, argc, argv, &i, "--races", &val)) != 0) {
            if (m < 0) return EXIT_USAGE;
            if (strcmp(val, "all") == 0) a->races_all = 1;
            else if (strcmp(val, "grouped") == 0) a->races_all = 0;
            else return usage_error(self, "--races expects all or grouped, got '%s'", val);
        } else if ((m = option_value(self, argc, argv, &i, "--traces", &val)) != 0) {
            if (m < 0) return EXIT_USAGE;
            if (!*val) return usage_error(self, "--traces expects a directory");
            a->traces = val;
        } else if ((m = option_value(self, argc, argv, &i, "--limit", &val)) != 0) {
            if (m < 0 || parse_count(self, "--limit", val, &a->limit)) return EXIT_USAGE;
            limit_set = 1;
        } else if ((m = option_value(self, argc, argv, &i, "--bound", &val)) != 0) {
            uint64_t k;
            if (m < 0 || parse_uint(self, "--bound", val, 1, &k)) return EXIT_USAGE;
            if (k > 1000000) return usage_error(self, "--bound expects at most 1000000, got '%s'", val);
            a->opts.has_bound = 1;
            a->opts.bound = (uint32_t)k;
        } else if ((m = option_value(self, argc, argv, &i, "--random", &val)) != 0) {
            if (m < 0 || parse_count(self, "--random", val, &a->opts.random)) return EXIT_USAGE;
        } else if ((m = option_value(self, argc, argv, &i, "--seed", &val)) != 0) {
            if (m < 0 || parse_uint(self, "--seed", val, 1, &a->opts.seed)) return EXIT_USAGE;
            seed_set = 1;
        } else if ((m = option_value(self, argc, argv, &i, "--max-states", &val)) != 0) {
            if (m < 0 || parse_count(self, "--max-states", val, &a->opts.max_states))
                return EXIT_USAGE;
        } else if ((m = option_value(self, argc, argv, &i, "--max-seconds", &val)) != 0) {
            if (m < 0 || parse_seconds(self, "--max-seconds", val, &a->opts.max_seconds))
                return EXIT_USAGE;
        } else if ((m = option_value(self, argc, argv, &i, "--max-memory", &val)) != 0) {
            if (m < 0 || parse_memory(self, val, &a->max_memory)) return EXIT_USAGE;
            a->max_memory_text = val;
        } else if ((m = option_value(self, argc, argv, &i, "--color", &val)) != 0) {
            if (m < 0 || parse_color(self, val, &a->color)) return EXIT_USAGE;
            color_set = 1;
        } else {
            return usage_error(self, "unknown option '%s' for explore", arg);
        }
    }
    if (!a->path) return usage_error(self, "explore expects a PROGRAM.yaml");
    if (!*a->path) return usage_error(self, "explore expects a PROGRAM.yaml, got ''");
    /* The listing after a JSON document would make stdout unparsable. */
    if (a->json && a->list) return usage_error(self, "--list cannot be combined with --json");
    if (a->opts.random && a->opts.has_bound)
        return usage_error(self, "--random and --bound cannot be combined");
    if (a->opts.no_counts && (a->opts.random || a->opts.has_bound))
        return usage_error(self, "--no-counts cannot be combined with %s",
                           a->opts.random ? "--random" : "--bound");
    /* --list prints every interleaving: the reduced graph has only some */
    if (a->opts.no_counts && a->list) return usage_error(self, "--list cannot be combined with --no-counts");
    /* the listing reads stored states that hash compaction drops */
    if (a->opts.compact && a->list) return usage_error(self, "--list cannot be combined with --compact");
    if (seed_set && !a->opts.random) return usage_error(self, "--seed needs --random N");
    /* alone it would be ignored: a user asking for 5 lines would get none */
    if (limit_set && !a->list) return usage_error(self, "--limit needs --list");
    /* the runs are not paths of a stored graph that could be listed */
    if (a->opts.random && a->list) return usage_error(self, "--list cannot be combined with --random");
    if (!color_set) a->color = auto_color();
    return PARSE_GO_ON;
}

/* cli.md: a problem found outranks an incomplete run, which outranks clean. */
static int explore_status(const il_result *r)
{
    int found = r->ndeadlocks > 0 || r->nerrors > 0 || r->nraces > 0;
    for (size_t i = 0; i < r->noutcomes; i++)
        if (r->outcomes[i].status != IL_STATUS_OK) found = 1;
    if (found) return EXIT_FOUND;
    /* --bound and --random are partial by request, not stopped by a limit */
    return r->complete || (r->partial && !r->stopped_by) ? EXIT_CLEAN : EXIT_LIMIT;
}

/* A limit stopped loading or compiling: the report of nothing explored
 * (so that a script reading --json still gets complete: false and
 * stopped_by), exit 3. */
static int load_stopped(const struct explore_args *a, const char *why, const char *budget)
{
    il_program none;
    memset(&none, 0, sizeof none);
    none.path = none.name = a->path;
    il_result r;
    memset(&r, 0, sizeof r);
    r.program = a->path;
    r.stopped_by = why;
    r.stopped_in = "loading the program";
    r.total = "0";
    r.races_checked = !a->opts.no_races;
    if (a->json) il_report_json(stdout, &none, &r);
    else il_report_human(stdout, &none, &r, a->color);
    fprintf(stderr, "interleave: error: %s: stopped by %s%s%s while loading the program\n",
            a->path, why, strcmp(why, "--max-memory") == 0 ? " " : "",
            strcmp(why, "--max-memory") == 0 ? budget : "");
    return il_stop_requested() ? il_stop_status() : EXIT_LIMIT;
}

static int cmd_explore(const struct cmd_entry *self, int argc, char **argv)
{
    struct explore_args a;
    int rc = parse_explore(self, argc, argv, &a);
    if (rc != PARSE_GO_ON) return rc;
    il_stop_install(1);
    il_outfile_protect(a.path); /* --traces DIR must not replace the program */

    /* Both limits cover the whole run, loading included (limit.h): the
     * clock starts now, and the memory budget is a hard cap on
     * allocations (and, unless --max-states was given, the number of
     * states that fit in it). */
    il_limit_begin(a.opts.max_seconds);
    a.opts.max_seconds = 0; /* polled through il_limit_poll */
    static char budget[64];
    uint64_t budget_bytes = a.max_memory ? a.max_memory : il_memory_default();
    if (a.max_memory) snprintf(budget, sizeof budget, "%s", a.max_memory_text);
    else il_format_size(budget_bytes, budget, sizeof budget);
    il_limit_memory(budget_bytes, budget);
    a.opts.max_bytes = il_limit_graph_bytes(budget_bytes);

    /* Loader and compiler print `FILE:LINE:COL: error: ...` themselves. */
    il_diag d;
    il_diag_init(&d, a.path, &il_stderr_sink);
    jmp_buf stop;
    if (setjmp(stop)) return load_stopped(&a, il_limit_stopped(), budget);
    il_limit_guard(&stop);
    il_program *prog = il_load_program(a.path, &d);
    if (!prog) {
        il_limit_guard(NULL);
        if (d.errors == 0) fprintf(stderr, "interleave: error: cannot load '%s'\n", a.path);
        return EXIT_USAGE;
    }
    il_code *code = il_compile(prog, &d);
    il_limit_guard(NULL);
    if (!code) {
        if (d.errors == 0) fprintf(stderr, "interleave: error: cannot compile '%s'\n", a.path);
        il_program_free(prog);
        return EXIT_USAGE;
    }
    if (a.disasm) {
        il_disasm(code, stdout);
        il_code_free(code);
        il_program_free(prog);
        return EXIT_CLEAN;
    }

    il_explorer *x = il_explorer_new(code);
    /* --list prints interleavings of the program's own threads: a graph of
     * symmetry classes would list each class once */
    if (a.list) a.opts.no_symmetry = 1;
    a.opts.list = a.list;
    const il_result *r = il_explore(x, &a.opts);
    /* Traces first: the report names them, and a directory that cannot be
     * written is bad input, reported with nothing on stdout. */
    il_arena trace_paths;
    il_arena_init(&trace_paths);
    const char *trace_dir = NULL;
    long ntraces = a.traces ? il_trace_write_all(a.traces, x, r, code, a.path, &trace_paths,
                                                 &trace_dir, &d)
                            : 0;
    if (ntraces < 0) {
        il_arena_free(&trace_paths);
        il_explorer_free(x);
        il_code_free(code);
        il_program_free(prog);
        return ntraces == IL_TRACE_IO ? EXIT_IO : EXIT_USAGE;
    }
    /* a limit reached while writing them leaves the others out */
    if (a.traces && il_limit_stopped()) il_explorer_stopped(x, il_limit_stopped(), "writing traces");
    if (a.json) il_report_json(stdout, prog, r);
    else il_report_human_races(stdout, prog, r, a.color, a.races_all);
    if (!a.json && !r->complete && r->stopped_by && strcmp(r->stopped_by, "--max-memory") == 0)
        printf("stopped by the memory budget (%s--max-memory %s, %" PRIu64 " states)\n",
               a.max_memory ? "" : "default ", budget, r->states);
    if (a.list) {
        putc('\n', stdout);
        il_explorer_list(x, a.limit, stdout);
    }
    if (a.traces && !a.json) {
        size_t want = r->noutcomes + r->ndeadlocks + r->nerrors + r->nraces;
        printf("\n%ld trace%s written to %s/", ntraces, ntraces == 1 ? "" : "s", trace_dir);
        if ((size_t)ntraces < want && il_limit_stopped())
            printf(" (stopped by %s: %zu more not written)", il_limit_stopped(),
                   want - (size_t)ntraces);
        putchar('\n');
    }
    rc = il_stop_requested() ? il_stop_status() : explore_status(r);
    il_arena_free(&trace_paths);

    /* The result belongs to the explorer, names in it to the program: free
     * in reverse order of creation. */
    il_explorer_free(x);
    il_code_free(code);
    il_program_free(prog);
    return rc;
}

/* check.c parses its own options (check.h). */
static int cmd_check(const struct cmd_entry *self, int argc, char **argv)
{
    (void)self;
    return il_cmd_check(argc, argv);
}

/* replay.c parses its own options (replay.h). */
static int cmd_replay(const struct cmd_entry *self, int argc, char **argv)
{
    (void)self;
    return il_cmd_replay(argc, argv);
}

static int cmd_run(const struct cmd_entry *self, int argc, char **argv)
{
    (void)self;
    return il_cmd_run(argc, argv);
}

static int cmd_help(const struct cmd_entry *self, int argc, char **argv)
{
    (void)self;
    if (argc == 0) {
        print_help(stdout);
        return EXIT_CLEAN;
    }
    if (argc > 1) return usage_error(self, "help takes at most one COMMAND");
    const struct cmd_entry *c = find_command(argv[0]);
    if (!c) return usage_error(NULL, "unknown command '%s'", argv[0]);
    print_command_help(stdout, c);
    return EXIT_CLEAN;
}

/* A report cut short by a full disk must not pass for a clean run. A
 * reader that went away (`| head -1`, EPIPE: SIGPIPE is ignored, stop.h) is
 * the same failure, but said by nobody: the reader chose to stop. */
static int finish(int rc)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        struct pollfd pf = {.fd = 1, .events = POLLOUT};
        int gone = errno == EPIPE || (poll(&pf, 1, 0) == 1 && (pf.revents & POLLERR));
        if (!gone)
            fprintf(stderr, "interleave: error: writing to stdout failed: %s\n",
                    errno ? strerror(errno) : "write error");
        return EXIT_IO;
    }
    return rc;
}

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
    free(p);
}

int main(int argc, char **argv)
{
    mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
    static jmp_buf oom;
    if (setjmp(oom)) {
        fprintf(stderr, "interleave: error: %s\n", il_oom_message());
        return EXIT_INTERNAL;
    }
    il_oom_jump = &oom;
    if (argc < 2) {
        fputs("interleave: error: no command given\n", stderr);
        print_usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
        print_help(stdout);
        return finish(EXIT_CLEAN);
    }
    if (strcmp(name, "--version") == 0) {
        printf("interleave %s\n", IL_VERSION);
        return finish(EXIT_CLEAN);
    }
    il_stop_install(0); /* explore and check install it again, to stop gracefully */
    const struct cmd_entry *c = find_command(name);
    if (!c) {
        if (name[0] == '-') return usage_error(NULL, "unknown option '%s'", name);
        return usage_error(NULL, "unknown command '%s'", name);
    }
    return finish(c->exec(c, argc - 2, argv + 2));
}
