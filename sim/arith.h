/* arith.h - Python's integer arithmetic on 64-bit values, shared by the
 * machine (thread bodies) and the expect evaluator (check), so that both
 * agree on floor division, the sign of %, and where overflow is an error. */
#ifndef IL_ARITH_H
#define IL_ARITH_H

#include <stdint.h>

#include "ast.h"
#include "bytecode.h"

/* a op b for op in ADD, SUB, MUL, FLOORDIV, MOD: IL_ERR_NONE with *out set,
 * or IL_ERR_OVERFLOW / IL_ERR_ZERODIV (language.md: // and % follow Python). */
static inline il_errkind il_arith(il_binop op, int64_t a, int64_t b, int64_t *out)
{
    switch (op) {
    case IL_OP_ADD: return __builtin_add_overflow(a, b, out) ? IL_ERR_OVERFLOW : IL_ERR_NONE;
    case IL_OP_SUB: return __builtin_sub_overflow(a, b, out) ? IL_ERR_OVERFLOW : IL_ERR_NONE;
    case IL_OP_MUL: return __builtin_mul_overflow(a, b, out) ? IL_ERR_OVERFLOW : IL_ERR_NONE;
    case IL_OP_FLOORDIV:
        if (b == 0) return IL_ERR_ZERODIV;
        if (a == INT64_MIN && b == -1) return IL_ERR_OVERFLOW;
        *out = a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
        return IL_ERR_NONE;
    case IL_OP_MOD:
        if (b == 0) return IL_ERR_ZERODIV;
        if (b == -1) { *out = 0; return IL_ERR_NONE; } /* INT64_MIN % -1 traps in C */
        *out = a % b;
        if (*out != 0 && ((*out < 0) != (b < 0))) *out += b;
        return IL_ERR_NONE;
    default:
        return IL_ERR_VALUE;
    }
}

#endif
