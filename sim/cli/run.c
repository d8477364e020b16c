/* run.c - `interleave run`: runs the one interleaving the user chooses
 * (--schedule names the thread of each step; when it runs out, the first
 * thread in thread order that can move moves), prints it as a swimlane
 * with its outcome and full schedule, and can save it as a trace.
 *
 * As replay, the run is made first and printed afterwards, so bad input
 * leaves stdout empty. Exit status: 0 an ok outcome, 1 a deadlock or
 * error, 2 bad input (an unknown thread, a thread that cannot move), 3
 * --max-steps reached, 5 --trace FILE cannot be written. */
#include <string.h>

#include "exit.h"
#include "lane.h"
#include "options.h"

enum { DEFAULT_MAX_STEPS = 1000 };

static int exec_run(const cli_command *self, int argc, char **argv);

const cli_command cli_run = {
    .name = "run",
    .usage = "PROGRAM.yaml [options]",
    .summary = "run one interleaving you choose (--schedule t1,t2,...)",
    .options =
        "  --schedule LIST    the thread of each step, comma-separated; when it runs out,\n"
        "                     the first thread (in thread order) that can move moves\n"
        "  --trace FILE       save the run as a trace file (replay it later)\n"
        "  --max-steps N      stop a run that has not ended after N steps (default 1000)\n"
        "  --step             wait for Enter after each step (end of input: run to the end)\n"
        CLI_PRINT_HELP
        "  --color=WHEN       never, always or auto (colour when stdout is a terminal)\n"
        "  -h, --help         this text\n",
    .exec = exec_run,
};

typedef struct run_args {
    const char *path;     /* the program file */
    const char *schedule; /* as given, or NULL */
    const char *trace;    /* --trace FILE, or NULL */
    uint64_t max_steps;   /* --max-steps */
    int step;             /* --step */
    int color;            /* resolved: 1 for ANSI colours */
    interleave_load_options load; /* --print */
} run_args;

static int parse_run(const cli_command *self, int argc, char **argv, run_args *a)
{
    memset(a, 0, sizeof *a);
    a->max_steps = DEFAULT_MAX_STEPS;
    interleave_load_options_init(&a->load);
    int color_set = 0, done = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *val;
        int m;
        if (done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->path) return cli_usage_error(self, "run takes one PROGRAM.yaml, got also '%s'", arg);
            a->path = arg;
        } else if (strcmp(arg, "--") == 0) {
            done = 1;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            cli_command_help(stdout, self);
            return CLI_EXIT_CLEAN;
        } else if (strcmp(arg, "--step") == 0) {
            a->step = 1;
        } else if ((m = cli_option_value(self, argc, argv, &i, "--schedule", &val)) != 0) {
            if (m < 0) return CLI_EXIT_USAGE;
            a->schedule = val;
        } else if ((m = cli_option_raw(argc, argv, &i, "--trace", &val)) != 0) {
            if (m < 0 || !*val) return cli_usage_error(self, "--trace expects a FILE");
            a->trace = val;
        } else if ((m = cli_option_value(self, argc, argv, &i, "--print", &val)) != 0) {
            if (m < 0 || cli_parse_print(self, val, &a->load.print)) return CLI_EXIT_USAGE;
        } else if ((m = cli_option_value(self, argc, argv, &i, "--max-steps", &val)) != 0) {
            if (m < 0 || cli_parse_count(self, "--max-steps", val, &a->max_steps)) return CLI_EXIT_USAGE;
        } else if ((m = cli_option_value(self, argc, argv, &i, "--color", &val)) != 0) {
            if (m < 0 || cli_parse_color(self, val, &a->color)) return CLI_EXIT_USAGE;
            color_set = 1;
        } else {
            return cli_usage_error(self, "unknown option '%s' for run", arg);
        }
    }
    if (!a->path) return cli_usage_error(self, "run expects a PROGRAM.yaml");
    if (!*a->path) return cli_usage_error(self, "run expects a PROGRAM.yaml, got ''");
    if (!color_set) a->color = cli_auto_color();
    return CLI_GO_ON;
}

