/* parser.h - hand-written parser for thread bodies and expect expressions.
 * Input is the text of one YAML scalar plus a map from positions in that
 * text to positions in the YAML file; output is an arena-allocated AST
 * (ast.h). On the first error it reports `FILE:LINE:COL: error: ...` through
 * the diag and returns NULL. */
#ifndef IL_PARSER_H
#define IL_PARSER_H

#include <stddef.h>

#include "ast.h"
#include "diag.h"
#include "lexer.h" /* il_srcmap */
#include "util.h"

/* Parses a thread body (one or more statements, Python indentation). */
il_stmt *il_parse_body(il_arena *a, const char *text, size_t len,
                       const il_srcmap *map, il_diag *d);

/* Parses a single expression (for expect: always/sometimes/never). */
il_expr *il_parse_expr(il_arena *a, const char *text, size_t len,
                       const il_srcmap *map, il_diag *d);

/* ---- Python files (pyload.h) ----
 * A parser over the tokens of a whole file (IL_LEX_MODULE), driven by the
 * caller: pyload.c reads the module-level constructs itself (import, def,
 * if __name__ == "__main__":) and hands every other statement here, and
 * the block of each def. In this mode the messages speak of Python files
 * and say what is not supported yet; `global a, b` is read into a list
 * (il_pyparse_globals) instead of becoming a statement; floats are
 * IL_E_FLOAT; string statements (docstrings) are dropped, as CPython
 * compiles them to nothing. The AST goes to `a`; the first error to `d`,
 * after which every call returns NULL. The tokens must outlive the parser. */
typedef struct il_pyparser il_pyparser;

il_pyparser *il_pyparse_open(il_arena *a, il_diag *d, const il_tokens *toks);
void il_pyparse_close(il_pyparser *p);

/* The token k ahead (0: the next; the last one, END or ERROR, past the
 * end), and taking the next one. */
const il_token *il_pyparse_peek(const il_pyparser *p, size_t k);
const il_token *il_pyparse_next(il_pyparser *p);

/* Whether an error was reported (by the parser or il_pyparse_error). */
int il_pyparse_failed(const il_pyparser *p);
/* Reports an error unless one was: the first one is the one shown. */
void il_pyparse_error(il_pyparser *p, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* "expected WHAT, got ...", or what the token is not supported for. */
void il_pyparse_unexpected(il_pyparser *p, const il_token *t, const char *expected);

/* One statement, or the statements of one simple line (linked; *last is
 * the last). NULL with no error: the line holds nothing that runs. */
il_stmt *il_pyparse_stmt(il_pyparser *p, il_stmt **last);
/* After the ':' of the compound statement at `kw`: its block. */
il_stmt *il_pyparse_block(il_pyparser *p, const il_token *kw);
/* One expression at the cursor (a parameter's default). */
il_expr *il_pyparse_expr(il_pyparser *p);
/* str % (vals...): the IL_E_FORMAT the parser makes of `"..." % (a, b)`
 * (logging.info(msg, a, b) prints it); errors at str. NULL: reported. */
il_expr *il_pyparse_percent(il_pyparser *p, il_expr *str, il_expr **vals, int n);

/* The name tokens of the `global` statements read since the last clear. */
size_t il_pyparse_globals(il_pyparser *p, const il_token *const **names);
void il_pyparse_clear_globals(il_pyparser *p);

#endif
