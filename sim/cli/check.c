/* check.c - `interleave check`: each program given (a directory: every
 * *.yaml and *.py in it, sorted) is checked against its expect: block by the engine
 * (interleave_check), which also writes the traces of the differences; here
 * the verdicts are printed (ok/FAIL lines or TAP on stdout, JUnit to a
 * file) and the exit status decided. Bad input in one program never stops
 * the others: CI should see every problem of a run at once.
 *
 * Exit status: 0 every expectation holds, 1 some differ, 2 bad input (a
 * program that does not load, a malformed expectation, a missing path; the
 * other programs are still checked), 3 nothing differs but a limit stopped
 * some exploration, 4, 5 and 130 / 143 as every command (exit.h). */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "exit.h"
#include "options.h"
#include "signals.h"
#include "suite.h"

static int exec_check(const cli_command *self, int argc, char **argv);

const cli_command cli_check = {
    .name = "check",
    .usage = "[PROGRAM.yaml | DIR]...",
    .summary = "compare each program's reachable behaviour with its expect:",
    .options =
        "  --junit FILE       also write a JUnit XML report (one testcase per program)\n"
        "  --tap              print TAP version 13 instead of ok/FAIL lines\n"
        "  --traces DIR       write the traces of differences under DIR/NAME/ (default:\n"
        "                     a new /tmp/interleave-check-XXXXXX, made when first needed)\n"
        "  --max-states N     stop exploring a program after N states (it fails: incomplete)\n"
        "  --max-seconds S    the same after S seconds (a decimal, e.g. 0.5) for its load,\n"
        "                     exploration and traces\n"
        "  --max-memory SIZE  the memory it may use, e.g. 4G (default: 75% of RAM; at least\n"
        "                     1M): without --max-states, a program stops at the states\n"
        "                     that fit in it\n"
        CLI_PRINT_HELP
        "  -v, --verbose      also list which expectations each program checked\n"
        "  -h, --help         this text\n"
        "  exit status: 0 all hold, 1 some differ, 2 bad input, 3 a limit stopped some,\n"
        "  4 out of memory, 5 a file could not be written, 130 / 143 SIGINT / SIGTERM\n",
    .exec = exec_check,
};

typedef struct args {
    const char **paths;         /* as given: files and directories */
    size_t npaths;
    const char *junit;          /* --junit FILE, or NULL */
    const char *traces;         /* --traces DIR, or NULL (a temporary one) */
    int tap;                    /* --tap */
    int verbose;                /* -v */
    interleave_check_options opts; /* --max-states */
    double max_seconds;         /* --max-seconds, 0: none */
    uint64_t max_memory;        /* --max-memory in bytes, 0: the default */
    const char *max_memory_text;
} args;

/* One program's line in the report: the engine's verdict, or the error
 * of a path with nothing to check. */
typedef struct entry {
    interleave_verdict *v; /* NULL for a path error */
    char *detail;          /* the verdict's detail and what this command adds, or NULL */
    char *error;           /* a path error's message, or NULL */
    cli_case c;            /* borrows from the above */
} entry;

