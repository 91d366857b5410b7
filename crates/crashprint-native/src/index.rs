//! The module index: address → function, file, line, column, with the
//! inline chain. Built once per object file, in parallel across compilation
//! units; immutable afterwards, so any number of threads look up at once
//! without locks.

use crate::demangle::demangle;
use crate::error::NativeError;
use gimli::{AttributeValue, EndianSlice, RunTimeEndian};
use object::{Object as _, ObjectSection as _, ObjectSymbol as _};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

type Slice<'a> = EndianSlice<'a, RunTimeEndian>;
type Dwarf<'a> = gimli::Dwarf<Slice<'a>>;
type Unit<'a> = gimli::Unit<Slice<'a>>;

/// Default cap on one decompressed debug section (a compression bomb is an
/// error, not an out-of-memory).
pub const DEFAULT_SECTION_CAP: u64 = 4 << 30;

/// Marks a line row that ends a sequence (no code until the next row).
const END: u32 = u32::MAX;
/// "No file".
const NO_FILE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct StrRef {
    start: u32,
    len: u32,
}

#[derive(Debug, Clone, Copy)]
struct LineRow {
    address: u64,
    file: u32,
    line: u32,
    column: u32,
}

#[derive(Debug, Clone, Copy)]
struct FunctionRange {
    start: u64,
    end: u64,
    function: u32,
}

#[derive(Debug, Clone)]
struct Function {
    name: StrRef,
    /// Inlined calls inside it, sorted by (depth, start).
    inlines: std::ops::Range<u32>,
}

#[derive(Debug, Clone, Copy)]
struct Inline {
    start: u64,
    end: u64,
    depth: u32,
    name: StrRef,
    call_file: u32,
    call_line: u32,
    call_column: u32,
}

#[derive(Debug, Clone, Copy)]
struct Symbol {
    start: u64,
    end: u64,
    name: StrRef,
    /// The source file an `STT_FILE` symbol names for the local symbols after it.
    file: u32,
}

/// Where a resolved frame's data came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// DWARF debug information.
    Dwarf,
    /// The symbol table only: a function name, no file or line.
    SymbolTable,
}

/// One resolved frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedFrame {
    /// Demangled function name.
    pub function: Option<String>,
    /// The name as stored (mangled).
    pub raw_function: Option<String>,
    /// Source file path.
    pub file: Option<String>,
    /// 1-based line (0: unknown).
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
    /// Inlined into the next frame.
    pub inlined: bool,
    /// Where it came from.
    pub source: Source,
}

/// An immutable address index over one object file's DWARF and symbols.
#[derive(Debug, Default)]
pub struct ModuleIndex {
    strings: String,
    files: Vec<StrRef>,
    lines: Vec<LineRow>,
    ranges: Vec<FunctionRange>,
    functions: Vec<Function>,
    inlines: Vec<Inline>,
    symbols: Vec<Symbol>,
    build_id: Option<Vec<u8>>,
    debuglink: Option<String>,
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<ModuleIndex>();
};

