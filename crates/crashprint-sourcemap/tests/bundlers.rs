//! Real-bundler fixtures (`testdata/sourcemap/bundlers/`, rebuilt by its
//! `build.sh`): a small app bundled and minified by esbuild, and by terser
//! over an esbuild bundle, checked against Mozilla's `source-map` 0.7.4.
//!
//! - Every row of `out/<bundle>.expected.json` (every mapping segment, 200
//!   pseudo-random positions, a statement inside each function, every frame
//!   of real V8 stack traces of the minified bundle) must give what
//!   `originalPositionFor` gave (default bias, greatest lower bound): source,
//!   original line and column, name.
//! - The `needle` and `stack` rows carry `expected_function`, the name
//!   Sentry's js-source-scopes gives the enclosing function in the original
//!   (unminified) source (`reference.mjs`, see the fixtures' README):
//!   [`SourceMap::resolve`]'s `function` must be exactly that.

#![allow(clippy::print_stderr)] // the tables are the report

use crashprint_sourcemap::{Bias, Position, SourceMap, Token};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/sourcemap/bundlers/out")
}

struct Fixture {
    minified: String,
    map: SourceMap,
    rows: Vec<Value>,
}

fn load(bundle: &str) -> Fixture {
    let read = |name: String| {
        let path = fixtures().join(&name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    };
    let minified =
        String::from_utf8(read(format!("{bundle}.min.js"))).expect("minified source is UTF-8");
    let map = SourceMap::from_slice(&read(format!("{bundle}.min.js.map")))
        .unwrap_or_else(|e| panic!("{bundle}.min.js.map does not parse: {e}"))
        .with_minified_source(&minified);
    let rows: Vec<Value> = serde_json::from_slice(&read(format!("{bundle}.expected.json")))
        .expect("expected.json is a JSON list");
    assert!(!rows.is_empty(), "{bundle}.expected.json has no rows");
    Fixture {
        minified,
        map,
        rows,
    }
}

fn num(row: &Value, key: &str) -> u32 {
    row[key]
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or_else(|| panic!("row without a numeric {key}: {row}"))
}

/// The generated position of a row: `line` is 1-based, `column` 0-based
/// (as `source-map` takes them).
fn position(row: &Value) -> Position {
    let line = num(row, "line");
    Position::zero_based(
        line.checked_sub(1).expect("1-based line"),
        num(row, "column"),
    )
}

/// (source, 1-based original line, 0-based original column, name), all
/// `None` when there is no original position.
type Found = (Option<String>, Option<u32>, Option<u32>, Option<String>);

fn expected(row: &Value) -> Found {
    let text = |key: &str| row[key].as_str().map(str::to_owned);
    let number = |key: &str| row[key].as_u64().and_then(|n| u32::try_from(n).ok());
    (
        text("source"),
        number("originalLine"),
        number("originalColumn"),
        text("name"),
    )
}

fn found(token: Option<Token<'_>>) -> Found {
    let Some(token) = token else {
        return (None, None, None, None);
    };
    (
        token.source.map(str::to_owned),
        token.original.map(|p| p.line()),
        token.original.map(|p| p.column0()),
        token.name.map(str::to_owned),
    )
}

/// Where a row comes from, for the tables.
fn label(row: &Value) -> String {
    match row["kind"].as_str() {
        Some("stack") => format!(
            "stack {}#{}",
            row["scenario"].as_str().unwrap_or("?"),
            row["frame"]
        ),
        Some("needle") => format!("needle {}", row["snippet"].as_str().unwrap_or("?")),
        Some(kind) => kind.to_owned(),
        None => "?".to_owned(),
    }
}

/// The minified code around `at`, with `⟨here⟩` at the position.
fn around(minified: &str, at: Position) -> String {
    let Some(line) = minified.split('\n').nth(at.line0() as usize) else {
        return "<no such line>".to_owned();
    };
    let column = (at.column0() as usize).min(line.len());
    let mut start = column.saturating_sub(60);
    while !line.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (column + 40).min(line.len());
    while !line.is_char_boundary(end) {
        end += 1;
    }
    format!(
        "…{}⟨here⟩{}…",
        line.get(start..column).unwrap_or(""),
        line.get(column..end).unwrap_or("")
    )
}

fn lookups_agree(bundle: &str) {
    let fixture = load(bundle);
    let mut mismatches = Vec::new();
    for row in &fixture.rows {
        let at = position(row);
        let want = expected(row);
        let got = found(fixture.map.lookup(at, Bias::GreatestLowerBound));
        if got != want {
            mismatches.push(format!(
                "  {}:{} ({}): source-map {want:?}, crate {got:?}",
                at.line(),
                at.column0(),
                label(row)
            ));
        }
    }
    let total = fixture.rows.len();
    eprintln!(
        "{bundle}: {} of {total} lookups agree with source-map 0.7.4",
        total - mismatches.len()
    );
    for m in &mismatches {
        eprintln!("{m}");
    }
    assert!(
        mismatches.is_empty(),
        "{bundle}: {} of {total} lookups disagree with source-map 0.7.4",
        mismatches.len()
    );
}

fn function_names_match(bundle: &str) {
    let fixture = load(bundle);
    let mut checked = 0;
    let mut wrong = Vec::new();
    eprintln!("{bundle}: resolve().function against js-source-scopes on the original source");
    eprintln!(
        "  {:<4} {:<10} {:<28} {:<28} where",
        "ok", "at", "expected", "got"
    );
    for row in &fixture.rows {
        let Some(want) = row["expected_function"].as_str() else {
            continue;
        };
        checked += 1;
        let at = position(row);
        let got = match fixture.map.resolve(at) {
            Some(hit) => hit.function.unwrap_or("<none>").to_owned(),
            None => "<no mapping>".to_owned(),
        };
        let ok = got == want;
        let at_text = format!("{}:{}", at.line(), at.column0());
        eprintln!(
            "  {:<4} {at_text:<10} {want:<28} {got:<28} {}",
            if ok { "ok" } else { "FAIL" },
            label(row)
        );
        if !ok {
            wrong.push(format!(
                "  {at_text} ({}): expected {want:?}, got {got:?}\n      {}",
                label(row),
                around(&fixture.minified, at)
            ));
        }
    }
    assert!(
        checked > 0,
        "{bundle}.expected.json has no expected_function rows"
    );
    eprintln!(
        "{bundle}: {} of {checked} function names right",
        checked - wrong.len()
    );
    assert!(
        wrong.is_empty(),
        "{bundle}: {} of {checked} function names wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn esbuild_lookups_agree_with_source_map() {
    lookups_agree("esbuild");
}

#[test]
fn terser_lookups_agree_with_source_map() {
    lookups_agree("terser");
}

#[test]
fn esbuild_function_names() {
    function_names_match("esbuild");
}

#[test]
fn terser_function_names() {
    function_names_match("terser");
}
