/* test_lexer.c - unit tests of the lexer: token streams (rendered as one
 * string per text so a whole stream is checked in one assertion), file
 * positions through the srcmap, and the ERROR token that ends a bad stream. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <string.h>

#include "lexer.h"

/* Renders tokens as "x = 1 NL IN ... END": names and numbers as written,
 * strings decoded in double quotes, structure tokens abbreviated, an error
 * as ERR<message>. Returns a malloc'd string. */
static char *lx_render(const il_tokens *t)
{
    il_buf b = {0};
    il_buf_puts(&b, "");
    for (size_t i = 0; i < t->len; i++) {
        const il_token *k = &t->items[i];
        if (i) il_buf_putc(&b, ' ');
        /* an if-chain: a switch over il_tok_kind would name all its kinds */
        il_tok_kind kk = k->kind;
        if (kk == IL_T_NAME) il_buf_puts(&b, k->str);
        else if (kk == IL_T_INT) il_buf_printf(&b, "%" PRIu64, k->ival);
        else if (kk == IL_T_FLOAT) il_buf_printf(&b, "%" PRIu64 "f", k->ival); /* rounded up */
        else if (kk == IL_T_STR) il_buf_printf(&b, "\"%s\"", k->str);
        else if (kk == IL_T_FSTART) il_buf_puts(&b, "F<");
        else if (kk == IL_T_FTEXT) il_buf_printf(&b, "t\"%s\"", k->str);
        else if (kk == IL_T_FFIELD) il_buf_puts(&b, "{");
        else if (kk == IL_T_FFIELD_END) {
            il_buf_putc(&b, '}');
            if (k->ival) il_buf_printf(&b, "!%c", (char)k->ival);
            if (k->str) il_buf_printf(&b, ":%s", k->str);
        }
        else if (kk == IL_T_FEND) il_buf_puts(&b, ">F");
        else if (kk == IL_T_NEWLINE) il_buf_puts(&b, "NL");
        else if (kk == IL_T_INDENT) il_buf_puts(&b, "IN");
        else if (kk == IL_T_DEDENT) il_buf_puts(&b, "DE");
        else if (kk == IL_T_END) il_buf_puts(&b, "END");
        else if (kk == IL_T_ERROR) il_buf_printf(&b, "ERR<%s>", k->str);
        else il_buf_puts(&b, il_lex_spelling(kk));
    }
    return b.data;
}

typedef struct lx_fixture {
    il_arena a;
    il_tokens t;
} lx_fixture;

static void lx_run(lx_fixture *f, const char *text, size_t len, const il_srcmap *map,
                   il_lex_mode mode)
{
    il_arena_init(&f->a);
    il_lex_tokenize(&f->t, &f->a, text, len, map, mode);
}

static void lx_done(lx_fixture *f)
{
    il_lex_free(&f->t);
    il_arena_free(&f->a);
}

/* Tokenizes `text` as a body (map: line 1, column 1) and compares the rendering. */
static void lx_expect(const char *text, il_lex_mode mode, const char *want)
{
    lx_fixture f;
    lx_run(&f, text, strlen(text), NULL, mode);
    char *got = lx_render(&f.t);
    cr_expect_str_eq(got, want, "text: %s\ngot:  %s", text, got);
    free(got);
    lx_done(&f);
}

static void lx_body(const char *text, const char *want) { lx_expect(text, IL_LEX_BODY, want); }

/* The position of token i. */
static void lx_pos(const il_tokens *t, size_t i, il_tok_kind kind, int line, int col)
{
    cr_assert_lt(i, t->len);
    cr_expect_eq(t->items[i].kind, kind, "token %zu: kind %d, want %d", i,
                 t->items[i].kind, kind);
    cr_expect_eq(t->items[i].line, line, "token %zu: line %d, want %d", i,
                 t->items[i].line, line);
    cr_expect_eq(t->items[i].col, col, "token %zu: col %d, want %d", i, t->items[i].col, col);
}

Test(lexer, simple_statements)
{
    lx_body("x = a + 1\nprint(x)\n", "x = a + 1 NL print ( x ) NL END");
    lx_body("x = 1", "x = 1 NL END"); /* no final line break */
    lx_body("", "END");
    lx_body("\n\n  \n", "END");
}

