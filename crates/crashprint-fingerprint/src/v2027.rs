//! What `crashprint:2027-01` knows that `crashprint:2026-12` did not.
//!
//! Each rule names the failure class of issue 14 it fixes, measured on the
//! grouping corpora (`testdata/grouping`, `testdata/grouping-sdk`): a tuning
//! part of some programs and a held-out part of others.
//!
//! 1. Anonymous frames: an anonymous function does not tell two bugs in one
//!    file apart, so it is joined by the next named frame ([`is_weak`]).
//! 2. Minified error classes: only the engine's built-in JavaScript error
//!    names are trusted ([`exception_type`]); the class's own constructor
//!    frame is skipped.
//! 3. Optimizer inlining: a Java lambda is its enclosing method, whose
//!    body it becomes when the optimizer inlines it
//!    ([`java_lambda_as_method`]); inlined native and Java frames come back
//!    through symbolication (DWARF inline records, mapping inline ranges).
//! 4. Shared throw helpers: `invariant()`, `checkNotNull`, `fail()` at the
//!    top say how the error was raised, not where: joined by their caller
//!    ([`is_throw_helper`]); runtime built-ins and the C library's abort
//!    path are not the app's code ([`js_runtime_builtin`],
//!    [`native_system_path`], [`NATIVE_ABORT_PATH`]).
//! 5. One crash, one spelling, whatever carried it: `anonymous` and
//!    `<anonymous>`, `module.exports.f` and `f` ([`js_spelling`]); a
//!    module without a symbol is a weak frame, not noise.

use crashprint_model::Platform;
use std::borrow::Cow;

/// How many weak frames may precede the frame that decides a group.
pub(crate) const MAX_WEAK: usize = 3;

/// Class 1: names that say nothing about which function ran. V8 prints
/// `<anonymous>` (some SDKs `anonymous`), Python `<lambda>`, gdb `??`.
pub(crate) fn is_anonymous(normalized: &str) -> bool {
    matches!(
        normalized,
        "" | "<anonymous>"
            | "anonymous"
            | "<lambda>"
            | "<unknown>"
            | "?"
            | "??"
            | "(anonymous)"
            | "(anonymous function)"
            | "Anonymous function"
            | "{anonymous}"
    )
}

/// Class 4: a helper whose whole job is to raise an error on its caller's
/// behalf: `invariant`, `assertX`, `checkNotNull`, `requireNonNull`,
/// `fail`, `throwIfX`, `raise_for_status`, `panic`, `die`, `bail`,
/// `unreachable`. Matched on the name's last segment (after `.`, `::`),
/// the verb followed by the end of the name, an upper-case letter, `_` or a
/// digit (so `checkout` and `failover` are not helpers).
pub(crate) fn is_throw_helper(normalized: &str) -> bool {
    const VERBS: &[&str] = &[
        "invariant",
        "assert",
        "check",
        "require",
        "ensure",
        "verify",
        "expect",
        "precondition",
        "fail",
        "fatal",
        "throw",
        "raise",
        "panic",
        "die",
        "abort",
        "bail",
        "unreachable",
    ];
    // A class of checks: Guava's `Preconditions.checkState`, Spring's
    // `Assert.notNull`, Apache's `Validate.notNull`, a project's own
    // `Check.notNull`.
    const CLASSES: &[&str] = &[
        "Check",
        "Checks",
        "Preconditions",
        "Assert",
        "Asserts",
        "Assertions",
        "Validate",
        "Verify",
        "Require",
        "Requires",
        "Ensure",
        "Invariant",
        "Invariants",
        "Contract",
        "Contracts",
        "Guard",
        "Guards",
    ];
    let mut segments = normalized
        .rsplit(['.', ':', '#', '/'])
        .filter(|s| !s.is_empty());
    let last = segments
        .next()
        .unwrap_or(normalized)
        .trim_start_matches('_');
    if segments
        .next()
        .is_some_and(|class| CLASSES.contains(&class))
    {
        return true;
    }
    // A capitalized verb alone is a helper too (`Assert`, `Invariant`).
    let capitalized = |verb: &str| {
        last.len() == verb.len()
            && last.as_bytes()[0] == verb.as_bytes()[0].to_ascii_uppercase()
            && last.as_bytes()[1..] == verb.as_bytes()[1..]
    };
    VERBS.iter().any(|verb| match last.strip_prefix(verb) {
        Some(rest) => rest
            .chars()
            .next()
            .is_none_or(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit()),
        None => capitalized(verb),
    })
}

