//! Expectations of Sentry's own source map tests, on their fixtures:
//!
//! - `testdata/sourcemap/sentry-symbolic-sourcemapcache/expected-lookups.tsv`:
//!   the 17 lookups of getsentry/symbolic's
//!   `symbolic-sourcemapcache/tests/integration.rs` (file, original line and
//!   column, and the original enclosing function — "scope" — recovered from
//!   the minified source or from Hermes/Metro function maps);
//! - `testdata/sourcemap/rust-sourcemap-fixtures/expected-lookups.txt`: the
//!   Hermes and Metro lookups of getsentry/rust-sourcemap's
//!   `tests/test_hermes.rs`, with function names from `x_facebook_sources`.
//!
//! All positions are 0-based. Every row is checked and reported, then the
//! test fails if any row did, listing each failing row and why.

#![allow(clippy::print_stderr)] // the per-row report is the point

use crashprint_sourcemap::{Position, Resolved, SourceMap};
use std::path::{Path, PathBuf};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/sourcemap")
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The map at `map_file` (relative to `dir`), with its minified file when
/// there is one.
fn load(dir: &Path, map_file: &str, minified: Option<&str>) -> SourceMap {
    let map = SourceMap::from_slice(&read(&dir.join(map_file)))
        .unwrap_or_else(|e| panic!("{map_file} does not parse: {e}"));
    match minified {
        Some(file) => {
            let js = String::from_utf8(read(&dir.join(file))).expect("UTF-8 minified source");
            map.with_minified_source(&js)
        }
        None => map,
    }
}

/// The source a row expects.
#[derive(Debug)]
enum Source {
    /// The source with this name.
    Named(String),
    /// Source index 0, whose name is `null` (`nofiles.js.map`).
    FirstUnnamed,
}

/// What a row expects at its position: `None` for no mapping at all.
#[derive(Debug)]
struct Expected {
    source: Source,
    line0: u32,
    column0: u32,
    /// The enclosing function: `None` at top level / unknown.
    function: Option<String>,
    /// The token name, where the upstream test asserts one.
    name: Option<String>,
}

/// Compares what `resolve` gave with a row's expectation: the
/// differences, empty when it matches.
fn compare(got: Option<Resolved<'_>>, want: Option<&Expected>) -> Vec<String> {
    let (got, want) = match (got, want) {
        (None, None) => return Vec::new(),
        (Some(got), None) => {
            return vec![format!(
                "expected no mapping, got {:?}:{:?} function {:?}",
                got.token.source, got.token.original, got.function
            )]
        }
        (None, Some(_)) => return vec!["expected a mapping, resolve gave None".to_string()],
        (Some(got), Some(want)) => (got, want),
    };
    let mut problems = Vec::new();
    match &want.source {
        Source::Named(name) => {
            if got.token.source != Some(name.as_str()) {
                problems.push(format!(
                    "source: expected {name:?}, got {:?}",
                    got.token.source
                ));
            }
        }
        Source::FirstUnnamed => {
            if got.token.source_index != Some(0) || got.token.source.is_some() {
                problems.push(format!(
                    "source: expected index 0 without a name, got index {:?} name {:?}",
                    got.token.source_index, got.token.source
                ));
            }
        }
    }
    let original = got.token.original.map(|p| (p.line0(), p.column0()));
    if original != Some((want.line0, want.column0)) {
        problems.push(format!(
            "original line/column (0-based): expected {}:{}, got {original:?}",
            want.line0, want.column0
        ));
    }
    if got.function != want.function.as_deref() {
        problems.push(format!(
            "function: expected {:?}, got {:?}",
            want.function, got.function
        ));
    }
    if let Some(name) = &want.name {
        if got.token.name != Some(name.as_str()) {
            problems.push(format!(
                "token name: expected {name:?}, got {:?}",
                got.token.name
            ));
        }
    }
    problems
}

fn number(field: &str, what: &str) -> u32 {
    field
        .parse()
        .unwrap_or_else(|_| panic!("{what} {field:?} is not a number"))
}

