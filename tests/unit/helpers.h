/* helpers.h - shared by the Criterion unit tests. */
#ifndef IL_TEST_HELPERS_H
#define IL_TEST_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes `text` to a fresh temporary file and returns its path (malloc'd). */
static inline char *th_write_temp(const char *text)
{
    char tmpl[] = "/tmp/il-test-XXXXXX.yaml";
    int fd = mkstemps(tmpl, 5);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    char *p = malloc(sizeof tmpl);
    memcpy(p, tmpl, sizeof tmpl);
    return p;
}

#endif
