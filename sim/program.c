/* program.c - the program model's lifetime, and words about its kinds of
 * sync object (see program.h). */
#include "program.h"

#include <stdlib.h>

void il_program_free(il_program *p)
{
    if (!p) return;
    il_arena_free(&p->arena);
    il_free(p);
}

void il_sync_kinds_phrase(unsigned mask, il_buf *out)
{
#define CTOR_(ID, ctor, ...) [IL_SYNC_##ID] = ctor,
    static const char *const ctors[IL_SYNC_NKINDS] = {IL_SYNC_KINDS(CTOR_, IL_SYNC_IGNORE_)};
#undef CTOR_
    int n = 0, total = 0;
    for (int k = 0; k < IL_SYNC_NKINDS; k++) total += (mask >> k) & 1;
    for (int k = 0; k < IL_SYNC_NKINDS; k++) {
        if (!((mask >> k) & 1)) continue;
        if (n) il_buf_puts(out, n == total - 1 ? " or " : ", ");
        il_buf_puts(out, ctors[k]);
        n++;
    }
}

void il_program_set_print(il_program *p, il_print_mode m)
{
    if (m == IL_PRINT_DEFAULT) m = p->print_key == IL_PRINT_CPYTHON ? IL_PRINT_CPYTHON : IL_PRINT_ATOMIC;
    p->print = m;
}

const char *il_print_mode_name(il_print_mode m)
{
    return m == IL_PRINT_CPYTHON ? "cpython" : "atomic";
}
