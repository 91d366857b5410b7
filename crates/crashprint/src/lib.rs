//! crashprint turns raw crash and error reports — Backtrace crash objects,
//! Bugsnag notify payloads, Canvas error reports — into normalized events
//! with a 32-byte fingerprint and a readable `groupingHash` that decide which
//! reports are the same problem.
//!
//! Build one [`Engine`] and share it: it is `Send + Sync`, holds no global
//! state, and processes payloads in parallel on a rayon pool you may supply.
//!
//! ```
//! use crashprint::Engine;
//!
//! let engine = Engine::builder().build().expect("engine");
//! let payload = br#"{"subject": "Quiz won't submit", "url": "https://lms.example/courses/7/quizzes/3"}"#;
//! let events = engine.process(payload).expect("accepted");
//! assert_eq!(events[0].grouping_hash, "quiz won't submit | /courses/<int>/quizzes/<int>");
//! assert_eq!(events[0].fingerprint.len(), 44);
//!
//! // Bad input is a Problem (an OperationOutcome), never a panic.
//! let problem = engine.process(b"{\"threads\": ").unwrap_err();
//! assert_eq!(problem.http_status(), 400);
//! ```

#![deny(missing_docs)]

use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The native symbolicator (DWARF module indexes), for direct use.
pub use crashprint_native as native;
pub use crashprint_proguard as proguard;
pub use crashprint_sourcemap as sourcemap;

pub use crashprint_fingerprint::{
    Basis, Component, Fingerprinter, FrameDecision, FrameNote, Grouping, Rules, Strategy, STRATEGY,
};
pub use crashprint_model::{
    enrich, parse, parse_u64, AttrValue, Event, Exception, Format, Frame, FrameStatus, Issue,
    IssueCode, Limits, Module, Platform, Problem, Severity, SymbolicatedFrame, Thread,
};

use rayon::prelude::*;
use serde::Serialize;

/// One event of an accepted payload, grouped.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessedEvent {
    /// The event's index within its payload (Bugsnag batches several).
    pub index: usize,
    /// The payload's format.
    pub format: Format,
    /// Base64 (standard, padded: 44 characters) of the 32-byte fingerprint.
    pub fingerprint: String,
    /// The readable grouping signature, or the client's `groupingHash`.
    pub grouping_hash: String,
    /// How the group was decided.
    pub grouping: Grouping,
    /// The normalized (and, once resolvers run, symbolicated) event.
    pub event: Event,
    /// What was truncated, dropped or guessed while reading the payload.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Issue>,
}

/// A stage that resolves frames in place (native, source maps, ProGuard).
///
/// A resolver fills [`Frame::symbolicated`] or sets [`Frame::unresolved`];
/// it never removes or reorders frames. It runs before fingerprinting, so
/// groups use original names.
pub trait Symbolicator: Send + Sync + fmt::Debug {
    /// A short name for logs.
    fn name(&self) -> &'static str;
    /// Resolves what it can of `event`.
    fn symbolicate(&self, event: &mut Event);
}

/// Native frames (instruction addresses + modules) resolved through the
/// debug files of the symbol directories.
#[derive(Debug)]
pub struct NativeSymbolicator {
    store: native::SymbolStore,
}

impl NativeSymbolicator {
    /// Debug files under `dirs`; at most `capacity` module indexes stay open.
    pub fn new(dirs: Vec<PathBuf>, capacity: usize) -> Self {
        NativeSymbolicator {
            store: native::SymbolStore::new(dirs, capacity),
        }
    }

    /// The same, building each module's flat address table when it is
    /// opened (see [`EngineBuilder::native_flat_tables`]).
    pub fn with_flat_tables(dirs: Vec<PathBuf>, capacity: usize) -> Self {
        NativeSymbolicator {
            store: native::SymbolStore::new(dirs, capacity).with_flat_tables(true),
        }
    }
}

/// JavaScript frames (URL + line + column) resolved through the source maps
/// of the symbol directories (`DIR/sourcemaps/<release>/…`, debug ids).
#[derive(Debug)]
pub struct SourceMapSymbolicator {
    store: sourcemap::SourceMapStore,
}

