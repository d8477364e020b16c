/* bytecode.h - the compiled program: one opcode list for all threads, the
 * layout of the flat state, and the tables the machine needs.
 *
 * A state is one byte string: shared locations, sync objects, the output so
 * far (an interned id), then one block per thread. Everything the future of
 * a run depends on is in it, and nothing else, so equal bytes mean equal
 * futures: the explorer hashes and compares states as plain memory.
 *
 * Steps: OP_STMT marks where a new step starts (a statement, a condition, a
 * `for` header, a `with` release). The machine runs a thread's instructions
 * until it meets the next OP_STMT, or a second shared access in the same
 * step (language.md rule 1 and D1), or the end of the thread. */
#ifndef IL_BYTECODE_H
#define IL_BYTECODE_H

#include <stddef.h>
#include <stdint.h>

#include "primitives.h"
#include "program.h"

/* X(name, doc): the one opcode list; enum, names and disassembler use it. */
#define IL_OPCODES(X)                                                              \
    X(STMT, "b=line: a step starts here")                                          \
    X(CONST, "push consts[b]")                                                     \
    X(LOAD_LOCAL, "push local a (UnboundLocalError if unassigned)")                \
    X(STORE_LOCAL, "pop into local a")                                             \
    X(LOAD_ID, "push the thread's id")                                             \
    X(LOAD_SHARED, "push shared location b (an access)")                           \
    X(STORE_SHARED, "pop into shared location b (an access)")                      \
    X(LOAD_ELEM, "pop i, push list b[i] (an access)")                              \
    X(STORE_ELEM, "pop i, pop v, list b[i] = v (an access)")                       \
    X(CLEAR_LOCALS, "locals a..a+b-1 back to unassigned zeros (a call's, at its return)") \
    X(POP, "drop the top")                                                         \
    X(DUP, "duplicate the top")                                                    \
    X(SWAP, "swap the two top values")                                             \
    X(ADD, "") X(SUB, "") X(MUL, "") X(FLOORDIV, "") X(MOD, "")                    \
    X(NEG, "") X(NOT, "")                                                          \
    X(EQ, "") X(NE, "") X(LT, "") X(LE, "") X(GT, "") X(GE, "")                    \
    X(JUMP, "pc = b")                                                              \
    X(JUMP_IF_FALSE, "pop; if false pc = b")                                       \
    X(JUMP_IF_FALSE_KEEP, "if top false pc = b (keep it) else pop: `and`")         \
    X(JUMP_IF_TRUE_KEEP, "if top true pc = b (keep it) else pop: `or`")            \
    X(PRINT, "pop a values, emit line of print format b")                          \
    X(ASSERT, "pop; if false AssertionError with message string b (-1 none)")      \
    X(SLEEP, "pop n; ValueError if n < 0 (sleep(n) is a step, time is not modelled)") \
    X(RANGE_INIT, "pop step, stop, start into hidden locals a..a+2")               \
    X(RANGE_NEXT, "next value of range at a, or pc = b when done")                 \
    X(LIST_INIT, "pop b items into hidden locals a+2.. (b < 0: -b items already there), a = index, a+1 = count") \
    X(LIST_NEXT, "next item of list at a, or pc = b when done")                    \
    X(SYNC, "method a (il_method) of sync object b")        \
    X(THREAD, "thread method a on thread b")                                       \
    X(END, "the thread finishes")

typedef enum il_opcode {
#define IL_OP_ENUM(name, doc) IL_##name,
    IL_OPCODES(IL_OP_ENUM)
#undef IL_OP_ENUM
} il_opcode;
/* Outside the enum, so that a switch over il_opcode lists only opcodes
 * (-Wswitch-enum: every switch over one names each). */
#define IL_OP_COUNT(name, doc) +1
enum { IL_NOPCODES = 0 IL_OPCODES(IL_OP_COUNT) };
#undef IL_OP_COUNT

extern const char *const il_opcode_names[IL_NOPCODES];

/* Methods of sync objects (OP_SYNC: a = method, b = object): il_method,
 * from the method table of primitives.h. Arguments are on the stack. */

/* Columns of the method table (sync.c): the arguments each method pops and
 * the values it pushes (the compiler and the machine agree through them),
 * and its footprint class (the reduction's). */
extern const signed char il_method_pops[IL_NMETHODS];
extern const signed char il_method_pushes[IL_NMETHODS];
extern const il_sync_fp il_method_fp[IL_NMETHODS];

/* Thread methods (OP_THREAD: a = method, b = thread index). */
typedef enum il_tmethod {
    IL_T_START, IL_T_JOIN, IL_T_JOIN_TIMEOUT /* pops timeout */, IL_T_IS_ALIVE,
    IL_T_CANCEL,    /* timers only */
    IL_T_FIRE,      /* a timer's first step: ends it if cancelled */
    IL_T_TAKE,      /* an executor worker takes the next task */
    IL_T_TASK_END,  /* a task is over: take the next one, or end */
    /* A Python file's executor in main (il_program.executor_in_main): */
    IL_T_XSTART,    /* `with ThreadPoolExecutor(...)`: main starts the workers */
    IL_T_SUBMIT,    /* ex.submit(...), b times (map): the next task(s) can be taken */
    IL_T_SHUTDOWN,  /* leaving the with: waits until every worker has ended */
    IL_T_RESULT,    /* future.result() of task b: waits until it is done, pushes its value */
    IL_T_DONE,      /* future.done() of task b: pushes whether it is */
    IL_T_TASK_RET   /* `return e` of a task: pops e into its result */
} il_tmethod;

