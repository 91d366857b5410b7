//! Breakpad's `PUBLIC` view of a module's symbol table, for stack walkers
//! that must agree with Breakpad-based processors (`minidump-stackwalk`,
//! Socorro, Sentry): what `dump_syms` writes for code without DWARF, and
//! how the processor reads it.
//!
//! * one name per address, the first in table order (`.symtab`, then
//!   `.dynsym`): `gsignal` rather than its alias `raise`;
//! * an executable section without a symbol at its start gets a pseudo
//!   symbol `<.plt ELF section in libc.so.6>`, as `dump_syms` writes;
//! * a lookup answers the nearest symbol at or before the address, with no
//!   bound on size: an internal function that the table does not list is
//!   named after the exported one before it. That is Breakpad's answer,
//!   not the true function; [`crate::ModuleIndex::lookup`] keeps
//!   llvm-symbolizer's bounded answer.

use object::{Object as _, ObjectSection as _, ObjectSymbol as _};

/// The `PUBLIC` records of one module, sorted by address.
#[derive(Debug, Default)]
pub(crate) struct PublicTable {
    entries: Vec<(u64, Box<str>)>,
}

impl PublicTable {
    pub(crate) fn build(data: &[u8], file_name: &str) -> PublicTable {
        let Ok(object) = object::File::parse(data) else {
            return PublicTable::default();
        };
        let is_elf = object.format() == object::BinaryFormat::Elf;
        let mut entries: Vec<(u64, String)> = Vec::new();
        for s in object.symbols().chain(object.dynamic_symbols()) {
            if s.address() == 0 {
                continue;
            }
            let code = match s.kind() {
                object::SymbolKind::Text => true,
                object::SymbolKind::Unknown | object::SymbolKind::Label => s
                    .section_index()
                    .and_then(|i| object.section_by_index(i).ok())
                    .is_some_and(|sec| sec.kind() == object::SectionKind::Text),
                _ => false,
            };
            let Ok(name) = s.name() else { continue };
            if !code || name.is_empty() {
                continue;
            }
            let name = match object.format() {
                object::BinaryFormat::MachO => name.strip_prefix('_').unwrap_or(name),
                _ => name,
            };
            entries.push((s.address(), name.to_string()));
        }
        if is_elf {
            for section in object.sections() {
                if section.kind() != object::SectionKind::Text || section.size() == 0 {
                    continue;
                }
                if let Ok(name) = section.name() {
                    entries.push((
                        section.address(),
                        format!("<{name} ELF section in {file_name}>"),
                    ));
                }
            }
        }
        // A stable sort keeps table order among equal addresses (section
        // pseudo symbols last): the first one is Breakpad's.
        entries.sort_by_key(|e| e.0);
        entries.dedup_by_key(|e| e.0);
        PublicTable {
            entries: entries
                .into_iter()
                .map(|(a, n)| (a, n.into_boxed_str()))
                .collect(),
        }
    }

    /// The nearest record at or before `address`: (its address, its name
    /// demangled as dump_syms does). Names are demangled here, not when
    /// the table is built: a walk names a handful of addresses per module.
    pub(crate) fn lookup(&self, address: u64) -> Option<(u64, String)> {
        let i = self.entries.partition_point(|e| e.0 <= address);
        let (a, n) = self.entries.get(i.checked_sub(1)?)?;
        Some((*a, crate::demangle::demangle_breakpad(n)))
    }
}
