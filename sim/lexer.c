/* lexer.c - turns a thread body or an expect expression into tokens (see
 * lexer.h). One pass over the bytes, no backtracking; indentation handled as
 * Python's tokenizer does (a stack of open widths), with implicit line
 * joining inside brackets and backslash continuation. The first problem
 * ends the stream with an IL_T_ERROR token. */
#include "lexer.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const spellings[] = {
#define X(name, text) text,
    IL_TOKEN_LIST(X)
#undef X
};

const char *il_lex_spelling(il_tok_kind k)
{
    return (unsigned)k < sizeof spellings / sizeof *spellings ? spellings[k] : "?";
}

/* An open bracket, remembered to report it if it is never closed. */
typedef struct bracket {
    int line, col; /* file position */
    char c;        /* '(', '[' or '{' */
} bracket;

typedef struct lexer {
    il_tokens *out;           /* where tokens go */
    il_arena *a;              /* owns names, decoded strings, messages */
    const char *t;            /* the text (never NULL) */
    size_t n, pos;            /* its length; the next byte to read */
    int tline;                /* text line of `pos`, 0-based */
    size_t line_start;        /* offset of that line's first byte */
    size_t cc_line, cc_off, cc_chars; /* file_pos's count: cc_chars characters
                                         from cc_line's start to cc_off */
    il_srcmap map;            /* text position -> file position */
    il_lex_mode mode;
    IL_VEC(size_t) indents;   /* open indentation widths; [0] is 0 */
    IL_VEC(bracket) brackets; /* open brackets, innermost last */
    int line_has_tokens;      /* a NEWLINE is due at the end of this line */
    int end_line, end_col;    /* file position just after the last token */
    int failed;               /* an ERROR token was emitted: stop */
} lexer;

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_alnum(char c) { return is_alpha(c) || is_digit(c); }
static int is_eol(char c) { return c == '\n' || c == '\r'; }

static int clamp_int(long long v) { return v > INT_MAX ? INT_MAX : (int)v; }

/* File position of byte `off`, which lies on the current line. Columns count
 * characters, as YAML positions do ("é" is one column, not two); the count
 * carries on from the last call, so a long line is not rescanned per token.
 * Clamped so a gigantic input gives a wrong column rather than an overflow. */
static void file_pos(lexer *lx, size_t off, int *line, int *col)
{
    if (lx->cc_line != lx->line_start || off < lx->cc_off) {
        lx->cc_line = lx->cc_off = lx->line_start;
        lx->cc_chars = 0;
    }
    for (; lx->cc_off < off && lx->cc_off < lx->n; lx->cc_off++)
        if (((unsigned char)lx->t[lx->cc_off] & 0xC0) != 0x80) lx->cc_chars++;
    size_t c = lx->cc_chars;
    long long base = lx->tline == 0 ? lx->map.col0 : lx->map.col_rest;
    *line = clamp_int((long long)lx->map.line0 + lx->tline);
    *col = clamp_int(base + (long long)(c > INT_MAX ? INT_MAX : c));
}

static il_token *push(lexer *lx, il_tok_kind k, int line, int col, size_t off, size_t len)
{
    il_token tok = {0};
    tok.kind = k;
    tok.line = line;
    tok.col = col;
    tok.src = lx->t + off;
    tok.len = len;
    IL_VEC_PUSH(*lx->out, tok);
    return &lx->out->items[lx->out->len - 1];
}

/* A token made of text[off, off + len) on the current line. */
static il_token *emit(lexer *lx, il_tok_kind k, size_t off, size_t len)
{
    int line, col;
    file_pos(lx, off, &line, &col);
    il_token *tok = push(lx, k, line, col, off, len);
    if (k != IL_T_INDENT && k != IL_T_DEDENT) {
        lx->line_has_tokens = 1;
        file_pos(lx, off + len, &lx->end_line, &lx->end_col);
    }
    return tok;
}

/* NEWLINE, END and closing DEDENTs point just after the last real token, so
 * "expected ':'" lands at the end of the offending line, not on the next. */
static void emit_at_end(lexer *lx, il_tok_kind k)
{
    push(lx, k, lx->end_line, lx->end_col, lx->pos, 0);
}

