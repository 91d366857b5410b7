/* The hash table. */
#include "kv.h"
#include <stdlib.h>
#include <string.h>

static uint32_t hash(const char *s) {
    uint32_t h = 2166136261u;
    while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

struct kv *kv_open(int lazy) {
    struct kv *kv = calloc(1, sizeof *kv);
    kv->nbuckets = 16;
    if (!lazy) kv->buckets = calloc(kv->nbuckets, sizeof *kv->buckets);
    kv->wal = calloc(1, sizeof *kv->wal);
    return kv;
}

static struct entry *bucket_find(struct kv *kv, const char *key) {
    struct entry *e = kv->buckets[hash(key) % kv->nbuckets];
    while (e && strcmp(e->key, key) != 0) e = e->next;
    return e;
}

static void entry_free(struct entry *e) {
    free(e->value);
    // @since 1.1.0
    e->vlen = 0;
    // @end
}

void kv_put(struct kv *kv, const char *key, const char *value) {
    wal_append(kv->wal, 'P', key, value);
    struct entry *e = bucket_find(kv, key);
    if (e) {
        kv->bytes -= e->vlen;
        entry_free(e);
    } else {
        e = calloc(1, sizeof *e);
        e->key = strdup(key);
        size_t b = hash(key) % kv->nbuckets;
        e->next = kv->buckets[b];
        kv->buckets[b] = e;
        kv->count++;
    }
    e->value = strdup(value);
    e->vlen = strlen(value);
    kv->bytes += e->vlen;
}

const char *kv_get(struct kv *kv, const char *key) {
    struct entry *e = bucket_find(kv, key);
    return e ? e->value : NULL;
}

/* Deletes lazily: the entry stays in its bucket until the next compaction. */
int kv_delete(struct kv *kv, const char *key) {
    struct entry *e = bucket_find(kv, key);
    if (!e) return 0;
    wal_append(kv->wal, 'D', key, "");
    entry_free(e);
    kv->count--;
    kv->bytes -= e->vlen;
    return 1;
}

void kv_clear(struct kv *kv) {
    for (size_t b = 0; b < kv->nbuckets; b++) {
        struct entry *e = kv->buckets[b];
        while (e) {
            struct entry *next = e->next;
            entry_free(e);
            free(e->key);
            free(e);
            e = next;
        }
        kv->buckets[b] = NULL;
    }
    kv->count = 0;
    kv->bytes = 0;
}

long kv_avg_value(const struct kv *kv) {
    return (long)kv->bytes / (long)kv->count;
}
