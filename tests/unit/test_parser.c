/* test_parser.c - unit tests of the parser: AST shapes (compared as compact
 * s-expressions, so one assertion checks a whole tree), file positions of
 * statements and expressions, and the exact text and FILE:LINE:COL of the
 * errors, including the ones for Python syntax the subset leaves out. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "parser.h"

/* ---- AST rendering: (op a b), (call obj.f args kw=v), {stmt; stmt} ---- */

static const char *const ps_ops[] = {"+", "-", "*", "//", "%", "/", "and", "or",
                                     "==", "!=", "<", "<=", ">", ">=", "neg", "not", "pos"};

static void ps_expr(il_buf *b, const il_expr *e)
{
    switch (e->kind) {
    case IL_E_INT: il_buf_printf(b, "%" PRId64, e->u.ival); break;
    case IL_E_FLOAT: il_buf_printf(b, "%" PRId64 "f", e->u.ival); break; /* rounded up */
    case IL_E_STR: il_buf_printf(b, "\"%s\"", e->u.str); break;
    case IL_E_NAME: il_buf_puts(b, e->u.name); break;
    case IL_E_INDEX:
        il_buf_puts(b, "(idx ");
        ps_expr(b, e->u.index.base);
        il_buf_putc(b, ' ');
        ps_expr(b, e->u.index.index);
        il_buf_putc(b, ')');
        break;
    case IL_E_UNARY:
        il_buf_printf(b, "(%s ", ps_ops[e->u.unary.op]);
        ps_expr(b, e->u.unary.operand);
        il_buf_putc(b, ')');
        break;
    case IL_E_BINARY:
        il_buf_printf(b, "(%s ", ps_ops[e->u.binary.op]);
        ps_expr(b, e->u.binary.lhs);
        il_buf_putc(b, ' ');
        ps_expr(b, e->u.binary.rhs);
        il_buf_putc(b, ')');
        break;
    case IL_E_COMPARE:
        il_buf_puts(b, "(cmp ");
        for (int i = 0; i < e->u.compare.n; i++) {
            if (i) il_buf_printf(b, " %s ", ps_ops[e->u.compare.ops[i - 1]]);
            ps_expr(b, e->u.compare.operands[i]);
        }
        il_buf_putc(b, ')');
        break;
    case IL_E_CALL:
        il_buf_puts(b, "(call ");
        if (e->u.call.prefix) il_buf_printf(b, "%s:", e->u.call.prefix);
        if (e->u.call.object) il_buf_printf(b, "%s.", e->u.call.object);
        il_buf_puts(b, e->u.call.func);
        for (int i = 0; i < e->u.call.nargs; i++) {
            il_buf_putc(b, ' ');
            ps_expr(b, e->u.call.args[i]);
        }
        for (int i = 0; i < e->u.call.nkw; i++) {
            il_buf_printf(b, " %s=", e->u.call.kwnames[i]);
            ps_expr(b, e->u.call.kwargs[i]);
        }
        il_buf_putc(b, ')');
        break;
    case IL_E_LIST:
    case IL_E_TUPLE:
        il_buf_putc(b, e->kind == IL_E_LIST ? '[' : '(');
        for (int i = 0; i < e->u.list.n; i++) {
            if (i) il_buf_putc(b, ' ');
            ps_expr(b, e->u.list.items[i]);
        }
        il_buf_putc(b, e->kind == IL_E_LIST ? ']' : ')');
        break;
    case IL_E_LISTCOMP:
        il_buf_puts(b, "(comp ");
        ps_expr(b, e->u.comp.elt);
        il_buf_putc(b, ' ');
        ps_expr(b, e->u.comp.var);
        il_buf_putc(b, ' ');
        ps_expr(b, e->u.comp.iter);
        il_buf_putc(b, ')');
        break;
    case IL_E_FORMAT: /* (fmt "text" {value !conv FILLALIGNSIGNGROUPWIDTH} ...), % for % */
        il_buf_puts(b, e->u.format.percent ? "(fmt%" : "(fmt");
        for (int i = 0; i < e->u.format.n; i++) {
            const il_fmt_part *pt = &e->u.format.parts[i];
            if (pt->text) {
                il_buf_printf(b, " \"%s\"", pt->text);
                continue;
            }
            const il_fmt_spec *sp = &pt->spec;
            il_buf_puts(b, " {");
            ps_expr(b, pt->value);
            if (sp->conv) il_buf_printf(b, " !%c", sp->conv);
            if (sp->fill[0] || sp->align || sp->sign || sp->group || sp->width) {
                il_buf_printf(b, " %s", sp->fill);
                if (sp->align) il_buf_putc(b, sp->align);
                if (sp->sign) il_buf_putc(b, sp->sign);
                if (sp->group) il_buf_putc(b, sp->group);
                if (sp->width) il_buf_printf(b, "%d", sp->width);
            }
            il_buf_putc(b, '}');
        }
        il_buf_putc(b, ')');
        break;
    }
}

static void ps_stmts(il_buf *b, const il_stmt *s);

static void ps_block(il_buf *b, const il_stmt *s)
{
    il_buf_putc(b, '{');
    ps_stmts(b, s);
    il_buf_putc(b, '}');
}

