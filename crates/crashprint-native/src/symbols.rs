//! A file's function symbols ([`SymbolTable`]), the answer for code
//! without DWARF: a sorted vector and one string arena, binary searches,
//! nothing to lock.

use crate::frame::NO_FILE;
use std::collections::HashMap;

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

    /// The index of the symbol covering `address`.
    fn symbol_at(&self, address: u64) -> Option<usize> {
        let i = self.symbols.partition_point(|s| s.start <= address);
        let at = i.checked_sub(1)?;
        (address < self.symbols.get(at)?.end).then_some(at)
    }

    /// (raw name, file) of the symbol covering `address`, without
    /// demangling.
    pub fn lookup_raw(&self, address: u64) -> Option<(&str, Option<&str>)> {
        let s = self.symbols.get(self.symbol_at(address)?)?;
        Some((self.strings.get(s.name), self.strings.file(s.file)))
    }

    /// The start of the symbol covering `address`.
    pub fn start_of(&self, address: u64) -> Option<u64> {
        Some(self.symbols.get(self.symbol_at(address)?)?.start)
    }

    /// Pushes every address where [`SymbolTable::lookup`] may change.
    pub fn boundaries(&self, out: &mut Vec<u64>) {
        for s in &self.symbols {
            out.extend([s.start, s.end]);
        }
    }

    /// (raw name, demangled name, file) of the symbol covering `address`.
    pub fn lookup(&self, address: u64) -> Option<(&str, &str, Option<&str>)> {
        let at = self.symbol_at(address)?;
        let s = self.symbols.get(at)?;
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
