/* kvstore: a small key-value store. `kvstore BUG PATH DEPTH` runs the
 * session that reaches bug BUG (double-free, null-bucket, wal-assert,
 * wal-corrupt, stats-div) through command PATH (1 or 2), nested DEPTH
 * transactions deep; the crash handler (crash.c) reports the crash. */
#include "crash.h"
#include "kv.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct kv *store;

static void cmd_delete_then_clear(void) {
    kv_put(store, "user:1", "ann");
    kv_put(store, "user:2", "bob");
    kv_delete(store, "user:1");
    kv_clear(store);
}

static void cmd_delete_then_put(void) {
    kv_put(store, "session:9", "token");
    kv_delete(store, "session:9");
    kv_put(store, "session:9", "token2");
}

static void cmd_get(void) {
    struct kv *ro = kv_open(1);
    const char *v = kv_get(ro, "config:mode");
    printf("get %s\n", v ? v : "(nil)");
}

static void cmd_exists(void) {
    struct kv *ro = kv_open(1);
    // @since 1.1.0
    if (getenv("KV_TRACE")) fprintf(stderr, "exists?\n");
    // @end
    printf("exists %d\n", kv_get(ro, "config:mode") != NULL);
}

static void cmd_put_large(void) {
    char big[400];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    kv_put(store, "blob", big);
}

static void cmd_import(void) {
    static const char *lines[] = {"a=1", "b=2", "c=" /* followed by a long value */};
    char value[320];
    memset(value, 'y', sizeof value - 1);
    value[sizeof value - 1] = 0;
    for (int i = 0; i < 3; i++) {
        char key[8];
        snprintf(key, sizeof key, "%.1s", lines[i]);
        kv_put(store, key, i < 2 ? lines[i] + 2 : value);
    }
}

static void cmd_recover(void) {
    kv_put(store, "k1", "v1");
    kv_put(store, "k2", "v2");
    wal_corrupt_last(store->wal);
    struct kv *fresh = kv_open(0);
    fresh->wal = store->wal;
    printf("recovered %zu\n", wal_replay(store->wal, fresh));
}

static void cmd_reopen(void) {
    kv_put(store, "k1", "v1");
    wal_corrupt_last(store->wal);
    kv_clear(store);
    printf("replayed %zu\n", wal_replay(store->wal, store));
}

static void cmd_stats(void) {
    printf("avg %ld\n", kv_avg_value(store));
}

static void cmd_info(void) {
    kv_put(store, "tmp", "1");
    kv_delete(store, "tmp");
    printf("keys %zu avg %ld\n", store->count, kv_avg_value(store));
}

typedef void (*command)(void);
static const struct { const char *bug; command paths[2]; } bugs[] = {
    {"double-free", {cmd_delete_then_clear, cmd_delete_then_put}},
    {"null-bucket", {cmd_get, cmd_exists}},
    {"wal-assert", {cmd_put_large, cmd_import}},
    {"wal-corrupt", {cmd_recover, cmd_reopen}},
    {"stats-div", {cmd_stats, cmd_info}},
};

static int transaction(int depth, command c) {
    if (depth <= 1) {
        c();
        return 1;
    }
    return transaction(depth - 1, c) + 1;
}

int main(int argc, char **argv) {
    install_crash_handler(RELEASE);
    if (argc != 4) {
        fprintf(stderr, "usage: kvstore BUG PATH DEPTH\n");
        return 2;
    }
    int path = atoi(argv[2]);
    store = kv_open(0);
    for (unsigned i = 0; i < sizeof bugs / sizeof *bugs; i++) {
        if (strcmp(bugs[i].bug, argv[1]) != 0 || path < 1 || path > 2) continue;
        printf("%d transactions\n", transaction(atoi(argv[3]), bugs[i].paths[path - 1]));
        return 0;
    }
    fprintf(stderr, "unknown bug or path\n");
    return 2;
}
