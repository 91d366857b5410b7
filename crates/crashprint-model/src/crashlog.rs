//! Plain-text crash logs: sanitizer reports (ASan, MSan, TSan, LSan,
//! HWASan, UBSan), libFuzzer, Chrome/V8 `CHECK` failures, Go and Rust
//! panics, Java exceptions, Python tracebacks, Windows `cdb` output and
//! Linux kernel reports (KASAN, `WARNING`, `BUG`, lockdep, RCU stalls …),
//! read into one [`Event`] each.
//!
//! There is no payload format for logs, so events come out as
//! [`Format::Backtrace`] with the platform of the runtime that crashed
//! ([`Platform::Native`] for sanitizers, Go, Rust and the kernel). The
//! exception type names the kind of crash the way the tools that print the
//! logs do (`Heap-use-after-free READ 4`, `KASAN: use-after-free Read`,
//! `WARNING`, `CHECK failure`, the Java or Python class); the stack is the
//! first one printed after the crash's headline, innermost first. Frames of
//! the reporting machinery (`__asan_*`, `__sanitizer_*`, `kasan_report`,
//! `dump_stack`, `__warn` …) get `in_app: Some(false)`; kernel frames the
//! unwinder was unsure of (`? func+0x…`) are `guessed`.
//!
//! ```
//! use crashprint_model::crashlog::parse_crash_log;
//!
//! let log = "==1==ERROR: AddressSanitizer: heap-use-after-free on address 0x602 at pc 0x1 bp 0x2 sp 0x3\n\
//!            READ of size 4 at 0x602 thread T0\n\
//!            \x20   #0 0x4f1 in parse_header /src/lib/parse.c:42:7\n\
//!            \x20   #1 0x4f2 in main /src/main.c:10:3\n";
//! let event = parse_crash_log(log).expect("a crash");
//! assert_eq!(event.exceptions[0].type_name, "Heap-use-after-free READ 4");
//! let top = &event.exceptions[0].stack[0];
//! assert_eq!(top.function.as_deref(), Some("parse_header"));
//! assert_eq!((top.file.as_deref(), top.line), (Some("/src/lib/parse.c"), Some(42)));
//! ```

use crate::{stacktext, Event, Exception, Format, Frame, Platform};

/// The most frames kept per stack.
const MAX_FRAMES: usize = 256;

/// Functions of the sanitizer runtimes, libFuzzer and the C runtime that
/// print or start a report: never the bug.
const NATIVE_RUNTIME_PREFIXES: &[&str] = &[
    "__asan",
    "__sanitizer",
    "__interceptor",
    "___interceptor",
    "__lsan",
    "__msan",
    "__tsan",
    "__ubsan",
    "__hwasan",
    "__dfsan",
    "__sancov",
    "fuzzer::",
    "__libc_start",
    "__GI_",
    "gsignal",
    "base::debug::StackTrace",
    "logging::LogMessage",
];

/// Path fragments of the sanitizer and fuzzer runtimes.
const NATIVE_RUNTIME_PATHS: &[&str] = &[
    "compiler-rt/lib/",
    "/sanitizer_common/",
    "/libfuzzer/",
    "/libFuzzer/",
];

/// Kernel functions that print a report (KASAN, KMSAN, WARN, BUG, lockdep):
/// never the bug.
const KERNEL_REPORT_PREFIXES: &[&str] = &[
    "dump_stack",
    "__dump_stack",
    "show_stack",
    "sched_show_task",
    "_sched_show_task",
    "print_address_description",
    "print_report",
    "print_trailer",
    "kasan_",
    "__kasan_",
    "kmsan_",
    "__msan_",
    "kcsan_",
    "__tsan_",
    "__asan_",
    "asan_report",
    "check_memory_region",
    "__sanitizer_cov_trace",
    "ubsan_",
    "__ubsan_",
    "__warn",
    "warn_slowpath",
    "report_bug",
    "handle_bug",
    "fixup_bug",
    "do_error_trap",
    "do_invalid_op",
    "invalid_op",
    "exc_invalid_op",
    "asm_exc_invalid_op",
    "panic",
    "print_circular_bug",
    "print_usage_bug",
    "lockdep_rcu_suspicious",
    "kmemleak_",
];

/// Reads one crash log; `None` when no crash headline is recognised.
pub fn parse_crash_log(text: &str) -> Option<Event> {
    let lines: Vec<&str> = text.lines().map(strip_console_prefix).collect();
    let user = find_user_headline(&lines);
    let kernel = find_kernel_headline(&lines);
    match (user, kernel) {
        (Some(u), Some(k)) if k.index < u.index => Some(kernel_event(&lines, k)),
        (Some(u), _) => Some(user_event(&lines, u)),
        (None, Some(k)) => Some(kernel_event(&lines, k)),
        (None, None) => None,
    }
}

/// Drops kernel console prefixes (`<4>`, `[  12.345678]`, `[ T1234]`,
/// `[    C0]`) so every line starts with what the kernel printed.
fn strip_console_prefix(line: &str) -> &str {
    let mut rest = line.trim_end_matches('\r');
    if let Some(after) = rest.strip_prefix('<') {
        if let Some(end) = after.find('>') {
            if end <= 2 && after[..end].bytes().all(|b| b.is_ascii_digit()) {
                rest = &after[end + 1..];
            }
        }
    }
    loop {
        let trimmed = rest.trim_start();
        let Some(after) = trimmed.strip_prefix('[') else {
            break;
        };
        let Some(end) = after.find(']') else { break };
        let inner = after[..end].trim();
        let is_stamp = !inner.is_empty()
            && (inner.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                || ((inner.starts_with('T') || inner.starts_with('C'))
                    && inner[1..].bytes().all(|b| b.is_ascii_digit())
                    && inner.len() > 1));
        if !is_stamp {
            break;
        }
        rest = &after[end + 1..];
        // One separating space belongs to the prefix; the rest is indentation.
        if let Some(r) = rest.strip_prefix(' ') {
            rest = r;
        }
    }
    rest
}

// ---------------------------------------------------------------- userland

#[derive(Debug, Clone, Copy, PartialEq)]
enum UserKind {
    Sanitizer,
    Ubsan,
    LibFuzzer,
    Check,
    Assert,
    GoPanic,
    RustPanic,
    Java,
    Python,
    JavaScript,
    Windows,
    Signal,
}

#[derive(Debug, Clone)]
struct Headline {
    index: usize,
    type_name: String,
    message: Option<String>,
    platform: Platform,
    kind: Option<UserKind>,
}

fn headline(
    index: usize,
    type_name: impl Into<String>,
    message: Option<&str>,
    platform: Platform,
    kind: UserKind,
) -> Headline {
    Headline {
        index,
        type_name: type_name.into(),
        message: message
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty()),
        platform,
        kind: Some(kind),
    }
}

