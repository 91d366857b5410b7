//! The normalized event: one shape for every payload format.

use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;

/// The payload formats crashprint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A Backtrace crash object (`POST /post?format=json`).
    Backtrace,
    /// A Bugsnag notify payload (`POST /notify`).
    Bugsnag,
    /// A Canvas LMS error report (`POST /api/v1/error_reports`).
    Canvas,
    /// A plain-text crash log (sanitizer, kernel, runtime, debugger output);
    /// its kind is in [`Event::log_kind`].
    Text,
    /// A Breakpad or Crashpad minidump (binary, `MDMP` magic), stack-walked
    /// into frames by `crashprint-minidump`.
    Minidump,
}

impl Format {
    /// The lowercase name used on the command line and in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Backtrace => "backtrace",
            Format::Bugsnag => "bugsnag",
            Format::Canvas => "canvas",
            Format::Text => "text",
            Format::Minidump => "minidump",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "backtrace" => Ok(Format::Backtrace),
            "bugsnag" => Ok(Format::Bugsnag),
            "canvas" => Ok(Format::Canvas),
            "text" => Ok(Format::Text),
            "minidump" => Ok(Format::Minidump),
            other => Err(format!(
                "unknown format `{other}` (expected backtrace, bugsnag, canvas, text or minidump)"
            )),
        }
    }
}

/// The kind of report a text crash log is: which tool or runtime printed
/// it. A fact about the input, typed so that grouping policy can tell a
/// kernel report from a user-space one without comparing strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LogKind {
    /// A sanitizer report (ASan, MSan, TSan, LSan, HWASan).
    Sanitizer,
    /// An UndefinedBehaviorSanitizer report.
    Ubsan,
    /// libFuzzer's own findings (timeouts, out-of-memory, leaks).
    LibFuzzer,
    /// A Chrome/V8-style `CHECK` failure or `FATAL` log.
    Check,
    /// A failed C/C++ `assert`.
    Assert,
    /// A Go panic or fatal error.
    GoPanic,
    /// A Rust panic.
    RustPanic,
    /// A Java exception.
    Java,
    /// A Python traceback.
    Python,
    /// A JavaScript error with its stack.
    JavaScript,
    /// Windows debugger (`cdb`) output.
    Windows,
    /// A plain fatal signal.
    Signal,
    /// A Linux kernel report (KASAN, `WARNING`, `BUG`, lockdep, stalls …).
    LinuxKernel,
    /// A gdb backtrace (`bt`, `bt full`, `thread apply all bt`), also as
    /// Apport's crash reports carry it.
    Gdb,
    /// An lldb backtrace (`bt`, `thread backtrace all`).
    Lldb,
}

/// The runtime an event comes from; it picks the symbolicator for its frames
/// and the normalization rules for its names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// JavaScript in browsers, Node, Deno, React Native.
    JavaScript,
    /// CPython and friends.
    Python,
    /// Java, Kotlin and Android (JVM frames, ProGuard/R8 mappings).
    Java,
    /// Native code: C, C++, Rust, Go, Swift (instruction addresses, DWARF).
    Native,
    /// Ruby.
    Ruby,
    /// PHP.
    Php,
    /// .NET languages.
    DotNet,
    /// A web page or user report with no stack (Canvas).
    Web,
    /// Anything else.
    Other,
}

impl Platform {
    /// Maps a client's language name (`lang`, Bugsnag exception `type`, …).
    pub fn from_lang(lang: &str) -> Platform {
        let l = lang.trim().to_ascii_lowercase();
        match l.as_str() {
            "js" | "javascript" | "node" | "nodejs" | "node.js" | "browserjs" | "browser"
            | "reactnativejs" | "react-native" | "typescript" | "deno" | "electron" => {
                Platform::JavaScript
            }
            "python" | "py" | "cpython" | "pypy" => Platform::Python,
            "java" | "jvm" | "kotlin" | "android" | "scala" | "groovy" | "clojure" => {
                Platform::Java
            }
            "c" | "c++" | "cpp" | "native" | "rust" | "go" | "golang" | "swift" | "objc"
            | "objective-c" | "cocoa" | "minidump" | "ndk" | "zig" | "d" => Platform::Native,
            "ruby" | "rb" => Platform::Ruby,
            "php" => Platform::Php,
            "csharp" | "c#" | "dotnet" | ".net" | "unity" => Platform::DotNet,
            _ => Platform::Other,
        }
    }
}

/// A scalar attribute value, as Backtrace attributes carry them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AttrValue {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// An unsigned integer too big for `i64`.
    UInt(u64),
    /// A floating-point number.
    Float(f64),
    /// A string.
    Str(String),
}