typedef struct il_insn {
    uint16_t op; /* il_opcode */
    uint16_t a;
    int32_t b;
} il_insn;

/* Thread status, stored in the thread's block. Blocked is not a status: it is
 * computed from the state (a thread is blocked when its next step cannot run). */
enum {
    IL_TS_NEW = 0, IL_TS_RUN = 1, IL_TS_DONE = 2, IL_TS_ERROR = 3,
    IL_TS_KILLED = 4 /* a daemon still running at the shutdown step (python.md F1):
                        neither finished nor failed nor blocked; its pc is where it was */
};

/* Runtime error kinds (language.md D8). 0 = none. */
typedef enum il_errkind {
    IL_ERR_NONE, IL_ERR_ASSERT, IL_ERR_ZERODIV, IL_ERR_INDEX, IL_ERR_OVERFLOW,
    IL_ERR_UNBOUND, IL_ERR_RUNTIME, IL_ERR_VALUE, IL_ERR_EMPTY, IL_ERR_FULL,
    IL_ERR_VALUE_ARG  /* a ValueError about an argument itself (release(0), acquire(False, timeout=1)) */
} il_errkind;
/* Outside the enum, so that a switch over il_errkind need not name it. */
enum { IL_NERRKINDS = IL_ERR_VALUE_ARG + 1 };
extern const char *const il_errkind_names[IL_NERRKINDS];

/* The head of a thread's block in the state; locals and the operand stack
 * (int64) follow it. 8 bytes + the defined bitmap, padded to 8. */
typedef struct il_thread_hdr {
    uint32_t pc;    /* next instruction; on error, the failing one */
    uint8_t status; /* IL_TS_* */
    uint8_t sp;     /* operand stack depth between steps */
    uint8_t err;    /* il_errkind when status is IL_TS_ERROR */
    uint8_t wait;   /* IL_W_*: condition wait and timer cancel state */
} il_thread_hdr;

enum {
    IL_W_NONE = 0,
    IL_W_WAITING = 1,  /* in a condition's waiters, not notified yet */
    IL_W_NOTIFIED = 2, /* notified: may reacquire the lock */
    IL_W_CANCELLED = 3, /* a timer cancelled before it fired */
    IL_W_TIMED_OUT = 4 /* a timed condition wait that gave up (python.md F2): still in
                          the waiters until a notify reaches it or it has the lock back */
};

typedef struct il_thread_info {
    const char *name;    /* instance name: t1, or phil0..phil4 for count: */
    int decl;            /* index in program->threads */
    int64_t id;          /* instance number (0 without count) */
    int daemon;
    int is_main;         /* the thread named main: it alone starts at step 0 */
    int is_timer;        /* a threading.Timer: its first step fires it */
    int is_worker;       /* an executor worker w0.. */
    int group;           /* symmetry group (interchangeable threads), or -1 */
    uint32_t code_end;   /* one past its body's last instruction */
    uint32_t entry;      /* first instruction */
    uint32_t off;        /* byte offset of its block in the state */
    uint32_t nlocals;    /* named locals then hidden ones (for loops, temps) */
    uint32_t maxstack;   /* operand stack slots */
    uint32_t defbytes;   /* bytes of the "local is assigned" bitmap, padded */
    const char **local_names; /* nlocals names (hidden ones start with '.') */
} il_thread_info;

/* One piece of a formatted print: text, or the next value as `spec` says. */
typedef struct il_print_piece {
    int32_t str;      /* >= 0: the text strings[str]; -1: the next value */
    int32_t is_bool;  /* the value prints True/False (il_fmt_part.is_bool) */
    il_fmt_spec spec;
} il_print_piece;

/* One print(). Most are a line of items joined by " ": `items` says which
 * are values and which strings, and the machine's fast path prints them.
 * The others (sep= or end= other than " " and "\n", f-strings, %, bools, a
 * "\n" inside a string) have `pieces`, every character they write in order,
 * sep and end included; the machine splits what they write into lines. */
/* Which part of a print an OP_PRINT writes: all of it, or under
 * --print=cpython (python.md F3) its text (without end), then its end, each
 * in a step of its own. A part's step record is exactly what it wrote. */
typedef enum il_print_part { IL_PRINT_WHOLE = 0, IL_PRINT_TEXT = 1, IL_PRINT_END = 2 } il_print_part;

typedef struct il_print_fmt {
    int nitems;
    int32_t *items; /* -1: next value; else index in strings */
    int32_t base;   /* -1: values on the stack; else in hidden locals base.. (a wide print) */
    int32_t nvals;  /* values it prints */
    int32_t npieces;
    il_print_piece *pieces; /* NULL: the fast path (items) */
    int32_t part;           /* il_print_part; TEXT and END always have pieces */
} il_print_fmt;

