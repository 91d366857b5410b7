//! Retracing stack frames and whole stack trace texts. (Skeleton.)

use crate::Mapping;

/// An obfuscated frame as a stack trace or payload gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StackFrame<'a> {
    /// Obfuscated class, fully qualified (`a.b.c`).
    pub class: &'a str,
    /// Obfuscated method name.
    pub method: &'a str,
    /// Line number, when the trace has one.
    pub line: Option<u32>,
    /// Source file as printed (`SourceFile`, `Unknown Source`).
    pub file: Option<&'a str>,
}

/// An original frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemappedFrame {
    /// Original class, fully qualified.
    pub class: String,
    /// Original method name.
    pub method: String,
    /// Original source file name, when known or derivable from the class.
    pub file: Option<String>,
    /// Original line.
    pub line: Option<u32>,
}

/// Retraces a Java stack trace text (also logcat-prefixed lines) as R8's
/// `retrace` prints it; `verbose` gives the verbose form.
pub fn retrace_text(mapping: &Mapping, trace: &str, verbose: bool) -> String {
    let _ = (mapping, verbose);
    trace.to_string()
}
