/* test_report.c - the reporters on hand-built programs and results: the JSON
 * text is compared byte for byte (it is a contract, cli.md), the human text
 * by its layout and key lines. No loader, compiler or explorer involved. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "report.h"

/* Two shared decls in file order: an int and a list of two. */
static il_shared_decl decls[2] = {
    {.name = "x", .size = 1},
    {.name = "forks", .is_list = 1, .size = 2},
};

static il_program program(void)
{
    il_program p;
    memset(&p, 0, sizeof p);
    p.name = "demo";
    p.nshared = 2;
    p.shared = decls;
    return p;
}

/* Renders through a memstream, as the CLI renders to stdout. */
static char *json(const il_program *p, const il_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    il_report_json(f, p, r);
    fclose(f);
    return buf;
}

static char *human(const il_program *p, const il_result *r, int color)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    il_report_human(f, p, r, color);
    fclose(f);
    return buf;
}

/* The data every test below shares: one outcome of each status, a deadlock
 * with two blocked threads and one error finding. */
static const char *out_ok[] = {"1", "1"};
static const int64_t final_ok[] = {1, 0, 1};
static const int64_t final_err[] = {2, -1, 1};
static const int64_t final_dl[] = {0, 1, 1};
static il_error_info err_info[] = {{"t1", 5, "AssertionError", "x was 1", 0}};
static il_outcome outcomes[] = {
    {.status = IL_STATUS_OK, .noutput = 2, .output = out_ok, .final = final_ok,
     .count = "20", .share = 20.0 / 70},
    {.status = IL_STATUS_ERROR, .noutput = 1, .output = out_ok, .final = final_err,
     .nerrors = 1, .errors = err_info, .count = "30", .share = 30.0 / 70},
    {.status = IL_STATUS_DEADLOCK, .final = final_dl, .count = "20",
     .share = 20.0 / 70},
};
static il_blocked blocked[] = {
    {"t1", 8, "lock n", "lock n held by t2"},
    {"t2", 12, "lock m", NULL},
};
static il_deadlock deadlocks[] = {{.nblocked = 2, .blocked = blocked}};
static il_finding_error findings[] = {{.info = {"t1", 5, "AssertionError", "x was 1"}}};

static il_result full_result(void)
{
    il_result r = {
        .program = "demo", .complete = 1, .total = "70",
        .noutcomes = 3, .outcomes = outcomes,
        .ndeadlocks = 1, .deadlocks = deadlocks,
        .nerrors = 1, .errors = findings,
        .states = 47, .transitions = 84, .seconds = 0.0126,
    };
    return r;
}

Test(report, json_full)
{
    il_program p = program();
    il_result r = full_result();
    char *s = json(&p, &r);
    cr_assert_str_eq(s,
        "{\n"
        "  \"program\": \"demo\",\n"
        "  \"complete\": true,\n"
        "  \"interleavings\": \"70\",\n"
        "  \"outcomes\": [\n"
        "    {\n"
        "      \"status\": \"ok\",\n"
        "      \"output\": [\"1\", \"1\"],\n"
        "      \"final\": {\"x\": 1, \"forks\": [0, 1]},\n"
        "      \"interleavings\": \"20\"\n"
        "    },\n"
        "    {\n"
        "      \"status\": \"error\",\n"
        "      \"output\": [\"1\"],\n"
        "      \"final\": {\"x\": 2, \"forks\": [-1, 1]},\n"
        "      \"interleavings\": \"30\",\n"
        "      \"errors\": [\"t1: AssertionError at line 5\"]\n"
        "    },\n"
        "    {\n"
        "      \"status\": \"deadlock\",\n"
        "      \"output\": [],\n"
        "      \"final\": {\"x\": 0, \"forks\": [1, 1]},\n"
        "      \"interleavings\": \"20\"\n"
        "    }\n"
        "  ],\n"
        "  \"deadlocks\": [\n"
        "    {\n"
        "      \"blocked\": [\n"
        "        {\"thread\": \"t1\", \"line\": 8, \"waiting_for\": \"lock n\"},\n"
        "        {\"thread\": \"t2\", \"line\": 12, \"waiting_for\": \"lock m\"}\n"
        "      ],\n"
        "      \"trace\": null\n"
        "    }\n"
        "  ],\n"
        "  \"races\": [],\n"
        "  \"errors\": [\n"
        "    {\n"
        "      \"thread\": \"t1\",\n"
        "      \"line\": 5,\n"
        "      \"kind\": \"AssertionError\",\n"
        "      \"message\": \"x was 1\",\n"
        "      \"trace\": null\n"
        "    }\n"
        "  ],\n"
        "  \"stats\": {\n"
        "    \"states\": 47,\n"
        "    \"transitions\": 84,\n"
        "    \"bytes_per_state\": 0,\n"
        "    \"mode\": \"full\",\n"
        "    \"seconds\": 0.013\n"
        "  }\n"
        "}\n");
    free(s);
}

