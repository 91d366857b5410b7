//! The symbol provider minidump-unwind's walker asks for CFI and names,
//! over crashprint's stores: a module's own debug file (DWARF, symbol
//! table, `.eh_frame`/`.debug_frame`) from the native store first, else its
//! Breakpad `.sym` file.
//!
//! One provider serves one dump: it remembers each module's source for the
//! dump, and counts its work, so that a hostile dump cannot make the walk
//! run long: past [`WalkBudget::max_symbol_calls`] or the deadline it stops
//! answering, which leaves the walker only the frame-pointer chain (whose
//! every step must move up the stack) and ends the scans.

use crate::breakpad::{BreakpadStore, Parsed};
use crate::unwind::{self, Arch};
use async_trait::async_trait;
use breakpad_symbols::{FileError, FileKind, FillSymbolError, FrameSymbolizer, FrameWalker};
use crashprint_model::Unusable;
use crashprint_native::{demangle_breakpad, is_mangled, ModuleIndex, ModuleRef, SymbolStore};
use minidump::Module;
use minidump_unwind::{SymbolProvider, SymbolStats};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Bounds on the work of one dump's walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WalkBudget {
    /// Frames walked per thread; past it the thread's walk stops (and its
    /// stack is cut there).
    pub max_frames_per_thread: usize,
    /// Symbol and CFI questions (one or two per frame, up to about 60 per
    /// scanned frame) answered per dump.
    pub max_symbol_calls: usize,
    /// Wall time for the walk of one dump.
    pub max_time: std::time::Duration,
}

impl Default for WalkBudget {
    fn default() -> Self {
        WalkBudget {
            max_frames_per_thread: 2048,
            max_symbol_calls: 2_000_000,
            max_time: std::time::Duration::from_secs(10),
        }
    }
}

/// Where one module's symbols come from.
#[derive(Clone, Debug)]
pub(crate) enum Source {
    /// Its debug file, through the native store, and the file its call
    /// frame information comes from (the same one, or the binary a split
    /// debug file came from).
    Native {
        symbols: Arc<ModuleIndex>,
        unwind: Option<Arc<ModuleIndex>>,
    },
    /// Its Breakpad `.sym` file.
    Breakpad(Arc<Parsed>),
    /// Neither: why.
    Missing(Unusable),
}

/// The provider for one dump.
pub(crate) struct DumpProvider<'a> {
    pub(crate) native: &'a SymbolStore,
    pub(crate) breakpad: &'a BreakpadStore,
    pub(crate) arch: Arch,
    pub(crate) budget: WalkBudget,
    started: Instant,
    calls: AtomicUsize,
    /// By module base address: its file name and source.
    sources: Mutex<HashMap<u64, (String, Source)>>,
    /// Where each thread's walk starts: its context's instruction pointer.
    thread_starts: HashSet<u64>,
    /// The thread being walked.
    thread: Mutex<ThreadWalk>,
}

/// The walk of the current thread (the walker walks one after another).
#[derive(Debug, Default)]
struct ThreadWalk {
    /// Frames unwound so far.
    frames: usize,
    /// The thread reached its frame cap: no more CFI, no names for
    /// scanning.
    over: bool,
}

impl<'a> DumpProvider<'a> {
    pub(crate) fn new(
        native: &'a SymbolStore,
        breakpad: &'a BreakpadStore,
        arch: Arch,
        budget: WalkBudget,
        thread_starts: HashSet<u64>,
    ) -> Self {
        DumpProvider {
            native,
            breakpad,
            arch,
            budget,
            started: Instant::now(),
            calls: AtomicUsize::new(0),
            sources: Mutex::new(HashMap::new()),
            thread_starts,
            thread: Mutex::new(ThreadWalk::default()),
        }
    }

    /// Counts one unwinding step of the current thread; whether it may go
    /// on. A walk starts at a context frame, the only one without a
    /// grand-callee.
    fn step(&self, first: bool) -> bool {
        let Ok(mut t) = self.thread.lock() else {
            return false;
        };
        if first {
            *t = ThreadWalk::default();
        }
        t.frames += 1;
        if t.frames >= self.budget.max_frames_per_thread {
            t.over = true;
        }
        !t.over
    }

    /// Whether names are withheld: the current thread is over its cap,
    /// unless this address starts the next thread's walk.
    fn withheld(&self, instruction: u64) -> bool {
        let Ok(mut t) = self.thread.lock() else {
            return true;
        };
        if t.over && self.thread_starts.contains(&instruction) {
            *t = ThreadWalk::default();
        }
        t.over
    }

