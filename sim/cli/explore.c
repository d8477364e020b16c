/* explore.c - `interleave explore`: every interleaving of one program, the
 * report (table or JSON), optionally the listing and a trace per outcome
 * and finding. */
#include <inttypes.h>
#include <string.h>

#include "exit.h"
#include "options.h"
#include "signals.h"

static int exec_explore(const cli_command *self, int argc, char **argv);

const cli_command cli_explore = {
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
        CLI_PRINT_HELP
        "  --max-states N     stop after N states; the report says incomplete\n"
        "                     (default: as many as fit in --max-memory)\n"
        "  --max-seconds S    stop after S seconds (a decimal, e.g. 0.5), counted from the\n"
        "                     start: loading, exploring, counting and writing traces\n"
        "  --max-memory SIZE  the memory it may use, e.g. 4G, 512M (default: 75% of RAM;\n"
        "                     at least 1M); the run stops cleanly near it, loading too\n"
        "  --color=WHEN       never, always or auto (colour when stdout is a terminal)\n"
        "  --disasm           print the compiled bytecode and exit (a debugging aid)\n"
        "  -h, --help         this text\n",
    .exec = exec_explore,
};

/* Everything `explore` was asked to do, after parsing. */
typedef struct explore_args {
    const char *path;     /* the program file */
    int json;             /* --json */
    int list;             /* --list */
    int disasm;           /* --disasm */
    interleave_report_options report; /* --json, --color, --races=all, --limit */
    const char *traces;   /* --traces DIR, or NULL */
    interleave_explore_options opts;  /* --max-states, --bound, --random, ... */
    double max_seconds;   /* --max-seconds, 0 when not given */
    uint64_t max_memory;  /* --max-memory in bytes, 0 when not given */
    const char *max_memory_text; /* as the user wrote it */
    interleave_load_options load; /* --print */
} explore_args;

/* Options may come before or after the file; `--` ends them (for a file
 * whose name starts with a dash). */
