//! Mapping files: parsing and the index. (Skeleton; being implemented.)

use crate::retrace::{RemappedFrame, StackFrame};
use std::path::Path;

/// Why a mapping file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ProguardError {
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

/// A parsed, indexed mapping file. Immutable, `Send + Sync`.
#[derive(Debug, Default)]
pub struct Mapping {
    warnings: Vec<MappingWarning>,
}

impl Mapping {
    /// Parses a mapping file leniently: bad lines become warnings.
    pub fn parse(bytes: &[u8]) -> Mapping {
        let _ = bytes;
        Mapping::default()
    }

    /// Maps and parses the file at `path`.
    pub fn open(path: &Path) -> Result<Mapping, ProguardError> {
        let bytes = std::fs::read(path).map_err(|source| ProguardError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Mapping::parse(&bytes))
    }

    /// What the parser skipped or doubted, with line numbers.
    pub fn warnings(&self) -> &[MappingWarning] {
        &self.warnings
    }

    /// The original name of an obfuscated class.
    pub fn remap_class(&self, obfuscated: &str) -> Option<&str> {
        let _ = obfuscated;
        None
    }

    /// The original frames of a whole stack (innermost first), with outline
    /// frames removed, `rewriteFrame` rules applied for `exception_class`,
    /// synthesized frames hidden. One entry per input frame: `None` when
    /// the mapping has nothing for it (the frame stays as it is), else the
    /// first (best) alternative's frames, innermost (inlined) first; empty
    /// when the frame is removed (an outline, a synthesized bridge, a
    /// `rewriteFrame` removal).
    pub fn remap_stack(
        &self,
        exception_class: Option<&str>,
        frames: &[StackFrame<'_>],
    ) -> Vec<Option<Vec<RemappedFrame>>> {
        let _ = exception_class;
        frames.iter().map(|_| None).collect()
    }

    /// The mapping's UUID as Sentry tooling computes it: UUIDv5 in the URL
    /// namespace of `"guardsquare.com"`, then of the file's bytes.
    pub fn uuid(&self) -> String {
        String::new()
    }
}