static void ps_stmt(il_buf *b, const il_stmt *s)
{
    switch (s->kind) {
    case IL_S_EXPR: ps_expr(b, s->u.expr); break;
    case IL_S_ASSIGN:
        il_buf_puts(b, "(= ");
        ps_expr(b, s->u.assign.target);
        il_buf_putc(b, ' ');
        ps_expr(b, s->u.assign.value);
        il_buf_putc(b, ')');
        break;
    case IL_S_AUGASSIGN:
        il_buf_printf(b, "(%s= ", ps_ops[s->u.aug.op]);
        ps_expr(b, s->u.aug.target);
        il_buf_putc(b, ' ');
        ps_expr(b, s->u.aug.value);
        il_buf_putc(b, ')');
        break;
    case IL_S_ASSERT:
        il_buf_puts(b, "(assert ");
        ps_expr(b, s->u.assert_.cond);
        if (s->u.assert_.msg) {
            il_buf_putc(b, ' ');
            ps_expr(b, s->u.assert_.msg);
        }
        il_buf_putc(b, ')');
        break;
    case IL_S_PASS: il_buf_puts(b, "pass"); break;
    case IL_S_BREAK: il_buf_puts(b, "break"); break;
    case IL_S_CONTINUE: il_buf_puts(b, "continue"); break;
    case IL_S_RETURN:
        il_buf_puts(b, "(return");
        if (s->u.ret.value) {
            il_buf_putc(b, ' ');
            ps_expr(b, s->u.ret.value);
        }
        il_buf_putc(b, ')');
        break;
    case IL_S_IF:
        il_buf_puts(b, s->u.if_.is_elif ? "(elif " : "(if ");
        ps_expr(b, s->u.if_.cond);
        il_buf_putc(b, ' ');
        ps_block(b, s->u.if_.body);
        if (s->u.if_.orelse) {
            il_buf_putc(b, ' ');
            if (s->u.if_.orelse->kind == IL_S_IF && s->u.if_.orelse->u.if_.is_elif)
                ps_stmt(b, s->u.if_.orelse);
            else
                ps_block(b, s->u.if_.orelse);
        }
        il_buf_putc(b, ')');
        break;
    case IL_S_WHILE:
        il_buf_puts(b, "(while ");
        ps_expr(b, s->u.while_.cond);
        il_buf_putc(b, ' ');
        ps_block(b, s->u.while_.body);
        il_buf_putc(b, ')');
        break;
    case IL_S_FOR:
        il_buf_puts(b, "(for ");
        ps_expr(b, s->u.for_.var);
        il_buf_putc(b, ' ');
        ps_expr(b, s->u.for_.iter);
        il_buf_putc(b, ' ');
        ps_block(b, s->u.for_.body);
        il_buf_putc(b, ')');
        break;
    case IL_S_WITH:
        il_buf_puts(b, "(with ");
        ps_expr(b, s->u.with.ctx);
        il_buf_putc(b, ' ');
        ps_block(b, s->u.with.body);
        il_buf_putc(b, ')');
        break;
    }
}

static void ps_stmts(il_buf *b, const il_stmt *s)
{
    for (; s; s = s->next) {
        ps_stmt(b, s);
        if (s->next) il_buf_puts(b, "; ");
    }
}

/* ---- fixtures ---- */

static il_arena ps_arena;
static il_diag ps_d;
static const il_srcmap ps_map1 = {1, 1, 1}; /* the text is the whole file */

static void ps_setup(void)
{
    il_arena_init(&ps_arena);
    il_diag_init(&ps_d, "f.yaml", NULL);
}

static void ps_teardown(void) { il_arena_free(&ps_arena); }

TestSuite(parser, .init = ps_setup, .fini = ps_teardown);

static il_stmt *ps_parse(const char *text, const il_srcmap *map)
{
    return il_parse_body(&ps_arena, text, strlen(text), map, &ps_d);
}

/* Parses a body that must be valid and compares its rendering. */
static void ps_ok(const char *text, const char *want)
{
    il_diag_init(&ps_d, "f.yaml", NULL);
    il_stmt *s = ps_parse(text, &ps_map1);
    cr_assert_not_null(s, "text: %s\nerror: %s", text, ps_d.first);
    cr_expect_eq(ps_d.errors, 0);
    il_buf b = {0};
    ps_stmts(&b, s);
    cr_expect_str_eq(b.data, want, "text: %s\ngot:  %s", text, b.data);
    il_buf_free(&b);
}

/* Same for one expression. */
static void ps_expr_ok(const char *text, const char *want)
{
    il_diag_init(&ps_d, "f.yaml", NULL);
    il_expr *e = il_parse_expr(&ps_arena, text, strlen(text), &ps_map1, &ps_d);
    cr_assert_not_null(e, "text: %s\nerror: %s", text, ps_d.first);
    il_buf b = {0};
    ps_expr(&b, e);
    cr_expect_str_eq(b.data, want, "text: %s", text);
    il_buf_free(&b);
}

/* Parses a body that must fail with exactly one message, `want` (all of
 * "f.yaml:LINE:COL: error: ..."). */
static void ps_err_map(const char *text, const il_srcmap *map, const char *want)
{
    il_diag_init(&ps_d, "f.yaml", NULL);
    il_stmt *s = ps_parse(text, map);
    cr_expect_null(s, "text: %s", text);
    cr_expect_eq(ps_d.errors, 1, "text: %s: %d errors", text, ps_d.errors);
    cr_expect_str_eq(ps_d.first, want, "text: %s", text);
}

static void ps_err(const char *text, const char *want) { ps_err_map(text, &ps_map1, want); }

static void ps_expr_err(const char *text, const char *want)
{
    il_diag_init(&ps_d, "f.yaml", NULL);
    il_expr *e = il_parse_expr(&ps_arena, text, strlen(text), &ps_map1, &ps_d);
    cr_expect_null(e, "text: %s", text);
    cr_expect_eq(ps_d.errors, 1);
    cr_expect_str_eq(ps_d.first, want, "text: %s", text);
}

static void ps_at(int line, int col, int want_line, int want_col, const char *what)
{
    cr_expect(line == want_line && col == want_col, "%s at %d:%d, want %d:%d", what, line,
              col, want_line, want_col);
}

/* ---- shapes ---- */

