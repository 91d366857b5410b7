//! Helpers shared by the integration tests.
#![allow(dead_code)]

use base64::Engine as _;
use std::path::PathBuf;

pub fn testdata(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel)
}

pub fn read(rel: &str) -> Vec<u8> {
    std::fs::read(testdata(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
}

pub fn lines(rel: &str) -> Vec<Vec<u8>> {
    read(rel)
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}

/// Asserts a fingerprint is 44 characters of standard base64 for 32 bytes.
pub fn assert_fingerprint(fp: &str) {
    assert_eq!(fp.len(), 44, "fingerprint {fp:?} is not 44 characters");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(fp)
        .expect("fingerprint is base64");
    assert_eq!(bytes.len(), 32);
}

pub fn engine() -> crashprint::Engine {
    crashprint::Engine::builder().build().expect("engine")
}

/// An engine over one symbol directory of testdata.
pub fn engine_with_symbols(rel: &str) -> crashprint::Engine {
    crashprint::Engine::builder()
        .symbol_dir(testdata(rel))
        .build()
        .expect("engine")
}

/// The first event of each payload line of a testdata NDJSON file.
pub fn first_events(engine: &crashprint::Engine, rel: &str) -> Vec<crashprint::ProcessedEvent> {
    lines(rel)
        .iter()
        .map(|l| engine.process(l).expect("accepted").remove(0))
        .collect()
}
