//! A small least-recently-used cache of shared values, the one every
//! symbol store uses to bound how many parsed symbol files stay in memory,
//! and [`Remembered`], what the stores keep in it: a parsed file or why it
//! could not be used, valid while the files it came from are unchanged.

use crate::symbol_dirs::{Stamp, Unusable};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The outcome of loading a symbol file, remembered: the parsed value, or
/// why the file cannot be used (too large, corrupt, over budget) so that
/// the next payload naming it pays nothing. Valid while every file it was
/// made from has the stamp (identity, size, modification time) it had.
#[derive(Debug)]
pub struct Remembered<V> {
    /// The value, or why the frames that need it stay unresolved.
    pub outcome: Result<Arc<V>, Unusable>,
    /// The files read (or tried), with their stamps then (`None`: absent).
    files: Vec<(PathBuf, Option<Stamp>)>,
}

impl<V> Remembered<V> {
    /// An outcome made from `files`.
    pub fn new(outcome: Result<Arc<V>, Unusable>, files: Vec<(PathBuf, Option<Stamp>)>) -> Self {
        Remembered { outcome, files }
    }

    /// A failure about the file at `path`, stamped as it is now.
    pub fn failed(path: &Path, why: Unusable) -> Self {
        Remembered {
            outcome: Err(why),
            files: vec![(path.to_path_buf(), Stamp::at(path))],
        }
    }

    /// Whether every file it was made from is still as it was.
    pub fn is_current(&self) -> bool {
        self.files
            .iter()
            .all(|(path, stamp)| Stamp::at(path) == *stamp)
    }
}

/// Up to `capacity` values by key; the least recently used is dropped
/// first. Lookups and inserts take a short lock; building a value happens
/// outside it, so other keys stay available meanwhile.
#[derive(Debug)]
pub struct Lru<K, V> {
    entries: Mutex<Vec<(K, Arc<V>)>>,
    capacity: usize,
    /// Values being built, by key: a second thread asking for one waits for
    /// it instead of building (reading, parsing) the same file again.
    building: Mutex<Vec<(K, Slot<V>)>>,
}

/// Where the value being built for a key will be.
type Slot<V> = Arc<OnceLock<Arc<V>>>;

impl<K: PartialEq, V> Lru<K, V> {
    /// An empty cache holding at most `capacity` values (at least one).
    pub fn new(capacity: usize) -> Self {
        Lru {
            entries: Mutex::new(Vec::new()),
            capacity: capacity.max(1),
            building: Mutex::new(Vec::new()),
        }
    }

    /// The value for `key` if `current` says it still is, else the one
    /// `build` makes (and the cache keeps). One thread builds a key at a
    /// time; others asking for it meanwhile wait and share its value, so a
    /// large or failing file is read once, not once per thread.
    pub fn get_or_build(
        &self,
        key: &K,
        current: impl Fn(&V) -> bool,
        build: impl FnOnce() -> V,
    ) -> Arc<V>
    where
        K: Clone,
    {
        if let Some(v) = self.get(key).filter(|v| current(v)) {
            return v;
        }
        let slot = {
            let Ok(mut building) = self.building.lock() else {
                return Arc::new(build());
            };
            match building.iter().find(|(k, _)| k == key) {
                Some((_, slot)) => slot.clone(),
                None => {
                    let slot = Arc::new(OnceLock::new());
                    building.push((key.clone(), slot.clone()));
                    slot
                }
            }
        };
        let value = slot
            .get_or_init(|| {
                // Another thread may have finished the same key meanwhile.
                if let Some(v) = self.get(key).filter(|v| current(v)) {
                    return v;
                }
                let v = Arc::new(build());
                self.replace(key.clone(), v.clone());
                v
            })
            .clone();
        if let Ok(mut building) = self.building.lock() {
            building.retain(|(k, s)| !(k == key && Arc::ptr_eq(s, &slot)));
        }
        value
    }

    /// The value for `key`, now the most recently used.
    pub fn get<Q>(&self, key: &Q) -> Option<Arc<V>>
    where
        K: PartialEq<Q>,
        Q: ?Sized,
    {
        let mut entries = self.entries.lock().ok()?;
        let i = entries.iter().position(|(k, _)| k == key)?;
        let entry = entries.remove(i);
        let value = entry.1.clone();
        entries.push(entry);
        Some(value)
    }

    /// Sets `value` for `key`, replacing what was there (a stale entry),
    /// dropping the least recently used value when full.
    pub fn replace(&self, key: K, value: Arc<V>) {
        if let Ok(mut entries) = self.entries.lock() {
            if let Some(i) = entries.iter().position(|(k, _)| *k == key) {
                entries.remove(i);
            }
            if entries.len() >= self.capacity {
                entries.remove(0);
            }
            entries.push((key, value));
        }
    }

    /// Adds `value` for `key` (kept as is when another thread added one
    /// first), dropping the least recently used value when full.
    pub fn insert(&self, key: K, value: Arc<V>) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.iter().any(|(k, _)| *k == key) {
                return;
            }
            if entries.len() >= self.capacity {
                entries.remove(0);
            }
            entries.push((key, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn least_recently_used_goes_first() {
        let lru: Lru<String, u32> = Lru::new(2);
        lru.insert("a".into(), Arc::new(1));
        lru.insert("b".into(), Arc::new(2));
        assert_eq!(lru.get("a").as_deref(), Some(&1));
        lru.insert("c".into(), Arc::new(3));
        assert_eq!(lru.get("b"), None);
        assert_eq!(lru.get("a").as_deref(), Some(&1));
        assert_eq!(lru.get("c").as_deref(), Some(&3));
        lru.insert("c".into(), Arc::new(4));
        assert_eq!(lru.get("c").as_deref(), Some(&3));
    }

    #[test]
    fn one_thread_builds_a_key_the_others_wait() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let lru: Lru<String, u32> = Lru::new(4);
        let builds = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    let v = lru.get_or_build(
                        &"k".to_string(),
                        |_| true,
                        || {
                            builds.fetch_add(1, Ordering::SeqCst);
                            std::thread::sleep(std::time::Duration::from_millis(50));
                            7
                        },
                    );
                    assert_eq!(*v, 7);
                });
            }
        });
        assert_eq!(builds.load(Ordering::SeqCst), 1);
        // Stale: built again.
        let v = lru.get_or_build(&"k".to_string(), |_| false, || 8);
        assert_eq!(*v, 8);
    }
}
