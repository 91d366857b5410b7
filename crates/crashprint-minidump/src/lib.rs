//! crashprint's minidump reader: a Breakpad or Crashpad minidump (threads
//! with their registers and stack memory, the module list, the exception,
//! system information, Crashpad annotations, Linux `/proc` streams) walked
//! into frames and read into an [`Event`].
//!
//! The stack walker is rust-minidump's (`minidump-unwind`, driven through
//! `minidump-processor` with `pollster`, no async runtime): per frame it
//! tries call frame information, then the frame-pointer chain, then a scan
//! of the stack, and stops when the stack pointer does not move up. What it
//! asks of symbols is answered from crashprint's stores, each module from
//!
//! 1. its own object or debug file in the native [`SymbolStore`], found by
//!    build id: functions, lines and inlined calls from DWARF (or the
//!    symbol table), CFI from its `.eh_frame` or `.debug_frame` — no
//!    conversion to `.sym` first;
//! 2. else its Breakpad `.sym` file in the layout
//!    `DIR/<debug_file>/<DEBUG_ID>/<name>.sym` ([`BreakpadStore`]):
//!    `FUNC`, `LINE`, `INLINE`, `INLINE_ORIGIN`, `PUBLIC`, `STACK CFI`,
//!    `STACK WIN`.
//!
//! Frames come out resolved ([`Frame::symbolicated`] and
//! [`Frame::status`] set), each with its [`FrameTrust`].
//!
//! Untrusted bytes are bounded ([`MinidumpLimits`]): the dump's size, its
//! threads and their stacks, and the walk's own work ([`WalkBudget`]).

#![deny(missing_docs)]

mod breakpad;
mod error;
mod precheck;
mod provider;
mod unwind;

pub use breakpad::BreakpadStore;
pub use error::MinidumpError;
pub use provider::WalkBudget;

use crashprint_model::{
    AttrValue, Event, Exception, Format, Frame, FrameStatus, FrameTrust, Limits, Module, Platform,
    SymbolBudget, SymbolicatedFrame, Thread,
};
use crashprint_native::SymbolStore;
use minidump::{
    Minidump, MinidumpCrashpadInfo, MinidumpSystemInfo, MinidumpThreadList, Module as _,
};
use minidump_processor::{ProcessState, ProcessorOptions};
use provider::{DumpProvider, Source};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// The four bytes every minidump starts with.
pub const MAGIC: &[u8; 4] = b"MDMP";

/// Whether `bytes` look like a minidump (its magic).
pub fn is_minidump(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// Bounds on one minidump.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinidumpLimits {
    /// Largest dump read, in bytes.
    pub max_bytes: usize,
    /// Most threads a dump may list.
    pub max_threads: usize,
    /// Largest stack memory of one thread.
    pub max_stack_bytes: u64,
    /// The walk's work.
    pub walk: WalkBudget,
}

impl Default for MinidumpLimits {
    fn default() -> Self {
        MinidumpLimits {
            max_bytes: 512 << 20,
            max_threads: 16_384,
            max_stack_bytes: 64 << 20,
            walk: WalkBudget::default(),
        }
    }
}

/// Reads and walks minidumps with symbols from a native store and Breakpad
/// `.sym` files. `Send + Sync`: share one.
#[derive(Debug)]
pub struct MinidumpReader {
    native: Arc<SymbolStore>,
    breakpad: BreakpadStore,
    limits: MinidumpLimits,
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<MinidumpReader>();
};

impl MinidumpReader {
    /// A reader whose debug files come from `native` and whose `.sym` files
    /// from `dirs` (the same symbol directories), within `budget`;
    /// `capacity` parsed `.sym` files are kept.
    pub fn new(
        native: Arc<SymbolStore>,
        dirs: Vec<PathBuf>,
        capacity: usize,
        budget: SymbolBudget,
    ) -> MinidumpReader {
        MinidumpReader {
            native,
            breakpad: BreakpadStore::new(dirs, capacity, budget),
            limits: MinidumpLimits::default(),
        }
    }

