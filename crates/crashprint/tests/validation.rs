//! Every validation rule: each problem reported, with its code and path,
//! all at once; the batch goes on.

mod common;
use common::*;
use crashprint::{Engine, IssueCode, Limits, Problem, Severity};
use serde_json::{json, Value};

fn problem(v: &Value) -> Problem {
    engine()
        .process(&serde_json::to_vec(v).expect("json"))
        .expect_err("should be rejected")
}

/// (code, path) of every error-level issue.
fn issues(p: &Problem) -> Vec<(IssueCode, String)> {
    p.errors()
        .map(|i| (i.code, i.expression.first().cloned().unwrap_or_default()))
        .collect()
}

fn backtrace() -> Value {
    serde_json::from_slice(&lines("sdk-payloads/backtrace-node.ndjson")[0]).expect("json")
}

fn bugsnag() -> Value {
    serde_json::from_slice(&lines("sdk-payloads/bugsnag-node.ndjson")[0]).expect("json")
}

/// The fields the Backtrace spec lists as required.
const BACKTRACE_REQUIRED: [&str; 8] = [
    "uuid",
    "timestamp",
    "lang",
    "langVersion",
    "agent",
    "agentVersion",
    "threads",
    "mainThread",
];

#[test]
fn backtrace_required_fields_are_all_reported() {
    let mut v = backtrace();
    for key in BACKTRACE_REQUIRED {
        v.as_object_mut().expect("object").remove(key);
    }
    // Nothing left says "Backtrace": the format is named.
    let p = engine()
        .process_as(
            &serde_json::to_vec(&v).expect("json"),
            Some(crashprint::Format::Backtrace),
        )
        .expect_err("rejected");
    let got = issues(&p);
    for key in BACKTRACE_REQUIRED {
        assert!(
            got.contains(&(IssueCode::Required, key.to_string())),
            "{key} not reported in {got:?}"
        );
    }
}

#[test]
fn backtrace_value_rules() {
    let mut v = backtrace();
    v["uuid"] = json!("not-a-uuid");
    v["timestamp"] = json!("yesterday");
    v["threads"]["main"]["stack"][0]["line"] = json!("ten");
    v["threads"]["main"]["stack"][1]["column"] = json!(-4);
    v["threads"]["main"]["stack"][2]["address"] = json!("0x1ffffffffffffffff");
    v["threads"]["main"]["stack"][3]["guessed_frame"] = json!("perhaps");
    v["classifiers"] = json!("TypeError");
    v["attributes"] = json!([1]);
    let got = issues(&problem(&v));
    let expect = [
        (IssueCode::Invalid, "uuid"),
        (IssueCode::Invalid, "timestamp"),
        (IssueCode::Invalid, "threads.main.stack[0].line"),
        (IssueCode::Invalid, "threads.main.stack[1].column"),
        (IssueCode::Invalid, "threads.main.stack[2].address"),
        (IssueCode::Invalid, "threads.main.stack[3].guessed_frame"),
        (IssueCode::Invalid, "classifiers"),
        (IssueCode::Invalid, "attributes"),
    ];
    for (code, path) in expect {
        assert!(
            got.contains(&(code, path.to_string())),
            "{path} not in {got:?}"
        );
    }
    assert_eq!(got.len(), expect.len(), "{got:?}");
}

#[test]
fn backtrace_strings_for_numbers_and_booleans_are_accepted() {
    let mut v = backtrace();
    v["timestamp"] = json!("1795352847");
    v["threads"]["main"]["fault"] = json!("true");
    v["threads"]["main"]["stack"][0]["line"] = json!("24");
    v["threads"]["main"]["stack"][0]["column"] = json!("27");
    v["threads"]["main"]["stack"][0]["address"] = json!("0x7f00dead");
    v["threads"]["main"]["stack"][0]["guessed_frame"] = json!("false");
    v["threads"]["main"]["stack"][1]["address"] = json!("18446744073709551615");
    let e = &engine()
        .process(&serde_json::to_vec(&v).expect("json"))
        .expect("accepted")[0];
    assert_eq!(e.event.timestamp, Some(1795352847));
    let stack = &e.event.threads[0].stack;
    assert_eq!((stack[0].line, stack[0].column), (Some(24), Some(27)));
    assert_eq!(stack[0].address, Some(0x7f00dead));
    assert_eq!(stack[1].address, Some(u64::MAX));
}

