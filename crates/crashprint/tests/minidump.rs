//! Minidumps through the Engine: the event's shape, and grouping across
//! releases (testdata/minidump/own, made by its build.sh).

use crashprint::{Engine, Format, FrameStatus, FrameTrust, ProcessedEvent};
use std::path::Path;

const OWN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/minidump/own");

fn process(engine: &Engine, dump: &str) -> ProcessedEvent {
    let bytes = std::fs::read(Path::new(OWN).join("dumps").join(dump)).expect("dump");
    let mut events = engine.process(&bytes).expect("accepted");
    assert_eq!(events.len(), 1);
    events.remove(0)
}

fn engine() -> Engine {
    Engine::builder()
        .symbol_dir(Path::new(OWN).join("bin"))
        .build()
        .expect("engine")
}

#[test]
fn a_minidump_is_an_event_with_threads_modules_and_trust() {
    let e = process(&engine(), "c-O2-fp-thread.dmp");
    assert_eq!(e.format, Format::Minidump);
    let event = &e.event;
    assert_eq!(event.exceptions[0].type_name, "SIGSEGV / SEGV_MAPERR");
    let crashed: Vec<_> = event.threads.iter().filter(|t| t.crashed).collect();
    assert_eq!(crashed.len(), 1, "one crashing thread");
    assert!(
        event.threads.len() >= 4,
        "main, two idle threads, the worker"
    );
    assert_eq!(event.exceptions[0].thread.as_ref(), Some(&crashed[0].id));
    let top = &crashed[0].stack[0];
    assert_eq!(top.trust, Some(FrameTrust::Context));
    assert_eq!(top.status, Some(FrameStatus::Symbolicated));
    assert_eq!(
        top.symbolicated.last().and_then(|f| f.function.as_deref()),
        Some("write_null")
    );
    assert!(crashed[0].stack[1..]
        .iter()
        .all(|f| f.trust != Some(FrameTrust::Context)));
    let main = event
        .modules
        .iter()
        .find(|m| {
            m.code_file
                .as_deref()
                .is_some_and(|f| f.ends_with("/c-O2-fp"))
        })
        .expect("the main module");
    assert_eq!(
        main.code_id.as_deref().map(str::len),
        Some(40),
        "a full build id"
    );
    assert_eq!(main.debug_id.as_deref().map(str::len), Some(33));
    assert_eq!(main.debug_status.as_deref(), Some("found"));
}

#[test]
fn the_same_crash_in_two_releases_is_one_group() {
    let engine = engine();
    let r1 = process(&engine, "c-O2-fp-segv.dmp");
    let r2 = process(&engine, "c-O2-fp-r2-segv.dmp");
    // Every address moved between the releases.
    let top = |e: &ProcessedEvent| e.event.crashed_thread().expect("crashed").stack[0].address;
    assert_ne!(
        top(&r1).map(|a| a & 0xfff),
        top(&r2).map(|a| a & 0xfff),
        "release 2 moved the code"
    );
    assert_eq!(r1.fingerprint, r2.fingerprint);
    // A different crash of the same program is another group.
    let other = process(&engine, "c-O2-fp-abort.dmp");
    assert_ne!(r1.fingerprint, other.fingerprint);
}

#[test]
fn hostile_dumps_are_problems() {
    let engine = engine();
    let bytes = std::fs::read(Path::new(OWN).join("dumps/c-O0-fp-segv.dmp")).expect("dump");
    // Truncated anywhere: a problem or a (partial) event, never a panic.
    for cut in (0..bytes.len()).step_by(997).chain([4, 31, 32, 33]) {
        if let Err(p) = engine.process_as(&bytes[..cut], Some(Format::Minidump)) {
            assert!((400..500).contains(&p.http_status()), "cut at {cut}: {p:?}");
        }
    }
    // A stream directory that points at the header itself, claiming a
    // million streams.
    let mut looped = bytes[..32].to_vec();
    looped[8..12].copy_from_slice(&1_000_000u32.to_le_bytes());
    looped[12..16].copy_from_slice(&0u32.to_le_bytes());
    assert!(engine.process(&looped).is_err());
    // rust-minidump's malformed dumps.
    let public = Path::new(OWN).join("../public/rust-minidump/testdata");
    for name in [
        "invalid-parameter.dmp",
        "invalid-range.dmp",
        "invalid-record-count.dmp",
    ] {
        let bytes = std::fs::read(public.join(name)).expect("dump");
        let _ = engine.process(&bytes);
    }
}
