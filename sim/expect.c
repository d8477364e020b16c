/* expect.c - the comparison behind `check` (see expect.h for the rules).
 * Set comparisons sort once and search, so a program with thousands of
 * outcomes costs n log n rather than n^2; reports then walk the expected
 * entries in file order and the outcomes in report order, so the same
 * program always gives the same lines in the same order. */
#include "expect.h"

#include <inttypes.h>
#include <string.h>

#include "eval.h"

/* More lines than this of one kind help nobody; the rest are counted. */
#define MAX_LINES 20

/* ---- formatting ------------------------------------------------------------ */

/* Bare when YAML would read the item back as the same string and a reader
 * cannot mistake where it ends; double-quoted (with escapes) otherwise. */
static int bare_item(const char *s)
{
    /* A leading '-' would read as a list item ("- x"), unless it is a sign. */
    if (!*s || (s[0] == '-' && !(s[1] >= '0' && s[1] <= '9'))) return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
              (*p >= 'A' && *p <= 'Z') || strchr("_.+-", *p)))
            return 0;
    return 1;
}

void il_expect_put_output(il_buf *b, const char *const *items, size_t n)
{
    il_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        const char *s = items[i] ? items[i] : "";
        if (i) il_buf_puts(b, ", ");
        if (bare_item(s)) il_buf_puts(b, s);
        else il_buf_put_quoted(b, s);
    }
    il_buf_putc(b, ']');
}

static void put_values(il_buf *b, const il_shared_decl *v, const int64_t *vals)
{
    if (!v->is_list) {
        il_buf_printf(b, "%" PRId64, vals[0]);
        return;
    }
    il_buf_putc(b, '[');
    for (int j = 0; j < v->size; j++) il_buf_printf(b, "%s%" PRId64, j ? ", " : "", vals[j]);
    il_buf_putc(b, ']');
}

void il_expect_put_final(il_buf *b, const il_program *p, const int64_t *final,
                         const unsigned char *show)
{
    int base = 0, first = 1;
    il_buf_putc(b, '{');
    for (int i = 0; i < p->nshared; i++) {
        const il_shared_decl *v = &p->shared[i];
        if (!show || show[i]) {
            il_buf_printf(b, "%s%s: ", first ? "" : ", ", v->name);
            put_values(b, v, final + base);
            first = 0;
        }
        base += v->size;
    }
    il_buf_putc(b, '}');
}

/* ---- the list of differences ------------------------------------------------ */

static il_diff *add(il_diffs *ds)
{
    IL_VEC_GROW(*ds, ds->len + 1);
    il_diff *d = &ds->items[ds->len++];
    memset(d, 0, sizeof *d);
    return d;
}

/* Takes over b's text. */
static void add_text(il_diffs *ds, il_buf *b)
{
    il_diff *d = add(ds);
    d->text = b->data ? b->data : il_xstrdup("");
    memset(b, 0, sizeof *b);
}

void il_diffs_free(il_diffs *ds)
{
    for (size_t i = 0; i < ds->len; i++) {
        il_free(ds->items[i].text);
        il_free(ds->items[i].trace_name);
    }
    il_free(ds->items);
    memset(ds, 0, sizeof *ds);
}

/* Everything one comparison needs, and the numbering of unexpected-K
 * traces (one per unexpected outcome, see add_unexpected). */
typedef struct cmp {
    const il_program *p;
    const il_result *r;
    il_diffs *out;
    il_diag *d;
    size_t first_diff; /* out->len when this comparison began */
    int nunexpected;   /* unexpected-K numbering */
} cmp;

/* The trace name of an earlier unexpected outcome of this comparison that
 * ends in `state`, or NULL. */
static char *named_before(const cmp *c, uint32_t state)
{
    for (size_t i = c->first_diff; i < c->out->len; i++) {
        const il_diff *d = &c->out->items[i];
        if (d->has_state && d->state == state && d->trace_name &&
            strncmp(d->trace_name, "unexpected-", 11) == 0)
            return il_xstrdup(d->trace_name);
    }
    return NULL;
}