Test(lexer, null_text_is_empty)
{
    lx_fixture f;
    lx_run(&f, NULL, 0, NULL, IL_LEX_BODY);
    cr_assert_eq(f.t.len, 1);
    lx_pos(&f.t, 0, IL_T_END, 1, 1);
    lx_done(&f);
}

Test(lexer, indentation)
{
    lx_body("if x:\n    a = 1\n    if y:\n      b\nc\n",
            "if x : NL IN a = 1 NL if y : NL IN b NL DE DE c NL END");
    /* blocks still open at the end are closed before END */
    lx_body("while x:\n  while y:\n    pass", "while x : NL IN while y : NL IN pass NL DE DE END");
}

Test(lexer, blank_lines_and_comments_make_no_tokens)
{
    lx_body("# head\nif x:  # why\n\n      # odd indent, ignored\n    a\n\n\t\n# tail",
            "if x : NL IN a NL DE END");
}

Test(lexer, brackets_join_lines)
{
    lx_body("x = f(1,\n        2,\n  3)\ny = [\n\t1]\n",
            "x = f ( 1 , 2 , 3 ) NL y = [ 1 ] NL END");
}

Test(lexer, backslash_continuation)
{
    lx_body("x = a + \\\n        b\ny = 1\n", "x = a + b NL y = 1 NL END");
    lx_body("x = 1 \\", "x = 1 NL END");
    /* only after a token: an indented line always holds one */
    lx_body("if x:\n    \\\n    y\n",
            "if x : NL IN ERR<unexpected character '\\': a line continuation must follow "
            "something on its line>");
}

Test(lexer, crlf_line_breaks)
{
    lx_body("if x:\r\n    a = 1\r\nb = 2\r\n", "if x : NL IN a = 1 NL DE b = 2 NL END");
}

Test(lexer, operators_longest_match)
{
    lx_expect("a//=b**=c<<=d->e:=f...g", IL_LEX_EXPR,
              "a //= b **= c <<= d -> e := f ... g END");
    lx_expect("== != <= >= < > = += -= *= %= // / % ** * ~ & | ^ @ ; .", IL_LEX_EXPR,
              "== != <= >= < > = += -= *= %= // / % ** * ~ & | ^ @ ; . END");
}

Test(lexer, keywords_and_names)
{
    lx_fixture f;
    const char *text = "if iffy not notify True _x1 None";
    lx_run(&f, text, strlen(text), NULL, IL_LEX_EXPR);
    il_tok_kind want[] = {IL_T_KW_IF, IL_T_NAME, IL_T_KW_NOT, IL_T_NAME, IL_T_KW_TRUE,
                          IL_T_NAME, IL_T_KW_NONE, IL_T_END};
    cr_assert_eq(f.t.len, sizeof want / sizeof *want);
    for (size_t i = 0; i < f.t.len; i++) cr_expect_eq(f.t.items[i].kind, want[i], "token %zu", i);
    cr_expect_str_eq(f.t.items[1].str, "iffy");
    cr_expect_str_eq(f.t.items[5].str, "_x1");
    lx_done(&f);
}

Test(lexer, integer_literals)
{
    lx_expect("0 7 1_000 0x_ff 0XFF 0o17 0b1010 00 9223372036854775807", IL_LEX_EXPR,
              "0 7 1000 255 255 15 10 0 9223372036854775807 END");
    /* 2^63 is a token: it is INT64_MIN's magnitude, the parser decides */
    lx_expect("9223372036854775808 0x8000000000000000", IL_LEX_EXPR,
              "9223372036854775808 9223372036854775808 END");
}