/* The shutdown step as soon as it can be taken (the daemons cut off when
 * the last non-daemon thread ends, as CPython mostly does), else the first
 * thread in thread order that can move. */
static long first_enabled(interleave_run *r)
{
    size_t n = interleave_model_thread_count(interleave_run_model(r));
    if (interleave_run_can_move(r, n)) return (long)n;
    for (size_t t = 0; t < n; t++)
        if (interleave_run_can_move(r, t)) return (long)t;
    return -1;
}

/* The run as people read it: header, swimlane, outcome, schedule. */
static int print_run(const run_args *a, interleave_run *r, int ended)
{
    const interleave_model *m = interleave_run_model(r);
    size_t len = interleave_run_length(r);
    fputs("run of ", stdout); /* the name and path are the user's: escaped */
    cli_put_display(stdout, interleave_model_name(m));
    fputs(" (", stdout);
    cli_put_display(stdout, a->path);
    printf("): %zu step%s\n\n", len, len == 1 ? "" : "s");
    interleave_status st = cli_lane(r, a->color, a->step);
    putchar('\n');
    int rc;
    if (st != INTERLEAVE_OK) return cli_exit_of(st);
    if (ended) {
        if ((st = cli_lane_outcome(r, a->color)) != INTERLEAVE_OK) return cli_exit_of(st);
        rc = interleave_run_status(r) == INTERLEAVE_OUTCOME_OK ? CLI_EXIT_CLEAN : CLI_EXIT_FOUND;
    } else {
        printf("stopped after %zu steps (--max-steps): the run has not ended\n", len);
        rc = CLI_EXIT_LIMIT;
    }
    fputs(len ? "schedule: " : "schedule: (no step)", stdout);
    for (size_t i = 0; i < len; i++)
        printf("%s%s", i ? "," : "", interleave_model_thread_name(m, interleave_run_step_thread(r, i)));
    putchar('\n');
    if (a->trace) printf("trace: %s\n", a->trace);
    return rc;
}

static int exec_run(const cli_command *self, int argc, char **argv)
{
    run_args a;
    int rc = parse_run(self, argc, argv, &a);
    if (rc != CLI_GO_ON) return rc;
    if ((rc = cli_configure(0, NULL, 0)) != 0) return rc;
    interleave_protect_input(a.path);
    if (a.trace && interleave_is_input(a.trace))
        return cli_usage_error(self, "--trace '%s' is the program itself: it would be overwritten",
                               a.trace);
    interleave_model *m = NULL;
    interleave_run *r = NULL;
    interleave_status st = interleave_load_with(a.path, &a.load, &m);
    if (st == INTERLEAVE_OK) st = interleave_run_new(m, &r);
    /* each entry names a thread that can move, or the engine says which not */
    if (st == INTERLEAVE_OK && a.schedule) st = interleave_run_follow(r, a.schedule, "--schedule");
    if (st == INTERLEAVE_NOMEM) return cli_exit_of(st);
    rc = st == INTERLEAVE_OK ? CLI_GO_ON : cli_exit_of(st); /* the engine has said why */
    /* the rest of the run: the first thread, in thread order, that can move */
    long t;
    while (rc == CLI_GO_ON && interleave_run_length(r) < a.max_steps && !interleave_run_ended(r) &&
           (t = first_enabled(r)) >= 0)
        interleave_run_step(r, (size_t)t);
    int ended = r && interleave_run_ended(r);
    if (rc == CLI_GO_ON && a.trace) {
        st = interleave_run_write_trace(r, a.trace);
        if (st != INTERLEAVE_OK) rc = cli_exit_of(st);
    }
    if (rc == CLI_GO_ON) rc = print_run(&a, r, ended);
    interleave_run_free(r); /* before the model it borrows */
    interleave_model_free(m);
    return rc;
}
