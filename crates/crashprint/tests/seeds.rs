//! The spec samples from shared/seeds come out accepted and fingerprinted.

mod common;
use common::*;
use crashprint::{Basis, Format, IssueCode, Platform, Severity};

#[test]
fn backtrace_sample_request_with_nested_main_thread() {
    let events = engine()
        .process(&read("seeds/backtrace-sample-request.json"))
        .expect("the spec's own sample is accepted");
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e.format, Format::Backtrace);
    assert_fingerprint(&e.fingerprint);
    assert_eq!(e.grouping_hash, "Error | main | test.js");
    assert_eq!(e.event.platform, Platform::JavaScript);
    let thread = &e.event.threads[0];
    assert_eq!(thread.id, "main");
    assert!(thread.crashed);
    let frame = &thread.stack[0];
    // "line": "10", "column": "19", "guessed_frame": "false" arrive as strings.
    assert_eq!((frame.line, frame.column), (Some(10), Some(19)));
    assert_eq!(frame.guessed, Some(false));
    // The 64-bit address arrives as a decimal string.
    assert_eq!(frame.address, Some(16045690984833335023));
    // The deviation is accepted, and said.
    assert!(e
        .warnings
        .iter()
        .any(|w| w.severity == Severity::Warning && w.expression == ["threads.mainThread"]));
}

#[test]
fn backtrace_client_fingerprint_passes_through_unchanged() {
    let events = engine()
        .process(&read("seeds/backtrace-sample-response.json"))
        .expect("accepted");
    let e = &events[0];
    assert_eq!(
        e.fingerprint,
        "kqJB7mgd22nvWGxYU2MvCpLRTiNWO1C8KFS434eTz1M="
    );
    assert_eq!(e.grouping.basis, Basis::ClientFingerprint);
    // The readable signature is still computed from the event.
    assert_eq!(e.grouping_hash, "SyntaxError | main | test.js");
    assert_eq!(e.event.classifiers, ["SyntaxError"]);
    assert_eq!(
        e.event.attributes.get("error.message"),
        Some(&crashprint::AttrValue::Str("Unexpected token h".into()))
    );
}

#[test]
fn bugsnag_payload_with_every_field() {
    let events = engine()
        .process(&read("seeds/bugsnag-all-fields.json"))
        .expect("accepted");
    let e = &events[0];
    assert_eq!(e.format, Format::Bugsnag);
    assert_fingerprint(&e.fingerprint);
    // The client's groupingHash decides the group.
    assert_eq!(e.grouping_hash, "buggy_file.rb");
    assert_eq!(e.grouping.basis, Basis::ClientGroupingHash);
    assert_eq!(e.event.release.as_deref(), Some("1.1.3"));
    assert_eq!(e.event.context.as_deref(), Some("auth/session#create"));
    assert_eq!(e.event.severity.as_deref(), Some("error"));
    assert_eq!(e.event.platform, Platform::Ruby);
    let x = &e.event.exceptions[0];
    assert_eq!(x.type_name, "NoMethodError");
    assert_eq!(x.message.as_deref(), Some("Unable to connect to database."));
    assert_eq!(x.stack[0].column, Some(123));
    assert_eq!(x.stack[0].in_app, Some(true));
    assert_eq!(e.event.threads[0].id, "thread_id");
    let code: Vec<(u32, &str)> = x.stack[0]
        .context
        .iter()
        .map(|l| (l.line, l.text.as_str()))
        .collect();
    assert_eq!(code.len(), 7);
    assert_eq!(code[3], (1234, "      raise 'something went wrong'"));
    let crumb = &e.event.breadcrumbs[0];
    assert_eq!(crumb.name.as_deref(), Some("Open menu"));
    assert_eq!(crumb.kind.as_deref(), Some("navigation"));
    assert_eq!(crumb.timestamp.as_deref(), Some("2016-03-02T12:18:36Z"));
    for key in [
        "app.releaseStage",
        "app.type",
        "device.osVersion",
        "device.hostname",
        "user.id",
        "user.name",
    ] {
        assert!(e.event.attributes.contains_key(key), "{key} missing");
    }
    // Without the client's hash, the engine's own signature applies.
    let mut v: serde_json::Value =
        serde_json::from_slice(&read("seeds/bugsnag-all-fields.json")).expect("json");
    v["events"][0]
        .as_object_mut()
        .expect("event")
        .remove("groupingHash");
    let own = engine()
        .process(&serde_json::to_vec(&v).expect("json"))
        .expect("accepted");
    assert_eq!(
        own[0].grouping_hash,
        "NoMethodError | create | session_controller.rb"
    );
    assert_eq!(own[0].grouping.basis, Basis::Stack);
}

#[test]
fn canvas_sample_report() {
    let events = engine()
        .process(&read("seeds/canvas-sample-report.json"))
        .expect("accepted");
    let e = &events[0];
    assert_eq!(e.format, Format::Canvas);
    assert_fingerprint(&e.fingerprint);
    assert_eq!(e.grouping_hash, "file upload breaking | /courses/<int>");
    assert_eq!(e.event.severity.as_deref(), Some("just_a_comment"));
    assert_eq!(e.event.context.as_deref(), Some("user_1"));
}

#[test]
fn canvas_report_wrapped_as_form_fields() {
    let wrapped = br#"{"error": {"subject": "things are broken", "url": "http://canvas.test/courses/1", "description": "All my thoughts on what I saw"}}"#;
    let e = &engine().process(wrapped).expect("accepted")[0];
    assert_eq!(e.grouping_hash, "things are broken | /courses/<int>");
    let bad = br#"{"error": {"subject": "x", "user_perceived_severity": "meh"}}"#;
    let problem = engine().process(bad).expect_err("bad severity");
    assert_eq!(
        problem.issue[0].expression,
        ["error.user_perceived_severity"]
    );
}

#[test]
fn bugsnag_ndk_native_frames() {
    let events = engine()
        .process(&read("seeds/bugsnag-ndk-frames.json"))
        .expect("accepted");
    let e = &events[0];
    assert_eq!(e.event.platform, Platform::Native);
    let stack = &e.event.exceptions[0].stack;
    assert_eq!(stack[0].address, Some(0x7b9c2f4a10));
    assert_eq!(stack[0].module_base, Some(0x7b9c2e0000));
    assert_eq!(stack[0].symbol_address, Some(0x7b9c2f4a00));
    assert_eq!(
        stack[0].debug_id.as_deref(),
        Some("2f9e1c5b7a0d4e3f8c6b5a4d3e2f1a0b")
    );
    // Decimal strings too.
    assert_eq!(stack[1].address, Some(541513714260));
    assert_eq!(stack[1].module_base, Some(541513629696));
    assert_eq!(
        stack[0].module.as_deref(),
        Some("/data/app/com.example.app-1/lib/arm64/libentrypoint.so")
    );
    assert_eq!(
        e.grouping_hash,
        "SIGSEGV | crash_write_null | libentrypoint.so"
    );
}

#[test]
fn issue_codes_map_to_http_statuses() {
    assert_eq!(IssueCode::Invalid.http_status(), 400);
    assert_eq!(IssueCode::TooLong.http_status(), 413);
    assert_eq!(IssueCode::BusinessRule.http_status(), 422);
}
