//! Hostile symbol files and unlucky payloads (issue 13): each case from the
//! smallest input that shows it. Hostile files are made at run time from the
//! real fixtures (a claimed size patched, a FIFO, a sparse file, a link out
//! of the directory). Tests that exercise a bomb run again in a child
//! process under `ulimit -v`, so that a regression fails the test instead
//! of the machine.

mod common;
use common::*;
use crashprint::fuzz_support::{elf, make_fifo};
use crashprint::{Engine, FrameStatus, IssueCode, Severity, SymbolBudget};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs test `name` again in a child process limited to `kib` KiB of
/// address space (`ulimit -v`) and `seconds` of wall time. Returns `true`
/// in the child, which then runs the test's body; in the parent, checks
/// that the child passed and returns `false`.
fn limited(name: &str, kib: u64, seconds: u64) -> bool {
    if std::env::var("CRASHPRINT_LIMITED").as_deref() == Ok(name) {
        return true;
    }
    let exe = std::env::current_exe().expect("test binary");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {kib} && exec \"$0\" \"$@\""))
        .arg(&exe)
        .args([name, "--exact", "--test-threads=1", "--nocapture"])
        .env("CRASHPRINT_LIMITED", name)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn the limited child");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(seconds) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{name} did not finish in {seconds} s: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("child output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{name} under ulimit -v {kib}: {}\n{stdout}\n{stderr}",
        out.status
    );
    false
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("crashprint-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn engine_over(dir: &Path, budget: SymbolBudget) -> Engine {
    Engine::builder()
        .symbol_dir(dir)
        .symbol_budget(budget)
        .build()
        .expect("engine")
}

/// A Backtrace payload: one thread whose frames are at `addresses`, in a
/// module loaded at 0x400000 named `module`.
fn native_payload(module: &str, addresses: &[u64]) -> Vec<u8> {
    let stack: Vec<serde_json::Value> = addresses
        .iter()
        .map(|a| serde_json::json!({"address": format!("{:#x}", 0x40_0000 + a)}))
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "uuid": "123e4567-e89b-12d3-a456-426655440000", "timestamp": 1, "lang": "c",
        "langVersion": "gcc", "agent": "a", "agentVersion": "1", "mainThread": "main",
        "threads": {"main": {"fault": true, "stack": stack}},
        "modules": [{"start": "0x400000", "size": 1 << 20, "code_file": format!("/usr/bin/{module}")}]
    }))
    .expect("json")
}

/// A Bugsnag Android payload of release 1.0 whose frames are `frames`
/// (method, line).
fn jvm_payload(frames: &[(&str, u32)]) -> Vec<u8> {
    let stacktrace: Vec<serde_json::Value> = frames
        .iter()
        .map(|(m, l)| serde_json::json!({"method": m, "file": "SourceFile", "lineNumber": l}))
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "apiKey": "0123456789abcdef0123456789abcdef", "payloadVersion": "4.0",
        "notifier": {"name": "n", "version": "1", "url": "https://example.invalid"},
        "events": [{"exceptions": [{"errorClass": "java.lang.RuntimeException", "message": "m",
                    "type": "android", "stacktrace": stacktrace}],
                    "app": {"version": "1.0"}, "device": {"osName": "android"}}]
    }))
    .expect("json")
}

fn first_stack(engine: &Engine, payload: &[u8]) -> Vec<crashprint::Frame> {
    let mut events = engine.process(payload).expect("accepted");
    let mut event = events.remove(0).event;
    match event.threads.first_mut() {
        Some(t) => std::mem::take(&mut t.stack),
        None => std::mem::take(&mut event.exceptions[0].stack),
    }
}

/// The address of `main` in the gcc -O2 fixtures (see crashprint-native's
/// example).
const MAIN: u64 = 0x1090;

