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

#endif
