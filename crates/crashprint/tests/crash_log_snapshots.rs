//! Pins the fingerprint and groupingHash of every real crash log in
//! `testdata/crash-logs` (ClusterFuzz and syzkaller) under every named
//! strategy version: a stored fingerprint must keep its meaning, whatever
//! moves inside the readers and the fingerprinter. A change here is a new
//! strategy version, never an edit of a snapshot.

use crashprint::readers::crashlog::parse_crash_log;
use crashprint::{Fingerprinter, Rules, Strategy};
use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/crash-logs")
}

/// Every log, sorted by path, with the text the reader is given (a
/// syzkaller test report's TITLE header is a label, never reader input).
fn logs() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (corpus, sub) in [
        ("clusterfuzz-stack-analyzer", "logs"),
        ("syzkaller-linux-reports", "reports"),
    ] {
        let dir = corpus_dir().join(corpus).join(sub);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("dir entry").path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        assert!(
            files.len() > 100,
            "{}: only {} logs",
            dir.display(),
            files.len()
        );
        for path in files {
            let bytes = std::fs::read(&path).expect("log file");
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let body = match text.find("\n\n") {
                Some(p) if text.starts_with("TITLE:") => text[p + 2..].to_string(),
                _ => text,
            };
            let name = format!(
                "{corpus}/{}",
                path.file_name().expect("name").to_string_lossy()
            );
            out.push((name, body));
        }
    }
    out
}

fn table(strategy: Strategy) -> String {
    let fingerprinter = Fingerprinter::with_strategy(Rules::default(), strategy);
    let mut table = format!("strategy {}\n", strategy.name());
    for (name, text) in logs() {
        match parse_crash_log(&text) {
            Some(event) => {
                let g = fingerprinter.group(&event);
                table.push_str(&format!(
                    "{name} {} {}\n",
                    g.fingerprint_base64(),
                    g.grouping_hash
                ));
            }
            None => table.push_str(&format!("{name} unread\n")),
        }
    }
    table
}

#[test]
fn crash_log_fingerprints_crashprint_2026_11() {
    insta::assert_snapshot!(table(Strategy::Crashprint2026_11));
}

#[test]
fn crash_log_fingerprints_crashprint_2026_12() {
    insta::assert_snapshot!(table(
        Strategy::from_name("crashprint:2026-12").expect("named")
    ));
}

/// `crashprint:2027-01`.
#[test]
fn crash_log_fingerprints_crashprint_2027_01() {
    insta::assert_snapshot!(table(
        Strategy::from_name("crashprint:2027-01").expect("named")
    ));
}

#[test]
fn crash_log_fingerprints_references() {
    for name in [
        "sentry-like:2026-11",
        "bugsnag-like:2026-11",
        "top3:2026-11",
        "raw:2026-11",
    ] {
        let strategy = Strategy::from_name(name).expect("named");
        insta::assert_snapshot!(name.replace(':', "_"), table(strategy));
    }
}