impl SourceMapSymbolicator {
    /// Source maps under `dirs`; at most `capacity` parsed maps stay loaded.
    pub fn new(dirs: Vec<PathBuf>, capacity: usize) -> Self {
        SourceMapSymbolicator {
            store: sourcemap::SourceMapStore::new(dirs, capacity),
        }
    }
}

impl Symbolicator for SourceMapSymbolicator {
    fn name(&self) -> &'static str {
        "sourcemap"
    }

    fn symbolicate(&self, event: &mut Event) {
        sourcemap::symbolicate_event(&self.store, event);
    }
}

/// Obfuscated JVM/Android frames and exception classes resolved through the
/// ProGuard/R8 mappings of the symbol directories
/// (`DIR/proguard/<release>/mapping.txt`, `DIR/proguard/<uuid>.txt`).
#[derive(Debug)]
pub struct ProguardSymbolicator {
    store: proguard::MappingStore,
}

impl ProguardSymbolicator {
    /// Mappings under `dirs`; at most `capacity` parsed mappings stay loaded.
    pub fn new(dirs: Vec<PathBuf>, capacity: usize) -> Self {
        ProguardSymbolicator {
            store: proguard::MappingStore::new(dirs, capacity),
        }
    }
}

impl Symbolicator for ProguardSymbolicator {
    fn name(&self) -> &'static str {
        "proguard"
    }

    fn symbolicate(&self, event: &mut Event) {
        proguard::symbolicate_event(&self.store, event);
    }
}

impl Symbolicator for NativeSymbolicator {
    fn name(&self) -> &'static str {
        "native"
    }

    fn symbolicate(&self, event: &mut Event) {
        native::symbolicate_event(&self.store, event);
    }
}

/// Why an [`Engine`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// A symbol directory does not exist or is not a directory.
    #[error("symbol directory {path} is not a readable directory")]
    SymbolDir {
        /// The directory given.
        path: PathBuf,
        /// The underlying error, if any.
        #[source]
        source: Option<std::io::Error>,
    },
    /// The thread pool could not be started.
    #[error("could not start a thread pool of {threads} threads")]
    ThreadPool {
        /// Threads asked for.
        threads: usize,
        /// The underlying error.
        #[source]
        source: rayon::ThreadPoolBuildError,
    },
}

/// Configures an [`Engine`].
#[derive(Debug, Default)]
pub struct EngineBuilder {
    limits: Limits,
    rules: Rules,
    strategy: Strategy,
    format: Option<Format>,
    symbol_dirs: Vec<PathBuf>,
    symbolicators: Vec<Arc<dyn Symbolicator>>,
    pool: Option<Arc<rayon::ThreadPool>>,
    threads: Option<usize>,
    native_flat_tables: bool,
}

impl EngineBuilder {
    /// For long-running servers: each native module gets its flat address
    /// table when first opened (on a 68 MB Rust binary with full debug info
    /// about a second and 19 MB), and its lookups then take ~0.25 µs
    /// instead of ~2 µs once the module no longer fits the CPU caches. Off
    /// by default: a one-off batch is faster parsing only the compilation
    /// units its addresses fall in.
    pub fn native_flat_tables(mut self, on: bool) -> Self {
        self.native_flat_tables = on;
        self
    }

    /// Bounds on each payload.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Grouping rules.
    pub fn rules(mut self, rules: Rules) -> Self {
        self.rules = rules;
        self
    }

    /// The grouping strategy (default: [`Strategy::Default`], the versioned
    /// [`STRATEGY`]); the others re-implement other services' grouping for
    /// comparison.
    pub fn strategy(mut self, strategy: Strategy) -> Self {
        self.strategy = strategy;
        self
    }

    /// Reads every payload as this format instead of detecting it.
    pub fn format(mut self, format: Option<Format>) -> Self {
        self.format = format;
        self
    }