    /// Whether the budget is spent (and counts this call).
    fn spent(&self) -> bool {
        let calls = self.calls.fetch_add(1, Ordering::Relaxed);
        calls >= self.budget.max_symbol_calls
            || (calls % 256 == 0 && self.started.elapsed() > self.budget.max_time)
    }

    /// Whether the walk ran out of budget.
    pub(crate) fn exhausted(&self) -> bool {
        self.calls.load(Ordering::Relaxed) >= self.budget.max_symbol_calls
            || self.started.elapsed() > self.budget.max_time
    }

    /// The module's symbol source, found once per dump.
    pub(crate) fn source(&self, module: &(dyn Module + Sync)) -> Source {
        let base = module.base_address();
        if let Some((_, s)) = self.sources.lock().ok().and_then(|m| m.get(&base).cloned()) {
            return s;
        }
        let source = self.find(module);
        let code_file = module.code_file();
        let name = code_file.rsplit(['/', '\\']).next().unwrap_or_default();
        if let Ok(mut m) = self.sources.lock() {
            m.insert(base, (name.to_string(), source.clone()));
        }
        source
    }

    fn find(&self, module: &(dyn Module + Sync)) -> Source {
        // The ELF build id in full (the code id) finds the file that ran;
        // the Breakpad debug id (its first 16 bytes as a GUID) is the
        // fallback the catalogue also knows.
        let code_id = module.code_identifier().map(|c| c.to_string());
        let debug_id = module.debug_identifier().map(|d| d.breakpad().to_string());
        let code_file = module.code_file();
        let debug_file = module.debug_file();
        let ids = [code_id.as_deref(), debug_id.as_deref()];
        let mut native_why = None;
        for id in ids.iter().flatten().filter(|id| is_elf_or_macho_id(id)) {
            match self.native.find(ModuleRef {
                debug_id: Some(id),
                debug_file: debug_file.as_deref(),
                code_file: Some(&code_file),
            }) {
                Ok(index) => {
                    let unwind = if index.has_cfi() {
                        Some(index.clone())
                    } else {
                        ids.iter()
                            .flatten()
                            .find_map(|id| self.native.find_unwind(id))
                    };
                    return Source::Native {
                        symbols: index,
                        unwind,
                    };
                }
                Err(why) => {
                    native_why.get_or_insert(why);
                }
            }
        }
        match self.breakpad.find(module) {
            Ok(parsed) => Source::Breakpad(parsed),
            Err(why) => Source::Missing(native_why.map_or(why.clone(), |n| {
                if why.over_budget {
                    why
                } else {
                    Unusable {
                        reason: format!("{}; {}", n.reason, why.reason),
                        ..n
                    }
                }
            })),
        }
    }

    /// Each module's source, by base address.
    pub(crate) fn sources(&self) -> HashMap<u64, Source> {
        self.sources
            .lock()
            .map(|m| m.iter().map(|(b, (_, s))| (*b, s.clone())).collect())
            .unwrap_or_default()
    }
}

/// Ids the native catalogue holds: ELF build ids and Mach-O UUIDs (a PE's
/// code id is a timestamp and size, its debug id a PDB's, never a file's).
fn is_elf_or_macho_id(id: &str) -> bool {
    id.len() >= 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

#[async_trait]
impl SymbolProvider for DumpProvider<'_> {
    async fn fill_symbol(
        &self,
        module: &(dyn Module + Sync),
        frame: &mut (dyn FrameSymbolizer + Send),
    ) -> Result<(), FillSymbolError> {
        if self.withheld(frame.get_instruction()) || self.spent() {
            // Answering "no name" (not "no symbols") makes scans reject
            // every candidate: the walk winds down.
            return Ok(());
        }
        match self.source(module) {
            Source::Native { symbols, .. } => {
                fill_native(&symbols, module, frame);
                Ok(())
            }
            Source::Breakpad(parsed) => {
                parsed.0.fill_symbol(module, frame);
                Ok(())
            }
            Source::Missing(_) => Err(FillSymbolError {}),
        }
    }

    async fn walk_frame(
        &self,
        module: &(dyn Module + Sync),
        walker: &mut (dyn FrameWalker + Send),
    ) -> Option<()> {
        if !self.step(!walker.has_grand_callee()) || self.spent() {
            return None;
        }
        match self.source(module) {
            Source::Native { unwind, .. } => {
                let index = unwind?;
                let address = walker
                    .get_instruction()
                    .checked_sub(module.base_address())?
                    .wrapping_add(index.image_base());
                let row = index.unwind_row(address)?;
                unwind::apply(self.arch, &row, walker)
            }
            Source::Breakpad(parsed) => parsed.0.walk_frame(module, walker),
            Source::Missing(_) => None,
        }
    }

    async fn get_file_path(
        &self,
        _module: &(dyn Module + Sync),
        _file_kind: FileKind,
    ) -> Result<PathBuf, FileError> {
        // Paths never leave the symbol directories' confinement.
        Err(FileError::NotFound)
    }

    /// Per module file name, whether symbols were found: the JSON's
    /// `loaded_symbols` and `missing_symbols`.
    fn stats(&self) -> HashMap<String, SymbolStats> {
        let Ok(sources) = self.sources.lock() else {
            return HashMap::new();
        };
        sources
            .values()
            .map(|(name, source)| {
                let stats = SymbolStats {
                    loaded_symbols: !matches!(source, Source::Missing(_)),
                    ..SymbolStats::default()
                };
                (name.clone(), stats)
            })
            .collect()
    }
}