static int parse_args(const cli_command *self, int argc, char **argv, args *a)
{
    int done = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *val = NULL;
        int m;
        if (done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            /* "" would be reported as ":1:1: error: ...", a position in no file */
            if (!*arg)
                return cli_usage_error(self, "check expects PROGRAM.yaml files or directories, got ''");
            a->paths = cli_realloc(a->paths, (a->npaths + 1) * sizeof *a->paths);
            a->paths[a->npaths++] = arg;
        } else if (strcmp(arg, "--") == 0) {
            done = 1;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            cli_command_help(stdout, self);
            return CLI_EXIT_CLEAN;
        } else if (strcmp(arg, "--tap") == 0) {
            a->tap = 1;
        } else if (strcmp(arg, "-v") == 0 || strcmp(arg, "--verbose") == 0) {
            a->verbose = 1;
        } else if ((m = cli_option_value(self, argc, argv, &i, "--junit", &val)) != 0) {
            if (m < 0) return CLI_EXIT_USAGE;
            if (!*val) return cli_usage_error(self, "--junit expects a file name");
            a->junit = val;
        } else if ((m = cli_option_value(self, argc, argv, &i, "--traces", &val)) != 0) {
            if (m < 0) return CLI_EXIT_USAGE;
            if (!*val) return cli_usage_error(self, "--traces expects a directory");
            a->traces = val;
        } else if ((m = cli_option_value(self, argc, argv, &i, "--print", &val)) != 0) {
            if (m < 0 || cli_parse_print(self, val, &a->opts.print)) return CLI_EXIT_USAGE;
        } else if ((m = cli_limit_option(self, argc, argv, &i, &a->opts.max_states,
                                         &a->max_seconds, &a->max_memory,
                                         &a->max_memory_text)) != 0) {
            if (m < 0) return CLI_EXIT_USAGE;
        } else {
            return cli_usage_error(self, "unknown option '%s' for check", arg);
        }
    }
    if (a->npaths == 0) return cli_usage_error(self, "check expects PROGRAM.yaml files or directories");
    return CLI_GO_ON;
}

/* ---- which files --------------------------------------------------------------- */

/* A file to check, or a path that names nothing checkable (an error
 * verdict in its place). */
typedef struct target {
    char *path;
    char *error; /* why a directory has nothing to check, or NULL */
} target;

typedef struct targets {
    target *items;
    size_t len;
} targets;

static void push(targets *t, char *path, char *error)
{
    t->items = cli_realloc(t->items, (t->len + 1) * sizeof *t->items);
    t->items[t->len++] = (target){path, error};
}

static int by_path(const void *x, const void *y)
{
    return strcmp(((const target *)x)->path, ((const target *)y)->path);
}

/* A program's file name: YAML, or Python (its twin's format, issue 15). */
static int is_program_name(const char *n)
{
    size_t len = strlen(n);
    return n[0] != '.' && ((len > 5 && strcmp(n + len - 5, ".yaml") == 0) ||
                           (len > 3 && strcmp(n + len - 3, ".py") == 0));
}

/* Appends a directory's *.yaml and *.py files (not recursing; sorted by name so
 * every machine checks them in the same order). Returns why not when it
 * has none or cannot be read: a CI job pointed at the wrong place must
 * fail, not pass with nothing checked. */
static char *list_dir(const char *dir, targets *out)
{
    DIR *d = opendir(dir);
    if (!d) return cli_format("cannot read directory '%s': %s", dir, strerror(errno));
    size_t first = out->len;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!is_program_name(e->d_name)) continue;
        char *path = cli_format("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            free(path);
            continue;
        }
        push(out, path, NULL);
    }
    closedir(d);
    if (out->len == first) return cli_format("no *.yaml or *.py files in directory '%s'", dir);
    qsort(out->items + first, out->len - first, sizeof *out->items, by_path);
    return NULL;
}

/* Every path given, directories expanded, in order. */
static void expand(const args *a, targets *out)
{
    for (size_t i = 0; i < a->npaths; i++) {
        const char *path = a->paths[i];
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            char *err = list_dir(path, out);
            if (err) push(out, cli_format("%s", path), err);
        } else {
            /* Anything else goes to the loader, which says what is wrong. */
            push(out, cli_format("%s", path), NULL);
        }
    }
}

static void targets_free(targets *t)
{
    for (size_t i = 0; i < t->len; i++) {
        free(t->items[i].path);
        free(t->items[i].error);
    }
    free(t->items);
}

/* ---- one program ------------------------------------------------------------------ */

