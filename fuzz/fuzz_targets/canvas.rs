//! The Canvas adapter on arbitrary bytes: never a panic, every answer well-formed.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    crashprint::fuzz_support::exercise(data, Some(crashprint::Format::Canvas));
});
