//! Object files and DWARF from arbitrary bytes: indexing, lookups and the
//! flat address table never panic, the flat table answers as the lazy path
//! does, and a declared decompressed size over the cap is an error.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    crashprint::fuzz_support::exercise_native(data);
});
