//! The symbol store: debug files found under the configured directories by
//! build id, Breakpad debug id or file name.
//!
//! The directories are scanned once (lazily, on the first lookup) and every
//! object file found is catalogued from its headers (the file is mapped,
//! never read whole). Lookups only consult that catalogue: nothing a
//! payload says is ever joined into a path, so no payload can name a file
//! outside the directories. Symbolic links are not followed, and only
//! regular files are opened ([`SymbolDirs`]), companions included.
//!
//! Every module opened is remembered in the LRU, and so is every module
//! that could not be used (over the [`SymbolBudget`], corrupt), with its
//! reason, until one of its files changes.

use crate::{ModuleIndex, NativeError};
use crashprint_model::lru::{Lru, Remembered};
use crashprint_model::{SymbolBudget, SymbolDirs, Unusable};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Directories the scan skips: they hold source maps and ProGuard mappings.
const SKIPPED_DIRS: [&str; 2] = ["sourcemaps", "proguard"];
/// Bounds on the scan of a hostile or mistaken directory.
const MAX_DEPTH: usize = 24;
const MAX_FILES: usize = 1_000_000;

/// A module as a payload describes it. Every field is untrusted.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModuleRef<'a> {
    /// Build id (hex) or Breakpad debug id, as sent.
    pub debug_id: Option<&'a str>,
    /// The debug file's name or path, as sent.
    pub debug_file: Option<&'a str>,
    /// The module's path on the crashing machine, as sent.
    pub code_file: Option<&'a str>,
}

#[derive(Debug, Default)]
struct Catalog {
    /// Lowercase hex build id, Mach-O UUID, or Breakpad id (GUID + age) → file.
    by_id: HashMap<String, Candidate>,
    /// File name → files.
    by_name: HashMap<String, Vec<Candidate>>,
    /// Id → a file of that id with unwind sections in it (`.eh_frame`,
    /// `.debug_frame`): the binary that ran, where the debug file split
    /// from it has none.
    unwind_by_id: HashMap<String, PathBuf>,
}

#[derive(Debug, Clone)]
struct Candidate {
    path: PathBuf,
    has_dwarf: bool,
}

/// Debug files under a set of directories, with an LRU cache of opened
/// indexes (and of files that could not be used) shared by all threads.
#[derive(Debug)]
pub struct SymbolStore {
    dirs: SymbolDirs,
    budget: SymbolBudget,
    catalog: OnceLock<Catalog>,
    cache: Lru<PathBuf, Remembered<ModuleIndex>>,
    /// Files opened for their unwind sections alone (no debug link
    /// followed).
    unwind_cache: Lru<PathBuf, Remembered<ModuleIndex>>,
    flat_tables: bool,
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SymbolStore>();
};

impl SymbolStore {
    /// A store over these directories; `capacity` bounds the module indexes
    /// kept open (least recently used ones are dropped).
    pub fn new(roots: Vec<PathBuf>, capacity: usize) -> SymbolStore {
        SymbolStore {
            dirs: SymbolDirs::new(roots),
            budget: SymbolBudget::default(),
            catalog: OnceLock::new(),
            cache: Lru::new(capacity),
            unwind_cache: Lru::new(capacity),
            flat_tables: false,
        }
    }

    /// What each debug file may cost (default: [`SymbolBudget::default`]).
    pub fn with_budget(mut self, budget: SymbolBudget) -> SymbolStore {
        self.budget = budget;
        self
    }

    /// The budget in force.
    pub fn budget(&self) -> &SymbolBudget {
        &self.budget
    }

    /// Builds each module's flat address table when it is first opened
    /// ([`ModuleIndex::build_flat_table`]): for long-running servers, where
    /// a module serves many lookups; a one-off batch is faster without.
    pub fn with_flat_tables(mut self, flat_tables: bool) -> SymbolStore {
        self.flat_tables = flat_tables;
        self
    }

    /// The index of the debug file for `module`, or why there is none.
    pub fn find(&self, module: ModuleRef<'_>) -> Result<Arc<ModuleIndex>, Unusable> {
        let catalog = self.catalog.get_or_init(|| scan(&self.dirs));
        let id = module.debug_id.and_then(normalize_id);
        let candidate = match &id {
            Some(id) => catalog
                .by_id
                .get(id)
                .or_else(|| catalog.by_id.get(id.get(..32).unwrap_or(id)))
                .ok_or_else(|| {
                    Unusable::missing(format!(
                        "no debug file with id {id} in the symbol directories"
                    ))
                })?,
            None => {
                let names = [module.debug_file, module.code_file];
                let found = names
                    .iter()
                    .flatten()
                    .filter_map(|n| file_name(n))
                    .find_map(|n| catalog.by_name.get(n))
                    .and_then(|c| c.iter().find(|c| c.has_dwarf).or_else(|| c.first()));
                match found {
                    Some(c) => c,
                    None => {
                        let name = names.iter().flatten().find_map(|n| file_name(n));
                        return Err(Unusable::missing(format!(
                            "no debug file named {} in the symbol directories",
                            name.unwrap_or("(unnamed module)")
                        )));
                    }
                }
            }
        };
        self.open(&candidate.path)
    }

