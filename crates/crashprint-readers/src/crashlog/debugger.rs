//! Debugger backtraces: gdb's `bt`, `bt full` and `thread apply all bt`
//! (also as Apport writes them into a crash report's `Stacktrace` and
//! `ThreadStacktrace` fields), and lldb's `bt` / `thread backtrace all`.
//!
//! The crashing thread's frames become the exception's stack; with several
//! threads every thread is kept in [`Event::threads`], the crashing one
//! marked. The exception type is the signal or stop reason the debugger
//! printed (`SIGSEGV`, `EXC_BAD_ACCESS`), else Apport's `Signal:` field,
//! else `Crash`. Argument values (`(this=0x5555…, n=3)`) are dropped from
//! function names: they differ on every run. A frame without a symbol
//! (`?? ()`) keeps its address and module (`from /lib/…/libfoo.so`).
//!
//! Frames above gdb's `<signal handler called>` belong to the program's own
//! signal handler, not to the crash: the stack starts below that marker.

use super::text::{set_location, strip_numbers};
use super::MAX_FRAMES;
use crashprint_model::{Event, Exception, Format, Frame, LogKind, Platform, Thread};

/// The most threads kept from one log.
const MAX_THREADS: usize = 256;

/// Lines only gdb prints, besides its frames.
const GDB_MARKERS: &[&str] = &[
    "No symbol table info available.",
    "No locals.",
    "<signal handler called>",
    "Program received signal ",
    "Program terminated with signal ",
    "[Current thread is ",
    "Backtrace stopped: ",
    "(More stack frames follow...)",
    "(gdb) ",
];

/// Which debugger printed the log, if one did. Only lines that no
/// sanitizer or runtime prints count: an lldb `frame #N:`; for gdb, a frame
/// with its argument list followed by ` at ` or ` from ` (or `?? ()`), with
/// gdb's padded frame number (`#0  0x…`) or beside a line only gdb prints
/// (`No locals.`, `Program received signal …`): pasted logs lose padding.
pub(super) fn debugger_kind(lines: &[&str]) -> Option<LogKind> {
    let mut gdb = 0usize;
    let mut padded = false;
    let mut lldb = 0usize;
    for line in lines {
        if lldb_frame(line).is_some() {
            lldb += 1;
        } else if let Some((_, _, shape)) = gdb_frame(line) {
            gdb += usize::from(shape.gdb_only);
            padded |= shape.gdb_only && shape.padded;
        }
        if lldb >= 2 || gdb >= 2 && padded {
            break;
        }
    }
    if lldb > 0 && lldb >= gdb {
        return Some(LogKind::Lldb);
    }
    if gdb == 0 {
        return None;
    }
    let marked = padded
        || lines.iter().any(|l| {
            let t = l.trim();
            GDB_MARKERS.iter().any(|m| t.starts_with(m.trim_end()))
                || t.contains(" received signal SIG")
                || gdb_thread_header(t).is_some()
        });
    marked.then_some(LogKind::Gdb)
}

/// What a gdb frame line shows of its printer.
#[derive(Debug, Clone, Copy)]
struct Shape {
    /// An argument list followed by a location or a module, or `?? ()`.
    gdb_only: bool,
    /// A one-digit number padded to two columns, as gdb prints it.
    padded: bool,
}

/// An Apport crash report (`ProblemType: Crash` and `Key: value` fields
/// whose continuation lines start with one space), read through its
/// `Stacktrace`/`ThreadStacktrace` fields.
pub(super) fn is_apport(lines: &[&str]) -> bool {
    lines
        .iter()
        .take(64)
        .any(|l| l.starts_with("ProblemType: "))
        && lines
            .iter()
            .any(|l| *l == "Stacktrace:" || *l == "ThreadStacktrace:")
}

