//! The answer types of a lookup: frames as the index hands them out
//! ([`FrameRef`], [`ResolvedFrame`], [`Source`]) and a frame's position as
//! the tables hold it ([`RawPosition`]), shared by the lazy tables and the
//! flat table.

/// "No file".
pub(crate) const NO_FILE: u32 = u32::MAX;

/// Where a resolved frame's data came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// DWARF debug information.
    Dwarf,
    /// The symbol table only: a function name, no line.
    SymbolTable,
}

/// One resolved frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedFrame {
    /// Demangled function name.
    pub function: Option<String>,
    /// The name as stored (mangled).
    pub raw_function: Option<String>,
    /// Source file path.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
    /// Inlined into the next frame.
    pub inlined: bool,
    /// Where it came from.
    pub source: Source,
}

/// One resolved frame, borrowing from the index (see
/// [`ModuleIndex::lookup_with`](crate::ModuleIndex::lookup_with)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameRef<'a> {
    /// Demangled function name.
    pub function: Option<&'a str>,
    /// The name as stored (mangled).
    pub raw_function: Option<&'a str>,
    /// Source file path.
    pub file: Option<&'a str>,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
    /// Inlined into the next frame.
    pub inlined: bool,
    /// Where it came from.
    pub source: Source,
}

impl FrameRef<'_> {
    /// An owned copy.
    pub fn to_resolved(&self) -> ResolvedFrame {
        ResolvedFrame {
            function: self.function.map(str::to_string),
            raw_function: self.raw_function.map(str::to_string),
            file: self.file.map(str::to_string),
            line: self.line,
            column: self.column,
            inlined: self.inlined,
            source: self.source,
        }
    }
}

/// A frame's position as the tables hold it: a line-table file index
/// (`NO_FILE`, or any index past the unit's files: none), a line and a
/// column (0: none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct RawPosition {
    pub file: u32,
    pub line: u32,
    pub column: u32,
}

impl RawPosition {
    pub const NONE: RawPosition = RawPosition {
        file: NO_FILE,
        line: 0,
        column: 0,
    };
}

/// `n`, where it is not 0 (a line or column of 0 is none).
pub(crate) fn nonzero(n: u32) -> Option<u32> {
    (n != 0).then_some(n)
}
