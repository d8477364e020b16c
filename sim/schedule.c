/* schedule.c - one interleaving, step by step, with a log (see schedule.h).
 *
 * The machine's observer hooks tell which shared locations a step read and
 * wrote and what it printed; they fire while the step is tried on the trial
 * copy, so they are collected as pending and only become part of the log when
 * the step turns out to be enabled. */
#include "schedule.h"
#include "limit.h"

#include <string.h>

#include "store.h"

static void on_access(void *ctx, uint32_t thread, uint32_t loc, int is_write, int64_t value)
{
    il_run *r = ctx;
    (void)thread;
    il_access_rec a = {loc, is_write, value};
    IL_VEC_PUSH(r->pend, a);
}

static void on_print(void *ctx, uint32_t thread, uint32_t line_id)
{
    il_run *r = ctx;
    (void)thread;
    r->pend_printed = 1;
    r->pend_line = line_id;
}

void il_run_init(il_run *r, const il_code *code, const char *src, size_t srclen)
{
    memset(r, 0, sizeof *r);
    r->code = code;
    r->obs.ctx = r;
    r->obs.access = on_access;
    r->obs.print = on_print;
    r->m.code = code;
    r->m.intern = il_intern_new();
    r->m.obs = &r->obs;
    r->state = il_xmalloc(code->state_size);
    r->trial = il_xmalloc(code->state_size);
    memcpy(r->state, code->init, code->state_size);
    r->src = src ? src : "";
    r->srclen = src ? srclen : 0;
    il_arena_init(&r->arena);
    /* the program's line numbers come from libyaml's marks: count as it does */
    size_t nlines = il_line_starts(r->src, r->srclen, NULL);
    IL_VEC_GROW(r->line_start, nlines);
    r->line_start.len = il_line_starts(r->src, r->srclen, r->line_start.items);
}

void il_run_free(il_run *r)
{
    if (!r->code) return;
    il_intern_free(r->m.intern);
    il_free(r->state);
    il_free(r->trial);
    il_free(r->steps.items);
    il_free(r->pend.items);
    il_free(r->line_start.items);
    il_arena_free(&r->arena);
    memset(r, 0, sizeof *r);
}

const char *il_run_line_text(il_run *r, int line)
{
    if (line < 1 || (size_t)line > r->line_start.len) return "";
    size_t a = r->line_start.items[line - 1];
    size_t b = (size_t)line < r->line_start.len ? r->line_start.items[line] : r->srclen;
    /* drop the line break and the indentation: the text is shown alone */
    while (b > a && (r->src[b - 1] == '\n' || r->src[b - 1] == '\r' || r->src[b - 1] == ' ' ||
                     r->src[b - 1] == '\t'))
        b--;
    if (b >= a + 2 && (unsigned char)r->src[b - 2] == 0xC2 && (unsigned char)r->src[b - 1] == 0x85)
        b -= 2;
    else if (b >= a + 3 && (unsigned char)r->src[b - 3] == 0xE2 &&
             (unsigned char)r->src[b - 2] == 0x80 &&
             ((unsigned char)r->src[b - 1] == 0xA8 || (unsigned char)r->src[b - 1] == 0xA9))
        b -= 3;
    while (a < b && (r->src[a] == ' ' || r->src[a] == '\t')) a++;
    return il_arena_strndup(&r->arena, r->src + a, b - a);
}

/* Steps whose line alone does not say what they do: the release step of a
 * `with` (its line is the with's, D10), an executor worker taking a task (the
 * executor's line), a timer firing (no line). */
static const char *step_note(il_run *r, uint32_t pc)
{
    const il_code *c = r->code;
    if (c->insns[pc].op == IL_STMT) pc++;
    if (pc >= c->ninsns) return NULL;
    const il_insn *in = &c->insns[pc];
    char buf[256];
    if (in->op == IL_SYNC && in->a == IL_M_EXIT)
        snprintf(buf, sizeof buf, "release %s", c->prog->sync[in->b].name);
    else if (in->op == IL_THREAD && in->a == IL_T_TAKE)
        snprintf(buf, sizeof buf, "take the next task");
    else if (in->op == IL_THREAD && in->a == IL_T_FIRE)
        snprintf(buf, sizeof buf, "timer fires");
    else if (in->op == IL_THREAD && in->a == IL_T_XSTART)
        snprintf(buf, sizeof buf, "start the executor's workers");
    else if (in->op == IL_THREAD && in->a == IL_T_SHUTDOWN)
        snprintf(buf, sizeof buf, "executor shutdown: wait for the workers");
    else
        return NULL;
    return il_arena_strdup(&r->arena, buf);
}

