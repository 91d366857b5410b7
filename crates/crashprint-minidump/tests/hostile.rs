//! Bounds: oversized dumps, and a walk that would never end (CFI that
//! keeps the return address where it is) stops at the frame cap, quickly.
#![allow(clippy::unwrap_used)]

use crashprint_minidump::{MinidumpError, MinidumpLimits, MinidumpReader, WalkBudget};
use crashprint_model::SymbolBudget;
use crashprint_native::SymbolStore;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const OWN: &str = "../../testdata/minidump/own";

fn reader(dirs: Vec<PathBuf>, limits: MinidumpLimits) -> MinidumpReader {
    let store = Arc::new(SymbolStore::new(Vec::new(), 4));
    MinidumpReader::new(store, dirs, 4, SymbolBudget::default()).with_limits(limits)
}

#[test]
fn oversized_dumps_are_refused() {
    let bytes = std::fs::read(Path::new(OWN).join("dumps/c-O0-fp-segv.dmp")).unwrap();
    let small = MinidumpLimits {
        max_bytes: 1000,
        ..MinidumpLimits::default()
    };
    let err = reader(Vec::new(), small).walk(&bytes).unwrap_err();
    assert!(matches!(err, MinidumpError::TooLarge { .. }), "{err}");
    let few_threads = MinidumpLimits {
        max_threads: 1,
        ..MinidumpLimits::default()
    };
    let err = reader(Vec::new(), few_threads).walk(&bytes).unwrap_err();
    assert!(matches!(err, MinidumpError::TooManyThreads { .. }), "{err}");
    let small_stacks = MinidumpLimits {
        max_stack_bytes: 16,
        ..MinidumpLimits::default()
    };
    let err = reader(Vec::new(), small_stacks).walk(&bytes).unwrap_err();
    assert!(matches!(err, MinidumpError::StackTooLarge { .. }), "{err}");
}

/// A `.sym` file whose `STACK CFI` for every address says "the caller is
/// here again, 8 bytes up the stack": each step moves the stack pointer, so
/// only the frame cap ends the walk.
#[test]
fn self_referential_cfi_stops_at_the_cap() {
    let bytes = std::fs::read(Path::new(OWN).join("dumps/c-O0-fp-segv.dmp")).unwrap();
    // The main module's name and id, from a walk without symbols.
    let json = reader(Vec::new(), MinidumpLimits::default())
        .walk(&bytes)
        .unwrap()
        .json();
    let crashing = json["crash_info"]["crashing_thread"].as_u64().unwrap() as usize;
    let top = &json["threads"][crashing]["frames"][0];
    let module = json["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["filename"] == top["module"])
        .unwrap();
    let name = module["debug_file"].as_str().unwrap();
    let id = module["debug_id"].as_str().unwrap();
    let root = std::env::temp_dir().join(format!("crashprint-hostile-{}", std::process::id()));
    let dir = root.join(name).join(id);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(format!("{name}.sym")),
        format!(
            "MODULE Linux x86_64 {id} {name}\nFUNC 0 100000 0 loop\nSTACK CFI INIT 0 100000 .cfa: $rsp 8 + .ra: $rip\n"
        ),
    )
    .unwrap();
    let cap = 300;
    let limits = MinidumpLimits {
        walk: WalkBudget {
            max_frames_per_thread: cap,
            ..WalkBudget::default()
        },
        ..MinidumpLimits::default()
    };
    let started = std::time::Instant::now();
    let walked = reader(vec![root.clone()], limits).walk(&bytes).unwrap();
    let frames = &walked.state().threads[crashing].frames;
    assert_eq!(frames.len(), cap, "the walk went on to the cap");
    assert!(frames
        .iter()
        .all(|f| f.function_name.as_deref() == Some("loop")));
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    std::fs::remove_dir_all(root).unwrap();
}
