/* libledger: accounts, prices and shelf slots (a shared library). */
#include "ledger.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ledger *ledger_open(void) {
    struct ledger *l = calloc(1, sizeof *l);
    const char *names[] = {"cash", "sales", "stock"};
    for (int i = 0; i < 3; i++) snprintf(l->accounts[i].name, sizeof l->accounts[i].name, "%s", names[i]);
    l->count = 3;
    return l;
}

// @since 1.1.0
static int valid_name(const char *name) {
    return name && name[0] && strlen(name) < 32;
}
// @end

struct account *ledger_find(struct ledger *l, const char *name) {
    // @since 1.1.0
    if (!valid_name(name)) return NULL;
    // @end
    for (int i = 0; i < l->count; i++)
        if (strcmp(l->accounts[i].name, name) == 0) return &l->accounts[i];
    return NULL;
}

void ledger_post(struct account *a, long amount) {
    a->balance += amount;
    a->entries++;
}

void ledger_transfer(struct ledger *l, const char *from, const char *to, long amount) {
    ledger_post(ledger_find(l, from), -amount);
    ledger_post(ledger_find(l, to), amount);
}

// @since 1.2.0
long ledger_total(const struct ledger *l) {
    long total = 0;
    for (int i = 0; i < l->count; i++) total += l->accounts[i].balance;
    return total;
}
// @end

long average_price(const struct account *a) {
    return a->balance / a->entries;
}

long ledger_summary(struct ledger *l) {
    long sum = 0;
    for (int i = 0; i < l->count; i++) sum += average_price(&l->accounts[i]);
    return sum;
}

static void slots_overflow(const struct slots *s, int index) {
    fprintf(stderr, "slots: index %d out of bounds (capacity %d)\n", index, s->cap);
    abort();
}

void slots_put(struct slots *s, int index, int value) {
    if (index < 0 || index >= s->cap) slots_overflow(s, index);
    // @since 1.1.0
    if (index >= s->used) s->used = index + 1;
    // @end
    s->values[index] = value;
}

void slots_fill(struct slots *s, int from, int count, int value) {
    for (int i = 0; i < count; i++) slots_put(s, from + i, value);
}
