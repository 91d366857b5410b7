//! crashprint's grouping: which reports are the same problem.
//!
//! A [`Fingerprinter`] turns an [`Event`] into a [`Grouping`]: a 32-byte
//! fingerprint (blake3 in key-derivation mode over a canonical encoding of the
//! grouping components, under a context string that names the strategy
//! version), a readable `groupingHash`, and an explanation of which parts of
//! the event contributed and why the others were left out.
//!
//! What the client supplied wins: a Backtrace `fingerprint` is passed through
//! unchanged, a Bugsnag `groupingHash` decides the group. Otherwise the
//! default strategy ([`STRATEGY`]) uses, for each exception of the chain, its
//! type and its top in-app frame (normalized function name and file base
//! name: never line numbers or addresses, which move with every release);
//! stackless events use their type and parameterized message, Canvas reports
//! their normalized subject and URL route.
//!
//! Versions: `crashprint:2026-12` (the default) strips compiler clone
//! suffixes from native names and knows native crash machinery (kernel
//! scheduler, lockdep, stack dumpers, sanitizer and abort paths; library
//! routines whose caller is the bug) and drops browser-specific JavaScript
//! name decorations (`Object.`, `.prototype.`); `crashprint:2026-11`
//! ([`Strategy::Crashprint2026_11`]) is the previous default, kept so that
//! stored fingerprints keep their meaning.
//!
//! ```
//! use crashprint_fingerprint::Fingerprinter;
//! use crashprint_model::{Event, Exception, Format, Frame, Platform};
//!
//! let mut event = Event::new(Format::Bugsnag, Platform::JavaScript);
//! event.exceptions.push(Exception {
//!     type_name: "TypeError".into(),
//!     message: Some("x is undefined".into()),
//!     stack: vec![Frame {
//!         function: Some("renderChart".into()),
//!         file: Some("src/charts/render.js".into()),
//!         line: Some(42),
//!         in_app: Some(true),
//!         ..Frame::default()
//!     }],
//!     thread: None,
//! });
//! let grouping = Fingerprinter::default().group(&event);
//! assert_eq!(grouping.grouping_hash, "TypeError | renderChart | render.js");
//! assert_eq!(grouping.fingerprint_base64().len(), 44);
//!
//! // The line moved in the next release: same group.
//! event.exceptions[0].stack[0].line = Some(57);
//! assert_eq!(Fingerprinter::default().group(&event).fingerprint, grouping.fingerprint);
//! ```

#![deny(missing_docs)]

mod machinery;
mod normalize;
mod rules;
mod strategy;
mod text_logs;
mod v2027;

pub use normalize::{normalize_file, normalize_function, parameterize, url_template};
pub use rules::{Action, FrameDecision, FrameRule, Matcher, Rules, RulesError};
pub use strategy::Strategy;

use base64::Engine as _;
use crashprint_model::{Event, Format, Frame, LogKind, Platform};
use machinery::Role;
use serde::Serialize;

/// The default strategy's version. Fingerprints made under one version keep
/// their meaning: a new default is a new version, never a silent change.
pub const STRATEGY: &str = Strategy::DEFAULT.name();

/// The context for fingerprints derived from a client's `groupingHash`.
const CLIENT_HASH_CONTEXT: &str = "crashprint 2026-11 client groupingHash v1";

/// What decided the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// The client's Backtrace `fingerprint`, passed through.
    ClientFingerprint,
    /// The client's Bugsnag `groupingHash`.
    ClientGroupingHash,
    /// Exception types and in-app frames.
    Stack,
    /// Exception types and parameterized messages (no usable frame).
    Message,
    /// A Canvas report's subject and URL route.
    Report,
}

/// One value that entered the fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    /// What it is: `type`, `frame`, `message`, `subject`, `url`, `client`.
    pub kind: &'static str,
    /// Its normalized value.
    pub value: String,
    /// The exception it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exception: Option<usize>,
    /// The frame it came from (index in that exception's stack).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame: Option<usize>,
}

/// A frame that was looked at, and what grouping made of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FrameNote {
    /// The exception whose stack holds it.
    pub exception: usize,
    /// Its index in that stack.
    pub frame: usize,
    /// The decision.
    pub decision: FrameDecision,
    /// The normalized function, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
}

