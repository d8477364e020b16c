/* signals.h - SIGINT and SIGTERM as a stop request.
 *
 * The handler only records the signal and asks the engine to stop
 * (interleave_request_stop): the engine's loops stop as a limit does, with
 * the partial report (stopped_by "SIGINT"/"SIGTERM"), and the command then
 * exits 128 + the signal (130, 143). A second signal while stopping (a
 * second or more after the first: one `timeout` delivers twice), or any
 * signal in a command installed without `graceful`, removes the temporary
 * files being written (interleave_remove_temporaries) and terminates by
 * that signal at once. SIGPIPE and SIGXFSZ are ignored: a closed stdout and
 * a file past `ulimit -f` are write errors (EPIPE, EFBIG) the command sees. */
#ifndef CLI_SIGNALS_H
#define CLI_SIGNALS_H

/* graceful: 1 for commands that stop with a report (explore, check), 0 for
 * the short ones (replay, run), which just clean up and die. */
void cli_signals_install(int graceful);
/* The signal that asked the run to stop, 0 when none. */
int cli_signal_requested(void);
/* "SIGINT" or "SIGTERM" (for messages); NULL when none. */
const char *cli_signal_name(void);
/* The exit status of a stopped run: 128 + the signal. */
int cli_signal_status(void);

#endif
