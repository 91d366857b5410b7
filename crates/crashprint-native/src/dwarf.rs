//! Reading DWARF: one compilation unit's line table, functions and inlined
//! calls, with names followed through `abstract_origin`/`specification`
//! across units.

use crate::frame::NO_FILE;
use crate::tables::{LineRow, PartFunction, PartInline, UnitPart, END};
use gimli::{AttributeValue, EndianSlice, RunTimeEndian};
use std::borrow::Cow;

pub(crate) type Slice<'a> = EndianSlice<'a, RunTimeEndian>;
pub(crate) type Dwarf<'a> = gimli::Dwarf<Slice<'a>>;
pub(crate) type Unit<'a> = gimli::Unit<Slice<'a>>;

/// Finds the (parsed) unit holding a `.debug_info` offset, for references
/// from one unit into another (`DW_FORM_ref_addr`).
pub(crate) trait UnitLookup<'a> {
    /// The unit containing `offset`.
    fn containing(&self, offset: gimli::DebugInfoOffset<usize>) -> Option<&Unit<'a>>;
}

/// Walks one unit: its line table and its functions with their inlined calls.
///
/// `unit` holds the line table; `die_unit` the DIEs (the same unit, or for
/// split DWARF the unit of the `.dwo` file, read through `die_dwarf`).
pub(crate) fn parse_unit<'a>(
    unit: &Unit<'a>,
    die_dwarf: &Dwarf<'a>,
    die_unit: &Unit<'a>,
) -> Result<UnitPart, gimli::Error> {
    let mut part = UnitPart::default();
    if let Some(program) = unit.line_program.clone() {
        // Paths are rendered when a frame needs one (see `file_path`).
        part.file_count = program.header().file_names().len() + 1;
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

    // Functions, by a depth-first walk. Their inlined calls are read when
    // an address falls inside them (`parse_inlines`): most functions of a
    // unit are never looked up, and inline records are the bulk of a unit.
    let mut entries = die_unit.entries();
    while let Some((_, entry)) = entries.next_dfs()? {
        if entry.tag() == gimli::DW_TAG_subprogram {
            let ranges = code_attributes(die_dwarf, die_unit, entry)?.ranges;
            if !ranges.is_empty() {
                part.functions.push(PartFunction {
                    die: entry.offset().0,
                    ranges,
                });
            }
        }
    }
    Ok(part)
}

/// The inlined calls inside the subprogram at unit offset `die`, with their
/// nesting depth (1 = called directly from the function). Nested
/// subprograms are skipped: their inlines are theirs.
pub(crate) fn parse_inlines<'a>(
    dwarf: &Dwarf<'a>,
    unit: &Unit<'a>,
    die: usize,
) -> Result<Vec<PartInline>, gimli::Error> {
    let mut out = Vec::new();
    let mut cursor = unit.entries_at_offset(gimli::UnitOffset(die))?;
    if cursor.next_dfs()?.is_none() {
        return Ok(out);
    }
    // (tree depth, inline depth; `u32::MAX` inside a nested subprogram).
    let mut stack: Vec<(isize, u32)> = Vec::new();
    let mut depth: isize = 0;
    while let Some((delta, entry)) = cursor.next_dfs()? {
        depth += delta;
        if depth <= 0 {
            break;
        }
        while stack.last().is_some_and(|(d, _)| *d >= depth) {
            stack.pop();
        }
        let parent = stack.last().map_or(0, |(_, inline)| *inline);
        if parent == u32::MAX {
            stack.push((depth, u32::MAX));
            continue;
        }
        match entry.tag() {
            gimli::DW_TAG_subprogram => stack.push((depth, u32::MAX)),
            gimli::DW_TAG_inlined_subroutine => {
                let attrs = code_attributes(dwarf, unit, entry)?;
                out.push(PartInline {
                    ranges: attrs.ranges,
                    depth: parent + 1,
                    die: entry.offset().0,
                    call_file: attrs.call_file,
                    call_line: attrs.call_line,
                    call_column: attrs.call_column,
                });
                stack.push((depth, parent + 1));
            }
            _ => stack.push((depth, parent)),
        }
    }
    Ok(out)
}

/// What a subprogram or inlined-subroutine DIE says about its code.
struct CodeAttributes {
    ranges: Vec<(u64, u64)>,
    call_file: u32,
    call_line: u32,
    call_column: u32,
}

