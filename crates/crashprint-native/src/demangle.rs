//! Readable names from mangled ones: Rust (legacy and v0) and C++ Itanium.

/// Demangles `name` when it is a mangled Rust or C++ symbol; otherwise
/// returns it as is. Rust names lose their hash suffix (`::h0123…`).
///
/// ```
/// use crashprint_native::demangle;
/// assert_eq!(demangle("_ZN4core9panicking5panic17h0c1d2e3f4a5b6c7dE"), "core::panicking::panic");
/// assert_eq!(demangle("_ZN3foo3barEi"), "foo::bar(int)");
/// assert_eq!(demangle("main"), "main");
/// ```
pub fn demangle(name: &str) -> String {
    if let Ok(rust) = rustc_demangle::try_demangle(name) {
        return format!("{rust:#}");
    }
    // Mach-O adds one more leading underscore.
    let itanium = name
        .strip_prefix('_')
        .filter(|n| n.starts_with("_Z"))
        .unwrap_or(name);
    if itanium.starts_with("_Z") {
        if let Ok(symbol) = cpp_demangle::Symbol::new(itanium) {
            let options = cpp_demangle::DemangleOptions::default();
            if let Ok(text) = symbol.demangle(&options) {
                return text;
            }
        }
    }
    name.to_string()
}
