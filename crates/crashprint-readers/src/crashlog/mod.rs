//! Plain-text crash logs: sanitizer reports (ASan, MSan, TSan, LSan,
//! HWASan, UBSan), libFuzzer, Chrome/V8 `CHECK` failures, Go and Rust
//! panics, Java exceptions, Python tracebacks, Windows `cdb` output and
//! Linux kernel reports (KASAN, `WARNING`, `BUG`, lockdep, RCU stalls …),
//! read into one [`Event`] each.
//!
//! Events come out as [`Format::Text`] with the platform of the runtime
//! that crashed ([`Platform::Native`] for sanitizers, Go, Rust and the
//! kernel) and the kind of report in [`Event::log_kind`] ([`LogKind`]). The
//! exception type names the kind of crash the way the tools that print the
//! logs do (`Heap-use-after-free READ 4`, `KASAN: use-after-free Read`,
//! `WARNING`, `CHECK failure`, the Java or Python class); the stack is the
//! first one printed after the crash's headline, innermost first. The
//! reader states facts only: which frames the kernel's unwinder was unsure
//! of (`? func+0x…` frames are `guessed`), never which frames are in-app or
//! skipped: that is grouping policy, versioned in `crashprint-fingerprint`.
//!
//! One module per family of report: `user` (sanitizers, libFuzzer,
//! `CHECK`s, language runtimes, Windows `cdb`), `kernel` (Linux), and
//! `text`, the line helpers they share.
//!
//! ```
//! use crashprint_readers::crashlog::parse_crash_log;
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

mod debugger;
mod kernel;
mod text;
mod user;

use crashprint_model::{Event, LogKind};
#[cfg(doc)]
use crashprint_model::{Format, Platform};
use kernel::{find_kernel_headline, kernel_event};
use user::{find_user_headline, user_event};

/// The most frames kept per stack.
const MAX_FRAMES: usize = 256;

/// Reads one crash log; `None` when no crash headline is recognised.
pub fn parse_crash_log(text: &str) -> Option<Event> {
    let lines: Vec<&str> = text.lines().map(strip_console_prefix).collect();
    if debugger::is_apport(&lines) {
        return Some(debugger::apport_event(&lines));
    }
    let user = find_user_headline(&lines);
    let kernel = find_kernel_headline(&lines);
    // A debugger's backtrace, unless the debugger was showing a sanitizer
    // or `CHECK` report (whose own stack says more). A managed runtime's
    // traceback in a native debugger's log is the debugger's own noise
    // (lldb's Python); an assert or a panic names the crash better than
    // the signal it raised.
    if kernel.is_none() {
        let debugger = match user.as_ref().map(|u| u.kind) {
            None
            | Some(LogKind::Signal)
            | Some(LogKind::Python)
            | Some(LogKind::Java)
            | Some(LogKind::JavaScript)
            | Some(LogKind::Assert)
            | Some(LogKind::RustPanic)
            | Some(LogKind::GoPanic) => debugger::debugger_kind(&lines),
            Some(_) => None,
        };
        if let Some(kind) = debugger {
            let mut event = match kind {
                LogKind::Lldb => debugger::lldb_event(&lines),
                _ => debugger::gdb_event(&lines),
            };
            if let Some(h) = crash_headline_in_debugger_log(&lines) {
                event.message = h.message.clone();
                if let Some(e) = event.exceptions.first_mut() {
                    e.type_name = h.type_name;
                    e.message = h.message;
                }
            }
            return Some(event);
        }
    }
    match (user, kernel) {
        (Some(u), Some(k)) if k.index < u.index => Some(kernel_event(&lines, k)),
        (Some(u), _) => Some(user_event(&lines, u)),
        (None, Some(k)) => Some(kernel_event(&lines, k)),
        (None, None) => None,
    }
}

/// The first failed assert or panic in a debugger's log, past the
/// headlines of what the debugger printed itself (lldb's Python errors)
/// and the signal lines.
fn crash_headline_in_debugger_log(lines: &[&str]) -> Option<text::Headline> {
    let mut start = 0;
    while start < lines.len() {
        let h = find_user_headline(&lines[start..])?;
        match h.kind {
            LogKind::Assert | LogKind::RustPanic | LogKind::GoPanic => return Some(h),
            _ => start += h.index + 1,
        }
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;
    use crashprint_model::{Format, LogKind, Platform};

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
        assert_eq!(event.format, Format::Text);
        assert_eq!(event.log_kind, Some(LogKind::LinuxKernel));
        // A fact, not a decision: the reader leaves in-app to grouping.
        assert_eq!(e.stack[1].function.as_deref(), Some("__dump_stack"));
        assert_eq!(e.stack[1].in_app, None);
        assert_eq!(e.stack[0].function.as_deref(), Some("tcp_close"));
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