/// Reads an Apport report: the gdb output in its fields, its `Signal`,
/// `Title` and `ExecutablePath`.
pub(super) fn apport_event(lines: &[&str]) -> Event {
    let mut fields: Vec<(&str, Vec<&str>)> = Vec::new();
    for line in lines {
        if let Some(cont) = line.strip_prefix(' ') {
            if let Some((_, value)) = fields.last_mut() {
                value.push(cont);
            }
        } else if let Some((key, value)) = line.split_once(':') {
            if !key.is_empty() && !key.contains(' ') {
                let value = value.trim();
                fields.push((
                    key,
                    if value.is_empty() {
                        vec![]
                    } else {
                        vec![value]
                    },
                ));
            }
        }
    }
    let field = |name: &str| fields.iter().find(|(k, _)| *k == name).map(|(_, v)| v);
    let single = |name: &str| field(name).and_then(|v| v.first().copied());
    // `Stacktrace` is the crashing thread (`bt full`); `ThreadStacktrace`
    // all threads. Read them as one gdb session, crashing thread first.
    let mut gdb_lines: Vec<&str> = Vec::new();
    if let Some(v) = field("Stacktrace") {
        gdb_lines.extend(v.iter().copied());
    }
    if let Some(v) = field("ThreadStacktrace") {
        gdb_lines.push("");
        gdb_lines.extend(v.iter().copied());
    }
    let mut event = gdb_event(&gdb_lines);
    let signal = single("Signal").and_then(|s| s.trim().parse::<u32>().ok());
    if let Some(name) = signal.and_then(signal_name) {
        if let Some(e) = event.exceptions.first_mut() {
            if e.type_name == "Crash" {
                e.type_name = name.to_string();
            }
        }
    }
    if let Some(title) = single("Title") {
        if let Some(e) = event.exceptions.first_mut() {
            e.message = Some(title.to_string());
        }
        event.message = Some(title.to_string());
    }
    if let Some(exe) = single("ExecutablePath") {
        event.context = Some(exe.to_string());
    }
    if let Some(v) = single("Package") {
        event.release = Some(v.to_string());
    }
    event
}

/// A gdb session's output as one event.
pub(super) fn gdb_event(lines: &[&str]) -> Event {
    let mut blocks: Vec<Block> = Vec::new();
    let mut header: Option<ThreadHeader> = None;
    let mut crashed_thread: Option<String> = None;
    let mut signal: Option<(String, Option<String>)> = None;
    let mut last_number: Option<u32> = None;
    for line in lines {
        let t = line.trim();
        if let Some(h) = gdb_thread_header(t) {
            header = Some(h);
            last_number = None;
            continue;
        }
        if let Some((number, frame, _)) = gdb_frame(t) {
            let continues = last_number.is_some_and(|n| number == n + 1);
            if !continues || blocks.is_empty() {
                if blocks.len() >= MAX_THREADS {
                    break;
                }
                blocks.push(Block {
                    thread: header.take(),
                    frames: Vec::new(),
                    signal_handler_at: None,
                });
            }
            last_number = Some(number);
            let block = blocks.last_mut().expect("pushed above");
            match frame {
                GdbFrame::SignalHandler => block.signal_handler_at = Some(block.frames.len()),
                GdbFrame::Frame(f) if block.frames.len() < MAX_FRAMES => block.frames.push(*f),
                GdbFrame::Frame(_) => {}
            }
            continue;
        }
        if signal.is_none() && last_number.is_none() {
            if let Some((sig, desc, thread)) = gdb_signal_line(t) {
                signal = Some((sig, desc));
                crashed_thread = thread;
            }
        }
        if let Some(rest) = t.strip_prefix("[Current thread is ") {
            crashed_thread = rest.split_whitespace().next().map(str::to_string);
        }
    }
    let crashed = crashed_block(&blocks, crashed_thread.as_deref());
    let (type_name, message) = match signal {
        Some((sig, desc)) => (sig, desc),
        None => ("Crash".to_string(), None),
    };
    build_event(
        LogKind::Gdb,
        type_name,
        message,
        blocks,
        crashed,
        crashed_thread,
    )
}

