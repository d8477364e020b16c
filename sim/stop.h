/* stop.h - SIGINT and SIGTERM as a stop request, and the temporaries a
 * signal must not leave behind.
 *
 * The handler only records the signal. The places that check the limits
 * (the explorer's loops, writing traces, check's loop over programs) also
 * check il_stop_requested() and stop as a limit does: the partial report
 * (stopped_by "SIGINT"/"SIGTERM"), then exit 128 + the signal (130, 143).
 * A second signal while stopping (a second or more after the first: one
 * `timeout` delivers twice), or any signal in a command installed without
 * `graceful`, unlinks the registered temporaries and terminates by that
 * signal at once. SIGPIPE and SIGXFSZ are ignored: a closed stdout and
 * a file past `ulimit -f` are write errors (EPIPE, EFBIG) the command sees. */
#ifndef IL_STOP_H
#define IL_STOP_H

#include "diag.h"

/* Diagnostics to stderr, a line each (the command line's sink). */
extern const il_sink il_stderr_sink;

/* graceful: 1 for commands that stop with a report (explore, check), 0 for
 * the short ones (replay, run), which just clean up and die. */
void il_stop_install(int graceful);
/* The signal that asked the run to stop, 0 when none. */
int il_stop_requested(void);
/* "SIGINT" or "SIGTERM" (for stopped_by); NULL when none. */
const char *il_stop_name(void);
/* The exit status of a stopped run: 128 + the signal. */
int il_stop_status(void);

#endif
