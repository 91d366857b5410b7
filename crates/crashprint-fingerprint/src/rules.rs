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
    /// The user's rules ([`Rules::parse`]), in file order: the last one that
    /// matches a frame decides for its action kind, before anything else.
    pub frame_rules: Vec<FrameRule>,
}

/// One line of a rules file: `function:GLOB ACTION` or `path:GLOB ACTION`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FrameRule {
    /// What the pattern is matched against.
    pub matcher: Matcher,
    /// A glob: `*` matches any run of characters (`/` included), the rest
    /// literally; the whole value must match.
    pub pattern: String,
    /// What a match does.
    pub action: Action,
}

/// The frame field a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Matcher {
    /// The (normalized, demangled) function name.
    Function,
    /// The file path, or the module when there is no file.
    Path,
}

/// What a rule does to the frames it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// `+app` / `-app`: the frame is (not) the app's code, whatever the
    /// client said.
    InApp(bool),
    /// `-group`: the frame is left out of grouping.
    Skip,
    /// `^-group`: a sentinel: this frame and every frame above it (nearer
    /// the crash: `abort` called by `__assert_fail` called by the app) are
    /// left out; grouping starts below the outermost sentinel.
    Sentinel,
}

/// A line of a rules file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rules line {line}: {message}")]
pub struct RulesError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
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
            frame_rules: Vec::new(),
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
    /// The default rules plus the rules of a rules file, one per line:
    ///
    /// ```text
    /// # comments and blank lines are ignored
    /// path:*/vendor/*            -app     # not the app's code
    /// path:src/*                 +app     # the app's, whatever the client said
    /// function:log_and_rethrow   -group   # left out of grouping
    /// function:my_abort_helper   ^-group  # sentinel: it and frames above it left out
    /// max-frames 3                        # in-app frames per exception in the fingerprint
    /// max-exceptions 4                    # exceptions of a cause chain
    /// ```
    ///
    /// Globs match the whole value; `*` matches anything. For each action
    /// kind, the last matching line wins.
    ///
    /// ```
    /// use crashprint_fingerprint::Rules;
    /// let rules = Rules::parse("path:*/generated/* -app\nmax-frames 2")?;
    /// assert_eq!(rules.max_frames, 2);
    /// assert!(!rules.in_app(Some(true), Some("f"), Some("src/generated/x.js")));
    /// assert!(Rules::parse("nonsense").is_err());
    /// # Ok::<(), crashprint_fingerprint::RulesError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Rules, RulesError> {
        let mut rules = Rules::default();
        for (i, raw) in text.lines().enumerate() {
            let err = |message: String| RulesError {
                line: i + 1,
                message,
            };
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut words = line.split_whitespace();
            let first = words.next().unwrap_or("");
            let second = words.next();
            if words.next().is_some() {
                return Err(err(format!(
                    "expected `matcher:glob action` or a setting, got `{line}`"
                )));
            }
            match (first, second) {
                ("max-frames" | "max-exceptions", Some(n)) => {
                    let n: usize = n
                        .parse()
                        .ok()
                        .filter(|n| (1..=256).contains(n))
                        .ok_or_else(|| err(format!("`{n}` is not a count from 1 to 256")))?;
                    if first == "max-frames" {
                        rules.max_frames = n;
                    } else {
                        rules.max_exceptions = n;
                    }
                }
                (matcher, Some(action)) => {
                    let (kind, pattern) = matcher.split_once(':').ok_or_else(|| {
                        err(format!("`{matcher}` is not `function:GLOB` or `path:GLOB`"))
                    })?;
                    let matcher = match kind {
                        "function" | "fn" => Matcher::Function,
                        "path" | "file" | "module" => Matcher::Path,
                        other => {
                            return Err(err(format!("unknown matcher `{other}` (function, path)")))
                        }
                    };
                    if pattern.is_empty() {
                        return Err(err("an empty pattern".into()));
                    }
                    let action = match action {
                        "+app" => Action::InApp(true),
                        "-app" => Action::InApp(false),
                        "-group" => Action::Skip,
                        "^-group" => Action::Sentinel,
                        other => {
                            return Err(err(format!(
                                "unknown action `{other}` (+app, -app, -group, ^-group)"
                            )))
                        }
                    };
                    rules.frame_rules.push(FrameRule {
                        matcher,
                        pattern: pattern.to_string(),
                        action,
                    });
                }
                _ => {
                    return Err(err(format!(
                        "expected `matcher:glob action` or a setting, got `{line}`"
                    )))
                }
            }
        }
        Ok(rules)
    }

    /// The last user rule of `kind` matching the frame.
    fn user_rule(
        &self,
        function: Option<&str>,
        path: Option<&str>,
        kind: impl Fn(Action) -> bool,
    ) -> Option<Action> {
        self.frame_rules
            .iter()
            .rev()
            .filter(|r| kind(r.action))
            .find(|r| {
                let value = match r.matcher {
                    Matcher::Function => function,
                    Matcher::Path => path,
                };
                value.is_some_and(|v| glob(&r.pattern, v))
            })
            .map(|r| r.action)
    }

    /// Whether a user rule marks the frame as crash machinery to cut at.
    pub fn sentinel(&self, function: Option<&str>, path: Option<&str>) -> bool {
        !self.frame_rules.is_empty()
            && self
                .user_rule(function, path, |a| a == Action::Sentinel)
                .is_some()
    }

    /// Whether a user rule leaves the frame out of grouping.
    pub fn user_skipped(&self, function: Option<&str>, path: Option<&str>) -> bool {
        !self.frame_rules.is_empty()
            && self
                .user_rule(function, path, |a| a == Action::Skip)
                .is_some()
    }

    /// What a user's `+app`/`-app` rule says about a frame, if one matches.
    pub fn user_in_app(&self, function: Option<&str>, path: Option<&str>) -> Option<bool> {
        if self.frame_rules.is_empty() {
            return None;
        }
        match self.user_rule(function, path, |a| matches!(a, Action::InApp(_))) {
            Some(Action::InApp(flag)) => Some(flag),
            _ => None,
        }
    }

    /// Whether a frame belongs to the app: a user rule first, then the
    /// client's flag when sent, otherwise its path and function name.
    pub fn in_app(
        &self,
        client_flag: Option<bool>,
        function: Option<&str>,
        path: Option<&str>,
    ) -> bool {
        if let Some(flag) = self.user_in_app(function, path) {
            return flag;
        }
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

/// `pattern` (with `*` wildcards) matches all of `value`.
fn glob(pattern: &str, value: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = value.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob("abort", "abort"));
        assert!(!glob("abort", "abort2"));
        assert!(glob("std::*", "std::panicking::x"));
        assert!(glob("*node_modules/*", "/app/node_modules/x.js"));
        assert!(glob("*", ""));
        assert!(glob("a*b*c", "a-b-c"));
        assert!(!glob("a*b*c", "a-c-b"));
        assert!(glob("*.js", "x.js"));
        assert!(!glob("*.js", "x.ts"));
    }

    #[test]
    fn rule_files() {
        let rules = Rules::parse(
            "# c\n\npath:*/vendor/* -app\nfunction:helper* -group\nfunction:die ^-group\nmax-frames 3\n",
        )
        .expect("valid");
        assert_eq!(rules.max_frames, 3);
        assert!(!rules.in_app(Some(true), None, Some("/x/vendor/y.c")));
        assert!(rules.user_skipped(Some("helper_fn"), None));
        assert!(rules.sentinel(Some("die"), None));
        for bad in [
            "function:x",
            "function:x +lol",
            "thing:x -app",
            "max-frames 0",
            "a b c",
            "function: -app",
        ] {
            let e = Rules::parse(bad).expect_err(bad);
            assert_eq!(e.line, 1);
        }
    }
}