impl ModuleIndex {
    /// Memory-maps and indexes the object file at `path`.
    pub fn open(path: &Path) -> Result<ModuleIndex, NativeError> {
        let file = std::fs::File::open(path).map_err(|source| NativeError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        // SAFETY: the map is read-only and private to this function; the index
        // copies what it keeps. A file truncated underneath by another process
        // could fault, the accepted risk of every mmap-based symbolizer.
        #[allow(unsafe_code)]
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|source| NativeError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let index = Self::parse(&map, DEFAULT_SECTION_CAP).map_err(|e| match e {
            NativeError::Object { source, .. } => NativeError::Object {
                path: path.to_path_buf(),
                source,
            },
            other => other,
        })?;
        if index.has_dwarf() {
            return Ok(index);
        }
        // Debug info split off with `objcopy --only-keep-debug` and linked by
        // `.gnu_debuglink`: look beside the file and in its `.debug/`.
        let Some(link) = index.debuglink.clone() else {
            return Ok(index);
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        for candidate in [dir.join(&link), dir.join(".debug").join(&link)] {
            if candidate == path || !candidate.is_file() {
                continue;
            }
            match Self::open_plain(&candidate) {
                Ok(mut debug) if debug.has_dwarf() => {
                    if debug.build_id.is_some()
                        && index.build_id.is_some()
                        && debug.build_id != index.build_id
                    {
                        tracing::warn!(debug = %candidate.display(), "debug file has another build id; ignored");
                        continue;
                    }
                    debug.merge_symbols_from(index);
                    return Ok(debug);
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(debug = %candidate.display(), "cannot read debug file: {e}")
                }
            }
        }
        Ok(index)
    }

    /// Opens one file without following debug links.
    fn open_plain(path: &Path) -> Result<ModuleIndex, NativeError> {
        let file = std::fs::File::open(path).map_err(|source| NativeError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        // SAFETY: as in `open`.
        #[allow(unsafe_code)]
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|source| NativeError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&map, DEFAULT_SECTION_CAP)
    }

    /// Takes the symbol table of the file itself (the one that ran), not
    /// the debug file's: DWARF comes from the debug file, symbols from the
    /// binary, as llvm-symbolizer does.
    fn merge_symbols_from(&mut self, other: ModuleIndex) {
        if !other.symbols.is_empty() {
            let base = self.strings.len() as u32;
            self.strings.push_str(&other.strings);
            let file_base = self.files.len() as u32;
            self.files.extend(other.files.iter().map(|f| StrRef {
                start: f.start + base,
                len: f.len,
            }));
            self.symbols = other
                .symbols
                .into_iter()
                .map(|s| Symbol {
                    name: StrRef {
                        start: s.name.start + base,
                        len: s.name.len,
                    },
                    file: if s.file == NO_FILE {
                        NO_FILE
                    } else {
                        s.file + file_base
                    },
                    ..s
                })
                .collect();
        }
        if self.build_id.is_none() {
            self.build_id = other.build_id;
        }
    }

    /// Indexes an object file held in memory. `section_cap` bounds each
    /// decompressed debug section.
    pub fn parse(data: &[u8], section_cap: u64) -> Result<ModuleIndex, NativeError> {
        let object = object::File::parse(data).map_err(|source| NativeError::Object {
            path: Default::default(),
            source,
        })?;
        let endian = if object.is_little_endian() {
            RunTimeEndian::Little
        } else {
            RunTimeEndian::Big
        };
        let mut failed: Option<NativeError> = None;
        let mut load = |id: gimli::SectionId| -> Cow<'_, [u8]> {
            match section_data(&object, id.name(), section_cap) {
                Ok(data) => data,
                Err(e) => {
                    failed.get_or_insert(e);
                    Cow::Borrowed(&[][..])
                }
            }
        };
        let sections: gimli::DwarfSections<Cow<'_, [u8]>> =
            gimli::DwarfSections::load(|id| Ok::<_, NativeError>(load(id)))?;
        if let Some(e) = failed {
            return Err(e);
        }
        let dwarf = sections.borrow(|s| EndianSlice::new(s, endian));
        let mut builder = Builder::default();
        builder.add_dwarf(&dwarf)?;
        builder.add_symbols(&object);
        let mut index = builder.finish();
        index.build_id = object.build_id().ok().flatten().map(<[u8]>::to_vec);
        index.debuglink = object
            .gnu_debuglink()
            .ok()
            .flatten()
            .and_then(|(name, _crc)| std::str::from_utf8(name).ok())
            // Only a plain file name: never a path out of the directory.
            .filter(|n| !n.is_empty() && !n.contains('/') && !n.contains('\\') && *n != "..")
            .map(str::to_string);
        Ok(index)
    }

    /// The file's GNU build id, if it has one.
    pub fn build_id(&self) -> Option<&[u8]> {
        self.build_id.as_deref()
    }

    /// Whether the file had DWARF line or function information.
    pub fn has_dwarf(&self) -> bool {
        !self.lines.is_empty() || !self.ranges.is_empty()
    }

    fn str(&self, r: StrRef) -> &str {
        &self.strings[r.start as usize..(r.start + r.len) as usize]
    }

    fn file(&self, id: u32) -> Option<&str> {
        self.files.get(id as usize).map(|r| self.str(*r))
    }

    /// Resolves `address` (a file address, as llvm-symbolizer takes them) to
    /// its frames, innermost (inlined) first. Empty when nothing covers it.
    pub fn lookup(&self, address: u64) -> Vec<ResolvedFrame> {
        let row = self.line_row(address);
        let function = self.function_at(address);
        let (file, line, column) = match row {
            Some(r) => (
                self.file(r.file).map(str::to_string),
                nonzero(r.line),
                nonzero(r.column),
            ),
            None => (None, None, None),
        };
        let Some(f) = function else {
            // No DWARF function (assembly, or no debug info): the symbol
            // table names it, with the line table's position when there is one.
            let symbol = self.symbol_at(address);
            if symbol.is_none() && row.is_none() {
                return Vec::new();
            }
            let raw = symbol.map(|s| self.str(s.name));
            let (file, source) = match (&file, symbol) {
                (Some(_), _) => (file, Source::Dwarf),
                (None, Some(s)) => (self.file(s.file).map(str::to_string), Source::SymbolTable),
                (None, None) => (None, Source::Dwarf),
            };
            return vec![ResolvedFrame {
                function: raw.map(demangle),
                raw_function: raw.map(str::to_string),
                file,
                line,
                column,
                inlined: false,
                source,
            }];
        };
        let function = &self.functions[f as usize];
        // The inline chain, outermost first.
        let mut chain: Vec<&Inline> = Vec::new();
        let inlines = &self.inlines[function.inlines.start as usize..function.inlines.end as usize];
        // Sorted by (depth, start); ranges of one depth never overlap, so
        // each level is one binary search.
        let mut depth = 1;
        loop {
            let level_start = inlines.partition_point(|i| i.depth < depth);
            let level_end = inlines.partition_point(|i| i.depth <= depth);
            let level = &inlines[level_start..level_end];
            let at = level.partition_point(|i| i.start <= address);
            match at.checked_sub(1).map(|k| &level[k]) {
                Some(i) if address < i.end => {
                    chain.push(i);
                    depth += 1;
                }
                _ => break,
            }
        }
        let mut frames = Vec::with_capacity(chain.len() + 1);
        // Innermost: the deepest inline's function at the line table's position.
        let mut position = (file, line, column);
        for inline in chain.iter().rev() {
            let raw = self.str(inline.name);
            frames.push(ResolvedFrame {
                function: (!raw.is_empty()).then(|| demangle(raw)),
                raw_function: (!raw.is_empty()).then(|| raw.to_string()),
                file: position.0.take(),
                line: position.1,
                column: position.2,
                inlined: true,
                source: Source::Dwarf,
            });
            position = (
                self.file(inline.call_file).map(str::to_string),
                nonzero(inline.call_line),
                nonzero(inline.call_column),
            );
        }
        let raw = self.str(function.name);
        frames.push(ResolvedFrame {
            function: (!raw.is_empty()).then(|| demangle(raw)),
            raw_function: (!raw.is_empty()).then(|| raw.to_string()),
            file: position.0,
            line: position.1,
            column: position.2,
            inlined: false,
            source: Source::Dwarf,
        });
        frames
    }

    fn line_row(&self, address: u64) -> Option<LineRow> {
        let i = self.lines.partition_point(|r| r.address <= address);
        let row = *self.lines.get(i.checked_sub(1)?)?;
        (row.file != END).then_some(row)
    }

    fn function_at(&self, address: u64) -> Option<u32> {
        let i = self.ranges.partition_point(|r| r.start <= address);
        // Ranges may nest or overlap (nested functions, identical code
        // folding): the innermost covering range is the latest-starting one.
        self.ranges[..i]
            .iter()
            .rev()
            .take(64)
            .find(|r| address < r.end)
            .map(|r| r.function)
    }

    fn symbol_at(&self, address: u64) -> Option<Symbol> {
        let i = self.symbols.partition_point(|s| s.start <= address);
        let s = *self.symbols.get(i.checked_sub(1)?)?;
        (address < s.end).then_some(s)
    }
}

fn nonzero(n: u32) -> Option<u32> {
    (n != 0).then_some(n)
}

/// A section's bytes, decompressed when compressed (ELF SHF_COMPRESSED zlib
/// or zstd, and the older `.zdebug_*`), refusing sizes over `cap`.
fn section_data<'a>(
    object: &object::File<'a>,
    name: &str,
    cap: u64,
) -> Result<Cow<'a, [u8]>, NativeError> {
    let section = object
        .section_by_name(name)
        .or_else(|| object.section_by_name(&name.replacen(".debug_", ".zdebug_", 1)))
        .or_else(|| object.section_by_name(&name.replacen(".debug_", "__debug_", 1)));
    let Some(section) = section else {
        return Ok(Cow::Borrowed(&[]));
    };
    let compressed = section
        .compressed_data()
        .map_err(|source| NativeError::Decompress {
            section: name.to_string(),
            source,
        })?;
    if compressed.format != object::CompressionFormat::None && compressed.uncompressed_size > cap {
        return Err(NativeError::TooLarge {
            section: name.to_string(),
            size: compressed.uncompressed_size,
            cap,
        });
    }
    compressed
        .decompress()
        .map_err(|source| NativeError::Decompress {
            section: name.to_string(),
            source,
        })
}

