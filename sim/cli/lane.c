/* lane.c - the swimlane on the terminal (see lane.h). */
#include "lane.h"

#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "options.h"

enum { PIPE_WIDTH = 120 }; /* swimlane width when stdout is not a terminal */

/* A terminal's width; a fixed one into pipes and files, so output is the
 * same wherever it goes. */
static int out_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
        int w = ws.ws_col;
        return w < 60 ? 60 : w > 200 ? 200 : w;
    }
    return PIPE_WIDTH;
}

/* --step: waits for a line on stdin; at end of input it stops waiting. A
 * "line" also ends after STEP_LINE_MAX bytes: endless input without a newline
 * (< /dev/zero) must advance, not hang. */
#define STEP_LINE_MAX 4096
static void wait_enter(void *ud)
{
    int *waiting = ud;
    if (!*waiting) return;
    fflush(stdout);
    if (isatty(STDIN_FILENO)) fputs("[Enter: next step] ", stderr);
    int ch;
    size_t n = 0;
    while ((ch = getchar()) != EOF && ch != '\n' && ++n < STEP_LINE_MAX) {}
    if (ch == EOF) *waiting = 0;
}

interleave_status cli_lane(interleave_run *r, int color, int step)
{
    int waiting = step;
    interleave_lane_options o;
    interleave_lane_options_init(&o);
    o.color = color;
    o.width = out_width();
    if (step) {
        o.pause = wait_enter;
        o.pause_ud = &waiting;
    }
    return interleave_run_report(r, &o, cli_write_file, stdout);
}

interleave_status cli_lane_outcome(interleave_run *r, int color)
{
    return interleave_run_report_outcome(r, color, cli_write_file, stdout);
}

const char *cli_status_word(interleave_outcome_status s)
{
    switch (s) {
    case INTERLEAVE_OUTCOME_OK: return "ok";
    case INTERLEAVE_OUTCOME_ERROR: return "error";
    case INTERLEAVE_OUTCOME_DEADLOCK: return "deadlock";
    }
    return "?";
}