fn find_user_headline(lines: &[&str]) -> Option<Headline> {
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if let Some(h) = sanitizer_headline(lines, i, line) {
            return Some(h);
        }
        if let Some(pos) = line
            .find(": runtime error: ")
            .filter(|_| !line.starts_with("panic:") && !line.starts_with("Error:"))
        {
            let what = &line[pos + ": runtime error: ".len()..];
            return Some(headline(
                i,
                ubsan_type(what),
                Some(what),
                Platform::Native,
                UserKind::Ubsan,
            ));
        }
        if let Some(pos) = line.find("Security DCHECK failed:") {
            let msg = &line[pos + "Security DCHECK failed:".len()..];
            return Some(headline(
                i,
                "Security DCHECK failure",
                Some(msg),
                Platform::Native,
                UserKind::Check,
            ));
        }
        for (needle, ty) in [
            ("DCHECK failed:", "DCHECK failure"),
            ("Check failed:", "CHECK failure"),
            ("CHECK failed:", "CHECK failure"),
            ("Debug check failed:", "DCHECK failure"),
        ] {
            if let Some(pos) = line.find(needle) {
                let msg = &line[pos + needle.len()..];
                return Some(headline(
                    i,
                    ty,
                    Some(msg),
                    Platform::Native,
                    UserKind::Check,
                ));
            }
        }
        if let Some(rest) = line.strip_prefix("# Fatal error in ") {
            let msg = lines
                .get(i + 1)
                .map(|l| l.trim().trim_start_matches('#').trim())
                .filter(|l| !l.is_empty())
                .unwrap_or(rest);
            let ty = if msg.starts_with("Check failed") || msg.starts_with("Debug check failed") {
                "CHECK failure"
            } else {
                "Fatal error"
            };
            return Some(headline(
                i,
                ty,
                Some(msg),
                Platform::Native,
                UserKind::Check,
            ));
        }
        if line.contains("Assertion") && line.contains("failed")
            || line.contains("ASSERTION FAILED")
        {
            return Some(headline(
                i,
                "ASSERT",
                Some(line),
                Platform::Native,
                UserKind::Assert,
            ));
        }
        if let Some(rest) = line.strip_prefix("panic: ") {
            return Some(headline(
                i,
                go_panic_type(rest),
                Some(rest),
                Platform::Native,
                UserKind::GoPanic,
            ));
        }
        if let Some(rest) = line.strip_prefix("fatal error: ") {
            return Some(headline(
                i,
                format!("Fatal error: {}", strip_numbers(rest)),
                Some(rest),
                Platform::Native,
                UserKind::GoPanic,
            ));
        }
        if line.starts_with("thread '") && line.contains("' panicked at") {
            let msg = line.split_once("panicked at").map(|(_, m)| m);
            return Some(headline(
                i,
                "Rust panic",
                msg,
                Platform::Native,
                UserKind::RustPanic,
            ));
        }
        if let Some(h) = java_headline(i, line) {
            return Some(h);
        }
        if line.contains("Traceback (most recent call last):") {
            return Some(headline(
                i,
                "Uncaught exception",
                None,
                Platform::Python,
                UserKind::Python,
            ));
        }
        if line.contains("Uncaught Exception") || line.contains("Uncaught exception:") {
            return Some(headline(
                i,
                "Uncaught exception",
                None,
                Platform::JavaScript,
                UserKind::JavaScript,
            ));
        }
        if line.contains("Access violation - code c0000005") {
            return Some(headline(
                i,
                "Access violation",
                Some(line),
                Platform::Native,
                UserKind::Windows,
            ));
        }
        if line.starts_with("Received signal") || line.starts_with("Program received signal") {
            let sig = line
                .split_whitespace()
                .find(|w| w.starts_with("SIG"))
                .map(|w| w.trim_end_matches([',', '.', ':']).to_string())
                .unwrap_or_else(|| "Signal".into());
            return Some(headline(
                i,
                sig,
                Some(line),
                Platform::Native,
                UserKind::Signal,
            ));
        }
    }
    None
}

/// `==PID==ERROR: AddressSanitizer: heap-use-after-free on address …`,
/// `WARNING: ThreadSanitizer: data race`, `ERROR: libFuzzer: deadly signal`.
fn sanitizer_headline(lines: &[&str], i: usize, line: &str) -> Option<Headline> {
    let (after, kind) = if let Some(pos) = line.find("ERROR: libFuzzer: ") {
        (
            &line[pos + "ERROR: libFuzzer: ".len()..],
            UserKind::LibFuzzer,
        )
    } else {
        let pos = line
            .find("ERROR: ")
            .map(|p| p + "ERROR: ".len())
            .or_else(|| line.find("WARNING: ").map(|p| p + "WARNING: ".len()))?;
        let rest = &line[pos..];
        let (tool, what) = rest.split_once(": ")?;
        if !tool.ends_with("Sanitizer") {
            return None;
        }
        (what, UserKind::Sanitizer)
    };
    let mut words = after.split_whitespace();
    let first = words.next()?.trim_end_matches([':', ',']);
    let mut ty = match kind {
        UserKind::LibFuzzer => match first {
            "deadly" => "Fatal-signal".to_string(),
            "timeout" => "Timeout".to_string(),
            "out-of-memory" => "Out-of-memory".to_string(),
            "fuzz" => "Unexpected-exit".to_string(),
            _ => capitalize(first),
        },
        _ => match first {
            "SEGV" | "BUS" | "FPE" | "ILL" | "ABRT" | "TRAP" => {
                let address = after
                    .split_whitespace()
                    .skip_while(|w| *w != "address")
                    .nth(1)
                    .and_then(|a| u64::from_str_radix(a.trim_start_matches("0x"), 16).ok());
                match (first, address) {
                    ("SEGV", Some(a)) if a < 4096 => "Null-dereference".to_string(),
                    ("SEGV", _) => "UNKNOWN".to_string(),
                    ("BUS", _) => "Bus-error".to_string(),
                    ("FPE", _) => "Floating-point-exception".to_string(),
                    ("ILL", _) => "Ill".to_string(),
                    ("ABRT", _) => "Abrt".to_string(),
                    _ => "Trap".to_string(),
                }
            }
            "unknown-crash" => "UNKNOWN".to_string(),
            "data" => "Data race".to_string(),
            "use-of-uninitialized-value" => "Use-of-uninitialized-value".to_string(),
            "detected" => {
                // LeakSanitizer: detected memory leaks: the kind is on the next report line.
                let kind = lines
                    .iter()
                    .skip(i + 1)
                    .take(6)
                    .find_map(|l| {
                        let l = l.trim();
                        l.strip_prefix("Direct leak")
                            .map(|_| "Direct-leak")
                            .or_else(|| l.strip_prefix("Indirect leak").map(|_| "Indirect-leak"))
                    })
                    .unwrap_or("Memory-leak");
                kind.to_string()
            }
            other => capitalize(other),
        },
    };
    if kind == UserKind::Sanitizer {
        // `READ of size 4` on the next lines, or `caused by a WRITE memory access`.
        for l in lines.iter().skip(i + 1).take(4) {
            let l = l.trim();
            if let Some((access, rest)) = l.split_once(" of size ") {
                if access == "READ" || access == "WRITE" {
                    let size = rest.split_whitespace().next().unwrap_or("");
                    ty = format!("{ty} {access} {size}");
                    break;
                }
            }
            if l.contains("caused by a READ memory access") {
                ty.push_str(" READ");
                break;
            }
            if l.contains("caused by a WRITE memory access") {
                ty.push_str(" WRITE");
                break;
            }
        }
    }
    Some(headline(i, ty, Some(after), Platform::Native, kind))
}