static const char *error_text(il_run *r, const uint8_t *s, uint32_t t)
{
    const il_code *c = r->code;
    il_buf scratch = {0}, b = {0};
    const char *kind = il_errkind_names[il_thr(c, (uint8_t *)s, t)->err];
    const char *msg = il_error_message(c, s, t, &scratch);
    il_buf_puts(&b, kind);
    if (msg && *msg) il_buf_printf(&b, ": %s", msg);
    const char *res = il_arena_strdup(&r->arena, b.data);
    il_buf_free(&scratch);
    il_buf_free(&b);
    return res;
}

/* An executor swallows a task's error (language.md): the worker goes on,
 * but the step is where it happened, so it is shown with the words the
 * reports use. */
static const char *hidden_error_text(il_run *r, const uint8_t *before, const uint8_t *after)
{
    const il_code *c = r->code;
    for (uint32_t k = 0; k < c->ntasks; k++) {
        uint32_t w, pc;
        il_errkind kind;
        if (il_hidden_error(c, before, k, &w, &kind, &pc) ||
            !il_hidden_error(c, after, k, &w, &kind, &pc))
            continue;
        il_buf scratch = {0}, b = {0};
        const char *msg = il_error_message_at(c, pc, w, kind, &scratch);
        il_buf_puts(&b, il_errkind_names[kind]);
        if (msg && *msg) il_buf_printf(&b, ": %s", msg);
        il_buf_puts(&b, " (hidden by the executor)");
        const char *res = il_arena_strdup(&r->arena, b.data);
        il_buf_free(&scratch);
        il_buf_free(&b);
        return res;
    }
    return NULL;
}

/* The shutdown step (python.md F1), on the trial copy: no line, no code;
 * its note names the daemons it kills, and where. */
static il_step_res shutdown_step(il_run *r)
{
    const il_code *c = r->code;
    il_step_res res = il_step(&r->m, r->trial, c->nthreads, NULL);
    if (res != IL_STEP_OK) return res;
    il_step_rec rec = {0};
    rec.thread = c->nthreads;
    rec.code = "";
    il_buf b = {0};
    il_buf_puts(&b, "shutdown:");
    for (uint32_t t = 0, n = 0; t < c->nthreads; t++)
        if (il_thr(c, r->trial, t)->status == IL_TS_KILLED)
            il_buf_printf(&b, "%s %s killed at line %u", n++ ? "," : "", c->threads[t].name,
                          c->lines[il_thr(c, r->trial, t)->pc]);
    rec.note = il_arena_strdup(&r->arena, b.data);
    il_buf_free(&b);
    rec.acc = il_arena_alloc(&r->arena, sizeof(il_access_rec));
    IL_VEC_PUSH(r->steps, rec);
    uint8_t *tmp = r->state;
    r->state = r->trial;
    r->trial = tmp;
    return IL_STEP_OK;
}

il_step_res il_run_step(il_run *r, uint32_t t, il_wait *w)
{
    const il_code *c = r->code;
    il_wait dummy;
    if (!w) w = &dummy;
    if (t > c->nthreads) return IL_STEP_IDLE;
    memcpy(r->trial, r->state, c->state_size);
    r->pend.len = 0;
    r->pend_printed = 0;
    if (t == c->nthreads) return shutdown_step(r);
    uint32_t pc = il_thr(c, r->state, t)->pc;
    il_step_res res = il_step(&r->m, r->trial, t, w);
    if (res != IL_STEP_OK) return res;

    il_step_rec rec = {0};
    rec.thread = t;
    rec.pc = pc;
    rec.line = (int)c->lines[pc];
    rec.code = il_run_line_text(r, rec.line);
    rec.note = step_note(r, pc);
    rec.nacc = r->pend.len;
    rec.acc = il_arena_alloc(&r->arena, sizeof(il_access_rec) * (rec.nacc + 1));
    if (rec.nacc) memcpy(rec.acc, r->pend.items, sizeof(il_access_rec) * rec.nacc);
    if (r->pend_printed) rec.output = il_arena_strdup(&r->arena, il_intern_get(r->m.intern, r->pend_line));
    if (il_thr(c, r->trial, t)->status == IL_TS_ERROR) rec.error = error_text(r, r->trial, t);
    else rec.error = hidden_error_text(r, r->state, r->trial);
    IL_VEC_PUSH(r->steps, rec);

    uint8_t *tmp = r->state;
    r->state = r->trial;
    r->trial = tmp;
    return IL_STEP_OK;
}

