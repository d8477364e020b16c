/* options.h - what every command shares: its row in the command table
 * (name, usage, help text, exec, as tmux's cmd_entry), usage errors,
 * option values and their parsing (integers, seconds, sizes, colour), and
 * the command line's ends of the engine's callbacks (diagnostics to stderr,
 * reports to stdout). A command parses its own options with these and
 * returns its exit status (exit.h). Usage errors print `interleave: error:
 * ...` and the command's usage on stderr and never anything on stdout, so
 * a script reading stdout sees a report or nothing. */
#ifndef CLI_OPTIONS_H
#define CLI_OPTIONS_H

#include <stdint.h>
#include <stdio.h>

#include "interleave.h"

typedef struct cli_command {
    const char *name;    /* as typed after `interleave` */
    const char *usage;   /* its arguments, for usage lines */
    const char *summary; /* one line for the command list */
    const char *options; /* option lines for help; NULL when it has none */
    int (*exec)(const struct cli_command *self, int argc, char **argv);
} cli_command;

/* The commands (explore.c, check.c, replay.c, run.c); main.c lists them. */
extern const cli_command cli_explore, cli_check, cli_replay, cli_run;

/* What an option parser tells its caller: go on, or stop with this exit
 * status (after --help, or a usage error). */
#define CLI_GO_ON (-1)

/* Prints `interleave: error: MESSAGE`, c's usage line and where to read
 * more; returns CLI_EXIT_USAGE. */
int cli_usage_error(const cli_command *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* `interleave: error: MESSAGE` alone (bad input that is in no file, such
 * as a schedule on the command line); returns CLI_EXIT_USAGE. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* c's usage line, summary and options. */
void cli_command_help(FILE *out, const cli_command *c);

/* argv[*i] as an option taking a value, `--name VALUE` or `--name=VALUE`:
 * 1 with *val set (*i past a separate value), 0 when argv[*i] is another
 * option, -1 when the value is missing (cli_option_value has then said
 * "NAME expects a value"; cli_option_raw says nothing). */
int cli_option_value(const cli_command *c, int argc, char **argv, int *i, const char *name,
                     const char **val);
int cli_option_raw(int argc, char **argv, int *i, const char *name, const char **val);

/* The values, or a usage error (their return value; 0 when parsed). */
/* Decimal digits only (strtoull alone would take "-1", " 7", "0x10");
 * zero_ok: 0 is a meaningful value (--bound 0, --seed 0). */
int cli_parse_uint(const cli_command *c, const char *opt, const char *s, int zero_ok, uint64_t *out);
/* A positive count (zero_ok 0). */
int cli_parse_count(const cli_command *c, const char *opt, const char *s, uint64_t *out);
/* A plain positive decimal (12, 0.5, .25): not "inf", "nan", "1e9" or hex. */
int cli_parse_seconds(const cli_command *c, const char *opt, const char *s, double *out);
/* The limits every exploring command takes (--max-states N, --max-seconds S,
 * --max-memory SIZE, whose text is kept for messages): 1 when argv[*i] was
 * one of them (its value consumed), 0 when not, -1 after a usage error. */
int cli_limit_option(const cli_command *c, int argc, char **argv, int *i, uint64_t *max_states,
                     double *max_seconds, uint64_t *max_memory, const char **max_memory_text);
/* --max-memory: 4G, 512M, 1.5G, 100K or bytes (K, M, G, T are powers of
 * 1024, optionally followed by B or iB), at least INTERLEAVE_MIN_MEMORY. */
int cli_parse_memory(const cli_command *c, const char *s, uint64_t *out);
/* --color: never, always or auto (cli_auto_color). */
int cli_parse_color(const cli_command *c, const char *s, int *out);
/* --print: atomic or cpython (python.md F3). */
int cli_parse_print(const cli_command *c, const char *s, interleave_print_mode *out);
/* The --print line of explore's, check's and run's --help. */
#define CLI_PRINT_HELP                                                                   \
    "  --print=MODE       how print() writes: atomic (a print is one step) or cpython\n"  \
    "                     (CPython's: its arguments, its text and its end in three\n"     \
    "                     steps, so lines can be late or torn); default: the program's\n" \
    "                     print: key, else atomic\n"
/* Colour for a person at a terminal, never into a pipe or file; the
 * NO_COLOR and TERM=dumb conventions can still turn it off. */
int cli_auto_color(void);

/* The engine's configuration for a command: diagnostics to stderr, and
 * (when budget is not 0) the memory budget, shown as budget_text (NULL:
 * formatted), and the seconds per program. */
int cli_configure(uint64_t budget, const char *budget_text, double max_seconds);
/* A writer (interleave.h) to the FILE * ud. Write errors are left to the
 * stream: stdout's are found once, at the end (main.c). */
int cli_write_file(void *ud, const char *data, size_t len);
/* s for a terminal (interleave_write_display): a user's name or path. */
void cli_put_display(FILE *out, const char *s);

/* The command line's own memory (file lists, its lines of text): a
 * failure ends the process as the engine's does, with exit 4. */
void *cli_realloc(void *p, size_t n);
/* A formatted string, malloc'd. */
char *cli_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