/// A crash or error report in crashprint's normalized form.
///
/// Frames are stored innermost first (the frame that crashed or threw is
/// `stack[0]`), for every format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// The format the event arrived in.
    pub format: Format,
    /// The runtime it comes from.
    pub platform: Platform,
    /// The client's language name as sent (`lang`, exception `type`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// What printed a text crash log ([`Format::Text`] only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_kind: Option<LogKind>,
    /// The report id the client chose (Backtrace `uuid`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// When it happened, UTC seconds (Backtrace `timestamp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<i64>,
    /// The exception chain, outermost first (a wrapper before its cause).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<Exception>,
    /// Threads, in the order the client listed them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threads: Vec<Thread>,
    /// Loaded modules (native code).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modules: Vec<Module>,
    /// The application version (Bugsnag `app.version`, Backtrace `application.version`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// What the app was doing (Bugsnag `context`, Canvas `context_asset_string`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// A message for stackless reports (Canvas `subject`, a logged message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The page the report came from (Canvas `url`, Bugsnag `request.url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Severity as reported (`error`, `warning`, `info`, Canvas's five values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// Whether the error was unhandled (crashed the app).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unhandled: Option<bool>,
    /// Client-supplied Backtrace fingerprint (base64 of 32 bytes), validated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_fingerprint: Option<String>,
    /// Client-supplied Bugsnag `groupingHash`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_grouping_hash: Option<String>,
    /// Backtrace `classifiers`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classifiers: Vec<String>,
    /// What led up to the error, oldest first as sent (Bugsnag `breadcrumbs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breadcrumbs: Vec<Breadcrumb>,
    /// Flat searchable attributes (Backtrace `attributes`; Bugsnag `app.*`,
    /// `device.*`, `user.*`; Canvas `email`, `user_roles` …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, AttrValue>,
}

impl Event {
    /// An empty event of this format and platform.
    pub fn new(format: Format, platform: Platform) -> Self {
        Event {
            format,
            platform,
            lang: None,
            log_kind: None,
            id: None,
            timestamp: None,
            exceptions: Vec::new(),
            threads: Vec::new(),
            modules: Vec::new(),
            release: None,
            context: None,
            message: None,
            url: None,
            severity: None,
            unhandled: None,
            client_fingerprint: None,
            client_grouping_hash: None,
            classifiers: Vec::new(),
            breadcrumbs: Vec::new(),
            attributes: BTreeMap::new(),
        }
    }

    /// The stack of exception `index`: its own frames, or those of the thread
    /// it names (Backtrace keeps the crashing stack on the thread).
    pub fn exception_stack(&self, index: usize) -> &[Frame] {
        let Some(exception) = self.exceptions.get(index) else {
            return &[];
        };
        if !exception.stack.is_empty() {
            return &exception.stack;
        }
        match &exception.thread {
            Some(id) => self
                .threads
                .iter()
                .find(|t| &t.id == id)
                .map(|t| t.stack.as_slice())
                .unwrap_or(&[]),
            None => &[],
        }
    }

    /// The thread that crashed, if one is marked.
    pub fn crashed_thread(&self) -> Option<&Thread> {
        self.threads.iter().find(|t| t.crashed)
    }

    /// Every frame of the event, mutably: for symbolicators.
    pub fn frames_mut(&mut self) -> impl Iterator<Item = &mut Frame> {
        self.exceptions
            .iter_mut()
            .flat_map(|e| e.stack.iter_mut())
            .chain(self.threads.iter_mut().flat_map(|t| t.stack.iter_mut()))
    }

    /// Number of frames in all stacks.
    pub fn frame_count(&self) -> usize {
        self.exceptions.iter().map(|e| e.stack.len()).sum::<usize>()
            + self.threads.iter().map(|t| t.stack.len()).sum::<usize>()
    }
}

/// One exception of a chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Exception {
    /// The error type or class (`TypeError`, `java.lang.IllegalStateException`, `SIGSEGV`).
    #[serde(rename = "type")]
    pub type_name: String,
    /// The error message, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Its frames, innermost first. Empty when `thread` holds them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stack: Vec<Frame>,
    /// The id of the thread whose stack is this exception's (Backtrace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<String>,
}

/// One thread of the crashed process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Thread {
    /// The thread's id (key in Backtrace `threads`).
    pub id: String,
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether this thread crashed or reported the error.
    #[serde(default)]
    pub crashed: bool,
    /// Its frames, innermost first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stack: Vec<Frame>,
}

/// A module (executable or shared library) loaded in the crashed process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Module {
    /// Load address.
    #[serde(default, with = "hex_opt", skip_serializing_if = "Option::is_none")]
    pub start: Option<u64>,
    /// Bytes mapped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// The path it was loaded from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_file: Option<String>,
    /// Its debug file's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debug_file: Option<String>,
    /// Its debug identifier (build id or Breakpad id). Untrusted input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debug_id: Option<String>,
    /// Its code identifier (the full ELF build id, or a PE file's
    /// timestamp and size), as a minidump lists it. Untrusted input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_id: Option<String>,
    /// Its version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// What symbolication found for it: `found`, or `missing: <why>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debug_status: Option<String>,
}

