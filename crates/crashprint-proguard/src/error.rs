//! Why a mapping file could not be used ([`ProguardError`]), and what its
//! parser skipped or doubted ([`MappingWarning`]).

/// Why a mapping file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ProguardError {
    /// The file is not one the symbol directories may open: a link, not a
    /// regular file, outside them, over the size budget, or unreadable.
    #[error(transparent)]
    File(#[from] crashprint_model::SymbolFileError),
    /// Parsing took longer than the parse-time budget.
    #[error("{path}: parsing took longer than the budget of {limit:?}")]
    TooSlow {
        /// The file, as messages name it.
        path: String,
        /// The budget.
        limit: std::time::Duration,
    },
    /// The file could not be read or mapped.
    #[error("cannot read {path}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// A line of a mapping file that was skipped or is suspicious.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingWarning {
    /// 1-based line number in the mapping file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}
