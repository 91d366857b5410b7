//! Native crash reports through `Engine` with symbol directories: a real
//! crash of testdata/native/src/crasher.c (raw addresses + modules as its own
//! handler reported them), resolved against its debug file and compared with
//! what llvm-symbolizer said (testdata/native/payloads/crash-expected.json).

mod common;
use common::*;
use crashprint::{Engine, ProcessedEvent};
use std::path::{Path, PathBuf};

fn engine_with(dir: &Path) -> Engine {
    Engine::builder().symbol_dir(dir).build().expect("engine")
}

fn crash(line: usize, engine: &Engine) -> ProcessedEvent {
    let payload = &lines("native/payloads/crash.ndjson")[line];
    engine.process(payload).expect("accepted").remove(0)
}

fn expected() -> Vec<Option<Vec<(String, String, u32)>>> {
    let v: serde_json::Value =
        serde_json::from_slice(&read("native/payloads/crash-expected.json")).expect("json");
    v.as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            row.as_array().map(|frames| {
                frames
                    .iter()
                    .map(|f| {
                        (
                            f["FunctionName"].as_str().unwrap_or("").to_string(),
                            f["FileName"].as_str().unwrap_or("").to_string(),
                            f["Line"].as_u64().unwrap_or(0) as u32,
                        )
                    })
                    .collect()
            })
        })
        .collect()
}

fn check_against_llvm(e: &ProcessedEvent) {
    let stack = match e.event.threads.first() {
        Some(t) => &t.stack,
        None => &e.event.exceptions[0].stack,
    };
    let want = expected();
    assert_eq!(stack.len(), want.len());
    for (i, (frame, want)) in stack.iter().zip(&want).enumerate() {
        match want {
            Some(want) => {
                let got: Vec<(String, String, u32)> = frame
                    .symbolicated
                    .iter()
                    .map(|s| {
                        (
                            s.function.clone().unwrap_or_default(),
                            s.file.clone().unwrap_or_default(),
                            s.line.unwrap_or(0),
                        )
                    })
                    .collect();
                assert_eq!(&got, want, "frame {i}");
                let symbol_table_only = want
                    .iter()
                    .all(|(_, file, line)| file.is_empty() && *line == 0);
                assert_eq!(
                    frame.status,
                    Some(if symbol_table_only {
                        crashprint::FrameStatus::SymbolTable
                    } else {
                        crashprint::FrameStatus::Symbolicated
                    }),
                    "frame {i}"
                );
                assert_eq!(frame.symbolicated.len() > 1, frame.symbolicated[0].inlined);
            }
            None => {
                // libc: its debug file is not in the symbol directory.
                assert!(frame.symbolicated.is_empty(), "frame {i}");
                let why = frame.unresolved.as_deref().expect("a reason");
                assert!(why.contains("no debug file with id"), "{why}");
                assert_eq!(
                    frame.status,
                    Some(crashprint::FrameStatus::MissingDebugFile)
                );
                assert!(frame.address.is_some(), "the raw frame is kept");
            }
        }
    }
}

#[test]
fn backtrace_native_crash_is_symbolicated_like_llvm_symbolizer() {
    let e = crash(0, &engine_with(&testdata("native/symbols")));
    check_against_llvm(&e);
    assert_eq!(e.grouping_hash, "SIGSEGV | record | crasher.c");
    let statuses: Vec<(&str, &str)> = e
        .event
        .modules
        .iter()
        .filter_map(|m| Some((m.code_file.as_deref()?, m.debug_status.as_deref()?)))
        .collect();
    assert!(statuses
        .iter()
        .any(|(f, s)| f.ends_with("crasher-deployed") && *s == "found"));
    assert!(statuses
        .iter()
        .any(|(f, s)| f.ends_with("libc.so.6") && s.starts_with("missing: no debug file")));
}

/// A server's engine, with flat address tables, resolves the same frames.
#[test]
fn flat_tables_give_the_same_frames() {
    let engine = Engine::builder()
        .symbol_dir(testdata("native/symbols"))
        .native_flat_tables(true)
        .build()
        .expect("engine");
    let e = crash(0, &engine);
    check_against_llvm(&e);
    assert_eq!(e.grouping_hash, "SIGSEGV | record | crasher.c");
}

