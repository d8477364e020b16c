/* store_bench.c - the state store (sim/store.c) against the explorer's
 * previous visited set (flat S-byte states, a 64-bit hash per state, uint64
 * slots at most half full, positions from the low hash bits; copied below),
 * on real states: a breadth-first search of a program's whole state space
 * without symmetry reduction (bench/programs/lost_update_6.yaml: 10,137,768
 * states of 256 bytes), stepping with the real machine. Each scheme runs in
 * a child process of its own, so its peak RSS is its own.
 *
 * Only the interning is timed: the successors of 1024 states are stepped
 * into a buffer first, then interned under the clock, so "ns per intern"
 * is the visited set's cost per transition (found or added), the figure the
 * explorer's profile is about. Bytes per state: what the scheme holds at
 * the end (old: the bytes in use, states + hashes + table, not counting the
 * spare capacity its doubling realloc keeps; new: il_store_bytes), and for
 * compact mode also its peak, since the queue of unexpanded states is kept.
 *
 * Usage: store-bench [PROGRAM [SCHEMES [ROUNDS]]]: SCHEMES picks from o
 * (old), e (exact), c (compact), default all; with ROUNDS > 1 the schemes
 * take turns and the best ns/intern of each is shown at the end (the
 * machine is shared: timings of a single run can be off by tens of percent).
 * `make store-bench` builds and runs it; not a test (it times things). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "compiler.h"
#include "loader.h"
#include "machine.h"
#include "store.h"
#include "util.h"

/* Messages about the inputs, on stderr (diag.h). */
static void say(void *ud, const char *line)
{
    (void)ud;
    fprintf(stderr, "%s\n", line);
}
static const il_sink to_stderr = {say, NULL};

/* ---- the old scheme (sim/explorer.c before the store) -------------------- */

typedef struct old_set {
    size_t S;
    uint8_t *states;
    uint64_t *hashes;
    uint32_t nstates, cap_states;
    uint64_t *tab;
    size_t tab_cap;
} old_set;

static uint8_t *state_at(old_set *x, uint32_t i) { return x->states + (size_t)i * x->S; }

static uint64_t slot_of(uint64_t h, uint32_t id) { return (h & 0xffffffff00000000u) | (id + 1); }

static void tab_grow(old_set *x)
{
    size_t cap = x->tab_cap ? x->tab_cap * 2 : 1024;
    uint64_t *tab = il_xcalloc(cap, sizeof(uint64_t));
    for (uint32_t i = 0; i < x->nstates; i++) {
        size_t p = x->hashes[i] & (cap - 1);
        while (tab[p]) p = (p + 1) & (cap - 1);
        tab[p] = slot_of(x->hashes[i], i);
    }
    free(x->tab);
    x->tab = tab;
    x->tab_cap = cap;
}

static uint32_t intern_state(old_set *x, const uint8_t *s, int *added)
{
    uint64_t h = XXH3_64bits(s, x->S);
    size_t p = h & (x->tab_cap - 1);
    for (uint64_t e; (e = x->tab[p]); p = (p + 1) & (x->tab_cap - 1)) {
        uint32_t id = (uint32_t)e;
        if ((e ^ h) >> 32 == 0 && memcmp(state_at(x, id - 1), s, x->S) == 0) {
            *added = 0;
            return id - 1;
        }
    }
    if (x->nstates == x->cap_states) {
        uint32_t nc = x->cap_states ? x->cap_states * 2 : 1024;
        x->states = il_xrealloc(x->states, (size_t)nc * x->S);
        x->hashes = il_xrealloc(x->hashes, (size_t)nc * sizeof(uint64_t));
        x->cap_states = nc;
    }
    uint32_t id = x->nstates++;
    memcpy(state_at(x, id), s, x->S);
    x->hashes[id] = h;
    x->tab[p] = slot_of(h, id);
    *added = 1;
    if ((size_t)x->nstates * 2 > x->tab_cap) tab_grow(x);
    return id;
}

/* ---- one scheme, one search ----------------------------------------------- */

