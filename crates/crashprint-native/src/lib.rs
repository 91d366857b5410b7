//! crashprint's native symbolicator: instruction addresses to function,
//! file, line and column, with inlined frames expanded, from the DWARF of
//! ELF, PE/COFF, Wasm (and Mach-O) object files.
//!
//! A [`ModuleIndex`] maps its file and reads almost nothing up front: a
//! compilation unit is parsed the first time an address in it is looked up,
//! a function's inlined calls the first time an address falls inside it,
//! names and paths the first time a frame shows them — each once, behind a
//! `OnceLock`, so the index is immutable to its users: share it behind an
//! `Arc` and look up from any number of threads without locks. Batches
//! ([`ModuleIndex::lookup_many`]) parse the units they need in parallel.
//! An index that lives long (a server's) can precompute every answer into
//! a flat, cache-friendly address table ([`ModuleIndex::build_flat_table`])
//! that then serves its lookups.
//! A [`SymbolStore`] finds debug files by build id, Breakpad id or name under
//! symbol directories, and [`symbolicate_event`] resolves an event's frames.
//!
//! ```
//! use crashprint_native::ModuleIndex;
//! // A gcc -O2 build of testdata/native/src/fixture.c.
//! let index = ModuleIndex::open("../../testdata/native/bin/c-gcc-O2-dwarf5".as_ref())?;
//! let frames = index.lookup(0x1090);
//! assert_eq!(frames[0].function.as_deref(), Some("main"));
//! assert!(frames[0].file.as_deref().is_some_and(|f| f.ends_with("fixture.c")));
//!
//! // The same without allocating: frames borrowed from the index.
//! let mut names = Vec::new();
//! index.lookup_with(0x1090, |frame| names.push(frame.function.map(str::len)));
//! assert_eq!(names, [Some(4)]);
//! # Ok::<(), crashprint_native::NativeError>(())
//! ```

#![deny(missing_docs)]

pub mod cfi;
mod decompress;
mod demangle;
mod dwarf;
mod error;
mod flat;
mod frame;
mod index;
mod public;
mod store;
mod symbolicate;
mod symbols;
mod tables;

pub use cfi::{CfiCfa, CfiRow, CfiRule};
pub use demangle::{demangle, demangle_breakpad, is_mangled};
pub use error::NativeError;
pub use flat::FlatTableStats;
pub use frame::{FrameRef, ResolvedFrame, Source};
pub use index::{ModuleIndex, DEFAULT_SECTION_CAP};
pub use store::{ModuleRef, SymbolStore};
pub use symbolicate::symbolicate_event;
