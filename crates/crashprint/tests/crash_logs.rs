//! Grouping quality on real, labelled crash logs (`testdata/crash-logs`):
//! ClusterFuzz stack-analyzer logs labelled by ClusterFuzz's own
//! (crash_type, crash_state) and syzkaller kernel reports labelled by syzbot
//! titles. Each log is read with `crashprint_model::crashlog`, grouped by
//! every strategy, and scored with B-cubed precision/recall/F1.

#![allow(clippy::print_stderr)] // the B-cubed table is the report

use crashprint::{Event, Fingerprinter, Rules, Strategy};
use crashprint_model::crashlog::parse_crash_log;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One labelled log.
struct Item {
    name: String,
    label: String,
    event: Option<Event>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/crash-logs")
}

fn read_labels(dir: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(dir.join("labels.jsonl")).expect("labels.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a JSON label"))
        .collect()
}

fn str_field<'a>(row: &'a serde_json::Value, key: &str) -> Option<&'a str> {
    row.get(key).and_then(|v| v.as_str())
}

/// ClusterFuzz: every test row is an item; the 9-member group with an empty
/// crash_state is not a real group and is left out.
fn clusterfuzz() -> Vec<Item> {
    let dir = corpus_dir().join("clusterfuzz-stack-analyzer");
    read_labels(&dir)
        .iter()
        .filter(|row| str_field(row, "crash_state").is_some_and(|s| !s.is_empty()))
        .map(|row| {
            let file = str_field(row, "file").expect("file");
            let text = std::fs::read(dir.join(file)).expect("log file");
            Item {
                name: file.to_string(),
                label: str_field(row, "group_id").expect("group_id").to_string(),
                event: parse_crash_log(&String::from_utf8_lossy(&text)),
            }
        })
        .collect()
}

/// syzkaller: reports with a TITLE; the test-corpus header (TITLE, ALT,
/// TYPE … up to the first blank line) is the label, never parser input.
fn syzkaller() -> Vec<Item> {
    let dir = corpus_dir().join("syzkaller-linux-reports");
    read_labels(&dir)
        .iter()
        .filter(|row| str_field(row, "title").is_some())
        .map(|row| {
            let file = str_field(row, "file").expect("file");
            let bytes = std::fs::read(dir.join(file)).expect("report file");
            let text = String::from_utf8_lossy(&bytes);
            let body = match text.find("\n\n") {
                Some(p) if text.starts_with("TITLE:") => &text[p + 2..],
                _ => &text[..],
            };
            Item {
                name: file.to_string(),
                label: str_field(row, "group_id").expect("group_id").to_string(),
                event: parse_crash_log(body),
            }
        })
        .collect()
}