enum { OLD, EXACT, COMPACT };
static const char *const names[] = {"old (flat + hash + table)", "store, exact", "store, compact"};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double run(const il_code *c, int kind)
{
    enum { BATCH = 1024 };
    size_t S = c->state_size;
    il_machine m = {c, il_intern_new(), NULL};
    old_set old = {.S = S};
    il_store *st = NULL;
    if (kind == OLD) tab_grow(&old);
    else st = il_store_new(S, kind == COMPACT);
    uint8_t *cur = il_xmalloc(S), *buf = il_xmalloc((size_t)BATCH * c->nthreads * S);
    double t_intern = 0, t0 = now();
    uint64_t interns = 0;
    size_t peak = 0;
    int added;
#define COUNT() (kind == OLD ? old.nstates : il_store_count(st))
#define INTERN(s) (kind == OLD ? intern_state(&old, (s), &added) : il_store_intern(st, (s), &added))
    INTERN(c->init);
    for (uint32_t s = 0; s < COUNT();) {
        uint32_t hi = COUNT() - s > BATCH ? s + BATCH : COUNT();
        size_t nb = 0;
        for (; s < hi; s++) {
            if (kind == OLD) memcpy(cur, state_at(&old, s), S);
            else if (!il_store_get(st, s, cur)) {
                fprintf(stderr, "state %u was released before it was expanded\n", s);
                exit(1);
            }
            if (il_finished(c, cur)) continue;
            for (uint32_t t = 0; t < c->nthreads; t++) {
                uint8_t *next = buf + nb * S;
                memcpy(next, cur, S);
                il_wait w;
                if (il_step(&m, next, t, &w) == IL_STEP_OK) nb++;
            }
        }
        double a = now();
        for (size_t j = 0; j < nb; j++) INTERN(buf + j * S);
        t_intern += now() - a;
        interns += nb;
        if (kind == COMPACT) {
            size_t b = il_store_bytes(st);
            if (b > peak) peak = b;
            il_store_release_below(st, s);
        }
    }
    double total = now() - t0;
    uint32_t n = COUNT();
    size_t bytes = kind == OLD ? (size_t)n * (S + 8) + old.tab_cap * 8 : il_store_bytes(st);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%-26s %10u states %11llu interns  %6.1f ns/intern  %6.1f bytes/state",
           names[kind], n, (unsigned long long)interns, t_intern * 1e9 / (double)interns,
           (double)bytes / n);
    if (kind == COMPACT) printf(" (peak %.1f)", (double)peak / n);
    printf("  search %.2f s  max RSS %ld MB", total, ru.ru_maxrss / 1024);
    if (kind == COMPACT) printf("  omission bound %.3g", il_store_omission_bound(st));
    printf("\n");
    fflush(stdout);
    free(cur);
    free(buf);
    free(old.states);
    free(old.hashes);
    free(old.tab);
    il_store_free(st);
    il_intern_free(m.intern);
    return t_intern * 1e9 / (double)interns;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "bench/programs/lost_update_6.yaml";
    il_diag d;
    il_diag_init(&d, path, &to_stderr);
    il_program *p = il_load_program(path, &d);
    il_code *c = p ? il_compile(p, &d) : NULL;
    if (!c) return 2;
    printf("%s: %zu-byte states, %u threads\n", path, c->state_size, c->nthreads);
    fflush(stdout);
    int rounds = argc > 3 ? atoi(argv[3]) : 1;
    double best[3] = {0, 0, 0};
    for (int r = 0; r < rounds; r++)
        for (int k = 0; k < 3; k++) {
            if (argc > 2 && !strchr(argv[2], "oec"[k])) continue; /* e.g. "oe": old and exact */
            int fd[2];
            if (pipe(fd) != 0) return 1;
            pid_t pid = fork();
            if (pid == 0) {
                double ns = run(c, k);
                if (write(fd[1], &ns, sizeof ns) != sizeof ns) exit(1);
                exit(0);
            }
            close(fd[1]);
            double ns = 0;
            int got = pid > 0 && read(fd[0], &ns, sizeof ns) == sizeof ns;
            close(fd[0]);
            int status;
            if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) return 1;
            if (WEXITSTATUS(status)) return WEXITSTATUS(status); /* 4: out of memory */
            if (got && (!best[k] || ns < best[k])) best[k] = ns;
        }
    if (rounds > 1)
        for (int k = 0; k < 3; k++)
            if (best[k]) printf("best of %d: %-26s %6.1f ns/intern\n", rounds, names[k], best[k]);
    il_code_free(c);
    il_program_free(p);
    return 0;
}
