//! Text crash logs from arbitrary bytes: the reader and the grouping of
//! what it reads never panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    crashprint::fuzz_support::exercise_crash_log(data);
});