/// A function symbol, or an untyped label in an executable section
/// (hand-written assembly often leaves its functions untyped).
fn is_code(object: &object::File<'_>, s: &object::Symbol<'_, '_>) -> bool {
    match s.kind() {
        object::SymbolKind::Text => true,
        object::SymbolKind::Unknown | object::SymbolKind::Label => s
            .section_index()
            .and_then(|i| object.section_by_index(i).ok())
            .is_some_and(|sec| sec.kind() == object::SectionKind::Text),
        _ => false,
    }
}

/// What one compilation unit contributes, before merging.
#[derive(Default)]
struct UnitPart {
    files: Vec<Option<String>>,
    lines: Vec<LineRow>,
    functions: Vec<PartFunction>,
}

struct PartFunction {
    name: String,
    ranges: Vec<(u64, u64)>,
    inlines: Vec<PartInline>,
}

struct PartInline {
    ranges: Vec<(u64, u64)>,
    depth: u32,
    name: String,
    call_file: u32,
    call_line: u32,
    call_column: u32,
}

#[derive(Default)]
struct Builder {
    index: ModuleIndex,
    file_ids: HashMap<String, u32>,
}

impl Builder {
    fn intern(&mut self, s: &str) -> StrRef {
        let start = self.index.strings.len() as u32;
        self.index.strings.push_str(s);
        StrRef {
            start,
            len: s.len() as u32,
        }
    }

