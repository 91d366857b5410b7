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

/// Hostile variants of real object files: what a section header claims,
/// changed in place (tests and the symbol store fuzz target share them).
pub mod elf {
    /// The sections of an ELF64 little-endian file: (name, offset of its
    /// section header). Empty for anything else.
    pub fn sections(elf: &[u8]) -> Vec<(String, usize)> {
        let u16_at = |at: usize| -> Option<usize> {
            Some(u16::from_le_bytes(elf.get(at..at + 2)?.try_into().ok()?) as usize)
        };
        let u64_at = |at: usize| -> Option<usize> {
            usize::try_from(u64::from_le_bytes(elf.get(at..at + 8)?.try_into().ok()?)).ok()
        };
        let parse = || -> Option<Vec<(String, usize)>> {
            if elf.get(..6)? != b"\x7fELF\x02\x01" {
                return None;
            }
            let (shoff, shentsize, shnum, shstrndx) =
                (u64_at(0x28)?, u16_at(0x3a)?, u16_at(0x3c)?, u16_at(0x3e)?);
            let header = |i: usize| shoff.checked_add(i.checked_mul(shentsize)?);
            let strtab = u64_at(header(shstrndx)? + 0x18)?;
            let mut out = Vec::new();
            for i in 0..shnum {
                let h = header(i)?;
                let name_at = strtab
                    .checked_add(u32::from_le_bytes(elf.get(h..h + 4)?.try_into().ok()?) as usize)?;
                let name = elf.get(name_at..)?.split(|&b| b == 0).next()?;
                out.push((String::from_utf8_lossy(name).into_owned(), h));
            }
            Some(out)
        };
        parse().unwrap_or_default()
    }

    /// Sets the uncompressed size that the compressed section `name`
    /// (`SHF_COMPRESSED`) claims in its `Elf64_Chdr`; `false` when the file
    /// has no such section.
    pub fn set_claimed_size(elf: &mut [u8], name: &str, size: u64) -> bool {
        const SHF_COMPRESSED: u64 = 0x800;
        for (section, h) in sections(elf) {
            if section != name {
                continue;
            }
            let field = |at: usize| -> Option<u64> {
                Some(u64::from_le_bytes(elf.get(at..at + 8)?.try_into().ok()?))
            };
            let (Some(flags), Some(offset)) = (field(h + 8), field(h + 0x18)) else {
                return false;
            };
            let Ok(at) = usize::try_from(offset) else {
                return false;
            };
            if flags & SHF_COMPRESSED == 0 || elf.len() < at + 16 {
                return false;
            }
            elf[at + 8..at + 16].copy_from_slice(&size.to_le_bytes());
            return true;
        }
        false
    }

    /// The uncompressed size each compressed section (`SHF_COMPRESSED`)
    /// claims: (name, size).
    pub fn claimed_sizes(elf: &[u8]) -> Vec<(String, u64)> {
        const SHF_COMPRESSED: u64 = 0x800;
        let field = |at: usize| -> Option<u64> {
            Some(u64::from_le_bytes(elf.get(at..at + 8)?.try_into().ok()?))
        };
        sections(elf)
            .into_iter()
            .filter_map(|(name, h)| {
                let flags = field(h + 8)?;
                let at = usize::try_from(field(h + 0x18)?).ok()?;
                (flags & SHF_COMPRESSED != 0).then_some(())?;
                Some((name, field(at + 8)?))
            })
            .collect()
    }

    /// Replaces every occurrence of `from` with `to` (same length) in
    /// `bytes`: a symbol name made recognisable.
    pub fn rename(bytes: &mut [u8], from: &[u8], to: &[u8]) {
        assert_eq!(from.len(), to.len(), "names of the same length");
        let mut at = 0;
        while let Some(i) = memchr_find(&bytes[at..], from) {
            bytes[at + i..at + i + to.len()].copy_from_slice(to);
            at += i + to.len();
        }
    }

    fn memchr_find(hay: &[u8], needle: &[u8]) -> Option<usize> {
        hay.windows(needle.len()).position(|w| w == needle)
    }
}