/// The grouping of one event, with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Grouping {
    /// The 32-byte fingerprint.
    #[serde(skip)]
    pub fingerprint: [u8; 32],
    /// The readable signature, e.g. `TypeError | renderChart | render.js`.
    #[serde(skip)]
    pub grouping_hash: String,
    /// The strategy version that made it.
    pub strategy: &'static str,
    /// What decided the group.
    pub basis: Basis,
    /// The values that entered the fingerprint, in order.
    pub components: Vec<Component>,
    /// The frames looked at, and why each did or did not contribute.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub frames: Vec<FrameNote>,
    /// Frames not looked at once the group was decided.
    #[serde(skip_serializing_if = "is_zero")]
    pub frames_not_examined: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Grouping {
    /// The fingerprint as standard base64 (44 characters).
    pub fn fingerprint_base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.fingerprint)
    }
}

/// Computes groupings. Immutable once built: share one across threads.
#[derive(Debug, Clone, Default)]
pub struct Fingerprinter {
    rules: Rules,
    strategy: Strategy,
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Fingerprinter>();
    assert_send_sync::<Grouping>();
};

/// A logical frame: a raw frame, or one of its symbolicated (inlined) frames.
struct View<'a> {
    function: Option<&'a str>,
    file: Option<&'a str>,
    line: Option<u32>,
    module: Option<&'a str>,
    in_app: Option<bool>,
    guessed: bool,
}

fn views<'a>(frame: &'a Frame, profile: &Profile) -> impl Iterator<Item = View<'a>> {
    // What the report says, else what the strategy knows of text logs.
    let in_app = frame.in_app.or_else(|| profile.text_log_in_app(frame));
    let raw = std::iter::once(View {
        function: frame.function.as_deref(),
        file: frame.file.as_deref(),
        line: frame.line,
        module: frame.module.as_deref(),
        in_app,
        guessed: frame.guessed == Some(true),
    })
    .filter(move |_| frame.symbolicated.is_empty());
    let resolved = frame.symbolicated.iter().map(move |s| View {
        function: s.function.as_deref().or(frame.function.as_deref()),
        file: s.file.as_deref(),
        line: s.line,
        module: frame.module.as_deref(),
        in_app: s.in_app.or(in_app),
        guessed: frame.guessed == Some(true),
    });
    raw.chain(resolved)
}

impl Fingerprinter {
    /// A fingerprinter with these rules.
    pub fn new(rules: Rules) -> Self {
        Fingerprinter {
            rules,
            strategy: Strategy::DEFAULT,
        }
    }

    /// A fingerprinter grouping with `strategy` (its rules as given).
    pub fn with_strategy(rules: Rules, strategy: Strategy) -> Self {
        Fingerprinter { rules, strategy }
    }

    /// The strategy in use.
    pub fn strategy(&self) -> Strategy {
        self.strategy
    }

    /// The rules in use.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Groups one event.
    pub fn group(&self, event: &Event) -> Grouping {
        let computed = self.compute(event);
        if let Some(client) = &event.client_fingerprint {
            if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(client) {
                if let Ok(fingerprint) = <[u8; 32]>::try_from(bytes.as_slice()) {
                    return Grouping {
                        fingerprint,
                        basis: Basis::ClientFingerprint,
                        components: vec![Component {
                            kind: "client",
                            value: client.clone(),
                            exception: None,
                            frame: None,
                        }],
                        ..computed
                    };
                }
            }
        }
        if let Some(hash) = &event.client_grouping_hash {
            let mut hasher = blake3::Hasher::new_derive_key(CLIENT_HASH_CONTEXT);
            hasher.update(hash.as_bytes());
            return Grouping {
                fingerprint: *hasher.finalize().as_bytes(),
                grouping_hash: hash.clone(),
                basis: Basis::ClientGroupingHash,
                components: vec![Component {
                    kind: "client",
                    value: hash.clone(),
                    exception: None,
                    frame: None,
                }],
                ..computed
            };
        }
        computed
    }