    fn file_id(&mut self, path: &str) -> u32 {
        if let Some(id) = self.file_ids.get(path) {
            return *id;
        }
        let r = self.intern(path);
        let id = self.index.files.len() as u32;
        self.index.files.push(r);
        self.file_ids.insert(path.to_string(), id);
        id
    }

    fn add_dwarf(&mut self, dwarf: &Dwarf<'_>) -> Result<(), NativeError> {
        let mut headers = Vec::new();
        let mut unit_headers = dwarf.units();
        while let Some(header) = unit_headers.next()? {
            headers.push(header);
        }
        // All units are parsed up front, in parallel: functions refer to
        // DIEs of other units (`DW_FORM_ref_addr`), found by binary search.
        let units: Vec<Option<Unit<'_>>> =
            headers.par_iter().map(|h| dwarf.unit(*h).ok()).collect();
        let units = Units {
            starts: headers
                .iter()
                .map(|h| h.offset().as_debug_info_offset().map_or(0, |o| o.0))
                .collect(),
            units,
        };
        // Each unit is indexed on its own thread; a unit that fails to parse
        // is skipped (logged), the rest of the module still resolves.
        let parts: Vec<UnitPart> = (0..units.units.len())
            .into_par_iter()
            .filter_map(|i| {
                let unit = units.units[i].as_ref()?;
                match parse_unit(dwarf, unit, &units) {
                    Ok(part) => Some(part),
                    Err(e) => {
                        tracing::debug!("skipping a compilation unit: {e}");
                        None
                    }
                }
            })
            .collect();
        for part in parts {
            let ids: Vec<u32> = part
                .files
                .iter()
                .map(|f| f.as_deref().map_or(NO_FILE, |p| self.file_id(p)))
                .collect();
            let map = |local: u32| ids.get(local as usize).copied().unwrap_or(NO_FILE);
            for row in part.lines {
                self.index.lines.push(LineRow {
                    file: if row.file == END { END } else { map(row.file) },
                    ..row
                });
            }
            for f in part.functions {
                let id = self.index.functions.len() as u32;
                let name = self.intern(&f.name);
                let first_inline = self.index.inlines.len() as u32;
                let mut inlines: Vec<Inline> = Vec::new();
                for i in &f.inlines {
                    let iname = self.intern(&i.name);
                    for &(start, end) in &i.ranges {
                        inlines.push(Inline {
                            start,
                            end,
                            depth: i.depth,
                            name: iname,
                            call_file: map(i.call_file),
                            call_line: i.call_line,
                            call_column: i.call_column,
                        });
                    }
                }
                inlines.sort_by_key(|i| (i.depth, i.start));
                self.index.inlines.extend(inlines);
                self.index.functions.push(Function {
                    name,
                    inlines: first_inline..self.index.inlines.len() as u32,
                });
                for &(start, end) in &f.ranges {
                    self.index.ranges.push(FunctionRange {
                        start,
                        end,
                        function: id,
                    });
                }
            }
        }
        Ok(())
    }