    /// Replaces the bounds.
    pub fn with_limits(mut self, limits: MinidumpLimits) -> MinidumpReader {
        self.limits = limits;
        self
    }

    /// Reads and walks one minidump.
    pub fn walk(&self, bytes: &[u8]) -> Result<Walked, MinidumpError> {
        if bytes.len() > self.limits.max_bytes {
            return Err(MinidumpError::TooLarge {
                size: bytes.len(),
                max: self.limits.max_bytes,
            });
        }
        precheck::check(bytes)?;
        let dump = Minidump::read(bytes)?;
        if let Ok(threads) = dump.get_stream::<MinidumpThreadList<'_>>() {
            if threads.threads.len() > self.limits.max_threads {
                return Err(MinidumpError::TooManyThreads {
                    count: threads.threads.len(),
                    max: self.limits.max_threads,
                });
            }
            for t in &threads.threads {
                let size = u64::from(t.raw.stack.memory.data_size);
                if size > self.limits.max_stack_bytes {
                    return Err(MinidumpError::StackTooLarge {
                        thread: t.raw.thread_id,
                        size,
                        max: self.limits.max_stack_bytes,
                    });
                }
            }
        }
        let system_info = dump.get_stream::<MinidumpSystemInfo>().ok();
        let arch = system_info
            .as_ref()
            .map_or(unwind::Arch::Other, |s| unwind::Arch::of(s.cpu));
        let starts = system_info
            .as_ref()
            .map(|s| thread_starts(&dump, s))
            .unwrap_or_default();
        let provider =
            DumpProvider::new(&self.native, &self.breakpad, arch, self.limits.walk, starts);
        let mut state = pollster::block_on(minidump_processor::process_minidump_with_options(
            &dump,
            &provider,
            ProcessorOptions::stable_basic(),
        ))?;
        for t in &mut state.threads {
            t.frames.truncate(self.limits.walk.max_frames_per_thread);
        }
        let exhausted = provider.exhausted();
        if exhausted {
            tracing::warn!("minidump walk stopped early: its work budget is spent");
        }
        let mut annotations = BTreeMap::new();
        if let Ok(info) = dump.get_stream::<MinidumpCrashpadInfo>() {
            annotations.extend(info.simple_annotations.clone());
            for m in &info.module_list {
                annotations.extend(m.simple_annotations.clone());
                for (k, v) in &m.annotation_objects {
                    if let minidump::MinidumpAnnotation::String(s) = v {
                        annotations.insert(k.clone(), s.clone());
                    }
                }
            }
        }
        Ok(Walked {
            sources: provider.sources(),
            state,
            annotations,
            exhausted,
        })
    }
}

/// Each thread's context instruction pointer (and the exception's): where
/// the walker starts each thread.
fn thread_starts(dump: &Minidump<'_, &[u8]>, system_info: &MinidumpSystemInfo) -> HashSet<u64> {
    let misc = dump.get_stream::<minidump::MinidumpMiscInfo>().ok();
    let mut starts = HashSet::new();
    if let Ok(threads) = dump.get_stream::<MinidumpThreadList<'_>>() {
        for t in &threads.threads {
            if let Some(c) = t.context(system_info, misc.as_ref()) {
                starts.insert(c.get_instruction_pointer());
            }
        }
    }
    if let Ok(e) = dump.get_stream::<minidump::MinidumpException<'_>>() {
        if let Some(c) = e.context(system_info, misc.as_ref()) {
            starts.insert(c.get_instruction_pointer());
        }
    }
    starts
}

/// A walked minidump.
#[derive(Debug)]
pub struct Walked {
    state: ProcessState,
    sources: HashMap<u64, Source>,
    annotations: BTreeMap<String, String>,
    exhausted: bool,
}

impl Walked {
    /// minidump-processor's view of it.
    pub fn state(&self) -> &ProcessState {
        &self.state
    }

    /// Crashpad's annotations (process-wide and per module, strings only).
    pub fn annotations(&self) -> &BTreeMap<String, String> {
        &self.annotations
    }

