/* embed.c - interleave as a library: explores the program named on the
 * command line and prints each outcome with its number of interleavings.
 *   cc embed.c $(pkg-config --cflags --libs interleave) -o embed */
#include <interleave.h>
#include <stdio.h>

static void say(void *ud, const char *line) { (void)ud; fprintf(stderr, "%s\n", line); }

int main(int argc, char **argv)
{
    static const char *const status[] = {"ok", "error", "deadlock"};
    interleave_config cfg;
    interleave_config_init(&cfg);
    cfg.diagnostic = say; /* FILE:LINE:COL: error: ... */
    interleave_model *m = NULL;
    interleave_exploration *x = NULL;
    if (argc != 2 || interleave_configure(&cfg) || interleave_load(argv[1], &m)) return 2;
    if (interleave_explore(m, NULL, &x) != INTERLEAVE_OK) return 3; /* a limit, or no memory */
    printf("%s: %s interleavings\n", interleave_model_name(m), interleave_interleavings(x));
    for (size_t i = 0; i < interleave_outcome_count(x); i++) {
        printf("%8s  %-8s output:", interleave_outcome_interleavings(x, i),
               status[interleave_outcome_status_of(x, i)]);
        for (size_t k = 0; k < interleave_outcome_output_count(x, i); k++)
            printf(" %s", interleave_outcome_output(x, i, k));
        printf("  final: %s\n", interleave_outcome_final(x, i));
    }
    printf("%zu races\n", interleave_finding_count(x, INTERLEAVE_FINDING_RACE));
    interleave_exploration_free(x); /* before the model it borrows */
    interleave_model_free(m);
    return 0;
}