#[test]
fn bugsnag_ndk_frames_are_symbolicated_too() {
    let engine = engine_with(&testdata("native/symbols"));
    let bugsnag = crash(1, &engine);
    check_against_llvm(&bugsnag);
    // The same crash reported through either format is one group.
    let backtrace = crash(0, &engine);
    assert_eq!(bugsnag.fingerprint, backtrace.fingerprint);
}

#[test]
fn without_symbols_frames_stay_raw_and_group_by_module() {
    let e = crash(0, &engine());
    let stack = &e.event.threads[0].stack;
    assert!(stack
        .iter()
        .all(|f| f.symbolicated.is_empty() && f.address.is_some()));
    assert_eq!(e.grouping_hash, "SIGSEGV | <anonymous> | crasher-deployed");
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("crashprint-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn debug_file() -> PathBuf {
    let dir = testdata("native/symbols/.build-id");
    let sub = std::fs::read_dir(&dir)
        .expect("dir")
        .next()
        .expect("one")
        .expect("entry")
        .path();
    std::fs::read_dir(sub)
        .expect("dir")
        .next()
        .expect("one")
        .expect("entry")
        .path()
}

#[test]
fn debuginfod_and_plain_tree_layouts() {
    let build_id = {
        let p = debug_file();
        let parent = p
            .parent()
            .and_then(Path::file_name)
            .and_then(|n| n.to_str())
            .expect("xx");
        let stem = p.file_stem().and_then(|n| n.to_str()).expect("stem");
        format!("{parent}{stem}")
    };
    // debuginfod: <build-id>/debuginfo
    let debuginfod = scratch("debuginfod");
    std::fs::create_dir_all(debuginfod.join(&build_id)).expect("mkdir");
    std::fs::copy(debug_file(), debuginfod.join(&build_id).join("debuginfo")).expect("copy");
    assert_eq!(
        crash(0, &engine_with(&debuginfod)).grouping_hash,
        "SIGSEGV | record | crasher.c"
    );
    // Any tree of object files: found by build id.
    let tree = scratch("tree");
    std::fs::create_dir_all(tree.join("native/app-v1")).expect("mkdir");
    std::fs::copy(
        testdata("native/bin/crasher"),
        tree.join("native/app-v1/crasher"),
    )
    .expect("copy");
    assert_eq!(
        crash(0, &engine_with(&tree)).grouping_hash,
        "SIGSEGV | record | crasher.c"
    );
    let _ = std::fs::remove_dir_all(debuginfod);
    let _ = std::fs::remove_dir_all(tree);
}

#[test]
fn payload_paths_never_reach_outside_the_symbol_directories() {
    let store = scratch("escape");
    // A symlink pointing out of the store is not followed, so the debug file
    // behind it is not found.
    #[cfg(unix)]
    std::os::unix::fs::symlink(testdata("native/symbols"), store.join("outside")).expect("symlink");
    let engine = engine_with(&store);
    let hostile = serde_json::json!({
        "uuid": "123e4567-e89b-12d3-a456-426655440000", "timestamp": 1, "lang": "c",
        "langVersion": "gcc", "agent": "a", "agentVersion": "1", "mainThread": "main",
        "threads": {"main": {"fault": true, "stack": [
            {"address": "0x1010", "library": "../../etc/passwd"},
            {"address": "0x2010", "library": "/etc/passwd"},
            {"address": "0x3010"}
        ]}},
        "modules": [
            {"start": "0x1000", "size": 4096, "code_file": "../../etc/passwd", "debug_file": "../../../etc/passwd"},
            {"start": "0x2000", "size": 4096, "code_file": "/etc/passwd", "debug_file": "/etc/shadow"},
            {"start": "0x3000", "size": 4096, "code_file": "x", "debug_identifier": "../../../../etc/passwd"}
        ]
    });
    let e = engine
        .process(&serde_json::to_vec(&hostile).expect("json"))
        .expect("accepted")
        .remove(0);
    for frame in &e.event.threads[0].stack {
        assert!(frame.symbolicated.is_empty());
        let why = frame.unresolved.as_deref().expect("reason");
        assert!(why.contains("no debug file"), "{why}");
    }
    // The crash whose debug file sits behind the symlink stays unresolved.
    let c = crash(0, &engine);
    assert!(c.event.threads[0]
        .stack
        .iter()
        .all(|f| f.symbolicated.is_empty()));
    let _ = std::fs::remove_dir_all(store);
}

#[test]
fn breakpad_debug_ids_find_the_same_file() {
    // Breakpad names an ELF module by its build id's first 16 bytes read as a
    // little-endian GUID, plus the age: clients that send that form resolve too.
    let mut payload: serde_json::Value =
        serde_json::from_slice(&lines("native/payloads/crash.ndjson")[0]).expect("json");
    for m in payload["modules"].as_array_mut().expect("modules") {
        let id = m["debug_identifier"].as_str().unwrap_or("").to_string();
        if id.len() >= 32 {
            let b: Vec<u8> = (0..16)
                .map(|i| u8::from_str_radix(&id[2 * i..2 * i + 2], 16).expect("hex"))
                .collect();
            let guid = [b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6]];
            let breakpad: String = guid
                .iter()
                .chain(&b[8..16])
                .map(|x| format!("{x:02X}"))
                .collect::<String>()
                + "0";
            m["debug_identifier"] = serde_json::Value::String(breakpad);
        }
    }
    let e = engine_with(&testdata("native/symbols"))
        .process(&serde_json::to_vec(&payload).expect("json"))
        .expect("accepted")
        .remove(0);
    check_against_llvm(&e);
}

