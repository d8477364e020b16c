/* intern.h - interned strings and output sequences. A state keeps its output
 * so far as one 32-bit id: the id of (previous output id, line id), so two
 * runs that printed the same lines have the same id and states compare as
 * bytes. Ids are dense from 0; output id 0 is the empty output. The table owns
 * every string it returns. */
#ifndef IL_INTERN_H
#define IL_INTERN_H

#include <stddef.h>
#include <stdint.h>

typedef struct il_intern il_intern;

il_intern *il_intern_new(void);
void il_intern_free(il_intern *in);

uint32_t il_intern_str(il_intern *in, const char *s, size_t n);
/* The id of `s` if it was interned, else UINT32_MAX (nothing is added). */
uint32_t il_intern_find(const il_intern *in, const char *s, size_t n);
const char *il_intern_get(const il_intern *in, uint32_t id);

/* The output `out` followed by the line `line` (a string id). */
uint32_t il_intern_out(il_intern *in, uint32_t out, uint32_t line);
/* The last line of output `out` (not the empty output), and in *prev the
 * output before it. */
uint32_t il_intern_out_last(const il_intern *in, uint32_t out, uint32_t *prev);
/* Number of lines of output `out`, and its lines (string ids) in order:
 * fills up to `max` entries of `lines` and returns the total count. */
size_t il_intern_out_lines(const il_intern *in, uint32_t out, uint32_t *lines, size_t max);

#endif