/* Tries a step on the trial copy without the observer: only the answer
 * matters, and pending records must not pile up. */
static il_step_res try_step(il_run *r, uint32_t t, il_wait *w)
{
    il_machine quiet = {r->code, r->m.intern, NULL};
    if (t == r->code->nthreads)
        return il_shutdown_enabled(r->code, r->state) ? IL_STEP_OK : IL_STEP_IDLE;
    /* il_step's own first test, before copying a state that grows with the
     * threads: asking every thread, every step, would cost threads^2 copies */
    if (il_thr(r->code, r->state, t)->status != IL_TS_RUN) return IL_STEP_IDLE;
    memcpy(r->trial, r->state, r->code->state_size);
    return il_step(&quiet, r->trial, t, w);
}

int il_run_can_move(il_run *r, uint32_t t)
{
    il_wait w;
    return t <= r->code->nthreads && try_step(r, t, &w) == IL_STEP_OK;
}

int il_run_ended(il_run *r)
{
    if (il_finished(r->code, r->state)) return 1;
    for (uint32_t t = 0; t <= r->code->nthreads; t++)
        if (il_run_can_move(r, t)) return 0;
    return 1;
}

void il_run_why_not(il_run *r, uint32_t t, il_buf *out)
{
    const il_code *c = r->code;
    il_wait w;
    if (t == c->nthreads && !il_shutdown_enabled(c, r->state)) {
        il_buf_puts(out, il_finished(c, r->state) ? "the program has finished"
                         : "a non-daemon thread is still running");
        return;
    }
    il_step_res res = try_step(r, t, &w);
    if (res == IL_STEP_BLOCKED) {
        il_buf wf = {0}, det = {0};
        il_wait_describe(c, r->state, &w, &wf, &det);
        il_buf_printf(out, "blocked on %s", wf.data ? wf.data : "?");
        il_buf_free(&wf);
        il_buf_free(&det);
        return;
    }
    if (res == IL_STEP_OK) {
        il_buf_puts(out, "it can move");
        return;
    }
    const il_thread_hdr *h = il_thr(c, r->state, t);
    switch (h->status) {
    case IL_TS_NEW: il_buf_puts(out, "not started"); return;
    case IL_TS_DONE: il_buf_puts(out, "finished"); return;
    case IL_TS_ERROR: il_buf_printf(out, "failed with %s", il_errkind_names[h->err]); return;
    case IL_TS_KILLED: il_buf_puts(out, "killed at shutdown"); return;
    case IL_TS_RUN: break;
    }
    il_buf_puts(out, "stopped");
}

void il_run_enabled_names(il_run *r, il_buf *out)
{
    size_t n = 0;
    /* the threads, then the shutdown step (python.md F1) */
    for (uint32_t t = 0; t <= r->code->nthreads; t++)
        if (il_run_can_move(r, t))
            il_buf_printf(out, "%s%s", n++ ? ", " : "", il_step_name(r->code, t));
    if (n == 0) il_buf_puts(out, "none");
}

