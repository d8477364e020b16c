/* fuzz_pyfile.c - fuzz_program.c's target with the bytes read as a Python
 * file (the loader picks pyload.c by the name): module, docstring, bodies,
 * compiler and a few steps. */
#define FUZZ_PATH "fuzz.py"
#include "fuzz_program.c"