/// Class 1: a Python function defined inside its caller. Tracebacks name a
/// nested function (`_score`) without the function it is defined in, so
/// two functions that each define a `_score` look alike; a frame whose line
/// lies just above its caller's line in the same file is taken as nested in
/// that caller, which then joins it.
pub(crate) fn python_nested_in(
    frame: (Option<&str>, Option<u32>),
    caller: (Option<&str>, Option<u32>),
) -> bool {
    /// How far above the call a nested function's failing line may be.
    const NEAR: u32 = 12;
    match (frame, caller) {
        ((Some(file), Some(line)), (Some(caller_file), Some(call))) => {
            file == caller_file && call > line && call - line <= NEAR
        }
        _ => false,
    }
}

/// A cheap test on a raw name before [`is_panic_entry`] on its normalized
/// form: every name that one accepts contains one of these.
pub(crate) fn may_be_panic_entry(raw: &str) -> bool {
    raw.contains("panicking")
        || raw.contains("rust_panic")
        || raw.contains("rust_begin_unwind")
        || raw.contains("__rustc")
        || raw.contains("gopanic")
}

/// Class 4: where a Rust or Go panic enters the runtime's panic machinery;
/// a panic hook (a program's own crash reporter) runs above it.
pub(crate) fn is_panic_entry(normalized: &str) -> bool {
    normalized.starts_with("std::panicking::")
        || normalized.starts_with("core::panicking::")
        // Rust 1.88 and later: `__rustc::rust_begin_unwind`.
        || normalized.starts_with("__rustc::")
        || matches!(
            normalized,
            "rust_panic" | "__rust_start_panic" | "rust_begin_unwind" | "runtime.gopanic"
        )
}

/// Class 5: Rust's standard library implementing its own traits for a
/// primitive type (`<usize as core::slice::index::SliceIndex<[T]>>::index`):
/// lldb names such frames without the `/rustc/…` path that marks the
/// standard library's files elsewhere.
pub(crate) fn rust_std_impl(normalized: &str) -> bool {
    const PRIMITIVES: &[&str] = &[
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
        "f32", "f64", "bool", "char", "str",
    ];
    let Some(rest) = normalized.strip_prefix('<') else {
        return false;
    };
    let Some((self_type, trait_path)) = rest.split_once(" as ") else {
        return false;
    };
    let std_trait = ["core::", "alloc::", "std::"]
        .iter()
        .any(|p| trait_path.starts_with(p));
    let self_type = self_type.trim_start_matches('&').trim_start_matches("mut ");
    std_trait
        && (PRIMITIVES.contains(&self_type)
            || self_type.starts_with('[')
            || self_type.starts_with('(')
            || ["core::", "alloc::", "std::"]
                .iter()
                .any(|p| self_type.starts_with(p)))
}

/// Class 5: a Rust symbol in the legacy mangling's escapes, as lldb prints
/// some (`_$LT$usize$u20$as$u20$core..slice..index..SliceIndex$LT$…`), read
/// as gdb and the demanglers print it (`<usize as core::slice::index::…`).
pub(crate) fn rust_legacy_escapes(name: &str) -> Cow<'_, str> {
    if !name.contains('$') {
        return Cow::Borrowed(name);
    }
    const ESCAPES: &[(&str, &str)] = &[
        ("$LT$", "<"),
        ("$GT$", ">"),
        ("$RF$", "&"),
        ("$BP$", "*"),
        ("$C$", ","),
        ("$LP$", "("),
        ("$RP$", ")"),
        ("$SP$", "@"),
        ("$u20$", " "),
        ("$u22$", "\""),
        ("$u27$", "'"),
        ("$u2b$", "+"),
        ("$u3b$", ";"),
        ("$u5b$", "["),
        ("$u5d$", "]"),
        ("$u7b$", "{"),
        ("$u7d$", "}"),
        ("$u7e$", "~"),
    ];
    if !ESCAPES.iter().any(|(e, _)| name.contains(e)) {
        return Cow::Borrowed(name);
    }
    let mut out = name
        .strip_prefix("_$")
        .map_or(name.to_string(), |r| format!("${r}"));
    for (escape, plain) in ESCAPES {
        if out.contains(escape) {
            out = out.replace(escape, plain);
        }
    }
    Cow::Owned(out.replace("..", "::"))
}