/// Fills `frame` from a debug file: the outer function with its line (the
/// call site when code was inlined into it), then the inlined calls, outer
/// to inner, each with the line inside it, as Breakpad records give them.
fn fill_native(
    index: &ModuleIndex,
    module: &(dyn Module + Sync),
    frame: &mut (dyn FrameSymbolizer + Send),
) {
    let base = module.base_address();
    let Some(relative) = frame.get_instruction().checked_sub(base) else {
        return;
    };
    let address = relative.wrapping_add(index.image_base());
    let frames = index.lookup(address);
    let to_absolute = |a: u64| a.wrapping_sub(index.image_base()).wrapping_add(base);
    let Some((outer, inlined)) = frames
        .split_last()
        .filter(|(outer, _)| outer.source == crashprint_native::Source::Dwarf)
    else {
        // No DWARF here: the symbol table, read the way Breakpad reads the
        // PUBLIC records dump_syms makes of it, so that names and the
        // walker's scans agree with Breakpad-based processors.
        // A symbol that DWARF describes is a FUNC record for dump_syms, not
        // a PUBLIC one, and Breakpad never names an address after a FUNC's
        // end by a PUBLIC before that FUNC: no name then.
        if let Some((start, name)) = index.public_symbol(address) {
            let is_func = index
                .lookup(start)
                .last()
                .is_some_and(|f| f.source == crashprint_native::Source::Dwarf);
            if !is_func {
                frame.set_function(&name, to_absolute(start), 0);
            }
        }
        return;
    };
    // Names as dump_syms writes them: the mangled name demangled without
    // return types; where the DWARF has only a plain name (a C++ member
    // defined out of its class), the symbol table's mangled one.
    let breakpad_name = |f: &crashprint_native::ResolvedFrame| -> Option<String> {
        match f.raw_function.as_deref() {
            Some(raw) if is_mangled(raw) => Some(demangle_breakpad(raw)),
            _ => f.function.clone(),
        }
    };
    let name = match outer.raw_function.as_deref() {
        Some(raw) if is_mangled(raw) => Some(demangle_breakpad(raw)),
        _ => match index.symbol_raw(address) {
            Some(raw) if is_mangled(raw) => Some(demangle_breakpad(raw)),
            _ => outer.function.clone(),
        },
    };
    let Some(name) = name else {
        return;
    };
    let name = name.as_str();
    let start = index
        .symbol_start(address)
        .map_or(frame.get_instruction(), to_absolute);
    frame.set_function(name, start, 0);
    // dump_syms resolves `..` in the paths of ELF files' line tables.
    let elf = index.is_elf();
    let path = |p: Option<&str>| p.map(|p| if elf { clean_path(p) } else { p.to_string() });
    if let Some(file) = path(outer.file.as_deref()) {
        frame.set_source_file(&file, outer.line.unwrap_or(0), frame.get_instruction());
    }
    for f in inlined.iter().rev() {
        frame.add_inline_frame(
            breakpad_name(f).as_deref().unwrap_or(""),
            path(f.file.as_deref()).as_deref(),
            f.line,
        );
    }
}

/// `path` with `.` components dropped and each `..` taking away the
/// component before it, lexically (no file system): `/a/b/../c.cpp` is
/// `/a/c.cpp`.
fn clean_path(path: &str) -> String {
    if !path.contains("/.") {
        return path.to_string();
    }
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            ".." if absolute => {}
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::clean_path;

    #[test]
    fn paths_lose_dot_components() {
        assert_eq!(clean_path("/a/b/../c.cpp"), "/a/c.cpp");
        assert_eq!(
            clean_path("/work/linux/../linux/main.cpp"),
            "/work/linux/main.cpp"
        );
        assert_eq!(clean_path("a/./b.c"), "a/b.c");
        assert_eq!(clean_path("../x/y.c"), "../x/y.c");
        assert_eq!(clean_path("/../x.c"), "/x.c");
        assert_eq!(clean_path("plain.c"), "plain.c");
    }
}