static int parse_explore(const cli_command *self, int argc, char **argv, explore_args *a)
{
    memset(a, 0, sizeof *a);
    interleave_report_options_init(&a->report);
    interleave_explore_options_init(&a->opts);
    interleave_load_options_init(&a->load);
    int color_set = 0, options_done = 0, seed_set = 0, limit_set = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *val = NULL;
        int m;
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->path)
                return cli_usage_error(self, "explore takes one PROGRAM.yaml, got also '%s'", arg);
            a->path = arg;
        } else if (strcmp(arg, "--") == 0) {
            options_done = 1;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            cli_command_help(stdout, self);
            return CLI_EXIT_CLEAN;
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
        } else if ((m = cli_option_value(self, argc, argv, &i, "--races", &val)) != 0) {
            if (m < 0) return CLI_EXIT_USAGE;
            if (strcmp(val, "all") == 0) a->report.all_races = 1;
            else if (strcmp(val, "grouped") == 0) a->report.all_races = 0;
            else return cli_usage_error(self, "--races expects all or grouped, got '%s'", val);
        } else if ((m = cli_option_value(self, argc, argv, &i, "--traces", &val)) != 0) {
            if (m < 0) return CLI_EXIT_USAGE;
            if (!*val) return cli_usage_error(self, "--traces expects a directory");
            a->traces = val;
        } else if ((m = cli_option_value(self, argc, argv, &i, "--print", &val)) != 0) {
            if (m < 0 || cli_parse_print(self, val, &a->load.print)) return CLI_EXIT_USAGE;
        } else if ((m = cli_option_value(self, argc, argv, &i, "--limit", &val)) != 0) {
            if (m < 0 || cli_parse_count(self, "--limit", val, &a->report.limit)) return CLI_EXIT_USAGE;
            limit_set = 1;
        } else if ((m = cli_option_value(self, argc, argv, &i, "--bound", &val)) != 0) {
            uint64_t k;
            if (m < 0 || cli_parse_uint(self, "--bound", val, 1, &k)) return CLI_EXIT_USAGE;
            if (k > 1000000)
                return cli_usage_error(self, "--bound expects at most 1000000, got '%s'", val);
            a->opts.has_bound = 1;
            a->opts.bound = (uint32_t)k;
        } else if ((m = cli_option_value(self, argc, argv, &i, "--random", &val)) != 0) {
            if (m < 0 || cli_parse_count(self, "--random", val, &a->opts.random)) return CLI_EXIT_USAGE;
        } else if ((m = cli_option_value(self, argc, argv, &i, "--seed", &val)) != 0) {
            if (m < 0 || cli_parse_uint(self, "--seed", val, 1, &a->opts.seed)) return CLI_EXIT_USAGE;
            seed_set = 1;
        } else if ((m = cli_limit_option(self, argc, argv, &i, &a->opts.max_states,
                                         &a->max_seconds, &a->max_memory,
                                         &a->max_memory_text)) != 0) {
            if (m < 0) return CLI_EXIT_USAGE;
        } else if ((m = cli_option_value(self, argc, argv, &i, "--color", &val)) != 0) {
            if (m < 0 || cli_parse_color(self, val, &a->report.color)) return CLI_EXIT_USAGE;
            color_set = 1;
        } else {
            return cli_usage_error(self, "unknown option '%s' for explore", arg);
        }
    }
    const interleave_explore_options *o = &a->opts;
    if (!a->path) return cli_usage_error(self, "explore expects a PROGRAM.yaml");
    if (!*a->path) return cli_usage_error(self, "explore expects a PROGRAM.yaml, got ''");
    /* The listing after a JSON document would make stdout unparsable. */
    if (a->json && a->list) return cli_usage_error(self, "--list cannot be combined with --json");
    if (o->random && o->has_bound)
        return cli_usage_error(self, "--random and --bound cannot be combined");
    if (o->no_counts && (o->random || o->has_bound))
        return cli_usage_error(self, "--no-counts cannot be combined with %s",
                               o->random ? "--random" : "--bound");
    /* --list prints every interleaving: the reduced graph has only some */
    if (o->no_counts && a->list)
        return cli_usage_error(self, "--list cannot be combined with --no-counts");
    /* the listing reads stored states that hash compaction drops */
    if (o->compact && a->list) return cli_usage_error(self, "--list cannot be combined with --compact");
    if (seed_set && !o->random) return cli_usage_error(self, "--seed needs --random N");
    /* alone it would be ignored: a user asking for 5 lines would get none */
    if (limit_set && !a->list) return cli_usage_error(self, "--limit needs --list");
    /* the runs are not paths of a stored graph that could be listed */
    if (o->random && a->list) return cli_usage_error(self, "--list cannot be combined with --random");
    if (!color_set) a->report.color = cli_auto_color();
    a->report.format = a->json ? INTERLEAVE_REPORT_JSON : INTERLEAVE_REPORT_TABLE;
    a->opts.list = a->list;
    return CLI_GO_ON;
}

/* cli.md: a problem found outranks an incomplete run, which outranks clean. */
static int explore_status(const interleave_exploration *x)
{
    int found = interleave_finding_count(x, INTERLEAVE_FINDING_DEADLOCK) > 0 ||
                interleave_finding_count(x, INTERLEAVE_FINDING_ERROR) > 0 ||
                interleave_finding_count(x, INTERLEAVE_FINDING_RACE) > 0;
    for (size_t i = 0; i < interleave_outcome_count(x); i++)
        if (interleave_outcome_status_of(x, i) != INTERLEAVE_OUTCOME_OK) found = 1;
    if (found) return CLI_EXIT_FOUND;
    /* --bound and --random are partial by request, not stopped by a limit */
    return interleave_complete(x) || (interleave_partial(x) && !interleave_stopped_by(x))
               ? CLI_EXIT_CLEAN
               : CLI_EXIT_LIMIT;
}

/* A limit stopped loading or compiling: the report of nothing explored
 * (so that a script reading --json still gets complete: false and
 * stopped_by), exit 3. */
static int load_stopped(const explore_args *a)
{
    interleave_report_unloaded(a->path, &a->opts, &a->report, cli_write_file, stdout);
    const char *why = interleave_stop_reason(), *budget = interleave_memory_budget_text();
    int memory = strcmp(why, "--max-memory") == 0;
    fprintf(stderr, "interleave: error: %s: stopped by %s%s%s while loading the program\n",
            a->path, why, memory ? " " : "", memory ? budget : "");
    return cli_signal_requested() ? cli_signal_status() : CLI_EXIT_LIMIT;
}