    /// Whether the walk stopped early because its budget was spent.
    pub fn exhausted(&self) -> bool {
        self.exhausted
    }

    /// The dump as minidump-processor's JSON (the schema
    /// `minidump-stackwalk --json` prints: `crash_info`, `crashing_thread`,
    /// `threads[].frames[]`, `modules[]` …).
    pub fn json(&self) -> serde_json::Value {
        let mut out = Vec::new();
        if let Err(e) = self.state.print_json(&mut out, false) {
            tracing::warn!("minidump JSON: {e}");
            return serde_json::Value::Null;
        }
        let mut value: serde_json::Value = serde_json::from_slice(&out).unwrap_or_default();
        if !self.annotations.is_empty() {
            if let Some(map) = value.as_object_mut() {
                map.insert(
                    "crashpad_annotations".into(),
                    serde_json::to_value(&self.annotations).unwrap_or_default(),
                );
            }
        }
        value
    }

    /// The dump as crashprint's [`Event`], within `limits` (threads,
    /// frames per stack, modules).
    pub fn to_event(&self, limits: &Limits) -> Event {
        let state = &self.state;
        let mut event = Event::new(Format::Minidump, Platform::Native);
        event.timestamp = state
            .time
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .and_then(|d| i64::try_from(d.as_secs()).ok());
        event.unhandled = Some(state.crashed());
        let crashing = state.requesting_thread;
        let crashing_id = crashing
            .and_then(|i| state.threads.get(i))
            .map(|t| t.thread_id.to_string());
        if let Some(info) = &state.exception_info {
            event.exceptions.push(Exception {
                type_name: info.reason.to_string(),
                message: Some(match &state.assertion {
                    Some(a) => format!("{a} (at {})", info.address),
                    None => format!("{} at {}", info.reason, info.address),
                }),
                stack: Vec::new(),
                thread: crashing_id.clone(),
            });
        } else if let Some(a) = &state.assertion {
            event.message = Some(a.clone());
        }
        for (i, t) in state.threads.iter().enumerate().take(limits.max_threads) {
            let crashed = Some(i) == crashing;
            let stack = t
                .frames
                .iter()
                .take(limits.max_frames_per_stack)
                .map(|f| self.frame(f))
                .collect();
            event.threads.push(Thread {
                id: t.thread_id.to_string(),
                name: t.thread_name.clone(),
                crashed,
                stack,
            });
        }
        for m in state.modules.iter().take(limits.max_modules) {
            event.modules.push(Module {
                start: Some(m.base_address()),
                size: Some(m.size()),
                code_file: Some(m.code_file().into_owned()),
                debug_file: m.debug_file().map(|d| d.into_owned()),
                debug_id: m.debug_identifier().map(|d| d.breakpad().to_string()),
                code_id: m.code_identifier().map(|c| c.to_string()),
                version: m.version().map(|v| v.into_owned()),
                debug_status: self.sources.get(&m.base_address()).map(|s| match s {
                    Source::Native {
                        unwind: Some(_), ..
                    } => "found".to_string(),
                    Source::Native { unwind: None, .. } => {
                        "found (no call frame information)".to_string()
                    }
                    Source::Breakpad(_) => "found: breakpad .sym".to_string(),
                    Source::Missing(why) => format!("missing: {}", why.reason),
                }),
            });
        }
        let attrs = &mut event.attributes;
        let sys = &state.system_info;
        attrs.insert(
            "minidump.os".into(),
            AttrValue::Str(sys.os.long_name().into()),
        );
        if let Some(v) = sys.format_os_version() {
            attrs.insert("minidump.os_version".into(), AttrValue::Str(v.into_owned()));
        }
        attrs.insert(
            "minidump.cpu_arch".into(),
            AttrValue::Str(sys.cpu.to_string()),
        );
        if let Some(info) = &sys.cpu_info {
            attrs.insert("minidump.cpu_info".into(), AttrValue::Str(info.clone()));
        }
        attrs.insert(
            "minidump.cpu_count".into(),
            AttrValue::UInt(sys.cpu_count as u64),
        );
        if let Some(info) = &state.exception_info {
            attrs.insert(
                "minidump.crash_address".into(),
                AttrValue::Str(info.address.to_string()),
            );
        }
        if let Some(pid) = state.process_id {
            attrs.insert("minidump.pid".into(), AttrValue::UInt(u64::from(pid)));
        }
        if let Some(lsb) = &state.linux_standard_base {
            for (k, v) in [
                ("id", &lsb.id),
                ("release", &lsb.release),
                ("codename", &lsb.codename),
                ("description", &lsb.description),
            ] {
                if !v.is_empty() {
                    attrs.insert(format!("linux.lsb_release.{k}"), AttrValue::Str(v.clone()));
                }
            }
        }
        if let Some(count) = state.linux_memory_map_count {
            attrs.insert(
                "linux.memory_map_count".into(),
                AttrValue::UInt(count as u64),
            );
        }
        for (k, v) in self.annotations.iter().take(limits.max_attributes) {
            let mut v = v.clone();
            if v.len() > limits.max_string_bytes {
                let mut cut = limits.max_string_bytes;
                while !v.is_char_boundary(cut) {
                    cut -= 1;
                }
                v.truncate(cut);
            }
            attrs.insert(format!("crashpad.{k}"), AttrValue::Str(v));
        }
        if self.exhausted {
            attrs.insert("minidump.walk_budget_spent".into(), AttrValue::Bool(true));
        }
        event.release = ["ver", "version", "_version"]
            .iter()
            .find_map(|k| self.annotations.get(*k).cloned());
        event
    }