    /// Adds a symbol directory (debug files, source maps, ProGuard mappings).
    /// Nothing outside the directories given is ever opened for a payload.
    pub fn symbol_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.symbol_dirs.push(dir.into());
        self
    }

    /// Adds a resolver stage.
    pub fn symbolicator(mut self, s: Arc<dyn Symbolicator>) -> Self {
        self.symbolicators.push(s);
        self
    }

    /// Runs batches on this pool (the caller's), instead of the current one.
    pub fn thread_pool(mut self, pool: Arc<rayon::ThreadPool>) -> Self {
        self.pool = Some(pool);
        self
    }

    /// Runs batches on a private pool of this many threads.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads.max(1));
        self
    }

    /// Builds the engine.
    pub fn build(self) -> Result<Engine, EngineError> {
        for dir in &self.symbol_dirs {
            match std::fs::metadata(dir) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => {
                    return Err(EngineError::SymbolDir {
                        path: dir.clone(),
                        source: None,
                    })
                }
                Err(e) => {
                    return Err(EngineError::SymbolDir {
                        path: dir.clone(),
                        source: Some(e),
                    })
                }
            }
        }
        let pool = match (self.pool, self.threads) {
            (Some(pool), _) => Some(pool),
            (None, Some(threads)) => Some(Arc::new(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .thread_name(|i| format!("crashprint-{i}"))
                    .build()
                    .map_err(|source| EngineError::ThreadPool { threads, source })?,
            )),
            (None, None) => None,
        };
        let mut symbolicators = self.symbolicators;
        if !self.symbol_dirs.is_empty() {
            // Native resolution comes first; it opens nothing until a payload
            // has native frames.
            symbolicators.insert(
                0,
                Arc::new(if self.native_flat_tables {
                    NativeSymbolicator::with_flat_tables(self.symbol_dirs.clone(), 64)
                } else {
                    NativeSymbolicator::new(self.symbol_dirs.clone(), 64)
                }),
            );
            // Source maps: `DIR/sourcemaps/`, scanned on the first JS frame.
            symbolicators.insert(
                1,
                Arc::new(SourceMapSymbolicator::new(self.symbol_dirs.clone(), 64)),
            );
            // ProGuard/R8 mappings: `DIR/proguard/`, read on the first JVM event.
            symbolicators.insert(
                2,
                Arc::new(ProguardSymbolicator::new(self.symbol_dirs.clone(), 16)),
            );
        }
        Ok(Engine {
            limits: self.limits,
            fingerprinter: Fingerprinter::with_strategy(self.rules, self.strategy),
            format: self.format,
            symbol_dirs: self.symbol_dirs,
            symbolicators,
            pool,
        })
    }
}

/// Parses, validates, symbolicates and fingerprints payloads. Build once,
/// share everywhere (`Send + Sync`, cheap to share behind `Arc`).
#[derive(Debug)]
pub struct Engine {
    limits: Limits,
    fingerprinter: Fingerprinter,
    format: Option<Format>,
    symbol_dirs: Vec<PathBuf>,
    symbolicators: Vec<Arc<dyn Symbolicator>>,
    pool: Option<Arc<rayon::ThreadPool>>,
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Engine>();
    assert_send_sync::<ProcessedEvent>();
    assert_send_sync::<EngineError>();
};

impl Engine {
    /// Starts configuring an engine.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The symbol directories configured.
    pub fn symbol_dirs(&self) -> impl Iterator<Item = &Path> {
        self.symbol_dirs.iter().map(PathBuf::as_path)
    }

    /// Processes one payload (format detected unless the engine forces one).
    pub fn process(&self, payload: &[u8]) -> Result<Vec<ProcessedEvent>, Problem> {
        self.process_as(payload, self.format)
    }

    /// Processes one payload read as `format` (`None`: detect).
    ///
    /// A bug in crashprint that panics is caught and reported as an
    /// `exception` issue (HTTP 500) rather than taking the caller down.
    pub fn process_as(
        &self,
        payload: &[u8],
        format: Option<Format>,
    ) -> Result<Vec<ProcessedEvent>, Problem> {
        match catch_unwind(AssertUnwindSafe(|| self.process_inner(payload, format))) {
            Ok(result) => result,
            Err(_) => {
                tracing::error!("internal error while processing a payload");
                Err(Problem::single(
                    IssueCode::Exception,
                    "$",
                    "internal error in crashprint while processing this payload",
                ))
            }
        }
    }