void il_run_outcome_get(il_run *r, il_run_outcome *o)
{
    const il_code *c = r->code;
    memset(o, 0, sizeof *o);
    uint32_t oid = (uint32_t)*il_outp(c, r->state);
    size_t nl = il_intern_out_lines(r->m.intern, oid, NULL, 0);
    uint32_t *lines = il_xmalloc(sizeof(uint32_t) * (nl + 1));
    il_intern_out_lines(r->m.intern, oid, lines, nl);
    o->noutput = nl;
    o->output = il_arena_alloc(&r->arena, sizeof(char *) * (nl + 1));
    for (size_t i = 0; i < nl; i++)
        o->output[i] = il_arena_strdup(&r->arena, il_intern_get(r->m.intern, lines[i]));
    il_free(lines);
    int64_t *fin = il_arena_alloc(&r->arena, sizeof(int64_t) * (c->nlocs + 1));
    memcpy(fin, il_shared(c, r->state), sizeof(int64_t) * c->nlocs);
    o->final = fin;

    o->errors = il_arena_alloc(&r->arena, sizeof(char *) * (c->nthreads + c->ntasks + 1));
    o->blocked = il_arena_alloc(&r->arena, sizeof(il_blocked) * (c->nthreads + 1));
    int finished = il_finished(c, r->state);
    for (uint32_t t = 0; t < c->nthreads; t++) {
        const il_thread_hdr *h = il_thr(c, r->state, t);
        if (h->status == IL_TS_ERROR) {
            char buf[512];
            snprintf(buf, sizeof buf, "%s: %s at line %u", c->threads[t].name,
                     il_errkind_names[h->err], c->lines[h->pc]);
            o->errors[o->nerrors++] = il_arena_strdup(&r->arena, buf);
        }
        il_wait w;
        if (finished || try_step(r, t, &w) != IL_STEP_BLOCKED) continue;
        il_buf wf = {0}, det = {0};
        il_wait_describe(c, r->state, &w, &wf, &det);
        il_blocked *b = &o->blocked[o->nblocked++];
        b->thread = c->threads[t].name;
        b->line = (int)c->lines[w.pc];
        b->waiting_for = il_arena_strdup(&r->arena, wf.data ? wf.data : "");
        b->detail = det.data ? il_arena_strdup(&r->arena, det.data) : NULL;
        il_buf_free(&wf);
        il_buf_free(&det);
    }
    /* then the errors an executor hid, task by task, as the explorer lists them */
    for (uint32_t k = 0; k < c->ntasks; k++) {
        uint32_t w, pc;
        il_errkind kind;
        if (!il_hidden_error(c, r->state, k, &w, &kind, &pc)) continue;
        char buf[512];
        snprintf(buf, sizeof buf, "%s: %s at line %u (hidden by the executor)", c->threads[w].name,
                 il_errkind_names[kind], c->lines[pc]);
        o->errors[o->nerrors++] = il_arena_strdup(&r->arena, buf);
    }
    /* the explorer's rule: an end that is not a finish is a deadlock (D12) */
    if (!finished && il_run_ended(r)) o->status = IL_STATUS_DEADLOCK;
    else if (o->nerrors) o->status = IL_STATUS_ERROR;
    else o->status = IL_STATUS_OK;
}

int il_run_thread_index(const il_code *c, const char *name)
{
    if (strcmp(name, IL_SHUTDOWN_NAME) == 0) return (int)c->nthreads;
    /* by hash: a trace's schedule asks once per step */
    uint32_t t = il_intern_find(c->thread_ix, name, strlen(name));
    return t == UINT32_MAX ? -1 : (int)t;
}

/* ---- the shortest way to an end ------------------------------------------ */

/* Breadth-first search from the run's state over the state store
 * (store.h): its ids are dense and in discovery order, so they are the
 * queue, and parent links (by id) read the path back. */
int il_run_shortest_end(il_run *r, size_t max_states, uint32_t **threads, size_t *n)
{
    const il_code *c = r->code;
    il_machine quiet = {c, r->m.intern, NULL};
    size_t S = c->state_size;
    il_store *st = il_store_new(S, 0);
    IL_VEC(uint32_t) parent = {0}, via = {0}; /* per state: where from, by which thread */
    int added;
    il_store_intern(st, r->state, &added);
    IL_VEC_PUSH(parent, UINT32_MAX);
    IL_VEC_PUSH(via, 0);
    uint8_t *next = il_xmalloc(S), *cur = il_xmalloc(S);
    long found = -1;
    for (uint32_t i = 0; i < il_store_count(st) && found < 0; i++) {
        /* up to max_states states of the program's size: polled (limit.h) */
        if ((i & 1023) == 1023 && il_limit_poll()) break;
        il_store_get(st, i, cur);
        int moved = 0;
        if (!il_finished(c, cur)) {
            for (uint32_t t = 0; t <= c->nthreads; t++) { /* and the shutdown step */
                il_wait w;
                memcpy(next, cur, S);
                if (il_step(&quiet, next, t, &w) != IL_STEP_OK) continue;
                moved = 1;
                if (il_store_count(st) >= max_states) continue;
                il_store_intern(st, next, &added);
                if (!added) continue;
                IL_VEC_PUSH(parent, i);
                IL_VEC_PUSH(via, t);
            }
        }
        if (!moved) found = (long)i;
    }
    il_free(cur);
    il_free(next);
    int rc = -1;
    if (found >= 0) {
        size_t len = 0;
        for (uint32_t s = (uint32_t)found; parent.items[s] != UINT32_MAX; s = parent.items[s]) len++;
        *threads = il_xmalloc(sizeof(uint32_t) * (len + 1));
        *n = len;
        size_t k = len;
        for (uint32_t s = (uint32_t)found; parent.items[s] != UINT32_MAX; s = parent.items[s])
            (*threads)[--k] = via.items[s];
        rc = 0;
    }
    il_store_free(st);
    il_free(parent.items);
    il_free(via.items);
    return rc;
}
