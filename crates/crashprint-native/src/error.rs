//! Why a module could not be indexed.

use std::path::PathBuf;

/// An error loading or indexing an object file.
#[derive(Debug, thiserror::Error)]
pub enum NativeError {
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
    /// A debug section would decompress to more than the cap (a compression bomb).
    #[error("section {section} would decompress to {size} bytes, over the cap of {cap}")]
    TooLarge {
        /// The section.
        section: String,
        /// Its declared uncompressed size.
        size: u64,
        /// The cap in force.
        cap: u64,
    },
    /// A compressed section could not be decompressed.
    #[error("section {section} cannot be decompressed")]
    Decompress {
        /// The section.
        section: String,
        /// The decompressor's error.
        #[source]
        source: object::Error,
    },
    /// The DWARF data is malformed.
    #[error("malformed DWARF")]
    Dwarf(#[from] gimli::Error),
}
