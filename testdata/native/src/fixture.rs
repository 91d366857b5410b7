//! crashprint native fixture in Rust: generics, closures, inlining,
//! recursion and a panic site.
use std::collections::BTreeMap;

#[inline(always)]
fn clamp<T: PartialOrd>(v: T, lo: T, hi: T) -> T {
    if v < lo {
        lo
    } else if v > hi {
        hi
    } else {
        v
    }
}

#[inline(never)]
fn tally(words: &[&str]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for w in words {
        *counts.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    counts
}

#[inline(never)]
fn fib(n: u64) -> u64 {
    if n < 2 {
        n
    } else {
        fib(n - 1) + fib(n - 2)
    }
}

#[inline(never)]
fn checked_ratio(a: i64, b: i64) -> i64 {
    let scaled: Vec<i64> = (0..4).map(|i| clamp(a * i, -100, 100)).collect();
    scaled.iter().sum::<i64>() / b
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let words: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let counts = tally(&words);
    let n = fib(counts.len() as u64 + 10);
    let r = checked_ratio(n as i64, args.len() as i64 - 1 + (words.len() > 3) as i64);
    println!("{n} {r} {}", counts.len());
}
