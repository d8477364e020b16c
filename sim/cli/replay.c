/* replay.c - `interleave replay`: re-runs a saved interleaving, checking
 * every step and the outcome against its trace (interleave_replay), and
 * prints the run as a swimlane.
 *
 * The whole run is made first and printed afterwards: a bad input (exit 2)
 * must leave stdout empty, which printing while running could not promise.
 * Since runs are deterministic, --step then only paces the printing of rows
 * that are already known. Exit status: 0 reproduced, 1 diverged, 2 a
 * malformed trace, a missing or changed program. */
#include <string.h>

#include "exit.h"
#include "lane.h"
#include "options.h"

static int exec_replay(const cli_command *self, int argc, char **argv);

const cli_command cli_replay = {
    .name = "replay",
    .usage = "TRACE.yaml [options]",
    .summary = "re-run a saved interleaving, step by step, and verify it",
    .options =
        "  --step             wait for Enter after each step (end of input: run to the end)\n"
        "  --force            replay even if the program changed since the trace was made\n"
        "  --color=WHEN       never, always or auto (colour when stdout is a terminal)\n"
        "  -h, --help         this text\n"
        "  A relative program: path in the trace is looked up in the current directory,\n"
        "  then in the trace's directory and each directory above it, nearest first.\n",
    .exec = exec_replay,
};

typedef struct replay_args {
    const char *path; /* the trace file */
    int step;         /* --step */
    int force;        /* --force: replay against a changed program */
    int color;        /* resolved: 1 for ANSI colours */
} replay_args;

static int parse_replay(const cli_command *self, int argc, char **argv, replay_args *a)
{
    memset(a, 0, sizeof *a);
    int color_set = 0, done = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *val;
        int m;
        if (done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->path) return cli_usage_error(self, "replay takes one TRACE.yaml, got also '%s'", arg);
            a->path = arg;
        } else if (strcmp(arg, "--") == 0) {
            done = 1;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            cli_command_help(stdout, self);
            return CLI_EXIT_CLEAN;
        } else if (strcmp(arg, "--step") == 0) {
            a->step = 1;
        } else if (strcmp(arg, "--force") == 0) {
            a->force = 1;
        } else if ((m = cli_option_value(self, argc, argv, &i, "--color", &val)) != 0) {
            if (m < 0 || cli_parse_color(self, val, &a->color)) return CLI_EXIT_USAGE;
            color_set = 1;
        } else {
            return cli_usage_error(self, "unknown option '%s' for replay", arg);
        }
    }
    if (!a->path) return cli_usage_error(self, "replay expects a TRACE.yaml");
    if (!*a->path) return cli_usage_error(self, "replay expects a TRACE.yaml, got ''");
    if (!color_set) a->color = cli_auto_color();
    return CLI_GO_ON;
}

/* The last line: reproduced, or where it diverged (the message without its
 * position and step, which the line says already; the full message with
 * its position goes to stderr for editors and scripts). */
static void print_verdict(const interleave_run *r, const interleave_trace *t, int color)
{
    size_t at;
    const char *first;
    int diverged = interleave_run_diverged(r, &at, &first);
    const char *on = color ? (diverged ? "\033[1;31m" : "\033[1;32m") : "", *off = color ? "\033[0m" : "";
    if (!diverged) {
        printf("%sreproduced:%s %s\n", on, off,
               interleave_trace_unfinished(t) ? "every step matches the trace (the run goes on)"
                                              : "every step and the outcome match the trace");
        return;
    }
    const char *m = strstr(first, ": error: ");
    m = m ? m + 9 : first;
    if (at && strncmp(m, "step ", 5) == 0) m += strcspn(m, ":") + 2;
    if (at) printf("%sDIVERGED at step %zu:%s %s\n", on, at, off, m);
    else printf("%sDIVERGED at the end:%s %s\n", on, off, m);
    fflush(stdout);
    fprintf(stderr, "%s\n", first);
}

static int exec_replay(const cli_command *self, int argc, char **argv)
{
    replay_args a;
    int rc = parse_replay(self, argc, argv, &a);
    if (rc != CLI_GO_ON) return rc;
    if ((rc = cli_configure(0, NULL, 0)) != 0) return rc;
    interleave_trace *t = NULL;
    interleave_run *r = NULL;
    interleave_status st = interleave_trace_load(a.path, &t);
    if (st == INTERLEAVE_OK) st = interleave_replay(t, &(interleave_replay_options){
                                                           .size = sizeof(interleave_replay_options),
                                                           .force = a.force}, &r);
    if (st != INTERLEAVE_OK) { /* the engine has said why */
        if (st != INTERLEAVE_NOMEM) interleave_trace_free(t);
        return cli_exit_of(st);
    }

    /* paths and the name are the user's: escaped */
    const interleave_model *m = interleave_run_model(r);
    size_t n = interleave_trace_length(t);
    fputs("replay of ", stdout);
    cli_put_display(stdout, a.path);
    fputs(": ", stdout);
    cli_put_display(stdout, interleave_model_name(m));
    fputs(" (", stdout);
    cli_put_display(stdout, interleave_model_path(m));
    printf("), %zu step%s\n\n", n, n == 1 ? "" : "s");
    st = cli_lane(r, a.color, a.step);
    putchar('\n');
    if (st == INTERLEAVE_OK && interleave_run_ended(r)) st = cli_lane_outcome(r, a.color);
    if (st != INTERLEAVE_OK) return cli_exit_of(st);
    print_verdict(r, t, a.color);
    rc = interleave_run_diverged(r, NULL, NULL) ? CLI_EXIT_FOUND : CLI_EXIT_CLEAN;
    interleave_run_free(r);
    interleave_trace_free(t);
    return rc;
}
