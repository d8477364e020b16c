/* trace.h - trace files (cli.md, "Trace files"): one interleaving saved as
 * YAML so that `replay` can re-run it step by step and check it.
 * Writing runs the program under the schedule with an observer to record each
 * step's line, code, reads, writes and output; the YAML is emitted with
 * libyaml's emitter. */
#ifndef IL_TRACE_H
#define IL_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "bytecode.h"
#include "diag.h"

/* Writes the trace of `schedule` (thread indices, n steps) of code->prog,
 * whose file is at program_path, to out_path (creating parent directories).
 * Returns 0, or -1 after reporting through d. */
int il_trace_write(const char *out_path, const il_code *code, const char *program_path,
                   const uint32_t *schedule, size_t n, il_diag *d);

#endif
