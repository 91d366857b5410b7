//! Opening symbol files confined to the symbol directories: only regular
//! files, never through a symbolic link, never outside the directories,
//! never larger than the budget; and naming them, in anything a payload's
//! sender may read, relative to their directory.

use crate::budget::SymbolBudget;
use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

/// The symbol directories, as given and resolved.
#[derive(Debug, Clone, Default)]
pub struct SymbolDirs {
    /// (as given, canonical) for each directory.
    roots: Vec<(PathBuf, PathBuf)>,
}

/// A symbol file opened through [`SymbolDirs::open`]: a regular file inside
/// the directories, within the size budget.
#[derive(Debug)]
pub struct SymbolFile {
    /// The open file.
    pub file: File,
    /// Its size when opened.
    pub len: u64,
    /// Its identity, size and modification time when opened.
    pub stamp: Stamp,
}

/// A file's identity (device, inode), size and modification time: a
/// remembered result stays valid while the stamp is the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    modified_ns: i128,
}

impl Stamp {
    /// The stamp of `meta`.
    pub fn of(meta: &Metadata) -> Stamp {
        #[cfg(unix)]
        let (dev, ino) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (dev, ino) = (0, 0);
        let modified_ns = meta
            .modified()
            .ok()
            .map(|t| match t.duration_since(std::time::UNIX_EPOCH) {
                Ok(d) => d.as_nanos() as i128,
                Err(e) => -(e.duration().as_nanos() as i128),
            })
            .unwrap_or(0);
        Stamp {
            dev,
            ino,
            len: meta.len(),
            modified_ns,
        }
    }

    /// The stamp of whatever is at `path` now (the link itself for a
    /// symbolic link); `None` when nothing is.
    pub fn at(path: &Path) -> Option<Stamp> {
        std::fs::symlink_metadata(path).ok().map(|m| Stamp::of(&m))
    }
}

/// Why a symbol file cannot be used, as the frames that needed it say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable {
    /// What is wrong, naming files relative to their symbol directory.
    pub reason: String,
    /// Whether a bound of the [`SymbolBudget`] was reached (as opposed to a
    /// missing or corrupt file).
    pub over_budget: bool,
}

impl Unusable {
    /// A missing or corrupt file.
    pub fn missing(reason: impl Into<String>) -> Self {
        Unusable {
            reason: reason.into(),
            over_budget: false,
        }
    }

    /// A file over a bound of the budget.
    pub fn over_budget(reason: impl Into<String>) -> Self {
        Unusable {
            reason: reason.into(),
            over_budget: true,
        }
    }
}

impl From<SymbolFileError> for Unusable {
    fn from(e: SymbolFileError) -> Self {
        Unusable {
            over_budget: matches!(e, SymbolFileError::TooLarge { .. }),
            reason: e.to_string(),
        }
    }
}

/// Why a symbol file was not opened. Its text names the file relative to
/// its symbol directory.
#[derive(Debug, thiserror::Error)]
pub enum SymbolFileError {
    /// The path is a symbolic link (links are never followed).
    #[error("{path} is a symbolic link, which is not followed")]
    Link {
        /// The file, relative to its symbol directory.
        path: String,
    },
    /// A FIFO, device, socket or directory.
    #[error("{path} is not a regular file")]
    NotRegular {
        /// The file, relative to its symbol directory.
        path: String,
    },
    /// The file resolves to a place outside every symbol directory.
    #[error("{path} resolves to a place outside the symbol directories")]
    Outside {
        /// The file, relative to its symbol directory.
        path: String,
    },
    /// Over [`SymbolBudget::max_file_bytes`].
    #[error("{path} is {size} bytes, over the symbol file limit of {max} bytes")]
    TooLarge {
        /// The file, relative to its symbol directory.
        path: String,
        /// Its size.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// Not there, or not readable.
    #[error("cannot read {path}: {kind}")]
    Io {
        /// The file, relative to its symbol directory.
        path: String,
        /// What went wrong.
        kind: io::ErrorKind,
    },
}

impl SymbolDirs {
    /// The directories `roots` (each resolved once; one that cannot be
    /// resolved holds nothing that can be opened).
    pub fn new(roots: Vec<PathBuf>) -> SymbolDirs {
        SymbolDirs {
            roots: roots
                .into_iter()
                .map(|r| {
                    let canonical = r.canonicalize().unwrap_or_else(|_| r.clone());
                    (r, canonical)
                })
                .collect(),
        }
    }

