//! The module index: address → function, file, line, column, with the
//! inline chain.
//!
//! Opening a file maps it, reads its section headers, symbol table and
//! `.debug_aranges` (which unit covers which addresses), and nothing else.
//! A compilation unit's DIEs and line table are parsed the first time an
//! address in it is looked up — once, by whichever thread gets there first
//! (`OnceLock`) — and kept. [`ModuleIndex::lookup_many`] parses the units a
//! batch needs in parallel. Reads never lock.

use crate::cfi::{CfiRow, CfiTable};
use crate::decompress::{decompress, Allowance, Failure};
use crate::dwarf::{
    die_name, file_path, parse_inlines, parse_unit, Dwarf, Slice, Unit, UnitLookup,
};
use crate::error::NativeError;
use crate::flat::unit::UnitFlat;
use crate::flat::{FlatTable, FlatTableStats};
use crate::frame::{nonzero, FrameRef, ResolvedFrame, Source};
use crate::public::PublicTable;
use crate::symbols::SymbolTable;
use crate::tables::{PartInline, UnitIndex};
use crashprint_model::{Deadline, Stamp, SymbolBudget, SymbolDirs, SymbolFileError};
use gimli::{EndianSlice, RunTimeEndian};
use object::{Object as _, ObjectSection as _};
use rayon::prelude::*;
use std::borrow::Cow;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Default cap on what the compressed debug sections of one file may
/// decompress to, all together ([`SymbolBudget::max_decompressed_bytes`]'s
/// default): a compression bomb is an error, not an out-of-memory.
pub const DEFAULT_SECTION_CAP: u64 = 512 << 20;

/// The file's bytes: mapped, or handed over in memory.
enum Bytes {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Owned(v) => v,
        }
    }
}

/// What the lazy index borrows from: the file and its decompressed sections.
struct Owner {
    bytes: Bytes,
    decompressed: Vec<(gimli::SectionId, Vec<u8>)>,
    /// Split-DWARF `.dwo` files the skeleton units name, mapped from beside
    /// the object file.
    dwo: Vec<Bytes>,
    /// The split-DWARF package `<object>.dwp` beside the object file.
    dwp: Option<Bytes>,
    /// The supplementary file (`.gnu_debugaltlink`, made by dwz) beside it.
    sup: Option<Bytes>,
    endian: RunTimeEndian,
    /// When building the index must have ended.
    deadline: Deadline,
    /// The file, as messages name it.
    name: String,
}

impl std::fmt::Debug for Owner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Owner")
            .field("bytes", &self.bytes.len())
            .field("decompressed", &self.decompressed.len())
            .finish()
    }
}

/// One compilation unit: parsed on first use.
struct LazyUnit<'a> {
    header: gimli::UnitHeader<Slice<'a>>,
    /// gimli's view (abbreviations, line program header): also needed when
    /// another unit's DIEs refer into this one.
    unit: OnceLock<Option<Unit<'a>>>,
    /// The split unit of a skeleton (its DIEs live in a `.dwo` file or the
    /// `.dwp` package).
    split: OnceLock<Option<SplitUnit<'a>>>,
    /// crashprint's tables for it.
    index: OnceLock<Option<UnitIndex<'a>>>,
}

/// The DWARF half of the index, borrowing the owner's bytes.
struct Lazy<'a> {
    dwarf: Dwarf<'a>,
    units: Vec<LazyUnit<'a>>,
    /// `.debug_info` offset of each unit, ascending.
    starts: Vec<usize>,
    /// Abbreviation tables by `.debug_abbrev` offset, parsed the first time
    /// a unit needs one and shared by every unit that names the same
    /// offset (linkers merge identical tables: a 1,777-unit Rust binary has
    /// 413), sorted by offset.
    abbreviations: Vec<(usize, OnceLock<Option<Arc<gimli::Abbreviations>>>)>,
    /// (start, end, unit) address ranges, sorted by start.
    unit_ranges: Vec<(u64, u64, u32)>,
    /// Split-DWARF files.
    dwos: Vec<DwoFile<'a>>,
    /// A split-DWARF package (`<binary>.dwp`).
    package: Option<gimli::DwarfPackage<Slice<'a>>>,
}

/// A skeleton's split unit and where its DWARF is: its own (a `.dwp`
/// package's view of that unit) or `dwos[dwo]`.
struct SplitUnit<'a> {
    dwarf: Option<Dwarf<'a>>,
    dwo: usize,
    unit: Unit<'a>,
}

/// One `.dwo` file: its DWARF (sharing the skeleton file's address table)
/// and its units by DWO id.
struct DwoFile<'a> {
    dwarf: Dwarf<'a>,
    units: Vec<(u64, gimli::UnitHeader<Slice<'a>>)>,
}

impl std::fmt::Debug for Lazy<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lazy")
            .field("units", &self.units.len())
            .field("unit_ranges", &self.unit_ranges.len())
            .finish()
    }
}

self_cell::self_cell!(
    struct Loaded {
        owner: Owner,
        #[not_covariant]
        dependent: Lazy,
    }
    impl {Debug}
);

impl<'a> UnitLookup<'a> for Lazy<'a> {
    fn containing(&self, offset: gimli::DebugInfoOffset<usize>) -> Option<&Unit<'a>> {
        let i = self
            .starts
            .partition_point(|&s| s <= offset.0)
            .checked_sub(1)?;
        self.unit(i)
    }
}

