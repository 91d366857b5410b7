//! crashprint's JVM/Android symbolicator: obfuscated classes, methods and
//! lines back to the original ones through ProGuard/R8 mapping files, with
//! R8's inlined frames expanded, the way R8's own `retrace` does.
//!
//! [`Mapping`] parses a mapping file (leniently: bad lines become
//! [`MappingWarning`]s) into an immutable, `Send + Sync` index over one
//! string arena. [`retrace_text`] rewrites a stack trace text exactly as
//! R8's `retrace` prints it (`<OR>` lines for ambiguous frames, `--verbose`
//! form); [`Mapping::remap_stack`] is the structured form.

#![deny(missing_docs)]

mod entry;
mod error;
mod index;
mod json;
mod line;
mod lookup;
mod mapping;
mod retrace;
mod store;
mod symbolicate;
mod uuid;

pub use error::{MappingWarning, ProguardError};
pub use lookup::{RemappedFrame, StackFrame};
pub use mapping::{FrameOutcome, Mapping};
pub use retrace::{retrace_text, retrace_text_with};
pub use store::MappingStore;
pub use symbolicate::symbolicate_event;
