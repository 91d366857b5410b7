//! A small least-recently-used cache of shared values, the one every
//! symbol store uses to bound how many parsed symbol files stay in memory,
//! and [`Remembered`], what the stores keep in it: a parsed file or why it
//! could not be used, valid while the files it came from are unchanged.

use crate::symbol_dirs::{Stamp, Unusable};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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
}

impl<K: PartialEq, V> Lru<K, V> {
    /// An empty cache holding at most `capacity` values (at least one).
    pub fn new(capacity: usize) -> Self {
        Lru {
            entries: Mutex::new(Vec::new()),
            capacity: capacity.max(1),
        }
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
}
