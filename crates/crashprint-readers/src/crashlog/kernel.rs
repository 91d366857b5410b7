//! Linux kernel reports: KASAN, KMSAN, KCSAN, UBSAN, `WARNING`, `BUG`,
//! oopses, lockdep, hung tasks and RCU stalls, with their call traces.

use super::text::*;
use super::MAX_FRAMES;
use crashprint_model::{Event, Exception, Format, Frame, LogKind, Platform};

pub(super) fn find_kernel_headline(lines: &[&str]) -> Option<Headline> {
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
                kind: LogKind::LinuxKernel,
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

pub(super) fn kernel_block(lines: &[&str], start: usize) -> Vec<Frame> {
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

pub(super) fn kernel_event(lines: &[&str], h: Headline) -> Event {
    let mut event = Event::new(Format::Text, Platform::Native);
    event.log_kind = Some(LogKind::LinuxKernel);
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