fn java_headline(i: usize, line: &str) -> Option<Headline> {
    let candidate = if let Some((_, rest)) = line.split_once("Exception in thread \"") {
        rest.split_once("\" ").map(|(_, c)| c)?
    } else if let Some(rest) = line.split_once("== Java Exception: ").map(|(_, r)| r) {
        rest
    } else if let Some(rest) = line.strip_prefix("FATAL EXCEPTION") {
        let _ = rest;
        return Some(headline(
            i,
            "Fatal Exception",
            Some(line),
            Platform::Java,
            UserKind::Java,
        ));
    } else {
        line
    };
    let (class, message) = match candidate.split_once(": ") {
        Some((c, m)) => (c.trim(), Some(m)),
        None => (candidate.trim(), None),
    };
    let looks_java = class.contains('.')
        && !class.contains(' ')
        && !class.contains('/')
        && (class.ends_with("Exception")
            || class.ends_with("Error")
            || class.ends_with("Issue")
            || class.contains("Issue"));
    looks_java.then(|| headline(i, class, message, Platform::Java, UserKind::Java))
}

fn ubsan_type(what: &str) -> String {
    let table: &[(&str, &str)] = &[
        ("signed integer overflow", "Integer-overflow"),
        ("unsigned integer overflow", "Unsigned-integer-overflow"),
        ("negation of", "Integer-overflow"),
        ("division by zero", "Divide-by-zero"),
        ("division of", "Divide-by-zero"),
        ("out of bounds for type", "Index-out-of-bounds"),
        ("misaligned address", "Misaligned-address"),
        ("null pointer", "Null-dereference"),
        ("pointer index expression", "Pointer-overflow"),
        ("applying non-zero offset", "Pointer-overflow"),
        ("applying zero offset", "Pointer-overflow"),
        ("addition of unsigned offset", "Pointer-overflow"),
        ("subtraction of unsigned offset", "Pointer-overflow"),
        ("shift exponent", "Shift-out-of-bounds"),
        ("left shift of", "Shift-out-of-bounds"),
        (
            "is outside the range of representable values",
            "Float-cast-overflow",
        ),
        ("not a valid value for type 'bool'", "Invalid-bool-value"),
        ("not a valid value for type", "Invalid-enum-value"),
        ("implicit conversion", "Implicit-conversion"),
        ("assumption", "Assumption-violation"),
        (
            "address with insufficient space for an object",
            "Object-size",
        ),
        (
            "variable length array bound",
            "Non-positive-vla-bound-value",
        ),
        ("indirect function call", "Incorrect-function-pointer-type"),
        ("call to function", "Incorrect-function-pointer-type"),
        ("downcast of", "Bad-cast"),
        ("member call on address", "Bad-cast"),
        ("member access within address", "Bad-cast"),
        ("upcast of", "Upcast"),
        (
            "execution reached an unreachable program point",
            "Unreachable code",
        ),
        (
            "execution reached the end of a value-returning function",
            "No-return-value",
        ),
    ];
    let upcast_null = what.starts_with("upcast of null pointer");
    if upcast_null {
        return "Upcast-of-null-pointer".into();
    }
    table
        .iter()
        .find(|(needle, _)| what.contains(needle))
        .map(|(_, ty)| ty.to_string())
        .unwrap_or_else(|| format!("UBSan: {}", strip_numbers(what)))
}

fn go_panic_type(rest: &str) -> String {
    let rest = rest.trim();
    if let Some(err) = rest.strip_prefix("runtime error: ") {
        let cut = err.find(['[', ':']).unwrap_or(err.len());
        return capitalize(strip_numbers(&err[..cut]).trim());
    }
    "Go panic".into()
}

fn user_event(lines: &[&str], h: Headline) -> Event {
    let mut event = Event::new(Format::Backtrace, h.platform);
    event.lang = Some("crash-log".into());
    event.unhandled = Some(true);
    let mut exceptions = Vec::new();
    let mut type_name = h.type_name.clone();
    let stack;
    match h.kind {
        Some(UserKind::Java) => {
            let (frames, causes) = java_stacks(lines, h.index + 1);
            stack = frames;
            exceptions.extend(causes);
        }
        Some(UserKind::Python) => {
            let (frames, ty, msg) = python_stack(lines, h.index + 1);
            stack = frames;
            if let Some(t) = ty {
                type_name = t;
            }
            if msg.is_some() {
                exceptions.push(Exception {
                    type_name: type_name.clone(),
                    message: msg,
                    stack,
                    thread: None,
                });
                return finish(event, exceptions);
            }
        }
        Some(UserKind::JavaScript) => {
            let rest: Vec<&str> = lines[h.index + 1..].to_vec();
            let js_type = rest.iter().find_map(|l| {
                let l = l.trim();
                let (t, _) = l.split_once(": ").unwrap_or((l, ""));
                (!t.is_empty()
                    && !t.contains(' ')
                    && (t.ends_with("Error") || t.ends_with("Exception")))
                .then(|| t.to_string())
            });
            if let Some(t) = js_type {
                type_name = t;
            }
            stack = stacktext::parse_js_stack(&rest.join("\n"), MAX_FRAMES);
        }
        _ => {
            stack = first_stack(lines, h.index + 1)
                .filter(|s| !s.is_empty())
                .or_else(|| first_stack(lines, 0))
                .unwrap_or_default()
        }
    }
    exceptions.insert(
        0,
        Exception {
            type_name,
            message: h.message,
            stack,
            thread: None,
        },
    );
    finish(event, exceptions)
}

fn finish(mut event: Event, mut exceptions: Vec<Exception>) -> Event {
    let platform = event.platform;
    for e in &mut exceptions {
        for f in &mut e.stack {
            mark_runtime(f, platform);
        }
    }
    event.message = exceptions.first().and_then(|e| e.message.clone());
    event.exceptions = exceptions;
    event
}

fn mark_runtime(frame: &mut Frame, platform: Platform) {
    if frame.in_app.is_some() || platform != Platform::Native {
        return;
    }
    let f = frame.function.as_deref().unwrap_or("");
    let path = frame
        .file
        .as_deref()
        .or(frame.module.as_deref())
        .unwrap_or("");
    if NATIVE_RUNTIME_PREFIXES.iter().any(|p| f.starts_with(p))
        || NATIVE_RUNTIME_PATHS.iter().any(|p| path.contains(p))
    {
        frame.in_app = Some(false);
    }
}

