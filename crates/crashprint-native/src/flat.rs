//! The flat address table: everything a [`ModuleIndex`](crate::ModuleIndex)
//! answers, precomputed for every address of the module into a few dense
//! arrays, for long-lived indexes that serve many lookups.
//!
//! The lazy path walks five or six binary searches over per-unit arrays
//! scattered over the heap; on a large binary nearly each is a cache miss.
//! Here a lookup makes five dependent reads: a page directory entry, a
//! few range starts, the range's chain, the chain's frames (one line,
//! nearly always) and the frames' names. All but the frames and names are
//! small enough to stay in the L2 cache of a large module:
//!
//! - `directory[(address - lowest) >> shift]` is the first range starting
//!   in that page, so the search for the range is over a handful of entries;
//! - a range is a maximal run of addresses with the same frames: `starts`
//!   holds where each starts within its page (16 bits), `chains` where its
//!   frames are, and `lengths` how many, so the walk does not wait on the
//!   frames to know where it ends;
//! - `frames` holds the chains, each a run of adjacent frames (name, file,
//!   line, column), innermost first. A chain that is the tail of another
//!   starts inside it.
//!
//! The table is built from the same code the lazy path runs
//! ([`UnitIndex::flatten`](crate::tables::UnitIndex::flatten) walks the
//! frames with the same function as a lookup): each unit's answer is
//! evaluated once at every address where it may change, as frames with
//! links to the frame they are inlined into (`Record`); then the units, in
//! the order the lazy path consults them, and the symbol table are merged
//! the same way, and the chains laid out, those covering the most code
//! first.

use crate::tables::{nonzero, FrameRef, RawPosition, Source, SymbolTable};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;

/// "None" for a record, name or file reference.
pub(crate) const NO_RECORD: u32 = u32::MAX;

/// More frames than any chain holds (the lazy path cuts chains at 128
/// inlines): a bound on the walk, whatever the table says.
const MAX_FRAMES: usize = 256;

/// One frame, linked to the frame it is inlined into. In a unit's table
/// `name` and `file` are unit-local; once merged they index the table's
/// names and files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Record {
    name: u32,
    file: u32,
    /// 0: none.
    line: u32,
    /// 0: none.
    column: u32,
    /// The frame this one is inlined into; `NO_RECORD` for the outermost.
    parent: u32,
    /// Named by the symbol table alone ([`Source::SymbolTable`]).
    symbol_table: bool,
}

/// What one unit answers from an address on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    /// No function and no line.
    Nothing,
    /// A function covers the address: its innermost frame (a unit record).
    Frames(u32),
    /// No function, but a line-table position (a unit position).
    Position(u32),
}

/// One unit's answers over the whole address space, with the names, files
/// and records they use.
#[derive(Debug, Default)]
pub(crate) struct UnitFlat<'a> {
    names: Vec<Cow<'a, str>>,
    files: Vec<Box<str>>,
    records: Vec<Record>,
    /// (file, line, column).
    positions: Vec<(u32, u32, u32)>,
    /// (from, answer), ascending by address; `Nothing` before the first.
    segments: Vec<(u64, Answer)>,
}

impl UnitFlat<'_> {
    fn answer_at(&self, address: u64) -> Answer {
        let i = self.segments.partition_point(|s| s.0 <= address);
        i.checked_sub(1)
            .and_then(|i| self.segments.get(i))
            .map_or(Answer::Nothing, |s| s.1)
    }
}

/// Builds a [`UnitFlat`], sharing names, files, records and positions.
#[derive(Debug, Default)]
pub(crate) struct UnitBuilder<'a> {
    flat: UnitFlat<'a>,
    /// By DIE offset.
    names: HashMap<usize, u32>,
    /// By line-table file index.
    files: HashMap<u32, u32>,
    records: HashMap<Record, u32>,
    positions: HashMap<(u32, u32, u32), u32>,
}

impl<'a> UnitBuilder<'a> {
    /// The name of a DIE, through `resolve` the first time (an empty name
    /// is none, as on the lazy path).
    pub fn name(&mut self, die: usize, resolve: &impl Fn(usize) -> Option<Cow<'a, str>>) -> u32 {
        if let Some(&id) = self.names.get(&die) {
            return id;
        }
        let id = match resolve(die).filter(|raw| !raw.is_empty()) {
            Some(raw) => {
                self.flat.names.push(raw);
                (self.flat.names.len() - 1) as u32
            }
            None => NO_RECORD,
        };
        self.names.insert(die, id);
        id
    }

