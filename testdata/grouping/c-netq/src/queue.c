/* Fixed-size packet ring buffers. */
#include "netq.h"

void queue_init(struct queue *q, const char *name, int cap) {
    q->name = name;
    q->cap = cap > 16 ? 16 : cap;
    q->head = 0;
    q->count = 0;
}

/* queue-full: the ring is full; netq never drops silently. */
void queue_push(struct queue *q, struct packet *p) {
    if (q->count == q->cap) fatal("queue %s full (%d packets)", q->name, q->count);
    // @since 1.2.0
    log_debug("push %u to %s", p->id, q->name);
    // @end
    q->slots[(q->head + q->count) % q->cap] = p;
    q->count++;
}

struct packet *queue_pop(struct queue *q) {
    if (q->count == 0) return NULL;
    struct packet *p = q->slots[q->head];
    q->head = (q->head + 1) % q->cap;
    q->count--;
    return p;
}
