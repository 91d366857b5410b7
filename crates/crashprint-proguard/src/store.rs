//! Mapping files under the symbol directories: `DIR/proguard/<release>/mapping.txt`
//! by the event's release, `DIR/proguard/<uuid>.txt` by the mapping's UUID.
//!
//! Directory names are catalogued once; a payload's release or UUID is only
//! ever compared with that catalogue, never joined into a path.

use crate::Mapping;
use crashprint_model::ids;
use crashprint_model::lru::Lru;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// Largest mapping file read.
const MAX_FILE_BYTES: u64 = 1 << 30;

#[derive(Debug, Default)]
struct Catalog {
    by_release: HashMap<String, PathBuf>,
    by_uuid: HashMap<String, PathBuf>,
}

/// Mapping files under a set of symbol directories, with an LRU cache of
/// parsed mappings shared by all threads.
#[derive(Debug)]
pub struct MappingStore {
    roots: Vec<PathBuf>,
    catalog: OnceLock<Catalog>,
    cache: Lru<PathBuf, Mapping>,
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
            roots,
            catalog: OnceLock::new(),
            cache: Lru::new(capacity),
        }
    }

    /// Whether any symbol directory has mappings at all.
    pub fn is_empty(&self) -> bool {
        let c = self.catalog();
        c.by_release.is_empty() && c.by_uuid.is_empty()
    }

    fn catalog(&self) -> &Catalog {
        self.catalog.get_or_init(|| {
            let mut catalog = Catalog::default();
            for root in &self.roots {
                let Ok(entries) = std::fs::read_dir(root.join("proguard")) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let Ok(kind) = entry.file_type() else {
                        continue;
                    };
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if kind.is_dir() {
                        let file = entry.path().join("mapping.txt");
                        if file.is_file() {
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
    pub fn find(&self, release: Option<&str>, uuid: Option<&str>) -> Result<Arc<Mapping>, String> {
        let catalog = self.catalog();
        let path = uuid
            .and_then(ids::uuid)
            .and_then(|u| catalog.by_uuid.get(&u))
            .or_else(|| release.and_then(|r| catalog.by_release.get(r)));
        let Some(path) = path else {
            return Err(match (release, uuid) {
                (_, Some(u)) => format!("no ProGuard mapping with UUID {u} or for the release"),
                (Some(r), None) => format!("no ProGuard mapping for release {r}"),
                (None, None) => "the event names no release or mapping UUID".into(),
            });
        };
        self.load(path)
    }

    fn load(&self, path: &PathBuf) -> Result<Arc<Mapping>, String> {
        if let Some(hit) = self.cache.get(path) {
            return Ok(hit);
        }
        let meta = std::fs::symlink_metadata(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
            return Err(format!(
                "{} is not a regular file under {MAX_FILE_BYTES} bytes",
                path.display()
            ));
        }
        let mapping = Arc::new(Mapping::open(path).map_err(|e| e.to_string())?);
        self.cache.insert(path.clone(), mapping.clone());
        Ok(mapping)
    }
}