impl<'a> Lazy<'a> {
    fn unit(&self, i: usize) -> Option<&Unit<'a>> {
        let lazy = self.units.get(i)?;
        lazy.unit
            .get_or_init(|| self.parse_unit_header(lazy.header))
            .as_ref()
    }

    /// A unit of `.debug_info`, with its shared abbreviation table.
    fn parse_unit_header(&self, header: gimli::UnitHeader<Slice<'a>>) -> Option<Unit<'a>> {
        let abbreviations = self.abbreviations(&header)?;
        Unit::new_with_abbreviations(&self.dwarf, header, abbreviations).ok()
    }

    /// The (shared) abbreviation table of a unit of `.debug_info`.
    fn abbreviations(
        &self,
        header: &gimli::UnitHeader<Slice<'a>>,
    ) -> Option<Arc<gimli::Abbreviations>> {
        let offset = header.debug_abbrev_offset();
        let at = self
            .abbreviations
            .binary_search_by_key(&offset.0, |(o, _)| *o)
            .ok()?;
        self.abbreviations[at]
            .1
            .get_or_init(|| {
                self.dwarf
                    .debug_abbrev
                    .abbreviations(offset)
                    .ok()
                    .map(Arc::new)
            })
            .clone()
    }

    /// Where unit `i`'s DIEs are: the unit itself, or for a split-DWARF
    /// skeleton, its unit in a `.dwo` file or the `.dwp` package (with the
    /// skeleton's bases).
    fn die_unit(&self, i: usize) -> Option<(&Dwarf<'a>, &Unit<'a>)> {
        let skeleton = self.unit(i)?;
        let Some(dwo_id) = skeleton.dwo_id else {
            return Some((&self.dwarf, skeleton));
        };
        let split = self.units[i]
            .split
            .get_or_init(|| {
                let in_dwo = self.dwos.iter().enumerate().find_map(|(k, dwo)| {
                    dwo.units
                        .iter()
                        .find(|(id, _)| *id == dwo_id.0)
                        .map(|(_, h)| (k, *h))
                });
                let (own, header, source) = match in_dwo {
                    Some((k, header)) => (None, header, k),
                    None => {
                        let dwarf = self.package.as_ref()?.find_cu(dwo_id, &self.dwarf).ok()??;
                        let header = dwarf.units().next().ok()??;
                        (Some(dwarf), header, usize::MAX)
                    }
                };
                let dwarf = match &own {
                    Some(d) => d,
                    None => &self.dwos[source].dwarf,
                };
                let mut unit = dwarf.unit(header).ok()?;
                unit.copy_relocated_attributes(skeleton);
                Some(SplitUnit {
                    dwarf: own,
                    dwo: source,
                    unit,
                })
            })
            .as_ref()?;
        let dwarf = match &split.dwarf {
            Some(d) => d,
            None => &self.dwos[split.dwo].dwarf,
        };
        Some((dwarf, &split.unit))
    }

    fn index(&self, i: usize) -> Option<&UnitIndex<'a>> {
        let lazy = self.units.get(i)?;
        lazy.index.get_or_init(|| self.parse_index(i)).as_ref()
    }

    /// Unit `i`'s tables, built anew (`index` keeps them).
    fn parse_index(&self, i: usize) -> Option<UnitIndex<'a>> {
        let unit = self.unit(i)?;
        let (die_dwarf, die_unit) = self.die_unit(i)?;
        match parse_unit(unit, die_dwarf, die_unit) {
            Ok(part) => Some(UnitIndex::from_part(part)),
            Err(e) => {
                tracing::debug!("skipping a compilation unit: {e}");
                None
            }
        }
    }

    /// The raw (mangled) name of DIE `die` of unit `u`.
    fn die_name(&self, u: usize, die: usize) -> Option<Cow<'a, str>> {
        let (dwarf, gimli_unit) = self.die_unit(u)?;
        let entry = gimli_unit.entry(gimli::UnitOffset(die)).ok()?;
        die_name(dwarf, gimli_unit, self, &entry, 0)
    }

    /// The path of line-table file `file` of unit `u`.
    fn file_path(&self, u: usize, file: u32) -> Option<String> {
        file_path(&self.dwarf, self.unit(u)?, file)
    }

    /// The inlined calls inside subprogram DIE `die` of unit `u`.
    fn inlines(&self, u: usize, die: usize) -> Vec<PartInline> {
        match self.die_unit(u) {
            Some((dwarf, gimli_unit)) => parse_inlines(dwarf, gimli_unit, die).unwrap_or_default(),
            None => Vec::new(),
        }
    }

    /// Unit `u`'s answers for the flat table. What lookups already built
    /// for it (gimli's view, crashprint's tables) is used; what they did not
    /// is built for this and dropped: the flat table replaces it all.
    fn flatten_unit(&self, u: usize) -> Option<UnitFlat<'a>> {
        let lazy = self.units.get(u)?;
        let parsed;
        let unit = match lazy.unit.get() {
            Some(kept) => kept.as_ref()?,
            None => {
                parsed = self.parse_unit_header(lazy.header)?;
                &parsed
            }
        };
        // A split unit's DIEs are elsewhere (kept: they are rare).
        let (die_dwarf, die_unit) = match unit.dwo_id {
            None => (&self.dwarf, unit),
            Some(_) => self.die_unit(u)?,
        };
        let built;
        let index = match lazy.index.get() {
            Some(kept) => kept.as_ref()?,
            None => match parse_unit(unit, die_dwarf, die_unit) {
                Ok(part) => {
                    built = UnitIndex::from_part(part);
                    &built
                }
                Err(e) => {
                    tracing::debug!("skipping a compilation unit: {e}");
                    return None;
                }
            },
        };
        Some(index.flatten(
            |die| {
                let entry = die_unit.entry(gimli::UnitOffset(die)).ok()?;
                die_name(die_dwarf, die_unit, self, &entry, 0)
            },
            |file| file_path(&self.dwarf, unit, file),
            |die| parse_inlines(die_dwarf, die_unit, die).unwrap_or_default(),
        ))
    }

    /// Units whose ranges cover `address` (usually one).
    fn units_at(&self, address: u64) -> impl Iterator<Item = usize> + '_ {
        let i = self.unit_ranges.partition_point(|r| r.0 <= address);
        self.unit_ranges[..i]
            .iter()
            .rev()
            .take(32)
            .filter(move |r| address < r.1)
            .map(|r| r.2 as usize)
    }

    fn build(owner: &'a Owner) -> Result<Lazy<'a>, NativeError> {
        let object = object::File::parse(&*owner.bytes).map_err(|source| NativeError::Object {
            path: PathBuf::from(&owner.name),
            source,
        })?;
        let too_slow = || NativeError::TooSlow {
            path: PathBuf::from(&owner.name),
            limit: owner.deadline.limit(),
        };
        let sections: gimli::DwarfSections<&'a [u8]> =
            gimli::DwarfSections::load(|id| -> Result<&'a [u8], NativeError> {
                if let Some((_, data)) = owner.decompressed.iter().find(|(s, _)| *s == id) {
                    return Ok(data);
                }
                Ok(find_section(&object, id.name())
                    .and_then(|s| s.data().ok())
                    .unwrap_or(&[]))
            })?;
        let mut dwarf = sections.borrow(|s| EndianSlice::new(s, owner.endian));
        if let Some(sup) = owner
            .sup
            .as_deref()
            .and_then(|b| object::File::parse(b).ok())
        {
            let sections: gimli::DwarfSections<&'a [u8]> =
                gimli::DwarfSections::load(|id| -> Result<&'a [u8], NativeError> {
                    Ok(find_section(&sup, id.name())
                        .and_then(|s| s.data().ok())
                        .unwrap_or(&[]))
                })?;
            dwarf.set_sup(sections.borrow(|s| EndianSlice::new(s, owner.endian)));
        }
        let mut headers = Vec::new();
        let mut iter = dwarf.units();
        while let Some(header) = iter.next()? {
            headers.push(header);
            if headers.len() % 1024 == 0 && owner.deadline.passed() {
                return Err(too_slow());
            }
        }
        let starts: Vec<usize> = headers
            .iter()
            .map(|h| h.offset().as_debug_info_offset().map_or(0, |o| o.0))
            .collect();
        let mut abbreviation_offsets: Vec<usize> =
            headers.iter().map(|h| h.debug_abbrev_offset().0).collect();
        abbreviation_offsets.sort_unstable();
        abbreviation_offsets.dedup();
        let abbreviations = abbreviation_offsets
            .into_iter()
            .map(|o| (o, OnceLock::new()))
            .collect();
        let units: Vec<LazyUnit<'a>> = headers
            .into_iter()
            .map(|header| LazyUnit {
                header,
                unit: OnceLock::new(),
                split: OnceLock::new(),
                index: OnceLock::new(),
            })
            .collect();
        let mut dwos = Vec::new();
        for bytes in &owner.dwo {
            let Ok(dwo_object) = object::File::parse(&bytes[..]) else {
                continue;
            };
            let sections: gimli::DwarfSections<&'a [u8]> =
                gimli::DwarfSections::load(|id| -> Result<&'a [u8], NativeError> {
                    Ok(id
                        .dwo_name()
                        .and_then(|name| dwo_object.section_by_name(name))
                        .and_then(|s| s.data().ok())
                        .unwrap_or(&[]))
                })?;
            let mut dwo = sections.borrow(|s| EndianSlice::new(s, owner.endian));
            dwo.make_dwo(&dwarf);
            let mut ids = Vec::new();
            let mut headers = dwo.units();
            while let Ok(Some(header)) = headers.next() {
                if let Ok(unit) = dwo.unit(header) {
                    if let Some(id) = unit.dwo_id {
                        ids.push((id.0, header));
                    }
                }
            }
            dwos.push(DwoFile {
                dwarf: dwo,
                units: ids,
            });
        }
        let package = match &owner.dwp {
            Some(bytes) => match object::File::parse(&bytes[..]) {
                Ok(dwp) => gimli::DwarfPackage::load(
                    |id| -> Result<Slice<'a>, gimli::Error> {
                        Ok(EndianSlice::new(
                            id.dwo_name()
                                .and_then(|name| dwp.section_by_name(name))
                                .and_then(|s| s.data().ok())
                                .unwrap_or(&[]),
                            owner.endian,
                        ))
                    },
                    EndianSlice::new(&[], owner.endian),
                )
                .ok(),
                Err(_) => None,
            },
            None => None,
        };
        let mut lazy = Lazy {
            dwarf,
            units,
            starts,
            abbreviations,
            unit_ranges: Vec::new(),
            dwos,
            package,
        };
        lazy.unit_ranges = lazy.ranges()?;
        if owner.deadline.passed() {
            return Err(too_slow());
        }
        Ok(lazy)
    }

    /// Which unit covers which addresses: from `.debug_aranges` where the
    /// compiler wrote it, else from each remaining unit's root DIE.
    fn ranges(&self) -> Result<Vec<(u64, u64, u32)>, NativeError> {
        let mut out = Vec::new();
        let mut covered = vec![false; self.units.len()];
        let mut headers = self.dwarf.debug_aranges.headers();
        while let Some(header) = headers.next()? {
            let offset = header.debug_info_offset().0;
            let Some(unit) = self.starts.binary_search(&offset).ok() else {
                continue;
            };
            let mut entries = header.entries();
            while let Some(entry) = entries.next()? {
                let r = entry.range();
                // Address 0 marks code the linker discarded.
                if r.begin < r.end && r.begin != 0 {
                    out.push((r.begin, r.end, unit as u32));
                    covered[unit] = true;
                }
            }
        }
        // Compilers list every unit that has code in `.debug_aranges`; only
        // without that section are units opened to read their root ranges
        // (and not kept: most of them will never be looked up).
        if covered.iter().any(|&c| c) {
            out.sort_unstable();
            return Ok(out);
        }
        let extra: Vec<(u64, u64, u32)> = (0..self.units.len())
            .into_par_iter()
            .flat_map_iter(|i| {
                let mut found = Vec::new();
                if let Some(unit) = self.parse_unit_header(self.units[i].header) {
                    if let Ok(mut ranges) = self.dwarf.unit_ranges(&unit) {
                        while let Ok(Some(r)) = ranges.next() {
                            if r.begin < r.end && r.begin != 0 {
                                found.push((r.begin, r.end, i as u32));
                            }
                        }
                    }
                }
                found
            })
            .collect();
        out.extend(extra);
        out.sort_unstable();
        Ok(out)
    }
}

