/* symmetry.h - the canonical form of a state under thread symmetry.
 *
 * Threads of one group (instances of one `count:` body that never read
 * their id) are interchangeable: a state and any permutation of a group's
 * thread blocks have the same futures up to the renaming. The explorer
 * stores one representative per class, and the race pass canonicalises
 * its (state, metadata) pairs with the same map. */
#ifndef IL_SYMMETRY_H
#define IL_SYMMETRY_H

#include <stdint.h>

#include "bytecode.h"
#include "machine.h"

/* Puts s in canonical form in place: each group's blocks sorted, every
 * thread index the state holds renamed to match. map[t] is then the new
 * index of old thread t (nthreads entries); tmp is scratch of state_size
 * bytes. Returns 1 if some thread moved (map is the identity otherwise). */
int il_sym_canonicalize(const il_code *c, uint8_t *s, uint32_t *map, uint8_t *tmp);

/* Whether the step from `before` to `after` (not yet canonical) makes a
 * finding that names a member of a group: a member newly failed (the
 * waiters of a Barrier fail in another thread's step too), or an
 * executor's hidden errors changed (they name their worker). A member's
 * finding would stand for its whole group, so such a program is explored
 * without symmetry; so is one that deadlocks. */
int il_sym_step_names_member(const il_code *c, const uint8_t *before, const uint8_t *after);

/* A schedule in canonical thread numbers (each step's thread in the frame
 * of the canonical state it leaves, as a path of canonical states has
 * them) made real, in place: replayed from the start with m (no observer),
 * following the composed renaming. Exact even where two members of a class
 * have different canonical forms (ties the sort leaves). The shutdown
 * step (nthreads, machine.h) stays itself. If sigma is given
 * (nthreads entries) it is the renaming, real -> canonical, of the state
 * before the last step. */
void il_sym_real_schedule(const il_machine *m, uint32_t *sched, size_t n, uint32_t *sigma);

#endif