/// One stack frame: what the client sent, and what symbolication adds.
///
/// A frame that cannot be symbolicated keeps its raw fields, so nothing is
/// lost or reordered; `symbolicated` holds the resolved frames (several when
/// functions were inlined, innermost first).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Frame {
    /// The function name as sent: maybe minified, mangled or obfuscated
    /// (`funcName`, `method`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// The file, URL or source path as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// Absolute instruction address (native frames).
    #[serde(default, with = "hex_opt", skip_serializing_if = "Option::is_none")]
    pub address: Option<u64>,
    /// The module (library, shared object) the address belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    /// The module's load address, when the frame carries it (Bugsnag NDK).
    #[serde(default, with = "hex_opt", skip_serializing_if = "Option::is_none")]
    pub module_base: Option<u64>,
    /// The enclosing symbol's address, when sent (Bugsnag NDK).
    #[serde(default, with = "hex_opt", skip_serializing_if = "Option::is_none")]
    pub symbol_address: Option<u64>,
    /// The module's debug identifier, when the frame carries it. Untrusted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debug_id: Option<String>,
    /// The client's in-project flag (Bugsnag `inProject`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_app: Option<bool>,
    /// The unwinder guessed this frame (Backtrace `guessed_frame`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guessed: Option<bool>,
    /// The client marked this frame as the faulting one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faulted: Option<bool>,
    /// How a stack walker found this frame (minidumps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust: Option<FrameTrust>,
    /// The frame's runtime as the client tagged it (Bugsnag `type`: `c`, `jvm` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Source lines around the frame's line, as sent (Bugsnag `code`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<SourceLine>,
    /// Frames resolved by a symbolicator, innermost (inlined) first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub symbolicated: Vec<SymbolicatedFrame>,
    /// Why the frame is not symbolicated, when a symbolicator tried; for a
    /// frame whose expansion was cut by the symbol budget, what was left
    /// out. Symbol files are named relative to their symbol directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unresolved: Option<String>,
    /// What symbolication made of it, when a symbolicator tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<FrameStatus>,
}

/// How a stack walker found a frame, most trusted first: the names are
/// minidump-processor's (`context`, `cfi`, `frame_pointer`, `cfi_scan`,
/// `scan`, `prewalked`, `none`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameTrust {
    /// The thread's registers: the innermost frame.
    Context,
    /// Call frame information (DWARF CFI, Breakpad `STACK CFI`/`STACK WIN`).
    Cfi,
    /// The frame-pointer chain.
    FramePointer,
    /// A stack scan that CFI confirmed.
    CfiScan,
    /// A stack scan: a word on the stack that points into code.
    Scan,
    /// Frames the client walked itself.
    Prewalked,
    /// Unknown.
    #[serde(rename = "none")]
    Unknown,
}

impl FrameTrust {
    /// The name used in output (`context`, `cfi`, `frame_pointer` …).
    pub fn as_str(self) -> &'static str {
        match self {
            FrameTrust::Context => "context",
            FrameTrust::Cfi => "cfi",
            FrameTrust::FramePointer => "frame_pointer",
            FrameTrust::CfiScan => "cfi_scan",
            FrameTrust::Scan => "scan",
            FrameTrust::Prewalked => "prewalked",
            FrameTrust::Unknown => "none",
        }
    }
}

/// What symbolication made of a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FrameStatus {
    /// Resolved from debug information (function, file, line).
    Symbolicated,
    /// Only a function name, from the symbol table.
    SymbolTable,
    /// The module's debug file is not in the symbol directories.
    MissingDebugFile,
    /// The debug file has nothing at this address.
    NotCovered,
    /// The address lies in no module the report lists.
    NoModule,
    /// A bound of the symbol budget was reached: the frame's symbol file is
    /// over a bound (size, decompressed size, parse time), or the stack's
    /// expanded frames reached theirs. The raw frame is kept.
    OverBudget,
}

/// One line of source code shown with a frame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLine {
    /// Its 1-based line number.
    pub line: u32,
    /// Its text.
    pub text: String,
}

/// Something that happened before the error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Breadcrumb {
    /// When, as sent (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// A short summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its category (`navigation`, `request`, `process`, `log`, `user`,
    /// `state`, `error`, `manual`).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// A frame as a symbolicator resolved it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SymbolicatedFrame {
    /// Original function name (demangled, deobfuscated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// Original source file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Original 1-based line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Original 1-based column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// This frame was inlined into the next one.
    #[serde(default)]
    pub inlined: bool,
    /// In-app decision of the symbolicator (source map ignore lists, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_app: Option<bool>,
    /// Original source lines around `line` (source maps' `sourcesContent`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<SourceLine>,
}

/// Serializes `Option<u64>` as a `0x…` string: JSON numbers lose 64-bit precision.
mod hex_opt {
    use super::*;
    use serde::Deserializer;

    pub fn serialize<S: Serializer>(v: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_str(&format!("{v:#x}")),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        let s: Option<String> = Option::deserialize(d)?;
        match s {
            None => Ok(None),
            Some(s) => crate::num::parse_u64(&s)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom(format!("not an address: {s}"))),
        }
    }
}
