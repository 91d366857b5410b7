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

/// B-cubed F1 of `predicted` against `truth` (same length): precision is the
/// mean over items of |same predicted ∩ same true| / |same predicted|,
/// recall the mean of |same predicted ∩ same true| / |same true|.
pub fn b_cubed_f1<P: Eq + std::hash::Hash, T: Eq + std::hash::Hash>(
    predicted: &[P],
    truth: &[T],
) -> f64 {
    use std::collections::HashMap;
    assert_eq!(predicted.len(), truth.len());
    let n = predicted.len();
    if n == 0 {
        return 0.0;
    }
    let mut by_pred: HashMap<&P, usize> = HashMap::new();
    let mut by_true: HashMap<&T, usize> = HashMap::new();
    let mut by_both: HashMap<(&P, &T), usize> = HashMap::new();
    for (p, t) in predicted.iter().zip(truth) {
        *by_pred.entry(p).or_default() += 1;
        *by_true.entry(t).or_default() += 1;
        *by_both.entry((p, t)).or_default() += 1;
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for (p, t) in predicted.iter().zip(truth) {
        let both = by_both[&(p, t)] as f64;
        precision += both / by_pred[p] as f64;
        recall += both / by_true[t] as f64;
    }
    let (precision, recall) = (precision / n as f64, recall / n as f64);
    2.0 * precision * recall / (precision + recall)
}