mod hostile {
    use super::*;
    use proptest::prelude::*;

    fn hex(v: u64) -> serde_json::Value {
        serde_json::Value::String(format!("{v:#x}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(256)
        ))]

        /// Any module list and any frames: symbolication never panics, keeps
        /// every frame, and explains each frame it could not resolve.
        #[test]
        fn any_modules_and_frames(
            modules in prop::collection::vec((any::<u64>(), any::<u64>(), prop::option::of("[0-9a-fA-F./-]{0,48}"), prop::option::of(".{0,24}")), 0..6),
            frames in prop::collection::vec((any::<u64>(), any::<bool>(), prop::option::of(any::<u64>())), 1..12),
            real_id in any::<bool>(),
        ) {
            let crasher: serde_json::Value =
                serde_json::from_slice(&lines("native/payloads/crash.ndjson")[0]).expect("json");
            let real = crasher["modules"][0]["debug_identifier"].clone();
            let modules: Vec<serde_json::Value> = modules
                .into_iter()
                .map(|(start, size, id, file)| serde_json::json!({
                    "start": hex(start), "size": size,
                    "debug_identifier": if real_id { real.clone() } else { serde_json::json!(id) },
                    "code_file": file,
                }))
                .collect();
            let stack: Vec<serde_json::Value> = frames
                .iter()
                .map(|(address, faulted, _)| serde_json::json!({"address": hex(*address), "faulted": faulted}))
                .collect();
            let backtrace = serde_json::json!({
                "uuid": "123e4567-e89b-12d3-a456-426655440000", "timestamp": 1, "lang": "c",
                "langVersion": "gcc", "agent": "a", "agentVersion": "1", "mainThread": "main",
                "threads": {"main": {"fault": true, "stack": stack}}, "modules": modules,
            });
            let ndk: Vec<serde_json::Value> = frames
                .iter()
                .map(|(address, _, base)| serde_json::json!({
                    "frameAddress": hex(*address), "loadAddress": base.map(hex),
                    "file": "libentry.so", "codeIdentifier": real.clone(), "type": "c",
                }))
                .collect();
            let bugsnag = serde_json::json!({
                "apiKey": "k", "notifier": {"name": "n", "version": "1"},
                "events": [{"payloadVersion": "4", "exceptions": [{"errorClass": "SIGSEGV", "stacktrace": ndk}]}],
            });
            let engine = engine_with(&testdata("native/symbols"));
            for payload in [backtrace, bugsnag] {
                let Ok(events) = engine.process(&serde_json::to_vec(&payload).expect("json")) else {
                    continue;
                };
                for e in events {
                    let stack = e.event.threads.first().map_or(&e.event.exceptions[0].stack, |t| &t.stack);
                    prop_assert_eq!(stack.len(), frames.len());
                    for f in stack {
                        prop_assert!(f.address.is_some());
                        prop_assert!(!f.symbolicated.is_empty() || f.unresolved.is_some());
                    }
                    prop_assert_eq!(e.fingerprint.len(), 44);
                }
            }
        }
    }
}
