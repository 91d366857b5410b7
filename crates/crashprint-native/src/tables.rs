//! The owned lookup tables: one [`UnitIndex`] per parsed compilation unit,
//! one [`SymbolTable`] per file. Flat, sorted vectors and one string arena
//! each: binary searches, no pointers, nothing to lock.

use std::borrow::Cow;
use std::collections::HashMap;

/// Marks a line row that ends a sequence (no code until the next row).
pub(crate) const END: u32 = u32::MAX;
/// "No file".
pub(crate) const NO_FILE: u32 = u32::MAX;

/// Where a resolved frame's data came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// DWARF debug information.
    Dwarf,
    /// The symbol table only: a function name, no line.
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
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
    /// Inlined into the next frame.
    pub inlined: bool,
    /// Where it came from.
    pub source: Source,
}

/// One resolved frame, borrowing from the index (see
/// [`ModuleIndex::lookup_with`](crate::ModuleIndex::lookup_with)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameRef<'a> {
    /// Demangled function name.
    pub function: Option<&'a str>,
    /// The name as stored (mangled).
    pub raw_function: Option<&'a str>,
    /// Source file path.
    pub file: Option<&'a str>,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
    /// Inlined into the next frame.
    pub inlined: bool,
    /// Where it came from.
    pub source: Source,
}

