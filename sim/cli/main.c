/* main.c - the command line of cli.md, a client of include/interleave.h
 * and nothing else. Each command is a row of one table (cli_command: name,
 * usage, help text, exec, as tmux does), defined in the command's own file;
 * a command parses its own options (options.h) and returns the exit status
 * (exit.h). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "exit.h"
#include "options.h"
#include "signals.h"

static int exec_help(const cli_command *self, int argc, char **argv);

static const cli_command cli_help = {
    .name = "help",
    .usage = "[COMMAND]",
    .summary = "this text, or one command's options",
    .options = NULL,
    .exec = exec_help,
};

static const cli_command *const commands[] = {&cli_explore, &cli_check, &cli_replay, &cli_run,
                                              &cli_help};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0) return commands[i];
    return NULL;
}

static void print_usage(FILE *out)
{
    fputs("usage: interleave COMMAND [ARGS]\n\ncommands:\n", out);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        char left[64];
        snprintf(left, sizeof left, "%s %s", commands[i]->name, commands[i]->usage);
        fprintf(out, "  %-32s %s\n", left, commands[i]->summary);
    }
    fputs("\noptions:\n"
          "  -h, --help         this text\n"
          "  --version          print the version\n",
          out);
}

/* The full help: the command list, then each command's options, and what the
 * exit status means (scripts depend on it). */
static void print_help(FILE *out)
{
    print_usage(out);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (!commands[i]->options) continue;
        fprintf(out, "\n%s options:\n%s", commands[i]->name, commands[i]->options);
    }
    fputs(CLI_EXIT_HELP, out);
}

/* A usage error of no command in particular: the whole usage follows. */
static int top_error(const char *fmt, const char *arg)
{
    fputs("interleave: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    print_usage(stderr);
    fputs("Try 'interleave --help' for more information.\n", stderr);
    return CLI_EXIT_USAGE;
}

static int exec_help(const cli_command *self, int argc, char **argv)
{
    if (argc == 0) {
        print_help(stdout);
        return CLI_EXIT_CLEAN;
    }
    if (argc > 1) return cli_usage_error(self, "help takes at most one COMMAND");
    const cli_command *c = find_command(argv[0]);
    if (!c) return top_error("unknown command '%s'", argv[0]);
    cli_command_help(stdout, c);
    return CLI_EXIT_CLEAN;
}

/* A report cut short by a full disk must not pass for a clean run. A
 * reader that went away (`| head -1`, EPIPE: SIGPIPE is ignored, signals.h)
 * is the same failure, but said by nobody: the reader chose to stop. */
static int finish(int rc)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        struct pollfd pf = {.fd = 1, .events = POLLOUT};
        int gone = errno == EPIPE || (poll(&pf, 1, 0) == 1 && (pf.revents & POLLERR));
        if (!gone)
            fprintf(stderr, "interleave: error: writing to stdout failed: %s\n",
                    errno ? strerror(errno) : "write error");
        return CLI_EXIT_IO;
    }
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("interleave: error: no command given\n", stderr);
        print_usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
        print_help(stdout);
        return finish(CLI_EXIT_CLEAN);
    }
    if (strcmp(name, "--version") == 0) {
        printf("interleave %s\n", interleave_version());
        return finish(CLI_EXIT_CLEAN);
    }
    cli_signals_install(0); /* explore and check install them again, to stop gracefully */
    const cli_command *c = find_command(name);
    if (!c) return top_error(name[0] == '-' ? "unknown option '%s'" : "unknown command '%s'", name);
    return finish(c->exec(c, argc - 2, argv + 2));
}
