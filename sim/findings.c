/* findings.c - outcomes, deadlocks, errors and races as the explorer finds
 * them, and the il_result built from them (explorer_int.h).
 *
 * While exploring, each finding is a key in a hash set (the outcome: status,
 * output, finals and errors; a deadlock: the blocked threads and what they
 * wait for; an error: thread, pc, kind; a race: its two accesses), so it is
 * recorded once, with the state it was first seen in, which breadth-first
 * order makes one nearest the start. The result turns the keys into the
 * words of the reports, in arena strings, sorted as cli.md says. */
#include "explorer_int.h"

#include <string.h>


/* ---- recording ---------------------------------------------------------- */

static void found_error(il_explorer *x, uint32_t state, uint32_t t, uint32_t pc,
                        il_errkind kind, int hidden)
{
    xp_findings *f = &x->run.found;
    uint32_t key[4] = {t, pc, (uint32_t)kind, (uint32_t)hidden};
    int is_new;
    il_hashset_add(&f->errors, key, sizeof key, &is_new);
    if (is_new) {
        xp_found_error e = {state, t, pc, kind, hidden};
        IL_VEC_PUSH(f->found_errors, e);
        f->bytes += 2 * sizeof e + sizeof key + 64;
    }
}

/* A step that ended a thread by an error, or in which an executor swallowed
 * a task's error, is a finding. Not only the stepping thread t's: the last
 * arrival at a barrier runs the waiters' statements on (D20), and they can
 * fail too. */
void xp_record_errors(il_explorer *x, const uint8_t *before, const uint8_t *after,
                      uint32_t state)
{
    const il_code *c = x->keep.code;
    for (uint32_t u = 0; u < c->nthreads; u++) {
        const il_thread_hdr *h = il_thr(c, (uint8_t *)after, u);
        if (h->status == IL_TS_ERROR && il_thr(c, (uint8_t *)before, u)->status != IL_TS_ERROR)
            found_error(x, state, u, h->pc, (il_errkind)h->err, 0);
    }
    for (uint32_t k = 0; k < c->ntasks; k++) {
        uint32_t w, pc, w0, pc0;
        il_errkind kind, kind0;
        if (il_hidden_error(c, after, k, &w, &kind, &pc) &&
            !il_hidden_error(c, before, k, &w0, &kind0, &pc0))
            found_error(x, state, w, pc, kind, 1);
    }
}

/* An error an executor swallowed: which worker, where, what. */
typedef struct hidden_err {
    uint32_t worker, line, kind;
} hidden_err;

static int cmp_hidden(const void *a, const void *b)
{
    const hidden_err *x = a, *y = b;
    if (x->worker != y->worker) return x->worker < y->worker ? -1 : 1;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    return (x->kind > y->kind) - (x->kind < y->kind);
}

/* The errors hidden in state s, in thread order; out has room for ntasks.
 * With lines set, each line field is the error's file line; otherwise it is
 * its pc. */
static size_t hidden_errors(const il_code *c, const uint8_t *s, hidden_err *out, int lines)
{
    size_t n = 0;
    for (uint32_t k = 0; k < c->ntasks; k++) {
        uint32_t w, pc;
        il_errkind kind;
        if (il_hidden_error(c, s, k, &w, &kind, &pc))
            out[n++] = (hidden_err){w, pc, (uint32_t)kind};
    }
    qsort(out, n, sizeof *out, cmp_hidden); /* sorted by pc; lines follow pcs within a body */
    if (lines)
        for (size_t i = 0; i < n; i++) out[i].line = c->lines[out[i].line];
    return n;
}

