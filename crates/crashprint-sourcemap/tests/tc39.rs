//! The ECMA-426 conformance suite (tc39/source-map-tests,
//! `testdata/sourcemap/tc39-source-map-tests/source-map-spec-tests.json`).
//!
//! Every test: its map must parse when `sourceMapIsValid` and be rejected
//! otherwise; then every action must hold:
//! - `checkMapping`: a 0-based generated position gives the original
//!   source (the map's source string, `sourceRoot` applied), 0-based
//!   original line and column and the token's name (all `null` = no
//!   original position there);
//! - `checkMappingTransitive`: the same through `intermediateMaps` (the
//!   original position found in one map is looked up in the next);
//! - `checkIgnoreList`: the sources named in `present` are ignored.
//!
//! A test passes when all of that holds. The pass count may only go up:
//! [`PASSING_AT_LEAST`] is the floor.

#![allow(clippy::print_stderr)] // the conformance summary is the report

use crashprint_sourcemap::{Bias, Position, SourceMap, Token};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Tests of the 99 that pass now; raise it when the crate gets better.
const PASSING_AT_LEAST: usize = 99;

fn suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/sourcemap/tc39-source-map-tests")
}

fn load(file: &str) -> Result<SourceMap, String> {
    let path = suite().join("resources").join(file);
    // A missing file is a broken test setup, not a rejected map.
    let bytes =
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    SourceMap::from_slice(&bytes).map_err(|e| e.to_string())
}

/// What one lookup gave: (source, line0, column0, name), all `None` when
/// there is no original position.
type Found = (Option<String>, Option<u32>, Option<u32>, Option<String>);

fn found(token: Option<Token<'_>>) -> Found {
    match token {
        Some(t) => (
            t.source.map(str::to_string),
            t.original.map(|p| p.line0()),
            t.original.map(|p| p.column0()),
            t.name.map(str::to_string),
        ),
        None => (None, None, None, None),
    }
}

fn expected(action: &Value) -> Found {
    let number = |key: &str| {
        action[key]
            .as_u64()
            .map(|n| u32::try_from(n).expect("a 32-bit position"))
    };
    (
        action["originalSource"].as_str().map(str::to_string),
        number("originalLine"),
        number("originalColumn"),
        action["mappedName"].as_str().map(str::to_string),
    )
}

fn generated(action: &Value) -> Position {
    let number = |key: &str| {
        let n = action[key].as_u64().expect("a generated position");
        u32::try_from(n).expect("a 32-bit position")
    };
    Position::zero_based(number("generatedLine"), number("generatedColumn"))
}

