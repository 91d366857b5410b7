//! Per-event cost: crashprint's whole pipeline (parse, validate, normalize,
//! fingerprint) next to serde_json merely parsing the same bytes into a
//! `serde_json::Value`, on real SDK payloads from testdata/sdk-payloads.
//!
//! Run: `cargo bench -p crashprint-benches --bench process`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::path::Path;

fn line(file: &str, n: usize) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/sdk-payloads")
        .join(file);
    let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    data.split(|&b| b == b'\n')
        .nth(n - 1)
        .expect("line")
        .to_vec()
}

fn bench(c: &mut Criterion) {
    let engine = crashprint::Engine::builder().build().expect("engine");
    let fingerprinter = crashprint::Fingerprinter::default();
    let payloads = [
        // 4,250 bytes: the "typical 4 KB Backtrace payload".
        ("backtrace-node-4KB", line("backtrace-node.ndjson", 1)),
        ("backtrace-python-9KB", line("backtrace-python.ndjson", 1)),
        ("bugsnag-node-3KB", line("bugsnag-node.ndjson", 1)),
    ];
    let mut group = c.benchmark_group("per-event");
    for (name, bytes) in &payloads {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("serde_json::Value parse", name),
            bytes,
            |b, bytes| {
                b.iter(|| {
                    serde_json::from_slice::<serde_json::Value>(black_box(bytes)).expect("json")
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("crashprint process", name),
            bytes,
            |b, bytes| b.iter(|| engine.process(black_box(bytes)).expect("accepted")),
        );
        group.bench_with_input(
            BenchmarkId::new("parse+validate only", name),
            bytes,
            |b, bytes| {
                b.iter(|| {
                    crashprint::parse(black_box(bytes), None, engine.limits()).expect("accepted")
                })
            },
        );
        let parsed = crashprint::parse(bytes, None, engine.limits()).expect("accepted");
        group.bench_with_input(
            BenchmarkId::new("fingerprint only", name),
            &parsed.events[0],
            |b, event| b.iter(|| fingerprinter.group(black_box(event))),
        );
    }
    group.finish();

    // Reading a text crash log against reading a JSON payload of about the
    // same size, and grouping under each version of the default strategy.
    let json = line("backtrace-node.ndjson", 1);
    let logs = [
        (
            "asan-log-4KB",
            text_log("crash-logs/clusterfuzz-stack-analyzer/logs/asan_gsignal.txt"),
        ),
        (
            "lldb-log-4KB",
            text_log("crash-logs/debuggers/out/lldb-assert.txt"),
        ),
        (
            "gdb-bt-full-log-2KB",
            text_log("crash-logs/debuggers/out/gdb-null-bt-full-all-threads.txt"),
        ),
    ];
    let mut group = c.benchmark_group("read");
    group.bench_with_input(
        BenchmarkId::new("json payload", "backtrace-node-4KB"),
        &json,
        |b, bytes| b.iter(|| crashprint::parse(black_box(bytes), None, engine.limits())),
    );
    for (name, bytes) in &logs {
        group.bench_with_input(BenchmarkId::new("text log", name), bytes, |b, bytes| {
            b.iter(|| {
                crashprint::parse(
                    black_box(bytes),
                    Some(crashprint::Format::Text),
                    engine.limits(),
                )
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("group");
    for strategy in [
        crashprint::Strategy::Crashprint2026_12,
        crashprint::Strategy::Crashprint2027_01,
    ] {
        let fingerprinter =
            crashprint::Fingerprinter::with_strategy(crashprint::Rules::default(), strategy);
        for (name, bytes) in payloads.iter().chain(logs.iter()) {
            let format = name.contains("-log-").then_some(crashprint::Format::Text);
            let parsed = crashprint::parse(bytes, format, engine.limits()).expect("accepted");
            group.bench_with_input(
                BenchmarkId::new(strategy.name(), name),
                &parsed.events[0],
                |b, event| b.iter(|| fingerprinter.group(black_box(event))),
            );
        }
    }
    group.finish();
}

fn text_log(path: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata")
        .join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

criterion_group!(benches, bench);
criterion_main!(benches);
