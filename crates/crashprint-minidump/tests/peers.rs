//! crashprint's walk of real minidumps against the peers' expected output,
//! frame for frame: rust-minidump's own snapshots and Breakpad's expected
//! text (copied from upstream), minidump-stackwalk 0.27.0 runs recorded by
//! `testdata/minidump/public/stackwalk.sh` and `testdata/minidump/own/build.sh`.
//! crashprint reads `.sym` files where the peers had only those, and the
//! binaries' DWARF and `.eh_frame` directly where they exist.
#![allow(clippy::print_stderr, clippy::unwrap_used)]

use crashprint_minidump::MinidumpReader;
use crashprint_model::SymbolBudget;
use crashprint_native::SymbolStore;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const PUBLIC: &str = "../../testdata/minidump/public";
const OWN: &str = "../../testdata/minidump/own";

fn walk(dump: &Path, dirs: &[&str]) -> Value {
    let dirs: Vec<PathBuf> = dirs.iter().map(PathBuf::from).collect();
    let store = Arc::new(SymbolStore::new(dirs.clone(), 64));
    let reader = MinidumpReader::new(store, dirs, 64, SymbolBudget::default());
    let bytes = std::fs::read(dump).unwrap();
    reader.walk(&bytes).unwrap().json()
}

/// What is compared of a frame.
const FULL: &[&str] = &[
    "module", "function", "file", "line", "trust", "offset", "inlines",
];

fn key(frame: &Value, fields: &[&str]) -> Vec<Value> {
    fields
        .iter()
        .map(|f| {
            let v = frame.get(*f).cloned().unwrap_or(Value::Null);
            if *f == "inlines" {
                // Each inline frame's function, file and line.
                match v {
                    Value::Array(a) => Value::Array(
                        a.iter()
                            .map(|i| serde_json::json!([i["function"], i["file"], i["line"]]))
                            .collect(),
                    ),
                    _ => Value::Array(Vec::new()),
                }
            } else {
                v
            }
        })
        .collect()
}

/// (agreeing frames, frames, differences) over the threads given.
fn compare(expected: &[&Value], got: &[&Value], fields: &[&str]) -> (usize, usize, Vec<String>) {
    let (mut agree, mut total, mut diffs) = (0, 0, Vec::new());
    assert_eq!(expected.len(), got.len(), "thread count");
    for (t, (e, g)) in expected.iter().zip(got).enumerate() {
        let (e, g) = (
            e["frames"].as_array().unwrap(),
            g["frames"].as_array().unwrap(),
        );
        for i in 0..e.len().max(g.len()) {
            total += 1;
            let a = e.get(i).map(|f| key(f, fields));
            let b = g.get(i).map(|f| key(f, fields));
            if a == b {
                agree += 1;
            } else {
                diffs.push(format!("thread {t} frame {i}: expected {a:?}, got {b:?}"));
            }
        }
    }
    (agree, total, diffs)
}

fn crashing(v: &Value) -> &Value {
    let i = v["crash_info"]["crashing_thread"].as_u64().unwrap_or(0) as usize;
    &v["threads"][i]
}

fn all_threads(v: &Value) -> Vec<&Value> {
    v["threads"].as_array().unwrap().iter().collect()
}

/// An insta snapshot's JSON (after its header).
fn snapshot(name: &str) -> Value {
    let path = format!("{PUBLIC}/rust-minidump/minidump-stackwalk/tests/snapshots/{name}");
    let text = std::fs::read_to_string(path).unwrap();
    let body = text.splitn(3, "---\n").nth(2).unwrap();
    serde_json::from_str(body).unwrap()
}

