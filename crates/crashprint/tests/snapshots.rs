//! Pins the fingerprints of the bundled examples under the current strategy
//! version: a stored fingerprint must keep its meaning. A change here is a
//! new strategy version, never an edit of the snapshot.

mod common;
use common::*;

#[test]
fn fingerprints_of_the_bundled_examples_are_stable() {
    let engine = engine();
    let mut table = format!("strategy {}\n", crashprint::STRATEGY);
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
    insta::assert_snapshot!(table);
}
