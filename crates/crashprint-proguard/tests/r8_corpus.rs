//! R8's own retrace test corpus (testdata/proguard/r8-retrace-stacktraces,
//! see its README.txt): every case's obfuscated trace retraced with its
//! mapping and compared with R8's expected output line by line, after
//! stripping whitespace and treating `:0)` as `)`; and every mapping's
//! warnings counted against R8's `expected-warnings.txt`.

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

/// Cases whose `expected-warnings.txt` (R8's `expectedWarnings()`) R8's own
/// test never checks, so crashprint's count differs there by design. R8's
/// `RetraceTests` (src/test/java/com/android/tools/r8/retrace/, read in
/// the same GitHub mirror) skips `CircularReferenceStackTrace` altogether (`assumeTrue("b/178599214", false)`), and runs
/// `InvalidStackTrace` with `.assertNoMessages()`: R8 itself gives no
/// warning for it, as crashprint does. (name, R8's expectedWarnings(),
/// crashprint's count).
const KNOWN_WARNING_DIFFERENCES: &[(&str, usize, usize)] = &[
    ("CircularReferenceStackTrace", 5, 0),
    ("InvalidStackTrace", 1, 0),
];

#[test]
fn r8_corpus_warnings_match_expected_warnings() {
    // crashprint's mapping warnings are the diagnostics R8 reports while
    // reading the mapping (RetraceUnknownMapVersionDiagnostic and the
    // like); their count is compared with R8's expectedWarnings().
    let mut agree = 0;
    let mut differences = Vec::new();
    for dir in cases() {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let expected: usize = std::fs::read_to_string(dir.join("expected-warnings.txt"))
            .expect("expected-warnings.txt")
            .trim()
            .parse()
            .expect("a warning count");
        let mapping = Mapping::open(&dir.join("mapping.txt")).expect("mapping");
        let got = mapping.warnings().len();
        if got == expected {
            agree += 1;
        } else {
            eprintln!(
                "{name}: R8 expects {expected} warnings, crashprint gives {got}: {:?}",
                mapping.warnings()
            );
            differences.push((name, expected, got));
        }
    }
    eprintln!("R8 corpus warnings: {agree}/64 agree; differences: {differences:?}");
    let known: Vec<(String, usize, usize)> = KNOWN_WARNING_DIFFERENCES
        .iter()
        .map(|&(n, e, g)| (n.to_string(), e, g))
        .collect();
    assert_eq!(
        differences, known,
        "warning counts differ from expected-warnings.txt beyond the known differences"
    );
    // Where R8's test checks the warnings themselves (RetraceTests
    // testMapVersionWarningStackTrace / testMultipleMapVersionWarningStackTrace:
    // unknown map versions, messages naming 99.0, then 98.0 and 99.0).
    for (case, versions) in [
        ("MapVersionWarningStackTrace", &["99.0"][..]),
        (
            "MultipleMapVersionsWarningStackTrace",
            &["98.0", "99.0"][..],
        ),
    ] {
        let mapping = Mapping::open(&corpus().join(case).join("mapping.txt")).expect("mapping");
        let messages: Vec<&str> = mapping
            .warnings()
            .iter()
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(messages.len(), versions.len(), "{case}: {messages:?}");
        for (message, version) in messages.iter().zip(versions) {
            assert!(
                message.contains("unknown mapping version") && message.contains(version),
                "{case}: {message:?} does not name version {version}"
            );
        }
    }
}
