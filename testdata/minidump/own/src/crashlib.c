/* A shared library the C crasher calls into; the crash happens in here. */
#include <stddef.h>

static int __attribute__((noinline)) lib_store(int *slot, int value) {
    *slot = value; /* crashes when slot is NULL */
    return value + 1;
}

static inline int lib_inlined(int *slot, int value) {
    return lib_store(slot, value * 2) + 3;
}

int __attribute__((noinline)) crashlib_entry(int *slot, int value) {
    int r = lib_inlined(slot, value);
    return r * 7;
}
