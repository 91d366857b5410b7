//! crashprint's JVM/Android symbolicator: obfuscated classes, methods and
//! lines back to the original ones through ProGuard/R8 mapping files, with
//! R8's inlined frames expanded, the way R8's own `retrace` does.
//!
//! (API skeleton: being implemented.)

#![deny(missing_docs)]

mod mapping;
mod retrace;
mod store;
mod symbolicate;

pub use mapping::{Mapping, MappingWarning, ProguardError};
pub use retrace::{retrace_text, RemappedFrame, StackFrame};
pub use store::MappingStore;
pub use symbolicate::symbolicate_event;
