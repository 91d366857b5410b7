//! A small ledger app with four bugs. `ledger-rs BUG PATH DEPTH` reaches bug
//! BUG (missing-sku, slot-index, overflow, bad-discount) through caller path
//! PATH (1, 2 or 3) after DEPTH levels of recursion in the department
//! walker; its panic hook (crash.rs) reports the panic and aborts.
mod crash;
mod ledger;

use ledger::{Catalog, Shelf};
use std::hint::black_box;

struct Order {
    id: u64,
    sku: &'static str,
    qty: u64,
    price: u64,
    discount: u64,
}

struct Ctx {
    catalog: Catalog,
    shelf: Shelf,
    order: Order,
}

// missing-sku: the price of an article that is not in the catalog.
#[inline(never)]
fn checkout(c: &mut Ctx) {
    let price = c.catalog.price_of(c.order.sku);
    println!("checkout {}", black_box(price * c.order.qty));
}

#[inline(never)]
fn quote(c: &mut Ctx) {
    // @since 1.2.0
    if black_box(c.catalog.known("apple")) {
        ledger::audit("quote", c.order.id);
    }
    // @end
    println!("quote {}", c.catalog.price_of(black_box(c.order.sku)));
}

#[inline(never)]
fn reprice_all(c: &mut Ctx) {
    let skus = ["apple", "pear", c.order.sku];
    let total: u64 = skus.iter().map(|sku| c.catalog.price_of(sku)).sum();
    println!("repriced {}", black_box(total));
}

// slot-index: a shelf slot past the shelf's capacity.
#[inline(never)]
fn reserve_slot(c: &mut Ctx) {
    c.shelf.put(black_box(c.order.qty as usize), c.order.id);
}

#[inline(never)]
fn restock(c: &mut Ctx) {
    c.shelf.fill(0, black_box(c.order.qty as usize), c.order.id);
    println!("restocked {} slots", c.shelf.used);
}

#[inline(never)]
fn bulk_load(c: &mut Ctx) {
    for i in 0..black_box(c.order.qty as usize) {
        // @since 1.1.0
        ledger::audit("load", i as u64);
        // @end
        c.shelf.put(i * 2, c.order.id);
    }
}

// overflow: an order total that does not fit in u64.
#[inline(never)]
fn invoice(c: &mut Ctx) {
    println!(
        "invoice {}",
        ledger::line_total(black_box(c.order.qty), c.order.price)
    );
}

#[inline(never)]
fn settle(c: &mut Ctx) {
    let lines = [(1, 10), (c.order.qty, c.order.price)];
    let total = lines.iter().fold(0u64, |sum, &(qty, price)| {
        sum + ledger::line_total(qty, black_box(price))
    });
    println!("settled {total}");
}

#[inline(never)]
fn month_end(c: &mut Ctx) {
    // @since 1.2.0
    println!("rounded {}", ledger::rounded(black_box(c.order.price)));
    // @end
    let total = ledger::line_total(black_box(c.order.qty), c.order.price);
    println!("month end {total}");
}

// bad-discount: a coupon worth more than the order.
#[inline(never)]
fn apply_coupon(c: &mut Ctx) {
    println!(
        "coupon {}",
        ledger::apply_discount(100, black_box(c.order.discount))
    );
}

#[inline(never)]
fn price_cart(c: &mut Ctx) {
    let discounts = [5, 10, c.order.discount];
    let prices: Vec<u64> = discounts
        .iter()
        .map(|&d| ledger::apply_discount(black_box(200), d))
        .collect();
    println!("cart {prices:?}");
}

#[inline(never)]
fn redeem_voucher(c: &mut Ctx) {
    // @since 1.1.0
    ledger::audit("voucher", c.order.id);
    // @end
    ledger::validate_discount(black_box(c.order.discount));
    println!("voucher redeemed");
}

type Action = fn(&mut Ctx);

struct Bug {
    name: &'static str,
    paths: [Action; 3],
    order: Order,
}

fn bugs() -> Vec<Bug> {
    vec![
        Bug {
            name: "missing-sku",
            paths: [checkout, quote, reprice_all],
            order: Order {
                id: 1,
                sku: "kiwi",
                qty: 2,
                price: 3,
                discount: 0,
            },
        },
        Bug {
            name: "slot-index",
            paths: [reserve_slot, restock, bulk_load],
            order: Order {
                id: 2,
                sku: "pear",
                qty: 6,
                price: 4,
                discount: 0,
            },
        },
        Bug {
            name: "overflow",
            paths: [invoice, settle, month_end],
            order: Order {
                id: 3,
                sku: "plum",
                qty: 1 << 40,
                price: 1 << 30,
                discount: 0,
            },
        },
        Bug {
            name: "bad-discount",
            paths: [apply_coupon, price_cart, redeem_voucher],
            order: Order {
                id: 4,
                sku: "apple",
                qty: 1,
                price: 3,
                discount: 150,
            },
        },
    ]
}

/// Walks a chain of departments and runs the action at the last one.
#[inline(never)]
fn walk_departments(depth: u32, action: Action, c: &mut Ctx) -> u32 {
    if depth <= 1 {
        action(c);
        return 0;
    }
    let visited = walk_departments(black_box(depth - 1), action, c);
    visited + 1
}

fn main() {
    crash::install(env!("LEDGER_RELEASE"));
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: ledger-rs BUG PATH DEPTH");
        std::process::exit(2);
    }
    let path: usize = args[2].parse().unwrap_or(0);
    let depth: u32 = args[3].parse().unwrap_or(1);
    for bug in bugs() {
        if bug.name != args[1] || !(1..=3).contains(&path) {
            continue;
        }
        let mut c = Ctx {
            catalog: Catalog::open(),
            shelf: Shelf {
                slots: vec![0; 4],
                used: 0,
            },
            order: bug.order,
        };
        // @since 1.1.0
        ledger::audit("start", c.order.id);
        // @end
        let visited = walk_departments(depth, bug.paths[path - 1], &mut c);
        println!("no crash ({visited} departments)");
        return;
    }
    eprintln!("unknown bug or path");
    std::process::exit(2);
}