/// An lldb session's output as one event.
pub(super) fn lldb_event(lines: &[&str]) -> Event {
    let mut blocks: Vec<Block> = Vec::new();
    let mut crashed: Option<usize> = None;
    let mut stop: Option<String> = None;
    let mut in_block = false;
    for line in lines {
        let t = line.trim();
        if let Some(h) = lldb_thread_header(t) {
            if blocks.len() >= MAX_THREADS {
                break;
            }
            if h.current && stop.is_none() {
                stop = h.stop_reason.clone();
            }
            let current = h.current;
            blocks.push(Block {
                thread: Some(h.header),
                frames: Vec::new(),
                signal_handler_at: None,
            });
            if current {
                // The last listing of the selected thread is the `bt` the
                // user asked for; the stop notice before it shows one frame.
                crashed = Some(blocks.len() - 1);
            }
            in_block = true;
            continue;
        }
        if let Some(frame) = lldb_frame(t) {
            if !in_block {
                blocks.push(Block {
                    thread: None,
                    frames: Vec::new(),
                    signal_handler_at: None,
                });
                in_block = true;
            }
            let block = blocks.last_mut().expect("pushed above");
            if block.frames.len() < MAX_FRAMES {
                block.frames.push(frame);
            }
            continue;
        }
        // Source listings and prompts end nothing: lldb prints the source
        // around frame #0 after the stop notice, before `bt`.
        if t.starts_with("(lldb)") || t.starts_with("Process ") {
            in_block = false;
        }
    }
    // Among the listings of the selected thread, the longest.
    let crashed = crashed.map(|last| {
        let id = blocks[last].thread.as_ref().map(|h| h.id.clone());
        (0..blocks.len())
            .filter(|&i| blocks[i].thread.as_ref().map(|h| h.id.clone()) == id)
            .max_by_key(|&i| (blocks[i].frames.len(), i))
            .unwrap_or(last)
    });
    // One entry per thread: the longest listing of each.
    let mut kept: Vec<Block> = Vec::new();
    let mut crashed_kept = None;
    for (i, block) in blocks.into_iter().enumerate() {
        let id = block.thread.as_ref().map(|h| h.id.clone());
        let existing = kept
            .iter()
            .position(|b| id.is_some() && b.thread.as_ref().map(|h| h.id.clone()) == id);
        let slot = match existing {
            Some(p) if kept[p].frames.len() >= block.frames.len() && Some(i) != crashed => p,
            Some(p) => {
                kept[p] = block;
                p
            }
            None => {
                kept.push(block);
                kept.len() - 1
            }
        };
        if Some(i) == crashed {
            crashed_kept = Some(slot);
        }
    }
    let crashed = crashed_kept.or_else(|| (!kept.is_empty()).then_some(0));
    let (type_name, message) = match stop.as_deref() {
        Some(reason) => stop_reason_type(reason),
        None => ("Crash".to_string(), None),
    };
    build_event(LogKind::Lldb, type_name, message, kept, crashed, None)
}

struct ThreadHeader {
    id: String,
    name: Option<String>,
}

struct Block {
    thread: Option<ThreadHeader>,
    frames: Vec<Frame>,
    /// Frames before this index ran in the program's signal handler.
    signal_handler_at: Option<usize>,
}

fn build_event(
    kind: LogKind,
    type_name: String,
    message: Option<String>,
    blocks: Vec<Block>,
    crashed: Option<usize>,
    crashed_id: Option<String>,
) -> Event {
    let mut event = Event::new(Format::Text, Platform::Native);
    event.log_kind = Some(kind);
    event.unhandled = Some(true);
    event.message = message.clone();
    // A thread-less listing (a bare `bt`) repeats one of the threads that
    // `thread apply all bt` lists: only listed threads go in `threads`.
    let listed = blocks.iter().filter(|b| b.thread.is_some()).count();
    let crashed_id = crashed_id.or_else(|| {
        crashed
            .and_then(|i| blocks[i].thread.as_ref())
            .map(|h| h.id.clone())
    });
    let mut stack = Vec::new();
    for (i, block) in blocks.into_iter().enumerate() {
        let frames = match block.signal_handler_at {
            Some(at) => block.frames[at..].to_vec(),
            None => block.frames,
        };
        let Some(header) = block.thread else {
            if Some(i) == crashed {
                stack = frames;
            }
            continue;
        };
        let is_crashed = Some(&header.id) == crashed_id.as_ref();
        if Some(i) == crashed {
            stack = frames.clone();
        }
        if listed > 1 {
            event.threads.push(Thread {
                id: header.id,
                name: header.name,
                crashed: is_crashed,
                stack: frames,
            });
        }
    }
    event.exceptions.push(Exception {
        type_name,
        message,
        // The stack is the crashing thread's own listing: `thread` stays
        // empty (it would say the stack is in `threads`).
        stack,
        thread: None,
    });
    event
}

