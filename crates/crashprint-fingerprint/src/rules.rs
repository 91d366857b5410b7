//! Which frames count for grouping: in-app decisions, skipped frames, and
//! how many frames make a group.

use crashprint_model::Platform;
use serde::{Deserialize, Serialize};

/// Grouping rules. [`Rules::default`] is the documented default set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Rules {
    /// In-app frames per exception that enter the fingerprint.
    pub max_frames: usize,
    /// Exceptions of a cause chain that enter the fingerprint.
    pub max_exceptions: usize,
    /// Path fragments of files and modules that are never in-app
    /// (runtimes, standard libraries, package managers' directories).
    pub not_in_app_paths: Vec<String>,
    /// Function-name prefixes that are never in-app (JDK, Rust std …).
    pub not_in_app_functions: Vec<String>,
    /// Function names whose frames are left out of grouping entirely: they
    /// say how the program died (abort, raise, assertion helpers), not where.
    pub skip_functions: Vec<String>,
}

impl Default for Rules {
    fn default() -> Self {
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Rules {
            max_frames: 1,
            max_exceptions: 8,
            not_in_app_paths: s(&[
                "node_modules/",
                "node:",
                "internal/",
                "<anonymous>",
                "<frozen ",
                "[native code]",
                "webpack/bootstrap",
                "/site-packages/",
                "/dist-packages/",
                "/lib/python",
                "\\lib\\python",
                "/usr/lib/",
                "/usr/include/",
                "/lib/x86_64-linux-gnu/",
                "/lib/aarch64-linux-gnu/",
                "/rustc/",
                "/.cargo/registry/",
                "/.rustup/",
                "libc.so",
                "libc-",
                "libstdc++",
                "libc++",
                "libpthread",
                "ld-linux",
                "linux-vdso",
                "libsystem_",
                "/System/Library/",
                "/usr/lib/system/",
            ]),
            not_in_app_functions: s(&[
                "java.",
                "javax.",
                "jdk.",
                "sun.",
                "com.sun.",
                "kotlin.",
                "kotlinx.",
                "android.",
                "androidx.",
                "dalvik.",
                "com.android.",
                "libcore.",
                "scala.",
                "std::",
                "core::",
                "alloc::",
                "<std::",
                "<core::",
                "<alloc::",
                "__rust_",
                "rust_begin_unwind",
                "__libc_",
                "__GI_",
                "_start",
                "process.processTicksAndRejections",
                "Module._compile",
            ]),
            skip_functions: s(&[
                "abort",
                "raise",
                "__assert_fail",
                "__assert_rtn",
                "__pthread_kill",
                "pthread_kill",
                "_sigtramp",
                "__restore_rt",
                "panic_abort::__rust_start_panic",
                "core::panicking::panic",
                "core::panicking::panic_fmt",
                "core::result::unwrap_failed",
                "core::option::unwrap_failed",
                "core::option::expect_failed",
                "std::panicking::begin_panic",
            ]),
        }
    }
}

/// Why a frame did or did not enter a fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FrameDecision {
    /// It contributed.
    Contributes,
    /// The client or a rule says it is not the app's code.
    NotInApp,
    /// A crash helper (abort, raise, panic machinery).
    Skipped,
    /// The unwinder guessed it.
    Guessed,
    /// The same function as the frame before it (recursion).
    Recursion,
    /// A compiler-generated frame folded into its function (Python comprehensions).
    Folded,
    /// No function, file or module: nothing stable to group on.
    Empty,
    /// Enough frames had contributed already.
    BeyondLimit,
}

impl Rules {
    /// Whether a frame belongs to the app, from the client's flag when sent,
    /// otherwise from its path and function name.
    pub fn in_app(
        &self,
        client_flag: Option<bool>,
        function: Option<&str>,
        path: Option<&str>,
    ) -> bool {
        if let Some(flag) = client_flag {
            return flag;
        }
        if let Some(p) = path {
            if self
                .not_in_app_paths
                .iter()
                .any(|frag| p.contains(frag.as_str()))
            {
                return false;
            }
        }
        if let Some(f) = function {
            if self
                .not_in_app_functions
                .iter()
                .any(|prefix| f.starts_with(prefix.as_str()))
            {
                return false;
            }
        }
        true
    }

    /// Whether a (normalized) function is a crash helper left out of grouping.
    pub fn skipped(&self, normalized_function: &str) -> bool {
        self.skip_functions.iter().any(|s| s == normalized_function)
    }
}

/// Frames compilers add that newer runtimes inline away: grouping must not
/// depend on them (CPython 3.12 inlines comprehensions, for instance).
pub(crate) fn is_folded(function: &str, platform: Platform) -> bool {
    matches!(platform, Platform::Python | Platform::Other)
        && matches!(
            function,
            "<listcomp>" | "<dictcomp>" | "<setcomp>" | "<genexpr>"
        )
}
