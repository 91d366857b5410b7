//! The `crashprint` binary: output contract, order, exit codes, snapshots.

mod common;
use common::*;

use std::process::Output;

fn records(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .expect("utf8 output")
        .lines()
        .map(|l| {
            let keys: TopLevelKeys = serde_json::from_str(l).expect("each line is a JSON object");
            let mut sorted = keys.0.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), keys.0.len(), "duplicate keys in {:?}", keys.0);
            serde_json::from_str(l).expect("each line is JSON")
        })
        .collect()
}

/// A record's top-level keys, duplicates kept (serde_json's map drops them).
struct TopLevelKeys(Vec<String>);

impl<'de> serde::Deserialize<'de> for TopLevelKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = TopLevelKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<TopLevelKeys, A::Error> {
                let mut keys = Vec::new();
                while let Some((k, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                    keys.push(k);
                }
                Ok(TopLevelKeys(keys))
            }
        }
        d.deserialize_map(V)
    }
}

#[test]
fn seeds_snapshot() {
    let out = crashprint(
        &[
            "process",
            "testdata/seeds/backtrace-sample-request.json",
            "testdata/seeds/bugsnag-all-fields.json",
            "testdata/seeds/canvas-sample-report.json",
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out);
    assert_eq!(recs.len(), 3);
    for r in &recs {
        assert_eq!(r["ok"], true);
        assert_eq!(r["fingerprint"].as_str().map(str::len), Some(44));
        assert!(r["groupingHash"].as_str().is_some_and(|h| !h.is_empty()));
        for key in ["line", "index", "format", "grouping", "event"] {
            assert!(r.get(key).is_some(), "{key} missing from {r}");
        }
    }
    insta::assert_snapshot!(String::from_utf8(out.stdout).expect("utf8"));
}

#[test]
fn malformed_batch_is_reported_line_by_line_and_goes_on() {
    let out = crashprint(&["process", "testdata/malformed/batch.ndjson"], None);
    assert_eq!(out.status.code(), Some(1), "some payloads were rejected");
    let recs = records(&out);
    let lines: Vec<u64> = recs
        .iter()
        .map(|r| r["line"].as_u64().expect("line"))
        .collect();
    assert_eq!(
        lines,
        (1..=14).collect::<Vec<_>>(),
        "one record per line, in order"
    );
    let ok: Vec<bool> = recs.iter().map(|r| r["ok"] == true).collect();
    assert_eq!(
        ok,
        [
            true, false, false, false, false, false, false, false, false, false, true, false,
            false, true
        ]
    );
    for r in recs.iter().filter(|r| r["ok"] == false) {
        assert_eq!(r["error"]["resourceType"], "OperationOutcome");
        assert!(r["error"]["issue"][0]["expression"][0].is_string());
        assert!(r["status"].as_u64().is_some());
    }
    // The 600 KiB line is never buffered whole: it is rejected by size.
    assert_eq!(recs[5]["status"], 413);
    let summary: String = recs
        .iter()
        .map(|r| {
            if r["ok"] == true {
                format!("{} ok {}\n", r["line"], r["groupingHash"])
            } else {
                let i = &r["error"]["issue"][0];
                format!(
                    "{} {} {} {} {}\n",
                    r["line"], r["status"], i["code"], i["expression"][0], i["details"]["text"]
                )
            }
        })
        .collect();
    insta::assert_snapshot!(summary);
}

#[test]
fn same_output_with_one_and_eight_threads() {
    let files = [
        "testdata/sdk-payloads/backtrace-node.ndjson",
        "testdata/sdk-payloads/backtrace-python.ndjson",
        "testdata/sdk-payloads/bugsnag-node.ndjson",
        "testdata/sdk-payloads/bugsnag-node-minified.ndjson",
        "testdata/sdk-payloads/bugsnag-python.ndjson",
        "testdata/malformed/batch.ndjson",
    ];
    let mut one = vec!["process", "-j", "1"];
    one.extend(files);
    let mut eight = vec!["process", "-j", "8"];
    eight.extend(files);
    let a = crashprint(&one, None);
    let b = crashprint(&eight, None);
    assert!(!a.stdout.is_empty());
    assert_eq!(a.stdout, b.stdout, "-j 1 and -j 8 differ");
    // With several inputs each record names its input; order is input order.
    let recs = records(&a);
    assert_eq!(recs[0]["input"], files[0]);
    assert_eq!(recs.last().expect("records")["input"], files[5]);
}

#[test]
fn stdin_and_output_file() {
    let payloads =
        std::fs::read(root().join("testdata/sdk-payloads/bugsnag-python.ndjson")).expect("read");
    let from_stdin = crashprint(&["process"], Some(&payloads));
    let dash = crashprint(&["process", "-"], Some(&payloads));
    assert_eq!(from_stdin.status.code(), Some(0));
    assert_eq!(from_stdin.stdout, dash.stdout);
    assert_eq!(records(&from_stdin).len(), 7);

    let dir = std::env::temp_dir().join(format!("crashprint-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let target = dir.join("out.ndjson");
    let to_file = crashprint(
        &["process", "-o", target.to_str().expect("path"), "-"],
        Some(&payloads),
    );
    assert_eq!(to_file.status.code(), Some(0));
    assert!(to_file.stdout.is_empty());
    assert_eq!(std::fs::read(&target).expect("output"), from_stdin.stdout);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn format_override() {
    let canvas = br#"{"subject": "x", "url": "https://x.test/courses/1"}"#;
    let out = crashprint(&["process", "--format", "backtrace"], Some(canvas));
    assert_eq!(out.status.code(), Some(1));
    let out = crashprint(&["process", "--format", "canvas"], Some(canvas));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(records(&out)[0]["format"], "canvas");
}

#[test]
fn bugsnag_batches_give_one_record_per_event() {
    let two = br#"{"apiKey":"k","notifier":{"name":"n","version":"1"},"events":[
        {"payloadVersion":"4","exceptions":[{"errorClass":"A","stacktrace":[{"file":"a.js","method":"f","lineNumber":1}]}]},
        {"payloadVersion":"4","exceptions":[{"errorClass":"B","stacktrace":[{"file":"b.js","method":"g","lineNumber":2}]}]}]}"#;
    let line: Vec<u8> = two.iter().copied().filter(|&b| b != b'\n').collect();
    let out = crashprint(&["process"], Some(&line));
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    assert_eq!(
        (recs[0]["index"].as_u64(), recs[1]["index"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(recs[0]["line"], recs[1]["line"]);
    assert_ne!(recs[0]["fingerprint"], recs[1]["fingerprint"]);
}

#[test]
fn usage_and_io_errors_exit_2() {
    assert_eq!(
        crashprint(&["process", "no/such/file.ndjson"], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        crashprint(&["process", "--symbols", "no/such/dir", "-"], Some(b""))
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        crashprint(&["process", "--format", "xml"], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(crashprint(&["frobnicate"], None).status.code(), Some(2));
    let ok = crashprint(&["process", "--symbols", "testdata", "-"], Some(b"\n\n"));
    assert_eq!(ok.status.code(), Some(0));
    assert!(ok.stdout.is_empty());
}

#[test]
fn oversized_lines_are_rejected_and_the_rest_processed() {
    let mut input = Vec::new();
    input.extend_from_slice(br#"{"subject": ""#);
    input.extend(std::iter::repeat_n(b'x', 2000));
    input.extend_from_slice(b"\"}\n{\"subject\": \"ok\"}\n");
    let out = crashprint(&["process", "--max-payload-bytes", "1000"], Some(&input));
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["status"], 413);
    assert_eq!(recs[1]["ok"], true);
    assert_eq!(recs[1]["line"], 2);
}

#[test]
fn symbolicate_prints_inline_chains_innermost_first() {
    // Addresses from the llvm-symbolizer reference of this fixture.
    let expected =
        std::fs::read_to_string(root().join("testdata/native/expected/c-gcc-O2-dwarf5.json"))
            .expect("reference");
    let reference: Vec<serde_json::Value> = expected
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    // The first address llvm-symbolizer resolved through an inlined call.
    let inlined = reference
        .iter()
        .find(|r| r["Symbol"].as_array().is_some_and(|s| s.len() >= 2))
        .expect("an inlined address");
    let address = inlined["Address"].as_str().expect("address");
    let out = crashprint(
        &[
            "symbolicate",
            "--object",
            "testdata/native/bin/c-gcc-O2-dwarf5",
            address,
            "nope",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "one input was not an address");
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    let frames = recs[0]["frames"].as_array().expect("frames");
    let want = inlined["Symbol"].as_array().expect("symbols");
    assert_eq!(frames.len(), want.len());
    for (got, want) in frames.iter().zip(want) {
        assert_eq!(got["function"], want["FunctionName"]);
        assert_eq!(got["line"], want["Line"]);
    }
    assert_eq!(frames[0]["inlined"], true);
    assert_eq!(frames.last().expect("outermost")["inlined"], false);
    assert_eq!(recs[1]["error"], "not an address (0x-hex or decimal)");
    // Standard input, one address per line, gives the same records.
    let from_stdin = crashprint(
        &[
            "symbolicate",
            "--object",
            "testdata/native/bin/c-gcc-O2-dwarf5",
        ],
        Some(format!("{address}\n").as_bytes()),
    );
    assert_eq!(records(&from_stdin)[0], recs[0]);
}

#[test]
fn sourcemap_resolves_real_stack_positions_with_function_names() {
    // The real Node stack traces of testdata/sourcemap/maplibre-gl-5.6.0
    // (real-stacktraces.txt), 1-based as V8 prints them, plus a bad one.
    let dir = root().join("testdata/sourcemap/maplibre-gl-5.6.0");
    let map = dir.join("maplibre-gl.js.map");
    let minified = dir.join("maplibre-gl.js");
    let out = crashprint(
        &[
            "sourcemap",
            "--map",
            map.to_str().expect("utf-8 path"),
            "--minified",
            minified.to_str().expect("utf-8 path"),
        ],
        Some(b"42:311234\n42:311852\n46:24407\n42:310489\n46:492618\n0:5\n"),
    );
    assert_eq!(out.status.code(), Some(1), "a bad position exits 1");
    insta::assert_snapshot!(String::from_utf8(out.stdout).expect("utf8"));
}
