//! Identifiers that payloads and symbol files share.

/// A UUID as lowercase hyphenated text (`0123abcd-…`), from 32 hex digits
/// with or without hyphens; `None` for anything else. Symbol stores key
/// their catalogues by this form, so an untrusted id can only ever be
/// compared, never become a path.
pub fn uuid(id: &str) -> Option<String> {
    let hex: String = id.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let h = hex.to_ascii_lowercase();
    Some(format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuids() {
        let id = "c96fb926-1E2A-5b1d-8c0a-0123456789ab";
        assert_eq!(
            super::uuid(id).as_deref(),
            Some("c96fb926-1e2a-5b1d-8c0a-0123456789ab")
        );
        assert_eq!(
            super::uuid("c96fb9261e2a5b1d8c0a0123456789ab").as_deref(),
            super::uuid(id).as_deref()
        );
        assert_eq!(super::uuid("../../etc/passwd"), None);
        assert_eq!(super::uuid("c96fb9261e2a5b1d8c0a0123456789abff"), None);
    }
}
