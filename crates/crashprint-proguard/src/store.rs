//! Mapping files under the symbol directories: `DIR/proguard/<release>/mapping.txt`
//! by the event's release, `DIR/proguard/<uuid>.txt` by the mapping's UUID.
//!
//! Directory names are catalogued once; a payload's release or UUID is only
//! ever compared with that catalogue, never joined into a path. Files are
//! opened through [`SymbolDirs`] (regular files only, never through a
//! link) within the [`SymbolBudget`]; every mapping parsed, and every one
//! that could not be used, is remembered until its file changes.

use crate::{Mapping, ProguardError};
use crashprint_model::ids;
use crashprint_model::lru::{Lru, Remembered};
use crashprint_model::{Stamp, SymbolBudget, SymbolDirs, Unusable};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

#[derive(Debug, Default)]
struct Catalog {
    by_release: HashMap<String, PathBuf>,
    by_uuid: HashMap<String, PathBuf>,
}

/// Mapping files under a set of symbol directories, with an LRU cache of
/// parsed mappings (and of mappings that could not be used) shared by all
/// threads.
#[derive(Debug)]
pub struct MappingStore {
    dirs: SymbolDirs,
    budget: SymbolBudget,
    catalog: OnceLock<Catalog>,
    cache: Lru<PathBuf, Remembered<Mapping>>,
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<MappingStore>();
    assert_send_sync::<Mapping>();
};

impl MappingStore {
    /// A store over `roots` (their `proguard/` subdirectories); at most
    /// `capacity` parsed mappings are kept.
    pub fn new(roots: Vec<PathBuf>, capacity: usize) -> MappingStore {
        MappingStore {
            dirs: SymbolDirs::new(roots),
            budget: SymbolBudget::default(),
            catalog: OnceLock::new(),
            cache: Lru::new(capacity),
        }
    }

    /// What each mapping may cost, and how far frames may expand (default:
    /// [`SymbolBudget::default`]).
    pub fn with_budget(mut self, budget: SymbolBudget) -> MappingStore {
        self.budget = budget;
        self
    }

    /// The budget in force.
    pub fn budget(&self) -> &SymbolBudget {
        &self.budget
    }

    /// Whether any symbol directory has mappings at all.
    pub fn is_empty(&self) -> bool {
        let c = self.catalog();
        c.by_release.is_empty() && c.by_uuid.is_empty()
    }

    fn catalog(&self) -> &Catalog {
        self.catalog.get_or_init(|| {
            let mut catalog = Catalog::default();
            for dir in self.dirs.subdirs("proguard") {
                let Ok(entries) = std::fs::read_dir(dir) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let Ok(kind) = entry.file_type() else {
                        continue;
                    };
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if kind.is_dir() {
                        // Whether it is a usable file is decided on opening.
                        let file = entry.path().join("mapping.txt");
                        if std::fs::symlink_metadata(&file).is_ok() {
                            catalog.by_release.entry(name).or_insert(file);
                        }
                    } else if kind.is_file() {
                        if let Some(uuid) = name.strip_suffix(".txt").and_then(ids::uuid) {
                            catalog.by_uuid.entry(uuid).or_insert(entry.path());
                        }
                    }
                }
            }
            catalog
        })
    }

    /// The mapping for `uuid` (preferred) or `release`, or why there is none.
    pub fn find(
        &self,
        release: Option<&str>,
        uuid: Option<&str>,
    ) -> Result<Arc<Mapping>, Unusable> {
        let catalog = self.catalog();
        let path = uuid
            .and_then(ids::uuid)
            .and_then(|u| catalog.by_uuid.get(&u))
            .or_else(|| release.and_then(|r| catalog.by_release.get(r)));
        let Some(path) = path else {
            return Err(Unusable::missing(match (release, uuid) {
                (_, Some(u)) => format!("no ProGuard mapping with UUID {u} or for the release"),
                (Some(r), None) => format!("no ProGuard mapping for release {r}"),
                (None, None) => "the event names no release or mapping UUID".into(),
            }));
        };
        self.load(path)
    }

    fn load(&self, path: &Path) -> Result<Arc<Mapping>, Unusable> {
        // Parsing happens outside the cache's lock; threads asking for this
        // mapping meanwhile wait for it.
        let remembered = self.cache.get_or_build(
            &path.to_path_buf(),
            Remembered::is_current,
            || {
                let remembered = match self.dirs.read(path, &self.budget) {
                    Err(e) => Remembered::failed(path, e.into()),
                    Ok((bytes, stamp)) => {
                        let name = self.dirs.display(path);
                        let outcome =
                            match Mapping::from_bytes(bytes, self.budget.deadline(), &name) {
                                Ok(mapping) => Ok(Arc::new(mapping)),
                                Err(e @ ProguardError::TooSlow { .. }) => {
                                    Err(Unusable::over_budget(e.to_string()))
                                }
                                Err(e) => Err(Unusable::missing(e.to_string())),
                            };
                        Remembered::new(outcome, vec![(path.to_path_buf(), Some::<Stamp>(stamp))])
                    }
                };
                if let Err(why) = &remembered.outcome {
                    tracing::debug!(file = %path.display(), "mapping not usable: {}", why.reason);
                }
                remembered
            },
        );
        remembered.outcome.clone()
    }
}