/// An address index over one object file's DWARF and symbols. Immutable to
/// its users; `Send + Sync`; share it behind an `Arc`.
#[derive(Debug)]
pub struct ModuleIndex {
    loaded: Loaded,
    /// Built on first need: only code without DWARF falls back to it.
    symbols: OnceLock<SymbolTable>,
    build_id: Option<Vec<u8>>,
    debuglink: Option<String>,
    image_base: u64,
    /// The flat address table, once [`ModuleIndex::build_flat_table`] has
    /// run (`None` inside: the module does not fit one).
    flat: OnceLock<Option<FlatTable>>,
    /// The files it was made from, with their stamps then.
    files: Vec<(PathBuf, Option<Stamp>)>,
    /// Its unwind entries, catalogued on the first unwind question.
    cfi: OnceLock<CfiTable>,
    /// Its symbol table as Breakpad `PUBLIC` records, built on first use.
    public: OnceLock<PublicTable>,
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<ModuleIndex>();
};

impl ModuleIndex {
    /// Memory-maps and indexes the object file at `path` (a path the caller
    /// trusts; it may be a link), within [`SymbolBudget::default`], following
    /// `.gnu_debuglink` to a debug file beside it when it has no DWARF.
    /// Companion files (`.dwo`, `.dwp`, dwz) are opened from its directory
    /// only, as [`ModuleIndex::open_in`] opens them.
    pub fn open(path: &Path) -> Result<ModuleIndex, NativeError> {
        Self::open_trusted(path, &SymbolBudget::default())
    }