    fn process_inner(
        &self,
        payload: &[u8],
        format: Option<Format>,
    ) -> Result<Vec<ProcessedEvent>, Problem> {
        let parsed = parse(payload, format, &self.limits)?;
        let format = parsed.format;
        let warnings = parsed.warnings;
        let count = parsed.events.len();
        let mut out = Vec::with_capacity(count);
        for (index, mut event) in parsed.events.into_iter().enumerate() {
            for s in &self.symbolicators {
                s.symbolicate(&mut event);
            }
            let grouping = self.fingerprinter.group(&event);
            out.push(ProcessedEvent {
                index,
                format,
                fingerprint: grouping.fingerprint_base64(),
                grouping_hash: grouping.grouping_hash.clone(),
                grouping,
                event,
                // Payload-level warnings go with the first event only.
                warnings: if index == 0 {
                    warnings.clone()
                } else {
                    Vec::new()
                },
            });
        }
        Ok(out)
    }

    /// Processes many payloads in parallel; results keep the input order.
    /// Runs on the engine's pool when it has one, else on the caller's
    /// current rayon pool.
    pub fn process_batch<P>(&self, payloads: &[P]) -> Vec<Result<Vec<ProcessedEvent>, Problem>>
    where
        P: AsRef<[u8]> + Sync,
    {
        self.map_batch(payloads, |engine, p| engine.process(p.as_ref()))
    }

    /// Applies `f` to every item in parallel (on the engine's pool when it
    /// has one), keeping the input order: the building block of batch
    /// front ends that also format output in parallel.
    pub fn map_batch<T, R, F>(&self, items: &[T], f: F) -> Vec<R>
    where
        T: Sync,
        R: Send,
        F: Fn(&Engine, &T) -> R + Sync + Send,
    {
        let run = || items.par_iter().map(|item| f(self, item)).collect();
        match &self.pool {
            Some(pool) => pool.install(run),
            None => run(),
        }
    }

    /// Processes a payload and writes the grouping of each event back into
    /// the payload in its own format (see [`enrich`]).
    pub fn enrich(&self, payload: &[u8]) -> Result<serde_json::Value, Problem> {
        let events = self.process(payload)?;
        let mut value: serde_json::Value = serde_json::from_slice(payload).map_err(|e| {
            Problem::single(IssueCode::Invalid, "$", format!("malformed JSON: {e}"))
        })?;
        for e in &events {
            enrich(
                &mut value,
                e.format,
                e.index,
                crashprint_model::Grouping {
                    fingerprint: &e.fingerprint,
                    grouping_hash: &e.grouping_hash,
                    strategy: e.grouping.strategy,
                },
            );
        }
        Ok(value)
    }
}

/// The code path the fuzz targets (`fuzz/`) and their corpus test share.
///
/// Unlike [`Engine::process`], it does not catch panics: a fuzzer must see them.
#[doc(hidden)]
pub mod fuzz_support {
    use super::*;

    /// Parses `data` (as `format`, or detected), groups every event, and
    /// serializes the results and problems as the CLI would; checks the
    /// invariants every answer must hold.
    pub fn exercise(data: &[u8], format: Option<Format>) {
        let limits = Limits::default();
        let fingerprinter = Fingerprinter::default();
        match parse(data, format, &limits) {
            Ok(parsed) => {
                for event in &parsed.events {
                    let grouping = fingerprinter.group(event);
                    assert_eq!(grouping.fingerprint_base64().len(), 44);
                    assert!(!grouping.grouping_hash.is_empty());
                    let _ = serde_json::to_vec(event).map(|v| assert!(!v.is_empty()));
                    let _ = serde_json::to_vec(&grouping);
                }
            }
            Err(problem) => {
                assert!(problem.errors().next().is_some());
                let _ = serde_json::to_vec(&problem);
                let _ = problem.http_status();
            }
        }
    }

