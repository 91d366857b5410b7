/* The routing table. */
#include "netq.h"
#include <stdio.h>
#include <string.h>

static const char *const ifaces[] = {"lo", "eth0", "eth1", "wlan0"};

void router_init(struct router *r) {
    memset(r, 0, sizeof *r);
    queue_init(&r->rx, "rx", 4);
    queue_init(&r->retry, "retry", 2);
    struct route table[] = {
        {0x7f000000, 0xff000000, "lo", 0},
        {0x0a000000, 0xff000000, "eth0", 10},
        {0xc0a80000, 0xffff0000, "eth1", 20},
        {0xac100000, 0xfff00000, NULL, 30}, /* a VPN route whose iface went away */
    };
    memcpy(r->routes, table, sizeof table);
    r->nroutes = 4;
}

/* null-iface: a route that names no interface. */
int iface_index(const char *name) {
    size_t n = strlen(name);
    for (unsigned i = 0; i < sizeof ifaces / sizeof *ifaces; i++)
        if (strlen(ifaces[i]) == n && memcmp(ifaces[i], name, n) == 0) return (int)i;
    return -1;
}

const struct route *route_lookup(const struct router *r, uint32_t addr) {
    const struct route *best = NULL;
    for (int i = 0; i < r->nroutes; i++) {
        const struct route *rt = &r->routes[i];
        if ((addr & rt->mask) != rt->prefix) continue;
        if (iface_index(rt->iface) < 0) continue;
        if (!best || rt->metric < best->metric) best = rt;
    }
    return best;
}

void dump_routes(const struct router *r) {
    for (int i = 0; i < r->nroutes; i++)
        printf("%08x/%08x dev %d metric %d\n", r->routes[i].prefix, r->routes[i].mask,
               iface_index(r->routes[i].iface), r->routes[i].metric);
}
