//! Debug ids as source maps, minified files and payloads give them,
//! normalized to the form the store keys its catalogue by.

/// Lowercase hyphenated UUID from a debug id as sent (hyphens optional,
/// an appendix after the UUID ignored); `None` unless it is hex.
pub(crate) fn normalize_debug_id(id: &str) -> Option<String> {
    let hex: String = id.chars().filter(|c| *c != '-').take(32).collect();
    crashprint_model::ids::uuid(&hex)
}
