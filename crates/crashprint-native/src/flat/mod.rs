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

pub(crate) mod unit;

mod assemble;
mod storage;

use crate::frame::{nonzero, FrameRef, Source};
use crate::symbols::SymbolTable;
use assemble::Assembler;
use rayon::prelude::*;
use storage::{Frame, FrameStore, FILE_MASK, LAST, SYMBOL_TABLE};
use unit::{Record, UnitFlat, NO_RECORD};

/// More frames than any chain holds (the lazy path cuts chains at 128
/// inlines): a bound on the walk, whatever the table says.
const MAX_FRAMES: usize = 256;

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

#[cfg(test)]
mod tests {
    use super::unit::{Answer, UnitBuilder};
    use super::*;
    fn frame(name: u32, file: u32, line: u32, column: u32) -> Frame {
        Frame {
            name,
            file,
            line,
            column,
        }
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