/// The listing of the crashing thread: of a bare `bt` and the thread gdb
/// named (`[Current thread is N …]`, `Thread N received signal`), the
/// longer; without either, the thread with a signal handler on it, else
/// the first listing.
fn crashed_block(blocks: &[Block], thread: Option<&str>) -> Option<usize> {
    let kept = |b: &Block| b.frames.len() - b.signal_handler_at.unwrap_or(0);
    let bare = (0..blocks.len())
        .filter(|&i| blocks[i].thread.is_none())
        .max_by_key(|&i| (kept(&blocks[i]), std::cmp::Reverse(i)));
    let named = thread.and_then(|id| {
        blocks
            .iter()
            .position(|b| b.thread.as_ref().is_some_and(|h| h.id == id))
    });
    match (bare, named) {
        (Some(b), Some(n)) => Some(if kept(&blocks[n]) > kept(&blocks[b]) {
            n
        } else {
            b
        }),
        (Some(b), None) => Some(b),
        (None, Some(n)) => Some(n),
        (None, None) if blocks.is_empty() => None,
        (None, None) => blocks
            .iter()
            .position(|b| b.signal_handler_at.is_some())
            .or(Some(0)),
    }
}

enum GdbFrame {
    Frame(Box<Frame>),
    SignalHandler,
}

/// `#3  0x00007f… in func (a=1, b=…) at file.c:12`, `#3  func (…) at f.c:12`
/// (an inlined frame or frame 0 at a line start), `#3  0x… in ?? () from
/// /lib/libc.so.6`, `#3  <signal handler called>`. The flag says whether
/// the line has a shape only gdb prints: the padded number, and an
/// argument list followed by a location or module, or `?? ()`.
fn gdb_frame(line: &str) -> Option<(u32, GdbFrame, Shape)> {
    let t = line.trim_start();
    let rest = t.strip_prefix('#')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 6 {
        return None;
    }
    let number: u32 = rest[..digits].parse().ok()?;
    let rest = &rest[digits..];
    if !rest.starts_with(' ') {
        return None;
    }
    // gdb pads the number to two columns (`#0  0x…`, `#12 0x…`); sanitizers
    // do not (`#0 0x…`), and their frames may hold ` (` and ` in ` too.
    // Only a one-digit number shows the padding, so only those frames count
    // as evidence.
    let padded = digits == 1 && rest.starts_with("  ");
    let rest = rest.trim_start();
    if rest.starts_with("<signal handler called>") {
        let shape = Shape {
            gdb_only: true,
            padded,
        };
        return Some((number, GdbFrame::SignalHandler, shape));
    }
    let mut frame = Frame::default();
    let mut rest = rest;
    if let Some(hex) = rest.strip_prefix("0x") {
        let end = hex
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(hex.len());
        frame.address = u64::from_str_radix(&hex[..end], 16).ok();
        rest = hex[end..].trim_start();
        // `in` (or its translation) between the address and the function.
        match rest.split_once(' ') {
            Some((word, after)) if word.len() <= 4 && word.chars().all(|c| c.is_alphabetic()) => {
                rest = after.trim_start();
            }
            _ => {}
        }
    }
    let rest = rest.trim_end();
    // The tail: ` at FILE:LINE` or ` from MODULE` (or their translations:
    // one word, then a path).
    let (head, tail) = match rest.rfind(") ") {
        Some(p) => (&rest[..=p], rest[p + 2..].trim()),
        None => (rest, ""),
    };
    let mut strict = false;
    if !tail.is_empty() {
        let (_, target) = tail.split_once(' ')?;
        let target = target.trim();
        if target.is_empty() || target.contains(' ') && !target.contains('/') {
            return None;
        }
        if has_line_number(target) {
            set_location(&mut frame, target);
        } else {
            frame.module = Some(target.to_string());
        }
        strict = true;
    }
    let (name, args) = split_args(head)?;
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    if name != "??" {
        frame.function = Some(name.to_string());
    }
    strict |= name == "??" || args.contains('=');
    let shape = Shape {
        gdb_only: strict,
        padded,
    };
    Some((number, GdbFrame::Frame(Box::new(frame)), shape))
}

