//! Source maps under the symbol directories: `DIR/sourcemaps/<release>/…`
//! holds the deployed minified files and their maps; maps are also found
//! by debug id.
//!
//! The directories are scanned once, lazily, without following symbolic
//! links. A frame's URL is matched against the catalogue by path suffix —
//! nothing from a payload is ever joined into a path — and a
//! `sourceMappingURL` comment is followed only to a file of the same
//! release directory (or an inline `data:` URL). Nothing is fetched.

use crate::debug_id::normalize_debug_id;
use crate::SourceMap;
use base64::Engine as _;
use crashprint_model::lru::Lru;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, OnceLock};

const MAX_DEPTH: usize = 24;
const MAX_FILES: usize = 1_000_000;
/// Largest minified file or map read.
const MAX_FILE_BYTES: u64 = 256 << 20;

/// A source map with the minified file it belongs to, ready for lookups.
#[derive(Debug)]
pub struct LoadedMap {
    /// The map, with the minified source's scopes when the file was found.
    pub map: SourceMap,
    /// Where the map came from (for messages).
    pub path: PathBuf,
}

#[derive(Debug, Default)]
struct Catalog {
    /// Release → files of that release directory (paths relative to it).
    releases: HashMap<String, Release>,
    /// Debug id (lowercase, hyphenated) → map file, from file names.
    by_debug_id_name: HashMap<String, PathBuf>,
    /// Every `.map` file, for the debug id scan.
    maps: Vec<PathBuf>,
}

#[derive(Debug, Default)]
struct Release {
    root: PathBuf,
    /// Every file, relative path components.
    files: Vec<Vec<String>>,
    /// File name → indices into `files`.
    by_name: HashMap<String, Vec<usize>>,
}

/// Source maps under a set of symbol directories, with an LRU cache of
/// parsed maps shared by all threads.
#[derive(Debug)]
pub struct SourceMapStore {
    roots: Vec<PathBuf>,
    catalog: OnceLock<Catalog>,
    debug_ids: OnceLock<HashMap<String, PathBuf>>,
    cache: Lru<PathBuf, LoadedMap>,
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SourceMapStore>();
};

impl SourceMapStore {
    /// A store over `roots` (the `--symbols` directories; maps live in
    /// their `sourcemaps/` subdirectory); at most `capacity` parsed maps
    /// are kept.
    pub fn new(roots: Vec<PathBuf>, capacity: usize) -> SourceMapStore {
        SourceMapStore {
            roots,
            catalog: OnceLock::new(),
            debug_ids: OnceLock::new(),
            cache: Lru::new(capacity),
        }
    }

    fn catalog(&self) -> &Catalog {
        self.catalog.get_or_init(|| scan(&self.roots))
    }

    /// The map for a frame's `url` in `release`, or for `debug_id`; or why
    /// there is none.
    pub fn find(
        &self,
        release: Option<&str>,
        url: &str,
        debug_id: Option<&str>,
    ) -> Result<Arc<LoadedMap>, String> {
        let catalog = self.catalog();
        if let Some(path) = debug_id.and_then(|id| self.map_by_debug_id(id)) {
            return self.load(path);
        }
        let Some(release) = release.filter(|r| !r.is_empty()) else {
            return Err("the event names no release to find its source maps by".into());
        };
        let Some(files) = catalog.releases.get(release) else {
            return Err(format!("no source maps for release {release}"));
        };
        let parts = url_path(url);
        let Some(file_name) = parts.last() else {
            return Err(format!("{url} names no file"));
        };
        // Longest path suffix among the release's files of that name.
        let best = files
            .by_name
            .get(file_name.as_str())
            .into_iter()
            .flatten()
            .map(|&i| {
                let candidate = &files.files[i];
                let common = candidate
                    .iter()
                    .rev()
                    .zip(parts.iter().rev())
                    .take_while(|(a, b)| a == b)
                    .count();
                (common, std::cmp::Reverse(candidate.len()), i)
            })
            .max();
        let Some((_, _, i)) = best else {
            return Err(format!("no file {file_name} in release {release}"));
        };
        let relative: PathBuf = files.files[i].iter().collect();
        let minified_path = files.root.join(&relative);
        if minified_path.extension().is_some_and(|e| e == "map") {
            return self.load(&minified_path);
        }
        self.load_for_minified(&files.root, &relative)
    }

    /// The map file a debug id names: by file name, else by the `debugId`
    /// fields of every map (read once, on the first id asked for).
    fn map_by_debug_id(&self, id: &str) -> Option<&PathBuf> {
        let id = normalize_debug_id(id)?;
        let catalog = self.catalog();
        catalog.by_debug_id_name.get(&id).or_else(|| {
            self.debug_ids
                .get_or_init(|| scan_debug_ids(&catalog.maps))
                .get(&id)
        })
    }

