/* netq: a small packet router. `netq BUG PATH DEPTH` replays the traffic
 * that reaches bug BUG (null-payload, queue-full, bad-ttl, null-iface,
 * null-label) through caller path PATH (1 or 2), inside DEPTH levels of the
 * zone walker; the crash handler (crash.c) reports the crash. */
#include "crash.h"
#include "netq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct scenario {
    int packets;
    uint8_t ttl;
    uint32_t dst;
    int with_payload;
    const char *label;
};

static const uint8_t data[64] = {0x45, 0x00, 0x00, 0x54, 0xde, 0xad, 0xbe, 0xef};
static struct packet pool[32];

static struct packet *make_packets(const struct scenario *s) {
    for (int i = 0; i < s->packets && i < 32; i++) {
        pool[i].id = 1000 + i;
        pool[i].ttl = s->ttl;
        pool[i].len = 64;
        pool[i].payload = s->with_payload || i == 0 ? data : NULL;
        pool[i].label = i == 0 ? "first" : s->label;
        pool[i].tag = NULL;
    }
    return pool;
}

static void receive_burst(struct router *r, const struct scenario *s) {
    struct packet *p = make_packets(s);
    for (int i = 0; i < s->packets; i++) {
        if (!packet_verify(&p[i])) continue;
        queue_push(&r->rx, &p[i]);
    }
}

static void seal_outbound(struct router *r, const struct scenario *s) {
    struct packet *p = make_packets(s);
    uint16_t sums[32];
    for (int i = 0; i < s->packets; i++) packet_seal(&p[i], &sums[i]);
    r->forwarded += sums[0];
}

static void requeue_failed(struct router *r, const struct scenario *s) {
    struct packet *p = make_packets(s);
    for (int i = 0; i < s->packets; i++) {
        // @since 1.1.0
        log_debug("retry %u", p[i].id);
        // @end
        queue_push(&r->retry, &p[i]);
    }
}

static void forward_one(struct router *r, const struct scenario *s) {
    struct packet *p = make_packets(s);
    const struct route *rt = route_lookup(r, s->dst);
    if (!rt) return;
    hop(p);
    r->forwarded++;
}

static void trace_route(struct router *r, const struct scenario *s) {
    struct packet *p = make_packets(s);
    for (int i = 0; i < 8; i++) {
        hop(p);
        log_debug("hop %d ttl %d", i, p->ttl);
    }
    r->forwarded++;
}

static void show_routes(struct router *r, const struct scenario *s) {
    (void)s;
    dump_routes(r);
}

static void tag_all(struct router *r, const struct scenario *s) {
    struct packet *p = make_packets(s);
    for (int i = 0; i < s->packets; i++) packet_tag(&p[i], "in");
    r->forwarded += (unsigned long)s->packets;
}

// @since 1.2.0
static void mirror_stats(struct router *r) {
    log_debug("mirrored %lu", r->forwarded);
}
// @end

static void mirror_packet(struct router *r, const struct scenario *s) {
    struct packet *p = make_packets(s);
    packet_tag(&p[1], "mirror");
    // @since 1.2.0
    mirror_stats(r);
    // @end
}

typedef void (*path_fn)(struct router *, const struct scenario *);

struct bug { const char *name; path_fn paths[2]; struct scenario s; };

static const struct bug bugs[] = {
    {"null-payload", {receive_burst, seal_outbound}, {3, 8, 0x0a000001, 0, "data"}},
    {"queue-full", {receive_burst, requeue_failed}, {6, 8, 0x0a000001, 1, "data"}},
    {"bad-ttl", {forward_one, trace_route}, {1, 0, 0x0a000001, 1, "data"}},
    {"null-iface", {forward_one, show_routes}, {1, 8, 0xac100203, 1, "data"}},
    {"null-label", {tag_all, mirror_packet}, {3, 8, 0x0a000001, 1, NULL}},
};

/* Walks the router's zones (nested) and runs the path in the innermost. */
static int walk_zones(int depth, path_fn path, struct router *r, const struct scenario *s) {
    if (depth <= 1) {
        path(r, s);
        return 1;
    }
    int zones = walk_zones(depth - 1, path, r, s);
    return zones + 1;
}

int main(int argc, char **argv) {
    install_crash_handler(RELEASE);
    if (argc != 4) {
        fprintf(stderr, "usage: netq BUG PATH DEPTH\n");
        return 2;
    }
    int path = atoi(argv[2]), depth = atoi(argv[3]);
    static struct router router;
    router_init(&router);
    for (unsigned i = 0; i < sizeof bugs / sizeof *bugs; i++) {
        if (strcmp(bugs[i].name, argv[1]) != 0 || path < 1 || path > 2) continue;
        // @since 1.1.0
        log_debug("replay %s/%d", argv[1], path);
        // @end
        int zones = walk_zones(depth, bugs[i].paths[path - 1], &router, &bugs[i].s);
        printf("no crash (%d zones, %lu forwarded)\n", zones, router.forwarded);
        return 0;
    }
    fprintf(stderr, "unknown bug or path\n");
    return 2;
}