#[test]
fn symbolic_sourcemapcache_expected_lookups() {
    let dir = testdata().join("sentry-symbolic-sourcemapcache");
    let table = String::from_utf8(read(&dir.join("expected-lookups.tsv"))).expect("UTF-8");
    let mut rows = 0;
    let mut failures = Vec::new();
    for line in table.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert!(f.len() >= 8, "short row: {line:?}");
        let field = |i: usize| f.get(i).copied().unwrap_or("");
        rows += 1;
        let minified = (!field(0).starts_with("(none")).then(|| field(0));
        let map = load(&dir, field(1), minified);
        let at = Position::zero_based(number(field(2), "min_line"), number(field(3), "min_col"));
        let want = if field(4).starts_with("NONE") {
            None
        } else {
            Some(Expected {
                source: if field(4).starts_with("(first file") {
                    Source::FirstUnnamed
                } else {
                    Source::Named(field(4).to_string())
                },
                line0: number(field(5), "src_line"),
                column0: number(field(6), "src_col"),
                function: match field(7) {
                    "-" => None,
                    name => Some(name.to_string()),
                },
                name: Some(field(8)).filter(|n| !n.is_empty()).map(str::to_string),
            })
        };
        let got = map.resolve(at);
        let problems = compare(got, want.as_ref());
        let label = format!(
            "{} ({}) at {}:{} (0-based)",
            field(1),
            minified.unwrap_or("map only"),
            at.line0(),
            at.column0()
        );
        if problems.is_empty() {
            eprintln!("  ok   {label}");
        } else {
            eprintln!("  FAIL {label}: {}", problems.join("; "));
            failures.push(format!("{label}: {}", problems.join("; ")));
        }
    }
    eprintln!(
        "symbolic-sourcemapcache lookups: {}/{rows} rows agree",
        rows - failures.len()
    );
    assert_eq!(rows, 17, "expected-lookups.tsv has 17 rows");
    assert!(
        failures.is_empty(),
        "{} of {rows} symbolic-sourcemapcache rows disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// One row of `rust-sourcemap-fixtures/expected-lookups.txt`.
#[derive(Debug)]
struct HermesRow {
    map: String,
    line: u32,
    column: u32,
    source: String,
    original_line: u32,
    original_column: u32,
    function: String,
}

/// Reads `expected-lookups.txt` (transcribed from rust-sourcemap's
/// `tests/test_hermes.rs`): a line naming a map (`react-native-hermes/output.map
/// (…)`) and then its rows, `lookup_token(L, C) -> ("source", l, c, None);
/// get_…(…) = "function"`.
fn hermes_rows(text: &str) -> Vec<HermesRow> {
    let mut map = None;
    let mut rows = Vec::new();
    for line in text.lines() {
        if !line.starts_with(' ') {
            map = line
                .split_whitespace()
                .next()
                .filter(|w| w.ends_with(".map"))
                .map(str::to_string);
            continue;
        }
        let Some((_, rest)) = line.split_once("lookup_token(") else {
            continue;
        };
        let parse = || -> Option<HermesRow> {
            let (position, rest) = rest.split_once(')')?;
            let (l, c) = position.split_once(", ")?;
            let (_, tuple) = rest.split_once("-> (")?;
            let (tuple, rest) = tuple.split_once(')')?;
            let fields: Vec<&str> = tuple.split(", ").collect();
            let [source, ol, oc, name] = fields[..] else {
                return None;
            };
            if name != "None" {
                return None;
            }
            let (_, function) = rest.rsplit_once("= ")?;
            Some(HermesRow {
                map: map.clone()?,
                line: l.parse().ok()?,
                column: c.parse().ok()?,
                source: source.trim_matches('"').to_string(),
                original_line: ol.parse().ok()?,
                original_column: oc.parse().ok()?,
                function: function.trim().trim_matches('"').to_string(),
            })
        };
        rows.push(parse().unwrap_or_else(|| panic!("cannot read {line:?}")));
    }
    rows
}

/// The Hermes and Metro lookups of rust-sourcemap: file, original position,
/// no token name, and the function from `x_facebook_sources`. The Metro
/// map's first source is Metro's bogus `__prelude__`, which rust-sourcemap
/// drops on rewrite; it has no function map and none of these lookups land
/// in it, so the expectations hold with it kept.
#[test]
fn rust_sourcemap_hermes_and_metro_lookups() {
    let dir = testdata().join("rust-sourcemap-fixtures");
    let text = String::from_utf8(read(&dir.join("expected-lookups.txt"))).expect("UTF-8");
    let rows = hermes_rows(&text);
    assert_eq!(
        rows.len(),
        5,
        "expected-lookups.txt has 3 Hermes and 2 Metro rows"
    );
    let mut failures = Vec::new();
    for row in &rows {
        let map = load(&dir, &row.map, None);
        let at = Position::zero_based(row.line, row.column);
        let want = Expected {
            source: Source::Named(row.source.clone()),
            line0: row.original_line,
            column0: row.original_column,
            function: Some(row.function.clone()),
            name: None,
        };
        let got = map.resolve(at);
        let mut problems = compare(got, Some(&want));
        if let Some(name) = got.and_then(|g| g.token.name) {
            problems.push(format!("token name: expected None, got {name:?}"));
        }
        let label = format!("{} at {}:{} (0-based)", row.map, row.line, row.column);
        if problems.is_empty() {
            eprintln!("  ok   {label}");
        } else {
            eprintln!("  FAIL {label}: {}", problems.join("; "));
            failures.push(format!("{label}: {}", problems.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "rust-sourcemap Hermes/Metro rows disagree:\n{}",
        failures.join("\n")
    );
}

/// The Metro map lists Metro's `__prelude__` first (rust-sourcemap drops
/// it on rewrite); this crate keeps the sources as the map lists them, so
/// indexes stay those of the file.
#[test]
fn metro_prelude_source_is_kept_in_place() {
    let dir = testdata().join("rust-sourcemap-fixtures");
    let map = load(&dir, "react-native-metro/output.js.map", None);
    let sources: Vec<Option<&str>> = map.sources().collect();
    eprintln!("metro sources: {sources:?}");
    assert_eq!(sources.first(), Some(&Some("__prelude__")));
    assert_eq!(sources.len(), 7);
}

/// The original source lines that symbolic's tests assert with
/// `line_contents()` (`symbolic-sourcemapcache/tests/integration.rs` @
/// a5980e8b, copied from there without their trailing newlines), checked
/// through [`SourceMap::context`].
#[test]
fn symbolic_line_contents() {
    let dir = testdata().join("sentry-symbolic-sourcemapcache");
    let cases: &[(&str, Option<&str>, u32, u32, &str)] = &[
        (
            "simple/minified.js.map",
            Some("simple/minified.js"),
            0,
            10,
            "function abcd() {}",
        ),
        (
            "nofiles.js.map",
            Some("nofiles.js"),
            0,
            38,
            "\treturn a + b; // fôo",
        ),
        (
            "hermes-metro/react-native-hermes.map",
            None,
            0,
            11939,
            "    throw new Error(\"lets throw!\");",
        ),
        (
            "hermes-metro/react-native-hermes.map",
            None,
            0,
            11857,
            "foo();",
        ),
        (
            "hermes-metro/react-native-metro.js.map",
            Some("hermes-metro/react-native-metro.js"),
            6,
            100,
            "    throw new Error(\"lets throw!\");",
        ),
        (
            "hermes-metro/react-native-metro.js.map",
            Some("hermes-metro/react-native-metro.js"),
            5,
            43,
            "foo();",
        ),
        (
            "webpack/bundle.js.map",
            Some("webpack/bundle.js"),
            0,
            84,
            "  throw new Error(\"wat\");",
        ),
        (
            "webpack/bundle.js.map",
            Some("webpack/bundle.js"),
            0,
            43,
            "  f();",
        ),
    ];
    let mut failures = Vec::new();
    for &(file, minified, line, column, want) in cases {
        let map = load(&dir, file, minified);
        let got = map
            .resolve(Position::zero_based(line, column))
            .and_then(|r| {
                let source = r.token.source_index?;
                let original = r.token.original?;
                map.context(source, original.line(), 0)
                    .into_iter()
                    .find(|(n, _)| *n == original.line())
                    .map(|(_, text)| text)
            });
        if got.as_deref() != Some(want) {
            failures.push(format!(
                "{file} at {line}:{column}: expected {want:?}, got {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "line contents differ:\n{}",
        failures.join("\n")
    );
}
