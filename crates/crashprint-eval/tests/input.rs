//! Reading labels and `crashprint process` results.

use crashprint_eval::{parse_labels, parse_results, InputError, Outcome};

#[test]
fn labels_are_read_and_unlabelled_lines_ignored() {
    let text = r#"{"line": 1, "bug": "npe"}

{"line": 4, "bug": "oom", "note": "extra members are fine"}
{"line": 7, "bug": 12}
{"line": 9, "bug": null}
"#;
    let labels = parse_labels(text.as_bytes()).expect("valid");
    assert_eq!(labels.len(), 3);
    assert_eq!(labels.get(1), Some("npe"));
    assert_eq!(labels.get(4), Some("oom"));
    assert_eq!(labels.get(7), Some("12"));
    assert_eq!(labels.get(9), None);
    assert_eq!(labels.sorted(), vec![(1, "npe"), (4, "oom"), (7, "12")]);
}

#[test]
fn duplicate_labels_are_an_error_with_both_lines() {
    let text = "{\"line\": 2, \"bug\": \"a\"}\n{\"line\": 3, \"bug\": \"a\"}\n{\"line\": 2, \"bug\": \"b\"}\n";
    match parse_labels(text.as_bytes()) {
        Err(InputError::DuplicateLabel {
            line,
            report_line,
            first,
        }) => {
            assert_eq!((line, report_line, first), (3, 2, 1));
        }
        other => panic!("expected a duplicate label, got {other:?}"),
    }
}

#[test]
fn invalid_labels_name_their_line() {
    let cases = [
        (
            "{\"line\": 1, \"bug\": \"a\"}\n{\"line\": 2, \"bug\": \"a\"\n",
            2,
            "JSON",
        ),
        ("{\"line\": 0, \"bug\": \"a\"}\n", 1, "positive"),
        ("{\"line\": -3, \"bug\": \"a\"}\n", 1, "positive"),
        ("{\"line\": 1.5, \"bug\": \"a\"}\n", 1, "positive"),
        ("\n\n{\"bug\": \"a\"}\n", 3, "missing `line`"),
        ("{\"line\": 1}\n", 1, "missing `bug`"),
        ("{\"line\": 1, \"bug\": [1]}\n", 1, "string"),
        ("[1, \"a\"]\n", 1, "object"),
    ];
    for (text, line, needle) in cases {
        let err = parse_labels(text.as_bytes()).expect_err(text);
        assert_eq!(err.line(), line, "{text}: {err}");
        let message = err.to_string();
        assert!(message.contains(needle), "{text}: {message}");
        assert!(message.starts_with(&format!("line {line}:")), "{message}");
    }
}

#[test]
fn labels_that_are_not_utf8_are_an_io_error() {
    let bytes = b"{\"line\": 1, \"bug\": \"a\"}\n{\"line\": 2, \"bug\": \"\xff\"}\n";
    let err = parse_labels(&bytes[..]).expect_err("not UTF-8");
    assert!(matches!(err, InputError::Io { line: 2, .. }), "{err:?}");
}

#[test]
fn real_process_output_is_read() {
    // `crashprint process testdata/malformed/batch.ndjson`, as the CLI wrote it.
    let text = include_str!("data/process-malformed.ndjson");
    let results = parse_results(text.as_bytes()).expect("valid results");
    assert_eq!(results.records.len(), 14);
    assert_eq!(results.extra_events, 0);
    assert_eq!(results.strategy.as_deref(), Some("crashprint:2026-11"));
    let first = &results.records[0];
    assert_eq!(first.line, 1);
    assert_eq!(first.platform.as_deref(), Some("javascript"));
    assert!(matches!(&first.outcome, Outcome::Grouped { fingerprint } if fingerprint.len() == 44));
    assert_eq!(
        first.explanation.as_deref(),
        Some("type: TypeError; frame: readShippingCity | services.js")
    );
    // Line 11 is the same error as line 1: same group.
    assert_eq!(results.records[10].group_id(), first.group_id());
    let second = &results.records[1];
    assert_eq!(second.group_id(), "rejected:2");
    assert_eq!(second.platform, None);
    match &second.outcome {
        Outcome::Rejected { error } => assert!(error.contains("malformed JSON"), "{error}"),
        other => panic!("line 2 is rejected, got {other:?}"),
    }
    assert_eq!(results.records[13].platform.as_deref(), Some("web"));
}