// 1. A ProGuard mapping with a long inline chain expands without bound.
#[test]
fn a_long_r8_inline_chain_is_cut_per_frame_and_per_stack() {
    if !limited(
        "a_long_r8_inline_chain_is_cut_per_frame_and_per_stack",
        2 << 20,
        120,
    ) {
        return;
    }
    let dir = scratch("inline-chain");
    std::fs::create_dir_all(dir.join("proguard/1.0")).expect("mkdir");
    // One minified line, 100 methods inlined into each other: R8 writes an
    // inline chain as lines of the same minified range.
    let chain = 100;
    let mut mapping = String::from("com.example.Deep -> a.a:\n");
    mapping.push_str("    1:1:void f0():10:10 -> a\n");
    for i in 1..chain {
        mapping.push_str(&format!("    1:1:void f{i}():{} -> a\n", 10 + i));
    }
    std::fs::write(dir.join("proguard/1.0/mapping.txt"), mapping).expect("write");
    let budget = SymbolBudget {
        max_expanded_frames_per_frame: 8,
        max_expanded_frames_per_stack: 40,
        ..SymbolBudget::default()
    };
    let engine = engine_over(&dir, budget);
    let frames = [("a.a.a", 1); 10];
    let stack = first_stack(&engine, &jvm_payload(&frames));
    // Per input frame: the innermost 7 and the outermost.
    let first = &stack[0];
    let names: Vec<&str> = first
        .symbolicated
        .iter()
        .map(|s| s.function.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        [
            "com.example.Deep.f0",
            "com.example.Deep.f1",
            "com.example.Deep.f2",
            "com.example.Deep.f3",
            "com.example.Deep.f4",
            "com.example.Deep.f5",
            "com.example.Deep.f6",
            "com.example.Deep.f99"
        ]
    );
    assert_eq!(
        first.unresolved.as_deref(),
        Some(
            "an inline chain of 100 frames, cut to 8 (the innermost and the outermost kept) \
             by the symbol budget"
        )
    );
    // Per stack, after retracing: 5 frames of 8, then nothing is expanded.
    let expanded: Vec<usize> = stack.iter().map(|f| f.symbolicated.len()).collect();
    assert_eq!(expanded, [8, 8, 8, 8, 8, 0, 0, 0, 0, 0]);
    assert_eq!(stack[5].status, Some(FrameStatus::OverBudget));
    assert!(stack[5]
        .unresolved
        .as_deref()
        .is_some_and(|w| w.contains("budget of 40 resolved frames")));
    // The default budget on the issue's shape: a chain of 100,000 and 100
    // frames. Never more than 64 a frame and 4096 a stack, in seconds.
    let mut mapping = String::from("com.example.Deep -> a.a:\n    1:1:void f0():10:10 -> a\n");
    for i in 1..100_000 {
        mapping.push_str(&format!("    1:1:void f{i}():{} -> a\n", 10 + i));
    }
    std::fs::write(dir.join("proguard/1.0/mapping.txt"), mapping).expect("write");
    let engine = engine_over(&dir, SymbolBudget::default());
    let start = Instant::now();
    let stack = first_stack(&engine, &jvm_payload(&[("a.a.a", 1); 100]));
    let elapsed = start.elapsed();
    let total: usize = stack.iter().map(|f| f.symbolicated.len()).sum();
    assert!(stack.iter().all(|f| f.symbolicated.len() <= 64));
    assert_eq!(total, 4096);
    assert!(elapsed < Duration::from_secs(30), "{elapsed:?}");
    let _ = std::fs::remove_dir_all(dir);
}

