/* netq: a small packet router (queues, routes, packets). */
#ifndef NETQ_H
#define NETQ_H
#include <stddef.h>
#include <stdint.h>

struct packet {
    uint32_t id;
    uint8_t ttl;
    uint16_t len;
    const uint8_t *payload;
    const char *label;
    char *tag;
};

struct queue {
    const char *name;
    int cap, head, count;
    struct packet *slots[16];
};

struct route {
    uint32_t prefix, mask;
    const char *iface;
    int metric;
};

struct router {
    struct queue rx, retry;
    struct route routes[8];
    int nroutes;
    unsigned long forwarded;
};

/* util.c */
void fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* queue.c */
void queue_init(struct queue *q, const char *name, int cap);
void queue_push(struct queue *q, struct packet *p);
struct packet *queue_pop(struct queue *q);

/* packet.c */
int packet_verify(const struct packet *p);
void packet_seal(struct packet *p, uint16_t *out);
void packet_tag(struct packet *p, const char *prefix);
void hop(struct packet *p);

/* route.c */
void router_init(struct router *r);
int iface_index(const char *name);
const struct route *route_lookup(const struct router *r, uint32_t addr);
void dump_routes(const struct router *r);

#endif
