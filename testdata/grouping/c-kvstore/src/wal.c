/* The write-ahead log: length-prefixed records with a one-byte checksum. */
#include "kv.h"
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAL_MAX_RECORD 256

static void corrupt(const struct wal *w, size_t at, const char *why) {
    fprintf(stderr, "kvstore: wal corrupt at byte %zu of %zu: %s\n", at, w->used, why);
    abort();
}

static unsigned char sum(const unsigned char *p, size_t n) {
    unsigned char s = 0;
    while (n--) s += *p++;
    return s;
}

void wal_append(struct wal *w, char op, const char *key, const char *value) {
    size_t klen = strlen(key), vlen = strlen(value);
    size_t n = 1 + klen + 1 + vlen;
    assert(n <= WAL_MAX_RECORD);
    if (w->used + n + 3 > sizeof w->buf) w->used = 0; /* wrap: older records were checkpointed */
    unsigned char *r = w->buf + w->used;
    r[0] = (unsigned char)(n >> 8);
    r[1] = (unsigned char)n;
    r[2] = (unsigned char)op;
    memcpy(r + 3, key, klen + 1);
    memcpy(r + 4 + klen, value, vlen);
    r[2 + n] = sum(r + 2, n);
    w->used += n + 3;
    w->records++;
}

// @since 1.2.0
static size_t wal_record_count(const struct wal *w) {
    return w->records;
}
// @end

size_t wal_replay(struct wal *w, struct kv *kv) {
    size_t at = 0, applied = 0;
    struct wal saved = *w;
    w->used = 0;
    while (at + 3 <= saved.used) {
        const unsigned char *r = saved.buf + at;
        size_t n = (size_t)r[0] << 8 | r[1];
        if (sum(r + 2, n) != r[2 + n]) corrupt(&saved, at, "checksum mismatch");
        const char *key = (const char *)r + 3;
        char value[WAL_MAX_RECORD];
        size_t klen = strlen(key);
        memcpy(value, r + 4 + klen, n - klen - 2);
        value[n - klen - 2] = 0;
        if (r[2] == 'P') kv_put(kv, key, value);
        else if (r[2] == 'D') kv_delete(kv, key);
        at += n + 3;
        applied++;
    }
    // @since 1.2.0
    if (applied != wal_record_count(&saved)) fprintf(stderr, "kvstore: replayed %zu records\n", applied);
    // @end
    return applied;
}

void wal_corrupt_last(struct wal *w) {
    if (w->used) w->buf[w->used - 1] ^= 0x5a;
}