// 2. Compressed debug sections cost their declared size.
#[test]
fn compressed_sections_claiming_4_gib_cost_nothing() {
    if !limited(
        "compressed_sections_claiming_4_gib_cost_nothing",
        1 << 20,
        120,
    ) {
        return;
    }
    for fixture in ["c-gcc-O2-zlib", "c-gcc-O2-zstd"] {
        let dir = scratch(fixture);
        let real = read(&format!("native/bin/{fixture}"));
        std::fs::write(dir.join("app"), &real).expect("write");
        let payload = native_payload("app", &[MAIN]);
        let engine = engine_over(&dir, SymbolBudget::default());
        let resolved = first_stack(&engine, &payload);
        assert_eq!(
            resolved[0].symbolicated[0].function.as_deref(),
            Some("main"),
            "{fixture} as built resolves"
        );
        // `.debug_info` claims just under 4 GiB: refused at once.
        for sections in [&[".debug_info"][..], &[".debug_info", ".debug_line"]] {
            let mut bomb = real.clone();
            for s in sections {
                assert!(elf::set_claimed_size(&mut bomb, s, 0xffff_0000), "{s}");
            }
            std::fs::write(dir.join("app"), &bomb).expect("write");
            let engine = engine_over(&dir, SymbolBudget::default());
            let start = Instant::now();
            let stack = first_stack(&engine, &payload);
            assert!(start.elapsed() < Duration::from_secs(5));
            assert!(stack[0].symbolicated.is_empty());
            assert_eq!(stack[0].status, Some(FrameStatus::OverBudget));
            let why = stack[0].unresolved.as_deref().expect("a reason");
            assert_eq!(
                why,
                "cannot use the debug file: app: its compressed debug sections decompress to \
                 more than the budget of 536870912 bytes (at .debug_info)"
            );
        }
        // All sections together: each fits the budget, their sum does not.
        let claims = elf::claimed_sizes(&real);
        let largest = claims
            .iter()
            .map(|(_, s)| *s)
            .max()
            .expect("compressed sections");
        let total: u64 = claims.iter().map(|(_, s)| *s).sum();
        assert!(largest < total, "{claims:?}");
        std::fs::write(dir.join("app"), &real).expect("write");
        let budget = SymbolBudget {
            max_decompressed_bytes: total - 1,
            ..SymbolBudget::default()
        };
        let stack = first_stack(&engine_over(&dir, budget), &payload);
        assert_eq!(stack[0].status, Some(FrameStatus::OverBudget), "{claims:?}");
        let budget = SymbolBudget {
            max_decompressed_bytes: total,
            ..SymbolBudget::default()
        };
        let stack = first_stack(&engine_over(&dir, budget), &payload);
        assert_eq!(stack[0].status, Some(FrameStatus::Symbolicated));
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Sets `path`'s modification time.
fn set_mtime(path: &Path, time: std::time::SystemTime) {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open")
        .set_modified(time)
        .expect("set mtime");
}

// 2 and 7: a failed module (and a failed map) is remembered, so that the
// next payload naming it pays nothing, until the file changes.
#[test]
fn failures_are_remembered_until_the_file_changes() {
    let dir = scratch("remembered");
    let real = read("native/bin/c-gcc-O2-zlib");
    let mut bomb = real.clone();
    assert!(elf::set_claimed_size(&mut bomb, ".debug_info", 0xffff_0000));
    let path = dir.join("app");
    std::fs::write(&path, &bomb).expect("write");
    let mtime = std::fs::metadata(&path)
        .expect("meta")
        .modified()
        .expect("mtime");
    let engine = engine_over(&dir, SymbolBudget::default());
    let payload = native_payload("app", &[MAIN]);
    assert_eq!(
        first_stack(&engine, &payload)[0].status,
        Some(FrameStatus::OverBudget)
    );
    // The good bytes in place (same file, same size, same time): the store
    // answers from memory, without reading the file again.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, &real))
        .expect("rewrite");
    set_mtime(&path, mtime);
    assert_eq!(
        first_stack(&engine, &payload)[0].status,
        Some(FrameStatus::OverBudget)
    );
    // A new modification time: read again, and now it resolves.
    set_mtime(&path, mtime + Duration::from_secs(2));
    assert_eq!(
        first_stack(&engine, &payload)[0].status,
        Some(FrameStatus::Symbolicated)
    );

    // Source maps the same way: a map that is not one, remembered.
    let release = dir.join("sourcemaps/1.0/static");
    std::fs::create_dir_all(&release).expect("mkdir");
    let min = read("sourcemap/bundlers/out/esbuild.min.js");
    let map = read("sourcemap/bundlers/out/esbuild.min.js.map");
    std::fs::write(release.join("esbuild.min.js"), &min).expect("write");
    let map_path = release.join("esbuild.min.js.map");
    let broken = vec![b'x'; map.len()];
    std::fs::write(&map_path, &broken).expect("write");
    let mtime = std::fs::metadata(&map_path)
        .expect("meta")
        .modified()
        .expect("mtime");
    let js = serde_json::to_vec(&serde_json::json!({
        "apiKey": "0123456789abcdef0123456789abcdef", "payloadVersion": "5",
        "notifier": {"name": "n", "version": "1", "url": "https://example.invalid"},
        "events": [{"exceptions": [{"errorClass": "Error", "message": "m", "type": "browserjs",
            "stacktrace": [{"file": "https://x.example/static/esbuild.min.js",
                            "lineNumber": 1, "columnNumber": 700, "method": "x"}]}],
            "app": {"version": "1.0"}}]
    }))
    .expect("json");
    let engine = engine_over(&dir, SymbolBudget::default());
    let first = first_stack(&engine, &js);
    assert!(first[0].symbolicated.is_empty());
    let why = first[0].unresolved.clone().expect("a reason");
    assert!(
        why.starts_with("sourcemaps/1.0/static/esbuild.min.js.map: "),
        "{why}"
    );
    std::fs::OpenOptions::new()
        .write(true)
        .open(&map_path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, &map))
        .expect("rewrite");
    set_mtime(&map_path, mtime);
    assert_eq!(
        first_stack(&engine, &js)[0].unresolved.as_deref(),
        Some(&*why)
    );
    set_mtime(&map_path, mtime + Duration::from_secs(2));
    assert!(!first_stack(&engine, &js)[0].symbolicated.is_empty());
    let _ = std::fs::remove_dir_all(dir);
}

// 3. Companion files read whole with no type or size check; the scan reads
// every ELF-looking file in full.
#[test]
fn fifo_device_and_sparse_companions_cost_nothing() {
    if !limited(
        "fifo_device_and_sparse_companions_cost_nothing",
        1 << 20,
        60,
    ) {
        return;
    }
    let dir = scratch("companions");
    let split = read("native/bin/dwp/c-clang-O2-split");
    std::fs::write(dir.join("c-clang-O2-split"), &split).expect("write");
    let stripped = read("native/bin/c-gcc-O2-stripped");
    std::fs::write(dir.join("c-gcc-O2-stripped"), &stripped).expect("write");
    let dwp = dir.join("c-clang-O2-split.dwp");
    let debug = dir.join("c-gcc-O2-stripped.debug");
    type Make = fn(&Path) -> std::io::Result<()>;
    let variants: [(&str, Make); 3] = [
        ("a FIFO", |p| make_fifo(p)),
        ("a link to /dev/zero", |p| {
            std::os::unix::fs::symlink("/dev/zero", p)
        }),
        ("a sparse file of 3 GiB", |p| {
            std::fs::File::create(p)?.set_len(3 << 30)
        }),
    ];
    for (what, make) in variants {
        for path in [&dwp, &debug] {
            let _ = std::fs::remove_file(path);
            make(path).expect(what);
        }
        let engine = engine_over(&dir, SymbolBudget::default());
        for module in ["c-clang-O2-split", "c-gcc-O2-stripped"] {
            let stack = first_stack(&engine, &native_payload(module, &[MAIN]));
            // Whatever is found without the companion; nothing hangs or
            // grows.
            assert!(
                stack[0].status.is_some(),
                "{what} beside {module}: {:?}",
                stack[0]
            );
        }
    }
    // The scan of a directory holding a sparse 600 MiB file that starts
    // like an object file reads its headers, not the file.
    let mut header = read("native/bin/c-gcc-O2-dwarf5");
    header.truncate(4096);
    let big = dir.join("big.so");
    std::fs::write(&big, &header).expect("write");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&big)
        .and_then(|f| f.set_len(600 << 20))
        .expect("sparse");
    let engine = engine_over(&dir, SymbolBudget::default());
    let _ = first_stack(&engine, &native_payload("nothing-by-this-name", &[MAIN]));
    let status = std::fs::read_to_string("/proc/self/status").expect("status");
    let peak_kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM");
    assert!(peak_kib < 200 << 10, "peak RSS {peak_kib} KiB");
    let _ = std::fs::remove_dir_all(dir);
}