/* The outcome of terminal state s: status, output, finals, errors (D13). */
uint32_t xp_record_outcome(il_explorer *x, const uint8_t *s, int deadlock, uint32_t state)
{
    const il_code *c = x->keep.code;
    xp_findings *f = &x->run.found;
    size_t S = x->run.S;
    size_t n = 8 + 8 * (size_t)c->nlocs + 8 * (size_t)c->nthreads + 12 * (size_t)c->ntasks;
    uint8_t *key = il_xcalloc(1, n);
    int any_error = 0;
    uint32_t *errs = (uint32_t *)(key + 8 + 8 * (size_t)c->nlocs);
    for (uint32_t t = 0; t < c->nthreads; t++) {
        const il_thread_hdr *h = il_thr(c, (uint8_t *)s, t);
        if (h->status == IL_TS_ERROR) {
            any_error = 1;
            errs[2 * t] = h->err;
            errs[2 * t + 1] = c->lines[h->pc];
        }
    }
    /* errors an executor hid are part of the outcome too, in thread order
     * (D13), whichever task raised them */
    size_t nhid = hidden_errors(c, s, (hidden_err *)(errs + 2 * (size_t)c->nthreads), 1);
    any_error |= nhid > 0;
    key[0] = (uint8_t)(deadlock ? IL_STATUS_DEADLOCK : any_error ? IL_STATUS_ERROR : IL_STATUS_OK);
    uint32_t out = (uint32_t)*il_outp(c, (uint8_t *)s);
    memcpy(key + 4, &out, 4);
    memcpy(key + 8, il_shared(c, (uint8_t *)s), 8 * (size_t)c->nlocs);
    int is_new;
    uint32_t id = il_hashset_add(&f->outcomes, key, n, &is_new);
    if (is_new) {
        IL_VEC_PUSH(f->outcome_state, state);
        uint8_t *copy = il_xmalloc(S);
        memcpy(copy, s, S);
        IL_VEC_PUSH(f->outcome_copy, copy);
        /* the key and the copy, then the report's outcome built from them */
        f->bytes += 2 * ((uint64_t)n + S + 64);
    }
    il_free(key);
    return id;
}

void xp_record_deadlock(il_explorer *x, const uint8_t *s, uint32_t state)
{
    const il_code *c = x->keep.code;
    xp_findings *f = &x->run.found;
    size_t S = x->run.S;
    IL_VEC(uint32_t) key = {0};
    uint8_t *tmp = il_xmalloc(S);
    for (uint32_t t = 0; t < c->nthreads; t++) {
        if (il_thr(c, (uint8_t *)s, t)->status != IL_TS_RUN) continue; /* not blocked */
        memcpy(tmp, s, S);
        il_wait w;
        if (il_step(&x->keep.m, tmp, t, &w) != IL_STEP_BLOCKED) continue;
        IL_VEC_PUSH(key, t);
        IL_VEC_PUSH(key, w.pc);
        IL_VEC_PUSH(key, (uint32_t)w.is_thread);
        IL_VEC_PUSH(key, w.obj);
    }
    il_free(tmp);
    int is_new;
    il_hashset_add(&f->deadlocks, key.items, key.len * sizeof(uint32_t), &is_new);
    if (is_new) {
        IL_VEC_PUSH(f->deadlock_state, state);
        uint8_t *copy = il_xmalloc(S);
        memcpy(copy, s, S);
        IL_VEC_PUSH(f->deadlock_copy, copy);
        f->bytes += 2 * ((uint64_t)key.len * 4 + S + 64);
    }
    il_free(key.items);
}

void xp_merge_races(il_explorer *x, const il_races *rp)
{
    const il_code *c = x->keep.code;
    xp_findings *f = &x->run.found;
    il_arena *arena = &x->keep.arena;
    for (size_t i = 0; i < il_races_count(rp); i++) {
        const il_race_pair *p = il_races_get(rp, i);
        uint32_t key[7] = {p->loc, p->ta, p->la, p->wa, p->tb, p->lb, p->wb};
        int is_new;
        il_hashset_add(&f->races, key, sizeof key, &is_new);
        if (!is_new) continue;
        uint32_t *sched = il_arena_alloc(arena, sizeof(uint32_t) * (p->nsched + 1));
        memcpy(sched, p->sched, sizeof(uint32_t) * p->nsched);
        il_race r = {
            .location = c->loc_names[p->loc],
            .first = {c->threads[p->ta].name, (int)p->la, (int)p->wa},
            .second = {c->threads[p->tb].name, (int)p->lb, (int)p->wb},
            .state = 0, .thread_a = p->ta, .thread_b = p->tb,
            .schedule = sched, .nschedule = p->nsched,
        };
        const char **via = il_arena_alloc(arena, sizeof(char *) * (p->nvia + 1));
        for (size_t k = 0; k < p->nvia; k++) via[k] = c->loc_names[p->via[k]];
        r.via = via;
        r.nvia = p->nvia;
        IL_VEC_PUSH(f->races_found, r);
    }
}