    /// A text crash log from arbitrary bytes: read and grouped with every
    /// strategy; never panics.
    pub fn exercise_crash_log(data: &[u8]) {
        let text = String::from_utf8_lossy(data);
        if let Some(event) = crashprint_model::crashlog::parse_crash_log(&text) {
            for strategy in Strategy::ALL {
                let grouping =
                    Fingerprinter::with_strategy(Rules::default(), strategy).group(&event);
                assert_eq!(grouping.fingerprint_base64().len(), 44);
            }
            let _ = serde_json::to_vec(&event);
        }
    }

    /// A ProGuard/R8 mapping from arbitrary bytes, with a stack trace
    /// retraced through it (the text after the first NUL, or a fixed one):
    /// parsing and retracing never panic.
    pub fn exercise_proguard(data: &[u8]) {
        let (mapping, trace) = match data.iter().position(|&b| b == 0) {
            Some(i) => (&data[..i], String::from_utf8_lossy(&data[i + 1..]).into_owned()),
            None => (
                data,
                "java.lang.RuntimeException: a.b: x\n\tat a.a.a(SourceFile:1)\n\tat a.b.c.d(Unknown Source)\nCaused by: a.c\n\tat a.a.b(:7)\n".to_string(),
            ),
        };
        let mapping = proguard::Mapping::parse(mapping);
        let _ = proguard::retrace_text(&mapping, &trace, false);
        let _ = proguard::retrace_text(&mapping, &trace, true);
        let frames = [proguard::StackFrame {
            class: "a.a",
            method: "a",
            line: Some(1),
            file: Some("SourceFile"),
        }];
        let _ = mapping.remap_stack(Some("a.b"), &frames);
        let _ = mapping.remap_class("a.a");
    }

    /// Indexes an object file (a 64 MiB decompression cap), looks up probe
    /// addresses, then builds the flat address table and checks that it
    /// answers the same (the native fuzz target and its corpus test).
    pub fn exercise_native(data: &[u8]) {
        let Ok(index) = native::ModuleIndex::parse(data.to_vec(), 64 << 20) else {
            return;
        };
        let probe: Vec<u64> = (0..64u64)
            .map(|i| 0x1000 + i * 0x41)
            .chain([0, u64::MAX])
            .collect();
        let lazy = index.lookup_many(&probe);
        assert_eq!(lazy.len(), probe.len());
        if index.build_flat_table().is_some() {
            assert_eq!(index.lookup_many(&probe), lazy, "flat table differs");
        }
    }

    /// A source map and a minified file from arbitrary bytes (split at the
    /// first NUL; without one, the bytes are tried as both): parsing, the
    /// scope scan and lookups never panic, and lookups stay on their line.
    pub fn exercise_sourcemap(data: &[u8]) {
        use sourcemap::{Bias, Position, SourceMap};
        let (map, minified) = match data.iter().position(|&b| b == 0) {
            Some(i) => (&data[..i], &data[i + 1..]),
            None => (data, data),
        };
        let minified = String::from_utf8_lossy(minified);
        let empty = br#"{"version":3,"sources":[],"mappings":""}"#;
        for bytes in [map, &empty[..]] {
            let Ok(map) = SourceMap::from_slice(bytes) else {
                continue;
            };
            let map = map.with_minified_source(&minified);
            for line in 0..8u32 {
                for column in [0u32, 1, 7, 40, 1000, u32::MAX] {
                    let at = Position::zero_based(line, column);
                    for bias in [Bias::GreatestLowerBound, Bias::LeastUpperBound] {
                        if let Some(token) = map.lookup(at, bias) {
                            assert_eq!(token.generated.line0(), line);
                        }
                    }
                    if let Some(hit) = map.resolve(at) {
                        let _ = (hit.function, hit.token.source, hit.ignored);
                        if let Some(source) = hit.token.source_index {
                            let _ =
                                map.context(source, hit.token.original.map_or(1, |p| p.line()), 3);
                        }
                    }
                }
            }
        }
    }
}
