//! UUIDv5 (RFC 4122, SHA-1 name-based), as Sentry computes mapping UUIDs.

/// The DNS namespace UUID (`6ba7b810-9dad-11d1-80b4-00c04fd430c8`).
const NAMESPACE_DNS: [u8; 16] = [
    0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
];

/// UUIDv5 of `name` in `namespace`.
pub(crate) fn v5(namespace: &[u8; 16], name: &[u8]) -> [u8; 16] {
    let mut h = sha1_smol::Sha1::new();
    h.update(namespace);
    h.update(name);
    let digest = h.digest().bytes();
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out[6] = (out[6] & 0x0f) | 0x50;
    out[8] = (out[8] & 0x3f) | 0x80;
    out
}

/// Sentry's ProGuard namespace: UUIDv5(DNS, "guardsquare.com").
pub(crate) fn proguard_namespace() -> [u8; 16] {
    v5(&NAMESPACE_DNS, b"guardsquare.com")
}

/// Lowercase hyphenated form.
pub(crate) fn format(u: &[u8; 16]) -> String {
    let mut s = String::with_capacity(36);
    for (i, b) in u.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        s.push(char::from(b"0123456789abcdef"[usize::from(b & 0xf)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_example() {
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
        assert_eq!(
            format(&v5(&NAMESPACE_DNS, b"python.org")),
            "886313e1-3b8a-5372-9b90-0c9aee199e5d"
        );
    }
}
