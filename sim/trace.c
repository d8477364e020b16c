/* trace.c - trace files: writing them with libyaml's emitter, reading them
 * back into il_trace with every value's position (see trace.h).
 *
 * The writer never builds YAML text by hand: every scalar goes through the
 * emitter, which quotes and escapes what needs it (a `forks[2]` key in a flow
 * mapping, a printed line with a quote in it). The layout is the one of
 * cli.md: block style at the top, one flow mapping per step, short flow
 * sequences, and no line wrapping so that each step stays on one line. */
#include "trace.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "explorer.h" /* il_trace_write_all: the result and its paths */
#include "limit.h"
#include "outfile.h"
#include "ytree.h"

enum {
    MAX_FILE = IL_TRACE_MAX_BYTES,  /* traces; program files have the same limit */
    MAX_SEARCH = 1 << 20,           /* states searched to end an error's run */
};

void il_trace_sha256(const void *data, size_t n, char hex[65])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, n, data);
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

/* ---- formats shared with replay ------------------------------------------ */

void il_trace_fmt_access(il_buf *b, const il_code *c, const il_step_rec *s, int writes)
{
    size_t k = 0;
    for (size_t i = 0; i < s->nacc; i++) {
        if (s->acc[i].is_write != writes) continue;
        il_buf_printf(b, "%s%s=%" PRId64, k++ ? ", " : "", c->loc_names[s->acc[i].loc],
                      s->acc[i].value);
    }
    if (!b->data) il_buf_puts(b, "");
}

void il_trace_fmt_final(il_buf *b, const il_program *p, const int64_t *final)
{
    size_t k = 0;
    for (int i = 0; i < p->nshared; i++) {
        const il_shared_decl *v = &p->shared[i];
        il_buf_printf(b, "%s%s=", i ? " " : "", v->name);
        if (!v->is_list) {
            il_buf_printf(b, "%" PRId64, final[k++]);
            continue;
        }
        il_buf_putc(b, '[');
        for (int j = 0; j < v->size; j++) il_buf_printf(b, "%s%" PRId64, j ? "," : "", final[k++]);
        il_buf_putc(b, ']');
    }
    if (!b->data) il_buf_puts(b, "");
}

void il_trace_fmt_blocked(il_buf *b, const il_run_outcome *o)
{
    for (size_t i = 0; i < o->nblocked; i++)
        il_buf_printf(b, "%s%s at line %d waiting for %s", i ? "; " : "", o->blocked[i].thread,
                      o->blocked[i].line, o->blocked[i].waiting_for);
    if (!b->data) il_buf_puts(b, "");
}

/* ---- files --------------------------------------------------------------- */

int il_trace_read_file(const char *path, il_buf *out)
{
    return il_read_input_file(path, MAX_FILE, out);
}

/* mkdir -p of the directory part of path (all of it when whole is set). */
static int make_dirs(const char *path, int whole)
{
    char *p = il_xstrdup(path);
    char *end = whole ? p + strlen(p) : strrchr(p, '/');
    int rc = 0;
    if (end) {
        *end = '\0';
        for (char *q = p + 1; *q && rc == 0; q++) {
            if (*q != '/') continue;
            *q = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) rc = -1;
            *q = '/';
        }
        if (rc == 0 && *p && mkdir(p, 0777) != 0 && errno != EEXIST) rc = -1;
    }
    il_free(p);
    return rc;
}

/* Writes through outfile.h (a unique temporary, renamed into place), so a
 * failure never leaves half a trace where a good one was. An output that is
 * an input of the run is refused (-1); a file or directory that cannot be
 * written is an I/O error (IL_TRACE_IO). */
static int save(const char *path, const il_buf *text, il_diag *d)
{
    if (make_dirs(path, 0) != 0) {
        int e = errno;
        const char *slash = strrchr(path, '/');
        il_diag_plain(d, "cannot create directory '%.*s': %s", (int)(slash - path), path,
                      strerror(e));
        return IL_TRACE_IO;
    }
    int e = il_outfile_write(path, text->data, text->len);
    if (e == IL_OUT_INPUT) {
        il_diag_plain(d, "refusing to write '%s': it is an input of this run", path);
        return -1;
    }
    if (e) {
        il_diag_plain(d, "cannot write '%s': %s", path, strerror(e));
        return IL_TRACE_IO;
    }
    return 0;
}

/* ---- the emitter ----------------------------------------------------------- */

typedef struct emitter {
    yaml_emitter_t e;
    il_buf out;
    const char *problem; /* the first failure, or NULL */
    int too_big;         /* past IL_TRACE_MAX_BYTES: stopped there */
} emitter;

static int to_buf(void *data, unsigned char *buffer, size_t size)
{
    emitter *em = data;
    if (em->out.len + size > IL_TRACE_MAX_BYTES) {
        em->too_big = 1; /* the emitter fails from here on */
        return 0;
    }
    il_buf_putn(&em->out, (const char *)buffer, size);
    return 1;
}

static void emit(emitter *em, yaml_event_t *ev, int ok)
{
    if (em->problem) {
        if (ok) yaml_event_delete(ev);
        return;
    }
    if (!ok) {
        em->problem = "out of memory";
        return;
    }
    /* yaml_emitter_emit takes the event, even when it fails */
    if (!yaml_emitter_emit(&em->e, ev))
        em->problem = em->e.problem ? em->e.problem : "cannot emit YAML";
}