    fn add_symbols(&mut self, object: &object::File<'_>) {
        // In table order an `STT_FILE` symbol names the source of the local
        // symbols that follow it (llvm-symbolizer reports it as the file).
        let mut current_file: Option<String> = None;
        let mut symbols: Vec<(u64, u64, String, Option<String>)> = Vec::new();
        for s in object.symbols() {
            if s.kind() == object::SymbolKind::File {
                current_file = s.name().ok().filter(|n| !n.is_empty()).map(str::to_string);
                continue;
            }
            if s.address() == 0 || !is_code(object, &s) {
                continue;
            }
            let Ok(name) = s.name() else { continue };
            if name.is_empty() {
                continue;
            }
            let file = if s.is_global() {
                None
            } else {
                current_file.clone()
            };
            symbols.push((s.address(), s.size(), name.to_string(), file));
        }
        for s in object.dynamic_symbols() {
            if s.kind() == object::SymbolKind::Text && s.address() != 0 {
                if let Ok(name) = s.name() {
                    if !name.is_empty() {
                        symbols.push((s.address(), s.size(), name.to_string(), None));
                    }
                }
            }
        }
        // Several names at one address: the last in table order wins, as in
        // llvm-symbolizer (a stable sort, then the last of each run).
        symbols.sort_by_key(|s| s.0);
        symbols.reverse();
        symbols.dedup_by_key(|s| s.0);
        symbols.reverse();
        for i in 0..symbols.len() {
            let (start, size, _, _) = symbols[i];
            // Symbols without a size reach to the next symbol.
            let end = if size > 0 {
                start + size
            } else {
                symbols.get(i + 1).map_or(start + 1, |n| n.0)
            };
            let name = self.intern(&symbols[i].2);
            let file = match symbols[i].3.clone() {
                Some(f) => self.file_id(&f),
                None => NO_FILE,
            };
            self.index.symbols.push(Symbol {
                start,
                end,
                name,
                file,
            });
        }
    }

    fn finish(mut self) -> ModuleIndex {
        // Stable sorts keep each sequence's rows in order (an end-of-sequence
        // row and the next sequence's first row may share an address: the
        // start must win, so ends sort first).
        self.index.lines.sort_by(|a, b| {
            a.address
                .cmp(&b.address)
                .then((b.file == END).cmp(&(a.file == END)))
        });
        self.index
            .ranges
            .sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        self.index.strings.shrink_to_fit();
        self.index
    }
}

/// Every unit of the file, for references across units.
struct Units<'a> {
    /// `.debug_info` offset of each unit's header, ascending.
    starts: Vec<usize>,
    units: Vec<Option<Unit<'a>>>,
}

impl<'a> Units<'a> {
    fn containing(&self, offset: gimli::DebugInfoOffset<usize>) -> Option<&Unit<'a>> {
        let i = self
            .starts
            .partition_point(|&s| s <= offset.0)
            .checked_sub(1)?;
        self.units[i].as_ref()
    }
}