    fn compute(&self, event: &Event) -> Grouping {
        let mut components = Vec::new();
        let mut notes = Vec::new();
        let mut not_examined = 0;
        let basis = if event.format == Format::Canvas {
            self.report_components(event, &mut components);
            Basis::Report
        } else {
            let mut any_frame = false;
            let exceptions = if self.strategy == Strategy::Crashprint2027_01
                && matches!(
                    event.platform,
                    Platform::Python | Platform::Java | Platform::JavaScript
                ) {
                // Class 5: `bugsnag` sends the whole `raise … from` chain,
                // `backtracepython` only the outermost exception; a JDK
                // parser adds a cause for one input and not another. The
                // outermost exception is what every SDK reports.
                self.rules.max_exceptions.min(1)
            } else {
                self.rules.max_exceptions
            };
            for (x, exception) in event.exceptions.iter().enumerate().take(exceptions) {
                let stack = event.exception_stack(x);
                let profile = Profile::of(self.strategy, event);
                let type_value = profile.exception_type(&exception.type_name, event.log_kind);
                components.push(Component {
                    kind: "type",
                    value: type_value.clone(),
                    exception: Some(x),
                    frame: None,
                });
                let before = components.len();
                let (skipped, weak_only) = match self.strategy {
                    Strategy::Crashprint2027_01
                    | Strategy::Crashprint2026_12
                    | Strategy::Crashprint2026_11 => self.frame_components(
                        profile,
                        x,
                        stack,
                        &type_value,
                        &exception.type_name,
                        &mut components,
                        &mut notes,
                    ),
                    other => {
                        self.reference_components(other, profile, x, stack, &mut components);
                        (0, false)
                    }
                };
                not_examined += skipped;
                let has_frames = components.len() > before;
                any_frame |= has_frames;
                // Log messages are identified by their text, not where they
                // were logged from. Since crashprint:2027-01, a stack of weak
                // frames only (an anonymous callback and nothing named below
                // it) is told apart by its message too (class 1).
                if !has_frames || exception.type_name == "Message" || weak_only {
                    if let Some(m) = &exception.message {
                        components.insert(
                            before,
                            Component {
                                kind: "message",
                                value: parameterize(m),
                                exception: Some(x),
                                frame: None,
                            },
                        );
                    }
                }
            }
            if event.exceptions.is_empty() {
                if let Some(m) = &event.message {
                    components.push(Component {
                        kind: "message",
                        value: parameterize(m),
                        exception: None,
                        frame: None,
                    });
                }
            }
            if any_frame {
                Basis::Stack
            } else {
                Basis::Message
            }
        };
        let fingerprint = hash_components(self.strategy.context(), &components);
        let grouping_hash = readable(&components);
        Grouping {
            fingerprint,
            grouping_hash,
            strategy: self.strategy.name(),
            basis,
            components,
            frames: notes,
            frames_not_examined: not_examined,
        }
    }

