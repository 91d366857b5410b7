//! Warm native lookups: every compilation unit already parsed, the cost of
//! resolving one address (inline chain, names demangled) on the Rust fixture
//! of testdata/native (the 2,000 addresses llvm-symbolizer was asked about,
//! in their file's order: sorted ascending, which favours the caches);
//! then the same lookups served by the flat address table
//! (`ModuleIndex::build_flat_table`, what a long-running server builds
//! once), whose build time and size are printed.
//!
//! Run: `cargo bench -p crashprint-benches --bench native_lookup`

use crashprint::native::ModuleIndex;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

fn bench(c: &mut Criterion) {
    let native = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/native");
    bench_object(
        c,
        "native-warm",
        &native.join("bin/rust-O2"),
        &native.join("expected/rust-O2.addrs"),
    );
    // A large binary of your own (the README's figure is for a big Rust
    // release binary with full debug info), with addresses one per line, in
    // the order given (benches/report.py writes random ones, in random order):
    // CRASHPRINT_BENCH_OBJECT=… CRASHPRINT_BENCH_ADDRS=… cargo bench …
    if let (Some(object), Some(addrs)) = (
        std::env::var_os("CRASHPRINT_BENCH_OBJECT"),
        std::env::var_os("CRASHPRINT_BENCH_ADDRS"),
    ) {
        bench_object(
            c,
            "native-warm-large",
            Path::new(&object),
            Path::new(&addrs),
        );
    }
}

fn bench_object(c: &mut Criterion, name: &str, object: &Path, addrs: &Path) {
    let index = ModuleIndex::open(object).expect("index");
    let addresses: Vec<u64> = std::fs::read_to_string(addrs)
        .expect("addresses")
        .lines()
        .filter_map(|l| u64::from_str_radix(l.trim().trim_start_matches("0x"), 16).ok())
        .collect();
    // Warm: parse every unit the addresses touch, resolve every name.
    let warm = index.lookup_many(&addresses);
    assert!(warm.iter().filter(|f| !f.is_empty()).count() > addresses.len() * 9 / 10);
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(addresses.len() as u64));
    if addresses.len() > 10_000 {
        // One iteration looks up every address (a third of a second on the
        // lazy path of a large binary): criterion's fewest samples.
        group.sample_size(10);
    }
    group.bench_function("lookup, one address at a time", |b| {
        b.iter(|| {
            for &a in &addresses {
                black_box(index.lookup(black_box(a)));
            }
        })
    });
    group.bench_function("lookup_with, borrowed frames", |b| {
        b.iter(|| {
            for &a in &addresses {
                black_box(index.lookup_with(black_box(a), |f| {
                    black_box(f);
                }));
            }
        })
    });
    group.bench_function("lookup_many (2 threads)", |b| {
        b.iter(|| black_box(index.lookup_many(black_box(&addresses))))
    });

    // The flat table, built on an index of its own (the lazy one above
    // stays as it is for comparison).
    let flat = ModuleIndex::open(object).expect("index");
    let started = Instant::now();
    let stats = flat.build_flat_table().expect("a flat table");
    eprintln!(
        "{name}: flat table built in {:.2?}: {} ranges, {} frames, {} names, {} files, {:.1} MB",
        started.elapsed(),
        stats.ranges,
        stats.frames,
        stats.names,
        stats.files,
        stats.bytes as f64 / 1e6
    );
    assert_eq!(flat.lookup_many(&addresses), warm, "the flat table agrees");
    group.bench_function("lookup_with, flat table", |b| {
        b.iter(|| {
            for &a in &addresses {
                black_box(flat.lookup_with(black_box(a), |f| {
                    black_box(f);
                }));
            }
        })
    });
    group.bench_function("lookup, flat table", |b| {
        b.iter(|| {
            for &a in &addresses {
                black_box(flat.lookup(black_box(a)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
