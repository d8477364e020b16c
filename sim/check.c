/* check.c - the `check` command (see check.h): for each program, load,
 * compile, validate the expect: expressions, explore, compare (expect.h),
 * write a trace for every difference an interleaving demonstrates, and
 * report in the chosen form (human lines or TAP on stdout, JUnit to a
 * file). Bad input in one program never stops the others: CI should see
 * every problem of a run at once. */
#include "check.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler.h"
#include "diag.h"
#include "explorer.h"
#include "expect.h"
#include "interleave.h"
#include "limit.h"
#include "loader.h"
#include "outfile.h"
#include "program.h"
#include "stop.h"
#include "suite.h"
#include "trace.h"
#include "util.h"

enum { ST_CLEAN = 0, ST_FOUND = 1, ST_USAGE = 2, ST_LIMIT = 3, ST_INTERNAL = 4, ST_IO = 5 };

/* An option parser's answer when the command should go on. */
#define GO_ON (-1)

typedef struct args {
    IL_VEC(const char *) paths; /* as given: files and directories */
    const char *junit;          /* --junit FILE, or NULL */
    const char *traces;         /* --traces DIR, or NULL (a temporary one) */
    int tap;                    /* --tap */
    int verbose;                /* -v */
    il_explore_opts opts;       /* --max-states, --max-seconds */
    uint64_t max_memory;        /* --max-memory in bytes, 0: the default */
    char budget[64];            /* the budget as shown in messages */
    int memory_default;         /* 1: no --max-memory, 75% of RAM */
} args;

/* What one program's verdict owns (il_case only borrows). */
typedef struct verdict {
    il_case c;
    char *name, *file, *message, *detail;
    char *note;     /* -v: what was not checked, or NULL */
    int incomplete; /* failed only because a limit stopped exploring */
} verdict;

/* The whole run. */
/* Strings, each with a number, in an open-addressing table: so that many
 * programs sharing a name find their NAME-k directories in constant time
 * rather than comparing with every directory taken, k times over. */
typedef struct strmap {
    char **key;
    int *val;
    size_t cap, n;
} strmap;

typedef struct run {
    args a;
    char *tmpdir;               /* mkdtemp'd trace directory, once needed */
    IL_VEC(char *) subdirs;     /* per-program trace directories used so far */
    strmap taken, next_k;       /* those directories; per name, the next k to try */
    IL_VEC(verdict) verdicts;
    size_t passed, failed, errors, incomplete;
} run;

/* ---- options ---------------------------------------------------------------- */

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("interleave: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nusage: interleave check " IL_CHECK_USAGE "\n"
          "Try 'interleave --help' for more information.\n", stderr);
    return ST_USAGE;
}

/* `--name VALUE` or `--name=VALUE`: 1 and *val set, 0 for another option,
 * -1 when the value is missing (reported). */
static int option_value(int argc, char **argv, int *i, const char *name, const char **val)
{
    int m = il_option_value(argc, argv, i, name, val);
    if (m < 0) usage_error("%s expects a value", name);
    return m;
}

/* Decimal digits only, as explore's --max-states. */
static int parse_count(const char *s, uint64_t *out)
{
    const char *p = s;
    while (*p >= '0' && *p <= '9') p++;
    errno = 0;
    unsigned long long v = p != s && !*p ? strtoull(s, NULL, 10) : 0;
    if (v == 0 || errno == ERANGE)
        return usage_error("--max-states expects a positive integer, got '%s'", s);
    *out = v;
    return 0;
}

/* A plain decimal such as 12, 0.5 or .25, as explore's --max-seconds. */
static int parse_seconds(const char *s, double *out)
{
    const char *p = s;
    size_t digits = 0;
    while (*p >= '0' && *p <= '9') p++, digits++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++) digits++;
    double v = digits && !*p ? strtod(s, NULL) : 0;
    if (!(v > 0))
        return usage_error("--max-seconds expects a positive number of seconds, got '%s'", s);
    *out = v;
    return 0;
}