Test(parser, assignments)
{
    ps_ok("a = x\nx = a + 1\n", "(= a x); (= x (+ a 1))");
    ps_ok("a[i + 1] = 3\nforks[id] = forks[id] - 1\n",
          "(= (idx a (+ i 1)) 3); (= (idx forks id) (- (idx forks id) 1))");
    ps_ok("x += 1\nx -= 2\nx *= 3\nx //= 4\nx %= 5\na[0] += 1\n",
          "(+= x 1); (-= x 2); (*= x 3); (//= x 4); (%= x 5); (+= (idx a 0) 1)");
}

Test(parser, aug_assign_ops)
{
    il_stmt *s = ps_parse("x *= 2\nx //= 2\nx %= 2\n", &ps_map1);
    cr_assert_not_null(s);
    cr_expect_eq(s->kind, IL_S_AUGASSIGN);
    cr_expect_eq(s->u.aug.op, IL_OP_MUL);
    cr_expect_eq(s->next->u.aug.op, IL_OP_FLOORDIV);
    cr_expect_eq(s->next->next->u.aug.op, IL_OP_MOD);
}

Test(parser, precedence)
{
    ps_expr_ok("a or b and not c", "(or a (and b (not c)))");
    ps_expr_ok("a and b or c and d", "(or (and a b) (and c d))");
    ps_expr_ok("not a == b", "(not (cmp a == b))");
    ps_expr_ok("a + b * c - d // e % f", "(- (+ a (* b c)) (% (// d e) f))");
    ps_expr_ok("a - b - c", "(- (- a b) c)");
    ps_expr_ok("a * -b + +c", "(+ (* a (neg b)) (pos c))");
    ps_expr_ok("-x[i]", "(neg (idx x i))");
    ps_expr_ok("-m.acquire(False)", "(neg (call m.acquire 0))");
    ps_expr_ok("(a + b) * c", "(* (+ a b) c)");
    ps_expr_ok("a / b", "(/ a b)");
    ps_expr_ok("x + 1 > y and q.qsize() == 0 or e.is_set()",
               "(or (and (cmp (+ x 1) > y) (cmp (call q.qsize) == 0)) (call e.is_set))");
    ps_expr_ok("not not x", "(not (not x))");
    ps_expr_ok("- -x", "(neg (neg x))");
}

Test(parser, tuples)
{
    ps_expr_ok("(1, x)", "(1 x)");
    ps_expr_ok("(a,)", "(a)");
    ps_expr_ok("()", "()");
    ps_expr_ok("f(x, args=(lock, 3))", "(call f x args=(lock 3))");
}

Test(parser, chained_compare)
{
    ps_expr_ok("a < b <= c != d", "(cmp a < b <= c != d)");
    ps_expr_ok("0 <= i < n and a == b", "(and (cmp 0 <= i < n) (cmp a == b))");
    il_expr *e = il_parse_expr(&ps_arena, "a < b > c", 9, &ps_map1, &ps_d);
    cr_assert_not_null(e);
    cr_expect_eq(e->kind, IL_E_COMPARE);
    cr_expect_eq(e->u.compare.n, 3);
    cr_expect_eq(e->u.compare.ops[0], IL_OP_LT);
    cr_expect_eq(e->u.compare.ops[1], IL_OP_GT);
    cr_expect_str_eq(e->u.compare.operands[2]->u.name, "c");
}

Test(parser, literals)
{
    ps_expr_ok("[True, False, 0x10, 0o10, 0b10, 1_000]", "[1 0 16 8 2 1000]");
    ps_expr_ok("-5", "-5");
    ps_expr_ok("-(5)", "(neg 5)");
    ps_expr_ok("9223372036854775807", "9223372036854775807");
    ps_expr_ok("-9223372036854775808", "-9223372036854775808");
    ps_expr_ok("[]", "[]");
    ps_expr_ok("[1, 2,]", "[1 2]");
    ps_expr_ok("'a\\tb'", "\"a\tb\"");
}

Test(parser, int64_min)
{
    il_expr *e = il_parse_expr(&ps_arena, "-9223372036854775808", 20, &ps_map1, &ps_d);
    cr_assert_not_null(e);
    cr_expect_eq(e->kind, IL_E_INT);
    cr_expect_eq(e->u.ival, INT64_MIN);
    ps_err("x = 9223372036854775808\n",
           "f.yaml:1:5: error: integer literal out of 64-bit range");
    ps_err("x = -(9223372036854775808)\n",
           "f.yaml:1:7: error: integer literal out of 64-bit range");
    ps_err("x = -9223372036854775809\n",
           "f.yaml:1:6: error: integer literal out of 64-bit range");
}

Test(parser, calls)
{
    ps_ok("print(x, \"done\", end=1)\nsleep(2)\nm.acquire()\nok = m.acquire(timeout=t)\n"
          "t.start()\nq.put(x + 1)\nprint()\n",
          "(call print x \"done\" end=1); (call sleep 2); (call m.acquire); "
          "(= ok (call m.acquire timeout=t)); (call t.start); (call q.put (+ x 1)); "
          "(call print)");
    ps_ok("l = threading.Lock()\nq = queue.Queue(2)\nf(a, b,)\n",
          "(= l (call threading:Lock)); (= q (call queue:Queue 2)); (call f a b)");
    il_stmt *s = ps_parse("x = threading.Lock()\ny = m.acquire(False, timeout=3)\n", &ps_map1);
    cr_assert_not_null(s);
    const il_expr *c = s->u.assign.value;
    cr_expect_eq(c->kind, IL_E_CALL);
    cr_expect_null(c->u.call.object);
    cr_expect_str_eq(c->u.call.prefix, "threading");
    cr_expect_str_eq(c->u.call.func, "Lock");
    cr_expect_eq(c->u.call.nargs, 0);
    c = s->next->u.assign.value;
    cr_expect_str_eq(c->u.call.object, "m");
    cr_expect_null(c->u.call.prefix);
    cr_expect_str_eq(c->u.call.func, "acquire");
    cr_expect_eq(c->u.call.nargs, 1);
    cr_expect_eq(c->u.call.nkw, 1);
    cr_expect_str_eq(c->u.call.kwnames[0], "timeout");
    cr_expect_eq(c->u.call.kwargs[0]->u.ival, 3);
}