/// The first block of frames at or after `start`, in whichever text form
/// it comes.
fn first_stack(lines: &[&str], start: usize) -> Option<Vec<Frame>> {
    let mut i = start;
    while i < lines.len() {
        let line = lines[i];
        if sanitizer_frame(line).is_some() {
            return Some(sanitizer_block(lines, i));
        }
        if line.starts_with("goroutine ") && line.trim_end().ends_with(':') {
            let frames = go_block(lines, i + 1);
            if !frames.is_empty() {
                return Some(frames);
            }
        }
        let t = line.trim();
        if t == "stack backtrace:" {
            let frames = rust_block(lines, i + 1);
            if !frames.is_empty() {
                return Some(frames);
            }
        }
        if t.starts_with("STACK_TEXT:") {
            let frames = cdb_block(lines, i + 1);
            if !frames.is_empty() {
                return Some(frames);
            }
        }
        if t.starts_with("==== C stack trace") {
            let frames = numbered_block(lines, i + 1);
            if !frames.is_empty() {
                return Some(frames);
            }
        }
        if t == "Call Trace:" || t == "Call trace:" {
            let frames = kernel_block(lines, i + 1);
            if !frames.is_empty() {
                return Some(frames);
            }
        }
        if java_frame(t).is_some() {
            let (frames, _) = java_stacks(lines, i);
            return Some(frames);
        }
        if let Some((n, what)) = t.split_once(": ") {
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && what.contains(" [0x") {
                return Some(numbered_block(lines, i));
            }
        }
        i += 1;
    }
    None
}

/// `#3 0x4f1 in func(args) /path/file.cc:12:3`, `#3 0x4f1 func()`,
/// `#3 0x4f1 (/lib/x.so+0x12)`, gdb's `#3  0x4f1 in func () at f.c:12`.
fn sanitizer_frame(line: &str) -> Option<(u32, Frame)> {
    let mut t = line.trim();
    // A logger's prefix (`CRASH LOG:     #0 …`, logcat) before the frame.
    if !t.starts_with('#') {
        let p = t.find("    #")?;
        t = t[p..].trim();
    }
    let rest = t.strip_prefix('#')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let number: u32 = rest[..digits].parse().ok()?;
    let rest = rest[digits..].trim_start();
    if rest.len() == t.len() - 1 - digits {
        // No whitespace after the number (`#500176: cov: …`).
        return None;
    }
    let mut frame = Frame::default();
    let mut rest = rest;
    // Android tombstones: `#00 pc 0001a2b3  /system/lib/libc.so (func+12)`.
    if let Some(pc) = rest.strip_prefix("pc ") {
        let pc = pc.trim_start();
        let end = pc.find(char::is_whitespace).unwrap_or(pc.len());
        frame.address = u64::from_str_radix(&pc[..end], 16).ok();
        let tail = pc[end..].trim();
        let (module, func) = match tail.split_once(" (") {
            Some((m, f)) => (m.trim(), Some(f.trim_end_matches(')'))),
            None => (tail, None),
        };
        frame.module = Some(module.to_string()).filter(|m| !m.is_empty());
        frame.function = func
            .map(|f| f.rsplit_once('+').map_or(f, |(name, _)| name).to_string())
            .filter(|f| !f.is_empty() && !f.starts_with("BuildId"));
        return Some((number, frame));
    }
    if let Some(hex) = rest.strip_prefix("0x") {
        let end = hex
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(hex.len());
        frame.address = u64::from_str_radix(&hex[..end], 16).ok();
        rest = hex[end..].trim_start();
    } else if !rest.starts_with(|c: char| c.is_alphabetic() || c == '_' || c == '<') {
        return None;
    }
    let rest = rest.strip_prefix("in ").unwrap_or(rest);
    // Trailing `(BuildId: …)`.
    let rest = match rest.rfind(" (BuildId:") {
        Some(p) => &rest[..p],
        None => rest,
    };
    let rest = rest.trim();
    // `<unknown>`: an unsymbolized frame, no name.
    if rest.is_empty() || rest == "<unknown>" {
        return Some((number, frame));
    }
    // gdb: `func (args) at file:line` / `func () from /lib/libc.so.6`.
    if let Some((func, loc)) = rest.rsplit_once(" at ") {
        set_location(&mut frame, loc.trim());
        frame.function = Some(clean_function(func));
        return Some((number, frame));
    }
    if let Some((func, module)) = rest.rsplit_once(" from ") {
        frame.module = Some(module.trim().to_string());
        frame.function = Some(clean_function(func));
        return Some((number, frame));
    }
    // `(module+0xoff)` alone or after the function.
    if rest.ends_with(')') {
        if let Some(open) = rest
            .rfind(" (")
            .or(if rest.starts_with('(') { Some(0) } else { None })
        {
            let inner = rest[open..]
                .trim()
                .trim_start_matches('(')
                .trim_end_matches(')');
            if let Some((module, off)) = inner.rsplit_once('+') {
                if off.starts_with("0x") && !module.is_empty() {
                    frame.module = Some(module.to_string());
                    let func = rest[..open].trim();
                    if !func.is_empty() {
                        frame.function = Some(clean_function(func));
                    }
                    return Some((number, frame));
                }
            }
        }
    }
    // `func(args) /path/file.cc:12:3`: the location is the last word when it looks like one.
    if let Some((func, loc)) = rest.rsplit_once(' ') {
        if looks_like_location(loc) {
            set_location(&mut frame, loc);
            let func = func.trim();
            if !func.is_empty() {
                frame.function = Some(clean_function(func));
            }
            return Some((number, frame));
        }
    }
    if looks_like_location(rest) && (rest.contains('/') || rest.contains('\\')) {
        if rest.contains(".so") || !rest.contains(':') {
            frame.module = Some(rest.to_string());
        } else {
            set_location(&mut frame, rest);
        }
    } else {
        frame.function = Some(clean_function(rest));
    }
    Some((number, frame))
}

fn looks_like_location(s: &str) -> bool {
    s.contains('/')
        || s.contains('\\')
        || s.rsplit_once(':').is_some_and(|(file, line)| {
            file.contains('.') && !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit())
        })
        || s.rsplitn(3, ':').count() == 3 && s.contains('.')
}

/// `file:line:col`, `file:line`, `file (line)` or a bare file.
fn set_location(frame: &mut Frame, loc: &str) {
    let loc = loc.trim().trim_end_matches(" [inline]");
    let mut parts = loc.rsplitn(3, ':');
    let last = parts.next().unwrap_or("");
    let middle = parts.next();
    let head = parts.next();
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match (head, middle, last) {
        (Some(file), Some(line), col) if num(line).is_some() && num(col).is_some() => {
            frame.file = Some(file.to_string());
            frame.line = num(line);
            frame.column = num(col);
        }
        (_, Some(_), line) if num(line).is_some() => {
            let file = &loc[..loc.len() - line.len() - 1];
            frame.file = Some(file.to_string());
            frame.line = num(line);
        }
        _ => frame.file = Some(loc.to_string()),
    }
}

