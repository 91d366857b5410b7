//! Breakpad `.sym` files from arbitrary bytes, used to walk and name a real
//! dump: parsing, `STACK CFI`/`STACK WIN` evaluation and naming never
//! panic, hang or pass the frame cap.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    crashprint::fuzz_support::exercise_breakpad_sym(data);
});
