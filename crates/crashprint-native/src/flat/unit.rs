//! What one compilation unit contributes to the flat table: its answers
//! over the whole address space ([`UnitFlat`]), as [`UnitBuilder`] collects
//! them from the unit's tables, in frames linked to the frame they are
//! inlined into ([`Record`]).

use crate::frame::RawPosition;
use std::borrow::Cow;
use std::collections::HashMap;

/// "None" for a record, name or file reference.
pub(crate) const NO_RECORD: u32 = u32::MAX;

/// One frame, linked to the frame it is inlined into. In a unit's table
/// `name` and `file` are unit-local; once merged they index the table's
/// names and files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Record {
    pub(super) name: u32,
    pub(super) file: u32,
    /// 0: none.
    pub(super) line: u32,
    /// 0: none.
    pub(super) column: u32,
    /// The frame this one is inlined into; `NO_RECORD` for the outermost.
    pub(super) parent: u32,
    /// Named by the symbol table alone
    /// ([`Source::SymbolTable`](crate::frame::Source::SymbolTable)).
    pub(super) symbol_table: bool,
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
    pub(super) names: Vec<Cow<'a, str>>,
    pub(super) files: Vec<Box<str>>,
    pub(super) records: Vec<Record>,
    /// (file, line, column).
    pub(super) positions: Vec<(u32, u32, u32)>,
    /// (from, answer), ascending by address; `Nothing` before the first.
    pub(super) segments: Vec<(u64, Answer)>,
}

impl UnitFlat<'_> {
    pub(super) fn answer_at(&self, address: u64) -> Answer {
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