/// Drops the argument list that sanitizers print (`f(int, char const*)`)
/// only when it is a trailing, balanced one; templates stay.
fn clean_function(func: &str) -> String {
    let func = func.trim();
    let func = func
        .strip_suffix(" const")
        .unwrap_or(func)
        .trim_end_matches(" ()");
    func.to_string()
}

fn sanitizer_block(lines: &[&str], start: usize) -> Vec<Frame> {
    let mut frames = Vec::new();
    let mut last = 0;
    for line in &lines[start..] {
        let Some((n, frame)) = sanitizer_frame(line) else {
            if frames.is_empty() {
                continue;
            }
            break;
        };
        if !frames.is_empty() && n < last {
            break;
        }
        last = n;
        if frames.len() < MAX_FRAMES {
            frames.push(frame);
        }
    }
    frames
}

/// Go: `pkg.func(args)` then `\t/path/file.go:12 +0x1d`.
fn go_block(lines: &[&str], start: usize) -> Vec<Frame> {
    let mut frames = Vec::new();
    let mut i = start;
    while i + 1 < lines.len() && frames.len() < MAX_FRAMES {
        let func = lines[i].trim();
        let loc = lines[i + 1].trim();
        if func.is_empty() || !loc.contains(".go:") && !loc.starts_with('/') {
            break;
        }
        let function = func.strip_prefix("created by ").unwrap_or(func);
        let function = match function.rfind('(') {
            Some(p) if function.ends_with(')') && p > 0 => &function[..p],
            _ => function,
        };
        let mut frame = Frame {
            function: Some(function.to_string()),
            ..Frame::default()
        };
        let loc = loc.split(" +0x").next().unwrap_or(loc);
        set_location(&mut frame, loc);
        if function == "panic" || function.starts_with("runtime.") {
            frame.in_app = Some(false);
        }
        frames.push(frame);
        i += 2;
    }
    frames
}

/// Rust: `   3: func` then optionally `             at src/x.rs:12:5`.
fn rust_block(lines: &[&str], start: usize) -> Vec<Frame> {
    let mut frames = Vec::new();
    for line in &lines[start..] {
        let t = line.trim();
        if let Some(loc) = t.strip_prefix("at ") {
            if let Some(last) = frames.last_mut() {
                let last: &mut Frame = last;
                if last.file.is_none() {
                    set_location(last, loc);
                }
            }
            continue;
        }
        let Some((n, func)) = t.split_once(": ") else {
            break;
        };
        if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        let func = func.trim();
        let func = func.split_once(" - ").map(|(_, f)| f).unwrap_or(func);
        if frames.len() < MAX_FRAMES {
            frames.push(Frame {
                function: Some(func.to_string()),
                ..Frame::default()
            });
        }
    }
    frames
}

/// V8's `==== C stack trace`: ` 3: 0xb29b0f4` or ` 3: func`.
fn numbered_block(lines: &[&str], start: usize) -> Vec<Frame> {
    let mut frames = Vec::new();
    for line in &lines[start..] {
        if line.trim().is_empty() && frames.is_empty() {
            continue;
        }
        let Some((n, what)) = line.trim().split_once(": ") else {
            break;
        };
        if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        let what = what.trim();
        let mut frame = Frame::default();
        if let Some(hex) = what.strip_prefix("0x") {
            frame.address = u64::from_str_radix(hex, 16).ok();
        } else {
            // `func [0x…+58] (file.cc:332)` (Windows) or `func [file:line]`.
            let (func, loc) = match what.find(" [") {
                Some(p) => {
                    let tail = what[p + 2..].trim();
                    let loc = match tail.split_once("] (") {
                        Some((_, l)) => l.trim_end_matches(')'),
                        None => tail.trim_end_matches(']'),
                    };
                    (&what[..p], Some(loc).filter(|l| !l.starts_with("0x")))
                }
                None => (what, None),
            };
            frame.function = Some(clean_function(func));
            if let Some(loc) = loc {
                set_location(&mut frame, loc);
            }
        }
        if frames.len() < MAX_FRAMES {
            frames.push(frame);
        }
    }
    frames
}

/// Windows `cdb`: `0012f8a8 7c90e920 module!func+0x12 [c:\src\f.cc @ 123]`.
fn cdb_block(lines: &[&str], start: usize) -> Vec<Frame> {
    let mut frames = Vec::new();
    for line in &lines[start..] {
        let t = line.trim();
        if t.is_empty() {
            if frames.is_empty() {
                continue;
            }
            break;
        }
        let Some(sym) = t.split_whitespace().find(|w| w.contains('!')) else {
            if frames.is_empty() {
                continue;
            }
            break;
        };
        let (module, func) = sym.split_once('!').unwrap_or(("", sym));
        let func = func.split("+0x").next().unwrap_or(func);
        let mut frame = Frame {
            function: Some(func.to_string()),
            module: Some(module.to_string()).filter(|m| !m.is_empty()),
            ..Frame::default()
        };
        if let Some((_, loc)) = t.split_once(" [") {
            let loc = loc.trim_end_matches(']');
            if let Some((file, line)) = loc.split_once(" @ ") {
                frame.file = Some(file.trim().to_string());
                frame.line = line.trim().parse().ok();
            }
        }
        if frames.len() < MAX_FRAMES {
            frames.push(frame);
        }
    }
    frames
}

/// `at a.b.C.m(File.java:12)`.
fn java_frame(t: &str) -> Option<Frame> {
    let rest = t.strip_prefix("at ")?;
    let open = rest.find('(')?;
    let func = &rest[..open];
    if func.is_empty() || func.contains(' ') || !func.contains('.') {
        return None;
    }
    let loc = rest[open + 1..].trim_end().strip_suffix(')')?;
    let mut frame = Frame {
        function: Some(func.to_string()),
        ..Frame::default()
    };
    match loc.rsplit_once(':') {
        Some((file, line)) if line.bytes().all(|b| b.is_ascii_digit()) => {
            frame.file = Some(file.to_string());
            frame.line = line.parse().ok();
        }
        _ => frame.file = Some(loc.to_string()),
    }
    Some(frame)
}

/// The frames of a Java exception from `start`, and its `Caused by:`
/// chain as further exceptions.
fn java_stacks(lines: &[&str], start: usize) -> (Vec<Frame>, Vec<Exception>) {
    let mut frames = Vec::new();
    let mut causes: Vec<Exception> = Vec::new();
    let mut seen_frame = false;
    for line in &lines[start..] {
        let t = line.trim();
        if let Some(frame) = java_frame(t) {
            seen_frame = true;
            let target = match causes.last_mut() {
                Some(c) => &mut c.stack,
                None => &mut frames,
            };
            if target.len() < MAX_FRAMES {
                target.push(frame);
            }
            continue;
        }
        if let Some(rest) = t.strip_prefix("Caused by: ") {
            let (ty, msg) = match rest.split_once(": ") {
                Some((t, m)) => (t, Some(m.to_string())),
                None => (rest, None),
            };
            causes.push(Exception {
                type_name: ty.trim().to_string(),
                message: msg,
                stack: Vec::new(),
                thread: None,
            });
            continue;
        }
        if t.starts_with("...") && t.ends_with("more") {
            continue;
        }
        if seen_frame {
            break;
        }
    }
    (frames, causes)
}

