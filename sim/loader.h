/* loader.h - reads a program file (YAML, via libyaml; a .py file goes to
 * pyload.h) into the program model.
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

/* A Python file's name:, about: and expect: (pyload.c), from its module
 * docstring: `yaml` is the docstring's text laid out at its own lines and
 * columns (the rest of the file blanked), so that every position, and the
 * loader's map of block scalars back to the file, is the .py file's. The
 * program's shared variables are those finals: may name. 0, or -1 after
 * one message. */
int il_load_meta_yaml(il_program *p, const char *yaml, size_t len, il_diag *d);

#endif
