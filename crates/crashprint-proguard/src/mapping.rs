//! Mapping files: parsing and the index.

use crate::index::Index;
use crate::retrace::{Ctx, RemappedFrame, StackFrame};
use std::path::Path;
use std::sync::OnceLock;

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
///
/// The file's text is kept as one string (the arena); the index refers into
/// it by offsets, so memory is the file plus about 32 bytes per method
/// line.
#[derive(Debug, Default)]
pub struct Mapping {
    pub(crate) text: String,
    /// The original bytes, kept only when they were not valid UTF-8 (the
    /// UUID is computed over the bytes as they are).
    raw: Option<Box<[u8]>>,
    pub(crate) index: Index,
    uuid: OnceLock<String>,
}

impl Mapping {
    /// Parses a mapping file leniently: bad lines become warnings.
    pub fn parse(bytes: &[u8]) -> Mapping {
        match std::str::from_utf8(bytes) {
            Ok(text) => Mapping::from_string(text.to_string(), None),
            Err(_) => Mapping::from_string(
                String::from_utf8_lossy(bytes).into_owned(),
                Some(bytes.to_vec().into_boxed_slice()),
            ),
        }
    }

    fn from_string(text: String, raw: Option<Box<[u8]>>) -> Mapping {
        let index = Index::build(&text);
        Mapping {
            text,
            raw,
            index,
            uuid: OnceLock::new(),
        }
    }

    /// Reads and parses the file at `path` (one read into the arena, no
    /// copy when the file is valid UTF-8).
    pub fn open(path: &Path) -> Result<Mapping, ProguardError> {
        let bytes = std::fs::read(path).map_err(|source| ProguardError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(match String::from_utf8(bytes) {
            Ok(text) => Mapping::from_string(text, None),
            Err(e) => {
                let bytes = e.into_bytes();
                let text = String::from_utf8_lossy(&bytes).into_owned();
                Mapping::from_string(text, Some(bytes.into_boxed_slice()))
            }
        })
    }

    /// What the parser skipped or doubted, with line numbers.
    pub fn warnings(&self) -> &[MappingWarning] {
        &self.index.warnings
    }

    /// The `com.android.tools.r8.mapping` versions the file declares.
    pub fn versions(&self) -> &[String] {
        &self.index.versions
    }

    /// Number of classes in the mapping.
    pub fn class_count(&self) -> usize {
        self.index.classes.len()
    }

    /// Number of method lines (mapped ranges) in the mapping.
    pub fn method_line_count(&self) -> usize {
        self.index.entries.len()
    }

    /// Approximate heap bytes held (the arena and the index).
    pub fn heap_size(&self) -> usize {
        let ix = &self.index;
        self.text.capacity()
            + self.raw.as_ref().map_or(0, |r| r.len())
            + ix.classes.capacity() * std::mem::size_of::<crate::index::Class>()
            + (ix.by_obf.capacity() + ix.by_orig_with_file.capacity() + ix.by_name.capacity()) * 4
            + ix.entries.capacity() * std::mem::size_of::<crate::index::Entry>()
            + ix.extras.capacity() * std::mem::size_of::<crate::index::Extra>()
    }

    /// The original name of an obfuscated class.
    pub fn remap_class(&self, obfuscated: &str) -> Option<&str> {
        self.index
            .class(&self.text, obfuscated)
            .map(|c| c.orig.get(&self.text))
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
        let mut ctx = Ctx {
            thrown: exception_class.map(str::to_string),
            rewrite_pos: None,
        };
        frames
            .iter()
            .map(|f| {
                let (first, next) = self.remap_frame_first(f, &ctx);
                ctx = next;
                first
            })
            .collect()
    }

    /// All alternatives for one frame (R8's `<OR>` lines), best first, each
    /// innermost (inlined) frame first; `None` when the class is unknown.
    pub fn remap_frame(&self, frame: &StackFrame<'_>) -> Option<Vec<Vec<RemappedFrame>>> {
        self.remap_frame_ctx(frame, &Ctx::default()).0
    }

    /// The mapping's UUID as Sentry tooling computes it: UUIDv5 of the
    /// file's bytes in the namespace UUIDv5(DNS namespace,
    /// `"guardsquare.com"`).
    pub fn uuid(&self) -> String {
        self.uuid
            .get_or_init(|| {
                let bytes = self.raw.as_deref().unwrap_or(self.text.as_bytes());
                crate::uuid::format(&crate::uuid::v5(&crate::uuid::proguard_namespace(), bytes))
            })
            .clone()
    }
}

#[doc(hidden)]
impl Mapping {
    /// Benchmark hook: the lookup alone, without building owned frames.
    pub fn bench_lookup(&self, frames: &[StackFrame<'_>]) -> usize {
        let ctx = Ctx::default();
        frames
            .iter()
            .map(|f| match self.lookup(f.class, f.method, f.line, &ctx).0 {
                crate::retrace::Lookup::Frames { alts, .. } => alts.len(),
                _ => 0,
            })
            .sum()
    }
}
