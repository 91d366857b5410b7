//! Agreement with llvm-symbolizer on the fixtures of testdata/native (built
//! by gcc and rustc; expected output recorded from `llvm-symbolizer
//! --inlines` by testdata/native/build.sh).

#![allow(clippy::print_stderr)] // the agreement figures are the report

use crashprint_native::ModuleIndex;
use std::path::{Path, PathBuf};

fn native() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/native")
}

type Triple = (String, String, u32);

fn expected(name: &str) -> Vec<(u64, Vec<Triple>)> {
    let text = std::fs::read_to_string(native().join("expected").join(format!("{name}.json")))
        .expect("expected output");
    text.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            let addr = u64::from_str_radix(
                v["Address"]
                    .as_str()
                    .expect("addr")
                    .trim_start_matches("0x"),
                16,
            )
            .expect("hex");
            let frames = v["Symbol"]
                .as_array()
                .expect("frames")
                .iter()
                .map(|f| {
                    (
                        strip_rust_hash(
                            f["FunctionName"]
                                .as_str()
                                .filter(|s| !s.is_empty())
                                .unwrap_or("??"),
                        ),
                        f["FileName"].as_str().unwrap_or("").to_string(),
                        f["Line"].as_u64().unwrap_or(0) as u32,
                    )
                })
                .collect();
            (addr, frames)
        })
        .collect()
}

/// LLVM 14's Itanium demangler keeps the `::h0123…` hash of legacy Rust
/// symbols, which crashprint drops (as rustc-demangle's alternate form
/// does), and leaves their `$LT$`-style escapes undecoded, which crashprint
/// decodes: both are normalized here before comparing.
fn strip_rust_hash(name: &str) -> String {
    let name = decode_rust_legacy_escapes(name);
    // LLVM prints the `.llvm.NNN` suffix of LTO-renamed symbols; rustc-demangle drops it.
    let name = match name.find(" (.llvm.") {
        Some(i) => name[..i].to_string(),
        None => name,
    };
    let name = name.as_str();
    match name.rfind("::h") {
        Some(i) if name.len() - i == 19 && name[i + 3..].bytes().all(|b| b.is_ascii_hexdigit()) => {
            name[..i].to_string()
        }
        _ => name.to_string(),
    }
}

fn decode_rust_legacy_escapes(name: &str) -> String {
    if !name.contains('$') {
        return name.to_string();
    }
    let mut s = name.to_string();
    for (from, to) in [
        ("$LT$", "<"),
        ("$GT$", ">"),
        ("$u20$", " "),
        ("$C$", ","),
        ("$RF$", "&"),
        ("$BP$", "*"),
        ("$LP$", "("),
        ("$RP$", ")"),
        ("$u7b$", "{"),
        ("$u7d$", "}"),
        ("$u5b$", "["),
        ("$u5d$", "]"),
        ("$u27$", "'"),
        ("$u22$", "\""),
        ("$SP$", "@"),
        ("$u7e$", "~"),
        ("$u3b$", ";"),
        ("$u2b$", "+"),
    ] {
        s = s.replace(from, to);
    }
    // `..` separates path segments; a segment starting with an escape got a `_`.
    s = s.replace("..", "::");
    s = s.replace("::_<", "::<").replace("::_{", "::{");
    if let Some(rest) = s.strip_prefix("_<") {
        s = format!("<{rest}");
    }
    s
}

fn ours(index: &ModuleIndex, addr: u64) -> Vec<Triple> {
    let frames = index.lookup(addr);
    if frames.is_empty() {
        return vec![("??".into(), String::new(), 0)];
    }
    frames
        .into_iter()
        .map(|f| {
            (
                f.function.unwrap_or_else(|| "??".into()),
                f.file.unwrap_or_default(),
                f.line.unwrap_or(0),
            )
        })
        .collect()
}

/// Where crashprint and llvm-symbolizer 14 answer differently, by name:
/// (binary, address, why). Every other address must agree frame for frame.
const KNOWN_DIFFERENCES: &[(&str, u64, &str)] = &[
    // LLVM prints the clone suffix of a Rust function as ` (.91)`;
    // rustc-demangle (crashprint) keeps it as `.91`.
    (
        "rust-O2",
        0x1d92e,
        "`<core::fmt::Error as core::fmt::Debug>::fmt (.91)` vs `…::fmt.91`",
    ),
    // LLVM 14 does not read Wasm symbol names: `??` where crashprint names
    // the synthetic function from the symbol table.
    (
        "wasm-clang-O2.wasm",
        0x2,
        "llvm `??`, symbol table `__wasm_call_ctors`",
    ),
    (
        "wasm-clang-O2.wasm",
        0x3,
        "llvm `??`, symbol table `__wasm_call_ctors`",
    ),
];

