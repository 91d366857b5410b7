//! Counts in list streams checked against the bytes the stream really has,
//! before the `minidump` crate reads them: some of its readers reserve
//! memory for the count a dump claims (the handle data stream's
//! `NumberOfDescriptors` of 2³² made it ask for 30 GB, found by the
//! `minidump` fuzz target).

use crate::MinidumpError;

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(
        b.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
}

/// A counted stream's fixed layout: (header size, entry size); `None`
/// when the stream's own header gives them (`SizeOfHeader`, `SizeOfEntry`
/// at offsets 0 and 4, the count at 8).
type Layout = Option<(usize, u64)>;

/// Stream types whose data is a count and that many entries: (type, name,
/// layout). A 16-byte fixed header holds a 64-bit count.
const COUNTED: &[(u32, &str, Layout)] = &[
    (3, "thread list", Some((4, 48))),
    (4, "module list", Some((4, 108))),
    (5, "memory list", Some((4, 16))),
    (9, "memory64 list", Some((16, 16))),
    (12, "handle data", None),
    (14, "unloaded module list", None),
    (16, "memory info list", None),
    (24, "thread names", Some((4, 12))),
];

/// Checks every counted stream of `bytes` (a dump whose header the caller
/// may not have validated): a count whose entries do not fit the stream's
/// bytes is an error naming the stream.
pub(crate) fn check(bytes: &[u8]) -> Result<(), MinidumpError> {
    let (Some(count), Some(dir)) = (u32_at(bytes, 8), u32_at(bytes, 12)) else {
        return Ok(()); // The reader says what is wrong with the header.
    };
    let dir = dir as usize;
    // Never more entries than the file has room for.
    let room = bytes.len().saturating_sub(dir) / 12;
    for i in 0..(count as usize).min(room) {
        let at = dir + i * 12;
        let (Some(kind), Some(size), Some(rva)) = (
            u32_at(bytes, at),
            u32_at(bytes, at + 4),
            u32_at(bytes, at + 8),
        ) else {
            break;
        };
        let Some(&(_, name, fixed)) = COUNTED.iter().find(|c| c.0 == kind) else {
            continue;
        };
        let (rva, size) = (rva as usize, u64::from(size));
        let (claimed, header, entry) = match fixed {
            Some((header, entry)) => {
                let claimed = if header == 16 {
                    u64_at(bytes, rva)
                } else {
                    u32_at(bytes, rva).map(u64::from)
                };
                (claimed, header as u64, entry)
            }
            None => {
                // SizeOfHeader, SizeOfEntry, then the count (u32, or u64
                // for the memory info list).
                let header = u32_at(bytes, rva).map(u64::from);
                let entry = u32_at(bytes, rva + 4).map(u64::from);
                let claimed = if kind == 16 {
                    u64_at(bytes, rva + 8)
                } else {
                    u32_at(bytes, rva + 8).map(u64::from)
                };
                // An entry size below the format's own struct (0 makes any
                // count "fit") is treated as that struct's size.
                let least = match kind {
                    12 => 32, // MINIDUMP_HANDLE_DESCRIPTOR
                    14 => 24, // MINIDUMP_UNLOADED_MODULE
                    _ => 48,  // MINIDUMP_MEMORY_INFO
                };
                match (header, entry) {
                    (Some(h), Some(e)) => (claimed, h, e.max(least)),
                    _ => continue,
                }
            }
        };
        let Some(claimed) = claimed else { continue };
        let needed = claimed
            .checked_mul(entry)
            .and_then(|n| n.checked_add(header));
        if needed.is_none_or(|n| n > size) {
            return Err(MinidumpError::Corrupt {
                stream: name,
                why: format!(
                    "it claims {claimed} entries of {entry} bytes after a {header}-byte header, \
                     but holds {size} bytes (stream at offset {rva})"
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_oversized_handle_count_is_refused() {
        // Header: MDMP, version, one stream, directory at 32.
        let mut b = b"MDMP\x93\xa7\0\0".to_vec();
        b.extend(1u32.to_le_bytes());
        b.extend(32u32.to_le_bytes());
        b.resize(32, 0);
        // Handle data stream (12): 16 bytes at 44.
        b.extend(12u32.to_le_bytes());
        b.extend(16u32.to_le_bytes());
        b.extend(44u32.to_le_bytes());
        b.extend(16u32.to_le_bytes()); // SizeOfHeader
        b.extend(24u32.to_le_bytes()); // SizeOfDescriptor
        b.extend(u32::MAX.to_le_bytes()); // NumberOfDescriptors
        b.extend(0u32.to_le_bytes());
        let err = check(&b).expect_err("refused");
        assert!(err.to_string().contains("handle data"), "{err}");
        // A descriptor size of 0 does not let any count fit.
        b[48..52].copy_from_slice(&0u32.to_le_bytes());
        b[52..56].copy_from_slice(&1000u32.to_le_bytes());
        assert!(check(&b).is_err());
    }
}