    /// The path of line-table file `index`, through `path` the first time.
    pub fn file<'p>(&mut self, index: u32, path: impl FnOnce() -> Option<&'p str>) -> u32 {
        if let Some(&id) = self.files.get(&index) {
            return id;
        }
        let id = match path() {
            Some(path) => {
                self.flat.files.push(path.into());
                (self.flat.files.len() - 1) as u32
            }
            None => NO_RECORD,
        };
        self.files.insert(index, id);
        id
    }

    /// A frame (`file` from [`UnitBuilder::file`]), inlined into `parent`.
    pub fn frame(&mut self, name: u32, file: u32, position: RawPosition, parent: u32) -> u32 {
        let record = Record {
            name,
            file,
            line: position.line,
            column: position.column,
            parent,
            symbol_table: false,
        };
        let records = &mut self.flat.records;
        *self.records.entry(record).or_insert_with(|| {
            records.push(record);
            (records.len() - 1) as u32
        })
    }

    /// A line-table position where no function is.
    pub fn position(&mut self, file: u32, line: u32, column: u32) -> Answer {
        let positions = &mut self.flat.positions;
        Answer::Position(
            *self
                .positions
                .entry((file, line, column))
                .or_insert_with(|| {
                    positions.push((file, line, column));
                    (positions.len() - 1) as u32
                }),
        )
    }

    /// The answer from `address` on (addresses ascending).
    pub fn answer(&mut self, address: u64, answer: Answer) {
        let segments = &mut self.flat.segments;
        if segments.last().map_or(Answer::Nothing, |s| s.1) != answer {
            segments.push((address, answer));
        }
    }

    pub fn finish(mut self) -> UnitFlat<'a> {
        self.flat.segments.shrink_to_fit();
        self.flat.records.shrink_to_fit();
        self.flat
    }
}

/// One frame of the flat table: a function name, a file and a position,
/// with two flags in the top bits of `file`.
#[derive(Debug, Clone, Copy)]
struct Frame {
    name: u32,
    /// The file id in the low bits (`FILE_MASK`: none), and `LAST` and
    /// `SYMBOL_TABLE`.
    file: u32,
    /// 0: none.
    line: u32,
    /// 0: none.
    column: u32,
}

/// The outermost frame of its chain (the others are inlined into the next).
const LAST: u32 = 1 << 31;
/// Named by the symbol table alone.
const SYMBOL_TABLE: u32 = 1 << 30;
const FILE_MASK: u32 = SYMBOL_TABLE - 1;

/// A function name.
#[derive(Debug)]
struct Name {
    raw: Box<str>,
    /// Where it differs from `raw`.
    demangled: Option<Box<str>>,
}

/// The flat table of one module (see the module documentation).
#[derive(Debug, Default)]
pub(crate) struct FlatTable {
    /// The lowest address where the answer changes; nothing below it.
    lowest: u64,
    /// log2 of the page size of `directory`.
    shift: u32,
    /// `directory[p]`: how many ranges start below page `p`; one entry more
    /// than there are pages.
    directory: Box<[u32]>,
    /// Where each range starts, as an offset in its page; ascending by
    /// address, the last range reaching to the end of the address space.
    starts: Box<[u16]>,
    /// Each range's first frame, or `NO_RECORD`.
    chains: Box<[u32]>,
    /// How many frames each range's chain has (255: that many or more):
    /// known before the frames are read.
    lengths: Box<[u8]>,
    /// Chains of frames, innermost first, each ending with a `LAST` frame:
    /// a lookup reads one run of adjacent frames. Chains share their tails
    /// where one is laid out inside another.
    frames: FrameStore,
    /// Held as pointers, so a lookup hands out names without reading their
    /// bytes.
    names: Box<[Name]>,
    files: Box<[Box<str>]>,
}

/// Sizes of a module's flat address table
/// ([`ModuleIndex::build_flat_table`](crate::ModuleIndex::build_flat_table)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlatTableStats {
    /// Address ranges (maximal runs of addresses with the same frames).
    pub ranges: usize,
    /// Frames in the table's chains.
    pub frames: usize,
    /// Distinct function names.
    pub names: usize,
    /// Distinct file paths.
    pub files: usize,
    /// Bytes the table holds (on the heap, and its frames in a mapping).
    pub bytes: usize,
}

