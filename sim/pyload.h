/* pyload.h - a Python file as a program (python.md "Program files"), the
 * front end the loader (loader.h) picks for a path ending in .py. The
 * module becomes the same program model (program.h) the YAML loader
 * builds, so the compiler and everything after it are unchanged:
 *
 * - module-level code is the thread `main` (it alone runs at step 0);
 * - module-level variables given an int, bool or list literal before the
 *   first statement that starts a thread are the shared variables;
 * - NAME = threading.Lock() (every constructor of sync:, also through
 *   `from threading import Lock`) are the sync objects;
 * - `def f():` bodies are thread bodies, and NAME = threading.Thread(
 *   target=f, name=..., daemon=...) / threading.Timer(t, f) a thread
 *   named NAME (or name=) that runs f;
 * - name:, about: and expect: are in the module docstring, when it is a
 *   YAML mapping (its first line starts with one of those keys).
 *
 * What python.md has and this version does not yet is a positioned error
 * naming the construct. Every position is the .py file's own. docs/python.md
 * is the user's side. */
#ifndef IL_PYLOAD_H
#define IL_PYLOAD_H

#include "diag.h"
#include "program.h"

/* 1 when path names a Python file (its name ends in .py). */
int il_is_python_path(const char *path);

/* Fills p from p->text (the loader has set its path, text, hash, default
 * name and expect defaults). 0, or -1 after one message through d. */
int il_pyload(il_program *p, il_diag *d);

#endif