void xp_findings_free(xp_findings *f)
{
    for (size_t i = 0; i < f->outcome_copy.len; i++) il_free(f->outcome_copy.items[i]);
    for (size_t i = 0; i < f->deadlock_copy.len; i++) il_free(f->deadlock_copy.items[i]);
    il_free(f->outcome_copy.items);
    il_free(f->deadlock_copy.items);
    il_hashset_free(&f->outcomes);
    il_hashset_free(&f->deadlocks);
    il_hashset_free(&f->errors);
    il_hashset_free(&f->races);
    il_free(f->races_found.items);
    il_free(f->deadlock_state.items);
    il_free(f->found_errors.items);
    il_free(f->outcome_state.items);
    il_free(f->outcome_runs.items);
}

/* ---- the result --------------------------------------------------------- */

static const char *mpz_str(il_explorer *x, const mpz_t z)
{
    char *s = mpz_get_str(NULL, 10, z);
    const char *r = il_arena_strdup(&x->keep.arena, s);
    il_free(s);
    return r;
}

static int cmp_i64(int64_t a, int64_t b) { return (a > b) - (a < b); }

static int cmp_outcome(const il_outcome *a, const il_outcome *b, uint32_t nlocs)
{
    if (a->status != b->status) return (int)a->status - (int)b->status;
    for (size_t i = 0; i < a->noutput && i < b->noutput; i++) {
        int r = strcmp(a->output[i], b->output[i]);
        if (r) return r;
    }
    if (a->noutput != b->noutput) return a->noutput < b->noutput ? -1 : 1;
    for (uint32_t i = 0; i < nlocs; i++) {
        int r = cmp_i64(a->final[i], b->final[i]);
        if (r) return r;
    }
    for (size_t i = 0; i < a->nerrors && i < b->nerrors; i++) {
        int r = strcmp(a->errors[i].thread, b->errors[i].thread);
        if (!r) r = a->errors[i].line - b->errors[i].line;
        if (!r) r = strcmp(a->errors[i].kind, b->errors[i].kind);
        if (r) return r;
    }
    return (a->nerrors > b->nerrors) - (a->nerrors < b->nerrors);
}

static int cmp_outcome_ctx(const void *a, const void *b, void *ctx)
{
    return cmp_outcome(a, b, *(const uint32_t *)ctx);
}

static void error_info(il_explorer *x, uint32_t t, uint32_t pc, il_errkind kind, int hidden,
                       il_error_info *e)
{
    const il_code *c = x->keep.code;
    il_buf scratch = {0};
    e->thread = c->threads[t].name;
    e->line = (int)c->lines[pc];
    e->kind = il_errkind_names[kind];
    e->message = il_arena_strdup(&x->keep.arena, il_error_message_at(c, pc, t, kind, &scratch));
    e->hidden = hidden;
    il_buf_free(&scratch);
}

