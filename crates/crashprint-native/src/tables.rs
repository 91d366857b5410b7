//! The owned lookup tables of a compilation unit: one [`UnitIndex`] per
//! parsed unit. Flat, sorted vectors: binary searches, no pointers,
//! nothing to lock.

use crate::flat::unit::{Answer, UnitBuilder, UnitFlat, NO_RECORD};
use crate::frame::{nonzero, FrameRef, RawPosition, Source};
use std::borrow::Cow;
use std::collections::HashMap;

/// Marks a line row that ends a sequence (no code until the next row).
pub(crate) const END: u32 = u32::MAX;

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

/// The longest inline chain followed: deeper nesting is cut off.
const MAX_CHAIN: usize = 128;
/// Chains up to this length stay off the heap.
const SHORT_CHAIN: usize = 24;

/// Indices into `Inlines::list` of the inlines covering an address,
/// outermost first: a small array covers real chains without touching the
/// heap.
struct Chain {
    short: [u32; SHORT_CHAIN],
    long: Vec<u32>,
    len: usize,
}

impl Chain {
    fn as_slice(&self) -> &[u32] {
        if self.long.is_empty() {
            &self.short[..self.len]
        } else {
            &self.long
        }
    }
}

impl Inlines<'_> {
    /// The inlines covering `address`, outermost first.
    fn chain(&self, address: u64) -> Chain {
        let mut chain = Chain {
            short: [0; SHORT_CHAIN],
            long: Vec::new(),
            len: 0,
        };
        let inlines = &self.list[..];
        let levels = &self.levels[..];
        // Beyond the offsets an `Inline` can hold there are no inlines.
        let offset = address
            .checked_sub(self.base)
            .and_then(|o| u32::try_from(o).ok());
        // Sorted by (depth, start); ranges of one depth never overlap, so
        // each level is one binary search.
        let mut depth = 1;
        while let Some(offset) = offset.filter(|_| chain.len < MAX_CHAIN) {
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
                    if chain.len < SHORT_CHAIN {
                        chain.short[chain.len] = index;
                    } else {
                        if chain.long.is_empty() {
                            chain.long.extend_from_slice(&chain.short);
                        }
                        chain.long.push(index);
                    }
                    chain.len += 1;
                    depth += 1;
                }
                _ => break,
            }
        }
        chain
    }

    /// Pushes every address where [`Inlines::chain`] may change.
    fn boundaries(&self, out: &mut Vec<u64>) {
        if self.list.is_empty() {
            return;
        }
        out.push(self.base);
        out.extend(self.base.checked_add(1 << 32));
        for i in self.list.iter() {
            let start = self.base.saturating_add(u64::from(i.start));
            out.push(start);
            out.push(start.saturating_add(u64::from(i.len)));
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

    /// The function whose range holds `address`, by its index.
    fn function_index_at(&self, address: u64) -> Option<usize> {
        let i = self.ranges.partition_point(|r| r.start <= address);
        // Ranges may nest or overlap (nested functions, identical code
        // folding): the innermost covering range is the latest-starting one.
        self.ranges[..i]
            .iter()
            .rev()
            .take(64)
            .find(|r| address < r.end)
            .map(|r| r.function as usize)
    }

    fn function_at(&self, address: u64) -> Option<&Function<'a>> {
        self.functions.get(self.function_index_at(address)?)
    }

    /// Calls `f` with each frame at `address`, innermost first, borrowing
    /// names and paths from the index: no allocation once names are
    /// resolved. False when the unit has no function there (the caller
    /// falls back to the symbol table, with `line_row` for the position).
    ///
    /// `resolve` gives the raw (mangled) name of a DIE of this unit.
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
        let inlines = function
            .inlines
            .get_or_init(|| Box::new(Inlines::build(load_inlines(function.die))));
        self.walk_frames(function, inlines, address, |name, position, inlined| {
            let names = name.and_then(|(die, slot)| resolve_names(slot, die, &resolve));
            f(FrameRef {
                function: names.map(Names::demangled),
                raw_function: names.map(|n| &*n.raw),
                file: self.file(position.file, &resolve_file),
                line: nonzero(position.line),
                column: nonzero(position.column),
                inlined,
                source: Source::Dwarf,
            });
        });
        true
    }

    /// Calls `f` with each frame of `function` at `address`, innermost
    /// first: the DIE naming it with its name slot (`None`: no name), its
    /// position as the tables hold it, and whether it is inlined. The one
    /// walk behind [`UnitIndex::visit`] and [`UnitIndex::flatten`], so the
    /// flat table cannot disagree with the lazy path.
    fn walk_frames<'s>(
        &'s self,
        function: &'s Function<'a>,
        inlines: &'s Inlines<'a>,
        address: u64,
        mut f: impl FnMut(Option<(usize, &'s NameSlot<'a>)>, RawPosition, bool),
    ) {
        let mut position = match self.line_row(address) {
            Some(r) => RawPosition {
                file: r.file,
                line: r.line,
                column: r.column,
            },
            None => RawPosition::NONE,
        };
        let chain = inlines.chain(address);
        for inline in chain
            .as_slice()
            .iter()
            .rev()
            .filter_map(|&k| inlines.list.get(k as usize))
        {
            let name = inlines
                .names
                .get(inline.name as usize)
                .map(|n| (n.die, &n.names));
            f(name, position, true);
            position = RawPosition {
                file: inline.call_file,
                line: inline.call_line,
                column: inline.call_column,
            };
        }
        f(Some((function.die, &function.names)), position, false);
    }

    /// Everything this unit answers, address by address, for the flat
    /// table: the frames wherever a function covers the address, else the
    /// line table's position. Reads every function's inlined calls, into
    /// tables dropped on return (the lazy caches stay as they are).
    pub fn flatten(
        &self,
        resolve: impl Fn(usize) -> Option<Cow<'a, str>>,
        resolve_file: impl Fn(u32) -> Option<String>,
        load_inlines: impl Fn(usize) -> Vec<PartInline>,
    ) -> UnitFlat<'a> {
        let built: Vec<Option<Inlines<'a>>> = self
            .functions
            .iter()
            .map(|f| {
                f.inlines
                    .get()
                    .is_none()
                    .then(|| Inlines::build(load_inlines(f.die)))
            })
            .collect();
        let inlines_of = |k: usize| -> Option<&Inlines<'a>> {
            match built.get(k)? {
                Some(own) => Some(own),
                None => self.functions.get(k)?.inlines.get().map(|b| &**b),
            }
        };
        // Every address where an answer may change: between two of them
        // the answer is that of the first, so each is evaluated once.
        let mut points: Vec<u64> = self.line_addresses.to_vec();
        for r in &self.ranges {
            points.extend([r.start, r.end]);
        }
        for k in 0..self.functions.len() {
            if let Some(inlines) = inlines_of(k) {
                inlines.boundaries(&mut points);
            }
        }
        points.sort_unstable();
        points.dedup();
        let mut out = UnitBuilder::default();
        let mut frames: Vec<(Option<usize>, RawPosition)> = Vec::new();
        for &address in &points {
            let function = self
                .function_index_at(address)
                .and_then(|k| Some((self.functions.get(k)?, inlines_of(k)?)));
            let answer = match function {
                Some((function, inlines)) => {
                    frames.clear();
                    self.walk_frames(function, inlines, address, |name, position, _| {
                        frames.push((name.map(|(die, _)| die), position))
                    });
                    // Outermost first, so that each frame's parent exists.
                    let mut parent = NO_RECORD;
                    for &(die, position) in frames.iter().rev() {
                        let name = die.map_or(NO_RECORD, |die| out.name(die, &resolve));
                        let file =
                            out.file(position.file, || self.file(position.file, &resolve_file));
                        parent = out.frame(name, file, position, parent);
                    }
                    Answer::Frames(parent)
                }
                None => match self.line_row(address) {
                    Some(row) => {
                        let file = out.file(row.file, || self.file(row.file, &resolve_file));
                        out.position(file, row.line, row.column)
                    }
                    None => Answer::Nothing,
                },
            };
            out.answer(address, answer);
        }
        out.finish()
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
