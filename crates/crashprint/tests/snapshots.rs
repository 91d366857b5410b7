//! Pins the fingerprints of the bundled examples under every version of the
//! default strategy: a stored fingerprint must keep its meaning. A change
//! here is a new strategy version, never an edit of a snapshot.

mod common;
use common::*;
use crashprint::Strategy;

/// `crashprint:2026-11`, the first default: its snapshot was written when it
/// was the default and must never change.
#[test]
fn fingerprints_of_the_bundled_examples_are_stable() {
    insta::assert_snapshot!(table(Strategy::Crashprint2026_11));
}

/// `crashprint:2026-12`.
#[test]
fn fingerprints_of_the_bundled_examples_are_stable_2026_12() {
    insta::assert_snapshot!(table(Strategy::Crashprint2026_12));
}

/// `crashprint:2027-01`.
#[test]
fn fingerprints_of_the_bundled_examples_are_stable_2027_01() {
    insta::assert_snapshot!(table(Strategy::Crashprint2027_01));
}

/// The default's version has a snapshot of its own: a new default is a new
/// version with a new test and a new snapshot file, never a new meaning for
/// an old file. The list pairs each version of crashprint's own strategy
/// with its snapshot; it fails when the default names a version not in it.
#[test]
fn the_default_has_a_snapshot_of_its_own() {
    const PINNED: [(&str, &str); 3] = [
        (
            "crashprint:2026-11",
            "snapshots__fingerprints_of_the_bundled_examples_are_stable.snap",
        ),
        (
            "crashprint:2026-12",
            "snapshots__fingerprints_of_the_bundled_examples_are_stable_2026_12.snap",
        ),
        (
            "crashprint:2027-01",
            "snapshots__fingerprints_of_the_bundled_examples_are_stable_2027_01.snap",
        ),
    ];
    let default = Strategy::DEFAULT.name();
    let (_, file) = PINNED
        .iter()
        .find(|(name, _)| *name == default)
        .unwrap_or_else(|| panic!("the default {default} has no pinned snapshot: add a test"));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("the default's snapshot file");
    assert!(
        text.contains(&format!("strategy {default}\n")),
        "{} does not pin {default}",
        path.display()
    );
    assert_eq!(Strategy::default(), Strategy::DEFAULT);
    assert_eq!(crashprint::STRATEGY, default);
}

fn table(strategy: Strategy) -> String {
    let engine = crashprint::Engine::builder()
        .strategy(strategy)
        .build()
        .expect("engine");
    let mut table = format!("strategy {}\n", strategy.name());
    let mut inputs: Vec<(String, Vec<Vec<u8>>)> = Vec::new();
    for seed in [
        "seeds/backtrace-sample-request.json",
        "seeds/backtrace-sample-response.json",
        "seeds/bugsnag-all-fields.json",
        "seeds/bugsnag-ndk-frames.json",
        "seeds/canvas-sample-report.json",
    ] {
        inputs.push((seed.to_string(), vec![read(seed)]));
    }
    for file in [
        "sdk-payloads/backtrace-node.ndjson",
        "sdk-payloads/backtrace-python.ndjson",
        "sdk-payloads/bugsnag-node.ndjson",
        "sdk-payloads/bugsnag-node-minified.ndjson",
        "sdk-payloads/bugsnag-python.ndjson",
    ] {
        inputs.push((file.to_string(), lines(file)));
    }
    for (name, payloads) in inputs {
        for (i, payload) in payloads.iter().enumerate() {
            for e in engine.process(payload).expect("accepted") {
                table.push_str(&format!(
                    "{name}:{} {} {}\n",
                    i + 1,
                    e.fingerprint,
                    e.grouping_hash
                ));
            }
        }
    }
    table
}