impl FlatTable {
    /// Merges the units' answers (`units[u]` is `None` where the lazy path
    /// skips unit `u`) with the symbol table, as
    /// `ModuleIndex::visit_in` does: at each address, the first unit of
    /// `units_at` with a function there wins; else the first line-table
    /// position, named by the symbol table; else the symbol alone.
    ///
    /// `None` when the module does not fit the table's 32-bit offsets and
    /// indices (lookups then stay on the lazy path).
    pub fn build<'u, 'a: 'u, I: Iterator<Item = usize>>(
        units: &'u [Option<UnitFlat<'a>>],
        unit_ranges: &[(u64, u64, u32)],
        units_at: impl Fn(u64) -> I,
        symbols: &'u SymbolTable,
    ) -> Option<FlatTable> {
        // Every address where an answer may change: between two of them
        // the answer is that of the first. Where no unit range reaches,
        // only the symbol table answers: what units say there (a stray
        // line-table sequence far away, say) cannot matter.
        let mut covered: Vec<(u64, u64)> = Vec::new();
        let mut sorted = unit_ranges.to_vec();
        sorted.sort_unstable();
        for (start, end, _) in sorted {
            match covered.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => covered.push((start, end)),
            }
        }
        let reached = |address: u64| {
            let i = covered.partition_point(|r| r.0 <= address);
            i.checked_sub(1).is_some_and(|i| address < covered[i].1)
        };
        let mut points: Vec<u64> = Vec::new();
        for unit in units.iter().flatten() {
            points.extend(unit.segments.iter().map(|s| s.0).filter(|&a| reached(a)));
        }
        for &(start, end, _) in unit_ranges {
            points.extend([start, end]);
        }
        symbols.boundaries(&mut points);
        points.par_sort_unstable();
        points.dedup();
        let (Some(&lowest), Some(&highest)) = (points.first(), points.last()) else {
            return Some(FlatTable::default());
        };
        if u32::try_from(highest - lowest).is_err() {
            tracing::debug!(
                lowest,
                highest,
                "no flat table: the module spans more than 4 GiB"
            );
            return None;
        }

        let mut assembler = Assembler::new(units);
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for &address in &points {
            let record = assembler.resolve(address, units_at(address), symbols)?;
            if ranges.last().map(|r| r.1) != Some(record) {
                ranges.push(((address - lowest) as u32, record));
            }
        }
        drop(points);
        u32::try_from(ranges.len()).ok()?;
        u32::try_from(assembler.files.len())
            .ok()
            .filter(|&n| n < FILE_MASK)?;
        let (mut frames, lengths) = lay_out(&mut ranges, &assembler.records)?;
        let names = by_use(&assembler.names, &mut frames);
        // Demangled once each, in parallel; kept only where it differs.
        let names: Vec<Name> = names
            .par_iter()
            .map(|&raw| {
                let demangled = crate::demangle::demangle(raw);
                Name {
                    demangled: (demangled != raw).then(|| demangled.into_boxed_str()),
                    raw: Box::from(raw),
                }
            })
            .collect();
        let files: Vec<Box<str>> = assembler.files.iter().map(|&f| Box::from(f)).collect();
        let frames = FrameStore::new(frames, names.len(), files.len());
        Some(FlatTable::new(
            lowest,
            highest - lowest,
            &ranges,
            lengths,
            frames,
            names,
            files,
        ))
    }

    /// The table of `ranges` (start offset, first frame), which cover
    /// offsets up to `span` from `lowest`.
    fn new(
        lowest: u64,
        span: u64,
        ranges: &[(u32, u32)],
        lengths: Box<[u8]>,
        frames: FrameStore,
        names: Vec<Name>,
        files: Vec<Box<str>>,
    ) -> FlatTable {
        // About four ranges a page: a search of one or two steps. Pages of
        // at most 64 KiB: a start within one is 16 bits.
        let per_page = (ranges.len() as u64 / 4).max(1);
        let mut shift = 0;
        while shift < 16 && (span >> shift) >= per_page {
            shift += 1;
        }
        let pages = (span >> shift) + 1;
        let mut directory = Vec::with_capacity(pages as usize + 1);
        let mut i = 0;
        for page in 0..=pages {
            let page_start = page << shift;
            while ranges.get(i).is_some_and(|r| u64::from(r.0) < page_start) {
                i += 1;
            }
            directory.push(i as u32);
        }
        let in_page = (1u32 << shift) - 1;
        FlatTable {
            lowest,
            shift,
            directory: directory.into_boxed_slice(),
            starts: ranges.iter().map(|r| (r.0 & in_page) as u16).collect(),
            chains: ranges.iter().map(|r| r.1).collect(),
            lengths,
            frames,
            names: names.into_boxed_slice(),
            files: files.into_boxed_slice(),
        }
    }

    pub fn stats(&self) -> FlatTableStats {
        use std::mem::size_of_val;
        let strings: usize = self
            .names
            .iter()
            .map(|n| n.raw.len() + n.demangled.as_ref().map_or(0, |d| d.len()))
            .chain(self.files.iter().map(|f| f.len()))
            .sum();
        FlatTableStats {
            ranges: self.chains.len(),
            frames: self.frames.len(),
            names: self.names.len(),
            files: self.files.len(),
            bytes: size_of_val(&*self.directory)
                + size_of_val(&*self.starts)
                + size_of_val(&*self.chains)
                + size_of_val(&*self.lengths)
                + self.frames.bytes()
                + size_of_val(&*self.names)
                + size_of_val(&*self.files)
                + strings,
        }
    }

    /// The first frame of the chain at `address` (`NO_RECORD`: none) and
    /// the chain's length.
    fn chain_at(&self, address: u64) -> (u32, usize) {
        match self.range_at(address) {
            Some(i) => (
                self.chains.get(i).copied().unwrap_or(NO_RECORD),
                self.lengths.get(i).map_or(0, |&l| usize::from(l)),
            ),
            None => (NO_RECORD, 0),
        }
    }

    /// The index of the range holding `address`.
    fn range_at(&self, address: u64) -> Option<usize> {
        let offset = address.checked_sub(self.lowest)?;
        // Past the last page: the last range reaches that far.
        let last_page = self.directory.len().checked_sub(2)?;
        let page = usize::try_from(offset >> self.shift).map_or(last_page, |p| p.min(last_page));
        let first = *self.directory.get(page)? as usize;
        let end = *self.directory.get(page + 1)? as usize;
        let within = offset - ((page as u64) << self.shift);
        let within = u16::try_from(within).unwrap_or(u16::MAX);
        let k = self
            .starts
            .get(first..end)?
            .partition_point(|&s| s <= within);
        (first + k).checked_sub(1)
    }

    /// Calls `f` with each frame at `address`, innermost first; returns how
    /// many there were.
    pub fn visit(&self, address: u64, mut f: impl FnMut(FrameRef<'_>)) -> usize {
        let (first, len) = self.chain_at(address);
        let first = first as usize;
        if len < 255 {
            // The length known before the frames are read: the loop does not
            // wait on them, so the next lookup can start meanwhile.
            let mut count = 0;
            for k in first..first.saturating_add(len) {
                let Some(frame) = self.frames.get(k) else {
                    break;
                };
                count += 1;
                f(self.frame_ref(&frame, count < len));
            }
            return count;
        }
        let mut count = 0;
        for k in first..first.saturating_add(MAX_FRAMES) {
            let Some(frame) = self.frames.get(k) else {
                break;
            };
            let last = frame.file & LAST != 0;
            f(self.frame_ref(&frame, !last));
            count += 1;
            if last {
                break;
            }
        }
        count
    }

    fn frame_ref(&self, frame: &Frame, inlined: bool) -> FrameRef<'_> {
        let name = self.names.get(frame.name as usize);
        FrameRef {
            function: name.map(|n| n.demangled.as_deref().unwrap_or(&n.raw)),
            raw_function: name.map(|n| &*n.raw),
            file: self
                .files
                .get((frame.file & FILE_MASK) as usize)
                .map(|f| &**f),
            line: nonzero(frame.line),
            column: nonzero(frame.column),
            inlined,
            source: if frame.file & SYMBOL_TABLE != 0 {
                Source::SymbolTable
            } else {
                Source::Dwarf
            },
        }
    }
}

