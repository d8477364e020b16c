/* suite.h - a `check` run seen as a test suite, written for CI tools:
 * JUnit XML (one testcase per program; what CI servers display) and TAP
 * version 13 (one line per program, streamed as programs are checked).
 * Pure formatting of plain records; check.c decides what they say.
 * Text is escaped for the target format, and bytes neither format can carry
 * (control characters, invalid UTF-8) are written as \xNN. */
#ifndef CLI_SUITE_H
#define CLI_SUITE_H

#include <stddef.h>
#include <stdio.h>

typedef enum cli_case_status {
    CLI_CASE_PASS,  /* every expectation holds */
    CLI_CASE_FAIL,  /* some expectation differs (or cannot be confirmed) */
    CLI_CASE_ERROR  /* bad input: the program could not be checked */
} cli_case_status;

/* One program's verdict. Strings are borrowed. */
typedef struct cli_case {
    const char *name;     /* the program's name, or its path when it did not load */
    const char *file;     /* the path given (or found in a directory) */
    cli_case_status status;
    double seconds;       /* exploration time */
    const char *message;  /* one line: the first difference, or the error */
    const char *detail;   /* every difference, one a line ('\n'-separated); may be NULL */
} cli_case;

/* JUnit XML of the whole run, as Jenkins, GitLab and the GitHub test
 * reporters read it: <testsuites><testsuite><testcase>... */
void cli_suite_junit(FILE *out, const cli_case *cases, size_t n);

/* TAP 13: the header and plan, then one call per program (number from 1). */
void cli_suite_tap_plan(FILE *out, size_t n);
void cli_suite_tap_case(FILE *out, size_t number, const cli_case *c);

#endif