    /// The map of the minified file `relative` (inside `root`), with the
    /// file's scopes: the map its `//# debugId=` names, else its
    /// `sourceMappingURL`, else `<file>.map` beside it.
    fn load_for_minified(&self, root: &Path, relative: &Path) -> Result<Arc<LoadedMap>, String> {
        let path = root.join(relative);
        let cache_key = path.with_extension("js#map");
        if let Some(hit) = self.cache.get(&cache_key) {
            return Ok(hit);
        }
        let minified = read_bounded(&path)?;
        let minified = String::from_utf8_lossy(&minified).into_owned();
        let by_id = debug_id_comment(&minified).and_then(|id| self.map_by_debug_id(id));
        let (map_bytes, map_path) = match (by_id, source_mapping_url(&minified)) {
            (Some(map_path), _) => (read_bounded(map_path)?, map_path.clone()),
            (None, Some(url)) if url.starts_with("data:") => (decode_data_url(url)?, path.clone()),
            (None, Some(url)) => {
                let target = relative
                    .parent()
                    .map(|p| p.join(url_decode(url.split(['?', '#']).next().unwrap_or(""))))
                    .and_then(|p| contained(&p))
                    .ok_or_else(|| {
                        format!(
                            "{}: sourceMappingURL {url} leaves the release directory or is a URL",
                            path.display()
                        )
                    })?;
                let map_path = root.join(target);
                (read_bounded(&map_path)?, map_path)
            }
            (None, None) => {
                let mut name = path.as_os_str().to_owned();
                name.push(".map");
                let map_path = PathBuf::from(name);
                (read_bounded(&map_path)?, map_path)
            }
        };
        let map = SourceMap::from_slice(&map_bytes)
            .map_err(|e| format!("{}: {e}", map_path.display()))?
            .with_minified_source(&minified);
        let loaded = Arc::new(LoadedMap {
            map,
            path: map_path,
        });
        self.cache.insert(cache_key, loaded.clone());
        Ok(loaded)
    }

