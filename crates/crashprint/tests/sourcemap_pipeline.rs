//! Browser error reports through `Engine` with a symbol directory of
//! deployed source maps: real V8 stacks of two builds (esbuild and terser)
//! of the same app (testdata/sourcemap/payloads, made by make.mjs from the
//! bundles of testdata/sourcemap/bundlers).

mod common;
use common::*;
use crashprint::{Engine, FrameStatus, ProcessedEvent};
use std::collections::HashMap;

/// The engine of these tests: this directory's symbols.
fn engine() -> Engine {
    engine_with_symbols("sourcemap/payloads/symbols")
}

fn processed(engine: &Engine) -> Vec<ProcessedEvent> {
    first_events(engine, "sourcemap/payloads/bugsnag-browser.ndjson")
}

/// (bundle, scenario, frame) → the original function, as Sentry's
/// js-source-scopes names it in the original sources (the bundler fixtures'
/// `expected_function`, see their README).
fn labels() -> HashMap<(String, String, u64), String> {
    let mut out = HashMap::new();
    for bundle in ["esbuild", "terser"] {
        let rows: serde_json::Value = serde_json::from_slice(&read(&format!(
            "sourcemap/bundlers/out/{bundle}.expected.json"
        )))
        .expect("json");
        for row in rows.as_array().expect("rows") {
            if row["kind"] == "stack" {
                out.insert(
                    (
                        bundle.to_string(),
                        row["scenario"].as_str().expect("scenario").to_string(),
                        row["frame"].as_u64().expect("frame"),
                    ),
                    row["expected_function"]
                        .as_str()
                        .expect("label")
                        .to_string(),
                );
            }
        }
    }
    out
}

const SCENARIOS: usize = 12;
/// The scenarios in the order make.mjs runs them (for each build).
const NAMES: [&str; SCENARIOS] = [
    "noOwner",
    "badQuantity",
    "badJson",
    "negativePrice",
    "badPrice",
    "badSlug",
    "noTags",
    "badPath",
    "badQuery",
    "offline",
    "emptyCheckout",
    "retry",
];

fn first_payload() -> String {
    String::from_utf8(lines("sourcemap/payloads/bugsnag-browser.ndjson").remove(0)).expect("utf-8")
}

#[test]
fn minified_frames_get_original_functions_files_and_in_app() {
    let engine = engine();
    let labels = labels();
    let events = processed(&engine);
    assert_eq!(events.len(), 2 * SCENARIOS);
    let mut checked = 0;
    for (i, e) in events.iter().enumerate() {
        let bundle = if i < SCENARIOS { "esbuild" } else { "terser" };
        let scenario = NAMES[i % SCENARIOS].to_string();
        for (k, frame) in e.event.exceptions[0].stack.iter().enumerate() {
            assert_eq!(
                frame.status,
                Some(FrameStatus::Symbolicated),
                "{bundle} {scenario} #{k}"
            );
            let s = &frame.symbolicated[0];
            let file = s.file.as_deref().expect("file");
            assert!(file.starts_with("app/"), "{file}: readable path");
            assert!(s.line.is_some() && s.column.is_some());
            assert!(!s.context.is_empty(), "context lines from sourcesContent");
            assert_eq!(
                s.in_app,
                Some(!file.contains("node_modules/")),
                "{bundle} {scenario} #{k} {file}"
            );
            let label = &labels[&(bundle.to_string(), scenario.clone(), k as u64)];
            assert_eq!(
                s.function.as_deref(),
                Some(label.as_str()),
                "{bundle} {scenario} #{k}"
            );
            checked += 1;
        }
    }
    // Every frame inside the bundle of the 24 payloads (12 scenarios, two
    // builds): as many as the fixtures list.
    assert_eq!(checked, labels.len(), "{checked} frames checked");
}

#[test]
fn two_builds_of_the_same_bug_share_a_fingerprint() {
    let events = processed(&engine());
    for i in 0..SCENARIOS {
        let (a, b) = (&events[i], &events[i + SCENARIOS]);
        assert_eq!(
            a.grouping.fingerprint_base64(),
            b.grouping.fingerprint_base64(),
            "scenario line {i}: {} vs {}",
            a.grouping.grouping_hash,
            b.grouping.grouping_hash
        );
    }
    // Unsymbolicated, the builds disagree: minified names and columns differ.
    let plain = Engine::builder().build().expect("engine");
    let raw = processed(&plain);
    let differing = (0..SCENARIOS)
        .filter(|&i| {
            raw[i].grouping.fingerprint_base64() != raw[i + SCENARIOS].grouping.fingerprint_base64()
        })
        .count();
    assert!(
        differing >= SCENARIOS / 2,
        "only {differing} differ without source maps"
    );
}

#[test]
fn an_unknown_release_keeps_raw_frames_and_says_why() {
    let line = first_payload();
    let line = line.replace(r#""version":"1.0.0""#, r#""version":"9.9.9""#);
    let e = engine()
        .process(line.as_bytes())
        .expect("accepted")
        .remove(0);
    let frame = &e.event.exceptions[0].stack[0];
    assert!(frame.symbolicated.is_empty());
    assert_eq!(frame.status, Some(FrameStatus::MissingDebugFile));
    assert!(frame
        .unresolved
        .as_deref()
        .is_some_and(|w| w.contains("9.9.9")));
    assert!(frame.function.is_some(), "the minified frame stays as sent");
}

#[test]
fn a_payload_url_cannot_leave_the_symbol_directory() {
    let line = first_payload();
    for (release, url) in [
        ("../../..", "https://x/etc/passwd"),
        ("1.0.0", "file:///../../../../etc/passwd.js"),
        ("/etc", "https://x/passwd.js"),
    ] {
        let evil = line
            .replace(r#""version":"1.0.0""#, &format!(r#""version":"{release}""#))
            .replace("https://shop.example/static/js/app.min.js", url);
        let e = engine()
            .process(evil.as_bytes())
            .expect("accepted")
            .remove(0);
        for frame in &e.event.exceptions[0].stack {
            assert!(frame.symbolicated.is_empty(), "{release} {url}");
        }
    }
}
