//! The cargo-fuzz seed corpora (and any crash the fuzzer saved into them)
//! run as ordinary tests, through the same entry point as the fuzz targets.

use crashprint::Format;
use std::path::Path;

fn run_corpus(target: &str, format: Option<Format>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("entry").path();
        let data = std::fs::read(&path).expect("read");
        crashprint::fuzz_support::exercise(&data, format);
        n += 1;
    }
    assert!(n > 0, "empty corpus for {target}");
}

#[test]
fn backtrace_corpus() {
    run_corpus("backtrace", Some(Format::Backtrace));
}

#[test]
fn bugsnag_corpus() {
    run_corpus("bugsnag", Some(Format::Bugsnag));
}

#[test]
fn canvas_corpus() {
    run_corpus("canvas", Some(Format::Canvas));
}

#[test]
fn detect_corpus() {
    run_corpus("detect", None);
}

#[test]
fn native_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/native");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let data = std::fs::read(entry.expect("entry").path()).expect("read");
        // The same calls as fuzz/fuzz_targets/native.rs.
        crashprint::fuzz_support::exercise_native(&data);
        n += 1;
    }
    assert!(n > 0, "empty native corpus");
}

#[test]
fn sourcemap_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/sourcemap");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let data = std::fs::read(entry.expect("entry").path()).expect("read");
        crashprint::fuzz_support::exercise_sourcemap(&data);
        n += 1;
    }
    assert!(n > 0, "empty corpus for sourcemap");
}

#[test]
fn proguard_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/proguard");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let data = std::fs::read(entry.expect("entry").path()).expect("read");
        crashprint::fuzz_support::exercise_proguard(&data);
        n += 1;
    }
    assert!(n > 0, "empty corpus for proguard");
}

#[test]
fn crashlog_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/crashlog");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let data = std::fs::read(entry.expect("entry").path()).expect("read");
        crashprint::fuzz_support::exercise_crash_log(&data);
        n += 1;
    }
    assert!(n > 0, "empty corpus for crashlog");
}

#[test]
fn symbol_store_corpus() {
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata");
    let templates = crashprint::fuzz_support::store_templates(&testdata).expect("fixtures");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/symbol_store");
    let mut n = 0;
    let mut resolved = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let data = std::fs::read(entry.expect("entry").path()).expect("read");
        // The same call as fuzz/fuzz_targets/symbol_store.rs.
        resolved += crashprint::fuzz_support::exercise_symbol_store(&data, &templates);
        n += 1;
    }
    assert!(n > 0, "empty corpus for symbol_store");
    // The seed with every file in place resolves frames of all three kinds:
    // the checks above ran on real answers.
    assert!(resolved > 0, "no frame resolved in the whole corpus");
}

#[test]
fn minidump_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/minidump");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let data = std::fs::read(entry.expect("entry").path()).expect("read");
        // The same call as fuzz/fuzz_targets/minidump.rs.
        crashprint::fuzz_support::exercise_minidump(&data);
        n += 1;
    }
    assert!(n > 0, "empty minidump corpus");
}

#[test]
fn breakpad_sym_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/breakpad_sym");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let data = std::fs::read(entry.expect("entry").path()).expect("read");
        // The same call as fuzz/fuzz_targets/breakpad_sym.rs.
        crashprint::fuzz_support::exercise_breakpad_sym(&data);
        n += 1;
    }
    assert!(n > 0, "empty breakpad_sym corpus");
}
