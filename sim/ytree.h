/* ytree.h - a YAML document read (with libyaml) into a small tree of
 * scalars, sequences and mappings, each node carrying its file position, for
 * readers that check a file's shape and must point at the offending node
 * (the program loader and the trace reader). It refuses what such files
 * never need, each with a `FILE:LINE:COL: error:` message: several
 * documents, anchors and aliases, tags, non-scalar keys, duplicate keys,
 * deep nesting. The tree owns all its nodes, strings and its line table
 * (one arena); il_ytree_free releases them. */
#ifndef IL_YTREE_H
#define IL_YTREE_H

#include <stddef.h>

#include "diag.h"
#include "util.h"

typedef enum il_ykind { IL_Y_SCALAR, IL_Y_SEQ, IL_Y_MAP } il_ykind;

typedef struct il_ynode il_ynode;
struct il_ynode {
    il_ykind kind;
    int line, col;     /* 1-based position of the node's start */
    int plain;         /* a scalar written without quotes (only those are numbers) */
    int block;         /* a `|` or `>` scalar: its text starts on the next line */
    char style;        /* a scalar's: 'p' plain, '\'', '"', '|' or '>' */
    const char *str;   /* scalar text, NUL-terminated (IL_YPROGRAM: may hold NULs) */
    size_t len;
    size_t n;          /* children; a mapping has two per entry: key, value */
    il_ynode *first, *last, *next;
};

typedef struct il_ytree {
    il_arena arena;
    il_ynode *root;    /* NULL for an empty document */
    const size_t *line_start; /* IL_YPROGRAM: each line's offset (il_line_starts) */
    size_t nlines;
} il_ytree;

/* Whose file it is. The two readers refuse the same things but had their
 * own trees first, and tests pin each one's messages, so each keeps its
 * wording. A program file is also checked for UTF-8 up front, may nest
 * deeper, keeps NULs in strings (its messages hide them), and has reader
 * errors name the byte and tabs in indentation and keys without ':'
 * explained. A trace refuses NULs in strings, which C strings would cut
 * short, and counts lines for reader errors at LF only. */
typedef enum il_yfile { IL_YTRACE, IL_YPROGRAM } il_yfile;

/* Parses text (len bytes). Returns 0, or -1 after one message through d
 * (the tree then has no root but must still be freed). */
int il_ytree_parse(il_ytree *t, const char *text, size_t len, il_yfile f, il_diag *d);
void il_ytree_free(il_ytree *t);

/* The value of key in a mapping, or NULL. */
il_ynode *il_ymap_get(const il_ynode *map, const char *key);

/* "a scalar", "a sequence", "a mapping": for messages. */
const char *il_ykind_name(const il_ynode *n);

#endif