Test(parser, simple_statements)
{
    ps_ok("pass\nbreak\ncontinue\nreturn\nreturn x + 1\nassert x\nassert x == 1, \"bad\"\n",
          "pass; break; continue; (return); (return (+ x 1)); (assert x); "
          "(assert (cmp x == 1) \"bad\")");
    ps_ok("a = 1; b = 2;\nprint(a)\n", "(= a 1); (= b 2); (call print a)");
}

Test(parser, if_elif_else)
{
    const char *text = "if a:\n    x = 1\nelif b:\n    x = 2\nelif c:\n    pass\nelse:\n"
                       "    x = 3\n    y = 4\nz = 0\n";
    ps_ok(text, "(if a {(= x 1)} (elif b {(= x 2)} (elif c {pass} {(= x 3); (= y 4)}))); "
                "(= z 0)");
    il_stmt *s = ps_parse(text, &ps_map1);
    cr_assert_not_null(s);
    il_stmt *e1 = s->u.if_.orelse, *e2 = e1->u.if_.orelse;
    cr_expect_eq(s->u.if_.is_elif, 0);
    cr_expect_eq(e1->kind, IL_S_IF);
    cr_expect_eq(e1->u.if_.is_elif, 1);
    ps_at(e1->line, e1->col, 3, 1, "first elif");
    ps_at(e2->line, e2->col, 5, 1, "second elif");
    cr_expect_eq(e2->u.if_.orelse->kind, IL_S_ASSIGN);
    ps_at(e2->u.if_.orelse->line, e2->u.if_.orelse->col, 8, 5, "else body");
    ps_ok("if a:\n  pass\nelse:\n  pass\n", "(if a {pass} {pass})");
    ps_ok("if a:\n  pass\n", "(if a {pass})");
}

Test(parser, loops)
{
    ps_ok("for i in range(3):\n    print(i)\nfor v in [1, 2, x]:\n    s += v\n"
          "for k in range(1, n, 2):\n    pass\n",
          "(for i (call range 3) {(call print i)}); (for v [1 2 x] {(+= s v)}); "
          "(for k (call range 1 n 2) {pass})");
    ps_ok("while not done:\n    if x > 3:\n        break\n    continue\n",
          "(while (not done) {(if (cmp x > 3) {break}); continue})");
    ps_ok("while True:\n  pass\n", "(while 1 {pass})");
}

Test(parser, with_and_nesting)
{
    ps_ok("with m:\n    with c:\n        while not ready:\n            c.wait()\n"
          "        x = 1\n    y = 2\nm.release()\n",
          "(with m {(with c {(while (not ready) {(call c.wait)}); (= x 1)}); (= y 2)}); "
          "(call m.release)");
}

Test(parser, one_line_compound)
{
    ps_ok("if x: pass\n", "(if x {pass})");
    ps_ok("if x: a = 1; b = 2\nelif y: c = 3\nelse: return\n",
          "(if x {(= a 1); (= b 2)} (elif y {(= c 3)} {(return)}))");
    ps_ok("while x: x -= 1\nfor i in range(2): print(i)\nwith m: n += 1\n",
          "(while x {(-= x 1)}); (for i (call range 2) {(call print i)}); (with m {(+= n 1)})");
}

Test(parser, indentation_styles)
{
    ps_ok("if a:\n  if b:\n          x = 1\n  y = 2\n", "(if a {(if b {(= x 1)}); (= y 2)})");
    ps_ok("\n# comment\nx = 1  # why\n\n   # indented comment\ny = 2\n", "(= x 1); (= y 2)");
    ps_ok("if a:\n    x = 1\n\n\n    y = 2\n", "(if a {(= x 1); (= y 2)})");
}

Test(parser, line_continuation)
{
    ps_ok("x = (a +\n     b)\ny = [1,\n  2]\nprint(x,\ny)\n",
          "(= x (+ a b)); (= y [1 2]); (call print x y)");
    ps_ok("x = a + \\\n    b\n", "(= x (+ a b))");
}

/* ---- positions ---- */

Test(parser, statement_positions_use_the_srcmap)
{
    il_srcmap map = {5, 5, 5};
    il_stmt *s = ps_parse("a = x\nx = a + 1\n", &map);
    cr_assert_not_null(s);
    ps_at(s->line, s->col, 5, 5, "stmt 1");
    ps_at(s->next->line, s->next->col, 6, 5, "stmt 2");
    const il_expr *v = s->next->u.assign.value;
    ps_at(v->line, v->col, 6, 9, "a + 1");
    ps_at(v->u.binary.rhs->line, v->u.binary.rhs->col, 6, 13, "1");

    /* a flow scalar: line 0 starts further right than the later lines */
    il_srcmap flow = {2, 10, 3};
    s = ps_parse("x = 1\nif x:\n  y = x\n", &flow);
    cr_assert_not_null(s);
    ps_at(s->line, s->col, 2, 10, "x = 1");
    ps_at(s->u.assign.value->line, s->u.assign.value->col, 2, 14, "1");
    il_stmt *i = s->next;
    ps_at(i->line, i->col, 3, 3, "if");
    ps_at(i->u.if_.cond->line, i->u.if_.cond->col, 3, 6, "if cond");
    ps_at(i->u.if_.body->line, i->u.if_.body->col, 4, 5, "y = x");
}

