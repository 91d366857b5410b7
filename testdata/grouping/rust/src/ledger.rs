//! Catalog, shelf and pricing: where the four bugs live.
use std::collections::HashMap;

pub struct Catalog {
    prices: HashMap<&'static str, u64>,
}

// @since 1.1.0
static mut AUDITED: u64 = 0;

/// An unrelated audit hook added in 1.1.0 (moves everything below it).
#[inline(never)]
pub fn audit(what: &str, id: u64) {
    unsafe { AUDITED += 1 };
    if std::env::var_os("LEDGER_AUDIT").is_some() {
        eprintln!("audit: {what} {id}");
    }
}
// @end

impl Catalog {
    pub fn open() -> Catalog {
        let mut prices = HashMap::new();
        for (sku, price) in [("apple", 3), ("pear", 4), ("plum", 2)] {
            prices.insert(sku, price);
        }
        Catalog { prices }
    }

    // @since 1.2.0
    #[inline(never)]
    pub fn known(&self, sku: &str) -> bool {
        !sku.is_empty() && sku.len() < 32 && self.prices.contains_key(sku)
    }
    // @end

    /// missing-sku: `unwrap()` on the price of an unknown article.
    #[inline(never)]
    pub fn price_of(&self, sku: &str) -> u64 {
        // @since 1.1.0
        audit("price", sku.len() as u64);
        // @end
        *self.prices.get(sku).unwrap()
    }
}

pub struct Shelf {
    pub slots: Vec<u64>,
    pub used: usize,
}

impl Shelf {
    /// slot-index: indexing past the shelf's capacity.
    #[inline(never)]
    pub fn put(&mut self, index: usize, value: u64) {
        // @since 1.1.0
        if index >= self.used {
            self.used = index + 1;
        }
        // @end
        self.slots[index] = value;
    }

    #[inline(never)]
    pub fn fill(&mut self, from: usize, count: usize, value: u64) {
        for i in 0..count {
            self.put(from + i, value);
        }
    }
}

/// overflow: a checked multiplication that does not fit.
#[inline(never)]
pub fn line_total(qty: u64, unit_price: u64) -> u64 {
    qty.checked_mul(unit_price).expect("line total overflows")
}

// @since 1.2.0
#[inline(never)]
pub fn rounded(cents: u64) -> u64 {
    (cents + 50) / 100 * 100
}
// @end

/// bad-discount: a validation that rejects the discount with a panic.
#[inline(never)]
pub fn validate_discount(percent: u64) {
    if percent > 100 {
        panic!("discount of {percent}% is out of range");
    }
}

#[inline(never)]
pub fn apply_discount(total: u64, percent: u64) -> u64 {
    validate_discount(percent);
    total - total * percent / 100
}
