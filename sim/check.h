/* check.h - the `check` command: explores each program given (a directory:
 * every *.yaml in it, sorted) and compares what is reachable with the
 * program's `expect:` block (expect.h), for CI. Prints `ok NAME (...)` or
 * `FAIL NAME` and the differences, each demonstrated by a trace file, then
 * `N passed, M failed`; optionally TAP 13 instead, and a JUnit XML file.
 *
 * Exit status: 0 every expectation holds, 1 some differ, 2 bad input (a
 * program that does not load, a malformed expectation, a missing path; the
 * other programs are still checked), 3 nothing differs but a limit stopped
 * some exploration. The usage text lives here so that main.c's command
 * table and this command's own --help say the same thing. */
#ifndef IL_CHECK_H
#define IL_CHECK_H

#define IL_CHECK_USAGE "[PROGRAM.yaml | DIR]..."
#define IL_CHECK_SUMMARY "compare each program's reachable behaviour with its expect:"
#define IL_CHECK_OPTIONS                                                                  \
    "  --junit FILE       also write a JUnit XML report (one testcase per program)\n"      \
    "  --tap              print TAP version 13 instead of ok/FAIL lines\n"                  \
    "  --traces DIR       write the traces of differences under DIR/NAME/ (default:\n"      \
    "                     a new /tmp/interleave-check-XXXXXX, made when first needed)\n"   \
    "  --max-states N     stop exploring a program after N states (it fails: incomplete)\n" \
    "  --max-seconds S    the same after S seconds (a decimal, e.g. 0.5) for its load,\n"  \
    "                     exploration and traces\n"                                         \
    "  --max-memory SIZE  the memory it may use, e.g. 4G (default: 75% of RAM; at least\n"   \
    "                     1M): without --max-states, a program stops at the states\n"       \
    "                     that fit in it\n"                                                  \
    "  -v, --verbose      also list which expectations each program checked\n"                 \
    "  -h, --help         this text\n"                                                      \
    "  exit status: 0 all hold, 1 some differ, 2 bad input, 3 a limit stopped some,\n"     \
    "  4 out of memory, 5 a file could not be written, 130 / 143 SIGINT / SIGTERM\n"

/* argv holds the arguments after `check`. Returns the exit status. */
int il_cmd_check(int argc, char **argv);

#endif
