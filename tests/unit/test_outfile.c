/* test_outfile.c - output files (outfile.h) are whole or absent: the old
 * file stays until the new one is complete, no temporary is left, an input
 * is never replaced, and a failed write is its errno; a signal is a stop
 * request (stop.h). Each Test runs in its own process (Criterion forks). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outfile.h"
#include "cli/signals.h"

static char dir[64];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/il-outfile.XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static char *in_dir(const char *name)
{
    static char buf[4][256];
    static int k;
    char *b = buf[k++ % 4];
    snprintf(b, 256, "%s/%s", dir, name);
    return b;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static void expect_text(const char *path, const char *want)
{
    char got[256] = {0};
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s missing", path);
    size_t n = fread(got, 1, sizeof got - 1, f);
    fclose(f);
    got[n] = '\0';
    cr_assert_str_eq(got, want);
}

/* How many files dir holds. */
static size_t entries(void)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

static void cleanup(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(outfile, replaces_whole_and_leaves_no_temporary)
{
    make_dir();
    put(in_dir("r.xml"), "old");
    chmod(in_dir("r.xml"), 0640);
    cr_assert_eq(il_outfile_write(in_dir("r.xml"), "new", 3), 0);
    expect_text(in_dir("r.xml"), "new");
    struct stat st;
    cr_assert_eq(stat(in_dir("r.xml"), &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0640);
    cr_assert_eq(entries(), 1);
    cleanup();
}

Test(outfile, abort_keeps_the_old_file)
{
    make_dir();
    put(in_dir("r.xml"), "old");
    il_outfile o;
    cr_assert_eq(il_outfile_open(&o, in_dir("r.xml")), 0);
    cr_assert_not_null(o.tmp);
    cr_assert_eq(entries(), 2); /* the temporary, beside it */
    fputs("half", o.f);
    il_outfile_abort(&o);
    expect_text(in_dir("r.xml"), "old");
    cr_assert_eq(entries(), 1);
    cleanup();
}

Test(outfile, an_input_is_refused_however_spelt)
{
    make_dir();
    put(in_dir("p.yaml"), "program");
    cr_assert_eq(link(in_dir("p.yaml"), in_dir("hard.yaml")), 0);
    cr_assert_eq(symlink("p.yaml", in_dir("soft.yaml")), 0);
    il_outfile_protect(in_dir("p.yaml"));
    cr_assert(il_outfile_is_input(in_dir("hard.yaml")));
    cr_assert_eq(il_outfile_write(in_dir("hard.yaml"), "x", 1), IL_OUT_INPUT);
    cr_assert_eq(il_outfile_write(in_dir("soft.yaml"), "x", 1), IL_OUT_INPUT);
    cr_assert_eq(il_outfile_probe(in_dir("p.yaml")), IL_OUT_INPUT);
    cr_assert_str_eq(il_outfile_strerror(IL_OUT_INPUT), "it is an input of this run");
    expect_text(in_dir("p.yaml"), "program");
    cr_assert_eq(entries(), 3);
    cleanup();
}

Test(outfile, write_errors_are_their_errno)
{
    make_dir();
    put(in_dir("file"), "x");
    cr_assert_eq(il_outfile_write("/dev/full", "x", 1), ENOSPC);
    cr_assert_eq(il_outfile_write(in_dir("file/x"), "x", 1), ENOTDIR);
    cr_assert_eq(il_outfile_probe(in_dir("file/x")), ENOTDIR);
    cr_assert_eq(il_outfile_write(dir, "x", 1), EISDIR);
    cr_assert_eq(il_outfile_probe("/dev/full"), 0); /* written directly: not opened */
    cr_assert_eq(il_outfile_write("/dev/null", "x", 1), 0);
    cr_assert_eq(entries(), 1);
    cleanup();
}

Test(outfile, a_symlink_keeps_pointing_at_its_target)
{
    make_dir();
    cr_assert_eq(mkdir(in_dir("real"), 0777), 0);
    cr_assert_eq(symlink("real/t.xml", in_dir("link.xml")), 0); /* dangling */
    cr_assert_eq(il_outfile_write(in_dir("link.xml"), "one", 3), 0);
    cr_assert_eq(il_outfile_write(in_dir("link.xml"), "two", 3), 0);
    struct stat st;
    cr_assert_eq(lstat(in_dir("link.xml"), &st), 0);
    cr_assert(S_ISLNK(st.st_mode));
    expect_text(in_dir("real/t.xml"), "two");
    cleanup();
}

Test(stop, a_signal_is_a_stop_request)
{
    cli_signals_install(1);
    cr_assert_eq(cli_signal_requested(), 0);
    cr_assert_null(cli_signal_name());
    raise(SIGTERM);
    cr_assert_eq(cli_signal_requested(), SIGTERM);
    cr_assert_str_eq(cli_signal_name(), "SIGTERM");
    cr_assert_eq(cli_signal_status(), 143);
}

/* The child opens a temporary and takes two SIGINTs at once (one request,
 * as `timeout` delivers it) and one more a second later: it must die of
 * that one, having unlinked the temporary. */
Test(stop, a_second_signal_removes_the_temporary_and_kills)
{
    make_dir();
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        cli_signals_install(1);
        il_outfile o;
        if (il_outfile_open(&o, in_dir("r.xml")) != 0) _exit(10);
        raise(SIGINT);
        raise(SIGINT); /* at once: the same request delivered twice */
        if (cli_signal_requested() != SIGINT || access(o.tmp, F_OK) != 0) _exit(11);
        usleep(1100000);
        raise(SIGINT);
        _exit(12); /* still alive */
    }
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT, "status %d", status);
    cr_assert_eq(entries(), 0, "the temporary was left");
    cleanup();
}