static void vfail(lexer *lx, int line, int col, const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    il_token *tok = push(lx, IL_T_ERROR, line, col, lx->pos, 0);
    tok->str = il_arena_strdup(lx->a, msg);
    lx->failed = 1;
}

static void fail_pos(lexer *lx, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void fail_pos(lexer *lx, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(lx, line, col, fmt, ap);
    va_end(ap);
}

/* An error at byte `off` of the current line. */
static void fail_at(lexer *lx, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail_at(lexer *lx, size_t off, const char *fmt, ...)
{
    int line, col;
    file_pos(lx, off, &line, &col);
    va_list ap;
    va_start(ap, fmt);
    vfail(lx, line, col, fmt, ap);
    va_end(ap);
}

static void bad_char(lexer *lx, size_t off)
{
    unsigned char c = (unsigned char)lx->t[off];
    if (c == 0)
        fail_at(lx, off, "unexpected character (NUL byte)");
    else if (c > 0x20 && c < 0x7f)
        fail_at(lx, off, "unexpected character '%c'", c);
    else if (c >= 0x80)
        fail_at(lx, off, "unexpected character (byte 0x%02x): only ASCII is allowed "
                "outside strings and comments", c);
    else
        fail_at(lx, off, "unexpected character (control byte 0x%02x)", c);
}

/* Consumes the line break at `pos` ("\n", "\r\n" or "\r"). */
static void newline(lexer *lx)
{
    if (lx->t[lx->pos] == '\r' && lx->pos + 1 < lx->n && lx->t[lx->pos + 1] == '\n')
        lx->pos++;
    lx->pos++;
    if (lx->tline < INT_MAX) lx->tline++;
    lx->line_start = lx->pos;
}

/* At the first byte of a logical line: skips its indentation and, unless the
 * line is blank or only a comment, emits INDENT or DEDENTs for it. */
static void begin_line(lexer *lx)
{
    size_t p = lx->pos, tab = SIZE_MAX;
    while (p < lx->n && (lx->t[p] == ' ' || lx->t[p] == '\t')) {
        if (lx->t[p] == '\t' && tab == SIZE_MAX) tab = p;
        p++;
    }
    lx->pos = p;
    if (p >= lx->n || lx->t[p] == '#' || is_eol(lx->t[p])) return; /* blank */
    /* Tabs would make the width depend on the reader's tab stops. */
    if (tab != SIZE_MAX) {
        fail_at(lx, tab, "tab in indentation: use spaces");
        return;
    }
    size_t w = p - lx->line_start;
    size_t top = lx->indents.items[lx->indents.len - 1];
    if (w > top) {
        IL_VEC_PUSH(lx->indents, w);
        emit(lx, IL_T_INDENT, p, 0);
        return;
    }
    size_t keep = lx->indents.len;
    while (lx->indents.items[keep - 1] > w) keep--; /* items[0] == 0 stops it */
    if (lx->indents.items[keep - 1] != w) {
        /* Counted from the body's own left edge, as Python would see the
         * code: say so, and which widths would do. */
        char open[128];
        size_t n = 0;
        for (size_t i = 0; i < lx->indents.len && n < sizeof open - 24; i++)
            n += (size_t)snprintf(open + n, sizeof open - n, "%s%zu",
                                  i == 0 ? "" : i + 1 == lx->indents.len ? " or " : ", ",
                                  lx->indents.items[i]);
        fail_at(lx, p, "inconsistent dedent: an indentation of %zu spaces (counted from the "
                "body's left edge) matches no enclosing block, which start at %s", w, open);
        return;
    }
    while (lx->indents.len > keep) {
        lx->indents.len--;
        emit(lx, IL_T_DEDENT, p, 0);
    }
}

static void skip_comment(lexer *lx)
{
    while (lx->pos < lx->n && !is_eol(lx->t[lx->pos])) {
        if (lx->t[lx->pos] == '\0') {
            bad_char(lx, lx->pos);
            return;
        }
        lx->pos++;
    }
}

static int digit_value(char c)
{
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

/* A float literal of a Python file (1.5, .5, 1., 1e-3, 1_0.5): a FLOAT
 * token whose value is rounded up, for the places where a float means an
 * amount of time (pyload.c), which is not modelled. */
static void lex_float(lexer *lx)
{
    const char *t = lx->t;
    size_t s = lx->pos, p = s;
    il_buf digits = {0};
    int ok = 1;
    while (p < lx->n && (is_digit(t[p]) || t[p] == '_')) p++;
    if (p < lx->n && t[p] == '.') {
        p++;
        while (p < lx->n && (is_digit(t[p]) || t[p] == '_')) p++;
    }
    if (p < lx->n && (t[p] | 0x20) == 'e') {
        p++;
        if (p < lx->n && (t[p] == '+' || t[p] == '-')) p++;
        size_t e0 = p;
        while (p < lx->n && (is_digit(t[p]) || t[p] == '_')) p++;
        ok = p > e0;
    }
    for (size_t q = s; q < p && ok; q++) { /* `_` only between two digits */
        if (t[q] != '_') il_buf_putc(&digits, t[q]);
        else ok = q > s && q + 1 < p && is_digit(t[q - 1]) && is_digit(t[q + 1]);
    }
    if (p < lx->n && is_alnum(t[p])) ok = 0; /* 1.5j, 1.5x */
    if (!ok) {
        while (p < lx->n && (is_alnum(t[p]) || t[p] == '.')) p++;
        fail_at(lx, s, "invalid float literal '%.*s'", (int)(p - s > 40 ? 40 : p - s), t + s);
        il_buf_free(&digits);
        return;
    }
    double v = strtod(digits.data, NULL);
    il_buf_free(&digits);
    il_token *tok = emit(lx, IL_T_FLOAT, s, p - s);
    double up = ceil(v);
    tok->ival = !(up < 9.2e18) ? (uint64_t)INT64_MAX : (uint64_t)up; /* inf: the most */
    lx->pos = p;
}

/* Decimal, 0x, 0o or 0b, with `_` between digits. The value may be 2^63,
 * which is INT64_MIN's magnitude: the parser accepts it only after `-`. */
static void lex_number(lexer *lx)
{
    const char *t = lx->t;
    size_t s = lx->pos, p = s;
    while (p < lx->n && is_alnum(t[p])) p++;
    int len = (int)(p - s > 40 ? 40 : p - s); /* for messages */
    unsigned base = 10;
    size_t d = s;
    if (p - s >= 2 && t[s] == '0') {
        char x = (char)(t[s + 1] | 0x20);
        base = x == 'x' ? 16 : x == 'o' ? 8 : x == 'b' ? 2 : 10;
        if (base != 10) d = s + 2;
    }
    if (base == 10) {
        size_t q = s;
        while (q < p && (is_digit(t[q]) || t[q] == '_')) q++;
        if ((q == p && p < lx->n && t[p] == '.') || (q < p && (t[q] | 0x20) == 'e')) {
            if (lx->mode == IL_LEX_MODULE) {
                lex_float(lx);
                return;
            }
            fail_at(lx, s, "floats are not supported: values are 64-bit integers");
            return;
        }
        if (q + 1 == p && (t[q] | 0x20) == 'j') {
            fail_at(lx, s, "complex numbers are not supported: values are 64-bit integers");
            return;
        }
    }
    const uint64_t limit = (uint64_t)1 << 63;
    uint64_t v = 0;
    int digits = 0, after_us = 0, bad = 0, overflow = 0;
    for (size_t q = d; q < p && !bad; q++) {
        if (t[q] == '_') {
            bad = after_us; /* "__" */
            after_us = 1;
            continue;
        }
        unsigned dv = (unsigned)digit_value(t[q]);
        if (dv >= base) {
            bad = 1;
            break;
        }
        after_us = 0;
        digits++;
        if (v > (limit - dv) / base) overflow = 1;
        else v = v * base + dv;
    }
    if (bad || digits == 0 || after_us) {
        fail_at(lx, s, "invalid integer literal '%.*s'", len, t + s);
        return;
    }
    if (base == 10 && t[s] == '0' && (v != 0 || overflow)) {
        fail_at(lx, s, "leading zeros in integer literals are not supported: write "
                "the number without them (0o17 for octal)");
        return;
    }
    if (overflow) {
        fail_at(lx, s, "integer literal out of 64-bit range");
        return;
    }
    il_token *tok = emit(lx, IL_T_INT, s, p - s);
    tok->ival = v;
    lx->pos = p;
}

static int is_string_prefix(const char *s, size_t n)
{
    if (n == 0 || n > 2) return 0;
    for (size_t i = 0; i < n; i++)
        if (!strchr("fFrRbBuU", s[i])) return 0;
    return 1;
}

static void lex_string(lexer *lx, size_t fprefix);

static void lex_name(lexer *lx)
{
    size_t s = lx->pos, p = s;
    while (p < lx->n && is_alnum(lx->t[p])) p++;
    size_t n = p - s;
    const char *w = lx->t + s;
    if (p < lx->n && (lx->t[p] == '\'' || lx->t[p] == '"') && is_string_prefix(w, n)) {
        if (n == 1 && (*w == 'f' || *w == 'F')) {
            lx->pos = p;
            lex_string(lx, s);
            return;
        }
        const char *yet = lx->mode == IL_LEX_MODULE ? " yet" : "";
        fail_at(lx, s, "string prefixes (%.*s'...') are not supported%s: use a plain "
                "'...' string%s", (int)n, w, yet,
                memchr(w, 'f', n) || memchr(w, 'F', n) ? " or an f'...' string" : "");
        return;
    }
    il_tok_kind k = IL_T_NAME;
    for (int i = IL_T_FIRST_KW; i <= IL_T_LAST_KW; i++) {
        if (strlen(spellings[i]) == n && memcmp(spellings[i], w, n) == 0) {
            k = (il_tok_kind)i;
            break;
        }
    }
    il_token *tok = emit(lx, k, s, n);
    tok->str = k == IL_T_NAME ? il_arena_strndup(lx->a, w, n) : spellings[k];
    lx->pos = p;
}

/* The literal text of an f-string read so far, as one FTEXT token (none
 * when empty). */
static void flush_ftext(lexer *lx, il_buf *b, int line, int col, size_t off)
{
    if (!b->len) return;
    il_token *tok = push(lx, IL_T_FTEXT, line, col, off, 0);
    tok->str = il_arena_strndup(lx->a, b->data, b->len);
    b->len = 0;
}

/* An f-string's replacement field, from its '{' at `open` (the text up
 * to it is in b): FFIELD, the tokens of its expression (lexed on their own,
 * at their file positions), FFIELD_END with the conversion and spec.
 * Python 3.11's rules: no backslash or '#' in the expression, the string's
 * own quote ends the string; `{x=}` puts "x=" in the text. Returns the
 * offset after the '}', or 0 after an error. */
static size_t lex_field(lexer *lx, il_buf *b, size_t open, char q, int triple)
{
    const char *t = lx->t;
    size_t p = open + 1, e = p, eq = 0;
    int depth = 0;
    char inq = 0;
    for (;; e++) {
        if (e >= lx->n || is_eol(t[e])) {
            if (triple && e < lx->n)
                fail_at(lx, e, "a line break inside an f-string's field is not supported");
            else
                fail_at(lx, open, "f-string: expecting '}'");
            return 0;
        }
        char c = t[e];
        if (c == '\\') {
            fail_at(lx, e, "f-string expression part cannot include a backslash");
            return 0;
        }
        if (inq) {
            if (c == inq) inq = 0;
            continue;
        }
        if (c == q && (!triple || (e + 2 < lx->n && t[e + 1] == q && t[e + 2] == q))) {
            fail_at(lx, open, "f-string: expecting '}'");
            return 0;
        }
        if (c == '\'' || c == '"') {
            inq = c;
            continue;
        }
        if (c == '#') {
            fail_at(lx, e, "f-string expression part cannot include '#'");
            return 0;
        }
        if (strchr("=!<>", c) && e + 1 < lx->n && t[e + 1] == '=') {
            e++; /* ==, !=, <=, >= */
            continue;
        }
        if (c == '(' || c == '[' || c == '{') depth++;
        else if ((c == ')' || c == ']' || c == '}') && depth > 0) depth--;
        else if (depth == 0 && (c == '}' || c == '!' || c == ':')) break;
        else if (depth == 0 && c == '=' && !eq) eq = e; /* {x=}: must end the expression */
        else if (eq && c != ' ') {
            fail_at(lx, open, "f-string: expecting '}'");
            return 0;
        }
    }
    size_t expr_end = eq ? eq : e;
    size_t k = p;
    while (k < expr_end && t[k] == ' ') k++;
    if (k == expr_end) {
        fail_at(lx, open, "f-string: empty expression not allowed");
        return 0;
    }
    if (eq) il_buf_putn(b, t + p, e - p); /* `{ x = }` prints " x = " and the value */
    int line, col;
    file_pos(lx, open, &line, &col);
    flush_ftext(lx, b, line, col, open);
    emit(lx, IL_T_FFIELD, open, 1);
    il_srcmap map = {0, 0, lx->map.col_rest};
    file_pos(lx, p, &map.line0, &map.col0);
    il_tokens sub;
    il_lex_tokenize(&sub, lx->a, t + p, expr_end - p, &map, IL_LEX_EXPR);
    for (size_t i = 0; i + 1 < sub.len; i++) IL_VEC_PUSH(*lx->out, sub.items[i]);
    il_token last = sub.items[sub.len - 1];
    il_lex_free(&sub);
    if (last.kind == IL_T_ERROR) {
        IL_VEC_PUSH(*lx->out, last);
        lx->failed = 1;
        return 0;
    }
    char conv = eq ? 'r' : 0;
    size_t mark = e; /* where FFIELD_END stands */
    if (t[e] == '!') {
        char cv = e + 1 < lx->n ? t[e + 1] : 0;
        if (!(cv == 's' || cv == 'r' || cv == 'a') || e + 2 >= lx->n ||
            (t[e + 2] != ':' && t[e + 2] != '}')) {
            fail_at(lx, e + 1, "f-string: invalid conversion character: expected 's', 'r', "
                    "or 'a'");
            return 0;
        }
        conv = cv;
        e += 2;
    }
    const char *spec = NULL;
    if (t[e] == ':') {
        if (eq && conv == 'r' && t[mark] != '!') conv = 0; /* {x=:5}: format(), as Python */
        size_t s0 = ++e;
        for (;; e++) {
            if (e >= lx->n || is_eol(t[e]) || t[e] == q) {
                fail_at(lx, open, "f-string: expecting '}'");
                return 0;
            }
            if (t[e] == '{') {
                fail_at(lx, e, "nested replacement fields in a format spec are not supported");
                return 0;
            }
            if (t[e] == '\\') {
                fail_at(lx, e, "a backslash in a format spec is not supported");
                return 0;
            }
            if (t[e] == '}') break;
        }
        spec = il_arena_strndup(lx->a, t + s0, e - s0);
        mark = s0;
    }
    il_token *end = emit(lx, IL_T_FFIELD_END, mark, spec ? strlen(spec) : 1);
    end->ival = (uint64_t)(unsigned char)conv;
    end->str = spec;
    return e + 1;
}

/* '...' or "..." on one line, with the escapes \n \t \\ \' \". In a
 * Python file also '''...''' and """...""" over several lines, and an escape
 * Python does not know is kept as written ("\d" is a backslash and a d).
 * With the prefix f at `fprefix` (else SIZE_MAX) an f-string: its tokens
 * FSTART ... FEND, the literal parts decoded, `{{` and `}}` as braces. */
static void lex_string(lexer *lx, size_t fprefix)
{
    const char *t = lx->t;
    size_t s = lx->pos, p = s + 1;
    int fstr = fprefix != SIZE_MAX;
    char q = t[s];
    int triple = s + 2 < lx->n && t[s + 1] == q && t[s + 2] == q;
    int module = lx->mode == IL_LEX_MODULE;
    if (triple && !module) {
        fail_at(lx, s, "triple-quoted strings are not supported: use '...' or \"...\" "
                "on one line");
        return;
    }
    int line, col; /* the token's position, before any line of the string is passed */
    file_pos(lx, fstr ? fprefix : s, &line, &col);
    if (triple) p = s + 3;
    il_buf b = {0};
    size_t fstart = lx->out->len; /* f-string: its FSTART token */
    int tline = 0, tcol = 0, have_pos = 0; /* f-string: where the text in b starts */
    size_t toff = p;
    if (fstr) push(lx, IL_T_FSTART, line, col, fprefix, 0);
    for (;;) {
        if (fstr && !have_pos) {
            toff = p;
            file_pos(lx, p, &tline, &tcol);
            have_pos = 1;
        }
        if (fstr && p < lx->n && (t[p] == '{' || t[p] == '}')) {
            if (p + 1 < lx->n && t[p + 1] == t[p]) { /* {{ and }} */
                il_buf_putc(&b, t[p]);
                p += 2;
                continue;
            }
            if (t[p] == '}') {
                fail_at(lx, p, "f-string: single '}' is not allowed");
                goto out;
            }
            flush_ftext(lx, &b, tline, tcol, toff);
            if (!(p = lex_field(lx, &b, p, q, triple))) goto out;
            have_pos = 0; /* the text after the field starts at p */
            continue;
        }
        if (triple && p < lx->n && is_eol(t[p])) {
            if (t[p] == '\r' && p + 1 < lx->n && t[p + 1] == '\n') p++;
            il_buf_putc(&b, '\n');
            lx->pos = p;
            newline(lx); /* the string's next line: positions count from it */
            p = lx->pos;
            continue;
        }
        if (p >= lx->n || is_eol(t[p])) {
            fail_pos(lx, line, col, "unterminated %sstring literal", triple ? "triple-quoted " : "");
            goto out;
        }
        char c = t[p];
        if (c == q && (!triple || (p + 2 < lx->n && t[p + 1] == q && t[p + 2] == q))) {
            p += triple ? 3 : 1;
            break;
        }
        if (c == '\0') {
            bad_char(lx, p);
            goto out;
        }
        if (c == '\\') {
            if (p + 1 >= lx->n || (is_eol(t[p + 1]) && !triple)) {
                fail_pos(lx, line, col, "unterminated string literal");
                goto out;
            }
            char e = t[p + 1];
            if (module && is_eol(e)) {
                fail_at(lx, p, "a backslash at the end of a line in a string is not supported");
                goto out;
            }
            if (module && !strchr("ntr\\'\"abfvxuUN01234567", e)) {
                il_buf_putc(&b, c); /* Python keeps an unknown escape as written */
                p++;
                continue;
            }
            switch (e) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case '\\': case '\'': case '"': c = e; break;
            default:
                if (e > 0x20 && e < 0x7f)
                    fail_at(lx, p, "escape sequence '\\%c' is not supported: use \\n \\t "
                            "\\\\ \\' or \\\"", e);
                else
                    fail_at(lx, p, "escape sequence is not supported: use \\n \\t \\\\ "
                            "\\' or \\\"");
                goto out;
            }
            p++;
        }
        il_buf_putc(&b, c);
        p++;
    }
    if (fstr) {
        flush_ftext(lx, &b, tline, tcol, toff);
        size_t close = p - (triple ? 3 : 1);
        il_token *fe = emit(lx, IL_T_FEND, close, triple ? 3 : 1);
        fe->str = "";
        lx->out->items[fstart].len = p - fprefix;
        lx->pos = p;
        goto out;
    }
    il_token *tok = push(lx, IL_T_STR, line, col, s, p - s);
    lx->line_has_tokens = 1;
    file_pos(lx, p, &lx->end_line, &lx->end_col);
    tok->str = il_arena_strndup(lx->a, b.data ? b.data : "", b.len);
    lx->pos = p;
out:
    il_buf_free(&b);
}

static void lex_operator(lexer *lx)
{
    size_t s = lx->pos, best_len = 0;
    il_tok_kind best = IL_T_ERROR;
    for (int k = IL_T_FIRST_OP; k <= IL_T_LAST_OP; k++) {
        size_t l = strlen(spellings[k]);
        if (l > best_len && l <= lx->n - s && memcmp(lx->t + s, spellings[k], l) == 0) {
            best = (il_tok_kind)k;
            best_len = l;
        }
    }
    if (best_len == 0) {
        bad_char(lx, s);
        return;
    }
    if (best == IL_T_LPAREN || best == IL_T_LBRACKET || best == IL_T_LBRACE) {
        bracket b = {0, 0, lx->t[s]};
        file_pos(lx, s, &b.line, &b.col);
        IL_VEC_PUSH(lx->brackets, b);
    } else if ((best == IL_T_RPAREN || best == IL_T_RBRACKET || best == IL_T_RBRACE) &&
               lx->brackets.len > 0) {
        lx->brackets.len--; /* a mismatch is the parser's to report */
    }
    emit(lx, best, s, best_len);
    lx->pos = s + best_len;
}

/* One step of the main loop: whitespace, a comment, a line break, or a token. */
static void lex_step(lexer *lx, int *at_line_start)
{
    char c = lx->t[lx->pos];
    if (c == ' ' || c == '\t') {
        lx->pos++;
    } else if (c == '#') {
        skip_comment(lx);
    } else if (is_eol(c)) {
        int logical = lx->mode != IL_LEX_EXPR && lx->brackets.len == 0;
        if (logical && lx->line_has_tokens) {
            emit_at_end(lx, IL_T_NEWLINE);
            lx->line_has_tokens = 0;
        }
        newline(lx);
        *at_line_start = logical;
    } else if (c == '\\') {
        /* Backslash continuation: the next line joins this one. Only after a
         * token, so an indented line always holds one (no empty blocks). */
        size_t q = lx->pos + 1;
        if (!lx->line_has_tokens) {
            fail_at(lx, lx->pos, "unexpected character '\\': a line continuation must "
                    "follow something on its line");
        } else if (q < lx->n && is_eol(lx->t[q])) {
            lx->pos = q;
            newline(lx);
        } else if (q >= lx->n) {
            lx->pos = q;
        } else {
            fail_at(lx, lx->pos, "unexpected character '\\': a backslash continues a "
                    "line only as its last character");
        }
    } else if (is_digit(c)) {
        lex_number(lx);
    } else if (c == '.' && lx->pos + 1 < lx->n && is_digit(lx->t[lx->pos + 1])) {
        if (lx->mode == IL_LEX_MODULE) lex_float(lx);
        else fail_at(lx, lx->pos, "floats are not supported: values are 64-bit integers");
    } else if (is_alpha(c)) {
        lex_name(lx);
    } else if (c == '\'' || c == '"') {
        lex_string(lx, SIZE_MAX);
    } else {
        lex_operator(lx);
    }
}

void il_lex_tokenize(il_tokens *out, il_arena *a, const char *text, size_t len,
                     const il_srcmap *map, il_lex_mode mode)
{
    static const il_srcmap whole_file = {1, 1, 1};
    lexer lx = {0};
    out->items = NULL;
    out->len = out->cap = 0;
    lx.out = out;
    lx.a = a;
    lx.t = text ? text : "";
    lx.n = text ? len : 0;
    lx.map = map ? *map : whole_file;
    lx.mode = mode;
    lx.end_line = lx.map.line0;
    lx.end_col = lx.map.col0;
    IL_VEC_PUSH(lx.indents, (size_t)0);

    int at_line_start = mode != IL_LEX_EXPR;
    while (!lx.failed) {
        if (at_line_start) {
            begin_line(&lx);
            at_line_start = 0;
            if (lx.failed) break;
        }
        if (lx.pos >= lx.n) break;
        lex_step(&lx, &at_line_start);
    }
    if (!lx.failed) {
        if (lx.brackets.len > 0) {
            const bracket *b = &lx.brackets.items[lx.brackets.len - 1];
            fail_pos(&lx, b->line, b->col, "'%c' was never closed", b->c);
        } else {
            if (mode != IL_LEX_EXPR) {
                if (lx.line_has_tokens) emit_at_end(&lx, IL_T_NEWLINE);
                for (; lx.indents.len > 1; lx.indents.len--) emit_at_end(&lx, IL_T_DEDENT);
            }
            emit_at_end(&lx, IL_T_END);
        }
    }
    il_free(lx.indents.items);
    il_free(lx.brackets.items);
}

void il_lex_free(il_tokens *t)
{
    il_free(t->items);
    t->items = NULL;
    t->len = t->cap = 0;
}