static void scalar_style(emitter *em, const char *s, yaml_scalar_style_t style)
{
    yaml_event_t ev;
    /* libyaml writes NEL, LS and PS raw outside double quotes, and readers
     * refuse them raw (ytree.c): escaped as \N, \L, \P instead */
    if (strstr(s, "\xc2\x85") || strstr(s, "\xe2\x80\xa8") || strstr(s, "\xe2\x80\xa9"))
        style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    int ok = yaml_scalar_event_initialize(&ev, NULL, NULL, (const yaml_char_t *)s, (int)strlen(s),
                                          1, 1, style);
    emit(em, &ev, ok);
}

static int is_word(const char *s, const char *const *words)
{
    for (; *words; words++)
        if (strcmp(s, *words) == 0) return 1;
    return 0;
}

/* 1 when a plain scalar s would not read back as the string s: YAML 1.1
 * (what PyYAML and most libyaml users resolve) reads these as null, bool,
 * number, timestamp, merge or value. A number or timestamp starts with a
 * digit, after an optional sign or a '.', which also covers 1.2's core
 * schema; quoting a few more strings than needed is harmless. */
static int plain_is_typed(const char *s)
{
    static const char *const words[] = {
        "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
        "<<", "=", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
        ".nan", ".NaN", ".NAN", NULL};
    if (is_word(s, words)) return 1;
    if (*s == '-' || *s == '+') s++;
    if (*s == '.') s++;
    return *s >= '0' && *s <= '9';
}

/* Names and paths come from the user: a thread called `null` or a program
 * file called `~` must stay a string, so those are quoted. */
static void scalar(emitter *em, const char *s)
{
    scalar_style(em, s, plain_is_typed(s) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);
}
static void text(emitter *em, const char *s) { scalar_style(em, s, YAML_DOUBLE_QUOTED_SCALAR_STYLE); }

static void integer(emitter *em, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    scalar_style(em, buf, YAML_PLAIN_SCALAR_STYLE);
}

static void map_start(emitter *em, int flow)
{
    yaml_event_t ev;
    int ok = yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
                                                 flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
    emit(em, &ev, ok);
}

static void map_end(emitter *em)
{
    yaml_event_t ev;
    emit(em, &ev, yaml_mapping_end_event_initialize(&ev));
}

static void seq_start(emitter *em, int flow)
{
    yaml_event_t ev;
    int ok = yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
                                                  flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
    emit(em, &ev, ok);
}

static void seq_end(emitter *em)
{
    yaml_event_t ev;
    emit(em, &ev, yaml_sequence_end_event_initialize(&ev));
}

static void emit_accesses(emitter *em, const il_code *c, const il_step_rec *s, int writes,
                          const char *key)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nacc; i++) n += s->acc[i].is_write == writes;
    if (!n) return;
    scalar(em, key);
    map_start(em, 1);
    for (size_t i = 0; i < s->nacc; i++) {
        if (s->acc[i].is_write != writes) continue;
        scalar(em, c->loc_names[s->acc[i].loc]);
        integer(em, s->acc[i].value);
    }
    map_end(em);
}

static void emit_step(emitter *em, const il_code *c, const il_step_rec *s, size_t k)
{
    map_start(em, 1);
    scalar(em, "step");
    integer(em, (int64_t)k);
    scalar(em, "thread");
    scalar(em, il_step_name(c, s->thread));
    scalar(em, "line");
    integer(em, s->line);
    if (s->line > 0) {
        scalar(em, "code");
        text(em, s->code);
    }
    emit_accesses(em, c, s, 0, "reads");
    emit_accesses(em, c, s, 1, "writes");
    if (s->output) {
        scalar(em, "output");
        text(em, s->output);
    }
    if (s->error) {
        scalar(em, "error");
        text(em, s->error);
    }
    map_end(em);
}

static const char *status_word(il_status s)
{
    switch (s) {
    case IL_STATUS_OK: return "ok";
    case IL_STATUS_ERROR: return "error";
    case IL_STATUS_DEADLOCK: return "deadlock";
    }
    return "?";
}

/* The final values as the file declares them: a list stays a list. */
static void emit_final(emitter *em, const il_program *p, const int64_t *final)
{
    size_t k = 0;
    map_start(em, 1);
    for (int i = 0; i < p->nshared; i++) {
        const il_shared_decl *v = &p->shared[i];
        scalar(em, v->name);
        if (!v->is_list) {
            integer(em, final[k++]);
            continue;
        }
        seq_start(em, 1);
        for (int j = 0; j < v->size; j++) integer(em, final[k++]);
        seq_end(em);
    }
    map_end(em);
}

