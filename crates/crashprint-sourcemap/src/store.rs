//! Source maps under the symbol directories: `DIR/sourcemaps/<release>/…`
//! holds the deployed minified files and their maps; maps are also found
//! by debug id.
//!
//! The directories are scanned once, lazily, without following symbolic
//! links. A frame's URL is matched against the catalogue by path suffix —
//! nothing from a payload is ever joined into a path — and a
//! `sourceMappingURL` comment is followed only to a file of the same
//! release directory (or an inline `data:` URL). Nothing is fetched. Files
//! are opened through [`SymbolDirs`]: regular files only, never through a
//! link (a directory link included), within the [`SymbolBudget`].
//!
//! Every map loaded is remembered in the LRU, and so is every map that
//! could not be used (too large, not a source map, over a limit), with its
//! reason, until one of its files changes.

use crate::debug_id::normalize_debug_id;
use crate::{MapLimits, SourceMap, SourceMapError};
use base64::Engine as _;
use crashprint_model::lru::{Lru, Remembered};
use crashprint_model::{Stamp, SymbolBudget, SymbolDirs, Unusable};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, OnceLock};

const MAX_DEPTH: usize = 24;
const MAX_FILES: usize = 1_000_000;
/// How much of each end of a map the debug id scan reads: generators write
/// `debugId` first or last.
const DEBUG_ID_WINDOW: u64 = 64 << 10;

