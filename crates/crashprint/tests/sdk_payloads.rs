//! What the real Bugsnag and Backtrace SDKs sent (testdata/sdk-payloads,
//! captured from Bugsnag Node 9.0.0 / Python 4.9.2 and Backtrace Node 0.8.3 /
//! Python 0.4.3) is accepted and grouped as the capture notes say.

mod common;
use common::*;
use crashprint::{Format, IssueCode};
use std::collections::HashMap;

const FILES: [&str; 5] = [
    "bugsnag-node.ndjson",
    "bugsnag-node-minified.ndjson",
    "bugsnag-python.ndjson",
    "backtrace-node.ndjson",
    "backtrace-python.ndjson",
];

/// Fingerprints of every line of a file, 1-based.
fn fingerprints(file: &str) -> Vec<String> {
    let engine = engine();
    lines(&format!("sdk-payloads/{file}"))
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let events = engine
                .process(line)
                .unwrap_or_else(|p| panic!("{file}:{}: rejected: {p}", i + 1));
            assert_eq!(events.len(), 1, "{file}:{}", i + 1);
            assert_fingerprint(&events[0].fingerprint);
            assert!(!events[0].grouping_hash.is_empty());
            events[0].fingerprint.clone()
        })
        .collect()
}

#[test]
fn every_error_payload_is_accepted_and_fingerprinted() {
    for file in FILES {
        let fps = fingerprints(file);
        assert!(fps.len() >= 7, "{file}: {} lines", fps.len());
        let format = if file.starts_with("bugsnag") {
            Format::Bugsnag
        } else {
            Format::Backtrace
        };
        let first = &lines(&format!("sdk-payloads/{file}"))[0];
        assert_eq!(engine().process(first).expect("ok")[0].format, format);
    }
}

/// Lines (1-based) of each file that the capture notes say are the same error.
fn same_error_groups(file: &str) -> Vec<Vec<usize>> {
    match file {
        "backtrace-node.ndjson" => vec![vec![1, 7]],
        "bugsnag-python.ndjson" => vec![vec![4, 7]],
        "backtrace-python.ndjson" => vec![vec![4, 8]],
        _ => vec![],
    }
}

#[test]
fn same_error_same_fingerprint_different_errors_different() {
    for file in FILES {
        let fps = fingerprints(file);
        let groups = same_error_groups(file);
        let group_of = |line: usize| groups.iter().position(|g| g.contains(&line));
        for a in 1..=fps.len() {
            for b in a + 1..=fps.len() {
                let same_error = group_of(a).is_some() && group_of(a) == group_of(b);
                assert_eq!(
                    fps[a - 1] == fps[b - 1],
                    same_error,
                    "{file}: lines {a} and {b} should {}share a fingerprint",
                    if same_error { "" } else { "not " }
                );
            }
        }
    }
}

#[test]
fn the_same_node_error_groups_alike_from_bugsnag_and_backtrace() {
    // Both apps run the same lib/services.js; Bugsnag sends paths relative to
    // the project, Backtrace absolute ones, and Backtrace keeps the cause
    // chain only in annotations.error.cause.
    let bugsnag = fingerprints("bugsnag-node.ndjson");
    let backtrace = fingerprints("backtrace-node.ndjson");
    for line in [1, 2, 3, 4, 5, 8] {
        assert_eq!(bugsnag[line - 1], backtrace[line - 1], "line {line}");
    }
}

#[test]
fn backtrace_node_cause_chain_from_annotations() {
    let line = &lines("sdk-payloads/backtrace-node.ndjson")[2];
    let e = &engine().process(line).expect("ok")[0];
    let types: Vec<&str> = e
        .event
        .exceptions
        .iter()
        .map(|x| x.type_name.as_str())
        .collect();
    assert_eq!(types, ["Error", "Error", "SyntaxError"]);
    assert_eq!(
        e.event.exceptions[2].stack[1].function.as_deref(),
        Some("parseConfig")
    );
}

#[test]
fn python_module_qualified_class_groups_with_the_bare_class() {
    let bugsnag = fingerprints("bugsnag-python.ndjson");
    let backtrace = fingerprints("backtrace-python.ndjson");
    // services.ValidationError (Bugsnag) vs ValidationError (Backtrace).
    assert_eq!(bugsnag[1], backtrace[1]);
    // KeyError and the ZeroDivisionError too.
    assert_eq!(bugsnag[0], backtrace[0]);
    assert_eq!(bugsnag[3], backtrace[3]);
}

#[test]
fn python_numeric_thread_keys_and_main_thread() {
    let line = &lines("sdk-payloads/backtrace-python.ndjson")[3];
    let e = &engine().process(line).expect("ok")[0];
    let crashed: Vec<_> = e.event.threads.iter().filter(|t| t.crashed).collect();
    assert_eq!(crashed.len(), 1);
    assert_eq!(crashed[0].name.as_deref(), Some("ratio-worker"));
    assert_eq!(
        e.event.exceptions[0].thread.as_deref(),
        Some(crashed[0].id.as_str())
    );
    // `sourceCode` ids resolve to paths.
    assert_eq!(
        crashed[0].stack[1].file.as_deref(),
        Some("/srv/sdkcap/pyapp/services.py")
    );
}

#[test]
fn payload_version_in_event_or_at_top_level() {
    for (file, version) in [
        ("bugsnag-node.ndjson", "4"),
        ("bugsnag-python.ndjson", "4.0"),
    ] {
        let e = &engine()
            .process(&lines(&format!("sdk-payloads/{file}"))[0])
            .expect("ok")[0];
        assert_eq!(
            e.event.attributes.get("payloadVersion"),
            Some(&crashprint::AttrValue::Str(version.into()))
        );
    }
}

#[test]
fn session_payloads_are_not_error_reports() {
    for file in [
        "bugsnag-node-sessions.ndjson",
        "bugsnag-node-minified-sessions.ndjson",
        "bugsnag-python-sessions.ndjson",
    ] {
        let line = &lines(&format!("sdk-payloads/sessions/{file}"))[0];
        let problem = engine().process(line).expect_err("sessions hold no error");
        assert_eq!(problem.issue[0].code, IssueCode::NotSupported);
        assert_eq!(problem.issue[0].expression, ["sessionCounts"]);
    }
}

#[test]
fn minified_frames_group_per_error() {
    // Until source maps resolve them, minified names still separate errors.
    let fps = fingerprints("bugsnag-node-minified.ndjson");
    let distinct: HashMap<&String, usize> = fps.iter().map(|f| (f, 0)).collect();
    assert_eq!(distinct.len(), fps.len());
}