static void emit_outcome(emitter *em, il_run *r)
{
    const il_code *c = r->code;
    scalar(em, "outcome");
    map_start(em, 1);
    scalar(em, "status");
    if (!il_run_ended(r)) {
        /* the run goes on forever from here: nothing to compare at its end */
        scalar(em, "unfinished");
        map_end(em);
        return;
    }
    il_run_outcome o;
    il_run_outcome_get(r, &o);
    scalar(em, status_word(o.status));
    scalar(em, "output");
    seq_start(em, 1);
    for (size_t i = 0; i < o.noutput; i++) text(em, o.output[i]);
    seq_end(em);
    scalar(em, "final");
    emit_final(em, c->prog, o.final);
    if (o.nerrors) {
        scalar(em, "errors");
        seq_start(em, 1);
        for (size_t i = 0; i < o.nerrors; i++) text(em, o.errors[i]);
        seq_end(em);
    }
    if (o.status == IL_STATUS_DEADLOCK) {
        scalar(em, "blocked");
        seq_start(em, 1);
        for (size_t i = 0; i < o.nblocked; i++) {
            map_start(em, 1);
            scalar(em, "thread");
            scalar(em, o.blocked[i].thread);
            scalar(em, "line");
            integer(em, o.blocked[i].line);
            scalar(em, "waiting_for");
            scalar(em, o.blocked[i].waiting_for);
            map_end(em);
        }
        seq_end(em);
    }
    map_end(em);
}

