//! The code path the fuzz targets (`fuzz/`) and their corpus test share.
//!
//! Unlike [`Engine::process`](crate::Engine::process), it does not catch
//! panics: a fuzzer must see them.

use crate::{native, proguard, sourcemap, Fingerprinter, Format, Limits, Rules, Strategy};
use crashprint_readers::{crashlog, parse};

/// Parses `data` (as `format`, or detected), groups every event, and
/// serializes the results and problems as the CLI would; checks the
/// invariants every answer must hold.
pub fn exercise(data: &[u8], format: Option<Format>) {
    let limits = Limits::default();
    let fingerprinter = Fingerprinter::default();
    match parse(data, format, &limits) {
        Ok(parsed) => {
            for event in &parsed.events {
                let grouping = fingerprinter.group(event);
                assert_eq!(grouping.fingerprint_base64().len(), 44);
                assert!(!grouping.grouping_hash.is_empty());
                let event_json = serde_json::to_vec(event).expect("an event serializes");
                assert!(!event_json.is_empty());
                let grouping_json = serde_json::to_vec(&grouping).expect("a grouping serializes");
                assert!(!grouping_json.is_empty());
            }
        }
        Err(problem) => {
            assert!(problem.errors().next().is_some());
            let problem_json = serde_json::to_vec(&problem).expect("a problem serializes");
            assert!(!problem_json.is_empty());
            assert!(
                (400..600).contains(&problem.http_status()),
                "a problem answers with an HTTP error status"
            );
        }
    }
}

/// A text crash log from arbitrary bytes: read and grouped with every
/// strategy; never panics.
pub fn exercise_crash_log(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Some(event) = crashlog::parse_crash_log(&text) {
        for strategy in Strategy::ALL {
            let grouping = Fingerprinter::with_strategy(Rules::default(), strategy).group(&event);
            assert_eq!(grouping.fingerprint_base64().len(), 44);
        }
        let event_json = serde_json::to_vec(&event).expect("a crash-log event serializes");
        assert!(!event_json.is_empty());
    }
}

/// A ProGuard/R8 mapping from arbitrary bytes, with a stack trace
/// retraced through it (the text after the first NUL, or a fixed one):
/// parsing and retracing never panic.
pub fn exercise_proguard(data: &[u8]) {
    let (mapping, trace) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], String::from_utf8_lossy(&data[i + 1..]).into_owned()),
        None => (
            data,
            "java.lang.RuntimeException: a.b: x\n\tat a.a.a(SourceFile:1)\n\tat a.b.c.d(Unknown Source)\nCaused by: a.c\n\tat a.a.b(:7)\n".to_string(),
        ),
    };
    let mapping = proguard::Mapping::parse(mapping);
    for verbose in [false, true] {
        let retraced = proguard::retrace_text(&mapping, &trace, verbose);
        // Retracing reads an immutable index: the same text every time.
        assert_eq!(retraced, proguard::retrace_text(&mapping, &trace, verbose));
    }
    let frames = [proguard::StackFrame {
        class: "a.a",
        method: "a",
        line: Some(1),
        file: Some("SourceFile"),
    }];
    // One answer per input frame, whatever the mapping holds.
    assert_eq!(
        mapping.remap_stack(Some("a.b"), &frames).len(),
        frames.len()
    );
    if mapping.remap_class("a.a").is_some() {
        assert!(mapping.class_count() > 0, "a class found in an empty index");
    }
}

/// Indexes an object file (a 64 MiB decompression cap), looks up probe
/// addresses, then builds the flat address table and checks that it
/// answers the same (the native fuzz target and its corpus test).
pub fn exercise_native(data: &[u8]) {
    let Ok(index) = native::ModuleIndex::parse(data.to_vec(), 64 << 20) else {
        return;
    };
    let probe: Vec<u64> = (0..64u64)
        .map(|i| 0x1000 + i * 0x41)
        .chain([0, u64::MAX])
        .collect();
    let lazy = index.lookup_many(&probe);
    assert_eq!(lazy.len(), probe.len());
    if index.build_flat_table().is_some() {
        assert_eq!(index.lookup_many(&probe), lazy, "flat table differs");
    }
}

/// A source map and a minified file from arbitrary bytes (split at the
/// first NUL; without one, the bytes are tried as both): parsing, the
/// scope scan and lookups never panic, and lookups stay on their line.
pub fn exercise_sourcemap(data: &[u8]) {
    use sourcemap::{Bias, Position, SourceMap};
    let (map, minified) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, data),
    };
    let minified = String::from_utf8_lossy(minified);
    let empty = br#"{"version":3,"sources":[],"mappings":""}"#;
    for bytes in [map, &empty[..]] {
        let Ok(map) = SourceMap::from_slice(bytes) else {
            continue;
        };
        let map = map.with_minified_source(&minified);
        for line in 0..8u32 {
            for column in [0u32, 1, 7, 40, 1000, u32::MAX] {
                let at = Position::zero_based(line, column);
                for bias in [Bias::GreatestLowerBound, Bias::LeastUpperBound] {
                    if let Some(token) = map.lookup(at, bias) {
                        assert_eq!(token.generated.line0(), line);
                    }
                }
                if let Some(hit) = map.resolve(at) {
                    // resolve() answers with the token lookup() finds.
                    assert_eq!(hit.token.generated.line0(), line);
                    if let Some(source) = hit.token.source_index {
                        let context =
                            map.context(source, hit.token.original.map_or(1, |p| p.line()), 3);
                        assert!(context.len() <= 7, "3 lines each side at most");
                    }
                }
            }
        }
    }
}