Test(lexer, integer_errors)
{
    lx_expect("x 9223372036854775809", IL_LEX_EXPR,
              "x ERR<integer literal out of 64-bit range>");
    lx_expect("99999999999999999999999", IL_LEX_EXPR,
              "ERR<integer literal out of 64-bit range>");
    lx_expect("0x1_0000_0000_0000_0000", IL_LEX_EXPR,
              "ERR<integer literal out of 64-bit range>");
    lx_expect("12abc", IL_LEX_EXPR, "ERR<invalid integer literal '12abc'>");
    lx_expect("0b102", IL_LEX_EXPR, "ERR<invalid integer literal '0b102'>");
    lx_expect("0x", IL_LEX_EXPR, "ERR<invalid integer literal '0x'>");
    lx_expect("1__0", IL_LEX_EXPR, "ERR<invalid integer literal '1__0'>");
    lx_expect("1_", IL_LEX_EXPR, "ERR<invalid integer literal '1_'>");
    lx_expect("017", IL_LEX_EXPR,
              "ERR<leading zeros in integer literals are not supported: write the number "
              "without them (0o17 for octal)>");
    lx_expect("1j", IL_LEX_EXPR,
              "ERR<complex numbers are not supported: values are 64-bit integers>");
}

Test(lexer, floats_are_refused)
{
    const char *want = "ERR<floats are not supported: values are 64-bit integers>";
    lx_expect("1.5", IL_LEX_EXPR, want);
    lx_expect("1.", IL_LEX_EXPR, want);
    lx_expect(".5", IL_LEX_EXPR, want);
    lx_expect("1e5", IL_LEX_EXPR, want);
    lx_expect("1_0E-3", IL_LEX_EXPR, want);
}

Test(lexer, strings)
{
    lx_expect("'a b' \"it's\" 'say \"hi\"' '\\n\\t\\\\\\'\\\"' '' \"caf\xc3\xa9\"", IL_LEX_EXPR,
              "\"a b\" \"it's\" \"say \"hi\"\" \"\n\t\\'\"\" \"\" \"caf\xc3\xa9\" END");
}

Test(lexer, string_errors)
{
    lx_expect("x = 'abc", IL_LEX_EXPR, "x = ERR<unterminated string literal>");
    lx_body("x = \"abc\ny = 1\n", "x = ERR<unterminated string literal>");
    lx_expect("'a\\", IL_LEX_EXPR, "ERR<unterminated string literal>");
    lx_expect("'\\x41'", IL_LEX_EXPR,
              "ERR<escape sequence '\\x' is not supported: use \\n \\t \\\\ \\' or \\\">");
    lx_expect("'''doc'''", IL_LEX_EXPR,
              "ERR<triple-quoted strings are not supported: use '...' or \"...\" on one line>");
    lx_expect("rf'{x}'", IL_LEX_EXPR,
              "ERR<string prefixes (rf'...') are not supported: use a plain '...' string or an "
              "f'...' string>");
    lx_expect("rb'x'", IL_LEX_EXPR,
              "ERR<string prefixes (rb'...') are not supported: use a plain '...' string>");
}

/* A Python file (IL_LEX_MODULE): floats are tokens, rounded up (they only
 * stand for time); triple-quoted strings span lines, and the tokens after
 * them keep their lines; an escape Python does not know is kept. */
Test(lexer, module_floats)
{
    lx_expect("sleep(0.1) 2.5 1. .5 1e3 1_0.2_5 0.0", IL_LEX_MODULE,
              "sleep ( 1f ) 3f 1f 1f 1000f 11f 0f NL END");
    lx_expect("x = 1e999", IL_LEX_MODULE, "x = 9223372036854775807f NL END");
    lx_expect("1.5e", IL_LEX_MODULE, "ERR<invalid float literal '1.5e'>");
    lx_expect("1_.5", IL_LEX_MODULE, "ERR<invalid float literal '1_.5'>");
    lx_expect("1.5j", IL_LEX_MODULE, "ERR<invalid float literal '1.5j'>");
}