/* Adds a difference that the trace to `state` shows, in file `name`. */
static void add_traced(cmp *c, il_buf *b, uint32_t state, const char *name)
{
    add_text(c->out, b);
    il_diff *d = &c->out->items[c->out->len - 1];
    d->has_state = 1;
    d->state = state;
    d->trace_name = il_xstrdup(name);
}

/* An unexpected outcome: its trace is the next unexpected-K, unless an
 * earlier unexpected output or final ends in the same state (one outcome,
 * one trace). Counterexamples and findings keep names of their own. */
static void add_unexpected(cmp *c, il_buf *b, uint32_t state)
{
    char *tn = named_before(c, state);
    if (tn) {
        add_traced(c, b, state, tn);
        il_free(tn);
        return;
    }
    char name[32];
    snprintf(name, sizeof name, "unexpected-%d", ++c->nunexpected);
    add_traced(c, b, state, name);
}

/* "... and 7 more unexpected outputs" after MAX_LINES of one kind. */
static void add_more(il_diffs *ds, size_t more, const char *what)
{
    if (more == 0) return;
    il_buf b = {0};
    il_buf_printf(&b, "... and %zu more %s", more, what);
    add_text(ds, &b);
}

/* Marks the first (lowest idx) of each run of equal neighbours in a sorted
 * array: those are the distinct values, each at its earliest index. */
#define MARK_FIRSTS(arr, n, eq, mark)                                          \
    for (size_t i_ = 0; i_ < (n); i_++)                                        \
        if (i_ == 0 || !(eq(&(arr)[i_ - 1], &(arr)[i_]))) (mark)[(arr)[i_].idx] = 1

/* ---- outputs ------------------------------------------------------------------ */

typedef struct seq {
    const char *const *items;
    size_t n;
    size_t idx; /* expected entry or outcome index */
} seq;

static int seq_cmp(const seq *a, const seq *b)
{
    for (size_t i = 0; i < a->n && i < b->n; i++) {
        int r = strcmp(a->items[i] ? a->items[i] : "", b->items[i] ? b->items[i] : "");
        if (r) return r;
    }
    return a->n < b->n ? -1 : a->n > b->n;
}

static int seq_eq(const seq *a, const seq *b) { return seq_cmp(a, b) == 0; }