    /// Pushes the frames of one stack that contribute; returns how many
    /// frames were not examined, and whether only weak frames contributed.
    #[allow(clippy::too_many_arguments)] // one call site; the parts of one exception
    fn frame_components(
        &self,
        profile: Profile,
        exception: usize,
        stack: &[Frame],
        type_value: &str,
        type_sent: &str,
        components: &mut Vec<Component>,
        notes: &mut Vec<FrameNote>,
    ) -> (usize, bool) {
        let platform = profile.platform;
        let mut taken = 0;
        // crashprint:2027-01: frames that do not name the code at fault by
        // themselves, taken so far (v2027.rs, classes 1, 4 and 5).
        let mut weak = 0;
        let fault = v2027::is_fault_type(type_value);
        let mut last_function: Option<String> = None;
        let mut fallback: Option<(usize, String)> = None;
        // A user's sentinel rule cuts the crash machinery off the top.
        let mut cut = self.sentinel_cut(profile, stack);
        if profile.v2027 && platform == Platform::Native {
            // A panic hook runs inside the panic machinery: whatever sits
            // above where the machinery starts is the hook's (class 4). Only
            // the first entry counts: `std::panicking::try` frames sit at
            // the bottom of every Rust stack.
            let below_panic = stack
                .iter()
                .position(|f| {
                    views(f, &profile).any(|v| {
                        // Normalizing costs allocations: only names that
                        // could be a panic entry are normalized.
                        v.function.is_some_and(|name| {
                            v2027::may_be_panic_entry(name)
                                && v2027::is_panic_entry(&profile.normalize(name))
                        })
                    })
                })
                .map_or(0, |i| i + 1);
            cut = cut.max(below_panic);
        }
        for (index, frame) in stack.iter().enumerate() {
            if index < cut {
                notes.push(FrameNote {
                    exception,
                    frame: index,
                    decision: FrameDecision::Skipped,
                    function: frame.function.clone(),
                });
                continue;
            }
            if taken >= self.rules.max_frames {
                return (stack.len() - index, false);
            }
            for view in views(frame, &profile) {
                if taken >= self.rules.max_frames {
                    break;
                }
                let function = view
                    .function
                    .map(|f| profile.normalize(f))
                    .map(|f| {
                        if profile.v2027 && view.file.is_some_and(|p| p.ends_with(".rs")) {
                            v2027::rust_spelling(f)
                        } else {
                            f
                        }
                    })
                    .filter(|f| !f.is_empty());
                let location = view.file.or(view.module);
                let role = function.as_deref().and_then(|f| profile.role(f));
                let mut note = |decision, function: &Option<String>| {
                    notes.push(FrameNote {
                        exception,
                        frame: index,
                        decision,
                        function: function.clone(),
                    })
                };
                if view.guessed {
                    note(FrameDecision::Guessed, &function);
                    continue;
                }
                if function.is_none() && location.is_none() {
                    note(FrameDecision::Empty, &function);
                    continue;
                }
                if let Some(f) = &function {
                    if rules::is_folded(f, platform) {
                        note(FrameDecision::Folded, &function);
                        continue;
                    }
                    if role == Some(Role::Machinery) || self.rules.skipped(f) {
                        note(FrameDecision::Skipped, &function);
                        continue;
                    }
                    if profile.v2027 && profile.skipped_2027(f, type_value, type_sent) {
                        note(FrameDecision::Skipped, &function);
                        continue;
                    }
                }
                if self.rules.user_skipped(function.as_deref(), location) {
                    note(FrameDecision::Skipped, &function);
                    continue;
                }
                let value = frame_value(function.as_deref(), location);
                let in_app = if role == Some(Role::Helper) {
                    // Only a user's rule can claim a library routine.
                    self.rules.user_in_app(view.function, location) == Some(true)
                } else if profile.v2027 && profile.not_app_2027(&view, function.as_deref()) {
                    self.rules.user_in_app(view.function, location) == Some(true)
                } else {
                    self.rules.in_app(view.in_app, view.function, location)
                };
                if !in_app {
                    if fallback.is_none() {
                        fallback = Some((index, value));
                    }
                    note(FrameDecision::NotInApp, &function);
                    continue;
                }
                if function.is_some() && function == last_function {
                    note(FrameDecision::Recursion, &function);
                    continue;
                }
                // crashprint:2027-01: a frame that repeats the weak frame
                // before it (`<anonymous> | module` of an unsymbolicated
                // stack) adds nothing, and its count follows the depth.
                if profile.v2027
                    && weak > 0
                    && components.last().is_some_and(|c| {
                        c.kind == "frame" && c.exception == Some(exception) && c.value == value
                    })
                {
                    note(FrameDecision::Recursion, &function);
                    continue;
                }
                note(FrameDecision::Contributes, &function);
                // A frame that does not name the code at fault is joined by
                // the next one that does (crashprint:2027-01).
                let is_weak = profile.v2027
                    && weak < v2027::MAX_WEAK
                    && match function.as_deref() {
                        None => true,
                        Some(f) => {
                            v2027::is_anonymous(f)
                                || !fault && taken == 0 && weak == 0 && v2027::is_throw_helper(f)
                                || taken == 0
                                    && weak == 0
                                    && platform == Platform::Python
                                    && stack.get(index + 1).is_some_and(|caller| {
                                        v2027::python_nested_in(
                                            (view.file, view.line),
                                            (caller.file.as_deref(), caller.line),
                                        )
                                    })
                        }
                    };
                last_function = function;
                components.push(Component {
                    kind: "frame",
                    value,
                    exception: Some(exception),
                    frame: Some(index),
                });
                if is_weak {
                    weak += 1;
                } else {
                    taken += 1;
                }
            }
        }
        // No in-app frame at all: the top frame that is not a crash helper
        // still says where it happened (a crash inside a library).
        if taken == 0 && weak == 0 {
            if let Some((index, value)) = fallback {
                if let Some(n) = notes
                    .iter_mut()
                    .find(|n| n.exception == exception && n.frame == index)
                {
                    n.decision = FrameDecision::Contributes;
                }
                components.push(Component {
                    kind: "frame",
                    value,
                    exception: Some(exception),
                    frame: Some(index),
                });
            }
        }
        // The message tells weak-only stacks apart in managed runtimes
        // (anonymous callbacks); a native stack without symbols stays
        // grouped by its modules.
        (0, taken == 0 && weak > 0 && platform != Platform::Native)
    }