#[test]
fn the_first_event_of_a_batch_stands_for_its_line() {
    let text = r#"{"line":1,"index":0,"ok":true,"fingerprint":"A","groupingHash":"E | f","event":{"platform":"javascript"}}
{"line":1,"index":1,"ok":true,"fingerprint":"B","event":{"platform":"javascript"}}
{"line":1,"index":2,"ok":true,"fingerprint":"C"}
{"line":2,"index":1,"ok":true,"fingerprint":"D"}
{"line":2,"index":0,"ok":true,"fingerprint":"E"}
"#;
    let results = parse_results(text.as_bytes()).expect("valid");
    assert_eq!(results.records.len(), 2);
    assert_eq!(results.extra_events, 3);
    assert_eq!(results.records[0].group_id(), "A");
    assert_eq!(results.records[0].explanation.as_deref(), Some("E | f"));
    // Out of order: index 0 still wins, in the line's first position.
    assert_eq!(results.records[1].group_id(), "E");
    assert_eq!(results.strategy, None);
}

#[test]
fn duplicate_records_are_an_error() {
    let text = "{\"line\":1,\"index\":0,\"ok\":true,\"fingerprint\":\"A\"}\n{\"line\":1,\"index\":0,\"ok\":true,\"fingerprint\":\"B\"}\n";
    match parse_results(text.as_bytes()) {
        Err(InputError::DuplicateRecord {
            line,
            report_line,
            index,
            first,
            several_inputs,
        }) => {
            assert_eq!(
                (line, report_line, index, first, several_inputs),
                (2, 1, 0, 1, false)
            );
        }
        other => panic!("expected a duplicate record, got {other:?}"),
    }
    // `process a.json b.json` numbers lines per input file.
    let text = "{\"input\":\"a.json\",\"line\":1,\"index\":0,\"ok\":true,\"fingerprint\":\"A\"}\n{\"input\":\"b.json\",\"line\":1,\"index\":0,\"ok\":true,\"fingerprint\":\"B\"}\n";
    let err = parse_results(text.as_bytes()).expect_err("two inputs");
    assert!(matches!(
        err,
        InputError::DuplicateRecord {
            several_inputs: true,
            ..
        }
    ));
    assert!(err.to_string().contains("several input files"), "{err}");
    // A repeated extra event is a duplicate too.
    let text = "{\"line\":1,\"index\":0,\"ok\":true,\"fingerprint\":\"A\"}\n{\"line\":1,\"index\":1,\"ok\":true,\"fingerprint\":\"B\"}\n{\"line\":1,\"index\":1,\"ok\":true,\"fingerprint\":\"B\"}\n";
    let err = parse_results(text.as_bytes()).expect_err("repeated event");
    assert!(
        matches!(
            err,
            InputError::DuplicateRecord {
                line: 3,
                index: 1,
                first: 2,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn invalid_records_name_their_line() {
    let cases = [
        (
            "{\"index\":0,\"ok\":true,\"fingerprint\":\"A\"}\n",
            1,
            "line",
        ),
        ("{\"line\":1,\"ok\":true}\n", 1, "fingerprint"),
        (
            "{\"line\":1,\"ok\":true,\"fingerprint\":\"A\"}\n{\"line\":\"2\"}\n",
            2,
            "invalid type",
        ),
        (
            "{\"line\":1,\"ok\":true,\"fingerprint\":\"A\"}\nnot json\n",
            2,
            "JSON",
        ),
    ];
    for (text, line, needle) in cases {
        let err = parse_results(text.as_bytes()).expect_err(text);
        assert_eq!(err.line(), line, "{text}: {err}");
        assert!(err.to_string().contains(needle), "{text}: {err}");
    }
}