    /// [`ModuleIndex::open`] within `budget`.
    pub fn open_trusted(path: &Path, budget: &SymbolBudget) -> Result<ModuleIndex, NativeError> {
        let path = path.canonicalize().map_err(|source| NativeError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let dirs = SymbolDirs::new(path.parent().map(Path::to_path_buf).into_iter().collect());
        Self::open_in(&path, &dirs, budget)
    }

    /// Memory-maps and indexes the object file at `path`, which must lie in
    /// one of `dirs`, and its companions (`.gnu_debuglink` target, `.dwo`
    /// files, `<file>.dwp`, the dwz supplementary file), each opened the
    /// same way: a regular file, not a link, inside `dirs`, within
    /// `budget`. A companion that fails that is skipped. Errors name files
    /// relative to their symbol directory.
    pub fn open_in(
        path: &Path,
        dirs: &SymbolDirs,
        budget: &SymbolBudget,
    ) -> Result<ModuleIndex, NativeError> {
        let deadline = budget.deadline();
        let mut files = Vec::new();
        let index = Self::open_plain(path, dirs, budget, deadline, &mut files)?;
        if index.has_dwarf() {
            return Ok(index.with_files(files));
        }
        // Debug info split off with `objcopy --only-keep-debug` and linked by
        // `.gnu_debuglink`: look beside the file and in its `.debug/`.
        let Some(link) = index.debuglink.clone() else {
            return Ok(index.with_files(files));
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        for candidate in [dir.join(&link), dir.join(".debug").join(&link)] {
            if candidate == path {
                continue;
            }
            match Self::open_plain(&candidate, dirs, budget, deadline, &mut files) {
                Ok(debug) if debug.has_dwarf() => {
                    if debug.build_id.is_some()
                        && index.build_id.is_some()
                        && debug.build_id != index.build_id
                    {
                        tracing::warn!(debug = %candidate.display(), "debug file has another build id; ignored");
                        continue;
                    }
                    // DWARF from the debug file, symbols from the binary
                    // that ran, as llvm-symbolizer does.
                    let own = index.symbols().is_empty();
                    let symbols = if own {
                        debug.symbols().clone()
                    } else {
                        index.symbols().clone()
                    };
                    return Ok(ModuleIndex {
                        loaded: debug.loaded,
                        symbols: OnceLock::from(symbols),
                        build_id: index.build_id.or(debug.build_id),
                        debuglink: index.debuglink,
                        image_base: index.image_base,
                        flat: OnceLock::new(),
                        files,
                        cfi: OnceLock::new(),
                        public: OnceLock::new(),
                    });
                }
                Ok(_) => {}
                Err(NativeError::File(SymbolFileError::Io {
                    kind: std::io::ErrorKind::NotFound,
                    ..
                })) => {}
                Err(e) => {
                    tracing::warn!(debug = %candidate.display(), "cannot use debug file: {e}")
                }
            }
        }
        Ok(index.with_files(files))
    }

    /// Opens the file at `path` (inside `dirs`) for its unwind sections:
    /// as [`ModuleIndex::open_in`], but never following its
    /// `.gnu_debuglink`, so that a stripped binary's own `.eh_frame` is the
    /// one read.
    pub fn open_unwind_in(
        path: &Path,
        dirs: &SymbolDirs,
        budget: &SymbolBudget,
    ) -> Result<ModuleIndex, NativeError> {
        let mut files = Vec::new();
        let index = Self::open_plain(path, dirs, budget, budget.deadline(), &mut files)?;
        Ok(index.with_files(files))
    }

    fn with_files(mut self, files: Vec<(PathBuf, Option<Stamp>)>) -> Self {
        self.files = files;
        self
    }

    /// The files this index was made from (or tried), with their stamps
    /// then: the index is current while they are unchanged.
    pub(crate) fn files(&self) -> &[(PathBuf, Option<Stamp>)] {
        &self.files
    }

    /// Opens one file without following debug links.
    fn open_plain(
        path: &Path,
        dirs: &SymbolDirs,
        budget: &SymbolBudget,
        deadline: Deadline,
        files: &mut Vec<(PathBuf, Option<Stamp>)>,
    ) -> Result<ModuleIndex, NativeError> {
        let (bytes, stamp) = match map_file(path, dirs, budget) {
            Ok(mapped) => mapped,
            Err(e) => {
                files.push((path.to_path_buf(), Stamp::at(path)));
                return Err(e);
            }
        };
        files.push((path.to_path_buf(), Some(stamp)));
        let source = Origin {
            path,
            dirs,
            budget,
            name: dirs.display(path),
        };
        Self::from_bytes(bytes, budget, deadline, Some(source), files)
    }

    /// Indexes an object file held in memory. `decompressed_cap` bounds the
    /// decompressed debug sections, all together.
    pub fn parse(data: Vec<u8>, decompressed_cap: u64) -> Result<ModuleIndex, NativeError> {
        let budget = SymbolBudget {
            max_decompressed_bytes: decompressed_cap,
            ..SymbolBudget::default()
        };
        Self::from_bytes(
            Bytes::Owned(data),
            &budget,
            budget.deadline(),
            None,
            &mut Vec::new(),
        )
    }

    fn from_bytes(
        bytes: Bytes,
        budget: &SymbolBudget,
        deadline: Deadline,
        source: Option<Origin<'_>>,
        files: &mut Vec<(PathBuf, Option<Stamp>)>,
    ) -> Result<ModuleIndex, NativeError> {
        let name = source
            .as_ref()
            .map_or_else(|| "(in memory)".to_string(), |s| s.name.clone());
        let (decompressed, build_id, debuglink, endian, image_base, dwo, dwp, sup) = {
            let object = object::File::parse(&*bytes).map_err(|source| NativeError::Object {
                path: PathBuf::from(&name),
                source,
            })?;
            let endian = if object.is_little_endian() {
                RunTimeEndian::Little
            } else {
                RunTimeEndian::Big
            };
            let mut allowance = Allowance {
                left: budget.max_decompressed_bytes,
                total: budget.max_decompressed_bytes,
                deadline,
            };
            let mut decompressed = Vec::new();
            gimli::DwarfSections::load(|id| -> Result<(), NativeError> {
                if let Some(data) = section_data(&object, id.name(), &mut allowance, &name)? {
                    decompressed.push((id, data));
                }
                Ok(())
            })?;
            let debuglink = object
                .gnu_debuglink()
                .ok()
                .flatten()
                .and_then(|(name, _crc)| std::str::from_utf8(name).ok())
                // Only a plain file name: never a path out of the directory.
                .filter(|n| !n.is_empty() && !n.contains('/') && !n.contains('\\') && *n != "..")
                .map(str::to_string);
            let companions = source
                .as_ref()
                .map(|s| s.companions(&object, endian, &decompressed, deadline, files));
            let (dwo, dwp, sup) = companions.unwrap_or_default();
            (
                decompressed,
                object.build_id().ok().flatten().map(<[u8]>::to_vec),
                debuglink,
                endian,
                object
                    .segments()
                    // Mach-O's __PAGEZERO maps nothing: the image starts
                    // at __TEXT.
                    .filter(|s| object::ObjectSegment::name(s).ok().flatten() != Some("__PAGEZERO"))
                    .map(|s| object::ObjectSegment::address(&s))
                    .min()
                    .unwrap_or(0),
                dwo,
                dwp,
                sup,
            )
        };
        let owner = Owner {
            bytes,
            decompressed,
            dwo,
            dwp,
            sup,
            endian,
            deadline,
            name,
        };
        let loaded = Loaded::try_new(owner, |owner| Lazy::build(owner))?;
        Ok(ModuleIndex {
            loaded,
            symbols: OnceLock::new(),
            build_id,
            debuglink,
            image_base,
            flat: OnceLock::new(),
            files: Vec::new(),
            cfi: OnceLock::new(),
            public: OnceLock::new(),
        })
    }

    fn symbols(&self) -> &SymbolTable {
        self.symbols.get_or_init(|| {
            let bytes = self.loaded.borrow_owner();
            match object::File::parse(&*bytes.bytes) {
                Ok(object) => SymbolTable::from_object(&object),
                Err(_) => SymbolTable::default(),
            }
        })
    }

    /// The lowest address the file's segments load at (0 for shared objects
    /// and PIE executables): module-relative addresses are added to it.
    pub fn image_base(&self) -> u64 {
        self.image_base
    }

    /// The file's GNU build id, if it has one.
    pub fn build_id(&self) -> Option<&[u8]> {
        self.build_id.as_deref()
    }

    /// The call frame information rules at `address` (a file address, as
    /// [`ModuleIndex::lookup`] takes them), from the file's `.eh_frame` or
    /// `.debug_frame`; `None` when no entry covers it. The first call
    /// catalogues the file's entries (bounded by [`crate::cfi::MAX_FDES`]).
    pub fn unwind_row(&self, address: u64) -> Option<CfiRow> {
        let data = &*self.loaded.borrow_owner().bytes;
        self.cfi
            .get_or_init(|| CfiTable::build(data))
            .row(data, address)
    }

    /// Where the symbol-table symbol covering `address` (a file address)
    /// starts: its function's entry, for offsets within it.
    pub fn symbol_start(&self, address: u64) -> Option<u64> {
        self.symbols().start_of(address)
    }

    /// The symbol at or nearest before `address` (a file address) as a
    /// Breakpad processor reads the `PUBLIC` records `dump_syms` writes for
    /// this file: its address and (demangled) name. Unbounded, unlike
    /// [`ModuleIndex::lookup`]'s symbol-table answer: see the `public`
    /// module. For stack walkers that must agree with Breakpad.
    pub fn public_symbol(&self, address: u64) -> Option<(u64, String)> {
        self.public
            .get_or_init(|| {
                let name = self
                    .files
                    .first()
                    .and_then(|(p, _)| p.file_name())
                    .and_then(|n| n.to_str())
                    .unwrap_or("(in memory)");
                PublicTable::build(&self.loaded.borrow_owner().bytes, name)
            })
            .lookup(address)
    }

    /// The raw (mangled) name of the symbol-table symbol covering `address`
    /// (a file address), bounded by its size.
    pub fn symbol_raw(&self, address: u64) -> Option<&str> {
        self.symbols().lookup_raw(address).map(|(name, _)| name)
    }

    /// Whether the indexed file is an ELF file.
    pub fn is_elf(&self) -> bool {
        self.loaded.borrow_owner().bytes.starts_with(b"\x7fELF")
    }

    /// Whether the file has call frame information (catalogues it).
    pub fn has_cfi(&self) -> bool {
        let data = &*self.loaded.borrow_owner().bytes;
        !self.cfi.get_or_init(|| CfiTable::build(data)).is_empty()
    }

    /// Whether the file has DWARF compilation units.
    pub fn has_dwarf(&self) -> bool {
        self.loaded.with_dependent(|_, lazy| !lazy.units.is_empty())
    }

    /// Builds the module's flat address table, once, and from then on
    /// serves every lookup from it; later calls return at once. Returns its
    /// sizes, or `None` when the module does not fit one (code spanning more
    /// than 4 GiB, more than 2³² ranges or frames): lookups then stay on
    /// the lazy path.
    ///
    /// Call it once on an index that serves lookups for a long time (a
    /// symbolication server). It reads every compilation unit, every
    /// function's inlined calls and every name up front, in parallel across
    /// units: on a 68 MB Rust binary with full debug info (2.7 MB of code),
    /// about a second, a transient ~90 MB of heap, and a table of 19 MB.
    /// Then a lookup is a page-directory read, a search of a cache line or
    /// two and one run of frames, instead of five or six binary searches
    /// scattered over the heap: several times faster once the module no
    /// longer fits the CPU caches. The answers are the lazy path's, frame
    /// for frame. A one-off batch is faster without it: the lazy path
    /// parses only the units the addresses fall in.
    pub fn build_flat_table(&self) -> Option<FlatTableStats> {
        self.flat
            .get_or_init(|| {
                let symbols = self.symbols();
                self.loaded.with_dependent(|_, lazy| {
                    // Only units some address range leads to are consulted.
                    let mut consulted = vec![false; lazy.units.len()];
                    for &(_, _, u) in &lazy.unit_ranges {
                        if let Some(c) = consulted.get_mut(u as usize) {
                            *c = true;
                        }
                    }
                    let units: Vec<Option<UnitFlat<'_>>> = consulted
                        .par_iter()
                        .enumerate()
                        .map(|(u, &c)| if c { lazy.flatten_unit(u) } else { None })
                        .collect();
                    FlatTable::build(
                        &units,
                        &lazy.unit_ranges,
                        |address| lazy.units_at(address),
                        symbols,
                    )
                })
            })
            .as_ref()
            .map(FlatTable::stats)
    }

    /// The flat table's sizes, if [`ModuleIndex::build_flat_table`] built
    /// one.
    pub fn flat_table_stats(&self) -> Option<FlatTableStats> {
        self.flat().map(FlatTable::stats)
    }

    fn flat(&self) -> Option<&FlatTable> {
        self.flat.get()?.as_ref()
    }

    /// Resolves `address` (a file address, as llvm-symbolizer takes them) to
    /// its frames, innermost (inlined) first. Empty when nothing covers it.
    pub fn lookup(&self, address: u64) -> Vec<ResolvedFrame> {
        if let Some(flat) = self.flat() {
            let mut frames = Vec::new();
            flat.visit(address, |f| frames.push(f.to_resolved()));
            return frames;
        }
        self.loaded
            .with_dependent(|_, lazy| self.lookup_in(lazy, address))
    }

    /// Resolves many addresses at once; results are in the order of
    /// `addresses`. The units the batch needs are parsed in parallel, then
    /// the lookups run in parallel in address order (neighbouring lookups
    /// share cache lines).
    pub fn lookup_many(&self, addresses: &[u64]) -> Vec<Vec<ResolvedFrame>> {
        if self.flat().is_some() {
            return addresses
                .par_iter()
                .with_min_len(1024)
                .map(|&a| self.lookup(a))
                .collect();
        }
        self.prepare(addresses);
        self.loaded.with_dependent(|_, lazy| {
            let mut order: Vec<usize> = (0..addresses.len()).collect();
            order.sort_unstable_by_key(|&i| addresses[i]);
            let resolved: Vec<(usize, Vec<ResolvedFrame>)> = order
                .par_chunks(1024)
                .flat_map_iter(|chunk| {
                    chunk
                        .iter()
                        .map(|&i| (i, self.lookup_in(lazy, addresses[i])))
                        .collect::<Vec<_>>()
                })
                .collect();
            let mut out = vec![Vec::new(); addresses.len()];
            for (i, frames) in resolved {
                out[i] = frames;
            }
            out
        })
    }

    /// Parses, in parallel, the compilation units `addresses` fall in, so
    /// that the lookups that follow find them ready.
    pub fn prepare(&self, addresses: &[u64]) {
        if self.flat().is_some() {
            return;
        }
        self.loaded.with_dependent(|_, lazy| {
            let mut needed: Vec<usize> = addresses.iter().flat_map(|&a| lazy.units_at(a)).collect();
            needed.sort_unstable();
            needed.dedup();
            needed.par_iter().for_each(|&u| {
                lazy.index(u);
            });
        })
    }

    /// Calls `f` with each frame at `address`, innermost first, borrowing
    /// names and paths from the index (no allocation on the DWARF path once
    /// a name has been resolved). Returns how many frames there were.
    pub fn lookup_with(&self, address: u64, mut f: impl FnMut(FrameRef<'_>)) -> usize {
        if let Some(flat) = self.flat() {
            return flat.visit(address, &mut f);
        }
        self.loaded
            .with_dependent(|_, lazy| self.visit_in(lazy, address, &mut f))
    }

    fn lookup_in(&self, lazy: &Lazy<'_>, address: u64) -> Vec<ResolvedFrame> {
        let mut frames = Vec::new();
        self.visit_in(lazy, address, &mut |f| frames.push(f.to_resolved()));
        frames
    }

    fn visit_in(&self, lazy: &Lazy<'_>, address: u64, f: &mut dyn FnMut(FrameRef<'_>)) -> usize {
        let mut count = 0;
        let mut counted = |frame: FrameRef<'_>| {
            count += 1;
            f(frame)
        };
        let mut position: Option<(Option<&str>, Option<u32>, Option<u32>)> = None;
        for u in lazy.units_at(address) {
            let Some(unit) = lazy.index(u) else { continue };
            let name = |die: usize| lazy.die_name(u, die);
            let path = |file: u32| lazy.file_path(u, file);
            let inlines = |die: usize| lazy.inlines(u, die);
            if unit.visit(address, name, path, inlines, &mut counted) {
                return count;
            }
            if position.is_none() {
                if let Some(row) = unit.line_row(address) {
                    position = Some((
                        unit.file(row.file, &path),
                        nonzero(row.line),
                        nonzero(row.column),
                    ));
                }
            }
        }
        // No DWARF function (assembly, or no debug info): the symbol table
        // names it, at the line table's position when there is one.
        let symbol = self.symbols().lookup(address);
        let (file, line, column, source) = match (position, symbol) {
            (Some((file, line, column)), _) => (file, line, column, Source::Dwarf),
            (None, Some((_, _, file))) => (file, None, None, Source::SymbolTable),
            (None, None) => return 0,
        };
        counted(FrameRef {
            function: symbol.map(|(_, demangled, _)| demangled),
            raw_function: symbol.map(|(raw, _, _)| raw),
            file,
            line,
            column,
            inlined: false,
            source,
        });
        count
    }
}

/// Most `.dwo` files one module opens (each is a mapping and a handle).
const MAX_DWO_FILES: usize = 4096;

/// Where an object file came from: its companions are opened beside it,
/// confined to the symbol directories and within the budget.
struct Origin<'a> {
    path: &'a Path,
    dirs: &'a SymbolDirs,
    budget: &'a SymbolBudget,
    /// The file as messages name it.
    name: String,
}

