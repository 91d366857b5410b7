//! Grouping behaviour: what must and must not change a fingerprint.

mod common;
use common::*;
use crashprint::{Basis, Engine, FrameDecision};
use serde_json::{json, Value};

fn fingerprint(engine: &Engine, v: &Value) -> String {
    let bytes = serde_json::to_vec(v).expect("json");
    engine.process(&bytes).expect("accepted")[0]
        .fingerprint
        .clone()
}

fn bugsnag_node_line(n: usize) -> Value {
    serde_json::from_slice(&lines("sdk-payloads/bugsnag-node.ndjson")[n - 1]).expect("json")
}

#[test]
fn canvas_reports_differing_only_in_url_ids_share_a_fingerprint() {
    let engine = engine();
    let a = json!({"subject": "File upload breaking", "url": "https://canvas.instructure.com/courses/1/files"});
    let b = json!({"subject": "File upload breaking", "url": "https://canvas.instructure.com/courses/7/files"});
    let c = json!({"subject": "File upload breaking", "url": "https://canvas.instructure.com/courses/7/quizzes"});
    assert_eq!(fingerprint(&engine, &a), fingerprint(&engine, &b));
    assert_ne!(fingerprint(&engine, &a), fingerprint(&engine, &c));
    // Subject case, spacing and trailing punctuation are not the problem either.
    let d = json!({"subject": "file upload  breaking!", "url": "https://canvas.instructure.com/courses/9/files?x=1"});
    assert_eq!(fingerprint(&engine, &a), fingerprint(&engine, &d));
}

#[test]
fn bugsnag_events_differing_only_in_line_numbers_share_a_fingerprint() {
    let engine = engine();
    let original = bugsnag_node_line(1);
    let mut moved = original.clone();
    for frame in moved["events"][0]["exceptions"][0]["stacktrace"]
        .as_array_mut()
        .expect("frames")
    {
        let line = frame["lineNumber"].as_u64().expect("line");
        frame["lineNumber"] = json!(line + 17);
        frame["columnNumber"] = json!(3);
    }
    assert_ne!(original, moved);
    assert_eq!(
        fingerprint(&engine, &original),
        fingerprint(&engine, &moved)
    );
}

#[test]
fn different_error_classes_do_not_share_a_fingerprint() {
    let engine = engine();
    let original = bugsnag_node_line(1);
    let mut other = original.clone();
    other["events"][0]["exceptions"][0]["errorClass"] = json!("RangeError");
    assert_ne!(
        fingerprint(&engine, &original),
        fingerprint(&engine, &other)
    );
}

#[test]
fn messages_do_not_split_groups_when_a_stack_exists() {
    let engine = engine();
    let original = bugsnag_node_line(1);
    let mut other = original.clone();
    other["events"][0]["exceptions"][0]["errorMessage"] =
        json!("Cannot read properties of undefined (reading 'zip')");
    assert_eq!(
        fingerprint(&engine, &original),
        fingerprint(&engine, &other)
    );
}

#[test]
fn stackless_events_group_by_parameterized_message() {
    let engine = engine();
    let event = |msg: &str| {
        json!({"apiKey": "k", "notifier": {"name": "n", "version": "1"}, "events": [{
            "payloadVersion": "4",
            "exceptions": [{"errorClass": "TimeoutError", "message": msg, "stacktrace": []}]
        }]})
    };
    let a = fingerprint(&engine, &event("request 4471 timed out after 3000 ms"));
    let b = fingerprint(&engine, &event("request 9 timed out after 15000 ms"));
    let c = fingerprint(&engine, &event("connection refused"));
    assert_eq!(a, b);
    assert_ne!(a, c);
    let e = &engine
        .process(&serde_json::to_vec(&event("x 1")).expect("json"))
        .expect("ok")[0];
    assert_eq!(e.grouping.basis, Basis::Message);
    assert_eq!(e.grouping_hash, "TimeoutError | x <int>");
}

#[test]
fn explanation_says_which_frames_counted_and_why() {
    let engine = engine();
    let v = bugsnag_node_line(2);
    let e = &engine
        .process(&serde_json::to_vec(&v).expect("json"))
        .expect("ok")[0];
    assert_eq!(e.grouping.basis, Basis::Stack);
    let contributing: Vec<_> = e
        .grouping
        .frames
        .iter()
        .filter(|n| n.decision == FrameDecision::Contributes)
        .collect();
    assert_eq!(contributing.len(), 1);
    assert_eq!(
        contributing[0].function.as_deref(),
        Some("OrderService.placeOrder")
    );
    assert!(e.grouping.frames_not_examined > 0);
    let kinds: Vec<&str> = e.grouping.components.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, ["type", "frame"]);
    assert_eq!(e.grouping.strategy, crashprint::STRATEGY);
}

#[test]
fn not_in_app_frames_are_skipped_unless_nothing_else_exists() {
    let engine = engine();
    let v = json!({"apiKey": "k", "notifier": {"name": "n", "version": "1"}, "events": [{
        "payloadVersion": "4",
        "exceptions": [{"errorClass": "Error", "stacktrace": [
            {"file": "node_modules/lib/index.js", "method": "helper", "lineNumber": 3},
            {"file": "node:internal/timers", "method": "listOnTimeout", "lineNumber": 581}
        ]}]
    }]});
    let e = &engine
        .process(&serde_json::to_vec(&v).expect("json"))
        .expect("ok")[0];
    // No in-app frame: the top frame still says where it happened.
    assert_eq!(e.grouping_hash, "Error | helper | index.js");
}

#[test]
fn deterministic_across_runs_and_threads() {
    let payloads: Vec<Vec<u8>> = [
        "sdk-payloads/bugsnag-node.ndjson",
        "sdk-payloads/backtrace-python.ndjson",
        "malformed/batch.ndjson",
    ]
    .iter()
    .flat_map(|f| lines(f))
    .collect();
    let run = |threads: usize| -> Vec<String> {
        let engine = Engine::builder().threads(threads).build().expect("engine");
        engine
            .process_batch(&payloads)
            .into_iter()
            .map(|r| match r {
                Ok(events) => events
                    .iter()
                    .map(|e| e.fingerprint.clone())
                    .collect::<Vec<_>>()
                    .join(","),
                Err(p) => format!("rejected {}", p.http_status()),
            })
            .collect()
    };
    let one = run(1);
    assert_eq!(one, run(8));
    assert_eq!(one, run(1));
    assert_eq!(one.len(), payloads.len());
}