/// Lays out the chains the ranges point to (records with parent links) as
/// runs of frames, and points the ranges at them; returns the frames and
/// each range's chain length (255: that or more).
///
/// The chains covering the most code come first: they are the likeliest to
/// be looked up, and share cache lines. A chain that is the tail of one
/// laid out before starts inside it (deeper chains go first among equals);
/// chains that fork copy their common tail.
fn lay_out(ranges: &mut [(u32, u32)], records: &[Record]) -> Option<(Vec<Frame>, Box<[u8]>)> {
    let depth = |mut at: u32| {
        let mut depth = 0;
        while let Some(record) = records.get(at as usize).filter(|_| depth < MAX_FRAMES) {
            depth += 1;
            at = record.parent;
        }
        depth
    };
    // How many bytes of code each chain covers.
    let mut coverage = vec![0u64; records.len()];
    for (k, r) in ranges.iter().enumerate() {
        let len = ranges.get(k + 1).map_or(1, |next| next.0 - r.0);
        if let Some(c) = coverage.get_mut(r.1 as usize) {
            *c += u64::from(len);
        }
    }
    let mut chains: Vec<(u64, usize, u32)> = ranges
        .iter()
        .filter(|r| r.1 != NO_RECORD)
        .map(|r| (coverage[r.1 as usize], depth(r.1), r.1))
        .collect();
    chains.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    chains.dedup();
    // Where each record's chain starts, and its length.
    let mut laid_out: Vec<(u32, u8)> = vec![(NO_RECORD, 0); records.len()];
    let mut frames: Vec<Frame> = Vec::new();
    let mut run: Vec<u32> = Vec::new();
    for &(_, _, innermost) in &chains {
        if laid_out
            .get(innermost as usize)
            .is_none_or(|l| l.0 != NO_RECORD)
        {
            continue;
        }
        run.clear();
        let mut at = innermost;
        while let Some(record) = records.get(at as usize).filter(|_| run.len() < MAX_FRAMES) {
            run.push(at);
            at = record.parent;
        }
        let first = frames.len();
        for (k, &at) in run.iter().enumerate() {
            let record = &records[at as usize];
            let mut file = record.file.min(FILE_MASK);
            if record.symbol_table {
                file |= SYMBOL_TABLE;
            }
            if k + 1 == run.len() {
                file |= LAST;
            }
            if laid_out[at as usize].0 == NO_RECORD {
                let len = (run.len() - k).min(255) as u8;
                laid_out[at as usize] = (u32::try_from(first + k).ok()?, len);
            }
            frames.push(Frame {
                name: record.name,
                file,
                line: record.line,
                column: record.column,
            });
        }
    }
    u32::try_from(frames.len()).ok()?;
    let mut lengths = Vec::with_capacity(ranges.len());
    for range in ranges.iter_mut() {
        let (first, len) = laid_out
            .get(range.1 as usize)
            .copied()
            .unwrap_or((NO_RECORD, 0));
        range.1 = first;
        lengths.push(len);
    }
    Some((frames, lengths.into_boxed_slice()))
}