Test(parser, expression_positions)
{
    il_stmt *s = ps_parse("x = (a + b) * f(c)[i] < -d\nm.acquire()\nn = not q.empty()\n",
                          &ps_map1);
    cr_assert_not_null(s);
    const il_expr *cmp = s->u.assign.value;
    ps_at(cmp->line, cmp->col, 1, 5, "compare");
    const il_expr *mul = cmp->u.compare.operands[0];
    ps_at(mul->line, mul->col, 1, 5, "(a + b) * ...");
    ps_at(mul->u.binary.lhs->line, mul->u.binary.lhs->col, 1, 6, "a + b inside parens");
    const il_expr *idx = mul->u.binary.rhs;
    ps_at(idx->line, idx->col, 1, 15, "f(c)[i]");
    ps_at(idx->u.index.base->line, idx->u.index.base->col, 1, 15, "f(c)");
    ps_at(idx->u.index.index->line, idx->u.index.index->col, 1, 20, "i");
    const il_expr *neg = cmp->u.compare.operands[1];
    ps_at(neg->line, neg->col, 1, 25, "-d");
    ps_at(s->next->u.expr->line, s->next->u.expr->col, 2, 1, "m.acquire()");
    const il_expr *n = s->next->next->u.assign.value;
    ps_at(n->line, n->col, 3, 5, "not");
    ps_at(n->u.unary.operand->line, n->u.unary.operand->col, 3, 9, "q.empty()");
}

Test(parser, multi_line_statement_has_its_first_line)
{
    il_stmt *s = ps_parse("x = 0\nprint(a,\n      b)\ny = 1\n", &ps_map1);
    cr_assert_not_null(s);
    ps_at(s->next->line, s->next->col, 2, 1, "print");
    ps_at(s->next->u.expr->u.call.args[1]->line, s->next->u.expr->u.call.args[1]->col, 3, 7,
          "b");
    ps_at(s->next->next->line, s->next->next->col, 4, 1, "y = 1");
}

/* ---- il_parse_expr ---- */

Test(parser, parse_expr)
{
    ps_expr_ok("  x == 1  ", "(cmp x == 1)");
    ps_expr_ok("x > 0 and\n  y > 0\n", "(and (cmp x > 0) (cmp y > 0))");
    ps_expr_ok("counter == 2 * n", "(cmp counter == (* 2 n))");
    ps_expr_err("x == 1 y", "f.yaml:1:8: error: expected end of expression, got 'y'");
    ps_expr_err("", "f.yaml:1:1: error: expected an expression, got end of input");
    ps_expr_err("x ==", "f.yaml:1:5: error: expected an expression, got end of input");
    ps_expr_err("x = 1", "f.yaml:1:3: error: expected end of expression, got '='");
    ps_expr_err("a if b else c", "f.yaml:1:3: error: conditional expressions (a if c else b) "
                                 "are not supported: use an if statement");
    il_srcmap map = {7, 13, 4};
    il_diag_init(&ps_d, "f.yaml", NULL);
    il_expr *e = il_parse_expr(&ps_arena, "x >= 1.5", 8, &map, &ps_d);
    cr_expect_null(e);
    cr_expect_str_eq(ps_d.first, "f.yaml:7:18: error: floats are not supported: values are "
                                 "64-bit integers");
}

/* ---- errors the brief names ---- */

Test(parser, error_tab_in_indentation)
{
    ps_err("if x:\n\ty = 1\n", "f.yaml:2:1: error: tab in indentation: use spaces");
    ps_err("if x:\n    y = 1\n  \t  z = 2\n", "f.yaml:3:3: error: tab in indentation: use spaces");
    il_srcmap map = {10, 7, 7};
    ps_err_map("if x:\n\ty = 1\n", &map, "f.yaml:11:7: error: tab in indentation: use spaces");
}

Test(parser, error_bad_dedent)
{
    ps_err("if x:\n    a = 1\n  b = 2\n",
           "f.yaml:3:3: error: inconsistent dedent: an indentation of 2 spaces (counted from "
           "the body's left edge) matches no enclosing block, which start at 0 or 4");
    il_srcmap map = {4, 9, 5};
    ps_err_map("while x:\n    if y:\n        a = 1\n      b = 2\n", &map,
               "f.yaml:7:11: error: inconsistent dedent: an indentation of 6 spaces (counted "
               "from the body's left edge) matches no enclosing block, which start at 0, 4 "
               "or 8");
}

Test(parser, error_unexpected_indent)
{
    ps_err("x = 1\n    y = 2\n", "f.yaml:2:5: error: unexpected indent");
    ps_err("  x = 1\n", "f.yaml:1:3: error: unexpected indent");
}

Test(parser, error_def_try_class)
{
    ps_err("x = 1\ndef f():\n    pass\n",
           "f.yaml:2:1: error: def is not supported: a thread body is a sequence of statements");
    ps_err("try:\n    x = 1\nexcept:\n    pass\n",
           "f.yaml:1:1: error: try is not supported: a runtime error ends its thread and is "
           "reported");
    ps_err("class A:\n    pass\n",
           "f.yaml:1:1: error: class is not supported: a thread body is a sequence of "
           "statements");
    ps_err("if x:\n    raise E\n",
           "f.yaml:2:5: error: raise is not supported: use assert to make a thread fail");
}

Test(parser, error_float)
{
    ps_err("x = 1.5\n", "f.yaml:1:5: error: floats are not supported: values are 64-bit integers");
    il_srcmap map = {3, 8, 4};
    ps_err_map("a = 1\nsleep(0.1)\n", &map,
               "f.yaml:4:10: error: floats are not supported: values are 64-bit integers");
}

Test(parser, error_unterminated_string)
{
    ps_err("print(\"abc)\nx = 1\n", "f.yaml:1:7: error: unterminated string literal");
    ps_err("print('abc\\')\n", "f.yaml:1:7: error: unterminated string literal");
}

