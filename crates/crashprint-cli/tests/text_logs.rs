//! Text crash logs through the binary: `process --format text` and `auto`,
//! `eval` over logs, garbage text. The debugger logs are real gdb and lldb
//! sessions (and an Apport report) of three crashes of one program,
//! written by testdata/crash-logs/debuggers/make.sh.

mod common;
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Output;

fn records(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .expect("utf8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

const DIR: &str = "testdata/crash-logs/debuggers/out";

/// The debugger logs, with the crash each shows (the mode make.sh ran).
fn debugger_logs() -> Vec<(String, &'static str)> {
    let mut logs: Vec<(String, &'static str)> = std::fs::read_dir(root().join(DIR))
        .expect("run testdata/crash-logs/debuggers/make.sh")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .map(|name| {
            let crash = ["null", "assert", "library"]
                .into_iter()
                .find(|c| name.contains(&format!("-{c}")))
                .unwrap_or_else(|| panic!("{name}: which crash?"));
            (format!("{DIR}/{name}"), crash)
        })
        .collect();
    logs.sort();
    assert_eq!(logs.len(), 9, "make.sh writes 9 logs");
    logs
}

#[test]
fn debugger_logs_are_read_and_the_same_crash_groups_together() {
    let logs = debugger_logs();
    let mut args = vec!["process", "--format", "text"];
    args.extend(logs.iter().map(|(p, _)| p.as_str()));
    let out = crashprint(&args, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out);
    assert_eq!(recs.len(), logs.len());
    let mut groups: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (i, ((path, crash), r)) in logs.iter().zip(&recs).enumerate() {
        assert_eq!(r["ok"], true, "{path}: {r}");
        assert_eq!(
            r["line"],
            i as u64 + 1,
            "{path}: line is the input's position"
        );
        assert_eq!(r["input"], path.as_str());
        assert_eq!(r["format"], "text");
        let kind = if path.contains("/lldb-") {
            "lldb"
        } else {
            "gdb"
        };
        assert_eq!(r["event"]["logKind"], kind, "{path}");
        assert_eq!(r["event"]["platform"], "native", "{path}");
        let ty = r["event"]["exceptions"][0]["type"].as_str().expect("type");
        let expected = match *crash {
            "assert" => "ASSERT",
            _ => "SIGSEGV",
        };
        assert_eq!(ty, expected, "{path}");
        groups
            .entry(crash)
            .or_default()
            .insert(r["fingerprint"].as_str().expect("fingerprint").to_string());
    }
    // gdb (bt, bt full with all threads, a core file), lldb and Apport
    // agree on each crash; the three crashes are three groups.
    for (crash, fingerprints) in &groups {
        assert_eq!(fingerprints.len(), 1, "{crash}: {fingerprints:?}");
    }
    let all: BTreeSet<_> = groups.values().flatten().collect();
    assert_eq!(all.len(), 3);

    // `auto` reads them as text too, to the same records.
    let mut auto_args = vec!["process"];
    auto_args.extend(logs.iter().map(|(p, _)| p.as_str()));
    let auto = crashprint(&auto_args, None);
    assert_eq!(records(&auto), recs);
}

#[test]
fn the_crashing_thread_and_the_others() {
    let out = crashprint(
        &[
            "process",
            &format!("{DIR}/gdb-null-bt-full-all-threads.txt"),
        ],
        None,
    );
    let r = &records(&out)[0];
    let stack = r["event"]["exceptions"][0]["stack"]
        .as_array()
        .expect("a stack");
    let functions: Vec<&str> = stack
        .iter()
        .filter_map(|f| f["function"].as_str())
        .collect();
    // gdb's frames #0-#2 of the crashing thread, argument values dropped.
    assert_eq!(functions, ["ledger_post", "post_sale", "main"]);
    let threads = r["event"]["threads"].as_array().expect("threads");
    assert_eq!(threads.len(), 2);
    assert_eq!(
        threads.iter().filter(|t| t["crashed"] == true).count(),
        1,
        "{threads:?}"
    );
}

#[test]
fn eval_scores_text_logs_labelled_by_position() {
    let logs = debugger_logs();
    let dir = std::env::temp_dir().join(format!("crashprint-text-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let labels = dir.join("labels.jsonl");
    let text: String = logs
        .iter()
        .enumerate()
        .map(|(i, (_, crash))| format!("{{\"line\": {}, \"bug\": \"{crash}\"}}\n", i + 1))
        .collect();
    std::fs::write(&labels, text).expect("labels");
    let mut args = vec![
        "eval".to_string(),
        "--json".into(),
        "--format".into(),
        "text".into(),
        "--labels".into(),
        labels.display().to_string(),
    ];
    args.extend(logs.iter().map(|(p, _)| p.clone()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = crashprint(&args, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let report = &reports[0];
    assert_eq!(report["coverage"]["labels"], logs.len() as u64, "{report}");
    let all = report["platforms"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["platform"] == "all"))
        .unwrap_or_else(|| panic!("no overall metrics in {report}"));
    assert_eq!(all["metrics"]["items"], logs.len() as u64, "{report}");
    assert_eq!(
        all["metrics"]["bcubed"]["f1"].as_f64(),
        Some(1.0),
        "{report}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn garbage_text_is_a_problem_record_not_a_crash() {
    for input in [
        &b"hello\nworld\n"[..],
        b"#0  0x in (\n#1  ) at :\nframe #: 0x`\n",
        b"\xff\xfe\x00garbage\x00\x01",
        b"",
    ] {
        let out = crashprint(&["process", "--format", "text", "-"], Some(input));
        assert_eq!(out.status.code(), Some(1), "{input:?}");
        let recs = records(&out);
        assert_eq!(recs.len(), 1);
        let r = &recs[0];
        assert_eq!(r["ok"], false, "{r}");
        assert_eq!(r["status"], 415, "{r}");
        let text = r["error"]["issue"][0]["details"]["text"]
            .as_str()
            .expect("a message");
        assert!(text.contains("no crash recognised"), "{text}");
    }
    // An Apport report whose stack is damaged is still a crash report: its
    // signal and title, no frames.
    let out = crashprint(
        &["process", "--format", "text", "-"],
        Some(b"ProblemType: Crash\nSignal: 6\nStacktrace:\n #0  ((((((\nTitle: x crashed\n"),
    );
    let r = &records(&out)[0];
    assert_eq!(r["ok"], true, "{r}");
    assert_eq!(r["event"]["exceptions"][0]["type"], "SIGABRT", "{r}");
}

#[test]
fn json_and_text_inputs_side_by_side() {
    let out = crashprint(
        &[
            "process",
            "testdata/seeds/backtrace-sample-request.json",
            &format!("{DIR}/gdb-null-bt.txt"),
        ],
        None,
    );
    assert!(out.status.success());
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["format"], "backtrace");
    assert_eq!(recs[1]["format"], "text");
    assert_eq!(recs[1]["line"], 2);
}
