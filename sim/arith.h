/* arith.h - Python's integer arithmetic on 64-bit values, shared by the
 * machine (thread bodies) and the expect evaluator (check), so that both
 * agree on floor division, the sign of %, and where overflow is an error.
 * Below the syntax tree and the bytecode: each caller maps its own operator
 * (an opcode, an il_binop) to il_arith_op and the result to its errors. */
#ifndef IL_ARITH_H
#define IL_ARITH_H

#include <stdint.h>

typedef enum il_arith_op { IL_AR_ADD, IL_AR_SUB, IL_AR_MUL, IL_AR_FLOORDIV, IL_AR_MOD } il_arith_op;

typedef enum il_arith_res {
    IL_AR_OK,       /* *out holds the result */
    IL_AR_OVERFLOW, /* it does not fit in 64 bits (OverflowError) */
    IL_AR_ZERODIV   /* // or % by zero (ZeroDivisionError) */
} il_arith_res;

/* a op b (language.md: // and % follow Python). */
static inline il_arith_res il_arith(il_arith_op op, int64_t a, int64_t b, int64_t *out)
{
    switch (op) {
    case IL_AR_ADD: return __builtin_add_overflow(a, b, out) ? IL_AR_OVERFLOW : IL_AR_OK;
    case IL_AR_SUB: return __builtin_sub_overflow(a, b, out) ? IL_AR_OVERFLOW : IL_AR_OK;
    case IL_AR_MUL: return __builtin_mul_overflow(a, b, out) ? IL_AR_OVERFLOW : IL_AR_OK;
    case IL_AR_FLOORDIV:
        if (b == 0) return IL_AR_ZERODIV;
        if (a == INT64_MIN && b == -1) return IL_AR_OVERFLOW;
        *out = a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
        return IL_AR_OK;
    case IL_AR_MOD:
        if (b == 0) return IL_AR_ZERODIV;
        if (b == -1) { *out = 0; return IL_AR_OK; } /* INT64_MIN % -1 traps in C */
        *out = a % b;
        if (*out != 0 && ((*out < 0) != (b < 0))) *out += b;
        return IL_AR_OK;
    }
    return IL_AR_OVERFLOW; /* not an il_arith_op */
}

#endif
