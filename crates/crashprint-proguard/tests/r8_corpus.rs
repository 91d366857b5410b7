//! R8's own retrace test corpus (testdata/proguard/r8-retrace-stacktraces,
//! see its README.txt): every case's obfuscated trace retraced with its
//! mapping and compared with R8's expected output line by line, after
//! stripping whitespace and treating `:0)` as `)`.

#![allow(clippy::print_stderr)] // the test reports its pass count and diffs

use crashprint_proguard::{retrace_text, Mapping};
use std::path::{Path, PathBuf};

/// Cases that must match (non-verbose); raise when more pass.
const MIN_PASSING: usize = 64;
/// Same for the verbose form.
const MIN_PASSING_VERBOSE: usize = 64;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/proguard/r8-retrace-stacktraces")
}

fn normalize(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            l.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .replace(":0)", ")")
        })
        .filter(|l| !l.is_empty())
        .collect()
}

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("corpus directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("mapping.txt").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn run(verbose: bool) -> (usize, Vec<String>) {
    let expected_name = if verbose {
        "retraced-verbose.txt"
    } else {
        "retraced.txt"
    };
    let mut pass = 0;
    let mut failing = Vec::new();
    let dirs = cases();
    assert_eq!(dirs.len(), 64, "the corpus has 64 cases");
    for dir in dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mapping = Mapping::open(&dir.join("mapping.txt")).expect("mapping");
        let trace = std::fs::read_to_string(dir.join("obfuscated.txt")).expect("trace");
        let expected = std::fs::read_to_string(dir.join(expected_name)).expect("expected");
        let got = retrace_text(&mapping, &trace, verbose);
        if normalize(&got) == normalize(&expected) {
            pass += 1;
        } else {
            eprintln!("--- {name} (verbose: {verbose})\nexpected:\n{expected}\ngot:\n{got}");
            failing.push(name);
        }
    }
    (pass, failing)
}

#[test]
fn r8_corpus_retrace() {
    let (pass, failing) = run(false);
    eprintln!("R8 corpus: {pass}/64 pass; failing: {failing:?}");
    assert!(pass >= MIN_PASSING, "{pass} < {MIN_PASSING}: {failing:?}");
}

#[test]
fn r8_corpus_retrace_verbose() {
    let (pass, failing) = run(true);
    eprintln!("R8 corpus (verbose): {pass}/64 pass; failing: {failing:?}");
    assert!(
        pass >= MIN_PASSING_VERBOSE,
        "{pass} < {MIN_PASSING_VERBOSE}: {failing:?}"
    );
}

#[test]
fn r8_corpus_mappings_never_fail() {
    // Every mapping parses; warnings only where R8 expects some.
    for dir in cases() {
        let mapping = Mapping::open(&dir.join("mapping.txt")).expect("mapping");
        let _ = mapping.warnings();
    }
}