impl Origin<'_> {
    /// The `.dwo` files, `<file>.dwp` and the dwz supplementary file of
    /// `object`, mapped; each one tried is recorded in `files`.
    #[allow(clippy::type_complexity)]
    fn companions(
        &self,
        object: &object::File<'_>,
        endian: RunTimeEndian,
        decompressed: &[(gimli::SectionId, Vec<u8>)],
        deadline: Deadline,
        files: &mut Vec<(PathBuf, Option<Stamp>)>,
    ) -> (Vec<Bytes>, Option<Bytes>, Option<Bytes>) {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        // The `.dwo` files are not stamped: a module may name thousands, and
        // the store checks the stamps each time it hands the module out;
        // they belong to the build that the binary's own stamp stands for.
        let mut open = |path: PathBuf, stamped: bool| -> Option<Bytes> {
            match map_file(&path, self.dirs, self.budget) {
                Ok((bytes, stamp)) => {
                    if stamped {
                        files.push((path, Some(stamp)));
                    }
                    Some(bytes)
                }
                Err(e) => {
                    if !matches!(
                        e,
                        NativeError::File(SymbolFileError::Io {
                            kind: std::io::ErrorKind::NotFound,
                            ..
                        })
                    ) {
                        tracing::warn!(companion = %path.display(), "skipped: {e}");
                    }
                    if stamped {
                        files.push((path.clone(), Stamp::at(&path)));
                    }
                    None
                }
            }
        };
        let dwo = dwo_names(object, endian, decompressed, deadline)
            .into_iter()
            .take(MAX_DWO_FILES)
            .filter_map(|name| open(dir.join(name), false))
            .collect();
        // `<file>.dwp` beside the file: the package name GNU and LLVM use.
        let dwp = self.path.file_name().and_then(|n| {
            let mut name = n.to_os_string();
            name.push(".dwp");
            open(self.path.with_file_name(name), true)
        });
        let sup = supplementary_name(object).and_then(|(name, build_id)| {
            let bytes = open(dir.join(name), true)?;
            let sup = object::File::parse(&bytes[..]).ok()?;
            (sup.build_id().ok()?? == build_id).then_some(())?;
            Some(bytes)
        });
        (dwo, dwp, sup)
    }
}