    /// One past the outermost frame a sentinel rule matches (0: none).
    fn sentinel_cut(&self, profile: Profile, stack: &[Frame]) -> usize {
        if self.rules.frame_rules.is_empty() {
            return 0;
        }
        stack
            .iter()
            .rposition(|f| {
                views(f, &profile).any(|v| {
                    let function = v.function.map(|f| profile.normalize(f));
                    self.rules
                        .sentinel(function.as_deref(), v.file.or(v.module))
                })
            })
            .map_or(0, |i| i + 1)
    }

    /// The frames the reference strategies group on (see [`Strategy`]).
    fn reference_components(
        &self,
        strategy: Strategy,
        profile: Profile,
        exception: usize,
        stack: &[Frame],
        components: &mut Vec<Component>,
    ) {
        let platform = profile.platform;
        let mut push = |index: usize, value: String| {
            components.push(Component {
                kind: "frame",
                value,
                exception: Some(exception),
                frame: Some(index),
            })
        };
        let function_of = |view: &View<'_>| {
            view.function
                .map(|f| normalize_function(f, platform))
                .filter(|f| !f.is_empty())
        };
        match strategy {
            Strategy::Crashprint2027_01
            | Strategy::Crashprint2026_12
            | Strategy::Crashprint2026_11 => {}
            Strategy::SentryLike => {
                const MAX: usize = 50;
                let all: Vec<(usize, View<'_>)> = stack
                    .iter()
                    .enumerate()
                    .flat_map(|(i, f)| views(f, &profile).map(move |v| (i, v)))
                    .collect();
                let in_app: Vec<&(usize, View<'_>)> = all
                    .iter()
                    .filter(|(_, v)| self.rules.in_app(v.in_app, v.function, v.file.or(v.module)))
                    .collect();
                let chosen: Vec<&(usize, View<'_>)> = if in_app.is_empty() {
                    all.iter().collect()
                } else {
                    in_app
                };
                for (i, v) in chosen.into_iter().take(MAX) {
                    if let Some(f) = function_of(v) {
                        push(*i, f);
                    }
                }
            }
            Strategy::BugsnagLike => {
                let top = stack.iter().enumerate().find_map(|(i, f)| {
                    views(f, &profile)
                        .find(|v| self.rules.in_app(v.in_app, v.function, v.file.or(v.module)))
                        .map(|v| (i, v))
                });
                if let Some((i, v)) = top {
                    let file = v.file.or(v.module).unwrap_or("<unknown>");
                    let line = v.line.map_or_else(String::new, |l| l.to_string());
                    push(i, format!("{file}:{line}"));
                }
            }
            Strategy::Top3 => {
                let mut taken = 0;
                'frames: for (i, f) in stack.iter().enumerate() {
                    for v in views(f, &profile) {
                        if taken == 3 {
                            break 'frames;
                        }
                        if v.guessed {
                            continue;
                        }
                        let function = function_of(&v);
                        if let Some(name) = &function {
                            if rules::is_folded(name, platform) || self.rules.skipped(name) {
                                continue;
                            }
                        }
                        let value = match (function, v.file.or(v.module)) {
                            (Some(name), _) => name,
                            (None, Some(loc)) => normalize_file(loc),
                            (None, None) => continue,
                        };
                        push(i, value);
                        taken += 1;
                    }
                }
            }
            Strategy::Raw => {
                for (i, f) in stack.iter().enumerate().take(5) {
                    let location = match (&f.file, f.line) {
                        (Some(file), Some(line)) => format!("{file}:{line}"),
                        (Some(file), None) => file.clone(),
                        (None, _) => f.module.clone().unwrap_or_default(),
                    };
                    let value = match (&f.function, f.address) {
                        (Some(function), _) => format!("{function} | {location}"),
                        (None, Some(address)) => format!("{location}+{address:#x}"),
                        (None, None) => location,
                    };
                    push(i, value);
                }
            }
        }
    }