    fn frame(&self, f: &minidump_unwind::StackFrame) -> Frame {
        use minidump_unwind::FrameTrust as T;
        let trust = match f.trust {
            T::Context => FrameTrust::Context,
            T::CallFrameInfo => FrameTrust::Cfi,
            T::FramePointer => FrameTrust::FramePointer,
            T::CfiScan => FrameTrust::CfiScan,
            T::Scan => FrameTrust::Scan,
            T::PreWalked => FrameTrust::Prewalked,
            T::None => FrameTrust::Unknown,
        };
        let mut frame = Frame {
            address: Some(f.resume_address),
            trust: Some(trust),
            ..Frame::default()
        };
        let Some(module) = &f.module else {
            frame.status = Some(FrameStatus::NoModule);
            frame.unresolved = Some("the address is in no module the dump lists".into());
            return frame;
        };
        let code_file = module.code_file();
        frame.module = code_file.rsplit(['/', '\\']).next().map(str::to_string);
        frame.module_base = Some(module.base_address());
        frame.debug_id = module.debug_identifier().map(|d| d.breakpad().to_string());
        frame.symbolicated = f
            .inlines
            .iter()
            .map(|i| SymbolicatedFrame {
                function: Some(i.function_name.clone()).filter(|n| !n.is_empty()),
                file: i.source_file_name.clone(),
                line: i.source_line,
                inlined: true,
                ..SymbolicatedFrame::default()
            })
            .collect();
        if f.function_name.is_some() {
            frame.symbolicated.push(SymbolicatedFrame {
                function: f.function_name.clone(),
                file: f.source_file_name.clone(),
                line: f.source_line.filter(|&l| l != 0),
                ..SymbolicatedFrame::default()
            });
        }
        frame.status = Some(match self.sources.get(&module.base_address()) {
            Some(Source::Missing(why)) => {
                frame.unresolved = Some(why.reason.clone());
                if why.over_budget {
                    FrameStatus::OverBudget
                } else {
                    FrameStatus::MissingDebugFile
                }
            }
            _ if f.function_name.is_none() => {
                frame.unresolved = Some("the symbols have no function at this address".into());
                FrameStatus::NotCovered
            }
            _ if f.source_file_name.is_none() => FrameStatus::SymbolTable,
            _ => FrameStatus::Symbolicated,
        });
        frame
    }
}