/// Maps `path`, opened through `dirs` within `budget`.
fn map_file(
    path: &Path,
    dirs: &SymbolDirs,
    budget: &SymbolBudget,
) -> Result<(Bytes, Stamp), NativeError> {
    let opened = dirs.open(path, budget)?;
    if opened.len == 0 {
        return Ok((Bytes::Owned(Vec::new()), opened.stamp));
    }
    // SAFETY: the map is read-only, of a regular file checked on its
    // handle. A file truncated underneath by another process could fault,
    // the accepted risk of every mmap-based symbolizer; symbol stores are
    // written once and then only read.
    #[allow(unsafe_code)]
    let map = unsafe { memmap2::Mmap::map(&opened.file) }.map_err(|source| NativeError::Io {
        path: PathBuf::from(dirs.display(path)),
        source,
    })?;
    // Lookups touch unit headers and a few units scattered over the
    // file: read-ahead would page in (and count) most of it.
    #[cfg(unix)]
    let _ = map.advise(memmap2::Advice::Random);
    Ok((Bytes::Mapped(map), opened.stamp))
}

/// The `.dwo` file names the skeleton units of `object` give, base names
/// only: a name in the file never becomes a path elsewhere.
fn dwo_names(
    object: &object::File<'_>,
    endian: RunTimeEndian,
    decompressed: &[(gimli::SectionId, Vec<u8>)],
    deadline: Deadline,
) -> Vec<String> {
    let Ok(sections) = gimli::DwarfSections::load(|id| -> Result<&[u8], ()> {
        if let Some((_, data)) = decompressed.iter().find(|(s, _)| *s == id) {
            return Ok(data);
        }
        Ok(find_section(object, id.name())
            .and_then(|s| s.data().ok())
            .unwrap_or(&[]))
    }) else {
        return Vec::new();
    };
    let dwarf = sections.borrow(|s| EndianSlice::new(s, endian));
    // A split unit is a DWARF 5 skeleton, or (the GNU extension to DWARF 4)
    // a unit whose addresses live in `.debug_addr`: other files are not
    // opened unit by unit here, so opening stays cheap.
    let gnu_split_possible = find_section(object, ".debug_addr").is_some_and(|s| s.size() > 0);
    let mut names: Vec<String> = Vec::new();
    let mut headers = dwarf.units();
    let mut seen = 0usize;
    while let Ok(Some(header)) = headers.next() {
        seen += 1;
        if seen % 1024 == 0 && deadline.passed() {
            break;
        }
        let skeleton = matches!(header.type_(), gimli::UnitType::Skeleton(_));
        if !skeleton && (header.version() >= 5 || !gnu_split_possible) {
            continue;
        }
        let Ok(unit) = dwarf.unit(header) else {
            continue;
        };
        if unit.dwo_id.is_none() {
            continue;
        }
        let mut entries = unit.entries();
        let Ok(Some((_, root))) = entries.next_dfs() else {
            continue;
        };
        for attr in [gimli::DW_AT_dwo_name, gimli::DW_AT_GNU_dwo_name] {
            if let Ok(Some(value)) = root.attr_value(attr) {
                if let Ok(name) = dwarf.attr_string(&unit, value) {
                    let name = name.to_string_lossy();
                    if let Some(base) = name.rsplit(['/', '\\']).next() {
                        if !base.is_empty()
                            && base != ".."
                            && base != "."
                            && !names.iter().any(|n| n == base)
                        {
                            names.push(base.to_string());
                        }
                    }
                }
            }
        }
    }
    names
}

