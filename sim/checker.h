/* checker.h - `check`'s engine: each program given is loaded, explored and
 * compared with its `expect:` block (expect.h), and every difference an
 * interleaving demonstrates gets a trace file, under the run's directory
 * (DIR/NAME/, NAME-2/... when names repeat; without one, a fresh
 * /tmp/interleave-check-XXXXXX made when the first trace is). The verdict
 * is plain data for the reporters (the command line prints it, as lines,
 * TAP or JUnit). Bad input in one program is that program's ERROR verdict,
 * never the end of the run. Ownership: a checker owns its directories'
 * book-keeping, a verdict its strings (il_verdict_free). */
#ifndef IL_CHECKER_H
#define IL_CHECKER_H

#include <stdint.h>

#include "diag.h"
#include "program.h"

typedef enum il_verdict_kind {
    IL_VERDICT_PASS,  /* every expectation holds */
    IL_VERDICT_FAIL,  /* some expectation differs (or cannot be confirmed) */
    IL_VERDICT_ERROR  /* bad input: the program could not be checked */
} il_verdict_kind;

typedef struct il_verdict {
    il_verdict_kind kind;
    char *name;     /* the program's name, or its path when it did not load */
    char *file;     /* the path checked */
    char *message;  /* one line: the counts, the first difference, or the error */
    char *detail;   /* FAIL: every difference, one a line; else NULL */
    char *checked;  /* "checked: outputs, races"; NULL for an ERROR */
    int incomplete; /* failed only because a limit stopped exploring */
    double seconds; /* exploring */
    const char *stopped_by; /* the exploration's, when incomplete (static) */
    uint64_t states;
} il_verdict;

typedef struct il_check_opts {
    uint64_t max_states; /* 0: no limit */
    uint64_t max_bytes;  /* the graph's share of the budget (limit.h); 0: none */
    double max_seconds;  /* per program, from the start of its load; 0: none */
    il_print_mode print; /* python.md F3; DEFAULT: each program's own */
} il_check_opts;

typedef struct il_checker il_checker;

/* traces_dir: where traces go (copied), NULL for a temporary directory;
 * out: where the programs' FILE:LINE:COL messages go. */
il_checker *il_checker_new(const char *traces_dir, const il_sink *out);
void il_checker_free(il_checker *c);

/* Checks the program file at path into *v. Returns 0, or -1 when a limit
 * stopped loading it (*v is an incomplete FAIL): the memory the load held
 * is lost (limit.h), so the run should end. */
int il_checker_check(il_checker *c, const char *path, const il_check_opts *o, il_verdict *v);
void il_verdict_free(il_verdict *v);

#endif
