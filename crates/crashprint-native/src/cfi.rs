//! Call frame information: how to find a caller's registers at an address,
//! from the object file's own `.eh_frame` and `.debug_frame`.
//!
//! The sections are read in place. The first question builds a table of
//! every frame description entry's address range (once per module, bounded
//! by [`MAX_FDES`]); each question then parses one entry and runs its
//! instructions up to the address with gimli's unwinder. The answer is a
//! plain [`CfiRow`]: rules in DWARF register numbers, for a stack walker to
//! evaluate against a crashed thread's registers and stack memory.

use gimli::{
    BaseAddresses, CfaRule, DebugFrame, EhFrame, EndianSlice, RegisterRule, RunTimeEndian,
    UnwindContext, UnwindSection,
};
use object::{Object as _, ObjectSection as _};

/// At most this many frame description entries are catalogued per module:
/// a hostile file cannot make the table unbounded (a real 200 MB binary has
/// a few hundred thousand).
pub const MAX_FDES: usize = 4_000_000;

/// How a caller's canonical frame address (its stack pointer at the call)
/// is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CfiCfa {
    /// A callee register (DWARF number) plus an offset.
    RegisterOffset {
        /// The DWARF register number.
        register: u16,
        /// The offset added to it.
        offset: i64,
    },
    /// A DWARF expression, which crashprint does not evaluate.
    Unsupported,
}

/// How one caller register is recovered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CfiRule {
    /// The register's value is lost.
    Undefined,
    /// The callee did not change it.
    SameValue,
    /// Saved in memory at CFA + offset.
    Offset(i64),
    /// Its value is CFA + offset.
    ValOffset(i64),
    /// Saved in another register (DWARF number).
    Register(u16),
    /// A DWARF expression or architecture rule, not evaluated.
    Unsupported,
}

/// The unwind rules in force at one address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CfiRow {
    /// The first address the rules hold for (file address).
    pub start: u64,
    /// The address after the last they hold for.
    pub end: u64,
    /// Where the caller's CFA is.
    pub cfa: CfiCfa,
    /// The DWARF number of the register holding the return address.
    pub return_address_register: u16,
    /// Rules for the registers the entry names, DWARF numbers.
    pub registers: Vec<(u16, CfiRule)>,
}

/// Which section an entry lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    EhFrame,
    DebugFrame,
}

/// A section's place in the file: its file range and its address.
#[derive(Debug, Clone, Copy)]
struct Place {
    offset: usize,
    size: usize,
    address: u64,
}

/// The catalogue of one module's frame description entries.
#[derive(Debug, Default)]
pub(crate) struct CfiTable {
    eh_frame: Option<Place>,
    debug_frame: Option<Place>,
    text: u64,
    got: u64,
    address_size: u8,
    little_endian: bool,
    /// (start, end, kind, offset of the entry in its section), sorted by start.
    fdes: Vec<(u64, u64, Kind, usize)>,
}

fn place(object: &object::File<'_>, names: &[&str]) -> Option<Place> {
    let section = names.iter().find_map(|n| object.section_by_name(n))?;
    // Compressed `.debug_frame` is rare; it is skipped rather than inflated.
    if !matches!(
        section.compressed_file_range().ok()?.format,
        object::CompressionFormat::None
    ) {
        return None;
    }
    let (offset, size) = section.file_range()?;
    Some(Place {
        offset: usize::try_from(offset).ok()?,
        size: usize::try_from(size).ok()?,
        address: section.address(),
    })
}

impl CfiTable {
    /// Catalogues the entries of `data`'s unwind sections.
    pub(crate) fn build(data: &[u8]) -> CfiTable {
        let Ok(object) = object::File::parse(data) else {
            return CfiTable::default();
        };
        let mut table = CfiTable {
            eh_frame: place(&object, &[".eh_frame", "__eh_frame"]),
            debug_frame: place(&object, &[".debug_frame", "__debug_frame"]),
            text: object
                .section_by_name(".text")
                .or_else(|| object.section_by_name("__text"))
                .map_or(0, |s| s.address()),
            got: object.section_by_name(".got").map_or(0, |s| s.address()),
            address_size: if object.is_64() { 8 } else { 4 },
            little_endian: object.is_little_endian(),
            fdes: Vec::new(),
        };
        let mut fdes = Vec::new();
        if let Some(section) = table.eh_frame_section(data) {
            collect(&section, &table.bases(), Kind::EhFrame, &mut fdes);
        }
        if let Some(section) = table.debug_frame_section(data) {
            collect(&section, &table.bases(), Kind::DebugFrame, &mut fdes);
        }
        // `.eh_frame` first among equal starts: it is what the program ran.
        fdes.sort_by_key(|&(start, _, kind, _)| (start, kind == Kind::DebugFrame));
        table.fdes = fdes;
        table
    }

    fn endian(&self) -> RunTimeEndian {
        if self.little_endian {
            RunTimeEndian::Little
        } else {
            RunTimeEndian::Big
        }
    }

