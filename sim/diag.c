/* diag.c - formats and records input errors (see diag.h). */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

void il_diag_init(il_diag *d, const char *file, const il_sink *out)
{
    d->file = file;
    d->out = out;
    d->errors = 0;
    d->first[0] = '\0';
}

void il_diag_error(il_diag *d, int line, int col, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char full[1024];
    il_buf file = {0}; /* a file name may hold anything: no escape sequences */
    il_buf_put_display(&file, d->file ? d->file : "<input>");
    snprintf(full, sizeof full, "%s:%d:%d: error: %s", file.data, line > 0 ? line : 1,
             col > 0 ? col : 1, msg);
    il_buf_free(&file);
    if (d->errors == 0) snprintf(d->first, sizeof d->first, "%s", full);
    d->errors++;
    if (d->out) d->out->line(d->out->ud, full);
}

/* "interleave: WHAT: msg", a line not at a place in a file. */
static void say(const il_diag *d, const char *what, const char *msg)
{
    if (!d->out) return;
    il_buf line = {0};
    il_buf_printf(&line, "interleave: %s: %s", what, msg);
    d->out->line(d->out->ud, line.data);
    il_buf_free(&line);
}

void il_diag_plain(il_diag *d, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (d->errors == 0) snprintf(d->first, sizeof d->first, "%s", msg);
    d->errors++;
    say(d, "error", msg);
}

void il_diag_say(const il_diag *d, const char *what, const char *fmt, ...)
{
    if (!d->out) return;
    il_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    char *buf = il_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(buf, (size_t)n + 1, fmt, ap);
    va_end(ap);
    il_buf_printf(&msg, "interleave: %s: %s", what, buf);
    il_free(buf);
    d->out->line(d->out->ud, msg.data);
    il_buf_free(&msg);
}
