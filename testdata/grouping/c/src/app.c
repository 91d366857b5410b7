/* A small ledger app with four bugs. `app BUG PATH DEPTH` reaches bug BUG
 * (null-account, assert-qty, div-zero, oob-slot) through caller path PATH
 * (1, 2 or 3) after DEPTH levels of recursion in the department walker; its
 * crash handler (crash.c) reports the crash. */
#include "crash.h"
#include "ledger.h"
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct order { int id; int qty; long price; const char *account; };

static struct ledger *books;
static struct slots shelf = {4, 0, {0}};

// @since 1.1.0
static int audit_count;

__attribute__((noinline)) static void audit(const char *what, int id) {
    audit_count++;
    if (getenv("LEDGER_AUDIT")) fprintf(stderr, "audit: %s %d\n", what, id);
}
// @end

/* null-account: posting to an account that does not exist. */
__attribute__((noinline)) static void post_sale(struct order *o) {
    // @since 1.1.0
    audit("sale", o->id);
    // @end
    ledger_post(ledger_find(books, o->account), o->price * o->qty);
}

__attribute__((noinline)) static void refund_order(struct order *o) {
    struct account *a = ledger_find(books, o->account);
    ledger_post(a, -o->price * o->qty);
}

__attribute__((noinline)) static void nightly_close(struct order *o) {
    ledger_transfer(books, "sales", o->account, o->price);
}

/* assert-qty: an order without items. */
__attribute__((noinline)) static void validate_order(const struct order *o) {
    assert(o->qty > 0);
    assert(o->price >= 0);
}

__attribute__((noinline)) static void submit_order(struct order *o) {
    validate_order(o);
    ledger_post(ledger_find(books, "sales"), o->price * o->qty);
}

// @since 1.2.0
__attribute__((noinline)) static int parse_quantity(const char *field) {
    return field ? atoi(field) : 0;
}
// @end

__attribute__((noinline)) static void import_line(struct order *o, const char *line) {
    // @since 1.2.0
    o->qty = parse_quantity(strchr(line, ';'));
    // @end
    validate_order(o);
}

__attribute__((noinline)) static void retry_order(struct order *o) {
    for (int attempt = 0; attempt < 3; attempt++) submit_order(o);
}

/* div-zero: the average price of an account without entries. */
__attribute__((noinline)) static void report_daily(struct order *o) {
    long avg = average_price(ledger_find(books, o->account));
    printf("daily average %ld\n", avg);
}

__attribute__((noinline)) static void price_alert(struct order *o) {
    if (average_price(ledger_find(books, o->account)) > o->price) puts("price alert");
}

__attribute__((noinline)) static void month_end(struct order *o) {
    (void)o;
    printf("summary %ld\n", ledger_summary(books));
}

/* oob-slot: a shelf slot past the shelf's capacity. */
__attribute__((noinline)) static void reserve_seat(struct order *o) {
    slots_put(&shelf, o->qty, o->id);
}

__attribute__((noinline)) static void restock_shelf(struct order *o) {
    slots_fill(&shelf, 0, o->qty, o->id);
}

__attribute__((noinline)) static void bulk_load(struct order *o) {
    for (int i = 0; i < o->qty; i++) {
        // @since 1.1.0
        audit("load", i);
        // @end
        slots_put(&shelf, i * 2, o->id);
    }
}

__attribute__((noinline)) static void import_orders(struct order *o) {
    import_line(o, "order;0");
}

typedef void (*action_fn)(struct order *);

struct bug { const char *name; action_fn paths[3]; struct order order; };

static const struct bug bugs[] = {
    {"null-account", {post_sale, refund_order, nightly_close}, {1, 2, 250, "returns"}},
    {"assert-qty", {submit_order, import_orders, retry_order}, {2, 0, 100, "sales"}},
    {"div-zero", {report_daily, price_alert, month_end}, {3, 1, 50, "stock"}},
    {"oob-slot", {reserve_seat, restock_shelf, bulk_load}, {4, 6, 10, "stock"}},
};

/* Walks a chain of departments and runs the action at the last one. */
__attribute__((noinline)) static int walk_departments(int depth, action_fn action, struct order *o) {
    if (depth <= 1) {
        action(o);
        return 0;
    }
    int visited = walk_departments(depth - 1, action, o);
    return visited + 1;
}

int main(int argc, char **argv) {
    install_crash_handler(RELEASE);
    if (argc != 4) {
        fprintf(stderr, "usage: app BUG PATH DEPTH\n");
        return 2;
    }
    books = ledger_open();
    int path = atoi(argv[2]), depth = atoi(argv[3]);
    for (unsigned i = 0; i < sizeof bugs / sizeof *bugs; i++) {
        if (strcmp(bugs[i].name, argv[1]) != 0 || path < 1 || path > 3) continue;
        struct order o = bugs[i].order;
        action_fn action = bugs[i].paths[path - 1];
        // @since 1.1.0
        audit("start", o.id);
        // @end
        int visited = walk_departments(depth, action, &o);
        printf("no crash (%d departments)\n", visited);
        return 0;
    }
    fprintf(stderr, "unknown bug or path\n");
    return 2;
}