/// Runs one test: `Ok(actions checked)` when it passes, else why not.
fn run(test: &Value) -> Result<usize, String> {
    let file = test["sourceMapFile"].as_str().expect("sourceMapFile");
    let valid = test["sourceMapIsValid"]
        .as_bool()
        .expect("sourceMapIsValid");
    let map = match (load(file), valid) {
        (Ok(map), true) => map,
        (Err(e), true) => return Err(format!("valid map rejected: {e}")),
        (Ok(_), false) => return Err("invalid map accepted".to_string()),
        (Err(_), false) => return Ok(0),
    };
    let mut problems = Vec::new();
    let actions = test["testActions"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    for action in actions {
        match action["actionType"].as_str().expect("actionType") {
            "checkMapping" => {
                let at = generated(action);
                let got = found(map.lookup(at, Bias::GreatestLowerBound));
                let want = expected(action);
                if got != want {
                    problems.push(format!(
                        "checkMapping {}:{} expected {want:?}, got {got:?}",
                        at.line0(),
                        at.column0()
                    ));
                }
            }
            "checkMappingTransitive" => {
                let at = generated(action);
                let want = expected(action);
                let got = transitive(&map, at, action);
                if got != Ok(want.clone()) {
                    problems.push(format!(
                        "checkMappingTransitive {}:{} expected {want:?}, got {got:?}",
                        at.line0(),
                        at.column0()
                    ));
                }
            }
            "checkIgnoreList" => {
                let present: Vec<&str> = action["present"]
                    .as_array()
                    .expect("present")
                    .iter()
                    .map(|v| v.as_str().expect("a source"))
                    .collect();
                let ignored: Vec<&str> = (0..map.sources().len() as u32)
                    .filter(|&i| map.is_ignored(i))
                    .filter_map(|i| map.source(i))
                    .collect();
                for source in &present {
                    if !ignored.contains(source) {
                        problems.push(format!(
                            "checkIgnoreList: {source} not ignored (ignored: {ignored:?})"
                        ));
                    }
                }
            }
            other => problems.push(format!("unknown action {other}")),
        }
    }
    if problems.is_empty() {
        Ok(actions.len())
    } else {
        Err(problems.join("; "))
    }
}

/// Looks `at` up in `map`, then the original position found there in each
/// of the action's `intermediateMaps` in turn.
fn transitive(map: &SourceMap, at: Position, action: &Value) -> Result<Found, String> {
    let mut token = map.lookup(at, Bias::GreatestLowerBound);
    let mut result = found(token);
    let mut maps = Vec::new();
    for file in action["intermediateMaps"]
        .as_array()
        .expect("intermediateMaps")
    {
        let file = file.as_str().expect("a map file");
        maps.push(load(file).map_err(|e| format!("intermediate map {file}: {e}"))?);
    }
    for next in &maps {
        let Some(original) = token.and_then(|t| t.original) else {
            return Ok((None, None, None, None));
        };
        token = next.lookup(original, Bias::GreatestLowerBound);
        result = found(token);
    }
    Ok(result)
}

#[test]
fn ecma_426_conformance() {
    let text = std::fs::read_to_string(suite().join("source-map-spec-tests.json"))
        .expect("the tc39 suite");
    let suite: Value = serde_json::from_str(&text).expect("suite JSON");
    let tests = suite["tests"].as_array().expect("tests");
    let (mut passed, mut actions) = (0, 0);
    let mut failures = Vec::new();
    for test in tests {
        let name = test["name"].as_str().expect("name");
        match run(test) {
            Ok(checked) => {
                passed += 1;
                actions += checked;
            }
            Err(why) => failures.push(format!("{name}: {why}")),
        }
    }
    eprintln!(
        "tc39 source-map-tests: {passed}/{} pass ({actions} actions checked in them; floor {PASSING_AT_LEAST})",
        tests.len()
    );
    for failure in &failures {
        eprintln!("  FAIL {failure}");
    }
    assert_eq!(tests.len(), 99, "the suite has 99 tests");
    assert!(
        passed >= PASSING_AT_LEAST,
        "{passed}/{} tc39 tests pass, fewer than the {PASSING_AT_LEAST} that passed before:\n{}",
        tests.len(),
        failures.join("\n")
    );
}

/// `decoding/debug-id/` of the same suite: a map's `debugId` is read.
/// Only `debug-id.map` is asserted; the other three are reported:
/// `invalid-debug-id.map`'s golden record has no debug id (the spec lets a
/// decoder drop a non-UUID), and the two index maps there have trailing
/// commas (not JSON), so no JSON parser reads them.
#[test]
fn decoding_debug_id() {
    let dir = suite().join("decoding/debug-id");
    let parse = |file: &str| {
        let bytes = std::fs::read(dir.join(file)).expect("decoding fixture");
        SourceMap::from_slice(&bytes)
    };
    let map = parse("debug-id.map").expect("debug-id.map parses");
    let golden: Value = serde_json::from_slice(
        &std::fs::read(dir.join("debug-id.map.golden")).expect("golden record"),
    )
    .expect("golden JSON");
    assert_eq!(map.debug_id(), golden["debugId"].as_str(), "debugId");
    assert_eq!(map.file(), golden["file"].as_str(), "file");
    let invalid = parse("invalid-debug-id.map").expect("a bad debugId leaves the map valid");
    assert_eq!(
        invalid.debug_id(),
        None,
        "a debugId that is not a UUID is dropped"
    );
    for file in ["debug-id-index.map", "debug-id-index-section.map"] {
        match parse(file) {
            Ok(map) => eprintln!("{file}: debugId {:?}", map.debug_id()),
            Err(e) => eprintln!("{file}: rejected: {e}"),
        }
    }
}
