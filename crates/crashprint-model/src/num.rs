//! Integers sent as text: decimal or `0x` hex strings, as real clients send
//! addresses and line numbers. Shared by the readers and the event model's
//! own (de)serialization of addresses.

/// Parses an unsigned integer sent as a number or a string: decimal, `0x` hex,
/// surrounding whitespace allowed. `None` when it is neither.
pub fn parse_u64(s: &str) -> Option<u64> {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        if hex.is_empty() || hex.len() > 16 {
            return None;
        }
        return u64::from_str_radix(hex, 16).ok();
    }
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses a signed integer sent as a number or a decimal string.
pub fn parse_i64(s: &str) -> Option<i64> {
    let s = s.trim();
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}
