/* exit.h - the exit status of every command (cli.md), in one table: what
 * each code means, the engine's status each one answers, and the words
 * `interleave --help` prints. Scripts depend on these numbers. */
#ifndef CLI_EXIT_H
#define CLI_EXIT_H

#include "interleave.h"

enum cli_exit {
    CLI_EXIT_CLEAN = 0, /* nothing wrong found; check: all hold; replay: reproduced; run: ok */
    CLI_EXIT_FOUND = 1, /* a deadlock, race or error is reachable; check: some differ;
                           replay: diverged; run: a deadlock or error */
    CLI_EXIT_USAGE = 2, /* bad input or usage (FILE:LINE:COL: error: ... on stderr) */
    CLI_EXIT_LIMIT = 3, /* a limit stopped it before it was complete */
    CLI_EXIT_NOMEM = 4, /* out of memory */
    CLI_EXIT_IO = 5     /* a file or stdout could not be written */
    /* and 128 + the signal, 130 / 143, when SIGINT / SIGTERM stopped it (signals.h) */
};

/* The exit status for an engine's status that ends a command. */
static inline int cli_exit_of(interleave_status s)
{
    switch (s) {
    case INTERLEAVE_OK: return CLI_EXIT_CLEAN;
    case INTERLEAVE_BAD_INPUT: return CLI_EXIT_USAGE;
    case INTERLEAVE_LIMIT: return CLI_EXIT_LIMIT;
    case INTERLEAVE_NOMEM: return CLI_EXIT_NOMEM;
    case INTERLEAVE_IO: return CLI_EXIT_IO;
    }
    return CLI_EXIT_NOMEM; /* no other status exists: our failure, not the input's */
}

#define CLI_EXIT_HELP                                                                    \
    "\nexit status: 0 nothing wrong found, 1 a deadlock or error is reachable,\n"       \
    "2 bad input or usage, 3 a limit stopped it before it was complete,\n"              \
    "4 out of memory, 5 a file or stdout could not be written (I/O error),\n"           \
    "130 / 143 stopped by SIGINT / SIGTERM (with the report so far)\n"

#endif
