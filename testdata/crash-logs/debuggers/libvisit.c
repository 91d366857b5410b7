/* Built stripped into libvisit.so: gdb shows its frames as `?? ()`. */
struct account;
__attribute__((noinline)) static void visit_one(struct account **slot, void (*fn)(struct account *)) { fn(*slot); }
void ledger_visit(struct account **all, void (*fn)(struct account *)) { visit_one(all, fn); }