static int parse_args(int argc, char **argv, args *a)
{
    int done = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *val = NULL;
        int m;
        if (done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            /* "" would be reported as ":1:1: error: ...", a position in no file */
            if (!*arg) return usage_error("check expects PROGRAM.yaml files or directories, got ''");
            IL_VEC_PUSH(a->paths, arg);
        } else if (strcmp(arg, "--") == 0) {
            done = 1;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs("usage: interleave check " IL_CHECK_USAGE "\n\n" IL_CHECK_SUMMARY
                  "\n\noptions:\n" IL_CHECK_OPTIONS, stdout);
            return ST_CLEAN;
        } else if (strcmp(arg, "--tap") == 0) {
            a->tap = 1;
        } else if (strcmp(arg, "-v") == 0 || strcmp(arg, "--verbose") == 0) {
            a->verbose = 1;
        } else if ((m = option_value(argc, argv, &i, "--junit", &val)) != 0) {
            if (m < 0) return ST_USAGE;
            if (!*val) return usage_error("--junit expects a file name");
            a->junit = val;
        } else if ((m = option_value(argc, argv, &i, "--traces", &val)) != 0) {
            if (m < 0) return ST_USAGE;
            if (!*val) return usage_error("--traces expects a directory");
            a->traces = val;
        } else if ((m = option_value(argc, argv, &i, "--max-states", &val)) != 0) {
            if (m < 0 || parse_count(val, &a->opts.max_states)) return ST_USAGE;
        } else if ((m = option_value(argc, argv, &i, "--max-seconds", &val)) != 0) {
            if (m < 0 || parse_seconds(val, &a->opts.max_seconds)) return ST_USAGE;
        } else if ((m = option_value(argc, argv, &i, "--max-memory", &val)) != 0) {
            if (m < 0) return ST_USAGE;
            if (il_parse_size(val, &a->max_memory) != 0)
                return usage_error("--max-memory expects a size such as 4G, 512M or 100000000 "
                                   "(bytes), got '%s'", val);
            if (a->max_memory < INTERLEAVE_MIN_MEMORY)
                return usage_error("--max-memory must be at least " INTERLEAVE_MIN_MEMORY_TEXT " (nothing "
                                   "can be explored in less), got '%s'", val);
            snprintf(a->budget, sizeof a->budget, "%s", val);
        } else {
            return usage_error("unknown option '%s' for check", arg);
        }
    }
    if (a->paths.len == 0) return usage_error("check expects PROGRAM.yaml files or directories");
    return GO_ON;
}

/* ---- which files --------------------------------------------------------------- */

/* A file to check, or a path that names nothing checkable (an error
 * verdict in its place). */
typedef struct target {
    char *path;
    char *error; /* why a directory has nothing to check, or NULL */
} target;
typedef IL_VEC(target) targets;

static int by_path(const void *x, const void *y)
{
    return strcmp(((const target *)x)->path, ((const target *)y)->path);
}

static int is_yaml_name(const char *n)
{
    size_t len = strlen(n);
    return n[0] != '.' && len > 5 && strcmp(n + len - 5, ".yaml") == 0;
}

/* Appends a directory's *.yaml files (not recursing; sorted by name so
 * every machine checks them in the same order). Returns why not when it
 * has none or cannot be read: a CI job pointed at the wrong place must
 * fail, not pass with nothing checked. */
static char *list_dir(const char *dir, targets *out)
{
    il_buf err = {0};
    DIR *d = opendir(dir);
    if (!d) {
        il_buf_printf(&err, "cannot read directory '%s': %s", dir, strerror(errno));
        return err.data;
    }
    size_t first = out->len;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!is_yaml_name(e->d_name)) continue;
        il_buf b = {0};
        il_buf_printf(&b, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
        struct stat st;
        if (stat(b.data, &st) == 0 && S_ISDIR(st.st_mode)) {
            il_buf_free(&b);
            continue;
        }
        IL_VEC_PUSH(*out, ((target){b.data, NULL}));
    }
    closedir(d);
    if (out->len == first) {
        il_buf_printf(&err, "no *.yaml files in directory '%s'", dir);
        return err.data;
    }
    qsort(out->items + first, out->len - first, sizeof *out->items, by_path);
    return NULL;
}

/* Every path given, directories expanded, in order. */
static void expand(const args *a, targets *out)
{
    for (size_t i = 0; i < a->paths.len; i++) {
        const char *path = a->paths.items[i];
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            char *err = list_dir(path, out);
            if (err) IL_VEC_PUSH(*out, ((target){il_xstrdup(path), err}));
        } else {
            /* Anything else goes to the loader, which says what is wrong. */
            IL_VEC_PUSH(*out, ((target){il_xstrdup(path), NULL}));
        }
    }
}