int il_trace_write_run(const char *out_path, il_run *r, const char *program,
                       const char *sha256_hex, il_diag *d)
{
    const il_code *c = r->code;
    emitter em = {0};
    if (!yaml_emitter_initialize(&em.e)) {
        il_diag_error(d, 1, 1, "out of memory while writing YAML");
        return -1;
    }
    yaml_emitter_set_output(&em.e, to_buf, &em);
    yaml_emitter_set_unicode(&em.e, 1);
    yaml_emitter_set_width(&em.e, -1); /* never wrap: one step, one line */

    yaml_event_t ev;
    emit(&em, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
    emit(&em, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
    map_start(&em, 0);
    scalar(&em, "trace");
    integer(&em, IL_TRACE_VERSION);
    scalar(&em, "program");
    scalar(&em, program);
    scalar(&em, "program_sha256");
    scalar(&em, sha256_hex);
    /* python.md F3: the mode whenever it is not the program's default, so
     * that replay re-runs the steps the run had (absent: the program's) */
    if (c->prog->print == IL_PRINT_CPYTHON || c->prog->print_key == IL_PRINT_CPYTHON) {
        scalar(&em, "print");
        scalar(&em, il_print_mode_name(c->prog->print));
    }
    scalar(&em, "schedule");
    seq_start(&em, 1);
    for (size_t i = 0; i < r->steps.len; i++) scalar(&em, il_step_name(c, r->steps.items[i].thread));
    seq_end(&em);
    scalar(&em, "steps");
    seq_start(&em, 0);
    int stopped = 0; /* a long trace is polled as it grows (limit.h) */
    for (size_t i = 0; i < r->steps.len && !stopped; i++) {
        emit_step(&em, c, &r->steps.items[i], i + 1);
        stopped = (i & 4095) == 4095 && il_limit_poll();
    }
    seq_end(&em);
    emit_outcome(&em, r);
    map_end(&em);
    emit(&em, &ev, yaml_document_end_event_initialize(&ev, 1));
    emit(&em, &ev, yaml_stream_end_event_initialize(&ev));
    if (!em.problem && !yaml_emitter_flush(&em.e)) em.problem = "cannot flush YAML";
    yaml_emitter_delete(&em.e);

    int rc = -1;
    if (stopped) rc = IL_TRACE_LIMIT;
    else if (em.too_big)
        il_diag_error(d, 1, 1, "cannot write trace: a trace of %zu steps is larger than %zu MiB, "
                      "the most replay reads (ask for fewer steps)", r->steps.len,
                      IL_TRACE_MAX_BYTES >> 20);
    else if (em.problem) il_diag_error(d, 1, 1, "cannot write trace: %s", em.problem);
    else rc = save(out_path, &em.out, d);
    il_buf_free(&em.out);
    return rc;
}

/* Runs `schedule` from the start; -1 (reported) when it does not fit,
 * IL_TRACE_LIMIT when a limit stopped it (limit.h). */
static int run_schedule(il_run *r, const uint32_t *schedule, size_t n, il_diag *d)
{
    for (size_t i = 0; i < n; i++) {
        if ((i & 4095) == 4095 && il_limit_poll()) return IL_TRACE_LIMIT;
        if (il_run_step(r, schedule[i], NULL) == IL_STEP_OK) continue;
        il_diag_error(d, 1, 1, "internal error: step %zu of the schedule (%s) cannot run", i + 1,
                      il_step_name(r->code, schedule[i]));
        return -1;
    }
    return 0;
}

int il_trace_write(const char *out_path, const il_code *code, const char *program_path,
                   const uint32_t *schedule, size_t n, il_diag *d)
{
    /* the bytes explored, not the file as it is now (it may have changed,
     * or be a pipe already read) */
    const il_program *p = code->prog;
    il_run r;
    il_run_init(&r, code, p->text, p->text_len);
    int rc = run_schedule(&r, schedule, n, d);
    if (rc == 0) rc = il_trace_write_run(out_path, &r, program_path, p->sha256, d);
    il_run_free(&r);
    return rc;
}

/* ---- explore --traces ------------------------------------------------------- */

/* A program name as one safe path component: other bytes become '_'. Cut
 * to 200 bytes: a longer name: is legal, a longer component is not (NAME_MAX
 * 255), and every trace would fail with ENAMETOOLONG. */
static char *dir_name(const char *name)
{
    size_t n = strlen(name);
    if (n > 200) n = 200;
    char *s = il_xmalloc(n + 2);
    for (size_t i = 0; i < n; i++) {
        char ch = name[i];
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                 ch == '-' || ch == '_' || ch == '.';
        s[i] = ok ? ch : '_';
    }
    s[n] = '\0';
    if (n == 0 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0) strcpy(s, "_");
    return s;
}

enum { NKINDS = 4 };
static const char *const kind_names[NKINDS] = {"outcome", "deadlock", "error", "race"};

/* Removes KIND-N.yaml files of an earlier run whose N is beyond this run's. */
static void remove_stale(const char *subdir, const size_t counts[NKINDS])
{
    DIR *dir = opendir(subdir);
    if (!dir) return;
    IL_VEC(char *) doomed = {0};
    for (struct dirent *e; (e = readdir(dir));) {
        for (int k = 0; k < NKINDS; k++) {
            size_t kl = strlen(kind_names[k]);
            const char *s = e->d_name;
            if (strncmp(s, kind_names[k], kl) != 0 || s[kl] != '-') continue;
            char *end;
            unsigned long long num = strtoull(s + kl + 1, &end, 10);
            if (s[kl + 1] < '1' || s[kl + 1] > '9' || strcmp(end, ".yaml") != 0) continue;
            if (num > counts[k]) {
                il_buf p = {0};
                il_buf_printf(&p, "%s/%s", subdir, s);
                if (il_outfile_is_input(p.data)) il_buf_free(&p); /* never an input */
                else IL_VEC_PUSH(doomed, p.data);
            }
        }
    }
    closedir(dir);
    for (size_t i = 0; i < doomed.len; i++) {
        unlink(doomed.items[i]);
        il_free(doomed.items[i]);
    }
    il_free(doomed.items);
}

/* What one trace file shows: the shortest schedule to `state`, then the
 * `nextra` steps of `extra` (a race's two accesses), then, unless the run
 * has already ended there, the shortest way to its end (an error or a race
 * is not an end, and a trace is a whole interleaving). */
typedef struct target {
    uint32_t state;
    uint32_t extra[2];
    size_t nextra;
    const uint32_t *sched; /* or, when set, this whole schedule (a race's) */
    size_t nsched;
} target;

static int write_one(const char *path, const il_explorer *x, const target *tg,
                     const il_code *code, const char *program_path, const il_program *p,
                     il_diag *d)
{
    size_t n = tg->sched ? 0 : il_explorer_path(x, tg->state, NULL, 0);
    uint32_t *sched = il_xmalloc(sizeof(uint32_t) * (n + 1));
    if (!tg->sched) il_explorer_path(x, tg->state, sched, n);
    il_run r;
    il_run_init(&r, code, p->text, p->text_len);
    int rc = tg->sched ? run_schedule(&r, tg->sched, tg->nsched, d) : run_schedule(&r, sched, n, d);
    if (rc == 0 && !tg->sched) rc = run_schedule(&r, tg->extra, tg->nextra, d);
    if (rc == 0 && !il_run_ended(&r)) {
        uint32_t *more;
        size_t m;
        if (il_run_shortest_end(&r, MAX_SEARCH, &more, &m) == 0) {
            rc = run_schedule(&r, more, m, d);
            il_free(more);
        } else if (il_limit_stopped()) {
            rc = IL_TRACE_LIMIT;
        }
    }
    if (rc == 0) rc = il_trace_write_run(path, &r, program_path, p->sha256, d);
    il_run_free(&r);
    il_free(sched);
    return rc;
}

/* The k-th outcome or finding of the kind: what its trace must reach. */
static void finding(const il_result *res, il_finding_kind kind, size_t k, target *tg)
{
    memset(tg, 0, sizeof *tg);
    switch (kind) {
    case IL_FINDING_OUTCOME: tg->state = res->outcomes[k].state; break;
    case IL_FINDING_DEADLOCK: tg->state = res->deadlocks[k].state; break;
    case IL_FINDING_ERROR: tg->state = res->errors[k].state; break;
    case IL_FINDING_RACE:
        tg->state = res->races[k].state;
        tg->extra[0] = res->races[k].thread_a;
        tg->extra[1] = res->races[k].thread_b;
        tg->nextra = 2;
        tg->sched = res->races[k].schedule;
        tg->nsched = res->races[k].nschedule;
        break;
    }
}

long il_trace_write_all(const char *dir, il_explorer *x, const il_result *res,
                        const il_code *code, const char *program_path, il_arena *arena,
                        const char **subdir, il_diag *d)
{
    const il_program *p = code->prog; /* the bytes explored (see il_trace_write) */
    char *name = dir_name(res->program ? res->program : code->prog->name);
    il_buf sub = {0};
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/') dl--; /* "out/" and "out" name the same place */
    il_buf_putn(&sub, dir, dl);
    il_buf_printf(&sub, "%s%s", dl && dir[dl - 1] == '/' ? "" : "/", name);
    il_free(name);
    *subdir = il_arena_strdup(arena, sub.data);

    long written = 0;
    int rc = 0;
    size_t done[NKINDS] = {0}; /* written of each kind, when a limit or a signal stops it */
    if (make_dirs(sub.data, 1) != 0) {
        /* about the directory, not the program: name it where the file goes */
        il_diag_plain(d, "cannot create directory '%s': %s", sub.data, strerror(errno));
        rc = IL_TRACE_IO;
    }
    size_t counts[NKINDS] = {res->noutcomes, res->ndeadlocks, res->nerrors, res->nraces};
    for (int kind = 0; kind < NKINDS && rc == 0; kind++) {
        for (size_t k = 0; k < counts[kind] && rc == 0; k++) {
            if (il_limit_poll()) { /* a limit or a signal (stop.c) */
                rc = IL_TRACE_LIMIT; /* the traces written stay; the report says why the rest are not */
                break;
            }
            il_buf path = {0};
            il_buf_printf(&path, "%s/%s-%zu.yaml", sub.data, kind_names[kind], k + 1);
            target tg;
            finding(res, (il_finding_kind)kind, k, &tg);
            il_diag fd;
            il_diag_init(&fd, path.data, d->out);
            rc = write_one(path.data, x, &tg, code, program_path, p, &fd);
            if (rc == 0) {
                il_explorer_set_trace(x, (il_finding_kind)kind, k, il_arena_strdup(arena, path.data));
                written++;
                done[kind]++;
            } else if (rc != IL_TRACE_LIMIT) {
                d->errors += fd.errors;
                snprintf(d->first, sizeof d->first, "%s", fd.first);
            }
            il_buf_free(&path);
        }
    }
    if (rc == 0) remove_stale(sub.data, counts);
    if (rc == IL_TRACE_LIMIT) remove_stale(sub.data, done); /* none may pass for this run's */
    il_buf_free(&sub);
    return rc == 0 || rc == IL_TRACE_LIMIT ? written : rc;
}

/* ---- reading ------------------------------------------------------------------ */

typedef struct reader {
    il_trace *t;
    il_diag *d;
    int failed;
} reader;

static int bad(reader *R, const il_ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reports the first problem only: later ones are usually its consequences. */
static int bad(reader *R, const il_ynode *n, const char *fmt, ...)
{
    if (!R->failed) {
        char msg[768];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        il_diag_error(R->d, n ? n->line : 1, n ? n->col : 1, "%s", msg);
        R->failed = 1;
    }
    return -1;
}

static il_tpos pos(const il_ynode *n) { return (il_tpos){n->line, n->col}; }

/* A user string fit for a message: short, no control characters. */
static const char *shown(reader *R, const il_ynode *n)
{
    size_t len = n->kind == IL_Y_SCALAR ? n->len : 0, k = len > 40 ? 40 : len;
    while (k < len && k > 0 && ((unsigned char)n->str[k] & 0xC0) == 0x80) k--;
    char *s = il_arena_alloc(&R->t->arena, k + 4);
    for (size_t i = 0; i < k; i++) s[i] = (unsigned char)n->str[i] < 0x20 ? '?' : n->str[i];
    if (k < len) memcpy(s + k, "...", 4);
    return s;
}

/* "got 'abc'" for a scalar, "got a mapping" otherwise. */
static const char *got(reader *R, const il_ynode *n)
{
    il_buf b = {0};
    if (n->kind == IL_Y_SCALAR) il_buf_printf(&b, "got '%s'", shown(R, n));
    else il_buf_printf(&b, "got %s", il_ykind_name(n));
    const char *s = il_arena_strdup(&R->t->arena, b.data);
    il_buf_free(&b);
    return s;
}

static int is_null(const il_ynode *n)
{
    return n->kind == IL_Y_SCALAR && n->plain &&
           (n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0);
}

/* A decimal integer written plainly ("7", "-3"); quoted "7" is text. */
static int get_int(reader *R, const il_ynode *n, const char *what, int64_t *out)
{
    const char *s = n->str;
    if (n->kind != IL_Y_SCALAR || !n->plain || !n->len) goto no;
    size_t i = s[0] == '-' || s[0] == '+';
    if (i == n->len) goto no;
    for (size_t j = i; j < n->len; j++)
        if (s[j] < '0' || s[j] > '9') goto no;
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno == ERANGE) return bad(R, n, "%s: %s is out of range (values are 64-bit)", what, shown(R, n));
    if (s[i] == '0' && v != 0) /* 010: octal 8 to YAML 1.1, so refused as in programs */
        return bad(R, n, "%s: leading zeros in integers are not supported, got %s", what, shown(R, n));
    *out = v;
    return 0;
no:
    return bad(R, n, "%s: expected an integer, %s", what, got(R, n));
}

static int get_str(reader *R, const il_ynode *n, const char *what, const char **out)
{
    if (n->kind != IL_Y_SCALAR || is_null(n))
        return bad(R, n, "%s: expected a string, %s", what,
                   n->kind == IL_Y_SCALAR ? "got nothing" : got(R, n));
    *out = n->str;
    return 0;
}

/* Every key of mapping m must be one of keys (NULL-terminated). */
static int known_keys(reader *R, const il_ynode *m, const char *where, const char *const *keys)
{
    for (const il_ynode *k = m->first; k && k->next; k = k->next->next) {
        int ok = 0;
        for (const char *const *w = keys; *w && !ok; w++) ok = strcmp(k->str, *w) == 0;
        if (ok) continue;
        il_buf list = {0};
        for (const char *const *w = keys; *w; w++) il_buf_printf(&list, "%s%s", w == keys ? "" : ", ", *w);
        bad(R, k, "unknown key '%s' in %s (expected one of: %s)", shown(R, k), where, list.data);
        il_buf_free(&list);
        return -1;
    }
    return 0;
}

/* {x: 0, "forks[2]": 1} -> "x=0, forks[2]=1" */
static int get_accesses(reader *R, const il_ynode *n, const char *what, const char **out)
{
    if (n->kind != IL_Y_MAP)
        return bad(R, n, "%s: expected a mapping of shared locations to values, %s", what, got(R, n));
    il_buf b = {0};
    int rc = 0;
    for (const il_ynode *k = n->first; k && k->next && rc == 0; k = k->next->next) {
        int64_t v;
        char w[128];
        snprintf(w, sizeof w, "%s of %s", what, shown(R, k));
        rc = get_int(R, k->next, w, &v);
        if (rc == 0) il_buf_printf(&b, "%s%s=%" PRId64, b.len ? ", " : "", k->str, v);
    }
    if (rc == 0) *out = il_arena_strdup(&R->t->arena, b.data ? b.data : "");
    il_buf_free(&b);
    return rc;
}

static int read_step(reader *R, const il_ynode *m, il_trace_step *s, long prev)
{
    static const char *const keys[] = {"step", "thread", "line", "code", "reads", "writes",
                                       "output", "error", NULL};
    if (m->kind != IL_Y_MAP)
        return bad(R, m, "steps: each step must be a mapping like {step: 1, thread: t1, ...}, %s",
                   got(R, m));
    if (known_keys(R, m, "a step", keys)) return -1;
    s->at = pos(m);
    s->line = -1;
    const il_ynode *n = il_ymap_get(m, "step");
    int64_t v;
    if (!n) return bad(R, m, "a step needs 'step:' (its number, from 1)");
    if (get_int(R, n, "step", &v)) return -1;
    if (v < 1) return bad(R, n, "step: numbers start at 1, got %" PRId64, v);
    if (v <= prev)
        return bad(R, n, "step %" PRId64 " comes after step %ld: steps must be in increasing order",
                   v, prev);
    if ((size_t)v > R->t->nschedule)
        return bad(R, n, "step %" PRId64 " is beyond the schedule, which has %zu step%s", v,
                   R->t->nschedule, R->t->nschedule == 1 ? "" : "s");
    s->step = (long)v;
    char what[64];
    snprintf(what, sizeof what, "step %ld: thread", s->step);
    if (!(n = il_ymap_get(m, "thread"))) return bad(R, m, "step %ld needs 'thread:'", s->step);
    if (get_str(R, n, what, &s->thread)) return -1;
    s->thread_at = pos(n);
    if ((n = il_ymap_get(m, "line"))) {
        snprintf(what, sizeof what, "step %ld: line", s->step);
        if (get_int(R, n, what, &v)) return -1;
        if (v < 0 || v > INT_MAX) return bad(R, n, "%s: expected a line number, %s", what, got(R, n));
        s->line = (long)v;
        s->line_at = pos(n);
    }
    struct { const char *key; const char **dst; il_tpos *at; } strs[] = {
        {"code", &s->code, &s->code_at},
        {"output", &s->output, &s->output_at},
        {"error", &s->error, &s->error_at},
    };
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        if (!(n = il_ymap_get(m, strs[i].key))) continue;
        snprintf(what, sizeof what, "step %ld: %s", s->step, strs[i].key);
        if (n->kind != IL_Y_SCALAR) return bad(R, n, "%s: expected a string, %s", what, got(R, n));
        *strs[i].dst = n->str;
        *strs[i].at = pos(n);
    }
    if ((n = il_ymap_get(m, "reads"))) {
        snprintf(what, sizeof what, "step %ld: reads", s->step);
        if (get_accesses(R, n, what, &s->reads)) return -1;
        s->reads_at = pos(n);
    }
    if ((n = il_ymap_get(m, "writes"))) {
        snprintf(what, sizeof what, "step %ld: writes", s->step);
        if (get_accesses(R, n, what, &s->writes)) return -1;
        s->writes_at = pos(n);
    }
    return 0;
}

static int read_schedule(reader *R, const il_ynode *n)
{
    il_trace *t = R->t;
    if (n->kind != IL_Y_SEQ)
        return bad(R, n, "schedule: expected a sequence of thread names like [t1, t2], %s", got(R, n));
    t->schedule_at = pos(n);
    t->nschedule = n->n;
    t->schedule = il_arena_alloc(&t->arena, sizeof(char *) * (n->n + 1));
    t->schedule_pos = il_arena_alloc(&t->arena, sizeof(il_tpos) * (n->n + 1));
    size_t i = 0;
    for (const il_ynode *e = n->first; e; e = e->next, i++) {
        if (e->kind != IL_Y_SCALAR || is_null(e) || e->len == 0)
            return bad(R, e, "schedule: entry %zu: expected a thread name, %s", i + 1,
                       e->kind == IL_Y_SCALAR ? "got nothing" : got(R, e));
        t->schedule[i] = e->str;
        t->schedule_pos[i] = pos(e);
    }
    return 0;
}

static int read_steps(reader *R, const il_ynode *n)
{
    il_trace *t = R->t;
    if (n->kind != IL_Y_SEQ) return bad(R, n, "steps: expected a sequence of steps, %s", got(R, n));
    t->steps = il_arena_alloc(&t->arena, sizeof(il_trace_step) * (n->n + 1));
    long prev = 0;
    for (const il_ynode *e = n->first; e; e = e->next) {
        il_trace_step *s = &t->steps[t->nsteps];
        if (read_step(R, e, s, prev)) return -1;
        prev = s->step;
        t->nsteps++;
    }
    return 0;
}

/* final: {x: 1, forks: [0, 1]} -> "x=1 forks=[0,1]" */
static int read_final(reader *R, const il_ynode *n, il_trace_outcome *o)
{
    if (n->kind != IL_Y_MAP)
        return bad(R, n, "outcome: final: expected a mapping of shared variables to values, %s",
                   got(R, n));
    il_buf b = {0};
    int rc = 0;
    for (const il_ynode *k = n->first; k && k->next && rc == 0; k = k->next->next) {
        const il_ynode *v = k->next;
        char what[128];
        snprintf(what, sizeof what, "outcome: final: %s", shown(R, k));
        il_buf_printf(&b, "%s%s=", b.len ? " " : "", k->str);
        int64_t x;
        if (v->kind != IL_Y_SEQ) {
            rc = get_int(R, v, what, &x);
            if (rc == 0) il_buf_printf(&b, "%" PRId64, x);
            continue;
        }
        il_buf_putc(&b, '[');
        int j = 0;
        for (const il_ynode *e = v->first; e && rc == 0; e = e->next, j++) {
            rc = get_int(R, e, what, &x);
            if (rc == 0) il_buf_printf(&b, "%s%" PRId64, j ? "," : "", x);
        }
        il_buf_putc(&b, ']');
    }
    if (rc == 0) {
        o->final = il_arena_strdup(&R->t->arena, b.data ? b.data : "");
        o->final_at = pos(n);
    }
    il_buf_free(&b);
    return rc;
}

static int read_strings(reader *R, const il_ynode *n, const char *what, size_t *count,
                        const char ***out)
{
    if (n->kind != IL_Y_SEQ) return bad(R, n, "%s: expected a sequence of strings, %s", what, got(R, n));
    *out = il_arena_alloc(&R->t->arena, sizeof(char *) * (n->n + 1));
    *count = 0;
    for (const il_ynode *e = n->first; e; e = e->next) {
        if (e->kind != IL_Y_SCALAR) return bad(R, e, "%s: expected a string, %s", what, got(R, e));
        (*out)[(*count)++] = e->str;
    }
    return 0;
}

/* blocked: [{thread: t1, line: 14, waiting_for: lock b}] -> "t1 at line 14 waiting for lock b" */
static int read_blocked(reader *R, const il_ynode *n, il_trace_outcome *o)
{
    static const char *const keys[] = {"thread", "line", "waiting_for", NULL};
    if (n->kind != IL_Y_SEQ)
        return bad(R, n, "outcome: blocked: expected a sequence of blocked threads, %s", got(R, n));
    il_buf b = {0};
    int rc = 0;
    for (const il_ynode *e = n->first; e && rc == 0; e = e->next) {
        if (e->kind != IL_Y_MAP) {
            rc = bad(R, e, "outcome: blocked: expected {thread: ..., line: ..., waiting_for: ...}, %s",
                     got(R, e));
            break;
        }
        if ((rc = known_keys(R, e, "a blocked thread", keys))) break;
        const il_ynode *th = il_ymap_get(e, "thread"), *ln = il_ymap_get(e, "line"),
                       *wf = il_ymap_get(e, "waiting_for");
        const char *thread, *waiting;
        int64_t line;
        if (!th || !ln || !wf) {
            rc = bad(R, e, "outcome: blocked: each entry needs thread:, line: and waiting_for:");
            break;
        }
        if ((rc = get_str(R, th, "outcome: blocked: thread", &thread))) break;
        if ((rc = get_int(R, ln, "outcome: blocked: line", &line))) break;
        if ((rc = get_str(R, wf, "outcome: blocked: waiting_for", &waiting))) break;
        il_buf_printf(&b, "%s%s at line %" PRId64 " waiting for %s", b.len ? "; " : "", thread, line,
                      waiting);
    }
    if (rc == 0) {
        o->blocked = il_arena_strdup(&R->t->arena, b.data ? b.data : "");
        o->blocked_at = pos(n);
    }
    il_buf_free(&b);
    return rc;
}

static int read_outcome(reader *R, const il_ynode *n)
{
    static const char *const keys[] = {"status", "output", "final", "errors", "blocked", NULL};
    static const char *const statuses[] = {"ok", "error", "deadlock", "unfinished", NULL};
    il_trace_outcome *o = &R->t->outcome;
    if (n->kind != IL_Y_MAP)
        return bad(R, n, "outcome: expected a mapping like {status: ok, output: [...], final: {...}}, %s",
                   got(R, n));
    if (known_keys(R, n, "outcome", keys)) return -1;
    o->at = pos(n);
    const il_ynode *v = il_ymap_get(n, "status");
    if (!v) return bad(R, n, "outcome needs 'status:' (ok, error, deadlock or unfinished)");
    if (get_str(R, v, "outcome: status", &o->status)) return -1;
    int ok = 0;
    for (const char *const *s = statuses; *s && !ok; s++) ok = strcmp(*s, o->status) == 0;
    if (!ok)
        return bad(R, v, "outcome: status: expected ok, error, deadlock or unfinished, %s", got(R, v));
    o->status_at = pos(v);
    if ((v = il_ymap_get(n, "output"))) {
        if (read_strings(R, v, "outcome: output", &o->noutput, &o->output)) return -1;
        o->has_output = 1;
        o->output_at = pos(v);
    }
    if ((v = il_ymap_get(n, "final")) && read_final(R, v, o)) return -1;
    o->errors_at = o->at;
    if ((v = il_ymap_get(n, "errors"))) {
        if (read_strings(R, v, "outcome: errors", &o->nerrors, &o->errors)) return -1;
        o->errors_at = pos(v);
    }
    o->blocked_at = o->at;
    if ((v = il_ymap_get(n, "blocked")) && read_blocked(R, v, o)) return -1;
    R->t->has_outcome = 1;
    return 0;
}

static int is_hex64(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f') || (s[n] >= 'A' && s[n] <= 'F')))
            return 0;
    return n == 64;
}

static int read_top(reader *R, const il_ynode *root)
{
    static const char *const keys[] = {"trace", "program", "program_sha256", "print", "schedule",
                                       "steps", "outcome", NULL};
    il_trace *t = R->t;
    if (!root || is_null(root))
        return bad(R, root, "empty trace: expected trace:, program:, program_sha256:, schedule:, "
                            "steps: and outcome:");
    if (root->kind != IL_Y_MAP)
        return bad(R, root, "a trace is a mapping with trace:, program:, program_sha256:, schedule:, "
                            "steps: and outcome:, %s", got(R, root));
    if (known_keys(R, root, "a trace", keys)) return -1;
    /* schedule before steps: a step number is checked against its length */
    static const char *const required[] = {"trace", "program", "program_sha256", "schedule",
                                           "outcome", NULL};
    for (const char *const *k = required; *k; k++)
        if (!il_ymap_get(root, *k)) return bad(R, root, "missing '%s:' in the trace", *k);

    const il_ynode *n = il_ymap_get(root, "trace");
    int64_t v;
    if (get_int(R, n, "trace", &v)) return -1;
    if (v != IL_TRACE_VERSION)
        return bad(R, n, "trace: format version %" PRId64 " is not supported (this interleave reads "
                         "version %d)", v, IL_TRACE_VERSION);
    n = il_ymap_get(root, "program");
    if (get_str(R, n, "program", &t->program)) return -1;
    if (!*t->program) return bad(R, n, "program: expected the program file's path, got ''");
    t->program_at = pos(n);
    n = il_ymap_get(root, "program_sha256");
    if (n->kind != IL_Y_SCALAR || !is_hex64(n->str))
        return bad(R, n, "program_sha256: expected 64 hexadecimal digits, %s", got(R, n));
    char *sha = il_arena_strdup(&t->arena, n->str);
    for (char *p = sha; *p; p++)
        if (*p >= 'A' && *p <= 'F') *p = (char)(*p - 'A' + 'a');
    t->sha256 = sha;
    t->sha256_at = pos(n);
    if ((n = il_ymap_get(root, "print"))) {
        const char *m;
        if (get_str(R, n, "print", &m)) return -1;
        if (strcmp(m, "atomic") == 0) t->print = IL_PRINT_ATOMIC;
        else if (strcmp(m, "cpython") == 0) t->print = IL_PRINT_CPYTHON;
        else return bad(R, n, "print: expected atomic or cpython, %s", got(R, n));
        t->print_at = pos(n);
    }
    if (read_schedule(R, il_ymap_get(root, "schedule"))) return -1;
    if ((n = il_ymap_get(root, "steps")) && !is_null(n) && read_steps(R, n)) return -1;
    return read_outcome(R, il_ymap_get(root, "outcome"));
}

il_trace *il_trace_load_text(const char *path, const char *text, size_t len, il_diag *d)
{
    il_trace *t = il_xcalloc(1, sizeof *t);
    il_arena_init(&t->arena);
    t->path = il_arena_strdup(&t->arena, path ? path : "<trace>");
    il_ytree tree;
    reader R = {t, d, 0};
    int rc = il_ytree_parse(&tree, text ? text : "", text ? len : 0, IL_YTRACE, d);
    if (rc == 0) rc = read_top(&R, tree.root);
    if (rc != 0) {
        il_ytree_free(&tree);
        il_trace_free(t);
        return NULL;
    }
    /* the fields point into the tree's strings: the trace keeps them */
    t->tree_arena = tree.arena;
    return t;
}

il_trace *il_trace_load(const char *path, il_diag *d)
{
    il_buf b = {0};
    if (il_trace_read_file(path, &b) != 0) {
        il_diag_error(d, 1, 1, "cannot read trace: %s", il_file_error(errno));
        return NULL;
    }
    il_trace *t = il_trace_load_text(path, b.data, b.len, d);
    il_buf_free(&b);
    return t;
}

void il_trace_free(il_trace *t)
{
    if (!t) return;
    il_arena_free(&t->tree_arena);
    il_arena_free(&t->arena);
    il_free(t);
}
