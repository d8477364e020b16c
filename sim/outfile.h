/* outfile.h - output files that are never lost or half-written.
 *
 * A file is written to a unique temporary in its target directory
 * (".NAME.XXXXXX.tmp", registered so that a signal can remove it)
 * and renamed over the target only when every byte is written and the
 * stream is closed without error: on any failure the temporary is removed
 * and an old file of that name is untouched. Targets that are not regular
 * files (a terminal, /dev/null, /dev/full, a FIFO, /dev/stdout and
 * /dev/fd/N, which reuse the open descriptor) are written directly: there
 * is nothing there to keep. A path naming an input of the run (the same
 * device and inode, however it is spelled) is refused. */
#ifndef IL_OUTFILE_H
#define IL_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

/* Error codes below are errno values, or this one. */
#define IL_OUT_INPUT (-1) /* the target is an input of this run */

typedef struct il_outfile {
    FILE *f;     /* write here */
    char *path;  /* the final name (a symlink's target, so the link stays) */
    char *tmp;   /* the temporary, NULL when written directly */
    int handle;  /* its slot among the temporaries (il_outfile_unlink_temps) */
} il_outfile;

/* 0 with o->f open, or an error code (nothing is left behind). */
int il_outfile_open(il_outfile *o, const char *path);
/* Flushes, closes and renames into place: 0, or an error code (the
 * temporary is removed). Frees o either way. */
int il_outfile_commit(il_outfile *o);
/* Throws the temporary away (the old file stays). */
void il_outfile_abort(il_outfile *o);
/* open + fwrite + commit. */
int il_outfile_write(const char *path, const void *data, size_t len);
/* Whether path could be written, before the work that produces it: 0 or
 * an error code. Creates and removes a temporary; a target written directly
 * is not opened (a FIFO's reader would see its end). */
int il_outfile_probe(const char *path);
/* What an error code means: strerror, or "it is an input of this run". */
const char *il_outfile_strerror(int err);

/* Records an input of the run (a program, a trace): no output may
 * replace it. A path that cannot be stat'ed is not recorded. */
void il_outfile_protect(const char *path);
/* 1 when path names a recorded input. */
int il_outfile_is_input(const char *path);

/* Unlinks every temporary being written: for a signal handler about to end
 * the process (async-signal-safe: unlink only). */
void il_outfile_unlink_temps(void);

#endif