fn has_line_number(loc: &str) -> bool {
    loc.rsplit_once(':')
        .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Splits `name (args)` at the space before the argument list that closes
/// at the end (C++ names hold parentheses of their own: `std::function<void
/// (int)>::operator() (this=0x1)`). Quotes in argument values are skipped.
fn split_args(head: &str) -> Option<(&str, &str)> {
    if !head.ends_with(')') {
        return None;
    }
    let mut from = 0;
    while let Some(p) = head[from..].find(" (") {
        let open = from + p + 1;
        if closes_at_end(&head[open..]) {
            return Some((&head[..open - 1], &head[open..]));
        }
        from = open;
    }
    None
}

/// Whether the parenthesis at the start of `s` closes at its last byte.
fn closes_at_end(s: &str) -> bool {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut escaped = false;
    for (i, b) in s.bytes().enumerate() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == q {
                quote = None;
            }
            continue;
        }
        match b {
            b'"' | b'\'' if depth > 0 => quote = Some(b),
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i == s.len() - 1;
                }
            }
            _ => {}
        }
    }
    false
}

/// `Thread 2 (Thread 0x7ffff7d8a740 (LWP 1234) "worker"):`, `Thread 1 (LWP 77):`.
fn gdb_thread_header(t: &str) -> Option<ThreadHeader> {
    let rest = t.strip_prefix("Thread ")?;
    let (id, rest) = rest.split_once(' ')?;
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) || !rest.starts_with('(') {
        return None;
    }
    if !t.ends_with("):") {
        return None;
    }
    let name = rest
        .rsplit_once(") \"")
        .and_then(|(_, n)| n.strip_suffix("\"):"))
        .map(str::to_string);
    Some(ThreadHeader {
        id: id.to_string(),
        name,
    })
}

/// `Program received signal SIGSEGV, Segmentation fault.`, `Thread 1
/// "app" received signal SIGABRT, Aborted.`, `Program terminated with
/// signal SIGSEGV, Segmentation fault.` (a core file), and gdb's
/// translations: a `SIG…` word in a line that is not a frame. Returns the
/// signal, its description and the thread gdb named.
fn gdb_signal_line(t: &str) -> Option<(String, Option<String>, Option<String>)> {
    let words: Vec<&str> = t.split_whitespace().collect();
    let at = words.iter().position(|w| {
        let w = w.trim_end_matches([',', '.']);
        w.len() > 4 && w.starts_with("SIG") && w[3..].bytes().all(|b| b.is_ascii_uppercase())
    })?;
    // Not a function name such as `SIGSEGV_handler`, and only in a line
    // that speaks of a signal.
    if !t.to_ascii_lowercase().contains("signal") {
        return None;
    }
    let sig = words[at].trim_end_matches([',', '.']).to_string();
    let desc = t
        .split_once(&format!("{sig}, "))
        .map(|(_, d)| d.trim().trim_end_matches('.').to_string())
        .filter(|d| !d.is_empty());
    let thread = (words.first() == Some(&"Thread"))
        .then(|| words.get(1).map(|s| s.to_string()))
        .flatten();
    Some((sig, desc, thread))
}

/// lldb: `* thread #1, name = 'app', stop reason = signal SIGSEGV: …` or
/// `  thread #2, name = 'worker'`.
struct LldbThreadHeader {
    header: ThreadHeader,
    current: bool,
    stop_reason: Option<String>,
}

fn lldb_thread_header(t: &str) -> Option<LldbThreadHeader> {
    let (current, rest) = match t.strip_prefix("* ") {
        Some(r) => (true, r.trim_start()),
        None => (false, t),
    };
    let rest = rest.strip_prefix("thread #")?;
    let end = rest.bytes().take_while(u8::is_ascii_digit).count();
    if end == 0 {
        return None;
    }
    let id = rest[..end].to_string();
    let mut name = None;
    let mut stop_reason = None;
    for part in rest[end..].split(", ") {
        let part = part.trim().trim_start_matches(',').trim();
        if let Some(n) = part.strip_prefix("name = ") {
            name = Some(n.trim_matches('\'').to_string());
        } else if let Some(r) = part.strip_prefix("stop reason = ") {
            stop_reason = Some(r.to_string());
        } else if stop_reason.is_some() {
            // The stop reason's own text may hold `, `.
            if let Some(r) = stop_reason.as_mut() {
                r.push_str(", ");
                r.push_str(part);
            }
        }
    }
    Some(LldbThreadHeader {
        header: ThreadHeader { id, name },
        current,
        stop_reason,
    })
}