Test(report, json_empty_and_incomplete)
{
    il_program p = program();
    il_result r = {
        .program = "demo", .complete = 0, .stopped_by = "--max-states",
        .total = "0", .states = 100000, .transitions = 250000, .seconds = 1.5,
    };
    char *s = json(&p, &r);
    cr_assert_str_eq(s,
        "{\n"
        "  \"program\": \"demo\",\n"
        "  \"complete\": false,\n"
        "  \"stopped_by\": \"--max-states\",\n"
        "  \"interleavings\": \"0\",\n"
        "  \"outcomes\": [],\n"
        "  \"deadlocks\": [],\n"
        "  \"races\": [],\n"
        "  \"errors\": [],\n"
        "  \"stats\": {\n"
        "    \"states\": 100000,\n"
        "    \"transitions\": 250000,\n"
        "    \"bytes_per_state\": 0,\n"
        "    \"mode\": \"full\",\n"
        "    \"seconds\": 1.500\n"
        "  }\n"
        "}\n");
    free(s);
}

Test(report, json_escapes_strings)
{
    /* Quotes, backslash, the short escapes, other control bytes as \u00xx,
     * UTF-8 passed through; names and messages go through the same path. */
    static const char *weird[] = {"say \"hi\"\n", "a\\b\tc\r", "\x01\x1f\x7f", "",
                                  "caf\xc3\xa9"};
    static const int64_t fin[] = {0, 0, 0};
    il_outcome o = {.status = IL_STATUS_OK, .noutput = 5, .output = weird,
                    .final = fin, .count = "1", .share = 1};
    il_finding_error e = {.info = {"t1", 3, "ValueError", "bad \"value\"\n\b\f"}};
    il_program p = program();
    p.name = "file name";
    il_result r = {.program = "q\"uote", .complete = 1, .total = "1",
                   .noutcomes = 1, .outcomes = &o, .nerrors = 1, .errors = &e};
    char *s = json(&p, &r);
    cr_assert(strstr(s, "  \"program\": \"q\\\"uote\",\n") != NULL, "%s", s);
    cr_assert(strstr(s, "      \"output\": [\"say \\\"hi\\\"\\n\", \"a\\\\b\\tc\\r\", "
                        "\"\\u0001\\u001f\x7f\", \"\", \"caf\xc3\xa9\"],\n") != NULL,
              "%s", s);
    cr_assert(strstr(s, "      \"message\": \"bad \\\"value\\\"\\n\\b\\f\",\n") != NULL,
              "%s", s);
    free(s);
}

