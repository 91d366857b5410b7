//! Any input — any JSON, any bytes, real payloads with fields swapped for
//! values of any type — is answered with events or a Problem: never a panic.

mod common;
use common::*;
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Field names of all three formats, so generated objects hit the adapters.
const KEYS: &[&str] = &[
    "uuid",
    "timestamp",
    "lang",
    "langVersion",
    "agent",
    "agentVersion",
    "threads",
    "mainThread",
    "main",
    "stack",
    "funcName",
    "address",
    "line",
    "column",
    "library",
    "sourceCode",
    "fault",
    "guessed_frame",
    "debug_identifier",
    "fingerprint",
    "classifiers",
    "attributes",
    "modules",
    "annotations",
    "error",
    "cause",
    "name",
    "message",
    "symbolication",
    "start",
    "size",
    "apiKey",
    "notifier",
    "version",
    "events",
    "payloadVersion",
    "exceptions",
    "errorClass",
    "errorMessage",
    "stacktrace",
    "file",
    "lineNumber",
    "columnNumber",
    "method",
    "inProject",
    "frameAddress",
    "loadAddress",
    "groupingHash",
    "context",
    "severity",
    "app",
    "user",
    "device",
    "subject",
    "url",
    "email",
    "user_perceived_severity",
    "http_env",
    "context_asset_string",
    "sessionCounts",
    "path",
    "type",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("0x7fffdead"),
            Just("18446744073709551615"),
            Just("main"),
            Just("true"),
            Just("-1"),
            Just("kqJB7mgd22nvWGxYU2MvCpLRTiNWO1C8KFS434eTz1M="),
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (prop::sample::select(KEYS).prop_map(String::from), inner),
                0..8
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn check(bytes: &[u8]) {
    match engine().process(bytes) {
        Ok(events) => {
            for e in events {
                assert_fingerprint(&e.fingerprint);
                assert!(!e.grouping_hash.is_empty());
            }
        }
        Err(p) => {
            assert!(p.errors().next().is_some(), "a Problem names an error");
            assert!((400..=500).contains(&p.http_status()));
            assert!(p.issue.iter().all(|i| !i.details.text.is_empty()));
        }
    }
}

proptest! {
    // PROPTEST_CASES raises the count for long runs.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(512)
    ))]

    #[test]
    fn any_json_never_panics(v in json_value()) {
        check(&serde_json::to_vec(&v).expect("json"));
    }

    #[test]
    fn any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check(&bytes);
    }

    #[test]
    fn real_payloads_with_any_field_replaced_never_panic(
        file in prop::sample::select(&["backtrace-node", "backtrace-python", "bugsnag-node", "bugsnag-python"][..]),
        line in 0usize..7,
        path in prop::collection::vec(0usize..16, 1..6),
        replacement in json_value(),
    ) {
        let mut v: Value = serde_json::from_slice(&lines(&format!("sdk-payloads/{file}.ndjson"))[line]).expect("json");
        // Walk `path` through the document (by index into each container)
        // and replace what is there.
        let mut pointer = String::new();
        let mut node = &v;
        for step in path {
            let next = match node {
                Value::Object(m) if !m.is_empty() => {
                    let k = m.keys().nth(step % m.len()).expect("key");
                    pointer.push('/');
                    pointer.push_str(&k.replace('~', "~0").replace('/', "~1"));
                    &m[k]
                }
                Value::Array(a) if !a.is_empty() => {
                    let i = step % a.len();
                    pointer.push_str(&format!("/{i}"));
                    &a[i]
                }
                _ => break,
            };
            node = next;
        }
        if let Some(slot) = v.pointer_mut(&pointer) {
            *slot = replacement;
        }
        check(&serde_json::to_vec(&v).expect("json"));
    }

    #[test]
    fn truncated_real_payloads_are_rejected_with_a_location(cut in 1usize..2000) {
        let line = &lines("sdk-payloads/backtrace-node.ndjson")[0];
        let cut = cut.min(line.len() - 1);
        let p = engine().process(&line[..cut]).expect_err("truncated");
        prop_assert_eq!(p.http_status(), 400);
        prop_assert!(!p.issue[0].location.is_empty());
    }
}
