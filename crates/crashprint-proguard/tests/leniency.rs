//! The parser never panics and never fails a whole file; the retracer
//! never panics on any trace text.

use crashprint_proguard::{retrace_text, Mapping, StackFrame};
use proptest::prelude::*;

const GOOD: &str = "# {\"id\":\"com.android.tools.r8.mapping\",\"version\":\"2.2\"}\n\
some.Class -> a:\n\
# {\"id\":\"sourceFile\",\"fileName\":\"Class.kt\"}\n\
    int field -> b\n\
    1:3:int strawberry(int):99:101 -> s\n\
    4:4:void other.Inlined.m():7:7 -> s\n\
    4:4:int mango(float):121 -> s\n";

#[test]
fn bad_lines_are_warnings_with_line_numbers() {
    let text = format!("{GOOD}    garbage line\n  1:x:void f() -> g\nno arrow here\n    void h() -> \n# {{ broken json\n");
    let m = Mapping::parse(text.as_bytes());
    let lines: Vec<usize> = m.warnings().iter().map(|w| w.line).collect();
    assert_eq!(lines, vec![8, 9, 10, 11, 12], "{:?}", m.warnings());
    assert_eq!(m.remap_class("a"), Some("some.Class"));
    let out = retrace_text(&m, "\tat a.s(SourceFile:4)\n", false);
    assert_eq!(
        out,
        "\tat other.Inlined.m(Inlined.java:7)\n\tat some.Class.mango(Class.kt:121)\n"
    );
}

#[test]
fn lenient_whitespace_and_json() {
    let text = "# { id: 'com.android.tools.r8.mapping', version: '2.0' }   \r\n\
some.Class -> a:   \r\n\
  1:1:void foo():10:10 -> b  \r\n";
    let m = Mapping::parse(text.as_bytes());
    assert!(m.warnings().is_empty(), "{:?}", m.warnings());
    assert_eq!(m.versions(), ["2.0"]);
    assert_eq!(
        retrace_text(&m, "at a.b(:1)", false),
        "at some.Class.foo(Class.java:10)"
    );
}

#[test]
fn unknown_version_warns() {
    let m = Mapping::parse(b"# { id: 'com.android.tools.r8.mapping', version: '99.0' }\na -> b:\n");
    assert_eq!(m.warnings().len(), 1);
}

#[test]
fn invalid_utf8_is_lossy() {
    let m = Mapping::parse(b"some.Cl\xffass -> a:\n    1:1:void f():3:3 -> b\n");
    assert!(m.remap_class("a").is_some());
    assert_eq!(m.uuid().len(), 36);
}

#[test]
fn remap_stack_shapes() {
    let m = Mapping::parse(GOOD.as_bytes());
    let frames = [
        StackFrame {
            class: "a",
            method: "s",
            line: Some(4),
            file: None,
        },
        StackFrame {
            class: "zzz",
            method: "s",
            line: Some(4),
            file: None,
        },
        StackFrame {
            class: "a",
            method: "nope",
            line: Some(4),
            file: Some("SourceFile"),
        },
    ];
    let out = m.remap_stack(None, &frames);
    assert_eq!(out[0].as_ref().map(Vec::len), Some(2));
    assert!(out[1].is_none());
    let only = out[2].as_ref().expect("class known");
    assert_eq!(only[0].class, "some.Class");
    assert_eq!(only[0].method, "nope");
    assert_eq!(only[0].file.as_deref(), Some("Class.kt"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_mapping_lines_never_panic(lines in proptest::collection::vec(
        prop_oneof![
            ".{0,60}",
            "[ ]{0,4}[0-9:]{0,8}[a-z. ]{0,12}\\([a-z,]{0,8}\\)[0-9:]{0,6} -> [a-z]{0,3}",
            "[a-z.]{0,10} -> [a-z.]{0,5}:",
            "# \\{[a-z'\": ,\\[\\]{}0-9.]{0,40}\\}",
        ],
        0..40,
    ), trace in ".{0,200}") {
        let text = lines.join("\n");
        let m = Mapping::parse(text.as_bytes());
        // Each warning names a line of the file (1-based) and says why.
        let line_count = text.split('\n').count();
        for w in m.warnings() {
            prop_assert!(w.line >= 1 && w.line <= line_count, "{w:?} of {line_count} lines");
            prop_assert!(!w.message.is_empty());
        }
        for verbose in [false, true] {
            let once = retrace_text(&m, &trace, verbose);
            prop_assert_eq!(&once, &retrace_text(&m, &trace, verbose));
        }
        let frame = format!("\tat a.b(SourceFile:{})\n", trace.len());
        let once = retrace_text(&m, &frame, true);
        prop_assert_eq!(&once, &retrace_text(&m, &frame, true));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let m = Mapping::parse(&bytes);
        // The UUIDv5 of the bytes, whatever they hold.
        let uuid = m.uuid();
        prop_assert_eq!(uuid.len(), 36);
        prop_assert_eq!(&uuid[14..15], "5");
        let trace = String::from_utf8_lossy(&bytes).into_owned();
        let once = retrace_text(&m, &trace, false);
        prop_assert_eq!(&once, &retrace_text(&m, &trace, false));
    }
}
