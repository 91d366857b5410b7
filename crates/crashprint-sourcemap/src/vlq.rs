//! Base64 VLQ decoding, as `mappings` and Hermes function maps encode
//! their segments: the digit tables, one value ([`vlq`]) and one segment
//! ([`vlq_segment`]).

const BASE64: [i8; 256] = {
    let mut table = [-1i8; 256];
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut i = 0;
    while i < 64 {
        table[alphabet[i] as usize] = i as i8;
        i += 1;
    }
    table
};

/// `BASE64` with the two separators marked: one lookup per byte tells a
/// digit from the end of a segment.
pub(crate) const SEPARATOR: i8 = -2;
pub(crate) const SEGMENT: [i8; 256] = {
    let mut table = BASE64;
    table[b',' as usize] = SEPARATOR;
    table[b';' as usize] = SEPARATOR;
    table
};

/// One base64 VLQ value starting at `at`: (value, next offset). Values must
/// fit in 32 bits (signed); redundant zero continuation digits are allowed.
#[inline]
pub(crate) fn vlq(bytes: &[u8], mut at: usize) -> Result<(i64, usize), &'static str> {
    let mut value: u64 = 0;
    let mut shift = 0u32;
    loop {
        let Some(&b) = bytes.get(at) else {
            return Err("a VLQ value ends without its last digit");
        };
        let digit = BASE64[b as usize];
        if digit < 0 {
            return Err("not a base64 digit");
        }
        at += 1;
        let digit = digit as u64;
        let payload = digit & 31;
        if payload != 0 {
            if shift >= 32 {
                return Err("value over 32 bits");
            }
            value |= payload << shift;
            if value > u64::from(u32::MAX) {
                return Err("value over 32 bits");
            }
        }
        shift = shift.saturating_add(5);
        if digit & 32 == 0 {
            break;
        }
    }
    let negative = value & 1 == 1;
    let magnitude = (value >> 1) as i64;
    let value = if negative { -magnitude } else { magnitude };
    if negative && magnitude == 0 {
        // "-0" stands for -2^31 in some encoders; the spec reads it as 0.
        return Ok((0, at));
    }
    if value > i64::from(i32::MAX) || value < i64::from(i32::MIN) {
        return Err("value over 32 bits");
    }
    Ok((value, at))
}

/// All VLQ values of one segment (for function maps); `None` when malformed.
pub(crate) fn vlq_segment(bytes: &[u8]) -> Option<Vec<i64>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() && out.len() < 8 {
        let (value, next) = vlq(bytes, at).ok()?;
        out.push(value);
        at = next;
    }
    Some(out)
}