/// Python: `  File "x.py", line 12, in func` (outermost first), then
/// `Type: message`.
fn python_stack(lines: &[&str], start: usize) -> (Vec<Frame>, Option<String>, Option<String>) {
    let mut frames = Vec::new();
    let mut i = start;
    while i < lines.len() {
        let t = lines[i].trim();
        if let Some(rest) = t.strip_prefix("File \"") {
            if let Some((file, tail)) = rest.split_once('"') {
                let mut frame = Frame {
                    file: Some(file.to_string()),
                    ..Frame::default()
                };
                for part in tail.split(", ") {
                    let part = part.trim().trim_start_matches(',').trim();
                    if let Some(n) = part.strip_prefix("line ") {
                        frame.line = n.trim().parse().ok();
                    } else if let Some(f) = part.strip_prefix("in ") {
                        frame.function = Some(f.trim().to_string());
                    }
                }
                frames.push(frame);
            }
            i += 1;
            continue;
        }
        let indented = lines[i].starts_with(' ') || lines[i].starts_with('\t');
        if !frames.is_empty() && !indented && !t.is_empty() {
            frames.reverse();
            frames.truncate(MAX_FRAMES);
            let (ty, msg) = match t.split_once(": ") {
                Some((ty, m)) => (ty, Some(m.to_string())),
                None => (t, None),
            };
            return (frames, Some(ty.to_string()), msg);
        }
        i += 1;
    }
    frames.reverse();
    frames.truncate(MAX_FRAMES);
    (frames, None, None)
}

// ------------------------------------------------------------------ kernel

fn find_kernel_headline(lines: &[&str]) -> Option<Headline> {
    for (i, raw) in lines.iter().enumerate() {
        let mut t = raw.trim();
        // `watchdog: BUG: …`, `login: [  35.18] BUG: …`: a headline mid-line.
        if let Some(p) = ["BUG: ", "INFO: ", "WARNING: "]
            .iter()
            .filter_map(|k| t.find(k))
            .filter(|&p| p > 0 && (t[..p].ends_with("] ") || t[..p].ends_with(": ")))
            .min()
        {
            t = &t[p..];
        }
        if let Some(ty) = kernel_type(lines, i, t) {
            return Some(Headline {
                index: i,
                type_name: ty,
                message: Some(t.to_string()),
                platform: Platform::Native,
                kind: None,
            });
        }
    }
    None
}

/// The kind of kernel oops a headline announces, in the words syzbot uses
/// for its titles (without the function).
fn kernel_type(lines: &[&str], i: usize, t: &str) -> Option<String> {
    let t = t.strip_prefix("rcu: ").unwrap_or(t);
    let t = match t.strip_prefix("[ ").and_then(|r| r.strip_suffix(" ]")) {
        Some(inner) => inner,
        None => t,
    };
    for tool in ["KASAN: ", "KMSAN: ", "KFENCE: ", "KCSAN: "] {
        let rest = t.strip_prefix("BUG: ").unwrap_or(t).strip_prefix(tool);
        if let Some(rest) = rest {
            let kind = rest.split([' ', ':']).next().unwrap_or("");
            let mut ty = format!("{}{}", tool, kind);
            for l in lines.iter().skip(i + 1).take(4) {
                let l = l.trim();
                if l.starts_with("Read of size") || l.starts_with("Read at addr") {
                    ty.push_str(" Read");
                    break;
                }
                if l.starts_with("Write of size") || l.starts_with("Write at addr") {
                    ty.push_str(" Write");
                    break;
                }
            }
            return Some(ty);
        }
    }
    if t.starts_with("WARNING: CPU:") || t.starts_with("WARNING: at ") {
        return Some("WARNING".into());
    }
    if (t.starts_with("WARNING: ") || t.starts_with("INFO: ")) && t.contains("lock order detected")
    {
        return Some("possible deadlock".into());
    }
    if let Some(rest) = t
        .strip_prefix("WARNING: ")
        .filter(|r| r.starts_with(|c: char| c.is_ascii_lowercase()) || r.starts_with("ODEBUG"))
    {
        if rest.starts_with("possible circular locking")
            || rest.starts_with("possible recursive locking")
        {
            return Some("possible deadlock".into());
        }
        return Some(format!("WARNING: {}", kernel_words(rest)));
    }
    if let Some(rest) = t.strip_prefix("INFO: task ") {
        if rest.contains(" blocked ") {
            return Some("INFO: task hung".into());
        }
        if rest.contains(" can't die ") {
            return Some("INFO: task can't die".into());
        }
    }
    if t.starts_with("INFO: rcu") && t.contains("stall") {
        return Some("INFO: rcu detected stall".into());
    }
    if let Some(rest) = t.strip_prefix("INFO: ") {
        if rest.starts_with("trying to register non-static key")
            || rest.starts_with("possible")
            || rest.starts_with("inconsistent")
        {
            return Some(format!("INFO: {}", kernel_words(rest)));
        }
    }
    if let Some(rest) = t.strip_prefix("BUG: ") {
        if rest.starts_with("memory leak") {
            return Some("memory leak".into());
        }
        return Some(format!("BUG: {}", kernel_words(rest)));
    }
    if t.starts_with("unreferenced object 0x") {
        return Some("memory leak".into());
    }
    for (prefix, ty) in [
        ("general protection fault", "general protection fault"),
        ("kernel BUG at ", "kernel BUG"),
        ("divide error:", "divide error"),
        ("invalid opcode:", "invalid opcode"),
        ("Kernel panic - not syncing", "Kernel panic"),
        (
            "unregister_netdevice: waiting for",
            "unregister_netdevice: waiting",
        ),
        ("Unable to handle kernel ", "Unable to handle kernel"),
        ("Internal error: ", "Internal error"),
        ("kernel stack overflow", "kernel stack overflow"),
        ("stack segment: ", "stack segment"),
    ] {
        if let Some(rest) = t.strip_prefix(prefix) {
            if ty == "Unable to handle kernel" || ty == "Internal error" {
                return Some(format!("{ty} {}", kernel_words(rest)));
            }
            return Some(ty.into());
        }
    }
    if let Some(rest) = t.strip_prefix("UBSAN: ") {
        let kind = rest.split([' ', ':']).next().unwrap_or("");
        return Some(format!("UBSAN: {kind}"));
    }
    None
}

/// The words of a headline before its details (` at `, ` in `, `, `, ` - `,
/// `!`, addresses and numbers).
fn kernel_words(rest: &str) -> String {
    let mut cut = rest.len();
    for sep in [
        " at ",
        " in ",
        ", ",
        " - ",
        "!",
        ": ",
        " for address",
        " (",
        "\t",
    ] {
        if let Some(p) = rest.find(sep) {
            cut = cut.min(p);
        }
    }
    strip_numbers(&rest[..cut]).trim().to_string()
}