/// B-cubed precision, recall and F1 (Bagga & Baldwin): for each item, the
/// share of its predicted group that shares its label (precision) and the
/// share of its label that shares its predicted group (recall), averaged.
fn bcubed<P: std::hash::Hash + Eq + Clone>(pred: &[P], truth: &[String]) -> (f64, f64, f64) {
    let mut by_pred: HashMap<&P, usize> = HashMap::new();
    let mut by_truth: HashMap<&String, usize> = HashMap::new();
    let mut by_both: HashMap<(&P, &String), usize> = HashMap::new();
    for (p, t) in pred.iter().zip(truth) {
        *by_pred.entry(p).or_default() += 1;
        *by_truth.entry(t).or_default() += 1;
        *by_both.entry((p, t)).or_default() += 1;
    }
    let n = pred.len() as f64;
    let (mut precision, mut recall) = (0.0, 0.0);
    for (p, t) in pred.iter().zip(truth) {
        let both = by_both[&(p, t)] as f64;
        precision += both / by_pred[p] as f64;
        recall += both / by_truth[t] as f64;
    }
    let (precision, recall) = (precision / n, recall / n);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

fn groups<T: std::hash::Hash + Eq>(values: &[T]) -> usize {
    values
        .iter()
        .collect::<std::collections::HashSet<_>>()
        .len()
}

/// Rules worth adding for crash logs (see the report on this corpus):
/// allocator, string, locking and fuzzer-harness frames that sit between a
/// crash and the code that caused it.
const LOG_RULES: &str = "\
function:memcpy -app
function:memmove -app
function:memset -app
function:strlen -app
function:strcmp -app
function:strncmp -app
function:kmalloc* -app
function:__kmalloc* -app
function:kmem_cache_* -app
function:kfree -app
function:__kfree* -app
function:kvfree -app
function:slab_free* -app
function:__slab_free -app
function:lock_acquire -app
function:__lock_acquire -app
function:lock_release -app
function:_raw_spin_* -app
function:__raw_spin_* -app
function:mutex_lock* -app
function:__mutex_lock* -app
function:down_read -app
function:down_write -app
function:check_noncircular -app
function:check_prev_add -app
function:validate_chain -app
function:__might_sleep -app
function:___might_sleep -app
function:__might_fault -app
function:__might_resched -app
function:rcu_* -app
function:print_cpu_stall* -app
function:trace_hardirqs_* -app
function:copy_to_user -app
function:copy_from_user -app
function:_copy_to_user -app
function:_copy_from_user -app
function:*_copy_from_iter* -app
function:__check_object_size -app
function:check_object_size -app
function:usercopy_* -app
function:__list_add_valid* -app
function:__list_del_entry_valid* -app
function:refcount_* -app
function:debug_* -app
function:malloc -app
function:calloc -app
function:realloc -app
function:free -app
function:operator*new* -app
function:operator*delete* -app
function:LLVMFuzzerTestOneInput -app
function:base::debug::* -app
function:logging::* -app
function:v8::base::OS::* -app
function:V8_Fatal* -app
function:V8_Dcheck* -app
function:com.code_intelligence.jazzer.* -app
";

#[test]
fn grouping_on_real_crash_logs() {
    let corpora = [("clusterfuzz", clusterfuzz()), ("syzkaller", syzkaller())];
    let log_rules = Rules::parse(LOG_RULES).expect("valid rules");
    let mut total = 0usize;
    let mut with_frames = 0usize;
    let mut default_f1 = HashMap::new();
    eprintln!(
        "{:<12} {:<20} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
        "corpus", "strategy", "items", "true", "pred", "B3 P", "B3 R", "B3 F1"
    );
    for (corpus, items) in &corpora {
        let parsed = items
            .iter()
            .filter(|i| i.event.as_ref().is_some_and(|e| e.frame_count() > 0))
            .count();
        let missing: Vec<&str> = items
            .iter()
            .filter(|i| i.event.as_ref().is_none_or(|e| e.frame_count() == 0))
            .map(|i| i.name.as_str())
            .collect();
        total += items.len();
        with_frames += parsed;
        let truth: Vec<String> = items.iter().map(|i| i.label.clone()).collect();
        let mut runs: Vec<(String, Fingerprinter)> = Strategy::ALL
            .iter()
            .map(|&s| {
                (
                    s.name().to_string(),
                    Fingerprinter::with_strategy(Rules::default(), s),
                )
            })
            .collect();
        runs.push((
            "default+log-rules".to_string(),
            Fingerprinter::with_strategy(log_rules.clone(), Strategy::Default),
        ));
        for (name, fingerprinter) in &runs {
            // An unparsed log is its own group: no frames, nothing shared.
            let pred: Vec<[u8; 32]> = items
                .iter()
                .enumerate()
                .map(|(n, i)| match &i.event {
                    Some(e) => fingerprinter.group(e).fingerprint,
                    None => {
                        let mut unique = [0xffu8; 32];
                        unique[..8].copy_from_slice(&(n as u64).to_le_bytes());
                        unique
                    }
                })
                .collect();
            let (p, r, f1) = bcubed(&pred, &truth);
            eprintln!(
                "{:<12} {:<20} {:>6} {:>6} {:>6} {:>7.3} {:>7.3} {:>7.3}",
                corpus,
                name,
                items.len(),
                groups(&truth),
                groups(&pred),
                p,
                r,
                f1
            );
            if name.as_str() == Strategy::Default.name() {
                default_f1.insert(*corpus, f1);
            }
        }
        eprintln!(
            "{corpus}: {parsed}/{} logs parsed with at least one frame; without: {missing:?}",
            items.len()
        );
    }
    let share = with_frames as f64 / total as f64;
    eprintln!("parse coverage: {with_frames}/{total} = {share:.3}");
    // Observed 837/957 = 0.875. The 90% target is not reached: 78 of these
    // logs hold no stack text at all (truncated or CORRUPTED syzkaller
    // reports, stackless failures such as missing libraries or SYZFAIL), so
    // 879/957 is the ceiling; the rest are formats the reader does not know
    // (Mac/Windows Chrome CHECK stacks, lockdep-only reports, centipede).
    assert!(share >= 0.87, "only {with_frames}/{total} logs gave frames");
    // Regression guards: the default strategy's F1 as observed, less 0.01.
    for (corpus, floor) in [("clusterfuzz", 0.944), ("syzkaller", 0.796)] {
        let f1 = default_f1[corpus];
        assert!(f1 >= floor, "{corpus}: default F1 {f1:.3} < {floor:.3}");
    }
}

#[test]
fn bcubed_hand_checked() {
    let truth: Vec<String> = ["a", "a", "b", "b"].iter().map(|s| s.to_string()).collect();
    let (p, r, f) = bcubed(&[1, 1, 2, 2], &truth);
    assert!((p - 1.0).abs() < 1e-12 && (r - 1.0).abs() < 1e-12 && (f - 1.0).abs() < 1e-12);
    let (p, r, _) = bcubed(&[1, 1, 1, 1], &truth);
    assert!((p - 0.5).abs() < 1e-12 && (r - 1.0).abs() < 1e-12);
    let (p, r, _) = bcubed(&[1, 2, 3, 4], &truth);
    assert!((p - 1.0).abs() < 1e-12 && (r - 0.5).abs() < 1e-12);
}