#[test]
fn backtrace_frame_needs_a_function_or_an_address() {
    let mut v = backtrace();
    v["threads"]["main"]["stack"][2] = json!({"line": 3});
    assert_eq!(
        issues(&problem(&v)),
        [(IssueCode::Required, "threads.main.stack[2]".to_string())]
    );
}

#[test]
fn backtrace_main_thread_must_name_a_thread() {
    let mut v = backtrace();
    v["mainThread"] = json!("ghost");
    let p = problem(&v);
    assert_eq!(
        issues(&p),
        [(IssueCode::BusinessRule, "mainThread".to_string())]
    );
    assert_eq!(p.http_status(), 422);
}

#[test]
fn backtrace_fingerprint_must_be_32_bytes_of_base64() {
    for (fp, why) in [
        ("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==", "31 bytes"),
        ("not base64!", "not valid base64"),
    ] {
        let mut v = backtrace();
        v["fingerprint"] = json!(fp);
        let p = problem(&v);
        assert_eq!(
            issues(&p),
            [(IssueCode::Invalid, "fingerprint".to_string())]
        );
        assert!(
            p.issue[0].details.text.contains(why),
            "{}",
            p.issue[0].details.text
        );
    }
}

#[test]
fn bugsnag_required_fields() {
    let mut v = bugsnag();
    let o = v.as_object_mut().expect("object");
    o.remove("apiKey");
    o.remove("notifier");
    v["events"][0]["exceptions"][0]
        .as_object_mut()
        .expect("exception")
        .remove("errorClass");
    v["events"][0]
        .as_object_mut()
        .expect("event")
        .remove("payloadVersion");
    let got = issues(&problem(&v));
    for path in [
        "apiKey",
        "notifier",
        "events[0].exceptions[0].errorClass",
        "events[0].payloadVersion",
    ] {
        assert!(
            got.contains(&(IssueCode::Required, path.to_string())),
            "{path} not in {got:?}"
        );
    }
}

#[test]
fn bugsnag_events_and_exceptions_must_exist() {
    let mut v = bugsnag();
    v["events"] = json!([]);
    assert_eq!(
        issues(&problem(&v)),
        [(IssueCode::Required, "events".to_string())]
    );
    let mut v = bugsnag();
    v["events"][0]["exceptions"] = json!([]);
    assert_eq!(
        issues(&problem(&v)),
        [(IssueCode::Required, "events[0].exceptions".to_string())]
    );
    let mut v = bugsnag();
    v["events"][0]["exceptions"][0]["stacktrace"] = json!({"file": "x"});
    assert_eq!(
        issues(&problem(&v)),
        [(
            IssueCode::Invalid,
            "events[0].exceptions[0].stacktrace".to_string()
        )]
    );
}

#[test]
fn bugsnag_frame_types() {
    let mut v = bugsnag();
    v["events"][0]["exceptions"][0]["stacktrace"][0]["lineNumber"] = json!([24]);
    v["events"][0]["exceptions"][0]["stacktrace"][1]["inProject"] = json!("sometimes");
    v["events"][0]["exceptions"][0]["stacktrace"][2]["method"] = json!({"name": "x"});
    v["events"][0]["groupingHash"] = json!(["a"]);
    let got = issues(&problem(&v));
    assert_eq!(
        got,
        [
            (
                IssueCode::Invalid,
                "events[0].exceptions[0].stacktrace[0].lineNumber".to_string()
            ),
            (
                IssueCode::Invalid,
                "events[0].exceptions[0].stacktrace[1].inProject".to_string()
            ),
            (
                IssueCode::Invalid,
                "events[0].exceptions[0].stacktrace[2].method".to_string()
            ),
            (IssueCode::Invalid, "events[0].groupingHash".to_string()),
        ]
    );
}