/* The case of a verdict (or of a path error), what the report prints. */
static void fill(entry *e, const args *a, const char *file)
{
    cli_case *c = &e->c;
    c->file = file;
    if (!e->v) {
        c->status = CLI_CASE_ERROR;
        c->name = file;
        c->message = e->error;
        return;
    }
    const interleave_verdict *v = e->v;
    c->name = interleave_verdict_name(v);
    c->message = interleave_verdict_message(v);
    c->seconds = interleave_verdict_seconds(v);
    switch (interleave_verdict_kind_of(v)) {
    case INTERLEAVE_VERDICT_PASS: c->status = CLI_CASE_PASS; break;
    case INTERLEAVE_VERDICT_FAIL: c->status = CLI_CASE_FAIL; break;
    case INTERLEAVE_VERDICT_ERROR: c->status = CLI_CASE_ERROR; break;
    }
    const char *detail = interleave_verdict_detail(v), *stopped = interleave_verdict_stopped_by(v);
    if (detail && stopped && strcmp(stopped, "--max-memory") == 0)
        e->detail = cli_format("%s\nstopped by the memory budget (%s--max-memory %s, %" PRIu64
                               " states)", detail, a->max_memory ? "" : "default ",
                               interleave_memory_budget_text(), interleave_verdict_states(v));
    else if (detail)
        e->detail = cli_format("%s", detail);
    c->detail = e->detail;
}

static void print_detail(const char *detail)
{
    for (const char *s = detail; s && *s;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        printf("  %.*s\n", (int)len, s);
        s += len + (nl != NULL);
    }
}

/* The human line(s) of one verdict; a program's name or path is the
 * user's: escaped. */
static void print_human(const cli_case *c)
{
    switch (c->status) {
    case CLI_CASE_PASS:
        fputs("ok ", stdout);
        cli_put_display(stdout, c->name);
        printf(" (%s, %.2f s)\n", c->message, c->seconds);
        break;
    case CLI_CASE_FAIL:
        fputs("FAIL ", stdout);
        cli_put_display(stdout, c->name);
        putchar('\n');
        print_detail(c->detail);
        break;
    case CLI_CASE_ERROR:
        fputs("ERROR ", stdout);
        cli_put_display(stdout, c->name);
        putchar('\n');
        print_detail(c->message);
        break;
    }
}

/* ---- the run ---------------------------------------------------------------------- */

/* Written whole or not at all: an old report stays until the new one is
 * complete. */
static int write_junit(const char *path, const entry *entries, size_t n)
{
    cli_case *cases = cli_realloc(NULL, (n + 1) * sizeof *cases);
    for (size_t i = 0; i < n; i++) cases[i] = entries[i].c;
    char *xml = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&xml, &len);
    if (!f) cli_realloc(NULL, SIZE_MAX); /* out of memory: says so and exits */
    cli_suite_junit(f, cases, n);
    fclose(f);
    free(cases);
    interleave_status st = interleave_output_write(path, xml, len);
    free(xml);
    return st == INTERLEAVE_OK ? 0 : -1;
}

static void entries_free(entry *entries, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        interleave_verdict_free(entries[i].v);
        free(entries[i].detail);
        free(entries[i].error);
    }
    free(entries);
}