/// A real symbol file the symbol store fuzz target builds trees from.
#[derive(Debug, Clone)]
pub struct Template {
    /// Its file name in the tree (companions find each other by it).
    pub name: &'static str,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The fixtures of `testdata` the store fuzz target and its corpus test
/// use: object files with every kind of companion, a source map with its
/// minified file, a ProGuard mapping.
pub fn store_templates(testdata: &std::path::Path) -> std::io::Result<Vec<Template>> {
    let files: [(&'static str, &str); 15] = [
        ("app", "native/bin/c-gcc-O2-dwarf5"),
        ("c-gcc-O2-stripped", "native/bin/c-gcc-O2-stripped"),
        (
            "c-gcc-O2-stripped.debug",
            "native/bin/c-gcc-O2-stripped.debug",
        ),
        ("zlib-app", "native/bin/c-gcc-O2-zlib"),
        ("zstd-app", "native/bin/c-gcc-O2-zstd"),
        ("c-gcc-O2-split", "native/bin/c-gcc-O2-split"),
        (
            "c-gcc-O2-split-fixture.dwo",
            "native/bin/c-gcc-O2-split-fixture.dwo",
        ),
        ("c-clang-O2-split", "native/bin/dwp/c-clang-O2-split"),
        (
            "c-clang-O2-split.dwp",
            "native/bin/dwp/c-clang-O2-split.dwp",
        ),
        ("c-gcc-O2-dwz", "native/bin/dwz/c-gcc-O2-dwz"),
        ("c-dwz-common.debug", "native/bin/dwz/c-dwz-common.debug"),
        ("app.min.js", "sourcemap/bundlers/out/esbuild.min.js"),
        (
            "app.min.js.map",
            "sourcemap/bundlers/out/esbuild.min.js.map",
        ),
        (
            "mapping.txt",
            "proguard/r8-retrace-stacktraces/InlineWithLineNumbersStackTrace/mapping.txt",
        ),
        (
            "esbuild.bundle.js",
            "sourcemap/bundlers/out/esbuild.bundle.js",
        ),
    ];
    let mut templates = files
        .iter()
        .map(|(name, rel)| {
            Ok(Template {
                name,
                bytes: std::fs::read(testdata.join(rel))?,
            })
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    // The minified file naming its map through a directory.
    let minified = String::from_utf8_lossy(&templates[11].bytes).replace(
        "sourceMappingURL=esbuild.min.js.map",
        "sourceMappingURL=maps/esbuild.min.js.map",
    );
    templates.push(Template {
        name: "linked.min.js",
        bytes: minified.into_bytes(),
    });
    Ok(templates)
}

/// What the symbol files outside the tree are marked with: a frame that
/// shows it was resolved through a file outside the symbol directory.
pub const OUTSIDE_MARK: &str = "OUTSIDE_MARK";

/// Builds a symbol directory from `data` (files copied from `templates`
/// whole or damaged, links to files and directories outside it and to
/// devices, FIFOs, sparse files, compressed sections claiming any size),
/// resolves native, JavaScript and JVM events through the three stores
/// twice (the second time from their caches) within a small budget, and
/// checks that nothing outside the directory was used, that every frame
/// is resolved or says why without an absolute path, and that the budget
/// held. Files outside carry [`OUTSIDE_MARK`] in their names. Returns how
/// many frames were resolved.
pub fn exercise_symbol_store(data: &[u8], templates: &[Template]) -> usize {
    use crate::{Event, Format, Frame, Module, Platform, SymbolBudget, Symbolicator, Thread};
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Duration;

    static RUN: AtomicU64 = AtomicU64::new(0);
    if templates.is_empty() {
        return 0;
    }
    let base = std::env::temp_dir().join(format!(
        "crashprint-store-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    let symbols = base.join("symbols");
    let outside = base.join("outside");
    let _ = std::fs::remove_dir_all(&base);
    for d in ["", "sourcemaps/1.0/static", "proguard/1.0"] {
        let _ = std::fs::create_dir_all(outside.join(d));
    }
    let _ = std::fs::create_dir_all(&symbols);
    // Outside: every template, marked, under its own name and where the
    // stores look.
    for t in templates {
        let mut bytes = t.bytes.clone();
        elf::rename(&mut bytes, b"parse_number", &OUTSIDE_MARK.as_bytes()[..12]);
        elf::rename(&mut bytes, b"walk", b"OUTS");
        // Original names and sources marked, obfuscated ones kept.
        let text = String::from_utf8_lossy(&bytes);
        if t.name.ends_with(".map") {
            bytes = text
                .replace("\"../app/", &format!("\"{OUTSIDE_MARK}/"))
                .into_bytes();
        } else if t.name == "mapping.txt" {
            bytes = text
                .replace("void ", &format!("void {OUTSIDE_MARK}"))
                .into_bytes();
        }
        for dir in ["", "sourcemaps/1.0/static", "proguard/1.0"] {
            let _ = std::fs::write(outside.join(dir).join(t.name), &bytes);
        }
    }
    let dirs = [
        "",
        ".debug",
        "sub",
        "sourcemaps",
        "sourcemaps/1.0",
        "sourcemaps/1.0/static",
        "proguard",
        "proguard/1.0",
    ];
    let mut names: Vec<&str> = templates.iter().map(|t| t.name).collect();
    names.extend(["static", "1.0", "sourcemaps", "proguard", ".debug", "maps"]);
    for op in data.chunks(4).take(64) {
        let [kind, name, dir, arg] = [0, 1, 2, 3].map(|i| op.get(i).copied().unwrap_or(0));
        let dir = symbols.join(dirs[dir as usize % dirs.len()]);
        let _ = std::fs::create_dir_all(&dir);
        let name = names[name as usize % names.len()];
        let path = dir.join(name);
        let template = &templates[arg as usize % templates.len()];
        let _ = match kind % 8 {
            // A copy of a real file, under a name companions look for.
            0 | 1 => std::fs::write(&path, &template.bytes),
            // Damaged: one byte flipped, or cut short.
            2 => {
                let mut bytes = template.bytes.clone();
                let at = (usize::from(arg) * 257 + usize::from(op[1.min(op.len() - 1)]))
                    % bytes.len().max(1);
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 0xff;
                }
                if kind & 8 != 0 {
                    bytes.truncate(at);
                }
                std::fs::write(&path, &bytes)
            }
            3 => {
                let target = match arg % 8 {
                    0 => outside.join(name),
                    1 => outside.clone(),
                    2 => outside.join("sourcemaps/1.0/static"),
                    3 => PathBuf::from("/dev/zero"),
                    4 => PathBuf::from("/etc/passwd"),
                    5 => PathBuf::from("../../../outside/sourcemaps/1.0/static/esbuild.min.js.map"),
                    6 => PathBuf::from("."),
                    _ => outside.join("proguard/1.0"),
                };
                symlink(&target, &path)
            }
            4 => make_fifo(&path),
            5 => std::fs::create_dir_all(&path),
            // Sparse: a real file's start, then gigabytes of holes.
            6 => std::fs::write(&path, &template.bytes).and_then(|()| {
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(&path)?
                    .set_len((1 << 32) + u64::from(arg))
            }),
            // A compressed section claiming any size.
            _ => {
                let mut bytes = templates
                    .iter()
                    .find(|t| t.name == if arg & 1 == 0 { "zlib-app" } else { "zstd-app" })
                    .map_or_else(Vec::new, |t| t.bytes.clone());
                let claims = [0, 1, 100, 1 << 20, 1 << 31, 0xffff_0000, u64::MAX];
                let claim = claims[usize::from(arg >> 1) % claims.len()];
                elf::set_claimed_size(&mut bytes, ".debug_info", claim);
                if arg & 0x80 != 0 {
                    elf::set_claimed_size(&mut bytes, ".debug_line", claim);
                }
                std::fs::write(&path, &bytes)
            }
        };
    }

    let budget = SymbolBudget {
        max_file_bytes: 1 << 20,
        max_decompressed_bytes: 1 << 20,
        max_expanded_frames_per_frame: 4,
        max_expanded_frames_per_stack: 24,
        max_parse_time: Duration::from_secs(5),
    };
    let roots = vec![symbols.clone()];
    let stores: [Box<dyn Symbolicator>; 3] = [
        Box::new(native::SymbolStore::new(roots.clone(), 4).with_budget(budget)),
        Box::new(sourcemap::SourceMapStore::new(roots.clone(), 4).with_budget(budget)),
        Box::new(proguard::MappingStore::new(roots, 4).with_budget(budget)),
    ];
    let mut native_event = Event::new(Format::Backtrace, Platform::Native);
    let mut native_stack = Vec::new();
    for (i, t) in templates.iter().enumerate() {
        let start = 0x100_0000 * (i as u64 + 1);
        native_event.modules.push(Module {
            start: Some(start),
            size: Some(0x10_0000),
            code_file: Some(format!("/build/{}", t.name)),
            debug_file: None,
            debug_id: None,
            code_id: None,
            version: None,
            debug_status: None,
        });
        for a in (0x1000..0x1300).step_by(0x61) {
            native_stack.push(Frame {
                address: Some(start + a),
                ..Frame::default()
            });
        }
    }
    native_event.threads.push(Thread {
        id: "0".into(),
        name: None,
        crashed: true,
        stack: native_stack,
    });
    let mut js_event = Event::new(Format::Bugsnag, Platform::JavaScript);
    js_event.release = Some("1.0".into());
    js_event.threads.push(Thread {
        id: "0".into(),
        name: None,
        crashed: true,
        stack: (1..40)
            .map(|c| Frame {
                file: Some(format!(
                    "https://x.example/static/{}",
                    ["esbuild.min.js", "esbuild.bundle.js", "linked.min.js"][c % 3]
                )),
                line: Some(1),
                column: Some(c as u32 * 37),
                function: Some("x".into()),
                ..Frame::default()
            })
            .collect(),
    });
    let mut jvm_event = Event::new(Format::Bugsnag, Platform::Java);
    jvm_event.release = Some("1.0".into());
    jvm_event.threads.push(Thread {
        id: "0".into(),
        name: None,
        crashed: true,
        stack: (0..12)
            .map(|l| Frame {
                function: Some("com.android.tools.r8.naming.retrace.Main.main".into()),
                line: Some(l),
                ..Frame::default()
            })
            .collect(),
    });
    let base_text = base.to_string_lossy().into_owned();
    let mut resolved = 0;
    for _round in 0..2 {
        for event in [&native_event, &js_event, &jvm_event] {
            let mut event = event.clone();
            for store in &stores {
                store.symbolicate(&mut event);
            }
            for thread in &event.threads {
                let mut total = 0;
                for f in &thread.stack {
                    assert!(f.symbolicated.len() <= budget.max_expanded_frames_per_frame);
                    total += f.symbolicated.len();
                    resolved += usize::from(!f.symbolicated.is_empty());
                    for s in &f.symbolicated {
                        let text = format!("{:?} {:?}", s.function, s.file);
                        assert!(
                            !text.contains(OUTSIDE_MARK),
                            "resolved from outside: {text}"
                        );
                        assert!(!text.contains("OUTS"), "resolved from outside: {text}");
                    }
                    if let Some(why) = &f.unresolved {
                        assert!(!why.contains(&base_text), "an absolute path: {why}");
                    }
                }
                assert!(total <= budget.max_expanded_frames_per_stack);
            }
            for m in &event.modules {
                if let Some(status) = &m.debug_status {
                    assert!(!status.contains(&base_text), "an absolute path: {status}");
                }
            }
        }
    }
    drop(stores);
    let _ = std::fs::remove_dir_all(&base);
    resolved
}

fn symlink(target: &std::path::Path, link: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    return std::os::unix::fs::symlink(target, link);
    #[cfg(not(unix))]
    return std::fs::write(link, target.to_string_lossy().as_bytes());
}

/// Makes a FIFO at `path` (the file type that hangs a reader that opens it
/// without `O_NONBLOCK` until a writer comes).
pub fn make_fifo(path: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(path.as_os_str().as_bytes())
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
        // SAFETY: `c` is a valid NUL-terminated path for the whole call.
        #[allow(unsafe_code)]
        let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o600) };
        if rc != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        std::fs::write(path, b"")
    }
}

/// A minidump from arbitrary bytes, walked without symbols within a small
/// walk budget: reading and walking never panic, a problem is a problem,
/// every thread stays within the frame cap, and the event and the JSON
/// serialize.
pub fn exercise_minidump(data: &[u8]) {
    use crate::minidump::{MinidumpLimits, MinidumpReader, WalkBudget};
    let limits = MinidumpLimits {
        max_bytes: 4 << 20,
        walk: WalkBudget {
            max_frames_per_thread: 64,
            max_symbol_calls: 20_000,
            max_time: std::time::Duration::from_secs(2),
        },
        ..MinidumpLimits::default()
    };
    let store = std::sync::Arc::new(native::SymbolStore::new(Vec::new(), 1));
    let reader = MinidumpReader::new(store, Vec::new(), 1, crate::SymbolBudget::default())
        .with_limits(limits);
    check_walk(reader.walk(data), 64);
}

fn check_walk(
    walked: Result<crate::minidump::Walked, crate::minidump::MinidumpError>,
    max_frames: usize,
) {
    match walked {
        Ok(walked) => {
            for t in &walked.state().threads {
                assert!(t.frames.len() <= max_frames, "frame cap broken");
            }
            let event = walked.to_event(&Limits::default());
            let grouping = Fingerprinter::default().group(&event);
            assert_eq!(grouping.fingerprint_base64().len(), 44);
            serde_json::to_vec(&event).expect("an event serializes");
            serde_json::to_vec(&walked.json()).expect("the JSON serializes");
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// A real dump (a C crasher, -O0 with frame pointers, testdata/minidump/own)
/// for the `.sym` target.
const SYM_DUMP: &[u8] = include_bytes!("../../../testdata/minidump/own/dumps/c-O0-fp-segv.dmp");

/// Arbitrary bytes as the Breakpad `.sym` file of a real dump's main
/// module, put where the store looks (`<debug_file>/<DEBUG_ID>/<name>.sym`
/// in a private temporary directory): the dump is walked with it (names,
/// `STACK CFI`/`STACK WIN` evaluation) and nothing panics or runs past the
/// frame cap.
pub fn exercise_breakpad_sym(data: &[u8]) {
    use crate::minidump::{MinidumpLimits, MinidumpReader, WalkBudget};
    use std::sync::OnceLock;
    static LAYOUT: OnceLock<(std::path::PathBuf, std::path::PathBuf)> = OnceLock::new();
    let (root, file) = LAYOUT.get_or_init(|| {
        // Where the main module's .sym goes: its name and id, from a walk
        // without symbols.
        let store = std::sync::Arc::new(native::SymbolStore::new(Vec::new(), 1));
        let reader = MinidumpReader::new(store, Vec::new(), 1, crate::SymbolBudget::default());
        let json = reader.walk(SYM_DUMP).expect("the seed dump reads").json();
        let module = &json["modules"][0];
        let name = module["debug_file"]
            .as_str()
            .expect("a debug file")
            .to_string();
        let id = module["debug_id"].as_str().expect("a debug id").to_string();
        let root = std::env::temp_dir().join(format!("crashprint-fuzz-sym-{}", std::process::id()));
        let dir = root.join(&name).join(&id);
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        (root, dir.join(format!("{name}.sym")))
    });
    std::fs::write(file, data).expect("the .sym is written");
    let limits = MinidumpLimits {
        walk: WalkBudget {
            max_frames_per_thread: 64,
            max_symbol_calls: 20_000,
            max_time: std::time::Duration::from_secs(2),
        },
        ..MinidumpLimits::default()
    };
    // A fresh store each time: the file is read and parsed anew.
    let store = std::sync::Arc::new(native::SymbolStore::new(Vec::new(), 1));
    let reader = MinidumpReader::new(store, vec![root.clone()], 1, crate::SymbolBudget::default())
        .with_limits(limits);
    check_walk(reader.walk(SYM_DUMP), 64);
}
