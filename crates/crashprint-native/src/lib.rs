//! crashprint's native symbolicator: instruction addresses to function,
//! file, line and column, with inlined frames expanded, from the DWARF of
//! ELF, Mach-O, PE and Wasm object files.
//!
//! A [`ModuleIndex`] is built once per object file — memory-mapped, its
//! compilation units parsed in parallel — and is immutable afterwards:
//! share it behind an `Arc` and look up from any number of threads without
//! locks.
//!
//! ```no_run
//! use crashprint_native::ModuleIndex;
//! let index = ModuleIndex::open("target/release/app".as_ref())?;
//! for frame in index.lookup(0x1234) {
//!     println!("{:?} at {:?}:{:?} (inlined: {})", frame.function, frame.file, frame.line, frame.inlined);
//! }
//! # Ok::<(), crashprint_native::NativeError>(())
//! ```

#![deny(missing_docs)]

mod demangle;
mod dwarf;
mod error;
mod index;
mod store;
mod symbolicate;
mod tables;

pub use demangle::demangle;
pub use error::NativeError;
pub use index::{ModuleIndex, DEFAULT_SECTION_CAP};
pub use store::{ModuleRef, SymbolStore};
pub use symbolicate::symbolicate_event;
pub use tables::{FrameRef, ResolvedFrame, Source};