Test(report, names_escaped_for_terminal_and_json)
{
    /* A program name holding ESC, CR, DEL, a C1 control (U+009B, CSI),
     * UTF-8 and a byte that is not UTF-8 (a file name's): the human header
     * shows \xHH for what a terminal would act on, JSON keeps the text as
     * json.dumps(ensure_ascii=False) does and turns the bad byte into
     * Python's surrogateescape \udcff. Output cells are escaped the same. */
    static const char *weird[] = {"\xc2\x9b" "2J", "\xff"};
    static const int64_t fin[] = {0, 0, 0};
    il_outcome o = {.status = IL_STATUS_OK, .noutput = 2, .output = weird,
                    .final = fin, .count = "1", .share = 1};
    il_program p = program();
    il_result r = {.program = "a\x1b[31m\r\x7f\xc2\x9b\xc3\xa9\\\xff", .complete = 1, .total = "1",
                   .noutcomes = 1, .outcomes = &o};
    char *s = human(&p, &r, 0);
    cr_assert(strncmp(s, "a\\x1b[31m\\x0d\\x7f\\x9b\xc3\xa9\\\\\\xff: 1 interleaving", 40) == 0, "%s", s);
    cr_assert(strstr(s, "\"\\x9b2J\" \"\\xff\"") != NULL, "%s", s);
    cr_assert(strchr(s, '\x1b') == NULL && strstr(s, "\xc2\x9b") == NULL, "%s", s);
    free(s);
    s = json(&p, &r);
    cr_assert(strstr(s, "  \"program\": \"a\\u001b[31m\\r\x7f\xc2\x9b\xc3\xa9\\\\\\udcff\",\n") != NULL,
              "%s", s);
    free(s);
}

Test(report, json_no_shared_and_infinite)
{
    il_program p = program();
    p.nshared = 0;
    il_outcome o = {.status = IL_STATUS_OK, .count = "infinite"};
    il_result r = {.program = "spin", .complete = 1, .total = "infinite",
                   .noutcomes = 1, .outcomes = &o};
    char *s = json(&p, &r);
    cr_assert(strstr(s, "  \"interleavings\": \"infinite\",\n") != NULL, "%s", s);
    cr_assert(strstr(s, "      \"final\": {},\n      \"interleavings\": \"infinite\"\n")
                  != NULL, "%s", s);
    free(s);
}

Test(report, json_is_deterministic)
{
    il_program p = program();
    il_result r = full_result();
    char *a = json(&p, &r), *b = json(&p, &r);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
}

Test(report, human_layout)
{
    il_program p = program();
    il_result r = full_result();
    char *s = human(&p, &r, 0);
    cr_assert_str_eq(s,
        "demo: 70 interleavings, 3 outcomes (47 states, 84 transitions, 0.01 s)\n"
        "\n"
        "  outcome  interleavings       %  status    output  final\n"
        "  1                   20  28.57%  ok        1 1     x=1 forks=[0,1]\n"
        "  2                   30  42.86%  error     1       x=2 forks=[-1,1]\n"
        "           errors: t1: AssertionError at line 5\n"
        "  3                   20  28.57%  deadlock  -       x=0 forks=[1,1]\n"
        "\n"
        "deadlock reachable:\n"
        "  t1 at line 8 waits for lock n held by t2\n"
        "  t2 at line 12 waits for lock m\n"
        "error reachable: t1: AssertionError at line 5: x was 1\n");
    cr_assert(strchr(s, '\033') == NULL, "no colour unless asked");
    free(s);
}

Test(report, human_clean_and_incomplete)
{
    il_program p = program();
    il_outcome o = {.status = IL_STATUS_OK, .noutput = 2, .output = out_ok,
                    .final = final_ok, .count = "1", .share = 1};
    il_result r = {.program = "demo", .complete = 0, .stopped_by = "--max-states",
                   .total = "1", .noutcomes = 1, .outcomes = &o, .races_checked = 1,
                   .states = 3, .transitions = 2};
    char *s = human(&p, &r, 0);
    cr_assert(strncmp(s, "demo: 1 interleaving, 1 outcome (3 states", 41) == 0, "%s", s);
    cr_assert(strstr(s, "  1                    1  100.00%  ok      1 1     x=1 forks=[0,1]\n")
                  != NULL, "%s", s);
    cr_assert(strstr(s, "\nno deadlocks, no races, no errors\n") != NULL, "%s", s);
    const char *tail = "INCOMPLETE: stopped by --max-states; "
                       "the counts cover only the explored part\n";
    size_t n = strlen(s), t = strlen(tail);
    cr_assert(n > t && strcmp(s + n - t, tail) == 0, "INCOMPLETE is the last line: %s", s);
    free(s);
}

