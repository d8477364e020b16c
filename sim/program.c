/* program.c - the program model's lifetime (see program.h). */
#include "program.h"

#include <stdlib.h>

void il_program_free(il_program *p)
{
    if (!p) return;
    il_arena_free(&p->arena);
    free(p);
}
