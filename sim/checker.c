/* checker.c - checking programs against their expect: blocks (see
 * checker.h): for each, load, compile, validate the expect: expressions,
 * explore, compare (expect.h), and write a trace for every difference an
 * interleaving demonstrates, in the run's trace directory. */
#include "checker.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hashset.h"
#include "compiler.h"
#include "expect.h"
#include "limit.h"
#include "loader.h"
#include "outfile.h"
#include "trace.h"

/* Strings, each with a number, in a hash set: so that many
 * programs sharing a name find their NAME-k directories in constant time
 * rather than comparing with every directory taken, k times over. */
typedef struct strmap {
    il_hashset set;             /* the strings (hashset.h) */
    IL_VEC(int) val;            /* per id: its number */
} strmap;

struct il_checker {
    char *traces;               /* the trace directory asked for, or NULL */
    const il_sink *out;         /* where messages about the programs go */
    char *tmpdir;               /* mkdtemp'd trace directory, once needed */
    IL_VEC(char *) subdirs;     /* per-program trace directories used so far */
    strmap taken, next_k;       /* those directories; per name, the next k to try */
};

/* Which expectations a program's check compared ("checked: outputs, races"). */
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
    il_free(p);
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

/* k's number, or NULL when absent and add is 0 (add: a new k starts at 0). */
static int *strmap_get(strmap *m, const char *k, int add)
{
    uint32_t id = il_hashset_find(&m->set, k, strlen(k));
    if (id != IL_HASHSET_NONE) return &m->val.items[id];
    if (!add) return NULL;
    int added;
    id = il_hashset_add(&m->set, k, strlen(k), &added);
    IL_VEC_PUSH(m->val, 0);
    return &m->val.items[id];
}

static void strmap_free(strmap *m)
{
    il_hashset_free(&m->set);
    il_free(m->val.items);
    memset(m, 0, sizeof *m);
}

/* This program's trace directory, DIR/NAME (NAME-2, ... when two programs
 * of one run share a name, so neither overwrites the other's traces).
 * NULL, with why in *err, when it cannot be made. */
static char *program_dir(il_checker *R, const char *name, char **err)
{
    const char *base = R->traces;
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
    il_free(comp);
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
    il_checker *R;
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
        il_free(pr->names.items[i]);
        il_free(pr->notes.items[i]);
    }
    il_free(pr->names.items);
    il_free(pr->notes.items);
    il_free(pr->dir);
    il_free(pr->dir_error);
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
        il_free(sched);
        il_buf_free(&path);
    } else {
        il_buf_printf(&note, " (no trace: %s)", pr->dir_error);
    }
    IL_VEC_PUSH(pr->names, il_xstrdup(d->trace_name));
    IL_VEC_PUSH(pr->notes, note.data);
    return note.data;
}

/* ---- one program -------------------------------------------------------------- */

/* Bad input: the loader, compiler or evaluator has said its FILE:LINE:COL
 * message; the verdict repeats it, so that the report alone says why the
 * program was not checked. */
static void set_error(il_verdict *v, const char *name, const il_diag *d, const char *fallback)
{
    v->kind = IL_VERDICT_ERROR;
    v->name = il_xstrdup(name);
    v->message = il_xstrdup(d->errors ? d->first : fallback);
}

static void compare(il_checker *R, il_verdict *v, const il_program *p, const il_code *code,
                    il_explorer *x, const il_result *r, il_diag *d)
{
    il_diffs diffs = {0};
    v->seconds = r->seconds;
    if (il_expect_compare(p, r, &diffs, d) != 0) {
        set_error(v, p->name, d, "an expect: expression could not be evaluated");
        il_diffs_free(&diffs);
        return;
    }
    v->name = il_xstrdup(p->name);
    if (diffs.len == 0) {
        il_buf m = {0};
        if (!r->uncounted) /* a run that passes is complete: uncounted means reduced */
            il_buf_printf(&m, "%s interleaving%s, %zu outcome%s", r->total,
                          strcmp(r->total, "1") == 0 ? "" : "s", r->noutcomes,
                          r->noutcomes == 1 ? "" : "s");
        else
            il_buf_printf(&m, "%zu outcome%s, reduced (no count expected)",
                          r->noutcomes, r->noutcomes == 1 ? "" : "s");
        v->kind = IL_VERDICT_PASS;
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
        v->kind = IL_VERDICT_FAIL;
        v->detail = detail.data;
        const char *nl = strchr(detail.data, '\n');
        v->message = nl ? il_xstrndup(detail.data, (size_t)(nl - detail.data))
                        : il_xstrdup(detail.data);
        v->incomplete = !r->complete;
    }
    il_diffs_free(&diffs);
}

int il_checker_check(il_checker *R, const char *file, const il_check_opts *opts, il_verdict *v)
{
    memset(v, 0, sizeof *v);
    v->file = il_xstrdup(file);
    il_diag d;
    il_diag_init(&d, file, R->out);
    /* the program's limits cover its load, exploration and traces */
    il_limit_begin(opts->max_seconds);
    jmp_buf stop;
    if (setjmp(stop)) {
        il_buf b = {0};
        il_buf_printf(&b, "incomplete: stopped by %s while loading the program (nothing explored)",
                      il_limit_stopped());
        v->kind = IL_VERDICT_FAIL;
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
    il_program_set_print(p, opts->print);
    il_code *code = il_compile(p, &d);
    il_limit_guard(NULL);
    if (!code) {
        set_error(v, p->name, &d, "cannot compile the program");
    } else if (il_expect_validate(p, &d) != 0) {
        set_error(v, p->name, &d, "malformed expect: block");
    } else {
        il_explore_opts o;
        memset(&o, 0, sizeof o);
        o.max_states = opts->max_states;
        /* without an expected count, the reduced graph gives the same
         * answers to every other expect: form, usually much faster */
        o.no_counts = !p->expect.interleavings;
        /* without max_states, as many states as fit in the memory budget */
        o.max_bytes = opts->max_bytes;
        il_explorer *x = il_explorer_new(code);
        const il_result *r = il_explore(x, &o);
        compare(R, v, p, code, x, r, &d);
        if (!r->complete) v->stopped_by = r->stopped_by;
        v->states = r->states;
        if (v->kind != IL_VERDICT_ERROR) v->checked = checked_forms(&p->expect);
        il_explorer_free(x);
    }
    il_code_free(code);
    il_program_free(p);
    return 0;
}

void il_verdict_free(il_verdict *v)
{
    il_free(v->name);
    il_free(v->file);
    il_free(v->message);
    il_free(v->detail);
    il_free(v->checked);
    memset(v, 0, sizeof *v);
}

il_checker *il_checker_new(const char *traces_dir, const il_sink *out)
{
    il_checker *R = il_xcalloc(1, sizeof *R);
    R->traces = traces_dir ? il_xstrdup(traces_dir) : NULL;
    R->out = out;
    return R;
}

void il_checker_free(il_checker *R)
{
    if (!R) return;
    for (size_t i = 0; i < R->subdirs.len; i++) il_free(R->subdirs.items[i]);
    il_free(R->subdirs.items);
    strmap_free(&R->taken);
    strmap_free(&R->next_k);
    il_free(R->tmpdir);
    il_free(R->traces);
    il_free(R);
}
