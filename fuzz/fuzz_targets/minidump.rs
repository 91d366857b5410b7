//! Minidumps from arbitrary bytes: reading, stack walking (scans, frame
//! pointers) and the event never panic, hang or pass the frame cap.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    crashprint::fuzz_support::exercise_minidump(data);
});
