/* limit.c - one deadline, one memory budget and a stop request for the
 * whole run (see limit.h). */
#include "limit.h"

#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

static double deadline;          /* CLOCK_MONOTONIC seconds; 0: none */
static int budgeted;             /* il_limit_memory was called */
static uint64_t memory_stop;     /* data in use at which to stop; 0: not watched */
static double next_memory_check; /* /proc is read at most every 10 ms */
static const char *stopped;      /* why the run stopped, once it has */
static jmp_buf *guard;           /* loading under il_limit_guard */
/* A signal handler writes the reason, then the flag. */
static const char *volatile request_reason;
static volatile sig_atomic_t requested;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void il_limit_begin(double max_seconds)
{
    stopped = NULL;
    deadline = max_seconds > 0 ? now() + max_seconds : 0;
}

void il_limit_memory(uint64_t budget, const char *shown)
{
    uint64_t base = il_memory_in_use();
    budgeted = 1;
    il_memory_cap(budget, shown);
    /* an eighth short of the cap: the next doubling array still fits */
    memory_stop = base ? base + (budget - budget / 8) : 0;
    if (memory_stop && memory_stop < base) memory_stop = 0; /* overflow: no watch */
}

uint64_t il_limit_graph_bytes(uint64_t budget) { return budget / 8 * 5; }

void il_limit_request_stop(const char *reason)
{
    request_reason = reason;
    requested = 1;
}

const char *il_limit_stopped(void)
{
    if (!stopped && requested) stopped = request_reason;
    return stopped;
}

const char *il_limit_poll(void)
{
    if (il_limit_stopped()) return stopped;
    if (!deadline && !memory_stop) return NULL;
    double t = now();
    if (deadline && t > deadline) return stopped = "--max-seconds";
    if (memory_stop && t >= next_memory_check) {
        next_memory_check = t + 0.01;
        if (il_memory_in_use() > memory_stop) return stopped = "--max-memory";
    }
    return NULL;
}

void il_limit_phase(const char *phase)
{
    const char *t = getenv("INTERLEAVE_TEST_STOP");
    size_t n = strlen(phase);
    if (!t || strncmp(t, phase, n) != 0) return;
    if (!t[n] && deadline) deadline = now() - 1; /* the next poll is past it */
    else if (strcmp(t + n, ":SIGINT") == 0) raise(SIGINT);
    else if (strcmp(t + n, ":SIGTERM") == 0) raise(SIGTERM);
}

/* The allocator's hook while a guard is set: polls, and turns a refused
 * allocation into a stop by the budget (without a budget, it is out of
 * memory: the hook returns to il_out_of_memory). */
static void guard_hook(int failed)
{
    if (failed && !budgeted) return;
    if (failed) {
        if (!il_limit_stopped()) stopped = "--max-memory";
    } else if (!il_limit_poll()) {
        return;
    }
    jmp_buf *jb = guard;
    il_limit_guard(NULL);
    il_memory_uncap();
    longjmp(*jb, 1);
}

void il_limit_guard(jmp_buf *jb)
{
    guard = jb;
    il_alloc_hook = jb ? guard_hook : NULL;
}