    fn report_components(&self, event: &Event, components: &mut Vec<Component>) {
        if let Some(subject) = &event.message {
            let normalized = parameterize(&subject.to_lowercase());
            let normalized = normalized
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .trim_end_matches(['.', '!', '?', ' '])
                .to_string();
            components.push(Component {
                kind: "subject",
                value: normalized,
                exception: None,
                frame: None,
            });
        }
        if let Some(url) = &event.url {
            components.push(Component {
                kind: "url",
                value: url_template(url),
                exception: None,
                frame: None,
            });
        }
    }
}

/// What a version of the default strategy knows about an event's frames.
#[derive(Debug, Clone, Copy)]
struct Profile {
    platform: Platform,
    /// `crashprint:2026-12` and later: clone suffixes, crash machinery,
    /// browser-neutral JavaScript names.
    machinery: bool,
    /// A Linux kernel report.
    kernel: bool,
    /// What printed the event, when it was read from a text crash log.
    log_kind: Option<LogKind>,
    /// `crashprint:2027-01` and later (`v2027.rs`).
    v2027: bool,
}

impl Profile {
    fn of(strategy: Strategy, event: &Event) -> Profile {
        Profile {
            platform: event.platform,
            machinery: matches!(
                strategy,
                Strategy::Crashprint2026_12 | Strategy::Crashprint2027_01
            ),
            v2027: strategy == Strategy::Crashprint2027_01,
            kernel: event.log_kind == Some(LogKind::LinuxKernel),
            log_kind: event.log_kind,
        }
    }

    /// `Some(false)` for a text log's reporting frames (every version so
    /// far: see [`text_logs`]); `None` otherwise.
    fn text_log_in_app(&self, frame: &Frame) -> Option<bool> {
        let kind = self.log_kind?;
        text_logs::reports(kind, self.platform, frame).then_some(false)
    }

    fn normalize(&self, function: &str) -> String {
        let decoded;
        let function = if self.v2027 && self.platform == Platform::Native {
            decoded = v2027::rust_legacy_escapes(function);
            decoded.as_ref()
        } else {
            function
        };
        let mut name = normalize_function(function, self.platform);
        if self.machinery {
            match self.platform {
                Platform::Native => {
                    let kept = machinery::strip_clone_suffix(&name).len();
                    name.truncate(kept);
                }
                Platform::JavaScript => name = machinery::js_browser_neutral(name),
                _ => {}
            }
        }
        if self.v2027 {
            match self.platform {
                Platform::JavaScript => name = v2027::js_spelling(name),
                Platform::Java => name = v2027::java_lambda_as_method(name),
                _ => {}
            }
        }
        name
    }

    fn role(&self, normalized: &str) -> Option<Role> {
        if !self.machinery || self.platform != Platform::Native {
            None
        } else if self.kernel {
            machinery::kernel_role(normalized)
        } else if self.v2027
            && (v2027::NATIVE_ABORT_PATH.contains(&normalized) || v2027::is_panic_entry(normalized))
        {
            Some(Role::Machinery)
        } else {
            machinery::native_role(normalized)
        }
    }

