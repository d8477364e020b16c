/* suite.c - JUnit XML and TAP 13 writers for `check` (see suite.h).
 * One escaping routine serves every context, so that no string reaches a
 * report without passing through it: a program name or printed line can
 * hold any character, and one bad byte makes a whole XML report unreadable
 * to the CI server. */
#include "suite.h"

#include <string.h>

typedef enum ctx {
    XML_TEXT,   /* element content */
    XML_ATTR,   /* inside a double-quoted attribute */
    YAML_DQ,    /* inside a double-quoted YAML scalar */
    YAML_BLOCK, /* one line of a literal block scalar */
    TAP_DESC    /* a TAP test description (after "ok N - ") */
} ctx;

/* Length of the valid UTF-8 sequence at p (1 to 4), or 0 when it is not
 * one. U+FFFE and U+FFFF are refused too: XML 1.0 does not allow them. */
static size_t utf8_len(const unsigned char *p)
{
    if (p[0] < 0x80) return 1;
#define CONT(i) ((p[i] & 0xC0) == 0x80)
    if (p[0] >= 0xC2 && p[0] <= 0xDF) return CONT(1) ? 2 : 0;
    if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        if (p[0] == 0xE0 && !(p[1] >= 0xA0 && p[1] <= 0xBF)) return 0;
        if (p[0] == 0xED && !(p[1] >= 0x80 && p[1] <= 0x9F)) return 0; /* surrogates */
        if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) return 0;
        return CONT(1) && CONT(2) ? 3 : 0;
    }
    if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        if (p[0] == 0xF0 && !(p[1] >= 0x90 && p[1] <= 0xBF)) return 0;
        if (p[0] == 0xF4 && !(p[1] >= 0x80 && p[1] <= 0x8F)) return 0;
        return CONT(1) && CONT(2) && CONT(3) ? 4 : 0;
    }
#undef CONT
    return 0;
}

/* The escape for one ASCII character in context c, or NULL to copy it. */
static const char *escape_of(unsigned char ch, ctx c)
{
    switch (c) {
    case XML_TEXT:
    case XML_ATTR:
        if (ch == '&') return "&amp;";
        if (ch == '<') return "&lt;";
        if (ch == '>') return "&gt;";
        if (c == XML_TEXT) return ch == '\r' ? "&#13;" : NULL;
        if (ch == '"') return "&quot;";
        if (ch == '\n') return "&#10;";
        if (ch == '\t') return "&#9;";
        if (ch == '\r') return "&#13;";
        return NULL;
    case YAML_DQ:
        if (ch == '"') return "\\\"";
        if (ch == '\\') return "\\\\";
        if (ch == '\n') return "\\n";
        if (ch == '\t') return "\\t";
        return NULL;
    case YAML_BLOCK:
        return NULL;
    case TAP_DESC:
        if (ch == '#') return "\\#"; /* else it would start a directive */
        if (ch == '\\') return "\\\\";
        return NULL;
    }
    return NULL;
}

/* May ch appear as itself (after escape_of) in context c? */
static int allowed(unsigned char ch, ctx c)
{
    if (ch >= 0x20 && ch != 0x7f) return 1;
    if (ch == '\t') return c != TAP_DESC;
    if (ch == '\n' || ch == '\r') return c == XML_TEXT || c == XML_ATTR || c == YAML_DQ;
    return 0;
}

/* The first len bytes of s (a line of a longer text), escaped for c. */
static void put_n(FILE *out, const char *s, size_t len, ctx c)
{
    const unsigned char *p = (const unsigned char *)(s ? s : ""), *end = p + (s ? len : 0);
    while (p < end) {
        size_t n = utf8_len(p);
        if (n > 1) {
            fwrite(p, 1, n, out);
            p += n;
            continue;
        }
        const char *e = n == 1 ? escape_of(*p, c) : NULL;
        if (e) fputs(e, out);
        else if (n == 1 && allowed(*p, c)) putc(*p, out);
        else fprintf(out, "\\x%02x", (unsigned)*p); /* a YAML escape too */
        p++;
    }
}

static void put(FILE *out, const char *s, ctx c) { put_n(out, s, s ? strlen(s) : 0, c); }

/* ---- JUnit ------------------------------------------------------------------ */

void cli_suite_junit(FILE *out, const cli_case *cases, size_t n)
{
    size_t failures = 0, errors = 0;
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        failures += cases[i].status == CLI_CASE_FAIL;
        errors += cases[i].status == CLI_CASE_ERROR;
        total += cases[i].seconds;
    }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out, "<testsuites name=\"interleave check\" tests=\"%zu\" failures=\"%zu\" "
                 "errors=\"%zu\" time=\"%.3f\">\n", n, failures, errors, total);
    fprintf(out, "  <testsuite name=\"interleave check\" tests=\"%zu\" failures=\"%zu\" "
                 "errors=\"%zu\" skipped=\"0\" time=\"%.3f\">\n", n, failures, errors, total);
    for (size_t i = 0; i < n; i++) {
        const cli_case *c = &cases[i];
        fputs("    <testcase classname=\"interleave\" name=\"", out);
        put(out, c->name, XML_ATTR);
        fputs("\" file=\"", out);
        put(out, c->file, XML_ATTR);
        fprintf(out, "\" time=\"%.3f\"", c->seconds > 0 ? c->seconds : 0.0);
        if (c->status == CLI_CASE_PASS) {
            fputs("/>\n", out);
            continue;
        }
        /* failure: an expectation does not hold; error: the program could
         * not be checked at all (JUnit's own distinction). */
        const char *tag = c->status == CLI_CASE_FAIL ? "failure" : "error";
        fprintf(out, ">\n      <%s message=\"", tag);
        put(out, c->message, XML_ATTR);
        fprintf(out, "\" type=\"%s\">", c->status == CLI_CASE_FAIL ? "expect" : "bad input");
        put(out, c->detail ? c->detail : c->message, XML_TEXT);
        fprintf(out, "</%s>\n    </testcase>\n", tag);
    }
    fputs("  </testsuite>\n</testsuites>\n", out);
}

/* ---- TAP ---------------------------------------------------------------------- */

void cli_suite_tap_plan(FILE *out, size_t n)
{
    fprintf(out, "TAP version 13\n1..%zu\n", n);
}

void cli_suite_tap_case(FILE *out, size_t number, const cli_case *c)
{
    fprintf(out, "%s %zu - ", c->status == CLI_CASE_PASS ? "ok" : "not ok", number);
    put(out, c->name, TAP_DESC);
    putc('\n', out);
    if (c->status == CLI_CASE_PASS) return;
    /* The YAML diagnostic block of TAP 13, indented two spaces. */
    fputs("  ---\n  message: \"", out);
    put(out, c->message, YAML_DQ);
    fprintf(out, "\"\n  severity: %s\n  file: \"", c->status == CLI_CASE_FAIL ? "fail" : "error");
    put(out, c->file, YAML_DQ);
    fputs("\"\n", out);
    if (c->detail && *c->detail) {
        fputs("  diff: |\n", out);
        const char *s = c->detail;
        while (*s) {
            const char *nl = strchr(s, '\n');
            size_t len = nl ? (size_t)(nl - s) : strlen(s);
            fputs("    ", out);
            put_n(out, s, len, YAML_BLOCK);
            putc('\n', out);
            s += len + (nl != NULL);
        }
    }
    fputs("  ...\n", out);
}
