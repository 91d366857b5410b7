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

/// `name` demangled the way Mozilla's `dump_syms` writes names into
/// Breakpad symbol files: Rust names without their hash, C++ names without
/// return types (`std::this_thread::sleep_for<…>(…)`, not `void std::…`).
/// For output that must agree with Breakpad-based processors.
pub fn demangle_breakpad(name: &str) -> String {
    let itanium = name
        .strip_prefix('_')
        .filter(|n| n.starts_with("_Z"))
        .unwrap_or(name);
    if itanium.starts_with("_Z") && rustc_demangle::try_demangle(name).is_err() {
        if let Ok(symbol) = cpp_demangle::Symbol::new(itanium) {
            let options = cpp_demangle::DemangleOptions::new().no_return_type();
            if let Ok(text) = symbol.demangle(&options) {
                return text;
            }
        }
    }
    demangle(name)
}

/// Whether `name` is a mangled (C++ Itanium or Rust) name.
pub fn is_mangled(name: &str) -> bool {
    name.starts_with("_Z") || name.starts_with("__Z") || name.starts_with("_R")
}