impl FrameRef<'_> {
    /// An owned copy.
    pub fn to_resolved(&self) -> ResolvedFrame {
        ResolvedFrame {
            function: self.function.map(str::to_string),
            raw_function: self.raw_function.map(str::to_string),
            file: self.file.map(str::to_string),
            line: self.line,
            column: self.column,
            inlined: self.inlined,
            source: self.source,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct StrRef {
    start: u32,
    len: u32,
}

/// A string arena with de-duplicated file paths.
#[derive(Debug, Default, Clone)]
pub(crate) struct Strings {
    text: String,
    files: Vec<StrRef>,
    file_ids: HashMap<String, u32>,
}

impl Strings {
    pub fn intern(&mut self, s: &str) -> StrRef {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        StrRef {
            start,
            len: s.len() as u32,
        }
    }

    pub fn file_id(&mut self, path: &str) -> u32 {
        if let Some(id) = self.file_ids.get(path) {
            return *id;
        }
        let r = self.intern(path);
        let id = self.files.len() as u32;
        self.files.push(r);
        self.file_ids.insert(path.to_string(), id);
        id
    }

    pub fn get(&self, r: StrRef) -> &str {
        &self.text[r.start as usize..(r.start + r.len) as usize]
    }

    pub fn file(&self, id: u32) -> Option<&str> {
        self.files.get(id as usize).map(|r| self.get(*r))
    }

    fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.file_ids = HashMap::new();
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct LineRow {
    pub address: u64,
    pub file: u32,
    pub line: u32,
    pub column: u32,
}

/// A line-table row without its address.
#[derive(Debug, Clone, Copy)]
struct LinePosition {
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

#[derive(Debug)]
struct Function<'a> {
    /// Its DIE (unit offset).
    die: usize,
    /// Its names, resolved the first time a frame needs them.
    names: NameSlot<'a>,
    /// Inlined calls inside it, read the first time an address falls in
    /// it. Boxed: most functions are never looked up.
    inlines: std::sync::OnceLock<Box<Inlines<'a>>>,
}

/// One function's inlined calls, with their names.
#[derive(Debug, Default)]
struct Inlines<'a> {
    /// The lowest address of any inlined range: `Inline` addresses are
    /// offsets from it.
    base: u64,
    /// Sorted by (depth, start).
    list: Box<[Inline]>,
    /// `list[levels[d - 1]..levels[d]]` holds the inlines of depth `d`.
    levels: Box<[u32]>,
    /// The inlined functions' DIEs and names; `Inline::name` indexes it.
    names: Box<[NamedDie<'a>]>,
}

/// A DIE and its names, resolved the first time a frame needs them.
#[derive(Debug)]
struct NamedDie<'a> {
    die: usize,
    names: NameSlot<'a>,
}

impl Inlines<'_> {
    fn build<'a>(parts: Vec<PartInline>) -> Inlines<'a> {
        let mut slots: HashMap<usize, u32> = HashMap::new();
        let mut names: Vec<NamedDie<'a>> = Vec::new();
        let base = parts
            .iter()
            .flat_map(|i| i.ranges.iter().map(|r| r.0))
            .min()
            .unwrap_or(0);
        let mut list: Vec<(u32, Inline)> = Vec::new();
        for i in parts {
            let name = *slots.entry(i.die).or_insert_with(|| {
                names.push(NamedDie {
                    die: i.die,
                    names: NameSlot::new(),
                });
                (names.len() - 1) as u32
            });
            for &(start, end) in &i.ranges {
                // Offsets keep an entry at 24 bytes; a range more than
                // 4 GiB from the function's first one does not occur in
                // real code and is dropped.
                let (Ok(start), Ok(end)) = (u32::try_from(start - base), u32::try_from(end - base))
                else {
                    continue;
                };
                list.push((
                    i.depth,
                    Inline {
                        start,
                        len: end.saturating_sub(start),
                        name,
                        call_file: i.call_file,
                        call_line: i.call_line,
                        call_column: i.call_column,
                    },
                ));
            }
        }
        list.sort_by_key(|(depth, i)| (*depth, i.start));
        let deepest = list.last().map_or(0, |(depth, _)| *depth);
        let levels: Vec<u32> = (0..=deepest)
            .map(|d| list.partition_point(|(depth, _)| *depth <= d) as u32)
            .collect();
        Inlines {
            base,
            list: list.into_iter().map(|(_, i)| i).collect(),
            levels: levels.into_boxed_slice(),
            names: names.into_boxed_slice(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Inline {
    /// Offset from `Inlines::base`.
    start: u32,
    len: u32,
    /// Its index in `Inlines::names`.
    name: u32,
    call_file: u32,
    call_line: u32,
    call_column: u32,
}

/// What a compilation unit holds, as the DWARF walk found it.
#[derive(Debug, Default)]
pub(crate) struct UnitPart {
    /// Entries in the unit's line-table file list.
    pub file_count: usize,
    pub lines: Vec<LineRow>,
    pub functions: Vec<PartFunction>,
}

#[derive(Debug)]
pub(crate) struct PartFunction {
    /// The subprogram DIE (unit offset): its name is resolved on demand.
    pub die: usize,
    pub ranges: Vec<(u64, u64)>,
}

#[derive(Debug)]
pub(crate) struct PartInline {
    pub ranges: Vec<(u64, u64)>,
    pub depth: u32,
    /// The inlined-subroutine DIE (unit offset).
    pub die: usize,
    pub call_file: u32,
    pub call_line: u32,
    pub call_column: u32,
}

/// A function's raw (mangled) and demangled names. The raw name is
/// borrowed from the string section when it is UTF-8 (it nearly always
/// is); the demangled one is kept only when it differs.
#[derive(Debug)]
struct Names<'a> {
    raw: Cow<'a, str>,
    demangled: Option<Box<str>>,
}

/// A lazily resolved name. Boxed: most slots are never resolved, and an
/// empty slot is then 16 bytes instead of 48.
type NameSlot<'a> = std::sync::OnceLock<Option<Box<Names<'a>>>>;

impl Names<'_> {
    fn demangled(&self) -> &str {
        self.demangled.as_deref().unwrap_or(&self.raw)
    }
}

/// The lookup tables of one compilation unit.
#[derive(Debug, Default)]
pub(crate) struct UnitIndex<'a> {
    /// File paths, rendered the first time a frame needs them.
    file_paths: Box<[std::sync::OnceLock<Option<Box<str>>>]>,
    /// Line-table rows, split in two parallel arrays: the binary search
    /// walks dense addresses, and a row costs 20 bytes instead of 24.
    line_addresses: Box<[u64]>,
    line_positions: Box<[LinePosition]>,
    ranges: Vec<FunctionRange>,
    functions: Vec<Function<'a>>,
}

impl<'a> UnitIndex<'a> {
    pub fn from_part(part: UnitPart) -> UnitIndex<'a> {
        let mut index = UnitIndex {
            file_paths: (0..part.file_count)
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            ..UnitIndex::default()
        };
        for f in part.functions {
            let id = index.functions.len() as u32;
            index.functions.push(Function {
                die: f.die,
                names: NameSlot::new(),
                inlines: std::sync::OnceLock::new(),
            });
            for &(start, end) in &f.ranges {
                index.ranges.push(FunctionRange {
                    start,
                    end,
                    function: id,
                });
            }
        }
        // An end-of-sequence row and the next sequence's first row may share
        // an address: the start must win, so ends sort first.
        let mut lines = part.lines;
        lines.sort_by(|a, b| {
            a.address
                .cmp(&b.address)
                .then((b.file == END).cmp(&(a.file == END)))
        });
        index
            .ranges
            .sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        // Vectors grown by pushing keep up to twice their length: give the
        // slack back, every parsed unit stays in memory.
        index.line_addresses = lines.iter().map(|r| r.address).collect();
        index.line_positions = lines
            .iter()
            .map(|r| LinePosition {
                file: r.file,
                line: r.line,
                column: r.column,
            })
            .collect();
        drop(lines);
        index.ranges.shrink_to_fit();
        index.functions.shrink_to_fit();
        index
    }

    /// The path of file `id` (a line-table index), rendered through
    /// `resolve` the first time.
    pub fn file(&self, id: u32, resolve: &impl Fn(u32) -> Option<String>) -> Option<&str> {
        self.file_paths
            .get(id as usize)?
            .get_or_init(|| resolve(id).map(String::into_boxed_str))
            .as_deref()
    }

    pub fn line_row(&self, address: u64) -> Option<LineRow> {
        let i = self.line_addresses.partition_point(|&a| a <= address);
        let at = i.checked_sub(1)?;
        let position = *self.line_positions.get(at)?;
        let row = LineRow {
            address: self.line_addresses[at],
            file: position.file,
            line: position.line,
            column: position.column,
        };
        (row.file != END).then_some(row)
    }

    fn function_at(&self, address: u64) -> Option<&Function<'a>> {
        let i = self.ranges.partition_point(|r| r.start <= address);
        // Ranges may nest or overlap (nested functions, identical code
        // folding): the innermost covering range is the latest-starting one.
        self.ranges[..i]
            .iter()
            .rev()
            .take(64)
            .find(|r| address < r.end)
            .map(|r| &self.functions[r.function as usize])
    }

    /// The frames at `address`, innermost first; `None` when the unit has
    /// no function there (the caller falls back to the symbol table, with
    /// `line_row` for the position).
    ///
    /// `resolve` gives the raw (mangled) name of a DIE of this unit.
    /// Calls `f` with each frame at `address`, innermost first, borrowing
    /// names and paths from the index: no allocation once names are
    /// resolved. False when the unit has no function there.
    pub fn visit(
        &self,
        address: u64,
        resolve: impl Fn(usize) -> Option<Cow<'a, str>>,
        resolve_file: impl Fn(u32) -> Option<String>,
        load_inlines: impl Fn(usize) -> Vec<PartInline>,
        f: &mut dyn FnMut(FrameRef<'_>),
    ) -> bool {
        let Some(function) = self.function_at(address) else {
            return false;
        };
        let row = self.line_row(address);
        let (mut file, mut line, mut column) = match row {
            Some(r) => (
                self.file(r.file, &resolve_file),
                nonzero(r.line),
                nonzero(r.column),
            ),
            None => (None, None, None),
        };
        let lazy = function
            .inlines
            .get_or_init(|| Box::new(Inlines::build(load_inlines(function.die))));
        let inlines = &lazy.list[..];
        let levels = &lazy.levels[..];
        // Beyond the offsets an `Inline` can hold there are no inlines.
        let offset = address
            .checked_sub(lazy.base)
            .and_then(|o| u32::try_from(o).ok());
        // Sorted by (depth, start); ranges of one depth never overlap, so
        // each level is one binary search. Collected outermost first.
        // Indices into `inlines`, outermost first: a small array covers real
        // chains without touching the heap.
        const MAX_CHAIN: usize = 128;
        const SHORT_CHAIN: usize = 24;
        let mut short = [0u32; SHORT_CHAIN];
        let mut long: Vec<u32> = Vec::new();
        let mut len = 0;
        let mut depth = 1;
        while let Some(offset) = offset.filter(|_| len < MAX_CHAIN) {
            let (Some(&level_start), Some(&level_end)) =
                (levels.get(depth as usize - 1), levels.get(depth as usize))
            else {
                break;
            };
            let level = inlines
                .get(level_start as usize..level_end as usize)
                .unwrap_or_default();
            let at = level.partition_point(|i| i.start <= offset);
            match at.checked_sub(1).map(|k| (k, &level[k])) {
                Some((k, i)) if offset - i.start < i.len => {
                    let index = level_start + k as u32;
                    if len < SHORT_CHAIN {
                        short[len] = index;
                    } else {
                        if long.is_empty() {
                            long.extend_from_slice(&short);
                        }
                        long.push(index);
                    }
                    len += 1;
                    depth += 1;
                }
                _ => break,
            }
        }
        let mut emit = |names: Option<&Names<'_>>,
                        position: (Option<&str>, Option<u32>, Option<u32>),
                        inlined| {
            f(FrameRef {
                function: names.map(Names::demangled),
                raw_function: names.map(|n| &*n.raw),
                file: position.0,
                line: position.1,
                column: position.2,
                inlined,
                source: Source::Dwarf,
            });
        };
        let chain = if long.is_empty() {
            &short[..len]
        } else {
            &long[..]
        };
        for inline in chain.iter().rev().filter_map(|&k| inlines.get(k as usize)) {
            let names = lazy
                .names
                .get(inline.name as usize)
                .and_then(|n| resolve_names(&n.names, n.die, &resolve));
            emit(names, (file, line, column), true);
            file = self.file(inline.call_file, &resolve_file);
            line = nonzero(inline.call_line);
            column = nonzero(inline.call_column);
        }
        emit(
            resolve_names(&function.names, function.die, &resolve),
            (file, line, column),
            false,
        );
        true
    }
}

#[derive(Debug, Clone, Copy)]
struct Symbol {
    start: u64,
    end: u64,
    name: StrRef,
    /// The source file an `STT_FILE` symbol names for the local symbols after it.
    file: u32,
}

/// A file's function symbols, for code without DWARF.
#[derive(Debug, Default, Clone)]
pub(crate) struct SymbolTable {
    strings: Strings,
    symbols: Vec<Symbol>,
    /// Demangled names, computed the first time a frame needs one; `None`
    /// when the name does not demangle.
    demangled: Box<[std::sync::OnceLock<Option<Box<str>>>]>,
}

impl SymbolTable {
    pub fn from_object(object: &object::File<'_>) -> SymbolTable {
        use object::{Object as _, ObjectSymbol as _};
        let mut table = SymbolTable::default();
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
            // Mach-O prefixes C symbols with an underscore (`_main`); the
            // source name has none (C++ `__Z…` keeps one for the demangler).
            let name = match object.format() {
                object::BinaryFormat::MachO => name.strip_prefix('_').unwrap_or(name),
                _ => name,
            };
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
            if s.address() != 0 && is_code(object, &s) {
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
            let name = table.strings.intern(&symbols[i].2);
            let file = match &symbols[i].3 {
                Some(f) => table.strings.file_id(f),
                None => NO_FILE,
            };
            table.symbols.push(Symbol {
                start,
                end,
                name,
                file,
            });
        }
        table.strings.shrink();
        table.demangled = (0..table.symbols.len())
            .map(|_| std::sync::OnceLock::new())
            .collect();
        table
    }

    pub fn is_empty(&self) -> bool {
        self.symbols.is_empty()
    }

    /// (raw name, demangled name, file) of the symbol covering `address`.
    pub fn lookup(&self, address: u64) -> Option<(&str, &str, Option<&str>)> {
        let i = self.symbols.partition_point(|s| s.start <= address);
        let at = i.checked_sub(1)?;
        let s = self.symbols.get(at)?;
        if address >= s.end {
            return None;
        }
        let raw = self.strings.get(s.name);
        let demangled = self.demangled.get(at).and_then(|slot| {
            slot.get_or_init(|| {
                let demangled = crate::demangle::demangle(raw);
                (demangled != raw).then(|| demangled.into_boxed_str())
            })
            .as_deref()
        });
        Some((raw, demangled.unwrap_or(raw), self.strings.file(s.file)))
    }
}

/// A function symbol, or an untyped label in an executable section
/// (hand-written assembly often leaves its functions untyped).
fn is_code(object: &object::File<'_>, s: &object::Symbol<'_, '_>) -> bool {
    use object::{Object as _, ObjectSection as _, ObjectSymbol as _};
    match s.kind() {
        object::SymbolKind::Text => true,
        object::SymbolKind::Unknown | object::SymbolKind::Label => s
            .section_index()
            .and_then(|i| object.section_by_index(i).ok())
            .is_some_and(|sec| sec.kind() == object::SectionKind::Text),
        _ => false,
    }
}

/// The names in `slot`, resolving them through `resolve` (DIE → raw name)
/// and demangling them the first time.
fn resolve_names<'s, 'a>(
    slot: &'s NameSlot<'a>,
    die: usize,
    resolve: &impl Fn(usize) -> Option<Cow<'a, str>>,
) -> Option<&'s Names<'a>> {
    slot.get_or_init(|| {
        let raw = resolve(die).filter(|r| !r.is_empty())?;
        let demangled = crate::demangle::demangle(&raw);
        Some(Box::new(Names {
            demangled: (demangled != raw).then(|| demangled.into_boxed_str()),
            raw,
        }))
    })
    .as_deref()
}

pub(crate) fn nonzero(n: u32) -> Option<u32> {
    (n != 0).then_some(n)
}