    /// A file with call frame information for the module with this id: the
    /// module's own file when it has some, else another file of the same
    /// id that does (a stripped binary beside its split debug file). `None`
    /// when no file of the id has any.
    pub fn find_unwind(&self, debug_id: &str) -> Option<Arc<ModuleIndex>> {
        let catalog = self.catalog.get_or_init(|| scan(&self.dirs));
        let id = normalize_id(debug_id)?;
        let path = catalog
            .unwind_by_id
            .get(&id)
            .or_else(|| catalog.unwind_by_id.get(id.get(..32).unwrap_or(&id)))?;
        let remembered =
            self.unwind_cache
                .get_or_build(&path.clone(), Remembered::is_current, || {
                    match ModuleIndex::open_unwind_in(path, &self.dirs, &self.budget) {
                        Ok(index) => {
                            let files = index.files().to_vec();
                            Remembered::new(Ok(Arc::new(index)), files)
                        }
                        Err(e) => Remembered::failed(path, unusable(&e)),
                    }
                });
        remembered.outcome.clone().ok()
    }

    /// The remembered outcome for `path`, or a new one (also remembered).
    fn open(&self, path: &Path) -> Result<Arc<ModuleIndex>, Unusable> {
        // Indexing happens outside the cache's lock: other modules stay
        // available; threads asking for this one wait for it.
        let remembered =
            self.cache
                .get_or_build(&path.to_path_buf(), Remembered::is_current, || {
                    match ModuleIndex::open_in(path, &self.dirs, &self.budget) {
                        Ok(index) => {
                            let files = index.files().to_vec();
                            let index = Arc::new(index);
                            if self.flat_tables {
                                // Built on the fresh index, before any lookup parsed units.
                                if index.build_flat_table().is_none() {
                                    tracing::debug!(path = %path.display(), "no flat table: lookups stay lazy");
                                }
                            }
                            Remembered::new(Ok(index), files)
                        }
                        Err(e) => {
                            tracing::debug!(path = %path.display(), "debug file not usable: {e}");
                            Remembered::failed(path, unusable(&e))
                        }
                    }
                });
        remembered.outcome.clone()
    }
}

/// The frames' reason for a debug file that could not be used.
fn unusable(e: &NativeError) -> Unusable {
    let reason = format!("cannot use the debug file: {e}");
    if e.is_over_budget() {
        Unusable::over_budget(reason)
    } else {
        Unusable::missing(reason)
    }
}

/// The last path component of an untrusted path, if it is a plain name.
fn file_name(path: &str) -> Option<&str> {
    let name = path.rsplit(['/', '\\']).next()?;
    (!name.is_empty() && name != "." && name != "..").then_some(name)
}

/// An untrusted id as catalogue key: hex digits only (dashes and braces of
/// GUID spellings dropped), lowercase, at most 80 characters.
fn normalize_id(id: &str) -> Option<String> {
    let hex: String = id
        .chars()
        .filter(|c| !matches!(c, '-' | '{' | '}'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (!hex.is_empty() && hex.len() <= 80 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some(hex)
}

/// Breakpad's debug id for an ELF build id: the first 16 bytes read as a
/// little-endian GUID, then the age (0).
fn breakpad_id(build_id: &[u8]) -> Option<String> {
    let b = build_id.get(..16)?;
    let guid = [
        b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13],
        b[14], b[15],
    ];
    Some(format!("{}0", hex(&guid)))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Walks the roots (no symlinks, bounded) and catalogues object files from
/// their headers.
fn scan(dirs: &SymbolDirs) -> Catalog {
    let mut catalog = Catalog::default();
    let mut files = 0usize;
    // The scan reads headers only; sizes are checked when a file is used,
    // so that a file over the budget is found and says so.
    let headers_only = SymbolBudget {
        max_file_bytes: u64::MAX,
        ..SymbolBudget::default()
    };
    for root in dirs.roots() {
        let mut stack = vec![(root.to_path_buf(), 0usize)];
        while let Some((dir, depth)) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                if kind.is_symlink() {
                    continue;
                }
                if kind.is_dir() {
                    let skipped = depth == 0
                        && path
                            .file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| SKIPPED_DIRS.contains(&n));
                    if depth < MAX_DEPTH && !skipped {
                        stack.push((path, depth + 1));
                    }
                    continue;
                }
                files += 1;
                if files > MAX_FILES {
                    tracing::warn!(
                        "symbol directories hold more than {MAX_FILES} files; the rest is ignored"
                    );
                    return catalog;
                }
                if kind.is_file() {
                    catalogue(&mut catalog, dirs, &headers_only, path);
                }
            }
        }
    }
    catalog
}

