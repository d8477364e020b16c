/* diag.h - diagnostics for bad input: `FILE:LINE:COL: error: message`.
 * Errors in *our input* (program files, traces, flags) go through here and
 * end in exit status 2; failures *of the simulated program* are findings in
 * the report instead. The first message is also kept in `first` so tests can
 * assert it without capturing stderr. */
#ifndef IL_DIAG_H
#define IL_DIAG_H

/* Where messages go: one call per message, the whole line without its
 * newline (the API hands it to the configuration's callback, include/
 * interleave.h). The engine prints nothing itself. */
typedef struct il_sink {
    void (*line)(void *ud, const char *text);
    void *ud;
} il_sink;

typedef struct il_diag {
    const char *file;    /* name printed before LINE:COL */
    const il_sink *out;  /* where messages go; NULL = keep them silent */
    int errors;       /* how many errors were reported */
    char first[1024]; /* the first message, formatted as printed */
} il_diag;

void il_diag_init(il_diag *d, const char *file, const il_sink *out);

/* line and col are 1-based file coordinates (0 = unknown, printed as 1). */
void il_diag_error(il_diag *d, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A failure that is not at a place in the input (a file that cannot be
 * written): `interleave: error: message`, recorded as il_diag_error does. */
void il_diag_plain(il_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* `interleave: WHAT: message` ("error", "warning"), whatever its length:
 * said through d's sink, but neither counted nor kept. */
void il_diag_say(const il_diag *d, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