/* After the report: the memory budget that stopped it, the listing, the
 * traces written. INTERLEAVE_NOMEM when the listing ran out of memory. */
static interleave_status epilogue(const explore_args *a, const interleave_exploration *x, size_t ntraces,
                     const char *trace_dir)
{
    const char *stopped = interleave_stopped_by(x);
    if (!a->json && !interleave_complete(x) && stopped && strcmp(stopped, "--max-memory") == 0)
        printf("stopped by the memory budget (%s--max-memory %s, %" PRIu64 " states)\n",
               a->max_memory ? "" : "default ", interleave_memory_budget_text(),
               interleave_states(x));
    if (a->list) {
        putc('\n', stdout);
        interleave_report_options l = a->report;
        l.format = INTERLEAVE_REPORT_LIST;
        if (interleave_report(x, &l, cli_write_file, stdout) == INTERLEAVE_NOMEM)
            return INTERLEAVE_NOMEM;
    }
    if (a->traces && !a->json) {
        size_t want = interleave_outcome_count(x);
        for (int k = INTERLEAVE_FINDING_DEADLOCK; k <= INTERLEAVE_FINDING_RACE; k++)
            want += interleave_finding_count(x, (interleave_finding)k);
        printf("\n%zu trace%s written to %s/", ntraces, ntraces == 1 ? "" : "s", trace_dir);
        if (ntraces < want && interleave_stop_reason())
            printf(" (stopped by %s: %zu more not written)", interleave_stop_reason(), want - ntraces);
        putchar('\n');
    }
    return INTERLEAVE_OK;
}

static int exec_explore(const cli_command *self, int argc, char **argv)
{
    explore_args a;
    int rc = parse_explore(self, argc, argv, &a);
    if (rc != CLI_GO_ON) return rc;
    cli_signals_install(1);
    interleave_protect_input(a.path); /* --traces DIR must not replace the program */

    /* Both limits cover the whole run, loading included: the clock starts
     * at the load, and the memory budget is a hard cap on allocations
     * (and, unless --max-states was given, the number of states that fit
     * in it). */
    rc = cli_configure(a.max_memory ? a.max_memory : interleave_memory_default(),
                       a.max_memory_text, a.max_seconds);
    if (rc) return rc;
    interleave_model *m = NULL;
    interleave_status st = interleave_load_with(a.path, &a.load, &m);
    if (st == INTERLEAVE_LIMIT) return load_stopped(&a);
    if (st != INTERLEAVE_OK) return cli_exit_of(st); /* the engine has said why */
    if (a.disasm) {
        st = interleave_model_disasm(m, cli_write_file, stdout);
        interleave_model_free(m);
        return cli_exit_of(st);
    }

    interleave_exploration *x = NULL;
    st = interleave_explore(m, &a.opts, &x);
    if (st == INTERLEAVE_NOMEM || st == INTERLEAVE_BAD_INPUT) return cli_exit_of(st);
    /* Traces first: the report names them, and a directory that cannot be
     * written is bad input, reported with nothing on stdout. */
    size_t ntraces = 0;
    const char *trace_dir = NULL;
    if (a.traces) {
        st = interleave_write_traces(x, a.traces, &ntraces, &trace_dir);
        if (st == INTERLEAVE_IO || st == INTERLEAVE_BAD_INPUT || st == INTERLEAVE_NOMEM) {
            if (st != INTERLEAVE_NOMEM) {
                interleave_exploration_free(x);
                interleave_model_free(m);
            }
            return cli_exit_of(st);
        }
    }
    st = interleave_report(x, &a.report, cli_write_file, stdout);
    if (st == INTERLEAVE_OK) st = epilogue(&a, x, ntraces, trace_dir);
    if (st == INTERLEAVE_NOMEM) return cli_exit_of(st);
    rc = cli_signal_requested() ? cli_signal_status() : explore_status(x);
    /* the exploration borrows the model: free it first */
    interleave_exploration_free(x);
    interleave_model_free(m);
    return rc;
}