/// A source map with the minified file it belongs to, ready for lookups.
#[derive(Debug)]
pub struct LoadedMap {
    /// The map, with the minified source's scopes when the file was found.
    pub map: SourceMap,
    /// Where the map came from.
    pub path: PathBuf,
    /// The map as messages name it: relative to its symbol directory.
    pub name: String,
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
/// parsed maps (and of maps that could not be used) shared by all threads.
#[derive(Debug)]
pub struct SourceMapStore {
    dirs: SymbolDirs,
    budget: SymbolBudget,
    catalog: OnceLock<Catalog>,
    debug_ids: OnceLock<HashMap<String, PathBuf>>,
    cache: Lru<PathBuf, Remembered<LoadedMap>>,
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
            dirs: SymbolDirs::new(roots),
            budget: SymbolBudget::default(),
            catalog: OnceLock::new(),
            debug_ids: OnceLock::new(),
            cache: Lru::new(capacity),
        }
    }

    /// What each map and minified file may cost (default:
    /// [`SymbolBudget::default`]).
    pub fn with_budget(mut self, budget: SymbolBudget) -> SourceMapStore {
        self.budget = budget;
        self
    }

    fn catalog(&self) -> &Catalog {
        self.catalog.get_or_init(|| scan(&self.dirs))
    }

    /// The map for a frame's `url` in `release`, or for `debug_id`; or why
    /// there is none.
    pub fn find(
        &self,
        release: Option<&str>,
        url: &str,
        debug_id: Option<&str>,
    ) -> Result<Arc<LoadedMap>, Unusable> {
        let catalog = self.catalog();
        if let Some(path) = debug_id.and_then(|id| self.map_by_debug_id(id)) {
            return self.load(path);
        }
        let Some(release) = release.filter(|r| !r.is_empty()) else {
            return Err(Unusable::missing(
                "the event names no release to find its source maps by",
            ));
        };
        let Some(files) = catalog.releases.get(release) else {
            return Err(Unusable::missing(format!(
                "no source maps for release {release}"
            )));
        };
        let parts = url_path(url);
        let Some(file_name) = parts.last() else {
            return Err(Unusable::missing(format!("{url} names no file")));
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
            return Err(Unusable::missing(format!(
                "no file {file_name} in release {release}"
            )));
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
                .get_or_init(|| self.scan_debug_ids(&catalog.maps))
                .get(&id)
        })
    }

    /// The remembered outcome for `key`, or the one `build` makes (also
    /// remembered, with the files it read).
    fn remembered(
        &self,
        key: &Path,
        build: impl FnOnce(&mut Vec<(PathBuf, Option<Stamp>)>) -> Result<Arc<LoadedMap>, Unusable>,
    ) -> Result<Arc<LoadedMap>, Unusable> {
        let remembered = self.cache.get_or_build(
            &key.to_path_buf(),
            Remembered::is_current,
            || {
                let mut files = Vec::new();
                let outcome = build(&mut files);
                if let Err(why) = &outcome {
                    tracing::debug!(file = %key.display(), "source map not usable: {}", why.reason);
                }
                Remembered::new(outcome, files)
            },
        );
        remembered.outcome.clone()
    }

    /// Reads a file through the symbol directories, noting its stamp.
    fn read(
        &self,
        path: &Path,
        files: &mut Vec<(PathBuf, Option<Stamp>)>,
    ) -> Result<Vec<u8>, Unusable> {
        match self.dirs.read(path, &self.budget) {
            Ok((bytes, stamp)) => {
                files.push((path.to_path_buf(), Some(stamp)));
                Ok(bytes)
            }
            Err(e) => {
                files.push((path.to_path_buf(), Stamp::at(path)));
                Err(e.into())
            }
        }
    }

    fn parse(&self, bytes: &[u8], path: &Path) -> Result<SourceMap, Unusable> {
        let limits = MapLimits {
            deadline: self.budget.deadline(),
            ..MapLimits::default()
        };
        SourceMap::from_slice_with(bytes, limits).map_err(|e| {
            let reason = format!("{}: {e}", self.dirs.display(path));
            match e {
                SourceMapError::Limit(_) => Unusable::over_budget(reason),
                _ => Unusable::missing(reason),
            }
        })
    }

    /// The map of the minified file `relative` (inside `root`), with the
    /// file's scopes: the map its `//# debugId=` names, else its
    /// `sourceMappingURL`, else `<file>.map` beside it.
    fn load_for_minified(&self, root: &Path, relative: &Path) -> Result<Arc<LoadedMap>, Unusable> {
        let path = root.join(relative);
        self.remembered(&path, |files| {
            self.build_for_minified(root, relative, &path, files)
        })
    }

    fn build_for_minified(
        &self,
        root: &Path,
        relative: &Path,
        path: &Path,
        files: &mut Vec<(PathBuf, Option<Stamp>)>,
    ) -> Result<Arc<LoadedMap>, Unusable> {
        let minified = self.read(path, files)?;
        let minified = String::from_utf8_lossy(&minified).into_owned();
        let by_id = debug_id_comment(&minified).and_then(|id| self.map_by_debug_id(id));
        let (map_bytes, map_path) = match (by_id, source_mapping_url(&minified)) {
            (Some(map_path), _) => (self.read(map_path, files)?, map_path.clone()),
            (None, Some(url)) if url.starts_with("data:") => (
                decode_data_url(url).map_err(|why| {
                    Unusable::missing(format!("{}: {why}", self.dirs.display(path)))
                })?,
                path.to_path_buf(),
            ),
            (None, Some(url)) => {
                let target = relative
                    .parent()
                    .map(|p| p.join(url_decode(url.split(['?', '#']).next().unwrap_or(""))))
                    .and_then(|p| contained(&p))
                    .ok_or_else(|| {
                        Unusable::missing(format!(
                            "{}: sourceMappingURL {url} leaves the release directory or is a URL",
                            self.dirs.display(path)
                        ))
                    })?;
                let map_path = root.join(target);
                (self.read(&map_path, files)?, map_path)
            }
            (None, None) => {
                let mut name = path.as_os_str().to_owned();
                name.push(".map");
                let map_path = PathBuf::from(name);
                (self.read(&map_path, files)?, map_path)
            }
        };
        let map = self
            .parse(&map_bytes, &map_path)?
            .with_minified_source(&minified);
        Ok(Arc::new(LoadedMap {
            map,
            name: self.dirs.display(&map_path),
            path: map_path,
        }))
    }

    /// A map file on its own (no minified file: no scopes).
    fn load(&self, path: &Path) -> Result<Arc<LoadedMap>, Unusable> {
        self.remembered(path, |files| {
            let bytes = self.read(path, files)?;
            Ok(Arc::new(LoadedMap {
                map: self.parse(&bytes, path)?,
                path: path.to_path_buf(),
                name: self.dirs.display(path),
            }))
        })
    }

    /// Debug ids of every map, read from their `debugId`/`debug_id` field
    /// in the first and last 64 KiB of each (a text search, not a parse:
    /// the scan never reads a map whole).
    fn scan_debug_ids(&self, maps: &[PathBuf]) -> HashMap<String, PathBuf> {
        let mut out = HashMap::new();
        for path in maps {
            let Ok(text) = self.read_ends(path) else {
                continue;
            };
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

    /// The first and last [`DEBUG_ID_WINDOW`] bytes of a file, as text
    /// (joined by a newline).
    fn read_ends(&self, path: &Path) -> Result<String, crashprint_model::SymbolFileError> {
        use std::io::{Read, Seek, SeekFrom};
        let unbounded = SymbolBudget {
            max_file_bytes: u64::MAX,
            ..self.budget
        };
        let mut opened = self.dirs.open(path, &unbounded)?;
        let io = |_| crashprint_model::SymbolFileError::Io {
            path: self.dirs.display(path),
            kind: std::io::ErrorKind::InvalidData,
        };
        let mut head = Vec::new();
        (&opened.file)
            .take(DEBUG_ID_WINDOW)
            .read_to_end(&mut head)
            .map_err(io)?;
        if opened.len > DEBUG_ID_WINDOW {
            let from = opened
                .len
                .saturating_sub(DEBUG_ID_WINDOW)
                .max(DEBUG_ID_WINDOW);
            opened.file.seek(SeekFrom::Start(from)).map_err(io)?;
            head.push(b'\n');
            (&opened.file)
                .take(DEBUG_ID_WINDOW)
                .read_to_end(&mut head)
                .map_err(io)?;
        }
        Ok(String::from_utf8_lossy(&head).into_owned())
    }
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

/// An inline map (it is within the minified file's budget already).
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

fn scan(dirs: &SymbolDirs) -> Catalog {
    let mut catalog = Catalog::default();
    let mut count = 0usize;
    for base in dirs.subdirs("sourcemaps") {
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