    /// The directories as given.
    pub fn roots(&self) -> impl Iterator<Item = &Path> {
        self.roots.iter().map(|(r, _)| r.as_path())
    }

    /// `name` inside each directory, where it is a directory itself and not
    /// a link to one: what a scan may list (`sourcemaps/`, `proguard/`).
    pub fn subdirs<'a>(&'a self, name: &'a str) -> impl Iterator<Item = PathBuf> + 'a {
        self.roots().filter_map(move |root| {
            let dir = root.join(name);
            std::fs::symlink_metadata(&dir)
                .is_ok_and(|m| m.file_type().is_dir())
                .then_some(dir)
        })
    }

    /// Opens `path` for reading if it is a regular file (not a link, FIFO or
    /// device: checked on the opened handle, and a FIFO never blocks the
    /// open), really inside one of the directories, and at most
    /// `budget.max_file_bytes` long.
    ///
    /// The path is opened one component at a time from its symbol
    /// directory, none of them followed if it is a link (`openat` with
    /// `O_NOFOLLOW`): a link anywhere on the way, a directory included,
    /// fails before anything behind it is opened.
    pub fn open(&self, path: &Path, budget: &SymbolBudget) -> Result<SymbolFile, SymbolFileError> {
        let name = || self.display(path);
        let Some((root, relative)) = self.locate(path) else {
            return Err(SymbolFileError::Outside { path: name() });
        };
        let file = open_beneath(root, relative).map_err(|(e, depth)| {
            // Which component failed: a link there is named as such.
            let mut at = root.to_path_buf();
            at.extend(relative.components().take(depth + 1));
            let is_link = std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink());
            if is_link || is_link_error(&e) {
                SymbolFileError::Link {
                    path: self.display(&at),
                }
            } else {
                SymbolFileError::Io {
                    path: name(),
                    kind: e.kind(),
                }
            }
        })?;
        let meta = file.metadata().map_err(|e| SymbolFileError::Io {
            path: name(),
            kind: e.kind(),
        })?;
        if !meta.is_file() {
            return Err(SymbolFileError::NotRegular { path: name() });
        }
        if !self.holds(&file, path) {
            return Err(SymbolFileError::Outside { path: name() });
        }
        if meta.len() > budget.max_file_bytes {
            return Err(SymbolFileError::TooLarge {
                path: name(),
                size: meta.len(),
                max: budget.max_file_bytes,
            });
        }
        Ok(SymbolFile {
            len: meta.len(),
            stamp: Stamp::of(&meta),
            file,
        })
    }

    /// Opens `path` as [`SymbolDirs::open`] does and reads it whole (never
    /// more than `budget.max_file_bytes`, even if it grows meanwhile).
    pub fn read(
        &self,
        path: &Path,
        budget: &SymbolBudget,
    ) -> Result<(Vec<u8>, Stamp), SymbolFileError> {
        let opened = self.open(path, budget)?;
        let bytes = read_at_most(opened.file, opened.len, budget.max_file_bytes).map_err(|e| {
            match e.kind() {
                // It grew past the limit while being read.
                io::ErrorKind::FileTooLarge => SymbolFileError::TooLarge {
                    path: self.display(path),
                    size: budget.max_file_bytes.saturating_add(1).max(opened.len),
                    max: budget.max_file_bytes,
                },
                kind => SymbolFileError::Io {
                    path: self.display(path),
                    kind,
                },
            }
        })?;
        Ok((bytes, opened.stamp))
    }

    /// `path` as output may show it: relative to the symbol directory that
    /// holds it (`sourcemaps/1.1.0/static/js/app.min.js.map`), or its file
    /// name alone; never absolute.
    pub fn display(&self, path: &Path) -> String {
        let relative = self
            .roots
            .iter()
            .find_map(|(given, canonical)| {
                path.strip_prefix(given)
                    .or_else(|_| path.strip_prefix(canonical))
                    .ok()
            })
            .filter(|r| !r.as_os_str().is_empty());
        match relative {
            Some(r) => r.to_string_lossy().into_owned(),
            None => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "(a symbol file)".to_string()),
        }
    }

    /// The (canonical) symbol directory `path` lies in, and the path
    /// relative to it.
    fn locate<'p>(&self, path: &'p Path) -> Option<(&Path, &'p Path)> {
        self.roots.iter().find_map(|(given, canonical)| {
            let relative = path
                .strip_prefix(given)
                .or_else(|_| path.strip_prefix(canonical))
                .ok()?;
            Some((canonical.as_path(), relative))
        })
    }

    /// Whether the open `file` (at `path`) really lies inside a directory
    /// (a second check after [`open_beneath`]):
    /// the kernel's name for the open handle where there is one (no race
    /// with a rename), else the resolved path.
    fn holds(&self, file: &File, path: &Path) -> bool {
        let real = handle_path(file).or_else(|| path.canonicalize().ok());
        match real {
            Some(real) => self
                .roots
                .iter()
                .any(|(_, canonical)| real.starts_with(canonical) && real != *canonical),
            None => false,
        }
    }
}

