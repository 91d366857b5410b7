//! Why a source map was rejected.

/// An error reading a source map: what is wrong and where.
#[derive(Debug, thiserror::Error)]
pub enum SourceMapError {
    /// The bytes are not JSON, or a field has the wrong JSON type.
    #[error("not a valid source map: {0}")]
    Json(#[from] serde_json::Error),
    /// A field is missing or has a value the format does not allow.
    #[error("invalid `{field}`: {reason}")]
    Field {
        /// The JSON field (`version`, `sources[3]`, `sections[0].offset` …).
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// `mappings` is malformed.
    #[error("invalid `mappings` at byte {offset} (generated line {line}): {reason}")]
    Mappings {
        /// Byte offset in the `mappings` string.
        offset: usize,
        /// 1-based generated line.
        line: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// A limit on untrusted input was reached (size, tokens, nesting).
    #[error("source map over a limit: {0}")]
    Limit(String),
}

impl SourceMapError {
    pub(crate) fn field(field: impl Into<String>, reason: impl Into<String>) -> Self {
        SourceMapError::Field {
            field: field.into(),
            reason: reason.into(),
        }
    }
}