/// The names in the order of how many frames use them, most first (so the
/// common ones share cache lines), with the frames renumbered to match.
fn by_use<'s>(names: &[&'s str], frames: &mut [Frame]) -> Vec<&'s str> {
    let mut uses = vec![0u32; names.len()];
    for frame in frames.iter() {
        if let Some(n) = uses.get_mut(frame.name as usize) {
            *n = n.saturating_add(1);
        }
    }
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&n| std::cmp::Reverse(uses[n]));
    let mut renamed = vec![NO_RECORD; names.len()];
    for (new, &old) in order.iter().enumerate() {
        renamed[old] = new as u32;
    }
    for frame in frames.iter_mut() {
        frame.name = renamed
            .get(frame.name as usize)
            .copied()
            .unwrap_or(NO_RECORD);
    }
    order.iter().map(|&n| names[n]).collect()
}

/// The merge of the units' tables into the flat table's, keeping only what
/// the final answers use.
struct Assembler<'u, 'a> {
    units: &'u [Option<UnitFlat<'a>>],
    /// Unit record → flat record; filled the first time a unit is used.
    record_maps: Vec<Vec<u32>>,
    name_maps: Vec<Vec<u32>>,
    file_maps: Vec<Vec<u32>>,
    /// Raw names.
    names: Vec<&'u str>,
    name_ids: HashMap<&'u str, u32>,
    files: Vec<&'u str>,
    file_ids: HashMap<&'u str, u32>,
    records: Vec<Record>,
    /// Frames of code without a DWARF function (symbol-table names).
    fallbacks: HashMap<Record, u32>,
    /// Scratch for `unit_record`.
    chain: Vec<u32>,
}

impl<'u, 'a> Assembler<'u, 'a> {
    fn new(units: &'u [Option<UnitFlat<'a>>]) -> Assembler<'u, 'a> {
        Assembler {
            units,
            record_maps: units.iter().map(|_| Vec::new()).collect(),
            name_maps: units.iter().map(|_| Vec::new()).collect(),
            file_maps: units.iter().map(|_| Vec::new()).collect(),
            names: Vec::new(),
            name_ids: HashMap::new(),
            files: Vec::new(),
            file_ids: HashMap::new(),
            records: Vec::new(),
            fallbacks: HashMap::new(),
            chain: Vec::new(),
        }
    }

    /// The flat record of the answer at `address`; `None` past 32-bit ids.
    fn resolve(
        &mut self,
        address: u64,
        units_at: impl Iterator<Item = usize>,
        symbols: &'u SymbolTable,
    ) -> Option<u32> {
        let mut position = None;
        for u in units_at {
            let Some(unit) = self.units.get(u).and_then(Option::as_ref) else {
                continue;
            };
            match unit.answer_at(address) {
                Answer::Frames(record) => return self.unit_record(u, record),
                Answer::Position(p) if position.is_none() => {
                    position = unit.positions.get(p as usize).map(|&p| (u, p));
                }
                _ => {}
            }
        }
        let symbol = symbols.lookup_raw(address);
        let record = match (position, symbol) {
            (Some((u, (file, line, column))), _) => Record {
                name: symbol.map_or(Some(NO_RECORD), |(raw, _)| self.name(raw))?,
                file: self.unit_file(u, file)?,
                line,
                column,
                parent: NO_RECORD,
                symbol_table: false,
            },
            (None, Some((raw, file))) => Record {
                name: self.name(raw)?,
                file: file.map_or(Some(NO_RECORD), |f| self.file(f))?,
                line: 0,
                column: 0,
                parent: NO_RECORD,
                symbol_table: true,
            },
            (None, None) => return Some(NO_RECORD),
        };
        if let Some(&id) = self.fallbacks.get(&record) {
            return Some(id);
        }
        let id = self.push(record)?;
        self.fallbacks.insert(record, id);
        Some(id)
    }

    fn push(&mut self, record: Record) -> Option<u32> {
        let id = u32::try_from(self.records.len())
            .ok()
            .filter(|&id| id != NO_RECORD)?;
        self.records.push(record);
        Some(id)
    }

    fn name(&mut self, raw: &'u str) -> Option<u32> {
        if let Some(&id) = self.name_ids.get(raw) {
            return Some(id);
        }
        let id = u32::try_from(self.names.len())
            .ok()
            .filter(|&id| id != NO_RECORD)?;
        self.names.push(raw);
        self.name_ids.insert(raw, id);
        Some(id)
    }

    fn file(&mut self, path: &'u str) -> Option<u32> {
        if let Some(&id) = self.file_ids.get(path) {
            return Some(id);
        }
        let id = u32::try_from(self.files.len())
            .ok()
            .filter(|&id| id != NO_RECORD)?;
        self.files.push(path);
        self.file_ids.insert(path, id);
        Some(id)
    }

    fn unit_name(&mut self, u: usize, local: u32) -> Option<u32> {
        let units = self.units;
        let Some(unit) = units.get(u).and_then(Option::as_ref) else {
            return Some(NO_RECORD);
        };
        let Some(raw) = unit.names.get(local as usize) else {
            return Some(NO_RECORD);
        };
        if self.name_maps[u].is_empty() {
            self.name_maps[u] = vec![NO_RECORD; unit.names.len()];
        }
        match self.name_maps[u][local as usize] {
            NO_RECORD => {
                let id = self.name(raw)?;
                self.name_maps[u][local as usize] = id;
                Some(id)
            }
            id => Some(id),
        }
    }

    fn unit_file(&mut self, u: usize, local: u32) -> Option<u32> {
        let units = self.units;
        let Some(unit) = units.get(u).and_then(Option::as_ref) else {
            return Some(NO_RECORD);
        };
        let Some(path) = unit.files.get(local as usize) else {
            return Some(NO_RECORD);
        };
        if self.file_maps[u].is_empty() {
            self.file_maps[u] = vec![NO_RECORD; unit.files.len()];
        }
        match self.file_maps[u][local as usize] {
            NO_RECORD => {
                let id = self.file(path)?;
                self.file_maps[u][local as usize] = id;
                Some(id)
            }
            id => Some(id),
        }
    }

    /// The flat record of unit `u`'s record `local`, copying it and the
    /// frames it is inlined into the first time, innermost first.
    fn unit_record(&mut self, u: usize, local: u32) -> Option<u32> {
        let units = self.units;
        let Some(unit) = units.get(u).and_then(Option::as_ref) else {
            return Some(NO_RECORD);
        };
        if self.record_maps[u].is_empty() {
            self.record_maps[u] = vec![NO_RECORD; unit.records.len()];
        }
        // The frames not copied yet. A unit's parents come before their
        // children (`UnitBuilder` adds the outermost first), so the walk
        // ends; a link that does not go down is treated as the end.
        let mut chain = std::mem::take(&mut self.chain);
        chain.clear();
        let mut at = local;
        let mut tail = NO_RECORD;
        while let Some(record) = unit.records.get(at as usize) {
            match self.record_maps[u][at as usize] {
                NO_RECORD => chain.push(at),
                copied => {
                    tail = copied;
                    break;
                }
            }
            if record.parent >= at {
                break;
            }
            at = record.parent;
        }
        let base = self.records.len();
        for (k, &at) in chain.iter().enumerate() {
            self.record_maps[u][at as usize] = u32::try_from(base + k).ok()?;
        }
        for (k, &at) in chain.iter().enumerate() {
            let record = unit.records[at as usize];
            let parent = match chain.get(k + 1) {
                Some(_) => (base + k + 1) as u32,
                None => tail,
            };
            let copy = Record {
                name: match record.name {
                    NO_RECORD => NO_RECORD,
                    name => self.unit_name(u, name)?,
                },
                file: match record.file {
                    NO_RECORD => NO_RECORD,
                    file => self.unit_file(u, file)?,
                },
                parent,
                ..record
            };
            self.push(copy)?;
        }
        self.chain = chain;
        Some(
            self.record_maps[u]
                .get(local as usize)
                .copied()
                .unwrap_or(NO_RECORD),
        )
    }
}

