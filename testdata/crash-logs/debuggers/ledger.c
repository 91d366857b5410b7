/* A small program that crashes three ways, for the debugger fixtures
 * (make.sh): a NULL dereference on a worker's sibling thread, a failed
 * assert, and a crash inside a stripped shared library. */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct account { const char *name; long balance; };

void ledger_visit(struct account *a, void (*fn)(struct account *));

static volatile int ready;

static void *idle_worker(void *arg) {
    (void)arg;
    ready = 1;
    for (;;) pause();
    return NULL;
}

__attribute__((noinline)) static struct account *ledger_find(struct account *all, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (strcmp(all[i].name, name) == 0) return &all[i];
    return NULL;
}

__attribute__((noinline)) static void ledger_post(struct account *a, long cents) {
    a->balance += cents;
}

__attribute__((noinline)) static void post_sale(struct account *all, int n, const char *who) {
    ledger_post(ledger_find(all, n, who), 100);
}

__attribute__((noinline)) static void check_quantity(int qty) {
    assert(qty > 0 && "quantity must be positive");
}

static void close_account(struct account *a) { a->balance = 0; }

int main(int argc, char **argv) {
    struct account all[2] = {{"alice", 0}, {"bob", 0}};
    pthread_t t;
    pthread_create(&t, NULL, idle_worker, NULL);
    while (!ready) usleep(1000);
    const char *what = argc > 1 ? argv[1] : "null";
    if (strcmp(what, "null") == 0) post_sale(all, 2, "carol");
    if (strcmp(what, "assert") == 0) check_quantity(argc - 3);
    if (strcmp(what, "library") == 0) ledger_visit(NULL, close_account);
    return 0;
}