/// The supplementary debug file `.gnu_debugaltlink` names (dwz's common
/// file), by base name only, with the build id the link records.
fn supplementary_name<'d>(object: &object::File<'d>) -> Option<(String, &'d [u8])> {
    let (name, build_id) = object.gnu_debugaltlink().ok()??;
    let name = std::str::from_utf8(name).ok()?;
    let base = name.rsplit(['/', '\\']).next()?;
    if base.is_empty() || base == "." || base == ".." {
        return None;
    }
    Some((base.to_string(), build_id))
}

/// A debug section by its standard name, or its `.zdebug_` (old GNU
/// compression) or Mach-O `__debug_` spelling.
fn find_section<'d, 'f>(
    object: &'f object::File<'d>,
    name: &str,
) -> Option<object::Section<'d, 'f>> {
    object
        .section_by_name(name)
        .or_else(|| object.section_by_name(&name.replacen(".debug_", ".zdebug_", 1)))
        .or_else(|| object.section_by_name(&name.replacen(".debug_", "__debug_", 1)))
}

/// A section's bytes decompressed, when compressed (ELF SHF_COMPRESSED
/// zlib or zstd, and the older `.zdebug_*`), within what is left of the
/// file's allowance; `None` when it is not compressed (or absent).
fn section_data(
    object: &object::File<'_>,
    name: &str,
    allowance: &mut Allowance,
    file: &str,
) -> Result<Option<Vec<u8>>, NativeError> {
    let Some(section) = find_section(object, name) else {
        return Ok(None);
    };
    let invalid = |reason: String| NativeError::Decompress {
        path: PathBuf::from(file),
        section: name.to_string(),
        reason,
    };
    let compressed = section
        .compressed_data()
        .map_err(|e| invalid(e.to_string()))?;
    decompress(&compressed, allowance).map_err(|failure| match failure {
        Failure::OverBudget => NativeError::TooLarge {
            path: PathBuf::from(file),
            section: name.to_string(),
            cap: allowance.total,
        },
        Failure::TooSlow => NativeError::TooSlow {
            path: PathBuf::from(file),
            limit: allowance.deadline.limit(),
        },
        Failure::Invalid(reason) => invalid(reason),
    })
}