    /// The exception type that enters the fingerprint.
    fn exception_type(&self, type_name: &str, log_kind: Option<LogKind>) -> String {
        if self.v2027 && matches!(log_kind, Some(LogKind::Gdb | LogKind::Lldb)) {
            // Class 5: a debugger names the signal, or the assert or panic
            // that raised it, or nothing (Apport's Stacktrace.txt): the
            // stack decides.
            return "native crash".to_string();
        }
        if self.v2027 {
            normalize_type(
                &v2027::exception_type(type_name, self.platform),
                self.platform,
            )
        } else {
            normalize_type(type_name, self.platform)
        }
    }

    /// crashprint:2027-01: frames left out of grouping: the error's own
    /// constructor (class 2).
    fn skipped_2027(&self, normalized: &str, type_value: &str, type_sent: &str) -> bool {
        self.platform == Platform::JavaScript
            && normalized.strip_prefix("new ").is_some_and(|class| {
                class == type_value
                    || class == type_sent
                    || class.ends_with("Error")
                    || class.ends_with("Exception")
            })
    }

    /// crashprint:2027-01: frames that are never the app's code whatever
    /// the client said: JavaScript runtime built-ins, the C library's
    /// sources and system modules behind a file name, Rust's standard
    /// library implementing its traits for primitive types (classes 4 and
    /// 5).
    fn not_app_2027(&self, view: &View<'_>, normalized: Option<&str>) -> bool {
        match self.platform {
            Platform::Native if normalized.is_some_and(v2027::rust_std_impl) => true,
            Platform::JavaScript => {
                v2027::js_runtime_builtin(view.file)
                    || view
                        .function
                        .is_some_and(|f| v2027::builtin_location_suffix(f).is_some())
            }
            Platform::Native => {
                view.file.is_some_and(v2027::native_system_path)
                    || view
                        .module
                        .is_some_and(|m| view.file.is_some() && is_system_module(m))
            }
            _ => false,
        }
    }
}

/// A shared library of the system (`/lib/x86_64-linux-gnu/libc.so.6`,
/// `libc.so.6` as lldb names it).
fn is_system_module(module: &str) -> bool {
    let base = module.rsplit('/').next().unwrap_or(module);
    module.starts_with("/lib/")
        || module.starts_with("/lib64/")
        || module.starts_with("/usr/lib/")
        || [
            "libc.so",
            "libc-",
            "libm.so",
            "libpthread",
            "ld-linux",
            "libstdc++",
            "libgcc_s",
            "libdl",
        ]
        .iter()
        .any(|p| base.starts_with(p))
}

/// `function | file`, or whichever of them exists.
fn frame_value(function: Option<&str>, location: Option<&str>) -> String {
    let file = location.map(normalize_file).filter(|f| !f.is_empty());
    match (function, file) {
        (Some(f), Some(file)) => format!("{f} | {file}"),
        (Some(f), None) => f.to_string(),
        (None, Some(file)) => format!("<anonymous> | {file}"),
        (None, None) => "<unknown>".to_string(),
    }
}

/// Python sends module-qualified classes from some SDKs and bare ones from
/// others (`services.ValidationError` vs `ValidationError`): group on the class.
fn normalize_type(type_name: &str, platform: Platform) -> String {
    let t = type_name.trim();
    match platform {
        Platform::Python => t.rsplit('.').next().unwrap_or(t).to_string(),
        _ => t.to_string(),
    }
}

/// blake3 in key-derivation mode over length-prefixed components: no two
/// different component lists encode to the same bytes.
fn hash_components(context: &str, components: &[Component]) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new_derive_key(context);
    hasher.update(&(components.len() as u64).to_le_bytes());
    for c in components {
        for part in [c.kind, c.value.as_str()] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        // The exception index keeps a chain's order meaningful.
        hasher.update(&(c.exception.map_or(u64::MAX, |x| x as u64)).to_le_bytes());
    }
    *hasher.finalize().as_bytes()
}

/// `TypeError | renderChart | render.js`, chained causes after ` <- `.
fn readable(components: &[Component]) -> String {
    let mut out = String::new();
    let mut current: Option<Option<usize>> = None;
    for c in components {
        if current != Some(c.exception) {
            if current.is_some() {
                out.push_str(" <- ");
            }
            current = Some(c.exception);
        } else {
            out.push_str(" | ");
        }
        out.push_str(&c.value);
    }
    if out.is_empty() {
        out.push_str("<empty>");
    }
    out
}
