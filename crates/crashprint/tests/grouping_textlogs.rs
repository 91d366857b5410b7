//! The labelled debugger logs of the grouping corpus
//! (testdata/grouping/out/textlogs, written by testdata/grouping/generate.sh:
//! real gdb 13 and lldb 14 sessions, and Apport-style Stacktrace.txt /
//! ThreadStacktrace.txt files, of the C and Rust programs' crashes): every
//! log is read, and the B-cubed F1 of the default and the previous default
//! is printed per split. The default must not fall more than 0.01 below
//! what it was observed to reach.
#![allow(clippy::print_stderr)] // the table is the report

mod common;
use common::*;
use crashprint::{Engine, Format, Strategy};

/// B-cubed F1 of `crashprint:2027-01` as observed: all logs, the tuning
/// part, the held-out part (programs not looked at while writing rules).
const DEFAULT_FLOOR: [(&str, f64); 3] = [("all", 0.923), ("tune", 0.912), ("heldout", 0.942)];

struct Log {
    bytes: Vec<u8>,
    bug: String,
    split: String,
}

fn logs() -> Vec<Log> {
    let dir = "grouping/out/textlogs";
    let files: Vec<String> = String::from_utf8(read(&format!("{dir}/files.txt")))
        .expect("utf8")
        .lines()
        .map(str::to_string)
        .collect();
    let mut logs: Vec<Option<Log>> = files.iter().map(|_| None).collect();
    for line in lines(&format!("{dir}/labels.jsonl")) {
        let v: serde_json::Value = serde_json::from_slice(&line).expect("label json");
        let n = v["line"].as_u64().expect("line") as usize;
        let file = &files[n - 1];
        logs[n - 1] = Some(Log {
            bytes: read(&format!("{dir}/{file}")),
            bug: v["bug"].as_str().expect("bug").to_string(),
            split: v["split"].as_str().expect("split").to_string(),
        });
    }
    logs.into_iter()
        .enumerate()
        .map(|(i, l)| l.unwrap_or_else(|| panic!("{} has no label", files[i])))
        .collect()
}

#[test]
fn debugger_logs_group_by_bug() {
    let logs = logs();
    assert!(logs.len() >= 190, "{} logs", logs.len());
    let mut observed = Vec::new();
    for strategy in [Strategy::DEFAULT, Strategy::Crashprint2026_12] {
        let engine = Engine::builder()
            .strategy(strategy)
            .build()
            .expect("engine");
        let fingerprints: Vec<String> = logs
            .iter()
            .enumerate()
            .map(|(i, log)| {
                let events = engine
                    .process_as(&log.bytes, Some(Format::Text))
                    .unwrap_or_else(|p| panic!("log {} rejected: {p:?}", i + 1));
                assert_eq!(events.len(), 1);
                assert!(
                    !events[0].event.exceptions[0].stack.is_empty(),
                    "log {} has no frames",
                    i + 1
                );
                events[0].fingerprint.clone()
            })
            .collect();
        for split in ["all", "tune", "heldout"] {
            let (predicted, truth): (Vec<&String>, Vec<&String>) = logs
                .iter()
                .zip(&fingerprints)
                .filter(|(l, _)| split == "all" || l.split == split)
                .map(|(l, f)| (f, &l.bug))
                .unzip();
            let f1 = b_cubed_f1(&predicted, &truth);
            eprintln!(
                "{:<20} {split:<8} {:>4} logs  B-cubed F1 {f1:.3}",
                strategy.name(),
                predicted.len()
            );
            if strategy == Strategy::DEFAULT {
                observed.push((split, f1));
            }
        }
    }
    for (split, floor) in DEFAULT_FLOOR {
        let (_, f1) = observed
            .iter()
            .find(|(s, _)| *s == split)
            .expect("measured");
        eprintln!(
            "default {split}: {f1:.3}, observed {floor:.3}, floor {:.3}",
            floor - 0.01
        );
        assert!(*f1 >= floor - 0.01, "{split}: {f1:.3} < {floor:.3} - 0.01");
    }
}