Test(parser, error_unexpected_token)
{
    ps_err("x = 1 2\n", "f.yaml:1:7: error: expected end of line, got '2'");
    ps_err("print x\n", "f.yaml:1:7: error: expected end of line, got 'x'");
    ps_err("x = )\n", "f.yaml:1:5: error: expected an expression, got ')'");
    ps_err("x = \n", "f.yaml:1:4: error: expected an expression, got end of line");
    ps_err("x = (1]\n", "f.yaml:1:7: error: expected ')', got ']'");
    ps_err("f(1 2)\n", "f.yaml:1:5: error: expected ',' or ')', got '2'");
    ps_err("x = $\n", "f.yaml:1:5: error: unexpected character '$'");
    ps_err("x = caf\xc3\xa9\n", "f.yaml:1:8: error: unexpected character (byte 0xc3): only "
                                "ASCII is allowed outside strings and comments");
    ps_err("x = (1 +\n     2\n", "f.yaml:1:5: error: '(' was never closed");
    ps_err("else:\n    pass\n",
           "f.yaml:1:1: error: else without a matching if at the same indentation");
}

Test(parser, error_missing_colon)
{
    ps_err("if x\n    pass\n", "f.yaml:1:5: error: expected ':' after the if condition, got "
                             "end of line");
    ps_err("while x > 0\n    x -= 1\n", "f.yaml:1:12: error: expected ':' after the while "
                                        "condition, got end of line");
    ps_err("for i in range(3)\n    pass\n", "f.yaml:1:18: error: expected ':' after the for "
                                         "header, got end of line");
    ps_err("if x:\n    pass\nelse\n    pass\n", "f.yaml:3:5: error: expected ':' after else, "
                                               "got end of line");
    ps_err("with m\n    pass\n", "f.yaml:1:7: error: expected ':' after the with object, got "
                                 "end of line");
    ps_err("if x = 1:\n    pass\n", "f.yaml:1:6: error: assignment in a condition is not "
                                     "supported: compare with ==");
}

Test(parser, error_missing_block)
{
    ps_err("if x:\ny = 1\n", "f.yaml:2:1: error: expected an indented block after 'if' on "
                             "line 1");
    ps_err("x = 1\nwhile x:\n", "f.yaml:2:9: error: expected an indented block after 'while' "
                                "on line 2");
    ps_err("with m:\n    \\", "f.yaml:2:5: error: unexpected character '\\': a line "
                             "continuation must follow something on its line");
}

static char *ps_repeat(const char *head, const char *unit, int n, const char *tail)
{
    il_buf b = {0};
    il_buf_puts(&b, head);
    for (int i = 0; i < n; i++) il_buf_puts(&b, unit);
    il_buf_puts(&b, tail);
    return b.data;
}

Test(parser, error_deep_nesting)
{
    /* 200 levels are fine, the 201st is refused where it opens */
    char *ok = ps_repeat("x = ", "(", 199, "1");
    char *ok2 = ps_repeat(ok, ")", 199, "\n");
    il_stmt *s = ps_parse(ok2, &ps_map1);
    cr_expect_not_null(s, "%s", ps_d.first);
    free(ok);
    free(ok2);

    char *deep = ps_repeat("x = ", "(", 100000, "1\n");
    ps_err(deep, "f.yaml:1:205: error: nesting too deep (limit 200)");
    free(deep);
    deep = ps_repeat("x = ", "[", 300, "");
    ps_err(deep, "f.yaml:1:205: error: nesting too deep (limit 200)");
    free(deep);
    deep = ps_repeat("x = ", "-", 1000, "x\n");
    ps_err(deep, "f.yaml:1:205: error: nesting too deep (limit 200)");
    free(deep);
    deep = ps_repeat("x = ", "not ", 1000, "x\n");
    ps_err(deep, "f.yaml:1:805: error: nesting too deep (limit 200)");
    free(deep);
    deep = ps_repeat("print(", "f(", 1000, "");
    ps_err(deep, "f.yaml:1:406: error: nesting too deep (limit 200)");
    free(deep);

    /* blocks: line k (1-based) is `if x:` indented k-1 spaces */
    il_buf b = {0};
    for (int i = 0; i < 300; i++) il_buf_printf(&b, "%*sif x:\n", i, "");
    il_buf_printf(&b, "%*spass\n", 300, "");
    ps_err(b.data, "f.yaml:202:202: error: nesting too deep (limit 200)");
    il_buf_free(&b);
}

Test(parser, error_empty_body)
{
    ps_err("", "f.yaml:1:1: error: empty thread body");
    ps_err("\n\n# only a comment\n   \n", "f.yaml:1:1: error: empty thread body");
    il_srcmap map = {12, 7, 5};
    ps_err_map("# nothing\n", &map, "f.yaml:12:7: error: empty thread body");
    il_diag_init(&ps_d, "f.yaml", NULL);
    cr_expect_null(il_parse_body(&ps_arena, NULL, 0, &map, &ps_d));
    cr_expect_str_eq(ps_d.first, "f.yaml:12:7: error: empty thread body");
}

/* ---- errors for the rest of Python ---- */