Test(report, human_quotes_ambiguous_output)
{
    static const char *items[] = {"a b", "", "-", "tab\there", "plain", "\"q\""};
    il_outcome o = {.status = IL_STATUS_OK, .noutput = 6, .output = items,
                    .final = final_ok, .count = "infinite"};
    il_program p = program();
    il_result r = {.program = "demo", .complete = 1, .total = "infinite",
                   .noutcomes = 1, .outcomes = &o};
    char *s = human(&p, &r, 0);
    cr_assert(strstr(s, "demo: infinite interleavings, 1 outcome") != NULL, "%s", s);
    /* An infinite count has no percentage. */
    cr_assert(strstr(s, "  1             infinite  -  ok      "
                        "\"a b\" \"\" \"-\" \"tab\\there\" plain \"\\\"q\\\"\"  x=1")
                  != NULL, "%s", s);
    free(s);
}

Test(report, human_color)
{
    il_program p = program();
    il_result r = full_result();
    char *s = human(&p, &r, 1);
    cr_assert(strstr(s, "\033[32mok\033[0m        1 1") != NULL, "ok is green and "
              "padding ignores escapes: %s", s);
    cr_assert(strstr(s, "\033[31mdeadlock\033[0m  -") != NULL, "%s", s);
    cr_assert(strstr(s, "\033[31merror\033[0m ") != NULL, "%s", s);
    cr_assert(strstr(s, "  \033[1moutcome  interleavings") != NULL, "header bold: %s", s);
    free(s);
}

Test(report, human_no_outcomes)
{
    il_program p = program();
    il_result r = {.program = "demo", .complete = 1, .total = "0"};
    char *s = human(&p, &r, 0);
    cr_assert(strstr(s, "0 interleavings, 0 outcomes") != NULL, "%s", s);
    cr_assert(strstr(s, "(no outcome reached)") != NULL, "%s", s);
    free(s);
}

/* The race lines of a human report, in order. */
static char *race_lines(const il_program *p, const il_result *r, int all)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    il_report_human_races(f, p, r, 0, all);
    fclose(f);
    il_buf b = {0};
    il_buf_puts(&b, "");
    for (char *l = buf; (l = strstr(l, "race on ")) != NULL; ) {
        char *e = strchr(l, '\n');
        il_buf_printf(&b, "%.*s\n", (int)(e - l), l);
        l = e;
    }
    free(buf);
    return b.data;
}

/* Six instances: 75 races, one line per location and pair of source lines. */
Test(report, races_grouped_by_source_lines)
{
    th_run *t = th_explore("shared:\n  x: 0\nthreads:\n  t:\n    count: 6\n    body: |\n"
                           "      a = x\n      a = a + 1\n      x = a\n      print(x)\n");
    cr_assert_eq(t->r->nraces, 75);
    char *s = race_lines(t->p, t->r, 0);
    cr_assert_str_eq(s,
        "race on x: t0..t5, any two, either way round (15 thread pairs): one reads it at "
        "line 7, the other writes it at line 9, with nothing ordering them\n"
        "race on x: t0..t5, any two (15 thread pairs): each writes it at line 9, with "
        "nothing ordering them\n"
        "race on x: t0..t5, any two, either way round (15 thread pairs): one writes it at "
        "line 9, the other reads it at line 10, with nothing ordering them\n");
    free(s);
    s = race_lines(t->p, t->r, 1); /* --races=all: every pair, as the JSON has them */
    size_t n = 0;
    for (char *l = s; (l = strchr(l, '\n')) != NULL; l++) n++;
    cr_assert_eq(n, 75, "%s", s);
    cr_assert(strncmp(s, "race on x: t0 reads it at line 7, t1 writes it at line 9, with "
                         "nothing ordering them\n", 84) == 0, "%s", s);
    free(s);
    th_free(t);
}