// 4. Links out of the symbol directory: a directory a sourceMappingURL
// names. (Companions of object files: crashprint-native's
// tests/hostile_files.rs.)
#[test]
fn a_source_mapping_url_through_a_linked_directory_is_refused() {
    let base = scratch("map-link");
    let dir = base.join("symbols");
    let outside = base.join("outside");
    let release = dir.join("sourcemaps/1.0/static");
    std::fs::create_dir_all(&release).expect("mkdir");
    std::fs::create_dir_all(&outside).expect("mkdir");
    let min = String::from_utf8(read("sourcemap/bundlers/out/esbuild.min.js")).expect("utf8");
    let min = min.replace(
        "sourceMappingURL=esbuild.min.js.map",
        "sourceMappingURL=maps/esbuild.min.js.map",
    );
    std::fs::write(release.join("esbuild.min.js"), min).expect("write");
    std::fs::write(
        outside.join("esbuild.min.js.map"),
        read("sourcemap/bundlers/out/esbuild.min.js.map"),
    )
    .expect("write");
    std::os::unix::fs::symlink(&outside, release.join("maps")).expect("symlink");
    let js = serde_json::to_vec(&serde_json::json!({
        "apiKey": "0123456789abcdef0123456789abcdef", "payloadVersion": "5",
        "notifier": {"name": "n", "version": "1", "url": "https://example.invalid"},
        "events": [{"exceptions": [{"errorClass": "Error", "message": "m", "type": "browserjs",
            "stacktrace": [{"file": "https://x.example/static/esbuild.min.js",
                            "lineNumber": 1, "columnNumber": 700, "method": "x"}]}],
            "app": {"version": "1.0"}}]
    }))
    .expect("json");
    let engine = engine_over(&dir, SymbolBudget::default());
    let stack = first_stack(&engine, &js);
    assert!(stack[0].symbolicated.is_empty());
    assert_eq!(
        stack[0].unresolved.as_deref(),
        Some("sourcemaps/1.0/static/maps is a symbolic link, which is not followed")
    );
    // The same map inside the directory is used.
    std::fs::remove_file(release.join("maps")).expect("unlink");
    std::fs::create_dir(release.join("maps")).expect("mkdir");
    std::fs::copy(
        outside.join("esbuild.min.js.map"),
        release.join("maps/esbuild.min.js.map"),
    )
    .expect("copy");
    let engine = engine_over(&dir, SymbolBudget::default());
    assert!(!first_stack(&engine, &js)[0].symbolicated.is_empty());
    let _ = std::fs::remove_dir_all(base);
}

