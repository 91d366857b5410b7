//! The trace/expected pairs of getsentry/rust-proguard's tests
//! (testdata/proguard/rust-proguard, see its README.txt), compared exactly
//! after normalizing whitespace only.

use crashprint_proguard::{retrace_text, Mapping, StackFrame};
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/proguard/rust-proguard")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).expect("fixture")
}

fn normalize(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

fn retrace(mapping: &str, trace: &str) -> String {
    let mapping = Mapping::open(&dir().join(mapping)).expect("mapping");
    retrace_text(&mapping, &read(trace), false)
}

#[test]
fn inlines() {
    let got = retrace("mapping-inlines.txt", "inlines.obfuscated.txt");
    assert_eq!(normalize(&got), normalize(&read("inlines.expected.txt")));
}

#[test]
fn outline_complex() {
    let got = retrace(
        "mapping-outline-complex.txt",
        "outline-complex.obfuscated.txt",
    );
    assert_eq!(
        normalize(&got),
        normalize(&read("outline-complex.expected.txt"))
    );
}

#[test]
fn symbolicated_file_names() {
    let got = retrace(
        "mapping-r8-symbolicated_file_names.txt",
        "symbolicated-file-names.obfuscated.txt",
    );
    // Upstream's expected text (the proguard crate's output), unchanged.
    let upstream = normalize(&read("symbolicated-file-names.expected.txt"));
    // The documented difference: the proguard crate keeps two frames that
    // R8 hides. Both map to methods the mapping marks
    // `com.android.tools.r8.synthesized` (the `$r8$lambda$...` bridge and
    // `MainActivity$$ExternalSyntheticLambda0.onClick`); R8's retrace (and
    // this crate) drop synthesized frames. Every other line matches.
    const ONLY_UPSTREAM: [&str; 2] = [
        "at io.wzieba.r8fullmoderenamessources.MainActivity.$r8$lambda$pOQDVg57r6gG0-DzwbGf17BfNbs(MainActivity.kt:0)",
        "at io.wzieba.r8fullmoderenamessources.MainActivity$$ExternalSyntheticLambda0.onClick(MainActivity:0)",
    ];
    let got = normalize(&got);
    let missing: Vec<&str> = upstream
        .iter()
        .filter(|l| !got.contains(l))
        .map(String::as_str)
        .collect();
    assert_eq!(
        missing, ONLY_UPSTREAM,
        "lines of upstream's output crashprint does not give"
    );
    let extra: Vec<&String> = got.iter().filter(|l| !upstream.contains(l)).collect();
    assert!(extra.is_empty(), "lines upstream does not give: {extra:?}");
    // Same order, once the two are taken out.
    let upstream_without: Vec<&String> = upstream
        .iter()
        .filter(|l| !ONLY_UPSTREAM.contains(&l.as_str()))
        .collect();
    assert_eq!(got.iter().collect::<Vec<_>>(), upstream_without);
    // Why they go: the mapping marks both methods synthesized.
    let mapping = read("mapping-r8-symbolicated_file_names.txt");
    for method in ["$r8$lambda$pOQDVg57r6gG0-DzwbGf17BfNbs(", "void onClick("] {
        let at = mapping
            .find(method)
            .unwrap_or_else(|| panic!("{method} in the mapping"));
        // The `#` metadata line right below the method line.
        let metadata = mapping[at..].lines().nth(1).unwrap_or("");
        assert!(
            metadata.contains("com.android.tools.r8.synthesized"),
            "{method} is marked synthesized in the mapping"
        );
    }
}

#[test]
fn mapping_r8_frames() {
    let mapping = Mapping::open(&dir().join("mapping-r8.txt")).expect("mapping");
    assert!(mapping.warnings().is_empty(), "{:?}", mapping.warnings());
    assert_eq!(mapping.class_count(), 1167);
    let frame = |class, method, line| StackFrame {
        class,
        method,
        line: Some(line),
        file: Some("SourceFile"),
    };
    let frames = [
        frame("a.a.a.b.c", "a", 13),
        frame("a.a.a.b.c", "a", 1),
        frame("a.a.a.b.c$a", "<init>", 1),
    ];
    let got = mapping.remap_stack(Some("java.lang.IllegalStateException"), &frames);
    let simple: Vec<(String, String, Option<u32>)> = got
        .iter()
        .map(|r| {
            let r = r.as_ref().expect("mapped");
            assert_eq!(r.len(), 1);
            (r[0].class.clone(), r[0].method.clone(), r[0].line)
        })
        .collect();
    assert_eq!(
        simple,
        [
            (
                "android.arch.core.internal.SafeIterableMap".to_string(),
                "eldest".to_string(),
                Some(168)
            ),
            (
                "android.arch.core.internal.SafeIterableMap".to_string(),
                "access$100".to_string(),
                Some(35)
            ),
            (
                "android.arch.core.internal.SafeIterableMap$AscendingIterator".to_string(),
                "<init>".to_string(),
                Some(270)
            ),
        ]
    );
    assert_eq!(
        got[0].as_ref().expect("mapped")[0].file.as_deref(),
        Some("SafeIterableMap.java")
    );
    // The text form, as the README lists it.
    let text = retrace_text(&mapping, &read("mapping-r8.frames.obfuscated.txt"), false);
    assert!(text.contains(
        "at android.arch.core.internal.SafeIterableMap.eldest(SafeIterableMap.java:168)"
    ));
    assert!(text.contains(
        "at android.arch.core.internal.SafeIterableMap.access$100(SafeIterableMap.java:35)"
    ));
    assert!(text.contains(
        "at android.arch.core.internal.SafeIterableMap$AscendingIterator.<init>(SafeIterableMap.java:270)"
    ));
}

#[test]
fn other_fixtures_parse_without_failing() {
    for name in ["mapping-rewrite-complex.txt", "mapping-zero-line-info.txt"] {
        let mapping = Mapping::open(&dir().join(name)).expect("mapping");
        assert!(mapping.class_count() > 0, "{name}");
    }
}

#[test]
fn uuid_is_v5() {
    let mapping = Mapping::parse(b"a -> b:\n");
    let u = mapping.uuid();
    assert_eq!(u.len(), 36);
    assert_eq!(&u[14..15], "5");
    assert_eq!(mapping.uuid(), Mapping::parse(b"a -> b:\n").uuid());
    assert_ne!(mapping.uuid(), Mapping::parse(b"a -> c:\n").uuid());
}

#[test]
fn uuid_matches_python_uuid5() {
    // python3: uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_DNS, "guardsquare.com"), text)
    let mapping = Mapping::open(&dir().join("mapping-r8.txt")).expect("mapping");
    assert_eq!(mapping.uuid(), "c96fb926-797c-53de-90ee-df2aeaf28340");
}