/// The frames: eight bytes each where their fields fit (they nearly always
/// do), else as they are: the table is a third smaller, and a chain is
/// nearly always in one cache line.
#[derive(Debug)]
enum FrameStore {
    Packed {
        /// One a frame. Bit 0: `LAST`; bit 1: `SYMBOL_TABLE`; then name,
        /// file, line and column at `shifts`, `masks` wide.
        words: Words,
        shifts: [u32; 4],
        masks: [u64; 4],
    },
    Plain(Box<[Frame]>),
}

impl Default for FrameStore {
    fn default() -> FrameStore {
        FrameStore::Plain(Box::default())
    }
}

impl FrameStore {
    /// `names` and `files`: the sizes of the tables frames index (a frame
    /// without a name or file gets the index past them).
    fn new(frames: Vec<Frame>, names: usize, files: usize) -> FrameStore {
        let bits = |max: u64| 64 - max.leading_zeros();
        let fields = |f: &Frame| {
            [
                u64::from(f.name).min(names as u64),
                u64::from(f.file & FILE_MASK).min(files as u64),
                u64::from(f.line),
                u64::from(f.column),
            ]
        };
        let mut widths = [bits(names as u64), bits(files as u64), 0, 0];
        for f in &frames {
            let [_, _, line, column] = fields(f);
            widths[2] = widths[2].max(bits(line));
            widths[3] = widths[3].max(bits(column));
        }
        if widths.iter().sum::<u32>() + 2 > 64 {
            return FrameStore::Plain(frames.into_boxed_slice());
        }
        let mut shifts = [0; 4];
        let mut masks = [0; 4];
        let mut at = 2;
        for k in 0..4 {
            shifts[k] = at;
            masks[k] = (1 << widths[k]) - 1;
            at += widths[k];
        }
        let words = Words::new(
            frames.iter().map(|f| {
                let flags =
                    u64::from(f.file & LAST != 0) | u64::from(f.file & SYMBOL_TABLE != 0) << 1;
                fields(f)
                    .into_iter()
                    .zip(shifts)
                    .fold(flags, |word, (value, shift)| word | value << shift)
            }),
            frames.len(),
        );
        FrameStore::Packed {
            words,
            shifts,
            masks,
        }
    }

    fn len(&self) -> usize {
        match self {
            FrameStore::Packed { words, .. } => words.len,
            FrameStore::Plain(frames) => frames.len(),
        }
    }

