//! Source maps and minified JavaScript from arbitrary bytes: parsing (regular
//! and index maps), the scope scan and lookups never panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    crashprint::fuzz_support::exercise_sourcemap(data);
});
