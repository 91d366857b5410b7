//! Android crash reports through `Engine` with ProGuard mappings in the
//! symbol directory: real traces of a ProGuard 6.2.2-obfuscated program
//! (testdata/proguard/real: two releases obfuscated differently), compared
//! with the unobfuscated run's frames.

mod common;
use common::*;
use crashprint::{Engine, ProcessedEvent};

/// The engine of these tests: this directory's symbols.
fn engine() -> Engine {
    engine_with_symbols("proguard/real/symbols")
}

fn processed(engine: &Engine) -> Vec<ProcessedEvent> {
    first_events(engine, "proguard/real/payloads.ndjson")
}

fn expected() -> serde_json::Value {
    serde_json::from_slice(&read("proguard/real/expected.json")).expect("json")
}

/// (class, method, file, line) of the frames of one exception after
/// symbolication: inlined frames expanded, removed frames gone.
fn frames(event: &crashprint::Event, exception: usize) -> Vec<(String, String, String, u32)> {
    let mut out = Vec::new();
    for frame in &event.exceptions[exception].stack {
        if frame.symbolicated.is_empty() {
            let function = frame.function.clone().unwrap_or_default();
            let (class, method) = function.rsplit_once('.').unwrap_or(("", &function));
            out.push((
                class.to_string(),
                method.to_string(),
                frame.file.clone().unwrap_or_default(),
                frame.line.unwrap_or(0),
            ));
            continue;
        }
        for s in &frame.symbolicated {
            let function = s.function.clone().unwrap_or_default();
            let (class, method) = function.rsplit_once('.').unwrap_or(("", &function));
            out.push((
                class.to_string(),
                method.to_string(),
                s.file.clone().unwrap_or_default(),
                s.line.unwrap_or(0),
            ));
        }
    }
    out
}

#[test]
fn obfuscated_frames_retrace_to_the_unobfuscated_run() {
    let events = processed(&engine());
    let expected = expected();
    let mut compared = 0;
    let mut wrong = Vec::new();
    for scenario in expected["scenarios"].as_array().expect("scenarios") {
        let name = scenario["name"].as_str().expect("name");
        for release in ["1.0.0", "2.0.0"] {
            let line = scenario["payloadLines"][release].as_u64().expect("line") as usize;
            let event = &events[line - 1].event;
            for (x, truth) in scenario["exceptions"]
                .as_array()
                .expect("chain")
                .iter()
                .enumerate()
            {
                assert_eq!(
                    event.exceptions[x].type_name,
                    truth["class"].as_str().expect("class"),
                    "{name} {release} exception {x}: class"
                );
                let want: Vec<(String, String, String, u32)> = truth["frames"]
                    .as_array()
                    .expect("frames")
                    .iter()
                    .map(|f| {
                        (
                            f["class"].as_str().unwrap_or_default().to_string(),
                            f["method"].as_str().unwrap_or_default().to_string(),
                            f["file"].as_str().unwrap_or_default().to_string(),
                            f["line"].as_u64().unwrap_or(0) as u32,
                        )
                    })
                    .collect();
                let got = frames(event, x);
                compared += want.len();
                if got != want {
                    wrong.push(format!(
                        "{name} {release} exception {x}:\n  got  {got:?}\n  want {want:?}"
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} stacks differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // Every frame of expected.json, once per release (observed: 122).
    assert_eq!(compared, 122, "frames compared");
}

#[test]
fn two_mappings_of_the_same_bug_share_a_fingerprint() {
    let events = processed(&engine());
    let expected = expected();
    for scenario in expected["scenarios"].as_array().expect("scenarios") {
        let v1 = scenario["payloadLines"]["1.0.0"].as_u64().expect("line") as usize;
        let v2 = scenario["payloadLines"]["2.0.0"].as_u64().expect("line") as usize;
        let (a, b) = (&events[v1 - 1], &events[v2 - 1]);
        assert_eq!(
            a.grouping.fingerprint_base64(),
            b.grouping.fingerprint_base64(),
            "{}: {} vs {}",
            scenario["name"],
            a.grouping.grouping_hash,
            b.grouping.grouping_hash
        );
    }
}

#[test]
fn an_unknown_release_keeps_obfuscated_frames_and_says_why() {
    let line = String::from_utf8(lines("proguard/real/payloads.ndjson").remove(0)).expect("utf-8");
    let line = line.replace(r#""version":"1.0.0""#, r#""version":"../../etc""#);
    let e = engine()
        .process(line.as_bytes())
        .expect("accepted")
        .remove(0);
    let frame = &e.event.exceptions[0].stack[0];
    assert!(frame.symbolicated.is_empty());
    assert!(frame.unresolved.is_some());
}
