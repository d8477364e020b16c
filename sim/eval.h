/* eval.h - evaluates the expressions of `expect:` (always, sometimes, never)
 * over the final values of a program's shared variables.
 *
 * The language is that of thread bodies restricted to what a final state
 * has: integers (True/False are 1/0), shared int variables, elements of
 * shared lists (l[i], negative indices as in Python), + - * // % and unary
 * - +, not, and/or (giving the deciding operand, as Python does), and
 * chained comparisons. Anything else (a local or unknown name, a whole list,
 * a string, a call, a list literal, `/`) is a malformed expectation.
 *
 * Errors are bad input: one `FILE:LINE:COL: error: ...` through the diag
 * (positions come from the il_expr nodes, which the loader placed in the
 * program file) and -1. Nothing here allocates but the spine of a long
 * operator chain, walked in a loop rather than by recursion. */
#ifndef IL_EVAL_H
#define IL_EVAL_H

#include <stdint.h>

#include "ast.h"
#include "diag.h"
#include "program.h"

/* Checks what can be checked before any final state exists: names, kinds
 * of expression, constant list indices. `what` names the expectation in
 * messages ("expect: always"). Returns 0, or -1 after reporting. */
int il_eval_validate(const il_program *p, const il_expr *e, const char *what, il_diag *d);

/* Evaluates e over `final` (every shared location in file order, lists
 * flattened, as il_outcome.final) into *out. Returns 0, or -1 after
 * reporting a division by zero, an index out of range or an overflow. */
int il_eval(const il_program *p, const il_expr *e, const int64_t *final, const char *what,
            int64_t *out, il_diag *d);

#endif