fn looks_like_object(magic: &[u8]) -> bool {
    let Some(magic) = magic.get(..4) else {
        return false;
    };
    magic == b"\x7fELF"
        || magic[..2] == *b"MZ"
        || magic == b"\0asm"
        || matches!(
            u32::from_le_bytes([magic[0], magic[1], magic[2], magic[3]]),
            0xfeedface | 0xfeedfacf | 0xcefaedfe | 0xcffaedfe | 0xbebafeca
        )
}

fn catalogue(catalog: &mut Catalog, dirs: &SymbolDirs, budget: &SymbolBudget, path: PathBuf) {
    use object::{Object as _, ObjectSection as _};
    use std::io::Read as _;
    let Ok(mut opened) = dirs.open(&path, budget) else {
        return;
    };
    let mut magic = [0u8; 4];
    if opened.len < 64 || opened.file.read_exact(&mut magic).is_err() || !looks_like_object(&magic)
    {
        return;
    }
    // Mapped, not read: parsing the headers pages in only what it touches.
    // SAFETY: read-only map of a regular file checked on its handle (see
    // `index::map_file`).
    #[allow(unsafe_code)]
    let Ok(data) = (unsafe { memmap2::Mmap::map(&opened.file) }) else {
        return;
    };
    #[cfg(unix)]
    let _ = data.advise(memmap2::Advice::Random);
    let Ok(object) = object::File::parse(&*data) else {
        return;
    };
    let has_unwind = [".eh_frame", ".debug_frame", "__eh_frame", "__debug_frame"]
        .iter()
        .filter_map(|n| object.section_by_name(n))
        .any(|s| s.file_range().is_some_and(|(_, size)| size > 0));
    let has_dwarf = object
        .section_by_name(".debug_info")
        .or_else(|| object.section_by_name(".zdebug_info"))
        .or_else(|| object.section_by_name("__debug_info"))
        .is_some_and(|s| s.size() > 0);
    let candidate = Candidate {
        path: path.clone(),
        has_dwarf,
    };
    let mut ids = Vec::new();
    if let Ok(Some(build_id)) = object.build_id() {
        ids.push(hex(build_id));
        ids.extend(breakpad_id(build_id));
    }
    if let Ok(Some(uuid)) = object.mach_uuid() {
        ids.push(hex(&uuid));
        ids.push(format!("{}0", hex(&uuid)));
    }
    for id in ids {
        if has_unwind {
            catalog
                .unwind_by_id
                .entry(id.clone())
                .or_insert_with(|| path.clone());
        }
        let replace = match catalog.by_id.get(&id) {
            Some(existing) => !existing.has_dwarf && has_dwarf,
            None => true,
        };
        if replace {
            catalog.by_id.insert(id, candidate.clone());
        }
    }
    if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
        // `.debug` files also answer to the name of the binary they belong to.
        for key in [Some(name), name.strip_suffix(".debug")]
            .into_iter()
            .flatten()
        {
            catalog
                .by_name
                .entry(key.to_string())
                .or_default()
                .push(candidate.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_names_and_ids() {
        assert_eq!(file_name("../../etc/passwd"), Some("passwd"));
        assert_eq!(file_name("/abs/"), None);
        assert_eq!(file_name(".."), None);
        assert_eq!(file_name("C:\\\\app\\\\app.pdb"), Some("app.pdb"));
        assert_eq!(normalize_id("{ABCD-12}"), Some("abcd12".into()));
        assert_eq!(normalize_id("../../x"), None);
        assert_eq!(normalize_id(""), None);
        let bid = [
            0x01u8, 0x26, 0x10, 0xa7, 0xf9, 0x19, 0x37, 0xd2, 0x59, 0xb8, 0x5e, 0x25, 0x22, 0x56,
            0x52, 0xdc, 0xaa,
        ];
        // Reference: Python's uuid.UUID(bytes_le=bytes.fromhex(
        // "012610a7f91937d259b85e25225652dc")).hex + "0" (age).
        assert_eq!(
            breakpad_id(&bid).as_deref(),
            Some("a710260119f9d23759b85e25225652dc0")
        );
    }
}