fn strip_numbers(s: &str) -> String {
    s.split_whitespace()
        .filter(|w| {
            let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
            !(w.is_empty()
                || w.bytes().all(|b| b.is_ascii_digit())
                || w.starts_with("0x")
                || w.len() >= 8 && w.bytes().all(|b| b.is_ascii_hexdigit()))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One kernel stack line: `func+0x1a/0x50 [module]`, `[<ffffffff8123>] ?
/// func+0x1a/0x50`, `func+0x1a/0x50 mm/slab.c:123`, `__dump_stack
/// lib/dump_stack.c:17 [inline]`, with `<IRQ>`-style markers stripped.
fn kernel_frame(line: &str) -> Option<Frame> {
    let mut t = line.trim();
    loop {
        let before = t;
        for marker in [
            "<IRQ>", "</IRQ>", "<EOI>", "<NMI>", "</NMI>", "<TASK>", "</TASK>",
        ] {
            t = t.strip_prefix(marker).unwrap_or(t).trim_start();
        }
        if let Some(rest) = t.strip_prefix("[<") {
            t = rest
                .split_once(">]")
                .map(|(_, r)| r.trim_start())
                .unwrap_or(rest);
        } else if let Some((hex, rest)) = t.strip_prefix('[').and_then(|r| r.split_once(']')) {
            if hex.len() >= 8 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                t = rest.trim_start();
            }
        }
        // ARM: `(show_stack+0x18/0x1c) from [<…>] (dump_stack+0x…)`.
        if let Some(rest) = t.strip_prefix('(') {
            if let Some((inner, _)) = rest.split_once(')') {
                t = inner;
            }
        }
        if t == before {
            break;
        }
    }
    let mut guessed = false;
    if let Some(rest) = t.strip_prefix("? ") {
        guessed = true;
        t = rest.trim_start();
    }
    let mut words = t.split_whitespace();
    let sym = words.next()?;
    let rest: Vec<&str> = words.collect();
    let (func, offset) = match sym.split_once("+0x") {
        Some((f, off)) => (f, Some(off)),
        None => (sym, None),
    };
    if func.is_empty()
        || !func
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'$')
    {
        return None;
    }
    let inline = rest.last() == Some(&"[inline]");
    match offset {
        Some(off) if off.contains("/0x") => {}
        _ if inline => {}
        _ => return None,
    }
    let mut frame = Frame {
        function: Some(func.to_string()),
        ..Frame::default()
    };
    if guessed {
        frame.guessed = Some(true);
    }
    for w in rest {
        if w == "[inline]" {
            continue;
        }
        if let Some(m) = w.strip_prefix('[').and_then(|m| m.strip_suffix(']')) {
            frame.module = Some(m.to_string());
        } else if w.contains(':') && frame.file.is_none() {
            set_location(&mut frame, w);
        }
    }
    if KERNEL_REPORT_PREFIXES.iter().any(|p| func.starts_with(p)) {
        frame.in_app = Some(false);
    }
    Some(frame)
}

/// Register dumps and the like interleaved with a kernel call trace.
fn kernel_filler(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() {
        return false;
    }
    let (head, _) = t.split_once(':').unwrap_or((t, ""));
    (head.len() <= 7
        && !head.is_empty()
        && head
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' '))
        // The register dump of an interrupted context: its call trace
        // goes on below it.
        || t.starts_with("Code: ")
        || t.starts_with("<IRQ>")
        || t.starts_with("</IRQ>")
        || t.starts_with("<EOI>")
        || t.starts_with("<TASK>")
        || t.starts_with("</TASK>")
        || t.starts_with("<NMI>")
        || t.starts_with("</NMI>")
}

fn kernel_block(lines: &[&str], start: usize) -> Vec<Frame> {
    let mut frames = Vec::new();
    for line in &lines[start..] {
        // `RIP: 0010:func+…` inside a trace is where an interrupt or an
        // exception stopped the code below it: a frame of its own.
        if let Some(frame) = kernel_frame(line).or_else(|| kernel_pc_frame(line.trim())) {
            if frames.len() < MAX_FRAMES {
                frames.push(frame);
            }
            continue;
        }
        if kernel_filler(line) {
            continue;
        }
        break;
    }
    frames
}

/// `RIP: 0010:func+0x1a/0x50 file:line`, `IP: [<…>] func+0x…`, `pc : func+0x…`.
fn kernel_pc_frame(t: &str) -> Option<Frame> {
    let rest = t
        .strip_prefix("RIP: ")
        .or_else(|| t.strip_prefix("EIP: "))
        .or_else(|| t.strip_prefix("IP: "))
        .or_else(|| t.strip_prefix("pc : "))
        .or_else(|| t.strip_prefix("PC is at "))?;
    let rest = rest.trim();
    // `0010:func+…` (segment) or `0010:[<…>]  [<…>] func+…`.
    let rest = match rest.split_once(':') {
        Some((seg, r)) if seg.len() == 4 && seg.bytes().all(|b| b.is_ascii_hexdigit()) => r,
        _ => rest,
    };
    let mut t = rest.trim_start();
    while let Some(r) = t.strip_prefix("[<") {
        t = r.split_once(">]").map(|(_, r)| r.trim_start()).unwrap_or(r);
    }
    let mut frame = kernel_frame(t)?;
    frame.guessed = None;
    Some(frame)
}