#[test]
fn rust_minidump_snapshots_crashing_threads() {
    let rm = format!("{PUBLIC}/rust-minidump/testdata");
    let symbols = format!("{rm}/symbols");
    for (snap, dump, dirs) in [
        (
            "test_minidump_stackwalk__json-pretty-symbols.snap",
            "test.dmp",
            vec![symbols.as_str()],
        ),
        (
            "test_minidump_stackwalk__json-pretty.snap",
            "test.dmp",
            vec![],
        ),
        (
            "test_minidump_stackwalk__macos_inlines_json_pretty.snap",
            "pipeline-inlines-macos-segv.dmp",
            vec![symbols.as_str()],
        ),
        (
            "test_minidump_stackwalk__linux_json_pretty.snap",
            "linux-mini.dmp",
            vec![],
        ),
    ] {
        let expected = snapshot(snap);
        let got = walk(&Path::new(&rm).join(dump), &dirs);
        // The snapshot's `crashing_thread` object is the crashing thread.
        let (agree, total, diffs) =
            compare(&[&expected["crashing_thread"]], &[crashing(&got)], FULL);
        eprintln!("{snap}: {agree}/{total} crashing-thread frames agree");
        assert!(diffs.is_empty(), "{snap}: {diffs:#?}");
        assert!(total > 0);
        assert_eq!(expected["crash_info"]["type"], got["crash_info"]["type"]);
        assert_eq!(
            expected["crash_info"]["address"],
            got["crash_info"]["address"]
        );
    }
}

/// Breakpad's own `minidump_stackwalk` text for minidump2.dmp: the crashing
/// thread's `module!function [file : line + off]` lines and "Found by".
#[test]
fn breakpad_minidump2_expected_text() {
    let bp = format!("{PUBLIC}/breakpad/testdata");
    let text = std::fs::read_to_string(format!("{bp}/minidump2.stackwalk.out")).unwrap();
    let got = walk(
        &Path::new(&bp).join("minidump2.dmp"),
        &[&format!("{bp}/symbols")],
    );
    let frames = crashing(&got)["frames"].as_array().unwrap();
    let section = text.split("(crashed)").nth(1).unwrap();
    let section = section.split("\n\n").next().unwrap();
    let mut expected = Vec::new();
    let mut lines = section.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        let Some((num, rest)) = t.split_once("  ") else {
            continue;
        };
        let Ok(n) = num.parse::<usize>() else {
            continue;
        };
        let (module, rest) = rest.split_once('!').unwrap();
        let (function, file, line_no) = match rest.split_once(" [") {
            Some((f, loc)) => {
                let (file, l) = loc.split_once(" : ").unwrap();
                let l: u64 = l.split(' ').next().unwrap().parse().unwrap();
                (f.to_string(), Some(file.to_string()), Some(l))
            }
            None => (rest.split(" + ").next().unwrap().to_string(), None, None),
        };
        let mut found = String::new();
        for l in lines.by_ref() {
            if let Some(f) = l.trim().strip_prefix("Found by: ") {
                found = f.to_string();
                break;
            }
        }
        expected.push((n, module.to_string(), function, file, line_no, found));
    }
    assert_eq!(expected.len(), frames.len());
    for (n, module, function, file, line, found) in expected {
        let f = &frames[n];
        assert_eq!(f["module"], module.as_str(), "frame {n}");
        assert_eq!(f["function"], function.as_str(), "frame {n}");
        // Breakpad prints the file's base name.
        let got_file = f["file"]
            .as_str()
            .map(|p| p.rsplit(['/', '\\']).next().unwrap().to_string());
        assert_eq!(got_file, file, "frame {n}");
        assert_eq!(f["line"].as_u64(), line, "frame {n}");
        let trust = match found.as_str() {
            "given as instruction pointer in context" => "context",
            "call frame info" => "cfi",
            "stack scanning" => "scan",
            "previous frame's frame pointer" => "frame_pointer",
            other => panic!("unknown trust {other}"),
        };
        assert_eq!(f["trust"], trust, "frame {n}");
    }
}

