//! The binary against unlucky inputs and hostile symbol directories
//! (issue 13): a damaged first line, a byte order mark or CR line ends lose
//! no other payload; sizes are exact; and, watched by strace, no file
//! outside the symbol directory is ever opened.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn testdata(rel: &str) -> PathBuf {
    root().join("testdata").join(rel)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "crashprint-cli-hostile-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn process(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crashprint"))
        .arg("process")
        .args(args)
        .output()
        .expect("run crashprint")
}

/// (line, ok, fingerprint) of every record.
fn records(out: &Output) -> Vec<(u64, bool, String)> {
    String::from_utf8(out.stdout.clone())
        .expect("utf8")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a record");
            (
                v["line"].as_u64().expect("line"),
                v["ok"].as_bool().expect("ok"),
                v["fingerprint"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// Every real SDK payload, one per line.
fn sdk_payloads() -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    for name in [
        "backtrace-node",
        "backtrace-python",
        "bugsnag-node",
        "bugsnag-node-minified",
        "bugsnag-python",
    ] {
        let bytes = std::fs::read(testdata(&format!("sdk-payloads/{name}.ndjson"))).expect("read");
        lines.extend(
            bytes
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .map(<[u8]>::to_vec),
        );
    }
    lines
}

// 5. A truncated first line loses the whole file.
#[test]
fn a_damaged_first_line_loses_no_other_payload() {
    let dir = scratch("damaged");
    let payloads = sdk_payloads();
    let intact = dir.join("intact.ndjson");
    std::fs::write(&intact, payloads.join(&b'\n')).expect("write");
    let want = records(&process(&[intact.to_str().expect("utf8")]));
    assert_eq!(want.len(), payloads.len());
    assert!(want.iter().all(|(_, ok, _)| *ok));
    // The first line cut in the middle of a string, between fields, after
    // an opening bracket.
    let first = &payloads[0];
    let cuts = [
        first.len() / 2,
        first.iter().position(|&b| b == b',').expect("a comma") + 1,
        first.iter().position(|&b| b == b'[').expect("a bracket") + 1,
    ];
    for cut in cuts {
        let mut damaged = payloads.clone();
        damaged[0].truncate(cut);
        let path = dir.join("damaged.ndjson");
        std::fs::write(&path, damaged.join(&b'\n')).expect("write");
        let out = process(&[path.to_str().expect("utf8")]);
        assert_eq!(out.status.code(), Some(1), "one payload rejected");
        let got = records(&out);
        assert_eq!(got.len(), payloads.len(), "cut at {cut}");
        assert_eq!(got[0].0, 1);
        assert!(!got[0].1, "the damaged line is rejected");
        assert_eq!(got[1..], want[1..], "every other payload as before");
    }
    let _ = std::fs::remove_dir_all(dir);
}

// 8. A leading BOM rejects the first payload; CR-only line ends make the
// whole file one rejected payload.
#[test]
fn bom_and_every_line_end_keep_every_payload() {
    let dir = scratch("line-ends");
    let payloads = sdk_payloads();
    let path = dir.join("lf.ndjson");
    std::fs::write(&path, payloads.join(&b'\n')).expect("write");
    let want = records(&process(&[path.to_str().expect("utf8")]));
    for (name, end, bom) in [
        ("bom-lf", &b"\n"[..], true),
        ("crlf", &b"\r\n"[..], false),
        ("cr", &b"\r"[..], false),
        ("bom-cr", &b"\r"[..], true),
    ] {
        let mut bytes = if bom {
            b"\xef\xbb\xbf".to_vec()
        } else {
            Vec::new()
        };
        bytes.extend(payloads.join(end));
        bytes.extend_from_slice(end);
        let path = dir.join(format!("{name}.ndjson"));
        std::fs::write(&path, &bytes).expect("write");
        let out = process(&[path.to_str().expect("utf8")]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(records(&out), want, "{name}");
    }
    // A pretty-printed document after a BOM, with CR line ends: one payload.
    let doc = std::fs::read(testdata("seeds/bugsnag-all-fields.json")).expect("read");
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(doc.iter().map(|&b| if b == b'\n' { b'\r' } else { b }));
    let path = dir.join("doc.json");
    std::fs::write(&path, &bytes).expect("write");
    let got = records(&process(&[path.to_str().expect("utf8")]));
    assert!(!got.is_empty() && got.iter().all(|(line, ok, _)| *ok && *line == 1));
    let _ = std::fs::remove_dir_all(dir);
}

// 8. The too-long byte count is off by one or two.
#[test]
fn too_long_payloads_are_counted_exactly() {
    let dir = scratch("counts");
    let limit = 64usize;
    let payload = |n: usize| format!("{{\"subject\":\"{}\"}}", "s".repeat(n - 14));
    for end in ["\n", "\r\n", "\r"] {
        let text = [payload(limit), payload(limit + 1), payload(limit + 2)].join(end);
        let path = dir.join("counts.ndjson");
        std::fs::write(&path, text + end).expect("write");
        let out = process(&[
            "--max-payload-bytes",
            &limit.to_string(),
            path.to_str().expect("utf8"),
        ]);
        let texts: Vec<String> = String::from_utf8(out.stdout)
            .expect("utf8")
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("record");
                v["error"]["issue"][0]["details"]["text"]
                    .as_str()
                    .unwrap_or("accepted")
                    .to_string()
            })
            .collect();
        assert_eq!(
            texts,
            [
                "accepted".to_string(),
                format!(
                    "payload of {} bytes exceeds the limit of {limit} bytes",
                    limit + 1
                ),
                format!(
                    "payload of {} bytes exceeds the limit of {limit} bytes",
                    limit + 2
                ),
            ],
            "{end:?}"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// A symbol directory full of traps, beside an `outside` directory holding
/// the real files the traps point at.
fn hostile_tree(base: &Path) -> PathBuf {
    let symbols = base.join("symbols");
    let outside = base.join("outside");
    for d in ["", "sourcemaps/1.0/static", "proguard/1.0", ".debug"] {
        std::fs::create_dir_all(symbols.join(d)).expect("mkdir");
    }
    std::fs::create_dir_all(&outside).expect("mkdir");
    let native = |name: &str| testdata(&format!("native/bin/{name}"));
    let copy = |from: PathBuf, to: PathBuf| {
        std::fs::copy(&from, &to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    };
    let link = |target: &Path, at: PathBuf| {
        std::os::unix::fs::symlink(target, &at).expect("symlink");
    };
    // .gnu_debuglink target, beside and in .debug/: links out.
    copy(
        native("c-gcc-O2-stripped"),
        symbols.join("c-gcc-O2-stripped"),
    );
    copy(
        native("c-gcc-O2-stripped.debug"),
        outside.join("c-gcc-O2-stripped.debug"),
    );
    link(
        &outside.join("c-gcc-O2-stripped.debug"),
        symbols.join("c-gcc-O2-stripped.debug"),
    );
    link(
        &outside.join("c-gcc-O2-stripped.debug"),
        symbols.join(".debug/c-gcc-O2-stripped.debug"),
    );
    // .dwo: a FIFO; .dwp: /dev/zero; dwz: a link out.
    copy(native("c-gcc-O2-split"), symbols.join("c-gcc-O2-split"));
    let fifo = symbols.join("c-gcc-O2-split-fixture.dwo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo")
        .success());
    copy(
        native("dwp/c-clang-O2-split"),
        symbols.join("c-clang-O2-split"),
    );
    link(Path::new("/dev/zero"), symbols.join("c-clang-O2-split.dwp"));
    copy(native("dwz/c-gcc-O2-dwz"), symbols.join("c-gcc-O2-dwz"));
    copy(
        native("dwz/c-dwz-common.debug"),
        outside.join("c-dwz-common.debug"),
    );
    link(
        &outside.join("c-dwz-common.debug"),
        symbols.join("c-dwz-common.debug"),
    );
    // An object file that is a link out, and a directory that is one.
    copy(native("c-gcc-O2-dwarf5"), outside.join("app"));
    link(&outside.join("app"), symbols.join("app"));
    link(&outside, symbols.join("sub"));
    // A minified file whose sourceMappingURL goes through a linked
    // directory, and one whose map is a link out.
    let min =
        std::fs::read_to_string(testdata("sourcemap/bundlers/out/esbuild.min.js")).expect("js");
    let release = symbols.join("sourcemaps/1.0/static");
    std::fs::write(
        release.join("linked.min.js"),
        min.replace(
            "sourceMappingURL=esbuild.min.js.map",
            "sourceMappingURL=maps/esbuild.min.js.map",
        ),
    )
    .expect("write");
    std::fs::write(release.join("esbuild.min.js"), &min).expect("write");
    copy(
        testdata("sourcemap/bundlers/out/esbuild.min.js.map"),
        outside.join("esbuild.min.js.map"),
    );
    link(&outside, release.join("maps"));
    link(
        &outside.join("esbuild.min.js.map"),
        release.join("esbuild.min.js.map"),
    );
    // A mapping that is a link out.
    copy(
        testdata("proguard/r8-retrace-stacktraces/InlineWithLineNumbersStackTrace/mapping.txt"),
        outside.join("mapping.txt"),
    );
    link(
        &outside.join("mapping.txt"),
        symbols.join("proguard/1.0/mapping.txt"),
    );
    symbols
}

/// Payloads naming every trap, and the path-like fields of old.
fn hostile_payloads() -> Vec<serde_json::Value> {
    let modules = [
        "c-gcc-O2-stripped",
        "c-gcc-O2-split",
        "c-clang-O2-split",
        "c-gcc-O2-dwz",
        "app",
        "../../etc/passwd",
        "/etc/passwd",
        "%2e%2e/%2e%2e/etc/passwd",
        "..\\..\\etc\\passwd",
        "sub/app",
        "x\u{0}y",
    ];
    let native = serde_json::json!({
        "uuid": "123e4567-e89b-12d3-a456-426655440000", "timestamp": 1, "lang": "c",
        "langVersion": "gcc", "agent": "a", "agentVersion": "1", "mainThread": "main",
        "threads": {"main": {"fault": true, "stack": (0..modules.len()).map(|i| serde_json::json!({
            "address": format!("{:#x}", 0x100_0000 * (i + 1) + 0x1090)})).collect::<Vec<_>>()}},
        "modules": modules.iter().enumerate().map(|(i, m)| serde_json::json!({
            "start": format!("{:#x}", 0x100_0000 * (i + 1)), "size": 0x10_0000,
            "code_file": m, "debug_file": m, "debug_identifier": m})).collect::<Vec<_>>()
    });
    let bugsnag = |release: &str, frames: Vec<serde_json::Value>, kind: &str| {
        serde_json::json!({
            "apiKey": "0123456789abcdef0123456789abcdef", "payloadVersion": "5",
            "notifier": {"name": "n", "version": "1", "url": "https://example.invalid"},
            "events": [{"exceptions": [{"errorClass": "Error", "message": "m", "type": kind,
                "stacktrace": frames}], "app": {"version": release}}]
        })
    };
    let js_frames = [
        "https://x.example/static/linked.min.js",
        "https://x.example/static/esbuild.min.js",
        "https://x.example/../../outside/esbuild.min.js",
        "file:///../../../../etc/passwd.js",
    ]
    .iter()
    .map(|u| serde_json::json!({"file": u, "lineNumber": 1, "columnNumber": 700, "method": "x"}))
    .collect();
    let jvm_frames = vec![serde_json::json!({
        "method": "com.android.tools.r8.naming.retrace.Main.main", "file": "SourceFile",
        "lineNumber": 3})];
    vec![
        native,
        bugsnag("1.0", js_frames, "browserjs"),
        bugsnag(
            "../../outside",
            vec![serde_json::json!({"file": "https://x/esbuild.min.js",
            "lineNumber": 1, "columnNumber": 700})],
            "browserjs",
        ),
        bugsnag("1.0", jvm_frames, "android"),
    ]
}

// 3, 4 and the README's promise: no file outside the symbol directories
// is ever opened, whatever the payloads and the links inside say.
#[test]
fn strace_sees_no_file_opened_outside_the_symbol_directory() {
    let strace = Command::new("strace").arg("-V").output();
    assert!(
        strace.is_ok_and(|o| o.status.success()),
        "this test needs strace (apt-get install -y strace; .ci/run installs it)"
    );
    let base = scratch("strace");
    let symbols = hostile_tree(&base);
    // A second symbol directory whose `sourcemaps/` and `proguard/` are
    // links out: not even listed.
    let second = base.join("second");
    std::fs::create_dir_all(&second).expect("mkdir");
    let outside_maps = base.join("outside/maps/1.0/static");
    std::fs::create_dir_all(&outside_maps).expect("mkdir");
    std::fs::copy(
        testdata("sourcemap/bundlers/out/esbuild.min.js"),
        outside_maps.join("esbuild.min.js"),
    )
    .expect("copy");
    std::os::unix::fs::symlink(base.join("outside/maps"), second.join("sourcemaps"))
        .expect("symlink");
    std::os::unix::fs::symlink(base.join("outside"), second.join("proguard")).expect("symlink");
    let input = base.join("payloads.ndjson");
    let text: Vec<String> = hostile_payloads().iter().map(|p| p.to_string()).collect();
    std::fs::write(&input, text.join("\n")).expect("write");
    let log = base.join("strace.log");
    let mut child = Command::new("strace")
        // -y: the kernel's path of every file descriptor, the one returned
        // by an open included.
        .args([
            "-f",
            "-qq",
            "-y",
            "-e",
            "trace=open,openat,openat2,creat",
            "-o",
        ])
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_crashprint"))
        .args(["process", "--symbols"])
        .arg(&symbols)
        .arg("--symbols")
        .arg(&second)
        .arg(&input)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("strace");
    // A FIFO opened for reading without O_NONBLOCK would wait forever.
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("crashprint hangs on the hostile symbol directory");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    let records = String::from_utf8_lossy(&out.stdout);
    assert_eq!(records.lines().count(), 4, "{records}");
    assert!(
        !records.contains(&*base.to_string_lossy()),
        "an absolute path in {records}"
    );
    let log = std::fs::read_to_string(&log).expect("strace log");
    if std::env::var_os("CRASHPRINT_KEEP_STRACE").is_some() {
        let _ = std::fs::write(std::env::temp_dir().join("crashprint-strace.log"), &log);
    }
    let symbols_real = symbols.canonicalize().expect("symbols");
    let second_real = second.canonicalize().expect("second");
    let base_real = base.canonicalize().expect("base");
    let mut opened = BTreeSet::new();
    for line in log.lines() {
        // `PID openat(3</dir>, "NAME", FLAGS) = 4</dir/NAME>`, or `= -1 ERRNO`:
        // what an open that succeeded opened, as the kernel names it.
        let Some((_, result)) = line.rsplit_once(") = ") else {
            continue;
        };
        let Some(path) = result
            .split_once('<')
            .and_then(|(_, p)| p.strip_suffix('>'))
        else {
            continue;
        };
        opened.insert(PathBuf::from(path));
    }
    assert!(
        opened
            .iter()
            .any(|p| p.starts_with(&symbols_real) && p.is_file()),
        "files of the symbol directory were read: {opened:?}"
    );
    for path in &opened {
        let real = path.canonicalize().unwrap_or_else(|_| path.clone());
        let outside_tree = real.starts_with(&base_real)
            && !real.starts_with(&symbols_real)
            && !real.starts_with(&second_real)
            && real != input.canonicalize().expect("input");
        assert!(
            !outside_tree,
            "opened {} ({})",
            path.display(),
            real.display()
        );
        assert!(
            !["/dev/zero", "/etc/passwd", "/etc/shadow"].contains(&real.to_str().unwrap_or("")),
            "opened {}",
            path.display()
        );
        let fifo = std::fs::metadata(&real)
            .map(|m| std::os::unix::fs::FileTypeExt::is_fifo(&m.file_type()))
            .unwrap_or(false);
        // A FIFO may be opened without blocking to learn what it is, and is
        // then never read: only its type is checked on the handle.
        if fifo {
            assert!(
                log.lines()
                    .any(|l| l.contains(&*path.to_string_lossy()) && l.contains("O_NONBLOCK")),
                "{} opened without O_NONBLOCK",
                path.display()
            );
        }
    }
    let _ = std::fs::remove_dir_all(base);
}