    fn bytes(&self) -> usize {
        match self {
            FrameStore::Packed { words, .. } => words.bytes(),
            FrameStore::Plain(frames) => std::mem::size_of_val(&**frames),
        }
    }

    fn get(&self, i: usize) -> Option<Frame> {
        match self {
            FrameStore::Packed {
                words,
                shifts,
                masks,
            } => {
                let word = words.get(i)?;
                let field = |k: usize| ((word >> shifts[k]) & masks[k]) as u32;
                let mut file = field(1);
                if word & 1 != 0 {
                    file |= LAST;
                }
                if word & 2 != 0 {
                    file |= SYMBOL_TABLE;
                }
                Some(Frame {
                    name: field(0),
                    file,
                    line: field(2),
                    column: field(3),
                })
            }
            FrameStore::Plain(frames) => frames.get(i).copied(),
        }
    }
}

/// 64-bit words in an anonymous mapping the kernel is asked to back with
/// huge pages (on Linux; else on the heap). Lookups read frames at random places in
/// megabytes of them: with 4 KiB pages nearly every read also misses the
/// TLB, and the page walk (two-dimensional under a hypervisor) adds to the
/// cache miss.
#[derive(Debug)]
struct Words {
    storage: Storage,
    /// Byte offset of word 0 (a huge-page boundary in a mapping).
    start: usize,
    len: usize,
}

#[derive(Debug)]
enum Storage {
    Mapped(memmap2::MmapMut),
    Heap(Box<[u8]>),
}

const HUGE_PAGE: usize = 2 << 20;

impl Words {
    fn new(words: impl Iterator<Item = u64>, len: usize) -> Words {
        let size = len * 8;
        let fill = |bytes: &mut [u8]| {
            for (chunk, word) in bytes.chunks_exact_mut(8).zip(words) {
                chunk.copy_from_slice(&word.to_ne_bytes());
            }
        };
        // Transparent huge pages are Linux's.
        let mapped = (cfg!(target_os = "linux") && size >= HUGE_PAGE)
            .then(|| memmap2::MmapMut::map_anon(size + HUGE_PAGE).ok())
            .flatten();
        match mapped {
            Some(mut map) => {
                #[cfg(target_os = "linux")]
                let _ = map.advise(memmap2::Advice::HugePage);
                let start = (HUGE_PAGE - map.as_ptr() as usize % HUGE_PAGE) % HUGE_PAGE;
                fill(&mut map[start..start + size]);
                Words {
                    storage: Storage::Mapped(map),
                    start,
                    len,
                }
            }
            None => {
                let mut bytes = vec![0; size].into_boxed_slice();
                fill(&mut bytes);
                Words {
                    storage: Storage::Heap(bytes),
                    start: 0,
                    len,
                }
            }
        }
    }

    fn bytes(&self) -> usize {
        self.len * 8
    }