Test(parser, error_unsupported_python)
{
    ps_err("import threading\n", "f.yaml:1:1: error: import is not supported: declare locks, "
                                 "events, queues... under sync:");
    ps_err("from threading import Lock\n", "f.yaml:1:1: error: import is not supported: "
                                           "declare locks, events, queues... under sync:");
    ps_err("global x\n", "f.yaml:1:1: error: global is not supported: names declared under "
                         "shared: are shared, all others are local");
    ps_err("x = lambda: 1\n", "f.yaml:1:5: error: lambda is not supported: a thread body is a "
                              "sequence of statements");
    ps_err("yield x\n", "f.yaml:1:1: error: yield is not supported: a thread body is a "
                        "sequence of statements");
    ps_err("async def f():\n    pass\n", "f.yaml:1:1: error: async is not supported: threads "
                                         "are declared under threads:");
    ps_err("del x\n", "f.yaml:1:1: error: del is not supported: a variable lives as long as "
                      "its thread");
    ps_err("x = None\n", "f.yaml:1:5: error: None is not supported: values are 64-bit integers");
    ps_err("if a is b:\n    pass\n", "f.yaml:1:6: error: the is operator is not supported: "
                                     "compare with == or !=");
    ps_err("if a in b:\n    pass\n", "f.yaml:1:6: error: the in operator is not supported: in "
                                     "only appears in for v in ...");
    ps_err("if a not in b:\n    pass\n", "f.yaml:1:6: error: the in operator is not "
                                         "supported: in only appears in for v in ...");
    ps_err("x = 2 ** 3\n", "f.yaml:1:7: error: ** (power) is not supported: operators are + - "
                           "* // % and comparisons");
    ps_err("x = a & 1\n", "f.yaml:1:7: error: bit operators (& | ^ ~ << >>) are not supported: "
                          "operators are + - * // % and comparisons");
    ps_err("x = ~a\n", "f.yaml:1:5: error: bit operators (& | ^ ~ << >>) are not supported: "
                       "operators are + - * // % and comparisons");
    ps_err("x = {}\n", "f.yaml:1:5: error: dicts and sets ({...}) are not supported: declare "
                       "lists under shared:");
    ps_err("x /= 2\n", "f.yaml:1:3: error: /= is not supported: values are integers, use //=");
    ps_err("x = 1 if y else 2\n", "f.yaml:1:7: error: conditional expressions (a if c else b) "
                                  "are not supported: use an if statement");
    ps_err("x = [i for i in y]\n", "f.yaml:1:8: error: comprehensions are not supported: use "
                                   "a for statement");
    ps_err("x = a[1:2]\n", "f.yaml:1:8: error: slices (a[i:j]) are not supported: index one "
                           "element with a[i]");
    ps_err("x: int = 1\n", "f.yaml:1:2: error: type annotations (x: int) are not supported");
    ps_err("if (n := 1):\n    pass\n", "f.yaml:1:7: error: := (assignment expressions) is not "
                                       "supported: assign in a statement of its own");
}

Test(parser, error_assignment_forms)
{
    ps_err("a, b = 1, 2\n", "f.yaml:1:2: error: tuple unpacking (a, b = ...) is not "
                            "supported: assign one variable per statement");
    ps_err("a = b = 1\n", "f.yaml:1:7: error: chained assignment (a = b = ...) is not "
                          "supported: assign one variable per statement");
    ps_err("x = 1, 2\n", "f.yaml:1:6: error: tuples are not supported: values are 64-bit "
                         "integers");
    ps_err("x = (1 2)\n", "f.yaml:1:8: error: expected ')', got '2'");
    ps_err("f(x) = 1\n", "f.yaml:1:1: error: cannot assign to a call: the target must be a "
                         "name or a[i]");
    ps_err("x + 1 = 2\n", "f.yaml:1:1: error: cannot assign to an expression: the target must "
                          "be a name or a[i]");
    ps_err("x == 1\n", "f.yaml:1:1: error: a comparison as a statement is not supported: write "
                       "an assignment (x = ...) or a call such as print(x)");
    ps_err("x\n", "f.yaml:1:1: error: a name as a statement is not supported: write an "
                  "assignment (x = ...) or a call such as print(x)");
}

Test(parser, error_attributes_and_calls)
{
    ps_err("if t.daemon:\n    pass\n", "f.yaml:1:4: error: attribute access is not "
                                       "supported (only method calls like m.acquire())");
    ps_err("t.daemon = 1\n", "f.yaml:1:1: error: attribute access is not supported (only "
                             "method calls like m.acquire())");
    ps_err("threading.Lock = 1\n", "f.yaml:1:1: error: attribute access is not supported "
                                   "(only method calls like m.acquire())");
    ps_err("a[0].acquire()\n", "f.yaml:1:5: error: method calls are only supported on a name, "
                               "like m.acquire()");
    ps_err("f(x)(y)\n", "f.yaml:1:5: error: calling the result of an expression is not "
                        "supported: only f(...) and obj.method(...)");
    ps_err("f(*args)\n", "f.yaml:1:3: error: argument unpacking (*args, **kwargs) is not "
                         "supported");
    ps_err("f(a=1, 2)\n", "f.yaml:1:8: error: positional argument follows keyword argument");
    ps_err("f(a=1, a=2)\n", "f.yaml:1:8: error: keyword argument 'a' is given twice");
}

Test(parser, error_compound_forms)
{
    ps_err("with m as x:\n    pass\n", "f.yaml:1:8: error: with ... as is not supported: "
                                       "write with m: and use m in the block");
    ps_err("with a, b:\n    pass\n", "f.yaml:1:7: error: several objects in one with are not "
                                     "supported: nest one with block in another");
    ps_err("while x:\n    pass\nelse:\n    pass\n", "f.yaml:3:1: error: else on a while loop "
                                                   "is not supported: use a flag variable");
    ps_err("for i in range(2):\n    pass\nelse:\n    pass\n",
           "f.yaml:3:1: error: else on a for loop is not supported: use a flag variable");
    ps_err("for x in f():\n    pass\n", "f.yaml:1:10: error: looping over a call is not "
                                         "supported: loop over range(...) or a list literal "
                                         "like [1, 2, 3]");
    ps_err("for a, b in x:\n    pass\n", "f.yaml:1:6: error: tuple unpacking (for a, b in "
                                         "...) is not supported: loop over one variable");
    ps_err("for i in range(1, 2, 3, 4):\n    pass\n",
           "f.yaml:1:10: error: this form of range is not supported: use range(stop), "
           "range(start, stop) or range(start, stop, step)");
    ps_err("if x: if y: pass\n", "f.yaml:1:7: error: if after ':' or ';' on the same line is "
                                 "not supported: start it on a line of its own");
}

