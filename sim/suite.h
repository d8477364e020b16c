/* suite.h - a `check` run seen as a test suite, written for CI tools:
 * JUnit XML (one testcase per program; what CI servers display) and TAP
 * version 13 (one line per program, streamed as programs are checked).
 * Pure formatting of plain records; check.c decides what they say.
 * Text is escaped for the target format, and bytes neither format can carry
 * (control characters, invalid UTF-8) are written as \xNN. */
#ifndef IL_SUITE_H
#define IL_SUITE_H

#include <stddef.h>
#include <stdio.h>

typedef enum il_case_status {
    IL_CASE_PASS,  /* every expectation holds */
    IL_CASE_FAIL,  /* some expectation differs (or cannot be confirmed) */
    IL_CASE_ERROR  /* bad input: the program could not be checked */
} il_case_status;

/* One program's verdict. Strings are borrowed. */
typedef struct il_case {
    const char *name;     /* the program's name, or its path when it did not load */
    const char *file;     /* the path given (or found in a directory) */
    il_case_status status;
    double seconds;       /* exploration time */
    const char *message;  /* one line: the first difference, or the error */
    const char *detail;   /* every difference, one a line ('\n'-separated); may be NULL */
} il_case;

/* JUnit XML of the whole run, as Jenkins, GitLab and the GitHub test
 * reporters read it: <testsuites><testsuite><testcase>... */
void il_suite_junit(FILE *out, const il_case *cases, size_t n);

/* TAP 13: the header and plan, then one call per program (number from 1). */
void il_suite_tap_plan(FILE *out, size_t n);
void il_suite_tap_case(FILE *out, size_t number, const il_case *c);

#endif
