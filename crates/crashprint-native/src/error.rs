//! Why a module could not be indexed. Files are named as output may show
//! them: relative to their symbol directory.

use crashprint_model::SymbolFileError;
use std::path::PathBuf;
use std::time::Duration;

/// An error loading or indexing an object file.
#[derive(Debug, thiserror::Error)]
pub enum NativeError {
    /// The file is not one the symbol directories may open: a link, not a
    /// regular file, outside them, over the size budget, or unreadable.
    #[error(transparent)]
    File(#[from] SymbolFileError),
    /// The file could not be opened or mapped.
    #[error("cannot read {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not an object file crashprint can read.
    #[error("{path} is not a readable object file")]
    Object {
        /// The file.
        path: PathBuf,
        /// The parser's error.
        #[source]
        source: object::Error,
    },
    /// The compressed debug sections would decompress to more than the
    /// budget (a compression bomb, or a file too large to serve).
    #[error(
        "{path}: its compressed debug sections decompress to more than the budget of {cap} bytes (at {section})"
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The section that went over.
        section: String,
        /// The budget of the whole file.
        cap: u64,
    },
    /// A compressed section could not be decompressed.
    #[error("{path}: section {section} cannot be decompressed: {reason}")]
    Decompress {
        /// The file.
        path: PathBuf,
        /// The section.
        section: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Indexing took longer than the parse-time budget.
    #[error("{path}: indexing took longer than the budget of {limit:?}")]
    TooSlow {
        /// The file.
        path: PathBuf,
        /// The budget.
        limit: Duration,
    },
    /// The DWARF data is malformed.
    #[error("malformed DWARF")]
    Dwarf(#[from] gimli::Error),
}

impl NativeError {
    /// Whether a bound of the symbol budget was reached (as opposed to a
    /// missing or corrupt file).
    pub fn is_over_budget(&self) -> bool {
        matches!(
            self,
            NativeError::TooLarge { .. }
                | NativeError::TooSlow { .. }
                | NativeError::File(SymbolFileError::TooLarge { .. })
        )
    }
}
