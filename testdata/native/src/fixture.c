/* crashprint native fixture: recursion, inlining across files, several
 * callers of the same helper, a function pointer, and a crash site. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "shapes.h"

struct node { int value; struct node *next; };

static int depth_sum(int n) {
    if (n <= 0) return 0;
    return n + depth_sum(n - 1);
}

static inline int scale(int v) { return area(v, v + 1) / 3; }

__attribute__((noinline)) int parse_number(const char *s) {
    int v = 0;
    while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
    return scale(v);
}

__attribute__((noinline)) int walk(struct node *n) {
    int total = 0;
    while (n) { total += clamp(n->value, -5, 5); n = n->next; }
    return total;
}

__attribute__((noinline)) void crash_here(int *p) {
    *p = area(3, 4);
}

typedef int (*op_fn)(int);
static int twice(int x) { return 2 * x; }
static int thrice(int x) { return 3 * x; }

__attribute__((noinline)) int apply(op_fn f, int x) { return f(x) + scale(x); }

int main(int argc, char **argv) {
    struct node c = {3, NULL}, b = {-9, &c}, a = {12, &b};
    int r = parse_number(argc > 1 ? argv[1] : "42");
    r += walk(&a) + depth_sum(argc + 5);
    r += apply(argc > 2 ? thrice : twice, r);
    printf("%d\n", r);
    if (argc > 3) crash_here(NULL);
    return r == 7 ? 1 : 0;
}