fn parse_unit(
    dwarf: &Dwarf<'_>,
    unit: &Unit<'_>,
    units: &Units<'_>,
) -> Result<UnitPart, gimli::Error> {
    let mut part = UnitPart::default();
    if let Some(program) = unit.line_program.clone() {
        let header = program.header().clone();
        let count = header.file_names().len() + 1;
        part.files = (0..count as u64)
            .map(|i| {
                header
                    .file(i)
                    .and_then(|f| render_file(dwarf, unit, f, &header).ok())
            })
            .collect();
        let mut rows = program.rows();
        let mut skipping = false;
        let mut first_in_sequence = true;
        while let Some((_, row)) = rows.next_row()? {
            if first_in_sequence {
                // A sequence at address 0 was discarded by the linker.
                skipping = row.address() == 0;
                first_in_sequence = false;
            }
            if row.end_sequence() {
                if !skipping {
                    part.lines.push(LineRow {
                        address: row.address(),
                        file: END,
                        line: 0,
                        column: 0,
                    });
                }
                first_in_sequence = true;
                continue;
            }
            if skipping {
                continue;
            }
            let column = match row.column() {
                gimli::ColumnType::LeftEdge => 0,
                gimli::ColumnType::Column(c) => u32::try_from(c.get()).unwrap_or(0),
            };
            part.lines.push(LineRow {
                address: row.address(),
                file: u32::try_from(row.file_index()).unwrap_or(NO_FILE),
                line: row
                    .line()
                    .map_or(0, |l| u32::try_from(l.get()).unwrap_or(0)),
                column,
            });
        }
    }

    // Functions and their inlined calls, by a depth-first walk. Inlined
    // calls name their function through `abstract_origin`; the same origin
    // recurs many times, so its name is resolved once per unit.
    let mut origin_names: HashMap<gimli::UnitOffset, String> = HashMap::new();
    enum Open {
        Function(usize),
        Inline { function: usize, depth: u32 },
        Other,
    }
    let mut stack: Vec<(isize, Open)> = Vec::new();
    let mut depth: isize = 0;
    let mut entries = unit.entries();
    while let Some((delta, entry)) = entries.next_dfs()? {
        depth += delta;
        while stack.last().is_some_and(|(d, _)| *d >= depth) {
            stack.pop();
        }
        let enclosing = stack.iter().rev().find_map(|(_, o)| match o {
            Open::Function(f) => Some((*f, 0)),
            Open::Inline { function, depth } => Some((*function, *depth)),
            Open::Other => None,
        });
        match entry.tag() {
            gimli::DW_TAG_subprogram => {
                let ranges = die_ranges(dwarf, unit, entry)?;
                if ranges.is_empty() {
                    stack.push((depth, Open::Other));
                    continue;
                }
                let name = die_name(dwarf, unit, units, entry, 0).unwrap_or_default();
                part.functions.push(PartFunction {
                    name,
                    ranges,
                    inlines: Vec::new(),
                });
                stack.push((depth, Open::Function(part.functions.len() - 1)));
            }
            gimli::DW_TAG_inlined_subroutine => {
                let Some((function, parent_depth)) = enclosing else {
                    stack.push((depth, Open::Other));
                    continue;
                };
                let ranges = die_ranges(dwarf, unit, entry)?;
                let name = match entry.attr_value(gimli::DW_AT_abstract_origin) {
                    Ok(Some(AttributeValue::UnitRef(origin))) => origin_names
                        .entry(origin)
                        .or_insert_with(|| {
                            die_name(dwarf, unit, units, entry, 0).unwrap_or_default()
                        })
                        .clone(),
                    _ => die_name(dwarf, unit, units, entry, 0).unwrap_or_default(),
                };
                let udata = |attr| match entry.attr_value(attr) {
                    Ok(Some(v)) => v
                        .udata_value()
                        .and_then(|n| u32::try_from(n).ok())
                        .unwrap_or(0),
                    _ => 0,
                };
                let call_file = match entry.attr_value(gimli::DW_AT_call_file) {
                    Ok(Some(AttributeValue::FileIndex(i))) => u32::try_from(i).unwrap_or(NO_FILE),
                    Ok(Some(v)) => v
                        .udata_value()
                        .and_then(|n| u32::try_from(n).ok())
                        .unwrap_or(NO_FILE),
                    _ => NO_FILE,
                };
                let inline_depth = parent_depth + 1;
                part.functions[function].inlines.push(PartInline {
                    ranges,
                    depth: inline_depth,
                    name,
                    call_file,
                    call_line: udata(gimli::DW_AT_call_line),
                    call_column: udata(gimli::DW_AT_call_column),
                });
                stack.push((
                    depth,
                    Open::Inline {
                        function,
                        depth: inline_depth,
                    },
                ));
            }
            _ => stack.push((depth, Open::Other)),
        }
    }
    Ok(part)
}