#[test]
fn bugsnag_unknown_severity_is_a_warning() {
    let mut v = bugsnag();
    v["events"][0]["severity"] = json!("catastrophic");
    let e = &engine()
        .process(&serde_json::to_vec(&v).expect("json"))
        .expect("accepted")[0];
    assert!(e
        .warnings
        .iter()
        .any(|w| w.severity == Severity::Warning && w.expression == ["events[0].severity"]));
}

#[test]
fn canvas_rules() {
    let p = problem(&json!({"subject": "", "url": "https://x/courses/1"}));
    assert_eq!(issues(&p), [(IssueCode::Required, "subject".to_string())]);
    let p =
        problem(&json!({"subject": "x", "user_perceived_severity": "urgent", "http_env": "n/a"}));
    assert_eq!(
        issues(&p),
        [
            (IssueCode::Invalid, "user_perceived_severity".to_string()),
            (IssueCode::Invalid, "http_env".to_string()),
        ]
    );
    for sev in crashprint_model_severities() {
        let ok = json!({"subject": "x", "user_perceived_severity": sev});
        engine()
            .process(&serde_json::to_vec(&ok).expect("json"))
            .expect("allowed severity");
    }
    let e = &engine()
        .process(br#"{"subject": "x", "email": "nobody", "context_asset_string": "course"}"#)
        .expect("warnings only")[0];
    let warned: Vec<_> = e
        .warnings
        .iter()
        .map(|w| w.expression[0].as_str())
        .collect();
    assert_eq!(warned, ["email", "context_asset_string"]);
}

fn crashprint_model_severities() -> [&'static str; 5] {
    [
        "just_a_comment",
        "not_urgent",
        "workaround_possible",
        "blocks_what_i_need_to_do",
        "extreme_critical_emergency",
    ]
}

#[test]
fn syntax_errors_name_line_column_and_path() {
    let p = engine()
        .process(b"{\"threads\": {\"main\": {\"stack\": [{\"funcName\": \"f\"}, {\"line\": }]}}}")
        .expect_err("malformed");
    let issue = &p.issue[0];
    assert_eq!(issue.code, IssueCode::Invalid);
    assert_eq!(issue.expression, ["threads.main.stack[1].line"]);
    assert_eq!(issue.location, ["line 1, column 61"]);
    assert!(issue.details.text.starts_with("malformed JSON"));
}

#[test]
fn format_override_and_unknown_formats() {
    let canvas = br#"{"subject": "x"}"#;
    let p = engine()
        .process_as(canvas, Some(crashprint::Format::Backtrace))
        .expect_err("not a backtrace object");
    assert!(issues(&p).contains(&(IssueCode::Required, "threads".to_string())));
    let p = engine()
        .process(br#"{"hello": "world"}"#)
        .expect_err("unknown");
    assert_eq!(p.issue[0].code, IssueCode::NotSupported);
    assert_eq!(p.http_status(), 415);
    let forced = Engine::builder()
        .format(Some(crashprint::Format::Canvas))
        .build()
        .expect("engine");
    assert!(forced.process(canvas).is_ok());
}

#[test]
fn limits_reject_or_truncate_with_a_warning() {
    let limits = Limits {
        max_payload_bytes: 64 * 1024,
        max_depth: 8,
        max_frames_per_stack: 3,
        max_threads: 1,
        max_exceptions: 2,
        max_string_bytes: 40,
        ..Limits::default()
    };
    let engine = Engine::builder().limits(limits).build().expect("engine");
    // Payload size: rejected, 413.
    let big = format!("{{\"subject\": \"{}\"}}", "x".repeat(70 * 1024));
    let p = engine.process(big.as_bytes()).expect_err("too big");
    assert_eq!(
        (p.issue[0].code, p.http_status()),
        (IssueCode::TooLong, 413)
    );
    // Depth: rejected.
    let deep = format!(
        "{{\"subject\": \"x\", \"http_env\": {{\"a\": {}{}}}}}",
        "[".repeat(9),
        "]".repeat(9)
    );
    let p = engine.process(deep.as_bytes()).expect_err("too deep");
    assert!(p.issue[0]
        .details
        .text
        .contains("deeper than the limit of 8"));
    // Frames, exceptions, threads, strings: truncated, with warnings.
    let v = bugsnag_node_line_3();
    let e = &engine
        .process(&serde_json::to_vec(&v).expect("json"))
        .expect("accepted")[0];
    assert_eq!(e.event.exceptions.len(), 2);
    assert!(e.event.exceptions.iter().all(|x| x.stack.len() <= 3));
    assert!(e.event.exceptions[0]
        .message
        .as_ref()
        .is_some_and(|m| m.len() <= 40));
    let warned: Vec<&str> = e
        .warnings
        .iter()
        .map(|w| w.expression[0].as_str())
        .collect();
    assert!(warned.contains(&"events[0].exceptions"), "{warned:?}");
    let mut v = backtrace();
    v["threads"]["other"] = json!({"name": "x", "stack": []});
    let e = &engine
        .process(&serde_json::to_vec(&v).expect("json"))
        .expect("accepted")[0];
    assert_eq!(e.event.threads.len(), 1);
    assert!(e.warnings.iter().any(|w| w.expression == ["threads"]));
}

fn bugsnag_node_line_3() -> Value {
    serde_json::from_slice(&lines("sdk-payloads/bugsnag-node.ndjson")[2]).expect("json")
}

#[test]
fn the_malformed_batch() {
    let engine = engine();
    let expected: [Option<(IssueCode, &str, u16)>; 14] = [
        None,
        Some((
            IssueCode::Invalid,
            "events[0].exceptions[0].stacktrace[1].file",
            400,
        )),
        Some((IssueCode::Invalid, "threads.main.stack[0].line", 400)),
        Some((IssueCode::Required, "uuid", 400)),
        Some((IssueCode::Invalid, "subject", 400)),
        Some((IssueCode::TooLong, "$", 413)),
        Some((IssueCode::Invalid, "http_env[0][0][0]", 400)),
        Some((IssueCode::Invalid, "fingerprint", 400)),
        Some((IssueCode::BusinessRule, "mainThread", 422)),
        Some((IssueCode::Invalid, "threads.main.stack[0].address", 400)),
        None,
        Some((IssueCode::Invalid, "$", 400)),
        Some((IssueCode::Invalid, "user_perceived_severity", 400)),
        None,
    ];
    // The batch's 600 KiB line is over the default 512 KiB payload limit.
    assert_eq!(engine.limits().max_payload_bytes, 512 * 1024);
    let results = engine.process_batch(&lines("malformed/batch.ndjson"));
    assert_eq!(results.len(), expected.len());
    for (i, (result, expect)) in results.iter().zip(expected).enumerate() {
        match (result, expect) {
            (Ok(events), None) => assert_fingerprint(&events[0].fingerprint),
            (Err(p), Some((code, path, status))) => {
                let first = &p.issue[0];
                assert_eq!(first.code, code, "line {}: {p}", i + 1);
                assert!(
                    first.expression[0].starts_with(path),
                    "line {}: {:?}",
                    i + 1,
                    first.expression
                );
                assert!(!first.details.text.is_empty());
                assert_eq!(p.http_status(), status, "line {}", i + 1);
            }
            (got, want) => panic!("line {}: got {got:?}, wanted {want:?}", i + 1),
        }
    }
}