static void build_outcomes(il_explorer *x, const xp_counts *k)
{
    const il_code *c = x->keep.code;
    const xp_findings *f = &x->run.found;
    il_arena *arena = &x->keep.arena;
    il_intern *intern = x->keep.m.intern;
    size_t n = il_hashset_count(&f->outcomes);
    il_outcome *out = il_arena_alloc(arena, sizeof(il_outcome) * (n + 1));
    double dtot = mpz_get_d(k->total);
    for (size_t i = 0; i < n; i++) {
        const uint8_t *key = il_hashset_key(&f->outcomes, (uint32_t)i);
        const uint8_t *s = f->outcome_copy.items[i];
        il_outcome *o = &out[i];
        o->status = (il_status)key[0];
        o->state = f->outcome_state.items[i];
        uint32_t oid;
        memcpy(&oid, key + 4, 4);
        size_t nl = il_intern_out_lines(intern, oid, NULL, 0);
        uint32_t *lines = il_xmalloc(sizeof(uint32_t) * (nl + 1));
        il_intern_out_lines(intern, oid, lines, nl);
        o->noutput = nl;
        o->output = il_arena_alloc(arena, sizeof(char *) * (nl + 1));
        for (size_t j = 0; j < nl; j++)
            o->output[j] = il_arena_strdup(arena, il_intern_get(intern, lines[j]));
        il_free(lines);
        int64_t *fin = il_arena_alloc(arena, 8 * (size_t)(c->nlocs + 1));
        memcpy(fin, key + 8, 8 * (size_t)c->nlocs);
        o->final = fin;
        hidden_err *hid = il_xmalloc(sizeof(hidden_err) * (c->ntasks + 1));
        size_t nhid = hidden_errors(c, s, hid, 0); /* their pcs: error_info wants them */
        for (uint32_t t = 0; t < c->nthreads; t++)
            if (il_thr(c, (uint8_t *)s, t)->status == IL_TS_ERROR) o->nerrors++;
        o->nerrors += nhid;
        o->errors = il_arena_alloc(arena, sizeof(il_error_info) * (o->nerrors + 1));
        size_t e = 0;
        for (uint32_t t = 0; t < c->nthreads; t++) {
            const il_thread_hdr *h = il_thr(c, (uint8_t *)s, t);
            if (h->status == IL_TS_ERROR)
                error_info(x, t, h->pc, (il_errkind)h->err, 0, &o->errors[e++]);
        }
        for (size_t j = 0; j < nhid; j++)
            error_info(x, hid[j].worker, hid[j].line, (il_errkind)hid[j].kind, 1, &o->errors[e++]);
        il_free(hid);
        if (x->run.res.uncounted) {
            o->count = NULL; /* --no-counts, or a limit stopped counting */
            o->share = 0;
        } else if (k->infinite[i]) {
            o->count = "infinite";
            o->share = 0;
        } else {
            o->count = mpz_str(x, k->per[i]);
            o->share = (!k->total_infinite && dtot > 0) ? mpz_get_d(k->per[i]) / dtot : 0;
        }
    }
    uint32_t nlocs = c->nlocs;
    il_sort(out, n, sizeof *out, cmp_outcome_ctx, &nlocs);
    x->run.res.outcomes = out;
    x->run.res.noutcomes = n;
}

static int cmp_deadlock(const void *pa, const void *pb, void *ctx)
{
    const il_deadlock *a = pa, *v = pb;
    (void)ctx;
    int r = 0;
    for (size_t k = 0; !r && k < a->nblocked && k < v->nblocked; k++) {
        r = strcmp(a->blocked[k].thread, v->blocked[k].thread);
        if (!r) r = a->blocked[k].line - v->blocked[k].line;
        if (!r) r = strcmp(a->blocked[k].waiting_for, v->blocked[k].waiting_for);
    }
    if (!r) r = (a->nblocked > v->nblocked) - (a->nblocked < v->nblocked);
    return r;
}

static void build_deadlocks(il_explorer *x)
{
    const il_code *c = x->keep.code;
    const xp_findings *f = &x->run.found;
    il_arena *arena = &x->keep.arena;
    size_t n = il_hashset_count(&f->deadlocks);
    il_deadlock *dl = il_arena_alloc(arena, sizeof(il_deadlock) * (n + 1));
    for (size_t i = 0; i < n; i++) {
        const uint32_t *key = il_hashset_key(&f->deadlocks, (uint32_t)i);
        size_t nb = il_hashset_len(&f->deadlocks, (uint32_t)i) / (4 * sizeof(uint32_t));
        const uint8_t *s = f->deadlock_copy.items[i];
        dl[i].state = f->deadlock_state.items[i];
        dl[i].nblocked = nb;
        dl[i].blocked = il_arena_alloc(arena, sizeof(il_blocked) * (nb + 1));
        for (size_t j = 0; j < nb; j++) {
            il_wait w = {key[4 * j], (int)key[4 * j + 2], key[4 * j + 3], key[4 * j + 1]};
            il_buf wf = {0}, det = {0};
            il_wait_describe(c, s, &w, &wf, &det);
            il_blocked *b = &dl[i].blocked[j];
            b->thread = c->threads[key[4 * j]].name;
            b->line = (int)c->lines[w.pc];
            b->waiting_for = il_arena_strdup(arena, wf.data);
            b->detail = il_arena_strdup(arena, det.data);
            il_buf_free(&wf);
            il_buf_free(&det);
        }
    }
    /* sorted by their first differing blocked entry (thread order, line) */
    il_sort(dl, n, sizeof *dl, cmp_deadlock, NULL);
    x->run.res.deadlocks = dl;
    x->run.res.ndeadlocks = n;
}