/// Reads the code attributes of a DIE in one pass over its attributes
/// (looking each up by name would re-scan them every time).
fn code_attributes<'a>(
    dwarf: &Dwarf<'a>,
    unit: &Unit<'a>,
    entry: &gimli::DebuggingInformationEntry<'_, '_, Slice<'a>>,
) -> Result<CodeAttributes, gimli::Error> {
    let mut low = None;
    let mut high = None;
    let mut ranges_offset = None;
    let mut out = CodeAttributes {
        ranges: Vec::new(),
        call_file: NO_FILE,
        call_line: 0,
        call_column: 0,
    };
    let small = |v: &AttributeValue<Slice<'a>>| v.udata_value().and_then(|n| u32::try_from(n).ok());
    let mut attrs = entry.attrs();
    while let Some(attr) = attrs.next()? {
        match attr.name() {
            gimli::DW_AT_low_pc => low = dwarf.attr_address(unit, attr.value())?,
            gimli::DW_AT_high_pc => high = Some(attr.value()),
            gimli::DW_AT_ranges => ranges_offset = dwarf.attr_ranges_offset(unit, attr.value())?,
            gimli::DW_AT_call_file => {
                out.call_file = match attr.value() {
                    AttributeValue::FileIndex(i) => u32::try_from(i).unwrap_or(NO_FILE),
                    v => small(&v).unwrap_or(NO_FILE),
                }
            }
            gimli::DW_AT_call_line => out.call_line = small(&attr.value()).unwrap_or(0),
            gimli::DW_AT_call_column => out.call_column = small(&attr.value()).unwrap_or(0),
            _ => {}
        }
    }
    // Address 0 marks code the linker discarded.
    let mut push = |begin: u64, end: u64| {
        if begin < end && begin != 0 {
            out.ranges.push((begin, end));
        }
    };
    if let Some(offset) = ranges_offset {
        let mut ranges = dwarf.ranges(unit, offset)?;
        while let Some(r) = ranges.next()? {
            push(r.begin, r.end);
        }
    } else if let (Some(low), Some(high)) = (low, high) {
        let end = match high {
            AttributeValue::Addr(a) => Some(a),
            AttributeValue::DebugAddrIndex(i) => Some(dwarf.address(unit, i)?),
            v => v.udata_value().map(|size| low.wrapping_add(size)),
        };
        if let Some(end) = end {
            push(low, end);
        }
    }
    Ok(out)
}

/// The linkage (mangled) name, else the plain name, following
/// `abstract_origin` and `specification` (bounded), across units too. A
/// linkage name anywhere on the chain wins over a plain name nearer: a C++
/// member defined out of its class has its plain name on the definition
/// and its linkage name on the declaration it specifies (llvm-symbolizer
/// reads them the same way).
pub(crate) fn die_name<'a>(
    dwarf: &Dwarf<'a>,
    unit: &Unit<'a>,
    units: &dyn UnitLookup<'a>,
    entry: &gimli::DebuggingInformationEntry<'_, '_, Slice<'a>>,
    hops: u32,
) -> Option<Cow<'a, str>> {
    const LINKAGE: &[gimli::DwAt] = &[gimli::DW_AT_linkage_name, gimli::DW_AT_MIPS_linkage_name];
    const PLAIN: &[gimli::DwAt] = &[gimli::DW_AT_name];
    name_by(dwarf, unit, units, entry, hops, LINKAGE)
        .or_else(|| name_by(dwarf, unit, units, entry, hops, PLAIN))
}

/// The first of `attrs` on `entry` or on the DIEs it refers to.
fn name_by<'a>(
    dwarf: &Dwarf<'a>,
    unit: &Unit<'a>,
    units: &dyn UnitLookup<'a>,
    entry: &gimli::DebuggingInformationEntry<'_, '_, Slice<'a>>,
    hops: u32,
    attrs: &[gimli::DwAt],
) -> Option<Cow<'a, str>> {
    for &attr in attrs {
        if let Ok(Some(v)) = entry.attr_value(attr) {
            if let Ok(s) = dwarf.attr_string(unit, v) {
                return Some(s.to_string_lossy());
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
                return name_by(dwarf, unit, units, &target, hops + 1, attrs);
            }
            Ok(Some(AttributeValue::DebugInfoRefSup(offset))) => {
                // A DIE shared into the supplementary (dwz) file.
                let sup = dwarf.sup()?;
                let mut headers = sup.units();
                while let Ok(Some(header)) = headers.next() {
                    let Some(start) = header.offset().as_debug_info_offset() else {
                        continue;
                    };
                    if offset.0 >= start.0 && offset.0 < start.0 + header.length_including_self() {
                        let unit = sup.unit(header).ok()?;
                        let local =
                            gimli::DebugInfoOffset(offset.0).to_unit_offset(&unit.header)?;
                        let target = unit.entry(local).ok()?;
                        return name_by(sup, &unit, units, &target, hops + 1, attrs);
                    }
                }
                return None;
            }
            Ok(Some(AttributeValue::DebugInfoRef(offset))) => {
                let other = units.containing(offset)?;
                let local = offset.to_unit_offset(&other.header)?;
                let target = other.entry(local).ok()?;
                return name_by(dwarf, other, units, &target, hops + 1, attrs);
            }
            _ => {}
        }
    }
    None
}

/// The path of file `index` of a unit's line table.
pub(crate) fn file_path(dwarf: &Dwarf<'_>, unit: &Unit<'_>, index: u32) -> Option<String> {
    let program = unit.line_program.as_ref()?;
    let header = program.header();
    let file = header.file(u64::from(index))?;
    render_file(dwarf, unit, file, header).ok()
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
