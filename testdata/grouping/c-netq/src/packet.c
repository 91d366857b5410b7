/* Packets: checksums, tags, hops. */
#include "netq.h"
#include <stdlib.h>
#include <string.h>

/* null-payload: a packet whose payload was never attached. Small enough that
 * an optimizer may inline it into both callers. */
static uint16_t checksum(const struct packet *p) {
    uint32_t sum = p->id;
    for (uint16_t i = 0; i < p->len; i++) sum += (uint32_t)p->payload[i] << ((i & 1) * 8);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

int packet_verify(const struct packet *p) {
    // @since 1.1.0
    if (p->len > 1500) return 0;
    // @end
    return checksum(p) != 0;
}

void packet_seal(struct packet *p, uint16_t *out) {
    *out = checksum(p);
    log_debug("sealed %u", p->id);
}

/* null-label: strdup of a label that was never set. */
void packet_tag(struct packet *p, const char *prefix) {
    char *label = strdup(p->label);
    size_t n = strlen(prefix) + strlen(label) + 2;
    p->tag = malloc(n);
    strcpy(p->tag, prefix);
    strcat(p->tag, ":");
    strcat(p->tag, label);
    free(label);
}

/* bad-ttl: a packet that ran out of hops. */
void hop(struct packet *p) {
    if (p->ttl == 0) fatal("packet %u: ttl expired in transit", p->id);
    p->ttl--;
}
