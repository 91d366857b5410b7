//! The merge of the units' answers and the symbol table into the flat
//! table's records, names and files ([`Assembler`]).

use super::unit::{Answer, Record, UnitFlat, NO_RECORD};
use crate::symbols::SymbolTable;
use std::collections::HashMap;

/// The merge of the units' tables into the flat table's, keeping only what
/// the final answers use.
pub(super) struct Assembler<'u, 'a> {
    units: &'u [Option<UnitFlat<'a>>],
    /// Unit record → flat record; filled the first time a unit is used.
    record_maps: Vec<Vec<u32>>,
    name_maps: Vec<Vec<u32>>,
    file_maps: Vec<Vec<u32>>,
    /// Raw names.
    pub(super) names: Vec<&'u str>,
    name_ids: HashMap<&'u str, u32>,
    pub(super) files: Vec<&'u str>,
    file_ids: HashMap<&'u str, u32>,
    pub(super) records: Vec<Record>,
    /// Frames of code without a DWARF function (symbol-table names).
    fallbacks: HashMap<Record, u32>,
    /// Scratch for `unit_record`.
    chain: Vec<u32>,
}

impl<'u, 'a> Assembler<'u, 'a> {
    pub(super) fn new(units: &'u [Option<UnitFlat<'a>>]) -> Assembler<'u, 'a> {
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
    pub(super) fn resolve(
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