/* ---- robustness ---- */

/* The first error wins, even when a lexical error follows it. */
Test(parser, first_error_only)
{
    ps_err("def f(): x = 1.5\n", "f.yaml:1:1: error: def is not supported: a thread body is a "
                                 "sequence of statements");
    ps_err("x = 1.5\ndef f(): pass\n", "f.yaml:1:5: error: floats are not supported: values "
                                       "are 64-bit integers");
}

Test(parser, nul_byte_in_input)
{
    static const char text[] = "x = 1\nprint(x)\0 junk\n";
    il_diag_init(&ps_d, "f.yaml", NULL);
    cr_expect_null(il_parse_body(&ps_arena, text, sizeof text - 1, &ps_map1, &ps_d));
    cr_expect_str_eq(ps_d.first, "f.yaml:2:9: error: unexpected character (NUL byte)");
    /* len bounds the text: the NUL and what follows are not read */
    il_diag_init(&ps_d, "f.yaml", NULL);
    cr_expect_not_null(il_parse_body(&ps_arena, text, 14, &ps_map1, &ps_d));
}

/* Every prefix and random mutations of a program either parse or give
 * exactly one error: never a crash (ASan watches), never a cascade. */
Test(parser, prefixes_and_mutations_never_crash)
{
    const char *prog =
        "l = threading.Lock()\n"
        "for i in range(0, 3):\n"
        "    with m:\n"
        "        if a[i] < -5 and not (x or y):  # note\n"
        "            x += f(i, k=[1, 2])\n"
        "        elif q.qsize() == 0: pass\n"
        "        else:\n"
        "            print('v\\n', x); break\n"
        "while x != 0:\n"
        "    x //= 2\n"
        "assert x == 0, \"x\"\n"
        "return\n";
    size_t n = strlen(prog);
    char *buf = malloc(n + 1);
    for (size_t len = 0; len <= n; len++) {
        il_diag_init(&ps_d, "f.yaml", NULL);
        il_stmt *s = il_parse_body(&ps_arena, prog, len, &ps_map1, &ps_d);
        cr_assert((s != NULL) == (ps_d.errors == 0) && ps_d.errors <= 1, "prefix %zu", len);
        il_expr *e = il_parse_expr(&ps_arena, prog, len, &ps_map1, &ps_d);
        cr_assert(e || ps_d.errors >= 1);
    }
    static const char junk[] = " \n\t:()[]=-#'\"\\.,;0x_aZ\xff";
    uint32_t seed = 7;
    for (int round = 0; round < 2000; round++) {
        memcpy(buf, prog, n + 1);
        for (int k = 0; k < 1 + round % 4; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % n;
            seed = seed * 1103515245u + 12345u;
            buf[at] = junk[(seed >> 16) % (sizeof junk - 1)];
        }
        il_diag_init(&ps_d, "f.yaml", NULL);
        il_stmt *s = il_parse_body(&ps_arena, buf, n, &ps_map1, &ps_d);
        cr_assert((s != NULL) == (ps_d.errors == 0) && ps_d.errors <= 1, "round %d", round);
        cr_assert(strncmp(ps_d.first, "f.yaml:", 7) == 0 || ps_d.errors == 0);
    }
    free(buf);
}

/* ---- formatted strings (language.md "print") ---- */

Test(parser, fstrings)
{
    ps_ok("print(f\"x={x} y={y!r} {{ok}} {z:>5} {w:05} {v=} {a[0] + 1:*^+9,d}|{b!s:<4}\")\n",
          "(call print (fmt \"x=\" {x} \" y=\" {y !r} \" {ok} \" {z >5} \" \" {w 0=5} \" v=\" "
          "{v !r} \" \" {(+ (idx a 0) 1) !d *^+,9} \"|\" {b !s <4}))");
    ps_ok("print(f'{x == 1}', f\"{ x = :3}\", f'{t1.is_alive()!a}', f'')\n",
          "(call print (fmt {(cmp x == 1)}) (fmt \" x = \" {x 3}) (fmt {(call t1.is_alive) !a}) "
          "(fmt))");
    ps_ok("print(f'{x:\xc2\xb7>6}')\n", "(call print (fmt {x \xc2\xb7>6}))"); /* a UTF-8 fill */
    ps_ok("print(f\"{f(a=1, b=[2])}\")\n", "(call print (fmt {(call f a=1 b=[2])}))");
    /* the field's expression is at its own position in the file */
    il_diag_init(&ps_d, "f.yaml", NULL);
    il_srcmap map = {3, 9, 5};
    il_stmt *s = ps_parse("print(1)\nprint(f\"\xc3\xa9 {x + y}\")\n", &map);
    cr_assert_not_null(s);
    const il_expr *fe = s->next->u.expr->u.call.args[0];
    cr_assert_eq(fe->kind, IL_E_FORMAT);
    ps_at(fe->line, fe->col, 4, 11, "the f-string");
    ps_at(fe->u.format.parts[1].value->line, fe->u.format.parts[1].value->col, 4, 16, "x + y");
    ps_at(fe->u.format.parts[1].value->u.binary.rhs->line,
          fe->u.format.parts[1].value->u.binary.rhs->col, 4, 20, "y");
}

Test(parser, percent_formats)
{
    ps_ok("print(\"%d%% of %5s, %-3r|%+05i %u\" % (a, b + 1, c, d, e), \"%s\" % x, \"%d\" % (y))\n",
          "(call print (fmt% {a !d} \"% of \" {(+ b 1) !s >5} \", \" {c !r <3} \"|\" {d !d 0=+5} "
          "\" \" {e !d}) (fmt% {x !s >}) (fmt% {y !d}))");
}