fn die_ranges(
    dwarf: &Dwarf<'_>,
    unit: &Unit<'_>,
    entry: &gimli::DebuggingInformationEntry<'_, '_, Slice<'_>>,
) -> Result<Vec<(u64, u64)>, gimli::Error> {
    let mut out = Vec::new();
    let mut ranges = dwarf.die_ranges(unit, entry)?;
    while let Some(r) = ranges.next()? {
        // Address 0 marks code the linker discarded.
        if r.begin < r.end && r.begin != 0 {
            out.push((r.begin, r.end));
        }
    }
    Ok(out)
}

/// The linkage (mangled) name, else the plain name, following
/// `abstract_origin` and `specification` (bounded), across units too.
fn die_name(
    dwarf: &Dwarf<'_>,
    unit: &Unit<'_>,
    units: &Units<'_>,
    entry: &gimli::DebuggingInformationEntry<'_, '_, Slice<'_>>,
    hops: u32,
) -> Option<String> {
    for attr in [
        gimli::DW_AT_linkage_name,
        gimli::DW_AT_MIPS_linkage_name,
        gimli::DW_AT_name,
    ] {
        if let Ok(Some(v)) = entry.attr_value(attr) {
            if let Ok(s) = dwarf.attr_string(unit, v) {
                return Some(s.to_string_lossy().into_owned());
            }
        }
    }
    if hops >= 8 {
        return None;
    }
    for attr in [gimli::DW_AT_abstract_origin, gimli::DW_AT_specification] {
        match entry.attr_value(attr) {
            Ok(Some(AttributeValue::UnitRef(offset))) => {
                let target = unit.entry(offset).ok()?;
                return die_name(dwarf, unit, units, &target, hops + 1);
            }
            Ok(Some(AttributeValue::DebugInfoRef(offset))) => {
                let other = units.containing(offset)?;
                let local = offset.to_unit_offset(&other.header)?;
                let target = other.entry(local).ok()?;
                return die_name(dwarf, other, units, &target, hops + 1);
            }
            _ => {}
        }
    }
    None
}

fn render_file(
    dwarf: &Dwarf<'_>,
    unit: &Unit<'_>,
    file: &gimli::FileEntry<Slice<'_>>,
    header: &gimli::LineProgramHeader<Slice<'_>>,
) -> Result<String, gimli::Error> {
    let mut path = match &unit.comp_dir {
        Some(dir) => dir.to_string_lossy().into_owned(),
        None => String::new(),
    };
    // Directory 0 is the compilation directory (DWARF 5 says so; earlier
    // versions mean the same by index 0).
    if file.directory_index() != 0 {
        if let Some(dir) = file.directory(header) {
            push_path(&mut path, &dwarf.attr_string(unit, dir)?.to_string_lossy());
        }
    }
    push_path(
        &mut path,
        &dwarf.attr_string(unit, file.path_name())?.to_string_lossy(),
    );
    Ok(path)
}

fn push_path(path: &mut String, part: &str) {
    let absolute = part.starts_with('/')
        || part.starts_with('\\')
        || (part.len() > 2 && part.as_bytes()[1] == b':');
    if absolute {
        *path = part.to_string();
    } else {
        let sep = if path.contains('\\') && !path.contains('/') {
            '\\'
        } else {
            '/'
        };
        if !path.is_empty() && !path.ends_with(sep) {
            path.push(sep);
        }
        path.push_str(part);
    }
}