/// `signal SIGSEGV: invalid address (fault address: 0x0)` → `SIGSEGV`;
/// `EXC_BAD_ACCESS (code=1, address=0x0)` → `EXC_BAD_ACCESS`.
fn stop_reason_type(reason: &str) -> (String, Option<String>) {
    let reason = reason.trim();
    let rest = reason.strip_prefix("signal ").unwrap_or(reason);
    let end = rest.find([':', ' ', '(']).unwrap_or(rest.len());
    let ty = &rest[..end];
    let ty = if ty.is_empty() {
        strip_numbers(reason)
    } else {
        ty.to_string()
    };
    (ty, Some(reason.to_string()))
}

/// `frame #0: 0x0000555555555131 app`ledger_post(acct=0x0) at ledger.c:5:13`,
/// `frame #4: 0x… libc.so.6`__libc_start_main + 128`, `frame #1: 0x… a.out`main
/// [inlined] foo at x.c:3:5 [opt]`, `frame #7: 0x00007ffff7e2a6b0`.
fn lldb_frame(line: &str) -> Option<Frame> {
    let t = line.trim_start();
    let t = t.strip_prefix("* ").map(str::trim_start).unwrap_or(t);
    let rest = t.strip_prefix("frame #")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = rest[digits..].strip_prefix(": ")?.trim_start();
    let hex = rest.strip_prefix("0x")?;
    let end = hex
        .find(|c: char| !c.is_ascii_hexdigit())
        .unwrap_or(hex.len());
    let mut frame = Frame {
        address: u64::from_str_radix(&hex[..end], 16).ok(),
        ..Frame::default()
    };
    let rest = hex[end..].trim();
    if rest.is_empty() {
        return Some(frame);
    }
    let (module, symbol) = match rest.split_once('`') {
        Some((m, s)) => (m.trim(), s.trim()),
        None => (rest, ""),
    };
    if !module.is_empty() {
        frame.module = Some(module.to_string());
    }
    let mut symbol = symbol;
    for flag in [" [artificial]", " [opt]"] {
        symbol = symbol.strip_suffix(flag).unwrap_or(symbol).trim_end();
    }
    // ` at file.c:12:5`: the last ` at ` whose target is a location.
    if let Some(p) = symbol.rfind(" at ") {
        let loc = symbol[p + 4..].trim();
        if has_line_number(loc) && !loc.contains(' ') {
            set_location(&mut frame, loc);
            symbol = symbol[..p].trim_end();
        }
    }
    let symbol = match symbol.rfind(" [inlined] ") {
        Some(p) => &symbol[p + " [inlined] ".len()..],
        None => symbol,
    };
    // ` + 128`: the offset into the symbol.
    let symbol = match symbol.rsplit_once(" + ") {
        Some((s, off)) if off.bytes().all(|b| b.is_ascii_digit()) => s,
        _ => symbol,
    };
    let symbol = drop_argument_values(symbol.trim());
    // lldb's name for a stripped function (`___lldb_unnamed_symbol8`, with
    // `$$module` on some versions): no name, as gdb's `??`.
    if !symbol.is_empty() && !symbol.starts_with("___lldb_unnamed_symbol") {
        frame.function = Some(symbol.to_string());
    }
    Some(frame)
}

/// `ledger_post(acct=0x0, n=3)` → `ledger_post`; a signature without
/// values (`f(char const*)`) stays.
fn drop_argument_values(symbol: &str) -> &str {
    if !symbol.ends_with(')') {
        return symbol;
    }
    let mut from = 0;
    while let Some(p) = symbol[from..].find('(') {
        let open = from + p;
        if closes_at_end(&symbol[open..]) {
            let args = &symbol[open..];
            return if args.contains('=') || args == "()" && open > 0 {
                symbol[..open].trim_end()
            } else {
                symbol
            };
        }
        from = open + 1;
    }
    symbol
}