static int exec_check(const cli_command *self, int argc, char **argv)
{
    args a;
    memset(&a, 0, sizeof a);
    interleave_check_options_init(&a.opts);
    int rc = parse_args(self, argc, argv, &a);
    if (rc != CLI_GO_ON) {
        free(a.paths);
        return rc;
    }
    cli_signals_install(1);
    /* One budget for the run: each program is explored, and freed, in turn. */
    rc = cli_configure(a.max_memory ? a.max_memory : interleave_memory_default(),
                       a.max_memory_text, a.max_seconds);
    /* Fail before exploring anything when the report cannot be written
     * (without touching an old one). */
    if (!rc && a.junit && interleave_output_probe(a.junit) != INTERLEAVE_OK) rc = CLI_EXIT_IO;
    interleave_checker *checker = NULL;
    if (!rc) rc = cli_exit_of(interleave_checker_new(a.traces, &checker));
    if (rc) {
        free(a.paths);
        return rc;
    }

    targets files = {0};
    expand(&a, &files);
    /* no output (the report, a trace) may replace a program checked */
    for (size_t i = 0; i < files.len; i++) interleave_protect_input(files.items[i].path);
    if (a.junit && interleave_is_input(a.junit)) {
        rc = cli_usage_error(self, "--junit '%s' is one of the programs checked: it would be "
                                   "overwritten", a.junit);
        targets_free(&files);
        interleave_checker_free(checker);
        free(a.paths);
        return rc;
    }
    if (a.tap) cli_suite_tap_plan(stdout, files.len);

    entry *entries = cli_realloc(NULL, (files.len + 1) * sizeof *entries);
    size_t n = 0, passed = 0, failed = 0, errors = 0, incomplete = 0;
    size_t unchecked = 0;  /* left when a signal stopped the run */
    size_t stopped_at = 0; /* 1 + the program whose load a limit stopped */
    for (size_t i = 0; i < files.len; i++) {
        if (cli_signal_requested()) {
            unchecked = files.len - i;
            break;
        }
        /* Earlier lines first, then this program's stderr messages. */
        fflush(stdout);
        entry *e = &entries[n++];
        memset(e, 0, sizeof *e);
        const target *t = &files.items[i];
        if (t->error) { /* a directory with nothing to check */
            fprintf(stderr, "interleave: error: %s\n", t->error);
            e->error = cli_format("%s", t->error);
        } else {
            interleave_status st = interleave_check(checker, t->path, &a.opts, &e->v);
            if (st == INTERLEAVE_NOMEM) return CLI_EXIT_NOMEM; /* nothing can be freed */
            if (st == INTERLEAVE_LIMIT) stopped_at = i + 1;
        }
        fill(e, &a, t->path);
        if (e->c.status == CLI_CASE_PASS) passed++;
        else if (e->c.status == CLI_CASE_ERROR) errors++;
        else {
            failed++;
            incomplete += (size_t)interleave_verdict_incomplete(e->v);
        }
        if (a.tap) cli_suite_tap_case(stdout, n, &e->c);
        else print_human(&e->c);
        const char *note = a.verbose && e->v ? interleave_verdict_checked(e->v) : NULL;
        if (note) printf(a.tap ? "# %s\n" : "  %s\n", note);
        if (stopped_at) break;
    }
    if (stopped_at && stopped_at < files.len)
        printf(a.tap ? "# stopped by %s: %zu more not checked\n" : "stopped by %s: %zu more not checked\n",
               interleave_stop_reason(), files.len - stopped_at);
    /* the cases borrow the paths: the file list stays until the JUnit report */

    if (cli_signal_requested())
        printf(a.tap ? "# stopped by %s: %zu program%s not checked\n"
                     : "stopped by %s: %zu program%s not checked\n",
               cli_signal_name(), unchecked, unchecked == 1 ? "" : "s");
    /* `N passed, M failed` stays a line of its own, last, for CI parsers. */
    if (a.tap) {
        if (errors) printf("# %zu could not be checked (bad input)\n", errors);
        printf("# %zu passed, %zu failed\n", passed, failed);
    } else {
        if (errors)
            printf("%zu program%s could not be checked (bad input, see above)\n", errors,
                   errors == 1 ? "" : "s");
        printf("%zu passed, %zu failed\n", passed, failed);
    }

    rc = CLI_EXIT_CLEAN;
    if (errors) rc = CLI_EXIT_USAGE;
    else if (failed > incomplete) rc = CLI_EXIT_FOUND;
    else if (incomplete) rc = CLI_EXIT_LIMIT;
    /* A report of part of the programs must not replace a whole one. */
    if (a.junit && cli_signal_requested()) {
        fprintf(stderr, "interleave: note: --junit '%s' not written (stopped by %s)\n", a.junit,
                cli_signal_name());
    } else if (a.junit) {
        if (write_junit(a.junit, entries, n) != 0) rc = CLI_EXIT_IO;
    }
    if (cli_signal_requested()) rc = cli_signal_status();
    entries_free(entries, n);
    targets_free(&files);
    interleave_checker_free(checker);
    free(a.paths);
    return rc;
}
