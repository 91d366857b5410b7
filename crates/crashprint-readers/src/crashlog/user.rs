//! User-space crash reports: sanitizers (ASan, MSan, TSan, LSan, HWASan,
//! UBSan), libFuzzer, Chrome/V8 `CHECK`s and asserts, Go and Rust panics,
//! Java exceptions, Python tracebacks, JavaScript errors, Windows `cdb`
//! output and plain signals.

use super::kernel::kernel_block;
use super::text::*;
use super::MAX_FRAMES;
use crate::stacktext;
use crashprint_model::{Event, Exception, Format, Frame, LogKind, Platform};

/// Every fixed string one of the headline checks below looks for: a line
/// holding none of them cannot be a headline, and one automaton pass over
/// it is cheaper than the two dozen substring searches (a 2 KB gdb log took
/// 53 µs without it).
const HEADLINE_NEEDLES: &[&str] = &[
    "ERROR: ",
    "WARNING: ",
    ": runtime error: ",
    "DCHECK failed:",
    "Check failed:",
    "CHECK failed:",
    "Debug check failed:",
    "# Fatal error in ",
    "Assertion",
    "ASSERTION FAILED",
    "panic: ",
    "fatal error: ",
    "' panicked at",
    // Java and JavaScript class names, `Exception in thread`, `Uncaught …`.
    "Exception",
    "Error",
    "Issue",
    "FATAL EXCEPTION",
    "Traceback (most recent call last):",
    "Uncaught",
    "Access violation - code c0000005",
    "Received signal",
    "Program received signal",
];

fn may_be_headline(line: &str) -> bool {
    static NEEDLES: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::LazyLock::new(|| aho_corasick::AhoCorasick::new(HEADLINE_NEEDLES).ok());
    NEEDLES.as_ref().is_none_or(|ac| ac.is_match(line))
}

pub(super) fn find_user_headline(lines: &[&str]) -> Option<Headline> {
    for (i, raw) in lines.iter().enumerate() {
        if !may_be_headline(raw) {
            continue;
        }
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
                LogKind::Ubsan,
            ));
        }
        if let Some(pos) = line.find("Security DCHECK failed:") {
            let msg = &line[pos + "Security DCHECK failed:".len()..];
            return Some(headline(
                i,
                "Security DCHECK failure",
                Some(msg),
                Platform::Native,
                LogKind::Check,
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
                return Some(headline(i, ty, Some(msg), Platform::Native, LogKind::Check));
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
            return Some(headline(i, ty, Some(msg), Platform::Native, LogKind::Check));
        }
        if line.contains("Assertion") && line.contains("failed")
            || line.contains("ASSERTION FAILED")
        {
            return Some(headline(
                i,
                "ASSERT",
                Some(line),
                Platform::Native,
                LogKind::Assert,
            ));
        }
        if let Some(rest) = line.strip_prefix("panic: ") {
            return Some(headline(
                i,
                go_panic_type(rest),
                Some(rest),
                Platform::Native,
                LogKind::GoPanic,
            ));
        }
        if let Some(rest) = line.strip_prefix("fatal error: ") {
            return Some(headline(
                i,
                format!("Fatal error: {}", strip_numbers(rest)),
                Some(rest),
                Platform::Native,
                LogKind::GoPanic,
            ));
        }
        if line.starts_with("thread '") && line.contains("' panicked at") {
            let msg = line.split_once("panicked at").map(|(_, m)| m);
            return Some(headline(
                i,
                "Rust panic",
                msg,
                Platform::Native,
                LogKind::RustPanic,
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
                LogKind::Python,
            ));
        }
        if line.contains("Uncaught Exception") || line.contains("Uncaught exception:") {
            return Some(headline(
                i,
                "Uncaught exception",
                None,
                Platform::JavaScript,
                LogKind::JavaScript,
            ));
        }
        if line.contains("Access violation - code c0000005") {
            return Some(headline(
                i,
                "Access violation",
                Some(line),
                Platform::Native,
                LogKind::Windows,
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
                LogKind::Signal,
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
            LogKind::LibFuzzer,
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
        (what, LogKind::Sanitizer)
    };
    let mut words = after.split_whitespace();
    let first = words.next()?.trim_end_matches([':', ',']);
    let mut ty = match kind {
        LogKind::LibFuzzer => match first {
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
    if kind == LogKind::Sanitizer {
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
            LogKind::Java,
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
    looks_java.then(|| headline(i, class, message, Platform::Java, LogKind::Java))
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

pub(super) fn user_event(lines: &[&str], h: Headline) -> Event {
    let mut event = Event::new(Format::Text, h.platform);
    event.log_kind = Some(h.kind);
    event.unhandled = Some(true);
    let mut exceptions = Vec::new();
    let mut type_name = h.type_name.clone();
    let stack;
    match h.kind {
        LogKind::Java => {
            let (frames, causes) = java_stacks(lines, h.index + 1);
            stack = frames;
            exceptions.extend(causes);
        }
        LogKind::Python => {
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
        LogKind::JavaScript => {
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

fn finish(mut event: Event, exceptions: Vec<Exception>) -> Event {
    event.message = exceptions.first().and_then(|e| e.message.clone());
    event.exceptions = exceptions;
    event
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
