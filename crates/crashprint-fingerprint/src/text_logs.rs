//! Which frames of a text crash log print or start the report, as every
//! strategy version up to `crashprint:2026-12` decides it: such a frame is
//! not in-app unless the report or a user rule says otherwise.
//!
//! These lists were the crash-log reader's until the readers were made to
//! state facts only; they moved here unchanged, so that a fingerprint made
//! from a log keeps its meaning. A new strategy version that wants other
//! lists gets its own, beside these.

use crashprint_model::{Frame, LogKind, Platform};

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

/// Whether `frame` of a text log of `kind` from `platform` is part of the
/// reporting machinery: a sanitizer, fuzzer or C runtime frame, the Go
/// runtime (`runtime.*`, `panic` in a `.go` file), or a kernel function that
/// prints a report (KASAN, WARN, BUG, lockdep …).
pub(crate) fn reports(kind: LogKind, platform: Platform, frame: &Frame) -> bool {
    let function = frame.function.as_deref().unwrap_or("");
    if kind == LogKind::LinuxKernel {
        return KERNEL_REPORT_PREFIXES
            .iter()
            .any(|p| function.starts_with(p));
    }
    if platform != Platform::Native {
        return false;
    }
    let go_runtime = (function == "panic" || function.starts_with("runtime."))
        && frame.file.as_deref().is_some_and(|f| f.ends_with(".go"));
    let path = frame
        .file
        .as_deref()
        .or(frame.module.as_deref())
        .unwrap_or("");
    go_runtime
        || NATIVE_RUNTIME_PREFIXES
            .iter()
            .any(|p| function.starts_with(p))
        || NATIVE_RUNTIME_PATHS.iter().any(|p| path.contains(p))
}
