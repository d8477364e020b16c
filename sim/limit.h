/* limit.h - the run's resource limits as one concern: a deadline
 * (--max-seconds), a memory budget (--max-memory) and a stop request (a
 * signal handler's), answered the same way by every phase: load and
 * compile, explore, count, trace writing, check.
 *
 * Long loops poll il_limit_poll(), which says why to stop (sticky: once a
 * limit is reached every later poll says so too), and end with what they
 * have: the report then says complete: false and stopped_by. Loading and
 * compiling have no partial result to keep, so they run under a guard: a
 * limit reached inside them (polled from the allocator, where a hostile
 * program spends its time and memory, or an allocation refused by the
 * budget's cap) longjmps back to the guard instead of ending the call as "out of
 * memory". */
#ifndef IL_LIMIT_H
#define IL_LIMIT_H

#include <setjmp.h>
#include <stdint.h>

/* Starts the clock: the run (explore) or one program (check) may take
 * max_seconds from now (0: no deadline). Clears an earlier limit's stop,
 * but not a stop request. */
void il_limit_begin(double max_seconds);

/* Caps memory at budget bytes on top of what the process holds now
 * (util.h's il_memory_cap) and watches it: il_limit_poll stops the run when
 * the data in use comes within an eighth of the cap, before an allocation
 * fails. shown is the budget as the user should read it. */
void il_limit_memory(uint64_t budget, const char *shown);

/* What the explorer's graph may use of a budget: five eighths (an array
 * that doubles briefly holds both copies, and the program, findings,
 * counting and traces need the rest). One rule for explore and check. */
uint64_t il_limit_graph_bytes(uint64_t budget);

/* Asks the run to stop as a limit does; safe in a signal handler. reason
 * is a static string such as "SIGINT". */
void il_limit_request_stop(const char *reason);

/* NULL to go on, or why to stop: "--max-seconds", "--max-memory", or a
 * stop request's reason. Cheap (the clock, and /proc at most every 10 ms):
 * poll it every few thousand steps. */
const char *il_limit_poll(void);
/* The reason of the stop, or NULL while none has happened. */
const char *il_limit_stopped(void);

/* A phase that polls the limits begins ("counting", "races"). For tests only, so
 * that they can stop a phase of milliseconds without racing the clock:
 * with INTERLEAVE_TEST_STOP=PHASE in the environment the --max-seconds
 * deadline, when one is set, passes now; with PHASE:SIGINT or
 * PHASE:SIGTERM the process sends itself that signal. The phase's first
 * poll then stops it as the real limit or signal would. */
void il_limit_phase(const char *phase);

/* The guard of loading and compiling (see above):
 *     jmp_buf jb;
 *     if (setjmp(jb)) { ...il_limit_stopped() says why...; }
 *     il_limit_guard(&jb);  ... load, compile ...  il_limit_guard(NULL);
 * After the jump the memory the load held is lost (it is reachable from
 * nowhere), so the caller ends the run; the cap is lifted so that it can
 * still print its report. */
void il_limit_guard(jmp_buf *jb);

#endif