/* Thread order (by the thread's index), then line, kind and message. */
static int cmp_error(const void *pa, const void *pb, void *ctx)
{
    const il_code *c = ctx;
    const il_error_info *a = &((const il_finding_error *)pa)->info;
    const il_error_info *b = &((const il_finding_error *)pb)->info;
    /* by hash: a scan of the threads per comparison made n errors n^2 log n */
    uint32_t ia = il_intern_find(c->thread_ix, a->thread, strlen(a->thread));
    uint32_t ib = il_intern_find(c->thread_ix, b->thread, strlen(b->thread));
    int r = (ia > ib) - (ia < ib);
    if (!r) r = a->line - b->line;
    if (!r) r = strcmp(a->kind, b->kind);
    if (!r) r = strcmp(a->message, b->message);
    if (!r) r = a->hidden - b->hidden;
    return r;
}

static void build_errors(il_explorer *x)
{
    const xp_findings *f = &x->run.found;
    size_t n = il_hashset_count(&f->errors);
    il_finding_error *fe = il_arena_alloc(&x->keep.arena, sizeof(il_finding_error) * (n + 1));
    for (size_t i = 0; i < n; i++) {
        const xp_found_error *e = &f->found_errors.items[i];
        fe[i].state = e->state;
        error_info(x, e->thread, e->pc, e->kind, e->hidden, &fe[i].info);
    }
    il_sort(fe, n, sizeof *fe, cmp_error, (void *)x->keep.code);
    x->run.res.errors = fe;
    x->run.res.nerrors = n;
}

static int cmp_access(const il_access *a, const il_access *b)
{
    int r = strcmp(a->thread, b->thread);
    if (!r) r = a->line - b->line;
    if (!r) r = a->is_write - b->is_write;
    return r;
}

/* By location (in file order), then the two accesses. */
static int cmp_race(const void *pa, const void *pb, void *ctx)
{
    const il_code *c = ctx;
    const il_race *a = pa, *v = pb;
    uint32_t la = 0, lv = 0;
    for (uint32_t k = 0; k < c->nlocs; k++) {
        if (c->loc_names[k] == a->location) la = k;
        if (c->loc_names[k] == v->location) lv = k;
    }
    int d = (la > lv) - (la < lv);
    if (!d) d = (a->thread_a > v->thread_a) - (a->thread_a < v->thread_a);
    if (!d) d = cmp_access(&a->first, &v->first);
    if (!d) d = (a->thread_b > v->thread_b) - (a->thread_b < v->thread_b);
    if (!d) d = cmp_access(&a->second, &v->second);
    return d;
}

static void build_races(il_explorer *x)
{
    const xp_findings *f = &x->run.found;
    size_t n = f->races_found.len;
    il_race *r = il_arena_alloc(&x->keep.arena, sizeof(il_race) * (n + 1));
    if (n) memcpy(r, f->races_found.items, sizeof(il_race) * n);
    il_sort(r, n, sizeof *r, cmp_race, (void *)x->keep.code);
    x->run.res.races = r;
    x->run.res.nraces = n;
}

void xp_build_result(il_explorer *x, const xp_counts *k)
{
    il_result *res = &x->run.res;
    res->total = res->uncounted ? NULL : k->total_infinite ? "infinite" : mpz_str(x, k->total);
    build_outcomes(x, k);
    build_deadlocks(x);
    build_errors(x);
    build_races(x);
}