    /// A map file on its own (no minified file: no scopes).
    fn load(&self, path: &Path) -> Result<Arc<LoadedMap>, String> {
        if let Some(hit) = self.cache.get(path) {
            return Ok(hit);
        }
        let bytes = read_bounded(path)?;
        let map = SourceMap::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        let loaded = Arc::new(LoadedMap {
            map,
            path: path.to_path_buf(),
        });
        self.cache.insert(path.to_path_buf(), loaded.clone());
        Ok(loaded)
    }
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::symlink_metadata(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("{} is not a regular file", path.display()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{} is {} bytes, over the limit of {MAX_FILE_BYTES}",
            path.display(),
            meta.len()
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The path components of a frame URL: scheme, host, query and fragment
/// dropped (`https://cdn.example/static/app.min.js?v=2` → `static`,
/// `app.min.js`; `webpack:///./src/a.js` → `src`, `a.js`).
pub fn url_path(url: &str) -> Vec<String> {
    let url = url.split(['?', '#']).next().unwrap_or("");
    let rest = match url.split_once("://") {
        Some((_, rest)) => {
            // Drop the host (empty for file:///, webpack:///, app:///).
            match rest.find('/') {
                Some(i) => &rest[i..],
                None => "",
            }
        }
        None => url,
    };
    rest.split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .map(url_decode)
        .collect()
}

fn url_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `relative` with `.` and `..` resolved, if it stays inside its root and
/// is a plain relative path.
fn contained(relative: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in relative.components() {
        match c {
            Component::Normal(p) => {
                let p = p.to_str()?;
                if p.contains(':') {
                    return None;
                }
                out.push(p);
            }
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// The last `//# sourceMappingURL=` (or `//@`) comment's URL.
pub fn source_mapping_url(minified: &str) -> Option<&str> {
    last_comment(minified, "//# sourceMappingURL=")
        .or_else(|| last_comment(minified, "//@ sourceMappingURL="))
}

/// The value of the last `marker` comment (`//# name=value`) in the file's
/// tail: such comments end the file.
fn last_comment<'m>(minified: &'m str, marker: &str) -> Option<&'m str> {
    let tail_start = minified.len().saturating_sub(64 << 10);
    let tail_start = (tail_start..minified.len())
        .find(|&i| minified.is_char_boundary(i))
        .unwrap_or(minified.len());
    let tail = &minified[tail_start..];
    let at = tail.rfind(marker)?;
    let value = tail[at + marker.len()..].lines().next()?.trim();
    (!value.is_empty()).then_some(value)
}

/// The last `//# debugId=` comment's value.
pub fn debug_id_comment(minified: &str) -> Option<&str> {
    last_comment(minified, "//# debugId=")
}

fn decode_data_url(url: &str) -> Result<Vec<u8>, String> {
    let (meta, data) = url.split_once(',').ok_or("a data: URL without a comma")?;
    if meta.ends_with(";base64") {
        base64::engine::general_purpose::STANDARD
            .decode(data.trim())
            .map_err(|e| format!("the inline source map is not base64: {e}"))
    } else {
        Ok(url_decode(data).into_bytes())
    }
}

fn scan(roots: &[PathBuf]) -> Catalog {
    let mut catalog = Catalog::default();
    let mut count = 0usize;
    for root in roots {
        let base = root.join("sourcemaps");
        let Ok(entries) = std::fs::read_dir(&base) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            if kind.is_file() {
                // `DIR/sourcemaps/<debug-id>.map`.
                if let Some(id) = name
                    .strip_suffix(".map")
                    .map(|n| n.trim_end_matches(".js"))
                    .and_then(normalize_debug_id)
                {
                    catalog.by_debug_id_name.insert(id, entry.path());
                }
                if name.ends_with(".map") {
                    catalog.maps.push(entry.path());
                }
                continue;
            }
            if !kind.is_dir() {
                continue;
            }
            let release = catalog.releases.entry(name).or_default();
            release.root = entry.path();
            let mut stack = vec![(entry.path(), Vec::<String>::new())];
            while let Some((dir, prefix)) = stack.pop() {
                if prefix.len() > MAX_DEPTH {
                    continue;
                }
                let Ok(entries) = std::fs::read_dir(&dir) else {
                    continue;
                };
                for entry in entries.flatten() {
                    count += 1;
                    if count > MAX_FILES {
                        tracing::warn!("source map scan stopped after {MAX_FILES} files");
                        return catalog;
                    }
                    let Ok(kind) = entry.file_type() else {
                        continue;
                    };
                    let name = entry.file_name().to_string_lossy().into_owned();
                    let mut parts = prefix.clone();
                    parts.push(name.clone());
                    if kind.is_dir() {
                        stack.push((entry.path(), parts));
                    } else if kind.is_file() {
                        if name.ends_with(".map") {
                            catalog.maps.push(entry.path());
                        }
                        release
                            .by_name
                            .entry(name)
                            .or_default()
                            .push(release.files.len());
                        release.files.push(parts);
                    }
                }
            }
        }
    }
    catalog
}

/// Debug ids of every map, read from their `debugId`/`debug_id` field
/// (a cheap text search, not a full parse).
fn scan_debug_ids(maps: &[PathBuf]) -> HashMap<String, PathBuf> {
    let mut out = HashMap::new();
    for path in maps {
        let Ok(bytes) = read_bounded(path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for key in ["\"debugId\"", "\"debug_id\""] {
            if let Some(at) = text.find(key) {
                let rest = &text[at + key.len()..];
                let value = rest
                    .trim_start()
                    .strip_prefix(':')
                    .map(str::trim_start)
                    .and_then(|r| r.strip_prefix('"'))
                    .and_then(|r| r.split('"').next());
                if let Some(id) = value.and_then(normalize_debug_id) {
                    out.entry(id).or_insert_with(|| path.clone());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths() {
        assert_eq!(
            url_path("https://cdn.example.com/static/js/app.min.js?v=3#x"),
            ["static", "js", "app.min.js"]
        );
        assert_eq!(url_path("webpack:///./src/a.js"), ["src", "a.js"]);
        assert_eq!(url_path("/abs/../x.js"), ["abs", "x.js"]);
        assert_eq!(url_path("app.js"), ["app.js"]);
    }

    #[test]
    fn containment() {
        assert_eq!(
            contained(Path::new("js/app.js.map")),
            Some(PathBuf::from("js/app.js.map"))
        );
        assert_eq!(
            contained(Path::new("js/../app.js.map")),
            Some(PathBuf::from("app.js.map"))
        );
        assert_eq!(contained(Path::new("../../etc/passwd")), None);
        assert_eq!(contained(Path::new("/etc/passwd")), None);
        assert_eq!(contained(Path::new("https://x/y.map")), None);
    }

    #[test]
    fn source_mapping_urls() {
        assert_eq!(
            source_mapping_url("x()\n//# sourceMappingURL=app.js.map\n"),
            Some("app.js.map")
        );
        assert_eq!(source_mapping_url("x()"), None);
    }
}