/* The output slot of a state (il_outp) holds the interned output in its low
 * 32 bits, and this bit when its last line is not finished: a print whose
 * `end` left it open; the next print, of any thread, carries it on. */
#define IL_OUT_PENDING ((uint64_t)1 << 32)

/* A print or literal list with more values than this keeps them in hidden
 * locals, not on the operand stack: arguments side by side are not nesting,
 * and the stack (and its limit) must not grow with their number. */
#define IL_WIDE_ITEMS 16

/* The `with` blocks enclosing an instruction, as a chain: chains[i] is the
 * object of the innermost one and chain_parent[i] the rest (-1: none). A
 * thread ended by an error releases them innermost first (D11). */
typedef struct il_code {
    const il_program *prog;
    il_insn *insns;
    uint32_t *lines;     /* file line of each instruction */
    int32_t *chain;      /* with-chain id of each instruction, -1 none */
    uint32_t ninsns;
    int32_t *chain_obj, *chain_parent;
    uint32_t nchains;
    int64_t *consts;
    uint32_t nconsts;
    const char **strings; /* print literals, assert messages */
    uint32_t nstrings;
    il_print_fmt *prints;
    uint32_t nprints;

    uint32_t nlocs;      /* shared locations (lists flattened) */
    uint32_t *var_base;  /* per shared decl: first location */
    const char **loc_names; /* "x", "forks[2]" per location */
    uint32_t *sync_slot; /* per sync object: first int64 slot */
    uint32_t *q_cap;     /* per sync object: a queue's item capacity */
    uint32_t nsyncslots;
    /* The executor: slot exec_slot holds the next task to take; then one
     * slot per task records an error the executor hid (0: none; else
     * worker << 40 | kind << 32 | pc). */
    uint32_t ntasks;
    uint32_t exec_slot;
    uint32_t *task_entry; /* per task: first instruction */
    uint32_t *task_end;   /* per task: its TASK_END instruction */
    uint32_t task_slot;   /* workers' hidden local holding the task index */
    /* The executor in main: slot exec_sub (after the error slots) counts the
     * tasks submitted, and a worker waits at its take while none is left
     * to take (UINT32_MAX: YAML's executor, every task submitted). */
    uint32_t exec_sub;
    /* ... then per task k, slots exec_sub + 1 + 2k (done: 1, failed: 2 + il_errkind) and
     * exec_sub + 2 + 2k (its return value). */
    /* Symmetry: groups of interchangeable threads (instances of one count:
     * declaration, or the executor's workers, whose code never reads `id`
     * and whom no other code names). Members are consecutive in thread
     * order, so a group is its first thread and its size. */
    uint32_t ngroups;
    uint32_t *group_first, *group_size;
    uint32_t nthreads;
    il_thread_info *threads;
    struct il_intern *thread_ix; /* thread name -> index (il_run_thread_index) */

    size_t state_size;   /* bytes, a multiple of 8 */
    size_t shared_off;   /* int64[nlocs] */
    size_t sync_off;     /* int64[nsyncslots] */
    size_t out_off;      /* uint64: interned output sequence id, | IL_OUT_PENDING */
    uint8_t *init;       /* the initial state */
    il_arena arena;      /* owns all the above */
} il_code;

/* Accessors into a state. */
static inline int64_t *il_shared(const il_code *c, uint8_t *s)
{ return (int64_t *)(s + c->shared_off); }
static inline int64_t *il_syncslots(const il_code *c, uint8_t *s)
{ return (int64_t *)(s + c->sync_off); }
static inline uint64_t *il_outp(const il_code *c, uint8_t *s)
{ return (uint64_t *)(s + c->out_off); }
/* Task k's future in main's executor: [0] done (1; failed: 2 + il_errkind), [1] its value. */
static inline int64_t *il_future(const il_code *c, uint8_t *s, uint32_t k)
{ return il_syncslots(c, s) + c->exec_sub + 1 + 2 * (size_t)k; }
static inline il_thread_hdr *il_thr(const il_code *c, uint8_t *s, uint32_t t)
{ return (il_thread_hdr *)(s + c->threads[t].off); }
static inline uint8_t *il_thr_defs(const il_code *c, uint8_t *s, uint32_t t)
{ return s + c->threads[t].off + sizeof(il_thread_hdr); }
static inline int64_t *il_thr_locals(const il_code *c, uint8_t *s, uint32_t t)
{ return (int64_t *)(s + c->threads[t].off + sizeof(il_thread_hdr) + c->threads[t].defbytes); }
static inline int64_t *il_thr_stack(const il_code *c, uint8_t *s, uint32_t t)
{ return il_thr_locals(c, s, t) + c->threads[t].nlocals; }

/* Prints the code, one instruction a line (for --disasm and debugging). */
#include <stdio.h>
void il_disasm(const il_code *c, FILE *out);

#endif
