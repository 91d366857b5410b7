//! What `crashprint:2027-01` knows that `crashprint:2026-12` did not.
//!
//! Each rule names the failure class of issue 14 it fixes, measured on the
//! grouping corpora (`testdata/grouping`, `testdata/grouping-sdk`): a tuning
//! part of some programs and a held-out part of others.
//!
//! 1. Anonymous frames: an anonymous function does not tell two bugs in one
//!    file apart, so it is joined by the next named frame ([`is_weak`]).
//! 2. Minified error classes: a JavaScript type the minifier renamed is
//!    recovered from its constructor's frame, or not trusted
//!    ([`exception_type`]).
//! 3. Optimizer inlining: a trivial accessor is inlined in one release and
//!    not in another, so it never decides the group ([`is_accessor`]).
//! 4. Shared throw helpers: `invariant()`, `checkNotNull`, `fail()` at the
//!    top say how the error was raised, not where: joined by their caller
//!    ([`is_throw_helper`]); runtime built-ins and the C library's abort
//!    path are not the app's code ([`js_runtime_builtin`],
//!    [`native_system_path`], [`NATIVE_ABORT_PATH`]).
//! 5. One crash, one spelling, whatever carried it: `anonymous` and
//!    `<anonymous>`, `module.exports.f` and `f` ([`js_spelling`]); a
//!    module without a symbol is a weak frame, not noise.

use crashprint_model::Platform;

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
    let last = normalized
        .rsplit(['.', ':', '#', '/'])
        .next()
        .unwrap_or(normalized)
        .trim_start_matches('_');
    VERBS.iter().any(|verb| match last.strip_prefix(verb) {
        Some(rest) => rest
            .chars()
            .next()
            .is_none_or(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit()),
        None => {
            // `Assert.that`, `Preconditions.checkState` start upper-case.
            let mut chars = last.chars();
            let upper: String = chars.next().map(|c| c.to_ascii_lowercase()).into_iter().collect();
            let lowered = upper + chars.as_str();
            lowered.starts_with(verb) && lowered.len() == verb.len()
        }
    })
}

/// Class 4: a fault the program did not raise on purpose: a helper at the
/// top of such a stack is where the fault is, not a thrower.
pub(crate) fn is_fault_type(type_name: &str) -> bool {
    const FAULTS: &[&str] = &[
        "SIGSEGV",
        "SIGBUS",
        "SIGFPE",
        "SIGILL",
        "EXC_BAD_ACCESS",
        "EXC_BAD_INSTRUCTION",
        "NullPointerException",
        "ArrayIndexOutOfBoundsException",
        "StringIndexOutOfBoundsException",
        "IndexOutOfBoundsException",
        "ClassCastException",
        "ArithmeticException",
        "TypeError",
        "ReferenceError",
        "AttributeError",
        "ZeroDivisionError",
        "Null-dereference",
        "UNKNOWN",
    ];
    let last = type_name.rsplit(['.', '$']).next().unwrap_or(type_name);
    FAULTS.contains(&last) || type_name.starts_with("Heap-") || type_name.starts_with("Stack-")
}

/// Class 3: a trivial Java accessor (`getX`, `isX`, `setX`, the compiler's
/// `access$000`): R8 and ProGuard inline it in one release and not in
/// another, so it never decides a group; its caller does.
pub(crate) fn is_accessor(normalized: &str, platform: Platform) -> bool {
    if platform != Platform::Java {
        return false;
    }
    let method = normalized.rsplit('.').next().unwrap_or(normalized);
    if method.starts_with("access$") {
        return true;
    }
    ["get", "is", "set"].iter().any(|p| {
        method
            .strip_prefix(p)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c.is_ascii_uppercase())
    })
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

/// Class 2: the type to group on. A JavaScript error class renamed by a
/// minifier (`class ValidationError extends Error` thrown as `e` in one
/// release and `Vt` in the next) is named by the constructor frame V8 puts
/// on the stack (`new e`, resolved through the source map to
/// `new ValidationError`); when no such frame says, a minified-looking
/// name is not trusted and groups as `Error`.
pub(crate) fn exception_type<'a>(
    type_name: &str,
    platform: Platform,
    constructor_names: impl Iterator<Item = &'a str>,
) -> String {
    let t = type_name.trim();
    if platform != Platform::JavaScript || !looks_minified(t) {
        return t.to_string();
    }
    for name in constructor_names {
        if let Some(class) = name.strip_prefix("new ") {
            let class = class.trim();
            if !looks_minified(class) && !class.is_empty() {
                return class.to_string();
            }
        }
    }
    "Error".to_string()
}

/// A name a minifier made: one or two characters, or a letter and digits
/// or `$`/`_` (`e`, `Vt`, `t$`, `a1`). Built-in error names are longer.
fn looks_minified(name: &str) -> bool {
    let len = name.chars().count();
    len > 0
        && len <= 2
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '$' || c == '_')
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
        assert_eq!(
            exception_type("Vt", js, ["new ValidationError"].into_iter()),
            "ValidationError"
        );
        assert_eq!(exception_type("e", js, ["new e"].into_iter()), "Error");
        assert_eq!(exception_type("TypeError", js, std::iter::empty()), "TypeError");
        assert_eq!(exception_type("Vt", Platform::Java, std::iter::empty()), "Vt");
    }

    #[test]
    fn accessors_and_paths() {
        assert!(is_accessor("Orders.getAddress", Platform::Java));
        assert!(is_accessor("a.b.access$000", Platform::Java));
        assert!(!is_accessor("Orders.getaway", Platform::Java));
        assert!(!is_accessor("getAddress", Platform::JavaScript));
        assert!(native_system_path("./nptl/pthread_kill.c"));
        assert!(native_system_path("../sysdeps/unix/sysv/linux/raise.c"));
        assert!(!native_system_path("/build/ledger/ledger.c"));
        assert!(js_runtime_builtin(Some("<anonymous>")));
        assert!(js_runtime_builtin(None));
        assert!(!js_runtime_builtin(Some("file:///app/dist/app.js")));
    }
}