/* Message passing through a plain flag: both data and flag race (D22), and
 * the line says why the flag does not order the data. */
Test(report, races_message_passing)
{
    th_run *t = th_explore("shared: {data: 0, flag: 0}\nthreads:\n  t1: |\n    data = 42\n"
                           "    flag = 1\n  t2: |\n    while flag == 0:\n        pass\n"
                           "    print(data)\n");
    char *s = race_lines(t->p, t->r, 0);
    cr_assert_str_eq(s,
        "race on data: t1 writes it at line 4, t2 reads it at line 9, ordered only by "
        "plain variable flag, which is no synchronisation\n"
        "race on flag: t1 writes it at line 5, t2 reads it at line 7, with nothing "
        "ordering them\n");
    free(s);
    th_free(t);
}

/* Not every pair of a group: the pairs are listed, the first named making
 * the first access; past six, how many more. */
Test(report, races_grouped_list)
{
    static const char *names[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    il_race races[8];
    for (int i = 0; i < 8; i++)
        races[i] = (il_race){.location = "x", .first = {names[i], 3, 1},
                             .second = {i % 2 ? names[(i + 1) % 8] : "z", 5, 0}};
    /* the sides swap into line order: "z" reads at 5 first in thread order */
    races[0] = (il_race){.location = "x", .first = {"a", 5, 0}, .second = {"z", 3, 1}};
    il_program p = program();
    il_result r = {.program = "demo", .complete = 1, .total = "1", .nraces = 8,
                   .races = races, .races_checked = 1};
    char *s = race_lines(&p, &r, 0);
    cr_assert_str_eq(s,
        "race on x: z and a, b and c, c and z, d and e, e and z, f and g and 2 more "
        "(8 thread pairs): the first writes it at line 3, the second reads it at line 5, "
        "with nothing ordering them\n");
    free(s);
    r.nraces = 1;
    s = race_lines(&p, &r, 0);
    cr_assert_str_eq(s, "race on x: a reads it at line 5, z writes it at line 3, with nothing "
                        "ordering them\n");
    free(s);
}

/* Two threads outside a count: group, each reading at one line and writing
 * at the other (an executor's workers): the pair is named once. */
Test(report, races_both_ways_named_once)
{
    il_race races[4] = {
        {.location = "v", .first = {"w0", 10, 0}, .second = {"w1", 12, 1}},
        {.location = "v", .first = {"w1", 10, 0}, .second = {"w0", 12, 1}},
        {.location = "v", .first = {"w0", 10, 0}, .second = {"w2", 12, 1}},
        {.location = "v", .first = {"w2", 10, 0}, .second = {"w0", 12, 1}},
    };
    il_program p = program();
    il_result r = {.program = "demo", .complete = 1, .total = "1", .nraces = 4,
                   .races = races, .races_checked = 1};
    char *s = race_lines(&p, &r, 0);
    cr_assert_str_eq(s,
        "race on v: w0 and w1, w0 and w2, either way round (2 thread pairs): one reads it at "
        "line 10, the other writes it at line 12, with nothing ordering them\n");
    free(s);
    r.nraces = 3; /* w2 reads, w0 writes is missing: listed as they are */
    s = race_lines(&p, &r, 0);
    cr_assert_str_eq(s,
        "race on v: w0 and w1, w1 and w0, w0 and w2 (2 thread pairs): the first reads it at "
        "line 10, the second writes it at line 12, with nothing ordering them\n");
    free(s);
}