/// Compares crashprint with llvm-symbolizer on every address of `name`'s
/// expected output; prints the figures.
fn agreement(name: &str) {
    agreement_with(name, name)
}

/// Compares `binary` with what llvm-symbolizer said about `reference`:
/// every address agrees, except the [`KNOWN_DIFFERENCES`] of `binary`,
/// which must differ as listed (a fixed one must leave the list).
fn agreement_with(binary: &str, reference: &str) {
    let index = ModuleIndex::open(&native().join("bin").join(binary)).expect("index");
    let cases = expected(reference);
    let mut differ = Vec::new();
    for (addr, want) in &cases {
        let got = ours(&index, *addr);
        if &got != want {
            eprintln!("{binary} {addr:#x}\n  llvm: {want:?}\n  ours: {got:?}");
            differ.push(*addr);
        }
    }
    let known: Vec<u64> = KNOWN_DIFFERENCES
        .iter()
        .filter(|(b, _, _)| *b == binary)
        .map(|&(_, a, _)| a)
        .collect();
    eprintln!(
        "{binary}: {}/{} agree with llvm-symbolizer, {} known differences",
        cases.len() - differ.len(),
        cases.len(),
        known.len()
    );
    assert_eq!(
        differ, known,
        "{binary}: addresses where crashprint and llvm-symbolizer differ"
    );
}

macro_rules! fixture_test {
    ($test:ident, $name:expr) => {
        #[test]
        fn $test() {
            agreement($name);
        }
    };
}

fixture_test!(gcc_o0_dwarf4, "c-gcc-O0-dwarf4");
fixture_test!(clang_o0, "c-clang-O0");
fixture_test!(clang_o2_dwarf4, "c-clang-O2-dwarf4");
fixture_test!(clang_o2_dwarf5, "c-clang-O2-dwarf5");
fixture_test!(gcc_o2_dwarf4, "c-gcc-O2-dwarf4");
fixture_test!(gcc_o2_dwarf5, "c-gcc-O2-dwarf5");
fixture_test!(gcc_o2_zlib, "c-gcc-O2-zlib");
#[test]
fn gcc_o2_zstd() {
    // llvm-symbolizer 14 cannot read zstd-compressed sections (it answers
    // with no line information), so the reference is the same binary before
    // `objcopy --compress-debug-sections=zstd`.
    agreement_with("c-gcc-O2-zstd", "c-gcc-O2-dwarf5");
}
fixture_test!(gcc_o2_debuglink, "c-gcc-O2-stripped");
fixture_test!(gcc_o2_symbol_table_only, "c-gcc-O2-nodebug");
fixture_test!(rustc_o2_lto, "rust-O2");
fixture_test!(gcc_o2_split_dwarf, "c-gcc-O2-split");
#[test]
fn clang_o2_split_dwarf() {
    // llvm-symbolizer 14 finds clang's .dwo but reports none of its inlined
    // frames (it answers `parse_number` where the same code built without
    // -gsplit-dwarf gives `area` <- `scale` <- `parse_number`). The two
    // builds have byte-identical .text at the same addresses (checked with
    // objcopy + cmp), so the non-split build's answers are the reference.
    agreement_with("c-clang-O2-split", "c-clang-O2-dwarf5");
}

#[test]
fn gcc_dwz_supplementary_file() {
    // llvm-symbolizer 14 answers `??` for inlined functions whose DIEs dwz
    // moved into the supplementary file. These builds have byte-identical
    // .text at the same addresses as the plain gcc builds (checked with
    // objcopy + cmp), whose answers are the reference.
    for (name, reference) in [
        ("c-gcc-O2-dwz", "c-gcc-O2-dwarf4"),
        ("c-gcc-O0-dwz", "c-gcc-O0-dwarf4"),
    ] {
        agreement_with(&format!("dwz/{name}"), reference);
    }
}

#[test]
fn clang_o2_split_dwarf_package() {
    // The same binary with its .dwo packed by llvm-dwp into a .dwp beside it
    // (and no .dwo there); reference as above.
    agreement_with("dwp/c-clang-O2-split", "c-clang-O2-dwarf5");
}
fixture_test!(pe_coff_clang_o2, "pe-clang-O2.exe");
fixture_test!(wasm_clang_o2, "wasm-clang-O2.wasm");
fixture_test!(macho_clang_o2_dsym, "macho-clang-O2.dSYM");