Test(lexer, module_strings)
{
    lx_fixture f;
    const char *text = "\"\"\"\nname: x\r\n  y\"\"\"\nprint('a\\d', '''it's''')\n";
    lx_run(&f, text, strlen(text), NULL, IL_LEX_MODULE);
    char *got = lx_render(&f.t);
    cr_expect_str_eq(got, "\"\nname: x\n  y\" NL print ( \"a\\d\" , \"it's\" ) NL END");
    free(got);
    lx_pos(&f.t, 0, IL_T_STR, 1, 1);     /* the string where it starts */
    lx_pos(&f.t, 1, IL_T_NEWLINE, 3, 7); /* just after it, on its last line */
    lx_pos(&f.t, 2, IL_T_NAME, 4, 1);
    lx_pos(&f.t, 6, IL_T_STR, 4, 14);
    lx_done(&f);
    lx_expect("x = '''open\n", IL_LEX_MODULE, "x = ERR<unterminated triple-quoted string literal>");
    lx_expect("'\\x41'", IL_LEX_MODULE,
              "ERR<escape sequence '\\x' is not supported: use \\n \\t \\\\ \\' or \\\">");
}

Test(lexer, tab_in_indentation)
{
    lx_fixture f;
    const char *text = "if x:\n  \ty = 1\n";
    lx_run(&f, text, strlen(text), NULL, IL_LEX_BODY);
    char *got = lx_render(&f.t);
    cr_expect_str_eq(got, "if x : NL ERR<tab in indentation: use spaces>");
    free(got);
    lx_pos(&f.t, 4, IL_T_ERROR, 2, 3);
    lx_done(&f);
    /* tabs between tokens and on blank lines are only space */
    lx_body("x\t=\t1\n\t\ny = 2\n", "x = 1 NL y = 2 NL END");
}

Test(lexer, inconsistent_dedent)
{
    lx_fixture f;
    const char *text = "if x:\n    a\n  b\n";
    lx_run(&f, text, strlen(text), NULL, IL_LEX_BODY);
    char *got = lx_render(&f.t);
    cr_expect_str_eq(got, "if x : NL IN a NL ERR<inconsistent dedent: an indentation of 2 "
                          "spaces (counted from the body's left edge) matches no enclosing "
                          "block, which start at 0 or 4>");
    free(got);
    lx_pos(&f.t, 7, IL_T_ERROR, 3, 3);
    lx_done(&f);
}

Test(lexer, bad_characters)
{
    lx_expect("x $", IL_LEX_EXPR, "x ERR<unexpected character '$'>");
    lx_expect("a ! b", IL_LEX_EXPR, "a ERR<unexpected character '!'>");
    lx_expect("x = \xc3\xa9", IL_LEX_EXPR,
              "x = ERR<unexpected character (byte 0xc3): only ASCII is allowed outside "
              "strings and comments>");
    lx_expect("a \\ b", IL_LEX_EXPR,
              "a ERR<unexpected character '\\': a backslash continues a line only as its "
              "last character>");
    lx_expect("a\x01", IL_LEX_EXPR, "a ERR<unexpected character (control byte 0x01)>");
    /* non-ASCII is fine in comments */
    lx_body("x = 1 # caf\xc3\xa9\n", "x = 1 NL END");
}

Test(lexer, nul_bytes)
{
    lx_fixture f;
    static const char text[] = "x = 1\ny\0 = 2\n";
    lx_run(&f, text, sizeof text - 1, NULL, IL_LEX_BODY);
    char *got = lx_render(&f.t);
    cr_expect_str_eq(got, "x = 1 NL y ERR<unexpected character (NUL byte)>");
    free(got);
    lx_pos(&f.t, 5, IL_T_ERROR, 2, 2);
    lx_done(&f);

    static const char in_comment[] = "x # a\0b\n";
    lx_run(&f, in_comment, sizeof in_comment - 1, NULL, IL_LEX_BODY);
    cr_expect_eq(f.t.items[f.t.len - 1].kind, IL_T_ERROR);
    lx_done(&f);

    static const char in_string[] = "'a\0'";
    lx_run(&f, in_string, sizeof in_string - 1, NULL, IL_LEX_EXPR);
    cr_expect_eq(f.t.len, 1);
    cr_expect_str_eq(f.t.items[0].str, "unexpected character (NUL byte)");
    lx_done(&f);
}

Test(lexer, unclosed_bracket_reported_where_it_opens)
{
    lx_fixture f;
    const char *text = "x = f(1,\n  [2,\n  3]\n";
    lx_run(&f, text, strlen(text), NULL, IL_LEX_BODY);
    char *got = lx_render(&f.t);
    cr_expect_str_eq(got, "x = f ( 1 , [ 2 , 3 ] ERR<'(' was never closed>");
    free(got);
    lx_pos(&f.t, f.t.len - 1, IL_T_ERROR, 1, 6);
    lx_done(&f);
}

