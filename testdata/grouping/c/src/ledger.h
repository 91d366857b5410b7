/* libledger: accounts, prices and shelf slots. */
#ifndef LEDGER_H
#define LEDGER_H

struct account { char name[32]; long balance; int entries; };
struct ledger { struct account accounts[8]; int count; };
struct slots { int cap; int used; int values[8]; };

struct ledger *ledger_open(void);
struct account *ledger_find(struct ledger *l, const char *name);
void ledger_post(struct account *a, long amount);
void ledger_transfer(struct ledger *l, const char *from, const char *to, long amount);
long average_price(const struct account *a);
long ledger_summary(struct ledger *l);
void slots_put(struct slots *s, int index, int value);
void slots_fill(struct slots *s, int from, int count, int value);

#endif
