/* lexer.h - splits the text of a thread body (or of one expect expression,
 * or a whole Python file) into tokens for the parser. Indentation becomes INDENT/DEDENT tokens as in
 * Python's tokenizer, and every token carries its position in the YAML file
 * (through an il_srcmap).
 *
 * The lexer never reports errors itself: the first problem it meets becomes
 * one IL_T_ERROR token carrying the message, and the stream ends there. So
 * the parser, which reads tokens in order, reports whichever error comes
 * first in the text, and a lexical error behind a syntax error is never seen.
 *
 * Ownership: the token array is malloc'd (il_lex_free releases it); names,
 * decoded strings and messages live in the caller's arena. */
#ifndef IL_LEXER_H
#define IL_LEXER_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Where a scalar's text lies in the file. Text line 0 starts at file line
 * `line0`, column `col0`; text line k >= 1 is file line line0 + k, and text
 * column c on it is file column `col_rest` + c (the block's indentation,
 * which libyaml strips). All 1-based. The loader makes them, the lexer
 * reads them, the parser passes them on. */
typedef struct il_srcmap {
    int line0, col0, col_rest;
} il_srcmap;

/* Every token kind with its spelling. Python operators and keywords we do not
 * support are tokens too, so the parser can say what is not supported
 * instead of "unexpected character". */
#define IL_TOKEN_LIST(X)                                                       \
    X(END, "end of input")                                                     \
    X(NEWLINE, "end of line")                                                  \
    X(INDENT, "indentation")                                                   \
    X(DEDENT, "end of block")                                                  \
    X(ERROR, "invalid input")                                                  \
    X(NAME, "name")                                                            \
    X(INT, "integer")                                                          \
    X(FLOAT, "float") /* IL_LEX_MODULE only: other modes refuse floats */      \
    X(STR, "string")                                                           \
    /* an f-string: FSTART, then its pieces (FTEXT: literal text, decoded;     \
       FFIELD, the field's expression tokens, FFIELD_END), then FEND */        \
    X(FSTART, "f-string") X(FTEXT, "f-string text") X(FFIELD, "f-string field") \
    X(FFIELD_END, "end of f-string field") X(FEND, "end of f-string")          \
    /* operators and delimiters, longest match wins */                         \
    X(LPAREN, "(") X(RPAREN, ")") X(LBRACKET, "[") X(RBRACKET, "]")            \
    X(LBRACE, "{") X(RBRACE, "}") X(COMMA, ",") X(COLON, ":") X(SEMI, ";")     \
    X(DOT, ".") X(ELLIPSIS, "...") X(ARROW, "->") X(WALRUS, ":=")              \
    X(PLUS, "+") X(MINUS, "-") X(STAR, "*") X(SLASH, "/") X(DSLASH, "//")      \
    X(PERCENT, "%") X(POWER, "**")                                             \
    X(ASSIGN, "=") X(EQ, "==") X(NE, "!=") X(LT, "<") X(LE, "<=") X(GT, ">")   \
    X(GE, ">=")                                                                \
    X(PLUSEQ, "+=") X(MINUSEQ, "-=") X(STAREQ, "*=") X(SLASHEQ, "/=")          \
    X(DSLASHEQ, "//=") X(PERCENTEQ, "%=") X(POWEREQ, "**=")                    \
    X(AMP, "&") X(PIPE, "|") X(CARET, "^") X(TILDE, "~") X(LSHIFT, "<<")       \
    X(RSHIFT, ">>") X(AT, "@") X(AMPEQ, "&=") X(PIPEEQ, "|=") X(CARETEQ, "^=") \
    X(LSHIFTEQ, "<<=") X(RSHIFTEQ, ">>=") X(ATEQ, "@=")                        \
    /* all of Python's (hard) keywords */                                      \
    X(KW_FALSE, "False") X(KW_NONE, "None") X(KW_TRUE, "True")                 \
    X(KW_AND, "and") X(KW_AS, "as") X(KW_ASSERT, "assert")                     \
    X(KW_ASYNC, "async") X(KW_AWAIT, "await") X(KW_BREAK, "break")             \
    X(KW_CLASS, "class") X(KW_CONTINUE, "continue") X(KW_DEF, "def")           \
    X(KW_DEL, "del") X(KW_ELIF, "elif") X(KW_ELSE, "else")                     \
    X(KW_EXCEPT, "except") X(KW_FINALLY, "finally") X(KW_FOR, "for")           \
    X(KW_FROM, "from") X(KW_GLOBAL, "global") X(KW_IF, "if")                   \
    X(KW_IMPORT, "import") X(KW_IN, "in") X(KW_IS, "is")                       \
    X(KW_LAMBDA, "lambda") X(KW_NONLOCAL, "nonlocal") X(KW_NOT, "not")         \
    X(KW_OR, "or") X(KW_PASS, "pass") X(KW_RAISE, "raise")                     \
    X(KW_RETURN, "return") X(KW_TRY, "try") X(KW_WHILE, "while")               \
    X(KW_WITH, "with") X(KW_YIELD, "yield")

