//! Breakpad `.sym` files as a symbol source, found in the Breakpad and
//! Mozilla symbol-store layout `DIR/<debug_file>/<DEBUG_ID>/<name>.sym`.
//!
//! The path is made from the module's debug file name (its last component,
//! never `.` or `..`) and its debug id (hex digits only), then opened
//! through [`SymbolDirs`]: one component at a time, no link followed, a
//! regular file within the [`SymbolBudget`]. The text is parsed by
//! rust-minidump's `breakpad-symbols` (the same parser `minidump-stackwalk`
//! uses), and each parsed file, or why it could not be used, is remembered
//! in an LRU until the file changes.

use breakpad_symbols::SymbolFile;
use crashprint_model::lru::{Lru, Remembered};
use crashprint_model::{SymbolBudget, SymbolDirs, SymbolFileError, Unusable};
use minidump::Module;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `.sym` files under a set of directories.
#[derive(Debug)]
pub struct BreakpadStore {
    dirs: SymbolDirs,
    budget: SymbolBudget,
    cache: Lru<PathBuf, Remembered<Parsed>>,
}

/// A parsed `.sym` file.
pub(crate) struct Parsed(pub(crate) SymbolFile);

impl std::fmt::Debug for Parsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SymbolFile")
    }
}

impl BreakpadStore {
    /// A store over `roots`, keeping at most `capacity` parsed files.
    pub fn new(roots: Vec<PathBuf>, capacity: usize, budget: SymbolBudget) -> BreakpadStore {
        BreakpadStore {
            dirs: SymbolDirs::new(roots),
            budget,
            cache: Lru::new(capacity),
        }
    }

    /// The relative path of `module`'s `.sym` file, if its name and id are
    /// usable: `<leaf>/<DEBUG_ID>/<leaf without .pdb>.sym`.
    pub fn relative_path(module: &(dyn Module + Sync)) -> Option<PathBuf> {
        let debug_file = module.debug_file().filter(|f| !f.is_empty());
        let debug_file = debug_file.unwrap_or_else(|| module.code_file());
        let leaf = debug_file.rsplit(['/', '\\']).next()?;
        if leaf.is_empty() || leaf == "." || leaf == ".." || leaf.contains('\0') {
            return None;
        }
        let id = module.debug_identifier()?.breakpad().to_string();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        let name = match leaf.rsplit_once('.') {
            Some((stem, ext)) if ext.eq_ignore_ascii_case("pdb") && !stem.is_empty() => {
                format!("{stem}.sym")
            }
            _ => format!("{leaf}.sym"),
        };
        Some([leaf, &id, &name].iter().collect())
    }

    /// The parsed `.sym` file for `module`, or why there is none.
    pub(crate) fn find(&self, module: &(dyn Module + Sync)) -> Result<Arc<Parsed>, Unusable> {
        let Some(relative) = Self::relative_path(module) else {
            return Err(Unusable::missing(
                "the module has no usable debug file name and id for a .sym file",
            ));
        };
        let mut first_error = None;
        for root in self.dirs.roots() {
            let path = root.join(&relative);
            match self.open(&path) {
                Ok(parsed) => return Ok(parsed),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        Err(first_error.unwrap_or_else(|| Unusable::missing("no symbol directories")))
    }

    fn open(&self, path: &Path) -> Result<Arc<Parsed>, Unusable> {
        let remembered =
            self.cache
                .get_or_build(&path.to_path_buf(), Remembered::is_current, || {
                    match self.dirs.read(path, &self.budget) {
                        Ok((bytes, stamp)) => match SymbolFile::from_bytes(&bytes) {
                            Ok(file) => Remembered::new(
                                Ok(Arc::new(Parsed(file))),
                                vec![(path.to_path_buf(), Some(stamp))],
                            ),
                            Err(e) => Remembered::failed(
                                path,
                                Unusable::missing(format!(
                                    "cannot parse {}: {e}",
                                    self.dirs.display(path)
                                )),
                            ),
                        },
                        Err(e @ SymbolFileError::TooLarge { .. }) => {
                            Remembered::failed(path, Unusable::over_budget(e.to_string()))
                        }
                        Err(e) => Remembered::failed(path, Unusable::missing(e.to_string())),
                    }
                });
        remembered.outcome.clone()
    }
}