    fn get(&self, i: usize) -> Option<u64> {
        let bytes = match &self.storage {
            Storage::Mapped(m) => &m[..],
            Storage::Heap(b) => &b[..],
        };
        if i >= self.len {
            return None;
        }
        let at = self.start + i * 8;
        Some(u64::from_ne_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(name: u32, file: u32, line: u32, column: u32) -> Frame {
        Frame {
            name,
            file,
            line,
            column,
        }
    }

    #[test]
    fn frames_pack_when_their_fields_fit() {
        let frames = vec![
            frame(0, 0, 10, 0),
            frame(2, FILE_MASK | LAST, 70_000, 300),
            frame(1, 1 | SYMBOL_TABLE | LAST, 0, 1),
        ];
        let store = FrameStore::new(frames.clone(), 3, 2);
        assert!(matches!(store, FrameStore::Packed { .. }));
        assert_eq!(store.len(), 3);
        assert_eq!(store.bytes(), 24);
        for (k, want) in frames.iter().enumerate() {
            let got = store.get(k).expect("a frame");
            assert_eq!(got.name, want.name);
            // No file: the index past the files.
            let file = match want.file & FILE_MASK {
                FILE_MASK => 2,
                id => id,
            };
            assert_eq!(got.file, file | (want.file & (LAST | SYMBOL_TABLE)));
            assert_eq!((got.line, got.column), (want.line, want.column));
        }
        assert!(store.get(3).is_none());
    }

    #[test]
    fn words_round_trip_mapped_and_on_the_heap() {
        for len in [0, 5, HUGE_PAGE / 8 * 3 + 5] {
            let value = |i: usize| (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            let words = Words::new((0..len).map(value), len);
            assert_eq!(words.bytes(), len * 8);
            assert_eq!(
                matches!(words.storage, Storage::Mapped(_)),
                cfg!(target_os = "linux") && len * 8 >= HUGE_PAGE
            );
            for i in (0..len).step_by(997).chain(len.checked_sub(1)) {
                assert_eq!(words.get(i), Some(value(i)));
            }
            assert_eq!(words.get(len), None);
            assert_eq!(words.get(usize::MAX), None);
        }
    }

    #[test]
    fn frames_too_wide_to_pack_stay_plain() {
        let frames = vec![frame(0, LAST, u32::MAX, u32::MAX)];
        let store = FrameStore::new(frames, 1, 1);
        assert!(matches!(store, FrameStore::Plain(_)));
        let got = store.get(0).expect("a frame");
        assert_eq!((got.line, got.column, got.file), (u32::MAX, u32::MAX, LAST));
    }

    /// A table of `ranges` (start offset, chain) over one-frame chains.
    fn table(lowest: u64, ranges: Vec<(u32, u32)>, span: u64) -> FlatTable {
        let chains = ranges.len() as u32;
        FlatTable::new(
            lowest,
            span,
            &ranges,
            ranges.iter().map(|r| u8::from(r.1 != NO_RECORD)).collect(),
            FrameStore::new(
                (0..chains).map(|k| frame(0, LAST, k + 1, 0)).collect(),
                1,
                0,
            ),
            vec![Name {
                raw: "f".into(),
                demangled: None,
            }],
            Vec::new(),
        )
    }

    fn line_at(table: &FlatTable, address: u64) -> Option<u32> {
        let mut line = None;
        let count = table.visit(address, |f| line = f.line);
        assert!(count <= 1);
        line
    }

    #[test]
    fn lookups_find_the_range_through_the_directory() {
        // Ranges of very different sizes; every offset agrees with a plain
        // binary search over all of them.
        let starts = [
            0u32, 1, 2, 3, 50, 51, 400, 4000, 4001, 4002, 4003, 4004, 9000,
        ];
        let ranges: Vec<(u32, u32)> = starts
            .iter()
            .enumerate()
            .map(|(k, &s)| (s, if k == 5 { NO_RECORD } else { k as u32 }))
            .collect();
        let table = table(0x1000, ranges.clone(), 9000);
        for offset in 0..10_000u64 {
            let i = ranges.partition_point(|r| u64::from(r.0) <= offset) - 1;
            let want = (ranges[i].1 != NO_RECORD).then(|| ranges[i].1 + 1);
            assert_eq!(line_at(&table, 0x1000 + offset), want, "{offset}");
        }
        assert_eq!(line_at(&table, 0xfff), None);
        assert_eq!(line_at(&table, 0), None);
        // The last range reaches to the end of the address space.
        assert_eq!(line_at(&table, u64::MAX), Some(13));
        assert_eq!(line_at(&table, 0x1000 + (1 << 33)), Some(13));
    }

    #[test]
    fn lookups_in_a_sparse_table() {
        // Pages are at most 64 KiB: 4 GiB of span with four ranges.
        let ranges = vec![(0, 0), (10, 1), (0x8000_0000, 2), (0xffff_fff0, 3)];
        let table = table(0x40_0000, ranges.clone(), 0xffff_ffff);
        assert_eq!(table.shift, 16);
        let mut probe = 0x1234_5678_9abc_def0u64;
        for _ in 0..10_000 {
            probe = probe.rotate_left(13).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            let offset = probe >> 32;
            let i = ranges.partition_point(|r| u64::from(r.0) <= offset) - 1;
            assert_eq!(line_at(&table, 0x40_0000 + offset), Some(i as u32 + 1));
        }
        for offset in [0, 9, 10, 0x7fff_ffff, 0x8000_0000, 0xffff_ffef, 0xffff_fff0] {
            let i = ranges.partition_point(|r| u64::from(r.0) <= offset) - 1;
            assert_eq!(line_at(&table, 0x40_0000 + offset), Some(i as u32 + 1));
        }
        assert_eq!(line_at(&table, u64::MAX), Some(4));
    }

    #[test]
    fn an_empty_table_answers_nothing() {
        let table = FlatTable::default();
        for address in [0, 1, 0x1000, u64::MAX] {
            assert_eq!(table.visit(address, |_| {}), 0);
        }
        let stats = table.stats();
        assert_eq!((stats.ranges, stats.frames, stats.bytes), (0, 0, 0));
        let built = FlatTable::build(&[], &[], |_| std::iter::empty(), &SymbolTable::default())
            .expect("an empty table");
        assert_eq!(built.visit(0x1000, |_| {}), 0);
    }

    #[test]
    fn a_module_spanning_more_than_4_gib_is_left_to_the_lazy_path() {
        let mut unit = UnitBuilder::default();
        let position = unit.position(NO_RECORD, 3, 0);
        unit.answer(0x1000, position);
        unit.answer(0x2000, Answer::Nothing);
        unit.answer(0x1_0000_2000, position);
        let units = [Some(unit.finish())];
        let ranges = [(0x1000, 0x1_0000_3000, 0)];
        let symbols = SymbolTable::default();
        let build = |ranges: &[(u64, u64, u32)]| {
            FlatTable::build(&units, ranges, |_| std::iter::once(0), &symbols)
        };
        assert!(build(&ranges).is_none());
        // Within 4 GiB it builds (what the unit says beyond its ranges does
        // not count), and answers with the unit's position.
        let near = build(&[(0x1000, 0x3000, 0)]).expect("a table");
        assert_eq!(line_at(&near, 0x1800), Some(3));
        assert_eq!(line_at(&near, 0x2800), None);
    }
}
