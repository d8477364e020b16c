/* loader.h - reads a program file (YAML, via libyaml) into the program model.
 * Checks the shape of the file (known keys, types, names) and parses every
 * body with parser.h. On error: one `FILE:LINE:COL: error: ...` through the
 * diag and NULL. The caller owns the result (il_program_free). */
#ifndef IL_LOADER_H
#define IL_LOADER_H

#include "diag.h"
#include "program.h"

il_program *il_load_program(const char *path, il_diag *d);

/* Same, from bytes in memory; `path` is used for messages and the default name. */
il_program *il_load_program_text(const char *path, const char *text, size_t len,
                                 il_diag *d);

#endif
