/* expect.h - compares what exploration found (il_result) with what the
 * program's `expect:` block says (il_expect), for `check`.
 *
 * The result is a list of differences, one line of text each, in the order
 * of the expect forms (outputs, finals, always, sometimes, never, deadlock,
 * errors, interleavings). A difference that some interleaving demonstrates
 * (an unexpected outcome, a counterexample, an unwanted deadlock or error)
 * also names the state it ends in and a file name for its trace; writing
 * the trace is the caller's business (check.c), so this module stays a pure
 * function of (program, result) that unit tests can call directly.
 *
 * Rules (language.md D26, cli.md):
 * - outputs: the set of output sequences of all outcomes (any status) must
 *   equal the expected set; items compare as strings.
 * - finals: an outcome is expected when some entry agrees with its final
 *   values on every variable *that entry* names; every entry must agree
 *   with some outcome. Usually all entries name the same variables and this
 *   is plain set equality of the projections. Unexpected finals are shown
 *   projected onto the variables that any entry names (all variables when
 *   none does), once per distinct projection.
 * - always/sometimes/never: over the final values of the ok outcomes only.
 * - deadlock/errors/races: true means reachable, false means not (races
 *   true cannot be confirmed when the run skipped race detection).
 * - interleavings: the exact total, as a decimal string or "infinite".
 * - No expect: block, or an exploration cut short by a limit, is one
 *   difference on its own: neither can confirm the expected behaviour.
 *
 * Ownership: il_diffs owns its array and every text and trace name in it. */
#ifndef IL_EXPECT_H
#define IL_EXPECT_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "explorer.h"
#include "program.h"
#include "util.h"

typedef struct il_diff {
    char *text;       /* e.g. "missing output [1, 3]"; no trailing newline */
    int has_state;    /* 1 when a trace to `state` demonstrates it */
    uint32_t state;   /* an explorer state (il_explorer_path) */
    char *trace_name; /* "unexpected-1", "counterexample-always", ...; NULL without state */
    int nextra;       /* steps the trace takes after `state` (a race's two accesses) */
    uint32_t extra[2];/* their threads */
    const uint32_t *sched; /* or, when set, the trace's whole schedule (a race's) */
    size_t nsched;
} il_diff;

typedef struct il_diffs {
    il_diff *items;
    size_t len, cap;
} il_diffs;

/* Checks the always/sometimes/never expressions before exploring, so a
 * malformed one is reported even when no final state would evaluate it.
 * Returns 0, or -1 after reporting the first problem through d. */
int il_expect_validate(const il_program *p, il_diag *d);

/* Appends p's differences from r to out. Returns 0, or -1 when an
 * expression fails to evaluate (division by zero, index out of range,
 * overflow: reported through d, and out may hold some differences). */
int il_expect_compare(const il_program *p, const il_result *r, il_diffs *out, il_diag *d);

void il_diffs_free(il_diffs *ds);

/* How outputs and finals are written in messages: as YAML flow, so a line
 * can be pasted into expect: ([1, 1], ["main done"], {x: 1, l: [0, 2]}). */
void il_expect_put_output(il_buf *b, const char *const *items, size_t n);
/* The values of the variables whose `show` flag is set (NULL: all). */
void il_expect_put_final(il_buf *b, const il_program *p, const int64_t *final,
                         const unsigned char *show);

#endif