typedef enum il_tok_kind {
#define IL_TOK_ENUM_(name, text) IL_T_##name,
    IL_TOKEN_LIST(IL_TOK_ENUM_)
#undef IL_TOK_ENUM_
} il_tok_kind;
/* Outside the enum, so that a switch over il_tok_kind lists only tokens. */
#define IL_TOK_COUNT_(name, text) +1
enum { IL_T_NKINDS = 0 IL_TOKEN_LIST(IL_TOK_COUNT_) };
#undef IL_TOK_COUNT_

/* Ranges of the list above, for table lookups. */
#define IL_T_FIRST_OP IL_T_LPAREN
#define IL_T_LAST_OP IL_T_ATEQ
#define IL_T_FIRST_KW IL_T_KW_FALSE
#define IL_T_LAST_KW IL_T_KW_YIELD

typedef struct il_token {
    il_tok_kind kind;
    int line, col;    /* 1-based file position of its first character; for
                         NEWLINE, END and final DEDENTs: just after the last
                         token; for ERROR: where the problem is */
    const char *src;  /* its text in the input (not NUL-terminated) */
    size_t len;       /* length of that text; 0 for NEWLINE/INDENT/DEDENT/END/ERROR */
    uint64_t ival;    /* IL_T_INT: the value, at most 2^63 (which only fits
                         after a unary minus; the parser checks); IL_T_FLOAT:
                         the value rounded up, at most INT64_MAX (time is not
                         modelled: only "zero or some time" is kept) */
    const char *str;  /* NAME and keywords: the name; STR and FTEXT: the decoded
                         text; FFIELD_END: the format spec after ':' (NULL without
                         one); ERROR: the message. NUL-terminated, in the arena.
                         FFIELD_END's ival is its conversion ('s', 'r', 'a', or 0),
                         and it stands at its spec (else at its '!' or '}') */
} il_token;

typedef struct il_tokens {
    il_token *items;  /* ends with one END or one ERROR token */
    size_t len, cap;
} il_tokens;

typedef enum il_lex_mode {
    IL_LEX_BODY,  /* statements: NEWLINE, INDENT and DEDENT tokens */
    IL_LEX_EXPR,  /* one expression: line breaks and indentation are only space */
    IL_LEX_MODULE /* a Python file (pyload.h): as BODY, plus floats (FLOAT),
                     triple-quoted strings over several lines, and Python's
                     rule for unknown escapes (kept as written) */
} il_lex_mode;

/* Tokenizes text[0..len) (may hold NUL bytes: they are an error). `map` NULL
 * means the text starts at line 1, column 1 of its file. `out` must be
 * zeroed or freed; it is overwritten. */
void il_lex_tokenize(il_tokens *out, il_arena *a, const char *text, size_t len,
                     const il_srcmap *map, il_lex_mode mode);

void il_lex_free(il_tokens *t);

/* The spelling of a kind: "(" for IL_T_LPAREN, "if" for IL_T_KW_IF, a
 * description ("end of line") for the others. */
const char *il_lex_spelling(il_tok_kind k);

#endif