/* -v: which expectations a program's check compared ("checked: outputs, races"). */
static char *checked_forms(const il_expect *x)
{
    il_buf b = {0};
    il_buf_puts(&b, "checked:");
    const char *sep = " ";
#define FORM(cond, name) if (cond) { il_buf_printf(&b, "%s%s", sep, name); sep = ", "; }
    FORM(x->has_outputs, "outputs")
    FORM(x->has_finals, "finals")
    FORM(x->always, "always")
    FORM(x->sometimes, "sometimes")
    FORM(x->never, "never")
    FORM(x->deadlock != IL_TRI_UNSET, "deadlock")
    FORM(x->races != IL_TRI_UNSET, "races")
    FORM(x->errors != IL_TRI_UNSET, "errors")
    FORM(x->interleavings, "interleavings")
#undef FORM
    if (*sep == ' ') il_buf_puts(&b, " nothing");
    return b.data;
}

/* ---- traces ---------------------------------------------------------------------- */

/* mkdir -p: the --traces directory may not exist yet. */
static int mkdir_p(const char *path)
{
    char *p = il_xstrdup(path);
    int rc = 0;
    for (char *s = p + 1; *s && rc == 0; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) rc = -1;
        *s = '/';
    }
    if (rc == 0 && mkdir(p, 0777) != 0 && errno != EEXIST) rc = -1;
    free(p);
    return rc;
}

/* The program name as one safe path component: other characters (blanks,
 * slashes, UTF-8) become one '_' per run, so "lost update" -> lost_update.
 * Cut to 200 bytes, leaving room for a "-2" suffix under NAME_MAX (255): a
 * longer name: would lose every trace to ENAMETOOLONG. */
static char *component(const char *name)
{
    const char *s = name && *name ? name : "program";
    char *out = il_xmalloc(strlen(s) + 1), *q = out;
    for (; *s && q - out < 200; s++) {
        char ch = *s;
        int keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                   (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || (ch == '.' && q != out);
        if (keep) *q++ = ch;
        else if (q == out || q[-1] != '_') *q++ = '_';
    }
    *q = '\0';
    return out;
}

/* Removes the traces an earlier check left in a program's directory, so
 * that it holds this run's only (a reused --traces DIR must not show a
 * stale unexpected-3.yaml next to this run's two). Other files stay. */
static void remove_old_traces(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (strncmp(n, "unexpected-", 11) != 0 && strncmp(n, "counterexample-", 15) != 0 &&
            strcmp(n, "deadlock.yaml") != 0 && strcmp(n, "error.yaml") != 0)
            continue;
        il_buf b = {0};
        il_buf_printf(&b, "%s/%s", dir, n);
        if (!il_outfile_is_input(b.data)) unlink(b.data); /* a program checked stays */
        il_buf_free(&b);
    }
    closedir(d);
}