Test(lexer, positions_follow_the_srcmap)
{
    /* text line 0 starts at file 5:9; later lines at column 3 + c */
    il_srcmap map = {5, 9, 3};
    lx_fixture f;
    const char *text = "a = 1\nif b:\n    c\n";
    lx_run(&f, text, strlen(text), &map, IL_LEX_BODY);
    lx_pos(&f.t, 0, IL_T_NAME, 5, 9);
    lx_pos(&f.t, 1, IL_T_ASSIGN, 5, 11);
    lx_pos(&f.t, 2, IL_T_INT, 5, 13);
    lx_pos(&f.t, 3, IL_T_NEWLINE, 5, 14); /* just after the last token */
    lx_pos(&f.t, 4, IL_T_KW_IF, 6, 3);
    lx_pos(&f.t, 5, IL_T_NAME, 6, 6);
    lx_pos(&f.t, 8, IL_T_INDENT, 7, 7);
    lx_pos(&f.t, 9, IL_T_NAME, 7, 7);
    lx_pos(&f.t, 10, IL_T_NEWLINE, 7, 8);
    lx_pos(&f.t, 11, IL_T_DEDENT, 7, 8);
    lx_pos(&f.t, 12, IL_T_END, 7, 8);
    cr_expect_eq(f.t.len, 13);
    cr_expect_eq(f.t.items[0].len, 1);
    cr_expect_eq(f.t.items[0].src, text);
    lx_done(&f);
}

Test(lexer, columns_count_characters)
{
    /* "é" is 2 bytes and "😀" 4, but one column each, as in YAML positions */
    lx_fixture f;
    const char *text = "print(\"\xc3\xa9\xf0\x9f\x98\x80\", zz)\nx = \"\xc3\xa9\"; y\n";
    lx_run(&f, text, strlen(text), NULL, IL_LEX_BODY);
    lx_pos(&f.t, 2, IL_T_STR, 1, 7);
    lx_pos(&f.t, 3, IL_T_COMMA, 1, 11);
    lx_pos(&f.t, 4, IL_T_NAME, 1, 13);
    lx_pos(&f.t, 5, IL_T_RPAREN, 1, 15);
    lx_pos(&f.t, 6, IL_T_NEWLINE, 1, 16);
    lx_pos(&f.t, 10, IL_T_SEMI, 2, 8);
    lx_pos(&f.t, 11, IL_T_NAME, 2, 10);
    lx_done(&f);
}

Test(lexer, dedent_positioned_at_next_line)
{
    lx_fixture f;
    const char *text = "if a:\n  b\nc\n";
    lx_run(&f, text, strlen(text), NULL, IL_LEX_BODY);
    lx_pos(&f.t, 7, IL_T_DEDENT, 3, 1);
    lx_pos(&f.t, 8, IL_T_NAME, 3, 1);
    lx_done(&f);
}

Test(lexer, expression_mode)
{
    /* no NEWLINE/INDENT: leading space, line breaks and tabs are only space */
    lx_expect("  x ==\n\t1 and\n    y  ", IL_LEX_EXPR, "x == 1 and y END");
    lx_expect("", IL_LEX_EXPR, "END");
    il_srcmap map = {3, 12, 4};
    lx_fixture f;
    lx_run(&f, "  x", 3, &map, IL_LEX_EXPR);
    lx_pos(&f.t, 0, IL_T_NAME, 3, 14);
    lx_pos(&f.t, 1, IL_T_END, 3, 15);
    lx_done(&f);
}

Test(lexer, spelling)
{
    cr_expect_str_eq(il_lex_spelling(IL_T_LPAREN), "(");
    cr_expect_str_eq(il_lex_spelling(IL_T_DSLASHEQ), "//=");
    cr_expect_str_eq(il_lex_spelling(IL_T_KW_ELIF), "elif");
    cr_expect_str_eq(il_lex_spelling(IL_T_NEWLINE), "end of line");
    cr_expect_str_eq(il_lex_spelling((il_tok_kind)IL_T_NKINDS), "?");
}