/* By content, then index: equal sequences are neighbours, earliest first. */
static int seq_sort(const void *x, const void *y)
{
    const seq *a = x, *b = y;
    int r = seq_cmp(a, b);
    if (r) return r;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int seq_find(const seq *sorted, size_t n, const seq *key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = seq_cmp(&sorted[mid], key);
        if (r == 0) return 1;
        if (r < 0) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

static void compare_outputs(cmp *c)
{
    const il_expect *x = &c->p->expect;
    const il_result *r = c->r;
    size_t ne = (size_t)x->noutputs, no = r->noutcomes;
    seq *want = il_xcalloc(ne, sizeof *want), *got = il_xcalloc(no, sizeof *got);
    unsigned char *first_want = il_xcalloc(ne, 1), *first_got = il_xcalloc(no, 1);
    for (size_t i = 0; i < ne; i++)
        want[i] = (seq){x->outputs[i], (size_t)x->output_len[i], i};
    for (size_t i = 0; i < no; i++)
        got[i] = (seq){r->outcomes[i].output, r->outcomes[i].noutput, i};
    qsort(want, ne, sizeof *want, seq_sort);
    qsort(got, no, sizeof *got, seq_sort);
    MARK_FIRSTS(want, ne, seq_eq, first_want);
    MARK_FIRSTS(got, no, seq_eq, first_got);

    /* Missing: in file order, each distinct expected sequence once. */
    size_t shown = 0;
    for (size_t i = 0; i < ne; i++) {
        seq key = {x->outputs[i], (size_t)x->output_len[i], i};
        if (!first_want[i] || seq_find(got, no, &key)) continue;
        if (shown++ >= MAX_LINES) continue;
        il_buf b = {0};
        il_buf_puts(&b, "missing output ");
        il_expect_put_output(&b, key.items, key.n);
        add_text(c->out, &b);
    }
    add_more(c->out, shown > MAX_LINES ? shown - MAX_LINES : 0, "missing outputs");

    /* Unexpected: in report order, each distinct sequence once, with the
     * first outcome that prints it. */
    shown = 0;
    for (size_t i = 0; i < no; i++) {
        const il_outcome *o = &r->outcomes[i];
        seq key = {o->output, o->noutput, i};
        if (!first_got[i] || seq_find(want, ne, &key)) continue;
        if (shown++ >= MAX_LINES) continue;
        il_buf b = {0};
        il_buf_puts(&b, "unexpected output ");
        il_expect_put_output(&b, o->output, o->noutput);
        add_unexpected(c, &b, o->state);
    }
    add_more(c->out, shown > MAX_LINES ? shown - MAX_LINES : 0, "unexpected outputs");
    il_free(want);
    il_free(got);
    il_free(first_want);
    il_free(first_got);
}

/* ---- finals ------------------------------------------------------------------- */

/* One variable of one finals: entry, resolved to the final values. */
typedef struct fvar {
    int decl;          /* index in p->shared */
    int base;          /* its first location */
    const int64_t *vals;
    int nvals;
} fvar;

/* An entry as a sort key: the variables it names (ascending declaration
 * index, its "signature") and their values in that order. Entries with the
 * same signature form a group; an outcome matches an entry of a group when
 * its final, projected onto the signature, equals the entry's key, so each
 * group is sorted once and searched once per outcome. */
typedef struct fentry {
    const il_final_entry *e;
    fvar *vars;        /* file order, for messages */
    int *sig;          /* declaration indices, ascending */
    int nsig;
    int64_t *key;      /* values in signature order */
    size_t nkey;
    size_t idx;        /* entry index */
} fentry;

/* Shared declarations by name, for resolving entries in log time. */
typedef struct dname {
    const char *name;
    int decl, base;
} dname;

static int dname_cmp(const void *x, const void *y)
{
    return strcmp(((const dname *)x)->name, ((const dname *)y)->name);
}

static int decl_index(const dname *byname, int n, const char *name, int *base)
{
    dname k = {name, 0, 0};
    const dname *d = n ? bsearch(&k, byname, (size_t)n, sizeof *byname, dname_cmp) : NULL;
    *base = d ? d->base : 0;
    return d ? d->decl : -1;
}

static int fvar_by_decl(const void *x, const void *y)
{
    const fvar *a = x, *b = y;
    return (a->decl > b->decl) - (a->decl < b->decl);
}

static int sig_cmp(const fentry *a, const fentry *b)
{
    if (a->nsig != b->nsig) return a->nsig < b->nsig ? -1 : 1;
    for (int i = 0; i < a->nsig; i++)
        if (a->sig[i] != b->sig[i]) return a->sig[i] < b->sig[i] ? -1 : 1;
    return 0;
}

static int key_cmp(const int64_t *a, const int64_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

/* Signature, key, then file order: equal entries are neighbours, earliest first. */
static int fentry_sort(const void *x, const void *y)
{
    const fentry *a = *(const fentry *const *)x, *b = *(const fentry *const *)y;
    int r = sig_cmp(a, b);
    if (!r) r = key_cmp(a->key, b->key, a->nkey < b->nkey ? a->nkey : b->nkey);
    if (!r && a->nkey != b->nkey) r = a->nkey < b->nkey ? -1 : 1;
    if (r) return r;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int fentry_eq(fentry *const *a, fentry *const *b)
{
    return sig_cmp(*a, *b) == 0 && (*a)->nkey == (*b)->nkey &&
           key_cmp((*a)->key, (*b)->key, (*a)->nkey) == 0;
}

/* An outcome's final projected onto the shown variables, for sorting. */
typedef struct proj {
    const int64_t *key;
    size_t n;
    size_t idx; /* outcome index */
} proj;

static int proj_cmp(const proj *a, const proj *b)
{
    for (size_t i = 0; i < a->n; i++)
        if (a->key[i] != b->key[i]) return a->key[i] < b->key[i] ? -1 : 1;
    return 0;
}

static int proj_eq(const proj *a, const proj *b) { return proj_cmp(a, b) == 0; }

static int proj_sort(const void *x, const void *y)
{
    const proj *a = x, *b = y;
    int r = proj_cmp(a, b);
    if (r) return r;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void put_entry(il_buf *b, const il_program *p, const fentry *f)
{
    il_buf_putc(b, '{');
    for (int v = 0; v < f->e->nvars; v++) {
        const il_shared_decl *d = &p->shared[f->vars[v].decl];
        il_buf_printf(b, "%s%s: ", v ? ", " : "", d->name);
        put_values(b, d, f->vars[v].vals);
    }
    il_buf_putc(b, '}');
}

/* Resolves entry i: its variables, signature and key. Returns 0 when a
 * variable is unknown or of another size (the loader refuses both). */
static int resolve_entry(fentry *f, const il_final_entry *e, size_t i, const dname *byname,
                         const il_program *p, unsigned char *show, const int *base)
{
    f->e = e;
    f->idx = i;
    f->vars = il_xcalloc((size_t)e->nvars + 1, sizeof *f->vars);
    f->sig = il_xcalloc((size_t)e->nvars + 1, sizeof *f->sig);
    fvar *sorted = il_xcalloc((size_t)e->nvars + 1, sizeof *sorted);
    for (int v = 0; v < e->nvars; v++) {
        fvar *fv = &f->vars[v];
        fv->decl = decl_index(byname, p->nshared, e->names[v], &fv->base);
        fv->vals = e->vals[v];
        fv->nvals = e->nvals[v];
        if (fv->decl < 0 || fv->nvals != base[fv->decl + 1] - base[fv->decl]) {
            il_free(sorted);
            return 0;
        }
        show[fv->decl] = 1;
        sorted[v] = *fv;
        f->nkey += (size_t)fv->nvals;
    }
    qsort(sorted, (size_t)e->nvars, sizeof *sorted, fvar_by_decl);
    f->key = il_xcalloc(f->nkey + 1, sizeof *f->key);
    size_t w = 0;
    for (int v = 0; v < e->nvars; v++) {
        f->sig[f->nsig++] = sorted[v].decl;
        memcpy(f->key + w, sorted[v].vals, (size_t)sorted[v].nvals * sizeof *f->key);
        w += (size_t)sorted[v].nvals;
    }
    il_free(sorted);
    return 1;
}

/* The earliest entry of ord[lo, hi) (one group, sorted) whose key is the
 * final projected onto the group's signature, or NULL. base[d] is
 * declaration d's first location, base[d + 1] - base[d] its size. */
static fentry *group_find(fentry *const *ord, size_t lo, size_t hi, const int64_t *final,
                          const int *base, int64_t *scratch)
{
    const fentry *g = ord[lo];
    size_t w = 0, end = hi;
    for (int s = 0; s < g->nsig; s++) {
        int d = g->sig[s];
        size_t n = (size_t)(base[d + 1] - base[d]);
        memcpy(scratch + w, final + base[d], n * sizeof *scratch);
        w += n;
    }
    while (lo < hi) { /* lower bound: the first entry not below the projection */
        size_t mid = lo + (hi - lo) / 2;
        if (key_cmp(ord[mid]->key, scratch, w) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo < end && key_cmp(ord[lo]->key, scratch, w) == 0 ? ord[lo] : NULL;
}

static void compare_finals(cmp *c)
{
    const il_program *p = c->p;
    const il_expect *x = &p->expect;
    const il_result *r = c->r;
    size_t ne = (size_t)x->nfinals, no = r->noutcomes, nsh = (size_t)p->nshared;
    fentry *fe = il_xcalloc(ne + 1, sizeof *fe);
    fentry **ord = il_xcalloc(ne + 1, sizeof *ord);
    unsigned char *show = il_xcalloc(nsh + 1, 1);
    dname *byname = il_xcalloc(nsh + 1, sizeof *byname);
    int *base = il_xcalloc(nsh + 1, sizeof *base);
    int any_shown = 0;
    size_t nord = 0, width_all = 0;
    for (size_t i = 0; i < nsh; i++) {
        byname[i] = (dname){p->shared[i].name, (int)i, base[i]};
        base[i + 1] = base[i] + p->shared[i].size;
    }
    width_all = (size_t)base[nsh];
    qsort(byname, nsh, sizeof *byname, dname_cmp);
    for (size_t i = 0; i < ne; i++) {
        if (!resolve_entry(&fe[i], &x->finals[i], i, byname, p, show, base)) continue;
        ord[nord++] = &fe[i];
        any_shown |= fe[i].nsig > 0;
    }
    qsort(ord, nord, sizeof *ord, fentry_sort);

    /* Which entries some outcome agrees with (marked on each group's
     * earliest equal entry), and which outcomes agree with some entry. */
    unsigned char *hit = il_xcalloc(ne + 1, 1), *matched = il_xcalloc(no + 1, 1);
    int64_t *scratch = il_xcalloc(width_all + 1, sizeof *scratch);
    for (size_t lo = 0, hi; lo < nord; lo = hi) {
        for (hi = lo + 1; hi < nord && sig_cmp(ord[lo], ord[hi]) == 0; hi++) {}
        for (size_t o = 0; o < no; o++) {
            fentry *f = group_find(ord, lo, hi, r->outcomes[o].final, base, scratch);
            if (!f) continue;
            hit[f->idx] = 1;
            matched[o] = 1;
        }
    }
    unsigned char *first_e = il_xcalloc(ne + 1, 1);
    for (size_t i = 0; i < nord; i++)
        if (i == 0 || !fentry_eq(&ord[i - 1], &ord[i])) first_e[ord[i]->idx] = 1;

    /* Missing: each distinct entry that no outcome agrees with, in file order. */
    size_t shown = 0;
    for (size_t i = 0; i < ne; i++) {
        if (!first_e[i] || hit[i]) continue;
        if (shown++ >= MAX_LINES) continue;
        il_buf b = {0};
        il_buf_puts(&b, "missing final ");
        put_entry(&b, p, &fe[i]);
        add_text(c->out, &b);
    }
    add_more(c->out, shown > MAX_LINES ? shown - MAX_LINES : 0, "missing finals");

    /* Unexpected: outcomes no entry agrees with, once per distinct
     * projection onto the shown variables, in report order. */
    size_t width = 0;
    for (size_t i = 0; i < nsh; i++)
        if (!any_shown || show[i]) width += (size_t)p->shared[i].size;
    int64_t *keys = il_xcalloc(no * (width ? width : 1), sizeof *keys);
    proj *pj = il_xcalloc(no, sizeof *pj);
    size_t np = 0;
    for (size_t o = 0; o < no; o++) {
        const int64_t *final = r->outcomes[o].final;
        if (matched[o]) continue;
        int64_t *k = keys + np * width;
        size_t w = 0;
        for (int i = 0, b0 = 0; i < p->nshared; b0 += p->shared[i].size, i++)
            for (int j = 0; j < p->shared[i].size && (!any_shown || show[i]); j++)
                k[w++] = final[b0 + j];
        pj[np++] = (proj){k, width, o};
    }
    qsort(pj, np, sizeof *pj, proj_sort);
    unsigned char *first = il_xcalloc(no, 1);
    MARK_FIRSTS(pj, np, proj_eq, first);
    shown = 0;
    for (size_t o = 0; o < no; o++) {
        if (!first[o]) continue;
        if (shown++ >= MAX_LINES) continue;
        il_buf b = {0};
        il_buf_puts(&b, "unexpected final ");
        il_expect_put_final(&b, p, r->outcomes[o].final, any_shown ? show : NULL);
        add_unexpected(c, &b, r->outcomes[o].state);
    }
    add_more(c->out, shown > MAX_LINES ? shown - MAX_LINES : 0, "unexpected finals");

    il_free(first);
    il_free(pj);
    il_free(keys);
    il_free(first_e);
    il_free(scratch);
    il_free(matched);
    il_free(hit);
    for (size_t i = 0; i < ne; i++) {
        il_free(fe[i].vars);
        il_free(fe[i].sig);
        il_free(fe[i].key);
    }
    il_free(fe);
    il_free(ord);
    il_free(base);
    il_free(byname);
    il_free(show);
}

/* ---- always, sometimes, never ---------------------------------------------- */

/* `always "x == 2"`: the form and its source, quoted as in the file. */
static void put_form(il_buf *b, const char *form, const char *src)
{
    il_buf_printf(b, "%s ", form);
    il_buf_put_quoted(b, src ? src : "");
}

/* "output [1, 1], final {x: 1}": what identifies an ok outcome. */
static void put_outcome(il_buf *b, const il_program *p, const il_outcome *o)
{
    il_buf_puts(b, "output ");
    il_expect_put_output(b, o->output, o->noutput);
    if (p->nshared > 0) {
        il_buf_puts(b, ", final ");
        il_expect_put_final(b, p, o->final, NULL);
    }
}

/* Evaluates form over every ok outcome: how many are ok, how many make it
 * true, and the first ok outcome for which it is `want` (or -1).
 * Returns -1 on an evaluation error. */
static int count_truth(cmp *c, const il_expr *e, const char *what, int want, size_t *nok,
                       size_t *ntrue, long *first)
{
    *nok = *ntrue = 0;
    *first = -1;
    for (size_t i = 0; i < c->r->noutcomes; i++) {
        const il_outcome *o = &c->r->outcomes[i];
        int64_t v;
        if (o->status != IL_STATUS_OK) continue;
        if (il_eval(c->p, e, o->final, what, &v, c->d)) return -1;
        (*nok)++;
        if (v) (*ntrue)++;
        if ((v != 0) == want && *first < 0) *first = (long)i;
    }
    return 0;
}

static int compare_forms(cmp *c)
{
    const il_expect *x = &c->p->expect;
    size_t nok, ntrue;
    long first;
    if (x->always) {
        if (count_truth(c, x->always, "expect: always", 0, &nok, &ntrue, &first)) return -1;
        if (first >= 0) {
            const il_outcome *o = &c->r->outcomes[first];
            il_buf b = {0};
            put_form(&b, "always", x->always_src);
            il_buf_printf(&b, " is false in %zu of %zu ok outcome%s, e.g. ", nok - ntrue, nok,
                          nok == 1 ? "" : "s");
            put_outcome(&b, c->p, o);
            add_traced(c, &b, o->state, "counterexample-always");
        }
    }
    if (x->sometimes) {
        if (count_truth(c, x->sometimes, "expect: sometimes", 1, &nok, &ntrue, &first))
            return -1;
        if (first < 0) {
            il_buf b = {0};
            put_form(&b, "sometimes", x->sometimes_src);
            if (nok == 0) il_buf_puts(&b, " cannot hold: no ok outcome is reachable");
            else if (nok == 1) il_buf_puts(&b, " does not hold in the only ok outcome");
            else il_buf_printf(&b, " holds in none of the %zu ok outcomes", nok);
            add_text(c->out, &b);
        }
    }
    if (x->never) {
        if (count_truth(c, x->never, "expect: never", 1, &nok, &ntrue, &first)) return -1;
        if (first >= 0) {
            const il_outcome *o = &c->r->outcomes[first];
            il_buf b = {0};
            put_form(&b, "never", x->never_src);
            il_buf_printf(&b, " is true in %zu of %zu ok outcome%s, e.g. ", ntrue, nok,
                          nok == 1 ? "" : "s");
            put_outcome(&b, c->p, o);
            add_traced(c, &b, o->state, "counterexample-never");
        }
    }
    return 0;
}

/* ---- deadlock, errors, interleavings ----------------------------------------- */

static void compare_findings(cmp *c)
{
    const il_expect *x = &c->p->expect;
    const il_result *r = c->r;
    if (x->deadlock == IL_TRI_TRUE && r->ndeadlocks == 0) {
        il_buf b = {0};
        il_buf_puts(&b, "deadlock: expected a reachable deadlock, found none");
        add_text(c->out, &b);
    } else if (x->deadlock == IL_TRI_FALSE && r->ndeadlocks > 0) {
        const il_deadlock *dl = &r->deadlocks[0];
        il_buf b = {0};
        il_buf_puts(&b, "deadlock: expected none, found ");
        if (r->ndeadlocks > 1) il_buf_printf(&b, "%zu, e.g. ", r->ndeadlocks);
        for (size_t i = 0; i < dl->nblocked; i++) {
            const il_blocked *bl = &dl->blocked[i];
            il_buf_printf(&b, "%s%s at line %d waits for %s", i ? "; " : "", bl->thread,
                          bl->line, bl->detail ? bl->detail : bl->waiting_for);
        }
        add_traced(c, &b, dl->state, "deadlock");
    }
    if (x->errors == IL_TRI_TRUE && r->nerrors == 0) {
        il_buf b = {0};
        il_buf_puts(&b, "errors: expected a reachable error, found none");
        add_text(c->out, &b);
    } else if (x->errors == IL_TRI_FALSE && r->nerrors > 0) {
        const il_finding_error *e = &r->errors[0];
        il_buf b = {0};
        il_buf_puts(&b, "errors: expected none, found ");
        if (r->nerrors > 1) il_buf_printf(&b, "%zu, e.g. ", r->nerrors);
        il_buf_printf(&b, "%s: %s at line %d", e->info.thread, e->info.kind, e->info.line);
        if (e->info.message && *e->info.message) il_buf_printf(&b, ": %s", e->info.message);
        add_traced(c, &b, e->state, "error");
    }
    if (x->races == IL_TRI_TRUE && r->races_checked && r->nraces == 0) {
        il_buf b = {0};
        il_buf_puts(&b, "races: expected a reachable data race, found none");
        add_text(c->out, &b);
    } else if (x->races == IL_TRI_FALSE && r->nraces > 0) {
        const il_race *rc = &r->races[0];
        il_buf b = {0};
        il_buf_puts(&b, "races: expected none, found ");
        if (r->nraces > 1) il_buf_printf(&b, "%zu, e.g. ", r->nraces);
        il_buf_printf(&b, "%s: %s %s at line %d, %s %s at line %d", rc->location,
                      rc->first.thread, rc->first.is_write ? "writes" : "reads", rc->first.line,
                      rc->second.thread, rc->second.is_write ? "writes" : "reads",
                      rc->second.line);
        add_traced(c, &b, rc->state, "race");
        il_diff *d = &c->out->items[c->out->len - 1];
        d->nextra = 2; /* the two accesses, back to back */
        d->extra[0] = rc->thread_a;
        d->extra[1] = rc->thread_b;
        d->sched = rc->schedule;
        d->nsched = rc->nschedule;
    }
    if (x->interleavings && strcmp(x->interleavings, r->total ? r->total : "0") != 0) {
        il_buf b = {0};
        il_buf_printf(&b, "interleavings: expected %s, got %s", x->interleavings,
                      r->total ? r->total : "0");
        add_text(c->out, &b);
    }
}

/* ---- entry points ------------------------------------------------------------ */

int il_expect_validate(const il_program *p, il_diag *d)
{
    const il_expect *x = &p->expect;
    if (x->always && il_eval_validate(p, x->always, "expect: always", d)) return -1;
    if (x->sometimes && il_eval_validate(p, x->sometimes, "expect: sometimes", d)) return -1;
    if (x->never && il_eval_validate(p, x->never, "expect: never", d)) return -1;
    return 0;
}

int il_expect_compare(const il_program *p, const il_result *r, il_diffs *out, il_diag *d)
{
    cmp c = {p, r, out, d, out->len, 0};
    il_buf b = {0};
    if (!p->expect.present) {
        il_buf_puts(&b, "no expect: block: check needs the expected behaviour to compare "
                        "with (start from the outcomes `interleave explore` lists)");
        add_text(out, &b);
        return 0;
    }
    if (!r->complete && r->stopped_in) {
        /* the exploration was whole; what came after it was not (counting:
         * the counts are unknown) */
        il_buf_printf(&b, "incomplete: stopped by %s while %s (%" PRIu64 " states explored), "
                          "so the expectations cannot be confirmed",
                      r->stopped_by ? r->stopped_by : "a limit", r->stopped_in, r->states);
        add_text(out, &b);
        return 0;
    }
    if (!r->complete) {
        il_buf_printf(&b, "incomplete: stopped by %s after %" PRIu64 " states, so the "
                          "expectations cannot be confirmed",
                      r->stopped_by ? r->stopped_by : "a limit", r->states);
        add_text(out, &b);
        return 0;
    }
    if (p->expect.has_outputs) compare_outputs(&c);
    if (p->expect.has_finals) compare_finals(&c);
    if (compare_forms(&c)) return -1;
    compare_findings(&c);
    return 0;
}