    fn bases(&self) -> BaseAddresses {
        let mut bases = BaseAddresses::default()
            .set_text(self.text)
            .set_got(self.got);
        if let Some(p) = self.eh_frame {
            bases = bases.set_eh_frame(p.address);
        }
        bases
    }

    fn slice<'d>(&self, data: &'d [u8], place: Option<Place>) -> Option<&'d [u8]> {
        let p = place?;
        data.get(p.offset..p.offset.checked_add(p.size)?)
    }

    fn eh_frame_section<'d>(
        &self,
        data: &'d [u8],
    ) -> Option<EhFrame<EndianSlice<'d, RunTimeEndian>>> {
        let mut s = EhFrame::new(self.slice(data, self.eh_frame)?, self.endian());
        s.set_address_size(self.address_size);
        Some(s)
    }

    fn debug_frame_section<'d>(
        &self,
        data: &'d [u8],
    ) -> Option<DebugFrame<EndianSlice<'d, RunTimeEndian>>> {
        let mut s = DebugFrame::new(self.slice(data, self.debug_frame)?, self.endian());
        s.set_address_size(self.address_size);
        Some(s)
    }

    /// Whether the module has any unwind entries.
    pub(crate) fn is_empty(&self) -> bool {
        self.fdes.is_empty()
    }

    /// The rules at `address` (a file address), if an entry covers it.
    pub(crate) fn row(&self, data: &[u8], address: u64) -> Option<CfiRow> {
        // Entries may nest or overlap (a `.debug_frame` duplicate): try the
        // last few starting at or before the address, nearest first.
        let end = self.fdes.partition_point(|f| f.0 <= address);
        let bases = self.bases();
        for &(start, stop, kind, offset) in self.fdes[..end].iter().rev().take(4) {
            if address < start || address >= stop {
                continue;
            }
            let row = match kind {
                Kind::EhFrame => self
                    .eh_frame_section(data)
                    .and_then(|s| row_in(&s, &bases, offset, address)),
                Kind::DebugFrame => self
                    .debug_frame_section(data)
                    .and_then(|s| row_in(&s, &bases, offset, address)),
            };
            if row.is_some() {
                return row;
            }
        }
        None
    }
}

fn collect<'d, S>(
    section: &S,
    bases: &BaseAddresses,
    kind: Kind,
    out: &mut Vec<(u64, u64, Kind, usize)>,
) where
    S: UnwindSection<EndianSlice<'d, RunTimeEndian>>,
    S::Offset: gimli::UnwindOffset<usize>,
{
    let mut entries = section.entries(bases);
    loop {
        // A parse error ends the walk: what came before stays usable.
        let entry = match entries.next() {
            Ok(Some(entry)) => entry,
            Ok(None) => break,
            Err(e) => {
                tracing::debug!("unwind section: stopped at a bad entry: {e}");
                break;
            }
        };
        if let gimli::CieOrFde::Fde(partial) = entry {
            let Ok(fde) = partial.parse(|s, b, o| s.cie_from_offset(b, o)) else {
                continue;
            };
            let start = fde.initial_address();
            let Some(end) = start.checked_add(fde.len()) else {
                continue;
            };
            if fde.len() == 0 {
                continue;
            }
            if out.len() >= MAX_FDES {
                tracing::warn!("more than {MAX_FDES} unwind entries; the rest is ignored");
                break;
            }
            out.push((start, end, kind, fde.offset()));
        }
    }
}

fn row_in<'d, S>(section: &S, bases: &BaseAddresses, offset: usize, address: u64) -> Option<CfiRow>
where
    S: UnwindSection<EndianSlice<'d, RunTimeEndian>>,
    S::Offset: gimli::UnwindOffset<usize>,
{
    let fde = section
        .fde_from_offset(bases, S::Offset::from(offset), |s, b, o| {
            s.cie_from_offset(b, o)
        })
        .ok()?;
    // The unwinder's instruction count is bounded by the entry's length; its
    // remember-state stack by gimli's fixed capacity.
    let mut ctx = Box::new(UnwindContext::new());
    let row = fde
        .unwind_info_for_address(section, bases, &mut ctx, address)
        .ok()?;
    let cfa = match row.cfa() {
        CfaRule::RegisterAndOffset { register, offset } => CfiCfa::RegisterOffset {
            register: register.0,
            offset: *offset,
        },
        _ => CfiCfa::Unsupported,
    };
    let registers = row
        .registers()
        .map(|(reg, rule)| {
            let rule = match rule {
                RegisterRule::Undefined => CfiRule::Undefined,
                RegisterRule::SameValue => CfiRule::SameValue,
                RegisterRule::Offset(o) => CfiRule::Offset(*o),
                RegisterRule::ValOffset(o) => CfiRule::ValOffset(*o),
                RegisterRule::Register(r) => CfiRule::Register(r.0),
                _ => CfiRule::Unsupported,
            };
            (reg.0, rule)
        })
        .collect();
    Some(CfiRow {
        start: row.start_address(),
        end: row.end_address(),
        cfa,
        return_address_register: fde.cie().return_address_register().0,
        registers,
    })
}