fn kernel_event(lines: &[&str], h: Headline) -> Event {
    let mut event = Event::new(Format::Backtrace, Platform::Native);
    event.lang = Some("linux-kernel".into());
    event.unhandled = Some(true);
    let head = lines[h.index].trim();
    let mut stack = Vec::new();
    // The function the headline names: `BUG: KASAN: … in func+0x…`,
    // `WARNING: CPU: 0 PID: 1 at file:line func+0x…`.
    if let Some((_, tail)) = head.split_once(" in ") {
        if let Some(f) = kernel_frame(tail) {
            stack.push(f);
        }
    }
    if head.starts_with("WARNING: CPU:") {
        if let Some((_, tail)) = head.split_once(" at ") {
            let mut words = tail.split_whitespace();
            let loc = words.next().unwrap_or("");
            let rest: Vec<&str> = words.collect();
            if let Some(mut f) = kernel_frame(&rest.join(" ")) {
                set_location(&mut f, loc);
                stack.push(f);
            }
        }
    }
    let end = (h.index + 400).min(lines.len());
    let mut pc: Option<Frame> = None;
    let mut trace = Vec::new();
    // An RCU stall prints the starved grace-period kthread's stack first:
    // context, not the stalled code.
    let mut context_stack_next = false;
    let mut i = h.index + 1;
    while i < end {
        let t = lines[i].trim();
        if pc.is_none() {
            if let Some(f) = kernel_pc_frame(t) {
                pc = Some(f);
            }
        }
        if t.contains("kthread stack dump:") {
            context_stack_next = true;
        }
        if t == "Call Trace:"
            || t == "Call trace:"
            || t == "backtrace:"
            || t.starts_with("backtrace (crc")
        {
            if std::mem::take(&mut context_stack_next) {
                i += 1;
                continue;
            }
            trace = kernel_block(lines, i + 1);
            if !trace.is_empty() {
                break;
            }
        }
        i += 1;
    }
    if trace.is_empty() {
        if let Some(first) = (h.index + 1..end).find(|&j| {
            kernel_frame(lines[j]).is_some_and(|f| f.guessed.is_none())
                && !lines[j].contains(", at: ")
        }) {
            trace = kernel_block(lines, first);
        }
    }
    if let Some(f) = pc {
        if stack.last().map(|s| &s.function) != Some(&f.function) {
            stack.push(f);
        }
    }
    stack.extend(trace);
    stack.truncate(MAX_FRAMES);
    let exceptions = vec![Exception {
        type_name: h.type_name,
        message: h.message,
        stack,
        thread: None,
    }];
    event.message = exceptions.first().and_then(|e| e.message.clone());
    event.exceptions = exceptions;
    event
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kasan_report() {
        let log =
            "[   12.345678] ==================================================================\n\
[   12.345679] BUG: KASAN: use-after-free in tcp_close+0x1a/0x50 net/ipv4/tcp.c:2300\n\
[   12.345680] Read of size 8 at addr ffff88003a7f8000 by task syz-executor/1234\n\
[   12.345681] Call Trace:\n\
[   12.345682]  __dump_stack lib/dump_stack.c:17 [inline]\n\
[   12.345683]  dump_stack+0x194/0x257 lib/dump_stack.c:53\n\
[   12.345684]  ? kfree+0x10/0x20\n\
[   12.345685]  tcp_close+0x1a/0x50 net/ipv4/tcp.c:2300\n\
[   12.345686]  inet_release+0xed/0x1c0 [ipv4]\n";
        let event = parse_crash_log(log).expect("a report");
        let e = &event.exceptions[0];
        assert_eq!(e.type_name, "KASAN: use-after-free Read");
        assert_eq!(e.stack[0].function.as_deref(), Some("tcp_close"));
        assert_eq!(e.stack[1].in_app, Some(false));
        assert_eq!(e.stack[3].guessed, Some(true));
        assert_eq!(e.stack[5].module.as_deref(), Some("ipv4"));
        assert_eq!(e.stack[4].file.as_deref(), Some("net/ipv4/tcp.c"));
    }

    #[test]
    fn warning_with_rip() {
        let log = "WARNING: CPU: 1 PID: 42 at net/core/dev.c:123 dev_close+0x10/0x20\n\
Modules linked in:\n\
RIP: 0010:dev_close+0x10/0x20 net/core/dev.c:123\n\
Call Trace:\n\
 <TASK>\n\
 unregister+0x1/0x2\n\
 </TASK>\n";
        let e = &parse_crash_log(log).expect("a report").exceptions[0];
        assert_eq!(e.type_name, "WARNING");
        let names: Vec<_> = e
            .stack
            .iter()
            .filter_map(|f| f.function.as_deref())
            .collect();
        assert_eq!(names, ["dev_close", "unregister"]);
    }

    /// Shaped like syzkaller's corpus report 268: the starved RCU kthread's
    /// stack first, then the stalled CPU's NMI backtrace whose trace goes on
    /// below the interrupted context's register dump.
    #[test]
    fn rcu_stall_skips_the_kthread_and_reads_past_registers() {
        let log = "rcu: INFO: rcu_preempt self-detected stall on CPU\n\
rcu: RCU grace-period kthread stack dump:\n\
Call Trace:\n\
 __schedule+0x86c/0x1ed0\n\
 rcu_gp_kthread+0x9d9/0x2310\n\
NMI backtrace for cpu 1\n\
Call Trace:\n\
 <IRQ>\n\
 dump_stack+0x1c4/0x2b4\n\
 apic_timer_interrupt+0xf/0x20\n\
 </IRQ>\n\
RIP: 0010:kvm_mmu_page_fault+0x2a3/0x1ad0\n\
Code: ea fd 48 8b 04 24 48 8d b8\n\
RSP: 0018:ffff880191beeed0 EFLAGS: 00000246\n\
 handle_ept_violation+0x29e/0x6a0\n";
        let e = &parse_crash_log(log).expect("a report").exceptions[0];
        let names: Vec<_> = e
            .stack
            .iter()
            .filter_map(|f| f.function.as_deref())
            .collect();
        assert_eq!(
            names,
            [
                "dump_stack",
                "apic_timer_interrupt",
                "kvm_mmu_page_fault",
                "handle_ept_violation"
            ]
        );
        let unknown = "==1==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000000\n\
    #0 0x5a882c10d286 <unknown>\n\
    #1 0x5a882c10d287 in main /src/a.c:3:5\n";
        let e = &parse_crash_log(unknown).expect("asan").exceptions[0];
        assert_eq!(e.stack[0].function, None);
        assert_eq!(e.stack[1].function.as_deref(), Some("main"));
    }

    #[test]
    fn ubsan_go_java_python() {
        let ubsan = "src/a.cc:3:5: runtime error: signed integer overflow: 1 + 2147483647\n    #0 0x1 in add(int, int) src/a.cc:3:5\n";
        let e = &parse_crash_log(ubsan).expect("ubsan").exceptions[0];
        assert_eq!(e.type_name, "Integer-overflow");
        assert_eq!(e.stack[0].function.as_deref(), Some("add(int, int)"));

        let go = "panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:\nmain.f(0x1)\n\t/src/m.go:12 +0x1d\n";
        let e = &parse_crash_log(go).expect("go").exceptions[0];
        assert_eq!(e.type_name, "Index out of range");
        assert_eq!(e.stack[0].function.as_deref(), Some("main.f"));
        assert_eq!(e.stack[0].line, Some(12));

        let java = "Exception in thread \"main\" java.lang.IllegalStateException: bad\n\tat a.b.C.m(C.java:12)\nCaused by: java.io.IOException: io\n\tat a.b.D.n(D.java:3)\n";
        let ev = parse_crash_log(java).expect("java");
        assert_eq!(ev.platform, Platform::Java);
        assert_eq!(
            ev.exceptions[0].type_name,
            "java.lang.IllegalStateException"
        );
        assert_eq!(
            ev.exceptions[1].stack[0].function.as_deref(),
            Some("a.b.D.n")
        );

        let py = "Traceback (most recent call last):\n  File \"/a.py\", line 3, in main\n    f()\n  File \"/b.py\", line 9, in f\n    raise ValueError('x')\nValueError: x\n";
        let e = &parse_crash_log(py).expect("python").exceptions[0];
        assert_eq!(e.type_name, "ValueError");
        assert_eq!(e.stack[0].function.as_deref(), Some("f"));
    }

    #[test]
    fn nothing_to_find() {
        assert!(parse_crash_log("all good\nnothing here\n").is_none());
    }
}
