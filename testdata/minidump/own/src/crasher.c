/* C crasher: argv[1] picks the crash. Built -O0/-O2, with and without
 * frame pointers, by ../build.sh. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int crashlib_entry(int *slot, int value);

volatile int sink;

#if RELEASE >= 2
/* Release 2 adds code before the crash path: every address moves. */
static int __attribute__((noinline, used)) release2_checksum(const char *s) {
    int h = 7;
    while (*s) h = h * 31 + *s++;
    return h ^ (int)strlen(s);
}
int release2_table[64] = {2};
#endif

static void __attribute__((noinline)) write_null(int *p, int depth) {
    *p = depth; /* SIGSEGV */
    sink = depth;
}

static inline void inlined_step(int *p, int depth) {
    write_null(p, depth + 1);
    sink++;
}

static void __attribute__((noinline)) nested(int *p, int depth) {
    if (depth > 0) {
        nested(p, depth - 1);
        sink++;
        return;
    }
    inlined_step(p, depth);
}

static void __attribute__((noinline)) do_abort(const char *why) {
    sink = (int)strlen(why);
    abort();
}

static void *idle(void *arg) {
    (void)arg;
    for (;;) sleep(100);
    return NULL;
}

static void *worker(void *arg) {
    usleep(100 * 1000); /* let the idle threads block first */
    nested((int *)arg, 3);
    return NULL;
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "segv";
    pthread_t t[3];
    for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, idle, NULL);
    if (strcmp(mode, "segv") == 0) {
        usleep(100 * 1000);
        nested(NULL, 2);
    } else if (strcmp(mode, "thread") == 0) {
        pthread_create(&t[2], NULL, worker, NULL);
        pthread_join(t[2], NULL);
    } else if (strcmp(mode, "lib") == 0) {
        usleep(100 * 1000);
        sink = crashlib_entry(NULL, argc);
    } else if (strcmp(mode, "abort") == 0) {
        usleep(100 * 1000);
        do_abort("bad state");
    }
    puts("no crash");
    return 0;
}
