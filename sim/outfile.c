/* outfile.c - temporary + rename output files, and the inputs they must not
 * replace (see outfile.h). */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* The temporaries being written, for il_outfile_unlink_temps. A slot's
 * string is complete before the slot points to it, and the slot is cleared
 * before the string is freed: a signal handler, which interrupts the only
 * thread, sees either a whole path or none. */
enum { NTEMPS = 16 };
static char *volatile temps[NTEMPS];

void il_outfile_unlink_temps(void)
{
    for (int i = 0; i < NTEMPS; i++) {
        char *p = temps[i];
        if (p) unlink(p);
    }
}

/* A handle for forget, or -1 when the registry is full (the file is then
 * only removed on the normal paths). The path is copied. */
static int track(const char *path)
{
    for (int i = 0; i < NTEMPS; i++) {
        if (temps[i]) continue;
        temps[i] = il_xstrdup(path);
        return i;
    }
    return -1;
}

static void forget(int handle)
{
    if (handle < 0 || handle >= NTEMPS) return;
    char *p = temps[handle];
    temps[handle] = NULL;
    il_free(p);
}

typedef struct file_id {
    dev_t dev;
    ino_t ino;
} file_id;
static IL_VEC(file_id) inputs;

static void free_inputs(void) { il_free(inputs.items); }

void il_outfile_protect(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) return;
    if (!inputs.items) atexit(free_inputs); /* valgrind counts what is still reachable */
    for (size_t i = 0; i < inputs.len; i++)
        if (inputs.items[i].dev == st.st_dev && inputs.items[i].ino == st.st_ino) return;
    IL_VEC_PUSH(inputs, ((file_id){st.st_dev, st.st_ino}));
}

static int is_input(const struct stat *st)
{
    for (size_t i = 0; i < inputs.len; i++)
        if (inputs.items[i].dev == st->st_dev && inputs.items[i].ino == st->st_ino) return 1;
    return 0;
}

int il_outfile_is_input(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && is_input(&st);
}

const char *il_outfile_strerror(int err)
{
    return err == IL_OUT_INPUT ? "it is an input of this run" : strerror(err);
}

/* The descriptor a path is an alias of (/dev/stdout, /dev/fd/1,
 * /proc/self/fd/1), or -1. Writing through it, rather than reopening the
 * file, keeps its offset: a report redirected to a file is not clobbered. */
static int fd_alias(const char *path)
{
    if (strcmp(path, "/dev/stdout") == 0) return 1;
    if (strcmp(path, "/dev/stderr") == 0) return 2;
    const char *n = NULL;
    if (strncmp(path, "/dev/fd/", 8) == 0) n = path + 8;
    else if (strncmp(path, "/proc/self/fd/", 14) == 0) n = path + 14;
    if (!n || *n < '0' || *n > '9') return -1;
    char *end;
    long fd = strtol(n, &end, 10);
    return *end || fd > INT_MAX ? -1 : (int)fd;
}

static int open_direct(il_outfile *o, const char *path, int alias)
{
    int fd;
    if (alias >= 0) {
        fflush(stdout); /* what was printed before comes first */
        fd = dup(alias);
    } else {
        /* O_NONBLOCK: a FIFO nobody reads is ENXIO, not a hang */
        fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    }
    if (fd < 0) return errno;
    o->f = fdopen(fd, "w");
    if (!o->f) {
        int e = errno;
        close(fd);
        return e;
    }
    o->path = il_xstrdup(path);
    return 0;
}

int il_outfile_open(il_outfile *o, const char *path)
{
    memset(o, 0, sizeof *o);
    o->handle = -1;
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (exists && is_input(&st)) return IL_OUT_INPUT;
    int alias = fd_alias(path);
    if (alias >= 0 || (exists && !S_ISREG(st.st_mode))) {
        if (exists && S_ISDIR(st.st_mode)) return EISDIR;
        return open_direct(o, path, alias);
    }
    /* through a symlink, the file it names is replaced, not the link */
    char *final = NULL;
    struct stat lst;
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        final = realpath(path, NULL);
        char link[PATH_MAX];
        ssize_t n;
        if (!final && (n = readlink(path, link, sizeof link - 1)) > 0) { /* not there yet */
            link[n] = '\0';
            const char *sl = strrchr(path, '/');
            il_buf b = {0};
            if (link[0] != '/' && sl) il_buf_putn(&b, path, (size_t)(sl - path) + 1);
            il_buf_puts(&b, link);
            final = b.data;
        }
    }
    if (!final) final = il_xstrdup(path);
    const char *slash = strrchr(final, '/');
    size_t dl = slash ? (size_t)(slash - final) + 1 : 0;
    const char *base = final + dl;
    if (!*base) {
        il_free(final);
        return EISDIR;
    }
    /* a long name is cut in the temporary's, which must fit NAME_MAX */
    il_buf tmpl = {0};
    il_buf_printf(&tmpl, "%.*s.%.200s.XXXXXX.tmp", (int)dl, final, base);
    /* no signal between creating the temporary and registering it */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop, &old);
    int fd = mkstemps(tmpl.data, 4);
    int e = errno;
    if (fd >= 0) o->handle = track(tmpl.data);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        il_buf_free(&tmpl);
        il_free(final);
        return e;
    }
    /* the mode an old file had, else what a new one gets (mkstemp: 0600) */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, exists ? st.st_mode & 07777 : 0666 & ~mask);
    o->f = fdopen(fd, "w");
    if (!o->f) {
        e = errno;
        close(fd);
        unlink(tmpl.data);
        forget(o->handle);
        il_buf_free(&tmpl);
        il_free(final);
        return e;
    }
    o->tmp = tmpl.data;
    o->path = final;
    return 0;
}

static void release(il_outfile *o)
{
    if (o->tmp) unlink(o->tmp);
    forget(o->handle);
    il_free(o->tmp);
    il_free(o->path);
    memset(o, 0, sizeof *o);
    o->handle = -1;
}

int il_outfile_commit(il_outfile *o)
{
    errno = 0;
    int e = 0;
    if (fflush(o->f) != 0 || ferror(o->f)) e = errno ? errno : EIO;
    if (fclose(o->f) != 0 && !e) e = errno ? errno : EIO;
    o->f = NULL;
    if (!e && o->tmp) {
        if (rename(o->tmp, o->path) != 0) e = errno;
        else {
            il_free(o->tmp);
            o->tmp = NULL;
        }
    }
    release(o);
    return e;
}

void il_outfile_abort(il_outfile *o)
{
    if (o->f) fclose(o->f);
    o->f = NULL;
    release(o);
}

int il_outfile_write(const char *path, const void *data, size_t len)
{
    il_outfile o;
    int e = il_outfile_open(&o, path);
    if (e) return e;
    if (len && fwrite(data, 1, len, o.f) != len) {
        e = errno ? errno : EIO;
        il_outfile_abort(&o);
        return e;
    }
    return il_outfile_commit(&o);
}

int il_outfile_probe(const char *path)
{
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (exists && is_input(&st)) return IL_OUT_INPUT;
    if (fd_alias(path) >= 0 || (exists && !S_ISREG(st.st_mode)))
        return exists && S_ISDIR(st.st_mode) ? EISDIR : 0;
    il_outfile o;
    int e = il_outfile_open(&o, path);
    if (!e) il_outfile_abort(&o);
    return e;
}
