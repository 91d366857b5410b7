//! ProGuard/R8 mapping files from arbitrary bytes (a stack trace after the
//! first NUL): parsing, retracing text and structured stacks never panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    crashprint::fuzz_support::exercise_proguard(data);
});
