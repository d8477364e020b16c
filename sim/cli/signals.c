/* signals.c - signals as stop requests (see signals.h). The handler touches
 * only sig_atomic_t flags and, to die, the engine's async-signal-safe stop
 * request and removal of temporaries, and raise(). */
#include "signals.h"

#include <signal.h>
#include <string.h>
#include <time.h>

#include "interleave.h"

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t graceful_mode;
static double first_at; /* when stop_signal came (CLOCK_MONOTONIC) */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts); /* async-signal-safe */
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void on_signal(int sig)
{
    if (graceful_mode && !stop_signal) {
        first_at = now();
        stop_signal = sig;
        /* every loop that polls the limits stops as a limit does */
        interleave_request_stop(sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "a signal");
        return;
    }
    /* `timeout` sends its signal to the command and to its process group,
     * so one request can come twice: only a later one is a second */
    if (graceful_mode && now() - first_at < 1.0) return;
    interleave_remove_temporaries();
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_signals_install(int graceful)
{
    graceful_mode = graceful;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask); /* the handlers never interrupt each other */
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sa.sa_flags = SA_RESTART; /* a read or write in progress goes on */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN); /* past ulimit -f: EFBIG, an I/O error, not a kill */
}

int cli_signal_requested(void) { return stop_signal; }

const char *cli_signal_name(void)
{
    switch (stop_signal) {
    case 0: return NULL;
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "a signal";
    }
}

int cli_signal_status(void) { return 128 + stop_signal; }