// 6. Error amplification: 166 threads of 1,024 empty frames.
#[test]
fn error_reports_are_bounded() {
    let threads: serde_json::Map<String, serde_json::Value> = (0..166)
        .map(|t| {
            let stack = vec![serde_json::json!({}); 1024];
            (format!("t{t}"), serde_json::json!({"stack": stack}))
        })
        .collect();
    let payload = serde_json::to_vec(&serde_json::json!({
        "uuid": "123e4567-e89b-12d3-a456-426655440000", "timestamp": 1, "lang": "c",
        "langVersion": "gcc", "agent": "a", "agentVersion": "1", "mainThread": "t0",
        "threads": threads
    }))
    .expect("json");
    let problem = engine().process(&payload).expect_err("rejected");
    let listed = problem
        .issue
        .iter()
        .filter(|i| !i.details.text.contains("not listed"))
        .count();
    assert_eq!(listed, 100);
    // Every issue is counted: listed ones plus the summaries' counts.
    let summarized: usize = problem
        .issue
        .iter()
        .filter(|i| i.details.text.contains("not listed"))
        .map(|i| {
            i.details
                .text
                .split(' ')
                .next()
                .expect("count")
                .parse::<usize>()
                .expect("a count")
        })
        .sum();
    assert_eq!(listed + summarized, 166 * 1024);
    let summary = problem.issue.last().expect("a summary");
    assert_eq!(summary.severity, Severity::Error);
    assert_eq!(summary.expression, ["$"]);
    assert_eq!(problem.http_status(), 400);
    let size = serde_json::to_vec(&problem).expect("json").len();
    assert!(size < 32 << 10, "{size} bytes");
    // An error found after a flood of warnings is listed first.
    let long = "x".repeat(20 << 10);
    let stack: Vec<serde_json::Value> = (0..150)
        .map(|_| serde_json::json!({"funcName": long}))
        .chain([serde_json::json!({"address": "0xZZ"})])
        .collect();
    let payload = serde_json::to_vec(&serde_json::json!({
        "uuid": "123e4567-e89b-12d3-a456-426655440000", "timestamp": 1, "lang": "c",
        "langVersion": "gcc", "agent": "a", "agentVersion": "1", "mainThread": "main",
        "threads": {"main": {"fault": true, "stack": stack}}
    }))
    .expect("json");
    let limits = crashprint::Limits {
        max_payload_bytes: 8 << 20,
        ..Default::default()
    };
    let engine = Engine::builder().limits(limits).build().expect("engine");
    let problem = engine.process(&payload).expect_err("rejected");
    assert_eq!(problem.issue.len(), 101);
    assert!(problem
        .issue
        .iter()
        .any(|i| i.severity == Severity::Error && i.code == IssueCode::Invalid));
    let texts: Vec<&str> = problem.issue.iter().map(|i| &*i.details.text).collect();
    assert_eq!(
        texts.last(),
        Some(&"52 more warnings of code too-long, not listed: at most 100 issues are listed per payload"),
        "{texts:?}"
    );
}

