/* lane.h - a run as `replay` and `run` print it for a person: the
 * engine's swimlane (interleave_run_report) as wide as the terminal, paced
 * by --step, then its outcome. */
#ifndef CLI_LANE_H
#define CLI_LANE_H

#include "interleave.h"

/* The swimlane of r; step: wait for Enter after each row (end of input:
 * stop waiting). */
interleave_status cli_lane(interleave_run *r, int color, int step);
/* "outcome: ok   output: 1 1   final: x=1" and the errors, once r ended. */
interleave_status cli_lane_outcome(interleave_run *r, int color);
/* "ok", "error" or "deadlock". */
const char *cli_status_word(interleave_outcome_status s);

#endif
