/* kvstore: an in-memory hash table with a write-ahead log. */
#ifndef KV_H
#define KV_H
#include <stddef.h>
#include <stdint.h>

struct entry {
    char *key;
    char *value;
    size_t vlen;
    struct entry *next;
};

struct kv {
    struct entry **buckets;
    size_t nbuckets;
    size_t count;
    size_t bytes;
    struct wal *wal;
};

struct wal {
    unsigned char buf[4096];
    size_t used;
    uint32_t records;
};

struct kv *kv_open(int lazy);
void kv_put(struct kv *kv, const char *key, const char *value);
const char *kv_get(struct kv *kv, const char *key);
int kv_delete(struct kv *kv, const char *key);
void kv_clear(struct kv *kv);
long kv_avg_value(const struct kv *kv);

void wal_append(struct wal *w, char op, const char *key, const char *value);
size_t wal_replay(struct wal *w, struct kv *kv);
void wal_corrupt_last(struct wal *w);

#endif
