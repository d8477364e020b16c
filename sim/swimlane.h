/* swimlane.h - prints a run (schedule.h) as a story: one column per thread,
 * one row per step, each cell the statement with the values it read (x→0)
 * and wrote (x←1), what it printed and the error it raised; at a deadlock a
 * last row shows what each blocked thread waits for. Columns are planned
 * over the whole run first so rows line up, and kept within `width`
 * (long cells end in …); with too many threads for the width, it prints one
 * line per step instead (step, thread, cell). Pure formatting: the run is
 * only read. */
#ifndef IL_SWIMLANE_H
#define IL_SWIMLANE_H

#include <stdio.h>

#include "schedule.h"

typedef struct il_lane il_lane;

/* Plans the layout for r's log as it stands (and, when the run ended in a
 * deadlock, its blocked threads). color: 1 for ANSI colours. */
il_lane *il_lane_new(il_run *r, int color, int width);
void il_lane_free(il_lane *l);

void il_lane_header(const il_lane *l, FILE *out);
void il_lane_row(const il_lane *l, FILE *out, size_t i); /* step i + 1 */
/* The deadlock row (nothing when no thread is blocked). */
void il_lane_blocked(const il_lane *l, FILE *out);

/* "outcome: ok   output: 1 1   final: x=1" and, for errors, a line each. */
void il_lane_outcome(FILE *out, const il_code *c, const il_run_outcome *o, int color);

#endif