/* Every byte string must give a stream that ends in END or ERROR, and only
 * there. A fixed-seed generator keeps the test reproducible. */
Test(lexer, arbitrary_bytes_never_crash)
{
    static const char alphabet[] = "  \n\n\t\r\\#'\"()[]{}:=<>!+-*/%.,;_0x9aZ\xc3\0";
    uint32_t seed = 12345;
    char text[64];
    for (int round = 0; round < 3000; round++) {
        size_t n = (size_t)(round % 64);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            text[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        for (int mode = 0; mode < 2; mode++) {
            lx_fixture f;
            lx_run(&f, text, n, NULL, mode ? IL_LEX_EXPR : IL_LEX_BODY);
            cr_assert_gt(f.t.len, 0);
            for (size_t i = 0; i + 1 < f.t.len; i++)
                cr_assert(f.t.items[i].kind != IL_T_END && f.t.items[i].kind != IL_T_ERROR);
            il_tok_kind last = f.t.items[f.t.len - 1].kind;
            cr_assert(last == IL_T_END || last == IL_T_ERROR);
            lx_done(&f);
        }
    }
}

/* f-strings: FSTART, the text (decoded, {{ and }} as braces), each field's
 * tokens between FFIELD and FFIELD_END (conversion and spec), FEND. */
Test(lexer, fstrings)
{
    lx_expect("f'a{x!r:>5}b{{c}}\\n{y + 1}'", IL_LEX_EXPR,
              "F< t\"a\" { x }!r:>5 t\"b{c}\n\" { y + 1 } >F END");
    lx_expect("F\"{x=}{ y = :3}{a[0]!s}\"", IL_LEX_EXPR,
              "F< t\"x=\" { x }!r t\" y = \" { y }:3 { a [ 0 ] }!s >F END");
    lx_expect("f'{d[\"k\"] != 2}' f\"\"", IL_LEX_EXPR, "F< { d [ \"k\" ] != 2 } >F F< >F END");
    lx_expect("f'{x'", IL_LEX_EXPR, "F< ERR<f-string: expecting '}'>");
    lx_expect("f'}'", IL_LEX_EXPR, "F< ERR<f-string: single '}' is not allowed>");
    lx_expect("f'{ }'", IL_LEX_EXPR, "F< ERR<f-string: empty expression not allowed>");
    lx_expect("f'{x!x}'", IL_LEX_EXPR,
              "F< { x ERR<f-string: invalid conversion character: expected 's', 'r', or 'a'>");
    lx_expect("f'{x:{y}}'", IL_LEX_EXPR,
              "F< { x ERR<nested replacement fields in a format spec are not supported>");
    lx_expect("f'{1.5}'", IL_LEX_EXPR, "F< { ERR<floats are not supported: values are 64-bit integers>");
    lx_expect("f\"\"\"a\n{x}\"\"\"", IL_LEX_MODULE, "F< t\"a\n\" { x } >F NL END");
    lx_expect("f\"\"\"{x\n}\"\"\"", IL_LEX_MODULE,
              "F< ERR<a line break inside an f-string's field is not supported>");
    /* positions: the field's tokens where they are in the file */
    lx_fixture f;
    il_srcmap map = {4, 7, 3};
    const char *text = "x = 1\nprint(f'\xc3\xa9{ab + c:5}')";
    lx_run(&f, text, strlen(text), &map, IL_LEX_BODY);
    lx_pos(&f.t, 6, IL_T_FSTART, 5, 9);
    lx_pos(&f.t, 7, IL_T_FTEXT, 5, 11);
    lx_pos(&f.t, 8, IL_T_FFIELD, 5, 12);
    lx_pos(&f.t, 9, IL_T_NAME, 5, 13);
    lx_pos(&f.t, 11, IL_T_NAME, 5, 18);
    lx_pos(&f.t, 12, IL_T_FFIELD_END, 5, 20);
    lx_pos(&f.t, 13, IL_T_FEND, 5, 22);
    lx_done(&f);
}
