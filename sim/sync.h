/* sync.h - the synchronisation primitives (Lock, RLock, ...): their slots in
 * the state, their methods' enabled/blocked rule and effects, their errors and
 * how a blocked thread's wait is described. One case per primitive in each
 * switch: adding a primitive means adding its cases here and its methods to
 * the compiler's method table, nothing else. */
#ifndef IL_SYNC_H
#define IL_SYNC_H

#include <stdint.h>

#include "bytecode.h"
#include "util.h"

typedef enum il_sync_res {
    IL_SYNC_OK,    /* done; *ret holds the result when the method has one */
    IL_SYNC_BLOCK, /* would block: the step is not enabled */
    IL_SYNC_ERROR  /* *err holds the error kind */
} il_sync_res;

/* int64 slots the primitive keeps in the state (0 = not supported yet). */
int il_sync_nslots(il_sync_kind k);
const char *il_sync_kind_name(il_sync_kind k); /* "lock", "rlock", ... (D15 words) */

/* Initial slot values. */
void il_sync_init(const il_sync_decl *d, int64_t *slots);

/* Runs method m of object obj for thread t. args are the popped arguments
 * (il_method says how many), *ret receives a result. */
il_sync_res il_sync_call(const il_code *c, uint8_t *s, uint32_t obj, il_method m,
                         uint32_t t, const int64_t *args, int64_t *ret,
                         il_errkind *err);

/* Human words for a thread blocked on obj: "lock m held by t2". */
void il_sync_describe(const il_code *c, const uint8_t *s, uint32_t obj, il_buf *out);

/* Message of an error raised by method m on obj (for reports). */
const char *il_sync_error_message(const il_code *c, uint32_t obj, il_method m,
                                  il_errkind err);

#endif
