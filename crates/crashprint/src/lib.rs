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

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The minidump reader and stack walker, for direct use.
pub use crashprint_minidump as minidump;
/// The native symbolicator (DWARF module indexes), for direct use.
pub use crashprint_native as native;
/// ProGuard/R8 mappings and retrace, for direct use.
pub use crashprint_proguard as proguard;
/// The readers of every input (payloads, text crash logs), for direct use.
pub use crashprint_readers as readers;
/// Source maps, for direct use.
pub use crashprint_sourcemap as sourcemap;

pub use crashprint_fingerprint::{
    Basis, Component, Fingerprinter, FrameDecision, FrameNote, Grouping, Rules, Strategy, STRATEGY,
};
pub use crashprint_model::{
    parse_u64, AttrValue, Event, Exception, Format, Frame, FrameStatus, FrameTrust, Issue,
    IssueCode, Limits, LogKind, Module, Platform, Problem, Severity, SymbolBudget,
    SymbolicatedFrame, Symbolicator, Thread,
};
pub use crashprint_readers::parse;

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
    capacities: CacheCapacities,
    budget: SymbolBudget,
}

/// How many parsed symbol files each store keeps open (least recently used
/// ones are dropped past these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheCapacities {
    /// Native module indexes (debug files).
    pub native: usize,
    /// Parsed source maps.
    pub sourcemap: usize,
    /// Parsed ProGuard/R8 mappings.
    pub proguard: usize,
}

impl Default for CacheCapacities {
    fn default() -> Self {
        CacheCapacities {
            native: 64,
            sourcemap: 64,
            proguard: 16,
        }
    }
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

    /// How many parsed symbol files each store keeps (default:
    /// [`CacheCapacities::default`], 64 native modules, 64 source maps, 16
    /// ProGuard mappings). Each is at least 1.
    pub fn cache_capacities(mut self, capacities: CacheCapacities) -> Self {
        self.capacities = capacities;
        self
    }

    /// What each symbol file may cost (size, decompressed size, parse
    /// time) and how far frames may expand through it (default:
    /// [`SymbolBudget::default`], suited to a server loading files its
    /// customers upload). A file over the budget leaves its frames
    /// unresolved, saying why, and is remembered so that later payloads
    /// pay nothing for it.
    pub fn symbol_budget(mut self, budget: SymbolBudget) -> Self {
        self.budget = budget;
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

    /// The grouping strategy (default: [`Strategy::DEFAULT`], the versioned
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
        let capacity = self.capacities;
        // One native store serves both the minidump walker (CFI, names) and
        // the native frames of other payloads.
        let native_store = Arc::new(
            native::SymbolStore::new(self.symbol_dirs.clone(), capacity.native.max(1))
                .with_flat_tables(self.native_flat_tables)
                .with_budget(self.budget),
        );
        let minidumps = minidump::MinidumpReader::new(
            native_store.clone(),
            self.symbol_dirs.clone(),
            capacity.native.max(1),
            self.budget,
        );
        if !self.symbol_dirs.is_empty() {
            let dirs = &self.symbol_dirs;
            // Native resolution first; it opens nothing until a payload has
            // native frames. Source maps (`DIR/sourcemaps/`) are scanned on
            // the first JS frame, ProGuard/R8 mappings (`DIR/proguard/`) read
            // on the first JVM event.
            let stores: [Arc<dyn Symbolicator>; 3] = [
                native_store,
                Arc::new(
                    sourcemap::SourceMapStore::new(dirs.clone(), capacity.sourcemap.max(1))
                        .with_budget(self.budget),
                ),
                Arc::new(
                    proguard::MappingStore::new(dirs.clone(), capacity.proguard.max(1))
                        .with_budget(self.budget),
                ),
            ];
            symbolicators.splice(0..0, stores);
        }
        Ok(Engine {
            budget: self.budget,
            limits: self.limits,
            fingerprinter: Fingerprinter::with_strategy(self.rules, self.strategy),
            format: self.format,
            symbol_dirs: self.symbol_dirs,
            symbolicators,
            minidumps,
            pool,
        })
    }
}

/// Parses, validates, symbolicates and fingerprints payloads. Build once,
/// share everywhere (`Send + Sync`, cheap to share behind `Arc`).
#[derive(Debug)]
pub struct Engine {
    budget: SymbolBudget,
    limits: Limits,
    fingerprinter: Fingerprinter,
    format: Option<Format>,
    symbol_dirs: Vec<PathBuf>,
    symbolicators: Vec<Arc<dyn Symbolicator>>,
    minidumps: minidump::MinidumpReader,
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

    /// The symbol budget in force.
    pub fn symbol_budget(&self) -> &SymbolBudget {
        &self.budget
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
        if format == Some(Format::Minidump) || (format.is_none() && minidump::is_minidump(payload))
        {
            let walked = self.walk_minidump(payload)?;
            let mut event = walked.to_event(&self.limits);
            for s in &self.symbolicators {
                s.symbolicate(&mut event);
            }
            let grouping = self.fingerprinter.group(&event);
            return Ok(vec![ProcessedEvent {
                index: 0,
                format: Format::Minidump,
                fingerprint: grouping.fingerprint_base64(),
                grouping_hash: grouping.grouping_hash.clone(),
                grouping,
                event,
                warnings: Vec::new(),
            }]);
        }
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

    /// Reads and stack-walks a minidump with the engine's symbol
    /// directories (debug files by build id, Breakpad `.sym` files).
    pub fn walk_minidump(&self, bytes: &[u8]) -> Result<minidump::Walked, Problem> {
        match catch_unwind(AssertUnwindSafe(|| self.minidumps.walk(bytes))) {
            Ok(Ok(walked)) => Ok(walked),
            Ok(Err(e)) => {
                let code = match e {
                    minidump::MinidumpError::TooLarge { .. }
                    | minidump::MinidumpError::StackTooLarge { .. }
                    | minidump::MinidumpError::TooManyThreads { .. } => IssueCode::TooLong,
                    _ => IssueCode::Invalid,
                };
                Err(Problem::single(code, "$", format!("minidump: {e}")))
            }
            Err(_) => {
                tracing::error!("internal error while walking a minidump");
                Err(Problem::single(
                    IssueCode::Exception,
                    "$",
                    "internal error in crashprint while walking this minidump",
                ))
            }
        }
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
    /// the payload in its own format (see [`readers::enrich()`]).
    pub fn enrich(&self, payload: &[u8]) -> Result<serde_json::Value, Problem> {
        let events = self.process(payload)?;
        let mut value: serde_json::Value = serde_json::from_slice(payload).map_err(|e| {
            Problem::single(IssueCode::Invalid, "$", format!("malformed JSON: {e}"))
        })?;
        for e in &events {
            crashprint_readers::enrich(
                &mut value,
                e.format,
                e.index,
                crashprint_readers::Grouping {
                    fingerprint: &e.fingerprint,
                    grouping_hash: &e.grouping_hash,
                    strategy: e.grouping.strategy,
                },
            );
        }
        Ok(value)
    }
}

#[doc(hidden)]
pub mod fuzz_support;
