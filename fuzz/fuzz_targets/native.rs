//! Object files and DWARF from arbitrary bytes: indexing and lookups never
//! panic, and a declared decompressed size over the cap is an error.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // 64 MiB: enough for any seed, small enough that a bomb is refused.
    if let Ok(index) = crashprint::native::ModuleIndex::parse(data.to_vec(), 64 << 20) {
        let probe: Vec<u64> = (0..64u64).map(|i| 0x1000 + i * 0x41).collect();
        for frames in index.lookup_many(&probe) {
            for f in frames {
                let _ = (f.function, f.file, f.line);
            }
        }
        let _ = index.lookup(u64::MAX);
    }
});