/// Class 5: one Rust function however a debugger spells it. gdb demangles
/// v0 symbols (`sched::{impl#0}::plan::{closure#0}`), lldb and DWARF name
/// the impl's type (`sched::Scheduler::plan::_{closure}`): a type segment
/// before the function is `{impl}`, a closure `{closure}`.
pub(crate) fn rust_spelling(normalized: String) -> String {
    if !normalized.contains("::") || normalized.starts_with('<') {
        return normalized;
    }
    let segments: Vec<&str> = normalized.split("::").collect();
    let last = segments.len() - 1;
    let mut out = String::with_capacity(normalized.len());
    for (i, seg) in segments.iter().enumerate() {
        if i > 0 {
            out.push_str("::");
        }
        let closure = matches!(
            *seg,
            "{closure}" | "{{closure}}" | "_{closure}" | "_{{closure}}"
        );
        // A type (UpperCamelCase) with a function after it; not the last
        // segment, nor a generic argument list.
        let is_type = i < last
            && !closure
            && seg.starts_with(|c: char| c.is_ascii_uppercase())
            && !seg.contains(['<', '>', ' '])
            && segments[i + 1..]
                .iter()
                .any(|s| s.starts_with(|c: char| c.is_ascii_lowercase()));
        if closure {
            out.push_str("{closure}");
        } else if is_type {
            out.push_str("{impl}");
        } else {
            out.push_str(seg);
        }
    }
    out
}

/// Class 4: a native fault (a signal, a sanitizer's memory error): a
/// `check_x` function that faults is where the bug is, not a thrower. In
/// managed runtimes a helper named so throws on purpose, whatever the type
/// (`Check.notNull` throws a `NullPointerException`).
pub(crate) fn is_fault_type(type_name: &str) -> bool {
    const FAULTS: &[&str] = &[
        "SIGSEGV",
        "SIGBUS",
        "SIGFPE",
        "SIGILL",
        "EXC_BAD_ACCESS",
        "EXC_BAD_INSTRUCTION",
        "EXC_ARITHMETIC",
        "Null-dereference",
        "UNKNOWN",
    ];
    FAULTS.contains(&type_name) || type_name.starts_with("Heap-") || type_name.starts_with("Stack-")
}

/// Class 3: a Java lambda is its enclosing method (`Reports.lambda$renewAll$1`
/// is `Reports.renewAll`, Kotlin's `renewAll$lambda-1` too): the optimizer
/// inlines the lambda's body into the method in one release and not in
/// another.
pub(crate) fn java_lambda_as_method(normalized: String) -> String {
    let (class, method) = match normalized.rsplit_once('.') {
        Some((c, m)) => (Some(c), m),
        None => (None, normalized.as_str()),
    };
    let enclosing = if let Some(rest) = method.strip_prefix("lambda$") {
        rest.split('$').next().filter(|m| !m.is_empty())
    } else if let Some(p) = method.find("$lambda") {
        Some(&method[..p]).filter(|m| !m.is_empty())
    } else {
        None
    };
    match (enclosing, class) {
        (Some(m), Some(c)) => format!("{c}.{m}"),
        (Some(m), None) => m.to_string(),
        (None, _) => normalized,
    }
}

