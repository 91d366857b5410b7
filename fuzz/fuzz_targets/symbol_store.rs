//! The symbol store on arbitrary directory trees: files copied from the
//! fixtures whole or damaged, links out of the directory and to devices,
//! FIFOs, sparse files, compressed sections claiming any size. Resolving
//! native, JavaScript and JVM frames through them never panics, never
//! hangs, stays within the budget and never uses a file outside.
#![no_main]
use std::sync::OnceLock;

fn templates() -> &'static [crashprint::fuzz_support::Template] {
    static TEMPLATES: OnceLock<Vec<crashprint::fuzz_support::Template>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let testdata = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata");
        crashprint::fuzz_support::store_templates(&testdata).expect("testdata fixtures")
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    crashprint::fuzz_support::exercise_symbol_store(data, templates());
});
