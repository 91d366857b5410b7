//! Format detection plus whichever adapter it picks, on arbitrary bytes.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    crashprint::fuzz_support::exercise(data, None);
});