/// Class 5: the same JavaScript function however an SDK or bundler spells
/// it: `anonymous` and `Object.<anonymous>` are `<anonymous>`; terser turns
/// module functions into properties of `module.exports`/`exports` in one
/// release only; V8 marks awaited frames `async`.
pub(crate) fn js_spelling(name: String) -> String {
    let mut s = name.as_str();
    // `@backtrace/node` sends a built-in's frame with V8's location in the
    // name: `JSON.parse (<anonymous>)`.
    if let Some(stripped) = builtin_location_suffix(s) {
        s = stripped;
    }
    for prefix in ["async ", "module.exports.", "exports."] {
        if let Some(rest) = s.strip_prefix(prefix) {
            if !rest.is_empty() {
                s = rest;
            }
        }
    }
    if matches!(s, "anonymous" | "Object.<anonymous>" | "<anonymous>") {
        return "<anonymous>".to_string();
    }
    if s.len() == name.len() {
        name
    } else {
        s.to_string()
    }
}

/// The name without V8's location of a built-in (`JSON.parse
/// (<anonymous>)`, `Array.forEach (native)`), when it carries one.
pub(crate) fn builtin_location_suffix(name: &str) -> Option<&str> {
    [" (<anonymous>)", " (native)", " ([native code])"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .filter(|rest| !rest.is_empty())
}

/// Class 5: a JavaScript runtime built-in (`JSON.parse (<anonymous>)`,
/// `Array.forEach (<anonymous>)`, `[native code]`, `node:internal/…`): no
/// file of the app's, whatever the SDK's in-project flag says.
pub(crate) fn js_runtime_builtin(file: Option<&str>) -> bool {
    match file {
        None => true,
        Some(f) => {
            let f = f.trim();
            f.is_empty()
                || f == "<anonymous>"
                || f == "native"
                || f == "[native code]"
                || f.starts_with("node:")
                || f.starts_with("internal/")
                // `at async Promise.all (index 0)`
                || f.strip_prefix("index ").is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
        }
    }
}

/// Class 4: the C library's sources as debuggers name them when its debug
/// information is installed (`./nptl/pthread_kill.c`,
/// `../sysdeps/unix/sysv/linux/raise.c`, `./assert/assert.c`): never the
/// app's code.
pub(crate) fn native_system_path(path: &str) -> bool {
    const GLIBC: &[&str] = &[
        "./nptl/",
        "../nptl/",
        "./assert/",
        "../sysdeps/",
        "./stdlib/",
        "./signal/",
        "./malloc/",
        "./csu/",
        "./libio/",
        "./string/",
        "./posix/",
        "./elf/",
        "./misc/",
    ];
    GLIBC.iter().any(|d| path.starts_with(d)) || path.contains("/sysdeps/unix/sysv/linux/")
}

/// Class 4: the C library's abort and assert path as glibc 2.34 and later
/// names it, beside the names `crashprint:2026-12` knows.
pub(crate) const NATIVE_ABORT_PATH: &[&str] = &[
    "__pthread_kill_implementation",
    "__pthread_kill_internal",
    "__pthread_kill",
    "pthread_kill",
    "raise",
    "abort",
    "__assert_fail_base",
    "__assert_fail",
    "__libc_start_call_main",
    "__libc_start_main_impl",
    "__libc_start_main",
    "start_thread",
    "clone",
    "clone3",
];

/// Class 2: the type to group on. A JavaScript error class of the app's
/// own (`class OverbookedError extends Error`) is renamed by a minifier in
/// one release (`y`) and kept in another, and when the class declares no
/// constructor no frame on the stack names it: only the engine's built-in
/// error names are stable across releases, so any other class groups as
/// `Error` (the frames still tell such errors apart).
pub(crate) fn exception_type(type_name: &str, platform: Platform) -> String {
    const BUILT_IN: &[&str] = &[
        "Error",
        "TypeError",
        "RangeError",
        "ReferenceError",
        "SyntaxError",
        "EvalError",
        "URIError",
        "AggregateError",
        "InternalError",
        "DOMException",
        "SecurityError",
        "AbortError",
        "NetworkError",
        "QuotaExceededError",
        "NotFoundError",
        "InvalidStateError",
        "UnhandledRejection",
    ];
    let t = type_name.trim();
    if platform != Platform::JavaScript || BUILT_IN.contains(&t) {
        t.to_string()
    } else {
        "Error".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throw_helpers_by_verb() {
        for yes in [
            "invariant",
            "assertPositive",
            "Preconditions.checkNotNull",
            "java.util.Objects.requireNonNull",
            "fail",
            "_fail",
            "throwIfClosed",
            "raise_for_status",
            "app::bail",
            "die",
            "Assert",
            "ensure_open",
            "com.example.Check.notNull",
            "org.springframework.util.Assert.notNull",
        ] {
            assert!(is_throw_helper(yes), "{yes}");
        }
        for no in [
            "checkout",
            "failover",
            "render",
            "Orders.formatAddress",
            "verifying",
            "dieselEngine",
        ] {
            assert!(!is_throw_helper(no), "{no}");
        }
    }

    #[test]
    fn spellings() {
        assert_eq!(js_spelling("anonymous".into()), "<anonymous>");
        assert_eq!(js_spelling("module.exports.shipTo".into()), "shipTo");
        assert_eq!(js_spelling("exports.shipTo".into()), "shipTo");
        assert_eq!(js_spelling("async checkout".into()), "checkout");
        assert_eq!(js_spelling("Cart.total".into()), "Cart.total");
        assert_eq!(js_spelling("JSON.parse (<anonymous>)".into()), "JSON.parse");
    }

    #[test]
    fn minified_types() {
        let js = Platform::JavaScript;
        assert_eq!(exception_type("Vt", js), "Error");
        assert_eq!(exception_type("OverbookedError", js), "Error");
        assert_eq!(exception_type("TypeError", js), "TypeError");
        assert_eq!(exception_type("Vt", Platform::Java), "Vt");
    }

    #[test]
    fn rust_escapes_and_std_impls() {
        let lldb = "_$LT$usize$u20$as$u20$core..slice..index..SliceIndex$LT$$u5b$T$u5d$$GT$$GT$::index_mut";
        let plain = rust_legacy_escapes(lldb);
        assert_eq!(
            plain,
            "<usize as core::slice::index::SliceIndex<[T]>>::index_mut"
        );
        assert!(rust_std_impl(&plain));
        assert!(!rust_std_impl("<app::Money as core::fmt::Display>::fmt"));
        assert_eq!(rust_legacy_escapes("plain_name"), "plain_name");
    }

    #[test]
    fn rust_spellings() {
        assert_eq!(
            rust_spelling("sched::sched::{impl}::plan::{closure}".into()),
            "sched::sched::{impl}::plan::{closure}"
        );
        assert_eq!(
            rust_spelling("sched::sched::Scheduler::plan::_{closure}".into()),
            "sched::sched::{impl}::plan::{closure}"
        );
        assert_eq!(rust_spelling("app::main".into()), "app::main");
        assert_eq!(rust_spelling("app::Kind::Leaf".into()), "app::Kind::Leaf");
    }

    #[test]
    fn lambdas_and_paths() {
        assert_eq!(
            java_lambda_as_method("a.Reports.lambda$renewAll$".into()),
            "a.Reports.renewAll"
        );
        assert_eq!(
            java_lambda_as_method("a.Reports.renewAll$lambda-1".into()),
            "a.Reports.renewAll"
        );
        assert_eq!(
            java_lambda_as_method("a.Reports.renewAll".into()),
            "a.Reports.renewAll"
        );
        assert!(js_runtime_builtin(Some("index 0")));
        assert!(native_system_path("./nptl/pthread_kill.c"));
        assert!(native_system_path("../sysdeps/unix/sysv/linux/raise.c"));
        assert!(!native_system_path("/build/ledger/ledger.c"));
        assert!(js_runtime_builtin(Some("<anonymous>")));
        assert!(js_runtime_builtin(None));
        assert!(!js_runtime_builtin(Some("file:///app/dist/app.js")));
    }
}