/// Reads `file` (`len` bytes when opened) whole, failing with
/// [`io::ErrorKind::FileTooLarge`] past `max` bytes.
pub fn read_at_most(file: File, len: u64, max: u64) -> io::Result<Vec<u8>> {
    // One byte more than the file holds: reading to its end then never
    // grows (doubles) the buffer.
    let mut bytes =
        Vec::with_capacity(len.min(max).saturating_add(1).min(usize::MAX as u64) as usize);
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(io::Error::from(io::ErrorKind::FileTooLarge));
    }
    Ok(bytes)
}

/// Whether a path has no `..`, root or prefix component: joined to a
/// directory, it stays inside (as long as no link is followed).
pub fn is_plain_relative(path: &Path) -> bool {
    path.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// Opens `relative` (plain components only) below the directory `root`,
/// one component at a time, following no link; a FIFO does not block the
/// open. On failure, the error and the index of the component that failed.
#[cfg(unix)]
fn open_beneath(root: &Path, relative: &Path) -> Result<File, (io::Error, usize)> {
    use rustix::fs::{openat, Mode, OFlags, CWD};
    let mut parts = Vec::new();
    for c in relative.components() {
        match c {
            Component::Normal(p) => parts.push(p),
            Component::CurDir => {}
            _ => return Err((io::Error::from(io::ErrorKind::InvalidInput), parts.len())),
        }
    }
    let Some((last, dirs)) = parts.split_last() else {
        return Err((io::Error::from(io::ErrorKind::InvalidInput), 0));
    };
    let fail = |depth: usize| move |e: rustix::io::Errno| (io::Error::from(e), depth);
    let mut dir = openat(
        CWD,
        root,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(fail(0))?;
    for (depth, d) in dirs.iter().enumerate() {
        dir = openat(
            &dir,
            *d,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(fail(depth))?;
    }
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
    // writer forever; a regular file ignores it.
    let file = openat(
        &dir,
        *last,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(fail(dirs.len()))?;
    Ok(File::from(file))
}

#[cfg(not(unix))]
fn open_beneath(root: &Path, relative: &Path) -> Result<File, (io::Error, usize)> {
    if !is_plain_relative(relative) {
        return Err((io::Error::from(io::ErrorKind::InvalidInput), 0));
    }
    let mut at = root.to_path_buf();
    for (depth, c) in relative.components().enumerate() {
        at.push(c);
        let meta = std::fs::symlink_metadata(&at).map_err(|e| (e, depth))?;
        if meta.file_type().is_symlink() {
            return Err((io::Error::other("symbolic link"), depth));
        }
    }
    File::open(&at).map_err(|e| (e, 0))
}

#[cfg(unix)]
fn is_link_error(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_link_error(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::Other
}

#[cfg(target_os = "linux")]
fn handle_path(file: &File) -> Option<PathBuf> {
    use std::os::fd::AsRawFd;
    std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())).ok()
}

#[cfg(not(target_os = "linux"))]
fn handle_path(_file: &File) -> Option<PathBuf> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_relative() {
        let dirs = SymbolDirs::new(vec![PathBuf::from("/nonexistent/symbols")]);
        assert_eq!(
            dirs.display(Path::new("/nonexistent/symbols/sourcemaps/1.0/app.js.map")),
            "sourcemaps/1.0/app.js.map"
        );
        assert_eq!(dirs.display(Path::new("/elsewhere/x.map")), "x.map");
        assert!(is_plain_relative(Path::new("a/./b")));
        assert!(!is_plain_relative(Path::new("a/../b")));
        assert!(!is_plain_relative(Path::new("/a")));
    }
}