/// minidump-stackwalk 0.27.0 runs (public/stackwalk.sh): every frame of
/// every thread.
#[test]
fn public_dumps_against_minidump_stackwalk() {
    let bp = format!("{PUBLIC}/breakpad/testdata");
    let res = format!("{PUBLIC}/symbolic/py/tests/res/minidump");
    let fix = format!("{PUBLIC}/symbolic/at-88caf91/symbolic-testutils/fixtures/linux");
    let bp_syms = format!("{bp}/symbols");
    let old = format!("{PUBLIC}/symbols-inline-old");
    let new = format!("{PUBLIC}/symbols-inline-new");
    let cases: Vec<(String, String, String)> = vec![
        (
            format!("{bp}/linux_null_read_av.dmp"),
            bp_syms.clone(),
            "linux_null_read_av".into(),
        ),
        (
            format!("{bp}/linux_null_dereference.dmp"),
            bp_syms.clone(),
            "linux_null_dereference".into(),
        ),
        (
            format!("{bp}/linux_overflow.dmp"),
            bp_syms.clone(),
            "linux_overflow".into(),
        ),
        (
            format!("{bp}/minidump2.dmp"),
            bp_syms.clone(),
            "minidump2".into(),
        ),
        (
            format!("{bp}/linux_inline.dmp"),
            old,
            "linux_inline-old".into(),
        ),
        (
            format!("{bp}/linux_inline.dmp"),
            new,
            "linux_inline-new".into(),
        ),
        // crashprint reads the ELF's DWARF and .eh_frame; the peer had
        // dump_syms's .sym of the same files.
        (
            format!("{res}/crash_linux.dmp"),
            res.clone(),
            "symbolic-crash_linux-dump_syms".into(),
        ),
        (
            format!("{fix}/mini.dmp"),
            fix.clone(),
            "symbolic-mini-dump_syms".into(),
        ),
    ];
    let (mut agree, mut total) = (0, 0);
    for (dump, dir, name) in cases {
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(format!("{PUBLIC}/expected-stackwalk/{name}.json")).unwrap(),
        )
        .unwrap();
        let got = walk(Path::new(&dump), &[&dir]);
        let (a, t, diffs) = compare(&all_threads(&expected), &all_threads(&got), FULL);
        eprintln!("{name}: {a}/{t} frames agree");
        assert!(diffs.is_empty(), "{name}: {diffs:#?}");
        agree += a;
        total += t;
    }
    eprintln!("public dumps against minidump-stackwalk: {agree}/{total} frames agree");
}

/// The macOS dump, DWARF from its dSYM: every frame agrees but one, whose
/// trust differs: the peer's .sym has STACK CFI that dump_syms made from
/// the binary's compact unwind info (`__unwind_info`), which crashprint
/// does not read, so crashprint finds the same caller by scanning.
#[test]
fn macos_dump_differs_by_compact_unwind_only() {
    let res = format!("{PUBLIC}/symbolic/py/tests/res/minidump");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{PUBLIC}/expected-stackwalk/symbolic-crash_macos-dump_syms.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let got = walk(&Path::new(&res).join("crash_macos.dmp"), &[&res]);
    let fields = &["module", "function", "file", "line", "offset", "inlines"];
    let (agree, total, diffs) = compare(&all_threads(&expected), &all_threads(&got), fields);
    assert!(diffs.is_empty(), "{diffs:#?}");
    let (_, _, trust) = compare(&all_threads(&expected), &all_threads(&got), &["trust"]);
    assert_eq!(trust.len(), 1, "{trust:#?}");
    assert!(trust[0].contains("\"cfi\"") && trust[0].contains("\"scan\""));
    eprintln!("crash_macos: {agree}/{total} frames agree but for trust on 1");
}

/// The generated corpus (own/build.sh): C, C++ and Rust crashers at -O0
/// and -O2, with and without frame pointers, several threads, a crash in a
/// shared library; crashprint reads the binaries' DWARF and .eh_frame, the
/// peer read dump_syms's .sym files. Every frame of every thread.
#[test]
fn own_dumps_against_minidump_stackwalk() {
    let mut names: Vec<_> = std::fs::read_dir(format!("{OWN}/expected"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() >= 20, "{} dumps", names.len());
    let bin = format!("{OWN}/bin");
    let (mut agree, mut total, mut all_diffs) = (0, 0, Vec::new());
    for path in &names {
        let name = path.file_stem().unwrap().to_str().unwrap();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let got = walk(
            &Path::new(OWN).join("dumps").join(format!("{name}.dmp")),
            &[&bin],
        );
        let (a, t, diffs) = compare(&all_threads(&expected), &all_threads(&got), FULL);
        agree += a;
        total += t;
        all_diffs.extend(diffs.into_iter().map(|d| format!("{name}: {d}")));
    }
    eprintln!(
        "own dumps: {agree}/{total} frames of all threads agree ({} dumps)",
        names.len()
    );
    assert!(all_diffs.is_empty(), "{all_diffs:#?}");
}