/// Linux signal numbers as Apport records them.
fn signal_name(n: u32) -> Option<&'static str> {
    Some(match n {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        5 => "SIGTRAP",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        10 => "SIGUSR1",
        11 => "SIGSEGV",
        12 => "SIGUSR2",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        24 => "SIGXCPU",
        25 => "SIGXFSZ",
        31 => "SIGSYS",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    #[test]
    fn gdb_frames_of_every_shape() {
        let (n, f, shape) = gdb_frame(
            "#2  0x000055555555518d in post_sale (ledger=0x5555555592a0, id=7) at app.c:41",
        )
        .expect("parses");
        let GdbFrame::Frame(f) = f else { panic!() };
        assert_eq!((n, shape.gdb_only, shape.padded), (2, true, true));
        assert_eq!(f.function.as_deref(), Some("post_sale"));
        assert_eq!((f.file.as_deref(), f.line), (Some("app.c"), Some(41)));
        assert_eq!(f.address, Some(0x55555555518d));

        let (_, f, shape) =
            gdb_frame("#5  0x00007ffff7e2a6b0 in ?? () from /lib/x86_64-linux-gnu/libc.so.6")
                .expect("parses");
        let GdbFrame::Frame(f) = f else { panic!() };
        assert!(shape.gdb_only);
        assert_eq!(f.function, None);
        assert_eq!(f.module.as_deref(), Some("/lib/x86_64-linux-gnu/libc.so.6"));

        let (_, f, _) =
            gdb_frame("#0  ledger_post (a=0x0, text=0x4006 \"x) at y.c:1\") at ledger.c:12")
                .expect("parses");
        let GdbFrame::Frame(f) = f else { panic!() };
        assert_eq!(f.function.as_deref(), Some("ledger_post"));
        assert_eq!(f.line, Some(12));

        let (_, f, _) = gdb_frame("#1  0x0000000000401a2b in std::function<void (int)>::operator() (this=0x7ffc, __args#0=3) at /usr/include/c++/12/bits/std_function.h:591").expect("parses");
        let GdbFrame::Frame(f) = f else { panic!() };
        assert_eq!(
            f.function.as_deref(),
            Some("std::function<void (int)>::operator()")
        );

        // Localized: one word between the address and the function, one
        // before the path.
        let (_, f, _) =
            gdb_frame("#3  0x00007ffff7c4526e in raise () aus /lib/x86_64-linux-gnu/libc.so.6")
                .expect("parses");
        let GdbFrame::Frame(f) = f else { panic!() };
        assert_eq!(f.function.as_deref(), Some("raise"));
        assert_eq!(f.module.as_deref(), Some("/lib/x86_64-linux-gnu/libc.so.6"));

        assert!(matches!(
            gdb_frame("#4  <signal handler called>"),
            Some((4, GdbFrame::SignalHandler, _))
        ));
        // Sanitizer frames are not gdb's.
        assert!(
            !gdb_frame("    #0 0x4f1 in parse_header /src/lib/parse.c:42:7")
                .is_some_and(|f| f.2.gdb_only)
        );
        // A sanitizer frame that looks like gdb's: no padding, no gdb line
        // beside it.
        let swift = "    #1 0x555f603b53ac in f (x=1) (/out/fuzz+0x1f1b3ac) at a.swift:3\n    #2 0x1 in g (y=2) at a.swift:4";
        assert_eq!(debugger_kind(&lines(swift)), None);
        // A pasted gdb log that lost its padding, with gdb's own lines.
        let pasted = " #0 0x00007f168ff2dc37 in __GI_raise (sig=sig@entry=6) at raise.c:56\n No locals.\n #1 0x00007f168ff31028 in __GI_abort () at abort.c:89";
        assert_eq!(debugger_kind(&lines(pasted)), Some(LogKind::Gdb));
        assert!(gdb_frame("#500176: cov: 12").is_none());
    }

    #[test]
    fn gdb_session_with_threads_and_a_handler() {
        let log = "Core was generated by `./app post-sale 2'.\n\
Program terminated with signal SIGSEGV, Segmentation fault.\n\
#0  0x00005555555551a9 in ledger_post (acct=0x0, cents=100) at ledger.c:30\n\
30\t  acct->balance += cents;\n\
[Current thread is 2 (Thread 0x7ffff7d8a640 (LWP 11))]\n\
(gdb) thread apply all bt\n\
\n\
Thread 2 (Thread 0x7ffff7d8a640 (LWP 11) \"worker\"):\n\
#0  0x00007ffff7c969fc in crash_handler (sig=11) at crash.c:9\n\
#1  <signal handler called>\n\
#2  0x00005555555551a9 in ledger_post (acct=0x0, cents=100) at ledger.c:30\n\
#3  0x00005555555552ee in post_sale (id=2) at app.c:41\n\
\n\
Thread 1 (Thread 0x7ffff7d8b740 (LWP 10)):\n\
#0  0x00007ffff7c91117 in __futex_abstimed_wait_common () from /lib/x86_64-linux-gnu/libc.so.6\n\
#1  0x00007ffff7c969fc in pthread_join () from /lib/x86_64-linux-gnu/libc.so.6\n";
        let e = gdb_event(&lines(log));
        assert_eq!(e.log_kind, Some(LogKind::Gdb));
        let ex = &e.exceptions[0];
        assert_eq!(ex.type_name, "SIGSEGV");
        assert_eq!(ex.message.as_deref(), Some("Segmentation fault"));
        // The frame-0 line printed on stop and the thread listing: the
        // crashing thread's listing, below its signal handler.
        let names: Vec<_> = ex.stack.iter().map(|f| f.function.as_deref()).collect();
        assert_eq!(names, [Some("ledger_post"), Some("post_sale")]);
        assert_eq!(e.threads.len(), 2);
        assert!(e.threads[0].crashed && !e.threads[1].crashed);
        assert_eq!(e.threads[0].name.as_deref(), Some("worker"));
        assert!(e.threads[0].crashed && e.threads[0].id == "2");
    }

    #[test]
    fn lldb_session() {
        let log = "(lldb) target create \"./app\"\n\
(lldb) run\n\
Process 4242 stopped\n\
* thread #1, name = 'app', stop reason = signal SIGSEGV: invalid address (fault address: 0x8)\n\
    frame #0: 0x0000555555555161 app`ledger_post(acct=0x0000000000000000, cents=100) at ledger.c:30:17\n\
   27  \t{\n\
-> 30  \t  acct->balance += cents;\n\
(lldb) bt\n\
* thread #1, name = 'app', stop reason = signal SIGSEGV: invalid address (fault address: 0x8)\n\
  * frame #0: 0x0000555555555161 app`ledger_post(acct=0x0000000000000000, cents=100) at ledger.c:30:17\n\
    frame #1: 0x00005555555551c2 app`main [inlined] post_sale(id=2) at app.c:41:5 [opt]\n\
    frame #2: 0x00007ffff7c29d90 libc.so.6`__libc_start_call_main + 128\n\
    frame #3: 0x00007ffff7c29e40 libc.so.6`__libc_start_main_impl + 128\n\
    frame #4: 0x0000555555555065 app`_start + 37\n\
    frame #5: 0x00007ffff7e2a6b0\n";
        let e = lldb_event(&lines(log));
        let ex = &e.exceptions[0];
        assert_eq!(ex.type_name, "SIGSEGV");
        let names: Vec<_> = ex.stack.iter().map(|f| f.function.as_deref()).collect();
        assert_eq!(
            names,
            [
                Some("ledger_post"),
                Some("post_sale"),
                Some("__libc_start_call_main"),
                Some("__libc_start_main_impl"),
                Some("_start"),
                None
            ]
        );
        assert_eq!(ex.stack[0].module.as_deref(), Some("app"));
        assert_eq!((ex.stack[1].line, ex.stack[1].column), (Some(41), Some(5)));
        assert!(e.threads.is_empty());
        assert_eq!(
            stop_reason_type("EXC_BAD_ACCESS (code=1, address=0x0)").0,
            "EXC_BAD_ACCESS"
        );
    }

    #[test]
    fn apport_report() {
        let report = "ProblemType: Crash\n\
Architecture: amd64\n\
ExecutablePath: /usr/bin/ledger\n\
Package: ledger 1.2-1\n\
Signal: 11\n\
Stacktrace:\n #0  0x00005555555551a9 in ledger_post (acct=0x0) at ledger.c:30\n         cents = 100\n #1  0x00005555555552ee in post_sale (id=2) at app.c:41\n No locals.\n\
StacktraceTop:\n ledger_post (acct=0x0) at ledger.c:30\n\
Title: ledger crashed with SIGSEGV in ledger_post()\n";
        let l = lines(report);
        assert!(is_apport(&l));
        let e = apport_event(&l);
        assert_eq!(e.exceptions[0].type_name, "SIGSEGV");
        assert_eq!(
            e.message.as_deref(),
            Some("ledger crashed with SIGSEGV in ledger_post()")
        );
        assert_eq!(e.exceptions[0].stack.len(), 2);
    }
}