// 9. Duplicate keys: one rule everywhere, a rejection naming the path.
#[test]
fn duplicate_keys_are_rejected_with_their_path() {
    let cases = [
        (
            r#"{"uuid":"123e4567-e89b-12d3-a456-426655440000","timestamp":1,"lang":"c","langVersion":"1","agent":"a","agentVersion":"1","mainThread":"main","threads":{"main":{"fault":true,"stack":[{"funcName":"f"}]},"main":{"fault":true,"stack":[{"funcName":"g"}]}}}"#,
            "threads.main",
        ),
        (
            r#"{"uuid":"123e4567-e89b-12d3-a456-426655440000","timestamp":1,"lang":"c","langVersion":"1","agent":"a","agentVersion":"1","mainThread":"main","threads":{"main":{"fault":true,"stack":[{"funcName":"f"}]}},"attributes":{"error.message":"a","error.message":"b"}}"#,
            "attributes[\"error.message\"]",
        ),
        (r#"{"subject":"s","subject":"t"}"#, "subject"),
        (
            r#"{"apiKey":"0123456789abcdef0123456789abcdef","notifier":{"name":"n","version":"1","url":"u"},"events":[{"exceptions":[{"errorClass":"E","stacktrace":[]}],"app":{"version":"1","version":"2"}}]}"#,
            "events[0].app.version",
        ),
    ];
    for (payload, path) in cases {
        let problem = engine().process(payload.as_bytes()).expect_err(path);
        let issue = &problem.issue[0];
        assert_eq!(issue.code, IssueCode::Invalid, "{path}");
        assert_eq!(issue.expression, [path]);
        assert!(
            issue
                .details
                .text
                .starts_with("malformed JSON: duplicate field"),
            "{}",
            issue.details.text
        );
    }
}

// 10. Server-side symbol paths leak into output.
#[test]
fn symbol_files_are_named_relative_to_their_directory() {
    let dir = testdata("sourcemap/payloads/symbols");
    let engine = engine_with_symbols("sourcemap/payloads/symbols");
    let line = String::from_utf8(lines("sourcemap/payloads/bugsnag-browser.ndjson")[0].clone())
        .expect("utf8");
    // A position past the end of the minified file's only line.
    let mut payload: serde_json::Value = serde_json::from_str(&line).expect("json");
    let frame = &mut payload["events"][0]["exceptions"][0]["stacktrace"][0];
    frame["lineNumber"] = serde_json::json!(90_000);
    let column = frame["columnNumber"].as_u64().expect("column");
    let stack = first_stack(&engine, &serde_json::to_vec(&payload).expect("json"));
    let want = format!(
        "sourcemaps/1.0.0/static/js/esbuild.min.js.map has no mapping at line 90000 column {column}"
    );
    assert_eq!(stack[0].unresolved.as_deref(), Some(&*want));
    let absolute = dir.canonicalize().expect("dir");
    let text = serde_json::to_string(&stack).expect("json");
    assert!(!text.contains(&*absolute.to_string_lossy()));
    assert!(!text.contains(&*dir.to_string_lossy()));
}
