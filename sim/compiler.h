/* compiler.h - turns the program model into bytecode (bytecode.h) for the
 * machine: resolves every name (shared, sync, thread, local, id), checks what
 * the loader could not (unknown methods, locals never assigned, strings used
 * as values), lays out the flat state, and places the step boundaries that
 * language.md defines. The result is independent of the program model's
 * lifetime except for names, which point into the program's arena. */
#ifndef IL_COMPILER_H
#define IL_COMPILER_H

#include "bytecode.h"
#include "diag.h"
#include "program.h"

/* Compiles p; on error reports the first one through d and returns NULL. */
il_code *il_compile(const il_program *p, il_diag *d);
void il_code_free(il_code *c);

#endif
