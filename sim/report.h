/* report.h - prints an exploration result: the human table and findings, or
 * the JSON report of cli.md. Pure formatting: no exploration happens here. */
#ifndef IL_REPORT_H
#define IL_REPORT_H

#include <stdio.h>

#include "explorer.h"
#include "program.h"

/* color: 1 to use ANSI colours (the caller decides, e.g. isatty). */
void il_report_human(FILE *out, const il_program *p, const il_result *r, int color);
/* all_races: one line a race (--races=all), not one a location and pair of
 * source lines. */
void il_report_human_races(FILE *out, const il_program *p, const il_result *r, int color,
                           int all_races);
void il_report_json(FILE *out, const il_program *p, const il_result *r);

#endif