static size_t strmap_slot(const strmap *m, const char *k)
{
    uint64_t h = 1469598103934665603ull;
    for (const char *s = k; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    size_t j = (size_t)h & (m->cap - 1);
    while (m->key[j] && strcmp(m->key[j], k) != 0) j = (j + 1) & (m->cap - 1);
    return j;
}

/* k's number, or NULL when absent and add is 0 (add: a new k starts at 0). */
static int *strmap_get(strmap *m, const char *k, int add)
{
    if (m->cap) {
        size_t j = strmap_slot(m, k);
        if (m->key[j]) return &m->val[j];
    }
    if (!add) return NULL;
    if ((m->n + 1) * 2 > m->cap) {
        strmap old = *m;
        m->cap = old.cap ? old.cap * 2 : 64;
        m->key = il_xcalloc(m->cap, sizeof *m->key);
        m->val = il_xcalloc(m->cap, sizeof *m->val);
        for (size_t i = 0; i < old.cap; i++) {
            if (!old.key[i]) continue;
            size_t j = strmap_slot(m, old.key[i]);
            m->key[j] = old.key[i];
            m->val[j] = old.val[i];
        }
        free(old.key);
        free(old.val);
    }
    size_t j = strmap_slot(m, k);
    m->key[j] = il_xstrdup(k);
    m->val[j] = 0;
    m->n++;
    return &m->val[j];
}

static void strmap_free(strmap *m)
{
    for (size_t i = 0; i < m->cap; i++) free(m->key[i]);
    free(m->key);
    free(m->val);
    memset(m, 0, sizeof *m);
}

/* This program's trace directory, DIR/NAME (NAME-2, ... when two programs
 * of one run share a name, so neither overwrites the other's traces).
 * NULL, with why in *err, when it cannot be made. */
static char *program_dir(run *R, const char *name, char **err)
{
    const char *base = R->a.traces;
    if (!base) {
        if (!R->tmpdir) {
            char tmpl[] = "/tmp/interleave-check-XXXXXX";
            if (!mkdtemp(tmpl)) {
                il_buf b = {0};
                il_buf_printf(&b, "cannot create a directory in /tmp: %s", strerror(errno));
                *err = b.data;
                return NULL;
            }
            R->tmpdir = il_xstrdup(tmpl);
        }
        base = R->tmpdir;
    }
    char *comp = component(name);
    il_buf b = {0};
    int *next = strmap_get(&R->next_k, comp, 1), k;
    for (k = *next > 1 ? *next : 1;; k++) {
        il_buf_free(&b);
        il_buf_printf(&b, "%s/%s", base, comp);
        if (k > 1) il_buf_printf(&b, "-%d", k);
        if (!strmap_get(&R->taken, b.data, 0)) break;
    }
    free(comp);
    if (mkdir_p(b.data) != 0) {
        il_buf e = {0};
        il_buf_printf(&e, "cannot create directory '%s': %s", b.data, strerror(errno));
        *err = e.data;
        il_buf_free(&b);
        return NULL;
    }
    remove_old_traces(b.data);
    IL_VEC_PUSH(R->subdirs, il_xstrdup(b.data));
    strmap_get(&R->taken, b.data, 1);
    *next = k + 1;
    return b.data;
}

/* One program being checked: what the trace writer needs. */
typedef struct prog_run {
    run *R;
    const il_program *p;
    const il_code *code;
    const il_explorer *x;
    char *dir;       /* its trace directory, made on the first trace */
    char *dir_error; /* why it could not be made */
    IL_VEC(char *) names, notes; /* trace names written, and what each line says */
} prog_run;

static void prog_run_free(prog_run *pr)
{
    for (size_t i = 0; i < pr->names.len; i++) {
        free(pr->names.items[i]);
        free(pr->notes.items[i]);
    }
    free(pr->names.items);
    free(pr->notes.items);
    free(pr->dir);
    free(pr->dir_error);
}

/* " (trace: PATH)" for diff d, writing the trace the first time its name
 * comes up (differences ending in one state share it), or why there is
 * none: a missing trace weakens the report but does not hide the diff. */
static const char *trace_note(prog_run *pr, const il_diff *d)
{
    for (size_t i = 0; i < pr->names.len; i++)
        if (strcmp(pr->names.items[i], d->trace_name) == 0) return pr->notes.items[i];
    il_buf note = {0};
    if (!pr->dir && !pr->dir_error) pr->dir = program_dir(pr->R, pr->p->name, &pr->dir_error);
    if (pr->dir) {
        il_buf path = {0};
        il_buf_printf(&path, "%s/%s.yaml", pr->dir, d->trace_name);
        size_t n = d->sched ? d->nsched : il_explorer_path(pr->x, d->state, NULL, 0);
        uint32_t *sched = il_xcalloc(n + (size_t)d->nextra + 1, sizeof *sched);
        if (d->sched) {
            memcpy(sched, d->sched, n * sizeof *sched);
        } else {
            il_explorer_path(pr->x, d->state, sched, n);
            for (int k = 0; k < d->nextra; k++) sched[n++] = d->extra[k];
        }
        il_diag td;
        il_diag_init(&td, path.data, NULL); /* its message goes into the line */
        int rc = il_trace_write(path.data, pr->code, pr->p->path, sched, n, &td);
        if (rc == 0)
            il_buf_printf(&note, " (trace: %s)", path.data);
        else if (rc == IL_TRACE_LIMIT)
            il_buf_printf(&note, " (no trace: stopped by %s)", il_limit_stopped());
        else
            il_buf_printf(&note, " (no trace: %s)", td.first);
        free(sched);
        il_buf_free(&path);
    } else {
        il_buf_printf(&note, " (no trace: %s)", pr->dir_error);
    }
    IL_VEC_PUSH(pr->names, il_xstrdup(d->trace_name));
    IL_VEC_PUSH(pr->notes, note.data);
    return note.data;
}

/* ---- one program -------------------------------------------------------------- */

static void print_detail(const char *detail)
{
    for (const char *s = detail; s && *s;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        printf("  %.*s\n", (int)len, s);
        s += len + (nl != NULL);
    }
}

/* Bad input: the loader, compiler or evaluator has printed its
 * FILE:LINE:COL message on stderr; the report repeats it, so that stdout
 * (or the JUnit file) alone says why the program was not checked. */
static void set_error(verdict *v, const char *name, const il_diag *d, const char *fallback)
{
    v->c.status = IL_CASE_ERROR;
    v->name = il_xstrdup(name);
    v->message = il_xstrdup(d->errors ? d->first : fallback);
}

static void compare(run *R, verdict *v, const il_program *p, const il_code *code,
                    il_explorer *x, const il_result *r, il_diag *d)
{
    il_diffs diffs = {0};
    v->c.seconds = r->seconds;
    if (il_expect_compare(p, r, &diffs, d) != 0) {
        set_error(v, p->name, d, "an expect: expression could not be evaluated");
        il_diffs_free(&diffs);
        return;
    }
    v->name = il_xstrdup(p->name);
    if (diffs.len == 0) {
        il_buf m = {0};
        if (!r->reduced)
            il_buf_printf(&m, "%s interleaving%s, %zu outcome%s", r->total,
                          strcmp(r->total, "1") == 0 ? "" : "s", r->noutcomes,
                          r->noutcomes == 1 ? "" : "s");
        else
            il_buf_printf(&m, "%zu outcome%s, reduced (no count expected)",
                          r->noutcomes, r->noutcomes == 1 ? "" : "s");
        v->c.status = IL_CASE_PASS;
        v->message = m.data;
    } else {
        prog_run pr = {.R = R, .p = p, .code = code, .x = x};
        il_buf detail = {0};
        for (size_t i = 0; i < diffs.len; i++) {
            const il_diff *df = &diffs.items[i];
            il_buf_printf(&detail, "%s%s", i ? "\n" : "", df->text);
            if (df->has_state && df->trace_name) il_buf_puts(&detail, trace_note(&pr, df));
        }
        prog_run_free(&pr);
        v->c.status = IL_CASE_FAIL;
        v->detail = detail.data;
        const char *nl = strchr(detail.data, '\n');
        v->message = nl ? il_xstrndup(detail.data, (size_t)(nl - detail.data))
                        : il_xstrdup(detail.data);
        v->incomplete = !r->complete;
    }
    il_diffs_free(&diffs);
}

/* Returns 0, or -1 when a limit stopped loading or compiling: the memory
 * the load held cannot be freed, so the run ends (limit.h). */
static int check_file(run *R, verdict *v, const char *file)
{
    v->file = il_xstrdup(file);
    il_diag d;
    il_diag_init(&d, file, &il_stderr_sink);
    /* the program's limits cover its load, exploration and traces */
    il_limit_begin(R->a.opts.max_seconds);
    jmp_buf stop;
    if (setjmp(stop)) {
        il_buf b = {0};
        il_buf_printf(&b, "incomplete: stopped by %s while loading the program (nothing explored)",
                      il_limit_stopped());
        v->c.status = IL_CASE_FAIL;
        v->name = il_xstrdup(file);
        v->message = il_xstrdup(b.data);
        v->detail = b.data;
        v->incomplete = 1;
        return -1;
    }
    il_limit_guard(&stop);
    il_program *p = il_load_program(file, &d);
    if (!p) {
        il_limit_guard(NULL);
        set_error(v, file, &d, "cannot load the program");
        return 0;
    }
    il_code *code = il_compile(p, &d);
    il_limit_guard(NULL);
    if (!code) {
        set_error(v, p->name, &d, "cannot compile the program");
    } else if (il_expect_validate(p, &d) != 0) {
        set_error(v, p->name, &d, "malformed expect: block");
    } else {
        /* without --max-states, as many states as fit in the memory budget */
        il_explore_opts o = R->a.opts;
        /* without an expected count, the reduced graph gives the same
         * answers to every other expect: form, usually much faster */
        o.no_counts = !p->expect.interleavings;
        o.max_bytes = il_limit_graph_bytes(R->a.max_memory);
        o.max_seconds = 0; /* il_limit_begin above */
        il_explorer *x = il_explorer_new(code);
        const il_result *r = il_explore(x, &o);
        compare(R, v, p, code, x, r, &d);
        if (v->detail && !r->complete && r->stopped_by &&
            strcmp(r->stopped_by, "--max-memory") == 0) {
            il_buf b = {0};
            il_buf_printf(&b, "%s\nstopped by the memory budget (%s--max-memory %s, %" PRIu64
                              " states)", v->detail, R->a.memory_default ? "default " : "",
                          R->a.budget, r->states);
            free(v->detail);
            v->detail = b.data;
        }
        if (R->a.verbose && v->c.status != IL_CASE_ERROR) v->note = checked_forms(&p->expect);
        il_explorer_free(x);
    }
    il_code_free(code);
    il_program_free(p);
    return 0;
}

/* The human line(s) of one verdict. */
static void print_human(const verdict *v)
{
    il_buf name = {0}; /* a program's name or path is the user's: escaped */
    il_buf_put_display(&name, v->name);
    switch (v->c.status) {
    case IL_CASE_PASS:
        printf("ok %s (%s, %.2f s)\n", name.data, v->message, v->c.seconds);
        break;
    case IL_CASE_FAIL:
        printf("FAIL %s\n", name.data);
        print_detail(v->detail);
        break;
    case IL_CASE_ERROR:
        printf("ERROR %s\n", name.data);
        print_detail(v->message);
        break;
    }
    il_buf_free(&name);
}

/* ---- the run ---------------------------------------------------------------------- */

static void run_free(run *R)
{
    for (size_t i = 0; i < R->verdicts.len; i++) {
        verdict *v = &R->verdicts.items[i];
        free(v->name);
        free(v->file);
        free(v->message);
        free(v->detail);
        free(v->note);
    }
    free(R->verdicts.items);
    for (size_t i = 0; i < R->subdirs.len; i++) free(R->subdirs.items[i]);
    free(R->subdirs.items);
    strmap_free(&R->taken);
    strmap_free(&R->next_k);
    free(R->tmpdir);
    free(R->a.paths.items);
}

/* Written whole or not at all (outfile.h): an old report stays until the
 * new one is complete. */
static int write_junit(const run *R, il_case *cases)
{
    il_outfile o;
    int e = il_outfile_open(&o, R->a.junit);
    if (!e) {
        il_suite_junit(o.f, cases, R->verdicts.len);
        e = il_outfile_commit(&o);
    }
    if (e) {
        fprintf(stderr, "interleave: error: cannot write '%s': %s\n", R->a.junit,
                il_outfile_strerror(e));
        return -1;
    }
    return 0;
}

int il_cmd_check(int argc, char **argv)
{
    run R = {0};
    int rc = parse_args(argc, argv, &R.a);
    if (rc != GO_ON) {
        free(R.a.paths.items);
        return rc;
    }
    il_stop_install(1);
    /* Fail before exploring anything when the report cannot be written
     * (without touching an old one). */
    if (R.a.junit) {
        int e = il_outfile_probe(R.a.junit);
        if (e) {
            fprintf(stderr, "interleave: error: cannot write '%s': %s\n", R.a.junit,
                    il_outfile_strerror(e));
            free(R.a.paths.items);
            return ST_IO;
        }
    }

    /* One budget for the run: each program is explored, and freed, in turn. */
    if (!R.a.max_memory) {
        R.a.max_memory = il_memory_default();
        il_format_size(R.a.max_memory, R.a.budget, sizeof R.a.budget);
        R.a.memory_default = 1;
    }
    il_limit_memory(R.a.max_memory, R.a.budget);

    targets files = {0};
    size_t stopped_at = 0; /* 1 + the program whose load a limit stopped */
    expand(&R.a, &files);
    /* no output (the report, a trace) may replace a program checked */
    for (size_t i = 0; i < files.len; i++) il_outfile_protect(files.items[i].path);
    if (R.a.junit && il_outfile_is_input(R.a.junit)) {
        rc = usage_error("--junit '%s' is one of the programs checked: it would be overwritten",
                         R.a.junit);
        for (size_t i = 0; i < files.len; i++) {
            free(files.items[i].path);
            free(files.items[i].error);
        }
        free(files.items);
        run_free(&R);
        return rc;
    }
    if (R.a.tap) il_suite_tap_plan(stdout, files.len);

    size_t unchecked = 0; /* left when a signal stopped the run */
    for (size_t i = 0; i < files.len; i++) {
        if (il_stop_requested()) {
            unchecked = files.len - i;
            break;
        }
        /* Earlier lines first, then this program's stderr messages. */
        fflush(stdout);
        IL_VEC_GROW(R.verdicts, R.verdicts.len + 1);
        verdict *v = &R.verdicts.items[R.verdicts.len++];
        memset(v, 0, sizeof *v);
        const target *t = &files.items[i];
        if (t->error) { /* a directory with nothing to check */
            fprintf(stderr, "interleave: error: %s\n", t->error);
            v->c.status = IL_CASE_ERROR;
            v->name = il_xstrdup(t->path);
            v->file = il_xstrdup(t->path);
            v->message = il_xstrdup(t->error);
        } else if (check_file(&R, v, t->path) != 0) {
            stopped_at = i + 1;
        }
        v->c.name = v->name;
        v->c.file = v->file;
        v->c.message = v->message;
        v->c.detail = v->detail;
        if (v->c.status == IL_CASE_PASS) R.passed++;
        else if (v->c.status == IL_CASE_ERROR) R.errors++;
        else {
            R.failed++;
            R.incomplete += (size_t)v->incomplete;
        }
        if (R.a.tap) il_suite_tap_case(stdout, R.verdicts.len, &v->c);
        else print_human(v);
        if (v->note) printf(R.a.tap ? "# %s\n" : "  %s\n", v->note);
        if (stopped_at) break;
    }
    if (stopped_at && stopped_at < files.len)
        printf(R.a.tap ? "# stopped by %s: %zu more not checked\n"
                       : "stopped by %s: %zu more not checked\n",
               il_limit_stopped(), files.len - stopped_at);
    for (size_t i = 0; i < files.len; i++) {
        free(files.items[i].path);
        free(files.items[i].error);
    }
    free(files.items);

    if (il_stop_requested())
        printf(R.a.tap ? "# stopped by %s: %zu program%s not checked\n"
                       : "stopped by %s: %zu program%s not checked\n",
               il_stop_name(), unchecked, unchecked == 1 ? "" : "s");
    /* `N passed, M failed` stays a line of its own, last, for CI parsers. */
    if (R.a.tap) {
        if (R.errors) printf("# %zu could not be checked (bad input)\n", R.errors);
        printf("# %zu passed, %zu failed\n", R.passed, R.failed);
    } else {
        if (R.errors)
            printf("%zu program%s could not be checked (bad input, see above)\n", R.errors,
                   R.errors == 1 ? "" : "s");
        printf("%zu passed, %zu failed\n", R.passed, R.failed);
    }

    rc = ST_CLEAN;
    if (R.errors) rc = ST_USAGE;
    else if (R.failed > R.incomplete) rc = ST_FOUND;
    else if (R.incomplete) rc = ST_LIMIT;
    /* A report of part of the programs must not replace a whole one. */
    if (R.a.junit && il_stop_requested()) {
        fprintf(stderr, "interleave: note: --junit '%s' not written (stopped by %s)\n",
                R.a.junit, il_stop_name());
    } else if (R.a.junit) {
        il_case *cases = il_xcalloc(R.verdicts.len, sizeof *cases);
        for (size_t i = 0; i < R.verdicts.len; i++) cases[i] = R.verdicts.items[i].c;
        if (write_junit(&R, cases) != 0) rc = ST_IO;
        free(cases);
    }
    if (il_stop_requested()) rc = il_stop_status();
    run_free(&R);
    return rc;
}
